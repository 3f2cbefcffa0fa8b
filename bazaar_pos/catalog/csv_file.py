"""The catalog as a CSV file: import (preview, then all-or-nothing apply) and export.

One row per product; the first line is the header. Columns are found by their name in the
header (any order, any case); columns the import does not know are ignored and listed in the
preview.

| column | required | what it holds |
|---|---|---|
| `sku` | yes | the product's code, unique: a known SKU updates it, a new SKU adds one |
| `barcode` | no | what the scanner reads, unique; empty = no barcode |
| `name` | yes | as printed on the receipt, up to 160 characters |
| `unit` | no | `pcs`, `buah`, `bungkus`, `gelas` …; empty = `pcs` |
| `price` | yes | whole Rupiah: `150000` or `150.000` (also `Rp 150.000`) |
| `category` | no | free text, e.g. `Kerajinan kayu` |
| `institution` | yes | code of an institution already in the till, e.g. `BPN` |
| `workshop` | no | workshop name under that institution; a new name creates it |
| `track_stock` | no | yes or no; empty = yes; no for café drinks and other goods without stock |
| `active` | no | yes or no; empty = yes; no = archived (hidden from the till) |

- Yes/no: `1`/`0`, `ya`/`tidak`, `yes`/`no`, `true`/`false`, `benar`/`salah` (what
  Indonesian Excel writes for TRUE/FALSE), in any case.
- Price: dots group thousands; `Rp 150.000` and `150.000,00` (how Excel writes currency
  cells) are read too. Refused: `150,000` (ambiguous), cents, negative amounts, more than
  Rp 999.999.999.999.
- Barcode: 8, 12 or 13 digits are an EAN-8, UPC-A or EAN-13 and need a correct check digit;
  any other code is printable ASCII without spaces, up to 32 characters.
- Institution codes and workshop names match in any case (`bpn` is BPN, `kafe asimilasi`
  is *Kafe asimilasi*). A workshop name the institution does not have yet is created with
  the spelling of its first row; the preview lists it.

For a product that already exists, an empty cell of an optional column (or a column left out
of the file) keeps its current value: the import never clears a barcode, a category or a
workshop (do that on the product screen). A product moved to another institution without a
workshop cell loses its workshop (workshops belong to one institution).

Reading: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"); comma- or
semicolon-separated (Indonesian Excel writes semicolons), told apart from the header line;
fields may be quoted (`"Keset, sabut kelapa"`). Spaces around values are ignored. Rows with
only empty cells are skipped. Text is taken as text: a name starting with `=` is stored as
written.

Checking collects every problem of every row, each with its line number and column name
(:class:`CsvRowError`), instead of stopping at the first. Importing writes everything in one
transaction or nothing at all. Importing the same file twice changes nothing the second time,
and an exported file imports as no change.

Who may: previewing and importing need ``IMPORT_CATALOG`` (an import can change every price at
once), exporting needs ``EXPORT_CATALOG``. An import is journaled as one entry with the file
name and the rows added and changed, plus one entry per changed product with its old -> new
values (a changed price as its own ``price_changed`` entry); an export as one entry with the
file name and the number of products.

Writing (:func:`export_catalog_csv`): the same columns, comma-separated, UTF-8 with a
byte-order mark (so Excel shows the letters right), every product including archived ones,
prices as plain digits and flags as `1`/`0`.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bazaar_pos.backup import BackupReason, backup_database
from bazaar_pos.catalog.institutions import WORKSHOP_NAME_MAX_LENGTH, normalise_code, workshop_key
from bazaar_pos.catalog.journal import journal, price_change_detail
from bazaar_pos.catalog.products import (
    CATEGORY_MAX_LENGTH,
    DEFAULT_UNIT,
    NAME_MAX_LENGTH,
    SKU_MAX_LENGTH,
    UNIT_MAX_LENGTH,
    barcode_problem,
    describe_barcode_problem,
)
from bazaar_pos.db import Database
from bazaar_pos.db.models import Institution, Product, Workshop
from bazaar_pos.errors import InvalidAmount, PosError
from bazaar_pos.files import write_file_atomically
from bazaar_pos.money import MAX_AMOUNT, format_number, parse_rupiah
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.people.audit import AuditAction
from bazaar_pos.settings import read_settings

CSV_COLUMNS: tuple[str, ...] = (
    "sku",
    "barcode",
    "name",
    "unit",
    "price",
    "category",
    "institution",
    "workshop",
    "track_stock",
    "active",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("sku", "name", "price", "institution")
TRUE_WORDS = ("1", "ya", "yes", "true", "benar")
FALSE_WORDS = ("0", "tidak", "no", "false", "salah")
_YES_NO = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
# Progress is reported (and cancelling checked) after every this many rows; the rows of each
# block are written together, so a block is also one executemany per statement.
PROGRESS_EVERY = 1000
HEADER_LINE = 1

Progress = Callable[[int, int], bool]
"""``progress(done_rows, total_rows)``; return False to cancel (ImportCancelled)."""


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRowError:
    """One problem in the file: ``line`` (1 = header), ``column`` ("" = the whole row)."""

    line: int
    column: str
    message: str
    # Short code for a screen: required, too_long, duplicate_in_file, bad_price,
    # bad_check_digit, bad_characters, barcode_taken, unknown_institution, archived_workshop,
    # bad_boolean, missing_column, duplicate_column, column_count, not_utf8, empty_file,
    # bad_csv.
    reason: str = ""

    def __str__(self) -> str:
        where = f"{self.line}: {self.column}: " if self.column else f"{self.line}: "
        return where + self.message


class FieldChange(NamedTuple):
    """One changed field of an existing product, values written as in the CSV file."""

    field: str  # the CSV column name
    old: str
    new: str


@dataclass(frozen=True)
class AddedRow:
    line: int
    sku: str
    name: str
    price: int
    institution_code: str


@dataclass(frozen=True)
class ChangedRow:
    line: int
    product_id: int
    sku: str
    name: str  # the name after the import
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class NewWorkshop:
    institution_code: str
    name: str
    line: int  # first row that names it


@dataclass(frozen=True)
class ImportPreview:
    """What importing the file would do; nothing is written while previewing."""

    rows: int  # data rows (not counting the header and empty rows)
    added: tuple[AddedRow, ...]
    changed: tuple[ChangedRow, ...]
    unchanged: int
    new_workshops: tuple[NewWorkshop, ...]
    errors: tuple[CsvRowError, ...]  # in line order; any error means nothing is imported
    ignored_columns: tuple[str, ...]  # header names that are not catalog columns

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote (in one transaction)."""

    rows: int
    added: int
    changed: int
    unchanged: int
    new_workshops: tuple[NewWorkshop, ...]
    ignored_columns: tuple[str, ...]


