"""The variance report of an event as an A4 landscape PDF, signed by the staff who counted and
the supervising officer.

One ruled table per institution (its header and the column header repeat when it continues on
a new page), a subtotal per institution, the event total, how many products were not counted,
how the figures are reached, and the two signature blocks. The figures are those of
:func:`bazaar_pos.stock.variance.variance_report`; the page template is the kit's
(:mod:`bazaar_pos.papers.kit.sheet`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_number, format_signed_number
from bazaar_pos.papers.kit import dates
from bazaar_pos.papers.kit.fonts import BOLD, ITALIC
from bazaar_pos.papers.kit.language import language_key
from bazaar_pos.papers.kit.sheet import (
    GREY,
    GROUP_FILL,
    HEADER_FILL,
    LANDSCAPE,
    Cell,
    Column,
    Flow,
    Item,
    Signer,
    Table,
    alarm,
    draw_pages,
    key_values,
    lines_item,
    money_cell,
    signatures,
    space,
)
from bazaar_pos.stock.documents import (
    CountSummary,
    InstitutionVariance,
    VarianceLine,
    VarianceReport,
    VarianceTotals,
)

__all__ = ["LABELS", "render_variance_pdf"]

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "variance_title": "LAPORAN SELISIH STOK",
        "variance_doc": "Laporan Selisih Stok",
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
    },
    "en": {
        "variance_title": "STOCK VARIANCE REPORT",
        "variance_doc": "Stock variance report",
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
    },
}

_SIZE = 8.0
_NUMBER_KEYS = (
    "col_opening",
    "col_arrivals",
    "col_sold",
    "col_refunded",
    "col_returned",
    "col_damaged",
    "col_adjusted",
)


def _variance_table(labels: dict[str, str], room: float) -> tuple[Table, Item]:
    fixed = [
        Column(66, "l", wrap=True, max_lines=2),  # SKU
        *[Column(41, "r") for _ in _NUMBER_KEYS],
        Column(50, "r"),  # expected
        Column(60, "r"),  # counted ("belum dihitung")
        Column(44, "r"),  # variance
        Column(74, "r"),  # variance Rp
    ]
    name = Column(room - sum(c.width for c in fixed), "l", wrap=True, max_lines=4)
    table = Table([fixed[0], name, *fixed[1:]], _SIZE)
    keys = ["col_sku", "col_product", *_NUMBER_KEYS]
    keys += ["col_expected", "col_counted", "col_variance", "col_variance_value"]
    header = table.row([Cell(labels[k], BOLD) for k in keys], fill=HEADER_FILL)
    return table, header


def _variance_cells(line: VarianceLine, labels: dict[str, str]) -> list[Cell]:
    if not line.track_stock:
        blank = Cell("")
        return [
            Cell(line.sku),
            Cell(line.name),
            blank,
            blank,
            Cell(format_number(line.sold)),
            *[blank] * 5,
            Cell(labels["not_tracked"], ITALIC, GREY),
            Cell("—", color=GREY),
            Cell("—", color=GREY),
        ]
    figures = [line.opening, line.arrivals, line.sold, line.refunded]
    figures += [line.returned, line.damaged, line.adjusted, line.expected]
    cells = [Cell(line.sku), Cell(line.name), *[Cell(format_number(v)) for v in figures]]
    if line.counted is None:
        cells.append(Cell(labels["not_counted"], ITALIC, GREY))
    else:
        cells.append(Cell(format_number(line.counted)))
    return cells + _variance_figures(line.variance, line.variance_value)


def _variance_figures(variance: int | None, value: int | None) -> list[Cell]:
    if variance is None:
        return [Cell("—", color=GREY), Cell("—" if value is None else "", color=GREY)]
    quantity = Cell(format_signed_number(variance), *alarm(variance))
    if value is None:
        return [quantity, Cell("—", color=GREY)]
    return [quantity, money_cell(value, signed=True)]


def _totals_cells(label: str, totals: VarianceTotals) -> list[Cell]:
    figures = [totals.opening, totals.arrivals, totals.sold, totals.refunded, totals.returned]
    figures += [totals.damaged, totals.adjusted, totals.expected, totals.counted]
    cells = [Cell(label, BOLD, span=2, align="l")]
    cells += [Cell(format_number(v), BOLD) for v in figures]
    variance = _variance_figures(totals.variance, totals.variance_value)
    return cells + [Cell(cell.text, BOLD, cell.color) for cell in variance]


def _counts_items(
    report: VarianceReport, labels: dict[str, str], lang: str, room: float
) -> list[Item]:
    columns = [
        Column(62, "l", wrap=True),
        Column(74, "l", wrap=True),
        Column(70, "l", wrap=True),
        Column(98, "l", wrap=True),  # "24 November 2026 16.46" on one line
        Column(98, "l", wrap=True),
    ]
    rest = (room - sum(c.width for c in columns)) / 3
    columns += [Column(rest, "l", wrap=True) for _ in range(3)]
    table = Table(columns, 7.5)
    keys = ["count_kind", "count_scope", "count_status", "count_started", "count_posted"]
    keys += ["count_counted_by", "count_supervised_by", "count_note"]
    items = [table.row([Cell(labels[k], BOLD) for k in keys], fill=HEADER_FILL)]

    def row(count: CountSummary) -> Item:
        notes = []
        if count.blind:
            notes.append(labels["blind"])
        if count.uncounted_as_zero:
            notes.append(labels["uncounted_as_zero"])
        posted = dates.date_time(count.posted_at, lang) if count.posted_at else "—"
        return table.row(
            [
                Cell(labels.get(f"kind_{count.kind}", count.kind)),
                Cell(count.institution_code or labels["scope_all"]),
                Cell(labels.get(f"status_{count.status}", count.status)),
                Cell(dates.date_time(count.started_at, lang)),
                Cell(posted),
                Cell(count.counted_by or "—"),
                Cell(count.supervised_by or "—"),
                Cell(", ".join(notes)),
            ]
        )

    for kind, counts, missing in (
        ("kind_opening", report.opening_counts, "no_opening"),
        ("kind_closing", report.closing_counts, "no_closing"),
    ):
        if counts:
            items += [row(count) for count in counts]
        else:
            items.append(table.row([Cell(labels[kind]), Cell(labels[missing], ITALIC, span=7)]))
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

    ``counted_by`` / ``supervised_by`` default to the names on the closing counts; ``place``
    (the town before the date above the signatures) defaults to the event's venue.
    """
    lang = language_key(language)
    labels = LABELS[lang]
    room = LANDSCAPE.width
    flow = Flow(LANDSCAPE)

    # Title and what the report is about.
    flow.block(
        [
            lines_item(labels["variance_title"], room, font=BOLD, size=15, align="c"),
            lines_item(report.event_name, room, font=BOLD, size=11, align="c"),
            space(6),
        ]
    )
    flow.block(
        key_values(
            [
                (labels["venue"], report.venue or "—"),
                (labels["dates"], dates.date_range(report.starts_on, report.ends_on, lang)),
                (labels["generated"], dates.date_time(report.generated_at, lang)),
            ],
            room,
            8.5,
        )
    )
    flow.block([space(5), lines_item(labels["counts_used"], room, font=BOLD, size=9)])
    for item in _counts_items(report, labels, lang, room):
        flow.block([item])
    flow.block([space(10)])

    table, column_header = _variance_table(labels, room)
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
            institution = InstitutionVariance(institution_id, code, "", VarianceTotals.of(lines))
        if not lines and institution.totals.products == 0:
            continue

        def group_header(continued: bool, inst: InstitutionVariance = institution) -> Item:
            text = f"{inst.code}  ·  {inst.name}" if inst.name else inst.code
            if continued:
                text += f" ({labels['continued']})"
            return table.row([Cell(text, BOLD, span=len(table.columns))], fill=GROUP_FILL, size=9)

        rows = [table.row(_variance_cells(line, labels)) for line in lines]
        label = labels["subtotal"].format(
            code=institution.code, products=_products(institution.totals.products, labels)
        )
        if institution.totals.uncounted:
            label += labels["subtotal_uncounted"].format(
                uncounted=format_number(institution.totals.uncounted)
            )
        subtotal = table.row(_totals_cells(label, institution.totals), fill=GROUP_FILL)
        flow.table(
            [group_header(False), column_header],
            rows,
            [subtotal],
            continued=[group_header(True), column_header],
        )
        flow.block([space(8)])

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
    day = dates.local(report.generated_at).date()
    flow.block(
        [
            column_header,
            table.row(_totals_cells(total_label, totals), fill=HEADER_FILL, size=8.5),
            space(6),
            lines_item(uncounted, room, font=BOLD, size=9),
            space(2),
            lines_item(labels["formula"], room, size=7.5, color=GREY),
            space(12),
            signatures(
                Signer(labels["counted_by"], name=counter),
                Signer(labels["supervised_by"], name=supervisor),
                dates.place_and_date(place, report.venue, day, lang),
                room,
                9.5,
                lang,
            ),
        ]
    )

    title = f"{labels['variance_doc']} — {report.event_name}"
    generated = f"{labels['generated']} {dates.date_time(report.generated_at, lang)}"
    data = draw_pages(
        flow,
        title=title,
        author=report.event_name,
        footer_left=f"{title} · {generated}",
        language=lang,
    )
    return write_file_atomically(Path(path), data)
