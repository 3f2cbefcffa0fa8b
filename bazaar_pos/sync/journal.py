"""The journal in a merge: another till's links must continue its chain here, and every record
the export brings must match its link (:mod:`bazaar_pos.db.journal`).

A till's incoming links are taken in seq order: those this database already holds must be the
same links; the first new one must continue the last one here (or start at the genesis), and
each next one the one before. Once the links are in, each new link's record is hashed as it
now stands here and compared with the link; a record the merge inserted that no link covers is
refused too (it would otherwise be chained as this till's own). The first break found is the
conflict that refuses the whole import, naming the record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

from bazaar_pos.db import journal
from bazaar_pos.db.engine import run_sql
from bazaar_pos.db.journal import Break, BreakReason, Link
from bazaar_pos.sync.errors import Conflict

__all__ = ["check_incoming_links", "linked_record_breaks", "unlinked_records"]

REASONS = {
    BreakReason.CONTENT_DIFFERS: "its content differs from its link (changed after sealing)",
    BreakReason.RECORD_MISSING: "the record it links is not in the export nor here",
    BreakReason.NOT_IN_CHAIN: "no link covers it (inserted after sealing)",
    BreakReason.LINK_MISSING: "a link before it is missing",
    BreakReason.LINK_ALTERED: "the link's own hash does not match its fields",
    BreakReason.ORDER_BROKEN: "it does not continue the chain held here (reordered or rewritten)",
    BreakReason.COUNTER_MISMATCH: "the receipt counter is not at the last chained receipt",
}


def _conflict(file_name: str, line: int, item: Break) -> Conflict:
    what = f"{item.kind} {item.label or item.record_uuid}".strip()
    place = f"link #{item.seq} of till {item.till_id}" if item.seq is not None else "a record"
    return Conflict(
        file_name=file_name,
        line=line,
        uuid=item.record_uuid,
        columns=(),
        message=f"{file_name} line {line}: the journal is broken at {place}, {what}: "
        f"{REASONS[item.reason]}",
    )


def check_incoming_links(
    connection: Connection, file_name: str, rows: Sequence[tuple[Any, ...]]
) -> tuple[list[int], list[Conflict], int]:
    """(indexes of the new links, conflicts, links already here) of one export's links."""
    tills: dict[str, list[int]] = defaultdict(list)
    for index in sorted(range(len(rows)), key=lambda i: (rows[i][0], rows[i][1])):
        tills[str(rows[index][0])].append(index)
    fresh: list[int] = []
    present = 0
    for till_id, indexes in tills.items():
        head = journal.chain_head(connection, till_id)
        held: dict[int, str] = dict(
            run_sql(
                connection,
                "SELECT seq, sha256 FROM journal_links WHERE till_id = ? AND seq <= ?",
                (till_id, head.seq),
            ).fetchall()
            if indexes and rows[indexes[0]][1] <= head.seq
            else []
        )
        new: list[int] = []
        for index in indexes:
            seq, sha = rows[index][1], rows[index][6]
            if seq > head.seq:
                new.append(index)
            elif held.get(seq) == sha:
                present += 1
            else:
                item = Break(
                    till_id, seq, rows[index][2], rows[index][3], "", BreakReason.ORDER_BROKEN
                )
                return [], [_conflict(file_name, index + 2, item)], present
        anchor = Link(till_id, head.seq, "", "", "", "", head.sha256, head.grand_total)
        links = [Link(*rows[index][:8]) for index in new]
        for item in journal.chain_breaks(links, after=anchor):
            line = new[links.index(next(x for x in links if x.seq == item.seq))] + 2
            return [], [_conflict(file_name, line, item)], present
        fresh.extend(new)
    return fresh, [], present


def linked_record_breaks(
    connection: Connection,
    file_name: str,
    ranges: Sequence[tuple[str, int, int]],
    kinds: Iterable[str],
) -> list[Conflict]:
    """The links in ``ranges`` (till id, first and last seq: the links a merge added) against
    their records as merged here, for the chain kinds ``kinds``; the first break found."""
    wanted = set(kinds)
    for till_id, first, last in ranges:
        for spec in journal.kinds(connection):
            if spec.kind.value not in wanted:
                continue
            sql = journal.linked_content_sql(spec, "AND j.till_id = ? AND j.seq BETWEEN ? AND ?")
            rows = journal.rows_of(connection, sql, (till_id, first, last))
            for item in journal.content_breaks(journal.LinkedContent(*row) for row in rows):
                return [_conflict(file_name, 0, item)]
    return []


def unlinked_records(
    connection: Connection, file_name: str, listed: Sequence[tuple[str, str]]
) -> list[Conflict]:
    """Records a merge wrote (``listed``: kind and uuid, as the journal's triggers list them
    for sealing) that no link covers: they would pass for this till's own."""
    wanted = sorted(set(listed))
    found: set[tuple[str, str]] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        sql = (
            "SELECT kind, record_uuid FROM journal_links WHERE (kind, record_uuid) IN (VALUES "
            + ", ".join(["(?, ?)"] * len(chunk))
            + ")"
        )
        parameters = tuple(item for pair in chunk for item in pair)
        found.update((str(k), str(u)) for k, u in run_sql(connection, sql, parameters))
    for kind, record_uuid in listed:
        if (kind, record_uuid) not in found:
            item = Break("", None, kind, record_uuid, "", BreakReason.NOT_IN_CHAIN)
            return [_conflict(file_name, 0, item)]
    return []
