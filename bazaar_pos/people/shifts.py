"""Shifts and the cash drawer: the counted float, paid-in / paid-out, the X and Z reports.

A shift is one person's drawer on one till, from the float counted by denomination to the Z
report. Every Rupiah in the drawer is accounted for::

    expected cash = opening float
                  + cash taken for sales   (Payment.amount of cash payments: tendered - change)
                  + paid-in - paid-out
                  - cash refunds

Change given is already out of ``Payment.amount`` (what the payment *settled* of the sale), so
a Rp 100.000 note for a Rp 45.000 sale adds Rp 45.000, not Rp 100.000. QRIS and transfers
never touch the drawer; they are totalled separately.

The X report (:func:`shift_report`) only reads. The Z report (:func:`close_shift`) freezes the
figures, stores the count and numbers the shift per till, once: a second close — also one
racing from another thread or till — finds the shift closed and changes nothing (the write
transaction begins IMMEDIATE, so the status check and the update cannot interleave).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bazaar_pos.db import Database, journal
from bazaar_pos.db.journal import ChainPin, own_till_id
from bazaar_pos.db.models import (
    CashCountLine,
    CashCountPurpose,
    CashMovement,
    CashMovementKind,
    Event,
    Payment,
    PaymentMethod,
    Refund,
    Sale,
    SaleLine,
    Shift,
    ShiftStatus,
    User,
)
from bazaar_pos.errors import PosError
from bazaar_pos.money import MAX_AMOUNT, format_rupiah
from bazaar_pos.people.access import Action, Actor, authorize
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.settings import OFFICE, TILL, read_settings

__all__ = [
    "DENOMINATIONS",
    "MAX_PIECES",
    "MAX_REASON_LENGTH",
    "CashMovementInfo",
    "Denomination",
    "DenominationCount",
    "InvalidCashCount",
    "InvalidCashMovement",
    "MethodTotal",
    "NoOpenShift",
    "ShiftAlreadyClosed",
    "ShiftAlreadyOpen",
    "ShiftInfo",
    "ShiftNotFound",
    "ShiftReport",
    "cash_total",
    "close_shift",
    "current_shift",
    "denomination_for",
    "get_shift",
    "list_shifts",
    "open_shift",
    "record_cash_movement",
    "record_x_report",
    "shift_report",
]

DenominationForm = Literal["note", "coin"]


@dataclass(frozen=True)
class Denomination:
    """A note or coin of Bank Indonesia's current issue. Rp 1.000 exists as both."""

    value: int
    form: DenominationForm

    @property
    def key(self) -> str:
        """``"note_100000"``, ``"coin_1000"``: how counts are passed around."""
        return f"{self.form}_{self.value}"


# Largest first, notes before coins: the order a clerk counts a drawer in.
DENOMINATIONS: tuple[Denomination, ...] = (
    Denomination(100_000, "note"),
    Denomination(50_000, "note"),
    Denomination(20_000, "note"),
    Denomination(10_000, "note"),
    Denomination(5_000, "note"),
    Denomination(2_000, "note"),
    Denomination(1_000, "note"),
    Denomination(1_000, "coin"),
    Denomination(500, "coin"),
    Denomination(200, "coin"),
    Denomination(100, "coin"),
)
_BY_KEY: dict[str, Denomination] = {d.key: d for d in DENOMINATIONS}

# More pieces of one denomination than this in a bazaar drawer is a typing error.
MAX_PIECES = 99_999
MAX_REASON_LENGTH = 200
METHOD_ORDER: tuple[str, ...] = tuple(method.value for method in PaymentMethod)


# --- errors ----------------------------------------------------------------------------------


class InvalidCashCount(PosError):
    """A count of notes/coins that cannot be right; names the denomination."""

    def __init__(self, key: str, quantity: object, reason: str) -> None:
        denomination = _BY_KEY.get(key)
        what = (
            f"{format_rupiah(denomination.value)} {denomination.form}s"
            if denomination
            else repr(key)
        )
        texts = {
            "unknown_denomination": f"unknown denomination {key!r}",
            "not_integer": f"count of {what} must be a whole number, got {quantity!r}",
            "negative": f"count of {what} must not be negative, got {quantity!r}",
            "too_large": f"count of {what} is too large ({quantity!r}; at most {MAX_PIECES})",
        }
        super().__init__(texts.get(reason, f"invalid count of {what}: {quantity!r}"))
        self.key = key
        self.denomination = denomination  # None for an unknown key
        self.quantity = quantity
        self.reason = reason  # "unknown_denomination" | "not_integer" | "negative" | "too_large"


