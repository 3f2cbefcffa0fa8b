"""Bare-library floors: the same work as the project, with nothing but the library underneath.

* barcode lookup: one ``sqlite3`` query with the same columns, joins and stock balance;
* sale commit: the same rows written with ``sqlite3`` in one ``BEGIN IMMEDIATE`` transaction
  on a copy of the database, with the project's pragmas;
* receipt PDF: the same strings drawn on a bare ReportLab canvas in the same embedded TrueType
  faces (no measuring, wrapping or shaping);
* cold start: a bare Qt window, shown and its event loop run once;
* catalog import: ``csv`` + one ``sqlite3`` executemany of the same rows into the same table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.papers.kit.fonts import BOLD, REGULAR, register_fonts
from bazaar_pos.papers.receipt import LABELS, Receipt
from bazaar_pos.sync.merge import MERGE_CACHE_KIB, MERGE_CHECKPOINT_PAGES

# The project's connection set-up (bazaar_pos.db.engine._install_sqlite_behaviour).
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def connect(path: Path) -> sqlite3.Connection:
    """A ``sqlite3`` connection in autocommit mode (we BEGIN ourselves) with the pragmas."""
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        connection.execute(pragma).fetchall()
    return connection


def as_the_merge_writes(connection: sqlite3.Connection) -> None:
    """The pragmas the merge sets while it writes (a 256 MiB page cache, fewer checkpoints),
    which any bulk load may set: the floors pay the same summary and balance triggers, whose
    look-ups a 2 MB cache would send to the disk again and again."""
    connection.execute(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}").fetchall()
    connection.execute(f"PRAGMA wal_autocheckpoint = {MERGE_CHECKPOINT_PAGES}").fetchall()


def fresh_server_database(url: str, name: str) -> str:
    """A new, empty database ``name`` on the PostgreSQL server of ``url`` (dropped first if
    there); its URL."""
    from sqlalchemy import create_engine, make_url, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the backup API, WAL included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


# --- 1. barcode lookup ---------------------------------------------------------------------

# The product by barcode with its institution and workshop, and its stock balance by primary
# key: what a scan needs, as bare sqlite3 does it (not the ledger sum the project did before
# it kept balances, which made the floor grow with the ledger too).
LOOKUP_SQL = """
SELECT p.id, p.sku, p.barcode, p.name, p.unit, p.price, p.category, i.code, w.name,
       p.track_stock, coalesce(b.quantity, 0)
