"""Where the till keeps its data: the user data folder (platformdirs) unless told otherwise."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "bazaar-pos"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def assets_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "assets"


def receipts_dir(data_dir: Path) -> Path:
    return data_dir / "receipts"


def database_path(data_dir: Path) -> Path:
    return data_dir / "bazaar.sqlite3"


def backups_dir(data_dir: Path) -> Path:
    """The automatic and manual backups of the database (``bazaar_pos.backup``)."""
    return data_dir / "backups"


def replaced_dir(data_dir: Path) -> Path:
    """Where a restore keeps the database file it replaced (never deleted by the app)."""
    return data_dir / "replaced"
