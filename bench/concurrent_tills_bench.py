#!/usr/bin/env python
"""Several tills selling into one database at once (PostgreSQL on a LAN, or one SQLite file).

``--tills`` processes each ring up ``--sales`` sales through ``commit_sale``, as fast as they
can: 1 to 4 random products of the demo event per sale, 1 to 3 of each, paid in cash. Each
till has its own till code (BPN1, BPN2, …). Every process records what it sold (receipt,
lines, total) and every error a cashier would have seen. Then the database is checked
against those records, not against itself:

- 0 errors shown to a cashier;
- 0 duplicate receipt numbers, and each till's numbers run 1…N without a gap;
- stock exact: each product's on-hand is its opening stock minus what the tills say they sold;
- the takings exact: the sales' totals add up to what the tills took;
- the journal chains intact (``verify_journal``, every link walked).

The floor, in the same run: the same number of processes inserting the same rows (the receipt
counter bumped, the sale, its lines, its payment, its stock movements) with bare SQLAlchemy
Core, one transaction per sale, no checks, no journal. Printed: sales per second for both, the
ratio, and the commit time's median, 95th percentile and maximum.

    python bench/concurrent_tills_bench.py --url postgresql+psycopg://postgres@127.0.0.1:55432/postgres
    python bench/concurrent_tills_bench.py --sqlite   # the same against one SQLite file
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from sqlalchemy import text

HERE = Path(__file__).resolve().parent.parent
# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(HERE))

from bench.floors import fresh_server_database  # noqa: E402

TILL = """
import json, random, sys, time
sys.path.insert(0, {here!r})
from bazaar_pos.catalog.products import list_products
from bazaar_pos.db import Database
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

db = Database({url!r}, anonymous_setup=True)
products = [p for p in list_products(db) if p.track_stock and p.price > 0]
chooser = random.Random({seed})
sold = []
errors = []
times = []
started = time.time()
for _ in range({sales}):
    picked = chooser.sample(products, chooser.randint(1, 4))
    lines = [SaleLineRequest(p.id, chooser.randint(1, 3), p.price) for p in picked]
    began = time.perf_counter()
    try:
        result = commit_sale(
            db, lines, PaymentRequest("cash"), cashier="Kasir {till}", till_code={till!r},
            event_id={event_id},
        )
    except Exception as error:  # what the cashier would have seen
        errors.append(type(error).__name__ + ": " + str(error)[:120])
        continue
    times.append(time.perf_counter() - began)
    sold.append([result.receipt_no, result.total, [[l.product_id, l.quantity] for l in lines]])
db.dispose()
print(json.dumps({{"sold": sold, "errors": errors, "times": times,
                  "window": [started, time.time()]}}))
"""

# The floor: the same rows a sale writes, with bare SQLAlchemy Core and nothing checked.
FLOOR = """
import json, random, sys, time, uuid, datetime as dt
from sqlalchemy import create_engine, text

engine = create_engine({url!r})
is_pg = engine.dialect.name == "postgresql"
with engine.connect() as c:
    products = [tuple(r) for r in c.execute(text(
        "SELECT id, sku, name, price, institution_id, workshop_id FROM products "
        "WHERE track_stock AND price > 0 ORDER BY id"))]
