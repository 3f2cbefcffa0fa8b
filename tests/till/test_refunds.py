"""Refunds against a receipt number: limits, money, approval, stock back, shifts, exactly once."""

from __future__ import annotations

import datetime as dt
import io
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from bazaar_pos.catalog.lookup import ProductInfo, find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    CountKind,
    Institution,
    MovementKind,
    Refund,
    RefundLine,
    Role,
    StockMovement,
)
from bazaar_pos.errors import ReceiptNotFound, UnknownPaymentMethod
from bazaar_pos.papers.refund_slip import render_refund_slip
from bazaar_pos.people import audit, users
from bazaar_pos.people.access import Actor, Approval, ApprovalAction, NotPermitted
from bazaar_pos.people.audit import AuditAction, list_audit
from bazaar_pos.people.shifts import NoOpenShift, shift_report
from bazaar_pos.settings import load_settings
from bazaar_pos.stock.counts import count_sheet, post_count, set_counted, start_count
from bazaar_pos.stock.ledger import stock_on_hand
from bazaar_pos.stock.returns import handover_document, return_proposal, return_to_institution
from bazaar_pos.stock.variance import variance_report
from bazaar_pos.till.refunds import (
    RefundExceedsSold,
    RefundLineRequest,
    RefundNotFound,
    RefundRefused,
    RefundResult,
    get_refund,
    line_refund_amount,
    list_refunds,
    refund_sale,
    refund_subject,
    refundable_sale,
)
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.conftest import Staff

TALENAN = "2003000000030"  # Talenan kayu jati, BLA-KYU-001, Rp 45.000, tracked
BESEK = "2002000000019"  # Besek bambu kecil, Rp 125, tracked
KOPI_HITAM = "2001000000098"  # café drink: no stock


def ring(
    db: Database, staff: Staff, items: Sequence[tuple[str, int]], *, line_discount: int = 0
) -> str:
    """One cash sale on till BPN1 by the cashier; returns its receipt number."""
    requests = []
    for code, quantity in items:
        product = find_by_code(db, code)
        requests.append(
            SaleLineRequest(product.id, quantity, product.price, line_discount=line_discount)
        )
    result = commit_sale(
        db,
        requests,
        PaymentRequest("cash"),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=load_settings(db).current_event_id,
    )
    return result.receipt_no


def approval_by_supervisor(
    db: Database, staff: Staff, requested_by: Actor, receipt_no: str, amount: int
) -> Approval:
    """The supervisor's approval of a refund of ``amount`` against ``receipt_no``."""
    return users.approve(
        db,
        staff.supervisor.username,
        staff.pins[staff.supervisor.username],
        action=ApprovalAction.REFUND,
        subject=refund_subject(receipt_no),
        amount=amount,
        till_code="BPN1",
        requested_by=requested_by,
    )


def refund(
    db: Database,
    receipt_no: str,
    lines: Sequence[tuple[int, int]],
    *,
    actor: Actor,
    method: str = "cash",
    till_code: str = "BPN1",
    key: str | None = None,
    approval: Approval | None = None,
    reason: str = "barang retak",
) -> RefundResult:
    return refund_sale(
        db,
        receipt_no,
        [RefundLineRequest(line_id, quantity) for line_id, quantity in lines],
        method=method,
        actor=actor,
        till_code=till_code,
        request_key=key or str(uuid.uuid4()),
        reason=reason,
        approval=approval,
    )


def line_ids(db: Database, receipt_no: str, staff: Staff) -> list[int]:
    return [
        line.sale_line_id for line in refundable_sale(db, receipt_no, actor=staff.supervisor).lines
    ]


def refund_movements(db: Database) -> list[StockMovement]:
    with db.read() as session:
        return list(
            session.scalars(
                select(StockMovement)
                .where(StockMovement.kind == MovementKind.REFUND.value)
                .order_by(StockMovement.id)
            )
        )


def count_rows(db: Database, table: type[Refund] | type[RefundLine]) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def product(db: Database, code: str) -> ProductInfo:
    return find_by_code(db, code)


# --- looking up the sale -------------------------------------------------------------------------


