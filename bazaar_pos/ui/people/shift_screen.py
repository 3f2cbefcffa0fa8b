"""The shift screen: open the drawer with a counted float, paid-in / paid-out, the X report,
and the closing count that produces the Z report.

No shift open on this till: a denomination table for the float and *Buka shift*. A shift open:
its X report on screen (per payment method, the cash drawer, paid-in/out), a form for cash put
in or taken out with a reason, *Laporan X* (PDF) and *Tutup shift (Z)*, which shows the same
denomination table for the closing count, with expected vs counted and the difference updated
as the clerk types. Every action is one call to :mod:`bazaar_pos.people.shifts`; the screen keeps
only the last report it was given.

Dialogs go through replaceable functions: :func:`bazaar_pos.ui.ask.confirm` and this module's
:func:`deliver_report` (print or open a report PDF), so tests never block on a window.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.db.models import CashMovementKind
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_rupiah, format_signed_rupiah, parse_rupiah
from bazaar_pos.papers.shift_report import render_shift_report_pdf
from bazaar_pos.people import shifts
from bazaar_pos.people.access import Action, Actor, may
from bazaar_pos.people.shifts import ShiftInfo, ShiftReport
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.papers.documents import DocumentDelivery
from bazaar_pos.ui.people.shift_messages import describe_shift_error
from bazaar_pos.ui.people.shift_models import (
    QUANTITY,
    CashMovementModel,
    DenominationCountModel,
    MethodTotalsModel,
)
from bazaar_pos.ui.table_view import ERROR, INFO, STATUS_COLOURS, WARNING

_SHORT = "#b00020"  # cash missing
_OVER = "#0d47a1"  # more cash than expected
_BALANCED = "#1b5e20"

# The pages of the screen.
OPEN_PAGE, SHIFT_PAGE, CLOSING_PAGE, CLOSED_PAGE = range(4)


def deliver_report(parent: QWidget | None, path: Path, settings: TillSettings) -> DocumentDelivery:
    """Print a report PDF, or open it: a thermal report goes straight to the till's receipt
    printer; an A4 one (or a till without a printer) through the print dialog / PDF viewer.
    Never raises: the PDF is already saved. Tests replace this function."""
    if settings.printer and settings.paper != "a4":
        from bazaar_pos.ui.papers.printing import print_pdf

        try:
            print_pdf(path, settings.printer)
        except Exception as error:
            return DocumentDelivery(path, problem=str(error))
        return DocumentDelivery(path, printed=True)
    return documents.open_or_print_pdf(parent, path, settings)


def _local_time(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


class CountTableView(QTableView):
    """The denomination table, for the keyboard: digits start typing a quantity, Enter and Tab
    save it and go on to the next denomination's quantity (Shift+Tab: back); Tab after the
    last one leaves the table."""

    def __init__(self, model: DenominationCountModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def start(self) -> None:
        """Focus the first quantity cell, ready for typing."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setCurrentIndex(self.model().index(0, QUANTITY))

    def _go_to_row(self, row: int, *, edit: bool) -> bool:
        if not 0 <= row < self.model().rowCount():
            return False
        index = self.model().index(row, QUANTITY)
        self.setCurrentIndex(index)
        if edit:
            self.edit(index)
        return True

    def _leave(self, forward: bool) -> None:
        """Give the focus to the widget after (or before) the table."""
        super().focusNextPrevChild(forward)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        row = self.currentIndex().row()
        hints = QAbstractItemDelegate.EndEditHint
        if hint in (hints.SubmitModelCache, hints.EditNextItem):
            super().closeEditor(editor, hints.NoHint)
            if not self._go_to_row(row + 1, edit=False):
                self._leave(True)
            return
        if hint == hints.EditPreviousItem:
            super().closeEditor(editor, hints.NoHint)
            if not self._go_to_row(row - 1, edit=False):
                self._leave(False)
            return
        super().closeEditor(editor, hint)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab in the table (not in an editor, whose Tab the delegate handles) goes to the next
        # quantity; only past the last (or first) one does it leave the table.
        if self.state() != QAbstractItemView.State.EditingState:
            row = self.currentIndex().row() + (1 if next else -1)
            if self._go_to_row(row, edit=False):
                return True
        return super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            index = self.currentIndex()
            if index.isValid():
                self.setCurrentIndex(index.siblingAtColumn(QUANTITY))
                self.edit(self.currentIndex())
                event.accept()
                return
        super().keyPressEvent(event)


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.setAlternatingRowColors(True)
    return view


