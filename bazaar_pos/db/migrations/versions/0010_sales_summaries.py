"""sales summaries: the sales report's sums kept per quarter of an hour, by triggers

The sales report grouped and counted every sale line of its scope (five passes with
``count(DISTINCT)``: 5 s at a million lines). These tables hold the same sums per event and
UTC quarter of an hour (every zone's offset is a whole number of quarters, so a local day or
hour is a set of whole quarters), kept by triggers in the same transaction as every sale
line, payment, refund and refund line inserted or deleted (undoing a merge), whoever writes
them (the app, a merge, the sqlite3 shell, psql):

- ``sales_by_product``: per event, product, institution and workshop of the line (fixed at
  the sale), quarter: lines, units, money, discounts, receipts (sales holding such a line) and
  what was refunded of those lines; ``event_sales_by_product`` the same per event alone (an
  event's report reads one row per product, however many quarters it sold in);
- ``sales_by_cashier``: per event, quarter and cashier: lines, units, money, receipts and
  refunds;
- ``sales_by_workshop``: per event, quarter, institution and workshop of the line: lines,
  units, money, receipts and refunds (an institution's are the sums of its workshops' but
  its receipts);
- ``receipts_by_institution``, ``receipts_by_category``: per event and quarter, the sales
  holding a line of each (a sale with three of its goods is one);
- ``sales_by_method``: per event, quarter and payment method: payments, money taken, receipts
  paid so, and refunds given back by the method.

A receipt is counted by the line (payment) with the smallest id among the sale's lines with
the same key: the rule gives the same count whether a trigger runs after each row (SQLite),
at the end of each statement or at the commit of a long job (PostgreSQL's deferred
constraint triggers, as for the stock balances). A deletion looks at the lines still there,
row by row (SQLite's AFTER, PostgreSQL's BEFORE triggers see the rows deleted before).
Moving a sale (its event, time or cashier changed) moves all its sums. A product's category
is read when its lines are written: a category changed after its product sold marks the
product in ``receipts_by_category_stale``, and the report counts the receipts by category
from the lines until the summaries are rebuilt (``bazaar-pos verify --rebuild-summaries``,
``bazaar_pos.db.sales_summaries``).

Lines, payments and refunds are otherwise never changed (the journal chains them); a changed
one is named by ``verify``, which also compares every summary with the sums of the lines.

Revision ID: 0010_sales_summaries
Revises: 0009_catalog_stamp
Create Date: 2026-12-07 16:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision = "0010_sales_summaries"
down_revision = "0009_catalog_stamp"
branch_labels = None
depends_on = None

_QUARTER_S = 900


def _quarter(column: str, dialect: str) -> str:
    """The UTC quarter of an hour of a stored naive UTC time, as seconds since the epoch / 900
    (the same expression as the report's)."""
    if dialect == "postgresql":
        return f"CAST(floor(extract(epoch FROM {column})) AS BIGINT) / {_QUARTER_S}"
    return f"CAST(strftime('%s', {column}) AS INTEGER) / {_QUARTER_S}"


# table: (key columns, value columns)
_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sales_by_product": (
        ("event_key", "product_id", "institution_id", "workshop_key", "quarter"),
        (
            "lines",
            "quantity",
            "gross",
            "discounts",
            "receipts",
            "refunded_quantity",
            "refunded",
        ),
    ),
    "event_sales_by_product": (
        ("event_key", "product_id", "institution_id", "workshop_key"),
        (
            "lines",
            "quantity",
            "gross",
            "discounts",
            "receipts",
            "refunded_quantity",
            "refunded",
        ),
    ),
    "sales_by_cashier": (
        ("event_key", "quarter", "cashier"),
        ("lines", "quantity", "gross", "receipts", "refunded_quantity", "refunded"),
    ),
    "receipts_by_institution": (("event_key", "quarter", "institution_id"), ("receipts",)),
    "sales_by_workshop": (
        ("event_key", "quarter", "institution_id", "workshop_key"),
        ("lines", "quantity", "gross", "receipts", "refunded_quantity", "refunded"),
    ),
    "receipts_by_category": (("event_key", "quarter", "category"), ("receipts",)),
    "sales_by_method": (
        ("event_key", "quarter", "method"),
        ("payments", "taken", "receipts", "refund_count", "refunded"),
    ),
}
_TEXT_KEYS = {"cashier": 80, "category": 60, "method": 12}


