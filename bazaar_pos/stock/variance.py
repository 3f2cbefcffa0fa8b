"""The variance report of an event: per product, from the opening count to the closing count,
what the ledger says should be there against what was counted, in units and in Rupiah.

The figures come from the ledger only (``stock_movements``), split at two boundaries per
product, both ledger ids written when a count is posted:

- *opening*: everything up to the posting of the latest opening count that counted the
  product (0 and no boundary without one);
- *period*: what was recorded after that and up to the posting of the latest closing count
  of the product — except that count's own adjustments, which are its outcome, not an input.
  Without a posted closing count the period runs to now (an open closing count gives a live
  preview).

*counted* is the closing count's figure carried to the end of the period: a product counted
while the stall was still selling has the movements recorded after it was counted added to it
(what the count put on the books), so ``variance = counted - expected`` is the count's own
variance and a sale during the count is neither a loss nor a gain.

This is the report's hot path (5,000 products, 200k sale lines in under a second), so the
ledger is summed in SQL in one pass without joins, grouped by kind, product and the span
between the counts' ledger ids; each product then picks its spans in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import CTE, BigInteger, Select, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from bazaar_pos.collector import collector_paused
from bazaar_pos.db import Database
from bazaar_pos.db.batched_write import refuse_while_merging
from bazaar_pos.db.models import (
    CountKind,
    CountLine,
    CountSession,
    CountStatus,
    Event,
    EventSalesByProduct,
    Institution,
    MovementKind,
    Product,
    StockMovement,
    Workshop,
    event_institutions,
)
from bazaar_pos.db.rows import plain_rows
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.stock.counts import moved_since_snapshot
from bazaar_pos.stock.documents import (
    CountSummary,
    InstitutionVariance,
    VarianceLine,
    VarianceReport,
    VarianceTotals,
)
from bazaar_pos.stock.journal import acting_user


class UnknownEvent(PosError):
    def __init__(self, event_id: int) -> None:
        super().__init__(f"no event {event_id}")
        self.event_id = event_id


@dataclass
class _Figures:
    opening: int = 0
    arrivals: int = 0
    sold: int = 0
    refunded: int = 0
    returned: int = 0
    damaged: int = 0
    adjusted: int = 0

    def add_period(self, kind: str, quantity: int) -> None:
        # Signs as people read them: sold/returned/damaged are positive numbers of units gone.
        if kind == MovementKind.ARRIVAL:
            self.arrivals += quantity
        elif kind == MovementKind.SALE:
            self.sold -= quantity
        elif kind == MovementKind.REFUND:
            self.refunded += quantity
        elif kind == MovementKind.RETURN:
            self.returned -= quantity
        elif kind == MovementKind.DAMAGE:
            self.damaged -= quantity
        else:  # count adjustments of spot checks, and any kind added later
            self.adjusted += quantity

    @property
    def expected(self) -> int:
        return (
            self.opening
            + self.arrivals
            - self.sold
            + self.refunded
            - self.returned
            - self.damaged
            + self.adjusted
        )


def _ranked_counts(event_id: int, kind: CountKind, statuses: Sequence[CountStatus]) -> CTE:
    """Per product, the latest count of ``kind`` (rank 1) with its boundary and figures."""
    order = (
        CountSession.posted_through_movement_id.desc()
        if kind == CountKind.OPENING
        else CountSession.id.desc()
    )
    return (
        select(
            CountLine.product_id,
            CountSession.id.label("session_id"),
            CountSession.posted_through_movement_id.label("boundary"),
            func.row_number().over(partition_by=CountLine.product_id, order_by=order).label("rank"),
        )
        .join(CountSession, CountSession.id == CountLine.session_id)
        .where(
            CountSession.event_id == event_id,
            CountSession.kind == kind.value,
            CountSession.status.in_([status.value for status in statuses]),
        )
        .cte(f"{kind.value}_counts")
    )


def _summaries(session: Session, event_id: int, kind: CountKind) -> dict[int, CountSummary]:
    statuses = (
        [CountStatus.POSTED.value]
        if kind == CountKind.OPENING
        else [CountStatus.POSTED.value, CountStatus.OPEN.value]
    )
    rows = session.execute(
        select(CountSession, Institution.code)
        .outerjoin(Institution, Institution.id == CountSession.institution_id)
        .where(
            CountSession.event_id == event_id,
            CountSession.kind == kind.value,
            CountSession.status.in_(statuses),
        )
    ).all()
    return {
        count.id: CountSummary(
            id=count.id,
            kind=count.kind,
            status=count.status,
            blind=count.blind,
            institution_code=code,
            started_at=count.started_at,
            posted_at=count.posted_at,
            counted_by=count.counted_by,
            supervised_by=count.supervised_by,
            uncounted_as_zero=count.uncounted_as_zero,
        )
        for count, code in rows
    }


class _ClosingLine(NamedTuple):
    """A product's line in its latest closing count."""

    session_id: int
    boundary: int | None  # the count's posted_through_movement_id; None while it is open
    counted: int | None
    unit_price: int
    expected_at_post: int | None
    adjustment: int | None


