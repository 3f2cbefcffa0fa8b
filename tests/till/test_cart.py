"""The scan field (``N*CODE``) and the cart being rung up."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from bazaar_pos.catalog.lookup import ProductInfo, find_by_code
from bazaar_pos.db import Database
from bazaar_pos.errors import InvalidDiscount, InvalidQuantity
from bazaar_pos.people.access import Approval, ApprovalAction
from bazaar_pos.till.cart import MAX_LINE_QUANTITY, Cart, ScanInput, parse_quantity, parse_scan

BESEK = ProductInfo(
    id=14,
    sku="BNA-BES-001",
    barcode="2002000000019",
    name="Besek bambu kecil",
    unit="buah",
    price=125,
    category="Anyaman bambu",
    institution_code="BNA",
    workshop="Anyaman bambu",
    track_stock=True,
    on_hand=2_000,
)
RAK = dataclasses.replace(
    BESEK, id=25, sku="BLA-KYU-005", barcode="2003000000078", name="Rak sepatu kayu 3 susun",
    price=275_000, institution_code="BLA", workshop="Kerajinan kayu", on_hand=4,
)  # fmt: skip
KOPI = dataclasses.replace(
    BESEK, id=9, sku="BPN-KAF-001", barcode="2001000000098", name="Kopi hitam", unit="gelas",
    price=8_000, institution_code="BPN", workshop="Kafe asimilasi", track_stock=False,
    on_hand=None,
)  # fmt: skip


def product(base: ProductInfo = BESEK, **changes: Any) -> ProductInfo:
    return dataclasses.replace(base, **changes)


# ------------------------------------------------------------------------------- parse_scan


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1600*2002000000019", ScanInput(1600, "2002000000019")),
        ("1600*", ScanInput(1600, "")),
        ("2002000000019", ScanInput(None, "2002000000019")),
        ("  2002000000019\n", ScanInput(None, "2002000000019")),
        (" 3 * ABC ", ScanInput(3, "ABC")),
        ("1.600*BNA-BES-001", ScanInput(1600, "BNA-BES-001")),
        ("BNA-BES-001", ScanInput(None, "BNA-BES-001")),
        ("", ScanInput(None, "")),
    ],
)
def test_parse_scan(typed: str, expected: ScanInput) -> None:
    assert parse_scan(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0*x", "not_positive"),
        ("-2*x", "not_positive"),
        ("abc*x", "not_a_number"),
        ("*x", "not_a_number"),
        ("1,5*x", "not_a_number"),
        ("--5*x", "not_a_number"),  # used to escape as a bare ValueError
        ("²*x", "not_a_number"),  # a digit to str.isdigit(), not to int()
        ("100000*x", "too_large"),
        ("2002000000019*", "too_large"),  # a barcode scanned into the quantity
    ],
)
def test_parse_scan_rejects_bad_quantities(typed: str, reason: str) -> None:
    with pytest.raises(InvalidQuantity) as caught:
        parse_scan(typed)
    assert caught.value.reason == reason


def test_parse_quantity_limits() -> None:
    assert parse_quantity("1") == 1
    assert parse_quantity(str(MAX_LINE_QUANTITY)) == MAX_LINE_QUANTITY
    assert parse_quantity(" 99.999 ") == MAX_LINE_QUANTITY
    with pytest.raises(InvalidQuantity) as caught:
        parse_quantity(str(MAX_LINE_QUANTITY + 1))
    assert caught.value.reason == "too_large"


def test_scanned_besek_from_the_catalog(db: Database) -> None:
    scan = parse_scan("1600*2002000000019")
    cart = Cart()
    assert scan.quantity is not None
    cart.add(find_by_code(db, scan.code), scan.quantity)
    assert cart.total == 200_000
    assert cart.lines[0].product.name == "Besek bambu kecil"


# ------------------------------------------------------------------------------------- Cart


def test_empty_cart() -> None:
    cart = Cart()
    assert cart.is_empty()
    assert cart.total == 0
    assert cart.item_count == 0


def test_adding_the_same_product_again_increases_its_line() -> None:
    cart = Cart()
    assert cart.add(BESEK, 1000) == 0
    assert cart.add(RAK) == 1
    assert cart.add(BESEK, 600) == 0
    assert [(line.product.sku, line.quantity) for line in cart.lines] == [
        ("BNA-BES-001", 1600),
        ("BLA-KYU-005", 1),
    ]
    assert cart.total == 1600 * 125 + 275_000
    assert cart.item_count == 1601


def test_a_new_price_gets_its_own_line() -> None:
    """A price changed between two scans must not silently reprice what is already rung up."""
    cart = Cart()
    cart.add(BESEK, 10)
    cart.add(product(price=150), 10)
    assert [(line.quantity, line.unit_price) for line in cart.lines] == [(10, 125), (10, 150)]
    assert cart.total == 10 * 125 + 10 * 150


def test_set_quantity_and_remove() -> None:
    cart = Cart()
    cart.add(BESEK, 5)
    cart.add(KOPI, 2)
    cart.set_quantity(0, 1600)
    assert cart.lines[0].line_total == 200_000
    assert cart.total == 200_000 + 16_000
    removed = cart.remove(1)
    assert removed.product.sku == "BPN-KAF-001"
    assert cart.total == 200_000
    cart.clear()
    assert cart.is_empty()


@pytest.mark.parametrize(
    ("quantity", "reason"), [(0, "not_positive"), (-3, "not_positive"), (100_000, "too_large")]
)
def test_bad_quantities_leave_the_cart_unchanged(quantity: int, reason: str) -> None:
    cart = Cart()
    cart.add(BESEK, 5)
    with pytest.raises(InvalidQuantity) as caught:
        cart.set_quantity(0, quantity)
    assert caught.value.reason == reason
    with pytest.raises(InvalidQuantity) as caught:
        cart.add(RAK, quantity)
    assert caught.value.reason == reason
    assert [(line.product.sku, line.quantity) for line in cart.lines] == [("BNA-BES-001", 5)]


def test_merging_cannot_exceed_the_maximum_line_quantity() -> None:
    cart = Cart()
    cart.add(BESEK, MAX_LINE_QUANTITY)
    with pytest.raises(InvalidQuantity) as caught:
        cart.add(BESEK, 1)
    assert caught.value.reason == "too_large"
    assert cart.lines[0].quantity == MAX_LINE_QUANTITY
    assert len(cart.lines) == 1


def test_over_stock_flag() -> None:
    cart = Cart()
    cart.add(RAK, 4)  # exactly what is on hand
    assert not cart.lines[0].over_stock
    cart.set_quantity(0, 5)
    assert cart.lines[0].over_stock
    cart.add(product(RAK, id=99, on_hand=0))
    assert cart.lines[1].over_stock
    cart.add(product(RAK, id=98, on_hand=-2))  # ledger already negative after a miscount
    assert cart.lines[2].over_stock


def test_untracked_goods_are_never_over_stock() -> None:
    cart = Cart()
    cart.add(KOPI, 500)
    assert not cart.lines[0].over_stock


# ------------------------------------------------------------------ discounts and overrides

# The cart only carries approvals; whether one covers a change is the sale's check.
APPROVAL = Approval(
    grant_uuid="4b2a",
    action=ApprovalAction.LINE_DISCOUNT,
    subject="line:x",
    amount=1,
    approver_id=2,
    approver_name="Bu Ratna",
    role="supervisor",
    expires_at=dt.datetime(2026, 12, 7, tzinfo=dt.UTC),
    secret="not-a-real-one",
)


def test_an_approval_s_secret_never_shows_in_its_repr() -> None:
    assert "not-a-real-one" not in repr(APPROVAL)
    assert "4b2a" in repr(APPROVAL)


def test_line_discount_lowers_the_line_and_the_total() -> None:
    cart = Cart()
    cart.add(RAK, 2)
    cart.set_line_discount(0, 55_000, APPROVAL)
    line = cart.lines[0]
    assert (line.list_value, line.line_total, line.approval) == (550_000, 495_000, APPROVAL)
    assert (cart.subtotal, cart.total) == (495_000, 495_000)
    cart.set_line_discount(0, 0)
    assert (line.line_total, line.approval) == (550_000, None)


def test_a_discount_above_the_line_is_refused_and_changes_nothing() -> None:
    cart = Cart()
    cart.add(RAK, 2)
    cart.set_line_discount(0, 10_000)
    with pytest.raises(InvalidDiscount) as caught:
        cart.set_line_discount(0, 550_001)
    assert (caught.value.reason, caught.value.limit) == ("above_value", 550_000)
    with pytest.raises(InvalidDiscount) as caught:
        cart.set_line_discount(0, -1)
    assert caught.value.reason == "negative"
    assert cart.lines[0].line_discount == 10_000


def test_price_override() -> None:
    cart = Cart()
    cart.add(RAK, 2)
    cart.override_price(0, 250_000, APPROVAL)
    line = cart.lines[0]
    assert line.price_overridden
    assert (line.unit_price, line.list_value, line.line_total) == (250_000, 550_000, 500_000)
    assert line.approval == APPROVAL
    with pytest.raises(InvalidDiscount) as caught:
        cart.override_price(0, -1)
    assert caught.value.reason == "negative_price"
    cart.set_line_discount(0, 400_000, APPROVAL)
    with pytest.raises(InvalidDiscount) as caught:
        cart.override_price(0, 150_000)  # the discount would exceed the line's new value
    assert (caught.value.reason, caught.value.limit) == ("above_value", 300_000)
    assert line.unit_price == 250_000
    cart.set_line_discount(0, 0)
    cart.override_price(0, RAK.price)
    assert not line.price_overridden
    assert line.approval is None


def test_scanning_again_does_not_merge_into_a_discounted_or_overridden_line() -> None:
    cart = Cart()
    cart.add(RAK)
    cart.set_line_discount(0, 5_000)
    assert cart.add(RAK) == 1
    cart.override_price(1, 260_000, APPROVAL)
    assert cart.add(RAK) == 2
    assert cart.add(RAK) == 2  # the plain line at the list price takes further scans
    assert [(line.quantity, line.unit_price, line.line_discount) for line in cart.lines] == [
        (1, 275_000, 5_000),
        (1, 260_000, 0),
        (2, 275_000, 0),
    ]


def test_sale_discount_limits_and_shrinking_cart() -> None:
    cart = Cart()
    cart.add(RAK, 1)
    cart.add(KOPI, 5)  # subtotal 315.000
    with pytest.raises(InvalidDiscount) as caught:
        cart.set_sale_discount(315_001)
    assert (caught.value.reason, caught.value.limit) == ("above_value", 315_000)
    with pytest.raises(InvalidDiscount):
        cart.set_sale_discount(-1)
    cart.set_sale_discount(300_000, APPROVAL)
    assert (cart.subtotal, cart.total, cart.sale_discount_approval) == (315_000, 15_000, APPROVAL)
    cart.remove(0)  # only the coffee (40.000) is left: never a negative total
    assert (cart.sale_discount, cart.total) == (40_000, 0)
    cart.set_sale_discount(0)
    assert cart.sale_discount_approval is None
    cart.clear()
    assert (cart.sale_discount, cart.sale_discount_approval) == (0, None)


def test_quantity_below_a_rupiah_discount_is_refused() -> None:
    cart = Cart()
    cart.add(KOPI, 5)
    cart.set_line_discount(0, 20_000)
    with pytest.raises(InvalidDiscount) as caught:
        cart.set_quantity(0, 2)  # worth 16.000 < 20.000 off
    assert caught.value.limit == 16_000
    assert cart.lines[0].quantity == 5
    cart.set_quantity(0, 3)
    assert cart.total == 4_000


# ------------------------------------------------------------------ the price at scan


def test_a_line_keeps_the_price_it_was_scanned_at_when_the_catalog_changes() -> None:
    cart = Cart()
    cart.add(RAK, 2)
    repriced = dataclasses.replace(RAK, price=300_000)
    line = cart.lines[0]
    line.catalog_price = repriced.price  # what the screen learns from the catalog
    assert (line.list_price, line.unit_price, line.line_total) == (275_000, 275_000, 550_000)
    assert not line.price_overridden
    assert line.catalog_price_changed
    # A scan at the new price is a new line: the old one keeps its price.
    assert cart.add(repriced) == 1
    assert [(entry.list_price, entry.quantity) for entry in cart.lines] == [
        (275_000, 2),
        (300_000, 1),
    ]


def test_every_line_and_every_cart_gets_its_own_key() -> None:
    cart = Cart()
    cart.add(RAK)
    cart.add(KOPI)
    first, second = cart.lines
    assert first.key != second.key
    assert (first.subject, cart.subject) == (f"line:{first.key}", f"cart:{cart.key}")
    old = cart.key
    cart.clear()
    assert cart.key != old  # the next customer's cart: no approval carries over
