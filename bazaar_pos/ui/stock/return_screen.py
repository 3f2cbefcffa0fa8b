"""Return to institution (*retur ke instansi*): at the end of the event the unsold goods go
home, each institution with a signed handover record (*berita acara serah terima*) of what
goes back, what was sold and the money it is due.

Left, the institutions of the current event and whether they were handed over; right, what
would go back (:func:`~bazaar_pos.stock.returns.return_proposal`) or, once handed over, what went
back. One button writes the return (:func:`~bazaar_pos.stock.returns.return_to_institution`, which
also refuses without a posted closing count) and the PDF; another prints it again.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.events import get_event
from bazaar_pos.db.models import CountKind, CountStatus
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.stock.counts import list_counts
from bazaar_pos.stock.documents import HandoverDocument
from bazaar_pos.stock.returns import (
    ReturnProposal,
    ReturnRefused,
    handover_document,
    list_handovers,
    return_proposal,
    return_to_institution,
)
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.offered import offered
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel
from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    MUTED,
    NEGATIVE,
    POSITIVE,
    SORT_ROLE,
    WARNING,
    fit_columns,
    local_time,
    setup_table,
    show_status_line,
)

AnyIndex = QModelIndex | QPersistentModelIndex


# --- institutions of the event ---------------------------------------------------------------


@dataclass(frozen=True)
class InstitutionStatus:
    institution_id: int
    code: str
    name: str
    closing: str  # "posted" | "open" | "none": the closing counts covering its goods
    handover_id: int | None  # handed over already

    @property
    def handed_over(self) -> bool:
        return self.handover_id is not None


INST_CODE, INST_NAME, INST_CLOSING, INST_HANDOVER = range(4)


class InstitutionStatusModel(RecordTableModel[InstitutionStatus]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Kode"),
            self.tr("Instansi"),
            self.tr("Hitung akhir"),
            self.tr("Serah terima"),
        ]
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[InstitutionStatus]) -> None:
        self.set_records(rows)

    def status(self, row: int) -> InstitutionStatus:
        return self.record(row)

    def row_of(self, institution_id: int) -> int | None:
        return self.row_where(lambda status: status.institution_id == institution_id)

    def cell(self, status: InstitutionStatus, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == INST_CODE:
                return status.code
            if column == INST_NAME:
                return status.name
            if column == INST_CLOSING:
                return {
                    "posted": self.tr("diposting"),
                    "open": self.tr("masih terbuka"),
                }.get(status.closing, self.tr("belum"))
            return self.tr("sudah diserahkan") if status.handed_over else self.tr("belum")
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == INST_HANDOVER:
                return QBrush(POSITIVE if status.handed_over else MUTED)
            if column == INST_CLOSING and status.closing != "posted" and not status.handed_over:
                return QBrush(NEGATIVE)
            return None
        if role == Qt.ItemDataRole.FontRole and column == INST_HANDOVER and status.handed_over:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == INST_NAME:
            return status.name
        if role == Qt.ItemDataRole.ToolTipRole and column == INST_CLOSING:
            if status.closing == "none":
                return self.tr("Posting penghitungan akhir dulu, baru barang dikembalikan.")
            if status.closing == "open":
                return self.tr("Penghitungan akhir masih terbuka: posting dulu.")
        return None


# --- the goods going back ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnRow:
    sku: str
    name: str
    unit: str
    quantity: int
    unit_price: int
    negative: bool = False  # the ledger is below zero: shown, never returned

    @property
    def value(self) -> int:
        return self.quantity * self.unit_price


RET_SKU, RET_NAME, RET_QUANTITY, RET_UNIT, RET_PRICE, RET_VALUE = range(6)


class ReturnLinesModel(RecordTableModel[ReturnRow]):
    """The goods of one institution going back (or gone back), negative stock lines last."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("SKU"),
            self.tr("Produk"),
            self.tr("Jumlah"),
            self.tr("Satuan"),
            self.tr("Harga"),
            self.tr("Nilai"),
        ]
        self.right_aligned = frozenset((RET_QUANTITY, RET_PRICE, RET_VALUE))

    def set_rows(self, rows: Sequence[ReturnRow]) -> None:
        self.set_records(rows)

    def row(self, row: int) -> ReturnRow:
        return self.record(row)

    def cell(self, line: ReturnRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, column)
        if role == SORT_ROLE:
            return {
                RET_SKU: line.sku,
                RET_NAME: line.name,
                RET_QUANTITY: line.quantity,
                RET_UNIT: line.unit,
                RET_PRICE: line.unit_price,
                RET_VALUE: None if line.negative else line.value,
            }.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and line.negative:
            return QBrush(NEGATIVE)
        if role == Qt.ItemDataRole.ToolTipRole and line.negative:
            return self.tr(
                "Stok di buku {qty}: lebih banyak terjual/tercatat keluar daripada yang ada. "
                "Periksa penghitungan; baris ini tidak ikut diretur."
            ).format(qty=format_number(line.quantity))
        return None

    def _display(self, line: ReturnRow, column: int) -> str:
        if column == RET_SKU:
            return line.sku
        if column == RET_NAME:
            return line.name
        if column == RET_QUANTITY:
            return format_number(line.quantity)
        if column == RET_UNIT:
            return line.unit
        if column == RET_PRICE:
            return format_rupiah(line.unit_price)
        return "—" if line.negative else format_rupiah(line.value)


