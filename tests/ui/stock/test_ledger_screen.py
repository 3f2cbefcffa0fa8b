"""The stock ledger screen: the event's movements newest first, goods arriving (a delivery
note of several lines), damage with its reason, and reversals — through the real services."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from bazaar_pos.catalog.lookup import ProductInfo, find_by_code, search_products
from bazaar_pos.db import Database
from bazaar_pos.db.models import MovementKind, StockMovement
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.stock.ledger import record_arrivals, stock_on_hand
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui import ask
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.stock import ledger_screen
from bazaar_pos.ui.stock.ledger_model import (
    COL_KIND,
    COL_NOTE,
    COL_PRODUCT,
    COL_QUANTITY,
    COL_RECORDED_BY,
    COL_REVERSAL,
    ArrivalLinesModel,
)
from bazaar_pos.ui.stock.ledger_screen import ArrivalDialog, DamageDialog, LedgerScreen
from bazaar_pos.ui.till import search_runner
from tests.conftest import Staff

# From assets/demo_catalog.csv
TALENAN = "2003000000030"  # BLA-KYU-001, 25 arrived
KOTAK_TISU = "BLA-KYU-002"  # 15 arrived
KESET_SABUT = "BLA-KES-002"  # "Keset sabut kelapa", 20 arrived
ASBAK = "BLA-KYU-003"  # 30 arrived
KOPI_HITAM = "2001000000098"  # café drink: no stock


def movement_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(StockMovement)) or 0)


def on_hand(db: Database, code: str) -> int:
    return stock_on_hand(db, find_by_code(db, code).id)


@pytest.fixture
def settings(till: Till) -> TillSettings:
    return load_settings(till.db).with_changes(cashier="Siti")


@pytest.fixture
def screen(qtbot: QtBot, till: Till, settings: TillSettings) -> Iterator[LedgerScreen]:
    widget = LedgerScreen(till, settings)
    qtbot.addWidget(widget)
    widget.resize(1180, 720)
    widget.show()
    widget.activate()
    yield widget


def row_texts(screen: LedgerScreen, row: int) -> dict[int, str]:
    proxy = screen.proxy
    return {col: proxy.data(proxy.index(row, col)) for col in range(proxy.columnCount())}


def dialog_runner(monkeypatch: pytest.MonkeyPatch, act: Callable[[QDialog], bool]) -> list[QDialog]:
    """Replace ``run_dialog``: ``act`` plays the user's part instead of ``exec()``."""
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> bool:
        seen.append(dialog)
        return act(dialog)

    monkeypatch.setattr(ledger_screen, "run_dialog", run)
    return seen


def test_lists_the_event_ledger_newest_first(
    till: Till, settings: TillSettings, screen: LedgerScreen
) -> None:
    arrivals = screen.model.rowCount()
    assert arrivals == 25  # the demo's opening stock: one arrival per tracked product
    assert screen.title_label.text() == "Mutasi stok — Bazar HBP ke-62"
    talenan = find_by_code(till.db, TALENAN)
    commit_sale(
        till.db,
        [SaleLineRequest(talenan.id, 3, talenan.price)],
        PaymentRequest("cash", 135_000),
        cashier="Siti",
        till_code="BPN1",
        event_id=settings.current_event_id,
    )
    screen.reload()
    assert screen.model.rowCount() == arrivals + 1
    newest = row_texts(screen, 0)
    assert (newest[COL_KIND], newest[COL_QUANTITY], newest[COL_PRODUCT]) == (
        "Penjualan",
        "-3",
        "Talenan kayu jati",
    )
    assert row_texts(screen, 1)[COL_KIND] == "Barang datang"
    assert row_texts(screen, 1)[COL_QUANTITY].startswith("+")
    assert screen.shown_label.text() == f"{arrivals + 1} mutasi"

    # A sale is undone by a refund, not here: the button says why.
    screen.table_view.selectRow(0)
    assert not screen.reverse_button.isEnabled()
    assert "refund" in screen.reverse_button.toolTip()

    screen.set_kind_filter(MovementKind.SALE)
    assert screen.model.rowCount() == 1
    screen.set_kind_filter(None)
    screen.search_edit.setText("talenan")
    assert screen.proxy.rowCount() == 2
    assert {row_texts(screen, r)[COL_PRODUCT] for r in range(2)} == {"Talenan kayu jati"}


