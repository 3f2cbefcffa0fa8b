"""A merge writes another till's ledger in bulk: the stock balances stay the ledger's sum.

A merge that stops half-way leaves every balance as it was (SQLite: its undo deletes the
movements its batches wrote; PostgreSQL: its one transaction is rolled back), and a till on
the same database keeps selling the goods a merge moves while the merge is written, without
waiting for it (PostgreSQL: the merge's balances are brought up to date at its commit, under
the write lock, instead of locking each product's balance for the whole merge).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

import bazaar_pos.people.users
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.sync import export_till, import_export
from tests.sync.support import BESEK, Till, add_people, line, trade_a_day


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A day at till BPN1 (sales, a refund, counts, a handover: movements of every kind)."""
    folder = tmp_path_factory.mktemp("balances")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
        db = open_till(folder / "till", seed_demo=True, anonymous_setup=True).db
        save_settings(db, load_settings(db).with_changes(till_code="BPN1"))
        till = Till(db, "BPN1", add_people(db, "BPN1"))
        trade_a_day(till)
        export_till(db, folder / "export", exported_by=till.people.supervisor)
        db.dispose()
    yield folder / "export"


@dataclass
class Offices:
    """New office databases on the test's backend, each a till of its own (code KTR1)."""

    make_url: Callable[[str], str]
    folder: Path
    backend: str
    opened: list[Database]

    def new(self, name: str) -> Database:
        url = None if self.backend == "sqlite" else self.make_url(name)
        db = open_till(self.folder / name, url, seed_demo=True, anonymous_setup=True).db
        save_settings(db, load_settings(db).with_changes(till_code="KTR1"))
        self.opened.append(db)
        return db


@pytest.fixture
def offices(
    backend: str,
    database_url: Callable[[str], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Offices]:
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    made = Offices(database_url, tmp_path, backend, [])
    yield made
    for db in made.opened:
        db.dispose()


def ledger_sums(db: Database) -> dict[int, int]:
    with db.read() as session:
        rows = session.execute(
            text("SELECT product_id, sum(quantity) FROM stock_movements GROUP BY product_id")
        )
        return {int(product_id): int(total) for product_id, total in rows}


def balances(db: Database) -> dict[int, int]:
    with db.read() as session:
        rows = session.execute(text("SELECT product_id, quantity FROM stock_balances"))
        return {int(product_id): int(quantity) for product_id, quantity in rows}


def movements(db: Database) -> int:
    with db.read() as session:
        return int(session.execute(text("SELECT count(*) FROM stock_movements")).scalar_one())


class Stop(Exception):
    """The merge's process stops here (a full disk, a crash, a cancelled job)."""


def test_a_merge_keeps_every_balance_its_ledgers_sum_and_one_stopped_half_way_changes_none(
    export: Path, offices: Offices
) -> None:
    reference = offices.new("reference")
    before = balances(reference)
    calls: list[int] = []
    import_export(reference, export, progress=lambda done, _total: calls.append(done))
    assert balances(reference) == ledger_sums(reference)
    assert balances(reference) != before  # the till's sales, counts and handover moved stock
    assert verify_journal(reference, None).ok

    office = offices.new("office")
    before, written_before = balances(office), movements(office)
    seen: list[int] = []

    def stop_before_the_last_step(done: int, _total: int) -> None:
        if done == calls[-2]:  # every row written, the merge not finished
            seen.append(movements(office))  # what its committed batches hold (SQLite)
            raise Stop

    with pytest.raises(Stop):
        import_export(office, export, progress=stop_before_the_last_step)
    if office.is_sqlite:  # the batches were committed, and undone again
        assert seen[0] > written_before
    assert movements(office) == written_before
    assert balances(office) == before == ledger_sums(office)
    assert verify_journal(office, None).ok


def test_a_till_sells_what_a_merge_moves_while_it_is_written_without_waiting_for_it(
    export: Path, offices: Offices
) -> None:
    office = offices.new("office")
    till = Till(office, "KTR1", add_people(office, "KTR1", cashier_name="Dewi Lestari"))
    till.open_shift()
    # Another till on the same file or server, selling besek while the merge is written.
    other = Database(office.url, anonymous_setup=True)
    seller = Till(other, "KTR1", till.people)
    seller.shift_id = till.shift_id
    besek = find_by_code(office, BESEK).id
    before = balances(office)[besek]
    waited: list[float] = []

    def sell_besek(done: int, total: int) -> None:
        if done == total:  # the last step holds the write lock to its commit: tills wait
            return
        started = time.perf_counter()
        sold = threading.Thread(target=lambda: seller.sell([line(other, BESEK, 1)]))
        sold.start()
        sold.join(timeout=20)
        waited.append(time.perf_counter() - started)
        if sold.is_alive():  # it waits for the merge: let the merge fail, and the sale go on
            raise Stop

    try:
        import_export(office, export, imported_by=till.people.admin, progress=sell_besek)
    finally:
        other.dispose()
    assert len(seller.receipts) == len(waited) > 2
    assert max(waited) < 10
    sold = len(seller.receipts)
    # the merge moved besek too (the till's sales and counts), and so did the sales here
    assert balances(office)[besek] == ledger_sums(office)[besek] != before - sold
    assert balances(office) == ledger_sums(office)
    assert verify_journal(office, till.people.supervisor).ok