FROM products p
JOIN institutions i ON i.id = p.institution_id
LEFT JOIN workshops w ON w.id = p.workshop_id
LEFT JOIN stock_balances b ON b.product_id = p.id
WHERE p.barcode = ? AND p.active = 1
"""


class LookupFloor:
    """``SELECT … WHERE barcode = ?`` with the same columns and the stock balance, one row."""

    def __init__(self, path: Path) -> None:
        self.connection = connect(path)

    def __call__(self, barcode: str) -> tuple[Any, ...]:
        row: tuple[Any, ...] | None = self.connection.execute(LOOKUP_SQL, (barcode,)).fetchone()
        if row is None:
            raise LookupError(barcode)
        return row

    def close(self) -> None:
        self.connection.close()


# --- 2. sale commit ------------------------------------------------------------------------


@dataclass(frozen=True)
class FloorLine:
    product_id: int
    quantity: int
    unit_price: int


class CommitFloor:
    """The writes of ``commit_sale`` in one ``BEGIN IMMEDIATE`` transaction, plain ``sqlite3``.

    Reads the products it sells (sku, name, attribution, stock tracking) as the project must,
    bumps the till's receipt counter, inserts the sale, its lines, one payment and one stock
    movement (uuid4) per line, and commits.
    """

    def __init__(self, path: Path, *, till_code: str, cashier: str, event_id: int | None) -> None:
        self.connection = connect(path)
        self.till_code = till_code
        self.cashier = cashier
        self.event_id = event_id

    def __call__(self, lines: Sequence[FloorLine], tendered: int) -> str:
        total = sum(line.quantity * line.unit_price for line in lines)
        # SQLAlchemy's DateTime on SQLite stores naive UTC text like this.
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        cur = self.connection.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            ids = [line.product_id for line in lines]
            marks = ",".join("?" * len(ids))
            products = {
                row[0]: row
                for row in cur.execute(
                    "SELECT id, sku, name, institution_id, workshop_id, track_stock"
                    f" FROM products WHERE id IN ({marks}) AND active = 1",
                    ids,
                )
            }
            bumped = cur.execute(
                "UPDATE receipt_counters SET last_number = last_number + 1"
                " WHERE till_code = ? RETURNING last_number",
                (self.till_code,),
            ).fetchone()
            if bumped is None:
                cur.execute(
                    "INSERT INTO receipt_counters (till_code, last_number) VALUES (?, 1)",
                    (self.till_code,),
                )
                number = 1
            else:
                number = int(bumped[0])
            receipt_no = f"{self.till_code}-{number:06d}"
            cur.execute(
                "INSERT INTO sales (uuid, till_code, receipt_number, receipt_no, event_id,"
                " cashier, created_at, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    self.till_code,
                    number,
                    receipt_no,
                    self.event_id,
                    self.cashier,
                    now,
                    total,
                ),
            )
            sale_id = cur.lastrowid
            movements = []
            for line_no, line in enumerate(lines, start=1):
                _, sku, name, institution_id, workshop_id, track = products[line.product_id]
                cur.execute(
                    "INSERT INTO sale_lines (uuid, sale_id, line_no, product_id, sku,"
                    " product_name, unit_price, quantity, line_total, institution_id,"
                    " workshop_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        str(uuid.uuid4()),
                        sale_id,
                        line_no,
                        line.product_id,
                        sku,
                        name,
                        line.unit_price,
                        line.quantity,
                        line.quantity * line.unit_price,
                        institution_id,
                        workshop_id,
                    ),
                )
                if track:
                    movements.append(
                        (
                            str(uuid.uuid4()),
                            line.product_id,
                            self.event_id,
                            "sale",
                            -line.quantity,
                            cur.lastrowid,
                            now,
                            "",
                        )
                    )
            cur.execute(
                "INSERT INTO payments (uuid, sale_id, method, amount, tendered, change,"
                " reference) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), sale_id, "cash", total, tendered, tendered - total, ""),
            )
            cur.executemany(
                "INSERT INTO stock_movements (uuid, product_id, event_id, kind, quantity,"
                " sale_line_id, created_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                movements,
            )
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return receipt_no

    def close(self) -> None:
        self.connection.close()


# --- 3. receipt PDF ------------------------------------------------------------------------

_Align = Literal["l", "c", "r"]


@dataclass(frozen=True)
class _FloorRow:
    font: str
    size: float
    texts: tuple[tuple[_Align, str], ...]  # empty: a dashed rule

    @property
    def leading(self) -> float:
        return self.size * 1.22


def receipt_rows(receipt: Receipt) -> list[_FloorRow]:
    """The strings an 80 mm receipt shows: header, 2 rows per line, totals, footer."""
    labels = LABELS["id"]
    body, title, small = 8.5, 11.0, 6.5
    # The faces the papers embed (registering them is plain ReportLab registerFont).
    register_fonts()
    regular, bold = REGULAR, BOLD
    rule = _FloorRow(regular, body * 0.75, ())
    rows = [
        _FloorRow(bold, title, (("c", receipt.event_name),)),
        _FloorRow(regular, body, (("c", receipt.event_venue),)),
        _FloorRow(regular, small + 0.5, (("c", labels["products_of"]),)),
        *(_FloorRow(regular, body, (("c", name),)) for name in receipt.institutions),
        rule,
        _FloorRow(regular, body, (("l", receipt.created_at.strftime("%d/%m/%Y %H:%M")),)),
        _FloorRow(regular, body, (("l", f"{labels['receipt_no']}: {receipt.receipt_no}"),)),
        _FloorRow(regular, body, (("l", f"{labels['cashier']}: {receipt.cashier}"),)),
        _FloorRow(regular, body, (("l", f"{labels['till']}: {receipt.till_code}"),)),
        rule,
    ]
    for line in receipt.lines:
        qty_price = f"{format_number(line.quantity)} x {format_rupiah(line.unit_price)}"
        rows.append(_FloorRow(regular, body, (("l", line.name),)))
        rows.append(
            _FloorRow(regular, body, (("l", qty_price), ("r", format_rupiah(line.line_total))))
        )
    rows += [
        rule,
        _FloorRow(bold, body + 1.5, (("l", labels["total"]), ("r", format_rupiah(receipt.total)))),
        _FloorRow(regular, body, (("l", labels["cash"]), ("r", format_rupiah(receipt.tendered)))),
        _FloorRow(regular, body, (("l", labels["change"]), ("r", format_rupiah(receipt.change)))),
        rule,
        _FloorRow(regular, body, (("c", labels["thanks"]),)),
        _FloorRow(regular, small, (("c", receipt.sale_uuid),)),
    ]
    return rows


class PdfFloor:
    """A bare ReportLab canvas on BytesIO, 80 mm wide, drawing the receipt's strings."""

    WIDTH = 80 * mm
    MARGIN_X = 4 * mm
    MARGIN_Y = 3 * mm

    def __init__(self, receipt: Receipt) -> None:
        self.title = f"{receipt.receipt_no} {receipt.event_name}"
        self.author = receipt.event_name
        self.rows = receipt_rows(receipt)
        self.height = sum(row.leading for row in self.rows) + 2 * self.MARGIN_Y

    def __call__(self) -> bytes:
        buffer = io.BytesIO()
        # The project's canvas options (uncompressed, reproducible) so the output matches.
        c = Canvas(
            buffer,
            pagesize=(self.WIDTH, self.height),
            pageCompression=0,
            invariant=1,
            initialFontName=REGULAR,
        )
        c.setTitle(self.title)
        c.setAuthor(self.author)
        c.setLineWidth(0.6)
        c.setDash(1.5, 1.5)
        left, right = self.MARGIN_X, self.WIDTH - self.MARGIN_X
        centre = self.WIDTH / 2
        top = self.height - self.MARGIN_Y
        for row in self.rows:
            if not row.texts:
                y = top - row.leading / 2
                c.line(left, y, right, y)
            else:
                y = top - row.size * 0.93
                c.setFont(row.font, row.size)
                for align, text in row.texts:
                    if align == "l":
                        c.drawString(left, y, text)
                    elif align == "r":
                        c.drawRightString(right, y, text)
                    else:
                        c.drawCentredString(centre, y, text)
            top -= row.leading
        c.showPage()
        c.save()
        return buffer.getvalue()


