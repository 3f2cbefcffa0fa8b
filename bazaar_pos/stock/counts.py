"""Count sessions: the opening count (what arrived), the closing count (what is left) and spot
checks during an event.

How the figures work:

- Starting a count snapshots, per product in scope, the quantity the ledger expects
  (``expected_at_start``) and remembers the last ledger id (``snapshot_movement_id``).
- While the count is open the stall keeps selling. Whatever the ledger records after the
  snapshot (sales, refunds, arrivals — also another till's sales merged later) moves the
  expected figure. A counted figure is what was on the table *when it was counted* (the
  line's ``counted_at``, the last scan or entry), so it is compared with what the ledger
  expected at that moment: ``variance = counted - (expected_at_start + movements between the
  snapshot and the counting)``. A sale before the product is counted is not a loss, and a
  sale after it was counted (while the rest of the stall is being counted) is not a gain.
- Posting writes one ``count_adjustment`` movement per product whose count differs from the
  expected figure (the variance), all in one transaction, and freezes the session. The ledger
  then holds the counted figure plus whatever moved after the counting. An uncounted product gets
  no adjustment (and is reported as not counted) unless the poster chose "uncounted = 0".
- A blind count hides expected figures from the counter until it is posted.

Each function is one user action with its own unit of work (``db.write()``/``db.read()``),
and takes the acting user, checked against the permission table inside it: starting needs
:attr:`Action.START_COUNT`, counting and reading a count sheet :attr:`Action.ENTER_COUNT`,
posting :attr:`Action.POST_COUNT`, discarding :attr:`Action.DISCARD_COUNT`. Who started and
who posted a count are the logged-in users, never typed names; start, post and discard are
journaled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, insert, or_, select, true
from sqlalchemy.orm import Session

from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    CountKind,
    CountLine,
    CountSession,
    CountStatus,
    Event,
    Institution,
    MovementKind,
    Product,
    StockMovement,
    event_institutions,
)
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import PosError, UnknownCode
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.people.audit import AuditAction
from bazaar_pos.stock.journal import acting_user, journal, name_of
from bazaar_pos.stock.ledger import on_hand_in

# A count above this is a typo: the biggest lot we know of is 1,600 besek for one trader.
MAX_COUNTED = 999_999


class CountError(PosError):
    """A count action refused; ``reason`` says which rule, ``detail`` what it was about."""

    def __init__(self, reason: str, *, session_id: int | None = None, detail: str = "") -> None:
        # "not_found" | "not_open" (posted or discarded) | "scope_busy" (another open count
        # covers the same products) | "untracked" | "outside_scope" | "no_products"
        # | "unknown_event" | "institution_not_in_event" | "not_positive" (a scan of 0)
        # | "negative" (a typed count below 0) | "too_large"
        super().__init__(f"count {session_id or ''}: {reason}{f' ({detail})' if detail else ''}")
        self.reason = reason
        self.session_id = session_id
        self.detail = detail


@dataclass(frozen=True)
class CountSessionInfo:
    id: int
    uuid: str
    event_id: int
    event_name: str
    kind: str  # CountKind value
    blind: bool
    institution_id: int | None  # None: every institution of the event
    institution_code: str | None
    status: str  # CountStatus value
    started_at: dt.datetime
    posted_at: dt.datetime | None
    counted_by: str
    supervised_by: str
    uncounted_as_zero: bool
    products: int  # lines in the count
    counted_products: int  # lines with a count

    @property
    def is_open(self) -> bool:
        return self.status == CountStatus.OPEN


@dataclass(frozen=True)
class CountSheetLine:
    """One product on the count sheet.

    ``expected`` is what the ledger expected when the product was counted (as of now while it
    is not counted yet), so ``variance = counted - expected``. ``expected`` and ``variance``
    are ``None`` while a blind count is open (the counter must not see them) and ``variance``
    is ``None`` while the product is not counted.
    """

    product_id: int
    sku: str
    barcode: str | None
    name: str
    unit: str
    category: str
    institution_id: int
    institution_code: str
    unit_price: int
    expected: int | None
    counted: int | None
    variance: int | None
    adjustment: int | None  # written when posted

    @property
    def variance_value(self) -> int | None:
        return None if self.variance is None else self.variance * self.unit_price


@dataclass(frozen=True)
class CountSheet:
    session: CountSessionInfo
    lines: tuple[CountSheetLine, ...]  # by institution code, then name


@dataclass(frozen=True)
class PostedCount:
    session: CountSessionInfo
    adjustments: int  # movements written
    uncounted: tuple[CountSheetLine, ...]  # left as they were (unless uncounted_as_zero)
    variance_units: int  # net, over counted products
    variance_value: int  # Rupiah at the count's prices


# --- reading --------------------------------------------------------------------------------


def _session(session: Session, session_id: int) -> CountSession:
    found = session.get(CountSession, session_id)
    if found is None:
        raise CountError("not_found", session_id=session_id)
    return found


def _session_infos(session: Session, *where: Any) -> list[CountSessionInfo]:
    line_counts = (
        select(
            CountLine.session_id,
            func.count().label("products"),
            func.count(CountLine.counted).label("counted"),
        )
        .group_by(CountLine.session_id)
        .subquery()
    )
    rows = session.execute(
        select(
            CountSession,
            Event.name,
            Institution.code,
            line_counts.c.products,
            line_counts.c.counted,
        )
        .join(Event, Event.id == CountSession.event_id)
        .outerjoin(Institution, Institution.id == CountSession.institution_id)
        .outerjoin(line_counts, line_counts.c.session_id == CountSession.id)
        .where(*where)
        .order_by(CountSession.id.desc())
    ).all()
    return [
        CountSessionInfo(
            id=count.id,
            uuid=count.uuid,
            event_id=count.event_id,
            event_name=event_name,
            kind=count.kind,
            blind=count.blind,
            institution_id=count.institution_id,
            institution_code=code,
            status=count.status,
            started_at=count.started_at,
            posted_at=count.posted_at,
            counted_by=count.counted_by,
            supervised_by=count.supervised_by,
            uncounted_as_zero=count.uncounted_as_zero,
            products=products or 0,
            counted_products=counted or 0,
        )
        for count, event_name, code, products, counted in rows
    ]


def list_counts(
    db: Database, actor: Actor | None, event_id: int | None = None
) -> list[CountSessionInfo]:
    """Count sessions, newest first (of one event if given)."""
    with db.read() as session:
        acting_user(session, actor, Action.ENTER_COUNT)
        where = [] if event_id is None else [CountSession.event_id == event_id]
        return _session_infos(session, *where)


def get_count(db: Database, actor: Actor | None, session_id: int) -> CountSessionInfo:
    with db.read() as session:
        acting_user(session, actor, Action.ENTER_COUNT)
        infos = _session_infos(session, CountSession.id == session_id)
    if not infos:
        raise CountError("not_found", session_id=session_id)
    return infos[0]


def moved_since_snapshot(
    session: Session, count: CountSession, product_ids: list[int] | None = None
) -> dict[int, tuple[int, int]]:
    """Per product of the count: the net ledger movement recorded after the snapshot, and the
    part of it recorded after the product was counted (which the counted figure cannot
    contain). Products that did not move are left out."""
    after_counting = and_(
        CountLine.counted_at.is_not(None), StockMovement.created_at > CountLine.counted_at
    )
    query = (
        select(
            StockMovement.product_id,
            func.sum(StockMovement.quantity),
            func.sum(case((after_counting, StockMovement.quantity), else_=0)),
        )
        .join(
            CountLine,
            and_(
                CountLine.session_id == count.id, CountLine.product_id == StockMovement.product_id
            ),
        )
        .where(StockMovement.id > count.snapshot_movement_id)
        # A posted count's own adjustments are not "movements since": they are its outcome.
        .where(
            or_(
                StockMovement.count_session_id.is_(None),
                StockMovement.count_session_id != count.id,
            )
        )
        .group_by(StockMovement.product_id)
    )
    if product_ids is not None:
        query = query.where(StockMovement.product_id.in_(product_ids))
    return {
        product_id: (int(total), int(after or 0))
        for product_id, total, after in session.execute(query)
    }


_SHEET_COLUMNS = (
    CountLine.product_id,
    Product.sku,
    Product.barcode,
    Product.name,
    Product.unit,
    Product.category,
    Product.institution_id,
    Institution.code,
    CountLine.unit_price,
    CountLine.expected_at_start,
    CountLine.counted,
    CountLine.expected_at_post,
    CountLine.adjustment,
)


def _sheet_lines(
    session: Session, count: CountSession, product_ids: list[int] | None = None
) -> list[CountSheetLine]:
    query = (
        select(*_SHEET_COLUMNS)
        .join(Product, Product.id == CountLine.product_id)
        .join(Institution, Institution.id == Product.institution_id)
        .where(CountLine.session_id == count.id)
        .order_by(Institution.code, Product.name)
    )
    if product_ids is not None:
        query = query.where(CountLine.product_id.in_(product_ids))
    posted = count.status == CountStatus.POSTED
    hidden = count.blind and count.status == CountStatus.OPEN
    moved = {} if posted or hidden else moved_since_snapshot(session, count, product_ids)
    lines = []
    for row in session.execute(query):
        (
            pid,
            sku,
            barcode,
            name,
            unit,
            category,
            inst_id,
            code,
            price,
            start,
            counted,
            at_post,
            adjustment,
        ) = row
        effective = counted
        if posted and counted is None and count.uncounted_as_zero:
            effective = 0
        expected: int | None
        if hidden:
            expected = None
        elif posted:
            # What was expected when the product was counted: the adjustment is the variance.
            expected = (
                at_post if adjustment is None or effective is None else effective - adjustment
            )
        else:
            since_snapshot, after_counting = moved.get(pid, (0, 0))
            expected = start + since_snapshot - after_counting
        variance = None if expected is None or effective is None else effective - expected
        lines.append(
            CountSheetLine(
                product_id=pid,
                sku=sku,
                barcode=barcode,
                name=name,
                unit=unit,
                category=category,
                institution_id=inst_id,
                institution_code=code,
                unit_price=price,
                expected=expected,
                counted=counted,
                variance=variance,
                adjustment=adjustment,
            )
        )
    return lines


def count_sheet(db: Database, actor: Actor | None, session_id: int) -> CountSheet:
    """Everything the count screen shows; expected figures hidden while a blind count is open."""
    with db.read() as session:
        acting_user(session, actor, Action.ENTER_COUNT)
        count = _session(session, session_id)
        lines = _sheet_lines(session, count)
        info = _session_infos(session, CountSession.id == session_id)[0]
    return CountSheet(session=info, lines=tuple(lines))


# --- starting -------------------------------------------------------------------------------


def _scope_institutions(session: Session, count: CountSession) -> set[int]:
    if count.institution_id is not None:
        return {count.institution_id}
    return set(
        session.scalars(
            select(event_institutions.c.institution_id).where(
                event_institutions.c.event_id == count.event_id
            )
        )
    )


def start_count(
    db: Database,
    actor: Actor | None,
    event_id: int,
    kind: CountKind,
    *,
    blind: bool = False,
    institution_id: int | None = None,
    note: str = "",
) -> CountSessionInfo:
    """Open a count of every active, stock-tracked product of the event's institutions (or of
    one institution) and snapshot what the ledger expects of each. ``counted_by`` is the user
    who starts it."""
    now = dt.datetime.now(dt.UTC)
    with db.write() as session:
        user = acting_user(session, actor, Action.START_COUNT)
        if session.get(Event, event_id) is None:
            raise CountError("unknown_event", detail=str(event_id))
        participants = set(
            session.scalars(
                select(event_institutions.c.institution_id).where(
                    event_institutions.c.event_id == event_id
                )
            )
        )
        if institution_id is not None and institution_id not in participants:
            raise CountError("institution_not_in_event", detail=str(institution_id))
        # Two open counts over the same products would each adjust them: refuse the second.
        busy = session.scalar(
            select(CountSession.id).where(
                CountSession.event_id == event_id,
                CountSession.status == CountStatus.OPEN.value,
                true()
                if institution_id is None
                else or_(
                    CountSession.institution_id.is_(None),
                    CountSession.institution_id == institution_id,
                ),
            )
        )
        if busy is not None:
            raise CountError("scope_busy", session_id=busy)
        scope = {institution_id} if institution_id is not None else participants
        products = session.execute(
            select(Product.id, Product.price).where(
                Product.institution_id.in_(scope),
                Product.active.is_(True),
                Product.track_stock.is_(True),
            )
        ).all()
        if not products:
            raise CountError("no_products", detail=str(institution_id or event_id))
        snapshot = session.scalar(select(func.max(StockMovement.id))) or 0
        # What the ledger says up to the snapshot is each product's balance now: this write
        # transaction holds the write lock, so no movement lands between the two reads.
        on_hand = on_hand_in(session, [product_id for product_id, _price in products])
        count = CountSession(
            uuid=new_uuid(),
            event_id=event_id,
            kind=CountKind(kind).value,
            blind=blind,
            institution_id=institution_id,
            status=CountStatus.OPEN.value,
            started_at=now,
            snapshot_movement_id=snapshot,
            uncounted_as_zero=False,
            counted_by=name_of(user),
            supervised_by="",
            note=note.strip(),
        )
        session.add(count)
        session.flush()
        session.execute(
            insert(CountLine),
            [
                {
                    "session_id": count.id,
                    "product_id": product_id,
                    "expected_at_start": int(on_hand.get(product_id) or 0),
                    "unit_price": price,
                }
                for product_id, price in products
            ],
        )
        journal(
            session,
            actor,
            AuditAction.COUNT_STARTED,
            subject=f"count {count.id}",
            detail=f"{count.kind}{' blind' if blind else ''}, event {event_id}, "
            f"institution {institution_id or 'all'}, {len(products)} products",
        )
        return _session_infos(session, CountSession.id == count.id)[0]


# --- counting -------------------------------------------------------------------------------


def _open_session(session: Session, session_id: int) -> CountSession:
    count = _session(session, session_id)
    if count.status != CountStatus.OPEN:
        raise CountError("not_open", session_id=session_id, detail=count.status)
    return count


def _ensure_line(session: Session, count: CountSession, product: Product) -> CountLine:
    """The product's line, added on first scan if it is in scope but was not at the start
    (e.g. added to the catalog after the count began), with its expected figure as of the
    snapshot so the 'movements since' rule still holds."""
    line = session.scalar(
        select(CountLine).where(
            CountLine.session_id == count.id, CountLine.product_id == product.id
        )
    )
    if line is not None:
        return line
    if not product.track_stock:
        raise CountError("untracked", session_id=count.id, detail=product.name)
    if product.institution_id not in _scope_institutions(session, count):
        raise CountError("outside_scope", session_id=count.id, detail=product.name)
    at_snapshot = session.scalar(
        select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
            StockMovement.product_id == product.id,
            StockMovement.id <= count.snapshot_movement_id,
        )
    )
    line = CountLine(
        session_id=count.id,
        product_id=product.id,
        expected_at_start=int(at_snapshot or 0),
        unit_price=product.price,
    )
    session.add(line)
    return line


def _check_counted(value: int, session_id: int) -> None:
    if value < 0:  # 0 is a real count ("none left"); below it is a typo
        raise CountError("negative", session_id=session_id, detail=str(value))
    if value > MAX_COUNTED:
        raise CountError("too_large", session_id=session_id, detail=str(value))


def _line_after(session: Session, count: CountSession, product_id: int) -> CountSheetLine:
    session.flush()
    return _sheet_lines(session, count, [product_id])[0]


def count_scan(
    db: Database, actor: Actor | None, session_id: int, code: str, quantity: int = 1
) -> CountSheetLine:
    """A scan while counting adds ``quantity`` (1, or ``12`` after typing ``12*``) to the
    product's count. The code is a barcode or SKU, archived products included (they may
    still be on the table)."""
    code = code.strip()
    if quantity <= 0:
        raise CountError("not_positive", session_id=session_id, detail=str(quantity))
    with db.write() as session:
        acting_user(session, actor, Action.ENTER_COUNT)
        count = _open_session(session, session_id)
        product = session.scalar(select(Product).where(Product.barcode == code)) or session.scalar(
            select(Product).where(Product.sku == code)
        )
        if product is None:
            raise UnknownCode(code)
        line = _ensure_line(session, count, product)
        new_count = (line.counted or 0) + quantity
        _check_counted(new_count, session_id)
        line.counted = new_count
        line.counted_at = dt.datetime.now(dt.UTC)
        return _line_after(session, count, product.id)


def set_counted(
    db: Database, actor: Actor | None, session_id: int, product_id: int, counted: int | None
) -> CountSheetLine:
    """Type a product's counted quantity (``None`` clears it back to "not counted")."""
    if counted is not None:
        _check_counted(counted, session_id)
    with db.write() as session:
        acting_user(session, actor, Action.ENTER_COUNT)
        count = _open_session(session, session_id)
        product = session.get(Product, product_id)
        if product is None:
            raise CountError("not_found", session_id=session_id, detail=f"product {product_id}")
        line = _ensure_line(session, count, product)
        line.counted = counted
        line.counted_at = dt.datetime.now(dt.UTC) if counted is not None else None
        return _line_after(session, count, product_id)


