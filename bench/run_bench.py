#!/usr/bin/env python
"""Bazaar POS benchmark: the project's figures beside bare-library floors, in one run.

Builds a fresh till database (``open_till`` + ``add_demo_products``, 100k products by
default), then measures, each against a floor measured in the same run:

1. barcode lookup (``catalog.find_by_code``) vs one raw ``sqlite3`` query;
2. a 5-line cash sale (``sales.commit_sale``) vs the same writes in raw ``sqlite3``;
3. an 80 mm receipt PDF (``receipts.render_receipt_pdf``) vs a bare ReportLab canvas;
4. cold start of ``python -m bazaar_pos --exit-when-ready`` vs a bare Qt window (time and
   peak memory), and the first sale after start vs the tenth (bench/first_sale_bench.py);
5. a catalog CSV import of ``--products`` new rows (``catalog_csv.apply_catalog_import``) into
   a fresh till vs ``csv`` + one ``sqlite3`` executemany (bench/catalog_import_bench.py).
6. the variance report of an event with 5,000 products and 200,000 sale lines vs the same
   aggregation in raw ``sqlite3`` (bench/variance_bench.py).
7. the end-of-event report PDF of an event with 500 products vs a bare ReportLab canvas
   drawing the same table cells (bench/event_report_bench.py).
8. a full export (sync) of a till with 200,000 sale lines vs raw ``sqlite3`` running the same
   SELECTs into ``csv.writer`` (bench/sync_bench.py).
9. the merge of 10 tills' exports of 20,000 sale lines each into an empty database vs ``csv``
   + ``sqlite3`` executemany of the same rows without any checks (bench/sync_merge_bench.py).
10. the tamper-evident journal: ``verify`` (a full walk) and the start-up check over a till of
   100,000 chained sales (bench/journal_bench.py has the sale commit with and without the
   chain, more sizes and the tampering detection rate).
11. the products screen's memory at 100,000 products, its whole list read, above a bare
   PySide6 window (bench/products_screen_memory_bench.py, on the grown bazaar of 1M lines).

Then the growth table (bench/growth.py, unless ``--no-growth``): scan, search, sales report,
end-of-event, commit, export and merge at 10k / 100k / 1M sale lines (the search at 1k /
100k products), each beside its floor, with the growth exponent, on the grown bazaars of
bench/grown.py (built once per schema into bench/out/grown/: ``make bench-data``).

Figures are medians in ms of many calls after a warm-up; project and floor calls are
interleaved in blocks. Results go to stdout and to ``<out>/results.md`` and
``<out>/results.json``. ``--quick`` is a smoke run (2,000 products, few repetitions, the
growth table at 2k / 20k lines and 5,000 products).

    QT_QPA_PLATFORM=offscreen python bench/run_bench.py [--products N] [--repeat K]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db.models import Role
from bazaar_pos.demo.goods import add_demo_products
from bazaar_pos.papers.receipt import PaperSize, render_receipt_pdf
from bazaar_pos.people.access import Actor
from bazaar_pos.people.shifts import open_shift
from bazaar_pos.people.users import create_first_admin, create_user, login
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till, open_till
from bazaar_pos.till.sales import (
    PaymentRequest,
    SaleLineRequest,
    SaleResult,
    commit_sale,
    receipt_for,
)
from bench import grown
from bench.catalog_import_bench import NOTE as IMPORT_NOTE
from bench.catalog_import_bench import TARGET_RATIO as IMPORT_TARGET_RATIO
from bench.catalog_import_bench import measure_catalog_import
from bench.event_report_bench import TARGET_S as EVENT_REPORT_TARGET_S
from bench.event_report_bench import bench_event_report_pdf
from bench.first_sale_bench import measure as measure_first_sale
from bench.floors import (
    QT_FLOOR_CODE,
    CommitFloor,
    FloorLine,
    LookupFloor,
    PdfFloor,
    copy_database,
)
from bench.growth import FULL as GROWTH_FULL
from bench.growth import QUICK as GROWTH_QUICK
from bench.growth import Growth
from bench.growth import render as render_growth
from bench.growth import run as run_growth
from bench.growth import to_json as growth_json
from bench.journal_bench import bench_verify as bench_journal_verify
from bench.products_screen_memory_bench import TARGET_MB as PRODUCTS_MEMORY_TARGET_MB
from bench.products_screen_memory_bench import measure as measure_products_memory
from bench.sync_bench import TARGET_RATIO as SYNC_TARGET_RATIO
from bench.sync_bench import bench_export
from bench.sync_merge_bench import bench_merge
from bench.timing import Sample, measure_interleaved, time_once
from bench.variance_bench import TARGET_S as VARIANCE_TARGET_S
from bench.variance_bench import run_variance_bench

ROOT = Path(__file__).resolve().parent.parent
QUICK_PRODUCTS = 2_000
SALE_LINES = 5
COLD_START_TARGET_RATIO = 2.0  # × the bare PySide6 window, whole process
COLD_START_MEMORY_RATIO = 1.5  # × its peak resident memory
FIRST_SALE_TARGET_RATIO = 1.5  # the first sale's pay × the tenth's, same process
TIMEOUT_S = 120


# --- results -------------------------------------------------------------------------------


@dataclass
class Result:
    """One row of the results table."""

    name: str
    project_ms: float | None
    floor_ms: float | None
    target: str  # as printed, e.g. "≤ 3× floor"
    met: bool | None  # None: no target, or not measured
    project: dict[str, Any] = field(default_factory=dict)  # Sample.summary() and extras
    floor: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    unit: str = "ms"  # of project_ms and floor_ms: "ms", or "MB" for memory

    @property
    def ratio(self) -> float | None:
        if self.project_ms is None or not self.floor_ms:
            return None
        return self.project_ms / self.floor_ms


@dataclass
class Prototype:
    """A suggested fix measured in the same run: project, prototype and floor medians."""

    name: str
    project_ms: float
    prototype_ms: float
    floor_ms: float
    what: str


@dataclass
class Report:
    started_at: str
    args: dict[str, Any]
    machine: dict[str, str]
    build: dict[str, Any] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)
    prototypes: list[Prototype] = field(default_factory=list)
    startup_phases: dict[str, float] = field(default_factory=dict)
    total_s: float = 0.0


def _ms(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:.0f} ms"
    if value >= 1:
        return f"{value:.2f} ms"
    return f"{value:.3f} ms"


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}×"


def _amount(value: float | None, unit: str) -> str:
    if unit == "ms" or value is None:
        return _ms(value)
    return f"{value:,.0f} {unit}"


def results_table(results: list[Result]) -> str:
    lines = ["| benchmark | project | floor | ratio | target |", "|---|---:|---:|---:|---|"]
    for r in results:
        verdict = "" if r.met is None else (" — met" if r.met else " — **MISSED**")
        lines.append(
            f"| {r.name} | {_amount(r.project_ms, r.unit)} | {_amount(r.floor_ms, r.unit)} "
            f"| {_ratio(r.ratio)} "
            f"| {r.target}{verdict} |"
        )
    return "\n".join(lines)


def render_markdown(report: Report) -> str:
    out = [
        "# Bazaar POS benchmark",
        "",
        f"Run {report.started_at}; whole run {report.total_s:.1f} s. "
        f"Options: {', '.join(f'{k}={v}' for k, v in report.args.items())}.",
        "",
        "## Machine",
        "",
        "| fact | value |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in report.machine.items()),
        "",
        "## Database build",
        "",
        f"- `open_till` (create + migrate + demo event): {_ms(report.build.get('open_till_ms'))}",
        f"- `add_demo_products(db, {report.build.get('products')})`: "
        f"{report.build.get('add_demo_products_s', float('nan')):.2f} s",
        f"- database file + WAL after the build: {report.build.get('db_mb', float('nan')):.1f} MB",
        "",
        "## Results (median of many repetitions after warm-up)",
        "",
        results_table(report.results),
        "",
    ]
    notes = [f"- **{r.name}**: {r.note}" for r in report.results if r.note]
    if notes:
        out += ["Notes:", "", *notes, ""]
    if report.prototypes:
        out += [
            "## Prototyped fixes (measured in the same run)",
            "",
            "| benchmark | project | prototype | floor | prototype ratio | speed-up |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for p in report.prototypes:
            out.append(
                f"| {p.name} | {_ms(p.project_ms)} | {_ms(p.prototype_ms)} | {_ms(p.floor_ms)} "
                f"| {_ratio(p.prototype_ms / p.floor_ms)} "
                f"| {_ratio(p.project_ms / p.prototype_ms)} |"
            )
        out += ["", *(f"- {p.name}: {p.what}" for p in report.prototypes), ""]
    if report.startup_phases:
        out += [
            "## Cold start by phase (one run of bench/startup_phases.py)",
            "",
            "| phase | ms |",
            "|---|---:|",
            *(f"| {k} | {v:.1f} |" for k, v in report.startup_phases.items()),
            f"| **sum** | {sum(report.startup_phases.values()):.1f} |",
            "",
            "The sum stops at ready; the whole-process figure above also includes exiting "
            "(interpreter and Qt teardown), see the cold-start note.",
            "",
        ]
    return "\n".join(out)


# --- machine facts -------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_facts() -> dict[str, str]:
    import PySide6
    import reportlab
    import sqlalchemy
    from PySide6.QtCore import qVersion

    return {
        "CPU count": str(os.cpu_count()),
        "CPU": _cpu_model(),
        "OS": platform.platform(),
        "Python": platform.python_version() + f" ({platform.python_implementation()})",
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy": sqlalchemy.__version__,
        "ReportLab": reportlab.Version,
        "PySide6": f"{PySide6.__version__} (Qt {qVersion()})",
        "load average (1, 5, 15 min) at start": _load(),
    }


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


# --- 0. the database -----------------------------------------------------------------------


def build_database(data_dir: Path, products: int, report: Report) -> Till:
    """A fresh till with ``products`` demo products; returns the ``Till``."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    began = time.perf_counter()
    till = open_till(data_dir, seed_demo=True, anonymous_setup=True)
    opened = time.perf_counter()
    add_demo_products(till.db, products)
    done = time.perf_counter()
    db_file = data_dir / "bazaar.sqlite3"
    size = sum(
        Path(f"{db_file}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{db_file}{suffix}").exists()
    )
    report.build = {
        "products": products,
        "open_till_ms": (opened - began) * 1000,
        "add_demo_products_s": done - opened,
        "db_mb": size / 1e6,
    }
    print(
        f"built {products} products: open_till {(opened - began) * 1000:.0f} ms, "
        f"add_demo_products {done - opened:.2f} s, {size / 1e6:.1f} MB",
        flush=True,
    )
    return till


