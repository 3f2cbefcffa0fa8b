"""``bazaar-pos demo --products N --sales M``: bulk demo products, then demo sales."""

from __future__ import annotations

from dataclasses import dataclass

from bazaar_pos.db import Database
from bazaar_pos.demo.goods import add_demo_products
from bazaar_pos.demo.sales import add_demo_sales


@dataclass(frozen=True)
class DemoSummary:
    products_added: int
    sales_added: int


def generate_demo_data(db: Database, products: int, sales: int) -> DemoSummary:
    return DemoSummary(
        products_added=add_demo_products(db, products), sales_added=add_demo_sales(db, sales)
    )
