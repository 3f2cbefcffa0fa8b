"""The end-of-event report: the document the Kalapas/Karutan signs once a bazaar is over.

One summary of the event's sales (:func:`bazaar_pos.reports.sales.sales_report`), then one section
per participating institution: the goods of it that were sold (net of refunds), the money due
to it and the variance from the closing count (:func:`bazaar_pos.stock.variance.variance_report`).

The money due follows the handover record's rule (:mod:`bazaar_pos.stock.returns`): the
``line_total`` of the event's sale lines attributed to the institution (``SaleLine.
institution_id``, fixed at the sale) less what was refunded of them. It is summed here from
the sales summaries' per-product rows (kept by the database with every sale and refund)
instead of grouping every line of the event; the tests hold it equal to
``returns.return_proposal(...).money_due``.

Plain frozen data: :mod:`bazaar_pos.papers.event_report` prints it,
:mod:`bazaar_pos.reports.event_report_csv` writes it as CSV and ``bazaar-pos report`` does
either from the command line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter
from typing import Literal, NamedTuple

from sqlalchemy import func, select

from bazaar_pos.collector import collector_paused
from bazaar_pos.db import Database, journal
from bazaar_pos.db.batched_write import refuse_while_merging
from bazaar_pos.db.journal import ChainPin
from bazaar_pos.db.models import (
    CountStatus,
    Event,
    EventSalesByProduct,
    Institution,
    Product,
    event_institutions,
)
from bazaar_pos.db.rows import plain_rows
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.reports.sales import ReportScope, SalesReport, sales_in
from bazaar_pos.stock.documents import CountSummary, VarianceLine, VarianceTotals
from bazaar_pos.stock.variance import UnknownEvent, variance_in

__all__ = [
    "AmbiguousEvent",
    "ClosingStatus",
    "EventInfo",
    "EventNotFound",
    "EventReport",
    "InstitutionSection",
    "ProductSold",
    "UnknownEvent",
    "end_of_event_report",
    "find_event",
]

ClosingStatus = Literal["posted", "open", "none"]

_UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


class EventNotFound(PosError):
    """No event has this id, uuid or name."""

    def __init__(self, text: str) -> None:
        super().__init__(f"no event {text!r} (give its id, uuid or exact name)")
        self.text = text


class AmbiguousEvent(PosError):
    """Several events carry this name: the caller must give the id or uuid."""

    def __init__(self, text: str, event_ids: tuple[int, ...]) -> None:
        ids = ", ".join(str(event_id) for event_id in event_ids)
        super().__init__(f"several events are named {text!r} (ids {ids}); give the id or uuid")
        self.text = text
        self.event_ids = event_ids


@dataclass(frozen=True)
class EventInfo:
    id: int
    uuid: str
    name: str
    venue: str
    starts_on: dt.date | None
    ends_on: dt.date | None


class ProductSold(NamedTuple):
    """One product of an institution as sold in the event, net of refunds. A named tuple: a
    report of 100,000 products makes one each, and a frozen dataclass took 2.5 µs to make."""

    product_id: int
    sku: str
    name: str
    unit: str
    quantity: int  # units sold minus units refunded
    gross: int  # Rupiah as charged
    refunds: int  # Rupiah refunded
    net: int  # gross - refunds: what the institution is due for it


@dataclass(frozen=True)
class InstitutionSection:
    institution_id: int
    code: str
    name: str
    kind: str  # "Rutan", "Lapas", "LPKA" …
    goods_sold: tuple[ProductSold, ...]  # by name
    units_sold: int
    gross: int
    refunds: int
    money_due: int  # = returns' money due: takings of its goods less refunds (= sum net)
    receipts: int  # sales with at least one of its goods
    closing_status: ClosingStatus  # of the closing count covering its goods
    closing_counts: tuple[CountSummary, ...]  # the closing counts that cover it
    variance_lines: tuple[VarianceLine, ...]  # stock-tracked products, by name
    variance_totals: VarianceTotals | None  # None: none of its goods are in the report


@dataclass(frozen=True)
class EventReport:
    event: EventInfo
    sales: SalesReport
    institutions: tuple[InstitutionSection, ...]  # by code
    generated_at: dt.datetime  # aware
    # Per till found in the event's sales: its chain head, grand total and key fingerprint,
    # printed so that the signed paper pins the data.
    tills: tuple[ChainPin, ...] = ()

    @property
    def money_due(self) -> int:
        return sum(section.money_due for section in self.institutions)


def _info(event: Event) -> EventInfo:
    return EventInfo(
        id=event.id,
        uuid=event.uuid,
        name=event.name,
        venue=event.venue,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
    )


def find_event(db: Database, text: str) -> EventInfo:
    """The event whose id, uuid or exact name is ``text`` (a name is also matched ignoring
    case when nothing matches exactly). :class:`EventNotFound` or :class:`AmbiguousEvent`.

    Open to everybody: it reveals an event's name and dates, which the till shows anyway;
    the report about the event is what is checked."""
    wanted = text.strip()
    if not wanted:
        raise EventNotFound(text)
    with db.read() as session:
        if wanted.isdigit():
            event = session.get(Event, int(wanted))
            if event is not None:
                return _info(event)
        if _UUID_RE.match(wanted):
            event = session.scalar(select(Event).where(Event.uuid == wanted.lower()))
            if event is not None:
                return _info(event)
        matches = session.scalars(
            select(Event).where(Event.name == wanted).order_by(Event.id)
        ).all()
        if not matches:
            matches = session.scalars(
                select(Event).where(func.lower(Event.name) == wanted.lower()).order_by(Event.id)
            ).all()
        if len(matches) > 1:
            raise AmbiguousEvent(wanted, tuple(event.id for event in matches))
        if not matches:
            raise EventNotFound(wanted)
        return _info(matches[0])


def _closing_status(counts: tuple[CountSummary, ...]) -> ClosingStatus:
    if any(count.status == CountStatus.POSTED for count in counts):
        return "posted"
    return "open" if counts else "none"


@collector_paused()
def end_of_event_report(
    db: Database,
    actor: Actor | None,
    event_id: int,
    *,
    tz: dt.tzinfo | None = None,
    now: dt.datetime | None = None,
) -> EventReport:
    """The end-of-event report of ``event_id`` (:class:`UnknownEvent` if there is none).
    ``tz`` gives the hours and days of the sales summary (default: the laptop's zone).
    Needs :attr:`Action.VIEW_REPORTS` (its variance sections included). Refused
    (:class:`MergeInProgress`) while another till's export is being merged here: the paper
    people sign must not show half of it."""
    with db.read() as session:
        authorize_or_anonymous(session, actor, Action.VIEW_REPORTS)
        refuse_while_merging(session)
        sales = sales_in(session, ReportScope(event_id=event_id), tz=tz)
        variance = variance_in(session, event_id)
    with db.read() as session:
        event = session.get(Event, event_id)
        if event is None:
            raise UnknownEvent(event_id)
        info = _info(event)
        connection = session.connection()
        tills = journal.event_pins(connection, event_id) if journal.has_journal(connection) else ()
        participants = set(
            session.scalars(
                select(event_institutions.c.institution_id).where(
                    event_institutions.c.event_id == event_id
                )
            )
        )
        # The institution a line's money goes to is the one on the sale line (attribution at
        # the time of sale), as for the handover record's money due. Read from the sales
        # summaries (one row per product and attribution), with the product's catalog text.
        by_product = (
            select(
                EventSalesByProduct.institution_id,
                EventSalesByProduct.product_id,
                func.sum(
                    EventSalesByProduct.quantity - EventSalesByProduct.refunded_quantity
                ).label("quantity"),
                func.sum(EventSalesByProduct.gross).label("gross"),
                func.sum(EventSalesByProduct.refunded).label("refunded"),
            )
            .where(EventSalesByProduct.event_key == event_id)
            .group_by(EventSalesByProduct.institution_id, EventSalesByProduct.product_id)
            .having(func.sum(EventSalesByProduct.lines) > 0)
            .subquery()
        )
        # (institution, then a ProductSold's fields) as the driver's tuples: one per product.
        sold_rows = plain_rows(
            session.connection(),
            select(
                by_product.c.institution_id,
                by_product.c.product_id,
                Product.sku,
                Product.name,
                Product.unit,
                by_product.c.quantity,
                by_product.c.gross,
                by_product.c.refunded,
                by_product.c.gross - by_product.c.refunded,
            ).join(Product, Product.id == by_product.c.product_id),
        )
        wanted = (
            participants
            | {row[0] for row in sold_rows}
            | {line.institution_id for line in variance.lines}
        )
        institutions = {
            iid: (code, name, kind)
            for iid, code, name, kind in session.execute(
                select(Institution.id, Institution.code, Institution.name, Institution.kind).where(
                    Institution.id.in_(wanted)
                )
            )
        }

    goods: dict[int, list[ProductSold]] = defaultdict(list)
    make = ProductSold._make  # the tuple's own constructor, no Python frame per row
    for row in sold_rows:
        goods[row[0]].append(make(row[1:]))
    variance_lines: dict[int, list[VarianceLine]] = defaultdict(list)
    for line in variance.lines:
        if line.track_stock:
            variance_lines[line.institution_id].append(line)
    totals = {item.institution_id: item.totals for item in variance.institutions}
    receipts = {row.key: row.receipts for row in sales.by_institution}

    sections = []
    by_name = attrgetter("name", "sku")
    for iid, (code, name, kind) in sorted(institutions.items(), key=lambda item: item[1][0]):
        sold = sorted(goods.get(iid, []), key=by_name)
        counts = tuple(
            count
            for count in variance.closing_counts
            if count.institution_code is None or count.institution_code == code
        )
        sections.append(
            InstitutionSection(
                institution_id=iid,
                code=code,
                name=name,
                kind=kind,
                goods_sold=tuple(sold),
                units_sold=sum(item.quantity for item in sold),
                gross=sum(item.gross for item in sold),
                refunds=sum(item.refunds for item in sold),
                money_due=sum(item.net for item in sold),
                receipts=receipts.get(code, 0),
                closing_status=_closing_status(counts),
                closing_counts=counts,
                variance_lines=tuple(sorted(variance_lines.get(iid, []), key=by_name)),
                variance_totals=totals.get(iid),
            )
        )
    return EventReport(
        event=info,
        sales=sales,
        institutions=tuple(sections),
        generated_at=now if now is not None else dt.datetime.now(dt.UTC),
        tills=tills,
    )
