"""The sales summaries against the records they sum: the check ``verify`` runs, and a rebuild.

The tables of :mod:`bazaar_pos.db.models` ``SalesByProduct`` … ``SalesByMethod`` hold the sales
report's sums per event and UTC quarter of an hour, kept by the database's triggers with every
sale line, payment, refund and refund line (migration 0010); the records stay the only truth.
:func:`summary_mismatches` sums the records again (one grouped pass per table, the
``count(DISTINCT)`` the triggers spare the report) and names every table whose rows differ: a
row written by hand, a dropped trigger, a line changed after its sale (the journal names that
one too). :func:`rebuild_summaries` writes them again from the records, and takes the marks of
products whose category changed after they sold (``receipts_by_category_stale``).

On PostgreSQL the insert triggers run once per statement, over its rows grouped by key (one
change per summary row per statement), and a long job (:meth:`Database.long_write`: a merge)
that writes for minutes without the write lock while tills sell has its sums wait in
temporary tables (:func:`summaries_at_commit`) until just before it commits, under the write
lock (:func:`apply_at_commit`): added at once, the summary rows of its event's quarters would
stay locked until then, and a till selling in the same quarter would wait for the job while
holding the write lock the job needs to finish.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

__all__ = [
    "QUARTER_S",
    "SUMMARY_TABLES",
    "SummaryMismatch",
    "apply_at_commit",
    "category_receipts_stale",
    "quarter_sql",
    "rebuild_summaries",
    "summaries_at_commit",
    "summary_mismatches",
]

QUARTER_S = 900  # seconds: a summary's time bucket
# table: (key columns, value columns), in the tables' column order.
SUMMARY_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sales_by_product": (
        ("event_key", "product_id", "institution_id", "workshop_key", "quarter"),
        ("lines", "quantity", "gross", "discounts", "receipts", "refunded_quantity", "refunded"),
    ),
    "event_sales_by_product": (
        ("event_key", "product_id", "institution_id", "workshop_key"),
        ("lines", "quantity", "gross", "discounts", "receipts", "refunded_quantity", "refunded"),
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

# PostgreSQL: the setting migration 0010's insert triggers read (this transaction only), and
# the temporary table each summary's waiting sums go to.
_AT_COMMIT = "SET LOCAL bazaar.summaries_at_commit = 'on'"


def _pending(table: str) -> str:
    return f"pg_temp.summary_pending_{table}"


def summaries_at_commit(connection: Connection) -> None:
    """PostgreSQL, at the start of a long job's transaction: its sums wait for
    :func:`apply_at_commit`."""
    for table in SUMMARY_TABLES:
        connection.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS summary_pending_{table} "
            f"(LIKE {table}) ON COMMIT DELETE ROWS"
        )
    connection.exec_driver_sql(_AT_COMMIT)


def apply_at_commit(connection: Connection) -> None:
    """PostgreSQL, the long job's last statements, under the write lock: the sums its
    statements left waiting, one change per summary row."""
    for table, (keys, values) in SUMMARY_TABLES.items():
        key_list = ", ".join(keys)
        sums = ", ".join(f"sum({name})" for name in values)
        sets = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in values)
        connection.exec_driver_sql(
            f"INSERT INTO {table} ({key_list}, {', '.join(values)}) "
            f"SELECT {key_list}, {sums} FROM {_pending(table)} "
            f"GROUP BY {key_list} ORDER BY {key_list} "
            f"ON CONFLICT ({key_list}) DO UPDATE SET {sets}"
        )
        connection.exec_driver_sql(f"DELETE FROM {_pending(table)}")


def quarter_sql(column: str, dialect: str) -> str:
    """SQL for the UTC quarter of an hour of a stored naive UTC time (seconds since the epoch
    // 900), as the triggers compute it."""
    if dialect == "postgresql":
        return f"CAST(floor(extract(epoch FROM {column})) AS BIGINT) / {QUARTER_S}"
    return f"CAST(strftime('%s', {column}) AS INTEGER) / {QUARTER_S}"


def _expected(dialect: str) -> dict[str, str]:
    """Per table, a SELECT of the rows the records make (keys, then values, in column order).
    Lines and refunds are summed apart and added up per key."""
    sale = f"COALESCE(s.event_id, 0), {quarter_sql('s.created_at', dialect)}"
    lines = "FROM sale_lines l JOIN sales s ON s.id = l.sale_id"
    refunds = (
        "FROM refund_lines r JOIN sale_lines l ON l.id = r.sale_line_id "
        "JOIN sales s ON s.id = l.sale_id"
    )
    workshop = "COALESCE(l.workshop_id, 0)"

    def added(table: str, parts: str) -> str:
        keys, values = SUMMARY_TABLES[table]
        sums = ", ".join(f"sum({name})" for name in values)
        return (
            f"SELECT {', '.join(keys)}, {sums} FROM ({parts}) AS parts GROUP BY {', '.join(keys)}"
        )

    product = (
        "COALESCE(s.event_id, 0) AS event_key, l.product_id AS product_id, "
        f"l.institution_id AS institution_id, {workshop} AS workshop_key"
    )
    in_quarter = f"{product}, {quarter_sql('s.created_at', dialect)} AS quarter"

    def by_product(table: str, columns: str, groups: str) -> str:
        return added(
            table,
            f"SELECT {columns}, count(*) AS lines, sum(l.quantity) AS quantity, "
            "sum(l.line_total) AS gross, "
            "sum(l.line_discount + l.sale_discount_share) AS discounts, "
            "count(DISTINCT l.sale_id) AS receipts, 0 AS refunded_quantity, 0 AS refunded "
            f"{lines} GROUP BY {groups} "
            f"UNION ALL SELECT {columns}, 0, 0, 0, 0, 0, sum(r.quantity), sum(r.amount) "
            f"{refunds} GROUP BY {groups}",
        )

    cashier = (
        f"COALESCE(s.event_id, 0) AS event_key, {quarter_sql('s.created_at', dialect)} AS quarter, "
        "s.cashier AS cashier"
    )
    workshops = (
        f"COALESCE(s.event_id, 0) AS event_key, {quarter_sql('s.created_at', dialect)} AS quarter, "
        f"l.institution_id AS institution_id, {workshop} AS workshop_key"
    )
    method = (
        f"COALESCE(s.event_id, 0) AS event_key, {quarter_sql('s.created_at', dialect)} AS quarter"
    )
    return {
        "sales_by_product": by_product("sales_by_product", in_quarter, "1, 2, 3, 4, 5"),
        "event_sales_by_product": by_product("event_sales_by_product", product, "1, 2, 3, 4"),
        "sales_by_cashier": added(
            "sales_by_cashier",
            f"SELECT {cashier}, count(*) AS lines, sum(l.quantity) AS quantity, "
            "sum(l.line_total) AS gross, count(DISTINCT l.sale_id) AS receipts, "
            f"0 AS refunded_quantity, 0 AS refunded {lines} GROUP BY 1, 2, 3 "
            f"UNION ALL SELECT {cashier}, 0, 0, 0, 0, sum(r.quantity), sum(r.amount) "
            f"{refunds} GROUP BY 1, 2, 3",
        ),
        "receipts_by_institution": (
            f"SELECT {sale}, l.institution_id, count(DISTINCT l.sale_id) {lines} GROUP BY 1, 2, 3"
        ),
        "sales_by_workshop": added(
            "sales_by_workshop",
            f"SELECT {workshops}, count(*) AS lines, sum(l.quantity) AS quantity, "
            "sum(l.line_total) AS gross, count(DISTINCT l.sale_id) AS receipts, "
            f"0 AS refunded_quantity, 0 AS refunded {lines} GROUP BY 1, 2, 3, 4 "
            f"UNION ALL SELECT {workshops}, 0, 0, 0, 0, sum(r.quantity), sum(r.amount) "
            f"{refunds} GROUP BY 1, 2, 3, 4",
        ),
        "receipts_by_category": (
            f"SELECT {sale}, p.category, count(DISTINCT l.sale_id) {lines} "
            "JOIN products p ON p.id = l.product_id GROUP BY 1, 2, 3"
        ),
        "sales_by_method": added(
            "sales_by_method",
            f"SELECT {method}, m.method AS method, count(*) AS payments, sum(m.amount) AS taken, "
            "count(DISTINCT m.sale_id) AS receipts, 0 AS refund_count, 0 AS refunded "
            "FROM payments m JOIN sales s ON s.id = m.sale_id GROUP BY 1, 2, 3 "
            f"UNION ALL SELECT {method}, r.method, 0, 0, 0, count(*), sum(r.amount) "
            "FROM refunds r JOIN sales s ON s.id = r.sale_id GROUP BY 1, 2, 3",
        ),
    }


def _kept(table: str) -> str:
    """The table's rows that count: a row whose records were all deleted again (undoing a
    merge) stays behind with nothing in it."""
    keys, values = SUMMARY_TABLES[table]
    nonzero = " OR ".join(f"{name} <> 0" for name in values)
    return f"SELECT {', '.join(keys + values)} FROM {table} WHERE {nonzero}"


@dataclass(frozen=True)
class SummaryMismatch:
    """A summary table whose rows are not the sums of the records."""

    table: str
    missing: int  # rows the records make that the table lacks or holds otherwise
    extra: int  # rows of the table the records do not make


def category_receipts_stale(connection: Connection) -> bool:
    """True when a product changed category after it sold: the receipts by category are then
    counted from the lines until :func:`rebuild_summaries`."""
    found = connection.exec_driver_sql("SELECT 1 FROM receipts_by_category_stale LIMIT 1")
    return found.first() is not None


def summary_mismatches(connection: Connection) -> list[SummaryMismatch]:
    """Every summary table that differs from the sums of the records (none, unless somebody
    wrote a summary or a record by hand). The receipts by category are left out while they
    are marked stale (the report does not read them then)."""
    dialect = connection.dialect.name
    stale = category_receipts_stale(connection)
    found = []
    for table, expected in _expected(dialect).items():
        if table == "receipts_by_category" and stale:
            continue
        kept = _kept(table)
        missing = connection.exec_driver_sql(
            f"SELECT count(*) FROM ({expected} EXCEPT {kept}) AS missing"
        ).scalar_one()
        extra = connection.exec_driver_sql(
            f"SELECT count(*) FROM ({kept} EXCEPT {expected}) AS extra"
        ).scalar_one()
        if missing or extra:
            found.append(SummaryMismatch(table, int(missing), int(extra)))
    return found


def rebuild_summaries(connection: Connection) -> None:
    """Write every summary again from the records, in the caller's transaction (which should
    hold the write lock: a sale committed meanwhile would be summed twice or not at all)."""
    for table, expected in _expected(connection.dialect.name).items():
        connection.exec_driver_sql(f"DELETE FROM {table}")
        connection.exec_driver_sql(f"INSERT INTO {table} {expected}")
    connection.exec_driver_sql("DELETE FROM receipts_by_category_stale")
