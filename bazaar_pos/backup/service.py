"""Backups of the till's database: written with SQLite's online backup API, checked, rotated,
copied to a second folder, listed and restored.

A backup is one step of :meth:`sqlite3.Connection.backup` from its own connection: one read
transaction, so it is a consistent snapshot of the file, and in WAL mode the tills go on
selling while it is taken. It is written under a temporary name, switched to a rollback
journal (a backup is one self-contained file), checked (:func:`check_backup`: ``PRAGMA
quick_check``, the schema revision, the journal chains' tails) and only then renamed into
``<data>/backups/`` (folder 0700, files 0600). A backup that fails its check is kept under a
``.damaged`` name (it is evidence that the database itself is damaged) and never counts as a
good one.

Nothing here needs a login but :func:`back_up` (``bazaar-pos backup``, the restore screen's
button) and :func:`restore_backup`: the automatic backups are the till's own.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import sqlite3
import stat
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from bazaar_pos.backup.rules import (
    BackupReason,
    Kept,
    backup_name,
    backups_to_keep,
    parse_backup_name,
)
from bazaar_pos.db import Database, journal
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.db.migrate import MIGRATIONS_DIR
from bazaar_pos.errors import PosError
from bazaar_pos.paths import backups_dir, replaced_dir
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.people.integrity import TAIL
from bazaar_pos.settings import TillSettings, load_settings

FOLDER_MODE = 0o700  # the backups hold every sale and the PIN hashes: this account's only
FILE_MODE = 0o600


class BackupProblem(StrEnum):
    """Why a backup file is not fit to restore."""

    MISSING = "missing"  # no such file
    UNREADABLE = "unreadable"  # not an SQLite database, or it cannot be opened
    DAMAGED = "damaged"  # PRAGMA quick_check found damage
    NOT_A_TILL = "not_a_till"  # an SQLite file, but not a Bazaar POS database
    NEWER = "newer"  # written by a newer version of the app (its schema is unknown here)
    JOURNAL_BROKEN = "journal_broken"  # the tamper-evident journal's tail does not verify


@dataclass(frozen=True)
class BackupCheck:
    """What :func:`check_backup` found in one file."""

    problem: BackupProblem | None  # None: fit to restore
    detail: str  # the check's own words (SQLite's message, the first journal break), or ""
    revision: str | None  # the schema revision (alembic)
    sales: int  # sales in it
    last_receipt: str  # the newest receipt number in it ("" when none)

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class BackupInfo:
    """One backup in a backup folder."""

    path: Path
    created_at: dt.datetime  # aware, UTC (from the file name)
    reason: BackupReason
    size: int  # bytes
    check: BackupCheck

    @property
    def ok(self) -> bool:
        return self.check.ok


class FileProblem(StrEnum):
    """What kept a file from being written, for a sentence in the user's language."""

    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"  # a read-only disk or stick (or its write-protect switch)
    NO_PERMISSION = "no_permission"
    OTHER = "other"  # the system's words are in ``detail``


def file_problem(error: BaseException) -> FileProblem:
    """The :class:`FileProblem` of an ``OSError`` (errno) or an ``sqlite3.Error`` (its code)."""
    number = getattr(error, "errno", None)
    code = getattr(error, "sqlite_errorcode", None)
    if number == errno.ENOSPC or code == sqlite3.SQLITE_FULL:
        return FileProblem.DISK_FULL
    if number == errno.EROFS or code == sqlite3.SQLITE_READONLY:
        return FileProblem.READ_ONLY
    if number in (errno.EACCES, errno.EPERM) or code == sqlite3.SQLITE_PERM:
        return FileProblem.NO_PERMISSION
    return FileProblem.OTHER


class BackupNote(StrEnum):
    """Something the user should hear about a backup that was written all the same."""

    SECOND_FOLDER_MISSING = "second_folder_missing"  # e.g. the USB stick is not plugged in
    SECOND_FOLDER_FAILED = "second_folder_failed"  # there, but the copy failed (full, read-only)


