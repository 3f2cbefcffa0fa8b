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


# --------------------------------------------------------------- money at the till (issue 5)


class InvalidDiscount(PosError):
    """A discount or price the cart or a sale refuses; ``reason`` says why.

    Reasons: ``"not_a_number"`` (text not understood), ``"percent_range"`` (not 1–100 %),
    ``"negative"``, ``"above_value"`` (more than the line or sale is worth; ``limit`` holds
    that value), ``"negative_price"``.
    """

    def __init__(self, text: str, reason: str, limit: int | None = None) -> None:
        detail = f" (at most {limit})" if limit is not None else ""
        super().__init__(f"invalid discount {text!r}: {reason}{detail}")
        self.text = text
        self.reason = reason
        self.limit = limit


class NonCashOverTotal(PosError):
    """QRIS/transfer parts add up to more than the sale: only cash can give change."""

    def __init__(self, total: int, non_cash: int) -> None:
        super().__init__(f"non-cash payments {non_cash} exceed the total {total}")
        self.total = total
        self.non_cash = non_cash


class PaymentShort(PosError):
    """The payment parts do not cover the total (and there is no cash part to settle it)."""

    def __init__(self, total: int, paid: int) -> None:
        super().__init__(f"payments {paid} do not cover the total {total}")
        self.total = total
        self.paid = paid


class TooManyCashPayments(PosError):
    def __init__(self) -> None:
        super().__init__("a sale takes at most one cash payment")


class LoginRequired(PosError):
    """A name instead of a logged-in user, on a till that has users: somebody must log in."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name!r} is not a logged-in user; log in first")
        self.name = name


class ParkedSaleNotFound(PosError):
    def __init__(self, parked_uuid: str) -> None:
        super().__init__(f"no parked sale {parked_uuid!r} on this till")
        self.parked_uuid = parked_uuid


class ParkedProductUnavailable(PosError):
    """A parked sale holds a product archived since; the parked sale is kept."""

    def __init__(self, parked_uuid: str, product_id: int, name: str) -> None:
        super().__init__(f"parked sale {parked_uuid}: product {name!r} is no longer sold")
        self.parked_uuid = parked_uuid
        self.product_id = product_id
        self.name = name


class InvalidVoid(PosError):
    """A void of zero units or of more units than the line holds."""

    def __init__(self, quantity: int, on_line: int) -> None:
        super().__init__(f"cannot void {quantity} of a line of {on_line}")
        self.quantity = quantity
        self.on_line = on_line


class PaperFontUnavailable(PosError):
    """A font file shipped with the app is missing or damaged: no receipt, report or label can
    be made until Bazaar POS is installed again. What was sold stays in the database."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            f"the printing font {path} is missing or damaged ({detail}): install Bazaar POS again"
        )
        self.path = path
        self.detail = detail


class MergeInProgress(PosError):
    """Another till's export is being merged into this database (or a merge stopped half-way
    and waits to be undone): a report or paper made now would show part of it."""

    def __init__(self, file_name: str) -> None:
        super().__init__(
            f"another till's export ({file_name}) is being merged here; make the report after "
            "the merge"
        )
        self.file_name = file_name


# --------------------------------------------------------------- one till code, two laptops


class ReceiptChoice:
    """One of the sales a receipt number names: what tells them apart on paper."""

    def __init__(
        self, device: str, created_at: str, total: int, institutions: tuple[str, ...]
    ) -> None:
        self.device = device  # the device's short id, as typed after the receipt number
        self.created_at = created_at  # "2026-04-27 10:15" (UTC)
        self.total = total
        self.institutions = institutions

    def __repr__(self) -> str:
        return f"ReceiptChoice({self.device!r}, {self.created_at!r}, {self.total})"


class ReceiptAmbiguous(PosError):
    """Two laptops set up with the same till code printed this receipt number, and neither is
    this one: the person names the device too (``BPN1-000001@3f2a9c1d``), reading it from
    ``choices``."""

    def __init__(self, receipt_no: str, choices: tuple[ReceiptChoice, ...]) -> None:
        from bazaar_pos.money import format_rupiah  # money imports this module

        shown = "; ".join(
            f"device {c.device}: {c.created_at} UTC, {format_rupiah(c.total)} "
            f"({', '.join(c.institutions)})"
            for c in choices
        )
        example = f"{receipt_no}@{choices[0].device}" if choices else receipt_no
        super().__init__(
            f"receipt {receipt_no} was printed by {len(choices)} laptops with the same till "
            f"code ({shown}); type it with its device, e.g. {example}"
        )
        self.receipt_no = receipt_no
        self.choices = choices
        self.example = example
