"""Persistence: SQLAlchemy 2.0 typed models, engine/session setup and Alembic migrations.

``Database`` is imported on first use: a process that walks the journal
(:mod:`bazaar_pos.db.journal_scan`) imports only the standard library, not SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bazaar_pos.db.engine import Database

__all__ = ["Database"]


def __getattr__(name: str) -> Any:
    if name == "Database":
        from bazaar_pos.db.engine import Database

        return Database
    raise AttributeError(name)
