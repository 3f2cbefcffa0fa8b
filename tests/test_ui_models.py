"""Every custom Qt model passes Qt's own model tester."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.modeltest import ModelTester

from bazaar_pos.catalog import find_by_code, search_products
from bazaar_pos.db import Database
from bazaar_pos.errors import InvalidQuantity
from bazaar_pos.ui.cart_model import COL_QTY, CartModel
from bazaar_pos.ui.search_model import ProductSearchModel


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