# --- 4. cold start -------------------------------------------------------------------------

QT_FLOOR_CODE = (
    "from PySide6.QtWidgets import QApplication, QWidget; "
    "app = QApplication([]); w = QWidget(); w.show(); app.processEvents()"
)


# --- 5. catalog import ---------------------------------------------------------------------

INSERT_PRODUCT_SQL = (
    "INSERT INTO products (uuid, sku, barcode, name, unit, price, category, institution_id,"
    " workshop_id, track_stock, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def import_catalog_floor(database: Path, csv_path: Path) -> int:
    """The rows of a catalog CSV inserted with ``csv`` + one ``sqlite3`` executemany.

    Reads the file (UTF-8 with BOM, comma-separated, the header first), turns institution
    codes and workshop names into ids with two dictionaries, prices and flags into integers
    and empty barcodes into NULL, and inserts every row in one ``BEGIN IMMEDIATE`` transaction
    into ``database`` (a copy of a fresh till: the same products table, indexes, uniques and
    pragmas). No checking: the bare minimum that gets the rows in. Returns the rows inserted.
    """
    connection = connect(database)
    try:
        institutions = dict(connection.execute("SELECT code, id FROM institutions").fetchall())
        workshops = {
            (institution_id, name): workshop_id
            for workshop_id, institution_id, name in connection.execute(
                "SELECT id, institution_id, name FROM workshops"
            )
        }
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)  # the header
            rows = []
            for sku, barcode, name, unit, price, category, code, workshop, track, active in reader:
                institution_id = institutions[code]
                rows.append(
                    (
                        str(uuid.uuid4()),
                        sku,
                        barcode or None,
                        name,
                        unit,
                        int(price),
                        category,
                        institution_id,
                        workshops.get((institution_id, workshop)),
                        track == "1",
                        active == "1",
                    )
                )
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany(INSERT_PRODUCT_SQL, rows)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return len(rows)
    finally:
        connection.close()
