"""The demo sale generator: plans that follow the rules, the same for the same seed,
``add_demo_sales`` ringing exactly those plans through the sale service, and the benchmarks'
bulk writer (bench/sales_data.py) writing the rows the sale service writes for them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from bazaar_pos.db import Database
from bazaar_pos.db.journal import own_till_id
from bazaar_pos.db.models import Sale
from bazaar_pos.demo.sales import (
    MAX_LINES,
    NOTES,
    QUANTITIES,
    PlannedSale,
    add_demo_sales,
    plan_sales,
    sale_catalog,
)
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import open_till
from bench.sales_data import write_planned_sales

CATALOG = [
    (product_id, 125 if product_id == 1 else product_id * 1_000) for product_id in range(1, 41)
]

catalogs = st.dictionaries(
    st.integers(min_value=1, max_value=10_000),
    st.integers(min_value=0, max_value=2_000_000),
    min_size=1,
    max_size=12,
).map(lambda prices: sorted(prices.items()))


def check_sale(sale: PlannedSale, catalog: list[tuple[int, int]]) -> None:
    prices = dict(catalog)
    assert 1 <= len(sale.lines) <= min(MAX_LINES, len(catalog))
    assert len({line.product_id for line in sale.lines}) == len(sale.lines)
    for line in sale.lines:
        assert line.unit_price == prices[line.product_id]
        assert line.quantity in QUANTITIES and line.quantity > 0
        assert line.total == line.quantity * line.unit_price
    assert sale.total == sum(line.quantity * line.unit_price for line in sale.lines)
    assert sale.change == sale.tendered - sale.total >= 0
    if sale.method == "cash":
        covering = [note for note in NOTES if note >= sale.total]
        assert sale.tendered == (covering[0] if covering and sale.total else sale.total)
        assert sale.reference == ""
    else:
        assert sale.method in ("qris", "transfer")
        assert (sale.tendered, sale.change) == (sale.total, 0)
        assert sale.reference == f"REF-{sale.number}"


@given(catalog=catalogs, seed=st.integers(0, 2**32), sales=st.integers(0, 40))
def test_planned_sales_follow_the_rules(
    catalog: list[tuple[int, int]], seed: int, sales: int
) -> None:
    plan = plan_sales(catalog, seed=seed, sales=sales)
    assert [sale.number for sale in plan] == list(range(1, sales + 1))
    for sale in plan:
        check_sale(sale, catalog)
    assert plan == plan_sales(catalog, seed=seed, sales=sales)  # the same seed, the same sales


@given(catalog=catalogs, seed=st.integers(0, 2**32), lines=st.integers(0, 120))
def test_planning_by_lines_gives_exactly_that_many(
    catalog: list[tuple[int, int]], seed: int, lines: int
) -> None:
    plan = plan_sales(catalog, seed=seed, lines=lines)
    assert sum(len(sale.lines) for sale in plan) == lines
    for sale in plan:
        check_sale(sale, catalog)
    # Only the last sale may be cut short: up to it, the plan is the same as by sales.
    assert plan[:-1] == plan_sales(catalog, seed=seed, sales=len(plan))[:-1]


def test_a_seed_gives_its_own_sales() -> None:
    assert plan_sales(CATALOG, seed=1, sales=20) == plan_sales(CATALOG, seed=1, sales=20)
    assert plan_sales(CATALOG, seed=1, sales=20) != plan_sales(CATALOG, seed=2, sales=20)


def test_the_mix_of_a_long_plan() -> None:
    plan = plan_sales(CATALOG, seed=62, lines=20_000)
    sizes = Counter(len(sale.lines) for sale in plan[:-1])
    assert set(sizes) == {1, 2, 3, 4, 5}
    assert 2.9 < sum(len(sale.lines) for sale in plan) / len(plan) < 3.1  # 3 lines on average
    quantities = Counter(line.quantity for sale in plan for line in sale.lines)
    assert set(quantities) == {1, 2, 3}
    assert 0.57 < quantities[1] / sum(quantities.values()) < 0.63  # three in five are one
    methods = Counter(sale.method for sale in plan)
    assert set(methods) == {"cash", "qris", "transfer"}
    assert 0.56 < methods["cash"] / len(plan) < 0.64  # three in five pay cash
    assert any(sale.change for sale in plan)


def test_a_small_catalog_limits_the_lines() -> None:
    plan = plan_sales(CATALOG[:2], seed=3, sales=50)
    assert max(len(sale.lines) for sale in plan) == 2


@pytest.mark.parametrize(
    ("catalog", "kwargs", "message"),
    [
        (CATALOG, {}, "exactly one"),
        (CATALOG, {"sales": 1, "lines": 1}, "exactly one"),
        (CATALOG, {"sales": -1}, "negative"),
        (CATALOG, {"lines": -5}, "negative"),
        ([], {"sales": 1}, "no products"),
        ([], {"lines": 1}, "no products"),
    ],
)
def test_bad_requests_are_refused(
    catalog: list[tuple[int, int]], kwargs: dict[str, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        plan_sales(catalog, seed=1, **kwargs)


def test_nothing_to_plan_needs_no_catalog() -> None:
    assert plan_sales([], seed=1, sales=0) == plan_sales([], seed=1, lines=0) == []


def test_add_demo_sales_rings_up_the_plan(db: Database) -> None:
    plan = plan_sales(sale_catalog(db), seed=5, sales=25)
    assert add_demo_sales(db, 25, seed=5) == 25
    with db.read() as session:
        sales = session.scalars(
            select(Sale)
            .options(selectinload(Sale.lines), selectinload(Sale.payments))
            .order_by(Sale.receipt_number)
        ).all()
        rung = [
            (
                [(line.product_id, line.quantity, line.unit_price) for line in sale.lines],
                sale.total,
                [(p.method, p.amount, p.tendered, p.change, p.reference) for p in sale.payments],
            )
            for sale in sales
        ]
    assert rung == [
        (
            [(line.product_id, line.quantity, line.unit_price) for line in sale.lines],
            sale.total,
            [(sale.method, sale.total, sale.tendered, sale.change, sale.reference)],
        )
        for sale in plan
    ]


def _rows(db: Database, table: str) -> list[dict[str, object]]:
    """Every row of ``table`` in id order, without what is new on every write (uuid, time)
    and the device, each database's own (its till id stands in for it)."""
    with db.read() as session:
        device = own_till_id(session)
        result = session.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
        return [
            {
                key: "this device" if key == "till_id" and value == device else value
                for key, value in row.items()
                if key not in ("uuid", "created_at")
            }
            for row in result.mappings()
        ]


def test_the_benchmarks_bulk_writer_writes_what_commit_sale_writes(tmp_path: Path) -> None:
    rung = open_till(tmp_path / "rung", seed_demo=True, anonymous_setup=True).db
    bulk = open_till(tmp_path / "bulk", seed_demo=True, anonymous_setup=True).db
    settings = load_settings(bulk)
    try:
        for seed, count in ((7, 40), (8, 15)):  # the second batch continues the receipts
            add_demo_sales(rung, count, seed=seed)
            write_planned_sales(
                bulk,
                plan_sales(sale_catalog(bulk), seed=seed, sales=count),
                till_code=settings.till_code,
                event_id=settings.current_event_id,
                cashier=settings.cashier,
            )
        for table in ("sales", "sale_lines", "payments", "stock_movements", "receipt_counters"):
            assert _rows(bulk, table) == _rows(rung, table), table
        assert len(_rows(bulk, "sales")) == 55
    finally:
        rung.dispose()
        bulk.dispose()
