"""The X and Z reports of a shift as PDF: on a 58 mm / 80 mm thermal roll, or on A4.

What the report says is :class:`bazaar_pos.people.shifts.ShiftReport`; this module lays it out
on the till-roll template of the kit (:mod:`bazaar_pos.papers.kit.roll`), like the receipt: a
roll page exactly as tall as its content, A4 paginated with page numbers. The A4 report has
signature lines for the cashier and the supervisor who checked the drawer.
"""

from __future__ import annotations

from pathlib import Path

from bazaar_pos.db.journal import ChainPin
from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_number, format_rupiah, format_signed_rupiah
from bazaar_pos.papers.kit import dates
from bazaar_pos.papers.kit.fonts import BOLD
from bazaar_pos.papers.kit.language import labels_for
from bazaar_pos.papers.kit.roll import GEOMETRY, PaperSize, RollGeometry, RollLayout, render_roll
from bazaar_pos.papers.kit.sheet import Signer
from bazaar_pos.people.shifts import ShiftReport

__all__ = ["LABELS", "render_shift_report_bytes", "render_shift_report_pdf"]

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "x_title": "LAPORAN X (sementara)",
        "z_title": "LAPORAN Z No. {z}",
        "x_note": "Shift masih terbuka: angka sampai saat dicetak.",
        "till": "Kasa",
        "event": "Acara",
        "opened": "Dibuka",
        "closed": "Ditutup",
        "printed": "Dicetak",
        "opened_by": "Dibuka oleh",
        "closed_by": "Ditutup oleh",
        "cashiers": "Kasir",
        "sales": "Penjualan",
        "sale_count": "Jumlah transaksi",
        "gross": "Penjualan kotor",
        "discounts": "Diskon",
        "sales_total": "Penjualan bersih",
        "refunds": "Refund",
        "refund_count": "Jumlah refund",
        "net_total": "Total setelah refund",
        "methods": "Per metode pembayaran",
        "method": "Metode",
        "net": "Bersih",
        "cash": "Tunai",
        "qris": "QRIS",
        "transfer": "Transfer bank",
        "drawer": "Kas (laci uang)",
        "float": "Modal awal",
        "cash_sales": "Penjualan tunai (setelah kembalian)",
        "paid_in": "Uang masuk",
        "paid_out": "Uang keluar",
        "cash_refunds": "Refund tunai",
        "expected": "Seharusnya di laci",
        "count": "Hitungan uang",
        "denomination": "Pecahan",
        "quantity": "Jumlah",
        "subtotal": "Subtotal",
        "note": "kertas",
        "coin": "koin",
        "counted": "Uang dihitung",
        "difference": "Selisih",
        "over": "lebih",
        "short": "kurang",
        "balanced": "cocok",
        "remark": "Catatan",
        "movements": "Uang masuk / keluar",
        "sign_cashier": "Kasir",
        "sign_supervisor": "Supervisor",
        "page": "Halaman",
        "journal": "Jurnal anti-ubah",
        "chain_head": "Ujung rantai",
        "grand_total": "Total besar kumulatif",
        "fingerprint": "Sidik kunci kasa",
        "journal_short": "Jurnal",
        "grand_short": "Total besar",
        "key_short": "Kunci",
    },
    "en": {
        "x_title": "X REPORT (interim)",
        "z_title": "Z REPORT No. {z}",
        "x_note": "The shift is still open: figures up to printing time.",
        "till": "Till",
        "event": "Event",
        "opened": "Opened",
        "closed": "Closed",
        "printed": "Printed",
        "opened_by": "Opened by",
        "closed_by": "Closed by",
        "cashiers": "Cashiers",
        "sales": "Sales",
        "sale_count": "Transactions",
        "gross": "Gross sales",
        "discounts": "Discounts",
        "sales_total": "Net sales",
        "refunds": "Refunds",
        "refund_count": "Refunds issued",
        "net_total": "Total after refunds",
        "methods": "By payment method",
        "method": "Method",
        "net": "Net",
        "cash": "Cash",
        "qris": "QRIS",
        "transfer": "Bank transfer",
        "drawer": "Cash drawer",
        "float": "Opening float",
        "cash_sales": "Cash sales (after change)",
        "paid_in": "Paid in",
        "paid_out": "Paid out",
        "cash_refunds": "Cash refunds",
        "expected": "Expected in drawer",
        "count": "Cash count",
        "denomination": "Denomination",
        "quantity": "Qty",
        "subtotal": "Subtotal",
        "note": "note",
        "coin": "coin",
        "counted": "Counted cash",
        "difference": "Difference",
        "over": "over",
        "short": "short",
        "balanced": "balanced",
        "remark": "Note",
        "movements": "Paid in / paid out",
        "sign_cashier": "Cashier",
        "sign_supervisor": "Supervisor",
        "page": "Page",
        "journal": "Tamper-evident journal",
        "chain_head": "Chain head",
        "grand_total": "Perpetual grand total",
        "fingerprint": "Till key fingerprint",
        "journal_short": "Journal",
        "grand_short": "Grand total",
        "key_short": "Key",
    },
}


