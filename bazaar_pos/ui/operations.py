"""Long work off the GUI thread: the one layer every job that can take more than ~200 ms goes
through (merging exports, an export, a catalog import, the reports and their PDFs, backups).

The rule, and why: the GUI thread only draws and answers keys. A till must keep scanning and
paying while the back office merges an export for a minute, so a screen never calls such a job
itself; it hands an :class:`Op` to :func:`run`:

- ``work(progress)`` runs on a worker thread of the layer's own pool. It takes plain values
  (captured when the op is made) and calls one core service, which opens its own sessions
  (``db.read()`` / ``db.write()``): each thread gets its own connection from the
  ``Database``'s pool, and SQLite writes begin with ``BEGIN IMMEDIATE``, so the cashier's sale
  and a merge's batch take turns at the write lock. ``work`` never touches a widget.
- ``progress(done, total)`` is the core's own callback (the merge's, the export's, the
  catalog import's). Each call is relayed to the GUI thread by a signal, coalesced: while one
  report waits to be shown, newer ones only replace its figures (never a queue of repaints,
  never a last report lost before a long batch). It answers False once the user pressed
  "Batal" on a cancellable op, which the core checks between two batches (and undoes what it
  wrote).
- Then ``success(result)`` or ``failure(error)`` runs on the GUI thread. A failure the user can
  act on (a :class:`PosError`, an ``OSError``, a database fault) is said in words by
  ``failure`` (by default in the status bar, with ``describe_error``); anything else is a bug:
  it goes to the app's one handler of errors nobody caught (``logs.handle_unexpected``: the
  log, then the dialog), and to ``failure`` too, so the screen can reset itself.
- One op of a kind at a time: a second merge while one runs is refused (said in the status
  bar); a report asked for again while one loads runs after it, the newest request winning
  (:attr:`Busy.LATEST`).

Nothing pumps the event loop by hand (``QCoreApplication.processEvents``): nothing long runs
on the GUI thread, so nothing has to. :class:`OperationsBar` is the status bar's part that
shows what runs, how far it is, and "Batal"; it is not modal, the till sells meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from bazaar_pos import logs
from bazaar_pos.db.faults import database_fault
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_number
from bazaar_pos.ui.table_view import ERROR, WARNING

T = TypeVar("T")

Progress = Callable[[int, int], bool]
"""What ``work`` gets: ``progress(done, total)``; False once the user asked to stop."""

# An op shows in the status bar only once it has run this long: a report that loads in 50 ms
# does not flash a bar.
SHOW_AFTER_MS = 300
# Worker threads: a merge, an export, a report and a backup may run at once; more would only
# take turns at the two cores and the one write lock.
MAX_THREADS = 4


class Busy(Enum):
    """What :func:`run` does with an op whose kind is running already."""

    REFUSE = "refuse"  # said in the status bar, not run (a second merge, a second export)
    LATEST = "latest"  # run when the running one ends; a newer one replaces it (reports)


@dataclass(frozen=True)
class Op(Generic[T]):
    """One job: ``work`` on a worker thread, then ``success`` or ``failure`` on the GUI's."""

    kind: str  # one op of a kind at a time ("merge", "sales_report" …)
    title: str  # what the status bar shows while it runs ("" : nothing shown)
    work: Callable[[Progress], T]  # plain values in, plain result out; no widget, no Session
    success: Callable[[T], None]
    failure: Callable[[Exception], None] | None = None  # None: said in the status bar
    cancellable: bool = False  # the core honours progress() answering False
    when_busy: Busy = Busy.REFUSE


def told_in_words(error: Exception) -> bool:
    """Is ``error`` one the user is told in a sentence (refused, cancelled, a full disk …),
    rather than a bug for the log and the error dialog?"""
    return isinstance(error, PosError | OSError) or database_fault(error) is not None


