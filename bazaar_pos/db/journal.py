"""The tamper-evident journal: each till's records chained by SHA-256, sealed at commit.

What is chained (:class:`ChainKind`): sales (with their lines, payments and stock movements),
refunds (with lines and movements), shift closes (the Z: closing figures and cash counts), cash
paid in or out, stock movements that belong to no other record (arrivals, damage, reversals),
count posts (with lines and adjustments), handovers (with their return movements) and audit
entries. Each record gets one :class:`~bazaar_pos.db.models.JournalLink` on the chain of the
till that wrote it, keyed by the till id of :func:`~bazaar_pos.db.identity.own_identity` (till
*codes* repeat and change):

- ``content_sha256``: SHA-256 of the record's canonical content, a JSON array built by SQLite
  from the columns that travel in an export, references as uuids (catalog rows by
  their natural key, see _NATURAL_KEYS), children in a fixed order.
  The office computes the same text from a merged copy, so it can check a merged till's chain.
- ``sha256``: SHA-256 over the previous link's hash, till id, seq, kind, record uuid, content
  hash and grand total (:func:`link_sha256`).
- ``grand_total``: the till's perpetual total of sales minus refunds up to this link.

Sealing: each app connection's temporary triggers (:func:`install_triggers`) list every new
chained record in ``temp.journal_new`` in the same transaction; a ``before_commit`` hook
installed by :class:`~bazaar_pos.db.engine.Database` on write sessions seals them
(:func:`seal_pending`). No service can forget it, a rolled-back sale leaves neither a listed
record nor a link, and ``BEGIN IMMEDIATE`` serialises the chain head. A row written outside
the app (the sqlite3 shell) is never listed, so never sealed: ``verify`` names it "not in
chain". Records merged from another till arrive with their own links and are not chained
again here. Records from before the journal were listed in ``journal_pending`` by the
migration; they are chained once, by :func:`seal_upgrade` at the first start.

Walking (:func:`chain_breaks`, :func:`content_breaks`) is pure: lists in, breaks out.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bazaar_pos.db import journal_scan
from bazaar_pos.db.engine import driver_connection, run_sql
from bazaar_pos.db.journal_scan import SaleScan
from bazaar_pos.db.models import Base
from bazaar_pos.db.uuids import new_uuid

GENESIS = "0" * 64  # the prev_sha256 of a chain's first link


class ChainKind(StrEnum):
    SALE = "sale"
    REFUND = "refund"
    SHIFT_CLOSE = "shift_close"  # the Z
    CASH_MOVEMENT = "cash_movement"  # paid in / paid out
    MOVEMENT = "movement"  # a stock movement of no sale, refund, count or handover
    COUNT_POST = "count_post"
    HANDOVER = "handover"
    AUDIT = "audit"


class BreakReason(StrEnum):
    CONTENT_DIFFERS = "content_differs"  # the record (or a line of it) was changed
    RECORD_MISSING = "record_missing"  # the link is there, the record is gone
    NOT_IN_CHAIN = "not_in_chain"  # a record no link covers (inserted behind the app's back)
    LINK_MISSING = "link_missing"  # a gap in the seq numbers
    LINK_ALTERED = "link_altered"  # the link's own fields do not give its hash
    ORDER_BROKEN = "order_broken"  # the link does not continue the one before it
    # The receipt counter is not at the last chained sale: sales cut off the end of the chain
    # with their links (counter ahead), or a counter set back.
    COUNTER_MISMATCH = "counter_mismatch"


# ----------------------------------------------------------------------- canonical content


# A merge matches catalog rows (products, institutions, workshops, events) by uuid, else by
# their natural key: a till's product may become the office's product with the same SKU but
# another uuid. So the content names them by that natural key, which a merge keeps; records
# (sales, shifts, movements …) keep their uuids everywhere and are named by them. References
# to users are left out: a merge may rename a clashing username, and every record carries the
# person's name as written at the time.
_NATURAL_KEYS = {
    "products": "(SELECT sku FROM products WHERE id = {ref})",
    "institutions": "(SELECT code FROM institutions WHERE id = {ref})",
    "workshops": (
        "(SELECT i.code || '/' || w.name FROM workshops w JOIN institutions i "
        "ON i.id = w.institution_id WHERE w.id = {ref})"
    ),
    "events": "(SELECT name || '|' || COALESCE(starts_on, '') FROM events WHERE id = {ref})",
}
# PostgreSQL: a date is not text; as SQLite stores it (ISO), whatever the server's DateStyle.
_PG_NATURAL_KEYS = {
    **_NATURAL_KEYS,
    "events": (
        "(SELECT name || '|' || COALESCE(to_char(starts_on, 'YYYY-MM-DD'), '') "
        "FROM events WHERE id = {ref})"
    ),
}


def _ref(column: str, table: str, alias: str, pg: bool = False) -> str:
    """The referenced row as a merge keeps it: its natural key or its uuid (NULL stays NULL)."""
    natural = (_PG_NATURAL_KEYS if pg else _NATURAL_KEYS).get(table)
    if natural is not None:
        return natural.format(ref=f"{alias}.{column}")
    return f"(SELECT uuid FROM {table} WHERE id = {alias}.{column})"


# PostgreSQL has no json_array with SQLite's text: each value is turned into JSON by
# ``to_json`` (whose escaping is SQLite's: \" \\ \b \f \n \r \t, other control
# characters as \u00XX, the rest as UTF-8; integers in full) and joined with commas, no
# spaces. Values that SQLite stores in another form are first written as SQLite stores them:
# booleans as 0/1, times as naive UTC text with microseconds (UTCDateTime), dates in ISO.
# tests/db/test_journal_dialects.py compares both texts for every kind.
def _pg_json(table: str, column: str, expression: str) -> str:
    column_type = Base.metadata.tables[table].c[column].type if column else None
    if isinstance(column_type, Boolean):
        value = f"to_json(({expression})::int)"
    elif isinstance(column_type, DateTime) or isinstance(
        getattr(column_type, "impl", None), DateTime
    ):
        value = f"to_json(to_char({expression}, 'YYYY-MM-DD HH24:MI:SS.US'))"
    elif isinstance(column_type, Date):
        value = f"to_json(to_char({expression}, 'YYYY-MM-DD'))"
    else:
        value = f"to_json({expression})"
    return f"COALESCE({value}::text, 'null')"


def _pg_array(parts: Sequence[str]) -> str:
    return "'[' || " + " || ',' || ".join(parts) + " || ']'"


# The same natural keys as joins, for the fast walk (journal_scan.py): (joins over alias
# {a} of the referenced row and {a}i, value). A LEFT JOIN on the rowid finds the row the
# scalar subquery above finds (ids are INTEGER PRIMARY KEYs) and gives NULL where it gives
# NULL; tests compare both texts for every kind.
_NATURAL_JOINS = {
    "products": ("LEFT JOIN products {a} ON {a}.id = {ref}", "{a}.sku"),
    "institutions": ("LEFT JOIN institutions {a} ON {a}.id = {ref}", "{a}.code"),
    "workshops": (
        "LEFT JOIN workshops {a} ON {a}.id = {ref} "
        "LEFT JOIN institutions {a}i ON {a}i.id = {a}.institution_id",
        "{a}i.code || '/' || {a}.name",
    ),
    "events": (
        "LEFT JOIN events {a} ON {a}.id = {ref}",
        "{a}.name || '|' || COALESCE({a}.starts_on, '')",
    ),
}


def _joined_row(alias: str, columns: Sequence[str]) -> tuple[str, str]:
    """``_row`` with each reference read through a LEFT JOIN: (json_array, the joins)."""
    parts, joins = [], []
    for number, column in enumerate(columns):
        if ">" in column:
            name, table = column.split(">")
            joined = f"{alias}{number}"
            join, value = _NATURAL_JOINS.get(
                table, (f"LEFT JOIN {table} {{a}} ON {{a}}.id = {{ref}}", "{a}.uuid")
            )
            joins.append(join.format(a=joined, ref=f"{alias}.{name}"))
            parts.append(value.format(a=joined))
        else:
            parts.append(f"{alias}.{column}")
    return "json_array(" + ", ".join(parts) + ")", " ".join(joins)


def _row(alias: str, columns: Sequence[str], table: str = "", pg: bool = False) -> str:
    """``json_array`` of the columns; ``name>table`` is a reference given as the row's uuid.
    ``pg``: the same text built on PostgreSQL (``table``: the row's table, for its types)."""
    parts = []
    for column in columns:
        if ">" in column:
            name, referenced = column.split(">")
            reference = _ref(name, referenced, alias, pg)
            parts.append(_pg_json("", "", reference) if pg else reference)
        else:
            expression = f"{alias}.{column}"
            parts.append(_pg_json(table, column, expression) if pg else expression)
    if pg:
        return _pg_array(parts)
    return "json_array(" + ", ".join(parts) + ")"


@dataclass(frozen=True)
class ChildRows:
    """One list of child rows in a record's content: the rows of ``table`` (as ``alias``)
    whose ``parent`` column holds the record's id, in id order, each as ``row`` (SQL over
    ``alias``: its JSON array, then any text after it)."""

    table: str
    alias: str
    row: str
    parent: str
    pg: bool

    @property
    def aggregated(self) -> str:
        """The rows as one text ``[row,row…]``, a subquery over the record (alias ``r``).

        The order is the rowid order in which SQLite reads rows matching the parent id:
        through the index on the parent id (its entries for one key are in rowid order) or a
        table scan (rowid order); SQLite 3.40 has no ORDER BY inside an aggregate, and an
        ordered subquery in FROM costs a co-routine per parent (verify 3× slower). An index
        that puts other columns after the parent id would change that order: the journal's
        tests would then fail. A merge keeps the order: rows are exported and inserted in id
        order. Concatenated text, not nested JSON: nothing parses it, it is only hashed, and
        every value inside is JSON-escaped by ``json_array``.
        """
        where = f"{self.alias}.{self.parent} = r.id"
        if self.pg:  # no rowid order to rely on: the order is said
            return (
                f"(SELECT '[' || COALESCE(string_agg({self.row}, ',' ORDER BY {self.alias}.id), "
                f"'') || ']' FROM {self.table} {self.alias} WHERE {where})"
            )
        return (
            f"(SELECT '[' || COALESCE(group_concat({self.row}), '') || ']' "
            f"FROM {self.table} {self.alias} WHERE {where})"
        )

    @property
    def one_by_one(self) -> str:
        """The same rows' texts one row each, in the same order, for the record id ``?``
        (the id is the rowid on SQLite: id order is the order ``aggregated`` reads)."""
        return (
            f"SELECT {self.row} FROM {self.table} {self.alias} "
            f"WHERE {self.alias}.{self.parent} = ? ORDER BY {self.alias}.id"
        )


def _children(
    table: str, alias: str, columns: Sequence[str], parent: str, then: str = "", pg: bool = False
) -> ChildRows:
    """The rows of ``table`` whose ``parent`` is the record's id (``then``: text after each
    row)."""
    row = _row(alias, columns, table, pg) + (f" || {then}" if then else "")
    return ChildRows(table, alias, row, parent, pg)


# Columns as the export's CSV files carry them (sync/format.py); references as _ref gives them.
_MOVEMENT = (
    "uuid",
    "product_id>products",
    "event_id>events",
    "kind",
    "quantity",
    "created_at",
    "note",
    "reverses_id>stock_movements",
    "recorded_by",
)
_STANDALONE_MOVEMENT = (*_MOVEMENT, "sale_line_id>sale_lines", "refund_line_id>refund_lines")
_SALE = (
    "uuid",
    "till_code",
    "receipt_number",
    "receipt_no",
    "event_id>events",
    "cashier",
    "created_at",
    "total",
    "shift_id>shifts",
    "subtotal",
    "discount",
    "discount_approved_by",
)
_SALE_LINE = (
    "uuid",
    "line_no",
    "product_id>products",
    "sku",
    "product_name",
    "unit_price",
    "quantity",
    "line_total",
    "list_price",
    "line_discount",
    "sale_discount_share",
    "approved_by",
    "institution_id>institutions",
    "workshop_id>workshops",
)
_PAYMENT = ("uuid", "method", "amount", "tendered", "change", "reference")
_REFUND = (
    "uuid",
    "request_key",
    "till_code",
    "number",
    "refund_no",
    "sale_id>sales",
    "shift_id>shifts",
    "created_at",
    "cashier",
    "approved_by",
    "method",
    "amount",
    "reason",
    "reference",
)
_SHIFT = (
    "uuid",
    "till_code",
    "event_id>events",
    "status",
    "opened_at",
    "opening_float",
    "closed_at",
    "z_number",
    "expected_cash",
    "counted_cash",
    "note",
)
_CASH_MOVEMENT = (
    "uuid",
    "shift_id>shifts",
    "kind",
    "amount",
    "reason",
    "created_at",
    "user_name",
)
_COUNT = (
    "uuid",
    "event_id>events",
    "kind",
    "blind",
    "institution_id>institutions",
    "status",
    "started_at",
    "snapshot_movement_id>stock_movements",
    "posted_at",
    "posted_through_movement_id>stock_movements",
    "uncounted_as_zero",
    "counted_by",
    "supervised_by",
    "note",
)
_COUNT_LINE = (
    "uuid",
    "product_id>products",
    "expected_at_start",
    "unit_price",
    "counted",
    "counted_at",
    "expected_at_post",
    "adjustment",
)
_HANDOVER = (
    "uuid",
    "event_id>events",
    "institution_id>institutions",
    "created_at",
    "handed_over_by",
    "received_by",
)
_AUDIT = (
    "uuid",
    "created_at",
    "till_code",
    "user_name",
    "action",
    "subject",
    "detail",
    "amount",
    "approved_by",
)


def _json(kind: ChainKind, head: str, children: Sequence[ChildRows]) -> str:
    """The canonical content: ``["kind",head,[child rows…],…]`` as one text."""
    lists = "".join(f" || ',' || {child.aggregated}" for child in children)
    return f"'[\"{kind.value}\",' || {head}{lists} || ']'"


@dataclass(frozen=True)
class KindSpec:
    """How one kind of record is found, shown and turned into canonical content."""

    kind: ChainKind
    table: str
    head: str  # SQL over alias r: the record's own columns as a JSON array
    children: tuple[ChildRows, ...]  # its lists of child rows, in the content's order
    label: str  # SQL over alias r: what people call the record (receipt number …)
    delta: str  # SQL over alias r: what it adds to the grand total
    chained: str  # SQL over alias r: which rows of the table are chained
    # A record that can hold a whole catalogue (a count of 100,000 products, a handover): the
    # start-up check hashes its content in pieces (streamed_content_sha256), not as one text.
    large: bool = False

    @cached_property
    def content(self) -> str:
        """SQL over alias r: the canonical JSON text."""
        return _json(self.kind, self.head, self.children)

    def select(self, where: str) -> str:
        return (
            f"SELECT r.uuid, {self.content}, {self.label}, {self.delta} "
            f"FROM {self.table} r WHERE ({self.chained}) AND {where}"
        )


_MOVEMENTS_OF_LINE = (
    "(SELECT '[' || COALESCE(group_concat({row}), '') || ']' "
    "FROM stock_movements m WHERE m.{link} = l.id)"
)
_PG_MOVEMENTS_OF_LINE = (
    "(SELECT '[' || COALESCE(string_agg({row}, ',' ORDER BY m.id), '') || ']' "
    "FROM stock_movements m WHERE m.{link} = l.id)"
)


def _kinds(pg: bool) -> tuple[KindSpec, ...]:
    """The kinds' SQL for SQLite, or (``pg``) the same texts built on PostgreSQL."""
    movements_of_line = _PG_MOVEMENTS_OF_LINE if pg else _MOVEMENTS_OF_LINE
    movement = _row("m", _MOVEMENT, "stock_movements", pg)
    sale_lines = _children(
        "sale_lines",
        "l",
        _SALE_LINE,
        "sale_id",
        movements_of_line.format(row=movement, link="sale_line_id"),
        pg,
    )
    refund_lines = _children(
        "refund_lines",
        "l",
        ("uuid", "sale_line_id>sale_lines", "quantity", "amount"),
        "refund_id",
        movements_of_line.format(row=movement, link="refund_line_id"),
        pg,
    )
    every = "TRUE" if pg else "1"  # a boolean condition on PostgreSQL

    def stored(column: str) -> str:  # a time as SQLite stores it (labels are text)
        return f"to_char({column}, 'YYYY-MM-DD HH24:MI:SS.US')" if pg else column

    return (
        KindSpec(
            ChainKind.SALE,
            "sales",
            _row("r", _SALE, "sales", pg),
            (sale_lines, _children("payments", "p", _PAYMENT, "sale_id", pg=pg)),
            "r.receipt_no",
            "r.total",
            every,
        ),
        KindSpec(
            ChainKind.REFUND,
            "refunds",
            _row("r", _REFUND, "refunds", pg),
            (refund_lines,),
            "r.refund_no",
            "-r.amount",
            every,
        ),
        KindSpec(
            ChainKind.SHIFT_CLOSE,
            "shifts",
            _row("r", _SHIFT, "shifts", pg),
            (
                _children(
                    "cash_count_lines",
                    "c",
                    ("uuid", "purpose", "denomination", "form", "quantity"),
                    "shift_id",
                    pg=pg,
                ),
            ),
            "r.till_code || ' Z' || r.z_number",
            "0",
            "r.status = 'closed'",
        ),
        KindSpec(
            ChainKind.CASH_MOVEMENT,
            "cash_movements",
            _row("r", _CASH_MOVEMENT, "cash_movements", pg),
            (),
            "r.kind || ' ' || r.amount",
            "0",
            every,
        ),
        KindSpec(
            ChainKind.MOVEMENT,
            "stock_movements",
            _row("r", _STANDALONE_MOVEMENT, "stock_movements", pg),
            (),
            "r.kind || ' ' || r.quantity",
            "0",
            "r.sale_line_id IS NULL AND r.refund_line_id IS NULL "
            "AND r.count_session_id IS NULL AND r.handover_id IS NULL",
        ),
        KindSpec(
            ChainKind.COUNT_POST,
            "count_sessions",
            _row("r", _COUNT, "count_sessions", pg),
            (
                _children("count_lines", "c", _COUNT_LINE, "session_id", pg=pg),
                _children("stock_movements", "m", _MOVEMENT, "count_session_id", pg=pg),
            ),
            f"r.kind || ' ' || {stored('r.posted_at')}",
            "0",
            "r.status = 'posted'",
            large=True,
        ),
        KindSpec(
            ChainKind.HANDOVER,
            "handovers",
            _row("r", _HANDOVER, "handovers", pg),
            (_children("stock_movements", "m", _MOVEMENT, "handover_id", pg=pg),),
            stored("r.created_at"),
            "0",
            every,
            large=True,
        ),
        KindSpec(
            ChainKind.AUDIT,
            "audit_log",
            _row("r", _AUDIT, "audit_log", pg),
            (),
            "r.action || ' ' || r.subject",
            "0",
            every,
        ),
    )


KINDS = _kinds(pg=False)
PG_KINDS = _kinds(pg=True)
KINDS_BY_NAME: dict[str, KindSpec] = {spec.kind.value: spec for spec in KINDS}
PG_KINDS_BY_NAME: dict[str, KindSpec] = {spec.kind.value: spec for spec in PG_KINDS}


def is_postgresql(connection: Connection) -> bool:
    # A stand-in without a dialect (the tampering bench walks a bare sqlite3 connection).
    return getattr(getattr(connection, "dialect", None), "name", "sqlite") == "postgresql"


def kinds(connection: Connection) -> tuple[KindSpec, ...]:
    """The kinds' SQL for the connection's database (SQLite or PostgreSQL: the same texts)."""
    return PG_KINDS if is_postgresql(connection) else KINDS


def kinds_by_name(connection: Connection) -> dict[str, KindSpec]:
    return PG_KINDS_BY_NAME if is_postgresql(connection) else KINDS_BY_NAME


def _sale_scan() -> SaleScan:
    """The sales' content for the full walk, by ranges of ids, with joins instead of the
    correlated subqueries of KINDS (see journal_scan.py).

    One row per sale (per link of it), its lines grouped in SQLite: the join visits a sale's
    lines through the index on sale_id and each line's movement through the index on
    sale_line_id, so in rowid order, as ``_children`` does; a line with more than one
    movement would repeat the line, so the walk builds those few sales with KINDS instead
    (:func:`sales_with_split_lines`). Should SQLite ever group in another order, the text
    differs and the walk reports the sale: a false alarm, never a missed change.
    """
    row, row_joins = _joined_row("r", _SALE)
    line, line_joins = _joined_row("l", _SALE_LINE)
    movement, movement_joins = _joined_row("m", _MOVEMENT)
    payment, payment_joins = _joined_row("p", _PAYMENT)
    lines = (
        f"'[' || COALESCE(group_concat(CASE WHEN l.id IS NOT NULL THEN {line} || "
        f"CASE WHEN m.id IS NULL THEN '[]' ELSE '[' || {movement} || ']' END END), '') || ']'"
    )
    grouped = (
        f"SELECT r.id AS id, r.uuid AS uuid, {row} AS row, r.receipt_no AS label, "
        f"{lines} AS lines FROM sales r {row_joins} "
        f"LEFT JOIN sale_lines l ON l.sale_id = r.id {line_joins} "
        f"LEFT JOIN stock_movements m ON m.sale_line_id = l.id {movement_joins} "
        "WHERE r.id BETWEEN ? AND ? GROUP BY r.id"
    )
    return SaleScan(
        sales=(
            "SELECT s.id, s.uuid, s.row, s.label, s.lines, j.till_id, j.seq, j.content_sha256 "
            f"FROM ({grouped}) s LEFT JOIN journal_links j ON j.kind = 'sale' "
            "AND j.record_uuid = s.uuid"
        ),
        payments=(
            f"SELECT p.sale_id, '[' || group_concat({payment}) || ']' FROM payments p "
            f"{payment_joins} WHERE p.sale_id BETWEEN ? AND ? GROUP BY p.sale_id"
        ),
    )


SALE_SCAN = _sale_scan()


def content_sha256(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def link_sha256(
    prev_sha256: str,
    till_id: str,
    seq: int,
    kind: str,
    record_uuid: str,
    content_hash: str,
    grand_total: int,
) -> str:
    """The link's own hash: the previous hash, its place, its record and the grand total."""
    text = f"{prev_sha256}|{till_id}|{seq}|{kind}|{record_uuid}|{content_hash}|{grand_total}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RecordContent:
    uuid: str
    content: str
    label: str
    delta: int


def record_content(connection: Connection, kind: str, record_uuid: str) -> RecordContent | None:
    """The canonical content of one chained record, or None if there is no such record."""
    spec = kinds_by_name(connection)[kind]
    row = run_sql(connection, spec.select("r.uuid = ?"), (record_uuid,)).first()
    if row is None:
        return None
    return RecordContent(row[0], row[1], str(row[2] or ""), int(row[3] or 0))


# ---------------------------------------------------------------------------------- sealing


def own_till_id(session: Session) -> str:
    row = (
        session.connection()
        .exec_driver_sql("SELECT till_id FROM till_keys WHERE own = TRUE")
        .first()
    )
    if row is not None:
        return str(row[0])
    from bazaar_pos.db.identity import own_identity

    return own_identity(session).till_id


@dataclass(frozen=True)
class Head:
    """The end of a till's chain (seq 0 and the genesis hash for an empty chain)."""

    till_id: str
    seq: int
    sha256: str
    grand_total: int


def _own_head(session: Session, connection: Any) -> Head:
    """This till's chain head, in one query on the driver connection ``connection`` (the
    sale's commit runs it every time)."""
    row = connection.execute(_OWN_HEAD).fetchone()
    if row is None:
        return Head(own_till_id(session), 0, GENESIS, 0)
    if row[1] is None:
        return Head(str(row[0]), 0, GENESIS, 0)
    return Head(str(row[0]), int(row[1]), str(row[2]), int(row[3]))


_OWN_HEAD = (
    "SELECT k.till_id, j.seq, j.sha256, j.grand_total FROM till_keys k "
    "LEFT JOIN journal_links j ON j.till_id = k.till_id AND j.seq = "
    "(SELECT max(seq) FROM journal_links WHERE till_id = k.till_id) WHERE k.own = TRUE"
)


def chain_head(connection: Connection, till_id: str) -> Head:
    row = run_sql(
        connection,
        "SELECT seq, sha256, grand_total FROM journal_links WHERE till_id = ? "
        "ORDER BY seq DESC LIMIT 1",
        (till_id,),
    ).first()
    if row is None:
        return Head(till_id, 0, GENESIS, 0)
    return Head(till_id, int(row[0]), str(row[1]), int(row[2]))


def has_journal(connection: Connection) -> bool:
    """Whether the database has the journal's tables (it was migrated to 0006 or later)."""
    if is_postgresql(connection):
        return bool(connection.exec_driver_sql("SELECT to_regclass('journal_pending')").scalar())
    row = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_pending'"
    ).first()
    return row is not None


def _driver(connection: Connection) -> Any:
    """The DBAPI connection underneath (``?`` placeholders on both backends): the commit hook
    runs on every sale, and the driver's own ``execute`` costs a fraction of SQLAlchemy's per
    statement (same transaction)."""
    return driver_connection(connection)


_STANDALONE = (
    "NEW.sale_line_id IS NULL AND NEW.refund_line_id IS NULL "
    "AND NEW.count_session_id IS NULL AND NEW.handover_id IS NULL"
)
# (trigger, event, table, condition, chain kind): every chained record the app writes (ORM,
# Core, another till's merge) is listed in ``temp.journal_new``, in its own transaction.
TRIGGERS = (
    ("journal_sale", "INSERT", "sales", "", ChainKind.SALE),
    ("journal_refund", "INSERT", "refunds", "", ChainKind.REFUND),
    ("journal_shift_closed", "INSERT", "shifts", "NEW.status = 'closed'", ChainKind.SHIFT_CLOSE),
    (
        "journal_shift_close",
        "UPDATE OF status",
        "shifts",
        "NEW.status = 'closed' AND OLD.status <> 'closed'",
        ChainKind.SHIFT_CLOSE,
    ),
    ("journal_cash_movement", "INSERT", "cash_movements", "", ChainKind.CASH_MOVEMENT),
    ("journal_movement", "INSERT", "stock_movements", _STANDALONE, ChainKind.MOVEMENT),
    (
        "journal_count_posted",
        "INSERT",
        "count_sessions",
        "NEW.status = 'posted'",
        ChainKind.COUNT_POST,
    ),
    (
        "journal_count_post",
        "UPDATE OF status",
        "count_sessions",
        "NEW.status = 'posted' AND OLD.status <> 'posted'",
        ChainKind.COUNT_POST,
    ),
    ("journal_handover", "INSERT", "handovers", "", ChainKind.HANDOVER),
    ("journal_audit", "INSERT", "audit_log", "", ChainKind.AUDIT),
)
_INSTALLED = "journal_triggers"


def install_triggers(connection: Connection) -> None:
    """Give this connection its temporary journal triggers (once; before its first BEGIN).

    Temporary, not stored in the file: whatever this app writes is listed for sealing, and
    only that; a row written with the sqlite3 shell is never listed, so no later commit of
    the app can chain it (``verify`` names it "not in chain"). A temporary table rolls back
    with the transaction: a rolled-back sale leaves nothing to seal.
    """
    info = connection.connection.info
    if info.get(_INSTALLED) is not None:
        return
    if not has_journal(connection):
        return  # not migrated yet: asked again at the next BEGIN
    raw = _driver(connection)
    raw.execute(
        "CREATE TEMP TABLE IF NOT EXISTS journal_new "
        "(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, record_uuid TEXT NOT NULL)"
    )
    for name, event, table, condition, kind in TRIGGERS:
        when = f"WHEN {condition} " if condition else ""
        raw.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {event} ON main.{table} {when}"
            f"BEGIN INSERT INTO journal_new (kind, record_uuid) VALUES ('{kind.value}', "
            "NEW.uuid); END"
        )
    info[_INSTALLED] = True