class NoOpenShift(PosError):
    """Money cannot move on a till without an open shift (open one with a counted float)."""

    def __init__(self, till_code: str) -> None:
        super().__init__(f"till {till_code} has no open shift")
        self.till_code = till_code


class ShiftAlreadyOpen(PosError):
    def __init__(self, till_code: str, opened_by: str, shift_id: int | None = None) -> None:
        super().__init__(f"till {till_code} already has a shift open (opened by {opened_by})")
        self.till_code = till_code
        self.opened_by = opened_by
        self.shift_id = shift_id


class NotATill(PosError):
    """Only a till opens shifts (and so sells: a sale belongs to the till's open shift): an
    office, or a database whose first admin has not chosen yet, never does. ``kind``: the
    database's (``office`` or ``pending``)."""

    def __init__(self, kind: str) -> None:
        what = "an office" if kind == OFFICE else "not set up yet as a till or an office"
        super().__init__(f"this database is {what}: no shift is opened and nothing sold here")
        self.kind = kind


class ShiftAlreadyClosed(PosError):
    """The Z report of this shift exists; it cannot be produced twice."""

    def __init__(self, shift_id: int, z_number: int | None) -> None:
        super().__init__(f"shift {shift_id} is already closed (Z report no. {z_number})")
        self.shift_id = shift_id
        self.z_number = z_number


class ShiftNotFound(PosError):
    def __init__(self, shift_id: int) -> None:
        super().__init__(f"no shift with id {shift_id}")
        self.shift_id = shift_id


class InvalidCashMovement(PosError):
    """A paid-in / paid-out that cannot be recorded."""

    def __init__(self, reason: str, amount: int | None = None, available: int | None = None):
        texts = {
            "not_positive": f"amount must be more than 0 (got {amount})",
            "too_large": f"amount {amount} is too large",
            "reason_required": "a reason is required",
            "reason_too_long": f"the reason is longer than {MAX_REASON_LENGTH} characters",
            "exceeds_drawer": f"paid-out {amount} is more than the cash expected in the drawer "
            f"({available})",
            "unknown_kind": "unknown kind of cash movement",
        }
        super().__init__(texts.get(reason, reason))
        self.reason = reason
        self.amount = amount
        self.available = available  # "exceeds_drawer": the cash expected in the drawer


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftInfo:
    shift_id: int
    uuid: str
    till_code: str
    event_id: int | None
    status: str  # a ShiftStatus value
    opened_at: dt.datetime
    opened_by: str  # display name
    opening_float: int
    closed_at: dt.datetime | None
    closed_by: str | None
    z_number: int | None
    opened_by_id: int = 0

    @property
    def is_open(self) -> bool:
        return self.status == ShiftStatus.OPEN


@dataclass(frozen=True)
class CashMovementInfo:
    movement_id: int
    uuid: str
    shift_id: int
    kind: str  # a CashMovementKind value
    amount: int  # always positive; the kind gives the direction
    reason: str
    created_at: dt.datetime
    user_name: str

    @property
    def paid_in(self) -> bool:
        """Money put into the drawer (else taken out of it)."""
        return self.kind == CashMovementKind.PAID_IN

    @property
    def signed_amount(self) -> int:
        return self.amount if self.paid_in else -self.amount


@dataclass(frozen=True)
class DenominationCount:
    denomination: Denomination
    quantity: int

    @property
    def subtotal(self) -> int:
        return self.denomination.value * self.quantity


@dataclass(frozen=True)
class MethodTotal:
    method: str  # a PaymentMethod value
    sales: int  # what payments of this method settled
    refunds: int  # money given back by this method
    net: int


