"""A whole bazaar for the reports benchmarks, written in bulk and kept under ``bench/out/``.

A fresh till (``open_till`` with the demo event: three Rutan, ~30 products), grown to
``products`` with ``add_demo_products`` (the generator ``bench/run_bench.py`` uses), then:

1. an opening count of the whole event, posted through the count service;
2. ``sale_lines`` lines of the demo's sales (``plan_sales``, written by
   ``bench/sales_data.py`` as ``commit_sale`` would write them), over three days from 09.00
   to 18.00 WITA, rung up by four cashiers in turn;
3. one sale in :data:`REFUND_EVERY` has its first line refunded whole, as ``refund_sale``
   writes it (the refund, its line, the ``refund`` movement of a tracked product), by cash or
   by the sale's own method in turn;
4. some damage, then a closing count of the whole event, posted, with a few products short
   and a few left uncounted.

The counts go through the services (their sheets need the ledger's figures); the sales and
refunds are written in one transaction per chunk instead of one fsync'd transaction each.
``bench/grown.py`` keeps what this builds, per schema, generator version, seed and size, for
every growth benchmark.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sqlite3
import time
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from bazaar_pos.db import Database
from bazaar_pos.db.journal import own_till_id
from bazaar_pos.db.models import (
    CountKind,
    MovementKind,
    Product,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    StockMovement,
)
from bazaar_pos.demo.goods import add_demo_products
from bazaar_pos.demo.sales import plan_sales, sale_catalog
from bazaar_pos.paths import database_path
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import open_till
from bazaar_pos.till.refunds import format_refund_no
from bench.sales_data import write_planned_sales
from bench.variance_bench import count_and_post, write_movements

OUT = Path(__file__).resolve().parent / "out" / "reports-growth"
TILL_CODE = "BPN1"
WITA = ZoneInfo("Asia/Makassar")
FIRST_DAY = dt.datetime(2026, 4, 27, 9, 0, tzinfo=WITA)
DAYS = 3
OPEN_HOURS = 9  # 09.00 to 18.00
CASHIERS = ("Siti Rahmawati", "Budi Santoso", "Ani Lestari", "Yusuf Hidayat")
CHUNK = 20_000  # sales per transaction: bounded memory for a million lines
REFUND_EVERY = 97


def _write_sales(db: Database, event_id: int, sale_lines: int, seed: int) -> int:
    """The plan's sales, a third on each day, spread evenly over the opening hours."""
    plan = plan_sales(sale_catalog(db), seed=seed, lines=sale_lines)
    movements = 0
    chunk_no = 0
    for day in range(DAYS):
        day_plan = plan[len(plan) * day // DAYS : len(plan) * (day + 1) // DAYS]
        if not day_plan:
            continue
        spacing = dt.timedelta(hours=OPEN_HOURS) / len(day_plan)
        opens = FIRST_DAY + dt.timedelta(days=day)
        for start in range(0, len(day_plan), CHUNK):
            # write_planned_sales puts its n-th sale (from 1) at started + n x spacing.
            movements += write_planned_sales(
                db,
                day_plan[start : start + CHUNK],
                till_code=TILL_CODE,
                event_id=event_id,
                cashier=CASHIERS[chunk_no % len(CASHIERS)],
                started=opens + (start - 1) * spacing,
                spacing=spacing,
            )
            chunk_no += 1
    return movements


def _write_refunds(db: Database) -> int:
    """Refund the first line of one sale in REFUND_EVERY, whole, an hour after the sale."""
    with db.write() as session:
        connection = session.connection()
        device = own_till_id(session)
        tracked = set(connection.scalars(select(Product.id).where(Product.track_stock.is_(True))))
        rows = connection.execute(
            select(
                Sale.id,
                Sale.receipt_no,
                Sale.created_at,
                Sale.cashier,
                SaleLine.id,
                SaleLine.product_id,
                SaleLine.quantity,
                SaleLine.line_total,
                Sale.event_id,
            )
            .join(SaleLine, SaleLine.sale_id == Sale.id)
            .where(Sale.id % REFUND_EVERY == 0, SaleLine.line_no == 1)
            .order_by(Sale.id)
        ).all()
        first_refund = (connection.scalar(select(func.max(Refund.id))) or 0) + 1
        first_line = (connection.scalar(select(func.max(RefundLine.id))) or 0) + 1
        refunds: list[dict[str, Any]] = []
        lines: list[dict[str, Any]] = []
        movements: list[dict[str, Any]] = []
        methods = ("cash", "qris", "transfer")
        for number, row in enumerate(rows, start=1):
            sale_id, receipt_no, at, cashier, line_id, product_id, qty, total, event_id = row
            refund_id, refund_line_id = first_refund + number - 1, first_line + number - 1
            refund_no = format_refund_no(TILL_CODE, number)
            refunds.append(
                {
                    "id": refund_id,
                    "uuid": str(uuid.uuid4()),
                    "request_key": str(uuid.uuid4()),
                    "till_code": TILL_CODE,
                    "till_id": device,
                    "number": number,
                    "refund_no": refund_no,
                    "sale_id": sale_id,
                    "created_at": at + dt.timedelta(hours=1),
                    "cashier": cashier,
                    "method": methods[number % len(methods)],
                    "amount": total,
                    "reason": "rusak",
                }
            )
            lines.append(
                {
                    "id": refund_line_id,
                    "uuid": str(uuid.uuid4()),
                    "refund_id": refund_id,
                    "sale_line_id": line_id,
                    "quantity": qty,
                    "amount": total,
                }
            )
            if product_id in tracked:
                movements.append(
                    {
                        "uuid": str(uuid.uuid4()),
                        "product_id": product_id,
                        "event_id": event_id,
                        "kind": MovementKind.REFUND.value,
                        "quantity": qty,
                        "created_at": at + dt.timedelta(hours=1),
                        "note": f"{refund_no} / {receipt_no}",
                        "refund_line_id": refund_line_id,
                    }
                )
        for model, values in ((Refund, refunds), (RefundLine, lines), (StockMovement, movements)):
            if values:
                connection.execute(insert(model), values)
    return len(refunds)


def build_till(folder: Path, products: int, sale_lines: int, seed: int) -> dict[str, Any]:
    """Build the bazaar in ``folder`` (emptied first); returns its facts."""
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(seed)
    began = time.perf_counter()
    till = open_till(folder, seed_demo=True, anonymous_setup=True)
    db = till.db
    try:
        with db.read() as session:
            existing = int(session.scalar(select(func.count()).select_from(Product)) or 0)
        add_demo_products(db, max(0, products - existing))
        event_id = load_settings(db).current_event_id
        assert event_id is not None
        with db.read() as session:
            tracked = list(session.scalars(select(Product.id).where(Product.track_stock.is_(True))))
        count_and_post(db, event_id, CountKind.OPENING, rng, short=0.02, skip=0.0)
        movements = _write_sales(db, event_id, sale_lines, seed)
        refunds = _write_refunds(db)
        write_movements(
            db,
            event_id,
            MovementKind.DAMAGE,
            {pid: -rng.randint(1, 2) for pid in rng.sample(tracked, max(1, len(tracked) // 50))},
            "rusak",
        )
        count_and_post(db, event_id, CountKind.CLOSING, rng, short=0.05, skip=0.01)
        with db.read() as session:
            sales = int(session.scalar(select(func.count()).select_from(Sale)) or 0)
            all_products = int(session.scalar(select(func.count()).select_from(Product)) or 0)
    finally:
        db.dispose()
    path = database_path(folder)
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    facts = {
        "products": all_products,
        "sale_lines": sale_lines,
        "sales": sales,
        "sale_movements": movements,
        "refunds": refunds,
        "event_id": event_id,
        "seed": seed,
        "build_s": time.perf_counter() - began,
        "database_bytes": path.stat().st_size,
    }
    (folder / "facts.json").write_text(json.dumps(facts, indent=2))
    return facts
