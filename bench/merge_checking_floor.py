"""The merge bench's *checking* floor: every check ``import_export`` makes, each once, written
as the least code on bare libraries (zipfile, hashlib, cryptography's Ed25519, json, csv, re,
datetime, sqlite3), then the same rows written as the bare insert floor writes them.

The bare floor (bench/sync_merge_bench.py, ``floor_merge``) checks nothing: it is the cost of
getting the rows in. This one is the cost of getting them in *as the office must*: what the
merge refuses, it refuses (tests/sync/test_merge_checking_floor.py). What it checks, and how
(the merge's way in brackets where it differs):

- the files: a zip's entry count and packing ratios, the manifest's size, JSON, format and
  version, the till's Ed25519 signature over the manifest's bytes, the key against the one
  learnt for that till id here, the listed files (all of the format, none else), their sizes,
  row counts and SHA-256 (one ``hashlib.sha256`` over each file's bytes);
- the cells, a column at a time: UTF-8, CSV, the header, the width of every row; uuids,
  integers and UTC times by one regular expression over the column joined by line breaks
  (the merge: a byte-count trick for uuids, a regular expression per integer cell), times and
  dates also by ``fromisoformat`` (the calendar), booleans by a set, NOT NULL by ``"" in``;
- the records adding up (bazaar_pos/sync/checks.py's rules: line totals, sale discounts,
  subtotals and totals against the lines and payments, change, refunds within what was sold
  counting earlier refunds here, cash movements, users that are names only);
- against the database, inside the export's one ``BEGIN IMMEDIATE`` transaction: the export
  not imported before; every record's uuid probed (one indexed ``IN`` query per chunk; a
  record here must hold the same values), each unique key of the new rows (within the export
  and here: receipt and refund numbers per device, Z numbers, a count's line per product …;
  one range query first, as the merge does, then ``IN`` per chunk), catalog rows and users
  matched by uuid or natural key (read whole: they are small), shifts' lifecycle, every
  reference resolved to an id (in the export or here) or refused;
- the journal: each till's links continue its chain here (seq, previous hash, each link's own
  SHA-256), every new link's record hashed from the canonical JSON text SQLite's
  ``json_array`` gives (built here in Python from the parsed cells: the same bytes, since
  ``json.encoder.encode_basestring`` escapes as SQLite does; the merge builds it in SQL over
  the rows once written) and compared with the link, and every chained record written
  covered by a link.

Not done (not checks): the merge's short transactions, undo log and marker, the backup before
the first write, progress, notes on catalog differences and the SharedTillCode warning, and
the office's own audit entry of the import (with its link). PostgreSQL's text checks (NUL,
VARCHAR lengths) are the merge's on PostgreSQL only; this floor is SQLite's.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import gc
import hashlib
import io
import json
import re
import sqlite3
import time
import uuid as uuid_module
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bazaar_pos.sync.format import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    TABLES,
    CellKind,
    ColumnSpec,
    MergeKind,
    TableSpec,
)
from bazaar_pos.sync.merge import (
    MAX_EXPORT_BYTES,
    MAX_FILE_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_PACKING_RATIO,
    MAX_ROWS,
    MAX_SIGNATURE_BYTES,
    RATIO_CHECKED_FROM,
)
from bazaar_pos.sync.zip_limits import MAX_EXPORT_ENTRIES
from bench.floors import as_the_merge_writes, connect

__all__ = ["Refused", "checking_floor_merge"]


class Refused(Exception):
    """The checking floor refuses an export, where the merge refuses it too."""


# --- reading and the cells -------------------------------------------------------------------

_UUIDS = re.compile(r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n)*")
_INTEGERS = re.compile(r"(?:-?[0-9]+\n)*")
_UTC_MICROS = re.compile(
    r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+00:00\n)*"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _lines(cells: Sequence[str]) -> str:
    return "\n".join(cells) + "\n" if cells else ""


def _stored_time(cell: str) -> str:
    """Any ISO time with an offset, as SQLite stores it (naive UTC, microseconds)."""
    moment = dt.datetime.fromisoformat(cell)
    if moment.tzinfo is None:
        raise ValueError(cell)
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def decode_column(column: ColumnSpec, cells: Sequence[str]) -> list[Any]:
    """A column's cells in stored form (references still uuids); Refused at a bad one."""
    kind = column.kind
    if kind is CellKind.TEXT:
        return [cell[1:] if cell[:1] == "'" else cell for cell in cells]
    if kind is CellKind.NULLABLE_TEXT:
        return [None if cell == "" else (cell[1:] if cell[:1] == "'" else cell) for cell in cells]
    nullable = column.nullable
    if not nullable and "" in cells:
        raise Refused(f"{column.name}: an empty cell where a value is required")
    present = [cell for cell in cells if cell] if nullable else cells
    if kind is CellKind.INTEGER:
        if not _INTEGERS.fullmatch(_lines(present)):
            raise Refused(f"{column.name}: not a whole number")
        return [int(cell) if cell else None for cell in cells] if nullable else [*map(int, cells)]
    if kind is CellKind.BOOLEAN:
        if not set(cells) <= {"0", "1", ""}:
            raise Refused(f"{column.name}: not 1 or 0")
        return [1 if cell == "1" else 0 if cell == "0" else None for cell in cells]
    if kind in (CellKind.UUID, CellKind.REF):
        if _UUIDS.fullmatch(_lines(present)):
            return [cell or None for cell in cells] if nullable else list(cells)
        try:  # upper case or braces: normalised, as the merge does
            return [str(uuid_module.UUID(cell)) if cell else None for cell in cells]
        except ValueError:
            raise Refused(f"{column.name}: not a uuid") from None
    if kind is CellKind.DATETIME:
        try:
            if _UTC_MICROS.fullmatch(_lines(present)):
                for _ in map(dt.datetime.fromisoformat, present):  # the calendar
                    pass
                return [cell[:10] + " " + cell[11:26] if cell else None for cell in cells]
            return [_stored_time(cell) if cell else None for cell in cells]
        except ValueError:
            raise Refused(f"{column.name}: not a date and time with its offset") from None
    if kind is CellKind.DATE:
        try:
            if not all(_DATE.fullmatch(cell) for cell in present):
                raise ValueError
            return [dt.date.fromisoformat(cell).isoformat() if cell else None for cell in cells]
        except ValueError:
            raise Refused(f"{column.name}: not a date") from None
    raise AssertionError(kind)


