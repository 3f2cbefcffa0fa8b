"""The end-of-event report as an A4 PDF (ReportLab platypus), the paper the Kalapas/Karutan
signs.

Page 1 sums up the event: key figures, money by payment method, by institution and by day,
the best sellers, a bar chart of the sales by day (by hour for a one-day event) and a pie of
each institution's share. Then each institution gets its own section, starting on a new page:
its goods sold, the money due to it in figures and in words, the variance from the closing
count and the signature lines. "Halaman 1 dari N" at the foot of every page.

Big tables are plain strings with one :class:`TableStyle` (no Paragraph per cell), so 500
products render in a fraction of a second. Helvetica built-ins: real, extractable text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from bazaar_pos.money import (
    format_number,
    format_rupiah,
    format_signed_number,
    format_signed_rupiah,
)
from bazaar_pos.papers.stock_forms import (
    _date,
    _date_range,
    _date_time,
    _institution_title,
    _language,
    _local,
    _place_date,
    amount_in_words,
)
from bazaar_pos.reports.event_report import EventReport, InstitutionSection
from bazaar_pos.reports.sales import ReportRow, payment_method_label

__all__ = ["LABELS", "render_event_report_pdf", "signer_title"]

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "title": "LAPORAN AKHIR ACARA",
        "doc": "Laporan Akhir Acara",
        "event": "Acara",
        "venue": "Tempat",
        "dates": "Tanggal acara",
        "generated": "Dibuat",
        "summary": "Ringkasan penjualan",
        "receipts": "Jumlah transaksi (struk)",
        "gross": "Penjualan kotor",
        "discounts": "Diskon diberikan",
        "refunds": "Refund",
        "net": "Penjualan bersih",
        "money_due_all": "Uang hak semua lembaga",
        "by_method": "Per metode pembayaran",
        "by_institution": "Per lembaga",
        "by_day": "Per hari",
        "by_hour": "Per jam",
        "best_sellers": "Produk terlaris",
        "chart_day": "Penjualan bersih per hari",
        "chart_hour": "Penjualan bersih per jam",
        "chart_share": "Bagian tiap lembaga",
        "no_sales": "Belum ada penjualan.",
        "col_no": "No.",
        "col_method": "Metode",
        "col_code": "Kode",
        "col_institution": "Lembaga",
        "col_day": "Tanggal",
        "col_hour": "Jam",
        "col_receipts": "Struk",
        "col_qty": "Jumlah",
        "col_taken": "Diterima",
        "col_gross": "Kotor",
        "col_refunds": "Refund",
        "col_net": "Bersih",
        "col_share": "Bagian",
        "col_sku": "SKU",
        "col_product": "Produk",
        "col_unit": "Satuan",
        "col_expected": "Seharusnya",
        "col_counted": "Dihitung",
        "col_variance": "Selisih",
        "col_variance_value": "Selisih Rp",
        "total": "Total",
        "section_sold": "A. Barang terjual",
        "section_due": "B. Uang yang menjadi hak lembaga",
        "section_variance": "C. Selisih stok dari penghitungan penutupan",
        "no_goods_sold": "Tidak ada barang yang terjual.",
        "money_due": "Uang hasil penjualan yang menjadi hak {institution}:",
        "money_due_detail": "Penjualan {gross} dikurangi refund {refunds}, dari {receipts} struk.",
        "in_words": "Terbilang",
        "no_closing": "Belum ada penghitungan penutupan yang diposting.",
        "open_closing": "Penghitungan penutupan belum diposting: angka sementara.",
        "posted_closing": "Penghitungan penutupan diposting {when}; dihitung oleh {by}.",
        "no_tracked": "Tidak ada barang yang dilacak stoknya.",
        "not_counted": "belum dihitung",
        "variance_note": "Selisih = Dihitung - Seharusnya (negatif: barang kurang). "
        "Total selisih hanya atas produk yang sudah dihitung.",
        "uncounted": "{n} produk belum dihitung.",
        "prepared_by": "Yang membuat,",
        "prepared_role": "Penanggung jawab acara",
        "acknowledged_by": "Mengetahui,",
        "name": "Nama",
        "nip": "NIP",
        "page": "Halaman {page} dari {pages}",
        "continued": "lanjutan",
    },
    "en": {
        "title": "END-OF-EVENT REPORT",
        "doc": "End-of-event report",
        "event": "Event",
        "venue": "Venue",
        "dates": "Event dates",
        "generated": "Generated",
        "summary": "Sales summary",
        "receipts": "Sales (receipts)",
        "gross": "Gross sales",
        "discounts": "Discounts given",
        "refunds": "Refunds",
        "net": "Net sales",
        "money_due_all": "Due to all institutions",
        "by_method": "By payment method",
        "by_institution": "By institution",
        "by_day": "By day",
        "by_hour": "By hour",
        "best_sellers": "Best sellers",
        "chart_day": "Net sales by day",
        "chart_hour": "Net sales by hour",
        "chart_share": "Share of each institution",
        "no_sales": "No sales yet.",
        "col_no": "No.",
        "col_method": "Method",
        "col_code": "Code",
        "col_institution": "Institution",
        "col_day": "Date",
        "col_hour": "Hour",
        "col_receipts": "Receipts",
        "col_qty": "Quantity",
        "col_taken": "Taken",
        "col_gross": "Gross",
        "col_refunds": "Refunds",
        "col_net": "Net",
        "col_share": "Share",
        "col_sku": "SKU",
        "col_product": "Product",
        "col_unit": "Unit",
        "col_expected": "Expected",
        "col_counted": "Counted",
        "col_variance": "Variance",
        "col_variance_value": "Variance Rp",
        "total": "Total",
        "section_sold": "A. Goods sold",
        "section_due": "B. Money due to the institution",
        "section_variance": "C. Stock variance from the closing count",
        "no_goods_sold": "No goods were sold.",
        "money_due": "Sales money due to {institution}:",
        "money_due_detail": "Sales {gross} less refunds {refunds}, from {receipts} receipts.",
        "in_words": "In words",
        "no_closing": "No closing count posted.",
        "open_closing": "The closing count is not posted yet: provisional figures.",
        "posted_closing": "Closing count posted {when}; counted by {by}.",
        "no_tracked": "No stock-tracked goods.",
        "not_counted": "not counted",
        "variance_note": "Variance = Counted - Expected (negative: goods missing). "
        "Variance totals cover counted products only.",
        "uncounted": "{n} products not counted.",
        "prepared_by": "Prepared by,",
        "prepared_role": "Person in charge of the event",
        "acknowledged_by": "Acknowledged by,",
        "name": "Name",
        "nip": "NIP",
        "page": "Page {page} of {pages}",
        "continued": "continued",
    },
}

_REGULAR = "Helvetica"
_BOLD = "Helvetica-Bold"
_ITALIC = "Helvetica-Oblique"
_SIZE = 8.5
_MARGIN = 15 * mm
_FRAME_WIDTH = A4[0] - 2 * _MARGIN
_HEADER_FILL = colors.Color(0.86, 0.86, 0.86)
_TOTAL_FILL = colors.Color(0.93, 0.93, 0.93)
_GRID = colors.Color(0.45, 0.45, 0.45)
_RED = colors.Color(0.72, 0.0, 0.0)
_PALETTE = (
    colors.HexColor("#2f6690"),
    colors.HexColor("#d1495b"),
    colors.HexColor("#edae49"),
    colors.HexColor("#66a182"),
    colors.HexColor("#8d6a9f"),
    colors.HexColor("#3a3a3a"),
    colors.HexColor("#00798c"),
    colors.HexColor("#c97c5d"),
)
_SHORT_HEADS = {"Lapas": "Kalapas", "Rutan": "Karutan"}

_TITLE = ParagraphStyle("title", fontName=_BOLD, fontSize=14, leading=18, alignment=TA_CENTER)
_SUBTITLE = ParagraphStyle("subtitle", fontName=_BOLD, fontSize=11, leading=14, alignment=1)
_HEADING = ParagraphStyle(
    "heading", fontName=_BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=3
)
_BODY = ParagraphStyle("body", fontName=_REGULAR, fontSize=_SIZE + 0.5, leading=12)
_NOTE = ParagraphStyle("note", fontName=_ITALIC, fontSize=_SIZE - 0.5, leading=10)


def signer_title(kind: str, language: str = "id") -> str:
    """Who signs for an institution: ``"Karutan"``, ``"Kalapas"``, else ``"Kepala LPKA"``
    (English: ``"Head of the Rutan (Karutan)"``)."""
    kind = kind.strip()
    short = _SHORT_HEADS.get(kind)
    if _language(language) == "en":
        return f"Head of the {kind} ({short})" if short else f"Head of the {kind}"
    return short or f"Kepala {kind}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fit(text: str, width: float, font: str = _REGULAR, size: float = _SIZE) -> str:
    """``text`` cut with an ellipsis to fit ``width`` (table cells are plain strings and do
    not wrap)."""
    if stringWidth(text, font, size) <= width:
        return text
    ellipsis = "…"
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + ellipsis, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ellipsis


def _percent(part: int, whole: int, lang: str) -> str:
    if whole <= 0:
        return "—"
    text = f"{100 * part / whole:.1f} %"
    return text.replace(".", ",") if lang == "id" else text


def _shrink_to_fit(
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    columns: Sequence[int],
    *,
    size: float,
    bold_rows: Sequence[int],
    first_row: int,
    padding: float,
) -> list[tuple[Any, ...]]:
    """FONTSIZE commands for the number cells too wide for their column (a billion Rupiah
    still fits): only those cells shrink, never below 4.5 pt."""
    commands: list[tuple[Any, ...]] = []
    for column in columns:
        room = widths[column] - padding
        for index in range(first_row, len(rows)):
            text = rows[index][column]
            width = stringWidth(text, _BOLD if index in bold_rows else _REGULAR, size)
            if width > room:
                cell = (column, index)
                commands.append(("FONTSIZE", cell, cell, max(size * room / width, 4.5)))
    return commands


def _table(
    rows: list[list[str]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    total: bool = False,
    negative: Sequence[tuple[int, int]] = (),
    repeat: bool = True,
) -> Table:
    """A ruled table of plain strings: bold grey header, numbers right-aligned, an optional
    bold total row, ``negative`` cells (column, row) in red."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), _REGULAR, _SIZE),
        ("FONT", (0, 0), (-1, 0), _BOLD, _SIZE),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for column in right:
        commands.append(("ALIGN", (column, 1), (column, -1), "RIGHT"))
    if total:
        commands += [
            ("FONT", (0, -1), (-1, -1), _BOLD, _SIZE),
            ("BACKGROUND", (0, -1), (-1, -1), _TOTAL_FILL),
        ]
    for cell in negative:
        commands.append(("TEXTCOLOR", cell, cell, _RED))
    commands += _shrink_to_fit(
        rows,
        widths,
        right,
        size=_SIZE,
        bold_rows=[len(rows) - 1] if total else [],
        first_row=1,
        padding=6,
    )
    row_height = _SIZE + 4.6
    return Table(
        rows,
        colWidths=list(widths),
        rowHeights=[row_height] * len(rows),
        style=TableStyle(commands),
        repeatRows=1 if repeat else 0,
        hAlign="LEFT",
    )


