"""Qt models of a count sheet: one row per product being counted, and a proxy that filters the
rows by institution, category, text and "only uncounted" and sorts them on raw numbers.

The figures come from :mod:`bazaar_pos.stock.counts`; this module only shows them. A scan or a typed
count changes one product, so the model replaces that one line in place (``update_line``) and
announces only that row: counting 5,000 products stays as quick as counting 30.

Which columns exist depends on the count: while a *blind* count is open the expected figure
and the variance columns are not part of the model at all (not merely empty), so neither the
view nor a sort nor a tooltip can give them away. After posting, "Penyesuaian" (the adjustment
written to the ledger) is added.
"""

from __future__ import annotations

import re
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from bazaar_pos.db import Database
from bazaar_pos.db.models import CountStatus
from bazaar_pos.errors import InvalidQuantity, PosError
from bazaar_pos.money import (
    format_number,
    format_rupiah,
    format_signed_number,
    format_signed_rupiah,
)
from bazaar_pos.people.access import Actor
from bazaar_pos.stock.counts import CountSessionInfo, CountSheet, CountSheetLine, set_counted
from bazaar_pos.ui.record_table import RIGHT
from bazaar_pos.ui.table_view import SORT_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

# What a column shows. The model's columns are a subset of these, in this order.
(
    INSTITUTION,
    SKU,
    NAME,
    PRICE,
    EXPECTED,
    COUNTED,
    VARIANCE,
    VARIANCE_VALUE,
    ADJUSTMENT,
) = range(9)
ALL_COLUMNS = (
    INSTITUTION,
    SKU,
    NAME,
    PRICE,
    EXPECTED,
    COUNTED,
    VARIANCE,
    VARIANCE_VALUE,
    ADJUSTMENT,
)
_BLIND_COLUMNS = (INSTITUTION, SKU, NAME, PRICE, COUNTED)
_OPEN_COLUMNS = (INSTITUTION, SKU, NAME, PRICE, EXPECTED, COUNTED, VARIANCE, VARIANCE_VALUE)
_NUMERIC = {PRICE, EXPECTED, COUNTED, VARIANCE, VARIANCE_VALUE, ADJUSTMENT}
_SIGNED = {VARIANCE, VARIANCE_VALUE, ADJUSTMENT}

# Raw values for sorting are under SORT_ROLE (ints stay ints: "Rp 9.000" must not sort after
# "Rp 10.000"); the product's id is the role after it.
PRODUCT_ID_ROLE = SORT_ROLE + 1

_MISSING = QColor("#b00020")  # fewer than expected: goods (and money) missing
_MISSING_BACKGROUND = QColor("#fde8eb")
_SURPLUS = QColor("#0d47a1")  # more than expected: a miscount or an unrecorded arrival
_NOT_COUNTED = QColor("#8a8a8a")
_NUMBER_RE = re.compile(r"-?[0-9]+")

# The view asks data() about a thousand times per repaint: enum arithmetic and new brushes
# and fonts per call are a noticeable part of a scan on a 5,000-line sheet, so they are made
# once here.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FONT = Qt.ItemDataRole.FontRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable

NOT_COUNTED_TEXT = "—"


def parse_counted(text: str) -> int | None:
    """What a clerk typed into the "Dihitung" cell: empty means "not counted" (``None``).

    Dots group thousands ("1.600"). Whether the number is allowed (not negative, not absurd)
    is the count service's rule, so it is left to :func:`bazaar_pos.stock.counts.set_counted`.
    """
    cleaned = text.strip().replace(".", "").replace(" ", "")
    if not cleaned:
        return None
    if not _NUMBER_RE.fullmatch(cleaned):
        raise InvalidQuantity(text.strip(), "not_a_number")
    return int(cleaned)


def columns_for(session: CountSessionInfo | None) -> tuple[int, ...]:
    """The columns a count shows: no expected/variance while blind and open; the adjustment
    only once posted."""
    if session is None:
        return _OPEN_COLUMNS
    if session.status == CountStatus.POSTED:
        return ALL_COLUMNS
    if session.blind and session.status == CountStatus.OPEN:
        return _BLIND_COLUMNS
    return _OPEN_COLUMNS


