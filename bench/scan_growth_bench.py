#!/usr/bin/env python
"""A scan costs the same at any ledger size: scan → line in the cart, as the ledger grows.

Two catalogues (the 30-product demo catalogue and 100,000 products, ``add_demo_products``),
each grown to 10,000, 100,000 and 1,000,000 sale lines (``bench/sales_data.py``, the demo's
sales written in bulk; every tracked line is a ledger movement). At each size, interleaved:

- **scan → cart**: ``find_by_code`` (the service: product, institution, workshop, stock on
  hand) and the sale screen's Qt cart model adding the line (``CartModel.add_product``);
- **find_by_code** alone;
- **floor**: bare ``sqlite3`` doing the same lookup (the product by barcode, its institution
  and workshop, its stock balance by primary key) on the same file;
- **ledger sum** (before balances, for the record): bare ``sqlite3`` summing the product's
  ledger as the lookup did before (fewer repetitions: it grows with the ledger).

p50/p95 of ``--repeat`` scans after warm-up, and the growth exponent (the log-log slope of
time against sale lines) between sizes. Targets: ≤ 1 ms p95 for scan → cart at 100k products
and 1M lines, exponent ≤ 0.1.

At 100k products and 1M lines: the products screen's first page (``ProductsScreen.reload``,
painted) and a filter change (institution, category, search text, back to all), against bare
``sqlite3`` reading the same first page. Targets: ≤ 200 ms and ≤ 100 ms.

At 100k products: what the balance trigger adds to a 5-line ``commit_sale`` (the same sales on
two copies of one database, one without the triggers, interleaved), and to the five movement
inserts alone in bare ``sqlite3`` (no fsync, so the trigger is not lost in the disk's noise).

The grown bazaars are bench/grown.py's, shared with the other growth benches (built once
per schema, generator, seed and size; a run works on its own copies).

    QT_QPA_PLATFORM=offscreen python bench/scan_growth_bench.py [--quick] [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import math
import os
import random
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till, open_till
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bench import grown
from bench.floors import LOOKUP_SQL, connect, copy_database
from bench.grown import run_copy
from bench.timing import Sample

ROOT = Path(__file__).resolve().parent.parent
SCAN_TARGET_MS = 1.0  # p95, 100k products, 1M lines
EXPONENT_TARGET = 0.1
FIRST_PAGE_TARGET_MS = 200.0
FILTER_TARGET_MS = 100.0
CART_SIZE = 10  # lines per cart before it is paid (cleared, untimed)

# The lookup as it was before balances: the sum of the product's whole ledger.
LEDGER_SUM_SQL = """
SELECT p.id, p.sku, p.barcode, p.name, p.unit, p.price, p.category, i.code, w.name,
       p.track_stock,
       (SELECT coalesce(sum(m.quantity), 0) FROM stock_movements m WHERE m.product_id = p.id)
FROM products p
JOIN institutions i ON i.id = p.institution_id
LEFT JOIN workshops w ON w.id = p.workshop_id
WHERE p.barcode = ? AND p.active = 1
"""
# The products screen's first page as bare sqlite3 reads it: the same columns, joins, order
# and limit (balances by primary key; history as index probes).
FIRST_PAGE_SQL = """
SELECT p.id, p.sku, p.barcode, p.name, p.unit, p.price, p.category, p.institution_id, i.code,
       p.workshop_id, w.name, p.track_stock, p.active, coalesce(b.quantity, 0),
       b.product_id IS NOT NULL
       OR EXISTS (SELECT 1 FROM sale_lines s WHERE s.product_id = p.id)
       OR EXISTS (SELECT 1 FROM count_lines c WHERE c.product_id = p.id)
FROM products p
JOIN institutions i ON i.id = p.institution_id
LEFT JOIN workshops w ON w.id = p.workshop_id
LEFT JOIN stock_balances b ON b.product_id = p.id
WHERE p.active = 1 {where}
ORDER BY p.name, p.id LIMIT 1001
"""


@dataclass
class Row:
    catalogue: str
    lines: int
    ledger_rows: int
    scan: dict[str, float]  # p50/p95 of scan → cart
    service: dict[str, float]  # find_by_code alone
    floor: dict[str, float]
    ledger_sum: dict[str, float]


@dataclass
class Results:
    started_at: str
    args: dict[str, Any]
    machine: dict[str, str]
    rows: list[Row] = field(default_factory=list)
    screen: dict[str, dict[str, float]] = field(default_factory=dict)
    commit: dict[str, float] = field(default_factory=dict)
    build_s: dict[str, float] = field(default_factory=dict)
    total_s: float = 0.0


def _p(sample: Sample) -> dict[str, float]:
    return {"p50": sample.median, "p95": sample.quantile(0.95), "n": float(sample.n)}


def _ms(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    """The log-log slope: time ∝ lines^exponent between two sizes."""
    return math.log(t2 / t1) / math.log(n2 / n1)


# --- the bazaars ------------------------------------------------------------------------------


def open_sizes(products: int, sizes: Sequence[int], work: Path) -> dict[int, Till]:
    """A till per size: this run's copy of the grown bazaar (bench/grown.py), opened."""
    return {
        size: open_till(run_copy(products, size, work)[0], anonymous_setup=True) for size in sizes
    }


