"""The start window: the login painted before the till is opened, the till opened behind it
on the operations layer, and what was typed meanwhile handed to the till's own login."""

from __future__ import annotations

import builtins
import importlib
import linecache
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from bazaar_pos.db import Database
from bazaar_pos.errors import PosError
from bazaar_pos.people.audit import list_audit
from bazaar_pos.ui.people import login_dialog
from bazaar_pos.ui.people.login_dialog import LoginDialog
from bazaar_pos.ui.start_window import StartWindow, TypedLogin, plain_imports
from tests.conftest import Staff


@pytest.fixture
def start(qtbot: QtBot) -> StartWindow:
    window = StartWindow()
    qtbot.addWidget(window)
    window.show_painted()
    return window


class Refused(PosError):
    """A start refused while the till opened (the file is damaged …)."""


def test_the_cashier_types_while_the_till_opens_behind_the_window(
    qtbot: QtBot, start: StartWindow
) -> None:
    typed = threading.Event()
    seen_on: list[str] = []

    def opening() -> int:
        seen_on.append(threading.current_thread().name)
        assert typed.wait(10), "the window never took the keys"
        return 42

    def type_meanwhile() -> None:
        qtbot.keyClicks(start.user_edit, "kasir")
        qtbot.keyClick(start.user_edit, Qt.Key.Key_Return)  # on to the PIN
        qtbot.keyClicks(start.pin_edit, "11x11")
        typed.set()

    QTimer.singleShot(0, type_meanwhile)
    assert start.open_behind(opening) == 42
    assert seen_on and seen_on[0] != threading.main_thread().name
    assert start.typed() == TypedLogin("kasir", "1111", submitted=False, in_pin=True)


def test_enter_before_the_till_is_open_asks_to_log_in_once_it_is(
    qtbot: QtBot, start: StartWindow
) -> None:
    qtbot.keyClicks(start.user_edit, "  kasir ")
    qtbot.keyClick(start.user_edit, Qt.Key.Key_Return)  # on to the PIN
    qtbot.keyClicks(start.pin_edit, "1111")
    qtbot.keyClick(start.pin_edit, Qt.Key.Key_Return)
    assert start.typed() == TypedLogin("kasir", "1111", submitted=True, in_pin=True)
    assert start.status_label.text() == "Membuka basis data… Anda masuk begitu siap."


def test_a_refused_opening_is_raised_where_the_start_waits(start: StartWindow) -> None:
    def opening() -> int:
        raise Refused("damaged")

    with pytest.raises(Refused):
        start.open_behind(opening)
    assert start.isVisible()  # the caller hides it for the refusal's dialog


def test_closing_the_window_while_the_till_opens_ends_the_start_once_it_is_open(
    qtbot: QtBot, start: StartWindow
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    closed = threading.Event()

    def opening() -> str:
        assert closed.wait(10)
        return "till"

    def close_it() -> None:
        start.close()  # as the title bar's ×
        closed.set()

    QTimer.singleShot(0, close_it)
    assert start.open_behind(opening) == "till"  # the opening still ends: nothing half-done
    assert start.closed_by_user
    assert app.quitOnLastWindowClosed()  # as it was before the opening


def test_handing_over_to_the_till_is_not_a_close_by_the_user(start: StartWindow) -> None:
    start.user_edit.setText("spv")
    typed = start.hand_over()
    assert typed.username == "spv"
    assert not start.isVisible()
    assert not start.closed_by_user


def _typed(start: StartWindow, qtbot: QtBot, username: str, pin: str = "") -> None:
    """Typed as a cashier does: the name, Enter, the PIN (and Enter if ``pin`` ends in one)."""
    qtbot.keyClicks(start.user_edit, username)
    if pin:
        qtbot.keyClick(start.user_edit, Qt.Key.Key_Return)
        qtbot.keyClicks(start.pin_edit, pin.rstrip("\n"))
        if pin.endswith("\n"):
            qtbot.keyClick(start.pin_edit, Qt.Key.Key_Return)


def test_what_was_typed_logs_in_at_once_when_enter_was_pressed(
    qtbot: QtBot, db: Database, staff: Staff, start: StartWindow
) -> None:
    _typed(start, qtbot, "kasir", "1111\n")
    assert login_dialog.ask_login(None, db, "BPN1", start=start) == staff.cashier
    assert list_audit(db)[0].action == "login"
    assert not start.isVisible() and not start.closed_by_user


def test_a_wrong_pin_typed_at_start_is_refused_in_the_login_which_stays_open(
    qtbot: QtBot, db: Database, staff: Staff, start: StartWindow
) -> None:
    seen: list[tuple[str, str, str, bool]] = []

    def look_then_leave() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LoginDialog)
        seen.append(
            (
                dialog.user_combo.currentText(),
                dialog.pin_edit.text(),
                dialog.message_label.text(),
                dialog.pin_edit.hasFocus() or dialog.focusWidget() is dialog.pin_edit,
            )
        )
        dialog.reject()

    _typed(start, qtbot, "kasir", "9999\n")
    QTimer.singleShot(200, look_then_leave)
    assert login_dialog.ask_login(None, db, "BPN1", start=start) is None
    ((user, pin, message, in_pin),) = seen
    assert (user, pin) == ("kasir", "")  # the PIN is typed again, the user stays
    assert message.startswith("PIN salah untuk kasir.")
    assert in_pin