def _ledger_figures(
    session: Session,
    event_id: int,
    participants: Select[tuple[int]],
    opening_of: dict[int, tuple[int, int]],
    closing_lines: dict[int, _ClosingLine],
) -> dict[int, _Figures]:
    """The ledger summed per product and kind, split at each product's boundaries.

    Boundaries are ledger ids of a few count sessions, shared by all their products. So the
    ledger is summed in one pass, without a join, per product, kind and *bucket* (the span
    between two consecutive boundaries) and, for closing counts' own adjustments, per count;
    each product then takes the buckets that fall in its opening and in its period. (A join
    of the ledger with per-product boundaries made SQLite scan the boundaries once per
    movement: 200k x 5,000.)
    """
    cuts = sorted(
        {boundary for _, boundary in opening_of.values()}
        | {line.boundary for line in closing_lines.values() if line.boundary is not None}
    )
    # Bucket k holds the ids in (lower[k], upper[k]]; the last one has no upper end.
    lower = [0, *cuts]
    upper: list[int | None] = [*cuts, None]
    buckets = [
        func.sum(
            case(
                (
                    and_(
                        StockMovement.id > low,
                        *([StockMovement.id <= top] if top is not None else []),
                    ),
                    StockMovement.quantity,
                ),
                else_=0,
            )
        )
        for low, top in zip(lower, upper, strict=True)
    ]
    in_scope = or_(
        StockMovement.product_id.in_(
            select(Product.id).where(Product.institution_id.in_(participants))
        ),
        StockMovement.event_id == event_id,
    )
    # One row per kind, product and count session, its quantities summed per bucket in
    # columns. The ledger's index on (kind, product, count session, id, quantity, event)
    # holds every column read, in the order grouped by: SQLite reads it straight through with
    # no temporary B-tree (grouping by a bucket computed from the id needed one, 1.7 s at
    # 1.1M movements; this is ~0.8 s). The driver's tuples: SQLAlchemy's rows cost as much as
    # the query at 100,000 products.
    grouped = plain_rows(
        session.connection(),
        select(
            StockMovement.product_id,
            StockMovement.kind,
            StockMovement.count_session_id,
            *(cast(bucket, BigInteger) for bucket in buckets),
        )
        .where(in_scope)
        .group_by(StockMovement.kind, StockMovement.product_id, StockMovement.count_session_id),
    )
    closing_ids = {line.session_id for line in closing_lines.values()}
    figures: dict[int, _Figures] = defaultdict(_Figures)
    for product_id, kind, session_id, *sums in grouped:
        figure = figures[product_id]
        low = opening_of.get(product_id, (0, 0))[1]
        closing_line = closing_lines.get(product_id)
        # Only a closing count's own adjustments are told apart (see below).
        own_count = session_id if session_id in closing_ids else None
        for index, quantity in enumerate(sums):
            if not quantity:
                continue
            top = upper[index]
            if top is not None and top <= low:
                figure.opening += int(quantity)
                continue
            if lower[index] < low:
                continue  # cannot happen: ``low`` is one of the cuts
            if closing_line is not None:
                if closing_line.boundary is not None and (
                    top is None or top > closing_line.boundary
                ):
                    continue  # after the closing count
                if own_count is not None and own_count == closing_line.session_id:
                    continue  # the closing count's own adjustment is its outcome, not an input
            figure.add_period(kind, int(quantity))
    return figures


