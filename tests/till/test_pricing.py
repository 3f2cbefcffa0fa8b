"""Discounts as typed, in Rupiah, and the role a discount or price override needs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from bazaar_pos.catalog.lookup import ProductInfo
from bazaar_pos.errors import InvalidDiscount
from bazaar_pos.people.access import Approval, ApprovalAction
from bazaar_pos.till.cart import Cart, CartLine
from bazaar_pos.till.pricing import (
    ApprovalNeed,
    DiscountRequest,
    approval_action_text,
    discount_amount,
    line_needs_role,
    missing_approvals,
    parse_discount,
    sale_discount_needs_role,
)

TALENAN = ProductInfo(
    id=3,
    sku="BLA-KYU-001",
    barcode="2003000000030",
    name="Talenan kayu jati",
    unit="pcs",
    price=45_000,
    category="Kerajinan kayu",
    institution_code="BLA",
    workshop="Kerajinan kayu",
    track_stock=True,
    on_hand=25,
)
BESEK = dataclasses.replace(TALENAN, id=14, sku="BNA-BES-001", name="Besek bambu kecil", price=125)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10%", DiscountRequest("percent", 10)),
        (" 10 % ", DiscountRequest("percent", 10)),
        ("100%", DiscountRequest("percent", 100)),
        ("1%", DiscountRequest("percent", 1)),
        ("5000", DiscountRequest("amount", 5_000)),
        ("5.000", DiscountRequest("amount", 5_000)),
        ("Rp 5.000", DiscountRequest("amount", 5_000)),
        ("rp5.000", DiscountRequest("amount", 5_000)),
        ("0", DiscountRequest("amount", 0)),
    ],
)
def test_parse_discount(typed: str, expected: DiscountRequest) -> None:
    assert parse_discount(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0%", "percent_range"),
        ("101%", "percent_range"),
        ("12,5%", "not_a_number"),
        ("%10", "not_a_number"),
        ("10%%", "not_a_number"),
        ("sepuluh", "not_a_number"),
        ("", "not_a_number"),
        ("5,000", "not_a_number"),  # ambiguous: five thousand or five?
        ("-5000", "negative"),
    ],
)
def test_parse_discount_refuses(typed: str, reason: str) -> None:
    with pytest.raises(InvalidDiscount) as caught:
        parse_discount(typed)
    assert (caught.value.text, caught.value.reason) == (typed, reason)


def test_discount_amount_floors_percentages_to_whole_rupiah() -> None:
    assert discount_amount(90_000, DiscountRequest("percent", 10)) == 9_000
    assert discount_amount(125, DiscountRequest("percent", 10)) == 12  # not 12.5
    assert discount_amount(1_999, DiscountRequest("percent", 33)) == 659  # 659.67
    assert discount_amount(45_000, DiscountRequest("percent", 100)) == 45_000
    assert discount_amount(45_000, DiscountRequest("amount", 5_000)) == 5_000


def line(product: ProductInfo = TALENAN, quantity: int = 2, **changes: Any) -> CartLine:
    made = CartLine(product=product, quantity=quantity, unit_price=product.price)
    return dataclasses.replace(made, **changes)


@pytest.mark.parametrize(
    ("discount", "role"),
    [
        (0, "cashier"),
        (9_000, "cashier"),  # exactly 10 % of Rp 90.000
        (9_001, "supervisor"),
        (45_000, "supervisor"),  # 50 %
        (45_001, "admin"),
        (90_000, "admin"),
    ],
)
def test_line_discount_roles(discount: int, role: str) -> None:
    assert line_needs_role(line(line_discount=discount)) == role


def test_ten_percent_of_a_besek_floors_within_the_cashier_limit() -> None:
    assert line_needs_role(line(BESEK, 1, line_discount=12)) == "cashier"
    assert line_needs_role(line(BESEK, 1, line_discount=13)) == "supervisor"


def test_any_price_override_needs_a_supervisor() -> None:
    assert line_needs_role(line(unit_price=44_000)) == "supervisor"  # 2 % off
    assert line_needs_role(line(unit_price=50_000)) == "supervisor"  # raised
    assert line_needs_role(line(unit_price=10_000)) == "admin"  # 78 % off
    assert line_needs_role(line(unit_price=45_000)) == "cashier"


def test_sale_discount_role_is_against_the_subtotal() -> None:
    cart = Cart()
    cart.add(TALENAN, 2)
    cart.set_line_discount(0, 10_000)  # subtotal Rp 80.000
    cart.set_sale_discount(8_000)
    assert sale_discount_needs_role(cart) == "cashier"
    cart.set_sale_discount(8_001)
    assert sale_discount_needs_role(cart) == "supervisor"
    cart.set_sale_discount(80_000)
    assert sale_discount_needs_role(cart) == "admin"


def test_approval_action_text() -> None:
    assert approval_action_text(line(unit_price=40_000, line_discount=5_000)) == (
        "Talenan kayu jati x2, harga Rp 45.000 → Rp 40.000, diskon Rp 5.000"
    )


# --- which approvals a cart still lacks --------------------------------------------------------

T0 = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


def approval_for(action: ApprovalAction, subject: str, amount: int) -> Approval:
    return Approval(
        grant_uuid="g",
        action=action,
        subject=subject,
        amount=amount,
        approver_id=2,
        approver_name="Bu Ratna",
        role="supervisor",
        expires_at=T0 + dt.timedelta(minutes=10),
        secret="s",
    )


def test_missing_approvals_names_each_uncovered_change() -> None:
    cart = Cart()
    cart.add(TALENAN, 2)  # Rp 90.000
    cart.add(BESEK, 10)
    cart.set_line_discount(0, 20_000)  # 22 %: a supervisor
    cart.override_price(1, 100)  # any override: a supervisor
    cart.set_sale_discount(1_000)  # within the cashier's 10 %
    first, second = cart.lines
    assert missing_approvals(cart, "cashier", T0) == [
        ApprovalNeed(ApprovalAction.LINE_DISCOUNT, first.subject, 20_000, "supervisor", 0),
        ApprovalNeed(ApprovalAction.PRICE_OVERRIDE, second.subject, 250, "supervisor", 1),
    ]
    assert missing_approvals(cart, "supervisor", T0) == []
    first.approval = approval_for(ApprovalAction.LINE_DISCOUNT, first.subject, 25_000)
    second.approval = approval_for(ApprovalAction.PRICE_OVERRIDE, second.subject, 250)
    assert missing_approvals(cart, "cashier", T0) == []  # a smaller discount is covered
    # An approval past its time is asked for again.
    later = T0 + dt.timedelta(minutes=10)
    assert [need.line_index for need in missing_approvals(cart, "cashier", later)] == [0, 1]


def test_an_approval_for_another_line_or_amount_does_not_cover() -> None:
    cart = Cart()
    cart.add(TALENAN, 2)
    cart.override_price(0, 40_000)
    cart.add(TALENAN, 1)  # a line of its own: the first one is overridden
    first, second = cart.lines
    first.approval = approval_for(ApprovalAction.PRICE_OVERRIDE, second.subject, 10_000)
    assert len(missing_approvals(cart, "cashier", T0)) == 1
    first.approval = approval_for(ApprovalAction.PRICE_OVERRIDE, first.subject, 9_000)
    assert len(missing_approvals(cart, "cashier", T0)) == 1  # an override: exactly
    first.approval = approval_for(ApprovalAction.LINE_DISCOUNT, first.subject, 10_000)
    assert len(missing_approvals(cart, "cashier", T0)) == 1
    first.approval = approval_for(ApprovalAction.PRICE_OVERRIDE, first.subject, 10_000)
    assert missing_approvals(cart, "cashier", T0) == []


def test_a_sale_discount_above_the_cashier_s_limit_needs_its_cart_s_approval() -> None:
    cart = Cart()
    cart.add(TALENAN, 2)
    cart.set_sale_discount(30_000)
    assert missing_approvals(cart, "cashier", T0) == [
        ApprovalNeed(ApprovalAction.SALE_DISCOUNT, cart.subject, 30_000, "supervisor", None)
    ]
    cart.sale_discount_approval = approval_for(ApprovalAction.SALE_DISCOUNT, cart.subject, 30_000)
    assert missing_approvals(cart, "cashier", T0) == []
