"""A big catalog import in short write transactions: tills sell between them, and the import is
still all-or-nothing (cancelled, refused by a change made meanwhile, or its process killed)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

import bazaar_pos.catalog.csv_file as csv_file
from bazaar_pos.catalog.csv_file import (
    CSV_COLUMNS,
    CatalogChangedDuringImport,
    CatalogImportRunning,
    ImportCancelled,
    apply_catalog_import,
)
from bazaar_pos.catalog.import_undo import (
    MARKER_KEY,
    STALE_AFTER_SECONDS,
    Marker,
    read_marker,
    write_marker,
)
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.catalog.products import list_products
from bazaar_pos.db import Database
from bazaar_pos.db.models import AuditEntry, Product, Sale, Setting, Workshop
from bazaar_pos.people.audit import AuditAction
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

ROWS = 1_200  # three batches of 500 with a smaller batch monkeypatched in where it matters


def catalog_file(path: Path, rows: int, *, price: int = 1_000, moved: bool = True) -> Path:
    """``rows`` new products, and changes to demo products: a price, and (``moved``) a barcode
    that moves from one demo product to a new one."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for n in range(rows):
            writer.writerow(
                (f"BNA-N{n:05d}", "", f"Besek {n}", "buah", price, "", "BNA", "Besek massal", 1, 1)
            )
        if moved:
            # a new product takes BNA-ANY-001's barcode, which takes a new one
            tampah = ("Tampah bambu 50 cm", "buah", 20_000, "Anyaman bambu", "BNA")
            new = ("Tampah baru", "buah", 20_000, "", "BNA", "", 1, 1)
            writer.writerow(("BNA-NEW-TAMPAH", "2002000000033", *new))
            writer.writerow(("BNA-ANY-001", "2002000000101", *tampah, "Anyaman bambu", 1, 1))
        writer.writerow(("BNA-BES-001", "", "Besek bambu kecil", "buah", 999, "", "BNA", "", 1, 1))
    return path


def fixed_batches(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    """Every write transaction of ``rows`` rows (no sizing to the time they take)."""
    for name in ("APPLY_BATCH", "MIN_APPLY_BATCH", "MAX_APPLY_BATCH"):
        monkeypatch.setattr(csv_file, name, rows)


def snapshot(db: Database) -> list[tuple[object, ...]]:
    with db.read() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    Product.sku,
                    Product.barcode,
                    Product.name,
                    Product.price,
                    Product.workshop_id,
                    Product.active,
                ).order_by(Product.sku)
            )
        ]


def workshops(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Workshop)) or 0)


def undone_entries(db: Database) -> list[str]:
    with db.read() as session:
        return list(
            session.scalars(
                select(AuditEntry.detail).where(
                    AuditEntry.action == AuditAction.CATALOG_IMPORT_UNDONE.value
                )
            )
        )


def no_leftovers(db: Database) -> None:
    with db.read() as session:
        assert read_marker(session) is None
    folder = Path(str(db.engine.url.database)).parent
    assert not list(folder.glob("*.undo"))


def sell_one(db: Database, sku: str = "BPN-KAF-001") -> str:
    product = next(p for p in list_products(db) if p.sku == sku)
    sale = commit_sale(
        db,
        [SaleLineRequest(product.id, 1, product.price)],
        PaymentRequest("cash", product.price),
        cashier="Kasir",
        till_code="BPN1",
        event_id=None,
    )
    return sale.receipt_no


