"""A database that knows itself: its UUID, the marker file beside it, and the check that the
till still holds the file it opened.

- **The UUID** is stored in the database (``settings``, key ``database_uuid``) and in a small
  marker file beside it (``bazaar.id``, mode 0600). The marker says "this folder held a till's
  data": start-up (:mod:`bazaar_pos.startup`) refuses to turn such a folder silently into a new
  till when its database is missing or empty, and refuses a database whose UUID is another's.
- **The file check** (:class:`FileWatch`): an open SQLite connection keeps writing into the
  file it opened even after somebody deleted or replaced it at its path, and every sale after
  that is lost while the till reports it saved. So each write transaction first compares the
  path's ``(st_dev, st_ino)`` with what was recorded when the till first connected, and refuses
  with :class:`~bazaar_pos.db.faults.DatabaseReplaced` (the transaction rolls back; the cart
  stays). One ``os.stat`` per write transaction: a few microseconds (README, "Nothing lost").
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from bazaar_pos.db.engine import run_sql
from bazaar_pos.db.faults import DatabaseReplaced, FileChange

MARKER_NAME = "bazaar.id"
UUID_KEY = "database_uuid"


def marker_path(data_dir: Path) -> Path:
    return data_dir / MARKER_NAME


def read_marker(data_dir: Path) -> str | None:
    """The UUID in the folder's marker, or None when there is no marker (an unreadable or
    garbled one counts as a marker: the folder did hold data)."""
    path = marker_path(data_dir)
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""
    return text


def write_marker(data_dir: Path, database_uuid: str) -> None:
    """Write the marker (0600: it names the till's data, nobody else needs to read it)."""
    path = marker_path(data_dir)
    tmp = path.with_name(f".{MARKER_NAME}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(database_uuid + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_database_uuid(connection: Connection) -> str | None:
    value = run_sql(connection, "SELECT value FROM settings WHERE key = ?", (UUID_KEY,)).scalar()
    return str(value) if value else None


def store_database_uuid(connection: Connection, database_uuid: str) -> None:
    """Inside the caller's write transaction (not journaled: it is the file's, not a user's)."""
    run_sql(
        connection,
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (UUID_KEY, database_uuid),
    )


def new_database_uuid() -> str:
    return str(uuid.uuid4())


@dataclass
class FileWatch:
    """The identity of the database file at ``path`` when the till first connected to it."""

    path: Path
    identity: tuple[int, int] | None = field(default=None)
    # Called before the first write, until it returns without raising: the start-up's damage
    # check when it runs in the background (``startup.DamageCheck``), so that nothing is written
    # on a file it has not passed yet.
    gate: Callable[[], None] | None = field(default=None)

    def record(self) -> None:
        """Called on each new connection: only the first one records (a later connection made
        after the file was replaced opens the new file, which must not become the reference)."""
        if self.identity is None:
            try:
                found = os.stat(self.path)
            except OSError:
                return
            self.identity = (found.st_dev, found.st_ino)

    def check(self) -> None:
        """Raise :class:`DatabaseReplaced` unless ``path`` is still the recorded file (and
        whatever the gate raises until it has passed once)."""
        if self.gate is not None:
            self.gate()
            self.gate = None
        if self.identity is None:
            return
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            raise DatabaseReplaced(self.path, FileChange.DELETED) from None
        if (found.st_dev, found.st_ino) != self.identity:
            raise DatabaseReplaced(self.path, FileChange.REPLACED)
