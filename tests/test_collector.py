"""The collector is paused while reports make their objects, and switched on again after."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from bazaar_pos.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a report inside a report
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_switches_it_on_again() -> None:
    with pytest.raises(ZeroDivisionError), collector_paused():
        print(1 / 0)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_pauses_on_two_threads_end_when_the_last_one_ends() -> None:
    second_in, first_out = threading.Event(), threading.Event()
    seen: list[bool] = []

    def second() -> None:
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first thread's pause has ended: still off

    with collector_paused():
        worker = threading.Thread(target=second)
        worker.start()
        assert second_in.wait(5)
    first_out.set()
    worker.join(5)
    assert seen == [False]
    assert gc.isenabled()


@collector_paused()
def _decorated() -> bool:
    return gc.isenabled()


def test_a_decorated_call_runs_with_the_collector_off() -> None:
    assert _decorated() is False
    assert gc.isenabled()
