"""The sale receipt as PDF: on a 58 mm / 80 mm thermal roll, or on A4.

What a receipt says is :class:`bazaar_pos.till.receipt.Receipt` (made by the sale service);
this module only lays it out on the till-roll template of the kit
(:mod:`bazaar_pos.papers.kit.roll`). Qt-free: the UI prints or previews the bytes returned
here, and tests read them back with pypdf. The same receipt always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.papers.kit import dates
from bazaar_pos.papers.kit.fonts import BOLD, REGULAR, width
from bazaar_pos.papers.kit.language import labels_for
from bazaar_pos.papers.kit.roll import (
    GEOMETRY,
    Block,
    PaperSize,
    RollLayout,
    code128_module_mm,
    render_roll,
)
from bazaar_pos.till.receipt import Receipt, ReceiptLine, ReceiptPayment

__all__ = [
    "LABELS",
    "PaperSize",
    "Receipt",
    "ReceiptLine",
    "ReceiptPayment",
    "barcode_module_mm",
    "render_receipt_pdf",
    "warm_up",
]

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


def barcode_module_mm(value: str, paper: PaperSize = PaperSize.MM80) -> float:
    """The module width (mm) of the receipt's Code 128 barcode of ``value`` on ``paper``."""
    return code128_module_mm(value, paper)


def _item(lay: RollLayout, line: ReceiptLine, labels: dict[str, str]) -> Block:
    return _item_row(lay, line) + _item_changes(lay, line, labels)


def _item_changes(lay: RollLayout, line: ReceiptLine, labels: dict[str, str]) -> Block:
    """The override marker (with the catalog price) and the line discount, if any."""
    block: Block = []
    if line.price_overridden and line.list_price is not None:
        block += lay.lines(
            f"({labels['list_price']} {format_rupiah(line.list_price)})", size=lay.g.small
        )
    if line.line_discount:
        gross = line.line_total + line.line_discount
        label = labels["discount"]
        if gross and line.line_discount * 100 % gross == 0:
            label += f" {line.line_discount * 100 // gross}%"
        block += lay.pair(f"  {label}", f"-{format_rupiah(line.line_discount)}")
    return block


def _item_row(lay: RollLayout, line: ReceiptLine) -> Block:
    qty_price = f"{format_number(line.quantity)} x {format_rupiah(line.unit_price)}"
    # Before the line's discount, which follows on its own row.
    amount = format_rupiah(line.line_total + line.line_discount)
    if not lay.g.columns:
        return lay.lines(line.name) + lay.pair(qty_price, amount)
    # A4: name | quantity x price | amount, the name wrapping inside its column.
    size = lay.g.body
    w = lay.g.content_width
    amount_col = 0.22 * w
    qty_col = 0.26 * w
    name_col = w - amount_col - qty_col - 2 * size
    if any(width(t, REGULAR, size) > amount_col for t in (qty_price, amount)):
        return lay.lines(line.name) + lay.pair(qty_price, amount)
    names = lay.wrapped(line.name, name_col) or [lay.text(0.0, "l", "", REGULAR, size)]
    block = [
        lay.row(
            [
                names[0],
                lay.text(w - amount_col - size, "r", qty_price, REGULAR, size),
                lay.text(w, "r", amount, REGULAR, size),
            ]
        )
    ]
    return block + [lay.row([name]) for name in names[1:]]


def _method_label(method: str, labels: dict[str, str]) -> str:
    method = method.strip().lower()
    return labels[method] if method in ("cash", "qris", "transfer") else method.upper()


def _add_payments(
    lay: RollLayout, payments: Sequence[ReceiptPayment], labels: dict[str, str]
) -> None:
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


def _add_single_payment(lay: RollLayout, receipt: Receipt, labels: dict[str, str]) -> None:
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


