"""Reading back what a paper drew: every string with its position, face, size and colour,
from the PDF's content stream (what the PDF says, not what a text extractor reassembles).

The papers embed TrueType subsets, so a drawn string holds subset codes; each subset font's
``/ToUnicode`` map turns them back into the text that was drawn (shaped text: Arabic comes
back as presentation forms, in visual order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from bazaar_pos.papers.kit.fonts import register_fonts

_TOKEN = re.compile(
    r"(/F\d+(?:\+\d+)?) ([\d.]+) Tf"
    r"|([\d.]+ [\d.]+ [\d.]+) rg"
    r"|1 0 0 1 ([\d.-]+) ([\d.-]+) Tm"
    r"|\(((?:[^()\\]|\\.)*)\) Tj"
)
_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def base_font(name: str) -> str:
    """``AAAAAA+DejaVuSansCondensed-Bold`` -> ``DejaVuSansCondensed-Bold`` (the subset tag
    dropped): the name the face is registered under."""
    return name.lstrip("/").split("+", 1)[-1]


@dataclass(frozen=True)
class Drawn:
    text: str
    x: float
    y: float
    font: str  # the registered face, without the subset tag
    size: float
    color: str

    @property
    def width(self) -> float:
        register_fonts()
        return float(stringWidth(self.text, self.font, self.size))


def to_unicode(font: Any) -> dict[int, str]:
    """Code -> text of a font's ``/ToUnicode`` map (bfchar and bfrange entries)."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    codes: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        values = _HEX.findall(block)
        for code, text in zip(values[::2], values[1::2], strict=True):
            codes[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        values = _HEX.findall(block)
        for low, high, start in zip(values[::3], values[1::3], values[2::3], strict=True):
            first = ord(bytes.fromhex(start).decode("utf-16-be"))
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                codes[code] = chr(first + offset)
    return codes


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: str) -> bytes:
    """The bytes of a PDF literal string: ``\\ddd`` octal and ``\\x`` escapes resolved."""

    def one(m: re.Match[bytes]) -> bytes:
        escaped = m.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return _ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal.encode("latin-1"), flags=re.S)


def drawn(page: Any) -> list[Drawn]:
    """Every string drawn on ``page``, in drawing order, with the position its text matrix
    gives (the forms draw every string that way, untransformed)."""
    fonts = {}
    maps = {}
    for name, font in page["/Resources"]["/Font"].items():
        font = font.get_object()
        fonts[str(name)] = base_font(str(font["/BaseFont"]))
        maps[str(name)] = to_unicode(font)
    content = page.get_contents().get_data().decode("latin-1")
    font, size, color, x, y = "", 0.0, "0 0 0", 0.0, 0.0
    codes: dict[int, str] = {}
    found: list[Drawn] = []
    continued = False  # a Tj since the last Tm: the next one goes on drawing the same string
    for m in _TOKEN.finditer(content):
        if m.group(1):
            font, size, codes = fonts[m.group(1)], float(m.group(2)), maps[m.group(1)]
        elif m.group(3):
            color = " ".join(f"{float(v):g}" for v in m.group(3).split())
        elif m.group(4):
            x, y = float(m.group(4)), float(m.group(5))
            continued = False
        else:
            raw = _unescape(m.group(6))
            text = "".join(codes.get(byte, chr(byte)) for byte in raw)
            if continued:  # the same string, its next characters in another subset
                previous = found.pop()
                text = previous.text + text
                x, y, font, size, color = (
                    previous.x,
                    previous.y,
                    previous.font,
                    previous.size,
                    previous.color,
                )
            found.append(Drawn(text, x, y, font, size, color))
            continued = True
    return found


def drawn_strings(page: Any) -> list[tuple[str, float, float, str, float]]:
    """(text, x, y, face, size) of every non-blank string drawn on ``page``, in page
    coordinates (pypdf applies the transformations a drawing, such as a barcode's digits,
    was placed with)."""
    found: list[tuple[str, float, float, str, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip() and font is not None:
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((text.strip(), x, y, base_font(str(font["/BaseFont"])), size))

    page.extract_text(visitor_text=visit)
    return found


def pdf_pages(path: Path) -> list[Any]:
    return list(PdfReader(path).pages)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pdf_pages(path))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


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