chooser = random.Random({seed})
times = []
started = time.time()
lock = "SELECT pg_advisory_xact_lock(1)" if is_pg else None
for _ in range({sales}):
    picked = chooser.sample(products, chooser.randint(1, 4))
    lines = [(p, chooser.randint(1, 3)) for p in picked]
    began = time.perf_counter()
    with engine.begin() as c:
        if lock:
            c.execute(text(lock))
        number = c.execute(text(
            "UPDATE receipt_counters SET last_number = last_number + 1 "
            "WHERE till_code = :t RETURNING last_number"), {{"t": {till!r}}}).scalar()
        if number is None:
            number = 1
            c.execute(text("INSERT INTO receipt_counters (till_code, last_number) "
                           "VALUES (:t, 1)"), {{"t": {till!r}}})
        total = sum(p[3] * q for p, q in lines)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        sale_id = c.execute(text(
            "INSERT INTO sales (uuid, till_code, receipt_number, receipt_no, event_id, cashier, "
            "created_at, total, subtotal, discount, discount_approved_by) VALUES "
            "(:u, :t, :n, :r, :e, :c, :at, :total, :total, 0, '') RETURNING id"),
            {{"u": str(uuid.uuid4()), "t": {till!r}, "n": number,
              "r": "F{till}-%06d" % number, "e": {event_id}, "c": "Kasir",
              "at": now, "total": total}}).scalar()
        for no, (p, q) in enumerate(lines, 1):
            line_id = c.execute(text(
                "INSERT INTO sale_lines (uuid, sale_id, line_no, product_id, sku, product_name, "
                "unit_price, quantity, line_total, list_price, line_discount, "
                "sale_discount_share, approved_by, institution_id, workshop_id) VALUES "
                "(:u, :s, :no, :p, :sku, :name, :price, :q, :lt, :price, 0, 0, '', :i, :w) "
                "RETURNING id"),
                {{"u": str(uuid.uuid4()), "s": sale_id, "no": no, "p": p[0], "sku": p[1],
                  "name": p[2], "price": p[3], "q": q, "lt": p[3] * q, "i": p[4], "w": p[5]}}
            ).scalar()
            c.execute(text(
                "INSERT INTO stock_movements (uuid, product_id, event_id, kind, quantity, "
                "sale_line_id, created_at, note, recorded_by) "
                "VALUES (:u, :p, :e, 'sale', :q, :l, :at, '', '')"),
                {{"u": str(uuid.uuid4()), "p": p[0], "e": {event_id}, "q": -q, "l": line_id,
                  "at": now}})
        c.execute(text(
            "INSERT INTO payments (uuid, sale_id, method, amount, tendered, change, reference) "
            "VALUES (:u, :s, 'cash', :a, :a, 0, '')"),
            {{"u": str(uuid.uuid4()), "s": sale_id, "a": total}})
    times.append(time.perf_counter() - began)
print(json.dumps({{"sold": [], "errors": [], "times": times,
                  "window": [started, time.time()]}}))
"""


def prepared(url: str, data: Path) -> tuple[int, dict[int, int]]:
    """The demo event in a new database at ``url``: its id and each product's opening stock."""
    sys.path.insert(0, str(HERE))
    from bazaar_pos.catalog.events import list_events
    from bazaar_pos.catalog.products import list_products
    from bazaar_pos.startup import open_till

    till = open_till(data, url, seed_demo=True, anonymous_setup=True)
    event_id = list_events(till.db)[0].id
    opening = {p.id: p.on_hand for p in list_products(till.db) if p.track_stock}
    till.db.dispose()
    return event_id, opening


def run(source: str, tills: int, sales: int, url: str, event_id: int) -> list[dict[str, Any]]:
    """``tills`` processes of ``source`` started together; their JSON outputs."""
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(source).format(
                    here=str(HERE),
                    url=url,
                    seed=index,
                    sales=sales,
                    till=f"BPN{index + 1}",
                    event_id=event_id,
                ),
            ],
            stdout=subprocess.PIPE,
            env={"TZ": "UTC", "PATH": "/usr/bin:/bin"},
        )
        for index in range(tills)
    ]
    outputs = []
    for process in processes:
        out, _ = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise SystemExit(f"a till process failed (exit {process.returncode})")
        outputs.append(json.loads(out))
    return outputs


