"""stock balances: each product's ledger sum, kept by triggers in the same transaction; the
products screen's page indexes

Stock on hand was the sum of a product's whole ledger at every scan: a scan grew with the
product's history (32 ms at a million movements). ``stock_balances`` holds that sum per product,
kept by triggers on ``stock_movements`` whoever writes the ledger (the app, a merge and its
undo, the sqlite3 shell, psql), so the ledger stays the only truth and the balance is derived
from it in the same transaction. A product without movements has no row.

The triggers come first, then the balances of the ledger as it is: on PostgreSQL creating a
trigger locks ``stock_movements`` against writers until this migration commits, so no till
that shares the database can add a movement between the sum and the trigger.

On PostgreSQL the triggers are per statement, with the statement's rows (transition tables):
one change per product per statement. A row trigger there would update a product's balance
once per movement, and PostgreSQL keeps every version of a row updated again and again in one
transaction, each update walking the versions before it: 200,000 movements of 25 products in
one statement took 175-300 s instead of 14 s. A long job (a merge, a catalog import: minutes
in one transaction, without the write lock; ``Database.long_write``) sets
``bazaar.balances_at_commit``: its statements' changes wait in a temporary table and reach the
balances at its commit, under the write lock (``bazaar_pos.db.balances``); changed at once,
the balances of the products it moves would stay locked for minutes under tills selling them.

Two indexes for the products screen's page within an institution or a category, in name
order (read in index order, the page stops at its end instead of sorting the whole filter).

SQLite keeps a table's triggers with the table: a later migration that rebuilds
``stock_movements`` in batch mode (copy, DROP, rename) drops them and must create them again
(``verify`` would name every product moved after that).

Revision ID: 0008_stock_balances
Revises: 0007_device
Create Date: 2026-12-07 15:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_stock_balances"
down_revision = "0007_device"
branch_labels = None
depends_on = None

# A movement's quantity joins its product's balance; a removed one leaves it, and a balance
# whose product has no movement left goes (a product without movements has no row, and can be
# deleted).
_ADD_NEW = (
    "INSERT INTO stock_balances (product_id, quantity) VALUES (NEW.product_id, NEW.quantity) "
    "ON CONFLICT (product_id) DO UPDATE "
    "SET quantity = stock_balances.quantity + excluded.quantity"
)
_TAKE_OLD = (
    "UPDATE stock_balances SET quantity = quantity - OLD.quantity WHERE product_id = OLD.product_id"
)
_DROP_EMPTY = (
    "DELETE FROM stock_balances WHERE product_id = OLD.product_id AND NOT EXISTS "
    "(SELECT 1 FROM stock_movements m WHERE m.product_id = OLD.product_id)"
)
_BACKFILL = (
    "INSERT INTO stock_balances (product_id, quantity) "
    "SELECT product_id, sum(quantity) FROM stock_movements GROUP BY product_id"
)

_SQLITE_TRIGGERS = (
    ("stock_balance_insert", "INSERT", (_ADD_NEW,)),
    ("stock_balance_delete", "DELETE", (_TAKE_OLD, _DROP_EMPTY)),
    ("stock_balance_update", "UPDATE OF product_id, quantity", (_TAKE_OLD, _DROP_EMPTY, _ADD_NEW)),
)

# Each statement's change per product (sorted: two writers without the write lock, psql and a
# till, lock the balances they share in the same order), then the same rule as SQLite's.
_PG_FUNCTION = """
CREATE FUNCTION stock_balance_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
    changes BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(product_id ORDER BY product_id), array_agg(change ORDER BY product_id)
        INTO ids, changes
        FROM (SELECT product_id, sum(quantity)::BIGINT AS change FROM new_rows
              GROUP BY product_id) moved;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(product_id ORDER BY product_id), array_agg(change ORDER BY product_id)
        INTO ids, changes
        FROM (SELECT product_id, -sum(quantity)::BIGINT AS change FROM old_rows
              GROUP BY product_id) moved;
    ELSE
        SELECT array_agg(product_id ORDER BY product_id), array_agg(change ORDER BY product_id)
        INTO ids, changes
        FROM (SELECT product_id, sum(quantity)::BIGINT AS change FROM (
                  SELECT product_id, quantity FROM new_rows
                  UNION ALL SELECT product_id, -quantity FROM old_rows) both_sides
              GROUP BY product_id) moved;
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;  -- the statement moved no row
    END IF;
    IF current_setting('bazaar.balances_at_commit', true) = 'on' THEN
        INSERT INTO pg_temp.stock_balance_pending (product_id, quantity)
        SELECT * FROM unnest(ids, changes);
        RETURN NULL;
    END IF;
    INSERT INTO stock_balances (product_id, quantity) SELECT * FROM unnest(ids, changes)
    ON CONFLICT (product_id) DO UPDATE SET quantity = stock_balances.quantity + excluded.quantity;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM stock_balances b WHERE b.product_id = ANY (ids)
        AND NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.product_id = b.product_id);
    END IF;
    RETURN NULL;
END
$$
"""
# (name, event, transition tables): an UPDATE trigger with transition tables may not name
# columns, so it sees every update (a note changed moves nothing: a change of 0).
_PG_TRIGGERS = (
    ("stock_balance_insert", "INSERT", "NEW TABLE AS new_rows"),
    ("stock_balance_delete", "DELETE", "OLD TABLE AS old_rows"),
    ("stock_balance_update", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
)


def upgrade() -> None:
    op.create_table(
        "stock_balances",
        sa.Column("product_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_stock_balances_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_stock_balances")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for name, event, tables in _PG_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON stock_movements REFERENCING {tables} "
                "FOR EACH STATEMENT EXECUTE FUNCTION stock_balance_follow()"
            )
    else:
        for name, event, statements in _SQLITE_TRIGGERS:
            body = "".join(f"{statement}; " for statement in statements)
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON stock_movements BEGIN {body}END")
    op.execute(_BACKFILL)
    op.create_index("ix_products_institution_name", "products", ["institution_id", "name"])
    op.create_index("ix_products_category_name", "products", ["category", "name"])


def downgrade() -> None:
    op.drop_index("ix_products_category_name", table_name="products")
    op.drop_index("ix_products_institution_name", table_name="products")
    if op.get_bind().dialect.name == "postgresql":
        for name, _event, _tables in _PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON stock_movements")
        op.execute("DROP FUNCTION IF EXISTS stock_balance_follow()")
    else:
        for name, _event, _statements in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("stock_balances")