def _key_values(pairs: Sequence[tuple[str, str]], label_width: float) -> Table:
    rows = [[label, value] for label, value in pairs]
    return Table(
        rows,
        colWidths=[label_width, _FRAME_WIDTH - label_width],
        style=TableStyle(
            [
                ("FONT", (0, 0), (0, -1), _BOLD, _SIZE + 0.5),
                ("FONT", (1, 0), (1, -1), _REGULAR, _SIZE + 0.5),
                ("TOPPADDING", (0, 0), (-1, -1), 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )


# --------------------------------------------------------------------------------------------
# Charts


_AXIS_UNITS = {"id": ("M", "jt", "rb"), "en": ("bn", "m", "k")}
_MIN_HOURS = 8  # a one-hour event still shows a morning's worth of hours around it


def _axis_formatter(lang: str) -> Callable[[float], str]:
    """Axis labels in thousands or millions of Rupiah: ``2.500.000`` -> ``2,5 jt``."""
    billion, million, thousand = _AXIS_UNITS[lang]

    def label(value: float) -> str:
        for size, unit in ((1_000_000_000, billion), (1_000_000, million)):
            if abs(value) >= size:
                text = f"{value / size:.1f}".rstrip("0").rstrip(".")
                return f"{text.replace('.', ',') if lang == 'id' else text} {unit}"
        if abs(value) >= 1000:
            return f"{value / 1000:.0f} {thousand}"
        return f"{value:.0f}"

    return label


def _hour_bars(rows: Sequence[ReportRow]) -> list[tuple[str, int]]:
    """Every hour from the first sale's to the last one's (quiet hours show as gaps), at
    least :data:`_MIN_HOURS` of them."""
    net = {int(row.key): row.net for row in rows}
    first, last = min(net), max(net)
    while last - first + 1 < _MIN_HOURS:
        if first > 0:
            first -= 1
        if last - first + 1 < _MIN_HOURS and last < 23:
            last += 1
    return [(f"{hour:02d}", net.get(hour, 0)) for hour in range(first, last + 1)]


def _day_bars(rows: Sequence[ReportRow], lang: str) -> list[tuple[str, int]]:
    """Every day from the first to the last, labelled ``27/4`` (``4/27`` in English)."""
    net = {dt.date.fromisoformat(row.key): row.net for row in rows}
    day, last = min(net), max(net)
    bars = []
    while day <= last:
        name = f"{day.day}/{day.month}" if lang == "id" else f"{day.month}/{day.day}"
        bars.append((name, net.get(day, 0)))
        day += dt.timedelta(days=1)
    return bars


def _bar_chart(
    bars: Sequence[tuple[str, int]], title: str, lang: str, width: float, height: float
) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(
        String(width / 2, height - 10, title, fontName=_BOLD, fontSize=9, textAnchor="middle")
    )
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 26
    chart.width, chart.height = width - 50, height - 48
    chart.data = [[max(value, 0) for _, value in bars]]
    chart.categoryAxis.categoryNames = [name for name, _ in bars]
    chart.categoryAxis.labels.fontName = _REGULAR
    chart.categoryAxis.labels.fontSize = 6.5
    if len(bars) > 16:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.tickLeft = 2
    chart.valueAxis.labels.dx = -4  # clear of the tick marks
    chart.valueAxis.labels.fontName = _REGULAR
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = _axis_formatter(lang)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    chart.bars[0].fillColor = _PALETTE[0]
    chart.bars[0].strokeColor = None
    chart.groupSpacing = 3
    drawing.add(chart)
    return drawing


def _pie_chart(
    rows: Sequence[ReportRow], title: str, lang: str, width: float, height: float
) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(
        String(width / 2, height - 10, title, fontName=_BOLD, fontSize=9, textAnchor="middle")
    )
    shares = [row for row in rows if row.net > 0]
    whole = sum(row.net for row in shares)
    size = min(height - 40, width * 0.45)
    pie = Pie()
    pie.x, pie.y = 12, (height - 14 - size) / 2
    pie.width = pie.height = size
    pie.data = [row.net for row in shares]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    for index in range(len(shares)):
        pie.slices[index].fillColor = _PALETTE[index % len(_PALETTE)]
    drawing.add(pie)
    # The legend as plain strings: code, share; readable on a black and white print too.
    left = pie.x + size + 12
    top = pie.y + size - 4
    for index, row in enumerate(shares[:10]):
        y = top - index * 12
        swatch = _PALETTE[index % len(_PALETTE)]
        drawing.add(_swatch(left, y, swatch))
        text = f"{row.key}  {_percent(row.net, whole, lang)}"
        drawing.add(String(left + 11, y, text, fontName=_REGULAR, fontSize=7.5))
    return drawing


def _swatch(x: float, y: float, color: colors.Color) -> Any:
    from reportlab.graphics.shapes import Rect

    return Rect(x, y - 1, 7, 7, fillColor=color, strokeColor=None)


def _charts(report: EventReport, labels: dict[str, str], lang: str) -> Flowable:
    sales = report.sales
    width, height = _FRAME_WIDTH / 2 - 3, 62 * mm
    if len(sales.by_day) > 1:
        bar = _bar_chart(_day_bars(sales.by_day, lang), labels["chart_day"], lang, width, height)
    else:
        bars = _hour_bars(sales.by_hour)
        bar = _bar_chart(bars, labels["chart_hour"], lang, width, height)
    pie = _pie_chart(sales.by_institution, labels["chart_share"], lang, width, height)
    return Table(
        [[bar, pie]],
        colWidths=[_FRAME_WIDTH / 2, _FRAME_WIDTH / 2],
        style=TableStyle(
            [
                ("BOX", (0, 0), (0, 0), 0.4, _GRID),
                ("BOX", (1, 0), (1, 0), 0.4, _GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ]
        ),
        hAlign="LEFT",
    )


# --------------------------------------------------------------------------------------------
# Page 1: the summary


def _summary(report: EventReport, labels: dict[str, str], lang: str) -> list[Flowable]:
    sales = report.sales
    event = report.event
    story: list[Flowable] = [
        Paragraph(labels["title"], _TITLE),
        Paragraph(_escape(event.name), _SUBTITLE),
        Spacer(1, 6),
        _key_values(
            [
                (labels["event"], event.name),
                (labels["venue"], event.venue or "—"),
                (labels["dates"], _date_range(event.starts_on, event.ends_on, lang)),
                (labels["generated"], _date_time(report.generated_at, lang)),
            ],
            32 * mm,
        ),
        Spacer(1, 4),
        Paragraph(labels["summary"], _HEADING),
    ]
    figures = [
        [labels["receipts"], format_number(sales.receipts)],
        [labels["gross"], format_rupiah(sales.gross)],
        [labels["discounts"], format_rupiah(sales.discounts)],
        [labels["refunds"], format_rupiah(sales.refunds)],
        [labels["net"], format_rupiah(sales.net)],
        [labels["money_due_all"], format_rupiah(report.money_due)],
    ]
    key_widths = [56 * mm, 28 * mm]
    key_table = Table(
        figures,
        colWidths=key_widths,
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), _REGULAR, _SIZE + 0.5),
                ("FONT", (0, 4), (-1, 4), _BOLD, _SIZE + 0.5),
                ("BACKGROUND", (0, 4), (-1, 4), _TOTAL_FILL),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 1.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
                # after the FONT commands, which set the size too
                *_shrink_to_fit(
                    figures,
                    key_widths,
                    [1],
                    size=_SIZE + 0.5,
                    bold_rows=[4],
                    first_row=0,
                    padding=12,
                ),
            ]
        ),
        hAlign="LEFT",
    )
    method_rows = [
        [labels["col_method"], labels["col_receipts"], labels["col_taken"], labels["col_refunds"],
         labels["col_net"]],
        *(
            [
                _method_label(row.key, lang),
                format_number(row.receipts),
                format_rupiah(row.gross),
                format_rupiah(row.refunds),
                format_rupiah(row.net),
            ]
            for row in sales.by_payment_method
        ),
    ]  # fmt: skip
    method_table = _table(
        method_rows, [22 * mm, 14 * mm, 21 * mm, 15 * mm, 21 * mm], right=(1, 2, 3, 4)
    )
    side = Table(
        [[key_table, method_table]],
        colWidths=[87 * mm, _FRAME_WIDTH - 87 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )
    story += [side, Spacer(1, 6)]
    if sales.receipts:
        story += [_charts(report, labels, lang), Spacer(1, 4)]
    else:
        story.append(Paragraph(labels["no_sales"], _BODY))

    story.append(Paragraph(labels["by_institution"], _HEADING))
    name_w = _FRAME_WIDTH - (14 + 16 + 14 + 26 + 24 + 28 + 16) * mm
    rows = [
        [labels["col_code"], labels["col_institution"], labels["col_qty"], labels["col_receipts"],
         labels["col_gross"], labels["col_refunds"], labels["col_net"], labels["col_share"]],
    ]  # fmt: skip
    for row in sales.by_institution:
        rows.append(
            [
                row.key,
                _fit(row.label, name_w - 6),
                format_number(row.quantity),
                format_number(row.receipts),
                format_rupiah(row.gross),
                format_rupiah(row.refunds),
                format_rupiah(row.net),
                _percent(row.net, sales.net, lang),
            ]
        )
    rows.append(
        [labels["total"], "", "", format_number(sales.receipts), format_rupiah(sales.gross),
         format_rupiah(sales.refunds), format_rupiah(sales.net), ""]
    )  # fmt: skip
    story.append(
        _table(
            rows,
            [14 * mm, name_w, 16 * mm, 14 * mm, 26 * mm, 24 * mm, 28 * mm, 16 * mm],
            right=(2, 3, 4, 5, 6, 7),
            total=True,
        )
    )

    half = _FRAME_WIDTH / 2 - 2 * mm
    by_day_rows = [
        [labels["col_day"], labels["col_receipts"], labels["col_qty"], labels["col_net"]]
    ]
    for row in sales.by_day:
        by_day_rows.append(
            [
                _date(dt.date.fromisoformat(row.key), lang),
                format_number(row.receipts),
                format_number(row.quantity),
                format_rupiah(row.net),
            ]
        )
    day_table = _table(by_day_rows, [32 * mm, 14 * mm, 16 * mm, half - 62 * mm], right=(1, 2, 3))
    best_rows = [[labels["col_no"], labels["col_product"], labels["col_qty"], labels["col_net"]]]
    product_w = half - 8 * mm - 14 * mm - 24 * mm
    for n, row in enumerate(sales.best_sellers, start=1):
        best_rows.append(
            [
                f"{n}.",
                _fit(row.label, product_w - 6),
                format_number(row.quantity),
                format_rupiah(row.net),
            ]
        )
    best_table = _table(best_rows, [8 * mm, product_w, 14 * mm, 24 * mm], right=(0, 2, 3))
    story += [
        Spacer(1, 2),
        Table(
            [
                [
                    Paragraph(labels["by_day"], _HEADING),
                    Paragraph(labels["best_sellers"], _HEADING),
                ],
                [day_table, best_table],
            ],
            colWidths=[_FRAME_WIDTH / 2, _FRAME_WIDTH / 2],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
            hAlign="LEFT",
        ),
    ]
    return story


def _method_label(method: str, lang: str) -> str:
    if lang == "en":
        return {"cash": "Cash", "qris": "QRIS", "transfer": "Bank transfer"}.get(
            method, method.upper()
        )
    return payment_method_label(method)


# --------------------------------------------------------------------------------------------
# One section per institution


def _goods_sold(section: InstitutionSection, labels: dict[str, str]) -> Flowable:
    widths = [10 * mm, 28 * mm, 0.0, 14 * mm, 14 * mm, 24 * mm, 20 * mm, 24 * mm]
    widths[2] = _FRAME_WIDTH - sum(widths)
    name_w = widths[2] - 6
    rows = [
        [labels["col_no"], labels["col_sku"], labels["col_product"], labels["col_qty"],
         labels["col_unit"], labels["col_gross"], labels["col_refunds"], labels["col_net"]],
    ]  # fmt: skip
    for n, item in enumerate(section.goods_sold, start=1):
        rows.append(
            [
                f"{n}.",
                _fit(item.sku, widths[1] - 6),
                _fit(item.name, name_w),
                format_number(item.quantity),
                _fit(item.unit, widths[4] - 6),
                format_rupiah(item.gross),
                format_rupiah(item.refunds),
                format_rupiah(item.net),
            ]
        )
    rows.append(
        [labels["total"], "", "", format_number(section.units_sold), "",
         format_rupiah(section.gross), format_rupiah(section.refunds),
         format_rupiah(section.money_due)]
    )  # fmt: skip
    return _table(rows, widths, right=(0, 3, 5, 6, 7), total=True)


def _money_due_box(
    section: InstitutionSection, institution: str, labels: dict[str, str], lang: str
) -> Flowable:
    caption = labels["money_due"].format(institution=institution)
    detail = labels["money_due_detail"].format(
        gross=format_rupiah(section.gross),
        refunds=format_rupiah(section.refunds),
        receipts=format_number(section.receipts),
    )
    words = f"{labels['in_words']}: {amount_in_words(section.money_due, lang)}"
    return Table(
        [
            [Paragraph(f"<b>{_escape(caption)}</b>", _BODY)],
            [format_rupiah(section.money_due)],
            [Paragraph(f"<i>{_escape(words)}</i>", _BODY)],
            [Paragraph(_escape(detail), _NOTE)],
        ],
        colWidths=[_FRAME_WIDTH],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.1, colors.black),
                ("FONT", (0, 1), (0, 1), _BOLD, 15),
                ("TOPPADDING", (0, 1), (0, 1), 5),
                ("BOTTOMPADDING", (0, 1), (0, 1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ]
        ),
        hAlign="LEFT",
    )


