"""Committing a sale: header, lines, payments, stock movements and receipt number in one go.

Also the money rules at the till: split tender (QRIS/transfer for part, cash for the rest and
the only source of change), line and sale discounts and price overrides with the role that
may give them (``access``), each logged with who approved it in the sale's own transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, selectinload

from bazaar_pos.catalog.journal import prices_since
from bazaar_pos.db import Database
from bazaar_pos.db.engine import driver_connection, driver_errors
from bazaar_pos.db.journal import own_till_id
from bazaar_pos.db.models import (
    Event,
    Institution,
    MovementKind,
    PaymentMethod,
    Product,
    Role,
    Sale,
    ShiftStatus,
    User,
)
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import (
    EmptyCart,
    InvalidAmount,
    InvalidDiscount,
    LoginRequired,
    NonCashOverTotal,
    PaymentShort,
    ProductUnavailable,
    ReceiptNotFound,
    TenderTooLow,
    TooManyCashPayments,
    UnknownPaymentMethod,
)
from bazaar_pos.money import format_rupiah
from bazaar_pos.people import access
from bazaar_pos.people.access import (
    Action,
    Actor,
    Approval,
    ApprovalAction,
    ApprovalRequest,
    NotLoggedIn,
    NotPermitted,
    UnknownUser,
)
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.people.shifts import NoOpenShift
from bazaar_pos.settings import InvalidSetting, is_valid_till_code
from bazaar_pos.till.cart import Cart, cart_subject, check_line_quantity, line_subject
from bazaar_pos.till.receipt import Receipt, ReceiptLine, ReceiptPayment
from bazaar_pos.till.receipt_lookup import sale_id_for_receipt

__all__ = [
    "NoOpenShift",
    "PaymentRequest",
    "PaymentResult",
    "SaleLineRequest",
    "SaleResult",
    "SaleSummary",
    "commit_sale",
    "format_receipt_no",
    "lines_from_cart",
    "note_catalog_prices",
    "receipt_copy",
    "receipt_for",
    "recent_sales",
    "settle_payments",
    "spread_discount",
]

RECEIPT_DIGITS = 6


@dataclass(frozen=True)
class SaleLineRequest:
    product_id: int
    quantity: int
    unit_price: int  # charged per unit; not the list price = a price override
    line_discount: int = 0  # Rupiah off the line
    approval: Approval | None = None  # for a discount/override above the cashier's limit
    # The catalog price when the line was scanned (None: the catalog price now). A price
    # changed in the back office while the cart is open does not make the line an override.
    list_price: int | None = None
    line_key: str = ""  # the cart line's key: what its approval is bound to


@dataclass(frozen=True)
class PaymentRequest:
    method: str  # a PaymentMethod value
    tendered: int | None = None  # cash handed over; None: exactly what is left to pay
    reference: str = ""
    # Non-cash part of a split payment (e.g. Rp 30.000 by QRIS, the rest cash); None: all
    # that is left to pay. Cash is settled last and is the only method that gives change.
    amount: int | None = None


@dataclass(frozen=True)
class PaymentResult:
    method: str
    amount: int  # what this part settled of the sale
    tendered: int  # handed over (cash) or paid (non-cash: = amount)
    change: int  # only ever non-zero for cash
    reference: str


@dataclass(frozen=True)
class SaleResult:
    sale_uuid: str
    receipt_no: str
    total: int
    tendered: int  # everything handed over: non-cash parts + cash tendered (= total + change)
    change: int
    method: str  # "cash", "qris", … or "cash+qris" for a split; "" for a sale of Rp 0
    created_at: dt.datetime
    subtotal: int = 0  # lines after their own discounts
    discount: int = 0  # the sale discount
    payments: tuple[PaymentResult, ...] = ()


def format_receipt_no(till_code: str, number: int) -> str:
    return f"{till_code}-{number:0{RECEIPT_DIGITS}d}"


def lines_from_cart(cart: Cart) -> list[SaleLineRequest]:
    return [
        SaleLineRequest(
            product_id=line.product.id,
            quantity=line.quantity,
            unit_price=line.unit_price,
            line_discount=line.line_discount,
            approval=line.approval,
            list_price=line.list_price,
            line_key=line.key,
        )
        for line in cart.lines
    ]


# ------------------------------------------------------------------------------ payments


def _method(payment: PaymentRequest) -> PaymentMethod:
    try:
        return PaymentMethod(payment.method)
    except ValueError:
        raise UnknownPaymentMethod(payment.method) from None


def settle_payments(
    total: int, payments: PaymentRequest | Sequence[PaymentRequest]
) -> tuple[PaymentResult, ...]:
    """Check the payment parts against ``total``; what each part settles, cash first.

    Non-cash parts (QRIS, transfer) pay their ``amount`` (None: all that is left) and can
    never pay more than the total: there is no change from a QRIS payment. Cash settles the
    rest and gives the change; ``tendered`` None means exactly the rest. A sale of Rp 0 (a
    100 % discount) takes no payment at all: nothing is recorded for it.
    """
    parts = [payments] if isinstance(payments, PaymentRequest) else list(payments)
    methods = [_method(part) for part in parts]
    if sum(method is PaymentMethod.CASH for method in methods) > 1:
        raise TooManyCashPayments()
    if total == 0:
        return ()
    settled: list[PaymentResult] = []
    remaining = total
    non_cash = 0
    cash: PaymentRequest | None = None
    for part, method in zip(parts, methods, strict=True):
        if method is PaymentMethod.CASH:
            cash = part
            continue
        amount = remaining if part.amount is None else part.amount
        if amount < 0 or (part.amount is not None and amount == 0):
            raise InvalidAmount(str(part.amount))
        non_cash += amount
        if non_cash > total:
            raise NonCashOverTotal(total, non_cash)
        remaining -= amount
        if amount:
            settled.append(PaymentResult(method.value, amount, amount, 0, part.reference.strip()))
    if cash is not None and remaining > 0:
        tendered = remaining if cash.tendered is None else cash.tendered
        if tendered < remaining:
            raise TenderTooLow(remaining, tendered)
        settled.insert(
            0,
            PaymentResult(
                PaymentMethod.CASH.value,
                remaining,
                tendered,
                tendered - remaining,
                cash.reference.strip(),
            ),
        )
    elif remaining > 0:
        raise PaymentShort(total, total - remaining)
    return tuple(settled)


# ----------------------------------------------------------------------------- discounts


def spread_discount(discount: int, line_totals: Sequence[int]) -> list[int]:
    """Shares of a sale discount per line, in proportion to the lines' totals, summing exactly.

    Largest remainder: every line gets the floor of its exact share, the Rupiah left over go
    one each to the lines with the largest fractions (the earlier line on a tie). A line never
    gets more than its own total while ``discount`` ≤ the sum of the totals.
    """
    subtotal = sum(line_totals)
    if discount <= 0 or subtotal <= 0:
        return [0] * len(line_totals)
    shares = [discount * value // subtotal for value in line_totals]
    left = discount - sum(shares)
    by_fraction = sorted(
        range(len(line_totals)), key=lambda i: (-((discount * line_totals[i]) % subtotal), i)
    )
    for i in by_fraction[:left]:
        shares[i] += 1
    return shares


def _percent_text(part: int, whole: int) -> str:
    if whole <= 0:
        return "100%"
    tenths = round(part * 1000 / whole)
    return f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths / 10:.1f}%".replace(".", ",")


@dataclass(frozen=True, slots=True)
class _LineCheck:
    index: int
    action: AuditAction
    reduction: int  # Rupiah off the list value: the amount a line's approval is bound to
    detail: str

    @property
    def approval_action(self) -> ApprovalAction:
        if self.action is AuditAction.PRICE_OVERRIDE:
            return ApprovalAction.PRICE_OVERRIDE
        return ApprovalAction.LINE_DISCOUNT


def _line_change(index: int, request: SaleLineRequest, name: str, list_price: int) -> _LineCheck:
    list_value = request.quantity * list_price
    charged = request.quantity * request.unit_price - request.line_discount
    reduction = list_value - charged
    parts = [f"{name} x{request.quantity}"]
    overridden = request.unit_price != list_price
    if overridden:
        parts.append(f"harga {format_rupiah(list_price)} → {format_rupiah(request.unit_price)}")
    if request.line_discount:
        parts.append(f"diskon {format_rupiah(request.line_discount)}")
    detail = ", ".join(parts) + (
        f"; {format_rupiah(list_value)} → {format_rupiah(charged)}"
        f" ({_percent_text(reduction, list_value)})"
    )
    action = AuditAction.PRICE_OVERRIDE if overridden else AuditAction.DISCOUNT
    return _LineCheck(index, action, reduction, detail)


def _approver_name(user: User) -> str:
    return user.full_name or user.username


# --------------------------------------------------------------------------------- commit

# The sale commit is the till's hottest write path (bench/: "Sale commit", ≤ 3× its raw
# sqlite3 floor). Its statements go straight to the driver connection of the unit of work
# (same transaction, same BEGIN IMMEDIATE, the same journal hook at COMMIT): SQLAlchemy's own
# statement path costs 30–90 µs per statement against 2–10 µs for the driver's, several times
# the SQLite work of these small statements. The rows are the ones the models describe, with
# their Python-side defaults (uuids, '' and 0) written out, and times stored as UTCDateTime
# stores them.
_SOLD_PRODUCTS = (
    "SELECT id, sku, name, institution_id, workshop_id, track_stock, price FROM products "
    "WHERE id IN ({marks}) AND active = TRUE"
)
_BUMP_COUNTER = (
    "UPDATE receipt_counters SET last_number = last_number + 1 WHERE till_code = ? "
    "RETURNING last_number"
)
_FIRST_COUNTER = "INSERT INTO receipt_counters (till_code, last_number) VALUES (?, 1)"
# The seller's live login, their user row as it is now, and the till's open shift in one round
# trip: the rules of ``access.authorize`` (an open login session of this user, an active user,
# a role the permission table lets sell) as one query, since an ORM load of the session and
# the user costs more than the rest of the sale's checks together.
_SELLER = (
    "SELECT s.user_id, u.username, u.full_name, u.role, u.active, "
    "(SELECT id FROM shifts WHERE till_code = ? AND till_id = ? AND status = ?) "
    "FROM login_sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_sha256 = ? AND s.ended_at IS NULL"
)
_INSERT_SALE = (
    "INSERT INTO sales (uuid, till_code, till_id, receipt_number, receipt_no, event_id, "
    "cashier, cashier_user_id, shift_id, created_at, total, subtotal, discount, "
    "discount_approved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LINE = (
    "INSERT INTO sale_lines (uuid, sale_id, line_no, product_id, sku, product_name, "
    "unit_price, quantity, line_total, list_price, line_discount, sale_discount_share, "
    "approved_by, institution_id, workshop_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_PAYMENT = (
    "INSERT INTO payments (uuid, sale_id, method, amount, tendered, change, reference) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_MOVEMENT = (
    "INSERT INTO stock_movements (uuid, product_id, event_id, kind, quantity, sale_line_id, "
    "created_at, note, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, '', '')"
)


# SQLite gives a new row's id as the cursor's lastrowid; PostgreSQL only through RETURNING.
_RETURNING_ID = " RETURNING id"


def _new_id(driver: Any, sql: str, parameters: tuple[Any, ...], returning: bool) -> int:
    """Insert one row and give its id (from the database: a sequence on PostgreSQL)."""
    if returning:
        return int(driver.execute(sql + _RETURNING_ID, parameters).fetchone()[0])
    return int(driver.execute(sql, parameters).lastrowid)


class _SoldProduct(NamedTuple):
    id: int
    sku: str
    name: str
    institution_id: int
    workshop_id: int | None
    track_stock: int
    price: int


def _stored_time(at: dt.datetime) -> str:
    """``at`` as a UTCDateTime column stores it: naive UTC text with microseconds."""
    if at.tzinfo is None:
        raise ValueError("naive datetime given; use an aware one (e.g. datetime.now(UTC))")
    return at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


@dataclass(frozen=True, slots=True)
class _Seller:
    user_id: int
    name: str
    shift_id: int | None


def _seller(driver: Any, actor: Actor, till_code: str, device: str) -> _Seller:
    """The logged-in actor, checked like ``access.authorize(…, Action.SELL)``, and the open
    shift of this till (code and device: another laptop's shift with the same code, merged
    here, is not this drawer)."""
    row = None
    if actor.session_token:
        row = driver.execute(
            _SELLER,
            (till_code, device, ShiftStatus.OPEN.value, access.token_sha256(actor.session_token)),
        ).fetchone()
    if row is None or row[0] != actor.user_id:
        raise NotLoggedIn(actor.username)
    user_id, username, full_name, role, active, shift_id = row
    if not active:
        raise UnknownUser(actor.username)
    if not access.may(role, Action.SELL):
        raise NotPermitted(str(Action.SELL), str(access.PERMISSIONS[Action.SELL]), username, role)
    return _Seller(user_id, full_name or username, shift_id)


def _sold_products(driver: Any, ids: list[int]) -> dict[int, _SoldProduct]:
    """The active products of the cart by id (an inactive or unknown one is missing)."""
    sql = _SOLD_PRODUCTS.format(marks=", ".join("?" * len(ids)))
    return {row[0]: _SoldProduct(*row) for row in driver.execute(sql, ids)}


def _next_receipt_number(driver: Any, till_code: str) -> int:
    # No race: the write transaction began IMMEDIATE, so this till holds SQLite's write lock
    # (on PostgreSQL: the database's write lock, taken first by every write unit of work).
    bumped = driver.execute(_BUMP_COUNTER, (till_code,)).fetchone()
    if bumped is None:
        driver.execute(_FIRST_COUNTER, (till_code,))
        return 1
    return int(bumped[0])


def _record_sale_movements(connection: Connection, movements: list[tuple[Any, ...]]) -> None:
    """The ``sale`` movements of the tracked lines, in line order (café drinks carry no stock)."""
    if movements:
        driver_connection(connection).executemany(_INSERT_MOVEMENT, movements)


def _validate_lines(lines: Sequence[SaleLineRequest]) -> None:
    for request in lines:
        if request.unit_price < 0:
            raise InvalidAmount(str(request.unit_price))
        check_line_quantity(request.quantity)
        if request.line_discount < 0:
            raise InvalidDiscount(str(request.line_discount), "negative")
        value = request.quantity * request.unit_price
        if request.line_discount > value:
            raise InvalidDiscount(str(request.line_discount), "above_value", value)


def commit_sale(
    db: Database,
    lines: Sequence[SaleLineRequest],
    payment: PaymentRequest | Sequence[PaymentRequest],
    *,
    cashier: Actor | str,
    till_code: str,
    event_id: int | None,
    sale_discount: int = 0,
    sale_discount_approval: Approval | None = None,
    cart_key: str = "",
    sale_uuid: str = "",
    now: dt.datetime | None = None,
) -> SaleResult:
    """Write one complete sale in a single transaction, or nothing at all.

    ``cashier`` is the logged-in :class:`Actor`, who must be allowed to sell
    (:data:`~bazaar_pos.people.access.PERMISSIONS`): the sale belongs to the till's open shift
    (:class:`NoOpenShift` if there is none) and every discount or price override is checked
    against their role or a supervisor's approval bound to that line (``line_key``) or to this
    cart's sale discount (``cart_key``) and its amount; the approval is spent on this receipt.
    A plain name is accepted only while the database has no accounts at all (tests,
    benchmarks, the demo); such a sale cannot carry a discount or override.

    Each line is compared with the price it was scanned at (``list_price``), not with the
    catalog price of now; a line sold at a scanned price the catalog no longer has is logged.

    ``sale_uuid``: the uuid the sale gets (the cart's, so that a cart kept on disk for crash
    recovery is known to be sold once this commit is); a new one when not given. A uuid that
    is already a sale is refused by the database, so a retry never sells a cart twice.
    """
    if not lines:
        raise EmptyCart()
    if not is_valid_till_code(till_code):
        raise InvalidSetting("till_code", till_code)
    _validate_lines(lines)
    line_values = [r.quantity * r.unit_price - r.line_discount for r in lines]
    subtotal = sum(line_values)
    if sale_discount < 0:
        raise InvalidDiscount(str(sale_discount), "negative")
    if sale_discount > subtotal:
        raise InvalidDiscount(str(sale_discount), "above_value", subtotal)
    total = subtotal - sale_discount
    settled = settle_payments(total, payment)
    shares = spread_discount(sale_discount, line_values)
    now = now or dt.datetime.now(dt.UTC)
    sale_uuid = sale_uuid or new_uuid()

    stored_now = _stored_time(now)
    with driver_errors(), db.write() as session:
        connection = session.connection()
        driver = driver_connection(connection)
        device = own_till_id(session)  # the sale records the device that rang it up
        returning = connection.dialect.name != "sqlite"
        actor = cashier if isinstance(cashier, Actor) else None
        seller: _Seller | None = None
        if actor is not None:
            seller = _seller(driver, actor, till_code, device)
        elif not access.anonymous_allowed(session):
            raise LoginRequired(str(cashier))  # a name is no login (set-up without accounts aside)
        if seller is not None:
            shift_id = seller.shift_id
            if shift_id is None:
                raise NoOpenShift(till_code)
            cashier_name = seller.name
        else:
            shift_id = None
            cashier_name = str(cashier)

        ids = list({request.product_id for request in lines})
        products = _sold_products(driver, ids)
        for product_id in ids:
            if product_id not in products:
                raise ProductUnavailable(product_id)
        list_prices = [
            believed_list_price(session, r.list_price, products[r.product_id], now) for r in lines
        ]

        # The number first: the approvals below are spent on it (all of it rolls back together).
        number = _next_receipt_number(driver, till_code)
        receipt_no = format_receipt_no(till_code, number)

        # Discounts and overrides: who may give them, and who approved them.
        changes = [
            _line_change(i, r, products[r.product_id].name, list_prices[i])
            for i, r in enumerate(lines)
            if r.line_discount or r.unit_price != list_prices[i]
        ]
        approved_by = [""] * len(lines)
        for change in changes:
            request = lines[change.index]
            wanted = ApprovalRequest(
                change.approval_action,
                line_subject(request.line_key),
                change.reduction,
                _line_needs(change, request.quantity * list_prices[change.index]),
            )
            approved_by[change.index] = _approve(
                session, actor, cashier_name, request.approval, wanted, till_code, receipt_no, now
            )
        sale_approved_by = ""
        if sale_discount:
            wanted = ApprovalRequest(
                ApprovalAction.SALE_DISCOUNT,
                cart_subject(cart_key),
                sale_discount,
                access.minimum_role_for_discount(sale_discount, subtotal),
            )
            sale_approved_by = _approve(
                session,
                actor,
                cashier_name,
                sale_discount_approval,
                wanted,
                till_code,
                receipt_no,
                now,
            )

        sale_id = _new_id(
            driver,
            _INSERT_SALE,
            (
                sale_uuid,
                till_code,
                device,
                number,
                receipt_no,
                event_id,
                cashier_name,
                seller.user_id if seller is not None else None,
                shift_id,
                stored_now,
                total,
                subtotal,
                sale_discount,
                sale_approved_by,
            ),
            returning,
        )
        movements = []
        for line_no, (request, value, share, approver, list_price) in enumerate(
            zip(lines, line_values, shares, approved_by, list_prices, strict=True), start=1
        ):
            product = products[request.product_id]
            line_id = _new_id(
                driver,
                _INSERT_LINE,
                (
                    new_uuid(),
                    sale_id,
                    line_no,
                    request.product_id,
                    product.sku,
                    product.name,
                    request.unit_price,
                    request.quantity,
                    # What the line brought in: summed per institution, the money due.
                    value - share,
                    # The price at scan: what an override or discount is measured against.
                    list_price,
                    request.line_discount,
                    share,
                    approver,
                    # Attribution: this money goes back to this institution and workshop.
                    product.institution_id,
                    product.workshop_id,
                ),
                returning,
            )
            if product.track_stock:  # one ``sale`` movement per tracked line (no café drinks)
                movements.append(
                    (
                        new_uuid(),
                        request.product_id,
                        event_id,
                        MovementKind.SALE.value,
                        -request.quantity,
                        line_id,
                        stored_now,
                    )
                )
        if settled:
            driver.executemany(
                _INSERT_PAYMENT,
                [
                    (
                        new_uuid(),
                        sale_id,
                        part.method,
                        part.amount,
                        part.tendered,
                        part.change,
                        part.reference,
                    )
                    for part in settled
                ],
            )
        _record_sale_movements(connection, movements)
        for change in changes:
            log_action(
                session,
                change.action,
                till_code=till_code,
                actor=actor,
                user_name=cashier_name,
                subject=receipt_no,
                detail=change.detail,
                amount=change.reduction,
                approved_by=approved_by[change.index],
                at=now,
            )
        if sale_discount:
            log_action(
                session,
                AuditAction.DISCOUNT,
                till_code=till_code,
                actor=actor,
                user_name=cashier_name,
                subject=receipt_no,
                detail=(
                    f"diskon transaksi {format_rupiah(sale_discount)} dari "
                    f"{format_rupiah(subtotal)} ({_percent_text(sale_discount, subtotal)})"
                ),
                amount=sale_discount,
                approved_by=sale_approved_by,
                at=now,
            )
        _log_scanned_prices(
            session, lines, list_prices, products, actor, cashier_name, till_code, receipt_no, now
        )

    return SaleResult(
        sale_uuid=sale_uuid,
        receipt_no=receipt_no,
        total=total,
        tendered=sum(part.tendered for part in settled),
        change=sum(part.change for part in settled),
        method="+".join(part.method for part in settled),
        created_at=now,
        subtotal=subtotal,
        discount=sale_discount,
        payments=settled,
    )


def _line_needs(change: _LineCheck, list_value: int) -> str:
    """The lowest role that may give a line's change alone (any override: a supervisor)."""
    needed = access.minimum_role_for_discount(change.reduction, list_value)
    if change.action is AuditAction.PRICE_OVERRIDE and not access.role_at_least(
        needed, Role.SUPERVISOR
    ):
        needed = Role.SUPERVISOR
    return needed


