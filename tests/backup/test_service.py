"""Backups written, checked, rotated, copied to a second folder, listed and restored."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from bazaar_pos.backup import (
    BackupFailed,
    BackupFailure,
    BackupNote,
    BackupPolicy,
    BackupProblem,
    BackupReason,
    BackupRefused,
    backup_database,
    check_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
)
from bazaar_pos.catalog.csv_file import apply_catalog_import
from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.db.models import Role
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.paths import backups_dir, database_path
from bazaar_pos.people.access import Actor
from bazaar_pos.people.audit import AuditAction, list_audit
from bazaar_pos.startup import Till, open_till
from bench.journal_tamper import drop_triggers
from tests.conftest import add_user

UTC = dt.UTC
T0 = dt.datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def sales_in(path: Path) -> int:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as connection:
        count = int(connection.execute("SELECT COUNT(*) FROM sales").fetchone()[0])
    connection.close()
    return count


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_is_a_checked_copy_readable_by_this_account_only(till: Till) -> None:
    add_demo_sales(till.db, 3)
    result = backup_database(till.db, BackupReason.MANUAL, now=T0)
    assert result is not None
    info = result.info
    assert info.ok and info.check.sales == 3 and info.check.last_receipt == "BPN1-000003"
    assert info.path.parent == backups_dir(till.data_dir)
    assert info.path.name == "bazaar-20261207-030000-000000-manual.sqlite3"
    assert sales_in(info.path) == 3
    if os.name == "posix":
        assert mode(info.path) == 0o600
        assert mode(info.path.parent) == 0o700
    # one self-contained file: no WAL beside it, no temporary file left
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]
    with sqlite3.connect(info.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()


def admin_of(till: Till) -> Actor:
    """The admin, made after the demo sales (they are rung up on a till without accounts)."""
    return add_user(till.db, "admin", "Admin Rutan", Role.ADMIN)


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(till: Till) -> None:
    add_demo_sales(till.db, 2)
    backup = backup_database(till.db, BackupReason.TIMER, now=T0)
    assert backup is not None
    add_demo_sales(till.db, 3)  # sold after the backup
    admin = admin_of(till)
    database = database_path(till.data_dir)
    result = restore_backup(till.db, backup.info.path, admin, till_code="BPN1")
    assert sales_in(database) == 2
    assert result.kept_aside is not None and result.kept_aside.parent.name == "replaced"
    assert sales_in(result.kept_aside) == 5  # nothing lost: the replaced file, whole
    assert check_backup(result.kept_aside).ok
    if os.name == "posix":
        assert mode(database) == 0o600
    # journaled in both files: who, and which backup
    reopened = Database(sqlite_url(database))
    try:
        entries = list_audit(reopened, actions=[AuditAction.BACKUP_RESTORED])
    finally:
        reopened.dispose()
    assert [e.subject for e in entries] == [backup.info.path.name]
    assert entries[0].user_name == "Admin Rutan"
    aside = Database(sqlite_url(result.kept_aside))
    try:
        before = list_audit(aside, actions=[AuditAction.BACKUP_RESTORED])
    finally:
        aside.dispose()
    assert [e.subject for e in before] == [backup.info.path.name]
    # the restored till opens, its journal whole
    again = open_till(till.data_dir, seed_demo=False, anonymous_setup=True)
    try:
        assert again.journal is not None and again.journal.ok
    finally:
        again.db.dispose()


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    if how == "bad header":
        data[:16] = b"not a database!!"
    elif how == "truncated":
        data = data[: len(data) // 3]
    elif how == "zeroed last pages":
        data[-3 * page :] = bytes(3 * page)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["bad header", "truncated", "zeroed last pages"])
def test_a_damaged_newest_backup_is_refused_and_the_good_one_offered(till: Till, how: str) -> None:
    add_demo_sales(till.db, 20)
    good = backup_database(till.db, BackupReason.SHIFT_OPEN, now=T0)
    add_demo_sales(till.db, 20)
    newest = backup_database(till.db, BackupReason.TIMER, now=T0 + dt.timedelta(hours=1))
    assert good is not None and newest is not None
    _damage(newest.info.path, how)
    admin = admin_of(till)

    listed = list_backups(till.data_dir)
    assert [info.path for info in listed] == [newest.info.path, good.info.path]
    assert not listed[0].ok
    assert listed[0].check.problem in (BackupProblem.UNREADABLE, BackupProblem.DAMAGED)
    offered = newest_good_backup(till.data_dir)
    assert offered is not None and offered.path == good.info.path

    database = database_path(till.data_dir)
    till.db.dispose()
    before = digest(database)
    with pytest.raises(BackupRefused) as refused:
        restore_backup(till.db, newest.info.path, admin, till_code="BPN1")
    assert refused.value.problem is listed[0].check.problem
    assert digest(database) == before  # nothing changed
    assert not (till.data_dir / "replaced").exists()

    restore_backup(till.db, offered.path, admin, till_code="BPN1")
    assert sales_in(database) == 20


def test_a_backup_whose_journal_is_broken_is_not_good(till: Till) -> None:
    add_demo_sales(till.db, 5)
    result = backup_database(till.db, BackupReason.MANUAL, now=T0)
    assert result is not None
    with sqlite3.connect(result.info.path) as connection:
        drop_triggers(connection)
        connection.execute("UPDATE sales SET total = 1000 WHERE receipt_no = 'BPN1-000003'")
    connection.close()
    check = check_backup(result.info.path)
    assert check.problem is BackupProblem.JOURNAL_BROKEN
    assert "BPN1-000003" in check.detail


def test_a_file_of_another_program_is_not_a_till_backup(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    assert check_backup(other).problem is BackupProblem.NOT_A_TILL
    assert check_backup(tmp_path / "nothing.sqlite3").problem is BackupProblem.MISSING


def test_a_missing_second_folder_is_a_warning_and_is_not_created(
    till: Till, tmp_path: Path
) -> None:
    stick = tmp_path / "media" / "USB"
    database = database_path(till.data_dir)
    policy = BackupPolicy(second_folder=stick)
    result = make_backup(database, till.data_dir, BackupReason.SHIFT_CLOSE, policy, now=T0)
    assert result.info.ok and result.info.path.is_file()
    assert [w.note for w in result.warnings] == [BackupNote.SECOND_FOLDER_MISSING]
    assert result.warnings[0].folder == stick
    assert result.copy is None and not stick.exists()

    stick.mkdir(parents=True)
    later = make_backup(
        database, till.data_dir, BackupReason.SHIFT_CLOSE, policy, now=T0 + dt.timedelta(1)
    )
    assert later.warnings == () and later.copy == stick / later.info.path.name
    assert later.copy.read_bytes() == later.info.path.read_bytes()
    if os.name == "posix":
        assert mode(later.copy) == 0o600


def test_rotation_keeps_the_last_n_and_touches_no_other_file(till: Till) -> None:
    database = database_path(till.data_dir)
    folder = backups_dir(till.data_dir)
    folder.mkdir(mode=0o700)
    (folder / "notes.txt").write_text("mine")
    policy = BackupPolicy(keep_last=2, keep_days=0)
    made = [
        make_backup(
            database,
            till.data_dir,
            BackupReason.TIMER,
            policy,
            now=T0 + dt.timedelta(minutes=15 * i),
        )
        for i in range(5)
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["notes.txt", made[3].info.path.name, made[4].info.path.name]
    )
    assert made[4].removed == (made[2].info.path.name,)


def test_no_backup_of_a_missing_file_and_no_half_file_when_writing_fails(
    till: Till, tmp_path: Path
) -> None:
    with pytest.raises(BackupFailed) as missing:
        make_backup(tmp_path / "gone.sqlite3", tmp_path, BackupReason.EXIT)
    assert missing.value.reason is BackupFailure.NO_FILE
    assert not backups_dir(tmp_path).exists()
    # a file where the backup folder should be: nothing can be written there
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    backups_dir(blocked).write_text("")
    with pytest.raises(BackupFailed) as failed:
        make_backup(database_path(till.data_dir), blocked, BackupReason.EXIT)
    assert failed.value.reason is BackupFailure.WRITE_FAILED
    assert sorted(p.name for p in blocked.iterdir()) == ["backups"]


def test_a_schema_upgrade_backs_up_the_file_first(tmp_path: Path) -> None:
    from alembic import command

    from bazaar_pos.db.migrate import alembic_config

    folder = tmp_path / "old"
    folder.mkdir()
    engine_db = Database(sqlite_url(database_path(folder)))
    config = alembic_config()
    with engine_db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005_accountability")
    engine_db.dispose()

    till = open_till(folder, seed_demo=False, anonymous_setup=True)
    till.db.dispose()
    found = list_backups(folder)
    assert [info.reason for info in found] == [BackupReason.MIGRATION]
    assert found[0].ok and found[0].check.revision == "0005_accountability"


def test_a_new_till_is_not_backed_up_before_its_first_migration(till: Till) -> None:
    assert list_backups(till.data_dir) == []


def test_a_catalog_import_backs_up_first(till: Till, tmp_path: Path) -> None:
    path = tmp_path / "katalog.csv"
    path.write_text("sku,name,price,institution\nBNA-BES-001,Besek bambu,1,BNA\n", encoding="utf-8")
    apply_catalog_import(till.db, path)
    found = list_backups(till.data_dir)
    assert [info.reason for info in found] == [BackupReason.CATALOG_IMPORT]


def test_the_wal_of_a_deleted_database_is_put_aside_not_replayed_into_the_restored_one(
    till: Till,
) -> None:
    add_demo_sales(till.db, 3)
    backup = backup_database(till.db, BackupReason.TIMER, now=T0)
    assert backup is not None
    database = database_path(till.data_dir)
    # the file deleted while a connection still holds its WAL (a colleague "cleaning up")
    holder = sqlite3.connect(database)
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute("CREATE TABLE scratch (x)")
    holder.execute("INSERT INTO scratch VALUES (1)")
    wal = database.with_name(database.name + "-wal")
    stray = wal.read_bytes()
    holder.close()
    till.db.dispose()
    database.unlink()
    wal.write_bytes(stray)
    # the database is gone: who restores is checked against a copy of the backup
    copy = till.data_dir.parent / "judge.sqlite3"
    copy.write_bytes(backup.info.path.read_bytes())
    judge = Database.open(sqlite_url(copy), anonymous_setup=True)
    try:
        result = restore_backup(till.db, backup.info.path, None, till_code="BPN1", authority=judge)
    finally:
        judge.dispose()
    assert not wal.exists() or wal.stat().st_size == 0
    assert check_backup(database).ok and sales_in(database) == 3
    assert result.kept_aside is None
    assert [p.name.endswith("-wal") for p in (till.data_dir / "replaced").iterdir()] == [True]


def test_a_sync_import_backs_up_first(till: Till, tmp_path: Path) -> None:
    from bazaar_pos.settings import load_settings, save_settings
    from bazaar_pos.sync.export import export_till
    from bazaar_pos.sync.merge import import_export

    other = open_till(tmp_path / "other", seed_demo=True, anonymous_setup=True)
    try:
        save_settings(other.db, load_settings(other.db).with_changes(till_code="BPN2"))
        add_demo_sales(other.db, 2)
        export_till(other.db, tmp_path / "bpn2.zip", exported_by="Siti")
    finally:
        other.db.dispose()
    import_export(till.db, tmp_path / "bpn2.zip", imported_by="Admin")
    found = list_backups(till.data_dir)
    assert [info.reason for info in found] == [BackupReason.SYNC_IMPORT]
    assert found[0].ok and found[0].check.sales == 0  # this till as it was before the merge


def test_an_import_of_several_exports_backs_up_once_before_the_first_writes(
    till: Till, tmp_path: Path
) -> None:
    from bazaar_pos.settings import load_settings, save_settings
    from bazaar_pos.sync.export import export_till
    from bazaar_pos.sync.merge import import_exports

    exports = []
    for code in ("BPN2", "BPN3"):
        other = open_till(tmp_path / code, seed_demo=True, anonymous_setup=True)
        try:
            save_settings(other.db, load_settings(other.db).with_changes(till_code=code))
            add_demo_sales(other.db, 2)
            export_till(other.db, tmp_path / f"{code}.zip", exported_by="Siti")
        finally:
            other.db.dispose()
        exports.append(tmp_path / f"{code}.zip")
    results = import_exports(till.db, exports, imported_by="Admin")
    assert all(not result.already_imported for result in results)
    found = list_backups(till.data_dir)
    assert [info.reason for info in found] == [BackupReason.SYNC_IMPORT]
    assert found[0].check.sales == 0  # the till before the person's import, not in between
    import_exports(till.db, exports, imported_by="Admin")  # nothing left to write: no backup
    assert len(list_backups(till.data_dir)) == 1


def test_a_file_in_wal_mode_is_restored_with_what_its_wal_holds(till: Till, tmp_path: Path) -> None:
    """A copy of a live database (main file and -wal, as a user might copy them by hand)."""
    add_demo_sales(till.db, 2)
    database = database_path(till.data_dir)
    given = tmp_path / "hand-copy.sqlite3"
    holder = sqlite3.connect(database)  # keeps the WAL from being folded in at close
    holder.execute("SELECT COUNT(*) FROM sales").fetchone()
    till.db.dispose()
    add_demo_sales(till.db, 3)
    till.db.dispose()
    given.write_bytes(database.read_bytes())
    wal = database.with_name(database.name + "-wal")
    given.with_name(given.name + "-wal").write_bytes(wal.read_bytes())
    holder.close()
    main_only = tmp_path / "main-only.sqlite3"
    main_only.write_bytes(given.read_bytes())
    assert check_backup(main_only).sales < 5  # the last sales are in the WAL only
    assert check_backup(given).sales == 5
    restore_backup(till.db, given, None, till_code="BPN1")
    assert sales_in(database) == 5


def test_tills_sharing_a_stick_each_keep_their_own_folder_there(till: Till, tmp_path: Path) -> None:
    from bazaar_pos.settings import load_settings

    stick = tmp_path / "USB"
    stick.mkdir()
    (stick / "bazaar-20261201-000000-000000-timer.sqlite3").write_text("another till's")
    settings = load_settings(till.db).with_changes(
        backup_second_folder=str(stick), backup_keep_last=1, backup_keep_days=0
    )
    policy = BackupPolicy.of(settings)
    database = database_path(till.data_dir)
    for minutes in (0, 15):
        result = make_backup(
            database,
            till.data_dir,
            BackupReason.TIMER,
            policy,
            now=T0 + dt.timedelta(minutes=minutes),
        )
    assert result.copy == stick / "BPN1" / result.info.path.name
    assert sorted(p.name for p in (stick / "BPN1").iterdir()) == [result.info.path.name]
    assert (stick / "bazaar-20261201-000000-000000-timer.sqlite3").read_text() == "another till's"


def test_why_a_file_could_not_be_written_is_named_from_errno_or_sqlite(tmp_path: Path) -> None:
    import errno

    from bazaar_pos.backup import FileProblem
    from bazaar_pos.backup.service import file_problem

    assert file_problem(OSError(errno.ENOSPC, "No space left on device")) is FileProblem.DISK_FULL
    assert file_problem(OSError(errno.EROFS, "Read-only file system")) is FileProblem.READ_ONLY
    assert file_problem(PermissionError(errno.EACCES, "denied")) is FileProblem.NO_PERMISSION
    assert file_problem(OSError(errno.EIO, "I/O error")) is FileProblem.OTHER
    # a real SQLITE_FULL: a database allowed no more pages than it has
    with sqlite3.connect(tmp_path / "small.sqlite3") as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.execute("PRAGMA max_page_count = 2")
        with pytest.raises(sqlite3.OperationalError) as full:
            connection.execute("INSERT INTO t VALUES (randomblob(100000))")
    connection.close()
    assert file_problem(full.value) is FileProblem.DISK_FULL


def test_the_temporary_file_of_a_killed_backup_is_swept_later(till: Till) -> None:
    folder = backups_dir(till.data_dir)
    folder.mkdir(mode=0o700)
    stale = folder / ".bazaar-20261207-010000-000000-timer.sqlite3.0123456789ab.tmp"
    fresh = folder / ".bazaar-20261207-025959-000000-timer.sqlite3.ba9876543210.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half a backup")
    hours_ago = (T0 - dt.timedelta(hours=2)).timestamp()
    os.utime(stale, (hours_ago, hours_ago))
    os.utime(fresh, (T0.timestamp(), T0.timestamp()))
    made = make_backup(database_path(till.data_dir), till.data_dir, BackupReason.TIMER, now=T0)
    assert sorted(p.name for p in folder.iterdir()) == sorted([fresh.name, made.info.path.name])


def test_a_backup_of_an_older_version_is_restored_and_brought_up_to_date(
    till: Till, tmp_path: Path
) -> None:
    from alembic import command

    from bazaar_pos.db.migrate import HEAD_REVISION, alembic_config, current_revision

    old = Database(sqlite_url(tmp_path / "old.sqlite3"))
    config = alembic_config()
    with old.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005_accountability")
    old.dispose()
    assert check_backup(tmp_path / "old.sqlite3").revision == "0005_accountability"
    restore_backup(till.db, tmp_path / "old.sqlite3", None, till_code="BPN1")
    restored = Database(sqlite_url(database_path(till.data_dir)))
    try:
        assert current_revision(restored.engine) == HEAD_REVISION
        entries = list_audit(restored, actions=[AuditAction.BACKUP_RESTORED])
    finally:
        restored.dispose()
    assert [e.subject for e in entries] == ["old.sqlite3"]


def test_a_database_that_cannot_be_read_is_said_so_not_a_failed_write(tmp_path: Path) -> None:
    broken = tmp_path / "bazaar.sqlite3"
    broken.write_bytes(b"not a database at all" * 500)
    with pytest.raises(BackupFailed) as failed:
        make_backup(broken, tmp_path, BackupReason.EXIT)
    assert failed.value.reason is BackupFailure.UNREADABLE
    assert [p.name for p in backups_dir(tmp_path).iterdir()] == []  # no half file
