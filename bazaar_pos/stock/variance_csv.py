"""The variance report as CSV, for spreadsheets and for the regional office (Kanwil).

A stable machine format: the column names below never change meaning; new columns are
only ever added at the end.

- UTF-8 with a byte-order mark (Excel then reads the names correctly), comma separated,
  ``\\r\\n`` line ends, fields quoted only when needed (the :mod:`csv` module's defaults).
- One header row, then one row per product of the event, in the report's order
  (institution code, then name).
- Numbers are plain integers: no ``Rp``, no thousands separators, ``-`` for negative, so a
  spreadsheet can sum them. Quantities are units; ``unit_price``, ``variance_value`` and
  ``sales_value`` are whole Rupiah.
- ``counted``, ``variance`` and ``variance_value`` are empty when the product was not
  counted (or is not stock-tracked); ``track_stock`` is ``1`` or ``0``.
- Text fields (``institution_code``, ``sku``, ``name``, ``unit``, ``category``,
  ``workshop``) starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a
  leading ``'`` so a spreadsheet shows them as text instead of running them as a formula
  (:func:`bazaar_pos.csv_cells.neutralise`). Number columns are never altered.

Columns::

    institution_code, sku, name, unit, category, workshop, track_stock, unit_price,
    opening, arrivals, sold, refunded, returned, damaged, adjusted, expected,
    counted, variance, variance_value, sales_value

``expected = opening + arrivals - sold + refunded - returned - damaged + adjusted`` and
``variance = counted - expected`` (negative: goods missing); see
:class:`bazaar_pos.stock.documents.VarianceLine`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bazaar_pos.csv_cells import neutralise
from bazaar_pos.files import write_file_atomically
from bazaar_pos.stock.documents import VarianceLine, VarianceReport

__all__ = ["CSV_COLUMNS", "write_variance_csv"]

CSV_COLUMNS: tuple[str, ...] = (
    "institution_code",
    "sku",
    "name",
    "unit",
    "category",
    "workshop",
    "track_stock",
    "unit_price",
    "opening",
    "arrivals",
    "sold",
    "refunded",
    "returned",
    "damaged",
    "adjusted",
    "expected",
    "counted",
    "variance",
    "variance_value",
    "sales_value",
)


def _optional(value: int | None) -> str:
    return "" if value is None else str(value)


def _row(line: VarianceLine) -> list[str]:
    return [
        neutralise(line.institution_code),
        neutralise(line.sku),
        neutralise(line.name),
        neutralise(line.unit),
        neutralise(line.category),
        neutralise(line.workshop),
        "1" if line.track_stock else "0",
        str(line.unit_price),
        str(line.opening),
        str(line.arrivals),
        str(line.sold),
        str(line.refunded),
        str(line.returned),
        str(line.damaged),
        str(line.adjusted),
        str(line.expected),
        _optional(line.counted),
        _optional(line.variance),
        _optional(line.variance_value),
        str(line.sales_value),
    ]


def write_variance_csv(report: VarianceReport, path: Path) -> Path:
    """Write one row per product of ``report`` to ``path`` (atomically: a temporary file in
    the same folder, then :func:`os.replace`; parent folders are created) and return it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_row(line) for line in report.lines)
    return write_file_atomically(Path(path), buffer.getvalue().encode("utf-8-sig"))
