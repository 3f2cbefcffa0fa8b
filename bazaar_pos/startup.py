"""Opening a till: data folder, database (migrated on start), the journal's check, and the demo
event on first start."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bazaar_pos.db import Database, journal
from bazaar_pos.db.engine import sqlite_url
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
    data_dir.mkdir(parents=True, exist_ok=True)
    url = db_url or sqlite_url(database_path(data_dir))
    db = Database.open(
        url, anonymous_setup=anonymous_setup, before_migration=_backup_before_migration(url)
    )
    if seed_demo and db.created:
        from bazaar_pos.demo.event import seed_demo_event

        seed_demo_event(db)
    return Till(db=db, data_dir=data_dir, journal=check_journal(db))


def _backup_before_migration(url: str) -> Callable[[str], None]:
    """A backup of the file before its schema is upgraded: a failed upgrade, or a new version
    that turns out wrong, can always go back to the file as it was. No backup, no upgrade."""

    def backup(_revision: str) -> None:
        from sqlalchemy.engine import make_url

        from bazaar_pos.backup import BackupReason, make_backup

        name = make_url(url).database
        if make_url(url).get_backend_name() != "sqlite" or not name or name == ":memory:":
            return
        path = Path(name)
        # The settings table may not exist in a very old schema: the default policy is used.
        make_backup(path, path.parent, BackupReason.MIGRATION)

    return backup


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
