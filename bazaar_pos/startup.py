"""Opening a till: data folder, the checks of its database file (identity, damage, schema
version, read-only), the database (migrated on start), a catalog import that died half-way
undone, the journal's check, and what a new database is (a till or an office; the demo event
only for a till that asked for it)."""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bazaar_pos.db import Database, journal
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.db.faults import DatabaseFault, FaultReason, database_fault
from bazaar_pos.db.file_identity import (
    new_database_uuid,
    read_database_uuid,
    read_marker,
    store_database_uuid,
    write_marker,
)
from bazaar_pos.db.migrate import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    current_revision,
    upgrade_to_head,
)
from bazaar_pos.errors import PosError
from bazaar_pos.files import PRIVATE_FOLDER_MODE, is_private, make_private, make_tree_private
from bazaar_pos.paths import database_path, default_data_dir, receipts_dir
from bazaar_pos.settings import TillSettings, load_settings, mark_new_database

if TYPE_CHECKING:
    from bazaar_pos.catalog.till_identity import DatabaseSetup
    from bazaar_pos.people.access import Actor

# Links per chain the start-up check re-hashes (the last hours of a busy till); the counts of
# records against links cover the rest cheaply. ``bazaar-pos verify`` walks everything.
JOURNAL_TAIL = 200


@dataclass(frozen=True)
class JournalAtStart:
    """What the start-up check of the tamper-evident journal found."""

    breaks: tuple[journal.Break, ...]  # empty: the tails and counts are whole
    chained_at_upgrade: int  # records from before the journal chained at this start
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def first(self) -> journal.Break | None:
        return self.breaks[0] if self.breaks else None


@dataclass(frozen=True)
class Till:
    db: Database
    data_dir: Path
    journal: JournalAtStart | None = None  # None: a database without the journal
    damage_check: DamageCheck | None = None  # running in the background (the app's start)

    @property
    def receipts_dir(self) -> Path:
        return receipts_dir(self.data_dir)