# PostgreSQL has no temporary triggers: migration 0006 made stored ones (the same TRIGGERS,
# calling journal_list()) that list a new record in the inserting session's temporary table
# ``journal_new``, and only when that session has one. The app's connections make it here;
# psql, or any other tool, has none: a row written there is never listed, so never sealed
# (``verify`` names it "not in chain"), as with the sqlite3 shell on a till's file.
PG_LIST_TABLE = (
    "CREATE TEMP TABLE IF NOT EXISTS journal_new "
    "(id bigserial PRIMARY KEY, kind text NOT NULL, record_uuid text NOT NULL)"
)


def install_postgresql_list(connection: Connection) -> None:
    """Give this PostgreSQL connection its temporary ``journal_new`` (once, at the start of
    its first transaction after the database has the journal's tables). Created and committed
    on its own, so that the transaction that begins next cannot roll it back."""
    info = connection.connection.info
    if info.get(_INSTALLED) is not None:
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    ready = raw.execute("SELECT to_regclass('journal_pending') IS NOT NULL").fetchone()[0]
    if ready:
        raw.execute(PG_LIST_TABLE)
    raw.commit()
    if ready:
        info[_INSTALLED] = True


SEAL_CHUNK = 20_000  # pending records whose contents are fetched at once (memory stays small)

