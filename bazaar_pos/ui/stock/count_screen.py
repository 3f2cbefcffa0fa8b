"""The count screen (stock opname): a stock clerk at a folding table counts the goods of the
current event with a USB barcode scanner, or types the figures into the list, and a
supervisor posts the count.

Each scan, typed figure, start, post and discard is one call to :mod:`bazaar_pos.stock.counts`,
which saves it at once: closing the app in the middle of a count loses nothing, and
``activate()`` resumes the open count. The screen keeps only ids and the sheet last read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.events import EventInfo, get_event
from bazaar_pos.db.models import CountKind, CountStatus
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_number, format_signed_number, format_signed_rupiah
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.stock import counts
from bazaar_pos.stock.counts import CountError, CountSessionInfo, CountSheetLine, PostedCount
from bazaar_pos.till.cart import parse_scan
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.offered import offered
from bazaar_pos.ui.stock.count_model import (
    ADJUSTMENT,
    COUNTED,
    EXPECTED,
    INSTITUTION,
    NAME,
    PRICE,
    SKU,
    VARIANCE,
    VARIANCE_VALUE,
    CountSheetFilter,
    CountSheetModel,
)
from bazaar_pos.ui.table_view import ERROR, INFO, STATUS_COLOURS, WARNING, show_status_line

# Widest text expected in each column but the product name (which takes the rest).
_COLUMN_SAMPLES = {
    INSTITUTION: "BLAX",
    SKU: "BNA-BES-000000",
    PRICE: "Rp 1.000.000",
    EXPECTED: "99.999",
    COUNTED: "999.999",
    VARIANCE: "+99.999",
    VARIANCE_VALUE: "Rp -10.000.000",
    ADJUSTMENT: "+99.999",
}
# How many uncounted products a message names before saying "and N more".
_NAMES_SHOWN = 5
# Item data of the "all institutions" / "all categories" / "no session" choices. Not None:
# PySide6 6.12 on Python 3.11 drops a reference to None each time currentData()/itemData()
# returns None, and a till that runs all day would eventually abort.
_ALL = -1
_ALL_CATEGORIES = ""


def _id_or_none(data: object) -> int | None:
    """An id from a combo's item data (``_ALL`` means "all")."""
    return data if isinstance(data, int) and data != _ALL else None


def _current_data(combo: QComboBox, default: object) -> object:
    """``combo.currentData()``, without asking an empty combo (which answers None)."""
    return combo.currentData() if combo.currentIndex() >= 0 else default


def _looks_scanned(text: str) -> bool:
    """A whole barcode (EAN-8/13, UPC …): what a scanner types, not what a person searches."""
    text = text.strip()
    return text.isascii() and text.isdigit() and len(text) >= 8


