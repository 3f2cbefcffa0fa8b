"""The sales reports screen: breakdowns of an event or a range of days, the two charts (read
back from the QtCharts objects) and the end-of-event PDF — on sales made with the real
services at known local times."""

from __future__ import annotations

import datetime as dt
import io
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import Sale
from bazaar_pos.money import format_rupiah
from bazaar_pos.reports.sales import ReportRow
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.till.refunds import RefundLineRequest, refund_sale, refundable_sale
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.reports.report_models import (
    COL_GROSS,
    COL_KEY,
    COL_LABEL,
    COL_NET,
    COL_QUANTITY,
    COL_REFUNDS,
    COL_SHARE,
    ReportRowsModel,
)
from bazaar_pos.ui.reports.reports_screen import ReportsScreen, hourly_nets
from bazaar_pos.ui.table_view import SORT_ROLE
from tests.conftest import Staff
from tests.ui.operations_support import finish_operations

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")  # Balikpapan, Samarinda
TALENAN = "BLA-KYU-001"  # Rp 45.000, Rutan Blora
RAK_SEPATU = "BLA-KYU-005"  # Rp 275.000, Rutan Blora
BESEK = "BNA-BES-001"  # Rp 125, Rutan Banjarnegara
KOPI_HITAM = "BPN-KAF-001"  # Rp 8.000, Rutan Balikpapan café


def ring(
    db: Database, staff: Staff, event_id: int, items: list[tuple[str, int]], at: dt.datetime
) -> str:
    """A cash sale of ``items`` by the cashier, then moved to the local time ``at``."""
    products = [(find_by_code(db, code), quantity) for code, quantity in items]
    result = commit_sale(
        db,
        [SaleLineRequest(product.id, quantity, product.price) for product, quantity in products],
        PaymentRequest("cash", None),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=event_id,
    )
    with db.write() as session:  # the sale service stamps "now"; the report reads the hour
        session.execute(
            update(Sale)
            .where(Sale.receipt_no == result.receipt_no)
            .values(created_at=at.astimezone(dt.UTC))
        )
    return result.receipt_no


@pytest.fixture
def event_id(db: Database) -> int:
    current = load_settings(db).current_event_id
    assert current is not None
    return current


@pytest.fixture
def sales(db: Database, staff: Staff, shift: int, event_id: int) -> dict[str, str]:
    """27 April: 09:15 three talenan, 09:40 1.600 besek, 11:05 two coffees; 28 April 13:30 one
    rak sepatu; one talenan of the first sale refunded (Rp 45.000)."""
    day1, day2 = dt.date(2026, 4, 27), dt.date(2026, 4, 28)

    def at(day: dt.date, hour: int, minute: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), WITA)

    receipts = {
        "talenan": ring(db, staff, event_id, [(TALENAN, 3)], at(day1, 9, 15)),
        "besek": ring(db, staff, event_id, [(BESEK, 1600)], at(day1, 9, 40)),
        "kopi": ring(db, staff, event_id, [(KOPI_HITAM, 2)], at(day1, 11, 5)),
        "rak": ring(db, staff, event_id, [(RAK_SEPATU, 1)], at(day2, 13, 30)),
    }
    line = refundable_sale(db, receipts["talenan"], actor=staff.supervisor).lines[0]
    refund_sale(
        db,
        receipts["talenan"],
        [RefundLineRequest(line.sale_line_id, 1)],
        method="cash",
        actor=staff.supervisor,
        till_code="BPN1",
        request_key=str(uuid.uuid4()),
        reason="retak",
    )
    return receipts


@pytest.fixture
def settings(db: Database) -> TillSettings:
    return load_settings(db)


@pytest.fixture
def screen(
    qtbot: QtBot, till: Till, settings: TillSettings, staff: Staff
) -> Iterator[ReportsScreen]:
    widget = ReportsScreen(till, settings)
    widget.set_actor(staff.supervisor)  # reports are the supervisor's
    widget.tz = WITA
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    yield widget


def load(qtbot: QtBot, screen: ReportsScreen) -> None:
    """Open the screen (its report loads on the operations layer) and wait for the report."""
    with qtbot.waitSignal(screen.reportLoaded, timeout=30_000):
        screen.activate()