def proposal_rows(proposal: ReturnProposal) -> list[ReturnRow]:
    rows = [
        ReturnRow(line.sku, line.name, line.unit, line.on_hand, line.unit_price)
        for line in proposal.lines
    ]
    rows += [
        ReturnRow(line.sku, line.name, line.unit, line.on_hand, line.unit_price, negative=True)
        for line in proposal.negative
    ]
    return rows


def document_rows(document: HandoverDocument) -> list[ReturnRow]:
    return [
        ReturnRow(line.sku, line.name, line.unit, line.quantity, line.unit_price)
        for line in document.returned
    ]


# --- the screen ----------------------------------------------------------------------------------


class ReturnScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    handedOver = Signal(object)  # HandoverDocument

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.proposal: ReturnProposal | None = None
        self.document: HandoverDocument | None = None  # the selected one's, if handed over
        self.last_pdf: Path | None = None

        self.institutions_model = InstitutionStatusModel(self)
        self.lines_model = ReturnLinesModel(self)

        self.title_label = QLabel(self.tr("Retur ke instansi"))
        self.title_label.setObjectName("returnTitle")
        title_font = QFont(self.title_label.font())
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.intro_label = QLabel(
            self.tr(
                "Setelah penghitungan akhir diposting, barang yang tersisa dikembalikan ke "
                "instansinya dengan berita acara serah terima (ditandatangani kedua pihak)."
            )
        )
        self.intro_label.setWordWrap(True)

        self.institutions_view = QTableView()
        self.institutions_view.setObjectName("institutionList")
        self.institutions_view.setModel(self.institutions_model)
        setup_table(self.institutions_view)
        fit_columns(
            self.institutions_view,
            {
                INST_CODE: "BPN",
                INST_CLOSING: self.tr("masih terbuka"),
                INST_HANDOVER: self.tr("sudah diserahkan"),
            },
            INST_NAME,
        )
        bold = QFont(self.institutions_view.font())
        bold.setBold(True)  # "sudah diserahkan" is written bold
        self.institutions_view.horizontalHeader().resizeSection(
            INST_HANDOVER,
            QFontMetrics(bold).horizontalAdvance(self.tr("sudah diserahkan")) + 16,
        )
        self.institutions_view.selectionModel().selectionChanged.connect(
            lambda *_args: self._show_selected()
        )

        self.detail_label = QLabel()
        self.detail_label.setObjectName("returnDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.RichText)
        self.lines_view = QTableView()
        self.lines_view.setObjectName("returnLines")
        self.lines_view.setModel(self.lines_model)
        setup_table(self.lines_view)
        fit_columns(
            self.lines_view,
            {
                RET_SKU: "BLA-KYU-000",
                RET_QUANTITY: "99.999",
                RET_UNIT: "bungkus",
                RET_PRICE: "Rp 1.000.000",
                RET_VALUE: "Rp 10.000.000",
            },
            RET_NAME,
        )
        self.warning_label = QLabel()
        self.warning_label.setObjectName("negativeWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(
            "background: #fde8ea; color: #b00020; font-weight: bold; padding: 4px 8px;"
            " border: 1px solid #e6a1aa; border-radius: 3px;"
        )
        self.warning_label.hide()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("returnSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)

        self.handover_button = QPushButton(self.tr("Serahkan && cetak berita acara"))
        self.handover_button.setObjectName("handoverButton")
        self.handover_button.clicked.connect(self.hand_over)
        self.reprint_button = QPushButton(self.tr("Cetak ulang berita acara"))
        self.reprint_button.clicked.connect(self.reprint)
        self.open_button = QPushButton(self.tr("Buka PDF"))
        self.open_button.clicked.connect(self.open_last_pdf)
        self.reload_button = QPushButton(self.tr("Muat ulang (F5)"))
        self.reload_button.clicked.connect(self.reload)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Instansi peserta acara")))
        left_layout.addWidget(self.institutions_view, 1)
        left_layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignLeft)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail_label)
        right_layout.addWidget(self.lines_view, 1)
        right_layout.addWidget(self.warning_label)
        right_layout.addWidget(self.summary_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.handover_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([470, 670])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)

        self.reload_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.reload_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload_shortcut.activated.connect(self.reload)
        self._show_selected()

    # --- screen contract ----------------------------------------------------------------
    def activate(self) -> None:
        self.reload()

    def set_settings(self, settings: TillSettings) -> None:
        changed_event = settings.current_event_id != self.settings.current_event_id
        self.settings = settings
        if changed_event and self.isVisible():
            self.reload()

    def set_actor(self, actor: Actor | None) -> None:
        """A new user at the till: returns are theirs to see and make only if the table says."""
        self.actor = actor
        if self.isVisible():
            self.reload()
        else:
            self._update_buttons(self.selected_institution())

    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe_error(error), ERROR)

    # --- loading --------------------------------------------------------------------------
    def reload(self) -> list[InstitutionStatus]:
        """The event's institutions with their closing count and handover state."""
        chosen = self.selected_institution()
        event = get_event(self.till.db, self.settings.current_event_id)
        if event is None:
            self.title_label.setText(self.tr("Retur ke instansi"))
            self.institutions_model.set_rows([])
            self._show_selected()
            self.show_status(
                self.tr("Belum ada acara dipilih: pilih acara di Kasir → Pengaturan."), WARNING
            )
            return []
        self.title_label.setText(self.tr("Retur ke instansi — {event}").format(event=event.name))
        try:
            handovers = list_handovers(self.till.db, self.actor, event.id)
            closings = [
                count
                for count in list_counts(self.till.db, self.actor, event.id)
                if count.kind == CountKind.CLOSING.value
            ]
        except PosError as error:  # not theirs to see: the sentence, an empty list
            self.institutions_model.set_rows([])
            self._show_selected()
            self.show_error(error)
            return []
        rows = []
        for institution_id, code, name in zip(
            event.institution_ids, event.institution_codes, event.institutions, strict=True
        ):
            covering = {
                count.status for count in closings if count.institution_id in (None, institution_id)
            }
            closing = (
                "open"
                if CountStatus.OPEN.value in covering
                else "posted"
                if CountStatus.POSTED.value in covering
                else "none"
            )
            rows.append(
                InstitutionStatus(
                    institution_id, code, name, closing, handovers.get(institution_id)
                )
            )
        self.institutions_model.set_rows(rows)
        row = self.institutions_model.row_of(chosen.institution_id) if chosen else None
        if rows:
            self.institutions_view.selectRow(row or 0)
        self._show_selected()
        return rows

    def selected_institution(self) -> InstitutionStatus | None:
        rows = self.institutions_view.selectionModel().selectedRows()
        return self.institutions_model.status(rows[0].row()) if rows else None

    def select_institution(self, code: str) -> bool:
        for row in range(self.institutions_model.rowCount()):
            if self.institutions_model.status(row).code == code:
                self.institutions_view.selectRow(row)
                return True
        return False

    def _show_selected(self) -> None:
        status = self.selected_institution()
        self.proposal = None
        self.document = None
        self.warning_label.hide()
        if status is None or self.settings.current_event_id is None:
            self.lines_model.set_rows([])
            self.detail_label.setText(self.tr("Pilih instansi di sebelah kiri."))
            self.summary_label.setText("")
            self._update_buttons(None)
            return
        try:
            if status.handover_id is not None:
                self.document = handover_document(self.till.db, self.actor, status.handover_id)
            else:
                self.proposal = return_proposal(
                    self.till.db, self.actor, self.settings.current_event_id, status.institution_id
                )
        except PosError as error:
            self.lines_model.set_rows([])
            self.summary_label.setText("")
            self.show_error(error)
            self._update_buttons(status)
            return
        if self.document is not None:
            self._show_document(self.document)
        elif self.proposal is not None:
            self._show_proposal(status, self.proposal)
        self._update_buttons(status)

    def _show_proposal(self, status: InstitutionStatus, proposal: ReturnProposal) -> None:
        self.lines_model.set_rows(proposal_rows(proposal))
        heading = self.tr("{code} · {name}: belum diserahkan. Yang akan dikembalikan:").format(
            code=status.code, name=status.name
        )
        self.detail_label.setText(f"<b>{html.escape(heading)}</b>")
        if proposal.negative:
            self.warning_label.setText(
                self.tr(
                    "Perhatian: {count} produk stoknya negatif di buku ({names}). Periksa "
                    "penghitungan akhir; produk itu tidak ikut diretur."
                ).format(
                    count=format_number(len(proposal.negative)),
                    names=", ".join(line.name for line in proposal.negative),
                )
            )
            self.warning_label.show()
        if status.closing != "posted":
            note = self.tr(
                "Angka sementara: penghitungan akhir {code} belum diposting, retur belum bisa "
                "dicatat."
            ).format(code=status.code)
        else:
            note = ""
        returned = self.tr("Dikembalikan: {units} barang senilai {value}").format(
            units=format_number(proposal.units), value=format_rupiah(proposal.value)
        )
        due = self.tr("Hasil penjualan (hak {code}): {due}").format(
            code=status.code, due=format_rupiah(proposal.money_due)
        )
        self.summary_label.setText(_summary_html([returned], due, note))

    def _show_document(self, document: HandoverDocument) -> None:
        self.lines_model.set_rows(document_rows(document))
        heading = self.tr(
            "{code} · {name}: sudah diserahkan {time}, oleh {by} kepada {to}. Barang yang "
            "dikembalikan:"
        ).format(
            code=document.institution_code,
            name=document.institution_name,
            time=local_time(document.created_at),
            by=document.handed_over_by,
            to=document.received_by,
        )
        self.detail_label.setText(f"<b>{html.escape(heading)}</b>")
        returned = self.tr("Dikembalikan: {units} barang senilai {value}").format(
            units=format_number(document.returned_units),
            value=format_rupiah(document.returned_value),
        )
        sold = self.tr("Terjual: {sold} barang").format(sold=format_number(document.sold_units))
        due = self.tr("Hasil penjualan (hak {code}): {due}").format(
            code=document.institution_code, due=format_rupiah(document.money_due)
        )
        self.summary_label.setText(_summary_html([returned, sold], due, ""))

    def _update_buttons(self, status: InstitutionStatus | None) -> None:
        allowed = offered(self.actor, Action.RETURN_GOODS)
        self.handover_button.setEnabled(allowed and status is not None and not status.handed_over)
        self.reprint_button.setEnabled(allowed and status is not None and status.handed_over)
        self.open_button.setEnabled(self.last_pdf is not None and self.last_pdf.exists())

    # --- handing over -----------------------------------------------------------------------
    def _pdf_path(self, document: HandoverDocument) -> Path:
        day = document.created_at.astimezone().date().isoformat()
        code = documents.file_slug(document.institution_code, "instansi").upper()
        return documents.reports_dir(self.till) / f"serah-terima-{code}-{day}.pdf"

    def _render(self, document: HandoverDocument, done: str) -> Path | None:
        """Write the PDF; on a disk error say so after ``done`` (what was already saved)."""
        from bazaar_pos.papers.handover import render_handover_pdf

        path = self._pdf_path(document)
        try:
            written = render_handover_pdf(document, path, language=self.settings.language)
        except OSError as error:
            problem = self.tr(
                "Berita acara tidak dapat disimpan di {path}: {error}. Coba lagi dengan "
                "Cetak ulang berita acara."
            ).format(path=path, error=error.strerror or error)
            self.show_status(f"{done} {problem}".strip(), ERROR)
            return None
        self.last_pdf = written
        self._update_buttons(self.selected_institution())
        return written

    def _offer_print(self, path: Path, done: str) -> None:
        """After the PDF is written: print it now if the user wants (it stays on disk)."""
        if not ask.confirm(
            self,
            self.tr("Berita acara serah terima"),
            self.tr("{done}\nBerita acara: {path}\n\nCetak sekarang?").format(done=done, path=path),
        ):
            self.show_status(self.tr("{done} Berita acara: {path}").format(done=done, path=path))
            return
        delivery = documents.open_or_print_pdf(self, path, self.settings)
        text, level = documents.delivery_message(delivery)
        self.show_status(f"{done} {text}", level)

    def hand_over(self) -> HandoverDocument | None:
        """The "Serahkan & cetak berita acara" button: the receiving officer's name (the one
        handing over is the logged-in user), confirmation, the return, the PDF."""
        status = self.selected_institution()
        event_id = self.settings.current_event_id
        if status is None or event_id is None:
            self.show_status(self.tr("Pilih instansi dulu."), WARNING)
            return None
        if status.handed_over:
            self.show_error(ReturnRefused("already_returned", detail=status.code))
            return None
        title = self.tr("Serah terima ke {code}").format(code=status.code)
        received_by = ask.ask_text(
            self, title, self.tr("Nama petugas {code} yang menerima:").format(code=status.code)
        )
        if received_by is None:
            return None
        if not received_by.strip():
            self.show_error(ReturnRefused("names_required"))
            return None
        try:  # the figures as they are now, not as they were when the row was selected
            proposal = return_proposal(self.till.db, self.actor, event_id, status.institution_id)
        except PosError as error:
            self.show_error(error)
            return None
        if not ask.confirm(
            self,
            title,
            self.tr("Catat retur {units} barang ({value}) ke {code}?").format(
                units=format_number(proposal.units),
                value=format_rupiah(proposal.value),
                code=status.code,
            ),
        ):
            return None
        try:
            document = return_to_institution(
                self.till.db, self.actor, event_id, status.institution_id, received_by=received_by
            )
        except PosError as error:
            self.show_error(error)
            return None
        self.reload()
        self.handedOver.emit(document)
        done = self.tr("Retur ke {code} dicatat: {units} barang ({value}).").format(
            code=document.institution_code,
            units=format_number(document.returned_units),
            value=format_rupiah(document.returned_value),
        )
        path = self._render(document, done)
        if path is not None:
            self._offer_print(path, done)
        return document

    def reprint(self) -> Path | None:
        """The "Cetak ulang berita acara" button of an institution already handed over."""
        status = self.selected_institution()
        if status is None or status.handover_id is None:
            self.show_status(self.tr("Instansi ini belum diserahkan."), WARNING)
            return None
        try:
            document = handover_document(self.till.db, self.actor, status.handover_id)
        except PosError as error:
            self.show_error(error)
            return None
        done = self.tr("Berita acara {code} dibuat ulang.").format(code=document.institution_code)
        path = self._render(document, "")
        if path is None:
            return None
        self._offer_print(path, done)
        return path

    def open_last_pdf(self) -> documents.DocumentDelivery | None:
        if self.last_pdf is None:
            return None
        delivery = documents.open_or_print_pdf(self, self.last_pdf, self.settings, print_it=False)
        text, level = documents.delivery_message(delivery)
        self.show_status(text, level)
        return delivery


def _summary_html(lines: Sequence[str], due: str, note: str) -> str:
    """The figures under the table; the money due to the institution stands out."""
    text = " · ".join(html.escape(line) for line in lines)
    text += f'<br><span style="font-size:large"><b>{html.escape(due)}</b></span>'
    if note:
        text += f'<br><span style="color:#8a5300">{html.escape(note)}</span>'
    return text
