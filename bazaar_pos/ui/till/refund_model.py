"""Qt table model over a sale's lines on the refund screen: what was sold, what was refunded
already, and how many to give back now (the only editable column).

The limits are checked here only to tell the cashier at once; ``refunds.refund_sale`` checks
them again in its transaction, against what is in the database then.
"""

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
from PySide6.QtWidgets import QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.till.refunds import (
    RefundableLine,
    RefundableSale,
    RefundExceedsSold,
    RefundLineRequest,
    RefundRefused,
)
from bazaar_pos.ui.record_table import RIGHT

AnyIndex = QModelIndex | QPersistentModelIndex

COL_PRODUCT, COL_SOLD, COL_REFUNDED, COL_NOW, COL_AMOUNT = range(5)
_NUMERIC = {COL_SOLD, COL_REFUNDED, COL_NOW, COL_AMOUNT}
_MUTED = QColor("#7a7a7a")
_CHOSEN = QColor("#fff4d6")


class RefundLinesModel(QAbstractTableModel):
    """Rows are the sale's lines; ``COL_NOW`` holds the units to refund now (0 … refundable)."""

    totalChanged = Signal(int)  # the money the chosen quantities bring back
    # A refused edit (more than can be refunded, not a number): the screen shows the message.
    editRejected = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[RefundableLine] = []
        self._quantities: list[int] = []
        self._headers = [
            self.tr("Produk"),
            self.tr("Terjual"),
            self.tr("Sudah direfund"),
            self.tr("Refund sekarang"),
            self.tr("Jumlah uang"),
        ]

    # --- contents -----------------------------------------------------------------------
    def set_sale(self, sale: RefundableSale | None) -> None:
        self.beginResetModel()
        self._lines = list(sale.lines) if sale is not None else []
        self._quantities = [0] * len(self._lines)
        self.endResetModel()
        self.totalChanged.emit(self.total())

    def line(self, row: int) -> RefundableLine:
        return self._lines[row]

    def quantity(self, row: int) -> int:
        return self._quantities[row]

    def amount(self, row: int) -> int:
        return self._lines[row].amount_for(self._quantities[row])

    def total(self) -> int:
        return sum(self.amount(row) for row in range(len(self._lines)))

    def requests(self) -> list[RefundLineRequest]:
        return [
            RefundLineRequest(line.sale_line_id, quantity)
            for line, quantity in zip(self._lines, self._quantities, strict=True)
            if quantity > 0
        ]

    def set_quantity(self, row: int, quantity: int) -> None:
        """Units of ``row`` to refund now; raises RefundRefused / RefundExceedsSold."""
        line = self._lines[row]
        if quantity < 0:
            raise RefundRefused("bad_quantity", detail=str(quantity))
        if quantity > line.quantity_refundable:
            raise RefundExceedsSold(
                sku=line.sku,
                name=line.name,
                sold=line.quantity_sold,
                refunded=line.quantity_refunded,
                requested=quantity,
            )
        if self._quantities[row] == quantity:
            return
        self._quantities[row] = quantity
        self.dataChanged.emit(self.index(row, COL_NOW), self.index(row, COL_AMOUNT))
        self.totalChanged.emit(self.total())

    def select_all(self) -> None:
        """Everything that may still be refunded (the "Semua" button)."""
        for row, line in enumerate(self._lines):
            self.set_quantity(row, line.quantity_refundable)

    def clear_quantities(self) -> None:
        for row in range(len(self._lines)):
            self.set_quantity(row, 0)

    # --- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMERIC:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_NOW:
            return self.tr("Klik dua kali atau F2 untuk mengisi jumlah yang dikembalikan")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        row, column = index.row(), index.column()
        line = self._lines[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole and column == COL_NOW:
            return self._quantities[row]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and line.quantity_refundable == 0:
            return QBrush(_MUTED)
        if role == Qt.ItemDataRole.BackgroundRole and self._quantities[row] > 0:
            return QBrush(_CHOSEN)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_PRODUCT:
            return self.tr("{sku} · {unit} per unit setelah diskon").format(
                sku=line.sku, unit=format_rupiah(line.unit_net)
            )
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NOW:
            return self.tr("0 sampai {left}").format(left=format_number(line.quantity_refundable))
        return None

    def _display(self, row: int, column: int) -> str:
        line = self._lines[row]
        if column == COL_PRODUCT:
            return line.name
        if column == COL_SOLD:
            return format_number(line.quantity_sold)
        if column == COL_REFUNDED:
            return format_number(line.quantity_refunded)
        if column == COL_NOW:
            return format_number(self._quantities[row])
        return format_rupiah(self.amount(row))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_NOW and self._lines[index.row()].quantity_refundable > 0:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COL_NOW:
            return False
        text = str(value).strip().replace(".", "")
        try:
            quantity = int(text)
        except ValueError:
            self.editRejected.emit(RefundRefused("bad_quantity", detail=str(value)))
            return False
        try:
            self.set_quantity(index.row(), quantity)
        except (RefundRefused, RefundExceedsSold) as error:
            self.editRejected.emit(error)
            return False
        return True


class RefundQuantityDelegate(QStyledItemDelegate):
    """Edits "Refund sekarang" with a spin box from 0 to what can still come back."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QSpinBox(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        model = index.model()
        if isinstance(model, RefundLinesModel):
            editor.setRange(0, model.line(index.row()).quantity_refundable)
        return editor
