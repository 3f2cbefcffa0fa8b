"""Discounts as the cashier types them, and which role a discount or price override needs.

A discount is typed as a percentage (``10%``) or an amount (``5.000``) and turned into whole
Rupiah at once; the cart and the sale only ever hold Rupiah. The role rules themselves
(``access.DISCOUNT_LIMIT_PERCENT``) are checked again by ``sales.commit_sale`` inside its
transaction; these helpers let a screen ask for a supervisor's PIN *before* paying.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from bazaar_pos.db.models import Role
from bazaar_pos.errors import InvalidAmount, InvalidDiscount
from bazaar_pos.money import format_rupiah, parse_rupiah
from bazaar_pos.people.access import (
    ROLE_RANK,
    UP_TO_APPROVED,
    Approval,
    ApprovalAction,
    minimum_role_for_discount,
    role_at_least,
)
from bazaar_pos.till.cart import Cart, CartLine

__all__ = [
    "ApprovalNeed",
    "DiscountRequest",
    "approval_action_text",
    "approval_covers",
    "discount_amount",
    "line_needs_role",
    "line_reduction",
    "line_terms",
    "missing_approvals",
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
    """How much less the line costs than at the price it was scanned at (negative: raised)."""
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


def line_terms(line: CartLine) -> tuple[ApprovalAction, int]:
    """What an approval of ``line``'s change is for: the action and its amount.

    A line with another price than at scan is a price override, else a discount; the amount
    is the Rupiah the line takes off its list value (negative for a raised price), the same
    figure ``sales.commit_sale`` computes from the sale line it is given.
    """
    action = (
        ApprovalAction.PRICE_OVERRIDE if line.price_overridden else ApprovalAction.LINE_DISCOUNT
    )
    return action, line_reduction(line)


@dataclass(frozen=True)
class ApprovalNeed:
    """A change in the cart that the user may not give alone and that no approval covers."""

    action: ApprovalAction
    subject: str
    amount: int
    minimum_role: str
    line_index: int | None  # None: the sale discount


def approval_covers(approval: Approval | None, need: ApprovalNeed, now: dt.datetime) -> bool:
    """Whether ``approval`` was given for this and has not expired at ``now`` (the service
    checks it again, and also that it is unused and that the approver still may)."""
    if approval is None or approval.action != need.action or approval.subject != need.subject:
        return False
    if now >= approval.expires_at:
        return False
    if approval.amount is None:
        return False
    if need.action in UP_TO_APPROVED:
        return 0 <= need.amount <= approval.amount
    return need.amount == approval.amount


def missing_approvals(cart: Cart, role: str, now: dt.datetime | None = None) -> list[ApprovalNeed]:
    """The cart's changes that ``role`` may not give and no live approval in the cart covers.

    After a parked cart is resumed (approvals do not survive parking), after a line's
    quantity changed under an override, or when an approval expired while the customer was
    still choosing, the screen asks for these before payment.
    """
    now = now or dt.datetime.now(dt.UTC)
    needs: list[ApprovalNeed] = []
    for index, line in enumerate(cart.lines):
        if not (line.line_discount or line.price_overridden):
            continue
        needed = line_needs_role(line)
        if role_at_least(role, needed):
            continue
        action, amount = line_terms(line)
        need = ApprovalNeed(action, line.subject, amount, needed, index)
        if not approval_covers(line.approval, need, now):
            needs.append(need)
    if cart.sale_discount:
        needed = sale_discount_needs_role(cart)
        if not role_at_least(role, needed):
            need = ApprovalNeed(
                ApprovalAction.SALE_DISCOUNT, cart.subject, cart.sale_discount, needed, None
            )
            if not approval_covers(cart.sale_discount_approval, need, now):
                needs.append(need)
    return needs


def sale_discount_needs_role(cart: Cart) -> str:
    """The lowest role that may give the cart's sale discount (against its subtotal)."""
    return minimum_role_for_discount(cart.sale_discount, cart.subtotal)


def approval_action_text(line: CartLine) -> str:
    """A short plain description of what a supervisor is asked to approve for ``line``."""
    parts = [f"{line.product.name} x{line.quantity}"]
    if line.price_overridden:
        parts.append(f"harga {format_rupiah(line.list_price)} → {format_rupiah(line.unit_price)}")
    if line.line_discount:
        parts.append(f"diskon {format_rupiah(line.line_discount)}")
    return ", ".join(parts)


def _higher(role: str, other: str) -> str:
    return role if ROLE_RANK[role] >= ROLE_RANK[other] else other
