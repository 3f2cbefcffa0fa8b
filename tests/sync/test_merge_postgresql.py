"""The merge into a PostgreSQL office database: the same exports, the same figures as into
SQLite; two laptops with one till code merged and told apart; migration 0007 on its data
(down to 0006 and up again, with one device per code: a database where two laptops share a
code cannot go back below 0007).

The server is the suite's (``BAZAAR_TEST_PG_URL``, tests/postgres.py); without one these
tests fail and say how to start one. The same stories into SQLite are in test_merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

import bazaar_pos.people.users
from bazaar_pos.db import Database
from bazaar_pos.db.migrate import alembic_config, current_revision, upgrade_to_head
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.sync import export_till, import_export
from tests.sync.support import BESEK, Till, add_people, figures, line, trade_a_day

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def office(database_url: Callable[[str], str]) -> Iterator[Database]:
    """A new, empty PostgreSQL database (dropped afterwards)."""
    db = Database.open(database_url("office"), anonymous_setup=True)
    try:
        yield db
    finally:
        db.dispose()


def new_till(folder: Path, till_code: str) -> Till:
    db = open_till(folder, seed_demo=True, anonymous_setup=True).db
    save_settings(db, load_settings(db).with_changes(till_code=till_code))
    return Till(db, till_code, add_people(db, till_code))


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
