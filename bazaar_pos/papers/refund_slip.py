"""The refund slip (*bukti refund*) for the customer, printed on the receipt roll.

A thermal-roll page (58 or 80 mm wide, as tall as its content; on A4 the same slip at the
top of the page): the refund number as text and Code 128, the receipt it refunds, who gave
the money back and who approved it, the lines, the total and the method, and a line for the
customer's signature. The same refund always gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.till.refunds import RefundRecord

_REGULAR = "Helvetica"
_BOLD = "Helvetica-Bold"
# Roll width and printable margin per paper (thermal printers print ~48 of 58 mm, ~72 of 80).
_WIDTHS = {
    "58mm": (58 * mm, 5 * mm, 7.5),
    "80mm": (80 * mm, 4 * mm, 8.5),
    "a4": (80 * mm, 4 * mm, 8.5),
}

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "title": "BUKTI REFUND",
        "receipt": "Struk",
        "date": "Tanggal",
        "till": "Kasa",
        "cashier": "Kasir",
        "approved": "Disetujui",
        "total": "TOTAL REFUND",
        "method": "Dikembalikan",
        "reference": "Referensi",
        "reason": "Alasan",
        "signature": "Tanda tangan pembeli",
        "cash": "Tunai",
        "qris": "QRIS",
        "transfer": "Transfer bank",
    },
    "en": {
        "title": "REFUND SLIP",
        "receipt": "Receipt",
        "date": "Date",
        "till": "Till",
        "cashier": "Cashier",
        "approved": "Approved by",
        "total": "TOTAL REFUNDED",
        "method": "Paid back by",
        "reference": "Reference",
        "reason": "Reason",
        "signature": "Customer's signature",
        "cash": "Cash",
        "qris": "QRIS",
        "transfer": "Bank transfer",
    },
}


def _labels(language: str) -> dict[str, str]:
    key = language.strip().lower().replace("_", "-").split("-")[0]
    return LABELS.get(key, LABELS["id"])


def _fit(text: str, font: str, size: float, width: float) -> list[str]:
    """Words on lines no wider than ``width`` (a word wider than the line stays whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def _barcode(value: str, width: float) -> Code128:
    """Code 128 with bars a whole number of printer dots wide (8 dots/mm), as wide as fits:
    a bar between dots is rounded unevenly and skews what the scanner reads."""
    for dots in (3, 2, 1):
        barcode = Code128(value, barWidth=dots * 0.125 * mm, barHeight=9 * mm, quiet=0)
        if float(barcode.width) <= width:
            return barcode
    return barcode


def render_refund_slip(
    record: RefundRecord, paper: str = "80mm", path: Path | None = None, language: str = "id"
) -> bytes:
    """The slip as PDF bytes; with ``path`` also written there (atomically)."""
    labels = _labels(language)
    page_width, margin, body = _WIDTHS.get(paper, _WIDTHS["80mm"])
    width = page_width - 2 * margin
    leading = body * 1.35
    when = record.created_at.astimezone().strftime("%d-%m-%Y %H:%M")
    method = labels.get(record.method, record.method.upper())

    # Each row: (left text, right text, font, size); None is a dashed rule.
    rows: list[tuple[str, str, str, float] | None] = [
        (labels["title"], "", _BOLD, body + 2.5),
        (record.refund_no, "", _BOLD, body + 1),
        None,
        (labels["receipt"], record.receipt_no, _REGULAR, body),
        (labels["date"], when, _REGULAR, body),
        (labels["till"], record.till_code, _REGULAR, body),
        (labels["cashier"], record.cashier, _REGULAR, body),
    ]
    if record.approved_by and record.approved_by != record.cashier:
        rows.append((labels["approved"], record.approved_by, _REGULAR, body))
    rows.append(None)
    for line in record.lines:
        rows += [(text, "", _REGULAR, body) for text in _fit(line.name, _REGULAR, body, width)]
        rows.append(
            (f"  {format_number(line.quantity)} ×", format_rupiah(line.amount), _REGULAR, body)
        )
    rows += [
        None,
        (labels["total"], format_rupiah(record.amount), _BOLD, body + 1),
        (labels["method"], method, _REGULAR, body),
    ]
    if record.reference:
        rows.append((labels["reference"], record.reference, _REGULAR, body))
    reason = f"{labels['reason']}: {record.reason}"
    rows += [(text, "", _REGULAR, body) for text in _fit(reason, _REGULAR, body, width)]

    barcode = _barcode(record.refund_no, width)
    barcode_space = 13 * mm
    signature_space = 12 * mm
    content = (
        sum(leading if row is not None else leading * 0.6 for row in rows)
        + barcode_space
        + signature_space
        + leading
    )
    height = content + 6 * mm
    page_height = A4[1] if paper == "a4" else height
    page_size = (A4[0] if paper == "a4" else page_width, page_height)

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size, pageCompression=0, invariant=1)
    canvas.setTitle(f"{record.refund_no} {record.receipt_no}")
    left, right = margin, margin + width
    top = page_height - 3 * mm
    for row in rows:
        if row is None:
            canvas.setDash(1.5, 1.5)
            canvas.setLineWidth(0.6)
            canvas.line(left, top - leading * 0.3, right, top - leading * 0.3)
            top -= leading * 0.6
            continue
        text, value, font, size = row
        top -= leading
        canvas.setFont(font, size)
        if value:
            canvas.drawString(left, top, text)
            canvas.drawRightString(right, top, value)
        elif font == _BOLD:  # the title and the refund number
            canvas.drawCentredString(left + width / 2, top, text)
        else:
            canvas.drawString(left, top, text)
    top -= barcode_space
    barcode.drawOn(canvas, left + (width - float(barcode.width)) / 2, top + 2 * mm)
    top -= signature_space
    canvas.setDash()
    canvas.line(left + width * 0.2, top, right - width * 0.2, top)
    canvas.setFont(_REGULAR, body - 1)
    canvas.drawCentredString(left + width / 2, top - leading, labels["signature"])
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    if path is not None:
        write_file_atomically(path, data)
    return data
