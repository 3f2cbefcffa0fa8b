"""Search as the cashier types, off the GUI thread: the scan field never waits for a search.

A search is a few milliseconds at 100,000 products, but the first one after a catalog change
rebuilds the search index (about half a second there), and a database that stalls (a busy
server, a locked file) stalls its reader. On the GUI thread either would hold the next scan's
Enter. Here searches run one at a time on the runner's own thread, each on its own connection
(a read session of the services); only the answer to the newest request is delivered, in the
GUI thread, and a request overtaken by a newer one before it started is never run.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from bazaar_pos.catalog import search
from bazaar_pos.catalog.lookup import search_products
from bazaar_pos.db import Database

log = logging.getLogger(__name__)

# Closing waits this long for the search running then (a few milliseconds, an index build
# half a second at 100,000 products); one stuck on a server that stopped answering is left to
# end on its own, kept here so that nothing it uses is deleted under it.
STOP_WAIT_MS = 2000
_LEFT_RUNNING: list[tuple[QThread, QObject]] = []


class _Latest:
    """The newest request's number, read by the worker thread (an int: no lock needed)."""

    def __init__(self) -> None:
        self.number = 0


class _Worker(QObject):
    done = Signal(int, str, object, object)  # request, text, results, error

    def __init__(self, db: Database, latest: _Latest) -> None:
        super().__init__()
        self.db = db
        self.latest = latest

    @Slot(int, str)
    def run(self, request: int, text: str) -> None:
        if request != self.latest.number:
            return  # overtaken while it waited: the newer text is searched instead
        try:
            results = search_products(self.db, text)
        except Exception as error:  # delivered to the GUI thread, which says it in words
            self.done.emit(request, text, [], error)
            return
        self.done.emit(request, text, results, None)

    @Slot()
    def prepare(self) -> None:
        try:
            search.prepare(self.db)
        except Exception:  # only a head start: the first search builds it again and says why
            log.debug("search index not prepared", exc_info=True)


class BackgroundSearch(QObject):
    """``search(text)`` in the background; ``found(text, results)`` or ``failed(text, error)``
    for the newest request only. ``cancel()`` drops the answer of any request made so far."""

    found = Signal(str, object)  # text, list[ProductInfo]
    failed = Signal(str, object)  # text, Exception
    _request = Signal(int, str)
    _prepare = Signal()

    def __init__(
        self, db: Database, parent: QObject | None = None, *, prepare_after_ms: int | None = None
    ) -> None:
        """``prepare_after_ms``: build the search index that long after now (not at once: a
        start that only opens the window and closes it builds nothing)."""
        super().__init__(parent)
        self._latest = _Latest()
        self._pending = False
        # A child: Qt deletes it after ``destroyed`` (below) stopped it, never Python's
        # garbage collector while it still runs.
        thread = QThread(self)
        thread.setObjectName("product-search")
        worker = _Worker(db, self._latest)
        worker.moveToThread(thread)
        self._request.connect(worker.run, Qt.ConnectionType.QueuedConnection)
        self._prepare.connect(worker.prepare, Qt.ConnectionType.QueuedConnection)
        worker.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        thread.start()
        self._thread, self._worker = thread, worker  # kept with this object
        # The thread must end before Qt deletes this object (a running QThread destroyed
        # aborts the process).
        self.destroyed.connect(lambda: _stop(thread, worker))
        if prepare_after_ms is not None:
            QTimer.singleShot(prepare_after_ms, self, self._prepare.emit)

    def search(self, text: str) -> None:
        self._latest.number += 1
        self._pending = True
        self._request.emit(self._latest.number, text)

    def cancel(self) -> None:
        self._latest.number += 1
        self._pending = False

    def pending(self) -> bool:
        """A search was asked for and neither answered nor cancelled yet."""
        return self._pending

    @Slot(int, str, object, object)
    def _deliver(self, request: int, text: str, results: object, error: object) -> None:
        if request != self._latest.number:
            return
        self._pending = False
        if isinstance(error, Exception):
            self.failed.emit(text, error)
        else:
            self.found.emit(text, results)


def _stop(thread: QThread, worker: QObject) -> None:
    if not thread.isRunning():
        return
    thread.quit()
    if not thread.wait(STOP_WAIT_MS):
        thread.setParent(None)  # not deleted with its parent while it runs
        _LEFT_RUNNING.append((thread, worker))