def _variance(section: InstitutionSection, labels: dict[str, str], lang: str) -> list[Flowable]:
    story: list[Flowable] = []
    if section.closing_status == "none":
        return [Paragraph(f"<i>{_escape(labels['no_closing'])}</i>", _BODY)]
    if section.closing_status == "open":
        story.append(Paragraph(f"<i>{_escape(labels['open_closing'])}</i>", _BODY))
    else:
        posted = [count for count in section.closing_counts if count.posted_at is not None]
        latest = max(posted, key=lambda count: count.id)
        assert latest.posted_at is not None  # filtered above
        story.append(
            Paragraph(
                _escape(
                    labels["posted_closing"].format(
                        when=_date_time(latest.posted_at, lang), by=latest.counted_by or "—"
                    )
                ),
                _BODY,
            )
        )
    if not section.variance_lines:
        story.append(Paragraph(labels["no_tracked"], _BODY))
        return story
    story.append(Spacer(1, 3))
    widths = [10 * mm, 28 * mm, 0.0, 19 * mm, 24 * mm, 16 * mm, 25 * mm]
    widths[2] = _FRAME_WIDTH - sum(widths)
    name_w = widths[2] - 6
    rows = [
        [labels["col_no"], labels["col_sku"], labels["col_product"], labels["col_expected"],
         labels["col_counted"], labels["col_variance"], labels["col_variance_value"]],
    ]  # fmt: skip
    negative: list[tuple[int, int]] = []
    for n, line in enumerate(section.variance_lines, start=1):
        if line.counted is None or line.variance is None:
            counted, variance, value = labels["not_counted"], "", ""
        else:
            counted = format_number(line.counted)
            variance = format_signed_number(line.variance)
            value = format_signed_rupiah(line.variance_value or 0)
            if line.variance < 0:
                negative += [(5, n), (6, n)]
        rows.append(
            [
                f"{n}.",
                _fit(line.sku, widths[1] - 6),
                _fit(line.name, name_w),
                format_number(line.expected),
                counted,
                variance,
                value,
            ]
        )
    totals = section.variance_totals
    if totals is not None:
        rows.append(
            [labels["total"], "", "", format_number(totals.expected), format_number(totals.counted),
             format_signed_number(totals.variance), format_signed_rupiah(totals.variance_value)]
        )  # fmt: skip
        if totals.variance < 0:
            negative += [(5, len(rows) - 1), (6, len(rows) - 1)]
    story.append(
        _table(rows, widths, right=(0, 3, 4, 5, 6), total=totals is not None, negative=negative)
    )
    note = labels["variance_note"]
    if totals is not None and totals.uncounted:
        note = f"{note} {labels['uncounted'].format(n=format_number(totals.uncounted))}"
    story += [Spacer(1, 2), Paragraph(_escape(note), _NOTE)]
    return story


