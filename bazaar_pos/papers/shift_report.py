"""The X and Z reports of a shift as PDF: 58 mm / 80 mm thermal rolls and A4.

Qt-free, like :mod:`bazaar_pos.papers.receipt`, with the same geometry: a thermal page is exactly as
tall as its content (measured before anything is drawn), A4 is paginated with page numbers.
Built-in Helvetica, real text, so tests read the figures back with pypdf. The A4 report has
signature lines for the cashier and the supervisor who checked the drawer.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bazaar_pos.db.models import CashMovementKind
from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import format_number, format_rupiah, format_signed_rupiah
from bazaar_pos.people.shifts import ShiftReport

__all__ = ["LABELS", "render_shift_report_pdf"]

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
    },
}

Paper = Literal["58mm", "80mm", "a4"]

_REGULAR = "Helvetica"
_BOLD = "Helvetica-Bold"
# PDF viewers and printer drivers commonly reject pages taller than 200 in (14400 pt).
_MAX_PAGE_HEIGHT = 14_400.0


@dataclass(frozen=True, slots=True)
class _Geometry:
    width: float
    fixed_height: float | None  # None: as tall as the content (thermal roll)
    margin_x: float
    margin_y: float
    body: float
    title: float
    small: float

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin_x


# Thermal printers print ~48 mm of a 58 mm roll and ~72 mm of an 80 mm roll (as receipts.py).
_GEOMETRY: dict[str, _Geometry] = {
    "58mm": _Geometry(58 * mm, None, 5 * mm, 3 * mm, 7.5, 9.5, 6.0),
    "80mm": _Geometry(80 * mm, None, 4 * mm, 3 * mm, 8.5, 11.0, 6.5),
    "a4": _Geometry(A4[0], A4[1], 20 * mm, 18 * mm, 10.0, 15.0, 8.0),
}

_Align = Literal["l", "c", "r"]


@dataclass(frozen=True, slots=True)
class _Text:
    x: float
    align: _Align
    text: str
    font: str
    size: float


@dataclass(frozen=True, slots=True)
class _Row:
    height: float
    texts: tuple[_Text, ...] = ()
    baseline: float = 0.0
    rule: bool = False
    signature: bool = False  # solid lines to sign on, at the x of each text


_Block = list[_Row]


def _width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
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
    return lines


class _Layout:
    def __init__(self, geometry: _Geometry) -> None:
        self.g = geometry
        self.blocks: list[_Block] = []

    def _row(self, texts: Sequence[_Text]) -> _Row:
        size = max(t.size for t in texts)
        return _Row(size * 1.25, tuple(texts), size * 0.93)

    def lines(
        self, text: str, *, font: str = _REGULAR, size: float | None = None, align: _Align = "l"
    ) -> _Block:
        size = size or self.g.body
        w = self.g.content_width
        x = {"l": 0.0, "c": w / 2, "r": w}[align]
        return [
            self._row([_Text(x, align, part, font, size)]) for part in _wrap(text, font, size, w)
        ]

    def pair(
        self, left: str, right: str, *, font: str = _REGULAR, size: float | None = None
    ) -> _Block:
        size = size or self.g.body
        w = self.g.content_width
        right_w = _width(right, font, size)
        if _width(left, font, size) + size + right_w <= w:
            return [
                self._row([_Text(0.0, "l", left, font, size), _Text(w, "r", right, font, size)])
            ]
        return self.lines(left, font=font, size=size) + self.lines(
            right, font=font, size=size, align="r"
        )

    def columns(
        self, cells: Sequence[str], shares: Sequence[float], *, font: str = _REGULAR
    ) -> _Block | None:
        """First cell flush left, the others flush right at the end of their column; None when
        a cell does not fit its column (the caller lays the row out another way)."""
        size = self.g.body
        w = self.g.content_width
        widths = [share * w for share in shares]
        gap = size * 0.6
        if any(_width(c, font, size) + gap > cw for c, cw in zip(cells, widths, strict=True)):
            return None
        texts = [_Text(0.0, "l", cells[0], font, size)]
        right = widths[0]
        for cell, cw in zip(cells[1:], widths[1:], strict=True):
            right += cw
            texts.append(_Text(right, "r", cell, font, size))
        return [self._row(texts)]

    def rule(self) -> _Block:
        return [_Row(self.g.body * 0.9, rule=True)]

    def gap(self, factor: float = 0.5) -> _Block:
        return [_Row(self.g.body * factor)]

    def signatures(self, left: str, right: str, names: tuple[str, str]) -> _Block:
        size = self.g.body
        w = self.g.content_width
        half = w / 2
        return [
            self._row(
                [
                    _Text(0.0, "l", left, _REGULAR, size),
                    _Text(half + 10, "l", right, _REGULAR, size),
                ]
            ),
            _Row(size * 5),
            _Row(
                size * 1.4,
                (_Text(0.0, "l", "", _REGULAR, size), _Text(half + 10, "l", "", _REGULAR, size)),
                signature=True,
            ),
            self._row(
                [
                    _Text(0.0, "l", names[0], _REGULAR, size),
                    _Text(half + 10, "l", names[1], _REGULAR, size),
                ]
            ),
        ]

    def add(self, block: _Block | None) -> None:
        if block:
            self.blocks.append(block)


def _local(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")  # aware UTC -> the laptop's zone


def _method_label(method: str, labels: dict[str, str]) -> str:
    return labels.get(method, method.upper()) if method in ("cash", "qris", "transfer") else method


def _build(report: ShiftReport, g: _Geometry, labels: dict[str, str], a4: bool) -> list[_Block]:
    lay = _Layout(g)
    shift = report.shift
    title = labels["z_title"].format(z=report.z_number) if report.is_final else labels["x_title"]
    lay.add(lay.lines(title, font=_BOLD, size=g.title, align="c"))
    if not report.is_final:
        lay.add(lay.lines(labels["x_note"], size=g.small, align="c"))
    if report.event_name:
        lay.add(lay.lines(report.event_name, font=_BOLD, align="c"))
    lay.add(lay.rule())

    lay.add(lay.pair(f"{labels['till']}:", report.till_code))
    if report.event_name:
        lay.add(lay.pair(f"{labels['event']}:", report.event_name))
    lay.add(lay.pair(f"{labels['opened']}:", _local(shift.opened_at)))
    if report.is_final:
        lay.add(lay.pair(f"{labels['closed']}:", _local(shift.closed_at)))
    else:
        lay.add(lay.pair(f"{labels['printed']}:", _local(report.generated_at)))
    lay.add(lay.pair(f"{labels['opened_by']}:", shift.opened_by))
    if report.is_final and shift.closed_by:
        lay.add(lay.pair(f"{labels['closed_by']}:", shift.closed_by))
    if report.cashiers:
        lay.add(lay.lines(f"{labels['cashiers']}: {', '.join(report.cashiers)}"))
    lay.add(lay.rule())

    lay.add(lay.lines(labels["sales"], font=_BOLD))
    lay.add(lay.pair(labels["sale_count"], format_number(report.sale_count)))
    lay.add(lay.pair(labels["gross"], format_rupiah(report.gross_sales)))
    lay.add(lay.pair(labels["discounts"], format_rupiah(report.discounts_total)))
    lay.add(lay.pair(labels["sales_total"], format_rupiah(report.sales_total)))
    lay.add(lay.pair(labels["refund_count"], format_number(report.refund_count)))
    lay.add(lay.pair(labels["refunds"], format_rupiah(report.refunds_total)))
    lay.add(lay.pair(labels["net_total"], format_rupiah(report.net_total), font=_BOLD))
    lay.add(lay.rule())

    lay.add(lay.lines(labels["methods"], font=_BOLD))
    shares = (0.31, 0.23, 0.23, 0.23)
    header = lay.columns(
        [labels["method"], labels["sales"], labels["refunds"], labels["net"]], shares, font=_BOLD
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
                lay.lines(_method_label(m.method, labels), font=_BOLD)
                + lay.pair(f"  {labels['sales']}", format_rupiah(m.sales))
                + lay.pair(f"  {labels['refunds']}", format_rupiah(m.refunds))
                + lay.pair(f"  {labels['net']}", format_rupiah(m.net))
            )
    lay.add(lay.rule())

    lay.add(lay.lines(labels["drawer"], font=_BOLD))
    lay.add(lay.pair(labels["float"], format_rupiah(report.opening_float)))
    lay.add(lay.pair(labels["cash_sales"], "+" + format_rupiah(report.cash_sales)))
    lay.add(lay.pair(labels["paid_in"], "+" + format_rupiah(report.paid_in)))
    lay.add(lay.pair(labels["paid_out"], "-" + format_rupiah(report.paid_out)))
    lay.add(lay.pair(labels["cash_refunds"], "-" + format_rupiah(report.cash_refunds)))
    lay.add(lay.pair(labels["expected"], format_rupiah(report.expected_cash), font=_BOLD))
    if report.cash_movements:
        lay.add(lay.gap())
        lay.add(lay.lines(labels["movements"], font=_BOLD))
        for movement in report.cash_movements:
            sign = "+" if movement.kind == CashMovementKind.PAID_IN else "-"
            kind = (
                labels["paid_in"]
                if movement.kind == CashMovementKind.PAID_IN
                else labels["paid_out"]
            )
            lay.add(
                lay.pair(
                    f"{_local(movement.created_at)[-5:]} {kind}",
                    sign + format_rupiah(movement.amount),
                )
                + lay.lines(f"  {movement.reason} ({movement.user_name})", size=g.small + 0.5)
            )

    if report.is_final:
        lay.add(lay.rule())
        lay.add(lay.lines(labels["count"], font=_BOLD))
        shares3 = (0.5, 0.16, 0.34)
        header3 = lay.columns(
            [labels["denomination"], labels["quantity"], labels["subtotal"]], shares3, font=_BOLD
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
        lay.add(lay.pair(labels["counted"], format_rupiah(counted), font=_BOLD))
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
                font=_BOLD,
                size=g.body + 1,
            )
        )
        if report.note:
            lay.add(lay.lines(f"{labels['remark']}: {report.note}"))
    if a4:
        # The supervisor's name is printed only when a supervisor closed the shift; otherwise
        # the one who checks the drawer writes it by hand.
        closer = shift.closed_by or ""
        supervisor = closer if closer != shift.opened_by else ""
        lay.add(lay.gap(2.0))
        lay.add(
            lay.signatures(
                labels["sign_cashier"], labels["sign_supervisor"], (shift.opened_by, supervisor)
            )
        )
    lay.add(lay.gap(0.3))
    lay.add(lay.lines(report.shift.uuid, size=g.small, align="c"))
    return lay.blocks


def _paginate(blocks: list[_Block], capacity: float) -> list[list[_Row]]:
    pages: list[list[_Row]] = [[]]
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


def _draw_row(c: Canvas, row: _Row, left: float, top: float, width: float) -> None:
    if row.rule:
        y = top - row.height / 2
        c.setDash(1.5, 1.5)
        c.line(left, y, left + width, y)
        c.setDash()
        return
    if row.signature:
        y = top - row.height / 2
        for t in row.texts:
            c.line(left + t.x, y, left + t.x + width / 2 - 20, y)
        return
    y = top - row.baseline
    for t in row.texts:
        c.setFont(t.font, t.size)
        if t.align == "l":
            c.drawString(left + t.x, y, t.text)
        elif t.align == "r":
            c.drawRightString(left + t.x, y, t.text)
        else:
            c.drawCentredString(left + t.x, y, t.text)


def _labels(language: str) -> dict[str, str]:
    key = language.strip().lower().replace("_", "-").split("-")[0]
    try:
        return LABELS[key]
    except KeyError:
        raise ValueError(f"unsupported report language {language!r}") from None


def render_shift_report_bytes(
    report: ShiftReport, *, paper: str = "80mm", language: str = "id"
) -> bytes:
    """The report as PDF bytes (see :func:`render_shift_report_pdf`)."""
    labels = _labels(language)
    try:
        g = _GEOMETRY[paper]
    except KeyError:
        raise ValueError(f"unsupported paper {paper!r}") from None
    a4 = g.fixed_height is not None
    blocks = _build(report, g, labels, a4)

    page_limit = g.fixed_height if g.fixed_height is not None else _MAX_PAGE_HEIGHT
    capacity = page_limit - 2 * g.margin_y
    if a4:
        capacity -= g.small * 2.5  # room for the page number at the foot
    pages = _paginate(blocks, capacity)

    title = labels["z_title"].format(z=report.z_number) if report.is_final else labels["x_title"]
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(g.width, page_limit), pageCompression=0, invariant=1)
    c.setTitle(f"{report.till_code} {title}")
    c.setAuthor(report.event_name or report.till_code)
    width = g.content_width
    for number, rows in enumerate(pages, start=1):
        height = (
            g.fixed_height
            if g.fixed_height is not None
            else sum(row.height for row in rows) + 2 * g.margin_y
        )
        c.setPageSize((g.width, height))
        c.setLineWidth(0.6)
        top = height - g.margin_y
        for row in rows:
            _draw_row(c, row, g.margin_x, top, width)
            top -= row.height
        if a4:
            c.setFont(_REGULAR, g.small)
            c.drawRightString(
                g.width - g.margin_x,
                g.margin_y,
                f"{report.till_code} · {title} · {labels['page']} {number}/{len(pages)}",
            )
        c.showPage()
    c.save()
    return buffer.getvalue()


def render_shift_report_pdf(
    report: ShiftReport, path: Path, *, paper: str = "80mm", language: str = "id"
) -> Path:
    """Write the X (shift open) or Z (closed) report as a PDF to ``path``, atomically (a
    temporary name, then a rename: a crash never leaves half a report). Returns ``path``."""
    data = render_shift_report_bytes(report, paper=paper, language=language)
    return write_file_atomically(Path(path), data)
