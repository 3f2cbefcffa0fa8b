"""An office database that holds records of its own in an event of the same name (the demo
event it was seeded with, its arrivals): a till's event is never matched to it, so the
till's counts and sales stay among themselves and its event is found by its uuid. (A till
gathering its bazaar's other tills still matches their event to its own: test_merge.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

import bazaar_pos.people.users
from bazaar_pos.catalog.till_identity import DatabaseSetup
from bazaar_pos.reports.event_report import end_of_event_report, find_event
from bazaar_pos.settings import OFFICE
from bazaar_pos.startup import open_till
from bazaar_pos.stock.variance import variance_report
from bazaar_pos.sync import export_till, import_export
from tests.sync.support import Till, add_people, event_id, trade_a_day


def a_day_at_till_bpn1_exported(tmp_path: Path) -> tuple[Till, int, str]:
    """Till BPN1 (demo event) after a day of trade, exported whole to ``tmp_path/export``:
    the till, its event's id and uuid."""
    laptop = open_till(tmp_path / "till", seed_demo=True, anonymous_setup=True).db
    till = Till(laptop, "BPN1", add_people(laptop, "BPN1"))
    trade_a_day(till)
    export_till(laptop, tmp_path / "export", exported_by=till.people.supervisor)
    till_event = event_id(laptop)
    with laptop.read() as session:
        till_uuid = session.execute(
            text("SELECT uuid FROM events WHERE id = :e"), {"e": till_event}
        ).scalar_one()
    return till, till_event, str(till_uuid)


def test_an_office_seeded_with_the_demo_event_never_stands_in_for_a_tills_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    till, till_event, till_uuid = a_day_at_till_bpn1_exported(tmp_path)
    laptop = till.db
    at_the_till = variance_report(laptop, till.people.admin, till_event)
    report_at_the_till = end_of_event_report(laptop, till.people.admin, till_event)

    # As the command line made an office database: seeded with the demo event and its arrivals
    # (an office made now gets no demo data; one made before may hold it).
    office = open_till(tmp_path / "office", seed_demo=True, anonymous_setup=True).db
    with office.write() as session:
        session.execute(text("UPDATE settings SET value = 'office' WHERE key = 'database_kind'"))
    office_event = event_id(office)
    import_export(office, tmp_path / "export")

    found = find_event(office, till_uuid)  # what `report --event <uuid>` looks up
    assert found.id != office_event
    report = end_of_event_report(office, None, found.id)
    for figure in ("receipts", "gross", "refunds", "net", "by_product", "by_institution"):
        assert getattr(report.sales, figure) == getattr(report_at_the_till.sales, figure)

    def money(sections: object) -> list[tuple[object, ...]]:
        return [(i.code, i.goods_sold, i.money_due) for i in sections]  # type: ignore[attr-defined]

    assert money(report.institutions) == money(report_at_the_till.institutions)
    # The office's own demo event keeps its own arrivals, and nothing of the till's.
    with office.read() as session:
        sales_in_office_event = session.execute(
            text("SELECT count(*) FROM sales WHERE event_id = :e"), {"e": office_event}
        ).scalar_one()
    assert sales_in_office_event == 0
    # Stock is one ledger per product (what a count expects is every movement of the
    # product, the counting laptop's own and the other tills' merged into it): the office's
    # own demo arrivals of the same products still count in this event's variance. An office
    # database must hold no stock of its own (it is made without demo data).
    at_the_office = variance_report(office, None, found.id)
    assert at_the_office.totals.opening == at_the_till.totals.opening + 2_902
    laptop.dispose()
    office.dispose()


def test_an_office_made_now_gives_the_tills_event_the_variance_the_till_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The story of a new office (made by the command line, or chosen at first start): no demo
    data, so the till's opening stock, variance and money due are the office's, to the Rupiah,
    and its event is found by its uuid."""
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    till, till_event, till_uuid = a_day_at_till_bpn1_exported(tmp_path)
    laptop = till.db
    at_the_till = variance_report(laptop, till.people.admin, till_event)

    office = open_till(
        tmp_path / "office", new_database=DatabaseSetup(kind=OFFICE), anonymous_setup=True
    ).db
    import_export(office, tmp_path / "export")
    found = find_event(office, till_uuid)
    at_the_office = variance_report(office, None, found.id)
    assert at_the_office.totals == at_the_till.totals
    assert [(line.sku, line.variance_value) for line in at_the_office.lines] == [
        (line.sku, line.variance_value) for line in at_the_till.lines
    ]
    laptop.dispose()
    office.dispose()