def test_refundable_sale_is_found_by_a_typed_or_scanned_receipt_number(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2), (KOPI_HITAM, 3)])
    assert receipt_no == "BPN1-000001"

    sale = refundable_sale(db, "  bpn1-000001 \n", actor=staff.supervisor)

    assert sale.receipt_no == "BPN1-000001"
    assert sale.total == 2 * 45_000 + 3 * product(db, KOPI_HITAM).price
    assert sale.cashier == "Siti Aminah"
    assert sale.event_name == "Bazar HBP ke-62"
    assert sale.main_method == "cash"
    assert sale.refunded_total == 0
    talenan, kopi = sale.lines
    assert (talenan.line_no, talenan.sku, talenan.name) == (1, "BLA-KYU-001", "Talenan kayu jati")
    assert (talenan.quantity_sold, talenan.quantity_refunded, talenan.quantity_refundable) == (
        2,
        0,
        2,
    )
    assert (talenan.unit_net, talenan.amount_refundable, talenan.track_stock) == (
        45_000,
        90_000,
        True,
    )
    assert kopi.track_stock is False


def test_unknown_receipt_number_is_refused(db: Database) -> None:
    with pytest.raises(ReceiptNotFound) as caught:
        refundable_sale(db, "bpn1-999999", actor=None)
    assert caught.value.receipt_no == "BPN1-999999"


# --- limits and money ------------------------------------------------------------------------


def test_partial_refund_then_the_rest_then_one_more_is_refused(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 3)])
    (line_id,) = line_ids(db, receipt_no, staff)

    first = refund(db, receipt_no, [(line_id, 1)], actor=staff.supervisor)
    rest = refund(db, receipt_no, [(line_id, 2)], actor=staff.supervisor)

    assert (first.refund_no, first.amount, first.method) == ("BPN1-R000001", 45_000, "cash")
    assert (rest.refund_no, rest.amount) == ("BPN1-R000002", 90_000)
    after = refundable_sale(db, receipt_no, actor=staff.supervisor)
    assert (after.lines[0].quantity_refunded, after.lines[0].quantity_refundable) == (3, 0)
    assert after.refunded_total == 135_000
    assert after.fully_refunded

    with pytest.raises(RefundExceedsSold) as caught:
        refund(db, receipt_no, [(line_id, 1)], actor=staff.supervisor)
    error = caught.value
    assert (error.name, error.sku, error.sold, error.refunded, error.requested) == (
        "Talenan kayu jati",
        "BLA-KYU-001",
        3,
        3,
        1,
    )
    assert error.refundable == 0
    assert count_rows(db, Refund) == 2


