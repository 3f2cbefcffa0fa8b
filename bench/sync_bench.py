#!/usr/bin/env python
"""Sync benchmark, export part: ``export_till`` of a till with one event and 200,000 sale lines
to a folder, beside the floor, in one run. Target: ≤ 1.5× the floor.

The till is the variance benchmark's event (``bench.variance_bench.build_event``: 5,000
products, opening count, delivery, 200,000 sale lines with payments and ledger rows, damage,
closing count). Building it takes a while, so it is kept under ``bench/out/`` and reused; each
run works on a fresh copy (an export records itself in ``sync_exports``).

The floor runs the very same SELECTs (``bazaar_pos.sync.export.table_sql``: the same joins for
the referenced uuids, the same columns, text protection and datetime formatting in SQL) with
nothing but ``sqlite3`` in one read transaction, each straight into ``csv.writer`` on a
``utf-8-sig`` file. The export does more on top: counting rows for the progress, the watermarks,
SHA-256 of every file, fsync, the manifest, the rename and the ``sync_exports`` row.

    python bench/sync_bench.py [--products 5000] [--sale-lines 200000] [--runs 5]

Wiring into ``run_bench.py`` (owned by the lead): call ``bench_export(...)`` and report
``export_s`` / ``floor_s`` (medians) with the target ``≤ 1.5× floor``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.paths import database_path
from bazaar_pos.sync import export_till
from bazaar_pos.sync.export import table_sql
from bazaar_pos.sync.format import CSV_ENCODING, TABLES
from bench.floors import connect, copy_database

TARGET_RATIO = 1.5
OUT = Path(__file__).resolve().parent / "out"
NOTE = (
    "{products:,} products, {sale_lines:,} sale lines, {rows:,} rows in {files} CSV files "
    "({megabytes:.1f} MB); median of {runs}. Floor: the same SELECTs (joins for the uuids, "
    "protection and ISO dates in SQL) in raw sqlite3, one transaction, csv.writer to files."
)


# --- the till --------------------------------------------------------------------------------


def cached_till(products: int = 5000, sale_lines: int = 200_000, *, seed: int = 62) -> Path:
    """The database file of a till with one whole event (built once, kept in bench/out/)."""
    folder = OUT / f"sync-till-{products}-{sale_lines}-{seed}"
    path = database_path(folder)
    if path.is_file():
        return path
    from bench.variance_bench import build_event

    # bench/out/ may not be there yet: run_bench.py --out DIR writes its results elsewhere.
    OUT.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="sync-till-", dir=OUT))
    try:
        db, _event_id, _facts = build_event(building, products, sale_lines, seed=seed)
        db.dispose()
        copy_database(database_path(building), database_path(building / "ready"))
        shutil.rmtree(folder, ignore_errors=True)
        (building / "ready").rename(folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return database_path(folder)


# --- the floor -------------------------------------------------------------------------------


def export_floor(db_file: Path, target: Path) -> None:
    """The export's SELECTs in raw sqlite3, one transaction, each straight into csv.writer."""
    target.mkdir()
    connection = connect(db_file)
    try:
        connection.execute("BEGIN")
        for spec in TABLES:
            cursor = connection.execute(table_sql(spec))
            with open(target / spec.file_name, "w", encoding=CSV_ENCODING, newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(spec.header)
                writer.writerows(cursor)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _data_rows(folder: Path) -> dict[str, int]:
    """Rows of every CSV of a folder (header excluded): the floor wrote what the export did."""
    counts: dict[str, int] = {}
    for spec in TABLES:
        with open(folder / spec.file_name, encoding=CSV_ENCODING, newline="") as handle:
            counts[spec.name] = sum(1 for _ in csv.reader(handle)) - 1
    return counts


# --- timing ----------------------------------------------------------------------------------


def _interleaved(
    cases: dict[str, Callable[[int], object]], runs: int, *, warmup: bool = True
) -> dict[str, list[float]]:
    """Seconds of every call (after one warm-up each, with ``warmup``); the order alternates
    from run to run."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    if warmup:
        for call in cases.values():
            call(-1)
    for index in range(runs):
        order = list(cases) if index % 2 == 0 else list(reversed(cases))
        for name in order:
            gc.collect()
            began = time.perf_counter()
            cases[name](index)
            times[name].append(time.perf_counter() - began)
    return times


def bench_export(
    products: int = 5000, sale_lines: int = 200_000, runs: int = 5, *, seed: int = 62
) -> dict[str, Any]:
    """Time ``export_till`` (full, to a folder) against its floor on a copy of the cached till.

    Returns plain figures: ``export_s`` / ``floor_s`` (medians of ``runs``), ``ratio``,
    ``target_ratio``, ``met``, every timing, the size of the export and a ``note``.
    """
    began = time.perf_counter()
    source = cached_till(products, sale_lines, seed=seed)
    build_s = time.perf_counter() - began
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    try:
        copy_database(source, database_path(work / "till"))
        result = export_beside_floor(work / "till", runs, work=work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["products"] = products
    result["build_or_reuse_s"] = build_s
    return result


def export_beside_floor(
    data_dir: Path, runs: int, *, work: Path, keep: Path | None = None, zip_too: bool = True
) -> dict[str, Any]:
    """Time ``export_till`` of the till in ``data_dir`` (it writes there: each export records
    itself) against the floor, ``runs`` each, the order alternating. The first pair (the
    floor, then the export: an export appends its own audit entry once written) is kept to
    compare their rows and counts as the first run: a 1M-line export takes half a minute,
    and a warm-up pair on top of the runs would double it. ``keep``: where the first export
    is left (for a merge to read). ``zip_too``: one more export, to a .zip, for
    information."""
    work.mkdir(parents=True, exist_ok=True)
    db = Database.open(sqlite_url(database_path(data_dir)), anonymous_setup=True)
    db_file = database_path(data_dir)
    kept_at = keep if keep is not None else work / "kept"
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        keep.parent.mkdir(parents=True, exist_ok=True)
    try:

        def project(index: int) -> None:
            target = work / f"export-{index}"
            export_till(db, target, exported_by="bench")
            shutil.rmtree(target)

        def floor(index: int) -> None:
            target = work / f"floor-{index}"
            export_floor(db_file, target)
            shutil.rmtree(target)

        gc.collect()
        began = time.perf_counter()
        export_floor(db_file, work / "kept-floor")
        first_floor = time.perf_counter() - began
        gc.collect()
        began = time.perf_counter()
        kept = export_till(db, kept_at, exported_by="bench")
        first_export = time.perf_counter() - began
        floor_rows = _data_rows(work / "kept-floor")
        shutil.rmtree(work / "kept-floor")
        times = _interleaved({"export": project, "floor": floor}, runs - 1, warmup=False)
        times["export"].insert(0, first_export)
        times["floor"].insert(0, first_floor)
        zip_s: float | None = None
        zip_bytes: int | None = None
        if zip_too:
            zip_began = time.perf_counter()
            zip_bytes = export_till(db, work / "kept.zip", exported_by="bench").bytes
            zip_s = time.perf_counter() - zip_began
            Path(work / "kept.zip").unlink(missing_ok=True)
    finally:
        db.dispose()
    if keep is None:
        shutil.rmtree(kept_at, ignore_errors=True)
    export_s = statistics.median(times["export"])
    floor_s = statistics.median(times["floor"])
    rows = sum(kept.row_counts.values())
    if floor_rows != kept.row_counts:
        raise AssertionError(f"the floor wrote other rows: {floor_rows} vs {kept.row_counts}")
    ratio = export_s / floor_s if floor_s else None
    return {
        "sale_lines": kept.row_counts["sale_lines"],
        "rows": rows,
        "files": len(TABLES) + 1,
        "bytes": kept.bytes,
        "row_counts": kept.row_counts,
        "runs": runs,
        "export_s": export_s,
        "floor_s": floor_s,
        "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "met": ratio is not None and ratio <= TARGET_RATIO,
        "export_times_s": times["export"],
        "floor_times_s": times["floor"],
        "zip_s": zip_s,  # one full export to a .zip (ZIP_DEFLATED), for information
        "zip_bytes": zip_bytes,
        "note": NOTE.format(
            products=_products(db_file),
            sale_lines=kept.row_counts["sale_lines"],
            rows=rows,
            files=len(TABLES),
            megabytes=kept.bytes / 1e6,
            runs=runs,
        ),
    }


def _products(db_file: Path) -> int:
    with contextlib.closing(connect(db_file)) as connection:
        return int(connection.execute("SELECT count(*) FROM products").fetchone()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--sale-lines", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=62)
    args = parser.parse_args(argv)
    if min(args.products, args.sale_lines, args.runs) < 1:
        parser.error("--products, --sale-lines and --runs must be at least 1")
    result = bench_export(args.products, args.sale_lines, args.runs, seed=args.seed)
    print(
        f"till: {result['products']:,} products, {result['sale_lines']:,} sale lines, "
        f"{result['rows']:,} rows exported, {result['bytes'] / 1e6:.1f} MB "
        f"(built or reused in {result['build_or_reuse_s']:.1f} s)"
    )
    for name in ("export", "floor"):
        times = result[f"{name}_times_s"]
        print(
            f"{name:7} median {result[f'{name}_s'] * 1000:8.1f} ms  ("
            + ", ".join(f"{t * 1000:.0f}" for t in times)
            + ")"
        )
    print(f"to a .zip: {result['zip_s'] * 1000:.0f} ms, {result['zip_bytes'] / 1e6:.1f} MB")
    ratio = result["ratio"]
    print(
        f"ratio {ratio:.2f}×; target ≤ {TARGET_RATIO}×: {'met' if result['met'] else 'NOT met'}"
        if ratio is not None
        else "ratio n/a"
    )
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