@dataclass(frozen=True)
class BackupWarning:
    note: BackupNote
    folder: Path
    detail: str  # the system's words ("No space left on device"), or ""
    problem: FileProblem | None = None  # why the copy failed (SECOND_FOLDER_FAILED)


@dataclass(frozen=True)
class BackupResult:
    info: BackupInfo
    copy: Path | None  # the copy in the second folder, if one was made
    warnings: tuple[BackupWarning, ...]
    removed: tuple[str, ...]  # backups the rotation deleted (names)


class BackupFailure(StrEnum):
    NO_FILE = "no_file"  # the database is not an SQLite file here (or it is missing)
    UNREADABLE = "unreadable"  # the database itself cannot be read (a bad header, damage)
    WRITE_FAILED = "write_failed"  # the backup could not be written (disk full, read-only)


class BackupFailed(PosError):
    """No backup was written (``reason`` says why, ``detail`` in the system's words)."""

    def __init__(
        self, reason: BackupFailure, detail: str = "", problem: FileProblem | None = None
    ) -> None:
        super().__init__(f"backup failed ({reason}){': ' + detail if detail else ''}")
        self.reason = reason
        self.detail = detail
        self.problem = problem  # why writing failed (WRITE_FAILED)


class BackupRefused(PosError):
    """A restore refused ``path``: it fails the checks (``problem`` says how)."""

    def __init__(self, path: Path, problem: BackupProblem, detail: str = "") -> None:
        super().__init__(f"{path}: not restored, the backup is {problem}: {detail}".rstrip(": "))
        self.path = path
        self.problem = problem
        self.detail = detail


# --- the policy, from the till's settings ---------------------------------------------------


@dataclass(frozen=True)
class BackupPolicy:
    keep_last: int = TillSettings.backup_keep_last
    keep_days: int = TillSettings.backup_keep_days
    second_folder: Path | None = None
    # A folder of this till's own inside the second folder (its till code): several tills may
    # share one USB stick, and each rotates only its own backups there.
    second_subfolder: str = ""

    @classmethod
    def of(cls, settings: TillSettings) -> BackupPolicy:
        second = settings.backup_second_folder.strip()
        return cls(
            settings.backup_keep_last,
            settings.backup_keep_days,
            Path(second).expanduser() if second else None,
            settings.till_code,
        )


def database_file(db: Database) -> Path | None:
    """The SQLite file behind ``db`` (None for another database or an in-memory one)."""
    name = db.engine.url.database if db.is_sqlite else None
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


# --- checking -------------------------------------------------------------------------------


def _known_revisions() -> frozenset[str]:
    return frozenset(path.stem for path in (MIGRATIONS_DIR / "versions").glob("*.py"))


def _read_only(path: Path) -> sqlite3.Connection:
    # mode=ro: checking never writes into (or creates) the file it checks.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check_backup(path: Path) -> BackupCheck:
    """Is ``path`` a whole Bazaar POS database? ``PRAGMA quick_check``, a schema this version
    knows, and the tail of every journal chain (as the start-up check: records against links,
    the receipt counter)."""
    if not path.is_file():
        return BackupCheck(BackupProblem.MISSING, "", None, 0, "")
    try:
        connection = _read_only(path)
    except sqlite3.Error as error:
        return BackupCheck(BackupProblem.UNREADABLE, str(error), None, 0, "")
    try:
        return _check_open(path, connection)
    except sqlite3.DatabaseError as error:
        # "file is not a database" (a bad header) or "malformed" met while reading it.
        problem = BackupProblem.UNREADABLE if "not a database" in str(error) else None
        return BackupCheck(problem or BackupProblem.DAMAGED, str(error), None, 0, "")
    finally:
        connection.close()


