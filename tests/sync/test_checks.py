"""The rules an export's records must follow, as pure functions over their columns."""

from __future__ import annotations

from typing import Any

from bazaar_pos.sync.checks import (
    SoldLine,
    SoldSale,
    check_cash_movements,
    check_refunds,
    check_sales,
    check_users,
)
from bazaar_pos.sync.errors import RefusalReason


def columns(rows: list[dict[str, Any]], names: list[str]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in names}


SALE = ["uuid", "receipt_no", "total", "subtotal", "discount"]
LINE = [
    "uuid",
    "sale_uuid",
    "line_no",
    "quantity",
    "unit_price",
    "line_discount",
    "sale_discount_share",
    "line_total",
]
PAYMENT = ["sale_uuid", "method", "amount", "tendered", "change"]
REFUND = ["uuid", "refund_no", "sale_uuid", "amount"]
REFUND_LINE = ["refund_uuid", "sale_line_uuid", "quantity", "amount"]


def tables(
    sales: list[dict[str, Any]],
    lines: list[dict[str, Any]],
    payments: list[dict[str, Any]],
    refunds: list[dict[str, Any]] | None = None,
    refund_lines: list[dict[str, Any]] | None = None,
) -> dict[str, dict[str, list[Any]]]:
    return {
        "sales": columns(sales, SALE),
        "sale_lines": columns(lines, LINE),
        "payments": columns(payments, PAYMENT),
        "refunds": columns(refunds or [], REFUND),
        "refund_lines": columns(refund_lines or [], REFUND_LINE),
    }


def a_sale(
    total: int = 85_000, subtotal: int = 100_000, discount: int = 15_000
) -> list[dict[str, Any]]:
    return [
        {"uuid": "s1", "receipt_no": "BPN2-000001", "total": total, "subtotal": subtotal}
        | {"discount": discount}
    ]


def its_lines(first_total: int = 76_500) -> list[dict[str, Any]]:
    return [
        {"uuid": "l1", "sale_uuid": "s1", "line_no": 1, "quantity": 2, "unit_price": 45_000}
        | {"line_discount": 0, "sale_discount_share": 13_500, "line_total": first_total},
        {"uuid": "l2", "sale_uuid": "s1", "line_no": 2, "quantity": 1, "unit_price": 10_000}
        | {"line_discount": 0, "sale_discount_share": 1_500, "line_total": 8_500},
    ]


def cash(amount: int = 85_000, tendered: int = 100_000, change: int = 15_000) -> dict[str, Any]:
    return {"sale_uuid": "s1", "method": "cash", "amount": amount, "tendered": tendered} | {
        "change": change
    }


def test_a_sale_that_adds_up_has_no_problem() -> None:
    assert check_sales(tables(a_sale(), its_lines(), [cash()])) == []


def test_a_sale_from_before_discounts_with_subtotal_0_still_adds_up() -> None:
    lines = [
        {"uuid": "l1", "sale_uuid": "s1", "line_no": 1, "quantity": 2, "unit_price": 500}
        | {"line_discount": 0, "sale_discount_share": 0, "line_total": 1_000}
    ]
    sale = a_sale(total=1_000, subtotal=0, discount=0)
    assert check_sales(tables(sale, lines, [cash(1_000, 1_000, 0)])) == []


def test_a_sale_of_rp_0_takes_no_payment() -> None:
    lines = [
        {"uuid": "l1", "sale_uuid": "s1", "line_no": 1, "quantity": 1, "unit_price": 500}
        | {"line_discount": 0, "sale_discount_share": 500, "line_total": 0}
    ]
    assert check_sales(tables(a_sale(0, 500, 500), lines, [])) == []


def test_each_broken_figure_is_named_with_its_file_line_and_record() -> None:
    found = check_sales(tables(a_sale(total=1_000), its_lines(), [cash()]))
    assert [(p.reason, p.file_name, p.line, p.record) for p in found] == [
        (RefusalReason.SALE_TOTAL_LINES, "sales.csv", 2, "BPN2-000001")
    ]
    found = check_sales(tables(a_sale(), its_lines(first_total=66_500), [cash()]))
    assert [(p.reason, p.file_name, p.line, p.record) for p in found] == [
        (RefusalReason.LINE_TOTAL, "sale_lines.csv", 2, "BPN2-000001 line 1"),
        (RefusalReason.SALE_TOTAL_LINES, "sales.csv", 2, "BPN2-000001"),
    ]
    found = check_sales(tables(a_sale(discount=120_000), its_lines(), [cash()]))
    assert found[0].reason is RefusalReason.SALE_DISCOUNT
    found = check_sales(tables(a_sale(subtotal=90_000), its_lines(), [cash()]))
    assert found[0].reason is RefusalReason.SALE_SUBTOTAL
    found = check_sales(tables(a_sale(), its_lines(), [cash(85_000, 100_000, 5_000)]))
    assert [(p.reason, p.file_name, p.line) for p in found] == [
        (RefusalReason.PAYMENT_CHANGE, "payments.csv", 2)
    ]
    qris = cash(85_000, 100_000, 15_000) | {"method": "qris"}  # change from a QRIS payment
    found = check_sales(tables(a_sale(), its_lines(), [qris]))
    assert [(p.reason, p.record) for p in found] == [
        (RefusalReason.PAYMENT_CHANGE, "BPN2-000001 qris")
    ]


