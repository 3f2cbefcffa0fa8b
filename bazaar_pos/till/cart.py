"""The cart being rung up at the till: Qt-free, so its rules are the same for UI, CLI and tests.

The cart is only memory; nothing reaches the database until
:func:`bazaar_pos.till.sales.commit_sale` succeeds, so an error at any point leaves the cart as
it was.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from bazaar_pos.catalog.lookup import ProductInfo
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import InvalidDiscount, InvalidQuantity
from bazaar_pos.people.access import Approval

# 1,600 besek go to one fish trader; a line over this is a slip of the finger (or a barcode
# scanned into the quantity), not a sale.
MAX_LINE_QUANTITY = 99_999

_SCAN_RE = re.compile(r"^\s*(?:(?P<qty>[^*]*)\*)?\s*(?P<code>.*?)\s*$")
# ASCII digits only: str.isdigit() accepts "²" and lstrip("-") lets "--5" through, and int()
# then fails with a ValueError the screens do not catch.
_QUANTITY_RE = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class ScanInput:
    """What the cashier typed into the scan field: ``1600*2012345678906`` or ``1600*`` or a code."""

    quantity: int | None
    code: str


def parse_quantity(text: str) -> int:
    text = text.strip().replace(".", "")  # "1.600" is how a cashier writes 1600
    if not _QUANTITY_RE.fullmatch(text):
        raise InvalidQuantity(text, "not_a_number")
    value = int(text)
    if value <= 0:
        raise InvalidQuantity(text, "not_positive")
    if value > MAX_LINE_QUANTITY:
        raise InvalidQuantity(text, "too_large")
    return value


def check_line_quantity(quantity: int) -> None:
    """The one rule for a line's quantity: 1 … MAX_LINE_QUANTITY."""
    if quantity <= 0:
        raise InvalidQuantity(str(quantity), "not_positive")
    if quantity > MAX_LINE_QUANTITY:
        raise InvalidQuantity(str(quantity), "too_large")


def parse_scan(text: str) -> ScanInput:
    """Split ``N*CODE`` into quantity and code; ``N*`` alone sets the next scan's quantity."""
    match = _SCAN_RE.match(text)
    assert match is not None  # the pattern matches any string
    qty_text = match.group("qty")
    quantity = parse_quantity(qty_text) if qty_text is not None else None
    return ScanInput(quantity=quantity, code=match.group("code"))


def new_key() -> str:
    """A random key that names a cart or a cart line for the approvals given for it.

    Not a secret (it may be stored with a parked cart): it only binds an approval to the
    line or cart it was given for, so that it cannot be spent on another one.
    """
    return secrets.token_hex(8)


def line_subject(key: str) -> str:
    """What an approval of a cart line's discount, override or void is bound to."""
    return f"line:{key}"


def cart_subject(key: str) -> str:
    """What an approval of a cart's sale discount is bound to."""
    return f"cart:{key}"


