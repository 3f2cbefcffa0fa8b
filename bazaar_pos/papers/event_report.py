"""The end-of-event report as an A4 PDF, the paper the Kalapas/Karutan signs.

Page 1 sums up the event: key figures, money by payment method, by institution and by day,
the best sellers, a bar chart of the sales by day (by hour for a one-day event) and a pie of
each institution's share. Then each institution gets its own section, starting on a new page:
its goods sold, the money due to it in figures and in words, the variance from the closing
count and the signature blocks. "Halaman 1 dari N" at the foot of every page. A section lists
the goods sold and the products counted differently, returned or refunded, at most
:data:`PAPER_ROWS` of each (the largest), the rest in one line; the CSV lists every product.
The figures are those of :func:`bazaar_pos.reports.event_report.end_of_event_report`; the
page template is the kit's (:mod:`bazaar_pos.papers.kit.sheet`), the charts ReportLab's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from bazaar_pos.catalog.institutions import institution_title
from bazaar_pos.collector import collector_paused
from bazaar_pos.db.identity import till_labels
from bazaar_pos.money import format_number, format_rupiah, format_signed_number
from bazaar_pos.papers.kit import dates
from bazaar_pos.papers.kit.fonts import BOLD, ITALIC, REGULAR, register_fonts
from bazaar_pos.papers.kit.language import language_key
from bazaar_pos.papers.kit.sheet import (
    GROUP_FILL,
    HEADER_FILL,
    Cell,
    Column,
    Flow,
    Item,
    Page,
    Signer,
    Table,
    alarm,
    beside,
    chart_item,
    draw_pages,
    key_values,
    lines_item,
    money_box,
    money_cell,
    signatures,
    space,
)
from bazaar_pos.papers.kit.words import amount_in_words
from bazaar_pos.reports.event_report import EventReport, InstitutionSection, ProductSold
from bazaar_pos.reports.sales import ReportRow, payment_method_label
from bazaar_pos.stock.documents import VarianceLine, VarianceTotals

__all__ = [
    "LABELS",
    "PAPER_ROWS",
    "goods_on_paper",
    "render_event_report_pdf",
    "signer_title",
    "variance_on_paper",
]

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "device": "perangkat",
        "title": "LAPORAN AKHIR ACARA",
        "journal": "Jurnal anti-ubah per kasa",
        "col_till": "Kasa",
        "col_chain_head": "Ujung rantai",
        "col_grand_total": "Total besar kumulatif",
        "col_key": "Sidik kunci kasa",
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
        "no_closing": "Belum ada penghitungan penutupan yang diposting.",
        "open_closing": "Penghitungan penutupan belum diposting: angka sementara.",
        "posted_closing": "Penghitungan penutupan diposting {when}; dihitung oleh {by}.",
        "no_tracked": "Tidak ada barang yang dilacak stoknya.",
        "not_counted": "belum dihitung",
        "variance_note": "Selisih = Dihitung - Seharusnya (negatif: barang kurang). "
        "Total selisih hanya atas produk yang sudah dihitung.",
        "uncounted": "{n} produk belum dihitung.",
        "others": "{n} produk lain (daftar lengkap di CSV)",
        "goods_listed": "Tercantum {shown} dari {total} produk terjual, yang penjualan bersihnya "
        "terbesar; daftar lengkap ada di CSV laporan ini. Total mencakup semua produk.",
        "variance_listed": "Tercantum produk yang selisih, dikembalikan ke lembaga atau direfund; "
        "daftar lengkap setiap produk ada di CSV laporan ini. Total mencakup semua produk.",
        "prepared_by": "Yang membuat,",
        "prepared_role": "Penanggung jawab acara",
        "acknowledged_by": "Mengetahui,",
    },
    "en": {
        "device": "device",
        "title": "END-OF-EVENT REPORT",
        "journal": "Tamper-evident journal per till",
        "col_till": "Till",
        "col_chain_head": "Chain head",
        "col_grand_total": "Perpetual grand total",
        "col_key": "Till key fingerprint",
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
        "no_closing": "No closing count posted.",
        "open_closing": "The closing count is not posted yet: provisional figures.",
        "posted_closing": "Closing count posted {when}; counted by {by}.",
        "no_tracked": "No stock-tracked goods.",
        "not_counted": "not counted",
        "variance_note": "Variance = Counted - Expected (negative: goods missing). "
        "Variance totals cover counted products only.",
        "uncounted": "{n} products not counted.",
        "others": "{n} other products (full list in the CSV)",
        "goods_listed": "Listed: {shown} of the {total} products sold, those with the largest net "
        "sales; the full list is in this report's CSV. The total covers every product.",
        "variance_listed": "Listed: products counted differently, returned to the institution or "
        "refunded; every product is in this report's CSV. The total covers every product.",
        "prepared_by": "Prepared by,",
        "prepared_role": "Person in charge of the event",
        "acknowledged_by": "Acknowledged by,",
    },
}

_SIZE = 8.5
# One page template of its own: narrower margins than the stock forms (wide tables of money),
# no running header (each institution's section starts on a page of its own, titled).
_PAGE = Page(A4, 15 * mm, 15 * mm, 9 * mm, small=7.5, running_header=False)
_ROOM = _PAGE.width
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

# Rows an institution's table lists at most: the paper stays a few pages at any catalogue size
# (100,000 products made 3,641 pages) and renders in a fraction of a second. The rows left
# out are one line with their sums, so each table's total is still every product's; the
# CSV (bazaar_pos.reports.event_report_csv) lists every product.
PAPER_ROWS = 200


def goods_on_paper(
    goods: Sequence[ProductSold], limit: int = PAPER_ROWS
) -> tuple[tuple[ProductSold, ...], tuple[ProductSold, ...]]:
    """(listed, left out) of an institution's goods sold: all of them, by name, when they fit;
    else the ``limit`` with the largest net sales, by name, and the rest."""
    if len(goods) <= limit:
        return tuple(goods), ()
    ranked = sorted(goods, key=lambda item: (-item.net, item.name, item.sku))
    listed = sorted(ranked[:limit], key=lambda item: (item.name, item.sku))
    return tuple(listed), tuple(ranked[limit:])


def variance_on_paper(
    lines: Sequence[VarianceLine], limit: int = PAPER_ROWS
) -> tuple[tuple[VarianceLine, ...], tuple[VarianceLine, ...]]:
    """(listed, left out) of an institution's variance lines: those counted differently
    (variance ≠ 0), returned to the institution or refunded, by name; if more than ``limit``,
    the ``limit`` with the largest variance in Rupiah (then in units). A line that matched its
    count, or was not counted (the note says how many), is left out."""
    notable = [line for line in lines if line.variance or line.returned or line.refunded]
    plain = [line for line in lines if not (line.variance or line.returned or line.refunded)]
    if len(notable) <= limit:
        return tuple(notable), tuple(plain)
    ranked = sorted(
        notable,
        key=lambda line: (
            -abs(line.variance_value or 0),
            -abs(line.variance or 0),
            line.name,
            line.sku,
        ),
    )
    listed = sorted(ranked[:limit], key=lambda line: (line.name, line.sku))
    return tuple(listed), (*ranked[limit:], *plain)


def signer_title(kind: str, language: str = "id") -> str:
    """Who signs for an institution: ``"Karutan"``, ``"Kalapas"``, else ``"Kepala LPKA"``
    (English: ``"Head of the Rutan (Karutan)"``)."""
    kind = kind.strip()
    short = _SHORT_HEADS.get(kind)
    if language_key(language) == "en":
        return f"Head of the {kind} ({short})" if short else f"Head of the {kind}"
    return short or f"Kepala {kind}"


def _percent(part: int, whole: int, lang: str) -> str:
    if whole <= 0:
        return "—"
    text = f"{100 * part / whole:.1f} %"
    return text.replace(".", ",") if lang == "id" else text


def _title(text: str) -> Item:
    return lines_item(text, _ROOM, font=BOLD, size=14, align="c", leading=18 / 14)


def _subtitle(text: str) -> Item:
    return lines_item(text, _ROOM, font=BOLD, size=11, align="c", leading=14 / 11)


def _heading(text: str, room: float = _ROOM) -> list[Item]:
    return [space(6), lines_item(text, room, font=BOLD, size=10, leading=1.3), space(3)]


def _body(text: str, *, font: str = REGULAR) -> Item:
    return lines_item(text, _ROOM, font=font, size=_SIZE + 0.5, leading=12 / (_SIZE + 0.5))


def _note(text: str) -> Item:
    return lines_item(text, _ROOM, font=ITALIC, size=_SIZE - 0.5, leading=1.25)


def _table(
    widths: Sequence[float],
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    right: Sequence[int] = (),
    total: Sequence[Cell] | None = None,
) -> tuple[Item, list[Item], list[Item]]:
    """A ruled table: bold grey header, the ``right`` columns right-aligned (numbers shrink
    to fit their column), text columns cut with an ellipsis, an optional bold total row."""
    columns = [
        Column(w, "r") if n in right else Column(w, "l", wrap=True, max_lines=1)
        for n, w in enumerate(widths)
    ]
    table = Table(columns, _SIZE)
    head = table.row([Cell(text, BOLD, align="c") for text in header], fill=HEADER_FILL)
    items = [table.row(row) for row in rows]
    tail = []
    if total is not None:
        tail.append(
            table.row(
                [Cell(c.text, BOLD, c.color, c.span, c.align) for c in total], fill=GROUP_FILL
            )
        )
    return head, items, tail


def _texts(values: Sequence[str]) -> list[Cell]:
    return [Cell(value) for value in values]


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
        String(width / 2, height - 10, title, fontName=BOLD, fontSize=9, textAnchor="middle")
    )
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 26
    chart.width, chart.height = width - 50, height - 48
    chart.data = [[max(value, 0) for _, value in bars]]
    chart.categoryAxis.categoryNames = [name for name, _ in bars]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 6.5
    if len(bars) > 16:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.tickLeft = 2
    chart.valueAxis.labels.dx = -4  # clear of the tick marks
    chart.valueAxis.labels.fontName = REGULAR
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
        String(width / 2, height - 10, title, fontName=BOLD, fontSize=9, textAnchor="middle")
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
        drawing.add(Rect(left, y - 1, 7, 7, fillColor=swatch, strokeColor=None))
        text = f"{row.key}  {_percent(row.net, whole, lang)}"
        drawing.add(String(left + 11, y, text, fontName=REGULAR, fontSize=7.5))
    return drawing


def _charts(report: EventReport, labels: dict[str, str], lang: str) -> Item:
    sales = report.sales
    width, height = _ROOM / 2 - 3, 62 * mm
    if len(sales.by_day) > 1:
        bar = _bar_chart(_day_bars(sales.by_day, lang), labels["chart_day"], lang, width, height)
    else:
        bars = _hour_bars(sales.by_hour)
        bar = _bar_chart(bars, labels["chart_hour"], lang, width, height)
    pie = _pie_chart(sales.by_institution, labels["chart_share"], lang, width, height)
    return chart_item([bar, pie], _ROOM)


# --------------------------------------------------------------------------------------------
# Page 1: the summary


def _method_label(method: str, lang: str) -> str:
    if lang == "en":
        return {"cash": "Cash", "qris": "QRIS", "transfer": "Bank transfer"}.get(
            method, method.upper()
        )
    return payment_method_label(method)


def _key_figures(report: EventReport, labels: dict[str, str]) -> list[Item]:
    sales = report.sales
    table = Table([Column(56 * mm, "l", wrap=True, max_lines=1), Column(28 * mm, "r")], _SIZE + 0.5)
    figures = [
        (labels["receipts"], format_number(sales.receipts)),
        (labels["gross"], format_rupiah(sales.gross)),
        (labels["discounts"], format_rupiah(sales.discounts)),
        (labels["refunds"], format_rupiah(sales.refunds)),
        (labels["net"], format_rupiah(sales.net)),
        (labels["money_due_all"], format_rupiah(report.money_due)),
    ]
    items = []
    for index, (label, value) in enumerate(figures):
        net = index == 4  # the net sales, which the rest is reached from: bold, shaded
        font = BOLD if net else REGULAR
        items.append(
            table.row([Cell(label, font), Cell(value, font)], fill=GROUP_FILL if net else None)
        )
    return items


def _methods(report: EventReport, labels: dict[str, str], lang: str) -> list[Item]:
    widths = [22 * mm, 14 * mm, 21 * mm, 15 * mm, 21 * mm]
    header = [
        labels[k] for k in ("col_method", "col_receipts", "col_taken", "col_refunds", "col_net")
    ]
    rows = [
        [
            Cell(_method_label(row.key, lang)),
            Cell(format_number(row.receipts)),
            money_cell(row.gross),
            money_cell(row.refunds),
            money_cell(row.net),
        ]
        for row in report.sales.by_payment_method
    ]
    head, items, _ = _table(widths, header, rows, right=(1, 2, 3, 4))
    return [head, *items]


def _institutions(
    report: EventReport, labels: dict[str, str], lang: str
) -> tuple[Item, list[Item], list[Item]]:
    sales = report.sales
    name_w = _ROOM - (14 + 16 + 14 + 26 + 24 + 28 + 16) * mm
    widths = [14 * mm, name_w, 16 * mm, 14 * mm, 26 * mm, 24 * mm, 28 * mm, 16 * mm]
    keys = ["col_code", "col_institution", "col_qty", "col_receipts", "col_gross"]
    keys += ["col_refunds", "col_net", "col_share"]
    rows = [
        [
            Cell(row.key),
            Cell(row.label),
            Cell(format_number(row.quantity)),
            Cell(format_number(row.receipts)),
            money_cell(row.gross),
            money_cell(row.refunds),
            money_cell(row.net),
            Cell(_percent(row.net, sales.net, lang)),
        ]
        for row in sales.by_institution
    ]
    total = [
        Cell(labels["total"], span=3),
        Cell(format_number(sales.receipts)),
        money_cell(sales.gross),
        money_cell(sales.refunds),
        money_cell(sales.net),
        Cell(""),
    ]
    return _table(widths, [labels[k] for k in keys], rows, right=(2, 3, 4, 5, 6, 7), total=total)


def _days_and_best_sellers(report: EventReport, labels: dict[str, str], lang: str) -> Item:
    sales = report.sales
    half = _ROOM / 2 - 2 * mm
    day_head, day_rows, _ = _table(
        [32 * mm, 14 * mm, 16 * mm, half - 62 * mm],
        [labels[k] for k in ("col_day", "col_receipts", "col_qty", "col_net")],
        [
            [
                Cell(dates.long_date(dt.date.fromisoformat(row.key), lang)),
                Cell(format_number(row.receipts)),
                Cell(format_number(row.quantity)),
                money_cell(row.net),
            ]
            for row in sales.by_day
        ],
        right=(1, 2, 3),
    )
    product_w = half - 8 * mm - 14 * mm - 24 * mm
    best_head, best_rows, _ = _table(
        [8 * mm, product_w, 14 * mm, 24 * mm],
        [labels[k] for k in ("col_no", "col_product", "col_qty", "col_net")],
        [
            [Cell(f"{n}."), Cell(row.label), Cell(format_number(row.quantity)), money_cell(row.net)]
            for n, row in enumerate(sales.best_sellers, start=1)
        ],
        right=(0, 2, 3),
    )
    return beside(
        [
            (0.0, [*_heading(labels["by_day"], half), day_head, *day_rows]),
            (_ROOM / 2, [*_heading(labels["best_sellers"], half), best_head, *best_rows]),
        ]
    )


def _summary(flow: Flow, report: EventReport, labels: dict[str, str], lang: str) -> None:
    sales = report.sales
    event = report.event
    flow.block([_title(labels["title"]), _subtitle(event.name), space(6)])
    flow.block(
        key_values(
            [
                (labels["event"], event.name),
                (labels["venue"], event.venue or "—"),
                (labels["dates"], dates.date_range(event.starts_on, event.ends_on, lang)),
                (labels["generated"], dates.date_time(report.generated_at, lang)),
            ],
            _ROOM,
            _SIZE + 0.5,
            label_font=BOLD,
        )
    )
    flow.block([space(4), *_heading(labels["summary"])])
    flow.block(
        [
            beside(
                [(0.0, _key_figures(report, labels)), (87 * mm, _methods(report, labels, lang))]
            ),
            space(6),
        ]
    )
    if sales.receipts:
        flow.block([_charts(report, labels, lang), space(4)])
    else:
        flow.block([_body(labels["no_sales"])])
    head, rows, total = _institutions(report, labels, lang)
    flow.table([*_heading(labels["by_institution"]), head], rows, total, continued=[head])
    flow.block([space(2), _days_and_best_sellers(report, labels, lang)])
    if report.tills:
        head, rows, _ = _tills(report, labels)
        flow.table([space(4), *_heading(labels["journal"]), head], rows, continued=[head])


def _tills(report: EventReport, labels: dict[str, str]) -> tuple[Item, list[Item], list[Item]]:
    """One line per till found in the event's data: the paper pins each till's chain (head
    seq and first 16 hex of its hash), its perpetual grand total and its key fingerprint."""
    # The till column holds "BPN1 · perangkat 3f2a9c1d" where two laptops used one code.
    widths = [36 * mm, 36 * mm, 28 * mm, 70 * mm]
    header = [labels[k] for k in ("col_till", "col_chain_head", "col_grand_total", "col_key")]
    # Two laptops set up with the same code are two rows: named with their device.
    names = till_labels(
        ((pin.till_code or "?", pin.till_id) for pin in report.tills), labels["device"]
    )
    rows = [
        [
            Cell(names[(pin.till_code or "?", pin.till_id)]),
            Cell(f"#{pin.seq} {pin.short_hash}"),
            money_cell(pin.grand_total),
            Cell(pin.fingerprint),
        ]
        for pin in report.tills
    ]
    return _table(widths, header, rows, right=(2,))


# --------------------------------------------------------------------------------------------
# One section per institution


def _goods_sold(flow: Flow, section: InstitutionSection, labels: dict[str, str]) -> None:
    widths = [10 * mm, 28 * mm, 0.0, 14 * mm, 14 * mm, 24 * mm, 20 * mm, 24 * mm]
    widths[2] = _ROOM - sum(widths)
    keys = ["col_no", "col_sku", "col_product", "col_qty", "col_unit", "col_gross"]
    keys += ["col_refunds", "col_net"]
    listed, left_out = goods_on_paper(section.goods_sold)
    rows = [
        [
            Cell(f"{n}."),
            Cell(item.sku),
            Cell(item.name),
            Cell(format_number(item.quantity)),
            Cell(item.unit),
            money_cell(item.gross),
            money_cell(item.refunds),
            money_cell(item.net),
        ]
        for n, item in enumerate(listed, start=1)
    ]
    if left_out:
        rows.append(
            [
                Cell(labels["others"].format(n=format_number(len(left_out))), ITALIC, span=3),
                Cell(format_number(sum(item.quantity for item in left_out))),
                Cell(""),
                money_cell(sum(item.gross for item in left_out)),
                money_cell(sum(item.refunds for item in left_out)),
                money_cell(sum(item.net for item in left_out)),
            ]
        )
    total = [
        Cell(labels["total"], span=3, align="r"),
        Cell(format_number(section.units_sold)),
        Cell(""),
        money_cell(section.gross),
        money_cell(section.refunds),
        money_cell(section.money_due),
    ]
    head, items, tail = _table(
        widths, [labels[k] for k in keys], rows, right=(0, 3, 5, 6, 7), total=total
    )
    flow.table([*_heading(labels["section_sold"]), head], items, tail, continued=[head])
    if left_out:
        shown, every = format_number(len(listed)), format_number(len(section.goods_sold))
        flow.block([space(2), _note(labels["goods_listed"].format(shown=shown, total=every))])


def _money_due(
    section: InstitutionSection, institution: str, labels: dict[str, str], lang: str
) -> Item:
    return money_box(
        labels["money_due"].format(institution=institution),
        section.money_due,
        amount_in_words(section.money_due, lang),
        _ROOM,
        _SIZE + 0.5,
        lang,
        detail=labels["money_due_detail"].format(
            gross=format_rupiah(section.gross),
            refunds=format_rupiah(section.refunds),
            receipts=format_number(section.receipts),
        ),
    )


def _closing_line(section: InstitutionSection, labels: dict[str, str], lang: str) -> Item:
    if section.closing_status == "none":
        return _body(labels["no_closing"], font=ITALIC)
    if section.closing_status == "open":
        return _body(labels["open_closing"], font=ITALIC)
    posted = [count for count in section.closing_counts if count.posted_at is not None]
    latest = max(posted, key=lambda count: count.id)
    assert latest.posted_at is not None  # filtered above
    return _body(
        labels["posted_closing"].format(
            when=dates.date_time(latest.posted_at, lang), by=latest.counted_by or "—"
        )
    )


def _variance(flow: Flow, section: InstitutionSection, labels: dict[str, str], lang: str) -> None:
    heading = _heading(labels["section_variance"])
    closing = _closing_line(section, labels, lang)
    if section.closing_status == "none":
        flow.block([*heading, closing])
        return
    if not section.variance_lines:
        flow.block([*heading, closing, _body(labels["no_tracked"])])
        return
    widths = [10 * mm, 28 * mm, 0.0, 19 * mm, 24 * mm, 16 * mm, 25 * mm]
    widths[2] = _ROOM - sum(widths)
    keys = ["col_no", "col_sku", "col_product", "col_expected", "col_counted", "col_variance"]
    keys += ["col_variance_value"]
    listed, left_out = variance_on_paper(section.variance_lines)
    rows = []
    for n, line in enumerate(listed, start=1):
        cells = [Cell(f"{n}."), Cell(line.sku), Cell(line.name), Cell(format_number(line.expected))]
        if line.counted is None or line.variance is None:
            cells += [Cell(labels["not_counted"]), Cell(""), Cell("")]
        else:
            cells += [
                Cell(format_number(line.counted)),
                Cell(format_signed_number(line.variance), *alarm(line.variance)),
                money_cell(line.variance_value or 0, signed=True),
            ]
        rows.append(cells)
    if left_out:
        # The same sums as the total's, over the lines left out: listed + left out = total.
        rest = VarianceTotals.of(left_out)
        rows.append(
            [
                Cell(labels["others"].format(n=format_number(len(left_out))), ITALIC, span=3),
                Cell(format_number(rest.expected)),
                Cell(format_number(rest.counted)),
                Cell(format_signed_number(rest.variance), *alarm(rest.variance)),
                money_cell(rest.variance_value, signed=True),
            ]
        )
    totals = section.variance_totals
    total = None
    if totals is not None:
        total = [
            Cell(labels["total"], span=3, align="r"),
            Cell(format_number(totals.expected)),
            Cell(format_number(totals.counted)),
            Cell(format_signed_number(totals.variance), *alarm(totals.variance)),
            money_cell(totals.variance_value, signed=True),
        ]
    head, items, tail = _table(
        widths, [labels[k] for k in keys], rows, right=(0, 3, 4, 5, 6), total=total
    )
    listed_note = _note(labels["variance_listed"])
    flow.table([*heading, closing, listed_note, space(3), head], items, tail, continued=[head])
    note = labels["variance_note"]
    if totals is not None and totals.uncounted:
        note = f"{note} {labels['uncounted'].format(n=format_number(totals.uncounted))}"
    flow.block([space(2), _note(note)])


def _signatures(
    report: EventReport,
    section: InstitutionSection,
    institution: str,
    labels: dict[str, str],
    lang: str,
) -> Item:
    """The event's person in charge on the left, the head of the institution (Kalapas/Karutan)
    on the right; names and NIP are written by hand (an event has no responsible staff yet)."""
    day = dates.local(report.generated_at).date()
    return signatures(
        Signer(labels["prepared_by"], labels["prepared_role"], report.event.name),
        Signer(labels["acknowledged_by"], signer_title(section.kind, lang), institution),
        dates.place_and_date(None, report.event.venue, day, lang),
        _ROOM,
        _SIZE + 0.5,
        lang,
    )


def _institution(
    flow: Flow, report: EventReport, section: InstitutionSection, labels: dict[str, str], lang: str
) -> None:
    institution = institution_title(section.kind, section.name)
    flow.page_break()
    flow.block(
        [
            _title(labels["title"]),
            _subtitle(f"{institution} ({section.code})"),
            lines_item(report.event.name, _ROOM, size=_SIZE + 0.5, align="c", leading=12 / 9),
            space(4),
        ]
    )
    if section.goods_sold:
        _goods_sold(flow, section, labels)
    else:
        flow.block([*_heading(labels["section_sold"]), _body(labels["no_goods_sold"], font=ITALIC)])
    flow.block(
        [space(4), *_heading(labels["section_due"]), _money_due(section, institution, labels, lang)]
    )
    flow.block([space(4)])
    _variance(flow, section, labels, lang)
    flow.block([space(10), _signatures(report, section, institution, labels, lang)])


@collector_paused()
def render_event_report_pdf(report: EventReport, *, language: str = "id") -> bytes:
    """The end-of-event report as the bytes of an A4 portrait PDF (Indonesian by default,
    English with ``language="en"``)."""
    register_fonts()  # the charts draw their strings with the kit's faces
    lang = language_key(language)
    labels = LABELS[lang]
    flow = Flow(_PAGE)
    _summary(flow, report, labels, lang)
    for section in report.institutions:
        _institution(flow, report, section, labels, lang)
    title = f"{labels['doc']} — {report.event.name}"
    return draw_pages(
        flow,
        title=title,
        author=report.event.name,
        subject=labels["doc"],
        footer_left=title,
        language=lang,
    )
