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
written. One leading `'` is dropped from every cell: the export writes it before text a
spreadsheet would run as a formula and before codes of only digits, so that the spreadsheet
keeps them as text (a text that itself starts with `'` is written with two).

Refused, with the line and column: control characters in any cell (NUL, tab, a line break
inside a quoted cell, DEL, C1 controls); a spreadsheet's error value as a name (`Err:509`,
`#NAME?` …: the formula's text was lost); a barcode in scientific notation (`2.00201E+12`);
a digit barcode that is a known barcode without its leading zeros (the spreadsheet read it as
a number: the message names the real barcode and its product).

Checking collects every problem of every row, each with its line number and column name
(:class:`CsvRowError`), instead of stopping at the first. Importing writes everything or
nothing at all, in short transactions so that tills on the same file keep selling
(:func:`apply_catalog_import`, ``catalog/import_undo.py``). Importing the same file twice
changes nothing the second time, and an exported file imports as no change.

Who may: previewing and importing need ``IMPORT_CATALOG`` (an import can change every price at
once), exporting needs ``EXPORT_CATALOG``. An import is journaled as one entry with the file
name and the rows added and changed, plus one entry per changed product with its old -> new
values (a changed price as its own ``price_changed`` entry); an export as one entry with the
file name and the number of products.

Writing (:func:`export_catalog_csv`): the same columns, comma-separated, UTF-8 with a
byte-order mark (so Excel shows the letters right), every product including archived ones,
prices as plain digits and flags as `1`/`0`; text safe for spreadsheets (see above).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bazaar_pos.backup import BackupReason, backup_database
from bazaar_pos.catalog.import_undo import (
    Marker,
    UndoLog,
    UndoReason,
    clear_marker,
    read_marker,
    recover_interrupted_import,
    undo_import,
    undo_path_for,
    write_marker,
    write_with_retry,
)
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
from bazaar_pos.csv_cells import QUOTE, protect_text, unprotect_text
from bazaar_pos.db import Database, batched_write
from bazaar_pos.db.engine import take_write_lock
from bazaar_pos.db.models import Institution, Product, Workshop
from bazaar_pos.db.uuids import time_ordered_uuids
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
# Refused in any cell, with the line and column: C0 controls (NUL, tab, line breaks inside a
# quoted cell …), DEL and the C1 controls. They print as garbage or cut a receipt line, and a
# NUL ends a string in other programs reading the database.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
# What a spreadsheet shows instead of a value it could not compute (LibreOffice, Excel): a
# file saved with these lost the text that was there.
SPREADSHEET_ERROR = re.compile(r"#(?:NAME\?|VALUE!|REF!|DIV/0!|N/A|NUM!|NULL!|SPILL!)|Err:\d{3}")
# A barcode a spreadsheet turned into a number and wrote in scientific notation.
SCIENTIFIC_NUMBER = re.compile(r"\d(?:[.,]\d+)?[eE][+]?\d+")
# Progress is reported (and cancelling checked) after every this many rows; the rows of each
# block are written together, so a block is also one executemany per statement.
PROGRESS_EVERY = 1000
HEADER_LINE = 1
# A catalog of 200,000 products is ~20 MB; a file ten times that is not a catalog (and would
# be read whole into memory).
MAX_FILE_BYTES = 200 << 20

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
    longest_write_ms: float = 0.0  # the longest write transaction of the import


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


class CatalogImportRunning(PosError):
    """Another catalog import is being written to this database right now (from this or
    another laptop sharing the file); this one wrote nothing."""

    def __init__(self, file_name: str) -> None:
        super().__init__(f"another catalog import ({file_name or 'unknown file'}) is running")
        self.file_name = file_name


class CatalogChangedDuringImport(PosError):
    """A product the import was about to write was changed meanwhile (on another screen or
    till); the import was undone, nothing of it stays. ``sku``/``line`` name it when known."""

    def __init__(self, sku: str, line: int = 0) -> None:
        where = f" (SKU {sku}, line {line})" if line else (f" ({sku})" if sku else "")
        super().__init__(f"the catalog changed while importing{where}; the import was undone")
        self.sku = sku
        self.line = line


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
    # Lines of rows that may hold a control character (NUL, tab, a line break inside a
    # quoted cell …): only these are looked at cell by cell.
    suspect_lines: frozenset[int] = frozenset()
    header_names: tuple[str, ...] = ()  # the header's cells, to name a column by position


