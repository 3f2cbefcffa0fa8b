#!/usr/bin/env python
"""Two tills selling while the back office imports a big catalog into the same database file.

Three helper processes work on one till's database while this process imports an N-row
catalog CSV (``apply_catalog_import``):

- two **tills** (BPN1, BPN2) each ring up a one-line cash sale through ``commit_sale`` every
  ``--every`` ms, and record each sale's time and outcome (saved, or the exception's type);
- a **probe** tries ``BEGIN IMMEDIATE`` with no busy wait every millisecond (raw ``sqlite3``)
  and records the longest stretch from a refused try to the next successful one: how long a
  till may have to wait for the write lock, whatever the code that holds it (an upper bound:
  on a busy machine the probe itself is not always scheduled).

The tills sell for ``--warm-up`` seconds before the import starts: their commit times then are
the floor of the same run (the same sale with nobody importing). Printed: the import's wall
time, the longest write-lock hold seen by the probe, the sales saved and failed during the
import, their commit times (median, 99th percentile, max) against the floor's, and the WAL's
largest size.

``--code DIR`` runs the import and the tills from another checkout (e.g. the commit before
the batched import, for the "before" figures); the probe needs no project code.

    python bench/busy_tills_bench.py [--rows 200000] [--every 50] [--code /work/main]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent

TILL = """
import json, sys, time, traceback
sys.path.insert(0, {code!r})
sys.path.insert(1, {here!r})
from bazaar_pos.catalog.products import list_products
from bazaar_pos.db import Database
from bazaar_pos.paths import database_path
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from pathlib import Path

db = Database.open("sqlite:///" + str(database_path(Path({data!r}))), anonymous_setup=True)
product = next(p for p in list_products(db) if p.sku == "BPN-KAF-001")
results = []
stop = Path({stop!r})
while not stop.exists():
    began = time.time()
    try:
        commit_sale(
            db,
            [SaleLineRequest(product.id, 1, product.price)],
            PaymentRequest("cash", product.price),
            cashier="Kasir {till}",
            till_code={till!r},
            event_id=None,
        )
        outcome = "saved"
    except Exception as error:  # what the cashier would have seen
        outcome = type(error).__name__ + ": " + str(error)[:80]
    results.append((began, time.time() - began, outcome))
    time.sleep({every} / 1000)
Path({out!r}).write_text(json.dumps(results))
"""

PROBE = """
import json, sqlite3, time
from pathlib import Path

connection = sqlite3.connect({database!r}, timeout=0, isolation_level=None)
stop = Path({stop!r})
first_refusal = None
holds = []  # (refused from, for seconds), the stretches longer than 2 ms
while not stop.exists():
    tried = time.time()
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        if first_refusal is not None:
            if tried - first_refusal > 0.002:
                holds.append((first_refusal, tried - first_refusal))
            first_refusal = None
    except sqlite3.OperationalError:
        if first_refusal is None:
            first_refusal = tried
    time.sleep(0.001)
Path({out!r}).write_text(json.dumps(holds))
"""

IMPORT = """
import json, sys, time
sys.path.insert(0, {code!r})
sys.path.insert(1, {here!r})
from pathlib import Path
from bazaar_pos.catalog.csv_file import apply_catalog_import
from bazaar_pos.db import Database
from bazaar_pos.paths import database_path