def ledger_rows(till: Till) -> int:
    with closing(sqlite3.connect(till.data_dir / "bazaar.sqlite3")) as raw:
        return int(raw.execute("SELECT count(*) FROM stock_movements").fetchone()[0])


# --- scans -------------------------------------------------------------------------------------


def _timed(call: Callable[[], object]) -> float:
    began = time.perf_counter_ns()
    call()
    return (time.perf_counter_ns() - began) / 1e6


def bench_scans(
    tills: dict[int, Till], catalogue: str, repeat: int, warmup: int, rng: random.Random
) -> list[Row]:
    """Every size of one catalogue interleaved scan by scan (sizes and cases in rotating
    order), so the machine's drift touches each size alike."""
    from bazaar_pos.ui.till.cart_model import CartModel

    any_till = next(iter(tills.values()))
    with closing(sqlite3.connect(any_till.data_dir / "bazaar.sqlite3")) as raw:
        barcodes = [
            str(code)
            for (code,) in raw.execute(
                "SELECT barcode FROM products WHERE barcode IS NOT NULL AND active = 1"
            )
        ]
    codes = rng.choices(barcodes, k=warmup + repeat)
    floors = {size: connect(till.data_dir / "bazaar.sqlite3") for size, till in tills.items()}
    carts = {size: CartModel() for size in tills}

    def cases(size: int) -> dict[str, Callable[[int], None]]:
        db, floor, cart = tills[size].db, floors[size], carts[size]

        def scan(i: int) -> None:
            cart.add_product(find_by_code(db, codes[i]), 1)

        def service(i: int) -> None:
            find_by_code(db, codes[i])

        def bare(i: int) -> None:
            if floor.execute(LOOKUP_SQL, (codes[i],)).fetchone() is None:
                raise LookupError(codes[i])

        return {"scan": scan, "service": service, "floor": bare}

    def old(size: int, i: int) -> None:
        floors[size].execute(LEDGER_SUM_SQL, (codes[i],)).fetchone()

    by_size = {size: cases(size) for size in tills}
    for size, till in tills.items():  # the floor finds what the project finds
        for i in range(50):
            info = find_by_code(till.db, codes[i])
            row = floors[size].execute(LOOKUP_SQL, (codes[i],)).fetchone()
            on_hand = row[10] if row[9] else None  # café drinks: no stock
            assert (row[0], row[1], on_hand) == (info.id, info.sku, info.on_hand), (row, info)
            assert floors[size].execute(LEDGER_SUM_SQL, (codes[i],)).fetchone()[10] == row[10]

    names = ["scan", "service", "floor"]
    sizes = list(tills)
    times = {size: {name: [] for name in [*names, "ledger_sum"]} for size in sizes}
    # The ledger sum grows with the ledger (tens of ms a scan at 1M lines on the demo
    # catalogue): one scan in ten, still hundreds of them.
    old_every = 10

    def paid(size: int) -> None:
        if carts[size].rowCount() >= CART_SIZE:
            carts[size].clear()  # the sale is paid: a new cart (untimed)

    for i in range(warmup):
        for size in sizes:
            for name in names:
                by_size[size][name](i)
            paid(size)
    # The collector stays on: its pauses for the garbage a scan leaves are the till's too.
    gc.collect()
    try:
        for i in range(warmup, warmup + repeat):
            turn = i % len(sizes)
            for size in sizes[turn:] + sizes[:turn]:
                turn_case = i % len(names)
                for name in names[turn_case:] + names[:turn_case]:
                    call = by_size[size][name]
                    times[size][name].append(_timed(lambda call=call, i=i: call(i)))
                if i % old_every == 0:
                    times[size]["ledger_sum"].append(_timed(lambda s=size, i=i: old(s, i)))
                paid(size)
    finally:
        for floor in floors.values():
            floor.close()
    rows = []
    for size, till in tills.items():
        samples = {name: Sample(tuple(values)) for name, values in times[size].items()}
        rows.append(
            Row(
                catalogue,
                size,
                ledger_rows(till),
                _p(samples["scan"]),
                _p(samples["service"]),
                _p(samples["floor"]),
                _p(samples["ledger_sum"]),
            )
        )
    return rows


