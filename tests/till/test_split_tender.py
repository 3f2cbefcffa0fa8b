"""Split tender: part QRIS/transfer, the rest cash; change only ever from cash."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import Payment, Sale
from bazaar_pos.errors import (
    InvalidAmount,
    NonCashOverTotal,
    PaymentShort,
    TenderTooLow,
    TooManyCashPayments,
    UnknownPaymentMethod,
)
from bazaar_pos.settings import load_settings
from bazaar_pos.till.sales import (
    PaymentRequest,
    PaymentResult,
    SaleLineRequest,
    SaleResult,
    commit_sale,
    receipt_for,
    settle_payments,
)
from tests.conftest import Staff

TALENAN = "2003000000030"  # Rp 45.000
LUKISAN = "BPN-PYR-001"  # Rp 150.000


def ring_up(
    db: Database,
    payment: PaymentRequest | list[PaymentRequest],
    *items: tuple[str, int],
    cashier: object = "Siti",
) -> SaleResult:
    lines = []
    for code, quantity in items or ((TALENAN, 2),):
        product = find_by_code(db, code)
        lines.append(SaleLineRequest(product.id, quantity, product.price))
    return commit_sale(
        db,
        lines,
        payment,
        cashier=cashier,  # type: ignore[arg-type]
        till_code="BPN1",
        event_id=load_settings(db).current_event_id,
    )


def stored_payments(db: Database, receipt_no: str) -> list[tuple[str, int, int, int, str]]:
    with db.read() as session:
        return [
            (p.method, p.amount, p.tendered, p.change, p.reference)
            for p in session.scalars(
                select(Payment)
                .join(Sale, Payment.sale_id == Sale.id)
                .where(Sale.receipt_no == receipt_no)
                .order_by(Payment.id)
            )
        ]


def payment_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Payment)) or 0


# ----------------------------------------------------------------------- settle_payments


def test_qris_part_and_cash_rest_with_change() -> None:
    parts = settle_payments(
        90_000,
        [
            PaymentRequest("qris", amount=30_000, reference=" QR-1 "),
            PaymentRequest("cash", tendered=100_000),
        ],
    )
    assert parts == (
        PaymentResult("cash", 60_000, 100_000, 40_000, ""),
        PaymentResult("qris", 30_000, 30_000, 0, "QR-1"),
    )
    assert sum(part.amount for part in parts) == 90_000


def test_cash_without_amount_is_the_exact_rest() -> None:
    parts = settle_payments(
        90_000, [PaymentRequest("cash"), PaymentRequest("transfer", amount=50_000)]
    )
    assert parts == (
        PaymentResult("cash", 40_000, 40_000, 0, ""),
        PaymentResult("transfer", 50_000, 50_000, 0, ""),
    )


def test_non_cash_without_amount_takes_all_that_is_left() -> None:
    parts = settle_payments(
        90_000, [PaymentRequest("qris", amount=10_000), PaymentRequest("transfer")]
    )
    assert [(p.method, p.amount) for p in parts] == [("qris", 10_000), ("transfer", 80_000)]


def test_non_cash_over_the_total_is_refused() -> None:
    with pytest.raises(NonCashOverTotal) as caught:
        settle_payments(
            90_000,
            [PaymentRequest("qris", amount=60_000), PaymentRequest("transfer", amount=40_000)],
        )
    assert (caught.value.total, caught.value.non_cash) == (90_000, 100_000)
    with pytest.raises(NonCashOverTotal):
        settle_payments(90_000, PaymentRequest("qris", amount=90_001))


def test_cash_rest_below_what_is_left_is_refused() -> None:
    with pytest.raises(TenderTooLow) as caught:
        settle_payments(
            90_000, [PaymentRequest("qris", amount=30_000), PaymentRequest("cash", tendered=50_000)]
        )
    # The amount due in cash, not the whole total: that is what the cashier must collect.
    assert (caught.value.total, caught.value.tendered) == (60_000, 50_000)


def test_non_cash_short_of_the_total_without_cash_is_refused() -> None:
    with pytest.raises(PaymentShort) as caught:
        settle_payments(90_000, [PaymentRequest("qris", amount=30_000)])
    assert (caught.value.total, caught.value.paid) == (90_000, 30_000)


def test_two_cash_parts_are_refused() -> None:
    with pytest.raises(TooManyCashPayments):
        settle_payments(90_000, [PaymentRequest("cash"), PaymentRequest("cash")])


@pytest.mark.parametrize("amount", [0, -5_000])
def test_a_non_cash_part_of_nothing_is_refused(amount: int) -> None:
    with pytest.raises(InvalidAmount):
        settle_payments(90_000, [PaymentRequest("qris", amount=amount), PaymentRequest("cash")])


def test_unknown_method_in_a_split() -> None:
    with pytest.raises(UnknownPaymentMethod) as caught:
        settle_payments(90_000, [PaymentRequest("qris", amount=1), PaymentRequest("kartu")])
    assert caught.value.method == "kartu"


def test_a_sale_of_nothing_takes_no_payment() -> None:
    assert settle_payments(0, PaymentRequest("cash", tendered=50_000)) == ()
    assert settle_payments(0, []) == ()


# ----------------------------------------------------------------------------- commit_sale


def test_split_pays_exactly_the_total(db: Database) -> None:
    result = ring_up(
        db,
        [
            PaymentRequest("qris", amount=100_000, reference="QR-62-0042"),
            PaymentRequest("cash", tendered=150_000),
        ],
        (LUKISAN, 1),
        (TALENAN, 2),
    )
    assert result.total == 240_000
    assert result.method == "cash+qris"
    assert result.payments == (
        PaymentResult("cash", 140_000, 150_000, 10_000, ""),
        PaymentResult("qris", 100_000, 100_000, 0, "QR-62-0042"),
    )
    assert (result.tendered, result.change) == (250_000, 10_000)
    rows = stored_payments(db, result.receipt_no)
    assert rows == [
        ("cash", 140_000, 150_000, 10_000, ""),
        ("qris", 100_000, 100_000, 0, "QR-62-0042"),
    ]
    # What the drawer gained is tendered − change of the cash part, never more.
    assert sum(amount for _, amount, _, _, _ in rows) == result.total
    receipt = receipt_for(db, result.receipt_no, actor=None)
    assert [(p.method, p.amount, p.tendered, p.change) for p in receipt.payments] == [
        ("cash", 140_000, 150_000, 10_000),
        ("qris", 100_000, 100_000, 0),
    ]
    assert (receipt.method, receipt.change, receipt.reference) == (
        "cash+qris",
        10_000,
        "QR-62-0042",
    )


def test_refused_split_writes_nothing(db: Database) -> None:
    before = payment_count(db)
    with pytest.raises(NonCashOverTotal):
        ring_up(db, [PaymentRequest("qris", amount=90_001), PaymentRequest("cash")])
    with pytest.raises(TenderTooLow):
        ring_up(db, [PaymentRequest("qris", amount=10_000), PaymentRequest("cash", 70_000)])
    assert payment_count(db) == before
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 0


def test_split_with_a_logged_in_cashier(db: Database, staff: Staff, shift: int) -> None:
    result = ring_up(
        db,
        [PaymentRequest("transfer", amount=50_000, reference="TRX-9"), PaymentRequest("cash")],
        cashier=staff.cashier,
    )
    assert result.payments == (
        PaymentResult("cash", 40_000, 40_000, 0, ""),
        PaymentResult("transfer", 50_000, 50_000, 0, "TRX-9"),
    )
    with db.read() as session:
        sale = session.scalars(select(Sale).where(Sale.receipt_no == result.receipt_no)).one()
        assert (sale.shift_id, sale.cashier_user_id, sale.cashier) == (
            shift,
            staff.cashier.user_id,
            "Siti Aminah",
        )
