"""Nothing lost when the till stops or closes mid-sale: the cart on disk after every scan,
parked at the next start, closing with a cart asks and parks it; the dialog for an error
nobody caught says whether the sale in progress is safe; the About box names the log."""

from __future__ import annotations

import ctypes
import json
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QLibraryInfo, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from bazaar_pos import logs
from bazaar_pos.db import Database
from bazaar_pos.people.access import Actor
from bazaar_pos.people.audit import list_audit
from bazaar_pos.startup import Till
from bazaar_pos.till import open_cart
from bazaar_pos.till.parking import list_parked
from bazaar_pos.ui import ask
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.people import login_dialog
from tests.conftest import Staff
from tests.ui.till.support import BESEK, TALENAN, approval_desk, scan

# The window system's own close request (the window's ×, Alt+F4 through the window manager,
# WM_CLOSE on Windows): every platform plugin hands it to Qt through this function, which
# delivers a *spontaneous* QCloseEvent. QWidget.close() and QWindow.close() from code send a
# non-spontaneous one instead, which the main window deliberately does not ask about.
# bool QWindowSystemInterface::handleCloseEvent<SynchronousDelivery>(QWindow*), as exported:
HANDLE_CLOSE = "_ZN22QWindowSystemInterface16handleCloseEventINS_19SynchronousDeliveryEEEbP7QWindow"


def close_from_window_system(widget: QWidget) -> bool:
    """Close ``widget`` as its × or Alt+F4 does; True when the window accepted the close."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the window system's close is reached through Qt's Linux library")
    library = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath)) / "libQt6Gui.so.6"
    try:
        handle_close = ctypes.CDLL(str(library))[HANDLE_CLOSE]
    except (OSError, AttributeError):  # a Qt that hides it: fail loudly, never a silent skip
        pytest.fail(f"{library} does not export QWindowSystemInterface::handleCloseEvent")
    handle_close.argtypes = [ctypes.c_void_p]
    handle_close.restype = ctypes.c_bool
    window = widget.windowHandle()
    assert window is not None, "the widget is not shown"
    pointer = shiboken6.getCppPointer(window)[0]  # QWindow* (the QSurface base comes second)
    return bool(handle_close(pointer))


def answer_next_question(qtbot: QtBot, key: Qt.Key, seen: list[QMessageBox]) -> None:
    """Press ``key`` in the next message box that opens (the real one, not a stand-in)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)
            return
        seen.append(box)
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, press)


def window_for(qtbot: QtBot, till: Till, actor: Actor | None) -> MainWindow:
    main = MainWindow(till, actor=actor)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def window(qtbot: QtBot, till: Till, staff: Staff, shift: int) -> Iterator[MainWindow]:
    yield window_for(qtbot, till, staff.cashier)


def saved_lines(till: Till) -> list[tuple[int, int]]:
    document = json.loads(open_cart.open_cart_path(till.data_dir).read_bytes())
    return [(line["product_id"], line["quantity"]) for line in document["cart"]["lines"]]