class Running(QObject):
    """One op on its way. ``progressed`` and ``ended`` arrive on the GUI thread."""

    progressed = Signal(int, int)  # done, total
    ended = Signal(bool)  # after success (True) or failure (False) ran
    # Emitted on the worker thread; this object lives on the GUI thread, so Qt queues them.
    reported = Signal()
    returned = Signal(object, object)  # result, error

    def __init__(self, op: Op[Any], runner: Operations) -> None:
        super().__init__(runner)
        self.op = op
        self.runner = runner
        self.done = 0
        self.total = 0
        self.stop = threading.Event()
        # The newest report, and whether a signal carrying it is on its way to the GUI
        # thread (written by the worker, read by the GUI: single assignments under the GIL).
        self.latest = (0, 0)
        self.report_queued = False
        self.reported.connect(self.show_progress)
        self.returned.connect(self.deliver)

    @property
    def kind(self) -> str:
        return self.op.kind

    def cancel(self) -> None:
        """Ask the work to stop (a cancellable op only): seen at its next ``progress``."""
        if self.op.cancellable:
            self.stop.set()

    def cancelling(self) -> bool:
        return self.stop.is_set()

    # --- on the worker thread ----------------------------------------------------------------
    def work_here(self) -> None:
        try:
            result = self.op.work(self.progress)
        except Exception as error:  # said on the GUI thread, in words or as a bug
            self.returned.emit(None, error)
        else:
            self.returned.emit(result, None)

    def progress(self, done: int, total: int) -> bool:
        self.latest = (done, total)  # before the flag is read: a queued report shows it
        if not self.report_queued:
            self.report_queued = True
            self.reported.emit()
        return not self.stop.is_set()

    # --- on the GUI thread -------------------------------------------------------------------
    def show_progress(self) -> None:
        self.report_queued = False  # before reading: a newer report now sends a new signal
        self.done, self.total = self.latest
        self.progressed.emit(self.done, self.total)

    def deliver(self, result: object, error: object) -> None:
        self.runner.deliver(self, result, error if isinstance(error, Exception) else None)

    def let_go(self) -> None:
        """On the GUI thread, once delivered: drop the op's callbacks. The worker may still
        hold this object a moment after its last signal, and what it lets go last is freed
        on its thread: a screen kept alive only by its ``success`` would be deleted there
        (Qt then stops the screen's timers from the wrong thread, and the process crashes)."""
        self.op = Op(self.op.kind, self.op.title, _no_work, _no_result)


def _no_work(_progress: Progress) -> None:
    return None


def _no_result(_result: object) -> None:
    return None


class _Task(QRunnable):
    """The pool's handle on one op (the op's ``Running`` does the work)."""

    def __init__(self, running: Running) -> None:
        super().__init__()
        self.running = running

    def run(self) -> None:
        self.running.work_here()


