"""Refunds: money (and goods) back to a customer against a receipt number, whole or partial.

A refund is one write transaction (``BEGIN IMMEDIATE``): the checks (role or supervisor
approval, never more than was sold minus what was refunded already) and the inserts (the
refund and its lines, one ``refund`` stock movement per tracked line, the audit entry) cannot
interleave with another till's refund of the same receipt.

*Exactly once*: the screen makes a ``request_key`` when the refund form opens. The key is
unique in the refunds table, so a second submit of the same form (a double click, a retry
after a hang) finds the first refund and writes nothing; a second form for goods already
refunded fails the limit check.

Money: a line's refund is its share of the money actually taken for it (``line_total``, i.e.
after line and sale discounts), ``line_total × q / quantity`` rounded down; the refund that
takes the last units of a line gets the remainder, so a line refunded in parts adds up to
exactly its ``line_total``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bazaar_pos.db import Database
from bazaar_pos.db.journal import own_till_id
from bazaar_pos.db.models import (
    Event,
    MovementKind,
    PaymentMethod,
    Product,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    Shift,
    ShiftStatus,
    StockMovement,
)
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import PosError, ReceiptNotFound, UnknownPaymentMethod
from bazaar_pos.money import format_rupiah
from bazaar_pos.people import access, audit
from bazaar_pos.people.access import Action, Actor, Approval, ApprovalAction, ApprovalRequest
from bazaar_pos.people.audit import AuditAction
from bazaar_pos.people.shifts import NoOpenShift
from bazaar_pos.settings import InvalidSetting, is_valid_till_code
from bazaar_pos.till.receipt_lookup import sale_id_for_receipt

REFUND_DIGITS = 6


def refund_subject(receipt_no: str) -> str:
    """What a supervisor's approval of a refund is bound to: the sale, by receipt number."""
    return f"receipt:{normalise_receipt_no(receipt_no)}"


class RefundRefused(PosError):
    """A refund request that breaks a rule other than the quantity limit."""

    def __init__(self, reason: str, *, detail: str = "") -> None:
        # "reason_required" | "nothing_to_refund" | "not_positive" (detail: the quantity)
        # | "not_in_sale" (detail: the sale line id) | "duplicate_line" (detail: sku)
        # | "request_key_required" | "key_used_for_other_sale" (detail: that refund's number)
        # | "bad_quantity" (the refund screen's table: not a number or below 0)
        super().__init__(f"refund refused: {reason}{f' ({detail})' if detail else ''}")
        self.reason = reason
        self.detail = detail


class RefundExceedsSold(PosError):
    """More units asked back than were sold minus those refunded already."""

    def __init__(self, *, sku: str, name: str, sold: int, refunded: int, requested: int) -> None:
        super().__init__(
            f"cannot refund {requested} × {name} ({sku}): sold {sold}, "
            f"already refunded {refunded}, at most {max(sold - refunded, 0)} left"
        )
        self.sku = sku
        self.name = name
        self.sold = sold
        self.refunded = refunded
        self.requested = requested

    @property
    def refundable(self) -> int:
        return max(self.sold - self.refunded, 0)


@dataclass(frozen=True)
class PaidBy:
    method: str
    amount: int
    reference: str


@dataclass(frozen=True)
class RefundableLine:
    sale_line_id: int
    line_no: int
    sku: str
    name: str
    quantity_sold: int
    quantity_refunded: int
    quantity_refundable: int
    unit_net: int  # line_total / quantity, rounded down: what one unit cost after discounts
    amount_refundable: int  # line_total minus the money already refunded for the line
    track_stock: bool
    line_total: int
    amount_refunded: int

    def amount_for(self, quantity: int) -> int:
        """The money ``quantity`` more units of this line would bring back now."""
        return line_refund_amount(
            self.line_total,
            self.quantity_sold,
            self.quantity_refunded,
            self.amount_refunded,
            quantity,
        )


