"""The full walk's fast path (db/journal_scan.py) builds each sale's canonical content from
joins and ranges instead of the SQL that sealed it: the text must be the same, byte for byte,
whatever the strings hold (quotes, backslashes, control characters, NUL, emoji, Arabic),
with NULLs and dangling references, and after a merge; and in other processes the walk
finds and names what the single-process walk finds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bazaar_pos.db import Database, journal, journal_scan
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.sync.export import export_till
from bazaar_pos.sync.merge import import_exports
from bench.journal_tamper import drop_triggers
from tests.sync.support import Till, add_people, trade_a_day

HOSTILE = (
    'a "quoted" word',
    "back\\slash \\u0041 \\",
    "tab\there, new\nline, return\r, bell\x07, \x01\x1f\x08\x0c",
    "nul \x00 inside",
    "emoji 😀🇮🇩 and Arabic العربية and ümlaut",
    "line separators \u2028\u2029 and DEL \x7f",
    "",
    "  spaces  ",
    "/|,[]{}:",
)

pytestmark = pytest.mark.sqlite_only(
    "the fast walk reads the SQLite file in worker processes; on PostgreSQL sales are walked "
    "with the kinds' SQL (tests/db/test_journal.py)"
)


def _path(db: Database) -> Path:
    return Path(str(db.engine.url.database))


def _fast_contents(db: Database) -> Iterator[tuple[int, str, str]]:
    """(sale id, uuid, content) as the fast walk builds them, in small ranges."""
    with db.read() as session:
        connection = session.connection()

        def execute(sql: str, parameters: tuple[Any, ...]) -> Any:
            return connection.exec_driver_sql(sql, parameters).fetchall()

        low, high = connection.exec_driver_sql("SELECT min(id), max(id) FROM sales").one()
        for first in range(low, high + 1, 7):
            for row in journal_scan.sale_contents(execute, journal.SALE_SCAN, first, first + 6):
                yield row[0], row[1], row[3]


def _sql_content(db: Database, record_uuid: str) -> str:
    with db.read() as session:
        found = journal.record_content(session.connection(), "sale", record_uuid)
    assert found is not None
    return found.content


def _split_sales(db: Database) -> frozenset[int]:
    with db.read() as session:
        return frozenset(journal.sales_with_split_lines(session.connection()))


def _assert_same_contents(db: Database) -> int:
    split = _split_sales(db)
    compared = 0
    for sale_id, record_uuid, content in _fast_contents(db):
        if sale_id not in split:
            assert content == _sql_content(db, record_uuid), sale_id
            compared += 1
    return compared


@pytest.fixture
def hostile_till(tmp_path: Path) -> Database:
    """A till whose every text column of a sale, and the natural keys it names, hold odd
    strings, with NULLs and dangling references, written behind the app's back."""
    db = open_till(tmp_path / "till", anonymous_setup=True).db
    add_demo_sales(db, 12, seed=5)
    with sqlite3.connect(_path(db), isolation_level=None) as con:
        con.execute("BEGIN")
        drop_triggers(con)
        products = [row[0] for row in con.execute("SELECT id FROM products ORDER BY id")]
        for number, product in enumerate(products):
            text = HOSTILE[number % len(HOSTILE)]
            con.execute(
                "UPDATE products SET sku = ?, name = ? WHERE id = ?",
                (f"{text}#{number}", text, product),
            )
        for number, (institution,) in enumerate(con.execute("SELECT id FROM institutions")):
            con.execute(
                "UPDATE institutions SET code = ? WHERE id = ?", (f"{HOSTILE[number]}", institution)
            )
        con.execute("UPDATE workshops SET name = ? || name", (HOSTILE[2],))
        con.execute("UPDATE events SET name = ?, starts_on = NULL", (HOSTILE[4],))
        sales = [row[0] for row in con.execute("SELECT id FROM sales ORDER BY id")]
        for number, sale in enumerate(sales):
            text = HOSTILE[number % len(HOSTILE)]
            con.execute(
                "UPDATE sales SET cashier = ?, discount_approved_by = ? WHERE id = ?",
                (text, HOSTILE[(number + 3) % len(HOSTILE)], sale),
            )
            con.execute(
                "UPDATE sale_lines SET product_name = ?, approved_by = ? WHERE sale_id = ?",
                (text, HOSTILE[(number + 1) % len(HOSTILE)], sale),
            )
            con.execute("UPDATE payments SET reference = ? WHERE sale_id = ?", (text, sale))
            con.execute(
                "UPDATE stock_movements SET note = ?, recorded_by = ? WHERE sale_line_id IN "
                "(SELECT id FROM sale_lines WHERE sale_id = ?)",
                (text, HOSTILE[(number + 2) % len(HOSTILE)], sale),
            )
        # NULLs, dangling references and odd types where the columns allow them
        con.execute("UPDATE sales SET event_id = NULL, shift_id = NULL WHERE id = ?", (sales[0],))
        con.execute("UPDATE sales SET event_id = 9999 WHERE id = ?", (sales[1],))
        con.execute("UPDATE sale_lines SET workshop_id = NULL WHERE sale_id = ?", (sales[2],))
        con.execute("UPDATE sale_lines SET product_id = 9999 WHERE sale_id = ?", (sales[3],))
        con.execute("UPDATE sale_lines SET quantity = '2 pcs' WHERE sale_id = ?", (sales[4],))
        con.execute("UPDATE payments SET amount = 1.5 WHERE sale_id = ?", (sales[4],))
        con.execute(
            "UPDATE stock_movements SET event_id = NULL WHERE sale_line_id IN "
            "(SELECT id FROM sale_lines WHERE sale_id = ?)",
            (sales[5],),
        )
        con.execute(
            "UPDATE stock_movements SET reverses_id = (SELECT min(id) FROM stock_movements) "
            "WHERE id = (SELECT max(m.id) FROM stock_movements m JOIN sale_lines l "
            "ON l.id = m.sale_line_id WHERE l.sale_id = ?)",
            (sales[5],),
        )
        con.execute(
            "DELETE FROM stock_movements WHERE sale_line_id IN "
            "(SELECT id FROM sale_lines WHERE sale_id = ?)",
            (sales[6],),
        )
        con.execute("DELETE FROM payments WHERE sale_id = ?", (sales[7],))
        con.execute(
            "DELETE FROM stock_movements WHERE sale_line_id IN "
            "(SELECT id FROM sale_lines WHERE sale_id = ?)",
            (sales[8],),
        )
        con.execute("DELETE FROM sale_lines WHERE sale_id = ?", (sales[8],))
        con.execute(  # a second payment
            "INSERT INTO payments (uuid, sale_id, method, amount, tendered, change, reference) "
            "VALUES ('extra-payment', ?, 'cash', 1, 1, 0, ?)",
            (sales[9], HOSTILE[0]),
        )
        con.execute("COMMIT")
    return db


