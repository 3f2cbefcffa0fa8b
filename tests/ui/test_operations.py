"""The operations layer: work on a worker thread, progress and the result on the GUI thread,
failures said in words (or handed to the handler of errors nobody caught), one op of a kind
at a time, "Batal" reaching the work. Every wait is on a signal or a condition."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from bazaar_pos import logs
from bazaar_pos.errors import PosError
from bazaar_pos.sync import MergeRunning
from bazaar_pos.ui.operations import (
    Busy,
    Op,
    Operations,
    OperationsBar,
    Progress,
    operations,
    run,
)
from tests.ui.operations_support import finish_operations

# A worker that waits for the test never waits longer than this (a failed test must end).
GATE_S = 30


class Gate:
    """Holds a work function until the test opens it."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def open(self) -> None:
        self.event.set()

    def wait(self) -> None:
        assert self.event.wait(GATE_S), "the test never opened the gate"


@pytest.fixture
def runner() -> Operations:
    return operations()


@pytest.fixture
def said(runner: Operations) -> Iterator[list[tuple[str, str]]]:
    messages: list[tuple[str, str]] = []

    def keep(text: str, level: str) -> None:
        messages.append((text, level))

    runner.statusMessage.connect(keep)
    yield messages
    runner.statusMessage.disconnect(keep)


@pytest.fixture
def bar(qtbot: QtBot, runner: Operations) -> Iterator[OperationsBar]:
    window = QWidget()  # held here: a widget without a parent lives as long as its wrapper
    qtbot.addWidget(window)
    bar = OperationsBar(runner, window)
    window.show()
    yield bar


def test_the_work_runs_off_the_gui_thread_and_its_result_arrives_on_it(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    threads: dict[str, int] = {}
    results: list[int] = []

    def work(_progress: Progress) -> int:
        threads["work"] = threading.get_ident()
        return 42

    def success(result: int) -> None:
        threads["success"] = threading.get_ident()
        results.append(result)

    running = run(Op("test", "Uji", work, success))
    assert running is not None
    with qtbot.waitSignal(running.ended) as ended:
        pass
    assert ended.args == [True]
    assert results == [42]
    assert threads["success"] == gui != threads["work"]


def test_the_window_answers_while_the_work_runs(qtbot: QtBot) -> None:
    """The GUI thread keeps running its event loop (a timer fires) while the work is held."""
    gate = Gate()
    running = run(Op("test", "Uji", lambda _p: gate.wait(), lambda _r: None))
    assert running is not None
    ticks: list[int] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: (ticks.append(1), len(ticks) >= 3)[1])  # the loop turns
    assert running.kind in operations().running
    gate.open()
    qtbot.waitSignal(running.ended).wait()


def test_a_refusal_is_said_in_indonesian_through_the_error_sentences(
    qtbot: QtBot, said: list[tuple[str, str]]
) -> None:
    def work(_progress: Progress) -> None:
        raise MergeRunning("kasa2.zip")

    running = run(Op("test", "Impor", work, lambda _r: None))
    assert running is not None
    with qtbot.waitSignal(running.ended) as ended:
        pass
    assert ended.args == [False]
    assert said == [
        (
            "Impor data kasa lain (kasa2.zip) sedang ditulis ke basis data ini; tunggu sampai "
            "selesai lalu coba lagi. Tidak ada yang diimpor dari ekspor ini.",
            "error",
        )
    ]


def test_a_failure_goes_to_the_ops_own_failure_when_it_has_one(qtbot: QtBot) -> None:
    failures: list[Exception] = []

    def work(_progress: Progress) -> None:
        raise OSError(28, "No space left on device")

    running = run(Op("test", "Ekspor", work, lambda _r: None, failure=failures.append))
    assert running is not None
    qtbot.waitSignal(running.ended).wait()
    assert [type(error) for error in failures] == [OSError]


def test_a_bug_in_the_work_goes_to_the_handler_of_errors_nobody_caught(
    qtbot: QtBot, said: list[tuple[str, str]]
) -> None:
    """Not a refusal but a bug: logged and shown in the error dialog (the presenter), and the
    screen's failure still runs so that it can reset itself."""
    reports: list[logs.Unexpected] = []
    logs.set_presenter(reports.append)
    failures: list[Exception] = []

    def work(_progress: Progress) -> None:
        raise KeyError("no such breakdown")

    try:
        running = run(Op("test", "Laporan", work, lambda _r: None, failure=failures.append))
        assert running is not None
        qtbot.waitSignal(running.ended).wait()
    finally:
        logs.set_presenter(None)
    assert [report.kind for report in reports] == ["KeyError"]
    assert isinstance(reports[0].error, KeyError)
    assert [type(error) for error in failures] == [KeyError]


