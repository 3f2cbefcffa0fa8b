"""Qt table model of products found by name while the cashier types."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from bazaar_pos.catalog.lookup import ProductInfo
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.ui.record_table import RIGHT

AnyIndex = QModelIndex | QPersistentModelIndex

COL_NAME, COL_SKU, COL_INSTITUTION, COL_PRICE, COL_STOCK = range(5)


class ProductSearchModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._products: list[ProductInfo] = []
        self._headers = [
            self.tr("Produk"),
            self.tr("SKU"),
            self.tr("Asal"),
            self.tr("Harga"),
            self.tr("Stok"),
        ]

    def set_products(self, products: list[ProductInfo]) -> None:
        self.beginResetModel()
        self._products = list(products)
        self.endResetModel()

    def product(self, row: int) -> ProductInfo:
        return self._products[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._products)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._products):
            return None
        product = self._products[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return product.name
            if column == COL_SKU:
                return product.sku
            if column == COL_INSTITUTION:
                return product.institution_code
            if column == COL_PRICE:
                return format_rupiah(product.price)
            if product.on_hand is None:
                return "—"
            return format_number(product.on_hand)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_PRICE, COL_STOCK):
            return RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
