"""Undoing a catalog import that stopped half-way: the undo log and the running-import marker.

A big catalog import is written in many short write transactions so that the tills on the same
file never wait more than a moment (see :func:`bazaar_pos.catalog.csv_file.apply_catalog_import`).
It must still be all-or-nothing for the person importing. Two things make that true:

- **The marker**: a ``settings`` row (:data:`MARKER_KEY`) written in the import's first
  transaction and removed in its last one. While it is there, the import is not finished: a
  second import is refused, and an import whose process died (its host and pid, and a
  heartbeat each batch refreshes, say so) is undone before anything else is imported.
- **The undo log**: before each batch commits, what it is about to change (the UUIDs of the
  products it adds, the old values of the products it changes, the barcodes it clears, the
  workshops it creates) is appended to a file beside the database and flushed to disk. A batch
  that never committed leaves a record that undoes nothing (nothing to delete, the old values
  are still there), so writing the record first is enough: undoing is idempotent and may itself
  be interrupted and run again.

Undoing deletes the products the import added (a product already sold meanwhile cannot be
deleted: it is archived and loses its barcode instead, and the journal entry says how many),
gives the changed products their old values back, and deletes the new workshops no product
uses. The audit entries of the undone batches stay (the log is append-only); one
``catalog_import_undone`` entry says what was undone and why.

A database without a file (``sqlite://`` in memory) keeps its undo log in memory: there is no
crash to survive.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bazaar_pos.catalog.journal import journal
from bazaar_pos.db import Database, batched_write
from bazaar_pos.db.batched_write import (
    BUSY_RETRIES,
    STALE_AFTER_SECONDS,
    Marker,
    UndoLog,
    in_batches,
    is_busy,
    write_with_retry,
)
from bazaar_pos.db.models import Product, Workshop
from bazaar_pos.people.access import Actor
from bazaar_pos.people.audit import AuditAction

__all__ = [
    "BUSY_RETRIES",
    "MARKER_KEY",
    "STALE_AFTER_SECONDS",
    "Marker",
    "UndoLog",
    "UndoReason",
    "UndoSummary",
    "clear_marker",
    "in_batches",
    "is_busy",
    "read_marker",
    "recover_interrupted_import",
    "undo_import",
    "undo_path_for",
    "write_marker",
    "write_with_retry",
]

MARKER_KEY = batched_write.CATALOG_MARKER_KEY
# The undo logs' names: <database>.catalog-import-<id>.undo
UNDO_KIND = "catalog-import"
# Rows per undo transaction: the same order of size as the import's own batches.
UNDO_BATCH = 500

_PRODUCTS: Table = Product.__table__  # type: ignore[assignment]
_RESTORE_COLUMNS = (
    "name",
    "unit",
    "price",
    "category",
    "institution_id",
    "workshop_id",
    "track_stock",
    "active",
)


class UndoReason(StrEnum):
    """Why an import was undone (in the journal entry and the error)."""

    CANCELLED = "cancelled"  # the person importing pressed "Batal"
    CHANGED = "changed"  # a product the import was changing was changed by somebody else
    FAILED = "failed"  # the database refused a batch (disk full, busy beyond retries …)
    INTERRUPTED = "interrupted"  # the importing process died; undone at the next import


def read_marker(session: Session) -> Marker | None:
    return batched_write.read_marker(session, MARKER_KEY)


def write_marker(session: Session, marker: Marker) -> None:
    batched_write.write_marker(session, MARKER_KEY, marker)


def clear_marker(session: Session) -> None:
    batched_write.clear_marker(session, MARKER_KEY)


def undo_path_for(db: Database, import_id: str) -> Path | None:
    """``<database>.catalog-import-<id>.undo`` beside a file database; None in memory."""
    return batched_write.undo_path_for(db, UNDO_KIND, import_id)


@dataclass(frozen=True)
class UndoSummary:
    removed: int  # products added by the import and deleted again
    archived: int  # products added by the import, sold meanwhile: archived, barcode cleared
    restored: int  # products given their old values back
    kept: int  # products the import changed, changed again by somebody else: left alone
    workshops_removed: int


_COMPARED = ("barcode", *_RESTORE_COLUMNS)


def _still_ours(
    db: Database,
    ids: Sequence[int],
    old_values: dict[int, dict[str, Any]],
    new_values: dict[int, dict[str, Any]],
) -> list[int]:
    """The products among ``ids`` that hold what the import wrote or what they held before
    (with the barcode the first batch cleared, or not): those the undo may restore."""
    ours: list[int] = []
    columns = [_PRODUCTS.c[c] for c in _COMPARED]
    with db.read() as session:
        for chunk in in_batches(ids, UNDO_BATCH):
            query = select(_PRODUCTS.c.id, *columns).where(_PRODUCTS.c.id.in_(list(chunk)))
            for row in session.execute(query):
                product_id, now = row[0], dict(zip(_COMPARED, row[1:], strict=True))
                if product_id not in old_values:  # only its barcode was cleared
                    if now["barcode"] is None:
                        ours.append(product_id)
                    continue
                allowed = []
                for values in (old_values[product_id], new_values.get(product_id)):
                    if values is not None:
                        wanted = {c: values[c] for c in _COMPARED}
                        allowed += [wanted, wanted | {"barcode": None}]
                if now in allowed:
                    ours.append(product_id)
    return ours


_UPDATE_RESTORE = update(_PRODUCTS).where(_PRODUCTS.c.id == bindparam("product_id"))
_CLEAR_BARCODE = (
    update(_PRODUCTS).where(_PRODUCTS.c.id == bindparam("product_id")).values(barcode=None)
)


def undo_import(
    db: Database,
    log: UndoLog,
    *,
    reason: UndoReason,
    file_name: str,
    actor: Actor | None,
    pause: Callable[[float], None] | None = None,
) -> UndoSummary:
    """Undo everything ``log`` records, in short transactions, then remove the marker and log.

    ``pause(seconds_the_batch_took)`` is called between transactions (the import's yield to
    the tills). Safe to run again after it was itself interrupted.
    """
    records = log.read()
    inserted = [u for r in records for u in r.get("insert", ())]
    cleared = [(int(i), str(b)) for r in records for i, b in r.get("clear", ())]
    updated = [(int(i), dict(o), dict(n)) for r in records for i, o, n in r.get("update", ())]
    workshops = [int(i) for r in records for i in r.get("workshops", ())]
    removed = archived = 0

    def rest(started: float) -> None:
        if pause is not None:
            pause(time.perf_counter() - started)

    for chunk in in_batches(inserted, UNDO_BATCH):
        started = time.perf_counter()
        counts = [0, 0]

        def remove(
            session: Session, chunk: Sequence[str] = chunk, counts: list[int] = counts
        ) -> None:
            for product_uuid in chunk:
                try:
                    with session.begin_nested():
                        gone = session.execute(delete(Product).where(Product.uuid == product_uuid))
                    counts[0] += cast(CursorResult[Any], gone).rowcount
                except IntegrityError:  # sold (or counted) meanwhile: keep it, archived
                    session.execute(
                        update(Product)
                        .where(Product.uuid == product_uuid)
                        .values(active=False, barcode=None)
                    )
                    counts[1] += 1

        write_with_retry(db, remove)
        removed += counts[0]
        archived += counts[1]
        rest(started)

    # Only a product still as this import left it (or as it was: its batch never committed)
    # is given its old values back; one changed by somebody else since is left as they made it.
    old_barcode: dict[int, str | None] = {i: b for i, b in cleared}
    old_values: dict[int, dict[str, Any]] = {}
    new_values: dict[int, dict[str, Any]] = {}
    for product_id, old, new in updated:
        old_values.setdefault(product_id, old)  # the first record has the original
        new_values[product_id] = new
        old_barcode.setdefault(product_id, old.get("barcode"))
    ours = _still_ours(db, sorted(old_barcode), old_values, new_values)
    kept = len(old_barcode) - len(ours)

    # Barcodes first let go everywhere, then come back: a barcode that moved between two
    # products must be free before its old owner takes it back.
    for chunk_ids in in_batches(ours, UNDO_BATCH):
        started = time.perf_counter()
        params = [{"product_id": i} for i in chunk_ids]

        def clear(session: Session, params: list[dict[str, int]] = params) -> None:
            session.execute(_CLEAR_BARCODE, params)

        write_with_retry(db, clear)
        rest(started)
    for chunk_ids in in_batches(ours, UNDO_BATCH):
        started = time.perf_counter()
        params_any = [
            {"product_id": i, "barcode": old_barcode[i]}
            | ({c: old_values[i][c] for c in _RESTORE_COLUMNS} if i in old_values else {})
            for i in chunk_ids
        ]
        full = [p for p in params_any if len(p) > 2]
        only_barcode = [p for p in params_any if len(p) == 2]

        def restore(
            session: Session,
            full: list[dict[str, Any]] = full,
            only_barcode: list[dict[str, Any]] = only_barcode,
        ) -> None:
            if full:
                session.execute(_UPDATE_RESTORE, full)
            if only_barcode:
                session.execute(_UPDATE_RESTORE, only_barcode)

        write_with_retry(db, restore)
        rest(started)
    restored = len(ours)

    counts = [0]

    def finish(session: Session) -> None:
        if workshops:
            unused = delete(Workshop).where(
                Workshop.id.in_(workshops),
                ~exists().where(Product.workshop_id == Workshop.id),
            )
            counts[0] = cast(CursorResult[Any], session.execute(unused)).rowcount
        journal(
            session,
            AuditAction.CATALOG_IMPORT_UNDONE,
            actor=actor,
            subject=file_name,
            detail=f"{file_name}: import undone ({reason.value}): {removed} added products "
            f"removed, {archived} archived (sold meanwhile), {restored} products "
            f"restored, {kept} changed by others meanwhile kept as they are, {counts[0]} new "
            "workshops removed",
        )
        clear_marker(session)

    write_with_retry(db, finish)
    log.remove()
    return UndoSummary(removed, archived, restored, kept, counts[0])


def recover_interrupted_import(db: Database, *, actor: Actor | None = None) -> UndoSummary | None:
    """Undo an import whose process died half-way (its marker is stale); None if there is none.

    A marker of an import still running (a fresh heartbeat, or its process alive on this
    machine) is left alone and None returned: an import then refuses to start beside it
    (:class:`~bazaar_pos.catalog.csv_file.CatalogImportRunning`), start-up simply goes on.
    """
    with db.read() as session:
        marker = read_marker(session)
    batched_write.remove_finished_logs(db, UNDO_KIND, marker)
    if marker is None or not marker.is_stale(time.time()):
        return None
    log = UndoLog(Path(marker.undo_path) if marker.undo_path else None)
    return undo_import(
        db, log, reason=UndoReason.INTERRUPTED, file_name=marker.file_name, actor=actor
    )