def test_more_than_sold_at_once_is_refused_and_writes_nothing(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    (line_id,) = line_ids(db, receipt_no, staff)

    with pytest.raises(RefundExceedsSold) as caught:
        refund(db, receipt_no, [(line_id, 3)], actor=staff.supervisor)

    assert (caught.value.sold, caught.value.refunded, caught.value.requested) == (2, 0, 3)
    assert "Talenan kayu jati" in str(caught.value)
    assert count_rows(db, Refund) == 0
    assert refund_movements(db) == []


def test_a_line_refunded_in_parts_sums_exactly_to_its_net_total(
    db: Database, staff: Staff, shift: int
) -> None:
    # 3 × Rp 45.000 less Rp 10.000: Rp 125.000 for three boards, not divisible by 3.
    receipt_no = ring(db, staff, [(TALENAN, 3)], line_discount=10_000)
    (line,) = refundable_sale(db, receipt_no, actor=staff.supervisor).lines
    assert (line.line_total, line.unit_net) == (125_000, 41_666)

    amounts = [
        refund(db, receipt_no, [(line.sale_line_id, 1)], actor=staff.supervisor).amount
        for _ in range(3)
    ]

    assert amounts == [41_666, 41_666, 41_668]
    assert sum(amounts) == 125_000


def test_line_refund_amount_gives_the_last_units_the_remainder() -> None:
    assert line_refund_amount(100, 3, 0, 0, 1) == 33
    assert line_refund_amount(100, 3, 1, 33, 1) == 33
    assert line_refund_amount(100, 3, 2, 66, 1) == 34
    assert line_refund_amount(100, 3, 0, 0, 2) == 66
    assert line_refund_amount(100, 3, 2, 66, 5) == 34  # never more than what is left
    assert line_refund_amount(200_000, 1600, 0, 0, 1600) == 200_000
    assert line_refund_amount(100, 3, 0, 0, 0) == 0


@pytest.mark.parametrize(
    ("lines", "reason", "expected"),
    [
        ([], "barang retak", "nothing_to_refund"),
        ([(0, 0)], "barang retak", "not_positive"),
        ([(0, -1)], "barang retak", "not_positive"),
        ([(0, 1), (0, 1)], "barang retak", "duplicate_line"),
        ([(0, 1)], "   ", "reason_required"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(
    db: Database,
    staff: Staff,
    shift: int,
    lines: list[tuple[int, int]],
    reason: str,
    expected: str,
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    ids = line_ids(db, receipt_no, staff)

    with pytest.raises(RefundRefused) as caught:
        refund(
            db,
            receipt_no,
            [(ids[index], quantity) for index, quantity in lines],
            actor=staff.supervisor,
            reason=reason,
        )

    assert caught.value.reason == expected
    assert count_rows(db, Refund) == 0


def test_a_line_of_another_sale_is_refused(db: Database, staff: Staff, shift: int) -> None:
    first = ring(db, staff, [(TALENAN, 1)])
    second = ring(db, staff, [(BESEK, 10)])

    with pytest.raises(RefundRefused) as caught:
        refund(db, first, [(line_ids(db, second, staff)[0], 1)], actor=staff.supervisor)

    assert caught.value.reason == "not_in_sale"
    assert count_rows(db, Refund) == 0


def test_unknown_method_is_refused(db: Database, staff: Staff, shift: int) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 1)])
    with pytest.raises(UnknownPaymentMethod):
        refund(
            db,
            receipt_no,
            [(line_ids(db, receipt_no, staff)[0], 1)],
            actor=staff.supervisor,
            method="voucher",
        )


# --- who may refund ------------------------------------------------------------------------------


def test_a_cashier_without_approval_is_refused_and_nothing_is_written(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 1)])
    on_hand = stock_on_hand(db, product(db, TALENAN).id)

    with pytest.raises(NotPermitted) as caught:
        refund(db, receipt_no, [(line_ids(db, receipt_no, staff)[0], 1)], actor=staff.cashier)

    assert (caught.value.action, caught.value.needed, caught.value.user) == (
        "refund",
        Role.SUPERVISOR,
        "kasir",
    )
    assert count_rows(db, Refund) == 0
    assert stock_on_hand(db, product(db, TALENAN).id) == on_hand
    assert list_audit(db, actions=[AuditAction.REFUND]) == []


def test_a_forged_approval_is_refused(db: Database, staff: Staff, shift: int) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 1)])
    forged = Approval(
        grant_uuid=str(uuid.uuid4()),
        action=ApprovalAction.REFUND,
        subject=refund_subject(receipt_no),
        amount=45_000,
        approver_id=staff.supervisor.user_id,
        approver_name="Bu Ratna",
        role=Role.SUPERVISOR,
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5),
    )

    with pytest.raises(NotPermitted):
        refund(
            db,
            receipt_no,
            [(line_ids(db, receipt_no, staff)[0], 1)],
            actor=staff.cashier,
            approval=forged,
        )

    assert count_rows(db, Refund) == 0


