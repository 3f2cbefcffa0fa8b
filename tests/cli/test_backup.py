"""``bazaar-pos backup`` and ``restore``: a supervisor backs up, an admin restores; a backup that
fails its checks is refused before any PIN; a deleted database can still be restored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bazaar_pos.backup import list_backups
from bazaar_pos.cli.commands import main
from bazaar_pos.cli.login import NOT_ALLOWED, PIN_VARIABLE
from bazaar_pos.db.models import Role
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.paths import database_path
from bazaar_pos.startup import open_till
from tests.conftest import add_user


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "till"
    till = open_till(folder, seed_demo=True, anonymous_setup=True)
    add_demo_sales(till.db, 4)
    add_user(till.db, "admin", "Admin Rutan", Role.ADMIN)
    add_user(till.db, "spv", "Bu Ratna", Role.SUPERVISOR)
    add_user(till.db, "kasir", "Siti Aminah", Role.CASHIER)
    till.db.dispose()
    return folder


def sales_in(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        count = int(connection.execute("SELECT COUNT(*) FROM sales").fetchone()[0])
    connection.close()
    return count


def run(data_dir: Path, *args: str, user: str = "", pin: str = "") -> int:
    return main(["--data-dir", str(data_dir), *args, *(["--user", user] if user else [])])


def test_a_supervisor_backs_up_and_the_list_shows_it_checked(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PIN_VARIABLE, "2222")
    assert run(data_dir, "backup", user="spv") == 0
    out = capsys.readouterr().out
    assert "manual" in out and "OK, 4 sales, last BPN1-000004" in out
    assert run(data_dir, "backup", "--list") == 0  # reads the folder only: nobody needed
    assert "OK, 4 sales" in capsys.readouterr().out


def test_a_cashier_may_not_back_up(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PIN_VARIABLE, "1111")
    assert run(data_dir, "backup", user="kasir") == NOT_ALLOWED
    assert "may not backup" in capsys.readouterr().err
    assert list_backups(data_dir) == []


def test_an_admin_restores_and_the_replaced_file_is_kept(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PIN_VARIABLE, "2222")
    assert run(data_dir, "backup", user="spv") == 0
    backup = list_backups(data_dir)[0].path
    monkeypatch.setenv(PIN_VARIABLE, "2222")
    assert run(data_dir, "restore", str(backup), user="spv") == NOT_ALLOWED
    monkeypatch.setenv(PIN_VARIABLE, "123456")
    capsys.readouterr()
    assert run(data_dir, "restore", str(backup), user="admin") == 0
    out = capsys.readouterr().out
    assert f"restored {backup.name}: 4 sales, last receipt BPN1-000004" in out
    kept = list((data_dir / "replaced").iterdir())
    assert len(kept) == 1 and "the replaced database is kept as" in out
    assert sales_in(database_path(data_dir)) == 4


def test_a_damaged_backup_is_refused_before_any_pin(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = data_dir / "bad.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.delenv(PIN_VARIABLE, raising=False)
    assert run(data_dir, "restore", str(bad)) == 1
    assert "not restored: unreadable" in capsys.readouterr().err
    assert not (data_dir / "replaced").exists()


def test_a_deleted_database_is_restored_by_an_admin_of_the_backup(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PIN_VARIABLE, "2222")
    assert run(data_dir, "backup", user="spv") == 0
    database_path(data_dir).unlink()
    capsys.readouterr()
    monkeypatch.setenv(PIN_VARIABLE, "123456")
    assert run(data_dir, "restore", "--newest", user="admin") == 0
    captured = capsys.readouterr()
    assert "cannot be read" in captured.err and "restored" in captured.out
    assert not (data_dir / "replaced").exists()  # there was nothing to keep
    assert sales_in(database_path(data_dir)) == 4