def _upsert(table: str, select: str) -> str:
    keys, values = _TABLES[table]
    sets = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in values)
    return (
        f"INSERT INTO {table} ({', '.join(keys + values)}) {select} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"
    )


def _product_upserts(columns: str, quarter: str, rest: str) -> list[str]:
    """The same sums into the per-quarter product table and the per-event one (an event's
    report reads one row per product there, whatever the number of quarters it sold in)."""
    return [
        _upsert("sales_by_product", f"SELECT {columns}, {quarter}, {rest}"),
        _upsert("event_sales_by_product", f"SELECT {columns}, {rest}"),
    ]


def _sale_keys(sale: str, dialect: str) -> str:
    return f"COALESCE({sale}.event_id, 0), {_quarter(f'{sale}.created_at', dialect)}"


def _line_statements(row: str, sign: str, other: str, dialect: str) -> list[str]:
    """A sale line ``row`` (NEW or OLD) joining (sign 1) or leaving (sign -1) the sums.
    ``other`` picks the sale's other lines that already count its receipts."""
    keys = _sale_keys("s", dialect)
    same_sale = f"o.sale_id = {row}.sale_id AND {other}"
    workshop = f"COALESCE({row}.workshop_id, 0)"
    # "+o.product_id": not through the product's index (SQLite picks it and walks every line
    # of the product sold before: 12 ms a line at a million), the sale's lines are a handful.
    same_product = (
        f"{same_sale} AND +o.product_id = {row}.product_id "
        f"AND o.institution_id = {row}.institution_id AND COALESCE(o.workshop_id, 0) = {workshop}"
    )
    same_institution = f"{same_sale} AND o.institution_id = {row}.institution_id"
    same_workshop = f"{same_institution} AND COALESCE(o.workshop_id, 0) = {workshop}"
    of_sale = f"FROM sales s WHERE s.id = {row}.sale_id"
    return [
        *_product_upserts(
            f"COALESCE(s.event_id, 0), {row}.product_id, {row}.institution_id, {workshop}",
            _quarter("s.created_at", dialect),
            f"{sign}, {sign} * {row}.quantity, {sign} * {row}.line_total, "
            f"{sign} * ({row}.line_discount + {row}.sale_discount_share), "
            f"CASE WHEN EXISTS (SELECT 1 FROM sale_lines o WHERE {same_product}) "
            f"THEN 0 ELSE {sign} END, 0, 0 {of_sale}",
        ),
        _upsert(
            "sales_by_cashier",
            f"SELECT {keys}, s.cashier, {sign}, {sign} * {row}.quantity, "
            f"{sign} * {row}.line_total, "
            f"CASE WHEN EXISTS (SELECT 1 FROM sale_lines o WHERE {same_sale}) "
            f"THEN 0 ELSE {sign} END, 0, 0 {of_sale}",
        ),
        # The receipt counts change only with the first (last) line of their key.
        _upsert(
            "receipts_by_institution",
            f"SELECT {keys}, {row}.institution_id, {sign} {of_sale} "
            f"AND NOT EXISTS (SELECT 1 FROM sale_lines o WHERE {same_institution})",
        ),
        _upsert(
            "sales_by_workshop",
            f"SELECT {keys}, {row}.institution_id, {workshop}, {sign}, {sign} * {row}.quantity, "
            f"{sign} * {row}.line_total, "
            f"CASE WHEN EXISTS (SELECT 1 FROM sale_lines o WHERE {same_workshop}) "
            f"THEN 0 ELSE {sign} END, 0, 0 {of_sale}",
        ),
        _upsert(
            "receipts_by_category",
            f"SELECT {keys}, p.category, {sign} FROM sales s JOIN products p "
            f"ON p.id = {row}.product_id WHERE s.id = {row}.sale_id AND NOT EXISTS "
            "(SELECT 1 FROM sale_lines o JOIN products op ON op.id = o.product_id "
            f"WHERE {same_sale} AND op.category = p.category)",
        ),
    ]


