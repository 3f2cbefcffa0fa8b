"""Shared fixtures: a fresh till on its own SQLite file, seeded with the demo event."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bazaar_pos.db import Database
from bazaar_pos.till import Till, open_till


@pytest.fixture
def till(tmp_path: Path) -> Iterator[Till]:
    """A till as on first start: migrated database, *Bazar HBP ke-62*, ~30 products in stock."""
    opened = open_till(tmp_path / "data", seed_demo=True)
    yield opened
    opened.db.dispose()


@pytest.fixture
def db(till: Till) -> Database:
    return till.db
