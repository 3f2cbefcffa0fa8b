"""The count screen and its models, driven as a stock clerk does: scans into the scan field,
typed counts in the list, F4, filters; the start and post dialogs answered through their
forms."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.catalog.events import get_event
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import CountKind, CountStatus
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.stock import counts
from bazaar_pos.stock.counts import CountError, CountSheet, count_sheet, set_counted, start_count
from bazaar_pos.stock.ledger import stock_on_hand
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui import ask
from bazaar_pos.ui.stock import count_screen
from bazaar_pos.ui.stock.count_model import (
    ADJUSTMENT,
    COUNTED,
    EXPECTED,
    NAME,
    PRICE,
    VARIANCE,
    VARIANCE_VALUE,
    CountSheetFilter,
    CountSheetModel,
    parse_counted,
)
from bazaar_pos.ui.stock.count_screen import (
    CountScreen,
    PostChoice,
    PostCountDialog,
    StartCountChoice,
    StartCountDialog,
)
from bazaar_pos.ui.table_view import SORT_ROLE

# From assets/demo_catalog.csv
TALENAN = "2003000000030"  # Talenan kayu jati, BLA, Rp 45.000, 25 arrived
TALENAN_SKU = "BLA-KYU-001"
BESEK = "2002000000019"  # Besek bambu kecil, BNA, Rp 125, 2.000 arrived
KOPI_HITAM = "2001000000098"  # café drink: not tracked
RAK_SEPATU = "BLA-KYU-005"  # Rak sepatu kayu 3 susun, BLA, Rp 275.000, 4 arrived
KESET_PERCA = "2003000000016"  # Keset kain perca, BLA, Rp 20.000, 40 arrived
TRACKED = 25  # tracked demo products (30 minus 5 café drinks)
BLA_TRACKED = 12


# --- helpers ---------------------------------------------------------------------------------


def event_id(db: Database) -> int:
    current = load_settings(db).current_event_id
    assert current is not None
    return current


def institution_id(db: Database, code: str) -> int:
    event = get_event(db, event_id(db))
    assert event is not None
    return event.institution_ids[event.institution_codes.index(code)]


def pid(db: Database, code: str) -> int:
    return find_by_code(db, code).id


def sell(db: Database, code: str, quantity: int) -> None:
    product = find_by_code(db, code)
    commit_sale(
        db,
        [SaleLineRequest(product.id, quantity, product.price)],
        PaymentRequest("cash", quantity * product.price),
        cashier="Kasir",
        till_code="BPN1",
        event_id=event_id(db),
    )


def new_sheet(db: Database, *, blind: bool = False, institution: str | None = None) -> CountSheet:
    info = start_count(
        db,
        None,
        event_id(db),
        CountKind.OPENING,
        blind=blind,
        institution_id=institution_id(db, institution) if institution else None,
    )
    return count_sheet(db, None, info.id)


def headers(model: CountSheetModel) -> list[str]:
    return [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]


def cell(model: CountSheetModel | CountSheetFilter, row: int, column: int, role: int = 0) -> object:
    return model.data(model.index(row, column), role)


def row_of_sku(model: CountSheetModel, sku: str) -> int:
    return next(row for row in range(model.rowCount()) if model.line(row).sku == sku)


def scan(qtbot: QtBot, target: CountScreen | QLineEdit, text: str) -> None:
    """Type like a USB scanner does: the characters, then Enter (into the scan field, or into
    another field that has the focus)."""
    field = target.scan_edit if isinstance(target, CountScreen) else target
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.fixture
def screen(qtbot: QtBot, till: Till) -> CountScreen:
    widget = CountScreen(till, load_settings(till.db))
    qtbot.addWidget(widget)
    widget.resize(1180, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activate()
    return widget


def answer_start_dialog(
    monkeypatch: pytest.MonkeyPatch,
    *,
    kind: CountKind = CountKind.OPENING,
    scope: str | None = None,
    blind: bool = False,
) -> list[StartCountDialog]:
    """Replace the start dialog's exec: fill the real form as a clerk would and accept it."""
    dialogs: list[StartCountDialog] = []

    def fill(
        parent: object, event: object, default_name: str, default_kind: CountKind
    ) -> StartCountChoice:
        dialog = StartCountDialog(event, default_name, default_kind)  # type: ignore[arg-type]
        dialogs.append(dialog)
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind.value))
        if scope is not None:
            texts = [dialog.scope_combo.itemText(i) for i in range(dialog.scope_combo.count())]
            dialog.scope_combo.setCurrentIndex(
                next(i for i, text in enumerate(texts) if text.startswith(scope))
            )
        dialog.blind_check.setChecked(blind)
        return dialog.values()

    monkeypatch.setattr(count_screen, "choose_new_count", fill)
    return dialogs


