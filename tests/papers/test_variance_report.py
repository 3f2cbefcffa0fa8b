"""The variance report as an A4 landscape PDF (bazaar_pos.papers.variance_report), from reports
built by hand (tests/stock/support.py), read back from the PDF."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4, landscape

from bazaar_pos.papers.handover import render_handover_pdf
from bazaar_pos.papers.kit.fonts import BOLD, ITALIC, REGULAR
from bazaar_pos.papers.variance_report import render_variance_pdf
from bazaar_pos.stock.variance_csv import write_variance_csv
from tests.papers.support import (
    VARIANCE_MARGINS,
    assert_inside_margins,
    drawn_at,
    pdf_pages,
    pdf_text,
    squash,
    styled_strings,
)
from tests.stock.support import (
    LONG_NAME,
    count,
    handover,
    line,
    make_big_report,
    report,
    small_report,
)


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fr"):
        render_variance_pdf(small_report(), tmp_path / "v.pdf", language="fr")
    assert not (tmp_path / "v.pdf").exists()


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


def test_five_thousand_products(tmp_path: Path) -> None:
    # How long it takes is measured in bench/ (variance_bench), not asserted here: a busy
    # machine would make a timed test fail for nothing.
    big = make_big_report(5_000)
    out = render_variance_pdf(big, tmp_path / "big.pdf")
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
