"""Faults of the database file, each made for real and each told as a typed error: a full disk,
a read-only file or folder, a lock held by another process, a damaged file, a schema newer than
the app. Every refused sale leaves no trace of itself."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import SQLAlchemyError

import bazaar_pos.db.engine
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.cli.commands import main
from bazaar_pos.db import Database
from bazaar_pos.db.faults import DatabaseFault, FaultReason, database_fault
from bazaar_pos.demo.bulk import generate_demo_data
from bazaar_pos.paths import database_path
from bazaar_pos.startup import OpenProblem, Till, TillCannotOpen, open_till
from bazaar_pos.till.cart import Cart
from bazaar_pos.till.sales import PaymentRequest, SaleResult, commit_sale, lines_from_cart
from tests.conftest import zero_a_page_the_start_does_not_read

TALENAN = "2003000000030"  # Rp 45.000 in assets/demo_catalog.csv
PAGE = 4096  # SQLite's default page size, what the damage below is measured in
# A database error reaches the caller as SQLAlchemy's, or as the driver's when the journal's
# seal at COMMIT runs on the driver connection: database_fault reads both.
DATABASE_ERRORS = (SQLAlchemyError, sqlite3.Error)


def sell(db: Database) -> SaleResult:
    cart = Cart()
    cart.add(find_by_code(db, TALENAN), 1)
    return commit_sale(
        db,
        lines_from_cart(cart),
        PaymentRequest("cash"),
        cashier="Siti Rahmawati",
        till_code="BPN1",
        event_id=None,
    )


def counts(db: Database) -> tuple[int, int, int]:
    """Sales, sale lines and payments in the file, read on a connection of its own (the till's
    connections may have been made read-only by the test)."""
    connection = sqlite3.connect(str(db.engine.url.database))
    try:
        return tuple(  # type: ignore[return-value]
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("sales", "sale_lines", "payments")
        )
    finally:
        connection.close()


def fault_of_sale(db: Database) -> DatabaseFault:
    with pytest.raises(DATABASE_ERRORS) as failed:
        sell(db)
    fault = database_fault(failed.value)
    assert fault is not None
    return fault


def on_every_connection(db: Database, pragma: str) -> None:
    """``pragma`` on each new connection of ``db`` (the pool is emptied so none is missed)."""

    @event.listens_for(db.engine, "connect")
    def _apply(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(pragma)

    db.engine.dispose()


# --- while selling ----------------------------------------------------------------------------
@pytest.mark.sqlite_only("a full disk is made with SQLite's max_page_count")
def test_a_full_disk_is_told_as_such_and_the_sale_leaves_nothing(till: Till) -> None:
    with till.db.read() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()
    # SQLITE_FULL for real: the file may not grow by a page (what a full disk does to it).
    on_every_connection(till.db, f"PRAGMA max_page_count = {pages}")
    for _ in range(500):  # the free room in the last pages fills after a few sales
        before = counts(till.db)
        try:
            sell(till.db)
        except DATABASE_ERRORS as error:  # raised by a statement or at COMMIT
            fault = database_fault(error)
            break
    else:
        pytest.fail("the database never filled up")
    assert fault is not None
    assert fault.reason is FaultReason.DISK_FULL
    assert fault.code == "SQLITE_FULL"
    assert counts(till.db) == before  # not a line, not a payment of the refused sale


@pytest.mark.sqlite_only("a read-only database is made with SQLite's query_only")
def test_a_read_only_database_is_told_as_such(till: Till) -> None:
    before = counts(till.db)
    on_every_connection(till.db, "PRAGMA query_only = ON")
    fault = fault_of_sale(till.db)
    assert fault.reason is FaultReason.READ_ONLY
    assert counts(till.db) == before


@pytest.fixture
def lock_holder(till: Till) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the write lock (BEGIN IMMEDIATE) until it is killed."""
    script = (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(database_path(till.data_dir))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.sqlite_only("SQLite's busy timeout on a file another process holds locked")
def test_a_lock_held_longer_than_the_busy_timeout_is_told_as_busy(
    till: Till, lock_holder: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bazaar_pos.db.engine, "BUSY_TIMEOUT_MS", 50)  # not 5 s in a test
    till.db.engine.dispose()
    fault = fault_of_sale(till.db)
    assert fault.reason is FaultReason.BUSY
    lock_holder.kill()
    lock_holder.wait()
    assert counts(till.db) == (0, 0, 0)
    sell(till.db)  # the lock is gone: the same sale goes through
    assert counts(till.db)[0] == 1


# --- at start ---------------------------------------------------------------------------------
def bad_header(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.write(b"not a database!!")


def truncated(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def last_pages_zeroed(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size - 4 * PAGE)
        handle.write(bytes(4 * PAGE))


def middle_page_zeroed(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek((size // 2) // PAGE * PAGE)
        handle.write(bytes(PAGE))


@pytest.fixture(scope="module")
def busy_till(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A till with 300 sales on 200 products, closed cleanly (its WAL checkpointed)."""
    folder = tmp_path_factory.mktemp("busy") / "data"
    till = open_till(folder, seed_demo=True, anonymous_setup=True)
    generate_demo_data(till.db, 200, 300)
    till.db.dispose()
    assert not (folder / "bazaar.sqlite3-wal").exists()
    return folder


@pytest.mark.parametrize(
    "damage",
    [bad_header, truncated, last_pages_zeroed, middle_page_zeroed],
    ids=lambda f: f.__name__,
)
def test_a_damaged_database_is_refused_at_start_and_by_the_command_line(
    busy_till: Path,
    tmp_path: Path,
    damage: Callable[[Path], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(busy_till, folder)
    path = database_path(folder)
    damage(path)
    damaged = path.read_bytes()
    with pytest.raises(TillCannotOpen) as refused:
        open_till(folder, anonymous_setup=True)
    assert refused.value.problem is OpenProblem.DAMAGED
    assert main(["--data-dir", str(folder), "check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot open the till's database (damaged)" in err
    assert "Traceback" not in err
    assert path.read_bytes() == damaged  # looked at, never written


def test_a_whole_database_passes_the_quick_and_the_full_check(
    busy_till: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(busy_till, folder)
    assert main(["--data-dir", str(folder), "check"]) == 0
    assert main(["--data-dir", str(folder), "check", "--full"]) == 0
    out = capsys.readouterr().out
    assert "ok (quick_check" in out and "ok (integrity_check" in out


def test_a_schema_newer_than_the_app_is_refused_untouched(till: Till) -> None:
    with till.db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_future'")
    url = None if till.db.is_sqlite else till.db.url  # a server's database: by its URL
    till.db.dispose()
    with pytest.raises(TillCannotOpen) as refused:
        open_till(till.data_dir, url, anonymous_setup=True)
    assert refused.value.problem is OpenProblem.NEWER_SCHEMA
    assert refused.value.detail == "0099_future"


# --- read-only, for real: chmod for a user; root may write anything, so as root the file or
# folder is made immutable (chattr +i), which refuses root's writes too ----------------------
@contextmanager
def read_only(path: Path) -> Iterator[None]:
    if getattr(os, "geteuid", lambda: -1)() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        path.chmod(mode)


def test_a_read_only_database_file_is_told_at_start_not_at_payment(
    busy_till: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(busy_till, folder)
    with read_only(database_path(folder)):
        with pytest.raises(TillCannotOpen) as refused:
            open_till(folder, anonymous_setup=True)
        assert refused.value.problem is OpenProblem.READ_ONLY_FILE
        assert main(["--data-dir", str(folder), "check"]) == 1
    err = capsys.readouterr().err
    assert "(read_only_file)" in err and err.count("\n") == 1


def test_a_read_only_data_folder_is_told_at_start(
    busy_till: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(busy_till, folder)
    with read_only(folder):
        with pytest.raises(TillCannotOpen) as refused:
            open_till(folder, anonymous_setup=True)
        assert refused.value.problem is OpenProblem.READ_ONLY_FOLDER
        assert main(["--data-dir", str(folder), "check"]) == 1
    err = capsys.readouterr().err
    assert "(read_only_folder)" in err and err.count("\n") == 1


def test_a_data_folder_that_cannot_be_made_is_told_at_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "mounted"
    parent.mkdir()
    with read_only(parent):
        assert main(["--data-dir", str(parent / "data"), "check"]) == 1
    err = capsys.readouterr().err
    assert "(read_only_folder)" in err and "Traceback" not in err


# --- the app's start: quick_check in the background while the window is built ----------------
def touch_settings(db: Database) -> None:
    with db.write() as session:
        session.execute(text("UPDATE settings SET value = value WHERE key = 'till_code'"))


def test_damage_found_by_the_background_check_refuses_every_write(
    busy_till: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(busy_till, folder)
    zero_a_page_the_start_does_not_read(database_path(folder))
    till = open_till(folder, anonymous_setup=True, check_later=True)
    try:
        for _ in range(2):  # the first write and every later one
            with pytest.raises(DatabaseFault) as refused:
                touch_settings(till.db)
            assert refused.value.reason is FaultReason.DAMAGED
        assert till.damage_check is not None
        problem = till.damage_check.wait()
        assert problem is not None and problem.problem is OpenProblem.DAMAGED
    finally:
        till.db.dispose()


def test_a_whole_file_checked_in_the_background_works_as_usual(
    busy_till: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(busy_till, folder)
    till = open_till(folder, anonymous_setup=True, check_later=True)
    try:
        sell(till.db)
        assert till.damage_check is not None and till.damage_check.wait() is None
    finally:
        till.db.dispose()
