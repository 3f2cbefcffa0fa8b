"""The end-of-event report (bazaar_pos.reports.event_report) and its A4 PDF: figures of the
hand-built sales of tests/reports/support.py, read back from the PDF's text with pypdf."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from bazaar_pos.db import Database
from bazaar_pos.db.models import Event
from bazaar_pos.papers.event_report import (
    PAPER_ROWS,
    goods_on_paper,
    render_event_report_pdf,
    signer_title,
    variance_on_paper,
)
from bazaar_pos.reports.event_report import (
    AmbiguousEvent,
    EventNotFound,
    EventReport,
    InstitutionSection,
    ProductSold,
    end_of_event_report,
    find_event,
)
from bazaar_pos.stock.documents import VarianceLine, VarianceTotals
from bazaar_pos.stock.returns import return_proposal
from bazaar_pos.stock.variance import UnknownEvent
from tests.conftest import Staff
from tests.reports.support import WITA, Scenario, build_sales, post_blora_closing_count

NOW = dt.datetime(2026, 4, 28, 9, 0, tzinfo=dt.UTC)  # 17.00 WITA


@pytest.fixture
def scenario(db: Database, staff: Staff, shift: int) -> Scenario:
    return build_sales(db, staff)


@pytest.fixture
def report(db: Database, scenario: Scenario) -> EventReport:
    post_blora_closing_count(db, scenario.reader, scenario.event_id)
    return end_of_event_report(db, scenario.reader, scenario.event_id, tz=WITA, now=NOW)


def pages_text(data: bytes) -> list[str]:
    """Each page's text, runs of whitespace (table cells come out one per line) as one space."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def section(report: EventReport, code: str) -> InstitutionSection:
    return next(item for item in report.institutions if item.code == code)


# --- the report as data --------------------------------------------------------------------


def test_sections_and_money_due(db: Database, scenario: Scenario, report: EventReport) -> None:
    assert report.event.name == "Bazar HBP ke-62"
    assert report.generated_at == NOW
    assert (report.sales.receipts, report.sales.net) == (3, 122_250)
    assert [(s.code, s.money_due, s.units_sold, s.receipts) for s in report.institutions] == [
        ("BLA", 85_543, 2, 2),
        ("BNA", 13_750, 110, 2),
        ("BPN", 22_957, 3, 1),
    ]
    assert report.money_due == report.sales.net == 122_250
    for item in report.institutions:
        # The same money the handover record (returns) says is due.
        assert (
            item.money_due
            == return_proposal(
                db, scenario.reader, scenario.event_id, item.institution_id
            ).money_due
        )
        assert item.money_due == sum(product.net for product in item.goods_sold)


def test_goods_sold_net_of_refunds(report: EventReport) -> None:
    blora = section(report, "BLA")
    assert [
        (p.sku, p.name, p.unit, p.quantity, p.gross, p.refunds, p.net) for p in blora.goods_sold
    ] == [("BLA-KYU-001", "Talenan kayu jati", "buah", 2, 128_043, 42_500, 85_543)]
    assert (blora.gross, blora.refunds) == (128_043, 42_500)


def test_variance_from_the_closing_count(report: EventReport) -> None:
    blora = section(report, "BLA")
    assert blora.closing_status == "posted"
    assert [count.counted_by for count in blora.closing_counts] == ["Bu Ratna (Kasubsi)"]
    talenan = next(line for line in blora.variance_lines if line.sku == "BLA-KYU-001")
    assert talenan.counted == talenan.expected - 1
    assert (talenan.variance, talenan.variance_value) == (-1, -45_000)
    assert blora.variance_totals is not None
    assert (blora.variance_totals.variance, blora.variance_totals.variance_value) == (-1, -45_000)
    assert all(line.track_stock for line in blora.variance_lines)
    # No closing count covers the other two institutions.
    assert section(report, "BNA").closing_status == "none"
    assert section(report, "BPN").closing_status == "none"
    # The café's drinks have no stock, so no variance line.
    assert "BPN-KAF-001" not in {line.sku for line in section(report, "BPN").variance_lines}


def test_find_event(db: Database) -> None:
    event = find_event(db, "Bazar HBP ke-62")
    assert event.id == 1
    assert find_event(db, "1") == event
    assert find_event(db, event.uuid) == event
    assert find_event(db, event.uuid.upper()) == event
    assert find_event(db, "  bazar hbp KE-62 ") == event  # no exact match: ignoring case
    with pytest.raises(EventNotFound) as missing:
        find_event(db, "Bazar HBP ke-99")
    assert missing.value.text == "Bazar HBP ke-99"
    with pytest.raises(EventNotFound):
        find_event(db, "   ")
    with db.write() as session:
        session.add(Event(uuid="00000000-0000-4000-8000-000000000002", name="Bazar HBP ke-62"))
    with pytest.raises(AmbiguousEvent) as ambiguous:
        find_event(db, "Bazar HBP ke-62")
    assert ambiguous.value.event_ids == (1, 2)
    assert find_event(db, "2").uuid == "00000000-0000-4000-8000-000000000002"