def answer_post_dialog(
    monkeypatch: pytest.MonkeyPatch,
    *,
    zero: bool = False,
) -> list[PostCountDialog]:
    dialogs: list[PostCountDialog] = []

    def fill(parent: object, session: object, lines: object, posted_by: str) -> PostChoice:
        dialog = PostCountDialog(session, lines, posted_by=posted_by)  # type: ignore[arg-type]
        dialogs.append(dialog)
        (dialog.zero_radio if zero else dialog.leave_radio).setChecked(True)
        return dialog.values()

    monkeypatch.setattr(count_screen, "choose_posting", fill)
    return dialogs


# --- the model -------------------------------------------------------------------------------


def test_parse_counted_keeps_empty_apart_from_zero() -> None:
    assert parse_counted("") is None
    assert parse_counted("  ") is None
    assert parse_counted("0") == 0
    assert parse_counted("1.600") == 1600
    assert parse_counted(" 12 ") == 12
    assert parse_counted("-3") == -3  # the service refuses it, with its own message
    with pytest.raises(Exception, match="not_a_number"):
        parse_counted("dua")


def test_model_passes_the_model_tester_open_blind_and_posted(
    qtmodeltester: ModelTester, db: Database
) -> None:
    sheet = new_sheet(db, institution="BLA")
    model = CountSheetModel(db)
    model.set_sheet(sheet)
    set_counted(db, None, sheet.session.id, pid(db, TALENAN), 24)
    model.set_sheet(count_sheet(db, None, sheet.session.id))
    qtmodeltester.check(model)
    proxy = CountSheetFilter()
    proxy.setSourceModel(model)
    proxy.sort(model.column(VARIANCE), Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(proxy)
    proxy.set_only_uncounted(True)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == BLA_TRACKED - 1

    counts.discard_count(db, None, sheet.session.id)
    blind = new_sheet(db, blind=True)
    model.set_sheet(blind)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)

    set_counted(db, None, blind.session.id, pid(db, TALENAN), 23)
    counts.post_count(db, None, blind.session.id)
    model.set_sheet(count_sheet(db, None, blind.session.id))
    qtmodeltester.check(model)
    proxy.set_only_uncounted(False)
    qtmodeltester.check(proxy)
    model.set_sheet(None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_blind_count_has_no_expected_or_variance_columns_until_posted(db: Database) -> None:
    model = CountSheetModel(db)
    open_sheet = new_sheet(db, institution="BLA")
    model.set_sheet(open_sheet)
    assert headers(model) == [
        "Instansi",
        "SKU",
        "Produk",
        "Harga",
        "Seharusnya",
        "Dihitung",
        "Selisih",
        "Selisih Rp",
    ]
    counts.discard_count(db, None, open_sheet.session.id)

    blind = new_sheet(db, blind=True, institution="BLA")
    model.set_sheet(blind)
    assert headers(model) == ["Instansi", "SKU", "Produk", "Harga", "Dihitung"]
    assert model.column(EXPECTED) == model.column(VARIANCE) == model.column(VARIANCE_VALUE) == -1
    # Not even a tooltip or sort value gives the figure away.
    talenan = row_of_sku(model, TALENAN_SKU)
    for column in range(model.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            assert cell(model, talenan, column, role) not in (25, "25")

    set_counted(db, None, blind.session.id, pid(db, TALENAN), 24)
    counts.post_count(db, None, blind.session.id)
    model.set_sheet(count_sheet(db, None, blind.session.id))
    assert headers(model) == [
        "Instansi",
        "SKU",
        "Produk",
        "Harga",
        "Seharusnya",
        "Dihitung",
        "Selisih",
        "Selisih Rp",
        "Penyesuaian",
    ]
    assert cell(model, talenan, model.column(EXPECTED)) == "25"
    assert cell(model, talenan, model.column(VARIANCE)) == "-1"
    assert cell(model, talenan, model.column(VARIANCE_VALUE)) == "-Rp 45.000"
    assert cell(model, talenan, model.column(ADJUSTMENT)) == "-1"
    assert not model.flags(model.index(talenan, model.column(COUNTED))) & (
        Qt.ItemFlag.ItemIsEditable
    )


def test_variance_shows_sign_and_colour(db: Database) -> None:
    sheet = new_sheet(db, institution="BLA")
    set_counted(db, None, sheet.session.id, pid(db, TALENAN), 23)  # 25 expected: 2 missing
    set_counted(db, None, sheet.session.id, pid(db, RAK_SEPATU), 5)  # 4 expected: 1 more
    set_counted(db, None, sheet.session.id, pid(db, KESET_PERCA), 40)  # exact
    model = CountSheetModel(db)
    model.set_sheet(count_sheet(db, None, sheet.session.id))
    variance, value = model.column(VARIANCE), model.column(VARIANCE_VALUE)
    counted = model.column(COUNTED)
    talenan = row_of_sku(model, TALENAN_SKU)
    rak = row_of_sku(model, RAK_SEPATU)
    keset = row_of_sku(model, "BLA-KES-001")
    foreground = Qt.ItemDataRole.ForegroundRole
    assert (cell(model, talenan, variance), cell(model, talenan, value)) == ("-2", "-Rp 90.000")
    assert (cell(model, rak, variance), cell(model, rak, value)) == ("+1", "+Rp 275.000")
    assert (cell(model, keset, variance), cell(model, keset, value)) == ("0", "Rp 0")
    missing = cell(model, talenan, variance, foreground)
    assert isinstance(missing, QBrush) and missing.color().name() == "#b00020"
    surplus = cell(model, rak, value, foreground)
    assert isinstance(surplus, QBrush) and surplus.color().name() == "#0d47a1"
    assert cell(model, keset, variance, foreground) is None
    assert cell(model, talenan, variance, Qt.ItemDataRole.BackgroundRole) is not None
    # Not counted: a dash, never a 0 that could be read as "none left".
    kapstok = row_of_sku(model, "BLA-KYU-004")
    assert cell(model, kapstok, counted) == "—"
    assert cell(model, kapstok, variance) == "—"
    assert cell(model, kapstok, counted, Qt.ItemDataRole.EditRole) == ""
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert cell(model, talenan, counted, Qt.ItemDataRole.TextAlignmentRole) == right
    assert cell(model, talenan, model.column(PRICE)) == "Rp 45.000"
    assert cell(model, talenan, model.column(NAME)) == "Talenan kayu jati"


def test_typing_a_count_saves_it_and_bad_text_changes_nothing(qtbot: QtBot, db: Database) -> None:
    sheet = new_sheet(db, institution="BLA")
    model = CountSheetModel(db)
    model.set_sheet(sheet)
    rejected: list[Exception] = []
    typed: list[object] = []
    model.editRejected.connect(rejected.append)
    model.lineCounted.connect(typed.append)
    talenan = row_of_sku(model, TALENAN_SKU)
    index = model.index(talenan, model.column(COUNTED))
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(talenan, model.column(NAME))) & Qt.ItemFlag.ItemIsEditable

    assert model.setData(index, "24")
    assert model.line(talenan).counted == 24
    assert model.line(talenan).variance == -1
    assert count_sheet(db, None, sheet.session.id).lines[talenan].counted == 24  # saved at once
    assert model.counted_lines == 1

    assert not model.setData(index, "dua puluh")
    assert "bukan angka" in counts_message(rejected[-1])
    assert not model.setData(index, "-3")
    assert isinstance(rejected[-1], CountError) and rejected[-1].reason == "negative"
    assert not model.setData(index, "1000000")
    assert isinstance(rejected[-1], CountError) and rejected[-1].reason == "too_large"
    assert model.line(talenan).counted == 24
    assert count_sheet(db, None, sheet.session.id).lines[talenan].counted == 24

    assert model.setData(index, "")  # back to "not counted", not 0
    assert model.line(talenan).counted is None
    assert count_sheet(db, None, sheet.session.id).lines[talenan].counted is None
    assert model.counted_lines == 0
    assert [line.counted for line in typed] == [24, None]  # type: ignore[attr-defined]
    # Only the counted column is editable.
    assert not model.setData(model.index(talenan, model.column(NAME)), "Talenan")


def counts_message(error: Exception) -> str:
    from bazaar_pos.ui.messages import describe_error

    return describe_error(error)


def test_a_scan_updates_one_row_in_place(qtbot: QtBot, db: Database) -> None:
    sheet = new_sheet(db)
    model = CountSheetModel(db)
    model.set_sheet(sheet)
    changed: list[tuple[int, int]] = []
    resets: list[bool] = []
    progress: list[tuple[int, int]] = []
    model.dataChanged.connect(
        lambda top, bottom, roles=(): changed.append((top.row(), bottom.row()))
    )
    model.modelReset.connect(lambda: resets.append(True))
    model.progressChanged.connect(lambda counted, total: progress.append((counted, total)))
    line = counts.count_scan(db, None, sheet.session.id, TALENAN, 3)
    row = model.update_line(line)
    assert row == row_of_sku(model, TALENAN_SKU)
    assert changed == [(row, row)]
    assert resets == []
    assert progress == [(1, TRACKED)]
    assert model.line(row).counted == 3


def test_sorting_uses_raw_numbers_and_keeps_uncounted_last(db: Database) -> None:
    sheet = new_sheet(db)
    for code, counted in ((TALENAN, 100), (BESEK, 9), (RAK_SEPATU, 20)):
        set_counted(db, None, sheet.session.id, pid(db, code), counted)
    model = CountSheetModel(db)
    model.set_sheet(count_sheet(db, None, sheet.session.id))
    proxy = CountSheetFilter()
    proxy.setSourceModel(model)

    proxy.sort(model.column(PRICE), Qt.SortOrder.DescendingOrder)
    prices = [proxy.line(row).unit_price for row in range(proxy.rowCount())]
    assert prices == sorted(prices, reverse=True)
    assert proxy.line(0).sku == RAK_SEPATU  # Rp 275.000, not "Rp 9…" as text would put it
    assert proxy.line(proxy.rowCount() - 1).sku == "BNA-BES-001"  # Rp 125

    counted = model.column(COUNTED)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(counted, order)
        shown = [cell(proxy, row, counted) for row in range(proxy.rowCount())]
        numbers = ["9", "20", "100"]
        assert shown[:3] == (numbers if order == Qt.SortOrder.AscendingOrder else numbers[::-1])
        assert set(shown[3:]) == {"—"}  # not counted: last either way

    proxy.sort(model.column(NAME), Qt.SortOrder.AscendingOrder)
    names = [proxy.line(row).name for row in range(proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)


def test_filters_by_institution_category_text_and_uncounted(db: Database) -> None:
    sheet = new_sheet(db)
    set_counted(db, None, sheet.session.id, pid(db, TALENAN), 25)
    model = CountSheetModel(db)
    model.set_sheet(count_sheet(db, None, sheet.session.id))
    proxy = CountSheetFilter()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == TRACKED and not proxy.is_filtered

    proxy.set_institution(institution_id(db, "BLA"))
    assert proxy.rowCount() == BLA_TRACKED
    assert {proxy.line(row).institution_code for row in range(proxy.rowCount())} == {"BLA"}
    proxy.set_category("Kerajinan kayu")
    assert sorted(proxy.line(row).sku for row in range(proxy.rowCount())) == [
        f"BLA-KYU-00{n}" for n in range(1, 7)
    ]
    proxy.set_only_uncounted(True)
    assert TALENAN_SKU not in {proxy.line(row).sku for row in range(proxy.rowCount())}
    assert proxy.rowCount() == 5
    proxy.set_text("JATI")  # name, case-insensitive
    assert sorted(proxy.line(row).name for row in range(proxy.rowCount())) == [
        "Asbak kayu jati",
        "Kotak tisu kayu jati",
        "Nampan kayu jati",
    ]
    proxy.set_institution(None)
    proxy.set_category(None)
    proxy.set_only_uncounted(False)
    proxy.set_text("bna-bes")  # SKU
    assert proxy.rowCount() == 2
    proxy.set_text("2002000000019")  # barcode
    assert [proxy.line(row).name for row in range(proxy.rowCount())] == ["Besek bambu kecil"]

    # A row that gets counted leaves the "only uncounted" view by itself.
    proxy.set_text("")
    proxy.set_only_uncounted(True)
    before = proxy.rowCount()
    model.update_line(counts.count_scan(db, None, sheet.session.id, BESEK))
    assert proxy.rowCount() == before - 1


# --- the screen ------------------------------------------------------------------------------


def test_without_a_current_event_the_screen_says_how_to_choose_one(
    qtbot: QtBot, till: Till
) -> None:
    settings = TillSettings(current_event_id=None)
    widget = CountScreen(till, settings)
    qtbot.addWidget(widget)
    widget.activate()
    assert "Belum ada acara dipilih" in widget.event_label.text()
    assert "Pengaturan" in widget.event_label.text()
    assert not widget.start_button.isEnabled()
    widget.start_count()
    assert "Pilih acara dulu" in widget.status_label.text()
    # Choosing the event in the settings brings its counts.
    widget.set_settings(load_settings(till.db))
    assert "Bazar HBP ke-62" in widget.event_label.text()
    assert widget.start_button.isEnabled()


def test_start_a_count_through_the_dialog_and_count_by_scanning(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch, till: Till
) -> None:
    assert "Bazar HBP ke-62" in screen.event_label.text()
    assert "Mulai penghitungan" in screen.session_label.text()
    assert not screen.post_button.isEnabled()
    dialogs = answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_button.click()
    # The dialog proposed an opening count (nothing posted yet); nobody is logged in here.
    assert dialogs[0].values().kind == CountKind.OPENING
    assert dialogs[0].counted_by_label.text() == "—"
    session = screen.model.session
    assert session is not None and session.institution_code == "BLA" and session.is_open
    assert screen.model.rowCount() == BLA_TRACKED
    assert screen.post_button.isEnabled() and screen.discard_button.isEnabled()
    assert "dimulai: 12 produk" in screen.status_label.text()
    assert "Awal · BLA · terbuka" in screen.session_combo.currentText()

    scan(qtbot, screen, TALENAN)
    scan(qtbot, screen, TALENAN)
    assert screen.status_label.text() == "Talenan kayu jati: 2 — seharusnya 25"
    scan(qtbot, screen, "12*")
    assert "12" in screen.pending_label.text()
    assert screen.scan_edit.text() == ""
    scan(qtbot, screen, TALENAN)
    assert screen.status_label.text() == "Talenan kayu jati: 14 (+12) — seharusnya 25"
    assert screen.pending_quantity is None and screen.pending_label.text() == ""
    scan(qtbot, screen, f"10*{TALENAN_SKU}")  # SKU, quantity in one go
    scan(qtbot, screen, f"3*{RAK_SEPATU}")
    assert screen.scan_edit.text() == ""

    # The scanned row is selected (and so scrolled to).
    selected = screen.selected_line()
    assert selected is not None and selected.sku == RAK_SEPATU
    assert screen.selected_line() == screen.model.line(row_of_sku(screen.model, RAK_SEPATU))
    talenan = screen.model.line(row_of_sku(screen.model, TALENAN_SKU))
    assert (talenan.counted, talenan.expected, talenan.variance) == (24, 25, -1)
    assert screen.progress_bar.text() == "2 dari 12 dihitung"
    assert "2 dari 12 dihitung" in screen.session_combo.currentText()
    # Saved as it went: the service sees the same figures.
    sheet = count_sheet(till.db, None, session.id)
    assert {line.sku: line.counted for line in sheet.lines if line.counted} == {
        TALENAN_SKU: 24,
        RAK_SEPATU: 3,
    }


def test_bad_scans_are_named_and_the_text_stays_for_correction(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    scan(qtbot, screen, TALENAN)

    scan(qtbot, screen, "8999999999999")
    assert "Kode '8999999999999' tidak dikenal" in screen.status_label.text()
    assert screen.scan_edit.text() == "8999999999999"
    assert screen.scan_edit.selectedText() == "8999999999999"  # the next scan replaces it

    screen.scan_edit.clear()
    scan(qtbot, screen, KOPI_HITAM)
    assert "'Kopi hitam' tidak dilacak stoknya" in screen.status_label.text()
    assert screen.scan_edit.text() == KOPI_HITAM

    screen.scan_edit.clear()
    scan(qtbot, screen, f"5*{BESEK}")  # Banjarnegara's besek in a Blora count
    assert "'Besek bambu kecil' bukan barang instansi yang sedang dihitung" in (
        screen.status_label.text()
    )
    assert screen.scan_edit.text() == f"5*{BESEK}"

    screen.scan_edit.clear()
    scan(qtbot, screen, f"nol*{TALENAN}")
    assert "bukan angka" in screen.status_label.text()
    assert screen.scan_edit.text() == f"nol*{TALENAN}"
    # Nothing else was touched.
    talenan = screen.model.line(row_of_sku(screen.model, TALENAN_SKU))
    assert talenan.counted == 1
    assert screen.model.counted_lines == 1


def test_typed_counts_in_the_list_and_with_f4(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch, till: Till
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    session_id = screen.session_id
    assert session_id is not None
    screen.text_filter.setText("talenan")
    assert screen.proxy.rowCount() == 1
    index = screen.proxy_index(0, COUNTED)
    assert screen.proxy.setData(index, "24")
    assert screen.status_label.text() == "Talenan kayu jati: 24 — seharusnya 25"
    assert screen.selected_line() is not None
    assert not screen.proxy.setData(index, "dua")
    assert "bukan angka" in screen.status_label.text()
    assert screen.model.line(row_of_sku(screen.model, TALENAN_SKU)).counted == 24

    # F4 types the count of the selected row; an empty answer means "not counted".
    screen.text_filter.clear()
    screen.view.selectRow(row_of_sku(screen.model, RAK_SEPATU))
    asked: list[tuple[object, ...]] = []

    def answer(*args: object) -> str:
        asked.append(args)
        return "4"

    monkeypatch.setattr(ask, "ask_text", answer)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F4)
    assert "Rak sepatu kayu 3 susun" in str(asked[0][2])
    assert screen.model.line(row_of_sku(screen.model, RAK_SEPATU)).counted == 4
    monkeypatch.setattr(ask, "ask_text", lambda *args: "")
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F4)
    assert screen.model.line(row_of_sku(screen.model, RAK_SEPATU)).counted is None
    assert "belum dihitung" in screen.status_label.text()
    sheet = count_sheet(till.db, None, session_id)
    assert {line.sku: line.counted for line in sheet.lines if line.counted is not None} == {
        TALENAN_SKU: 24
    }

    # ↑ ↓ in the scan field choose the row F4 works on.
    screen.view.clearSelection()
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_Down)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_Down)
    assert screen.selected_row() == 1


