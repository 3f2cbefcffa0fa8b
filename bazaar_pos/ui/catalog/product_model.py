"""Qt table model of the catalog (the products screen): one row per :class:`ProductRecord`.

A catalog can hold 100,000 products. Reading all of them takes the service ~1.6 s (each
product's stock balance and history come with it), so the screen first asks for one page
and gives the model a way to read the rest: Qt's ``canFetchMore``/``fetchMore`` ask for it when
the user scrolls to the last row, sorts by a column or selects everything, and the screen
reads it on the operations layer (:attr:`ProductTableModel.load_rest`); what needs the whole
list (the sort, the selection) waits for it (:meth:`ProductTableModel.fetch_all`).

Sorting happens here, on the list in memory: a QSortFilterProxyModel sorting by itself would
call ``data()`` (Python) a few million times for 100,000 rows; ``list.sort`` with a key takes
a few milliseconds. Filtering is the service's job (text, institution, category).

The view still looks at the model through :class:`ProductViewProxy`, a proxy that neither
sorts nor filters (its rows are the model's rows) but answers ``index()``, ``rowCount()`` and
``flags()`` in C++. Qt asks those for *every row* when a whole column is selected (the header
checks whether each column is fully selected, the view whether rows are): through the proxy
that is a few milliseconds for 100,000 selected products, straight on a Python model seconds
per repaint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from bazaar_pos.catalog.products import ProductRecord
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.ui.record_table import RIGHT

AnyIndex = QModelIndex | QPersistentModelIndex

(
    COL_SKU,
    COL_BARCODE,
    COL_NAME,
    COL_UNIT,
    COL_PRICE,
    COL_CATEGORY,
    COL_INSTITUTION,
    COL_WORKSHOP,
    COL_STOCK,
    COL_STATUS,
) = range(10)
_NUMERIC = {COL_PRICE, COL_STOCK}
_ARCHIVED = QColor("#757575")
_NO_BARCODE = QColor("#8a5300")
# The role a view or test uses to get the whole record of a row.
RecordRole = Qt.ItemDataRole.UserRole + 1

FetchRest = Callable[[], list[ProductRecord]]
# How a screen has the rest read off the GUI thread: (read, delivered, failed); ``delivered``
# and ``failed`` are called on the GUI thread.
LoadRest = Callable[[FetchRest, Callable[[list[ProductRecord]], None], Callable[[], None]], object]


def _sort_key(column: int) -> Callable[[ProductRecord], Any]:
    """Ties are broken by name then id, the service's own order, so sorting is stable."""
    keys: dict[int, Callable[[ProductRecord], Any]] = {
        COL_SKU: lambda r: (r.sku.casefold(), r.id),
        COL_BARCODE: lambda r: (r.barcode is None, r.barcode or "", r.name, r.id),
        # Exactly the service's ORDER BY name, id (SQLite compares UTF-8 bytes, Python code
        # points: the same order), so the first sort by name needs no reordering.
        COL_NAME: lambda r: (r.name, r.id),
        COL_UNIT: lambda r: (r.unit.casefold(), r.name, r.id),
        COL_PRICE: lambda r: (r.price, r.name, r.id),
        COL_CATEGORY: lambda r: (r.category.casefold(), r.name, r.id),
        COL_INSTITUTION: lambda r: (r.institution_code, r.name, r.id),
        COL_WORKSHOP: lambda r: (r.workshop_name.casefold(), r.name, r.id),
        # Untracked goods (café drinks) have no stock: after every tracked one.
        COL_STOCK: lambda r: (not r.track_stock, r.on_hand, r.name, r.id),
        COL_STATUS: lambda r: (not r.active, r.name, r.id),
    }
    return keys[column]


