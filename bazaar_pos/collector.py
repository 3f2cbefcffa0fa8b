"""Python's cyclic garbage collector paused while a report makes its objects.

A report of 100,000 products makes a few million objects that all live until the report is
done (rows, lines, the sums' integers) and hold no reference cycles. Each one counts towards
the collector's next pass, and the full passes walk every object the process holds: at 100,000
products / 1M sale lines they were 1.3-1.7 s of the end-of-event report's ~6 s. Paused, the
objects cost only their making; the collector runs as usual once the last pause ends.

The pause is process-wide (the collector is), so pauses on several threads are counted: the
collector is switched on again when the last one ends, and only if it was on when the first
began (the app switches it off itself while it starts).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_pauses = 0
_enable_after = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the ``with`` block (or the decorated call)."""
    global _pauses, _enable_after
    with _lock:
        if _pauses == 0:
            _enable_after = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _enable_after:
                gc.enable()
