#!/usr/bin/env python
"""The grown bazaars the growth benchmarks share: one generator, one cache, built once.

The generator is ``bench/reports_data.build_till``: a fresh till (the demo event), grown to
``products`` with ``add_demo_products``, an opening count, ``lines`` sale lines of the demo's
sales over three days by four cashiers (written in bulk as ``commit_sale`` writes them),
refunds, damage and a closing count. The scan, search, reports, commit, export and merge
benches all read these bazaars, so a size is built once for all of them.

A built bazaar is kept in ``bench/out/grown/<key>/`` where the key names everything its
content depends on: the schema (the head migration and a digest of every migration file),
:data:`GENERATOR` (bumped when the generator writes something else), the seed, the products
and the sale lines. A database of another schema or generator is never reused: it is built
again under its own key (``--prune`` deletes the others). A bazaar is built in a
``.building`` folder and renamed when complete, so an interrupted build is not reused.

A bench never opens the cached folder itself (opening a till, a sale, an export all write):
``run_copy`` gives the run its own copy, one per size, which the reading benches share and
the writing ones use last.

    python bench/grown.py [--quick] [--prune]     # build the cache once (make bench-data)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.db.migrate import HEAD_REVISION, MIGRATIONS_DIR

OUT = Path(__file__).resolve().parent / "out"
CACHE = OUT / "grown"
SEED = 62
# What the generator writes: bump it with any change to reports_data.build_till or to the
# writers it calls, so bazaars built by the old one are not taken for the new one's.
GENERATOR = 1

# The sizes: sale lines on the demo catalogue (~30 products) and on 100,000
# products, and the two catalogue sizes of the search.
DEMO = 0  # no products added: the demo event's own catalogue
BIG = 100_000
LINES = (10_000, 100_000, 1_000_000)
SEARCH_PRODUCTS = (1_000, BIG)
SEARCH_LINES = 10_000  # the search reads the catalogue; a small ledger is enough
# A smoke run's sizes (``--quick``): the same shapes, seconds to build.
QUICK_BIG = 5_000
QUICK_LINES = (2_000, 20_000)
QUICK_SEARCH_PRODUCTS = (1_000, QUICK_BIG)


def _schema() -> str:
    """The head revision and a digest of every migration: a cached database is this schema's."""
    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{HEAD_REVISION}-{digest.hexdigest()[:8]}"


SCHEMA = _schema()


def key(products: int, lines: int, seed: int = SEED) -> str:
    return f"{SCHEMA}-g{GENERATOR}-seed{seed}-{products}p-{lines}l"


def sizes(quick: bool) -> list[tuple[int, int]]:
    """Every (products, lines) bazaar a whole run of the set reads."""
    lines = QUICK_LINES if quick else LINES
    big = QUICK_BIG if quick else BIG
    search = QUICK_SEARCH_PRODUCTS if quick else SEARCH_PRODUCTS
    wanted = [(products, n) for products in (DEMO, big) for n in lines]
    wanted += [(products, SEARCH_LINES if not quick else lines[0]) for products in search]
    return list(dict.fromkeys(wanted))


def grown(
    products: int, lines: int, seed: int = SEED, *, cache: Path | None = None
) -> tuple[Path, dict[str, Any]]:
    """The cached bazaar of this size (built the first time): its folder and its facts.
    ``cache``: default :data:`CACHE` (read when called, so a test can point it elsewhere)."""
    folder = (cache or CACHE) / key(products, lines, seed)
    facts_file = folder / "facts.json"
    if facts_file.exists():
        return folder, dict(json.loads(facts_file.read_text()))
    from bench.reports_data import build_till

    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    print(f"building {folder.name} …", flush=True)
    facts = build_till(building, products, lines, seed)
    facts["schema"], facts["generator"] = SCHEMA, GENERATOR
    (building / "facts.json").write_text(json.dumps(facts, indent=2))
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)
    print(f"built {folder.name} in {facts['build_s']:.0f} s", flush=True)
    return folder, facts


def run_copy(
    products: int, lines: int, work: Path, seed: int = SEED, *, cache: Path | None = None
) -> tuple[Path, dict[str, Any]]:
    """This run's own copy of the bazaar (made once per run under ``work``): its folder and
    facts. The benches that only read share it; the ones that write use it last."""
    source, facts = grown(products, lines, seed, cache=cache)
    folder = work / source.name
    if not (folder / "facts.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(source, folder)
    return folder, facts


def build_all(wanted: Iterable[tuple[int, int]], *, cache: Path | None = None) -> float:
    """Build every size not cached yet; returns the seconds it took."""
    began = time.perf_counter()
    for products, lines in wanted:
        grown(products, lines, cache=cache)
    return time.perf_counter() - began


def prune(*, cache: Path | None = None) -> list[str]:
    """Delete the cached bazaars of another schema or generator (and unfinished builds)."""
    cache = cache or CACHE
    current = f"{SCHEMA}-g{GENERATOR}-"
    removed = []
    for folder in sorted(cache.glob("*")) if cache.exists() else []:
        if folder.is_dir() and not (folder.name.startswith(current) and "." not in folder.name):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the smoke run's sizes")
    parser.add_argument(
        "--prune", action="store_true", help="delete bazaars of another schema or generator"
    )
    args = parser.parse_args(argv)
    if args.prune:
        for name in prune():
            print(f"removed {name}")
    took = build_all(sizes(args.quick))
    for products, lines in sizes(args.quick):
        folder, facts = grown(products, lines)
        print(
            f"{folder.name}: {facts['products']:,} products, {lines:,} lines, "
            f"{facts['database_bytes'] / 1e6:,.0f} MB (built in {facts['build_s']:.0f} s)"
        )
    print(f"cache ready in {took:.0f} s: {CACHE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
