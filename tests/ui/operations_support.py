"""Waiting for the operations layer in the screens' tests: on a condition (every op ended and
its success or failure ran), never on a fixed sleep."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from bazaar_pos.ui.operations import operations

# A merge of a few thousand rows on a busy 2-core machine: generous, only a ceiling.
TIMEOUT_MS = 120_000


def finish_operations(qtbot: QtBot, timeout: int = TIMEOUT_MS) -> None:
    """Until nothing runs, waits or is being delivered on the app's runner."""
    runner = operations()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=timeout)
