"""Demo sales: the one generator of random sales, for training and for the benchmarks.

``plan_sales`` plans sales from a catalog — which products, 1–5 lines, the quantities, the
payment method, the cash handed over — with no database in it: the same seed gives the same
sales. ``add_demo_sales`` rings the plans up through ``commit_sale``, one transaction each as at
the till; the benchmarks write the same plans in bulk (``bench/sales_data.py``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from bazaar_pos.db import Database
from bazaar_pos.db.models import PaymentMethod, Product
from bazaar_pos.demo.event import seed_demo_event
from bazaar_pos.settings import load_settings
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

MAX_LINES = 5  # lines of one sale: 1 … MAX_LINES, never the same product twice
QUANTITIES = (1, 1, 1, 2, 3)  # drawn per line: mostly one of a thing
METHODS = (
    PaymentMethod.CASH.value,
    PaymentMethod.CASH.value,
    PaymentMethod.CASH.value,
    PaymentMethod.QRIS.value,
    PaymentMethod.TRANSFER.value,
)
# Cash is handed over as the smallest of these notes that covers the total, else exactly.
NOTES = (20_000, 50_000, 100_000, 200_000, 500_000)


class CatalogItem(NamedTuple):
    """What the generator needs of a product it may sell."""

    product_id: int
    price: int


@dataclass(frozen=True, slots=True)
class PlannedLine:
    product_id: int
    quantity: int
    unit_price: int  # the catalog price: no override, no discount

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price


@dataclass(frozen=True, slots=True)
class PlannedSale:
    number: int  # 1, 2, … in the order of the plan
    lines: tuple[PlannedLine, ...]
    method: str  # a PaymentMethod value; one payment for the whole sale
    tendered: int  # cash: the note handed over (≥ total); QRIS/transfer: the total
    reference: str  # QRIS/transfer: the payment's reference; cash: ""

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def change(self) -> int:
        return self.tendered - self.total


def plan_sales(
    catalog: Sequence[tuple[int, int]],
    *,
    seed: int,
    sales: int | None = None,
    lines: int | None = None,
) -> list[PlannedSale]:
    """Random sales from ``catalog`` ((product id, price) pairs), the same for the same seed.

    Give exactly one of ``sales`` (that many sales) or ``lines`` (sales until there are that
    many lines in all; the last sale is cut short to fit). Each sale has 1–5 lines of distinct
    products with quantities 1–3 (mostly 1), and is paid at once: cash three times in five
    (the smallest note that covers the total, or the exact total above Rp 500.000), else QRIS
    or transfer for the total with a reference. A sale of Rp 0 hands over nothing.
    """
    if sales is not None and lines is None:
        wanted, by_lines = sales, False
    elif lines is not None and sales is None:
        wanted, by_lines = lines, True
    else:
        raise ValueError("give exactly one of sales or lines")
    if wanted < 0:
        raise ValueError(f"a negative number of sales or lines: {wanted}")
    if wanted and not catalog:
        raise ValueError("no products to sell")
    rng = random.Random(seed)
    planned: list[PlannedSale] = []
    line_count = 0
    while (line_count if by_lines else len(planned)) < wanted:
        size = min(rng.randint(1, MAX_LINES), len(catalog))
        if by_lines:
            size = min(size, wanted - line_count)
        sale_lines = tuple(
            PlannedLine(product_id=product_id, quantity=rng.choice(QUANTITIES), unit_price=price)
            for product_id, price in rng.sample(catalog, k=size)
        )
        line_count += size
        number = len(planned) + 1
        total = sum(line.total for line in sale_lines)
        method = rng.choice(METHODS)
        if method == PaymentMethod.CASH.value:
            # Nothing is handed over for a sale of Rp 0 (free goods): it takes no payment.
            tendered = next((note for note in NOTES if note >= total), total) if total else 0
            reference = ""
        else:
            tendered = total
            reference = f"REF-{number}"
        planned.append(PlannedSale(number, sale_lines, method, tendered, reference))
    return planned


def sale_catalog(db: Database) -> list[CatalogItem]:
    """The products a till can sell now (active), in id order, with their prices."""
    with db.read() as session:
        rows = session.execute(
            select(Product.id, Product.price).where(Product.active.is_(True)).order_by(Product.id)
        )
        return [CatalogItem(product_id, price) for product_id, price in rows]


def add_demo_sales(db: Database, count: int, *, seed: int = 27) -> int:
    """Ring up ``count`` planned sales (``plan_sales``) through the real sale service."""
    if count <= 0:
        return 0
    seed_demo_event(db)
    settings = load_settings(db)
    for sale in plan_sales(sale_catalog(db), seed=seed, sales=count):
        cash = sale.method == PaymentMethod.CASH.value
        commit_sale(
            db,
            [
                SaleLineRequest(
                    product_id=line.product_id, quantity=line.quantity, unit_price=line.unit_price
                )
                for line in sale.lines
            ],
            PaymentRequest(
                method=sale.method,
                tendered=sale.tendered if cash else None,
                reference=sale.reference,
            ),
            cashier=settings.cashier,
            till_code=settings.till_code,
            event_id=settings.current_event_id,
        )
    return count
