"""Return to institution: at the end of an event the unsold goods go home, with a signed
handover record (*berita acara serah terima*) of what goes back, what was sold and the money
the institution is due.

The quantities returned are what the ledger holds once the closing count is posted — i.e.
the counted figures — so a return needs a posted closing count covering the institution.

Everything here needs :attr:`Action.RETURN_GOODS`; the event's side of the handover is the
logged-in user, the institution's officer who receives the goods is typed (not a user here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, insert, or_, select
from sqlalchemy.orm import Session

from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    CountKind,
    CountLine,
    CountSession,
    CountStatus,
    Event,
    Handover,
    Institution,
    MovementKind,
    Product,
    RefundLine,
    Sale,
    SaleLine,
    StockBalance,
    StockMovement,
    event_institutions,
)
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.people.audit import AuditAction
from bazaar_pos.stock.documents import HandoverDocument, HandoverLine
from bazaar_pos.stock.journal import acting_user, journal, name_of


class ReturnRefused(PosError):
    def __init__(self, reason: str, *, detail: str = "") -> None:
        # "unknown_event" | "unknown_institution" | "institution_not_in_event"
        # | "no_closing_count" (post the closing count first) | "open_count" (a count of these
        # goods is still open) | "already_returned" | "unknown_handover" | "names_required"
        super().__init__(f"return refused: {reason}{f' ({detail})' if detail else ''}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ReturnProposalLine:
    product_id: int
    sku: str
    name: str
    unit: str
    unit_price: int
    on_hand: int  # what goes back (what the closing count left in the ledger)


@dataclass(frozen=True)
class ReturnProposal:
    event_id: int
    institution_id: int
    institution_code: str
    institution_name: str
    lines: tuple[ReturnProposalLine, ...]  # products with stock on hand, by name
    negative: tuple[ReturnProposalLine, ...]  # ledger below zero: shown, never "returned"
    money_due: int
    existing_handover_id: int | None  # already handed over: reprint instead

    @property
    def units(self) -> int:
        return sum(line.on_hand for line in self.lines)

    @property
    def value(self) -> int:
        return sum(line.on_hand * line.unit_price for line in self.lines)


def _check(session: Session, event_id: int, institution_id: int) -> Institution:
    if session.get(Event, event_id) is None:
        raise ReturnRefused("unknown_event", detail=str(event_id))
    institution = session.get(Institution, institution_id)
    if institution is None:
        raise ReturnRefused("unknown_institution", detail=str(institution_id))
    taking_part = session.scalar(
        select(func.count()).where(
            event_institutions.c.event_id == event_id,
            event_institutions.c.institution_id == institution_id,
        )
    )
    if not taking_part:
        raise ReturnRefused("institution_not_in_event", detail=institution.code)
    return institution


def _covering_counts(event_id: int, institution_id: int, status: CountStatus) -> Select[int]:
    """Counts of the event whose scope includes the institution's goods."""
    return select(CountSession.id).where(
        CountSession.event_id == event_id,
        CountSession.status == status.value,
        or_(CountSession.institution_id.is_(None), CountSession.institution_id == institution_id),
    )


def _closing_price(event_id: int, posted_by: dt.datetime | None = None) -> ColumnElement[int]:
    """The product's price in the latest posted closing count of the event (the price the
    variance report values it at), else its catalog price. A signed handover is reprinted
    with the figures it was signed with, whatever the catalog says later."""
    latest = (
        select(CountLine.unit_price)
        .join(CountSession, CountSession.id == CountLine.session_id)
        .where(
            CountLine.product_id == Product.id,
            CountSession.event_id == event_id,
            CountSession.kind == CountKind.CLOSING.value,
            CountSession.status == CountStatus.POSTED.value,
        )
        .order_by(CountSession.id.desc())
        .limit(1)
    )
    if posted_by is not None:
        latest = latest.where(CountSession.posted_at <= posted_by)
    return func.coalesce(latest.scalar_subquery(), Product.price)


def _money_due(session: Session, event_id: int, institution_id: int) -> int:
    """What the institution's goods took in this event, less what was refunded of them."""
    taken = session.scalar(
        select(func.coalesce(func.sum(SaleLine.line_total), 0))
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(Sale.event_id == event_id, SaleLine.institution_id == institution_id)
    )
    refunded = session.scalar(
        select(func.coalesce(func.sum(RefundLine.amount), 0))
        .join(SaleLine, SaleLine.id == RefundLine.sale_line_id)
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(Sale.event_id == event_id, SaleLine.institution_id == institution_id)
    )
    return int(taken or 0) - int(refunded or 0)


