"""Migration 0007: the sales, refunds and shifts already in a database get their device (till
id) from their journal links, else this database's own; the records stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

import bazaar_pos.people.users
from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.db.migrate import HEAD_REVISION, alembic_config, current_revision, upgrade_to_head
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.sync import export_till, import_export
from tests.sync.support import BESEK, Till, add_people, line


def own_device(db: Database) -> str:
    with db.read() as session:
        return str(session.execute(text("SELECT till_id FROM till_keys WHERE own")).scalar_one())


def devices(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.read() as session:
        return {
            name: [tuple(row) for row in session.execute(text(sql))]
            for name, sql in (
                ("sales", "SELECT receipt_no, till_id FROM sales ORDER BY id"),
                ("refunds", "SELECT refund_no, till_id FROM refunds ORDER BY id"),
                ("shifts", "SELECT till_code, status, till_id FROM shifts ORDER BY id"),
            )
        }


def test_existing_records_get_the_device_of_their_journal_link_else_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    laptop = open_till(tmp_path / "laptop", seed_demo=True, anonymous_setup=True).db
    save_settings(laptop, load_settings(laptop).with_changes(till_code="BPN1"))
    till = Till(laptop, "BPN1", add_people(laptop, "BPN1"))
    till.open_shift()
    receipt = till.sell([line(laptop, BESEK, 2)])
    till.refund_first_line(receipt)
    export_till(laptop, tmp_path / "export", exported_by=till.people.supervisor)
    laptop_device = own_device(laptop)
    laptop.dispose()

    office = open_till(tmp_path / "office", seed_demo=True, anonymous_setup=True).db
    save_settings(office, load_settings(office).with_changes(till_code="KTR1"))
    own = Till(office, "KTR1", add_people(office, "KTR1", cashier_name="Dewi Lestari"))
    own.open_shift()
    own.sell([line(office, BESEK, 1)])
    import_export(office, tmp_path / "export", imported_by=own.people.admin)
    office_device = own_device(office)
    expected = {
        "sales": [("KTR1-000001", office_device), ("BPN1-000001", laptop_device)],
        "refunds": [("BPN1-R000001", laptop_device)],
        # the laptop's shift is open: no link, its device comes from its sales
        "shifts": [("KTR1", "open", office_device), ("BPN1", "open", laptop_device)],
    }
    assert devices(office) == expected

    # Back to 0006 (no device) and up again: the devices come back from the links.
    config = alembic_config()
    with office.engine.connect() as connection:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "0006_journal")
        connection.invalidate()
    url = str(office.engine.url.database)
    office.dispose()
    reopened = Database.open(sqlite_url(Path(url)), migrate=False, anonymous_setup=True)
    assert current_revision(reopened.engine) == "0006_journal"
    upgrade_to_head(reopened.engine)
    assert current_revision(reopened.engine) == HEAD_REVISION
    assert devices(reopened) == expected
    # The connection that migrated is not reused without its journal triggers: a sale now
    # is chained.
    assert Till(reopened, "KTR1", own.people).sell([line(reopened, BESEK, 1)]) == "KTR1-000002"
    assert verify_journal(reopened, own.people.admin).ok
    reopened.dispose()
