"""Run the Alembic migrations that ship inside the package.

Start-up must be fast: when the database already carries :data:`HEAD_REVISION` we skip
importing Alembic at all. A test checks that this constant is the real head of the scripts.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD_REVISION = "0001_initial"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config() -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_to_head(engine: Engine) -> bool:
    """Bring the schema to the head revision. Returns True if the database was empty before."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return False
    from alembic import command
    from alembic.config import Config

    config = alembic_config()
    assert isinstance(config, Config)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return revision is None
