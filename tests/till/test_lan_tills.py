"""Laptops on a LAN selling straight into one shared database (the office's, on a server):
each installation is a till there under its own code (``--this-till``, kept in its data
folder), while the event, the catalog and the other settings are the shared database's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.catalog.till_settings import SetByInstallation, change_settings
from bazaar_pos.db import Database
from bazaar_pos.people.access import NotPermitted
from bazaar_pos.people.shifts import NotATill, open_shift
from bazaar_pos.settings import OFFICE, load_settings
from bazaar_pos.startup import THIS_TILL_FILE, installation_till_code
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui.messages import describe_error
from tests.conftest import Staff

KOPI = "BPN-KAF-001"
FLOAT = {"note_100000": 1}


def test_two_laptops_sell_into_the_offices_database_each_under_its_own_till_code(
    db: Database, staff: Staff
) -> None:
    with db.write() as session:
        session.execute(text("UPDATE settings SET value = 'office' WHERE key = 'database_kind'"))
    event_id = load_settings(db).current_event_id
    # The office itself still sells nothing.
    with pytest.raises(NotATill):
        open_shift(db, staff.cashier, till_code="BPN1", event_id=event_id, float_counts=FLOAT)

    laptops = {code: Database(db.url, installation_till_code=code) for code in ("BPN2", "BPN3")}
    try:
        for code, laptop in laptops.items():
            settings = load_settings(laptop)
            assert (settings.till_code, settings.is_till) == (code, True)
            assert settings.current_event_id == event_id  # the shared database's event
            open_shift(laptop, staff.cashier, till_code=code, event_id=event_id, float_counts=FLOAT)
            product = find_by_code(laptop, KOPI)
            sold = commit_sale(
                laptop,
                [SaleLineRequest(product.id, 1, product.price)],
                PaymentRequest("cash"),
                cashier=staff.cashier,
                till_code=code,
                event_id=event_id,
            )
            assert sold.receipt_no == f"{code}-000001"
        # A setting one laptop changes is the shared database's; its till code stays its own.
        second = laptops["BPN2"]
        change_settings(second, load_settings(second).with_changes(paper="58mm"), actor=staff.admin)
        assert load_settings(laptops["BPN3"]).paper == "58mm"
        assert load_settings(laptops["BPN3"]).till_code == "BPN3"
        shared = load_settings(db)
        assert (shared.till_code, shared.database_kind) == ("BPN1", OFFICE)
    finally:
        for laptop in laptops.values():
            laptop.dispose()


def test_this_tills_code_is_kept_in_the_data_folder_and_only_for_a_server(tmp_path: Path) -> None:
    server = "postgresql+psycopg://kasir@kanwil.local/bazaar"
    assert installation_till_code(tmp_path, server, "BPN2") == "BPN2"
    assert (tmp_path / THIS_TILL_FILE).read_text(encoding="utf-8") == "BPN2\n"
    assert installation_till_code(tmp_path, server) == "BPN2"  # the next start
    # A till's own file is one till: its code is in its settings.
    assert installation_till_code(tmp_path, None) == ""
    assert installation_till_code(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}") == ""


def test_a_lan_till_s_code_cannot_be_changed_in_the_shared_database(
    db: Database, staff: Staff
) -> None:
    """Its code is its installation's (``--this-till``): a change through the settings would
    change nothing for it, so it is refused with the reason, and nothing is stored."""
    laptop = Database(db.url, installation_till_code="BPN2")
    try:
        before = load_settings(db)
        with pytest.raises(SetByInstallation) as refused:
            change_settings(
                laptop,
                load_settings(laptop).with_changes(till_code="BPN9", paper="58mm"),
                actor=staff.admin,
            )
        assert (refused.value.setting, refused.value.installation_code) == ("till_code", "BPN2")
        assert "--this-till" in describe_error(refused.value)
        assert "BPN2" in describe_error(refused.value)
        assert load_settings(db) == before  # not even the paper: one action, all or nothing
        assert load_settings(laptop).till_code == "BPN2"
        # Who may comes first: a cashier or a supervisor is refused as on any till.
        for actor in (staff.cashier, staff.supervisor):
            with pytest.raises(NotPermitted):
                change_settings(
                    laptop, load_settings(laptop).with_changes(till_code="BPN9"), actor=actor
                )
        assert load_settings(db) == before
    finally:
        laptop.dispose()
