"""The handover record as an A4 PDF (bazaar_pos.papers.handover), from documents built by hand
(tests/stock/support.py), read back from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4

from bazaar_pos.papers.handover import render_handover_pdf
from bazaar_pos.stock.documents import (
    HandoverLine,
)
from tests.papers.support import (
    HANDOVER_MARGINS,
    assert_inside_margins,
    drawn,
    drawn_at,
    pdf_pages,
    pdf_text,
    squash,
)
from tests.stock.support import (
    LONG_NAME,
    handover,
)


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
