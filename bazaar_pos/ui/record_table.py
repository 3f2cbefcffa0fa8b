"""A read-only table model over a list of records: one record per row, fixed columns.

:class:`RecordTableModel` holds the records and answers the Qt calls every such table
answers the same way (row and column counts, header texts, tips and alignment, flags). A
subclass sets :attr:`~RecordTableModel.headers` (and optionally
:attr:`~RecordTableModel.header_tips` and :attr:`~RecordTableModel.right_aligned`) in its
``__init__`` and implements :meth:`~RecordTableModel.cell`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

T = TypeVar("T")


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """Rows are records of type ``T``; the columns are named by :attr:`headers`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[T] = []
        self.headers: list[str] = []
        self.header_tips: dict[int, str] = {}
        # Number columns: their headers (and, where the subclass asks, cells) align right.
        self.right_aligned: frozenset[int] = frozenset()

    # --- records -----------------------------------------------------------------------
    def set_records(self, records: Iterable[T]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> T:
        return self._records[row]

    def records(self) -> list[T]:
        return list(self._records)

    def row_where(self, predicate: Callable[[T], bool]) -> int | None:
        """The first row whose record satisfies ``predicate``, or ``None``."""
        for row, record in enumerate(self._records):
            if predicate(record):
                return row
        return None

    def cell(self, record: T, column: int, role: int) -> Any:
        """What :meth:`data` answers for ``record`` in ``column``; ``None`` for nothing."""
        raise NotImplementedError

    # --- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.right_aligned:
            return RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        return self.cell(self._records[index.row()], index.column(), role)