def test_the_fast_content_of_every_sale_is_the_sealing_sql_text_whatever_the_strings(
    hostile_till: Database,
) -> None:
    assert _assert_same_contents(hostile_till) >= 12


def test_a_line_with_two_movements_is_left_to_the_sealing_sql_and_still_checked(
    db: Database,
) -> None:
    add_demo_sales(db, 10)
    with sqlite3.connect(_path(db), isolation_level=None) as con:
        con.execute("BEGIN")
        drop_triggers(con)
        line_id, sale_id, sale_uuid = con.execute(
            "SELECT l.id, l.sale_id, s.uuid FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            "JOIN stock_movements m ON m.sale_line_id = l.id ORDER BY l.id LIMIT 1 OFFSET 8"
        ).fetchone()
        con.execute(
            "INSERT INTO stock_movements (uuid, product_id, event_id, kind, quantity, "
            "sale_line_id, created_at, note, recorded_by) SELECT 'second', product_id, "
            "event_id, kind, -1, sale_line_id, created_at, ?, '' FROM stock_movements "
            "WHERE sale_line_id = ?",
            (HOSTILE[3], line_id),
        )
        con.execute("COMMIT")
    assert _split_sales(db) == {sale_id}
    assert _assert_same_contents(db) >= 9
    first = verify_journal(db, None).first_breaks[0]
    assert (first.kind, first.record_uuid, first.reason) == (
        "sale",
        sale_uuid,
        journal.BreakReason.CONTENT_DIFFERS,
    )


def _new_till(folder: Path, code: str) -> Till:
    db = open_till(folder, seed_demo=True, anonymous_setup=True).db
    save_settings(db, load_settings(db).with_changes(till_code=code))
    return Till(db, code, add_people(db, code))


@pytest.fixture
def office(tmp_path: Path) -> Database:
    """An office database holding two tills' chains, each a day of every kind of record."""
    exports = []
    for code in ("BPN1", "BPN2"):
        till = _new_till(tmp_path / code, code)
        trade_a_day(till)
        target = tmp_path / f"export-{code}"
        export_till(till.db, target, exported_by=till.people.supervisor)
        exports.append(target)
    db = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    import_exports(db, exports, imported_by="Admin Kanwil")
    return db