# How far back a price scanned into a cart is believed after the catalog changed it: a cart is
# rung up in minutes, and a parked cart takes today's prices when it is resumed.
SCANNED_PRICE_WINDOW = dt.timedelta(hours=2)


def believed_list_price(
    session: Session, scanned: int | None, product: Any, now: dt.datetime
) -> int:
    """The price a line is measured against: the price it was scanned at, if the product
    really had that price within :data:`SCANNED_PRICE_WINDOW` (the journal of price changes
    says so), else today's catalog price. A caller cannot invent a "scanned" price: one the
    product never had is measured against the catalog, so charging it is an override that
    needs its approval."""
    if scanned is None or scanned == product.price:
        return int(product.price)
    if scanned in prices_since(session, product.sku, now - SCANNED_PRICE_WINDOW):
        return scanned
    return int(product.price)


def _log_scanned_prices(
    session: Session,
    lines: Sequence[SaleLineRequest],
    list_prices: Sequence[int],
    products: dict[int, Any],
    actor: Actor | None,
    cashier_name: str,
    till_code: str,
    receipt_no: str,
    now: dt.datetime,
) -> None:
    """One entry per line sold at the price it was scanned at after the catalog changed it.

    Not an override (nobody chose the price): the journal only shows which catalog price the
    line was measured against, so the end-of-day count can be explained.
    """
    for request, list_price in zip(lines, list_prices, strict=True):
        catalog = products[request.product_id]
        if list_price == catalog.price:
            continue
        log_action(
            session,
            AuditAction.SCANNED_PRICE_KEPT,
            till_code=till_code,
            actor=actor,
            user_name=cashier_name,
            subject=receipt_no,
            detail=(
                f"{catalog.name} x{request.quantity}: harga saat scan "
                f"{format_rupiah(list_price)}, katalog sekarang {format_rupiah(catalog.price)}"
            ),
            amount=request.quantity * (catalog.price - list_price),
            at=now,
        )


