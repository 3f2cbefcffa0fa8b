"""Persistence: SQLAlchemy 2.0 typed models, engine/session setup and Alembic migrations."""

from bazaar_pos.db.engine import Database

__all__ = ["Database"]