def _refund_line_statements(row: str, sign: str, dialect: str) -> list[str]:
    """A refund line counts against the line it refunds: its product, hour and cashier."""
    keys = _sale_keys("s", dialect)
    of_line = f"FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE l.id = {row}.sale_line_id"
    refunded = f"{sign} * {row}.quantity, {sign} * {row}.amount"
    return [
        *_product_upserts(
            "COALESCE(s.event_id, 0), l.product_id, l.institution_id, COALESCE(l.workshop_id, 0)",
            _quarter("s.created_at", dialect),
            f"0, 0, 0, 0, 0, {refunded} {of_line}",
        ),
        _upsert("sales_by_cashier", f"SELECT {keys}, s.cashier, 0, 0, 0, 0, {refunded} {of_line}"),
        _upsert(
            "sales_by_workshop",
            f"SELECT {keys}, l.institution_id, COALESCE(l.workshop_id, 0), 0, 0, 0, 0, "
            f"{refunded} {of_line}",
        ),
    ]


def _payment_statements(row: str, sign: str, other: str, dialect: str) -> list[str]:
    same = f"o.sale_id = {row}.sale_id AND {other} AND o.method = {row}.method"
    return [
        _upsert(
            "sales_by_method",
            f"SELECT {_sale_keys('s', dialect)}, {row}.method, {sign}, {sign} * {row}.amount, "
            f"CASE WHEN EXISTS (SELECT 1 FROM payments o WHERE {same}) THEN 0 ELSE {sign} END, "
            f"0, 0 FROM sales s WHERE s.id = {row}.sale_id",
        )
    ]


def _refund_statements(row: str, sign: str, dialect: str) -> list[str]:
    """Money given back counts against the refunded sale's scope, by the refund's method."""
    return [
        _upsert(
            "sales_by_method",
            f"SELECT {_sale_keys('s', dialect)}, {row}.method, 0, 0, 0, {sign}, "
            f"{sign} * {row}.amount FROM sales s WHERE s.id = {row}.sale_id",
        )
    ]


