"""The WAL is folded back into the database file after long work (an import, an export), so a
till that keeps writing does not keep the ``-wal`` file growing."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bazaar_pos.catalog.csv_file import export_catalog_csv
from bazaar_pos.db import Database

pytestmark = pytest.mark.sqlite_only("folding SQLite's WAL back into the database file")


def rows_in_the_file_itself(db: Database, tmp_path: Path) -> int:
    """The test rows the database file holds without its WAL: a copy of the file alone."""
    copy = tmp_path / "without-wal.sqlite3"
    shutil.copyfile(str(db.engine.url.database), copy)
    with closing(sqlite3.connect(copy)) as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM settings WHERE key LIKE 'wal_test_%'"
            ).fetchone()[0]
        )


def grow_the_wal(db: Database) -> None:
    with closing(sqlite3.connect(str(db.engine.url.database))) as connection:
        # what was written so far (the schema, the demo) goes into the file first
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA wal_autocheckpoint=0")
        connection.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [(f"wal_test_{n}", "x" * 500) for n in range(300)],
        )
        connection.commit()


def test_checkpoint_copies_the_wal_into_the_file(db: Database, tmp_path: Path) -> None:
    grow_the_wal(db)
    assert rows_in_the_file_itself(db, tmp_path) == 0  # only in the WAL so far
    db.checkpoint()
    assert rows_in_the_file_itself(db, tmp_path) == 300


def test_a_catalog_export_checkpoints_after_its_long_read(db: Database, tmp_path: Path) -> None:
    grow_the_wal(db)
    assert rows_in_the_file_itself(db, tmp_path) == 0
    export_catalog_csv(db, tmp_path / "katalog.csv")
    assert rows_in_the_file_itself(db, tmp_path) == 300
