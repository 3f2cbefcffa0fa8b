"""Discounts and price overrides on the sale screen, with a supervisor's PIN when needed."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.catalog.products import get_product, save_product
from bazaar_pos.db.models import AuditEntry, Sale, SaleLine
from bazaar_pos.errors import InvalidDiscount
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.till.cart_model import COL_DISCOUNT, COL_PRICE
from bazaar_pos.ui.till.sale_screen import SaleScreen
from tests.conftest import Staff
from tests.ui.till.support import (
    KOPI_HITAM,
    TALENAN,
    approval_desk,
    sale_screen_for,
    scan,
)


@pytest.fixture
def screen(qtbot: QtBot, till: Till, staff: Staff, shift: int) -> SaleScreen:
    return sale_screen_for(qtbot, till, staff.cashier)


def answer_text(monkeypatch: pytest.MonkeyPatch, answer: str | None) -> list[str]:
    """ask.ask_text answers ``answer``; returns the labels it was asked with."""
    labels: list[str] = []

    def fake(parent: object, title: str, label: str, text: str = "") -> str | None:
        labels.append(label)
        return answer

    monkeypatch.setattr(ask, "ask_text", fake)
    return labels


def pay_cash(qtbot: QtBot, screen: SaleScreen) -> None:
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    with qtbot.waitSignal(screen.saleCompleted):
        qtbot.keyClick(screen.payment_panel.tendered_edit, Qt.Key.Key_Return)


def test_cashier_gives_25_percent_and_the_supervisor_approves(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    labels = answer_text(monkeypatch, "25%")
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9)

    assert labels == ["Diskon baris (mis. 10% atau 5.000)"]
    line = screen.cart_model.cart.lines[0]
    # Asked for this line and this amount only.
    assert desk.asked == [
        {
            "action": "line_discount",
            "subject": line.subject,
            "amount": 11_250,
            "description": "Diskon 25% (Rp 11.250) untuk Talenan kayu jati",
            "minimum_role": "supervisor",
            "requested_by": staff.cashier,
        }
    ]
    assert line.line_discount == 11_250
    assert line.approval is not None and line.approval.approver_name == "Bu Ratna (Kasubsi)"
    model = screen.cart_model
    assert model.data(model.index(0, COL_DISCOUNT)) == "-Rp 11.250"
    assert "Bu Ratna" in model.data(model.index(0, COL_DISCOUNT), Qt.ItemDataRole.ToolTipRole)
    assert screen.total_label.text() == "Rp 33.750"
    assert screen.discount_label.text() == "Subtotal Rp 45.000 · Diskon -Rp 11.250"
    assert "disetujui Bu Ratna (Kasubsi)" in screen.status_label.text()

    pay_cash(qtbot, screen)
    with till.db.read() as session:
        sale = session.scalars(select(Sale)).one()
        sale_line = session.scalars(select(SaleLine)).one()
        discounts = session.scalars(select(AuditEntry).where(AuditEntry.action == "discount")).all()
    assert sale.total == 33_750
    assert sale.cashier == "Siti Aminah"
    assert (sale_line.list_price, sale_line.line_discount, sale_line.line_total) == (
        45_000,
        11_250,
        33_750,
    )
    assert sale_line.approved_by == "Bu Ratna (Kasubsi)"
    assert [(entry.amount, entry.approved_by) for entry in discounts] == [
        (11_250, "Bu Ratna (Kasubsi)")
    ]


def test_cashier_gives_5_percent_without_asking_anyone(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    answer_text(monkeypatch, "5%")
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9)
    assert desk.asked == []
    assert screen.cart_model.cart.lines[0].line_discount == 2_250
    assert screen.cart_model.cart.lines[0].approval is None
    assert screen.status_label.text() == "Diskon 5% (Rp 2.250) untuk Talenan kayu jati"

    pay_cash(qtbot, screen)
    with till.db.read() as session:
        sale_line = session.scalars(select(SaleLine)).one()
    assert (sale_line.line_discount, sale_line.line_total) == (2_250, 42_750)
    assert sale_line.approved_by == "Siti Aminah"  # within the cashier's own limit


def test_refused_approval_changes_nothing(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    desk.refuse = True
    answer_text(monkeypatch, "10.000")  # 22 % of Rp 45.000
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9)
    assert len(desk.asked) == 1
    assert desk.asked[0]["description"] == "Diskon Rp 10.000 untuk Talenan kayu jati"
    assert screen.cart_model.cart.lines[0].line_discount == 0
    assert screen.total_label.text() == "Rp 45.000"
    assert "perlu persetujuan supervisor" in screen.status_label.text()
    assert not screen.discount_label.isVisible()


def test_bad_discount_text_is_refused_and_keeps_the_cart(
    qtbot: QtBot, screen: SaleScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_text(monkeypatch, "banyak")
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9)
    assert screen.cart_model.cart.lines[0].line_discount == 0
    assert screen.status_label.text() == describe_error(InvalidDiscount("banyak", "not_a_number"))
    assert screen.cart_model.rowCount() == 1


def test_discount_larger_than_the_line_is_refused(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    approval_desk(monkeypatch, till.db, staff)
    answer_text(monkeypatch, "50.000")
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9)
    assert screen.cart_model.cart.lines[0].line_discount == 0
    assert screen.total_label.text() == "Rp 45.000"
    assert screen.status_label.text() == describe_error(
        InvalidDiscount("50000", "above_value", 45_000)
    )


def test_discount_needs_a_selected_line(
    qtbot: QtBot, screen: SaleScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = answer_text(monkeypatch, "5%")
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9)
    assert labels == []
    assert "Pilih baris" in screen.status_label.text()


def test_sale_discount_by_the_supervisor_needs_no_pin(
    qtbot: QtBot, till: Till, staff: Staff, shift: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = sale_screen_for(qtbot, till, staff.supervisor)
    desk = approval_desk(monkeypatch, till.db, staff)
    answer_text(monkeypatch, "20%")
    scan(qtbot, screen, TALENAN)
    scan(qtbot, screen, KOPI_HITAM)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert desk.asked == []
    assert screen.cart_model.cart.sale_discount == 10_600  # 20 % of Rp 53.000
    assert screen.total_label.text() == "Rp 42.400"
    assert screen.discount_label.text() == "Subtotal Rp 53.000 · Diskon -Rp 10.600"

    pay_cash(qtbot, screen)
    with till.db.read() as session:
        sale = session.scalars(select(Sale)).one()
        shares = session.scalars(select(SaleLine.sale_discount_share)).all()
    assert (sale.total, sale.discount) == (42_400, 10_600)
    assert sum(shares) == 10_600


def test_cashier_sale_discount_above_the_limit_asks_the_supervisor(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    answer_text(monkeypatch, "15.000")
    scan(qtbot, screen, TALENAN)
    scan(qtbot, screen, KOPI_HITAM)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert [asked["description"] for asked in desk.asked] == [
        "Diskon Rp 15.000 untuk seluruh penjualan"
    ]
    cart = screen.cart_model.cart
    assert cart.sale_discount == 15_000
    assert cart.sale_discount_approval is not None

    pay_cash(qtbot, screen)
    with till.db.read() as session:
        sale = session.scalars(select(Sale)).one()
    assert (sale.total, sale.discount, sale.discount_approved_by) == (
        38_000,
        15_000,
        "Bu Ratna (Kasubsi)",
    )


def test_price_override_is_marked_and_approved(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    answer_text(monkeypatch, "40.000")
    scan(qtbot, screen, f"2*{TALENAN}")
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F10)
    assert [(asked["action"], asked["description"]) for asked in desk.asked] == [
        ("price_override", "Harga Talenan kayu jati Rp 45.000 → Rp 40.000")
    ]
    model = screen.cart_model
    assert model.data(model.index(0, COL_PRICE)) == "Rp 40.000 *"
    assert "Rp 45.000" in model.data(model.index(0, COL_PRICE), Qt.ItemDataRole.ToolTipRole)
    assert screen.total_label.text() == "Rp 80.000"

    pay_cash(qtbot, screen)
    with till.db.read() as session:
        sale_line = session.scalars(select(SaleLine)).one()
        overrides = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "price_override")
        ).all()
    assert (sale_line.list_price, sale_line.unit_price, sale_line.line_total) == (
        45_000,
        40_000,
        80_000,
    )
    assert sale_line.approved_by == "Bu Ratna (Kasubsi)"
    assert [entry.approved_by for entry in overrides] == ["Bu Ratna (Kasubsi)"]


def test_refused_override_keeps_the_price(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    desk.refuse = True
    answer_text(monkeypatch, "40.000")
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F10)
    line = screen.cart_model.cart.lines[0]
    assert (line.unit_price, line.approval) == (45_000, None)
    assert screen.total_label.text() == "Rp 45.000"


def test_a_line_repriced_since_scanning_says_so_and_sells_at_the_scanned_price(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff
) -> None:
    scan(qtbot, screen, TALENAN)
    # The back office reprices it through the catalog service (journaled: the till believes
    # the scanned price because the journal shows the product had it).
    talenan = get_product(till.db, find_by_code(till.db, TALENAN).id)
    save_product(till.db, dataclasses.replace(talenan.to_draft(), price=50_000), actor=staff.admin)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    model = screen.cart_model
    assert model.data(model.index(0, 0)) == (
        "Talenan kayu jati (harga saat scan; katalog kini Rp 50.000)"
    )
    assert model.data(model.index(0, COL_PRICE)) == "Rp 45.000"  # no override mark
    assert screen.status_label.text() == (
        "Harga katalog 1 baris berubah sejak discan: dijual dengan harga saat scan."
    )
    with qtbot.waitSignal(screen.saleCompleted) as completed:
        qtbot.keyClick(screen.payment_panel.tendered_edit, Qt.Key.Key_Return)
    assert completed.args[0].total == 45_000
    with till.db.read() as session:
        line = session.scalars(select(SaleLine)).one()
        assert (line.unit_price, line.list_price, line.approved_by) == (45_000, 45_000, "")
