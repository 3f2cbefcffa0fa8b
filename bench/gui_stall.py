"""How long the GUI thread ever waited: a timer that should fire every few milliseconds, and
the longest gap between two of its ticks (the window's longest freeze meanwhile)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

TICK_MS = 5


class StallProbe:
    """``start()``, let the event loop run, ``stop()``; then :attr:`longest_ms`."""

    def __init__(self, tick_ms: int = TICK_MS) -> None:
        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def longest_ms(self) -> float:
        return max(self.gaps, default=0.0)
