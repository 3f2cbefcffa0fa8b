"""Qt models of the stock ledger screen: the movements of an event, and the lines of a
delivery note being entered (*barang datang*).

Raw values for sorting are in :data:`~bazaar_pos.ui.table_view.SORT_ROLE`, like the
variance report, so the same proxy sorts both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from bazaar_pos.catalog.lookup import ProductInfo
from bazaar_pos.db.models import MovementKind
from bazaar_pos.money import format_number, format_signed_number
from bazaar_pos.stock.ledger import MAX_MOVEMENT_QUANTITY, InvalidStockChange, MovementInfo
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel
from bazaar_pos.ui.stock.variance_model import SortFilterProxy
from bazaar_pos.ui.table_view import MUTED, NEGATIVE, POSITIVE, SORT_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

# The order the kinds are offered in the filter: the life of the goods at an event.
KIND_ORDER: tuple[MovementKind, ...] = (
    MovementKind.ARRIVAL,
    MovementKind.COUNT_ADJUSTMENT,
    MovementKind.SALE,
    MovementKind.REFUND,
    MovementKind.RETURN,
    MovementKind.DAMAGE,
)


def kind_label(kind: str) -> str:
    """What the staff call a kind of movement."""
    # Literal translate() calls: pyside6-lupdate does not see calls through an alias.
    labels = {
        MovementKind.ARRIVAL.value: QCoreApplication.translate("Ledger", "Barang datang"),
        MovementKind.COUNT_ADJUSTMENT.value: QCoreApplication.translate(
            "Ledger", "Penyesuaian hitung"
        ),
        MovementKind.SALE.value: QCoreApplication.translate("Ledger", "Penjualan"),
        MovementKind.REFUND.value: QCoreApplication.translate("Ledger", "Refund"),
        MovementKind.RETURN.value: QCoreApplication.translate("Ledger", "Retur ke instansi"),
        MovementKind.DAMAGE.value: QCoreApplication.translate("Ledger", "Rusak/hilang"),
    }
    return labels.get(kind, kind)


def note_text(movement: MovementInfo) -> str:
    """The note as people read it. Counts and handovers write a technical note ("closing
    count", "handover <uuid>"); those are shown in the screen's words."""
    note = movement.note
    if movement.kind == MovementKind.COUNT_ADJUSTMENT.value:
        counts = {
            "opening count": QCoreApplication.translate("Ledger", "Hasil penghitungan awal"),
            "closing count": QCoreApplication.translate("Ledger", "Hasil penghitungan akhir"),
            "spot count": QCoreApplication.translate("Ledger", "Hasil hitung cek"),
        }
        return counts.get(note, note)
    if movement.kind == MovementKind.RETURN.value and note.startswith("handover "):
        return QCoreApplication.translate("Ledger", "Serah terima {ref}").format(
            ref=note.removeprefix("handover ")[:8]
        )
    return note


def local_time(movement: MovementInfo) -> str:
    return movement.created_at.astimezone().strftime("%d-%m-%Y %H:%M:%S")


(
    COL_ID,
    COL_TIME,
    COL_KIND,
    COL_INSTITUTION,
    COL_SKU,
    COL_PRODUCT,
    COL_QUANTITY,
    COL_NOTE,
    COL_RECORDED_BY,
    COL_REVERSAL,
) = range(10)


class LedgerModel(RecordTableModel[MovementInfo]):
    """Rows are :class:`MovementInfo` s as the service returns them (newest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("No."),
            self.tr("Waktu"),
            self.tr("Jenis"),
            self.tr("Instansi"),
            self.tr("SKU"),
            self.tr("Produk"),
            self.tr("Jumlah"),
            self.tr("Catatan"),
            self.tr("Dicatat oleh"),
            self.tr("Pembatalan"),
        ]
        self.right_aligned = frozenset((COL_ID, COL_QUANTITY))
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_movements(self, movements: Sequence[MovementInfo]) -> None:
        self.set_records(movements)

    def movement(self, row: int) -> MovementInfo:
        return self.record(row)

    def row_of(self, movement_id: int) -> int | None:
        return self.row_where(lambda movement: movement.id == movement_id)

    def cell(self, movement: MovementInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(movement, column)
        if role == SORT_ROLE:
            return self._raw(movement, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if movement.reversed_by_id is not None:
                return QBrush(MUTED)  # undone: still listed, never deleted
            if column == COL_QUANTITY:
                return QBrush(NEGATIVE if movement.quantity < 0 else POSITIVE)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if movement.reversed_by_id is not None and column in (COL_QUANTITY, COL_PRODUCT):
                return self._struck
            if movement.reverses_id is not None:
                return self._italic
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_PRODUCT:
                return movement.product_name
            if column == COL_NOTE and movement.note:
                return movement.note
            if movement.reversed_by_id is not None:
                return self.tr("Mutasi ini dibatalkan oleh #{id}: tidak lagi dihitung.").format(
                    id=movement.reversed_by_id
                )
            if movement.reverses_id is not None:
                return self.tr("Pembatalan mutasi #{id}.").format(id=movement.reverses_id)
        return None

    def _display(self, movement: MovementInfo, column: int) -> str:
        if column == COL_ID:
            return str(movement.id)
        if column == COL_TIME:
            return local_time(movement)
        if column == COL_KIND:
            return kind_label(movement.kind)
        if column == COL_INSTITUTION:
            return movement.institution_code
        if column == COL_SKU:
            return movement.sku
        if column == COL_PRODUCT:
            return movement.product_name
        if column == COL_QUANTITY:
            return format_signed_number(movement.quantity)
        if column == COL_NOTE:
            return note_text(movement)
        if column == COL_RECORDED_BY:
            return movement.recorded_by or "—"
        if movement.reversed_by_id is not None:
            return self.tr("dibatalkan oleh #{id}").format(id=movement.reversed_by_id)
        if movement.reverses_id is not None:
            return self.tr("membatalkan #{id}").format(id=movement.reverses_id)
        return ""

    def _raw(self, movement: MovementInfo, column: int) -> int | str | None:
        if column in (COL_ID, COL_TIME):
            return movement.id  # ids grow with time, and break ties of the same second
        if column == COL_QUANTITY:
            return movement.quantity
        if column == COL_REVERSAL:
            return movement.reversed_by_id or movement.reverses_id
        return self._display(movement, column)


class LedgerFilterProxy(SortFilterProxy):
    """Keeps the movements whose product name or SKU contains the typed text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""

    def set_text(self, text: str) -> None:
        folded = text.strip().casefold()
        if folded != self._text:
            self._text = folded
            self._refilter()

    def movement(self, row: int) -> MovementInfo:
        source = self.sourceModel()
        assert isinstance(source, LedgerModel)
        return source.movement(self.mapToSource(self.index(row, 0)).row())

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        source = self.sourceModel()
        if not isinstance(source, LedgerModel) or source_row >= source.rowCount():
            return False
        if not self._text:
            return True
        movement = source.movement(source_row)
        return self._text in movement.product_name.casefold() or (
            self._text in movement.sku.casefold()
        )


# --- the lines of a delivery note ----------------------------------------------------------


@dataclass
class ArrivalLine:
    product: ProductInfo
    quantity: int


ARR_SKU, ARR_PRODUCT, ARR_INSTITUTION, ARR_QUANTITY, ARR_UNIT = range(5)


def check_arrival_quantity(quantity: int, product: ProductInfo) -> None:
    """The ledger's own limits (:data:`~bazaar_pos.stock.ledger.MAX_MOVEMENT_QUANTITY`), checked as
    a line is typed so the mistake is shown at once; ``record_arrivals`` checks them again."""
    if quantity <= 0:
        raise InvalidStockChange("not_positive", product_id=product.id, detail=str(quantity))
    if quantity > MAX_MOVEMENT_QUANTITY:
        raise InvalidStockChange("too_large", product_id=product.id, detail=str(quantity))


class ArrivalLinesModel(QAbstractTableModel):
    """Products and quantities of one delivery; scanning a product again adds to its line.
    The quantity column is editable."""

    linesChanged = Signal()
    editRejected = Signal(object)  # the PosError of a refused edit

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[ArrivalLine] = []
        self._headers = [
            self.tr("SKU"),
            self.tr("Produk"),
            self.tr("Instansi"),
            self.tr("Jumlah"),
            self.tr("Satuan"),
        ]

    def quantities(self) -> dict[int, int]:
        """What ``record_arrivals`` takes: product id → units."""
        return {line.product.id: line.quantity for line in self.lines}

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)

    def add(self, product: ProductInfo, quantity: int) -> int:
        """Add units of a product (to its existing line if any); returns the row."""
        for row, line in enumerate(self.lines):
            if line.product.id == product.id:
                check_arrival_quantity(line.quantity + quantity, product)
                line.quantity += quantity
                self.dataChanged.emit(self.index(row, 0), self.index(row, ARR_UNIT))
                self.linesChanged.emit()
                return row
        check_arrival_quantity(quantity, product)
        row = len(self.lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.append(ArrivalLine(product, quantity))
        self.endInsertRows()
        self.linesChanged.emit()
        return row

    def set_quantity(self, row: int, quantity: int) -> None:
        line = self.lines[row]
        check_arrival_quantity(quantity, line.product)
        line.quantity = quantity
        self.dataChanged.emit(self.index(row, 0), self.index(row, ARR_UNIT))
        self.linesChanged.emit()

    def remove_row(self, row: int) -> ArrivalLine:
        self.beginRemoveRows(QModelIndex(), row, row)
        line = self.lines.pop(row)
        self.endRemoveRows()
        self.linesChanged.emit()
        return line

    def clear(self) -> None:
        self.beginResetModel()
        self.lines.clear()
        self.endResetModel()
        self.linesChanged.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == ARR_QUANTITY:
            return RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ARR_QUANTITY:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            product = line.product
            return {
                ARR_SKU: product.sku,
                ARR_PRODUCT: product.name,
                ARR_INSTITUTION: product.institution_code,
                ARR_QUANTITY: format_number(line.quantity),
                ARR_UNIT: product.unit,
            }.get(column)
        if role == Qt.ItemDataRole.EditRole and column == ARR_QUANTITY:
            return line.quantity
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ARR_QUANTITY:
            return RIGHT
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if index.column() != ARR_QUANTITY or not 0 <= index.row() < len(self.lines):
            return False
        line = self.lines[index.row()]
        text = str(value).strip().replace(".", "")
        try:
            quantity = int(text)
        except ValueError:
            self.editRejected.emit(
                InvalidStockChange("not_positive", product_id=line.product.id, detail=str(value))
            )
            return False
        try:
            self.set_quantity(index.row(), quantity)
        except InvalidStockChange as error:
            self.editRejected.emit(error)
            return False
        return True
