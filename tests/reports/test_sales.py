"""Sales reports (bazaar_pos.reports.sales): exact figures for the hand-built sales of
tests/reports/support.py, every breakdown summing to the totals, time zones and date ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from bazaar_pos.db import Database
from bazaar_pos.reports.sales import (
    ReportRow,
    ReportScope,
    SalesReport,
    UnknownEvent,
    sales_report,
)
from tests.conftest import Staff
from tests.reports.support import WITA, Scenario, build_sales


@pytest.fixture
def scenario(db: Database, staff: Staff, shift: int) -> Scenario:
    return build_sales(db, staff)


def figures(rows: tuple[ReportRow, ...]) -> list[tuple[str, str, int, int, int, int, int]]:
    return [
        (row.key, row.label, row.quantity, row.gross, row.refunds, row.net, row.receipts)
        for row in rows
    ]


def event_report(db: Database, scenario: Scenario) -> SalesReport:
    return sales_report(db, scenario.reader, ReportScope(event_id=scenario.event_id), tz=WITA)


def test_totals(db: Database, scenario: Scenario) -> None:
    report = event_report(db, scenario)
    assert report.title == "Bazar HBP ke-62"
    assert (report.receipts, report.gross, report.refunds, report.net) == (
        3,
        164_750,
        42_500,
        122_250,
    )
    assert report.discounts == 8_000  # Rp 5.000 off a line + Rp 3.000 off a sale


def test_by_product_net_of_the_partial_refund(db: Database, scenario: Scenario) -> None:
    report = event_report(db, scenario)
    assert figures(report.by_product) == [
        ("BLA-KYU-001", "Talenan kayu jati", 2, 128_043, 42_500, 85_543, 2),
        ("BPN-KAF-001", "Kopi hitam", 3, 22_957, 0, 22_957, 1),
        ("BNA-BES-001", "Besek bambu kecil", 110, 13_750, 0, 13_750, 2),
    ]
    assert figures(report.best_sellers) == [
        ("BNA-BES-001", "Besek bambu kecil", 110, 13_750, 0, 13_750, 2),
        ("BPN-KAF-001", "Kopi hitam", 3, 22_957, 0, 22_957, 1),
        ("BLA-KYU-001", "Talenan kayu jati", 2, 128_043, 42_500, 85_543, 2),
    ]


def test_by_institution_workshop_and_category(db: Database, scenario: Scenario) -> None:
    report = event_report(db, scenario)
    assert figures(report.by_institution) == [
        ("BLA", "Rutan Kelas IIB Blora", 2, 128_043, 42_500, 85_543, 2),
        ("BPN", "Rutan Kelas IIA Balikpapan", 3, 22_957, 0, 22_957, 1),
        ("BNA", "Rutan Kelas IIB Banjarnegara", 110, 13_750, 0, 13_750, 2),
    ]
    assert figures(report.by_workshop) == [
        ("BLA/Kerajinan kayu", "Kerajinan kayu", 2, 128_043, 42_500, 85_543, 2),
        ("BPN/Kafe asimilasi", "Kafe asimilasi", 3, 22_957, 0, 22_957, 1),
        ("BNA/-", "(tanpa bengkel)", 110, 13_750, 0, 13_750, 2),
    ]
    assert figures(report.by_category) == [
        ("Kerajinan kayu", "Kerajinan kayu", 2, 128_043, 42_500, 85_543, 2),
        ("Kafe", "Kafe", 3, 22_957, 0, 22_957, 1),
        ("", "(tanpa kategori)", 110, 13_750, 0, 13_750, 2),
    ]


def test_receipts_of_an_institution_are_distinct_sales(db: Database, scenario: Scenario) -> None:
    """S1 holds two products of different institutions, S2 two of different institutions:
    each counts once per institution, and the event has 3 receipts, not 5 lines."""
    report = event_report(db, scenario)
    assert {row.key: row.receipts for row in report.by_institution} == {
        "BLA": 2,
        "BPN": 1,
        "BNA": 2,
    }
    assert report.receipts == 3


def test_payment_methods_split_payment_and_refund_method(db: Database, scenario: Scenario) -> None:
    report = event_report(db, scenario)
    assert figures(report.by_payment_method) == [
        # S1 86.250 + S2's cash part 46.000, less the cash refund of 42.500
        ("cash", "Tunai", 0, 132_250, 42_500, 89_750, 2),
        ("qris", "QRIS", 0, 20_000, 0, 20_000, 1),
        ("transfer", "Transfer bank", 0, 12_500, 0, 12_500, 1),
    ]


def test_by_cashier(db: Database, scenario: Scenario) -> None:
    report = event_report(db, scenario)
    assert figures(report.by_cashier) == [
        ("Siti Aminah", "Siti Aminah", 15, 152_250, 42_500, 109_750, 2),
        ("Bu Ratna (Kasubsi)", "Bu Ratna (Kasubsi)", 100, 12_500, 0, 12_500, 1),
    ]


def test_hours_and_days_are_local_and_refunds_follow_the_sale(
    db: Database, scenario: Scenario
) -> None:
    report = event_report(db, scenario)
    assert figures(report.by_hour) == [
        ("07", "07.00", 100, 12_500, 0, 12_500, 1),
        # The refund was made on the 28th; it belongs to S1's hour and day.
        ("09", "09.00", 11, 86_250, 42_500, 43_750, 1),
        ("14", "14.00", 4, 66_000, 0, 66_000, 1),
    ]
    assert figures(report.by_day) == [
        ("2026-04-27", "27-04-2026", 15, 152_250, 42_500, 109_750, 2),
        ("2026-04-28", "28-04-2026", 100, 12_500, 0, 12_500, 1),
    ]


def test_another_time_zone_moves_hours_and_days(db: Database, scenario: Scenario) -> None:
    report = sales_report(db, scenario.reader, ReportScope(event_id=scenario.event_id), tz=dt.UTC)
    assert [(row.key, row.net) for row in report.by_hour] == [
        ("01", 43_750),
        ("06", 66_000),
        ("23", 12_500),
    ]
    assert [(row.key, row.net, row.receipts) for row in report.by_day] == [
        ("2026-04-27", 122_250, 3)
    ]


def test_every_breakdown_sums_to_the_totals(db: Database, scenario: Scenario) -> None:
    report = event_report(db, scenario)
    for rows in (
        report.by_product,
        report.by_institution,
        report.by_workshop,
        report.by_category,
        report.by_payment_method,
        report.by_cashier,
        report.by_hour,
        report.by_day,
    ):
        assert sum(row.net for row in rows) == report.net == 122_250
        assert sum(row.refunds for row in rows) == report.refunds == 42_500
        assert all(row.net == row.gross - row.refunds for row in rows)
    for rows in (report.by_product, report.by_institution, report.by_hour, report.by_day):
        assert sum(row.gross for row in rows) == report.gross
        assert sum(row.quantity for row in rows) == 115
    for rows in (report.by_cashier, report.by_hour, report.by_day):
        assert sum(row.receipts for row in rows) == report.receipts


def test_date_range_scope(db: Database, scenario: Scenario) -> None:
    second_day = sales_report(
        db,
        scenario.reader,
        ReportScope(start=dt.date(2026, 4, 28), end=dt.date(2026, 4, 28)),
        tz=WITA,
    )
    assert second_day.title == "Penjualan 28-04-2026"
    assert (second_day.receipts, second_day.gross, second_day.refunds, second_day.net) == (
        1,
        12_500,
        0,
        12_500,
    )
    assert [row.key for row in second_day.by_product] == ["BNA-BES-001"]

    first_day = sales_report(
        db,
        scenario.reader,
        ReportScope(start=dt.date(2026, 4, 27), end=dt.date(2026, 4, 27)),
        tz=WITA,
    )
    assert (first_day.receipts, first_day.net, first_day.refunds) == (2, 109_750, 42_500)
    # In UTC the 28th-morning sale (23:50 UTC on the 27th) falls on the first day.
    first_day_utc = sales_report(
        db,
        scenario.reader,
        ReportScope(start=dt.date(2026, 4, 27), end=dt.date(2026, 4, 27)),
        tz=dt.UTC,
    )
    assert (first_day_utc.receipts, first_day_utc.net) == (3, 122_250)

    both = sales_report(
        db,
        scenario.reader,
        ReportScope(event_id=scenario.event_id, start=dt.date(2026, 4, 27), end=None),
        tz=WITA,
    )
    assert both.title == "Bazar HBP ke-62, sejak 27-04-2026"
    assert both.net == 122_250
    nothing = sales_report(db, scenario.reader, ReportScope(end=dt.date(2026, 4, 26)), tz=WITA)
    assert (nothing.receipts, nothing.net, nothing.by_product, nothing.by_hour) == (0, 0, (), ())
    assert nothing.title == "Penjualan sampai 26-04-2026"


def test_all_sales_and_other_events(db: Database, scenario: Scenario) -> None:
    everything = sales_report(db, scenario.reader, ReportScope(), tz=WITA)
    assert everything.title == "Semua penjualan"
    assert (everything.receipts, everything.net) == (3, 122_250)
    with pytest.raises(UnknownEvent):
        sales_report(db, scenario.reader, ReportScope(event_id=999))


def test_empty_event(db: Database) -> None:
    report = sales_report(db, None, ReportScope(event_id=1), tz=WITA)
    assert (report.receipts, report.gross, report.net, report.discounts) == (0, 0, 0, 0)
    assert report.by_payment_method == () and report.best_sellers == ()
