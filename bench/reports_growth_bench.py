#!/usr/bin/env python
"""Reports as the sales grow: the sales report and the end-of-event report (figures + PDF) at
10,000, 100,000 and 1,000,000 sale lines, on the demo catalogue (30 products) and with
100,000 products, each beside its floor in the same run, with the growth exponent.

The bazaars are ``bench/reports_data.py``'s (the demo's sales written in bulk by
``bench/sales_data.py``, products by ``add_demo_products`` as ``bench/run_bench.py`` makes them,
opening and closing counts, refunds, three days, four cashiers), built once and kept under
``bench/out/grown/`` by ``bench/grown.py`` for every growth benchmark (about 2 GB; the first
run builds them in ~10 minutes).

Timed (best of ``--repeat``, interleaved with the floors):

- *sales report*: ``sales_report`` of the event, what the reports screen shows. Its floor:
  bare ``sqlite3`` running the least SQL that gives the same numbers from the same database
  (the summaries' grouped rows, every row fetched), without the Python that folds them into
  rows. Beside it, once, *from the lines*: the same figures summed from the sale lines in
  bare ``sqlite3`` (a grouped pass per breakdown with ``count(DISTINCT)``): the best that
  better SQL without summaries could do.
- *end-of-event*: ``end_of_event_report`` + ``render_event_report_pdf``. Its floor: bare
  ``sqlite3`` gathering the same figures (the summaries as above, per institution and
  product, the ledger summed per product and kind split at the counts, the closing count's
  lines, the event's products) and a bare ReportLab canvas drawing the same table cells as
  plain strings (``drawString``, the same embedded face, 50 rows a page).

The growth exponent is the slope of log(time) against log(lines) over the three sizes (1.0:
linear; 0: flat). ``--write-cost`` also times what the summaries' triggers add to writing
sales (``commit_sale`` one by one, and in bulk as a merge writes them), against the same
database with those triggers dropped.

    python bench/reports_growth_bench.py [--repeat 2] [--write-cost]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from bazaar_pos.db import Database
from bazaar_pos.db.models import CountKind, CountSession
from bazaar_pos.demo.sales import plan_sales, sale_catalog
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.papers.event_report import (
    goods_on_paper,
    render_event_report_pdf,
    variance_on_paper,
)
from bazaar_pos.papers.kit.fonts import REGULAR, register_fonts
from bazaar_pos.paths import database_path
from bazaar_pos.reports.event_report import EventReport, end_of_event_report
from bazaar_pos.reports.sales import ReportScope, sales_report
from bazaar_pos.startup import open_till
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bench.floors import connect
from bench.grown import grown, run_copy
from bench.reports_data import OUT, WITA
from bench.sales_data import write_planned_sales
from bench.timing import best_of, growth_exponent
from bench.variance_bench import FLOOR_COUNTED, FLOOR_LEDGER, FLOOR_PRODUCTS

SALES_TARGET_S = 1.0  # at a million lines
EVENT_TARGET_S = 2.0  # at 100,000 products and a million lines
CATALOGUES = (("demo catalogue", 0), ("100,000 products", 100_000))
LEVELS = (10_000, 100_000, 1_000_000)
ROWS_PER_PAGE = 50

# --- floors ------------------------------------------------------------------------------------

# The sales report's numbers from the summaries: per product (with its catalog text), per
# institution and workshop, receipts per institution and category, per cashier and quarter,
# per payment method.
SUMMARY_SQL = (
    """SELECT p.sku, p.name, p.category, g.* FROM (
        SELECT product_id, sum(quantity - refunded_quantity), sum(gross), sum(refunded),
               sum(receipts), sum(discounts)
        FROM event_sales_by_product WHERE event_key = :event
        GROUP BY product_id HAVING sum(lines) > 0) g
    JOIN products p ON p.id = g.product_id""",
    """SELECT institution_id, workshop_key, sum(quantity - refunded_quantity), sum(gross),
              sum(receipts), sum(refunded)
    FROM sales_by_workshop WHERE event_key = :event
    GROUP BY institution_id, workshop_key HAVING sum(lines) > 0""",
    """SELECT institution_id, sum(receipts) FROM receipts_by_institution
    WHERE event_key = :event GROUP BY institution_id""",
    """SELECT category, sum(receipts) FROM receipts_by_category
    WHERE event_key = :event GROUP BY category""",
    """SELECT cashier, quarter, sum(quantity - refunded_quantity), sum(gross), sum(receipts),
              sum(refunded)
    FROM sales_by_cashier WHERE event_key = :event
    GROUP BY cashier, quarter HAVING sum(lines) > 0""",
    """SELECT method, sum(payments), sum(taken), sum(receipts), sum(refund_count),
              sum(refunded)
    FROM sales_by_method WHERE event_key = :event GROUP BY method""",
    "SELECT id, code, name FROM institutions",
    "SELECT id, name FROM workshops",
)
# The goods each institution sold, for the end-of-event report.
GOODS_SQL = """SELECT g.*, p.sku, p.name, p.unit FROM (
    SELECT institution_id, product_id, sum(quantity - refunded_quantity), sum(gross),
           sum(refunded)
    FROM event_sales_by_product WHERE event_key = :event
    GROUP BY institution_id, product_id HAVING sum(lines) > 0) g