def test_a_count_is_resumed_after_the_app_is_reopened(
    qtbot: QtBot, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = CountScreen(till, load_settings(till.db))
    first.activate()
    answer_start_dialog(monkeypatch, kind=CountKind.SPOT, scope="BLA")
    first.start_count()
    session_id = first.session_id
    scan(qtbot, first, f"7*{TALENAN}")
    scan(qtbot, first, RAK_SEPATU)
    first.deleteLater()
    del first

    again = CountScreen(till, load_settings(till.db))
    qtbot.addWidget(again)
    assert again.session_id is None
    again.activate()
    assert again.session_id == session_id
    session = again.model.session
    assert session is not None and session.kind == CountKind.SPOT
    assert again.model.counted_lines == 2
    assert again.model.line(row_of_sku(again.model, TALENAN_SKU)).counted == 7
    assert "Cek acak · BLA · terbuka" in again.session_combo.currentText()
    scan(qtbot, again, TALENAN)  # and counting carries on where it stopped
    assert again.model.line(row_of_sku(again.model, TALENAN_SKU)).counted == 8


def test_coming_back_shows_sales_made_meanwhile(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch, till: Till
) -> None:
    answer_start_dialog(monkeypatch, kind=CountKind.CLOSING, scope="BLA")
    screen.start_count()
    sell(till.db, TALENAN, 2)  # at the till while the clerk counts
    screen.activate()
    talenan = screen.model.line(row_of_sku(screen.model, TALENAN_SKU))
    assert talenan.expected == 23
    scan(qtbot, screen, f"23*{TALENAN}")
    assert screen.status_label.text() == "Talenan kayu jati: 23 (+23) — seharusnya 23"


def test_a_blind_count_hides_expected_figures_on_screen(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_start_dialog(monkeypatch, blind=True)
    screen.start_count()
    shown = [
        screen.proxy.headerData(column, Qt.Orientation.Horizontal)
        for column in range(screen.proxy.columnCount())
    ]
    assert shown == ["Instansi", "SKU", "Produk", "Harga", "Dihitung"]
    assert "disembunyikan" in screen.status_label.text()
    assert "hitung buta" in screen.session_label.text()
    scan(qtbot, screen, TALENAN)
    assert screen.status_label.text() == "Talenan kayu jati: 1"
    assert "seharusnya" not in screen.status_label.text()
    assert "25" not in screen.status_label.text()
    # The posting dialog does not preview variances of a blind count either.
    dialog = PostCountDialog(screen.model.session, screen.model.lines)  # type: ignore[arg-type]
    assert "Selisih" not in dialog.summary_label.text()


def test_posting_asks_about_uncounted_goods_and_freezes_the_count(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch, till: Till
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    session_id = screen.session_id
    assert session_id is not None
    scan(qtbot, screen, f"24*{TALENAN}")
    scan(qtbot, screen, f"4*{RAK_SEPATU}")
    dialogs = answer_post_dialog(monkeypatch, zero=False)
    with qtbot.waitSignal(screen.countPosted) as posted_signal:
        screen.post_button.click()

    dialog = dialogs[0]
    summary = dialog.summary_label.text()
    assert "Dihitung <b>2</b> dari <b>12</b> produk" in summary
    assert "Belum dihitung: <b>10</b>" in summary
    assert "Asbak kayu jati" in summary  # the first uncounted, by name
    assert "dan 5 lainnya" in summary
    assert "Selisih produk yang dihitung: -1 barang (-Rp 45.000)" in summary
    assert dialog.uncounted_box.isVisibleTo(dialog)
    assert dialog.leave_radio.isChecked()  # the default writes nothing for them

    posted = posted_signal.args[0]
    assert (posted.adjustments, posted.variance_units, posted.variance_value) == (1, -1, -45_000)
    assert len(posted.uncounted) == 10
    text = screen.status_label.text()
    assert "1 penyesuaian ditulis" in text and "-1 barang (-Rp 45.000)" in text
    assert "Belum dihitung: 10" in text
    session = screen.model.session
    assert session is not None and session.status == CountStatus.POSTED
    assert session.supervised_by == ""  # a till without accounts: nobody logged in
    assert not screen.post_button.isEnabled()
    assert not screen.discard_button.isEnabled()
    assert screen.variance_button.isVisibleTo(screen)
    assert "diposting" in screen.session_combo.currentText()
    result = screen.result_label.text()
    assert "1 penyesuaian ditulis" in result
    assert "10 produk belum dihitung" in result
    assert "diawasi —" in result  # nobody logged in on a till without accounts
    assert screen.model.column(ADJUSTMENT) >= 0
    assert stock_on_hand(till.db, pid(till.db, TALENAN)) == 24
    assert stock_on_hand(till.db, pid(till.db, "BLA-KYU-004")) == 10  # uncounted: untouched

    # Frozen: no more scans, no second posting.
    scan(qtbot, screen, TALENAN)
    assert "Belum ada penghitungan terbuka" in screen.status_label.text()
    assert screen.post() is None
    assert "Tidak ada penghitungan terbuka" in screen.status_label.text()
    with pytest.raises(CountError):
        counts.post_count(till.db, None, session_id)

    with qtbot.waitSignal(screen.showVarianceRequested):
        screen.variance_button.click()


def test_uncounted_as_zero_is_an_explicit_choice(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch, till: Till
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    for row in range(screen.model.rowCount()):
        line = screen.model.line(row)
        if line.sku != RAK_SEPATU:
            screen.model.setData(
                screen.model.index(row, screen.model.column(COUNTED)), str(line.expected)
            )
    answer_post_dialog(monkeypatch, zero=True)
    posted = screen.post()
    assert posted is not None
    assert (posted.adjustments, posted.variance_units, posted.variance_value) == (
        1,
        -4,
        -1_100_000,
    )
    assert posted.uncounted == ()
    assert stock_on_hand(till.db, pid(till.db, RAK_SEPATU)) == 0
    rak = row_of_sku(screen.model, RAK_SEPATU)
    counted = screen.model.column(COUNTED)
    assert cell(screen.model, rak, counted) == "0"
    assert cell(screen.model, rak, counted, Qt.ItemDataRole.ToolTipRole) == (
        "Tidak dihitung; dianggap 0 saat posting."
    )
    assert "dianggap 0: Rak sepatu kayu 3 susun" in screen.result_label.text()


def test_the_post_dialog_offers_no_choice_when_everything_was_counted(db: Database) -> None:
    sheet = new_sheet(db, institution="BLA")
    for line in sheet.lines:
        set_counted(db, None, sheet.session.id, line.product_id, line.expected)
    sheet = count_sheet(db, None, sheet.session.id)
    dialog = PostCountDialog(sheet.session, sheet.lines)
    assert not dialog.uncounted_box.isVisibleTo(dialog)
    assert "Dihitung <b>12</b> dari <b>12</b>" in dialog.summary_label.text()
    assert dialog.values() == PostChoice(False)


def test_the_start_dialog_shows_who_counts_and_offers_the_event_s_institutions(
    db: Database,
) -> None:
    event = get_event(db, event_id(db))
    assert event is not None
    dialog = StartCountDialog(event, "Kasir", CountKind.CLOSING)
    scopes = [dialog.scope_combo.itemText(i) for i in range(dialog.scope_combo.count())]
    assert scopes == [
        "Semua instansi peserta acara",
        "BLA — Rutan Kelas IIB Blora",
        "BNA — Rutan Kelas IIB Banjarnegara",
        "BPN — Rutan Kelas IIA Balikpapan",
    ]
    assert dialog.values() == StartCountChoice(CountKind.CLOSING, None, False)
    assert dialog.counted_by_label.text() == "Kasir"  # the logged-in user's name, not typed


def test_a_count_posted_at_another_till_is_refused_with_a_message(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch, till: Till
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    session_id = screen.session_id
    assert session_id is not None
    scan(qtbot, screen, TALENAN)
    counts.post_count(till.db, None, session_id)  # the other till was quicker
    answer_post_dialog(monkeypatch)
    assert screen.post() is None
    assert "sudah diposting atau dibatalkan" in screen.status_label.text()
    session = screen.model.session
    assert session is not None and session.status == CountStatus.POSTED
    assert not screen.post_button.isEnabled()


def test_discard_asks_first_and_writes_nothing(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch, till: Till
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    scan(qtbot, screen, f"3*{TALENAN}")
    questions: list[str] = []

    def say(answer: bool) -> Callable[..., bool]:
        def confirm(parent: object, title: str, question: str) -> bool:
            questions.append(question)
            return answer

        return confirm

    monkeypatch.setattr(ask, "confirm", say(False))
    screen.discard_button.click()
    assert screen.model.is_open
    assert "1 dari 12 dihitung" in questions[0]
    monkeypatch.setattr(ask, "confirm", say(True))
    screen.discard_button.click()
    session = screen.model.session
    assert session is not None and session.status == CountStatus.DISCARDED
    assert "dibatalkan" in screen.status_label.text()
    assert "tidak ada yang ditulis" in screen.result_label.text()
    assert "dibatalkan" in screen.session_combo.currentText()
    assert not screen.post_button.isEnabled()
    assert stock_on_hand(till.db, pid(till.db, TALENAN)) == 25
    # The scope is free again: a new count can start.
    screen.start_count()
    assert screen.model.is_open
    assert screen.session_combo.count() == 2


def test_a_second_count_over_the_same_goods_shows_the_open_one(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    first = screen.session_id
    answer_start_dialog(monkeypatch)  # the whole event: overlaps Blora
    screen.start_count()
    assert "Masih ada penghitungan terbuka" in screen.status_label.text()
    assert screen.session_id == first


def test_choosing_another_session_shows_it_read_only(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    scan(qtbot, screen, TALENAN)
    answer_post_dialog(monkeypatch)
    screen.post()
    posted_id = screen.session_id
    answer_start_dialog(monkeypatch, kind=CountKind.CLOSING, scope="BNA")
    screen.start_count()
    assert screen.model.rowCount() == 5
    index = screen.session_combo.findData(posted_id)
    screen.session_combo.setCurrentIndex(index)
    screen.session_combo.activated.emit(index)
    assert screen.session_id == posted_id
    assert not screen.model.is_open and not screen.post_button.isEnabled()
    # Coming back to the screen resumes the open count.
    screen.activate()
    session = screen.model.session
    assert session is not None and session.is_open and session.institution_code == "BNA"


def test_filter_widgets_narrow_the_list(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_start_dialog(monkeypatch)
    screen.start_count()
    scan(qtbot, screen, TALENAN)
    institutions = [
        screen.institution_filter.itemText(i) for i in range(screen.institution_filter.count())
    ]
    assert institutions[0] == "Semua instansi"
    assert "BLA — Rutan Kelas IIB Blora" in institutions
    screen.institution_filter.setCurrentIndex(
        screen.institution_filter.findData(institution_id(screen.till.db, "BNA"))
    )
    assert screen.proxy.rowCount() == 5
    assert screen.shown_label.text() == "5 dari 25 baris"
    screen.category_filter.setCurrentIndex(screen.category_filter.findText("Anyaman bambu"))
    assert screen.proxy.rowCount() == 5
    screen.institution_filter.setCurrentIndex(0)
    screen.category_filter.setCurrentIndex(screen.category_filter.findText("Kerajinan kayu"))
    screen.uncounted_check.setChecked(True)
    assert TALENAN_SKU not in {screen.proxy.line(row).sku for row in range(screen.proxy.rowCount())}
    # A scan of a row the filters hide still counts, and says it is hidden.
    scan(qtbot, screen, BESEK)
    assert "Besek bambu kecil: 1" in screen.status_label.text()
    assert "tersembunyi" in screen.status_label.text()


def test_keys_escape_f2_and_the_hint_line(qtbot: QtBot, screen: CountScreen) -> None:
    qtbot.keyClicks(screen.scan_edit, "12*")
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(screen.scan_edit, "20030")
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_Escape)
    assert screen.scan_edit.text() == ""
    assert screen.pending_quantity is None
    screen.text_filter.setFocus()
    qtbot.keyClick(screen.text_filter, Qt.Key.Key_F2)
    qtbot.waitUntil(screen.scan_edit.hasFocus, timeout=2000)
    screen.text_filter.setFocus()
    qtbot.keyClicks(screen.text_filter, "besek")
    qtbot.keyClick(screen.text_filter, Qt.Key.Key_Escape)  # clears the filter, back to scanning
    assert screen.text_filter.text() == ""
    qtbot.waitUntil(screen.scan_edit.hasFocus, timeout=2000)
    hint = screen.keys_label.text()
    for key in ("Enter", "12*", "F2", "F4", "Esc", "↑ ↓"):
        assert key in hint


def test_a_barcode_scanned_into_the_filter_field_is_counted(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    screen.text_filter.setFocus()
    scan(qtbot, screen.text_filter, TALENAN)  # the clerk had clicked into the filter
    assert screen.text_filter.text() == ""
    assert screen.proxy.rowCount() == BLA_TRACKED
    assert screen.model.line(row_of_sku(screen.model, TALENAN_SKU)).counted == 1
    assert screen.status_label.text() == "Talenan kayu jati: 1 — seharusnya 25"
    # Typed words stay a filter.
    scan(qtbot, screen.text_filter, "jati")
    assert screen.text_filter.text() == "jati"
    assert screen.proxy.rowCount() == 4


def test_scanning_without_an_open_count_says_what_to_do(qtbot: QtBot, screen: CountScreen) -> None:
    scan(qtbot, screen, TALENAN)
    assert "Mulai penghitungan" in screen.status_label.text()
    assert "Mulai penghitungan" in screen.scan_edit.placeholderText()
    assert screen.scan_edit.text() == TALENAN
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F4)
    assert "Tidak ada penghitungan terbuka" in screen.status_label.text()


def test_status_messages_reach_the_main_window(
    qtbot: QtBot, screen: CountScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_start_dialog(monkeypatch, scope="BLA")
    screen.start_count()
    with qtbot.waitSignal(screen.statusMessage) as blocker:
        scan(qtbot, screen, "8999999999999")
    assert blocker.args[1] == "error"
    assert "8999999999999" in blocker.args[0]
