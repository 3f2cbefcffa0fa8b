"""Sale receipts as PDF: 58 mm / 80 mm thermal rolls and A4.

Qt-free on purpose: the UI prints or previews the bytes this module returns, and tests can
read them back with pypdf. Drawing goes straight to a ReportLab canvas with the built-in
Helvetica fonts (real, extractable text; no font files). The layout is measured in one
pass before anything is drawn, so a thermal page is exactly as tall as its content.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_number, format_rupiah

__all__ = [
    "LABELS",
    "PaperSize",
    "Receipt",
    "ReceiptLine",
    "ReceiptPayment",
    "barcode_module_mm",
    "render_receipt_pdf",
]


class PaperSize(StrEnum):
    MM58 = "58mm"
    MM80 = "80mm"
    A4 = "a4"


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: int
    unit_price: int
    line_total: int  # after the line's own discount (the sale discount is shown once, below)
    institution_code: str
    list_price: int | None = None  # catalog price at the sale; differs after a price override
    line_discount: int = 0  # Rupiah off this line

    @property
    def price_overridden(self) -> bool:
        return self.list_price is not None and self.list_price != self.unit_price


@dataclass(frozen=True)
class ReceiptPayment:
    method: str  # "cash" | "qris" | "transfer"
    amount: int  # what it settled
    tendered: int
    change: int
    reference: str = ""


@dataclass(frozen=True)
class Receipt:
    receipt_no: str  # e.g. "BPN1-000123"
    sale_uuid: str
    event_name: str  # "Bazar HBP ke-62"
    event_venue: str  # "Halaman Rutan Kelas I Samarinda"
    institutions: tuple[str, ...]  # full names of the institutions whose goods are sold
    created_at: datetime  # aware; printed in the laptop's local zone
    cashier: str
    till_code: str
    lines: tuple[ReceiptLine, ...]
    total: int
    tendered: int
    change: int
    method: str  # "cash" | "qris" | "transfer"
    reference: str = ""  # QRIS / transfer reference, printed when not empty
    copy: bool = False  # reprint: a clear "SALINAN / COPY" mark near the top
    subtotal: int | None = None  # lines after their discounts; None: same as the total
    discount: int = 0  # the sale discount
    discount_approved_by: str = ""
    # Every part of the payment, cash first. Empty: the single payment given by method,
    # tendered, change and reference above (receipts built before split tender).
    payments: tuple[ReceiptPayment, ...] = ()


LABELS: dict[str, dict[str, str]] = {
    "id": {
        "copy": "SALINAN / COPY",
        "products_of": "Produk warga binaan:",
        "receipt_no": "No. struk",
        "cashier": "Kasir",
        "till": "Kasa",
        "total": "TOTAL",
        "cash": "Tunai",
        "change": "Kembalian",
        "qris": "QRIS",
        "transfer": "Transfer bank",
        "reference": "Ref",
        "subtotal": "Subtotal",
        "discount": "Diskon",
        "sale_discount": "Diskon transaksi",
        "list_price": "harga diubah, harga katalog",
        "thanks": "Terima kasih telah mendukung karya warga binaan",
        "page": "Halaman",
    },
    "en": {
        "copy": "COPY",
        "products_of": "Products made by inmates of:",
        "receipt_no": "Receipt no.",
        "cashier": "Cashier",
        "till": "Till",
        "total": "Total",
        "cash": "Cash",
        "change": "Change",
        "qris": "QRIS",
        "transfer": "Bank transfer",
        "reference": "Ref",
        "subtotal": "Subtotal",
        "discount": "Discount",
        "sale_discount": "Sale discount",
        "list_price": "price changed, list price",
        "thanks": "Thank you for supporting the work of inmates in the correctional programme",
        "page": "Page",
    },
}

_REGULAR = "Helvetica"
_BOLD = "Helvetica-Bold"

# PDF viewers and printer drivers commonly reject pages taller than 200 in (14400 pt);
# an absurdly long thermal receipt continues on a further page instead.
_MAX_PAGE_HEIGHT = 14_400.0


@dataclass(frozen=True, slots=True)
class _Geometry:
    width: float  # page width, pt
    fixed_height: float | None  # None: computed from the content (thermal roll)
    margin_x: float
    margin_y: float
    body: float  # font sizes, pt
    title: float
    small: float
    columns: bool  # A4: name | quantity x price | amount on one row

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin_x


# Thermal printers print ~48 mm of a 58 mm roll and ~72 mm of an 80 mm roll, centred.
_GEOMETRY: dict[PaperSize, _Geometry] = {
    PaperSize.MM58: _Geometry(58 * mm, None, 5 * mm, 3 * mm, 7.5, 9.5, 6.0, False),
    PaperSize.MM80: _Geometry(80 * mm, None, 4 * mm, 3 * mm, 8.5, 11.0, 6.5, False),
    PaperSize.A4: _Geometry(A4[0], A4[1], 20 * mm, 18 * mm, 10.0, 15.0, 8.0, True),
}

_Align = Literal["l", "c", "r"]

# Thermal printers print 8 dots per mm (203 dpi). A bar that is not a whole number of dots is
# rounded unevenly by the printer, which skews the width ratios a scanner reads; so the
# module (the narrowest bar) is a whole number of dots, as wide as fits with the quiet zones:
# 0.25 mm (2 dots) for "BPN1-000123" on 58 mm, 0.375 mm on 80 mm and A4.
_DOT_MM = 0.125
_MAX_MODULE_MM = 0.375
_QUIET_MODULES = 10  # light space each side that Code 128 needs
_BAR_HEIGHT_MM = 10.0


def barcode_module_mm(value: str, paper: PaperSize = PaperSize.MM80) -> float:
    """The module width (mm) of the receipt's Code 128 barcode of ``value`` on ``paper``."""
    modules = float(Code128(value, barWidth=1.0, quiet=0).width)
    available = _GEOMETRY[PaperSize(paper)].content_width / mm
    dots = int(available / (modules + 2 * _QUIET_MODULES) / _DOT_MM)
    return min(max(dots, 1) * _DOT_MM, _MAX_MODULE_MM)


