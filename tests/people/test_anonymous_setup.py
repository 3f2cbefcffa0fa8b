"""Nobody works anonymously unless the opener of the database asked for set-up without accounts.

The app's window opens its database as :func:`~bazaar_pos.startup.open_till` does by default:
on a fresh till (no accounts yet) every service that changes or reveals data refuses ``None``
as the acting user, so cancelling the first-admin form gives nobody anything. The command line,
the demo and tests open with ``anonymous_setup=True`` and may work the database as nobody only
until the first account exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.catalog.products import ProductDraft, get_product, save_product
from bazaar_pos.db import Database
from bazaar_pos.errors import LoginRequired
from bazaar_pos.people.users import create_first_admin, has_users
from bazaar_pos.reports.sales import ReportScope, sales_report
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import Till, open_till
from bazaar_pos.stock.ledger import record_arrivals
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.sync.support import dump

TALENAN = "BLA-KYU-001"  # Talenan kayu jati, Rp 45.000


@pytest.fixture
def window_till(tmp_path: Path) -> Iterator[Till]:
    """A new till opened as the window opens it: no accounts, no anonymous set-up."""
    opened = open_till(tmp_path / "data", seed_demo=True)
    yield opened
    opened.db.dispose()


def _draft(db: Database) -> ProductDraft:
    """The talenan at Rp 1 (the price of a cashier's dream)."""
    return replace(get_product(db, find_by_code(db, TALENAN).id).to_draft(), price=1)


def test_a_new_till_opened_as_the_window_opens_it_refuses_nobody(window_till: Till) -> None:
    db = window_till.db
    assert not has_users(db)
    event_id = load_settings(db).current_event_id
    talenan = find_by_code(db, TALENAN)
    before = dump(db)
    with pytest.raises(LoginRequired):
        save_product(db, _draft(db))
    with pytest.raises(LoginRequired):
        commit_sale(
            db,
            [SaleLineRequest(talenan.id, 1, talenan.price)],
            PaymentRequest("cash", talenan.price),
            cashier="nobody",
            till_code="BPN1",
            event_id=event_id,
        )
    with pytest.raises(LoginRequired):
        record_arrivals(db, None, event_id, {talenan.id: 30})
    with pytest.raises(LoginRequired):
        sales_report(db, None, ReportScope(event_id=event_id))
    with pytest.raises(LoginRequired):
        save_settings(db, load_settings(db).with_changes(till_code="BPN7"))
    assert dump(db) == before


def test_the_first_admin_is_the_one_way_in_and_then_works_as_herself(window_till: Till) -> None:
    db = window_till.db
    admin = create_first_admin(db, "admin", "Pak Yusuf", "246810", till_code="BPN1")
    saved = save_product(db, _draft(db), actor=admin)
    assert saved.price == 1
    with pytest.raises(LoginRequired):  # and nobody is still nobody
        save_product(db, _draft(db))


def test_set_up_without_accounts_is_asked_for_and_ends_with_the_first_account(
    tmp_path: Path,
) -> None:
    till = open_till(tmp_path / "data", seed_demo=True, anonymous_setup=True)
    db = till.db
    try:
        assert save_product(db, _draft(db)).price == 1  # the command line on an office copy
        create_first_admin(db, "admin", "Pak Yusuf", "246810", till_code="BPN1")
        with pytest.raises(LoginRequired):
            save_product(db, _draft(db))
    finally:
        db.dispose()
