"""The paper forms of the stock reports, as PDF: the variance report and the handover record.

Both are signed by hand, so they look like official forms: a title, the event and the
institution, ruled tables whose column header (and institution header) repeats on every
page, "Halaman 1 dari 3" at the foot, and signature blocks with lines to sign on.

Qt-free, like :mod:`bazaar_pos.papers.receipt`: Helvetica built-ins (real, extractable text; no
font files), labels in :data:`LABELS` for ``id`` / ``en``, files written atomically.

Drawing goes straight to a ReportLab canvas. Everything is measured first into pages of
*items* (a table row, a line of text, a signature block, …) so the number of pages is known
before the first page is drawn ("Halaman 1 dari 156"); then each page's strings are written
as positioned text in a few text objects, its ruling as one path. A 5,000-product variance
report (156 pages, ~0.5 MB) takes about 0.55 s of CPU on a 2-CPU laptop-class machine.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas

from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import (
    format_number,
    format_rupiah,
    format_signed_number,
    format_signed_rupiah,
)
from bazaar_pos.stock.documents import (
    CountSummary,
    HandoverDocument,
    HandoverLine,
    InstitutionVariance,
    VarianceLine,
    VarianceReport,
    VarianceTotals,
)

__all__ = [
    "LABELS",
    "amount_in_words",
    "render_handover_pdf",
    "render_variance_pdf",
]

LABELS: dict[str, dict[str, str]] = {
    "id": {
        # variance report
        "variance_title": "LAPORAN SELISIH STOK",
        "variance_doc": "Laporan Selisih Stok",
        "event": "Acara",
        "venue": "Tempat",
        "dates": "Tanggal acara",
        "generated": "Dibuat",
        "counts_used": "Penghitungan stok yang dipakai",
        "count_kind": "Jenis",
        "count_scope": "Lingkup",
        "count_status": "Status",
        "count_started": "Mulai",
        "count_posted": "Diposting",
        "count_counted_by": "Dihitung oleh",
        "count_supervised_by": "Diawasi oleh",
        "count_note": "Keterangan",
        "kind_opening": "Pembukaan",
        "kind_closing": "Penutupan",
        "kind_spot": "Cek acak",
        "status_posted": "diposting",
        "status_open": "belum diposting",
        "status_discarded": "dibatalkan",
        "scope_all": "Semua lembaga",
        "blind": "hitung buta",
        "uncounted_as_zero": "yang tidak dihitung = 0",
        "no_opening": "tidak ada penghitungan pembukaan: stok awal dianggap 0",
        "no_closing": "belum ada penghitungan penutupan: jumlah dihitung masih kosong",
        "col_sku": "SKU",
        "col_product": "Produk",
        "col_opening": "Awal",
        "col_arrivals": "Masuk",
        "col_sold": "Terjual",
        "col_refunded": "Refund",
        "col_returned": "Retur",
        "col_damaged": "Rusak",
        "col_adjusted": "Koreksi",
        "col_expected": "Seharusnya",
        "col_counted": "Dihitung",
        "col_variance": "Selisih",
        "col_variance_value": "Selisih Rp",
        "not_counted": "belum dihitung",
        "not_tracked": "tidak dilacak",
        "continued": "lanjutan",
        "subtotal": "Subtotal {code}: {products}",
        "products_one": "{n} produk",
        "products_many": "{n} produk",
        "subtotal_uncounted": ", {uncounted} belum dihitung",
        "event_total": "TOTAL ACARA: {products}",
        "uncounted_line": "Produk yang belum dihitung: {uncounted} dari {tracked} produk yang "
        "dilacak stoknya.",
        "all_counted": "Semua {tracked} produk yang dilacak stoknya sudah dihitung.",
        "formula": "Seharusnya = Awal + Masuk - Terjual + Refund - Retur - Rusak + Koreksi. "
        "Selisih = Dihitung - Seharusnya (negatif: barang kurang); Selisih Rp = Selisih x harga "
        "satuan. Jumlah Dihitung, Selisih dan Selisih Rp hanya atas produk yang sudah dihitung.",
        "counted_by": "Yang menghitung,",
        "supervised_by": "Petugas pengawas,",
        "name": "Nama",
        # handover record
        "handover_title": "BERITA ACARA SERAH TERIMA BARANG",
        "handover_doc": "Berita Acara Serah Terima Barang",
        "institution": "Lembaga",
        "code": "kode",
        "handover_time": "Waktu serah terima",
        "handover_intro": "Pada hari {weekday}, {date} pukul {time}, bertempat di {venue}, telah "
        "dilakukan serah terima barang hasil karya warga binaan {institution} yang tidak terjual "
        "pada {event}, beserta rekapitulasi penjualannya, dengan rincian sebagai berikut:",
        "handover_intro_no_venue": "Pada hari {weekday}, {date} pukul {time}, telah dilakukan "
        "serah terima barang hasil karya warga binaan {institution} yang tidak terjual pada "
        "{event}, beserta rekapitulasi penjualannya, dengan rincian sebagai berikut:",
        "returned_section": "A. Barang dikembalikan",
        "sold_section": "B. Barang terjual",
        "no_returned": "Tidak ada barang yang dikembalikan.",
        "no_sold": "Tidak ada barang yang terjual.",
        "col_no": "No.",
        "col_item": "Nama barang",
        "col_quantity": "Jumlah",
        "col_unit": "Satuan",
        "col_unit_price": "Harga satuan",
        "col_value": "Nilai",
        "col_takings": "Hasil penjualan",
        "total": "Total",
        "money_due": "Uang hasil penjualan yang menjadi hak {institution}:",
        "in_words": "Terbilang",
        "handed_over_by": "Yang menyerahkan,",
        "handed_over_role": "Petugas bazar",
        "received_by": "Yang menerima,",
        "received_role": "Petugas {institution}",
        "handover_id": "ID serah terima",
        # both
        "page": "Halaman {page} dari {pages}",
    },
    "en": {
        "variance_title": "STOCK VARIANCE REPORT",
        "variance_doc": "Stock variance report",
        "event": "Event",
        "venue": "Venue",
        "dates": "Event dates",
        "generated": "Generated",
        "counts_used": "Stock counts used",
        "count_kind": "Kind",
        "count_scope": "Scope",
        "count_status": "Status",
        "count_started": "Started",
        "count_posted": "Posted",
        "count_counted_by": "Counted by",
        "count_supervised_by": "Supervised by",
        "count_note": "Note",
        "kind_opening": "Opening",
        "kind_closing": "Closing",
        "kind_spot": "Spot check",
        "status_posted": "posted",
        "status_open": "not posted",
        "status_discarded": "discarded",
        "scope_all": "All institutions",
        "blind": "blind count",
        "uncounted_as_zero": "uncounted = 0",
        "no_opening": "no opening count: opening stock taken as 0",
        "no_closing": "no closing count yet: nothing counted",
        "col_sku": "SKU",
        "col_product": "Product",
        "col_opening": "Opening",
        "col_arrivals": "Arrivals",
        "col_sold": "Sold",
        "col_refunded": "Refunds",
        "col_returned": "Returned",
        "col_damaged": "Damaged",
        "col_adjusted": "Adjusted",
        "col_expected": "Expected",
        "col_counted": "Counted",
        "col_variance": "Variance",
        "col_variance_value": "Variance Rp",
        "not_counted": "not counted",
        "not_tracked": "not tracked",
        "continued": "continued",
        "subtotal": "Subtotal {code}: {products}",
        "products_one": "{n} product",
        "products_many": "{n} products",
        "subtotal_uncounted": ", {uncounted} not counted",
        "event_total": "EVENT TOTAL: {products}",
        "uncounted_line": "Products not counted: {uncounted} of {tracked} stock-tracked products.",
        "all_counted": "All {tracked} stock-tracked products were counted.",
        "formula": "Expected = Opening + Arrivals - Sold + Refunds - Returned - Damaged + "
        "Adjusted. Variance = Counted - Expected (negative: goods missing); Variance Rp = "
        "Variance x unit price. Totals of Counted, Variance and Variance Rp cover counted "
        "products only.",
        "counted_by": "Counted by,",
        "supervised_by": "Supervising officer,",
        "name": "Name",
        "handover_title": "HANDOVER RECORD",
        "handover_doc": "Handover record",
        "institution": "Institution",
        "code": "code",
        "handover_time": "Handed over",
        "handover_intro": "On {weekday}, {date} at {time}, at {venue}, the unsold goods made by "
        "inmates of {institution} at {event} were handed over, together with a summary of what "
        "was sold, as follows:",
        "handover_intro_no_venue": "On {weekday}, {date} at {time}, the unsold goods made by "
        "inmates of {institution} at {event} were handed over, together with a summary of what "
        "was sold, as follows:",
        "returned_section": "A. Goods returned",
        "sold_section": "B. Goods sold",
        "no_returned": "No goods were returned.",
        "no_sold": "No goods were sold.",
        "col_no": "No.",
        "col_item": "Item",
        "col_quantity": "Quantity",
        "col_unit": "Unit",
        "col_unit_price": "Unit price",
        "col_value": "Value",
        "col_takings": "Takings",
        "total": "Total",
        "money_due": "Sales money due to {institution}:",
        "in_words": "In words",
        "handed_over_by": "Handed over by,",
        "handed_over_role": "Bazaar staff",
        "received_by": "Received by,",
        "received_role": "Officer of {institution}",
        "handover_id": "Handover ID",
        "page": "Page {page} of {pages}",
    },
}

# fmt: off
_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
_WEEKDAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# fmt: on

_REGULAR = "Helvetica"
_BOLD = "Helvetica-Bold"
_ITALIC = "Helvetica-Oblique"

_BLACK = (0.0, 0.0, 0.0)
_RED = (0.72, 0.0, 0.0)  # negative variances; the sign is printed too (black/white printers)
_GREY = (0.35, 0.35, 0.35)

_HEADER_FILL = 0.86  # column headers
_GROUP_FILL = 0.93  # institution header, subtotal, total rows
_GRID_GREY = 0.45
_PAD = 2.6  # cell padding, pt
_MIN_FIT_SIZE = 4.5  # a number is shrunk to fit its column, never below this size

_Align = Literal["l", "r", "c"]
_Color = tuple[float, float, float]


# --------------------------------------------------------------------------------------------
# Formatting


def _language(language: str) -> str:
    key = language.strip().lower().replace("_", "-").split("-")[0]
    if key not in LABELS:
        raise ValueError(f"unsupported document language {language!r}")
    return key


def _date(day: dt.date, lang: str) -> str:
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone()  # aware -> the laptop's zone; naive is taken as local


def _clock(moment: dt.datetime, lang: str) -> str:
    # Indonesian writes times with a dot (17.30), English with a colon.
    return moment.strftime("%H.%M" if lang == "id" else "%H:%M")


def _date_time(moment: dt.datetime, lang: str) -> str:
    local = _local(moment)
    return f"{_date(local.date(), lang)} {_clock(local, lang)}"


def _zone_name(moment: dt.datetime) -> str:
    name = _local(moment).tzname() or ""
    return name if name.isalpha() else ""  # "WIB", "WITA"; not "+08"


def _date_range(start: dt.date | None, end: dt.date | None, lang: str) -> str:
    if start is not None and end is not None and start != end:
        return f"{_date(start, lang)} – {_date(end, lang)}"
    day = start if start is not None else end
    return "—" if day is None else _date(day, lang)


# fmt: off
_ID_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
             "sepuluh", "sebelas")
_EN_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on


def _words_id(n: int) -> str:
    if n < 12:
        return _ID_UNITS[n]
    if n < 20:
        return f"{_words_id(n - 10)} belas"
    for size, name, one in (
        (10**12, "triliun", ""),
        (10**9, "miliar", ""),
        (10**6, "juta", ""),
        (1000, "ribu", "seribu"),
        (100, "ratus", "seratus"),
        (10, "puluh", ""),
    ):
        if n >= size:
            head, rest = divmod(n, size)
            words = one if head == 1 and one else f"{_words_id(head)} {name}"
            return f"{words} {_words_id(rest)}".strip()
    raise AssertionError(n)  # pragma: no cover


def _words_en(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_UNITS[rest]}" if rest else "")
    scales = (10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand")
    for size, name in (*scales, (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            return f"{_words_en(head)} {name}" + (f" {_words_en(rest)}" if rest else "")
    raise AssertionError(n)  # pragma: no cover


def amount_in_words(amount: int, language: str = "id") -> str:
    """Rupiah in words, as written under money on Indonesian forms (*terbilang*):
    ``1_250_000`` -> ``'satu juta dua ratus lima puluh ribu rupiah'``."""
    lang = _language(language)
    if amount == 0:
        return "nol rupiah" if lang == "id" else "zero rupiah"
    words = (_words_id if lang == "id" else _words_en)(abs(amount))
    if amount < 0:
        words = f"minus {words}"
    return f"{words} rupiah"


def _institution_title(kind: str, name: str) -> str:
    """``('Rutan', 'Rutan Kelas IIA Balikpapan')`` stays as is; ``('Lapas', 'Kelas IIA
    Samarinda')`` becomes ``'Lapas Kelas IIA Samarinda'``."""
    name, kind = name.strip(), kind.strip()
    if kind and not name.lower().startswith(kind.lower()):
        return f"{kind} {name}".strip()
    return name


# --------------------------------------------------------------------------------------------
# Measuring


class _Metrics:
    """What ReportLab itself does to measure and encode a built-in font's string, without its
    per-call overhead (its C accelerator is an optional extra package)."""

    __slots__ = ("encoding", "widths")

    def __init__(self, font: str) -> None:
        metrics = getFont(font)
        self.encoding: str = metrics.encName  # WinAnsiEncoding for Helvetica
        self.widths: list[int] = list(metrics.widths)


_METRICS = {name: _Metrics(name) for name in (_REGULAR, _BOLD, _ITALIC)}


def _encode(text: str, font: str) -> bytes | None:
    """``text`` in the font's encoding, or None when the font lacks a character (ReportLab
    then draws a substitute)."""
    metrics = _METRICS.get(font)
    if metrics is None:
        return None
    try:
        return text.encode(metrics.encoding)
    except UnicodeEncodeError:
        return None


def _width(text: str, font: str, size: float) -> float:
    encoded = _encode(text, font)
    if encoded is None:
        return float(stringWidth(text, font, size))
    return sum(map(_METRICS[font].widths.__getitem__, encoded)) * 0.001 * size


def _wrap(text: str, font: str, size: float, width: float, max_lines: int = 0) -> list[str]:
    """Lines of ``text`` no wider than ``width``; over-long words are cut. With ``max_lines``
    the last kept line ends in an ellipsis when text was left out."""
    text = " ".join(text.split())
    if _width(text, font, size) <= width:
        return [text] if text else []
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while _width(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and _width(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:].lstrip()
        if line:
            lines.append(line)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and _width(last + "…", font, size) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines


@dataclass(frozen=True, slots=True)
class _Text:
    x: float  # left edge, relative to the content's left margin
    dy: float  # baseline, below the item's top
    text: str
    font: str
    size: float
    color: _Color = _BLACK


@dataclass(slots=True)
class _Item:
    """Something of known height on a page: primitives relative to (content left, item top)."""

    height: float
    texts: list[_Text] = field(default_factory=list)
    rules: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    fill: float | None = None  # grey behind the whole item (table rows)
    boxes: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    grid: tuple[float, ...] | None = None  # table row: x of its vertical cell borders
    spacer: bool = False  # dropped at the top of a page


def _text(
    x: float,
    dy: float,
    text: str,
    font: str,
    size: float,
    align: _Align = "l",
    color: _Color = _BLACK,
) -> _Text:
    if align != "l":
        w = _width(text, font, size)
        x = x - w if align == "r" else x - w / 2
    return _Text(x, dy, text, font, size, color)


@dataclass(frozen=True, slots=True)
class _Column:
    width: float
    align: _Align
    wrap: bool = False  # text wraps onto more lines; otherwise shrunk to fit one line
    max_lines: int = 4


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    font: str = _REGULAR
    color: _Color = _BLACK
    span: int = 1  # columns this cell covers
    align: _Align | None = None  # default: the first column's


class _Table:
    """Fixed columns across the content width; turns cells into ruled row items."""

    def __init__(self, columns: Sequence[_Column], size: float) -> None:
        self.columns = tuple(columns)
        self.size = size
        edges = [0.0]
        for column in self.columns:
            edges.append(edges[-1] + column.width)
        self.edges = tuple(edges)

    def row(
        self,
        cells: Sequence[_Cell],
        *,
        fill: float | None = None,
        size: float | None = None,
    ) -> _Item:
        size = size or self.size
        leading = size * 1.18
        ascent = size * 0.78
        placed: list[tuple[float, float, _Align, list[str], _Cell, bool]] = []
        grid = [self.edges[0]]
        index = 0
        for cell in cells:
            first = self.columns[index]
            end = index + cell.span
            x0, x1 = self.edges[index], self.edges[end]
            inner = x1 - x0 - 2 * _PAD
            wrap = first.wrap or cell.span > 1
            if wrap:
                lines = _wrap(cell.text, cell.font, size, inner, first.max_lines) or [""]
            else:
                lines = [cell.text]
            placed.append((x0, x1, cell.align or first.align, lines, cell, wrap))
            grid.append(x1)
            index = end
        height = max(len(p[3]) for p in placed) * leading + 2 * _PAD - (leading - size) * 0.3
        item = _Item(height, fill=fill, grid=tuple(grid))
        for x0, x1, align, lines, cell, wrap in placed:
            inner = x1 - x0 - 2 * _PAD
            for n, line in enumerate(lines):
                if not line:
                    continue
                # measured once: shrunk to fit a one-line cell, then placed by its width
                w = _width(line, cell.font, size)
                fitted = size
                if w > inner and not wrap:
                    fitted = max(_MIN_FIT_SIZE, size * inner / w * 0.999)
                    w = w * fitted / size
                if align == "l":
                    x = x0 + _PAD
                elif align == "r":
                    x = x1 - _PAD - w
                else:
                    x = (x0 + x1 - w) / 2
                dy = _PAD + ascent + n * leading
                item.texts.append(_Text(x, dy, line, cell.font, fitted, cell.color))
        return item


def _lines_item(
    text: str,
    width: float,
    *,
    font: str = _REGULAR,
    size: float = 9.0,
    align: _Align = "l",
    indent: float = 0.0,
    color: _Color = _BLACK,
    leading: float = 1.25,
) -> _Item:
    lines = _wrap(text, font, size, width - indent)
    step = size * leading
    item = _Item(max(1, len(lines)) * step)
    x = {"l": indent, "c": (width + indent) / 2, "r": width}[align]
    for n, line in enumerate(lines):
        item.texts.append(_text(x, size * 0.95 + n * step, line, font, size, align, color))
    return item


def _key_values(pairs: Sequence[tuple[str, str]], width: float, size: float) -> list[_Item]:
    """``Acara   : Bazar HBP ke-62`` rows, the values aligned and wrapping under themselves."""
    label_w = max(_width(label, _REGULAR, size) for label, _ in pairs) + size * 0.6
    colon_w = _width(": ", _REGULAR, size)
    items = []
    for label, value in pairs:
        item = _lines_item(value, width, size=size, indent=label_w + colon_w)
        item.texts[:0] = [
            _Text(0.0, size * 0.95, label, _REGULAR, size),
            _Text(label_w, size * 0.95, ":", _REGULAR, size),
        ]
        items.append(item)
    return items


def _space(height: float) -> _Item:
    return _Item(height, spacer=True)


_Signer = tuple[str, str, str]  # caption ("Yang menerima,"), role under it, name


def _signatures(
    left_signer: _Signer,
    right_signer: _Signer,
    place_date: str,
    width: float,
    size: float,
    labels: dict[str, str],
) -> _Item:
    """Two side-by-side signature blocks, ``place_date`` above the right one, the lines to
    sign on level with each other. An empty name leaves a dotted line to write it by hand."""
    col_w = min(72 * mm, width * 0.42)
    step = size * 1.3
    signers = [(width * 0.04, left_signer), (width * 0.96 - col_w, right_signer)]
    roles = [_wrap(role, _REGULAR, size, col_w) for _, (_, role, _) in signers]
    places = _wrap(place_date, _REGULAR, size, col_w + width * 0.08) or [""]
    # place/date, the caption, the longest role, then room for the signature
    line_dy = size + step * (len(places) + max(len(r) for r in roles)) + 20 * mm
    item = _Item(0.0)
    for (left, (caption, _, name)), role_lines in zip(signers, roles, strict=True):
        centre = left + col_w / 2
        if left > width / 2:
            for n, line in enumerate(places):
                item.texts.append(_text(centre, size + n * step, line, _REGULAR, size, "c"))
        dy = size + len(places) * step
        for n, line in enumerate([caption, *role_lines]):
            font = _BOLD if n == 0 else _REGULAR
            item.texts.append(_text(centre, dy + n * step, line, font, size, "c"))
        item.rules.append((left, line_dy, left + col_w, line_dy, 0.8))
        dy = line_dy + step
        if name.strip():
            for line in _wrap(name.strip(), _BOLD, size, col_w):
                item.texts.append(_text(centre, dy, line, _BOLD, size, "c"))
                dy += step
        else:
            label = f"{labels['name']}:"
            item.texts.append(_Text(left, dy, label, _REGULAR, size * 0.9, _GREY))
            x0 = left + _width(label, _REGULAR, size * 0.9) + 3
            item.rules.append((x0, dy + 1.5, left + col_w, dy + 1.5, -0.5))  # dotted
            dy += step
        item.height = max(item.height, dy + size * 0.5)
    return item


# --------------------------------------------------------------------------------------------
# Paginating and drawing


class _Flow:
    """Fills pages with items; a page that continues a table starts with ``repeat``."""

    def __init__(self, first_capacity: float, capacity: float) -> None:
        self.pages: list[list[_Item]] = [[]]
        self.capacity = capacity
        self.room = first_capacity
        self.fresh = True  # nothing but repeated headers on the current page yet
        self.repeat: list[_Item] = []

    def _new_page(self) -> None:
        self.pages.append([])
        self.room = self.capacity
        for item in self.repeat:
            self.pages[-1].append(item)
            self.room -= item.height
        self.fresh = True

    def _put(self, item: _Item) -> None:
        if item.spacer and self.fresh:
            return
        if item.height > self.room and not self.fresh:
            self._new_page()
            if item.spacer:
                return
        self.pages[-1].append(item)
        self.room -= item.height
        self.fresh = False

    def block(self, items: Iterable[_Item]) -> None:
        """Add ``items`` on one page if they fit on a page at all."""
        items = list(items)
        height = sum(item.height for item in items if not (item.spacer and self.fresh))
        if height > self.room + 0.01 and not self.fresh:
            self._new_page()
        for item in items:
            self._put(item)


@dataclass(frozen=True, slots=True)
class _Page:
    size: tuple[float, float]
    margin_x: float
    margin_top: float
    margin_bottom: float
    small: float = 7.0

    @property
    def width(self) -> float:
        return self.size[0] - 2 * self.margin_x

    @property
    def foot(self) -> float:
        return self.small * 2.6  # room for the footer line above the bottom margin

    @property
    def head(self) -> float:
        return self.small * 2.8  # running header on continuation pages

    def capacity(self, *, first: bool) -> float:
        usable = self.size[1] - self.margin_top - self.margin_bottom - self.foot
        return usable if first else usable - self.head


def _draw_pages(
    pages: list[list[_Item]],
    geometry: _Page,
    *,
    title: str,
    author: str,
    running_left: str,
    footer_left: str,
    page_label: str,
) -> bytes:
    with _flate_only():
        return _draw(pages, geometry, (title, author, running_left, footer_left, page_label))


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


def _draw(pages: list[list[_Item]], geometry: _Page, strings: tuple[str, ...]) -> bytes:
    title, author, running_left, footer_left, page_label = strings
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=geometry.size, pageCompression=1, invariant=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("Bazaar POS")
    left = geometry.margin_x
    right = geometry.size[0] - geometry.margin_x
    small = geometry.small
    total = len(pages)
    for number, items in enumerate(pages, start=1):
        texts: list[tuple[float, float, str, str, float, _Color]] = []
        top = geometry.size[1] - geometry.margin_top
        if number > 1:
            texts.append((left, top - small, running_left, _ITALIC, small, _GREY))
            c.setStrokeGray(0.6)
            c.setLineWidth(0.4)
            c.line(left, top - small * 1.7, right, top - small * 1.7)
            top -= geometry.head
        _draw_items(c, items, left, top, texts)
        # footer: what this sheet belongs to, and "Halaman 2 dari 9"
        foot_y = geometry.margin_bottom
        c.setStrokeGray(0.6)
        c.setLineWidth(0.4)
        c.line(left, foot_y + small * 1.5, right, foot_y + small * 1.5)
        label = page_label.format(page=number, pages=total)
        label_w = _width(label, _BOLD, small + 0.5)
        room = right - left - label_w - 4 * small
        foot = footer_left
        if _width(foot, _REGULAR, small) > room:
            foot = _wrap(foot, _REGULAR, small, room, 1)[0]
        texts.append((left, foot_y, foot, _REGULAR, small, _GREY))
        texts.append((right - label_w, foot_y, label, _BOLD, small + 0.5, _BLACK))
        _draw_texts(c, texts)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _draw_items(
    c: Any,
    items: list[_Item],
    left: float,
    top: float,
    texts: list[tuple[float, float, str, str, float, _Color]],
) -> None:
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
        y -= item.height
    close_run(y)
    if path:
        c.setStrokeGray(_GRID_GREY)
        c.setLineWidth(0.45)
        c.addLiteral("\n".join(path) + " S")

    # Other rules and boxes (signature lines, the money box).
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
        for t in item.texts:
            texts.append((left + t.x, y - t.dy, t.text, t.font, t.size, t.color))
        y -= item.height


# PDF string escapes for the bytes of an encoded string (what ReportLab's escapePDF does).
_ESCAPES = {i: f"\\{i:03o}" for i in range(256) if i < 32 or i > 126}
_ESCAPES.update({ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)"})


def _draw_texts(c: Any, texts: list[tuple[float, float, str, str, float, _Color]]) -> None:
    """All strings of a page, positioned with ``Tm`` inside as few text objects as the font
    and colour changes allow: one ``drawString`` per cell costs ten times more."""
    ops: list[str] = []

    def flush() -> None:
        if ops:
            c.addLiteral("BT\n" + "\n".join(ops) + "\nET")
            ops.clear()

    font: tuple[str, float] | None = None
    color: _Color | None = None
    for x, y, text, name, size, rgb in texts:
        if (name, size) != font or rgb != color:
            flush()
            c.setFont(name, size)  # registers the font with the page; state outlives ET
            c.setFillColorRGB(*rgb)
            font, color = (name, size), rgb
        encoded = _encode(text, name)
        if encoded is None:
            flush()
            c.drawString(x, y, text)  # ReportLab substitutes what the font lacks
            continue
        escaped = encoded.decode("latin-1").translate(_ESCAPES)
        ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({escaped}) Tj")
    flush()


# --------------------------------------------------------------------------------------------
# Variance report

_VARIANCE_PAGE = _Page(landscape(A4), 10 * mm, 10 * mm, 9 * mm)
_VARIANCE_SIZE = 8.0
_NUMBER_KEYS = (
    "col_opening",
    "col_arrivals",
    "col_sold",
    "col_refunded",
    "col_returned",
    "col_damaged",
    "col_adjusted",
)


def _variance_table(labels: dict[str, str], width: float) -> tuple[_Table, _Item]:
    fixed = [
        _Column(66, "l", wrap=True, max_lines=2),  # SKU
        *[_Column(41, "r") for _ in _NUMBER_KEYS],
        _Column(50, "r"),  # expected
        _Column(60, "r"),  # counted ("belum dihitung")
        _Column(44, "r"),  # variance
        _Column(74, "r"),  # variance Rp
    ]
    name = _Column(width - sum(c.width for c in fixed), "l", wrap=True, max_lines=4)
    columns = [fixed[0], name, *fixed[1:]]
    table = _Table(columns, _VARIANCE_SIZE)
    keys = ["col_sku", "col_product", *_NUMBER_KEYS]
    keys += ["col_expected", "col_counted", "col_variance", "col_variance_value"]
    header = table.row([_Cell(labels[k], _BOLD) for k in keys], fill=_HEADER_FILL)
    return table, header


def _qty(value: int) -> str:
    return format_number(value)


def _variance_cells(line: VarianceLine, labels: dict[str, str]) -> list[_Cell]:
    if not line.track_stock:
        blank = _Cell("")
        return [
            _Cell(line.sku),
            _Cell(line.name),
            blank,
            blank,
            _Cell(_qty(line.sold)),
            blank,
            blank,
            blank,
            blank,
            blank,
            _Cell(labels["not_tracked"], _ITALIC, _GREY),
            _Cell("—", color=_GREY),
            _Cell("—", color=_GREY),
        ]
    figures = [line.opening, line.arrivals, line.sold, line.refunded]
    figures += [line.returned, line.damaged, line.adjusted, line.expected]
    cells = [_Cell(line.sku), _Cell(line.name), *[_Cell(_qty(v)) for v in figures]]
    if line.counted is None:
        cells.append(_Cell(labels["not_counted"], _ITALIC, _GREY))
    else:
        cells.append(_Cell(_qty(line.counted)))
    cells += _variance_figures(line.variance, line.variance_value)
    return cells


def _variance_figures(variance: int | None, value: int | None) -> list[_Cell]:
    if variance is None:
        return [_Cell("—", color=_GREY), _Cell("—" if value is None else "", color=_GREY)]
    quantity = _Cell(format_signed_number(variance), *_alarm(variance))
    if value is None:
        return [quantity, _Cell("—", color=_GREY)]
    return [quantity, _Cell(format_signed_rupiah(value), *_alarm(value))]


def _alarm(value: int) -> tuple[str, _Color]:
    """Missing goods stand out: bold dark red (the sign is printed as well)."""
    return (_BOLD, _RED) if value < 0 else (_REGULAR, _BLACK)


def _totals_cells(label: str, totals: VarianceTotals) -> list[_Cell]:
    figures = [totals.opening, totals.arrivals, totals.sold, totals.refunded, totals.returned]
    figures += [totals.damaged, totals.adjusted, totals.expected, totals.counted]
    cells = [_Cell(label, _BOLD, span=2, align="l")]
    cells += [_Cell(_qty(v), _BOLD) for v in figures]
    variance = _variance_figures(totals.variance, totals.variance_value)
    return cells + [_Cell(cell.text, _BOLD, cell.color) for cell in variance]


def _counts_items(
    report: VarianceReport, labels: dict[str, str], lang: str, width: float
) -> list[_Item]:
    size = 7.5
    columns = [
        _Column(62, "l", wrap=True),
        _Column(74, "l", wrap=True),
        _Column(70, "l", wrap=True),
        _Column(98, "l", wrap=True),  # "24 November 2026 16.46" on one line
        _Column(98, "l", wrap=True),
    ]
    rest = (width - sum(c.width for c in columns)) / 3
    columns += [_Column(rest, "l", wrap=True) for _ in range(3)]
    table = _Table(columns, size)
    keys = ["count_kind", "count_scope", "count_status", "count_started", "count_posted"]
    keys += ["count_counted_by", "count_supervised_by", "count_note"]
    items = [table.row([_Cell(labels[k], _BOLD) for k in keys], fill=_HEADER_FILL)]

    def row(count: CountSummary) -> _Item:
        notes = []
        if count.blind:
            notes.append(labels["blind"])
        if count.uncounted_as_zero:
            notes.append(labels["uncounted_as_zero"])
        posted = _date_time(count.posted_at, lang) if count.posted_at else "—"
        return table.row(
            [
                _Cell(labels.get(f"kind_{count.kind}", count.kind)),
                _Cell(count.institution_code or labels["scope_all"]),
                _Cell(labels.get(f"status_{count.status}", count.status)),
                _Cell(_date_time(count.started_at, lang)),
                _Cell(posted),
                _Cell(count.counted_by or "—"),
                _Cell(count.supervised_by or "—"),
                _Cell(", ".join(notes)),
            ]
        )

    for kind, counts, missing in (
        ("kind_opening", report.opening_counts, "no_opening"),
        ("kind_closing", report.closing_counts, "no_closing"),
    ):
        if counts:
            items += [row(count) for count in counts]
        else:
            items.append(table.row([_Cell(labels[kind]), _Cell(labels[missing], _ITALIC, span=7)]))
    return items


def _products(n: int, labels: dict[str, str]) -> str:
    return labels["products_one" if n == 1 else "products_many"].format(n=format_number(n))


def _names(values: Iterable[str]) -> str:
    seen: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return ", ".join(seen)


def _place_date(place: str | None, venue: str, day: dt.date, lang: str) -> str:
    where = (place if place is not None else venue).strip()
    return f"{where}, {_date(day, lang)}" if where else _date(day, lang)


def render_variance_pdf(
    report: VarianceReport,
    path: Path,
    *,
    language: str = "id",
    counted_by: str | None = None,
    supervised_by: str | None = None,
    place: str | None = None,
) -> Path:
    """Write the variance report of an event as an A4 landscape PDF at ``path`` (atomically;
    parent folders are created) and return the path.

    One ruled table per institution (its header and the column header repeat when it
    continues on a new page), a subtotal per institution, the event total, how many products
    were not counted, and the signature blocks of the counter and the supervising officer.
    ``counted_by`` / ``supervised_by`` default to the names on the closing counts; ``place``
    (the town before the date above the signatures) defaults to the event's venue.
    """
    lang = _language(language)
    labels = LABELS[lang]
    geometry = _VARIANCE_PAGE
    width = geometry.width
    flow = _Flow(geometry.capacity(first=True), geometry.capacity(first=False))

    # Title and what the report is about.
    flow.block(
        [
            _lines_item(labels["variance_title"], width, font=_BOLD, size=15, align="c"),
            _lines_item(report.event_name, width, font=_BOLD, size=11, align="c"),
            _space(6),
        ]
    )
    flow.block(
        _key_values(
            [
                (labels["venue"], report.venue or "—"),
                (labels["dates"], _date_range(report.starts_on, report.ends_on, lang)),
                (labels["generated"], _date_time(report.generated_at, lang)),
            ],
            width,
            8.5,
        )
    )
    flow.block([_space(5), _lines_item(labels["counts_used"], width, font=_BOLD, size=9)])
    for item in _counts_items(report, labels, lang, width):
        flow.block([item])
    flow.block([_space(10)])

    table, column_header = _variance_table(labels, width)
    named = {inst.institution_id: inst for inst in report.institutions}
    groups: dict[int, list[VarianceLine]] = {
        inst.institution_id: [] for inst in report.institutions
    }
    for line in report.lines:
        groups.setdefault(line.institution_id, []).append(line)

    for institution_id, lines in groups.items():
        institution = named.get(institution_id)
        if institution is None:  # lines of an institution the report does not list
            code = lines[0].institution_code if lines else "?"
            institution = InstitutionVariance(institution_id, code, "", _sum_totals(lines))
        if not lines and institution.totals.products == 0:
            continue

        def group_header(continued: bool, inst: InstitutionVariance = institution) -> _Item:
            text = f"{inst.code}  ·  {inst.name}" if inst.name else inst.code
            if continued:
                text += f" ({labels['continued']})"
            return table.row(
                [_Cell(text, _BOLD, span=len(table.columns))], fill=_GROUP_FILL, size=9
            )

        rows = [table.row(_variance_cells(line, labels)) for line in lines]
        label = labels["subtotal"].format(
            code=institution.code, products=_products(institution.totals.products, labels)
        )
        if institution.totals.uncounted:
            label += labels["subtotal_uncounted"].format(
                uncounted=format_number(institution.totals.uncounted)
            )
        subtotal = table.row(_totals_cells(label, institution.totals), fill=_GROUP_FILL)

        flow.repeat = []
        head = [group_header(False), column_header]
        # the header never ends a page alone; the subtotal never starts one alone
        if len(rows) <= 1:
            flow.block([*head, *rows, subtotal])
        else:
            flow.block([*head, rows[0]])
            flow.repeat = [group_header(True), column_header]
            for row in rows[1:-1]:
                flow.block([row])
            flow.block([rows[-1], subtotal])
        flow.repeat = []
        flow.block([_space(8)])

    # Event total, what was not counted, the signatures: kept together on the last page.
    totals = report.totals
    tracked = sum(1 for line in report.lines if line.track_stock)
    total_label = labels["event_total"].format(products=_products(totals.products, labels))
    if totals.uncounted:
        uncounted = labels["uncounted_line"].format(
            uncounted=format_number(totals.uncounted), tracked=format_number(tracked)
        )
    else:
        uncounted = labels["all_counted"].format(tracked=format_number(tracked))
    closing = report.closing_counts
    counter = counted_by if counted_by is not None else _names(c.counted_by for c in closing)
    supervisor = (
        supervised_by if supervised_by is not None else _names(c.supervised_by for c in closing)
    )
    day = _local(report.generated_at).date()
    flow.repeat = []  # the block below brings its own column header
    flow.block(
        [
            column_header,
            table.row(_totals_cells(total_label, totals), fill=_HEADER_FILL, size=8.5),
            _space(6),
            _lines_item(uncounted, width, font=_BOLD, size=9),
            _space(2),
            _lines_item(labels["formula"], width, size=7.5, color=_GREY),
            _space(12),
            _signatures(
                (labels["counted_by"], "", counter),
                (labels["supervised_by"], "", supervisor),
                _place_date(place, report.venue, day, lang),
                width,
                9.5,
                labels,
            ),
        ]
    )

    title = f"{labels['variance_doc']} — {report.event_name}"
    generated = f"{labels['generated']} {_date_time(report.generated_at, lang)}"
    data = _draw_pages(
        flow.pages,
        geometry,
        title=title,
        author=report.event_name,
        running_left=f"{title} ({labels['continued']})",
        footer_left=f"{title} · {generated}",
        page_label=labels["page"],
    )
    return write_file_atomically(Path(path), data)


def _sum_totals(lines: Sequence[VarianceLine]) -> VarianceTotals:
    """Totals of lines whose institution the report does not list (defensive only)."""
    counted = [line for line in lines if line.track_stock and line.counted is not None]
    return VarianceTotals(
        products=len(lines),
        opening=sum(line.opening for line in lines),
        arrivals=sum(line.arrivals for line in lines),
        sold=sum(line.sold for line in lines),
        refunded=sum(line.refunded for line in lines),
        returned=sum(line.returned for line in lines),
        damaged=sum(line.damaged for line in lines),
        adjusted=sum(line.adjusted for line in lines),
        expected=sum(line.expected for line in lines),
        counted=sum(line.counted or 0 for line in counted),
        uncounted=sum(1 for line in lines if line.uncounted),
        variance=sum(line.variance or 0 for line in counted),
        variance_value=sum(line.variance_value or 0 for line in counted),
        sales_value=sum(line.sales_value for line in lines),
    )


# --------------------------------------------------------------------------------------------
# Handover record

_HANDOVER_PAGE = _Page(A4, 18 * mm, 15 * mm, 12 * mm)
_HANDOVER_SIZE = 8.5


def _handover_table(
    lines: Sequence[HandoverLine],
    labels: dict[str, str],
    width: float,
    *,
    with_price: bool,
    units: int,
    value: int,
) -> tuple[_Item, list[_Item], _Item]:
    fixed_left = [_Column(22, "r"), _Column(72, "l", wrap=True, max_lines=2)]
    fixed_right = [_Column(48, "r"), _Column(42, "l", wrap=True, max_lines=2)]
    if with_price:
        fixed_right += [_Column(70, "r"), _Column(78, "r")]
    else:
        fixed_right += [_Column(90, "r")]
    name = _Column(width - sum(c.width for c in fixed_left + fixed_right), "l", True, 5)
    table = _Table([*fixed_left, name, *fixed_right], _HANDOVER_SIZE)
    keys = ["col_no", "col_sku", "col_item", "col_quantity", "col_unit"]
    keys += ["col_unit_price", "col_value"] if with_price else ["col_takings"]
    header = table.row([_Cell(labels[k], _BOLD, align="c") for k in keys], fill=_HEADER_FILL)
    rows = []
    for n, line in enumerate(lines, start=1):
        cells = [_Cell(f"{n}."), _Cell(line.sku), _Cell(line.name)]
        cells += [_Cell(format_number(line.quantity)), _Cell(line.unit)]
        if with_price:
            cells.append(_Cell(format_rupiah(line.unit_price)))
        cells.append(_Cell(format_rupiah(line.value)))
        rows.append(table.row(cells))
    total_cells = [_Cell(labels["total"], _BOLD, span=3, align="r")]
    total_cells += [_Cell(format_number(units), _BOLD), _Cell("")]
    if with_price:
        total_cells.append(_Cell(""))
    total_cells.append(_Cell(format_rupiah(value), _BOLD))
    return header, rows, table.row(total_cells, fill=_GROUP_FILL)


def render_handover_pdf(
    document: HandoverDocument,
    path: Path,
    *,
    language: str = "id",
    place: str | None = None,
) -> Path:
    """Write the handover record (*berita acara serah terima barang*) as an A4 portrait PDF at
    ``path`` (atomically; parent folders are created) and return the path.

    Goods returned to the institution and goods sold, each with totals, the money due to the
    institution in figures and in words, the two signature blocks and the handover's UUID at
    the foot of every page. ``place`` (before the date above the signatures) defaults to the
    event's venue.
    """
    lang = _language(language)
    labels = LABELS[lang]
    geometry = _HANDOVER_PAGE
    width = geometry.width
    size = 9.5
    flow = _Flow(geometry.capacity(first=True), geometry.capacity(first=False))
    institution = _institution_title(document.institution_kind, document.institution_name)
    local = _local(document.created_at)
    zone = _zone_name(document.created_at)
    clock = f"{_clock(local, lang)} {zone}".strip()

    flow.block(
        [
            _lines_item(labels["handover_title"], width, font=_BOLD, size=14, align="c"),
            _space(4),
            _lines_item(document.event_name, width, font=_BOLD, size=10.5, align="c"),
            _space(10),
        ]
    )
    flow.block(
        _key_values(
            [
                (labels["event"], document.event_name),
                (labels["venue"], document.venue or "—"),
                (labels["dates"], _date_range(document.starts_on, document.ends_on, lang)),
                (
                    labels["institution"],
                    f"{institution} ({labels['code']} {document.institution_code})",
                ),
                (labels["handover_time"], f"{_date(local.date(), lang)} {clock}"),
            ],
            width,
            size,
        )
    )
    intro = labels["handover_intro" if document.venue.strip() else "handover_intro_no_venue"]
    flow.block(
        [
            _space(8),
            _lines_item(
                intro.format(
                    weekday=_WEEKDAYS[lang][local.weekday()],
                    date=_date(local.date(), lang),
                    time=clock,
                    venue=document.venue.strip(),
                    institution=institution,
                    event=document.event_name,
                ),
                width,
                size=size,
                leading=1.35,
            ),
            _space(8),
        ]
    )

    sections = (
        ("returned_section", "no_returned", document.returned, True, document.returned_units,
         document.returned_value),
        ("sold_section", "no_sold", document.sold, False, document.sold_units,
         sum(line.value for line in document.sold)),
    )  # fmt: skip
    for title_key, empty_key, lines, with_price, units, value in sections:
        heading = _lines_item(labels[title_key], width, font=_BOLD, size=10.5)
        if not lines:
            flow.block(
                [
                    heading,
                    _space(2),
                    _lines_item(labels[empty_key], width, font=_ITALIC, size=size),
                    _space(10),
                ]
            )
            continue
        header, rows, total = _handover_table(
            lines, labels, width, with_price=with_price, units=units, value=value
        )
        continued = _lines_item(
            f"{labels[title_key]} ({labels['continued']})", width, font=_BOLD, size=10.5
        )
        flow.repeat = []
        if len(rows) == 1:
            flow.block([heading, _space(3), header, rows[0], total])
        else:
            flow.block([heading, _space(3), header, rows[0]])
            flow.repeat = [continued, _Item(3), header]
            for row in rows[1:-1]:
                flow.block([row])
            flow.block([rows[-1], total])
        flow.repeat = []
        flow.block([_space(12)])

    # The money due, in a box, in figures and in words.
    box_w = width
    inner = box_w - 16
    caption = _wrap(labels["money_due"].format(institution=institution), _BOLD, size + 0.5, inner)
    words = _wrap(
        f"{labels['in_words']}: {amount_in_words(document.money_due, lang)}",
        _ITALIC,
        size,
        inner,
    )
    step = (size + 0.5) * 1.3
    box = _Item(0.0)
    dy = 8 + size
    for line in caption:
        box.texts.append(_Text(8, dy, line, _BOLD, size + 0.5))
        dy += step
    dy += 8
    box.texts.append(_Text(8, dy, format_rupiah(document.money_due), _BOLD, 16))
    dy += 15
    for line in words:
        box.texts.append(_Text(8, dy, line, _ITALIC, size))
        dy += size * 1.3
    box.boxes.append((0, 0, box_w, dy + 2, 1.2))
    box.height = dy + 2

    signatures = _signatures(
        (labels["handed_over_by"], labels["handed_over_role"], document.handed_over_by),
        (
            labels["received_by"],
            labels["received_role"].format(institution=institution),
            document.received_by,
        ),
        _place_date(place, document.venue, local.date(), lang),
        width,
        size,
        labels,
    )
    flow.block([box, _space(18), signatures])

    title = f"{labels['handover_doc']} — {document.institution_code} — {document.event_name}"
    data = _draw_pages(
        flow.pages,
        geometry,
        title=title,
        author=document.event_name,
        running_left=f"{title} ({labels['continued']})",
        footer_left=f"{labels['handover_id']}: {document.handover_uuid}",
        page_label=labels["page"],
    )
    return write_file_atomically(Path(path), data)
