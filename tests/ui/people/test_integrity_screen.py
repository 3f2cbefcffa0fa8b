"""The journal check screen and the start-up warning: a supervisor sees every chain whole or
the first bad record named; a cashier is refused; a break found at start-up puts a red banner
over the till that only a supervisor can follow to the check screen."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from bazaar_pos.db.sales_summaries import SUMMARY_TABLES
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.paths import database_path
from bazaar_pos.people.access import NotPermitted
from bazaar_pos.people.audit import AuditAction, list_audit
from bazaar_pos.people.integrity import (
    JournalCheck,
    rebuild_sales_summaries,
    rebuild_stock_balances,
)
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till, open_till
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.people.integrity_screen import (
    COL_STATE,
    IntegrityScreen,
    install_journal_warning,
    summary_name,
)
from bench.journal_tamper import drop_triggers
from tests.conftest import Staff
from tests.ui.operations_support import finish_operations


@pytest.fixture
def sold(till: Till) -> Till:
    """Three sales, rung up before the staff exist (demo sales are for a till without users)."""
    add_demo_sales(till.db, 3)
    return till


@pytest.fixture
def busy(till: Till) -> Till:
    """200 sales (their summaries fill several pages), rung up before the staff exist."""
    add_demo_sales(till.db, 200)
    return till


def _screen(qtbot: QtBot, till: Till) -> IntegrityScreen:
    screen = IntegrityScreen(till, load_settings(till.db))
    qtbot.addWidget(screen)
    return screen


def checked(qtbot: QtBot, screen: IntegrityScreen) -> JournalCheck:
    """Run the check (on the operations layer) and wait for its result."""
    with qtbot.waitSignal(screen.checked, timeout=60_000) as blocker:
        screen.run_check()
    result: JournalCheck = blocker.args[0]
    return result


def _lower_total(till: Till, receipt_no: str) -> None:
    path = database_path(till.data_dir)
    with sqlite3.connect(path) as con:
        drop_triggers(con)
        con.execute("UPDATE sales SET total = 1000 WHERE receipt_no = ?", (receipt_no,))
    con.close()


def test_a_supervisor_sees_every_chain_whole(qtbot: QtBot, sold: Till, staff: Staff) -> None:
    till = sold
    screen = _screen(qtbot, till)
    screen.set_actor(staff.supervisor)
    assert screen.check_button.isEnabled()
    result = checked(qtbot, screen)
    assert result.ok
    assert screen.verdict_label.text().startswith("Jurnal utuh")
    model = screen.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, COL_STATE)) == "utuh"
    assert "(kasa ini)" in model.data(model.index(0, 0))


def test_a_changed_sale_is_named_as_the_first_break(qtbot: QtBot, sold: Till, staff: Staff) -> None:
    till = sold
    _lower_total(till, "BPN1-000002")
    screen = _screen(qtbot, till)
    screen.set_actor(staff.supervisor)
    checked(qtbot, screen)
    assert screen.verdict_label.text().startswith("JURNAL RUSAK")
    assert "penjualan BPN1-000002: isinya diubah" in screen.verdict_label.text()
    model = screen.model
    assert "BPN1-000002" in model.data(model.index(0, COL_STATE))
    assert model.data(model.index(0, COL_STATE), Qt.ItemDataRole.ForegroundRole) == QColor(
        Qt.GlobalColor.red
    )


def test_a_cashier_cannot_run_the_check(qtbot: QtBot, till: Till, staff: Staff) -> None:
    screen = _screen(qtbot, till)
    screen.set_actor(staff.cashier)
    assert not screen.check_button.isEnabled()
    screen.run_check()  # the service refuses, the screen says so
    finish_operations(qtbot)
    assert screen.result is None
    assert "supervisor" in screen.verdict_label.text().lower()
    assert screen.model.rowCount() == 0


def test_a_break_found_at_start_up_puts_a_banner_only_a_supervisor_can_follow(
    qtbot: QtBot, sold: Till, staff: Staff
) -> None:
    till = sold
    _lower_total(till, "BPN1-000001")
    again = open_till(till.data_dir, anonymous_setup=True)
    assert again.journal is not None and not again.journal.ok
    window = MainWindow(again)
    qtbot.addWidget(window)
    banner = install_journal_warning(window, again.journal, ask=False)
    assert banner is not None
    text = banner.findChild(QLabel, "journalWarningText")
    assert text is not None and "BPN1-000001" in text.text() and "PERINGATAN" in text.text()
    button = banner.findChild(QPushButton, "journalWarningOpen")
    assert button is not None and not button.isEnabled()  # locked till
    window.set_actor(staff.cashier)
    assert not button.isEnabled()
    window.set_actor(staff.supervisor)
    assert button.isEnabled()
    button.click()
    assert isinstance(window.pages.currentWidget(), IntegrityScreen)
    again.db.dispose()


def test_a_whole_journal_shows_no_warning(qtbot: QtBot, till: Till) -> None:
    window = MainWindow(till)
    qtbot.addWidget(window)
    assert till.journal is not None and till.journal.ok
    assert install_journal_warning(window, till.journal) is None


def test_the_chain_table_passes_the_model_tester(
    qtmodeltester: ModelTester, qtbot: QtBot, sold: Till, staff: Staff
) -> None:
    _lower_total(sold, "BPN1-000003")
    screen = _screen(qtbot, sold)
    qtmodeltester.check(screen.model)
    screen.set_actor(staff.supervisor)
    checked(qtbot, screen)
    qtmodeltester.check(screen.model)
    assert screen.model.rowCount() == 1


def test_a_stock_balance_written_by_hand_is_named_with_both_figures_and_written_again(
    qtbot: QtBot, sold: Till, staff: Staff
) -> None:
    """The ledger is whole, the balance the scan and the screens read is not: the screen says
    which product with both figures, and its button writes every balance again from the
    ledger (journaled), then checks again."""
    till = sold
    with sqlite3.connect(database_path(till.data_dir)) as con:
        (ledger,) = con.execute(
            "SELECT sum(quantity) FROM stock_movements WHERE product_id = "
            "(SELECT id FROM products WHERE sku = 'BLA-KYU-001')"
        ).fetchone()
        con.execute(
            "UPDATE stock_balances SET quantity = 99 WHERE product_id = "
            "(SELECT id FROM products WHERE sku = 'BLA-KYU-001')"
        )
    con.close()
    screen = _screen(qtbot, till)
    screen.set_actor(staff.supervisor)
    result = checked(qtbot, screen)
    assert not result.ok and result.breaks == 0
    assert screen.rebuild_button.isHidden()  # the summaries are right
    assert screen.verdict_label.text() == (
        "STOK TIDAK COCOK: saldo stok 1 produk berbeda dari jumlah mutasinya. "
        f"Yang pertama: BLA-KYU-001, saldo 99, mutasi {ledger}. Mutasinya sendiri utuh: "
        "tekan 'Tulis ulang saldo stok'."
    )
    model = screen.model
    assert model.data(model.index(0, COL_STATE)) == "utuh"  # every chain is whole
    screen.show()
    assert screen.balances_button.isVisible() and screen.balances_button.isEnabled()
    with qtbot.waitSignal(screen.checked, timeout=60_000) as blocker:
        qtbot.mouseClick(screen.balances_button, Qt.MouseButton.LeftButton)
    again: JournalCheck = blocker.args[0]
    assert again.ok and not again.balances
    assert screen.balances_button.isHidden()
    finish_operations(qtbot)
    with sqlite3.connect(database_path(till.data_dir)) as con:
        assert con.execute(
            "SELECT quantity FROM stock_balances WHERE product_id = "
            "(SELECT id FROM products WHERE sku = 'BLA-KYU-001')"
        ).fetchone() == (ledger,)
    con.close()
    entries = list_audit(till.db, actions=[AuditAction.BALANCES_REBUILT])
    assert [entry.user_name for entry in entries] == [staff.supervisor.display_name]


def test_a_sales_summary_written_by_hand_is_named_and_written_again_by_a_supervisor(
    qtbot: QtBot, sold: Till, staff: Staff
) -> None:
    """The records are whole, the summary the sales report reads is not: the screen says
    which table, and its button writes the summaries again from the records (journaled),
    then checks again."""
    till = sold
    with sqlite3.connect(database_path(till.data_dir)) as con:
        con.execute("UPDATE sales_by_cashier SET gross = gross + 500")
    con.close()
    screen = _screen(qtbot, till)
    screen.set_actor(staff.supervisor)
    screen.show()
    result = checked(qtbot, screen)
    assert not result.ok and result.breaks == 0 and not result.balances
    assert screen.verdict_label.text() == (
        "RINGKASAN PENJUALAN TIDAK COCOK: 1 tabel berbeda dari catatan penjualan "
        "(penjualan per kasir); laporan penjualan membacanya. Catatannya sendiri utuh: tekan "
        "'Tulis ulang ringkasan'."
    )
    assert screen.rebuild_button.isVisible() and screen.rebuild_button.isEnabled()
    with qtbot.waitSignal(screen.checked, timeout=60_000) as blocker:
        qtbot.mouseClick(screen.rebuild_button, Qt.MouseButton.LeftButton)
    again: JournalCheck = blocker.args[0]
    assert again.ok and not again.summaries
    assert screen.verdict_label.text().startswith("Jurnal utuh")
    assert screen.rebuild_button.isHidden()
    finish_operations(qtbot)
    entries = list_audit(till.db, actions=[AuditAction.SUMMARIES_REBUILT])
    assert [entry.user_name for entry in entries] == [staff.supervisor.display_name]


def test_a_cashier_cannot_write_the_summaries_again(till: Till, staff: Staff) -> None:
    with pytest.raises(NotPermitted):
        rebuild_sales_summaries(till.db, staff.cashier)
    assert list_audit(till.db, actions=[AuditAction.SUMMARIES_REBUILT]) == []


def test_a_cashier_cannot_write_the_stock_balances_again(till: Till, staff: Staff) -> None:
    with pytest.raises(NotPermitted):
        rebuild_stock_balances(till.db, staff.cashier)
    assert list_audit(till.db, actions=[AuditAction.BALANCES_REBUILT]) == []


def test_every_sales_summary_has_a_name_in_words() -> None:
    assert all(summary_name(table) != table for table in SUMMARY_TABLES)


def test_a_cashier_gets_neither_the_check_nor_the_rebuild_button(
    qtbot: QtBot, till: Till, staff: Staff
) -> None:
    screen = _screen(qtbot, till)
    screen.set_actor(staff.cashier)
    assert not screen.check_button.isEnabled()
    assert not screen.rebuild_button.isEnabled()
    assert not screen.balances_button.isEnabled()


@pytest.mark.sqlite_only("a full disk is made with SQLite's max_page_count")
def test_a_full_disk_during_the_rebuild_is_said_and_the_summaries_stay_as_they_were(
    qtbot: QtBot, busy: Till, staff: Staff
) -> None:
    """The rebuild is one transaction: a disk that fills half-way leaves the summaries as the
    check found them, journals nothing, says why in the screen's words, and may be tried
    again once there is room."""
    till = busy
    path = database_path(till.data_dir)
    with sqlite3.connect(path) as con:
        for table in SUMMARY_TABLES:
            con.execute(f"DELETE FROM {table}")
    con.execute("VACUUM")
    (pages,) = con.execute("PRAGMA page_count").fetchone()
    con.close()

    @event.listens_for(till.db.engine, "connect")
    def no_room(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    till.db.engine.dispose()
    screen = _screen(qtbot, till)
    screen.set_actor(staff.supervisor)
    screen.show()
    assert checked(qtbot, screen).summaries  # every summary is empty: all differ
    running = screen.run_rebuild()
    assert running is not None
    qtbot.waitUntil(lambda: screen.running is None, timeout=60_000)
    assert "penuh" in screen.verdict_label.text()  # the disk is full, in the screen's words
    assert screen.rebuild_button.isVisible() and screen.rebuild_button.isEnabled()
    with sqlite3.connect(path) as con:
        for table in SUMMARY_TABLES:
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    con.close()
    assert list_audit(till.db, actions=[AuditAction.SUMMARIES_REBUILT]) == []
    finish_operations(qtbot)