@dataclass(frozen=True)
class ShiftReport:
    """The X report (shift open: figures so far) or the Z report (closed: frozen, numbered)."""

    shift: ShiftInfo
    event_name: str
    cashiers: tuple[str, ...]  # who opened the shift, then who else rang sales on it
    generated_at: dt.datetime
    sale_count: int
    gross_sales: int  # quantity x unit price, before discounts
    discounts_total: int  # line discounts + sale discounts
    sales_total: int  # gross - discounts: what customers were charged
    refund_count: int
    refunds_total: int
    net_total: int  # sales_total - refunds_total
    methods: tuple[MethodTotal, ...]  # cash, qris, transfer (+ any other found)
    opening_float: int
    opening_counts: tuple[DenominationCount, ...]
    cash_sales: int  # cash payments' amounts: change already subtracted
    paid_in: int
    paid_out: int
    cash_movements: tuple[CashMovementInfo, ...]  # oldest first, with reasons
    cash_refunds: int
    expected_cash: int
    counted: tuple[DenominationCount, ...] = ()  # Z only: what was counted, non-zero lines
    counted_cash: int | None = None  # Z only
    difference: int | None = None  # Z only: counted - expected (negative: cash missing)
    note: str = ""
    # Z only: the journal the signed paper pins (the Z's own link)
    chain: ChainPin | None = None

    @property
    def till_code(self) -> str:
        return self.shift.till_code

    @property
    def z_number(self) -> int | None:
        return self.shift.z_number

    @property
    def is_final(self) -> bool:
        """True for a Z report (the shift is closed)."""
        return self.shift.status == ShiftStatus.CLOSED

    @property
    def paid_outs(self) -> tuple[CashMovementInfo, ...]:
        return tuple(m for m in self.cash_movements if m.kind == CashMovementKind.PAID_OUT)

    @property
    def paid_ins(self) -> tuple[CashMovementInfo, ...]:
        return tuple(m for m in self.cash_movements if m.kind == CashMovementKind.PAID_IN)

    def method(self, method: str) -> MethodTotal:
        for line in self.methods:
            if line.method == method:
                return line
        return MethodTotal(method, 0, 0, 0)


# --- denominations ---------------------------------------------------------------------------


def denomination_for(key: str) -> Denomination:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise InvalidCashCount(key, None, "unknown_denomination") from None


def _checked_counts(counts: Mapping[str, int]) -> list[DenominationCount]:
    """The counts in :data:`DENOMINATIONS` order, zero lines left out; InvalidCashCount for
    an unknown key or a count that is not a whole number from 0 to MAX_PIECES."""
    for key, quantity in counts.items():
        if key not in _BY_KEY:
            raise InvalidCashCount(str(key), quantity, "unknown_denomination")
        # bool is an int in Python; True notes is a bug in the caller, not a count.
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise InvalidCashCount(key, quantity, "not_integer")
        if quantity < 0:
            raise InvalidCashCount(key, quantity, "negative")
        if quantity > MAX_PIECES:
            raise InvalidCashCount(key, quantity, "too_large")
    return [DenominationCount(d, counts[d.key]) for d in DENOMINATIONS if counts.get(d.key, 0) > 0]


def cash_total(counts: Mapping[str, int]) -> int:
    """Rupiah in a drawer counted as ``{"note_100000": 2, "coin_500": 3}`` (Rp 201.500)."""
    return sum(line.subtotal for line in _checked_counts(counts))


# --- reading helpers -------------------------------------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else dt.datetime.now(dt.UTC)


def _user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(User.id, User.full_name, User.username).where(User.id.in_(wanted))
    )
    return {row.id: row.full_name or row.username for row in rows}


def _infos(session: Session, shifts: Sequence[Shift]) -> list[ShiftInfo]:
    names = _user_names(
        session, [s.opened_by_id for s in shifts] + [s.closed_by_id for s in shifts]
    )
    return [
        ShiftInfo(
            shift_id=s.id,
            uuid=s.uuid,
            till_code=s.till_code,
            event_id=s.event_id,
            status=s.status,
            opened_at=s.opened_at,
            opened_by=names.get(s.opened_by_id, ""),
            opening_float=s.opening_float,
            closed_at=s.closed_at,
            closed_by=names.get(s.closed_by_id) if s.closed_by_id is not None else None,
            z_number=s.z_number,
            opened_by_id=s.opened_by_id,
        )
        for s in shifts
    ]


def _info(session: Session, shift: Shift) -> ShiftInfo:
    return _infos(session, [shift])[0]


def _open_shift_row(session: Session, till_code: str) -> Shift | None:
    """This device's open shift on ``till_code``: another laptop's shift with the same code,
    merged here, is not this drawer."""
    return session.scalar(
        select(Shift).where(
            Shift.till_code == till_code,
            Shift.till_id == own_till_id(session),
            Shift.status == ShiftStatus.OPEN,
        )
    )