def written_by(qtbot: QtBot, screen: ReportsScreen, start: Callable[[], object]) -> Path:
    """Start an end-of-event document and wait until it is written: its path."""
    with qtbot.waitSignal(screen.documentWritten, timeout=60_000) as blocker:
        start()
    path: Path = blocker.args[0]
    return path


def table(screen: ReportsScreen, column: int) -> dict[str, str]:
    """key -> the text shown in ``column``, as the view shows it (through its proxy)."""
    view = screen.proxy
    return {
        view.data(view.index(row, COL_KEY)): view.data(view.index(row, column))
        for row in range(view.rowCount())
    }


# --- the model ---------------------------------------------------------------------------


ROWS = (
    ReportRow("BLA", "Rutan Kelas IIB Blora", 3, 410_000, 45_000, 365_000, 3),
    ReportRow("BNA", "Rutan Kelas IIB Banjarnegara", 1600, 200_000, 0, 200_000, 1),
    ReportRow("BPN", "Rutan Kelas IIA Balikpapan", 2, 16_000, 0, 16_000, 1),
)


def test_the_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = ReportRowsModel()
    model.set_rows(ROWS, 581_000)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_rows((), 0)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_the_model_formats_money_and_shares() -> None:
    model = ReportRowsModel()
    model.set_rows(ROWS, 581_000)
    model.set_titles("Kode", "Instansi")

    def cell(row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.data(model.index(row, column), role)

    assert model.headerData(COL_LABEL, Qt.Orientation.Horizontal) == "Instansi"
    assert [cell(0, column) for column in range(model.columnCount())] == [
        "BLA",
        "Rutan Kelas IIB Blora",
        "3",
        "Rp 410.000",
        "Rp 45.000",
        "Rp 365.000",
        "3",
        "62,8%",  # 365.000 / 581.000
    ]
    assert cell(1, COL_QUANTITY) == "1.600"
    assert cell(2, COL_SHARE) == "2,8%"
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert cell(0, COL_NET, Qt.ItemDataRole.TextAlignmentRole) == right
    assert cell(0, COL_LABEL, Qt.ItemDataRole.TextAlignmentRole) is None
    assert (
        model.headerData(COL_GROSS, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole)
        == right
    )
    assert cell(0, COL_NET, SORT_ROLE) == 365_000
    assert cell(1, COL_SHARE, SORT_ROLE) == pytest.approx(100 * 200_000 / 581_000)

    model.set_rows(ROWS, 0)  # nothing sold (everything refunded): no share to speak of
    assert cell(0, COL_SHARE) == "—"


def test_hourly_nets_fill_the_quiet_hours() -> None:
    rows = (
        ReportRow("09", "09.00", 4, 335_000, 45_000, 290_000, 2),
        ReportRow("12", "12.00", 2, 16_000, 0, 16_000, 1),
    )
    assert hourly_nets(rows) == [("09", 290_000), ("10", 0), ("11", 0), ("12", 16_000)]
    assert hourly_nets(()) == []


# --- the screen ----------------------------------------------------------------------------


def test_the_event_by_institution_then_by_product(
    qtbot: QtBot, screen: ReportsScreen, sales: dict[str, str], event_id: int
) -> None:
    load(qtbot, screen)
    assert screen.in_event_scope() and screen.chosen_event_id() == event_id
    assert screen.report is not None
    assert screen.title_label.text() == "Laporan penjualan — Bazar HBP ke-62"

    screen.set_breakdown("institution")
    # Talenan 3 × 45.000 less one refunded, rak sepatu 275.000; besek 1.600 × 125; 2 coffees.
    assert table(screen, COL_NET) == {
        "BLA": "Rp 365.000",
        "BNA": "Rp 200.000",
        "BPN": "Rp 16.000",
    }
    assert table(screen, COL_REFUNDS)["BLA"] == "Rp 45.000"
    assert table(screen, COL_SHARE)["BNA"] == "34,4%"
    assert screen.proxy.headerData(COL_LABEL, Qt.Orientation.Horizontal) == "Instansi"

    screen.set_breakdown("product")
    assert table(screen, COL_NET) == {
        RAK_SEPATU: "Rp 275.000",
        BESEK: "Rp 200.000",
        TALENAN: "Rp 90.000",
        KOPI_HITAM: "Rp 16.000",
    }
    assert table(screen, COL_QUANTITY)[TALENAN] == "2"
    assert screen.proxy.headerData(COL_KEY, Qt.Orientation.Horizontal) == "SKU"

    screen.set_breakdown("payment")
    assert table(screen, COL_NET) == {"cash": "Rp 581.000"}
    assert screen.table_view.isColumnHidden(COL_QUANTITY)

    screen.set_breakdown("cashier")  # the cashier's name is the key: shown once
    assert table(screen, COL_NET) == {"Siti Aminah": "Rp 581.000"}
    assert screen.table_view.isColumnHidden(COL_KEY)

    screen.set_breakdown("hour")  # local hours (WITA) of the sales, refunds with their sale
    assert table(screen, COL_NET) == {"09": "Rp 290.000", "11": "Rp 16.000", "13": "Rp 275.000"}
    assert table(screen, COL_LABEL)["09"] == "09.00"
    assert screen.table_view.isColumnHidden(COL_KEY)

    screen.set_breakdown("best")
    assert list(table(screen, COL_QUANTITY).items()) == [
        (BESEK, "1.600"),
        (TALENAN, "2"),  # two left after the refund; more money than the two coffees
        (KOPI_HITAM, "2"),
        (RAK_SEPATU, "1"),
    ]
    assert not screen.table_view.isColumnHidden(COL_KEY)

    assert screen.receipts_value.text() == "4"
    assert screen.gross_value.text() == "Rp 626.000"
    assert screen.refunds_value.text() == "Rp 45.000"
    assert screen.net_value.text() == "Rp 581.000"
    assert screen.discounts_value.text() == "Rp 0"
    assert screen.pdf_button.isEnabled() and screen.csv_button.isEnabled()


def test_the_table_sorts_by_the_figures(
    qtbot: QtBot, screen: ReportsScreen, sales: dict[str, str]
) -> None:
    load(qtbot, screen)
    screen.set_breakdown("product")
    screen.table_view.sortByColumn(COL_QUANTITY, Qt.SortOrder.DescendingOrder)
    proxy = screen.proxy
    # 1.600 besek before 2 talenan: numbers, not texts, are compared.
    assert [proxy.data(proxy.index(row, COL_KEY)) for row in range(proxy.rowCount())] == [
        BESEK,
        TALENAN,
        KOPI_HITAM,
        RAK_SEPATU,
    ]


def test_a_date_range(qtbot: QtBot, screen: ReportsScreen, sales: dict[str, str]) -> None:
    load(qtbot, screen)
    with qtbot.waitSignal(screen.reportLoaded) as blocker:
        screen.use_date_range(dt.date(2026, 4, 28), dt.date(2026, 4, 28))
    report = blocker.args[0]
    assert report.scope.start == report.scope.end == dt.date(2026, 4, 28)
    assert not screen.in_event_scope()
    assert screen.title_label.text() == "Laporan penjualan — Penjualan 28-04-2026"
    screen.set_breakdown("institution")
    assert table(screen, COL_NET) == {"BLA": "Rp 275.000"}
    assert screen.net_value.text() == "Rp 275.000"
    assert screen.receipts_value.text() == "1"
    # The end-of-event report is about an event, not about some days.
    assert not screen.pdf_button.isEnabled() and not screen.csv_button.isEnabled()

    screen.set_breakdown("day")
    with qtbot.waitSignal(screen.reportLoaded):
        screen.to_edit.setDate(screen.to_edit.date().addDays(1))  # 28–29 April: no change
    assert table(screen, COL_NET) == {"2026-04-28": "Rp 275.000"}
    with qtbot.waitSignal(screen.reportLoaded):
        screen.from_edit.setDate(screen.from_edit.date().addDays(-1))  # 27–29 April
    assert table(screen, COL_NET) == {"2026-04-27": "Rp 306.000", "2026-04-28": "Rp 275.000"}

    # Backwards dates: a message, not a report.
    screen.from_edit.setDate(screen.to_edit.date().addDays(1))
    assert screen.report is None
    assert "sesudah tanggal akhir" in screen.status_label.text()
    assert screen.net_value.text() == "—"

    with qtbot.waitSignal(screen.reportLoaded):
        screen.event_radio.setChecked(True)
    assert screen.net_value.text() == "Rp 581.000"
    assert screen.pdf_button.isEnabled()


def test_the_charts_show_the_report(
    qtbot: QtBot, screen: ReportsScreen, sales: dict[str, str]
) -> None:
    load(qtbot, screen)
    report = screen.report
    assert report is not None
    by_institution = {row.key: row.net for row in report.by_institution}
    assert by_institution == {"BLA": 365_000, "BNA": 200_000, "BPN": 16_000}
    assert screen.institution_values() == by_institution
    series = screen.institution_series
    assert series is not None
    assert sum(pie_slice.value() for pie_slice in series.slices()) == report.net
    assert [pie_slice.label() for pie_slice in series.slices()] == [
        "BLA · 62,8%",
        "BNA · 34,4%",
        "BPN · 2,8%",
    ]
    # A sliver has its name in the legend, not a label arm across the chart.
    assert [pie_slice.isLabelVisible() for pie_slice in series.slices()] == [True, True, False]

    # 09.15 talenan (less the refund) + 09.40 besek; 11.05 coffee; 13.30 the next day rak.
    assert {row.key: row.net for row in report.by_hour} == {
        "09": 290_000,
        "11": 16_000,
        "13": 275_000,
    }
    assert screen.hour_values() == {"09": 290_000, "10": 0, "11": 16_000, "12": 0, "13": 275_000}
    bar_set = screen.hour_set
    assert bar_set is not None
    assert [bar_set.at(index) for index in range(bar_set.count())] == [
        290_000,
        0,
        16_000,
        0,
        275_000,
    ]

    # Charts follow the scope: 28 April only.
    with qtbot.waitSignal(screen.reportLoaded):
        screen.use_date_range(dt.date(2026, 4, 28), dt.date(2026, 4, 28))
    assert screen.hour_values() == {"13": 275_000}
    assert screen.institution_values() == {"BLA": 275_000}

    # No sales in the scope: no series, a title that says so.
    with qtbot.waitSignal(screen.reportLoaded):
        screen.use_date_range(dt.date(2026, 5, 1), dt.date(2026, 5, 2))
    assert screen.hour_values() == {} and screen.institution_values() == {}
    assert screen.hour_chart.series() == [] and screen.institution_chart.series() == []
    assert "belum ada penjualan" in screen.hour_chart.title()


def test_save_the_end_of_event_pdf(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    screen: ReportsScreen,
    sales: dict[str, str],
    tmp_path: Path,
) -> None:
    load(qtbot, screen)
    asked: list[Path] = []

    def choose(_parent: object, _title: str, suggested: Path, _filter: str) -> Path:
        asked.append(suggested)
        return tmp_path / "akhir.pdf"

    monkeypatch.setattr(documents, "choose_save_path", choose)
    written = written_by(qtbot, screen, screen.save_pdf)
    assert written == tmp_path / "akhir.pdf"
    assert asked[0].name.startswith("laporan-akhir-bazar-hbp-ke-62-")
    assert asked[0].suffix == ".pdf"
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(written.read_bytes())).pages
    )
    assert "Bazar HBP ke-62" in text
    assert format_rupiah(581_000) in text
    assert "Laporan akhir disimpan" in screen.status_label.text()


