#!/usr/bin/env python
"""The growth table: scan, commit, search, sales report, end-of-event, export and merge at
10,000 / 100,000 / 1,000,000 sale lines (the search at 1,000 / 100,000 products), each
beside its floor measured in the same run, with the growth exponent.

Every figure comes from the bench that owns it, called as a function on the bazaars of
``bench/grown.py`` (one generator, one cache per schema, generator version, seed and size;
this run's copies under ``<work>``):

- scan → cart: ``scan_growth_bench.run`` (p95 of the scans; floor: bare ``sqlite3`` lookup,
  balance by primary key), demo catalogue and the big one; it also measures the products
  screen and the balance trigger's cost (in the details);
- search: ``search_bench.bench_size`` (p95 per keystroke; floor: the same index and a bare
  ``sqlite3`` read of the shown rows);
- sales report and end-of-event: ``reports_growth_bench.measure`` (best of ``--repeat``;
  floors: bare SQL for the same figures, and a bare canvas drawing the paper's cells);
- commit: ``run_bench.bench_commit`` on the big catalogue (median of 5-line cash sales by a
  logged-in cashier; floor: the same writes in bare ``sqlite3`` on a copy);
- export: ``sync_bench.export_beside_floor`` on the demo catalogue (median; floor: the same
  SELECTs into ``csv.writer``);
- merge: ``sync_merge_bench.bench_merge`` of that export into an empty database (one run;
  floor: the same rows with ``csv`` + ``sqlite3``; its checking floor where the bench has it).

The growth exponent is the least-squares slope of log(time) against log(size) over the
sizes (0: flat, 1: linear).

    QT_QPA_PLATFORM=offscreen python bench/growth.py [--quick]   # the growth table alone
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import grown
from bench.timing import growth_exponent

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Sizes:
    """What one run of the growth set measures, and how many times."""

    lines: tuple[int, ...]
    big: int  # the big catalogue's products
    search_products: tuple[int, ...]
    search_lines: int
    scan_repeat: int = 2000
    screen_rounds: int = 5
    trigger_repeat: int = 400
    search_rounds: int = 10
    reports_repeat: int = 1  # after a warm-up call: the end-of-event at 1M lines is ~8 s
    commit_repeat: int = 500
    # Per size: a 1M-line export and its floor take ~45 s a run (make bench: ≤ 15 minutes).
    export_runs: tuple[int, ...] = (3, 3, 1)

    @property
    def wanted(self) -> list[tuple[int, int]]:
        """Every (products, lines) bazaar this run reads."""
        pairs = [(p, n) for p in (grown.DEMO, self.big) for n in self.lines]
        pairs += [(p, self.search_lines) for p in self.search_products]
        return list(dict.fromkeys(pairs))


FULL = Sizes(grown.LINES, grown.BIG, grown.SEARCH_PRODUCTS, grown.SEARCH_LINES)
QUICK = Sizes(
    grown.QUICK_LINES,
    grown.QUICK_BIG,
    grown.QUICK_SEARCH_PRODUCTS,
    grown.QUICK_LINES[0],
    scan_repeat=300,
    screen_rounds=2,
    trigger_repeat=100,
    search_rounds=2,
    reports_repeat=1,
    commit_repeat=100,
    export_runs=(1, 1),
)


# --- the table ---------------------------------------------------------------------------------


@dataclass
class Cell:
    size: int
    project_ms: float
    floor_ms: float

    @property
    def ratio(self) -> float:
        return self.project_ms / self.floor_ms if self.floor_ms else float("nan")


@dataclass
class GrowthRow:
    what: str
    catalogue: str
    axis: str  # "lines" or "products"
    figure: str  # which statistic, e.g. "p95 of 2,000 scans"
    floor: str  # what the floor does
    cells: list[Cell] = field(default_factory=list)
    target: str = ""

    def exponent(self, of: str = "project_ms") -> float | None:
        if len(self.cells) < 2:
            return None
        sizes = [cell.size for cell in self.cells]
        return growth_exponent(sizes, [getattr(cell, of) / 1000 for cell in self.cells])


@dataclass
class Growth:
    sizes: dict[str, Any]
    rows: list[GrowthRow] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)  # bench → its own markdown
    raw: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # part → wall-clock seconds
    cache_build_s: float = 0.0


def _ms(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:,.2f} s"
    if value >= 10:
        return f"{value:.0f} ms"
    if value >= 1:
        return f"{value:.2f} ms"
    return f"{value:.3f} ms"


def _size(size: int, axis: str) -> str:
    short = f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"
    return short if size % 1000 == 0 else f"{size:,}"


def growth_table(growth: Growth) -> str:
    """One line per measured row: each size's project / floor (ratio), and the exponents."""
    columns: dict[str, list[int]] = {}
    for row in growth.rows:
        for measured in row.cells:
            columns.setdefault(row.axis, [])
            if measured.size not in columns[row.axis]:
                columns[row.axis].append(measured.size)
    lines_sizes = sorted(columns.get("lines", []))
    product_sizes = sorted(columns.get("products", []))
    width = max(len(lines_sizes), len(product_sizes), 1)
    head = [
        "| what | catalogue | figure | "
        + " | ".join(
            f"{_size(n, 'lines')} lines" if i < len(lines_sizes) else f"size {i + 1}"
            for i, n in enumerate(lines_sizes + [0] * (width - len(lines_sizes)))
        )
        + " | growth exponent (floor's) | target |",
        "|---|---|---|" + "---:|" * width + "---:|---|",
    ]
    out = head
    for row in growth.rows:
        sizes = lines_sizes if row.axis == "lines" else product_sizes
        by_size = {cell.size: cell for cell in row.cells}
        cells = []
        for size in sizes:
            cell = by_size.get(size)
            if cell is None:
                cells.append("—")
                continue
            label = f"{_size(size, row.axis)} products: " if row.axis == "products" else ""
            cells.append(
                f"{label}{_ms(cell.project_ms)} / {_ms(cell.floor_ms)} ({cell.ratio:.1f}×)"
            )
        cells += ["—"] * (width - len(sizes))
        exponent, floor_exponent = row.exponent(), row.exponent("floor_ms")
        growth_text = (
            "—"
            if exponent is None or floor_exponent is None
            else f"{exponent:+.2f} ({floor_exponent:+.2f})"
        )
        out.append(
            f"| {row.what} | {row.catalogue} | {row.figure} | {' | '.join(cells)} "
            f"| {growth_text} | {row.target} |"
        )
    return "\n".join(out)


