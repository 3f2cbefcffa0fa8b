"""Qt table model over the core :class:`~bazaar_pos.till.cart.Cart` (its rules live there)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from bazaar_pos.catalog.lookup import ProductInfo
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_number, format_rupiah, format_signed_rupiah
from bazaar_pos.people.access import Approval
from bazaar_pos.till.cart import Cart, CartLine, check_line_quantity, parse_quantity
from bazaar_pos.ui.record_table import RIGHT

AnyIndex = QModelIndex | QPersistentModelIndex

# Line numbers are the vertical header, not a column: a column computed from the row would
# change under the rows that move up when one is removed.
COL_NAME, COL_QTY, COL_PRICE, COL_DISCOUNT, COL_TOTAL = range(5)
_NUMERIC = {COL_QTY, COL_PRICE, COL_DISCOUNT, COL_TOTAL}
_OVER_STOCK = QColor("#b35c00")
_CHANGED_PRICE = QColor("#6a1b9a")  # an overridden price or a discount stands out
# Marks a price that is not the catalog price, so it shows without colour too.
OVERRIDE_MARK = " *"


class CartModel(QAbstractTableModel):
    """Rows are cart lines; the quantity column is editable."""

    totalChanged = Signal(int)
    # After every change of the lines or discounts (a free line changes no total): the sale
    # screen keeps the cart on disk from it.
    cartChanged = Signal()
    # A rejected edit (bad quantity typed into the table): the screen shows the message.
    editRejected = Signal(object)
    # A lower quantity typed into the table is a void (it needs a supervisor): the model does
    # not apply it, the screen does, after asking (row, new quantity).
    quantityLowered = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cart = Cart()
        self._headers = [
            self.tr("Produk"),
            self.tr("Jml"),
            self.tr("Harga"),
            self.tr("Diskon"),
            self.tr("Subtotal"),
        ]

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cart.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if 0 <= section < len(self.cart.lines) else None
        return self._headers[section] if 0 <= section < len(self._headers) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cart.lines):
            return None
        line = self.cart.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, line)
        if role == Qt.ItemDataRole.EditRole and column == COL_QTY:
            return line.quantity
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_PRICE and line.price_overridden:
                return QBrush(_CHANGED_PRICE)
            if column == COL_DISCOUNT and line.line_discount:
                return QBrush(_CHANGED_PRICE)
            if line.over_stock:
                return QBrush(_OVER_STOCK)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, line)
        return None

    def _display(self, column: int, line: CartLine) -> str:
        if column == COL_NAME:
            if line.catalog_price_changed:
                # Sold at the price it was scanned at; the back office changed it since.
                return self.tr("{name} (harga saat scan; katalog kini {price})").format(
                    name=line.product.name, price=format_rupiah(line.catalog_price or 0)
                )
            return line.product.name
        if column == COL_QTY:
            return format_number(line.quantity)
        if column == COL_PRICE:
            price = format_rupiah(line.unit_price)
            return price + OVERRIDE_MARK if line.price_overridden else price
        if column == COL_DISCOUNT:
            return format_signed_rupiah(-line.line_discount) if line.line_discount else ""
        return format_rupiah(line.line_total)

    def _tooltip(self, column: int, line: CartLine) -> str | None:
        approved = (
            self.tr("Disetujui {name}").format(name=line.approval.approver_name)
            if line.approval is not None
            else ""
        )
        if column == COL_PRICE and line.price_overridden:
            text = self.tr("Harga diubah; harga katalog {price}").format(
                price=format_rupiah(line.list_price)
            )
            return f"{text}. {approved}" if approved else text
        if column == COL_DISCOUNT and line.line_discount:
            return approved or None
        if line.over_stock:
            return self.tr("Melebihi stok tercatat ({on_hand})").format(
                on_hand=format_number(line.product.on_hand or 0)
            )
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_QTY:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COL_QTY:
            return False
        try:
            quantity = parse_quantity(str(value))
        except PosError as error:
            self.editRejected.emit(error)
            return False
        row = index.row()
        if quantity < self.cart.lines[row].quantity:
            self.quantityLowered.emit(row, quantity)
            return False
        try:
            self.set_quantity(row, quantity)
        except PosError as error:
            self.editRejected.emit(error)
            return False
        return True

    # --- cart operations (each emits the right model signals) ------------------------------
    def add_product(self, product: ProductInfo, quantity: int) -> int:
        """Add to the cart; returns the row that changed. Raises PosError on a bad quantity."""
        existing = self.cart.line_for(product)
        if existing is not None:
            row = self.cart.add(product, quantity)
            self._row_changed(row)
        else:
            check_line_quantity(quantity)  # refuse before announcing a new row
            end = len(self.cart.lines)
            self.beginInsertRows(QModelIndex(), end, end)
            row = self.cart.add(product, quantity)
            self.endInsertRows()
        self._total_changed()
        return row

    def set_quantity(self, row: int, quantity: int) -> None:
        self.cart.set_quantity(row, quantity)
        self._row_changed(row)
        self._total_changed()

    def set_line_discount(self, row: int, amount: int, approval: Approval | None = None) -> None:
        """Rupiah off one line (the cart refuses more than the line is worth)."""
        self.cart.set_line_discount(row, amount, approval)
        self._row_changed(row)
        self._total_changed()

    def override_price(self, row: int, unit_price: int, approval: Approval | None = None) -> None:
        self.cart.override_price(row, unit_price, approval)
        self._row_changed(row)
        self._total_changed()

    def set_sale_discount(self, amount: int, approval: Approval | None = None) -> None:
        self.cart.set_sale_discount(amount, approval)
        self._total_changed()

    def set_approval(self, row: int | None, approval: Approval | None) -> None:
        """Attach an approval given later (before payment) to line ``row`` or, for None, to
        the sale discount; the amounts stay as they are."""
        if row is None:
            self.cart.sale_discount_approval = approval
        else:
            self.cart.lines[row].approval = approval
            self._row_changed(row)

    def refresh(self) -> None:
        """Show the lines again (e.g. after their catalog prices were looked up)."""
        if self.cart.lines:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.cart.lines) - 1, len(self._headers) - 1)
            )

    def remove_row(self, row: int) -> CartLine:
        self.beginRemoveRows(QModelIndex(), row, row)
        line = self.cart.remove(row)
        self.endRemoveRows()
        if row < len(self.cart.lines):  # the line numbers of the rows below change
            self.headerDataChanged.emit(Qt.Orientation.Vertical, row, len(self.cart.lines) - 1)
        self._total_changed()
        return line

    def clear(self) -> None:
        self.beginResetModel()
        self.cart.clear()
        self.endResetModel()
        self._total_changed()

    def set_cart(self, cart: Cart) -> None:
        """Show ``cart`` (a resumed parked sale) instead of the current one."""
        self.beginResetModel()
        self.cart = cart
        self.endResetModel()
        self._total_changed()

    def line(self, row: int) -> CartLine:
        return self.cart.lines[row]

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _total_changed(self) -> None:
        self.totalChanged.emit(self.cart.total)
        self.cartChanged.emit()
