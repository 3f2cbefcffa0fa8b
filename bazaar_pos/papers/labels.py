"""Barcode labels as PDF: A4 label sheets and single thermal labels.

Each label shows the product name (shortened to fit), the price, the code of the institution
that made it and the barcode with its digits; which products and what they carry is
:mod:`bazaar_pos.catalog.labels`. The label sheet is the one paper with a template of its own
(no other paper is a grid of labels); it prints with the kit's fonts
(:mod:`bazaar_pos.papers.kit.fonts`), so a name in any script comes out as typed.

Qt-free: the UI prints or saves the file this module writes. Bars are drawn by ReportLab's
own EAN widgets (``reportlab.graphics.barcode.eanbc``) as vector rectangles, at a fixed module
width per layout: never scaled to fit, because a barcode squeezed below ~0.26 mm per module
stops scanning on 203 dpi printers.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.eanbc import Ean8BarcodeWidget, Ean13BarcodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from bazaar_pos.catalog.barcodes import barcode_symbology
from bazaar_pos.catalog.labels import (
    MAX_COPIES,
    InvalidCopies,
    LabelItem,
    MissingBarcode,
    NoLabels,
    ProductNeedingBarcode,
)
from bazaar_pos.errors import PosError
from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_rupiah
from bazaar_pos.papers.kit.fonts import BOLD, REGULAR, face_for, register_fonts, shape, width, wrap
from bazaar_pos.settings import LABEL_LAYOUT_CHOICES

__all__ = [
    "LABEL_LAYOUTS",
    "InvalidStartPosition",
    "LabelLayout",
    "UnknownLabelLayout",
    "get_layout",
    "page_count",
    "render_labels_pdf",
]

# GS1 quiet zones of EAN-13, in modules: nothing may be printed there (the human-readable
# first digit is the one exception the standard itself makes, left of the bars).
QUIET_LEFT = 11
QUIET_RIGHT = 7
EAN13_MODULES = 95
EAN8_MODULES = 67  # EAN-8 wants 7 modules on both sides; 11/7 is more than enough
# GS1 allows 80 % of the nominal 0.33 mm module; 0.264 mm is the floor we never go below.
MIN_MODULE = 0.264 * mm

# --- errors ------------------------------------------------------------------------------


class InvalidStartPosition(PosError, ValueError):
    def __init__(self, position: int, maximum: int, layout: str) -> None:
        super().__init__(
            f"start position {position} is not on a {layout} sheet: choose 1 to {maximum} "
            f"(counted row by row from the top left label)"
        )
        self.position = position
        self.maximum = maximum
        self.layout = layout


class UnknownLabelLayout(PosError, ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(
            f"unknown label layout {key!r}: expected one of {', '.join(LABEL_LAYOUT_CHOICES)}"
        )
        self.key = key


# --- layouts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelLayout:
    """Where labels sit on a page and how each one is laid out; lengths in points.

    Labels are counted row by row from the top left (position 1), like the numbers printed
    on the backing sheet of label paper.
    """

    key: str
    title: str  # for the PDF metadata: "A4 3×8 (70×37 mm)"
    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    left_margin: float  # page edge to the left edge of the first column
    top_margin: float  # page edge to the top edge of the first row
    pitch_x: float  # left edge of a label to the left edge of the next one
    pitch_y: float
    padding_x: float  # kept blank inside each label
    padding_y: float
    # Office printers leave the outer ~4 mm of a sheet blank whatever the PDF says; labels
    # touching the sheet's edge keep their content at least this far from it.
    sheet_margin: float
    module: float  # EAN module (X-dimension)
    dot: float  # printer dot the bar edges are snapped to
    name_size: float  # font sizes
    name_min_size: float
    name_lines: int
    price_size: float
    code_size: float
    digits_size: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def is_sheet(self) -> bool:
        """A sheet of several labels (A4), where a start position makes sense."""
        return self.per_page > 1

    @property
    def name_leading(self) -> float:
        return self.name_size * 1.15

    @property
    def _gap(self) -> float:
        return self.price_size * 0.2

    @property
    def price_baseline(self) -> float:
        """From the top of the content box down to the price's baseline."""
        return (
            self.name_lines * self.name_leading
            + self._gap
            + self.price_size * 0.75  # cap height of the digits
        )

    @property
    def text_height(self) -> float:
        """From the top of the content box down to where the bars may start: the name
        lines, the price row with its descenders (the ``p`` of ``Rp``) and a gap."""
        return self.price_baseline + self.price_size * 0.22 + self.price_size * 0.35

    def label_origin(self, slot: int) -> tuple[float, float]:
        """Bottom left corner of the label at 0-based ``slot`` on its page."""
        row, column = divmod(slot, self.columns)
        x = self.left_margin + column * self.pitch_x
        top = self.page_height - self.top_margin - row * self.pitch_y
        return x, top - self.label_height

    def content_box(self, slot: int) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of what may carry ink on the label at ``slot``: the
        label less its padding, and less whatever lies within ``sheet_margin`` of the
        page's edge."""
        x, y = self.label_origin(slot)
        top = y + self.label_height
        right = x + self.label_width
        edge = self.sheet_margin
        return (
            max(x + self.padding_x, edge),
            max(y + self.padding_y, edge),
            min(right - self.padding_x, self.page_width - edge),
            min(top - self.padding_y, self.page_height - edge),
        )

    def bar_height(self, slot: int) -> float:
        """Full bar height (guard bars), digits included, of the label at ``slot``."""
        _, bottom, _, top = self.content_box(slot)
        return top - bottom - self.text_height

    def __post_init__(self) -> None:
        # Layouts are constants: a wrong one must fail at import, not on a half-printed sheet.
        right = self.left_margin + (self.columns - 1) * self.pitch_x + self.label_width
        bottom = self.top_margin + (self.rows - 1) * self.pitch_y + self.label_height
        if right > self.page_width + 0.01 or bottom > self.page_height + 0.01:
            raise ValueError(f"{self.key}: labels run off the page")
        if self.module < MIN_MODULE:
            raise ValueError(f"{self.key}: module {self.module / mm:.3f} mm is too narrow")
        # Bars are centred, so the wider (left) quiet zone decides on both sides.
        symbol = (EAN13_MODULES + 2 * max(QUIET_LEFT, QUIET_RIGHT)) * self.module
        if symbol > self.label_width:
            raise ValueError(f"{self.key}: barcode and quiet zones ({symbol / mm:.1f} mm) too wide")
        shortest = min(self.bar_height(slot) for slot in range(self.per_page))
        if shortest < 10 * mm:
            raise ValueError(f"{self.key}: bars only {shortest / mm:.1f} mm tall")
        for slot in range(self.per_page):
            left, _, right, _ = self.content_box(slot)
            x, _ = self.label_origin(slot)
            bars = x + (self.label_width - EAN13_MODULES * self.module) / 2
            # The EAN-13's first digit sits 8 modules left of the bars; it must print too.
            if bars - 8 * self.module < left or bars + EAN13_MODULES * self.module > right:
                raise ValueError(f"{self.key}: the barcode of label {slot + 1} is not printable")


