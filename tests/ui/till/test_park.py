"""Park, resume, cancel and void on the sale screen (F2, F3, Ctrl+Delete, F8, F4)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bazaar_pos.db.models import AuditEntry
from bazaar_pos.startup import Till
from bazaar_pos.till import parking
from bazaar_pos.till.parking import ParkedSaleInfo
from bazaar_pos.ui import ask
from bazaar_pos.ui.till import parked_dialog
from bazaar_pos.ui.till.sale_screen import SaleScreen
from tests.conftest import Staff
from tests.ui.till.support import (
    BESEK,
    KOPI_HITAM,
    TALENAN,
    approval_desk,
    sale_screen_for,
    scan,
)


@pytest.fixture
def screen(qtbot: QtBot, till: Till, staff: Staff, shift: int) -> SaleScreen:
    return sale_screen_for(qtbot, till, staff.cashier)


def audit(till: Till, action: str) -> list[AuditEntry]:
    with till.db.read() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )


def sold(screen: SaleScreen) -> list[tuple[str, int]]:
    return [(line.product.sku, line.quantity) for line in screen.cart_model.cart.lines]


def test_park_two_carts_and_resume_the_first(
    qtbot: QtBot, screen: SaleScreen, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = iter(["ibu baju merah", ""])
    monkeypatch.setattr(ask, "ask_text", lambda *args: next(labels))
    scan(qtbot, screen, f"2*{TALENAN}")
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F2)
    assert screen.cart_model.rowCount() == 0
    assert screen.status_label.text() == (
        "Diparkir: ibu baju merah (Rp 90.000). Lanjutkan dengan F3."
    )
    scan(qtbot, screen, KOPI_HITAM)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F2)
    assert screen.total_label.text() == "Rp 0"

    offered: list[list[ParkedSaleInfo]] = []

    def choose_first(parent: object, parked: list[ParkedSaleInfo]) -> str | None:
        offered.append(parked)
        return parked[0].uuid

    monkeypatch.setattr(parked_dialog, "choose_parked", choose_first)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F3)
    assert [(p.label, p.total, p.line_count, p.parked_by) for p in offered[0]] == [
        ("ibu baju merah", 90_000, 1, "Siti Aminah"),
        ("", 8_000, 1, "Siti Aminah"),
    ]
    assert sold(screen) == [("BLA-KYU-001", 2)]
    assert screen.total_label.text() == "Rp 90.000"
    assert screen.status_label.text() == "Dilanjutkan: ibu baju merah (Rp 90.000)."
    assert [p.total for p in parking.list_parked(till.db, "BPN1", actor=screen.actor)] == [8_000]
    assert len(audit(till, "sale_parked")) == 2
    assert len(audit(till, "sale_resumed")) == 1

    # The resumed cart is paid like any other.
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    with qtbot.waitSignal(screen.saleCompleted) as blocker:
        qtbot.keyClick(screen.payment_panel.tendered_edit, Qt.Key.Key_Return)
    assert blocker.args[0].total == 90_000


def test_resume_into_a_full_cart_is_refused(
    qtbot: QtBot, screen: SaleScreen, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ask, "ask_text", lambda *args: "bapak topi")
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F2)
    scan(qtbot, screen, KOPI_HITAM)
    chosen: list[int] = []
    monkeypatch.setattr(parked_dialog, "choose_parked", lambda *args: chosen.append(1) or None)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F3)
    assert chosen == []
    assert "parkir dulu (F2)" in screen.status_label.text()
    assert sold(screen) == [("BPN-KAF-001", 1)]
    assert len(parking.list_parked(till.db, "BPN1", actor=screen.actor)) == 1


def test_parking_an_empty_cart_or_resuming_nothing_says_so(
    qtbot: QtBot, screen: SaleScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ask, "ask_text", lambda *args: pytest.fail("nothing to park"))
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F2)
    assert "tidak ada yang diparkir" in screen.status_label.text()
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F3)
    assert screen.status_label.text() == "Tidak ada penjualan yang diparkir."


def test_parking_cancelled_at_the_label_keeps_the_cart(
    qtbot: QtBot, screen: SaleScreen, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ask, "ask_text", lambda *args: None)
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F2)
    assert sold(screen) == [("BLA-KYU-001", 1)]
    assert parking.list_parked(till.db, "BPN1", actor=screen.actor) == []


def test_cancel_the_whole_cart_is_logged(
    qtbot: QtBot, screen: SaleScreen, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []
    answers = iter([False, True])

    def choose_carefully(
        parent: object, title: str, question: str, do_text: str, keep_text: str
    ) -> bool:
        questions.append(question)
        assert (do_text, keep_text) == ("Batalkan keranjang", "Kembali ke penjualan")
        return next(answers)

    monkeypatch.setattr(ask, "choose_carefully", choose_carefully)
    scan(qtbot, screen, TALENAN)
    scan(qtbot, screen, f"10*{BESEK}")
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert sold(screen) == [("BLA-KYU-001", 1), ("BNA-BES-001", 10)]  # "no": nothing changes
    assert audit(till, "sale_cancelled") == []
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert questions == ["Batalkan seluruh keranjang (2 baris, Rp 46.250)?"] * 2
    assert screen.cart_model.rowCount() == 0
    assert screen.status_label.text() == "Penjualan Rp 46.250 dibatalkan (tercatat)."
    [entry] = audit(till, "sale_cancelled")
    assert (entry.user_name, entry.amount) == ("Siti Aminah", 46_250)
    assert "Talenan kayu jati x1" in entry.detail


def test_void_by_a_cashier_asks_the_supervisor(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    desk.refuse = True
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F8)
    assert desk.asked == [
        {
            "action": "line_void",
            "subject": screen.cart_model.cart.lines[0].subject,
            "amount": 45_000,
            "description": "Void 1 × Talenan kayu jati (Rp 45.000)",
            "minimum_role": "supervisor",
            "requested_by": staff.cashier,
        }
    ]
    assert sold(screen) == [("BLA-KYU-001", 1)]  # refused: the line stays
    assert audit(till, "line_void") == []

    desk.refuse = False
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F8)
    assert screen.cart_model.rowCount() == 0
    [entry] = audit(till, "line_void")
    assert (entry.user_name, entry.amount, entry.approved_by) == (
        "Siti Aminah",
        45_000,
        "Bu Ratna (Kasubsi)",
    )


def test_lowering_a_quantity_is_a_void_of_the_difference(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    monkeypatch.setattr(ask, "ask_integer", lambda *args: 4)
    scan(qtbot, screen, f"10*{BESEK}")
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F4)
    assert [asked["description"] for asked in desk.asked] == ["Void 6 × Besek bambu kecil (Rp 750)"]
    assert sold(screen) == [("BNA-BES-001", 4)]
    [entry] = audit(till, "line_void")
    assert (entry.amount, entry.approved_by) == (750, "Bu Ratna (Kasubsi)")


def test_lowering_a_quantity_in_the_table_is_a_void_too(
    qtbot: QtBot, screen: SaleScreen, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    scan(qtbot, screen, f"3*{TALENAN}")
    index = screen.cart_model.index(0, SaleScreen.QUANTITY_COLUMN)
    assert not screen.cart_model.setData(index, "1")  # not applied by the model itself
    qtbot.waitUntil(lambda: sold(screen) == [("BLA-KYU-001", 1)])
    assert [asked["action"] for asked in desk.asked] == ["line_void"]
    assert [entry.amount for entry in audit(till, "line_void")] == [90_000]


def test_supervisor_voids_without_a_pin(
    qtbot: QtBot, till: Till, staff: Staff, shift: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = sale_screen_for(qtbot, till, staff.supervisor)
    desk = approval_desk(monkeypatch, till.db, staff)
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F8)
    assert desk.asked == []
    assert screen.cart_model.rowCount() == 0
    [entry] = audit(till, "line_void")
    assert entry.approved_by == "Bu Ratna (Kasubsi)"


def test_parked_dialog_chooses_with_arrows_and_enter(
    qtbot: QtBot, screen: SaleScreen, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = iter(["pertama", "kedua"])
    monkeypatch.setattr(ask, "ask_text", lambda *args: next(labels))
    for code in (TALENAN, KOPI_HITAM):
        scan(qtbot, screen, code)
        qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F2)
    parked = parking.list_parked(till.db, "BPN1", actor=screen.actor)
    dialog = parked_dialog.ParkedSalesDialog(parked)
    qtbot.addWidget(dialog)
    assert dialog.chosen_uuid() == parked[0].uuid  # the customer waiting longest
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.chosen_uuid() == parked[1].uuid
    assert dialog.model.data(dialog.model.index(1, 1)) == "kedua"


def test_a_resumed_cart_asks_the_supervisor_again_before_payment(
    qtbot: QtBot,
    screen: SaleScreen,
    till: Till,
    staff: Staff,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    answers = iter(["25%", "ibu baju merah"])
    monkeypatch.setattr(ask, "ask_text", lambda *args: next(answers))
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9)  # 25 %: the supervisor approves
    before_parking = screen.cart_model.cart.lines[0].approval
    assert before_parking is not None
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F2)

    monkeypatch.setattr(parked_dialog, "choose_parked", lambda parent, parked: parked[0].uuid)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F3)
    line = screen.cart_model.cart.lines[0]
    assert (line.line_discount, line.approval) == (11_250, None)
    assert screen.status_label.text() == (
        "Dilanjutkan: ibu baju merah (Rp 33.750). 1 diskon/ubah harga perlu disetujui lagi "
        "(PIN supervisor saat bayar): persetujuan tidak ikut diparkir."
    )

    # F12: the supervisor's PIN is asked for this line again, then the cart is paid.
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    assert [(asked["action"], asked["subject"], asked["amount"]) for asked in desk.asked] == [
        ("line_discount", before_parking.subject, 11_250),
        ("line_discount", line.subject, 11_250),
    ]
    assert screen.payment_panel.isVisible()
    assert line.approval is not None and line.approval.approver_name == "Bu Ratna (Kasubsi)"
    with qtbot.waitSignal(screen.saleCompleted):
        qtbot.keyClick(screen.payment_panel.tendered_edit, Qt.Key.Key_Return)
    [entry] = audit(till, "discount")
    assert (entry.amount, entry.approved_by) == (11_250, "Bu Ratna (Kasubsi)")


def test_a_refused_re_approval_keeps_the_resumed_cart_unpaid(
    qtbot: QtBot,
    screen: SaleScreen,
    till: Till,
    staff: Staff,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = approval_desk(monkeypatch, till.db, staff)
    answers = iter(["25%", ""])
    monkeypatch.setattr(ask, "ask_text", lambda *args: next(answers))
    scan(qtbot, screen, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F9)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F2)
    monkeypatch.setattr(parked_dialog, "choose_parked", lambda parent, parked: parked[0].uuid)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F3)
    desk.refuse = True
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    assert not screen.payment_panel.isVisible()
    assert screen.status_label.text().startswith("Tidak diubah: Talenan kayu jati x1, diskon")
    assert sold(screen) == [("BLA-KYU-001", 1)]
    assert audit(till, "discount") == []
