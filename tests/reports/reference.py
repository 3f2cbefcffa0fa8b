"""The sales report as it was computed before the sales summaries: every line of the scope
grouped and counted (``count(DISTINCT)``) in five passes. Slow (5 s at a million lines) and
independent of the summaries and their triggers: the tests hold the report equal to it.

Kept as it was written, but for the title (not a figure).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Integer, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from bazaar_pos.db.models import (
    Event,
    Institution,
    Payment,
    Product,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    Workshop,
)
from bazaar_pos.reports.sales import (
    BEST_SELLERS,
    NO_CATEGORY_LABEL,
    NO_WORKSHOP_LABEL,
    ReportRow,
    ReportScope,
    SalesReport,
    UnknownEvent,
    local_day_bounds,
    payment_method_label,
)

_QUARTER_S = 900


def _date_text(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


class _Sums:
    """Running figures of one row while the SQL groups are folded in."""

    __slots__ = ("gross", "label", "quantity", "receipts", "refunds")

    def __init__(self) -> None:
        self.label = ""
        self.quantity = 0
        self.gross = 0
        self.refunds = 0
        self.receipts = 0

    def row(self, key: str) -> ReportRow:
        return ReportRow(
            key=key,
            label=self.label,
            quantity=self.quantity,
            gross=self.gross,
            refunds=self.refunds,
            net=self.gross - self.refunds,
            receipts=self.receipts,
        )


def _by_net(sums: dict[str, _Sums]) -> tuple[ReportRow, ...]:
    rows = [item.row(key) for key, item in sums.items()]
    return tuple(sorted(rows, key=lambda row: (-row.net, row.key)))


def _by_key(sums: dict[str, _Sums]) -> tuple[ReportRow, ...]:
    return tuple(item.row(key) for key, item in sorted(sums.items()))


def _sale_filter(
    session: Session, scope: ReportScope, tz: dt.tzinfo | None
) -> tuple[list[ColumnElement[bool]], str | None]:
    """The WHERE conditions on ``Sale`` for the scope, and the event's name."""
    conditions: list[ColumnElement[bool]] = []
    event_name: str | None = None
    if scope.event_id is not None:
        event_name = session.scalar(select(Event.name).where(Event.id == scope.event_id))
        if event_name is None:
            raise UnknownEvent(scope.event_id)
        conditions.append(Sale.event_id == scope.event_id)
    since, until = local_day_bounds(scope.start, scope.end, tz)
    if since is not None:
        conditions.append(Sale.created_at >= since)
    if until is not None:
        conditions.append(Sale.created_at < until)
    return conditions, event_name


def _best_seller_order(row: ReportRow) -> tuple[int, int, str]:
    return (-row.quantity, -row.net, row.key)


class _EpochSeconds(FunctionElement[int]):
    """Seconds since the epoch of a stored naive UTC time, compiled for each database."""

    name = "epoch_seconds"
    type = Integer()
    inherit_cache = True


