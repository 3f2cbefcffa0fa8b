"""Shifts and the cash drawer: float by denomination, expected cash (change subtracted),
paid-in/out, X report that changes nothing, Z report numbered once per till."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.journal import own_till_id
from bazaar_pos.db.models import (
    CashCountLine,
    CashMovementKind,
    Payment,
    Refund,
    Role,
    Sale,
    SaleLine,
    Shift,
    ShiftStatus,
    User,
)
from bazaar_pos.people.access import Action, Actor, NotPermitted
from bazaar_pos.people.audit import AuditAction, list_audit
from bazaar_pos.people.shifts import (
    DENOMINATIONS,
    Denomination,
    InvalidCashCount,
    InvalidCashMovement,
    NoOpenShift,
    ShiftAlreadyClosed,
    ShiftAlreadyOpen,
    ShiftNotFound,
    ShiftReport,
    cash_total,
    close_shift,
    current_shift,
    get_shift,
    list_shifts,
    open_shift,
    record_cash_movement,
    record_x_report,
    shift_report,
)
from bazaar_pos.people.users import hash_pin, login
from bazaar_pos.settings import load_settings
from tests.conftest import Staff

TALENAN = "2003000000030"  # Rp 45.000
BESEK = "2002000000019"  # Rp 125
T0 = dt.datetime(2025, 4, 27, 1, 0, tzinfo=dt.UTC)


# --- helpers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pay:
    method: str
    amount: int  # what it settles of the sale
    tendered: int | None = None  # cash: what the customer handed over

    @property
    def change(self) -> int:
        return (self.tendered - self.amount) if self.tendered is not None else 0


_receipts = iter(range(1, 10_000))


def ring(
    db: Database,
    shift_id: int,
    payments: Sequence[Pay],
    *,
    code: str = TALENAN,
    quantity: int = 1,
    unit_price: int | None = None,
    line_discount: int = 0,
    cashier: str = "Siti Aminah",
) -> int:
    """A sale on the shift, written as sales.commit_sale writes it (Payment.amount is what the
    payment settled, tendered - change)."""
    product = find_by_code(db, code)
    price = product.price if unit_price is None else unit_price
    total = quantity * price - line_discount
    assert sum(p.amount for p in payments) == total
    number = next(_receipts) + 5000
    institution_id = _institution_of(db, product.id)
    with db.write() as session:
        till = session.scalar(select(Shift.till_code).where(Shift.id == shift_id))
        assert till is not None
        sale = Sale(
            uuid=str(uuid.uuid4()),
            till_code=till,
            receipt_number=number,
            receipt_no=f"{till}-{number:06d}",
            event_id=load_settings(db).current_event_id,
            cashier=cashier,
            created_at=dt.datetime.now(dt.UTC),
            total=total,
            shift_id=shift_id,
            subtotal=total,
            discount=0,
        )
        session.add(sale)
        session.flush()
        session.add(
            SaleLine(
                sale_id=sale.id,
                line_no=1,
                product_id=product.id,
                sku=product.sku,
                product_name=product.name,
                unit_price=price,
                quantity=quantity,
                line_total=total,
                list_price=product.price,
                line_discount=line_discount,
                institution_id=institution_id,
            )
        )
        for pay in payments:
            session.add(
                Payment(
                    sale_id=sale.id,
                    method=pay.method,
                    amount=pay.amount,
                    tendered=pay.tendered if pay.tendered is not None else pay.amount,
                    change=pay.change,
                )
            )
        return sale.id


def _institution_of(db: Database, product_id: int) -> int:
    from bazaar_pos.db.models import Product

    with db.read() as session:
        value = session.scalar(select(Product.institution_id).where(Product.id == product_id))
        assert value is not None
        return value


_refunds = iter(range(1, 10_000))


def refund(db: Database, shift_id: int, sale_id: int, method: str, amount: int) -> None:
    """A refund row as refunds.py writes it (only the figures the shift report reads)."""
    number = next(_refunds)
    with db.write() as session:
        session.add(
            Refund(
                uuid=str(uuid.uuid4()),
                request_key=str(uuid.uuid4()),
                till_code="BPN1",
                number=number,
                refund_no=f"BPN1-R{number:06d}",
                sale_id=sale_id,
                shift_id=shift_id,
                created_at=dt.datetime.now(dt.UTC),
                cashier="Siti Aminah",
                method=method,
                amount=amount,
            )
        )


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: equal dumps mean nothing changed."""
    from tests.sync.support import dump as dump_tables

    return dump_tables(db)


