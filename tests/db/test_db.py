"""Database plumbing: migrations, SQLite pragmas, transactions, demo, settings."""

from __future__ import annotations

import csv
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, func, select, text

from bazaar_pos.catalog.barcodes import is_valid_ean13
from bazaar_pos.db import Database
from bazaar_pos.db.engine import BUSY_TIMEOUT_MS, WRITE_LOCK_KEY
from bazaar_pos.db.migrate import HEAD_REVISION, alembic_config, current_revision
from bazaar_pos.db.models import (
    Base,
    Event,
    Institution,
    MovementKind,
    Payment,
    Product,
    Sale,
    SaleLine,
    Setting,
    StockMovement,
    Workshop,
)
from bazaar_pos.demo.event import DEMO_EVENT_NAME, seed_demo_event
from bazaar_pos.demo.goods import add_demo_products
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.paths import assets_dir
from bazaar_pos.settings import InvalidSetting, TillSettings, load_settings, save_settings

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_db(database_url: Callable[[str], str]) -> Iterator[Database]:
    """A migrated but empty database (no demo event)."""
    database = Database.open(database_url("fresh.sqlite3"), anonymous_setup=True)
    yield database
    database.dispose()


def count(database: Database, model: Any, *where: Any) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


# --------------------------------------------------------------------------------- migrations


def test_shipped_migrations_match_the_models(fresh_db: Database) -> None:
    assert current_revision(fresh_db.engine) == HEAD_REVISION
    with fresh_db.engine.connect() as conn:
        drift = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert drift == []


def test_head_revision_constant_is_the_real_head() -> None:
    config = alembic_config()
    assert isinstance(config, Config)
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [HEAD_REVISION]  # one head: no forgotten branch
    assert script.get_current_head() == HEAD_REVISION


def test_reopening_an_up_to_date_database_keeps_its_data(
    database_url: Callable[[str], str],
) -> None:
    url = database_url("till.sqlite3")
    first = Database.open(url, anonymous_setup=True)
    seed_demo_event(first)
    first.dispose()
    again = Database.open(url, anonymous_setup=True)
    try:
        assert current_revision(again.engine) == HEAD_REVISION
        assert count(again, Event) == 1
    finally:
        again.dispose()


# ---------------------------------------------------------------------------- SQLite settings


@pytest.mark.sqlite_only("SQLite's PRAGMAs")
def test_sqlite_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["synchronous"] == 2  # FULL: a committed sale survives a power cut
    assert pragmas["foreign_keys"] == 1
    assert pragmas["busy_timeout"] == BUSY_TIMEOUT_MS > 0


@pytest.mark.sqlite_only("SQLite's PRAGMAs")
def test_write_sessions_use_the_same_pragmas(db: Database) -> None:
    with db.write() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.write() as session:
        session.add(
            Product(sku="X-1", name="Orphan", price=1, institution_id=9_999, workshop_id=None)
        )
    assert count(db, Product, Product.sku == "X-1") == 0