@collector_paused()
def variance_in(session: Session, event_id: int) -> VarianceReport:
    """The variance report of an event (see the module docstring for how figures are made)."""
    event = session.get(Event, event_id)
    if event is None:
        raise UnknownEvent(event_id)
    participants = select(event_institutions.c.institution_id).where(
        event_institutions.c.event_id == event_id
    )
    # Sold, taken (less what was refunded) and refunded per product, from the sales summaries
    # the database keeps with every sale and refund (one row per product and attribution,
    # instead of grouping a million sale lines). Money refunded goes back out of the sales
    # value (the café's refunded cups, which have no ledger, are shown from here too).
    sales: dict[int, tuple[int, int]] = {}
    refunded_units: dict[int, int] = {}
    for pid, qty, value, r_qty, r_value in (
        session.connection()
        .execute(
            select(
                EventSalesByProduct.product_id,
                func.sum(EventSalesByProduct.quantity),
                func.sum(EventSalesByProduct.gross),
                func.sum(EventSalesByProduct.refunded_quantity),
                func.sum(EventSalesByProduct.refunded),
            )
            .where(EventSalesByProduct.event_key == event_id)
            .group_by(EventSalesByProduct.product_id)
            .having(func.sum(EventSalesByProduct.lines) > 0)
        )
        .all()
    ):
        sales[pid] = (int(qty), int(value) - int(r_value))
        if r_qty:
            refunded_units[pid] = int(r_qty)

    opening = _ranked_counts(event_id, CountKind.OPENING, [CountStatus.POSTED])
    closing = _ranked_counts(event_id, CountKind.CLOSING, [CountStatus.POSTED, CountStatus.OPEN])
    # Per product: the ledger id its opening ends at, and its closing count's line.
    opening_of: dict[int, tuple[int, int]] = {
        pid: (session_id, boundary or 0)
        for pid, session_id, boundary in plain_rows(
            session.connection(),
            select(opening.c.product_id, opening.c.session_id, opening.c.boundary).where(
                opening.c.rank == 1
            ),
        )
    }
    closing_lines: dict[int, _ClosingLine] = {
        row[0]: _ClosingLine(*row[1:])
        for row in plain_rows(
            session.connection(),
            select(
                closing.c.product_id,
                closing.c.session_id,
                closing.c.boundary,
                CountLine.counted,
                CountLine.unit_price,
                CountLine.expected_at_post,
                CountLine.adjustment,
            )
            .join(
                CountLine,
                and_(
                    CountLine.session_id == closing.c.session_id,
                    CountLine.product_id == closing.c.product_id,
                ),
            )
            .where(closing.c.rank == 1),
        )
    }
    figures = _ledger_figures(session, event_id, participants, opening_of, closing_lines)

    closing_sessions = _summaries(session, event_id, CountKind.CLOSING)
    opening_sessions = _summaries(session, event_id, CountKind.OPENING)
    # An open closing count's figures are as of when each product was counted; what moved
    # since is in the period already, so it is carried onto the counted figure too.
    moved_after_counting: dict[int, int] = {}
    for session_id in {entry.session_id for entry in closing_lines.values()}:
        if closing_sessions[session_id].status == CountStatus.OPEN:
            count = session.get(CountSession, session_id)
            assert count is not None  # just read
            for pid, (_, after) in moved_since_snapshot(session, count).items():
                moved_after_counting[pid] = after
    used_openings = {session_id for session_id, _ in opening_of.values()}

    wanted = set(figures) | set(sales) | set(closing_lines)
    catalog = (
        select(
            Product.id,
            Product.sku,
            Product.name,
            Product.unit,
            Product.category,
            Product.institution_id,
            Institution.code,
            Workshop.name,
            Product.track_stock,
            Product.price,
            Product.active,
        )
        .join(Institution, Institution.id == Product.institution_id)
        .outerjoin(Workshop, Workshop.id == Product.workshop_id)
    )
    order = (Institution.code, Product.name, Product.id)
    products = plain_rows(
        session.connection(),
        catalog.where(Product.institution_id.in_(participants)).order_by(*order),
    )
    # Goods of an institution taken off the event's list after they moved or sold. (Found
    # from the figures already read: a subquery over the ledger and the sale lines here
    # read both tables a second time.)
    strays = set(figures) | set(sales)
    strays.difference_update(row[0] for row in products)
    if strays:
        products = plain_rows(
            session.connection(),
            catalog.where(
                or_(Product.institution_id.in_(participants), Product.id.in_(sorted(strays)))
            ).order_by(*order),
        )
    institution_names = dict(session.execute(select(Institution.id, Institution.name)).all())

    lines: list[VarianceLine] = []
    for (
        pid,
        sku,
        name,
        unit,
        category,
        inst_id,
        code,
        workshop,
        tracked,
        price,
        active,
    ) in products:
        if not active and pid not in wanted:
            continue
        figure = figures.get(pid, _Figures())
        sold_quantity, sales_value = sales.get(pid, (0, 0))
        counted: int | None = None
        unit_price = price
        closing_entry = closing_lines.get(pid)
        if closing_entry is not None:
            unit_price = closing_entry.unit_price
            counted = closing_entry.counted
            at_post, adjustment = closing_entry.expected_at_post, closing_entry.adjustment
            if closing_sessions[closing_entry.session_id].status == CountStatus.POSTED:
                # What the count put on the books: the counted figure (0 if posted with
                # "uncounted = 0") plus what moved after the product was counted.
                counted = None if adjustment is None or at_post is None else at_post + adjustment
            elif counted is not None:
                counted += moved_after_counting.get(pid, 0)
        if not tracked:
            # No ledger for café drinks: what was sold is what the sale lines say.
            figure = _Figures(sold=sold_quantity, refunded=refunded_units.get(pid, 0))
            counted = None
        expected = figure.expected if tracked else 0
        variance = None if counted is None else counted - expected
        lines.append(
            VarianceLine.of_figures(
                product_id=pid,
                sku=sku,
                name=name,
                unit=unit,
                category=category,
                institution_id=inst_id,
                institution_code=code,
                workshop=workshop or "",
                track_stock=bool(tracked),  # the driver's 0 or 1 on SQLite
                unit_price=unit_price,
                opening=figure.opening,
                arrivals=figure.arrivals,
                sold=figure.sold,
                refunded=figure.refunded,
                returned=figure.returned,
                damaged=figure.damaged,
                adjusted=figure.adjusted,
                expected=expected,
                counted=counted,
                variance=variance,
                variance_value=None if variance is None else variance * unit_price,
                sales_value=sales_value,
            )
        )
    event_name, venue, starts_on, ends_on = (
        event.name,
        event.venue,
        event.starts_on,
        event.ends_on,
    )

    by_institution: dict[int, list[VarianceLine]] = defaultdict(list)
    for line in lines:
        by_institution[line.institution_id].append(line)
    institutions = sorted(
        (
            InstitutionVariance(
                institution_id=inst_id,
                code=group[0].institution_code,
                name=institution_names.get(inst_id, ""),
                totals=VarianceTotals.of(group),
            )
            for inst_id, group in by_institution.items()
        ),
        key=lambda item: item.code,
    )
    used_closings = {entry.session_id for entry in closing_lines.values()}
    return VarianceReport(
        event_id=event_id,
        event_name=event_name,
        venue=venue,
        starts_on=starts_on,
        ends_on=ends_on,
        generated_at=dt.datetime.now(dt.UTC),
        opening_counts=tuple(
            summary for sid, summary in sorted(opening_sessions.items()) if sid in used_openings
        ),
        closing_counts=tuple(
            summary for sid, summary in sorted(closing_sessions.items()) if sid in used_closings
        ),
        lines=tuple(lines),
        institutions=tuple(institutions),
        totals=VarianceTotals.of(lines),
    )


def variance_report(db: Database, actor: Actor | None, event_id: int) -> VarianceReport:
    """The variance report of an event, for a user allowed :attr:`Action.VIEW_VARIANCE`
    (the screen, its CSV and its PDF are all made from what this returns). Refused
    (:class:`MergeInProgress`) while another till's export is being merged here."""
    with db.read() as session:
        acting_user(session, actor, Action.VIEW_VARIANCE)
        refuse_while_merging(session)
        return variance_in(session, event_id)