def open_till(
    data_dir: Path | None = None,
    db_url: str | None = None,
    *,
    seed_demo: bool = False,
    new_database: DatabaseSetup | None = None,
    require_choice: bool = False,
    anonymous_setup: bool = False,
    full_check: bool = False,
    check_later: bool = False,
    this_till: str = "",
) -> Till:
    """Open (creating and migrating if needed) the till's database and check its journal.

    ``this_till``: this installation's till code on a database shared on a server (``db_url``
    PostgreSQL, tills on the LAN selling into it); kept in the data folder, so later starts
    need it no more (:func:`installation_till_code`).

    ``db_url``: SQLite or PostgreSQL (the two the code and the tests run on); by default an
    SQLite file in ``data_dir`` (the user data folder unless given). What a database created
    now is: ``new_database`` (a till or an office, :func:`set_up_new_database`; needs
    ``anonymous_setup``, nobody can log in yet);
    else ``seed_demo`` (tests, benchmarks: a till with the default code and the demo event);
    else nothing chosen (``settings.PENDING``: the window asks its first admin). A real user
    never gets demo data without asking. ``require_choice`` (the command line): a database
    that does not exist yet is refused (:class:`NewDatabaseUndecided`, nothing created) unless
    ``new_database`` says what it is. ``new_database`` on a database that exists: applied if it
    was never set up, accepted if it agrees (a script run again), else refused
    (``AlreadySetUp``). ``anonymous_setup``: see :class:`~bazaar_pos.db.engine.Database`
    (never for the window).

    Before anything is written the file is checked (:func:`check_database`; ``full_check``:
    ``PRAGMA integrity_check`` instead of ``quick_check``); a problem raises
    :class:`TillCannotOpen`, with nothing changed on disk. ``check_later`` (the app): the
    ``quick_check`` of a database at the current schema runs in the background while the
    window is built (:class:`DamageCheck`), and every write waits for it. A catalog import
    whose process died is undone (:func:`undo_interrupted_import`).
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    try:
        data_dir.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise TillCannotOpen(_folder_problem(error), data_dir, str(error)) from error
    path = database_path(data_dir) if db_url is None else None
    if path is not None:
        check_files(data_dir, path)
    # Only the till's user reads the data (PIN hashes, every sale): the folder 0700, every file
    # in it 0600, also those made before (the process's umask covers the new ones). After the
    # checks: a read-only file or folder is told as such, not made writable by this chmod.
    # The walk over every receipt and backup runs only while the folder is not private yet
    # (the first start of this version, a folder copied in): it leaves it 0700, and what is
    # written afterwards is private through the umask, so later starts skip it.
    if not is_private(data_dir):
        make_tree_private(data_dir)
    url = db_url or sqlite_url(database_path(data_dir))
    undecided = require_choice and new_database is None and not seed_demo
    if undecided and _no_database_file(url):  # before SQLite makes the file
        raise NewDatabaseUndecided(path or Path(url))
    db = Database(
        url,
        anonymous_setup=anonymous_setup,
        installation_till_code=installation_till_code(data_dir, db_url, this_till),
    )
    try:
        # Later only for a file that needs no migration: a damaged file is never migrated.
        later = (
            check_later
            and not full_check
            and path is not None
            and db.file_watch is not None
            and current_revision(db.engine) == HEAD_REVISION
        )
        check_database(
            db, data_dir if path is not None else None, full=full_check, damage=not later
        )
        damage_check = None
        if later and path is not None and db.file_watch is not None:
            damage_check = DamageCheck(path, data_dir)
            db.file_watch.gate = damage_check.wait_for_writes
        if undecided and current_revision(db.engine) is None:  # a server's empty database
            raise NewDatabaseUndecided(path or Path(url))
        db.created = upgrade_to_head(db.engine, _backup_before_migration(url))
        if db.file_watch is not None:
            # Created just now (by a caller without the private umask) or outside the data
            # folder (--db): SQLite gives its -wal and -shm the database file's mode.
            database = db.file_watch.path
            for suffix in ("", "-wal", "-shm"):
                make_private(database.with_name(database.name + suffix))
        if path is not None:
            settle_identity(db, data_dir)
        else:
            own_database_uuid(db)  # a server's database has no folder marker to agree with
        if not db.created:
            undo_interrupted_import(db)
        if db.created and seed_demo and new_database is None:
            from bazaar_pos.demo.event import seed_demo_event

            seed_demo_event(db)  # a till: a database without the kind setting is one
        elif db.created:
            with db.write() as session:
                mark_new_database(session)
        if new_database is not None:
            settings = load_settings(db)
            if settings.is_pending:
                set_up_new_database(db, new_database, actor=None)
            else:
                from bazaar_pos.catalog.till_identity import AlreadySetUp, setup_agrees

                if not setup_agrees(settings, new_database):
                    raise AlreadySetUp(settings.database_kind, settings.till_code, new_database)
        return Till(db, data_dir, check_journal(db), damage_check)
    except (SQLAlchemyError, sqlite3.Error) as error:
        db.dispose()
        raise _cannot_open(error, path or Path(url)) from error
    except BaseException:
        db.dispose()
        raise


def set_up_new_database(db: Database, setup: DatabaseSetup, *, actor: Actor | None) -> TillSettings:
    """Make a database not set up yet a till or an office (first start: the window's form as
    its first admin, or the command line's ``--new-database`` before anybody can log in).

    Everything is checked before anything is written; then a till that asked for it gets the
    demo event (its institutions count as there for the check), and the choice is stored and
    journaled (``catalog.till_identity.apply_setup``). An office never gets demo data.
    """
    from bazaar_pos.catalog.till_identity import apply_setup, check_setup
    from bazaar_pos.demo.event import demo_institution_codes, seed_demo_event

    demo_codes = demo_institution_codes() if setup.demo else frozenset()
    checked = check_setup(db, setup, also_known=demo_codes)
    if checked.demo:
        seed_demo_event(db)
    return apply_setup(db, checked, actor=actor)


class NewDatabaseUndecided(PosError):
    """A command was run where no database is yet, and nothing says what the new one is to be:
    nothing is made (an office made by mistake as a till, with demo data, is what broke the
    office's figures before)."""

    def __init__(self, where: Path) -> None:
        super().__init__(
            f"{where}: no database here yet, and a new database is a till or an office: say "
            "which with --new-database office (gathers the tills' exports, makes the reports) "
            "or --new-database till --institution CODE [--institution-name NAME] "
            "[--till-code CODE] [--demo]; nothing was created"
        )
        self.where = where


def _no_database_file(url: str) -> bool:
    """An SQLite URL whose file is not there yet (or empty: SQLite made it and nothing more);
    a server's database is asked after connecting (``current_revision``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    name = parsed.database or ""
    if not name or name == ":memory:":
        return True
    try:
        return Path(name).stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False  # told by the checks that follow


def _backup_before_migration(url: str) -> Callable[[str], None]:
    """A backup of the file before its schema is upgraded: a failed upgrade, or a new version
    that turns out wrong, can always go back to the file as it was. No backup, no upgrade."""

    def backup(_revision: str) -> None:
        from bazaar_pos.backup import BackupReason, make_backup

        name = make_url(url).database
        if make_url(url).get_backend_name() != "sqlite" or not name or name == ":memory:":
            return
        path = Path(name)
        # The settings table may not exist in a very old schema: the default policy is used.
        make_backup(path, path.parent, BackupReason.MIGRATION)

    return backup


def undo_interrupted_import(db: Database) -> None:
    """A catalog import or a merge of another till's export whose process died half-way (a
    power cut, a killed app) is undone now, journaled as such, not left half-written until
    somebody imports again: the till would sell from a catalog nobody chose, and the papers
    would show half an export (they refuse while a merge's marker is there). An import still
    running (its marker's heartbeat is fresh, or its process on this machine is alive) is left
    alone: it belongs to another till on the same file. After the migration and the identity
    check: only this till's own file, in the shape the undo knows, is written. The jobs'
    modules (the whole merge) are imported only when a marker is there: ~100 ms of every start
    otherwise. Their leftover undo logs without a marker are removed by the next import."""
    from bazaar_pos.db.batched_write import CATALOG_MARKER_KEY, MERGE_MARKER_KEY, running_jobs

    running = running_jobs(db)
    try:
        if CATALOG_MARKER_KEY in running:
            from bazaar_pos.catalog.import_undo import recover_interrupted_import

            recover_interrupted_import(db)
        if MERGE_MARKER_KEY in running:
            from bazaar_pos.sync.merge_undo import recover_interrupted_merge

            recover_interrupted_merge(db)
    except OSError as error:  # its undo log cannot be read: said, not a traceback
        raise TillCannotOpen(
            OpenProblem.UNREACHABLE, Path(error.filename or db.url), str(error)
        ) from error


def check_journal(db: Database, tail: int = JOURNAL_TAIL) -> JournalAtStart | None:
    """Chain the records from before the journal (once, after the upgrade), then check the
    tail of each chain and the counts of records against links."""
    if not db.is_sqlite:
        return None
    started = time.perf_counter()
    with db.read() as session:
        connection = session.connection()
        if not journal.has_journal(connection):
            return None
        upgrade = journal.upgrade_pending(connection)
    chained = 0
    if upgrade:
        with db.write() as session:
            chained = journal.seal_upgrade(session)
    with db.read() as session:
        found = journal.tail_walk(session.connection(), tail)
    firsts = journal.first_breaks(found.breaks).values()
    ordered = tuple(sorted(firsts, key=lambda item: (item.till_id == journal.OUTSIDE, item.order)))
    return JournalAtStart(ordered, chained, time.perf_counter() - started)


# --------------------------------------------------------------- the database file (identity)


class OpenProblem(StrEnum):
    """Why start-up refuses a till's database (each has its sentence: what is wrong, what to do)."""

    DATABASE_MISSING = "database_missing"  # the folder held a till (marker) but the file is gone
    DATABASE_EMPTY = "database_empty"  # … the file is there but empty
    OTHER_DATABASE = "other_database"  # the file is another till's database (another UUID)
    DAMAGED = "damaged"  # not a database, or quick_check / integrity_check found damage
    NEWER_SCHEMA = "newer_schema"  # written by a newer Bazaar POS
    READ_ONLY_FILE = "read_only_file"
    READ_ONLY_FOLDER = "read_only_folder"  # SQLite's WAL needs to write beside the file
    UNREACHABLE = "unreachable"  # the folder or file cannot be read (I/O error, gone)


class TillCannotOpen(PosError):
    """Start-up refuses the database; nothing was written. ``backup``: the newest good backup
    of the folder, if there is one, for the sentence that says how to restore it."""

    def __init__(
        self, problem: OpenProblem, path: Path, detail: str = "", backup: Path | None = None
    ) -> None:
        message = f"{path}: cannot open the till's database ({problem}): {_WHAT[problem]}"
        if detail:
            message += f" [{detail}]"
        if problem in _RESTORABLE:
            if backup is not None:
                message += f"; newest good backup: {backup} (bazaar-pos restore {backup})"
            else:
                message += "; no good backup found: call an admin"
        super().__init__(message)
        self.problem = problem
        self.path = path
        self.detail = detail
        self.backup = backup


# What the command line's one line says after the problem's name (the screens have sentences
# of their own, translated, in ui/database_messages.py).
_WHAT = {
    OpenProblem.DATABASE_MISSING: "this folder held a till's data but the database file is gone; "
    "not starting a new till",
    OpenProblem.DATABASE_EMPTY: "this folder held a till's data but the database file is empty; "
    "not starting a new till",
    OpenProblem.OTHER_DATABASE: "the file is another till's database (its id is not the one in "
    "bazaar.id); put the right file back, or remove bazaar.id if the move was meant",
    OpenProblem.DAMAGED: "the file is damaged",
    OpenProblem.NEWER_SCHEMA: "written by a newer Bazaar POS; install the newest version "
    "(the file was not changed)",
    OpenProblem.READ_ONLY_FILE: "the file is read-only: no sale could be saved; an admin must "
    "make it writable",
    OpenProblem.READ_ONLY_FOLDER: "the folder is read-only: no sale could be saved; an admin "
    "must make it writable or choose another folder",
    OpenProblem.UNREACHABLE: "the file cannot be read; call an admin",
}
_RESTORABLE = frozenset(
    {OpenProblem.DATABASE_MISSING, OpenProblem.DATABASE_EMPTY, OpenProblem.DAMAGED}
)


# SQLite's first 16 bytes; anything else at the start is not a database (a bad header).
SQLITE_HEADER = b"SQLite format 3\x00"
# How many lines of quick_check's answer a refusal carries (the first one names the damage).
DAMAGE_LINES = 3


def newest_good_backup(data_dir: Path) -> Path | None:
    """The newest backup of ``data_dir`` that passes its checks, to name in a refusal (None:
    there is none, or the backups cannot be read; the sentence then says to call an admin)."""
    from bazaar_pos import backup

    try:
        found = backup.newest_good_backup(data_dir)
    except OSError:
        return None
    return found.path if found is not None else None


def check_files(data_dir: Path, path: Path) -> None:
    """What the files say before SQLite opens anything: a folder that held a till (its marker)
    never silently becomes a new till; a read-only file or folder is told at once, not at the
    first payment; a file that does not start as SQLite's is damaged."""
    marked = read_marker(data_dir) is not None
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = None
    except OSError as error:
        raise TillCannotOpen(OpenProblem.UNREACHABLE, path, str(error)) from error
    if marked and size is None:
        raise TillCannotOpen(
            OpenProblem.DATABASE_MISSING, path, backup=newest_good_backup(data_dir)
        )
    if marked and size == 0:
        raise TillCannotOpen(OpenProblem.DATABASE_EMPTY, path, backup=newest_good_backup(data_dir))
    if not os.access(data_dir, os.W_OK):
        raise TillCannotOpen(OpenProblem.READ_ONLY_FOLDER, data_dir)
    if size is not None and not os.access(path, os.W_OK):
        raise TillCannotOpen(OpenProblem.READ_ONLY_FILE, path)
    if size:
        try:
            with open(path, "rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise TillCannotOpen(OpenProblem.UNREACHABLE, path, str(error)) from error
        if header != SQLITE_HEADER:
            raise TillCannotOpen(
                OpenProblem.DAMAGED,
                path,
                "not an SQLite database (bad header)",
                newest_good_backup(data_dir),
            )


def known_revisions() -> frozenset[str]:
    """The schema revisions this version ships (each migration file is named after its id)."""
    return frozenset(
        script.stem
        for script in (MIGRATIONS_DIR / "versions").glob("[0-9]*.py")
        if script.is_file()
    )


def check_database(
    db: Database, data_dir: Path | None, *, full: bool = False, damage: bool = True
) -> None:
    """``PRAGMA quick_check`` (or ``integrity_check``; ``damage`` False: left to a
    :class:`DamageCheck`), then the schema version: newer than this app is refused (older is
    migrated afterwards). ``data_dir``: the folder of a till's own file, whose marker forbids
    starting over on an empty database."""
    # On a server (--db URL) the server keeps its own pages; the schema version is checked
    # there too: an older app never writes into a database a newer one has upgraded.
    path = (
        Path(db.engine.url.database or "")
        if db.is_sqlite
        else Path(db.engine.url.render_as_string(hide_password=True))
    )
    if damage and db.is_sqlite:
        with db.engine.connect() as connection:
            pragma = "integrity_check" if full else "quick_check"
            found = [str(row[0]) for row in connection.exec_driver_sql(f"PRAGMA {pragma}")]
        if found != ["ok"]:
            raise _damaged(path, found, data_dir)
    revision = current_revision(db.engine)
    if revision is not None and revision not in known_revisions():
        raise TillCannotOpen(OpenProblem.NEWER_SCHEMA, path, revision)
    if revision is None and data_dir is not None and read_marker(data_dir) is not None:
        raise TillCannotOpen(OpenProblem.DATABASE_EMPTY, path, backup=newest_good_backup(data_dir))


# This installation's till code on a shared database, in its data folder (one line).
THIS_TILL_FILE = "this-till.txt"


def installation_till_code(data_dir: Path, db_url: str | None, given: str = "") -> str:
    """This installation's till code on a database shared on a server: ``given`` now (kept in
    the data folder for the next start), else the one kept there; "" on a till's own file
    (SQLite: its code is in its settings, one till per file)."""
    if db_url is None or make_url(db_url).get_backend_name() == "sqlite":
        return ""
    kept = data_dir / THIS_TILL_FILE
    if given:
        kept.write_text(given + "\n", encoding="utf-8")
        make_private(kept)
        return given
    try:
        return kept.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def own_database_uuid(db: Database) -> str:
    """The database's UUID, made now on a database without one."""
    with db.engine.connect() as connection:
        stored = read_database_uuid(connection)
    if stored is None:
        stored = new_database_uuid()
        with db.engine.begin() as connection:
            store_database_uuid(connection, stored)
    return stored


def settle_identity(db: Database, data_dir: Path) -> str:
    """The database's UUID, made now on a database without one, and the folder's marker,
    written when missing. A database whose UUID is not the marker's is another till's file put
    in this folder: refused (the marker is removed by hand when that was meant)."""
    marker = read_marker(data_dir)
    with db.engine.connect() as connection:
        stored = read_database_uuid(connection)
    if stored is not None and marker and marker != stored:
        raise TillCannotOpen(OpenProblem.OTHER_DATABASE, Path(db.engine.url.database or ""))
    if stored is None:
        # A database from before identities: it takes the folder's UUID if the folder has one
        # (it is the file that was found there), else a new one.
        stored = marker or new_database_uuid()
        with db.engine.begin() as connection:
            store_database_uuid(connection, stored)
    if marker != stored:
        write_marker(data_dir, stored)
    return stored


def _folder_problem(error: OSError) -> OpenProblem:
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return OpenProblem.READ_ONLY_FOLDER
    return OpenProblem.UNREACHABLE


def _cannot_open(error: SQLAlchemyError | sqlite3.Error, path: Path) -> PosError:
    """A database error while opening, as the refusal it means: a damaged or read-only file as
    :class:`TillCannotOpen`, anything else (a full disk, a lock held too long) as the
    :class:`~bazaar_pos.db.faults.DatabaseFault` it is."""
    fault = database_fault(error)
    if fault is None:
        return TillCannotOpen(OpenProblem.UNREACHABLE, path, str(error))
    if fault.reason is FaultReason.DAMAGED:
        return TillCannotOpen(OpenProblem.DAMAGED, path, fault.detail)
    if fault.reason is FaultReason.READ_ONLY:
        return TillCannotOpen(OpenProblem.READ_ONLY_FILE, path, fault.detail)
    if fault.reason is FaultReason.CANNOT_OPEN:
        return TillCannotOpen(OpenProblem.UNREACHABLE, path, fault.detail)
    return fault


def _damaged(path: Path, found: list[str], data_dir: Path | None) -> TillCannotOpen:
    backup = newest_good_backup(data_dir) if data_dir is not None else None
    # One line: a line of quick_check's answer may itself hold a newline ("*** in database
    # main ***\nPage 159: …"), and the command line's refusal is one line on stderr.
    detail = " ".join("; ".join(found[:DAMAGE_LINES]).split())
    return TillCannotOpen(OpenProblem.DAMAGED, path, detail, backup)


class DamageCheck:
    """``PRAGMA quick_check`` on a connection of its own, in a thread, while the window is built.

    It reads the whole file (~0.3 s on a till of 100,000 products); SQLite lets go of Python's
    lock while it reads, so the window is built meanwhile. Every write waits for it first
    (:meth:`wait_for_writes`, the database's file watch calls it), so nothing is written on a
    file it has not passed; the app polls :attr:`finished` and shows :attr:`problem`.
    """

    def __init__(self, path: Path, data_dir: Path | None) -> None:
        self.path = path
        self.data_dir = data_dir
        self.problem: TillCannotOpen | None = None
        # Set by whoever told the damage when an admin then restored a backup over the file:
        # the till is to be opened again, on the restored file.
        self.restored = False
        self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self.path)
            try:
                found = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
            finally:
                connection.close()
        except sqlite3.Error as error:
            found = [str(error)]
        if found != ["ok"]:
            self.problem = _damaged(self.path, found, self.data_dir)

    @property
    def finished(self) -> bool:
        return not self._thread.is_alive()

    def wait(self) -> TillCannotOpen | None:
        self._thread.join()
        return self.problem

    def wait_for_writes(self) -> None:
        """Refuse the write (nothing saved) when the file turned out damaged."""
        problem = self.wait()
        if problem is not None:
            raise DatabaseFault(FaultReason.DAMAGED, "SQLITE_CORRUPT", problem.detail)
