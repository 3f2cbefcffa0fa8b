"""Import (merge) of exports from other tills: verified whole, planned in a read snapshot,
written in short batches, all or nothing.

An export is read completely before anything is written: the manifest and its signature by
the till's key (:mod:`bazaar_pos.sync.trust`), every file's size, SHA-256 and row count, the
header and every cell. Then, in one read snapshot holding no lock: the till's key against the
one learnt from its earlier exports, the records adding up and the users being names only
(:mod:`bazaar_pos.sync.checks`), and the plan of the merge, table by table in the format's
order (:data:`bazaar_pos.sync.format.TABLES`):

- ``record`` rows are keyed by uuid: a uuid not here is added (its references mapped from
  uuids to this database's ids); a uuid here must hold exactly the same values, else it is a
  conflict. A unique value (refund request key, a count's line …) held here by another uuid
  is a conflict too. Receipt, refund and Z numbers are unique per *device* (the till id of
  the laptop that wrote them, from the record's journal link, else the export's till): the
  same number held by another uuid of the same device is a conflict; held by another device
  that uses the same till code (two laptops set up alike) both records stay, told apart by
  device, and the import says so (:class:`SharedTillCode`, in its result and its audit entry).
- ``reference`` rows (catalog, events, users) are matched by uuid, else by their natural key
  (sku, institution code …); a match keeps this database's values and only notes the
  differences, since every sale line carries its own price, name and institution.
- ``lifecycle`` (shifts): a closed copy of a shift open here closes it; an open copy of a
  shift closed here is an older copy.
- ``link`` (event_institutions): missing pairs are added.
- ``journal`` (links): each till's links must continue its chain here.

Every conflict is collected and :class:`ImportConflict` lists them all (file, line, uuid,
columns), with nothing written. A reference to a row that is neither in the export nor here
(an incremental export imported before the one it follows) is an :class:`ExportRowError`
naming the file and line. Importing the same export again, or an overlapping one, adds
nothing.

The plan is then written in short write transactions (:class:`_Writer`; ~60 ms of write lock
each, the tills selling between them), with a marker and an undo log
(:mod:`bazaar_pos.sync.merge_undo`) so that a merge stopped half-way — a clash with a row
written meanwhile, a record that does not match its journal link once written, a failure, a
killed process — is undone. The database gives new rows their ids; a reference to a row the
merge adds is planned as that row's uuid and mapped to its id once its batch is in.

Values are handled in their stored form (datetimes as naive UTC text, which SQLite stores
as is and PostgreSQL casts; booleans as booleans; references as local ids; rows read from
PostgreSQL are brought to that text form) and sent to the driver with the dialect's
placeholders (SQLite: multi-row ``INSERT … VALUES``, the new ids read back by one range of
the primary key; PostgreSQL: ``executemany``): comparing and inserting then needs no
per-value conversion by the ORM. Into PostgreSQL the batches are written in one transaction
(see :meth:`_Writer.run_in_one_transaction`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import io
import re
import time
import uuid as uuid_module
import weakref
import zipfile
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableSequence, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, cast

from sqlalchemy import Connection, column, insert, select, table, text, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TableClause

from bazaar_pos.backup import BackupReason, backup_database
from bazaar_pos.db import Database, journal
from bazaar_pos.db.batched_write import (
    Marker,
    UndoLog,
    next_batch_size,
    others_use_the_file,
    pause,
    write_with_retry,
)
from bazaar_pos.db.engine import take_write_lock
from bazaar_pos.db.identity import short_device
from bazaar_pos.db.models import (
    CountStatus,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    ShiftStatus,
    SyncImport,
)
from bazaar_pos.money import format_rupiah
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.settings import read_settings
from bazaar_pos.sync import checks, merge_undo
from bazaar_pos.sync import journal as sync_journal
from bazaar_pos.sync.errors import (
    Conflict,
    ExportChecksumMismatch,
    ExportRefused,
    ExportRowError,
    ExportUnreadable,
    ExportUntrusted,
    ImportConflict,
    MergeCancelled,
    MergeRunning,
    RefusalReason,
    TrustProblem,
)
from bazaar_pos.sync.format import (
    CSV_ENCODING,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    TABLES,
    TABLES_BY_FILE,
    CellKind,
    ColumnSpec,
    Manifest,
    ManifestProblem,
    MergeKind,
    TableSpec,
    sha256_bytes,
)
from bazaar_pos.sync.merge_undo import MergeUndoReason, recover_interrupted_merge
from bazaar_pos.sync.trust import (
    KeyStatus,
    TillSeal,
    acting_name,
    check_signature,
    check_till_key,
    learn_till_key,
    other_tills_with_code,
)
from bazaar_pos.sync.zip_limits import check_export_zip

__all__ = [
    "ImportResult",
    "Progress",
    "SharedTillCode",
    "import_export",
    "import_exports",
    "one_backup_before_import",
    "pause_between_batches",
]

# Lookups of uuids / unique values go to the database in chunks of this many.
LOOKUP_CHUNK = 500
ARRAY_CHUNK = 50_000  # PostgreSQL: values per array of one lookup
# SQLite page cache while merging (KiB): see _large_page_cache.
MERGE_CACHE_KIB = 256 * 1024
# WAL pages between checkpoints while a merge writes (SQLite's default: 1,000): see
# _Writer.tune.
MERGE_CHECKPOINT_PAGES = 25_000

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_INTEGER = re.compile(r"-?[0-9]+")

# Unique columns the format does not list but the schema enforces (a second reversal of one
# movement): taken here by another uuid, they are a conflict rather than a database error.
_EXTRA_UNIQUE_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "stock_movements": (("reverses_uuid",),),
}

# The format's unique keys that hold per device (the till id), not across the database: two
# laptops set up with the same till code print the same numbers, and both records are real.
_PER_DEVICE_KEYS: dict[str, frozenset[tuple[str, ...]]] = {
    "sales": frozenset({("receipt_no",), ("till_code", "receipt_number")}),
    "refunds": frozenset({("refund_no",), ("till_code", "number")}),
}
# Of those, the key whose value shared with another device is counted in the warning.
_NUMBER_KEYS: dict[str, tuple[str, ...]] = {
    "sales": ("till_code", "receipt_number"),
    "refunds": ("till_code", "number"),
}
# Records that carry their device, and the journal kind whose link names it.
_DEVICE_KINDS: dict[str, str] = {"sales": "sale", "refunds": "refund", "shifts": "shift_close"}

# What a row of each file is called in messages.
_ROW_NOUNS: dict[str, str] = {
    "institutions": "institution",
    "workshops": "workshop",
    "products": "product",
    "events": "event",
    "event_institutions": "event participation",
    "users": "user",
    "shifts": "shift",
    "cash_count_lines": "cash count line",
    "cash_movements": "cash movement",
    "sales": "sale",
    "sale_lines": "sale line",
    "payments": "payment",
    "refunds": "refund",
    "refund_lines": "refund line",
    "count_sessions": "stock count",
    "count_lines": "count line",
    "handovers": "handover",
    "stock_movements": "stock movement",
    "audit_log": "audit entry",
}

# The column that names a reference row in a note ("TALENAN price here …").
_REFERENCE_LABELS: dict[str, str] = {
    "institutions": "code",
    "workshops": "name",
    "products": "name",
    "events": "name",
    "users": "username",
}

# Differences that are no news: the same person's account was made at another moment on
# each laptop.
_NOT_NOTED: dict[str, frozenset[str]] = {"users": frozenset({"created_at"})}

# Columns holding Rupiah, written as such in notes.
_MONEY_COLUMNS = frozenset({"price"})

# The count's ledger boundaries point at stock movements, which come later in the file order:
# they are resolved in a second pass once the movements are in.
_DEFERRED: dict[str, tuple[str, ...]] = {
    "count_sessions": ("snapshot_movement_uuid", "posted_through_movement_uuid"),
}


@dataclass(frozen=True)
class SharedTillCode:
    """The export's till code is used here by another device (laptop) too: both keep their
    records, told apart by device; the office should give each laptop its own code."""

    till_code: str
    device: str  # the export's device (till id) that used the code
    others: tuple[str, ...]  # the other devices with this code here (till ids)
    same_numbers: int  # receipts and refunds of the export whose number another device has

    def sentence(self) -> str:
        """The warning in plain words (Indonesian, as the office reads it; the audit entry and
        the command line say it like this, the screen through its translation)."""
        others = ", ".join(short_device(other) for other in self.others)
        text = (
            f"Perhatian: kode kasa {self.till_code} dipakai oleh lebih dari satu laptop "
            f"(perangkat {short_device(self.device)} dari ekspor ini, dan perangkat {others} "
            "yang datanya sudah ada di sini). Semua transaksi tetap disimpan dan dibedakan "
            "menurut perangkat"
        )
        if self.same_numbers:
            text += (
                f"; {self.same_numbers} nomor struk/refund dipakai kedua laptop, jadi sebutkan "
                "juga perangkatnya saat mencari struk"
            )
        return text + ". Beri setiap laptop kode kasa sendiri sebelum acara berikutnya."


@dataclass(frozen=True)
class ImportResult:
    path: Path
    export_id: str
    till_code: str
    sequence: int
    kind: str  # "full" | "incremental"
    already_imported: bool  # this very export was merged here before: nothing was written
    added: dict[str, int]  # table -> rows inserted
    already_present: dict[str, int]  # table -> rows that were here already (or older copies)
    updated: dict[str, int]  # table -> rows changed (shifts closed since the last import)
    notes: tuple[str, ...]  # catalog differences kept as they are here, renamed users …
    till_id: str  # the till whose key signed the export
    key_fingerprint: str  # to compare with the one on that till's signed Z report
    key_status: KeyStatus  # new (learnt now), known (as before) or this till's own
    # the longest of the merge's write transactions held the lock this long (ms)
    longest_write_ms: float = 0.0
    # the export's till code is used here by another laptop too (a warning, not a refusal)
    shared_codes: tuple[SharedTillCode, ...] = ()

    @property
    def rows_added(self) -> int:
        return sum(self.added.values())

    @property
    def rows_already_present(self) -> int:
        return sum(self.already_present.values())


# ---------------------------------------------------------------------------------- reading


# Limits on what an export may hold, checked on the zip directory and the manifest before
# anything is unpacked: a hostile or broken file is refused, never read into memory. A real
# export of 200,000 sale lines is ~110 MB of CSV, packed ~6:1.
MAX_MANIFEST_BYTES = 1 << 20
MAX_SIGNATURE_BYTES = 4096
MAX_FILE_BYTES = 1 << 30  # one CSV
MAX_EXPORT_BYTES = 1 << 30  # all of an export's CSVs together (they are held while checked)
MAX_ROWS = 10_000_000  # rows of one CSV, as the manifest lists them
# A file that unpacks to more than this many times its packed size (and over 1 MiB) is a
# zip bomb: CSV packs ~5-10:1, DEFLATE's own ceiling is ~1032:1.
MAX_PACKING_RATIO = 200
RATIO_CHECKED_FROM = 1 << 20
READ_CHUNK = 1 << 20


class _HashingStream(io.RawIOBase):
    """A file of an export read as a stream: every byte read goes into its SHA-256 on the
    way, and more than ``limit`` bytes is :class:`ExportUnreadable` (``too_large``), so a file
    that unpacks to more than the manifest says never fills memory. The merge parses the
    CSV from it a slice of rows at a time: no file is ever held whole, as bytes or as text."""

    def __init__(self, path: Path, name: str, raw: IO[bytes], limit: int) -> None:
        super().__init__()
        self.path = path
        self.name_in_export = name
        self.raw = raw
        self.limit = limit
        self.size = 0
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        chunk = self.raw.read(min(len(view), READ_CHUNK, self.limit + 1 - self.size))
        if not chunk:
            return 0
        self.size += len(chunk)
        if self.size > self.limit:
            raise ExportUnreadable(
                self.path,
                "too_large",
                f"{self.name_in_export} holds more than {self.limit:,} bytes",
            )
        self.digest.update(chunk)
        view[: len(chunk)] = chunk
        return len(chunk)

    def read1(self, size: int = -1) -> bytes:
        buffer = bytearray(READ_CHUNK if size < 0 else min(size, READ_CHUNK))
        count = self.readinto(buffer)
        return bytes(buffer[:count])

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()


class _Source:
    """The files of an export, from a folder or from the root of a zip.

    Sizes come from the zip's directory (or the folder's ``stat``) before a byte is
    unpacked; reading streams in chunks, hashes as it goes and stops at the size it was
    told, so a file that unpacks to more than its directory says never fills memory.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        if not path.exists():
            raise ExportUnreadable(path, "not_found")
        if path.is_dir():
            self._names = {entry.name for entry in path.iterdir() if entry.is_file()}
        else:
            check_export_zip(path)  # its directory's size, from the tail, before zipfile reads it
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
                raise ExportUnreadable(path, "not_an_export", str(error)) from None
            self._infos = {
                info.filename: info
                for info in self._zip.infolist()
                if not info.is_dir() and "/" not in info.filename.rstrip("/")
            }
            self._names = set(self._infos)

    @property
    def names(self) -> set[str]:
        return set(self._names)

    def size(self, name: str) -> int:
        """The unpacked size the zip directory (or the file system) gives, nothing read."""
        info = self._infos.get(name)
        if info is not None:
            if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_PACKING_RATIO * max(
                info.compress_size, 1
            ):
                raise ExportUnreadable(
                    self.path,
                    "too_large",
                    f"{name} unpacks to {info.file_size:,} bytes from {info.compress_size:,} "
                    f"(more than {MAX_PACKING_RATIO}:1: a zip bomb)",
                )
            return info.file_size
        try:
            return (self.path / name).stat().st_size
        except OSError as error:
            raise ExportUnreadable(self.path, "missing_file", f"{name}: {error}") from None

    def read(self, name: str, limit: int) -> tuple[bytes, str]:
        """The bytes of ``name`` and their SHA-256, streamed; refused past ``limit`` bytes
        (``too_large``) and when the packed stream is damaged (``damaged``)."""
        with self.stream(name, limit) as stream:
            data = stream.read()
        return data, stream.sha256

    @contextmanager
    def stream(self, name: str, limit: int) -> Iterator[_HashingStream]:
        """``name`` as a stream that hashes what is read and refuses past ``limit`` bytes
        (``too_large``); a damaged packed stream or a missing file is :class:`ExportUnreadable`
        (``damaged``, ``missing_file``) where it is met, opening or reading."""
        try:
            with self._open(name) as raw:
                yield _HashingStream(self.path, name, raw, limit)
        except ExportUnreadable:
            raise
        except (KeyError, FileNotFoundError, IsADirectoryError) as error:
            raise ExportUnreadable(self.path, "missing_file", f"{name}: {error}") from None
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as error:
            # A corrupt deflate stream, a bad CRC, a cut file, an unknown compression or an
            # encrypted member: the zip cannot be trusted whole.
            raise ExportUnreadable(self.path, "damaged", f"{name}: {error}") from None
        except OSError as error:
            raise ExportUnreadable(self.path, "missing_file", f"{name}: {error}") from None

    def sha256(self, name: str, limit: int) -> tuple[int, str]:
        """The size and SHA-256 of ``name``, read through and kept nowhere."""
        with self.stream(name, limit) as stream:
            while stream.read1(READ_CHUNK):
                pass
        return stream.size, stream.sha256

    def _open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(self._infos[name])
        return (self.path / name).open("rb")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


