"""Every custom Qt model passes Qt's own model tester."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from bazaar_pos.catalog.lookup import find_by_code, search_products
from bazaar_pos.db import Database
from bazaar_pos.errors import InvalidQuantity
from bazaar_pos.till.cart import Cart
from bazaar_pos.till.parking import list_parked, park_sale
from bazaar_pos.ui.till.cart_model import COL_DISCOUNT, COL_PRICE, COL_QTY, COL_TOTAL, CartModel
from bazaar_pos.ui.till.parked_dialog import ParkedSalesModel
from bazaar_pos.ui.till.search_model import ProductSearchModel
from tests.conftest import Staff


def test_cart_model_passes_the_model_tester(qtmodeltester: ModelTester, db: Database) -> None:
    model = CartModel()
    model.add_product(find_by_code(db, "BLA-KYU-001"), 1)
    model.add_product(find_by_code(db, "BNA-BES-001"), 1600)
    model.add_product(find_by_code(db, "BPN-KAF-001"), 2)
    qtmodeltester.check(model)
    assert model.data(model.index(1, COL_QTY)) == "1.600"
    model.remove_row(0)
    model.set_quantity(0, 10)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.cart.total == 10 * 125 + 2 * 8_000


def test_cart_model_signals_total(qtmodeltester: ModelTester, db: Database) -> None:
    model = CartModel()
    totals: list[int] = []
    model.totalChanged.connect(totals.append)
    model.add_product(find_by_code(db, "BLA-KYU-001"), 1)
    model.add_product(find_by_code(db, "BLA-KYU-001"), 1)  # same product: same line
    model.clear()
    assert totals == [45_000, 90_000, 0]
    qtmodeltester.check(model)


def test_search_model_passes_the_model_tester(qtmodeltester: ModelTester, db: Database) -> None:
    model = ProductSearchModel()
    model.set_products(search_products(db, "kayu"))
    assert model.rowCount() > 3
    qtmodeltester.check(model)
    # Café drinks carry no stock: shown as a dash, not as zero.
    model.set_products(search_products(db, "kopi"))
    stock_column = model.columnCount() - 1
    assert {model.data(model.index(row, stock_column)) for row in range(model.rowCount())} == {"—"}


def test_same_product_at_a_new_price_gets_exactly_one_new_line(
    qtmodeltester: ModelTester, db: Database
) -> None:
    model = CartModel()
    talenan = find_by_code(db, "BLA-KYU-001")
    model.add_product(talenan, 1)
    repriced = replace(talenan, price=40_000)  # the catalog price changed between scans
    assert model.add_product(repriced, 2) == 1
    assert [(line.quantity, line.unit_price) for line in model.cart.lines] == [
        (1, 45_000),
        (2, 40_000),
    ]
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_a_refused_quantity_adds_no_row(qtmodeltester: ModelTester, db: Database) -> None:
    model = CartModel()
    inserted: list[int] = []
    model.rowsInserted.connect(lambda *args: inserted.append(1))
    with pytest.raises(InvalidQuantity):
        model.add_product(find_by_code(db, "BLA-KYU-001"), 0)
    assert (model.rowCount(), inserted) == (0, [])


def test_cart_model_with_discounts_and_override_passes_the_model_tester(
    qtmodeltester: ModelTester, db: Database
) -> None:
    model = CartModel()
    model.add_product(find_by_code(db, "BLA-KYU-001"), 2)
    model.add_product(find_by_code(db, "BNA-BES-001"), 1600)
    changed: list[int] = []
    model.dataChanged.connect(lambda top, bottom: changed.append(top.row()))
    model.set_line_discount(0, 9_000)
    model.override_price(1, 100)
    model.set_sale_discount(1_000)
    qtmodeltester.check(model)
    assert changed == [0, 1]
    assert model.data(model.index(0, COL_DISCOUNT)) == "-Rp 9.000"
    assert model.data(model.index(1, COL_DISCOUNT)) == ""
    assert model.data(model.index(1, COL_PRICE)) == "Rp 100 *"
    assert model.data(model.index(0, COL_PRICE)) == "Rp 45.000"
    assert model.data(model.index(0, COL_TOTAL)) == "Rp 81.000"
    assert model.cart.total == 81_000 + 160_000 - 1_000
    assert model.headerData(COL_DISCOUNT, Qt.Orientation.Horizontal) == "Diskon"


def test_cart_model_lower_quantity_is_left_to_the_screen(
    qtmodeltester: ModelTester, db: Database
) -> None:
    model = CartModel()
    model.add_product(find_by_code(db, "BLA-KYU-001"), 3)
    lowered: list[tuple[int, int]] = []
    model.quantityLowered.connect(lambda row, quantity: lowered.append((row, quantity)))
    assert not model.setData(model.index(0, COL_QTY), "1")
    assert lowered == [(0, 1)]
    assert model.cart.lines[0].quantity == 3
    assert model.setData(model.index(0, COL_QTY), "5")
    assert model.cart.lines[0].quantity == 5
    qtmodeltester.check(model)


def test_cart_model_shows_a_resumed_cart(qtmodeltester: ModelTester, db: Database) -> None:
    resumed = Cart()
    resumed.add(find_by_code(db, "BPN-KAF-001"), 2)
    model = CartModel()
    model.add_product(find_by_code(db, "BLA-KYU-001"), 1)
    totals: list[int] = []
    model.totalChanged.connect(totals.append)
    model.set_cart(resumed)
    assert (model.rowCount(), totals) == (1, [16_000])
    qtmodeltester.check(model)


def test_parked_sales_model_passes_the_model_tester(
    qtmodeltester: ModelTester, db: Database, staff: Staff
) -> None:
    first = Cart()
    first.add(find_by_code(db, "BLA-KYU-001"), 2)
    second = Cart()
    second.add(find_by_code(db, "BPN-KAF-001"), 1)
    second.add(find_by_code(db, "BNA-BES-001"), 40)
    noon = dt.datetime(2026, 4, 27, 5, 0, tzinfo=dt.UTC)
    park_sale(db, first, till_code="BPN1", actor=staff.cashier, label="ibu baju merah", now=noon)
    park_sale(db, second, till_code="BPN1", actor=staff.cashier, now=noon)
    model = ParkedSalesModel()
    model.set_records(list_parked(db, "BPN1", actor=staff.cashier))
    qtmodeltester.check(model)
    rows = [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    local = noon.astimezone().strftime("%H:%M")
    assert rows == [
        [local, "ibu baju merah", "1", "Rp 90.000", "Siti Aminah"],
        [local, "(tanpa keterangan)", "2", "Rp 13.000", "Siti Aminah"],
    ]
    assert model.uuid_at(1) == list_parked(db, "BPN1", actor=staff.cashier)[1].uuid
