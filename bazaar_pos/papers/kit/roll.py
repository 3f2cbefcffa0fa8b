"""The page template of the papers of the till: receipts, refund slips, X and Z reports.

They are printed on a thermal roll, 58 or 80 mm wide, or on A4 when the stall has only an
office printer. On a roll the page is exactly as tall as its content: the layout is measured
in one pass into *blocks* of rows before anything is drawn. On A4 the same rows fill pages,
each numbered. A block is kept on one page when it fits on one.

Text given to this module is as typed; it is shaped here (:mod:`.fonts`) exactly once.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bazaar_pos.papers.kit.fonts import REGULAR, face_for, register_fonts, shape, width, wrap
from bazaar_pos.papers.kit.language import labels_for
from bazaar_pos.papers.kit.sheet import LABELS as SHEET_LABELS
from bazaar_pos.papers.kit.sheet import Signer

__all__ = [
    "GEOMETRY",
    "Block",
    "PaperSize",
    "RollGeometry",
    "RollLayout",
    "Row",
    "RowText",
    "code128_module_mm",
    "render_roll",
]


class PaperSize(StrEnum):
    MM58 = "58mm"
    MM80 = "80mm"
    A4 = "a4"


@dataclass(frozen=True, slots=True)
class RollGeometry:
    width: float  # page width, pt
    fixed_height: float | None  # None: computed from the content (thermal roll)
    margin_x: float
    margin_y: float
    body: float  # font sizes, pt
    title: float
    small: float
    columns: bool  # wide enough for a row in columns (A4)

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin_x

    @property
    def is_roll(self) -> bool:
        return self.fixed_height is None


# Thermal printers print ~48 mm of a 58 mm roll and ~72 mm of an 80 mm roll, centred.
GEOMETRY: dict[PaperSize, RollGeometry] = {
    PaperSize.MM58: RollGeometry(58 * mm, None, 5 * mm, 3 * mm, 7.5, 9.5, 6.0, False),
    PaperSize.MM80: RollGeometry(80 * mm, None, 4 * mm, 3 * mm, 8.5, 11.0, 6.5, False),
    PaperSize.A4: RollGeometry(A4[0], A4[1], 20 * mm, 18 * mm, 10.0, 15.0, 8.0, True),
}

# PDF viewers and printer drivers commonly reject pages taller than 200 in (14400 pt);
# an absurdly long roll paper continues on a further page instead.
MAX_PAGE_HEIGHT = 14_400.0

Align = Literal["l", "c", "r"]

# Thermal printers print 8 dots per mm (203 dpi). A bar that is not a whole number of dots is
# rounded unevenly by the printer, which skews the width ratios a scanner reads; so the
# module (the narrowest bar) is a whole number of dots, as wide as fits with the quiet zones:
# 0.25 mm (2 dots) for "BPN1-000123" on 58 mm, 0.375 mm on 80 mm and A4.
_DOT_MM = 0.125
_MAX_MODULE_MM = 0.375
_QUIET_MODULES = 10  # light space each side that Code 128 needs
BAR_HEIGHT_MM = 10.0


def code128_module_mm(value: str, paper: PaperSize = PaperSize.MM80) -> float:
    """The module width (mm) of a Code 128 barcode of ``value`` across ``paper``."""
    modules = float(Code128(value, barWidth=1.0, quiet=0).width)
    available = GEOMETRY[PaperSize(paper)].content_width / mm
    dots = int(available / (modules + 2 * _QUIET_MODULES) / _DOT_MM)
    return min(max(dots, 1) * _DOT_MM, _MAX_MODULE_MM)


@dataclass(frozen=True, slots=True)
class RowText:
    x: float  # left edge, centre or right edge depending on align (relative to the margin)
    align: Align
    text: str  # shaped
    font: str
    size: float


@dataclass(frozen=True, slots=True)
class Row:
    height: float
    texts: tuple[RowText, ...] = ()
    baseline: float = 0.0  # distance from the row's top to the text baseline
    rule: bool = False  # dashed separator across the content width
    boxed: bool = False  # frame around the row (the COPY mark)
    barcode: Code128 | None = None  # drawn centred, its bars ``height`` minus padding tall
    signature: bool = False  # solid lines to sign on, from the x of each text


Block = list[Row]  # rows kept together on one page when possible


class RollLayout:
    """Collects rows of measured text for one paper. ``leading`` is the line height as a
    multiple of the font size."""

    def __init__(self, geometry: RollGeometry, *, leading: float = 1.22) -> None:
        self.g = geometry
        self.leading = leading
        self.blocks: list[Block] = []

    def text(self, x: float, align: Align, text: str, font: str, size: float) -> RowText:
        """A piece of ``text`` (as typed) for :meth:`row`."""
        font = face_for(text, font)
        return RowText(x, align, shape(text, font), font, size)

    def row(self, texts: Sequence[RowText], *, boxed: bool = False) -> Row:
        size = max(t.size for t in texts)
        pad = 1.5 if boxed else 0.0
        height = size * self.leading + 2 * pad
        return Row(height, tuple(texts), pad + size * 0.93, boxed=boxed)

    def wrapped(
        self, text: str, room: float, *, font: str = REGULAR, size: float | None = None
    ) -> list[RowText]:
        """``text`` wrapped to ``room`` (a column narrower than the paper), one piece a line,
        each flush left at x = 0."""
        size = size or self.g.body
        font = face_for(text, font)
        return [RowText(0.0, "l", part, font, size) for part in wrap(text, font, size, room)]

    def lines(
        self,
        text: str,
        *,
        font: str = REGULAR,
        size: float | None = None,
        align: Align = "l",
        boxed: bool = False,
    ) -> Block:
        """``text`` wrapped across the paper, one row a line."""
        size = size or self.g.body
        w = self.g.content_width
        x = {"l": 0.0, "c": w / 2, "r": w}[align]
        font = face_for(text, font)
        inner = w - (6.0 if boxed else 0.0)
        return [
            self.row([RowText(x, align, part, font, size)], boxed=boxed)
            for part in wrap(text, font, size, inner)
        ]

    def pair(
        self, left: str, right: str, *, font: str = REGULAR, size: float | None = None
    ) -> Block:
        """``left`` flush left and ``right`` flush right on one row if both fit, else each on
        its own rows."""
        size = size or self.g.body
        w = self.g.content_width
        left_text = self.text(0.0, "l", left, font, size)
        right_text = self.text(w, "r", right, font, size)
        right_w = width(right_text.text, right_text.font, size)
        if right_w <= w and width(left_text.text, left_text.font, size) + size + right_w <= w:
            return [self.row([left_text, right_text])]
        return self.lines(left, font=font, size=size) + self.lines(
            right, font=font, size=size, align="r"
        )

    def columns(
        self, cells: Sequence[str], shares: Sequence[float], *, font: str = REGULAR
    ) -> Block | None:
        """First cell flush left, the others flush right at the end of their column; None when
        a cell does not fit its column (the caller lays the row out another way)."""
        size = self.g.body
        w = self.g.content_width
        widths = [share * w for share in shares]
        gap = size * 0.6
        texts = [self.text(0.0, "l", cells[0], font, size)]
        right = widths[0]
        for cell, column in zip(cells[1:], widths[1:], strict=True):
            right += column
            texts.append(self.text(right, "r", cell, font, size))
        if any(
            width(t.text, t.font, size) + gap > column
            for t, column in zip(texts, widths, strict=True)
        ):
            return None
        return [self.row(texts)]

    def barcode(self, value: str, module_mm: float) -> Block:
        """A Code 128 barcode of ``value``, centred (the refund screen scans it)."""
        code = Code128(value, barWidth=module_mm * mm, barHeight=BAR_HEIGHT_MM * mm, quiet=0)
        pad = self.g.body * 0.3
        return [Row(BAR_HEIGHT_MM * mm + 2 * pad, baseline=pad, barcode=code)]

    def rule(self) -> Block:
        return [Row(self.g.body * 0.9, rule=True)]

    def gap(self, factor: float = 0.4) -> Block:
        return [Row(self.g.body * factor)]

    def signatures(
        self, signers: Sequence[Signer], *, nip: bool = False, language: str = "id"
    ) -> Block:
        """Side by side: each signer's caption, room to sign, a line, then the name (empty:
        written by hand) and, with ``nip``, the civil servant's NIP (dotted when unknown), as
        on the A4 forms."""
        size = self.g.body
        w = self.g.content_width
        share = w / len(signers)
        xs = [n * share + (10 if n else 0) for n in range(len(signers))]
        placed = list(zip(xs, signers, strict=True))
        block = [
            self.row([self.text(x, "l", s.caption, REGULAR, size) for x, s in placed]),
            Row(size * 5),
            Row(size * 1.4, tuple(RowText(x, "l", "", REGULAR, size) for x in xs), signature=True),
            self.row([self.text(x, "l", s.name, REGULAR, size) for x, s in placed]),
        ]
        if nip:
            label = labels_for(SHEET_LABELS, language)["nip"]
            blank = "." * 24
            cells = [f"{label}: {s.nip.strip() or blank}" for _, s in placed]
            block.append(
                self.row(
                    [self.text(x, "l", c, REGULAR, size) for x, c in zip(xs, cells, strict=True)]
                )
            )
        return block

    def add(self, block: Block | None) -> None:
        if block:
            self.blocks.append(block)


def _paginate(blocks: list[Block], capacity: float) -> list[list[Row]]:
    """Fill pages of at most ``capacity`` pt, keeping each block on one page if it fits."""
    pages: list[list[Row]] = [[]]
    used = 0.0
    for block in blocks:
        height = sum(row.height for row in block)
        if used + height > capacity and pages[-1] and height <= capacity:
            pages.append([])
            used = 0.0
        for row in block:
            if used + row.height > capacity and pages[-1]:
                pages.append([])
                used = 0.0
            pages[-1].append(row)
            used += row.height
    return pages


def _draw_row(c: Canvas, row: Row, left: float, top: float, width: float, columns: int) -> None:
    if row.rule:
        y = top - row.height / 2
        c.setDash(1.5, 1.5)
        c.line(left, y, left + width, y)
        c.setDash()
        return
    if row.barcode is not None:
        code = row.barcode
        code.drawOn(c, left + (width - float(code.width)) / 2, top - row.height + row.baseline)
        return
    if row.signature:
        y = top - row.height / 2
        for t in row.texts:
            c.line(left + t.x, y, left + t.x + width / columns - 20, y)
        return
    if row.boxed:
        c.rect(left, top - row.height, width, row.height)
    y = top - row.baseline
    for t in row.texts:
        c.setFont(t.font, t.size)
        if t.align == "l":
            c.drawString(left + t.x, y, t.text)
        elif t.align == "r":
            c.drawRightString(left + t.x, y, t.text)
        else:
            c.drawCentredString(left + t.x, y, t.text)


def render_roll(
    layout: RollLayout,
    *,
    title: str,
    author: str,
    page_footer: Callable[[int, int], str] | None = None,
) -> bytes:
    """The PDF of ``layout``'s blocks. On a roll each page is as tall as its rows; on A4 the
    rows fill pages, and ``page_footer(number, pages)`` is printed at each foot (nothing where
    it returns an empty string)."""
    register_fonts()
    g = layout.g
    page_limit = g.fixed_height if g.fixed_height is not None else MAX_PAGE_HEIGHT
    capacity = page_limit - 2 * g.margin_y
    if not g.is_roll:
        capacity -= g.small * 2.5  # room for the page number at the foot
    pages = _paginate(layout.blocks, capacity)

    buffer = io.BytesIO()
    c = Canvas(
        buffer,
        pagesize=(g.width, page_limit),
        pageCompression=0,
        invariant=1,
        initialFontName=REGULAR,
    )
    c.setTitle(title)
    c.setAuthor(author)
    width = g.content_width
    columns = max((len(row.texts) for p in pages for row in p if row.signature), default=1)
    for number, rows in enumerate(pages, start=1):
        height = g.fixed_height or sum(row.height for row in rows) + 2 * g.margin_y
        c.setPageSize((g.width, height))
        c.setLineWidth(0.6)
        top = height - g.margin_y
        for row in rows:
            _draw_row(c, row, g.margin_x, top, width, columns)
            top -= row.height
        footer = page_footer(number, len(pages)) if page_footer and not g.is_roll else ""
        if footer:
            footer = shape(footer, REGULAR)
            c.setFont(face_for(footer, REGULAR), g.small)
            c.drawRightString(g.width - g.margin_x, g.margin_y, footer)
        c.showPage()
    c.save()
    return buffer.getvalue()
