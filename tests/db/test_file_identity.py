"""A database that knows itself: its UUID and marker, the file check before every write, and a
folder that held a till never silently becoming a new one."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.faults import DatabaseReplaced, FileChange
from bazaar_pos.db.file_identity import MARKER_NAME, UUID_KEY, read_marker
from bazaar_pos.db.models import Sale, Setting
from bazaar_pos.paths import database_path
from bazaar_pos.startup import OpenProblem, Till, TillCannotOpen, open_till
from bazaar_pos.till.cart import Cart
from bazaar_pos.till.sales import PaymentRequest, SaleResult, commit_sale, lines_from_cart

pytestmark = pytest.mark.sqlite_only("the identity of a till's database file and its folder")

TALENAN = "2003000000030"  # Rp 45.000 in assets/demo_catalog.csv


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


def sales_in(path: Path) -> int:
    reopened = Database(f"sqlite:///{path}")
    try:
        with reopened.read() as session:
            return int(session.scalar(select(func.count()).select_from(Sale)) or 0)
    finally:
        reopened.dispose()


def stored_uuid(db: Database) -> str | None:
    with db.read() as session:
        return session.scalar(select(Setting.value).where(Setting.key == UUID_KEY))


def test_a_new_till_has_one_uuid_in_its_database_and_in_a_private_marker(till: Till) -> None:
    database_uuid = stored_uuid(till.db)
    assert database_uuid is not None and len(database_uuid) == 36
    marker = till.data_dir / MARKER_NAME
    assert read_marker(till.data_dir) == database_uuid
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600


def test_the_uuid_stays_the_same_across_starts(till: Till) -> None:
    first = stored_uuid(till.db)
    till.db.dispose()
    again = open_till(till.data_dir, anonymous_setup=True)
    try:
        assert stored_uuid(again.db) == first
        assert read_marker(till.data_dir) == first
    finally:
        again.db.dispose()


def test_a_database_from_before_identities_takes_the_folders_uuid(till: Till) -> None:
    first = stored_uuid(till.db)
    with till.db.write() as session:
        session.execute(text("DELETE FROM settings WHERE key = :key"), {"key": UUID_KEY})
    till.db.dispose()
    again = open_till(till.data_dir, anonymous_setup=True)
    try:
        assert stored_uuid(again.db) == first
    finally:
        again.db.dispose()


def test_a_sale_on_a_deleted_database_file_is_refused_not_reported_saved(till: Till) -> None:
    sell(till.db)
    path = database_path(till.data_dir)
    path.unlink()  # a colleague "cleaning up"
    with pytest.raises(DatabaseReplaced) as refused:
        sell(till.db)
    assert refused.value.change is FileChange.DELETED
    assert refused.value.path == path
    with pytest.raises(DatabaseReplaced):  # and every later try, not only the first
        sell(till.db)


def test_a_sale_on_a_replaced_database_file_is_refused_and_the_new_file_untouched(
    till: Till, tmp_path: Path
) -> None:
    sell(till.db)
    path = database_path(till.data_dir)
    other = tmp_path / "other.sqlite3"
    shutil.copy(path, other)
    os.replace(other, path)  # a sync tool or a colleague puts another copy in its place
    with pytest.raises(DatabaseReplaced) as refused:
        sell(till.db)
    assert refused.value.change is FileChange.REPLACED
    till.db.dispose()
    assert sales_in(path) == 1  # the replacing file got nothing from the refused sale


def test_a_folder_that_held_a_till_does_not_start_a_new_one_without_its_database(
    till: Till,
) -> None:
    sell(till.db)
    till.db.dispose()
    path = database_path(till.data_dir)
    path.unlink()
    for leftover in path.parent.glob("bazaar.sqlite3-*"):
        leftover.unlink()
    with pytest.raises(TillCannotOpen) as refused:
        open_till(till.data_dir, anonymous_setup=True)
    assert refused.value.problem is OpenProblem.DATABASE_MISSING
    assert not path.exists()  # no new, empty till was made in its place


def test_a_folder_that_held_a_till_refuses_an_empty_database_file(till: Till) -> None:
    till.db.dispose()
    path = database_path(till.data_dir)
    path.write_bytes(b"")
    for leftover in path.parent.glob("bazaar.sqlite3-*"):
        leftover.unlink()
    with pytest.raises(TillCannotOpen) as refused:
        open_till(till.data_dir, anonymous_setup=True)
    assert refused.value.problem is OpenProblem.DATABASE_EMPTY
    assert path.stat().st_size == 0


def test_another_tills_database_put_in_the_folder_is_refused(tmp_path: Path) -> None:
    ours = open_till(tmp_path / "ours", anonymous_setup=True)
    theirs = open_till(tmp_path / "theirs", anonymous_setup=True)
    ours.db.dispose()
    theirs.db.dispose()
    for leftover in (tmp_path / "ours").glob("bazaar.sqlite3*"):
        leftover.unlink()
    shutil.copy(database_path(tmp_path / "theirs"), database_path(tmp_path / "ours"))
    with pytest.raises(TillCannotOpen) as refused:
        open_till(tmp_path / "ours", anonymous_setup=True)
    assert refused.value.problem is OpenProblem.OTHER_DATABASE


def test_a_database_moved_into_a_new_folder_is_welcome(tmp_path: Path) -> None:
    first = open_till(tmp_path / "first", anonymous_setup=True)
    database_uuid = stored_uuid(first.db)
    first.db.dispose()
    (tmp_path / "moved").mkdir()
    shutil.copy(database_path(tmp_path / "first"), database_path(tmp_path / "moved"))
    moved = open_till(tmp_path / "moved", anonymous_setup=True)
    try:
        assert read_marker(tmp_path / "moved") == database_uuid
    finally:
        moved.db.dispose()