def _approve(
    session: Session,
    actor: Actor | None,
    cashier_name: str,
    approval: Approval | None,
    wanted: ApprovalRequest,
    till_code: str,
    receipt_no: str,
    now: dt.datetime,
) -> str:
    """The name that approved a discount/override: the cashier within their limit, else the
    supervisor whose approval grant covers it (spent on ``receipt_no``); NotPermitted else."""
    if actor is None:
        # No users on this till: nobody can approve, so no discounts or overrides at all.
        raise NotPermitted(str(wanted.action), wanted.minimum, cashier_name, "")
    approver = access.check_approval(
        session, approval, wanted, actor=actor, till_code=till_code, used_for=receipt_no, now=now
    )
    return _approver_name(approver)


# --------------------------------------------------------------------------------- reading

_PRICES = select(Product.id, Product.price).where(Product.id.in_(bindparam("ids", expanding=True)))


def note_catalog_prices(db: Database, cart: Cart) -> int:
    """Tell each cart line today's catalog price; how many lines it differs from now.

    The cart keeps selling at the price each line was scanned at (``commit_sale`` compares with
    that); this only lets the screen say which lines the back office has repriced since.
    """
    ids = sorted({line.product.id for line in cart.lines})
    if not ids:
        return 0
    with db.read() as session:
        rows = session.execute(_PRICES, {"ids": ids})
        prices: dict[int, int] = {product_id: price for product_id, price in rows}
    for line in cart.lines:
        line.catalog_price = prices.get(line.product.id)
    return sum(line.catalog_price_changed for line in cart.lines)