def _local_time(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")  # aware UTC -> the laptop's zone


def _names(lines: Sequence[CountSheetLine], more: str) -> str:
    """The first few product names, then "dan 3 lainnya" (``more`` is the translated phrase
    with ``{n}``)."""
    shown = ", ".join(line.name for line in lines[:_NAMES_SHOWN])
    rest = len(lines) - _NAMES_SHOWN
    return f"{shown} {more.format(n=rest)}" if rest > 0 else shown


# --- starting a count ------------------------------------------------------------------------


@dataclass(frozen=True)
class StartCountChoice:
    kind: CountKind
    institution_id: int | None  # None: every institution of the event
    blind: bool


class StartCountDialog(QDialog):
    """Kind, scope, blind or not; who counts is the logged-in user, shown, not typed.
    ``values()`` reads the form (tests fill the widgets and call it without ``exec``)."""

    def __init__(
        self,
        event: EventInfo,
        counted_by: str,
        default_kind: CountKind = CountKind.OPENING,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mulai penghitungan"))
        self.event_label = QLabel(self.tr("Acara: <b>{event}</b>").format(event=event.name))

        self.kind_combo = QComboBox()
        for kind, text in (
            (CountKind.OPENING, self.tr("Penghitungan awal — barang datang")),
            (CountKind.CLOSING, self.tr("Penghitungan akhir — sisa barang")),
            (CountKind.SPOT, self.tr("Cek acak — selama acara")),
        ):
            self.kind_combo.addItem(text, kind.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(CountKind(default_kind).value))

        self.scope_combo = QComboBox()
        self.scope_combo.addItem(self.tr("Semua instansi peserta acara"), _ALL)
        for inst_id, code, name in zip(
            event.institution_ids, event.institution_codes, event.institutions, strict=False
        ):
            self.scope_combo.addItem(f"{code} — {name}", inst_id)

        self.blind_check = QCheckBox(self.tr("Hitung buta (jumlah seharusnya disembunyikan)"))
        self.blind_check.setToolTip(
            self.tr(
                "Penghitung tidak melihat jumlah seharusnya sampai penghitungan diposting, "
                "supaya yang dicatat benar-benar yang ada di meja."
            )
        )
        self.counted_by_label = QLabel(counted_by or "—")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(f"color: {STATUS_COLOURS[ERROR]};")

        form = QFormLayout()
        form.addRow(self.tr("Jenis:"), self.kind_combo)
        form.addRow(self.tr("Cakupan:"), self.scope_combo)
        form.addRow("", self.blind_check)
        form.addRow(self.tr("Dihitung oleh:"), self.counted_by_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Mulai"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.event_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def values(self) -> StartCountChoice:
        return StartCountChoice(
            kind=CountKind(self.kind_combo.currentData()),
            institution_id=_id_or_none(self.scope_combo.currentData()),
            blind=self.blind_check.isChecked(),
        )


def choose_new_count(
    parent: QWidget | None, event: EventInfo, counted_by: str, default_kind: CountKind
) -> StartCountChoice | None:
    """Ask how to count; None if cancelled. Tests replace this function."""
    dialog = StartCountDialog(event, counted_by, default_kind, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.values()


# --- posting a count -------------------------------------------------------------------------


@dataclass(frozen=True)
class PostChoice:
    uncounted_as_zero: bool


class PostCountDialog(QDialog):
    """The confirmation before posting: counted N of M, the uncounted ones by name, the choice
    what they mean, and the names that go on the signed report (who started the count, and
    the logged-in user who posts it as its supervisor)."""

    def __init__(
        self,
        session: CountSessionInfo,
        lines: Sequence[CountSheetLine],
        parent: QWidget | None = None,
        *,
        posted_by: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Posting penghitungan"))
        self.setMinimumWidth(520)
        uncounted = [line for line in lines if line.counted is None]
        counted = len(lines) - len(uncounted)
        self.uncounted_count = len(uncounted)

        summary = self.tr("Dihitung <b>{counted}</b> dari <b>{total}</b> produk.").format(
            counted=format_number(counted), total=format_number(len(lines))
        )
        if uncounted:
            summary += "<br>" + self.tr("Belum dihitung: <b>{n}</b> — {names}.").format(
                n=format_number(len(uncounted)),
                names=_names(uncounted, self.tr("dan {n} lainnya")),
            )
        known = [line for line in lines if line.variance is not None]
        if known and not session.blind:
            units = sum(line.variance or 0 for line in known)
            value = sum(line.variance_value or 0 for line in known)
            summary += "<br>" + self.tr(
                "Selisih produk yang dihitung: {units} barang ({value})."
            ).format(units=format_signed_number(units), value=format_signed_rupiah(value))
        self.summary_label = QLabel(summary)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)

        # What an uncounted product means is the poster's explicit choice, shown only when
        # there is one; "leave as not counted" is preselected because it writes nothing.
        self.uncounted_box = QFrame()
        self.leave_radio = QRadioButton(
            self.tr("Biarkan 'belum dihitung' — stoknya tidak diubah, dilaporkan belum dihitung")
        )
        self.zero_radio = QRadioButton(
            self.tr("Anggap 0 — barangnya memang tidak ada; stok dikurangi sampai 0")
        )
        self.leave_radio.setChecked(True)
        self._uncounted_group = QButtonGroup(self)
        self._uncounted_group.addButton(self.leave_radio)
        self._uncounted_group.addButton(self.zero_radio)
        box_layout = QVBoxLayout(self.uncounted_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(QLabel(self.tr("Produk yang belum dihitung:")))
        box_layout.addWidget(self.leave_radio)
        box_layout.addWidget(self.zero_radio)
        self.uncounted_box.setVisible(bool(uncounted))

        self.counted_by_label = QLabel(session.counted_by or "—")
        self.supervised_by_label = QLabel(posted_by or "—")
        form = QFormLayout()
        form.addRow(self.tr("Dihitung oleh:"), self.counted_by_label)
        form.addRow(self.tr("Diawasi oleh:"), self.supervised_by_label)

        warning = QLabel(
            self.tr(
                "Setelah diposting, penyesuaian ditulis ke buku stok dan penghitungan dikunci: "
                "tidak bisa diubah atau diposting ulang."
            )
        )
        warning.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(f"color: {STATUS_COLOURS[ERROR]};")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Posting"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.uncounted_box)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def values(self) -> PostChoice:
        return PostChoice(
            uncounted_as_zero=self.uncounted_count > 0 and self.zero_radio.isChecked(),
        )


def choose_posting(
    parent: QWidget | None,
    session: CountSessionInfo,
    lines: Sequence[CountSheetLine],
    posted_by: str = "",
) -> PostChoice | None:
    """Confirm posting and ask what it needs; None if cancelled. Tests replace this function."""
    dialog = PostCountDialog(session, lines, parent, posted_by=posted_by)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.values()


# --- the screen ------------------------------------------------------------------------------


class CountScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    showVarianceRequested = Signal()
    countPosted = Signal(object)  # PostedCount

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.current_event: EventInfo | None = None
        self.pending_quantity: int | None = None
        self.last_posted: PostedCount | None = None
        self._sessions: dict[int, CountSessionInfo] = {}

        self.model = CountSheetModel(till.db, self)
        self.proxy = CountSheetFilter(self)
        self.proxy.setSourceModel(self.model)
        self.model.lineCounted.connect(self._line_typed)
        self.model.editRejected.connect(self.show_error)
        self.model.progressChanged.connect(self._show_progress)
        self.model.modelReset.connect(self._size_columns)
        self.proxy.rowsInserted.connect(self._show_filtered_count)
        self.proxy.rowsRemoved.connect(self._show_filtered_count)
        self.proxy.modelReset.connect(self._show_filtered_count)
        self.proxy.layoutChanged.connect(self._show_filtered_count)

        # Event and session.
        self.event_label = QLabel()
        self.event_label.setObjectName("countEvent")
        self.event_label.setWordWrap(True)
        self.event_label.setTextFormat(Qt.TextFormat.RichText)
        self.session_combo = QComboBox()
        self.session_combo.setObjectName("countSessions")
        self.session_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.session_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.session_combo.setMinimumContentsLength(30)
        self.session_combo.activated.connect(self._session_chosen)
        self.start_button = QPushButton(self.tr("&Mulai penghitungan…"))
        self.post_button = QPushButton(self.tr("&Posting…"))
        self.discard_button = QPushButton(self.tr("&Batalkan penghitungan…"))
        self.variance_button = QPushButton(self.tr("&Laporan selisih"))
        for button in (
            self.start_button,
            self.post_button,
            self.discard_button,
            self.variance_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the focus
        self.start_button.clicked.connect(self.start_count)
        self.post_button.clicked.connect(self.post)
        self.discard_button.clicked.connect(self.discard)
        self.variance_button.clicked.connect(self.showVarianceRequested)
        self.session_label = QLabel()
        self.session_label.setObjectName("countSession")
        self.session_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("countProgress")
        self.progress_bar.setMinimumWidth(220)

        # Scanning.
        self.scan_edit = QLineEdit()
        self.scan_edit.setObjectName("countScanEdit")
        scan_font = QFont(self.scan_edit.font())
        scan_font.setPointSize(scan_font.pointSize() + 4)
        self.scan_edit.setFont(scan_font)
        self.scan_edit.installEventFilter(self)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("countPendingQuantity")
        self.status_label = QLabel()
        self.status_label.setObjectName("countStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(32)
        status_font = QFont(self.status_label.font())
        status_font.setPointSize(status_font.pointSize() + 3)
        self.status_label.setFont(status_font)

        # Filters.
        self.institution_filter = QComboBox()
        self.institution_filter.setObjectName("countInstitutionFilter")
        self.institution_filter.currentIndexChanged.connect(self._filters_changed)
        self.category_filter = QComboBox()
        self.category_filter.setObjectName("countCategoryFilter")
        self.category_filter.currentIndexChanged.connect(self._filters_changed)
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("countTextFilter")
        self.text_filter.setPlaceholderText(self.tr("Saring nama / SKU / barcode…"))
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self.proxy.set_text)
        self.text_filter.installEventFilter(self)
        self.uncounted_check = QCheckBox(self.tr("Hanya yang belum dihitung"))
        self.uncounted_check.setObjectName("countOnlyUncounted")
        self.uncounted_check.toggled.connect(self.proxy.set_only_uncounted)
        self.shown_label = QLabel()
        self.shown_label.setObjectName("countShown")

        # The sheet.
        self.view = QTableView()
        self.view.setObjectName("countSheet")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scan must never land in the table
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        # The sheet comes in the service's order (institution, name) until a header is
        # clicked; Qt would otherwise sort by the first column, descending.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.itemDelegate().closeEditor.connect(lambda *args: self.focus_scan())

        self.result_label = QLabel()
        self.result_label.setObjectName("countResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.result_label.setMargin(6)
        self.result_label.hide()
        self.keys_label = QLabel(self._keys_help())
        self.keys_label.setObjectName("countKeysHelp")
        self.keys_label.setWordWrap(True)
        self.keys_label.setTextFormat(Qt.TextFormat.RichText)

        session_row = QHBoxLayout()
        session_row.addWidget(QLabel(self.tr("Sesi:")))
        session_row.addWidget(self.session_combo, 1)
        session_row.addWidget(self.start_button)
        session_row.addWidget(self.post_button)
        session_row.addWidget(self.discard_button)
        session_row.addWidget(self.variance_button)
        detail_row = QHBoxLayout()
        detail_row.addWidget(self.session_label, 1)
        detail_row.addWidget(self.progress_bar)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_edit, 1)
        scan_row.addWidget(self.pending_label)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Instansi:")))
        filter_row.addWidget(self.institution_filter)
        filter_row.addWidget(QLabel(self.tr("Kategori:")))
        filter_row.addWidget(self.category_filter)
        filter_row.addWidget(self.text_filter, 1)
        filter_row.addWidget(self.uncounted_check)
        filter_row.addWidget(self.shown_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.event_label)
        layout.addLayout(session_row)
        layout.addLayout(detail_row)
        layout.addLayout(scan_row)
        layout.addWidget(self.status_label)
        layout.addLayout(filter_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(self.keys_label)

        self._size_columns()
        self._show_pending()
        self._update_session_widgets()

    # --- texts ------------------------------------------------------------------------------
    def _keys_help(self) -> str:
        keys = [
            (self.tr("Enter"), self.tr("scan = tambah 1")),
            (self.tr("12*"), self.tr("jumlah untuk scan berikutnya")),
            (self.tr("↑ ↓"), self.tr("pilih baris")),
            (self.tr("F4"), self.tr("ketik jumlah baris terpilih")),
            (self.tr("F2"), self.tr("ke kolom scan")),
            (self.tr("Esc"), self.tr("kosongkan kolom scan")),
        ]
        return " &nbsp;·&nbsp; ".join(f"<b>{key}</b> {what}" for key, what in keys)

    def kind_text(self, kind: str) -> str:
        texts = {
            CountKind.OPENING: self.tr("Awal"),
            CountKind.CLOSING: self.tr("Akhir"),
            CountKind.SPOT: self.tr("Cek acak"),
        }
        return texts.get(CountKind(kind), kind)

    def status_text(self, status: str) -> str:
        texts = {
            CountStatus.OPEN: self.tr("terbuka"),
            CountStatus.POSTED: self.tr("diposting"),
            CountStatus.DISCARDED: self.tr("dibatalkan"),
        }
        return texts.get(CountStatus(status), status)

    def _scope_text(self, info: CountSessionInfo) -> str:
        return info.institution_code or self.tr("semua instansi")

    def _progress_text(self, counted: int, total: int) -> str:
        return self.tr("{counted} dari {total} dihitung").format(
            counted=format_number(counted), total=format_number(total)
        )

    def session_item_text(self, info: CountSessionInfo) -> str:
        counted, total = info.counted_products, info.products
        if self.model.session is not None and self.model.session.id == info.id:
            counted, total = self.model.counted_lines, self.model.rowCount()
        parts = [
            f"#{info.id}",
            self.kind_text(info.kind),
            self._scope_text(info),
            self.status_text(info.status),
            _local_time(info.started_at),
            self._progress_text(counted, total),
        ]
        if info.blind:
            parts.insert(3, self.tr("buta"))
        return " · ".join(parts)

    # --- status area ------------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe_error(error), ERROR)

    # --- loading ----------------------------------------------------------------------------
    @property
    def session_id(self) -> int | None:
        session = self.model.session
        return session.id if session is not None else None

    def activate(self) -> None:
        """Shown again: reload from the services and resume an open count of the event."""
        self.reload(resume=True)
        self.focus_scan()

    def set_settings(self, settings: TillSettings) -> None:
        changed_event = settings.current_event_id != self.settings.current_event_id
        self.settings = settings
        if changed_event:
            self.reload(resume=True)

    def set_actor(self, actor: Actor | None) -> None:
        """A new user at the till: they count, start, post or discard as the table allows."""
        self.actor = actor
        self.model.actor = actor
        if self.isVisible():
            self.reload(resume=True)
        else:
            self._update_session_widgets()

    @property
    def actor_name(self) -> str:
        return self.actor.display_name if self.actor is not None else ""

    def reload(self, *, resume: bool = False, select: int | None = None) -> None:
        """Read the event, its count sessions and one sheet: ``select`` if given, else (with
        ``resume``) the open count being shown or the event's open count, else the session
        shown before, else the newest."""
        db = self.till.db
        self.current_event = get_event(db, self.settings.current_event_id)
        self._show_event()
        if self.current_event is None:
            self._sessions = {}
            self.model.set_sheet(None)
            self._fill_session_combo()
            self._update_session_widgets()
            return
        try:
            infos = counts.list_counts(db, self.actor, self.current_event.id)
        except PosError as error:  # nobody logged in on a till with accounts
            infos = []
            self.show_error(error)
        self._sessions = {info.id: info for info in infos}
        target = select
        shown = self.session_id if self.session_id in self._sessions else None
        if target is None and resume:
            shown_open = shown is not None and self._sessions[shown].is_open
            if shown_open:
                target = shown
            else:
                open_count = counts.open_count_for_event(db, self.actor, self.current_event.id)
                target = open_count.id if open_count is not None else None
        if target is None:
            target = shown if shown is not None else (infos[0].id if infos else None)
        self._load_sheet(target)
        self._fill_session_combo()
        self._update_session_widgets()

    def _load_sheet(self, session_id: int | None) -> None:
        if session_id is None:
            self.model.set_sheet(None)
        else:
            try:
                self.model.set_sheet(counts.count_sheet(self.till.db, self.actor, session_id))
            except PosError as error:
                self.model.set_sheet(None)
                self.show_error(error)
        self._fill_filters()

    def show_session(self, session_id: int) -> None:
        """Show one count session of the event (open: to count; else: read only)."""
        self.reload(select=session_id)

    def _session_chosen(self, combo_index: int) -> None:
        session_id = self.session_combo.itemData(combo_index)
        if session_id != _ALL and session_id != self.session_id:
            self.show_session(int(session_id))
        self.focus_scan()

    def _show_event(self) -> None:
        if self.current_event is None:
            self.event_label.setText(
                self.tr(
                    "<b>Belum ada acara dipilih.</b> Pilih acara di Kasir → Pengaturan (Ctrl+,) "
                    "atau buat acara di Katalog → Acara, lalu kembali ke sini."
                )
            )
            return
        event = self.current_event
        when = event.starts_on.strftime("%d/%m/%Y") if event.starts_on else ""
        self.event_label.setText(
            self.tr("Acara: <b>{name}</b> — {venue}").format(name=event.name, venue=event.venue)
            + (f" · {when}" if when else "")
        )

    def _fill_session_combo(self) -> None:
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        for info in self._sessions.values():  # newest first, as the service lists them
            self.session_combo.addItem(self.session_item_text(info), info.id)
        if not self._sessions:
            self.session_combo.addItem(self.tr("(belum ada penghitungan)"), _ALL)
        index = self.session_combo.findData(_ALL if self.session_id is None else self.session_id)
        self.session_combo.setCurrentIndex(max(index, 0))
        self.session_combo.blockSignals(False)

    def _refresh_current_session_item(self) -> None:
        session = self.model.session
        if session is None:
            return
        index = self.session_combo.findData(session.id)
        if index >= 0:
            self.session_combo.setItemText(index, self.session_item_text(session))

    def _fill_filters(self) -> None:
        """Institution and category choices of the sheet shown; a choice still there stays."""
        lines = self.model.lines
        names = (
            dict(
                zip(
                    self.current_event.institution_ids,
                    self.current_event.institutions,
                    strict=False,
                )
            )
            if self.current_event is not None
            else {}
        )
        institutions = sorted({(line.institution_code, line.institution_id) for line in lines})
        chosen_institution = _current_data(self.institution_filter, _ALL)
        self.institution_filter.blockSignals(True)
        self.institution_filter.clear()
        self.institution_filter.addItem(self.tr("Semua instansi"), _ALL)
        for code, inst_id in institutions:
            name = names.get(inst_id)
            self.institution_filter.addItem(f"{code} — {name}" if name else code, inst_id)
        self.institution_filter.setCurrentIndex(
            max(self.institution_filter.findData(chosen_institution), 0)
        )
        self.institution_filter.blockSignals(False)

        chosen_category = _current_data(self.category_filter, _ALL_CATEGORIES)
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(self.tr("Semua kategori"), _ALL_CATEGORIES)
        for category in sorted({line.category for line in lines if line.category}):
            self.category_filter.addItem(category, category)
        self.category_filter.setCurrentIndex(max(self.category_filter.findData(chosen_category), 0))
        self.category_filter.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self) -> None:
        self.proxy.set_institution(_id_or_none(_current_data(self.institution_filter, _ALL)))
        category = _current_data(self.category_filter, _ALL_CATEGORIES)
        self.proxy.set_category(category if isinstance(category, str) and category else None)
        self._show_filtered_count()

    def _show_filtered_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.shown_label.setText(
            self.tr("{shown} dari {total} baris").format(
                shown=format_number(shown), total=format_number(total)
            )
            if shown != total
            else ""
        )

    def _update_session_widgets(self) -> None:
        session = self.model.session
        has_event = self.current_event is not None
        is_open = self.model.is_open
        posted = session is not None and session.status == CountStatus.POSTED
        self.start_button.setEnabled(has_event and offered(self.actor, Action.START_COUNT))
        self.post_button.setEnabled(is_open and offered(self.actor, Action.POST_COUNT))
        self.discard_button.setEnabled(is_open and offered(self.actor, Action.DISCARD_COUNT))
        self.variance_button.setVisible(posted)
        self.session_combo.setEnabled(bool(self._sessions))
        self.scan_edit.setPlaceholderText(
            self.tr("Scan barcode / ketik SKU lalu Enter — 12* lalu scan untuk 12 sekaligus")
            if is_open
            else self.tr("Tidak ada penghitungan terbuka — tekan «Mulai penghitungan…»")
        )
        self.progress_bar.setVisible(session is not None)
        self._show_progress(self.model.counted_lines, self.model.rowCount())
        if session is None:
            self.session_label.setText(
                self.tr("Tekan «Mulai penghitungan…» untuk menghitung barang acara ini.")
                if has_event
                else ""
            )
        else:
            self.session_label.setText(self._session_description(session))
        self._show_result()

    def _session_description(self, session: CountSessionInfo) -> str:
        kinds = {
            CountKind.OPENING: self.tr("Penghitungan awal (barang datang)"),
            CountKind.CLOSING: self.tr("Penghitungan akhir (sisa barang)"),
            CountKind.SPOT: self.tr("Cek acak"),
        }
        parts = [
            f"#{session.id} {kinds.get(CountKind(session.kind), session.kind)}",
            self._scope_text(session),
            self.tr("dihitung oleh {name}").format(name=session.counted_by or "—"),
            self.tr("mulai {time}").format(time=_local_time(session.started_at)),
            self.status_text(session.status),
        ]
        if session.blind:
            parts.insert(2, self.tr("hitung buta"))
        return " · ".join(parts)

    def _show_progress(self, counted: int, total: int) -> None:
        self.progress_bar.setMaximum(max(total, 1))
        self.progress_bar.setValue(counted)
        self.progress_bar.setFormat(self._progress_text(counted, total))

    def _show_result(self) -> None:
        """Under the sheet: what the posting wrote (or that a discarded count wrote nothing)."""
        session = self.model.session
        if session is None or session.is_open:
            self.result_label.hide()
            return
        if session.status == CountStatus.DISCARDED:
            self.result_label.setText(
                self.tr("Penghitungan ini dibatalkan: tidak ada yang ditulis ke buku stok.")
            )
            self.result_label.show()
            return
        lines = self.model.lines
        adjustments = sum(1 for line in lines if line.adjustment)
        units = sum(line.variance or 0 for line in lines)
        value = sum(line.variance_value or 0 for line in lines)
        uncounted = [line for line in lines if line.counted is None]
        text = self.tr(
            "<b>Diposting {time}</b> oleh {counted_by}, diawasi {supervised_by}: "
            "{adjustments} penyesuaian ditulis ke buku stok; selisih {units} barang ({value})."
        ).format(
            time=_local_time(session.posted_at),
            counted_by=session.counted_by or "—",
            supervised_by=session.supervised_by or "—",
            adjustments=format_number(adjustments),
            units=format_signed_number(units),
            value=format_signed_rupiah(value),
        )
        if uncounted and session.uncounted_as_zero:
            text += "<br>" + self.tr("{n} produk tidak dihitung dan dianggap 0: {names}.").format(
                n=format_number(len(uncounted)),
                names=_names(uncounted, self.tr("dan {n} lainnya")),
            )
        elif uncounted:
            text += "<br>" + self.tr(
                "{n} produk belum dihitung (stoknya tidak diubah): {names}."
            ).format(
                n=format_number(len(uncounted)),
                names=_names(uncounted, self.tr("dan {n} lainnya")),
            )
        colour = STATUS_COLOURS[ERROR] if value < 0 else STATUS_COLOURS[INFO]
        self.result_label.setStyleSheet(f"color: {colour};")
        self.result_label.setText(text)
        self.result_label.show()

    def _size_columns(self) -> None:
        """Numbers get room for the largest figures (never "Rp 1.6…"); the name the rest."""
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(40)
        metrics = self.view.fontMetrics()
        bold = QFont(self.view.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        padding = 24
        for column, kind in enumerate(self.model.columns):
            if kind == NAME:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            # The sort arrow sits beside the title.
            widest = max(
                metrics.horizontalAdvance(title) + 16,
                bold_metrics.horizontalAdvance(_COLUMN_SAMPLES[kind]),
            )
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, widest + padding)

    # --- starting, posting, discarding ------------------------------------------------------
    def _default_kind(self) -> CountKind:
        """Opening until an opening count is posted, then closing."""
        opened = any(
            info.kind == CountKind.OPENING and info.status == CountStatus.POSTED
            for info in self._sessions.values()
        )
        return CountKind.CLOSING if opened else CountKind.OPENING

    def start_count(self) -> None:
        if self.current_event is None:
            self.show_status(
                self.tr("Pilih acara dulu (Kasir → Pengaturan), baru barangnya bisa dihitung."),
                WARNING,
            )
            return
        choice = choose_new_count(self, self.current_event, self.actor_name, self._default_kind())
        self.focus_scan()
        if choice is None:
            return
        try:
            info = counts.start_count(
                self.till.db,
                self.actor,
                self.current_event.id,
                choice.kind,
                blind=choice.blind,
                institution_id=choice.institution_id,
            )
        except CountError as error:
            if error.reason == "scope_busy" and error.session_id is not None:
                self.reload(select=error.session_id)  # show the count to carry on with
            self.show_error(error)
            return
        except PosError as error:
            self.show_error(error)
            return
        self.reload(select=info.id)
        hint = (
            self.tr("Jumlah seharusnya disembunyikan sampai diposting.")
            if info.blind
            else self.tr("Scan tiap barang, atau ketik jumlahnya di kolom Dihitung.")
        )
        self.show_status(
            self.tr("Penghitungan #{id} dimulai: {n} produk. {hint}").format(
                id=info.id, n=format_number(info.products), hint=hint
            )
        )

    def post(self) -> PostedCount | None:
        session = self.model.session
        if session is None or not self.model.is_open:
            self.show_status(self.tr("Tidak ada penghitungan terbuka untuk diposting."), WARNING)
            return None
        choice = choose_posting(self, session, self.model.lines, self.actor_name)
        self.focus_scan()
        if choice is None:
            self.show_status(self.tr("Belum diposting: penghitungan tetap terbuka."))
            return None
        try:
            posted = counts.post_count(
                self.till.db, self.actor, session.id, uncounted_as_zero=choice.uncounted_as_zero
            )
        except PosError as error:
            self.reload(select=session.id)  # e.g. posted meanwhile at another till
            self.show_error(error)
            return None
        self.last_posted = posted
        self.reload(select=session.id)
        text = self.tr(
            "Penghitungan #{id} diposting: {adjustments} penyesuaian ditulis, "
            "selisih {units} barang ({value})."
        ).format(
            id=session.id,
            adjustments=format_number(posted.adjustments),
            units=format_signed_number(posted.variance_units),
            value=format_signed_rupiah(posted.variance_value),
        )
        if posted.uncounted:
            text += " " + self.tr("Belum dihitung: {n}.").format(
                n=format_number(len(posted.uncounted))
            )
        self.show_status(text, WARNING if posted.variance_value < 0 else INFO)
        self.countPosted.emit(posted)
        return posted

    def discard(self) -> None:
        session = self.model.session
        if session is None or not self.model.is_open:
            self.show_status(self.tr("Tidak ada penghitungan terbuka untuk dibatalkan."), WARNING)
            return
        question = self.tr(
            "Batalkan penghitungan #{id}? {progress}; semua hitungannya dibuang. "
            "Buku stok tidak berubah. Ini tidak bisa dikembalikan."
        ).format(
            id=session.id,
            progress=self._progress_text(self.model.counted_lines, self.model.rowCount()),
        )
        confirmed = ask.confirm(self, self.tr("Batalkan penghitungan"), question)
        self.focus_scan()
        if not confirmed:
            return
        try:
            counts.discard_count(self.till.db, self.actor, session.id)
        except PosError as error:
            self.reload(select=session.id)
            self.show_error(error)
            return
        self.reload(select=session.id)
        self.show_status(
            self.tr("Penghitungan #{id} dibatalkan; buku stok tidak berubah.").format(
                id=session.id
            ),
            WARNING,
        )

    # --- counting ---------------------------------------------------------------------------
    def submit_scan(self) -> None:
        """Enter in the scan field: ``CODE`` adds 1, ``12*CODE`` adds 12, ``12*`` alone sets
        the quantity of the next scan. On any error the text stays for correction."""
        text = self.scan_edit.text()
        if not text.strip():
            return
        session = self.model.session
        if session is None or not self.model.is_open:
            self.show_status(
                self.tr("Belum ada penghitungan terbuka: tekan «Mulai penghitungan…» dulu."),
                WARNING,
            )
            self.scan_edit.selectAll()
            return
        try:
            scan = parse_scan(text)
        except PosError as error:
            self.show_error(error)
            self.scan_edit.selectAll()
            return
        if scan.quantity is not None and not scan.code:
            self.pending_quantity = scan.quantity
            self.scan_edit.clear()
            self._show_pending()
            return
        quantity = scan.quantity or self.pending_quantity or 1
        try:
            line = counts.count_scan(self.till.db, self.actor, session.id, scan.code, quantity)
        except PosError as error:
            self.show_error(error)
            # The wrong code stays, selected: the next scan replaces it, or it is corrected.
            self.scan_edit.selectAll()
            if isinstance(error, CountError) and error.reason == "not_open":
                self.reload(select=session.id)
            return
        row = self.model.update_line(line)
        self.scan_edit.clear()
        self.pending_quantity = None
        self._show_pending()
        visible = self._select_source_row(row)
        self._refresh_current_session_item()
        self.show_status(self._counted_text(line, added=quantity, visible=visible))

    def _counted_text(self, line: CountSheetLine, *, added: int | None, visible: bool) -> str:
        if line.counted is None:
            text = self.tr("{name}: dikosongkan, belum dihitung").format(name=line.name)
        else:
            text = f"{line.name}: {format_number(line.counted)}"
            if added is not None and added != 1:
                text += f" (+{format_number(added)})"
            if line.expected is not None:  # None while a blind count is open
                text += " — " + self.tr("seharusnya {expected}").format(
                    expected=format_number(line.expected)
                )
        if not visible:
            text += " " + self.tr("(barisnya tersembunyi oleh saringan)")
        return text

    def _line_typed(self, line: CountSheetLine) -> None:
        row = self.model.row_of(line.product_id)
        visible = row is not None and self._select_source_row(row)
        self._refresh_current_session_item()
        self.show_status(self._counted_text(line, added=None, visible=visible))

    def _select_source_row(self, source_row: int) -> bool:
        """Select and scroll to a sheet row; False if the filters hide it."""
        proxy_row = self.proxy.proxy_row(source_row)
        if proxy_row is None:
            self.view.clearSelection()
            return False
        self.view.selectRow(proxy_row)
        self.view.scrollTo(self.proxy.index(proxy_row, 0))
        return True

    def selected_row(self) -> int | None:
        """The selected row of the view (proxy row), if any."""
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_line(self) -> CountSheetLine | None:
        row = self.selected_row()
        return self.proxy.line(row) if row is not None else None

    def move_selection(self, step: int) -> None:
        count = self.proxy.rowCount()
        if not count:
            return
        current = self.selected_row()
        row = current + step if current is not None else (0 if step > 0 else count - 1)
        row = max(0, min(count - 1, row))
        self.view.selectRow(row)
        self.view.scrollTo(self.proxy.index(row, 0))

    def type_count_for_selected(self) -> None:
        """F4: type the counted quantity of the selected row (empty = not counted)."""
        if not self.model.is_open:
            self.show_status(self.tr("Tidak ada penghitungan terbuka."), WARNING)
            return
        row = self.selected_row()
        if row is None:
            self.show_status(self.tr("Pilih baris dulu (↑ ↓ atau klik)."), WARNING)
            return
        line = self.proxy.line(row)
        answer = ask.ask_text(
            self,
            self.tr("Jumlah dihitung"),
            self.tr("{name} ({sku}) — jumlah dihitung (kosong = belum dihitung):").format(
                name=line.name, sku=line.sku
            ),
            "" if line.counted is None else str(line.counted),
        )
        self.focus_scan()
        if answer is None:
            return
        column = self.model.column(COUNTED)
        self.proxy.setData(self.proxy.index(row, column), answer)

    def _show_pending(self) -> None:
        if self.pending_quantity is None:
            self.pending_label.setText("")
        else:
            self.pending_label.setText(
                self.tr("Scan berikutnya dihitung {qty}").format(
                    qty=format_number(self.pending_quantity)
                )
            )

    def clear_scan(self) -> None:
        self.scan_edit.clear()
        self.pending_quantity = None
        self._show_pending()

    # --- keyboard ---------------------------------------------------------------------------
    def handle_scan_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit_scan()
            return True
        if key == Qt.Key.Key_Down:
            self.move_selection(1)
            return True
        if key == Qt.Key.Key_Up:
            self.move_selection(-1)
            return True
        if key == Qt.Key.Key_PageDown:
            self.move_selection(10)
            return True
        if key == Qt.Key.Key_PageUp:
            self.move_selection(-10)
            return True
        if key == Qt.Key.Key_F4:
            self.type_count_for_selected()
            return True
        if key == Qt.Key.Key_Escape:
            self.clear_scan()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.scan_edit and self.handle_scan_key(event):
                return True
            # In the text filter, Enter or Esc goes back to scanning (Esc also clears it).
            if watched is self.text_filter and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
                Qt.Key.Key_Escape,
            ):
                if event.key() == Qt.Key.Key_Escape:
                    self.text_filter.clear()
                elif _looks_scanned(self.text_filter.text()):
                    # A barcode scanned while the filter had the focus is a scan, not a
                    # filter: count it rather than silently narrow the list to it.
                    self.scan_edit.setText(self.text_filter.text().strip())
                    self.text_filter.clear()
                    self.submit_scan()
                self.focus_scan()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys the focused child did not take (filters, combos): F2 and F4 work everywhere.
        if event.key() == Qt.Key.Key_F2:
            self.focus_scan()
            return
        if event.key() == Qt.Key.Key_F4:
            self.type_count_for_selected()
            return
        super().keyPressEvent(event)

    def focus_scan(self) -> None:
        self.scan_edit.setFocus()

    def proxy_index(self, proxy_row: int, kind: int) -> QModelIndex:
        return self.proxy.index(proxy_row, self.model.column(kind))