@dataclass
class Table:
    spec: TableSpec
    values: list[list[Any]]  # per column, stored form, references as uuids
    count: int

    def col(self, name: str) -> list[Any]:
        return self.values[self.spec.header.index(name)]


@dataclass
class Export:
    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    till_id: str
    public_key: bytes
    tables: dict[str, Table]


class _Files:
    """An export's files, from a folder or a zip's root."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.sizes = {p.name: p.stat().st_size for p in path.iterdir() if p.is_file()}
            return
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise Refused(f"not an export: {error}") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_EXPORT_ENTRIES:
            raise Refused("too many zip entries")
        self.infos = {i.filename: i for i in infos if not i.is_dir() and "/" not in i.filename}
        for info in self.infos.values():
            if info.file_size > max(RATIO_CHECKED_FROM, MAX_PACKING_RATIO * info.compress_size):
                raise Refused(f"{info.filename}: a zip bomb")
        self.sizes = {name: info.file_size for name, info in self.infos.items()}

    def read(self, name: str, limit: int) -> bytes:
        try:
            if self.zip is None:
                data = (self.path / name).read_bytes()
            else:
                with self.zip.open(self.infos[name]) as stream:
                    data = stream.read(limit + 1)
        except (KeyError, OSError, zipfile.BadZipFile, EOFError, RuntimeError) as error:
            raise Refused(f"{name}: {error}") from None
        if len(data) > limit:
            raise Refused(f"{name}: too large")
        return data


def read_export(path: Path) -> Export:
    """Every file and cell verified and parsed; the database not touched."""
    files = _Files(Path(path))
    if files.sizes.get(MANIFEST_NAME, MAX_MANIFEST_BYTES + 1) > MAX_MANIFEST_BYTES:
        raise Refused("no manifest, or too large")
    manifest_bytes = files.read(MANIFEST_NAME, MAX_MANIFEST_BYTES)
    try:
        manifest = json.loads(manifest_bytes)
        assert isinstance(manifest, dict)
        assert manifest["format"] == "bazaar-pos-export" and manifest["format_version"] == 2
        assert manifest["kind"] in ("full", "incremental")
        assert isinstance(manifest["till_code"], str) and type(manifest["sequence"]) is int
        assert isinstance(manifest.get("previous_export_id") or "", str)
        till_id = str(uuid_module.UUID(manifest["till_id"]))
        str(uuid_module.UUID(manifest["export_id"]))
        assert dt.datetime.fromisoformat(manifest["exported_at"]).tzinfo is not None
        listed = {
            entry["name"]: (entry["rows"], entry["bytes"], entry["sha256"].lower())
            for entry in manifest["files"]
        }
        assert len(listed) == len(manifest["files"])
        for rows, size, _ in listed.values():
            assert type(rows) is int and type(size) is int
        key = base64.b64decode(manifest["public_key"], validate=True)
        signature = base64.b64decode(
            files.read(SIGNATURE_NAME, MAX_SIGNATURE_BYTES).strip(), validate=True
        )
    except (ValueError, TypeError, KeyError, AttributeError, AssertionError, RecursionError):
        raise Refused("manifest or signature unreadable") from None  # binascii.Error too
    try:
        assert len(key) == 32 and len(signature) == 64
        Ed25519PublicKey.from_public_bytes(key).verify(signature, manifest_bytes)
    except (AssertionError, InvalidSignature, ValueError):
        raise Refused("signature not valid") from None
    names = {spec.file_name for spec in TABLES}
    if set(listed) != names:
        raise Refused("the manifest does not list the format's files")
    if {n for n in files.sizes if n.lower().endswith(".csv")} != names:
        raise Refused("a file is missing or not listed")
    if any(not 0 <= s <= MAX_FILE_BYTES or not 0 <= r <= MAX_ROWS for r, s, _ in listed.values()):
        raise Refused("too large")
    if sum(size for _, size, _ in listed.values()) > MAX_EXPORT_BYTES:
        raise Refused("too large")
    if any(files.sizes[name] != listed[name][1] for name in names):
        raise Refused("a file's size is not the manifest's")
    tables: dict[str, Table] = {}
    for spec in TABLES:
        rows_listed, size, sha256 = listed[spec.file_name]
        data = files.read(spec.file_name, size)
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
            raise Refused(f"{spec.file_name}: checksum")
        try:
            records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        except (UnicodeDecodeError, csv.Error):
            raise Refused(f"{spec.file_name}: not UTF-8 CSV") from None
        if not records or tuple(records[0]) != spec.header:
            raise Refused(f"{spec.file_name}: header")
        rows = records[1:]
        if len(rows) != rows_listed:
            raise Refused(f"{spec.file_name}: row count")
        if set(map(len, rows)) - {len(spec.header)}:
            raise Refused(f"{spec.file_name}: a row's width")
        cells: list[Sequence[str]] = (
            list(zip(*rows, strict=True)) if rows else [() for _ in spec.columns]
        )
        tables[spec.name] = Table(
            spec,
            [decode_column(c, column) for c, column in zip(spec.columns, cells, strict=True)],
            len(rows),
        )
    return Export(
        Path(path),
        manifest,
        hashlib.sha256(manifest_bytes).hexdigest(),
        till_id,
        key,
        tables,
    )


# --- records adding up (bazaar_pos/sync/checks.py's rules) -------------------------------------


def check_sums(connection: sqlite3.Connection, export: Export) -> None:
    t = export.tables
    s, lines, pays = t["sales"], t["sale_lines"], t["payments"]
    value: dict[str, int] = defaultdict(int)
    shares: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    for sale, qty, price, disc, share, total in zip(
        lines.col("sale_uuid"),
        lines.col("quantity"),
        lines.col("unit_price"),
        lines.col("line_discount"),
        lines.col("sale_discount_share"),
        lines.col("line_total"),
        strict=True,
    ):
        if qty <= 0 or disc < 0 or share < 0 or total != qty * price - disc - share:
            raise Refused("sale line does not add up")
        value[sale] += qty * price - disc
        shares[sale] += share
        totals[sale] += total
    paid: dict[str, int] = defaultdict(int)
    for sale, amount, tendered, change, method in zip(
        pays.col("sale_uuid"),
        pays.col("amount"),
        pays.col("tendered"),
        pays.col("change"),
        pays.col("method"),
        strict=True,
    ):
        if (
            amount <= 0
            or change < 0
            or tendered - change != amount
            or (change and method != "cash")
        ):
            raise Refused("payment does not add up")
        paid[sale] += amount
    for sale, total, subtotal, discount in zip(
        s.col("uuid"), s.col("total"), s.col("subtotal"), s.col("discount"), strict=True
    ):
        if discount < 0 or discount > value[sale] or discount != shares[sale]:
            raise Refused("sale discount")
        if subtotal != value[sale] and not (subtotal == 0 and discount == 0):
            raise Refused("sale subtotal")
        if total != totals[sale] or total != paid[sale]:
            raise Refused("sale total")
    _check_refunds(connection, export)
    cash = t["cash_movements"]
    for kind, amount in zip(cash.col("kind"), cash.col("amount"), strict=True):
        if kind not in ("paid_in", "paid_out") or amount <= 0:
            raise Refused("cash movement")
    referred = {
        uuid
        for table in t.values()
        for column, values in zip(table.spec.columns, table.values, strict=True)
        if column.ref_table == "users"
        for uuid in values
    }
    if not set(t["users"].col("uuid")) <= referred:
        raise Refused("a user no record refers to")


def _check_refunds(connection: sqlite3.Connection, export: Export) -> None:
    t = export.tables
    refunds, refund_lines = t["refunds"], t["refund_lines"]
    if not refunds.count:
        return
    these = set(refunds.col("uuid"))
    sold: dict[str, tuple[int, int]] = {}  # sale uuid -> (total, back by other refunds)
    line_of: dict[str, list[Any]] = {}  # line uuid -> [sale uuid, qty, total, units, money]
    sales = t["sales"]
    for sale, total in zip(sales.col("uuid"), sales.col("total"), strict=True):
        sold[sale] = (total, 0)
    lines = t["sale_lines"]
    for line, sale, qty, total in zip(
        lines.col("uuid"),
        lines.col("sale_uuid"),
        lines.col("quantity"),
        lines.col("line_total"),
        strict=True,
    ):
        line_of[line] = [sale, qty, total, 0, 0]
    for sale in sorted(set(refunds.col("sale_uuid")) - set(sold)):  # sold in earlier exports
        found = connection.execute("SELECT id, total FROM sales WHERE uuid = ?", (sale,)).fetchone()
        if found is None:
            continue
        back = sum(
            amount
            for uuid, amount in connection.execute(
                "SELECT uuid, amount FROM refunds WHERE sale_id = ?", (found[0],)
            )
            if uuid not in these
        )
        sold[sale] = (found[1], back)
        for line_uuid, qty, total, line_id in connection.execute(
            "SELECT uuid, quantity, line_total, id FROM sale_lines WHERE sale_id = ?", (found[0],)
        ):
            units = money = 0
            for refund, q, a in connection.execute(
                "SELECT r.uuid, l.quantity, l.amount FROM refund_lines l JOIN refunds r "
                "ON r.id = l.refund_id WHERE l.sale_line_id = ?",
                (line_id,),
            ):
                if refund not in these:
                    units, money = units + q, money + a
            line_of[line_uuid] = [sale, qty, total, units, money]
    lines_of: dict[str, list[int]] = defaultdict(list)
    for index, refund in enumerate(refund_lines.col("refund_uuid")):
        lines_of[refund].append(index)
    back_sale = {sale: back for sale, (_, back) in sold.items()}
    r_line, r_qty, r_amount = (
        refund_lines.col(n) for n in ("sale_line_uuid", "quantity", "amount")
    )
    for refund, sale, amount in zip(
        refunds.col("uuid"), refunds.col("sale_uuid"), refunds.col("amount"), strict=True
    ):
        rows = lines_of.get(refund, [])
        if amount < 0 or amount != sum(r_amount[i] for i in rows):
            raise Refused("refund amount is not its lines")
        for i in rows:
            line = line_of.get(r_line[i])
            if line is None:
                continue  # the reference check names it
            if line[0] != sale:
                raise Refused("refund line of another sale")
            line[3] += r_qty[i]
            line[4] += r_amount[i]
            if r_qty[i] <= 0 or line[3] > line[1] or r_amount[i] < 0 or line[4] > line[2]:
                raise Refused("more back than sold")
        if sale in sold:
            back_sale[sale] += amount
            if back_sale[sale] > sold[sale][0]:
                raise Refused("more back than the sale")


# --- the canonical content of chained records (bazaar_pos/db/journal.py's text) -----------------

_MOVEMENT = [
    "uuid",
    "product_id>products",
    "event_id>events",
    "kind",
    "quantity",
    "created_at",
    "note",
    "reverses_id>stock_movements",
    "recorded_by",
]
_CONTENT_COLUMNS: dict[str, list[str]] = {
    "stock_movements": _MOVEMENT,
    "standalone": [*_MOVEMENT, "sale_line_id>sale_lines", "refund_line_id>refund_lines"],
    "sales": [
        "uuid",
        "till_code",
        "receipt_number",
        "receipt_no",
        "event_id>events",
        "cashier",
        "created_at",
        "total",
        "shift_id>shifts",
        "subtotal",
        "discount",
        "discount_approved_by",
    ],
    "sale_lines": [
        "uuid",
        "line_no",
        "product_id>products",
        "sku",
        "product_name",
        "unit_price",
        "quantity",
        "line_total",
        "list_price",
        "line_discount",
        "sale_discount_share",
        "approved_by",
        "institution_id>institutions",
        "workshop_id>workshops",
    ],
    "payments": ["uuid", "method", "amount", "tendered", "change", "reference"],
    "refunds": [
        "uuid",
        "request_key",
        "till_code",
        "number",
        "refund_no",
        "sale_id>sales",
        "shift_id>shifts",
        "created_at",
        "cashier",
        "approved_by",
        "method",
        "amount",
        "reason",
        "reference",
    ],
    "refund_lines": ["uuid", "sale_line_id>sale_lines", "quantity", "amount"],
    "shifts": [
        "uuid",
        "till_code",
        "event_id>events",
        "status",
        "opened_at",
        "opening_float",
        "closed_at",
        "z_number",
        "expected_cash",
        "counted_cash",
        "note",
    ],
    "cash_count_lines": ["uuid", "purpose", "denomination", "form", "quantity"],
    "cash_movements": [
        "uuid",
        "shift_id>shifts",
        "kind",
        "amount",
        "reason",
        "created_at",
        "user_name",
    ],
    "count_sessions": [
        "uuid",
        "event_id>events",
        "kind",
        "blind",
        "institution_id>institutions",
        "status",
        "started_at",
        "snapshot_movement_id>stock_movements",
        "posted_at",
        "posted_through_movement_id>stock_movements",
        "uncounted_as_zero",
        "counted_by",
        "supervised_by",
        "note",
    ],
    "count_lines": [
        "uuid",
        "product_id>products",
        "expected_at_start",
        "unit_price",
        "counted",
        "counted_at",
        "expected_at_post",
        "adjustment",
    ],
    "handovers": [
        "uuid",
        "event_id>events",
        "institution_id>institutions",
        "created_at",
        "handed_over_by",
        "received_by",
    ],
    "audit_log": [
        "uuid",
        "created_at",
        "till_code",
        "user_name",
        "action",
        "subject",
        "detail",
        "amount",
        "approved_by",
    ],
}
# chain kind -> (table, which rows are chained)
_NOT_STANDALONE = ("sale_line_uuid", "refund_line_uuid", "count_session_uuid", "handover_uuid")
_CHAINED: dict[str, tuple[str, Callable[[Table], list[bool]]]] = {
    "sale": ("sales", lambda t: [True] * t.count),
    "refund": ("refunds", lambda t: [True] * t.count),
    "shift_close": ("shifts", lambda t: [s == "closed" for s in t.col("status")]),
    "cash_movement": ("cash_movements", lambda t: [True] * t.count),
    "movement": (
        "stock_movements",
        lambda t: [not any(refs) for refs in zip(*map(t.col, _NOT_STANDALONE), strict=True)],
    ),
    "count_post": ("count_sessions", lambda t: [s == "posted" for s in t.col("status")]),
    "handover": ("handovers", lambda t: [True] * t.count),
    "audit": ("audit_log", lambda t: [True] * t.count),
}
_CATALOG = ("institutions", "workshops", "products", "events")


# --- the plan, inside the export's transaction -------------------------------------------------

_DEFERRED = {"count_sessions": ("snapshot_movement_uuid", "posted_through_movement_uuid")}
_EXTRA_UNIQUE = {"stock_movements": (("reverses_uuid",),)}
_PER_DEVICE = {
    "sales": {("receipt_no",), ("till_code", "receipt_number")},
    "refunds": {("refund_no",), ("till_code", "number")},
}
_DEVICE_KINDS = {"sales": "sale", "refunds": "refund", "shifts": "shift_close"}
CHUNK = 10_000  # values per IN (...) probe (SQLite allows 32,766 parameters)


def _chunks(values: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass
class _Insert:
    names: list[str]
    columns: list[list[Any]]


@dataclass
class Plan:
    connection: sqlite3.Connection
    export: Export
    ids: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    next_ids: dict[str, int] = field(default_factory=dict)
    mapped: dict[str, list[list[Any]]] = field(default_factory=dict)
    inserts: dict[str, _Insert] = field(default_factory=dict)
    new: dict[str, list[int]] = field(default_factory=dict)
    keytext: dict[str, dict[int, str | None]] = field(default_factory=dict)
    updates: list[tuple[str, list[str], list[tuple[Any, ...]]]] = field(default_factory=list)
    closed_here: list[str] = field(default_factory=list)  # shifts this export closes
    new_ids: set[int] = field(default_factory=set)  # catalog rows this export adds

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        return self.connection.execute(sql, parameters).fetchall()

    def next_id(self, table: str, count: int) -> int:
        first = self.next_ids.get(table)
        if first is None:
            first = int(self.query(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")[0][0])
        self.next_ids[table] = first + count
        return first

    def probe(
        self,
        table: str,
        selected: Sequence[str],
        key: Sequence[str],
        values: Sequence[tuple[Any, ...]],
    ) -> Iterator[tuple[Any, ...]]:
        """Rows whose ``key`` holds one of ``values``: one range query (nothing in the range:
        done), else one indexed IN query per chunk."""
        values = [v for v in values if None not in v]
        if not values:
            return
        firsts = [v[0] for v in values]
        if len({type(f) for f in firsts}) == 1 and not self.query(
            f"SELECT 1 FROM {table} WHERE {key[0]} BETWEEN ? AND ? LIMIT 1",
            (min(firsts), max(firsts)),
        ):
            return
        head = f"SELECT {', '.join(selected)} FROM {table} WHERE "
        if len(key) == 1:
            for chunk in _chunks(firsts, CHUNK):
                yield from self.connection.execute(
                    f"{head}{key[0]} IN ({','.join('?' * len(chunk))})", chunk
                )
            return
        one = "(" + ",".join("?" * len(key)) + ")"
        for chunk in _chunks(values, CHUNK // len(key)):
            yield from self.connection.execute(
                f"{head}({', '.join(key)}) IN (VALUES {','.join([one] * len(chunk))})",
                [item for value in chunk for item in value],
            )

    def resolve(self, table: Table, column: ColumnSpec) -> list[int | None]:
        assert column.ref_table is not None
        known = self.ids[column.ref_table]
        uuids = table.col(column.name)
        missing = set(uuids) - known.keys()
        missing.discard(None)
        if missing:
            known.update(
                self.probe(column.ref_table, ("uuid", "id"), ("uuid",), [(u,) for u in missing])
            )
            if missing - known.keys():
                raise Refused(f"{table.spec.file_name}: {column.name} refers to no row")
        return [None if uuid is None else known[uuid] for uuid in uuids]

    def mapped_columns(self, table: Table, skip: Sequence[str] = ()) -> list[list[Any]]:
        columns = [
            self.resolve(table, c) if c.kind is CellKind.REF and c.name not in skip else values
            for c, values in zip(table.spec.columns, table.values, strict=True)
        ]
        self.mapped[table.spec.name] = columns
        return columns

    def devices(self, name: str) -> list[str]:
        links = self.export.tables["journal_links"]
        linked = {
            uuid: till
            for till, kind, uuid in zip(
                links.col("till_id"), links.col("kind"), links.col("record_uuid"), strict=True
            )
            if kind == _DEVICE_KINDS[name]
        }
        fallback: dict[str, str] = {}
        if name == "shifts":
            sales = self.export.tables["sales"]
            for shift, device in zip(sales.col("shift_uuid"), self.devices("sales"), strict=True):
                if shift is not None:
                    fallback.setdefault(shift, device)
        own = self.export.till_id
        return [
            linked.get(u) or fallback.get(u) or own for u in self.export.tables[name].col("uuid")
        ]

    # --- records ---------------------------------------------------------------------------

    def records(self, table: Table) -> None:
        spec, n = table.spec, table.count
        uuids = table.col("uuid")
        if len(set(uuids)) != n:
            raise Refused(f"{spec.file_name}: a uuid appears twice")
        deferred = _DEFERRED.get(spec.name, ())
        compared = [
            i for i, c in enumerate(spec.columns) if c.name != "uuid" and c.name not in deferred
        ]
        attributes = [spec.columns[i].attribute for i in compared]
        existing = {
            row[0]: row[1:]
            for row in self.probe(
                spec.name, ("uuid", "id", *attributes), ("uuid",), [(u,) for u in uuids]
            )
        }
        known = self.ids[spec.name]
        if not existing:
            first = self.next_id(spec.name, n)
            known.update(zip(uuids, range(first, first + n), strict=True))
            new = list(range(n))
        else:
            new = [i for i, u in enumerate(uuids) if u not in existing]
            first = self.next_id(spec.name, len(new))
            known.update((uuids[i], first + k) for k, i in enumerate(new))
            known.update((u, row[0]) for u, row in existing.items())
        columns = self.mapped_columns(table, skip=deferred)
        for index, uuid in enumerate(uuids if existing else ()):
            here = existing.get(uuid)
            if here is not None and any(
                not _same(here[1 + k], columns[i][index]) for k, i in enumerate(compared)
            ):
                raise Refused(f"{spec.file_name}: {uuid} is different here")
        self.new[spec.name] = new
        if not new:
            return
        devices = self.devices(spec.name) if spec.name in _DEVICE_KINDS else None
        self.unique_keys(table, columns, new, devices)
        names = ["id", *(c.attribute for c in spec.columns)]
        out: list[list[Any]] = [list(range(first, first + len(new)))]
        for values in columns:
            out.append(values if len(new) == n else [values[i] for i in new])
        if devices is not None:
            names.append("till_id")
            out.append(devices if len(new) == n else [devices[i] for i in new])
        self.inserts[spec.name] = _Insert(names, out)

    def unique_keys(
        self, table: Table, columns: list[list[Any]], new: list[int], devices: list[str] | None
    ) -> None:
        spec = table.spec
        uuids = table.col("uuid")
        for key in (*spec.unique_keys, *_EXTRA_UNIQUE.get(spec.name, ())):
            at = [spec.header.index(name) for name in key]
            attributes = [spec.columns[p].attribute for p in at]
            every = list(zip(*(columns[p] for p in at), strict=True))
            values = [every[i] for i in new]
            if devices is not None and key in _PER_DEVICE.get(spec.name, ()):
                seen = {(v, devices[i]): uuids[i] for i, v in zip(new, values, strict=True)}
                if len(seen) != len(new):
                    raise Refused(f"{spec.file_name}: {key} twice on one device")
                selected = ("uuid", "till_id", *attributes)
                for row in self.probe(spec.name, selected, attributes, values):
                    if seen.get((tuple(row[2:]), row[1]), row[0]) != row[0]:
                        raise Refused(f"{spec.file_name}: {key} taken here on this device")
                continue
            present = [v for v in values if None not in v]
            if len(set(present)) != len(present):
                raise Refused(f"{spec.file_name}: {key} twice")
            mine = {v: uuids[i] for i, v in zip(new, values, strict=True)}
            for row in self.probe(spec.name, ("uuid", *attributes), attributes, present):
                if mine[tuple(row[1:])] != row[0]:
                    raise Refused(f"{spec.file_name}: {key} taken here")

    def deferred(self) -> None:
        """Count boundaries (stock movements, later in the file) to ids, as the merge's second
        pass does: checked against the copy here, or filled into the new rows."""
        table = self.export.tables["count_sessions"]
        if not table.count:
            return
        statuses = table.col("status")
        resolved = {}
        for name in _DEFERRED["count_sessions"]:
            ids = self.resolve(table, table.spec.column(name))
            if name == "posted_through_movement_uuid":
                ids = [
                    0 if v is None and s == "posted" else v
                    for v, s in zip(ids, statuses, strict=True)
                ]
            else:
                ids = [0 if v is None else v for v in ids]
            resolved[name] = ids
        new = set(self.new["count_sessions"])
        uuids = table.col("uuid")
        for index in set(range(table.count)) - new:
            here = self.query(
                "SELECT snapshot_movement_id, posted_through_movement_id FROM count_sessions "
                "WHERE uuid = ?",
                (uuids[index],),
            )[0]
            if tuple(here) != tuple(resolved[n][index] for n in _DEFERRED["count_sessions"]):
                raise Refused("count_sessions.csv: different here")
        insert = self.inserts.get("count_sessions")
        if insert is not None:
            order = sorted(new)
            for name in _DEFERRED["count_sessions"]:
                at = insert.names.index(table.spec.column(name).attribute)
                insert.columns[at] = [resolved[name][i] for i in order]

    # --- catalog and users -----------------------------------------------------------------

    def references(self, table: Table) -> None:
        spec = table.spec
        uuids = table.col("uuid")
        if len(set(uuids)) != table.count:
            raise Refused(f"{spec.file_name}: a uuid appears twice")
        columns = self.mapped_columns(table)
        others = [i for i, c in enumerate(spec.columns) if c.name != "uuid"]
        attributes = [spec.columns[i].attribute for i in others]
        local = {
            row[0]: list(row[1:])
            for row in self.query(
                f"SELECT uuid, id, {', '.join(attributes)} FROM {spec.name} ORDER BY id"
            )
        }
        key_at = [others.index(spec.header.index(n)) for n in spec.natural_key]
        by_natural: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for u, row in local.items():
            by_natural[tuple(row[1 + o] for o in key_at)].append(u)
        unique_at = [[others.index(spec.header.index(n)) for n in key] for key in spec.unique_keys]
        holders = [
            {tuple(row[1 + o] for o in offs): u for u, row in local.items()} for offs in unique_at
        ]
        usernames = (
            {row[1 + others.index(1)] for row in local.values()} if spec.name == "users" else set()
        )
        known = self.ids[spec.name]
        rows: list[list[Any]] = []
        for index, uuid in enumerate(uuids):
            incoming = [columns[i][index] for i in others]
            match = uuid if uuid in local else None
            if match is None:
                natural = tuple(incoming[o] for o in key_at)
                match = next(
                    (
                        u
                        for u in by_natural.get(natural, ())
                        if self.same_person(spec, local[u], incoming)
                        and not self.holds_own_records(spec, local[u][0])
                    ),
                    None,
                )
            if match is not None:
                known[uuid] = local[match][0]
                continue
            if spec.name == "users":  # another person with this username here: renamed
                name, base, number = (
                    incoming[0],
                    f"{incoming[0]}.{self.export.manifest['till_code'].lower()}",
                    2,
                )
                candidate = name if name not in usernames else base
                while candidate in usernames:
                    candidate, number = f"{base}{number}", number + 1
                usernames.add(candidate)
                incoming[0] = candidate
            for offs, held in zip(unique_at, holders, strict=True):
                value = tuple(incoming[o] for o in offs)
                if None not in value and held.setdefault(value, uuid) != uuid:
                    raise Refused(f"{spec.file_name}: a unique value is another row's here")
            row_id = self.next_id(spec.name, 1)
            self.new_ids.add(row_id)
            known[uuid] = row_id
            local[uuid] = [row_id, *incoming]
            by_natural[tuple(incoming[o] for o in key_at)].append(uuid)
            rows.append([row_id, uuid, *incoming])
        names = ["id", "uuid", *attributes]
        if spec.name == "users":
            names += ["pin_hash", "failed_attempts", "lockouts"]
            rows = [[*row, "", 0, 0] for row in rows]
        if rows:
            self.inserts[spec.name] = _Insert(names, [list(c) for c in zip(*rows, strict=True)])
        if spec.name in _CATALOG:  # the natural key the journal's content names a row by
            text: dict[int, str | None] = {}
            for row in local.values():
                values = dict(zip(attributes, row[1:], strict=True))
                if spec.name == "institutions":
                    text[row[0]] = values["code"]
                elif spec.name == "workshops":
                    code = self.keytext["institutions"].get(values["institution_id"])
                    text[row[0]] = None if code is None else f"{code}/{values['name']}"
                elif spec.name == "products":
                    text[row[0]] = values["sku"]
                else:
                    text[row[0]] = f"{values['name']}|{values['starts_on'] or ''}"
            self.keytext[spec.name] = text

    def same_person(self, spec: TableSpec, here: list[Any], incoming: list[Any]) -> bool:
        if spec.name != "users":
            return True
        return (
            " ".join(str(here[2]).split()).casefold()
            == " ".join(str(incoming[1]).split()).casefold()
        )

    def holds_own_records(self, spec: TableSpec, local_id: int) -> bool:
        """An office's event with records of its own never stands in for a till's."""
        if spec.name != "events" or local_id in self.new_ids:
            return False
        office = self.query("SELECT value FROM settings WHERE key = 'database_kind'")
        own = self.query("SELECT till_id FROM till_keys WHERE own = 1")
        if not office or office[0][0] != "office" or not own or not own[0][0]:
            return False
        chained = (
            "SELECT 1 FROM {0} r JOIN journal_links j ON j.kind = '{1}' AND j.record_uuid = r.uuid "
            "WHERE r.event_id = ? AND j.till_id = ? LIMIT 1"
        )
        return any(
            self.query(sql, (local_id, own[0][0]))
            for sql in (
                "SELECT 1 FROM sales WHERE event_id = ? AND till_id = ? LIMIT 1",
                chained.format("stock_movements", "movement"),
                chained.format("count_sessions", "count_post"),
                chained.format("handovers", "handover"),
            )
        )

    def links(self, table: Table) -> None:
        columns = self.mapped_columns(table)
        here = set(self.query("SELECT event_id, institution_id FROM event_institutions"))
        new = []
        for pair in zip(*columns, strict=True):
            if pair not in here:
                here.add(pair)
                new.append(pair)
        if new:
            self.inserts["event_institutions"] = _Insert(
                ["event_id", "institution_id"], [list(c) for c in zip(*new, strict=True)]
            )

    # --- shifts ----------------------------------------------------------------------------

    def shifts(self, table: Table) -> None:
        spec = table.spec
        uuids = table.col("uuid")
        if len(set(uuids)) != table.count:
            raise Refused("shifts.csv: a uuid appears twice")
        columns = self.mapped_columns(table)
        names = [c.name for c in spec.columns][1:]
        attributes = [c.attribute for c in spec.columns][1:]
        local = {
            row[0]: row[1:]
            for row in self.query(f"SELECT uuid, id, {', '.join(attributes)}, till_id FROM shifts")
        }
        devices = self.devices("shifts")
        status, till, z = (names.index(n) for n in ("status", "till_code", "z_number"))
        opening = [
            names.index(n)
            for n in ("till_code", "event_uuid", "opened_at", "opened_by_uuid", "opening_float")
        ]
        changed = [p for p in range(len(names)) if p not in opening]
        open_here = {(r[1 + till], r[-1]): u for u, r in local.items() if r[1 + status] == "open"}
        z_here = {
            (r[1 + till], r[-1], r[1 + z]): u for u, r in local.items() if r[1 + z] is not None
        }
        known = self.ids["shifts"]
        rows, updates = [], []
        for index, uuid in enumerate(uuids):
            incoming = [columns[i + 1][index] for i in range(len(names))]
            device = devices[index]
            here = local.get(uuid)
            if here is not None:
                known[uuid] = here[0]
                same = incoming[status] == here[1 + status]
                if any(
                    not _same(here[1 + p], incoming[p])
                    for p in (range(len(names)) if same else opening)
                ):
                    raise Refused(f"shifts.csv: {uuid} is different here")
                if incoming[status] == "closed" and here[1 + status] == "open":
                    device = here[-1]
                    self.z_number(uuid, incoming[till], device, incoming[z], z_here)
                    open_here.pop((incoming[till], device), None)
                    updates.append((*(incoming[p] for p in changed), here[0], "open"))
                    self.closed_here.append(uuid)
                continue
            if (
                incoming[status] == "open"
                and open_here.setdefault((incoming[till], device), uuid) != uuid
            ):
                raise Refused("shifts.csv: another open shift of this till here")
            self.z_number(uuid, incoming[till], device, incoming[z], z_here)
            row_id = self.next_id("shifts", 1)
            known[uuid] = row_id
            rows.append([row_id, uuid, *incoming, device])
        self.new["shifts"] = [i for i, u in enumerate(uuids) if u not in local]
        if rows:
            self.inserts["shifts"] = _Insert(
                ["id", "uuid", *attributes, "till_id"], [list(c) for c in zip(*rows, strict=True)]
            )
        if updates:
            self.updates.append(("shifts", [attributes[p] for p in changed], updates))

    def z_number(
        self, uuid: str, till: str, device: str, z: int | None, z_here: dict[Any, str]
    ) -> None:
        if z is not None and z_here.setdefault((till, device, z), uuid) != uuid:
            raise Refused("shifts.csv: Z number taken here on this device")

    # --- the journal -------------------------------------------------------------------------

    def journal(self, table: Table) -> None:
        rows = list(zip(*table.values, strict=True))
        by_till: dict[str, list[int]] = defaultdict(list)
        for index in sorted(range(len(rows)), key=lambda i: (rows[i][0], rows[i][1])):
            by_till[rows[index][0]].append(index)
        fresh: list[int] = []
        sha256 = hashlib.sha256
        for till, indexes in by_till.items():
            head = self.query(
                "SELECT seq, sha256 FROM journal_links WHERE till_id = ? ORDER BY seq DESC LIMIT 1",
                (till,),
            )
            seq, prev = (int(head[0][0]), str(head[0][1])) if head else (0, "0" * 64)
            held = dict(
                self.query("SELECT seq, sha256 FROM journal_links WHERE till_id = ?", (till,))
                if rows[indexes[0]][1] <= seq
                else []
            )
            for index in indexes:
                link_seq, kind, record, content, link_prev, sha, total = rows[index][1:8]
                if link_seq in held:  # held here: must be the very link
                    if held[link_seq] != sha:
                        raise Refused(f"journal_links.csv: link {link_seq} of {till} rewritten")
                    continue
                if link_seq != seq + 1 or link_prev != prev:
                    raise Refused(f"journal_links.csv: the chain of {till} is broken at {link_seq}")
                text = f"{prev}|{till}|{link_seq}|{kind}|{record}|{content}|{total}"
                if sha256(text.encode()).hexdigest() != sha:
                    raise Refused(f"journal_links.csv: link {link_seq} of {till} altered")
                seq, prev = link_seq, sha
                fresh.append(index)
        if fresh:
            first = self.next_id("journal_links", len(fresh))
            self.inserts["journal_links"] = _Insert(
                ["id", *(c.attribute for c in table.spec.columns)],
                [
                    list(range(first, first + len(fresh))),
                    *([values[i] for i in fresh] for values in table.values),
                ],
            )
        self.contents([rows[i] for i in fresh])

    def contents(self, links: list[tuple[Any, ...]]) -> None:
        """Every new link's record hashed as the journal's canonical text, and every chained
        record this export adds covered by a link (new here, or held here)."""
        wanted: dict[str, dict[str, str]] = defaultdict(dict)
        for link in links:
            wanted[link[2]][link[3]] = link[4]
        for kind, records in wanted.items():
            texts = self.content_texts(kind)
            for record, expected in records.items():
                text = texts.get(record)
                if text is None:  # not in the export: the record as held here
                    found = self.query(KIND_SQL[kind], (record,))
                    if not found:
                        raise Refused(f"journal: the record of a {kind} link is nowhere")
                    text = str(found[0][0])
                if hashlib.sha256(text.encode()).hexdigest() != expected:
                    raise Refused(f"journal: {kind} {record} differs from its link")
        unlinked: list[tuple[str, str]] = []
        for kind, (name, chained) in _CHAINED.items():
            table = self.export.tables[name]
            uuids = table.col("uuid")
            is_chained = chained(table)
            candidates = [uuids[i] for i in self.new.get(name, []) if is_chained[i]]
            if name == "shifts":
                candidates += self.closed_here
            covered = wanted.get(kind, {})
            unlinked += [(kind, u) for u in candidates if u not in covered]
        linked = set(
            self.probe("journal_links", ("kind", "record_uuid"), ("kind", "record_uuid"), unlinked)
        )
        if len(linked) != len(set(unlinked)):
            raise Refused("journal: a record no link covers")

    def fragments(self, name: str, columns: Sequence[str]) -> list[str]:
        """Each row of the export's table as SQLite's ``json_array`` of these columns."""
        table = self.export.tables[name]
        spec = table.spec
        parts: list[list[str]] = []
        for column in columns:
            attribute, _, ref = column.partition(">")
            at = next(i for i, c in enumerate(spec.columns) if c.attribute == attribute)
            kind = spec.columns[at].kind
            values = table.values[at]
            if ref in _CATALOG:
                texts = self.keytext[ref]
                ids = self.mapped[name][at]
                keys = [None if i is None else texts.get(i) for i in ids]
                parts.append(["null" if k is None else encode_basestring(k) for k in keys])
            elif kind in (CellKind.TEXT, CellKind.NULLABLE_TEXT):
                parts.append(["null" if v is None else encode_basestring(v) for v in values])
            elif kind in (CellKind.INTEGER, CellKind.BOOLEAN):
                parts.append(["null" if v is None else str(v) for v in values])
            else:  # uuids, record references, times: text needing no escape
                parts.append(["null" if v is None else f'"{v}"' for v in values])
        return [f"[{row}]" for row in map(",".join, zip(*parts, strict=True))]

    def grouped(self, name: str, parent: str, texts: list[str]) -> dict[str, str]:
        """parent uuid -> ``[child,child…]`` in file (= id) order."""
        children: dict[str, list[str]] = defaultdict(list)
        for key, text in zip(self.export.tables[name].col(parent), texts, strict=True):
            children[key].append(text)
        return {key: "[" + ",".join(items) + "]" for key, items in children.items()}

    def content_texts(self, kind: str) -> dict[str, str]:
        name = _CHAINED[kind][0]
        c = _CONTENT_COLUMNS
        heads = self.fragments(name, c["standalone"] if kind == "movement" else c[name])
        children: list[dict[str, str]] = []
        movements = self.fragments("stock_movements", c["stock_movements"])
        if kind in ("sale", "refund"):
            line_table = "sale_lines" if kind == "sale" else "refund_lines"
            moves = self.grouped("stock_movements", line_table[:-1] + "_uuid", movements)
            lines = self.fragments(line_table, c[line_table])
            line_uuids = self.export.tables[line_table].col("uuid")
            lines = [t + moves.get(u, "[]") for t, u in zip(lines, line_uuids, strict=True)]
            children.append(self.grouped(line_table, f"{kind}_uuid", lines))
            if kind == "sale":
                children.append(
                    self.grouped("payments", "sale_uuid", self.fragments("payments", c["payments"]))
                )
        elif kind == "shift_close":
            children.append(
                self.grouped(
                    "cash_count_lines",
                    "shift_uuid",
                    self.fragments("cash_count_lines", c["cash_count_lines"]),
                )
            )
        elif kind == "count_post":
            children.append(
                self.grouped(
                    "count_lines", "session_uuid", self.fragments("count_lines", c["count_lines"])
                )
            )
            children.append(self.grouped("stock_movements", "count_session_uuid", movements))
        elif kind == "handover":
            children.append(self.grouped("stock_movements", "handover_uuid", movements))
        uuids = self.export.tables[name].col("uuid")
        return {
            uuid: f'["{kind}",{head}'
            + "".join("," + child.get(uuid, "[]") for child in children)
            + "]"
            for uuid, head in zip(uuids, heads, strict=True)
        }

    # --- writing -----------------------------------------------------------------------------

    def write(self) -> int:
        written = 0
        for spec in TABLES:
            insert = self.inserts.get(spec.name)
            if insert is None:
                continue
            marks = ",".join("?" * len(insert.names))
            self.connection.executemany(
                f"INSERT INTO {spec.name} ({','.join(insert.names)}) VALUES ({marks})",
                zip(*insert.columns, strict=True),
            )
            written += len(insert.columns[0])
        for table, attributes, rows in self.updates:  # shifts closed by the export
            sets = ", ".join(f"{a} = ?" for a in attributes)
            self.connection.executemany(
                f"UPDATE {table} SET {sets} WHERE id = ? AND status = ?", rows
            )
        return written


def _same(here: Any, incoming: Any) -> bool:
    return here == incoming or (
        isinstance(here, str) and len(here) == 19 and incoming == here + ".000000"
    )


# The canonical text of one record held here (a new link whose record came earlier): the
# journal's own SQL, asked of the database as the merge does.
def _kind_sql() -> dict[str, str]:
    from bazaar_pos.db.journal import KINDS

    return {
        spec.kind.value: f"SELECT {spec.content} FROM {spec.table} r WHERE r.uuid = ?"
        for spec in KINDS
    }


KIND_SQL = _kind_sql()


# Seconds spent in each phase, summed over the exports (the bench prints them).
PHASES: dict[str, float] = defaultdict(float)


def _lap(phase: str, since: float) -> float:
    now = time.perf_counter()
    PHASES[phase] += now - since
    return now


def merge_one(connection: sqlite3.Connection, export: Export, now: str) -> int:
    """The export checked against the database and written, in one transaction."""
    manifest = export.manifest
    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    try:
        key = connection.execute(
            "SELECT public_key FROM till_keys WHERE till_id = ?", (export.till_id,)
        ).fetchone()
        if key is not None and base64.b64decode(key[0]) != export.public_key:
            raise Refused("another key for this till than before")
        earlier = connection.execute(
            "SELECT manifest_sha256 FROM sync_imports WHERE export_uuid = ?",
            (str(uuid_module.UUID(manifest["export_id"])),),
        ).fetchone()
        if earlier is not None:
            if earlier[0] != export.manifest_sha256:
                raise Refused("imported before with another manifest")
            connection.execute("COMMIT")
            return 0
        check_sums(connection, export)
        started = _lap("records add up", started)
        plan = Plan(connection, export)
        for spec in TABLES:
            table = export.tables[spec.name]
            if spec.merge_kind is MergeKind.REFERENCE:
                plan.references(table)
            elif spec.merge_kind is MergeKind.LINK:
                plan.links(table)
            elif spec.merge_kind is MergeKind.LIFECYCLE:
                plan.shifts(table)
            elif spec.merge_kind is MergeKind.JOURNAL:
                plan.deferred()
                started = _lap("rows against the database", started)
                plan.journal(table)
                started = _lap("journal", started)
            else:
                plan.records(table)
        written = plan.write()
        sales = export.tables["sales"]
        highest: dict[str, int] = {}
        for till, number in zip(sales.col("till_code"), sales.col("receipt_number"), strict=True):
            highest[till] = max(highest.get(till, 0), number)
        for till, number in highest.items():
            connection.execute(
                "INSERT INTO receipt_counters (till_code, last_number) VALUES (?, ?) ON CONFLICT "
                "(till_code) DO UPDATE SET last_number = max(last_number, excluded.last_number)",
                (till, number),
            )
        if key is None:
            connection.execute(
                "INSERT INTO till_keys (till_id, public_key, private_key, own, till_code, "
                "created_at) VALUES (?, ?, '', 0, ?, ?)",
                (export.till_id, manifest["public_key"], manifest["till_code"][:12], now),
            )
        connection.execute(
            "INSERT INTO sync_imports (export_uuid, till_code, sequence, kind, exported_at, "
            "imported_at, imported_by, manifest_sha256, rows_added, rows_already_present, "
            "file_name) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, 0, ?)",
            (
                str(uuid_module.UUID(manifest["export_id"])),
                manifest["till_code"],
                manifest["sequence"],
                manifest["kind"],
                _stored_time(manifest["exported_at"]),
                now,
                export.manifest_sha256,
                written,
                export.path.name,
            ),
        )
        connection.execute("COMMIT")
        _lap("write", started)
        return written
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def checking_floor_merge(db_file: Path, exports: Sequence[Path]) -> int:
    """Each export verified whole, checked against the database and written in one
    transaction, refused (:class:`Refused`) where the merge refuses; the rows written."""
    # Python's cycle collector paused, as the merge (collector_paused) and the bare floor
    # do: the millions of cells held while an export is checked would otherwise be walked
    # again at every collection (3 exports of 200,000 lines: slower than the merge without).
    was_on = gc.isenabled()
    gc.disable()
    connection = connect(db_file)
    as_the_merge_writes(connection)
    try:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        written = 0
        for path in exports:
            started = time.perf_counter()
            export = read_export(path)
            _lap("files and cells", started)
            written += merge_one(connection, export, now)
        return written
    finally:
        connection.close()
        if was_on:
            gc.enable()