def pay_cash(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.sale_screen
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    with qtbot.waitSignal(screen.saleCompleted, timeout=5000):
        qtbot.keyClick(screen.payment_panel.tendered_edit, Qt.Key.Key_Return)


def test_every_scan_keeps_the_cart_on_disk_and_paying_removes_it(
    qtbot: QtBot, window: MainWindow, till: Till
) -> None:
    screen = window.sale_screen
    scan(qtbot, screen, TALENAN)
    first = saved_lines(till)
    scan(qtbot, screen, f"3*{BESEK}")
    assert len(saved_lines(till)) == 2 and saved_lines(till)[0] == first[0]
    assert saved_lines(till)[1][1] == 3
    assert screen.cart_saved
    sale_uuid = screen.cart_model.cart.sale_uuid
    pay_cash(qtbot, window)
    assert not open_cart.open_cart_path(till.data_dir).exists()
    assert window.sale_screen.last_sale is not None
    assert window.sale_screen.last_sale.sale_uuid == sale_uuid


def test_a_cart_left_by_a_till_that_stopped_is_parked_at_the_next_login(
    qtbot: QtBot, till: Till, staff: Staff, shift: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = window_for(qtbot, till, staff.cashier)
    scan(qtbot, before.sale_screen, TALENAN)
    scan(qtbot, before.sale_screen, f"10*{BESEK}")
    # The power goes: nothing runs any more. The next start builds a new window.
    told: list[str] = []
    monkeypatch.setattr(ask, "inform", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(login_dialog, "ask_login", lambda *args: staff.supervisor)
    after = window_for(qtbot, till, None)
    assert not list_parked(till.db, "BPN1", actor=staff.cashier)  # nobody logged in yet
    after.require_login()
    (parked,) = list_parked(till.db, "BPN1", actor=staff.cashier)
    assert (parked.total, parked.line_count) == (46_250, 2)
    assert parked.label == "Dipulihkan: kasa mati saat penjualan"
    (text,) = told
    assert "Keranjang Siti Aminah (2 baris, Rp\u00a046.250" in text  # "Rp" never ends a line
    assert "TIDAK terjual dan sudah diparkir" in text and "F3" in text
    assert "persetujuan supervisor" not in text  # no discount or price change in that cart
    (entry,) = list_audit(till.db, actions=["sale_recovered"])
    assert entry.user_name == "Bu Ratna (Kasubsi)"
    # A later login (Ctrl+L) does not park the cart now being rung up.
    scan(qtbot, after.sale_screen, TALENAN)
    after.switch_user()
    assert len(list_parked(till.db, "BPN1", actor=staff.cashier)) == 1
    assert after.sale_screen.cart_model.rowCount() == 1


Question = tuple[str, str, str, str, str]  # title, question, accept, reject, detail


def answer_with(monkeypatch: pytest.MonkeyPatch, answer: bool) -> list[Question]:
    """Stand in for the close question: record it and give ``answer`` (True: Enter)."""
    asked: list[Question] = []

    def choose(
        parent: object, title: str, question: str, yes: str, no: str, detail: str = ""
    ) -> bool:
        asked.append((title, question, yes, no, detail))
        return answer

    monkeypatch.setattr(ask, "choose", choose)
    return asked


def test_the_windows_close_button_with_a_cart_asks_and_the_default_parks_it(
    window: MainWindow, qtbot: QtBot, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan(qtbot, window.sale_screen, TALENAN)
    asked = answer_with(monkeypatch, True)
    assert close_from_window_system(window)  # the ×, or Alt+F4
    ((title, question, yes, no, detail),) = asked
    assert title == "Tutup Bazaar POS"
    assert question == "Penjualan ini belum dibayar (1 baris, Rp\u00a045.000)."
    assert (yes, no) == ("Parkir dan tutup", "Kembali ke penjualan")
    assert "F3" in detail and "Shift tetap terbuka" in detail
    assert "persetujuan" not in detail  # nothing was approved
    assert not window.isVisible()
    (parked,) = list_parked(till.db, "BPN1", actor=staff.cashier)
    assert parked.total == 45_000 and parked.label.startswith("Jendela ditutup")
    assert not open_cart.open_cart_path(till.data_dir).exists()  # parked: nothing left over


def test_going_back_from_the_close_question_keeps_the_window_and_the_cart(
    window: MainWindow, qtbot: QtBot, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan(qtbot, window.sale_screen, TALENAN)
    scan(qtbot, window.sale_screen, f"3*{BESEK}")
    asked = answer_with(monkeypatch, False)
    assert not close_from_window_system(window)
    assert len(asked) == 1
    assert window.isVisible()
    assert window.sale_screen.cart_model.rowCount() == 2
    assert saved_lines(till)[1][1] == 3  # still on disk for a crash
    assert not list_parked(till.db, "BPN1", actor=staff.cashier)
    assert window.sale_screen.scan_edit.hasFocus()  # back to scanning


def test_ctrl_q_with_a_cart_asks_the_same_question(
    window: MainWindow, qtbot: QtBot, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan(qtbot, window.sale_screen, TALENAN)
    asked = answer_with(monkeypatch, True)
    window.quit_action.trigger()  # Ctrl+Q
    assert asked[0][0] == "Tutup Bazaar POS"
    assert not window.isVisible()
    assert len(list_parked(till.db, "BPN1", actor=staff.cashier)) == 1


def test_the_close_question_parks_on_enter_and_goes_back_on_escape_or_its_own_close(
    window: MainWindow, qtbot: QtBot, till: Till, staff: Staff
) -> None:
    """The real dialog, answered with the keys a cashier presses."""
    scan(qtbot, window.sale_screen, TALENAN)
    seen: list[QMessageBox] = []
    answer_next_question(qtbot, Qt.Key.Key_Escape, seen)
    assert not close_from_window_system(window)
    assert window.isVisible() and window.sale_screen.cart_model.rowCount() == 1
    (box,) = seen
    assert box.windowTitle() == "Tutup Bazaar POS"
    default, escape = box.defaultButton(), box.escapeButton()
    assert default is not None and default.text() == "Parkir dan tutup"
    assert escape is not None and escape.text() == "Kembali ke penjualan"
    assert "Rp\u00a045.000" in box.text() and "F3" in box.informativeText()

    # The question's own × (or Alt+F4 on it) is "Kembali ke penjualan", never "park".
    def close_the_question() -> None:
        question = QApplication.activeModalWidget()
        if not isinstance(question, QMessageBox):
            QTimer.singleShot(10, close_the_question)
            return
        close_from_window_system(question)

    QTimer.singleShot(0, close_the_question)
    assert not close_from_window_system(window)
    assert window.isVisible() and not list_parked(till.db, "BPN1", actor=staff.cashier)

    answer_next_question(qtbot, Qt.Key.Key_Return, seen)
    assert close_from_window_system(window)
    assert not window.isVisible()
    (parked,) = list_parked(till.db, "BPN1", actor=staff.cashier)
    assert parked.total == 45_000


def test_a_close_from_code_does_not_ask_and_the_next_start_parks_the_cart(
    window: MainWindow, qtbot: QtBot, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QWidget.close() from the program (a damaged file found, a restore done) is not the
    user's: nothing is asked, the cart stays on disk and the next login parks it."""
    scan(qtbot, window.sale_screen, TALENAN)
    asked = answer_with(monkeypatch, False)
    assert window.close()
    assert not asked and not window.isVisible()
    assert saved_lines(till)  # on disk, for the next start
    monkeypatch.setattr(ask, "inform", lambda *args: None)
    monkeypatch.setattr(login_dialog, "ask_login", lambda *args: staff.cashier)
    window_for(qtbot, till, None).require_login()
    (parked,) = list_parked(till.db, "BPN1", actor=staff.cashier)
    assert parked.total == 45_000 and parked.label.startswith("Dipulihkan")


def test_closing_with_an_approved_discount_says_it_is_asked_again_at_payment(
    window: MainWindow,
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    approval_desk(monkeypatch, db, staff)
    scan(qtbot, window.sale_screen, TALENAN)
    monkeypatch.setattr(ask, "ask_text", lambda *args, **kwargs: "25%")
    window.sale_screen.discount_selected_line()
    assert window.sale_screen.cart_model.cart.lines[0].approval is not None
    asked = answer_with(monkeypatch, False)
    assert not close_from_window_system(window)
    detail = asked[0][4]
    assert "perlu disetujui lagi saat dibayar" in detail
    assert "persetujuan tidak ikut diparkir" in detail


def test_closing_a_locked_till_keeps_the_cart_on_disk_for_the_next_start(
    window: MainWindow, qtbot: QtBot, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan(qtbot, window.sale_screen, TALENAN)
    window.set_actor(None)  # Ctrl+L, and nobody logged in again
    told: list[str] = []
    answer_with(monkeypatch, True)
    monkeypatch.setattr(ask, "inform", lambda parent, title, text: told.append(text))
    assert close_from_window_system(window)
    assert "diparkir otomatis saat kasa dibuka lagi" in told[0]
    assert open_cart.open_cart_path(till.data_dir).exists()
    assert not list_parked(till.db, "BPN1", actor=staff.cashier)


def test_a_cart_that_cannot_be_written_is_said_once_and_selling_goes_on(
    window: MainWindow, qtbot: QtBot, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(open_cart, "save_open_cart", disk_full)
    screen = window.sale_screen
    scan(qtbot, screen, TALENAN)
    qtbot.waitUntil(lambda: "tidak bisa disimpan ke disk" in screen.status_label.text())
    assert not screen.cart_saved
    assert "No space" not in screen.status_label.text()  # no English on an Indonesian screen
    scan(qtbot, screen, TALENAN)
    assert screen.cart_model.cart.lines[0].quantity == 2
    # Nothing on disk: closing the window refuses rather than losing it when parking fails.
    text = window.unexpected_error_text(logs.Unexpected("KeyError", "x", "", None))
    assert "BELUM tersimpan" in text


def test_an_error_nobody_caught_says_whether_the_sale_in_progress_is_safe(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(ask, "alert", lambda parent, title, text: shown.append(text))
    report = logs.Unexpected("KeyError", "'x'", "", tmp_path / "bazaar-pos.log")
    window.show_unexpected_error(report)
    assert "Tidak ada penjualan yang sedang berjalan" in shown[0]
    assert str(tmp_path / "bazaar-pos.log") in shown[0]
    scan(qtbot, window.sale_screen, TALENAN)
    # From another thread: queued to the GUI thread, like logs.handle_unexpected does.
    worker = threading.Thread(target=lambda: window.unexpectedError.emit(report))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown) == 2)
    assert "(1 baris, Rp 45.000) tersimpan di disk" in shown[1]
    assert "KeyError" in shown[1] and "beri tahu admin" in shown[1]


def test_a_database_fault_nobody_caught_is_told_in_words_not_by_its_class_name(
    window: MainWindow, tmp_path: Path
) -> None:
    error = sqlite3.OperationalError("database or disk is full")
    report = logs.Unexpected(
        "OperationalError", str(error), "", tmp_path / "bazaar-pos.log", error=error
    )
    text = window.unexpected_error_text(report)
    assert text.startswith("Kesalahan basis data: ")
    assert "OperationalError" not in text and "disk is full" not in text
    assert "Tidak ada penjualan yang sedang berjalan" in text
    assert str(tmp_path / "bazaar-pos.log") in text


def test_the_about_box_names_the_log_file_and_the_data_folder(
    window: MainWindow, till: Till, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "log"))
    told: list[str] = []
    monkeypatch.setattr(ask, "inform", lambda parent, title, text: told.append(text))
    window.about_action.trigger()
    expected = logs.started_log()
    log_file = expected.log_file if expected else tmp_path / "log" / logs.LOG_FILE
    assert f"Berkas log: {log_file}" in told[0]
    assert f"Folder data: {till.data_dir}" in told[0]