class Operations(QObject):
    """The app's one runner: its pool, what runs (one per kind), what waits (per kind)."""

    started = Signal(object)  # Running
    ended = Signal(object)  # Running, after its success or failure ran
    statusMessage = Signal(str, str)  # text, level: a refusal, a failure nobody else said

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(MAX_THREADS)
        self.running: dict[str, Running] = {}
        self.waiting: dict[str, Op[Any]] = {}
        self.delivering = 0

    def run(self, op: Op[T]) -> Running | None:
        """Start ``op`` on a worker thread; None when it is refused or waits its turn."""
        if op.kind in self.running:
            if op.when_busy is Busy.LATEST:
                self.waiting[op.kind] = op
                return None
            self.statusMessage.emit(
                QCoreApplication.translate(
                    "Operations", "{title} masih berjalan: tunggu sampai selesai."
                ).format(title=self.running[op.kind].op.title or op.title),
                WARNING,
            )
            return None
        running = Running(op, self)
        self.running[op.kind] = running
        self.started.emit(running)
        self.pool.start(_Task(running))  # the pool owns the task and deletes it after run()
        return running

    def deliver(self, running: Running, result: object, error: Exception | None) -> None:
        """The work returned: success or failure on this (the GUI) thread, then the next op
        of its kind if one waits. The op is off the list first, so its callback may start
        another of the same kind (a backup's list after the backup)."""
        self.running.pop(running.kind, None)
        self.delivering += 1
        try:
            if error is None:
                running.op.success(result)
            else:
                self.fail(running.op, error)
        finally:
            self.delivering -= 1
            running.ended.emit(error is None)
            self.ended.emit(running)
            running.let_go()
            running.deleteLater()
            waiting = self.waiting.pop(running.kind, None)
            if waiting is not None:
                self.run(waiting)

    def fail(self, op: Op[Any], error: Exception) -> None:
        if not told_in_words(error):
            logs.handle_unexpected(type(error), error, error.__traceback__)
        if op.failure is not None:
            op.failure(error)
        else:
            # Here, not at the top: the start window opens the till on this layer before
            # SQLAlchemy, which the sentences' module loads, is imported.
            from bazaar_pos.ui.messages import describe_error

            self.statusMessage.emit(describe_error(error), ERROR)

    def busy(self) -> bool:
        """Something runs, waits, or is being delivered."""
        return bool(self.running or self.waiting or self.delivering)

    def titles(self) -> list[str]:
        return [running.op.title for running in self.running.values() if running.op.title]

    def cancel_all(self) -> None:
        """Nothing waiting starts; every cancellable op is asked to stop."""
        self.waiting.clear()
        for running in self.running.values():
            running.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the workers are done (closing the app: nothing left to keep
        responsive). Their results are delivered by the next turn of the event loop."""
        return bool(self.pool.waitForDone(msecs))


_runner: Operations | None = None


def operations() -> Operations:
    """The app's one runner (made with the application, lives as long)."""
    global _runner
    if _runner is None:
        _runner = Operations(QCoreApplication.instance())
    return _runner


def run(op: Op[T]) -> Running | None:
    """Run ``op`` on the app's runner (see :class:`Operations.run`)."""
    return operations().run(op)


# --- what the user sees -------------------------------------------------------------------------
class OperationEntry(QWidget):
    """One running op in the status bar: what, how far, and "Batal" if it can stop."""

    def __init__(self, running: Running, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.running = running
        self.label = QLabel(running.op.title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first report
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Batal"))
        self.cancel_button.setObjectName("operationCancel")
        self.cancel_button.setVisible(running.op.cancellable)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        running.progressed.connect(self.show_progress)
        self.hide()
        QTimer.singleShot(SHOW_AFTER_MS, self, self.show)

    def show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        if self.running.cancelling():
            return  # "Membatalkan…" stays until the op has ended
        self.label.setText(
            self.tr("{title}: {done} dari {total}").format(
                title=self.running.op.title,
                done=format_number(done),
                total=format_number(total),
            )
        )

    def cancel(self) -> None:
        self.running.cancel()
        self.cancel_button.setEnabled(False)
        # Undoing what a merge wrote takes a while too: say so until it has ended.
        self.label.setText(self.tr("{title}: membatalkan…").format(title=self.running.op.title))


class OperationsBar(QWidget):
    """The status bar's part: one :class:`OperationEntry` per running op with a title."""

    def __init__(self, runner: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: dict[Running, OperationEntry] = {}
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        runner.started.connect(self.add)
        runner.ended.connect(self.remove)

    def add(self, running: Running) -> None:
        if not running.op.title:
            return
        entry = OperationEntry(running, self)
        self.entries[running] = entry
        self.row.addWidget(entry)

    def remove(self, running: Running) -> None:
        entry = self.entries.pop(running, None)
        if entry is not None:
            entry.hide()
            entry.deleteLater()

    def entry(self, kind: str) -> OperationEntry | None:
        """The entry of the running op of ``kind`` (tests, and whoever wants to cancel it)."""
        return next((e for r, e in self.entries.items() if r.kind == kind), None)