_A4_DOT = inch / 300  # laser and inkjet printers: 300/600/1200 dpi all share this grid
_THERMAL_DOT = inch / 203.2  # 8 dots per mm: the usual desktop label printer
# HP and Brother lasers leave 4.2 mm, Canon inkjets up to 5 mm at the foot; 4.5 mm keeps the
# outer rows legible on most (a label touching that edge gets shorter bars, not clipped ones).
_SHEET_MARGIN = 4.5 * mm

LABEL_LAYOUTS: dict[str, LabelLayout] = {
    # Avery Zweckform 3474 and the like: edge to edge across, 0.5 mm above and below.
    # Module 5 dots at 300 dpi (0.42 mm, 128 % of nominal): the label is wide enough.
    "a4_3x8": LabelLayout(
        key="a4_3x8",
        title="A4 3×8 (70×37 mm)",
        page_width=A4[0],
        page_height=A4[1],
        columns=3,
        rows=8,
        label_width=70 * mm,
        label_height=37 * mm,
        left_margin=0.0,
        top_margin=0.5 * mm,
        pitch_x=70 * mm,
        pitch_y=37 * mm,
        padding_x=5 * mm,
        padding_y=3 * mm,
        sheet_margin=_SHEET_MARGIN,
        module=5 * _A4_DOT,
        dot=_A4_DOT,
        name_size=8.5,
        name_min_size=7.0,
        name_lines=2,
        price_size=12.0,
        code_size=8.0,
        digits_size=8.0,
    ),
    # Avery Zweckform 3651 and the like: 40 labels, no margins at all.
    # Module 4 dots at 300 dpi (0.34 mm, 103 % of nominal).
    "a4_4x10": LabelLayout(
        key="a4_4x10",
        title="A4 4×10 (52,5×29,7 mm)",
        page_width=A4[0],
        page_height=A4[1],
        columns=4,
        rows=10,
        label_width=52.5 * mm,
        label_height=29.7 * mm,
        left_margin=0.0,
        top_margin=0.0,
        pitch_x=52.5 * mm,
        pitch_y=29.7 * mm,
        padding_x=4 * mm,
        padding_y=2.8 * mm,
        sheet_margin=_SHEET_MARGIN,
        module=4 * _A4_DOT,
        dot=_A4_DOT,
        name_size=7.0,
        name_min_size=6.0,
        name_lines=2,
        price_size=10.0,
        code_size=7.0,
        digits_size=7.0,
    ),
    # One 50×30 mm label per page for label printers. Module 3 dots at 203 dpi (0.375 mm):
    # a whole number of printer dots, so every bar prints at its true width.
    "thermal_50x30": LabelLayout(
        key="thermal_50x30",
        title="Label termal 50×30 mm",
        page_width=50 * mm,
        page_height=30 * mm,
        columns=1,
        rows=1,
        label_width=50 * mm,
        label_height=30 * mm,
        left_margin=0.0,
        top_margin=0.0,
        pitch_x=50 * mm,
        pitch_y=30 * mm,
        padding_x=2.5 * mm,
        padding_y=2 * mm,
        sheet_margin=0.0,  # a label printer prints the whole label; the padding is enough
        module=3 * _THERMAL_DOT,
        dot=_THERMAL_DOT,
        name_size=7.5,
        name_min_size=6.5,
        name_lines=2,
        price_size=10.0,
        code_size=7.0,
        digits_size=7.0,
    ),
}
if tuple(LABEL_LAYOUTS) != LABEL_LAYOUT_CHOICES:
    raise RuntimeError("settings.LABEL_LAYOUT_CHOICES does not list the label layouts")


