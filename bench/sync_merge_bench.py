#!/usr/bin/env python
"""Merge benchmark: ``import_exports`` of 10 tills' exports of 200,000 sale lines each into an
empty database, beside a floor in the same run.

The exports are made once and cached under ``bench/out/sync-merge-<tills>x<lines>/``: each
till is a fresh ``open_till`` (the demo event and its ~30 products, each till with its own
uuids, so the merge matches the catalogs by sku) with its own till code (``BM01`` …), the
demo's sales (1–5 lines, cash, QRIS and transfer) written in bulk by ``bench/sales_data.py``
(the rows ``commit_sale`` writes: sales, lines, payments, ``sale`` movements, the receipt
counter), one every half second from the event's first morning, then ``export_till`` to a
folder.

Timed, each into a fresh empty migrated database:

- project: ``import_exports(db, folders)`` — verification of every file (size, SHA-256, header,
  every cell), then each export planned in a read snapshot with all its checks and written
  in short transactions (the pause between them, which lets tills in, included);
- floor: nothing but ``csv`` and ``sqlite3`` (the project's pragmas): every CSV read, each row
  given an id and its ``*_uuid`` cells replaced by ids from dicts (the least a merge must do
  to produce rows of this schema), one ``executemany`` per file, one transaction per export;
  no checksums, no cell checks, no lookups of existing rows, catalog rows of later tills
  matched by their natural key through a dict.

    python bench/sync_merge_bench.py [--tills 10] [--sale-lines 200000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import shutil
import sys
import time
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.demo.sales import plan_sales, sale_catalog
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.sync import export_till, import_exports
from bazaar_pos.sync.format import SIGNATURE_NAME, TABLES, CellKind
from bench.floors import connect
from bench.sales_data import write_planned_sales

OUT = Path(__file__).resolve().parent / "out"
STARTED = dt.datetime(2026, 4, 9, 1, 0, tzinfo=dt.UTC)  # 09:00 WITA, the event's first morning
NOTE = (
    "{tills} exports of {sale_lines:,} sale lines each ({rows:,} rows in all) merged into an "
    "empty database, each all or nothing in short transactions, every file verified. Floor: "
    "csv + sqlite3 "
    "executemany of the same rows (uuid→id dicts, no checks)."
)


# --- the exports -------------------------------------------------------------------------------


def build_exports(tills: int, sale_lines: int, *, seed: int = 62) -> list[Path]:
    """The exports of ``tills`` tills (made once, then reused from bench/out/)."""
    folder = OUT / f"sync-merge-{tills}x{sale_lines}-{seed}"
    exports = [folder / f"export-BM{number:02d}" for number in range(1, tills + 1)]
    # Exports of an older format (unsigned, before manifest.sig) are made again.
    if all((path / SIGNATURE_NAME).exists() for path in exports):
        return exports
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number, target in enumerate(exports, start=1):
        till_code = f"BM{number:02d}"
        data_dir = folder / f"till-{till_code}"
        till = open_till(data_dir, seed_demo=True, anonymous_setup=True)
        save_settings(till.db, load_settings(till.db).with_changes(till_code=till_code))
        write_planned_sales(
            till.db,
            plan_sales(sale_catalog(till.db), seed=seed + number, lines=sale_lines),
            till_code=till_code,
            event_id=load_settings(till.db).current_event_id,
            cashier="Siti Aminah",
            started=STARTED,
            spacing=dt.timedelta(seconds=0.5),
        )
        export_till(till.db, target)
        till.db.dispose()
        shutil.rmtree(data_dir)
        print(f"  built {target.name}", flush=True)
    return exports


# --- the floor ---------------------------------------------------------------------------------


def floor_merge(db_file: Path, exports: list[Path]) -> int:
    """The same rows with ``csv`` and ``sqlite3`` only; returns the rows inserted."""
    connection = connect(db_file)
    ids: dict[str, dict[str, int]] = {spec.name: {} for spec in TABLES}
    next_id: dict[str, int] = {spec.name: 1 for spec in TABLES}
    natural: dict[str, dict[tuple[Any, ...], int]] = {spec.name: {} for spec in TABLES}
    links: set[tuple[Any, ...]] = set()
    inserted = 0
    for export in exports:
        connection.execute("BEGIN IMMEDIATE")
        for spec in TABLES:
            with (export / spec.file_name).open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                rows = list(reader)
            refs = [
                (position, ids[column.ref_table])
                for position, column in enumerate(spec.columns)
                if column.kind is CellKind.REF and column.ref_table is not None
            ]
            attributes = [column.attribute for column in spec.columns]
            if spec.name == "event_institutions":
                pairs = []
                for cells in rows:
                    pair = tuple(mapping.get(cells[p]) for p, mapping in refs)
                    if pair not in links:
                        links.add(pair)
                        pairs.append(pair)
                connection.executemany(
                    f"INSERT INTO event_institutions ({','.join(attributes)}) VALUES (?, ?)",
                    pairs,
                )
                inserted += len(pairs)
                continue
            own = ids[spec.name]
            key_positions = [header.index(name) for name in spec.natural_key]
            known = natural[spec.name]
            values: list[list[Any]] = []
            number = next_id[spec.name]
            for cells in rows:
                row: list[Any] = list(cells)
                for position, mapping in refs:
                    cell = row[position]
                    row[position] = mapping.get(cell) if cell else None
                if key_positions:
                    key = tuple(row[p] for p in key_positions)
                    if key in known:
                        own[row[0]] = known[key]
                        continue
                    known[key] = number
                own[row[0]] = number
                values.append([number, *row])
                number += 1
            next_id[spec.name] = number
            extra = ""
            if spec.name == "users":
                extra = ", pin_hash"
                values = [[*row, ""] for row in values]
            marks = ",".join("?" * (len(attributes) + 1 + (1 if extra else 0)))
            connection.executemany(
                f"INSERT INTO {spec.name} (id, {','.join(attributes)}{extra}) VALUES ({marks})",
                values,
            )
            inserted += len(values)
        connection.execute("COMMIT")
    connection.close()
    return inserted


# --- the run -----------------------------------------------------------------------------------


def _empty_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    Database.open(sqlite_url(path), anonymous_setup=True).dispose()


def bench_merge(tills: int = 10, sale_lines: int = 200_000, *, seed: int = 62) -> dict[str, Any]:
    """Merge ``tills`` exports of ``sale_lines`` lines into an empty database, and the floor.

    Returns seconds, rows per second and the ratio project / floor.
    """
    exports = build_exports(tills, sale_lines, seed=seed)
    work = OUT / "sync-merge-work"
    work.mkdir(parents=True, exist_ok=True)
    rows_in_exports = 0
    for export in exports:
        for spec in TABLES:
            with (export / spec.file_name).open(encoding="utf-8-sig", newline="") as handle:
                rows_in_exports += sum(1 for _ in csv.reader(handle)) - 1

    _empty_database(work / "floor.sqlite3")
    gc.collect()
    began = time.perf_counter()
    floor_rows = floor_merge(work / "floor.sqlite3", exports)
    floor_s = time.perf_counter() - began

    _empty_database(work / "project.sqlite3")
    db = Database.open(sqlite_url(work / "project.sqlite3"), anonymous_setup=True)
    gc.collect()
    began = time.perf_counter()
    results = import_exports(db, exports)
    project_s = time.perf_counter() - began
    added = sum(sum(result.added.values()) for result in results)
    db.dispose()
    for name in ("floor.sqlite3", "project.sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work / name}{suffix}").unlink(missing_ok=True)
    return {
        "tills": tills,
        "sale_lines": sale_lines,
        "rows_in_exports": rows_in_exports,
        "rows_added": added,
        "floor_rows": floor_rows,
        "merge_s": project_s,
        "floor_s": floor_s,
        "rows_per_s": rows_in_exports / project_s,
        "floor_rows_per_s": rows_in_exports / floor_s,
        "ratio": project_s / floor_s,
        "note": NOTE.format(tills=tills, sale_lines=sale_lines, rows=rows_in_exports),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--tills", type=int, default=10)
    parser.add_argument("--sale-lines", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="3 tills of 20,000 sale lines")
    args = parser.parse_args(argv)
    tills, sale_lines = (3, 20_000) if args.quick else (args.tills, args.sale_lines)
    result = bench_merge(tills, sale_lines)
    print(
        f"merge {result['merge_s']:.2f} s ({result['rows_per_s']:,.0f} rows/s), "
        f"floor {result['floor_s']:.2f} s ({result['floor_rows_per_s']:,.0f} rows/s), "
        f"ratio {result['ratio']:.2f}×; rows {result['rows_in_exports']:,} "
        f"(added {result['rows_added']:,}, floor {result['floor_rows']:,})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
