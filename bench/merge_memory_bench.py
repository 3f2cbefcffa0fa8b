#!/usr/bin/env python
"""Merge memory benchmark: peak RSS of merging one till's export into an empty SQLite database,
beside a floor in the same run, at 100,000 and 1,000,000 sale lines (for the growth).

Each figure is a fresh subprocess (its peak resident set, ``ru_maxrss``, is its own):

- project: ``import_export(db, export)`` — every file verified (size, SHA-256, header, every
  cell), the plan made in a read snapshot with all its checks, written in short
  transactions;
- floor: the merge bench's floor (``bench/sync_merge_bench.py``: ``csv`` and ``sqlite3``
  only, each file read whole into a list of rows and sent with one ``executemany``, uuids
  mapped to ids through dicts, no checks) on the same export into an empty database;
- bare: the same interpreter with the project imported and the database opened, nothing
  merged: what any process of the app holds before it does anything.

The exports are the merge bench's (``build_exports``: the demo event, its ~30 products,
sales of 1–5 lines), made once and cached under ``bench/out/``; 1,000,000 sale lines take
~10 minutes to make the first time and ~600 MB of CSV.

    python bench/merge_memory_bench.py [--sale-lines 100000 1000000] [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
NOTE = (
    "Peak RSS of one process merging one till's export of {sale_lines:,} sale lines "
    "({rows:,} rows) into an empty SQLite database, every file verified; floor: csv + sqlite3 "
    "executemany of the same rows in the same process shape (no checks); bare: the process "
    "with the project imported and the database opened."
)


def peak_mb() -> float:
    """This process's peak resident set so far (Linux: ``ru_maxrss`` is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, export: Path, db_file: Path) -> dict[str, Any]:
    """One measured process: merge (``project``), the floor (``floor``) or nothing (``bare``)."""
    from bazaar_pos.db import Database
    from bazaar_pos.db.engine import sqlite_url
    from bazaar_pos.sync import import_export
    from bench.sync_merge_bench import floor_merge

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    db = Database.open(sqlite_url(db_file), anonymous_setup=True)
    if mode == "floor":
        db.dispose()  # the floor opens the file with sqlite3 alone
    began = time.perf_counter()
    rows = 0
    if mode == "project":
        result = import_export(db, export)
        rows = result.rows_added
        db.dispose()
    elif mode == "floor":
        rows = floor_merge(db_file, [export])
    else:
        db.dispose()
    seconds = time.perf_counter() - began
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    return {"mode": mode, "peak_mb": round(peak_mb(), 1), "seconds": seconds, "rows": rows}


def measure(mode: str, export: Path, db_file: Path) -> dict[str, Any]:
    """``child`` in a fresh interpreter; its answer is the last line it prints."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(export), str(db_file)],
        check=True,
        capture_output=True,
        text=True,
    )
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def bench_memory(sale_lines: int) -> dict[str, Any]:
    from bazaar_pos.sync.format import TABLES
    from bench.sync_merge_bench import build_exports

    (export,) = build_exports(1, sale_lines)
    rows = 0
    for spec in TABLES:
        with (export / spec.file_name).open("rb") as handle:
            rows += sum(1 for _ in handle) - 1
    work = OUT / "merge-memory-work"
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    bare = measure("bare", export, work / "bare.sqlite3")
    floor = measure("floor", export, work / "floor.sqlite3")
    project = measure("project", export, work / "project.sqlite3")
    return {
        "sale_lines": sale_lines,
        "rows_in_export": rows,
        "csv_mb": round(sum(p.stat().st_size for p in export.glob("*.csv")) / 2**20, 1),
        "largest_csv_mb": round(max(p.stat().st_size for p in export.glob("*.csv")) / 2**20, 1),
        "bare_peak_mb": bare["peak_mb"],
        "floor_peak_mb": floor["peak_mb"],
        "project_peak_mb": project["peak_mb"],
        "ratio": project["peak_mb"] / floor["peak_mb"],
        "project_above_bare_mb": round(project["peak_mb"] - bare["peak_mb"], 1),
        "floor_above_bare_mb": round(floor["peak_mb"] - bare["peak_mb"], 1),
        "project_s": round(project["seconds"], 1),
        "floor_s": round(floor["seconds"], 1),
        "rows_added": project["rows"],
        "load_average": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "note": NOTE.format(sale_lines=sale_lines, rows=rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--sale-lines", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--quick", action="store_true", help="20,000 sale lines only")
    parser.add_argument(
        "--child", nargs=3, metavar=("MODE", "EXPORT", "DB"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        mode, export, db_file = args.child
        print(json.dumps(child(mode, Path(export), Path(db_file))))
        return 0
    sizes = [20_000] if args.quick else args.sale_lines
    results = []
    for sale_lines in sizes:
        result = bench_memory(sale_lines)
        results.append(result)
        print(
            f"{sale_lines:>9,} sale lines ({result['rows_in_export']:,} rows, "
            f"{result['csv_mb']} MB CSV, largest file {result['largest_csv_mb']} MB): "
            f"merge peak {result['project_peak_mb']:.0f} MB in {result['project_s']} s, "
            f"floor {result['floor_peak_mb']:.0f} MB in {result['floor_s']} s "
            f"(ratio {result['ratio']:.2f}), bare process {result['bare_peak_mb']:.0f} MB; "
            f"load {result['load_average']}",
            flush=True,
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        exponent = math.log(
            max(last["project_above_bare_mb"], 1) / max(first["project_above_bare_mb"], 1)
        ) / math.log(last["sale_lines"] / first["sale_lines"])
        print(f"growth exponent of the merge's memory above the bare process: {exponent:.2f}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "merge-memory.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
