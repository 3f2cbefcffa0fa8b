"""Round trip: a till's export imported into an empty database gives back every table exactly,
and any text (formula payloads, separators, line breaks, unicode) survives export/import."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.reports.event_report import end_of_event_report
from bazaar_pos.startup import open_till
from bazaar_pos.stock.variance import variance_report
from bazaar_pos.sync import export_till, import_export
from bazaar_pos.sync.format import TABLES
from bazaar_pos.till.sales import PaymentRequest, commit_sale
from tests.sync.support import (
    TALENAN,
    Till,
    add_people,
    dump,
    event_id,
    line,
    read_csv,
    trade_a_day,
)

# Each database signs its own exports with its own key.
VOLATILE_MANIFEST_FIELDS = ("export_id", "sequence", "exported_at", "till_id", "public_key")


def keyed_rows(folder: Path, file_name: str) -> dict[str, list[str]]:
    """A file's rows as the format renders them, keyed by uuid (the pair for the link)."""
    header, *rows = read_csv(folder / file_name)
    if header[0] == "uuid":
        return {row[0]: row for row in rows}
    return {"|".join(row): row for row in rows}


def event_uuid(db: Database) -> str:
    with db.read() as session:
        return str(
            session.execute(
                text("SELECT uuid FROM events WHERE id = :id"), {"id": event_id(db)}
            ).scalar_one()
        )


def local_event_id(db: Database, uuid: str) -> int:
    with db.read() as session:
        return int(
            session.execute(text("SELECT id FROM events WHERE uuid = :u"), {"u": uuid}).scalar_one()
        )