# --- errors --------------------------------------------------------------------------------


class CatalogImportRejected(PosError):
    """The file has problems; nothing was written. ``errors`` lists every one."""

    def __init__(self, errors: tuple[CsvRowError, ...]) -> None:
        first = f": line {errors[0]}" if errors else ""
        super().__init__(f"catalog import refused, {len(errors)} problem(s){first}")
        self.errors = errors


class ImportCancelled(PosError):
    """The progress callback asked to stop; nothing was written."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"catalog import cancelled after {done} of {total} rows")
        self.done = done
        self.total = total


class CatalogFileUnreadable(PosError):
    """The file could not be opened or read (missing, no permission, a folder …)."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"cannot read {path}: {detail}")
        self.path = path
        self.detail = detail


# --- reading the file ----------------------------------------------------------------------


@dataclass(frozen=True)
class _ParsedFile:
    header: dict[str, int]  # column name -> index; a column not in the header -> ``width``
    width: int  # cells per row, as in the header
    rows: list[tuple[int, tuple[str, ...]]]  # (first line, cells + one empty cell at the end)
    errors: list[CsvRowError]  # problems of the file itself (encoding, header)
    ignored_columns: tuple[str, ...]


def _decode(path: Path) -> tuple[str, CsvRowError | None]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogFileUnreadable(path, error.strerror or str(error)) from error
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex().upper()
        return "", CsvRowError(
            line,
            "",
            f"the file is not UTF-8 text (byte 0x{bad} on this line); "
            "save it from the spreadsheet as 'CSV UTF-8'",
            "not_utf8",
        )


