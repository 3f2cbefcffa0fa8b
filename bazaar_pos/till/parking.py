"""Carts put on hold and taken up again, carts abandoned, and lines voided before payment.

A parked sale is the cart as JSON in ``parked_sales`` (product ids, quantities, prices,
discounts and the approvals given for them); resuming it rebuilds the cart from the catalog
as it is *now* (stock on hand, an archived product) and deletes the row, in one transaction.
Each of these actions is written to the audit log with who did it: a cart that is cancelled or
a line removed after it was rung up is money that did not reach the drawer.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bazaar_pos.catalog.lookup import ProductInfo, active_products
from bazaar_pos.db import Database
from bazaar_pos.db.models import ParkedSale, Role
from bazaar_pos.errors import (
    EmptyCart,
    InvalidVoid,
    LoginRequired,
    ParkedProductUnavailable,
    ParkedSaleNotFound,
)
from bazaar_pos.money import format_rupiah
from bazaar_pos.people import access
from bazaar_pos.people.access import Actor, Approval, has_accounts
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.till.cart import Cart, CartLine

__all__ = [
    "ParkedSaleInfo",
    "cancel_sale",
    "list_parked",
    "park_sale",
    "resume_parked",
    "void_line",
]

CART_FORMAT = 1  # version of the JSON in parked_sales.cart_json


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


def _acting_name(session: Session, actor: Actor | None) -> str:
    """The actor's name (a current, active user); None only on a till without users."""
    if actor is not None:
        access.load_user(session, actor)
        return actor.display_name
    if has_accounts(session):
        raise LoginRequired("")
    return ""


# ------------------------------------------------------------------------ cart as JSON


def _approval_json(approval: Approval | None) -> dict[str, Any] | None:
    if approval is None:
        return None
    return {
        "approval_id": approval.approval_id,
        "approver_id": approval.approver_id,
        "approver_name": approval.approver_name,
        "role": approval.role,
        "action": approval.action,
    }


def _approval(data: dict[str, Any] | None) -> Approval | None:
    if not data:
        return None
    return Approval(
        approval_id=str(data["approval_id"]),
        approver_id=int(data["approver_id"]),
        approver_name=str(data["approver_name"]),
        role=str(data["role"]),
        action=str(data["action"]),
    )


def cart_to_json(cart: Cart) -> str:
    """The cart as stored in ``parked_sales.cart_json`` (approvals are re-checked at payment)."""
    return json.dumps(
        {
            "format": CART_FORMAT,
            "lines": [
                {
                    "product_id": line.product.id,
                    "name": line.product.name,
                    "quantity": line.quantity,
                    "list_price": line.product.price,
                    "unit_price": line.unit_price,
                    "line_discount": line.line_discount,
                    "approval": _approval_json(line.approval),
                }
                for line in cart.lines
            ],
            "sale_discount": cart.sale_discount,
            "sale_discount_approval": _approval_json(cart.sale_discount_approval),
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
        # were scanned again; an overridden price stays (with its approval).
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
                approval=_approval(item.get("approval")),
            )
        )
    cart.sale_discount = min(int(data.get("sale_discount", 0)), cart.subtotal)
    if cart.sale_discount:
        cart.sale_discount_approval = _approval(data.get("sale_discount_approval"))
    return cart


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
    """Put ``cart`` on hold on this till (several may wait); the caller then clears the cart."""
    if cart.is_empty():
        raise EmptyCart()
    label = label.strip()[:80]
    with db.write() as session:
        name = _acting_name(session, actor)
        row = ParkedSale(
            uuid=str(uuid.uuid4()),
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


def list_parked(db: Database, till_code: str) -> list[ParkedSaleInfo]:
    """The sales on hold at this till, oldest first."""
    with db.read() as session:
        rows = session.scalars(
            select(ParkedSale)
            .where(ParkedSale.till_code == till_code)
            .order_by(ParkedSale.parked_at, ParkedSale.id)
        ).all()
        return [_info_of(row) for row in rows]


def resume_parked(db: Database, parked_uuid: str, *, actor: Actor | None, till_code: str) -> Cart:
    """The parked cart, rebuilt from the current catalog; the parked row is deleted.

    A product archived since it was parked: :class:`ParkedProductUnavailable`, and the parked
    sale stays where it is (nothing is deleted or logged).
    """
    with db.write() as session:
        name = _acting_name(session, actor)
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
    """Log that a whole cart was abandoned before payment (any role may); the caller clears it."""
    if cart.is_empty():
        raise EmptyCart()
    with db.write() as session:
        name = _acting_name(session, actor)
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
) -> None:
    """Log the removal of ``quantity_removed`` units of a rung-up line before payment.

    Needs a supervisor: the actor's own role or a supervisor's ``approval``
    (:class:`~bazaar_pos.people.access.NotPermitted` otherwise). The caller then changes the cart.
    On a till without users (``actor`` None) it is only logged.
    """
    if not 1 <= quantity_removed <= line.quantity:
        raise InvalidVoid(quantity_removed, line.quantity)
    if quantity_removed == line.quantity:
        amount = line.line_total
    else:
        amount = quantity_removed * line.unit_price
    with db.write() as session:
        approved_by = ""
        if actor is not None:
            approver = access.check_approval(
                session, approval, Role.SUPERVISOR, "line_void", actor=actor
            )
            approved_by = approver.full_name or approver.username
        else:
            _acting_name(session, None)
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
        )
