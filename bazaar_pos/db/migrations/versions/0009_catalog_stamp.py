"""catalog stamp: one row that changes whenever a product's searchable text changes

Search as you type answers from an in-memory index of the catalog (``catalog.search``). The
index must never answer from an old catalog, whoever changed it: this app, another till on the
same file or server, a merge, the sqlite3 shell or psql. A trigger on ``products`` gives the
one row of ``catalog_stamp`` a new random value in the same transaction as the change; a
search reads the stamp in its own snapshot and rebuilds the index when it differs.

Only what the indexes hold is watched (insert, delete, and an update of the name, SKU,
barcode, active flag, institution or category: the products screen's index filters by it too):
a price, unit or stock change does not make the tills rebuild.

The row is made by the first change of a catalog (a new database has no rows at all, as
before this migration; a search without a stamp builds its index each time, from an empty or
tiny catalog). A random value, not a counter: two different catalogs never share a stamp,
even after a backup is restored under a running app and edited again (a counter would repeat
its old values).

SQLite fires the trigger for each row (a bulk import of 100,000 products writes the one row
100,000 times: measured in bench/search_bench.py). PostgreSQL gives the row its new value once
per transaction, at its commit (a deferred constraint trigger, queued only for the first
changed row of the transaction): a long merge holds no lock on the stamp while it works, and
two writers never wait on each other for it before their commit.

Revision ID: 0009_catalog_stamp
Revises: 0008_stock_balances
Create Date: 2026-12-07 15:30:00.000000
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0009_catalog_stamp"
down_revision = "0008_stock_balances"
branch_labels = None
depends_on = None

# The columns of products that the search indexes read (catalog.search: the till's search,
# and the products screen's filter, which also filters by category).
_WATCHED = "name, sku, barcode, active, institution_id, category"
_EVENTS = f"INSERT OR DELETE OR UPDATE OF {_WATCHED}"

_SQLITE_TRIGGERS = (
    ("catalog_stamp_insert", "INSERT"),
    ("catalog_stamp_delete", "DELETE"),
    ("catalog_stamp_update", f"UPDATE OF {_WATCHED}"),
)
# The row is made by the first change (an empty database has no rows at all, as before).
_SQLITE_RENEW = (
    "INSERT INTO catalog_stamp (id, stamp) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp"
)

# Queued once per transaction: the WHEN clause of a constraint trigger runs when the row
# changes (not at the commit), and marks the transaction in a transaction-local setting, so
# the next rows of the same transaction queue nothing (a rolled-back savepoint forgets both).
_PG_MARK = "bazaar.catalog_stamp_queued"
_PG_FUNCTION = """
CREATE FUNCTION catalog_stamp_renew() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_stamp (id, stamp) VALUES (1, (random() * 9.2e18)::bigint)
    ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp;
    RETURN NULL;
END
$$
"""
_PG_TRIGGER = (
    f"CREATE CONSTRAINT TRIGGER catalog_stamp_renew AFTER {_EVENTS} ON products "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
    f"WHEN (current_setting('{_PG_MARK}', true) IS DISTINCT FROM 'on' "
    f"AND set_config('{_PG_MARK}', 'on', true) = 'on') "
    "EXECUTE FUNCTION catalog_stamp_renew()"
)


def upgrade() -> None:
    op.create_table(
        "catalog_stamp",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_stamp")),
    )
    # A catalog made before this migration gets its stamp now; an empty one at its first product.
    op.execute(
        sa.text(
            "INSERT INTO catalog_stamp (id, stamp) SELECT 1, :stamp "
            "WHERE EXISTS (SELECT 1 FROM products)"
        ).bindparams(stamp=secrets.randbits(63))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    else:
        for name, event in _SQLITE_TRIGGERS:
            body = f"BEGIN {_SQLITE_RENEW}; END"
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON products {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS catalog_stamp_renew ON products")
        op.execute("DROP FUNCTION IF EXISTS catalog_stamp_renew()")
    else:
        for name, _event in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("catalog_stamp")