def _movement_info(row: CashMovement) -> CashMovementInfo:
    return CashMovementInfo(
        movement_id=row.id,
        uuid=row.uuid,
        shift_id=row.shift_id,
        kind=row.kind,
        amount=row.amount,
        reason=row.reason,
        created_at=row.created_at,
        user_name=row.user_name,
    )


def _cash_sales(session: Session, shift_id: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Payment.amount), 0))
            .join(Sale, Sale.id == Payment.sale_id)
            .where(Sale.shift_id == shift_id, Payment.method == PaymentMethod.CASH)
        )
        or 0
    )


def _cash_movement_sum(session: Session, shift_id: int, kind: CashMovementKind) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(CashMovement.amount), 0)).where(
                CashMovement.shift_id == shift_id, CashMovement.kind == kind
            )
        )
        or 0
    )


def _cash_refunds(session: Session, shift_id: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Refund.amount), 0)).where(
                Refund.shift_id == shift_id, Refund.method == PaymentMethod.CASH
            )
        )
        or 0
    )


def _expected_cash(session: Session, shift: Shift) -> int:
    """What should be in the drawer now (see the module docstring)."""
    return (
        shift.opening_float
        + _cash_sales(session, shift.id)
        + _cash_movement_sum(session, shift.id, CashMovementKind.PAID_IN)
        - _cash_movement_sum(session, shift.id, CashMovementKind.PAID_OUT)
        - _cash_refunds(session, shift.id)
    )


def _count_lines(session: Session, shift_id: int, purpose: str) -> tuple[DenominationCount, ...]:
    rows = session.scalars(
        select(CashCountLine).where(
            CashCountLine.shift_id == shift_id, CashCountLine.purpose == purpose
        )
    ).all()
    stored = {f"{row.form}_{row.denomination}": row.quantity for row in rows}
    return tuple(
        DenominationCount(d, stored[d.key]) for d in DENOMINATIONS if stored.get(d.key, 0) > 0
    )


def _ordered_methods(methods: Iterable[str]) -> list[str]:
    extra = sorted(set(methods) - set(METHOD_ORDER))
    return [*METHOD_ORDER, *extra]


def _build_report(session: Session, shift: Shift, generated_at: dt.datetime) -> ShiftReport:
    info = _info(session, shift)
    event_name = ""
    if shift.event_id is not None:
        event_name = session.scalar(select(Event.name).where(Event.id == shift.event_id)) or ""

    sale_rows = session.execute(
        select(Sale.cashier, func.count(Sale.id))
        .where(Sale.shift_id == shift.id)
        .group_by(Sale.cashier)
        .order_by(func.min(Sale.id))
    ).all()
    sale_count = sum(int(count) for _, count in sale_rows)
    cashiers = [info.opened_by] if info.opened_by else []
    cashiers += [name for name, _ in sale_rows if name and name not in cashiers]

    line_sums = session.execute(
        select(
            func.coalesce(func.sum(SaleLine.quantity * SaleLine.unit_price), 0),
            func.coalesce(func.sum(SaleLine.line_discount + SaleLine.sale_discount_share), 0),
        )
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(Sale.shift_id == shift.id)
    ).one()
    gross_sales, discounts_total = int(line_sums[0]), int(line_sums[1])
    sales_total = int(
        session.scalar(
            select(func.coalesce(func.sum(Sale.total), 0)).where(Sale.shift_id == shift.id)
        )
        or 0
    )

    paid: dict[str, int] = {
        str(method): int(amount)
        for method, amount in session.execute(
            select(Payment.method, func.sum(Payment.amount))
            .join(Sale, Sale.id == Payment.sale_id)
            .where(Sale.shift_id == shift.id)
            .group_by(Payment.method)
        )
    }
    refund_rows = session.execute(
        select(Refund.method, func.count(Refund.id), func.sum(Refund.amount))
        .where(Refund.shift_id == shift.id)
        .group_by(Refund.method)
    ).all()
    refunded = {str(method): int(amount) for method, _, amount in refund_rows}
    refund_count = sum(int(count) for _, count, _ in refund_rows)
    refunds_total = sum(refunded.values())
    methods = tuple(
        MethodTotal(
            method,
            paid.get(method, 0),
            refunded.get(method, 0),
            paid.get(method, 0) - refunded.get(method, 0),
        )
        for method in _ordered_methods([*paid, *refunded])
    )

    movements = tuple(
        _movement_info(row)
        for row in session.scalars(
            select(CashMovement).where(CashMovement.shift_id == shift.id).order_by(CashMovement.id)
        )
    )
    paid_in = sum(m.amount for m in movements if m.kind == CashMovementKind.PAID_IN)
    paid_out = sum(m.amount for m in movements if m.kind == CashMovementKind.PAID_OUT)
    cash_sales = paid.get(PaymentMethod.CASH, 0)
    cash_refunds = refunded.get(PaymentMethod.CASH, 0)
    expected = shift.opening_float + cash_sales + paid_in - paid_out - cash_refunds

    closed = shift.status == ShiftStatus.CLOSED
    counted: tuple[DenominationCount, ...] = ()
    difference: int | None = None
    if closed:
        # Frozen at closing: the Z report shows what the drawer was checked against.
        expected = shift.expected_cash if shift.expected_cash is not None else expected
        counted = _count_lines(session, shift.id, CashCountPurpose.CLOSING)
        if shift.counted_cash is not None:
            difference = shift.counted_cash - expected

    return ShiftReport(
        shift=info,
        event_name=event_name,
        cashiers=tuple(cashiers),
        generated_at=shift.closed_at if closed and shift.closed_at else generated_at,
        sale_count=sale_count,
        gross_sales=gross_sales,
        discounts_total=discounts_total,
        sales_total=sales_total,
        refund_count=refund_count,
        refunds_total=refunds_total,
        net_total=sales_total - refunds_total,
        methods=methods,
        opening_float=shift.opening_float,
        opening_counts=_count_lines(session, shift.id, CashCountPurpose.OPENING),
        cash_sales=cash_sales,
        paid_in=paid_in,
        paid_out=paid_out,
        cash_movements=movements,
        cash_refunds=cash_refunds,
        expected_cash=expected,
        counted=counted,
        counted_cash=shift.counted_cash if closed else None,
        difference=difference,
        note=shift.note,
        chain=_chain_pin(session, shift, closed),
    )