class ReportPanel(QWidget):
    """A shift report on screen: per payment method, the drawer, paid-in / paid-out and, for
    a Z report, the count and the difference."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel()
        title_font = QFont()
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.info_label.setTextFormat(Qt.TextFormat.RichText)

        self.methods_model = MethodTotalsModel(self)
        self.methods_view = _table(self.methods_model)
        self.methods_view.setMaximumHeight(150)
        self.sales_label = QLabel()
        self.sales_label.setWordWrap(True)

        self.cash_values: dict[str, QLabel] = {}
        cash_box = QGroupBox(self.tr("Kas (laci uang)"))
        grid = QGridLayout(cash_box)
        rows = (
            ("float", self.tr("Modal awal")),
            ("cash_sales", self.tr("+ Penjualan tunai (setelah kembalian)")),
            ("paid_in", self.tr("+ Uang masuk")),
            ("paid_out", self.tr("− Uang keluar")),
            ("cash_refunds", self.tr("− Refund tunai")),
            ("expected", self.tr("Seharusnya di laci")),
            ("counted", self.tr("Uang dihitung")),
            ("difference", self.tr("Selisih")),
        )
        self.cash_captions: dict[str, QLabel] = {}
        for row, (key, caption) in enumerate(rows):
            caption_label = QLabel(caption)
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if key in ("expected", "difference"):
                bold = QFont()
                bold.setBold(True)
                caption_label.setFont(bold)
                value.setFont(bold)
            grid.addWidget(caption_label, row, 0)
            grid.addWidget(value, row, 1)
            self.cash_values[key] = value
            self.cash_captions[key] = caption_label

        self.movements_model = CashMovementModel(self)
        self.movements_view = _table(self.movements_model)
        self.movements_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.movements_view.horizontalHeader().setStretchLastSection(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.info_label)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("<b>Per metode pembayaran</b>")))
        left.addWidget(self.methods_view)
        left.addWidget(self.sales_label)
        left.addStretch(1)
        columns.addLayout(left, 3)
        columns.addWidget(cash_box, 2)
        layout.addLayout(columns)
        layout.addWidget(QLabel(self.tr("<b>Uang masuk / keluar</b>")))
        layout.addWidget(self.movements_view, 1)

    def show_report(self, report: ShiftReport) -> None:
        shift = report.shift
        if report.is_final:
            self.title_label.setText(self.tr("Laporan Z No. {z}").format(z=report.z_number))
        else:
            self.title_label.setText(self.tr("Laporan X (sementara)"))
        info = self.tr("Kasa <b>{till}</b> · {event}<br>Dibuka {opened} oleh {name}").format(
            till=report.till_code,
            event=report.event_name or "—",
            opened=_local_time(shift.opened_at),
            name=shift.opened_by,
        )
        if report.is_final:
            info += "<br>" + self.tr("Ditutup {closed} oleh {name}").format(
                closed=_local_time(shift.closed_at), name=shift.closed_by or "—"
            )
        self.info_label.setText(info)
        self.methods_model.set_records(report.methods)
        self.sales_label.setText(
            self.tr(
                "{count} transaksi · penjualan {sales} (diskon {discounts}) · refund {refunds}"
                " · total {net}"
            ).format(
                count=report.sale_count,
                sales=format_rupiah(report.sales_total),
                discounts=format_rupiah(report.discounts_total),
                refunds=format_rupiah(report.refunds_total),
                net=format_rupiah(report.net_total),
            )
        )
        values = self.cash_values
        values["float"].setText(format_rupiah(report.opening_float))
        values["cash_sales"].setText(format_rupiah(report.cash_sales))
        values["paid_in"].setText(format_rupiah(report.paid_in))
        values["paid_out"].setText(format_rupiah(report.paid_out))
        values["cash_refunds"].setText(format_rupiah(report.cash_refunds))
        values["expected"].setText(format_rupiah(report.expected_cash))
        final = report.is_final and report.counted_cash is not None
        for key in ("counted", "difference"):
            values[key].setVisible(final)
            self.cash_captions[key].setVisible(final)
        if final:
            values["counted"].setText(format_rupiah(report.counted_cash or 0))
            difference = report.difference or 0
            values["difference"].setText(format_signed_rupiah(difference))
            values["difference"].setStyleSheet(f"color: {_difference_colour(difference)};")
        self.movements_model.set_records(report.cash_movements)


def _difference_colour(difference: int) -> str:
    return _SHORT if difference < 0 else _OVER if difference > 0 else _BALANCED


class ShiftScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    shiftChanged = Signal(object)  # ShiftInfo | None, after opening or closing
    reportSaved = Signal(object)  # Path of an X/Z report PDF just written

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.shift: ShiftInfo | None = None
        self.report: ShiftReport | None = None  # X report of the open shift, as last read
        self.last_z: ShiftReport | None = None  # the Z report just produced
        self.last_pdf: Path | None = None

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_open_page())
        self.pages.addWidget(self._build_shift_page())
        self.pages.addWidget(self._build_closing_page())
        self.pages.addWidget(self._build_closed_page())

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status_label)
        self._update_enabled()

    # --- pages -------------------------------------------------------------------------------
    def _build_open_page(self) -> QWidget:
        page = QWidget()
        self.open_title = QLabel()
        self.open_title.setWordWrap(True)
        self.float_model = DenominationCountModel(self)
        self.float_view = CountTableView(self.float_model)
        self.float_total_label = QLabel()
        self.float_model.totalChanged.connect(self._float_total_changed)
        self.float_model.inputRejected.connect(self._input_rejected)
        self.open_button = QPushButton(self.tr("Buka shift"))
        self.open_button.clicked.connect(self.open_shift)
        self.open_button.setAutoDefault(True)

        layout = QVBoxLayout(page)
        layout.addWidget(self.open_title)
        layout.addWidget(
            QLabel(self.tr("Hitung uang modal di laci per pecahan (ketik jumlah, Enter/Tab):"))
        )
        layout.addWidget(self.float_view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.float_total_label, 1)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)
        self._float_total_changed(0)
        return page

    def _build_shift_page(self) -> QWidget:
        page = QWidget()
        self.report_panel = ReportPanel()

        self.movement_kind = QComboBox()
        self.movement_kind.addItem(self.tr("Uang masuk"), CashMovementKind.PAID_IN.value)
        self.movement_kind.addItem(self.tr("Uang keluar"), CashMovementKind.PAID_OUT.value)
        self.movement_amount = QLineEdit()
        self.movement_amount.setPlaceholderText(self.tr("mis. 50.000"))
        self.movement_reason = QLineEdit()
        self.movement_reason.setPlaceholderText(self.tr("mis. beli kantong plastik"))
        self.movement_reason.setMaxLength(shifts.MAX_REASON_LENGTH)
        self.movement_button = QPushButton(self.tr("Catat"))
        self.movement_button.clicked.connect(self.record_movement)
        self.movement_amount.returnPressed.connect(self.movement_reason.setFocus)
        self.movement_reason.returnPressed.connect(self.record_movement)
        movement_box = QGroupBox(self.tr("Uang masuk / keluar laci"))
        form = QHBoxLayout(movement_box)
        form.addWidget(self.movement_kind)
        form.addWidget(QLabel(self.tr("Nominal:")))
        form.addWidget(self.movement_amount)
        form.addWidget(QLabel(self.tr("Alasan:")))
        form.addWidget(self.movement_reason, 2)
        form.addWidget(self.movement_button)

        self.refresh_button = QPushButton(self.tr("Segarkan"))
        self.refresh_button.clicked.connect(self.activate)
        self.x_button = QPushButton(self.tr("Laporan X"))
        self.x_button.clicked.connect(self.print_x_report)
        self.close_button = QPushButton(self.tr("Tutup shift (Z)"))
        self.close_button.clicked.connect(self.start_closing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.x_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.report_panel, 1)
        layout.addWidget(movement_box)
        layout.addLayout(buttons)
        return page

    def _build_closing_page(self) -> QWidget:
        page = QWidget()
        self.closing_title = QLabel()
        self.closing_title.setWordWrap(True)
        self.count_model = DenominationCountModel(self)
        self.count_view = CountTableView(self.count_model)
        self.count_model.totalChanged.connect(self._count_total_changed)
        self.count_model.inputRejected.connect(self._input_rejected)

        figures = QFormLayout()
        self.expected_label = QLabel()
        self.counted_label = QLabel()
        self.difference_label = QLabel()
        big = QFont()
        big.setBold(True)
        big.setPointSize(big.pointSize() + 2)
        for label in (self.expected_label, self.counted_label, self.difference_label):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setFont(big)
        figures.addRow(self.tr("Seharusnya di laci:"), self.expected_label)
        figures.addRow(self.tr("Uang dihitung:"), self.counted_label)
        figures.addRow(self.tr("Selisih:"), self.difference_label)
        self.close_note = QLineEdit()
        self.close_note.setMaxLength(shifts.MAX_REASON_LENGTH)
        self.close_note.setPlaceholderText(self.tr("catatan (opsional), mis. alasan selisih"))
        figures.addRow(self.tr("Catatan:"), self.close_note)

        self.confirm_close_button = QPushButton(self.tr("Tutup shift (Laporan Z)"))
        self.confirm_close_button.clicked.connect(self.close_shift)
        self.confirm_close_button.setAutoDefault(True)
        self.cancel_close_button = QPushButton(self.tr("Batal"))
        self.cancel_close_button.clicked.connect(self.cancel_closing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_close_button)

        side = QVBoxLayout()
        side.addLayout(figures)
        side.addStretch(1)
        side.addLayout(buttons)
        body = QHBoxLayout()
        body.addWidget(self.count_view, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(page)
        layout.addWidget(self.closing_title)
        layout.addLayout(body, 1)
        return page

    def _build_closed_page(self) -> QWidget:
        page = QWidget()
        self.z_panel = ReportPanel()
        self.z_pdf_button = QPushButton(self.tr("Cetak / buka PDF Laporan Z"))
        self.z_pdf_button.clicked.connect(self.print_z_report)
        self.new_shift_button = QPushButton(self.tr("Buka shift baru"))
        self.new_shift_button.clicked.connect(self.show_open_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_shift_button)
        buttons.addStretch(1)
        buttons.addWidget(self.z_pdf_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.z_panel, 1)
        layout.addLayout(buttons)
        return page

    # --- screen contract ---------------------------------------------------------------------
    def set_actor(self, actor: Actor | None) -> None:
        """A new user at the till: the drawer's figures are read again as theirs to see."""
        self.actor = actor
        if self.isVisible():
            self.activate()
        else:
            self._update_enabled()

    def set_settings(self, settings: TillSettings) -> None:
        till_changed = settings.till_code != self.settings.till_code
        self.settings = settings
        if till_changed:
            self.last_z = None
            self.activate()

    def activate(self) -> None:
        """Reload the till's shift; a count being typed or a Z report on show stays."""
        try:
            self.shift = shifts.current_shift(self.till.db, self.settings.till_code)
        except Exception as error:
            self._show_error(error)
            return
        self.report = None
        if self.shift is not None and self.actor is not None:
            try:
                self.report = shifts.shift_report(self.till.db, self.actor, self.shift.shift_id)
            except PosError as error:  # somebody else's drawer: its figures are not theirs
                self._show_error(error)
        page = self.pages.currentIndex()
        if self.shift is None:
            if not (page == CLOSED_PAGE and self.last_z is not None):
                self._show_open_page()
        elif page != CLOSING_PAGE:
            self._show_shift_page()
        else:
            self._refresh_closing_figures()
        self._update_enabled()

    def current_page(self) -> int:
        return self.pages.currentIndex()

    # --- opening -----------------------------------------------------------------------------
    def _show_open_page(self) -> None:
        self.open_title.setText(
            self.tr("<b>Belum ada shift terbuka di kasa {till}.</b>").format(
                till=self.settings.till_code
            )
        )
        self.pages.setCurrentIndex(OPEN_PAGE)

    def show_open_form(self) -> None:
        self.last_z = None
        self.activate()
        if self.pages.currentIndex() == OPEN_PAGE:
            self.float_view.start()

    def _float_total_changed(self, total: int) -> None:
        self.float_total_label.setText(
            self.tr("Modal awal: <b>{total}</b>").format(total=format_rupiah(total))
        )

    def open_shift(self) -> None:
        if self.actor is None:
            self._status(self.tr("Masuk (login) dulu untuk membuka shift."), WARNING)
            return
        try:
            info = shifts.open_shift(
                self.till.db,
                self.actor,
                till_code=self.settings.till_code,
                event_id=self.settings.current_event_id,
                float_counts=self.float_model.counts(),
            )
        except Exception as error:
            self._show_error(error)  # the typed float stays
            return
        self.float_model.clear()
        self.last_z = None
        self.activate()
        self._status(
            self.tr("Shift dibuka dengan modal awal {amount}.").format(
                amount=format_rupiah(info.opening_float)
            ),
            INFO,
        )
        self.shiftChanged.emit(info)

    # --- the open shift ----------------------------------------------------------------------
    def _show_shift_page(self) -> None:
        if self.report is not None:
            self.report_panel.show_report(self.report)
        self.pages.setCurrentIndex(SHIFT_PAGE)

    def record_movement(self) -> None:
        if self.actor is None:
            self._status(self.tr("Masuk (login) dulu."), WARNING)
            return
        kind = str(self.movement_kind.currentData())
        try:
            amount = parse_rupiah(self.movement_amount.text())
            movement = shifts.record_cash_movement(
                self.till.db,
                self.actor,
                till_code=self.settings.till_code,
                kind=kind,
                amount=amount,
                reason=self.movement_reason.text(),
            )
        except Exception as error:
            self._show_error(error)  # what was typed stays for a correction
            return
        self.movement_amount.clear()
        self.movement_reason.clear()
        self.activate()
        if movement.kind == CashMovementKind.PAID_IN:
            text = self.tr("Uang masuk {amount} dicatat: {reason}.")
        else:
            text = self.tr("Uang keluar {amount} dicatat: {reason}.")
        self._status(
            text.format(amount=format_rupiah(movement.amount), reason=movement.reason), INFO
        )

    def print_x_report(self) -> None:
        if self.shift is None or self.actor is None:
            return
        try:
            report = shifts.shift_report(self.till.db, self.actor, self.shift.shift_id)
            stamp = report.generated_at.astimezone().strftime("%Y%m%d-%H%M%S")
            path = self._save_pdf(
                report, f"shift-{report.till_code}-X-{report.shift.shift_id}-{stamp}.pdf"
            )
            shifts.record_x_report(self.till.db, self.actor, report.shift.shift_id)
        except Exception as error:
            self._show_error(error)
            return
        self.report = report
        self.report_panel.show_report(report)
        self._deliver(path)

    # --- closing -----------------------------------------------------------------------------
    def start_closing(self) -> None:
        """Show the denomination table for the closing count."""
        if self.shift is None:
            return
        self.count_model.clear()
        self.close_note.clear()
        self.closing_title.setText(
            self.tr(
                "<b>Tutup shift kasa {till}</b> (dibuka {opened} oleh {name}). Hitung semua uang"
                " di laci per pecahan."
            ).format(
                till=self.shift.till_code,
                opened=_local_time(self.shift.opened_at),
                name=self.shift.opened_by,
            )
        )
        self.pages.setCurrentIndex(CLOSING_PAGE)
        self._refresh_closing_figures()
        self.count_view.start()

    def cancel_closing(self) -> None:
        self.count_model.clear()
        self._show_shift_page()
        self.activate()

    def _refresh_closing_figures(self) -> None:
        self._count_total_changed(self.count_model.total())

    def expected_cash(self) -> int:
        return self.report.expected_cash if self.report is not None else 0

    def _count_total_changed(self, counted: int) -> None:
        expected = self.expected_cash()
        difference = counted - expected
        self.expected_label.setText(format_rupiah(expected))
        self.counted_label.setText(format_rupiah(counted))
        if difference < 0:
            words = self.tr("{amount} (kurang)")
        elif difference > 0:
            words = self.tr("{amount} (lebih)")
        else:
            words = self.tr("{amount} (cocok)")
        self.difference_label.setText(words.format(amount=format_signed_rupiah(difference)))
        self.difference_label.setStyleSheet(f"color: {_difference_colour(difference)};")

    def close_shift(self) -> None:
        if self.shift is None or self.actor is None:
            self._status(self.tr("Masuk (login) dulu untuk menutup shift."), WARNING)
            return
        counted = self.count_model.total()
        difference = counted - self.expected_cash()
        question = self.tr(
            "Tutup shift kasa {till}?\n\nSeharusnya di laci: {expected}\nUang dihitung: "
            "{counted}\nSelisih: {difference}\n\nLaporan Z dibuat dan tidak bisa dibatalkan."
        ).format(
            till=self.shift.till_code,
            expected=format_rupiah(self.expected_cash()),
            counted=format_rupiah(counted),
            difference=format_signed_rupiah(difference),
        )
        if not ask.confirm(self, self.tr("Tutup shift"), question):
            return
        try:
            z = shifts.close_shift(
                self.till.db,
                self.actor,
                self.shift.shift_id,
                counts=self.count_model.counts(),
                note=self.close_note.text(),
            )
        except Exception as error:
            self._show_error(error)  # the count stays on screen
            return
        self.last_z = z
        self.shift = None
        self.report = None
        self.count_model.clear()
        self.z_panel.show_report(z)
        self.pages.setCurrentIndex(CLOSED_PAGE)
        self._update_enabled()
        self.shiftChanged.emit(None)
        try:
            path = self._save_pdf(z, f"shift-{z.till_code}-Z{z.z_number or 0:04d}.pdf")
        except Exception as error:
            self._show_error(error)
            return
        self._status(
            self.tr("Shift ditutup: Laporan Z No. {z}, selisih {difference}. PDF: {path}").format(
                z=z.z_number, difference=format_signed_rupiah(z.difference or 0), path=path
            ),
            INFO if not z.difference else WARNING,
        )

    def print_z_report(self) -> None:
        if self.last_z is None:
            return
        try:
            path = self._save_pdf(
                self.last_z, f"shift-{self.last_z.till_code}-Z{self.last_z.z_number or 0:04d}.pdf"
            )
        except Exception as error:
            self._show_error(error)
            return
        self._deliver(path)

    # --- helpers -----------------------------------------------------------------------------
    def _save_pdf(self, report: ShiftReport, name: str) -> Path:
        path = render_shift_report_pdf(
            report,
            documents.reports_dir(self.till) / name,
            paper=self.settings.paper,
            language=self.settings.language,
        )
        self.last_pdf = path
        self.reportSaved.emit(path)
        return path

    def _deliver(self, path: Path) -> None:
        delivery = deliver_report(self, path, self.settings)
        text, level = documents.delivery_message(delivery)
        self._status(text, level)

    def _allowed(self, action: Action) -> bool:
        """What the permission table lets the user at the till do here; on somebody else's
        shift the X report and the close also need :attr:`Action.VIEW_SHIFTS` (the service
        refuses the same)."""
        if self.actor is None or not may(self.actor.role, action):
            return False
        if action in (Action.X_REPORT, Action.CLOSE_SHIFT) and self.shift is not None:
            mine = self.shift.opened_by_id == self.actor.user_id
            return mine or may(self.actor.role, Action.VIEW_SHIFTS)
        return True

    def _update_enabled(self) -> None:
        logged_in = self.actor is not None
        for button, action in (
            (self.open_button, Action.OPEN_SHIFT),
            (self.movement_button, Action.CASH_MOVEMENT),
            (self.x_button, Action.X_REPORT),
            (self.close_button, Action.CLOSE_SHIFT),
            (self.confirm_close_button, Action.CLOSE_SHIFT),
        ):
            button.setEnabled(self._allowed(action))
        hint = self.tr("Masuk (login) dulu untuk membuka, mengisi atau menutup shift.")
        if not logged_in:
            self.status_label.setText(hint)
            self.status_label.setStyleSheet(f"color: {STATUS_COLOURS[WARNING]};")
        elif self.status_label.text() == hint:
            self.status_label.clear()

    def _input_rejected(self, key: str, text: str) -> None:
        self._status(
            self.tr(
                "'{text}' bukan jumlah lembar/keping yang valid (bilangan bulat 0–{max})."
            ).format(text=text, max=shifts.MAX_PIECES),
            ERROR,
        )

    def _show_error(self, error: Exception) -> None:
        text = describe_shift_error(error) if isinstance(error, PosError) else None
        self._status(text or describe_error(error), ERROR)

    def _status(self, text: str, level: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {STATUS_COLOURS.get(level, '#000')};")
        self.statusMessage.emit(text, level)