def _check_open(path: Path, connection: sqlite3.Connection) -> BackupCheck:
    found = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    if found != ["ok"]:
        return BackupCheck(BackupProblem.DAMAGED, "; ".join(map(str, found[:3])), None, 0, "")
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "alembic_version" not in tables or "settings" not in tables:
        return BackupCheck(BackupProblem.NOT_A_TILL, "", None, 0, "")
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    revision_text = str(revision[0]) if revision else None
    if revision_text not in _known_revisions():
        return BackupCheck(BackupProblem.NEWER, str(revision_text), revision_text, 0, "")
    sales, last = 0, ""
    if "sales" in tables:
        row = connection.execute("SELECT COUNT(*), MAX(receipt_no) FROM sales").fetchone()
        sales, last = int(row[0]), str(row[1] or "")
    broken = _journal_break(path)
    if broken:
        return BackupCheck(BackupProblem.JOURNAL_BROKEN, broken, revision_text, sales, last)
    return BackupCheck(None, "", revision_text, sales, last)


def _journal_break(path: Path) -> str:
    """The first break in the journal chains' tails, in words ("" when whole or absent)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine("sqlite://", creator=lambda: _read_only(path), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if not journal.has_journal(connection):
                return ""
            walked = journal.tail_walk(connection, TAIL)
    finally:
        engine.dispose()
    firsts = list(journal.first_breaks(walked.breaks).values())
    if not firsts:
        return ""
    first = min(firsts, key=lambda item: item.order)
    where = f"#{first.seq} " if first.seq is not None else ""
    return f"{where}{first.kind} {first.label or first.record_uuid}: {first.reason}"


# A check reads every page: a listing re-checks a file only when it changed since.
_checked: dict[tuple[str, int, int, int], BackupCheck] = {}


def checked(path: Path) -> BackupCheck:
    """:func:`check_backup`, remembered while the file is unchanged (size, mtime, inode)."""
    try:
        found = path.stat()
    except OSError:
        return check_backup(path)
    key = (str(path.resolve()), found.st_size, found.st_mtime_ns, found.st_ino)
    if key not in _checked:
        _checked[key] = check_backup(path)
    return _checked[key]


# --- writing --------------------------------------------------------------------------------


def private_folder(folder: Path) -> Path:
    """``folder``, created if needed, readable by this account only (POSIX; on Windows the
    per-user data folder is already private)."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if os.name == "posix" and stat.S_IMODE(folder.stat().st_mode) != FOLDER_MODE:
        folder.chmod(FOLDER_MODE)
    return folder


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _private_temp(folder: Path, name: str) -> Path:
    """An empty new file (0600 from the start: never readable by others, not even briefly)."""
    temp = folder / f".{name}.{uuid.uuid4().hex[:12]}.tmp"
    os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    return temp


def _snapshot(source: Path, target: Path, *, mode: str = "rw") -> None:
    """One step of the online backup API from ``source`` into the (empty) ``target``."""
    # mode=rw: a database that vanished is an error here, never silently a new empty file;
    # mode=ro for a file given to restore, which is read, never written.
    origin = sqlite3.connect(f"{source.resolve().as_uri()}?mode={mode}", uri=True)
    try:
        origin.execute("PRAGMA busy_timeout=5000")
        copy = sqlite3.connect(target)
        try:
            origin.backup(copy)  # pages=-1: one read transaction, a consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
    finally:
        origin.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def _unique(folder: Path, at: dt.datetime, reason: BackupReason) -> dt.datetime:
    """``at``, moved on by microseconds until no backup of that time exists (two in one µs)."""
    while any((folder / backup_name(at, reason, damaged=d)).exists() for d in (False, True)):
        at += dt.timedelta(microseconds=1)
    return at


