"""Run the Alembic migrations that ship inside the package.

Start-up must be fast: when the database already carries :data:`HEAD_REVISION` we skip
importing Alembic at all. A test checks that this constant is the real head of the scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:  # Alembic is imported only when a migration has to run (fast start)
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD_REVISION = "0011_ledger_index"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_to_head(engine: Engine, before: Callable[[str], None] | None = None) -> bool:
    """Bring the schema to the head revision. Returns True if the database was empty before.

    ``before(revision)`` runs first when a database that holds data is about to be upgraded
    (the start-up's backup; db/ may not import the backup package itself). If it raises,
    nothing is migrated.
    """
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return False
    if revision is not None and before is not None:
        before(revision)
    from alembic import command

    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # Batch mode rebuilds a table (copy, DROP, rename) to alter it; with foreign keys
            # on, dropping a table that sales or products point at fails. SQLite only honours
            # this pragma outside a transaction, so it goes to the driver before BEGIN, and the
            # references are checked again before the upgrade commits.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke references: {broken[:5]}")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
                # A table rebuilt by batch mode (DROP, rename) took this connection's
                # temporary journal triggers with it: the pool must not hand it out again.
                conn.invalidate()
    return revision is None