@dataclass(frozen=True)
class SaleSummary:
    receipt_no: str
    created_at: dt.datetime
    total: int
    method: str
    cashier: str


def recent_sales(db: Database, *, actor: Actor | None, limit: int = 50) -> list[SaleSummary]:
    """Newest sales first (for the reprint list), for a user who may see sales.

    ``actor`` None only on a till without accounts (tests, demo).
    """
    with db.read() as session:
        access.authorize_or_anonymous(session, actor, Action.VIEW_SALES)
        sales = session.scalars(
            select(Sale).options(selectinload(Sale.payments)).order_by(Sale.id.desc()).limit(limit)
        ).all()
        return [
            SaleSummary(
                receipt_no=sale.receipt_no,
                created_at=sale.created_at,
                total=sale.total,
                method="+".join(payment.method for payment in sale.payments),
                cashier=sale.cashier,
            )
            for sale in sales
        ]


def receipt_for(
    db: Database, receipt_no: str, *, actor: Actor | None, copy: bool = False
) -> Receipt:
    """Everything a receipt shows, read back from the database (the source of truth), for a
    user the permission table lets look up sales (``VIEW_SALES``: every role).

    For the first print; a reprint goes through :func:`receipt_copy`, which logs it.
    """
    with db.read() as session:
        access.authorize_or_anonymous(session, actor, Action.VIEW_SALES)
        return _receipt(session, receipt_no, copy=copy)


