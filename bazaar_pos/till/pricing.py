"""Discounts as the cashier types them, and which role a discount or price override needs.

A discount is typed as a percentage (``10%``) or an amount (``5.000``) and turned into whole
Rupiah at once; the cart and the sale only ever hold Rupiah. The role rules themselves
(``access.DISCOUNT_LIMIT_PERCENT``) are checked again by ``sales.commit_sale`` inside its
transaction; these helpers let a screen ask for a supervisor's PIN *before* paying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bazaar_pos.db.models import Role
from bazaar_pos.errors import InvalidAmount, InvalidDiscount
from bazaar_pos.money import format_rupiah, parse_rupiah
from bazaar_pos.people.access import ROLE_RANK, minimum_role_for_discount
from bazaar_pos.till.cart import Cart, CartLine

__all__ = [
    "DiscountRequest",
    "approval_action_text",
    "discount_amount",
    "line_needs_role",
    "line_reduction",
    "parse_discount",
    "sale_discount_needs_role",
]

_PERCENT_RE = re.compile(r"^\s*(\d{1,3})\s*%\s*$")


@dataclass(frozen=True)
class DiscountRequest:
    kind: Literal["percent", "amount"]
    value: int  # percent 1–100, or Rupiah ≥ 0


def parse_discount(text: str) -> DiscountRequest:
    """``"10%"``/``"10 %"`` → 10 percent; ``"5000"``, ``"5.000"``, ``"Rp 5.000"`` → Rupiah.

    Whole percent only (``12,5%`` is refused): the limits are whole percentages too.
    """
    stripped = text.strip()
    if not stripped:
        raise InvalidDiscount(text, "not_a_number")
    if "%" in stripped:
        match = _PERCENT_RE.match(stripped)
        if match is None:
            raise InvalidDiscount(text, "not_a_number")
        percent = int(match.group(1))
        if not 1 <= percent <= 100:
            raise InvalidDiscount(text, "percent_range")
        return DiscountRequest("percent", percent)
    if stripped.startswith("-"):
        raise InvalidDiscount(text, "negative")
    try:
        amount = parse_rupiah(stripped)
    except InvalidAmount:
        raise InvalidDiscount(text, "not_a_number") from None
    return DiscountRequest("amount", amount)


def discount_amount(base: int, request: DiscountRequest) -> int:
    """The discount in Rupiah off ``base``; a percentage is floored to whole Rupiah.

    Floored, so 10 % of Rp 125 is Rp 12, which stays within a 10 % limit. An amount is
    returned as typed; the cart refuses one above the value it applies to.
    """
    if request.kind == "percent":
        return base * request.value // 100
    return request.value


def line_reduction(line: CartLine) -> int:
    """How much less the line costs than at the catalog price (negative if the price was raised)."""
    return line.list_value - line.line_total


def line_needs_role(line: CartLine) -> str:
    """The lowest role that may give this line's discount/override on their own.

    Any price override at all needs a supervisor (a raised price too: the money is counted
    against the catalog price at the end of the day); a discount needs the role whose limit
    covers the reduction in percent of the line's catalog value.
    """
    needed = minimum_role_for_discount(line_reduction(line), line.list_value)
    if line.price_overridden:
        needed = _higher(needed, Role.SUPERVISOR)
    return needed


def sale_discount_needs_role(cart: Cart) -> str:
    """The lowest role that may give the cart's sale discount (against its subtotal)."""
    return minimum_role_for_discount(cart.sale_discount, cart.subtotal)


def approval_action_text(line: CartLine) -> str:
    """A short plain description of what a supervisor is asked to approve for ``line``."""
    parts = [f"{line.product.name} x{line.quantity}"]
    if line.price_overridden:
        parts.append(
            f"harga {format_rupiah(line.product.price)} → {format_rupiah(line.unit_price)}"
        )
    if line.line_discount:
        parts.append(f"diskon {format_rupiah(line.line_discount)}")
    return ", ".join(parts)


def _higher(role: str, other: str) -> str:
    return role if ROLE_RANK[role] >= ROLE_RANK[other] else other
