"""Three tills selling into one database at the same moment (real processes, real commits).

On PostgreSQL this is the LAN office server with tills selling straight into it; on SQLite,
three processes on one file. What the tills recorded is the truth the database is checked
against: no cashier sees an error, no receipt number is used twice or skipped, every
product's stock is its opening stock minus what the tills sold, and the journal's chains
verify. ``bench/concurrent_tills_bench.py`` runs the same at 3 × 2,000 sales, beside a floor.
"""

from __future__ import annotations

import multiprocessing
import random
from collections import Counter

from sqlalchemy import text

from bazaar_pos.catalog.events import list_events
from bazaar_pos.catalog.products import list_products
from bazaar_pos.db import Database
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

TILLS = 3
SALES_PER_TILL = 40

Sold = tuple[str, int, list[tuple[int, int]]]  # receipt, total, (product id, quantity) per line


def sell(url: str, till_code: str, seed: int, event_id: int) -> tuple[list[Sold], list[str]]:
    """One till's process: ``SALES_PER_TILL`` random cash sales; what it sold and the errors a
    cashier would have seen."""
    db = Database(url, anonymous_setup=True)
    products = [p for p in list_products(db) if p.track_stock and p.price > 0]
    chooser = random.Random(seed)
    sold: list[Sold] = []
    errors: list[str] = []
    for _ in range(SALES_PER_TILL):
        picked = chooser.sample(products, chooser.randint(1, 4))
        lines = [SaleLineRequest(p.id, chooser.randint(1, 3), p.price) for p in picked]
        try:
            result = commit_sale(
                db,
                lines,
                PaymentRequest("cash"),
                cashier=f"Kasir {till_code}",
                till_code=till_code,
                event_id=event_id,
            )
        except Exception as error:  # counted: a cashier would have seen it
            errors.append(f"{type(error).__name__}: {error}")
            continue
        sold.append((result.receipt_no, result.total, [(x.product_id, x.quantity) for x in lines]))
    db.dispose()
    return sold, errors


def test_three_tills_selling_at_once_lose_nothing_and_share_no_receipt_number(
    db: Database,
) -> None:
    event_id = list_events(db)[0].id
    opening = {p.id: p.on_hand for p in list_products(db) if p.track_stock}
    with multiprocessing.get_context("spawn").Pool(TILLS) as pool:
        outcomes = pool.starmap(sell, [(db.url, f"BPN{n + 1}", n, event_id) for n in range(TILLS)])

    assert [error for _sold, errors in outcomes for error in errors] == []
    sold = [sale for tills_sales, _errors in outcomes for sale in tills_sales]
    assert len(sold) == TILLS * SALES_PER_TILL
    with db.read() as session:
        rows = session.execute(
            text("SELECT till_code, receipt_number, receipt_no, total FROM sales")
        ).all()
    assert sorted(r.receipt_no for r in rows) == sorted(receipt for receipt, _t, _l in sold)
    numbers: dict[str, list[int]] = {}
    for row in rows:
        numbers.setdefault(row.till_code, []).append(row.receipt_number)
    assert {code: sorted(found) for code, found in numbers.items()} == {
        f"BPN{n + 1}": list(range(1, SALES_PER_TILL + 1)) for n in range(TILLS)
    }
    assert sum(r.total for r in rows) == sum(total for _r, total, _l in sold)
    sold_units: Counter[int] = Counter()
    for _receipt, _total, lines in sold:
        for product_id, quantity in lines:
            sold_units[product_id] += quantity
    on_hand = {p.id: p.on_hand for p in list_products(db) if p.track_stock}
    assert on_hand == {pid: units - sold_units[pid] for pid, units in opening.items()}
    check = verify_journal(db, None)
    assert check.ok, check.first_breaks
