"""The page template of the signed A4 forms: variance report, handover record, end-of-event report.

They look like official forms: a title block, ruled tables whose column header (and group
header) repeats on every page a table continues on, money right-aligned in its column, boxed
money in figures and in words, signature blocks with lines to sign on, and "Halaman 2 dari 9"
at every foot.

Everything is measured first into pages of *items* (a table row, a few lines of text, a
signature block, a chart …), so the number of pages is known before the first page is drawn;
then each page's strings are written as positioned text in a few text objects and its ruling
as one path. A 5,000-product variance report (156 pages) takes about half a second.

Text given to this module is as typed; it is shaped here (:mod:`.fonts`) exactly once.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from bazaar_pos.money import format_rupiah, format_signed_rupiah
from bazaar_pos.papers.kit.fonts import (
    BOLD,
    ITALIC,
    REGULAR,
    face_for,
    register_fonts,
    shape,
    width,
    wrap,
)
from bazaar_pos.papers.kit.language import labels_for

__all__ = [
    "BLACK",
    "GREY",
    "GROUP_FILL",
    "HEADER_FILL",
    "LABELS",
    "LANDSCAPE",
    "PORTRAIT",
    "RED",
    "Cell",
    "Color",
    "Column",
    "Flow",
    "Item",
    "Page",
    "Signer",
    "Table",
    "Text",
    "alarm",
    "beside",
    "chart_item",
    "draw_pages",
    "key_values",
    "lines_item",
    "money_box",
    "money_cell",
    "place",
    "signatures",
    "space",
    "title_block",
]

Align = Literal["l", "r", "c"]
Color = tuple[float, float, float]

BLACK: Color = (0.0, 0.0, 0.0)
RED: Color = (0.72, 0.0, 0.0)  # money missing; the sign is printed too (black/white printers)
GREY: Color = (0.35, 0.35, 0.35)

HEADER_FILL = 0.86  # column headers
GROUP_FILL = 0.93  # group header, subtotal and total rows
GRID_GREY = 0.45
PAD = 2.6  # cell padding, pt
MIN_FIT_SIZE = 4.5  # a number is shrunk to fit its column, never below this size

# The words of the template itself; each document has its own table for the rest.
LABELS: dict[str, dict[str, str]] = {
    "id": {
        "page": "Halaman {page} dari {pages}",
        "continued": "lanjutan",
        "name": "Nama",
        "nip": "NIP",
        "in_words": "Terbilang",
    },
    "en": {
        "page": "Page {page} of {pages}",
        "continued": "continued",
        "name": "Name",
        "nip": "NIP",
        "in_words": "In words",
    },
}


# --------------------------------------------------------------------------------------------
# Items: what goes on a page


@dataclass(frozen=True, slots=True)
class Text:
    """One string at (x, baseline ``dy`` below the item's top), already shaped."""

    x: float
    dy: float
    text: str
    font: str
    size: float
    color: Color = BLACK


@dataclass(slots=True)
class Item:
    """Something of known height on a page: primitives relative to (content left, item top)."""

    height: float
    texts: list[Text] = field(default_factory=list)
    # (x0, dy0, x1, dy1, weight); a negative weight is a dotted line to write on
    rules: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    fill: float | None = None  # grey behind the whole item (table rows)
    boxes: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    grid: tuple[float, ...] | None = None  # table row: x of its vertical cell borders
    drawings: list[tuple[float, float, Drawing]] = field(default_factory=list)
    # Tables placed side by side (:func:`beside`): grey rectangles (x, dy, w, h, grey) and
    # ruling (x0, dy0, x1, dy1) of their rows, in the table style.
    fills: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    grid_rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    spacer: bool = False  # dropped at the top of a page


def place(
    x: float,
    dy: float,
    text: str,
    font: str,
    size: float,
    align: Align = "l",
    color: Color = BLACK,
    *,
    shaped: bool = False,
) -> Text:
    """``text`` (as typed, unless ``shaped``) placed left of, right of or centred on ``x``."""
    font = face_for(text, font)
    if not shaped:
        text = shape(text, font)
    if align != "l":
        w = width(text, font, size)
        x = x - w if align == "r" else x - w / 2
    return Text(x, dy, text, font, size, color)


def space(height: float) -> Item:
    return Item(height, spacer=True)


def lines_item(
    text: str,
    room: float,
    *,
    font: str = REGULAR,
    size: float = 9.0,
    align: Align = "l",
    indent: float = 0.0,
    color: Color = BLACK,
    leading: float = 1.25,
) -> Item:
    """``text`` wrapped to ``room`` (less ``indent``), one item of as many lines as it takes."""
    font = face_for(text, font)
    lines = wrap(text, font, size, room - indent)
    step = size * leading
    item = Item(max(1, len(lines)) * step)
    x = {"l": indent, "c": (room + indent) / 2, "r": room}[align]
    for n, line in enumerate(lines):
        item.texts.append(
            place(x, size * 0.95 + n * step, line, font, size, align, color, shaped=True)
        )
    return item


def title_block(title: str, subtitles: Sequence[str], room: float) -> list[Item]:
    """The head of a form: its title, then what it is about (the event, the institution),
    centred."""
    items = [lines_item(title, room, font=BOLD, size=14, align="c")]
    items += [lines_item(line, room, font=BOLD, size=10.5, align="c") for line in subtitles]
    return items


def key_values(
    pairs: Sequence[tuple[str, str]], room: float, size: float, *, label_font: str = REGULAR
) -> list[Item]:
    """``Acara   : Bazar HBP ke-62`` rows, the values aligned and wrapping under themselves."""
    label_w = max(width(shape(label, label_font), label_font, size) for label, _ in pairs)
    label_w += size * 0.6
    colon_w = width(": ", REGULAR, size)
    items = []
    for label, value in pairs:
        item = lines_item(value, room, size=size, indent=label_w + colon_w)
        item.texts[:0] = [
            place(0.0, size * 0.95, label, label_font, size),
            place(label_w, size * 0.95, ":", REGULAR, size),
        ]
        items.append(item)
    return items


# --------------------------------------------------------------------------------------------
# Tables


@dataclass(frozen=True, slots=True)
class Column:
    width: float
    align: Align
    wrap: bool = False  # text wraps onto more lines; otherwise shrunk to fit one line
    max_lines: int = 4


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # as typed
    font: str = REGULAR
    color: Color = BLACK
    span: int = 1  # columns this cell covers
    align: Align | None = None  # default: the first column's


def alarm(value: int) -> tuple[str, Color]:
    """Font and colour of a signed figure: what is missing (negative) stands out in bold dark
    red, its sign printed too for black-and-white printers."""
    return (BOLD, RED) if value < 0 else (REGULAR, BLACK)


def money_cell(amount: int, *, signed: bool = False, bold: bool = False) -> Cell:
    """Rupiah in a money column: ``Rp 1.875``; ``signed`` shows ``+``/``-`` and a negative
    amount in :func:`alarm`'s bold dark red."""
    if signed:
        return Cell(format_signed_rupiah(amount), *alarm(amount))
    return Cell(format_rupiah(amount), BOLD if bold else REGULAR)


class Table:
    """Fixed columns across the content width; turns cells into ruled row items."""

    def __init__(self, columns: Sequence[Column], size: float) -> None:
        self.columns = tuple(columns)
        self.size = size
        edges = [0.0]
        for column in self.columns:
            edges.append(edges[-1] + column.width)
        self.edges = tuple(edges)

    def row(
        self,
        cells: Sequence[Cell],
        *,
        fill: float | None = None,
        size: float | None = None,
    ) -> Item:
        """One row: wrapping cells take as many lines as they need (up to their column's
        ``max_lines``), the others are shrunk to fit their one line (a billion Rupiah still
        fits its column), never below :data:`MIN_FIT_SIZE`."""
        size = size or self.size
        leading = size * 1.18
        ascent = size * 0.78
        placed: list[tuple[float, float, Align, list[str], Cell, str, bool]] = []
        grid = [self.edges[0]]
        index = 0
        for cell in cells:
            first = self.columns[index]
            end = index + cell.span
            x0, x1 = self.edges[index], self.edges[end]
            inner = x1 - x0 - 2 * PAD
            wraps = first.wrap or cell.span > 1
            font = face_for(cell.text, cell.font)
            if wraps:
                lines = wrap(cell.text, font, size, inner, first.max_lines) or [""]
            else:
                lines = [shape(" ".join(cell.text.split()), font)]
            placed.append((x0, x1, cell.align or first.align, lines, cell, font, wraps))
            grid.append(x1)
            index = end
        height = max(len(p[3]) for p in placed) * leading + 2 * PAD - (leading - size) * 0.3
        item = Item(height, fill=fill, grid=tuple(grid))
        for x0, x1, align, lines, cell, font, wraps in placed:
            inner = x1 - x0 - 2 * PAD
            for n, line in enumerate(lines):
                if not line:
                    continue
                w = width(line, font, size)
                fitted = size
                if w > inner and not wraps:
                    fitted = max(MIN_FIT_SIZE, size * inner / w * 0.999)
                    w = w * fitted / size
                if align == "l":
                    x = x0 + PAD
                elif align == "r":
                    x = x1 - PAD - w
                else:
                    x = (x0 + x1 - w) / 2
                dy = PAD + ascent + n * leading
                item.texts.append(Text(x, dy, line, font, fitted, cell.color))
        return item


# --------------------------------------------------------------------------------------------
# Signatures and money in words


@dataclass(frozen=True, slots=True)
class Signer:
    """Who signs a form. An empty name or NIP leaves a dotted line to write it by hand."""

    caption: str  # "Yang menyerahkan,"
    role: str = ""  # "Petugas bazar", "Karutan"
    organisation: str = ""  # the event or institution the role is of
    name: str = ""
    nip: str = ""  # Nomor Induk Pegawai of a civil servant


def signatures(
    left: Signer, right: Signer, place_date: str, room: float, size: float, language: str
) -> Item:
    """Two side-by-side signature blocks, ``place_date`` above the right one, the lines to
    sign on level with each other; under each line the name and the NIP."""
    labels = labels_for(LABELS, language)
    col_w = min(72 * mm, room * 0.42)
    step = size * 1.3
    signers = [(room * 0.04, left), (room * 0.96 - col_w, right)]
    heads = [
        [
            *wrap(s.role, REGULAR, size, col_w),
            *wrap(s.organisation, REGULAR, size, col_w),
        ]
        for _, s in signers
    ]
    places = wrap(place_date, REGULAR, size, col_w + room * 0.08) or [""]
    # place/date, the caption, the longest role, then room for the signature
    line_dy = size + step * (len(places) + max(len(h) for h in heads)) + 20 * mm
    item = Item(0.0)
    for (x0, signer), head in zip(signers, heads, strict=True):
        centre = x0 + col_w / 2
        if x0 > room / 2:
            for n, line in enumerate(places):
                item.texts.append(
                    place(centre, size + n * step, line, REGULAR, size, "c", shaped=True)
                )
        dy = size + len(places) * step
        item.texts.append(place(centre, dy, signer.caption, BOLD, size, "c"))
        for n, line in enumerate(head, start=1):
            item.texts.append(place(centre, dy + n * step, line, REGULAR, size, "c", shaped=True))
        item.rules.append((x0, line_dy, x0 + col_w, line_dy, 0.8))
        dy = line_dy + step
        if signer.name.strip():
            for line in wrap(signer.name.strip(), BOLD, size, col_w):
                item.texts.append(place(centre, dy, line, BOLD, size, "c", shaped=True))
                dy += step
        else:
            dy = _blank(item, x0, dy, col_w, f"{labels['name']}:", size) + step
        if signer.nip.strip():
            item.texts.append(
                place(centre, dy, f"{labels['nip']}. {signer.nip.strip()}", REGULAR, size, "c")
            )
        else:
            dy = _blank(item, x0, dy, col_w, f"{labels['nip']}:", size)
        dy += step
        item.height = max(item.height, dy + size * 0.5 - step)
    return item


def _blank(item: Item, x0: float, dy: float, col_w: float, label: str, size: float) -> float:
    """``Nama: ..........``: a grey label and a dotted line to write on."""
    small = size * 0.9
    item.texts.append(place(x0, dy, label, REGULAR, small, color=GREY))
    start = x0 + width(label, REGULAR, small) + 3
    item.rules.append((start, dy + 1.5, x0 + col_w, dy + 1.5, -0.5))
    return dy


def money_box(
    caption: str,
    amount: int,
    words: str,
    room: float,
    size: float,
    language: str,
    detail: str = "",
) -> Item:
    """Money due in a box: the caption, the amount in figures (large), the amount in words,
    and an optional line of how it was reached."""
    labels = labels_for(LABELS, language)
    inner = room - 16
    item = Item(0.0)
    dy = 8 + size
    step = (size + 0.5) * 1.3
    for line in wrap(caption, BOLD, size + 0.5, inner):
        item.texts.append(place(8, dy, line, BOLD, size + 0.5, shaped=True))
        dy += step
    dy += 8
    item.texts.append(place(8, dy, format_rupiah(amount), BOLD, 16))
    dy += 15
    for line in wrap(f"{labels['in_words']}: {words}", ITALIC, size, inner):
        item.texts.append(place(8, dy, line, ITALIC, size, shaped=True))
        dy += size * 1.3
    for line in wrap(detail, REGULAR, size - 1, inner):
        item.texts.append(place(8, dy, line, REGULAR, size - 1, color=GREY, shaped=True))
        dy += (size - 1) * 1.3
    item.boxes.append((0, 0, room, dy + 2, 1.2))
    item.height = dy + 2
    return item


def beside(columns: Sequence[tuple[float, Sequence[Item]]]) -> Item:
    """Stacks of items side by side, each stack starting at its x (the key figures beside
    the payment methods), as one item: it is never split across pages."""
    item = Item(0.0)
    for x, items in columns:
        dy = 0.0
        for part in items:
            if part.grid:
                x0, x1 = x + part.grid[0], x + part.grid[-1]
                if part.fill is not None:
                    item.fills.append((x0, dy, x1 - x0, part.height, part.fill))
                bottom = dy + part.height
                item.grid_rules += [(x0, dy, x1, dy), (x0, bottom, x1, bottom)]
                item.grid_rules += [(x + edge, dy, x + edge, bottom) for edge in part.grid]
            item.fills += [(x + a, dy + b, w, h, g) for a, b, w, h, g in part.fills]
            item.grid_rules += [(x + a, dy + b, x + c, dy + d) for a, b, c, d in part.grid_rules]
            item.texts += [
                Text(x + t.x, dy + t.dy, t.text, t.font, t.size, t.color) for t in part.texts
            ]
            item.rules += [(x + a, dy + b, x + c, dy + d, w) for a, b, c, d, w in part.rules]
            item.boxes += [(x + a, dy + b, w, h, g) for a, b, w, h, g in part.boxes]
            item.drawings += [(x + a, dy + b, d) for a, b, d in part.drawings]
            dy += part.height
        item.height = max(item.height, dy)
    return item


def chart_item(drawings: Sequence[Drawing], room: float, *, boxed: bool = True) -> Item:
    """ReportLab graphics (charts) side by side across ``room``, each in a thin frame."""
    height = max(float(d.height) for d in drawings) + 2
    item = Item(height)
    share = room / len(drawings)
    for n, drawing in enumerate(drawings):
        # The chart's strings in the kit's face too (ReportLab's default is Helvetica).
        drawing.initialFontName = REGULAR
        x = n * share
        item.drawings.append((x + (share - float(drawing.width)) / 2, height - 1, drawing))
        if boxed:
            item.boxes.append((x, 0, share, height, 0.4))
    return item


# --------------------------------------------------------------------------------------------
# Pages


@dataclass(frozen=True, slots=True)
class Page:
    size: tuple[float, float]
    margin_x: float
    margin_top: float
    margin_bottom: float
    small: float = 7.0
    running_header: bool = True  # the document's title on every page after the first

    @property
    def width(self) -> float:
        return self.size[0] - 2 * self.margin_x

    @property
    def foot(self) -> float:
        return self.small * 2.6  # room for the footer line above the bottom margin

    @property
    def head(self) -> float:
        return self.small * 2.8 if self.running_header else 0.0

    def capacity(self, *, first: bool) -> float:
        usable = self.size[1] - self.margin_top - self.margin_bottom - self.foot
        return usable if first else usable - self.head


PORTRAIT = Page(A4, 18 * mm, 15 * mm, 12 * mm)
LANDSCAPE = Page(landscape(A4), 10 * mm, 10 * mm, 9 * mm)


class Flow:
    """Fills pages with items; a page that continues a table starts with ``repeat``."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.pages: list[list[Item]] = [[]]
        self.room = page.capacity(first=True)
        self.fresh = True  # nothing but repeated headers on the current page yet
        self.repeat: list[Item] = []

    def new_page(self) -> None:
        self.pages.append([])
        self.room = self.page.capacity(first=False)
        for item in self.repeat:
            self.pages[-1].append(item)
            self.room -= item.height
        self.fresh = True

    def page_break(self) -> None:
        """Start a new page unless the current one is still empty."""
        if self.pages[-1]:
            self.repeat = []
            self.new_page()

    def _put(self, item: Item) -> None:
        if item.spacer and self.fresh:
            return
        if item.height > self.room and not self.fresh:
            self.new_page()
            if item.spacer:
                return
        self.pages[-1].append(item)
        self.room -= item.height
        self.fresh = False

    def block(self, items: Iterable[Item]) -> None:
        """Add ``items`` on one page if they fit on a page at all."""
        items = list(items)
        height = sum(item.height for item in items if not (item.spacer and self.fresh))
        if height > self.room + 0.01 and not self.fresh:
            self.new_page()
        for item in items:
            self._put(item)

    def table(
        self,
        head: Sequence[Item],
        rows: Sequence[Item],
        tail: Sequence[Item] = (),
        *,
        continued: Sequence[Item] | None = None,
    ) -> None:
        """A table: ``head`` never ends a page alone and ``tail`` (the total) never starts one
        alone; a page the rows continue on starts with ``continued`` (default: ``head``)."""
        self.repeat = []
        if len(rows) <= 1:
            self.block([*head, *rows, *tail])
        else:
            self.block([*head, rows[0]])
            self.repeat = list(head if continued is None else continued)
            for row in rows[1:-1]:
                self.block([row])
            self.block([rows[-1], *tail])
        self.repeat = []


@contextmanager
def _flate_only() -> Iterator[None]:
    """Compress page streams with Flate alone. ReportLab also wraps them in ASCII85 (7-bit
    safe, 25 % bigger), in pure Python: a fifth or more of the time of a 150-page report.
    The switch is process-wide, so it is set only while one of these documents is drawn and
    saved, one document at a time."""
    with _A85_LOCK:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = saved


_A85_LOCK = threading.Lock()


def draw_pages(
    flow: Flow,
    *,
    title: str,
    author: str,
    footer_left: str,
    language: str,
    subject: str = "",
) -> bytes:
    """The PDF of ``flow``'s pages: a running header (the title, "continued") on every page
    after the first when the page template has one, and at every foot ``footer_left`` and
    "Halaman 2 dari 9"."""
    register_fonts()
    labels = labels_for(LABELS, language)
    with _flate_only():
        return _draw(flow.pages, flow.page, title, author, subject, footer_left, labels)


def _draw(
    pages: list[list[Item]],
    geometry: Page,
    title: str,
    author: str,
    subject: str,
    footer_left: str,
    labels: dict[str, str],
) -> bytes:
    buffer = io.BytesIO()
    c = Canvas(
        buffer, pagesize=geometry.size, pageCompression=1, invariant=1, initialFontName=REGULAR
    )
    c.setTitle(title)
    c.setAuthor(author)
    if subject:
        c.setSubject(subject)
    c.setCreator("Bazaar POS")
    left = geometry.margin_x
    right = geometry.size[0] - geometry.margin_x
    small = geometry.small
    total = len(pages)
    running = shape(f"{title} ({labels['continued']})", ITALIC)
    for number, items in enumerate(pages, start=1):
        texts: list[Text] = []
        top = geometry.size[1] - geometry.margin_top
        if number > 1 and geometry.running_header:
            font = face_for(running, ITALIC)
            texts.append(Text(left, geometry.size[1] - top + small, running, font, small, GREY))
            c.setStrokeGray(0.6)
            c.setLineWidth(0.4)
            c.line(left, top - small * 1.7, right, top - small * 1.7)
            top -= geometry.head
        _draw_items(c, items, left, top, texts, geometry.size[1])
        # footer: what this sheet belongs to, and "Halaman 2 dari 9"
        foot_y = geometry.margin_bottom
        c.setStrokeGray(0.6)
        c.setLineWidth(0.4)
        c.line(left, foot_y + small * 1.5, right, foot_y + small * 1.5)
        label = labels["page"].format(page=number, pages=total)
        label_w = width(label, BOLD, small + 0.5)
        room = right - left - label_w - 4 * small
        foot = wrap(footer_left, REGULAR, small, room, 1)
        height = geometry.size[1]
        if foot:
            texts.append(Text(left, height - foot_y, foot[0], REGULAR, small, GREY))
        texts.append(Text(right - label_w, height - foot_y, label, BOLD, small + 0.5, BLACK))
        _draw_texts(c, texts, height)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _draw_items(
    c: Canvas, items: list[Item], left: float, top: float, texts: list[Text], page_height: float
) -> None:
    """Fills, ruling, boxes and charts of a page's items; their strings go into ``texts``
    (absolute x, and ``dy`` counted from the top of the page)."""
    # Fills first, so the ruling and the text go over them.
    fills: list[str] = []
    y = top
    for item in items:
        if item.fill is not None:
            first = item.grid[0] if item.grid else 0.0
            last = item.grid[-1] if item.grid else 0.0
            x0, y0 = left + first, y - item.height
            fills.append(
                f"{item.fill:.2f} g {x0:.2f} {y0:.2f} {last - first:.2f} {item.height:.2f} re f"
            )
        fills += [
            f"{grey:.2f} g {left + x:.2f} {y - dy - h:.2f} {w:.2f} {h:.2f} re f"
            for x, dy, w, h, grey in item.fills
        ]
        y -= item.height
    if fills:
        c.saveState()
        c.addLiteral("\n".join(fills))
        c.restoreState()

    # Table ruling: a line above and below every row, the vertical borders once per run of
    # rows with the same columns.
    y = top
    run_top = y
    run_grid: tuple[float, ...] | None = None
    path: list[str] = []

    def segment(x0: float, y0: float, x1: float, y1: float) -> None:
        path.append(f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l")

    def close_run(bottom: float) -> None:
        if run_grid is not None:
            for x in run_grid:
                segment(left + x, run_top, left + x, bottom)

    for item in items:
        if item.grid != run_grid:
            close_run(y)
            run_grid = item.grid
            run_top = y
            if item.grid is not None:
                segment(left + item.grid[0], y, left + item.grid[-1], y)
        if item.grid is not None:
            bottom = y - item.height
            segment(left + item.grid[0], bottom, left + item.grid[-1], bottom)
        for x0, dy0, x1, dy1 in item.grid_rules:
            segment(left + x0, y - dy0, left + x1, y - dy1)
        y -= item.height
    close_run(y)
    if path:
        c.setStrokeGray(GRID_GREY)
        c.setLineWidth(0.45)
        c.addLiteral("\n".join(path) + " S")

    # Other rules, boxes (signature lines, the money box) and charts.
    c.setStrokeGray(0)
    y = top
    for item in items:
        for x0, dy0, x1, dy1, weight in item.rules:
            c.setLineWidth(abs(weight))
            if weight < 0:
                c.setDash(1, 2)
            c.line(left + x0, y - dy0, left + x1, y - dy1)
            if weight < 0:
                c.setDash()
        for x, dy, w, h, weight in item.boxes:
            c.setLineWidth(weight)
            c.rect(left + x, y - dy - h, w, h, stroke=1, fill=0)
        for x, dy, drawing in item.drawings:
            renderPDF.draw(drawing, c, left + x, y - dy)
        for t in item.texts:
            texts.append(Text(left + t.x, page_height - y + t.dy, t.text, t.font, t.size, t.color))
        y -= item.height


def _draw_texts(c: Canvas, texts: list[Text], page_height: float) -> None:
    """All strings of a page, positioned with ``Tm`` in one text object: one ``drawString`` per
    cell costs several times more. Embedded TrueType fonts are written in ReportLab's own
    subsets (``splitString`` assigns each character its code in a subset of the font)."""
    if not texts:
        return
    doc = c._doc
    escape = c._escape
    ops: list[str] = ["q", "BT"]
    current: tuple[str, int, float] | None = None
    color: Color | None = None
    fonts: dict[str, Any] = {}
    for t in texts:
        if t.color != color:
            ops.append(f"{t.color[0]:.3f} {t.color[1]:.3f} {t.color[2]:.3f} rg")
            color = t.color
        font = fonts.get(t.font)
        if font is None:
            font = fonts[t.font] = pdfmetrics.getFont(t.font)
        ops.append(f"1 0 0 1 {t.x:.2f} {page_height - t.dy:.2f} Tm")
        for subset, chunk in font.splitString(t.text, doc):
            if (t.font, subset, t.size) != current:
                ops.append(f"{font.getSubsetInternalName(subset, doc)} {t.size:.2f} Tf")
                current = (t.font, subset, t.size)
            ops.append(f"({escape(chunk)}) Tj")
    ops += ["ET", "Q"]
    c.addLiteral("\n".join(ops))
