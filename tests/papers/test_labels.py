"""Barcode labels: the printed barcodes scan, the text is there and fits, the sheet arithmetic.

"Scans" is checked the way a scanner does it: each label is rendered to pixels with QtPdf
(as the till prints it), one horizontal line through the bars is thresholded, and the
EAN-13/EAN-8 is decoded from its bar and space widths by the small decoder below, which
shares nothing with ReportLab's encoder.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from pytestqt.qtbot import QtBot
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import select, update

from bazaar_pos.catalog.barcodes import barcode_symbology, in_store_ean13
from bazaar_pos.catalog.labels import (
    MAX_COPIES,
    InvalidCopies,
    LabelItem,
    MissingBarcode,
    NoLabels,
    labels_for_products,
)
from bazaar_pos.db import Database
from bazaar_pos.db.models import Institution, Product
from bazaar_pos.errors import ProductUnavailable
from bazaar_pos.papers.labels import (
    LABEL_LAYOUTS,
    InvalidStartPosition,
    LabelLayout,
    UnknownLabelLayout,
    page_count,
    render_labels_pdf,
)
from bazaar_pos.settings import LABEL_LAYOUT_CHOICES
from tests.papers.support import drawn_strings

SHEETS = ("a4_3x8", "a4_4x10")
DPI = 600
PYROGRAPHY = "2001000000012"  # Rp 150.000, BPN, in assets/demo_catalog.csv
LONG_NAME = (
    "Kemeja batik tulis tangan lengan panjang motif parang rusak ukuran XXL warna coklat "
    "sogan hasil pelatihan kemandirian warga binaan Lapas Perempuan Kelas IIA Samarinda"
)

# --------------------------------------------------------------------------- EAN decoder

# GS1 General Specifications, EAN/UPC symbol character sets (1 = bar module).
L_CODES = {
    "0001101": 0, "0011001": 1, "0010011": 2, "0111101": 3, "0100011": 4,
    "0110001": 5, "0101111": 6, "0111011": 7, "0110111": 8, "0001011": 9,
}  # fmt: skip
G_CODES = {"".join("1" if b == "0" else "0" for b in k[::-1]): v for k, v in L_CODES.items()}
R_CODES = {"".join("1" if b == "0" else "0" for b in k): v for k, v in L_CODES.items()}
# Which left-half digits use set G encodes the first digit of an EAN-13.
FIRST_DIGIT = {
    "LLLLLL": 0, "LLGLGG": 1, "LLGGLG": 2, "LLGGGL": 3, "LGLLGG": 4,
    "LGGLLG": 5, "LGGGLL": 6, "LGLGLG": 7, "LGLGGL": 8, "LGGLGL": 9,
}  # fmt: skip


class NotABarcode(Exception):
    pass


@dataclass(frozen=True)
class Decoded:
    code: str
    module_px: float
    quiet_left_px: int  # light pixels between the edge of the label and the first bar
    quiet_right_px: int


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


def _digit(widths: list[int], starts_dark: bool) -> str:
    total = sum(widths)
    modules = [max(1, round(w * 7 / total)) for w in widths]
    if sum(modules) != 7:
        raise NotABarcode(f"digit widths {widths}")
    bits = ""
    dark = starts_dark
    for m in modules:
        bits += ("1" if dark else "0") * m
        dark = not dark
    return bits


def _check_digit_ok(code: str) -> bool:
    body = [int(c) for c in code[:-1]]
    # Weights 3 and 1 alternate leftwards from the check digit, for EAN-13 and EAN-8 alike.
    weighted = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - weighted % 10) % 10 == int(code[-1])


def decode_ean(line: list[bool]) -> Decoded:
    """Decode an EAN-13 or EAN-8 from one thresholded scan line (True = dark pixel)."""
    if True not in line:
        raise NotABarcode("no bars")
    first = line.index(True)
    last = len(line) - 1 - line[::-1].index(True)
    runs = _runs(line[first : last + 1])
    digits = {59: 12, 43: 8}.get(len(runs))
    if digits is None:
        raise NotABarcode(f"{len(runs)} bars and spaces")
    total_modules = 95 if digits == 12 else 67
    module = (last - first + 1) / total_modules
    half = digits // 2
    for guard in (runs[:3], runs[-3:], runs[3 + 4 * half : 3 + 4 * half + 5]):
        if any(abs(w / module - 1) > 0.5 for w in guard):
            raise NotABarcode(f"guard {guard}")
    left = [_digit(runs[3 + 4 * i : 7 + 4 * i], False) for i in range(half)]
    offset = 3 + 4 * half + 5
    right = [_digit(runs[offset + 4 * i : offset + 4 + 4 * i], True) for i in range(half)]
    code = ""
    parity = ""
    for bits in left:
        if bits in L_CODES:
            code += str(L_CODES[bits])
            parity += "L"
        elif bits in G_CODES and digits == 12:
            code += str(G_CODES[bits])
            parity += "G"
        else:
            raise NotABarcode(f"left digit {bits}")
    for bits in right:
        if bits not in R_CODES:
            raise NotABarcode(f"right digit {bits}")
        code += str(R_CODES[bits])
    if digits == 12:
        if parity not in FIRST_DIGIT:
            raise NotABarcode(f"parity {parity}")
        code = str(FIRST_DIGIT[parity]) + code
    if not _check_digit_ok(code):
        raise NotABarcode(f"check digit of {code}")
    return Decoded(code, module, first, len(line) - 1 - last)


def test_the_decoder_reads_a_known_pattern() -> None:
    # 4006381333931 (a GS1 textbook example), drawn module by module at 3 pixels each.
    code = "4006381333931"
    parity = {v: k for k, v in FIRST_DIGIT.items()}[int(code[0])]
    left_sets = {"L": {v: k for k, v in L_CODES.items()}, "G": {v: k for k, v in G_CODES.items()}}
    right_set = {v: k for k, v in R_CODES.items()}
    bits = "101"
    bits += "".join(left_sets[p][int(d)] for p, d in zip(parity, code[1:7], strict=True))
    bits += "01010" + "".join(right_set[int(d)] for d in code[7:]) + "101"
    line = [False] * 40 + [b == "1" for b in bits for _ in range(3)] + [False] * 25
    decoded = decode_ean(line)
    assert (decoded.code, decoded.module_px, decoded.quiet_left_px) == (code, 3.0, 40)
    with pytest.raises(NotABarcode):
        decode_ean(line[:200] + [False] * 200)


# --------------------------------------------------------------------------- rendering


def _pt_to_px(value: float, dpi: int = DPI) -> int:
    return round(value * dpi / 72)


class RenderedLabel:
    """One label cell rendered at ``DPI`` on white, as grey levels (row 0 = top)."""

    def __init__(self, document: QPdfDocument, page: int, layout: LabelLayout, slot: int) -> None:
        x, y = layout.label_origin(slot)
        full = QSize(_pt_to_px(layout.page_width), _pt_to_px(layout.page_height))
        left = _pt_to_px(x)
        top = _pt_to_px(layout.page_height - y - layout.label_height)
        self.width = _pt_to_px(x + layout.label_width) - left
        self.height = _pt_to_px(layout.page_height - y) - top
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(full)
        options.setScaledClipRect(QRect(left, top, self.width, self.height))
        rendered = document.render(page, QSize(self.width, self.height), options)
        # QtPdf leaves the page transparent: put it on white paper first.
        paper = QImage(rendered.size(), QImage.Format.Format_RGB32)
        paper.fill(QColor("white"))
        painter = QPainter(paper)
        painter.drawImage(0, 0, rendered)
        painter.end()
        self.image = paper.convertToFormat(QImage.Format.Format_Grayscale8)
        self._bits = bytes(self.image.constBits())
        self._stride = self.image.bytesPerLine()

    def row(self, y: int) -> list[bool]:
        start = y * self._stride
        return [value < 128 for value in self._bits[start : start + self.width]]

    def is_blank(self) -> bool:
        return all(not any(self.row(y)) for y in range(self.height))

    def scans(self) -> list[Decoded]:
        """Every scan line, 0.25 mm apart, that decodes."""
        step = max(1, round(0.25 * DPI / 25.4))
        found = []
        for y in range(0, self.height, step):
            try:
                found.append(decode_ean(self.row(y)))
            except NotABarcode:
                continue
        return found


@pytest.fixture
def qpdf(qtbot: QtBot) -> Iterator[Any]:
    opened: list[QPdfDocument] = []

    def load(path: Path) -> QPdfDocument:
        document = QPdfDocument()
        assert document.load(str(path)) == QPdfDocument.Error.None_
        opened.append(document)
        return document

    yield load
    for document in opened:
        document.close()


def assert_scans_as(label: RenderedLabel, layout: LabelLayout, code: str) -> None:
    scans = label.scans()
    # A scanner finds the code on a band of lines at least 8 mm tall, not on one lucky line.
    assert len(scans) * 0.25 >= 8, f"only {len(scans)} lines decode"
    assert {scan.code for scan in scans} == {code}
    for scan in scans:
        module_mm = scan.module_px / DPI * 25.4
        assert module_mm >= 0.26
        assert module_mm == pytest.approx(layout.module / mm, rel=0.02)
        # Quiet zones: blank from the bars to the label's edge for at least 11 / 7 modules.
        assert scan.quiet_left_px >= 11 * scan.module_px
        assert scan.quiet_right_px >= 7 * scan.module_px


def items_with_codes(count: int, **changes: Any) -> list[LabelItem]:
    values: dict[str, Any] = {"price": 150_000, "institution_code": "BPN"} | changes
    return [
        LabelItem(name=f"Produk {i + 1}", barcode=in_store_ean13(1, 500 + i), **values)
        for i in range(count)
    ]


# --------------------------------------------------------------------------- scanning


@pytest.mark.parametrize("key", SHEETS)
def test_every_label_of_a_full_sheet_scans(key: str, tmp_path: Path, qpdf: Any) -> None:
    layout = LABEL_LAYOUTS[key]
    items = items_with_codes(layout.per_page)
    path = render_labels_pdf(items, key, tmp_path / "labels.pdf")
    document = qpdf(path)
    assert document.pageCount() == 1
    for slot, item in enumerate(items):
        assert_scans_as(RenderedLabel(document, 0, layout, slot), layout, item.barcode)


@pytest.mark.parametrize(("key", "start"), [("a4_3x8", 5), ("a4_3x8", 24), ("a4_4x10", 19)])
def test_a_half_used_sheet_starts_at_the_chosen_label(
    key: str, start: int, tmp_path: Path, qpdf: Any
) -> None:
    layout = LABEL_LAYOUTS[key]
    items = items_with_codes(3)
    path = render_labels_pdf(items, key, tmp_path / "labels.pdf", start_position=start)
    document = qpdf(path)
    assert document.pageCount() == page_count(key, 3, start)
    for slot in range(start - 1):
        assert RenderedLabel(document, 0, layout, slot).is_blank(), f"label {slot + 1} is used"
    placed = [divmod(start - 1 + i, layout.per_page) for i in range(3)]
    for item, (page, slot) in zip(items, placed, strict=True):
        assert_scans_as(RenderedLabel(document, page, layout, slot), layout, item.barcode)
    page, slot = placed[-1]
    for after in range(slot + 1, layout.per_page):
        assert RenderedLabel(document, page, layout, after).is_blank()


def test_thermal_labels_scan_one_per_page(tmp_path: Path, qpdf: Any) -> None:
    layout = LABEL_LAYOUTS["thermal_50x30"]
    items = [
        *items_with_codes(2, price=1_250_000),
        LabelItem("Amplang", 25_000, "BPN", PYROGRAPHY, copies=2),
    ]
    document = qpdf(render_labels_pdf(items, layout, tmp_path / "thermal.pdf"))
    assert document.pageCount() == 4
    for page, code in enumerate([items[0].barcode, items[1].barcode, PYROGRAPHY, PYROGRAPHY]):
        size = document.pagePointSize(page)
        assert (size.width(), size.height()) == pytest.approx((50 * mm, 30 * mm), abs=0.01)
        assert_scans_as(RenderedLabel(document, page, layout, 0), layout, code)


@pytest.mark.parametrize("key", LABEL_LAYOUT_CHOICES)
def test_an_ean8_prints_as_ean8(key: str, tmp_path: Path, qpdf: Any) -> None:
    layout = LABEL_LAYOUTS[key]
    item = LabelItem("Keset sabut kelapa (merek pabrik)", 35_000, "BLA", "96385074")
    document = qpdf(render_labels_pdf([item], key, tmp_path / "ean8.pdf"))
    assert_scans_as(RenderedLabel(document, 0, layout, 0), layout, "96385074")


@pytest.mark.parametrize("key", LABEL_LAYOUT_CHOICES)
def test_long_names_and_prices_leave_the_barcode_scannable(
    key: str, tmp_path: Path, qpdf: Any
) -> None:
    layout = LABEL_LAYOUTS[key]
    item = LabelItem(LONG_NAME, 999_999_999, "LPPSMD01", PYROGRAPHY)
    document = qpdf(render_labels_pdf([item], key, tmp_path / "long.pdf"))
    assert_scans_as(RenderedLabel(document, 0, layout, 0), layout, PYROGRAPHY)


@pytest.mark.parametrize("key", SHEETS)
def test_nothing_is_printed_where_office_printers_cannot_print(
    key: str, tmp_path: Path, qpdf: Any
) -> None:
    layout = LABEL_LAYOUTS[key]
    items = [LabelItem(LONG_NAME, 999_999_999, "LPPSMD01", PYROGRAPHY)] * layout.per_page
    document = qpdf(render_labels_pdf(items, key, tmp_path / "sheet.pdf"))
    dpi = 150
    size = QSize(_pt_to_px(layout.page_width, dpi), _pt_to_px(layout.page_height, dpi))
    rendered = document.render(0, size)
    edge = _pt_to_px(layout.sheet_margin, dpi) - 1
    assert layout.sheet_margin >= 4.2 * mm
    ink = [
        (x, y)
        for y in range(size.height())
        for x in [*range(edge), *range(size.width() - edge, size.width())]
        if rendered.pixelColor(x, y).alpha() > 0
    ]
    ink += [
        (x, y)
        for y in [*range(edge), *range(size.height() - edge, size.height())]
        for x in range(size.width())
        if rendered.pixelColor(x, y).alpha() > 0
    ]
    assert ink == []
    # …and the labels along that edge still scan.
    for slot in (0, layout.columns - 1, layout.per_page - layout.columns, layout.per_page - 1):
        assert_scans_as(RenderedLabel(document, 0, layout, slot), layout, PYROGRAPHY)


def test_barcodes_are_vectors_not_images(tmp_path: Path) -> None:
    path = render_labels_pdf(items_with_codes(3), "a4_3x8", tmp_path / "labels.pdf")
    page = PdfReader(path).pages[0]
    assert "/XObject" not in page["/Resources"]  # type: ignore[operator]
    contents = page.get_contents()
    assert contents is not None and contents.get_data().count(b" re f") >= 3 * 20


# --------------------------------------------------------------------------- text


def strings_in(
    layout: LabelLayout, slot: int, strings: list[tuple[str, float, float, str, float]]
) -> list[tuple[str, float, float, str, float]]:
    x, y = layout.label_origin(slot)
    return [
        s
        for s in strings
        if x <= s[1] < x + layout.label_width and y <= s[2] < y + layout.label_height
    ]


@pytest.mark.parametrize("key", LABEL_LAYOUT_CHOICES)
def test_each_label_shows_name_price_institution_and_digits(key: str, tmp_path: Path) -> None:
    layout = LABEL_LAYOUTS[key]
    items = [
        LabelItem("Lukisan bakar kayu pemandangan", 150_000, "BPN", PYROGRAPHY),
        LabelItem("Besek bambu kecil", 125, "BNA", "2002000000019"),
    ]
    start = 2 if layout.is_sheet else 1
    path = render_labels_pdf(items, key, tmp_path / "labels.pdf", start_position=start)
    pages = PdfReader(path).pages
    for index, item in enumerate(items):
        page, slot = divmod(start - 1 + index, layout.per_page)
        texts = [s[0] for s in strings_in(layout, slot, drawn_strings(pages[page]))]
        digits = "".join(t for t in texts if t.isdigit())
        assert digits == item.barcode
        # on one line or wrapped onto the label's second (as the face's widths decide)
        name_lines = [t for t in texts if t in item.name]
        assert " ".join(name_lines) == item.name
        assert {"Rp 150.000" if index == 0 else "Rp 125", item.institution_code} <= set(texts)
    assert "Rp 150.000" in pages[0].extract_text()


@pytest.mark.parametrize("key", LABEL_LAYOUT_CHOICES)
def test_text_never_leaves_its_label(key: str, tmp_path: Path) -> None:
    layout = LABEL_LAYOUTS[key]
    names = [
        LONG_NAME,
        "Supercalifragilisticexpialidociousbambooproductnamewithoutanyspacesatall",
        "W" * 80,
        "Kopi",
    ]
    items = [
        LabelItem(name, price, "BPNABCDE", PYROGRAPHY)
        for name, price in zip(names, [999_999_999_999, 150_000, 1_250_000, 8_000], strict=True)
    ]
    path = render_labels_pdf(items, key, tmp_path / "labels.pdf")
    pages = PdfReader(path).pages
    for index, item in enumerate(items):
        page, slot = divmod(index, layout.per_page)
        left, bottom, right, top = layout.content_box(slot)
        inside = strings_in(layout, slot, drawn_strings(pages[page]))
        lines = [
            s[0]
            for s in inside
            if not s[0].isdigit() and not s[0].startswith("Rp") and s[0] != item.institution_code
        ]
        assert 1 <= len(lines) <= layout.name_lines
        joined = " ".join(lines)
        if joined.endswith("…"):
            assert item.name.replace(" ", "").startswith(joined[:-1].replace(" ", ""))
        else:
            assert joined.replace(" ", "") == item.name.replace(" ", "")
        for text, sx, sy, font, size in inside:
            if text.isdigit():
                continue  # the barcode's own digits, checked by the scans
            assert sx >= left - 0.01, text
            assert sx + stringWidth(text, font, size) <= right + 0.01, text
            assert sy + size * 0.75 <= top + 0.01 and sy - size * 0.22 >= bottom, text
    first = " ".join(s[0] for s in strings_in(layout, 0, drawn_strings(pages[0])))
    assert "…" in first  # the long name was shortened, not run off the label


# --------------------------------------------------------------------------- sheets


@pytest.mark.parametrize(
    ("key", "labels", "start", "pages"),
    [
        ("a4_3x8", 24, 1, 1),
        ("a4_3x8", 30, 1, 2),
        ("a4_3x8", 10, 20, 2),
        ("a4_3x8", 5, 20, 1),
        ("a4_4x10", 40, 1, 1),
        ("a4_4x10", 41, 1, 2),
        ("a4_4x10", 1, 40, 1),
        ("thermal_50x30", 3, 1, 3),
    ],
)
def test_page_count(key: str, labels: int, start: int, pages: int, tmp_path: Path) -> None:
    assert page_count(key, labels, start) == pages
    path = render_labels_pdf(
        items_with_codes(labels), key, tmp_path / "labels.pdf", start_position=start
    )
    assert len(PdfReader(path).pages) == pages


def test_copies_repeat_each_product_in_order(tmp_path: Path) -> None:
    items = [
        LabelItem("Besek", 125, "BNA", "2002000000019", copies=3),
        LabelItem("Tampah", 20_000, "BNA", "2002000000033", copies=2),
    ]
    path = render_labels_pdf(items, "a4_4x10", tmp_path / "labels.pdf")
    layout = LABEL_LAYOUTS["a4_4x10"]
    strings = drawn_strings(PdfReader(path).pages[0])
    names = [
        next(s[0] for s in strings_in(layout, slot, strings) if s[0] in ("Besek", "Tampah"))
        for slot in range(5)
    ]
    assert names == ["Besek"] * 3 + ["Tampah"] * 2
    assert strings_in(layout, 5, strings) == []


@pytest.mark.parametrize(
    ("key", "position", "maximum"),
    [("a4_3x8", 0, 24), ("a4_3x8", 25, 24), ("a4_4x10", 41, 40), ("thermal_50x30", 2, 1)],
)
def test_start_position_must_be_on_the_sheet(
    key: str, position: int, maximum: int, tmp_path: Path
) -> None:
    target = tmp_path / "labels.pdf"
    with pytest.raises(InvalidStartPosition, match=f"choose 1 to {maximum}") as raised:
        render_labels_pdf(items_with_codes(1), key, target, start_position=position)
    assert (raised.value.position, raised.value.maximum, raised.value.layout) == (
        position,
        maximum,
        key,
    )
    with pytest.raises(InvalidStartPosition):
        page_count(key, 1, position)
    assert not target.exists()


def test_unknown_layout_and_bad_copies_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnknownLabelLayout, match="a4_3x8"):
        render_labels_pdf(items_with_codes(1), "a4_2x7", tmp_path / "x.pdf")
    for copies in (0, -1, MAX_COPIES + 1):
        with pytest.raises(InvalidCopies):
            render_labels_pdf(items_with_codes(1, copies=copies), "a4_3x8", tmp_path / "x.pdf")
    with pytest.raises(NoLabels):
        render_labels_pdf([], "a4_3x8", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("key", LABEL_LAYOUT_CHOICES)
def test_layout_geometry(key: str) -> None:
    layout = LABEL_LAYOUTS[key]
    expected = {
        "a4_3x8": (24, 70, 37, (210, 297)),
        "a4_4x10": (40, 52.5, 29.7, (210, 297)),
        "thermal_50x30": (1, 50, 30, (50, 30)),
    }[key]
    per_page, width, height, page = expected
    assert layout.per_page == per_page
    assert (layout.label_width / mm, layout.label_height / mm) == pytest.approx((width, height))
    assert (layout.page_width / mm, layout.page_height / mm) == pytest.approx(page, abs=0.1)
    for slot in range(layout.per_page):
        x, y = layout.label_origin(slot)
        assert x >= 0 and y >= -0.01
        assert x + layout.label_width <= layout.page_width + 0.01
    assert layout.module >= 0.26 * mm
    # Bars centred with 11 modules free on either side (7 would do on the right).
    assert (95 + 2 * 11) * layout.module <= layout.label_width
    assert min(layout.bar_height(slot) for slot in range(layout.per_page)) >= 10 * mm


def test_layout_keys_match_the_settings() -> None:
    assert tuple(LABEL_LAYOUTS) == LABEL_LAYOUT_CHOICES


def test_settings_do_not_pull_in_reportlab() -> None:
    # The settings load at start-up; ReportLab only when a label or receipt is drawn.
    code = "import sys, bazaar_pos.settings; assert 'reportlab' not in sys.modules"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_pdf_metadata_and_identical_bytes(tmp_path: Path) -> None:
    items = items_with_codes(3)
    first = render_labels_pdf(items, "a4_3x8", tmp_path / "a.pdf")
    second = render_labels_pdf(items, "a4_3x8", tmp_path / "b.pdf")
    assert first.read_bytes() == second.read_bytes()
    info = PdfReader(first).metadata
    assert info is not None
    assert info.title == "Label barcode A4 3×8 (70×37 mm): 3 label"
    assert info.author == "Bazaar POS"
    assert info.subject == "Produk 1, Produk 2, Produk 3"


# --------------------------------------------------------------------------- barcodes


@pytest.mark.parametrize(
    ("code", "symbology"),
    [
        ("2001000000012", "EAN13"),
        ("8991234567892", None),  # wrong check digit: ReportLab would print another number
        ("96385074", "EAN8"),
        ("96385075", None),
        ("BPN-PYR-001", None),
        ("123456789012", None),  # UPC-A: not printed (the till would receive 13 digits)
        ("", None),
        (None, None),
    ],
)
def test_barcode_symbology(code: str | None, symbology: str | None) -> None:
    assert barcode_symbology(code) == symbology


def test_items_with_an_unprintable_barcode_are_refused(tmp_path: Path) -> None:
    items = [*items_with_codes(1), LabelItem("Keset", 20_000, "BLA", "2003000000017", 1, 7)]
    with pytest.raises(MissingBarcode, match="Keset") as raised:
        render_labels_pdf(items, "a4_3x8", tmp_path / "x.pdf")
    assert [(p.product_id, p.barcode) for p in raised.value.products] == [(7, "2003000000017")]
    assert not (tmp_path / "x.pdf").exists()


# --------------------------------------------------------------------------- from the db


def _product_id(db: Database, barcode: str) -> int:
    with db.read() as session:
        found = session.scalar(select(Product.id).where(Product.barcode == barcode))
    assert found is not None
    return found


def _add_product(db: Database, sku: str, name: str, barcode: str | None) -> int:
    with db.write() as session:
        bla = session.scalar(select(Institution).where(Institution.code == "BLA"))
        assert bla is not None
        product = Product(sku=sku, barcode=barcode, name=name, price=45_000, institution=bla)
        session.add(product)
        session.flush()
        return product.id


def test_labels_for_products_reads_the_catalog(db: Database) -> None:
    pyro = _product_id(db, PYROGRAPHY)
    besek = _product_id(db, "2002000000019")
    items = labels_for_products(db, [besek, pyro], copies=2)
    assert items == [
        LabelItem("Besek bambu kecil", 125, "BNA", "2002000000019", 2, besek),
        LabelItem(
            "Lukisan bakar kayu (pyrography) pemandangan 30x40 cm",
            150_000,
            "BPN",
            PYROGRAPHY,
            2,
            pyro,
        ),
    ]


def test_products_without_a_usable_barcode_are_named(db: Database) -> None:
    pyro = _product_id(db, PYROGRAPHY)
    none = _add_product(db, "BLA-KYU-101", "Talenan kayu mangga", None)
    sku_only = _add_product(db, "BLA-KYU-102", "Sendok kayu", "BLA-KYU-102")
    bad_check = _add_product(db, "BLA-KYU-103", "Centong nasi", "2003000000994")
    ean8 = _add_product(db, "BLA-KYU-104", "Asbak (merek pabrik)", "96385074")
    with pytest.raises(MissingBarcode) as raised:
        labels_for_products(db, [pyro, none, ean8, sku_only, bad_check, none])
    problem = raised.value
    assert [(p.product_id, p.name, p.sku, p.barcode) for p in problem.products] == [
        (none, "Talenan kayu mangga", "BLA-KYU-101", ""),
        (sku_only, "Sendok kayu", "BLA-KYU-102", "BLA-KYU-102"),
        (bad_check, "Centong nasi", "BLA-KYU-103", "2003000000994"),
    ]
    assert "Talenan kayu mangga" in str(problem) and "Centong nasi" in str(problem)
    # The EAN-8 alone is fine.
    assert [item.barcode for item in labels_for_products(db, [ean8])] == ["96385074"]


def test_unknown_or_archived_products_are_refused(db: Database) -> None:
    pyro = _product_id(db, PYROGRAPHY)
    with pytest.raises(ProductUnavailable):
        labels_for_products(db, [pyro, 987_654])
    with db.write() as session:
        session.execute(update(Product).where(Product.id == pyro).values(active=False))
    with pytest.raises(ProductUnavailable):
        labels_for_products(db, [pyro])
    with pytest.raises(InvalidCopies):
        labels_for_products(db, [pyro], copies=0)
    with pytest.raises(NoLabels):
        labels_for_products(db, [])


def test_a_label_from_the_catalog_prints_what_the_till_scans(
    db: Database, tmp_path: Path, qpdf: Any
) -> None:
    from bazaar_pos.catalog.lookup import find_by_code

    items = labels_for_products(db, [_product_id(db, PYROGRAPHY)])
    layout = LABEL_LAYOUTS["thermal_50x30"]
    document = qpdf(render_labels_pdf(items, layout, tmp_path / "label.pdf"))
    scanned = {scan.code for scan in RenderedLabel(document, 0, layout, 0).scans()}
    assert len(scanned) == 1
    product = find_by_code(db, scanned.pop())
    assert (product.name, product.price, product.institution_code) == (
        items[0].name,
        150_000,
        "BPN",
    )
    text = PdfReader(io.BytesIO((tmp_path / "label.pdf").read_bytes())).pages[0].extract_text()
    assert "Rp 150.000" in text and "BPN" in text
