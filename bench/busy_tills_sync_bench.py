#!/usr/bin/env python
"""Two tills selling while the office merges a big sync export into the same database file.

The same three helper processes as ``bench/busy_tills_bench.py`` (two tills ringing up a
one-line cash sale every ``--every`` ms, a probe trying ``BEGIN IMMEDIATE`` every millisecond)
work on an office till's database while a fourth process merges one till's export of
``--sale-lines`` sale lines (``import_export``; the export is the one of
``bench/sync_merge_bench.py``, cached under ``bench/out/``).

The tills sell for ``--warm-up`` seconds first: their commit times then are the floor of the
same run. With ``--before DIR`` the whole measurement runs first with the code of another
checkout (the merge in one transaction, e.g. ``/work/main`` before the batched merge), into a
fresh office database, then with this checkout: both in one run, same export, same machine.

    python bench/busy_tills_sync_bench.py [--sale-lines 200000] [--before /path/to/old/checkout]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from bench.busy_tills_bench import percentile, run_beside_tills  # noqa: E402

IMPORT = """
import json, sys, time
sys.path.insert(0, {code!r})
from pathlib import Path
from bazaar_pos.db import Database
from bazaar_pos.paths import database_path
from bazaar_pos.sync import import_export

db = Database.open("sqlite:///" + str(database_path(Path({data!r}))), anonymous_setup=True)
began = time.time()
result = import_export(db, Path({export!r}), imported_by="Bench")
ended = time.time()
longest = getattr(result, "longest_write_ms", None)
Path({out!r}).write_text(json.dumps([began, ended, result.rows_added, longest]))
"""


def measure(code: Path, export: Path, work: Path, every: int, warm_up: float) -> dict[str, Any]:
    """One office database, two tills selling, the probe, and the merge with ``code``."""

    def merge(data: Path, out: Path) -> str:
        return IMPORT.format(code=str(code), data=str(data), export=str(export), out=str(out))

    run = run_beside_tills(code, work, every, warm_up, merge)
    if run.returncode != 0:
        raise SystemExit(f"the merge failed ({code})")
    began, ended = run.began, run.ended
    added, longest = run.job
    held, held_from = run.longest_hold
    floor, during, saved, failed = run.floor, run.during, run.saved, run.failed
    largest_wal = run.largest_wal
    return {
        "code": str(code),
        "merge_s": ended - began,
        "rows_added": added,
        "own_longest_ms": longest,
        "probe_longest_ms": held * 1000,
        "probe_longest_at_s": held_from - began,
        "saved": saved,
        "failed": failed,
        "floor": floor,
        "during": during,
        "largest_wal_mb": largest_wal / 1e6,
        "wal_after_mb": run.wal_after / 1e6,
    }


def report(result: dict[str, Any]) -> None:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.1f} ms"

    print(f"code: {result['code']}")
    print(f"merge: {result['rows_added']:,} rows added in {result['merge_s']:.1f} s")
    if result["own_longest_ms"] is not None:
        print(f"longest write transaction of the merge (its own clock): "
              f"{result['own_longest_ms']:,.1f} ms")  # fmt: skip
    print(
        f"longest write-lock hold seen by the probe: {result['probe_longest_ms']:,.1f} ms "
        f"({result['probe_longest_at_s']:+.1f} s from the merge's start)"
    )
    failed = result["failed"]
    print(f"sales during the merge: {result['saved']} saved, {sum(failed.values())} failed "
          f"{failed or ''}")  # fmt: skip
    floor, during = result["floor"], result["during"]
    for name, values in (("floor (no merge)", floor), ("during the merge", during)):
        if values:
            print(
                f"commit {name}: median {ms(statistics.median(values))}, "
                f"p99 {ms(percentile(values, 0.99))}, max {ms(max(values))} ({len(values)} sales)"
            )
    if floor and during:
        print(
            f"ratio during/floor: median "
            f"{statistics.median(during) / statistics.median(floor):.1f}x, "
            f"max {max(during) / max(floor):.1f}x"
        )
    print(f"largest WAL during the merge: {result['largest_wal_mb']:.1f} MB; after: "
          f"{result['wal_after_mb']:.1f} MB")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--sale-lines", type=int, default=200_000)
    parser.add_argument("--every", type=int, default=50, help="ms between a till's sales")
    parser.add_argument("--warm-up", type=float, default=3.0)
    parser.add_argument("--before", type=Path, help="checkout whose merge is measured first")
    parser.add_argument("--keep", type=Path, help="work in this folder and leave it")
    parser.add_argument("--export", type=Path, help="merge this export (default: built once)")
    args = parser.parse_args()

    from bench.sync_merge_bench import build_exports

    export = args.export or build_exports(1, args.sale_lines)[0]
    work = args.keep or Path(tempfile.mkdtemp(prefix="busy-tills-sync-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for code in ([args.before.resolve()] if args.before else []) + [HERE]:
        result = measure(code, export, work, args.every, args.warm_up)
        report(result)
        print()
        results.append(result)
    if len(results) == 2:
        before, after = results
        ratio = after["merge_s"] / before["merge_s"]
        print(f"merge time, batched / one transaction: {after['merge_s']:.1f} s / "
              f"{before['merge_s']:.1f} s = {ratio:.2f}x")  # fmt: skip
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