# --- the products screen -----------------------------------------------------------------------

# (what the user does, the floor's WHERE and its parameters), one after the other as a user
# narrows the list down and widens it again; each step is one filter change (one reload).
SCREEN_INSTITUTION = "BLA"
SCREEN_CATEGORY = "Kerajinan kayu"
SCREEN_TEXT = "motif 12"
_LIKE = f"%{SCREEN_TEXT}%"
_TEXT_WHERE = "AND (lower(p.name) LIKE ? OR lower(p.sku) LIKE ? OR p.barcode LIKE ?)"
SCREEN_STEPS = (
    ("first page", "", ()),
    ("institution chosen", "AND p.institution_id = ?", ("institution",)),
    ("category chosen", "AND p.institution_id = ? AND p.category = ?", ("institution", "category")),
    (
        "search typed",
        f"AND p.institution_id = ? AND p.category = ? {_TEXT_WHERE}",
        ("institution", "category", _LIKE, _LIKE, _LIKE),
    ),
    ("search cleared", "AND p.institution_id = ? AND p.category = ?", ("institution", "category")),
    ("category back to all", "AND p.institution_id = ?", ("institution",)),
    ("institution back to all", "", ()),
)


def bench_products_screen(till: Till, rounds: int) -> dict[str, dict[str, float]]:
    """Each step of :data:`SCREEN_STEPS` through the screen's own widgets, painted, against
    bare sqlite3 reading the same first page."""
    from PySide6.QtWidgets import QApplication

    from bazaar_pos.catalog.search import prepare_listing
    from bazaar_pos.ui.catalog.products_screen import ProductsScreen

    app = QApplication.instance()
    assert app is not None
    db_file = till.data_dir / "bazaar.sqlite3"
    with closing(sqlite3.connect(db_file)) as raw:
        institution_id = raw.execute(
            "SELECT id FROM institutions WHERE code = ?", (SCREEN_INSTITUTION,)
        ).fetchone()[0]
    values = {"institution": institution_id, "category": SCREEN_CATEGORY}
    screen = ProductsScreen(till, load_settings(till.db))
    screen.resize(1200, 700)
    screen.show()
    app.processEvents()
    # The text filter's index, which the screen builds on a worker half a second after it
    # shows (the steps below run faster than that, and would all find the SQL filter).
    prepare_listing(till.db)
    institution_index = screen.institution_combo.findData(institution_id)
    category_index = screen.category_combo.findData(SCREEN_CATEGORY)

    def search(text: str) -> None:
        screen.search_edit.setText(text)  # starts the typing delay …
        screen.reload()  # … whose end reads the list

    steps: dict[str, Callable[[], None]] = {
        "first page": screen.reload,
        "institution chosen": lambda: screen.institution_combo.setCurrentIndex(institution_index),
        "category chosen": lambda: screen.category_combo.setCurrentIndex(category_index),
        "search typed": lambda: search(SCREEN_TEXT),
        "search cleared": lambda: search(""),
        "category back to all": lambda: screen.category_combo.setCurrentIndex(0),
        "institution back to all": lambda: screen.institution_combo.setCurrentIndex(0),
    }
    floor = connect(db_file)
    project: dict[str, list[float]] = {name: [] for name, _w, _p in SCREEN_STEPS}
    bare: dict[str, list[float]] = {name: [] for name, _w, _p in SCREEN_STEPS}
    rows: dict[str, int] = {}
    for _ in range(rounds):
        for name, where, names in SCREEN_STEPS:
            step = steps[name]
            project[name].append(_timed(lambda step=step: (step(), app.processEvents())))
            rows[name] = screen.model.rowCount()
            sql = FIRST_PAGE_SQL.format(where=where)
            params = tuple(values.get(str(n), n) for n in names)
            found: list[Any] = []
            bare[name].append(
                _timed(
                    lambda sql=sql, params=params, found=found: found.extend(
                        floor.execute(sql, params)
                    )
                )
            )
            assert len(found) == min(rows[name], 1000) + (len(found) > 1000), (name, len(found))
    figures = {
        name: {
            "p50": statistics.median(project[name]),
            "max": max(project[name]),
            "floor_p50": statistics.median(bare[name]),
            "rows": float(rows[name]),
        }
        for name, _w, _p in SCREEN_STEPS
    }
    figures[WHOLE_LIST_STEP] = _whole_list(screen, floor, rounds)
    floor.close()
    screen.close()
    return figures


