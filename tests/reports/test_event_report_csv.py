"""The end-of-event report as CSV: the same figures as the PDF, plain integers, protected text."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest

from bazaar_pos.db import Database
from bazaar_pos.reports.event_report import EventReport, end_of_event_report
from bazaar_pos.reports.event_report_csv import EVENT_REPORT_CSV_COLUMNS, event_report_csv
from tests.conftest import Staff
from tests.reports.support import WITA, build_sales, post_blora_closing_count

NOW = dt.datetime(2026, 4, 28, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def report(db: Database, staff: Staff, shift: int) -> EventReport:
    scenario = build_sales(db, staff)
    post_blora_closing_count(db, staff.supervisor, scenario.event_id)
    return end_of_event_report(db, staff.supervisor, scenario.event_id, tz=WITA, now=NOW)


def read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    text = data.decode("utf-8-sig")
    assert "\r\n" in text  # RFC 4180 line ends
    return list(csv.DictReader(io.StringIO(text, newline="")))


def rows_of(rows: list[dict[str, str]], section: str) -> list[dict[str, str]]:
    return [row for row in rows if row["section"] == section]


def test_header_and_summary(report: EventReport) -> None:
    data = event_report_csv(report)
    header = data.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header == ",".join(EVENT_REPORT_CSV_COLUMNS)
    rows = read(data)
    (event,) = rows_of(rows, "event")
    assert (event["key"], event["label"]) == (report.event.uuid, "Bazar HBP ke-62")
    summary = {row["key"]: row["amount"] for row in rows_of(rows, "summary")}
    assert summary == {
        "receipts": "3",
        "gross": "164750",
        "discounts": "8000",
        "refunds": "42500",
        "net": "122250",
        "money_due": "122250",
    }


def test_breakdowns_sum_to_the_totals(report: EventReport) -> None:
    rows = read(event_report_csv(report))
    for section in ("by_product", "by_institution", "by_payment_method", "by_hour", "by_day"):
        assert sum(int(row["net"]) for row in rows_of(rows, section)) == 122_250
    cash = next(row for row in rows_of(rows, "by_payment_method") if row["key"] == "cash")
    assert [cash[c] for c in ("label", "gross", "refunds", "net", "receipts")] == [
        "Tunai",
        "132250",
        "42500",
        "89750",
        "2",
    ]
    assert [row["key"] for row in rows_of(rows, "by_hour")] == ["07", "09", "14"]
    assert [row["key"] for row in rows_of(rows, "best_seller")] == [
        "BNA-BES-001",
        "BPN-KAF-001",
        "BLA-KYU-001",
    ]


def test_institutions_products_and_variance(report: EventReport) -> None:
    rows = read(event_report_csv(report))
    institutions = {row["key"]: row for row in rows_of(rows, "institution")}
    assert {code: row["amount"] for code, row in institutions.items()} == {
        "BLA": "85543",
        "BNA": "13750",
        "BPN": "22957",
    }
    assert institutions["BLA"]["status"] == "posted"
    assert (institutions["BLA"]["variance"], institutions["BLA"]["variance_value"]) == (
        "-1",
        "-45000",
    )
    assert institutions["BNA"]["status"] == "none"
    assert institutions["BNA"]["variance"] == ""  # no closing count: no figure
    products = rows_of(rows, "product")
    talenan = next(row for row in products if row["key"] == "BLA-KYU-001")
    assert [talenan[c] for c in ("group", "quantity", "gross", "refunds", "net")] == [
        "BLA",
        "2",
        "128043",
        "42500",
        "85543",
    ]
    variance = rows_of(rows, "variance")
    assert {row["group"] for row in variance} == {"BLA"}  # only Blora was counted
    counted = [row for row in variance if row["status"] == "counted"]
    assert [(row["key"], row["variance"], row["variance_value"]) for row in counted] == [
        ("BLA-KYU-001", "-1", "-45000")
    ]
    uncounted = [row for row in variance if row["status"] == "not_counted"]
    assert uncounted and all(row["counted"] == "" for row in uncounted)


def test_text_cells_are_protected_numbers_stay_plain(report: EventReport) -> None:
    hostile = dataclasses.replace(
        report,
        event=dataclasses.replace(report.event, name='=HYPERLINK("http://x","klik")', venue="@A1"),
    )
    rows = read(event_report_csv(hostile))
    (event,) = rows_of(rows, "event")
    assert event["label"] == '\'=HYPERLINK("http://x","klik")'
    assert event["group"] == "'@A1"
    negative = next(row for row in rows_of(rows, "variance") if row["variance"].startswith("-"))
    assert negative["variance_value"] == "-45000"  # a number keeps its minus sign


def test_each_till_is_pinned_as_on_the_paper_two_laptops_with_one_code_apart(
    report: EventReport,
) -> None:
    """The PDF's journal table, in rows: each till's chain head, grand total and key
    fingerprint, by device, so two laptops set up with one code stay two rows."""
    assert report.tills  # the scenario's sales were rung up on this till
    twin = dataclasses.replace(report.tills[0], till_id="f" * 32, seq=7, grand_total=1_000)
    tills = rows_of(
        read(event_report_csv(dataclasses.replace(report, tills=(*report.tills, twin)))), "till"
    )
    assert [(row["group"], row["key"]) for row in tills] == [
        *((pin.till_code, pin.till_id) for pin in report.tills),
        (twin.till_code, "f" * 32),
    ]
    first, pin = tills[0], report.tills[0]
    assert (first["quantity"], first["amount"]) == (str(pin.seq), str(pin.grand_total))
    assert (first["status"], first["label"]) == (pin.sha256, pin.fingerprint)