def _sale_move_statements(dialect: str) -> list[str]:
    """Everything a sale counts for, taken from its OLD event/time/cashier and added to its
    NEW ones."""
    statements: list[str] = []
    workshop = "COALESCE(l.workshop_id, 0)"
    for sale, sign in (("OLD", "-1"), ("NEW", "1")):
        keys = _sale_keys(sale, dialect)
        event, quarter = f"COALESCE({sale}.event_id, 0)", _quarter(f"{sale}.created_at", dialect)
        lines = "FROM sale_lines l WHERE l.sale_id = NEW.id"
        refunds = (
            "FROM refund_lines r JOIN sale_lines l ON l.id = r.sale_line_id "
            "WHERE l.sale_id = NEW.id"
        )
        by_product = f"GROUP BY l.product_id, l.institution_id, {workshop}"
        product = f"{event}, l.product_id, l.institution_id, {workshop}"
        statements += [
            *_product_upserts(
                product,
                quarter,
                f"{sign} * count(*), {sign} * sum(l.quantity), {sign} * sum(l.line_total), "
                f"{sign} * sum(l.line_discount + l.sale_discount_share), {sign}, 0, 0 "
                f"{lines} {by_product}",
            ),
            *_product_upserts(
                product,
                quarter,
                f"0, 0, 0, 0, 0, {sign} * sum(r.quantity), {sign} * sum(r.amount) "
                f"{refunds} {by_product}",
            ),
            _upsert(
                "sales_by_cashier",
                f"SELECT {keys}, {sale}.cashier, {sign} * count(*), {sign} * sum(l.quantity), "
                f"{sign} * sum(l.line_total), {sign}, 0, 0 {lines} HAVING count(*) > 0",
            ),
            _upsert(
                "sales_by_cashier",
                f"SELECT {keys}, {sale}.cashier, 0, 0, 0, 0, {sign} * sum(r.quantity), "
                f"{sign} * sum(r.amount) {refunds} HAVING count(*) > 0",
            ),
            _upsert(
                "receipts_by_institution",
                f"SELECT {keys}, l.institution_id, {sign} {lines} GROUP BY l.institution_id",
            ),
            _upsert(
                "sales_by_workshop",
                f"SELECT {keys}, l.institution_id, {workshop}, {sign} * count(*), "
                f"{sign} * sum(l.quantity), {sign} * sum(l.line_total), {sign}, 0, 0 "
                f"{lines} GROUP BY l.institution_id, {workshop}",
            ),
            _upsert(
                "sales_by_workshop",
                f"SELECT {keys}, l.institution_id, {workshop}, 0, 0, 0, 0, "
                f"{sign} * sum(r.quantity), {sign} * sum(r.amount) "
                f"{refunds} GROUP BY l.institution_id, {workshop}",
            ),
            _upsert(
                "receipts_by_category",
                f"SELECT {keys}, p.category, {sign} FROM sale_lines l JOIN products p "
                "ON p.id = l.product_id WHERE l.sale_id = NEW.id GROUP BY p.category",
            ),
            _upsert(
                "sales_by_method",
                f"SELECT {keys}, m.method, {sign} * count(*), {sign} * sum(m.amount), {sign}, "
                "0, 0 FROM payments m WHERE m.sale_id = NEW.id GROUP BY m.method",
            ),
            _upsert(
                "sales_by_method",
                f"SELECT {keys}, r.method, 0, 0, 0, {sign} * count(*), {sign} * sum(r.amount) "
                "FROM refunds r WHERE r.sale_id = NEW.id GROUP BY r.method",
            ),
        ]
    return statements


def _drop_empty(table: str, where: str) -> str:
    """Delete the rows of ``table`` matching ``where`` that hold nothing any more: undoing a
    merge leaves the summaries as they were before it, not with rows of zeros."""
    _keys, values = _TABLES[table]
    return f"DELETE FROM {table} WHERE {where} AND " + " AND ".join(f"{v} = 0" for v in values)


def _line_cleanup(dialect: str) -> list[str]:
    """After a line left the sums: the rows of its keys that are now empty."""
    sale = "FROM sales s WHERE s.id = OLD.sale_id"
    event = f"event_key = (SELECT COALESCE(s.event_id, 0) {sale})"
    quarter = f"quarter = (SELECT {_quarter('s.created_at', dialect)} {sale})"
    product = (
        "product_id = OLD.product_id AND institution_id = OLD.institution_id "
        "AND workshop_key = COALESCE(OLD.workshop_id, 0)"
    )
    return [
        _drop_empty("sales_by_product", f"{event} AND {product} AND {quarter}"),
        _drop_empty("event_sales_by_product", f"{event} AND {product}"),
        _drop_empty(
            "sales_by_cashier", f"{event} AND {quarter} AND cashier = (SELECT s.cashier {sale})"
        ),
        _drop_empty(
            "receipts_by_institution",
            f"{event} AND {quarter} AND institution_id = OLD.institution_id",
        ),
        _drop_empty(
            "sales_by_workshop",
            f"{event} AND {quarter} AND institution_id = OLD.institution_id "
            "AND workshop_key = COALESCE(OLD.workshop_id, 0)",
        ),
        _drop_empty(
            "receipts_by_category",
            f"{event} AND {quarter} AND category = "
            "(SELECT p.category FROM products p WHERE p.id = OLD.product_id)",
        ),
    ]