WHOLE_LIST_STEP = "Ctrl+A: the whole list read (on a worker) and selected"
TICK_MS = 5


def _whole_list(screen: Any, floor: sqlite3.Connection, rounds: int) -> dict[str, float]:
    """Ctrl+A from the first page until every row is read and selected, the event loop
    running meanwhile; a 5 ms timer on the GUI thread says how long it ever waited (the
    window's longest freeze). Floor: bare sqlite3 reading the same whole list."""
    from PySide6.QtCore import QEventLoop, QTimer

    from bench.gui_stall import StallProbe

    took: list[float] = []
    stalls: list[float] = []
    bare: list[float] = []
    whole_sql = FIRST_PAGE_SQL.format(where="").replace("LIMIT 1001", "")
    for _ in range(rounds):
        screen.reload()
        probe = StallProbe(TICK_MS)
        loop = QEventLoop()
        done: list[float] = []

        def check(done: list[float] = done, loop: QEventLoop = loop) -> None:
            model = screen.model
            if model.is_complete and len(screen.selected_rows()) == model.rowCount():
                done.append(time.perf_counter())
                QTimer.singleShot(100, loop.quit)  # a freeze at the very end is seen too
            else:
                QTimer.singleShot(TICK_MS, check)

        probe.start()
        began = time.perf_counter()
        screen.select_all()
        check()
        QTimer.singleShot(120_000, loop.quit)
        loop.exec()
        probe.stop()
        if not done:
            raise SystemExit("Ctrl+A never selected the whole list")
        took.append((done[0] - began) * 1000)
        stalls.append(probe.longest_ms)
        found: list[Any] = []
        bare.append(_timed(lambda found=found: found.extend(floor.execute(whole_sql))))
    return {
        "p50": statistics.median(took),
        "max": max(took),
        "floor_p50": statistics.median(bare),
        "rows": float(screen.model.rowCount()),
        "stall_p50": statistics.median(stalls),
        "stall_max": max(stalls),
    }


# --- what the trigger costs a sale -------------------------------------------------------------

SALE_LINES = 5


def _without_balance_triggers(path: Path) -> None:
    with closing(sqlite3.connect(path)) as raw:
        for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stock_balance_%'"
        ).fetchall():
            raw.execute(f'DROP TRIGGER "{name}"')
        raw.commit()


