"""The shift screen and its models, driven as a cashier does: float typed into the
denomination table, paid-out with a reason, the X report, and a shift close with the cash
counted by denomination (expected vs counted, the difference live, the Z number)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.db import Database
from bazaar_pos.people.audit import AuditAction, list_audit
from bazaar_pos.people.shifts import (
    ShiftInfo,
    current_shift,
    list_shifts,
    open_shift,
    record_cash_movement,
    shift_report,
)
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.papers.documents import DocumentDelivery
from bazaar_pos.ui.people import shift_screen
from bazaar_pos.ui.people.shift_models import (
    QUANTITY,
    SUBTOTAL,
    VALUE_ROLE,
    CashMovementModel,
    DenominationCountModel,
    MethodTotalsModel,
    parse_pieces,
)
from bazaar_pos.ui.people.shift_screen import (
    CLOSED_PAGE,
    CLOSING_PAGE,
    OPEN_PAGE,
    SHIFT_PAGE,
    ShiftScreen,
)
from tests.conftest import Staff
from tests.people.test_shifts import Pay, add_cashier, ring

# --- helpers ---------------------------------------------------------------------------------


def make_screen(qtbot: QtBot, till: Till, actor: object | None) -> ShiftScreen:
    settings = load_settings(till.db).with_changes(till_code="BPN1", paper="80mm")
    screen = ShiftScreen(till, settings)
    qtbot.addWidget(screen)
    screen.set_actor(actor)  # type: ignore[arg-type]
    screen.activate()
    return screen


def type_count(model: DenominationCountModel, key: str, text: str) -> bool:
    return bool(model.setData(model.index(model.row_of(key), QUANTITY), text))


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Report PDFs "delivered" (printing replaced); confirmations answered yes."""
    delivered: list[Path] = []

    def deliver(parent: object, path: Path, settings: TillSettings) -> DocumentDelivery:
        delivered.append(path)
        return DocumentDelivery(path, opened=True)

    monkeypatch.setattr(shift_screen, "deliver_report", deliver)
    monkeypatch.setattr(ask, "confirm", lambda parent, title, question: True)
    return delivered


# --- models ----------------------------------------------------------------------------------


def test_parse_pieces() -> None:
    assert parse_pieces("") == 0
    assert parse_pieces(" 12 ") == 12
    assert parse_pieces("1.200") == 1200
    assert parse_pieces("-1") is None
    assert parse_pieces("2,5") is None
    assert parse_pieces("dua") is None
    assert parse_pieces("100000") is None  # more than MAX_PIECES


def test_denomination_model_counts_and_totals(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = DenominationCountModel()
    totals: list[int] = []
    rejected: list[tuple[str, str]] = []
    model.totalChanged.connect(totals.append)
    model.inputRejected.connect(lambda key, text: rejected.append((key, text)))

    assert model.rowCount() == 11 and model.columnCount() == 4
    assert [model.index(row, 0).data() for row in (0, 6, 7, 10)] == [
        "Rp 100.000",
        "Rp 1.000",
        "Rp 1.000",
        "Rp 100",
    ]
    assert [model.index(row, 1).data() for row in (6, 7)] == ["uang kertas", "koin"]
    assert model.flags(model.index(0, QUANTITY)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, SUBTOTAL)) & Qt.ItemFlag.ItemIsEditable

    assert type_count(model, "note_100000", "2")
    assert type_count(model, "note_1000", "3")
    assert type_count(model, "coin_1000", "1.200")
    assert model.setData(model.index(model.row_of("coin_500"), QUANTITY), 4)
    assert not type_count(model, "coin_200", "-3")
    assert not type_count(model, "coin_100", "banyak")
    assert rejected == [("coin_200", "-3"), ("coin_100", "banyak")]
    assert model.counts() == {"note_100000": 2, "note_1000": 3, "coin_1000": 1200, "coin_500": 4}
    assert model.total() == 200_000 + 3_000 + 1_200_000 + 2_000
    assert totals[-1] == model.total()
    row = model.row_of("coin_1000")
    assert model.index(row, QUANTITY).data() == "1.200"
    assert model.index(row, SUBTOTAL).data() == "Rp 1.200.000"
    assert model.index(row, SUBTOTAL).data(VALUE_ROLE) == 1_200_000
    qtmodeltester.check(model)
    model.clear()
    assert model.counts() == {} and totals[-1] == 0