def _method_label(method: str, labels: dict[str, str]) -> str:
    return labels.get(method, method.upper()) if method in ("cash", "qris", "transfer") else method


def _build(
    report: ShiftReport, g: RollGeometry, labels: dict[str, str], language: str
) -> RollLayout:
    lay = RollLayout(g, leading=1.25)
    shift = report.shift
    title = labels["z_title"].format(z=report.z_number) if report.is_final else labels["x_title"]
    lay.add(lay.lines(title, font=BOLD, size=g.title, align="c"))
    if not report.is_final:
        lay.add(lay.lines(labels["x_note"], size=g.small, align="c"))
    if report.event_name:
        lay.add(lay.lines(report.event_name, font=BOLD, align="c"))
    lay.add(lay.rule())

    lay.add(lay.pair(f"{labels['till']}:", report.till_code))
    if report.event_name:
        lay.add(lay.pair(f"{labels['event']}:", report.event_name))
    lay.add(lay.pair(f"{labels['opened']}:", dates.short_date_time(shift.opened_at)))
    if report.is_final:
        lay.add(lay.pair(f"{labels['closed']}:", dates.short_date_time(shift.closed_at)))
    else:
        lay.add(lay.pair(f"{labels['printed']}:", dates.short_date_time(report.generated_at)))
    lay.add(lay.pair(f"{labels['opened_by']}:", shift.opened_by))
    if report.is_final and shift.closed_by:
        lay.add(lay.pair(f"{labels['closed_by']}:", shift.closed_by))
    if report.cashiers:
        lay.add(lay.lines(f"{labels['cashiers']}: {', '.join(report.cashiers)}"))
    lay.add(lay.rule())

    lay.add(lay.lines(labels["sales"], font=BOLD))
    lay.add(lay.pair(labels["sale_count"], format_number(report.sale_count)))
    lay.add(lay.pair(labels["gross"], format_rupiah(report.gross_sales)))
    lay.add(lay.pair(labels["discounts"], format_rupiah(report.discounts_total)))
    lay.add(lay.pair(labels["sales_total"], format_rupiah(report.sales_total)))
    lay.add(lay.pair(labels["refund_count"], format_number(report.refund_count)))
    lay.add(lay.pair(labels["refunds"], format_rupiah(report.refunds_total)))
    lay.add(lay.pair(labels["net_total"], format_rupiah(report.net_total), font=BOLD))
    lay.add(lay.rule())

    lay.add(lay.lines(labels["methods"], font=BOLD))
    shares = (0.31, 0.23, 0.23, 0.23)
    header = lay.columns(
        [labels["method"], labels["sales"], labels["refunds"], labels["net"]], shares, font=BOLD
    )
    rows = [
        lay.columns(
            [
                _method_label(m.method, labels),
                format_rupiah(m.sales),
                format_rupiah(m.refunds),
                format_rupiah(m.net),
            ],
            shares,
        )
        for m in report.methods
    ]
    if header is not None and all(row is not None for row in rows):
        lay.add(header)
        for row in rows:
            lay.add(row)
    else:  # too narrow for four columns (58 mm roll): one small block per method
        for m in report.methods:
            lay.add(
                lay.lines(_method_label(m.method, labels), font=BOLD)
                + lay.pair(f"  {labels['sales']}", format_rupiah(m.sales))
                + lay.pair(f"  {labels['refunds']}", format_rupiah(m.refunds))
                + lay.pair(f"  {labels['net']}", format_rupiah(m.net))
            )
    lay.add(lay.rule())

    lay.add(lay.lines(labels["drawer"], font=BOLD))
    lay.add(lay.pair(labels["float"], format_rupiah(report.opening_float)))
    lay.add(lay.pair(labels["cash_sales"], "+" + format_rupiah(report.cash_sales)))
    lay.add(lay.pair(labels["paid_in"], "+" + format_rupiah(report.paid_in)))
    lay.add(lay.pair(labels["paid_out"], "-" + format_rupiah(report.paid_out)))
    lay.add(lay.pair(labels["cash_refunds"], "-" + format_rupiah(report.cash_refunds)))
    lay.add(lay.pair(labels["expected"], format_rupiah(report.expected_cash), font=BOLD))
    if report.cash_movements:
        lay.add(lay.gap())
        lay.add(lay.lines(labels["movements"], font=BOLD))
        for movement in report.cash_movements:
            sign = "+" if movement.paid_in else "-"
            kind = labels["paid_in"] if movement.paid_in else labels["paid_out"]
            lay.add(
                lay.pair(
                    f"{dates.short_date_time(movement.created_at)[-5:]} {kind}",
                    sign + format_rupiah(movement.amount),
                )
                + lay.lines(f"  {movement.reason} ({movement.user_name})", size=g.small + 0.5)
            )

    if report.is_final:
        lay.add(lay.rule())
        lay.add(lay.lines(labels["count"], font=BOLD))
        shares3 = (0.5, 0.16, 0.34)
        header3 = lay.columns(
            [labels["denomination"], labels["quantity"], labels["subtotal"]], shares3, font=BOLD
        )
        count_rows = [
            lay.columns(
                [
                    f"{format_rupiah(c.denomination.value)} {labels[c.denomination.form]}",
                    format_number(c.quantity),
                    format_rupiah(c.subtotal),
                ],
                shares3,
            )
            for c in report.counted
        ]
        if header3 is not None and all(row is not None for row in count_rows):
            lay.add(header3)
            for row in count_rows:
                lay.add(row)
        else:
            for c in report.counted:
                lay.add(
                    lay.pair(
                        f"{format_rupiah(c.denomination.value)} {labels[c.denomination.form]}"
                        f" x {format_number(c.quantity)}",
                        format_rupiah(c.subtotal),
                    )
                )
        lay.add(lay.gap(0.3))
        counted = report.counted_cash or 0
        difference = report.difference or 0
        lay.add(lay.pair(labels["counted"], format_rupiah(counted), font=BOLD))
        lay.add(lay.pair(labels["expected"], format_rupiah(report.expected_cash)))
        verdict = (
            labels["over"]
            if difference > 0
            else labels["short"]
            if difference < 0
            else labels["balanced"]
        )
        lay.add(
            lay.pair(
                f"{labels['difference']} ({verdict})",
                format_signed_rupiah(difference),
                font=BOLD,
                size=g.body + 1,
            )
        )
        if report.note:
            lay.add(lay.lines(f"{labels['remark']}: {report.note}"))
    if report.chain is not None and g.is_roll:
        _chain_block(lay, g, labels, report.chain)
    if not g.is_roll:
        # The supervisor's name is printed only when a supervisor closed the shift; otherwise
        # the one who checks the drawer writes it by hand.
        closer = shift.closed_by or ""
        supervisor = closer if closer != shift.opened_by else ""
        lay.add(lay.gap(0.75))  # the signatures bring their own room to sign
        lay.add(
            lay.signatures(
                [
                    Signer(labels["sign_cashier"], name=shift.opened_by),
                    Signer(labels["sign_supervisor"], name=supervisor),
                ],
                nip=True,
                language=language,
            )
        )
    lay.add(lay.gap(0.3))
    footer = report.shift.uuid
    if report.chain is not None and not g.is_roll:
        # A Z report that fitted one page of A4 still does: the journal shares the last line.
        pin = report.chain
        footer = (
            f"{footer} · {labels['journal_short']} #{pin.seq} {pin.short_hash} · "
            f"{labels['grand_short']} {format_rupiah(pin.grand_total)} · "
            f"{labels['key_short']} {pin.fingerprint}"
        )
    lay.add(lay.lines(footer, size=g.small if g.is_roll else g.small - 1.5, align="c"))
    return lay


