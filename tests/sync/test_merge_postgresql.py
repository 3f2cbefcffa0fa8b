"""The merge into a PostgreSQL office database: the same exports, the same figures as into
SQLite; two laptops with one till code merged and told apart; migration 0007 on its data
(down to 0006 and up again, with one device per code: a database where two laptops share a
code cannot go back below 0007).

The server is the suite's (``BAZAAR_TEST_PG_URL``, tests/postgres.py); without one these
tests fail and say how to start one. The same stories into SQLite are in test_merge.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

import bazaar_pos.people.users
import bazaar_pos.sync.merge as merge
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.db.migrate import alembic_config, current_revision, upgrade_to_head
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.startup import open_till
from bazaar_pos.sync import (
    ExportRowError,
    ImportConflict,
    MergeCancelled,
    export_till,
    import_export,
)
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.sync.support import (
    BESEK,
    KOPI_HITAM,
    figures,
    line,
    new_till,
    read_csv,
    trade_a_day,
)

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def office(database_url: Callable[[str], str]) -> Iterator[Database]:
    """A new, empty PostgreSQL database (dropped afterwards)."""
    db = Database.open(database_url("office"), anonymous_setup=True)
    try:
        yield db
    finally:
        db.dispose()


def test_a_tills_exports_merge_into_postgresql_with_the_figures_of_the_till(
    office: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    till = new_till(tmp_path / "till", "BPN1")
    trade_a_day(till)
    export_till(till.db, tmp_path / "first", exported_by=till.people.supervisor)
    till.open_shift()
    till.sell([line(till.db, BESEK, 3)])
    # a full export again: overlaps the first, every row of it compared with what is here
    export_till(till.db, tmp_path / "second", kind="full", exported_by=till.people.supervisor)

    first = import_export(office, tmp_path / "first")
    second = import_export(office, tmp_path / "second")

    assert first.rows_added > 0 and second.added["sales"] == 1
    assert second.rows_already_present >= first.rows_added
    assert import_export(office, tmp_path / "second").already_imported
    assert figures(office) == figures(till.db)
    assert verify_journal(office, None).ok
    # Migration 0007 on this data: down to 0006 and up again gives each sale its device back.
    before = device_rows(office)
    config = alembic_config()
    with office.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, "0006_journal")
    assert current_revision(office.engine) == "0006_journal"
    upgrade_to_head(office.engine)
    assert device_rows(office) == before
    till.db.dispose()


def test_two_laptops_with_one_till_code_merge_into_postgresql_told_apart(
    office: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    laptops = [new_till(tmp_path / name, "BPN1") for name in ("a", "b")]
    for index, laptop in enumerate(laptops):
        laptop.open_shift()
        laptop.sell([line(laptop.db, BESEK, 10)])
        export_till(laptop.db, tmp_path / f"export_{index}", exported_by=laptop.people.supervisor)

    import_export(office, tmp_path / "export_0")
    second = import_export(office, tmp_path / "export_1")

    [shared] = second.shared_codes
    assert shared.same_numbers == 1
    with office.read() as session:
        devices = session.execute(
            text("SELECT count(DISTINCT till_id) FROM sales WHERE receipt_no = 'BPN1-000001'")
        ).scalar_one()
    assert devices == 2
    assert verify_journal(office, None).ok

    for laptop in laptops:
        laptop.db.dispose()


def device_rows(db: Database) -> list[tuple[object, ...]]:
    with db.read() as session:
        return [
            tuple(row)
            for row in session.execute(
                text(
                    "SELECT 's', uuid, till_id FROM sales UNION ALL "
                    "SELECT 'h', uuid, till_id FROM shifts ORDER BY 1, 2"
                )
            )
        ]


def test_a_receipt_number_taken_while_writing_refuses_the_whole_merge_on_postgresql(
    database_url: Callable[[str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge writes with ``COPY``; a sale committed meanwhile by another connection under
    the export's till code and device holds the export's first receipt number. The server
    refuses the merge's row; the office is told which file, and nothing of the export is
    kept (its one transaction is rolled back)."""
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    till = new_till(tmp_path / "till", "BPN1")
    trade_a_day(till)
    export_till(till.db, tmp_path / "export", exported_by=till.people.supervisor)
    device = json.loads((tmp_path / "export" / "manifest.json").read_text(encoding="utf-8"))
    url = database_url("office")
    office = open_till(tmp_path / "office", url, seed_demo=True, anonymous_setup=True).db
    other = Database(url, anonymous_setup=True)  # another till selling on the same server
    before = figures(office)
    sold: list[str] = []

    def progress(done: int, total: int) -> None:
        if sold:
            return
        product = find_by_code(other, KOPI_HITAM)
        sold.append(
            commit_sale(
                other,
                [SaleLineRequest(product.id, 1, product.price)],
                PaymentRequest("cash", product.price),
                cashier="Kasir Kantor",
                till_code="BPN1",
                event_id=None,
            ).receipt_no
        )
        with other.write() as session:
            session.execute(
                text("UPDATE sales SET till_id = :d WHERE receipt_no = 'BPN1-000001'"),
                {"d": device["till_id"]},
            )

    try:
        with pytest.raises(ImportConflict) as refused:
            import_export(office, tmp_path / "export", progress=progress)
        assert sold == ["BPN1-000001"]
        assert "refused a row written here meanwhile" in str(refused.value)
        assert "sales.csv" in str(refused.value)
        with office.read() as session:
            sales_here = session.execute(text("SELECT count(*) FROM sales")).scalar_one()
        assert sales_here == 1  # the other till's sale only
        assert figures(office) == before  # the event as it was: the sale is outside it
        assert verify_journal(office, None).ok
    finally:
        other.dispose()
        office.dispose()
        till.db.dispose()


