"""Catalog look-ups at the till: scan by barcode or SKU, search by name."""

from __future__ import annotations

import pytest

from bazaar_pos.catalog.lookup import find_by_code, search_products
from bazaar_pos.db import Database
from bazaar_pos.errors import InvalidAmount, UnknownCode
from bazaar_pos.settings import InvalidSetting
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale


def test_scan_finds_by_barcode_and_by_sku(db: Database) -> None:
    by_barcode = find_by_code(db, "2002000000019")
    by_sku = find_by_code(db, " BNA-BES-001 ")
    assert by_barcode == by_sku
    assert (by_barcode.name, by_barcode.price, by_barcode.institution_code) == (
        "Besek bambu kecil",
        125,
        "BNA",
    )
    assert by_barcode.on_hand == 2000


def test_unknown_code_names_the_code(db: Database) -> None:
    with pytest.raises(UnknownCode) as caught:
        find_by_code(db, "8990000000000")
    assert caught.value.code == "8990000000000"


def test_search_puts_names_that_start_with_the_text_first(db: Database) -> None:
    names = [product.name for product in search_products(db, "kayu")]
    assert names, "kayu matches many demo products"
    assert all("kayu" in name.lower() for name in names)
    assert [p.name for p in search_products(db, "besek")] == [
        "Besek bambu besar bertutup",
        "Besek bambu kecil",
    ]


def test_search_treats_wildcards_as_plain_characters(db: Database) -> None:
    assert search_products(db, "%") == []
    assert search_products(db, "_") == []
    assert search_products(db, "") == []


def test_sale_service_refuses_negative_prices_and_bad_till_codes(db: Database) -> None:
    product = find_by_code(db, "BNA-BES-001")
    with pytest.raises(InvalidAmount):
        commit_sale(
            db,
            [SaleLineRequest(product.id, 1, -125)],
            PaymentRequest("cash", 0),
            cashier="Kasir",
            till_code="BPN1",
            event_id=None,
        )
    with pytest.raises(InvalidSetting):
        commit_sale(
            db,
            [SaleLineRequest(product.id, 1, 125)],
            PaymentRequest("cash", 125),
            cashier="Kasir",
            till_code="bpn-1",
            event_id=None,
        )
