"""Opening a till: data folder, database (migrated on start), the journal's check, and the demo
event on first start."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bazaar_pos.db import Database, journal
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.files import PRIVATE_FOLDER_MODE, make_private, make_tree_private
from bazaar_pos.paths import database_path, default_data_dir, receipts_dir

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

    @property
    def receipts_dir(self) -> Path:
        return receipts_dir(self.data_dir)


def open_till(
    data_dir: Path | None = None,
    db_url: str | None = None,
    *,
    seed_demo: bool = True,
    anonymous_setup: bool = False,
) -> Till:
    """Open (creating and migrating if needed) the till's database and check its journal.

    ``db_url`` may be any SQLAlchemy URL; by default an SQLite file in ``data_dir`` (the user
    data folder unless given). A database created now gets the demo event, for training.
    ``anonymous_setup``: see :class:`~bazaar_pos.db.engine.Database` (never for the window).
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    data_dir.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    # Only the till's user reads the data (PIN hashes, every sale): the folder 0700, every file
    # in it 0600, also those made before (the process's umask covers the new ones).
    make_tree_private(data_dir)
    url = db_url or sqlite_url(database_path(data_dir))
    db = Database.open(url, anonymous_setup=anonymous_setup)
    if db.is_sqlite and db.engine.url.database not in (None, "", ":memory:"):
        # Created just now (by a caller without the private umask) or outside the data folder
        # (--db): SQLite gives its -wal and -shm the database file's mode.
        database = Path(str(db.engine.url.database))
        for suffix in ("", "-wal", "-shm"):
            make_private(database.with_name(database.name + suffix))
    if seed_demo and db.created:
        from bazaar_pos.demo.event import seed_demo_event

        seed_demo_event(db)
    return Till(db=db, data_dir=data_dir, journal=check_journal(db))


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