def _chain_pin(session: Session, shift: Shift, closed: bool) -> ChainPin | None:
    """A Z pins its own link; an X (figures so far) pins nothing: it is no signed paper."""
    if not closed or not journal.has_journal(session.connection()):
        return None
    return journal.record_pin(session.connection(), journal.ChainKind.SHIFT_CLOSE, shift.uuid)


def _counts_detail(lines: Sequence[DenominationCount]) -> str:
    """``"note_100000=2, coin_500=3"`` for the audit log (plain, machine-readable)."""
    return ", ".join(f"{line.denomination.key}={line.quantity}" for line in lines) or "-"


# --- services --------------------------------------------------------------------------------


def _authorize_for(session: Session, actor: Actor, action: Action, shift: Shift) -> User:
    """The acting user, allowed ``action``; on somebody else's shift they also need
    :attr:`Action.VIEW_SHIFTS` (a cashier reads, reports and closes only their own drawer)."""
    user = authorize(session, actor, action)
    if shift.opened_by_id != user.id:
        authorize(session, actor, Action.VIEW_SHIFTS)
    return user


def open_shift(
    db: Database,
    actor: Actor,
    *,
    till_code: str,
    event_id: int | None,
    float_counts: Mapping[str, int],
    now: dt.datetime | None = None,
) -> ShiftInfo:
    """Open a shift on ``till_code`` with the float counted by denomination (any role).

    Refused with :class:`ShiftAlreadyOpen` while the till has an open shift, and with
    :class:`NotATill` on an office (or a database not set up yet).
    """
    lines = _checked_counts(float_counts)
    opening_float = sum(line.subtotal for line in lines)
    at = _now(now)
    with db.write() as session:
        authorize(session, actor, Action.OPEN_SHIFT)
        kind = read_settings(session).database_kind
        if kind != TILL:  # the office's window offers no shift; this is the rule itself
            raise NotATill(kind)
        existing = _open_shift_row(session, till_code)
        if existing is not None:
            opener = _user_names(session, [existing.opened_by_id]).get(existing.opened_by_id, "")
            raise ShiftAlreadyOpen(till_code, opener, existing.id)
        shift = Shift(
            uuid=str(uuid.uuid4()),
            till_code=till_code,
            till_id=own_till_id(session),
            event_id=event_id,
            status=ShiftStatus.OPEN.value,
            opened_at=at,
            opened_by_id=actor.user_id,
            opening_float=opening_float,
            note="",
        )
        session.add(shift)
        session.flush()
        session.add_all(
            CashCountLine(
                shift_id=shift.id,
                purpose=CashCountPurpose.OPENING.value,
                denomination=line.denomination.value,
                form=line.denomination.form,
                quantity=line.quantity,
            )
            for line in lines
        )
        log_action(
            session,
            AuditAction.SHIFT_OPENED,
            till_code=till_code,
            actor=actor,
            subject=f"{till_code} shift {shift.id}",
            detail=f"float: {_counts_detail(lines)}",
            amount=opening_float,
            at=at,
        )
        session.flush()
        return _info(session, shift)