def _delimiter(text: str) -> str:
    """Semicolon if the header line has more semicolons than commas, else comma."""
    for line in text.split("\n"):
        if line.strip():
            return ";" if line.count(";") > line.count(",") else ","
    return ","


def _parse_file(path: Path) -> _ParsedFile:
    text, encoding_error = _decode(path)
    if encoding_error is not None:
        return _ParsedFile({}, 0, [], [encoding_error], ())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, tuple[str, ...]]] = []
    append = rows.append
    header_cells: list[str] | None = None
    header_line = HEADER_LINE
    line = 1  # where the next record starts (a quoted field may span several lines)
    try:
        for cells in reader:
            # Rows of empty cells are skipped; most rows start with their SKU.
            if cells and (cells[0].strip() or "".join(cells).strip()):
                if header_cells is None:
                    header_cells, header_line = cells, line
                else:
                    # One extra empty cell: a column missing from the header reads as it,
                    # i.e. "keep the current value / use the default". A tuple, not the
                    # reader's list: tuples of strings leave the garbage collector's care,
                    # 100k lists made each collection walk them all (bench/: ~100 ms).
                    append((line, (*cells, "")))
            line = reader.line_num + 1
    except csv.Error as error:
        problem = CsvRowError(line, "", f"not a readable CSV row: {error}", "bad_csv")
        return _ParsedFile({}, 0, [], [problem], ())
    if header_cells is None:
        problem = CsvRowError(HEADER_LINE, "", "the file is empty (no header)", "empty_file")
        return _ParsedFile({}, 0, [], [problem], ())
    errors: list[CsvRowError] = []
    header: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header_cells):
        name = cell.strip().lower()
        if name in header:
            errors.append(
                CsvRowError(header_line, name, "the column appears twice", "duplicate_column")
            )
        elif name in CSV_COLUMNS:
            header[name] = index
        elif name:
            ignored.append(cell.strip())
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.append(
                CsvRowError(
                    header_line,
                    name,
                    f"required column {name!r} is missing from the header "
                    f"(columns: {','.join(CSV_COLUMNS)})",
                    "missing_column",
                )
            )
    width = len(header_cells)
    for name in CSV_COLUMNS:
        header.setdefault(name, width)  # the extra empty cell
    return _ParsedFile(header, width, rows, errors, tuple(ignored))


# --- the catalog as it is ------------------------------------------------------------------


class _Existing(NamedTuple):
    id: int
    barcode: str | None
    name: str
    unit: str
    price: int
    category: str
    institution_id: int
    workshop_id: int | None
    track_stock: bool
    active: bool


@dataclass
class _WorkshopRef:
    id: int | None  # None: new, not written (a preview, or the import has problems)
    name: str
    active: bool


_EXISTING_PRODUCTS = select(
    Product.sku,
    Product.id,
    Product.barcode,
    Product.name,
    Product.unit,
    Product.price,
    Product.category,
    Product.institution_id,
    Product.workshop_id,
    Product.track_stock,
    Product.active,
)


class _Catalog:
    """Products, barcodes, institutions and workshops, read once into dictionaries."""

    def __init__(self, connection: Connection) -> None:
        rows = connection.execute(_EXISTING_PRODUCTS).all()
        self.products: dict[str, _Existing] = {row[0]: _Existing._make(row[1:]) for row in rows}
        self.barcode_owner: dict[str, str] = {  # barcode -> SKU
            product.barcode: sku for sku, product in self.products.items() if product.barcode
        }
        self.institution_by_code: dict[str, int] = {}
        self.code_of: dict[int, str] = {}
        for institution_id, code in connection.execute(select(Institution.id, Institution.code)):
            self.institution_by_code[normalise_code(code)] = institution_id
            self.code_of[institution_id] = code
        self.workshops: dict[tuple[int, str], _WorkshopRef] = {}
        self.workshop_name: dict[int, str] = {}
        for workshop_id, institution_id, name, active in connection.execute(
            select(Workshop.id, Workshop.institution_id, Workshop.name, Workshop.active).order_by(
                Workshop.id
            )
        ):
            self.workshops.setdefault(
                (institution_id, workshop_key(name)), _WorkshopRef(workshop_id, name, bool(active))
            )
            self.workshop_name[workshop_id] = name


