"""Stock balances: each product's ledger sum, kept by the database with every movement.

Whoever writes the ledger (a sale, a refund, an arrival, a count, a return, a reversal, another
tool on the file or the server), the balance is the ledger's sum in the same transaction; a
product that never moved has no balance and shows 0; ``verify`` names a balance written by
hand with both figures; the upgrade fills the balances of a ledger that was already there.
"""

from __future__ import annotations

import csv
import multiprocessing
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

import bazaar_pos.catalog.csv_file as csv_file
from bazaar_pos.catalog.csv_file import CSV_COLUMNS, ImportCancelled, apply_catalog_import
from bazaar_pos.catalog.lookup import find_by_code, search_products
from bazaar_pos.catalog.products import ProductDraft, get_product, list_products, save_product
from bazaar_pos.db import Database
from bazaar_pos.db.balances import BalanceMismatch
from bazaar_pos.db.migrate import HEAD_REVISION, alembic_config, current_revision, upgrade_to_head
from bazaar_pos.db.models import CountKind
from bazaar_pos.people.access import Actor
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.settings import load_settings
from bazaar_pos.stock.counts import post_count, set_counted, start_count
from bazaar_pos.stock.ledger import (
    record_arrivals,
    record_damage,
    reverse_movement,
    stock_on_hand,
)
from bazaar_pos.stock.returns import return_to_institution
from bazaar_pos.till.refunds import RefundLineRequest, refund_sale, refundable_sale
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.conftest import Staff, outside_connection

TALENAN = "BLA-KYU-001"  # Talenan kayu jati, Rp 45.000, 25 arrived in the demo
BESEK = "BNA-BES-001"  # Besek bambu kecil, Rp 125, 2,000 arrived
RAK_SEPATU = "BLA-KYU-005"  # Rak sepatu kayu, Rp 275.000, 4 arrived


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


def event_id(db: Database) -> int:
    current = load_settings(db).current_event_id
    assert current is not None
    return current


def pid(db: Database, code: str) -> int:
    return find_by_code(db, code).id


def sell(db: Database, product_id: int, quantity: int, cashier: Actor | str = "Siti") -> str:
    price = get_product(db, product_id).price
    return commit_sale(
        db,
        [SaleLineRequest(product_id, quantity, price)],
        PaymentRequest("cash"),
        cashier=cashier,
        till_code="BPN1",
        event_id=event_id(db),
    ).receipt_no


def test_every_service_that_moves_stock_keeps_the_balance_its_ledgers_sum(
    db: Database, staff: Staff, shift: int
) -> None:
    ev = event_id(db)
    talenan, besek, rak = pid(db, TALENAN), pid(db, BESEK), pid(db, RAK_SEPATU)
    assert balances(db) == ledger_sums(db)  # the demo's arrivals, filled by the upgrade
    spv = staff.supervisor
    record_arrivals(db, spv, ev, {talenan: 5, besek: 400})
    damage = record_damage(db, spv, ev, rak, 1, reason="pecah")
    receipt = sell(db, besek, 1600, staff.cashier)
    sale = refundable_sale(db, receipt, actor=spv)
    refund_sale(
        db,
        receipt,
        [RefundLineRequest(sale.lines[0].sale_line_id, 100)],
        method="cash",
        actor=spv,
        till_code="BPN1",
        request_key="refund-besek",
        reason="basah",
    )
    reverse_movement(db, spv, damage.id, reason="salah catat")
    count = start_count(db, spv, ev, CountKind.CLOSING)
    set_counted(db, spv, count.id, talenan, 29)
    post_count(db, spv, count.id)
    return_to_institution(db, spv, ev, institution(db, "BLA"), received_by="Joko")

    assert balances(db) == ledger_sums(db)
    assert stock_on_hand(db, besek) == 2000 + 400 - 1600 + 100 == find_by_code(db, BESEK).on_hand
    assert stock_on_hand(db, talenan) == 0 == find_by_code(db, TALENAN).on_hand  # all went back
    assert get_product(db, besek).on_hand == 900
    assert [p.on_hand for p in search_products(db, "besek bambu kecil")] == [900]
    assert verify_journal(db, spv).ok


def institution(db: Database, code: str) -> int:
    with db.read() as session:
        found = session.execute(
            text("SELECT id FROM institutions WHERE code = :code"), {"code": code}
        ).scalar_one()
    return int(found)