@pytest.fixture
def statements(db: Database) -> Iterator[list[str]]:
    """Every SQL statement the database sends, in order."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(" ".join(statement.split()).upper())

    event.listen(db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(db.engine, "before_cursor_execute", record)


TAKE_WRITE_LOCK = f"SELECT PG_ADVISORY_XACT_LOCK({WRITE_LOCK_KEY})"


def test_writes_take_the_write_lock_first_and_reads_do_not(
    db: Database, statements: list[str]
) -> None:
    with db.write() as session:
        session.scalar(select(func.count()).select_from(Setting))
    assert statements[0] == ("BEGIN IMMEDIATE" if db.is_sqlite else TAKE_WRITE_LOCK)
    statements.clear()
    with db.read() as session:
        session.scalar(select(func.count()).select_from(Setting))
    if db.is_sqlite:
        assert statements[0].startswith("BEGIN")
        assert "IMMEDIATE" not in statements[0]
    else:
        assert TAKE_WRITE_LOCK not in statements


class _OtherTill:
    """A second connection to the same database that does not wait for the write lock."""

    def __init__(self, db: Database) -> None:
        self.db = db
        if db.is_sqlite:
            path = db.engine.url.database
            assert path is not None
            self.sqlite = sqlite3.connect(path, timeout=0, isolation_level=None)
        else:
            url = db.engine.url
            self.pg = psycopg.connect(
                host=url.host, port=url.port, user=url.username, dbname=url.database
            )

    def try_write(self) -> bool:
        """Begin a write transaction (the write lock taken first) if nobody holds the lock."""
        if self.db.is_sqlite:
            try:
                self.sqlite.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                assert "locked" in str(error)
                return False
            return True
        row = self.pg.execute(f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK_KEY})").fetchone()
        assert row is not None
        if not row[0]:
            self.pg.rollback()
        return bool(row[0])

    def execute(self, sql: str) -> None:
        (self.sqlite if self.db.is_sqlite else self.pg).execute(sql)

    def commit(self) -> None:
        if self.db.is_sqlite:
            self.sqlite.execute("COMMIT")
        else:
            self.pg.commit()

    def rollback(self) -> None:
        if self.db.is_sqlite:
            self.sqlite.execute("ROLLBACK")
        else:
            self.pg.rollback()

    def close(self) -> None:
        (self.sqlite if self.db.is_sqlite else self.pg).close()


def test_an_open_write_blocks_other_writers_from_its_first_read(db: Database) -> None:
    """Reading the receipt counter already holds the write lock, so two tills cannot both
    read the same last number."""
    other = _OtherTill(db)
    try:
        with db.write() as session:
            session.scalar(select(func.count()).select_from(Setting))  # only a read so far
            assert not other.try_write()
        assert other.try_write()  # free again once the write committed
        other.rollback()
    finally:
        other.close()


def test_an_open_read_does_not_block_writers(db: Database) -> None:
    other = _OtherTill(db)
    try:
        with db.read() as session:
            before = session.scalar(select(func.count()).select_from(Setting))
            assert other.try_write()
            other.execute("INSERT INTO settings (key, value) VALUES ('probe', 'x')")
            other.commit()
            # Still the snapshot the read started with.
            assert session.scalar(select(func.count()).select_from(Setting)) == before
    finally:
        other.close()
    assert count(db, Setting, Setting.key == "probe") == 1


def test_a_failed_write_is_rolled_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as session:
        session.add(Setting(key="half", value="done"))
        session.flush()
        raise RuntimeError("crash")
    assert count(db, Setting, Setting.key == "half") == 0


# ---------------------------------------------------------------------------------- Qt-free


# --------------------------------------------------------------------------------- demo seed


def _csv(name: str) -> list[dict[str, str]]:
    with (assets_dir() / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_seed_demo_event(fresh_db: Database) -> None:
    assert load_settings(fresh_db).current_event_id is None
    assert seed_demo_event(fresh_db) is True
    catalog = {row["sku"]: row for row in _csv("demo_catalog.csv")}

    with fresh_db.read() as session:
        (bazaar,) = session.scalars(select(Event)).all()
        assert bazaar.name == DEMO_EVENT_NAME == "Bazar HBP ke-62"
        assert {inst.name for inst in bazaar.institutions} == {
            "Rutan Kelas IIA Balikpapan",
            "Rutan Kelas IIB Banjarnegara",
            "Rutan Kelas IIB Blora",
        }
        assert all(inst.kind == "Rutan" for inst in bazaar.institutions)
        products = session.scalars(select(Product)).all()
        assert len(products) >= 28
        assert {p.sku for p in products} == set(catalog)
        assert all(p.active and p.workshop_id is not None for p in products)
        cafe = [p for p in products if p.category == "Kafe"]
        assert cafe, "the café of the bazaar sells drinks"
        assert not any(p.track_stock for p in cafe)
        arrivals = session.execute(
            select(StockMovement.product_id, StockMovement.quantity, StockMovement.event_id).where(
                StockMovement.kind == MovementKind.ARRIVAL.value
            )
        ).all()
        by_product = {product_id: (qty, event_id) for product_id, qty, event_id in arrivals}
        assert len(by_product) == len(arrivals)  # one arrival per product
        for p in products:
            if p.track_stock:
                assert by_product[p.id] == (int(catalog[p.sku]["opening_qty"]), bazaar.id)
            else:
                assert p.id not in by_product
        besek = session.scalars(select(Product).where(Product.sku == "BNA-BES-001")).one()
        assert (besek.price, besek.institution.code) == (125, "BNA")
        event_id = bazaar.id

    assert load_settings(fresh_db).current_event_id == event_id


def test_seeding_twice_adds_nothing(fresh_db: Database) -> None:
    seed_demo_event(fresh_db)
    tables = (Event, Institution, Product, StockMovement, Setting)
    before = [count(fresh_db, table) for table in tables]
    assert seed_demo_event(fresh_db) is False
    assert [count(fresh_db, table) for table in tables] == before


def test_seeding_keeps_a_chosen_current_event(fresh_db: Database) -> None:
    save_settings(fresh_db, TillSettings(current_event_id=42))
    seed_demo_event(fresh_db)
    assert load_settings(fresh_db).current_event_id == 42


def test_the_till_fixture_is_seeded(db: Database) -> None:
    settings = load_settings(db)
    assert settings.current_event_id is not None
    assert count(db, Event) == 1
    assert count(db, Product) >= 28


# --------------------------------------------------------------------------------- settings


def test_default_settings_on_a_fresh_database(fresh_db: Database) -> None:
    assert load_settings(fresh_db) == TillSettings()


def test_settings_round_trip(db: Database) -> None:
    event_id = load_settings(db).current_event_id
    chosen = TillSettings(
        till_code="BNA2",
        cashier="Budi Santoso",
        paper="58mm",
        printer="EPSON TM-T82",
        print_receipts=False,
        language="en",
        current_event_id=event_id,
    )
    assert save_settings(db, chosen) == chosen
    assert load_settings(db) == chosen
    # Saving again overwrites rather than duplicating.
    changed = chosen.with_changes(paper="a4", print_receipts=True, current_event_id=None)
    save_settings(db, changed)
    assert load_settings(db) == changed
    # One row per setting, besides the database's own UUID (db/file_identity.py).
    assert count(db, Setting) == len(TillSettings.__dataclass_fields__) + 1


@pytest.mark.parametrize(
    ("key", "changes"),
    [
        ("till_code", {"till_code": "bpn1"}),
        ("till_code", {"till_code": "B"}),
        ("till_code", {"till_code": "BPN-1"}),
        ("till_code", {"till_code": "BPN 1"}),
        ("till_code", {"till_code": "ABCDEFGHI"}),
        ("till_code", {"till_code": "BPNÉ"}),
        ("till_code", {"till_code": ""}),
        ("paper", {"paper": "A5"}),
        ("paper", {"paper": "80 mm"}),
        ("paper", {"paper": ""}),
        ("language", {"language": "fr"}),
        ("cashier", {"cashier": "   "}),
    ],
)
def test_invalid_settings_store_nothing(db: Database, key: str, changes: dict[str, Any]) -> None:
    before = load_settings(db)
    rows_before = count(db, Setting)
    with pytest.raises(InvalidSetting) as caught:
        save_settings(db, before.with_changes(printer="should not be saved", **changes))
    assert caught.value.key == key
    assert load_settings(db) == before
    assert count(db, Setting) == rows_before


# ---------------------------------------------------------------------------- bulk demo data


def test_add_demo_products(db: Database) -> None:
    before = count(db, Product)
    assert add_demo_products(db, 500) == 500
    assert count(db, Product) == before + 500
    with db.read() as session:
        barcodes = session.scalars(select(Product.barcode)).all()
        new = session.scalars(select(Product).where(Product.sku.like("%-D%"))).all()
        assert len(new) == 500
        arrived = set(
            session.scalars(
                select(StockMovement.product_id).where(
                    StockMovement.kind == MovementKind.ARRIVAL.value
                )
            )
        )
        institutions = {inst.id: inst.code for inst in session.scalars(select(Institution))}
        for product in new:
            assert product.id in arrived
            assert product.price > 0
            assert product.sku.startswith(institutions[product.institution_id] + "-")
    assert all(code is not None and is_valid_ean13(code) for code in barcodes)
    assert len(set(barcodes)) == len(barcodes)
    # A second batch does not collide with the first (unique SKU and barcode).
    assert add_demo_products(db, 20) == 20
    assert count(db, Product) == before + 520


def test_add_demo_sales(db: Database) -> None:
    assert add_demo_sales(db, 30) == 30
    assert count(db, Sale) == 30
    settings = load_settings(db)
    with db.read() as session:
        sales = session.scalars(select(Sale).order_by(Sale.receipt_number)).all()
        assert [s.receipt_number for s in sales] == list(range(1, 31))
        for sale in sales:
            assert sale.till_code == settings.till_code
            assert sale.event_id == settings.current_event_id
            assert 1 <= len(sale.lines) <= 5
            assert sale.total == sum(line.line_total for line in sale.lines)
            (payment,) = sale.payments
            assert payment.amount == sale.total
            assert payment.change == payment.tendered - sale.total >= 0
            if payment.method != "cash":
                assert payment.change == 0
        assert session.scalar(select(func.count()).select_from(Payment)) == 30
        barcodes = session.scalars(select(Product.barcode)).all()
    assert all(code is not None and is_valid_ean13(code) for code in barcodes)


def test_zero_demo_data_is_a_no_op(db: Database) -> None:
    products = count(db, Product)
    assert add_demo_products(db, 0) == 0
    assert add_demo_sales(db, 0) == 0
    assert count(db, Product) == products
    assert count(db, Sale) == 0


def test_upgrading_a_database_with_sales_keeps_every_row(
    database_url: Callable[[str], str],
) -> None:
    """A till that sold under revision 0001 upgrades in place: batch mode rebuilds tables that
    sales point at, which must not trip the foreign keys or lose a row."""
    from alembic import command

    url = database_url("old.sqlite3")
    old = Database(url, anonymous_setup=True)
    config = alembic_config()
    with old.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_initial")
    with old.engine.begin() as conn:
        for statement in (
            "INSERT INTO institutions (id, code, name, kind) VALUES (1, 'BPN', 'Rutan', 'Rutan')",
            "INSERT INTO workshops (id, institution_id, name) VALUES (1, 1, 'Kerajinan kayu')",
            "INSERT INTO events (id, uuid, name, venue) VALUES (1, 'e-1', 'Bazar HBP', 'SMD')",
            "INSERT INTO products (id, sku, barcode, name, unit, price, category, institution_id,"
            " workshop_id, track_stock, active) VALUES (1, 'BPN-1', '2001000000012', 'Talenan',"
            " 'buah', 45000, 'Kayu', 1, 1, TRUE, TRUE)",
            "INSERT INTO sales (id, uuid, till_code, receipt_number, receipt_no, event_id,"
            " cashier, created_at, total) VALUES (1, 's-1', 'BPN1', 1, 'BPN1-000001', 1, 'Rina',"
            " '2026-04-09 03:00:00', 45000)",
            "INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, product_name,"
            " unit_price, quantity, line_total, institution_id, workshop_id) VALUES (1, 1, 1, 1,"
            " 'BPN-1', 'Talenan', 45000, 1, 45000, 1, 1)",
            "INSERT INTO stock_movements (id, uuid, product_id, event_id, kind, quantity,"
            " sale_line_id, created_at, note) VALUES (1, 'm-1', 1, 1, 'arrival', 10, NULL,"
            " '2026-04-09 01:00:00', ''), (2, 'm-2', 1, 1, 'sale', -1, 1,"
            " '2026-04-09 03:00:00', '')",
        ):
            conn.exec_driver_sql(statement)
    old.dispose()

    upgraded = Database.open(url, anonymous_setup=True)
    try:
        assert current_revision(upgraded.engine) == HEAD_REVISION
        with upgraded.read() as session:
            assert session.scalar(select(Institution.number)) == 1  # backfilled from its id
            assert session.scalar(select(Workshop.active)) is True
            assert session.scalar(select(func.sum(StockMovement.quantity))) == 9
            assert session.scalar(select(func.count()).select_from(SaleLine)) == 1
            assert session.scalar(select(StockMovement.recorded_by)) == ""
            # 0004 gives every record that travels in an export a version 4 UUID key.
            keys = [
                session.scalar(select(model.uuid))
                for model in (Institution, Workshop, Product, SaleLine)
            ]
            assert all(str(uuid.UUID(key)) == key for key in keys if key is not None)
            assert all(uuid.UUID(key).version == 4 for key in keys if key is not None)
            assert len(set(keys)) == 4
        if upgraded.is_sqlite:  # PostgreSQL checks every reference as it is written
            with upgraded.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        upgraded.dispose()
