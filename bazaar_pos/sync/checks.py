"""Do the records of an export add up? Pure rules over its parsed columns, no database.

A correct signature proves which till wrote an export, not that the till's database was not
edited by hand before: the office refuses records that cannot come from the till's services.

- a sale line: ``line_total`` = quantity × unit price − line discount − its share of the sale
  discount, quantity above 0, no negative discount;
- a sale: 0 ≤ discount ≤ subtotal, discount = the sum of its shares, subtotal = the lines
  after their own discounts (0 on sales from before discounts existed), total = the sum of the
  line totals = what its payments settle;
- a payment: amount above 0, change not negative and only for cash, tendered − change =
  amount;
- a refund: amount = the sum of its lines, each line a line of the refunded sale; per sale line
  no more units nor money back than sold (counting the refunds already here); per sale no more
  money back than its total;
- a cash movement: paid in or paid out, of a positive amount (its kind gives the sign);
- users: only names the records refer to (an export never brings accounts).

Each rule gives :class:`Problem` (file, line as a spreadsheet shows it, the record, the
figures); the importer refuses the export on the first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bazaar_pos.db.models import CashMovementKind, PaymentMethod
from bazaar_pos.money import format_rupiah
from bazaar_pos.sync.errors import RefusalReason
from bazaar_pos.sync.format import TABLES

__all__ = [
    "Problem",
    "SoldLine",
    "SoldSale",
    "check_cash_movements",
    "check_refunds",
    "check_sales",
    "check_users",
    "referred_users",
]

CASH = PaymentMethod.CASH.value

# table name -> column name -> the column's values in file order (references as uuids)
Columns = Mapping[str, Sequence[Any]]
Tables = Mapping[str, Columns]


@dataclass(frozen=True)
class Problem:
    reason: RefusalReason
    file_name: str
    line: int  # as a spreadsheet shows it (header = 1)
    record: str  # receipt number, refund number, username …
    detail: str  # the figures that disagree


@dataclass(frozen=True)
class SoldSale:
    """A sale as refunds see it; ``refunded``: money back already, by refunds not in the export."""

    receipt_no: str
    total: int
    refunded: int = 0


@dataclass(frozen=True)
class SoldLine:
    """A sale line as refunds see it; ``refunded_*``: by refunds not in the export."""

    sale_uuid: str
    quantity: int
    line_total: int
    refunded_quantity: int = 0
    refunded_amount: int = 0


def _line(index: int) -> int:
    return index + 2


def _rp(value: int) -> str:
    return format_rupiah(value)


def _by(values: Sequence[Any]) -> dict[Any, list[int]]:
    grouped: dict[Any, list[int]] = defaultdict(list)
    for index, value in enumerate(values):
        grouped[value].append(index)
    return grouped


def _sale_line_problems(lines: Columns, receipt_of: Mapping[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    rows = zip(
        lines["quantity"],
        lines["unit_price"],
        lines["line_discount"],
        lines["sale_discount_share"],
        lines["line_total"],
        strict=True,
    )
    for index, (quantity, price, discount, share, total) in enumerate(rows):
        # The common case first and cheap: a 200k-line export is checked in under a second.
        if (
            quantity > 0
            and discount >= 0
            and share >= 0
            and total == quantity * price - discount - share
        ):
            continue
        sale = lines["sale_uuid"][index]
        record = f"{receipt_of.get(sale, sale)} line {lines['line_no'][index]}"
        if quantity <= 0:
            problems.append(
                Problem(
                    RefusalReason.LINE_QUANTITY,
                    "sale_lines.csv",
                    _line(index),
                    record,
                    f"quantity {quantity}",
                )
            )
            continue
        expected = quantity * price - discount - share
        if total != expected or discount < 0 or share < 0:
            problems.append(
                Problem(
                    RefusalReason.LINE_TOTAL,
                    "sale_lines.csv",
                    _line(index),
                    record,
                    f"line total {_rp(total)}, but {quantity} × {_rp(price)} − {_rp(discount)} "
                    f"− {_rp(share)} = {_rp(expected)}",
                )
            )
    return problems


def _payment_problems(payments: Columns, receipt_of: Mapping[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    for index, sale in enumerate(payments["sale_uuid"]):
        amount, tendered = payments["amount"][index], payments["tendered"][index]
        change, method = payments["change"][index], payments["method"][index]
        # Only cash gives change: a QRIS or transfer pays exactly what it settles.
        if (
            amount <= 0
            or change < 0
            or tendered - change != amount
            or (change != 0 and method != CASH)
        ):
            problems.append(
                Problem(
                    RefusalReason.PAYMENT_CHANGE,
                    "payments.csv",
                    _line(index),
                    f"{receipt_of.get(sale, sale)} {method}",
                    f"amount {_rp(amount)}, tendered {_rp(tendered)}, change {_rp(change)}",
                )
            )
    return problems


@dataclass
class _LineSums:
    """A sale's lines added up: after their own discounts, the discount shares, the totals."""

    value: int = 0
    shares: int = 0
    totals: int = 0