def event_id(db: Database) -> int | None:
    return load_settings(db).current_event_id


def add_cashier(db: Database, username: str, full_name: str) -> Actor:
    with db.write() as session:
        user = User(
            uuid=str(uuid.uuid4()),
            username=username,
            full_name=full_name,
            role=Role.CASHIER.value,
            pin_hash=hash_pin("3333"),
            active=True,
            created_at=dt.datetime.now(dt.UTC),
            failed_attempts=0,
            lockouts=0,
        )
        session.add(user)
    return login(db, username, "3333", till_code="BPN1")


# --- denominations ---------------------------------------------------------------------------


def test_denominations_are_bank_indonesias_current_issue() -> None:
    assert [(d.value, d.form) for d in DENOMINATIONS] == [
        (100_000, "note"),
        (50_000, "note"),
        (20_000, "note"),
        (10_000, "note"),
        (5_000, "note"),
        (2_000, "note"),
        (1_000, "note"),
        (1_000, "coin"),
        (500, "coin"),
        (200, "coin"),
        (100, "coin"),
    ]
    assert Denomination(1_000, "note").key == "note_1000"
    assert Denomination(1_000, "coin").key == "coin_1000"
    assert len({d.key for d in DENOMINATIONS}) == 11


def test_cash_total_counts_note_and_coin_of_1000_both() -> None:
    counts = {"note_100000": 2, "note_1000": 3, "coin_1000": 4, "coin_500": 1, "coin_100": 7}
    assert cash_total(counts) == 200_000 + 3_000 + 4_000 + 500 + 700
    assert cash_total({}) == 0
    assert cash_total({"note_50000": 0}) == 0


@pytest.mark.parametrize(
    ("counts", "reason", "named"),
    [
        ({"note_75000": 1}, "unknown_denomination", "note_75000"),
        ({"coin_2000": 1}, "unknown_denomination", "coin_2000"),
        ({"note_20000": -1}, "negative", "Rp 20.000 notes"),
        ({"coin_500": 1.5}, "not_integer", "Rp 500 coins"),
        ({"coin_500": "3"}, "not_integer", "Rp 500 coins"),
        ({"note_1000": True}, "not_integer", "Rp 1.000 notes"),
        ({"coin_100": 100_000}, "too_large", "Rp 100 coins"),
    ],
)
def test_cash_total_refuses_bad_counts_naming_the_denomination(
    counts: dict[str, object], reason: str, named: str
) -> None:
    with pytest.raises(InvalidCashCount) as caught:
        cash_total(counts)  # type: ignore[arg-type]
    assert caught.value.reason == reason
    assert named in str(caught.value)


# --- opening ---------------------------------------------------------------------------------


def test_open_shift_counts_the_float_by_denomination(db: Database, staff: Staff) -> None:
    info = open_shift(
        db,
        staff.cashier,
        till_code="BPN1",
        event_id=event_id(db),
        float_counts={"note_50000": 2, "note_1000": 10, "coin_1000": 5, "coin_500": 10},
        now=T0,
    )
    assert info.opening_float == 100_000 + 10_000 + 5_000 + 5_000
    assert info.status == ShiftStatus.OPEN
    assert info.opened_by == "Siti Aminah"
    assert info.opened_at == T0
    assert info.z_number is None and info.closed_at is None
    assert current_shift(db, "BPN1") == info
    assert current_shift(db, "BPN2") is None

    with db.read() as session:
        lines = session.scalars(
            select(CashCountLine).where(CashCountLine.shift_id == info.shift_id)
        ).all()
    assert sorted(
        (line.purpose, line.form, line.denomination, line.quantity) for line in lines
    ) == [
        ("opening", "coin", 500, 10),
        ("opening", "coin", 1000, 5),
        ("opening", "note", 1000, 10),
        ("opening", "note", 50000, 2),
    ]
    [entry] = list_audit(db, actions=[AuditAction.SHIFT_OPENED])
    assert entry.amount == 120_000
    assert entry.user_name == "Siti Aminah"
    assert entry.till_code == "BPN1"
    report = shift_report(db, staff.supervisor, info.shift_id)
    assert [(c.denomination.key, c.quantity, c.subtotal) for c in report.opening_counts] == [
        ("note_50000", 2, 100_000),
        ("note_1000", 10, 10_000),
        ("coin_1000", 5, 5_000),
        ("coin_500", 10, 5_000),
    ]