def render(growth: Growth) -> str:
    out = [
        "## Growth table",
        "",
        "Each cell: project / floor (ratio), both measured in this run. The search's columns "
        "are catalogue sizes (products), every other row's are sale lines. Growth exponent: "
        "least-squares slope of log(time) against log(size), project's and (in brackets) the "
        "floor's; 0 is flat, 1 linear.",
        "",
        growth_table(growth),
        "",
        "Floors: "
        + "; ".join(
            f"**{what}**: {floor}"
            for what, floor in dict((row.what, row.floor) for row in growth.rows).items()
        )
        + ".",
        "",
        "Time per part: "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in growth.seconds.items())
        + f"; building the bazaars not cached yet: {growth.cache_build_s:.0f} s.",
        "",
    ]
    for name, text in growth.details.items():
        out += [f"### {name}", "", text.strip(), ""]
    return "\n".join(out)


# --- the parts ---------------------------------------------------------------------------------


def _catalogue(products: int) -> str:
    return "demo (30)" if products == grown.DEMO else f"{products:,} products"


def scan_part(sizes: Sizes, work: Path, seed: int, growth: Growth) -> None:
    from bench import scan_growth_bench

    results = scan_growth_bench.run(
        repeat=sizes.scan_repeat,
        screen_rounds=sizes.screen_rounds,
        commit_repeat=sizes.trigger_repeat,
        seed=seed,
        work=work,
        lines=sizes.lines,
        big=sizes.big,
    )
    for catalogue in dict.fromkeys(row.catalogue for row in results.rows):
        growth.rows.append(
            GrowthRow(
                "scan → line in the cart",
                catalogue,
                "lines",
                f"p95 of {sizes.scan_repeat:,} scans",
                "bare sqlite3: the product by barcode, its institution, workshop and stock "
                "balance by primary key",
                [
                    Cell(row.lines, row.scan["p95"], row.floor["p95"])
                    for row in results.rows
                    if row.catalogue == catalogue
                ],
                "≤ 1 ms p95 at 100k products / 1M lines; exponent ≤ 0.1",
            )
        )
    growth.details["Scan and products screen (bench/scan_growth_bench.py)"] = (
        scan_growth_bench.render(results).split("\n", 2)[2]
    )
    growth.raw["scan"] = {**results.__dict__, "rows": [row.__dict__ for row in results.rows]}