def _method_cleanup(dialect: str) -> list[str]:
    sale = "FROM sales s WHERE s.id = OLD.sale_id"
    return [
        _drop_empty(
            "sales_by_method",
            f"event_key = (SELECT COALESCE(s.event_id, 0) {sale}) AND quarter = "
            f"(SELECT {_quarter('s.created_at', dialect)} {sale}) AND method = OLD.method",
        )
    ]


def _move_cleanup(dialect: str) -> list[str]:
    """After a sale moved: the rows of its old event and quarter that are now empty."""
    event = "event_key = COALESCE(OLD.event_id, 0)"
    quarter = f"quarter = {_quarter('OLD.created_at', dialect)}"
    products = "product_id IN (SELECT l.product_id FROM sale_lines l WHERE l.sale_id = NEW.id)"
    return [
        _drop_empty("sales_by_product", f"{event} AND {products} AND {quarter}"),
        _drop_empty("event_sales_by_product", f"{event} AND {products}"),
        *(
            _drop_empty(table, f"{event} AND {quarter}")
            for table in (
                "sales_by_cashier",
                "receipts_by_institution",
                "sales_by_workshop",
                "receipts_by_category",
                "sales_by_method",
            )
        ),
    ]


# A product that has sold and changes category: its receipts by category are counted from the
# lines until the summaries are rebuilt.
_STALE = (
    "INSERT INTO receipts_by_category_stale (product_id) SELECT NEW.id "
    "WHERE EXISTS (SELECT 1 FROM sale_lines l WHERE l.product_id = NEW.id) "
    "ON CONFLICT (product_id) DO NOTHING"
)
_SALE_MOVED = (
    "OLD.event_id IS DISTINCT FROM NEW.event_id OR OLD.created_at IS DISTINCT FROM "
    "NEW.created_at OR OLD.cashier IS DISTINCT FROM NEW.cashier"
)


def _triggers(dialect: str) -> list[tuple[str, str, str, str, Sequence[str]]]:
    """(name, table, when: INSERT/DELETE/UPDATE …, condition, statements) of every trigger.
    On SQLite an inserted row is already in its table (the earlier lines have smaller ids);
    a deleted one is gone, on PostgreSQL it is still there (a BEFORE trigger)."""
    earlier, others = "o.id < NEW.id", "o.id <> OLD.id"
    line_in = _line_statements("NEW", "1", earlier, dialect)
    line_out = [*_line_statements("OLD", "-1", others, dialect), *_line_cleanup(dialect)]
    moved = [*_sale_move_statements(dialect), *_move_cleanup(dialect)]
    return [
        ("sales_summary_line_in", "sale_lines", "INSERT", "", line_in),
        ("sales_summary_line_out", "sale_lines", "DELETE", "", line_out),
        ("sales_summary_refund_line_in", "refund_lines", "INSERT", "",
         _refund_line_statements("NEW", "1", dialect)),
        ("sales_summary_refund_line_out", "refund_lines", "DELETE", "",
         _refund_line_statements("OLD", "-1", dialect)),
        ("sales_summary_payment_in", "payments", "INSERT", "",
         _payment_statements("NEW", "1", earlier, dialect)),
        ("sales_summary_payment_out", "payments", "DELETE", "",
         [*_payment_statements("OLD", "-1", others, dialect), *_method_cleanup(dialect)]),
        ("sales_summary_refund_in", "refunds", "INSERT", "",
         _refund_statements("NEW", "1", dialect)),
        ("sales_summary_refund_out", "refunds", "DELETE", "",
         [*_refund_statements("OLD", "-1", dialect), *_method_cleanup(dialect)]),
        ("sales_summary_sale_moved", "sales", "UPDATE OF event_id, created_at, cashier",
         _SALE_MOVED, moved),
        ("sales_summary_category", "products", "UPDATE OF category",
         "OLD.category <> NEW.category", [_STALE]),
    ]  # fmt: skip