def _refunded_per_product(
    session: Session, event_id: int, institution_id: int
) -> dict[int, tuple[int, int]]:
    """Product id → (units, money) refunded of the institution's sales in the event."""
    rows = session.execute(
        select(SaleLine.product_id, func.sum(RefundLine.quantity), func.sum(RefundLine.amount))
        .join(SaleLine, SaleLine.id == RefundLine.sale_line_id)
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(Sale.event_id == event_id, SaleLine.institution_id == institution_id)
        .group_by(SaleLine.product_id)
    ).all()
    return {pid: (int(qty), int(value)) for pid, qty, value in rows}


def _proposal(session: Session, event_id: int, institution: Institution) -> ReturnProposal:
    rows = session.execute(
        select(
            Product.id,
            Product.sku,
            Product.name,
            Product.unit,
            _closing_price(event_id),
            StockBalance.quantity,
        )
        # What goes back is what is on hand now: the balance (the ledger's sum, kept by the
        # database); a product that never moved has no balance and nothing to return.
        .join(StockBalance, StockBalance.product_id == Product.id)
        .where(Product.institution_id == institution.id, Product.track_stock.is_(True))
        .order_by(Product.name)
    ).all()
    lines = [
        ReturnProposalLine(
            product_id=pid, sku=sku, name=name, unit=unit, unit_price=price, on_hand=int(qty)
        )
        for pid, sku, name, unit, price, qty in rows
        if qty
    ]
    existing = session.scalar(
        select(Handover.id).where(
            Handover.event_id == event_id, Handover.institution_id == institution.id
        )
    )
    return ReturnProposal(
        event_id=event_id,
        institution_id=institution.id,
        institution_code=institution.code,
        institution_name=institution.name,
        lines=tuple(line for line in lines if line.on_hand > 0),
        negative=tuple(line for line in lines if line.on_hand < 0),
        money_due=_money_due(session, event_id, institution.id),
        existing_handover_id=existing,
    )


def return_proposal(
    db: Database, actor: Actor | None, event_id: int, institution_id: int
) -> ReturnProposal:
    """What would go back to the institution now (the return screen shows this first)."""
    with db.read() as session:
        acting_user(session, actor, Action.RETURN_GOODS)
        return _proposal(session, event_id, _check(session, event_id, institution_id))


def return_to_institution(
    db: Database,
    actor: Actor | None,
    event_id: int,
    institution_id: int,
    *,
    received_by: str,
) -> HandoverDocument:
    """Write one ``return`` movement per product still on hand and the handover record, in
    one transaction; the institution's stock at this till ends at zero.

    ``handed_over_by`` is the logged-in user; ``received_by`` is the institution's officer,
    typed because they are not a user of the till."""
    if not received_by.strip():
        raise ReturnRefused("names_required")
    now = dt.datetime.now(dt.UTC)
    with db.write() as session:
        handed_over_by = name_of(acting_user(session, actor, Action.RETURN_GOODS))
        institution = _check(session, event_id, institution_id)
        if session.scalar(_covering_counts(event_id, institution_id, CountStatus.OPEN)):
            raise ReturnRefused("open_count", detail=institution.code)
        closing = session.scalar(
            _covering_counts(event_id, institution_id, CountStatus.POSTED).where(
                CountSession.kind == CountKind.CLOSING.value
            )
        )
        if closing is None:
            raise ReturnRefused("no_closing_count", detail=institution.code)
        proposal = _proposal(session, event_id, institution)
        if proposal.existing_handover_id is not None:
            raise ReturnRefused("already_returned", detail=institution.code)
        handover = Handover(
            uuid=new_uuid(),
            event_id=event_id,
            institution_id=institution_id,
            created_at=now,
            handed_over_by=handed_over_by,
            received_by=received_by.strip(),
        )
        session.add(handover)
        session.flush()
        if proposal.lines:
            session.execute(
                insert(StockMovement),
                [
                    {
                        "uuid": new_uuid(),
                        "product_id": line.product_id,
                        "event_id": event_id,
                        "kind": MovementKind.RETURN.value,
                        "quantity": -line.on_hand,
                        "created_at": now,
                        "note": f"handover {handover.uuid}",
                        "handover_id": handover.id,
                        "recorded_by": handed_over_by,
                    }
                    for line in proposal.lines
                ],
            )
        journal(
            session,
            actor,
            AuditAction.HANDOVER,
            subject=f"{institution.code} handover {handover.id}",
            detail=f"event {event_id}, {len(proposal.lines)} products, {proposal.units} units "
            f"(Rp {proposal.value}) to {received_by.strip()}; money due {proposal.money_due}",
            amount=proposal.value,
        )
        session.flush()
        return _document_in(session, handover.id)


