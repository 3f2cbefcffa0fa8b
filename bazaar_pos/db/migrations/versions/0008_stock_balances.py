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

PostgreSQL's trigger is a constraint trigger, immediate by default (a balance read after a
movement in the same transaction sees it, as on SQLite); a long job (a merge, a catalog
import: minutes in one transaction, without the write lock) defers it to its commit, which
holds the write lock (``Database.long_write``): an immediate one would lock the balances of
the products it moves for minutes, under tills selling them.

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

_PG_FUNCTION = f"""
CREATE FUNCTION stock_balance_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_TAKE_OLD};
        {_DROP_EMPTY};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_ADD_NEW};
    END IF;
    RETURN NULL;
END
$$
"""
_PG_TRIGGER = (
    "CREATE CONSTRAINT TRIGGER stock_balance_follow "
    "AFTER INSERT OR DELETE OR UPDATE OF product_id, quantity ON stock_movements "
    "DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION stock_balance_follow()"
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
        op.execute(_PG_TRIGGER)
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
        op.execute("DROP TRIGGER IF EXISTS stock_balance_follow ON stock_movements")
        op.execute("DROP FUNCTION IF EXISTS stock_balance_follow()")
    else:
        for name, _event, _statements in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("stock_balances")
