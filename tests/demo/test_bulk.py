"""``generate_demo_data`` only fills a new till: users or sales mean a till in use."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bazaar_pos.db import Database
from bazaar_pos.db.models import Product
from bazaar_pos.demo.bulk import DemoRefused, generate_demo_data
from tests.conftest import Staff


def _products(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Product)) or 0)


def test_demo_data_fills_a_new_till(db: Database) -> None:
    before = _products(db)
    summary = generate_demo_data(db, 3, 2)
    assert (summary.products_added, summary.sales_added) == (3, 2)
    assert _products(db) == before + 3


def test_demo_data_is_refused_on_a_till_with_users_and_nothing_is_written(
    db: Database, staff: Staff
) -> None:
    before = _products(db)
    with pytest.raises(DemoRefused) as refused:
        generate_demo_data(db, 3, 2)
    assert (refused.value.users, refused.value.sales) == (3, 0)
    assert _products(db) == before


def test_demo_data_is_refused_once_the_till_has_sold(db: Database) -> None:
    generate_demo_data(db, 0, 1)
    with pytest.raises(DemoRefused) as refused:
        generate_demo_data(db, 0, 1)
    assert refused.value.sales == 1
