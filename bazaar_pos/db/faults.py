"""What went wrong with the database file, as typed errors: the one place that reads SQLite's
error codes.

SQLite tells a full disk, a read-only file, a busy lock or a damaged page by a result code
(``sqlite3.Error.sqlite_errorcode``, Python 3.11+), not by the exception's class: all of them
arrive as ``OperationalError`` (or ``DatabaseError``). :func:`database_fault` turns such an
error, raw or wrapped by SQLAlchemy, into a :class:`DatabaseFault` with a reason the screens
and the command line turn into a sentence (``ui/database_messages.py``). SQLite writes a
transaction all or nothing, so a fault raised by a write unit of work means nothing of it was
saved.

:class:`DatabaseReplaced` is the till's own check before each write transaction
(:mod:`bazaar_pos.db.file_identity`): the file it opened was deleted or replaced since.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum
from pathlib import Path

from bazaar_pos.errors import PosError

# SQLite's primary result codes (https://sqlite.org/rescode.html): the low byte of an
# extended code (SQLITE_IOERR_WRITE is SQLITE_IOERR | 3 << 8).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


class FaultReason(StrEnum):
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    BUSY = "busy"  # another program (a second till, an import) held the write lock too long
    DAMAGED = "damaged"  # corrupt pages or not a database at all
    CANNOT_OPEN = "cannot_open"  # the file or its folder is gone or not reachable
    IO_ERROR = "io_error"  # the disk refused a read or write (a pulled USB drive, a bad disk)
    # A database server ended or lost the connection (restarted, the network dropped): its
    # transaction is rolled back there; the pool replaces the connection for the next try.
    CONNECTION_LOST = "connection_lost"
    # No database server answers at the address (it is not running, or the network is down)
    SERVER_UNREACHABLE = "server_unreachable"
    OTHER = "other"


_REASONS = {
    SQLITE_FULL: FaultReason.DISK_FULL,
    SQLITE_READONLY: FaultReason.READ_ONLY,
    SQLITE_PERM: FaultReason.READ_ONLY,
    SQLITE_BUSY: FaultReason.BUSY,
    SQLITE_LOCKED: FaultReason.BUSY,
    SQLITE_CORRUPT: FaultReason.DAMAGED,
    SQLITE_NOTADB: FaultReason.DAMAGED,
    SQLITE_CANTOPEN: FaultReason.CANNOT_OPEN,
    SQLITE_IOERR: FaultReason.IO_ERROR,
}


class DatabaseFault(PosError):
    """The database refused the work; ``reason`` says why, ``code`` is SQLite's name for it
    (``SQLITE_FULL`` …, for the log and the admin)."""

    def __init__(self, reason: FaultReason, code: str, detail: str) -> None:
        super().__init__(f"database error ({reason}, {code}): {detail}")
        self.reason = reason
        self.code = code
        self.detail = detail


class FileChange(StrEnum):
    DELETED = "deleted"  # no file at the path any more
    REPLACED = "replaced"  # another file (another inode) at the path


class DatabaseReplaced(PosError):
    """The database file this till opened was deleted or replaced while it ran: nothing more is
    written (the open connection would write into a file nobody will ever read again)."""

    def __init__(self, path: Path, change: FileChange) -> None:
        super().__init__(
            f"the database file {path} was {change} while the till was running; nothing was "
            "saved: close Bazaar POS and call an admin"
        )
        self.path = path
        self.change = change


def _sqlite_error(error: BaseException) -> sqlite3.Error | None:
    """The driver's error under ``error`` (SQLAlchemy keeps it as ``orig``), if any."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, sqlite3.Error):
            return seen
        orig = getattr(seen, "orig", None)
        if isinstance(orig, sqlite3.Error):
            return orig
        seen = seen.__cause__
    return None


def database_fault(error: BaseException) -> DatabaseFault | None:
    """``error`` (``sqlite3.Error`` or SQLAlchemy's wrapper of one) as a :class:`DatabaseFault`,
    or None when it is not a database error at all."""
    if isinstance(error, DatabaseFault):
        return error
    raw = _sqlite_error(error)
    if raw is None:
        orig = getattr(error, "orig", None)  # SQLAlchemy's wrapper of another driver's error
        if not isinstance(orig, Exception):
            return None
        # SQLAlchemy tells a disconnect by the driver's own rules (is_disconnect), in any
        # language the server speaks; the text is the fallback for a wrapper without the flag.
        lost = getattr(error, "connection_invalidated", False) is True  # DBAPIError's flag
        told = FaultReason.CONNECTION_LOST if lost else _reason_from_text(str(orig))
        return DatabaseFault(told, type(orig).__name__, str(orig))
    code = getattr(raw, "sqlite_errorcode", None)
    name = str(getattr(raw, "sqlite_errorname", "") or "")
    reason = _REASONS.get(code & 0xFF, FaultReason.OTHER) if isinstance(code, int) else None
    if reason is None:  # a driver without result codes: its (English, stable) message
        reason = _reason_from_text(str(raw))
    return DatabaseFault(reason, name or type(raw).__name__, str(raw))


def _reason_from_text(message: str) -> FaultReason:
    text = message.lower()
    for words, reason in (
        ("disk is full", FaultReason.DISK_FULL),
        ("readonly", FaultReason.READ_ONLY),
        ("locked", FaultReason.BUSY),
        ("malformed", FaultReason.DAMAGED),
        ("not a database", FaultReason.DAMAGED),
        ("unable to open", FaultReason.CANNOT_OPEN),
        ("disk i/o", FaultReason.IO_ERROR),
        ("terminating connection", FaultReason.CONNECTION_LOST),
        ("server closed the connection", FaultReason.CONNECTION_LOST),
        ("connection is closed", FaultReason.CONNECTION_LOST),
        # psycopg's "connection failed: … Connection refused", "could not translate host
        # name", a timeout: no server to talk to at all
        ("connection failed", FaultReason.SERVER_UNREACHABLE),
        ("could not connect", FaultReason.SERVER_UNREACHABLE),
        ("connection refused", FaultReason.SERVER_UNREACHABLE),
    ):
        if words in text:
            return reason
    return FaultReason.OTHER
