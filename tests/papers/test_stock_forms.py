"""Paper forms of the stock reports (variance report, handover record) and the variance CSV.

The reports are built by hand here, so every figure the tests look for is known.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape

from bazaar_pos.papers.handover import render_handover_pdf
from bazaar_pos.papers.kit.fonts import BOLD, ITALIC, REGULAR
from bazaar_pos.papers.kit.words import amount_in_words
from bazaar_pos.papers.variance_report import render_variance_pdf
from bazaar_pos.stock.documents import (
    CountSummary,
    HandoverDocument,
    HandoverLine,
    InstitutionVariance,
    VarianceLine,
    VarianceReport,
    VarianceTotals,
)
from bazaar_pos.stock.variance_csv import CSV_COLUMNS, write_variance_csv
from tests.papers.support import Drawn, drawn

LONG_NAME = (
    "Lukisan bakar kayu (pyrography) kaligrafi Ayat Kursi bingkai jati ukir 60x90 cm "
    "pesanan khusus dengan kaca dan gantungan, hasil pelatihan kemandirian warga binaan"
)
INSTITUTIONS = {
    1: ("BPN", "Rutan Kelas IIA Balikpapan"),
    2: ("BLA", "Rutan Kelas IIB Blora"),
    3: ("SMD", "Lapas Kelas IIA Samarinda"),
}
WITA_POSTED = datetime(2026, 4, 12, 9, 5, tzinfo=UTC)  # 17.05 WITA, 16.05 WIB


def line(
    sku: str,
    name: str,
    *,
    institution_id: int = 1,
    price: int = 10_000,
    opening: int = 10,
    arrivals: int = 0,
    sold: int = 0,
    refunded: int = 0,
    returned: int = 0,
    damaged: int = 0,
    adjusted: int = 0,
    counted: int | None = None,
    track_stock: bool = True,
    unit: str = "pcs",
) -> VarianceLine:
    if not track_stock:
        opening = arrivals = refunded = returned = damaged = adjusted = 0
        counted = None
    expected = opening + arrivals - sold + refunded - returned - damaged + adjusted
    variance = None if counted is None else counted - expected
    return VarianceLine(
        product_id=abs(hash(sku)) % 10**9,
        sku=sku,
        name=name,
        unit=unit,
        category="Kerajinan kayu",
        institution_id=institution_id,
        institution_code=INSTITUTIONS[institution_id][0],
        workshop="Kerajinan kayu",
        track_stock=track_stock,
        unit_price=price,
        opening=opening,
        arrivals=arrivals,
        sold=sold,
        refunded=refunded,
        returned=returned,
        damaged=damaged,
        adjusted=adjusted,
        expected=expected,
        counted=counted,
        variance=variance,
        variance_value=None if variance is None else variance * price,
        sales_value=sold * price,
    )


def totals(lines: Sequence[VarianceLine]) -> VarianceTotals:
    counted = [ln for ln in lines if ln.counted is not None]
    return VarianceTotals(
        products=len(lines),
        opening=sum(ln.opening for ln in lines),
        arrivals=sum(ln.arrivals for ln in lines),
        sold=sum(ln.sold for ln in lines),
        refunded=sum(ln.refunded for ln in lines),
        returned=sum(ln.returned for ln in lines),
        damaged=sum(ln.damaged for ln in lines),
        adjusted=sum(ln.adjusted for ln in lines),
        expected=sum(ln.expected for ln in lines),
        counted=sum(ln.counted or 0 for ln in counted),
        uncounted=sum(1 for ln in lines if ln.uncounted),
        variance=sum(ln.variance or 0 for ln in counted),
        variance_value=sum(ln.variance_value or 0 for ln in counted),
        sales_value=sum(ln.sales_value for ln in lines),
    )


def count(kind: str, *, posted: bool = True, institution: str | None = None) -> CountSummary:
    return CountSummary(
        id=1 if kind == "opening" else 2,
        kind=kind,
        status="posted" if posted else "open",
        blind=kind == "closing",
        institution_code=institution,
        started_at=datetime(2026, 4, 9, 0, 30, tzinfo=UTC),
        posted_at=WITA_POSTED if posted else None,
        counted_by="Andi Saputra" if kind == "closing" else "Rina Marlina",
        supervised_by="Budi Santoso",
        uncounted_as_zero=False,
    )


def report(lines: Sequence[VarianceLine], **changes: Any) -> VarianceReport:
    lines = sorted(lines, key=lambda ln: (ln.institution_code, ln.name))
    used = sorted({ln.institution_id for ln in lines}, key=lambda i: INSTITUTIONS[i][0])
    institutions = tuple(
        InstitutionVariance(
            i,
            INSTITUTIONS[i][0],
            INSTITUTIONS[i][1],
            totals([ln for ln in lines if ln.institution_id == i]),
        )
        for i in used
    )
    built = VarianceReport(
        event_id=7,
        event_name="Bazar HBP ke-62",
        venue="Halaman Rutan Kelas I Samarinda",
        starts_on=date(2026, 4, 9),
        ends_on=date(2026, 4, 12),
        generated_at=datetime(2026, 4, 12, 10, 0, tzinfo=UTC),
        opening_counts=(count("opening"),),
        closing_counts=(count("closing"),),
        lines=tuple(lines),
        institutions=institutions,
        totals=totals(lines),
    )
    return dataclasses.replace(built, **changes)


def small_report() -> VarianceReport:
    return report(
        [
            # BPN: 3 missing cutting boards at Rp 10.000 -> -Rp 30.000
            line("BPN-TAL-001", "Talenan kayu jati", opening=20, sold=5, counted=12),
            line("BPN-PYR-002", LONG_NAME, price=250_000, opening=8, sold=2, counted=4),
            line("BPN-KES-003", "Keset kain perca", opening=15, sold=3, arrivals=5, counted=None),
            # BLA: 1,600 besek at Rp 125; 2 found too many -> +Rp 250
            line(
                "BLA-BES-001",
                "Besek anyaman bambu",
                institution_id=2,
                price=125,
                opening=2_000,
                sold=1_600,
                damaged=10,
                counted=392,
            ),
            line(
                "BLA-KOP-001",
                "Kopi susu gula aren",
                institution_id=2,
                price=18_000,
                sold=40,
                track_stock=False,
            ),
            # SMD: everything adds up
            line("SMD-ASB-001", "Asbak kayu", institution_id=3, opening=4, sold=1, counted=3),
        ]
    )


def pdf_pages(path: Path) -> list[Any]:
    return list(PdfReader(path).pages)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pdf_pages(path))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def wita() -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    mp.setenv("TZ", "Asia/Makassar")
    time.tzset()
    try:
        yield
    finally:
        mp.undo()
        time.tzset()


# --------------------------------------------------------------------------------------------
# Formatting


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (0, "nol rupiah", "zero rupiah"),
        (11, "sebelas rupiah", "eleven rupiah"),
        (125, "seratus dua puluh lima rupiah", "one hundred twenty-five rupiah"),
        (1_000, "seribu rupiah", "one thousand rupiah"),
        (
            1_250_000,
            "satu juta dua ratus lima puluh ribu rupiah",
            "one million two hundred fifty thousand rupiah",
        ),
        (
            211_019,
            "dua ratus sebelas ribu sembilan belas rupiah",
            "two hundred eleven thousand nineteen rupiah",
        ),
        (3_000_000_100, "tiga miliar seratus rupiah", "three billion one hundred rupiah"),
        (-5_000, "minus lima ribu rupiah", "minus five thousand rupiah"),
    ],
)
def test_amount_in_words(amount: int, indonesian: str, english: str) -> None:
    assert amount_in_words(amount, "id") == indonesian
    assert amount_in_words(amount, "en") == english


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fr"):
        render_variance_pdf(small_report(), tmp_path / "v.pdf", language="fr")
    assert not (tmp_path / "v.pdf").exists()


# --------------------------------------------------------------------------------------------
# Variance report


def test_variance_report_content(tmp_path: Path, wita: None) -> None:
    out = render_variance_pdf(small_report(), tmp_path / "reports" / "selisih.pdf")
    assert out == tmp_path / "reports" / "selisih.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.parent.iterdir()] == ["selisih.pdf"]  # no temp file left
    pages = pdf_pages(out)
    for page in pages:  # A4 landscape
        assert float(page.mediabox.width) == pytest.approx(landscape(A4)[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(landscape(A4)[1], abs=0.5)
    text = pdf_text(out)
    flat = squash(text)
    assert "LAPORAN SELISIH STOK" in text
    assert "Bazar HBP ke-62" in text
    assert "Halaman Rutan Kelas I Samarinda" in text
    assert "9 April 2026 – 12 April 2026" in text
    # the counts used, posted time in local time (UTC+8 here)
    assert "Pembukaan" in text and "Penutupan" in text
    assert "12 April 2026 17.05" in text
    assert "Rina Marlina" in text and "Andi Saputra" in text
    # institution headers
    assert "BPN · Rutan Kelas IIA Balikpapan" in text
    assert "BLA · Rutan Kelas IIB Blora" in text
    assert "SMD · Lapas Kelas IIA Samarinda" in text
    for header in ("Awal", "Masuk", "Terjual", "Refund", "Retur", "Rusak", "Koreksi"):
        assert header in text
    assert "Seharusnya" in text and "Dihitung" in text and "Selisih Rp" in text
    # figures
    assert "-Rp 30.000" in text  # 3 talenan missing
    assert "-Rp 500.000" in text  # 2 pyrography missing at Rp 250.000
    assert "+Rp 250" in text  # 2 besek too many at Rp 125
    assert "+2" in text and "-3" in text
    assert "belum dihitung" in text  # the doormats
    assert "tidak dilacak" in text  # the coffee
    assert "1.600" in text  # besek sold
    # the long name is printed in full, wrapped over lines
    assert LONG_NAME in flat
    # subtotals: BPN expected 15 + 6 + 17 = 38, counted 12 + 4 = 16, variance -5, -Rp 530.000
    assert "Subtotal BPN: 3 produk, 1 belum dihitung" in flat
    assert "-Rp 530.000" in text
    assert "Subtotal BLA: 2 produk" in flat
    # event: variance -5 + 2 + 0 = -3, -Rp 530.000 + Rp 250 = -Rp 529.750
    assert "TOTAL ACARA: 6 produk" in flat
    assert "-Rp 529.750" in text
    assert "Produk yang belum dihitung: 1 dari 5 produk yang dilacak stoknya." in flat
    # signatures
    assert "Yang menghitung," in text and "Petugas pengawas," in text
    assert "Halaman Rutan Kelas I Samarinda, 12 April 2026" in text
    assert "Budi Santoso" in text  # supervisor taken from the closing count
    assert f"Halaman 1 dari {len(pages)}" in text
    assert_inside_margins(out, VARIANCE_MARGINS)


def test_variance_table_rows_read_in_order(tmp_path: Path) -> None:
    out = render_variance_pdf(small_report(), tmp_path / "v.pdf")
    flat = squash(pdf_text(out))
    # talenan: opening 20, sold 5 -> expected 15, counted 12, variance -3, -Rp 30.000
    assert re.search(r"BPN-TAL-001 Talenan kayu jati 20 0 5 0 0 0 0 15 12 -3 -Rp 30.000", flat)
    # besek: 2.000 + 0 - 1.600 - 10 damaged = 390 expected, 392 counted
    assert re.search(
        r"BLA-BES-001 Besek anyaman bambu 2.000 0 1.600 0 0 10 0 390 392 \+2 \+Rp 250", flat
    )
    # coffee: only the sales
    assert re.search(r"BLA-KOP-001 Kopi susu gula aren 40 tidak dilacak — —", flat)
    # BPN subtotal row: opening 43, arrivals 5, sold 10, expected 38, counted 16, variance -5
    assert re.search(r"1 belum dihitung 43 5 10 0 0 0 0 38 16 -5 -Rp 530.000", flat)


def test_signature_names_given_and_english(tmp_path: Path) -> None:
    out = render_variance_pdf(
        small_report(),
        tmp_path / "v.pdf",
        language="en",
        counted_by="Dewi Lestari",
        supervised_by="Kompol Hendra",
    )
    text = pdf_text(out)
    flat = squash(text)
    assert "STOCK VARIANCE REPORT" in text
    for header in ("Opening", "Arrivals", "Sold", "Refunds", "Returned", "Damaged", "Adjusted"):
        assert header in text
    assert "Expected" in text and "Counted" in text and "Variance Rp" in text
    assert "not counted" in text and "not tracked" in text
    assert "Subtotal BPN: 3 products, 1 not counted" in flat
    assert "EVENT TOTAL: 6 products" in flat
    assert "Subtotal SMD: 1 product" in flat and "1 products" not in flat
    assert "Products not counted: 1 of 5 stock-tracked products." in flat
    assert "Counted by," in text and "Supervising officer," in text
    assert "Dewi Lestari" in text and "Kompol Hendra" in text
    assert "Andi Saputra" in text  # still in the counts table
    assert f"Page 1 of {len(pdf_pages(out))}" in text
    assert "12 April 2026" in text
    assert "Halaman" not in text.replace("Halaman Rutan", "") and "belum" not in text


def test_empty_names_leave_lines_to_write_on(tmp_path: Path) -> None:
    closing = dataclasses.replace(count("closing"), counted_by="", supervised_by="")
    rep = dataclasses.replace(small_report(), closing_counts=(closing,), opening_counts=())
    text = pdf_text(render_variance_pdf(rep, tmp_path / "v.pdf"))
    assert text.count("Nama:") == 2
    assert "tidak ada penghitungan pembukaan" in text


def test_all_counted_and_no_closing_count(tmp_path: Path) -> None:
    counted = report([line("A-1", "Asbak", opening=3, counted=3)])
    text = squash(pdf_text(render_variance_pdf(counted, tmp_path / "a.pdf")))
    assert "Semua 1 produk yang dilacak stoknya sudah dihitung." in text
    assert "Rp 0" in text
    uncounted = report([line("A-1", "Asbak", opening=3)], closing_counts=())
    text = squash(pdf_text(render_variance_pdf(uncounted, tmp_path / "b.pdf")))
    assert "belum ada penghitungan penutupan" in text
    assert "Produk yang belum dihitung: 1 dari 1" in text


def styled_strings(page: Any) -> dict[str, list[tuple[str, str]]]:
    """Each string drawn on ``page`` -> (base font, fill colour) of each time it was drawn."""
    styles: dict[str, list[tuple[str, str]]] = {}
    for d in drawn(page):
        styles.setdefault(d.text, []).append((d.font, d.color))
    return styles


def drawn_at(page: Any) -> dict[str, Drawn]:
    return {d.text: d for d in drawn(page)}


VARIANCE_MARGINS = (10, 10, 9)  # mm: sides, top, bottom
HANDOVER_MARGINS = (18, 15, 12)


def assert_inside_margins(path: Path, margins_mm: tuple[float, float, float]) -> None:
    """Nothing runs into the margins or off the sheet, on any page."""
    side, top, bottom = (m * 72 / 25.4 for m in margins_mm)
    for page in pdf_pages(path):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        strings = drawn(page)
        assert strings
        for d in strings:
            assert side - 0.5 <= d.x and d.x + d.width <= width - side + 0.5, d
            assert bottom - 0.5 <= d.y <= height - top, d


def test_negative_variance_is_red_and_bold(tmp_path: Path) -> None:
    out = render_variance_pdf(small_report(), tmp_path / "v.pdf")
    styles = styled_strings(pdf_pages(out)[0])
    red_bold = (BOLD, "0.72 0 0")
    black = (REGULAR, "0 0 0")
    assert styles["-Rp 30.000"] == [red_bold]  # the missing talenan, sign printed too
    assert styles["-3"] == [red_bold]
    assert styles["-Rp 530.000"] == [red_bold]  # BPN subtotal
    # too many is not alarming: black in the product row, bold black in the subtotal
    assert styles["+Rp 250"] == [black, (BOLD, "0 0 0")]
    assert styles["Talenan kayu jati"] == [black]
    assert styles["belum dihitung"][0][0] == ITALIC


def make_big_report(n: int) -> VarianceReport:
    lines = []
    for i in range(n):
        institution = 1 + i % 3
        code = INSTITUTIONS[institution][0]
        name = LONG_NAME if i % 97 == 0 else f"Produk kerajinan nomor {i:05d}"
        counted = None if i % 50 == 0 else 10 + (i % 7) - 3
        lines.append(
            line(
                f"{code}-{i:05d}",
                name,
                institution_id=institution,
                price=1_000 * (1 + i % 40),
                opening=10,
                sold=i % 4,
                arrivals=i % 4,
                counted=counted,
                track_stock=i % 31 != 0,
            )
        )
    return report(lines)


def test_five_thousand_products(tmp_path: Path) -> None:
    big = make_big_report(5_000)
    started = time.perf_counter()
    out = render_variance_pdf(big, tmp_path / "big.pdf")
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0  # ~0.6 s on a 2-CPU machine; generous for busy CI
    pages = pdf_pages(out)
    # ~36 product rows per landscape page, plus headers, subtotals and signatures
    assert 120 <= len(pages) <= 180
    texts = [page.extract_text() for page in pages]
    for number, text in enumerate(texts, start=1):
        assert "Seharusnya" in text and "Selisih Rp" in text  # column header on every page
        assert f"Halaman {number} dari {len(pages)}" in text
    # a table continuing on a new page repeats its institution header
    continued = [text for text in texts if "(lanjutan)" in text]
    assert len(continued) >= len(pages) - 6
    last = texts[-1]
    assert "TOTAL ACARA: 5.000 produk" in squash(last)
    assert "Yang menghitung," in last and "Petugas pengawas," in last
    # every 50th product uncounted, every 31st not tracked: 100 - 4 = 96 of 5.000 - 162
    assert "Produk yang belum dihitung: 96 dari 4.838" in squash(last)


# --------------------------------------------------------------------------------------------
# Handover record


def handover(**changes: Any) -> HandoverDocument:
    returned = (
        HandoverLine("BPN-TAL-001", "Talenan kayu jati", "pcs", 12, 35_000, 420_000),
        HandoverLine("BPN-PYR-002", LONG_NAME, "pcs", 6, 250_000, 1_500_000),
    )
    sold = (
        HandoverLine("BPN-TAL-001", "Talenan kayu jati", "pcs", 5, 35_000, 175_000),
        HandoverLine("BPN-PYR-002", LONG_NAME, "pcs", 2, 250_000, 500_000),
        HandoverLine("BPN-GAN-003", "Gantungan kunci kayu", "pcs", 30, 10_000, 300_000),
    )
    built = HandoverDocument(
        handover_id=12,
        handover_uuid="9b2f6c1e-3a4d-4e8f-b1c2-7d8e9f0a1b2c",
        event_name="Bazar HBP ke-62",
        venue="Halaman Rutan Kelas I Samarinda",
        starts_on=date(2026, 4, 9),
        ends_on=date(2026, 4, 12),
        institution_code="BPN",
        institution_name="Rutan Kelas IIA Balikpapan",
        institution_kind="Rutan",
        created_at=WITA_POSTED,
        handed_over_by="Siti Rahmawati",
        received_by="Agus Prasetyo",
        returned=returned,
        sold=sold,
        returned_units=18,
        returned_value=1_920_000,
        sold_units=37,
        money_due=975_000,
    )
    return dataclasses.replace(built, **changes)


def test_handover_content(tmp_path: Path, wita: None) -> None:
    out = render_handover_pdf(handover(), tmp_path / "serah-terima.pdf")
    pages = pdf_pages(out)
    assert len(pages) == 1
    assert float(pages[0].mediabox.width) == pytest.approx(A4[0], abs=0.5)
    assert float(pages[0].mediabox.height) == pytest.approx(A4[1], abs=0.5)
    text = pdf_text(out)
    flat = squash(text)
    assert "BERITA ACARA SERAH TERIMA BARANG" in text
    assert "Bazar HBP ke-62" in text
    assert "Rutan Kelas IIA Balikpapan (kode BPN)" in text
    assert "12 April 2026 17.05 WITA" in text
    assert "Pada hari Minggu, 12 April 2026 pukul 17.05 WITA" in flat
    assert "A. Barang dikembalikan" in text and "B. Barang terjual" in text
    assert re.search(r"1\. BPN-TAL-001 Talenan kayu jati 12 pcs Rp 35.000 Rp 420.000", flat)
    assert LONG_NAME in flat
    assert re.search(r"Total 18 Rp 1.920.000", flat)  # returned total
    assert re.search(r"3\. BPN-GAN-003 Gantungan kunci kayu 30 pcs Rp 300.000", flat)
    assert re.search(r"Total 37 Rp 975.000", flat)  # sold total
    assert "Uang hasil penjualan yang menjadi hak Rutan Kelas IIA Balikpapan:" in flat
    assert "Terbilang: sembilan ratus tujuh puluh lima ribu rupiah" in flat
    assert text.count("Rp 975.000") == 2  # sold total and the money due
    assert "Yang menyerahkan," in text and "Yang menerima," in text
    assert "Siti Rahmawati" in text and "Agus Prasetyo" in text
    assert "Petugas Rutan Kelas IIA Balikpapan" in text
    assert "Halaman Rutan Kelas I Samarinda, 12 April 2026" in text
    assert "ID serah terima: 9b2f6c1e-3a4d-4e8f-b1c2-7d8e9f0a1b2c" in text
    assert "Halaman 1 dari 1" in text
    assert_inside_margins(out, HANDOVER_MARGINS)


def test_handover_nothing_returned_english(tmp_path: Path) -> None:
    doc = handover(
        returned=(),
        returned_units=0,
        returned_value=0,
        institution_kind="Lapas",
        institution_name="Perempuan Kelas IIA Samarinda",
        institution_code="SMP",
    )
    text = squash(pdf_text(render_handover_pdf(doc, tmp_path / "h.pdf", language="en")))
    assert "HANDOVER RECORD" in text
    assert "No goods were returned." in text
    assert "Lapas Perempuan Kelas IIA Samarinda (code SMP)" in text
    assert "Sales money due to Lapas Perempuan Kelas IIA Samarinda:" in text
    assert "In words: nine hundred seventy-five thousand rupiah" in text
    assert "Handed over by," in text and "Received by," in text
    assert "Page 1 of 1" in text
    id_text = squash(pdf_text(render_handover_pdf(doc, tmp_path / "i.pdf")))
    assert "Tidak ada barang yang dikembalikan." in id_text


def test_long_handover_repeats_its_header(tmp_path: Path) -> None:
    returned = tuple(
        HandoverLine(f"BPN-{i:04d}", f"Barang nomor {i}", "pcs", 1, 1_000, 1_000)
        for i in range(150)
    )
    doc = handover(returned=returned, returned_units=150, returned_value=150_000)
    pages = pdf_pages(render_handover_pdf(doc, tmp_path / "h.pdf"))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert f"Halaman {number} dari {len(pages)}" in text
        assert doc.handover_uuid in text
    assert "A. Barang dikembalikan (lanjutan)" in pages[1].extract_text()
    assert "Harga satuan" in pages[1].extract_text()
    assert "Yang menerima," in pages[-1].extract_text()


# --------------------------------------------------------------------------------------------
# CSV


def test_variance_csv(tmp_path: Path) -> None:
    rep = small_report()
    out = write_variance_csv(rep, tmp_path / "csv" / "selisih.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    assert [p.name for p in out.parent.iterdir()] == ["selisih.csv"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[0][:3] == ["institution_code", "sku", "name"]
    assert len(rows) == 1 + len(rep.lines)
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_sku = {r["sku"]: r for r in records}
    talenan = by_sku["BPN-TAL-001"]
    assert talenan["institution_code"] == "BPN"
    assert talenan["name"] == "Talenan kayu jati"
    assert talenan["track_stock"] == "1"
    assert talenan["unit_price"] == "10000"
    assert (talenan["opening"], talenan["sold"], talenan["expected"]) == ("20", "5", "15")
    assert (talenan["counted"], talenan["variance"]) == ("12", "-3")  # numbers keep their sign
    assert talenan["variance_value"] == "-30000"
    assert talenan["sales_value"] == "50000"
    keset = by_sku["BPN-KES-003"]
    assert (keset["counted"], keset["variance"], keset["variance_value"]) == ("", "", "")
    assert keset["arrivals"] == "5"
    kopi = by_sku["BLA-KOP-001"]
    assert (kopi["track_stock"], kopi["sold"], kopi["sales_value"]) == ("0", "40", "720000")
    assert by_sku["BLA-BES-001"]["variance_value"] == "250"
    assert by_sku["BPN-PYR-002"]["name"] == LONG_NAME
    # a spreadsheet can sum the columns
    assert sum(int(r["variance_value"] or 0) for r in records) == rep.totals.variance_value


def test_csv_neutralises_formulas_in_text_only(tmp_path: Path) -> None:
    evil = [
        line("=SKU", '=HYPERLINK("http://evil.example","klik")', opening=5, counted=2),
        line("BPN-2", "+62 812 kopi", opening=1, counted=1),
        line("BPN-3", "-Diskon", opening=1, counted=1),
        line("BPN-4", "@SUM(A1:A9)", opening=1, counted=1),
        line("BPN-5", "\tTab", opening=1, counted=1),
        line("BPN-6", 'Tas "rotan", besar\nbaris 2', opening=1, counted=1),
    ]
    rep = report(evil)
    out = write_variance_csv(rep, tmp_path / "evil.csv")
    records = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    by_name = {r["name"]: r for r in records}
    hyperlink = by_name['\'=HYPERLINK("http://evil.example","klik")']
    assert hyperlink["sku"] == "'=SKU"
    assert hyperlink["variance"] == "-3" and hyperlink["variance_value"] == "-30000"
    assert "'+62 812 kopi" in by_name
    assert "'-Diskon" in by_name
    assert "'@SUM(A1:A9)" in by_name
    assert "'\tTab" in by_name
    assert 'Tas "rotan", besar\nbaris 2' in by_name  # quoted by the csv module, not altered
    for record in records:
        for column in ("opening", "expected", "counted", "variance", "variance_value"):
            assert not record[column].startswith("'")


def test_files_overwritten_atomically_with_usual_permissions(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("made the ordinary way", encoding="utf-8")
    usual = plain.stat().st_mode & 0o777
    targets = {name: tmp_path / name for name in ("v.csv", "v.pdf", "h.pdf")}
    for target in targets.values():
        target.write_text("old", encoding="utf-8")
    write_variance_csv(small_report(), targets["v.csv"])
    render_variance_pdf(small_report(), targets["v.pdf"])
    render_handover_pdf(handover(), targets["h.pdf"])
    assert targets["v.csv"].read_text(encoding="utf-8-sig").startswith("institution_code,")
    assert targets["v.pdf"].read_bytes().startswith(b"%PDF")
    assert targets["h.pdf"].read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.pdf", "plain.txt", "v.csv", "v.pdf"]
    for target in targets.values():
        assert target.stat().st_mode & 0o777 == usual  # readable like any other file


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "v.pdf"
    target.write_bytes(b"old")

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("bazaar_pos.files.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        render_variance_pdf(small_report(), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["v.pdf"]  # the temporary file is gone


def test_ascii85_setting_is_restored(tmp_path: Path) -> None:
    from reportlab import rl_config

    before = rl_config.useA85
    render_variance_pdf(small_report(), tmp_path / "v.pdf")
    assert rl_config.useA85 == before
    assert b"/ASCII85Decode" not in (tmp_path / "v.pdf").read_bytes()


def test_signature_lines_level_with_long_names_and_venue(tmp_path: Path) -> None:
    doc = handover(
        institution_kind="LPKA",
        institution_name="Lembaga Pembinaan Khusus Anak Kelas I Martapura Kalimantan Selatan",
        venue="Lapangan Apel Kantor Wilayah Kementerian Imigrasi dan Pemasyarakatan Kalimantan",
        received_by="",
    )
    out = render_handover_pdf(doc, tmp_path / "h.pdf")
    page = pdf_pages(out)[-1]
    at = drawn_at(page)
    # the handing-over name and the "Nama:" line to write the receiver's name are level
    assert at["Siti Rahmawati"].y == pytest.approx(at["Nama:"].y, abs=0.5)
    # the long role wraps under "Yang menerima," and stays above the signing space
    role = [d.y for d in drawn(page) if d.x > 250 and ("Khusus" in d.text or "Selatan" in d.text)]
    assert len(role) >= 2 and min(role) > at["Nama:"].y + 20 * 72 / 25.4
    # the long place/date wraps instead of running off the page
    assert_inside_margins(out, HANDOVER_MARGINS)
    flat = squash(page.extract_text())
    assert "Petugas LPKA Lembaga Pembinaan Khusus Anak Kelas I Martapura Kalimantan Selatan" in flat
    assert "Kalimantan, 12 April 2026" in flat


def test_awkward_names_and_huge_figures(tmp_path: Path) -> None:
    rep = report(
        [
            line("BPN-1", r"Tas (besar) \ rotan 100% – “asli”", opening=2, counted=1),
            line("BPN-2", "Kopi ☕ 咖啡 susu", opening=1, counted=1),
            line("BPN-3", "Besek", price=125_000_000, opening=900_000, counted=0),
        ]
    )
    out = render_variance_pdf(rep, tmp_path / "v.pdf")
    flat = squash(pdf_text(out))
    assert r"Tas (besar) \ rotan 100% – “asli”" in flat  # escaped, not breaking the stream
    assert "Kopi" in flat and "susu" in flat  # missing glyphs drawn as substitutes
    assert "-Rp 112.500.000.000.000" in flat  # shrunk into its column, not clipped
    assert "900.000" in flat
    huge = drawn_at(pdf_pages(out)[0])["-Rp 112.500.000.000.000"]
    assert huge.size < 8  # shrunk to fit
    assert huge.x + huge.width <= float(pdf_pages(out)[0].mediabox.width) - 10 * 72 / 25.4
    assert_inside_margins(out, VARIANCE_MARGINS)
