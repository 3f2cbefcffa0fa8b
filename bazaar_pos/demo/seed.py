"""Demo data: the *Bazar HBP ke-62* event seeded on first start, and bulk data for training
and benchmarks (``bazaar-pos demo --products N --sales M``), written through the real services.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import uuid
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from bazaar_pos.catalog.barcodes import in_store_ean13
from bazaar_pos.db import Database
from bazaar_pos.db.models import Event, Institution, MovementKind, Product, StockMovement, Workshop
from bazaar_pos.paths import assets_dir
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.stock.ledger import new_movement
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

DEMO_EVENT_NAME = "Bazar HBP ke-62"
DEMO_EVENT_VENUE = "Halaman Rutan Kelas I Samarinda"
DEMO_EVENT_DATE = dt.date(2026, 4, 9)
# Synthetic products get sequences from here on, clear of the demo catalog's numbers.
SYNTHETIC_SEQUENCE_START = 10_000


def _read_csv(name: str) -> list[dict[str, str]]:
    with (assets_dir() / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def has_events(db: Database) -> bool:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Event)) != 0


def seed_demo_event(db: Database) -> bool:
    """On a fresh database: three Rutan, their workshops, ~30 products, the HBP event and its
    opening stock (arrival movements). Does nothing (returns False) if any event exists."""
    if has_events(db):
        return False
    now = dt.datetime.now(dt.UTC)
    with db.write() as session:
        institutions: dict[str, Institution] = {}
        for row in _read_csv("demo_institutions.csv"):
            institution = Institution(
                code=row["code"], number=int(row["number"]), name=row["name"], kind=row["kind"]
            )
            session.add(institution)
            institutions[row["code"]] = institution
        event = Event(
            uuid=str(uuid.uuid4()),
            name=DEMO_EVENT_NAME,
            venue=DEMO_EVENT_VENUE,
            starts_on=DEMO_EVENT_DATE,
            ends_on=DEMO_EVENT_DATE,
            institutions=list(institutions.values()),
        )
        session.add(event)
        workshops: dict[tuple[str, str], Workshop] = {}
        opening: list[tuple[Product, int]] = []
        for row in _read_csv("demo_catalog.csv"):
            key = (row["institution"], row["workshop"])
            if key not in workshops:
                workshops[key] = Workshop(institution=institutions[key[0]], name=key[1])
                session.add(workshops[key])
            product = Product(
                sku=row["sku"],
                barcode=row["barcode"] or None,
                name=row["name"],
                unit=row["unit"],
                price=int(row["price"]),
                category=row["category"],
                institution=institutions[row["institution"]],
                workshop=workshops[key],
                track_stock=row["track_stock"] == "1",
                active=True,
            )
            session.add(product)
            if product.track_stock:
                opening.append((product, int(row["opening_qty"])))
        session.flush()
        for product, quantity in opening:
            session.add(
                new_movement(
                    product_id=product.id,
                    quantity=quantity,
                    kind=MovementKind.ARRIVAL,
                    event_id=event.id,
                    at=now,
                    note="Stok awal bazar (demo)",
                )
            )
        event_id = event.id
    settings = load_settings(db)
    if settings.current_event_id is None:
        save_settings(db, settings.with_changes(current_event_id=event_id))
    return True


@dataclass(frozen=True)
class DemoSummary:
    products_added: int
    sales_added: int


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
                    "uuid": str(uuid.uuid4()),
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


def generate_demo_data(db: Database, products: int, sales: int) -> DemoSummary:
    return DemoSummary(
        products_added=add_demo_products(db, products), sales_added=add_demo_sales(db, sales)
    )
