"""Engine and session setup: the unit of work every service uses.

A service opens exactly one transaction per user action::

    with db.write() as session:   # BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error
        ...

Screens never hold a ``Session``; they call a service and refresh from the plain result.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from bazaar_pos.db.file_identity import FileWatch

# Wait this long for another writer (a second process on the same file) before failing.
BUSY_TIMEOUT_MS = 5000

# Key in every session's ``info``: may this opener work without a login while the database has
# no accounts? (``people.access.anonymous_allowed`` reads it; db/ may not import people/.)
ANONYMOUS_SETUP = "anonymous_setup"


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


@contextmanager
def driver_errors() -> Iterator[None]:
    """Errors of statements run on the driver connection, raised as SQLAlchemy's own
    (``sqlite3.OperationalError`` as ``sqlalchemy.exc.OperationalError`` …): callers and
    screens handle one family of database errors, whichever path a statement took."""
    try:
        yield
    except sqlite3.Error as error:
        raise DBAPIError.instance(None, None, error, sqlite3.Error) from error


def driver_connection(connection: Connection) -> Any:
    """The DBAPI (``sqlite3``) connection under a unit of work's connection: the same
    transaction, without SQLAlchemy's per-statement cost (for the sale's hot path)."""
    return connection.connection.driver_connection


class Database:
    """One database (embedded SQLite by default, any SQLAlchemy URL allowed).

    ``anonymous_setup``: the opener may work without a login (``actor=None``) while nobody can
    log in on this database: the command line on an office copy, the demo, tests, benchmarks.
    Off by default, and the app's window never turns it on: there the first admin account is
    made before anything else, so nobody sells or edits as "nobody" by cancelling that form.
    """

    def __init__(self, url: str, *, echo: bool = False, anonymous_setup: bool = False) -> None:
        self.url = url
        self.anonymous_setup = anonymous_setup
        self.engine = create_engine(url, echo=echo)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.created = False  # True when Database.open() found an empty database and built it
        write_engine: Engine = self.engine
        if self.is_sqlite:
            _install_sqlite_behaviour(self.engine)
            write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        info = {ANONYMOUS_SETUP: anonymous_setup}
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False, info=info)
        self._write_sessions = sessionmaker(write_engine, expire_on_commit=False, info=info)
        self.file_watch: FileWatch | None = None
        if self.is_sqlite:
            self._install_journal_hook()
            self._install_file_check()

    def _install_journal_hook(self) -> None:
        """Seal the tamper-evident journal in every write transaction, just before COMMIT.

        Each connection's temporary triggers list the chained records a transaction writes
        (:func:`bazaar_pos.db.journal.install_triggers`); the hook chains those
        (:func:`bazaar_pos.db.journal.seal_pending`) in the same transaction, so no service can
        forget it and a rolled-back write leaves no link. A database without the journal's
        tables (opened without migrating) is left alone.
        """
        from bazaar_pos.db import journal

        @event.listens_for(self._write_sessions, "before_commit")
        def _seal(session: Session) -> None:
            with driver_errors():  # the hook runs its statements on the driver connection
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
        """One write transaction (``BEGIN IMMEDIATE``); committed on success, else rolled back."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look; never commits (closing the session ends its transaction)."""
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
