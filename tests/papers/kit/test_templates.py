"""The kit's two page templates: the till roll (as tall as its content) and the A4 form
(signature blocks with name and NIP, money in figures and words, headers repeated on the pages
a table continues on, page numbers)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from bazaar_pos.papers.kit import sheet
from bazaar_pos.papers.kit.fonts import BOLD
from bazaar_pos.papers.kit.roll import (
    GEOMETRY,
    PaperSize,
    RollLayout,
    code128_module_mm,
    render_roll,
)
from bazaar_pos.papers.kit.sheet import Cell, Column, Flow, Signer, Table
from tests.papers.support import drawn


def _roll(rows: int, paper: PaperSize = PaperSize.MM58) -> bytes:
    lay = RollLayout(GEOMETRY[paper])
    for n in range(rows):
        lay.add(lay.pair(f"Baris {n}", "Rp 1.000"))
    return render_roll(lay, title="t", author="a", page_footer=lambda n, m: f"{n}/{m}")


def test_a_roll_page_is_as_tall_as_its_content() -> None:
    short, long = (PdfReader(io.BytesIO(_roll(n))).pages[0] for n in (3, 30))
    assert float(short.mediabox.width) == pytest.approx(58 * mm)
    assert float(long.mediabox.height) - float(short.mediabox.height) == pytest.approx(
        27 * GEOMETRY[PaperSize.MM58].body * 1.22
    )
    assert "1/1" not in short.extract_text()  # a roll has no page numbers


def test_on_a4_the_rows_fill_numbered_pages() -> None:
    pages = PdfReader(io.BytesIO(_roll(200, PaperSize.A4))).pages
    assert len(pages) >= 2
    assert all(f"{n}/{len(pages)}" in page.extract_text() for n, page in enumerate(pages, 1))


def test_the_receipt_barcode_module_is_whole_printer_dots() -> None:
    for paper in PaperSize:
        module = code128_module_mm("BPN1-000123", paper)
        assert (module / 0.125).is_integer() and 0.125 <= module <= 0.375


def _form(flow: Flow) -> list[str]:
    data = sheet.draw_pages(flow, title="Formulir", author="a", footer_left="f", language="id")
    return [" ".join(d.text for d in drawn(page)) for page in PdfReader(io.BytesIO(data)).pages]


def test_a_signature_block_has_the_role_a_line_the_name_and_the_nip() -> None:
    flow = Flow(sheet.PORTRAIT)
    flow.block(
        [
            sheet.signatures(
                Signer("Yang menyerahkan,", "Petugas bazar", name="Siti", nip="198005152006042001"),
                Signer("Yang menerima,", "Karutan", "Rutan Kelas IIB Blora"),
                "Samarinda, 12 April 2026",
                sheet.PORTRAIT.width,
                9.5,
                "id",
            )
        ]
    )
    [page] = _form(flow)
    for text in ("Yang menyerahkan,", "Petugas bazar", "Siti", "NIP. 198005152006042001"):
        assert text in page
    assert "Rutan Kelas IIB Blora" in page and "Samarinda, 12 April 2026" in page
    assert page.count("Nama:") == 1 and page.count("NIP:") == 1  # the receiver writes by hand


def test_money_due_in_figures_and_in_words() -> None:
    flow = Flow(sheet.PORTRAIT)
    flow.block([sheet.money_box("Hak lembaga:", 85_543, "delapan puluh lima ribu …", 400, 9, "id")])
    [page] = _form(flow)
    assert "Rp 85.543" in page and "Terbilang: delapan puluh lima ribu …" in page


def test_a_long_table_repeats_its_header_and_numbers_its_pages() -> None:
    flow = Flow(sheet.PORTRAIT)
    table = Table([Column(200, "l"), Column(120, "r")], 8.5)
    head = table.row([Cell("Produk", BOLD), Cell("Bersih", BOLD)], fill=sheet.HEADER_FILL)
    rows = [table.row([Cell(f"Besek {n}"), sheet.money_cell(n * 125)]) for n in range(150)]
    total = table.row([Cell("Total", BOLD), sheet.money_cell(-5, signed=True)])
    flow.table([head], rows, [total])
    pages = _form(flow)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert page.count("Produk") == 1 and f"Halaman {number} dari {len(pages)}" in page
    assert "Total -Rp 5" in pages[-1] and "Besek 149" in pages[-1]
    assert "Formulir (lanjutan)" in pages[1]  # the running header after the first page