def bench_commit_cost(till: Till, work: Path, repeat: int, rng: random.Random) -> dict[str, float]:
    """The same 5-line sales on two copies of ``till``'s database, with and without the
    balance triggers, interleaved; then the five movement inserts alone in bare sqlite3."""
    source = till.data_dir / "bazaar.sqlite3"
    folders = {"with": work / "with", "without": work / "without"}
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)
        copy_database(source, folder / "bazaar.sqlite3")
    _without_balance_triggers(folders["without"] / "bazaar.sqlite3")
    tills = {name: open_till(folder, anonymous_setup=True) for name, folder in folders.items()}
    settings = load_settings(till.db)
    with closing(sqlite3.connect(source)) as raw:
        catalog = raw.execute(
            "SELECT id, price FROM products WHERE active = 1 AND track_stock = 1"
        ).fetchall()
    warmup = 100
    carts = [
        [
            SaleLineRequest(product_id, rng.choice((1, 1, 1, 2, 3)), price)
            for product_id, price in rng.sample(catalog, SALE_LINES)
        ]
        for _ in range(warmup + repeat)
    ]

    def sale(name: str, i: int) -> None:
        commit_sale(
            tills[name].db,
            carts[i],
            PaymentRequest("cash"),
            cashier="Bench",
            till_code=settings.till_code,
            event_id=settings.current_event_id,
        )

    times: dict[str, list[float]] = {"with": [], "without": []}
    for i in range(warmup):
        for name in times:
            sale(name, i)
    # Sale by sale, the order flipped each time: each pair is the same cart a moment apart,
    # and the median of the pairs' differences is what the triggers add (the disk's fsync
    # varies more than that from one commit to the next).
    for i in range(warmup, warmup + repeat):
        for name in ("with", "without") if i % 2 else ("without", "with"):
            times[name].append(_timed(lambda name=name, i=i: sale(name, i)))
    paired = [a - b for a, b in zip(times["with"], times["without"], strict=True)]
    for other in tills.values():
        other.db.dispose()

    # The movements alone, bare sqlite3, no fsync: what the trigger adds to the writes.
    inserts: dict[str, list[float]] = {"with": [], "without": []}
    connections = {name: connect(folder / "bazaar.sqlite3") for name, folder in folders.items()}
    insert = (
        "INSERT INTO stock_movements (uuid, product_id, event_id, kind, quantity, created_at, "
        "note, recorded_by) VALUES (?, ?, NULL, 'sale', ?, '2026-04-10 01:00:00', '', '')"
    )
    for connection in connections.values():
        connection.execute("PRAGMA synchronous=OFF")
    for i in range(warmup + repeat):
        for name, connection in connections.items():
            rows = [
                (f"bench-{name}-{i}-{n}", line.product_id, -line.quantity)
                for n, line in enumerate(carts[i])
            ]

            def write(connection: sqlite3.Connection = connection, rows: Any = rows) -> None:
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(insert, rows)
                connection.execute("COMMIT")

            took = _timed(write)
            if i >= warmup:
                inserts[name].append(took)
    for connection in connections.values():
        connection.close()
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "commit_with_p50": statistics.median(times["with"]),
        "commit_without_p50": statistics.median(times["without"]),
        "commit_paired_difference_p50": statistics.median(paired),
        "inserts_with_p50": statistics.median(inserts["with"]),
        "inserts_without_p50": statistics.median(inserts["without"]),
        "n": float(repeat),
    }


# --- report ------------------------------------------------------------------------------------