def test_a_cashier_with_a_supervisor_approval_refunds_and_the_approver_is_recorded(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    approval = approval_by_supervisor(db, staff, staff.cashier, receipt_no, 45_000)

    result = refund(
        db,
        receipt_no,
        [(line_ids(db, receipt_no, staff)[0], 1)],
        actor=staff.cashier,
        approval=approval,
    )

    assert (result.amount, result.cashier, result.approved_by) == (
        45_000,
        "Siti Aminah",
        "Bu Ratna (Kasubsi)",
    )
    (record,) = list_refunds(db, actor=staff.supervisor)
    assert (record.refund_no, record.receipt_no, record.cashier, record.approved_by) == (
        "BPN1-R000001",
        "BPN1-000001",
        "Siti Aminah",
        "Bu Ratna (Kasubsi)",
    )
    assert (record.reason, record.method, record.shift_id) == ("barang retak", "cash", shift)
    (entry,) = list_audit(db, actions=[AuditAction.REFUND])
    assert entry.subject == "BPN1-R000001 BPN1-000001"
    assert (entry.amount, entry.user_name, entry.approved_by) == (
        45_000,
        "Siti Aminah",
        "Bu Ratna (Kasubsi)",
    )
    assert "BLA-KYU-001 1 × Rp 45.000" in entry.detail
    assert "barang retak" in entry.detail


def test_a_supervisor_refunds_on_their_own_authority(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 1)])
    result = refund(
        db, receipt_no, [(line_ids(db, receipt_no, staff)[0], 1)], actor=staff.supervisor
    )
    assert (result.cashier, result.approved_by) == ("Bu Ratna (Kasubsi)", "Bu Ratna (Kasubsi)")


# --- goods back ----------------------------------------------------------------------------------


def test_goods_come_back_through_one_refund_movement_per_tracked_line(
    db: Database, staff: Staff, shift: int
) -> None:
    talenan, besek = product(db, TALENAN), product(db, BESEK)
    before = stock_on_hand(db, talenan.id), stock_on_hand(db, besek.id)
    receipt_no = ring(db, staff, [(TALENAN, 2), (BESEK, 100)])
    ids = line_ids(db, receipt_no, staff)
    assert stock_on_hand(db, talenan.id) == before[0] - 2

    result = refund(db, receipt_no, [(ids[0], 2), (ids[1], 40)], actor=staff.supervisor)

    assert result.amount == 90_000 + 40 * 125
    assert [(line.sku, line.quantity, line.amount) for line in result.lines] == [
        ("BLA-KYU-001", 2, 90_000),
        ("BNA-BES-001", 40, 5_000),
    ]
    assert stock_on_hand(db, talenan.id) == before[0]
    assert stock_on_hand(db, besek.id) == before[1] - 60
    movements = refund_movements(db)
    event_id = load_settings(db).current_event_id
    assert [(m.product_id, m.quantity, m.event_id, m.recorded_by) for m in movements] == [
        (talenan.id, 2, event_id, "Bu Ratna (Kasubsi)"),
        (besek.id, 40, event_id, "Bu Ratna (Kasubsi)"),
    ]
    with db.read() as session:
        refund_line_ids = list(session.scalars(select(RefundLine.id).order_by(RefundLine.id)).all())
    assert [m.refund_line_id for m in movements] == refund_line_ids


def test_a_cafe_drink_is_refunded_without_a_stock_movement(
    db: Database, staff: Staff, shift: int
) -> None:
    kopi = product(db, KOPI_HITAM)
    receipt_no = ring(db, staff, [(KOPI_HITAM, 2)])

    result = refund(
        db, receipt_no, [(line_ids(db, receipt_no, staff)[0], 1)], actor=staff.supervisor
    )

    assert result.amount == kopi.price
    assert refund_movements(db) == []
    assert count_rows(db, RefundLine) == 1


# --- shifts and numbers ------------------------------------------------------------------------


def test_a_cash_refund_needs_an_open_shift_on_the_till(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    (line_id,) = line_ids(db, receipt_no, staff)

    with pytest.raises(NoOpenShift) as caught:
        refund(db, receipt_no, [(line_id, 1)], actor=staff.supervisor, till_code="BPN2")
    assert caught.value.till_code == "BPN2"
    assert count_rows(db, Refund) == 0

    by_transfer = refund(
        db,
        receipt_no,
        [(line_id, 1)],
        actor=staff.supervisor,
        till_code="BPN2",
        method="transfer",
    )
    in_cash = refund(db, receipt_no, [(line_id, 1)], actor=staff.supervisor)

    records = {
        record.refund_no: record for record in list_refunds(db, receipt_no, actor=staff.supervisor)
    }
    assert by_transfer.refund_no == "BPN2-R000001"
    assert in_cash.refund_no == "BPN1-R000001"
    assert records["BPN2-R000001"].shift_id is None
    assert records["BPN2-R000001"].method == "transfer"
    assert records["BPN1-R000001"].shift_id == shift


def test_a_non_cash_refund_attaches_to_the_open_shift(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 1)])
    refund_sale(
        db,
        receipt_no,
        [RefundLineRequest(line_ids(db, receipt_no, staff)[0], 1)],
        method="qris",
        actor=staff.supervisor,
        till_code="BPN1",
        request_key=str(uuid.uuid4()),
        reason="salah ukuran",
        reference="QR-7781",
    )
    (record,) = list_refunds(db, actor=staff.supervisor)
    assert (record.method, record.reference, record.shift_id) == ("qris", "QR-7781", shift)


