"""Opening a till: data folder, database (migrated on start) and the demo event on first start."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.paths import database_path, default_data_dir, receipts_dir


@dataclass(frozen=True)
class Till:
    db: Database
    data_dir: Path

    @property
    def receipts_dir(self) -> Path:
        return receipts_dir(self.data_dir)


def open_till(
    data_dir: Path | None = None, db_url: str | None = None, *, seed_demo: bool = True
) -> Till:
    """Open (creating and migrating if needed) the till's database.

    ``db_url`` may be any SQLAlchemy URL; by default an SQLite file in ``data_dir`` (the user
    data folder unless given). A database created now gets the demo event, for training.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    db = Database.open(db_url or sqlite_url(database_path(data_dir)))
    if seed_demo and db.created:
        from bazaar_pos.demo.event import seed_demo_event

        seed_demo_event(db)
    return Till(db=db, data_dir=data_dir)