def get_layout(layout: LabelLayout | str) -> LabelLayout:
    if isinstance(layout, LabelLayout):
        return layout
    try:
        return LABEL_LAYOUTS[layout]
    except KeyError:
        raise UnknownLabelLayout(layout) from None


def _check_start(layout: LabelLayout, start_position: int) -> None:
    if not 1 <= start_position <= layout.per_page:
        raise InvalidStartPosition(start_position, layout.per_page, layout.key)


def page_count(layout: LabelLayout | str, labels: int, start_position: int = 1) -> int:
    """Pages (sheets or thermal labels) that ``labels`` labels take from ``start_position``."""
    chosen = get_layout(layout)
    _check_start(chosen, start_position)
    if labels <= 0:
        return 0
    return math.ceil((start_position - 1 + labels) / chosen.per_page)


# --- drawing -----------------------------------------------------------------------------


def _fit_name(name: str, layout: LabelLayout, room: float) -> tuple[float, list[str]]:
    """The largest size (down to the layout's minimum) at which ``name`` fits its lines,
    and those lines (shaped); if it never does, the last line ends in an ellipsis."""
    font = face_for(name, BOLD)
    size = layout.name_size
    while size >= layout.name_min_size:
        lines = wrap(name, font, size, room)
        if len(lines) <= layout.name_lines:
            return size, lines
        size -= 0.5
    size = layout.name_min_size
    return size, wrap(name, font, size, room, layout.name_lines)


def _barcode_drawing(code: str, layout: LabelLayout, height: float) -> tuple[Drawing, int]:
    """The bars (and digits) of ``code`` at the layout's module width; and its module count.

    The widget's own quiet zones are off (``quiet=False``): its ``lquiet``/``rquiet``
    attributes are declared boolean in ReportLab 4/5 and cannot be given as lengths, so the
    quiet zones are kept free by the label layout instead. Bars start at x = 0; the first
    digit of an EAN-13 is drawn left of that, inside the left quiet zone, as GS1 intends.
    """
    widget: Ean13BarcodeWidget
    if len(code) == 13:
        widget = Ean13BarcodeWidget(code[:12])
        modules = EAN13_MODULES
    else:
        widget = Ean8BarcodeWidget(code[:7])
        modules = EAN8_MODULES
    widget.quiet = False
    widget.barWidth = layout.module
    widget.barHeight = height
    widget.fontName = REGULAR
    widget.fontSize = layout.digits_size
    drawing = Drawing(modules * layout.module, height)
    drawing.initialFontName = REGULAR  # the digits in the kit's face, not ReportLab's default
    drawing.add(widget)
    return drawing, modules