def _line_sums(lines: Columns) -> dict[str, _LineSums]:
    sums: dict[str, _LineSums] = defaultdict(_LineSums)
    for sale, quantity, price, discount, share, total in zip(
        lines["sale_uuid"],
        lines["quantity"],
        lines["unit_price"],
        lines["line_discount"],
        lines["sale_discount_share"],
        lines["line_total"],
        strict=True,
    ):
        entry = sums[sale]
        entry.value += quantity * price - discount
        entry.shares += share
        entry.totals += total
    return sums


def _sale_problem(index: int, sales: Columns, lines: _LineSums, paid: int) -> Problem | None:
    total, subtotal, discount = (
        sales["total"][index],
        sales["subtotal"][index],
        sales["discount"][index],
    )

    def problem(reason: RefusalReason, detail: str) -> Problem:
        return Problem(reason, "sales.csv", _line(index), sales["receipt_no"][index], detail)

    if discount < 0 or discount > lines.value or discount != lines.shares:
        return problem(
            RefusalReason.SALE_DISCOUNT,
            f"discount {_rp(discount)}, lines {_rp(lines.value)}, "
            f"shares of the lines {_rp(lines.shares)}",
        )
    # Sales from before discounts existed have subtotal 0: their lines are the whole total.
    if subtotal != lines.value and not (subtotal == 0 and discount == 0):
        return problem(
            RefusalReason.SALE_SUBTOTAL, f"subtotal {_rp(subtotal)}, lines {_rp(lines.value)}"
        )
    if total != lines.totals:
        return problem(
            RefusalReason.SALE_TOTAL_LINES, f"total {_rp(total)}, line totals {_rp(lines.totals)}"
        )
    if total != paid:
        return problem(
            RefusalReason.SALE_TOTAL_PAYMENTS, f"total {_rp(total)}, payments {_rp(paid)}"
        )
    return None


def check_sales(tables: Tables) -> list[Problem]:
    """Lines, sales and payments that do not add up, in file order (lines, payments, sales).

    A sale's lines and payments are written with it in one transaction, so they are in the
    same export as the sale; lines or payments of a sale from an earlier export are checked
    on their own only.
    """
    sales, lines, payments = tables["sales"], tables["sale_lines"], tables["payments"]
    receipt_of = dict(zip(sales["uuid"], sales["receipt_no"], strict=True))
    problems = _sale_line_problems(lines, receipt_of) + _payment_problems(payments, receipt_of)
    sums = _line_sums(lines)
    paid: dict[str, int] = defaultdict(int)
    for sale, amount in zip(payments["sale_uuid"], payments["amount"], strict=True):
        paid[sale] += amount
    for index, sale in enumerate(sales["uuid"]):
        found = _sale_problem(index, sales, sums.get(sale, _LineSums()), paid.get(sale, 0))
        if found is not None:
            problems.append(found)
    return problems