# --- checking ------------------------------------------------------------------------------


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _not_yes_no(text: str) -> str:
    return f"{text!r} is not yes or no (write 1/0, ya/tidak, yes/no, true/false, benar/salah)"


# Plain Core statements on the unit of work's connection, run as executemany per block: the
# import writes up to 100k rows and the ORM's per-object work would dominate (bench/).
_PRODUCTS: Table = Product.__table__  # type: ignore[assignment]
_INSERT_PRODUCTS = insert(_PRODUCTS)
_UPDATE_PRODUCTS = update(_PRODUCTS).where(_PRODUCTS.c.id == bindparam("product_id"))
_CLEAR_BARCODE = (
    update(_PRODUCTS).where(_PRODUCTS.c.id == bindparam("product_id")).values(barcode=None)
)
_INSERT_WORKSHOP = insert(Workshop).returning(Workshop.id)


class _Checker:
    """Checks the rows against the catalog; when given a connection, also writes them.

    Writing happens block by block while no problem has been found yet; after the first
    problem it only checks (the caller then raises and the transaction rolls back).
    """

    def __init__(
        self, parsed: _ParsedFile, catalog: _Catalog, connection: Connection | None
    ) -> None:
        self.parsed = parsed
        self.catalog = catalog
        self.connection = connection
        self.errors: list[CsvRowError] = list(parsed.errors)
        self.added: list[AddedRow] = []  # filled by a preview only
        self.added_count = 0  # rows added while writing
        self.changed: list[ChangedRow] = []
        self.unchanged = 0
        self.new_workshops: list[NewWorkshop] = []
        self.sku_line: dict[str, int] = {}
        self.barcode_line: dict[str, int] = {}
        self.file_barcode = self._barcodes_in_file()
        self._inserts: list[dict[str, Any]] = []
        self._updates: list[dict[str, Any]] = []

    @property
    def writing(self) -> bool:
        return self.connection is not None and not self.errors

    def _barcodes_in_file(self) -> dict[str, str]:
        """SKU -> barcode of every row that gives one: what each product's barcode will be.

        Knowing it up front lets barcodes move between products in one file (the old owner
        gives its barcode up on a later line) without calling that a duplicate.
        """
        if self.parsed.errors:  # the rows will not be checked
            return {}
        sku_at = self.parsed.header["sku"]
        barcode_at = self.parsed.header["barcode"]
        width = self.parsed.width
        found: dict[str, str] = {}
        for _, cells in self.parsed.rows:
            if len(cells) == width + 1:
                barcode = cells[barcode_at].strip()
                if barcode:
                    found.setdefault(cells[sku_at].strip(), barcode)
        return found

    def release_moved_barcodes(self) -> None:
        """Clear, before any row is written, the barcodes that move to another product.

        A barcode is unique in the database at every statement, so the product giving it up
        must let go before the product taking it is written.
        """
        claimed = set(self.file_barcode.values())
        moving = [
            {"product_id": existing.id}
            for sku, barcode in self.file_barcode.items()
            if (existing := self.catalog.products.get(sku)) is not None
            and existing.barcode
            and existing.barcode != barcode
            and existing.barcode in claimed
        ]
        if moving and self.connection is not None:
            self.connection.execute(_CLEAR_BARCODE, moving)

    def error(self, line: int, column: str, message: str, reason: str) -> None:
        self.errors.append(CsvRowError(line, column, message, reason))

    # The per-row work is one method with local names: it runs 100k times in a big import,
    # and each function call or attribute look-up per row shows in the benchmark.
    def check_block(self, block: list[tuple[int, tuple[str, ...]]]) -> None:
        header = self.parsed.header
        expected_cells = self.parsed.width + 1  # with the extra empty cell
        at_sku, at_barcode, at_name = header["sku"], header["barcode"], header["name"]
        at_unit, at_price, at_category = header["unit"], header["price"], header["category"]
        at_institution, at_workshop = header["institution"], header["workshop"]
        at_track, at_active = header["track_stock"], header["active"]
        catalog = self.catalog
        products = catalog.products
        institution_by_code = catalog.institution_by_code
        workshops = catalog.workshops
        barcode_owner = catalog.barcode_owner
        file_barcode = self.file_barcode
        sku_line = self.sku_line
        barcode_line = self.barcode_line
        errors = self.errors
        error = self.error
        inserts = self._inserts
        added = self.added if self.connection is None else None  # only a preview lists them
        for line, cells in block:
            if len(cells) != expected_cells:
                error(
                    line,
                    "",
                    f"the row has {len(cells) - 1} fields but the header has {expected_cells - 1}",
                    "column_count",
                )
                continue
            errors_before = len(errors)

            sku = cells[at_sku].strip()
            if not sku:
                error(line, "sku", "the SKU is missing", "required")
            elif len(sku) > SKU_MAX_LENGTH:
                error(line, "sku", f"the SKU is longer than {SKU_MAX_LENGTH}", "too_long")
            elif sku in sku_line:
                error(
                    line,
                    "sku",
                    f"SKU {sku!r} appears twice (first on line {sku_line[sku]})",
                    "duplicate_in_file",
                )
            else:
                sku_line[sku] = line
            existing = products.get(sku)

            name = cells[at_name].strip()
            if not name:
                error(line, "name", "the name is missing", "required")
            elif len(name) > NAME_MAX_LENGTH:
                error(line, "name", f"the name is longer than {NAME_MAX_LENGTH}", "too_long")

            price_text = cells[at_price].strip()
            price = 0
            if price_text.isdigit() and price_text.isascii():  # the usual case: 150000
                price = int(price_text)
                if price > MAX_AMOUNT:
                    error(line, "price", f"price {price_text} is too large", "bad_price")
            elif not price_text:
                error(line, "price", "the price is missing", "required")
            else:
                try:
                    price = parse_rupiah(price_text)
                except InvalidAmount:
                    error(
                        line,
                        "price",
                        f"price {price_text!r} is not whole Rupiah (write 150000 or 150.000)",
                        "bad_price",
                    )

            code = cells[at_institution].strip().upper()
            institution_id = institution_by_code.get(code)
            if institution_id is None:
                if code:
                    known = ", ".join(sorted(institution_by_code))
                    error(
                        line,
                        "institution",
                        f"no institution has code {code!r} (known: {known})",
                        "unknown_institution",
                    )
                else:
                    error(line, "institution", "the institution code is missing", "required")

            unit = cells[at_unit].strip()
            if len(unit) > UNIT_MAX_LENGTH:
                error(line, "unit", f"the unit is longer than {UNIT_MAX_LENGTH}", "too_long")
            category = cells[at_category].strip()
            if len(category) > CATEGORY_MAX_LENGTH:
                error(
                    line,
                    "category",
                    f"the category is longer than {CATEGORY_MAX_LENGTH}",
                    "too_long",
                )

            track_text = cells[at_track].strip()
            track_stock = _YES_NO.get(track_text.lower()) if track_text else None
            if track_text and track_stock is None:
                error(line, "track_stock", _not_yes_no(track_text), "bad_boolean")
            active_text = cells[at_active].strip()
            active = _YES_NO.get(active_text.lower()) if active_text else None
            if active_text and active is None:
                error(line, "active", _not_yes_no(active_text), "bad_boolean")

            barcode: str | None = cells[at_barcode].strip()
            if barcode:
                problem = barcode_problem(barcode)
                owner = barcode_owner.get(barcode)
                if problem is not None:
                    error(line, "barcode", describe_barcode_problem(barcode, problem), problem)
                elif barcode in barcode_line:
                    error(
                        line,
                        "barcode",
                        f"barcode {barcode} appears twice (first on line {barcode_line[barcode]})",
                        "duplicate_in_file",
                    )
                elif owner is not None and owner != sku and owner not in file_barcode:
                    # The other product keeps this barcode. (Had its own row another
                    # barcode, it would give this one up; had it the same one, the
                    # duplicate is reported on the later of the two lines.)
                    error(
                        line,
                        "barcode",
                        f"barcode {barcode} is already used by product {owner}",
                        "barcode_taken",
                    )
                else:
                    barcode_line[barcode] = line
            elif existing is not None:
                barcode = existing.barcode  # an empty cell keeps the barcode
            else:
                barcode = None

            workshop: _WorkshopRef | None = None
            workshop_id: int | None = None
            workshop_text = cells[at_workshop].strip()
            if institution_id is not None:
                if workshop_text:
                    workshop = workshops.get((institution_id, workshop_text.casefold()))
                    if workshop is None or not workshop.active or workshop.id is None:
                        workshop = self._workshop(line, institution_id, workshop_text, existing)
                    workshop_id = workshop.id if workshop is not None else None
                elif existing is not None and existing.institution_id == institution_id:
                    workshop_id = existing.workshop_id

            if len(errors) != errors_before or institution_id is None:
                continue

            if existing is None:
                inserts.append(
                    {
                        "sku": sku,
                        "barcode": barcode,
                        "name": name,
                        "unit": unit or DEFAULT_UNIT,
                        "price": price,
                        "category": category,
                        "institution_id": institution_id,
                        "workshop_id": workshop_id,
                        "track_stock": track_stock is not False,
                        "active": active is not False,
                    }
                )
                if added is None:
                    self.added_count += 1
                else:
                    added.append(AddedRow(line, sku, name, price, catalog.code_of[institution_id]))
                continue
            self._compare(
                line,
                sku,
                existing,
                workshop,
                workshop_id,
                _Existing(
                    existing.id,
                    barcode,
                    name,
                    unit or existing.unit,
                    price,
                    category or existing.category,
                    institution_id,
                    # A workshop this import creates has no id while previewing; -1 stands for
                    # it so that the comparison still sees the change.
                    -1 if workshop is not None and workshop.id is None else workshop_id,
                    existing.track_stock if track_stock is None else track_stock,
                    existing.active if active is None else active,
                ),
            )

    def _compare(
        self,
        line: int,
        sku: str,
        existing: _Existing,
        workshop: _WorkshopRef | None,
        workshop_id: int | None,
        new: _Existing,
    ) -> None:
        if new == existing:
            self.unchanged += 1
            return
        self.changed.append(
            ChangedRow(line, existing.id, sku, new.name, self._changes(existing, new, workshop))
        )
        self._updates.append(
            {
                "product_id": existing.id,
                "barcode": new.barcode,
                "name": new.name,
                "unit": new.unit,
                "price": new.price,
                "category": new.category,
                "institution_id": new.institution_id,
                "workshop_id": workshop_id,
                "track_stock": new.track_stock,
                "active": new.active,
            }
        )

    def _workshop(
        self, line: int, institution_id: int, name: str, existing: _Existing | None
    ) -> _WorkshopRef | None:
        """The workshop a row names, created (listed, and written when writing) if new."""
        code = self.catalog.code_of[institution_id]
        key = (institution_id, workshop_key(name))
        workshop = self.catalog.workshops.get(key)
        if workshop is None:
            if len(name) > WORKSHOP_NAME_MAX_LENGTH:
                self.error(
                    line,
                    "workshop",
                    f"the workshop name is longer than {WORKSHOP_NAME_MAX_LENGTH}",
                    "too_long",
                )
                return None
            workshop = _WorkshopRef(None, name, True)
            self.catalog.workshops[key] = workshop
            self.new_workshops.append(NewWorkshop(code, name, line))
        if not workshop.active and (existing is None or existing.workshop_id != workshop.id):
            self.error(
                line,
                "workshop",
                f"workshop {workshop.name!r} of {code} is archived",
                "archived_workshop",
            )
            return None
        if workshop.id is None and self.writing and self.connection is not None:
            workshop.id = self.connection.execute(
                _INSERT_WORKSHOP,
                {"institution_id": institution_id, "name": workshop.name, "active": True},
            ).scalar_one()
            self.catalog.workshop_name[workshop.id] = workshop.name
        return workshop

    def _changes(
        self, old: _Existing, new: _Existing, workshop: _WorkshopRef | None
    ) -> tuple[FieldChange, ...]:
        code_of = self.catalog.code_of
        changes = [
            FieldChange(field, before, after)
            for field, before, after in (
                ("barcode", old.barcode or "", new.barcode or ""),
                ("name", old.name, new.name),
                ("unit", old.unit, new.unit),
                ("price", str(old.price), str(new.price)),
                ("category", old.category, new.category),
                ("institution", code_of[old.institution_id], code_of[new.institution_id]),
            )
            if before != after
        ]
        if old.workshop_id != new.workshop_id:
            names = self.catalog.workshop_name
            before = names.get(old.workshop_id, "") if old.workshop_id is not None else ""
            after = workshop.name if workshop is not None else ""
            changes.append(FieldChange("workshop", before, after))
        for field, was, now in (
            ("track_stock", old.track_stock, new.track_stock),
            ("active", old.active, new.active),
        ):
            if was != now:
                changes.append(FieldChange(field, _flag(was), _flag(now)))
        return tuple(changes)

    def write_block(self) -> None:
        if self.writing and self.connection is not None:
            if self._inserts:
                self.connection.execute(_INSERT_PRODUCTS, self._inserts)
            if self._updates:
                self.connection.execute(_UPDATE_PRODUCTS, self._updates)
        self._inserts = []
        self._updates = []

    def run(self, progress: Progress | None) -> None:
        rows = self.parsed.rows
        total = len(rows)
        if self.writing:
            self.release_moved_barcodes()
        for start in range(0, total, PROGRESS_EVERY):
            self.check_block(rows[start : start + PROGRESS_EVERY])
            self.write_block()
            done = min(start + PROGRESS_EVERY, total)
            if progress is not None and progress(done, total) is False:
                raise ImportCancelled(done, total)
        self.errors.sort(key=lambda e: e.line)


