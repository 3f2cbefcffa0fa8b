"""the tamper-evident journal: the records from before it, to be chained once

Revision ID: 0006_journal
Revises: 0005_accountability
Create Date: 2026-12-07 02:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_journal"
down_revision = "0005_accountability"
branch_labels = None
depends_on = None

# Records from before the journal, oldest first: chained once at the first start.
EXISTING = """
INSERT INTO journal_pending (kind, record_uuid, at_upgrade)
SELECT kind, uuid, TRUE FROM (
    SELECT created_at AS at, 'sale' AS kind, uuid, id FROM sales
    UNION ALL SELECT created_at, 'refund', uuid, id FROM refunds
    UNION ALL SELECT closed_at, 'shift_close', uuid, id FROM shifts WHERE status = 'closed'
    UNION ALL SELECT created_at, 'cash_movement', uuid, id FROM cash_movements
    UNION ALL SELECT created_at, 'movement', uuid, id FROM stock_movements
        WHERE sale_line_id IS NULL AND refund_line_id IS NULL
        AND count_session_id IS NULL AND handover_id IS NULL
    UNION ALL SELECT posted_at, 'count_post', uuid, id FROM count_sessions
        WHERE status = 'posted'
    UNION ALL SELECT created_at, 'handover', uuid, id FROM handovers
    UNION ALL SELECT created_at, 'audit', uuid, id FROM audit_log
) AS existing ORDER BY at, kind, id
"""


def upgrade() -> None:
    op.create_table(
        "journal_pending",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_uuid", sa.String(length=36), nullable=False),
        sa.Column("at_upgrade", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_pending")),
    )
    op.create_index(
        op.f("ix_stock_movements_sale_line_id"), "stock_movements", ["sale_line_id"], unique=False
    )
    # New records are listed by each app connection's temporary triggers (db/journal.py).
    op.execute(EXISTING)


def downgrade() -> None:
    op.drop_index(op.f("ix_stock_movements_sale_line_id"), table_name="stock_movements")
    op.drop_table("journal_pending")