def test_one_open_shift_per_till(db: Database, staff: Staff, shift: int) -> None:
    with pytest.raises(ShiftAlreadyOpen) as caught:
        open_shift(
            db, staff.supervisor, till_code="BPN1", event_id=None, float_counts={"note_1000": 1}
        )
    assert caught.value.opened_by == "Siti Aminah"
    assert caught.value.shift_id == shift
    other = open_shift(db, staff.supervisor, till_code="BPN2", event_id=None, float_counts={})
    assert other.opening_float == 0
    assert [s.till_code for s in list_shifts(db, staff.supervisor)] == ["BPN2", "BPN1"]
    assert [s.shift_id for s in list_shifts(db, staff.supervisor, "BPN1")] == [shift]

    # The database refuses it too (partial unique index), whatever code writes the row.
    with pytest.raises(IntegrityError), db.write() as session:
        session.add(
            Shift(
                uuid=str(uuid.uuid4()),
                till_code="BPN1",
                till_id=own_till_id(session),  # the same device: the same drawer
                status="open",
                opened_at=T0,
                opened_by_id=staff.admin.user_id,
                opening_float=0,
                note="",
            )
        )


def test_bad_float_opens_nothing(db: Database, staff: Staff) -> None:
    with pytest.raises(InvalidCashCount):
        open_shift(db, staff.cashier, till_code="BPN1", event_id=None, float_counts={"x": 1})
    assert current_shift(db, "BPN1") is None
    assert list_audit(db, actions=[AuditAction.SHIFT_OPENED]) == []


# --- expected cash ---------------------------------------------------------------------------


def test_change_given_is_subtracted_from_expected_cash(
    db: Database, staff: Staff, shift: int
) -> None:
    # Talenan Rp 45.000 paid with a Rp 100.000 note: Rp 55.000 change goes back out.
    ring(db, shift, [Pay("cash", 45_000, tendered=100_000)])
    report = shift_report(db, staff.supervisor, shift)
    assert report.opening_float == 200_000
    assert report.cash_sales == 45_000
    assert report.expected_cash == 245_000  # not 300.000
    assert report.method("cash") == report.methods[0]
    assert (report.methods[0].method, report.methods[0].sales) == ("cash", 45_000)


def test_non_cash_is_totalled_separately(db: Database, staff: Staff, shift: int) -> None:
    ring(db, shift, [Pay("cash", 45_000, tendered=50_000)])
    ring(db, shift, [Pay("qris", 45_000)])
    ring(db, shift, [Pay("transfer", 90_000)], quantity=2)
    # Split tender: Rp 30.000 by QRIS, the rest cash with change from a Rp 20.000 note.
    ring(db, shift, [Pay("qris", 30_000), Pay("cash", 15_000, tendered=20_000)])
    report = shift_report(db, staff.supervisor, shift)
    assert [(m.method, m.sales, m.refunds, m.net) for m in report.methods] == [
        ("cash", 60_000, 0, 60_000),
        ("qris", 75_000, 0, 75_000),
        ("transfer", 90_000, 0, 90_000),
    ]
    assert report.sale_count == 4
    assert report.sales_total == 225_000
    assert report.cash_sales == 60_000
    assert report.expected_cash == 260_000


def test_refunds_by_method_and_cash_refunds_leave_the_drawer(
    db: Database, staff: Staff, shift: int
) -> None:
    cash_sale = ring(db, shift, [Pay("cash", 90_000, tendered=100_000)], quantity=2)
    qris_sale = ring(db, shift, [Pay("qris", 45_000)])
    refund(db, shift, cash_sale, "cash", 45_000)
    refund(db, shift, qris_sale, "qris", 45_000)
    report = shift_report(db, staff.supervisor, shift)
    assert [(m.method, m.sales, m.refunds, m.net) for m in report.methods] == [
        ("cash", 90_000, 45_000, 45_000),
        ("qris", 45_000, 45_000, 0),
        ("transfer", 0, 0, 0),
    ]
    assert report.refund_count == 2
    assert report.refunds_total == 90_000
    assert report.net_total == 135_000 - 90_000
    assert report.cash_refunds == 45_000
    assert report.expected_cash == 200_000 + 90_000 - 45_000


