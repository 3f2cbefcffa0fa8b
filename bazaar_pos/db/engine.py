"""Engine and session setup: the unit of work every service uses.

A service opens exactly one transaction per user action::

    with db.write() as session:   # BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error
        ...

On PostgreSQL the same unit of work takes the database's one write lock (an advisory lock)
first, so writers are serialised there as ``BEGIN IMMEDIATE`` serialises them on SQLite.

Screens never hold a ``Session``; they call a service and refresh from the plain result.
"""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.util.typing import TupleAny, Unpack

if TYPE_CHECKING:
    from bazaar_pos.db.file_identity import FileWatch

# Wait this long for another writer (a second process on the same file) before failing.
BUSY_TIMEOUT_MS = 5000

# Key in every session's ``info``: may this opener work without a login while the database has
# no accounts? (``people.access.anonymous_allowed`` reads it; db/ may not import people/.)
ANONYMOUS_SETUP = "anonymous_setup"
# Key in every session's ``info``: this installation's own till code on a database it shares
# with other tills (a server on the LAN), "" for a till's own file (its code is in its
# settings). ``settings.read_settings`` reads it.
INSTALLATION_TILL_CODE = "installation_till_code"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# Connections this process has open to each SQLite file, per engine (id): a long job alone on
# its file may skip the pauses that let tills in (batched_write.others_use_the_file), but a
# till in the same process (the app's sale screen, a second Database on the same file) holds
# no lock another process could see, so it is counted here.
OPEN_CONNECTIONS: dict[str, Counter[int]] = defaultdict(Counter)


def connections_of_others(engine: Engine) -> int:
    """Connections this process has open to ``engine``'s file through other engines, plus
    those of ``engine``'s own pool in use right now (a till's sale waiting for the lock)."""
    database = str(engine.url.database or "")
    others = sum(
        count for owner, count in OPEN_CONNECTIONS[database].items() if owner != id(engine)
    )
    checked_out = getattr(engine.pool, "checkedout", None)
    return others + (int(checked_out()) if callable(checked_out) else 0)


def _install_sqlite_behaviour(engine: Engine) -> None:
    """WAL, synchronous=FULL, foreign keys, busy timeout, and our own BEGIN.

    The standard ``sqlite3`` driver begins transactions lazily (at the first write), so two
    tills could both read a receipt counter before either writes it. We switch the driver's own
    transaction handling off and emit BEGIN ourselves: ``BEGIN IMMEDIATE`` for write units of
    work, a plain deferred ``BEGIN`` for reads (the recipe from SQLAlchemy's pysqlite docs).
    """
    memory = engine.url.database in (None, "", ":memory:")

    database = str(engine.url.database or "")

    @event.listens_for(engine, "close")
    def _on_close(_dbapi_connection: Any, _record: Any) -> None:
        OPEN_CONNECTIONS[database][id(engine)] -= 1

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        OPEN_CONNECTIONS[database][id(engine)] += 1
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        from bazaar_pos.db import journal

        # Before BEGIN (autocommit): the journal's temporary triggers of this connection.
        journal.install_triggers(conn)
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


# PostgreSQL: every write unit of work takes this transaction-scoped advisory lock as its
# first statement (``pg_advisory_xact_lock``), so write transactions run one at a time, as
# SQLite's ``BEGIN IMMEDIATE`` makes them. The services rely on that: a receipt counter, a
# journal chain's head, a stock check or "the one open shift" are read and then written in
# the same transaction, and no other writer may slip in between (READ COMMITTED alone would
# let two tills read the same chain head). The lock is released by COMMIT or ROLLBACK. One
# constant key for the whole database ("BAZAAR" in ASCII); readers never take it.
WRITE_LOCK_KEY = 0x42415A414152
_TAKE_WRITE_LOCK = f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"
# A long job on PostgreSQL (a merge, a catalog import: one transaction of minutes) takes this
# one instead at its start, so long jobs run one at a time, and the write lock only for its
# last step and its commit (:meth:`Database.long_write`): holding the write lock for minutes
# would stop every till on the server, as SQLite's one writer does (which is why the jobs
# run in short batches there).
JOB_LOCK_KEY = WRITE_LOCK_KEY + 1
_TAKE_JOB_LOCK = f"SELECT pg_advisory_xact_lock({JOB_LOCK_KEY})"
# Key in a write session's ``info``: the write lock waits for the last step (long_write).
_WRITE_LOCK_LATER = "write_lock_later"


def _driver_error_base(error: BaseException) -> type[Exception] | None:
    """The DBAPI's base error class when ``error`` is one (sqlite3, or psycopg when loaded)."""
    if isinstance(error, sqlite3.Error):
        return sqlite3.Error
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(error, psycopg.Error):
        return psycopg.Error  # type: ignore[no-any-return]
    return None