def search_part(sizes: Sizes, work: Path, growth: Growth) -> None:
    from bench import search_bench

    results: dict[int, dict[str, Any]] = {}
    for products in sizes.search_products:
        folder, _facts = grown.run_copy(products, sizes.search_lines, work)
        results[products] = search_bench.bench_size(
            folder, products, sizes.search_rounds, reuse=True
        )
    growth.rows.append(
        GrowthRow(
            "search per keystroke",
            f"{sizes.search_lines:,} lines",
            "products",
            "p95 per keystroke, typed letter by letter",
            "the same index (its own copy) and bare sqlite3 reading the 30 shown rows",
            [
                Cell(products, result["project"]["p95_ms"], result["floor_index"]["p95_ms"])
                for products, result in results.items()
            ],
            f"≤ {search_bench.TARGET_P95_MS:.0f} ms p95 at 100k products",
        )
    )
    growth.details["Search (bench/search_bench.py)"] = search_bench.table(results)
    growth.raw["search"] = results


def reports_part(sizes: Sizes, work: Path, growth: Growth) -> None:
    from bench import reports_growth_bench as reports

    measured = []
    for products in (grown.DEMO, sizes.big):
        group = [
            reports.measure(products, lines, sizes.reports_repeat, from_lines=True, work=work)
            for lines in sizes.lines
        ]
        measured += group
        catalogue = _catalogue(products)
        growth.rows.append(
            GrowthRow(
                "sales report",
                catalogue,
                "lines",
                f"best of {sizes.reports_repeat}",
                "bare sqlite3 running the least SQL for the same numbers (the summaries' "
                "grouped rows), every row fetched",
                [Cell(m.lines, m.sales_s * 1000, m.sales_floor_s * 1000) for m in group],
                f"≤ {reports.SALES_TARGET_S:.0f} s at 1M lines",
            )
        )
        growth.rows.append(
            GrowthRow(
                "end-of-event (figures + PDF)",
                catalogue,
                "lines",
                f"best of {sizes.reports_repeat}",
                "bare SQL gathering the same figures and a bare ReportLab canvas drawing the "
                "paper's cells",
                [Cell(m.lines, m.event_s * 1000, m.event_floor_s * 1000) for m in group],
                f"≤ {reports.EVENT_TARGET_S:.0f} s at 100k products / 1M lines",
            )
        )
    growth.details["Reports (bench/reports_growth_bench.py)"] = reports.table(measured)
    growth.raw["reports"] = [vars(m) for m in measured]


def commit_part(sizes: Sizes, work: Path, seed: int, growth: Growth) -> None:
    """Written last on this run's copies: the readers are done with them."""
    from bazaar_pos.startup import open_till
    from bench.floors import copy_database
    from bench.run_bench import Report, bench_commit

    cells = []
    raw = []
    rng = random.Random(seed)
    for lines in sizes.lines:
        folder, _facts = grown.run_copy(sizes.big, lines, work)
        floor_file = work / "commit-floor" / "bazaar.sqlite3"
        copy_database(folder / "bazaar.sqlite3", floor_file)
        till = open_till(folder, anonymous_setup=True)
        report = Report(started_at="", args={}, machine={})
        try:
            bench_commit(till, floor_file, sizes.commit_repeat, 100, rng, report)
        finally:
            till.db.dispose()
            shutil.rmtree(floor_file.parent, ignore_errors=True)
        result = report.results[-1]
        assert result.project_ms is not None and result.floor_ms is not None
        cells.append(Cell(lines, result.project_ms, result.floor_ms))
        raw.append({"lines": lines, **asdict(result)})
    growth.rows.append(
        GrowthRow(
            "sale commit, 5 lines, cash",
            _catalogue(sizes.big),
            "lines",
            f"median of {sizes.commit_repeat:,} sales",
            "bare sqlite3 on a copy (WAL, synchronous=FULL): the same rows in one BEGIN IMMEDIATE",
            cells,
            "≤ 3× floor",
        )
    )
    growth.raw["commit"] = raw


