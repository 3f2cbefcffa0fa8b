"""Bulk demo products: ``count`` realistic goods of the demo event's institutions, each with an
arrival, inserted in one transaction (training, and the benchmarks' 100,000-product catalogs).
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, insert, select

from bazaar_pos.catalog.barcodes import in_store_ean13
from bazaar_pos.db import Database
from bazaar_pos.db.models import Event, Institution, MovementKind, Product, StockMovement, Workshop
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.demo.event import seed_demo_event
from bazaar_pos.settings import load_settings

# Synthetic products get sequences from here on, clear of the demo catalog's numbers.
SYNTHETIC_SEQUENCE_START = 10_000

_SYNTHETIC_GOODS = [
    ("Besek bambu", "Anyaman bambu", "BNA", 125, 3000),
    ("Tampah bambu", "Anyaman bambu", "BNA", 15000, 30000),
    ("Lukisan bakar kayu", "Kerajinan kayu", "BPN", 75000, 300000),
    ("Gantungan kunci pyrography", "Kerajinan kayu", "BPN", 5000, 15000),
    ("Keset", "Kerajinan keset", "BLA", 15000, 40000),
    ("Talenan kayu", "Kerajinan kayu", "BLA", 30000, 60000),
    ("Kotak tisu kayu", "Kerajinan kayu", "BLA", 40000, 70000),
    ("Asbak kayu", "Kerajinan kayu", "BLA", 15000, 35000),
    ("Kapstok kayu", "Kerajinan kayu", "BLA", 50000, 100000),
    ("Rak sepatu kayu", "Kerajinan kayu", "BLA", 150000, 350000),
    ("Keripik", "UMKM makanan", "BLA", 10000, 25000),
    ("Amplang", "UMKM makanan", "BPN", 20000, 35000),
]


def add_demo_products(db: Database, count: int, *, seed: int = 62) -> int:
    """Add ``count`` realistic products (bulk insert) with an arrival for each. Returns count."""
    if count <= 0:
        return 0
    seed_demo_event(db)
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    with db.write() as session:
        institutions = {inst.code: inst for inst in session.scalars(select(Institution))}
        workshops = {
            (ws.institution.code, ws.name): ws.id for ws in session.scalars(select(Workshop))
        }
        # Arrivals belong to the till's current event (the first one if none is chosen).
        event_id = load_settings(db).current_event_id or session.scalar(
            select(Event.id).order_by(Event.id).limit(1)
        )
        last_id = session.scalar(select(func.max(Product.id))) or 0
        start = SYNTHETIC_SEQUENCE_START + last_id
        rows = []
        for offset in range(count):
            sequence = start + offset
            name, workshop, code, low, high = rng.choice(_SYNTHETIC_GOODS)
            institution = institutions[code]
            price = low if low == high else rng.randrange(low, high + 1, 500 if low >= 500 else 5)
            rows.append(
                {
                    "sku": f"{code}-D{sequence:07d}",
                    "barcode": in_store_ean13(institution.number or 0, sequence),
                    "name": f"{name} motif {sequence}",
                    "unit": "buah",
                    "price": price,
                    "category": workshop,
                    "institution_id": institution.id,
                    "workshop_id": workshops.get((code, workshop)),
                    "track_stock": True,
                    "active": True,
                }
            )
        session.execute(insert(Product), rows)
        new_ids = session.scalars(
            select(Product.id).where(Product.id > last_id).order_by(Product.id)
        ).all()
        session.execute(
            insert(StockMovement),
            [
                {
                    "uuid": new_uuid(),
                    "product_id": product_id,
                    "event_id": event_id,
                    "kind": MovementKind.ARRIVAL.value,
                    "quantity": rng.randrange(5, 200),
                    "created_at": now,
                    "note": "Stok awal (data demo)",
                }
                for product_id in new_ids
            ],
        )
    return count