def _decode(path: Path) -> tuple[str, CsvRowError | None]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # refused before reading it into memory
            raise CatalogFileUnreadable(
                path, f"{size:,} bytes: a catalog file may hold at most {MAX_FILE_BYTES:,}"
            )
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
    # One search of the whole text finds whether any row needs a closer look (the usual
    # file has none); a record spanning lines has a line break inside a cell.
    controls = CONTROL_CHARACTERS.search(text) is not None
    suspect: set[int] = set()
    # A cell the till wrote as text for spreadsheets ("'0012…", "'=1+1") is read back
    # without the one quote it got; a file without any quote skips that work.
    quoted = QUOTE in text
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
                    if quoted:
                        cells = [unprotect_text(cell.strip()) for cell in cells]
                    append((line, (*cells, "")))
                    if reader.line_num != line or (
                        controls and CONTROL_CHARACTERS.search("".join(cells))
                    ):
                        suspect.add(line)
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
    return _ParsedFile(
        header,
        width,
        rows,
        errors,
        tuple(ignored),
        frozenset(suspect),
        tuple(cell.strip() for cell in header_cells),
    )


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


# What the import compares and may change of a product (the check reads it by SKU, each
# batch reads it again by id to see whether somebody changed it meanwhile).
_PRODUCT_COLUMNS = (
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
_EXISTING_PRODUCTS = select(Product.sku, *_PRODUCT_COLUMNS)


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
    """Checks the rows against the catalog as read once, and plans what importing writes.

    Nothing is written here: the plan (``inserts``, ``updates``, the new workshops) is applied
    afterwards in short write transactions (:func:`apply_catalog_import`).
    """

    def __init__(self, parsed: _ParsedFile, catalog: _Catalog, *, list_added: bool) -> None:
        self.parsed = parsed
        self.catalog = catalog
        self.list_added = list_added
        self.errors: list[CsvRowError] = list(parsed.errors)
        self.added: list[AddedRow] = []  # filled by a preview only
        self.added_count = 0  # rows added (when they are not listed)
        self.changed: list[ChangedRow] = []
        self.unchanged = 0
        self.new_workshops: list[NewWorkshop] = []
        self.sku_line: dict[str, int] = {}
        self.barcode_line: dict[str, int] = {}
        self.file_barcode = self._barcodes_in_file()
        # The plan: rows as written (a new workshop is named by its key in "new_workshop",
        # its id is only known once it is written), and each updated product's old values.
        self.inserts: list[dict[str, Any]] = []
        self.updates: list[tuple[dict[str, Any], _Existing]] = []

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

    def moved_barcodes(self) -> list[tuple[int, str]]:
        """(product id, barcode) of every product giving its barcode to another one.

        A barcode is unique in the database at every statement, so the product giving it up
        must let go before the product taking it is written.
        """
        claimed = set(self.file_barcode.values())
        return [
            (existing.id, existing.barcode)
            for sku, barcode in self.file_barcode.items()
            if (existing := self.catalog.products.get(sku)) is not None
            and existing.barcode
            and existing.barcode != barcode
            and existing.barcode in claimed
        ]

    def error(self, line: int, column: str, message: str, reason: str) -> None:
        self.errors.append(CsvRowError(line, column, message, reason))

    def control_characters(self, line: int, cells: tuple[str, ...]) -> None:
        """Each cell of the row holding a control character, named by its column."""
        names = self.parsed.header_names
        for index, cell in enumerate(cells[:-1]):
            found = CONTROL_CHARACTERS.search(cell)
            if found is not None:
                column = names[index].lower() if index < len(names) else f"#{index + 1}"
                code = f"U+{ord(found.group()):04X}"
                what = (
                    "a line break" if found.group() in "\r\n" else f"the control character {code}"
                )
                self.error(line, column, f"the cell holds {what}", "control_character")

    def spreadsheet_error(self, line: int, column: str, text: str) -> None:
        if SPREADSHEET_ERROR.fullmatch(text):
            self.error(
                line,
                column,
                f"{text!r} is a spreadsheet's error value, not the text that was there "
                "(it was a formula: type the text again)",
                "spreadsheet_error",
            )

    def lost_by_a_spreadsheet(self, line: int, barcode: str) -> bool:
        """A barcode a spreadsheet read as a number: a known one without its leading zeros,
        or one in scientific notation. Says so (and returns True)."""
        if SCIENTIFIC_NUMBER.fullmatch(barcode):
            self.error(
                line,
                "barcode",
                f"barcode {barcode} was turned into a number by a spreadsheet (scientific "
                "notation): format the column as text and type the codes again",
                "number_format",
            )
            return True
        if not barcode.isdigit() or len(barcode) >= 13:
            return False
        owners = self.catalog.barcode_owner
        for zeros in range(1, 14 - len(barcode)):
            full = "0" * zeros + barcode
            owner = owners.get(full)
            if owner is not None:
                self.error(
                    line,
                    "barcode",
                    f"barcode {barcode} is {full} of product {owner} without its leading "
                    f"zero{'s' if zeros > 1 else ''}: a spreadsheet read it as a number; "
                    "format the column as text",
                    "leading_zeros_lost",
                )
                return True
        return False

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
        inserts = self.inserts
        added = self.added if self.list_added else None  # only a preview lists them
        suspect = self.parsed.suspect_lines
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
            if line in suspect:
                self.control_characters(line, cells)

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
            if name[:1] == "#" or name[:4] == "Err:":
                self.spreadsheet_error(line, "name", name)
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
                if owner is None and self.lost_by_a_spreadsheet(line, barcode):
                    pass  # said so: better than "wrong check digit" or a new code
                elif problem is not None:
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
                        "new_workshop": _new_workshop_key(institution_id, workshop),
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
        self.updates.append(
            (
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
                    "new_workshop": _new_workshop_key(new.institution_id, workshop),
                },
                existing,
            )
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

    def run(self, progress: Progress | None) -> None:
        rows = self.parsed.rows
        total = len(rows)
        for start in range(0, total, PROGRESS_EVERY):
            self.check_block(rows[start : start + PROGRESS_EVERY])
            done = min(start + PROGRESS_EVERY, total)
            if progress is not None and progress(done, total) is False:
                raise ImportCancelled(done, total)
        self.errors.sort(key=lambda e: e.line)


def _new_workshop_key(institution_id: int, workshop: _WorkshopRef | None) -> tuple[int, str] | None:
    """The key of a workshop this import creates (not written yet), else None."""
    if workshop is None or workshop.id is not None:
        return None
    return (institution_id, workshop_key(workshop.name))


def _check(
    parsed: _ParsedFile, connection: Connection, *, list_added: bool, progress: Progress | None
) -> _Checker:
    checker = _Checker(parsed, _Catalog(connection), list_added=list_added)
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
        checker = _check(parsed, session.connection(), list_added=True, progress=progress)
    return ImportPreview(
        rows=len(parsed.rows),
        added=tuple(checker.added),
        changed=tuple(checker.changed),
        unchanged=checker.unchanged,
        new_workshops=tuple(checker.new_workshops),
        errors=tuple(checker.errors),
        ignored_columns=parsed.ignored_columns,
    )


def _journal_changes(
    session: Session,
    actor: Actor | None,
    path: Path,
    changed: Sequence[ChangedRow],
    till_code: str,
) -> None:
    """One price entry and/or one product entry per changed product, in the batch's own
    transaction (so the log never shows a change that was not written)."""
    for row in changed:
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


def _thousands(price: str) -> str:
    return format_number(int(price)) if price.isdigit() else price or "-"


# Rows per write transaction of an import: the first batch has APPLY_BATCH rows, the next
# ones as many as fit in about TARGET_HOLD_SECONDS (halved or doubled within the bounds), far
# under the ~200 ms a till may be kept waiting. Fewer, fuller transactions write each index
# page to the WAL fewer times (bench/busy_tills_bench.py).
APPLY_BATCH = 500
MIN_APPLY_BATCH = 100
MAX_APPLY_BATCH = 4000
TARGET_HOLD_SECONDS = 0.06
# Between two batches the import pauses as long as the batch held the lock
# (bazaar_pos.db.batched_write.pause).
_pause = batched_write.pause


def next_batch_size(size: int, held: float) -> int:
    """The next batch's rows after one of ``size`` rows held the write lock ``held`` s."""
    return batched_write.next_batch_size(
        size, held, target=TARGET_HOLD_SECONDS, smallest=MIN_APPLY_BATCH, largest=MAX_APPLY_BATCH
    )


_PRODUCT_NOW = select(*_PRODUCT_COLUMNS)


class _Apply:
    """Writes a checked plan in short transactions, each recorded in the undo log first."""

    def __init__(
        self,
        db: Database,
        checker: _Checker,
        path: Path,
        actor: Actor | None,
        progress: Progress | None,
    ) -> None:
        self.db = db
        self.checker = checker
        self.path = path
        self.actor = actor
        self.progress = progress
        self.import_id = uuid.uuid4().hex
        undo_path = undo_path_for(db, self.import_id)
        self.log = UndoLog(undo_path)
        self.marker = Marker.for_this_process(self.import_id, path.name, undo_path)
        self.cleared: set[int] = set()  # products whose barcode the first batch cleared
        self.till_code = ""
        self.longest = 0.0  # the longest batch held the write lock this long (seconds)
        # PostgreSQL: the one transaction every batch runs in (run_in_one_transaction).
        self.session: Session | None = None

    def batch(
        self, record: dict[str, Any], work: Callable[[Session], None], *, last: bool = False
    ) -> float:
        """``record`` flushed to the undo log, then ``work`` in one short write transaction
        that also proves the marker is still this import's and refreshes its heartbeat.
        (On PostgreSQL: ``work`` in the import's one transaction.)"""
        if self.session is not None:
            work(self.session)
            return 0.0
        self.log.append(record)
        started = time.perf_counter()

        def guarded(session: Session) -> None:
            marker = read_marker(session)
            if marker is None or marker.import_id != self.import_id:
                raise CatalogImportRunning(marker.file_name if marker else "")
            work(session)
            if not last:  # the last batch removes the marker
                write_marker(session, replace(self.marker, beat=time.time()))

        write_with_retry(self.db, guarded)
        held = time.perf_counter() - started
        self.longest = max(self.longest, held)
        _pause(held)
        return held

    def start(self) -> None:
        checker = self.checker
        moved = checker.moved_barcodes()
        new_workshops = [
            (key, ref) for key, ref in checker.catalog.workshops.items() if ref.id is None
        ]
        self.log.append({"clear": moved})
        started = time.perf_counter()

        def begin(session: Session) -> None:
            authorize_or_anonymous(session, self.actor, Action.IMPORT_CATALOG)
            running = read_marker(session)
            if running is not None:
                raise CatalogImportRunning(running.file_name)
            self.till_code = read_settings(session).till_code
            write_marker(session, self.marker)
            if moved:
                session.execute(_CLEAR_BARCODE, [{"product_id": i} for i, _ in moved])
            for (institution_id, _), ref in new_workshops:
                ref.id = session.execute(
                    _INSERT_WORKSHOP,
                    {"institution_id": institution_id, "name": ref.name, "active": True},
                ).scalar_one()
            # Recorded in this transaction, before it commits: the undo may delete them.
            self.log.append({"workshops": [ref.id for _, ref in new_workshops]})

        if self.session is not None:
            begin(self.session)
            self.cleared = {i for i, _ in moved}
            return
        try:
            write_with_retry(self.db, begin)
        except BaseException:
            for _, ref in new_workshops:
                ref.id = None
            self.log.remove()
            raise
        self.cleared = {i for i, _ in moved}
        _pause(time.perf_counter() - started)

    def workshop_id(self, row: dict[str, Any]) -> int | None:
        key = row["new_workshop"]
        if key is None:
            return row["workshop_id"]  # type: ignore[no-any-return]
        return self.checker.catalog.workshops[key].id

    def insert(self, rows: Sequence[dict[str, Any]]) -> float:
        params = [
            {
                **{k: v for k, v in row.items() if k != "new_workshop"},
                "uuid": made,
                "workshop_id": self.workshop_id(row),
            }
            for row, made in zip(rows, time_ordered_uuids(len(rows)), strict=True)
        ]

        def work(session: Session) -> None:
            try:
                session.execute(_INSERT_PRODUCTS, params)
            except IntegrityError as error:  # a SKU or barcode taken since the check
                raise CatalogChangedDuringImport(str(error.orig)) from error

        return self.batch({"insert": [p["uuid"] for p in params]}, work)

    def update(self, rows: Sequence[tuple[dict[str, Any], _Existing, ChangedRow]]) -> float:
        params = [
            {
                **{k: v for k, v in row.items() if k != "new_workshop"},
                "workshop_id": self.workshop_id(row),
            }
            for row, _, _ in rows
        ]
        before = {old.id: (old, changed) for _, old, changed in rows}

        def work(session: Session) -> None:
            now = session.execute(_PRODUCT_NOW.where(Product.id.in_(list(before)))).all()
            for current in now:
                old, changed = before[current[0]]
                expected = old._replace(barcode=None) if old.id in self.cleared else old
                if _Existing._make(current) != expected:
                    raise CatalogChangedDuringImport(changed.sku, changed.line)
            if len(now) != len(before):
                raise CatalogChangedDuringImport("")
            try:
                session.execute(_UPDATE_PRODUCTS, params)
            except IntegrityError as error:
                raise CatalogChangedDuringImport(str(error.orig)) from error
            _journal_changes(
                session, self.actor, self.path, [c for _, _, c in rows], self.till_code
            )

        new = {p["product_id"]: p for p in params}
        return self.batch(
            {"update": [[old.id, old._asdict(), new[old.id]] for _, old, _ in rows]}, work
        )

    def finish(self, rows: int) -> None:
        checker = self.checker

        def end(session: Session) -> None:
            journal(
                session,
                AuditAction.CATALOG_IMPORTED,
                actor=self.actor,
                subject=self.path.name,
                detail=f"{self.path}: {rows} rows, {checker.added_count} added, "
                f"{len(checker.changed)} changed, {checker.unchanged} unchanged, "
                f"{len(checker.new_workshops)} new workshops",
                till_code=self.till_code,
            )
            clear_marker(session)

        self.batch({}, end, last=True)
        self.log.remove()

    def undo(self, reason: UndoReason) -> None:
        undo_import(
            self.db,
            self.log,
            reason=reason,
            file_name=self.path.name,
            actor=self.actor,
            pause=_pause,
        )

    def run_in_one_transaction(self, total: int) -> None:
        """PostgreSQL: the same steps in one transaction, all or nothing by the database's
        rollback (cancelled, refused or killed: nothing was committed, no undo log to
        replay). :meth:`Database.long_write` lets the tills sell meanwhile: rows are locked,
        not the database, and the write lock is taken only for the last step."""
        try:
            with self.db.long_write() as session:
                self.session = session
                try:
                    self.start()
                    self.write_rows(total)
                    take_write_lock(session)
                    self.finish(total)
                finally:
                    self.session = None
        except CatalogImportRunning:
            raise
        except BaseException as error:
            # Rolled back whole; the audit log still says the import was undone, and why,
            # as on SQLite (an empty log: there is nothing left to put back).
            reason = (
                UndoReason.CANCELLED
                if isinstance(error, ImportCancelled)
                else UndoReason.CHANGED
                if isinstance(error, CatalogChangedDuringImport)
                else UndoReason.FAILED
            )
            self.log = UndoLog(None)
            with contextlib.suppress(Exception):  # the first error is the one to report
                self.undo(reason)
            raise

    def run(self, total: int) -> None:
        if not self.db.is_sqlite:
            self.run_in_one_transaction(total)
            return
        self.start()
        try:
            self.write_rows(total)
            self.finish(total)
        except ImportCancelled:
            self.undo(UndoReason.CANCELLED)
            raise
        except CatalogChangedDuringImport:
            self.undo(UndoReason.CHANGED)
            raise
        except CatalogImportRunning:  # the marker is not ours any more: not ours to undo
            raise
        except BaseException:
            # Disk full, busy beyond the retries …: undo what was written. If the undo fails
            # too (the same full disk), the marker stays and the next import undoes it.
            with contextlib.suppress(Exception):  # the first error is the one to report
                self.undo(UndoReason.FAILED)
            raise

    def write_rows(self, total: int) -> None:
        """Every added and changed product, in batches; ``progress`` told after each."""
        checker = self.checker
        done = 0
        size = APPLY_BATCH
        updates = [
            (row, old, changed)
            for (row, old), changed in zip(checker.updates, checker.changed, strict=True)
        ]
        unchanged_rows = total - len(checker.inserts) - len(updates)

        def write_all(rows: Sequence[Any], write: Callable[[Any], float]) -> None:
            nonlocal done, size
            at = 0
            while at < len(rows):
                chunk = rows[at : at + size]
                size = next_batch_size(size, write(chunk))
                at += len(chunk)
                done += len(chunk)
                if self.progress is not None and self.progress(done, total) is False:
                    raise ImportCancelled(done, total)

        write_all(checker.inserts, self.insert)
        write_all(updates, self.update)
        if unchanged_rows and self.progress is not None and not self.progress(total, total):
            raise ImportCancelled(total, total)


def apply_catalog_import(
    db: Database, path: Path, progress: Progress | None = None, *, actor: Actor | None = None
) -> ImportResult:
    """Import ``path``: every added and changed product and new workshop, or nothing.

    The file is read and every row checked against the catalog as one read snapshot sees it
    (a preview may be stale), holding no lock; ``progress(done, total)`` reports the rows
    checked. Then the plan is written in short write transactions of about
    :data:`TARGET_HOLD_SECONDS` each (``progress`` reports the rows written, a second pass),
    each recorded first in an undo log and each checking that the products it changes are
    still as they were checked; the tills on the same file sell between them. The import is
    still all-or-nothing: cancelled, refused by a change made meanwhile
    (:class:`CatalogChangedDuringImport`) or failed, it is undone
    (``bazaar_pos.catalog.import_undo``); an import whose process died is undone by the next
    import. Raises :class:`CatalogImportRejected` with every problem found (nothing written),
    :class:`ImportCancelled` if ``progress`` returned False, :class:`CatalogImportRunning`,
    or :class:`CatalogFileUnreadable`.
    """
    with db.read() as session:  # a refused user learns nothing about the file either
        authorize_or_anonymous(session, actor, Action.IMPORT_CATALOG)
    recover_interrupted_import(db, actor=actor)
    parsed = _parse_file(Path(path))
    with db.read() as session:  # one snapshot: the catalog as the plan was made from it
        checker = _check(parsed, session.connection(), list_added=False, progress=progress)
    if checker.errors:
        raise CatalogImportRejected(tuple(checker.errors))
    # The catalog as it was, before the import changes it (raises BackupFailed: no import
    # without a backup).
    backup_database(db, BackupReason.CATALOG_IMPORT)
    writer = _Apply(db, checker, Path(path), actor, progress)
    writer.run(len(parsed.rows))
    db.checkpoint()
    return ImportResult(
        rows=len(parsed.rows),
        added=checker.added_count,
        changed=len(checker.changed),
        unchanged=checker.unchanged,
        new_workshops=tuple(checker.new_workshops),
        ignored_columns=parsed.ignored_columns,
        longest_write_ms=round(writer.longest * 1000, 1),
    )


# --- export --------------------------------------------------------------------------------


def export_catalog_csv(db: Database, path: Path, *, actor: Actor | None = None) -> int:
    """Write every product (archived too) to ``path`` in the import format; returns the count.

    Needs ``EXPORT_CATALOG``. Rows are ordered by institution code, then SKU. Text cells are
    safe to open in a spreadsheet (:func:`~bazaar_pos.csv_cells.protect_text`, codes of only
    digits kept as text: :func:`code_as_text`). Raises OSError if the file cannot be written
    (an existing file at ``path`` is then left as it was, and nothing is journaled; a
    journal entry that cannot be written removes the new file).
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
    # Read from one snapshot without the write lock (tills keep selling while the file is
    # written); only the journal entry takes a short write transaction afterwards.
    with db.read() as session:
        authorize_or_anonymous(session, actor, Action.EXPORT_CATALOG)
        rows = session.execute(query).all()
    _write_export(path, rows)
    try:
        with db.write() as session:
            authorize_or_anonymous(session, actor, Action.EXPORT_CATALOG)
            journal(
                session,
                AuditAction.CATALOG_EXPORTED,
                actor=actor,
                subject=path.name,
                detail=f"{path}: {len(rows)} products",
            )
    except BaseException:
        path.unlink(missing_ok=True)  # no file that the journal does not know of
        raise
    db.checkpoint()
    return len(rows)


def code_as_text(code: str) -> str:
    """A barcode or SKU as the catalog CSV writes it: one of only digits gets a leading ``'``
    so that a spreadsheet keeps it as text (``0012…`` would lose its zeros, a long one turn
    into ``2.00201E+12``); other codes are protected like any text. The import drops the
    quote again (:func:`~bazaar_pos.csv_cells.unprotect_text`)."""
    return QUOTE + code if code.isdigit() else protect_text(code)


def _write_export(path: Path, rows: Sequence[Any]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(
        (
            code_as_text(sku),
            code_as_text(barcode or ""),
            protect_text(name),
            protect_text(unit),
            price,
            protect_text(category),
            protect_text(code),
            protect_text(workshop or ""),
            _flag(track),
            _flag(active),
        )
        for (sku, barcode, name, unit, price, category, code, workshop, track, active) in rows
    )
    # utf-8-sig: the byte-order mark makes Excel read the file as UTF-8. Built in memory
    # (about 10 MB for 100,000 products), then written atomically: a failed export leaves
    # no half file. A missing folder is an error (the command line reports it), not created.
    write_file_atomically(path, buffer.getvalue().encode("utf-8-sig"), create_parents=False)