# --- 1. barcode lookup ---------------------------------------------------------------------


def bench_lookup(till: Till, repeat: int, warmup: int, rng: random.Random, report: Report) -> None:
    db = till.db
    db_file = till.data_dir / "bazaar.sqlite3"
    with closing(sqlite3.connect(db_file)) as raw:
        barcodes = [
            str(row[0])
            for row in raw.execute(
                "SELECT barcode FROM products WHERE barcode IS NOT NULL AND active = 1"
            )
        ]
    codes = rng.choices(barcodes, k=warmup + repeat)
    floor = LookupFloor(db_file)
    try:
        for code in codes[:50]:  # the floor must find what the project finds
            info = find_by_code(db, code)
            row = floor(code)
            assert (row[0], row[1], row[10]) == (info.id, info.sku, info.on_hand), (row, info)
        samples = measure_interleaved(
            {
                "project": lambda i: find_by_code(db, codes[i]),
                "floor": lambda i: floor(codes[i]),
            },
            repeat=repeat,
            warmup=warmup,
        )
    finally:
        floor.close()
    _add(
        report,
        "Barcode lookup (`find_by_code`)",
        samples,
        target="none (report only)",
        limit=None,
        note="floor: one sqlite3 `SELECT … WHERE barcode = ?` with the same columns, joins "
        "and stock balance (by primary key).",
    )