def _check(
    parsed: _ParsedFile, connection: Connection, *, write: bool, progress: Progress | None
) -> _Checker:
    checker = _Checker(parsed, _Catalog(connection), connection if write else None)
    if not parsed.errors:  # a broken header or encoding: the rows cannot be read
        checker.run(progress)
    return checker


def preview_catalog_import(
    db: Database, path: Path, progress: Progress | None = None, *, actor: Actor | None = None
) -> ImportPreview:
    """Check ``path`` against the catalog and tell what importing it would do.

    Nothing is written. ``progress(done_rows, total_rows)`` is called every
    :data:`PROGRESS_EVERY` rows (and at the end); returning False raises
    :class:`ImportCancelled`. Raises :class:`CatalogFileUnreadable` if the file cannot be
    read at all; every other problem is in ``errors``.
    """
    with db.read() as session:
        authorize_or_anonymous(session, actor, Action.IMPORT_CATALOG)
    parsed = _parse_file(Path(path))
    with db.read() as session:
        checker = _check(parsed, session.connection(), write=False, progress=progress)
    return ImportPreview(
        rows=len(parsed.rows),
        added=tuple(checker.added),
        changed=tuple(checker.changed),
        unchanged=checker.unchanged,
        new_workshops=tuple(checker.new_workshops),
        errors=tuple(checker.errors),
        ignored_columns=parsed.ignored_columns,
    )


