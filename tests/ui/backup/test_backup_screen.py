"""The backup screen: the backups listed and checked (a damaged one in red), a supervisor backs
up but may not restore, an admin restores after confirming, and a damaged backup is refused
with the database left as it was. The automatic backups follow shifts and sales."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.backup import BackupReason, backup_database, list_backups
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.paths import database_path
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.backup.auto import AutoBackup
from bazaar_pos.ui.backup.backup_screen import COL_STATE, BackupScreen
from tests.conftest import Staff

WAIT_MS = 20_000


@pytest.fixture
def sold(till: Till) -> Till:
    """Three sales, rung up before the staff exist (demo sales are for a till without users)."""
    add_demo_sales(till.db, 3)
    return till


def _screen(qtbot: QtBot, till: Till) -> BackupScreen:
    screen = BackupScreen(till, load_settings(till.db))
    qtbot.addWidget(screen)
    return screen


def _listed(qtbot: QtBot, screen: BackupScreen) -> list[object]:
    with qtbot.waitSignal(screen.listed, timeout=WAIT_MS) as blocker:
        screen.refresh()
    return list(blocker.args[0])


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:16] = b"not a database!!"
    path.write_bytes(bytes(data))


def sales_in(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        count = int(connection.execute("SELECT COUNT(*) FROM sales").fetchone()[0])
    connection.close()
    return count


def test_the_backups_are_listed_checked_and_a_damaged_one_is_red(
    qtbot: QtBot, sold: Till, staff: Staff, qtmodeltester: ModelTester
) -> None:
    good = backup_database(sold.db, BackupReason.SHIFT_OPEN)
    bad = backup_database(sold.db, BackupReason.TIMER)
    assert good is not None and bad is not None
    _damage(bad.info.path)
    screen = _screen(qtbot, sold)
    screen.set_actor(staff.supervisor)
    found = _listed(qtbot, screen)
    assert len(found) == 2
    model = screen.model
    qtmodeltester.check(model)
    assert model.data(model.index(0, 1)) == "berkala (menit)"
    assert model.data(model.index(1, 2)) == "3" and model.data(model.index(1, 3)) == "BPN1-000003"
    assert model.data(model.index(1, COL_STATE)) == "Utuh."
    assert "bukan file basis data" in model.data(model.index(0, COL_STATE))
    assert model.data(model.index(0, COL_STATE), Qt.ItemDataRole.ForegroundRole) == QColor(
        Qt.GlobalColor.red
    )
    assert screen.selected() == found[1]  # the newest good one is offered, not the damaged one
    # a supervisor backs up, but only an admin restores
    assert screen.backup_button.isEnabled() and not screen.restore_button.isEnabled()


def test_a_supervisor_backs_up_now_and_it_is_journaled(
    qtbot: QtBot, sold: Till, staff: Staff
) -> None:
    from bazaar_pos.people.audit import AuditAction, list_audit

    screen = _screen(qtbot, sold)
    screen.set_actor(staff.supervisor)
    with (
        qtbot.waitSignal(screen.listed, timeout=WAIT_MS),
        qtbot.waitSignal(screen.backedUp, timeout=WAIT_MS) as blocker,
    ):
        screen.back_up_now()
    assert blocker.args[0].info.ok
    assert [e.user_name for e in list_audit(sold.db, actions=[AuditAction.BACKUP_MADE])] == [
        "Bu Ratna (Kasubsi)"
    ]
    assert len(list_backups(sold.data_dir)) == 1


def test_an_admin_restores_after_confirming(
    qtbot: QtBot, sold: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup_database(sold.db, BackupReason.SHIFT_OPEN)
    screen = _screen(qtbot, sold)
    screen.set_actor(staff.admin)
    _listed(qtbot, screen)
    asked: list[str] = []
    monkeypatch.setattr(ask, "confirm", lambda _p, _t, question: asked.append(question) or True)
    with qtbot.waitSignal(screen.restored, timeout=WAIT_MS) as blocker:
        screen.restore_selected()
    assert "3 penjualan" in asked[0] and "BPN1-000003" in asked[0]
    assert blocker.args[0].kept_aside is not None
    assert sales_in(database_path(sold.data_dir)) == 3


def test_a_damaged_backup_is_refused_and_the_database_unchanged(
    qtbot: QtBot, sold: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = backup_database(sold.db, BackupReason.TIMER)
    assert made is not None
    screen = _screen(qtbot, sold)
    screen.set_actor(staff.admin)
    _listed(qtbot, screen)
    _damage(made.info.path)  # damaged after it was listed
    monkeypatch.setattr(ask, "confirm", lambda *_: True)
    sold.db.dispose()
    before = hashlib.sha256(database_path(sold.data_dir).read_bytes()).hexdigest()
    with (
        qtbot.waitSignal(screen.listed, timeout=WAIT_MS),  # listed again after the refusal
        qtbot.waitSignal(screen.statusMessage, timeout=WAIT_MS) as blocker,
    ):
        screen.restore_selected()
    assert "tidak dipulihkan" in blocker.args[0] and blocker.args[1] == "error"
    sold.db.dispose()
    assert hashlib.sha256(database_path(sold.data_dir).read_bytes()).hexdigest() == before
    assert not (sold.data_dir / "replaced").exists()


def test_shifts_and_sales_start_the_automatic_backups(qtbot: QtBot, sold: Till) -> None:
    settings = load_settings(sold.db).with_changes(backup_every_sales=2, backup_every_minutes=0)
    auto = AutoBackup(sold, settings)
    with qtbot.waitSignal(auto.backedUp, timeout=WAIT_MS) as opened:
        auto.shift_changed(object())
    assert opened.args[0].info.reason is BackupReason.SHIFT_OPEN
    auto.sale_completed()
    assert auto.running is None  # one sale: not yet
    with qtbot.waitSignal(auto.backedUp, timeout=WAIT_MS) as by_sales:
        auto.sale_completed()
    assert by_sales.args[0].info.reason is BackupReason.SALES
    result = auto.at_exit()
    assert result is not None and not isinstance(result, Exception)
    assert result.info.reason is BackupReason.EXIT
    assert [info.reason for info in list_backups(sold.data_dir)] == [
        BackupReason.EXIT,
        BackupReason.SALES,
        BackupReason.SHIFT_OPEN,
    ]
