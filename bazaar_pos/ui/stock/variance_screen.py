"""The variance report screen (*laporan selisih stok*): per product of the current event, what
should be there against what the closing count found, in units and in Rupiah; totals per
institution and for the event; the signed A4 PDF, printing and CSV.

The figures all come from one :func:`bazaar_pos.stock.variance.variance_report` call (on
:meth:`VarianceScreen.activate` and F5); the screen only filters, sorts and shows them. The
report loads on the operations layer (every product of the event: seconds on a big catalog,
and the till sells meanwhile), a report asked for by the previous user is never shown; the
PDF and the CSV are written on a worker too, then said (``documentWritten``).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.db.models import CountKind, CountStatus
from bazaar_pos.money import (
    format_number,
    format_rupiah,
    format_signed_number,
    format_signed_rupiah,
)
from bazaar_pos.people.access import Actor
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.stock.documents import CountSummary, VarianceReport
from bazaar_pos.stock.variance import variance_report
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.operations import Busy, Op, Progress, Running, run
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.stock.variance_model import (
    COL_COUNTED,
    COL_INSTITUTION,
    COL_NAME,
    COL_SALES_VALUE,
    COL_SKU,
    COL_VARIANCE_VALUE,
    TOT_INSTITUTION,
    TOT_VARIANCE_VALUE,
    VarianceFilterProxy,
    VarianceModel,
    VarianceTotalsModel,
)
from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    WARNING,
    fit_columns,
    local_time,
    setup_table,
    show_status_line,
)

# The operations' kinds: one report loading (the newest request waits), one document.
REPORT_OP, DOCUMENT_OP = "variance_report", "variance_document"
_NEGATIVE_HTML = "#b00020"
_POSITIVE_HTML = "#1b5e20"


class VarianceScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    reportLoaded = Signal(object)  # VarianceReport
    documentWritten = Signal(object)  # Path of the PDF or CSV just written

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.asked = object()  # the newest report asked for (see reload)
        self.report: VarianceReport | None = None

        self.model = VarianceModel(self)
        self.proxy = VarianceFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.totals_model = VarianceTotalsModel(self)

        self.title_label = QLabel()
        self.title_label.setObjectName("varianceTitle")
        title_font = QFont(self.title_label.font())
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.title_label.setWordWrap(True)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsUsed")
        self.counts_label.setWordWrap(True)
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.provisional_label = QLabel(
            self.tr("Penghitungan akhir belum diposting: angka sementara")
        )
        self.provisional_label.setObjectName("provisionalNote")
        self.provisional_label.setStyleSheet(
            "background: #fff3cd; color: #8a5300; font-weight: bold; padding: 4px 8px;"
            " border: 1px solid #e0c36c; border-radius: 3px;"
        )
        self.provisional_label.hide()

        self.institution_combo = QComboBox()
        self.institution_combo.setObjectName("institutionFilter")
        self.institution_combo.setMinimumContentsLength(22)
        self.institution_combo.currentIndexChanged.connect(self._institution_chosen)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("varianceSearch")
        self.search_edit.setPlaceholderText(self.tr("Cari nama / SKU"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._text_changed)
        self.attention_check = QCheckBox(self.tr("Hanya yang selisih/belum dihitung"))
        self.attention_check.toggled.connect(self._attention_toggled)
        self.reload_button = QPushButton(self.tr("Muat ulang (F5)"))
        self.reload_button.clicked.connect(self.reload)
        self.shown_label = QLabel()
        self.shown_label.setObjectName("shownCount")

        self.table_view = QTableView()
        self.table_view.setObjectName("varianceTable")
        self.table_view.setModel(self.proxy)
        setup_table(self.table_view)
        self.table_view.setSortingEnabled(True)
        self.table_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the report's order
        quantity = "99.999"
        samples = {column: quantity for column in range(COL_NAME + 1, COL_COUNTED)}
        samples.update(
            {
                COL_INSTITUTION: "BPN",
                COL_SKU: "BLA-KYU-000",
                COL_COUNTED: self.tr("belum dihitung"),
                COL_COUNTED + 1: "+9.999",
                COL_VARIANCE_VALUE: "-Rp 1.000.000",
                COL_SALES_VALUE: "Rp 10.000.000",
            }
        )
        fit_columns(self.table_view, samples, COL_NAME)

        self.totals_title = QLabel(self.tr("Total per instansi"))
        bold = QFont(self.totals_title.font())
        bold.setBold(True)
        self.totals_title.setFont(bold)
        self.totals_view = QTableView()
        self.totals_view.setObjectName("varianceTotals")
        self.totals_view.setModel(self.totals_model)
        setup_table(self.totals_view)
        self.totals_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        money = "-Rp 10.000.000"
        fit_columns(
            self.totals_view,
            {
                column: money if column >= TOT_VARIANCE_VALUE else "999.999"
                for column in range(TOT_INSTITUTION + 1, self.totals_model.columnCount())
            },
            TOT_INSTITUTION,
            padding=28,
        )
        self.event_summary_label = QLabel()
        self.event_summary_label.setObjectName("eventTotals")
        self.event_summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.event_summary_label.setWordWrap(True)

        self.pdf_button = QPushButton(self.tr("Simpan PDF (A4)"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(self.tr("Cetak"))
        self.print_button.clicked.connect(self.print_report)
        self.csv_button = QPushButton(self.tr("Ekspor CSV"))
        self.csv_button.clicked.connect(self.export_csv)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Instansi:")))
        filters.addWidget(self.institution_combo)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.attention_check)
        filters.addWidget(self.shown_label)
        filters.addWidget(self.reload_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.csv_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.provisional_label)
        layout.addLayout(filters)
        layout.addWidget(self.table_view, 1)
        layout.addWidget(self.totals_title)
        layout.addWidget(self.totals_view)
        layout.addWidget(self.event_summary_label)
        layout.addLayout(buttons)

        self.reload_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.reload_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload_shortcut.activated.connect(self.reload)
        self._show_report(None)

    # --- screen contract ----------------------------------------------------------------
    def activate(self) -> None:
        self.reload()

    def set_settings(self, settings: TillSettings) -> None:
        changed_event = settings.current_event_id != self.settings.current_event_id
        self.settings = settings
        if changed_event and self.isVisible():
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

    # --- loading --------------------------------------------------------------------------
    def reload(self) -> Running | None:
        """Load the report of the current event on the operations layer; shown, and
        ``reportLoaded``, when it arrives. None: no event (said), or it waits its turn."""
        asked = self.asked = object()  # only the newest request may show its report
        event_id = self.settings.current_event_id
        if event_id is None:
            self._show_report(None)
            self.title_label.setText(self.tr("Laporan selisih stok"))
            self.counts_label.setText(
                self.tr("Belum ada acara dipilih: pilih acara di Kasir → Pengaturan.")
            )
            self.show_status(self.tr("Belum ada acara dipilih."), WARNING)
            return None
        db, actor = self.till.db, self.actor

        def work(_progress: Progress) -> VarianceReport:
            return variance_report(db, actor, event_id)

        def loaded(report: VarianceReport) -> None:
            if asked is self.asked:
                self._loaded(report)

        def refused(error: Exception) -> None:
            if asked is self.asked:
                self._show_report(None)
                self.title_label.setText(self.tr("Laporan selisih stok"))
                self.show_error(error)

        self.show_status(self.tr("Memuat laporan…"))
        title = self.tr("Laporan selisih stok")
        return run(Op(REPORT_OP, title, work, loaded, refused, when_busy=Busy.LATEST))

    def _loaded(self, report: VarianceReport) -> None:
        self._show_report(report)
        self.show_status(
            self.tr("Laporan dimuat: {products} produk, {time}.").format(
                products=format_number(report.totals.products),
                time=local_time(report.generated_at),
            )
        )
        self.reportLoaded.emit(report)

    def _show_report(self, report: VarianceReport | None) -> None:
        self.report = report
        self.model.set_lines(report.lines if report else ())
        self.totals_model.set_totals(
            report.institutions if report else (), report.totals if report else None
        )
        self._fill_institutions(report)
        for button in (self.pdf_button, self.print_button, self.csv_button):
            button.setEnabled(report is not None)
        rows = self.totals_model.rowCount()
        header_height = self.totals_view.horizontalHeader().sizeHint().height()
        row_height = self.totals_view.verticalHeader().defaultSectionSize()
        self.totals_view.setFixedHeight(header_height + max(rows, 1) * row_height + 4)
        if report is None:
            self.counts_label.setText("")
            self.provisional_label.hide()
            self.event_summary_label.setText("")
            self._update_shown()
            return
        self.title_label.setText(
            self.tr("Laporan selisih stok — {event}").format(event=report.event_name)
        )
        self.counts_label.setText(self._counts_text(report))
        self.provisional_label.setVisible(
            any(count.status == CountStatus.OPEN for count in report.closing_counts)
        )
        self.event_summary_label.setText(self._event_summary(report))
        self._update_shown()

    def _fill_institutions(self, report: VarianceReport | None) -> None:
        chosen = self.proxy.institution_id
        self.institution_combo.blockSignals(True)
        self.institution_combo.clear()
        self.institution_combo.addItem(self.tr("Semua instansi"), None)
        for institution in report.institutions if report else ():
            self.institution_combo.addItem(
                f"{institution.code} · {institution.name}", institution.institution_id
            )
        found = self.institution_combo.findData(chosen) if chosen is not None else 0
        self.institution_combo.setCurrentIndex(max(found, 0))
        self.institution_combo.blockSignals(False)
        self.proxy.set_institution(self.institution_combo.currentData())

    def _count_text(self, count: CountSummary) -> str:
        kind = {
            CountKind.OPENING.value: self.tr("Hitung awal"),
            CountKind.CLOSING.value: self.tr("Hitung akhir"),
            CountKind.SPOT.value: self.tr("Hitung cek"),
        }.get(count.kind, count.kind)
        scope = count.institution_code or self.tr("semua instansi")
        if count.posted_at is not None:
            state = self.tr("diposting {time} oleh {who}").format(
                time=local_time(count.posted_at), who=count.counted_by or "—"
            )
            if count.supervised_by:
                state += self.tr(", pengawas {who}").format(who=count.supervised_by)
            if count.uncounted_as_zero:
                state += self.tr(" (yang tidak dihitung = 0)")
        else:
            state = self.tr("masih terbuka (mulai {time}, {who})").format(
                time=local_time(count.started_at), who=count.counted_by or "—"
            )
        return self.tr("{kind} #{id} ({scope}): {state}").format(
            kind=kind, id=count.id, scope=scope, state=state
        )

    def _counts_text(self, report: VarianceReport) -> str:
        parts = [html.escape(self._count_text(count)) for count in report.opening_counts]
        if not report.opening_counts:
            parts.append(
                html.escape(
                    self.tr("Hitung awal: belum ada (semua barang yang datang tercatat di Masuk)")
                )
            )
        parts += [html.escape(self._count_text(count)) for count in report.closing_counts]
        if not report.closing_counts:
            parts.append(
                html.escape(self.tr("Hitung akhir: belum ada (kolom Dihitung masih kosong)"))
            )
        return "<br>".join(parts)

    def _event_summary(self, report: VarianceReport) -> str:
        totals = report.totals
        units = _coloured(format_signed_number(totals.variance), totals.variance)
        value = _coloured(format_signed_rupiah(totals.variance_value), totals.variance_value)
        variance = f"{units} ({value})"
        text = html.escape(
            self.tr(
                "Total acara: seharusnya {expected} · dihitung {counted} · selisih {variance} · "
                "belum dihitung {uncounted} produk · penjualan {sales}"
            )
        )
        return (
            "<b>"
            + text.format(
                expected=format_number(totals.expected),
                counted=format_number(totals.counted),
                variance=variance,
                uncounted=format_number(totals.uncounted),
                sales=html.escape(format_rupiah(totals.sales_value)),
            )
            + "</b>"
        )

    # --- filters --------------------------------------------------------------------------
    def _institution_chosen(self, _index: int) -> None:
        self.proxy.set_institution(self.institution_combo.currentData())
        self._update_shown()

    def _text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_shown()

    def _attention_toggled(self, checked: bool) -> None:
        self.proxy.set_only_attention(checked)
        self._update_shown()

    def set_institution_filter(self, institution_id: int | None) -> None:
        index = self.institution_combo.findData(institution_id) if institution_id else 0
        self.institution_combo.setCurrentIndex(max(index, 0))

    def _update_shown(self) -> None:
        self.shown_label.setText(
            self.tr("{shown} dari {total} produk").format(
                shown=format_number(self.proxy.rowCount()),
                total=format_number(self.model.rowCount()),
            )
        )

    # --- documents ------------------------------------------------------------------------
    def _default_path(self, suffix: str) -> Path:
        report = self.report
        name = documents.file_slug(report.event_name if report else "", "acara")
        return documents.reports_dir(self.till) / f"selisih-{name}-{documents.today_text()}{suffix}"

    def _signers(self) -> tuple[str, str] | None:
        """Names under the signature lines, suggested from the closing count."""
        report = self.report
        assert report is not None
        counters = _names(count.counted_by for count in report.closing_counts)
        supervisors = _names(count.supervised_by for count in report.closing_counts)
        title = self.tr("Tanda tangan laporan")
        counted_by = ask.ask_text(
            self,
            title,
            self.tr("Nama petugas yang menghitung:"),
            counters or self.settings.cashier,
        )
        if counted_by is None:
            return None
        supervised_by = ask.ask_text(
            self, title, self.tr("Nama pengawas (petugas yang mengetahui):"), supervisors
        )
        if supervised_by is None:
            return None
        return counted_by.strip(), supervised_by.strip()

    def _write(
        self,
        cannot: str,
        path: Path,
        work: Callable[[Progress], Path],
        then: Callable[[Path], None],
    ) -> Running | None:
        """``work`` (writes the PDF or the CSV of the report on screen to ``path``) on the
        operations layer, then ``then(path)``; a file that cannot be written is said with
        ``cannot`` ("… {path}: {error}")."""

        def written(done: Path) -> None:
            then(done)
            self.documentWritten.emit(done)

        def refused(error: Exception) -> None:
            if not isinstance(error, OSError):
                self.show_error(error)
                return
            self.show_status(cannot.format(path=path, error=error.strerror or error), ERROR)

        title = self.tr("Laporan selisih stok")
        return run(Op(DOCUMENT_OP, title, work, written, refused))

    def _render_pdf(
        self, path: Path, signers: tuple[str, str], then: Callable[[Path], None]
    ) -> Running | None:
        from bazaar_pos.papers.variance_report import render_variance_pdf

        report, language = self.report, self.settings.language
        assert report is not None

        def work(_progress: Progress) -> Path:
            return render_variance_pdf(
                report, path, language=language, counted_by=signers[0], supervised_by=signers[1]
            )

        cannot = self.tr("PDF tidak dapat disimpan di {path}: {error}")
        return self._write(cannot, path, work, then)

    def _has_report(self) -> bool:
        if self.report is None:
            self.show_status(self.tr("Belum ada laporan: pilih acara lalu muat ulang."), WARNING)
            return False
        return True

    def save_pdf(self) -> Running | None:
        """The "Simpan PDF (A4)" button: names for the signatures, where to save, then the PDF
        (in the background; ``documentWritten`` when it is written)."""
        if not self._has_report():
            return None
        signers = self._signers()
        if signers is None:
            return None
        path = documents.choose_save_path(
            self,
            self.tr("Simpan laporan selisih (PDF)"),
            self._default_path(".pdf"),
            documents.PDF_FILTER,
        )
        if path is None:
            return None

        def saved(written: Path) -> None:
            self.show_status(self.tr("Laporan selisih disimpan: {path}").format(path=written))

        return self._render_pdf(path, signers, saved)

    def print_report(self) -> Running | None:
        """The "Cetak" button: the PDF is written to the reports folder, then printed."""
        if not self._has_report():
            return None
        signers = self._signers()
        if signers is None:
            return None

        def deliver(written: Path) -> None:
            delivery = documents.open_or_print_pdf(self, written, self.settings)
            text, level = documents.delivery_message(delivery)
            self.show_status(text, level)

        return self._render_pdf(self._default_path(".pdf"), signers, deliver)

    def export_csv(self) -> Running | None:
        """The "Ekspor CSV" button: every line of the report (not only the filtered ones)."""
        if not self._has_report():
            return None
        from bazaar_pos.stock.variance_csv import write_variance_csv

        report = self.report
        assert report is not None
        path = documents.choose_save_path(
            self,
            self.tr("Ekspor laporan selisih (CSV)"),
            self._default_path(".csv"),
            documents.CSV_FILTER,
        )
        if path is None:
            return None

        def saved(written: Path) -> None:
            self.show_status(self.tr("CSV disimpan: {path}").format(path=written))

        def work(_progress: Progress) -> Path:
            return write_variance_csv(report, path)

        cannot = self.tr("CSV tidak dapat disimpan di {path}: {error}")
        return self._write(cannot, path, work, saved)


def _coloured(text: str, value: int) -> str:
    """Rich text of a signed figure: red when something is missing, green when over."""
    if value == 0:
        return html.escape(text)
    colour = _NEGATIVE_HTML if value < 0 else _POSITIVE_HTML
    return f'<span style="color:{colour}">{html.escape(text)}</span>'


def _names(values: Iterable[str]) -> str:
    """Distinct non-empty names in order, joined: two closing counts by two people."""
    seen: list[str] = []
    for value in values:
        name = value.strip()
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen)
