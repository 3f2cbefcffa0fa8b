"""Undoing a merge that stopped half-way: its marker, its undo log, and the undo itself.

A merge (:func:`bazaar_pos.sync.merge.import_export`) writes another till's export in many
short write transactions so that the tills on the same file never wait more than a moment,
and stays all-or-nothing for the person importing with the pieces of
:mod:`bazaar_pos.db.batched_write`:

- **the marker** (the ``settings`` row :data:`MARKER_KEY`: the export's uuid, file name, host,
  pid and a heartbeat), written by the first batch and removed by the last one, which also
  records the import (``sync_imports``), logs it and bumps the receipt counters;
- **the undo log** (``<database>.sync-import-<id>.undo``, 0600), one JSON line appended and
  flushed before each batch commits: ``{"table": t, "insert": [uuids]}`` for the rows it adds,
  ``{"table": "event_institutions", "pairs": [[event_id, institution_id], …]}``,
  ``{"table": "journal_links", "links": [[till_id, first_seq, last_seq], …]}`` and
  ``{"table": "shifts", "update": [[id, {column: old value}], …]}`` for the shifts it closes.

Undoing (:func:`undo_merge`) walks the tables in the reverse of the format's order (journal
links first, then the records, sale lines before their sales, the catalog last), deletes the
rows the log names (each table's newest first, so a reversal goes before the movement it
reverses) and gives the shifts the merge closed their old values back, in short transactions.
A row something here refers to by now (a refund made meanwhile of a merged sale) cannot go: it
is kept and counted. The export's audit entries are only ever written by the last batch (the
audit log is append-only: nothing could take them out again), so there are none to undo. One
``sync_import_undone`` audit entry says what was undone and why. Safe to run again after it
was itself interrupted.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, column, delete, table, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TableClause

from bazaar_pos.db import Database, batched_write
from bazaar_pos.db.batched_write import Marker, UndoLog, in_batches, write_with_retry
from bazaar_pos.people.access import Actor
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.settings import read_settings
from bazaar_pos.sync.format import TABLES, TableSpec

__all__ = [
    "MARKER_KEY",
    "MergeUndoReason",
    "MergeUndoSummary",
    "clear_marker",
    "read_marker",
    "recover_interrupted_merge",
    "undo_merge",
    "undo_path_for",
    "write_marker",
]

MARKER_KEY = batched_write.MERGE_MARKER_KEY  # "sync_import_running"
UNDO_KIND = "sync-import"  # <database>.sync-import-<id>.undo
# Rows deleted per undo transaction (a few ms each: index entries only).
UNDO_BATCH = 1000


class MergeUndoReason(StrEnum):
    """Why a merge was undone (in the audit entry)."""

    CONFLICT = "conflict"  # a row written here meanwhile clashes with the export
    FAILED = "failed"  # the database refused a batch (disk full, busy beyond retries …)
    INTERRUPTED = "interrupted"  # the merging process died; undone at the next import
    CANCELLED = "cancelled"  # the person merging pressed "Batal" (the progress said stop)


@dataclass(frozen=True)
class MergeUndoSummary:
    removed: dict[str, int]  # table -> rows of the merge deleted again
    restored: int  # shifts the merge had closed, given their old values back
    kept: int  # rows something here refers to by now: left in place

    @property
    def rows_removed(self) -> int:
        return sum(self.removed.values())


def read_marker(session: Session) -> Marker | None:
    return batched_write.read_marker(session, MARKER_KEY)


def write_marker(session: Session, marker: Marker) -> None:
    batched_write.write_marker(session, MARKER_KEY, marker)


def clear_marker(session: Session) -> None:
    batched_write.clear_marker(session, MARKER_KEY)


def undo_path_for(db: Database, import_id: str) -> Path | None:
    return batched_write.undo_path_for(db, UNDO_KIND, import_id)


def _raw(spec: TableSpec) -> TableClause:
    return table(spec.table.name, *(column(c.name) for c in spec.table.c))


def _delete_each(session: Session, statements: Sequence[Any]) -> tuple[int, int]:
    """Run the deletes one by one, each in a savepoint: (rows deleted, rows kept)."""
    removed = kept = 0
    for statement in statements:
        try:
            with session.begin_nested():
                result = cast(CursorResult[Any], session.execute(statement))
            removed += max(result.rowcount, 0)
        except IntegrityError:  # something here refers to it by now: it stays
            kept += 1
    return removed, kept


def undo_merge(
    db: Database,
    log: UndoLog,
    marker: Marker,
    *,
    reason: MergeUndoReason,
    actor: Actor | None,
    user_name: str = "",
    why: str = "",
    pause: Callable[[float], None] | None = None,
) -> MergeUndoSummary:
    """Undo everything ``log`` records, in short transactions, then remove the marker and log.

    ``pause(seconds_the_batch_took)`` runs between transactions (the merge's yield to the
    tills); ``why`` goes into the audit entry (the conflict found).
    """
    records = log.read()
    inserted: dict[str, list[str]] = defaultdict(list)
    pairs: list[tuple[int, int]] = []
    links: list[tuple[str, int, int]] = []
    updates: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for record in records:
        name = str(record.get("table", ""))
        inserted[name].extend(str(u) for u in record.get("insert", ()))
        pairs.extend((int(e), int(i)) for e, i in record.get("pairs", ()))
        links.extend((str(t), int(a), int(b)) for t, a, b in record.get("links", ()))
        updates[name].extend((int(i), dict(old)) for i, old in record.get("update", ()))
    removed: dict[str, int] = defaultdict(int)
    totals = {"kept": 0, "restored": 0}

    def batch(work: Callable[[Session], None]) -> None:
        started = time.perf_counter()
        write_with_retry(db, work)
        if pause is not None:
            pause(time.perf_counter() - started)

    for spec in reversed(TABLES):
        raw = _raw(spec)
        # Each unit: the statements that delete it at once, and the same one row at a time
        # (when one row of it is referred to by now, the others still go).
        units: list[tuple[list[Any], list[Any]]] = []
        if spec.name == "journal_links":
            ranges = [
                delete(raw).where(raw.c.till_id == till, raw.c.seq.between(first, last))
                for till, first, last in links
            ]
            units = [(list(chunk), list(chunk)) for chunk in in_batches(ranges, 50)]
        elif spec.name == "event_institutions":
            each = [
                delete(raw).where(raw.c.event_id == event, raw.c.institution_id == institution)
                for event, institution in pairs
            ]
            units = [(list(chunk), list(chunk)) for chunk in in_batches(each, UNDO_BATCH)]
        else:
            # newest first: a reversal goes before the movement it reverses
            uuids = list(reversed(inserted.get(spec.name, [])))
            units = [
                (
                    [delete(raw).where(raw.c.uuid.in_(list(chunk)))],
                    [delete(raw).where(raw.c.uuid == one) for one in chunk],
                )
                for chunk in in_batches(uuids, UNDO_BATCH)
            ]
        for bulk, single in units:

            def remove(
                session: Session,
                bulk: list[Any] = bulk,
                single: list[Any] = single,
                name: str = spec.name,
            ) -> None:
                try:
                    with session.begin_nested():
                        gone = sum(
                            max(cast(CursorResult[Any], session.execute(s)).rowcount, 0)
                            for s in bulk
                        )
                    removed[name] += gone
                except IntegrityError:
                    gone, kept = _delete_each(session, single)
                    removed[name] += gone
                    totals["kept"] += kept

            batch(remove)
        for chunk_updates in in_batches(updates.get(spec.name, []), UNDO_BATCH):

            def restore(
                session: Session, chunk: Sequence[Any] = chunk_updates, raw: TableClause = raw
            ) -> None:
                for row_id, old in chunk:
                    statement = update(raw).where(raw.c.id == bindparam("row_id")).values(old)
                    session.execute(statement, {"row_id": row_id})
                    totals["restored"] += 1

            batch(restore)

    summary = MergeUndoSummary(dict(removed), totals["restored"], totals["kept"])

    def finish(session: Session) -> None:
        running = read_marker(session)
        if running is not None and running.import_id == marker.import_id:
            listed = ", ".join(
                f"{name} {count}" for name, count in summary.removed.items() if count
            )
            log_action(
                session,
                AuditAction.SYNC_IMPORT_UNDONE,
                till_code=read_settings(session).till_code,
                actor=actor,
                user_name=user_name,
                subject=marker.file_name[:80],
                detail=(
                    f"{marker.file_name}: merge of export {marker.subject} undone "
                    f"({reason.value}{': ' + why if why else ''}): {summary.rows_removed} rows "
                    f"removed ({listed or 'none'}), {summary.restored} shifts reopened, "
                    f"{summary.kept} rows kept (referred to here meanwhile)"
                ),
            )
            clear_marker(session)

    write_with_retry(db, finish)
    log.remove()
    return summary


def recover_interrupted_merge(
    db: Database, *, actor: Actor | None = None
) -> MergeUndoSummary | None:
    """Undo a merge whose process died half-way (its marker is stale); None if there is none.

    A merge still running (its process alive, its heartbeat fresh) is left alone: the caller
    decides (:func:`~bazaar_pos.sync.merge.import_export` refuses with
    :class:`~bazaar_pos.sync.errors.MergeRunning`). Called at the start of every import, and
    meant for start-up.
    """
    with db.read() as session:
        marker = read_marker(session)
    batched_write.remove_finished_logs(db, UNDO_KIND, marker)
    if marker is None or not marker.is_stale(time.time()):
        return None
    log = UndoLog(Path(marker.undo_path) if marker.undo_path else None)
    return undo_merge(db, log, marker, reason=MergeUndoReason.INTERRUPTED, actor=actor)