# --- 2. sale commit ------------------------------------------------------------------------


def _sale_rows(db_file: Path, receipt_no: str) -> tuple[int, int, int]:
    """(lines, payments, stock movements) written for one sale."""
    with closing(sqlite3.connect(db_file)) as raw:
        (sale_id,) = raw.execute(
            "SELECT id FROM sales WHERE receipt_no = ?", (receipt_no,)
        ).fetchone()
        lines = raw.execute("SELECT count(*) FROM sale_lines WHERE sale_id = ?", (sale_id,))
        payments = raw.execute("SELECT count(*) FROM payments WHERE sale_id = ?", (sale_id,))
        moves = raw.execute(  # each movement points at its own line, for that line's product
            "SELECT count(*) FROM stock_movements m JOIN sale_lines l ON l.id = m.sale_line_id"
            " WHERE l.sale_id = ? AND m.product_id = l.product_id AND m.quantity = -l.quantity",
            (sale_id,),
        )
        return (lines.fetchone()[0], payments.fetchone()[0], moves.fetchone()[0])


def _logged_in_cashier_with_open_shift(till: Till) -> Actor:
    """The real path: a cashier account, logged in, with her shift open (as the till sells)."""
    settings = load_settings(till.db)
    admin = create_first_admin(till.db, "admin", "Admin", "246810", till_code=settings.till_code)
    create_user(
        till.db,
        admin,
        username="kasir",
        full_name="Kasir Bench",
        role=Role.CASHIER,
        pin="1357",
        till_code=settings.till_code,
    )
    cashier = login(till.db, "kasir", "1357", till_code=settings.till_code)
    open_shift(
        till.db,
        cashier,
        till_code=settings.till_code,
        event_id=settings.current_event_id,
        float_counts={"note_50000": 4},
    )
    return cashier


