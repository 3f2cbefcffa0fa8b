"""The handover record (*berita acara serah terima barang*) as an A4 portrait PDF: the unsold
goods going back to an institution at the end of an event, signed by both sides.

Goods returned and goods sold, each with totals, the money due to the institution in figures
and in words, the two signature blocks, and the handover's UUID at the foot of every page. The
figures are those of :func:`bazaar_pos.stock.returns.handover_document`; the page template is
the kit's (:mod:`bazaar_pos.papers.kit.sheet`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bazaar_pos.catalog.institutions import institution_title
from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.papers.kit import dates
from bazaar_pos.papers.kit.fonts import BOLD, ITALIC
from bazaar_pos.papers.kit.language import language_key
from bazaar_pos.papers.kit.sheet import (
    GROUP_FILL,
    HEADER_FILL,
    PORTRAIT,
    Cell,
    Column,
    Flow,
    Item,
    Signer,
    Table,
    draw_pages,
    key_values,
    lines_item,
    money_box,
    signatures,
    space,
)
from bazaar_pos.papers.kit.words import amount_in_words
from bazaar_pos.stock.documents import HandoverDocument, HandoverLine

__all__ = ["LABELS", "render_handover_pdf"]

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "handover_title": "BERITA ACARA SERAH TERIMA BARANG",
        "handover_doc": "Berita Acara Serah Terima Barang",
        "event": "Acara",
        "venue": "Tempat",
        "dates": "Tanggal acara",
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
        "continued": "lanjutan",
        "col_no": "No.",
        "col_sku": "SKU",
        "col_item": "Nama barang",
        "col_quantity": "Jumlah",
        "col_unit": "Satuan",
        "col_unit_price": "Harga satuan",
        "col_value": "Nilai",
        "col_takings": "Hasil penjualan",
        "total": "Total",
        "money_due": "Uang hasil penjualan yang menjadi hak {institution}:",
        "handed_over_by": "Yang menyerahkan,",
        "handed_over_role": "Petugas bazar",
        "received_by": "Yang menerima,",
        "received_role": "Petugas {institution}",
        "handover_id": "ID serah terima",
    },
    "en": {
        "handover_title": "HANDOVER RECORD",
        "handover_doc": "Handover record",
        "event": "Event",
        "venue": "Venue",
        "dates": "Event dates",
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
        "continued": "continued",
        "col_no": "No.",
        "col_sku": "SKU",
        "col_item": "Item",
        "col_quantity": "Quantity",
        "col_unit": "Unit",
        "col_unit_price": "Unit price",
        "col_value": "Value",
        "col_takings": "Takings",
        "total": "Total",
        "money_due": "Sales money due to {institution}:",
        "handed_over_by": "Handed over by,",
        "handed_over_role": "Bazaar staff",
        "received_by": "Received by,",
        "received_role": "Officer of {institution}",
        "handover_id": "Handover ID",
    },
}

_SIZE = 8.5


def _handover_table(
    lines: Sequence[HandoverLine],
    labels: dict[str, str],
    room: float,
    *,
    with_price: bool,
    units: int,
    value: int,
) -> tuple[Item, list[Item], Item]:
    fixed_left = [Column(22, "r"), Column(72, "l", wrap=True, max_lines=2)]
    fixed_right = [Column(48, "r"), Column(42, "l", wrap=True, max_lines=2)]
    if with_price:
        fixed_right += [Column(70, "r"), Column(78, "r")]
    else:
        fixed_right += [Column(90, "r")]
    name = Column(room - sum(c.width for c in fixed_left + fixed_right), "l", True, 5)
    table = Table([*fixed_left, name, *fixed_right], _SIZE)
    keys = ["col_no", "col_sku", "col_item", "col_quantity", "col_unit"]
    keys += ["col_unit_price", "col_value"] if with_price else ["col_takings"]
    header = table.row([Cell(labels[k], BOLD, align="c") for k in keys], fill=HEADER_FILL)
    rows = []
    for n, line in enumerate(lines, start=1):
        cells = [Cell(f"{n}."), Cell(line.sku), Cell(line.name)]
        cells += [Cell(format_number(line.quantity)), Cell(line.unit)]
        if with_price:
            cells.append(Cell(format_rupiah(line.unit_price)))
        cells.append(Cell(format_rupiah(line.value)))
        rows.append(table.row(cells))
    total_cells = [Cell(labels["total"], BOLD, span=3, align="r")]
    total_cells += [Cell(format_number(units), BOLD), Cell("")]
    if with_price:
        total_cells.append(Cell(""))
    total_cells.append(Cell(format_rupiah(value), BOLD))
    return header, rows, table.row(total_cells, fill=GROUP_FILL)


def render_handover_pdf(
    document: HandoverDocument,
    path: Path,
    *,
    language: str = "id",
    place: str | None = None,
) -> Path:
    """Write the handover record as an A4 portrait PDF at ``path`` (atomically; parent folders
    are created) and return the path. ``place`` (before the date above the signatures)
    defaults to the event's venue."""
    lang = language_key(language)
    labels = LABELS[lang]
    room = PORTRAIT.width
    size = 9.5
    flow = Flow(PORTRAIT)
    institution = institution_title(document.institution_kind, document.institution_name)
    local = dates.local(document.created_at)
    clock = f"{dates.clock(local, lang)} {dates.zone_name(document.created_at)}".strip()

    flow.block(
        [
            lines_item(labels["handover_title"], room, font=BOLD, size=14, align="c"),
            space(4),
            lines_item(document.event_name, room, font=BOLD, size=10.5, align="c"),
            space(10),
        ]
    )
    flow.block(
        key_values(
            [
                (labels["event"], document.event_name),
                (labels["venue"], document.venue or "—"),
                (labels["dates"], dates.date_range(document.starts_on, document.ends_on, lang)),
                (
                    labels["institution"],
                    f"{institution} ({labels['code']} {document.institution_code})",
                ),
                (labels["handover_time"], f"{dates.long_date(local.date(), lang)} {clock}"),
            ],
            room,
            size,
        )
    )
    intro = labels["handover_intro" if document.venue.strip() else "handover_intro_no_venue"]
    flow.block(
        [
            space(8),
            lines_item(
                intro.format(
                    weekday=dates.weekday(local.date(), lang),
                    date=dates.long_date(local.date(), lang),
                    time=clock,
                    venue=document.venue.strip(),
                    institution=institution,
                    event=document.event_name,
                ),
                room,
                size=size,
                leading=1.35,
            ),
            space(8),
        ]
    )

    sections = (
        ("returned_section", "no_returned", document.returned, True, document.returned_units,
         document.returned_value),
        ("sold_section", "no_sold", document.sold, False, document.sold_units,
         sum(line.value for line in document.sold)),
    )  # fmt: skip
    for title_key, empty_key, lines, with_price, units, value in sections:
        heading = lines_item(labels[title_key], room, font=BOLD, size=10.5)
        if not lines:
            flow.block(
                [
                    heading,
                    space(2),
                    lines_item(labels[empty_key], room, font=ITALIC, size=size),
                    space(10),
                ]
            )
            continue
        header, rows, total = _handover_table(
            lines, labels, room, with_price=with_price, units=units, value=value
        )
        continued = lines_item(
            f"{labels[title_key]} ({labels['continued']})", room, font=BOLD, size=10.5
        )
        flow.table(
            [heading, space(3), header], rows, [total], continued=[continued, Item(3), header]
        )
        flow.block([space(12)])

    box = money_box(
        labels["money_due"].format(institution=institution),
        document.money_due,
        amount_in_words(document.money_due, lang),
        room,
        size,
        lang,
    )
    signers = signatures(
        Signer(labels["handed_over_by"], labels["handed_over_role"], name=document.handed_over_by),
        Signer(
            labels["received_by"],
            labels["received_role"].format(institution=institution),
            name=document.received_by,
        ),
        dates.place_and_date(place, document.venue, local.date(), lang),
        room,
        size,
        lang,
    )
    flow.block([box, space(18), signers])

    title = f"{labels['handover_doc']} — {document.institution_code} — {document.event_name}"
    data = draw_pages(
        flow,
        title=title,
        author=document.event_name,
        footer_left=f"{labels['handover_id']}: {document.handover_uuid}",
        language=lang,
    )
    return write_file_atomically(Path(path), data)