def test_discounts_and_gross_sales(db: Database, staff: Staff, shift: int) -> None:
    ring(db, shift, [Pay("cash", 40_000, tendered=40_000)], line_discount=5_000)
    ring(db, shift, [Pay("cash", 200, tendered=500)], code=BESEK, quantity=2, unit_price=100)
    report = shift_report(db, staff.supervisor, shift)
    assert report.gross_sales == 45_000 + 200
    assert report.discounts_total == 5_000
    assert report.sales_total == 40_200
    assert report.event_name == "Bazar HBP ke-62"
    assert report.cashiers == ("Siti Aminah",)


def test_paid_in_and_paid_out_with_reasons(db: Database, staff: Staff, shift: int) -> None:
    ring(db, shift, [Pay("cash", 45_000, tendered=100_000)])
    paid_in = record_cash_movement(
        db,
        staff.supervisor,
        till_code="BPN1",
        kind=CashMovementKind.PAID_IN,
        amount=50_000,
        reason="  tambahan   uang kecil ",
        now=T0,
    )
    assert paid_in.reason == "tambahan uang kecil"
    assert paid_in.user_name == "Bu Ratna (Kasubsi)"
    assert paid_in.signed_amount == 50_000
    out = record_cash_movement(
        db,
        staff.cashier,
        till_code="BPN1",
        kind="paid_out",
        amount=12_500,
        reason="beli kantong plastik",
    )
    assert out.signed_amount == -12_500
    report = shift_report(db, staff.supervisor, shift)
    assert report.paid_in == 50_000
    assert report.paid_out == 12_500
    assert [(m.kind, m.amount, m.reason) for m in report.paid_outs] == [
        ("paid_out", 12_500, "beli kantong plastik")
    ]
    assert [m.reason for m in report.paid_ins] == ["tambahan uang kecil"]
    assert report.expected_cash == 200_000 + 45_000 + 50_000 - 12_500

    [logged_out] = list_audit(db, actions=[AuditAction.PAID_OUT])
    assert (logged_out.amount, logged_out.detail, logged_out.user_name) == (
        12_500,
        "beli kantong plastik",
        "Siti Aminah",
    )
    [logged_in] = list_audit(db, actions=[AuditAction.PAID_IN])
    assert logged_in.amount == 50_000


@pytest.mark.parametrize(
    ("amount", "reason", "refusal"),
    [
        (0, "x", "not_positive"),
        (-5_000, "x", "not_positive"),
        (5_000, "   ", "reason_required"),
        (5_000, "x" * 201, "reason_too_long"),
    ],
)
def test_bad_cash_movements_are_refused(
    db: Database, staff: Staff, shift: int, amount: int, reason: str, refusal: str
) -> None:
    with pytest.raises(InvalidCashMovement) as caught:
        record_cash_movement(
            db, staff.cashier, till_code="BPN1", kind="paid_in", amount=amount, reason=reason
        )
    assert caught.value.reason == refusal
    assert shift_report(db, staff.supervisor, shift).cash_movements == ()


def test_paid_out_cannot_take_more_than_the_drawer_holds(
    db: Database, staff: Staff, shift: int
) -> None:
    ring(db, shift, [Pay("cash", 45_000, tendered=100_000)])
    ring(db, shift, [Pay("qris", 45_000)])  # not in the drawer
    with pytest.raises(InvalidCashMovement) as caught:
        record_cash_movement(
            db, staff.cashier, till_code="BPN1", kind="paid_out", amount=245_001, reason="setor"
        )
    assert caught.value.reason == "exceeds_drawer"
    assert caught.value.available == 245_000
    taken = record_cash_movement(
        db, staff.cashier, till_code="BPN1", kind="paid_out", amount=245_000, reason="setor"
    )
    assert taken.amount == 245_000
    assert shift_report(db, staff.supervisor, shift).expected_cash == 0


