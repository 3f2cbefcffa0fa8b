"""The export format, as data: the single source of truth for export, merge and the README.

An export is a folder (or a .zip with the same files at its root): ``manifest.json``,
``manifest.sig`` and one CSV per table of :data:`TABLES`, every file always present (possibly
header-only). CSV is
RFC 4180 (the :mod:`csv` module's defaults, ``\\r\\n``), UTF-8 with a byte-order mark, one header
row of the column names in the order given here, rows in id order.

Signature (format version 2): the manifest names the till (``till_id``, made once at the
till's first start) and its Ed25519 public key (``public_key``, base64 of the raw 32 bytes);
``manifest.sig`` holds the base64 of the 64-byte Ed25519 signature over the exact bytes of
``manifest.json``. The manifest lists every file's size, row count and SHA-256, so the one
signature covers every file, including files added to the format later. Version 1 exports
(unsigned) are refused: anybody could write one.

Cells by kind (:class:`CellKind`):

- ``integer``: plain decimal (``-5``); empty = NULL. Never protected: a negative stays ``-5``.
- ``boolean``: ``1`` / ``0``.
- ``date``: ``2026-04-27``; empty = NULL.
- ``datetime``: ISO 8601 in UTC with its offset and microseconds,
  ``2026-04-27T03:15:00.250000+00:00``; empty = NULL. Reading accepts any offset.
- ``uuid``: the row's own key, canonical lower case.
- ``ref`` (``*_uuid``): the uuid of the referenced row; empty = NULL.
- ``text``: protected with :func:`bazaar_pos.csv_cells.protect_text` (a formula start
  ``= + - @ tab CR`` gets a leading ``'``, a leading ``'`` is doubled); empty = empty text.
- ``nullable_text`` (barcode only): as text, but empty = NULL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Table

from bazaar_pos.csv_cells import protect_text, unprotect_text
from bazaar_pos.db import models as m

__all__ = [
    "CSV_ENCODING",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "SIGNATURE_NAME",
    "TABLES",
    "TABLES_BY_FILE",
    "TABLES_BY_NAME",
    "CellKind",
    "ColumnSpec",
    "Manifest",
    "ManifestFile",
    "ManifestProblem",
    "MergeKind",
    "TableSpec",
    "decode_boolean",
    "decode_date",
    "decode_datetime",
    "decode_integer",
    "decode_nullable_text",
    "decode_ref",
    "decode_text",
    "decode_uuid",
    "encode_boolean",
    "encode_date",
    "encode_datetime",
    "encode_integer",
    "encode_nullable_text",
    "encode_ref",
    "encode_text",
    "encode_uuid",
    "format_reference_markdown",
    "sha256_bytes",
    "sha256_file",
    "sha256_stream",
]

FORMAT = "bazaar-pos-export"
FORMAT_VERSION = 2  # 2: signed (till_id, public_key, manifest.sig); 1 was unsigned
UNSIGNED_FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
CSV_ENCODING = "utf-8-sig"
BOM = "\ufeff".encode()


class CellKind(StrEnum):
    TEXT = "text"
    NULLABLE_TEXT = "nullable_text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    UUID = "uuid"
    REF = "ref"


class MergeKind(StrEnum):
    # Matched by uuid, else by natural key; differences are kept here and noted, not applied.
    REFERENCE = "reference"
    LINK = "link"  # a pair of references: missing pairs are inserted
    LIFECYCLE = "lifecycle"  # shifts: open < closed, a closed copy updates an open one
    RECORD = "record"  # inserted once, never changed: a differing copy is a conflict
    # journal links: each till's chain must continue the one here and cover the records
    JOURNAL = "journal"


# ---------------------------------------------------------------------------------- cells

_INTEGER = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def encode_text(value: str) -> str:
    return protect_text(value)


def decode_text(cell: str) -> str:
    return unprotect_text(cell)


def encode_nullable_text(value: str | None) -> str:
    return "" if value is None else protect_text(value)


def decode_nullable_text(cell: str) -> str | None:
    return None if cell == "" else unprotect_text(cell)


def encode_integer(value: int | None) -> str:
    return "" if value is None else str(int(value))


def decode_integer(cell: str) -> int | None:
    if cell == "":
        return None
    if not _INTEGER.fullmatch(cell):
        raise ValueError(f"{cell!r} is not a whole number")
    return int(cell)


def encode_boolean(value: bool | None) -> str:
    if value is None:
        return ""
    return "1" if value else "0"


def decode_boolean(cell: str) -> bool | None:
    if cell == "":
        return None
    if cell == "1":
        return True
    if cell == "0":
        return False
    raise ValueError(f"{cell!r} is not 1 or 0")


def encode_date(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def decode_date(cell: str) -> dt.date | None:
    if cell == "":
        return None
    try:
        if not _DATE.fullmatch(cell):
            raise ValueError(cell)
        return dt.date.fromisoformat(cell)
    except ValueError:
        raise ValueError(f"{cell!r} is not a date like 2026-04-27") from None


def encode_datetime(value: dt.datetime | None) -> str:
    """Always UTC, always with microseconds: the same text SQL produces from the stored value."""
    if value is None:
        return ""
    if value.tzinfo is None:  # naive values in this database are UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def decode_datetime(cell: str) -> dt.datetime | None:
    """Any ISO 8601 date and time with an offset; given back as an aware UTC datetime."""
    if cell == "":
        return None
    try:
        moment = dt.datetime.fromisoformat(cell)
    except ValueError:
        raise ValueError(
            f"{cell!r} is not a date and time like 2026-04-27T03:15:00+00:00"
        ) from None
    if moment.tzinfo is None:
        raise ValueError(f"{cell!r} has no UTC offset (like +00:00)")
    return moment.astimezone(dt.UTC)


def encode_uuid(value: str) -> str:
    return value


def decode_uuid(cell: str) -> str:
    """A canonical lower-case uuid (upper case and braces are accepted and normalised)."""
    try:
        return str(uuid_module.UUID(cell))
    except ValueError:
        raise ValueError(f"{cell!r} is not a UUID") from None


def encode_ref(value: str | None) -> str:
    return "" if value is None else value


def decode_ref(cell: str) -> str | None:
    return None if cell == "" else decode_uuid(cell)


ENCODERS: dict[CellKind, Callable[[Any], str]] = {
    CellKind.TEXT: encode_text,
    CellKind.NULLABLE_TEXT: encode_nullable_text,
    CellKind.INTEGER: encode_integer,
    CellKind.BOOLEAN: encode_boolean,
    CellKind.DATE: encode_date,
    CellKind.DATETIME: encode_datetime,
    CellKind.UUID: encode_uuid,
    CellKind.REF: encode_ref,
}

DECODERS: dict[CellKind, Callable[[str], Any]] = {
    CellKind.TEXT: decode_text,
    CellKind.NULLABLE_TEXT: decode_nullable_text,
    CellKind.INTEGER: decode_integer,
    CellKind.BOOLEAN: decode_boolean,
    CellKind.DATE: decode_date,
    CellKind.DATETIME: decode_datetime,
    CellKind.UUID: decode_uuid,
    CellKind.REF: decode_ref,
}

# What each kind is called in the README's format tables.
KIND_DESCRIPTIONS: dict[CellKind, str] = {
    CellKind.TEXT: "text",
    CellKind.NULLABLE_TEXT: "text, empty = none",
    CellKind.INTEGER: "integer",
    CellKind.BOOLEAN: "1/0",
    CellKind.DATE: "date",
    CellKind.DATETIME: "UTC date-time",
    CellKind.UUID: "uuid",
    CellKind.REF: "uuid of",
}


# ---------------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class ColumnSpec:
    """One CSV column: its header name, cell kind and where it lives in the table."""

    name: str  # CSV header
    kind: CellKind
    attribute: str  # the table column (= model attribute); for refs the local id column
    meaning: str
    ref_table: str | None = None  # refs: the table whose uuid the cell holds
    # Filled in by TableSpec from the model: may the stored value be NULL (empty cell)?
    nullable: bool = False
    # Text columns: the most characters the column holds (its VARCHAR length; None: any).
    # PostgreSQL enforces it, SQLite does not: the merge checks it on both.
    max_length: int | None = None

    def encode(self, value: Any) -> str:
        return ENCODERS[self.kind](value)

    def decode(self, cell: str) -> Any:
        """The stored value of ``cell``; ValueError with a readable problem if it is not one."""
        value = DECODERS[self.kind](cell)
        if value is None and not self.nullable:
            raise ValueError("is empty, but a value is required")
        return value


@dataclass(frozen=True)
class TableSpec:
    """One file of an export: a table, its columns and how a merge treats its rows."""

    name: str  # table name
    table: Table
    model: type[m.Base] | None  # None for event_institutions (a plain association table)
    merge_kind: MergeKind
    columns: tuple[ColumnSpec, ...]
    meaning: str
    # reference / link: the CSV columns a row is matched by when its uuid is not here.
    natural_key: tuple[str, ...] = ()
    # Other unique CSV column sets: the value taken here by a different uuid is a conflict.
    unique_keys: tuple[tuple[str, ...], ...] = ()
    # Incremental exports take only rows with an id above the last export's watermark.
    append_only: bool = False
    # Only rows with one of these statuses are exported (count_sessions: posted, discarded).
    exported_statuses: tuple[str, ...] = ()
    # Only rows whose reference in this CSV column points at an exported row (count_lines).
    only_with_exported: str | None = None
    # refs that are plain integer ids without a foreign key, where 0 means none.
    soft_refs: tuple[str, ...] = field(default=())
    # Only rows referred to by a row of the same export (users: names for the records, never
    # accounts): the import refuses a row no record refers to.
    names_only: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> ColumnSpec:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def refs(self) -> tuple[ColumnSpec, ...]:
        return tuple(column for column in self.columns if column.kind is CellKind.REF)


def _c(name: str, kind: CellKind, meaning: str, attribute: str = "", ref: str = "") -> ColumnSpec:
    if kind is CellKind.REF and (not ref or not attribute):
        raise ValueError(f"ref column {name} needs its table and id column")
    return ColumnSpec(
        name=name, kind=kind, attribute=attribute or name, meaning=meaning, ref_table=ref or None
    )


T = CellKind.TEXT
I = CellKind.INTEGER  # noqa: E741 - a one-letter alias keeps the table below readable
B = CellKind.BOOLEAN
DT = CellKind.DATETIME
R = CellKind.REF
KEY = _c("uuid", CellKind.UUID, "the row's key in every database it reaches")


def _table(
    name: str,
    model: type[m.Base] | Table,
    merge_kind: MergeKind,
    meaning: str,
    columns: tuple[ColumnSpec, ...],
    **options: Any,
) -> TableSpec:
    table: Table = model if isinstance(model, Table) else model.__table__  # type: ignore[assignment]
    filled = []
    for column in columns:
        if column.attribute not in table.c:
            raise ValueError(f"{name}.{column.attribute} is not a column")
        filled.append(
            ColumnSpec(
                name=column.name,
                kind=column.kind,
                attribute=column.attribute,
                meaning=column.meaning,
                ref_table=column.ref_table,
                # A soft ref (an id without a foreign key, 0 = none) is empty when it points
                # at no row, whatever the column allows.
                nullable=bool(table.c[column.attribute].nullable)
                or column.name in options.get("soft_refs", ()),
                max_length=getattr(table.c[column.attribute].type, "length", None),
            )
        )
    return TableSpec(
        name=name,
        table=table,
        model=None if isinstance(model, Table) else model,
        merge_kind=merge_kind,
        columns=tuple(filled),
        meaning=meaning,
        **options,
    )


TABLES: tuple[TableSpec, ...] = (
    _table(
        "institutions",
        m.Institution,
        MergeKind.REFERENCE,
        "Lapas, Rutan and LPKA whose goods are sold.",
        (
            KEY,
            _c("code", T, "short code, e.g. BPN"),
            _c("number", I, "two digits inside its internal EAN-13 barcodes"),
            _c("name", T, "full name"),
            _c("kind", T, "Lapas, Rutan, LPKA …"),
        ),
        natural_key=("code",),
        unique_keys=(("number",),),
    ),
    _table(
        "workshops",
        m.Workshop,
        MergeKind.REFERENCE,
        "Workshops (pembinaan kemandirian) inside an institution.",
        (
            KEY,
            _c("institution_uuid", R, "institution", "institution_id", "institutions"),
            _c("name", T, "workshop name"),
            _c("active", B, "still offered in the catalog"),
        ),
        natural_key=("institution_uuid", "name"),
    ),
    _table(
        "products",
        m.Product,
        MergeKind.REFERENCE,
        "The catalog (a sale line carries its own name and price).",
        (
            KEY,
            _c("sku", T, "stock keeping unit, unique"),
            _c("barcode", CellKind.NULLABLE_TEXT, "EAN-13 or other"),
            _c("name", T, "product name"),
            _c("unit", T, "pcs, kg …"),
            _c("price", I, "catalog price in Rupiah"),
            _c("category", T, "category"),
            _c("institution_uuid", R, "institution that made it", "institution_id", "institutions"),
            _c("workshop_uuid", R, "workshop that made it", "workshop_id", "workshops"),
            _c("track_stock", B, "stock is counted (0: e.g. café drinks)"),
            _c("active", B, "can be sold (0: archived)"),
        ),
        natural_key=("sku",),
        unique_keys=(("barcode",),),
    ),
    _table(
        "events",
        m.Event,
        MergeKind.REFERENCE,
        "Bazaars and permanent outlets.",
        (
            KEY,
            _c("name", T, "e.g. Bazar HBP ke-62"),
            _c("venue", T, "where"),
            _c("starts_on", CellKind.DATE, "first day"),
            _c("ends_on", CellKind.DATE, "last day"),
        ),
        natural_key=("name", "starts_on"),
    ),
    _table(
        "event_institutions",
        m.event_institutions,
        MergeKind.LINK,
        "Which institutions take part in which event.",
        (
            _c("event_uuid", R, "event", "event_id", "events"),
            _c("institution_uuid", R, "institution", "institution_id", "institutions"),
        ),
        natural_key=("event_uuid", "institution_uuid"),
    ),
    _table(
        "users",
        m.User,
        MergeKind.REFERENCE,
        "Names of the people in the export's records (never a PIN, a PIN hash or lockout "
        "state, never a user no record refers to).",
        (
            KEY,
            _c("username", T, "login name, lower case"),
            _c("full_name", T, "name on receipts and reports"),
            _c("role", T, "cashier, supervisor or admin"),
            _c("active", B, "may log in"),
            _c("created_at", DT, "when the user was created"),
        ),
        natural_key=("username",),
        names_only=True,
    ),
    _table(
        "shifts",
        m.Shift,
        MergeKind.LIFECYCLE,
        "Cash drawer shifts, from the counted float to the Z report.",
        (
            KEY,
            _c("till_code", T, "till, e.g. BPN1"),
            _c("event_uuid", R, "event", "event_id", "events"),
            _c("status", T, "open or closed"),
            _c("opened_at", DT, "when it was opened"),
            _c("opened_by_uuid", R, "who opened it", "opened_by_id", "users"),
            _c("opening_float", I, "float counted at opening, Rupiah"),
            _c("closed_at", DT, "when it was closed (Z report)"),
            _c("closed_by_uuid", R, "who closed it", "closed_by_id", "users"),
            _c("z_number", I, "Z report number of this till"),
            _c("expected_cash", I, "cash expected in the drawer at closing"),
            _c("counted_cash", I, "cash counted at closing"),
            _c("note", T, "note at closing"),
        ),
        unique_keys=(("till_code", "z_number"),),
    ),
    _table(
        "cash_count_lines",
        m.CashCountLine,
        MergeKind.RECORD,
        "Notes and coins counted in a drawer at opening or closing.",
        (
            KEY,
            _c("shift_uuid", R, "shift", "shift_id", "shifts"),
            _c("purpose", T, "opening or closing"),
            _c("denomination", I, "face value, Rupiah"),
            _c("form", T, "note or coin"),
            _c("quantity", I, "how many"),
        ),
        unique_keys=(("shift_uuid", "purpose", "denomination", "form"),),
        append_only=True,
    ),
    _table(
        "cash_movements",
        m.CashMovement,
        MergeKind.RECORD,
        "Cash paid into or out of a drawer for a reason other than a sale.",
        (
            KEY,
            _c("shift_uuid", R, "shift", "shift_id", "shifts"),
            _c("kind", T, "paid_in or paid_out"),
            _c("amount", I, "Rupiah, always positive"),
            _c("reason", T, "why"),
            _c("created_at", DT, "when"),
            _c("user_uuid", R, "who", "user_id", "users"),
            _c("user_name", T, "who, as a name"),
        ),
        append_only=True,
    ),
    _table(
        "sales",
        m.Sale,
        MergeKind.RECORD,
        "Receipts.",
        (
            KEY,
            _c("till_code", T, "till that rang it up"),
            _c("receipt_number", I, "receipt counter of that till"),
            _c("receipt_no", T, "receipt number as printed, e.g. BPN1-000001"),
            _c("event_uuid", R, "event", "event_id", "events"),
            _c("cashier", T, "cashier's name"),
            _c("created_at", DT, "when"),
            _c("total", I, "amount due, Rupiah"),
            _c("cashier_user_uuid", R, "cashier", "cashier_user_id", "users"),
            _c("shift_uuid", R, "shift (drawer)", "shift_id", "shifts"),
            _c("subtotal", I, "lines after line discounts, Rupiah"),
            _c("discount", I, "sale-level discount, Rupiah"),
            _c("discount_approved_by", T, "who approved the discount"),
        ),
        unique_keys=(("receipt_no",), ("till_code", "receipt_number")),
        append_only=True,
    ),
    _table(
        "sale_lines",
        m.SaleLine,
        MergeKind.RECORD,
        "Lines of receipts, as sold (name and price copied).",
        (
            KEY,
            _c("sale_uuid", R, "receipt", "sale_id", "sales"),
            _c("line_no", I, "line number on the receipt"),
            _c("product_uuid", R, "product", "product_id", "products"),
            _c("sku", T, "SKU at the sale"),
            _c("product_name", T, "name at the sale"),
            _c("unit_price", I, "price charged per unit, Rupiah"),
            _c("quantity", I, "units"),
            _c("line_total", I, "quantity × unit price − discounts, Rupiah"),
            _c("list_price", I, "catalog price at the sale"),
            _c("line_discount", I, "discount on this line, Rupiah"),
            _c("sale_discount_share", I, "part of the sale discount, Rupiah"),
            _c("approved_by", T, "who approved a discount or price override"),
            _c(
                "institution_uuid",
                R,
                "institution the money goes to",
                "institution_id",
                "institutions",
            ),
            _c("workshop_uuid", R, "workshop", "workshop_id", "workshops"),
        ),
        append_only=True,
    ),
    _table(
        "payments",
        m.Payment,
        MergeKind.RECORD,
        "How receipts were paid (a split payment has several rows).",
        (
            KEY,
            _c("sale_uuid", R, "receipt", "sale_id", "sales"),
            _c("method", T, "cash, qris or transfer"),
            _c("amount", I, "what this payment settles, Rupiah"),
            _c("tendered", I, "what the customer handed over"),
            _c("change", I, "change given"),
            _c("reference", T, "QRIS / transfer reference"),
        ),
        append_only=True,
    ),
    _table(
        "refunds",
        m.Refund,
        MergeKind.RECORD,
        "Money (and goods) back against a receipt.",
        (
            KEY,
            _c("request_key", T, "key of the refund form (a second submit changes nothing)"),
            _c("till_code", T, "till that refunded"),
            _c("number", I, "refund counter of that till"),
            _c("refund_no", T, "refund number, e.g. BPN1-R000001"),
            _c("sale_uuid", R, "receipt refunded", "sale_id", "sales"),
            _c("shift_uuid", R, "shift (drawer) that paid", "shift_id", "shifts"),
            _c("created_at", DT, "when"),
            _c("user_uuid", R, "cashier", "user_id", "users"),
            _c("cashier", T, "cashier's name"),
            _c("approved_by", T, "supervisor who approved"),
            _c("method", T, "how the money went back"),
            _c("amount", I, "Rupiah refunded"),
            _c("reason", T, "why"),
            _c("reference", T, "transfer reference"),
        ),
        unique_keys=(("refund_no",), ("request_key",), ("till_code", "number")),
        append_only=True,
    ),
    _table(
        "refund_lines",
        m.RefundLine,
        MergeKind.RECORD,
        "Lines of refunds.",
        (
            KEY,
            _c("refund_uuid", R, "refund", "refund_id", "refunds"),
            _c("sale_line_uuid", R, "receipt line refunded", "sale_line_id", "sale_lines"),
            _c("quantity", I, "units back"),
            _c("amount", I, "Rupiah back"),
        ),
        append_only=True,
    ),
    _table(
        "count_sessions",
        m.CountSession,
        MergeKind.RECORD,
        "Stock counts, posted or discarded (an open count stays on its laptop).",
        (
            KEY,
            _c("event_uuid", R, "event", "event_id", "events"),
            _c("kind", T, "opening, closing or spot"),
            _c("blind", B, "counted without seeing the expected figures"),
            _c(
                "institution_uuid",
                R,
                "institution counted (empty: all)",
                "institution_id",
                "institutions",
            ),
            _c("status", T, "posted or discarded"),
            _c("started_at", DT, "when the count started"),
            _c(
                "snapshot_movement_uuid",
                R,
                "last stock movement when it started",
                "snapshot_movement_id",
                "stock_movements",
            ),
            _c("posted_at", DT, "when it was posted"),
            _c(
                "posted_through_movement_uuid",
                R,
                "last stock movement once posted",
                "posted_through_movement_id",
                "stock_movements",
            ),
            _c("uncounted_as_zero", B, "products not counted were posted as 0"),
            _c("counted_by", T, "who counted"),
            _c("supervised_by", T, "who supervised"),
            _c("note", T, "note"),
        ),
        exported_statuses=(m.CountStatus.POSTED.value, m.CountStatus.DISCARDED.value),
        soft_refs=("snapshot_movement_uuid", "posted_through_movement_uuid"),
    ),
    _table(
        "count_lines",
        m.CountLine,
        MergeKind.RECORD,
        "Products of the exported counts.",
        (
            KEY,
            _c("session_uuid", R, "count", "session_id", "count_sessions"),
            _c("product_uuid", R, "product", "product_id", "products"),
            _c("expected_at_start", I, "expected quantity when the count started"),
            _c("unit_price", I, "price when the count started"),
            _c("counted", I, "quantity counted (empty: not counted)"),
            _c("counted_at", DT, "when it was counted"),
            _c("expected_at_post", I, "expected quantity when posted"),
            _c("adjustment", I, "stock adjustment posted"),
        ),
        unique_keys=(("session_uuid", "product_uuid"),),
        only_with_exported="session_uuid",
    ),
    _table(
        "handovers",
        m.Handover,
        MergeKind.RECORD,
        "Unsold goods handed back to an institution.",
        (
            KEY,
            _c("event_uuid", R, "event", "event_id", "events"),
            _c("institution_uuid", R, "institution", "institution_id", "institutions"),
            _c("created_at", DT, "when"),
            _c("handed_over_by", T, "who handed the goods over"),
            _c("received_by", T, "who received them"),
        ),
        append_only=True,
    ),
    _table(
        "stock_movements",
        m.StockMovement,
        MergeKind.RECORD,
        "The stock ledger (stock = sum of quantities).",
        (
            KEY,
            _c("product_uuid", R, "product", "product_id", "products"),
            _c("event_uuid", R, "event", "event_id", "events"),
            _c("kind", T, "arrival, sale, refund, return, damage, count_adjustment"),
            _c("quantity", I, "signed: + in, − out"),
            _c("sale_line_uuid", R, "receipt line (sales)", "sale_line_id", "sale_lines"),
            _c("created_at", DT, "when"),
            _c("note", T, "note"),
            _c("count_session_uuid", R, "count it adjusts", "count_session_id", "count_sessions"),
            _c("handover_uuid", R, "handover it returns goods in", "handover_id", "handovers"),
            _c("reverses_uuid", R, "movement it reverses", "reverses_id", "stock_movements"),
            _c("recorded_by", T, "who recorded it"),
            _c("refund_line_uuid", R, "refund line (refunds)", "refund_line_id", "refund_lines"),
        ),
        append_only=True,
    ),
    _table(
        "audit_log",
        m.AuditEntry,
        MergeKind.RECORD,
        "Who did what (append-only).",
        (
            KEY,
            _c("created_at", DT, "when"),
            _c("till_code", T, "till"),
            _c("user_uuid", R, "who (empty: unknown)", "user_id", "users"),
            _c("user_name", T, "who, as a name"),
            _c("action", T, "what (an audit action)"),
            _c("subject", T, "receipt number, user …"),
            _c("detail", T, "details"),
            _c("amount", I, "Rupiah, if any"),
            _c("approved_by", T, "who approved"),
        ),
        append_only=True,
        soft_refs=("user_uuid",),
    ),
    # Last: a link is checked against its record, so the records are merged first.
    _table(
        "journal_links",
        m.JournalLink,
        MergeKind.JOURNAL,
        "The tamper-evident journal: each till's chain of links over its records. The import "
        "checks that each till's links continue its chain and that every record matches.",
        (
            _c("till_id", T, "the till whose chain it is (its id, not its code)"),
            _c("seq", I, "place in that till's chain: 1, 2, 3 …"),
            _c("kind", T, "sale, refund, shift_close, cash_movement, movement, count_post, …"),
            _c("record_uuid", T, "uuid of the chained record"),
            _c("content_sha256", T, "SHA-256 of the record's canonical content"),
            _c("prev_sha256", T, "the previous link's sha256 (64 zeros for the first)"),
            _c("sha256", T, "SHA-256 of this link (previous hash, place, record, grand total)"),
            _c("grand_total", I, "the till's sales minus refunds up to this link, Rupiah"),
            _c("created_at", DT, "when it was sealed"),
        ),
        append_only=True,
    ),
)

TABLES_BY_NAME: dict[str, TableSpec] = {spec.name: spec for spec in TABLES}
TABLES_BY_FILE: dict[str, TableSpec] = {spec.file_name: spec for spec in TABLES}


def format_reference_markdown() -> str:
    """The README's format reference: one markdown table per file (column, type, meaning)."""
    parts: list[str] = []
    for number, spec in enumerate(TABLES, start=1):
        notes = [spec.merge_kind.value]
        if spec.natural_key:
            notes.append("matched by " + " + ".join(spec.natural_key))
        if spec.names_only:
            notes.append("only the people the exported records refer to")
        elif spec.append_only:
            notes.append("incremental: new rows only")
        else:
            notes.append("always whole")
        parts.append(f"#### {number}. `{spec.file_name}` ({'; '.join(notes)})\n")
        parts.append(f"{spec.meaning}\n")
        parts.append("| column | type | meaning |")
        parts.append("|---|---|---|")
        for column in spec.columns:
            kind = KIND_DESCRIPTIONS[column.kind]
            if column.kind is CellKind.REF:
                kind = f"{kind} {column.ref_table}"
            if column.nullable and column.kind in (
                CellKind.INTEGER,
                CellKind.DATE,
                CellKind.DATETIME,
                CellKind.REF,
            ):
                kind += ", may be empty"
            parts.append(f"| `{column.name}` | {kind} | {column.meaning} |")
        parts.append("")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------- manifest