def _create_triggers(dialect: str) -> None:
    for name, table, event, condition, statements in _triggers(dialect):
        body = "".join(f"{statement}; " for statement in statements)
        if dialect != "postgresql":
            when = f" WHEN {condition.replace('IS DISTINCT FROM', 'IS NOT')}" if condition else ""
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN {body}END"
            )
            continue
        if event == "INSERT":
            continue  # per statement on PostgreSQL: _create_statement_triggers
        deleting = event == "DELETE"
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}"
            f"RETURN {'OLD' if deleting else 'NULL'}; END $$"
        )
        when = f" WHEN ({condition})" if condition else ""
        if deleting:
            # Row by row before each deletion: the rows deleted before it are gone, as on
            # SQLite, so a sale's last line of a key takes its receipt away exactly once.
            op.execute(
                f"CREATE TRIGGER {name} BEFORE DELETE ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION {name}()"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} "
                f"EXECUTE FUNCTION {name}()"
            )


# PostgreSQL: a long job's sums wait in these temporary tables (one per summary, with its
# columns) and are added at its commit (bazaar_pos.db.sales_summaries.apply_at_commit).
PENDING_SETTING = "bazaar.summaries_at_commit"


def _firsts(table: str, key: str, join: str = "") -> str:
    """A LEFT JOIN of the first row (smallest id) of each sale and ``key`` among every row of
    the statement's sales (as ``f``): a new row found there is the first of its key in its
    sale and counts its receipt (``count(f.id)``); a sale's rows written before come first.
    Joins, not an EXISTS per row: the planner sees the statement's rows and picks the index
    for a till's five lines, a scan for a merge's 200,000."""
    group = f"o.sale_id, {key}" if key else "o.sale_id"
    return (
        f" LEFT JOIN (SELECT min(o.id) AS id FROM {table} o{join} "
        f"WHERE o.sale_id IN (SELECT sale_id FROM new_rows) GROUP BY {group}) f ON f.id = n.id"
    )