def _document_in(session: Session, handover_id: int) -> HandoverDocument:
    """The handover record as printed (also to reprint it later)."""
    handover = session.get(Handover, handover_id)
    if handover is None:
        raise ReturnRefused("unknown_handover", detail=str(handover_id))
    event = session.get(Event, handover.event_id)
    institution = session.get(Institution, handover.institution_id)
    assert event is not None and institution is not None  # foreign keys
    returned = [
        HandoverLine(
            sku=sku, name=name, unit=unit, quantity=-qty, unit_price=price, value=-qty * price
        )
        for sku, name, unit, price, qty in session.execute(
            select(
                Product.sku,
                Product.name,
                Product.unit,
                _closing_price(handover.event_id, posted_by=handover.created_at),
                func.sum(StockMovement.quantity),
            )
            .join(Product, Product.id == StockMovement.product_id)
            .where(StockMovement.handover_id == handover_id)
            .group_by(Product.id)
            .order_by(Product.name)
        )
        if qty
    ]
    refunded = _refunded_per_product(session, handover.event_id, handover.institution_id)
    sold = []
    for pid, sku, name, unit, sold_qty, sold_value in session.execute(
        select(
            Product.id,
            Product.sku,
            Product.name,
            Product.unit,
            func.sum(SaleLine.quantity),
            func.sum(SaleLine.line_total),
        )
        .join(Sale, Sale.id == SaleLine.sale_id)
        .join(Product, Product.id == SaleLine.product_id)
        .where(
            Sale.event_id == handover.event_id,
            SaleLine.institution_id == handover.institution_id,
        )
        .group_by(Product.id)
        .order_by(Product.name)
    ):
        # Net of refunds: what the customers kept and paid for.
        refunded_qty, refunded_value = refunded.get(pid, (0, 0))
        qty, value = int(sold_qty) - refunded_qty, int(sold_value) - refunded_value
        if qty or value:
            sold.append(
                HandoverLine(
                    sku=sku,
                    name=name,
                    unit=unit,
                    quantity=qty,
                    # Average price actually charged: a price change mid-event shows.
                    unit_price=value // qty if qty else 0,
                    value=value,
                )
            )
    return HandoverDocument(
        handover_id=handover.id,
        handover_uuid=handover.uuid,
        event_name=event.name,
        venue=event.venue,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        institution_code=institution.code,
        institution_name=institution.name,
        institution_kind=institution.kind,
        created_at=handover.created_at,
        handed_over_by=handover.handed_over_by,
        received_by=handover.received_by,
        returned=tuple(returned),
        sold=tuple(sold),
        returned_units=sum(line.quantity for line in returned),
        returned_value=sum(line.value for line in returned),
        sold_units=sum(line.quantity for line in sold),
        money_due=_money_due(session, handover.event_id, handover.institution_id),
    )


def handover_document(db: Database, actor: Actor | None, handover_id: int) -> HandoverDocument:
    """The handover record as printed, to reprint it later (:attr:`Action.RETURN_GOODS`)."""
    with db.read() as session:
        acting_user(session, actor, Action.RETURN_GOODS)
        return _document_in(session, handover_id)


def list_handovers(db: Database, actor: Actor | None, event_id: int) -> dict[int, int]:
    """Institution id → handover id, for the institutions of the event already handed over."""
    with db.read() as session:
        acting_user(session, actor, Action.RETURN_GOODS)
        return dict(
            session.execute(
                select(Handover.institution_id, Handover.id).where(Handover.event_id == event_id)
            ).all()
        )