class CountSheetModel(QAbstractTableModel):
    """Rows are the lines of one count sheet; "Dihitung" is editable while the count is open.

    A typed count goes straight to :func:`bazaar_pos.stock.counts.set_counted` (one service call per
    edit) and the line the service returns replaces the row.
    """

    # A typed count was saved: the new line (the screen says so in its status area).
    lineCounted = Signal(object)  # CountSheetLine
    # A typed count was refused (not a number, negative, count closed …): the error.
    editRejected = Signal(object)  # PosError
    # How many lines have a count, of how many: after every change.
    progressChanged = Signal(int, int)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.actor: Actor | None = None  # who types the counts (the screen's logged-in user)
        self._session: CountSessionInfo | None = None
        self._lines: list[CountSheetLine] = []
        self._row_of: dict[int, int] = {}
        self._counted = 0
        self._columns: tuple[int, ...] = columns_for(None)
        self._editable = False
        self._brushes = {
            "missing": QBrush(_MISSING),
            "missing_background": QBrush(_MISSING_BACKGROUND),
            "surplus": QBrush(_SURPLUS),
            "not_counted": QBrush(_NOT_COUNTED),
        }
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._titles = {
            INSTITUTION: self.tr("Instansi"),
            SKU: self.tr("SKU"),
            NAME: self.tr("Produk"),
            PRICE: self.tr("Harga"),
            EXPECTED: self.tr("Seharusnya"),
            COUNTED: self.tr("Dihitung"),
            VARIANCE: self.tr("Selisih"),
            VARIANCE_VALUE: self.tr("Selisih Rp"),
            ADJUSTMENT: self.tr("Penyesuaian"),
        }
        self._header_tips = {
            EXPECTED: self.tr(
                "Stok saat penghitungan dimulai, ditambah mutasi sesudahnya (penjualan selama "
                "penghitungan sudah diperhitungkan)."
            ),
            COUNTED: self.tr("Kosong = belum dihitung (berbeda dengan 0)."),
            VARIANCE: self.tr("Dihitung dikurangi seharusnya; minus = barang kurang."),
            VARIANCE_VALUE: self.tr("Selisih × harga jual."),
            ADJUSTMENT: self.tr("Mutasi penyesuaian yang ditulis ke buku stok saat posting."),
        }

    # --- loading and updating ------------------------------------------------------------
    def set_sheet(self, sheet: CountSheet | None) -> None:
        """Show a whole sheet (a new count, another session, or after posting)."""
        self.beginResetModel()
        self._session = sheet.session if sheet is not None else None
        self._lines = list(sheet.lines) if sheet is not None else []
        self._row_of = {line.product_id: row for row, line in enumerate(self._lines)}
        self._counted = sum(1 for line in self._lines if line.counted is not None)
        self._columns = columns_for(self._session)
        self._editable = self.is_open
        self.endResetModel()
        self.progressChanged.emit(self._counted, len(self._lines))

    def update_line(self, line: CountSheetLine) -> int:
        """Put the line a scan or typed count returned in its row (or append it: a product
        that joined the scope after the count started); returns the row. Only that row is
        announced as changed."""
        row = self._row_of.get(line.product_id)
        if row is None:
            row = len(self._lines)
            self.beginInsertRows(QModelIndex(), row, row)
            self._lines.append(line)
            self._row_of[line.product_id] = row
            self.endInsertRows()
            self._counted += line.counted is not None
        else:
            before = self._lines[row]
            self._lines[row] = line
            self._counted += (line.counted is not None) - (before.counted is not None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))
        self.progressChanged.emit(self._counted, len(self._lines))
        return row

    # --- what the screen asks -------------------------------------------------------------
    @property
    def session(self) -> CountSessionInfo | None:
        return self._session

    @property
    def lines(self) -> tuple[CountSheetLine, ...]:
        return tuple(self._lines)

    @property
    def counted_lines(self) -> int:
        return self._counted

    @property
    def is_open(self) -> bool:
        return self._session is not None and self._session.status == CountStatus.OPEN

    @property
    def columns(self) -> tuple[int, ...]:
        """The kinds of column shown, in order (``COUNTED`` …)."""
        return self._columns

    def column(self, kind: int) -> int:
        """The model column showing ``kind``, or -1 when this count does not show it."""
        return self._columns.index(kind) if kind in self._columns else -1

    def line(self, row: int) -> CountSheetLine:
        return self._lines[row]

    def row_of(self, product_id: int) -> int | None:
        return self._row_of.get(product_id)

    def sort_value(self, row: int, column: int) -> int | str | None:
        """The raw figure of a cell (``SORT_ROLE``), read straight from the sheet."""
        return self._raw(self._columns[column], self._lines[row])

    def uncounted(self) -> list[CountSheetLine]:
        return [line for line in self._lines if line.counted is None]

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        kind = self._columns[section]
        if role == _DISPLAY:
            return self._titles[kind]
        if role == _TOOLTIP:
            return self._header_tips.get(kind)
        if role == _ALIGNMENT and kind in _NUMERIC:
            return RIGHT
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._lines) and 0 <= column < len(self._columns)):
            return None  # also an invalid index (row -1)
        line = self._lines[row]
        kind = self._columns[column]
        if role == _DISPLAY:
            return self._display(kind, line)
        if role == _ALIGNMENT:
            return RIGHT if kind in _NUMERIC else None
        if role == _FOREGROUND:
            return self._foreground(kind, line)
        if role == _FONT:
            return self._font(kind, line)
        if role == _BACKGROUND:
            value = self._signed(kind, line) if kind in _SIGNED else None
            return self._brushes["missing_background"] if value is not None and value < 0 else None
        if role == _EDIT:
            if kind == COUNTED:
                return "" if line.counted is None else str(line.counted)
            return self._display(kind, line)
        if role == SORT_ROLE:
            return self._raw(kind, line)
        if role == PRODUCT_ID_ROLE:
            return line.product_id
        if role == _TOOLTIP:
            return self._tooltip(kind, line)
        return None

    def _assumed_zero(self, line: CountSheetLine) -> bool:
        """Posted with "uncounted = 0": the line has no count but was treated as 0."""
        session = self._session
        return (
            line.counted is None
            and session is not None
            and session.status == CountStatus.POSTED
            and session.uncounted_as_zero
        )

    def _raw(self, kind: int, line: CountSheetLine) -> int | str | None:
        if kind == INSTITUTION:
            return line.institution_code
        if kind == SKU:
            return line.sku
        if kind == NAME:
            return line.name
        if kind == PRICE:
            return line.unit_price
        if kind == EXPECTED:
            return line.expected
        if kind == COUNTED:
            return 0 if self._assumed_zero(line) else line.counted
        if kind == VARIANCE:
            return line.variance
        if kind == VARIANCE_VALUE:
            return line.variance_value
        return line.adjustment

    @staticmethod
    def _signed(kind: int, line: CountSheetLine) -> int | None:
        if kind == VARIANCE:
            return line.variance
        if kind == VARIANCE_VALUE:
            return line.variance_value
        return line.adjustment

    def _display(self, kind: int, line: CountSheetLine) -> str:
        value = self._raw(kind, line)
        if value is None:
            return NOT_COUNTED_TEXT if kind in (COUNTED, VARIANCE, VARIANCE_VALUE) else ""
        if isinstance(value, str):
            return value
        if kind in (PRICE,):
            return format_rupiah(value)
        if kind == VARIANCE_VALUE:
            return format_signed_rupiah(value)
        if kind in _SIGNED:
            return format_signed_number(value)
        return format_number(value)

    def _foreground(self, kind: int, line: CountSheetLine) -> QBrush | None:
        if kind == COUNTED and (line.counted is None or self._assumed_zero(line)):
            return self._brushes["not_counted"]
        if kind in _SIGNED:
            value = self._signed(kind, line)
            if value is None:
                return self._brushes["not_counted"]
            if value < 0:
                return self._brushes["missing"]
            if value > 0:
                return self._brushes["surplus"]
        return None

    def _font(self, kind: int, line: CountSheetLine) -> QFont | None:
        if kind == COUNTED:
            if self._assumed_zero(line):
                return self._italic
            return self._bold if line.counted is not None else None
        if kind in _SIGNED and self._signed(kind, line):
            return self._bold
        return None

    def _tooltip(self, kind: int, line: CountSheetLine) -> str | None:
        if kind == COUNTED and self._assumed_zero(line):
            return self.tr("Tidak dihitung; dianggap 0 saat posting.")
        if kind == COUNTED and line.counted is None:
            return self.tr("Belum dihitung.")
        if kind == NAME:
            return self.tr("{name} — {unit}, kategori {category}, barcode {barcode}").format(
                name=line.name,
                unit=line.unit,
                category=line.category,
                barcode=line.barcode or "—",
            )
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._editable and self._columns[index.column()] == COUNTED:
            return _EDITABLE
        return _READ_ONLY

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A count typed into "Dihitung": saved through the service at once; on error the
        old figure stays and ``editRejected`` carries the reason."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._session is None:
            return False
        if self._columns[index.column()] != COUNTED:
            return False
        before = self._lines[index.row()]
        try:
            counted = parse_counted("" if value is None else str(value))
            if counted == before.counted:
                return True  # nothing typed differently: no write, no ledger noise
            line = set_counted(self._db, self.actor, self._session.id, before.product_id, counted)
        except PosError as error:
            self.editRejected.emit(error)
            return False
        self.update_line(line)
        self.lineCounted.emit(line)
        return True


