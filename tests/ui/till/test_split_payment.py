"""Split tender on the sale screen: part QRIS/transfer, the rest in cash; change only from cash."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bazaar_pos.db.models import Payment, PaymentMethod, Sale
from bazaar_pos.startup import Till
from bazaar_pos.till.sales import PaymentRequest
from bazaar_pos.ui.till.payment_panel import PaymentPanel
from bazaar_pos.ui.till.sale_screen import SaleScreen
from tests.conftest import Staff
from tests.ui.till.support import KAPSTOK, TALENAN, sale_screen_for, scan


@pytest.fixture
def screen(qtbot: QtBot, till: Till, staff: Staff, shift: int) -> SaleScreen:
    return sale_screen_for(qtbot, till, staff.cashier)


def test_qris_30000_and_cash_50000_for_75000_gives_5000_change(
    qtbot: QtBot, screen: SaleScreen, till: Till
) -> None:
    scan(qtbot, screen, KAPSTOK)
    assert screen.total_label.text() == "Rp 75.000"
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    panel = screen.payment_panel
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_F6)
    assert panel.amount_edit.isVisible() and panel.reference_edit.isVisible()
    qtbot.keyClicks(panel.reference_edit, "QR-778812")
    qtbot.keyClicks(panel.amount_edit, "30.000")
    qtbot.keyClick(panel.amount_edit, Qt.Key.Key_F11)

    # Back to cash for the rest: the part and what is left are on screen.
    assert panel.tendered_edit.isVisible() and panel.tendered_edit.hasFocus()
    assert panel.parts_label.text() == "QRIS Rp 30.000 (QR-778812)\nSisa: Rp 45.000"
    assert panel.remaining == 45_000
    qtbot.keyClicks(panel.tendered_edit, "50.000")
    assert panel.change_label.text() == "Kembalian: Rp 5.000"
    with qtbot.waitSignal(screen.saleCompleted) as blocker:
        qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_Return)
    result = blocker.args[0]
    assert (result.total, result.change) == (75_000, 5_000)
    assert "Kembalian Rp 5.000" in screen.status_label.text()

    with till.db.read() as session:
        sale = session.scalars(select(Sale)).one()
        payments = session.scalars(select(Payment).order_by(Payment.id)).all()
    assert sale.total == 75_000
    assert sorted((p.method, p.amount, p.tendered, p.change, p.reference) for p in payments) == [
        ("cash", 45_000, 50_000, 5_000, ""),
        ("qris", 30_000, 30_000, 0, "QR-778812"),
    ]


def test_enter_after_a_smaller_qris_amount_adds_the_part(qtbot: QtBot) -> None:
    panel = PaymentPanel()
    qtbot.addWidget(panel)
    panel.start(75_000)
    panel.set_method(PaymentMethod.QRIS)
    emitted: list[list[PaymentRequest]] = []
    panel.confirmed.connect(emitted.append)
    qtbot.keyClicks(panel.amount_edit, "30000")
    qtbot.keyClick(panel.amount_edit, Qt.Key.Key_Return)
    assert emitted == []  # not paid yet: the cash rest comes next
    assert panel.parts == [PaymentRequest(method="qris", amount=30_000)]
    # Enter with an empty cash amount: exactly what is left.
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_Return)
    assert emitted == [
        [PaymentRequest(method="qris", amount=30_000), PaymentRequest("cash", tendered=45_000)]
    ]


def test_single_method_payment_is_one_request(qtbot: QtBot) -> None:
    panel = PaymentPanel()
    qtbot.addWidget(panel)
    panel.start(45_000)
    emitted: list[list[PaymentRequest]] = []
    panel.confirmed.connect(emitted.append)
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_Return)
    panel.set_method(PaymentMethod.TRANSFER)
    qtbot.keyClicks(panel.reference_edit, "BRI 0042")
    qtbot.keyClick(panel.reference_edit, Qt.Key.Key_Return)
    assert emitted == [
        [PaymentRequest("cash", tendered=45_000)],
        [PaymentRequest("transfer", reference="BRI 0042", amount=None)],
    ]


def test_split_mistakes_get_a_message_and_keep_the_parts(qtbot: QtBot) -> None:
    panel = PaymentPanel()
    qtbot.addWidget(panel)
    panel.start(75_000)
    problems: list[str] = []
    panel.problem.connect(problems.append)
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_F11)  # cash cannot be a split part
    assert "pilih QRIS (F6) atau transfer (F7)" in problems[-1]
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_F6)
    qtbot.keyClicks(panel.amount_edit, "80.000")
    qtbot.keyClick(panel.amount_edit, Qt.Key.Key_F11)
    assert "kurang dari sisa Rp 75.000" in problems[-1]
    assert panel.parts == []
    panel.amount_edit.clear()
    qtbot.keyClicks(panel.amount_edit, "20.000")
    qtbot.keyClick(panel.amount_edit, Qt.Key.Key_F11)
    assert panel.remaining == 55_000
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    assert (panel.parts, panel.remaining) == ([], 75_000)
    assert not panel.parts_label.isVisibleTo(panel)


def test_cash_below_the_rest_is_refused_and_keeps_cart_and_parts(
    qtbot: QtBot, screen: SaleScreen, till: Till
) -> None:
    scan(qtbot, screen, KAPSTOK)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    panel = screen.payment_panel
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_F6)
    qtbot.keyClicks(panel.amount_edit, "30.000")
    qtbot.keyClick(panel.amount_edit, Qt.Key.Key_F11)
    qtbot.keyClicks(panel.tendered_edit, "40.000")
    assert panel.change_label.text() == "Kurang Rp 5.000"
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_Return)
    assert "kurang" in screen.status_label.text()
    with till.db.read() as session:
        assert session.scalars(select(Sale)).all() == []
    assert screen.cart_model.rowCount() == 1
    assert panel.isVisible() and panel.remaining == 45_000


def test_quick_exact_amount_pays_what_is_left(qtbot: QtBot, screen: SaleScreen) -> None:
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    panel = screen.payment_panel
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_F7)
    qtbot.keyClicks(panel.amount_edit, "15.000")
    qtbot.keyClick(panel.amount_edit, Qt.Key.Key_F11)
    qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert panel.tendered_edit.text() == "30.000"
    with qtbot.waitSignal(screen.saleCompleted) as blocker:
        qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_Return)
    assert blocker.args[0].change == 0