def make_backup(
    database: Path,
    data_dir: Path,
    reason: BackupReason,
    policy: BackupPolicy | None = None,
    *,
    now: dt.datetime | None = None,
    tz: dt.tzinfo | None = None,
) -> BackupResult:
    """Back up the SQLite file ``database`` into ``<data_dir>/backups``, check it, copy it to
    the policy's second folder (its absence is a warning) and rotate both folders.

    Raises :class:`BackupFailed` when no backup could be written; nothing half-written stays.
    """
    policy = policy or BackupPolicy()
    if not database.is_file():
        raise BackupFailed(BackupFailure.NO_FILE, str(database))
    at = now or dt.datetime.now(dt.UTC)
    temp: Path | None = None
    try:
        folder = private_folder(backups_dir(data_dir))
        at = _unique(folder, at, reason)
        temp = _private_temp(folder, backup_name(at, reason))
        _snapshot(database, temp)
        check = check_backup(temp)
        target = folder / backup_name(at, reason, damaged=not check.ok)
        os.replace(temp, target)
        temp = None
        _fsync_folder(folder)
    except (OSError, sqlite3.Error) as error:
        detail = getattr(error, "strerror", None) or str(error)
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(
            error, sqlite3.OperationalError
        ):  # "file is not a database", "malformed": the source, not the writing, failed
            raise BackupFailed(BackupFailure.UNREADABLE, detail) from error
        raise BackupFailed(BackupFailure.WRITE_FAILED, detail, file_problem(error)) from error
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    info = BackupInfo(target, at, reason, target.stat().st_size, check)
    _checked[(str(target.resolve()), *_stat_key(target))] = check
    local = tz or _local_zone()
    removed = rotate(folder, policy, now=at, tz=local)
    copy, warnings = None, []
    if policy.second_folder is not None:
        copy, warning = copy_to_second_folder(target, policy.second_folder, policy.second_subfolder)
        if warning is not None:
            warnings.append(warning)
        elif copy is not None:
            removed += rotate(copy.parent, policy, now=at, tz=local)
    return BackupResult(info, copy, tuple(warnings), tuple(removed))


def _stat_key(path: Path) -> tuple[int, int, int]:
    found = path.stat()
    return found.st_size, found.st_mtime_ns, found.st_ino


def _local_zone() -> dt.tzinfo:
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


def copy_to_second_folder(
    backup: Path, folder: Path, subfolder: str = ""
) -> tuple[Path | None, BackupWarning | None]:
    """Copy a written backup into ``folder``/``subfolder`` (a USB stick, the till's code). A
    missing ``folder`` is not created (it would land on the laptop's own disk under the
    stick's mount point): it is a warning, as is a failed copy; the backup in the data folder
    stands either way. The till's ``subfolder`` inside it is created."""
    if not folder.is_dir():
        return None, BackupWarning(BackupNote.SECOND_FOLDER_MISSING, folder, "")
    temp: Path | None = None
    try:
        inside = private_folder(folder / subfolder) if subfolder else folder
        temp = _private_temp(inside, backup.name)
        with open(backup, "rb") as source, open(temp, "wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
            target.flush()
            os.fsync(target.fileno())
        copy = inside / backup.name
        os.replace(temp, copy)
        temp = None
        _fsync_folder(inside)
        return copy, None
    except OSError as error:
        detail = error.strerror or str(error)
        problem = file_problem(error)
        return None, BackupWarning(BackupNote.SECOND_FOLDER_FAILED, folder, detail, problem)
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def rotate(folder: Path, policy: BackupPolicy, *, now: dt.datetime, tz: dt.tzinfo) -> list[str]:
    """Delete the backups in ``folder`` that :func:`~bazaar_pos.backup.rules.backups_to_keep`
    does not keep; returns their names. Only files named as backups are ever touched."""
    present: list[Kept] = []
    for path in folder.iterdir():
        if _stale_temp(path, now):
            path.unlink(missing_ok=True)
            continue
        name = parse_backup_name(path.name)
        if name is not None and path.is_file():
            present.append(Kept(path.name, name.created_at, not name.damaged))
    keep = backups_to_keep(
        present, keep_last=policy.keep_last, keep_days=policy.keep_days, tz=tz, now=now
    )
    removed = []
    for item in present:
        if item.name not in keep:
            try:
                (folder / item.name).unlink()
            except OSError:
                continue  # a read-only stick: the next backup tries again
            removed.append(item.name)
    return removed


# A backup killed half-way (power cut, SIGKILL) leaves its temporary file; one older than this
# belongs to no backup still running (a backup of a big till takes seconds).
STALE_TEMP = dt.timedelta(hours=1)


def _stale_temp(path: Path, now: dt.datetime) -> bool:
    if not (path.name.startswith(".bazaar-") and path.name.endswith(".tmp")):
        return False
    try:
        written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except OSError:
        return False
    return now - written > STALE_TEMP


def backup_database(
    db: Database, reason: BackupReason, *, now: dt.datetime | None = None
) -> BackupResult | None:
    """An automatic backup of ``db`` (its data folder is the file's folder), with the till's
    settings as policy. None for a database that is not an SQLite file (nothing to copy)."""
    database = database_file(db)
    if database is None:
        return None
    return make_backup(
        database, database.parent, reason, BackupPolicy.of(load_settings(db)), now=now
    )


# --- the two services that need a login ------------------------------------------------------


def back_up(db: Database, actor: Actor | None, *, till_code: str) -> BackupResult:
    """A backup asked for by somebody (``Action.BACKUP``), journaled with its file and check.
    Raises :class:`BackupFailed` (nothing journaled) when none could be written."""
    with db.read() as session:
        authorize_or_anonymous(session, actor, Action.BACKUP)
    result = backup_database(db, BackupReason.MANUAL)
    if result is None:
        raise BackupFailed(BackupFailure.NO_FILE, db.url)
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.BACKUP)
        log_action(
            session,
            AuditAction.BACKUP_MADE,
            till_code=till_code,
            actor=actor,
            subject=result.info.path.name,
            detail=_check_words(result.info.check),
        )
    return result