def _snap(value: float, step: float) -> float:
    return round(value / step) * step


def _draw_label(c: Canvas, item: LabelItem, layout: LabelLayout, slot: int) -> None:
    """One label at 0-based ``slot`` of the page."""
    x, _ = layout.label_origin(slot)
    left, bottom, right, top = layout.content_box(slot)
    inner = right - left

    size, lines = _fit_name(item.name, layout, inner)
    c.setFont(face_for(item.name, BOLD), size)
    leading = size * 1.15
    for index, line in enumerate(lines):
        c.drawString(left, top - size * 0.8 - index * leading, line)

    # Price flush left, institution code boxed flush right; the price shrinks if both
    # cannot fit (a price of a billion Rupiah on the narrowest label still fits).
    baseline = top - layout.price_baseline
    code = shape(item.institution_code.strip())
    box_pad = 1.2
    code_box = width(code, BOLD, layout.code_size) + 2 * box_pad if code else 0.0
    if code:
        # The frame's stroke stays inside the content box (half of it lies outside the path).
        stroke = 0.6
        c.setLineWidth(stroke)
        c.rect(
            right - code_box + stroke / 2,
            baseline - box_pad,
            code_box - stroke,
            layout.code_size * 0.72 + 2 * box_pad,
        )
        c.setFont(BOLD, layout.code_size)
        c.drawRightString(right - box_pad, baseline, code)
    price = format_rupiah(item.price)
    room = inner - code_box - (layout.code_size if code else 0.0)
    price_size = min(layout.price_size, room / width(price, BOLD, 1.0))
    c.setFont(BOLD, price_size)
    c.drawString(left, baseline, price)

    # Bars centred on the label, their left edge on the printer's dot grid (page
    # coordinates), so each bar edge falls between two dots instead of across one.
    drawing, modules = _barcode_drawing(item.barcode, layout, layout.bar_height(slot))
    bars_left = _snap(x + (layout.label_width - modules * layout.module) / 2, layout.dot)
    renderPDF.draw(drawing, c, bars_left, bottom)


def _expand(items: Iterable[LabelItem]) -> list[LabelItem]:
    expanded: list[LabelItem] = []
    unusable: list[ProductNeedingBarcode] = []
    for item in items:
        if not 1 <= item.copies <= MAX_COPIES:
            raise InvalidCopies(item.copies, item.name)
        code = item.barcode.strip()
        if barcode_symbology(code) is None:
            unusable.append(ProductNeedingBarcode(item.product_id, item.name, "", code))
            continue
        expanded += [replace(item, barcode=code)] * item.copies
    if unusable:
        raise MissingBarcode(unusable)
    if not expanded:
        raise NoLabels()
    return expanded


def render_labels_pdf(
    items: Sequence[LabelItem],
    layout: LabelLayout | str,
    path: Path,
    *,
    start_position: int = 1,
) -> Path:
    """Write labels for ``items`` (each ``copies`` times, in order) to a PDF at ``path``.

    On a sheet layout the first label goes to ``start_position`` (1-based, row by row from
    the top left), so a half-used sheet can go through the printer again; the positions
    before it stay blank. Thermal labels get one page each at the label's size. The file is
    written atomically; the same input always gives the same bytes.
    """
    chosen = get_layout(layout)
    _check_start(chosen, start_position)
    labels = _expand(items)

    slots: list[LabelItem | None] = [None] * (start_position - 1) + list(labels)
    pages = [slots[i : i + chosen.per_page] for i in range(0, len(slots), chosen.per_page)]

    register_fonts()
    buffer = io.BytesIO()
    c = Canvas(
        buffer,
        pagesize=(chosen.page_width, chosen.page_height),
        pageCompression=0,
        invariant=1,
        initialFontName=REGULAR,
    )
    names = list(dict.fromkeys(item.name for item in labels))
    c.setTitle(f"Label barcode {chosen.title}: {len(labels)} label")
    c.setSubject(", ".join(names[:5]) + (f" (+{len(names) - 5})" if len(names) > 5 else ""))
    c.setAuthor("Bazaar POS")
    c.setCreator("Bazaar POS")
    c.setKeywords(["label", "barcode", chosen.key])
    for page in pages:
        for slot, item in enumerate(page):
            if item is not None:
                _draw_label(c, item, chosen, slot)
        c.showPage()
    c.save()
    target = Path(path)
    write_file_atomically(target, buffer.getvalue())
    return target