def test_save_csv_and_cancel(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    screen: ReportsScreen,
    sales: dict[str, str],
    tmp_path: Path,
) -> None:
    load(qtbot, screen)
    monkeypatch.setattr(documents, "choose_save_path", lambda *_args: None)
    assert screen.save_csv() is None and screen.save_pdf() is None
    assert list(tmp_path.glob("*.csv")) == []

    monkeypatch.setattr(documents, "choose_save_path", lambda *_args: tmp_path / "akhir.csv")
    written = written_by(qtbot, screen, screen.save_csv)
    assert written == tmp_path / "akhir.csv"
    content = written.read_bytes().decode("utf-8-sig")
    assert "Bazar HBP ke-62" in content
    assert "581000" in content


def test_print_goes_through_the_documents_module(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, screen: ReportsScreen, sales: dict[str, str]
) -> None:
    load(qtbot, screen)
    delivered: list[Path] = []

    def deliver(
        _parent: object, path: Path, _settings: TillSettings, *, print_it: bool = True
    ) -> documents.DocumentDelivery:
        delivered.append(path)
        return documents.DocumentDelivery(path, printed=True)

    monkeypatch.setattr(documents, "open_or_print_pdf", deliver)
    written = written_by(qtbot, screen, screen.print_report)
    assert delivered == [written]
    assert delivered[0].parent == documents.reports_dir(screen.till)
    assert delivered[0].read_bytes().startswith(b"%PDF")
    assert screen.status_label.text().startswith("Dicetak.")