def test_a_merge_cancelled_half_way_on_postgresql_keeps_nothing(
    office: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Batal" between two batches of the merge's one transaction: it is rolled back whole,
    and the same export then merges."""
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    monkeypatch.setattr(merge, "ONE_TRANSACTION_BATCH", 3)
    till = new_till(tmp_path / "till", "BPN1")
    trade_a_day(till)
    export_till(till.db, tmp_path / "export", exported_by=till.people.supervisor)
    before = figures(office)

    with pytest.raises(MergeCancelled):
        import_export(office, tmp_path / "export", progress=lambda done, total: done * 2 < total)

    with office.read() as session:
        assert session.execute(text("SELECT count(*) FROM sales")).scalar_one() == 0
    assert figures(office) == before
    assert import_export(office, tmp_path / "export").rows_added > 0
    assert figures(office) == figures(till.db)
    assert verify_journal(office, None).ok
    till.db.dispose()


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("name", "Besek " + "bambu " * 30, "at most 160 fit"),
        ("category", "Anyaman\x00bambu", "NUL character"),
    ],
    ids=["longer than its column", "a NUL character"],
)
def test_text_postgresql_cannot_store_is_named_by_file_line_and_column(
    office: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    column: str,
    value: str,
    problem: str,
) -> None:
    """A till's SQLite file keeps text longer than its column, or with a NUL character;
    PostgreSQL refuses both. The merge names the cell before it writes anything, where the
    server would have failed half-way with its own words."""
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    till = new_till(tmp_path / "till", "BPN1")
    with till.db.write() as session:
        session.execute(
            text(f"UPDATE products SET {column} = :value WHERE sku = :sku"),
            {"value": value, "sku": BESEK},
        )
    export_till(till.db, tmp_path / "export", exported_by=till.people.supervisor)
    till.db.dispose()
    line = next(
        number
        for number, row in enumerate(read_csv(tmp_path / "export" / "products.csv"), start=1)
        if BESEK in row
    )
    with pytest.raises(ExportRowError) as refused:
        import_export(office, tmp_path / "export")
    assert (refused.value.file_name, refused.value.line, refused.value.column) == (
        "products.csv",
        line,
        column,
    )
    assert problem in refused.value.problem
    with office.read() as session:
        assert session.execute(text("SELECT count(*) FROM products")).scalar_one() == 0
    # SQLite keeps such text: the same export still merges into an SQLite office.
    sqlite_office = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    try:
        assert import_export(sqlite_office, tmp_path / "export").rows_added > 0
    finally:
        sqlite_office.dispose()


def test_a_server_connection_lost_half_way_through_a_merge_keeps_nothing_and_it_merges_again(
    office: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the merge's connection between two batches (a restart, a dropped
    link): its rows and the sums it parked for its commit (the summaries' and balances'
    temporary tables) go with it; the office keeps what it had, and the same export merges
    once the server is back, every summary and balance the sum of its records."""
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    monkeypatch.setattr(merge, "ONE_TRANSACTION_BATCH", 3)
    till = new_till(tmp_path / "till", "BPN1")
    trade_a_day(till)
    export_till(till.db, tmp_path / "export", exported_by=till.people.supervisor)
    before = figures(office)
    killer = create_engine(office.engine.url, poolclass=NullPool)

    def cut_half_way(done: int, total: int) -> bool:
        if done * 2 >= total:
            with killer.connect() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
        return True

    with pytest.raises(Exception) as lost:
        import_export(office, tmp_path / "export", progress=cut_half_way)
    print("RAISED", type(lost.value), lost.value)
    assert "terminat" in str(lost.value).lower() or "closed" in str(lost.value).lower()
    killer.dispose()

    office.engine.dispose()  # the pool's connections were ended with it
    with office.read() as session:
        assert session.execute(text("SELECT count(*) FROM sales")).scalar_one() == 0
    assert figures(office) == before
    assert import_export(office, tmp_path / "export").rows_added > 0
    assert figures(office) == figures(till.db)
    check = verify_journal(office, None)
    assert check.ok and not check.summaries and not check.balances
    till.db.dispose()
