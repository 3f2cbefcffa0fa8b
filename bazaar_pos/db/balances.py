"""Stock balances: a long job's changes at its commit, and the check ``verify`` runs.

``stock_balances`` holds each product's ledger sum, kept by the database's triggers with every
movement (migration 0008); the ledger stays the only truth.

On PostgreSQL a long job (:meth:`Database.long_write`: a merge, a catalog import) writes for
minutes without the write lock while tills sell. Its statements' balance changes wait in a
temporary table (:func:`balances_at_commit`) and reach the balances just before it commits,
under the write lock (:func:`apply_at_commit`): changed at once, the balances of the products
it moves would stay locked until then, and a till selling one of them would wait for the job
while holding the write lock the job needs to finish.

A balance that differs from its ledger's sum, a product with movements but no balance, or a
balance without movements means somebody wrote the balances by hand (or a trigger was
dropped): :func:`balance_mismatches` names every such product with both figures, and
:func:`rebuild_balances` writes them all again from the ledger, so the screens' stock can be
trusted again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

__all__ = [
    "BalanceMismatch",
    "apply_at_commit",
    "balance_mismatches",
    "balances_at_commit",
    "rebuild_balances",
]

# The trigger of migration 0008 reads the setting (this transaction only) and fills the table.
_PENDING = (
    "CREATE TEMP TABLE IF NOT EXISTS stock_balance_pending "
    "(product_id BIGINT NOT NULL, quantity BIGINT NOT NULL) ON COMMIT DELETE ROWS"
)
_AT_COMMIT = "SET LOCAL bazaar.balances_at_commit = 'on'"
_APPLY = (
    "INSERT INTO stock_balances (product_id, quantity) "
    "SELECT product_id, sum(quantity) FROM pg_temp.stock_balance_pending "
    "GROUP BY product_id ORDER BY product_id "
    "ON CONFLICT (product_id) DO UPDATE SET quantity = stock_balances.quantity + excluded.quantity",
    "DELETE FROM stock_balances b "
    "WHERE b.product_id IN (SELECT product_id FROM pg_temp.stock_balance_pending) "
    "AND NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.product_id = b.product_id)",
    "DELETE FROM pg_temp.stock_balance_pending",
)


def balances_at_commit(connection: Connection) -> None:
    """PostgreSQL, at the start of a long job's transaction: its balance changes wait for
    :func:`apply_at_commit`."""
    connection.exec_driver_sql(_PENDING)
    connection.exec_driver_sql(_AT_COMMIT)


def apply_at_commit(connection: Connection) -> None:
    """PostgreSQL, the long job's last statements, under the write lock: every balance change
    its statements left waiting, one per product."""
    for statement in _APPLY:
        connection.exec_driver_sql(statement)


@dataclass(frozen=True)
class BalanceMismatch:
    """A product whose balance is not the sum of its ledger."""

    product_id: int
    sku: str
    ledger: int  # the sum of its stock movements (0 when it has none)
    balance: int | None  # its stock_balances row; None when it has none


# One grouped pass over the ledger, each sum beside its balance (both ways: a sum without a
# balance, a balance without movements); FULL OUTER JOIN is newer than some SQLite builds,
# so two left joins.
_MISMATCHES = """
SELECT l.product_id, l.total, b.quantity
FROM (SELECT product_id, sum(quantity) AS total FROM stock_movements GROUP BY product_id) l
LEFT JOIN stock_balances b ON b.product_id = l.product_id
WHERE b.quantity IS NULL OR b.quantity <> l.total
UNION ALL
SELECT b.product_id, 0, b.quantity FROM stock_balances b
WHERE NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.product_id = b.product_id)
"""
_SKUS = "SELECT id, sku FROM products WHERE id IN ({ids})"


def balance_mismatches(connection: Connection) -> list[BalanceMismatch]:
    """Every product whose balance differs from its ledger, by SKU (a handful at most, unless
    somebody rewrote the table)."""
    found = connection.exec_driver_sql(_MISMATCHES).all()
    if not found:
        return []
    ids = ", ".join(str(int(product_id)) for product_id, _total, _balance in found)
    skus: dict[int, str] = {
        int(product_id): str(sku)
        for product_id, sku in connection.exec_driver_sql(_SKUS.format(ids=ids))
    }
    mismatches = [
        BalanceMismatch(
            int(product_id),
            skus.get(int(product_id), f"#{product_id}"),
            int(total),
            None if balance is None else int(balance),
        )
        for product_id, total, balance in found
    ]
    return sorted(mismatches, key=lambda item: (item.sku, item.product_id))


# Every balance again from the ledger: one grouped pass (a product without movements has no
# row, as the triggers leave it).
_REBUILD = (
    "DELETE FROM stock_balances",
    "INSERT INTO stock_balances (product_id, quantity) "
    "SELECT product_id, sum(quantity) FROM stock_movements GROUP BY product_id",
)


def rebuild_balances(connection: Connection) -> None:
    """Write every stock balance again as the sum of its product's ledger, in the caller's
    write transaction (under the write lock: a sale committed meanwhile moves its balance
    once, after)."""
    for statement in _REBUILD:
        connection.exec_driver_sql(statement)
