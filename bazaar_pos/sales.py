"""Committing a sale: header, lines, payment, stock movements and receipt number in one go."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bazaar_pos.cart import MAX_LINE_QUANTITY, Cart
from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    Event,
    Institution,
    MovementKind,
    Payment,
    PaymentMethod,
    Product,
    ReceiptCounter,
    Sale,
    SaleLine,
)
from bazaar_pos.errors import (
    EmptyCart,
    InvalidAmount,
    InvalidQuantity,
    ProductUnavailable,
    ReceiptNotFound,
    TenderTooLow,
    UnknownPaymentMethod,
)
from bazaar_pos.settings import InvalidSetting, is_valid_till_code
from bazaar_pos.stock import new_movement

if TYPE_CHECKING:
    from bazaar_pos.receipts import Receipt

RECEIPT_DIGITS = 6


@dataclass(frozen=True)
class SaleLineRequest:
    product_id: int
    quantity: int
    unit_price: int


@dataclass(frozen=True)
class PaymentRequest:
    method: str  # a PaymentMethod value
    tendered: int | None = None  # cash handed over; None for QRIS/transfer (exact amount)
    reference: str = ""


@dataclass(frozen=True)
class SaleResult:
    sale_uuid: str
    receipt_no: str
    total: int
    tendered: int
    change: int
    method: str
    created_at: dt.datetime


def format_receipt_no(till_code: str, number: int) -> str:
    return f"{till_code}-{number:0{RECEIPT_DIGITS}d}"


def lines_from_cart(cart: Cart) -> list[SaleLineRequest]:
    return [
        SaleLineRequest(
            product_id=line.product.id, quantity=line.quantity, unit_price=line.unit_price
        )
        for line in cart.lines
    ]


def settle_payment(total: int, payment: PaymentRequest) -> tuple[int, int]:
    """Check the payment against the total; returns (tendered, change).

    Only cash gives change; QRIS and transfers are always for the exact amount.
    """
    try:
        method = PaymentMethod(payment.method)
    except ValueError:
        raise UnknownPaymentMethod(payment.method) from None
    if method is PaymentMethod.CASH:
        tendered = total if payment.tendered is None else payment.tendered
        if tendered < total:
            raise TenderTooLow(total, tendered)
        return tendered, tendered - total
    return total, 0


def _next_receipt_number(session: Session, till_code: str) -> int:
    # Safe without a race: the write transaction began IMMEDIATE, so we hold SQLite's write lock.
    counter = session.get(ReceiptCounter, till_code)
    if counter is None:
        counter = ReceiptCounter(till_code=till_code, last_number=0)
        session.add(counter)
    counter.last_number += 1
    return counter.last_number


def _record_sale_movements(
    session: Session, sale: Sale, tracked: set[int], at: dt.datetime
) -> None:
    """One ``sale`` movement per tracked line (café drinks carry no stock)."""
    session.add_all(
        new_movement(
            product_id=line.product_id,
            quantity=-line.quantity,
            kind=MovementKind.SALE,
            event_id=sale.event_id,
            at=at,
            sale_line_id=line.id,
        )
        for line in sale.lines
        if line.product_id in tracked
    )


def commit_sale(
    db: Database,
    lines: Sequence[SaleLineRequest],
    payment: PaymentRequest,
    *,
    cashier: str,
    till_code: str,
    event_id: int | None,
) -> SaleResult:
    """Write one complete sale in a single transaction, or nothing at all."""
    if not lines:
        raise EmptyCart()
    if not is_valid_till_code(till_code):
        raise InvalidSetting("till_code", till_code)
    for request in lines:
        if request.unit_price < 0:
            raise InvalidAmount(str(request.unit_price))
        if not 0 < request.quantity <= MAX_LINE_QUANTITY:
            reason = "not_positive" if request.quantity <= 0 else "too_large"
            raise InvalidQuantity(str(request.quantity), reason)
    total = sum(request.quantity * request.unit_price for request in lines)
    tendered, change = settle_payment(total, payment)
    now = dt.datetime.now(dt.UTC)

    with db.write() as session:
        ids = {request.product_id for request in lines}
        products = {
            row.id: row
            for row in session.execute(
                select(
                    Product.id,
                    Product.sku,
                    Product.name,
                    Product.institution_id,
                    Product.workshop_id,
                    Product.track_stock,
                ).where(Product.id.in_(ids), Product.active.is_(True))
            )
        }
        for product_id in ids:
            if product_id not in products:
                raise ProductUnavailable(product_id)
        number = _next_receipt_number(session, till_code)
        sale = Sale(
            uuid=str(uuid.uuid4()),
            till_code=till_code,
            receipt_number=number,
            receipt_no=format_receipt_no(till_code, number),
            event_id=event_id,
            cashier=cashier,
            created_at=now,
            total=total,
        )
        for line_no, request in enumerate(lines, start=1):
            product = products[request.product_id]
            sale.lines.append(
                SaleLine(
                    line_no=line_no,
                    product_id=product.id,
                    sku=product.sku,
                    product_name=product.name,
                    unit_price=request.unit_price,
                    quantity=request.quantity,
                    line_total=request.quantity * request.unit_price,
                    institution_id=product.institution_id,
                    workshop_id=product.workshop_id,
                )
            )
        sale.payments.append(
            Payment(
                method=PaymentMethod(payment.method).value,
                amount=total,
                tendered=tendered,
                change=change,
                reference=payment.reference.strip(),
            )
        )
        session.add(sale)
        session.flush()  # line ids are needed by the movements
        tracked = {product.id for product in products.values() if product.track_stock}
        _record_sale_movements(session, sale, tracked, now)

    return SaleResult(
        sale_uuid=sale.uuid,
        receipt_no=sale.receipt_no,
        total=total,
        tendered=tendered,
        change=change,
        method=PaymentMethod(payment.method).value,
        created_at=now,
    )


@dataclass(frozen=True)
class SaleSummary:
    receipt_no: str
    created_at: dt.datetime
    total: int
    method: str
    cashier: str


def recent_sales(db: Database, limit: int = 50) -> list[SaleSummary]:
    """Newest sales first (for the reprint list)."""
    with db.read() as session:
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


def receipt_for(db: Database, receipt_no: str, *, copy: bool = False) -> Receipt:
    """Everything a receipt shows, read back from the database (the source of truth)."""
    from bazaar_pos.receipts import Receipt, ReceiptLine

    receipt_no = receipt_no.strip().upper()
    with db.read() as session:
        sale = session.scalars(
            select(Sale)
            .where(Sale.receipt_no == receipt_no)
            .options(selectinload(Sale.lines), selectinload(Sale.payments))
        ).first()
        if sale is None:
            raise ReceiptNotFound(receipt_no)
        institution_ids = {line.institution_id for line in sale.lines}
        institutions = {
            inst.id: inst
            for inst in session.scalars(
                select(Institution).where(Institution.id.in_(institution_ids))
            )
        }
        event = session.get(Event, sale.event_id) if sale.event_id is not None else None
        payment = sale.payments[0]
        ordered_ids = list(dict.fromkeys(line.institution_id for line in sale.lines))
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
                    line_total=line.line_total,
                    institution_code=institutions[line.institution_id].code,
                )
                for line in sale.lines
            ),
            total=sale.total,
            tendered=payment.tendered,
            change=payment.change,
            method=payment.method,
            reference=payment.reference,
            copy=copy,
        )