def test_unknown_event(db: Database) -> None:
    with pytest.raises(UnknownEvent):
        end_of_event_report(db, None, 42)


# --- the PDF -------------------------------------------------------------------------------


def test_pdf_summary_page(report: EventReport) -> None:
    pages = pages_text(render_event_report_pdf(report))
    assert len(pages) == 4  # the summary, then one page per institution
    first = pages[0]
    assert "LAPORAN AKHIR ACARA" in first
    assert "Bazar HBP ke-62" in first
    assert "Penjualan bersih Rp 122.250" in first
    assert "Penjualan kotor Rp 164.750" in first
    assert "Diskon diberikan Rp 8.000" in first
    assert "Refund Rp 42.500" in first
    assert "Tunai 2 Rp 132.250 Rp 42.500 Rp 89.750" in first
    assert "Rutan Kelas IIB Blora" in first
    assert "BLA Rutan Kelas IIB Blora 2 2 Rp 128.043 Rp 42.500 Rp 85.543 70,0 %" in first
    assert "27 April 2026" in first and "28 April 2026" in first
    assert "Penjualan bersih per hari" in first  # two days: the bar chart is by day
    assert "Bagian tiap lembaga" in first
    assert "Halaman 1 dari 4" in first


def test_pdf_institution_pages(report: EventReport) -> None:
    pages = pages_text(render_event_report_pdf(report))
    blora, banjarnegara, balikpapan = pages[1], pages[2], pages[3]
    assert "Rutan Kelas IIB Blora (BLA)" in blora
    assert "Talenan kayu jati" in blora
    assert "Uang hasil penjualan yang menjadi hak Rutan Kelas IIB Blora:" in blora
    assert "Rp 85.543" in blora
    assert "delapan puluh lima ribu lima ratus empat puluh tiga rupiah" in blora
    assert "-1 -Rp 45.000" in blora  # Talenan one short, and the total
    assert "Penghitungan penutupan diposting" in blora and "Bu Ratna (Kasubsi)" in blora
    for page, name, due in (
        (banjarnegara, "Rutan Kelas IIB Banjarnegara (BNA)", "Rp 13.750"),
        (balikpapan, "Rutan Kelas IIA Balikpapan (BPN)", "Rp 22.957"),
    ):
        assert name in page and due in page
        assert "Belum ada penghitungan penutupan yang diposting." in page
    for number, page in enumerate(pages[1:], start=2):
        assert "Yang membuat," in page and "Mengetahui," in page
        assert "Penanggung jawab acara" in page and "Karutan" in page
        assert "Nama:" in page and "NIP:" in page
        assert f"Halaman {number} dari 4" in page


def test_pdf_in_english(report: EventReport) -> None:
    pages = pages_text(render_event_report_pdf(report, language="en"))
    assert "END-OF-EVENT REPORT" in pages[0] and "Page 1 of 4" in pages[0]
    assert "Net sales Rp 122.250" in pages[0]
    assert "Cash 2 Rp 132.250" in pages[0]
    assert "Head of the Rutan (Karutan)" in pages[1]
    assert "eighty-five thousand five hundred forty-three rupiah" in pages[1]
    assert "No closing count posted." in pages[2]
    with pytest.raises(ValueError):
        render_event_report_pdf(report, language="fr")


def test_signer_titles() -> None:
    assert signer_title("Lapas") == "Kalapas"
    assert signer_title("Rutan") == "Karutan"
    assert signer_title("LPKA") == "Kepala LPKA"
    assert signer_title("LPKA", "en") == "Head of the LPKA"


def test_pdf_of_an_event_without_sales(db: Database) -> None:
    report = end_of_event_report(db, None, 1, tz=WITA, now=NOW)
    pages = pages_text(render_event_report_pdf(report))
    assert "Belum ada penjualan." in pages[0]
    assert len(pages) == 4
    assert "Tidak ada barang yang terjual." in pages[1]
    assert "nol rupiah" in pages[1]


def _big_report(report: EventReport, products: int) -> EventReport:
    """The scenario's report with ``products`` goods sold and counted for Blora."""
    blora = section(report, "BLA")
    template = blora.variance_lines[0]
    goods = tuple(
        ProductSold(n, f"BLA-X{n:05d}", f"Produk uji nomor {n} dengan nama yang agak panjang " * 2,
                    "buah", 2, 20_000, 0, 20_000)
        for n in range(products)
    )  # fmt: skip
    lines = tuple(
        dataclasses.replace(template, product_id=n, sku=f"BLA-X{n:05d}", name=f"Produk uji {n}",
                            expected=5, counted=4, variance=-1, variance_value=-10_000)
        for n in range(products)
    )  # fmt: skip
    totals = dataclasses.replace(
        blora.variance_totals or VarianceTotals(*([0] * 14)),
        expected=5 * products,
        counted=4 * products,
        variance=-products,
        variance_value=-10_000 * products,
    )
    big = dataclasses.replace(
        blora,
        goods_sold=goods,
        units_sold=2 * products,
        gross=20_000 * products,
        refunds=0,
        money_due=20_000 * products,
        variance_lines=lines,
        variance_totals=totals,
    )
    return dataclasses.replace(report, institutions=(big,))