class ManifestProblem(ValueError):
    """manifest.json cannot be used; ``reason`` is "bad_manifest" or "unsupported_version"."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ManifestFile:
    name: str
    rows: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    export_id: str
    till_code: str
    sequence: int
    kind: str  # "full" | "incremental"
    previous_export_id: str | None
    app_version: str
    schema_version: str
    exported_at: dt.datetime  # aware UTC
    exported_by: str
    files: tuple[ManifestFile, ...]
    till_id: str  # the till's identity (a uuid made at its first start)
    public_key: str  # base64 of the till's raw 32-byte Ed25519 public key
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def file(self, name: str) -> ManifestFile | None:
        for entry in self.files:
            if entry.name == name:
                return entry
        return None

    def to_json(self) -> str:
        document = {
            "format": self.format,
            "format_version": self.format_version,
            "export_id": self.export_id,
            "till_id": self.till_id,
            "public_key": self.public_key,
            "till_code": self.till_code,
            "sequence": self.sequence,
            "kind": self.kind,
            "previous_export_id": self.previous_export_id,
            "app_version": self.app_version,
            "schema_version": self.schema_version,
            "exported_at": encode_datetime(self.exported_at),
            "exported_by": self.exported_by,
            "files": [
                {"name": f.name, "rows": f.rows, "bytes": f.bytes, "sha256": f.sha256}
                for f in self.files
            ],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> Manifest:
        """Parse and check a manifest; :class:`ManifestProblem` says what is wrong."""
        depth = json_depth(text)
        if depth > MAX_JSON_DEPTH:
            # json.loads recurses per level: a manifest of 100,000 "[" would end in a
            # RecursionError (a traceback) instead of this sentence.
            raise ManifestProblem(
                "bad_manifest", f"nested {depth} levels deep (at most {MAX_JSON_DEPTH})"
            )
        try:
            document = json.loads(text)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise ManifestProblem("bad_manifest", f"not JSON: {error}") from None
        if not isinstance(document, dict):
            raise ManifestProblem("bad_manifest", "not a JSON object")
        if document.get("format") != FORMAT:
            raise ManifestProblem(
                "unsupported_version", f"format {document.get('format')!r}, expected {FORMAT!r}"
            )
        version = document.get("format_version")
        if version == UNSIGNED_FORMAT_VERSION and not isinstance(version, bool):
            raise ManifestProblem(
                "unsigned", f"format_version {version}: written before exports were signed"
            )
        if version != FORMAT_VERSION or isinstance(version, bool):
            raise ManifestProblem(
                "unsupported_version",
                f"format_version {version!r}; this app reads version {FORMAT_VERSION}",
            )

        def need(key: str, kind: type | tuple[type, ...], where: dict[str, Any] = document) -> Any:
            value = where.get(key)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ManifestProblem("bad_manifest", f"{key}: missing or of the wrong type")
            return value

        previous = document.get("previous_export_id")
        if previous is not None and not isinstance(previous, str):
            raise ManifestProblem("bad_manifest", "previous_export_id: not text")
        kind = need("kind", str)
        if kind not in ("full", "incremental"):
            raise ManifestProblem("bad_manifest", f"kind {kind!r}: expected full or incremental")
        try:
            export_id = decode_uuid(need("export_id", str))
            till_id = decode_uuid(need("till_id", str))
            exported_at = decode_datetime(need("exported_at", str))
        except ValueError as error:
            raise ManifestProblem("bad_manifest", str(error)) from None
        if exported_at is None:
            raise ManifestProblem("bad_manifest", "exported_at: empty")
        raw_files = need("files", list)
        files: list[ManifestFile] = []
        for entry in raw_files:
            if not isinstance(entry, dict):
                raise ManifestProblem("bad_manifest", "files: an entry is not an object")
            files.append(
                ManifestFile(
                    name=need("name", str, entry),
                    rows=need("rows", int, entry),
                    bytes=need("bytes", int, entry),
                    sha256=need("sha256", str, entry).lower(),
                )
            )
        names = [f.name for f in files]
        if len(set(names)) != len(names):
            raise ManifestProblem("bad_manifest", "files: a name is listed twice")
        return cls(
            export_id=export_id,
            till_code=need("till_code", str),
            sequence=need("sequence", int),
            kind=kind,
            previous_export_id=previous,
            app_version=str(document.get("app_version", "")),
            schema_version=str(document.get("schema_version", "")),
            exported_at=exported_at,
            exported_by=str(document.get("exported_by", "")),
            files=tuple(files),
            till_id=till_id,
            public_key=need("public_key", str),
        )


# A manifest is an object holding a list of objects: 3 levels. Deeper is not a manifest.
MAX_JSON_DEPTH = 8


def json_depth(text: str | bytes) -> int:
    """How deep ``[``/``{`` nest in a JSON text, strings skipped (no parsing, no recursion)."""
    data = text.encode("utf-8", "replace") if isinstance(text, str) else text
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


# ---------------------------------------------------------------------------------- hashing


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_stream(stream: BinaryIO, chunk_size: int = 1 << 20) -> tuple[str, int]:
    """SHA-256 (hex) and length of what is left in ``stream``."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(chunk_size):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size in bytes of a file."""
    with path.open("rb") as stream:
        return sha256_stream(stream)
