"""Carts put on hold and taken up again, carts abandoned, and lines voided before payment.

A parked sale is the cart as JSON in ``parked_sales`` (product ids, quantities, prices and
discounts); resuming it rebuilds the cart from the catalog as it is *now* (stock on hand, an
archived product, today's price for a line at the catalog price: as if scanned again) and
deletes the row, in one transaction.

Approvals do not survive parking. An approval is a secret held in memory; writing it to the
database would let anybody with the file spend it, and anything less (the grant's uuid, the
approver) is exactly what must not be enough to rebuild one. So a resumed cart keeps its
discounts and overrides but carries no approval, and its lines get new keys: a change the user
may not give alone is approved again before payment (``pricing.missing_approvals``; the sale
screen asks for the supervisor's PIN and says why).
Each of these actions is written to the audit log with who did it: a cart that is cancelled or
a line removed after it was rung up is money that did not reach the drawer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bazaar_pos.catalog.lookup import ProductInfo, active_products
from bazaar_pos.db import Database
from bazaar_pos.db.models import ParkedSale, Sale
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import (
    EmptyCart,
    InvalidVoid,
    ParkedProductUnavailable,
    ParkedSaleNotFound,
)
from bazaar_pos.money import format_rupiah
from bazaar_pos.people import access
from bazaar_pos.people.access import (
    PERMISSIONS,
    Action,
    Actor,
    Approval,
    ApprovalAction,
    ApprovalRequest,
)
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.till.cart import Cart, CartLine

__all__ = [
    "ParkedSaleInfo",
    "cancel_sale",
    "list_parked",
    "park_recovered_cart",
    "park_sale",
    "resume_parked",
    "void_line",
    "void_value",
]

CART_FORMAT = 1  # version of the JSON in parked_sales.cart_json
# Removing a rung-up line is money that does not reach the drawer: the permission table says
# who decides (a supervisor), on the spot with a bound approval when a cashier asks.
VOID_NEEDS_ROLE = PERMISSIONS[Action.VOID_LINE]


@dataclass(frozen=True)
class ParkedSaleInfo:
    uuid: str
    till_code: str
    parked_at: dt.datetime
    parked_by: str
    label: str  # what the cashier called it, e.g. "ibu baju merah"
    total: int
    line_count: int


# ------------------------------------------------------------------------------ who acts


def _acting_name(session: Session, actor: Actor | None, action: Action) -> str:
    """The name of the user doing ``action`` (checked against the permission table); ""
    for nobody, only on a till without accounts."""
    user = access.authorize_or_anonymous(session, actor, action)
    return (user.full_name or user.username) if user is not None else ""


# ------------------------------------------------------------------------ cart as JSON


def cart_to_json(cart: Cart) -> str:
    """The cart as stored in ``parked_sales.cart_json``: no approvals (see the module docs)."""
    return json.dumps(
        {
            "format": CART_FORMAT,
            "lines": [
                {
                    "product_id": line.product.id,
                    "name": line.product.name,
                    "quantity": line.quantity,
                    "list_price": line.list_price,
                    "unit_price": line.unit_price,
                    "line_discount": line.line_discount,
                }
                for line in cart.lines
            ],
            "sale_discount": cart.sale_discount,
        },
        ensure_ascii=False,
    )


def _cart_from_json(parked_uuid: str, text: str, products: dict[int, ProductInfo]) -> Cart:
    data = json.loads(text)
    cart = Cart()
    for item in data["lines"]:
        product = products.get(int(item["product_id"]))
        if product is None:
            raise ParkedProductUnavailable(parked_uuid, int(item["product_id"]), item["name"])
        # A line parked at the catalog price is charged the catalog price of now, as if it
        # were scanned again (a price stored in the database is not believed as a scanned
        # one); an overridden price stays, measured against today's price, to be approved again.
        overridden = int(item["unit_price"]) != int(item["list_price"])
        unit_price = int(item["unit_price"]) if overridden else product.price
        quantity = int(item["quantity"])
        discount = min(int(item["line_discount"]), quantity * unit_price)
        cart.lines.append(
            CartLine(
                product=product,
                quantity=quantity,
                unit_price=unit_price,
                line_discount=discount,
                list_price=product.price,
            )
        )
    cart.sale_discount = min(int(data.get("sale_discount", 0)), cart.subtotal)
    return cart


def void_value(line: CartLine, quantity_removed: int) -> int:
    """What removing ``quantity_removed`` units takes off the cart (a void approval's amount)."""
    if quantity_removed == line.quantity:
        return line.line_total
    return quantity_removed * line.unit_price


def _lines_text(lines: Sequence[CartLine]) -> str:
    return "; ".join(
        f"{line.product.name} x{line.quantity} {format_rupiah(line.line_total)}" for line in lines
    )


def _info_of(row: ParkedSale) -> ParkedSaleInfo:
    return ParkedSaleInfo(
        uuid=row.uuid,
        till_code=row.till_code,
        parked_at=row.parked_at,
        parked_by=row.parked_by,
        label=row.label,
        total=row.total,
        line_count=len(json.loads(row.cart_json)["lines"]),
    )


# ------------------------------------------------------------------------------ services


def park_sale(
    db: Database,
    cart: Cart,
    *,
    till_code: str,
    actor: Actor | None,
    label: str = "",
    now: dt.datetime | None = None,
) -> ParkedSaleInfo:
    """Put ``cart`` on hold on this till (several may wait); the caller then clears the cart.

    Its approvals are not kept: they are given again after it is resumed (module docs).
    """
    if cart.is_empty():
        raise EmptyCart()
    label = label.strip()[:80]
    with db.write() as session:
        name = _acting_name(session, actor, Action.SELL)
        row = ParkedSale(
            uuid=new_uuid(),
            till_code=till_code,
            parked_at=now or dt.datetime.now(dt.UTC),
            parked_by=name,
            label=label,
            total=cart.total,
            cart_json=cart_to_json(cart),
        )
        session.add(row)
        log_action(
            session,
            AuditAction.SALE_PARKED,
            till_code=till_code,
            actor=actor,
            subject=label or row.uuid[:8],
            detail=_lines_text(cart.lines),
            amount=cart.total,
            at=row.parked_at,
        )
        return _info_of(row)


def park_recovered_cart(
    db: Database,
    cart_json: str,
    *,
    total: int,
    sale_uuid: str,
    till_code: str,
    actor: Actor | None,
    label: str,
    detail: str,
    now: dt.datetime | None = None,
) -> ParkedSaleInfo | None:
    """Park a cart that was open when the till stopped (``till.open_cart`` kept it on disk).

    ``cart_json`` is in this module's format (no approvals: they are asked again after it is
    resumed). ``sale_uuid`` is the uuid its sale would have had: when a sale with it exists the
    cart was paid after all, and nothing is written (None). The check and the parking are one
    transaction, so a cart is never both sold and parked. Logged as ``SALE_RECOVERED`` under
    the user who logged in (``detail`` says who rang it up and when).
    """
    with db.write() as session:
        name = _acting_name(session, actor, Action.SELL)
        if session.scalar(select(Sale.id).where(Sale.uuid == sale_uuid)) is not None:
            return None
        row = ParkedSale(
            uuid=new_uuid(),
            till_code=till_code,
            parked_at=now or dt.datetime.now(dt.UTC),
            parked_by=name,
            label=label.strip()[:80],
            total=total,
            cart_json=cart_json,
        )
        session.add(row)
        log_action(
            session,
            AuditAction.SALE_RECOVERED,
            till_code=till_code,
            actor=actor,
            subject=sale_uuid,
            detail=detail,
            amount=total,
            at=row.parked_at,
        )
        return _info_of(row)


def list_parked(db: Database, till_code: str, *, actor: Actor | None) -> list[ParkedSaleInfo]:
    """The sales on hold at this till, oldest first (for a user who may sell)."""
    with db.read() as session:
        _acting_name(session, actor, Action.SELL)
        rows = session.scalars(
            select(ParkedSale)
            .where(ParkedSale.till_code == till_code)
            .order_by(ParkedSale.parked_at, ParkedSale.id)
        ).all()
        return [_info_of(row) for row in rows]


def resume_parked(db: Database, parked_uuid: str, *, actor: Actor | None, till_code: str) -> Cart:
    """The parked cart, rebuilt from the current catalog; the parked row is deleted.

    A product archived since it was parked: :class:`ParkedProductUnavailable`, and the parked
    sale stays where it is (nothing is deleted or logged). The cart comes back without
    approvals and with new line keys (module docs).
    """
    with db.write() as session:
        name = _acting_name(session, actor, Action.SELL)
        row = session.scalars(
            select(ParkedSale).where(
                ParkedSale.uuid == parked_uuid, ParkedSale.till_code == till_code
            )
        ).first()
        if row is None:
            raise ParkedSaleNotFound(parked_uuid)
        ids = [int(item["product_id"]) for item in json.loads(row.cart_json)["lines"]]
        products = active_products(session, ids)
        cart = _cart_from_json(row.uuid, row.cart_json, products)
        session.execute(delete(ParkedSale).where(ParkedSale.id == row.id))
        log_action(
            session,
            AuditAction.SALE_RESUMED,
            till_code=till_code,
            actor=actor,
            user_name=name,
            subject=row.label or row.uuid[:8],
            detail=f"diparkir oleh {row.parked_by or '-'}; {_lines_text(cart.lines)}",
            amount=cart.total,
        )
        return cart


def cancel_sale(
    db: Database, cart: Cart, *, actor: Actor | None, till_code: str, reason: str = ""
) -> None:
    """Log that a whole cart was abandoned before payment (``CANCEL_SALE`` in the permission
    table); the caller clears it."""
    if cart.is_empty():
        raise EmptyCart()
    with db.write() as session:
        name = _acting_name(session, actor, Action.CANCEL_SALE)
        detail = _lines_text(cart.lines)
        if cart.sale_discount:
            detail += f"; diskon transaksi {format_rupiah(cart.sale_discount)}"
        if reason.strip():
            detail = f"{reason.strip()} — {detail}"
        log_action(
            session,
            AuditAction.SALE_CANCELLED,
            till_code=till_code,
            actor=actor,
            user_name=name,
            subject=f"{len(cart.lines)} baris",
            detail=detail,
            amount=cart.total,
        )


def void_line(
    db: Database,
    line: CartLine,
    quantity_removed: int,
    *,
    actor: Actor | None,
    till_code: str,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Log the removal of ``quantity_removed`` units of a rung-up line before payment.

    Needs a supervisor: the actor's own role, or a supervisor's ``approval`` of a void of this
    line (its key) for exactly this value (:func:`void_value`), which is spent here
    (:class:`~bazaar_pos.people.access.NotPermitted` otherwise). The caller then changes the
    cart. On a till without accounts (``actor`` None) it is only logged.
    """
    if not 1 <= quantity_removed <= line.quantity:
        raise InvalidVoid(quantity_removed, line.quantity)
    amount = void_value(line, quantity_removed)
    with db.write() as session:
        approved_by = ""
        name = _acting_name(session, actor, Action.SELL)
        if actor is not None:
            wanted = ApprovalRequest(
                ApprovalAction.LINE_VOID, line.subject, amount, VOID_NEEDS_ROLE
            )
            approver = access.check_approval(
                session,
                approval,
                wanted,
                actor=actor,
                till_code=till_code,
                used_for=f"void {line.product.sku}",
                now=now,
            )
            approved_by = approver.full_name or approver.username
        log_action(
            session,
            AuditAction.LINE_VOID,
            till_code=till_code,
            actor=actor,
            subject=line.product.sku,
            detail=(
                f"{line.product.name}: {quantity_removed} dari {line.quantity} x "
                f"{format_rupiah(line.unit_price)}"
            ),
            amount=amount,
            approved_by=approved_by,
            user_name=name,
        )