JOIN products p ON p.id = g.product_id"""
# The same figures summed from the lines, without summaries (a pass per breakdown).
_LINES = "FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.event_id = :event"
_REFUNDED = (
    "FROM refund_lines r JOIN sale_lines l ON l.id = r.sale_line_id "
    "JOIN sales s ON s.id = l.sale_id WHERE s.event_id = :event"
)
_QUARTER = "CAST(strftime('%s', s.created_at) AS INTEGER) / 900"
LINES_SQL = (
    "SELECT l.product_id, sum(l.quantity), sum(l.line_total), "
    "sum(l.line_discount + l.sale_discount_share), count(DISTINCT l.sale_id) "
    f"{_LINES} GROUP BY l.product_id",
    f"SELECT l.product_id, sum(r.quantity), sum(r.amount) {_REFUNDED} GROUP BY l.product_id",
    "SELECT l.institution_id, l.workshop_id, sum(l.quantity), sum(l.line_total), "
    f"count(DISTINCT l.sale_id) {_LINES} GROUP BY l.institution_id, l.workshop_id",
    f"SELECT l.institution_id, count(DISTINCT l.sale_id) {_LINES} GROUP BY l.institution_id",
    f"SELECT p.category, count(DISTINCT l.sale_id) {_LINES.replace('WHERE', 'JOIN products p ON p.id = l.product_id WHERE')} GROUP BY p.category",  # noqa: E501
    f"SELECT s.cashier, {_QUARTER}, sum(l.quantity), sum(l.line_total), "
    f"count(DISTINCT l.sale_id) {_LINES} GROUP BY 1, 2",
    f"SELECT s.cashier, {_QUARTER}, sum(r.quantity), sum(r.amount) {_REFUNDED} GROUP BY 1, 2",
    "SELECT m.method, sum(m.amount), count(DISTINCT m.sale_id) FROM payments m "
    "JOIN sales s ON s.id = m.sale_id WHERE s.event_id = :event GROUP BY m.method",
    "SELECT r.method, sum(r.amount) FROM refunds r JOIN sales s ON s.id = r.sale_id "
    "WHERE s.event_id = :event GROUP BY r.method",
)


class SqlFloor:
    """Statements run with nothing but ``sqlite3`` in one read transaction, every row fetched."""

    def __init__(self, path: Path, statements: Sequence[str], params: dict[str, Any]) -> None:
        self.connection = connect(path)
        self.statements = tuple(statements)
        self.params = params

    def __call__(self) -> list[list[Any]]:
        self.connection.execute("BEGIN")
        try:
            return [self.connection.execute(sql, self.params).fetchall() for sql in self.statements]
        finally:
            self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


def variance_params(db: Database, event_id: int) -> dict[str, Any]:
    """The boundaries of the event's two whole-event counts (the floor knows them up front)."""
    with db.read() as session:
        sessions = {
            kind: (session_id, boundary)
            for session_id, kind, boundary in session.execute(
                select(
                    CountSession.id, CountSession.kind, CountSession.posted_through_movement_id
                ).where(CountSession.event_id == event_id)
            )
        }
    closing_session, closing = sessions[CountKind.CLOSING.value]
    return {
        "event": event_id,
        "opening": sessions[CountKind.OPENING.value][1],
        "closing": closing,
        "closing_session": closing_session,
    }


