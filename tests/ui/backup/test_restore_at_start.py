""" "Pulihkan sekarang" when the till cannot open: a damaged file and a good backup, an admin of
the backup logs in with the real login dialog, the backup is restored (the damaged file kept
aside) and the window opens on the backup's data. A wrong PIN or a cashier restores nothing,
wrong PINs count towards the lockout, and without a good backup there is no button."""

from __future__ import annotations

import gc
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from bazaar_pos.backup import BackupReason, backup_database
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.cli.commands import main
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.paths import database_path, replaced_dir
from bazaar_pos.people.shifts import open_shift
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import OpenProblem, TillCannotOpen, open_till
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui import ask
from bazaar_pos.ui.app import RESTORED, show_start_problem
from bazaar_pos.ui.backup.restore_at_start import RestoreLoginDialog
from bazaar_pos.ui.main_window import MainWindow
from tests.conftest import add_user, zero_a_page_the_start_does_not_read

TALENAN = "2003000000030"
DAMAGED_HEADER = b"not a database!!"


@dataclass
class Desk:
    """Answers the start-up's dialogs: the refusal's button, then the login dialog's typing."""

    restore: list[bool]  # "Pulihkan sekarang" (True) or "Tutup", one per time it is shown
    typed: list[list[tuple[str, str]]]  # per login dialog: (username, PIN) tried in turn
    offers: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    informed: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)  # the login dialog's red line
    intros: list[str] = field(default_factory=list)
    listed: list[list[str]] = field(default_factory=list)  # users offered in the dialog

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def offer(_parent: Any, _title: str, text: str, action: str, close: str) -> bool:
            assert (action, close) == ("Pulihkan sekarang", "Tutup")
            self.offers.append(text)
            return self.restore.pop(0) if self.restore else False

        def fake_exec(dialog: RestoreLoginDialog) -> int:
            self.intros.append(dialog.intro_label.text())
            combo = dialog.user_combo
            self.listed.append([combo.itemText(i) for i in range(combo.count())])
            for username, pin in self.typed.pop(0):
                dialog.set_values(username=username, pin=pin)
                if dialog.submit() is not None:
                    return int(QDialog.DialogCode.Accepted)
                self.refusals.append(dialog.message_label.text())
                assert dialog.pin_edit.text() == ""  # typed again after a refusal
            return int(QDialog.DialogCode.Rejected)

        monkeypatch.setattr(ask, "alert_with_action", offer)
        monkeypatch.setattr(ask, "alert", lambda _p, _t, text: self.alerts.append(text))
        monkeypatch.setattr(ask, "inform", lambda _p, _t, text: self.informed.append(text))
        monkeypatch.setattr(RestoreLoginDialog, "exec", fake_exec)