@compiles(_EpochSeconds)
def _epoch_seconds_sqlite(element: _EpochSeconds, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite reads the stored naive UTC text as UTC.
    (column,) = element.clauses
    return compiler.process(cast(func.strftime("%s", column), Integer), **kw)


@compiles(_EpochSeconds, "postgresql")
def _epoch_seconds_postgresql(element: _EpochSeconds, compiler: SQLCompiler, **kw: Any) -> str:
    # A timestamp without time zone counts from 1970-01-01 00:00 as written: UTC here.
    (column,) = element.clauses
    return f"CAST(floor(extract(epoch FROM {compiler.process(column, **kw)})) AS INTEGER)"


def _quarter() -> ColumnElement[int]:
    """The sale's UTC quarter of an hour, as seconds since the epoch / 900."""
    # Whole quarters (floor division: PostgreSQL would round a numeric quotient when cast).
    return cast(_EpochSeconds(Sale.created_at) // _QUARTER_S, Integer).label("quarter")


def _local_hour_and_day(
    quarters: Iterable[int], tz: dt.tzinfo | None
) -> dict[int, tuple[str, str]]:
    result: dict[int, tuple[str, str]] = {}
    for quarter in quarters:
        moment = dt.datetime.fromtimestamp(quarter * _QUARTER_S, dt.UTC)
        local = moment.astimezone(tz) if tz is not None else moment.astimezone()
        result[quarter] = (f"{local.hour:02d}", local.date().isoformat())
    return result


def reference_sales_in(
    session: Session, scope: ReportScope, *, tz: dt.tzinfo | None = None
) -> SalesReport:
    """The sales of ``scope`` summed from the records, as the report did before its
    summaries (five grouped passes over the lines)."""
    where, event_name = _sale_filter(session, scope, tz)
    products: dict[str, _Sums] = defaultdict(_Sums)
    institutions: dict[str, _Sums] = defaultdict(_Sums)
    workshops: dict[str, _Sums] = defaultdict(_Sums)
    categories: dict[str, _Sums] = defaultdict(_Sums)
    cashiers: dict[str, _Sums] = defaultdict(_Sums)
    hours: dict[str, _Sums] = defaultdict(_Sums)
    days: dict[str, _Sums] = defaultdict(_Sums)
    methods: dict[str, _Sums] = defaultdict(_Sums)

    names = {
        pid: (sku, name, category)
        for pid, sku, name, category in session.execute(
            select(Product.id, Product.sku, Product.name, Product.category)
        )
    }
    institution_of = {
        iid: (code, name)
        for iid, code, name in session.execute(
            select(Institution.id, Institution.code, Institution.name)
        )
    }
    workshop_name = dict(session.execute(select(Workshop.id, Workshop.name)).all())

    def workshop_key(institution_id: int, workshop_id: int | None) -> tuple[str, str]:
        code = institution_of[institution_id][0]
        if workshop_id is None:
            return f"{code}/-", NO_WORKSHOP_LABEL
        name = workshop_name.get(workshop_id, "")
        return f"{code}/{name}", name

    def category_key(category: str) -> tuple[str, str]:
        return category, category or NO_CATEGORY_LABEL

    # 1. Lines per product and attribution: quantities, money and discounts.
    discounts = 0
    for pid, iid, wid, qty, gross, discount, receipts in session.execute(
        select(
            SaleLine.product_id,
            SaleLine.institution_id,
            SaleLine.workshop_id,
            func.sum(SaleLine.quantity),
            func.sum(SaleLine.line_total),
            func.sum(SaleLine.line_discount + SaleLine.sale_discount_share),
            func.count(SaleLine.sale_id.distinct()),
        )
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(*where)
        .group_by(SaleLine.product_id, SaleLine.institution_id, SaleLine.workshop_id)
    ):
        sku, name, category = names[pid]
        discounts += int(discount)
        # A sale holds a product under one attribution only (the catalog at that moment),
        # so the receipts of a product's groups add up without double counting.
        targets = (
            (products, sku, name, int(receipts)),
            (institutions, *institution_of[iid], 0),
            (workshops, *workshop_key(iid, wid), 0),
            (categories, *category_key(category), 0),
        )
        for sums, key, label, receipt_count in targets:
            item = sums[key]
            item.label = label
            item.quantity += int(qty)
            item.gross += int(gross)
            item.receipts += receipt_count

    # 2. Distinct receipts per institution, workshop and category (a receipt with three
    # products of one institution is one receipt of it).
    distinct_sales = func.count(SaleLine.sale_id.distinct())
    lines_in_scope = select().select_from(SaleLine).join(Sale, Sale.id == SaleLine.sale_id)
    for iid, receipts in session.execute(
        lines_in_scope.add_columns(SaleLine.institution_id, distinct_sales)
        .where(*where)
        .group_by(SaleLine.institution_id)
    ):
        institutions[institution_of[iid][0]].receipts = int(receipts)
    for iid, wid, receipts in session.execute(
        lines_in_scope.add_columns(SaleLine.institution_id, SaleLine.workshop_id, distinct_sales)
        .where(*where)
        .group_by(SaleLine.institution_id, SaleLine.workshop_id)
    ):
        workshops[workshop_key(iid, wid)[0]].receipts = int(receipts)
    for category, receipts in session.execute(
        lines_in_scope.add_columns(Product.category, distinct_sales)
        .join(Product, Product.id == SaleLine.product_id)
        .where(*where)
        .group_by(Product.category)
    ):
        categories[category].receipts = int(receipts)

    # 3. Per cashier and quarter of an hour: a sale has one of each, so receipts add up.
    # Summed per sale first (its lines are read together through the sale_id index), so
    # the time bucket is worked out once per sale rather than once per line.
    quarter = _quarter()
    per_sale = (
        select(
            Sale.cashier.label("cashier"),
            quarter,
            func.sum(SaleLine.quantity).label("quantity"),
            func.sum(SaleLine.line_total).label("gross"),
        )
        .join(SaleLine, SaleLine.sale_id == Sale.id)
        .where(*where)
        .group_by(Sale.id)
        .subquery()
    )
    per_quarter = session.execute(
        select(
            per_sale.c.cashier,
            per_sale.c.quarter,
            func.sum(per_sale.c.quantity),
            func.sum(per_sale.c.gross),
            func.count(),
        ).group_by(per_sale.c.cashier, per_sale.c.quarter)
    ).all()

    # 4. Refunds of the scope's sales, attributed to the lines they refund.
    refunded = session.execute(
        select(
            SaleLine.product_id,
            SaleLine.institution_id,
            SaleLine.workshop_id,
            Sale.cashier,
            quarter,
            func.sum(RefundLine.quantity),
            func.sum(RefundLine.amount),
        )
        .join(SaleLine, SaleLine.id == RefundLine.sale_line_id)
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(*where)
        .group_by(
            SaleLine.product_id,
            SaleLine.institution_id,
            SaleLine.workshop_id,
            Sale.cashier,
            quarter,
        )
    ).all()
    local_of = _local_hour_and_day(
        {int(row[1]) for row in per_quarter} | {int(row[4]) for row in refunded}, tz
    )
    total_receipts = 0
    for cashier, bucket, qty, gross, receipts in per_quarter:
        hour, day = local_of[int(bucket)]
        total_receipts += int(receipts)
        for sums, key, label in (
            (cashiers, cashier, cashier),
            (hours, hour, f"{hour}.00"),
            (days, day, _date_text(dt.date.fromisoformat(day))),
        ):
            item = sums[key]
            item.label = label
            item.quantity += int(qty)
            item.gross += int(gross)
            item.receipts += int(receipts)
    for pid, iid, wid, cashier, bucket, qty, amount in refunded:
        hour, day = local_of[int(bucket)]
        for sums, key in (
            (products, names[pid][0]),
            (institutions, institution_of[iid][0]),
            (workshops, workshop_key(iid, wid)[0]),
            (categories, names[pid][2]),
            (cashiers, cashier),
            (hours, hour),
            (days, day),
        ):
            item = sums[key]
            item.quantity -= int(qty)
            item.refunds += int(amount)

    # 5. Money by payment method: taken, and given back by the refund's method.
    for method, amount, receipts in session.execute(
        select(Payment.method, func.sum(Payment.amount), func.count(Payment.sale_id.distinct()))
        .join(Sale, Sale.id == Payment.sale_id)
        .where(*where)
        .group_by(Payment.method)
    ):
        item = methods[method]
        item.label = payment_method_label(method)
        item.gross += int(amount)
        item.receipts += int(receipts)
    for method, amount in session.execute(
        select(Refund.method, func.sum(Refund.amount))
        .join(Sale, Sale.id == Refund.sale_id)
        .where(*where)
        .group_by(Refund.method)
    ):
        item = methods[method]
        item.label = payment_method_label(method)
        item.refunds += int(amount)

    gross = sum(item.gross for item in products.values())
    refunds = sum(item.refunds for item in products.values())
    by_product = _by_net(products)
    return SalesReport(
        scope=scope,
        title=event_name or "",  # the title is not a figure: not compared
        receipts=total_receipts,
        gross=gross,
        refunds=refunds,
        net=gross - refunds,
        discounts=discounts,
        by_product=by_product,
        by_institution=_by_net(institutions),
        by_workshop=_by_net(workshops),
        by_category=_by_net(categories),
        by_payment_method=_by_net(methods),
        by_cashier=_by_net(cashiers),
        by_hour=_by_key(hours),
        by_day=_by_key(days),
        best_sellers=tuple(
            row
            for row in sorted(by_product, key=_best_seller_order)[:BEST_SELLERS]
            if row.quantity > 0
        ),
    )
