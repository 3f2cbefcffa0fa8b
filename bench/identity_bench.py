#!/usr/bin/env python
"""What a database that knows itself costs (bazaar_pos/db/file_identity.py, startup.py).

1. The file check before each write transaction: ``FileWatch.check`` (one ``os.stat`` and a
   compare) against the bare ``os.stat`` of the same path, per call; and a small write unit of
   work (``db.write()`` with one UPDATE, committed with ``synchronous=FULL``) with the check
   on and off, interleaved.
2. The start-up checks on a till of ``--sales`` chained sales: ``PRAGMA quick_check`` (every
   start), ``PRAGMA integrity_check`` (``bazaar-pos check --full``), and the whole
   ``open_till`` (checks, identity, the journal's tails).

    QT_QPA_PLATFORM=offscreen python bench/identity_bench.py [--sales 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bazaar_pos.db import Database
from bazaar_pos.db.file_identity import FileWatch
from bazaar_pos.paths import database_path
from bazaar_pos.startup import check_database, open_till
from bench.timing import measure_interleaved, time_once


def per_call_ns(call: object, calls: int) -> float:
    """Median over 7 rounds of the nanoseconds per call of ``calls`` calls."""
    assert callable(call)
    rounds = []
    for _ in range(7):
        began = time.perf_counter_ns()
        for _ in range(calls):
            call()
        rounds.append((time.perf_counter_ns() - began) / calls)
    return statistics.median(rounds)


def bench_check(folder: Path, repeat: int) -> None:
    till = open_till(folder / "small", seed_demo=True, anonymous_setup=True)
    db = till.db
    watch = db.file_watch
    assert watch is not None and watch.identity is not None
    path = database_path(till.data_dir)
    stat_ns = per_call_ns(lambda: os.stat(path), 100_000)
    check_ns = per_call_ns(watch.check, 100_000)
    print(f"os.stat(path):        {stat_ns / 1000:.2f} µs per call (the floor)")
    print(
        f"FileWatch.check():    {check_ns / 1000:.2f} µs per call "
        f"({check_ns / stat_ns:.2f}× the bare os.stat)"
    )
    recorded = watch.identity
    off = FileWatch(path)  # identity None: the check returns at once

    def unit_of_work(_index: int) -> None:
        with db.write() as session:
            session.execute(text("UPDATE settings SET value = value WHERE key = 'till_code'"))

    def checked(index: int) -> None:
        db.file_watch.identity = recorded  # type: ignore[union-attr]
        unit_of_work(index)

    def unchecked(index: int) -> None:
        # The hook still runs (its dispatch is part of the "on" cost), the stat does not.
        db.file_watch.identity = off.identity  # type: ignore[union-attr]
        unit_of_work(index)

    samples = measure_interleaved(
        {"check on": checked, "check off": unchecked}, repeat=repeat, warmup=50
    )
    db.file_watch.identity = recorded  # type: ignore[union-attr]
    on, off_sample = samples["check on"], samples["check off"]
    print(
        f"write unit of work:   check on {on.median * 1000:.0f} µs, off "
        f"{off_sample.median * 1000:.0f} µs (median of {on.n}; difference "
        f"{(on.median - off_sample.median) * 1000:+.0f} µs, "
        f"ratio {on.median / off_sample.median:.3f})"
    )
    db.dispose()


def bench_start(folder: Path, sales: int) -> None:
    from bench.journal_bench import build_till

    built = time.perf_counter()
    db = build_till(folder / "big", sales)
    db.dispose()
    path = database_path(folder / "big")
    print(
        f"\nTill of {sales} sales built in {time.perf_counter() - built:.0f} s, "
        f"{path.stat().st_size / 2**20:.0f} MiB"
    )
    for full in (False, True):
        checker = Database(f"sqlite:///{path}")

        def run_check(database: Database = checker, whole: bool = full) -> None:
            check_database(database, None, full=whole)

        times = [time_once(run_check) for _ in range(3)]
        checker.dispose()
        name = "integrity_check" if full else "quick_check"
        print(f"PRAGMA {name}: {statistics.median(times):.0f} ms (median of 3, warm cache)")

    def whole() -> None:
        till = open_till(folder / "big", seed_demo=True, anonymous_setup=True)
        till.db.dispose()

    times = [time_once(whole) for _ in range(3)]
    print(f"open_till (all start-up checks): {statistics.median(times):.0f} ms (median of 3)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sales", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=400, help="write units of work per case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="identity-bench-") as work:
        bench_check(Path(work), args.repeat)
        if args.sales:
            bench_start(Path(work), args.sales)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