def bench_commit(
    till: Till, floor_file: Path, repeat: int, warmup: int, rng: random.Random, report: Report
) -> str:
    """Returns the receipt number of a committed 5-line project sale."""
    db = till.db
    settings = load_settings(db)
    cashier = _logged_in_cashier_with_open_shift(till)
    with closing(sqlite3.connect(till.data_dir / "bazaar.sqlite3")) as raw:
        catalog = raw.execute("SELECT id, price FROM products WHERE active = 1").fetchall()
    carts: list[list[FloorLine]] = []
    for _ in range(warmup + repeat):
        carts.append(
            [
                FloorLine(product_id, rng.choice((1, 1, 1, 2, 3)), price)
                for product_id, price in rng.sample(catalog, SALE_LINES)
            ]
        )
    tendered = [-(-sum(x.quantity * x.unit_price for x in c) // 50_000) * 50_000 for c in carts]
    requests = [[SaleLineRequest(x.product_id, x.quantity, x.unit_price) for x in c] for c in carts]
    payments = [PaymentRequest(method="cash", tendered=t) for t in tendered]
    floor = CommitFloor(
        floor_file,
        till_code=settings.till_code,
        cashier=settings.cashier,
        event_id=settings.current_event_id,
    )
    last: dict[str, str] = {}

    def project(i: int) -> SaleResult:
        result = commit_sale(
            db,
            requests[i],
            payments[i],
            cashier=cashier,
            till_code=settings.till_code,
            event_id=settings.current_event_id,
        )
        last["project"] = result.receipt_no
        return result

    def floor_case(i: int) -> str:
        last["floor"] = floor(carts[i], tendered[i])
        return last["floor"]

    try:
        samples = measure_interleaved(
            {"project": project, "floor": floor_case},
            repeat=repeat,
            warmup=warmup,
        )
    finally:
        floor.close()
    expected = (SALE_LINES, 1, SALE_LINES)
    db_file = till.data_dir / "bazaar.sqlite3"
    written = {
        "project": _sale_rows(db_file, last["project"]),
        "floor": _sale_rows(floor_file, last["floor"]),
    }
    for name, rows in written.items():
        assert rows == expected, f"{name} wrote {rows} (lines, payments, movements)"
    _add(
        report,
        "Sale commit, 5 lines, cash (`commit_sale`)",
        samples,
        target="≤ 3× floor",
        limit=3.0,
        note="floor: sqlite3 on a copy of the database (WAL, synchronous=FULL, foreign_keys=ON), "
        "one BEGIN IMMEDIATE: read the 5 products, bump the receipt counter, insert sale, "
        "5 lines, 1 payment, 5 stock movements (uuid4), COMMIT.",
    )
    return last["project"]


# --- 3. receipt PDF ------------------------------------------------------------------------


def bench_pdf(till: Till, receipt_no: str, repeat: int, warmup: int, report: Report) -> None:
    # The cashier of bench_commit, logged in again: a receipt is shown to a login only.
    cashier = login(till.db, "kasir", "1357", till_code=load_settings(till.db).till_code)
    receipt = receipt_for(till.db, receipt_no, actor=cashier)
    assert len(receipt.lines) == SALE_LINES
    floor = PdfFloor(receipt)
    project_pdf = render_receipt_pdf(receipt, PaperSize.MM80)
    floor_pdf = floor()
    assert project_pdf.startswith(b"%PDF") and floor_pdf.startswith(b"%PDF")
    samples = measure_interleaved(
        {
            "project": lambda i: render_receipt_pdf(receipt, PaperSize.MM80),
            "floor": lambda i: floor(),
        },
        repeat=repeat,
        warmup=warmup,
    )
    _add(
        report,
        "80 mm receipt PDF, 5 lines (`render_receipt_pdf`)",
        samples,
        target="≤ 10× floor",
        limit=10.0,
        note=f"floor: bare ReportLab Canvas on BytesIO, same strings, save(); PDF sizes "
        f"{len(project_pdf)} B (project) / {len(floor_pdf)} B (floor).",
    )


# --- 4. cold start -------------------------------------------------------------------------


# The children run with bytecode caches, as an installed till does (pip compiles a wheel's
# modules when it installs them; an editable install writes them on its first start): with
# PYTHONDONTWRITEBYTECODE set (a sandbox, CI) every run compiled the project's ~80 modules
# from source again, ~0.3 s that no till pays. The caches go to a folder of their own, the
# checkout stays clean; the warm run of each case writes them.
BYTECODE_DIR = Path(tempfile.gettempdir()) / "bazaar-pos-bench-pycache"


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_DIR)
    return env


@dataclass(frozen=True)
class ProcessRun:
    total_ms: float  # spawn to exit
    ready_line_ms: float | None  # spawn to the moment the "ready_ms=" line was read
    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float = 0.0
    cpu_ms: float = 0.0  # user + system

    def failure(self, what: str) -> str | None:
        if self.returncode == 0:
            return None
        tail = (self.stderr or self.stdout).strip().splitlines()[-5:]
        return f"{what} exited {self.returncode}: " + " / ".join(tail)


READY_RE = re.compile(r"ready_ms=([0-9.]+)")
PAINTED_RE = re.compile(r"painted_ms=([0-9.]+)")


def _run_process(command: list[str]) -> ProcessRun:
    """Run ``command`` to its end; also notes when a ``ready_ms=`` line reaches us."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        began = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_child_env(),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        watchdog = threading.Timer(TIMEOUT_S, process.kill)
        watchdog.start()
        try:
            ready_at: float | None = None
            lines: list[str] = []
            assert process.stdout is not None
            for line in process.stdout:
                if ready_at is None and READY_RE.search(line):
                    ready_at = time.perf_counter()
                lines.append(line)
            # wait4: the child's own resource use, its peak resident memory among it.
            _pid, status, usage = os.wait4(process.pid, 0)
            ended = time.perf_counter()
            returncode = os.waitstatus_to_exitcode(status)
            process.returncode = returncode
        finally:
            watchdog.cancel()
        errors.seek(0)
        stderr = errors.read()
        # The child's own peak, as it printed it (with_peak_report): wait4's ru_maxrss is no
        # use here, Linux carries the parent's peak into a child at its exec (this bench
        # process holds gigabytes after the merges: every child then "peaked" at 4.5 GB).
        reported = PEAK_RE.search(stderr)
        return ProcessRun(
            total_ms=(ended - began) * 1000,
            ready_line_ms=None if ready_at is None else (ready_at - began) * 1000,
            returncode=returncode,
            stdout="".join(lines),
            stderr=stderr,
            peak_rss_mb=int(reported.group(1)) / 1024 if reported else usage.ru_maxrss / 1024,
            cpu_ms=(usage.ru_utime + usage.ru_stime) * 1000,
        )


PEAK_RE = re.compile(r"peak_rss_kb=(\d+)")


def with_peak_report(code: str) -> str:
    """``code`` for ``python -c``, then the process's own peak resident memory (``VmHWM``, of
    its own address space since its exec) on stderr as ``peak_rss_kb=N``, however it ends."""
    indented = "\n".join("    " + line for line in code.splitlines())
    return (
        "try:\n"
        f"{indented}\n"
        "finally:\n"
        "    import sys as _sys\n"
        "    for _line in open('/proc/self/status'):\n"
        "        if _line.startswith('VmHWM:'):\n"
        "            print('peak_rss_kb=' + _line.split()[1], file=_sys.stderr, flush=True)\n"
    )


def bench_cold_start(data_dir: Path, runs: int, report: Report) -> None:
    """The whole process of ``python -m bazaar_pos --exit-when-painted`` (the start window's
    login painted, the loop run once, then exit: the first screen a cashier can type in)
    against a bare PySide6 window, in alternating runs: time and peak resident memory. Two
    more cases say what comes after and what the gap was: ``--exit-when-ready`` (the till
    opened behind the login and its window shown), and a bare window that also imports
    SQLAlchemy's ORM."""
    name = "Cold start to the login (whole process)"
    target = f"≤ {COLD_START_TARGET_RATIO:g}× floor, ≤ {COLD_START_MEMORY_RATIO:g}× its memory"

    def app_until(flag: str) -> list[str]:
        # As ``python -m bazaar_pos --data-dir DIR FLAG``, each child reporting its own peak
        # memory (with_peak_report).
        code = (
            "import runpy, sys\n"
            f"sys.argv = ['bazaar_pos', '--data-dir', {str(data_dir)!r}, {flag!r}]\n"
            "runpy.run_module('bazaar_pos', run_name='__main__', alter_sys=True)"
        )
        return [sys.executable, "-c", with_peak_report(code)]

    bare = [sys.executable, "-c", with_peak_report(QT_FLOOR_CODE)]
    orm = [sys.executable, "-c", with_peak_report("import sqlalchemy.orm; " + QT_FLOOR_CODE)]
    if not (ROOT / "bazaar_pos" / "__main__.py").exists():
        report.results.append(
            Result(name, None, None, target, None, note="not measured: no bazaar_pos/__main__.py")
        )
        return
    cases: dict[str, list[str]] = {
        "app": app_until("--exit-when-painted"),
        "app ready": app_until("--exit-when-ready"),
        "bare Qt": bare,
        "bare Qt + ORM": orm,
    }
    marks = {"app": PAINTED_RE, "app ready": READY_RE}
    runs_of: dict[str, list[ProcessRun]] = {what: [] for what in cases}
    problem: str | None = None
    for what, command in cases.items():  # one warm run each: the OS file cache, bytecode
        problem = problem or _run_process(command).failure(what)
    names = list(cases)
    load_before = _load()
    for run in range(runs):
        if problem:
            break
        shift = run % len(names)
        for what in names[shift:] + names[:shift]:  # rotate the order
            done = _run_process(cases[what])
            problem = problem or done.failure(what)
            mark = marks.get(what)
            if mark is not None and not mark.search(done.stdout):
                problem = problem or f"{what} printed no {mark.pattern}: {done.stdout[-200:]!r}"
            runs_of[what].append(done)
    if problem:
        report.results.append(Result(name, None, None, target, None, note=f"failed: {problem}"))
        return
    project = Sample(tuple(r.total_ms for r in runs_of["app"]))
    ready = Sample(tuple(r.total_ms for r in runs_of["app ready"]))
    floor = Sample(tuple(r.total_ms for r in runs_of["bare Qt"]))
    with_orm = Sample(tuple(r.total_ms for r in runs_of["bare Qt + ORM"]))
    memory = {
        what: statistics.median(r.peak_rss_mb for r in done) for what, done in runs_of.items()
    }
    cpu = {what: statistics.median(r.cpu_ms for r in done) for what, done in runs_of.items()}
    memory_ratio = memory["app"] / memory["bare Qt"]
    in_app = {
        what: statistics.median(
            float(m.group(1)) for r in runs_of[what] if (m := marks[what].search(r.stdout))
        )
        for what in marks
    }
    met = (
        project.median <= COLD_START_TARGET_RATIO * floor.median
        and memory_ratio <= COLD_START_MEMORY_RATIO
    )
    report.results.append(
        Result(
            name,
            project.median,
            floor.median,
            target,
            met,
            project={
                **project.summary(),
                "app_painted_ms_median": in_app["app"],
                "peak_rss_mb_median": memory["app"],
                "cpu_ms_median": cpu["app"],
                "ready": {
                    **ready.summary(),
                    "app_ready_ms_median": in_app["app ready"],
                    "peak_rss_mb_median": memory["app ready"],
                    "cpu_ms_median": cpu["app ready"],
                },
            },
            floor={
                **floor.summary(),
                "peak_rss_mb_median": memory["bare Qt"],
                "cpu_ms_median": cpu["bare Qt"],
                "with_orm": {
                    **with_orm.summary(),
                    "peak_rss_mb_median": memory["bare Qt + ORM"],
                    "cpu_ms_median": cpu["bare Qt + ORM"],
                },
            },
            note=f"median of {runs} runs (after one warm run each), the cases in rotating "
            f"order; load average {load_before} before, {_load()} after. The login painted: "
            f"{project.median:.0f} ms ({project.minimum:.0f}–{max(project.times_ms):.0f}), CPU "
            f"{cpu['app']:.0f} ms (floor {cpu['bare Qt']:.0f} ms), peak RSS "
            f"{memory['app']:.0f} MB vs {memory['bare Qt']:.0f} MB ({memory_ratio:.2f}×); "
            f"`painted_ms` (module import → painted) {in_app['app']:.0f} ms. The till then "
            f"opened behind it and its window shown (`--exit-when-ready`): {ready.median:.0f} "
            f"ms ({ready.median / floor.median:.1f}×), {memory['app ready']:.0f} MB "
            f"({memory['app ready'] / memory['bare Qt']:.2f}×), CPU {cpu['app ready']:.0f} "
            f"ms. A bare window that also imports SQLAlchemy's ORM: {with_orm.median:.0f} ms "
            f"({with_orm.median / floor.median:.1f}×), {memory['bare Qt + ORM']:.0f} MB "
            f"({memory['bare Qt + ORM'] / memory['bare Qt']:.2f}×). Floor: bare QApplication "
            "+ QWidget shown, processEvents(). Children run with bytecode caches (an installed "
            "till).",
        )
    )