def _signatures(
    report: EventReport,
    section: InstitutionSection,
    institution: str,
    labels: dict[str, str],
    lang: str,
) -> Flowable:
    """Two signature blocks: the event's person in charge on the left, the head of the
    institution (Kalapas/Karutan) on the right; names and NIP written by hand."""
    day = _local(report.generated_at).date()
    place_date = _place_date(None, report.event.venue, day, lang)
    column = 78 * mm
    gap = _FRAME_WIDTH - 2 * column
    blank_name = f"{labels['name']}: " + "." * 44
    blank_nip = f"{labels['nip']}: " + "." * 47
    rows = [
        ["", "", _fit(place_date, column, _REGULAR, _SIZE + 0.5)],
        [labels["prepared_by"], "", labels["acknowledged_by"]],
        [labels["prepared_role"], "", signer_title(section.kind, lang)],
        [_fit(report.event.name, column), "", _fit(institution, column)],
        ["", "", ""],
        [blank_name, "", blank_name],
        [blank_nip, "", blank_nip],
    ]
    return Table(
        rows,
        colWidths=[column, gap, column],
        rowHeights=[13, 13, 12, 12, 20 * mm, 14, 14],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), _REGULAR, _SIZE + 0.5),
                ("FONT", (0, 1), (-1, 1), _BOLD, _SIZE + 0.5),
                ("FONT", (0, 2), (-1, 2), _BOLD, _SIZE + 0.5),
                ("ALIGN", (0, 0), (-1, 3), "CENTER"),
                ("LINEBELOW", (0, 4), (0, 4), 0.8, colors.black),
                ("LINEBELOW", (2, 4), (2, 4), 0.8, colors.black),
                ("TEXTCOLOR", (0, 5), (-1, 6), colors.Color(0.35, 0.35, 0.35)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )


