"""The stock ledger screen (*mutasi stok*): every movement of the current event, newest first,
and the three things staff record by hand — goods arriving (a delivery note of several lines),
damaged or lost goods (with the reason) and the reversal of a wrong entry.

Nothing is ever edited or deleted: a mistake is undone by a reversing movement, and both stay
listed. Each dialog calls its one service itself, so a refusal is shown inside the dialog and
what was typed stays there. Dialogs are opened through :func:`run_dialog`, which tests replace.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.events import get_event
from bazaar_pos.catalog.lookup import ProductInfo, find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import MovementKind
from bazaar_pos.errors import PosError, UnknownCode
from bazaar_pos.money import format_number
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.stock.ledger import (
    MAX_MOVEMENT_QUANTITY,
    REVERSIBLE_KINDS,
    InvalidStockChange,
    MovementInfo,
    list_movements,
    record_arrivals,
    record_damage,
    reverse_movement,
)
from bazaar_pos.till.cart import parse_scan
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.offered import offered
from bazaar_pos.ui.stock.ledger_model import (
    ARR_INSTITUTION,
    ARR_PRODUCT,
    ARR_QUANTITY,
    ARR_SKU,
    ARR_UNIT,
    COL_ID,
    COL_INSTITUTION,
    COL_KIND,
    COL_NOTE,
    COL_PRODUCT,
    COL_QUANTITY,
    COL_RECORDED_BY,
    COL_REVERSAL,
    COL_SKU,
    COL_TIME,
    KIND_ORDER,
    ArrivalLinesModel,
    LedgerFilterProxy,
    LedgerModel,
    kind_label,
)
from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    WARNING,
    fit_columns,
    setup_table,
    show_status_line,
)
from bazaar_pos.ui.till.search_model import COL_INSTITUTION as RESULT_INSTITUTION
from bazaar_pos.ui.till.search_model import COL_NAME as RESULT_NAME
from bazaar_pos.ui.till.search_model import COL_PRICE as RESULT_PRICE
from bazaar_pos.ui.till.search_model import COL_SKU as RESULT_SKU
from bazaar_pos.ui.till.search_model import COL_STOCK as RESULT_STOCK
from bazaar_pos.ui.till.search_model import ProductSearchModel
from bazaar_pos.ui.till.search_runner import BackgroundSearch

# The newest movements shown; a bazaar writes one per sold line, the rest is in the CSV/report.
LEDGER_LIMIT = 2000
# A scanner types digits; letters mean someone is searching by name.
_NAME_SEARCH_RE = re.compile(r"[^\d\s*]")


def run_dialog(dialog: QDialog) -> bool:
    """Show a dialog modally; True if it was accepted. Tests replace this function."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def _message_label() -> QLabel:
    label = QLabel()
    label.setObjectName("dialogMessage")
    label.setWordWrap(True)
    label.setMinimumHeight(32)
    return label