def test_a_product_that_never_moved_has_no_balance_row_and_shows_zero(db: Database) -> None:
    created = save_product(
        db,
        ProductDraft(
            sku="BNA-BES-077",
            name="Besek baru",
            price=500,
            institution_id=institution(db, "BNA"),
        ),
    )
    assert created.id not in balances(db)
    assert (created.on_hand, created.has_history) == (0, False)
    assert find_by_code(db, "BNA-BES-077").on_hand == 0 == stock_on_hand(db, created.id)
    listed = {p.id: p for p in list_products(db)}[created.id]
    assert (listed.on_hand, listed.has_history) == (0, False)

    sell(db, created.id, 2)  # sold before any arrival: the balance goes below zero
    assert balances(db)[created.id] == -2 == find_by_code(db, "BNA-BES-077").on_hand
    assert get_product(db, created.id).has_history


def test_the_ledger_written_with_another_tool_moves_the_balance_too(db: Database) -> None:
    """The sqlite3 shell on a till's file, psql on the office server: the triggers are the
    database's, not the app's."""
    talenan, rak = pid(db, TALENAN), pid(db, RAK_SEPATU)
    row = "(?, ?, NULL, 'arrival', ?, '2026-04-10 01:00:00', '', '')"
    insert = (
        "INSERT INTO stock_movements (uuid, product_id, event_id, kind, quantity, created_at, "
        f"note, recorded_by) VALUES {row}, {row}, {row}"
    )
    with outside_connection(db) as con:  # one statement, one product moved three times
        con.execute(insert, ("by-hand-1", talenan, 7, "by-hand-2", talenan, 3, "by-hand-3", rak, 0))
    assert (balances(db)[talenan], balances(db)[rak]) == (35, 4)
    with outside_connection(db) as con:
        con.execute("DELETE FROM stock_movements WHERE uuid = 'by-hand-3'")
    with outside_connection(db) as con:
        con.execute("UPDATE stock_movements SET quantity = 10 WHERE uuid = 'by-hand-1'")
    assert balances(db)[talenan] == 38
    with outside_connection(db) as con:  # booked on the wrong product, moved over
        con.execute("UPDATE stock_movements SET product_id = ? WHERE uuid = 'by-hand-2'", (rak,))
    assert (balances(db)[talenan], balances(db)[rak]) == (35, 7)
    with outside_connection(db) as con:
        con.execute("DELETE FROM stock_movements WHERE uuid IN ('by-hand-1', 'by-hand-2')")
        con.execute("UPDATE stock_movements SET note = 'x' WHERE product_id = ?", (rak,))
    assert (balances(db)[talenan], balances(db)[rak]) == (25, 4)
    with outside_connection(db) as con:  # every movement of a product gone: its row goes too
        con.execute("DELETE FROM stock_movements WHERE product_id = ?", (rak,))
    assert rak not in balances(db)
    assert find_by_code(db, RAK_SEPATU).on_hand == 0
    assert balances(db) == ledger_sums(db)


def test_verify_names_each_balance_changed_by_hand_with_both_figures(db: Database) -> None:
    talenan, besek = pid(db, TALENAN), pid(db, BESEK)
    assert verify_journal(db, None).balances == ()
    with outside_connection(db) as con:
        con.execute(
            "UPDATE stock_balances SET quantity = quantity + 7 WHERE product_id = ?", (talenan,)
        )
        con.execute("DELETE FROM stock_balances WHERE product_id = ?", (besek,))
    check = verify_journal(db, None)
    assert not check.ok
    assert check.breaks == 0  # the journal itself is whole: only the derived figures lie
    assert check.balances == (
        BalanceMismatch(talenan, TALENAN, ledger=25, balance=32),
        BalanceMismatch(besek, BESEK, ledger=2000, balance=None),
    )
    assert find_by_code(db, TALENAN).on_hand == 32  # what the screens show until it is fixed


def test_verify_names_a_balance_whose_product_has_no_movements(db: Database) -> None:
    created = save_product(
        db,
        ProductDraft(
            sku="BNA-BES-078", name="Besek", price=500, institution_id=institution(db, "BNA")
        ),
    )
    with outside_connection(db) as con:
        con.execute(
            "INSERT INTO stock_balances (product_id, quantity) VALUES (?, 40)", (created.id,)
        )
    assert verify_journal(db, None).balances == (
        BalanceMismatch(created.id, "BNA-BES-078", ledger=0, balance=40),
    )


