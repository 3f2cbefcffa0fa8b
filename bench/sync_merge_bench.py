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
  matched by their natural key through a dict; the columns an export does not carry get the
  model's defaults, and a count's references to later stock movements one UPDATE each (so
  it also merges a real till's export, with users and counts);
- checking floor (bench/merge_checking_floor.py): every check the merge makes — files,
  signature, SHA-256, every cell, the records adding up, uuids and unique keys against the
  database, references, the journal's chains and every new link's record hashed — each once
  on bare libraries (zipfile, hashlib, cryptography's Ed25519, csv, re, sqlite3), then the
  same rows in one transaction per export: the price of checking, without the merge's
  short transactions, undo log and ORM.

Best of ``--rounds`` rounds (the three in turn, the order rotated), with the load averages.

With ``--url`` (a PostgreSQL server's URL) both run into new databases made on that server:
the project's merge (each export in one transaction there) against a floor that sends the
same rows with psycopg's ``COPY … FROM STDIN``, the fastest way into PostgreSQL.

    python bench/sync_merge_bench.py [--tills 10] [--sale-lines 200000] [--quick] [--url URL]
        [--exports-from bench/out/sync-merge-10x200000-62-v7] [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import gc
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Run as a script, sys.path[0] is bench/, not the repository that holds bazaar_pos and bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import make_url

from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.demo.sales import plan_sales, sale_catalog
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.sync import export_till, import_exports
from bazaar_pos.sync.format import SIGNATURE_NAME, TABLES, CellKind, ColumnSpec, TableSpec
from bench.floors import as_the_merge_writes, connect, fresh_server_database
from bench.merge_checking_floor import PHASES as CHECKING_PHASES
from bench.merge_checking_floor import checking_floor_merge as checking_floor
from bench.sales_data import write_planned_sales

OUT = Path(__file__).resolve().parent / "out"
STARTED = dt.datetime(2026, 4, 9, 1, 0, tzinfo=dt.UTC)  # 09:00 WITA, the event's first morning
NOTE = {
    False: (
        "{tills} exports of {sale_lines:,} sale lines each ({rows:,} rows in all) merged into an "
        "empty SQLite database, each all or nothing in short transactions, every file verified. "
        "Floor: csv + sqlite3 executemany of the same rows (uuid→id dicts, no checks); "
        "checking floor: the merge's checks each once on bare libraries, then the same rows "
        "(bench/merge_checking_floor.py)."
    ),
    True: (
        "{tills} exports of {sale_lines:,} sale lines each ({rows:,} rows in all) merged into an "
        "empty PostgreSQL database, each export in one transaction, every file verified. "
        "Floor: csv + psycopg COPY FROM STDIN of the same rows (uuid→id dicts, no checks)."
    ),
}


# --- the exports -------------------------------------------------------------------------------


def build_exports(tills: int, sale_lines: int, *, seed: int = 62) -> list[Path]:
    """The exports of ``tills`` tills (made once, then reused from bench/out/)."""
    # "-v7": made since tills give new records time-ordered uuids (bazaar_pos/db/uuids.py)
    folder = OUT / f"sync-merge-{tills}x{sale_lines}-{seed}-v7"
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


Rows = list[list[Any]]


def not_exported_defaults(spec: TableSpec, exported: list[str]) -> list[tuple[str, Any]]:
    """The table's NOT NULL columns the export leaves out and the database does not fill
    itself, with their model defaults (a PIN hash "", 0 failed attempts)."""
    filled: list[tuple[str, Any]] = []
    for column in spec.table.c:
        if column.name == "id" or column.name in exported or column.nullable:
            continue
        if column.server_default is not None:
            continue
        if spec.name == "users" and column.name == "pin_hash":
            filled.append((column.name, ""))  # a merged user has no PIN here
            continue
        arg = getattr(column.default, "arg", None)
        if arg is None or callable(arg):
            raise AssertionError(f"{spec.name}.{column.name}: no scalar default for the floor")
        filled.append((column.name, arg))
    return filled


# References to rows of a file the export lists later (the merge's second pass).
FORWARD_REFS = {"count_sessions": ("snapshot_movement_uuid", "posted_through_movement_uuid")}


class FloorRows:
    """The rows of every table of each export, as the floor writes them: each row given an id
    and its ``*_uuid`` cells replaced by ids from dicts, catalog rows of later tills matched
    by their natural key through a dict. Shared by the SQLite and the PostgreSQL floor."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[str, int]] = {spec.name: {} for spec in TABLES}
        self.next_id: dict[str, int] = {spec.name: 1 for spec in TABLES}
        self.natural: dict[str, dict[tuple[Any, ...], int]] = {spec.name: {} for spec in TABLES}
        self.links: set[tuple[Any, ...]] = set()
        self.pending: list[tuple[str, ColumnSpec, int, str]] = []

    def tables(self, export: Path) -> Iterator[tuple[str, list[str], Rows]]:
        """Each table's name, columns (``id`` first where it has one) and new rows."""
        for spec in TABLES:
            with (export / spec.file_name).open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                rows = list(reader)
            refs = [
                (position, self.ids[column.ref_table])
                for position, column in enumerate(spec.columns)
                if column.kind is CellKind.REF
                and column.ref_table is not None
                and column.name not in FORWARD_REFS.get(spec.name, ())
            ]
            # A reference to a table the export lists later (a count's ledger boundaries):
            # 0 first, then one UPDATE per column once that table is in, as the merge does.
            forward = [
                (position, column)
                for position, column in enumerate(spec.columns)
                if column.name in FORWARD_REFS.get(spec.name, ())
            ]
            # A soft reference (an id without a foreign key) is 0 where it points at no row.
            soft = {
                position
                for position, column in enumerate(spec.columns)
                if column.kind is CellKind.REF and not spec.table.c[column.attribute].nullable
            }
            attributes = [column.attribute for column in spec.columns]
            if spec.name == "event_institutions":
                pairs: Rows = []
                for cells in rows:
                    pair = tuple(mapping.get(cells[p]) for p, mapping in refs)
                    if pair not in self.links:
                        self.links.add(pair)
                        pairs.append(list(pair))
                yield spec.name, attributes, pairs
                continue
            own = self.ids[spec.name]
            key_positions = [header.index(name) for name in spec.natural_key]
            known = self.natural[spec.name]
            values: Rows = []
            number = self.next_id[spec.name]
            for cells in rows:
                row: list[Any] = list(cells)
                for position, mapping in refs:
                    cell = row[position]
                    row[position] = mapping.get(cell) if cell else (0 if position in soft else None)
                for position, column in forward:
                    if row[position]:
                        self.pending.append((spec.name, column, number, row[position]))
                    row[position] = 0
                if key_positions:
                    key = tuple(row[p] for p in key_positions)
                    if key in known:
                        own[row[0]] = known[key]
                        continue
                    known[key] = number
                own[row[0]] = number
                values.append([number, *row])
                number += 1
            self.next_id[spec.name] = number
            columns = ["id", *attributes]
            # What the export does not carry but the table needs (a user's PIN hash and
            # lock-out counters): the model's defaults, as the merge writes them.
            filled = not_exported_defaults(spec, attributes)
            if filled:
                columns += [name for name, _ in filled]
                values = [[*row, *(value for _, value in filled)] for row in values]
            yield spec.name, columns, values

    def updates(self) -> Iterator[tuple[str, str, Rows]]:
        """The forward references of the export just read, now that their rows have ids:
        table, column, and (id referred to, row id) pairs."""
        by_column: dict[tuple[str, str], Rows] = {}
        for table_name, column, row_id, uuid in self.pending:
            assert column.ref_table is not None
            target = self.ids[column.ref_table][uuid]
            by_column.setdefault((table_name, column.attribute), []).append([target, row_id])
        self.pending.clear()
        for (table_name, attribute), pairs in by_column.items():
            yield table_name, attribute, pairs


def collector_off() -> contextlib.AbstractContextManager[None]:
    """The floors pause Python's cycle collector as the merge does (``collector_paused``):
    a trick any bulk load may use, so the floor uses it too (measured: 37 s -> 30 s on three
    exports)."""

    @contextlib.contextmanager
    def paused() -> Iterator[None]:
        gc.disable()
        try:
            yield
        finally:
            gc.enable()

    return paused()


def floor_merge(db_file: Path, exports: list[Path]) -> int:
    """The same rows with ``csv`` and ``sqlite3`` only; returns the rows inserted."""
    with collector_off():
        return _floor_merge_sqlite(db_file, exports)


def _floor_merge_sqlite(db_file: Path, exports: list[Path]) -> int:
    connection = connect(db_file)
    as_the_merge_writes(connection)
    rows = FloorRows()
    inserted = 0
    for export in exports:
        connection.execute("BEGIN IMMEDIATE")
        for table, columns, values in rows.tables(export):
            marks = ",".join("?" * len(columns))
            connection.executemany(
                f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})", values
            )
            inserted += len(values)
        for table, column, pairs in rows.updates():
            connection.executemany(f"UPDATE {table} SET {column} = ? WHERE id = ?", pairs)
        connection.execute("COMMIT")
    connection.close()
    return inserted


def floor_merge_postgresql(url: str, exports: list[Path]) -> int:
    """The same rows with ``csv`` and psycopg's ``COPY … FROM STDIN`` only (the fastest way
    into PostgreSQL), one transaction per export; returns the rows inserted.

    Cells go as text and the server parses them by column type; an empty cell is NULL except
    in a text column."""
    import psycopg

    kinds = {
        spec.name: {column.attribute: column.kind for column in spec.columns} for spec in TABLES
    }
    rows = FloorRows()
    inserted = 0
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with collector_off(), psycopg.connect(conninfo) as connection:
        for export in exports:
            with connection.transaction(), connection.cursor() as cursor:
                for table, columns, values in rows.tables(export):
                    blank_is_null = [
                        kinds[table].get(c) not in (None, CellKind.TEXT) for c in columns
                    ]
                    with cursor.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
                        for row in values:
                            copy.write_row(
                                [
                                    None if null and cell == "" else cell
                                    for cell, null in zip(row, blank_is_null, strict=True)
                                ]
                            )
                    inserted += len(values)
                for table, column, pairs in rows.updates():
                    cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE id = %s", pairs)
    return inserted


# --- the run -----------------------------------------------------------------------------------


def _empty_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    Database.open(sqlite_url(path), anonymous_setup=True).dispose()


def fresh_postgresql_database(url: str, name: str) -> str:
    """A new database ``name`` on the server of ``url``, migrated; its URL."""
    target = fresh_server_database(url, name)
    Database.open(target, anonymous_setup=True).dispose()
    return target


def _fresh(path: Path) -> Path:
    _empty_database(path)
    return path


def _drop(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def bench_merge(
    tills: int = 10,
    sale_lines: int = 200_000,
    *,
    seed: int = 62,
    url: str | None = None,
    exports_from: Path | None = None,
    rounds: int = 1,
    floors: tuple[str, ...] = ("floor", "checking_floor"),
) -> dict[str, Any]:
    """Merge ``tills`` exports of ``sale_lines`` lines into an empty database, beside the
    floors: SQLite files under bench/out/, or new databases on the PostgreSQL server of
    ``url``. ``exports_from``: a folder of exports made before (its first ``tills``
    ``export-*`` folders) instead of building them.

    On SQLite three figures, each into a fresh empty database: the merge, the bare floor
    (``floor_merge``: the rows, no checks) and the checking floor
    (bench/merge_checking_floor.py: every check of the merge once, on bare libraries, then
    the same rows); ``floors`` names the floors to run (the growth table runs only the
    checking one). ``rounds`` rounds, each running them in turn (the order rotated, so
    a burst of load on a shared machine does not always hit the same one); the best of each
    counts. Returns seconds, rows per second, the ratios and the load averages."""
    if exports_from is not None:
        exports = sorted(p for p in exports_from.glob("export-*") if p.is_dir())[:tills]
        if len(exports) < tills:
            raise SystemExit(f"{exports_from} holds {len(exports)} exports, not {tills}")
    else:
        exports = build_exports(tills, sale_lines, seed=seed)
    work = OUT / "sync-merge-work"
    work.mkdir(parents=True, exist_ok=True)
    rows_in_exports = 0
    for export in exports:
        for spec in TABLES:
            with (export / spec.file_name).open(encoding="utf-8-sig", newline="") as handle:
                rows_in_exports += sum(1 for _ in csv.reader(handle)) - 1
    if url is not None:
        return _bench_postgresql(url, exports, tills, sale_lines, rows_in_exports)

    def merge() -> int:
        db = Database.open(sqlite_url(_fresh(work / "project.sqlite3")), anonymous_setup=True)
        try:
            return sum(result.rows_added for result in import_exports(db, exports))
        finally:
            db.dispose()

    every_run: dict[str, Callable[[], int]] = {
        "merge": merge,
        "floor": lambda: floor_merge(_fresh(work / "floor.sqlite3"), exports),
        "checking_floor": lambda: checking_floor(_fresh(work / "checking.sqlite3"), exports),
    }
    runs = {name: run for name, run in every_run.items() if name == "merge" or name in floors}
    times: dict[str, list[float]] = {name: [] for name in runs}
    rows: dict[str, int] = {}
    loads = [_load()]
    phases: dict[str, float] = {}
    for number in range(rounds):
        names = list(runs)
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            if name == "checking_floor":
                CHECKING_PHASES.clear()
            gc.collect()
            began = time.perf_counter()
            rows[name] = runs[name]()
            times[name].append(time.perf_counter() - began)
            if name == "checking_floor" and times[name][-1] == min(times[name]):
                phases = dict(CHECKING_PHASES)
            loads.append(_load())
    for name in ("floor.sqlite3", "project.sqlite3", "checking.sqlite3"):
        _drop(work / name)
    best: dict[str, float] = {name: min(values) for name, values in times.items() if values}

    def per_second(name: str) -> float | None:
        return rows_in_exports / best[name] if name in best else None

    def ratio(name: str) -> float | None:
        return best["merge"] / best[name] if name in best else None

    return {
        "backend": "sqlite",
        "tills": tills,
        "sale_lines": sale_lines,
        "rows_in_exports": rows_in_exports,
        "rows_added": rows["merge"],
        "floor_rows": rows.get("floor"),
        "checking_floor_rows": rows.get("checking_floor"),
        "merge_s": best["merge"],
        "floor_s": best.get("floor"),
        "checking_floor_s": best.get("checking_floor"),
        "runs_s": times,
        "checking_floor_phases_s": phases,
        "load": loads,
        "rows_per_s": per_second("merge"),
        "floor_rows_per_s": per_second("floor"),
        "checking_floor_rows_per_s": per_second("checking_floor"),
        "ratio": ratio("floor"),
        "checking_ratio": ratio("checking_floor"),
        "note": NOTE[False].format(tills=tills, sale_lines=sale_lines, rows=rows_in_exports),
    }


def _bench_postgresql(
    url: str, exports: list[Path], tills: int, sale_lines: int, rows_in_exports: int
) -> dict[str, Any]:
    """The merge into PostgreSQL against the bare COPY floor (no checking floor there yet)."""
    floor_url = fresh_postgresql_database(url, "bazaar_bench_merge_floor")
    project_url = fresh_postgresql_database(url, "bazaar_bench_merge")
    gc.collect()
    began = time.perf_counter()
    floor_rows = floor_merge_postgresql(floor_url, exports)
    floor_s = time.perf_counter() - began
    db = Database.open(project_url, anonymous_setup=True)
    gc.collect()
    began = time.perf_counter()
    results = import_exports(db, exports)
    project_s = time.perf_counter() - began
    db.dispose()
    return {
        "backend": "postgresql",
        "tills": tills,
        "sale_lines": sale_lines,
        "rows_in_exports": rows_in_exports,
        "rows_added": sum(result.rows_added for result in results),
        "floor_rows": floor_rows,
        "merge_s": project_s,
        "floor_s": floor_s,
        "rows_per_s": rows_in_exports / project_s,
        "floor_rows_per_s": rows_in_exports / floor_s,
        "ratio": project_s / floor_s,
        "load": [_load()],
        "note": NOTE[True].format(tills=tills, sale_lines=sale_lines, rows=rows_in_exports),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--tills", type=int, default=10)
    parser.add_argument("--sale-lines", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="3 tills of 20,000 sale lines")
    parser.add_argument(
        "--url", help="a PostgreSQL server's URL: merge into new databases made on it"
    )
    parser.add_argument(
        "--exports-from",
        type=Path,
        help="a folder of exports made before (e.g. bench/out/sync-merge-10x200000-62-v7): "
        "its first --tills exports are merged",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="SQLite: rounds of the three runs, best counts"
    )
    args = parser.parse_args(argv)
    tills, sale_lines = (3, 20_000) if args.quick else (args.tills, args.sale_lines)
    result = bench_merge(
        tills, sale_lines, url=args.url, exports_from=args.exports_from, rounds=args.rounds
    )
    line = (
        f"{result['backend']}: "
        f"merge {result['merge_s']:.2f} s ({result['rows_per_s']:,.0f} rows/s), "
        f"bare floor {result['floor_s']:.2f} s ({result['floor_rows_per_s']:,.0f} rows/s), "
        f"ratio {result['ratio']:.2f}×"
    )
    if "checking_floor_s" in result:
        line += (
            f"; checking floor {result['checking_floor_s']:.2f} s "
            f"({result['checking_floor_rows_per_s']:,.0f} rows/s), "
            f"ratio {result['checking_ratio']:.2f}×"
        )
    print(
        f"{line}; rows {result['rows_in_exports']:,} (added {result['rows_added']:,}, "
        f"floor {result['floor_rows']:,}"
        + (
            f", checking floor {result['checking_floor_rows']:,}"
            if "checking_floor_rows" in result
            else ""
        )
        + ")"
    )
    for name, values in result.get("runs_s", {}).items():
        print(f"  {name}: " + ", ".join(f"{value:.2f}" for value in values) + " s")
    phases = result.get("checking_floor_phases_s", {})
    if phases:
        print(
            "  checking floor's best run: " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items())
        )
    print("  load average (1, 5, 15 min) before and after each run: " + " | ".join(result["load"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
