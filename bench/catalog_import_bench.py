#!/usr/bin/env python
"""Catalog import benchmark: ``apply_catalog_import`` of an N-row CSV into a fresh till, beside
a raw ``csv`` + ``sqlite3`` executemany of the same rows into the same table, in one run.

Each run gets a fresh database: the project a new till (``open_till`` on an empty folder:
migrated, demo event seeded), the floor a copy of such a till. Opening and copying are not
timed. Project and floor runs alternate; the figures are medians.

Run alone (``run_bench.py`` also runs it, with its ``--products`` count):

    python bench/catalog_import_bench.py [--rows 100000] [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.catalog.barcodes import in_store_ean13
from bazaar_pos.catalog.csv_file import CSV_COLUMNS, apply_catalog_import
from bazaar_pos.paths import database_path
from bazaar_pos.startup import open_till
from bench.floors import copy_database, import_catalog_floor
from bench.timing import Sample

TARGET_RATIO = 3.0
QUICK_ROWS = 2_000
# Sequences clear of the demo catalog's barcodes (1–13 per institution).
FIRST_SEQUENCE = 1_000_000

# (name, category, institution, workshop, lowest price, highest price): the demo event's goods.
GOODS = [
    ("Besek bambu", "Anyaman bambu", "BNA", "Anyaman bambu", 125, 3_000),
    ("Tampah bambu", "Anyaman bambu", "BNA", "Anyaman bambu", 15_000, 30_000),
    ("Lukisan bakar kayu", "Kerajinan kayu", "BPN", "Kerajinan kayu", 75_000, 300_000),
    ("Gantungan kunci pyrography", "Kerajinan kayu", "BPN", "Kerajinan kayu", 5_000, 15_000),
    ("Amplang ikan", "UMKM makanan", "BPN", "UMKM makanan", 20_000, 35_000),
    ("Kopi susu", "Kafe", "BPN", "Kafe asimilasi", 8_000, 15_000),
    ("Keset kain perca", "Keset", "BLA", "Kerajinan keset", 15_000, 40_000),
    ("Talenan kayu jati", "Kerajinan kayu", "BLA", "Kerajinan kayu", 30_000, 60_000),
    ("Rak sepatu kayu", "Kerajinan kayu", "BLA", "Kerajinan kayu", 150_000, 350_000),
    ("Keripik tempe", "UMKM makanan", "BLA", "", 10_000, 25_000),
]
NUMBERS = {"BPN": 1, "BNA": 2, "BLA": 3}  # assets/demo_institutions.csv


def write_catalog_csv(path: Path, rows: int, *, seed: int = 62) -> None:
    """``rows`` new products in the import format, as Excel's "CSV UTF-8" writes it.

    Three rows in four carry an internal EAN-13; café drinks are not stock-tracked; every
    institution and workshop exists in a fresh till (the floor maps them with dictionaries).
    """
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for n in range(rows):
            name, category, code, workshop, low, high = rng.choice(GOODS)
            sequence = FIRST_SEQUENCE + n
            writer.writerow(
                (
                    f"{code}-I{sequence:07d}",
                    in_store_ean13(NUMBERS[code], sequence) if n % 4 else "",
                    f"{name} motif {n}",
                    "gelas" if category == "Kafe" else "buah",
                    rng.randrange(low, high + 1, 5 if low < 500 else 500),
                    category,
                    code,
                    workshop,
                    "0" if category == "Kafe" else "1",
                    "1",
                )
            )


def _products(database: Path) -> int:
    with closing(sqlite3.connect(database)) as connection:
        return int(connection.execute("SELECT count(*) FROM products").fetchone()[0])


def _timed(call: Callable[[], object]) -> float:
    gc.collect()  # garbage of the previous run is not billed to this one
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000


def measure_catalog_import(work_dir: Path, rows: int, runs: int) -> dict[str, Sample]:
    """``{"project": …, "floor": …}`` milliseconds of ``runs`` imports of ``rows`` rows each."""
    if work_dir.exists():
        shutil.rmtree(work_dir)
    work_dir.mkdir(parents=True)
    csv_path = work_dir / "catalog.csv"
    write_catalog_csv(csv_path, rows)
    # The floor's database: a copy of a freshly opened till, so the same schema and demo rows.
    template = open_till(work_dir / "template", seed_demo=True, anonymous_setup=True)
    before = _products(database_path(template.data_dir))
    template.db.dispose()
    times: dict[str, list[float]] = {"project": [], "floor": []}

    def project(run: int) -> None:
        till = open_till(work_dir / f"project-{run}", seed_demo=True, anonymous_setup=True)
        try:
            elapsed = _timed(lambda: apply_catalog_import(till.db, csv_path))
        finally:
            till.db.dispose()
        assert _products(database_path(till.data_dir)) == before + rows, "project rows"
        times["project"].append(elapsed)
        shutil.rmtree(till.data_dir)

    def floor(run: int) -> None:
        database = work_dir / f"floor-{run}" / "bazaar.sqlite3"
        copy_database(database_path(template.data_dir), database)
        elapsed = _timed(lambda: import_catalog_floor(database, csv_path))
        assert _products(database) == before + rows, "floor rows"
        times["floor"].append(elapsed)
        shutil.rmtree(database.parent)

    for run in range(runs):
        for case in (project, floor) if run % 2 == 0 else (floor, project):
            case(run)
    shutil.rmtree(work_dir, ignore_errors=True)
    return {name: Sample(tuple(values)) for name, values in times.items()}


NOTE = (
    "{rows:,} new products from one generated CSV (UTF-8 with BOM, three in four with an "
    "internal EAN-13) into a fresh database; median of {runs} runs each, alternating. "
    "Project: `apply_catalog_import` reads the file, checks every row (check digits, SKUs and "
    "barcodes unique in the file and the database, institutions, workshops, prices, flags) and "
    "writes with Core executemany in one write transaction. Floor: `csv.reader` + one "
    "`sqlite3` executemany of the same rows into a copy of a fresh till (same table, indexes, "
    "uniques, pragmas), one BEGIN IMMEDIATE, no checks."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--rows", type=int, default=None, help="default 100000 (quick 2000)")
    parser.add_argument("--runs", type=int, default=None, help="default 5 (quick 3)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    rows = args.rows or (QUICK_ROWS if args.quick else 100_000)
    runs = args.runs or (3 if args.quick else 5)
    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as folder:
        samples = measure_catalog_import(Path(folder) / "work", rows, runs)
    project, floor = samples["project"].median, samples["floor"].median
    print(f"catalog import of {rows:,} rows, median of {runs} runs")
    print(f"  project (apply_catalog_import): {project:8.0f} ms  {samples['project'].times_ms}")
    print(f"  floor (csv + sqlite3):          {floor:8.0f} ms  {samples['floor'].times_ms}")
    verdict = "met" if project <= TARGET_RATIO * floor else "MISSED"
    print(f"  ratio {project / floor:.2f}× (target ≤ {TARGET_RATIO:.0f}×: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
