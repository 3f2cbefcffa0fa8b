"""The UUIDs new records get: version 7 (RFC 9562), in the order they were made.

A record's UUID is its name in every database it reaches (the till's, the office's): it only
has to be unique. Made in time order rather than at random (version 4), a till's new sales,
lines, payments and stock movements land at the end of each ``uuid`` index, in the till's
own database and again when the office merges the export: random UUIDs put every new row
on a random leaf page, so each of the merge's short transactions rewrote leaf pages all over
the indexes (see bench/sync_merge_bench.py for what it costs).

Layout (RFC 9562, "method 1": a counter in ``rand_a``): 48 bits of Unix milliseconds, the
version, a 12-bit counter that orders the UUIDs made in the same millisecond by this
process, the variant, 62 random bits. The random bits keep two laptops (or two processes)
making UUIDs in the same millisecond apart: a clash needs the same 62 random bits.

Records made before this module, and by older versions of the app, keep their version-4
UUIDs; both kinds are valid everywhere (the export format asks for a UUID, not a version).
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid as uuid_module

_COUNTER_LIMIT = 1 << 12

_lock = threading.Lock()
_last_millisecond = 0
_counter = 0


def _next_stamps(count: int) -> list[tuple[int, int]]:
    """``count`` (millisecond, counter) pairs, each after the last one this process made.

    The clock may stand still or step back (NTP, a laptop's battery-less clock set again):
    the pairs go on from the last one made, one counter step at a time, borrowing the next
    millisecond when a millisecond's 4,096 are used."""
    global _last_millisecond, _counter
    with _lock:
        now = time.time_ns() // 1_000_000
        if now > _last_millisecond:
            millisecond, counter = now, 0
        else:
            millisecond, counter = _last_millisecond, _counter + 1
        made: list[tuple[int, int]] = []
        for _ in range(count):
            if counter == _COUNTER_LIMIT:
                millisecond, counter = millisecond + 1, 0
            made.append((millisecond, counter))
            counter += 1
        _last_millisecond, _counter = made[-1] if made else (_last_millisecond, _counter)
        return made


def uuid_at(millisecond: int, counter: int) -> str:
    """The version-7 UUID of Unix millisecond ``millisecond`` with ``counter`` (0–4095) and
    fresh random bits: what :func:`new_uuid` makes, for a given moment (the benchmarks'
    generated sales, made as if rung up at their own times)."""
    if not 0 <= counter < _COUNTER_LIMIT:
        raise ValueError(f"counter {counter} is not between 0 and {_COUNTER_LIMIT - 1}")
    value = (
        (millisecond & ((1 << 48) - 1)) << 80
        | 0x7 << 76
        | counter << 64
        | 0b10 << 62
        | secrets.randbits(62)
    )
    return str(uuid_module.UUID(int=value))


def new_uuid() -> str:
    """One new record's UUID (version 7), after every one this process made before."""
    return time_ordered_uuids(1)[0]


def time_ordered_uuids(count: int) -> list[str]:
    """``count`` new UUIDs (version 7), in increasing order, after every one this process
    made before."""
    return [uuid_at(millisecond, counter) for millisecond, counter in _next_stamps(count)]