@dataclass
class CartLine:
    product: ProductInfo
    quantity: int
    unit_price: int  # what is charged per unit; differs from list_price after an override
    line_discount: int = 0  # Rupiah off this line (a percentage is turned into Rupiah at once)
    # A supervisor's approval of this line's discount/override, when above the cashier's limit:
    # bound to this line's key and to the Rupiah the line takes off (``pricing.line_terms``).
    approval: Approval | None = None
    # The catalog price when the line was scanned: what the line is sold at and compared with,
    # even if the back office changes the price while the cart is open (-1: the product's).
    list_price: int = -1
    key: str = field(default_factory=new_key)
    # Today's catalog price, when it is known to differ from list_price (the screen says so).
    catalog_price: int | None = None

    def __post_init__(self) -> None:
        if self.list_price < 0:
            self.list_price = self.product.price

    @property
    def subject(self) -> str:
        """What an approval for this line is bound to."""
        return line_subject(self.key)

    @property
    def list_value(self) -> int:
        """What the line costs at the price it was scanned at, before override or discount."""
        return self.quantity * self.list_price

    @property
    def catalog_price_changed(self) -> bool:
        return self.catalog_price is not None and self.catalog_price != self.list_price

    @property
    def line_total(self) -> int:
        return self.quantity * self.unit_price - self.line_discount

    @property
    def price_overridden(self) -> bool:
        return self.unit_price != self.list_price

    @property
    def over_stock(self) -> bool:
        on_hand = self.product.on_hand
        return on_hand is not None and self.quantity > on_hand


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)
    sale_discount: int = 0  # Rupiah off the whole sale, spread over the lines when committed
    sale_discount_approval: Approval | None = None  # bound to this cart's key and the amount
    key: str = field(default_factory=new_key)
    # The uuid the sale gets when this cart is paid (``commit_sale(sale_uuid=…)``), known
    # before the commit: a cart kept on disk for crash recovery is recognised as already sold
    # when a sale with this uuid exists (``till.open_cart``).
    sale_uuid: str = field(default_factory=new_uuid)

    @property
    def subject(self) -> str:
        """What an approval of this cart's sale discount is bound to."""
        return cart_subject(self.key)

    @property
    def subtotal(self) -> int:
        """The lines after their own discounts, before the sale discount."""
        return sum(line.line_total for line in self.lines)

    @property
    def total(self) -> int:
        return self.subtotal - self.sale_discount

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def is_empty(self) -> bool:
        return not self.lines

    def line_for(self, product: ProductInfo) -> int | None:
        """The line a new scan of ``product`` adds to: same product at the same price.

        A scan after the catalog price changed starts a new line at the new price.
        """
        for index, line in enumerate(self.lines):
            if (
                line.product.id == product.id
                and line.list_price == product.price
                and line.unit_price == product.price
                and not line.line_discount
            ):
                return index
        return None

    def add(self, product: ProductInfo, quantity: int = 1) -> int:
        """Add ``quantity`` of ``product``; a product already in the cart gets its line increased.

        Returns the index of the line that changed.
        """
        check_line_quantity(quantity)
        index = self.line_for(product)
        if index is not None:
            line = self.lines[index]
            new_quantity = line.quantity + quantity
            if new_quantity > MAX_LINE_QUANTITY:
                raise InvalidQuantity(str(new_quantity), "too_large")
            line.quantity = new_quantity
            return index
        self.lines.append(CartLine(product=product, quantity=quantity, unit_price=product.price))
        return len(self.lines) - 1

    def set_quantity(self, index: int, quantity: int) -> None:
        check_line_quantity(quantity)
        line = self.lines[index]
        if line.line_discount > quantity * line.unit_price:
            # A Rupiah discount given on more units would make the line negative.
            raise InvalidDiscount(
                str(line.line_discount), "above_value", quantity * line.unit_price
            )
        line.quantity = quantity
        self._fit_sale_discount()

    def set_line_discount(self, index: int, amount: int, approval: Approval | None = None) -> None:
        """Rupiah off line ``index`` (0 removes it); ``approval`` when above the cashier's limit.

        Whether the discount is allowed for the user is checked when the sale is committed
        (``sales.commit_sale``); here only that it is 0 … the line's value.
        """
        line = self.lines[index]
        value = line.quantity * line.unit_price
        if amount < 0:
            raise InvalidDiscount(str(amount), "negative")
        if amount > value:
            raise InvalidDiscount(str(amount), "above_value", value)
        line.line_discount = amount
        line.approval = approval if (amount or line.price_overridden) else None
        self._fit_sale_discount()

    def override_price(self, index: int, unit_price: int, approval: Approval | None = None) -> None:
        """Charge ``unit_price`` per unit on line ``index`` instead of the catalog price.

        Setting the catalog price again ends the override. A line discount larger than the
        line's new value is refused (the cart stays as it was).
        """
        line = self.lines[index]
        if unit_price < 0:
            raise InvalidDiscount(str(unit_price), "negative_price")
        value = line.quantity * unit_price
        if line.line_discount > value:
            raise InvalidDiscount(str(line.line_discount), "above_value", value)
        line.unit_price = unit_price
        line.approval = approval if (line.line_discount or line.price_overridden) else None
        self._fit_sale_discount()

    def set_sale_discount(self, amount: int, approval: Approval | None = None) -> None:
        """Rupiah off the whole sale (0 removes it): at most the subtotal."""
        if amount < 0:
            raise InvalidDiscount(str(amount), "negative")
        if amount > self.subtotal:
            raise InvalidDiscount(str(amount), "above_value", self.subtotal)
        self.sale_discount = amount
        self.sale_discount_approval = approval if amount else None

    def remove(self, index: int) -> CartLine:
        line = self.lines.pop(index)
        self._fit_sale_discount()
        return line

    def _fit_sale_discount(self) -> None:
        # After lines shrink, a sale discount above what is left would make the total negative.
        # A smaller discount is still covered by the approval given for the larger one.
        self.sale_discount = min(self.sale_discount, self.subtotal)
        if not self.sale_discount:
            self.sale_discount_approval = None

    def clear(self) -> None:
        self.lines.clear()
        self.sale_discount = 0
        self.sale_discount_approval = None
        self.key = new_key()  # the next customer's cart: no approval carries over
        self.sale_uuid = new_uuid()