def current_shift(db: Database, till_code: str) -> ShiftInfo | None:
    """The till's open shift, or None.

    Open to everybody (no acting user): the till asks it before every sale and at the login
    screen, and it tells no more than the drawer's state; the figures need :func:`shift_report`.
    """
    with db.read() as session:
        shift = _open_shift_row(session, till_code)
        return _info(session, shift) if shift is not None else None


def get_shift(db: Database, actor: Actor, shift_id: int) -> ShiftInfo:
    """One shift: one's own, or anybody's with :attr:`Action.VIEW_SHIFTS`."""
    with db.read() as session:
        shift = session.get(Shift, shift_id)
        if shift is None:
            authorize(session, actor, Action.VIEW_SHIFTS)
            raise ShiftNotFound(shift_id)
        _authorize_for(session, actor, Action.X_REPORT, shift)
        return _info(session, shift)


def list_shifts(
    db: Database, actor: Actor, till_code: str | None = None, limit: int = 50
) -> list[ShiftInfo]:
    """Shifts newest first, of one till or of all (:attr:`Action.VIEW_SHIFTS`)."""
    query = select(Shift).order_by(Shift.opened_at.desc(), Shift.id.desc()).limit(limit)
    if till_code is not None:
        query = query.where(Shift.till_code == till_code)
    with db.read() as session:
        authorize(session, actor, Action.VIEW_SHIFTS)
        return _infos(session, session.scalars(query).all())


def record_cash_movement(
    db: Database,
    actor: Actor,
    *,
    till_code: str,
    kind: CashMovementKind | str,
    amount: int,
    reason: str,
    now: dt.datetime | None = None,
) -> CashMovementInfo:
    """Cash put into (paid-in) or taken out of (paid-out) the till's open shift's drawer.

    A paid-out cannot take more than the cash expected in the drawer at that moment. Like the
    reports and the close, a cashier moves cash only in their own drawer; somebody else's
    shift needs :attr:`Action.VIEW_SHIFTS` (a supervisor).
    """
    try:
        movement_kind = CashMovementKind(kind)
    except ValueError:
        raise InvalidCashMovement("unknown_kind", amount) from None
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidCashMovement("not_positive", amount)
    if amount > MAX_AMOUNT:
        raise InvalidCashMovement("too_large", amount)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidCashMovement("reason_required", amount)
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidCashMovement("reason_too_long", amount)
    at = _now(now)
    with db.write() as session:
        authorize(session, actor, Action.CASH_MOVEMENT)
        shift = _open_shift_row(session, till_code)
        if shift is None:
            raise NoOpenShift(till_code)
        _authorize_for(session, actor, Action.CASH_MOVEMENT, shift)
        if movement_kind is CashMovementKind.PAID_OUT:
            available = _expected_cash(session, shift)
            if amount > available:
                raise InvalidCashMovement("exceeds_drawer", amount, available)
        row = CashMovement(
            uuid=str(uuid.uuid4()),
            shift_id=shift.id,
            kind=movement_kind.value,
            amount=amount,
            reason=reason,
            created_at=at,
            user_id=actor.user_id,
            user_name=actor.display_name,
        )
        session.add(row)
        log_action(
            session,
            AuditAction.PAID_IN
            if movement_kind is CashMovementKind.PAID_IN
            else AuditAction.PAID_OUT,
            till_code=till_code,
            actor=actor,
            subject=f"{till_code} shift {shift.id}",
            detail=reason,
            amount=amount,
            at=at,
        )
        session.flush()
        return _movement_info(row)