def test_arrivals_of_several_lines_in_one_call(
    qtbot: QtBot, till: Till, screen: LedgerScreen, monkeypatch: pytest.MonkeyPatch, staff: Staff
) -> None:
    screen.set_actor(staff.supervisor)
    before = {code: on_hand(till.db, code) for code in (TALENAN, KOTAK_TISU, KESET_SABUT)}
    calls: list[dict[int, int]] = []
    real = ledger_screen.record_arrivals

    def counting(*args: object, **kwargs: object) -> int:
        calls.append(dict(args[3]))  # type: ignore[call-overload]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ledger_screen, "record_arrivals", counting)

    def deliver(dialog: QDialog) -> bool:
        assert isinstance(dialog, ArrivalDialog)
        assert dialog.add_code(TALENAN, quantity=5)
        assert dialog.add_code(KOTAK_TISU, quantity=6)
        assert dialog.add_code(f"3*{TALENAN}")  # the same product again: same line
        # A name is searched in the background; its one result is taken when it comes.
        assert not dialog.add_code("keset sabut")
        qtbot.waitUntil(lambda: dialog.lines_model.rowCount() == 3, timeout=5000)
        # A café drink has no stock: refused with a message, the lines stay.
        assert not dialog.add_code(KOPI_HITAM)
        assert "tidak dilacak" in dialog.message_label.text()
        assert dialog.lines_model.rowCount() == 3
        assert dialog.summary_label.text() == "3 produk, 15 barang"
        dialog.note_edit.setText("Surat jalan 014/BLA")
        return dialog.submit() is not None

    dialog_runner(monkeypatch, deliver)
    recorded = screen.open_arrivals()
    assert recorded == 3
    assert len(calls) == 1  # one delivery note, one transaction
    assert on_hand(till.db, TALENAN) == before[TALENAN] + 8
    assert on_hand(till.db, KOTAK_TISU) == before[KOTAK_TISU] + 6
    assert on_hand(till.db, KESET_SABUT) == before[KESET_SABUT] + 1
    newest = [row_texts(screen, row) for row in range(3)]
    assert {row[COL_QUANTITY] for row in newest} == {"+8", "+6", "+1"}
    assert {row[COL_NOTE] for row in newest} == {"Surat jalan 014/BLA"}
    assert {row[COL_RECORDED_BY] for row in newest} == {"Bu Ratna (Kasubsi)"}  # the login
    assert screen.status_label.text() == "Barang datang dicatat: 3 produk, 15 barang."


def test_refused_delivery_keeps_every_line(
    qtbot: QtBot, till: Till, settings: TillSettings
) -> None:
    # An event that does not exist (deleted on another till): the service refuses.
    dialog = ArrivalDialog(till, settings, 999)
    qtbot.addWidget(dialog)
    before = movement_count(till.db)
    assert dialog.add_code(TALENAN, quantity=4)
    assert dialog.submit() is None
    assert "Acara tidak ditemukan" in dialog.message_label.text()
    assert dialog.lines_model.quantities() == {find_by_code(till.db, TALENAN).id: 4}
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert movement_count(till.db) == before
    # Nothing to book: said so, nothing written.
    empty = ArrivalDialog(till, settings, settings.current_event_id)
    qtbot.addWidget(empty)
    assert empty.submit() is None
    assert "Belum ada barang" in empty.message_label.text()


def test_picker_searches_by_name_and_takes_the_chosen_result(
    qtbot: QtBot, till: Till, settings: TillSettings
) -> None:
    dialog = ArrivalDialog(till, settings, settings.current_event_id)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.picker
    qtbot.keyClicks(picker.code_edit, "keset")
    qtbot.waitUntil(picker.results_view.isVisible, timeout=5000)
    assert picker.results_model.rowCount() == 2
    qtbot.keyClick(picker.code_edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.code_edit, Qt.Key.Key_Return)
    assert [line.product.sku for line in dialog.lines_model.lines] == [KESET_SABUT]
    assert not dialog.isHidden()  # Enter in the field never closes the dialog
    qtbot.keyClicks(picker.code_edit, "12*")
    qtbot.keyClick(picker.code_edit, Qt.Key.Key_Return)
    assert dialog.quantity_spin.value() == 12
    qtbot.keyClicks(picker.code_edit, "8999999999999")
    qtbot.keyClick(picker.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "8999999999999" in dialog.message_label.text(), timeout=5000)
    assert dialog.lines_model.rowCount() == 1


