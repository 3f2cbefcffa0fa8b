"""Timing helpers: interleaved, warmed-up repetitions summarised by their median."""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """Wall-clock times of repeated calls, in milliseconds."""

    times_ms: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.times_ms)

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def minimum(self) -> float:
        return min(self.times_ms)

    def quantile(self, q: float) -> float:
        """Nearest-rank quantile, ``q`` in [0, 1]."""
        ordered = sorted(self.times_ms)
        index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
        return ordered[index]

    def summary(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "median_ms": self.median,
            "min_ms": self.minimum,
            "p10_ms": self.quantile(0.10),
            "p90_ms": self.quantile(0.90),
        }


Case = Callable[[int], object]  # called with the repetition index (to pick its input)


def measure_interleaved(
    cases: Mapping[str, Case], *, repeat: int, warmup: int, block: int = 20
) -> dict[str, Sample]:
    """Time every case ``repeat`` times after ``warmup`` untimed calls.

    Cases run in alternating blocks of ``block`` calls (the order rotates from block to
    block), so a slow drift of the machine (CPU frequency, page cache, other load) touches
    the project and its floor alike. Call ``i`` of every case gets the same index ``i``; the
    warm-up calls get the indices ``0 .. warmup-1`` and the timed ones ``warmup ..``.
    """
    names = list(cases)
    for name in names:
        for index in range(warmup):
            cases[name](index)
    times: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter_ns
    start = warmup
    rotation = 0
    while start < warmup + repeat:
        stop = min(start + block, warmup + repeat)
        order = names[rotation:] + names[:rotation]
        rotation = (rotation + 1) % len(names)
        for name in order:
            call = cases[name]
            bucket = times[name]
            # Garbage left by one case is not billed to the next. The young generations
            # hold nearly all of it (what a call drops is young unless it outlived two
            # collections): a full collection would also walk every long-lived object of
            # the process, 0.1-0.25 s a block on a loaded machine (a search run: 42 of 49 s).
            gc.collect(1)
            for index in range(start, stop):
                began = clock()
                call(index)
                bucket.append((clock() - began) / 1e6)
        start = stop
    return {name: Sample(tuple(values)) for name, values in times.items()}


def time_once(call: Callable[[], object]) -> float:
    """Wall-clock milliseconds of one call."""
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000


def best_of(cases: Mapping[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Seconds of every call after one untimed warm-up each (page cache, statement caches,
    font metrics); the cases alternate so the machine's drift touches all alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for call in cases.values():
        call()
    for index in range(repeat):
        order = list(cases) if index % 2 == 0 else list(reversed(list(cases)))
        for name in order:
            gc.collect()
            began = time.perf_counter()
            cases[name]()
            times[name].append(time.perf_counter() - began)
    return times


def growth_exponent(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(seconds) against log(size): 1.0 grows in proportion, 0 is
    flat."""
    xs = [math.log(n) for n in sizes]
    ys = [math.log(max(s, 1e-9)) for s in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