def _institution_story(
    report: EventReport, section: InstitutionSection, labels: dict[str, str], lang: str
) -> list[Flowable]:
    institution = _institution_title(section.kind, section.name)
    story: list[Flowable] = [
        Paragraph(labels["title"], _TITLE),
        Paragraph(f"{_escape(institution)} ({_escape(section.code)})", _SUBTITLE),
        Paragraph(
            _escape(f"{report.event.name}"), ParagraphStyle("event", parent=_BODY, alignment=1)
        ),
        Spacer(1, 4),
        Paragraph(labels["section_sold"], _HEADING),
    ]
    if section.goods_sold:
        story.append(_goods_sold(section, labels))
    else:
        story.append(Paragraph(f"<i>{_escape(labels['no_goods_sold'])}</i>", _BODY))
    story += [
        Spacer(1, 4),
        KeepTogether(
            [
                Paragraph(labels["section_due"], _HEADING),
                _money_due_box(section, institution, labels, lang),
            ]
        ),
        Spacer(1, 4),
        Paragraph(labels["section_variance"], _HEADING),
        *_variance(section, labels, lang),
        Spacer(1, 10),
        KeepTogether([_signatures(report, section, institution, labels, lang)]),
    ]
    return story


# --------------------------------------------------------------------------------------------
# Pages


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds each page until the end, then stamps "Halaman n dari N" and the document name
    at every foot (the page count is only known once the story is laid out)."""

    footer_left = ""
    page_label = "{page}/{pages}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(_REGULAR, 7.5)
            self.setFillColor(colors.Color(0.35, 0.35, 0.35))
            self.drawString(_MARGIN, 9 * mm, self.footer_left)
            self.drawRightString(
                A4[0] - _MARGIN, 9 * mm, self.page_label.format(page=number, pages=total)
            )
            super().showPage()
        super().save()


def render_event_report_pdf(report: EventReport, *, language: str = "id") -> bytes:
    """The end-of-event report as the bytes of an A4 portrait PDF (Indonesian by default,
    English with ``language="en"``)."""
    lang = _language(language)
    labels = LABELS[lang]
    story = _summary(report, labels, lang)
    for section in report.institutions:
        story.append(PageBreak())
        story += _institution_story(report, section, labels, lang)

    doc_title = f"{labels['doc']} — {report.event.name}"
    canvas_class = type(
        "_Canvas",
        (_NumberedCanvas,),
        {
            "footer_left": _fit(doc_title, _FRAME_WIDTH * 0.7, _REGULAR, 7.5),
            "page_label": labels["page"],
        },
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN + 3 * mm,
        title=doc_title,
        author=report.event.name,
        subject=labels["doc"],
        creator="Bazaar POS",
    )
    document.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()