def paper_cells(report: EventReport) -> list[list[str]]:
    """The strings of the tables the end-of-event paper prints (what the floor draws)."""
    sales = report.sales
    rows: list[list[str]] = []
    for breakdown in (sales.by_payment_method, sales.by_institution, sales.by_day):
        rows += [
            [row.key, row.label, format_number(row.quantity), format_rupiah(row.net)]
            for row in breakdown
        ]
    rows += [[row.key, row.label, format_rupiah(row.net)] for row in sales.best_sellers]
    rows += [
        [pin.till_code or "", str(pin.seq), format_rupiah(pin.grand_total)] for pin in report.tills
    ]
    for section in report.institutions:
        listed, left_out = goods_on_paper(section.goods_sold)
        for item in listed:
            rows.append(
                [
                    item.sku,
                    item.name,
                    format_number(item.quantity),
                    item.unit,
                    format_rupiah(item.gross),
                    format_rupiah(item.refunds),
                    format_rupiah(item.net),
                ]
            )
        if left_out:
            rows.append([str(len(left_out)), format_rupiah(sum(i.net for i in left_out))])
        lines, rest = variance_on_paper(section.variance_lines)
        for line in lines:
            rows.append(
                [
                    line.sku,
                    line.name,
                    format_number(line.expected),
                    "" if line.counted is None else format_number(line.counted),
                    "" if line.variance is None else format_number(line.variance),
                    "" if line.variance_value is None else format_rupiah(line.variance_value),
                ]
            )
        if rest:
            rows.append([str(len(rest)), format_number(sum(line.expected for line in rest))])
        rows.append([section.code, format_rupiah(section.money_due)])
    return rows


def draw_cells(rows: list[list[str]]) -> bytes:
    """The cells as plain strings on a bare canvas: the least an A4 table PDF costs."""
    register_fonts()  # the same embedded TrueType face the report uses
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=REGULAR)
    canvas.setFont(REGULAR, 8.5)
    top = A4[1] - 20 * mm
    for index, row in enumerate(rows):
        if index and index % ROWS_PER_PAGE == 0:
            canvas.showPage()
            canvas.setFont(REGULAR, 8.5)
        y = top - (index % ROWS_PER_PAGE) * 5 * mm
        for column, cell in enumerate(row):
            canvas.drawString(15 * mm + column * 26 * mm, y, cell)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- timing ------------------------------------------------------------------------------------


@dataclass
class Measured:
    catalogue: str
    products: int
    lines: int
    sales_s: float = 0.0
    sales_floor_s: float = 0.0
    from_lines_s: float | None = None
    event_s: float = 0.0
    event_floor_s: float = 0.0
    render_s: float = 0.0
    pages: int = 0
    facts: dict[str, Any] = field(default_factory=dict)