@dataclass(frozen=True)
class RefundableSale:
    receipt_no: str
    sale_uuid: str
    created_at: dt.datetime
    cashier: str
    till_code: str
    event_id: int | None
    event_name: str
    total: int
    refunded_total: int
    payments: tuple[PaidBy, ...]
    lines: tuple[RefundableLine, ...]

    @property
    def main_method(self) -> str:
        """The method that settled most of the sale (the refund's default)."""
        if not self.payments:
            return PaymentMethod.CASH.value
        return max(self.payments, key=lambda paid: paid.amount).method

    @property
    def fully_refunded(self) -> bool:
        return all(line.quantity_refundable == 0 for line in self.lines)


@dataclass(frozen=True)
class RefundLineRequest:
    sale_line_id: int
    quantity: int


@dataclass(frozen=True)
class RefundedLine:
    sale_line_id: int
    sku: str
    name: str
    quantity: int
    amount: int


@dataclass(frozen=True)
class RefundResult:
    refund_uuid: str
    refund_no: str
    receipt_no: str
    amount: int
    method: str
    lines: tuple[RefundedLine, ...]
    created_at: dt.datetime
    cashier: str
    approved_by: str
    already_recorded: bool  # True: this request key had been recorded before; nothing written


@dataclass(frozen=True)
class RefundRecord:
    refund_uuid: str
    refund_no: str
    receipt_no: str
    created_at: dt.datetime
    till_code: str
    cashier: str
    approved_by: str
    method: str
    amount: int
    reason: str
    reference: str
    shift_id: int | None
    lines: tuple[RefundedLine, ...]


def normalise_receipt_no(text: str) -> str:
    """What was typed or scanned (the receipt's code holds exactly "BPN1-000123")."""
    return text.strip().upper()


def format_refund_no(till_code: str, number: int) -> str:
    return f"{till_code}-R{number:0{REFUND_DIGITS}d}"


def line_refund_amount(
    line_total: int, quantity_sold: int, refunded_quantity: int, refunded_amount: int, quantity: int
) -> int:
    """Money back for ``quantity`` more units of a sale line.

    Proportional to the money taken for the line, rounded down; the part that takes the last
    units gets whatever of ``line_total`` is left, so the parts always sum to ``line_total``.
    """
    if quantity <= 0 or quantity_sold <= 0:
        return 0
    if refunded_quantity + quantity >= quantity_sold:
        return line_total - refunded_amount
    return line_total * quantity // quantity_sold


# --- reading -----------------------------------------------------------------------------------


def _load_sale(session: Session, receipt_no: str) -> Sale:
    """The sale the number names (two laptops with one till code: see receipt_lookup)."""
    sale = session.scalars(
        select(Sale)
        .where(Sale.id == sale_id_for_receipt(session, receipt_no))
        .options(selectinload(Sale.lines), selectinload(Sale.payments))
    ).first()
    if sale is None:
        raise ReceiptNotFound(receipt_no)
    return sale


def _refunded_so_far(session: Session, sale_id: int) -> dict[int, tuple[int, int]]:
    """Sale line id → (units, money) refunded already."""
    rows = session.execute(
        select(
            RefundLine.sale_line_id,
            func.sum(RefundLine.quantity),
            func.sum(RefundLine.amount),
        )
        .join(Refund, Refund.id == RefundLine.refund_id)
        .where(Refund.sale_id == sale_id)
        .group_by(RefundLine.sale_line_id)
    ).all()
    return {line_id: (int(quantity), int(amount)) for line_id, quantity, amount in rows}


def _tracked(session: Session, product_ids: set[int]) -> dict[int, bool]:
    if not product_ids:
        return {}
    rows = session.execute(
        select(Product.id, Product.track_stock).where(Product.id.in_(sorted(product_ids)))
    ).all()
    return {product_id: bool(tracked) for product_id, tracked in rows}