# A listed record is sealed unless it already has a link (merged from another till with its
# own): one probe of the (kind, record_uuid) index per listed record.
_UNLINKED = (
    "NOT EXISTS (SELECT 1 FROM journal_links j WHERE j.kind = p.kind "
    "AND j.record_uuid = p.record_uuid)"
)
# Every listed row with whether it still needs its link, so that a transaction that listed
# nothing (a login, a settings change) costs this one statement and nothing else.
_LISTED = f"SELECT id, kind, record_uuid, {_UNLINKED} FROM temp.journal_new p ORDER BY id"
_UPGRADE_PENDING = (
    f"SELECT -1, kind, record_uuid, 1 FROM main.journal_pending p "
    f"WHERE at_upgrade = TRUE AND {_UNLINKED} ORDER BY id"
)
# The same on PostgreSQL (its schemas are pg_temp and the search path's).
_PG_LISTED = f"SELECT id, kind, record_uuid, {_UNLINKED} FROM pg_temp.journal_new p ORDER BY id"
_PG_UPGRADE_PENDING = (
    f"SELECT -1, kind, record_uuid, TRUE FROM journal_pending p "
    f"WHERE at_upgrade = TRUE AND {_UNLINKED} ORDER BY id"
)
_INSERT_LINK = (
    "INSERT INTO journal_links (till_id, seq, kind, record_uuid, content_sha256, "
    "prev_sha256, sha256, grand_total, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def seal_pending(session: Session, *, include_upgrade: bool = False) -> int:
    """Chain the records this transaction added; returns how many links were written.

    With ``include_upgrade`` the records from before the journal existed (``journal_pending``,
    filled by the migration) are chained first (once, at start-up after the upgrade). Called
    by the commit hook; safe to call twice. Records that already have a link (merged from
    another till with their own) are not chained again.
    """
    session.flush()
    sa_connection = session.connection()
    if sa_connection.connection.info.get(_INSTALLED) is None:
        return 0  # a database without the journal (opened without migrating)
    pg = is_postgresql(sa_connection)
    # The driver's own ``execute`` (same transaction): this runs before every commit.
    connection = _driver(sa_connection)
    listed = connection.execute(_PG_LISTED if pg else _LISTED).fetchall()
    upgrade = (
        connection.execute(_PG_UPGRADE_PENDING if pg else _UPGRADE_PENDING).fetchall()
        if include_upgrade
        else []
    )
    if not listed and not include_upgrade:
        return 0  # nothing listed: nothing to seal, nothing to clear
    pending = upgrade + [row for row in listed if row[3]]
    written = _seal(session, connection, pending, pg) if pending else 0
    if listed:
        connection.execute(f"DELETE FROM {'pg_temp' if pg else 'temp'}.journal_new")
    if include_upgrade:
        table = "journal_pending" if pg else "main.journal_pending"
        connection.execute(f"DELETE FROM {table} WHERE at_upgrade = TRUE")
    return written


def _seal(session: Session, connection: Any, pending: Sequence[Any], pg: bool = False) -> int:
    head = _own_head(session, connection)
    # As UTCDateTime stores it (naive UTC, microseconds always written).
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    written = 0
    for start in range(0, len(pending), SEAL_CHUNK):
        chunk = pending[start : start + SEAL_CHUNK]
        contents = _chunk_contents(connection, chunk, pg)
        links = []
        for row in chunk:
            kind, record_uuid = row[1], row[2]
            found = contents.get((kind, record_uuid))
            if found is None:
                continue  # written and removed in this transaction
            content_hash, delta = found
            seq = head.seq + 1
            grand_total = head.grand_total + delta
            sha = link_sha256(
                head.sha256, head.till_id, seq, kind, record_uuid, content_hash, grand_total
            )
            prev = head.sha256
            links.append(
                (head.till_id, seq, kind, record_uuid, content_hash, prev, sha, grand_total, now)
            )
            head = Head(head.till_id, seq, sha, grand_total)
        if len(links) == 1:
            connection.execute(_INSERT_LINK, links[0])  # a sale: one link
        elif links:
            connection.executemany(_INSERT_LINK, links)
        written += len(links)
    return written


# The query of one kind's record by uuid, built once per kind (the sale's commit runs it).
_SELECT_ONE = {spec.kind.value: spec.select("r.uuid = ?") for spec in KINDS}
_PG_SELECT_ONE = {spec.kind.value: spec.select("r.uuid = ?") for spec in PG_KINDS}


def _chunk_contents(
    connection: Any, chunk: Sequence[Any], pg: bool = False
) -> dict[tuple[str, str], tuple[str, int]]:
    """(kind, uuid) -> (content hash, grand-total delta) of a run of pending rows, one query
    per kind (a sale's commit: one query for its one record)."""
    found: dict[tuple[str, str], tuple[str, int]] = {}
    for kind in sorted({row[1] for row in chunk}):
        uuids = [row[2] for row in chunk if row[1] == kind]
        rows: Any
        if len(uuids) == 1:
            rows = connection.execute((_PG_SELECT_ONE if pg else _SELECT_ONE)[kind], (uuids[0],))
        elif pg:
            rows = connection.execute(PG_KINDS_BY_NAME[kind].select("r.uuid = ANY(?)"), (uuids,))
        else:
            where = "r.uuid IN (SELECT value FROM json_each(?))"
            rows = connection.execute(KINDS_BY_NAME[kind].select(where), (json.dumps(uuids),))
        for record_uuid, content, _label, delta in rows:
            found[(kind, record_uuid)] = (content_sha256(content), int(delta or 0))
    return found


# ---------------------------------------------------------------------------------- walking


@dataclass(frozen=True)
class Link:
    till_id: str
    seq: int
    kind: str
    record_uuid: str
    content_sha256: str
    prev_sha256: str
    sha256: str
    grand_total: int


@dataclass(frozen=True)
class Break:
    """One thing wrong with a chain; ``seq`` is None for a record no link covers."""

    till_id: str
    seq: int | None
    kind: str
    record_uuid: str
    label: str
    reason: BreakReason

    @property
    def order(self) -> tuple[str, float]:
        """Where it sits in its chain: by seq; records outside the chain after every link."""
        return (self.till_id, float("inf") if self.seq is None else float(self.seq))


def chain_breaks(links: Iterable[Link], *, after: Link | None = None) -> Iterator[Break]:
    """Walk links sorted by (till, seq): gaps, links that do not continue the one before,
    and links whose own fields do not give their hash. ``after``: the link the walk continues
    from (a tail), else each till's chain starts at the genesis."""
    rows = (
        (
            link.till_id,
            link.seq,
            link.kind,
            link.record_uuid,
            link.content_sha256,
            link.prev_sha256,
            link.sha256,
            link.grand_total,
        )
        for link in links
    )
    start = (after.till_id, after.seq, after.sha256) if after else None
    yield from (_break(row) for row in journal_scan.link_breaks(rows, after=start))


def _break(row: journal_scan.BreakRow) -> Break:
    till_id, seq, kind, record_uuid, label, reason = row
    return Break(till_id, seq, kind, record_uuid, label, BreakReason(reason))


@dataclass(frozen=True)
class LinkedContent:
    """A link and the content its record has now (None: the record is gone)."""

    till_id: str
    seq: int
    kind: str
    record_uuid: str
    content_sha256: str
    content: str | None
    label: str


def content_breaks(rows: Iterable[LinkedContent]) -> Iterator[Break]:
    """Records that are gone or whose content no longer gives the hash their link holds."""
    for row in rows:
        found = None if row.content is None else content_sha256(row.content)
        if (reason := _content_reason(row.content_sha256, found)) is not None:
            yield Break(row.till_id, row.seq, row.kind, row.record_uuid, row.label, reason)


def _content_reason(linked_sha256: str, found_sha256: str | None) -> BreakReason | None:
    """What is wrong with a record whose content hashes to ``found_sha256`` now (None: the
    record is gone) under a link holding ``linked_sha256``; None: nothing."""
    if found_sha256 is None:
        return BreakReason.RECORD_MISSING
    if found_sha256 != linked_sha256:
        return BreakReason.CONTENT_DIFFERS
    return None


def streamed_content_sha256(connection: Connection, spec: KindSpec, record_id: int) -> str:
    """The SHA-256 of record ``record_id``'s canonical content, the same as
    ``content_sha256`` of ``spec.content``, with the text fed to the hash a piece at a time:
    the head, then each child row. The whole text of a 100,000-line count is ~20 MB, and
    SQLite and Python held it several times over for a moment at start (+88 MB peak)."""
    head = run_sql(
        connection, f"SELECT {spec.head} FROM {spec.table} r WHERE r.id = ?", (record_id,)
    ).scalar_one()
    digest = hashlib.sha256(f'["{spec.kind.value}",{head}'.encode())
    for child in spec.children:
        separator = b",["
        for (text,) in rows_of(connection, child.one_by_one, (record_id,)):
            digest.update(separator)
            digest.update(text.encode("utf-8"))
            separator = b","
        digest.update(b",[]" if separator == b",[" else b"]")
    digest.update(b"]")
    return digest.hexdigest()


def streamed_content_breaks(
    connection: Connection, spec: KindSpec, where: str, parameters: Sequence[Any]
) -> Iterator[Break]:
    """:func:`content_breaks` of ``spec``'s links matching ``where`` (as in
    :func:`linked_content_sql`), each record hashed by :func:`streamed_content_sha256`."""
    links = run_sql(
        connection,
        f"SELECT j.till_id, j.seq, j.kind, j.record_uuid, j.content_sha256, r.id, "
        f"CASE WHEN r.id IS NULL THEN '' ELSE {spec.label} END "
        f"FROM journal_links j LEFT JOIN {spec.table} r ON r.uuid = j.record_uuid "
        f"WHERE j.kind = '{spec.kind.value}' {where}",
        parameters,
    ).fetchall()
    for till_id, seq, kind, record_uuid, linked, record_id, label in links:
        found = None if record_id is None else streamed_content_sha256(connection, spec, record_id)
        if (reason := _content_reason(linked, found)) is not None:
            yield Break(till_id, seq, kind, record_uuid, label, reason)


def first_breaks(breaks: Iterable[Break]) -> dict[str, Break]:
    """The first break of each till's chain."""
    first: dict[str, Break] = {}
    for item in breaks:
        known = first.get(item.till_id)
        if known is None or item.order < known.order:
            first[item.till_id] = item
    return first


def rows_of(connection: Connection, sql: str, parameters: tuple[Any, ...] = ()) -> Iterator[Any]:
    """Stream a query's rows in batches (a big chain never sits in memory at once)."""
    result = run_sql(connection, sql, parameters)
    while batch := result.fetchmany(10_000):
        yield from batch


# ---------------------------------------------------------------------------------- the walk

_LINK_COLUMNS = "till_id, seq, kind, record_uuid, content_sha256, prev_sha256, sha256, grand_total"


def linked_content_sql(spec: KindSpec, where: str = "") -> str:
    """Every link of one kind with its record's content now (NULL when the record is gone)."""
    return (
        f"SELECT j.till_id, j.seq, j.kind, j.record_uuid, j.content_sha256, "
        f"CASE WHEN r.id IS NULL THEN NULL ELSE {spec.content} END, "
        f"CASE WHEN r.id IS NULL THEN '' ELSE {spec.label} END "
        f"FROM journal_links j LEFT JOIN {spec.table} r ON r.uuid = j.record_uuid "
        f"WHERE j.kind = '{spec.kind.value}' {where}"
    )


def _unchained_sql(spec: KindSpec) -> str:
    return (
        f"SELECT r.uuid, {spec.label} FROM {spec.table} r WHERE ({spec.chained}) AND NOT EXISTS "
        f"(SELECT 1 FROM journal_links j WHERE j.kind = '{spec.kind.value}' "
        f"AND j.record_uuid = r.uuid)"
    )


OUTSIDE = ""  # the "till" of records no link covers: they belong to no chain


@dataclass(frozen=True)
class ChainState:
    till_id: str
    till_code: str
    links: int
    head_seq: int
    head_sha256: str
    grand_total: int


@dataclass(frozen=True)
class Walk:
    chains: tuple[ChainState, ...]
    breaks: tuple[Break, ...]  # in chain order: the first of each till is its first break
    records: int  # links walked (each covers one record with its lines)


def chain_states(connection: Connection) -> tuple[ChainState, ...]:
    rows = run_sql(
        connection,
        "SELECT j.till_id, COALESCE(k.till_code, ''), j.seq, j.sha256, j.grand_total, c.n "
        "FROM (SELECT till_id, max(seq) AS seq, count(*) AS n FROM journal_links "
        "GROUP BY till_id) c JOIN journal_links j ON j.till_id = c.till_id AND j.seq = c.seq "
        "LEFT JOIN till_keys k ON k.till_id = j.till_id ORDER BY j.till_id",
    ).fetchall()
    return tuple(
        ChainState(
            str(r[0]),
            str(r[1]) or _last_code(connection, str(r[0])),
            int(r[5]),
            int(r[2]),
            str(r[3]),
            int(r[4]),
        )
        for r in rows
    )


def _last_code(connection: Connection, till_id: str) -> str:
    """A till known only by its chain (merged here): the till code of its last sale."""
    code = run_sql(
        connection,
        "SELECT s.till_code FROM journal_links j JOIN sales s ON s.uuid = j.record_uuid "
        "WHERE j.till_id = ? AND j.kind = 'sale' ORDER BY j.seq DESC LIMIT 1",
        (till_id,),
    ).scalar()
    return str(code or "")


def _label(connection: Connection, item: Break) -> Break:
    """The break with what people call its record (receipt number …), when it still exists."""
    if item.label or item.kind not in kinds_by_name(connection):
        return item
    record = record_content(connection, item.kind, item.record_uuid)
    if record is None:
        return item
    return Break(item.till_id, item.seq, item.kind, item.record_uuid, record.label, item.reason)


# Sales per range of the full walk: a range's pieces sit in memory at once (~2 kB a sale).
SALE_RANGE = 5_000
# From this many sales on, the full walk runs in WALK_PROCESSES other processes (a
# process costs ~0.1 s to start; a million sales take seconds).
PARALLEL_FROM = 20_000
WALK_PROCESSES = 2


def _sale_ranges(connection: Connection) -> list[tuple[int, int]]:
    low, high = run_sql(connection, "SELECT min(id), max(id) FROM sales").first() or (
        None,
        None,
    )
    if low is None or high is None:
        return []
    return [
        (first, min(first + SALE_RANGE - 1, high)) for first in range(low, high + 1, SALE_RANGE)
    ]


def sales_with_split_lines(connection: Connection) -> dict[int, str]:
    """Sales (id: uuid) with a line of more than one stock movement: the fast walk's join
    repeats such a line, so their content is built with KINDS. Reads the sale_line_id index."""
    rows = run_sql(
        connection,
        "SELECT s.id, s.uuid FROM sales s WHERE s.id IN (SELECT l.sale_id FROM sale_lines l "
        "WHERE l.id IN (SELECT sale_line_id FROM stock_movements WHERE sale_line_id IS NOT NULL "
        "GROUP BY sale_line_id HAVING count(*) > 1))",
    )
    return {int(row[0]): str(row[1]) for row in rows}


def _split_sales_breaks(connection: Connection, sale_ids: Iterable[int]) -> list[Break]:
    """The content check of journal_scan.scan_sales, for sales whose content KINDS builds
    (whether a link covers them, the scan has checked)."""
    spec = KINDS_BY_NAME[ChainKind.SALE.value]
    breaks = []
    for sale_id in sorted(sale_ids):
        sql = (
            f"SELECT r.uuid, {spec.content}, {spec.label}, j.till_id, j.seq, j.content_sha256 "
            "FROM sales r JOIN journal_links j ON j.kind = 'sale' "
            "AND j.record_uuid = r.uuid WHERE r.id = ?"
        )
        for record_uuid, content, label, till_id, seq, expected in run_sql(
            connection, sql, (sale_id,)
        ):
            if content_sha256(content) != expected:
                reason = BreakReason.CONTENT_DIFFERS
                breaks.append(Break(till_id, seq, "sale", record_uuid, str(label or ""), reason))
    return breaks


def _uuid_is_unique(connection: Connection, table: str) -> bool:
    """Whether a unique index holds the table's uuids (the file may have been rebuilt)."""
    for index in run_sql(connection, f"PRAGMA index_list({table})").fetchall():
        if index[2]:  # unique
            columns = run_sql(connection, f"PRAGMA index_info('{index[1]}')").fetchall()
            if [column[2] for column in columns] == ["uuid"]:
                return True
    return False


def _missing_sales(connection: Connection, matched: int) -> list[Break]:
    """Sale links whose sale is gone. Every link found its sale when as many links as there
    are sale links did (sale uuids unique); else ask SQLite which ones."""
    links = run_sql(connection, "SELECT count(*) FROM journal_links WHERE kind = 'sale'").scalar()
    if matched == links and _uuid_is_unique(connection, "sales"):
        return []
    rows = run_sql(
        connection,
        "SELECT j.till_id, j.seq, j.kind, j.record_uuid FROM journal_links j "
        "WHERE j.kind = 'sale' AND NOT EXISTS (SELECT 1 FROM sales r WHERE r.uuid = j.record_uuid)",
    )
    return [
        Break(str(r[0]), int(r[1]), str(r[2]), str(r[3]), "", BreakReason.RECORD_MISSING)
        for r in rows
    ]


def _database_file(connection: Connection) -> str | None:
    """The file a worker process may open: None for a database in memory, or a connection
    that is not SQLAlchemy's (the tampering bench walks its own open transaction)."""
    engine = getattr(connection, "engine", None)
    url = getattr(engine, "url", None)
    name = getattr(url, "database", None)
    if not name or name == ":memory:" or getattr(sys, "frozen", False):
        return None
    return str(name)


ScanResult = tuple[list[journal_scan.BreakRow], journal_scan.SaleResult]


def _start_processes(path: str, tasks: list[list[tuple[Any, ...]]]) -> list[Any]:
    """Each list of tasks in its own process (journal_scan.main), started now."""
    package_root = str(Path(__file__).resolve().parents[2])  # bazaar_pos, even unpackaged
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [package_root, *filter(None, [environment.get("PYTHONPATH")])]
    )
    workers = []
    for chunk in tasks:
        worker = subprocess.Popen(
            [sys.executable, "-m", "bazaar_pos.db.journal_scan"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment,
        )
        assert worker.stdin is not None
        worker.stdin.write(pickle.dumps((path, chunk)))
        worker.stdin.close()
        workers.append(worker)
    return workers


def _results(workers: list[Any]) -> list[list[Any]] | None:
    """The workers' results in order; None if one failed (the walk then runs here)."""
    results = []
    for worker in workers:
        data = worker.stdout.read()
        if worker.wait() != 0:
            return None
        results.append(pickle.loads(data))
    return results


def _scan_here(connection: Connection, ranges: list[tuple[int, int]]) -> ScanResult:
    def execute(sql: str, parameters: tuple[Any, ...]) -> Iterable[Any]:
        return rows_of(connection, sql, parameters)

    link_rows = list(journal_scan.link_breaks(execute(journal_scan.LINK_ORDER_SQL, ())))
    sales = journal_scan.SaleResult([], 0)
    for first, last in ranges:
        part = journal_scan.scan_sales(execute, SALE_SCAN, first, last)
        sales.breaks.extend(part.breaks)
        sales.matched += part.matched
    return link_rows, sales


def _start_scan(connection: Connection, ranges: list[tuple[int, int]]) -> Callable[[], ScanResult]:
    """Start the links' walk and the sales' check; the callable returned waits for them.

    On a big till they run in WALK_PROCESSES other processes, each a read transaction of
    its own on the file, while this one walks the other kinds: the snapshots may differ by
    what was committed meanwhile, which each process sees whole (a sale with its link).
    """
    path = _database_file(connection) if not is_postgresql(connection) else None
    if path is None or len(ranges) * SALE_RANGE < PARALLEL_FROM or WALK_PROCESSES < 2:
        return lambda: _scan_here(connection, ranges)
    # The links cost about a sixth of the sales: the first process takes them and fewer
    # sales, so that both end together.
    share = len(ranges) // WALK_PROCESSES
    first = share - share // 7
    split = [
        ranges[:first],
        *(ranges[first + share * n : first + share * (n + 1)] for n in range(WALK_PROCESSES - 2)),
        ranges[first + share * (WALK_PROCESSES - 2) :],
    ]
    tasks: list[list[tuple[Any, ...]]] = [
        [("links",), ("sales", SALE_SCAN, split[0])],
        *([("sales", SALE_SCAN, part)] for part in split[1:]),
    ]
    workers = _start_processes(path, tasks)

    def collect() -> ScanResult:
        results = _results(workers)
        if results is None:
            return _scan_here(connection, ranges)
        sales = journal_scan.SaleResult([], 0)
        for worker in results:
            for part in worker:
                if isinstance(part, journal_scan.SaleResult):
                    sales.breaks.extend(part.breaks)
                    sales.matched += part.matched
        return results[0][0], sales

    return collect


def walk(connection: Connection) -> Walk:
    """Walk every chain of the database: links, the records' contents, unchained records.

    Sales (nearly every record of a till) are checked by journal_scan.py, in other processes
    on a big till, while this one checks the other kinds with KINDS' SQL. On PostgreSQL (the
    office: no file for other processes, and the server does the grouping) sales are walked
    like every other kind.
    """
    pg = is_postgresql(connection)
    specs = kinds(connection)
    scan = None if pg else _start_scan(connection, _sale_ranges(connection))
    split = {} if pg else sales_with_split_lines(connection)
    split_breaks = [] if pg else _split_sales_breaks(connection, split)
    others: dict[ChainKind, list[Break]] = {}
    for spec in specs:
        if spec.kind is ChainKind.SALE and scan is not None:
            continue
        found: list[Break] = others.setdefault(spec.kind, [])
        contents = (LinkedContent(*row) for row in rows_of(connection, linked_content_sql(spec)))
        found.extend(content_breaks(contents))
        for record_uuid, label in run_sql(connection, _unchained_sql(spec)):
            found.append(
                Break(
                    OUTSIDE,
                    None,
                    spec.kind.value,
                    record_uuid,
                    str(label or ""),
                    BreakReason.NOT_IN_CHAIN,
                )
            )
    counters = counter_breaks(connection)  # the last sales cut off with their links
    states = chain_states(connection)
    if scan is not None:
        link_rows, sales = scan()
    else:
        order = journal_scan.LINK_ORDER_SQL
        link_rows = list(journal_scan.link_breaks(rows_of(connection, order)))
        sales = journal_scan.SaleResult([], 0)
    breaks: list[Break] = [_break(row) for row in link_rows]
    for spec in specs:  # in this order: a record outside every chain is named by it
        if spec.kind is ChainKind.SALE and scan is not None:
            # The scan's content of a split sale is wrong by design: KINDS' one counts.
            split_uuids = set(split.values())
            breaks.extend(
                _break(row)
                for row in sales.breaks
                if row[5] == "content_differs" and row[3] not in split_uuids
            )
            breaks.extend(split_breaks)
            breaks.extend(_missing_sales(connection, sales.matched))
            breaks.extend(_break(row) for row in sales.breaks if row[5] == "not_in_chain")
        else:
            breaks.extend(others[spec.kind])
    breaks.extend(counters)
    breaks.sort(key=lambda item: item.order)
    firsts = {id(item) for item in first_breaks(breaks).values()}
    labelled = [_label(connection, item) if id(item) in firsts else item for item in breaks]
    return Walk(states, tuple(labelled), sum(state.links for state in states))


def tail_breaks(connection: Connection, tail: int) -> list[Break]:
    """The cheap check: the last ``tail`` links of each chain (hashes, order and contents)
    and, for each kind, as many chained records as links."""
    breaks: list[Break] = []
    for state in chain_states(connection):
        first = max(1, state.head_seq - tail)
        rows = run_sql(
            connection,
            f"SELECT {_LINK_COLUMNS} FROM journal_links WHERE till_id = ? AND seq >= ? "
            "ORDER BY seq",
            (state.till_id, first),
        ).fetchall()
        links = [Link(*row) for row in rows]
        if links and links[0].seq > 1:  # start the walk from the link before the tail
            breaks.extend(chain_breaks(links[1:], after=links[0]))
        else:
            breaks.extend(chain_breaks(links))
        if state.links != state.head_seq:
            breaks.append(
                Break(state.till_id, state.head_seq, "", "", "", BreakReason.LINK_MISSING)
            )
        where, parameters = "AND j.till_id = ? AND j.seq >= ?", (state.till_id, first)
        for spec in kinds(connection):
            if spec.large:
                breaks.extend(streamed_content_breaks(connection, spec, where, parameters))
                continue
            sql = linked_content_sql(spec, where)
            rows = run_sql(connection, sql, parameters).fetchall()
            breaks.extend(content_breaks(LinkedContent(*row) for row in rows))
    for spec in kinds(connection):
        records = run_sql(
            connection, f"SELECT count(*) FROM {spec.table} r WHERE {spec.chained}"
        ).scalar()
        links_of_kind = run_sql(
            connection, "SELECT count(*) FROM journal_links WHERE kind = ?", (spec.kind.value,)
        ).scalar()
        if records != links_of_kind:
            reason = (
                BreakReason.NOT_IN_CHAIN
                if (records or 0) > (links_of_kind or 0)
                else BreakReason.RECORD_MISSING
            )
            breaks.append(Break(OUTSIDE, None, spec.kind.value, "", "", reason))
    return breaks


def seal_upgrade(session: Session) -> int:
    """Chain, once, the records that existed before the journal (marked by the migration),
    and say so in the audit log; 0 when there are none (every start but the first)."""
    connection = session.connection()
    count = run_sql(
        connection, "SELECT count(*) FROM journal_pending WHERE at_upgrade = TRUE"
    ).scalar()
    if not count:
        return 0
    code = run_sql(connection, "SELECT value FROM settings WHERE key = 'till_code'").scalar()
    run_sql(
        connection,
        "INSERT INTO audit_log (uuid, created_at, till_code, user_id, user_name, action, "
        "subject, detail, amount, approved_by) VALUES (?, ?, ?, NULL, '', ?, '', ?, NULL, '')",
        (
            new_uuid(),
            # As UTCDateTime stores it (naive UTC, microseconds always written).
            dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds"),
            str(code or ""),
            JOURNAL_STARTED,
            f"{count} records from before the journal chained at the upgrade",
        ),
    )
    return seal_pending(session, include_upgrade=True)


# The audit action of the note above (people/audit.py's AuditAction.JOURNAL_STARTED; db/
# may not import people/, a test checks that both agree).
JOURNAL_STARTED = "journal_started"


def counter_breaks(connection: Connection) -> list[Break]:
    """The receipt counter of the last chained sale's till must stand at that sale's number:
    a lower one means receipts were removed, a higher one sales that no link covers."""
    own = run_sql(connection, "SELECT till_id FROM till_keys WHERE own = TRUE").scalar()
    row = run_sql(
        connection,
        "SELECT j.seq, j.record_uuid, s.receipt_no, s.receipt_number, c.last_number "
        "FROM journal_links j JOIN sales s ON s.uuid = j.record_uuid "
        "JOIN receipt_counters c ON c.till_code = s.till_code "
        "WHERE j.till_id = ? AND j.kind = 'sale' ORDER BY j.seq DESC LIMIT 1",
        (own,),
    ).first()
    if row is None or row[3] == row[4]:
        return []
    label = f"{row[2]}, receipt counter {row[4]}"
    reason = BreakReason.COUNTER_MISMATCH
    return [Break(str(own), int(row[0]), ChainKind.SALE.value, str(row[1]), label, reason)]


def tail_walk(connection: Connection, tail: int) -> Walk:
    """The start-up check as a :class:`Walk`: :func:`tail_breaks` and :func:`counter_breaks`."""
    states = chain_states(connection)
    breaks = tail_breaks(connection, tail) + counter_breaks(connection)
    breaks.sort(key=lambda item: item.order)
    firsts = {id(item) for item in first_breaks(breaks).values()}
    labelled = [_label(connection, item) if id(item) in firsts else item for item in breaks]
    return Walk(states, tuple(labelled), sum(min(tail + 1, state.links) for state in states))


def upgrade_pending(connection: Connection) -> bool:
    """Records from before the journal wait to be chained (the first start after upgrading)."""
    row = run_sql(
        connection, "SELECT 1 FROM journal_pending WHERE at_upgrade = TRUE LIMIT 1"
    ).first()
    return row is not None


# ---------------------------------------------------------------------------------- papers


@dataclass(frozen=True)
class ChainPin:
    """What a signed paper prints so that it pins the data: a chain's link (seq and hash),
    the till's grand total there, and the fingerprint of the till's key."""

    till_id: str
    till_code: str
    seq: int
    sha256: str
    grand_total: int
    fingerprint: str

    @property
    def short_hash(self) -> str:
        """The first 16 hex digits: enough to compare by eye with ``bazaar-pos verify``."""
        return self.sha256[:16]


def _pin(connection: Connection, where: str, parameters: tuple[Any, ...]) -> ChainPin | None:
    from bazaar_pos.db.identity import key_fingerprint

    row = run_sql(
        connection,
        "SELECT j.till_id, COALESCE(k.till_code, ''), j.seq, j.sha256, j.grand_total, "
        "k.public_key FROM journal_links j LEFT JOIN till_keys k ON k.till_id = j.till_id "
        f"WHERE {where} ORDER BY j.seq DESC LIMIT 1",
        parameters,
    ).first()
    if row is None:
        return None
    fingerprint = key_fingerprint(base64.b64decode(row[5])) if row[5] else ""
    return ChainPin(str(row[0]), str(row[1]), int(row[2]), str(row[3]), int(row[4]), fingerprint)


def record_pin(connection: Connection, kind: str, record_uuid: str) -> ChainPin | None:
    """The link of one record (e.g. a shift's Z), or None if it is not chained."""
    return _pin(connection, "j.kind = ? AND j.record_uuid = ?", (kind, record_uuid))


def head_pin(connection: Connection, till_id: str) -> ChainPin | None:
    """The last link of a till's chain, or None for an empty chain."""
    return _pin(connection, "j.till_id = ?", (till_id,))


def own_head_pin(connection: Connection) -> ChainPin | None:
    """The last link of this till's own chain."""
    return _pin(connection, "j.till_id = (SELECT till_id FROM till_keys WHERE own = TRUE)", ())


def event_pins(connection: Connection, event_id: int) -> tuple[ChainPin, ...]:
    """One pin per till whose chained sales belong to the event: that till's chain head here,
    named by the till code of its last sale in the event. At the office, every till merged."""
    rows = run_sql(
        connection,
        "SELECT j.till_id, max(j.seq) FROM journal_links j JOIN sales s ON s.uuid = j.record_uuid "
        "WHERE j.kind = 'sale' AND s.event_id = ? GROUP BY j.till_id",
        (event_id,),
    ).fetchall()
    pins = []
    for till_id, last_sale_seq in rows:
        pin = head_pin(connection, str(till_id))
        code = run_sql(
            connection,
            "SELECT s.till_code FROM journal_links j JOIN sales s ON s.uuid = j.record_uuid "
            "WHERE j.till_id = ? AND j.seq = ?",
            (till_id, last_sale_seq),
        ).scalar()
        if pin is not None:
            pins.append(
                ChainPin(
                    pin.till_id,
                    str(code or pin.till_code),
                    pin.seq,
                    pin.sha256,
                    pin.grand_total,
                    pin.fingerprint,
                )
            )
    return tuple(sorted(pins, key=lambda pin: (pin.till_code, pin.till_id)))