def measure(
    products: int, lines: int, repeat: int, *, from_lines: bool, work: Path | None = None
) -> Measured:
    """Both reports and their floors on this run's copy of the grown bazaar (under ``work``,
    default a temporary folder removed afterwards)."""
    if work is None:
        with tempfile.TemporaryDirectory(prefix="reports-growth-") as temporary:
            return measure(products, lines, repeat, from_lines=from_lines, work=Path(temporary))
    label = dict((p, name) for name, p in CATALOGUES).get(products, f"{products:,} products")
    folder, facts = run_copy(products, lines, work)
    result = Measured(label, facts["products"], lines, facts=facts)
    till = open_till(folder, anonymous_setup=True)
    db, event_id, path = till.db, int(facts["event_id"]), database_path(folder)
    params = {"event": event_id}
    sales_floor = SqlFloor(path, SUMMARY_SQL, params)
    event_floor = SqlFloor(
        path,
        (*SUMMARY_SQL, GOODS_SQL, FLOOR_LEDGER, FLOOR_COUNTED, FLOOR_PRODUCTS),
        variance_params(db, event_id),
    )
    scope = ReportScope(event_id=event_id)
    try:
        report = end_of_event_report(db, None, event_id, tz=WITA)
        pdf = render_event_report_pdf(report)
        cells = paper_cells(report)
        times = best_of(
            {
                "sales": lambda: sales_report(db, None, scope, tz=WITA),
                "sales_floor": sales_floor,
                "event": lambda: render_event_report_pdf(
                    end_of_event_report(db, None, event_id, tz=WITA)
                ),
                "event_floor": lambda: (event_floor(), draw_cells(cells)),
                "render": lambda: render_event_report_pdf(report),
            },
            repeat,
        )
        if from_lines:
            lines_floor = SqlFloor(path, LINES_SQL, params)
            try:
                began = time.perf_counter()
                lines_floor()
                result.from_lines_s = time.perf_counter() - began
            finally:
                lines_floor.close()
    finally:
        sales_floor.close()
        event_floor.close()
        db.dispose()
    best = {name: min(values) for name, values in times.items()}
    result.sales_s, result.sales_floor_s = best["sales"], best["sales_floor"]
    result.event_s, result.event_floor_s = best["event"], best["event_floor"]
    result.render_s = best["render"]
    result.pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
    return result


# --- what the triggers cost a write -------------------------------------------------------------

_SUMMARY_TRIGGERS = (
    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sales_summary_%'"
)