@dataclass
class _Parsed:
    """One file, parsed: its cells by column, in stored form (references still as uuids)."""

    spec: TableSpec
    columns: list[list[Any]]  # aligned with spec.columns
    count: int

    @property
    def file_name(self) -> str:
        return self.spec.file_name

    def line(self, index: int) -> int:
        # A spreadsheet numbers the header 1, so data row ``index`` (from 0) is index + 2.
        return index + 2

    def values(self, name: str) -> list[Any]:
        return self.columns[_index(self.spec, name)]


@dataclass(frozen=True)
class _Export:
    path: Path
    manifest: Manifest
    manifest_sha256: str
    tables: dict[str, _Parsed]
    seal: TillSeal

    def columns(self) -> dict[str, dict[str, Sequence[Any]]]:
        """Every file's columns by name (stored form, references as uuids), for the checks."""
        return {
            name: {c.name: values for c, values in zip(p.spec.columns, p.columns, strict=True)}
            for name, p in self.tables.items()
        }


def _index(spec: TableSpec, name: str) -> int:
    for position, column_spec in enumerate(spec.columns):
        if column_spec.name == name:
            return position
    raise KeyError(name)


class _BadCell(Exception):
    def __init__(self, index: int, problem: str) -> None:
        super().__init__(problem)
        self.index = index
        self.problem = problem


_UUID_DASHES = (8, 13, 18, 23)


def _all_uuids(cells: Sequence[str]) -> bool:
    """Is every cell a uuid in its canonical form (what ``_UUID`` matches)? One pass of C over
    the whole column instead of a regular expression per cell: the cells joined by line
    breaks must be blocks of 37 bytes, each with its dashes and its line break in their
    places, and nothing but hex digits elsewhere (a dash or a line break anywhere else would
    be one too many)."""
    count = len(cells)
    if not count:
        return True
    joined = "\n".join(cells) + "\n"
    if len(joined) != 37 * count or not joined.isascii():
        return False
    data = joined.encode("ascii")
    if data.translate(None, b"0123456789abcdef-\n"):
        return False
    if data.count(b"-") != 4 * count or data.count(b"\n") != count:
        return False
    if data[36::37].count(b"\n") != count:
        return False
    return all(data[at::37].count(b"-") == count for at in _UUID_DASHES)


def _first_failing(cells: Sequence[str], check: Callable[[str], object]) -> int:
    for index, cell in enumerate(cells):
        if not check(cell):
            return index
    return -1


def _problem(column_spec: ColumnSpec, cell: str) -> str:
    try:
        column_spec.decode(cell)
    except ValueError as error:
        return str(error)
    return f"{cell!r} is not a valid {column_spec.kind.value}"


def _stored_datetime(cell: str) -> str:
    """ISO 8601 with an offset -> SQLite's naive UTC text (as the ORM stores it)."""
    moment = dt.datetime.fromisoformat(cell)
    if moment.tzinfo is None:
        raise ValueError(f"{cell!r} has no UTC offset (like +00:00)")
    if len(cell) == 32 and cell[10] == "T" and cell[19] == "." and cell.endswith("+00:00"):
        return cell[:10] + " " + cell[11:26]
    utc = moment.astimezone(dt.UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d} "
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond:06d}"
    )


def _is_utc_micro(cell: str) -> bool:
    """``2026-04-09T01:00:00.500000+00:00``: the shape :func:`_stored_datetime` cuts."""
    return len(cell) == 32 and cell[10] == "T" and cell[19] == "." and cell[26:] == "+00:00"