def _journal_import(
    session: Session, actor: Actor | None, path: Path, checker: _Checker, rows: int
) -> None:
    till_code = read_settings(session).till_code
    for row in checker.changed:
        for change in row.changes:
            if change.field == "price":
                detail = (
                    price_change_detail(int(change.old), int(change.new))
                    if change.old.isdigit() and change.new.isdigit()
                    else f"price {_thousands(change.old)} -> {_thousands(change.new)}"
                )
                journal(
                    session,
                    AuditAction.PRICE_CHANGED,
                    actor=actor,
                    subject=row.sku,
                    detail=f"{detail} (import {path.name}, line {row.line})",
                    amount=int(change.new),
                    till_code=till_code,
                )
        others = [c for c in row.changes if c.field != "price"]
        if others:
            detail = "; ".join(f"{c.field} {c.old or '-'} -> {c.new or '-'}" for c in others)
            journal(
                session,
                AuditAction.PRODUCT_CHANGED,
                actor=actor,
                subject=row.sku,
                detail=f"{detail} (import {path.name}, line {row.line})",
                till_code=till_code,
            )
    journal(
        session,
        AuditAction.CATALOG_IMPORTED,
        actor=actor,
        subject=path.name,
        detail=f"{path}: {rows} rows, {checker.added_count} added, {len(checker.changed)} "
        f"changed, {checker.unchanged} unchanged, {len(checker.new_workshops)} new workshops",
        till_code=till_code,
    )