class CountSheetFilter(QSortFilterProxyModel):
    """Filters a :class:`CountSheetModel` by institution, category, name/SKU/barcode text and
    "only uncounted"; sorts on the raw figures (``SORT_ROLE``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._institution_id: int | None = None
        self._category: str | None = None
        self._text = ""
        self._only_uncounted = False

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        """Numbers as numbers, texts without case, and "not counted" (None) after every
        figure whichever way the column is sorted."""
        # Read from the sheet, not through QModelIndex.data(): PySide6 6.12 on Python 3.11
        # drops a reference to None each time a C++ QVariant-returning call hands back None,
        # and a sort makes tens of thousands of such calls (the interpreter then aborts).
        model = self.sheet_model()
        a = model.sort_value(left.row(), left.column())
        b = model.sort_value(right.row(), right.column())
        if a is None or b is None:
            if a is None and b is None:
                return left.row() < right.row()
            # Qt swaps the answer for a descending sort: answer so that None stays last.
            none_is_less = self.sortOrder() == Qt.SortOrder.DescendingOrder
            return none_is_less if a is None else not none_is_less
        if isinstance(a, str) or isinstance(b, str):
            return str(a).casefold() < str(b).casefold()
        return bool(a < b)

    def _refilter(self) -> None:
        # Qt >= 6.9 asks for begin/endFilterChange (invalidateRowsFilter is deprecated there);
        # the oldest PySide6 the project allows only has invalidateRowsFilter.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.9
            self.invalidateRowsFilter()

    def sheet_model(self) -> CountSheetModel:
        return cast(CountSheetModel, self.sourceModel())

    def line(self, proxy_row: int) -> CountSheetLine:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sheet_model().line(source.row())

    def proxy_row(self, source_row: int) -> int | None:
        """Where a sheet row is in the filtered, sorted view (None if filtered out)."""
        index = self.mapFromSource(self.sheet_model().index(source_row, 0))
        return index.row() if index.isValid() else None

    @property
    def is_filtered(self) -> bool:
        return (
            self._institution_id is not None
            or self._category is not None
            or bool(self._text)
            or self._only_uncounted
        )

    # Each setter re-filters only when the value changes (typing in the search field calls it
    # per keystroke).
    def set_institution(self, institution_id: int | None) -> None:
        if institution_id != self._institution_id:
            self._institution_id = institution_id
            self._refilter()

    def set_category(self, category: str | None) -> None:
        if category != self._category:
            self._category = category
            self._refilter()

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self._text = text
            self._refilter()

    def set_only_uncounted(self, only: bool) -> None:
        if only != self._only_uncounted:
            self._only_uncounted = only
            self._refilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        line = self.sheet_model().line(source_row)
        if self._institution_id is not None and line.institution_id != self._institution_id:
            return False
        if self._category is not None and line.category != self._category:
            return False
        if self._only_uncounted and line.counted is not None:
            return False
        if self._text:
            haystack = f"{line.name}\n{line.sku}\n{line.barcode or ''}".casefold()
            return self._text in haystack
        return True


__all__ = [
    "ADJUSTMENT",
    "ALL_COLUMNS",
    "COUNTED",
    "EXPECTED",
    "INSTITUTION",
    "NAME",
    "NOT_COUNTED_TEXT",
    "PRICE",
    "PRODUCT_ID_ROLE",
    "SKU",
    "VARIANCE",
    "VARIANCE_VALUE",
    "CountSheetFilter",
    "CountSheetModel",
    "columns_for",
    "parse_counted",
]
