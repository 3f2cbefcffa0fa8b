#!/usr/bin/env python
"""Only the sale-commit item of ``run_bench.py``, several times, from one built catalogue.

Builds the till of ``run_bench.py`` once (``--products``, 100,000 by default) into
``<out>/template`` (kept: ``--reuse`` skips the build next time), then for each run copies it,
opens the till and measures ``bench_commit`` exactly as ``run_bench.py`` does (a logged-in
cashier with an open shift, 5-line cash sales against ``CommitFloor`` on a copy of the same
database, interleaved). Prints each run and the medians; the machine's load is printed with
each run, since a shared machine's noise is larger than most changes::

    QT_QPA_PLATFORM=offscreen python bench/commit_bench.py --runs 5 [--reuse]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
from contextlib import closing
from pathlib import Path

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.startup import open_till
from bench.floors import copy_database
from bench.run_bench import ROOT, Report, bench_commit, build_database


def _checkpoint(db_file: Path) -> None:
    """An empty WAL to start from, as run_bench.py leaves it before its commit item."""
    with closing(sqlite3.connect(db_file)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1000, help="timed sales per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=62)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "commit")
    parser.add_argument("--reuse", action="store_true", help="reuse <out>/template if there")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out: Path = args.out.resolve()
    template = out / "template"
    if not (args.reuse and (template / "bazaar.sqlite3").exists()):
        till = build_database(template, args.products, Report(started_at="", args={}, machine={}))
        till.db.dispose()
        _checkpoint(template / "bazaar.sqlite3")
    warmup = 100  # as run_bench.py: both WALs grown to their checkpoint size before timing
    projects, floors, ratios = [], [], []
    for run in range(args.runs):
        work = out / "run"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(template, work / "till")
        till = open_till(work / "till", seed_demo=True, anonymous_setup=True)
        _checkpoint(work / "till" / "bazaar.sqlite3")
        floor_file = work / "floor" / "bazaar.sqlite3"
        copy_database(work / "till" / "bazaar.sqlite3", floor_file)
        report = Report(started_at="", args={}, machine={})
        rng = random.Random(args.seed + run)
        bench_commit(till, floor_file, args.repeat, warmup, rng, report)
        till.db.dispose()
        result = report.results[-1]
        assert result.project_ms is not None and result.floor_ms is not None
        projects.append(result.project_ms)
        floors.append(result.floor_ms)
        ratios.append(result.project_ms / result.floor_ms)
        print(
            f"run {run + 1}: project {result.project_ms:.3f} ms, floor {result.floor_ms:.3f} ms, "
            f"{ratios[-1]:.2f}×, load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    print(
        f"median of {args.runs}: project {statistics.median(projects):.3f} ms, "
        f"floor {statistics.median(floors):.3f} ms, {statistics.median(ratios):.2f}×"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
