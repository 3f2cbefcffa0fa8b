"""Receipt PDFs: content, page geometry, wrapping, languages and atomic writing."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from bazaar_pos.papers.receipt import (
    PaperSize,
    Receipt,
    ReceiptLine,
    ReceiptPayment,
    barcode_module_mm,
    render_receipt_pdf,
)
from tests.papers.support import drawn_strings

LONG_NAME = (
    "Kemeja batik tulis tangan lengan panjang motif parang rusak ukuran XXL warna coklat "
    "sogan hasil pelatihan kemandirian warga binaan Lapas Perempuan Kelas IIA Samarinda"
)


def make_receipt(n_lines: int = 2, **changes: Any) -> Receipt:
    names = ["Tas anyaman rotan", "Keripik pisang"] + [f"Produk nomor {i}" for i in range(3, 200)]
    lines = [ReceiptLine(names[0], 1, 200_000, 200_000, "BPN1")]
    lines += [ReceiptLine(names[1], 1_600, 125, 200_000, "BLA1")]
    lines += [ReceiptLine(names[i], 2, 5_000, 10_000, "BPN1") for i in range(2, n_lines)]
    lines = lines[:n_lines]
    total = sum(line.line_total for line in lines)
    receipt = Receipt(
        receipt_no="BPN1-000123",
        sale_uuid="3f1c2b9e-8d4a-4c1e-9b7a-2e5d6f7a8b9c",
        event_name="Bazar HBP ke-62",
        event_venue="Halaman Rutan Kelas I Samarinda",
        institutions=("Rutan Kelas IIA Balikpapan", "Rutan Kelas IIB Blora"),
        created_at=datetime(2026, 11, 24, 6, 5, tzinfo=UTC),
        cashier="Siti Rahmawati",
        till_code="BPN1",
        lines=tuple(lines),
        total=total,
        tendered=total + 50_000,
        change=50_000,
        method="cash",
    )
    return dataclasses.replace(receipt, **changes)


def pages(data: bytes) -> list[Any]:
    return list(PdfReader(io.BytesIO(data)).pages)


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pages(data))


@pytest.fixture
def jakarta_time() -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    mp.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    try:
        yield
    finally:
        mp.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("paper", "width_pt"),
    [(PaperSize.MM58, 58 * mm), (PaperSize.MM80, 80 * mm), (PaperSize.A4, A4[0])],
)
def test_content_and_page_width(paper: PaperSize, width_pt: float) -> None:
    receipt = make_receipt(5)
    data = render_receipt_pdf(receipt, paper)
    assert data.startswith(b"%PDF")
    text = text_of(data)
    assert "No. struk: BPN1-000123" in text
    assert "Bazar HBP ke-62" in text
    assert "Halaman Rutan Kelas I Samarinda" in text
    assert "Produk warga binaan:" in text
    assert "Rutan Kelas IIA Balikpapan" in text and "Rutan Kelas IIB Blora" in text
    for line in receipt.lines:
        assert line.name in text
    assert "1.600 x Rp 125" in text
    assert "TOTAL" in text and "Rp 430.000" in text  # 200.000 + 200.000 + 3 x 10.000
    assert "Tunai" in text and "Rp 480.000" in text
    assert "Kembalian" in text and "Rp 50.000" in text
    assert "Kasir: Siti Rahmawati" in text
    assert "Kasa: BPN1" in text
    assert "Terima kasih telah mendukung karya" in text
    assert receipt.sale_uuid in text
    assert "SALINAN" not in text
    for page in pages(data):
        assert float(page.mediabox.width) == pytest.approx(width_pt, abs=0.5)
    if paper is PaperSize.A4:
        assert float(pages(data)[0].mediabox.height) == pytest.approx(A4[1], abs=0.5)


def test_time_is_printed_in_local_zone(jakarta_time: None) -> None:
    text = text_of(render_receipt_pdf(make_receipt()))
    assert "24/11/2026 13:05" in text  # 06:05 UTC is 13:05 WIB


@pytest.mark.parametrize("paper", [PaperSize.MM58, PaperSize.MM80])
def test_thermal_height_follows_content(paper: PaperSize) -> None:
    short = pages(render_receipt_pdf(make_receipt(2), paper))
    long = pages(render_receipt_pdf(make_receipt(40), paper))
    assert len(short) == len(long) == 1
    short_h = float(short[0].mediabox.height)
    long_h = float(long[0].mediabox.height)
    assert 40 * mm < short_h < 200 * mm
    # every extra item adds at least a name row and an amount row
    assert long_h - short_h > 38 * 2 * 7.5
    assert long_h < 1500 * mm
    for page in (short[0], long[0]):
        drawn = drawn_strings(page)
        lowest = min(y for _, _, y, _, _ in drawn)
        highest = max(y for _, _, y, _, _ in drawn)
        # no blank tail or head: text starts and ends within a few mm of the page edges
        assert 0 < lowest < 8 * mm
        assert float(page.mediabox.height) - 12 * mm < highest < float(page.mediabox.height)


@pytest.mark.parametrize("paper", list(PaperSize))
def test_long_names_are_wrapped_inside_the_paper(paper: PaperSize) -> None:
    giant_word = "X" * 120
    receipt = make_receipt(
        2,
        lines=(
            ReceiptLine(LONG_NAME, 1, 350_000, 350_000, "SMD1"),
            ReceiptLine(giant_word, 1_000, 10_000_000, 10_000_000_000, "SMD1"),
        ),
        total=10_000_350_000,
        tendered=10_000_350_000,
        change=0,
        cashier="Bripda Maria Fransiska Theresia Simanjuntak Panggabean Situmorang",
    )
    data = render_receipt_pdf(receipt, paper)
    page = pages(data)[0]
    page_width = float(page.mediabox.width)
    drawn = drawn_strings(page)
    assert drawn
    for text, x, _, font, size in drawn:
        right = x + stringWidth(text, font, size)
        assert x >= 2 * mm, text
        assert right <= page_width - 2 * mm, text
    text = text_of(data)
    for word in LONG_NAME.split():
        assert word in text
    assert text.replace("\n", "").count("X") >= 120
    assert "Rp 10.000.000.000" in text
    if paper is not PaperSize.A4:
        assert len(drawn) > 20  # the long name really became several rows


def test_qris_with_reference() -> None:
    receipt = make_receipt(
        2, method="qris", tendered=400_000, change=0, reference="QR-20261124-8842"
    )
    text = text_of(render_receipt_pdf(receipt, PaperSize.MM58))
    assert "QRIS" in text
    assert "Ref: QR-20261124-8842" in text
    assert "Rp 400.000" in text
    assert "Tunai" not in text and "Kembalian" not in text


def test_transfer_label() -> None:
    receipt = make_receipt(2, method="transfer", tendered=400_000, change=0, reference="TRX-77")
    text = text_of(render_receipt_pdf(receipt))
    assert "Transfer bank" in text and "Ref: TRX-77" in text


def test_copy_mark_near_the_top() -> None:
    data = render_receipt_pdf(make_receipt(copy=True), PaperSize.MM80)
    text = text_of(data)
    assert "SALINAN / COPY" in text
    assert text.index("SALINAN") < text.index("Bazar HBP ke-62")
    assert "SALINAN" not in text_of(render_receipt_pdf(make_receipt(copy=False)))


def test_english_labels() -> None:
    receipt = make_receipt(copy=True)
    text = text_of(render_receipt_pdf(receipt, PaperSize.MM80, language="en"))
    for label in ("Receipt no.: BPN1-000123", "Cashier:", "Till:", "Total", "Cash", "Change"):
        assert label in text
    assert "COPY" in text and "SALINAN" not in text
    assert "Thank you for supporting" in text
    assert "Kembalian" not in text and "Kasir" not in text


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError):
        render_receipt_pdf(make_receipt(), language="fr")


def test_same_receipt_gives_identical_bytes() -> None:
    receipt = make_receipt(5)
    assert render_receipt_pdf(receipt) == render_receipt_pdf(receipt)


def test_a4_wraps_onto_further_pages() -> None:
    receipt = make_receipt(150)
    data = render_receipt_pdf(receipt, PaperSize.A4)
    all_pages = pages(data)
    assert len(all_pages) >= 2
    for page in all_pages:
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.5)
        assert all(y > 10 * mm for _, _, y, _, _ in drawn_strings(page))
    text = text_of(data)
    for line in receipt.lines:
        assert line.name in text
    assert f"Halaman 1/{len(all_pages)}" in text
    assert "Kembalian" in all_pages[-1].extract_text()


def test_path_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "receipts" / "2026-11-24" / "BPN1-000123.pdf"
    data = render_receipt_pdf(make_receipt(), PaperSize.MM58, path=target)
    assert target.read_bytes() == data
    assert not target.with_suffix(".tmp").exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["BPN1-000123.pdf"]
    # overwriting an existing file works the same way
    again = render_receipt_pdf(make_receipt(copy=True), PaperSize.MM58, path=target)
    assert target.read_bytes() == again != data


# ------------------------------------------------- discounts, split payments, barcode (#5)


def discounted_receipt(**changes: Any) -> Receipt:
    lines = (
        ReceiptLine("Talenan kayu jati", 2, 40_000, 80_000, "BLA", list_price=45_000),
        ReceiptLine("Kopi hitam", 3, 8_000, 21_600, "BPN", list_price=8_000, line_discount=2_400),
        ReceiptLine("Besek bambu kecil", 1_600, 125, 200_000, "BNA", list_price=125),
    )
    receipt = make_receipt(
        lines=lines,
        subtotal=301_600,
        discount=1_600,
        total=300_000,
        method="cash+qris",
        tendered=300_000,
        change=50_000,
        payments=(
            ReceiptPayment("cash", 150_000, 200_000, 50_000),
            ReceiptPayment("qris", 150_000, 150_000, 0, "QR-62-0042"),
        ),
    )
    return dataclasses.replace(receipt, **changes)


@pytest.mark.parametrize("paper", list(PaperSize))
def test_discounts_override_and_split_payment_are_printed(paper: PaperSize) -> None:
    text = text_of(render_receipt_pdf(discounted_receipt(), paper))
    assert "2 x Rp 40.000" in text and "Rp 80.000" in text
    assert "(harga diubah, harga katalog Rp 45.000)" in text
    assert text.count("harga diubah") == 1  # only the overridden line
    assert "3 x Rp 8.000" in text and "Rp 24.000" in text  # before its discount
    assert "Diskon 10%" in text and "-Rp 2.400" in text
    assert "Subtotal" in text and "Rp 301.600" in text
    assert "Diskon transaksi" in text and "-Rp 1.600" in text
    assert "TOTAL" in text and "Rp 300.000" in text
    assert "Tunai" in text and "Rp 200.000" in text  # cash handed over
    assert "QRIS" in text and "Rp 150.000" in text
    assert "Ref: QR-62-0042" in text
    assert "Kembalian" in text and "Rp 50.000" in text
    assert "Kasir: Siti Rahmawati" in text
    assert text.index("Tunai") < text.index("QRIS") < text.index("Kembalian")


def test_a_whole_percent_sale_discount_shows_the_percentage() -> None:
    receipt = make_receipt(subtotal=400_000, discount=40_000, total=360_000, tendered=360_000)
    assert "Diskon transaksi 10%" in text_of(render_receipt_pdf(receipt))


def test_a_free_sale_prints_no_payment() -> None:
    receipt = make_receipt(
        subtotal=400_000, discount=400_000, total=0, tendered=0, change=0, method=""
    )
    text = text_of(render_receipt_pdf(receipt))
    assert "Diskon transaksi 100%" in text and "Rp 0" in text
    assert "Tunai" not in text and "Kembalian" not in text


# A Code 128 decoder for the test, independent of the renderer: bar/space widths → symbol
# values (ISO/IEC 15417 widths, from ReportLab's table, spot-checked below) → text.
def _code128_widths() -> dict[str, int]:
    from reportlab.graphics.barcode.code128 import _patterns

    return {
        "".join(str(ord(ch.lower()) - ord("a") + 1) for ch in pattern): value
        for value, pattern in _patterns.items()
    }


WIDTHS = _code128_widths()


class NotCode128(Exception):
    pass


def _runs(line: list[bool]) -> list[int]:
    runs: list[int] = []
    previous: bool | None = None
    for dark in line:
        if dark == previous:
            runs[-1] += 1
        else:
            runs.append(1)
            previous = dark
    return runs


def _symbol(widths: list[int], modules: int) -> str:
    total = sum(widths)
    counted = [max(1, round(w * modules / total)) for w in widths]
    if sum(counted) != modules:
        raise NotCode128(f"widths {widths}")
    return "".join(map(str, counted))


def decode_code128(line: list[bool]) -> tuple[str, int, int]:
    """(text, quiet zone left px, quiet zone right px) of one thresholded scan line."""
    if True not in line:
        raise NotCode128("no bars")
    first = line.index(True)
    last = len(line) - 1 - line[::-1].index(True)
    runs = _runs(line[first : last + 1])
    if len(runs) < 6 * 3 + 7 or (len(runs) - 7) % 6:
        raise NotCode128(f"{len(runs)} runs")
    values = []
    for start in range(0, len(runs) - 7, 6):
        pattern = _symbol(runs[start : start + 6], 11)
        if pattern not in WIDTHS:
            raise NotCode128(f"symbol {pattern}")
        values.append(WIDTHS[pattern])
    if _symbol(runs[-7:], 13) != "2331112":
        raise NotCode128("stop")
    *data, check = values
    if (data[0] + sum(i * v for i, v in enumerate(data[1:], start=1))) % 103 != check:
        raise NotCode128("checksum")
    sets = {103: "A", 104: "B", 105: "C"}
    if data[0] not in sets:
        raise NotCode128("start")
    code_set = sets[data[0]]
    text = ""
    for value in data[1:]:
        if code_set == "C" and value < 100:
            text += f"{value:02d}"
        elif code_set != "C" and value < 96:
            text += chr(value + 32) if code_set == "B" or value < 64 else chr(value - 64)
        elif value in (99, 100, 101):
            code_set = {99: "C", 100: "B", 101: "A"}[value]
        else:
            raise NotCode128(f"value {value} in set {code_set}")
    return text, first, len(line) - 1 - last


def test_the_decoder_knows_code128() -> None:
    assert WIDTHS["212222"] == 0 and WIDTHS["211214"] == 104 and WIDTHS["211232"] == 105
    module = [True] * 2 + [False] + [True] + [False] * 2 + [True] + [False] * 4  # START B
    with pytest.raises(NotCode128):
        decode_code128(module)


def rasterise(data: bytes, dpi: int, tmp_path: Path) -> Any:
    from PIL import Image

    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf), str(tmp_path / "r")],
        check=True,
    )
    return Image.open(tmp_path / "r.png").convert("L")


@pytest.mark.parametrize(
    ("paper", "dpi"),
    [(PaperSize.MM58, 203), (PaperSize.MM58, 300), (PaperSize.MM80, 203), (PaperSize.A4, 150)],
)
def test_receipt_barcode_scans_as_the_receipt_number(
    paper: PaperSize, dpi: int, tmp_path: Path
) -> None:
    image = rasterise(render_receipt_pdf(discounted_receipt(), paper), dpi, tmp_path)
    width, height = image.size
    pixels = image.load()
    decoded: list[tuple[str, int, int]] = []
    for y in range(height):
        row = [pixels[x, y] < 128 for x in range(width)]
        try:
            decoded.append(decode_code128(row))
        except NotCode128:
            continue
    assert decoded, "no scan line decodes"
    assert {text for text, _, _ in decoded} == {"BPN1-000123"}
    # A scanner sweeping anywhere across at least 8 mm of bar height reads it …
    assert len(decoded) * 25.4 / dpi >= 8
    # … with the quiet zone Code 128 needs (10 modules) on both sides.
    module_px = barcode_module_mm("BPN1-000123", paper) * dpi / 25.4
    assert min(min(left, right) for _, left, right in decoded) >= 10 * module_px


def test_barcode_module_is_whole_printer_dots() -> None:
    assert barcode_module_mm("BPN1-000123", PaperSize.MM58) == 0.25
    assert barcode_module_mm("BPN1-000123", PaperSize.MM80) == 0.375
    assert barcode_module_mm("BPN1-000123", PaperSize.A4) == 0.375
    # A longer number still fits on 58 mm, with narrower (but whole-dot) bars.
    assert barcode_module_mm("BPNX12-1234567890", PaperSize.MM58) == 0.125