def _chain_block(lay: RollLayout, g: RollGeometry, labels: dict[str, str], pin: ChainPin) -> None:
    """The journal the signed paper pins: the Z's link (seq, first 16 hex of its hash), the
    till's perpetual grand total there and the till's key fingerprint (``bazaar-pos verify``
    and the office's import show the same)."""
    lay.add(lay.rule())
    lay.add(lay.lines(labels["journal"], font=BOLD))
    lay.add(lay.pair(labels["chain_head"], f"#{pin.seq} {pin.short_hash}"))
    lay.add(lay.pair(labels["grand_total"], format_rupiah(pin.grand_total)))
    lay.add(lay.lines(f"{labels['fingerprint']}:"))  # too long for a pair on a roll
    lay.add(lay.lines(pin.fingerprint, size=g.small, align="c"))


def render_shift_report_bytes(
    report: ShiftReport, *, paper: str = "80mm", language: str = "id"
) -> bytes:
    """The report as PDF bytes (see :func:`render_shift_report_pdf`)."""
    labels = labels_for(LABELS, language)
    try:
        g = GEOMETRY[PaperSize(paper)]
    except ValueError:
        raise ValueError(f"unsupported paper {paper!r}") from None
    title = labels["z_title"].format(z=report.z_number) if report.is_final else labels["x_title"]

    def footer(number: int, pages: int) -> str:
        return f"{report.till_code} · {title} · {labels['page']} {number}/{pages}"

    return render_roll(
        _build(report, g, labels, language),
        title=f"{report.till_code} {title}",
        author=report.event_name or report.till_code,
        page_footer=footer,
    )


def render_shift_report_pdf(
    report: ShiftReport, path: Path, *, paper: str = "80mm", language: str = "id"
) -> Path:
    """Write the X (shift open) or Z (closed) report as a PDF to ``path``, atomically (a
    temporary name, then a rename: a crash never leaves half a report). Returns ``path``."""
    data = render_shift_report_bytes(report, paper=paper, language=language)
    return write_file_atomically(Path(path), data)
