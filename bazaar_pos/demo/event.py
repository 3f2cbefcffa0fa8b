"""The demo event seeded on a new till: *Bazar HBP ke-62* with three Rutan, their workshops,
the demo catalog (assets/demo_catalog.csv) and its opening stock, and the till's current event.
"""

from __future__ import annotations

import csv
import datetime as dt

from sqlalchemy import func, select

from bazaar_pos.db import Database
from bazaar_pos.db.models import Event, Institution, MovementKind, Product, Workshop
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.paths import assets_dir
from bazaar_pos.settings import load_settings, store_settings
from bazaar_pos.stock.ledger import new_movement

DEMO_EVENT_NAME = "Bazar HBP ke-62"
DEMO_EVENT_VENUE = "Halaman Rutan Kelas I Samarinda"
DEMO_EVENT_DATE = dt.date(2026, 4, 9)


def _read_csv(name: str) -> list[dict[str, str]]:
    with (assets_dir() / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def demo_institution_codes() -> frozenset[str]:
    """The codes of the demo event's institutions (a training till may belong to one)."""
    return frozenset(row["code"] for row in _read_csv("demo_institutions.csv"))


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
            uuid=new_uuid(),
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
        # Part of making the database (no user exists yet, whoever opened it), so not the
        # set-up path of ``save_settings``, which only an anonymous set-up opener may take.
        with db.write() as session:
            store_settings(session, settings.with_changes(current_event_id=event_id))
    return True