def _thousands(price: str) -> str:
    return format_number(int(price)) if price.isdigit() else price or "-"


def apply_catalog_import(
    db: Database, path: Path, progress: Progress | None = None, *, actor: Actor | None = None
) -> ImportResult:
    """Import ``path``: every added and changed product and new workshop, or nothing.

    The file is read again and every row checked again against the catalog as it is now,
    inside the one write transaction that writes the rows (a preview may be stale). Raises
    :class:`CatalogImportRejected` with every problem found (nothing written),
    :class:`ImportCancelled` if ``progress`` returned False (rolled back), or
    :class:`CatalogFileUnreadable`.
    """
    # Reading and parsing the file needs no database: done before BEGIN IMMEDIATE so the
    # write lock (which makes other tills wait) is held only for checking and writing.
    with db.read() as session:  # a refused user learns nothing about the file either
        authorize_or_anonymous(session, actor, Action.IMPORT_CATALOG)
    parsed = _parse_file(Path(path))
    # The catalog as it was, before the import changes it (raises BackupFailed: no import
    # without a backup).
    backup_database(db, BackupReason.CATALOG_IMPORT)
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.IMPORT_CATALOG)
        checker = _check(parsed, session.connection(), write=True, progress=progress)
        if checker.errors:
            raise CatalogImportRejected(tuple(checker.errors))
        _journal_import(session, actor, Path(path), checker, len(parsed.rows))
    return ImportResult(
        rows=len(parsed.rows),
        added=checker.added_count,
        changed=len(checker.changed),
        unchanged=checker.unchanged,
        new_workshops=tuple(checker.new_workshops),
        ignored_columns=parsed.ignored_columns,
    )


