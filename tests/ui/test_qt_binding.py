"""The Qt binding must not leak references to Python's singletons.

PySide6 6.12.0 on Python 3.11 took one reference away from ``None`` on every void Qt call
(``setText``, ``processEvents`` …) and from ``True`` on every ``Signal.emit``; after a few
thousand scans the till died with "Fatal Python error: none_dealloc". pyproject.toml keeps
PySide6 below 6.12; this test fails fast if an upgrade brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    happened = Signal(str)


def test_void_calls_and_signals_keep_none_and_true_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    emitter.happened.connect(lambda _text: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        label.setText("Talenan kayu jati: 5")
        emitter.happened.emit("scan")
    # A few references may come and go elsewhere; the bug lost 2,000 of each.
    assert sys.getrefcount(None) - none_before > -100
    assert sys.getrefcount(True) - true_before > -100