def test_a_cash_refund_lowers_the_shift_s_expected_cash(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    (line_id,) = line_ids(db, receipt_no, staff)
    before = shift_report(db, staff.supervisor, shift)
    assert before.expected_cash == 200_000 + 90_000

    refund(db, receipt_no, [(line_id, 1)], actor=staff.supervisor)
    refund(db, receipt_no, [(line_id, 1)], actor=staff.supervisor, method="qris")

    after = shift_report(db, staff.supervisor, shift)
    assert (after.cash_refunds, after.expected_cash) == (45_000, 200_000 + 45_000)
    assert (after.refund_count, after.refunds_total) == (2, 90_000)


def test_the_main_method_of_a_split_payment_is_the_refund_s_default(
    db: Database, staff: Staff, shift: int
) -> None:
    talenan = product(db, TALENAN)
    result = commit_sale(
        db,
        [SaleLineRequest(talenan.id, 2, talenan.price)],
        [PaymentRequest("qris", amount=60_000, reference="QR-1"), PaymentRequest("cash")],
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=load_settings(db).current_event_id,
    )

    sale = refundable_sale(db, result.receipt_no, actor=staff.supervisor)

    assert {(paid.method, paid.amount) for paid in sale.payments} == {
        ("qris", 60_000),
        ("cash", 30_000),
    }
    assert sale.main_method == "qris"


def test_list_refunds_filters_by_receipt_newest_first(
    db: Database, staff: Staff, shift: int
) -> None:
    first = ring(db, staff, [(TALENAN, 2)])
    second = ring(db, staff, [(BESEK, 10)])
    refund(db, first, [(line_ids(db, first, staff)[0], 1)], actor=staff.supervisor)
    refund(db, second, [(line_ids(db, second, staff)[0], 10)], actor=staff.supervisor)
    refund(db, first, [(line_ids(db, first, staff)[0], 1)], actor=staff.supervisor)

    assert [r.refund_no for r in list_refunds(db, actor=staff.supervisor)] == [
        "BPN1-R000003",
        "BPN1-R000002",
        "BPN1-R000001",
    ]
    assert [r.refund_no for r in list_refunds(db, " bpn1-000001", actor=staff.supervisor)] == [
        "BPN1-R000003",
        "BPN1-R000001",
    ]
    assert [r.refund_no for r in list_refunds(db, limit=1, actor=staff.supervisor)] == [
        "BPN1-R000003"
    ]
    assert list_refunds(db, second, actor=staff.supervisor)[0].lines[0].name == "Besek bambu kecil"


# --- exactly once --------------------------------------------------------------------------------


def test_a_second_submit_with_the_same_key_returns_the_first_refund_and_writes_nothing(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    (line_id,) = line_ids(db, receipt_no, staff)
    key = str(uuid.uuid4())

    first = refund(db, receipt_no, [(line_id, 1)], actor=staff.supervisor, key=key)
    again = refund(db, receipt_no, [(line_id, 1)], actor=staff.supervisor, key=key)

    assert first.already_recorded is False
    assert again.already_recorded is True
    assert (again.refund_uuid, again.refund_no, again.amount) == (
        first.refund_uuid,
        "BPN1-R000001",
        45_000,
    )
    assert count_rows(db, Refund) == 1
    assert len(refund_movements(db)) == 1
    assert len(list_audit(db, actions=[AuditAction.REFUND])) == 1
    assert refundable_sale(db, receipt_no, actor=staff.supervisor).lines[0].quantity_refundable == 1


def test_a_new_key_for_goods_already_refunded_fails_the_limit(
    db: Database, staff: Staff, shift: int
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    (line_id,) = line_ids(db, receipt_no, staff)
    refund(db, receipt_no, [(line_id, 2)], actor=staff.supervisor)

    with pytest.raises(RefundExceedsSold):
        refund(db, receipt_no, [(line_id, 2)], actor=staff.supervisor)
    assert count_rows(db, Refund) == 1


def test_a_key_used_for_another_receipt_is_refused(db: Database, staff: Staff, shift: int) -> None:
    first = ring(db, staff, [(TALENAN, 1)])
    second = ring(db, staff, [(TALENAN, 1)])
    key = str(uuid.uuid4())
    refund(db, first, [(line_ids(db, first, staff)[0], 1)], actor=staff.supervisor, key=key)

    with pytest.raises(RefundRefused) as caught:
        refund(db, second, [(line_ids(db, second, staff)[0], 1)], actor=staff.supervisor, key=key)
    assert (caught.value.reason, caught.value.detail) == (
        "key_used_for_other_sale",
        "BPN1-R000001",
    )


@pytest.mark.parametrize("same_key", [True, False], ids=["same key", "different keys"])
def test_two_simultaneous_submits_refund_exactly_once(
    db: Database, staff: Staff, shift: int, same_key: bool
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2), (BESEK, 100), (KOPI_HITAM, 1)])
    whole_sale = [
        (line.sale_line_id, line.quantity_sold)
        for line in refundable_sale(db, receipt_no, actor=staff.supervisor).lines
    ]
    talenan, besek = product(db, TALENAN), product(db, BESEK)
    before = stock_on_hand(db, talenan.id), stock_on_hand(db, besek.id)
    keys = [str(uuid.uuid4())] * 2 if same_key else [str(uuid.uuid4()), str(uuid.uuid4())]
    barrier = threading.Barrier(2)
    outcomes: list[RefundResult | Exception] = []
    lock = threading.Lock()

    def submit(key: str) -> None:
        # Two connections to the same file, as two windows or two tills would have.
        own_db = Database.open(db.url, migrate=False, anonymous_setup=True)
        try:
            barrier.wait()
            outcome: RefundResult | Exception = refund(
                own_db, receipt_no, whole_sale, actor=staff.supervisor, key=key
            )
        except Exception as error:  # collected and asserted below
            outcome = error
        finally:
            own_db.dispose()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=submit, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    results = [outcome for outcome in outcomes if isinstance(outcome, RefundResult)]
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    if same_key:
        assert errors == []
        assert sorted(result.already_recorded for result in results) == [False, True]
        assert len({result.refund_uuid for result in results}) == 1
    else:
        assert len(results) == 1 and results[0].already_recorded is False
        assert len(errors) == 1 and isinstance(errors[0], RefundExceedsSold)
    assert results[0].amount == 2 * 45_000 + 100 * 125 + product(db, KOPI_HITAM).price
    assert count_rows(db, Refund) == 1
    assert len(refund_movements(db)) == 2  # talenan and besek; the coffee has no stock
    assert (stock_on_hand(db, talenan.id), stock_on_hand(db, besek.id)) == (
        before[0] + 2,
        before[1] + 100,
    )
    assert len(audit.list_audit(db, actions=[AuditAction.REFUND])) == 1


# --- money due to the institutions ---------------------------------------------------------------


def test_a_refund_lowers_the_money_due_and_the_sales_value(
    db: Database, staff: Staff, shift: int
) -> None:
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    talenan, kopi = product(db, TALENAN), product(db, KOPI_HITAM)
    with db.read() as session:
        blora, balikpapan = (
            session.scalar(select(Institution.id).where(Institution.code == code))
            for code in ("BLA", "BPN")
        )
    assert blora is not None and balikpapan is not None
    receipt_no = ring(db, staff, [(TALENAN, 3), (KOPI_HITAM, 2)])
    assert return_proposal(db, staff.supervisor, event_id, blora).money_due == 3 * 45_000
    talenan_line, kopi_line = line_ids(db, receipt_no, staff)

    refund(db, receipt_no, [(talenan_line, 1), (kopi_line, 1)], actor=staff.supervisor)

    assert return_proposal(db, staff.supervisor, event_id, blora).money_due == 2 * 45_000
    assert return_proposal(db, staff.supervisor, event_id, balikpapan).money_due == kopi.price
    report = variance_report(db, staff.supervisor, event_id)
    lines = {line.sku: line for line in report.lines}
    board = lines[talenan.sku]
    # The refund movement shows in the 'refunded' column and puts the board back on the books.
    assert (board.sold, board.refunded, board.sales_value) == (3, 1, 90_000)
    assert board.expected == stock_on_hand(db, talenan.id)
    coffee = lines[kopi.sku]
    assert (coffee.sold, coffee.refunded, coffee.sales_value) == (2, 1, kopi.price)
    assert report.totals.sales_value == sum(line.sales_value for line in report.lines)

    closing = start_count(db, staff.supervisor, event_id, CountKind.CLOSING)
    for line in count_sheet(db, staff.supervisor, closing.id).lines:
        set_counted(db, staff.supervisor, closing.id, line.product_id, line.expected)
    post_count(db, staff.supervisor, closing.id)
    document = return_to_institution(db, staff.supervisor, event_id, blora, received_by="Pak Joko")
    assert document.money_due == 90_000
    sold = {line.sku: (line.quantity, line.unit_price, line.value) for line in document.sold}
    assert sold == {talenan.sku: (2, 45_000, 90_000)}
    assert handover_document(db, staff.supervisor, document.handover_id).money_due == 90_000


def test_a_line_refunded_in_full_leaves_the_handover_s_sold_list(
    db: Database, staff: Staff, shift: int
) -> None:
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    refund(db, receipt_no, [(line_ids(db, receipt_no, staff)[0], 2)], actor=staff.supervisor)
    with db.read() as session:
        blora = session.scalar(select(Institution.id).where(Institution.code == "BLA"))
    assert blora is not None
    closing = start_count(db, staff.supervisor, event_id, CountKind.CLOSING)
    for line in count_sheet(db, staff.supervisor, closing.id).lines:
        set_counted(db, staff.supervisor, closing.id, line.product_id, line.expected)
    post_count(db, staff.supervisor, closing.id)

    document = return_to_institution(db, staff.supervisor, event_id, blora, received_by="Pak Joko")

    assert (document.money_due, document.sold, document.sold_units) == (0, (), 0)
    # The two boards came back into stock and go home with the rest (25 arrived).
    returned = {line.sku: line.quantity for line in document.returned}
    assert returned["BLA-KYU-001"] == 25


# --- the slip ---------------------------------------------------------------------------------


def test_get_refund_and_its_slip(db: Database, staff: Staff, shift: int, tmp_path: Path) -> None:
    receipt_no = ring(db, staff, [(BESEK, 1600)])
    refund(db, receipt_no, [(line_ids(db, receipt_no, staff)[0], 600)], actor=staff.supervisor)

    record = get_refund(db, " bpn1-r000001 ", actor=staff.supervisor)
    assert (record.refund_no, record.receipt_no, record.amount) == (
        "BPN1-R000001",
        "BPN1-000001",
        75_000,
    )
    with pytest.raises(RefundNotFound):
        get_refund(db, "BPN1-R000002", actor=staff.supervisor)

    path = tmp_path / "slip.pdf"
    data = render_refund_slip(record, "58mm", path)
    assert path.read_bytes() == data == render_refund_slip(record, "58mm")
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(58 * 72 / 25.4)
    text = page.extract_text()
    for expected in ("BUKTI REFUND", "BPN1-R000001", "Besek bambu kecil", "600 ×", "Rp 75.000"):
        assert expected in text
    assert (
        "REFUND SLIP"
        in PdfReader(io.BytesIO(render_refund_slip(record, "80mm", language="en")))
        .pages[0]
        .extract_text()
    )