def test_progress_reaches_the_status_bar_entry(qtbot: QtBot, bar: OperationsBar) -> None:
    gate = Gate()

    def work(progress: Progress) -> None:
        progress(1_250, 5_000)
        gate.wait()
        progress(5_000, 5_000)

    running = run(Op("merge-test", "Impor data", work, lambda _r: None, cancellable=True))
    assert running is not None
    qtbot.waitUntil(lambda: running.done == 1_250)
    entry = bar.entry("merge-test")
    assert entry is not None
    qtbot.waitUntil(entry.isVisible)  # shown once it has run a moment, never modal
    assert entry.label.text() == "Impor data: 1.250 dari 5.000"
    assert (entry.bar.value(), entry.bar.maximum()) == (1_250, 5_000)
    assert entry.cancel_button.isVisible()
    with qtbot.waitSignal(running.ended):
        gate.open()
    assert running.done == 5_000
    assert bar.entry("merge-test") is None  # gone with the op


def test_batal_in_the_status_bar_reaches_the_work_between_two_steps(
    qtbot: QtBot, bar: OperationsBar
) -> None:
    steps: list[int] = []
    failures: list[Exception] = []

    class Stopped(PosError):  # as the core's ImportCancelled: a refusal, told in words
        pass

    def work(progress: Progress) -> None:
        for step in range(1, 10_000):
            steps.append(step)
            if not progress(step, 10_000):
                raise Stopped()
            threading.Event().wait(0.005)

    running = run(Op("test", "Uji", work, lambda _r: None, failures.append, cancellable=True))
    assert running is not None
    qtbot.waitUntil(lambda: running.done > 0)
    entry = bar.entry("test")
    assert entry is not None
    with qtbot.waitSignal(running.ended) as ended:
        entry.cancel_button.click()
        assert entry.label.text() == "Uji: membatalkan…"
    assert ended.args == [False]
    assert [type(error) for error in failures] == [Stopped]
    assert steps[-1] < 9_999


def test_cancel_is_ignored_by_an_op_that_cannot_stop(qtbot: QtBot) -> None:
    answers: list[bool] = []
    gate = Gate()

    def work(progress: Progress) -> None:
        gate.wait()
        answers.append(progress(1, 1))

    running = run(Op("test", "Cadangan", work, lambda _r: None))
    assert running is not None
    running.cancel()
    with qtbot.waitSignal(running.ended):
        gate.open()
    assert answers == [True]


def test_a_second_op_of_a_kind_is_refused_while_the_first_runs(
    qtbot: QtBot, said: list[tuple[str, str]]
) -> None:
    gate = Gate()
    first = run(Op("merge-test", "Impor data", lambda _p: gate.wait(), lambda _r: None))
    second = run(Op("merge-test", "Impor data", lambda _p: None, lambda _r: None))
    other = run(Op("report-test", "Laporan", lambda _p: None, lambda _r: None))
    assert first is not None and second is None and other is not None
    assert said == [("Impor data masih berjalan: tunggu sampai selesai.", "warning")]
    gate.open()
    finish_operations(qtbot)


def test_a_report_asked_again_runs_after_the_one_loading_and_the_newest_wins(
    qtbot: QtBot,
) -> None:
    gate = Gate()
    shown: list[str] = []

    def report(name: str, wait: bool = False) -> Op[str]:
        def work(_progress: Progress) -> str:
            if wait:
                gate.wait()
            return name

        return Op("report-test", "Laporan", work, shown.append, when_busy=Busy.LATEST)

    assert run(report("hari ini", wait=True)) is not None
    assert run(report("kemarin")) is None  # waits
    assert run(report("acara")) is None  # replaces the one waiting
    gate.open()
    finish_operations(qtbot)
    assert shown == ["hari ini", "acara"]


def test_an_op_started_by_a_success_runs_too(qtbot: QtBot) -> None:
    """A backup's success lists the backups again, an op of the same kind: it is not refused
    (the first is off the list before its success runs)."""
    shown: list[str] = []

    def then(_result: None) -> None:
        run(Op("test", "Daftar", lambda _p: "list", shown.append))

    run(Op("test", "Cadangan", lambda _p: None, then))
    finish_operations(qtbot)
    assert shown == ["list"]


def test_a_screen_held_only_by_its_op_is_freed_on_the_gui_thread_once_delivered(
    qtbot: QtBot,
) -> None:
    """The worker may still hold the op's Running after its last signal (here: the test holds
    it, as a worker would). A screen nobody else holds, kept alive by the op's success, must
    be let go by the delivery, on the GUI thread, not when the worker lets go of it."""

    class Screen(QWidget):
        def loaded(self, _result: None) -> None:
            self.hide()

    screen = Screen()
    screen.startTimer(1000)  # a timer Qt must stop on the screen's own thread
    freed: list[int] = []
    screen.destroyed.connect(lambda: freed.append(threading.get_ident()))
    running = run(Op("test", "", lambda _p: None, screen.loaded))
    assert running is not None
    del screen  # closed and dropped by its window: the op's success holds it still
    with qtbot.waitSignal(running.ended):
        pass
    qtbot.waitUntil(lambda: freed != [], timeout=5_000)
    assert freed == [threading.get_ident()]  # on this (the GUI) thread, with `running` held
