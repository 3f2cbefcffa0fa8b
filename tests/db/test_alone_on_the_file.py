"""A long job knows whether anybody else has its SQLite file open (then it pauses between its
batches to let the tills in) or not (an office laptop merging alone: no pauses)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bazaar_pos.db import Database
from bazaar_pos.db.batched_write import others_use_the_file
from bazaar_pos.db.engine import sqlite_url

# The kernel is asked through Linux's F_GETLK (the layout of struct flock differs elsewhere):
# these run on Linux, where CI runs; elsewhere the answer is always "yes" (tested below).
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the kernel is asked through Linux's F_GETLK"
)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    with db.write() as session:
        session.connection().exec_driver_sql("CREATE TABLE t (x INTEGER)")
    yield db
    db.dispose()


@linux_only
def test_a_job_alone_on_its_file_is_told_so(database: Database) -> None:
    assert not others_use_the_file(database)


@linux_only
def test_another_process_with_the_file_open_is_seen_and_gone_once_it_is_killed(
    database: Database,
) -> None:
    path = str(database.engine.url.database)
    reader = (
        "import sqlite3, time\n"
        f"c = sqlite3.connect({path!r}); c.execute('SELECT 1 FROM t').fetchall()\n"
        "print('open', flush=True); time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", reader], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        assert others_use_the_file(database)
    finally:
        child.kill()
        child.wait()
    assert not others_use_the_file(database)  # the kernel dropped the dead process's locks


@linux_only
def test_a_second_database_on_the_file_in_this_process_counts_as_a_till(
    database: Database,
) -> None:
    till = Database(str(database.engine.url), anonymous_setup=True)
    with till.read() as session:
        session.connection().exec_driver_sql("SELECT 1 FROM t").fetchall()
    assert others_use_the_file(database)
    till.dispose()
    assert not others_use_the_file(database)


@linux_only
def test_a_connection_of_the_same_database_in_use_counts_as_a_till(database: Database) -> None:
    with database.read() as session:  # a sale on the app's own engine, waiting for the lock
        session.connection().exec_driver_sql("SELECT 1 FROM t").fetchall()
        assert others_use_the_file(database)
    assert not others_use_the_file(database)


def test_where_the_kernel_cannot_be_asked_the_job_behaves_as_if_tills_were_selling(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert others_use_the_file(database)  # so the merge keeps pausing between its batches