def render(results: Results) -> str:
    out = [
        "# Scan growth: scan → cart line as the ledger grows",
        "",
        f"Run {results.started_at}; whole run {results.total_s:.0f} s. "
        f"Options: {', '.join(f'{k}={v}' for k, v in results.args.items())}.",
        "",
        *(f"- {key}: {value}" for key, value in results.machine.items()),
        *(f"- building {key}: {value:.1f} s" for key, value in results.build_s.items()),
        "",
        "| catalogue | sale lines | ledger rows | scan → cart p50 / p95 | find_by_code p50 / p95 "
        "| floor p50 / p95 | ratio p95 | ledger sum (before) p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results.rows:
        ratio = row.scan["p95"] / row.floor["p95"]
        out.append(
            f"| {row.catalogue} | {row.lines:,} | {row.ledger_rows:,} "
            f"| {_ms(row.scan['p50'])} / {_ms(row.scan['p95'])} ms "
            f"| {_ms(row.service['p50'])} / {_ms(row.service['p95'])} ms "
            f"| {_ms(row.floor['p50'])} / {_ms(row.floor['p95'])} ms | {ratio:.1f}× "
            f"| {_ms(row.ledger_sum['p50'])} ms |"
        )
    out += [
        "",
        f"Growth exponent (log-log slope of time against sale lines; target ≤ {EXPONENT_TARGET}):",
        "",
        "| catalogue | from → to | scan → cart p50 | scan → cart p95 | floor p50 "
        "| ledger sum (before) p50 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for catalogue in dict.fromkeys(row.catalogue for row in results.rows):
        rows = [row for row in results.rows if row.catalogue == catalogue]
        pairs = list(itertools.pairwise(rows))
        if len(rows) > 2:
            pairs.append((rows[0], rows[-1]))
        for a, b in pairs:
            out.append(
                f"| {catalogue} | {a.lines:,} → {b.lines:,} "
                f"| {exponent(a.scan['p50'], b.scan['p50'], a.lines, b.lines):+.3f} "
                f"| {exponent(a.scan['p95'], b.scan['p95'], a.lines, b.lines):+.3f} "
                f"| {exponent(a.floor['p50'], b.floor['p50'], a.lines, b.lines):+.3f} "
                f"| {exponent(a.ledger_sum['p50'], b.ledger_sum['p50'], a.lines, b.lines):+.3f} |"
            )
    if results.screen:
        out += [
            "",
            "Products screen at the biggest size (painted; floor: bare sqlite3 reading the "
            f"same first page; targets: first page ≤ {FIRST_PAGE_TARGET_MS:.0f} ms, a filter "
            f"change ≤ {FILTER_TARGET_MS:.0f} ms):",
            "",
            "| step | rows shown | p50 | max | floor p50 | ratio |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, figures in results.screen.items():
            out.append(
                f"| {name} | {figures['rows']:,.0f} | {_ms(figures['p50'])} ms "
                f"| {_ms(figures['max'])} ms | {_ms(figures['floor_p50'])} ms "
                f"| {figures['p50'] / figures['floor_p50']:.1f}× |"
            )
        whole = results.screen.get(WHOLE_LIST_STEP)
        if whole is not None:
            out += [
                "",
                f"During Ctrl+A the GUI thread's longest wait (a {TICK_MS} ms timer) was "
                f"{_ms(whole['stall_p50'])} ms (p50 of the rounds), at most "
                f"{_ms(whole['stall_max'])} ms; the floor reads the same whole list in bare "
                "sqlite3.",
            ]
    if results.commit:
        c = results.commit
        out += [
            "",
            f"The balance trigger's cost (100k products, {c['n']:.0f} sales each, interleaved):",
            "",
            f"- 5-line `commit_sale`: {_ms(c['commit_with_p50'])} ms with the triggers, "
            f"{_ms(c['commit_without_p50'])} ms without; median of the paired differences "
            f"{c['commit_paired_difference_p50'] * 1000:+.0f} µs",
            f"- the 5 movement inserts alone (bare sqlite3, no fsync): "
            f"{_ms(c['inserts_with_p50'])} ms with, {_ms(c['inserts_without_p50'])} ms without: "
            f"{(c['inserts_with_p50'] - c['inserts_without_p50']) * 1000:+.0f} µs",
        ]
    return "\n".join(out) + "\n"


def run(
    *,
    lines: Sequence[int],
    big: int,
    repeat: int,
    screen_rounds: int,
    commit_repeat: int,
    seed: int,
    work: Path,
) -> Results:
    """Every size of ``lines`` on the demo catalogue and on ``big`` products, the products
    screen and the trigger's cost; the bazaars are this run's copies under ``work`` (shared
    with the other growth benches)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from bench.run_bench import machine_facts

    began = time.perf_counter()
    app = QApplication.instance() or QApplication([])
    sizes = list(lines)
    results = Results(
        started_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        args={"sizes": sizes, "products": big, "repeat": repeat},
        machine=machine_facts(),
    )
    rng = random.Random(seed)
    for catalogue, products in (("demo (30)", grown.DEMO), (f"{big:,} products", big)):
        building = time.perf_counter()
        tills = open_sizes(products, sizes, work)
        results.build_s[f"{catalogue} (copies; the first time also the build)"] = (
            time.perf_counter() - building
        )
        rows = bench_scans(tills, catalogue, repeat, max(100, repeat // 10), rng)
        results.rows += rows
        for row in rows:
            print(
                f"{catalogue}, {row.lines:,} lines: scan→cart p50/p95 {row.scan['p50']:.3f}/"
                f"{row.scan['p95']:.3f} ms, floor p95 {row.floor['p95']:.3f} ms, ledger sum p50 "
                f"{row.ledger_sum['p50']:.3f} ms (load {os.getloadavg()[0]:.2f})",
                flush=True,
            )
        if products:
            results.commit = bench_commit_cost(
                tills[sizes[0]], work / "trigger-cost", commit_repeat, rng
            )
            print(f"commit: {results.commit}", flush=True)
            results.screen = bench_products_screen(tills[sizes[-1]], screen_rounds)
            print(f"screen: {results.screen}", flush=True)
        for till in tills.values():
            till.db.dispose()
    del app
    results.machine["load average at end"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    results.total_s = time.perf_counter() - began
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000, help="timed scans per size")
    parser.add_argument("--screen-rounds", type=int, default=5)
    parser.add_argument("--commit-repeat", type=int, default=400)
    parser.add_argument("--seed", type=int, default=62)
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "scan_growth")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    try:
        results = run(
            lines=grown.QUICK_LINES if args.quick else grown.LINES,
            big=grown.QUICK_BIG if args.quick else grown.BIG,
            repeat=min(args.repeat, 300) if args.quick else args.repeat,
            screen_rounds=args.screen_rounds,
            commit_repeat=args.commit_repeat,
            seed=args.seed,
            work=out / "data",
        )
    finally:
        shutil.rmtree(out / "data", ignore_errors=True)
    text = render(results)
    (out / "results.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps(
            {**results.__dict__, "rows": [row.__dict__ for row in results.rows]},
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