def bench_first_sale(runs: int, report: Report) -> None:
    """The first sale after a cold start against the tenth of the same process
    (bench/first_sale_bench.py), with the app's warm-up and without it."""
    name = "First sale after start: pay (commit + receipt PDF), sale 1 vs sale 10"
    target = f"≤ {FIRST_SALE_TARGET_RATIO:g}× the tenth"
    try:
        found = measure_first_sale(runs)
    except (RuntimeError, subprocess.SubprocessError, ValueError) as error:
        report.results.append(Result(name, None, None, target, None, note=f"failed: {error}"))
        return
    warm, cold = found["warm"], found["cold"]
    first, tenth = warm["first_pay_ms"], warm["tenth_pay_ms"]
    report.results.append(
        Result(
            name,
            first,
            tenth,
            target,
            first <= FIRST_SALE_TARGET_RATIO * tenth,
            project=warm,
            floor={"without_warm_up": cold},
            note=f"median of {runs} processes of each kind, alternating; load average "
            f"{found['load_average'][0]:.2f}. With the warm-up (run while the login is asked): "
            f"{first:.0f} ms vs {tenth:.0f} ms; the warm-up took {warm['warm_up_ms']:.0f} ms and "
            f"the GUI thread's longest wait meanwhile was {warm['longest_gui_gap_ms']:.0f} ms. "
            f"Without it: {cold['first_pay_ms']:.0f} ms vs {cold['tenth_pay_ms']:.0f} ms "
            f"({cold['first_over_tenth']:.1f}×). Whole sale (3 scans + pay): "
            f"{warm['first_sale_ms']:.0f} vs {warm['tenth_sale_ms']:.0f} ms warm, "
            f"{cold['first_sale_ms']:.0f} vs {cold['tenth_sale_ms']:.0f} ms without.",
        )
    )