def _refundable_lines(session: Session, sale: Sale) -> list[RefundableLine]:
    refunded = _refunded_so_far(session, sale.id)
    tracked = _tracked(session, {line.product_id for line in sale.lines})
    lines = []
    for line in sale.lines:
        quantity_refunded, amount_refunded = refunded.get(line.id, (0, 0))
        lines.append(
            RefundableLine(
                sale_line_id=line.id,
                line_no=line.line_no,
                sku=line.sku,
                name=line.product_name,
                quantity_sold=line.quantity,
                quantity_refunded=quantity_refunded,
                quantity_refundable=max(line.quantity - quantity_refunded, 0),
                unit_net=line.line_total // line.quantity if line.quantity else 0,
                amount_refundable=line.line_total - amount_refunded,
                track_stock=tracked.get(line.product_id, True),
                line_total=line.line_total,
                amount_refunded=amount_refunded,
            )
        )
    return lines


def refundable_sale(db: Database, receipt_no: str, *, actor: Actor | None) -> RefundableSale:
    """The sale behind a receipt number, with what each line may still be refunded.

    For a user who may see sales; ``actor`` None only on a till without accounts.
    """
    receipt_no = normalise_receipt_no(receipt_no)
    with db.read() as session:
        access.authorize_or_anonymous(session, actor, Action.VIEW_SALES)
        sale = _load_sale(session, receipt_no)
        lines = _refundable_lines(session, sale)
        event = session.get(Event, sale.event_id) if sale.event_id is not None else None
        return RefundableSale(
            receipt_no=sale.receipt_no,
            sale_uuid=sale.uuid,
            created_at=sale.created_at,
            cashier=sale.cashier,
            till_code=sale.till_code,
            event_id=sale.event_id,
            event_name=event.name if event else "",
            total=sale.total,
            refunded_total=sum(line.amount_refunded for line in lines),
            payments=tuple(
                PaidBy(payment.method, payment.amount, payment.reference)
                for payment in sorted(sale.payments, key=lambda payment: payment.id)
            ),
            lines=tuple(lines),
        )


# --- refunding ---------------------------------------------------------------------------------


def _result(refund: Refund, sale: Sale, *, already: bool) -> RefundResult:
    by_id = {line.id: line for line in sale.lines}
    return RefundResult(
        refund_uuid=refund.uuid,
        refund_no=refund.refund_no,
        receipt_no=sale.receipt_no,
        amount=refund.amount,
        method=refund.method,
        lines=tuple(
            RefundedLine(
                sale_line_id=line.sale_line_id,
                sku=by_id[line.sale_line_id].sku,
                name=by_id[line.sale_line_id].product_name,
                quantity=line.quantity,
                amount=line.amount,
            )
            for line in sorted(refund.lines, key=lambda item: item.id)
        ),
        created_at=refund.created_at,
        cashier=refund.cashier,
        approved_by=refund.approved_by,
        already_recorded=already,
    )


def _open_shift_id(session: Session, till_code: str, device: str) -> int | None:
    return session.scalar(
        select(Shift.id).where(
            Shift.till_code == till_code,
            Shift.till_id == device,
            Shift.status == ShiftStatus.OPEN.value,
        )
    )


def _next_number(session: Session, till_code: str, device: str) -> int:
    """Refunds are numbered per till code on each device (another laptop with the same code
    counts its own)."""
    # No race: the write transaction began IMMEDIATE and holds SQLite's write lock.
    last = session.scalar(
        select(func.max(Refund.number)).where(
            Refund.till_code == till_code, Refund.till_id == device
        )
    )
    return int(last or 0) + 1


