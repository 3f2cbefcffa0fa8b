"""The end-of-event report as CSV: the same figures as the PDF, for spreadsheets and for the
regional office (Kanwil).

- UTF-8 with a byte-order mark, comma separated, ``\\r\\n`` line ends, fields quoted when
  needed (RFC 4180, the :mod:`csv` module's defaults).
- One header row; every row says what it is in ``section``:

  ``event``
      ``key`` the event's uuid, ``label`` its name, ``group`` its venue.
  ``summary``
      one row per figure of the event; ``key`` is ``receipts``, ``gross``, ``discounts``,
      ``refunds``, ``net`` or ``money_due``, the figure is in ``amount``.
  ``by_product``, ``by_institution``, ``by_workshop``, ``by_category``,
  ``by_payment_method``, ``by_cashier``, ``by_hour``, ``by_day``, ``best_seller``
      the sales breakdowns (:class:`bazaar_pos.reports.sales.ReportRow`).
  ``institution``
      one row per institution: ``quantity`` units sold, ``gross``, ``refunds``, ``net`` =
      ``amount`` = the money due to it, ``receipts``; the variance totals of its closing
      count in ``expected`` … ``variance_value``; ``status`` is ``posted``, ``open`` or
      ``none`` (no closing count).
  ``product``
      the goods each institution sold (``group`` = institution code, ``key`` = SKU).
  ``variance``
      each stock-tracked product of an institution: ``expected``, ``counted``, ``variance``,
      ``variance_value``; ``status`` ``counted`` or ``not_counted`` (then the three are empty).
  ``till``
      one row per till found in the event's data, as the PDF pins it: ``group`` its till code,
      ``key`` its whole device id (two laptops set up with one code are two rows),
      ``label`` its key's fingerprint, ``quantity`` the seq of its chain's last link,
      ``status`` that link's SHA-256, ``amount`` the till's perpetual grand total there.
- Numbers are plain integers (whole Rupiah, units; ``-`` for negative), empty where a row has
  none. Text cells pass :func:`bazaar_pos.csv_cells.protect_text` (a leading ``=``, ``+``,
  ``-``, ``@``, tab or CR gets a ``'``), so a spreadsheet never runs them as formulas.

Columns::

    section, group, key, label, quantity, gross, refunds, net, receipts, amount, expected,
    counted, variance, variance_value, status
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from bazaar_pos.csv_cells import protect_text
from bazaar_pos.reports.event_report import EventReport
from bazaar_pos.reports.sales import ReportRow

__all__ = ["EVENT_REPORT_CSV_COLUMNS", "event_report_csv"]

EVENT_REPORT_CSV_COLUMNS: tuple[str, ...] = (
    "section",
    "group",
    "key",
    "label",
    "quantity",
    "gross",
    "refunds",
    "net",
    "receipts",
    "amount",
    "expected",
    "counted",
    "variance",
    "variance_value",
    "status",
)
_NUMBERS = frozenset(EVENT_REPORT_CSV_COLUMNS[4:14])
_SUMMARY_LABELS = {
    "receipts": "Jumlah transaksi (struk)",
    "gross": "Penjualan kotor",
    "discounts": "Diskon diberikan",
    "refunds": "Refund",
    "net": "Penjualan bersih",
    "money_due": "Uang yang menjadi hak semua lembaga",
}
_BREAKDOWNS = (
    "by_product",
    "by_institution",
    "by_workshop",
    "by_category",
    "by_payment_method",
    "by_cashier",
    "by_hour",
    "by_day",
)

_Row = dict[str, str | int | None]


def _breakdown(section: str, row: ReportRow) -> _Row:
    return {
        "section": section,
        "key": row.key,
        "label": row.label,
        "quantity": row.quantity,
        "gross": row.gross,
        "refunds": row.refunds,
        "net": row.net,
        "receipts": row.receipts,
    }


def _rows(report: EventReport) -> Iterator[_Row]:
    event, sales = report.event, report.sales
    yield {"section": "event", "group": event.venue, "key": event.uuid, "label": event.name}
    amounts = {
        "receipts": sales.receipts,
        "gross": sales.gross,
        "discounts": sales.discounts,
        "refunds": sales.refunds,
        "net": sales.net,
        "money_due": report.money_due,
    }
    for key, amount in amounts.items():
        yield {"section": "summary", "key": key, "label": _SUMMARY_LABELS[key], "amount": amount}
    for name in _BREAKDOWNS:
        rows: tuple[ReportRow, ...] = getattr(sales, name)
        for row in rows:
            yield _breakdown(name, row)
    for row in sales.best_sellers:
        yield _breakdown("best_seller", row)
    for section in report.institutions:
        totals = section.variance_totals
        counted = section.closing_status != "none" and totals is not None
        yield {
            "section": "institution",
            "group": section.code,
            "key": section.code,
            "label": section.name,
            "quantity": section.units_sold,
            "gross": section.gross,
            "refunds": section.refunds,
            "net": section.money_due,
            "receipts": section.receipts,
            "amount": section.money_due,
            "expected": totals.expected if counted and totals else None,
            "counted": totals.counted if counted and totals else None,
            "variance": totals.variance if counted and totals else None,
            "variance_value": totals.variance_value if counted and totals else None,
            "status": section.closing_status,
        }
        for item in section.goods_sold:
            yield {
                "section": "product",
                "group": section.code,
                "key": item.sku,
                "label": item.name,
                "quantity": item.quantity,
                "gross": item.gross,
                "refunds": item.refunds,
                "net": item.net,
            }
        if section.closing_status == "none":
            continue
        for line in section.variance_lines:
            yield {
                "section": "variance",
                "group": section.code,
                "key": line.sku,
                "label": line.name,
                "expected": line.expected,
                "counted": line.counted,
                "variance": line.variance,
                "variance_value": line.variance_value,
                "status": "not_counted" if line.counted is None else "counted",
            }
    for pin in report.tills:
        yield {
            "section": "till",
            "group": pin.till_code,
            "key": pin.till_id,
            "label": pin.fingerprint,
            "quantity": pin.seq,
            "amount": pin.grand_total,
            "status": pin.sha256,
        }


def _cell(column: str, value: str | int | None) -> str:
    if value is None:
        return ""
    if column in _NUMBERS:
        return str(int(value))
    return protect_text(str(value))


def event_report_csv(report: EventReport) -> bytes:
    """The report as the bytes of a CSV file (see the module docstring for the format)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(EVENT_REPORT_CSV_COLUMNS)
    for row in _rows(report):
        writer.writerow([_cell(column, row.get(column)) for column in EVENT_REPORT_CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