def sales_in(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM sales").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A data folder: three sales and the staff in a good backup, a fourth sale after it, then
    the database's header overwritten, so the till refuses to open and names the backup."""
    data = tmp_path / "data"
    till = open_till(data, seed_demo=True, anonymous_setup=True)
    add_demo_sales(till.db, 3)  # demo sales only go on a till without users
    add_user(till.db, "admin", "Admin Rutan", "admin")
    cashier = add_user(till.db, "kasir", "Siti Aminah", "cashier")
    made = backup_database(till.db, BackupReason.SHIFT_OPEN)
    assert made is not None and made.info.ok
    settings = load_settings(till.db)
    open_shift(
        till.db,
        cashier,
        till_code=settings.till_code,
        event_id=settings.current_event_id,
        float_counts={"note_100000": 1},
    )
    product = find_by_code(till.db, TALENAN)
    commit_sale(
        till.db,
        [SaleLineRequest(product.id, 1, product.price)],
        PaymentRequest("cash"),
        cashier=cashier,
        till_code=settings.till_code,
        event_id=settings.current_event_id,
    )
    till.db.dispose()
    path = database_path(data)
    assert sales_in(path) == 4
    with open(path, "r+b") as handle:
        handle.write(DAMAGED_HEADER)
    return data


def refusal(data: Path) -> TillCannotOpen:
    with pytest.raises(TillCannotOpen) as refused:
        open_till(data, anonymous_setup=True)
    assert refused.value.problem is OpenProblem.DAMAGED and refused.value.backup is not None
    return refused.value


def untouched(data: Path) -> None:
    assert database_path(data).read_bytes().startswith(DAMAGED_HEADER)
    assert not replaced_dir(data).exists()


def test_an_admin_of_the_backup_restores_it_and_the_window_opens_on_its_data(
    qtbot: QtBot, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end through ``bazaar-pos`` (the window): refused, "Pulihkan sekarang", a wrong
    PIN told in red, the right one, restored, and the till opens as usual on the backup."""
    desk = Desk(restore=[True], typed=[[("admin", "999999"), ("admin", "123456")]])
    desk.install(monkeypatch)
    opened: list[tuple[int, str]] = []

    def event_loop(_app: QApplication) -> int:  # stands in for app.exec(): the window is up
        # Visible: a closed window of an earlier test may still wait for its deletion.
        [window] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        with window.till.db.read() as session:
            count = session.connection().exec_driver_sql("SELECT count(*) FROM sales").scalar()
        opened.append((int(count or 0), window.windowTitle()))
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    monkeypatch.setattr(MainWindow, "require_login", lambda _self, _typed=None: None)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # the test process goes on collecting

    assert main(["--data-dir", str(damaged)]) == 0

    assert len(desk.offers) == 1 and "rusak: jangan dipakai lagi" in desk.offers[0]
    assert "3 penjualan, struk terakhir BPN1-000003" in desk.offers[0]
    assert "tombol 'Pulihkan sekarang'" in desk.offers[0]
    assert "bazaar-pos restore" not in desk.offers[0]  # the button, not the command line
    assert desk.listed == [["admin"]]  # only admins are offered
    assert "3 penjualan, struk terakhir BPN1-000003" in desk.intros[0]
    assert desk.refusals[0].startswith("PIN salah"), desk.refusals
    assert desk.alerts == []
    assert opened and opened[0][0] == 3  # the window opened on the backup's three sales
    [kept] = list(replaced_dir(damaged).glob("*.sqlite3"))
    assert kept.read_bytes().startswith(DAMAGED_HEADER)  # kept aside, never deleted
    assert f"disimpan di {kept}" in desk.informed[0]
    connection = sqlite3.connect(database_path(damaged))
    try:
        journaled = connection.execute(
            "SELECT user_name, detail FROM audit_log WHERE action = 'backup_restored'"
        ).fetchall()
    finally:
        connection.close()
    assert [name for name, _ in journaled] == ["Admin Rutan"]


def test_a_database_file_that_is_gone_is_restored_too(
    qtbot: QtBot, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_path(damaged).unlink()  # the folder's marker says a till lived here
    desk = Desk(restore=[True], typed=[[("admin", "123456")]])
    desk.install(monkeypatch)
    with pytest.raises(TillCannotOpen) as refused:
        open_till(damaged, anonymous_setup=True)
    assert refused.value.problem is OpenProblem.DATABASE_MISSING

    assert show_start_problem(refused.value) == RESTORED

    assert "berkas basis datanya hilang" in desk.offers[0]
    assert "Tidak ada berkas yang diganti." in desk.informed[0]
    assert sales_in(database_path(damaged)) == 3
    till = open_till(damaged, anonymous_setup=True)  # and the till opens on it
    till.db.dispose()


def test_a_wrong_pin_restores_nothing_and_the_restore_can_be_tried_again(
    qtbot: QtBot, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = Desk(restore=[True, True], typed=[[("admin", "999999")], [("admin", "999998")]])
    desk.install(monkeypatch)

    assert show_start_problem(refusal(damaged)) == 1

    assert len(desk.offers) == 3  # offered again after each cancelled login, then closed
    assert len(desk.refusals) == 2
    assert all(text.startswith("PIN salah untuk admin") for text in desk.refusals)
    untouched(damaged)


def test_wrong_pins_lock_the_admin_as_at_the_usual_login(
    qtbot: QtBot, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lockout is kept in the backup's copy for as long as this start lasts: cancelling
    and pressing "Pulihkan sekarang" again does not reset it."""
    wrong = [("admin", f"99999{n}") for n in range(3)]
    desk = Desk(
        restore=[True, True],
        typed=[wrong, [("admin", "999990"), ("admin", "999991"), ("admin", "123456")]],
    )
    desk.install(monkeypatch)

    assert show_start_problem(refusal(damaged)) == 1

    assert desk.refusals[-2].startswith("Akun admin dikunci"), desk.refusals
    assert desk.refusals[-1].startswith("Akun admin dikunci")  # the right PIN while locked
    untouched(damaged)


def test_a_cashier_of_the_backup_may_not_restore_it(
    qtbot: QtBot, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = Desk(restore=[True], typed=[[("kasir", "1111")]])
    desk.install(monkeypatch)

    assert show_start_problem(refusal(damaged)) == 1

    assert len(desk.refusals) == 1 and "admin" in desk.refusals[0].lower()
    untouched(damaged)


def test_without_a_good_backup_the_refusal_has_no_restore_button(
    qtbot: QtBot, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for backup in (damaged / "backups").iterdir():
        backup.unlink()
    desk = Desk(restore=[True], typed=[])
    desk.install(monkeypatch)

    assert main(["--data-dir", str(damaged)]) == 1

    assert desk.offers == []
    assert len(desk.alerts) == 1 and "Tidak ada cadangan baik" in desk.alerts[0]
    untouched(damaged)


def test_a_backup_from_before_the_first_admin_is_restored_only_after_a_question(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    till = open_till(data, seed_demo=True, anonymous_setup=True)
    add_demo_sales(till.db, 2)
    assert backup_database(till.db, BackupReason.SHIFT_OPEN) is not None
    till.db.dispose()
    with open(database_path(data), "r+b") as handle:
        handle.write(DAMAGED_HEADER)
    desk = Desk(restore=[True, True], typed=[])
    desk.install(monkeypatch)
    answers = [False, True]
    questions: list[str] = []

    def confirm(_parent: Any, _title: str, question: str) -> bool:
        questions.append(question)
        return answers.pop(0)

    monkeypatch.setattr(ask, "confirm", confirm)

    assert show_start_problem(refusal(data)) == RESTORED

    assert len(questions) == 2 and "sebelum ada pengguna" in questions[0]
    assert desk.intros == []  # no login dialog: the backup has no accounts
    assert sales_in(database_path(data)) == 2


def test_damage_found_while_the_window_opens_offers_the_restore_and_the_till_starts_again(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page in the middle zeroed: the start's checks pass, the background quick_check finds
    it once the window is up. The same dialog offers the backup; after the restore the window
    closes and the till starts again on the restored file."""
    from bazaar_pos.demo.bulk import generate_demo_data

    data = tmp_path / "data"
    till = open_till(data, seed_demo=True, anonymous_setup=True)
    generate_demo_data(till.db, 200, 300)
    add_user(till.db, "admin", "Admin Rutan", "admin")
    assert backup_database(till.db, BackupReason.SHIFT_OPEN) is not None
    till.db.dispose()
    path = database_path(data)
    zero_a_page_the_start_does_not_read(path)
    desk = Desk(restore=[True], typed=[[("admin", "123456")]])
    desk.install(monkeypatch)
    windows: list[tuple[int, bool]] = []

    def event_loop(_app: QApplication) -> int:
        [window] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        check = window.till.damage_check
        assert check is not None
        if not windows:  # the damaged file: the dialog comes, the window closes
            qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
        else:
            assert check.wait() is None  # the restored file is whole
            window.close()
        with window.till.db.read() as session:
            count = session.connection().exec_driver_sql("SELECT count(*) FROM sales").scalar()
        windows.append((int(count or 0), check.restored))
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    monkeypatch.setattr(MainWindow, "require_login", lambda _self, _typed=None: None)
    monkeypatch.setattr(gc, "freeze", lambda: None)

    assert main(["--data-dir", str(data)]) == 0

    assert len(desk.offers) == 1 and "rusak: jangan dipakai lagi" in desk.offers[0]
    assert "Kasa dibuka sekarang." in desk.informed[0]
    assert [restored for _, restored in windows] == [True, False]
    assert windows[1][0] == 300  # the second window runs on the restored file
    assert len(list(replaced_dir(data).glob("*.sqlite3"))) == 1