class ProductTableModel(QAbstractTableModel):
    """Read-only rows of products; the screen changes them through the services and hands
    the returned records back (:meth:`update_record`, :meth:`remove_product`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[ProductRecord] = []
        self._fetch_rest: FetchRest | None = None
        # Set by a screen: the rest is read on the operations layer (100,000 products take
        # ~1.6 s); without it (a test, a small list) it is read at once.
        self.load_rest: LoadRest | None = None
        self._loading = False  # the rest is on its way
        self._then: list[Callable[[], None]] = []  # what waits for the whole list
        self._list_number = 0  # a new list (set_products) makes a rest on its way stale
        self._edits = 0  # rows changed here since; the rest read before them is read again
        # (column, order) the rows are in; the service delivers them by name, ascending.
        self._sorted_by: tuple[int, Qt.SortOrder] = (COL_NAME, Qt.SortOrder.AscendingOrder)
        self._headers = [
            self.tr("SKU"),
            self.tr("Barcode"),
            self.tr("Nama"),
            self.tr("Satuan"),
            self.tr("Harga"),
            self.tr("Kategori"),
            self.tr("Instansi"),
            self.tr("Bengkel"),
            self.tr("Stok"),
            self.tr("Status"),
        ]

    # --- loading ---------------------------------------------------------------------------
    def set_products(
        self, records: Iterable[ProductRecord], fetch_rest: FetchRest | None = None
    ) -> None:
        """Show ``records`` (in the service's order: by name). ``fetch_rest`` returns the
        *whole* list when the rows given are only its first page; None if they are all."""
        self.beginResetModel()
        self._records = list(records)
        self._fetch_rest = fetch_rest
        self._list_number += 1
        self._loading = False
        self._then.clear()
        column, order = self._sorted_by
        self._sorted_by = (COL_NAME, Qt.SortOrder.AscendingOrder)
        self.endResetModel()
        if (column, order) != self._sorted_by:
            self.sort(column, order)  # the user's sort survives a new filter

    @property
    def is_complete(self) -> bool:
        """True once every product of the current filter is in the model."""
        return self._fetch_rest is None

    @property
    def is_loading(self) -> bool:
        """True while the rest of the list is being read off the GUI thread."""
        return self._loading

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self._fetch_rest is not None and not self._loading

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid() or self._fetch_rest is None or self._loading:
            return
        if self.load_rest is None:
            fetch_rest, self._fetch_rest = self._fetch_rest, None
            self._take_rest(fetch_rest())
            self._finish_waiting()
            return
        fetch_rest, list_number, edits = self._fetch_rest, self._list_number, self._edits
        self._loading = True

        def delivered(whole: list[ProductRecord]) -> None:
            if list_number != self._list_number:
                return  # another list is shown now
            self._loading = False
            if edits != self._edits:
                self.fetchMore(QModelIndex())  # rows changed meanwhile: read it again
                return
            self._fetch_rest = None
            self._take_rest(whole)
            self._finish_waiting()

        def failed() -> None:
            if list_number == self._list_number:
                self._loading = False
                self._then.clear()  # the screen said why; the rest can be asked for again

        self.load_rest(fetch_rest, delivered, failed)

    def _finish_waiting(self) -> None:
        waiting, self._then = self._then, []
        for then in waiting:
            then()

    def _take_rest(self, whole: list[ProductRecord]) -> None:
        """The whole list, read after the first page: in the current order, without a
        reset."""
        shown = len(self._records)
        if self._sorted_by != (COL_NAME, Qt.SortOrder.AscendingOrder):
            whole.sort(key=_sort_key(self._sorted_by[0]))
            if self._sorted_by[1] == Qt.SortOrder.DescendingOrder:
                whole.reverse()
        # The catalog may have changed since the first page was read (another till, an
        # import): rows beyond the new end go, the first page is refreshed in place, the
        # rest is appended. No reset, so the view keeps its selection and scroll position.
        if len(whole) < shown:
            self.beginRemoveRows(QModelIndex(), len(whole), shown - 1)
            del self._records[len(whole) :]
            self.endRemoveRows()
            shown = len(whole)
        if whole[:shown] != self._records:
            self._records[:shown] = whole[:shown]
            self.dataChanged.emit(
                self.index(0, 0), self.index(max(0, shown - 1), len(self._headers) - 1)
            )
        if len(whole) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(whole) - 1)
            self._records.extend(whole[shown:])
            self.endInsertRows()

    def fetch_all(self, then: Callable[[], None] | None = None) -> None:
        """Read the rest of the list (before sorting, selecting all, looking for an id), then
        ``then``: at once when the list is whole or read here, else once the screen's
        :attr:`load_rest` delivers it (a new list drops what waited for the old one)."""
        if self.is_complete:
            if then is not None:
                then()
            return
        if then is not None:
            self._then.append(then)
        self.fetchMore(QModelIndex())

    # --- rows --------------------------------------------------------------------------------
    def record(self, row: int) -> ProductRecord:
        return self._records[row]

    def records(self) -> list[ProductRecord]:
        return list(self._records)

    def row_of(self, product_id: int) -> int | None:
        for row, record in enumerate(self._records):
            if record.id == product_id:
                return row
        return None

    def update_record(self, record: ProductRecord) -> int | None:
        """Replace the row of ``record.id`` with what the service returned; its row or None."""
        row = self.row_of(record.id)
        if row is not None:
            self._records[row] = record
            self._edits += 1
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))
        return row

    def remove_product(self, product_id: int) -> None:
        row = self.row_of(product_id)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._records[row]
            self._edits += 1
            self.endRemoveRows()

    # --- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and horizontal and section in _NUMERIC:
            return RIGHT
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if not record.active:
                return _ARCHIVED
            if column == COL_BARCODE and not record.barcode:
                return _NO_BARCODE
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == RecordRole:
            return record
        return None

    def _display(self, record: ProductRecord, column: int) -> str:
        if column == COL_SKU:
            return record.sku
        if column == COL_BARCODE:
            return record.barcode or self.tr("(belum ada)")
        if column == COL_NAME:
            return record.name
        if column == COL_UNIT:
            return record.unit
        if column == COL_PRICE:
            return format_rupiah(record.price)
        if column == COL_CATEGORY:
            return record.category
        if column == COL_INSTITUTION:
            return record.institution_code
        if column == COL_WORKSHOP:
            return record.workshop_name
        if column == COL_STOCK:
            return format_number(record.on_hand) if record.track_stock else "—"
        return self.tr("aktif") if record.active else self.tr("arsip")

    def _tooltip(self, record: ProductRecord, column: int) -> str | None:
        if column == COL_STOCK and not record.track_stock:
            return self.tr("Stok tidak dilacak (mis. minuman kafe).")
        if column == COL_BARCODE and not record.barcode:
            return self.tr("Belum ada barcode: pilih 'Beri barcode internal' untuk membuatnya.")
        if column == COL_STATUS and not record.active:
            return self.tr("Diarsipkan: tidak dijual di kasir, riwayatnya tetap ada.")
        if column == COL_NAME:
            return record.name
        return None

    # flags(): QAbstractTableModel's own (enabled, selectable, no children), answered in C++.

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._headers) or (column, order) == self._sorted_by:
            return
        # A sort must see every row, not only the first page: it waits for the rest.
        if not self.is_complete:
            self.fetch_all(then=lambda: self.sort(column, order))
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moved_ids = [self._records[index.row()].id for index in persistent]
        self._records.sort(key=_sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._sorted_by = (column, order)
        new_row = {record.id: row for row, record in enumerate(self._records)}
        self.changePersistentIndexList(
            persistent,
            [
                self.index(new_row[product_id], index.column())
                for product_id, index in zip(moved_ids, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()


class ProductViewProxy(QSortFilterProxyModel):
    """The model as the view sees it: same rows in the same order (it never sorts or filters
    by itself), with Qt's per-row bookkeeping in C++. A click on a column header sorts the
    model underneath (:meth:`ProductTableModel.sort`)."""

    def __init__(self, source: ProductTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.products = source

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.products.sort(column, order)