def test_each_write_transaction_is_short_and_a_till_sells_between_them(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixed_batches(monkeypatch, 300)
    path = catalog_file(tmp_path / "besar.csv", ROWS)
    sold: list[str] = []
    checked = True

    def sell_while_writing(done: int, total: int) -> bool:
        nonlocal checked
        if done == total and checked:
            checked = False  # the checking pass ends here; the writing pass follows
        elif not checked:
            sold.append(sell_one(db))  # between two of the import's transactions
        return True

    result = apply_catalog_import(db, path, progress=sell_while_writing)
    assert (result.added, result.changed) == (ROWS + 1, 2)
    assert len(sold) >= 4  # one sale after every written batch of 300
    assert result.longest_write_ms < 200
    assert find_by_code(db, "2002000000033").sku == "BNA-NEW-TAMPAH"
    assert find_by_code(db, "2002000000101").sku == "BNA-ANY-001"
    no_leftovers(db)


def test_cancelling_while_writing_undoes_every_batch_already_written(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixed_batches(monkeypatch, 300)
    path = catalog_file(tmp_path / "besar.csv", ROWS)
    before, workshops_before = snapshot(db), workshops(db)
    passes = {"writing": False}

    def cancel_after_two_batches(done: int, total: int) -> bool:
        if done == total and not passes["writing"]:
            passes["writing"] = True
            return True
        return not (passes["writing"] and done >= 600)

    with pytest.raises(ImportCancelled) as cancelled:
        apply_catalog_import(db, path, progress=cancel_after_two_batches)
    assert cancelled.value.done == 600
    assert snapshot(db) == before  # the moved barcodes are back with their old products
    assert workshops(db) == workshops_before
    assert find_by_code(db, "2002000000033").sku == "BNA-ANY-001"
    assert len(undone_entries(db)) == 1 and "(cancelled)" in undone_entries(db)[0]
    no_leftovers(db)
    # and the same file imports whole afterwards
    assert apply_catalog_import(db, path).added == ROWS + 1


def test_a_product_changed_meanwhile_stops_and_undoes_the_import_and_keeps_that_change(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixed_batches(monkeypatch, 300)
    path = catalog_file(tmp_path / "besar.csv", ROWS)
    before = snapshot(db)
    passes = {"writing": False}

    def change_a_price_on_another_screen(done: int, total: int) -> bool:
        if done == total and not passes["writing"]:
            passes["writing"] = True
        elif passes["writing"] and done == 300:
            with db.write() as session:  # somebody else edits a product the file changes
                session.execute(
                    Product.__table__.update()  # type: ignore[attr-defined]
                    .where(Product.sku == "BNA-BES-001")
                    .values(price=4_321)
                )
        return True

    with pytest.raises(CatalogChangedDuringImport) as changed:
        apply_catalog_import(db, path, progress=change_a_price_on_another_screen)
    assert changed.value.sku == "BNA-BES-001"
    after = {row[0]: row for row in snapshot(db)}
    assert after["BNA-BES-001"][3] == 4_321  # their change stays
    assert [r for r in snapshot(db) if r[0] != "BNA-BES-001"] == [
        r for r in before if r[0] != "BNA-BES-001"
    ]
    assert "(changed)" in undone_entries(db)[0]
    no_leftovers(db)


def test_a_second_import_is_refused_while_one_is_running(db: Database, tmp_path: Path) -> None:
    path = catalog_file(tmp_path / "kecil.csv", 10, moved=False)
    with db.write() as session:  # a live import on another laptop: fresh heartbeat
        write_marker(
            session,
            Marker("other", "kasa2.csv", "", "another-laptop", 1, beat=time.time()),
        )
    with pytest.raises(CatalogImportRunning) as running:
        apply_catalog_import(db, path)
    assert running.value.file_name == "kasa2.csv"
    with db.read() as session:
        assert session.scalar(select(Setting.value).where(Setting.key == MARKER_KEY))


def killed_import(tmp_path: Path) -> tuple[Path, list[tuple[object, ...]], int]:
    """A till's data folder where a child process was importing ``ROWS`` products and was
    killed (SIGKILL) after some batches; with the catalog and workshop count from before."""
    from bazaar_pos.startup import open_till

    data = tmp_path / "data"
    till = open_till(data, seed_demo=True, anonymous_setup=True)
    before, workshops_before = snapshot(till.db), workshops(till.db)
    till.db.dispose()
    path = catalog_file(tmp_path / "besar.csv", ROWS)
    child = textwrap.dedent(
        f"""
        import os, signal
        import bazaar_pos.catalog.csv_file as csv_file
        from bazaar_pos.startup import open_till
        csv_file.APPLY_BATCH = csv_file.MIN_APPLY_BATCH = csv_file.MAX_APPLY_BATCH = 300
        till = open_till({str(data)!r}, anonymous_setup=True)
        seen = []
        def progress(done, total):
            seen.append(done)
            if seen.count(total) == 1 and done == 600 and len(seen) > 2:
                os.kill(os.getpid(), signal.SIGKILL)
            return True
        csv_file.apply_catalog_import(till.db, {str(path)!r}, progress=progress)
        """
    )
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    finished = subprocess.run([sys.executable, "-c", child], env=env, timeout=120, check=False)
    assert finished.returncode == -9
    return data, before, workshops_before


def test_an_import_killed_half_way_is_undone_by_the_next_import(tmp_path: Path) -> None:
    """A child process imports and is killed (SIGKILL) after some batches; a till that had the
    file open all along finds its marker (dead pid) at its next import and undoes it first."""
    from bazaar_pos.db.engine import sqlite_url
    from bazaar_pos.paths import database_path

    data, before, workshops_before = killed_import(tmp_path)
    # Opened without the start-up (which undoes it itself): the till that was already running.
    db = Database(sqlite_url(database_path(data)), anonymous_setup=True)
    try:
        with db.read() as session:
            marker = read_marker(session)
            assert marker is not None and marker.file_name == "besar.csv"
            assert Path(marker.undo_path).exists()
            assert session.scalar(select(func.count()).select_from(Product)) > len(before)
        small = catalog_file(tmp_path / "lain.csv", 3, price=2_000, moved=False)
        result = apply_catalog_import(db, small)
        assert result.added == 3
        after = {row[0]: row for row in snapshot(db)}
        assert {sku for sku in after} == {row[0] for row in before} | {
            f"BNA-N{n:05d}" for n in range(3)
        }
        assert [after[row[0]][:4] for row in before if row[0] != "BNA-BES-001"] == [
            row[:4] for row in before if row[0] != "BNA-BES-001"
        ]
        assert after["BNA-BES-001"][3] == 999  # from the second file
        assert workshops(db) == workshops_before + 1  # "Besek massal", by the second file
        assert "(interrupted)" in undone_entries(db)[0]
        no_leftovers(db)
    finally:
        db.dispose()


def test_an_import_killed_half_way_is_undone_when_the_till_starts(tmp_path: Path) -> None:
    """Nobody imports again: the next start puts the catalog back as it was before the
    import, journaled, and leaves no marker or undo log behind."""
    from bazaar_pos.startup import open_till

    data, before, workshops_before = killed_import(tmp_path)
    till = open_till(data, anonymous_setup=True)
    try:
        assert snapshot(till.db) == before  # barcodes, names, prices, workshops, archived
        assert workshops(till.db) == workshops_before
        [entry] = undone_entries(till.db)
        assert "besar.csv: import undone (interrupted)" in entry
        no_leftovers(till.db)
    finally:
        till.db.dispose()
    again = open_till(data, anonymous_setup=True)  # nothing left to undo: nothing journaled
    try:
        assert len(undone_entries(again.db)) == 1
    finally:
        again.db.dispose()


def test_the_start_leaves_an_import_still_running_on_another_till_alone(tmp_path: Path) -> None:
    """Its heartbeat is fresh: the marker, its undo log and what it wrote so far stay."""
    from bazaar_pos.startup import open_till

    data = tmp_path / "data"
    till = open_till(data, seed_demo=True, anonymous_setup=True)
    undo = Path(str(till.db.engine.url.database) + ".catalog-import-live.undo")
    undo.write_text('{"insert": []}\n', encoding="utf-8")
    with till.db.write() as session:
        write_marker(
            session,
            Marker("live", "kasa2.csv", str(undo), "another-laptop", 1, beat=time.time()),
        )
    till.db.dispose()
    again = open_till(data, anonymous_setup=True)
    try:
        with again.db.read() as session:
            marker = read_marker(session)
        assert marker is not None and marker.import_id == "live"
        assert undo.exists()
        assert undone_entries(again.db) == []
    finally:
        again.db.dispose()


@pytest.mark.sqlite_only(
    "the undo log beside the SQLite file; on PostgreSQL the import is one transaction, "
    "undone by the database's own rollback"
)
def test_the_undo_log_records_are_json_lines_written_before_each_batch(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixed_batches(monkeypatch, 300)
    path = catalog_file(tmp_path / "besar.csv", ROWS)
    seen: list[list[dict[str, object]]] = []
    passes = {"writing": False}

    def look_at_the_log(done: int, total: int) -> bool:
        if not passes["writing"]:  # still checking: nothing written, no log yet
            passes["writing"] = done == total
            return True
        with db.read() as session:
            marker = read_marker(session)
        assert marker is not None
        text = Path(marker.undo_path).read_text(encoding="utf-8")
        seen.append([json.loads(line) for line in text.splitlines()])
        assert oct(Path(marker.undo_path).stat().st_mode & 0o777) == oct(0o600)
        return True

    apply_catalog_import(db, path, progress=look_at_the_log)
    first = seen[0]
    assert "clear" in first[0] and "workshops" in first[1] and len(first[2]["insert"]) == 300
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 0


@pytest.mark.sqlite_only(
    "the undo log beside the SQLite file; on PostgreSQL the import is one transaction, "
    "undone by the database's own rollback"
)
def test_the_undo_log_of_an_import_that_finished_is_removed_by_the_next_one(
    db: Database, tmp_path: Path
) -> None:
    """Killed between its last commit and deleting its log: nothing to undo, the file goes
    once it is older than a running import's heartbeat (a fresh one may be an import in
    another process that has not set its marker yet: it stays)."""
    stray = Path(str(db.engine.url.database) + ".catalog-import-0123abcd.undo")
    stray.write_text('{"insert": ["not-a-product"]}\n', encoding="utf-8")
    starting = Path(str(db.engine.url.database) + ".catalog-import-4567ef01.undo")
    starting.write_text('{"clear": []}\n', encoding="utf-8")
    old = time.time() - STALE_AFTER_SECONDS - 5
    os.utime(stray, (old, old))
    apply_catalog_import(db, catalog_file(tmp_path / "kecil.csv", 2, moved=False))
    assert not stray.exists()
    assert starting.exists()
    assert undone_entries(db) == []


def test_batches_grow_while_quick_and_shrink_when_slow_within_their_bounds() -> None:
    target = csv_file.TARGET_HOLD_SECONDS
    assert csv_file.next_batch_size(500, target / 4) == 1000
    assert csv_file.next_batch_size(500, target) == 500
    assert csv_file.next_batch_size(500, target * 2) == 250
    assert csv_file.next_batch_size(csv_file.MAX_APPLY_BATCH, 0.0) == csv_file.MAX_APPLY_BATCH
    assert csv_file.next_batch_size(csv_file.MIN_APPLY_BATCH, 9.0) == csv_file.MIN_APPLY_BATCH


def test_a_till_sells_while_the_import_is_writing_without_waiting_for_it(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite the till sells between the import's short transactions; on PostgreSQL inside
    its one long transaction, which holds the write lock only for its last step. The sale runs
    in another thread while the import's progress is being told: had it to wait for the
    import, it could never finish (the import waits for this callback)."""
    fixed_batches(monkeypatch, 300)
    path = catalog_file(tmp_path / "besar.csv", ROWS)
    sold: list[str] = []
    passes = {"writing": False}

    def sell_meanwhile(done: int, total: int) -> bool:
        if not passes["writing"]:
            passes["writing"] = done == total
            return True
        if not sold:
            till = Database(db.url, anonymous_setup=True)
            seller = threading.Thread(target=lambda: sold.append(sell_one(till)))
            seller.start()
            seller.join(timeout=20)
            till.dispose()
            assert sold, "the sale waited for the import"
        return True

    result = apply_catalog_import(db, path, progress=sell_meanwhile)
    assert result.added > ROWS // 2 and len(sold) == 1
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 1