def test_an_english_screen_asks_for_an_english_pdf(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    screen: ReportsScreen,
    settings: TillSettings,
    sales: dict[str, str],
    tmp_path: Path,
) -> None:
    import bazaar_pos.papers.event_report as event_report_pdf

    languages: list[str] = []
    real = event_report_pdf.render_event_report_pdf

    def render(report: object, *, language: str = "id") -> bytes:
        languages.append(language)
        return real(report, language=language)  # type: ignore[arg-type]

    monkeypatch.setattr(event_report_pdf, "render_event_report_pdf", render)
    monkeypatch.setattr(documents, "choose_save_path", lambda *_args: tmp_path / "en.pdf")
    screen.set_settings(settings.with_changes(language="en"))
    load(qtbot, screen)
    assert written_by(qtbot, screen, screen.save_pdf) == tmp_path / "en.pdf"
    assert languages == ["en"]


def test_no_sales_yet(qtbot: QtBot, screen: ReportsScreen, staff: Staff) -> None:
    load(qtbot, screen)
    assert screen.report is not None and screen.report.receipts == 0
    assert screen.model.rowCount() == 0
    assert screen.net_value.text() == "Rp 0"
    assert screen.hour_values() == {}
    assert screen.institution_chart.title() == "Porsi per instansi — belum ada penjualan"
    assert screen.status_label.text() == "Laporan dimuat: 0 struk, penjualan bersih Rp 0."