def test_report_models(
    qtbot: QtBot, qtmodeltester: ModelTester, db: Database, staff: Staff, shift: int
) -> None:
    ring(db, shift, [Pay("cash", 45_000, tendered=100_000)])
    ring(db, shift, [Pay("qris", 45_000)])
    record_cash_movement(
        db, staff.cashier, till_code="BPN1", kind="paid_out", amount=2_000, reason="parkir"
    )
    report = shift_report(db, staff.supervisor, shift)
    methods = MethodTotalsModel()
    methods.set_records(report.methods)
    assert [methods.index(row, 0).data() for row in range(3)] == ["Tunai", "QRIS", "Transfer bank"]
    assert methods.index(1, 1).data() == "Rp 45.000"
    assert methods.index(0, 3).data(VALUE_ROLE) == 45_000
    qtmodeltester.check(methods)
    movements = CashMovementModel()
    movements.set_records(report.cash_movements)
    assert [movements.index(0, column).data() for column in (1, 2, 3, 4)] == [
        "Uang keluar",
        "-Rp 2.000",
        "parkir",
        "Siti Aminah",
    ]
    qtmodeltester.check(movements)


# --- the screen ------------------------------------------------------------------------------


def test_opening_a_shift_with_a_counted_float(
    qtbot: QtBot, till: Till, staff: Staff, no_dialogs: list[Path]
) -> None:
    screen = make_screen(qtbot, till, staff.cashier)
    assert screen.current_page() == OPEN_PAGE
    assert "BPN1" in screen.open_title.text()
    type_count(screen.float_model, "note_100000", "1")
    type_count(screen.float_model, "note_50000", "1")
    type_count(screen.float_model, "note_10000", "4")
    type_count(screen.float_model, "coin_500", "20")
    assert "Rp 200.000" in screen.float_total_label.text()

    with qtbot.waitSignal(screen.shiftChanged) as opened:
        screen.open_button.click()
    info = opened.args[0]
    assert isinstance(info, ShiftInfo)
    assert info.opening_float == 200_000
    assert info.opened_by == "Siti Aminah"
    assert current_shift(till.db, "BPN1") == info
    assert screen.current_page() == SHIFT_PAGE
    assert screen.report_panel.title_label.text() == "Laporan X (sementara)"
    assert screen.report_panel.cash_values["expected"].text() == "Rp 200.000"
    assert screen.float_model.total() == 0


def test_opening_twice_keeps_the_typed_float(
    qtbot: QtBot, till: Till, staff: Staff, no_dialogs: list[Path]
) -> None:
    screen = make_screen(qtbot, till, staff.cashier)
    type_count(screen.float_model, "note_50000", "2")
    # Another window (or till process) opened the shift meanwhile.
    open_shift(till.db, staff.supervisor, till_code="BPN1", event_id=None, float_counts={})
    with qtbot.waitSignal(screen.statusMessage) as message:
        screen.open_button.click()
    assert message.args[1] == "error"
    assert "sudah punya shift terbuka" in message.args[0]
    assert "Bu Ratna (Kasubsi)" in message.args[0]
    assert screen.float_model.counts() == {"note_50000": 2}


def test_paid_out_through_the_form(
    qtbot: QtBot, till: Till, staff: Staff, shift: int, no_dialogs: list[Path]
) -> None:
    screen = make_screen(qtbot, till, staff.cashier)
    screen.movement_kind.setCurrentIndex(screen.movement_kind.findData("paid_out"))
    screen.movement_amount.setText("250.000")
    screen.movement_reason.setText("setor ke bendahara")
    with qtbot.waitSignal(screen.statusMessage) as refused:
        screen.movement_button.click()
    assert refused.args[1] == "error"
    assert "Rp 250.000" in refused.args[0] and "Rp 200.000" in refused.args[0]
    assert screen.movement_amount.text() == "250.000"  # kept for a correction

    screen.movement_amount.setText("12.500")
    screen.movement_reason.setText("beli kantong plastik")
    qtbot.keyClick(screen.movement_reason, Qt.Key.Key_Return)
    assert screen.movement_amount.text() == "" and screen.movement_reason.text() == ""
    assert screen.report_panel.cash_values["paid_out"].text() == "Rp 12.500"
    assert screen.report_panel.cash_values["expected"].text() == "Rp 187.500"
    assert screen.report_panel.movements_model.index(0, 3).data() == "beli kantong plastik"
    [entry] = list_audit(till.db, actions=[AuditAction.PAID_OUT])
    assert entry.detail == "beli kantong plastik"


