"""The stock ledger: every change is an inserted movement; stock on hand is their sum, kept per
product in ``stock_balances`` by the database in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    Event,
    Institution,
    MovementKind,
    Product,
    StockBalance,
    StockMovement,
    event_institutions,
)
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.people.audit import AuditAction
from bazaar_pos.stock.journal import acting_user, journal, name_of


def new_movement(
    *,
    product_id: int,
    quantity: int,
    kind: MovementKind,
    event_id: int | None,
    at: dt.datetime,
    sale_line_id: int | None = None,
    note: str = "",
) -> StockMovement:
    return StockMovement(
        uuid=new_uuid(),
        product_id=product_id,
        quantity=quantity,
        kind=kind.value,
        event_id=event_id,
        created_at=at,
        sale_line_id=sale_line_id,
        note=note,
    )


def on_hand_in(session: Session, product_ids: Iterable[int]) -> dict[int, int]:
    """Units on hand now of each product: its balance, the ledger's sum kept by the database
    with every movement (a row by primary key, not a pass over the product's history); 0 for
    a product that never moved (it has no balance row)."""
    ids = list(product_ids)
    rows = session.execute(
        select(StockBalance.product_id, StockBalance.quantity).where(
            StockBalance.product_id.in_(ids)
        )
    ).all()
    levels = dict.fromkeys(ids, 0)
    levels.update({product_id: int(quantity) for product_id, quantity in rows})
    return levels


def stock_on_hand(db: Database, product_id: int) -> int:
    """Units on hand of one product: the sum of its ledger movements (its balance).

    Open to everybody (no acting user): the till asks it while selling, and it reveals no more
    than the shelf does."""
    with db.read() as session:
        return on_hand_in(session, [product_id])[product_id]


# --- Recording stock changes by hand: arrivals, damage/loss, reversals -------------------------


class InvalidStockChange(PosError):
    def __init__(self, reason: str, *, product_id: int | None = None, detail: str = "") -> None:
        super().__init__(f"stock change refused: {reason}{f' ({detail})' if detail else ''}")
        # "not_positive" | "too_large" | "untracked" | "unknown_product" | "reason_required"
        # | "nothing_received" | "archived" | "not_in_event"
        # | "unknown_movement" | "already_reversed" | "not_reversible" | "unknown_event"
        self.reason = reason
        self.product_id = product_id
        self.detail = detail


# A movement bigger than this is a typo (a besek order is 1,600; nobody brings a million).
MAX_MOVEMENT_QUANTITY = 999_999

# Sales are undone by a refund and counts by a new count; returns are part of a signed
# handover record, so they are not undone at the till either. The rest is undone by a reversal.
REVERSIBLE_KINDS = frozenset({MovementKind.ARRIVAL, MovementKind.DAMAGE})


@dataclass(frozen=True)
class MovementInfo:
    id: int
    uuid: str
    created_at: dt.datetime
    kind: str
    product_id: int
    sku: str
    product_name: str
    institution_code: str
    quantity: int  # signed
    note: str
    recorded_by: str
    event_id: int | None
    reverses_id: int | None  # this movement undoes that one
    reversed_by_id: int | None  # that movement undid this one


def _check_quantity(quantity: int, product_id: int) -> None:
    if quantity <= 0:
        raise InvalidStockChange("not_positive", product_id=product_id, detail=str(quantity))
    if quantity > MAX_MOVEMENT_QUANTITY:
        raise InvalidStockChange("too_large", product_id=product_id, detail=str(quantity))


def _tracked_products(session: Session, product_ids: Iterable[int]) -> dict[int, Product]:
    ids = set(product_ids)
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(ids)))}
    for product_id in ids:
        product = products.get(product_id)
        if product is None:
            raise InvalidStockChange("unknown_product", product_id=product_id)
        if not product.track_stock:
            raise InvalidStockChange("untracked", product_id=product_id, detail=product.name)
    return products


def _check_event(session: Session, event_id: int | None) -> None:
    if event_id is not None and session.get(Event, event_id) is None:
        raise InvalidStockChange("unknown_event", detail=str(event_id))


def record_arrivals(
    db: Database,
    actor: Actor | None,
    event_id: int | None,
    quantities: Mapping[int, int],
    *,
    note: str = "",
) -> int:
    """Goods received from an institution for the event: one ``arrival`` per product, all in
    one transaction (a delivery note is booked whole or not at all). Returns the count.

    Needs :attr:`Action.RECORD_ARRIVALS`; the movements carry the acting user's name and each
    is journaled (product, quantity, event)."""
    if not quantities:
        raise InvalidStockChange("nothing_received")
    for product_id, quantity in quantities.items():
        _check_quantity(quantity, product_id)
    now = dt.datetime.now(dt.UTC)
    with db.write() as session:
        user = acting_user(session, actor, Action.RECORD_ARRIVALS)
        _check_event(session, event_id)
        products = _tracked_products(session, quantities)
        for product in products.values():
            if not product.active:
                raise InvalidStockChange("archived", product_id=product.id, detail=product.name)
        if event_id is not None:
            # Goods arrive *from an institution taking part*: anything else is a wrong scan.
            participants = set(
                session.scalars(
                    select(event_institutions.c.institution_id).where(
                        event_institutions.c.event_id == event_id
                    )
                )
            )
            for product in products.values():
                if product.institution_id not in participants:
                    raise InvalidStockChange(
                        "not_in_event", product_id=product.id, detail=product.name
                    )
        for product_id, quantity in quantities.items():
            movement = new_movement(
                product_id=product_id,
                quantity=quantity,
                kind=MovementKind.ARRIVAL,
                event_id=event_id,
                at=now,
                note=note.strip(),
            )
            movement.recorded_by = name_of(user)
            session.add(movement)
            product = products[product_id]
            journal(
                session,
                actor,
                AuditAction.STOCK_ARRIVAL,
                subject=f"{product.sku} {product.name}",
                detail=f"+{quantity} {product.unit}, event {event_id}"
                + (f"; {note.strip()}" if note.strip() else ""),
                amount=quantity * product.price,
            )
    return len(quantities)


def record_damage(
    db: Database,
    actor: Actor | None,
    event_id: int | None,
    product_id: int,
    quantity: int,
    *,
    reason: str,
) -> MovementInfo:
    """Damaged or lost goods leave the stock with the reason written down (it is asked for at
    the handover: a broken ashtray is not the same as a missing one).

    Needs :attr:`Action.RECORD_DAMAGE`; journaled with the reason and the Rupiah lost."""
    _check_quantity(quantity, product_id)
    if not reason.strip():
        raise InvalidStockChange("reason_required", product_id=product_id)
    with db.write() as session:
        user = acting_user(session, actor, Action.RECORD_DAMAGE)
        _check_event(session, event_id)
        product = _tracked_products(session, [product_id])[product_id]
        movement = new_movement(
            product_id=product_id,
            quantity=-quantity,
            kind=MovementKind.DAMAGE,
            event_id=event_id,
            at=dt.datetime.now(dt.UTC),
            note=reason.strip(),
        )
        movement.recorded_by = name_of(user)
        session.add(movement)
        session.flush()
        movement_id = movement.id
        journal(
            session,
            actor,
            AuditAction.STOCK_DAMAGE,
            subject=f"{product.sku} {product.name}",
            detail=f"-{quantity} {product.unit}, event {event_id}; {reason.strip()}",
            amount=quantity * product.price,
        )
        return _movement_infos(session, movement_ids=[movement_id])[0]


def reverse_movement(
    db: Database, actor: Actor | None, movement_id: int, *, reason: str
) -> MovementInfo:
    """Undo a wrong arrival, damage or return with the opposite movement (same kind, so the
    report's columns stay right). A movement is reversed at most once (unique in the schema).

    Needs :attr:`Action.REVERSE_MOVEMENT`; journaled naming the movement undone."""
    if not reason.strip():
        raise InvalidStockChange("reason_required")
    with db.write() as session:
        user = acting_user(session, actor, Action.REVERSE_MOVEMENT)
        original = session.get(StockMovement, movement_id)
        if original is None:
            raise InvalidStockChange("unknown_movement", detail=str(movement_id))
        if original.reverses_id is not None or original.kind not in REVERSIBLE_KINDS:
            raise InvalidStockChange(
                "not_reversible", product_id=original.product_id, detail=original.kind
            )
        already = session.scalar(
            select(StockMovement.id).where(StockMovement.reverses_id == movement_id)
        )
        if already is not None:
            raise InvalidStockChange("already_reversed", product_id=original.product_id)
        reversal = new_movement(
            product_id=original.product_id,
            quantity=-original.quantity,
            kind=MovementKind(original.kind),
            event_id=original.event_id,
            at=dt.datetime.now(dt.UTC),
            note=reason.strip(),
        )
        reversal.reverses_id = original.id
        reversal.handover_id = original.handover_id
        reversal.recorded_by = name_of(user)
        session.add(reversal)
        session.flush()
        reversal_id = reversal.id
        product = session.get(Product, original.product_id)
        assert product is not None  # foreign key
        journal(
            session,
            actor,
            AuditAction.STOCK_REVERSAL,
            subject=f"{product.sku} {product.name}",
            detail=f"{original.kind} movement {original.id} ({original.uuid}) "
            f"{original.quantity:+d} -> {-original.quantity:+d}; {reason.strip()}",
            amount=abs(original.quantity) * product.price,
        )
        return _movement_infos(session, movement_ids=[reversal_id])[0]


def _movement_infos(
    session: Session,
    *,
    movement_ids: Sequence[int] | None = None,
    product_id: int | None = None,
    event_id: int | None = None,
    kinds: Iterable[MovementKind] | None = None,
    limit: int = 500,
) -> list[MovementInfo]:
    reversal = aliased(StockMovement)
    query = (
        select(
            StockMovement.id,
            StockMovement.uuid,
            StockMovement.created_at,
            StockMovement.kind,
            StockMovement.product_id,
            Product.sku,
            Product.name,
            Institution.code,
            StockMovement.quantity,
            StockMovement.note,
            StockMovement.recorded_by,
            StockMovement.event_id,
            StockMovement.reverses_id,
            reversal.id,
        )
        .join(Product, Product.id == StockMovement.product_id)
        .join(Institution, Institution.id == Product.institution_id)
        .outerjoin(reversal, reversal.reverses_id == StockMovement.id)
        .order_by(StockMovement.id.desc())
        .limit(limit)
    )
    if movement_ids is not None:
        query = query.where(StockMovement.id.in_(movement_ids))
    if product_id is not None:
        query = query.where(StockMovement.product_id == product_id)
    if event_id is not None:
        query = query.where(StockMovement.event_id == event_id)
    if kinds is not None:
        query = query.where(StockMovement.kind.in_([kind.value for kind in kinds]))
    return [
        MovementInfo(
            id=row[0],
            uuid=row[1],
            created_at=row[2],
            kind=row[3],
            product_id=row[4],
            sku=row[5],
            product_name=row[6],
            institution_code=row[7],
            quantity=row[8],
            note=row[9],
            recorded_by=row[10],
            event_id=row[11],
            reverses_id=row[12],
            reversed_by_id=row[13],
        )
        for row in session.execute(query)
    ]


def list_movements(
    db: Database,
    actor: Actor | None,
    *,
    product_id: int | None = None,
    event_id: int | None = None,
    kinds: Iterable[MovementKind] | None = None,
    limit: int = 500,
) -> list[MovementInfo]:
    """The ledger, newest first, optionally for one product, event or kinds of movement
    (needs :attr:`Action.VIEW_STOCK`)."""
    with db.read() as session:
        acting_user(session, actor, Action.VIEW_STOCK)
        return _movement_infos(
            session, product_id=product_id, event_id=event_id, kinds=kinds, limit=limit
        )