def test_cash_movement_needs_an_open_shift(db: Database, staff: Staff) -> None:
    with pytest.raises(NoOpenShift) as caught:
        record_cash_movement(
            db, staff.cashier, till_code="BPN1", kind="paid_in", amount=1_000, reason="x"
        )
    assert caught.value.till_code == "BPN1"


# --- X report --------------------------------------------------------------------------------


def test_x_report_changes_nothing(db: Database, staff: Staff, shift: int) -> None:
    ring(db, shift, [Pay("cash", 45_000, tendered=100_000)])
    record_cash_movement(
        db, staff.cashier, till_code="BPN1", kind="paid_in", amount=10_000, reason="receh"
    )
    before = dump(db)
    first = shift_report(db, staff.supervisor, shift, now=T0)
    second = shift_report(db, staff.supervisor, shift, now=T0)
    assert dump(db) == before
    assert first == second
    assert not first.is_final
    assert first.z_number is None
    assert first.counted_cash is None and first.difference is None
    assert first.expected_cash == 255_000
    assert current_shift(db, "BPN1") is not None


def test_printing_an_x_report_is_only_logged(db: Database, staff: Staff, shift: int) -> None:
    before = shift_report(db, staff.supervisor, shift, now=T0)
    record_x_report(db, staff.cashier, shift)
    [entry] = list_audit(db, actions=[AuditAction.X_REPORT])
    assert entry.amount == 200_000
    assert shift_report(db, staff.supervisor, shift, now=T0) == before


def test_unknown_shift(db: Database, staff: Staff) -> None:
    with pytest.raises(ShiftNotFound):
        shift_report(db, staff.supervisor, 999)
    with pytest.raises(ShiftNotFound):
        close_shift(db, staff.admin, 999, counts={})


# --- Z report --------------------------------------------------------------------------------


def test_close_shift_freezes_the_count_and_the_difference(
    db: Database, staff: Staff, shift: int
) -> None:
    ring(db, shift, [Pay("cash", 45_000, tendered=100_000)])
    record_cash_movement(
        db, staff.cashier, till_code="BPN1", kind="paid_out", amount=2_000, reason="parkir"
    )
    # Expected 243.000; counted 242.500: Rp 500 missing.
    counts = {"note_100000": 2, "note_20000": 2, "note_1000": 1, "coin_1000": 1, "coin_500": 1}
    z = close_shift(db, staff.cashier, shift, counts=counts, note="koin hilang?", now=T0)
    assert isinstance(z, ShiftReport)
    assert z.is_final
    assert z.z_number == 1
    assert z.expected_cash == 243_000
    assert z.counted_cash == 242_500
    assert z.difference == -500
    assert z.note == "koin hilang?"
    assert z.shift.closed_by == "Siti Aminah"
    assert z.shift.closed_at == T0
    assert [(c.denomination.key, c.quantity, c.subtotal) for c in z.counted] == [
        ("note_100000", 2, 200_000),
        ("note_20000", 2, 40_000),
        ("note_1000", 1, 1_000),
        ("coin_1000", 1, 1_000),
        ("coin_500", 1, 500),
    ]
    assert current_shift(db, "BPN1") is None
    assert shift_report(db, staff.supervisor, shift) == z  # the Z report reads back the same

    [count_entry] = list_audit(db, actions=[AuditAction.DRAWER_COUNT])
    assert count_entry.detail == "note_100000=2, note_20000=2, note_1000=1, coin_1000=1, coin_500=1"
    assert count_entry.amount == 242_500
    [closed_entry] = list_audit(db, actions=[AuditAction.SHIFT_CLOSED])
    assert closed_entry.amount == -500
    assert closed_entry.subject == "BPN1 Z 1"

    with pytest.raises(NoOpenShift):
        record_cash_movement(
            db, staff.cashier, till_code="BPN1", kind="paid_in", amount=1_000, reason="x"
        )