def test_x_report_pdf_is_saved_printed_and_changes_no_figure(
    qtbot: QtBot, till: Till, staff: Staff, shift: int, no_dialogs: list[Path]
) -> None:
    ring(till.db, shift, [Pay("cash", 45_000, tendered=100_000)])
    screen = make_screen(qtbot, till, staff.cashier)
    with qtbot.waitSignal(screen.reportSaved) as saved:
        screen.x_button.click()
    path = saved.args[0]
    assert no_dialogs == [path]
    assert path.parent == till.data_dir / "reports"
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "LAPORAN X (sementara)" in text and "Rp 245.000" in text
    assert len(list_audit(till.db, actions=[AuditAction.X_REPORT])) == 1
    assert current_shift(till.db, "BPN1") is not None
    assert screen.report_panel.cash_values["expected"].text() == "Rp 245.000"


def test_closing_a_shift_with_denominations(
    qtbot: QtBot,
    till: Till,
    staff: Staff,
    shift: int,
    no_dialogs: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Rp 45.000 paid with Rp 100.000: the drawer should hold 200.000 + 45.000 = 245.000.
    ring(till.db, shift, [Pay("cash", 45_000, tendered=100_000)])
    ring(till.db, shift, [Pay("qris", 45_000)])
    questions: list[str] = []

    def confirm(parent: object, title: str, question: str) -> bool:
        questions.append(question)
        return True

    screen = make_screen(qtbot, till, staff.cashier)
    monkeypatch.setattr(ask, "confirm", confirm)
    assert screen.current_page() == SHIFT_PAGE
    screen.close_button.click()
    assert screen.current_page() == CLOSING_PAGE
    assert screen.expected_label.text() == "Rp 245.000"
    assert screen.difference_label.text() == "-Rp 245.000 (kurang)"

    type_count(screen.count_model, "note_100000", "2")
    assert screen.counted_label.text() == "Rp 200.000"
    type_count(screen.count_model, "note_20000", "2")
    type_count(screen.count_model, "note_2000", "2")
    type_count(screen.count_model, "coin_500", "1")
    assert screen.counted_label.text() == "Rp 244.500"
    assert screen.difference_label.text() == "-Rp 500 (kurang)"
    type_count(screen.count_model, "coin_500", "3")
    assert screen.difference_label.text() == "+Rp 500 (lebih)"
    type_count(screen.count_model, "coin_500", "2")
    assert screen.difference_label.text() == "Rp 0 (cocok)"
    type_count(screen.count_model, "coin_100", "5")
    screen.close_note.setText("koin 100 dari kas kecil")

    with qtbot.waitSignal(screen.shiftChanged) as closed:
        screen.confirm_close_button.click()
    assert closed.args[0] is None
    assert "Rp 245.000" in questions[0] and "Rp 245.500" in questions[0]
    assert "+Rp 500" in questions[0]

    assert screen.current_page() == CLOSED_PAGE
    assert screen.z_panel.title_label.text() == "Laporan Z No. 1"
    assert screen.z_panel.cash_values["counted"].text() == "Rp 245.500"
    assert screen.z_panel.cash_values["difference"].text() == "+Rp 500"
    assert "Laporan Z No. 1" in screen.status_label.text()
    assert current_shift(till.db, "BPN1") is None
    [closed_shift] = list_shifts(till.db, staff.supervisor, "BPN1")
    assert closed_shift.z_number == 1
    z = shift_report(till.db, staff.supervisor, shift)
    assert z.difference == 500 and z.note == "koin 100 dari kas kecil"

    pdf = till.data_dir / "reports" / "shift-BPN1-Z0001.pdf"
    assert screen.last_pdf == pdf
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "LAPORAN Z No. 1" in text and "+Rp 500" in text
    screen.z_pdf_button.click()
    assert no_dialogs == [pdf]

    # activate() keeps the Z report on show; "Buka shift baru" goes to the float form.
    screen.activate()
    assert screen.current_page() == CLOSED_PAGE
    screen.new_shift_button.click()
    assert screen.current_page() == OPEN_PAGE


def test_counting_by_keyboard(
    qtbot: QtBot, till: Till, staff: Staff, shift: int, no_dialogs: list[Path]
) -> None:
    screen = make_screen(qtbot, till, staff.cashier)
    screen.show()
    qtbot.waitExposed(screen)
    screen.close_button.click()
    view = screen.count_view
    assert view.currentIndex().row() == 0 and view.currentIndex().column() == QUANTITY

    qtbot.keyClicks(view, "2")  # typing starts the editor
    assert view.state() == QAbstractItemView.State.EditingState
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit) and editor.text() == "2"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QCoreApplication.processEvents()  # the delegate commits Enter through a queued call
    assert screen.count_model.counts() == {"note_100000": 2}
    assert view.currentIndex().row() == 1

    qtbot.keyClick(view, Qt.Key.Key_Tab)  # skip Rp 50.000
    qtbot.keyClicks(view, "3")
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    QCoreApplication.processEvents()
    assert screen.count_model.counts() == {"note_100000": 2, "note_20000": 3}
    assert view.currentIndex().row() == 3
    assert screen.counted_label.text() == "Rp 260.000"
    assert screen.difference_label.text() == "+Rp 60.000 (lebih)"
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter on a row edits its quantity
    assert view.state() == QAbstractItemView.State.EditingState
    assert view.currentIndex().row() == 3