# --- export --------------------------------------------------------------------------------


def export_catalog_csv(db: Database, path: Path, *, actor: Actor | None = None) -> int:
    """Write every product (archived too) to ``path`` in the import format; returns the count.

    Needs ``EXPORT_CATALOG``. Rows are ordered by institution code, then SKU. Raises OSError if
    the file cannot be written (an existing file at ``path`` is then left as it was, and
    nothing is journaled: the file is written inside the transaction of the journal entry).
    """
    path = Path(path)
    query = (
        select(
            Product.sku,
            Product.barcode,
            Product.name,
            Product.unit,
            Product.price,
            Product.category,
            Institution.code,
            Workshop.name,
            Product.track_stock,
            Product.active,
        )
        .join(Institution, Product.institution_id == Institution.id)
        .outerjoin(Workshop, Product.workshop_id == Workshop.id)
        .order_by(Institution.code, Product.sku)
    )
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.EXPORT_CATALOG)
        rows = session.execute(query).all()
        _write_export(path, rows)
        journal(
            session,
            AuditAction.CATALOG_EXPORTED,
            actor=actor,
            subject=path.name,
            detail=f"{path}: {len(rows)} products",
        )
    return len(rows)


def _write_export(path: Path, rows: Sequence[Any]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(
        (
            sku,
            barcode or "",
            name,
            unit,
            price,
            category,
            code,
            workshop or "",
            _flag(track),
            _flag(active),
        )
        for (sku, barcode, name, unit, price, category, code, workshop, track, active) in rows
    )
    # utf-8-sig: the byte-order mark makes Excel read the file as UTF-8. Built in memory
    # (about 10 MB for 100,000 products), then written atomically: a failed export leaves
    # no half file. A missing folder is an error (the command line reports it), not created.
    write_file_atomically(path, buffer.getvalue().encode("utf-8-sig"), create_parents=False)