def test_picker_takes_a_scanned_code_at_once_while_a_name_search_still_runs(
    qtbot: QtBot, till: Till, settings: TillSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    released, started, finished = threading.Event(), threading.Event(), threading.Event()

    def held(db: Database, text: str) -> list[ProductInfo]:  # a search on a busy server
        started.set()
        released.wait(10)
        finished.set()
        return search_products(db, text)

    monkeypatch.setattr(search_runner, "search_products", held)
    dialog = ArrivalDialog(till, settings, settings.current_event_id)
    qtbot.addWidget(dialog)
    picker = dialog.picker
    try:
        qtbot.keyClicks(picker.code_edit, "keset")
        qtbot.waitUntil(started.is_set, timeout=5000)
        picker.code_edit.selectAll()
        qtbot.keyClicks(picker.code_edit, TALENAN)
        qtbot.keyClick(picker.code_edit, Qt.Key.Key_Return)
        assert [line.product.sku for line in dialog.lines_model.lines] == ["BLA-KYU-001"]
        assert not finished.is_set()  # taken while the search still hangs
    finally:
        released.set()
    qtbot.wait(200)  # the late answer is for text no longer in the field: not shown
    assert not picker.results_view.isVisible()


def test_damage_needs_a_reason(
    till: Till, screen: LedgerScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = movement_count(till.db)
    stock = on_hand(till.db, ASBAK)

    def without_reason(dialog: QDialog) -> bool:
        assert isinstance(dialog, DamageDialog)
        assert dialog.submit() is None  # no product yet
        assert "Pilih produk" in dialog.message_label.text()
        assert dialog.choose_code(f"2*{ASBAK}")
        assert dialog.quantity_spin.value() == 2
        assert "Asbak kayu jati" in dialog.product_label.text()
        dialog.reason_edit.setText("   ")
        assert dialog.submit() is None
        assert dialog.message_label.text() == "Tuliskan alasannya (mis. pecah saat diangkut)."
        assert movement_count(till.db) == before  # nothing written
        assert dialog.product is not None and dialog.quantity_spin.value() == 2  # nothing lost
        dialog.reason_edit.setText("Pecah saat diangkut")
        return dialog.submit() is not None

    dialog_runner(monkeypatch, without_reason)
    movement = screen.open_damage()
    assert movement is not None
    assert movement.quantity == -2
    assert on_hand(till.db, ASBAK) == stock - 2
    selected = screen.selected_movement()
    assert selected is not None and selected.id == movement.id
    row = row_texts(screen, 0)
    assert (row[COL_KIND], row[COL_QUANTITY], row[COL_NOTE]) == (
        "Rusak/hilang",
        "-2",
        "Pecah saat diangkut",
    )
    assert screen.status_label.text() == (
        "Rusak/hilang dicatat: 2 × Asbak kayu jati (Pecah saat diangkut)."
    )

    # A dialog closed without saving writes nothing.
    dialog_runner(monkeypatch, lambda dialog: False)
    assert screen.open_damage() is None
    assert movement_count(till.db) == before + 1


def test_reverse_an_arrival(
    till: Till, settings: TillSettings, screen: LedgerScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    talenan = find_by_code(till.db, TALENAN)
    record_arrivals(till.db, None, settings.current_event_id, {talenan.id: 50}, note="salah ketik")
    screen.reload()
    original = screen.model.movement(0)
    assert original.quantity == 50
    assert screen.select_movement(original.id)
    assert screen.reverse_button.isEnabled()

    # An empty reason is refused by the ledger: message, nothing written.
    before = movement_count(till.db)
    monkeypatch.setattr(ask, "ask_text", lambda *args: "")
    assert screen.reverse_selected() is None
    assert "alasan" in screen.status_label.text()
    assert movement_count(till.db) == before

    questions: list[str] = []

    def reason(parent: object, title: str, label: str, text: str = "") -> str:
        questions.append(label)
        return "Seharusnya 5, bukan 50"

    monkeypatch.setattr(ask, "ask_text", reason)
    reversal = screen.reverse_selected()
    assert reversal is not None
    assert f"#{original.id}" in questions[0] and "Talenan kayu jati" in questions[0]
    assert on_hand(till.db, TALENAN) == 25
    assert (reversal.quantity, reversal.reverses_id) == (-50, original.id)

    # Both stay in the ledger, each marked; the reversal is selected.
    assert row_texts(screen, 0)[COL_REVERSAL] == f"membatalkan #{original.id}"
    assert row_texts(screen, 0)[COL_QUANTITY] == "-50"
    assert row_texts(screen, 1)[COL_REVERSAL] == f"dibatalkan oleh #{reversal.id}"
    selected = screen.selected_movement()
    assert selected is not None and selected.id == reversal.id
    assert not screen.reverse_button.isEnabled()  # a reversal is not reversed again
    screen.select_movement(original.id)
    assert not screen.reverse_button.isEnabled()
    assert screen.reverse_button.toolTip() == f"Sudah dibatalkan oleh #{reversal.id}."
    assert screen.status_label.text() == (
        f"Mutasi #{original.id} dibatalkan oleh #{reversal.id} (-50 Talenan kayu jati)."
    )


def test_without_a_current_event_nothing_can_be_recorded(
    qtbot: QtBot, till: Till, settings: TillSettings
) -> None:
    widget = LedgerScreen(till, settings.with_changes(current_event_id=None))
    qtbot.addWidget(widget)
    widget.activate()
    assert widget.model.rowCount() == 0
    assert not widget.arrival_button.isEnabled()
    assert "Belum ada acara" in widget.status_label.text()
    assert widget.open_arrivals() is None


def test_models_pass_the_model_tester(
    qtmodeltester: ModelTester, till: Till, screen: LedgerScreen
) -> None:
    qtmodeltester.check(screen.model)
    screen.search_edit.setText("besek")
    qtmodeltester.check(screen.proxy)
    assert screen.proxy.rowCount() == 2
    screen.table_view.sortByColumn(COL_QUANTITY, Qt.SortOrder.AscendingOrder)
    assert row_texts(screen, 0)[COL_QUANTITY] == "+200"  # numeric: 200 before 2.000
    qtmodeltester.check(screen.proxy)

    lines = ArrivalLinesModel()
    lines.add(find_by_code(till.db, TALENAN), 3)
    lines.add(find_by_code(till.db, KOTAK_TISU), 1)
    lines.add(find_by_code(till.db, TALENAN), 2)
    qtmodeltester.check(lines)
    assert lines.quantities() == {
        find_by_code(till.db, TALENAN).id: 5,
        find_by_code(till.db, KOTAK_TISU).id: 1,
    }
    rejected: list[object] = []
    lines.editRejected.connect(rejected.append)
    assert not lines.setData(lines.index(0, 3), "0")
    assert lines.setData(lines.index(0, 3), "1.200")
    assert lines.lines[0].quantity == 1200 and len(rejected) == 1
    lines.remove_row(0)
    qtmodeltester.check(lines)


def test_main_window_opens_the_ledger(qtbot: QtBot, till: Till, staff: Staff) -> None:
    window = MainWindow(till, actor=staff.supervisor)
    qtbot.addWidget(window)
    screen = window.show_screen("ledger")
    assert isinstance(screen, LedgerScreen)
    assert screen.model.rowCount() == 25
    assert window.pages.currentWidget() is screen


def test_a_cashier_is_offered_nothing_and_told_why(screen: LedgerScreen, staff: Staff) -> None:
    screen.set_actor(staff.cashier)
    assert screen.model.rowCount() == 0
    assert not screen.arrival_button.isEnabled()
    assert not screen.damage_button.isEnabled()
    assert not screen.reverse_button.isEnabled()
    assert screen.status_label.text() == (
        "kasir (kasir) tidak berhak melakukan ini: perlu supervisor ke atas."
    )
    screen.set_actor(staff.supervisor)
    assert screen.model.rowCount() > 0
    assert screen.arrival_button.isEnabled() and screen.damage_button.isEnabled()