def test_z_numbers_count_per_till(db: Database, staff: Staff, shift: int) -> None:
    first = close_shift(db, staff.cashier, shift, counts={"note_100000": 2})
    assert (first.z_number, first.difference) == (1, 0)
    second_shift = open_shift(
        db, staff.cashier, till_code="BPN1", event_id=None, float_counts={"note_50000": 1}
    )
    other_till = open_shift(
        db, staff.supervisor, till_code="BPN2", event_id=None, float_counts={"coin_500": 4}
    )
    assert close_shift(db, staff.supervisor, other_till.shift_id, counts={}).z_number == 1
    second = close_shift(db, staff.cashier, second_shift.shift_id, counts={"note_50000": 1})
    assert second.z_number == 2
    assert [(s.till_code, s.z_number) for s in list_shifts(db, staff.supervisor)] == [
        ("BPN2", 1),
        ("BPN1", 2),
        ("BPN1", 1),
    ]


def test_a_second_z_is_refused_and_changes_nothing(db: Database, staff: Staff, shift: int) -> None:
    close_shift(db, staff.cashier, shift, counts={"note_100000": 2})
    before = dump(db)
    with pytest.raises(ShiftAlreadyClosed) as caught:
        close_shift(db, staff.supervisor, shift, counts={"note_100000": 3})
    assert (caught.value.shift_id, caught.value.z_number) == (shift, 1)
    assert dump(db) == before


