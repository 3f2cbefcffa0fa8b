"""sync keys and export log

Every record that travels in an export gets a UUID key: ids differ from one database to the
next, so a merge can only recognise a record it has seen before by a key made where the record
was made. Existing rows get a random (version 4) UUID here.

Revision ID: 0004_sync
Revises: 0003_people_and_money
Create Date: 2026-11-24 10:38:04.647578
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_sync"
down_revision = "0003_people_and_money"
branch_labels = None
depends_on = None

KEYED_TABLES = (
    "institutions",
    "workshops",
    "products",
    "sale_lines",
    "payments",
    "count_lines",
    "cash_count_lines",
    "refund_lines",
)

# A version 4 UUID made by the database itself, so that a till with 200k sale lines upgrades in
# one statement per table instead of one round trip per row (PostgreSQL 13+ has its own).
_RANDOM_UUID_SQL = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || "
    "'-' || lower(hex(randomblob(6)))"
)


def upgrade() -> None:
    op.create_table(
        "sync_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("till_code", sa.String(length=12), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("exported_by", sa.String(length=120), nullable=False),
        sa.Column("watermarks", sa.Text(), nullable=False),
        sa.Column("row_counts", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_exports")),
        sa.UniqueConstraint("till_code", "sequence", name=op.f("uq_sync_exports_till_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_sync_exports_uuid")),
    )
    op.create_table(
        "sync_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("export_uuid", sa.String(length=36), nullable=False),
        sa.Column("till_code", sa.String(length=12), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=120), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_already_present", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_imports")),
        sa.UniqueConstraint("export_uuid", name=op.f("uq_sync_imports_export_uuid")),
    )
    for table in KEYED_TABLES:
        op.add_column(table, sa.Column("uuid", sa.String(length=36), nullable=True))
        postgresql = op.get_bind().dialect.name == "postgresql"
        random_uuid = "gen_random_uuid()::text" if postgresql else _RANDOM_UUID_SQL
        op.execute(f"UPDATE {table} SET uuid = {random_uuid}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("uuid", existing_type=sa.String(length=36), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_uuid"), ["uuid"])


def downgrade() -> None:
    for table in reversed(KEYED_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_uuid"), type_="unique")
            batch_op.drop_column("uuid")
    op.drop_table("sync_imports")
    op.drop_table("sync_exports")
