"""Qt models of the variance report: one row per product, and the totals per institution.

Display texts go through :func:`~bazaar_pos.money.format_number` / ``format_rupiah``; the raw
figures are in :data:`~bazaar_pos.ui.table_view.SORT_ROLE` so that sorting is numeric ("1.600"
after "125") and a product without a figure (not counted, stock not tracked) sorts after every
number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from bazaar_pos.money import (
    format_number,
    format_rupiah,
    format_signed_number,
    format_signed_rupiah,
)
from bazaar_pos.stock.documents import InstitutionVariance, VarianceLine, VarianceTotals
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel
from bazaar_pos.ui.table_view import MUTED, NEGATIVE, POSITIVE, SORT_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

(
    COL_INSTITUTION,
    COL_SKU,
    COL_NAME,
    COL_OPENING,
    COL_ARRIVALS,
    COL_SOLD,
    COL_REFUNDED,
    COL_RETURNED,
    COL_DAMAGED,
    COL_ADJUSTED,
    COL_EXPECTED,
    COL_COUNTED,
    COL_VARIANCE,
    COL_VARIANCE_VALUE,
    COL_SALES_VALUE,
) = range(15)
_TEXT_COLUMNS = {COL_INSTITUTION, COL_SKU, COL_NAME}
# Columns that only mean something for goods whose stock is tracked.
_STOCK_COLUMNS = {
    COL_OPENING,
    COL_ARRIVALS,
    COL_REFUNDED,
    COL_RETURNED,
    COL_DAMAGED,
    COL_ADJUSTED,
    COL_EXPECTED,
}

# Movements between the counts: mostly zero, shown grey when they are.
_MOVEMENT_COLUMNS = {
    COL_ARRIVALS,
    COL_SOLD,
    COL_REFUNDED,
    COL_RETURNED,
    COL_DAMAGED,
    COL_ADJUSTED,
    COL_SALES_VALUE,
}

PENDING = QColor("#8a5300")
NEGATIVE_ROW = QColor("#fde8ea")
DASH = "—"


def _figure_colour(value: int | None) -> QColor | None:
    if value is None or value == 0:
        return None
    return NEGATIVE if value < 0 else POSITIVE


class VarianceModel(RecordTableModel[VarianceLine]):
    """Rows are the report's :class:`VarianceLine` s, in the report's order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Instansi"),
            self.tr("SKU"),
            self.tr("Produk"),
            self.tr("Awal"),
            self.tr("Masuk"),
            self.tr("Terjual"),
            self.tr("Refund"),
            self.tr("Retur"),
            self.tr("Rusak"),
            self.tr("Koreksi"),
            self.tr("Seharusnya"),
            self.tr("Dihitung"),
            self.tr("Selisih"),
            self.tr("Selisih Rp"),
            self.tr("Penjualan Rp"),
        ]
        self.right_aligned = frozenset(range(len(self.headers))) - _TEXT_COLUMNS
        self.header_tips = {
            COL_OPENING: self.tr("Stok saat penghitungan awal diposting"),
            COL_ARRIVALS: self.tr("Barang datang setelah penghitungan awal"),
            COL_RETURNED: self.tr("Dikembalikan ke instansi"),
            COL_DAMAGED: self.tr("Rusak atau hilang (dengan alasan)"),
            COL_ADJUSTED: self.tr("Koreksi dari hitung cek selama acara"),
            COL_EXPECTED: self.tr("Awal + Masuk − Terjual + Refund − Retur − Rusak + Koreksi"),
            COL_COUNTED: self.tr(
                "Hasil penghitungan akhir, ditambah mutasi yang tercatat sesudah barang itu "
                "dihitung (penjualan selama penghitungan bukan selisih)"
            ),
            COL_VARIANCE: self.tr("Dihitung − Seharusnya; negatif = kurang"),
            COL_VARIANCE_VALUE: self.tr("Selisih × harga jual"),
            COL_SALES_VALUE: self.tr("Uang penjualan produk ini di acara"),
        }
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_lines(self, lines: Sequence[VarianceLine]) -> None:
        self.set_records(lines)

    def line(self, row: int) -> VarianceLine:
        return self.record(row)

    def row_of_product(self, product_id: int) -> int | None:
        return self.row_where(lambda line: line.product_id == product_id)

    def cell(self, line: VarianceLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, column)
        if role == SORT_ROLE:
            return raw_value(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in _TEXT_COLUMNS:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._colour(line, column)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.BackgroundRole and (line.variance or 0) < 0:
            return QBrush(NEGATIVE_ROW)
        if role == Qt.ItemDataRole.FontRole:
            if column in (COL_VARIANCE, COL_VARIANCE_VALUE) and (line.variance or 0) < 0:
                return self._bold
            if column == COL_COUNTED and line.counted is None:
                return self._italic
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        return None

    def _display(self, line: VarianceLine, column: int) -> str:
        if column == COL_INSTITUTION:
            return line.institution_code
        if column == COL_SKU:
            return line.sku
        if column == COL_NAME:
            return line.name
        if column == COL_SALES_VALUE:
            return format_rupiah(line.sales_value)
        if column == COL_SOLD:
            return format_number(line.sold)
        if not line.track_stock:
            return self.tr("tidak dilacak") if column == COL_COUNTED else DASH
        if column == COL_COUNTED:
            return (
                self.tr("belum dihitung") if line.counted is None else format_number(line.counted)
            )
        if column == COL_VARIANCE:
            return DASH if line.variance is None else format_signed_number(line.variance)
        if column == COL_VARIANCE_VALUE:
            return (
                DASH if line.variance_value is None else format_signed_rupiah(line.variance_value)
            )
        value = raw_value(line, column)
        return format_number(value) if isinstance(value, int) else DASH

    def _colour(self, line: VarianceLine, column: int) -> QColor | None:
        if column in (COL_VARIANCE, COL_VARIANCE_VALUE):
            return MUTED if line.variance == 0 else _figure_colour(line.variance)
        if column in _MOVEMENT_COLUMNS and not raw_value(line, column):
            return MUTED  # the zeros step back so the figures that moved stand out
        if column == COL_COUNTED and line.counted is None:
            return PENDING if line.track_stock else MUTED
        if not line.track_stock and column in _STOCK_COLUMNS:
            return MUTED
        return None

    def _tooltip(self, line: VarianceLine, column: int) -> str | None:
        if column == COL_NAME:  # the column is often narrower than the name
            return f"{line.name} ({line.workshop})" if line.workshop else line.name
        if not line.track_stock:
            return self.tr("Stok produk ini tidak dilacak (mis. minuman kafe): hanya penjualan.")
        if column == COL_EXPECTED:
            return self.tr(
                "{opening} + {arrivals} − {sold} + {refunded} − {returned} − {damaged} "
                "+ {adjusted} = {expected}"
            ).format(
                opening=format_number(line.opening),
                arrivals=format_number(line.arrivals),
                sold=format_number(line.sold),
                refunded=format_number(line.refunded),
                returned=format_number(line.returned),
                damaged=format_number(line.damaged),
                adjusted=format_number(line.adjusted),
                expected=format_number(line.expected),
            )
        if column in (COL_VARIANCE, COL_VARIANCE_VALUE, COL_COUNTED):
            if line.variance is None:
                return self.tr("Belum dihitung pada penghitungan akhir.")
            if line.variance < 0:
                return self.tr("Kurang {qty} {unit} ({value}) dari yang seharusnya ada.").format(
                    qty=format_number(-line.variance),
                    unit=line.unit,
                    value=format_rupiah(-(line.variance_value or 0)),
                )
            if line.variance > 0:
                return self.tr("Lebih {qty} {unit} dari yang seharusnya ada.").format(
                    qty=format_number(line.variance), unit=line.unit
                )
            return self.tr("Cocok dengan yang seharusnya ada.")
        return None


def raw_value(line: VarianceLine, column: int) -> int | str | None:
    """The value a cell is sorted by; None where the product has no such figure."""
    if column == COL_INSTITUTION:
        return line.institution_code
    if column == COL_SKU:
        return line.sku
    if column == COL_NAME:
        return line.name
    if column == COL_SOLD:
        return line.sold
    if column == COL_SALES_VALUE:
        return line.sales_value
    if not line.track_stock:
        return None
    figures: dict[int, int | None] = {
        COL_OPENING: line.opening,
        COL_ARRIVALS: line.arrivals,
        COL_REFUNDED: line.refunded,
        COL_RETURNED: line.returned,
        COL_DAMAGED: line.damaged,
        COL_ADJUSTED: line.adjusted,
        COL_EXPECTED: line.expected,
        COL_COUNTED: line.counted,
        COL_VARIANCE: line.variance,
        COL_VARIANCE_VALUE: line.variance_value,
    }
    return figures.get(column)


def needs_attention(line: VarianceLine) -> bool:
    """A line the "only differences / not counted" filter keeps."""
    return line.uncounted or bool(line.variance)


class SortFilterProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE`: numbers as numbers, texts without case, and cells without a
    figure (None) after all others whichever way the column is sorted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a = left.data(SORT_ROLE)
        b = right.data(SORT_ROLE)
        if a is None or b is None:
            if a is None and b is None:
                return left.row() < right.row()
            # Qt reverses lessThan for a descending sort: answer so that None stays last.
            none_is_less = self.sortOrder() == Qt.SortOrder.DescendingOrder
            return none_is_less if a is None else not none_is_less
        if isinstance(a, str) or isinstance(b, str):
            return str(a).casefold() < str(b).casefold()
        return bool(a < b)

    def _refilter(self) -> None:
        # Qt ≥ 6.9 asks for begin/endFilterChange; older Qt only has invalidateRowsFilter.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.9
            self.invalidateRowsFilter()


class VarianceFilterProxy(SortFilterProxy):
    """Filters by institution, by text in the name or SKU, and to the lines needing attention."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._institution_id: int | None = None
        self._text = ""
        self._only_attention = False

    @property
    def institution_id(self) -> int | None:
        return self._institution_id

    def set_institution(self, institution_id: int | None) -> None:
        if institution_id != self._institution_id:
            self._institution_id = institution_id
            self._refilter()

    def set_text(self, text: str) -> None:
        folded = text.strip().casefold()
        if folded != self._text:
            self._text = folded
            self._refilter()

    def set_only_attention(self, only: bool) -> None:
        if only != self._only_attention:
            self._only_attention = only
            self._refilter()

    def line(self, row: int) -> VarianceLine:
        """The line shown in proxy row ``row``."""
        source = self.sourceModel()
        assert isinstance(source, VarianceModel)
        return source.line(self.mapToSource(self.index(row, 0)).row())

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        source = self.sourceModel()
        if not isinstance(source, VarianceModel) or source_row >= source.rowCount():
            return False
        line = source.line(source_row)
        if self._institution_id is not None and line.institution_id != self._institution_id:
            return False
        if self._only_attention and not needs_attention(line):
            return False
        return (
            not self._text
            or self._text in line.name.casefold()
            or (self._text in line.sku.casefold())
        )


# --- totals per institution and for the event ----------------------------------------------

(
    TOT_INSTITUTION,
    TOT_PRODUCTS,
    TOT_EXPECTED,
    TOT_COUNTED,
    TOT_UNCOUNTED,
    TOT_VARIANCE,
    TOT_VARIANCE_VALUE,
    TOT_SALES_VALUE,
) = range(8)


class VarianceTotalsModel(RecordTableModel[tuple[str, VarianceTotals]]):
    """One row per institution, then the event's total (bold)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._has_event_row = False
        self.headers = [
            self.tr("Instansi"),
            self.tr("Produk"),
            self.tr("Seharusnya"),
            self.tr("Dihitung"),
            self.tr("Belum dihitung"),
            self.tr("Selisih"),
            self.tr("Selisih Rp"),
            self.tr("Penjualan Rp"),
        ]
        self.right_aligned = frozenset(range(len(self.headers))) - {TOT_INSTITUTION}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_totals(
        self, institutions: Sequence[InstitutionVariance], event_totals: VarianceTotals | None
    ) -> None:
        rows = [
            (f"{inst.code} · {inst.name}" if inst.name else inst.code, inst.totals)
            for inst in institutions
        ]
        if event_totals is not None:
            rows.append((self.tr("Total acara"), event_totals))
        self._has_event_row = event_totals is not None
        self.set_records(rows)

    def totals(self, row: int) -> VarianceTotals:
        return self.record(row)[1]

    def _is_event_row(self, row: tuple[str, VarianceTotals]) -> bool:
        return self._has_event_row and row is self._records[-1]

    def cell(self, row: tuple[str, VarianceTotals], column: int, role: int) -> Any:
        name, totals = row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TOT_INSTITUTION:
                return name
            return self._display(totals, column)
        if role == SORT_ROLE:
            return name if column == TOT_INSTITUTION else self._raw(totals, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != TOT_INSTITUTION:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column in (TOT_VARIANCE, TOT_VARIANCE_VALUE):
                colour = _figure_colour(
                    totals.variance if column == TOT_VARIANCE else totals.variance_value
                )
                return QBrush(colour) if colour is not None else None
            if column == TOT_UNCOUNTED and totals.uncounted:
                return QBrush(PENDING)
            return None
        if role == Qt.ItemDataRole.FontRole and self._is_event_row(row):
            return self._bold
        return None

    @staticmethod
    def _raw(totals: VarianceTotals, column: int) -> int:
        return {
            TOT_PRODUCTS: totals.products,
            TOT_EXPECTED: totals.expected,
            TOT_COUNTED: totals.counted,
            TOT_UNCOUNTED: totals.uncounted,
            TOT_VARIANCE: totals.variance,
            TOT_VARIANCE_VALUE: totals.variance_value,
            TOT_SALES_VALUE: totals.sales_value,
        }[column]

    def _display(self, totals: VarianceTotals, column: int) -> str:
        value = self._raw(totals, column)
        if column == TOT_VARIANCE:
            return format_signed_number(value)
        if column == TOT_VARIANCE_VALUE:
            return format_signed_rupiah(value)
        if column == TOT_SALES_VALUE:
            return format_rupiah(value)
        return format_number(value)
