"""Long work off the GUI thread: one function run in a ``QThread``, its result (or the error it
raised) delivered by a signal in the GUI thread.

A backup reads every page of the database and a check reads every page of the copy: a second
or more on a big till, far over what the GUI thread may spend (~200 ms). The function must
not touch Qt widgets or the window's ``Database`` sessions: it gets plain values.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal


class BackgroundJob(QThread):
    """Runs ``work()`` once; ``done`` carries its return value or the exception it raised."""

    done = Signal(object)

    def __init__(self, work: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work

    def run(self) -> None:
        try:
            result: object = self.work()
        except Exception as error:  # delivered to the GUI thread, which says it in words
            result = error
        self.done.emit(result)