def _check_words(check: BackupCheck) -> str:
    if check.ok:
        return f"checked: whole; {check.sales} sales, last {check.last_receipt or '-'}"
    return f"checked: {check.problem} {check.detail}".strip()


# --- listing --------------------------------------------------------------------------------


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """Every backup in ``<data_dir>/backups``, newest first, each checked (a file is re-read
    only when it changed since the last check in this process)."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        name = parse_backup_name(path.name)
        if name is None or not path.is_file():
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue  # rotated away by a backup running meanwhile
        found.append(BackupInfo(path, name.created_at, name.reason, size, checked(path)))
    found.sort(key=lambda info: info.created_at, reverse=True)
    return found


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes every check, or None."""
    for info in list_backups(data_dir):
        if info.ok:
            return info
    return None


# --- restoring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    restored: Path  # the backup now in use
    kept_aside: Path | None  # the database file it replaced (None: there was none)
    check: BackupCheck


def restore_backup(
    db: Database,
    backup: Path,
    actor: Actor | None,
    *,
    till_code: str,
    now: dt.datetime | None = None,
    end_login: Callable[[], None] | None = None,
    authority: Database | None = None,
) -> RestoreResult:
    """Put ``backup`` in place of ``db``'s file (``Action.RESTORE``, an admin's).

    Refuses (:class:`BackupRefused`, nothing changed) a backup that fails :func:`check_backup`.
    The restore is journaled in the database it replaces (who, which backup) and in the
    restored one (the actor by name: the restored file's logins are its own). The replaced
    file, with its WAL, is moved to ``<data>/replaced/`` and never deleted; ``db`` is disposed
    (the caller opens the till again). ``end_login``: ends the actor's login before the file
    is put aside (the screen's and the command line's logout).

    ``authority``: where ``actor`` logged in and is checked when ``db``'s own file can no
    longer be read (deleted, emptied, damaged): a copy of a good backup, whose admins decide.
    By default ``db`` itself.
    """
    database = database_file(db)
    if database is None:
        raise BackupFailed(BackupFailure.NO_FILE, db.url)
    judge = authority or db
    with judge.read() as session:
        authorize_or_anonymous(session, actor, Action.RESTORE)
    check = check_backup(Path(backup))
    if not check.ok:
        assert check.problem is not None
        raise BackupRefused(Path(backup), check.problem, check.detail)
    at = now or dt.datetime.now(dt.UTC)
    data_dir = database.parent
    aside_name = backup_name(at, BackupReason.RESTORE)
    with judge.write() as session:
        authorize_or_anonymous(session, actor, Action.RESTORE)
        if authority is None:
            log_action(
                session,
                AuditAction.BACKUP_RESTORED,
                till_code=till_code,
                actor=actor,
                subject=Path(backup).name,
                detail=f"this file replaced; kept as replaced/{aside_name}",
            )
    if end_login is not None:
        end_login()
    db.dispose()
    kept = _put_aside(database, replaced_dir(data_dir), aside_name)
    _copy_into_place(Path(backup), database)
    # Brought to this version's schema now (the backup itself is the copy from before), so
    # that the entry below is written in the shape the models know.
    restored = Database.open(sqlite_url(database))
    try:
        with restored.write() as session:
            log_action(
                session,
                AuditAction.BACKUP_RESTORED,
                till_code=till_code,
                user_name=actor.display_name if actor else "",
                subject=Path(backup).name,
                detail=f"restored; the file it replaced is kept as replaced/{aside_name}"
                if kept is not None
                else "restored; there was no database file to replace",
            )
    finally:
        restored.dispose()
    return RestoreResult(Path(backup), kept, check)