def receipt_copy(db: Database, receipt_no: str, *, actor: Actor | None, till_code: str) -> Receipt:
    """The receipt marked COPY (SALINAN), and an audit ``reprint`` entry of who asked, in one
    transaction; for a user the permission table lets reprint.

    ``actor`` None is only accepted on a till without accounts (tests, demo).
    """
    with db.write() as session:
        access.authorize_or_anonymous(session, actor, Action.REPRINT_RECEIPT)
        receipt = _receipt(session, receipt_no, copy=True)
        log_action(
            session,
            AuditAction.REPRINT,
            till_code=till_code,
            actor=actor,
            subject=receipt.receipt_no,
            detail=f"salinan struk {receipt.receipt_no}, total {format_rupiah(receipt.total)}",
            amount=receipt.total,
        )
        return receipt


def warm_up_receipts(db: Database) -> None:
    """Compile the receipt's queries once, by reading the newest sale's receipt and dropping
    it: SQLAlchemy compiles each statement on its first use (~50 ms for the receipt's, paid
    by the first sale of the day) and keeps it per engine. Read only, for nobody in
    particular (nothing is returned); nothing when the till has sold nothing yet."""
    with db.read() as session:
        newest = session.scalar(select(Sale.receipt_no).order_by(Sale.id.desc()).limit(1))
        if newest is not None:
            _receipt(session, newest, copy=False)
        # The guard every read of a receipt starts with (one statement, ~15 ms to compile the
        # first time), asked for a login that cannot exist (a fresh random token): refused,
        # nothing read, the statement compiled for the cashier's first receipt.
        nobody = Actor(0, "", "", Role.CASHIER.value, session_token=secrets.token_hex(16))
        with contextlib.suppress(NotLoggedIn):
            access.load_user(session, nobody)


