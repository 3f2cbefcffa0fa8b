"""The fonts every paper prints with, and text as it is drawn: shaped, measured, wrapped, cut.

One Unicode TrueType family ships inside the package, DejaVu Sans Condensed (regular, bold,
oblique; ``papers/fonts/LICENSE-DejaVu.txt``; condensed, so a line holds as much as it did in
Helvetica), and a subset of it is embedded in every PDF, so a name
prints as it was typed in any script the font covers: Latin with its accents and curly quotes,
``½``, ``—``, Arabic, Cyrillic, Greek. ReportLab's built-in Helvetica knows only Latin-1 and
printed Arabic as black boxes.

**Arabic** (calligraphy, *kaligrafi*, is a real product of prison workshops, often labelled
with its verse) is *shaped* before anything is measured or drawn: arabic-reshaper gives each
letter its joined form (initial, medial, final, isolated, lam-alef) from the font's
presentation forms, and the Unicode bidi algorithm of python-bidi puts each right-to-left run
in visual order; ReportLab then draws plain left-to-right glyphs. ReportLab's own HarfBuzz
shaping was measured too and not taken: its bidi package is not on PyPI, its paragraphs keep
Arabic words in logical order, and its ``fi`` ligature breaks text extraction. Harakat (vowel
marks) are left out: without the font's mark positioning they would stand beside the letters,
not above them.

The rule for every paper: measure and draw only shaped text, and shape exactly once (shaping
a shaped string would reverse it again). Every function here that returns text returns it
shaped and ready to draw; the text they take is as typed.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import Final

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from bazaar_pos.errors import PaperFontUnavailable

__all__ = [
    "BOLD",
    "ELLIPSIS",
    "FONT_FILES",
    "ITALIC",
    "REGULAR",
    "face_for",
    "fit",
    "load_face",
    "register_fonts",
    "shape",
    "width",
    "wrap",
]

REGULAR: Final = "DejaVuSansCondensed"
BOLD: Final = "DejaVuSansCondensed-Bold"
ITALIC: Final = "DejaVuSansCondensed-Oblique"
ELLIPSIS: Final = "…"

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES: Final = {
    REGULAR: FONT_DIR / "DejaVuSansCondensed.ttf",
    BOLD: FONT_DIR / "DejaVuSansCondensed-Bold.ttf",
    ITALIC: FONT_DIR / "DejaVuSansCondensed-Oblique.ttf",
}

_LOCK = threading.Lock()
_registered = False

# Right-to-left letters: Hebrew, Arabic (with its supplements) and both blocks of presentation
# forms. Text without any of them is drawn exactly as typed.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def register_fonts() -> None:
    """Register the shipped faces with ReportLab (once per process; parsing the three files
    takes ~60 ms, so it happens on the first paper, not at start-up). All three are read
    before any is registered: a damaged file leaves nothing half-registered."""
    global _registered
    if _registered:
        return
    with _LOCK:
        if _registered:
            return
        faces = [load_face(name, path) for name, path in FONT_FILES.items()]
        for face in faces:
            pdfmetrics.registerFont(face)
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC)
        _registered = True


def load_face(name: str, path: Path) -> TTFont:
    """The TrueType face in ``path``, or :class:`PaperFontUnavailable` naming the file when it
    is missing or damaged (a broken install must be told as such, not as a ReportLab error)."""
    try:
        return TTFont(name, str(path))
    except (OSError, TTFError) as error:
        raise PaperFontUnavailable(str(path), str(error) or type(error).__name__) from error


@functools.cache
def _characters(font: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def face_for(text: str, font: str) -> str:
    """``font``, or the regular face when ``font`` lacks a character of ``text`` that the
    regular face has (the oblique face has no Arabic)."""
    if font == REGULAR or text.isascii():
        return font
    have = _characters(font)
    if all(ord(char) in have for char in text):
        return font
    return REGULAR


@functools.cache
def _reshaper(font: str) -> object:
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    # Only the ligatures the font has: DejaVu lacks U+FDF2 (Allah), which the reshaper
    # would otherwise use, printing an empty box.
    have = _characters(font)
    configuration = {
        name: all(ord(form) in have for form in forms if form) for name, (_, forms) in LIGATURES
    }
    return arabic_reshaper.ArabicReshaper(configuration=configuration)


@functools.lru_cache(maxsize=8192)
def _shaped(text: str, font: str, base: str | None) -> str:
    # The pure-Python algorithm of python-bidi: its faster Rust get_display does not mirror
    # brackets inside right-to-left runs ("(تمر)" would print ")تمر(").
    from bidi.algorithm import get_display

    reshaped: str = _reshaper(font).reshape(text)  # type: ignore[attr-defined]
    return str(get_display(reshaped, base_dir=base))


def shape(text: str, font: str = REGULAR, *, base: str | None = None) -> str:
    """``text`` as drawn: Arabic joined and every right-to-left run in visual order. Text
    without right-to-left letters comes back unchanged (and costs one regex search). ``base``
    ('L' or 'R') forces the paragraph direction; by default the first strong letter sets it."""
    if not _RIGHT_TO_LEFT.search(text):
        return text
    return _shaped(text, REGULAR if font == ITALIC else font, base)


def _direction(text: str) -> str | None:
    if not _RIGHT_TO_LEFT.search(text):
        return None
    from bidi.algorithm import get_base_level

    return "R" if get_base_level(text) else "L"


@functools.cache
def _widths(font: str) -> tuple[dict[int, float], float]:
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return dict(face.charWidths), float(face.defaultWidth)


@functools.lru_cache(maxsize=65536)
def _unit_width(text: str, font: str) -> float:
    widths, default = _widths(font)
    get = widths.get
    return sum(get(ord(char), default) for char in text) * 0.001


def width(text: str, font: str, size: float) -> float:
    """Width in pt of ``text`` (shaped, as returned by this module) in ``font`` at ``size``."""
    return _unit_width(text, font) * size


def wrap(text: str, font: str, size: float, room: float, max_lines: int = 0) -> list[str]:
    """Lines of ``text`` no wider than ``room``, shaped: words are kept whole where they fit, an
    over-long word is cut, runs of spaces count as one and a line break in ``text`` starts a new
    line. With ``max_lines`` the last kept line ends in an ellipsis when text was left out.

    The words are wrapped in the order they were typed and each line is shaped on its own with
    the direction of the whole text, so a wrapped Arabic name reads on in the right order."""
    base = _direction(text)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = paragraph.split()
        if not words:
            continue
        whole = " ".join(words)
        if width(shape(whole, font, base=base), font, size) <= room:
            lines.append(whole)
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if width(shape(candidate, font, base=base), font, size) <= room:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while len(current) > 1 and width(shape(current, font, base=base), font, size) > room:
                cut = len(current) - 1
                while cut > 1 and width(shape(current[:cut], font, base=base), font, size) > room:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        if current:
            lines.append(current)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and width(shape(last + ELLIPSIS, font, base=base), font, size) > room:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + ELLIPSIS]
    return [shape(line, font, base=base) for line in lines]


def fit(text: str, font: str, size: float, room: float) -> str:
    """``text`` on one line no wider than ``room``, shaped; cut with an ellipsis when it is too
    long (table cells that do not wrap)."""
    shaped = shape(text, font)
    if width(shaped, font, size) <= room:
        return shaped
    base = _direction(text)
    low, high = 0, len(text)
    while low < high:  # the longest beginning that fits with the ellipsis
        middle = (low + high + 1) // 2
        candidate = shape(text[:middle].rstrip() + ELLIPSIS, font, base=base)
        if width(candidate, font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return shape(text[:low].rstrip() + ELLIPSIS, font, base=base)
