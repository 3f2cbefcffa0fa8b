"""Errors the services raise for bad input or broken rules.

Each error carries the data a screen needs to say *what* went wrong and *where*; the UI turns
them into translated sentences (``bazaar_pos.ui.messages``) and the CLI prints ``str(error)``.
"""

from __future__ import annotations


class PosError(Exception):
    """Base class of every error a user can cause and must be told about."""


class UnknownCode(PosError):
    def __init__(self, code: str) -> None:
        super().__init__(f"no active product has barcode or SKU {code!r}")
        self.code = code


class InvalidQuantity(PosError):
    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"invalid quantity {text!r}: {reason}")
        self.text = text
        self.reason = reason  # "not_a_number" | "not_positive" | "too_large"


class InvalidAmount(PosError):
    def __init__(self, text: str) -> None:
        super().__init__(f"invalid amount {text!r}: expected whole Rupiah, e.g. 50000 or 50.000")
        self.text = text


class EmptyCart(PosError):
    def __init__(self) -> None:
        super().__init__("the cart is empty")


class TenderTooLow(PosError):
    def __init__(self, total: int, tendered: int) -> None:
        super().__init__(f"amount tendered {tendered} is less than the total {total}")
        self.total = total
        self.tendered = tendered


class UnknownPaymentMethod(PosError):
    def __init__(self, method: str) -> None:
        super().__init__(f"unknown payment method {method!r}")
        self.method = method


class ProductUnavailable(PosError):
    def __init__(self, product_id: int) -> None:
        super().__init__(f"product {product_id} no longer exists or is archived")
        self.product_id = product_id


class ReceiptNotFound(PosError):
    def __init__(self, receipt_no: str) -> None:
        super().__init__(f"no sale has receipt number {receipt_no!r}")
        self.receipt_no = receipt_no