def check_refunds(
    tables: Tables,
    sales_before: Mapping[str, SoldSale],
    lines_before: Mapping[str, SoldLine],
) -> list[Problem]:
    """Refunds of more than was sold, in refund order.

    ``sales_before`` / ``lines_before``: the sales and sale lines (by uuid) of earlier exports
    that refunds of this one refer to, as this database holds them, with what was refunded of
    them by refunds not in this export. A refund of a sale found nowhere is left to the merge
    (it names the missing row).
    """
    sales, sale_lines = tables["sales"], tables["sale_lines"]
    refunds, refund_lines = tables["refunds"], tables["refund_lines"]
    if not refunds["uuid"]:
        return []
    # Only the sales and lines the refunds refer to: most sales of an export are not refunded.
    refunded_sales = set(refunds["sale_uuid"])
    refunded_lines = set(refund_lines["sale_line_uuid"])
    sold: dict[str, SoldSale] = dict(sales_before)
    for sale, receipt, total in zip(
        sales["uuid"], sales["receipt_no"], sales["total"], strict=True
    ):
        if sale in refunded_sales:
            sold[sale] = SoldSale(receipt, total)
    line_of: dict[str, SoldLine] = dict(lines_before)
    for index, uuid in enumerate(sale_lines["uuid"]):
        if uuid in refunded_lines:
            line_of[uuid] = SoldLine(
                sale_lines["sale_uuid"][index],
                sale_lines["quantity"][index],
                sale_lines["line_total"][index],
            )
    back_units = {uuid: line.refunded_quantity for uuid, line in line_of.items()}
    back_money = {uuid: line.refunded_amount for uuid, line in line_of.items()}
    back_sale = {uuid: sale.refunded for uuid, sale in sold.items()}
    lines_of = _by(refund_lines["refund_uuid"])
    problems: list[Problem] = []
    for index, refund in enumerate(refunds["uuid"]):
        record, sale_uuid = refunds["refund_no"][index], refunds["sale_uuid"][index]
        amount = refunds["amount"][index]
        rows = lines_of.get(refund, [])
        lines_sum = sum(refund_lines["amount"][i] for i in rows)
        if amount != lines_sum or amount < 0:
            problems.append(
                Problem(
                    RefusalReason.REFUND_LINES,
                    "refunds.csv",
                    _line(index),
                    record,
                    f"amount {_rp(amount)}, its lines {_rp(lines_sum)}",
                )
            )
        for row in rows:
            found = _refund_line_problem(
                row, record, sale_uuid, refund_lines, line_of, back_units, back_money
            )
            if found is not None:
                problems.append(found)
        sale = sold.get(sale_uuid)
        if sale is None:
            continue
        back_sale[sale_uuid] = back_sale.get(sale_uuid, 0) + amount
        if back_sale[sale_uuid] > sale.total:
            problems.append(
                Problem(
                    RefusalReason.REFUND_AMOUNT,
                    "refunds.csv",
                    _line(index),
                    record,
                    f"{_rp(back_sale[sale_uuid])} back in all of sale {sale.receipt_no} of "
                    f"{_rp(sale.total)}",
                )
            )
    return problems


def _refund_line_problem(
    row: int,
    record: str,
    sale_uuid: str,
    refund_lines: Columns,
    line_of: Mapping[str, SoldLine],
    back_units: dict[str, int],
    back_money: dict[str, int],
) -> Problem | None:
    sale_line = refund_lines["sale_line_uuid"][row]
    quantity, amount = refund_lines["quantity"][row], refund_lines["amount"][row]
    sold = line_of.get(sale_line)
    if sold is None:
        return None  # the merge names the missing row

    def problem(reason: RefusalReason, detail: str) -> Problem:
        return Problem(reason, "refund_lines.csv", _line(row), record, detail)

    if sold.sale_uuid != sale_uuid:
        return problem(RefusalReason.REFUND_LINES, f"sale line {sale_line} is of another sale")
    back_units[sale_line] = back_units.get(sale_line, 0) + quantity
    back_money[sale_line] = back_money.get(sale_line, 0) + amount
    if quantity <= 0 or back_units[sale_line] > sold.quantity:
        return problem(
            RefusalReason.REFUND_QUANTITY,
            f"{back_units[sale_line]} units back in all, {sold.quantity} sold",
        )
    if amount < 0 or back_money[sale_line] > sold.line_total:
        return problem(
            RefusalReason.REFUND_AMOUNT,
            f"{_rp(back_money[sale_line])} back in all, line total {_rp(sold.line_total)}",
        )
    return None


CASH_KINDS = frozenset(kind.value for kind in CashMovementKind)


def check_cash_movements(tables: Tables) -> list[Problem]:
    """Cash paid into or out of a drawer: a known kind, a positive amount (a negative paid-out
    would add money to the drawer's expected cash)."""
    movements = tables["cash_movements"]
    return [
        Problem(
            RefusalReason.CASH_MOVEMENT,
            "cash_movements.csv",
            _line(index),
            f"{kind} {movements['reason'][index]}",
            f"amount {_rp(amount)}",
        )
        for index, (kind, amount) in enumerate(
            zip(movements["kind"], movements["amount"], strict=True)
        )
        if kind not in CASH_KINDS or amount <= 0
    ]


def referred_users(tables: Tables) -> set[str]:
    """The uuids of the users the export's records refer to (cashiers, shift openers …)."""
    referred: set[str] = set()
    for spec in TABLES:
        columns = tables.get(spec.name)
        if columns is None:
            continue
        for column in spec.refs:
            if column.ref_table == "users":
                values = columns.get(column.name, ())
                referred.update(uuid for uuid in values if uuid is not None)
    return referred


def check_users(tables: Tables) -> list[Problem]:
    """users.csv rows no record of the export refers to: an account, not a name."""
    users = tables["users"]
    referred = referred_users(tables)
    return [
        Problem(
            RefusalReason.USER_UNUSED,
            "users.csv",
            _line(index),
            users["username"][index],
            f"role {users['role'][index]}, referred to by no record of the export",
        )
        for index, uuid in enumerate(users["uuid"])
        if uuid not in referred
    ]