def bench_products_memory(quick: bool, work: Path, report: Report) -> None:
    """The products screen's resident memory at 100,000 products, its whole list read, above
    a bare window (bench/products_screen_memory_bench.py: a process for each figure)."""
    products = grown.QUICK_BIG if quick else grown.BIG
    lines = grown.QUICK_LINES[-1] if quick else grown.LINES[-1]
    runs = 1 if quick else 3
    figures = measure_products_memory(runs, products, lines, work)
    whole, bare = figures["whole list"], figures["bare_mb"]
    above = max(whole["above_bare_mb"], figures["peak"]["above_bare_mb"])
    report.results.append(
        Result(
            f"Products screen memory, {products:,} products / {lines:,} lines, the whole list "
            "read (resident)",
            whole["mb"],
            bare,
            f"≤ {PRODUCTS_MEMORY_TARGET_MB:g} MB above the bare window",
            above <= PRODUCTS_MEMORY_TARGET_MB,
            project=figures,
            note=f"median of {runs} processes each; above the bare window: first page "
            f"+{figures['first page']['above_bare_mb']:.0f} MB, the filter's index built "
            f"+{figures['index built']['above_bare_mb']:.0f} MB, the whole list "
            f"+{whole['above_bare_mb']:.0f} MB, peak +{figures['peak']['above_bare_mb']:.0f} MB; "
            f"the till opened with no screen +{figures['till_mb'] - bare:.0f} MB.",
            unit="MB",
        )
    )


def startup_phases(data_dir: Path) -> dict[str, float]:
    """One run of bench/startup_phases.py: where the cold start's time goes."""
    done = _run_process([sys.executable, str(ROOT / "bench" / "startup_phases.py"), str(data_dir)])
    try:
        if done.returncode != 0:
            raise ValueError(done.stderr.strip()[-300:])
        phases: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        return phases
    except (ValueError, IndexError) as error:
        print(f"startup phases failed: {error}", file=sys.stderr)
        return {}


# --- 5. catalog import --------------------------------------------------------------------


def bench_catalog_import(work_dir: Path, rows: int, runs: int, report: Report) -> None:
    samples = measure_catalog_import(work_dir, rows, runs)
    _add(
        report,
        f"Catalog CSV import, {rows:,} new products (`apply_catalog_import`)",
        samples,
        target=f"≤ {IMPORT_TARGET_RATIO:.0f}× floor",
        limit=IMPORT_TARGET_RATIO,
        note=IMPORT_NOTE.format(rows=rows, runs=runs),
    )


