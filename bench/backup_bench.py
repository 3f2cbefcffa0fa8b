"""What a backup costs on a big till, and what selling feels while one runs.

1. ``make_backup`` whole (the online backup in one step, fsync, the check — quick_check, schema,
   the journal chains' tails — the rename and the rotation) against its floor: the same library
   work bare, ``sqlite3`` ``backup()`` into a new file then ``PRAGMA quick_check`` on it.
2. Selling while backups run: ``commit_sale`` latencies with nothing else running, then with a
   thread taking backups back to back (as the app's worker thread does), on the same till.

    python bench/backup_bench.py [--sales 100000] [--runs 5] [--commits 60]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.backup import BackupPolicy, BackupReason, check_backup, make_backup
from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.paths import database_path
from bazaar_pos.settings import load_settings
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bench.floors import copy_database
from bench.timing import measure_interleaved

OUT = Path(__file__).resolve().parent / "out"
KEEP_ALL = BackupPolicy(keep_last=1000, keep_days=0)


def cached_till(sales: int) -> Path:
    """The database of a till with ``sales`` chained sales (built once, kept in bench/out/)."""
    folder = OUT / f"backup-till-{sales}"
    path = database_path(folder)
    if path.is_file():
        return path
    from bench.journal_bench import build_till

    building = Path(tempfile.mkdtemp(prefix="backup-till-", dir=OUT))
    try:
        build_till(building / "till", sales).dispose()
        copy_database(database_path(building / "till"), database_path(building / "ready"))
        shutil.rmtree(folder, ignore_errors=True)
        (building / "ready").rename(folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return path


def floor(source: Path, target: Path) -> None:
    """The library's own work: one backup step into a new file, then quick_check on it."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def bench_backup(source: Path, work: Path, runs: int) -> dict[str, object]:
    database = database_path(work / "till")
    copy_database(source, database)
    out = work / "floor"
    out.mkdir()

    def project(index: int) -> None:
        result = make_backup(database, work / "till", BackupReason.MANUAL, KEEP_ALL)
        assert result.info.ok, result.info.check

    def bare(index: int) -> None:
        floor(database, out / f"{index}.sqlite3")

    samples = measure_interleaved(
        {"backup": project, "floor": bare}, repeat=runs, warmup=1, block=1
    )
    newest = sorted((work / "till" / "backups").iterdir())[-1]
    started = time.perf_counter()
    check = check_backup(newest)
    check_ms = (time.perf_counter() - started) * 1000
    return {
        "megabytes": round(database.stat().st_size / 1e6, 1),
        "sales": check.sales,
        "backup_ms": round(samples["backup"].median, 1),
        "floor_ms": round(samples["floor"].median, 1),
        "ratio": round(samples["backup"].median / samples["floor"].median, 2),
        "check_only_ms": round(check_ms, 1),
    }


def bench_selling(source: Path, work: Path, commits: int) -> dict[str, object]:
    database = database_path(work / "selling")
    copy_database(source, database)
    db = Database.open(sqlite_url(database), anonymous_setup=True)
    settings = load_settings(db)
    rng = random.Random(7)
    with closing(sqlite3.connect(database)) as raw:
        catalog = raw.execute("SELECT id, price FROM products WHERE active = 1").fetchall()

    def sell() -> float:
        lines = [SaleLineRequest(pid, 1, price) for pid, price in rng.sample(catalog, 5)]
        total = sum(line.unit_price for line in lines)
        started = time.perf_counter()
        commit_sale(
            db,
            lines,
            PaymentRequest(method="cash", tendered=total),
            cashier=settings.cashier,
            till_code=settings.till_code,
            event_id=settings.current_event_id,
        )
        return (time.perf_counter() - started) * 1000

    for _ in range(5):
        sell()  # warm-up
    alone = [sell() for _ in range(commits)]
    stop = threading.Event()
    backups = 0

    def backing_up() -> None:
        nonlocal backups
        while not stop.is_set():
            make_backup(database, database.parent, BackupReason.TIMER, KEEP_ALL)
            backups += 1

    worker = threading.Thread(target=backing_up)
    worker.start()
    try:
        during = [sell() for _ in range(commits)]
    finally:
        stop.set()
        worker.join()
    db.dispose()
    return {
        "commits": commits,
        "alone_median_ms": round(statistics.median(alone), 1),
        "alone_max_ms": round(max(alone), 1),
        "during_median_ms": round(statistics.median(during), 1),
        "during_max_ms": round(max(during), 1),
        "median_ratio": round(statistics.median(during) / statistics.median(alone), 2),
        "backups_meanwhile": backups,
        "failed_sales": 0,  # commit_sale raised for none (it would have ended the run)
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commits", type=int, default=60)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    source = cached_till(args.sales)
    with tempfile.TemporaryDirectory(prefix="backup-bench-", dir=OUT) as scratch:
        work = Path(scratch)
        results = {
            "backup": bench_backup(source, work, args.runs),
            "selling": bench_selling(source, work, args.commits),
        }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