def test_a_cashier_gets_the_refusal_not_the_figures(
    qtbot: QtBot, screen: ReportsScreen, sales: dict[str, str], staff: Staff
) -> None:
    load(qtbot, screen)
    assert screen.report is not None
    screen.set_actor(staff.cashier)
    assert screen.report is None
    finish_operations(qtbot)
    assert screen.report is None
    assert screen.status_label.text() == (
        "kasir (kasir) tidak berhak melakukan ini: perlu supervisor ke atas."
    )


def test_a_report_asked_for_by_the_previous_user_never_shows(
    qtbot: QtBot,
    screen: ReportsScreen,
    sales: dict[str, str],
    staff: Staff,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The supervisor's report is still loading when the till is handed to a cashier: it
    arrives after the handover and is dropped; the cashier's refusal is what shows."""
    import bazaar_pos.ui.reports.reports_screen as reports_screen

    gate = threading.Event()
    real = reports_screen.sales_report

    def held(*args: Any, **kwargs: Any) -> Any:
        assert gate.wait(30), "the test never let the report through"
        return real(*args, **kwargs)

    monkeypatch.setattr(reports_screen, "sales_report", held)
    screen.activate()  # the supervisor's report: held on its worker
    assert screen.report is None
    screen.set_actor(staff.cashier)  # handed over; the cashier's request waits its turn
    gate.set()
    finish_operations(qtbot)
    assert screen.report is None
    assert screen.net_value.text() == "—"
    assert screen.status_label.text() == (
        "kasir (kasir) tidak berhak melakukan ini: perlu supervisor ke atas."
    )
