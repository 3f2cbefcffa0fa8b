#!/usr/bin/env python
"""End-of-event report benchmark: the A4 PDF of an event with 500 products and 20,000 sale
lines (``end_of_event_report`` + ``render_event_report_pdf``), beside a bare ReportLab floor,
in one run. Target: ≤ 1 s.

The event is the variance benchmark's (bench/variance_bench.py ``build_event``: opening count,
delivery, sales of 1–5 lines, damage, a posted closing count with some products short), with
the sales spread over three days and ten hours so the summary has real breakdowns.

Timed, best of ``repeat`` (interleaved with the floor):

- *report*: gathering the figures and rendering the PDF, what ``bazaar-pos report`` does;
- *render*: the PDF alone from an already built report (reported, not the target);
- *floor*: bare ``sqlite3`` gathering the same figures (the sales summaries, the ledger summed
  per product and kind split at the counts, the closing count's lines, the event's products:
  ``bench/reports_growth_bench.py``'s SQL) and a bare ``reportlab.pdfgen`` canvas drawing the
  paper's table cells as plain strings with ``drawString`` in the same embedded TrueType face
  (one string per cell, 50 rows per page), no measuring, wrapping, shaping, ruling, charts or
  page numbering.

    python bench/event_report_bench.py [--products 500] [--sale-lines 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bazaar_pos.db import Database
from bazaar_pos.papers.event_report import render_event_report_pdf
from bazaar_pos.paths import database_path
from bazaar_pos.reports.event_report import end_of_event_report
from bench.reports_growth_bench import (
    GOODS_SQL,
    SUMMARY_SQL,
    SqlFloor,
    draw_cells,
    paper_cells,
    variance_params,
)
from bench.timing import best_of
from bench.variance_bench import FLOOR_COUNTED, FLOOR_LEDGER, FLOOR_PRODUCTS, build_event

TARGET_S = 1.0
ROWS_PER_PAGE = 50
NOTE = (
    "{products:,} products in 3 institutions, {sale_lines:,} sale lines over 3 days; "
    "{pages} pages, {cells:,} table cells; best of {repeat}. Project: end_of_event_report + "
    "render_event_report_pdf (render alone {render_ms:.0f} ms). Floor: the same figures "
    "gathered in bare sqlite3 and the paper's cells drawn with canvas.drawString on a bare "
    "ReportLab canvas."
)

# Three days, ten opening hours a day (UTC times of 09.00–18.00 WITA).
_SPREAD_SALES = """
UPDATE sales SET created_at = datetime('2026-04-27 01:00:00',
    '+' || (id % 3) || ' days', '+' || ((id / 3) % 10) || ' hours',
    '+' || (id % 60) || ' minutes')
"""


def _spread_sales(db: Database) -> None:
    with db.write() as session:
        session.execute(text(_SPREAD_SALES))


def bench_event_report_pdf(
    products: int = 500, sale_lines: int = 20_000, repeat: int = 5, *, seed: int = 62
) -> dict[str, Any]:
    """Build the event in a temporary folder and time the end-of-event PDF against the floor.

    Returns plain figures (seconds): ``report_s`` (figures + PDF) / ``render_s`` (PDF only) /
    ``floor_s``, best of ``repeat``; ``ratio`` (report / floor), ``target_s``, ``met``, every
    timing in ``*_times_s``, the build facts and what the report said (pages, cells, net).
    """
    folder = Path(tempfile.mkdtemp(prefix="event-report-bench-"))
    try:
        db, event_id, facts = build_event(folder / "till", products, sale_lines, seed=seed)
        try:
            _spread_sales(db)
            report = end_of_event_report(db, None, event_id)
            rows = paper_cells(report)
            pdf = render_event_report_pdf(report)
            gather = SqlFloor(
                database_path(folder / "till"),
                (*SUMMARY_SQL, GOODS_SQL, FLOOR_LEDGER, FLOOR_COUNTED, FLOOR_PRODUCTS),
                variance_params(db, event_id),
            )

            def full() -> bytes:
                return render_event_report_pdf(end_of_event_report(db, None, event_id))

            times = best_of(
                {
                    "report": full,
                    "render": lambda: render_event_report_pdf(report),
                    "floor": lambda: (gather(), draw_cells(rows)),
                },
                repeat,
            )
            gather.close()
        finally:
            db.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    best = {name: min(values) for name, values in times.items()}
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
    cells = sum(len(row) for row in rows)
    return {
        **facts,
        "repeat": repeat,
        "report_s": best["report"],
        "render_s": best["render"],
        "floor_s": best["floor"],
        "ratio": best["report"] / best["floor"] if best["floor"] else None,
        "target_s": TARGET_S,
        "met": best["report"] <= TARGET_S,
        "report_times_s": times["report"],
        "render_times_s": times["render"],
        "floor_times_s": times["floor"],
        "pdf_bytes": len(pdf),
        "pdf_pages": pages,
        "table_cells": cells,
        "institutions": len(report.institutions),
        "receipts": report.sales.receipts,
        "net": report.sales.net,
        "note": NOTE.format(
            products=facts["products"],
            sale_lines=sale_lines,
            pages=pages,
            cells=cells,
            repeat=repeat,
            render_ms=best["render"] * 1000,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--sale-lines", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=62)
    args = parser.parse_args(argv)
    if min(args.products, args.sale_lines, args.repeat) < 1:
        parser.error("--products, --sale-lines and --repeat must be at least 1")
    result = bench_event_report_pdf(args.products, args.sale_lines, args.repeat, seed=args.seed)
    print(
        f"built {result['products']:,} products, {result['sale_lines']:,} sale lines in "
        f"{result['build_s']:.1f} s; {result['receipts']:,} receipts, net {result['net']:,} Rp"
    )
    print(
        f"PDF: {result['pdf_pages']} pages, {result['pdf_bytes'] / 1024:.0f} KiB, "
        f"{result['table_cells']:,} table cells, {result['institutions']} institutions"
    )
    for name, label in (
        ("report", "figures + PDF    "),
        ("render", "PDF only         "),
        ("floor", "sqlite3 + canvas floor"),
    ):
        print(
            f"{label} {result[f'{name}_s'] * 1000:8.1f} ms  (best of {result['repeat']}: "
            + ", ".join(f"{t * 1000:.0f}" for t in result[f"{name}_times_s"])
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
