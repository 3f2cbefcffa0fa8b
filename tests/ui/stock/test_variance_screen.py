"""The variance report screen: figures per product and per institution, filters, sorting, and
the signed PDF / CSV / print — on an event whose state is made with the real services."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.catalog.events import get_event
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import CountKind
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.stock.counts import count_sheet, post_count, set_counted, start_count
from bazaar_pos.stock.ledger import record_arrivals
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui import ask
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.papers import documents, printing
from bazaar_pos.ui.stock.variance_model import (
    COL_ADJUSTED,
    COL_ARRIVALS,
    COL_COUNTED,
    COL_EXPECTED,
    COL_NAME,
    COL_OPENING,
    COL_SALES_VALUE,
    COL_SKU,
    COL_SOLD,
    COL_VARIANCE,
    COL_VARIANCE_VALUE,
    TOT_INSTITUTION,
    TOT_UNCOUNTED,
    TOT_VARIANCE,
    TOT_VARIANCE_VALUE,
    VarianceModel,
)
from bazaar_pos.ui.stock.variance_screen import VarianceScreen
from bazaar_pos.ui.table_view import NEGATIVE, SORT_ROLE
from tests.conftest import Staff
from tests.ui.operations_support import finish_operations

# From assets/demo_catalog.csv (arrived before the opening count)
TALENAN = "BLA-KYU-001"  # Rp 45.000, 25 arrived
RAK_SEPATU = "BLA-KYU-005"  # Rp 275.000, 4 arrived
BESEK = "BNA-BES-001"  # Rp 125, 2.000 arrived
NASTAR = "BLA-UMK-003"  # Rp 60.000, 15 arrived; left uncounted at the close
KOPI_HITAM = "BPN-KAF-001"  # Rp 8.000, café drink: no stock


def sell(db: Database, event_id: int, code: str, quantity: int) -> None:
    product = find_by_code(db, code)
    commit_sale(
        db,
        [SaleLineRequest(product.id, quantity, product.price)],
        PaymentRequest("cash", quantity * product.price),
        cashier="Siti",
        till_code="BPN1",
        event_id=event_id,
    )


def count_all(
    db: Database,
    event_id: int,
    kind: CountKind,
    changes: dict[str, int | None] | None = None,
    *,
    post: bool = True,
) -> int:
    """Count every product as expected except ``changes`` (SKU → counted, None = skipped)."""
    changes = changes or {}
    session = start_count(db, None, event_id, kind)
    for line in count_sheet(db, None, session.id).lines:
        counted = changes.get(line.sku, line.expected)
        if counted is not None:
            set_counted(db, None, session.id, line.product_id, counted)
    if post:
        post_count(db, None, session.id)
    return session.id


def run_event(till: Till, *, post_closing: bool = True) -> int:
    """Opening count, sales, an arrival, closing count: talenan 2 short, one rak sepatu over,
    nastar not counted, coffee sold (not tracked)."""
    db = till.db
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    count_all(db, event_id, CountKind.OPENING)
    sell(db, event_id, TALENAN, 3)
    sell(db, event_id, BESEK, 1600)
    sell(db, event_id, RAK_SEPATU, 2)
    sell(db, event_id, KOPI_HITAM, 2)
    record_arrivals(db, None, event_id, {find_by_code(db, TALENAN).id: 5})
    count_all(
        db,
        event_id,
        CountKind.CLOSING,
        {TALENAN: 25, RAK_SEPATU: 3, NASTAR: None},
        post=post_closing,
    )
    return event_id


@pytest.fixture
def settings(till: Till) -> TillSettings:
    return load_settings(till.db).with_changes(cashier="Siti")


@pytest.fixture
def screen(qtbot: QtBot, till: Till, settings: TillSettings) -> Iterator[VarianceScreen]:
    widget = VarianceScreen(till, settings)
    qtbot.addWidget(widget)
    widget.resize(1180, 720)
    widget.show()
    yield widget


def load(qtbot: QtBot, screen: VarianceScreen) -> None:
    """Open the screen (its report loads on the operations layer) and wait for the report."""
    with qtbot.waitSignal(screen.reportLoaded, timeout=30_000):
        screen.activate()


def written_by(qtbot: QtBot, screen: VarianceScreen, start: Callable[[], object]) -> Path:
    """Start writing the PDF or the CSV and wait until it is written: its path."""
    with qtbot.waitSignal(screen.documentWritten, timeout=60_000) as blocker:
        start()
    path: Path = blocker.args[0]
    return path


def cells(model: VarianceModel, sku: str) -> dict[int, str]:
    row = next(r for r in range(model.rowCount()) if model.line(r).sku == sku)
    return {col: model.data(model.index(row, col)) for col in range(model.columnCount())}


def shown_skus(screen: VarianceScreen) -> list[str]:
    proxy = screen.proxy
    return [proxy.data(proxy.index(row, COL_SKU)) for row in range(proxy.rowCount())]


def test_figures_per_product_and_totals(qtbot: QtBot, till: Till, screen: VarianceScreen) -> None:
    run_event(till)
    load(qtbot, screen)
    model = screen.model

    talenan = cells(model, TALENAN)
    assert (talenan[COL_OPENING], talenan[COL_ARRIVALS], talenan[COL_SOLD]) == ("25", "5", "3")
    assert (talenan[COL_EXPECTED], talenan[COL_COUNTED]) == ("27", "25")
    assert (talenan[COL_VARIANCE], talenan[COL_VARIANCE_VALUE]) == ("-2", "-Rp 90.000")
    assert talenan[COL_SALES_VALUE] == "Rp 135.000"
    rak = cells(model, RAK_SEPATU)
    assert (rak[COL_EXPECTED], rak[COL_COUNTED], rak[COL_VARIANCE]) == ("2", "3", "+1")
    assert rak[COL_VARIANCE_VALUE] == "+Rp 275.000"
    besek = cells(model, BESEK)
    assert (besek[COL_OPENING], besek[COL_SOLD], besek[COL_EXPECTED]) == ("2.000", "1.600", "400")
    assert (besek[COL_VARIANCE], besek[COL_SALES_VALUE]) == ("0", "Rp 200.000")
    nastar = cells(model, NASTAR)
    assert (nastar[COL_COUNTED], nastar[COL_VARIANCE], nastar[COL_VARIANCE_VALUE]) == (
        "belum dihitung",
        "—",
        "—",
    )
    kopi = cells(model, KOPI_HITAM)
    assert (kopi[COL_COUNTED], kopi[COL_SOLD], kopi[COL_SALES_VALUE]) == (
        "tidak dilacak",
        "2",
        "Rp 16.000",
    )
    assert kopi[COL_EXPECTED] == "—"

    # A shortage is marked by its sign and by colour.
    row = next(r for r in range(model.rowCount()) if model.line(r).sku == TALENAN)
    brush = model.data(model.index(row, COL_VARIANCE), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == NEGATIVE
    assert model.data(model.index(row, COL_VARIANCE_VALUE), SORT_ROLE) == -90_000

    totals = screen.totals_model
    names = [totals.data(totals.index(r, TOT_INSTITUTION)) for r in range(totals.rowCount())]
    assert names == [
        "BLA · Rutan Kelas IIB Blora",
        "BNA · Rutan Kelas IIB Banjarnegara",
        "BPN · Rutan Kelas IIA Balikpapan",
        "Total acara",
    ]
    bla = {c: totals.data(totals.index(0, c)) for c in range(totals.columnCount())}
    assert (bla[TOT_VARIANCE], bla[TOT_VARIANCE_VALUE], bla[TOT_UNCOUNTED]) == (
        "-1",
        "+Rp 185.000",
        "1",
    )
    event = {c: totals.data(totals.index(3, c)) for c in range(totals.columnCount())}
    assert (event[TOT_VARIANCE], event[TOT_VARIANCE_VALUE]) == ("-1", "+Rp 185.000")
    summary = screen.event_summary_label.text()
    assert "belum dihitung 1 produk" in summary
    assert "penjualan Rp 901.000" in summary  # 135.000 + 200.000 + 550.000 + 16.000

    counts = screen.counts_label.text()
    assert "Hitung awal #1 (semua instansi): diposting" in counts
    assert "Hitung akhir #2" in counts
    assert "oleh —" in counts  # names come from logins; nobody logs in on this till
    assert not screen.provisional_label.isVisibleTo(screen)


def test_open_closing_count_gives_provisional_figures(
    qtbot: QtBot, till: Till, screen: VarianceScreen
) -> None:
    run_event(till, post_closing=False)
    load(qtbot, screen)
    assert screen.provisional_label.isVisibleTo(screen)
    assert screen.provisional_label.text() == "Penghitungan akhir belum diposting: angka sementara"
    assert "masih terbuka" in screen.counts_label.text()
    # The live preview already shows what the open count found.
    assert cells(screen.model, TALENAN)[COL_VARIANCE] == "-2"


def test_without_a_current_event_the_screen_says_so(
    qtbot: QtBot, till: Till, settings: TillSettings
) -> None:
    widget = VarianceScreen(till, settings.with_changes(current_event_id=None))
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.statusMessage) as status:
        widget.activate()
    assert status.args == ["Belum ada acara dipilih.", "warning"]
    assert "Kasir → Pengaturan" in widget.counts_label.text()
    assert widget.model.rowCount() == 0
    assert not widget.pdf_button.isEnabled()


def test_filters_by_institution_text_and_attention(
    qtbot: QtBot, till: Till, screen: VarianceScreen
) -> None:
    run_event(till)
    load(qtbot, screen)
    total = screen.model.rowCount()
    assert screen.shown_label.text() == f"{total} dari {total} produk"

    event = get_event(till.db, screen.settings.current_event_id)
    assert event is not None
    screen.set_institution_filter(event.institution_ids[event.institution_codes.index("BNA")])
    assert {sku.split("-")[0] for sku in shown_skus(screen)} == {"BNA"}
    assert screen.shown_label.text() == f"5 dari {total} produk"

    screen.set_institution_filter(None)
    screen.search_edit.setText("TALENAN")  # name, any case
    assert shown_skus(screen) == [TALENAN]
    screen.search_edit.setText("kyu-005")  # SKU
    assert shown_skus(screen) == [RAK_SEPATU]

    screen.search_edit.clear()
    screen.attention_check.setChecked(True)
    assert sorted(shown_skus(screen)) == sorted([TALENAN, RAK_SEPATU, NASTAR])
    # Filters survive a reload.
    with qtbot.waitSignal(screen.reportLoaded):
        screen.reload()
    assert sorted(shown_skus(screen)) == sorted([TALENAN, RAK_SEPATU, NASTAR])


def test_sorting_is_numeric_and_puts_missing_figures_last(
    qtbot: QtBot, till: Till, screen: VarianceScreen
) -> None:
    run_event(till)
    load(qtbot, screen)
    view = screen.table_view

    view.sortByColumn(COL_SOLD, Qt.SortOrder.DescendingOrder)
    assert shown_skus(screen)[0] == BESEK  # 1.600, not "3" before "1.600" as text

    for order, first in (
        (Qt.SortOrder.AscendingOrder, TALENAN),
        (Qt.SortOrder.DescendingOrder, RAK_SEPATU),
    ):
        view.sortByColumn(COL_VARIANCE, order)
        lines = [screen.proxy.line(row) for row in range(screen.proxy.rowCount())]
        assert lines[0].sku == first
        # Not counted / not tracked: after every number, whichever way the column is sorted.
        missing = [row for row, line in enumerate(lines) if line.variance is None]
        assert missing == list(range(len(lines) - len(missing), len(lines)))
        assert NASTAR in {lines[row].sku for row in missing}
        assert screen.proxy.data(screen.proxy.index(len(lines) - 1, COL_VARIANCE)) == "—"

    view.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    names = [screen.proxy.line(row).name for row in range(screen.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)


def test_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, till: Till, screen: VarianceScreen
) -> None:
    run_event(till)
    load(qtbot, screen)
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.totals_model)
    screen.table_view.sortByColumn(COL_VARIANCE_VALUE, Qt.SortOrder.AscendingOrder)
    screen.attention_check.setChecked(True)
    qtmodeltester.check(screen.proxy)
    assert screen.proxy.rowCount() == 3
    screen.attention_check.setChecked(False)
    screen.search_edit.setText("kayu")
    qtmodeltester.check(screen.proxy)
    assert screen.model.data(screen.model.index(0, COL_ADJUSTED), SORT_ROLE) == 0


class Answers:
    """An ``ask.ask_text`` that answers in turn and remembers what it was asked."""

    def __init__(self, *texts: str) -> None:
        self.texts = list(texts)
        self.asked: list[tuple[str, str]] = []  # (label, suggested text)

    def __call__(self, parent: object, title: str, label: str, text: str = "") -> str:
        self.asked.append((label, text))
        return self.texts.pop(0)


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_save_pdf_with_signature_names(
    qtbot: QtBot,
    till: Till,
    screen: VarianceScreen,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    run_event(till)
    load(qtbot, screen)
    fake_ask = Answers("Budi Santoso", "Ir. Hendra Wijaya")
    monkeypatch.setattr(ask, "ask_text", fake_ask)
    suggested: list[Path] = []

    def choose(parent: object, title: str, path: Path, file_filter: str) -> Path:
        suggested.append(path)
        return tmp_path / "selisih.pdf"

    monkeypatch.setattr(documents, "choose_save_path", choose)
    written = written_by(qtbot, screen, screen.save_pdf)

    assert written == tmp_path / "selisih.pdf"
    # The names on the closing count (the logins: nobody on this till, so the till's cashier
    # setting) are suggested.
    assert [text for _, text in fake_ask.asked] == ["Siti", ""]
    assert suggested[0].parent == till.data_dir / "reports"
    assert suggested[0].name.startswith("selisih-bazar-hbp-ke-62-")
    assert suggested[0].suffix == ".pdf"
    text = pdf_text(written)
    assert "Bazar HBP ke-62" in text
    assert "Talenan kayu jati" in text
    assert "-Rp 90.000" in text
    assert "+Rp 275.000" in text
    assert "Ir. Hendra Wijaya" in text
    assert str(written) in screen.status_label.text()


def test_cancelling_a_question_writes_nothing(
    qtbot: QtBot,
    till: Till,
    screen: VarianceScreen,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    run_event(till)
    load(qtbot, screen)
    monkeypatch.setattr(ask, "ask_text", lambda *args: None)
    chosen: list[Path] = []
    monkeypatch.setattr(documents, "choose_save_path", lambda *args: chosen.append(args[2]))
    assert screen.save_pdf() is None
    assert chosen == []
    assert not (till.data_dir / "reports").exists()


def test_export_csv_has_the_figures(
    qtbot: QtBot,
    till: Till,
    screen: VarianceScreen,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    run_event(till)
    load(qtbot, screen)
    screen.attention_check.setChecked(True)  # the CSV has every line, not the filtered ones
    target = tmp_path / "selisih.csv"
    monkeypatch.setattr(documents, "choose_save_path", lambda *args: target)
    written = written_by(qtbot, screen, screen.export_csv)
    assert written == target
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["sku"]: row for row in csv.DictReader(handle)}
    assert len(rows) == screen.model.rowCount()
    talenan = rows[TALENAN]
    assert (talenan["expected"], talenan["counted"], talenan["variance"]) == ("27", "25", "-2")
    assert talenan["variance_value"] == "-90000"
    assert (rows[NASTAR]["counted"], rows[NASTAR]["variance"]) == ("", "")
    assert rows[KOPI_HITAM]["sales_value"] == "16000"
    assert screen.status_label.text() == f"CSV disimpan: {target}"


def test_print_renders_the_pdf_and_prints_it(
    qtbot: QtBot,
    till: Till,
    screen: VarianceScreen,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    run_event(till)
    load(qtbot, screen)
    monkeypatch.setattr(ask, "ask_text", Answers("Budi Santoso", "Hendra"))
    monkeypatch.setattr(printing, "available_printers", lambda: ["Printer-Kantor"])
    printed = tmp_path / "printed.pdf"

    def printer(parent: object, settings: TillSettings) -> QPrinter:
        result = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # fast enough for a test
        result.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        result.setOutputFileName(str(printed))
        return result

    monkeypatch.setattr(documents, "choose_printer", printer)
    written = written_by(qtbot, screen, screen.print_report)
    assert written.parent == till.data_dir / "reports"
    source = PdfReader(io.BytesIO(written.read_bytes())).pages
    assert len(PdfReader(io.BytesIO(printed.read_bytes())).pages) == len(source)
    assert screen.status_label.text().startswith("Dicetak. PDF:")


def test_f5_reloads_and_main_window_opens_the_screen(
    qtbot: QtBot, till: Till, request: pytest.FixtureRequest
) -> None:
    event_id = run_event(till)
    staff: Staff = request.getfixturevalue("staff")  # accounts from here on
    request.getfixturevalue("shift")  # the cashier's, for the late sale
    window = MainWindow(till, actor=staff.supervisor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screen = window.show_screen("variance")
    assert isinstance(screen, VarianceScreen)
    finish_operations(qtbot)
    assert cells(screen.model, TALENAN)[COL_SALES_VALUE] == "Rp 135.000"
    talenan = find_by_code(till.db, TALENAN)
    commit_sale(  # a late sale after the closing count
        till.db,
        [SaleLineRequest(talenan.id, 2, talenan.price)],
        PaymentRequest("cash", 2 * talenan.price),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=event_id,
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    screen.table_view.setFocus()
    qtbot.waitUntil(screen.table_view.hasFocus)
    with qtbot.waitSignal(screen.reportLoaded):
        qtbot.keyClick(screen.table_view, Qt.Key.Key_F5)
    assert cells(screen.model, TALENAN)[COL_SALES_VALUE] == "Rp 225.000"


def test_document_helpers(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert documents.file_slug("Bazar HBP ke-62 — Samarinda") == "bazar-hbp-ke-62-samarinda"
    assert documents.file_slug("—", "acara") == "acara"

    # Some desktops' choosers drop the extension the filter asked for: it is added back.
    chooser = staticmethod(lambda *args: (str(tmp_path / "laporan"), documents.PDF_FILTER))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", chooser)
    suggested = tmp_path / "reports" / "selisih.pdf"
    chosen = documents.choose_save_path(None, "Simpan", suggested, documents.PDF_FILTER)
    assert chosen == tmp_path / "laporan.pdf"
    assert suggested.parent.is_dir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: ("", "")))
    assert documents.choose_save_path(None, "Simpan", suggested, documents.PDF_FILTER) is None

    # No printer on this computer: the PDF opens in the viewer instead.
    monkeypatch.setattr(printing, "available_printers", lambda: [])
    opened: list[Path] = []
    monkeypatch.setattr(documents, "open_file", lambda path: opened.append(path) or True)
    delivery = documents.open_or_print_pdf(None, suggested, TillSettings())
    assert (delivery.opened, delivery.printed, opened) == (True, False, [suggested])
    assert documents.delivery_message(delivery) == (f"PDF dibuka: {suggested}", "info")
    # The print dialog cancelled: nothing printed, the PDF stays.
    monkeypatch.setattr(printing, "available_printers", lambda: ["Printer-Kantor"])
    monkeypatch.setattr(documents, "choose_printer", lambda *args: None)
    delivery = documents.open_or_print_pdf(None, suggested, TillSettings())
    assert delivery.cancelled and not delivery.printed
    assert documents.delivery_message(delivery)[0] == (
        f"Tidak dicetak. PDF tetap tersimpan: {suggested}"
    )