def shift_report(
    db: Database, actor: Actor, shift_id: int, *, now: dt.datetime | None = None
) -> ShiftReport:
    """The X report of an open shift (figures so far), or the Z report of a closed one.

    Needs :attr:`Action.X_REPORT`, and :attr:`Action.VIEW_SHIFTS` for somebody else's shift.
    Only reads: nothing in the database changes, however often it is asked for.
    """
    with db.read() as session:
        shift = session.get(Shift, shift_id)
        if shift is None:
            authorize(session, actor, Action.VIEW_SHIFTS)
            raise ShiftNotFound(shift_id)
        _authorize_for(session, actor, Action.X_REPORT, shift)
        return _build_report(session, shift, _now(now))


def record_x_report(
    db: Database, actor: Actor, shift_id: int, *, now: dt.datetime | None = None
) -> str:
    """Note in the audit log that ``actor`` printed an X report (nothing else changes).

    Kept apart from :func:`shift_report`, which never writes: a screen refreshing its
    summary is not a printed report. Returns the audit entry's uuid.
    """
    with db.write() as session:
        shift = session.get(Shift, shift_id)
        if shift is None:
            authorize(session, actor, Action.VIEW_SHIFTS)
            raise ShiftNotFound(shift_id)
        _authorize_for(session, actor, Action.X_REPORT, shift)
        return log_action(
            session,
            AuditAction.X_REPORT,
            till_code=shift.till_code,
            actor=actor,
            subject=f"{shift.till_code} shift {shift.id}",
            detail=f"expected cash: {_expected_cash(session, shift)}",
            amount=_expected_cash(session, shift),
            at=_now(now),
        )


def close_shift(
    db: Database,
    actor: Actor,
    shift_id: int,
    *,
    counts: Mapping[str, int],
    note: str = "",
    now: dt.datetime | None = None,
) -> ShiftReport:
    """Close the shift with the drawer counted by denomination: the Z report.

    Needs :attr:`Action.CLOSE_SHIFT`; the cashier who opened the shift closes it, somebody
    else's shift needs :attr:`Action.VIEW_SHIFTS` (a supervisor). In one transaction:
    expected and counted cash are frozen, the count stored, the next Z number of the till
    assigned and the drawer count and the closing logged. A shift already closed raises
    :class:`ShiftAlreadyClosed` and changes nothing.
    """
    lines = _checked_counts(counts)
    counted_cash = sum(line.subtotal for line in lines)
    note = " ".join(note.split())[:MAX_REASON_LENGTH]
    at = _now(now)
    with db.write() as session:
        shift = session.get(Shift, shift_id)
        if shift is None:
            authorize(session, actor, Action.VIEW_SHIFTS)
            raise ShiftNotFound(shift_id)
        user = _authorize_for(session, actor, Action.CLOSE_SHIFT, shift)
        if shift.status != ShiftStatus.OPEN:
            raise ShiftAlreadyClosed(shift.id, shift.z_number)
        expected = _expected_cash(session, shift)
        last_z = session.scalar(
            select(func.max(Shift.z_number)).where(
                Shift.till_code == shift.till_code, Shift.till_id == shift.till_id
            )
        )
        z_number = int(last_z or 0) + 1
        shift.status = ShiftStatus.CLOSED.value
        shift.closed_at = at
        shift.closed_by_id = user.id
        shift.z_number = z_number
        shift.expected_cash = expected
        shift.counted_cash = counted_cash
        shift.note = note
        session.add_all(
            CashCountLine(
                shift_id=shift.id,
                purpose=CashCountPurpose.CLOSING.value,
                denomination=line.denomination.value,
                form=line.denomination.form,
                quantity=line.quantity,
            )
            for line in lines
        )
        subject = f"{shift.till_code} Z {z_number}"
        log_action(
            session,
            AuditAction.DRAWER_COUNT,
            till_code=shift.till_code,
            actor=actor,
            subject=subject,
            detail=_counts_detail(lines),
            amount=counted_cash,
            at=at,
        )
        difference = counted_cash - expected
        log_action(
            session,
            AuditAction.SHIFT_CLOSED,
            till_code=shift.till_code,
            actor=actor,
            subject=subject,
            detail=f"expected {expected}, counted {counted_cash}, difference {difference}"
            + (f"; {note}" if note else ""),
            amount=difference,
            at=at,
        )
        session.flush()
        journal.seal_pending(session)  # the Z prints its own link: seal it before building
        return _build_report(session, shift, at)
