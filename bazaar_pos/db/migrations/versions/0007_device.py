"""receipts, refunds and Z numbers unique per device (till id), not per till code

Two laptops set up with the same till code print the same receipt numbers; both sales are
real and must merge. Sales, refunds and shifts get the device that wrote them
(``till_keys.till_id``) and their numbers are unique per code *and device*.

Existing rows get their device from their journal link (a record merged from another till
arrives with that till's link); a record without one (an open shift, a record from before the
journal, sealed at the next start as this till's) is this database's own. A shift without a
link takes the device of its sales. A database that has records but no identity yet (upgraded
from before the journal) gets its identity now, as its first start would make it.

Written with ``op.*`` and portable SQL: it runs on SQLite (batch mode rebuilds the tables) and
on PostgreSQL.

Revision ID: 0007_device
Revises: 0006_journal
Create Date: 2026-12-07 11:20:00.000000
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0007_device"
down_revision = "0006_journal"
branch_labels = None
depends_on = None

_KEYS = sa.table(
    "till_keys",
    sa.column("till_id", sa.String),
    sa.column("public_key", sa.String),
    sa.column("private_key", sa.String),
    sa.column("own", sa.Boolean),
    sa.column("till_code", sa.String),
    sa.column("created_at", sa.DateTime),
)
_OPEN = "status = 'open'"


def _own_till_id(bind: sa.Connection) -> str:
    """This database's device id; made now (as :mod:`bazaar_pos.db.identity` would at the
    first seal or export) when records need it and there is none yet."""
    own = bind.execute(sa.select(_KEYS.c.till_id).where(_KEYS.c.own == sa.true())).scalar()
    if own is not None:
        return str(own)
    has_records = any(
        bind.execute(sa.text(f"SELECT 1 FROM {name} LIMIT 1")).first() is not None
        for name in ("sales", "refunds", "shifts")
    )
    if not has_records:
        return ""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    code = bind.execute(sa.text("SELECT value FROM settings WHERE key = 'till_code'")).scalar()
    till_id = str(uuid.uuid4())
    bind.execute(
        sa.insert(_KEYS).values(
            till_id=till_id,
            public_key=base64.b64encode(public).decode("ascii"),
            private_key=base64.b64encode(private.private_bytes_raw()).decode("ascii"),
            own=True,
            till_code=str(code or "")[:12],
            # naive UTC, as the models store it
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
    )
    return till_id


def _linked(kind: str, table: str) -> str:
    return (
        f"(SELECT j.till_id FROM journal_links j WHERE j.kind = '{kind}' "
        f"AND j.record_uuid = {table}.uuid)"
    )


def upgrade() -> None:
    for table in ("sales", "refunds", "shifts"):
        op.add_column(
            table, sa.Column("till_id", sa.String(length=36), server_default="", nullable=False)
        )
    bind = op.get_bind()
    own = _own_till_id(bind)
    fill = {
        "sales": f"COALESCE({_linked('sale', 'sales')}, :own)",
        "refunds": f"COALESCE({_linked('refund', 'refunds')}, :own)",
        "shifts": (
            f"COALESCE({_linked('shift_close', 'shifts')}, (SELECT max(s.till_id) FROM sales s "
            "WHERE s.shift_id = shifts.id AND s.till_id <> ''), :own)"
        ),
    }
    for table in ("sales", "refunds", "shifts"):  # sales first: shifts read them
        bind.execute(sa.text(f"UPDATE {table} SET till_id = {fill[table]}"), {"own": own})

    op.execute("DROP INDEX IF EXISTS uq_shifts_open_per_till")
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.drop_constraint("uq_sales_receipt_no", type_="unique")
        batch_op.drop_constraint("uq_sales_till_code", type_="unique")
        batch_op.create_unique_constraint(
            "uq_sales_till_code", ["till_code", "receipt_number", "till_id"]
        )
        batch_op.create_unique_constraint("uq_sales_receipt_no", ["receipt_no", "till_id"])
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_constraint("uq_refunds_refund_no", type_="unique")
        batch_op.drop_constraint("uq_refunds_till_code", type_="unique")
        batch_op.create_unique_constraint(
            "uq_refunds_till_code", ["till_code", "number", "till_id"]
        )
        batch_op.create_unique_constraint("uq_refunds_refund_no", ["refund_no", "till_id"])
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_shifts_till_code", type_="unique")
        batch_op.create_unique_constraint(
            "uq_shifts_till_code", ["till_code", "z_number", "till_id"]
        )
        batch_op.create_index(
            "uq_shifts_open_per_till",
            ["till_code", "till_id"],
            unique=True,
            sqlite_where=sa.text(_OPEN),
            postgresql_where=sa.text(_OPEN),
        )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS uq_shifts_open_per_till")
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_shifts_till_code", type_="unique")
        batch_op.create_unique_constraint("uq_shifts_till_code", ["till_code", "z_number"])
        batch_op.drop_column("till_id")
        batch_op.create_index(
            "uq_shifts_open_per_till",
            ["till_code"],
            unique=True,
            sqlite_where=sa.text(_OPEN),
            postgresql_where=sa.text(_OPEN),
        )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_constraint("uq_refunds_refund_no", type_="unique")
        batch_op.drop_constraint("uq_refunds_till_code", type_="unique")
        batch_op.create_unique_constraint("uq_refunds_till_code", ["till_code", "number"])
        batch_op.create_unique_constraint("uq_refunds_refund_no", ["refund_no"])
        batch_op.drop_column("till_id")
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.drop_constraint("uq_sales_receipt_no", type_="unique")
        batch_op.drop_constraint("uq_sales_till_code", type_="unique")
        batch_op.create_unique_constraint("uq_sales_till_code", ["till_code", "receipt_number"])
        batch_op.create_unique_constraint("uq_sales_receipt_no", ["receipt_no"])
        batch_op.drop_column("till_id")
