"""Export this till's data for another till to merge (see :mod:`bazaar_pos.sync.format`).

Speed matters (a till holds 200k sale lines after a big event): every cell is produced by SQL —
the referenced rows' uuids by joins, text protection and datetime formatting by expressions —
so Python only moves rows from the cursor to :mod:`csv` in chunks and hashes the bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import uuid
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    case,
    func,
    literal,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from bazaar_pos import __version__
from bazaar_pos.csv_cells import FORMULA_STARTS, QUOTE
from bazaar_pos.db import Database
from bazaar_pos.db.identity import own_identity, sign
from bazaar_pos.db.migrate import HEAD_REVISION
from bazaar_pos.db.models import SyncExport
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.settings import load_settings
from bazaar_pos.sync.errors import ExportCancelled, ExportFolderGone, ExportTargetExists
from bazaar_pos.sync.format import (
    BOM,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    TABLES,
    TABLES_BY_NAME,
    CellKind,
    Manifest,
    ManifestFile,
    TableSpec,
)
from bazaar_pos.sync.trust import acting_name, encode_key

__all__ = [
    "PROGRESS_EVERY",
    "ExportResult",
    "export_till",
    "suggested_export_name",
    "table_select",
    "table_sql",
]

PROGRESS_EVERY = 5000  # rows per chunk: progress is reported (and can cancel) this often

Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    export_id: str
    till_code: str
    sequence: int
    kind: str  # "full" | "incremental" (an incremental with no earlier export is "full")
    row_counts: dict[str, int]  # table name -> data rows written
    bytes: int  # size of the zip, or of all files of the folder
    till_id: str  # the till whose key signed it
    key_fingerprint: str  # as the Z report prints it


# ---------------------------------------------------------------------------------- SQL


def _protected(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """protect_text in SQL: a leading formula start or ``'`` gets one more ``'`` in front."""
    return case(
        (func.substr(column, 1, 1).in_((*FORMULA_STARTS, QUOTE)), literal("'").concat(column)),
        else_=column,
    )


class _IsoUtc(FunctionElement[str]):
    """A stored time as ISO 8601 text with ``+00:00``, compiled for each database."""

    name = "iso_utc"
    inherit_cache = True


@compiles(_IsoUtc)
def _iso_utc_sqlite(element: _IsoUtc, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    return compiler.process(_sqlite_iso_utc(column), **kw)


@compiles(_IsoUtc, "postgresql")
def _iso_utc_postgresql(element: _IsoUtc, compiler: SQLCompiler, **kw: Any) -> str:
    # A timestamp column: microseconds always written, as encode_datetime writes them.
    (column,) = element.clauses
    return f"""to_char({compiler.process(column, **kw)}, 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""


class _AsInteger(FunctionElement[int]):
    """A boolean as 0/1 (SQLite stores it so; PostgreSQL casts it)."""

    name = "as_integer"
    inherit_cache = True


@compiles(_AsInteger)
def _as_integer_sqlite(element: _AsInteger, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    return compiler.process(column, **kw)


@compiles(_AsInteger, "postgresql")
def _as_integer_postgresql(element: _AsInteger, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    return f"CAST({compiler.process(column, **kw)} AS INTEGER)"


def _iso_utc(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """Naive UTC as stored (``2026-04-27 03:15:00.250000``) -> ISO 8601 with ``+00:00``.

    The same text as :func:`bazaar_pos.sync.format.encode_datetime`, on each database."""
    return _IsoUtc(column)


def _sqlite_iso_utc(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """:func:`_iso_utc` on SQLite, where the time is stored as text: values stored without
    microseconds (written by hand) get ``.000000``; NULL stays NULL.
    """
    date_part = func.substr(column, 1, 10).concat("T")
    return case(
        (func.length(column) == 26, date_part.concat(func.substr(column, 12)).concat("+00:00")),
        (
            func.length(column) == 19,
            date_part.concat(func.substr(column, 12)).concat(".000000+00:00"),
        ),
        else_=func.strftime("%Y-%m-%dT%H:%M:%f", column).concat("000+00:00"),
    )


def _referred_ids(spec: TableSpec, after_ids: Mapping[str, int]) -> Select[Any]:
    """Ids of ``spec``'s rows referred to by the rows the export writes (``after_ids``: the
    incremental export's starting point per append-only table)."""
    referring: list[Select[Any]] = []
    for other in TABLES:
        for column in other.refs:
            if column.ref_table != spec.name:
                continue
            query = select(other.table.c[column.attribute].label("id"))
            after = after_ids.get(other.name, 0) if other.append_only else 0
            if after:
                query = query.where(other.table.c.id > after)
            if other.exported_statuses:
                query = query.where(other.table.c.status.in_(other.exported_statuses))
            referring.append(query)
    return select(union_all(*referring).subquery().c.id)


def table_select(
    spec: TableSpec,
    *,
    after_id: int = 0,
    count: bool = False,
    after_ids: Mapping[str, int] | None = None,
) -> Select[Any]:
    """The SELECT of one file: its columns in order, rows in id order.

    ``after_id``: only rows with a higher id (incremental exports of append-only tables).
    ``count``: the number of those rows instead. ``after_ids``: the starting point of every
    append-only table, for a file of names only (users: those the exported records refer to).
    """
    table = spec.table
    selected: list[ColumnElement[Any]] = []
    source: Any = table
    ref_aliases: dict[str, Any] = {}
    for column in spec.columns:
        value = table.c[column.attribute]
        if column.kind is CellKind.REF:
            assert column.ref_table is not None
            target: Table = TABLES_BY_NAME[column.ref_table].table
            alias = target.alias(f"ref_{column.name}")
            ref_aliases[column.name] = alias
            # A count needs only the join its WHERE uses.
            if not count or column.name == spec.only_with_exported:
                source = source.outerjoin(alias, alias.c.id == value)
            expression: ColumnElement[Any] = alias.c.uuid
        elif column.kind in (CellKind.TEXT, CellKind.NULLABLE_TEXT):
            expression = _protected(value)
        elif column.kind is CellKind.DATETIME:
            expression = _iso_utc(value)
        elif column.kind is CellKind.BOOLEAN:
            expression = type_coerce(_AsInteger(value), Integer)
        else:
            expression = value
        selected.append(expression.label(column.name))
    conditions: list[ColumnElement[bool]] = []
    if spec.append_only and after_id:
        conditions.append(table.c.id > after_id)
    if spec.exported_statuses:
        conditions.append(table.c.status.in_(spec.exported_statuses))
    if spec.only_with_exported is not None:
        parent = TABLES_BY_NAME[spec.column(spec.only_with_exported).ref_table or ""]
        alias = ref_aliases[spec.only_with_exported]
        conditions.append(alias.c.status.in_(parent.exported_statuses))
    if spec.names_only:
        conditions.append(table.c.id.in_(_referred_ids(spec, after_ids or {})))
    if count:
        statement: Select[Any] = select(func.count()).select_from(source)
    else:
        statement = select(*selected).select_from(source)
        statement = statement.order_by(*table.primary_key.columns)
    return statement.where(*conditions)


def table_sql(
    spec: TableSpec,
    *,
    after_id: int = 0,
    count: bool = False,
    after_ids: Mapping[str, int] | None = None,
    dialect: Dialect | None = None,
) -> str:
    """:func:`table_select` as the database's text (constants inlined; SQLite unless
    ``dialect`` is given): what the export runs."""
    statement = table_select(spec, after_id=after_id, count=count, after_ids=after_ids)
    compiled = statement.compile(
        dialect=dialect or sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    return str(compiled)


# ---------------------------------------------------------------------------------- output


class _Sink:
    """Where the files go: a temporary folder, or a temporary zip; renamed into place at the end."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.is_zip = target.suffix.lower() == ".zip"
        self.temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
        self._zip: zipfile.ZipFile | None = None
        self.bytes = 0

    def open(self) -> None:
        if self.is_zip:
            self._zip = zipfile.ZipFile(self.temporary, "x", zipfile.ZIP_DEFLATED)
        else:
            self.temporary.mkdir()

    @contextmanager
    def file(self, name: str) -> Iterator[IO[bytes]]:
        if self._zip is not None:
            with self._zip.open(name, "w") as handle:
                yield handle
            return
        with open(self.temporary / name, "xb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        self.bytes += (self.temporary / name).stat().st_size

    def finish(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None
            with open(self.temporary, "rb+") as handle:
                os.fsync(handle.fileno())
            self.bytes = self.temporary.stat().st_size
        elif self.target.is_dir():
            self.target.rmdir()  # checked empty before; a folder can only replace an absent one
        os.replace(self.temporary, self.target)

    def discard(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        if self.temporary.is_dir():
            shutil.rmtree(self.temporary, ignore_errors=True)
        else:
            self.temporary.unlink(missing_ok=True)


def _check_target(target: Path) -> None:
    if target.suffix.lower() == ".zip":
        if target.exists():
            raise ExportTargetExists(target)
    elif target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportTargetExists(target)


def _write_csv(
    cursor: Any,
    spec: TableSpec,
    handle: IO[bytes],
    report: Callable[[int], None],
) -> ManifestFile:
    """Rows from ``cursor`` to ``handle`` in chunks, hashed on the way; ``report(rows)``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(spec.header)
    digest = sha256()
    data = BOM + buffer.getvalue().encode("utf-8")
    size = len(data)
    digest.update(data)
    handle.write(data)
    rows = 0
    fetch = cursor.fetchmany
    while chunk := fetch(PROGRESS_EVERY):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(chunk)
        data = buffer.getvalue().encode("utf-8")
        size += len(data)
        digest.update(data)
        handle.write(data)
        rows += len(chunk)
        report(len(chunk))
    return ManifestFile(name=spec.file_name, rows=rows, bytes=size, sha256=digest.hexdigest())


# ---------------------------------------------------------------------------------- export


@dataclass(frozen=True)
class _Previous:
    export_id: str
    sequence: int
    watermarks: dict[str, int]


def _previous_export(session: Session, till_code: str) -> _Previous | None:
    row = session.execute(
        select(SyncExport.uuid, SyncExport.sequence, SyncExport.watermarks)
        .where(SyncExport.till_code == till_code)
        .order_by(SyncExport.sequence.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    marks = json.loads(row.watermarks or "{}")
    return _Previous(row.uuid, row.sequence, {str(k): int(v) for k, v in marks.items()})


def suggested_export_name(db: Database, till_code: str, kind: str, day: dt.date) -> str:
    """``bazaar-BPN1-2026-04-27-003-incremental.zip``: the number the next export of this till
    will get, so the files of one till sort in the order they must be imported. The first
    export of a till is always a full one, and is named so."""
    with db.read() as session:
        last = session.scalar(
            select(func.max(SyncExport.sequence)).where(SyncExport.till_code == till_code)
        )
    if last is None:
        kind = "full"
    return f"bazaar-{till_code}-{day.isoformat()}-{(last or 0) + 1:03d}-{kind}.zip"


def export_till(
    db: Database,
    target: Path,
    *,
    kind: str = "full",
    exported_by: Actor | str = "",
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write this till's data to ``target`` (a ``.zip``, else a new or empty folder).

    ``kind="incremental"`` writes only the rows of the append-only tables added since this
    till's last export (the small tables always whole); with no earlier export it is a full one.
    ``progress(done_rows, total_rows)`` is called every :data:`PROGRESS_EVERY` rows and at the
    end; returning False cancels (:class:`ExportCancelled`, nothing left behind). The export is
    recorded in ``sync_exports`` (and the audit log) only once the file is in place.

    The manifest names this till's id and public key and is signed with its private key
    (``manifest.sig``; the key pair is made here if the till has none yet).

    ``exported_by`` is the logged-in user, who needs :attr:`Action.SYNC_EXPORT` (a supervisor:
    an export carries every sale of the till); a plain name only on a database without accounts.
    """
    if kind not in ("full", "incremental"):
        raise ValueError(f"kind must be 'full' or 'incremental', not {kind!r}")
    target = Path(target)
    _check_target(target)
    till_code = load_settings(db).till_code
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    export_id = str(uuid.uuid4())

    # Decided first, in a transaction of its own: a refused person changes nothing, not even
    # the till's key pair (made here on a till that has none yet, so the long read below
    # can sign without writing) or a folder on the stick.
    with db.write() as session:
        who = acting_name(session, exported_by, Action.SYNC_EXPORT)
        identity = own_identity(session, till_code=till_code)
    # The chosen folder is not made up: a path on a stick that was pulled out would become a
    # folder on the laptop's own disk, and the export would never reach the office.
    if not target.parent.is_dir():
        raise ExportFolderGone(target.parent)
    sink = _Sink(target)

    with db.read() as session:
        previous = _previous_export(session, till_code)
        incremental = kind == "incremental" and previous is not None
        start_after = previous.watermarks if incremental and previous is not None else {}
        connection = session.connection()
        dialect = connection.dialect
        raw: Any = connection.connection.driver_connection
        cursor = raw.cursor()
        try:
            plans: list[tuple[TableSpec, int]] = []
            total = 0
            watermarks: dict[str, int] = {}
            for spec in TABLES:
                after = start_after.get(spec.name, 0) if spec.append_only else 0
                plans.append((spec, after))
                sql = table_sql(
                    spec, after_id=after, count=True, after_ids=start_after, dialect=dialect
                )
                total += cursor.execute(sql).fetchone()[0]
                if spec.append_only:
                    highest = cursor.execute(f"SELECT max(id) FROM {spec.name}").fetchone()[0]
                    watermarks[spec.name] = max(after, highest or 0)

            done = 0

            def report(rows: int) -> None:
                nonlocal done
                done += rows
                if progress is not None and progress(done, total) is False:
                    raise ExportCancelled()

            sink.open()
            files: list[ManifestFile] = []
            for spec, after in plans:
                sql = table_sql(spec, after_id=after, after_ids=start_after, dialect=dialect)
                # PostgreSQL: a cursor on the server, read in chunks (psycopg's own cursor
                # would hold a whole table in memory first), in this read's snapshot.
                postgresql = dialect.name == "postgresql"
                rows = raw.cursor(name=f"export_{spec.name}") if postgresql else cursor
                rows.execute(sql)
                with sink.file(spec.file_name) as handle:
                    files.append(_write_csv(rows, spec, handle, report))
                if rows is not cursor:
                    rows.close()
            if progress is not None and progress(total, total) is False:
                raise ExportCancelled()
            manifest = Manifest(
                export_id=export_id,
                till_code=till_code,
                sequence=(previous.sequence + 1) if previous is not None else 1,
                kind="incremental" if incremental else "full",
                previous_export_id=previous.export_id if incremental and previous else None,
                app_version=__version__,
                schema_version=HEAD_REVISION,
                exported_at=moment,
                exported_by=who,
                files=tuple(files),
                till_id=identity.till_id,
                public_key=encode_key(identity.public_key),
            )
            manifest_bytes = manifest.to_json().encode("utf-8")
            signature = sign(session, manifest_bytes)
            with sink.file(MANIFEST_NAME) as handle:
                handle.write(manifest_bytes)
            with sink.file(SIGNATURE_NAME) as handle:
                handle.write(encode_key(signature).encode("ascii") + b"\n")
            sink.finish()
        except OSError as error:
            sink.discard()
            if not target.parent.is_dir():  # the stick went away while it was written
                raise ExportFolderGone(target.parent) from error
            raise
        except BaseException:
            sink.discard()
            raise
        finally:
            cursor.close()

    row_counts = {spec.name: entry.rows for spec, entry in zip(TABLES, files, strict=True)}
    with db.write() as session:
        session.add(
            SyncExport(
                uuid=export_id,
                till_code=till_code,
                sequence=manifest.sequence,
                kind=manifest.kind,
                exported_at=moment,
                exported_by=who,
                watermarks=json.dumps(watermarks, sort_keys=True),
                row_counts=json.dumps({entry.name: entry.rows for entry in files}),
                file_name=target.name,
            )
        )
        log_action(
            session,
            AuditAction.SYNC_EXPORT,
            till_code=till_code,
            actor=exported_by if isinstance(exported_by, Actor) else None,
            user_name=who,
            subject=target.name,
            detail=f"{manifest.kind} export #{manifest.sequence} ({export_id}) to {target}: "
            f"{sum(entry.rows for entry in files)} rows ("
            + ", ".join(f"{entry.name} {entry.rows}" for entry in files if entry.rows)
            + f"); signed by till {identity.till_id}, key {identity.fingerprint}",
            at=moment,
        )
    # The long read kept the WAL from being folded back past its snapshot; now it can be.
    db.checkpoint()
    return ExportResult(
        path=target,
        export_id=export_id,
        till_code=till_code,
        sequence=manifest.sequence,
        kind=manifest.kind,
        row_counts=row_counts,
        bytes=sink.bytes,
        till_id=identity.till_id,
        key_fingerprint=identity.fingerprint,
    )