@contextmanager
def driver_errors() -> Iterator[None]:
    """Errors of statements run on the driver connection, raised as SQLAlchemy's own
    (``sqlite3.OperationalError`` as ``sqlalchemy.exc.OperationalError``, psycopg's
    ``UniqueViolation`` as ``sqlalchemy.exc.IntegrityError`` …): callers and screens handle
    one family of database errors, whichever path a statement took."""
    try:
        yield
    except Exception as error:
        base = _driver_error_base(error)
        if base is None:
            raise
        raise DBAPIError.instance(None, None, error, base) from error


@lru_cache(maxsize=512)
def format_sql(sql: str) -> str:
    """SQL written with ``?`` placeholders, in the ``%s`` style of psycopg (a literal ``%``
    doubled). The package's driver-level SQL is written with ``?`` and holds no ``?`` nor
    ``%`` of its own inside a string literal."""
    return sql.replace("%", "%%").replace("?", "%s")


class FormatDriver:
    """A psycopg connection with the part of the ``sqlite3`` connection's interface that the
    hot paths use (``execute``, ``executemany``), taking ``?`` placeholders."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return self.raw.execute(format_sql(sql), parameters)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        cursor = self.raw.cursor()
        cursor.executemany(format_sql(sql), rows)
        return cursor


def driver_connection(connection: Connection) -> Any:
    """The DBAPI connection under a unit of work's connection: the same transaction, without
    SQLAlchemy's per-statement cost (for the sale's hot path). Its ``execute(sql,
    parameters)`` and ``executemany`` take ``?`` placeholders on every backend: the
    ``sqlite3`` connection itself, or a :class:`FormatDriver` over psycopg's."""
    raw = connection.connection.driver_connection
    if connection.dialect.paramstyle == "qmark":
        return raw
    return FormatDriver(raw)


def run_sql(
    connection: Connection, sql: str, parameters: Sequence[Any] = ()
) -> CursorResult[Unpack[TupleAny]]:
    """``exec_driver_sql`` of SQL written with ``?`` placeholders, on any backend (a stand-in
    without a dialect, such as the tampering bench's bare sqlite3 connection, is SQLite)."""
    if getattr(getattr(connection, "dialect", None), "paramstyle", "qmark") != "qmark":
        sql = format_sql(sql)
    return connection.exec_driver_sql(sql, tuple(parameters))


def take_write_lock(session: Session) -> None:
    """In a :meth:`Database.long_write` on PostgreSQL: take the write lock now (held to the
    commit); a no-op elsewhere (every other write transaction holds it from its start)."""
    if session.info.get(_WRITE_LOCK_LATER, False):
        session.connection().exec_driver_sql(_TAKE_WRITE_LOCK)


def _install_postgresql_behaviour(engine: Engine) -> None:
    """What each PostgreSQL connection of the app gets: the journal's list of new records
    (:func:`bazaar_pos.db.journal.install_postgresql_list`), on its first transaction after
    the database has the journal's tables."""

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        from bazaar_pos.db import journal

        journal.install_postgresql_list(conn)


