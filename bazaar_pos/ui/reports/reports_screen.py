"""The sales reports screen (*laporan penjualan*): for one event or a range of days, sales by
product, institution, workshop, category, payment method, cashier, hour and day, and the best
sellers; two charts (sales by hour, share per institution); the end-of-event report as A4 PDF
(the document the Kalapas/Karutan signs) and as CSV.

Every figure comes from one :func:`bazaar_pos.reports.sales.sales_report` call (on
:meth:`ReportsScreen.activate`, F5, the Refresh button and each change of scope); choosing
another breakdown only shows another part of the same report. The end-of-event documents come
from :func:`bazaar_pos.reports.event_report.end_of_event_report`.

Both run on the operations layer (seconds on a big event, and the till sells meanwhile): the
report on a worker, shown when it arrives (a scope changed while one loads is loaded after
it, the newest winning; a report asked for by the previous user, or for the previous scope,
is never shown); the end-of-event report's figures, its PDF or CSV, and the file, on a worker
too, then said in the status line (``documentWritten``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QPieSlice,
    QValueAxis,
)
from PySide6.QtCore import QDate, QLocale, QMargins, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.events import EventInfo, list_events
from bazaar_pos.errors import PosError
from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.people.access import Actor
from bazaar_pos.reports.sales import ReportRow, ReportScope, SalesReport, sales_report
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.operations import Busy, Op, Progress, Running, run
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.reports.report_models import (
    COL_GROSS,
    COL_KEY,
    COL_LABEL,
    COL_NET,
    COL_QUANTITY,
    COL_RECEIPTS,
    COL_REFUNDS,
    COL_SHARE,
    ReportRowsModel,
    format_share,
)
from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    SORT_ROLE,
    WARNING,
    fit_columns,
    setup_table,
    show_status_line,
)

DATE_FORMAT = "dd-MM-yyyy"
# The operations' kinds: one sales report loading (the newest scope waits), one document.
REPORT_OP, DOCUMENT_OP = "sales_report", "event_document"

# Slices smaller than this (percent of the net) carry no label on the pie, only in the legend:
# labels outside the pie get cut off in a chart this small, and a thin slice has no room inside.
_PIE_LABEL_MIN_SHARE = 12.0
# Dark enough for a white label on every slice (the default theme's light blue is not).
_SLICE_COLOURS = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#c62828", "#00838f", "#5d4037")


@dataclass(frozen=True)
class Breakdown:
    key: str  # what the screen and the tests call it
    attribute: str  # the SalesReport field holding its rows


BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown("product", "by_product"),
    Breakdown("institution", "by_institution"),
    Breakdown("workshop", "by_workshop"),
    Breakdown("category", "by_category"),
    Breakdown("payment", "by_payment_method"),
    Breakdown("cashier", "by_cashier"),
    Breakdown("hour", "by_hour"),
    Breakdown("day", "by_day"),
    Breakdown("best", "best_sellers"),
)


def rows_of(report: SalesReport, breakdown: str) -> tuple[ReportRow, ...]:
    """The rows of one breakdown of ``report``."""
    found = next(entry for entry in BREAKDOWNS if entry.key == breakdown)
    rows: tuple[ReportRow, ...] = getattr(report, found.attribute)
    return rows


def hourly_nets(rows: tuple[ReportRow, ...]) -> list[tuple[str, int]]:
    """(hour, net) for every hour from the first hour with sales to the last, quiet hours as
    0: a gap in the bars is the lunch break, not a missing bar."""
    nets = {row.key: row.net for row in rows}
    hours = sorted(int(key) for key in nets if key.isdigit())
    if not hours:
        return []
    return [(f"{hour:02d}", nets.get(f"{hour:02d}", 0)) for hour in range(hours[0], hours[-1] + 1)]


def _to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ReportsScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    reportLoaded = Signal(object)  # SalesReport
    documentWritten = Signal(object)  # Path of the end-of-event PDF or CSV just written

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.asked = object()  # the newest report asked for (see reload)
        self.report: SalesReport | None = None
        # The zone hours and days are read in; None: the laptop's. Tests set a fixed one.
        self.tz: dt.tzinfo | None = None
        self.events: list[EventInfo] = []

        self.title_label = QLabel(self.tr("Laporan penjualan"))
        self.title_label.setObjectName("reportTitle")
        title_font = QFont(self.title_label.font())
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.title_label.setWordWrap(True)

        # --- scope and breakdown ---------------------------------------------------------
        self.event_radio = QRadioButton(self.tr("Acara:"))
        self.event_radio.setChecked(True)
        self.range_radio = QRadioButton(self.tr("Tanggal:"))
        self.scope_group = QButtonGroup(self)
        self.scope_group.addButton(self.event_radio)
        self.scope_group.addButton(self.range_radio)
        self.event_radio.toggled.connect(self._scope_changed)
        self.event_combo = QComboBox()
        self.event_combo.setObjectName("reportEvent")
        self.event_combo.setMinimumContentsLength(24)
        self.event_combo.currentIndexChanged.connect(self._event_chosen)
        today = dt.date.today()
        self.from_edit = self._date_edit("reportFrom", today)
        self.to_edit = self._date_edit("reportTo", today)
        self.breakdown_combo = QComboBox()
        self.breakdown_combo.setObjectName("reportBreakdown")
        for key, title in self._breakdown_titles().items():
            self.breakdown_combo.addItem(title, key)
        self.breakdown_combo.setCurrentIndex(self.breakdown_combo.findData("institution"))
        self.breakdown_combo.currentIndexChanged.connect(self._breakdown_chosen)
        self.refresh_button = QPushButton(self.tr("Muat ulang (F5)"))
        self.refresh_button.clicked.connect(self.reload)

        # --- table and totals ------------------------------------------------------------
        self.model = ReportRowsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table_view = QTableView()
        self.table_view.setObjectName("reportTable")
        self.table_view.setModel(self.proxy)
        setup_table(self.table_view)
        self.table_view.setSortingEnabled(True)
        self.table_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the report's order
        fit_columns(
            self.table_view,
            {
                COL_KEY: "BLA-KYU-000",
                COL_QUANTITY: "99.999",
                COL_GROSS: "Rp 99.999.999",
                COL_REFUNDS: "Rp 9.999.999",
                COL_NET: "Rp 99.999.999",
                COL_RECEIPTS: "9.999",
                COL_SHARE: "100,0%",
            },
            COL_LABEL,
        )
        self.table_view.horizontalHeader().setMinimumSectionSize(60)
        # The net is shown bold (ReportRowsModel): measure it so.
        bold = QFont(self.table_view.font())
        bold.setBold(True)
        self.table_view.horizontalHeader().resizeSection(
            COL_NET, QFontMetrics(bold).horizontalAdvance("Rp 99.999.999") + 16
        )

        totals = QFrame()
        totals.setObjectName("reportTotals")
        totals.setFrameShape(QFrame.Shape.StyledPanel)
        totals_layout = QHBoxLayout(totals)
        self.receipts_value = self._total_label("totalReceipts")
        self.gross_value = self._total_label("totalGross")
        self.refunds_value = self._total_label("totalRefunds")
        self.net_value = self._total_label("totalNet")
        self.discounts_value = self._total_label("totalDiscounts")
        for caption, value in (
            (self.tr("Struk:"), self.receipts_value),
            (self.tr("Kotor:"), self.gross_value),
            (self.tr("Refund:"), self.refunds_value),
            (self.tr("Bersih:"), self.net_value),
            (self.tr("Diskon diberikan:"), self.discounts_value),
        ):
            totals_layout.addWidget(QLabel(caption))
            totals_layout.addWidget(value)
            totals_layout.addSpacing(18)
        totals_layout.addStretch(1)

        # --- charts ----------------------------------------------------------------------
        self.hour_chart = self._new_chart(self.tr("Penjualan bersih per jam (Rp)"))
        self.hour_chart.legend().hide()
        self.hour_series: QBarSeries | None = None
        self.hour_set: QBarSet | None = None
        self._hours: list[str] = []  # the bars' hours, for the tooltip
        self.hour_chart_view = self._chart_view(self.hour_chart, "hourChart")
        self.institution_chart = self._new_chart(self.tr("Porsi per instansi"))
        legend = self.institution_chart.legend()
        legend.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.institution_series: QPieSeries | None = None
        self._slice_rows: list[ReportRow] = []  # the institution of each slice, in order
        self.institution_chart_view = self._chart_view(self.institution_chart, "institutionChart")

        # The table keeps the full width (eight columns, long product names); the two charts
        # sit side by side under it, and the splitter lets a reader give either more room.
        self.charts_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.charts_splitter.addWidget(self.hour_chart_view)
        self.charts_splitter.addWidget(self.institution_chart_view)
        self.charts_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("reportSplitter")
        self.splitter.addWidget(self.table_view)
        self.splitter.addWidget(self.charts_splitter)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)

        # --- documents and status --------------------------------------------------------
        self.pdf_button = QPushButton(self.tr("Simpan PDF laporan akhir"))
        self.pdf_button.setToolTip(
            self.tr("Laporan akhir acara (A4) untuk ditandatangani Kalapas/Karutan")
        )
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(self.tr("Cetak laporan akhir"))
        self.print_button.clicked.connect(self.print_report)
        self.csv_button = QPushButton(self.tr("Simpan CSV"))
        self.csv_button.setToolTip(self.tr("Laporan akhir acara sebagai CSV"))
        self.csv_button.clicked.connect(self.save_csv)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        scope_row = QGridLayout()
        scope_row.addWidget(self.event_radio, 0, 0)
        scope_row.addWidget(self.event_combo, 0, 1, 1, 3)
        scope_row.addWidget(QLabel(self.tr("Rincian:")), 0, 5)
        scope_row.addWidget(self.breakdown_combo, 0, 6)
        scope_row.addWidget(self.refresh_button, 0, 7)
        scope_row.addWidget(self.range_radio, 1, 0)
        scope_row.addWidget(self.from_edit, 1, 1)
        scope_row.addWidget(QLabel(self.tr("s/d")), 1, 2)
        scope_row.addWidget(self.to_edit, 1, 3)
        scope_row.setColumnStretch(4, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.csv_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(scope_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(totals)
        layout.addLayout(buttons)

        self.reload_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.reload_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload_shortcut.activated.connect(self.reload)
        self._update_scope_widgets()
        self._show_report(None)

    def _breakdown_titles(self) -> dict[str, str]:
        return {
            "product": self.tr("Produk"),
            "institution": self.tr("Instansi"),
            "workshop": self.tr("Bengkel kerja"),
            "category": self.tr("Kategori"),
            "payment": self.tr("Metode bayar"),
            "cashier": self.tr("Kasir"),
            "hour": self.tr("Jam"),
            "day": self.tr("Hari"),
            "best": self.tr("Terlaris (10 teratas)"),
        }

    def _column_titles(self, breakdown: str) -> tuple[str, str]:
        """The titles of the key and label columns in ``breakdown``."""
        titles = {
            "product": (self.tr("SKU"), self.tr("Produk")),
            "institution": (self.tr("Kode"), self.tr("Instansi")),
            "workshop": (self.tr("Kode"), self.tr("Bengkel kerja")),
            "category": (self.tr("Kode"), self.tr("Kategori")),
            "payment": (self.tr("Kode"), self.tr("Metode bayar")),
            "cashier": (self.tr("Kode"), self.tr("Kasir")),
            "hour": (self.tr("Jam"), self.tr("Waktu")),
            "day": (self.tr("Tanggal"), self.tr("Hari")),
            "best": (self.tr("SKU"), self.tr("Produk")),
        }
        return titles[breakdown]

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(_to_qdate(day))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.dateChanged.connect(self._dates_changed)
        return edit

    def _total_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        bold = QFont(label.font())
        bold.setBold(True)
        label.setFont(bold)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _new_chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        title_font = QFont(chart.titleFont())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        # Axis numbers grouped the Indonesian way: 1.500.000, not 1500000.
        chart.setLocalizeNumbers(True)
        chart.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        return chart

    def _chart_view(self, chart: QChart, name: str) -> QChartView:
        view = QChartView(chart)
        view.setObjectName(name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumSize(360, 240)
        return view

    # --- screen contract ----------------------------------------------------------------
    def activate(self) -> None:
        self.refresh_events()
        self.reload()

    def set_settings(self, settings: TillSettings) -> None:
        changed_event = settings.current_event_id != self.settings.current_event_id
        self.settings = settings
        if changed_event:
            self.refresh_events(select=settings.current_event_id)
            if self.isVisible():
                self.reload()

    def set_actor(self, actor: Actor | None) -> None:
        """A new user at the till: the previous one's report does not stay on screen (nor
        arrives on it later)."""
        self.actor = actor
        self.asked = object()
        self._show_report(None)
        if self.isVisible():
            self.reload()

    # --- status area ----------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe_error(error), ERROR)

    # --- scope ------------------------------------------------------------------------------
    def refresh_events(self, select: int | None = None) -> None:
        """Fill the event chooser; keeps the chosen event, else ``select``, else the till's
        current event."""
        try:
            self.events = list_events(self.till.db)
        except PosError as error:
            self.show_error(error)
            return
        wanted = select if select is not None else self.chosen_event_id()
        if wanted is None:
            wanted = self.settings.current_event_id
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for event in self.events:
            text = event.name
            if event.starts_on is not None:
                text += f" ({event.starts_on.strftime('%d-%m-%Y')})"
            self.event_combo.addItem(text, event.id)
        found = self.event_combo.findData(wanted) if wanted is not None else -1
        self.event_combo.setCurrentIndex(found if found >= 0 else min(0, len(self.events) - 1))
        self.event_combo.blockSignals(False)
        if not self.events and self.event_radio.isChecked():
            self.range_radio.setChecked(True)
        self.event_radio.setEnabled(bool(self.events))
        self._preset_dates()
        self._update_scope_widgets()

    def chosen_event_id(self) -> int | None:
        data = self.event_combo.currentData()
        return data if isinstance(data, int) else None

    def _chosen_event(self) -> EventInfo | None:
        event_id = self.chosen_event_id()
        return next((event for event in self.events if event.id == event_id), None)

    def _preset_dates(self) -> None:
        """Before anyone picks dates, the range follows the chosen event's days."""
        event = self._chosen_event()
        if self.range_radio.isChecked() or event is None or event.starts_on is None:
            return
        for edit, day in (
            (self.from_edit, event.starts_on),
            (self.to_edit, event.ends_on or event.starts_on),
        ):
            edit.blockSignals(True)
            edit.setDate(_to_qdate(day))
            edit.blockSignals(False)

    def in_event_scope(self) -> bool:
        return self.event_radio.isChecked()

    def scope(self) -> ReportScope | None:
        """What the choosers ask for; None (with a message) when it cannot be asked."""
        if self.in_event_scope():
            event_id = self.chosen_event_id()
            if event_id is None:
                self.show_status(
                    self.tr("Belum ada acara: buat acara di Katalog → Acara."), WARNING
                )
                return None
            return ReportScope(event_id=event_id)
        start = _to_date(self.from_edit.date())
        end = _to_date(self.to_edit.date())
        if start > end:
            self.show_status(
                self.tr("Tanggal awal {start} sesudah tanggal akhir {end}.").format(
                    start=start.strftime("%d-%m-%Y"), end=end.strftime("%d-%m-%Y")
                ),
                WARNING,
            )
            return None
        return ReportScope(start=start, end=end)

    def use_event(self, event_id: int) -> None:
        """Report on one event (as if chosen in the combo)."""
        index = self.event_combo.findData(event_id)
        if index < 0:
            self.refresh_events(select=event_id)
            index = self.event_combo.findData(event_id)
        self.event_combo.blockSignals(True)
        self.event_combo.setCurrentIndex(index)
        self.event_combo.blockSignals(False)
        if self.event_radio.isChecked():
            self.reload()
        else:
            self.event_radio.setChecked(True)  # reloads through _scope_changed

    def use_date_range(self, start: dt.date, end: dt.date) -> None:
        """Report on the days ``start`` … ``end`` (both included)."""
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(_to_qdate(day))
            edit.blockSignals(False)
        if self.range_radio.isChecked():
            self.reload()
        else:
            self.range_radio.setChecked(True)

    def _scope_changed(self, _checked: bool) -> None:
        # Connected to the event button only: switching scope toggles both buttons.
        self._update_scope_widgets()
        self.reload()

    def _event_chosen(self, _index: int) -> None:
        self._preset_dates()
        if self.in_event_scope():
            self.reload()

    def _dates_changed(self, _date: QDate) -> None:
        if not self.in_event_scope():
            self.reload()

    def _update_scope_widgets(self) -> None:
        in_event = self.in_event_scope()
        self.event_combo.setEnabled(in_event and bool(self.events))
        self.from_edit.setEnabled(not in_event)
        self.to_edit.setEnabled(not in_event)

    # --- breakdown --------------------------------------------------------------------------
    def breakdown(self) -> str:
        return str(self.breakdown_combo.currentData())

    def set_breakdown(self, key: str) -> None:
        index = self.breakdown_combo.findData(key)
        if index < 0:
            raise ValueError(f"unknown breakdown {key!r}")
        self.breakdown_combo.setCurrentIndex(index)

    def _breakdown_chosen(self, _index: int) -> None:
        self._show_rows()

    def _show_rows(self) -> None:
        breakdown = self.breakdown()
        report = self.report
        rows = rows_of(report, breakdown) if report is not None else ()
        self.model.set_titles(*self._column_titles(breakdown))
        self.model.set_rows(rows, report.net if report is not None else 0)
        # A cashier's or a category's code is its name, an hour's or a day's the same time
        # written another way: one column is enough.
        self.table_view.setColumnHidden(
            COL_KEY,
            breakdown in ("hour", "day")
            or (bool(rows) and all(row.key == row.label for row in rows)),
        )
        # Money has no units: a payment method's quantity is always 0.
        self.table_view.setColumnHidden(COL_QUANTITY, breakdown == "payment")

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> Running | None:
        """Load the report of the chosen scope on the operations layer; shown, and
        ``reportLoaded``, when it arrives. None: no scope (said), or it waits its turn."""
        self._update_scope_widgets()
        # Only the newest request may show its report: an older one (another scope, the
        # previous user's) is dropped when it arrives.
        asked = self.asked = object()
        scope = self.scope()
        if scope is None:
            self._show_report(None)
            return None
        db, actor, tz = self.till.db, self.actor, self.tz

        def work(_progress: Progress) -> SalesReport:
            return sales_report(db, actor, scope, tz=tz)

        def loaded(report: SalesReport) -> None:
            if asked is self.asked:
                self._loaded(report)

        def refused(error: Exception) -> None:
            if asked is self.asked:
                self._show_report(None)
                self.show_error(error)

        self.show_status(self.tr("Memuat laporan…"))
        title = self.tr("Laporan penjualan")
        return run(Op(REPORT_OP, title, work, loaded, refused, when_busy=Busy.LATEST))

    def _loaded(self, report: SalesReport) -> None:
        self._show_report(report)
        self.show_status(
            self.tr("Laporan dimuat: {receipts} struk, penjualan bersih {net}.").format(
                receipts=format_number(report.receipts), net=format_rupiah(report.net)
            )
        )
        self.reportLoaded.emit(report)

    def _show_report(self, report: SalesReport | None) -> None:
        self.report = report
        self._show_rows()
        if report is None:
            self.title_label.setText(self.tr("Laporan penjualan"))
            for label in (
                self.receipts_value,
                self.gross_value,
                self.refunds_value,
                self.net_value,
                self.discounts_value,
            ):
                label.setText("—")
        else:
            self.title_label.setText(
                self.tr("Laporan penjualan — {title}").format(title=report.title)
            )
            self.receipts_value.setText(format_number(report.receipts))
            self.gross_value.setText(format_rupiah(report.gross))
            self.refunds_value.setText(format_rupiah(report.refunds))
            self.net_value.setText(format_rupiah(report.net))
            self.discounts_value.setText(format_rupiah(report.discounts))
        self._update_hour_chart(report)
        self._update_institution_chart(report)
        event_report = report is not None and self.in_event_scope()
        for button in (self.pdf_button, self.print_button, self.csv_button):
            button.setEnabled(event_report)

    # --- charts -----------------------------------------------------------------------------
    def _clear_chart(self, chart: QChart) -> None:
        chart.removeAllSeries()  # deletes the series (and their sets/slices)
        for axis in chart.axes():
            chart.removeAxis(axis)

    def _update_hour_chart(self, report: SalesReport | None) -> None:
        chart = self.hour_chart
        self._clear_chart(chart)
        self.hour_series = None
        self.hour_set = None
        hours = hourly_nets(report.by_hour) if report is not None else []
        if not hours:
            chart.setTitle(self.tr("Penjualan bersih per jam — belum ada penjualan"))
            return
        chart.setTitle(self.tr("Penjualan bersih per jam (Rp)"))
        bar_set = QBarSet(self.tr("Penjualan bersih"))
        bar_set.setColor("#2e7d32")
        bar_set.setBorderColor("#1b5e20")
        for _hour, net in hours:
            bar_set.append(net)
        bar_set.hovered.connect(self._hour_hovered)
        series = QBarSeries()
        series.setBarWidth(0.8)
        series.append(bar_set)
        chart.addSeries(series)

        hour_axis = QBarCategoryAxis()
        hour_axis.append([hour for hour, _net in hours])
        hour_axis.setTitleText(self.tr("Jam"))
        hour_axis.setGridLineVisible(False)
        chart.addAxis(hour_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(hour_axis)

        money_axis = QValueAxis()
        money_axis.setLabelFormat("%.0f")  # "%d" prints nothing for the axis' doubles
        money_axis.setRange(0, max(max(net for _hour, net in hours), 1))
        money_axis.applyNiceNumbers()
        money_axis.setMinorTickCount(0)
        chart.addAxis(money_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(money_axis)
        self.hour_series = series
        self.hour_set = bar_set
        self._hours = [hour for hour, _net in hours]

    def _hour_hovered(self, status: bool, index: int) -> None:
        if not status or self.hour_set is None:
            QToolTip.hideText()
            return
        hour = int(self._hours[index])
        QToolTip.showText(
            QCursor.pos(),
            self.tr("{start}.00–{end}.00: {net}").format(
                start=f"{hour:02d}",
                end=f"{(hour + 1) % 24:02d}",
                net=format_rupiah(int(self.hour_set.at(index))),
            ),
        )

    def _update_institution_chart(self, report: SalesReport | None) -> None:
        chart = self.institution_chart
        self._clear_chart(chart)
        self.institution_series = None
        rows = [row for row in report.by_institution if row.net > 0] if report else []
        if not rows or report is None:
            chart.setTitle(self.tr("Porsi per instansi — belum ada penjualan"))
            return
        chart.setTitle(self.tr("Porsi per instansi (penjualan bersih)"))
        series = QPieSeries()
        series.setPieSize(0.9)
        for index, row in enumerate(rows):
            share = 100.0 * row.net / report.net if report.net > 0 else 0.0
            pie_slice = series.append(f"{row.key} · {format_share(share)}", row.net)
            pie_slice.setColor(QColor(_SLICE_COLOURS[index % len(_SLICE_COLOURS)]))
            pie_slice.setLabelVisible(share >= _PIE_LABEL_MIN_SHARE)
            pie_slice.setLabelPosition(QPieSlice.LabelPosition.LabelInsideHorizontal)
            pie_slice.setLabelColor(QColor("white"))
            pie_slice.setBorderColor(QColor("white"))
        series.hovered.connect(self._slice_hovered)
        chart.addSeries(series)
        self.institution_series = series
        self._slice_rows = rows

    def _slice_hovered(self, pie_slice: QPieSlice, state: bool) -> None:
        pie_slice.setExploded(state)
        row = self._slice_row(pie_slice)
        if not state or row is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), f"{row.label}: {format_rupiah(row.net)}")

    def _slice_row(self, pie_slice: QPieSlice) -> ReportRow | None:
        if self.institution_series is None:
            return None
        slices = self.institution_series.slices()
        index = next((i for i, item in enumerate(slices) if item is pie_slice), None)
        return self._slice_rows[index] if index is not None else None

    def hour_values(self) -> dict[str, int]:
        """What the bar chart shows: hour -> net (read from the chart's own objects)."""
        if self.hour_set is None or self.hour_series is None:
            return {}
        axis = next(
            axis for axis in self.hour_series.attachedAxes() if isinstance(axis, QBarCategoryAxis)
        )
        return {hour: int(self.hour_set.at(index)) for index, hour in enumerate(axis.categories())}

    def institution_values(self) -> dict[str, int]:
        """What the pie shows: institution code -> net (read from the slices)."""
        if self.institution_series is None:
            return {}
        slices = self.institution_series.slices()
        return {
            row.key: int(pie_slice.value())
            for row, pie_slice in zip(self._slice_rows, slices, strict=True)
        }

    # --- documents --------------------------------------------------------------------------
    def _document_language(self) -> str:
        return "en" if self.settings.language == "en" else "id"

    def _default_path(self, suffix: str) -> Path:
        event = self._chosen_event()
        name = documents.file_slug(event.name if event else "", "acara")
        return (
            documents.reports_dir(self.till)
            / f"laporan-akhir-{name}-{documents.today_text()}{suffix}"
        )

    def _event_document(
        self, kind: str, path: Path, then: Callable[[Path], None]
    ) -> Running | None:
        """The end-of-event report of the chosen event as ``kind`` ("pdf" | "csv"), written
        to ``path`` on the operations layer (the figures of a whole event and a PDF of every
        product: seconds), then ``then(path)``; a refusal or a file that cannot be written is
        said in the status line."""
        from bazaar_pos.papers.event_report import render_event_report_pdf
        from bazaar_pos.reports.event_report import end_of_event_report
        from bazaar_pos.reports.event_report_csv import event_report_csv

        event_id = self.chosen_event_id()
        if not self.in_event_scope() or event_id is None:
            self.show_status(
                self.tr("Laporan akhir hanya untuk satu acara: pilih Acara di atas."), WARNING
            )
            return None
        db, actor, tz, language = self.till.db, self.actor, self.tz, self._document_language()

        def work(_progress: Progress) -> Path:
            report = end_of_event_report(db, actor, event_id, tz=tz)
            if kind == "pdf":
                data = render_event_report_pdf(report, language=language)
            else:
                data = event_report_csv(report)
            return write_file_atomically(path, data)

        def written(done: Path) -> None:
            then(done)
            self.documentWritten.emit(done)

        def refused(error: Exception) -> None:
            if not isinstance(error, OSError):
                self.show_error(error)
                return
            self.show_status(
                self.tr("{what} tidak dapat disimpan di {path}: {error}").format(
                    what=kind.upper(), path=path, error=error.strerror or error
                ),
                ERROR,
            )

        self.show_status(self.tr("Membuat laporan akhir…"))
        title = self.tr("Laporan akhir acara")
        return run(Op(DOCUMENT_OP, title, work, written, refused))

    def save_pdf(self) -> Running | None:
        """The "Simpan PDF laporan akhir" button: where to save, then the A4 PDF (in the
        background; ``documentWritten`` when it is written)."""
        path = documents.choose_save_path(
            self,
            self.tr("Simpan laporan akhir acara (PDF)"),
            self._default_path(".pdf"),
            documents.PDF_FILTER,
        )
        if path is None:
            return None

        def saved(written: Path) -> None:
            self.show_status(self.tr("Laporan akhir disimpan: {path}").format(path=written))

        return self._event_document("pdf", path, saved)

    def print_report(self) -> Running | None:
        """The "Cetak laporan akhir" button: the PDF goes to the reports folder, then printed."""

        def deliver(written: Path) -> None:
            delivery = documents.open_or_print_pdf(self, written, self.settings)
            text, level = documents.delivery_message(delivery)
            self.show_status(text, level)

        return self._event_document("pdf", self._default_path(".pdf"), deliver)

    def save_csv(self) -> Running | None:
        """The "Simpan CSV" button: the end-of-event report as CSV."""
        path = documents.choose_save_path(
            self,
            self.tr("Simpan laporan akhir acara (CSV)"),
            self._default_path(".csv"),
            documents.CSV_FILTER,
        )
        if path is None:
            return None

        def saved(written: Path) -> None:
            self.show_status(self.tr("CSV disimpan: {path}").format(path=written))

        return self._event_document("csv", path, saved)