def write_cost(sales: int = 300, bulk_lines: int = 50_000) -> dict[str, float]:
    """Seconds per sale of ``commit_sale`` (3-5 lines) and per line of a bulk write, with the
    summaries' triggers and on a copy without them (the 10,000-line demo bazaar)."""
    folder, _facts = grown(0, 10_000)
    work = Path(tempfile.mkdtemp(prefix="reports-write-cost-"))
    found: dict[str, float] = {}
    try:
        for name in ("with", "without"):
            copy = work / name
            shutil.copytree(folder, copy)
            if name == "without":
                with sqlite3.connect(database_path(copy)) as raw:
                    for (trigger,) in raw.execute(_SUMMARY_TRIGGERS).fetchall():
                        raw.execute(f"DROP TRIGGER {trigger}")
                raw.close()
        tills = {name: open_till(work / name, anonymous_setup=True) for name in ("with", "without")}
        try:
            catalog = sale_catalog(tills["with"].db)
            # Carts of three to five lines, as at the till.
            carts = [
                [
                    SaleLineRequest(line.product_id, line.quantity, line.unit_price)
                    for line in sale.lines
                ]
                for sale in plan_sales(catalog, seed=5, sales=sales * 3)
                if len(sale.lines) >= 3
            ][:sales]
            per_sale: dict[str, list[float]] = {"with": [], "without": []}
            for index, cart in enumerate(carts):
                for name in ("with", "without") if index % 2 else ("without", "with"):
                    began = time.perf_counter()
                    commit_sale(
                        tills[name].db,
                        cart,
                        PaymentRequest("cash"),
                        cashier="Siti",
                        till_code="BPN1",
                        event_id=1,
                    )
                    per_sale[name].append(time.perf_counter() - began)
            plan = plan_sales(catalog, seed=6, lines=bulk_lines)
            for name in ("without", "with"):
                began = time.perf_counter()
                write_planned_sales(
                    tills[name].db,
                    plan,
                    till_code="BPN7",
                    event_id=1,
                    cashier="Bulk",
                    started=dt.datetime(2026, 4, 27, 2, tzinfo=dt.UTC),
                    spacing=dt.timedelta(seconds=2),
                )
                found[f"bulk_{name}_s_per_line"] = (time.perf_counter() - began) / bulk_lines
            for name, values in per_sale.items():
                values.sort()
                found[f"commit_{name}_median_s"] = values[len(values) // 2]
            found["lines_per_sale"] = sum(len(cart) for cart in carts) / len(carts)
        finally:
            for till in tills.values():
                till.db.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return found


# --- output ------------------------------------------------------------------------------------


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def table(results: list[Measured]) -> str:
    head = (
        "| catalogue | sale lines | sales report | floor | ratio | from the lines (no summaries) "
        "| end-of-event (figures + PDF) | floor | ratio | PDF alone | pages |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = [
        f"| {m.catalogue} | {m.lines:,} | {_ms(m.sales_s)} | {_ms(m.sales_floor_s)} | "
        f"{m.sales_s / m.sales_floor_s:.1f}× | {_ms(m.from_lines_s)} | {_ms(m.event_s)} | "
        f"{_ms(m.event_floor_s)} | {m.event_s / m.event_floor_s:.1f}× | {_ms(m.render_s)} | "
        f"{m.pages} |"
        for m in results
    ]
    return "\n".join([head, *rows])


def exponents(results: list[Measured]) -> str:
    out = []
    for name, _products in CATALOGUES:
        group = [m for m in results if m.catalogue == name]
        if len(group) < 2:
            continue
        lines = [m.lines for m in group]
        parts = [
            f"{label} {growth_exponent(lines, [getattr(m, key) for m in group]):.2f}"
            for label, key in (
                ("sales report", "sales_s"),
                ("its floor", "sales_floor_s"),
                ("end-of-event", "event_s"),
                ("its floor", "event_floor_s"),
            )
        ]
        out.append(f"- growth exponent, {name}: " + ", ".join(parts))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--levels", type=int, nargs="*", default=list(LEVELS), help="none: only --write-cost"
    )
    parser.add_argument(
        "--catalogues", type=int, nargs="+", default=[p for _, p in CATALOGUES],
        help="extra products: 0 (the demo catalogue) and/or 100000",
    )  # fmt: skip
    parser.add_argument("--no-from-lines", action="store_true", help="skip the lines' SQL")
    parser.add_argument("--write-cost", action="store_true")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    results: list[Measured] = []
    for products in args.catalogues:
        for lines in args.levels:
            measured = measure(products, lines, args.repeat, from_lines=not args.no_from_lines)
            results.append(measured)
            print(table([measured]).splitlines()[-1], flush=True)
    print()
    print(table(results))
    print(exponents(results))
    big = [m for m in results if m.lines == max(args.levels or [0])]
    for m in big:
        met = "met" if m.sales_s <= SALES_TARGET_S else "NOT met"
        print(
            f"at {m.lines:,} lines, {m.catalogue}: sales report {_ms(m.sales_s)} "
            f"(target ≤ {SALES_TARGET_S:.0f} s: {met})"
            + (
                f"; end-of-event {_ms(m.event_s)} (target ≤ {EVENT_TARGET_S:.0f} s: "
                f"{'met' if m.event_s <= EVENT_TARGET_S else 'NOT met'})"
                if m.products >= 100_000
                else ""
            )
        )
    cost: dict[str, float] = {}
    if args.write_cost:
        cost = write_cost()
        print(
            f"commit_sale ({cost['lines_per_sale']:.1f} lines): "
            f"{cost['commit_with_median_s'] * 1000:.2f} ms with the summaries' triggers, "
            f"{cost['commit_without_median_s'] * 1000:.2f} ms without; bulk write: "
            f"{cost['bulk_with_s_per_line'] * 1e6:.1f} µs a line with, "
            f"{cost['bulk_without_s_per_line'] * 1e6:.1f} µs without"
        )
    print(f"run took {time.perf_counter() - began:.0f} s")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "results": [vars(m) for m in results],
                "write_cost": cost,
                "load": Path("/proc/loadavg").read_text().split()[:3]
                if Path("/proc/loadavg").exists()
                else [],
            },
            indent=2,
        )
    )
    (OUT / "results.md").write_text(table(results) + "\n\n" + exponents(results) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
