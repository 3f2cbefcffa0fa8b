"""Any script prints: a product name with Arabic, curly quotes, ``½`` and ``—`` on a receipt, a
label and the end-of-event report. The Latin and symbol text extracts back exactly, every font
in the PDF is the shipped DejaVu face, embedded, and the Arabic is drawn as joined letters
(presentation forms) in right-to-left order.

The expected Arabic is written out here glyph by glyph, not computed with the shaping library
the papers use, so a wrong shaping cannot agree with itself.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import update

from bazaar_pos.catalog.labels import LabelItem
from bazaar_pos.db import Database
from bazaar_pos.db.models import Product
from bazaar_pos.papers.event_report import render_event_report_pdf
from bazaar_pos.papers.kit.fonts import FONT_FILES, REGULAR, register_fonts, shape
from bazaar_pos.papers.labels import render_labels_pdf
from bazaar_pos.papers.receipt import render_receipt_pdf
from bazaar_pos.reports.event_report import end_of_event_report
from bazaar_pos.till.receipt import Receipt, ReceiptLine, ReceiptPayment
from tests.conftest import Staff
from tests.papers.support import base_font, drawn, to_unicode
from tests.reports.support import WITA, build_sales, post_blora_closing_count

NAME = "Kaligrafi بسم الله — ½ m “ukir”"
# "بسم الله" as drawn, left to right on the page: الله (alef isolated, lam initial, lam medial,
# heh final), a space, then بسم (meem final, seen medial, beh initial) at the right end.
ARABIC_DRAWN = "\ufeea\ufee0\ufedf\ufe8d \ufee2\ufeb4\ufe91"
NAME_DRAWN = f"Kaligrafi {ARABIC_DRAWN} — ½ m “ukir”"
LATIN_AND_SYMBOLS = ("Kaligrafi", "— ½ m “ukir”")
BASE_ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")


def _receipt() -> Receipt:
    return Receipt(
        receipt_no="BPN1-000042",
        sale_uuid="0b6f2c1e-2c7e-4a59-9a53-3c7d0f6b1a11",
        event_name="Bazar HBP ke-62",
        event_venue="Halaman Rutan Kelas I Samarinda",
        institutions=("Rutan Kelas IIA Balikpapan",),
        created_at=dt.datetime(2026, 4, 27, 3, 15, tzinfo=dt.UTC),
        cashier="Siti Rahmawati",
        till_code="BPN1",
        lines=(ReceiptLine(NAME, 1, 350_000, 350_000, "BPN"),),
        total=350_000,
        tendered=400_000,
        change=50_000,
        method="cash",
        payments=(ReceiptPayment("cash", 350_000, 400_000, 50_000),),
    )


def _pages(data: bytes) -> list[Any]:
    return list(PdfReader(io.BytesIO(data)).pages)


def assert_only_the_shipped_faces(data: bytes) -> None:
    """Every font of every page is a shipped DejaVu face, embedded (``/FontFile2``), and its
    glyph widths are the shipped file's: the face drawn is the one in the package."""
    register_fonts()
    seen = set()
    for page in _pages(data):
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            face = base_font(str(font["/BaseFont"]))
            assert face in FONT_FILES, face
            assert "/FontFile2" in font["/FontDescriptor"], face
            codes = to_unicode(font)
            first = int(font["/FirstChar"])
            for offset, width in enumerate(font["/Widths"]):
                char = codes.get(first + offset)
                if char:
                    assert float(width) == pytest.approx(stringWidth(char, face, 1000), abs=1)
            seen.add(face)
    assert REGULAR in seen


def assert_arabic_joined_right_to_left(strings: list[str]) -> None:
    assert any(ARABIC_DRAWN in text for text in strings), strings
    assert not any(BASE_ARABIC_LETTERS.search(text) for text in strings), strings


def test_the_expected_arabic_is_not_what_a_naive_paper_draws() -> None:
    # The negative controls: unshaped text (letters alone, in typed order) and joined letters
    # left in typed order both differ from what the papers must draw.
    typed = "بسم الله"
    assert typed != ARABIC_DRAWN
    joined_typed_order = ARABIC_DRAWN[::-1]
    assert shape(typed) == ARABIC_DRAWN != joined_typed_order


def test_lam_alef_is_one_glyph_and_brackets_turn_with_the_text() -> None:
    assert shape("سلام") == "\ufee1\ufefc\ufeb3"  # meem, lam-alef, seen: three glyphs
    assert shape("Teh (سلام)") == "Teh (\ufee1\ufefc\ufeb3)"
    assert shape("Besek bambu 50 cm") == "Besek bambu 50 cm"  # Latin is drawn as typed


@pytest.mark.parametrize("paper", ["58mm", "80mm", "a4"])
def test_a_receipt_prints_arabic_quotes_and_fractions(paper: str) -> None:
    data = render_receipt_pdf(_receipt(), paper)  # type: ignore[arg-type]
    assert_only_the_shipped_faces(data)
    strings = [d.text for page in _pages(data) for d in drawn(page)]
    assert_arabic_joined_right_to_left(strings)
    if paper != "58mm":  # on 58 mm the name wraps after "m"
        assert NAME_DRAWN in strings
    text = "".join(page.extract_text() for page in _pages(data))
    for part in LATIN_AND_SYMBOLS[:1]:
        assert part in text
    assert "½" in text and "—" in text and "“ukir”" in text


def test_a_label_prints_arabic_quotes_and_fractions(tmp_path: Path) -> None:
    path = render_labels_pdf(
        [LabelItem(NAME, 350_000, "BPN", "2001000000012")], "a4_3x8", tmp_path / "l.pdf"
    )
    data = path.read_bytes()
    assert_only_the_shipped_faces(data)
    strings = [d.text for d in drawn(_pages(data)[0])]
    assert_arabic_joined_right_to_left(strings)
    assert NAME_DRAWN in strings  # one line on a 70 mm label
    assert "Rp 350.000" in strings and "BPN" in strings


def test_the_end_of_event_report_prints_arabic_quotes_and_fractions(
    db: Database, staff: Staff, shift: int
) -> None:
    with db.write() as session:
        session.execute(update(Product).where(Product.sku == "BLA-KYU-001").values(name=NAME))
    scenario = build_sales(db, staff)
    post_blora_closing_count(db, staff.supervisor, scenario.event_id)
    report = end_of_event_report(
        db,
        staff.supervisor,
        scenario.event_id,
        tz=WITA,
        now=dt.datetime(2026, 4, 28, 9, 0, tzinfo=dt.UTC),
    )
    data = render_event_report_pdf(report)
    assert_only_the_shipped_faces(data)
    pages = _pages(data)
    summary, blora = [d.text for d in drawn(pages[0])], [d.text for d in drawn(pages[1])]
    # best sellers: a narrow column, the name cut after the Arabic with an ellipsis
    assert any(s.startswith(f"Kaligrafi {ARABIC_DRAWN} —") and s.endswith("…") for s in summary)
    assert blora.count(NAME_DRAWN) == 2  # goods sold, and the variance from the closing count
    assert_arabic_joined_right_to_left(summary + blora)
    text = pages[1].extract_text()
    assert "Kaligrafi" in text and "½ m “ukir”" in text and "—" in text