@dataclass(frozen=True, slots=True)
class _Text:
    x: float  # left edge, centre or right edge depending on align (relative to margin)
    align: _Align
    text: str
    font: str
    size: float


@dataclass(frozen=True, slots=True)
class _Row:
    height: float
    texts: tuple[_Text, ...] = ()
    baseline: float = 0.0  # distance from the row's top to the text baseline
    rule: bool = False  # dashed separator across the content width
    boxed: bool = False  # frame around the row (the COPY mark)
    barcode: Code128 | None = None  # drawn centred, its bars ``height`` minus padding tall


_Block = list[_Row]  # rows kept together on one page when possible


def _width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Split ``text`` into lines no wider than ``width``; over-long words are cut too."""
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while _width(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and _width(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:].lstrip()
        if line:
            lines.append(line)
    return lines


class _Layout:
    """Collects rows of measured text for one paper size."""

    def __init__(self, geometry: _Geometry) -> None:
        self.g = geometry
        self.blocks: list[_Block] = []

    def _row(self, texts: Sequence[_Text], *, boxed: bool = False) -> _Row:
        size = max(t.size for t in texts)
        pad = 1.5 if boxed else 0.0
        leading = size * 1.22 + 2 * pad
        return _Row(leading, tuple(texts), pad + size * 0.93, boxed=boxed)

    def lines(
        self,
        text: str,
        *,
        font: str = _REGULAR,
        size: float | None = None,
        align: _Align = "l",
        boxed: bool = False,
    ) -> _Block:
        size = size or self.g.body
        w = self.g.content_width
        x = {"l": 0.0, "c": w / 2, "r": w}[align]
        inner = w - (6.0 if boxed else 0.0)
        return [
            self._row([_Text(x, align, part, font, size)], boxed=boxed)
            for part in _wrap(text, font, size, inner)
        ]

    def pair(
        self, left: str, right: str, *, font: str = _REGULAR, size: float | None = None
    ) -> _Block:
        """``left`` flush left and ``right`` flush right on one row if both fit."""
        size = size or self.g.body
        w = self.g.content_width
        gap = size
        right_w = _width(right, font, size)
        if right_w <= w and _width(left, font, size) + gap + right_w <= w:
            return [
                self._row([_Text(0.0, "l", left, font, size), _Text(w, "r", right, font, size)])
            ]
        return self.lines(left, font=font, size=size) + self.lines(
            right, font=font, size=size, align="r"
        )

    def item(self, line: ReceiptLine, labels: dict[str, str]) -> _Block:
        return self._item_row(line) + self._item_changes(line, labels)

    def _item_changes(self, line: ReceiptLine, labels: dict[str, str]) -> _Block:
        """The override marker (with the catalog price) and the line discount, if any."""
        block: _Block = []
        if line.price_overridden and line.list_price is not None:
            block += self.lines(
                f"({labels['list_price']} {format_rupiah(line.list_price)})", size=self.g.small
            )
        if line.line_discount:
            gross = line.line_total + line.line_discount
            label = labels["discount"]
            if gross and line.line_discount * 100 % gross == 0:
                label += f" {line.line_discount * 100 // gross}%"
            block += self.pair(f"  {label}", f"-{format_rupiah(line.line_discount)}")
        return block

    def _item_row(self, line: ReceiptLine) -> _Block:
        qty_price = f"{format_number(line.quantity)} x {format_rupiah(line.unit_price)}"
        # Before the line's discount, which follows on its own row.
        amount = format_rupiah(line.line_total + line.line_discount)
        if not self.g.columns:
            return self.lines(line.name) + self.pair(qty_price, amount)
        # A4: name | quantity x price | amount, the name wrapping inside its column.
        size = self.g.body
        w = self.g.content_width
        amount_col = 0.22 * w
        qty_col = 0.26 * w
        name_col = w - amount_col - qty_col - 2 * size
        numbers = (qty_price, amount)
        if any(_width(t, _REGULAR, size) > amount_col for t in numbers):
            return self.lines(line.name) + self.pair(qty_price, amount)
        names = _wrap(line.name, _REGULAR, size, name_col) or [""]
        block = [
            self._row(
                [
                    _Text(0.0, "l", names[0], _REGULAR, size),
                    _Text(w - amount_col - size, "r", qty_price, _REGULAR, size),
                    _Text(w, "r", amount, _REGULAR, size),
                ]
            )
        ]
        block += [self._row([_Text(0.0, "l", n, _REGULAR, size)]) for n in names[1:]]
        return block

    def barcode(self, value: str, module_mm: float) -> _Block:
        """A Code 128 barcode of ``value``, centred: the refund screen scans it."""
        code = Code128(value, barWidth=module_mm * mm, barHeight=_BAR_HEIGHT_MM * mm, quiet=0)
        pad = self.g.body * 0.3
        return [_Row(_BAR_HEIGHT_MM * mm + 2 * pad, baseline=pad, barcode=code)]

    def rule(self) -> _Block:
        return [_Row(self.g.body * 0.9, rule=True)]

    def gap(self, factor: float = 0.4) -> _Block:
        return [_Row(self.g.body * factor)]

    def add(self, block: _Block) -> None:
        if block:
            self.blocks.append(block)


def _build(receipt: Receipt, paper: PaperSize, labels: dict[str, str]) -> list[_Block]:
    geometry = _GEOMETRY[paper]
    lay = _Layout(geometry)
    g = geometry
    if receipt.copy:
        lay.add(lay.lines(labels["copy"], font=_BOLD, size=g.body + 1, align="c", boxed=True))
        lay.add(lay.gap())
    lay.add(lay.lines(receipt.event_name, font=_BOLD, size=g.title, align="c"))
    lay.add(lay.lines(receipt.event_venue, align="c"))
    institutions = [name for name in receipt.institutions if name.strip()]
    if institutions:
        lay.add(lay.gap())
        lay.add(
            lay.lines(labels["products_of"], size=g.small + 0.5, align="c")
            + [row for name in institutions for row in lay.lines(name, align="c")]
        )
    lay.add(lay.rule())

    local = receipt.created_at.astimezone()  # aware -> the laptop's zone
    lay.add(lay.lines(local.strftime("%d/%m/%Y %H:%M")))
    lay.add(lay.lines(f"{labels['receipt_no']}: {receipt.receipt_no}"))
    lay.add(lay.lines(f"{labels['cashier']}: {receipt.cashier}"))
    lay.add(lay.lines(f"{labels['till']}: {receipt.till_code}"))
    lay.add(lay.rule())

    for index, line in enumerate(receipt.lines):
        if index:
            lay.add(lay.gap(0.25))
        lay.add(lay.item(line, labels))
    lay.add(lay.rule())

    total_size = g.body + 1.5
    if receipt.discount:
        subtotal = receipt.subtotal if receipt.subtotal is not None else receipt.total
        lay.add(lay.pair(labels["subtotal"], format_rupiah(subtotal)))
        label = labels["sale_discount"]
        if subtotal and receipt.discount * 100 % subtotal == 0:
            label += f" {receipt.discount * 100 // subtotal}%"
        lay.add(lay.pair(label, f"-{format_rupiah(receipt.discount)}"))
    lay.add(lay.pair(labels["total"], format_rupiah(receipt.total), font=_BOLD, size=total_size))
    if receipt.payments:
        _add_payments(lay, receipt.payments, labels)
    elif receipt.method.strip():
        _add_single_payment(lay, receipt, labels)
    lay.add(lay.rule())

    lay.add(lay.barcode(receipt.receipt_no, barcode_module_mm(receipt.receipt_no, paper)))
    lay.add(lay.lines(receipt.receipt_no, size=g.small, align="c"))
    lay.add(lay.gap(0.3))
    lay.add(lay.lines(labels["thanks"], align="c"))
    lay.add(lay.gap(0.2))
    lay.add(lay.lines(receipt.sale_uuid, size=g.small, align="c"))
    return lay.blocks


def _method_label(method: str, labels: dict[str, str]) -> str:
    method = method.strip().lower()
    return labels[method] if method in ("cash", "qris", "transfer") else method.upper()


def _add_payments(lay: _Layout, payments: Sequence[ReceiptPayment], labels: dict[str, str]) -> None:
    """Every part of a (split) payment; cash shows what was handed over, and the change."""
    change = 0
    cash = False
    for part in payments:
        shown = part.tendered if part.method == "cash" else part.amount
        lay.add(lay.pair(_method_label(part.method, labels), format_rupiah(shown)))
        if part.reference.strip():
            lay.add(lay.lines(f"{labels['reference']}: {part.reference.strip()}"))
        cash = cash or part.method == "cash"
        change += part.change
    if cash or change:
        lay.add(lay.pair(labels["change"], format_rupiah(change)))


def _add_single_payment(lay: _Layout, receipt: Receipt, labels: dict[str, str]) -> None:
    method = receipt.method.strip().lower()
    if method == "cash":
        lay.add(lay.pair(labels["cash"], format_rupiah(receipt.tendered)))
        lay.add(lay.pair(labels["change"], format_rupiah(receipt.change)))
    else:
        label = labels.get(method) if method in ("qris", "transfer") else None
        lay.add(lay.pair(label or receipt.method.upper(), format_rupiah(receipt.tendered)))
        if receipt.change:
            lay.add(lay.pair(labels["change"], format_rupiah(receipt.change)))
    if receipt.reference.strip():
        lay.add(lay.lines(f"{labels['reference']}: {receipt.reference.strip()}"))


def _paginate(blocks: list[_Block], capacity: float) -> list[list[_Row]]:
    """Fill pages of at most ``capacity`` pt, keeping each block on one page if it fits."""
    pages: list[list[_Row]] = [[]]
    used = 0.0
    for block in blocks:
        height = sum(row.height for row in block)
        if used + height > capacity and pages[-1] and height <= capacity:
            pages.append([])
            used = 0.0
        for row in block:
            if used + row.height > capacity and pages[-1]:
                pages.append([])
                used = 0.0
            pages[-1].append(row)
            used += row.height
    return pages


def _draw_row(c: Canvas, row: _Row, left: float, top: float, width: float) -> None:
    if row.rule:
        y = top - row.height / 2
        c.line(left, y, left + width, y)
        return
    if row.barcode is not None:
        code = row.barcode
        code.drawOn(c, left + (width - float(code.width)) / 2, top - row.height + row.baseline)
        return
    if row.boxed:
        c.setDash()
        c.rect(left, top - row.height, width, row.height)
        c.setDash(1.5, 1.5)
    y = top - row.baseline
    for t in row.texts:
        c.setFont(t.font, t.size)
        if t.align == "l":
            c.drawString(left + t.x, y, t.text)
        elif t.align == "r":
            c.drawRightString(left + t.x, y, t.text)
        else:
            c.drawCentredString(left + t.x, y, t.text)


def _labels(language: str) -> dict[str, str]:
    key = language.strip().lower().replace("_", "-").split("-")[0]
    try:
        return LABELS[key]
    except KeyError:
        raise ValueError(f"unsupported receipt language {language!r}") from None


def render_receipt_pdf(
    receipt: Receipt,
    paper: PaperSize = PaperSize.MM80,
    path: Path | None = None,
    language: str = "id",
) -> bytes:
    """Render ``receipt`` as a PDF and return its bytes.

    Thermal rolls get a page exactly as tall as the content; A4 continues on further pages
    when needed. With ``path`` the bytes are also written there atomically (parent folders
    are created). The same receipt always gives the same bytes.
    """
    labels = _labels(language)
    g = _GEOMETRY[PaperSize(paper)]
    blocks = _build(receipt, PaperSize(paper), labels)

    page_limit = g.fixed_height if g.fixed_height is not None else _MAX_PAGE_HEIGHT
    capacity = page_limit - 2 * g.margin_y
    numbered = g.fixed_height is not None
    if numbered:
        capacity -= g.small * 2.5  # room for "Page n/m" at the foot
    pages = _paginate(blocks, capacity)

    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(g.width, page_limit), pageCompression=0, invariant=1)
    c.setTitle(f"{receipt.receipt_no} {receipt.event_name}")
    c.setAuthor(receipt.event_name)
    width = g.content_width
    for number, rows in enumerate(pages, start=1):
        if g.fixed_height is None:
            height = sum(row.height for row in rows) + 2 * g.margin_y
        else:
            height = g.fixed_height
        c.setPageSize((g.width, height))
        c.setLineWidth(0.6)
        c.setDash(1.5, 1.5)
        top = height - g.margin_y
        for row in rows:
            _draw_row(c, row, g.margin_x, top, width)
            top -= row.height
        if numbered and len(pages) > 1:
            c.setFont(_REGULAR, g.small)
            c.drawRightString(
                g.width - g.margin_x,
                g.margin_y,
                f"{receipt.receipt_no} · {labels['page']} {number}/{len(pages)}",
            )
        c.showPage()
    c.save()
    data = buffer.getvalue()
    if path is not None:
        write_file_atomically(Path(path), data)
    return data
