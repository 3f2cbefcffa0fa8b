"""What the cashier reads when the database file fails: while selling (the sale was not saved,
the cart stays) and at start (a dialog that says what is wrong and what to do, no traceback)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from bazaar_pos.cli.commands import main
from bazaar_pos.db.faults import (
    DatabaseFault,
    DatabaseReplaced,
    FaultReason,
    FileChange,
)
from bazaar_pos.paths import database_path
from bazaar_pos.startup import OpenProblem, Till, TillCannotOpen
from bazaar_pos.ui import ask
from bazaar_pos.ui.app import show_start_problem
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.till.sale_screen import SaleScreen
from tests.conftest import Staff
from tests.ui.till.support import BESEK, TALENAN, scan

NOT_SAVED = "Penjualan TIDAK tersimpan, keranjang tetap."


@pytest.fixture
def screen(qtbot: QtBot, till: Till, staff: Staff, shift: int) -> SaleScreen:
    window = MainWindow(till, actor=staff.cashier)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window.sale_screen


def sales_in(till: Till) -> int:
    connection = sqlite3.connect(database_path(till.data_dir))
    try:
        return int(connection.execute("SELECT count(*) FROM sales").fetchone()[0])
    finally:
        connection.close()


def pay(qtbot: QtBot, screen: SaleScreen) -> None:
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    qtbot.keyClick(screen.payment_panel.tendered_edit, Qt.Key.Key_Return)


def test_a_sale_on_a_deleted_database_file_says_not_saved_and_keeps_the_cart(
    qtbot: QtBot, screen: SaleScreen, till: Till
) -> None:
    scan(qtbot, screen, TALENAN)
    scan(qtbot, screen, f"10*{BESEK}")
    path = database_path(till.data_dir)
    path.unlink()
    pay(qtbot, screen)
    status = screen.status_label.text()
    assert status.startswith(NOT_SAVED)
    assert f"Berkas basis data {path} dihapus saat kasa berjalan" in status
    assert screen.last_sale is None
    assert [line.quantity for line in screen.cart_model.cart.lines] == [1, 10]


def test_a_sale_on_a_full_disk_says_so_and_keeps_the_cart(
    qtbot: QtBot, screen: SaleScreen, till: Till
) -> None:
    with till.db.read() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(till.db.engine, "connect")
    def _full(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")  # type: ignore[attr-defined]

    till.db.engine.dispose()
    for _ in range(200):  # the free room of the last pages fills after a few sales
        scan(qtbot, screen, f"10*{BESEK}")
        saved_before = sales_in(till)
        pay(qtbot, screen)
        if screen.status_label.text().startswith(NOT_SAVED):
            break
    status = screen.status_label.text()
    assert status.startswith(NOT_SAVED), status
    assert "Disk penuh" in status
    assert [line.quantity for line in screen.cart_model.cart.lines] == [10]
    assert sales_in(till) == saved_before  # the refused sale left nothing


FAULTS = [DatabaseFault(reason, "SQLITE_X", "detail") for reason in FaultReason]
REPLACED = [DatabaseReplaced(Path("/data/bazaar.sqlite3"), change) for change in FileChange]
REFUSALS = [TillCannotOpen(problem, Path("/data/bazaar.sqlite3"), "x") for problem in OpenProblem]


@pytest.mark.parametrize("error", FAULTS + REPLACED + REFUSALS, ids=str)
def test_every_database_fault_has_its_own_sentence(error: Exception) -> None:
    sentence = describe_error(error)
    assert sentence and sentence != str(error)
    others = [describe_error(other) for other in FAULTS + REPLACED + REFUSALS if other is not error]
    assert sentence not in others


@pytest.mark.parametrize("error", FAULTS + REPLACED, ids=str)
def test_a_fault_while_working_says_nothing_was_saved(error: Exception) -> None:
    assert "tidak ada yang tersimpan" in describe_error(error)


def test_a_refused_start_names_the_newest_good_backup_and_how_to_restore_it() -> None:
    backup = Path("/data/backups/bazaar-2026-12-07.sqlite3")
    for problem in (OpenProblem.DATABASE_MISSING, OpenProblem.DATABASE_EMPTY, OpenProblem.DAMAGED):
        with_backup = describe_error(TillCannotOpen(problem, Path("/d/bazaar.sqlite3"), "", backup))
        assert f'bazaar-pos restore "{backup}"' in with_backup
        without = describe_error(TillCannotOpen(problem, Path("/d/bazaar.sqlite3")))
        assert without.endswith("Tidak ada cadangan baik yang ditemukan: panggil admin.")


def test_the_app_shows_a_refused_start_in_a_dialog_not_a_traceback(
    qtbot: QtBot, till: Till, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "alert", lambda _parent, title, text: shown.append((title, text)))
    till.db.dispose()
    folder = tmp_path / "copy"
    shutil.copytree(till.data_dir, folder)
    with open(database_path(folder), "r+b") as handle:
        handle.write(b"not a database!!")
    assert main(["--data-dir", str(folder)]) == 1
    assert shown == [
        (
            "Bazaar POS tidak bisa dibuka",
            f"Berkas basis data {database_path(folder)} rusak: jangan dipakai lagi. Tidak ada "
            "cadangan baik yang ditemukan: panggil admin.",
        )
    ]
    refused = TillCannotOpen(OpenProblem.READ_ONLY_FOLDER, folder)
    assert show_start_problem(refused) == 1
    assert "hanya-baca (read-only)" in shown[-1][1]


def test_a_pulled_usb_stick_is_told_with_the_tills_data_safe() -> None:
    from bazaar_pos.sync.errors import ExportFolderGone

    assert describe_error(ExportFolderGone(Path("/media/kasir/USB"))) == (
        "Folder tujuan /media/kasir/USB tidak ada lagi (flashdisk dicabut?): ekspor tidak "
        "ditulis. Data kasa tetap tersimpan di komputer ini; pasang lagi flashdisk lalu ekspor "
        "ulang."
    )


def test_damage_found_after_the_window_opened_is_told_and_closes_it(
    qtbot: QtBot, till: Till, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bazaar_pos.startup import DamageCheck
    from bazaar_pos.ui.app import watch_damage_check

    shown: list[str] = []
    monkeypatch.setattr(ask, "alert", lambda _parent, _title, text: shown.append(text))
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + bytes(8192))
    window = MainWindow(till)
    qtbot.addWidget(window)
    window.show()
    watch_damage_check(window, DamageCheck(damaged, None))
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0].startswith(f"Berkas basis data {damaged} rusak: jangan dipakai lagi.")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_a_raw_database_error_on_any_screen_is_told_as_the_fault_not_its_class() -> None:
    """``describe_error`` is what every screen uses: the driver's error, or SQLAlchemy's
    wrapper of it, gets the fault's sentence (shift, backup, receipt … screens)."""
    from sqlalchemy.exc import OperationalError

    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
    full.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
    for error in (full, OperationalError("INSERT", {}, full)):
        text = describe_error(error)
        assert text.startswith("Disk penuh: basis data tidak bisa menulis"), text
        assert "OperationalError" not in text


def test_an_office_server_nobody_runs_is_told_as_such_at_start(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A till on the LAN, or the office, started while the database server is down (port 1
    on this machine: nothing listens there): the dialog says the server cannot be reached,
    not a driver's class name."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "alert", lambda _parent, title, text: shown.append((title, text)))
    url = "postgresql+psycopg://bazaar@127.0.0.1:1/bazaar_kanwil"
    assert main(["--data-dir", str(tmp_path / "till"), "--db", url]) == 1
    assert len(shown) == 1
    assert shown[0][1] == (
        "Server basis data tidak bisa dihubungi (mati, atau jaringannya terputus): tidak ada "
        "yang tersimpan. Periksa server dan jaringan, lalu coba lagi."
    )