# --- 6. variance report -------------------------------------------------------------------


def bench_variance(quick: bool, report: Report) -> None:
    products, sale_lines = (500, 20_000) if quick else (5_000, 200_000)
    v = run_variance_bench(products, sale_lines, 5)
    result = Result(
        f"Variance report, {v['products']:,} products / {v['sale_lines']:,} sale lines "
        "(`variance_report`)",
        v["report_s"] * 1000,
        v["floor_s"] * 1000,
        f"≤ {VARIANCE_TARGET_S:.0f} s",
        v["met"],
        project={
            "best_ms": v["report_s"] * 1000,
            "times_ms": [t * 1000 for t in v["report_times_s"]],
        },
        floor={
            "best_ms": v["floor_s"] * 1000,
            "times_ms": [t * 1000 for t in v["floor_times_s"]],
        },
        note=f"best of 5, not a median (each call reads the whole event). {v['note']}",
    )
    report.results.append(result)
    print(results_table([result]).splitlines()[-1], flush=True)


# --- 10. the journal -------------------------------------------------------------------------

JOURNAL_TARGET_S = 10.0  # verify over 1M chained records


def bench_journal(work_dir: Path, quick: bool, report: Report) -> None:
    [row] = bench_journal_verify(work_dir, [2_000 if quick else 100_000])
    per_million = row["verify_s"] * 1_000_000 / row["links"]
    for name, ms, target, met, note in (
        (
            f"Journal verify, {row['links']:,} links / {row['rows']:,} rows (`verify_journal`)",
            row["verify_s"] * 1000,
            f"≤ {JOURNAL_TARGET_S:.0f} s per 1M links",
            per_million <= JOURNAL_TARGET_S,
            f"one full walk; {per_million:.1f} s per 1M links at this rate. No floor: the walk "
            "is the check itself (bench/journal_bench.py: more sizes).",
        ),
        (
            f"Journal start-up check, {row['links']:,} links (`quick_check`)",
            row["startup_check_ms"],
            "",
            None,
            "the last 200 links of each chain, records against links per kind, the receipt "
            f"counter; open_till with it: {row['open_till_ms']:.0f} ms.",
        ),
    ):
        result = Result(name, ms, None, target, met, note=note)
        report.results.append(result)
        print(results_table([result]).splitlines()[-1], flush=True)


# --- 7. end-of-event report PDF -----------------------------------------------------------


def bench_event_report(report: Report) -> None:
    e = bench_event_report_pdf(500, 20_000, 5)
    result = Result(
        f"End-of-event report PDF, {e['products']:,} products / {e['sale_lines']:,} sale lines "
        "(`end_of_event_report` + `render_event_report_pdf`)",
        e["report_s"] * 1000,
        e["floor_s"] * 1000,
        f"≤ {EVENT_REPORT_TARGET_S:.0f} s",
        e["met"],
        project={
            "best_ms": e["report_s"] * 1000,
            "render_best_ms": e["render_s"] * 1000,
            "times_ms": [t * 1000 for t in e["report_times_s"]],
        },
        floor={
            "best_ms": e["floor_s"] * 1000,
            "times_ms": [t * 1000 for t in e["floor_times_s"]],
        },
        note=f"best of 5, not a median. {e['note']}",
    )
    report.results.append(result)
    print(results_table([result]).splitlines()[-1], flush=True)


# --- 8. sync export -----------------------------------------------------------------------


def bench_sync_export(quick: bool, report: Report) -> None:
    products, sale_lines = (500, 20_000) if quick else (5_000, 200_000)
    e = bench_export(products, sale_lines, 3)
    result = Result(
        f"Sync export, {sale_lines:,} sale lines, full, to a folder (`export_till`)",
        e["export_s"] * 1000,
        e["floor_s"] * 1000,
        f"≤ {SYNC_TARGET_RATIO}× floor",
        e["met"],
        project={"times_ms": [t * 1000 for t in e["export_times_s"]]},
        floor={"times_ms": [t * 1000 for t in e["floor_times_s"]]},
        note=e["note"],
    )
    report.results.append(result)
    print(results_table([result]).splitlines()[-1], flush=True)


# --- 9. sync merge ------------------------------------------------------------------------


def bench_sync_merge(quick: bool, report: Report) -> None:
    # Ten tills' exports: the merge of many tills (catalogues matched by SKU). 20,000 lines
    # each, not 200,000: 2M lines took 20 minutes; the growth table has one export merged
    # at 10k, 100k and 1M lines.
    tills, sale_lines = (3, 20_000) if quick else (10, 20_000)
    m = bench_merge(tills, sale_lines)
    result = Result(
        f"Sync merge of {tills} exports × {sale_lines:,} sale lines into an empty database "
        "(`import_exports`)",
        m["merge_s"] * 1000,
        m["floor_s"] * 1000,
        "≤ 1.3× floor",
        m["ratio"] <= 1.3,
        project={"rows_per_s": m["rows_per_s"]},
        floor={"rows_per_s": m["floor_rows_per_s"]},
        note=m["note"],
    )
    report.results.append(result)
    print(results_table([result]).splitlines()[-1], flush=True)


