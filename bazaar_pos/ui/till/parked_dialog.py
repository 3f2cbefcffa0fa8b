"""Parked sales of this till: a table to choose the one to resume (F3 on the sale screen)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.till.parking import ParkedSaleInfo
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel

COL_TIME, COL_LABEL, COL_LINES, COL_TOTAL, COL_BY = range(5)


class ParkedSalesModel(RecordTableModel[ParkedSaleInfo]):
    """One row per parked sale, oldest first (the order the customers are waiting in)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Waktu"),
            self.tr("Keterangan"),
            self.tr("Baris"),
            self.tr("Total"),
            self.tr("Diparkir oleh"),
        ]
        self.right_aligned = frozenset({COL_LINES, COL_TOTAL})

    def cell(self, record: ParkedSaleInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_TIME:
                return record.parked_at.astimezone().strftime("%H:%M")  # aware UTC -> local
            if column == COL_LABEL:
                return record.label or self.tr("(tanpa keterangan)")
            if column == COL_LINES:
                return format_number(record.line_count)
            if column == COL_TOTAL:
                return format_rupiah(record.total)
            if column == COL_BY:
                return record.parked_by
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TIME:
            return record.parked_at.astimezone().strftime("%d/%m/%Y %H:%M:%S")
        return None

    def uuid_at(self, row: int) -> str:
        return self.record(row).uuid


class ParkedSalesDialog(QDialog):
    """↑ ↓ choose, Enter resumes, Esc goes back without changing anything."""

    def __init__(self, parked: Sequence[ParkedSaleInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Penjualan diparkir"))
        self.model = ParkedSalesModel(self)
        self.model.set_records(parked)

        self.view = QTableView()
        self.view.setObjectName("parkedView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        self.view.installEventFilter(self)
        if self.model.rowCount():
            self.view.selectRow(0)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setText(self.tr("Lanjutkan (Enter)"))
        # Qt ships no Indonesian for its own buttons: named here, or "Cancel" shows in English.
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Pilih penjualan yang dilanjutkan:")))
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def chosen_uuid(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.uuid_at(rows[0].row()) if rows else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)


def choose_parked(parent: QWidget | None, parked: list[ParkedSaleInfo]) -> str | None:
    """The uuid of the parked sale to resume, or None. Tests replace this function."""
    dialog = ParkedSalesDialog(parked, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen_uuid()
