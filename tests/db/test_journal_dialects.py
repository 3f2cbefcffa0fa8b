"""An office on PostgreSQL verifies chains sealed on SQLite tills: the canonical content that
PostgreSQL builds for a record (db/journal.py's PG_KINDS) must be SQLite's text (KINDS, from
json_array), byte for byte, for every kind, whatever the strings hold (quotes, backslashes,
control characters, emoji, Arabic), with NULLs, dates, times and integers past 2^31.

The till is made on SQLite, its rows copied as they are into a PostgreSQL database (as a
merge keeps them), and both databases are asked for the content of every chained record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, insert, select, text

from bazaar_pos.db import Database, journal
from bazaar_pos.db.models import Base
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.startup import open_till
from bench.journal_tamper import drop_triggers
from tests import postgres
from tests.sync.support import Till, add_people, trade_a_day

# PostgreSQL's text cannot hold NUL; every other odd string a till may hold.
HOSTILE = (
    'a "quoted" word',
    "back\\slash \\u0041 \\",
    "tab\there, new\nline, return\r, bell\x07, \x01\x1f\x08\x0c",
    "emoji 😀🇮🇩 and Arabic العربية and ümlaut",
    "line separators \u2028\u2029 and DEL \x7f",
    "",
    "  spaces  ",
    "/|,[]{}:",
    "percent %s %% and question ? marks",
)
BIG = 9_007_199_254_740_993  # past 2^53 too: no float on the way
LAST = "2026-12-31 23:59:59.999999"  # the last microsecond of a year


@pytest.fixture
def sqlite_till(tmp_path: Path) -> Iterator[Database]:
    """A till with every kind of chained record (tests/sync/support.py's day of trade, demo
    sales, audit entries), then odd strings, NULLs and big numbers written into its rows."""
    opened = open_till(tmp_path / "till", seed_demo=True, anonymous_setup=True)
    add_demo_sales(opened.db, 12, seed=5)
    trade_a_day(Till(opened.db, "BPN1", add_people(opened.db, "BPN1")))
    with opened.db.write() as session:
        for number, odd in enumerate(HOSTILE):
            log_action(session, AuditAction.REPRINT, subject=odd, detail=odd, amount=number)
    path = str(opened.db.engine.url.database)
    with sqlite3.connect(path, isolation_level=None) as con:
        con.execute("BEGIN")
        drop_triggers(con)
        products = [row[0] for row in con.execute("SELECT id FROM products ORDER BY id")]
        for number, product in enumerate(products):
            odd = HOSTILE[number % len(HOSTILE)]
            con.execute(
                "UPDATE products SET sku = ?, name = ? WHERE id = ?",
                (f"{number}#{odd}", odd, product),
            )
        for number, (institution,) in enumerate(con.execute("SELECT id FROM institutions")):
            con.execute(
                "UPDATE institutions SET code = ? WHERE id = ?", (HOSTILE[number], institution)
            )
        con.execute("UPDATE workshops SET name = ? || name", (HOSTILE[2],))
        con.execute("UPDATE events SET name = ?, starts_on = '2026-04-27'", (HOSTILE[3],))
        sales = [row[0] for row in con.execute("SELECT id FROM sales ORDER BY id")]
        for number, sale in enumerate(sales):
            odd = HOSTILE[number % len(HOSTILE)]
            con.execute(
                "UPDATE sales SET cashier = ?, discount_approved_by = ?, total = ? WHERE id = ?",
                (odd, HOSTILE[(number + 3) % len(HOSTILE)], BIG + number, sale),
            )
            con.execute(
                "UPDATE sale_lines SET product_name = ?, approved_by = ? WHERE sale_id = ?",
                (odd, HOSTILE[(number + 1) % len(HOSTILE)], sale),
            )
            con.execute("UPDATE payments SET reference = ? WHERE sale_id = ?", (odd, sale))
        con.execute("UPDATE sales SET event_id = NULL, shift_id = NULL WHERE id = ?", (sales[0],))
        con.execute("UPDATE sale_lines SET workshop_id = NULL WHERE sale_id = ?", (sales[2],))
        # Times as written by hand: no fraction, a whole second, the last microsecond.
        con.execute(
            "UPDATE sales SET created_at = '2026-04-27 03:15:00.000000' WHERE id = ?", (sales[3],)
        )
        con.execute(
            "UPDATE sales SET created_at = '2026-12-31 23:59:59.999999' WHERE id = ?", (sales[4],)
        )
        con.execute("UPDATE stock_movements SET note = ? WHERE id % 3 = 0", (HOSTILE[1],))
        con.execute("UPDATE count_sessions SET note = ?, blind = 1", (HOSTILE[0],))
        con.execute("UPDATE shifts SET note = ?", (HOSTILE[4],))
        # What PostgreSQL's VARCHAR(n) holds (SQLite ignores the length; the merge checks it).
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                length = getattr(column.type, "length", None)
                if length:
                    con.execute(
                        f"UPDATE {table.name} SET {column.name} = substr({column.name}, 1, ?)",
                        (length,),
                    )
        con.execute("COMMIT")
    yield opened.db
    opened.db.dispose()


def _copy(source: Database, url: str) -> None:
    """Every row of ``source`` into the migrated database at ``url``, as it is (ids kept), on
    a plain connection: no journal list, the triggers of the append-only rule set aside."""
    engine = create_engine(url)
    try:
        with engine.begin() as target, source.engine.connect() as reading:
            target.execute(text("SET session_replication_role = replica"))
            tables = [t for t in Base.metadata.sorted_tables]
            for table in reversed(tables):
                target.execute(delete(table))
            for table in tables:
                rows = [dict(row._mapping) for row in reading.execute(select(table))]
                if rows:
                    target.execute(insert(table), rows)
    finally:
        engine.dispose()


def _contents(db: Database) -> dict[tuple[str, str], str]:
    with db.read() as session:
        connection = session.connection()
        links = connection.exec_driver_sql("SELECT kind, record_uuid FROM journal_links").all()
        found = {}
        for kind, record_uuid in links:
            record = journal.record_content(connection, kind, record_uuid)
            assert record is not None, (kind, record_uuid)
            found[(kind, record_uuid)] = record.content
    return found


def _hashed_in_pieces(db: Database) -> dict[tuple[str, str], str]:
    """Every chained record's content hash as the start-up check makes it for a large record:
    head and child rows fed to the hash one by one (journal.streamed_content_sha256)."""
    with db.read() as session:
        connection = session.connection()
        links = connection.exec_driver_sql("SELECT kind, record_uuid FROM journal_links").all()
        found = {}
        for kind, record_uuid in links:
            spec = journal.kinds_by_name(connection)[kind]
            record_id = connection.exec_driver_sql(
                f"SELECT id FROM {spec.table} WHERE uuid = %s"
                if journal.is_postgresql(connection)
                else f"SELECT id FROM {spec.table} WHERE uuid = ?",
                (record_uuid,),
            ).scalar_one()
            found[(kind, record_uuid)] = journal.streamed_content_sha256(
                connection, spec, record_id
            )
    return found


def _breaks(db: Database) -> set[tuple[str, str, str]]:
    with db.read() as session:
        walked = journal.walk(session.connection())
    return {(item.kind, item.record_uuid, item.reason.value) for item in walked.breaks}


@pytest.mark.postgresql_only("compares PostgreSQL's text with SQLite's")
def test_postgresql_builds_sqlites_canonical_text_for_every_kind(
    sqlite_till: Database, pg_server: postgres.Server, backend: str
) -> None:
    url = pg_server.new_database(pg_server.template("empty", postgres.build_empty_template))
    try:
        _copy(sqlite_till, url)
        office = Database(url, anonymous_setup=True)
        try:
            on_sqlite, on_postgresql = _contents(sqlite_till), _contents(office)
            assert {kind for kind, _ in on_sqlite} == {kind.value for kind in journal.ChainKind}
            assert on_postgresql == on_sqlite
            # Hashed a piece at a time (the start-up check's large records), the same hashes.
            hashes = {key: journal.content_sha256(content) for key, content in on_sqlite.items()}
            assert _hashed_in_pieces(office) == hashes
            assert any(str(BIG) in content for content in on_sqlite.values())
            assert any("العربية" in content for content in on_sqlite.values())
            # The whole walk finds the same: the rows changed behind the app's back above.
            assert _breaks(office) == _breaks(sqlite_till) != set()
        finally:
            office.dispose()
    finally:
        pg_server.drop(url)


@pytest.mark.sqlite_only("the PostgreSQL side is in the test above, on the same odd rows")
def test_a_record_hashed_in_pieces_gives_the_hash_of_its_whole_content(
    sqlite_till: Database,
) -> None:
    contents = _contents(sqlite_till)
    assert {kind for kind, _ in contents} == {kind.value for kind in journal.ChainKind}
    hashes = {key: journal.content_sha256(content) for key, content in contents.items()}
    assert _hashed_in_pieces(sqlite_till) == hashes


def test_a_chain_sealed_with_odd_strings_verifies_whole(db: Database) -> None:
    add_demo_sales(db, 5)
    with db.write() as session:
        for odd in HOSTILE:
            log_action(session, AuditAction.REPRINT, subject=odd, detail=odd)
    assert _breaks(db) == set()


def test_integer_columns_hold_64_bits_and_their_records_verify(db: Database) -> None:
    with db.write() as session:
        log_action(session, AuditAction.REPRINT, subject="big", amount=BIG)
    with db.read() as session:
        amount = session.execute(text("SELECT amount FROM audit_log WHERE subject = 'big'"))
        assert amount.scalar() == BIG
    assert _breaks(db) == set()