# --- main ----------------------------------------------------------------------------------


def _add(
    report: Report,
    name: str,
    samples: dict[str, Sample],
    *,
    target: str,
    limit: float | None,
    note: str,
) -> None:
    project, floor = samples["project"], samples["floor"]
    result = Result(
        name,
        project.median,
        floor.median,
        target,
        None if limit is None else project.median <= limit * floor.median,
        project=project.summary(),
        floor=floor.summary(),
        note=note,
    )
    report.results.append(result)
    print(results_table([result]).splitlines()[-1], flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--products", type=int, default=None, help="default 100000")
    parser.add_argument(
        "--repeat", type=int, default=None, help="timed calls per case (default 1000; quick 100)"
    )
    parser.add_argument(
        "--cold-runs", type=int, default=None, help="cold-start runs (default 15; quick 3)"
    )
    parser.add_argument(
        "--import-runs", type=int, default=None, help="catalog imports each (default 3)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="results folder")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2,000 products")
    parser.add_argument("--seed", type=int, default=62, help="random seed for inputs")
    parser.add_argument(
        "--keep-data", action="store_true", help="keep the database in <out>/data afterwards"
    )
    parser.add_argument(
        "--no-growth", action="store_true", help="the main table only, no growth table"
    )
    args = parser.parse_args(argv)
    if args.products is None:
        args.products = QUICK_PRODUCTS if args.quick else 100_000
    if args.repeat is None:
        args.repeat = 100 if args.quick else 1000
    if args.cold_runs is None:
        args.cold_runs = 3 if args.quick else 15
    if args.import_runs is None:
        args.import_runs = 3  # 5 took a minute of the 15 the whole set may take
    for option in ("products", "repeat", "cold_runs", "import_runs"):
        if getattr(args, option) < 1:
            parser.error(f"--{option.replace('_', '-')} must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    began = time.perf_counter()
    args = parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    (out / ".gitignore").write_text("data/\n", encoding="utf-8")
    data_dir = out / "data" / "till"
    floor_file = out / "data" / "floor" / "bazaar.sqlite3"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    report = Report(
        started_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        args={
            "products": args.products,
            "repeat": args.repeat,
            "cold_runs": args.cold_runs,
            "import_runs": args.import_runs,
            "quick": args.quick,
            "seed": args.seed,
        },
        machine=machine_facts(),
    )
    print("\n".join(f"{key}: {value}" for key, value in report.machine.items()), flush=True)
    rng = random.Random(args.seed)
    warmup = max(10, min(100, args.repeat // 5))

    till = build_database(data_dir, args.products, report)
    # Both files start with an empty WAL: the bulk insert left the project's WAL tens of MB
    # long, and appending to a growing file costs more per fsync than reusing one.
    with closing(sqlite3.connect(data_dir / "bazaar.sqlite3")) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    copy_database(data_dir / "bazaar.sqlite3", floor_file)
    print(results_table([]).splitlines()[0], flush=True)
    bench_lookup(till, args.repeat, warmup, rng, report)
    # At least 100 warm-up sales each, so both WAL files have grown to their checkpoint size
    # (~1000 pages) before timing starts.
    receipt_no = bench_commit(till, floor_file, args.repeat, max(warmup, 100), rng, report)
    bench_pdf(till, receipt_no, args.repeat, warmup, report)
    till.db.dispose()
    print("catalog import…", flush=True)
    bench_catalog_import(out / "data" / "catalog", args.products, args.import_runs, report)
    print("variance report…", flush=True)
    bench_variance(args.quick, report)
    print("end-of-event report…", flush=True)
    bench_event_report(report)
    print("sync export…", flush=True)
    bench_sync_export(args.quick, report)
    print("sync merge…", flush=True)
    bench_sync_merge(args.quick, report)

    print("journal verify…", flush=True)
    bench_journal(out / "data" / "journal", args.quick, report)

    growth: Growth | None = None
    if not args.no_growth:
        print("growth table…", flush=True)
        growth = run_growth(GROWTH_QUICK if args.quick else GROWTH_FULL, out / "data" / "growth")

    print("cold start…", flush=True)
    took = time_once(lambda: bench_cold_start(data_dir, args.cold_runs, report))
    print(f"cold start measured in {took / 1000:.1f} s", flush=True)
    report.startup_phases = startup_phases(data_dir)
    print("first sale after start…", flush=True)
    bench_first_sale(2 if args.quick else 5, report)
    print("products screen memory…", flush=True)
    bench_products_memory(args.quick, out / "data" / "products_memory", report)

    if not args.keep_data:
        shutil.rmtree(out / "data", ignore_errors=True)
    report.machine["load average (1, 5, 15 min) at end"] = _load()
    report.total_s = time.perf_counter() - began
    markdown = render_markdown(report)
    if growth is not None:
        markdown += "\n" + render_growth(growth)
    (out / "results.md").write_text(markdown + "\n", encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps(
            {
                **asdict(report),
                "results": [{**asdict(r), "ratio": r.ratio} for r in report.results],
                "growth": None if growth is None else growth_json(growth),
            },
            indent=2,
            default=str,
        )
        + "\n",
        encoding="utf-8",
    )
    print()
    print(markdown)
    print(f"\nwritten: {out / 'results.md'}, {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
