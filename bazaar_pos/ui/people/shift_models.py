"""Qt models of the shift screen: the drawer count by denomination (editable), the totals per
payment method and the paid-in / paid-out list.

The count model only holds what the clerk typed; the rules (whole numbers, not negative, not
absurd) are :func:`bazaar_pos.people.shifts.cash_total`'s, which the model calls for every edit, so
a figure the service would refuse never gets into the table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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
from PySide6.QtGui import QFont

from bazaar_pos.db.models import CashMovementKind
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.people.shifts import (
    DENOMINATIONS,
    MAX_PIECES,
    CashMovementInfo,
    Denomination,
    MethodTotal,
)
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel

AnyIndex = QModelIndex | QPersistentModelIndex

# Columns of the count table.
DENOMINATION, FORM, QUANTITY, SUBTOTAL = range(4)
# Raw values: the denomination's key on every cell, the quantity as an int.
KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 1
VALUE_ROLE = int(Qt.ItemDataRole.UserRole) + 2

_DIGITS_RE = re.compile(r"[0-9]+")


def form_text(denomination: Denomination) -> str:
    if denomination.form == "note":
        return QCoreApplication.translate("ShiftModels", "uang kertas")
    return QCoreApplication.translate("ShiftModels", "koin")


def method_text(method: str) -> str:
    if method == "cash":
        return QCoreApplication.translate("ShiftModels", "Tunai")
    if method == "qris":
        return QCoreApplication.translate("ShiftModels", "QRIS")
    if method == "transfer":
        return QCoreApplication.translate("ShiftModels", "Transfer bank")
    return method


def parse_pieces(text: str) -> int | None:
    """What was typed into a quantity cell: ``""`` is 0, ``"1.200"`` is 1200; None when it is
    not a whole number from 0 to MAX_PIECES."""
    cleaned = text.strip().replace(".", "").replace(" ", "")
    if not cleaned:
        return 0
    if not _DIGITS_RE.fullmatch(cleaned):
        return None
    value = int(cleaned)
    return value if value <= MAX_PIECES else None


class DenominationCountModel(QAbstractTableModel):
    """One row per note/coin of :data:`~bazaar_pos.people.shifts.DENOMINATIONS`: denomination, form,
    quantity (editable) and subtotal. The total is :meth:`total` and the ``totalChanged``
    signal (the screen shows it under the table)."""

    totalChanged = Signal(int)
    # A quantity the model refused: (the denomination's key, what was typed).
    inputRejected = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quantities: dict[str, int] = {d.key: 0 for d in DENOMINATIONS}
        self._headers = [
            QCoreApplication.translate("ShiftModels", "Pecahan"),
            QCoreApplication.translate("ShiftModels", "Bentuk"),
            QCoreApplication.translate("ShiftModels", "Jumlah"),
            QCoreApplication.translate("ShiftModels", "Subtotal"),
        ]
        self._bold = QFont()
        self._bold.setBold(True)

    # --- the count ---------------------------------------------------------------------------
    def denomination(self, row: int) -> Denomination:
        return DENOMINATIONS[row]

    def row_of(self, key: str) -> int:
        for row, denomination in enumerate(DENOMINATIONS):
            if denomination.key == key:
                return row
        raise KeyError(key)

    def counts(self) -> dict[str, int]:
        """Non-zero quantities by key, as :func:`~bazaar_pos.people.shifts.close_shift` wants."""
        return {key: quantity for key, quantity in self._quantities.items() if quantity}

    def total(self) -> int:
        return sum(d.value * self._quantities[d.key] for d in DENOMINATIONS)

    def set_quantity(self, key: str, quantity: int) -> None:
        if quantity < 0 or quantity > MAX_PIECES:
            raise ValueError(f"quantity {quantity} out of range for {key}")
        row = self.row_of(key)
        if self._quantities[key] == quantity:
            return
        self._quantities[key] = quantity
        self.dataChanged.emit(self.index(row, QUANTITY), self.index(row, SUBTOTAL))
        self.totalChanged.emit(self.total())

    def set_counts(self, counts: Mapping[str, int]) -> None:
        self.beginResetModel()
        self._quantities = {d.key: int(counts.get(d.key, 0)) for d in DENOMINATIONS}
        self.endResetModel()
        self.totalChanged.emit(self.total())

    def clear(self) -> None:
        self.set_counts({})

    # --- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DENOMINATIONS)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (QUANTITY, SUBTOTAL):
            return RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == QUANTITY:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(DENOMINATIONS):
            return None
        denomination = DENOMINATIONS[index.row()]
        quantity = self._quantities[denomination.key]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DENOMINATION:
                return format_rupiah(denomination.value)
            if column == FORM:
                return form_text(denomination)
            if column == QUANTITY:
                return format_number(quantity)
            if column == SUBTOTAL:
                return format_rupiah(denomination.value * quantity)
            return None
        if role == Qt.ItemDataRole.EditRole and column == QUANTITY:
            return str(quantity) if quantity else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            DENOMINATION,
            QUANTITY,
            SUBTOTAL,
        ):
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and column == QUANTITY and quantity:
            return self._bold
        if role == KEY_ROLE:
            return denomination.key
        if role == VALUE_ROLE:
            if column == DENOMINATION:
                return denomination.value
            if column == QUANTITY:
                return quantity
            if column == SUBTOTAL:
                return denomination.value * quantity
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != QUANTITY or role != Qt.ItemDataRole.EditRole:
            return False
        key = DENOMINATIONS[index.row()].key
        if isinstance(value, bool):
            quantity: int | None = None
        elif isinstance(value, int):
            quantity = value if 0 <= value <= MAX_PIECES else None
        else:
            quantity = parse_pieces(str(value))
        if quantity is None:
            self.inputRejected.emit(key, str(value))
            return False
        self.set_quantity(key, quantity)
        return True


# Columns of the method table.
METHOD, SALES, REFUNDS, NET = range(4)


class MethodTotalsModel(RecordTableModel[MethodTotal]):
    """Per payment method: sales, refunds and net of the shift (read-only)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            QCoreApplication.translate("ShiftModels", "Metode"),
            QCoreApplication.translate("ShiftModels", "Penjualan"),
            QCoreApplication.translate("ShiftModels", "Refund"),
            QCoreApplication.translate("ShiftModels", "Bersih"),
        ]
        self.right_aligned = frozenset({SALES, REFUNDS, NET})

    def cell(self, record: MethodTotal, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == METHOD:
                return method_text(record.method)
            amount = {SALES: record.sales, REFUNDS: record.refunds, NET: record.net}.get(column)
            return format_rupiah(amount) if amount is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return RIGHT
        if role == VALUE_ROLE:
            return {SALES: record.sales, REFUNDS: record.refunds, NET: record.net}.get(column)
        return None


# Columns of the paid-in / paid-out table.
TIME, KIND, AMOUNT, REASON, USER = range(5)


class CashMovementModel(RecordTableModel[CashMovementInfo]):
    """The shift's paid-in and paid-out entries, oldest first (read-only)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            QCoreApplication.translate("ShiftModels", "Waktu"),
            QCoreApplication.translate("ShiftModels", "Jenis"),
            QCoreApplication.translate("ShiftModels", "Nominal"),
            QCoreApplication.translate("ShiftModels", "Alasan"),
            QCoreApplication.translate("ShiftModels", "Oleh"),
        ]
        self.right_aligned = frozenset({AMOUNT})

    def cell(self, record: CashMovementInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TIME:
                return record.created_at.astimezone().strftime("%H:%M")
            if column == KIND:
                if record.kind == CashMovementKind.PAID_IN:
                    return QCoreApplication.translate("ShiftModels", "Uang masuk")
                return QCoreApplication.translate("ShiftModels", "Uang keluar")
            if column == AMOUNT:
                sign = "+" if record.signed_amount > 0 else "-"
                return sign + format_rupiah(record.amount)
            if column == REASON:
                return record.reason
            if column == USER:
                return record.user_name
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return RIGHT
        if role == VALUE_ROLE and column == AMOUNT:
            return record.signed_amount
        return None
