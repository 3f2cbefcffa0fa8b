"""Sales reports: an event's or a date range's takings broken down by product, institution,
workshop, category, payment method, cashier, hour of day and day.

The figures are read from the sales summaries (``bazaar_pos.db.models`` ``SalesByProduct`` …
``SalesByMethod``): sums per event and UTC quarter of an hour that the database's triggers keep
with every sale line, payment and refund, so a report adds up a few rows per product and
quarter instead of grouping and counting every line (a million lines: 5 s before, a fraction
of a second now). Two rules make the breakdowns add up exactly:

- a refund belongs to the sale line it refunds: its product, institution, workshop, cashier,
  hour and day are the sale's, and a refund counts in the scope of the sale it refunds
  (whenever it was made), so ``sum(net)`` of each breakdown is the report's ``net``;
- for payment methods, ``gross`` is the money taken by the method and ``refunds`` the money
  given back by the method the refund used; they too sum to ``net``.

A receipt counts once per row it touches (a sale with three products of one institution is
one receipt of it); the summaries count it by quarter, and a sale has one quarter, so the
quarters' counts add up.

Sale times are stored in UTC. Hours and days are local to ``tz`` (default: the laptop's
zone): every zone's offset is a whole number of quarters of an hour, so each summary quarter
is given its local hour and day, and a range of local days is a range of quarters.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Dialect, Select, bindparam, cast, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bazaar_pos.collector import collector_paused
from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    Event,
    EventSalesByProduct,
    Institution,
    Int64,
    Product,
    ReceiptsByCategory,
    ReceiptsByInstitution,
    Sale,
    SaleLine,
    SalesByCashier,
    SalesByMethod,
    SalesByProduct,
    SalesByWorkshop,
    Workshop,
)
from bazaar_pos.db.rows import DriverStatement, for_driver, plain_rows
from bazaar_pos.db.sales_summaries import QUARTER_S, category_receipts_stale
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.stock.variance import UnknownEvent

__all__ = [
    "BEST_SELLERS",
    "NO_CATEGORY_LABEL",
    "NO_WORKSHOP_LABEL",
    "ReportRow",
    "ReportScope",
    "SalesReport",
    "ScopeNotInQuarters",
    "UnknownEvent",
    "local_day_bounds",
    "payment_method_label",
    "sales_report",
]

BEST_SELLERS = 10
NO_WORKSHOP_LABEL = "(tanpa bengkel)"
NO_CATEGORY_LABEL = "(tanpa kategori)"
_METHOD_LABELS = {"cash": "Tunai", "qris": "QRIS", "transfer": "Transfer bank"}


@dataclass(frozen=True)
class ReportScope:
    event_id: int | None = None  # sales of this event (Sale.event_id)
    start: dt.date | None = None  # inclusive local date (both None with event_id None: all)
    end: dt.date | None = None  # inclusive local date


class ReportRow(NamedTuple):
    """One row of a breakdown. A named tuple rather than a frozen dataclass: a report holds a
    row per product sold (100,000 of them), and a frozen dataclass takes 2.5 µs to make
    against 0.5 µs, more than reading the row."""

    key: str  # stable: sku, institution code, "BPN/Kriya Kayu", category, "cash", cashier,
    # "08" hour, "2026-04-27" day
    label: str  # what a person reads (product name, institution name, workshop name …)
    quantity: int  # units sold minus units refunded (0 for payment-method rows)
    gross: int  # Rupiah of the lines as charged (line_total), before refunds
    refunds: int  # Rupiah refunded against those lines (payment methods: by that method)
    net: int  # gross - refunds
    receipts: int  # number of distinct sales contributing


@dataclass(frozen=True)
class SalesReport:
    scope: ReportScope
    title: str  # event name, or the date range
    receipts: int
    gross: int
    refunds: int
    net: int
    discounts: int  # line + sale discounts given
    by_product: tuple[ReportRow, ...]  # sorted by net desc then key
    by_institution: tuple[ReportRow, ...]
    by_workshop: tuple[ReportRow, ...]
    by_category: tuple[ReportRow, ...]
    by_payment_method: tuple[ReportRow, ...]
    by_cashier: tuple[ReportRow, ...]
    by_hour: tuple[ReportRow, ...]  # local hour "00".."23", only hours with sales, by key
    by_day: tuple[ReportRow, ...]  # local ISO date, sorted by key
    best_sellers: tuple[ReportRow, ...]  # top 10 products by quantity (then net)


def payment_method_label(method: str) -> str:
    """``"cash"`` → ``"Tunai"``; an unknown method is shown as stored, upper case."""
    return _METHOD_LABELS.get(method, method.upper())


def local_day_bounds(
    start: dt.date | None, end: dt.date | None, tz: dt.tzinfo | None = None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``[since, until)`` as aware datetimes for the local days ``start`` … ``end`` (both
    included; ``None``: open on that side)."""

    def midnight(day: dt.date) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time())
        return moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()

    since = midnight(start) if start is not None else None
    until = midnight(end + dt.timedelta(days=1)) if end is not None else None
    return since, until


