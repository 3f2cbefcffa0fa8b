"""Alembic environment: always run with a connection handed in by ``upgrade_to_head``."""

from __future__ import annotations

from alembic import context

from bazaar_pos.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a bare `alembic` call
    raise RuntimeError("run migrations through bazaar_pos.db.migrate.upgrade_to_head()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
)
with context.begin_transaction():
    context.run_migrations()