def _statement_selects() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(trigger, table, [(summary, SELECT of its rows)]) of PostgreSQL's insert triggers, one
    run per statement over its new rows (``new_rows``), grouped by key: the same sums as the
    row triggers' (a receipt counted by its first line of the key, smallest id first, which
    the statement's own earlier rows are), one change per summary row per statement. Row by
    row, a statement of 200,000 lines updated a few rows hundreds of thousands of times, and
    PostgreSQL walks every earlier version of a row updated again in one transaction."""
    quarter = _quarter("s.created_at", "postgresql")
    keys = f"COALESCE(s.event_id, 0), {quarter}"
    workshop = "COALESCE(n.workshop_id, 0)"
    lines = "FROM new_rows n JOIN sales s ON s.id = n.sale_id"
    by_workshop = "o.institution_id, COALESCE(o.workshop_id, 0)"
    by_product = f"o.product_id, {by_workshop}"
    product = f"COALESCE(s.event_id, 0), n.product_id, n.institution_id, {workshop}"
    sold = (
        "count(*), sum(n.quantity), sum(n.line_total), "
        "sum(n.line_discount + n.sale_discount_share), count(f.id), 0, 0"
    )
    product_lines = f"{lines}{_firsts('sale_lines', by_product)}"
    line_in = [
        (
            "sales_by_product",
            f"SELECT {product}, {quarter}, {sold} {product_lines} GROUP BY 1, 2, 3, 4, 5",
        ),
        ("event_sales_by_product", f"SELECT {product}, {sold} {product_lines} GROUP BY 1, 2, 3, 4"),
        (
            "sales_by_cashier",
            f"SELECT {keys}, s.cashier, count(*), sum(n.quantity), sum(n.line_total), "
            f"count(f.id), 0, 0 {lines}{_firsts('sale_lines', '')} GROUP BY 1, 2, 3",
        ),
        (
            "receipts_by_institution",
            f"SELECT {keys}, n.institution_id, count(f.id) "
            f"{lines}{_firsts('sale_lines', 'o.institution_id')} GROUP BY 1, 2, 3",
        ),
        (
            "sales_by_workshop",
            f"SELECT {keys}, n.institution_id, {workshop}, count(*), sum(n.quantity), "
            f"sum(n.line_total), count(f.id), 0, 0 {lines}{_firsts('sale_lines', by_workshop)} "
            "GROUP BY 1, 2, 3, 4",
        ),
        (
            "receipts_by_category",
            f"SELECT {keys}, p.category, count(f.id) {lines} "
            "JOIN products p ON p.id = n.product_id"
            f"{_firsts('sale_lines', 'op.category', ' JOIN products op ON op.id = o.product_id')} "
            "GROUP BY 1, 2, 3",
        ),
    ]
    refunded_line = (
        "FROM new_rows n JOIN sale_lines l ON l.id = n.sale_line_id "
        "JOIN sales s ON s.id = l.sale_id"
    )
    refunded = "sum(n.quantity), sum(n.amount)"
    of_line = "COALESCE(s.event_id, 0), l.product_id, l.institution_id, COALESCE(l.workshop_id, 0)"
    refund_line_in = [
        (
            "sales_by_product",
            f"SELECT {of_line}, {quarter}, 0, 0, 0, 0, 0, {refunded} {refunded_line} "
            "GROUP BY 1, 2, 3, 4, 5",
        ),
        (
            "event_sales_by_product",
            f"SELECT {of_line}, 0, 0, 0, 0, 0, {refunded} {refunded_line} GROUP BY 1, 2, 3, 4",
        ),
        (
            "sales_by_cashier",
            f"SELECT {keys}, s.cashier, 0, 0, 0, 0, {refunded} {refunded_line} GROUP BY 1, 2, 3",
        ),
        (
            "sales_by_workshop",
            f"SELECT {keys}, l.institution_id, COALESCE(l.workshop_id, 0), 0, 0, 0, 0, "
            f"{refunded} {refunded_line} GROUP BY 1, 2, 3, 4",
        ),
    ]
    payment_in = [
        (
            "sales_by_method",
            f"SELECT {keys}, n.method, count(*), sum(n.amount), count(f.id), 0, 0 "
            f"{lines}{_firsts('payments', 'o.method')} GROUP BY 1, 2, 3",
        )
    ]
    refund_in = [
        (
            "sales_by_method",
            f"SELECT {keys}, n.method, 0, 0, 0, count(*), sum(n.amount) {lines} GROUP BY 1, 2, 3",
        )
    ]
    return [
        ("sales_summary_line_in", "sale_lines", line_in),
        ("sales_summary_refund_line_in", "refund_lines", refund_line_in),
        ("sales_summary_payment_in", "payments", payment_in),
        ("sales_summary_refund_in", "refunds", refund_in),
    ]


def _create_statement_triggers() -> None:
    """PostgreSQL's insert triggers: per statement; a long job's sums wait for its commit."""
    for name, table, selects in _statement_selects():
        waiting = "".join(
            f"INSERT INTO pg_temp.summary_pending_{summary} {select}; "
            for summary, select in selects
        )
        at_once = "".join(f"{_upsert(summary, select)}; " for summary, select in selects)
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF current_setting('{PENDING_SETTING}', true) = 'on' THEN {waiting}"
            f"ELSE {at_once}END IF; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )


def _rebuild_statements(dialect: str) -> list[str]:
    """The sums of the records as they are (the same figures the triggers keep)."""
    keys = _sale_keys("s", dialect)
    lines = "FROM sale_lines l JOIN sales s ON s.id = l.sale_id"
    refunds = (
        "FROM refund_lines r JOIN sale_lines l ON l.id = r.sale_line_id "
        "JOIN sales s ON s.id = l.sale_id"
    )
    product = "COALESCE(s.event_id, 0), l.product_id, l.institution_id, COALESCE(l.workshop_id, 0)"
    quarter = _quarter("s.created_at", dialect)
    statements = []
    for table, columns, groups in (
        ("sales_by_product", f"{product}, {quarter}", "1, 2, 3, 4, 5"),
        ("event_sales_by_product", product, "1, 2, 3, 4"),
    ):
        statements += [
            f"INSERT INTO {table} SELECT {columns}, count(*), sum(l.quantity), "
            "sum(l.line_total), sum(l.line_discount + l.sale_discount_share), "
            f"count(DISTINCT l.sale_id), 0, 0 {lines} GROUP BY {groups}",
            _upsert(
                table,
                f"SELECT {columns}, 0, 0, 0, 0, 0, sum(r.quantity), sum(r.amount) {refunds} "
                f"WHERE true GROUP BY {groups}",
            ),
        ]
    return [
        *statements,
        f"INSERT INTO sales_by_cashier SELECT {keys}, s.cashier, count(*), sum(l.quantity), "
        f"sum(l.line_total), count(DISTINCT l.sale_id), 0, 0 {lines} GROUP BY 1, 2, 3",
        _upsert(
            "sales_by_cashier",
            f"SELECT {keys}, s.cashier, 0, 0, 0, 0, sum(r.quantity), sum(r.amount) {refunds} "
            "WHERE true GROUP BY 1, 2, 3",
        ),
        f"INSERT INTO receipts_by_institution SELECT {keys}, l.institution_id, "
        f"count(DISTINCT l.sale_id) {lines} GROUP BY 1, 2, 3",
        f"INSERT INTO sales_by_workshop SELECT {keys}, l.institution_id, "
        "COALESCE(l.workshop_id, 0), count(*), sum(l.quantity), sum(l.line_total), "
        f"count(DISTINCT l.sale_id), 0, 0 {lines} GROUP BY 1, 2, 3, 4",
        _upsert(
            "sales_by_workshop",
            f"SELECT {keys}, l.institution_id, COALESCE(l.workshop_id, 0), 0, 0, 0, 0, "
            f"sum(r.quantity), sum(r.amount) {refunds} WHERE true GROUP BY 1, 2, 3, 4",
        ),
        f"INSERT INTO receipts_by_category SELECT {keys}, p.category, count(DISTINCT l.sale_id) "
        f"{lines} JOIN products p ON p.id = l.product_id GROUP BY 1, 2, 3",
        f"INSERT INTO sales_by_method SELECT {keys}, m.method, count(*), sum(m.amount), "
        "count(DISTINCT m.sale_id), 0, 0 FROM payments m JOIN sales s ON s.id = m.sale_id "
        "GROUP BY 1, 2, 3",
        _upsert(
            "sales_by_method",
            f"SELECT {keys}, r.method, 0, 0, 0, count(*), sum(r.amount) FROM refunds r "
            "JOIN sales s ON s.id = r.sale_id WHERE true GROUP BY 1, 2, 3",
        ),
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, (keys, values) in _TABLES.items():
        columns = [
            sa.Column(name, sa.String(length=_TEXT_KEYS[name]), nullable=False)
            if name in _TEXT_KEYS
            else sa.Column(name, sa.Integer(), autoincrement=False, nullable=False)
            for name in keys
        ]
        columns += [sa.Column(name, sa.Integer(), nullable=False) for name in values]
        op.create_table(
            table,
            *columns,
            sa.PrimaryKeyConstraint(*keys, name=op.f(f"pk_{table}")),
            sqlite_with_rowid=False,
        )
    op.create_table(
        "receipts_by_category_stale",
        sa.Column("product_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_receipts_by_category_stale")),
    )
    # Triggers first, then the sums of what is there: on PostgreSQL creating a trigger locks
    # its table against writers until this migration commits.
    _create_triggers(dialect)
    if dialect == "postgresql":
        _create_statement_triggers()
    for statement in _rebuild_statements(dialect):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table, _event, _condition, _statements in _triggers(dialect):
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("receipts_by_category_stale")
    for table in reversed(list(_TABLES)):
        op.drop_table(table)