def _date_text(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def _title(event_name: str | None, scope: ReportScope) -> str:
    if scope.start is not None and scope.end is not None:
        span = (
            _date_text(scope.start)
            if scope.start == scope.end
            else f"{_date_text(scope.start)} – {_date_text(scope.end)}"
        )
    elif scope.start is not None:
        span = f"sejak {_date_text(scope.start)}"
    elif scope.end is not None:
        span = f"sampai {_date_text(scope.end)}"
    else:
        span = ""
    if event_name is not None:
        return f"{event_name}, {span}" if span else event_name
    return f"Penjualan {span}" if span else "Semua penjualan"


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
        event_name = session.scalar(_EVENT_NAME, {"event": scope.event_id})
        if event_name is None:
            raise UnknownEvent(scope.event_id)
        conditions.append(Sale.event_id == scope.event_id)
    since, until = local_day_bounds(scope.start, scope.end, tz)
    if since is not None:
        conditions.append(Sale.created_at >= since)
    if until is not None:
        conditions.append(Sale.created_at < until)
    return conditions, event_name


class ScopeNotInQuarters(ValueError):
    """A date range in a zone whose offset is not a whole number of quarters of an hour (a
    historical local mean time): the summaries cannot cut its days."""


def _quarter_bounds(scope: ReportScope, tz: dt.tzinfo | None) -> tuple[int | None, int | None]:
    """``[first, end)`` quarters of an hour (seconds since the epoch // 900) of the scope's
    local days; ``None`` where the scope is open."""
    bounds: list[int | None] = []
    for moment in local_day_bounds(scope.start, scope.end, tz):
        if moment is None:
            bounds.append(None)
            continue
        seconds = int(moment.timestamp())
        if seconds % QUARTER_S:
            raise ScopeNotInQuarters(f"{moment.isoformat()} is not on a quarter of an hour")
        bounds.append(seconds // QUARTER_S)
    return bounds[0], bounds[1]


_INSTITUTIONS = select(Institution.id, Institution.code, Institution.name)
_WORKSHOPS = select(Workshop.id, Workshop.name)
_EVENT_NAME = select(Event.name).where(Event.id == bindparam("event", None))
_SummaryTable = (
    type[SalesByProduct]
    | type[EventSalesByProduct]
    | type[SalesByCashier]
    | type[ReceiptsByInstitution]
    | type[SalesByWorkshop]
    | type[ReceiptsByCategory]
    | type[SalesByMethod]
)


@dataclass(frozen=True)
class _Queries:
    """The report's statements for one shape of scope, built once: building and compiling
    them took 20 ms a report, ten times the SQL on a small till."""

    products: Select[Any]  # read as the driver's plain tuples
    workshops: Select[int, int, int, int, int, int]
    institutions: Select[int, int]
    categories: Select[str, int]
    cashiers: Select[str, int, int, int, int, int]
    methods: Select[str, int, int, int, int, int]


def _where(table: _SummaryTable, event: bool, first: bool, end: bool) -> list[ColumnElement[bool]]:
    """The scope's conditions on a summary table, with ``:event``, ``:first`` and ``:end``
    (the per-event table is read only when the scope has no days)."""
    conditions: list[ColumnElement[bool]] = []
    if event:
        conditions.append(table.event_key == bindparam("event", None))
    if table is not EventSalesByProduct and (first or end):
        quarter = table.__table__.c.quarter
        if first:
            conditions.append(quarter >= bindparam("first", None))
        if end:
            conditions.append(quarter < bindparam("end", None))
    return conditions


def _sum(column: ColumnElement[int] | InstrumentedAttribute[int]) -> ColumnElement[int]:
    # Whole numbers from every driver (PostgreSQL's sum of a BIGINT is a NUMERIC).
    return cast(func.sum(column), Int64)


@cache
def _queries(event: bool, first: bool, end: bool) -> _Queries:
    # Per product from the per-event sums unless the scope cuts days; grouped in the summary's
    # key order (no sort on SQLite).
    table: type[EventSalesByProduct] | type[SalesByProduct] = (
        SalesByProduct if first or end else EventSalesByProduct
    )
    groups = (
        select(
            table.product_id,
            _sum(table.quantity - table.refunded_quantity).label("quantity"),
            _sum(table.gross).label("gross"),
            _sum(table.refunded).label("refunded"),
            # A sale holds a product under one attribution only (the catalog at that
            # moment), so the receipts of its attributions add up without double counting.
            _sum(table.receipts).label("receipts"),
            _sum(table.discounts).label("discounts"),
        )
        .where(*_where(table, event, first, end))
        .group_by(table.product_id)
        # A row whose lines were all deleted again (an undone merge) is no group.
        .having(func.sum(table.lines) > 0)
        .subquery()
    )
    # (sku, name, quantity, gross, refunds, net, receipts: a ReportRow's fields, then
    # category, discounts)
    products = select(
        Product.sku,
        Product.name,
        groups.c.quantity,
        groups.c.gross,
        groups.c.refunded,
        groups.c.gross - groups.c.refunded,
        groups.c.receipts,
        Product.category,
        groups.c.discounts,
    ).join(Product, Product.id == groups.c.product_id)
    return _Queries(
        products=products,
        workshops=select(
            SalesByWorkshop.institution_id,
            SalesByWorkshop.workshop_key,
            _sum(SalesByWorkshop.quantity - SalesByWorkshop.refunded_quantity),
            _sum(SalesByWorkshop.gross),
            _sum(SalesByWorkshop.receipts),
            _sum(SalesByWorkshop.refunded),
        )
        .where(*_where(SalesByWorkshop, event, first, end))
        .group_by(SalesByWorkshop.institution_id, SalesByWorkshop.workshop_key)
        .having(func.sum(SalesByWorkshop.lines) > 0),
        institutions=select(
            ReceiptsByInstitution.institution_id, _sum(ReceiptsByInstitution.receipts)
        )
        .where(*_where(ReceiptsByInstitution, event, first, end))
        .group_by(ReceiptsByInstitution.institution_id)
        .having(func.sum(ReceiptsByInstitution.receipts) > 0),
        categories=select(ReceiptsByCategory.category, _sum(ReceiptsByCategory.receipts))
        .where(*_where(ReceiptsByCategory, event, first, end))
        .group_by(ReceiptsByCategory.category)
        .having(func.sum(ReceiptsByCategory.receipts) > 0),
        cashiers=select(
            SalesByCashier.cashier,
            SalesByCashier.quarter,
            _sum(SalesByCashier.quantity - SalesByCashier.refunded_quantity),
            _sum(SalesByCashier.gross),
            _sum(SalesByCashier.receipts),
            _sum(SalesByCashier.refunded),
        )
        .where(*_where(SalesByCashier, event, first, end))
        .group_by(SalesByCashier.cashier, SalesByCashier.quarter)
        .having(func.sum(SalesByCashier.lines) > 0),
        methods=select(
            SalesByMethod.method,
            _sum(SalesByMethod.payments),
            _sum(SalesByMethod.taken),
            _sum(SalesByMethod.receipts),
            _sum(SalesByMethod.refund_count),
            _sum(SalesByMethod.refunded),
        )
        .where(*_where(SalesByMethod, event, first, end))
        .group_by(SalesByMethod.method),
    )


@cache
def _products_for_driver(event: bool, first: bool, end: bool, dialect: Dialect) -> DriverStatement:
    return for_driver(_queries(event, first, end).products, dialect)


def _local_hour_and_day(
    quarters: Iterable[int], tz: dt.tzinfo | None
) -> dict[int, tuple[str, str]]:
    result: dict[int, tuple[str, str]] = {}
    for quarter in quarters:
        moment = dt.datetime.fromtimestamp(quarter * QUARTER_S, dt.UTC)
        local = moment.astimezone(tz) if tz is not None else moment.astimezone()
        result[quarter] = (f"{local.hour:02d}", local.date().isoformat())
    return result


def _category_receipts_from_lines(
    session: Session, scope: ReportScope, tz: dt.tzinfo | None
) -> Iterable[tuple[str, int]]:
    """Distinct sales per current category, counted from the lines (while a category changed
    after its product sold has left the summary behind)."""
    where, _ = _sale_filter(session, scope, tz)
    return session.execute(
        select(Product.category, func.count(SaleLine.sale_id.distinct()))
        .select_from(SaleLine)
        .join(Sale, Sale.id == SaleLine.sale_id)
        .join(Product, Product.id == SaleLine.product_id)
        .where(*where)
        .group_by(Product.category)
    ).all()


@collector_paused()
def sales_in(session: Session, scope: ReportScope, *, tz: dt.tzinfo | None = None) -> SalesReport:
    """The sales of ``scope`` and their breakdowns (see the module docstring for the rules)."""
    _, event_name = _sale_filter(session, scope, tz)
    # Core rows straight from the connection: the ORM's result wrapping costs as much as the
    # SQL for 100,000 product rows.
    connection = session.connection()
    first, end = _quarter_bounds(scope, tz)
    institutions: dict[str, _Sums] = defaultdict(_Sums)
    workshops: dict[str, _Sums] = defaultdict(_Sums)
    categories: dict[str, _Sums] = defaultdict(_Sums)
    cashiers: dict[str, _Sums] = defaultdict(_Sums)
    hours: dict[str, _Sums] = defaultdict(_Sums)
    days: dict[str, _Sums] = defaultdict(_Sums)
    methods: dict[str, _Sums] = defaultdict(_Sums)

    institution_of = {iid: (code, name) for iid, code, name in connection.execute(_INSTITUTIONS)}
    workshop_name = dict(connection.execute(_WORKSHOPS).all())

    def workshop_key(institution_id: int, workshop: int) -> tuple[str, str]:
        code = institution_of[institution_id][0]
        if not workshop:  # 0: the line had no workshop
            return f"{code}/-", NO_WORKSHOP_LABEL
        name = workshop_name.get(workshop, "")
        return f"{code}/{name}", name

    # 1. Per product: the lines' money, units, discounts and refunds, and the receipts holding
    # them; one row per product made straight away: at 100,000 products the Python per row is
    # most of the report.
    params = {"event": scope.event_id, "first": first, "end": end}
    shape = (scope.event_id is not None, first is not None, end is not None)
    queries = _queries(*shape)
    rows = plain_rows(connection, _products_for_driver(*shape, connection.dialect), params)
    make = ReportRow._make  # the tuple's own constructor, no Python frame per row
    product_rows = [make(row[:7]) for row in rows]
    discounts = sum(row[8] for row in rows)
    category_sums: dict[str, list[int]] = {}  # category: [quantity, gross, refunds]
    for _, _, qty, gross, refunded, _, _, category, _ in rows:
        figures = category_sums.get(category)
        if figures is None:
            category_sums[category] = [qty, gross, refunded]
        else:
            figures[0] += qty
            figures[1] += gross
            figures[2] += refunded
    for category, (qty, gross, refunded) in category_sums.items():
        item = categories[category]
        item.label = category or NO_CATEGORY_LABEL
        item.quantity, item.gross, item.refunds = qty, gross, refunded

    # 2. Per institution and workshop of the lines (fixed at the sale); an institution's money
    # is its workshops', its receipts its own (a receipt with goods of two of its workshops is
    # one receipt of it). Each quarter's receipt counts add up: a sale has one quarter.
    for iid, wid, qty, gross, receipts, refunded in connection.execute(queries.workshops, params):
        for sums, key, label, receipt_count in (
            (workshops, *workshop_key(iid, wid), int(receipts)),
            (institutions, *institution_of[iid], 0),
        ):
            item = sums[key]
            item.label = label
            item.quantity += int(qty)
            item.gross += int(gross)
            item.refunds += int(refunded)
            item.receipts += receipt_count
    for iid, receipts in connection.execute(queries.institutions, params):
        institutions[institution_of[iid][0]].receipts = int(receipts)
    by_category: Iterable[tuple[str, int]]
    if category_receipts_stale(connection):
        by_category = _category_receipts_from_lines(session, scope, tz)
    else:
        by_category = connection.execute(queries.categories, params).all()
    for category, receipts in by_category:
        categories[category].receipts = int(receipts)

    # 3. Per cashier and quarter of an hour: a sale has one of each, so receipts add up.
    rows = list(connection.execute(queries.cashiers, params).all())
    local_of = _local_hour_and_day({int(row[1]) for row in rows}, tz)
    total_receipts = 0
    for cashier, bucket, qty, gross, receipts, refunded in rows:
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
            item.refunds += int(refunded)
            item.receipts += int(receipts)

    # 4. Money by payment method: taken, and given back by the refund's method.
    for method, payments, taken, receipts, refund_count, refunded in connection.execute(
        queries.methods, params
    ):
        if not payments and not refund_count:
            continue  # every payment and refund of it deleted again
        item = methods[method]
        item.label = payment_method_label(method)
        item.gross += int(taken)
        item.receipts += int(receipts)
        item.refunds += int(refunded)

    gross = sum(row.gross for row in product_rows)
    refunds = sum(row.refunds for row in product_rows)
    # By net, highest first, then by key: two stable sorts, cheaper than a tuple per row.
    product_rows.sort(key=attrgetter("key"))
    product_rows.sort(key=attrgetter("net"), reverse=True)
    return SalesReport(
        scope=scope,
        title=_title(event_name, scope),
        receipts=total_receipts,
        gross=gross,
        refunds=refunds,
        net=gross - refunds,
        discounts=discounts,
        by_product=tuple(product_rows),
        by_institution=_by_net(institutions),
        by_workshop=_by_net(workshops),
        by_category=_by_net(categories),
        by_payment_method=_by_net(methods),
        by_cashier=_by_net(cashiers),
        by_hour=_by_key(hours),
        by_day=_by_key(days),
        # The rows are by net, then key: the first ten by quantity in that order (nlargest is
        # a stable sort's first ten) rank by quantity, then net, then key.
        best_sellers=tuple(
            row
            for row in heapq.nlargest(BEST_SELLERS, product_rows, key=attrgetter("quantity"))
            if row.quantity > 0
        ),
    )


def sales_report(
    db: Database, actor: Actor | None, scope: ReportScope, *, tz: dt.tzinfo | None = None
) -> SalesReport:
    """The sales report of ``scope``, for a user allowed :attr:`Action.VIEW_REPORTS`."""
    with db.read() as session:
        authorize_or_anonymous(session, actor, Action.VIEW_REPORTS)
        return sales_in(session, scope, tz=tz)
