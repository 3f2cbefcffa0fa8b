"""The tamper-evident journal: sealed with every write, whole after honest work, and every
edit, deletion, insertion or reordering made behind the app's back found and named."""

from __future__ import annotations

import importlib.util
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bazaar_pos.db import Database, journal
from bazaar_pos.db.journal import GENESIS, Break, BreakReason, Link, chain_breaks, link_sha256
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.paths import database_path
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.startup import open_till
from bench.journal_bench import first_break
from bench.journal_tamper import OPERATIONS, TARGETS, drop_triggers, reorder_links, tamper
from tests.conftest import outside_connection
from tests.sync.support import Till, add_people, trade_a_day

CASES_EACH = 10


def _links(db: Database) -> list[tuple[str, str, int, int]]:
    with db.read() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT kind, record_uuid, seq, grand_total FROM journal_links ORDER BY seq"
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


# ------------------------------------------------------------------------- the pure walk


def _chain(count: int, till: str = "till-a") -> list[Link]:
    links, prev = [], GENESIS
    for seq in range(1, count + 1):
        content = f"{seq:064x}"
        sha = link_sha256(prev, till, seq, "sale", f"uuid-{seq}", content, seq * 100)
        links.append(Link(till, seq, "sale", f"uuid-{seq}", content, prev, sha, seq * 100))
        prev = sha
    return links


def test_a_whole_chain_has_no_break() -> None:
    assert list(chain_breaks(_chain(5))) == []


def test_a_missing_link_is_named_at_the_gap() -> None:
    links = _chain(5)
    del links[2]
    found = list(chain_breaks(links))
    assert found[0] == Break("till-a", 4, "sale", "uuid-4", "", BreakReason.LINK_MISSING)


def test_swapped_links_break_the_order_at_the_first_place() -> None:
    links = _chain(5)
    links[1], links[3] = links[3], links[1]
    first = next(chain_breaks(links))
    assert (first.record_uuid, first.reason) == ("uuid-4", BreakReason.LINK_MISSING)


def test_a_changed_grand_total_alters_the_link() -> None:
    links = _chain(3)
    old = links[1]
    links[1] = Link(*(getattr(old, f) for f in Link.__dataclass_fields__ if f != "grand_total"), 1)  # type: ignore[arg-type]
    first = next(chain_breaks(links))
    assert (first.seq, first.reason) == (2, BreakReason.LINK_ALTERED)


def test_a_link_rehashed_after_an_edit_no_longer_continues_the_next_one() -> None:
    links = _chain(3)
    old = links[1]
    forged_sha = link_sha256(old.prev_sha256, old.till_id, 2, "sale", "uuid-2", "f" * 64, 200)
    links[1] = Link(old.till_id, 2, "sale", "uuid-2", "f" * 64, old.prev_sha256, forged_sha, 200)
    first = next(chain_breaks(links))
    assert (first.seq, first.reason) == (3, BreakReason.ORDER_BROKEN)


def test_chains_of_several_tills_are_walked_separately() -> None:
    assert list(chain_breaks([*_chain(3, "till-a"), *_chain(2, "till-b")])) == []


# ------------------------------------------------------------------------- sealing


def test_every_sale_is_chained_in_order_with_the_running_grand_total(db: Database) -> None:
    before = _links(db)
    add_demo_sales(db, 5)
    with db.read() as session:
        totals = [
            row[0]
            for row in session.connection().exec_driver_sql("SELECT total FROM sales ORDER BY id")
        ]
    added = _links(db)[len(before) :]
    assert [kind for kind, *_ in added] == ["sale"] * 5
    assert [seq for _k, _u, seq, _g in added] == list(range(len(before) + 1, len(before) + 6))
    grand = before[-1][3] if before else 0
    for (_kind, _uuid, _seq, grand_total), total in zip(added, totals, strict=True):
        grand += total
        assert grand_total == grand


def test_a_rolled_back_write_leaves_no_link(db: Database) -> None:
    before = _links(db)
    with pytest.raises(RuntimeError), db.write() as session:
        log_action(session, AuditAction.X_REPORT, subject="x")
        session.flush()
        raise RuntimeError("abandoned")
    assert _links(db) == before


def test_an_audit_entry_is_chained_in_its_own_transaction(db: Database) -> None:
    with db.write() as session:
        entry = log_action(session, AuditAction.X_REPORT, subject="BPN1")
    assert _links(db)[-1][:2] == ("audit", entry)


def test_honest_work_verifies_whole(db: Database) -> None:
    add_demo_sales(db, 20)
    result = verify_journal(db, None)
    assert result.ok and result.first_breaks == ()
    assert result.chains[0].links == len(_links(db))


def test_a_record_written_with_the_sqlite_shell_is_never_sealed_by_a_later_commit(
    db: Database,
) -> None:
    """The sqlite3 shell on a till's file, psql on an office server: the same."""
    add_demo_sales(db, 3)
    with outside_connection(db) as con:  # triggers intact: the insert is listed as pending
        con.execute(
            "INSERT INTO audit_log (uuid, created_at, till_code, user_name, action, subject, "
            "detail, approved_by) VALUES ('forged', '2026-01-01 00:00:00.000000', 'BPN1', "
            "'x', 'refund', '', '', '')"
        )
    add_demo_sales(db, 1)  # a later honest commit
    first = verify_journal(db, None).first_breaks[0]
    assert (first.record_uuid, first.reason) == ("forged", BreakReason.NOT_IN_CHAIN)