def test_long_tables_continue_with_their_header(report: EventReport) -> None:
    big = _big_report(report, PAPER_ROWS - 50)
    pages = pages_text(render_event_report_pdf(big))
    total = len(pages)
    assert 6 <= total <= 14
    assert all(f"Halaman {n} dari {total}" in page for n, page in enumerate(pages, start=1))
    # Every page of the institution section repeats its table's column header.
    assert all("SKU" in page and "Produk" in page for page in pages[1:])
    text = "\n".join(pages)
    assert "BLA-X00149" in text and "Rp 3.000.000" in text
    assert "tiga juta rupiah" in text
    assert "-150 -Rp 1.500.000" in text
    assert "produk lain" not in text  # every row fits: nothing left out
    assert text.count("Mengetahui,") == 1
    assert isinstance(big.institutions[0].variance_lines[0], VarianceLine)


def test_a_long_list_prints_its_largest_rows_and_one_line_for_the_rest_under_every_products_total(
    report: EventReport,
) -> None:
    """450 goods sold and 450 products a unit short: each table lists the 200 largest and one
    line with the sums of the other 250, so its total is still every product's; the paper says
    the full list is in the CSV and stays a few pages."""
    big = _big_report(report, 450)
    pages = pages_text(render_event_report_pdf(big))
    assert len(pages) <= 14
    text = "\n".join(pages)
    assert text.count("250 produk lain (daftar lengkap di CSV)") == 2
    assert "250 produk lain (daftar lengkap di CSV) 500 Rp 5.000.000 Rp 0 Rp 5.000.000" in text
    assert "Total 900 Rp 9.000.000 Rp 0 Rp 9.000.000" in text  # every product's
    assert "250 produk lain (daftar lengkap di CSV) 1.250 1.000 -250 -Rp 2.500.000" in text
    assert "Total 2.250 1.800 -450 -Rp 4.500.000" in text
    assert "Tercantum 200 dari 450 produk terjual" in text
    assert "daftar lengkap setiap produk ada di CSV laporan ini" in text
    english = "\n".join(pages_text(render_event_report_pdf(big, language="en")))
    assert "250 other products (full list in the CSV)" in english


def test_the_paper_lists_goods_by_name_and_only_the_products_counted_differently(
    report: EventReport,
) -> None:
    blora = section(report, "BLA")
    listed, left_out = variance_on_paper(blora.variance_lines)
    # Talenan was counted one short; the rest of Blora's goods were not counted (the note
    # says how many) or matched.
    assert [line.sku for line in listed] == ["BLA-KYU-001"]
    assert len(listed) + len(left_out) == len(blora.variance_lines)
    goods, rest = goods_on_paper(blora.goods_sold)
    assert goods == blora.goods_sold and rest == ()


def test_the_largest_rows_are_chosen_then_printed_by_name() -> None:
    goods = [
        ProductSold(n, f"SKU-{n}", name, "buah", 1, net, 0, net)
        for n, (name, net) in enumerate([("Zebra", 500), ("Apel", 10), ("Mangga", 900)])
    ]
    listed, left_out = goods_on_paper(goods, limit=2)
    assert [item.name for item in listed] == ["Mangga", "Zebra"]
    assert [item.name for item in left_out] == ["Apel"]


def test_the_report_pins_each_tills_chain_head_grand_total_and_key(
    db: Database, report: EventReport
) -> None:
    with db.read() as session:
        till_id, seq, sha, grand = (
            session.connection()
            .exec_driver_sql(
                "SELECT till_id, seq, sha256, grand_total FROM journal_links "
                "ORDER BY seq DESC LIMIT 1"
            )
            .one()
        )
    [till] = report.tills
    assert (till.till_id, till.till_code, till.seq, till.sha256) == (till_id, "BPN1", seq, sha)
    assert till.grand_total == grand == 122_250  # sales less refunds, all in this event
    pages = pages_text(render_event_report_pdf(report))
    assert len(pages) == 4  # still a one-page summary
    first = pages[0]
    assert "Jurnal anti-ubah per kasa" in first
    assert f"BPN1 #{seq} {sha[:16]} Rp 122.250 {till.fingerprint}" in first
    english = pages_text(render_event_report_pdf(report, language="en"))[0]
    assert "Tamper-evident journal per till" in english and "Till key fingerprint" in english
