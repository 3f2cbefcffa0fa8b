#!/usr/bin/env python
"""The tamper-evident journal's figures (bazaar_pos/db/journal.py).

1. The chain's cost on the sale commit: ``commit_sale`` with the journal, the same with the
   journal switched off (nothing chained), and the raw ``sqlite3`` floor of
   bench/floors.py (on a copy without the journal's triggers). Target: ≤ 3× the floor.
2. ``verify`` (a full walk) at several sizes, up to 1M chained sales, and the start-up check
   (the tail of each chain and the counts) on the same databases. Target: ≤ 10 s per 1M
   records, each sale and each stock movement counted as a record as the issue lists them
   (1M records ≈ 166,667 five-line sales: ``--sizes 166667``); 1M sales is 6M records.
3. Tampering detection over a till of ``--tamper-sales`` sales: each of edit, delete, insert
   and reorder on sales, sale lines, payments, stock movements and audit entries, plus
   swapped links, ``--cases`` times each with the sqlite3 shell (triggers dropped first):
   the rate detected, and the rate where the first bad record named is the one expected.

Big databases are built quickly: 200 sales through the real sale service, then copied with
new uuids and receipt numbers by SQL in large write transactions, which the commit hook
chains like any other write.

    QT_QPA_PLATFORM=offscreen python bench/journal_bench.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.db import Database, journal
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.paths import database_path
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.people.integrity import quick_check, verify_journal
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import open_till
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bench.floors import CommitFloor, FloorLine, copy_database
from bench.journal_tamper import OPERATIONS, TARGETS, drop_triggers, reorder_links, tamper
from bench.timing import measure_interleaved

TEMPLATE_SALES = 200
SALE_LINES = 5


def _drop_journal(path: Path) -> None:
    """Without ``journal_pending`` the app takes the database for one from before the journal:
    no triggers, nothing sealed (the commit as it was)."""
    with closing(sqlite3.connect(path)) as con:
        con.execute("DROP TABLE journal_pending")
        con.commit()


# --- 1. the sale commit ---------------------------------------------------------------------


def bench_commit(work: Path, repeat: int, warmup: int) -> dict[str, float]:
    chained = open_till(work / "chained", seed_demo=True, anonymous_setup=True)
    plain = open_till(work / "plain", seed_demo=True, anonymous_setup=True)
    _drop_journal(database_path(plain.data_dir))
    floor_file = work / "floor.sqlite3"
    copy_database(database_path(chained.data_dir), floor_file)
    _drop_journal(floor_file)
    settings = load_settings(chained.db)
    rng = random.Random(7)
    with closing(sqlite3.connect(database_path(chained.data_dir))) as raw:
        catalog = raw.execute("SELECT id, price FROM products WHERE active = 1").fetchall()
    carts = [
        [FloorLine(pid, rng.choice((1, 1, 2)), price) for pid, price in rng.sample(catalog, 5)]
        for _ in range(warmup + repeat)
    ]
    tendered = [-(-sum(x.quantity * x.unit_price for x in c) // 50_000) * 50_000 for c in carts]
    floor = CommitFloor(
        floor_file,
        till_code=settings.till_code,
        cashier=settings.cashier,
        event_id=settings.current_event_id,
    )

    def sale(db: Database) -> Any:
        def call(i: int) -> object:
            return commit_sale(
                db,
                [SaleLineRequest(x.product_id, x.quantity, x.unit_price) for x in carts[i]],
                PaymentRequest(method="cash", tendered=tendered[i]),
                cashier=settings.cashier,
                till_code=settings.till_code,
                event_id=settings.current_event_id,
            )

        return call

    try:
        samples = measure_interleaved(
            {
                "chained": sale(chained.db),
                "unchained": sale(plain.db),
                "floor": lambda i: floor(carts[i], tendered[i]),
            },
            repeat=repeat,
            warmup=warmup,
        )
    finally:
        floor.close()
    medians = {name: sample.median for name, sample in samples.items()}
    with chained.db.read() as session:
        links = session.connection().exec_driver_sql("SELECT count(*) FROM journal_links").scalar()
    assert links and links >= warmup + repeat, links
    assert verify_journal(chained.db, None).ok
    chained.db.dispose()
    plain.db.dispose()
    return medians


# --- 2. verify at size ----------------------------------------------------------------------


def _uuid_sql() -> str:
    return "lower(hex(randomblob(16)))"


def build_till(folder: Path, sales: int, batch: int = 50_000) -> Database:
    """A till with ``sales`` chained sales (the first 200 rung up, the rest copies)."""
    till = open_till(folder, seed_demo=True, anonymous_setup=True)
    db = till.db
    add_demo_sales(db, min(sales, TEMPLATE_SALES), seed=11)
    with db.read() as session:
        c = session.connection()
        n_sales = int(c.exec_driver_sql("SELECT count(*) FROM sales").scalar() or 0)
        n_lines = int(c.exec_driver_sql("SELECT max(id) FROM sale_lines").scalar() or 0)
        top = int(c.exec_driver_sql("SELECT max(receipt_number) FROM sales").scalar() or 0)
    copies = max(0, (sales - n_sales) // n_sales)
    done = 0
    while done < copies:
        step = min(copies - done, max(1, batch // n_sales))
        with db.write() as session:
            c = session.connection()
            for k in range(done + 1, done + step + 1):
                sale_off, line_off = k * n_sales, k * n_lines
                c.exec_driver_sql(
                    "INSERT INTO sales (id, uuid, till_code, receipt_number, receipt_no, "
                    "event_id, cashier, created_at, total, cashier_user_id, shift_id, subtotal, "
                    "discount, discount_approved_by) SELECT id + ?, " + _uuid_sql() + ", "
                    "till_code, receipt_number + ?, till_code || '-' || printf('%07d', "
                    "receipt_number + ?), event_id, cashier, created_at, total, "
                    "cashier_user_id, shift_id, subtotal, discount, discount_approved_by "
                    "FROM sales WHERE id <= ? ORDER BY id",
                    (sale_off, k * top, k * top, n_sales),
                )
                c.exec_driver_sql(
                    "INSERT INTO sale_lines (id, uuid, sale_id, line_no, product_id, sku, "
                    "product_name, unit_price, quantity, line_total, list_price, line_discount, "
                    "sale_discount_share, approved_by, institution_id, workshop_id) "
                    "SELECT id + ?, " + _uuid_sql() + ", sale_id + ?, line_no, product_id, sku, "
                    "product_name, unit_price, quantity, line_total, list_price, line_discount, "
                    "sale_discount_share, approved_by, institution_id, workshop_id "
                    "FROM sale_lines WHERE id <= ?",
                    (line_off, sale_off, n_lines),
                )
                c.exec_driver_sql(
                    "INSERT INTO payments (uuid, sale_id, method, amount, tendered, change, "
                    "reference) SELECT " + _uuid_sql() + ", sale_id + ?, method, amount, "
                    "tendered, change, reference FROM payments WHERE sale_id <= ?",
                    (sale_off, n_sales),
                )
                c.exec_driver_sql(
                    "INSERT INTO stock_movements (uuid, product_id, event_id, kind, quantity, "
                    "sale_line_id, created_at, note, recorded_by) SELECT " + _uuid_sql() + ", "
                    "product_id, event_id, kind, quantity, sale_line_id + ?, created_at, note, "
                    "recorded_by FROM stock_movements WHERE sale_line_id <= ?",
                    (line_off, n_lines),
                )
            c.exec_driver_sql(
                "UPDATE receipt_counters SET last_number = (SELECT max(receipt_number) FROM "
                "sales s WHERE s.till_code = receipt_counters.till_code)"
            )
        done += step
    return db


FLOOR_TABLES = ("journal_links", "sales", "sale_lines", "payments", "stock_movements")


def read_floors(path: Path) -> dict[str, float]:
    """What reading the walked rows costs at the least, on the same file: SQLite alone
    reading every column of every row (``sqlite``), SQLite alone turning each row into a
    json_array (``json``: the content's C work, without natural keys or grouping), and
    Python's sqlite3 fetching every row with every column (``python``)."""
    floors = {"sqlite": 0.0, "json": 0.0, "python": 0.0}
    with closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA cache_size = -65536")
        for table in FLOOR_TABLES:
            columns = ", ".join(r[1] for r in con.execute(f"PRAGMA table_info({table})"))
            queries = {
                "sqlite": f"SELECT count(max({columns}, 0)) FROM {table}",
                "json": f"SELECT sum(length(json_array({columns}))) FROM {table}",
                "python": f"SELECT {columns} FROM {table}",
            }
            for name, sql in queries.items():
                started = time.perf_counter()
                cursor = con.execute(sql)
                while cursor.fetchmany(10_000):
                    pass
                floors[name] += time.perf_counter() - started
    return floors


def bench_verify(work: Path, sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        folder = work / f"size-{size}"
        started = time.perf_counter()
        db = build_till(folder, size)
        built = time.perf_counter() - started
        path = database_path(folder)
        with db.read() as session:
            c = session.connection()
            counts = {
                table: int(c.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)
                for table in ("journal_links", "sales", "sale_lines", "payments", "stock_movements")
            }
        result = verify_journal(db, None)
        assert result.ok, result.first_breaks
        floors = read_floors(path)
        check = quick_check(db)
        assert check.ok, check.first_breaks
        db.dispose()
        started = time.perf_counter()
        reopened = open_till(folder, seed_demo=False, anonymous_setup=True)
        opened = time.perf_counter() - started
        assert reopened.journal is not None and reopened.journal.ok
        reopened.db.dispose()
        walked = sum(counts.values()) - counts["journal_links"]
        seconds = result.seconds
        print(
            f"  {'':>9}  floors on the same file: SQLite reads every row "
            f"{floors['sqlite']:.2f} s (verify {seconds / floors['sqlite']:.1f}×), SQLite "
            f"json_array of every row {floors['json']:.2f} s ({seconds / floors['json']:.1f}×), "
            f"Python fetches every row {floors['python']:.2f} s "
            f"({seconds / floors['python']:.2f}×); verify "
            f"{seconds / counts['journal_links'] * 1e6:.1f} µs a link, "
            f"{seconds / walked * 1e6:.2f} µs a row",
            flush=True,
        )
        rows.append(
            {
                "floor_sqlite_s": floors["sqlite"],
                "floor_json_s": floors["json"],
                "floor_python_s": floors["python"],
                "links": counts["journal_links"],
                "rows": sum(counts.values()) - counts["journal_links"],
                "build_s": built,
                "verify_s": result.seconds,
                "startup_check_ms": check.seconds * 1000,
                "open_till_ms": opened * 1000,
                "db_mb": path.stat().st_size / 1e6,
            }
        )
        print(
            f"  {counts['journal_links']:>9,} links ({counts['sales']:,} sales, "
            f"{sum(counts.values()) - counts['journal_links']:,} rows): verify "
            f"{result.seconds:.2f} s, start-up check {check.seconds * 1000:.0f} ms, "
            f"open_till {opened * 1000:.0f} ms (built in {built:.0f} s, "
            f"{path.stat().st_size / 1e6:.0f} MB)",
            flush=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
    return rows


# --- 3. tampering ---------------------------------------------------------------------------


class _Raw:
    """A plain sqlite3 connection with the one method the walk uses (exec_driver_sql), so
    each tampering is walked inside its own transaction and rolled back (no copies)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def exec_driver_sql(self, sql: str, parameters: Any = ()) -> _Result:
        return _Result(self.con.execute(sql, parameters))


class _Result:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self.cursor = cursor

    def first(self) -> Any:
        return self.cursor.fetchone()

    def scalar(self) -> Any:
        row = self.cursor.fetchone()
        return None if row is None else row[0]

    def fetchall(self) -> list[Any]:
        return self.cursor.fetchall()

    def fetchmany(self, size: int) -> list[Any]:
        return self.cursor.fetchmany(size)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.cursor)


def first_break(con: sqlite3.Connection) -> journal.Break | None:
    """The first break a full walk finds on this connection (its open transaction included)."""
    walk = journal.walk(cast(Any, _Raw(con)))
    firsts = journal.first_breaks(walk.breaks).values()
    ordered = sorted(firsts, key=lambda item: (item.till_id == journal.OUTSIDE, item.order))
    return ordered[0] if ordered else None


def bench_tampering(work: Path, sales: int, cases: int) -> dict[str, tuple[int, int, int]]:
    folder = work / "tamper"
    db = build_till(folder, sales)
    with db.write() as session:
        for number in range(max(100, sales // 20)):
            log_action(session, AuditAction.REPRINT, subject=f"BPN1-{number:07d}")
    assert verify_journal(db, None).ok
    db.dispose()
    con = sqlite3.connect(database_path(folder), isolation_level=None)
    results: dict[str, tuple[int, int, int]] = {}
    targets = [(o, t) for o in OPERATIONS for t in TARGETS] + [("reorder", "links")]
    for operation, target in targets:
        detected = named = 0
        started = time.perf_counter()
        for case in range(cases):
            rng = random.Random(case * 7919 + zlib.crc32(f"{operation} {target}".encode()))
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
            if first is not None:
                detected += 1
                if (first.kind, first.record_uuid) == (expected.kind, expected.record_uuid):
                    named += 1
        results[f"{operation} {target}"] = (cases, detected, named)
        print(
            f"  {operation:>7} {target:<14} {detected}/{cases} detected, {named}/{cases} named "
            f"first ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    con.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=200, help="sale commits timed per case")
    parser.add_argument("--tamper-sales", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100, help="tamperings of each kind")
    parser.add_argument("--skip", nargs="*", default=[], choices=("commit", "verify", "tamper"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="journal-bench-"))
    try:
        if "commit" not in args.skip:
            print("1. sale commit, 5 lines, cash (median ms)", flush=True)
            medians = bench_commit(work, args.repeat, warmup=20)
            floor = medians["floor"]
            for name, value in medians.items():
                print(f"  {name:<10} {value:7.2f} ms  ({value / floor:.2f}× floor)")
        if "verify" not in args.skip:
            print("2. verify (full walk) and the start-up check, by size", flush=True)
            bench_verify(work, sorted(args.sizes))
        if "tamper" not in args.skip:
            print(
                f"3. tampering over {args.tamper_sales:,} sales, {args.cases} cases each",
                flush=True,
            )
            results = bench_tampering(work, args.tamper_sales, args.cases)
            total = sum(r[0] for r in results.values())
            detected = sum(r[1] for r in results.values())
            named = sum(r[2] for r in results.values())
            print(
                f"  detected {detected}/{total} ({100 * detected / total:.1f} %), first bad "
                f"record named {named}/{total} ({100 * named / total:.1f} %)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
