"""The full walk's heavy part, fast: every link's own hash and every chained sale's content.

A till of a million sales holds some eight million rows under its links. Asking SQLite for
each sale's canonical content one record at a time (:func:`~bazaar_pos.db.journal.
linked_content_sql`: correlated subqueries for the lines, their movements, the payments and
every natural key) costs about 50 µs a sale. Here the sales are read in ranges of ids, each
range in two statements that only join (the catalog's natural keys by rowid, a sale's lines
and their movements through the parent-id indexes) and group, and Python puts the pieces
together: the same text, byte for byte (journal.py builds the SQL from the same column lists;
tests compare both for every kind, odd strings and NULLs included).

The work is split in tasks (the links, then ranges of sales) that can run in other processes,
each with its own read connection on the database file: SQLite's C work is most of it, and
threads would share one interpreter lock and SQLite's memory mutex. This module therefore
imports nothing but the standard library (a spawned process imports it in a few ms): it gets
its SQL as text and hands back plain tuples.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64  # as journal.GENESIS (this module may not import journal: see above)

Execute = Callable[[str, tuple[Any, ...]], Iterable[Sequence[Any]]]

# A break as a plain tuple: (till_id, seq, kind, record_uuid, label, reason value).
BreakRow = tuple[str, "int | None", str, str, str, str]

LINK_ORDER_SQL = (
    "SELECT till_id, seq, kind, record_uuid, content_sha256, prev_sha256, sha256, grand_total "
    "FROM journal_links ORDER BY till_id, seq"
)


def link_text(
    prev_sha256: object,
    till_id: object,
    seq: object,
    kind: object,
    record_uuid: object,
    content_hash: object,
    grand_total: object,
) -> str:
    """What a link's own hash is taken over (journal.link_sha256 hashes this text)."""
    return f"{prev_sha256}|{till_id}|{seq}|{kind}|{record_uuid}|{content_hash}|{grand_total}"


def link_breaks(
    rows: Iterable[Sequence[Any]], *, after: tuple[str, int, str] | None = None
) -> Iterator[BreakRow]:
    """Walk link rows (till_id, seq, kind, record_uuid, content_sha256, prev_sha256, sha256,
    grand_total) sorted by (till, seq): gaps (link_missing), links that do not continue the
    one before (order_broken) and links whose own fields do not give their hash
    (link_altered). ``after``: (till, seq, sha256) of the link the walk continues from (a
    tail), else each till's chain starts at the genesis. Plain tuples: a million links."""
    till: str | None = after[0] if after else None
    expected_seq: Any = after[1] + 1 if after else 1
    prev_hash: Any = after[2] if after else GENESIS
    sha256 = hashlib.sha256
    for till_id, seq, kind, record_uuid, content_hash, prev, sha, grand_total in rows:
        if till_id != till:
            till, expected_seq, prev_hash = till_id, 1, GENESIS
        reason = ""
        if seq != expected_seq:
            reason = "link_missing" if seq > expected_seq else "order_broken"
        elif prev != prev_hash:
            reason = "order_broken"
        elif (
            sha
            != sha256(
                link_text(prev, till_id, seq, kind, record_uuid, content_hash, grand_total).encode()
            ).hexdigest()
        ):
            reason = "link_altered"
        if reason:
            yield (till_id, seq, kind, record_uuid, "", reason)
        expected_seq = seq + 1
        prev_hash = sha


@dataclass(frozen=True)
class SaleScan:
    """The SQL of one range of sales (both statements take the range's first and last id).

    ``sales``: per sale, in id order: id, uuid, its own row's JSON, label, and its lines
    (each with its movements) as JSON text, then the link's till_id, seq and content hash
    (NULLs: no link; one row per link should a sale have two). ``payments``: per sale id,
    its payments as JSON text. The content is ``["sale",<row>,<lines>,<payments>]``.
    """

    sales: str
    payments: str


@dataclass
class SaleResult:
    """What one range of sales gave: breaks (content_differs, not_in_chain) as tuples, and
    how many link rows found their sale (the caller compares with the count of sale links)."""

    breaks: list[BreakRow]
    matched: int


# A sale as scanned: id, uuid, label, content, and its link's till_id, seq, content hash.
ScannedSale = tuple[int, str, str, str, "str | None", "int | None", "str | None"]


def sale_contents(execute: Execute, scan: SaleScan, first: int, last: int) -> Iterator[ScannedSale]:
    """The sales with ids first..last, in id order, each with its canonical content and its
    link (one item per link; the link's fields None for a sale no link covers)."""
    payments: dict[int, str] = {row[0]: row[1] for row in execute(scan.payments, (first, last))}
    for row_id, uuid, row, label, lines, till_id, seq, expected in execute(
        scan.sales, (first, last)
    ):
        content = '["sale",' + row + "," + lines + "," + payments.get(row_id, "[]") + "]"
        yield row_id, uuid, str(label or ""), content, till_id, seq, expected


def scan_sales(execute: Execute, scan: SaleScan, first: int, last: int) -> SaleResult:
    """Check the sales with ids first..last against their links. The content of a sale with
    a line of two movements is wrong here: the caller checks those (journal.py)."""
    breaks: list[BreakRow] = []
    matched = 0
    sha256 = hashlib.sha256
    for _row_id, uuid, label, content, till_id, seq, expected in sale_contents(
        execute, scan, first, last
    ):
        if till_id is None:
            breaks.append(("", None, "sale", uuid, label, "not_in_chain"))
            continue
        matched += 1
        if sha256(content.encode()).hexdigest() != expected:
            breaks.append((till_id, seq, "sale", uuid, label, "content_differs"))
    return SaleResult(breaks, matched)


def _connect(path: str) -> sqlite3.Connection:
    """A worker's connection; it only reads. The walk reads the whole file and probes the
    links' uuid index at random: a bigger page cache and the file mapped in memory (no
    system call per page) save about a tenth."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA cache_size = -65536")
    con.execute("PRAGMA mmap_size = 8589934592")
    con.execute("PRAGMA busy_timeout = 5000")
    return con


def _execute(con: sqlite3.Connection) -> Execute:
    def execute(sql: str, parameters: tuple[Any, ...]) -> Iterable[Sequence[Any]]:
        return con.execute(sql, parameters)

    return execute


def run_tasks(path: str, tasks: Sequence[tuple[Any, ...]]) -> list[Any]:
    """Run tasks (``("links",)`` or ``("sales", scan, ranges)``) in one read transaction on
    the file; the results in the same order."""
    con = _connect(path)
    try:
        con.execute("BEGIN")
        results: list[Any] = []
        for task in tasks:
            if task[0] == "links":
                results.append(list(link_breaks(con.execute(LINK_ORDER_SQL))))
            else:
                _name, scan, ranges = task
                total = SaleResult([], 0)
                for first, last in ranges:
                    part = scan_sales(_execute(con), scan, first, last)
                    total.breaks.extend(part.breaks)
                    total.matched += part.matched
                results.append(total)
        return results
    finally:
        con.close()


def main() -> None:
    """A worker process: a pickled (path, tasks) on stdin, the pickled results on stdout."""
    # Run as ``python -m``, this module is __main__: the results must be pickled as the
    # classes of bazaar_pos.db.journal_scan, which the walking process knows.
    from bazaar_pos.db import journal_scan

    path, tasks = pickle.load(sys.stdin.buffer)
    pickle.dump(journal_scan.run_tasks(path, tasks), sys.stdout.buffer)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