db = Database.open("sqlite:///" + str(database_path(Path({data!r}))), anonymous_setup=True)
began = time.time()
result = apply_catalog_import(db, Path({csv!r}))
ended = time.time()
longest = getattr(result, "longest_write_ms", None)
Path({out!r}).write_text(json.dumps([began, ended, result.added, result.changed, longest]))
"""


@dataclass(frozen=True)
class BesideTills:
    """One long job run while two tills sell and the probe watches the write lock."""

    returncode: int  # the job's process
    began: float  # the job's own clock (time.time())
    ended: float
    job: list[Any]  # what the job wrote after began and ended
    holds: list[list[float]]  # the probe's (at, held) of each wait for the write lock
    floor: list[float]  # the tills' commit times before the job began
    during: list[float]  # ... while it ran
    saved: int  # sales saved while it ran
    failed: dict[str, int]  # sales failed while it ran, by outcome
    largest_wal: int  # bytes
    wal_after: int

    @property
    def longest_hold(self) -> tuple[float, float]:
        """The longest write-lock hold the probe saw while the job ran, and when."""
        return max(
            ((took, at) for at, took in self.holds if self.began <= at <= self.ended),
            default=(0.0, self.began),
        )


def run_beside_tills(
    code: Path, work: Path, every: int, warm_up: float, job: Callable[[Path, Path], str]
) -> BesideTills:
    """A fresh till in ``work/data`` made by the checkout ``code``; two till processes selling
    every ``every`` ms and the probe; after ``warm_up`` seconds the program ``job(data, out)``
    (Python source, which writes ``[began, ended, ...]`` as JSON to ``out``) in its own
    process; when it ends, the tills and the probe stop and everything is read back."""
    data = work / "data"
    shutil.rmtree(data, ignore_errors=True)
    setup = (
        f"import sys; sys.path.insert(0, {str(code)!r}); from pathlib import Path; "
        "from bazaar_pos.startup import open_till; "
        f"open_till(Path({str(data)!r}), seed_demo=True, anonymous_setup=True).db.dispose()"
    )
    subprocess.run([sys.executable, "-c", setup], check=True)
    database = next(data.glob("*.sqlite3"))
    stop = work / "stop"
    stop.unlink(missing_ok=True)
    env = {**os.environ, "TZ": "UTC"}

    def spawn(source: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", textwrap.dedent(source)], env=env)

    tills = [
        spawn(
            TILL.format(
                code=str(code),
                here=str(HERE),
                data=str(data),
                stop=str(stop),
                till=till,
                every=every,
                out=str(work / f"{till}.json"),
            )
        )
        for till in ("BPN1", "BPN2")
    ]
    probe_out = work / "probe.json"
    probe = spawn(PROBE.format(database=str(database), stop=str(stop), out=str(probe_out)))
    time.sleep(warm_up)
    wal = Path(str(database) + "-wal")
    out = work / "job.json"
    out.unlink(missing_ok=True)
    worker = spawn(job(data, out))
    largest_wal = 0
    while worker.poll() is None:
        largest_wal = max(largest_wal, wal.stat().st_size if wal.exists() else 0)
        time.sleep(0.2)
    time.sleep(1.0)
    stop.touch()
    for process in (*tills, probe):
        process.wait(timeout=120)
    began, ended, *rest = json.loads(out.read_text()) if worker.returncode == 0 else [0, 0]
    floor: list[float] = []
    during: list[float] = []
    failed: dict[str, int] = {}
    saved = 0
    for till in ("BPN1", "BPN2"):
        for at, took, outcome in json.loads((work / f"{till}.json").read_text()):
            if at < began:
                floor.append(took)
            elif at <= ended:
                during.append(took)
                if outcome == "saved":
                    saved += 1
                else:
                    failed[outcome] = failed.get(outcome, 0) + 1
    return BesideTills(
        returncode=worker.returncode,
        began=began,
        ended=ended,
        job=rest,
        holds=json.loads(probe_out.read_text()),
        floor=floor,
        during=during,
        saved=saved,
        failed=failed,
        largest_wal=largest_wal,
        wal_after=wal.stat().st_size if wal.exists() else 0,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--every", type=int, default=50, help="ms between a till's sales")
    parser.add_argument("--warm-up", type=float, default=3.0)
    parser.add_argument("--code", type=Path, default=HERE, help="checkout that imports and sells")
    parser.add_argument("--keep", type=Path, help="work in this folder and leave it")
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    from bench.catalog_import_bench import write_catalog_csv

    work = args.keep or Path(tempfile.mkdtemp(prefix="busy-tills-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / "catalog.csv"
    if not csv_path.exists():
        write_catalog_csv(csv_path, args.rows)
    code = args.code.resolve()

    def catalog_import(data: Path, out: Path) -> str:
        return IMPORT.format(
            code=str(code), here=str(HERE), data=str(data), csv=str(csv_path), out=str(out)
        )

    run = run_beside_tills(code, work, args.every, args.warm_up, catalog_import)
    if run.returncode != 0:
        print("the import failed", file=sys.stderr)
        return 1
    began, ended = run.began, run.ended
    added, changed, longest = run.job
    held_before = max((took for at, took in run.holds if at < began), default=0.0)
    held, held_from = run.longest_hold
    floor, during, saved, failed = run.floor, run.during, run.saved, run.failed
    largest_wal, wal_after = run.largest_wal, run.wal_after

    def ms(value: float) -> str:
        return f"{value * 1000:,.1f} ms"

    print(f"code: {code}")
    took = ended - began
    print(f"import: {args.rows:,} rows ({added:,} added, {changed:,} changed) in {took:.1f} s")
    if longest is not None:
        print(f"longest write transaction of the import (its own clock): {longest:,.1f} ms")
    print(
        f"longest write-lock hold seen by the probe: {ms(held)} "
        f"({held_from - began:+.1f} s from the import's start); before the import (the tills "
        f"alone, the floor): {ms(held_before)}"
    )
    print(f"sales during the import: {saved} saved, {sum(failed.values())} failed {failed or ''}")
    for name, values in (("floor (no import)", floor), ("during the import", during)):
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
    print(f"largest WAL during the import: {largest_wal / 1e6:.1f} MB; after: "
          f"{wal_after / 1e6:.1f} MB")  # fmt: skip
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