def discard_count(db: Database, actor: Actor | None, session_id: int) -> CountSessionInfo:
    """Abandon an open count; it wrote nothing to the ledger, so nothing is undone."""
    with db.write() as session:
        acting_user(session, actor, Action.DISCARD_COUNT)
        count = _open_session(session, session_id)
        count.status = CountStatus.DISCARDED.value
        counted = session.scalar(
            select(func.count(CountLine.counted)).where(CountLine.session_id == count.id)
        )
        journal(
            session,
            actor,
            AuditAction.COUNT_DISCARDED,
            subject=f"count {count.id}",
            detail=f"{count.kind}, event {count.event_id}, {counted or 0} products counted",
        )
        session.flush()
        return _session_infos(session, CountSession.id == session_id)[0]


# --- posting --------------------------------------------------------------------------------


def post_count(
    db: Database,
    actor: Actor | None,
    session_id: int,
    *,
    uncounted_as_zero: bool = False,
) -> PostedCount:
    """Write the count's adjustments and freeze it, in one transaction.

    The poster is recorded as ``supervised_by`` (and on the adjustments); the journal entry
    gives the number of products adjusted and the Rupiah of the adjustments.

    ``BEGIN IMMEDIATE`` serialises this with sales on other connections, so the expected
    figures are computed from a ledger nobody is writing to, and a second post (double click,
    second till) finds the session already posted and is refused.
    """
    now = dt.datetime.now(dt.UTC)
    with db.write() as session:
        user = acting_user(session, actor, Action.POST_COUNT)
        count = _open_session(session, session_id)
        moved = moved_since_snapshot(session, count)
        lines = session.scalars(select(CountLine).where(CountLine.session_id == count.id)).all()
        movements: list[dict[str, Any]] = []
        recorded_by = name_of(user)
        adjusted_value = 0
        for line in lines:
            since_snapshot, after_counting = moved.get(line.product_id, (0, 0))
            expected = line.expected_at_start + since_snapshot
            line.expected_at_post = expected
            counted = line.counted
            if counted is None and uncounted_as_zero:
                counted = 0
            if counted is None:
                continue
            # What moved after the product was counted is in the ledger and not in the count:
            # the ledger ends at the counted figure plus those movements.
            line.adjustment = counted + after_counting - expected
            adjusted_value += line.adjustment * line.unit_price
            if line.adjustment:
                movements.append(
                    {
                        "uuid": new_uuid(),
                        "product_id": line.product_id,
                        "event_id": count.event_id,
                        "kind": MovementKind.COUNT_ADJUSTMENT.value,
                        "quantity": line.adjustment,
                        "created_at": now,
                        "note": f"{count.kind} count",
                        "count_session_id": count.id,
                        "recorded_by": recorded_by,
                    }
                )
        if movements:
            session.execute(insert(StockMovement), movements)
        count.status = CountStatus.POSTED.value
        count.posted_at = now
        count.uncounted_as_zero = uncounted_as_zero
        count.supervised_by = recorded_by
        journal(
            session,
            actor,
            AuditAction.COUNT_POSTED,
            subject=f"count {count.id}",
            detail=f"{count.kind}, event {count.event_id}, {len(movements)} of {len(lines)} "
            f"products adjusted, net {sum(m['quantity'] for m in movements):+d} units"
            + (", uncounted = 0" if uncounted_as_zero else ""),
            amount=adjusted_value,
        )
        session.flush()
        count.posted_through_movement_id = session.scalar(select(func.max(StockMovement.id))) or 0
        session.flush()
        sheet = _sheet_lines(session, count)
        info = _session_infos(session, CountSession.id == session_id)[0]
    counted_lines = [line for line in sheet if line.variance is not None]
    return PostedCount(
        session=info,
        adjustments=len(movements),
        uncounted=tuple(line for line in sheet if line.counted is None and not uncounted_as_zero),
        variance_units=sum(line.variance or 0 for line in counted_lines),
        variance_value=sum(line.variance_value or 0 for line in counted_lines),
    )


def open_count_for_event(
    db: Database, actor: Actor | None, event_id: int
) -> CountSessionInfo | None:
    """The most recent open count of the event, to resume after the app was closed."""
    with db.read() as session:
        acting_user(session, actor, Action.ENTER_COUNT)
        infos = _session_infos(
            session,
            and_(CountSession.event_id == event_id, CountSession.status == CountStatus.OPEN.value),
        )
    return infos[0] if infos else None


__all__ = [
    "MAX_COUNTED",
    "CountError",
    "CountSessionInfo",
    "CountSheet",
    "CountSheetLine",
    "PostedCount",
    "count_scan",
    "count_sheet",
    "discard_count",
    "get_count",
    "list_counts",
    "open_count_for_event",
    "post_count",
    "set_counted",
    "start_count",
]
