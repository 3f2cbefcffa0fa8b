#!/usr/bin/env python
"""Variance report benchmark: ``variance_report`` of an event with 5,000 products and 200,000
sale lines, beside the same aggregation in raw ``sqlite3``, in one run. Target: ≤ 1 s.

The event is built on a fresh till (``open_till``: the demo event with its three Rutan and
~30 products, plus ``add_demo_products`` up to ``products``):

1. an opening count of the whole event, started and posted through the count service (the
   counted figures are written in bulk: 5,000 ``set_counted`` calls would only time fsync);
2. a mid-event delivery of every tracked product (``arrival`` movements);
3. ``sale_lines`` sale lines of the demo's sales (1–5 lines, café drinks included, cash,
   QRIS and transfer), written in bulk by ``bench/sales_data.py``: the rows ``commit_sale``
   writes (sales, lines, payments, one ``sale`` movement per tracked line, the receipt
   counter), without 50k fsyncs;
4. some damage, then a closing count of the whole event started and posted through the
   service, with a few products short and a few left uncounted.

Then ``variance_report(db, None, event_id)`` is timed (best of ``repeat``, interleaved with the
floor). The floor runs the same aggregation with nothing but ``sqlite3``: one ``GROUP BY``
over ``stock_movements`` per product and kind split at the two counts' ledger boundaries, the
event's ``sale_lines`` summed per product, the closing count's lines, and the event's
products with their institution and workshop — every row fetched.

    python bench/variance_bench.py [--products 5000] [--sale-lines 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import bindparam, func, insert, select, update

from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    CountKind,
    CountLine,
    CountSession,
    MovementKind,
    Product,
    StockMovement,
)
from bazaar_pos.demo.goods import add_demo_products
from bazaar_pos.demo.sales import plan_sales, sale_catalog
from bazaar_pos.paths import database_path
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import open_till
from bazaar_pos.stock.counts import count_sheet, post_count, start_count
from bazaar_pos.stock.variance import variance_report
from bench.floors import connect
from bench.sales_data import write_planned_sales
from bench.timing import best_of

TARGET_S = 1.0
TILL_CODE = "BPN1"
NOTE = (
    "{products:,} products in 3 institutions, {sale_lines:,} sale lines ({movements:,} ledger "
    "rows): opening count, delivery, sales, damage, closing count; best of {repeat}. Floor: "
    "the same GROUP BYs and row fetches in raw sqlite3."
)


# --- building the event ----------------------------------------------------------------------


def set_counts(db: Database, session_id: int, counted: dict[int, int]) -> None:
    """What the counters typed, written in bulk (the service's ``set_counted`` per product
    would be one fsync'd transaction each)."""
    now = dt.datetime.now(dt.UTC)
    statement = (
        update(CountLine)
        .where(CountLine.session_id == bindparam("sid"), CountLine.product_id == bindparam("pid"))
        .values(counted=bindparam("value"), counted_at=bindparam("at"))
    )
    with db.write() as session:
        session.connection().execute(
            statement,
            [
                {"sid": session_id, "pid": product_id, "value": value, "at": now}
                for product_id, value in counted.items()
            ],
        )


def count_and_post(
    db: Database, event_id: int, kind: CountKind, rng: random.Random, *, short: float, skip: float
) -> int:
    """Start a count of the whole event, count every product as booked except a share
    ``short`` (1–3 missing) and a share ``skip`` (left uncounted), post it."""
    info = start_count(db, None, event_id, kind)  # no accounts here: nobody logs in
    counted: dict[int, int] = {}
    for line in count_sheet(db, None, info.id).lines:
        assert line.expected is not None
        draw = rng.random()
        if draw < skip:
            continue
        missing = rng.randint(1, 3) if draw < skip + short else 0
        counted[line.product_id] = max(0, line.expected - missing)
    set_counts(db, info.id, counted)
    post_count(db, None, info.id)
    return info.id


def write_movements(
    db: Database, event_id: int, kind: MovementKind, quantities: dict[int, int], note: str
) -> None:
    if not quantities:  # an executemany of no rows is an INSERT of one row of defaults
        return
    now = dt.datetime.now(dt.UTC)
    with db.write() as session:
        session.connection().execute(
            insert(StockMovement),
            [
                {
                    "uuid": str(uuid.uuid4()),
                    "product_id": product_id,
                    "event_id": event_id,
                    "kind": kind.value,
                    "quantity": quantity,
                    "created_at": now,
                    "note": note,
                }
                for product_id, quantity in quantities.items()
            ],
        )


def build_event(
    data_dir: Path, products: int, sale_lines: int, *, seed: int = 62
) -> tuple[Database, int, dict[str, Any]]:
    """A till whose current event went through a whole bazaar; returns (db, event, facts)."""
    rng = random.Random(seed)
    began = time.perf_counter()
    till = open_till(data_dir, seed_demo=True, anonymous_setup=True)
    db = till.db
    with db.read() as session:
        existing = int(session.scalar(select(func.count()).select_from(Product)) or 0)
    add_demo_products(db, max(0, products - existing))
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    with db.read() as session:
        tracked = list(session.scalars(select(Product.id).where(Product.track_stock.is_(True))))

    count_and_post(db, event_id, CountKind.OPENING, rng, short=0.02, skip=0.0)
    write_movements(
        db,
        event_id,
        MovementKind.ARRIVAL,
        {product_id: rng.randrange(50, 150) for product_id in tracked},
        "Kiriman hari kedua",
    )
    movements = write_planned_sales(
        db,
        plan_sales(sale_catalog(db), seed=seed, lines=sale_lines),
        till_code=TILL_CODE,
        event_id=event_id,
        cashier="Siti Rahmawati",
    )
    write_movements(
        db,
        event_id,
        MovementKind.DAMAGE,
        # One tracked product in 50 damaged, and at least one: the demo catalogue has ~30.
        {
            product_id: -rng.randint(1, 2)
            for product_id in rng.sample(tracked, min(len(tracked), max(1, len(tracked) // 50)))
        },
        "rusak",
    )
    count_and_post(db, event_id, CountKind.CLOSING, rng, short=0.05, skip=0.01)
    with db.read() as session:
        ledger_rows = int(session.scalar(select(func.count()).select_from(StockMovement)) or 0)
    facts = {
        "products": existing + max(0, products - existing),
        "tracked_products": len(tracked),
        "sale_lines": sale_lines,
        "sale_movements": movements,
        "ledger_rows": ledger_rows,
        "build_s": time.perf_counter() - began,
    }
    return db, event_id, facts


# --- the floor ---------------------------------------------------------------------------------

FLOOR_LEDGER = """
SELECT m.product_id, m.kind,
       sum(CASE WHEN m.id <= :opening THEN m.quantity ELSE 0 END),
       sum(CASE WHEN m.id > :opening AND m.id <= :closing
                 AND (m.count_session_id IS NULL OR m.count_session_id != :closing_session)
                THEN m.quantity ELSE 0 END)
FROM stock_movements m
GROUP BY m.kind, m.product_id
"""
FLOOR_SALES = """
SELECT l.product_id, sum(l.quantity), sum(l.line_total)
FROM sale_lines l JOIN sales s ON s.id = l.sale_id
WHERE s.event_id = :event
GROUP BY l.product_id
"""
FLOOR_COUNTED = """
SELECT product_id, counted, unit_price, expected_at_post, adjustment
FROM count_lines WHERE session_id = :closing_session
"""
FLOOR_PRODUCTS = """
SELECT p.id, p.sku, p.name, p.unit, p.category, p.institution_id, i.code, w.name,
       p.track_stock, p.price, p.active
FROM products p
JOIN institutions i ON i.id = p.institution_id
LEFT JOIN workshops w ON w.id = p.workshop_id
WHERE p.institution_id IN (SELECT institution_id FROM event_institutions WHERE event_id = :event)
ORDER BY i.code, p.name, p.id
"""


class VarianceFloor:
    """The report's aggregation with nothing but ``sqlite3`` (the boundaries of the event's
    two whole-event counts are known up front; the project finds them per product)."""

    def __init__(self, path: Path, db: Database, event_id: int) -> None:
        self.connection = connect(path)
        with db.read() as session:
            boundaries = dict(
                session.execute(
                    select(CountSession.kind, CountSession.posted_through_movement_id).where(
                        CountSession.event_id == event_id
                    )
                ).all()
            )
            closing_session = session.scalar(
                select(CountSession.id).where(
                    CountSession.event_id == event_id,
                    CountSession.kind == CountKind.CLOSING.value,
                )
            )
        self.params = {
            "event": event_id,
            "opening": boundaries[CountKind.OPENING.value],
            "closing": boundaries[CountKind.CLOSING.value],
            "closing_session": closing_session,
        }

    def __call__(self) -> int:
        rows = 0
        self.connection.execute("BEGIN")
        try:
            for sql in (FLOOR_LEDGER, FLOOR_SALES, FLOOR_COUNTED, FLOOR_PRODUCTS):
                rows += len(self.connection.execute(sql, self.params).fetchall())
        finally:
            self.connection.execute("COMMIT")
        return rows

    def close(self) -> None:
        self.connection.close()


# --- timing --------------------------------------------------------------------------------------


def run_variance_bench(
    products: int = 5000, sale_lines: int = 200_000, repeat: int = 3, *, seed: int = 62
) -> dict[str, Any]:
    """Build the event in a temporary folder and time the report against its floor.

    Returns plain figures (seconds): ``report_s`` / ``floor_s`` (best of ``repeat``),
    ``ratio``, ``target_s``, ``met``, every timing in ``report_times_s`` / ``floor_times_s``,
    the build facts, and what the report said (lines, totals) as a sanity check.
    """
    folder = Path(tempfile.mkdtemp(prefix="variance-bench-"))
    try:
        db, event_id, facts = build_event(folder / "till", products, sale_lines, seed=seed)
        with closing(sqlite3.connect(database_path(folder / "till"))) as raw:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        floor = VarianceFloor(database_path(folder / "till"), db, event_id)
        try:
            report = variance_report(db, None, event_id)
            times = best_of(
                {"report": lambda: variance_report(db, None, event_id), "floor": floor}, repeat
            )
        finally:
            floor.close()
            db.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    best_report, best_floor = min(times["report"]), min(times["floor"])
    sold = sum(line.sold for line in report.lines)
    return {
        **facts,
        "repeat": repeat,
        "report_s": best_report,
        "floor_s": best_floor,
        "ratio": best_report / best_floor if best_floor else None,
        "target_s": TARGET_S,
        "met": best_report <= TARGET_S,
        "report_times_s": times["report"],
        "floor_times_s": times["floor"],
        "report_lines": len(report.lines),
        "report_sold_units": sold,
        "report_sales_value": report.totals.sales_value,
        "report_variance": report.totals.variance,
        "report_variance_value": report.totals.variance_value,
        "report_uncounted": report.totals.uncounted,
        "note": NOTE.format(
            products=facts["products"],
            sale_lines=sale_lines,
            movements=facts["ledger_rows"],
            repeat=repeat,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--sale-lines", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=62)
    args = parser.parse_args(argv)
    if min(args.products, args.sale_lines, args.repeat) < 1:
        parser.error("--products, --sale-lines and --repeat must be at least 1")
    result = run_variance_bench(args.products, args.sale_lines, args.repeat, seed=args.seed)
    print(
        f"built {result['products']:,} products, {result['sale_lines']:,} sale lines, "
        f"{result['ledger_rows']:,} ledger rows in {result['build_s']:.1f} s"
    )
    print(
        f"report: {result['report_lines']:,} lines, {result['report_sold_units']:,} units sold, "
        f"takings {result['report_sales_value']:,}, variance {result['report_variance']:,} "
        f"units / {result['report_variance_value']:,} Rp, {result['report_uncounted']} uncounted"
    )
    print(
        f"variance_report  {result['report_s'] * 1000:8.1f} ms  (best of {result['repeat']}: "
        + ", ".join(f"{t * 1000:.0f}" for t in result["report_times_s"])
        + ")"
    )
    print(
        f"raw sqlite3 floor {result['floor_s'] * 1000:7.1f} ms  (best of {result['repeat']}: "
        + ", ".join(f"{t * 1000:.0f}" for t in result["floor_times_s"])
        + ")"
    )
    ratio = result["ratio"]
    print(
        f"ratio {ratio:.2f}×; target ≤ {TARGET_S:.0f} s: {'met' if result['met'] else 'NOT met'}"
        if ratio is not None
        else "ratio n/a"
    )
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