def test_after_a_merge_the_fast_content_is_the_sealing_sql_text(office: Database) -> None:
    assert _assert_same_contents(office) >= 8


@pytest.fixture
def in_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every walk of a database file in worker processes, in ranges of a few sales."""
    monkeypatch.setattr(journal, "PARALLEL_FROM", 0)
    monkeypatch.setattr(journal, "SALE_RANGE", 3)


@pytest.mark.usefixtures("in_processes")
def test_after_a_merge_every_chain_verifies_in_worker_processes(office: Database) -> None:
    result = verify_journal(office, None)
    assert result.ok, result.first_breaks
    assert len(result.chains) == 3  # two tills and the office's own


def _tamper(db: Database, *statements: str) -> None:
    with sqlite3.connect(_path(db), isolation_level=None) as con:
        con.execute("BEGIN")
        drop_triggers(con)
        for statement in statements:
            con.execute(statement)
        con.execute("COMMIT")


def _sale_uuid(db: Database, rank: int) -> str:
    with db.read() as session:
        return str(
            session.connection()
            .exec_driver_sql("SELECT uuid FROM sales ORDER BY id LIMIT 1 OFFSET ?", (rank,))
            .scalar()
        )


@pytest.mark.usefixtures("in_processes")
@pytest.mark.parametrize(
    ("statements", "reason"),
    [
        (
            (
                "UPDATE sale_lines SET quantity = quantity + 1 WHERE id = (SELECT min(id) "
                "FROM sale_lines WHERE sale_id = (SELECT id FROM sales ORDER BY id LIMIT 1 "
                "OFFSET 7))",
            ),
            journal.BreakReason.CONTENT_DIFFERS,
        ),
        (
            (
                "DELETE FROM payments WHERE sale_id = (SELECT id FROM sales ORDER BY id LIMIT 1 "
                "OFFSET 7)",
            ),
            journal.BreakReason.CONTENT_DIFFERS,
        ),
        (
            (
                "DELETE FROM stock_movements WHERE sale_line_id IN (SELECT id FROM sale_lines "
                "WHERE sale_id = (SELECT id FROM sales ORDER BY id LIMIT 1 OFFSET 7))",
                "DELETE FROM sale_lines WHERE sale_id = (SELECT id FROM sales ORDER BY id LIMIT 1 "
                "OFFSET 7)",
                "DELETE FROM payments WHERE sale_id = (SELECT id FROM sales ORDER BY id LIMIT 1 "
                "OFFSET 7)",
                "DELETE FROM sales WHERE id = (SELECT id FROM sales ORDER BY id LIMIT 1 OFFSET 7)",
            ),
            journal.BreakReason.RECORD_MISSING,
        ),
    ],
    ids=["edited line", "deleted payment", "deleted sale"],
)
def test_in_worker_processes_the_first_changed_sale_is_named(
    db: Database, statements: tuple[str, ...], reason: journal.BreakReason
) -> None:
    add_demo_sales(db, 20)
    expected = _sale_uuid(db, 7)
    _tamper(db, *statements)
    result = verify_journal(db, None)
    first = result.first_breaks[0]
    assert (first.kind, first.record_uuid, first.reason) == ("sale", expected, reason)


@pytest.mark.usefixtures("in_processes")
def test_in_worker_processes_a_sale_no_link_covers_is_named(db: Database) -> None:
    add_demo_sales(db, 20)
    _tamper(
        db,
        "INSERT INTO sales (uuid, till_code, receipt_number, receipt_no, event_id, cashier, "
        "created_at, total, subtotal, discount, discount_approved_by) SELECT 'forged', "
        "till_code, 999999, 'X-999999', event_id, cashier, created_at, total, subtotal, "
        "discount, discount_approved_by FROM sales ORDER BY id LIMIT 1",
    )
    result = verify_journal(db, None)
    reasons = {(b.record_uuid, b.reason) for b in result.first_breaks}
    assert ("forged", journal.BreakReason.NOT_IN_CHAIN) in reasons


@pytest.mark.usefixtures("in_processes")
def test_in_worker_processes_a_forged_link_is_named(db: Database) -> None:
    add_demo_sales(db, 20)
    _tamper(db, "UPDATE journal_links SET grand_total = grand_total + 1 WHERE seq = 9")
    first = verify_journal(db, None).first_breaks[0]
    assert (first.seq, first.reason) == (9, journal.BreakReason.LINK_ALTERED)