def test_a_day_of_trading_comes_back_whole_in_an_empty_database(tmp_path: Path) -> None:
    till_db = open_till(tmp_path / "till", seed_demo=True, anonymous_setup=True).db
    till = Till(till_db, "BPN1", add_people(till_db, "BPN1"))
    trade_a_day(till)
    exported = export_till(till_db, tmp_path / "export", exported_by=till.people.supervisor)
    # Every table of the format has rows: the round trip below covers each of them.
    assert all(exported.row_counts[spec.name] > 0 for spec in TABLES), exported.row_counts

    empty = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    assert all(not rows for name, rows in dump(empty).items() if name != "alembic_version")
    result = import_export(empty, tmp_path / "export", imported_by="Admin Kanwil")

    assert not result.already_imported
    assert result.added == exported.row_counts
    assert sum(result.already_present.values()) == 0
    assert sum(result.updated.values()) == 0
    assert result.notes == ()
    assert (result.till_code, result.sequence, result.kind) == ("BPN1", 1, "full")

    # Table by table, the rows as the format renders them, keyed by uuid …
    again = export_till(empty, tmp_path / "again", exported_by="Admin Rutan")
    audit_again = keyed_rows(tmp_path / "again", "audit_log.csv")
    logged_import = [row for row in audit_again.values() if row[5] == "sync_import"]
    assert len(logged_import) == 1  # the office's own record of the merge, and only that
    assert logged_import[0][4] == "Admin Kanwil"
    del audit_again[logged_import[0][0]]
    assert audit_again == keyed_rows(tmp_path / "export", "audit_log.csv")
    # The till's links come back as they were; the office chained its own record of the merge.
    links = read_csv(tmp_path / "export" / "journal_links.csv")
    links_again = read_csv(tmp_path / "again" / "journal_links.csv")
    assert links_again[: len(links)] == links
    assert [row[2] for row in links_again[len(links) :]] == ["audit"]
    for spec in TABLES:
        if spec.name in ("audit_log", "journal_links"):
            continue
        assert keyed_rows(tmp_path / "again", spec.file_name) == keyed_rows(
            tmp_path / "export", spec.file_name
        ), spec.file_name
        # … and, rows being in id order on both sides, the very same bytes.
        assert (tmp_path / "again" / spec.file_name).read_bytes() == (
            tmp_path / "export" / spec.file_name
        ).read_bytes(), spec.file_name
    assert again.row_counts == {
        **exported.row_counts,
        "audit_log": len(audit_again) + 1,
        "journal_links": len(links_again) - 1,
    }
    first = json.loads((tmp_path / "export" / "manifest.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "again" / "manifest.json").read_text(encoding="utf-8"))
    for field in VOLATILE_MANIFEST_FIELDS:
        first.pop(field)
        second.pop(field)
    assert first.pop("exported_by") == "Bu Ratna (Kasubsi)"
    assert second.pop("exported_by") == "Admin Rutan"
    audit_files = [f for f in (first["files"], second["files"]) for f in f]
    logged = ("audit_log.csv", "journal_links.csv")
    first["files"] = [f for f in first["files"] if f["name"] not in logged]
    second["files"] = [f for f in second["files"] if f["name"] not in logged]
    assert len(audit_files) == 2 * len(TABLES)
    assert first == second

    # The documents people sign say the same in both databases.
    office_event = local_event_id(empty, event_uuid(till_db))
    moment = dt.datetime(2026, 4, 28, 9, 0, tzinfo=dt.UTC)
    spv = till.people.supervisor  # the office copy has no accounts: nobody logs in there
    variance_there = replace(variance_report(empty, None, office_event), generated_at=moment)
    variance_here = replace(variance_report(till_db, spv, event_id(till_db)), generated_at=moment)
    assert variance_there == variance_here
    assert variance_here.lines  # the counts' differences are in it
    here = end_of_event_report(till_db, spv, event_id(till_db), tz=dt.UTC, now=moment)
    there = end_of_event_report(empty, None, office_event, tz=dt.UTC, now=moment)
    due_here = {section.code: section.money_due for section in here.institutions}
    due_there = {section.code: section.money_due for section in there.institutions}
    assert due_there == due_here
    assert sum(due_here.values()) > 0
    assert replace(there, tills=()) == replace(here, tills=())
    # The till's chain as exported: the office pins the head the export carried (the till has
    # since chained its record of the export); the key is learnt from a signed export.
    [pin_there], [pin_here] = there.tills, here.tills
    assert (pin_there.till_id, pin_there.till_code) == (pin_here.till_id, "BPN1")
    assert pin_there.seq == pin_here.seq - 1
    with till_db.read() as session:
        link = session.execute(
            text("SELECT sha256, grand_total FROM journal_links WHERE seq = :s"),
            {"s": pin_there.seq},
        ).one()
    assert (pin_there.sha256, pin_there.grand_total) == tuple(link)

    # Secrets never travel: imported users exist but cannot log in until a PIN is set.
    with empty.read() as session:
        hashes = session.execute(text("SELECT username, pin_hash FROM users")).all()
    assert sorted(hashes) == [("admin", ""), ("kasir", ""), ("spv", "")]
    with empty.read() as session:
        counter = session.execute(
            text("SELECT last_number FROM receipt_counters WHERE till_code = 'BPN1'")
        ).scalar_one()
    assert counter == 4  # the next sale rung up in the office database is BPN1-000005


def test_a_zip_export_round_trips_too(tmp_path: Path, db: Database) -> None:
    till = Till(db, "BPN1", add_people(db, "BPN1"))
    till.open_shift()
    till.sell([line(db, TALENAN, 2)])
    exported = export_till(db, tmp_path / "till.zip", exported_by=till.people.supervisor)
    empty = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    result = import_export(empty, tmp_path / "till.zip")
    assert result.added == exported.row_counts
    export_till(empty, tmp_path / "again", exported_by="Admin Rutan")
    export_till(db, tmp_path / "folder", exported_by=till.people.supervisor)
    for spec in TABLES:
        if spec.name in ("audit_log", "journal_links"):
            continue  # each side has logged (and chained) its own export / import since
        assert (tmp_path / "again" / spec.file_name).read_bytes() == (
            tmp_path / "folder" / spec.file_name
        ).read_bytes(), spec.file_name


# ------------------------------------------------------------------------------ any text


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A seeded till (no users: sales by name) and an empty migrated database, as files that
    each hypothesis example copies (fixtures are not re-run per example)."""
    folder = tmp_path_factory.mktemp("sync_text")
    till = open_till(folder / "till", seed_demo=True, anonymous_setup=True)
    till_file = Path(till.db.engine.url.database or "")
    till.db.dispose()
    empty = Database.open(sqlite_url(folder / "empty.sqlite3"), anonymous_setup=True)
    empty.dispose()
    yield till_file, folder / "empty.sqlite3"


NASTY_TEXTS = [
    "=1+1",
    "@SUM(A1:A2)",
    "+62 812 3456",
    "-",
    "-5",
    "'",
    "''=1",
    "\tTAB",
    "\rCR",
    "a\r\nb\nc\rd",
    'say "hi", ok; semi',
    "",
    " spaced ",
    "Talenan \u2028 line sep \x85 nel",
    "\x00nul",
    "emoji 🪵 kayu jati",
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.one_of(st.sampled_from(NASTY_TEXTS), st.text(max_size=40)),
    detail=st.one_of(st.sampled_from(NASTY_TEXTS), st.text(max_size=80)),
    reference=st.one_of(st.sampled_from(NASTY_TEXTS), st.text(max_size=30)),
)
def test_any_text_survives_export_and_import(
    templates: tuple[Path, Path], name: str, detail: str, reference: str
) -> None:
    till_template, empty_template = templates
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        shutil.copy(till_template, folder / "till.sqlite3")
        shutil.copy(empty_template, folder / "office.sqlite3")
        till = Database.open(sqlite_url(folder / "till.sqlite3"), anonymous_setup=True)
        office = Database.open(sqlite_url(folder / "office.sqlite3"), anonymous_setup=True)
        try:
            with till.write() as session:
                session.execute(
                    text("UPDATE products SET name = :name WHERE sku = :sku"),
                    {"name": name, "sku": TALENAN},
                )
            sale = commit_sale(
                till,
                [line(till, TALENAN, 1)],
                PaymentRequest("qris"),
                cashier="Kasir",
                till_code="BPN1",
                event_id=event_id(till),
            )
            with till.write() as session:
                # The sale service trims references; the format must carry any text.
                session.execute(text("UPDATE payments SET reference = :r"), {"r": reference})
                # Editing a sealed sale breaks the journal (the import would refuse it): the
                # sale, the head of the chain, is chained again as it now stands.
                session.execute(
                    text(
                        "DELETE FROM journal_links WHERE seq = (SELECT max(seq) FROM "
                        "journal_links) AND kind = 'sale'"
                    )
                )
                session.execute(
                    text(
                        "INSERT INTO temp.journal_new (kind, record_uuid) "
                        "SELECT 'sale', uuid FROM sales ORDER BY id DESC LIMIT 1"
                    )
                )
                log_action(session, AuditAction.REPRINT, till_code="BPN1", detail=detail)

            export_till(till, folder / "export")
            import_export(office, folder / "export")

            with office.read() as session:
                assert (
                    session.execute(
                        text("SELECT name FROM products WHERE sku = :sku"), {"sku": TALENAN}
                    ).scalar_one()
                    == name
                )
                assert (
                    session.execute(
                        text(
                            "SELECT l.product_name FROM sale_lines l"
                            " JOIN sales s ON s.id = l.sale_id WHERE s.receipt_no = :no"
                        ),
                        {"no": sale.receipt_no},
                    ).scalar_one()
                    == name
                )
                assert session.execute(text("SELECT reference FROM payments")).scalar_one() == (
                    reference
                )
                assert (
                    session.execute(
                        text("SELECT detail FROM audit_log WHERE action = 'reprint'")
                    ).scalar_one()
                    == detail
                )
        finally:
            till.dispose()
            office.dispose()