def test_two_racing_closes_one_wins(db: Database, staff: Staff, shift: int) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    lock = threading.Lock()

    def close(actor: Actor, counts: dict[str, int]) -> None:
        barrier.wait()
        try:
            result: object = close_shift(db, actor, shift, counts=counts)
        except Exception as error:
            result = error
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=close, args=(staff.cashier, {"note_100000": 2})),
        threading.Thread(target=close, args=(staff.supervisor, {"note_100000": 1})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    reports = [o for o in outcomes if isinstance(o, ShiftReport)]
    refusals = [o for o in outcomes if isinstance(o, ShiftAlreadyClosed)]
    assert len(reports) == 1 and len(refusals) == 1, outcomes
    assert refusals[0].z_number == 1
    with db.read() as session:
        closing_lines = session.scalar(
            select(func.count(CashCountLine.id)).where(CashCountLine.purpose == "closing")
        )
        assert closing_lines == 1
        assert session.scalar(select(func.count(Shift.id)).where(Shift.z_number.isnot(None))) == 1
    assert len(list_audit(db, actions=[AuditAction.SHIFT_CLOSED])) == 1
    assert shift_report(db, staff.supervisor, shift).counted_cash == reports[0].counted_cash


def test_cashier_may_not_close_someone_elses_shift(db: Database, staff: Staff) -> None:
    other = add_cashier(db, "dewi", "Dewi Lestari")
    opened = open_shift(db, other, till_code="BPN1", event_id=None, float_counts={"note_100000": 1})
    with pytest.raises(NotPermitted) as caught:
        close_shift(db, staff.cashier, opened.shift_id, counts={"note_100000": 1})
    assert caught.value.needed == Role.SUPERVISOR
    assert current_shift(db, "BPN1") == opened
    # Her own shift she closes herself, or a supervisor does it for her.
    z = close_shift(db, staff.supervisor, opened.shift_id, counts={"note_100000": 1})
    assert z.shift.closed_by == "Bu Ratna (Kasubsi)"
    assert z.shift.opened_by == "Dewi Lestari"


def test_bad_count_closes_nothing(db: Database, staff: Staff, shift: int) -> None:
    with pytest.raises(InvalidCashCount):
        close_shift(db, staff.cashier, shift, counts={"note_100000": -2})
    info = current_shift(db, "BPN1")
    assert info is not None and info.shift_id == shift


# --- with the real sale and refund services -----------------------------------------------------


def test_sales_rung_up_on_the_shift_show_up(db: Database, staff: Staff, shift: int) -> None:
    from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

    talenan = find_by_code(db, TALENAN)
    commit_sale(
        db,
        [SaleLineRequest(talenan.id, 1, 45_000)],
        PaymentRequest("cash", 100_000),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=event_id(db),
    )
    # Split tender: Rp 30.000 by QRIS, the remaining Rp 15.000 cash from a Rp 20.000 note.
    commit_sale(
        db,
        [SaleLineRequest(talenan.id, 1, 45_000)],
        [PaymentRequest("qris", reference="QR-1", amount=30_000), PaymentRequest("cash", 20_000)],
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=event_id(db),
    )
    report = shift_report(db, staff.supervisor, shift)
    assert report.sale_count == 2
    assert report.sales_total == 90_000
    assert report.cash_sales == 45_000 + 15_000  # change (55.000 and 5.000) already given back
    assert report.method("qris").sales == 30_000
    assert report.expected_cash == 260_000
    assert report.cashiers == ("Siti Aminah",)


def test_a_cash_refund_comes_out_of_the_drawer(db: Database, staff: Staff, shift: int) -> None:
    from bazaar_pos.till.refunds import RefundLineRequest, refund_sale, refundable_sale
    from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

    talenan = find_by_code(db, TALENAN)
    sale = commit_sale(
        db,
        [SaleLineRequest(talenan.id, 2, 45_000)],
        PaymentRequest("cash", 100_000),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=event_id(db),
    )
    [line] = refundable_sale(db, sale.receipt_no, actor=staff.supervisor).lines
    refund_sale(
        db,
        sale.receipt_no,
        [RefundLineRequest(line.sale_line_id, 1)],
        method="cash",
        actor=staff.supervisor,
        till_code="BPN1",
        request_key=str(uuid.uuid4()),
        reason="retak",
    )
    report = shift_report(db, staff.supervisor, shift)
    assert report.cash_sales == 90_000
    assert report.cash_refunds == 45_000
    assert report.method("cash") == report.methods[0]
    assert (report.methods[0].refunds, report.methods[0].net) == (45_000, 45_000)
    assert report.expected_cash == 200_000 + 90_000 - 45_000
    z = close_shift(db, staff.supervisor, shift, counts={"note_100000": 2, "note_5000": 9})
    assert (z.expected_cash, z.counted_cash, z.difference) == (245_000, 245_000, 0)


def test_a_cashier_reads_her_own_shift_and_nobody_else_s(db: Database, staff: Staff) -> None:
    own = open_shift(db, staff.cashier, till_code="BPN1", event_id=None, float_counts={})
    other = add_cashier(db, "dewi", "Dewi Lestari")
    hers = open_shift(db, other, till_code="BPN2", event_id=None, float_counts={})
    assert shift_report(db, staff.cashier, own.shift_id).shift == own
    assert get_shift(db, staff.cashier, own.shift_id) == own
    for refused_call in (
        lambda: shift_report(db, staff.cashier, hers.shift_id),
        lambda: get_shift(db, staff.cashier, hers.shift_id),
        lambda: record_x_report(db, staff.cashier, hers.shift_id),
        lambda: list_shifts(db, staff.cashier),
    ):
        with pytest.raises(NotPermitted) as refused:
            refused_call()
        assert (refused.value.action, refused.value.needed) == (Action.VIEW_SHIFTS, Role.SUPERVISOR)
    assert list_audit(db, actions=[AuditAction.X_REPORT]) == []
    # A supervisor reads every drawer.
    assert shift_report(db, staff.supervisor, hers.shift_id).shift == hers
    assert {s.shift_id for s in list_shifts(db, staff.supervisor)} == {own.shift_id, hers.shift_id}


def test_a_cashier_moves_cash_only_in_her_own_drawer(db: Database, staff: Staff) -> None:
    other = add_cashier(db, "dewi", "Dewi Lestari")
    open_shift(db, other, till_code="BPN2", event_id=None, float_counts={"note_100000": 1})
    with pytest.raises(NotPermitted) as refused:
        record_cash_movement(
            db, staff.cashier, till_code="BPN2", kind="paid_out", amount=50_000, reason="kopi"
        )
    assert (refused.value.action, refused.value.needed) == (Action.VIEW_SHIFTS, Role.SUPERVISOR)
    assert list_audit(db, actions=[AuditAction.PAID_OUT]) == []
    # Her own drawer, and a supervisor on anybody's.
    record_cash_movement(
        db, other, till_code="BPN2", kind="paid_in", amount=20_000, reason="uang kecil"
    )
    record_cash_movement(
        db, staff.supervisor, till_code="BPN2", kind="paid_out", amount=10_000, reason="kantong"
    )
    assert len(list_audit(db, actions=[AuditAction.PAID_IN, AuditAction.PAID_OUT])) == 2