# ------------------------------------------------------------------------- upgrade


def _migration() -> Any:
    path = Path(journal.__file__).with_name("migrations") / "versions" / "0006_journal.py"
    spec = importlib.util.spec_from_file_location("journal_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_records_from_before_the_journal_are_chained_once_at_the_first_start(
    tmp_path: Path,
) -> None:
    till = open_till(tmp_path / "data", anonymous_setup=True)
    add_demo_sales(till.db, 3)
    path = database_path(tmp_path / "data")
    till.db.dispose()
    with sqlite3.connect(path) as con:  # as a database from before the journal
        con.execute("DELETE FROM journal_links")
        con.execute("DELETE FROM journal_pending")
        con.execute(_migration().EXISTING)  # what the migration marks
        marked = con.execute("SELECT count(*) FROM journal_pending").fetchone()[0]
    con.close()
    first = open_till(tmp_path / "data", anonymous_setup=True)
    assert first.journal is not None and first.journal.chained_at_upgrade == marked + 1  # + note
    assert first.journal.ok
    again = open_till(tmp_path / "data", anonymous_setup=True)
    assert again.journal is not None and again.journal.chained_at_upgrade == 0
    with first.db.read() as session:
        note = (
            session.connection()
            .exec_driver_sql("SELECT detail FROM audit_log WHERE action = 'journal_started'")
            .scalar()
        )
    assert note == f"{marked} records from before the journal chained at the upgrade"
    first.db.dispose()
    again.db.dispose()


# ------------------------------------------------------------------------- tampering


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A till with 300 sales and 60 audit entries, all chained."""
    folder = tmp_path_factory.mktemp("journal") / "data"
    till = open_till(folder, anonymous_setup=True)
    add_demo_sales(till.db, 300)
    with till.db.write() as session:
        for number in range(60):
            log_action(session, AuditAction.REPRINT, subject=f"BPN1-{number:06d}")
    assert verify_journal(till.db, None).ok
    till.db.dispose()
    yield folder


@pytest.mark.parametrize(
    ("operation", "target"),
    [*((o, t) for o in OPERATIONS for t in TARGETS), ("reorder", "links")],
)
def test_tampering_is_found_and_the_first_bad_record_named(
    template: Path, operation: str, target: str
) -> None:
    # Each case in its own transaction on the sqlite3 connection, walked there, rolled back.
    con = sqlite3.connect(database_path(template), isolation_level=None)
    try:
        for case in range(CASES_EACH):
            rng = random.Random(case)
            con.execute("BEGIN")
            try:
                drop_triggers(con)
                if target == "links":
                    expected = reorder_links(con, rng)
                else:
                    expected = tamper(con, operation, target, rng)
                first = first_break(con)
            finally:
                con.execute("ROLLBACK")
            assert first is not None, (operation, target, case)
            assert (first.kind, first.record_uuid) == (expected.kind, expected.record_uuid), (
                operation,
                target,
                case,
                first,
            )
    finally:
        con.close()


def test_the_last_sale_cut_off_with_its_link_is_found_by_the_receipt_counter(db: Database) -> None:
    add_demo_sales(db, 4)
    with outside_connection(db) as con:
        if db.is_sqlite:
            drop_triggers(con)
        last = con.execute("SELECT id, uuid FROM sales ORDER BY id DESC LIMIT 1").fetchone()
        con.execute(
            "DELETE FROM stock_movements WHERE sale_line_id IN "
            "(SELECT id FROM sale_lines WHERE sale_id = ?)",
            (last[0],),
        )
        for table in ("sale_lines", "payments"):
            con.execute(f"DELETE FROM {table} WHERE sale_id = ?", (last[0],))
        con.execute("DELETE FROM sales WHERE id = ?", (last[0],))
        con.execute("DELETE FROM journal_links WHERE record_uuid = ?", (last[1],))
    result = verify_journal(db, None)
    assert not result.ok
    first = result.first_breaks[0]
    assert (first.label, first.reason) == (
        "BPN1-000003, receipt counter 4",
        BreakReason.COUNTER_MISMATCH,
    )


@pytest.mark.parametrize(
    ("changed", "kind"),
    [
        (
            "UPDATE count_lines SET counted = counted + 1 WHERE id = (SELECT max(id) FROM "
            "count_lines)",
            "count_post",
        ),
        (
            "UPDATE stock_movements SET quantity = quantity - 1 WHERE id = (SELECT max(id) FROM "
            "stock_movements WHERE handover_id IS NOT NULL)",
            "handover",
        ),
    ],
)
def test_the_start_up_check_finds_a_changed_line_of_a_count_or_handover_hashed_in_pieces(
    db: Database, changed: str, kind: str
) -> None:
    # A count or a handover can hold a whole catalogue: the start-up check hashes its head and
    # rows one by one (journal.streamed_content_sha256) instead of as one text.
    trade_a_day(Till(db, "BPN1", add_people(db, "BPN1")))
    with db.read() as session:
        assert journal.tail_walk(session.connection(), 200).breaks == ()
    with outside_connection(db) as con:
        if db.is_sqlite:
            drop_triggers(con)
        con.execute(changed)
    with db.read() as session:
        breaks = journal.tail_walk(session.connection(), 200).breaks
    assert [(item.kind, item.reason) for item in breaks] == [(kind, BreakReason.CONTENT_DIFFERS)]
