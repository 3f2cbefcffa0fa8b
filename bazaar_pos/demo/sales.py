"""Demo sales rung up through the real sale service (``commit_sale``)."""

from __future__ import annotations

import random

from sqlalchemy import select

from bazaar_pos.db import Database
from bazaar_pos.db.models import Product
from bazaar_pos.demo.event import seed_demo_event
from bazaar_pos.settings import load_settings
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale


def add_demo_sales(db: Database, count: int, *, seed: int = 27) -> int:
    """Ring up ``count`` sales through the real sale service (1–5 lines, mixed payments)."""
    if count <= 0:
        return 0
    seed_demo_event(db)
    rng = random.Random(seed)
    settings = load_settings(db)
    with db.read() as session:
        catalog = session.execute(
            select(Product.id, Product.price).where(Product.active.is_(True))
        ).all()
    for _ in range(count):
        picked = rng.sample(catalog, k=min(len(catalog), rng.randint(1, 5)))
        lines = [
            SaleLineRequest(product_id=pid, quantity=rng.choice((1, 1, 1, 2, 3)), unit_price=price)
            for pid, price in picked
        ]
        total = sum(line.quantity * line.unit_price for line in lines)
        method = rng.choice(("cash", "cash", "cash", "qris", "transfer"))
        tendered = None
        if method == "cash":
            tendered = next(
                (note for note in (20_000, 50_000, 100_000, 200_000, 500_000) if note >= total),
                total,
            )
        commit_sale(
            db,
            lines,
            PaymentRequest(method=method, tendered=tendered),
            cashier=settings.cashier,
            till_code=settings.till_code,
            event_id=settings.current_event_id,
        )
    return count