def _as_stored(value: Any) -> Any:
    """A value PostgreSQL gives back, in the form :func:`_decode_column` makes of a cell."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is None else value.astimezone(dt.UTC)
        return (
            f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:"
            f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}"
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _check_storable_text(path: Path, parsed: _Parsed) -> None:
    """PostgreSQL: every text cell one it can store, else :class:`ExportRowError` naming the
    cell (rather than the server's error half-way through the merge). It refuses a NUL
    character in text and more characters than a column's VARCHAR length; SQLite keeps
    both, so a till's own data may hold them and merges into SQLite as it always did."""
    for column_spec, values in zip(parsed.spec.columns, parsed.columns, strict=True):
        if column_spec.kind not in (CellKind.TEXT, CellKind.NULLABLE_TEXT):
            continue
        present = [value for value in values if value is not None]
        limit = column_spec.max_length
        too_long = limit is not None and bool(present) and max(map(len, present)) > limit
        if not too_long and "\x00" not in "".join(present):
            continue
        for index, value in enumerate(values):
            problem = ""
            if value is not None and "\x00" in value:
                problem = "holds a NUL character (\\0), which PostgreSQL cannot store in text"
            elif value is not None and limit is not None and len(value) > limit:
                problem = f"has {len(value)} characters, at most {limit} fit in this column"
            if problem:
                raise ExportRowError(
                    path, parsed.file_name, parsed.line(index), column_spec.name, problem
                )


def _decode_column(column_spec: ColumnSpec, cells: Sequence[str]) -> list[Any]:
    """A column's cells in stored form; :class:`_BadCell` at the first one that is not valid.

    Works a column at a time: the checks run as ``map`` over C functions where possible.
    """
    kind = column_spec.kind
    nullable = column_spec.nullable
    if kind is CellKind.TEXT:
        return [cell[1:] if cell[:1] == "'" else cell for cell in cells]
    if kind is CellKind.NULLABLE_TEXT:
        return [None if cell == "" else (cell[1:] if cell[:1] == "'" else cell) for cell in cells]
    if not nullable and "" in cells:
        raise _BadCell(cells.index(""), "is empty, but a value is required")
    if kind is CellKind.INTEGER:
        present = [cell for cell in cells if cell != ""] if nullable else cells
        if not all(map(_INTEGER.fullmatch, present)):
            index = _first_failing(cells, lambda c: c == "" or _INTEGER.fullmatch(c))
            raise _BadCell(index, _problem(column_spec, cells[index]))
        if nullable:
            return [None if cell == "" else int(cell) for cell in cells]
        return list(map(int, cells))
    if kind is CellKind.BOOLEAN:
        values: list[Any] = []
        for index, cell in enumerate(cells):
            if cell == "1":
                values.append(True)
            elif cell == "0":
                values.append(False)
            elif cell == "":
                values.append(None)
            else:
                raise _BadCell(index, _problem(column_spec, cell))
        return values
    if kind in (CellKind.UUID, CellKind.REF):
        present = [cell for cell in cells if cell != ""] if nullable else cells
        if _all_uuids(present):
            return [None if cell == "" else cell for cell in cells] if nullable else list(cells)
        values = []
        for index, cell in enumerate(cells):
            if cell == "":
                values.append(None)
            elif _UUID.fullmatch(cell):
                values.append(cell)
            else:
                try:
                    values.append(column_spec.decode(cell))  # upper case, braces: normalised
                except ValueError as error:
                    raise _BadCell(index, str(error)) from None
        return values
    if kind is CellKind.DATETIME:
        present = [cell for cell in cells if cell != ""] if nullable else cells
        if all(map(_is_utc_micro, present)):
            # As an export writes them (UTC, microseconds): validated by the C parser, then
            # cut to the stored form (see _stored_datetime).
            with contextlib.suppress(ValueError):
                list(map(dt.datetime.fromisoformat, present))
                return [None if cell == "" else cell[:10] + " " + cell[11:26] for cell in cells]
        values = []
        for index, cell in enumerate(cells):
            if cell == "":
                values.append(None)
                continue
            try:
                values.append(_stored_datetime(cell))
            except ValueError:
                raise _BadCell(index, _problem(column_spec, cell)) from None
        return values
    if kind is CellKind.DATE:
        values = []
        for index, cell in enumerate(cells):
            try:
                day = column_spec.decode(cell)
            except ValueError as error:
                raise _BadCell(index, str(error)) from None
            values.append(None if day is None else day.isoformat())
        return values
    raise AssertionError(f"unknown cell kind {kind}")


# Items one C-level call handles at a time while a file is parsed and while the merge's data
# is let go: a merge runs on a worker thread beside the app's window, and a single C call (the
# csv reader filling a list, a transpose, freeing a list of 300,000 rows) keeps the
# interpreter's lock until it returns; in slices the window gets its turn between two
# (one export of 100,000 sale lines held it for 680 ms at a time unsliced; ~5 ms a slice).
GIL_SLICE = 10_000


def _in_slices(items: Iterable[Any]) -> list[Any]:
    """``list(items)``, a slice at a time (see :data:`GIL_SLICE`)."""
    found: list[Any] = []
    iterator = iter(items)
    while True:
        before = len(found)
        found.extend(islice(iterator, GIL_SLICE))
        if len(found) - before < GIL_SLICE:
            return found


def _transposed(rows: Sequence[Sequence[str]], width: int) -> list[list[str]]:
    """The cells of ``rows`` (all ``width`` long) by column, a slice of rows at a time."""
    columns: list[list[str]] = [[] for _ in range(width)]
    for start in range(0, len(rows), GIL_SLICE):
        piece = zip(*rows[start : start + GIL_SLICE], strict=True)  # widths checked before
        for cells_of_column, cells in zip(columns, piece, strict=True):
            cells_of_column.extend(cells)
    return columns


def _let_go(items: MutableSequence[Any]) -> None:
    """Empty ``items`` a slice at a time, from the end (see :data:`GIL_SLICE`)."""
    while items:
        del items[-GIL_SLICE:]


def _let_go_map(items: dict[Any, Any]) -> None:
    """Empty ``items`` an entry at a time (each step short, see :data:`GIL_SLICE`)."""
    while items:
        items.popitem()


# A column whose first slice holds more distinct values than this share of its cells is not
# worth interning (uuids, hashes, times): the lookup would cost time and save nothing.
INTERN_DISTINCT_SHARE = 0.5


class _ColumnStore:
    """One column's decoded cells, kept compactly as the slices of a file come in.

    An export of a million sale lines is millions of cells, and a Python object per cell is
    what filled the memory: so a column of integers is an ``array('q')`` (8 bytes a value
    instead of a 28-byte object and its 8-byte pointer), and a column of repeated text (a
    line's sale and product, a movement's kind, a cashier's name) holds each distinct value
    once. Columns of unique values (uuids, hashes) are kept as they are.
    """

    def __init__(self, column_spec: ColumnSpec) -> None:
        self.values: list[Any] | array[int]
        if column_spec.kind is CellKind.INTEGER and not column_spec.nullable:
            self.values = array("q")
            self.memo: dict[Any, Any] | None = None
        else:
            self.values = []
            interned = column_spec.kind not in (CellKind.UUID, CellKind.INTEGER, CellKind.BOOLEAN)
            self.memo = {} if interned else None
        self.first = True

    def extend(self, decoded: list[Any]) -> None:
        values = self.values
        if isinstance(values, array):
            try:
                values.extend(decoded)
                return
            except OverflowError:  # beyond 64 bits: the database says what it makes of it
                self.values = values = list(values)
        memo = self.memo
        if memo is not None:
            decoded = list(map(memo.setdefault, decoded, decoded))
            if self.first and len(memo) > INTERN_DISTINCT_SHARE * len(decoded):
                self.memo = None
        self.first = False
        values.extend(decoded)


@dataclass
class _FileProblems:
    """What is wrong with a file, found while it is read through, in the order a file is
    refused by: not UTF-8, not CSV, its header, its row count, a row's width, then the first
    bad cell of the first column that has one (as a person fixing the file reads it)."""

    refused: ExportRefused | None = None  # users.csv bringing more than names: first of all
    not_utf8: str = ""
    not_csv: str = ""
    width: tuple[int, int] | None = None  # (row index, cells)
    cells: dict[int, tuple[int, str]] = field(default_factory=dict)  # column -> (row, problem)

    def __bool__(self) -> bool:
        return bool(self.refused or self.not_utf8 or self.not_csv or self.width or self.cells)


def _parse_file(
    path: Path, spec: TableSpec, source: _Source, expected_rows: int, size: int, sha256: str
) -> _Parsed:
    """One file read through as a stream (hashed as it is read, a slice of rows parsed,
    checked and decoded at a time: never held whole, as bytes, text or rows), its size,
    SHA-256 and row count checked against the manifest at its end.

    A problem found in it raises :class:`_FileRefused` with the file read to its end, so the
    export's refusal names what the whole file shows first (see :func:`_read_export`)."""
    file_name = spec.file_name
    width = len(spec.columns)
    stores = [_ColumnStore(column_spec) for column_spec in spec.columns]
    problems = _FileProblems()
    count = 0
    header: list[str] | None = None
    with source.stream(file_name, size) as raw:
        text = io.TextIOWrapper(
            io.BufferedReader(raw, READ_CHUNK), encoding=CSV_ENCODING, newline=""
        )
        reader = csv.reader(text)
        try:
            header = next(reader, None)
            if header is not None and spec.names_only:
                try:
                    _check_names_only(path, spec, header)
                except ExportRefused as refused:
                    problems.refused = refused
            bad_header = problems.refused is not None or tuple(header or ()) != spec.header
            while not bad_header:
                rows = list(islice(reader, GIL_SLICE))
                if not rows:
                    break
                taken = len(rows)
                _parse_slice(spec, rows, count, stores, problems)
                count += taken
                if problems:
                    stores = []  # refused anyway: the cells are let go, the count goes on
                    width = 0
        except UnicodeDecodeError as error:
            problems.not_utf8 = str(error)
        except csv.Error as error:
            problems.not_csv = str(error)
            with contextlib.suppress(UnicodeDecodeError):
                while text.read(READ_CHUNK):
                    pass
        while raw.read1(READ_CHUNK):  # the rest, for its SHA-256
            pass
        text.detach()  # the zip stream is closed by source.stream, not by the wrapper
    if raw.size != size or raw.sha256 != sha256:
        raise ExportChecksumMismatch(path, file_name)
    if problems.refused is not None:
        raise _FileRefused(problems.refused)
    if problems.not_utf8:
        raise _FileRefused(
            ExportUnreadable(path, "bad_header", f"{file_name}: not UTF-8 ({problems.not_utf8})")
        )
    if problems.not_csv:
        raise _FileRefused(ExportRowError(path, file_name, 0, "", f"not CSV: {problems.not_csv}"))
    if header is None or tuple(header) != spec.header:
        found = ",".join(header) if header is not None else "(empty file)"
        raise _FileRefused(
            ExportUnreadable(
                path,
                "bad_header",
                f"{file_name}: header {found!r}, expected {','.join(spec.header)!r}",
            )
        )
    if count != expected_rows:
        raise ExportChecksumMismatch(path, file_name)
    if problems.width is not None:
        index, cells = problems.width
        raise _FileRefused(
            ExportRowError(
                path,
                file_name,
                index + 2,
                "",
                f"{cells} cells, expected {len(spec.columns)} ({','.join(spec.header)})",
            )
        )
    if problems.cells:
        position = min(problems.cells)
        index, problem = problems.cells[position]
        raise _FileRefused(
            ExportRowError(path, file_name, index + 2, spec.columns[position].name, problem)
        )
    assert width == len(stores)
    # An integer column is an array: read as a list is read (index, slice, iterate).
    columns = cast(list[list[Any]], [store.values for store in stores])
    return _Parsed(spec=spec, columns=columns, count=count)


def _parse_slice(
    spec: TableSpec,
    rows: list[list[str]],
    offset: int,
    stores: list[_ColumnStore],
    problems: _FileProblems,
) -> None:
    """One slice of a file's rows (from row ``offset``) checked, decoded and added to its
    columns' ``stores``; what is wrong noted in ``problems``, once a file has a problem
    only what could still come before it in the refusal is looked for."""
    width = len(spec.columns)
    if problems.width is not None:
        return  # a row's width comes before any cell
    if set(map(len, rows)) - {width}:
        index, row = next((i, r) for i, r in enumerate(rows) if len(r) != width)
        problems.width = (offset + index, len(row))
        return
    cells_by_column = _transposed(rows, width)
    rows.clear()
    for position, (column_spec, cells) in enumerate(
        zip(spec.columns, cells_by_column, strict=True)
    ):
        if position in problems.cells:
            continue
        try:
            decoded = _decode_column(column_spec, cells)
        except _BadCell as bad:
            problems.cells[position] = (offset + bad.index, bad.problem)
            continue
        if not problems:
            stores[position].extend(decoded)


class _FileRefused(Exception):
    """A file of the export refused for its content (``error``, raised once the rest of the
    export is verified: a file that is not what its manifest says is refused as that)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _read_export(path: Path) -> _Export:
    """Everything verified and parsed; nothing of the database touched.

    Each file is read once, as a stream: hashed, parsed and decoded a slice at a time. A
    file refused for its content is reported only once every file of the export has been
    checked against the manifest (size, SHA-256): an export altered on the way is refused
    as that, whatever its cells hold."""
    path = Path(path)
    source = _Source(path)
    try:
        manifest, manifest_bytes, seal = _check_manifest(path, source)
        tables: dict[str, _Parsed] = {}
        for position, spec in enumerate(TABLES):
            entry = manifest.file(spec.file_name)
            assert entry is not None
            try:
                tables[spec.name] = _parse_file(
                    path, spec, source, entry.rows, entry.bytes, entry.sha256
                )
            except _FileRefused as refused:
                tables.clear()
                _check_the_rest(path, source, manifest, TABLES[position + 1 :])
                raise refused.error from None
        return _Export(
            path=path,
            manifest=manifest,
            manifest_sha256=sha256_bytes(manifest_bytes),
            tables=tables,
            seal=seal,
        )
    finally:
        source.close()


def _check_manifest(path: Path, source: _Source) -> tuple[Manifest, bytes, TillSeal]:
    """The manifest, its signature, and the export's files as the zip directory lists them
    (names, sizes), before a byte of the files is unpacked."""
    if MANIFEST_NAME not in source.names:
        raise ExportUnreadable(path, "not_an_export", f"no {MANIFEST_NAME}")
    if source.size(MANIFEST_NAME) > MAX_MANIFEST_BYTES:
        raise ExportUnreadable(
            path, "too_large", f"{MANIFEST_NAME} is larger than {MAX_MANIFEST_BYTES:,} bytes"
        )
    manifest_bytes, _ = source.read(MANIFEST_NAME, MAX_MANIFEST_BYTES)
    try:
        manifest = Manifest.from_json(manifest_bytes)
    except ManifestProblem as problem:
        if problem.reason == "unsigned":
            raise ExportUntrusted(path, TrustProblem.UNSIGNED_FORMAT) from None
        raise ExportUnreadable(path, problem.reason, problem.detail) from None
    # Before any of the manifest's figures is believed: its SHA-256s are what the
    # signature covers, so an edited file with a recomputed SHA-256 fails here.
    signature = (
        source.read(SIGNATURE_NAME, MAX_SIGNATURE_BYTES)[0]
        if SIGNATURE_NAME in source.names
        else None
    )
    seal = check_signature(path, manifest, manifest_bytes, signature)
    listed = {entry.name for entry in manifest.files}
    for name in sorted(listed - set(TABLES_BY_FILE)):
        raise ExportUnreadable(path, "bad_manifest", f"{name} is not a file of this format")
    for spec in TABLES:
        if spec.file_name not in listed:
            raise ExportUnreadable(
                path, "bad_manifest", f"{spec.file_name} is not listed in {MANIFEST_NAME}"
            )
    present = source.names
    for spec in TABLES:
        if spec.file_name not in present:
            raise ExportUnreadable(path, "missing_file", spec.file_name)
    for name in sorted(present):
        if name.lower().endswith(".csv") and name not in listed:
            raise ExportUnreadable(path, "unexpected_file", name)
    _check_limits(path, manifest)
    for spec in TABLES:  # the directory's sizes, before anything is unpacked
        entry = manifest.file(spec.file_name)
        assert entry is not None
        if source.size(spec.file_name) != entry.bytes:
            raise ExportChecksumMismatch(path, spec.file_name)
    return manifest, manifest_bytes, seal


def _check_the_rest(
    path: Path, source: _Source, manifest: Manifest, rest: Sequence[TableSpec]
) -> None:
    """The files after a refused one against the manifest (read through, kept nowhere), then
    the names-only file's header: what would be refused before any file's content."""
    for spec in rest:
        entry = manifest.file(spec.file_name)
        assert entry is not None
        if source.sha256(spec.file_name, entry.bytes) != (entry.bytes, entry.sha256):
            raise ExportChecksumMismatch(path, spec.file_name)
    for spec in rest:
        if spec.names_only:
            entry = manifest.file(spec.file_name)
            assert entry is not None
            with source.stream(spec.file_name, entry.bytes) as raw:
                first = raw.read(MAX_MANIFEST_BYTES).decode(CSV_ENCODING, errors="replace")
            lines = first.splitlines()[:1]
            _check_names_only(path, spec, next(csv.reader(lines), []) if lines else [])


def _check_limits(path: Path, manifest: Manifest) -> None:
    """The manifest's sizes and row counts within :data:`MAX_FILE_BYTES` … before reading."""
    for entry in manifest.files:
        if entry.bytes > MAX_FILE_BYTES or entry.bytes < 0:
            raise ExportUnreadable(
                path,
                "too_large",
                f"{entry.name}: {entry.bytes:,} bytes (at most {MAX_FILE_BYTES:,})",
            )
        if entry.rows > MAX_ROWS or entry.rows < 0:
            raise ExportUnreadable(
                path, "too_large", f"{entry.name}: {entry.rows:,} rows (at most {MAX_ROWS:,})"
            )
    total = sum(entry.bytes for entry in manifest.files)
    if total > MAX_EXPORT_BYTES:
        raise ExportUnreadable(
            path, "too_large", f"{total:,} bytes of CSV (at most {MAX_EXPORT_BYTES:,})"
        )


def _check_names_only(path: Path, spec: TableSpec, header: Sequence[str]) -> None:
    """users.csv with a column beyond the names (a PIN hash, lockout state) brings accounts:
    refused as such, not as a mere header mistake."""
    extra = [name for name in header if name not in spec.header]
    if extra:
        raise ExportRefused(
            path,
            RefusalReason.USER_SECRET,
            spec.file_name,
            1,
            ", ".join(extra),
            f"columns {', '.join(extra)} are not names",
        )


def _refunded_sales_before(
    connection: Connection, export: _Export
) -> tuple[dict[str, checks.SoldSale], dict[str, checks.SoldLine]]:
    """The sales (and their lines) of earlier exports that this export's refunds refer to,
    with what refunds *not* in this export gave back of them (an overlapping export carries
    some refunds that are here already)."""
    tables = export.tables
    in_export = set(tables["sales"].values("uuid"))
    wanted = sorted(set(tables["refunds"].values("sale_uuid")) - in_export)
    sales: dict[str, checks.SoldSale] = {}
    lines: dict[str, checks.SoldLine] = {}
    if not wanted:
        return sales, lines
    these_refunds = set(tables["refunds"].values("uuid"))
    for chunk in _chunks(wanted):
        found = connection.execute(
            select(Sale.id, Sale.uuid, Sale.receipt_no, Sale.total).where(Sale.uuid.in_(chunk))
        ).all()
        ids = {row.id: row.uuid for row in found}
        sale_ids = list(ids)
        back: dict[int, int] = defaultdict(int)
        for refund_uuid, sale_id, amount in connection.execute(
            select(Refund.uuid, Refund.sale_id, Refund.amount).where(Refund.sale_id.in_(sale_ids))
        ):
            if refund_uuid not in these_refunds:
                back[sale_id] += amount
        for row in found:
            sales[row.uuid] = checks.SoldSale(row.receipt_no, row.total, back[row.id])
        units: dict[int, int] = defaultdict(int)
        money: dict[int, int] = defaultdict(int)
        for refund_uuid, line_id, quantity, amount in connection.execute(
            select(Refund.uuid, RefundLine.sale_line_id, RefundLine.quantity, RefundLine.amount)
            .join(Refund, Refund.id == RefundLine.refund_id)
            .where(Refund.sale_id.in_(sale_ids))
        ):
            if refund_uuid not in these_refunds:
                units[line_id] += quantity
                money[line_id] += amount
        for line in connection.execute(
            select(
                SaleLine.id, SaleLine.uuid, SaleLine.sale_id, SaleLine.quantity, SaleLine.line_total
            ).where(SaleLine.sale_id.in_(sale_ids))
        ):
            lines[line.uuid] = checks.SoldLine(
                ids[line.sale_id], line.quantity, line.line_total, units[line.id], money[line.id]
            )
    return sales, lines


def _check_records(connection: Connection, export: _Export) -> None:
    """Load what the refunds need from here, decide with :mod:`checks`, refuse on the first."""
    columns = export.columns()
    sales_before, lines_before = _refunded_sales_before(connection, export)
    problems = [
        *checks.check_users(columns),
        *checks.check_sales(columns),
        *checks.check_refunds(columns, sales_before, lines_before),
        *checks.check_cash_movements(columns),
    ]
    if problems:
        first = problems[0]
        raise ExportRefused(
            export.path, first.reason, first.file_name, first.line, first.record, first.detail
        )


# ---------------------------------------------------------------------------------- merging


def _renamed(here: Any, incoming: Any) -> bool:
    """A user added as ``kasir.bpn2`` because ``kasir`` was another person here."""
    return isinstance(here, str) and isinstance(incoming, str) and here.startswith(incoming + ".")


def _quoted(name: str) -> str:
    return f'"{name}"'


def _db_nullable(spec: TableSpec, column_spec: ColumnSpec) -> bool:
    """May the table column hold NULL (a soft reference's cell may be empty even when its
    column may not: "no such row" is 0 there)."""
    return bool(spec.table.c[column_spec.attribute].nullable)


def _chunks(values: Sequence[Any], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _raw_table(spec: TableSpec) -> TableClause:
    """The table without column types: values go in and come out in their stored form."""
    return table(spec.table.name, *(column(c.name) for c in spec.table.c))


def _render(value: Any, name: str) -> str:
    if value is None:
        return "(empty)"
    if name in _MONEY_COLUMNS and isinstance(value, int):
        return format_rupiah(value)
    return str(value)


def _same(local: Any, incoming: Any) -> bool:
    if local == incoming:
        return True
    # A time written without microseconds (by hand, or an older tool) is the same moment.
    return (
        isinstance(local, str)
        and isinstance(incoming, str)
        and len(local) == 19
        and incoming == local + ".000000"
    )


def _mark(connection: Connection) -> str:
    """The driver's placeholder (``?`` for sqlite3, ``%s`` for the PostgreSQL drivers): the
    merge sends its many rows to the driver's ``executemany`` directly."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def _select_in(
    connection: Connection,
    table_name: str,
    selected: Sequence[str],
    key: Sequence[str],
    values: Sequence[tuple[Any, ...]],
) -> Iterator[tuple[Any, ...]]:
    """Rows whose ``key`` columns hold one of ``values``, asked in chunks (one indexed
    ``IN`` each; row values for keys of several columns)."""
    mark = _mark(connection)
    if len(values) > LOOKUP_CHUNK and _none_in_range(connection, table_name, key[0], values):
        return
    head = f"SELECT {', '.join(map(_quoted, selected))} FROM {_quoted(table_name)} WHERE "
    if len(key) == 1 and connection.dialect.name == "postgresql":
        # One array parameter per many values: PostgreSQL probes the index for each element
        # of ``= ANY(…)``, with no statement text as long as the list.
        for chunk in _chunks(values, ARRAY_CHUNK):
            sql = f"{head}{_quoted(key[0])} = ANY({mark})"
            for row in connection.exec_driver_sql(sql, ([value[0] for value in chunk],)):
                yield tuple(row)
        return
    if len(key) == 1:
        head += f"{_quoted(key[0])} IN ("
        one = mark
    else:
        head += f"({', '.join(map(_quoted, key))}) IN (VALUES "
        one = f"({', '.join([mark] * len(key))})"
    for chunk in _chunks(values):
        parameters = tuple(item for value in chunk for item in value)
        sql = head + ", ".join([one] * len(chunk)) + ")"
        for row in connection.exec_driver_sql(sql, parameters):
            yield tuple(row)


def _none_in_range(
    connection: Connection, table_name: str, first: str, values: Sequence[tuple[Any, ...]]
) -> bool:
    """SQLite: whether no row here has its ``first`` key column between the least and the
    greatest of the ``values``' first items: then none holds any of them, and the chunked
    probes are not needed. One indexed range query, where asking 200,000 receipt numbers of a
    new till in chunks took ~3 s.

    Only where Python orders the values as the database does: SQLite compares text by its
    bytes (code points, as Python does) and numbers as numbers; a PostgreSQL column sorts by
    its collation, which may not."""
    if connection.dialect.name != "sqlite":
        return False
    firsts = [value[0] for value in values if value[0] is not None]
    if not firsts or len({type(item) for item in firsts}) != 1:
        return False
    sql = (
        f"SELECT 1 FROM {_quoted(table_name)} "
        f"WHERE {_quoted(first)} >= ? AND {_quoted(first)} <= ? LIMIT 1"
    )
    low, high = min(firsts), max(firsts)
    return connection.exec_driver_sql(sql, (low, high)).first() is None


# Rows per INSERT of several rows (SQLite): each statement is one execution for the whole
# group, where ``executemany`` runs the statement once per row, and on a table with a journal
# trigger each run opens a statement journal (measured: 3x the time of the rows alone).
VALUES_ROWS = 500
SQLITE_MAX_PARAMETERS = 32766  # SQLITE_MAX_VARIABLE_NUMBER since 3.32


def _insert_values(
    connection: Connection, table_name: str, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """``rows`` into ``table_name`` with multi-row ``INSERT … VALUES (…), (…)`` statements."""
    width = len(names)
    per = max(1, min(VALUES_ROWS, SQLITE_MAX_PARAMETERS // width))
    head = f"INSERT INTO {_quoted(table_name)} ({', '.join(map(_quoted, names))}) VALUES "
    one = "(" + ", ".join(["?"] * width) + ")"
    full = head + ", ".join([one] * per)
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        sql = full if len(chunk) == per else head + ", ".join([one] * len(chunk))
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(chunk)))


def _copy_rows(
    connection: Connection, table_name: str, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """PostgreSQL: ``rows`` into ``table_name`` with ``COPY … FROM STDIN``, the server's bulk
    path (one stream instead of a statement per row; the triggers still run for each row).
    Values go in their stored form: the server parses the text of dates and times."""
    raw = connection.connection.driver_connection
    assert raw is not None
    statement = f"COPY {_quoted(table_name)} ({', '.join(map(_quoted, names))}) FROM STDIN"
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except connection.dialect.loaded_dbapi.IntegrityError as error:
        # COPY runs on the driver's own connection: its error as SQLAlchemy's, as for INSERT
        raise IntegrityError(statement, None, error) from error


def _copy_rows_returning_ids(
    connection: Connection, table_name: str, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> dict[str, int]:
    """PostgreSQL: ``rows`` into ``table_name`` through a staging table, and the ids the
    database gave them, by uuid.

    ``COPY`` returns nothing, and asking the new rows' ids back by uuid afterwards cost as
    much again as the copy; so the rows are copied into a temporary table of the same
    columns (no index, no trigger: the fastest write there is), then moved with one
    ``INSERT … SELECT … RETURNING uuid, id``. The staging table lives as long as the
    merge's transaction."""
    stage = _quoted(f"merge_stage_{table_name}")
    columns = ", ".join(map(_quoted, names))
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "
        f"SELECT {columns} FROM {_quoted(table_name)} WITH NO DATA"
    )
    connection.exec_driver_sql(f"TRUNCATE {stage}")
    _copy_rows(connection, f"merge_stage_{table_name}", names, rows)
    moved = connection.exec_driver_sql(
        f"INSERT INTO {_quoted(table_name)} ({columns}) SELECT {columns} FROM {stage} "
        "RETURNING uuid, id"
    )
    return {str(uuid): int(row_id) for uuid, row_id in moved}


# Tables whose rows other rows refer to: the ids the database gives their new rows are read
# back after each batch (by uuid), so later batches can refer to them.
_REFERENCED = frozenset(c.ref_table for spec in TABLES for c in spec.columns if c.ref_table)


class _Rows(Sequence[tuple[Any, ...]]):
    """The rows a merge adds to one table, kept as the columns they were parsed into: a row's
    tuple is made only when its batch is written. A tuple per planned row was as large again
    as the export's cells (a million sale lines: 136 MB of tuples for that file alone)."""

    def __init__(self, columns: Sequence[Sequence[Any]], size: int) -> None:
        self.columns = list(columns)
        self.size = size

    @classmethod
    def of(cls, rows: list[tuple[Any, ...]], width: int) -> _Rows:
        """Rows given as tuples (the small tables, matched row by row)."""
        if not rows:
            return cls([[] for _ in range(width)], 0)
        return cls([list(values) for values in zip(*rows, strict=True)], len(rows))

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return list(zip(*(values[index] for values in self.columns), strict=True))
        return tuple(values[index] for values in self.columns)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return zip(*self.columns, strict=True)

    def column(self, position: int) -> Sequence[Any]:
        return self.columns[position]

    def let_go(self) -> None:
        """Written: the columns emptied a slice at a time (see :data:`GIL_SLICE`)."""
        for values in self.columns:
            if isinstance(values, list):
                _let_go(values)
        self.columns = [[] for _ in self.columns]
        self.size = 0


@dataclass
class _Insert:
    """Rows a merge adds to one table, planned in the read snapshot, written in batches.

    A reference cell (``refs``: position in ``names``, referenced table) holds the id of a row
    here, None, or — for a row this merge adds itself — that row's uuid as text: the database
    gives it its id when its batch is written, and later batches map the uuid to it.
    ``key`` says how the undo finds the rows again: ``uuid`` (a column of ``names``),
    ``pair`` (event_institutions) or ``link`` (journal links: till id and seq).
    """

    table: str
    names: list[str]
    rows: _Rows
    refs: list[tuple[int, str]]
    key: str = "uuid"


@dataclass
class _Update:
    """Rows a merge changes: shifts here that the export closes (``old`` holds their values
    for the undo, ``guard`` what they must still hold), and the count sessions' ledger
    boundaries of rows this merge adds (no ``old``: the undo deletes those rows)."""

    table: str
    attributes: list[str]
    rows: list[tuple[int | str, list[Any]]]  # (id here, or uuid of a row of this merge; values)
    refs: list[tuple[int, str]]  # reference cells among the values
    old: list[dict[str, Any]] | None = None
    guard: dict[str, Any] = field(default_factory=dict)


class _Merge:
    """The plan of one verified export's merge, made in one read snapshot: what to add, what
    to change, and every conflict; nothing is written here (see :class:`_Writer`)."""

    def __init__(self, connection: Connection, export: _Export) -> None:
        self.connection = connection
        self.export = export
        self.path = export.path
        self.till_code = export.manifest.till_code
        self.conflicts: list[Conflict] = []
        self.notes: list[str] = []
        self.added: dict[str, int] = {spec.name: 0 for spec in TABLES}
        self.present: dict[str, int] = {spec.name: 0 for spec in TABLES}
        self.updated: dict[str, int] = {spec.name: 0 for spec in TABLES}
        # table -> {uuid: local id, or the uuid of the row this merge adds for it}, for every
        # uuid met in the export or looked up here
        self.ids: dict[str, dict[str, int | str]] = defaultdict(dict)
        self.raw = {spec.name: _raw_table(spec) for spec in TABLES}
        # rows of this export inserted here, by table, for the second pass (count boundaries)
        self.new_indexes: dict[str, list[int]] = {}
        self.present_local: dict[str, dict[int, tuple[Any, ...]]] = {}
        self.steps: list[_Insert | _Update] = []  # written in batches, in this order
        self.last_steps: list[_Insert] = []  # written by the last transaction (the audit log)
        self.highest_receipts: dict[str, int] = {}  # till code -> last receipt number
        self.link_ranges: list[tuple[str, int, int]] = []  # (till id, first, last seq) added
        # The device (till id) of a record: its journal link's till, else the export's.
        self.device = export.seal.till_id
        links = export.tables["journal_links"]
        wanted = set(_DEVICE_KINDS.values())
        self.linked_device: dict[tuple[str, str], str] = {
            (kind, uuid): till
            for till, kind, uuid in zip(
                links.values("till_id"),
                links.values("kind"),
                links.values("record_uuid"),
                strict=True,
            )
            if kind in wanted
        }
        self.device_cache: dict[str, list[str]] = {}
        self.own: str | None = None  # this database's device, once asked
        self.office: bool | None = None  # set up as an office, once asked
        self.is_sqlite = connection.dialect.name == "sqlite"
        # (till code, device) of the export's records, and how many of their numbers another
        # device holds too (the warning of SharedTillCode)
        self.codes_used: set[tuple[str, str]] = set()
        self.same_numbers: dict[tuple[str, str], int] = defaultdict(int)
        self.shared: list[SharedTillCode] = []

    # --- helpers ---------------------------------------------------------------------------

    def conflict(self, parsed: _Parsed, index: int, columns: Iterable[str], message: str) -> None:
        uuid = ""
        if "uuid" in parsed.spec.header:
            uuid = parsed.values("uuid")[index]
        self.conflicts.append(
            Conflict(
                file_name=parsed.file_name,
                line=parsed.line(index),
                uuid=uuid,
                columns=tuple(columns),
                message=f"{parsed.file_name} line {parsed.line(index)}: {message}",
            )
        )

    def plan_insert(
        self,
        spec: TableSpec,
        names: Sequence[str],
        rows: _Rows | list[tuple[Any, ...]],
        key: str = "uuid",
    ) -> None:
        """Plan rows (tuples aligned with ``names``, no id: the database gives it), unless a
        conflict already dooms the export: the checks go on, but nothing needs writing."""
        if not rows or self.conflicts:
            return
        deferred = _DEFERRED.get(spec.name, ())
        ref_of = {
            c.attribute: c.ref_table
            for c in spec.columns
            if c.kind is CellKind.REF and c.ref_table is not None and c.name not in deferred
        }
        refs = [(i, ref_of[name]) for i, name in enumerate(names) if name in ref_of]
        planned = rows if isinstance(rows, _Rows) else _Rows.of(rows, len(names))
        step = _Insert(spec.name, list(names), planned, refs, key)
        # The audit log is append-only: nothing could take its rows out again, so the
        # export's entries go in with the last transaction, which also ends the merge.
        (self.last_steps if spec.name == "audit_log" else self.steps).append(step)

    def select_in(
        self,
        table_name: str,
        selected: Sequence[str],
        key: Sequence[str],
        values: Sequence[tuple[Any, ...]],
    ) -> Iterator[tuple[Any, ...]]:
        return _select_in(self.connection, table_name, selected, key, values)

    def lookup_ids(self, table_name: str, uuids: Iterable[str]) -> dict[str, int | str]:
        wanted = [(uuid,) for uuid in sorted(set(uuids))]
        return {
            uuid: local_id
            for uuid, local_id in self.select_in(table_name, ("uuid", "id"), ("uuid",), wanted)
        }

    def resolve(self, parsed: _Parsed, column_spec: ColumnSpec) -> list[int | str | None]:
        """A reference column as local ids (a row this merge adds: its uuid); ExportRowError
        for a row found nowhere."""
        assert column_spec.ref_table is not None
        known = self.ids[column_spec.ref_table]
        uuids = parsed.values(column_spec.name)
        missing = {uuid for uuid in uuids if uuid is not None and uuid not in known}
        if missing:
            known.update(self.lookup_ids(column_spec.ref_table, missing))
            missing -= known.keys()
        if missing:
            index = next(i for i, uuid in enumerate(uuids) if uuid in missing)
            noun = _ROW_NOUNS.get(column_spec.ref_table, column_spec.ref_table)
            raise ExportRowError(
                self.path,
                parsed.file_name,
                parsed.line(index),
                column_spec.name,
                f"refers to {noun} {uuids[index]} which is neither in this export nor here: "
                f"import the earlier export of {self.till_code} first",
            )
        return [None if uuid is None else known[uuid] for uuid in uuids]

    def mapped_columns(self, parsed: _Parsed, skip: Iterable[str] = ()) -> list[list[Any]]:
        """The file's columns with references as local ids (``skip``: left as uuids)."""
        skipped = set(skip)
        columns: list[list[Any]] = []
        for column_spec, values in zip(parsed.spec.columns, parsed.columns, strict=True):
            if column_spec.kind is CellKind.REF and column_spec.name not in skipped:
                columns.append(self.resolve(parsed, column_spec))
            else:
                columns.append(values)
        return columns

    def check_duplicate_uuids(self, parsed: _Parsed) -> None:
        uuids = parsed.values("uuid")
        if len(set(uuids)) == len(uuids):
            return
        seen: set[str] = set()
        for index, uuid in enumerate(uuids):
            if uuid in seen:
                raise ExportRowError(
                    self.path, parsed.file_name, parsed.line(index), "uuid", "appears twice"
                )
            seen.add(uuid)

    def local_rows(
        self, spec: TableSpec, attributes: Sequence[str], uuids: Sequence[str] | None = None
    ) -> dict[str, tuple[Any, ...]]:
        """uuid -> (id, *attributes) of the rows here (all, or those with these uuids)."""
        selected = ("uuid", "id", *attributes)
        stored = self.stored_form
        if uuids is None:
            raw = self.raw[spec.name]
            query = select(*(raw.c[name] for name in selected)).order_by(raw.c.id)
            return {row[0]: stored(row[1:]) for row in self.connection.execute(query)}
        if self.table_is_empty(spec):
            return {}
        wanted = [(uuid,) for uuid in sorted(set(uuids))]
        return {
            row[0]: stored(row[1:])
            for row in self.select_in(spec.name, selected, ("uuid",), wanted)
        }

    def stored_form(self, row: Sequence[Any]) -> tuple[Any, ...]:
        """A row read here in the form the export's cells are decoded to (see
        :func:`_decode_column`): SQLite gives its stored text and 1/0 already; PostgreSQL
        gives datetimes and dates, made the same text here so they compare."""
        if self.is_sqlite:
            return tuple(row)
        return tuple(map(_as_stored, row))

    def table_is_empty(self, spec: TableSpec) -> bool:
        raw = self.raw[spec.name]
        return self.connection.execute(select(raw.c.id).limit(1)).first() is None

    def taken(
        self, spec: TableSpec, attributes: Sequence[str], keys: Iterable[tuple[Any, ...]]
    ) -> dict[tuple[Any, ...], str]:
        """Which of these unique values are held here, and by which uuid."""
        wanted = sorted({key for key in keys if None not in key}, key=repr)
        if not wanted or self.table_is_empty(spec):
            return {}
        return {
            row[1:]: row[0]
            for row in self.select_in(spec.name, ("uuid", *attributes), attributes, wanted)
        }

    def devices(self, parsed: _Parsed) -> list[str]:
        """The device of each row of sales, refunds or shifts: the till of its journal link;
        an open shift (no link yet) that of its sales in the export; else the export's till."""
        name = parsed.spec.name
        cached = self.device_cache.get(name)
        if cached is not None:
            return cached
        kind = _DEVICE_KINDS[name]
        linked = self.linked_device
        fallback: dict[str, str] = {}
        if name == "shifts":
            sales = self.export.tables["sales"]
            for shift, device in zip(sales.values("shift_uuid"), self.devices(sales), strict=True):
                if shift is not None:
                    fallback.setdefault(shift, device)
        devices = [
            linked.get((kind, uuid)) or fallback.get(uuid) or self.device
            for uuid in parsed.values("uuid")
        ]
        self.codes_used.update(zip(parsed.values("till_code"), devices, strict=True))
        self.device_cache[name] = devices
        return devices

    # --- record ----------------------------------------------------------------------------

    def merge_records(self, parsed: _Parsed) -> None:
        spec = parsed.spec
        self.check_duplicate_uuids(parsed)
        uuids: list[str] = parsed.values("uuid")
        deferred = _DEFERRED.get(spec.name, ())
        compared = [
            i for i, c in enumerate(spec.columns) if c.name != "uuid" and c.name not in deferred
        ]
        attributes = [spec.columns[i].attribute for i in compared]
        existing = self.local_rows(spec, attributes, uuids)

        # Who is who first, so references within the file (a reversal of a movement in the
        # same export) resolve like any other: a new row stands for itself by its uuid.
        # (Only for tables other rows refer to: a map of every payment's uuid is kept for
        # nothing.)
        if spec.name in _REFERENCED:
            known = self.ids[spec.name]
            new_indexes: list[int] = []
            for index, uuid in enumerate(uuids):
                local = existing.get(uuid)
                if local is None:
                    known[uuid] = uuid
                    new_indexes.append(index)
                else:
                    known[uuid] = local[0]
        else:
            new_indexes = [index for index, uuid in enumerate(uuids) if uuid not in existing]
        if spec.name in _DEFERRED:
            self.new_indexes[spec.name] = new_indexes

        columns = self.mapped_columns(parsed, skip=deferred)
        if existing:
            rows = list(zip(*(columns[i] for i in compared), strict=True))
            for index, uuid in enumerate(uuids):
                local = existing.get(uuid)
                if local is None:
                    continue
                if local[1:] == rows[index]:
                    continue
                differing = [
                    spec.columns[i].name
                    for position, i in enumerate(compared)
                    if not _same(local[position + 1], rows[index][position])
                ]
                if differing:
                    self.conflict(parsed, index, differing, self.differs_message(parsed, index))
        self.present[spec.name] += parsed.count - len(new_indexes)
        self.present_local[spec.name] = {}
        if not new_indexes:
            return

        devices = self.devices(parsed) if spec.name in _DEVICE_KINDS else None
        self.check_unique_keys(parsed, columns, new_indexes, devices)
        names = [c.attribute for c in spec.columns]
        new_columns: list[Sequence[Any]] = []
        for position, column_spec in enumerate(spec.columns):
            values = columns[position]
            if column_spec.name in deferred:
                # filled in by the second pass, once the stock movements are in
                values = [None if _db_nullable(spec, column_spec) else 0] * parsed.count
            new_columns.append(
                values if len(new_indexes) == parsed.count else [values[i] for i in new_indexes]
            )
        if devices is not None:
            names.append("till_id")
            new_columns.append(
                devices if len(new_indexes) == parsed.count else [devices[i] for i in new_indexes]
            )
        self.plan_insert(spec, names, _Rows(new_columns, len(new_indexes)))
        self.added[spec.name] += len(new_indexes)

    def differs_message(self, parsed: _Parsed, index: int) -> str:
        spec = parsed.spec
        noun = _ROW_NOUNS.get(spec.name, spec.name)
        uuid = parsed.values("uuid")[index]
        what = f"{noun} {uuid}"
        if spec.name == "sales":
            what = f"sale {parsed.values('receipt_no')[index]} ({uuid})"
        elif spec.name == "refunds":
            what = f"refund {parsed.values('refund_no')[index]} ({uuid})"
        return f"{what} is different here: the same uuid with other content"

    def check_unique_keys(
        self,
        parsed: _Parsed,
        columns: list[list[Any]],
        new_indexes: list[int],
        devices: list[str] | None = None,
    ) -> None:
        spec = parsed.spec
        uuids = parsed.values("uuid")
        reported: set[int] = set()  # one conflict per row: a receipt_no clash is enough
        for key in (*spec.unique_keys, *_EXTRA_UNIQUE_KEYS.get(spec.name, ())):
            positions = [_index(spec, name) for name in key]
            attributes = [spec.columns[p].attribute for p in positions]
            every = list(zip(*(columns[p] for p in positions), strict=True))
            values = [every[i] for i in new_indexes]
            if devices is not None and key in _PER_DEVICE_KEYS.get(spec.name, ()):
                self.check_per_device_key(
                    parsed, key, attributes, values, new_indexes, devices, reported
                )
                continue
            # a key naming a row this merge adds (by its uuid) cannot be held here
            is_ref = [spec.columns[p].kind is CellKind.REF for p in positions]
            askable = [
                value
                for value in values
                if not any(ref and isinstance(x, str) for x, ref in zip(value, is_ref, strict=True))
            ]
            held = self.taken(spec, attributes, askable)
            if not held and len(set(values)) == len(values):
                continue  # nothing here holds them, and no two new rows share one
            seen: dict[tuple[Any, ...], str] = {}
            for index, value in zip(new_indexes, values, strict=True):
                if None in value:
                    continue
                other = held.get(value) or seen.get(value)
                if other is not None and other != uuids[index] and index not in reported:
                    reported.add(index)
                    self.conflict(parsed, index, key, self.taken_message(parsed, index, key))
                seen.setdefault(value, uuids[index])

    def check_per_device_key(
        self,
        parsed: _Parsed,
        key: tuple[str, ...],
        attributes: list[str],
        values: list[tuple[Any, ...]],
        new_indexes: list[int],
        devices: list[str],
        reported: set[int],
    ) -> None:
        """A number held by another uuid of the same device is a conflict; held by another
        device (the same till code on two laptops) it is counted for the warning."""
        spec = parsed.spec
        uuids = parsed.values("uuid")
        holders: dict[tuple[Any, ...], list[tuple[str, str]]] = defaultdict(list)
        wanted = sorted(set(values), key=repr)
        if wanted and not self.table_is_empty(spec):
            for row in self.select_in(
                spec.name, ("uuid", "till_id", *attributes), attributes, wanted
            ):
                holders[tuple(row[2:])].append((str(row[0]), str(row[1])))
        if not holders and len(set(values)) == len(values):
            return  # nothing here holds these numbers, and no two new rows share one
        counted = key == _NUMBER_KEYS.get(spec.name)
        for index, value in zip(new_indexes, values, strict=True):
            uuid, device = uuids[index], devices[index]
            held = holders[value]
            if any(d == device and u != uuid for u, d in held) and index not in reported:
                reported.add(index)
                self.conflict(parsed, index, key, self.taken_message(parsed, index, key, device))
            elif counted and any(d != device for _, d in held):
                self.same_numbers[(str(parsed.values("till_code")[index]), device)] += 1
            held.append((uuid, device))

    def taken_message(
        self, parsed: _Parsed, index: int, key: tuple[str, ...], device: str = ""
    ) -> str:
        name = parsed.spec.name

        def cell(column_name: str) -> Any:
            return parsed.values(column_name)[index]

        # The same device numbered two records alike: not two laptops (those are told apart),
        # but one laptop whose database went back in time.
        again = (
            "the same laptop numbered two records alike (a database restored from an older copy?)"
        )
        of = f"device {short_device(device)}"
        if name == "sales":
            return f"receipt {cell('receipt_no')} of {of} is already another sale here: {again}"
        if name == "refunds":
            if key == ("request_key",):
                return f"refund request {cell('request_key')} is already another refund here"
            return f"refund {cell('refund_no')} of {of} is already another refund here: {again}"
        if name == "shifts":
            return (
                f"Z report {cell('z_number')} of till {cell('till_code')} ({of}) is already "
                f"another shift here: {again}"
            )
        if name == "cash_count_lines":
            return (
                f"the {cell('purpose')} count of shift {cell('shift_uuid')} already has "
                f"{cell('form')}s of {format_rupiah(cell('denomination'))} here"
            )
        if name == "count_lines":
            return (
                f"stock count {cell('session_uuid')} already has a line for product "
                f"{cell('product_uuid')} here"
            )
        if name == "stock_movements":
            return f"stock movement {cell('reverses_uuid')} is already reversed by another here"
        shown = ", ".join(f"{column_name} {cell(column_name)}" for column_name in key)
        return f"{shown} already belongs to another {_ROW_NOUNS.get(name, name)} here"

    def merge_journal(self, parsed: _Parsed) -> None:
        """Each till's links must continue its chain here (see :mod:`bazaar_pos.sync.journal`);
        any break is a conflict. Whether every record this export brings matches its link is
        checked once the records are written (:meth:`_Writer.check_records`)."""
        spec = parsed.spec
        rows = _Rows(parsed.columns, parsed.count)
        fresh, conflicts, present = sync_journal.check_incoming_links(
            self.connection, parsed.file_name, rows
        )
        self.conflicts.extend(conflicts)
        self.present[spec.name] += present
        names = [column.attribute for column in spec.columns]
        every = len(fresh) == parsed.count
        self.plan_insert(
            spec,
            names,
            _Rows(
                [values if every else [values[i] for i in fresh] for values in parsed.columns],
                len(fresh),
            ),
            key="link",
        )
        self.added[spec.name] += len(fresh)
        ranges: dict[str, tuple[int, int]] = {}
        for index in fresh:
            till, seq = str(rows[index][0]), int(rows[index][1])
            low, high = ranges.get(till, (seq, seq))
            ranges[till] = (min(low, seq), max(high, seq))
        self.link_ranges = [(till, low, high) for till, (low, high) in sorted(ranges.items())]

    def finish_deferred(self) -> None:
        """Second pass: count boundaries (stock movement uuids) to local movement ids."""
        for table_name, names in _DEFERRED.items():
            parsed = self.export.tables[table_name]
            if not parsed.count:
                continue
            spec = parsed.spec
            uuids = parsed.values("uuid")
            statuses = parsed.values("status")
            resolved: dict[str, list[Any]] = {}
            for name in names:
                column_spec = spec.column(name)
                ids = self.resolve(parsed, column_spec)
                if name == "posted_through_movement_uuid":
                    # "empty when 0/NULL": a posted count always has a boundary, possibly 0
                    ids = [
                        0 if value is None and status == CountStatus.POSTED.value else value
                        for value, status in zip(ids, statuses, strict=True)
                    ]
                elif not _db_nullable(spec, column_spec):
                    ids = [0 if value is None else value for value in ids]
                resolved[name] = ids
            attributes = [spec.column(name).attribute for name in names]
            new = set(self.new_indexes.get(table_name, ()))
            present = [i for i in range(parsed.count) if i not in new]
            if present:
                local = self.local_rows(spec, attributes, [uuids[i] for i in present])
                for index in present:
                    here = local[uuids[index]][1:]
                    differing = [
                        name
                        for position, name in enumerate(names)
                        if here[position] != resolved[name][index]
                    ]
                    if differing:
                        self.conflict(parsed, index, differing, self.differs_message(parsed, index))
            if new and not self.conflicts:
                self.steps.append(
                    _Update(
                        table_name,
                        attributes,
                        [
                            (uuids[index], [resolved[n][index] for n in names])
                            for index in sorted(new)
                        ],
                        [(i, "stock_movements") for i in range(len(names))],
                    )
                )

    # --- reference -------------------------------------------------------------------------

    def merge_references(self, parsed: _Parsed) -> None:
        spec = parsed.spec
        self.check_duplicate_uuids(parsed)
        uuids: list[str] = parsed.values("uuid")
        columns = self.mapped_columns(parsed)
        others = [i for i, c in enumerate(spec.columns) if c.name != "uuid"]
        attributes = [spec.columns[i].attribute for i in others]
        local = self.local_rows(spec, attributes)  # reference tables are small: read whole
        # every row here with a natural key, oldest first: the first that may stand in wins
        by_natural: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        key_positions = [_index(spec, name) for name in spec.natural_key]
        key_offsets = [others.index(p) for p in key_positions]
        for local_uuid, row in local.items():
            by_natural[tuple(row[1 + o] for o in key_offsets)].append(local_uuid)
        unique_offsets = [[others.index(_index(spec, n)) for n in key] for key in spec.unique_keys]
        holders: list[dict[tuple[Any, ...], str]] = [
            {
                tuple(row[1 + o] for o in offsets): local_uuid
                for local_uuid, row in local.items()
                if None not in tuple(row[1 + o] for o in offsets)
            }
            for offsets in unique_offsets
        ]
        label_offset = others.index(_index(spec, _REFERENCE_LABELS[spec.name]))
        known = self.ids[spec.name]
        new_rows: list[tuple[Any, ...]] = []
        usernames = (
            {row[1 + label_offset] for row in local.values()} if spec.name == "users" else set()
        )
        for index, uuid in enumerate(uuids):
            incoming = [columns[i][index] for i in others]
            match = uuid if uuid in local else None
            if match is None:
                natural = tuple(incoming[o] for o in key_offsets)
                match = next(
                    (
                        candidate
                        for candidate in by_natural.get(natural, ())
                        if self.same_person(spec, local[candidate], incoming)
                        and not self.holds_own_records(spec, local[candidate][0])
                    ),
                    None,
                )
            if match is not None:
                here = local[match]
                known[uuid] = here[0]
                self.present[spec.name] += 1
                differing = [
                    spec.columns[i].name
                    for position, i in enumerate(others)
                    if not _same(here[1 + position], incoming[position])
                    and not (
                        position == label_offset
                        and _renamed(here[1 + position], incoming[position])
                    )
                    and spec.columns[i].name not in _NOT_NOTED.get(spec.name, ())
                ]
                if differing:
                    self.notes.append(
                        self.note(parsed, index, here[1 + label_offset], differing, here, incoming)
                    )
                continue
            if spec.name == "users":
                incoming[label_offset] = self.free_username(
                    parsed, index, incoming[label_offset], usernames
                )
            for key, offsets, held in zip(spec.unique_keys, unique_offsets, holders, strict=True):
                value = tuple(incoming[o] for o in offsets)
                if None in value:
                    continue
                if value in held and held[value] != uuid:
                    holder = local.get(held[value])
                    name = holder[1 + label_offset] if holder else held[value]
                    shown = ", ".join(f"{k} {v}" for k, v in zip(key, value, strict=True))
                    noun = _ROW_NOUNS[spec.name]
                    self.conflict(parsed, index, key, f"{shown} is already {noun} {name} here")
                held.setdefault(value, uuid)
            known[uuid] = uuid
            local[uuid] = (uuid, *incoming)
            by_natural[tuple(incoming[o] for o in key_offsets)].append(uuid)
            new_rows.append((uuid, *incoming))
        names = ["uuid", *attributes]
        if spec.name == "users":
            # Secrets never travel: an imported user logs in once an admin sets a PIN here.
            names += ["pin_hash", "failed_attempts", "lockouts"]
            new_rows = [(*row, "", 0, 0) for row in new_rows]
        self.plan_insert(spec, names, new_rows)
        self.added[spec.name] += len(new_rows)

    def holds_own_records(self, spec: TableSpec, local_id: int | str) -> bool:
        """Events, in an office database: does it hold records of its own in the event here
        (sales of its device, stock movements, counts or handovers on its chain)?

        The rule: at an office, a till's event may be matched by name and first day to an
        event here only when that event holds nothing but other tills' records (an event the
        office set up to receive them, or another till's copy). An event with the office's
        own records (the demo event an office was once seeded with, its arrivals) never stands
        in for a till's: the till's event is added as it is, with its uuid, so its counts and
        sales stay among themselves and ``report --event <uuid>`` finds it. A *till* gathering
        the other tills of its bazaar (the counting laptop) matches their event to its own, as
        before: that is the one event they all sold in. Catalog rows (institutions, workshops,
        products) and users match by natural key everywhere: a sale line carries its own
        name, price and institution.
        """
        if spec.name != "events" or isinstance(local_id, str) or not self.is_office():
            return False
        own = self.own_device()
        if not own:
            return False
        chained = (
            "SELECT 1 FROM {table} r JOIN journal_links j ON j.kind = '{kind}' "
            "AND j.record_uuid = r.uuid WHERE r.event_id = :event AND j.till_id = :own"
        )
        checks = [
            "SELECT 1 FROM sales WHERE event_id = :event AND till_id = :own",
            chained.format(table="stock_movements", kind="movement"),
            chained.format(table="count_sessions", kind="count_post"),
            chained.format(table="handovers", kind="handover"),
        ]
        parameters = {"event": local_id, "own": own}
        return any(
            self.connection.execute(text(sql + " LIMIT 1"), parameters).first() is not None
            for sql in checks
        )

    def is_office(self) -> bool:
        """Set up as an office (the ``database_kind`` setting of the first start; a database
        without it predates the choice and was a till)."""
        if self.office is None:
            kind = self.connection.execute(
                text("SELECT value FROM settings WHERE key = 'database_kind'")
            ).scalar()
            self.office = kind == "office"
        return self.office

    def own_device(self) -> str:
        if self.own is None:
            keys = table("till_keys", column("till_id"), column("own"))
            found = self.connection.execute(
                select(keys.c.till_id).where(keys.c.own == true())
            ).scalar()
            self.own = str(found or "")
        return self.own

    def same_person(self, spec: TableSpec, here: tuple[Any, ...], incoming: list[Any]) -> bool:
        """Users: the same username is the same person only with the same full name."""
        if spec.name != "users":
            return True
        others = [c.name for c in spec.columns if c.name != "uuid"]
        position = others.index("full_name")
        return " ".join(str(here[1 + position]).split()).casefold() == (
            " ".join(str(incoming[position]).split()).casefold()
        )

    def free_username(self, parsed: _Parsed, index: int, username: str, taken: set[str]) -> str:
        if username not in taken:
            taken.add(username)
            return username
        base = f"{username}.{self.till_code.lower()}"
        candidate = base
        number = 2
        while candidate in taken:
            candidate = f"{base}{number}"
            number += 1
        taken.add(candidate)
        self.notes.append(
            f"{parsed.file_name} line {parsed.line(index)}: username {username} is another "
            f"person here; added as {candidate} (an admin sets a PIN before first login)"
        )
        return candidate

    def note(
        self,
        parsed: _Parsed,
        index: int,
        label: Any,
        differing: list[str],
        here: tuple[Any, ...],
        incoming: list[Any],
    ) -> str:
        others = [c for c in parsed.spec.columns if c.name != "uuid"]
        parts = []
        for name in differing:
            position = next(i for i, c in enumerate(others) if c.name == name)
            if others[position].kind is CellKind.REF:
                parts.append(f"{name} differs")
            else:
                parts.append(
                    f"{name} here {_render(here[1 + position], name)}, "
                    f"in the export {_render(incoming[position], name)}"
                )
        return (
            f"{parsed.file_name} line {parsed.line(index)}: {label} {', '.join(parts)}; kept here"
        )

    # --- link ------------------------------------------------------------------------------

    def merge_links(self, parsed: _Parsed) -> None:
        spec = parsed.spec
        columns = self.mapped_columns(parsed)
        attributes = [c.attribute for c in spec.columns]
        raw = self.raw[spec.name]
        here = {
            tuple(row) for row in self.connection.execute(select(*(raw.c[a] for a in attributes)))
        }
        new_rows: list[tuple[Any, ...]] = []
        for pair in zip(*columns, strict=True):
            if pair in here:
                self.present[spec.name] += 1
                continue
            here.add(pair)
            new_rows.append(pair)
        self.plan_insert(spec, attributes, new_rows, key="pair")
        self.added[spec.name] += len(new_rows)

    # --- lifecycle (shifts) ----------------------------------------------------------------

    def merge_shifts(self, parsed: _Parsed) -> None:
        spec = parsed.spec
        self.check_duplicate_uuids(parsed)
        uuids: list[str] = parsed.values("uuid")
        columns = self.mapped_columns(parsed)
        others = [i for i, c in enumerate(spec.columns) if c.name != "uuid"]
        names = [spec.columns[i].name for i in others]
        attributes = [spec.columns[i].attribute for i in others]
        # a few per till and day: read whole, with their device (last)
        local = self.local_rows(spec, [*attributes, "till_id"])
        devices = self.devices(parsed)
        status_at = names.index("status")
        till_at = names.index("till_code")
        z_at = names.index("z_number")
        device_at = 1 + len(names)
        # Columns fixed at opening: an older (open) copy must agree on these too.
        opening = [names.index(n) for n in ("till_code", "event_uuid", "opened_at")]
        opening += [names.index(n) for n in ("opened_by_uuid", "opening_float")]
        # One open shift and one Z number per till code *and device* (see _PER_DEVICE_KEYS).
        open_here: dict[tuple[str, str], str] = {}
        z_here: dict[tuple[str, str, int], str] = {}
        for local_uuid, row in local.items():
            if row[1 + status_at] == ShiftStatus.OPEN.value:
                open_here[(row[1 + till_at], row[device_at])] = local_uuid
            if row[1 + z_at] is not None:
                z_here[(row[1 + till_at], row[device_at], row[1 + z_at])] = local_uuid
        known = self.ids[spec.name]
        new_rows: list[tuple[Any, ...]] = []
        changed = [p for p in range(len(names)) if p not in opening]
        updates: list[tuple[int | str, list[Any]]] = []
        old: list[dict[str, Any]] = []
        for index, uuid in enumerate(uuids):
            incoming = [columns[i][index] for i in others]
            status = incoming[status_at]
            till = incoming[till_at]
            device = devices[index]
            here = local.get(uuid)
            if here is not None:
                known[uuid] = here[0]
                local_status = here[1 + status_at]
                compare = list(range(len(names))) if status == local_status else opening
                differing = [names[p] for p in compare if not _same(here[1 + p], incoming[p])]
                if differing:
                    self.conflict(
                        parsed,
                        index,
                        differing,
                        f"shift {uuid} of till {till} is different here: the same uuid with "
                        "other content",
                    )
                    continue
                if status == ShiftStatus.CLOSED.value and local_status == ShiftStatus.OPEN.value:
                    device = here[device_at]  # as recorded here
                    self.check_z_number(parsed, index, uuid, till, device, incoming[z_at], z_here)
                    if open_here.get((till, device)) == uuid:
                        del open_here[(till, device)]
                    updates.append((here[0], [incoming[p] for p in changed]))
                    old.append({attributes[p]: here[1 + p] for p in changed})
                    self.updated[spec.name] += 1
                else:
                    self.present[spec.name] += 1
                continue
            if status == ShiftStatus.OPEN.value:
                other = open_here.get((till, device))
                if other is not None and other != uuid:
                    self.conflict(
                        parsed,
                        index,
                        ("till_code", "status"),
                        f"till {till} (device {short_device(device)}) already has another open "
                        "shift here: the same laptop opened two drawers (a database restored "
                        "from an older copy?)",
                    )
                open_here.setdefault((till, device), uuid)
            self.check_z_number(parsed, index, uuid, till, device, incoming[z_at], z_here)
            known[uuid] = uuid
            new_rows.append((uuid, *incoming, device))
        if updates and not self.conflicts:
            ref_of = {c.attribute: c.ref_table for c in spec.columns if c.ref_table}
            changed_attributes = [attributes[p] for p in changed]
            self.steps.append(
                _Update(
                    spec.name,
                    changed_attributes,
                    updates,
                    [
                        (i, ref_of[attribute])
                        for i, attribute in enumerate(changed_attributes)
                        if attribute in ref_of and ref_of[attribute] is not None
                    ],
                    old=old,
                    # still open as the plan saw it: a shift closed here meanwhile conflicts
                    guard={"status": ShiftStatus.OPEN.value},
                )
            )
        self.plan_insert(spec, ["uuid", *attributes, "till_id"], new_rows)
        self.added[spec.name] += len(new_rows)

    def check_z_number(
        self,
        parsed: _Parsed,
        index: int,
        uuid: str,
        till: str,
        device: str,
        z_number: int | None,
        z_here: dict[tuple[str, str, int], str],
    ) -> None:
        if z_number is None:
            return
        other = z_here.get((till, device, z_number))
        if other is not None and other != uuid:
            self.conflict(
                parsed,
                index,
                ("till_code", "z_number"),
                self.taken_message(parsed, index, ("till_code", "z_number"), device),
            )
        z_here.setdefault((till, device, z_number), uuid)

    # --- after the rows --------------------------------------------------------------------

    def plan_receipt_counters(self) -> None:
        """A till that later sells in this database goes on after the imported receipts."""
        sales = self.export.tables["sales"]
        for till, number in zip(
            sales.values("till_code"), sales.values("receipt_number"), strict=True
        ):
            if number > self.highest_receipts.get(till, 0):
                self.highest_receipts[till] = number

    def run(self) -> None:
        if not self.is_sqlite:
            for parsed in self.export.tables.values():
                _check_storable_text(self.export.path, parsed)
        for spec in TABLES:
            parsed = self.export.tables[spec.name]
            if spec.merge_kind is MergeKind.REFERENCE:
                self.merge_references(parsed)
            elif spec.merge_kind is MergeKind.LINK:
                self.merge_links(parsed)
            elif spec.merge_kind is MergeKind.LIFECYCLE:
                self.merge_shifts(parsed)
            elif spec.merge_kind is MergeKind.JOURNAL:
                self.finish_deferred()  # the records whole first: links are checked on them
                self.merge_journal(parsed)
                continue
            else:
                self.merge_records(parsed)
        if not self.conflicts:
            self.plan_receipt_counters()
            self.find_shared_codes()

    def find_shared_codes(self) -> None:
        """The export's till codes that another device uses here too (or in this export: an
        office's export carries several tills): a warning for the office, not a conflict."""
        codes = sorted({code for code, _ in self.codes_used})
        if not codes:
            return
        here: set[tuple[str, str]] = set(self.codes_used)
        for table_name in _DEVICE_KINDS:
            raw = self.raw[table_name]
            for chunk in _chunks(codes):
                query = (
                    select(raw.c.till_code, raw.c.till_id)
                    .where(raw.c.till_code.in_(chunk), raw.c.till_id != "")
                    .distinct()
                )
                here.update(
                    (str(code), str(device)) for code, device in self.connection.execute(query)
                )
        for code, device in sorted(self.codes_used):
            others = sorted({d for c, d in here if c == code and d != device})
            if others:
                self.shared.append(
                    SharedTillCode(code, device, tuple(others), self.same_numbers[(code, device)])
                )


# ---------------------------------------------------------------------------------- public


@contextmanager
def _large_page_cache(connection: Connection, is_sqlite: bool) -> Iterator[None]:
    """A bigger SQLite page cache for the merge, then the connection's own again.

    Uuids are random, so the lookups and inserts of a merge into an office database of
    millions of rows touch index pages all over the file; with SQLite's default 2 MiB cache
    most of them would be parsed again from the OS each time.
    """
    if not is_sqlite:
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


# Batches of the merge: sized to about TARGET_HOLD_SECONDS of write lock each, between
# MIN_MERGE_BATCH and MAX_MERGE_BATCH rows (rows of different tables cost differently; the
# size follows what the last batch took), under the ~200 ms a till may be kept waiting.
MERGE_BATCH = 500
MIN_MERGE_BATCH = 50
MAX_MERGE_BATCH = 4000
TARGET_HOLD_SECONDS = 0.06
# Alone on the file (no other process has it open: an office laptop merging the tills'
# exports, see batched_write.others_use_the_file): no pause between batches, and batches of
# ~200 ms, the most a till that opens the file meanwhile may wait; from then on the batches
# shrink back and pause again. Fewer, bigger transactions rewrite each index page less often.
ALONE_TARGET_HOLD_SECONDS = 0.2
ALONE_MAX_MERGE_BATCH = 32000

# PostgreSQL: rows per batch of the merge's one transaction (each batch one COPY).
ONE_TRANSACTION_BATCH = 50_000

# The batch sizes the merges into a database learnt, by table (see _Writer.sizes).
_LEARNT_SIZES: weakref.WeakKeyDictionary[Database, dict[str, int]] = weakref.WeakKeyDictionary()

Progress = Callable[[int, int], object]
"""``progress(rows_written, rows_to_write)`` once before the first batch and after each
committed one. Returning False (nothing else) asks the merge to stop: a merge cannot stop
half-way and stay all or nothing, so what it wrote is undone as a failed merge's is, and
:class:`MergeCancelled` raised; after the last batch has committed it is too late, and the
answer is not looked at."""


class _ApplyConflict(Exception):
    """A row written here since the plan was made clashes with the export (found while
    writing): the merge is undone and refused with these conflicts."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(conflicts[0].message if conflicts else "")
        self.conflicts = conflicts


def _refused_row(file_name: str, error: IntegrityError) -> Conflict:
    return Conflict(
        file_name,
        0,
        "",
        (),
        f"{file_name}: this database refused a row written here meanwhile by a till or a "
        f"screen ({error.orig}); nothing of this export was kept",
    )


class _Writer:
    """Writes a merge's plan in short write transactions, each recorded in the undo log first.

    Between batches the tills sell. The first transaction sets the marker; each batch proves
    the marker is still this merge's and refreshes its heartbeat; the last one writes the
    export's audit entries, learns the till's key, bumps the receipt counters, records the
    import and removes the marker, so the merge is done exactly when that one commits.
    """

    def __init__(
        self,
        db: Database,
        plan: _Merge,
        export: _Export,
        progress: Progress | None,
        *,
        beside_a_till: bool = False,
    ) -> None:
        self.db = db
        self.plan = plan
        self.export = export
        self.path = export.path
        self.progress = progress
        self.beside_a_till = beside_a_till
        import_id = uuid_module.uuid4().hex
        undo_path = merge_undo.undo_path_for(db, import_id)
        self.log = UndoLog(undo_path)
        self.marker = Marker.for_this_process(
            import_id, export.path.name, undo_path, subject=export.manifest.export_id
        )
        self.ids: dict[str, dict[str, int]] = defaultdict(dict)  # uuid -> id of new rows
        self.listed: list[tuple[str, str]] = []  # chained records written (kind, uuid)
        self.covered: set[tuple[str, str]] = set()  # the records of the links written
        # Rows per batch, per table (a stock movement costs twice a payment): each table
        # starts at MERGE_BATCH and follows what its last batch took, from one export to the
        # next merged into this database (each would otherwise start small again).
        self.sizes: dict[str, int] = _LEARNT_SIZES.setdefault(db, defaultdict(lambda: MERGE_BATCH))
        self.longest = 0.0  # the longest transaction held the write lock this long (s)
        # PostgreSQL: the merge's one write session (see run_in_one_transaction)
        self.session: Session | None = None
        # SQLite: the connections the batches ran on, with the settings they had before
        # (see tune)
        self.tuned: list[tuple[Any, int, int]] = []
        self.batches = 0
        self.done = 0
        steps: list[_Insert | _Update] = [*plan.steps, *plan.last_steps]
        self.total = sum(len(step.rows) for step in steps)

    # --- one transaction -------------------------------------------------------------------

    def batch(
        self,
        record: dict[str, Any] | None,
        work: Callable[[Session], None],
        *,
        first: bool = False,
        last: bool = False,
        table_name: str = "",
        rows: int = 0,
    ) -> None:
        """``work`` in one write transaction after ``record`` is in the undo log; ``rows`` of
        ``table_name`` size that table's next batch."""
        if record is not None:
            self.log.append(record)
        started = time.perf_counter()

        def guarded(session: Session) -> None:
            running = merge_undo.read_marker(session)
            if first:
                if running is not None:
                    raise MergeRunning(running.file_name)
            elif running is None or running.import_id != self.marker.import_id:
                # Undone by another process that took this merge for dead (a heartbeat a
                # minute old): not ours to write on, nor to undo.
                raise MergeRunning(running.file_name if running is not None else "")
            if self.session is None:
                self.tune(session)
            work(session)
            if last:
                merge_undo.clear_marker(session)
            else:
                merge_undo.write_marker(session, replace(self.marker, beat=time.time()))

        if self.session is not None:  # PostgreSQL: every batch in the merge's one transaction
            guarded(self.session)
            return
        write_with_retry(self.db, guarded)
        held = time.perf_counter() - started
        self.longest = max(self.longest, held)
        self.batches += 1
        alone = not self.beside_a_till and not others_use_the_file(self.db)
        target = ALONE_TARGET_HOLD_SECONDS if alone else TARGET_HOLD_SECONDS
        size = self.sizes[table_name]
        if rows >= size or held > target:  # a short last batch says nothing
            self.sizes[table_name] = next_batch_size(
                size,
                held,
                target=target,
                smallest=MIN_MERGE_BATCH,
                largest=ALONE_MAX_MERGE_BATCH if alone else MAX_MERGE_BATCH,
            )
        if not last and not alone:
            pause_between_batches(held)

    def tune(self, session: Session) -> None:
        """SQLite: a large page cache and rarer checkpoints on the connection a batch runs on,
        for the rest of the merge (given back by :meth:`untune`).

        The export's rows carry their tills' random uuids, so every batch touches leaf pages
        all over the ``uuid`` indexes: with the default 2 MiB cache each batch read them
        again, and with a checkpoint every 1,000 pages of WAL each batch's pages were copied
        into the file again too (a page changed by the next batches is copied once per
        checkpoint). Measured on two exports of 200,000 sale lines: 83 s -> 66 s. The WAL
        grows to ~100 MB between checkpoints (SQLite checkpoints after the commit, with the
        write lock released: tills are not kept waiting) and is folded back at the end."""
        raw = session.connection().connection.driver_connection
        if raw is None or any(known is raw for known, _, _ in self.tuned):
            return
        cache = int(raw.execute("PRAGMA cache_size").fetchone()[0])
        pages = int(raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        raw.execute(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}").fetchall()
        raw.execute(f"PRAGMA wal_autocheckpoint = {MERGE_CHECKPOINT_PAGES}").fetchall()
        self.tuned.append((raw, cache, pages))

    def untune(self) -> None:
        """The connections' own cache and checkpoint settings again (they wait in the pool:
        nothing else runs on them in this thread meanwhile)."""
        for raw, cache, pages in self.tuned:
            with contextlib.suppress(Exception):  # a connection closed meanwhile: gone anyway
                raw.execute(f"PRAGMA cache_size = {cache}").fetchall()
                raw.execute(f"PRAGMA wal_autocheckpoint = {pages}").fetchall()
        self.tuned.clear()

    def take_listed(self, session: Session, into: list[tuple[str, str]]) -> None:
        """The chained records this transaction wrote, as the journal's triggers listed them
        for sealing, taken off the list: they arrive with their own till's links, and the
        commit hook must never chain them as this till's own (:mod:`bazaar_pos.db.journal`)."""
        connection = session.connection()
        if not journal.has_journal(connection):
            return
        # SQLite's temporary triggers and PostgreSQL's stored ones list into the session's
        # temporary table (db/journal.py), in the schema each calls its own.
        listing = "temp.journal_new" if self.db.is_sqlite else "pg_temp.journal_new"
        listed = connection.exec_driver_sql(f"SELECT kind, record_uuid FROM {listing}")
        into.extend((str(kind), str(uuid)) for kind, uuid in listed)
        connection.exec_driver_sql(f"DELETE FROM {listing}")

    def mapped(self, row: Sequence[Any], refs: Sequence[tuple[int, str]]) -> tuple[Any, ...]:
        if not refs:
            return tuple(row)
        values = list(row)
        for position, ref_table in refs:
            value = values[position]
            if isinstance(value, str):
                values[position] = self.ids[ref_table][value]
        return tuple(values)

    def mapped_rows(
        self, rows: list[tuple[Any, ...]], refs: Sequence[tuple[int, str]]
    ) -> list[tuple[Any, ...]]:
        """:meth:`mapped` for many rows, a column at a time (only the columns that may hold
        the uuid of a row this merge added)."""
        if not refs or not rows:
            return rows
        columns = list(zip(*rows, strict=True))
        for position, ref_table in refs:
            ids = self.ids[ref_table]
            values = columns[position]
            if any(value.__class__ is str for value in values):
                columns[position] = tuple(
                    ids[value] if value.__class__ is str else value for value in values
                )
        return list(zip(*columns, strict=True))

    def chunk_end(self, step: _Insert, start: int) -> int:
        """Where the batch from ``start`` ends: at most ``size`` rows, and before a row that
        refers to a row of the same batch (a reversal of a movement: its id is not known
        before the batch that adds that movement commits)."""
        end = min(start + self.sizes[step.table], len(step.rows))
        own = [position for position, ref_table in step.refs if ref_table == step.table]
        if not own:
            return end
        known = self.ids[step.table]
        for index in range(start, end):
            row = step.rows[index]
            if any(isinstance(row[p], str) and row[p] not in known for p in own):
                if index == start:
                    file_name = f"{step.table}.csv"
                    raise _ApplyConflict(
                        [
                            Conflict(
                                file_name,
                                0,
                                "",
                                (),
                                f"{file_name}: a row refers to a row after it in the file",
                            )
                        ]
                    )
                return index
        return end

    # --- the steps -------------------------------------------------------------------------

    def write_rows(
        self, session: Session, step: _Insert, rows: list[tuple[Any, ...]]
    ) -> dict[str, int]:
        """Insert ``rows`` (references mapped); returns the new rows' ids by uuid."""
        connection = session.connection()
        sqlite = connection.dialect.name == "sqlite"
        known = 0
        wants_ids = step.key == "uuid" and step.table in _REFERENCED
        if sqlite and wants_ids:
            # The write lock is held: every row above the highest id now is one of these.
            found = connection.exec_driver_sql(f"SELECT max(id) FROM {_quoted(step.table)}")
            known = int(found.scalar() or 0)
        try:
            if sqlite:
                _insert_values(connection, step.table, step.names, rows)
            elif wants_ids:
                return _copy_rows_returning_ids(connection, step.table, step.names, rows)
            else:
                _copy_rows(connection, step.table, step.names, rows)
        except IntegrityError as error:
            raise _ApplyConflict([_refused_row(f"{step.table}.csv", error)]) from error
        if not wants_ids:
            return {}
        if sqlite:
            # SQLite gives a new row an id above the table's highest (rowid rule), and nobody
            # else writes while this transaction holds the lock: one range scan of the
            # primary key reads the ids back, instead of a probe of the uuid index per row.
            new = connection.exec_driver_sql(
                f"SELECT uuid, id FROM {_quoted(step.table)} WHERE id > ?", (known,)
            ).all()
            if len(new) == len(rows):
                return {str(uuid): int(row_id) for uuid, row_id in new}
        at = step.names.index("uuid")
        wanted = [(row[at],) for row in rows]
        return {
            str(uuid): int(row_id)
            for uuid, row_id in _select_in(
                connection, step.table, ("uuid", "id"), ("uuid",), wanted
            )
        }

    def undo_record(self, step: _Insert, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        if step.key == "pair":
            return {"table": step.table, "pairs": [list(row) for row in rows]}
        if step.key == "link":
            ranges: dict[str, tuple[int, int]] = {}
            for row in rows:
                low, high = ranges.get(str(row[0]), (int(row[1]), int(row[1])))
                ranges[str(row[0])] = (min(low, int(row[1])), max(high, int(row[1])))
            return {"table": step.table, "links": [[t, a, b] for t, (a, b) in ranges.items()]}
        at = step.names.index("uuid")
        return {"table": step.table, "insert": [row[at] for row in rows]}

    def insert(self, step: _Insert) -> None:
        start = 0
        while start < len(step.rows):
            end = self.chunk_end(step, start)
            rows = self.mapped_rows(step.rows[start:end], step.refs)
            new_ids: dict[str, int] = {}
            listed: list[tuple[str, str]] = []

            def work(
                session: Session,
                rows: list[tuple[Any, ...]] = rows,
                new_ids: dict[str, int] = new_ids,
                listed: list[tuple[str, str]] = listed,
            ) -> None:
                new_ids.clear()
                listed.clear()
                new_ids.update(self.write_rows(session, step, rows))
                self.take_listed(session, listed)

            self.batch(self.undo_record(step, rows), work, table_name=step.table, rows=len(rows))
            self.ids[step.table].update(new_ids)
            self.listed.extend(listed)
            self.advance(end - start)
            start = end

    def update(self, step: _Update) -> None:
        start = 0
        while start < len(step.rows):
            size = self.sizes[step.table]
            chunk = step.rows[start : start + size]
            ids = self.ids[step.table]
            params = [
                (*self.mapped(values, step.refs), key if isinstance(key, int) else ids[key])
                for key, values in chunk
            ]
            params = [(*row, *step.guard.values()) for row in params]
            old = step.old[start : start + size] if step.old is not None else None
            record = None
            if old is not None:
                record = {
                    "table": step.table,
                    "update": [[key, values] for (key, _), values in zip(chunk, old, strict=True)],
                }
            listed: list[tuple[str, str]] = []

            def work(
                session: Session,
                params: list[tuple[Any, ...]] = params,
                listed: list[tuple[str, str]] = listed,
            ) -> None:
                connection = session.connection()
                mark = _mark(connection)
                sets = ", ".join(f"{_quoted(a)} = {mark}" for a in step.attributes)
                where = " AND ".join(
                    [f"{_quoted('id')} = {mark}", *(f"{_quoted(g)} = {mark}" for g in step.guard)]
                )
                result = connection.exec_driver_sql(
                    f"UPDATE {_quoted(step.table)} SET {sets} WHERE {where}", params
                )
                if result.rowcount != len(params):
                    file_name = f"{step.table}.csv"
                    raise _ApplyConflict(
                        [
                            Conflict(
                                file_name,
                                0,
                                "",
                                tuple(step.guard),
                                f"{file_name}: a {_ROW_NOUNS.get(step.table, step.table)} "
                                "this export changes was changed here meanwhile",
                            )
                        ]
                    )
                listed.clear()
                self.take_listed(session, listed)

            self.batch(record, work, table_name=step.table, rows=len(chunk))
            self.listed.extend(listed)
            self.advance(len(chunk))
            start += len(chunk)

    def advance(self, rows: int, *, last: bool = False) -> None:
        """``rows`` more written; a stop asked now (before the last batch) cancels."""
        self.done += rows
        if self.stop_asked() and not last:
            raise MergeCancelled(self.path)

    def stop_asked(self) -> bool:
        """Did ``progress`` answer False (the person pressed "Batal")? Asked between batches
        only: a batch in flight commits or rolls back whole first."""
        return self.progress is not None and self.progress(self.done, self.total) is False

    # --- the whole merge -------------------------------------------------------------------

    def start(self) -> None:
        self.batch(None, lambda session: merge_undo.write_marker(session, self.marker), first=True)

    def check_records(self) -> None:
        """Every link this merge added against its record as written here, and every chained
        record it wrote against the links, in one read snapshot (no lock); the audit entries
        are checked by the last transaction, which writes them."""
        file_name = self.export.tables["journal_links"].file_name
        kinds = [k.value for k in journal.ChainKind if k is not journal.ChainKind.AUDIT]
        with contextlib.ExitStack() as stack:
            session = self.session or stack.enter_context(self.db.read())
            connection = session.connection()
            conflicts = sync_journal.linked_record_breaks(
                connection, file_name, self.plan.link_ranges, kinds
            ) or sync_journal.unlinked_records(connection, file_name, self.uncovered())
        if conflicts:
            raise _ApplyConflict(conflicts)

    def write_steps(self) -> None:
        """The plan's steps in order, each table's rows let go once written, and the ids of a
        table's new rows once no step after refers to them: what the merge holds shrinks as
        it writes, while the page cache and the new ids grow."""
        steps = self.plan.steps
        last_use: dict[str, int] = {}
        for position, step in enumerate([*steps, *self.plan.last_steps]):
            for _, ref_table in step.refs:
                last_use[ref_table] = position
            last_use[step.table] = max(last_use.get(step.table, -1), position)
        for position, step in enumerate(steps):
            if isinstance(step, _Insert):
                self.insert(step)
                if step.key == "link":
                    kind, uuid = step.names.index("kind"), step.names.index("record_uuid")
                    self.covered.update(
                        zip(step.rows.column(kind), step.rows.column(uuid), strict=True)
                    )
                step.rows.let_go()
            else:
                self.update(step)
                _let_go(step.rows)
            for table_name, last in last_use.items():
                if last == position and table_name in self.ids:
                    _let_go_map(self.ids[table_name])

    def uncovered(self) -> list[tuple[str, str]]:
        """The chained records written that none of the links this merge added covers: only
        those are looked for among the links that were here before (a set difference here
        instead of a probe of the links' index per record)."""
        return [pair for pair in self.listed if pair not in self.covered]

    def finish(self, work: Callable[[Session], None]) -> None:
        file_name = self.export.tables["journal_links"].file_name

        def end(session: Session) -> None:
            listed: list[tuple[str, str]] = []
            for step in self.plan.last_steps:  # the export's audit entries
                rows = [self.mapped(row, step.refs) for row in step.rows]
                self.write_rows(session, step, rows)
            self.take_listed(session, listed)
            connection = session.connection()
            audit = [journal.ChainKind.AUDIT.value]
            conflicts = sync_journal.linked_record_breaks(
                connection, file_name, self.plan.link_ranges, audit
            ) or sync_journal.unlinked_records(connection, file_name, listed)
            if conflicts:
                raise _ApplyConflict(conflicts)
            work(session)

        self.batch(None, end, last=True)
        self.advance(sum(len(step.rows) for step in self.plan.last_steps), last=True)
        self.log.remove()

    def undo(self, reason: MergeUndoReason, actor: Actor | None, who: str, why: str) -> None:
        merge_undo.undo_merge(
            self.db,
            self.log,
            self.marker,
            reason=reason,
            actor=actor,
            user_name=who,
            why=why,
            pause=pause_between_batches,
        )

    def run(self, finish: Callable[[Session], None], actor: Actor | None, who: str) -> None:
        if self.stop_asked():  # cancelled while the backup was made: nothing written yet
            raise MergeCancelled(self.path)
        if not self.db.is_sqlite:
            self.run_in_one_transaction(finish)
            return
        try:
            self.write_all(finish, actor, who)
        finally:
            self.untune()

    def write_all(self, finish: Callable[[Session], None], actor: Actor | None, who: str) -> None:
        self.start()  # MergeRunning: nothing written
        try:
            self.write_steps()
            self.check_records()
            self.finish(finish)
        except _ApplyConflict as conflict:
            self.undo(MergeUndoReason.CONFLICT, actor, who, conflict.conflicts[0].message)
            raise ImportConflict(self.path, conflict.conflicts) from None
        except MergeRunning:  # the marker is not ours (any more): not ours to undo
            raise
        except MergeCancelled:
            # Undone like a failed merge, in the same short transactions; the audit entry
            # says it was the person's choice.
            self.undo(MergeUndoReason.CANCELLED, actor, who, "")
            raise
        except BaseException:
            # Disk full, busy beyond the retries …: undo what was written. If the undo fails
            # too (the same full disk), the marker stays and the next import undoes it.
            with contextlib.suppress(Exception):  # the first error is the one to report
                self.undo(MergeUndoReason.FAILED, actor, who, "")
            raise

    def run_in_one_transaction(self, finish: Callable[[Session], None]) -> None:
        """PostgreSQL: the same batches, in one transaction. Short transactions are for
        SQLite, whose writer holds the whole file; PostgreSQL locks rows, so the tills sell
        meanwhile (:meth:`Database.long_write` holds the write lock only for the last
        step), nobody reads a half-written merge, and a failure or a killed process rolls
        it all back (no undo log to replay). A clash with a row a till wrote meanwhile is the
        database's refusal, then nothing is kept."""
        try:
            with self.db.long_write() as session:
                self.session = session
                # Batches only bound what one statement sends: nobody waits between them.
                self.sizes = defaultdict(lambda: ONE_TRANSACTION_BATCH)
                self.start()
                self.write_steps()
                self.check_records()
                # The last step writes what tills write too (receipt counters, audit
                # entries on this database's chain): from here on, tills wait.
                take_write_lock(session)
                self.finish(finish)
        except _ApplyConflict as conflict:
            raise ImportConflict(self.path, conflict.conflicts) from None
        finally:
            self.session = None
            self.log.remove()


def pause_between_batches(held: float) -> None:
    """After each batch of a merge or its undo: the tills' turn (as long as the batch held
    the write lock)."""
    pause(held)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a merge runs, on again after (if it was on).

    A merge makes millions of small containers (the export's cells, rows and tuples) that
    live until it ends: each allocation count passed started a collection that walked them
    all again, a third of the merge's time (3 exports of 200,000 sale lines: 77 s -> 56 s).
    The merge makes no reference cycles worth collecting meanwhile; the collector catches
    up after it. Nested merges leave it to the outermost."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@collector_paused()
def import_export(
    db: Database,
    path: Path,
    *,
    imported_by: Actor | str = "",
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    backup: Callable[[], object] | None = None,
    beside_a_till: bool = False,
) -> ImportResult:
    """Verify one export whole, plan its merge in a read snapshot, then write it in short
    transactions, all or nothing.

    ``beside_a_till``: a till sells on this database from this very process (the app's sale
    screen, while the merge runs on a worker thread): the batches stay short and pause as for
    a till in another process. The kernel cannot say it (the process's own locks never
    answer), and the sale's connection is open only while it commits.

    ``backup``: makes the backup taken before the first row is written (default: a backup of
    this database, :data:`BackupReason.SYNC_IMPORT`); :func:`import_exports` makes one for
    all its exports.

    First a merge that died half-way is undone (:func:`recover_interrupted_merge`). Raises
    :class:`ExportUnreadable`, :class:`ExportUntrusted` (unsigned, signature not valid, or a
    till's key other than the one learnt from its earlier exports),
    :class:`ExportChecksumMismatch`, :class:`ExportRowError`, :class:`ExportRefused` (records
    that do not add up, users that are more than names), :class:`ImportConflict` (all the
    conflicts) or :class:`MergeRunning` (another merge is being written here) before anything
    is written. The plan is made from one read snapshot with no lock: every check, the rows
    already here, the conflicts and which references are rows here. Then it is written in
    batches of ~60 ms of write lock each (``progress(rows_written, rows_to_write)`` after each),
    the tills selling between them; a row a till or a screen wrote meanwhile that clashes with
    the export (a receipt number, a SKU) stops the merge: what it wrote is undone
    (:mod:`bazaar_pos.sync.merge_undo`) and :class:`ImportConflict` says so. The merge is
    recorded, logged, and its till's key learnt, by its last transaction. ``progress``
    answering False (before the first batch or between two) cancels: what was written is
    undone the same way and :class:`MergeCancelled` raised.

    **Reading while a merge runs**: reports and exports made on this database while a merge
    is being written see the part of the export written so far (a shift without its sales,
    sales without their journal links). Make them after the merge; the end-of-event and
    variance reports refuse meanwhile (:class:`~bazaar_pos.errors.MergeInProgress`).

    An export merged here before gives ``already_imported=True`` and writes nothing but the
    till's key if it was not known yet. ``imported_by``: the logged-in user, who needs
    :attr:`Action.SYNC_IMPORT` (an admin: the import writes other tills' money into this
    database); a plain name only where nobody here can log in.
    """
    path = Path(path)
    export = _read_export(path)
    manifest = export.manifest
    at = now or dt.datetime.now(dt.UTC)
    actor = imported_by if isinstance(imported_by, Actor) else None
    with db.read() as session:  # a refused user learns nothing about the database
        who = acting_name(session, imported_by, Action.SYNC_IMPORT)
    recover_interrupted_merge(db, actor=actor)
    with db.read() as session:  # one snapshot: the plan is made from it
        running = merge_undo.read_marker(session)
        if running is not None:
            raise MergeRunning(running.file_name)
        local_till = read_settings(session).till_code
        key_status = check_till_key(session, path, export.seal)
        till_notes: list[str] = []
        if key_status is KeyStatus.NEW:
            till_notes = other_tills_with_code(session, export.seal)
        connection = session.connection()
        earlier = connection.execute(
            select(SyncImport.manifest_sha256).where(SyncImport.export_uuid == manifest.export_id)
        ).first()
        merge: _Merge | None = None
        if earlier is None:
            _check_records(connection, export)
            merge = _Merge(connection, export)
            with _large_page_cache(connection, db.is_sqlite):
                merge.run()
    if earlier is not None:
        if earlier[0] != export.manifest_sha256:
            raise ExportChecksumMismatch(path, MANIFEST_NAME)
        if key_status is KeyStatus.NEW:

            def learn(session: Session) -> None:
                learn_till_key(session, path, export.seal, at)

            write_with_retry(db, learn)
        return ImportResult(
            path=path,
            export_id=manifest.export_id,
            till_code=manifest.till_code,
            sequence=manifest.sequence,
            kind=manifest.kind,
            already_imported=True,
            added={},
            already_present={},
            updated={},
            notes=tuple(till_notes),
            till_id=export.seal.till_id,
            key_fingerprint=export.seal.fingerprint,
            key_status=key_status,
        )
    assert merge is not None
    if merge.conflicts:
        raise ImportConflict(path, merge.conflicts)
    _let_go_of_cells(export, merge)
    writer = _Writer(db, merge, export, progress, beside_a_till=beside_a_till)
    if writer.stop_asked():  # cancelled while the export was read and planned
        raise MergeCancelled(path)
    # This database as it was before another till's records come in (BackupFailed: no
    # import without a backup).
    if backup is None:
        backup_database(db, BackupReason.SYNC_IMPORT)
    else:
        backup()
    added = sum(merge.added.values())

    def finish(session: Session) -> None:
        learn_till_key(session, path, export.seal, at)
        connection = session.connection()
        _bump_receipt_counters(connection, merge.highest_receipts)
        connection.execute(
            insert(SyncImport),
            {
                "export_uuid": manifest.export_id,
                "till_code": manifest.till_code,
                "sequence": manifest.sequence,
                "kind": manifest.kind,
                "exported_at": manifest.exported_at,
                "imported_at": at,
                "imported_by": who,
                "manifest_sha256": export.manifest_sha256,
                "rows_added": added + sum(merge.updated.values()),
                "rows_already_present": sum(merge.present.values()),
                "file_name": path.name,
            },
        )
        log_action(
            session,
            AuditAction.SYNC_IMPORT,
            till_code=local_till,
            actor=actor,
            user_name=who,
            subject=path.name[:80],
            detail=(
                f"{manifest.kind} export #{manifest.sequence} of {manifest.till_code} "
                f"({manifest.export_id}) from {path}: {added} rows added ("
                + ", ".join(f"{name} {count}" for name, count in merge.added.items() if count)
                + f"), {sum(merge.present.values())} already here, "
                f"{sum(merge.updated.values())} updated; signed by till "
                f"{export.seal.till_id}, key {export.seal.fingerprint} ({key_status.value})"
                + "".join(f"\n{shared.sentence()}" for shared in merge.shared)
            ),
            at=at,
        )

    writer.run(finish, actor, who)
    db.checkpoint()  # a merge writes a lot: fold the WAL back into the file
    result = ImportResult(
        path=path,
        export_id=manifest.export_id,
        till_code=manifest.till_code,
        sequence=manifest.sequence,
        kind=manifest.kind,
        already_imported=False,
        added=dict(merge.added),
        already_present=dict(merge.present),
        updated=dict(merge.updated),
        notes=(*till_notes, *merge.notes),
        till_id=export.seal.till_id,
        key_fingerprint=export.seal.fingerprint,
        key_status=key_status,
        longest_write_ms=round(writer.longest * 1000, 1),
        shared_codes=tuple(merge.shared),
    )
    _let_go_of(export, merge, writer)
    return result


def _let_go_of_cells(export: _Export, merge: _Merge) -> None:
    """Once the plan is made: the export's cells the plan does not write (references as
    uuids, rows already here) and the plan's uuid maps let go, before the writing's page
    cache and new ids grow; the columns the plan writes go as their table is written."""
    planned = {
        id(values)
        for step in (*merge.steps, *merge.last_steps)
        if isinstance(step, _Insert)
        for values in step.rows.columns
    }
    for parsed in export.tables.values():
        for values in parsed.columns:
            if id(values) not in planned:
                _let_go(values)
        parsed.columns = []
    for found in merge.ids.values():
        _let_go_map(found)
    _let_go_map(merge.linked_device)
    merge.device_cache.clear()


def _let_go_of(export: _Export, merge: _Merge, writer: _Writer) -> None:
    """The export's cells, the plan's rows and the uuid maps, let go a slice at a time before
    :func:`import_export` returns: freed in one piece at its return, they kept the window
    waiting half a second after an export of 100,000 sale lines (see :data:`GIL_SLICE`)."""
    for parsed in export.tables.values():
        for cells in parsed.columns:
            _let_go(cells)
    for step in (*merge.steps, *merge.last_steps):
        step.rows.let_go() if isinstance(step, _Insert) else _let_go(step.rows)
    for maps in (merge.ids, writer.ids, merge.present_local):
        for found in maps.values():
            _let_go_map(found)
    _let_go_map(merge.linked_device)
    _let_go(writer.listed)


def _bump_receipt_counters(connection: Connection, highest: dict[str, int]) -> None:
    """Each till's receipt counter up to the last receipt imported (never down)."""
    if not highest:
        return
    counters = table("receipt_counters", column("till_code"), column("last_number"))
    here = dict(
        connection.execute(
            select(counters.c.till_code, counters.c.last_number).where(
                counters.c.till_code.in_(sorted(highest))
            )
        ).all()
    )
    for till, number in sorted(highest.items()):
        if till not in here:
            connection.execute(insert(counters).values(till_code=till, last_number=number))
        elif here[till] < number:
            connection.execute(
                update(counters).where(counters.c.till_code == till).values(last_number=number)
            )


def one_backup_before_import(db: Database) -> Callable[[], None]:
    """The ``backup`` of :func:`import_export` for a person's import of several exports: one
    backup of this database, made when the first of them is about to write; none if none does.
    A backup per export would copy the whole (growing) office database again for each till,
    minutes for a dozen exports, to keep states nobody asked for."""
    made = False

    def backup_once() -> None:
        nonlocal made
        if not made:
            backup_database(db, BackupReason.SYNC_IMPORT)
            made = True

    return backup_once


def import_exports(
    db: Database,
    paths: Sequence[Path],
    *,
    imported_by: Actor | str = "",
    now: dt.datetime | None = None,
) -> list[ImportResult]:
    """Import exports one after the other, each all or nothing; the first failing one
    raises its error (which names its path) and the ones before it stay imported.

    One backup for them all, before the first export writes anything
    (:func:`one_backup_before_import`): the database as it was before the person's import."""
    backup_once = one_backup_before_import(db)
    return [
        import_export(db, path, imported_by=imported_by, now=now, backup=backup_once)
        for path in paths
    ]