class ProductPicker(QWidget):
    """A scan/SKU field that also searches by name: Enter takes the scanned code, or the
    chosen search result (↑ ↓). ``12*`` before a code gives the quantity, like at the till."""

    picked = Signal(object, object)  # ProductInfo, quantity typed as "12*" (int) or None
    quantityTyped = Signal(int)  # "12*" alone: the quantity for the next product
    problem = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("productCode")
        self.code_edit.setPlaceholderText(
            self.tr("Scan barcode / ketik SKU lalu Enter — atau ketik nama untuk mencari")
        )
        self.code_edit.installEventFilter(self)
        self.code_edit.textEdited.connect(self._text_edited)
        self.results_model = ProductSearchModel(self)
        self.results_view = QTableView()
        self.results_view.setObjectName("productResults")
        self.results_view.setModel(self.results_model)
        setup_table(self.results_view)
        self.results_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        fit_columns(
            self.results_view,
            {
                RESULT_SKU: "BLA-KYU-000",
                RESULT_INSTITUTION: "BPN",
                RESULT_PRICE: "Rp 1.000.000",
                RESULT_STOCK: "99.999",
            },
            RESULT_NAME,
        )
        self.results_view.setMaximumHeight(150)
        self.results_view.hide()
        self.results_view.doubleClicked.connect(self._result_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.code_edit)
        layout.addWidget(self.results_view)
        # Searches run off the GUI thread: a scan's Enter never waits for one.
        self._searcher = BackgroundSearch(db, self)
        self._searcher.found.connect(self._show_results)
        self._searcher.failed.connect(self._search_failed)
        # Enter pressed on a name before its results came: (quantity, why no code matched).
        self._enter_waits: tuple[int | None, UnknownCode] | None = None

    def _text_edited(self, text: str) -> None:
        self._enter_waits = None  # the Enter pressed before was for other text
        term = self._term()
        if _NAME_SEARCH_RE.search(term) and len(term) >= 2:
            self.search(term)
        else:
            self._hide_results()

    def _term(self) -> str:
        return self.code_edit.text().split("*", 1)[-1].strip()

    def search(self, term: str) -> None:
        """Search for ``term`` in the background; the results are shown when they come."""
        self._searcher.search(term)

    def _show_results(self, term: str, results: list[ProductInfo]) -> None:
        if term != self._term():
            return  # the field changed since (a scan, Esc): these results are for nothing
        self.results_model.set_products(results)
        self.results_view.setVisible(bool(results))
        if results:
            self.results_view.selectRow(0)
        waiting, self._enter_waits = self._enter_waits, None
        if waiting is not None:
            quantity, unknown = waiting
            self._take_only(results, quantity, unknown)

    def _search_failed(self, term: str, error: Exception) -> None:
        self._enter_waits = None
        if term == self._term():
            self.problem.emit(describe_error(error))

    def _take_only(
        self, results: list[ProductInfo], quantity: int | None, unknown: UnknownCode
    ) -> None:
        """Enter without a chosen result: the only match is taken; several are offered."""
        if len(results) == 1:
            self._pick(results[0], quantity)
        elif results:
            self.problem.emit(self.tr("Beberapa produk cocok: pilih dengan ↑ ↓ lalu Enter."))
        else:
            self.problem.emit(describe_error(unknown))
            self.code_edit.selectAll()

    def _hide_results(self) -> None:
        self._searcher.cancel()  # a late answer must not show the list again
        self._enter_waits = None
        self.results_view.hide()
        self.results_model.set_products([])

    def _selected_result(self) -> ProductInfo | None:
        if not self.results_view.isVisible():
            return None
        rows = self.results_view.selectionModel().selectedRows()
        return self.results_model.product(rows[0].row()) if rows else None

    def move_selection(self, step: int) -> None:
        count = self.results_model.rowCount()
        if not self.results_view.isVisible() or not count:
            return
        rows = self.results_view.selectionModel().selectedRows()
        row = rows[0].row() + step if rows else 0
        self.results_view.selectRow(max(0, min(count - 1, row)))

    def _result_activated(self, index: QModelIndex) -> None:
        self._pick(self.results_model.product(index.row()), self._typed_quantity())

    def _typed_quantity(self) -> int | None:
        try:
            return parse_scan(self.code_edit.text()).quantity
        except PosError:
            return None

    def _pick(self, product: ProductInfo, quantity: int | None) -> ProductInfo:
        self.code_edit.clear()
        self._hide_results()
        self.picked.emit(product, quantity)
        return product

    def submit(self) -> ProductInfo | None:
        """Enter: the product of the scanned code, else the chosen (or only) search result."""
        text = self.code_edit.text().strip()
        if not text:
            return None
        try:
            scan = parse_scan(text)
        except PosError as error:
            self.problem.emit(describe_error(error))
            return None
        if scan.quantity is not None and not scan.code:
            self.code_edit.clear()
            self.quantityTyped.emit(scan.quantity)
            return None
        try:
            return self._pick(find_by_code(self.db, scan.code), scan.quantity)
        except UnknownCode as unknown:
            chosen = self._selected_result()
            if chosen is None or self._searcher.pending():
                # The results for this text decide, when they come (never waited for here).
                self._enter_waits = (scan.quantity, unknown)
                if not self._searcher.pending() or scan.code != self._term():
                    self._searcher.search(scan.code)
                return None
            return self._pick(chosen, scan.quantity)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.code_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.submit()
                return True  # never the dialog's button: Enter here means "this product"
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.move_selection(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key == Qt.Key.Key_Escape and self.results_view.isVisible():
                self._hide_results()
                return True
        return super().eventFilter(watched, event)


def _untracked_message(product: ProductInfo) -> str:
    return describe_error(
        InvalidStockChange("untracked", product_id=product.id, detail=product.name)
    )


def _plain_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)  # Enter in a field must never press a button by itself
    button.setDefault(False)
    return button