def readable_for_restore(database: Path) -> bool:
    """Can the till's own file still say who may restore over it? A file whose journal is
    broken still opens and has its admins; a missing, emptied or damaged one does not (then
    the backup's accounts decide: :func:`backup_as_authority`)."""
    if not database.exists():
        return False
    return check_backup(database).problem in (None, BackupProblem.JOURNAL_BROKEN)


@contextmanager
def backup_as_authority(backup: Path) -> Iterator[Database]:
    """A throw-away copy of ``backup``, opened (migrated, in the copy only), whose accounts
    decide who may restore it when the till's own file cannot be read: an admin logs in there
    (their wrong PINs count towards the lockout there while the copy is open), the backup
    itself is never written. Pass it as ``authority`` to :func:`restore_backup`."""
    with tempfile.TemporaryDirectory(prefix="bazaar-restore-") as scratch:
        copy = Path(scratch) / "backup.sqlite3"
        shutil.copyfile(backup, copy)
        authority = Database.open(sqlite_url(copy), anonymous_setup=True)
        try:
            yield authority
        finally:
            authority.dispose()


def _copy_into_place(backup: Path, database: Path) -> None:
    """Copy ``backup`` to ``database`` atomically (0600): a crash leaves no half file. Through
    SQLite, not byte by byte: a file given in WAL mode brings what its ``-wal`` holds (what the
    check saw), not only its main file."""
    temp = _private_temp(database.parent, database.name)
    try:
        _snapshot(backup, temp, mode="ro")
        os.replace(temp, database)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_folder(database.parent)


def _put_aside(database: Path, folder: Path, name: str) -> Path | None:
    """Move the database file (and its ``-wal``/``-shm``, which belong to it by name) into
    ``folder`` as ``name``; checkpointed first so that the main file alone is whole. A stray
    WAL of a deleted file goes too: left beside the restored file, SQLite would replay it into
    a database it does not belong to."""
    sides = [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm")]
    if not database.exists() and not any(side.exists() for side in sides):
        return None
    aside = private_folder(folder) / name
    if database.exists():
        try:
            connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=rw", uri=True)
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
        except sqlite3.Error:
            pass  # a damaged file is kept as it is, with its WAL beside it
    if database.exists():
        os.replace(database, aside)
        if os.name == "posix":
            aside.chmod(FILE_MODE)
    for side in sides:
        if side.exists():
            os.replace(side, aside.with_name(aside.name + side.name[len(database.name) :]))
    return aside if aside.exists() else None


__all__ = [
    "BackupCheck",
    "BackupFailed",
    "BackupFailure",
    "BackupInfo",
    "BackupNote",
    "BackupPolicy",
    "BackupProblem",
    "BackupReason",
    "BackupRefused",
    "BackupResult",
    "BackupWarning",
    "FileProblem",
    "RestoreResult",
    "back_up",
    "backup_as_authority",
    "backup_database",
    "check_backup",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "readable_for_restore",
    "restore_backup",
]