def refund_sale(
    db: Database,
    receipt_no: str,
    lines: Sequence[RefundLineRequest],
    *,
    method: str,
    actor: Actor,
    till_code: str,
    request_key: str,
    reason: str,
    reference: str = "",
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> RefundResult:
    """Refund units of a sale's lines, exactly once per ``request_key`` (see module docs).

    Needs the role :data:`~bazaar_pos.people.access.PERMISSIONS` gives ``REFUND`` (a
    supervisor), or a supervisor's ``approval`` (``users.approve``) of a refund of this
    receipt (:func:`refund_subject`) for exactly the amount this refund gives back; the
    approval is spent on this refund. A cash refund comes out of the till's open shift's drawer
    (``NoOpenShift`` without one); other methods are attached to the open shift when there is
    one.
    """
    receipt_no = normalise_receipt_no(receipt_no)
    request_key = request_key.strip()
    if not request_key:
        raise RefundRefused("request_key_required")
    if not is_valid_till_code(till_code):
        raise InvalidSetting("till_code", till_code)
    try:
        method = PaymentMethod(method).value
    except ValueError:
        raise UnknownPaymentMethod(method) from None
    reason = reason.strip()
    reference = reference.strip()
    at = now or dt.datetime.now(dt.UTC)

    with db.write() as session:
        access.load_user(session, actor)  # a live login, before anything is read
        sale = _load_sale(session, receipt_no)
        earlier = session.scalars(
            select(Refund)
            .where(Refund.request_key == request_key)
            .options(selectinload(Refund.lines))
        ).first()
        if earlier is not None:
            if earlier.sale_id != sale.id:
                raise RefundRefused("key_used_for_other_sale", detail=earlier.refund_no)
            return _result(earlier, sale, already=True)

        if not reason:
            raise RefundRefused("reason_required")
        if not lines:
            raise RefundRefused("nothing_to_refund")
        refundable = {line.sale_line_id: line for line in _refundable_lines(session, sale)}
        seen: set[int] = set()
        for request in lines:
            line = refundable.get(request.sale_line_id)
            if line is None:
                raise RefundRefused("not_in_sale", detail=str(request.sale_line_id))
            if request.sale_line_id in seen:
                raise RefundRefused("duplicate_line", detail=line.sku)
            seen.add(request.sale_line_id)
            if request.quantity <= 0:
                raise RefundRefused("not_positive", detail=str(request.quantity))
            if request.quantity > line.quantity_refundable:
                raise RefundExceedsSold(
                    sku=line.sku,
                    name=line.name,
                    sold=line.quantity_sold,
                    refunded=line.quantity_refunded,
                    requested=request.quantity,
                )

        device = own_till_id(session)  # the refund records the device that paid it
        shift_id = _open_shift_id(session, till_code, device)
        if method == PaymentMethod.CASH and shift_id is None:
            raise NoOpenShift(till_code)

        amounts = {
            request.sale_line_id: refundable[request.sale_line_id].amount_for(request.quantity)
            for request in lines
        }
        number = _next_number(session, till_code, device)
        refund_no = format_refund_no(till_code, number)
        wanted = ApprovalRequest(
            ApprovalAction.REFUND,
            refund_subject(sale.receipt_no),
            sum(amounts.values()),
            access.PERMISSIONS[Action.REFUND],
        )
        approver = access.check_approval(
            session, approval, wanted, actor=actor, till_code=till_code, used_for=refund_no, now=at
        )
        refund = Refund(
            uuid=new_uuid(),
            request_key=request_key,
            till_code=till_code,
            till_id=device,
            number=number,
            refund_no=refund_no,
            sale_id=sale.id,
            shift_id=shift_id,
            created_at=at,
            user_id=actor.user_id,
            cashier=actor.display_name,
            approved_by=approver.full_name or approver.username,
            method=method,
            amount=sum(amounts.values()),
            reason=reason,
            reference=reference,
        )
        refund.lines = [
            RefundLine(
                sale_line_id=request.sale_line_id,
                quantity=request.quantity,
                amount=amounts[request.sale_line_id],
            )
            for request in lines
        ]
        session.add(refund)
        session.flush()

        sale_lines = {line.id: line for line in sale.lines}
        for refund_line in refund.lines:
            if not refundable[refund_line.sale_line_id].track_stock:
                continue  # café drinks carry no stock
            session.add(
                StockMovement(
                    uuid=new_uuid(),
                    product_id=sale_lines[refund_line.sale_line_id].product_id,
                    event_id=sale.event_id,
                    kind=MovementKind.REFUND.value,
                    quantity=refund_line.quantity,
                    created_at=at,
                    note=f"{refund.refund_no} / {sale.receipt_no}",
                    recorded_by=actor.display_name,
                    refund_line_id=refund_line.id,
                )
            )
        detail = "; ".join(
            f"{refundable[line.sale_line_id].sku} {line.quantity} × {format_rupiah(line.amount)}"
            for line in refund.lines
        )
        audit.log_action(
            session,
            AuditAction.REFUND,
            till_code=till_code,
            actor=actor,
            subject=f"{refund.refund_no} {sale.receipt_no}",
            detail=f"{method}: {detail}. {reason}" + (f" (ref. {reference})" if reference else ""),
            amount=refund.amount,
            approved_by=refund.approved_by,
            at=at,
        )
        return _result(refund, sale, already=False)


def refund_of_request(db: Database, request_key: str, *, actor: Actor) -> RefundResult | None:
    """The refund a form's ``request_key`` recorded, or None: a read, to tell after a database
    error whether the refund was saved (the error may have come after the commit, a lost
    answer) before the screen says so."""
    with db.read() as session:
        access.load_user(session, actor)
        refund = session.scalars(
            select(Refund)
            .where(Refund.request_key == request_key.strip())
            .options(selectinload(Refund.lines))
        ).first()
        if refund is None:
            return None
        sale = session.get_one(Sale, refund.sale_id, options=[selectinload(Sale.lines)])
        return _result(refund, sale, already=True)


class RefundNotFound(PosError):
    def __init__(self, refund_no: str) -> None:
        super().__init__(f"no refund has number {refund_no!r}")
        self.refund_no = refund_no


def get_refund(db: Database, refund_no: str, *, actor: Actor | None) -> RefundRecord:
    """One refund by its number ("BPN1-R000001"), e.g. to print its slip again."""
    refund_no = normalise_receipt_no(refund_no)
    found = list_refunds(db, actor=actor, refund_no=refund_no, limit=1)
    if not found:
        raise RefundNotFound(refund_no)
    return found[0]


def list_refunds(
    db: Database,
    receipt_no: str | None = None,
    *,
    actor: Actor | None,
    refund_no: str | None = None,
    limit: int | None = 200,
) -> list[RefundRecord]:
    """Refunds newest first, all of them or those of one receipt (or one refund number), for a
    user who may see sales (``actor`` None only on a till without accounts)."""
    query = (
        select(Refund, Sale.receipt_no)
        .join(Sale, Sale.id == Refund.sale_id)
        .options(selectinload(Refund.lines))
        .order_by(Refund.id.desc())
    )
    if receipt_no is not None:
        query = query.where(Sale.receipt_no == normalise_receipt_no(receipt_no))
    if refund_no is not None:
        query = query.where(Refund.refund_no == normalise_receipt_no(refund_no))
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        access.authorize_or_anonymous(session, actor, Action.VIEW_SALES)
        rows = session.execute(query).all()
        line_ids = {line.sale_line_id for refund, _ in rows for line in refund.lines}
        names: dict[int, tuple[str, str]] = defaultdict(lambda: ("", ""))
        if line_ids:
            names.update(
                {
                    line_id: (sku, name)
                    for line_id, sku, name in session.execute(
                        select(SaleLine.id, SaleLine.sku, SaleLine.product_name).where(
                            SaleLine.id.in_(sorted(line_ids))
                        )
                    )
                }
            )
        return [
            RefundRecord(
                refund_uuid=refund.uuid,
                refund_no=refund.refund_no,
                receipt_no=sale_receipt_no,
                created_at=refund.created_at,
                till_code=refund.till_code,
                cashier=refund.cashier,
                approved_by=refund.approved_by,
                method=refund.method,
                amount=refund.amount,
                reason=refund.reason,
                reference=refund.reference,
                shift_id=refund.shift_id,
                lines=tuple(
                    RefundedLine(
                        sale_line_id=line.sale_line_id,
                        sku=names[line.sale_line_id][0],
                        name=names[line.sale_line_id][1],
                        quantity=line.quantity,
                        amount=line.amount,
                    )
                    for line in sorted(refund.lines, key=lambda item: item.id)
                ),
            )
            for refund, sale_receipt_no in rows
        ]
