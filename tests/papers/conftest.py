"""Fixtures of the paper tests."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest


@pytest.fixture
def wita() -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    mp.setenv("TZ", "Asia/Makassar")
    time.tzset()
    try:
        yield
    finally:
        mp.undo()
        time.tzset()