def export_part(sizes: Sizes, work: Path, growth: Growth) -> dict[int, Path]:
    """Each size's export beside its floor; returns where the first export of each was kept
    (for the merge)."""
    from bench.sync_bench import export_beside_floor

    exports: dict[int, Path] = {}
    cells = []
    raw = []
    runs_of = dict(zip(sizes.lines, sizes.export_runs, strict=False))
    for lines in sizes.lines:
        folder, _facts = grown.run_copy(grown.DEMO, lines, work)
        exports[lines] = work / "exports" / str(lines)
        result = export_beside_floor(
            folder,
            runs_of.get(lines, 1),
            work=work / "export-work",
            keep=exports[lines] / "export-GROWN",
            zip_too=False,
        )
        shutil.rmtree(work / "export-work", ignore_errors=True)
        cells.append(Cell(lines, result["export_s"] * 1000, result["floor_s"] * 1000))
        raw.append({"lines": lines, **result})
    growth.rows.append(
        GrowthRow(
            "export, full, to a folder",
            _catalogue(grown.DEMO),
            "lines",
            "median of " + "/".join(str(runs_of.get(n, 1)) for n in sizes.lines) + " runs",
            "the same SELECTs in bare sqlite3, one transaction, straight into csv.writer",
            cells,
            "≤ 1.5× floor",
        )
    )
    growth.raw["export"] = raw
    return exports


def merge_part(sizes: Sizes, exports: dict[int, Path], growth: Growth) -> None:
    """The merge beside its checking floor (every check of the merge once, on bare
    libraries, then the same rows). The bare floor (no checks) is left to the main table's
    merge of ten exports: at 1M lines it alone took 90 s of the whole set's 15 minutes."""
    from bench.sync_merge_bench import bench_merge

    cells, raw = [], []
    for lines in sizes.lines:
        result = bench_merge(1, lines, exports_from=exports[lines], floors=("checking_floor",))
        cells.append(Cell(lines, result["merge_s"] * 1000, result["checking_floor_s"] * 1000))
        raw.append({"lines": lines, **result})
    growth.rows.append(
        GrowthRow(
            "merge of one export into an empty database",
            _catalogue(grown.DEMO),
            "lines",
            "one run",
            "the merge's checks each once on bare libraries, then the same rows",
            cells,
            "",
        )
    )
    growth.raw["merge"] = raw


# --- the run -----------------------------------------------------------------------------------

PARTS = ("scan", "search", "reports", "commit", "export", "merge")


def run(
    sizes: Sizes, work: Path, *, seed: int = grown.SEED, parts: tuple[str, ...] = PARTS
) -> Growth:
    """Every part of the growth set on this run's copies under ``work`` (removed after)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    growth = Growth(sizes=asdict(sizes))
    growth.cache_build_s = grown.build_all(sizes.wanted)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    exports: dict[int, Path] = {}
    steps: dict[str, Callable[[], object]] = {
        "scan": lambda: scan_part(sizes, work, seed, growth),
        "search": lambda: search_part(sizes, work, growth),
        "reports": lambda: reports_part(sizes, work, growth),
        # The writers last, on the same copies: the readers are done with them.
        "commit": lambda: commit_part(sizes, work, seed, growth),
        "export": lambda: exports.update(export_part(sizes, work, growth)),
        "merge": lambda: merge_part(sizes, exports, growth),
    }
    try:
        for name in PARTS:
            if name not in parts:
                continue
            if name == "merge" and "export" not in parts:
                raise ValueError("the merge reads the export part's exports")
            print(f"growth: {name}…", flush=True)
            began = time.perf_counter()
            steps[name]()
            growth.seconds[name] = time.perf_counter() - began
            print(f"growth: {name} took {growth.seconds[name]:.0f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return growth


def to_json(growth: Growth) -> dict[str, Any]:
    return {
        "sizes": growth.sizes,
        "rows": [
            {
                **asdict(row),
                "cells": [{**asdict(cell), "ratio": cell.ratio} for cell in row.cells],
                "exponent": row.exponent(),
                "floor_exponent": row.exponent("floor_ms"),
            }
            for row in growth.rows
        ],
        "seconds": growth.seconds,
        "cache_build_s": growth.cache_build_s,
        "raw": growth.raw,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--seed", type=int, default=grown.SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "growth")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    growth = run(
        QUICK if args.quick else FULL,
        Path(tempfile.mkdtemp(prefix="growth-", dir=out)),
        seed=args.seed,
        parts=tuple(args.parts),
    )
    text = render(growth)
    (out / "results.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps(to_json(growth), indent=2, default=str), encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
