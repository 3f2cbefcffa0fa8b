"""Qt model of one breakdown of the sales report (per product, institution, hour …).

Rows are :class:`bazaar_pos.reports.sales.ReportRow` s in the report's order. Money is shown with
:func:`~bazaar_pos.money.format_rupiah`; the share is the row's net of the report's total net.
The raw figures are in :data:`~bazaar_pos.ui.table_view.SORT_ROLE` so that sorting by a column is
numeric.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.reports.sales import ReportRow
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel
from bazaar_pos.ui.table_view import MUTED, SORT_ROLE

(
    COL_KEY,
    COL_LABEL,
    COL_QUANTITY,
    COL_GROSS,
    COL_REFUNDS,
    COL_NET,
    COL_RECEIPTS,
    COL_SHARE,
) = range(8)
_TEXT_COLUMNS = frozenset({COL_KEY, COL_LABEL})

REFUND_COLOUR = QColor("#b00020")
DASH = "—"


def share_of(net: int, total_net: int) -> float | None:
    """``net`` as a percentage of ``total_net``; None when there is nothing to share."""
    if total_net <= 0:
        return None
    return 100.0 * net / total_net


def format_share(share: float | None) -> str:
    """``12.345`` -> ``'12,3%'`` (a decimal comma, as Indonesians write it)."""
    if share is None:
        return DASH
    return f"{share:.1f}".replace(".", ",") + "%"


class ReportRowsModel(RecordTableModel[ReportRow]):
    """One breakdown of a :class:`~bazaar_pos.reports.sales.SalesReport`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.total_net = 0
        self.headers = [
            self.tr("Kode"),
            self.tr("Nama"),
            self.tr("Jumlah"),
            self.tr("Kotor"),
            self.tr("Refund"),
            self.tr("Bersih"),
            self.tr("Struk"),
            self.tr("Porsi"),
        ]
        self.right_aligned = frozenset(range(len(self.headers))) - _TEXT_COLUMNS
        self.header_tips = {
            COL_QUANTITY: self.tr("Unit terjual dikurangi unit yang direfund"),
            COL_GROSS: self.tr("Penjualan seperti dibayar pembeli, sebelum refund"),
            COL_REFUNDS: self.tr("Uang yang dikembalikan untuk baris-baris ini"),
            COL_NET: self.tr("Kotor − Refund"),
            COL_RECEIPTS: self.tr("Jumlah struk (transaksi) yang memuat baris ini"),
            COL_SHARE: self.tr("Bagian dari total penjualan bersih laporan"),
        }
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[ReportRow], total_net: int) -> None:
        """Show ``rows``; shares are of ``total_net`` (the report's net, not the rows' sum:
        the best sellers are only ten products)."""
        self.total_net = total_net
        self.set_records(rows)

    def set_titles(self, key_title: str, label_title: str) -> None:
        """What the first two columns are called in this breakdown ("SKU"/"Produk" …)."""
        self.headers[COL_KEY] = key_title
        self.headers[COL_LABEL] = label_title
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_KEY, COL_LABEL)

    def row(self, row: int) -> ReportRow:
        return self.record(row)

    def row_of_key(self, key: str) -> int | None:
        return self.row_where(lambda record: record.key == key)

    def share(self, record: ReportRow) -> float | None:
        return share_of(record.net, self.total_net)

    def cell(self, record: ReportRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == SORT_ROLE:
            return self._raw(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in _TEXT_COLUMNS:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_REFUNDS:
                return QBrush(REFUND_COLOUR if record.refunds else MUTED)
            return None
        if role == Qt.ItemDataRole.FontRole and column == COL_NET:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_LABEL:
            return record.label  # the column is often narrower than a product's name
        return None

    def _display(self, record: ReportRow, column: int) -> str:
        if column == COL_KEY:
            return record.key
        if column == COL_LABEL:
            return record.label
        if column == COL_QUANTITY:
            return format_number(record.quantity)
        if column == COL_GROSS:
            return format_rupiah(record.gross)
        if column == COL_REFUNDS:
            return format_rupiah(record.refunds)
        if column == COL_NET:
            return format_rupiah(record.net)
        if column == COL_RECEIPTS:
            return format_number(record.receipts)
        if column == COL_SHARE:
            return format_share(self.share(record))
        return ""

    def _raw(self, record: ReportRow, column: int) -> int | float | str:
        if column == COL_SHARE:
            return self.share(record) or 0.0
        values: dict[int, int | str] = {
            COL_KEY: record.key,
            COL_LABEL: record.label,
            COL_QUANTITY: record.quantity,
            COL_GROSS: record.gross,
            COL_REFUNDS: record.refunds,
            COL_NET: record.net,
            COL_RECEIPTS: record.receipts,
        }
        return values.get(column, "")
