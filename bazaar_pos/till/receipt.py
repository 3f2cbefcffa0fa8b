"""What a receipt says, as plain data: made by the sale service from the database
(:func:`bazaar_pos.till.sales.receipt_for`), printed by :mod:`bazaar_pos.papers.receipt`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["Receipt", "ReceiptLine", "ReceiptPayment"]


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