def test_refunds_count_what_was_refunded_here_before() -> None:
    """A sale of an earlier export, 1 of 2 units already refunded here: one more is fine,
    two more are not; money beyond the sale's total is refused too."""
    sold = {"s1": SoldSale("BPN2-000001", 85_000, refunded=38_250)}
    lines = {"l1": SoldLine("s1", 2, 76_500, refunded_quantity=1, refunded_amount=38_250)}
    one = tables(
        [],
        [],
        [],
        [{"uuid": "r2", "refund_no": "BPN2-R000002", "sale_uuid": "s1", "amount": 38_250}],
        [{"refund_uuid": "r2", "sale_line_uuid": "l1", "quantity": 1, "amount": 38_250}],
    )
    assert check_refunds(one, sold, lines) == []
    two = tables(
        [],
        [],
        [],
        [{"uuid": "r2", "refund_no": "BPN2-R000002", "sale_uuid": "s1", "amount": 38_250}],
        [{"refund_uuid": "r2", "sale_line_uuid": "l1", "quantity": 2, "amount": 38_250}],
    )
    [problem] = check_refunds(two, sold, lines)
    assert (problem.reason, problem.file_name, problem.line, problem.record) == (
        RefusalReason.REFUND_QUANTITY,
        "refund_lines.csv",
        2,
        "BPN2-R000002",
    )
    money = tables(
        [],
        [],
        [],
        [{"uuid": "r2", "refund_no": "BPN2-R000002", "sale_uuid": "s1", "amount": 50_000}],
        [{"refund_uuid": "r2", "sale_line_uuid": "l1", "quantity": 1, "amount": 50_000}],
    )
    found = check_refunds(money, sold, lines)
    assert [(p.reason, p.file_name) for p in found] == [
        (RefusalReason.REFUND_AMOUNT, "refund_lines.csv"),
        (RefusalReason.REFUND_AMOUNT, "refunds.csv"),
    ]


def test_a_refund_whose_amount_is_not_its_lines_or_of_another_sale_is_refused() -> None:
    sold = {"s1": SoldSale("A", 1_000), "s2": SoldSale("B", 1_000)}
    lines = {"l1": SoldLine("s1", 1, 1_000), "l2": SoldLine("s2", 1, 1_000)}
    refund = tables(
        [],
        [],
        [],
        [{"uuid": "r1", "refund_no": "R1", "sale_uuid": "s1", "amount": 900}],
        [{"refund_uuid": "r1", "sale_line_uuid": "l2", "quantity": 1, "amount": 1_000}],
    )
    found = check_refunds(refund, sold, lines)
    assert [p.reason for p in found] == [RefusalReason.REFUND_LINES, RefusalReason.REFUND_LINES]


def test_a_negative_paid_out_is_refused() -> None:
    movements = {
        "kind": ["paid_out", "paid_out", "paid_in"],
        "amount": [20_000, -500_000, 50_000],
        "reason": ["kantong plastik", "koreksi", "uang kecil"],
    }
    [problem] = check_cash_movements({"cash_movements": movements})
    assert (problem.reason, problem.file_name, problem.line, problem.record) == (
        RefusalReason.CASH_MOVEMENT,
        "cash_movements.csv",
        3,
        "paid_out koreksi",
    )


def test_a_user_no_record_refers_to_is_refused() -> None:
    users = {
        "uuid": ["u1", "u2"],
        "username": ["kasir", "boss"],
        "role": ["cashier", "admin"],
    }
    sales = {"uuid": ["s1"], "cashier_user_uuid": ["u1"], "event_uuid": [None]}
    [problem] = check_users({"users": users, "sales": sales})
    assert (problem.reason, problem.file_name, problem.line, problem.record) == (
        RefusalReason.USER_UNUSED,
        "users.csv",
        3,
        "boss",
    )