def test_declining_the_confirmation_closes_nothing(
    qtbot: QtBot,
    till: Till,
    staff: Staff,
    shift: int,
    no_dialogs: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ask, "confirm", lambda parent, title, question: False)
    screen = make_screen(qtbot, till, staff.cashier)
    screen.close_button.click()
    type_count(screen.count_model, "note_100000", "2")
    screen.confirm_close_button.click()
    assert screen.current_page() == CLOSING_PAGE
    assert screen.count_model.counts() == {"note_100000": 2}
    assert current_shift(till.db, "BPN1") is not None
    screen.cancel_close_button.click()
    assert screen.current_page() == SHIFT_PAGE


def test_a_cashier_is_offered_nothing_on_anothers_shift(
    qtbot: QtBot, till: Till, staff: Staff, no_dialogs: list[Path]
) -> None:
    other = add_cashier(till.db, "dewi", "Dewi Lestari")
    open_shift(till.db, other, till_code="BPN1", event_id=None, float_counts={"note_50000": 1})
    screen = make_screen(qtbot, till, staff.cashier)
    # Dewi's drawer is not hers: no figures, no X report, no close, and the sentence says why.
    assert screen.report is None
    assert not screen.close_button.isEnabled()
    assert not screen.x_button.isEnabled()
    assert screen.status_label.text() == (
        "kasir (kasir) tidak berhak melakukan ini: perlu supervisor ke atas."
    )
    assert current_shift(till.db, "BPN1") is not None

    # A supervisor closes it.
    screen.set_actor(staff.supervisor)
    screen.activate()
    assert screen.close_button.isEnabled()
    screen.close_button.click()
    type_count(screen.count_model, "note_50000", "1")
    with qtbot.waitSignal(screen.shiftChanged):
        screen.confirm_close_button.click()
    assert screen.z_panel.title_label.text() == "Laporan Z No. 1"
    assert "Bu Ratna (Kasubsi)" in screen.z_panel.info_label.text()


def test_without_a_login_nothing_can_be_done(qtbot: QtBot, till: Till, staff: Staff) -> None:
    screen = make_screen(qtbot, till, None)
    assert screen.current_page() == OPEN_PAGE
    assert not screen.open_button.isEnabled()
    assert "login" in screen.status_label.text()
    screen.set_actor(staff.cashier)
    assert screen.open_button.isEnabled()
    assert screen.status_label.text() == ""
