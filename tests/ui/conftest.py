"""Every screen test ends with the operations layer idle: an op a test started (a report
loading on activate) is cancelled if it can be and waited for, so that its result never lands
in the next test's widgets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from bazaar_pos.ui.operations import operations
from tests.ui.operations_support import finish_operations


@pytest.fixture(autouse=True)
def operations_idle_after_each_test(qtbot: QtBot) -> Iterator[None]:
    # Set up after qtbot, so torn down before it closes the test's widgets.
    yield
    operations().cancel_all()
    finish_operations(qtbot)
