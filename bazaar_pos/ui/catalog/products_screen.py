"""The products screen ("Produk"): the catalog as a table, filters, and what can be done to it.

Filtering is the service's: :func:`~bazaar_pos.catalog.products.list_products` with the text,
institution, category and "show archived"; the text is sent ~150 ms after the last key, as on
the sale screen. With a big catalog (100,000 products) only the first page is read at once;
the model reads the rest when it is needed (see ``product_model.py``). The text filter is
answered from an in-memory index of the catalog (:class:`~bazaar_pos.catalog.search.ListingIndex`)
once a worker has built it, after the list is first shown and again after the catalog changed
(here, on another till, by an import); until then the service filters in SQL.

Every action is one service call per product and updates the rows it touched from what the
service returned, without reading the whole list again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.csv_file import ImportResult, export_catalog_csv
from bazaar_pos.catalog.institutions import list_institutions
from bazaar_pos.catalog.products import (
    ProductHasHistory,
    ProductRecord,
    archive_product,
    assign_internal_barcodes,
    delete_product,
    list_categories,
    list_products,
    restore_product,
)
from bazaar_pos.catalog.search import prepare_listing
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_number
from bazaar_pos.people.access import Action, Actor, may
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.catalog.product_dialog import ProductDialog
from bazaar_pos.ui.catalog.product_model import (
    COL_BARCODE,
    COL_CATEGORY,
    COL_INSTITUTION,
    COL_NAME,
    COL_PRICE,
    COL_SKU,
    COL_STATUS,
    COL_STOCK,
    COL_UNIT,
    COL_WORKSHOP,
    ProductTableModel,
    ProductViewProxy,
)
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.operations import Busy, Op, Progress, Running, run
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.table_view import ERROR, INFO, WARNING, screen_action, show_status_line

if TYPE_CHECKING:  # the import dialog loads when it is opened
    from bazaar_pos.ui.catalog.import_dialog import CatalogImportDialog

SEARCH_DELAY_MS = 150
# The text filter's index is brought up to date this long after the list was read (not at
# once: a screen opened and left at once builds nothing).
PREPARE_LISTING_MS = 500
# The operations' kind of building it (no title: nothing to show, nothing to cancel).
LISTING_OP = "product_listing"
# The operations' kind of the catalog's CSV export (one at a time).
EXPORT_OP = "catalog_export"
# Rows read at once; the rest when the user scrolls to the end, sorts, selects all or looks
# for a product beyond them (a page takes ~25 ms at 100,000 products, the whole list ~1.6 s:
# read on the operations layer, REST_OP).
FIRST_PAGE = 1000
# The operations' kind of reading the rest of the list (a newer list's replaces it).
REST_OP = "product_list_rest"
# Products named one by one in a message; more are counted.
_NAMES_SHOWN = 4
# Widest text expected per column (the name takes the rest of the width).
_COLUMN_SAMPLES = {
    COL_SKU: "BNA-D0123456",
    COL_BARCODE: "2002000012345",
    COL_UNIT: "bungkus",
    COL_PRICE: "Rp 1.000.000",
    COL_CATEGORY: "Kerajinan kayu",
    COL_INSTITUTION: "BPN",
    COL_WORKSHOP: "Anyaman bambu",
    COL_STOCK: "99.999",
    COL_STATUS: "arsip",
}


def run_product_dialog(dialog: ProductDialog) -> ProductRecord | None:
    """Show the product form until it is saved or cancelled; tests replace this function."""
    return dialog.run()


class ProductsScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    productSaved = Signal(object)  # ProductRecord
    exported = Signal(object)  # Path of the catalog CSV just written

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None  # who works the screen; the services check it too
        self.model = ProductTableModel(self)
        self.model.load_rest = self._load_rest
        # Same rows as the model, in the same order: row numbers of the view are the model's.
        self.proxy = ProductViewProxy(self.model, self)

        # --- filters -----------------------------------------------------------------------
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("productSearch")
        self.search_edit.setPlaceholderText(self.tr("Cari nama, SKU atau barcode…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search_text_changed)
        self.search_edit.installEventFilter(self)
        self.institution_combo = QComboBox()
        self.institution_combo.setMinimumContentsLength(18)
        self.category_combo = QComboBox()
        self.category_combo.setMinimumContentsLength(16)
        self.archived_check = QCheckBox(self.tr("Tampilkan arsip"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self._listing_timer = QTimer(self)
        self._listing_timer.setSingleShot(True)
        self._listing_timer.setInterval(PREPARE_LISTING_MS)
        self._listing_timer.timeout.connect(self.prepare_listing)
        self._filling_filters = False

        # --- table -------------------------------------------------------------------------
        self.view = QTableView()
        self.view.setObjectName("productsView")
        self.view.setModel(self.proxy)
        # The header needs no selection: its highlight would ask, on every repaint, whether
        # each column is selected in every row (a million questions for 100,000 products).
        self.view.horizontalHeader().setSelectionModel(QItemSelectionModel(self.proxy, self))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.horizontalHeader().setHighlightSections(False)
        self.view.horizontalHeader().setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self._size_columns()

        self.count_label = QLabel()
        self.count_label.setObjectName("productCount")
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(36)

        self._build_actions()

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.institution_combo, 2)
        filters.addWidget(self.category_combo, 2)
        filters.addWidget(self.archived_check)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.status_label)

        self.refresh_filters()
        self.institution_combo.currentIndexChanged.connect(self._filter_changed)
        self.category_combo.currentIndexChanged.connect(self._filter_changed)
        self.archived_check.toggled.connect(self._filter_changed)
        self.view.selectionModel().selectionChanged.connect(self._refresh_actions)
        self.model.modelReset.connect(self._refresh_count)
        self.model.rowsInserted.connect(self._refresh_count)
        self.model.rowsRemoved.connect(self._refresh_count)
        self.model.dataChanged.connect(self._refresh_actions)
        self._refresh_actions()

    def _build_actions(self) -> None:
        self.add_action = screen_action(
            self, self.tr("Tambah"), self.add_product, "Ins", tip=self.tr("Produk baru (Ins)")
        )
        self.edit_action = screen_action(
            self,
            self.tr("Ubah"),
            self.edit_selected,
            "F2",
            tip=self.tr("Ubah produk terpilih (Enter, F2)"),
        )
        self.archive_action = screen_action(
            self,
            self.tr("Arsipkan"),
            self.archive_selected,
            tip=self.tr("Sembunyikan dari kasir; riwayat penjualan dan stok tetap ada"),
        )
        self.restore_action = screen_action(
            self,
            self.tr("Pulihkan"),
            self.restore_selected,
            tip=self.tr("Jual lagi produk yang diarsipkan"),
        )
        self.delete_action = QAction(self.tr("Hapus"), self)
        self.delete_action.setToolTip(self.tr("Hapus produk tanpa riwayat (Del)"))
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        # Only on the table: Del in the search field deletes a letter.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.view.addAction(self.delete_action)
        self.barcode_action = screen_action(
            self,
            self.tr("Beri barcode internal"),
            self.assign_barcodes,
            "Ctrl+B",
            tip=self.tr(
                "EAN-13 berawalan 20 untuk produk terpilih yang belum punya barcode (Ctrl+B)"
            ),
        )
        self.labels_action = screen_action(
            self,
            self.tr("Cetak label…"),
            self.print_labels,
            "Ctrl+P",
            tip=self.tr("Label barcode untuk produk terpilih (Ctrl+P)"),
        )
        self.import_action = screen_action(
            self,
            self.tr("Impor CSV…"),
            self.import_csv,
            "Ctrl+I",
            tip=self.tr("Tambah dan ubah produk dari file CSV, dengan pratinjau (Ctrl+I)"),
        )
        self.export_action = screen_action(
            self,
            self.tr("Ekspor CSV…"),
            self.export_csv,
            "Ctrl+E",
            tip=self.tr("Seluruh katalog ke file CSV (Ctrl+E)"),
        )
        # Enter on the table edits; not on the screen, where Enter belongs to the fields.
        edit_on_enter = QAction(self)
        edit_on_enter.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        edit_on_enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        edit_on_enter.triggered.connect(self.edit_selected)
        self.view.addAction(edit_on_enter)
        select_all = QAction(self)
        select_all.setShortcut(QKeySequence(QKeySequence.StandardKey.SelectAll))
        select_all.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        select_all.triggered.connect(self.select_all)
        self.view.addAction(select_all)
        focus_search = screen_action(self, "", self.focus_search, "Ctrl+F", tip="")
        focus_search.setVisible(False)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.add_action,
            self.edit_action,
            self.archive_action,
            self.restore_action,
            self.delete_action,
        ):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.barcode_action)
        self.toolbar.addAction(self.labels_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.import_action)
        self.toolbar.addAction(self.export_action)

        # The table's context menu (Del is added to the table above, with its shortcut).
        for action in (
            self.edit_action,
            self.archive_action,
            self.restore_action,
            self.barcode_action,
            self.labels_action,
        ):
            self.view.addAction(action)

    def _size_columns(self) -> None:
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(40)
        metrics = self.view.fontMetrics()
        padding = 24
        for column, sample in _COLUMN_SAMPLES.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widest = max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(sample))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, widest + padding)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)

    # --- status area ------------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe_error(error), ERROR)

    # --- the screen contract ----------------------------------------------------------------
    def activate(self) -> None:
        """Shown again: the catalog may have changed elsewhere (import, another till)."""
        self.refresh_filters()
        self.reload()
        self.view.setFocus()

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings

    def set_actor(self, actor: Actor | None) -> None:
        """After a login or user switch: what the new user may not do is disabled."""
        self.actor = actor
        self._refresh_actions()

    def may(self, action: Action) -> bool:
        """The permission table for the user at the screen (nobody: a till without accounts,
        where the services let anybody through too)."""
        return self.actor is None or may(self.actor.role, action)

    # --- filters ----------------------------------------------------------------------------
    def refresh_filters(self) -> None:
        """Institutions and categories as they are now, keeping what was chosen."""
        institution_id = self.institution_combo.currentData()
        category = self.category_combo.currentData()
        self._filling_filters = True
        try:
            self.institution_combo.clear()
            self.institution_combo.addItem(self.tr("Semua instansi"), None)
            for institution in list_institutions(self.till.db):
                self.institution_combo.addItem(
                    f"{institution.code} — {institution.name}", institution.id
                )
            self.institution_combo.setCurrentIndex(
                max(0, self.institution_combo.findData(institution_id))
            )
            self.category_combo.clear()
            self.category_combo.addItem(self.tr("Semua kategori"), None)
            self.category_combo.addItem(self.tr("(tanpa kategori)"), "")
            for name in list_categories(self.till.db):
                self.category_combo.addItem(name, name)
            index = self.category_combo.findData(category) if category is not None else 0
            self.category_combo.setCurrentIndex(max(0, index))
        finally:
            self._filling_filters = False

    def set_filters(
        self,
        *,
        text: str | None = None,
        institution_id: int | None = None,
        category: str | None = None,
        include_archived: bool | None = None,
    ) -> None:
        """Choose filters as a user would (tests use it); the list is read once, now."""
        self._filling_filters = True
        try:
            if text is not None:
                self.search_edit.setText(text)
            if institution_id is not None:
                self.institution_combo.setCurrentIndex(
                    max(0, self.institution_combo.findData(institution_id))
                )
            if category is not None:
                self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(category)))
            if include_archived is not None:
                self.archived_check.setChecked(include_archived)
        finally:
            self._filling_filters = False
        self.reload()

    def _search_text_changed(self, _text: str) -> None:
        if not self._filling_filters:
            self._search_timer.start()

    def _filter_changed(self) -> None:
        if not self._filling_filters:
            self.reload()

    def current_filters(self) -> dict[str, object]:
        category = self.category_combo.currentData()
        return {
            "text": self.search_edit.text(),
            "institution_id": self.institution_combo.currentData(),
            "category": category if isinstance(category, str) else None,
            "include_archived": self.archived_check.isChecked(),
        }

    def reload(self) -> None:
        """Read the products of the current filters again, keeping the selection."""
        self._search_timer.stop()
        selected = {record.id for record in self.selected_records()}
        filters = self.current_filters()
        text = str(filters["text"])
        institution_id = filters["institution_id"]
        category = filters["category"]
        include_archived = bool(filters["include_archived"])
        query = partial(
            list_products,
            self.till.db,
            text=text,
            institution_id=institution_id if isinstance(institution_id, int) else None,
            category=category if isinstance(category, str) else None,
            include_archived=include_archived,
        )
        try:
            first = query(limit=FIRST_PAGE + 1)
        except PosError as error:
            self.show_error(error)
            return
        if len(first) > FIRST_PAGE:
            self.model.set_products(first[:FIRST_PAGE], fetch_rest=query)
        else:
            self.model.set_products(first)
        if selected:
            self.select_products(selected, fetch=False)
        self._refresh_count()
        self._listing_timer.start()

    def _load_rest(
        self,
        fetch_rest: Callable[[], list[ProductRecord]],
        delivered: Callable[[list[ProductRecord]], None],
        failed: Callable[[], None],
    ) -> Running | None:
        """The rest of the list read on the operations layer (the window keeps answering);
        the model puts it in place and runs what waited for it (a sort, Ctrl+A)."""

        def work(_progress: Progress) -> list[ProductRecord]:
            return fetch_rest()

        def arrived(whole: list[ProductRecord]) -> None:
            delivered(whole)
            self._refresh_count()

        def refused(error: Exception) -> None:
            failed()
            self._refresh_count()
            self.show_error(error)

        title = self.tr("Memuat semua produk")
        running = run(Op(REST_OP, title, work, arrived, refused, when_busy=Busy.LATEST))
        self._refresh_count()  # the model says it is loading from now on
        return running

    def prepare_listing(self) -> Running | None:
        """Bring the text filter's index up to date on a worker (~0.8 s at 100,000 products
        when the catalog changed, a stamp read when not). A failure only leaves the filter
        in SQL; a bug still reaches the handler of errors nobody caught."""
        db = self.till.db

        def work(_progress: Progress) -> None:
            prepare_listing(db)

        def ignored(_error: Exception) -> None:
            pass

        return run(Op(LISTING_OP, "", work, lambda _done: None, ignored, when_busy=Busy.LATEST))

    def _refresh_count(self) -> None:
        shown = self.model.rowCount()
        if self.model.is_complete:
            text = self.tr("{count} produk").format(count=format_number(shown))
        elif self.model.is_loading:
            text = self.tr("{count} produk pertama ditampilkan — memuat sisanya…").format(
                count=format_number(shown)
            )
        else:
            text = self.tr(
                "{count} produk pertama ditampilkan — gulir ke bawah untuk memuat semua"
            ).format(count=format_number(shown))
        self.count_label.setText(text)

    # --- selection --------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        # From the selection's ranges, not selectedRows(): that one asks for every cell's
        # flags, slow for a selection of 100,000 products.
        rows: set[int] = set()
        selection = self.view.selectionModel().selection()
        for number in range(selection.count()):
            selected = selection.at(number)
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def selected_records(self) -> list[ProductRecord]:
        return [self.model.record(row) for row in self.selected_rows()]

    def select_products(self, product_ids: set[int] | list[int], *, fetch: bool = True) -> int:
        """Select these products; returns how many are in the rows read so far. With
        ``fetch``, one that is not among them is selected once the rest of the list has
        been read (on the operations layer)."""
        wanted = set(product_ids)
        rows = [row for row, r in enumerate(self.model.records()) if r.id in wanted]
        if fetch and len(rows) < len(wanted) and not self.model.is_complete:
            self.model.fetch_all(then=lambda: self._select_later(wanted))
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.proxy.index(row, 0), flags)
        if rows:
            current = self.proxy.index(rows[0], COL_NAME)
            selection.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(current)
        return len(rows)

    def _select_later(self, product_ids: set[int]) -> None:
        self.select_products(product_ids, fetch=False)

    def select_all(self) -> None:
        """Ctrl+A means every product of the filter, not only the rows read so far: once the
        rest is read (on the operations layer)."""
        self.model.fetch_all(then=self.view.selectAll)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _refresh_actions(self) -> None:
        records = self.selected_records()
        edit = self.may(Action.EDIT_PRODUCTS)
        self.add_action.setEnabled(edit)
        self.edit_action.setEnabled(edit and len(records) == 1)
        self.archive_action.setEnabled(edit and any(r.active for r in records))
        self.restore_action.setEnabled(edit and any(not r.active for r in records))
        self.delete_action.setEnabled(edit and bool(records))
        self.barcode_action.setEnabled(edit and any(not r.barcode for r in records))
        self.labels_action.setEnabled(edit and bool(records))
        self.import_action.setEnabled(self.may(Action.IMPORT_CATALOG))
        self.export_action.setEnabled(self.may(Action.EXPORT_CATALOG))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                # From the search field straight into the list, as in a file manager.
                self.view.setFocus()
                if not self.view.selectionModel().hasSelection():
                    self.view.selectRow(0)
                return True
            if event.key() == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.reload()  # Enter does not wait for the delay
                return True
        return super().eventFilter(watched, event)

    # --- add and edit -----------------------------------------------------------------------
    def add_product(self) -> ProductRecord | None:
        if self.institution_combo.count() <= 1:
            self.show_status(
                self.tr("Belum ada instansi: daftarkan instansi dulu (Katalog → Instansi)."),
                WARNING,
            )
            return None
        chosen = self.institution_combo.currentData()
        dialog = ProductDialog(
            self.till.db,
            None,
            self,
            institution_id=chosen if isinstance(chosen, int) else None,
            actor=self.actor,
        )
        record = run_product_dialog(dialog)
        if record is None:
            return None
        self.refresh_filters()
        self.reload()
        if self.select_products([record.id], fetch=False) or self.model.is_complete:
            self._say_saved(record)
        else:  # beyond the first page, or outside the filter: known once the rest is read
            self.model.fetch_all(then=lambda: self._say_saved(record))
        self.productSaved.emit(record)
        return record

    def _say_saved(self, record: ProductRecord) -> None:
        """The new product selected, or why it is not in the list."""
        if self.select_products([record.id], fetch=False):
            self.show_status(self._saved_text(record))
        else:
            self.show_status(
                self.tr("{saved} Tidak tampil di daftar karena filter yang dipilih.").format(
                    saved=self._saved_text(record)
                ),
                WARNING,
            )

    def edit_selected(self) -> ProductRecord | None:
        records = self.selected_records()
        if len(records) != 1:
            self.show_status(self.tr("Pilih satu produk untuk diubah."), WARNING)
            return None
        dialog = ProductDialog(self.till.db, records[0], self, actor=self.actor)
        record = run_product_dialog(dialog)
        if record is None:
            return None
        self.model.update_record(record)
        self.refresh_filters()  # a new category is offered in the filter at once
        self._refresh_actions()
        self.show_status(self._saved_text(record))
        self.productSaved.emit(record)
        return record

    def _saved_text(self, record: ProductRecord) -> str:
        return self.tr("Produk {sku} — {name} disimpan.").format(sku=record.sku, name=record.name)

    # --- archive, restore, delete -----------------------------------------------------------
    def _names(self, records: list[ProductRecord]) -> str:
        names = ", ".join(r.sku for r in records[:_NAMES_SHOWN])
        hidden = len(records) - _NAMES_SHOWN
        if hidden > 0:
            return self.tr("{names} dan {count} lainnya").format(names=names, count=hidden)
        return names

    def _set_active(self, records: list[ProductRecord], active: bool) -> list[ProductRecord]:
        done: list[ProductRecord] = []
        for record in records:
            try:
                changed = (
                    restore_product(self.till.db, record.id, actor=self.actor)
                    if active
                    else (archive_product(self.till.db, record.id, actor=self.actor))
                )
            except PosError as error:
                self.show_error(error)
                break
            self.model.update_record(changed)
            done.append(changed)
        self._refresh_actions()
        return done

    def archive_selected(self) -> list[ProductRecord]:
        """Archive the selected active products. They stay in the list (greyed, "arsip")
        until the next reload, so a wrong click is undone with Pulihkan at once."""
        targets = [r for r in self.selected_records() if r.active]
        if not targets:
            self.show_status(self.tr("Pilih produk aktif yang akan diarsipkan."), WARNING)
            return []
        done = self._set_active(targets, False)
        if len(done) == len(targets):
            self.show_status(
                self.tr(
                    "{count} produk diarsipkan ({names}): tidak dijual di kasir lagi, "
                    "riwayatnya tetap. Pulihkan bila keliru."
                ).format(count=len(done), names=self._names(done))
            )
        return done

    def restore_selected(self) -> list[ProductRecord]:
        targets = [r for r in self.selected_records() if not r.active]
        if not targets:
            self.show_status(self.tr("Pilih produk arsip yang akan dipulihkan."), WARNING)
            return []
        done = self._set_active(targets, True)
        if len(done) == len(targets):
            self.show_status(
                self.tr("{count} produk dipulihkan ({names}): dijual lagi di kasir.").format(
                    count=len(done), names=self._names(done)
                )
            )
        return done

    def delete_selected(self) -> list[int]:
        """Delete the selected products that have no history; offer to archive the others."""
        targets = self.selected_records()
        if not targets:
            self.show_status(self.tr("Pilih produk yang akan dihapus."), WARNING)
            return []
        if not ask.confirm(
            self,
            self.tr("Hapus produk"),
            self.tr(
                "Hapus {count} produk ({names})? Hanya produk yang belum pernah dijual, "
                "dihitung atau dicatat stoknya yang bisa dihapus."
            ).format(count=len(targets), names=self._names(targets)),
        ):
            return []
        deleted: list[int] = []
        refused: list[tuple[ProductRecord, ProductHasHistory]] = []
        for record in targets:
            try:
                delete_product(self.till.db, record.id, actor=self.actor)
            except ProductHasHistory as error:
                refused.append((record, error))
                continue
            except PosError as error:
                self.show_error(error)
                continue
            self.model.remove_product(record.id)
            deleted.append(record.id)
        self._refresh_actions()
        if not refused:
            self.show_status(self.tr("{count} produk dihapus.").format(count=len(deleted)), INFO)
            return deleted
        kept = [record for record, _ in refused]
        if len(refused) == 1:
            why = describe_error(refused[0][1])
        else:
            why = self.tr(
                "{count} produk tidak bisa dihapus karena sudah punya riwayat (penjualan, "
                "mutasi stok atau penghitungan): {names}. Arsipkan saja."
            ).format(count=len(refused), names=self._names(kept))
        if deleted:
            why = self.tr("{count} produk dihapus. {why}").format(count=len(deleted), why=why)
        self.show_status(why, ERROR)
        to_archive = [record for record in kept if record.active]
        if to_archive and ask.confirm(
            self,
            self.tr("Arsipkan saja?"),
            self.tr("{why}\n\nArsipkan {count} produk itu sekarang?").format(
                why=why, count=len(to_archive)
            ),
        ):
            self.select_products([r.id for r in to_archive], fetch=False)
            self.archive_selected()
        return deleted

    # --- barcodes and labels ----------------------------------------------------------------
    def assign_barcodes(self) -> dict[int, str]:
        """Internal EAN-13 barcodes for the selected products that have none (one call)."""
        records = self.selected_records()
        targets = [r for r in records if not r.barcode]
        if not targets:
            self.show_status(
                self.tr("Produk yang dipilih sudah punya barcode semua.")
                if records
                else self.tr("Pilih produk yang belum punya barcode."),
                WARNING,
            )
            return {}
        try:
            assigned = assign_internal_barcodes(
                self.till.db, [r.id for r in targets], actor=self.actor
            )
        except PosError as error:
            self.show_error(error)
            return {}
        for record in targets:
            code = assigned.get(record.id)
            if code is not None:
                self.model.update_record(replace(record, barcode=code))
        self._refresh_actions()
        codes = sorted(assigned.values())
        if not codes:  # another till gave them barcodes meanwhile
            self.show_status(self.tr("Produk yang dipilih sudah punya barcode semua."), WARNING)
        elif len(codes) == 1:
            name = next(r.name for r in targets if r.id in assigned)
            self.show_status(
                self.tr("Barcode internal {code} untuk {name}. Cetak labelnya: Ctrl+P.").format(
                    code=codes[0], name=name
                )
            )
        else:
            self.show_status(
                self.tr(
                    "{count} barcode internal diberikan ({first} … {last}). Cetak labelnya: Ctrl+P."
                ).format(count=len(codes), first=codes[0], last=codes[-1])
            )
        return assigned

    def print_labels(self) -> None:
        records = self.selected_records()
        if not records:
            self.show_status(self.tr("Pilih produk yang akan dicetak labelnya."), WARNING)
            return
        # QtPrintSupport and ReportLab are loaded only when labels are printed.
        from bazaar_pos.ui.catalog.label_dialog import LabelPrintDialog

        LabelPrintDialog.run(
            self.till, [r.id for r in records], self.settings, self, actor=self.actor
        )

    # --- CSV --------------------------------------------------------------------------------
    def import_csv(self) -> CatalogImportDialog | None:
        """Which file, then the import dialog (not modal) with the file's preview loading in
        it; this screen refreshes when the import is written (``imported``)."""
        from bazaar_pos.ui.catalog import import_dialog as catalog_import_dialog

        path = catalog_import_dialog.choose_catalog_file(self, self.till.data_dir)
        if path is None:
            return None
        dialog = catalog_import_dialog.CatalogImportDialog(self.till, self, actor=self.actor)
        dialog.imported.connect(self._catalog_imported)
        catalog_import_dialog.run_import_dialog(dialog)
        dialog.load_preview(path)
        return dialog

    def _catalog_imported(self, result: ImportResult) -> None:
        self.refresh_filters()
        self.reload()
        self.show_status(
            self.tr(
                "Impor katalog selesai: {added} produk baru, {changed} berubah, {same} sama."
            ).format(
                added=format_number(result.added),
                changed=format_number(result.changed),
                same=format_number(result.unchanged),
            )
        )

    def export_csv(self) -> Running | None:
        """Where to save, then every product written on the operations layer (100,000
        products: seconds); ``exported`` with the path when written."""
        suggested = self.till.data_dir / "exports" / f"katalog-{dt.date.today().isoformat()}.csv"
        path = documents.choose_save_path(
            self, self.tr("Ekspor katalog ke CSV"), suggested, documents.CSV_FILTER
        )
        if path is None:
            return None
        db, actor = self.till.db, self.actor

        def work(_progress: Progress) -> int:
            return export_catalog_csv(db, path, actor=actor)

        def written(count: int) -> None:
            self.show_status(
                self.tr("{count} produk diekspor ke {path}").format(
                    count=format_number(count), path=path
                )
            )
            self.exported.emit(path)

        def refused(error: Exception) -> None:
            if not isinstance(error, OSError):
                self.show_error(error)
                return
            self.show_status(
                self.tr("File {path} tidak dapat ditulis: {error}").format(
                    path=path, error=error.strerror or error
                ),
                ERROR,
            )

        title = self.tr("Ekspor katalog ke CSV")
        return run(Op(EXPORT_OP, title, work, written, refused))