def _receipt(session: Session, receipt_no: str, *, copy: bool) -> Receipt:
    sale = session.scalars(
        select(Sale)
        # two laptops with one till code: which sale the number names, see receipt_lookup
        .where(Sale.id == sale_id_for_receipt(session, receipt_no))
        .options(selectinload(Sale.lines), selectinload(Sale.payments))
    ).first()
    if sale is None:
        raise ReceiptNotFound(receipt_no)
    institution_ids = {line.institution_id for line in sale.lines}
    institutions = {
        inst.id: inst
        for inst in session.scalars(select(Institution).where(Institution.id.in_(institution_ids)))
    }
    event = session.get(Event, sale.event_id) if sale.event_id is not None else None
    # Cash first, as commit_sale writes them; rows from before split tender are single.
    payments = sorted(sale.payments, key=lambda p: (p.method != PaymentMethod.CASH.value, p.id))
    ordered_ids = list(dict.fromkeys(line.institution_id for line in sale.lines))
    # Sales from before discounts existed have subtotal 0: their lines are the whole total.
    subtotal = sale.subtotal or sum(line.line_total for line in sale.lines)
    return Receipt(
        receipt_no=sale.receipt_no,
        sale_uuid=sale.uuid,
        event_name=event.name if event else "",
        event_venue=event.venue if event else "",
        institutions=tuple(institutions[i].name for i in ordered_ids),
        created_at=sale.created_at,
        cashier=sale.cashier,
        till_code=sale.till_code,
        lines=tuple(
            ReceiptLine(
                name=line.product_name,
                quantity=line.quantity,
                unit_price=line.unit_price,
                # The line after its own discount; the sale discount is shown once, below.
                line_total=line.line_total + line.sale_discount_share,
                institution_code=institutions[line.institution_id].code,
                list_price=line.list_price or line.unit_price,
                line_discount=line.line_discount,
            )
            for line in sale.lines
        ),
        total=sale.total,
        tendered=sum(p.tendered for p in payments),
        change=sum(p.change for p in payments),
        method="+".join(p.method for p in payments),
        reference=" / ".join(p.reference for p in payments if p.reference),
        copy=copy,
        subtotal=subtotal,
        discount=sale.discount,
        discount_approved_by=sale.discount_approved_by,
        payments=tuple(
            ReceiptPayment(p.method, p.amount, p.tendered, p.change, p.reference) for p in payments
        ),
    )