class ArrivalDialog(QDialog):
    """Goods arriving, entered like a delivery note: several products and quantities, one
    note, booked with one ``record_arrivals`` call (all or nothing)."""

    def __init__(
        self,
        till: Till,
        settings: TillSettings,
        event_id: int | None,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.event_id = event_id
        self.actor = actor
        self.recorded: int | None = None
        self.setWindowTitle(self.tr("Barang datang"))
        self.resize(760, 520)

        self.picker = ProductPicker(till.db, self)
        self.picker.picked.connect(self._picked)
        self.picker.quantityTyped.connect(self._quantity_typed)
        self.picker.problem.connect(lambda text: self.show_message(text, WARNING))
        self.quantity_spin = QSpinBox()
        self.quantity_spin.setObjectName("arrivalQuantity")
        self.quantity_spin.setRange(1, MAX_MOVEMENT_QUANTITY)
        self.quantity_spin.setGroupSeparatorShown(True)
        self.quantity_spin.setMinimumWidth(90)
        self.add_button = _plain_button(self.tr("Tambah"))
        self.add_button.clicked.connect(self.picker.submit)

        self.lines_model = ArrivalLinesModel(self)
        self.lines_model.linesChanged.connect(self._lines_changed)
        self.lines_model.editRejected.connect(
            lambda error: self.show_message(describe_error(error), ERROR)
        )
        self.lines_view = QTableView()
        self.lines_view.setObjectName("arrivalLines")
        self.lines_view.setModel(self.lines_model)
        setup_table(self.lines_view)
        self.lines_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        fit_columns(
            self.lines_view,
            {
                ARR_SKU: "BLA-KYU-000",
                ARR_INSTITUTION: "BPN",
                ARR_QUANTITY: "99.999",
                ARR_UNIT: "bungkus",
            },
            ARR_PRODUCT,
        )
        self.remove_button = _plain_button(self.tr("Hapus baris"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.summary_label = QLabel()
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("arrivalNote")
        self.note_edit.setPlaceholderText(self.tr("mis. surat jalan 014/BLA/IV/2026"))
        self.message_label = _message_label()
        self.save_button = _plain_button(self.tr("Simpan barang datang"))
        self.save_button.clicked.connect(self.submit)
        self.cancel_button = _plain_button(self.tr("Batal"))
        self.cancel_button.clicked.connect(self.reject)

        entry = QHBoxLayout()
        entry.addWidget(self.picker, 1)
        entry.addWidget(QLabel(self.tr("Jumlah:")), 0, Qt.AlignmentFlag.AlignTop)
        entry.addWidget(self.quantity_spin, 0, Qt.AlignmentFlag.AlignTop)
        entry.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        below = QHBoxLayout()
        below.addWidget(self.summary_label, 1)
        below.addWidget(self.remove_button)
        form = QFormLayout()
        form.addRow(self.tr("Catatan / no. surat jalan:"), self.note_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Scan atau cari setiap produk di surat jalan, dengan jumlahnya."))
        )
        layout.addLayout(entry)
        layout.addWidget(self.lines_view, 1)
        layout.addLayout(below)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self._lines_changed()
        self.picker.code_edit.setFocus()

    def show_message(self, text: str, level: str = INFO) -> None:
        show_status_line(self.message_label, text, level)

    def add_code(self, text: str, quantity: int | None = None) -> bool:
        """Type ``text`` (barcode, SKU, ``12*CODE`` or a name) and press Enter; True if
        units were added to the delivery at once (a name's search answers later)."""
        if quantity is not None:
            self.quantity_spin.setValue(quantity)
        units = self.lines_model.units
        self.picker.code_edit.setText(text)
        self.picker.submit()
        return self.lines_model.units > units

    def _quantity_typed(self, quantity: int) -> None:
        self.quantity_spin.setValue(min(quantity, MAX_MOVEMENT_QUANTITY))
        self.show_message(
            self.tr("Jumlah {qty} untuk produk berikutnya.").format(qty=format_number(quantity))
        )

    def _picked(self, product: ProductInfo, quantity: int | None) -> None:
        self.add_product(product, quantity or self.quantity_spin.value())

    def add_product(self, product: ProductInfo, quantity: int) -> bool:
        if not product.track_stock:
            self.show_message(_untracked_message(product), ERROR)
            return False
        try:
            row = self.lines_model.add(product, quantity)
        except PosError as error:
            self.show_message(describe_error(error), ERROR)
            return False
        self.lines_view.selectRow(row)
        self.quantity_spin.setValue(1)
        self.show_message(
            self.tr("{qty} × {name} ditambahkan.").format(
                qty=format_number(quantity), name=product.name
            )
        )
        return True

    def remove_selected(self) -> None:
        rows = self.lines_view.selectionModel().selectedRows()
        if not rows:
            self.show_message(self.tr("Pilih baris yang akan dihapus."), WARNING)
            return
        line = self.lines_model.remove_row(rows[0].row())
        self.show_message(self.tr("Baris {name} dihapus.").format(name=line.product.name))

    def _lines_changed(self) -> None:
        model = self.lines_model
        self.summary_label.setText(
            self.tr("{lines} produk, {units} barang").format(
                lines=format_number(model.rowCount()), units=format_number(model.units)
            )
        )
        self.save_button.setEnabled(model.rowCount() > 0)

    def submit(self) -> int | None:
        """Book the whole delivery; on a refusal the message shows and every line stays."""
        quantities = self.lines_model.quantities()
        if not quantities:
            self.show_message(self.tr("Belum ada barang: scan atau cari produk dulu."), WARNING)
            return None
        try:
            recorded = record_arrivals(
                self.till.db, self.actor, self.event_id, quantities, note=self.note_edit.text()
            )
        except PosError as error:
            self.show_message(describe_error(error), ERROR)
            return None
        self.recorded = recorded
        self.accept()
        return recorded


class DamageDialog(QDialog):
    """One product damaged or lost: quantity and the reason (required by the ledger)."""

    def __init__(
        self,
        till: Till,
        settings: TillSettings,
        event_id: int | None,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.event_id = event_id
        self.actor = actor
        self.product: ProductInfo | None = None
        self._chosen = False  # the last Enter chose a product
        self.movement: MovementInfo | None = None
        self.setWindowTitle(self.tr("Barang rusak / hilang"))
        self.resize(640, 300)

        self.picker = ProductPicker(till.db, self)
        self.picker.picked.connect(self._picked)
        self.picker.quantityTyped.connect(self.quantity_spin_set)
        self.picker.problem.connect(lambda text: self.show_message(text, WARNING))
        self.product_label = QLabel()
        self.product_label.setObjectName("damageProduct")
        self.product_label.setWordWrap(True)
        bold = QFont(self.product_label.font())
        bold.setBold(True)
        self.product_label.setFont(bold)
        self.quantity_spin = QSpinBox()
        self.quantity_spin.setObjectName("damageQuantity")
        self.quantity_spin.setRange(1, MAX_MOVEMENT_QUANTITY)
        self.quantity_spin.setGroupSeparatorShown(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("damageReason")
        self.reason_edit.setPlaceholderText(self.tr("wajib, mis. pecah saat diangkut"))
        self.message_label = _message_label()
        self.save_button = _plain_button(self.tr("Catat rusak/hilang"))
        self.save_button.clicked.connect(self.submit)
        self.cancel_button = _plain_button(self.tr("Batal"))
        self.cancel_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Produk:"), self.picker)
        form.addRow("", self.product_label)
        form.addRow(self.tr("Jumlah:"), self.quantity_spin)
        form.addRow(self.tr("Alasan:"), self.reason_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self._show_product()
        self.picker.code_edit.setFocus()

    def show_message(self, text: str, level: str = INFO) -> None:
        show_status_line(self.message_label, text, level)

    def quantity_spin_set(self, quantity: int) -> None:
        self.quantity_spin.setValue(min(quantity, MAX_MOVEMENT_QUANTITY))

    def choose_code(self, text: str) -> bool:
        """Type ``text`` into the product field and press Enter; True if it was chosen."""
        self._chosen = False
        self.picker.code_edit.setText(text)
        self.picker.submit()
        return self._chosen

    def _picked(self, product: ProductInfo, quantity: int | None) -> None:
        if not product.track_stock:
            self.show_message(_untracked_message(product), ERROR)
            return
        self.product = product
        self._chosen = True
        if quantity is not None:
            self.quantity_spin_set(quantity)
        self._show_product()
        self.show_message("")
        self.reason_edit.setFocus()

    def _show_product(self) -> None:
        product = self.product
        if product is None:
            self.product_label.setText(self.tr("Belum ada produk dipilih."))
            return
        self.product_label.setText(
            self.tr("{name} ({sku}, {institution}) — stok tercatat {on_hand} {unit}").format(
                name=product.name,
                sku=product.sku,
                institution=product.institution_code,
                on_hand=format_number(product.on_hand or 0),
                unit=product.unit,
            )
        )

    def submit(self) -> MovementInfo | None:
        if self.product is None:
            self.show_message(self.tr("Pilih produk dulu: scan atau cari namanya."), WARNING)
            return None
        try:
            movement = record_damage(
                self.till.db,
                self.actor,
                self.event_id,
                self.product.id,
                self.quantity_spin.value(),
                reason=self.reason_edit.text(),
            )
        except PosError as error:
            self.show_message(describe_error(error), ERROR)
            self.reason_edit.setFocus()
            return None
        self.movement = movement
        self.accept()
        return movement


class LedgerScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    movementsChanged = Signal()  # something was recorded here

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.model = LedgerModel(self)
        self.proxy = LedgerFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.title_label = QLabel(self.tr("Mutasi stok"))
        self.title_label.setObjectName("ledgerTitle")
        title_font = QFont(self.title_label.font())
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("ledgerSearch")
        self.search_edit.setPlaceholderText(self.tr("Cari produk (nama / SKU)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._text_changed)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindFilter")
        self.kind_combo.addItem(self.tr("Semua jenis"), None)
        for kind in KIND_ORDER:
            self.kind_combo.addItem(kind_label(kind.value), kind.value)
        self.kind_combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.reload_button = QPushButton(self.tr("Muat ulang (F5)"))
        self.reload_button.clicked.connect(self.reload)
        self.shown_label = QLabel()

        self.table_view = QTableView()
        self.table_view.setObjectName("ledgerTable")
        self.table_view.setModel(self.proxy)
        setup_table(self.table_view)
        self.table_view.setSortingEnabled(True)
        self.table_view.sortByColumn(COL_ID, Qt.SortOrder.DescendingOrder)
        fit_columns(
            self.table_view,
            {
                COL_ID: "99.999",
                COL_TIME: "30-12-2026 23:59:59",
                COL_KIND: kind_label(MovementKind.COUNT_ADJUSTMENT.value),
                COL_INSTITUTION: "BPN",
                COL_SKU: "BLA-KYU-000",
                COL_QUANTITY: "+1.600",
                COL_NOTE: "Pecah saat diangkut, retak",
                COL_RECORDED_BY: "Budi Santoso",
                COL_REVERSAL: self.tr("dibatalkan oleh #99.999"),
            },
            COL_PRODUCT,
        )
        self.table_view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.arrival_button = QPushButton(self.tr("Barang datang…"))
        self.arrival_button.clicked.connect(self.open_arrivals)
        self.damage_button = QPushButton(self.tr("Rusak/hilang…"))
        self.damage_button.clicked.connect(self.open_damage)
        self.reverse_button = QPushButton(self.tr("Batalkan mutasi…"))
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(QLabel(self.tr("Jenis:")))
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.shown_label)
        filters.addWidget(self.reload_button)
        actions = QHBoxLayout()
        actions.addWidget(self.arrival_button)
        actions.addWidget(self.damage_button)
        actions.addWidget(self.reverse_button)
        actions.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(filters)
        layout.addWidget(self.table_view, 1)
        layout.addLayout(actions)

        self.reload_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.reload_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload_shortcut.activated.connect(self.reload)
        self._selection_changed()

    # --- screen contract ----------------------------------------------------------------
    def activate(self) -> None:
        self.reload()

    def set_settings(self, settings: TillSettings) -> None:
        changed_event = settings.current_event_id != self.settings.current_event_id
        self.settings = settings
        if changed_event and self.isVisible():
            self.reload()

    def set_actor(self, actor: Actor | None) -> None:
        """A new user at the till: the ledger is theirs to see only if the table says so."""
        self.actor = actor
        self.model.set_movements([])
        if self.isVisible():
            self.reload()
        else:
            self._enable_actions()

    def _enable_actions(self) -> None:
        has_event = self.settings.current_event_id is not None
        self.arrival_button.setEnabled(has_event and offered(self.actor, Action.RECORD_ARRIVALS))
        self.damage_button.setEnabled(has_event and offered(self.actor, Action.RECORD_DAMAGE))
        self._selection_changed()

    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe_error(error), ERROR)

    # --- loading --------------------------------------------------------------------------
    def reload(self) -> list[MovementInfo]:
        event_id = self.settings.current_event_id
        self._enable_actions()
        if event_id is None:
            self.model.set_movements([])
            self.title_label.setText(self.tr("Mutasi stok"))
            self._update_shown(0)
            self._selection_changed()
            self.show_status(
                self.tr("Belum ada acara dipilih: pilih acara di Kasir → Pengaturan."), WARNING
            )
            return []
        event = get_event(self.till.db, event_id)
        self.title_label.setText(
            self.tr("Mutasi stok — {event}").format(event=event.name if event else "?")
        )
        kind = self.kind_combo.currentData()
        try:
            movements = list_movements(
                self.till.db,
                self.actor,
                event_id=event_id,
                kinds=[MovementKind(kind)] if kind else None,
                limit=LEDGER_LIMIT,
            )
        except PosError as error:  # not theirs to see: the sentence, an empty table
            movements = []
            self.show_error(error)
        self.model.set_movements(movements)
        self._update_shown(len(movements))
        self._selection_changed()
        return movements

    def _update_shown(self, loaded: int) -> None:
        text = self.tr("{shown} mutasi").format(shown=format_number(self.proxy.rowCount()))
        if loaded >= LEDGER_LIMIT:
            text = self.tr("{shown} dari {limit} mutasi terbaru").format(
                shown=format_number(self.proxy.rowCount()), limit=format_number(LEDGER_LIMIT)
            )
        self.shown_label.setText(text)

    def _text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_shown(self.model.rowCount())
        self._selection_changed()

    def set_kind_filter(self, kind: MovementKind | None) -> None:
        index = self.kind_combo.findData(kind.value if kind else None)
        self.kind_combo.setCurrentIndex(max(index, 0))

    # --- selection and reversal -------------------------------------------------------------
    def selected_movement(self) -> MovementInfo | None:
        rows = self.table_view.selectionModel().selectedRows()
        return self.proxy.movement(rows[0].row()) if rows else None

    def select_movement(self, movement_id: int) -> bool:
        row = self.model.row_of(movement_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table_view.selectRow(index.row())
        self.table_view.scrollTo(index)
        return True

    def why_not_reversible(self, movement: MovementInfo | None) -> str | None:
        """Why the selected movement cannot be reversed here, or None if it can. The service
        decides (and refuses again); this only explains the greyed-out button."""
        if movement is None:
            return self.tr("Pilih dulu mutasi yang akan dibatalkan.")
        if movement.reversed_by_id is not None:
            return self.tr("Sudah dibatalkan oleh #{id}.").format(id=movement.reversed_by_id)
        if movement.reverses_id is not None:
            return self.tr("Ini pembatalan mutasi #{id}; catat ulang mutasinya bila perlu.").format(
                id=movement.reverses_id
            )
        if movement.kind == MovementKind.SALE.value:
            return self.tr("Penjualan dibatalkan lewat refund, tidak di sini.")
        if movement.kind == MovementKind.COUNT_ADJUSTMENT.value:
            return self.tr("Hasil hitung dikoreksi dengan penghitungan baru, tidak di sini.")
        if movement.kind not in REVERSIBLE_KINDS:
            return self.tr("Mutasi jenis ini tidak bisa dibatalkan di sini.")
        return None

    def _selection_changed(self, *_args: object) -> None:
        reason = self.why_not_reversible(self.selected_movement())
        self.reverse_button.setEnabled(
            reason is None and offered(self.actor, Action.REVERSE_MOVEMENT)
        )
        self.reverse_button.setToolTip(
            reason or self.tr("Catat mutasi kebalikannya; yang asli tetap tercatat.")
        )

    def reverse_selected(self) -> MovementInfo | None:
        movement = self.selected_movement()
        reason_not = self.why_not_reversible(movement)
        if movement is None or reason_not is not None:
            self.show_status(reason_not or "", WARNING)
            return None
        reason = ask.ask_text(
            self,
            self.tr("Batalkan mutasi"),
            self.tr("Batalkan #{id} ({kind} {qty} {name})?\nAlasan pembatalan:").format(
                id=movement.id,
                kind=kind_label(movement.kind),
                qty=format_number(movement.quantity),
                name=movement.product_name,
            ),
        )
        if reason is None:
            return None
        try:
            reversal = reverse_movement(self.till.db, self.actor, movement.id, reason=reason)
        except PosError as error:
            self.show_error(error)
            return None
        self.reload()
        self.select_movement(reversal.id)
        self.movementsChanged.emit()
        self.show_status(
            self.tr("Mutasi #{id} dibatalkan oleh #{reversal} ({qty} {name}).").format(
                id=movement.id,
                reversal=reversal.id,
                qty=format_number(reversal.quantity),
                name=reversal.product_name,
            )
        )
        return reversal

    # --- recording ---------------------------------------------------------------------------
    def arrival_dialog(self) -> ArrivalDialog:
        return ArrivalDialog(
            self.till, self.settings, self.settings.current_event_id, self, actor=self.actor
        )

    def damage_dialog(self) -> DamageDialog:
        return DamageDialog(
            self.till, self.settings, self.settings.current_event_id, self, actor=self.actor
        )

    def open_arrivals(self) -> int | None:
        """The "Barang datang…" button: the delivery-note dialog, then the ledger reloads."""
        if self.settings.current_event_id is None:
            self.show_status(self.tr("Pilih acara dulu (Kasir → Pengaturan)."), WARNING)
            return None
        dialog = self.arrival_dialog()
        try:
            if not run_dialog(dialog) or dialog.recorded is None:
                return None
            units = dialog.lines_model.units
            recorded = dialog.recorded
        finally:
            dialog.deleteLater()
        self.reload()
        self.movementsChanged.emit()
        self.show_status(
            self.tr("Barang datang dicatat: {lines} produk, {units} barang.").format(
                lines=format_number(recorded), units=format_number(units)
            )
        )
        return recorded

    def open_damage(self) -> MovementInfo | None:
        """The "Rusak/hilang…" button: one product, its quantity and the reason."""
        if self.settings.current_event_id is None:
            self.show_status(self.tr("Pilih acara dulu (Kasir → Pengaturan)."), WARNING)
            return None
        dialog = self.damage_dialog()
        try:
            if not run_dialog(dialog) or dialog.movement is None:
                return None
            movement = dialog.movement
        finally:
            dialog.deleteLater()
        self.reload()
        self.select_movement(movement.id)
        self.movementsChanged.emit()
        self.show_status(
            self.tr("Rusak/hilang dicatat: {qty} × {name} ({reason}).").format(
                qty=format_number(-movement.quantity),
                name=movement.product_name,
                reason=movement.note,
            )
        )
        return movement