def test_a_name_half_typed_at_start_is_typed_on_in_the_login(
    qtbot: QtBot, db: Database, staff: Staff, start: StartWindow
) -> None:
    _typed(start, qtbot, "kas")

    seen: list[object] = []

    def type_on_then_log_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LoginDialog)
        try:
            editor = dialog.focusWidget()
            seen.append(editor in (dialog.user_combo, dialog.user_combo.lineEdit()))
            qtbot.keyClicks(dialog.user_combo.lineEdit(), "ir")  # added to "kas", not replacing
            seen.append(dialog.user_combo.currentText())
            dialog.pin_edit.setFocus()
            qtbot.keyClicks(dialog.pin_edit, "1111")
            qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(200, type_on_then_log_in)
    actor = login_dialog.ask_login(None, db, "BPN1", start=start)
    assert seen == [True, "kasir"]
    assert actor == staff.cashier


def test_the_window_names_the_till_the_folder_last_ran(qtbot: QtBot) -> None:
    named = StartWindow("BPN2")
    qtbot.addWidget(named)
    assert named.windowTitle() == "Masuk — kasa BPN2"  # as the till's login is titled
    unknown = StartWindow()
    qtbot.addWidget(unknown)
    assert unknown.windowTitle() == "Bazaar POS"


def test_a_new_database_shows_no_login_for_nobody(qtbot: QtBot) -> None:
    # No file yet: nobody can log in; its first admin is asked once it is made.
    window = StartWindow(new_database=True)
    qtbot.addWidget(window)
    window.show_painted()
    assert window.status_label.text() == "Menyiapkan basis data baru…"
    assert not window.user_edit.isVisible() and not window.pin_edit.isVisible()
    assert not window.login_button.isVisible()


def test_the_pin_field_takes_digits_only(qtbot: QtBot, start: StartWindow) -> None:
    assert start.pin_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(start.pin_edit, "12ab34567890")
    assert start.pin_edit.text() == "12345678"


def test_modules_imported_behind_the_start_window_leave_no_source_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PySide6's import hook reads every module's source and linecache keeps it (~15 MB for
    # SQLAlchemy and the models); the till is opened with Python's own import instead.
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("behind_the_window", "after_the_window"):
        (tmp_path / f"{name}.py").write_text("VALUE = 1\n", encoding="utf-8")
    hooked = builtins.__import__
    with plain_imports():
        assert builtins.__import__ is not hooked
        importlib.invalidate_caches()
        import behind_the_window  # noqa: F401
    assert builtins.__import__ is hooked
    import after_the_window  # noqa: F401

    cached = set(linecache.cache)
    assert str(tmp_path / "behind_the_window.py") not in cached
    assert str(tmp_path / "after_the_window.py") in cached  # PySide6's hook, as it is