def _build(receipt: Receipt, paper: PaperSize, labels: dict[str, str]) -> RollLayout:
    lay = RollLayout(GEOMETRY[paper])
    g = lay.g
    if receipt.copy:
        lay.add(lay.lines(labels["copy"], font=BOLD, size=g.body + 1, align="c", boxed=True))
        lay.add(lay.gap())
    lay.add(lay.lines(receipt.event_name, font=BOLD, size=g.title, align="c"))
    lay.add(lay.lines(receipt.event_venue, align="c"))
    institutions = [name for name in receipt.institutions if name.strip()]
    if institutions:
        lay.add(lay.gap())
        lay.add(
            lay.lines(labels["products_of"], size=g.small + 0.5, align="c")
            + [row for name in institutions for row in lay.lines(name, align="c")]
        )
    lay.add(lay.rule())

    lay.add(lay.lines(dates.short_date_time(receipt.created_at)))
    lay.add(lay.lines(f"{labels['receipt_no']}: {receipt.receipt_no}"))
    lay.add(lay.lines(f"{labels['cashier']}: {receipt.cashier}"))
    # The till code large: with it the office tells which laptop printed the receipt.
    lay.add(lay.lines(f"{labels['till']}: {receipt.till_code}", font=BOLD, size=g.body + 2))
    lay.add(lay.rule())

    for index, line in enumerate(receipt.lines):
        if index:
            lay.add(lay.gap(0.25))
        lay.add(_item(lay, line, labels))
    lay.add(lay.rule())

    total_size = g.body + 1.5
    if receipt.discount:
        subtotal = receipt.subtotal if receipt.subtotal is not None else receipt.total
        lay.add(lay.pair(labels["subtotal"], format_rupiah(subtotal)))
        label = labels["sale_discount"]
        if subtotal and receipt.discount * 100 % subtotal == 0:
            label += f" {receipt.discount * 100 // subtotal}%"
        lay.add(lay.pair(label, f"-{format_rupiah(receipt.discount)}"))
    lay.add(lay.pair(labels["total"], format_rupiah(receipt.total), font=BOLD, size=total_size))
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
    return lay


def render_receipt_pdf(
    receipt: Receipt,
    paper: PaperSize = PaperSize.MM80,
    path: Path | None = None,
    language: str = "id",
) -> bytes:
    """Render ``receipt`` as a PDF and return its bytes.

    Thermal rolls get a page exactly as tall as the content; A4 continues on further pages
    when needed. With ``path`` the bytes are also written there atomically (parent folders
    are created).
    """
    labels = labels_for(LABELS, language)

    def footer(number: int, pages: int) -> str:
        if pages == 1:
            return ""
        return f"{receipt.receipt_no} · {labels['page']} {number}/{pages}"

    data = render_roll(
        _build(receipt, PaperSize(paper), labels),
        title=f"{receipt.receipt_no} {receipt.event_name}",
        author=receipt.event_name,
        page_footer=footer,
    )
    if path is not None:
        write_file_atomically(Path(path), data)
    return data


def warm_up(paper: PaperSize = PaperSize.MM80, language: str = "id") -> None:
    """Make the process's first receipt as fast as its tenth: render a throw-away one.

    The first receipt of a process imports ReportLab (with its barcode widgets and platypus),
    parses the three TrueType faces and fills the measuring caches: ~0.5 s of the first sale,
    paid while the customer waits. The app calls this on a worker thread right after its
    window is shown, while the cashier logs in. Nothing is written: the bytes are dropped.
    """
    lines = (
        ReceiptLine("Talenan kayu jati", 2, 45_000, 90_000, "LPA1"),
        ReceiptLine("Kopi hitam", 1, 8_000, 6_000, "LPA1", list_price=8_000, line_discount=2_000),
    )
    receipt = Receipt(
        receipt_no="WARM-000001",
        sale_uuid="00000000-0000-4000-8000-000000000000",
        event_name="Bazar",
        event_venue="Halaman",
        institutions=("Lembaga Pemasyarakatan",),
        created_at=dt.datetime(2025, 1, 1, 10, 0, tzinfo=dt.UTC),
        cashier="Kasir",
        till_code="WARM",
        lines=lines,
        total=96_000,
        tendered=100_000,
        change=4_000,
        method="cash",
    )
    render_receipt_pdf(receipt, paper, language=language)
