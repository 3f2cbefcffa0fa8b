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


# PostgreSQL has no temporary triggers (SQLite's way, db/journal.py: each app connection lists
# the chained records it writes): stored triggers list them instead, in the writing session's
# temporary table journal_new, and only when that session has one (the app's connections make
# it; psql has none, so what is written there is never sealed: verify names it). The same
# (trigger, event, table, condition, chain kind) as journal.TRIGGERS, frozen here.
_PG_TRIGGERS = (
    ("journal_sale", "INSERT", "sales", "", "sale"),
    ("journal_refund", "INSERT", "refunds", "", "refund"),
    ("journal_shift_closed", "INSERT", "shifts", "NEW.status = 'closed'", "shift_close"),
    (
        "journal_shift_close",
        "UPDATE OF status",
        "shifts",
        "NEW.status = 'closed' AND OLD.status <> 'closed'",
        "shift_close",
    ),
    ("journal_cash_movement", "INSERT", "cash_movements", "", "cash_movement"),
    (
        "journal_movement",
        "INSERT",
        "stock_movements",
        "NEW.sale_line_id IS NULL AND NEW.refund_line_id IS NULL "
        "AND NEW.count_session_id IS NULL AND NEW.handover_id IS NULL",
        "movement",
    ),
    ("journal_count_posted", "INSERT", "count_sessions", "NEW.status = 'posted'", "count_post"),
    (
        "journal_count_post",
        "UPDATE OF status",
        "count_sessions",
        "NEW.status = 'posted' AND OLD.status <> 'posted'",
        "count_post",
    ),
    ("journal_handover", "INSERT", "handovers", "", "handover"),
    ("journal_audit", "INSERT", "audit_log", "", "audit"),
)
_PG_LIST_FUNCTION = """
CREATE FUNCTION journal_list() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.journal_new') IS NOT NULL THEN
        INSERT INTO pg_temp.journal_new (kind, record_uuid) VALUES (TG_ARGV[0], NEW.uuid);
    END IF;
    RETURN NULL;
END
$$
"""


def _create_postgresql_triggers() -> None:
    op.execute(_PG_LIST_FUNCTION)
    for name, event, table, condition, kind in _PG_TRIGGERS:
        when = f"WHEN ({condition}) " if condition else ""
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}"
            f"EXECUTE FUNCTION journal_list('{kind}')"
        )


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
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, _event, table, _condition, _kind in _PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS journal_list()")
    op.drop_index(op.f("ix_stock_movements_sale_line_id"), table_name="stock_movements")
    op.drop_table("journal_pending")
