"""New records get version-7 UUIDs: valid, unique, and in the order they were made, even
when the clock stands still or steps back, and from several threads at once."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db.uuids import new_uuid, time_ordered_uuids
from bazaar_pos.startup import open_till
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale


def test_new_uuids_are_version_7_in_the_rfc_layout_and_in_the_order_made() -> None:
    made = [new_uuid() for _ in range(2_000)] + time_ordered_uuids(10_000)
    assert made == sorted(made) and len(set(made)) == len(made)
    parsed = [uuid.UUID(text) for text in made]
    assert all(str(value) == text for value, text in zip(parsed, made, strict=True))
    assert {value.version for value in parsed} == {7}
    assert {value.variant for value in parsed} == {uuid.RFC_4122}
    # The first 48 bits are the Unix time in milliseconds.
    now = time.time_ns() // 1_000_000
    assert all(abs((value.int >> 80) - now) < 60_000 for value in parsed)


def test_more_than_a_milliseconds_worth_with_the_clock_standing_still_stay_ordered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(time, "time_ns", lambda: 1_780_000_000_000 * 1_000_000)
    made = time_ordered_uuids(10_000) + [new_uuid() for _ in range(100)]
    assert made == sorted(made) and len(set(made)) == len(made)
    # 4,096 per millisecond: the next ones borrow the following milliseconds
    stamps = sorted({uuid.UUID(text).int >> 80 for text in made})
    assert stamps[0] >= 1_780_000_000_000 and len(stamps) == 3


def test_a_clock_set_back_does_not_make_older_looking_uuids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(time, "time_ns", lambda: 1_790_000_000_000 * 1_000_000)
    before = new_uuid()
    monkeypatch.setattr(time, "time_ns", lambda: 1_700_000_000_000 * 1_000_000)  # set years back
    after = [new_uuid() for _ in range(10)]
    assert [before, *after] == sorted([before, *after])


def test_threads_making_uuids_at_once_never_share_one() -> None:
    made: list[list[str]] = [[] for _ in range(4)]

    def make(into: list[str]) -> None:
        for _ in range(2_000):
            into.append(new_uuid())

    threads = [threading.Thread(target=make, args=(into,)) for into in made]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [text for into in made for text in into]
    assert len(set(every)) == len(every) == 8_000
    assert all(into == sorted(into) for into in made)


def test_a_sale_and_everything_it_writes_get_time_ordered_uuids(tmp_path: Path) -> None:
    """The sale, its lines, payment and stock movements: version 7, in the order written."""
    db = open_till(tmp_path / "till", seed_demo=True, anonymous_setup=True).db
    try:
        products = [find_by_code(db, code) for code in ("BPN-KAF-001", "BNA-BES-001")]
        started = new_uuid()
        commit_sale(
            db,
            [SaleLineRequest(product.id, 2, product.price) for product in products],
            PaymentRequest("cash", 2 * sum(product.price for product in products)),
            cashier="Siti Aminah",
            till_code="BPN1",
            event_id=None,
        )
        with db.read() as session:
            written = {
                table: [
                    str(value)
                    for (value,) in session.execute(
                        text(f"SELECT uuid FROM {table} WHERE uuid > :started ORDER BY id"),
                        {"started": started},
                    )
                ]
                for table in ("sales", "sale_lines", "payments", "stock_movements")
            }
    finally:
        db.dispose()
    assert [len(written[t]) for t in written] == [1, 2, 1, 1]  # coffee keeps no stock
    every = [text_ for values in written.values() for text_ in values]
    assert {uuid.UUID(value).version for value in every} == {7}
    assert all(values == sorted(values) for values in written.values())