def check(url: str, opening: dict[int, int], outputs: list[dict[str, Any]]) -> dict[str, Any]:
    """The database against what the tills recorded."""
    from bazaar_pos.catalog.products import list_products
    from bazaar_pos.db import Database
    from bazaar_pos.people.integrity import verify_journal

    sold_units: dict[int, int] = dict.fromkeys(opening, 0)
    taken = 0
    receipts: list[str] = []
    for output in outputs:
        for receipt_no, total, lines in output["sold"]:
            receipts.append(receipt_no)
            taken += total
            for product_id, quantity in lines:
                sold_units[product_id] += quantity
    db = Database(url, anonymous_setup=True)
    on_hand = {p.id: p.on_hand for p in list_products(db) if p.track_stock}
    with db.read() as session:
        rows = session.execute(
            text("SELECT till_code, receipt_number, receipt_no, total FROM sales")
        ).all()
    journal = verify_journal(db, None)
    db.dispose()
    by_till: dict[str, list[int]] = {}
    for till_code, number, _no, _total in rows:
        by_till.setdefault(till_code, []).append(number)
    gaps = sum(
        1 for numbers in by_till.values() if sorted(numbers) != list(range(1, len(numbers) + 1))
    )
    wrong_stock = [pid for pid in opening if on_hand[pid] != opening[pid] - sold_units[pid]]
    return {
        "errors": sum(len(o["errors"]) for o in outputs),
        "error_examples": sorted({e for o in outputs for e in o["errors"]})[:5],
        "sales_in_database": len(rows),
        "sales_recorded": len(receipts),
        "duplicate_receipts": len(rows) - len({r[2] for r in rows}),
        "tills_with_gaps": gaps,
        "products_with_wrong_stock": len(wrong_stock),
        "takings_match": sum(r[3] for r in rows) == taken,
        "journal_breaks": journal.breaks,
        "journal_links": journal.records,
    }


def summary(outputs: list[dict[str, Any]]) -> dict[str, float]:
    """Throughput over the selling window (first till's first sale to the last till's last:
    start-up and imports left out on both sides) and the commit times."""
    wall = max(o["window"][1] for o in outputs) - min(o["window"][0] for o in outputs)
    times = sorted(t for o in outputs for t in o["times"])
    return {
        "sales_per_second": len(times) / wall,
        "wall_seconds": wall,
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
        "max_ms": 1000 * times[-1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a PostgreSQL server's URL (a database is made on it)")
    where.add_argument("--sqlite", action="store_true", help="one SQLite file instead")
    parser.add_argument("--tills", type=int, default=3)
    parser.add_argument("--sales", type=int, default=2000, help="sales per till")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        if args.url:
            ours = fresh_server_database(args.url, "bazaar_bench_tills")
            floor_url = fresh_server_database(args.url, "bazaar_bench_floor")
        else:
            ours = f"sqlite:///{folder / 'tills.sqlite3'}"
            floor_url = f"sqlite:///{folder / 'floor.sqlite3'}"
        event_id, opening = prepared(ours, folder / "tills")
        floor_event, _ = prepared(floor_url, folder / "floor")
        outputs = run(TILL, args.tills, args.sales, ours, event_id)
        ours_figures = summary(outputs)
        floor_figures = summary(run(FLOOR, args.tills, args.sales, floor_url, floor_event))
        found = check(ours, opening, outputs)
    backend = "PostgreSQL" if args.url else "SQLite"
    print(f"{args.tills} tills × {args.sales} sales into one {backend} database")
    for name, figures in (("commit_sale", ours_figures), ("floor (bare Core)", floor_figures)):
        print(
            f"  {name:18} {figures['sales_per_second']:7.1f} sales/s  "
            f"p50 {figures['p50_ms']:6.1f} ms  p95 {figures['p95_ms']:6.1f} ms  "
            f"max {figures['max_ms']:7.1f} ms  ({figures['wall_seconds']:.1f} s)"
        )
    ratio = floor_figures["sales_per_second"] / ours_figures["sales_per_second"]
    print(f"  ratio (floor throughput / ours): {ratio:.2f}×")
    for key, value in found.items():
        print(f"  {key}: {value}")
    bad = (
        found["errors"]
        or found["duplicate_receipts"]
        or found["tills_with_gaps"]
        or found["products_with_wrong_stock"]
        or not found["takings_match"]
        or found["journal_breaks"]
        or found["sales_in_database"] != found["sales_recorded"]
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