def test_the_upgrade_fills_the_balances_from_the_ledger_already_there(db: Database) -> None:
    talenan = pid(db, TALENAN)
    record_arrivals(db, None, event_id(db), {talenan: 5})
    sell(db, talenan, 2)
    config = alembic_config()
    with db.engine.connect() as connection:
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "0007_device")
        connection.invalidate()  # the journal's temporary triggers of this connection
    assert current_revision(db.engine) == "0007_device"
    with db.engine.connect() as connection:
        with connection.begin():  # no trigger keeps a sum now
            connection.execute(
                text(
                    "INSERT INTO stock_movements (uuid, product_id, kind, quantity, created_at, "
                    "note, recorded_by) "
                    "VALUES ('before-upgrade', :p, 'damage', -1, '2026-04-10 01:00:00', '', '')"
                ),
                {"p": talenan},
            )
        connection.invalidate()
    upgrade_to_head(db.engine)
    assert current_revision(db.engine) == HEAD_REVISION
    assert balances(db) == ledger_sums(db)
    assert balances(db)[talenan] == 25 + 5 - 2 - 1
    assert verify_journal(db, None).balances == ()


def _catalog_file(path: Path, rows: list[tuple[object, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(rows)
    return path


def test_a_catalog_import_and_its_undo_leave_every_balance_its_ledgers_sum(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New products have no balance until they move; a product whose stock is no longer
    tracked keeps its ledger and balance; an import undone takes its new products (and
    nothing of the balances) away."""
    before = balances(db)
    added = _catalog_file(
        tmp_path / "baru.csv",
        [
            ("BNA-N00001", "", "Besek massal 1", "buah", 1000, "", "BNA", "", 1, 1),
            ("BLA-KYU-005", "", "Rak sepatu kayu 3 susun", "buah", 275_000, "", "BLA", "", 0, 1),
        ],
    )
    apply_catalog_import(db, added)
    assert balances(db) == before
    sell(db, pid(db, "BNA-N00001"), 3)
    assert balances(db) == ledger_sums(db)
    assert find_by_code(db, "BNA-N00001").on_hand == -3

    after_import = balances(db)
    more = _catalog_file(
        tmp_path / "lagi.csv",
        [(f"BNA-M{n:05d}", "", f"Besek {n}", "buah", 1000, "", "BNA", "", 1, 1) for n in range(5)],
    )
    for name in ("APPLY_BATCH", "MIN_APPLY_BATCH", "MAX_APPLY_BATCH"):
        monkeypatch.setattr(csv_file, name, 2)  # a few batches: one written, then cancelled
    writing = []

    def cancel_while_writing(done: int, total: int) -> bool:
        if done == total and not writing:  # the end of the check pass
            writing.append(done)
            return True
        return not writing

    with pytest.raises(ImportCancelled):
        apply_catalog_import(db, more, progress=cancel_while_writing)
    assert not [p for p in list_products(db) if p.sku.startswith("BNA-M")]  # undone
    assert balances(db) == after_import == ledger_sums(db)
    assert verify_journal(db, None).ok


# --- two tills selling the same products at once -----------------------------------------------

RACE_SALES = 25


def _sell_in_a_loop(url: str, till_code: str, product_ids: list[int], event: int) -> list[str]:
    """One till's process: ``RACE_SALES`` sales of the same products, one unit each."""
    db = Database(url, anonymous_setup=True)
    errors = []
    try:
        prices = {product_id: get_product(db, product_id).price for product_id in product_ids}
        for _ in range(RACE_SALES):
            try:
                commit_sale(
                    db,
                    [SaleLineRequest(p, 1, prices[p]) for p in product_ids],
                    PaymentRequest("cash"),
                    cashier=f"Kasir {till_code}",
                    till_code=till_code,
                    event_id=event,
                )
            except Exception as error:  # a cashier would have seen it
                errors.append(f"{type(error).__name__}: {error}")
    finally:
        db.dispose()
    return errors


def test_two_tills_selling_the_same_products_at_once_keep_each_balance_exact(
    db: Database,
) -> None:
    """Two processes on one SQLite file (``BEGIN IMMEDIATE``) or one PostgreSQL database (the
    write lock): every sale's movement lands in the balance, including the first movement of
    a product that had no balance row yet (both tills insert it at once)."""
    besek = pid(db, BESEK)
    fresh = save_product(
        db,
        ProductDraft(
            sku="BNA-BES-079", name="Besek", price=500, institution_id=institution(db, "BNA")
        ),
    ).id
    assert fresh not in balances(db)
    ev = event_id(db)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        errors = pool.starmap(
            _sell_in_a_loop, [(db.url, code, [besek, fresh], ev) for code in ("BPN1", "BPN2")]
        )
    assert errors == [[], []]
    assert balances(db)[besek] == 2000 - 2 * RACE_SALES
    assert balances(db)[fresh] == -2 * RACE_SALES
    assert balances(db) == ledger_sums(db)
    assert verify_journal(db, None).ok