class Database:
    """One database (embedded SQLite by default, any SQLAlchemy URL allowed).

    ``anonymous_setup``: the opener may work without a login (``actor=None``) while nobody can
    log in on this database: the command line on an office copy, the demo, tests, benchmarks.
    Off by default, and the app's window never turns it on: there the first admin account is
    made before anything else, so nobody sells or edits as "nobody" by cancelling that form.
    """

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        anonymous_setup: bool = False,
        installation_till_code: str = "",
    ) -> None:
        self.url = url
        self.anonymous_setup = anonymous_setup
        self.installation_till_code = installation_till_code
        self.engine = create_engine(url, echo=echo)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.is_postgresql = self.engine.dialect.name == "postgresql"
        self.created = False  # True when Database.open() found an empty database and built it
        write_engine: Engine = self.engine
        read_engine: Engine = self.engine
        if self.is_sqlite:
            _install_sqlite_behaviour(self.engine)
            write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        elif self.is_postgresql:
            from bazaar_pos.db.models import add_postgresql_options

            add_postgresql_options()
            _install_postgresql_behaviour(self.engine)
            # A read sees one snapshot from its first statement to its end, as SQLite's read
            # transaction does (a report's totals and its lines agree; the merge plans in one).
            read_engine = self.engine.execution_options(isolation_level="REPEATABLE READ")
        info: dict[str, object] = {
            ANONYMOUS_SETUP: anonymous_setup,
            INSTALLATION_TILL_CODE: installation_till_code,
        }
        self._read_sessions = sessionmaker(read_engine, expire_on_commit=False, info=info)
        self._write_sessions = sessionmaker(write_engine, expire_on_commit=False, info=info)
        self.file_watch: FileWatch | None = None
        if self.is_postgresql:
            self._install_write_lock()
        if self.is_sqlite or self.is_postgresql:
            self._install_journal_hook()
        if self.is_sqlite:
            # SQLite only, on purpose: a file that can be deleted or replaced at its path.
            self._install_file_check()

    def _install_write_lock(self) -> None:
        """PostgreSQL: the write lock (:data:`WRITE_LOCK_KEY`) is the first statement of every
        write unit of work."""

        from bazaar_pos.db import balances, sales_summaries

        @event.listens_for(self._write_sessions, "after_begin")
        def _lock(session: Session, _transaction: Any, connection: Connection) -> None:
            later = session.info.get(_WRITE_LOCK_LATER, False)
            connection.exec_driver_sql(_TAKE_JOB_LOCK if later else _TAKE_WRITE_LOCK)
            if later:  # its stock balances and sales summaries change at its commit
                balances.balances_at_commit(connection)
                sales_summaries.summaries_at_commit(connection)

    def _install_journal_hook(self) -> None:
        """Seal the tamper-evident journal in every write transaction, just before COMMIT.

        Each connection's temporary triggers list the chained records a transaction writes
        (:func:`bazaar_pos.db.journal.install_triggers`; on PostgreSQL the stored triggers of
        the migration list them in the connection's temporary table); the hook chains those
        (:func:`bazaar_pos.db.journal.seal_pending`) in the same transaction, so no service can
        forget it and a rolled-back write leaves no link. A database without the journal's
        tables (opened without migrating) is left alone.
        """
        from bazaar_pos.db import balances, journal, sales_summaries

        @event.listens_for(self._write_sessions, "before_commit")
        def _seal(session: Session) -> None:
            with driver_errors():  # the hook runs its statements on the driver connection
                if session.info.get(_WRITE_LOCK_LATER, False):
                    take_write_lock(session)  # the chain head, as every writer reads it
                    balances.apply_at_commit(session.connection())
                    sales_summaries.apply_at_commit(session.connection())
                journal.seal_pending(session)

    def _install_file_check(self) -> None:
        """Refuse every write transaction once the database file was deleted or replaced at its
        path (:mod:`bazaar_pos.db.file_identity`): the file's identity is recorded by the first
        connection, and checked when a write session begins, before any statement of it runs.
        """
        from bazaar_pos.db.file_identity import FileWatch

        database = self.engine.url.database
        if database in (None, "", ":memory:") or database.startswith("file:"):
            return
        watch = self.file_watch = FileWatch(Path(database))

        @event.listens_for(self.engine, "connect")
        def _record(_dbapi_connection: Any, _record: Any) -> None:
            watch.record()

        @event.listens_for(self._write_sessions, "after_begin")
        def _check(_session: Session, _transaction: Any, _connection: Connection) -> None:
            watch.check()

    @classmethod
    def open(
        cls,
        url: str,
        *,
        migrate: bool = True,
        anonymous_setup: bool = False,
        before_migration: Callable[[str], None] | None = None,
    ) -> Database:
        """``before_migration(revision)``: called before a database holding data is upgraded
        (see :func:`bazaar_pos.db.migrate.upgrade_to_head`)."""
        db = cls(url, anonymous_setup=anonymous_setup)
        if migrate:
            from bazaar_pos.db.migrate import upgrade_to_head

            db.created = upgrade_to_head(db.engine, before_migration)
        return db

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (``BEGIN IMMEDIATE``; on PostgreSQL the write lock first);
        committed on success, else rolled back."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def long_write(self) -> Iterator[Session]:
        """One long write transaction: a merge or a catalog import on PostgreSQL, all or
        nothing by the database's own rollback. There it takes the jobs' lock
        (:data:`JOB_LOCK_KEY`: one long job at a time), not the write lock: tills keep
        committing while it inserts rows nobody else writes. The job calls
        :func:`take_write_lock` before its last step (what it reads and writes that tills also
        write: receipt counters, audit entries), and the commit takes it in any case, for the
        journal's chain head; the stock balances of the movements it wrote change there too
        (:mod:`bazaar_pos.db.balances`). On SQLite this is :meth:`write` (its jobs write short
        batches instead: the file has one writer)."""
        if not self.is_postgresql:
            with self.write() as session:
                yield session
            return
        with (
            self._write_sessions(info={_WRITE_LOCK_LATER: True}) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look; never commits (closing the session ends its transaction). One
        snapshot throughout (REPEATABLE READ on PostgreSQL)."""
        with self._read_sessions() as session:
            yield session

    def checkpoint(self) -> None:
        """Copy the WAL back into the database file without waiting for anybody
        (``PRAGMA wal_checkpoint(PASSIVE)``), after long work (an import, an export), so the
        ``-wal`` file does not keep growing while tills keep writing. Readers of an older
        snapshot are not waited for: what they still need stays in the WAL for next time."""
        if self.is_sqlite and self.engine.url.database not in (None, "", ":memory:"):
            # On the driver's connection, outside any transaction (a checkpoint inside one
            # could not pass this connection's own read snapshot).
            connection = self.engine.raw_connection()
            try:
                connection.driver_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA wal_checkpoint(PASSIVE)"
                ).fetchall()
            finally:
                connection.close()

    def dispose(self) -> None:
        self.engine.dispose()
