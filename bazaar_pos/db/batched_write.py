"""Long writes in short transactions that stay all-or-nothing: the pieces every such job shares.

A long import (the catalog CSV, another till's export) must never keep the tills on the same
file waiting: SQLite has one write lock, and a till gives up after its busy timeout (5 s). So
such a job plans what it will write from a read snapshot (no lock), then writes in short
``BEGIN IMMEDIATE`` transactions, pausing between them. It must still be all-or-nothing for
the person importing; two things make that true, kept here for every job:

- **The marker**: a ``settings`` row (one key per job) written in the job's first transaction
  and removed in its last one. While it is there the job is not finished: a second job of the
  kind is refused, and a job whose process died (its host and pid, and a heartbeat each batch
  refreshes, say so) is undone before anything else is done.
- **The undo log**: before each batch commits, what it is about to change is appended to a
  file beside the database and flushed to disk (:class:`UndoLog`). A batch that never
  committed leaves a record that undoes nothing, so writing the record first is enough:
  undoing is idempotent and may itself be interrupted and run again.

Plus the batch rhythm: :func:`write_with_retry` (a batch that finds the database busy tries
again), :func:`next_batch_size` (batches sized to a target time under the write lock) and
:func:`pause` (after each batch, as long as it held the lock, so a waiting till gets in).

What a record holds and how it is undone is the job's own (``catalog/import_undo.py``,
``sync/merge_undo.py``). A database without a file (``sqlite://`` in memory) keeps its undo
log in memory: there is no crash to survive.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bazaar_pos.db.engine import Database, connections_of_others
from bazaar_pos.db.models import Setting
from bazaar_pos.errors import MergeInProgress

__all__ = [
    "BUSY_RETRIES",
    "CATALOG_MARKER_KEY",
    "MERGE_MARKER_KEY",
    "MIN_PAUSE_SECONDS",
    "STALE_AFTER_SECONDS",
    "Marker",
    "UndoLog",
    "clear_marker",
    "in_batches",
    "is_busy",
    "next_batch_size",
    "others_use_the_file",
    "pause",
    "read_marker",
    "refuse_while_merging",
    "remove_finished_logs",
    "running_jobs",
    "undo_path_for",
    "write_marker",
    "write_with_retry",
]

# The marker of a sync merge (bazaar_pos/sync/merge_undo.py). Named here because the reports
# and papers of areas below sync/ refuse while it is there (refuse_while_merging).
MERGE_MARKER_KEY = "sync_import_running"
# The marker of a catalog import (bazaar_pos/catalog/import_undo.py), named here beside it so
# that start-up can look for both without importing either job.
CATALOG_MARKER_KEY = "catalog_import_running"


def running_jobs(db: Database) -> set[str]:
    """The keys of the markers in the settings (:data:`CATALOG_MARKER_KEY`,
    :data:`MERGE_MARKER_KEY`): a job is being written, or died half-way. One small query."""
    with db.read() as session:
        keys = session.scalars(
            select(Setting.key).where(Setting.key.in_((CATALOG_MARKER_KEY, MERGE_MARKER_KEY)))
        )
        return set(keys)


# A marker whose heartbeat is older than this belongs to a job that died (on another laptop
# sharing the file, or after a restart): every batch refreshes it within a second.
STALE_AFTER_SECONDS = 60.0
# A batch that finds the database busy (another writer beyond the busy timeout) tries again.
BUSY_RETRIES = 5
# Between two batches the job sleeps at least as long as the batch held the write lock (and at
# least this long), so a till polling for the lock (SQLite's busy handler sleeps up to 100 ms
# between tries) finds it free about half the time instead of never.
MIN_PAUSE_SECONDS = 0.005


@dataclass(frozen=True)
class Marker:
    """Who is writing a job in batches: ``import_id`` names this run (its undo log too)."""

    import_id: str
    file_name: str
    undo_path: str  # "" for a database without a file
    host: str
    pid: int
    beat: float  # time.time() of the last batch
    subject: str = ""  # what is imported, when the file name does not say (an export's uuid)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Marker:
        data = json.loads(text)
        return cls(
            import_id=str(data["import_id"]),
            file_name=str(data["file_name"]),
            undo_path=str(data["undo_path"]),
            host=str(data["host"]),
            pid=int(data["pid"]),
            beat=float(data["beat"]),
            subject=str(data.get("subject", "")),
        )

    @classmethod
    def for_this_process(
        cls, import_id: str, file_name: str, undo_path: Path | None, subject: str = ""
    ) -> Marker:
        return cls(
            import_id=import_id,
            file_name=file_name,
            undo_path=str(undo_path) if undo_path is not None else "",
            host=socket.gethostname(),
            pid=os.getpid(),
            beat=time.time(),
            subject=subject,
        )

    def is_stale(self, now: float) -> bool:
        """Did the job holding this marker die? Same host: its process is gone; else (or
        a reused pid) its heartbeat is older than :data:`STALE_AFTER_SECONDS`."""
        if now - self.beat > STALE_AFTER_SECONDS:
            return True
        return self.host == socket.gethostname() and not _process_alive(self.pid)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by somebody else (or Windows: cannot tell) -> alive
        return True
    return True


def read_marker(session: Session, key: str) -> Marker | None:
    text = session.scalar(select(Setting.value).where(Setting.key == key))
    return Marker.from_json(text) if text else None


def write_marker(session: Session, key: str, marker: Marker) -> None:
    session.merge(Setting(key=key, value=marker.to_json()))


def clear_marker(session: Session, key: str) -> None:
    session.execute(delete(Setting).where(Setting.key == key))


def refuse_while_merging(session: Session) -> None:
    """:class:`MergeInProgress` while a merge of another till's export is being written (or
    stopped half-way, waiting to be undone): a report read now would see part of it."""
    marker = read_marker(session, MERGE_MARKER_KEY)
    if marker is not None:
        raise MergeInProgress(marker.file_name)


def undo_path_for(db: Database, kind: str, import_id: str) -> Path | None:
    """``<database>.<kind>-<id>.undo`` beside a file database; None in memory."""
    name = db.engine.url.database
    if db.engine.dialect.name != "sqlite" or not name or name == ":memory:":
        return None
    database = Path(name)
    return database.with_name(f"{database.name}.{kind}-{import_id}.undo")


def remove_finished_logs(db: Database, kind: str, marker: Marker | None) -> None:
    """Undo logs of jobs that finished (their last transaction removed the marker) but whose
    process stopped before deleting the file: nothing left to undo.

    Only logs untouched for :data:`STALE_AFTER_SECONDS`: a job may write its first record
    before the transaction that sets its marker (the catalog import does), so a fresh log
    without a marker may be a job starting right now (in another process: a till starting,
    another laptop), whose log must not vanish under it. A running job appends to its log
    every batch."""
    probe = undo_path_for(db, kind, "*")
    if probe is None:
        return
    now = time.time()
    for path in probe.parent.glob(probe.name):
        if marker is not None and str(path) == marker.undo_path:
            continue
        try:
            if now - path.stat().st_mtime <= STALE_AFTER_SECONDS:
                continue
        except FileNotFoundError:
            continue
        path.unlink(missing_ok=True)


class UndoLog:
    """Append-only records of what each batch is about to change, flushed before it commits."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.records: list[dict[str, Any]] = []  # the log of a database without a file

    def append(self, record: dict[str, Any]) -> None:
        if self.path is None:
            self.records.append(record)
            return
        line = (json.dumps(record, separators=(",", ":")) + "\n").encode("utf-8")
        # O_APPEND + fsync: the record is on disk before the batch it describes commits.
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def read(self) -> list[dict[str, Any]]:
        if self.path is None:
            return list(self.records)
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        records = []
        for line in text.splitlines():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                break  # the last record was cut by the crash: its batch never committed
        return records

    def remove(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def in_batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_with_retry(db: Database, work: Callable[[Session], None]) -> None:
    """``work`` in one short write transaction, tried again while the database is busy."""
    for attempt in range(BUSY_RETRIES + 1):
        try:
            with db.write() as session:
                work(session)
            return
        except OperationalError as error:
            if attempt == BUSY_RETRIES or not is_busy(error):
                raise
            time.sleep(0.05 * (attempt + 1))


def is_busy(error: OperationalError) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED ("database is locked"), whatever the Python version."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF in (5, 6)
    return "locked" in str(error.orig) or "busy" in str(error.orig)


def next_batch_size(size: int, held: float, *, target: float, smallest: int, largest: int) -> int:
    """The next batch's rows after one of ``size`` rows held the write lock ``held`` seconds:
    twice as many below half the ``target``, half as many above 1.5 times it."""
    if held < target / 2:
        return min(size * 2, largest)
    if held > target * 1.5:
        return max(size // 2, smallest)
    return size


def pause(held: float) -> None:
    """After a batch that held the write lock ``held`` seconds: let the tills in."""
    time.sleep(max(held, MIN_PAUSE_SECONDS))


# SQLite's WAL index (the ``-shm`` file beside a WAL database): every connection of every
# process holds a shared POSIX lock on its "dead man switch" byte for as long as it is open
# (os_unix.c: UNIX_SHM_DMS = (22 + SQLITE_SHM_NLOCK) * 4 + SQLITE_SHM_NLOCK = 128), which is how
# SQLite itself knows whether it is the only user of the file.
SHM_DEAD_MAN_SWITCH_BYTE = 128
# struct flock on Linux (x86-64 and arm64 alike): l_type, l_whence, l_start, l_len, l_pid.
_FLOCK = struct.Struct("@hhqqixxxx")


def others_use_the_file(db: Database) -> bool:
    """Has another process (a till, a screen, a probe), or another connection of this one,
    this SQLite database open right now?

    Asked of the kernel without taking anything (``F_GETLK`` on the WAL index's dead man switch
    byte): the locks of this process's own connections never answer, another process's do.
    A long job pauses between its batches only for someone else to get in; alone on the file,
    the pauses are pure waiting. True wherever the answer is not known (not Linux, not a WAL
    file): then the job behaves as if tills were selling.
    """
    if not db.is_sqlite or not sys.platform.startswith("linux"):
        return True
    if connections_of_others(db.engine) > 0:
        return True  # a till in this very process (the app selling while it merges)
    database = db.engine.url.database
    if database in (None, "", ":memory:"):
        return False  # nobody else can open a database in this process's memory
    if database.startswith("file:"):
        return True
    import fcntl  # POSIX only: imported here, so the module loads on Windows too

    try:
        descriptor = os.open(f"{database}-shm", os.O_RDONLY)
    except OSError:
        return True
    try:
        query = _FLOCK.pack(fcntl.F_WRLCK, os.SEEK_SET, SHM_DEAD_MAN_SWITCH_BYTE, 1, 0)
        answer = fcntl.fcntl(descriptor, fcntl.F_GETLK, query)
    except OSError:
        return True
    finally:
        os.close(descriptor)
    held_by: int = _FLOCK.unpack(answer)[0]
    return held_by != fcntl.F_UNLCK
