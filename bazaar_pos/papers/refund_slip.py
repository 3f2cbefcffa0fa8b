"""The refund slip (*bukti refund*) for the customer, printed on the receipt roll.

On the till-roll template of the kit (:mod:`bazaar_pos.papers.kit.roll`), like the receipt:
the refund number as text and Code 128, the receipt it refunds, who gave the money back and
who approved it, the lines, the total and the method, and a line for the customer's
signature. The same refund always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.papers.kit import dates
from bazaar_pos.papers.kit.fonts import BOLD
from bazaar_pos.papers.kit.language import labels_for
from bazaar_pos.papers.kit.roll import (
    GEOMETRY,
    PaperSize,
    RollLayout,
    code128_module_mm,
    render_roll,
)
from bazaar_pos.papers.kit.sheet import Signer
from bazaar_pos.till.refunds import RefundRecord

__all__ = ["LABELS", "render_refund_slip"]

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


def render_refund_slip(
    record: RefundRecord, paper: str = "80mm", path: Path | None = None, language: str = "id"
) -> bytes:
    """The slip as PDF bytes; with ``path`` also written there (atomically)."""
    labels = labels_for(LABELS, language)
    size = PaperSize(paper)
    lay = RollLayout(GEOMETRY[size], leading=1.35)
    g = lay.g
    lay.add(lay.lines(labels["title"], font=BOLD, size=g.body + 2.5, align="c"))
    lay.add(lay.lines(record.refund_no, font=BOLD, size=g.body + 1, align="c"))
    lay.add(lay.rule())
    lay.add(lay.pair(labels["receipt"], record.receipt_no))
    lay.add(lay.pair(labels["date"], dates.short_date_time(record.created_at)))
    lay.add(lay.pair(labels["till"], record.till_code))
    lay.add(lay.pair(labels["cashier"], record.cashier))
    if record.approved_by and record.approved_by != record.cashier:
        lay.add(lay.pair(labels["approved"], record.approved_by))
    lay.add(lay.rule())
    for line in record.lines:
        lay.add(
            lay.lines(line.name)
            + lay.pair(f"  {format_number(line.quantity)} ×", format_rupiah(line.amount))
        )
    lay.add(lay.rule())
    lay.add(lay.pair(labels["total"], format_rupiah(record.amount), font=BOLD, size=g.body + 1))
    lay.add(lay.pair(labels["method"], labels.get(record.method, record.method.upper())))
    if record.reference:
        lay.add(lay.pair(labels["reference"], record.reference))
    lay.add(lay.lines(f"{labels['reason']}: {record.reason}"))
    lay.add(lay.gap())
    lay.add(lay.barcode(record.refund_no, code128_module_mm(record.refund_no, size)))
    lay.add(lay.signatures([Signer(labels["signature"])]))
    data = render_roll(
        lay,
        title=f"{record.refund_no} {record.receipt_no}",
        author=record.till_code,
        page_footer=lambda number, pages: "" if pages == 1 else f"{number}/{pages}",
    )
    if path is not None:
        write_file_atomically(path, data)
    return data
