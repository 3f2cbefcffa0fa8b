"""The audit log as CSV: for the supervisor's spreadsheet and for the regional office (Kanwil).

A stable machine format: the column names below never change meaning; new columns are only
ever added at the end.

- UTF-8 with a byte-order mark (Excel then reads the names correctly), comma separated,
  ``\\r\\n`` line ends, fields quoted when needed (RFC 4180, the :mod:`csv` module's defaults);
  a field may hold line breaks (a cancelled sale's lines in ``detail``).
- One header row, then one row per entry, in the order given (the screen and the CLI pass
  them newest first).
- ``created_at`` is ISO 8601 in UTC with its offset (``2026-04-27T03:15:00.250000+00:00``):
  tills in different time zones merge without guessing.
- ``user_id`` and ``amount`` are plain integers (``-`` for negative, whole Rupiah), empty when
  the entry has none. They are never altered.
- Text fields that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) get a leading ``'``, and a text that itself starts with
  ``'`` one more, so that :func:`read_audit_csv` gives back exactly what was logged
  (:func:`bazaar_pos.csv_cells.protect_text`).

Columns::

    uuid, created_at, till_code, user_id, user_name, action, subject, detail, amount,
    approved_by

PINs and PIN hashes are never in the log, so they cannot be in the export either.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from bazaar_pos.csv_cells import protect_text, unprotect_text
from bazaar_pos.errors import PosError
from bazaar_pos.files import write_file_atomically
from bazaar_pos.people.audit import AuditRecord

__all__ = ["AUDIT_CSV_COLUMNS", "AuditCsvError", "read_audit_csv", "write_audit_csv"]

AUDIT_CSV_COLUMNS: tuple[str, ...] = (
    "uuid",
    "created_at",
    "till_code",
    "user_id",
    "user_name",
    "action",
    "subject",
    "detail",
    "amount",
    "approved_by",
)


class AuditCsvError(PosError):
    """A file that is not an audit export, or a row of it that cannot be read back."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def _optional(value: int | None) -> str:
    return "" if value is None else str(value)


def _row(record: AuditRecord) -> list[str]:
    return [
        protect_text(record.uuid),
        record.created_at.astimezone(dt.UTC).isoformat(),
        protect_text(record.till_code),
        _optional(record.user_id),
        protect_text(record.user_name),
        protect_text(record.action),
        protect_text(record.subject),
        protect_text(record.detail),
        _optional(record.amount),
        protect_text(record.approved_by),
    ]


def audit_csv_bytes(records: Sequence[AuditRecord]) -> bytes:
    """The whole file as bytes (BOM included)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_CSV_COLUMNS)
    writer.writerows(_row(record) for record in records)
    return buffer.getvalue().encode("utf-8-sig")


def write_audit_csv(records: Sequence[AuditRecord], path: Path | str) -> Path:
    """Write ``records`` to ``path`` and return it.

    Atomic: the data goes to a temporary file in the same folder, is flushed to disk and then
    renamed over the target with :func:`os.replace`, so a crash or a full disk leaves either
    the old file or the new one, never half a file. Parent folders are created.
    """
    return write_file_atomically(Path(path), audit_csv_bytes(records))


def _integer(cell: str, path: Path, line: int, column: str) -> int | None:
    if cell == "":
        return None
    try:
        return int(cell)
    except ValueError:
        raise AuditCsvError(path, line, f"{column}: {cell!r} is not a whole number") from None


def _moment(cell: str, path: Path, line: int) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(cell)
    except ValueError:
        raise AuditCsvError(path, line, f"created_at: {cell!r} is not ISO 8601") from None
    if moment.tzinfo is None:
        raise AuditCsvError(path, line, f"created_at: {cell!r} has no UTC offset")
    return moment.astimezone(dt.UTC)


def read_audit_csv(path: Path | str) -> list[AuditRecord]:
    """The records of a file written by :func:`write_audit_csv`, exactly as they were logged.

    Columns are found by name (extra columns, from a newer version, are ignored); a missing
    column or an unreadable row raises :class:`AuditCsvError` with the line number.
    """
    source = Path(path)
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, None)
        if header is None:
            raise AuditCsvError(source, 1, "empty file")
        missing = [name for name in AUDIT_CSV_COLUMNS if name not in header]
        if missing:
            raise AuditCsvError(source, 1, f"missing columns: {', '.join(missing)}")
        position = {name: header.index(name) for name in AUDIT_CSV_COLUMNS}
        records: list[AuditRecord] = []
        for row in rows:
            line = rows.line_num  # the physical line the row ends on (fields may span lines)
            if len(row) < len(header):
                raise AuditCsvError(source, line, f"{len(row)} fields, expected {len(header)}")
            cell = {name: row[index] for name, index in position.items()}
            records.append(
                AuditRecord(
                    uuid=unprotect_text(cell["uuid"]),
                    created_at=_moment(cell["created_at"], source, line),
                    till_code=unprotect_text(cell["till_code"]),
                    user_id=_integer(cell["user_id"], source, line, "user_id"),
                    user_name=unprotect_text(cell["user_name"]),
                    action=unprotect_text(cell["action"]),
                    subject=unprotect_text(cell["subject"]),
                    detail=unprotect_text(cell["detail"]),
                    amount=_integer(cell["amount"], source, line, "amount"),
                    approved_by=unprotect_text(cell["approved_by"]),
                )
            )
    return records
