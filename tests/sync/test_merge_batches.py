"""A merge in short write transactions: tills sell between them, and the merge is still
all-or-nothing (a clash found while writing, or its process killed between two batches)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import bazaar_pos.people.users
import bazaar_pos.sync.merge as merge
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.batched_write import Marker
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.errors import MergeInProgress
from bazaar_pos.paths import backups_dir, database_path
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.reports.event_report import end_of_event_report
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.stock.variance import variance_report
from bazaar_pos.sync import (
    ImportConflict,
    MergeCancelled,
    MergeRunning,
    export_till,
    import_export,
)
from bazaar_pos.sync.format import TABLES
from bazaar_pos.sync.merge_undo import read_marker, recover_interrupted_merge, write_marker
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.sync.support import KOPI_HITAM, Till, add_people, read_csv, row_counts, trade_a_day

# The office's own records of what happened: its audit entry of an undo and that entry's link.
OWN = ("audit_log", "journal_links", "till_keys")


@dataclass(frozen=True)
class Exported:
    folder: Path  # the till's full export, a folder
    uuids: dict[str, set[str]]  # table -> the uuids the export carries


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    folder = tmp_path_factory.mktemp("batches")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
        db = open_till(folder / "till", seed_demo=True, anonymous_setup=True).db
        save_settings(db, load_settings(db).with_changes(till_code="BPN1"))
        till = Till(db, "BPN1", add_people(db, "BPN1"))
        trade_a_day(till)
        for _ in range(6):  # a few more sales: sales, lines and payments span several batches
            till.open_shift()
            till.sell([till_line(db, KOPI_HITAM, 2)])
            till.close_shift()
        export_till(db, folder / "export", exported_by=till.people.supervisor)
        db.dispose()
    uuids: dict[str, set[str]] = {}
    for spec in TABLES:
        rows = read_csv(folder / "export" / spec.file_name)
        if "uuid" in rows[0]:
            at = rows[0].index("uuid")
            uuids[spec.name] = {row[at] for row in rows[1:]}
    yield Exported(folder / "export", uuids)


def till_line(db: Database, sku: str, quantity: int) -> SaleLineRequest:
    product = find_by_code(db, sku)
    return SaleLineRequest(product.id, quantity, product.price)


def office(path: Path) -> Database:
    """The office laptop: a till of its own (demo catalog and event), code KTR1."""
    db = open_till(path, seed_demo=True, anonymous_setup=True).db
    save_settings(db, load_settings(db).with_changes(till_code="KTR1"))
    return db


def small_batches(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    for name in ("MERGE_BATCH", "MIN_MERGE_BATCH", "MAX_MERGE_BATCH"):
        monkeypatch.setattr(merge, name, rows)


def sell(db: Database, till_code: str = "KTR1") -> str:
    product = find_by_code(db, KOPI_HITAM)
    return commit_sale(
        db,
        [SaleLineRequest(product.id, 1, product.price)],
        PaymentRequest("cash", product.price),
        cashier="Kasir Kantor",
        till_code=till_code,
        event_id=None,
    ).receipt_no


def export_rows_here(db: Database, export: Exported) -> dict[str, int]:
    """How many of the export's records (by uuid) this database holds, per table."""
    found: dict[str, int] = {}
    with db.read() as session:
        for name, uuids in export.uuids.items():
            if name in ("institutions", "workshops", "products", "events", "users"):
                continue  # the office's own catalog may share rows by natural key
            here = {u for (u,) in session.execute(text(f"SELECT uuid FROM {name}"))}
            if here & uuids:
                found[name] = len(here & uuids)
    return found


def undone_entries(db: Database) -> list[str]:
    with db.read() as session:
        return [
            detail
            for (detail,) in session.execute(
                text("SELECT detail FROM audit_log WHERE action = 'sync_import_undone'")
            )
        ]


def no_leftovers(db: Database) -> None:
    with db.read() as session:
        assert read_marker(session) is None
    folder = Path(str(db.engine.url.database)).parent
    assert not list(folder.glob("*.undo"))


def counts_without_own(db: Database) -> Counter[str]:
    return Counter({k: v for k, v in row_counts(db).items() if k not in OWN})


# --- killed between batches ----------------------------------------------------------------


@pytest.mark.parametrize(
    "undone_by", ["the start of the till", "the next import", "recover_interrupted_merge"]
)
def test_a_merge_killed_between_batches_is_undone_and_the_same_file_then_merges_whole(
    exported: Exported, tmp_path: Path, undone_by: str
) -> None:
    """A child process merges in batches of 3 rows and is killed (SIGKILL) half-way; the
    database is then as before the merge, its journal verifies, and the export merges whole."""
    reference = office(tmp_path / "reference")
    whole = import_export(reference, exported.folder, imported_by="Admin Kanwil")
    reference.dispose()

    data = tmp_path / "office"
    db = office(data)
    before = counts_without_own(db)
    db.dispose()
    child = textwrap.dedent(
        f"""
        import os, signal
        import bazaar_pos.sync.merge as merge
        from bazaar_pos.startup import open_till
        merge.MERGE_BATCH = merge.MIN_MERGE_BATCH = merge.MAX_MERGE_BATCH = 3
        db = open_till({str(data)!r}, anonymous_setup=True).db
        def progress(done, total):
            if done * 2 >= total:  # half of the rows written: the process dies here
                os.kill(os.getpid(), signal.SIGKILL)
        merge.import_export(db, {str(exported.folder)!r}, imported_by="Admin", progress=progress)
        """
    )
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    finished = subprocess.run([sys.executable, "-c", child], env=env, timeout=300, check=False)
    assert finished.returncode == -9

    if undone_by == "the start of the till":
        db = open_till(data, anonymous_setup=True).db
        try:
            with db.read() as session:
                assert read_marker(session) is None
            assert counts_without_own(db) == before
            assert export_rows_here(db, exported) == {}
            assert "(interrupted)" in undone_entries(db)[0]
            assert verify_journal(db, None).ok
            no_leftovers(db)
        finally:
            db.dispose()
        return
    # Opened as it stands (open_till would undo it first), to see what the merge left.
    db = Database(sqlite_url(database_path(data)), anonymous_setup=True)
    try:
        with db.read() as session:
            marker = read_marker(session)
        assert marker is not None and marker.file_name == exported.folder.name
        assert Path(marker.undo_path).exists()
        assert sum(export_rows_here(db, exported).values()) > 0  # half merged
        if undone_by == "recover_interrupted_merge":
            summary = recover_interrupted_merge(db)
            assert summary is not None and summary.rows_removed > 0 and summary.kept == 0
            assert counts_without_own(db) == before
            assert export_rows_here(db, exported) == {}
            assert verify_journal(db, None).ok
            no_leftovers(db)
        result = import_export(db, exported.folder, imported_by="Admin Kanwil")
        assert (result.added, result.updated) == (whole.added, whole.updated)
        assert "(interrupted)" in undone_entries(db)[0]
        assert len(undone_entries(db)) == 1
        assert verify_journal(db, None).ok
        assert export_rows_here(db, exported) == {
            name: len(uuids)
            for name, uuids in exported.uuids.items()
            if uuids and name not in ("institutions", "workshops", "products", "events", "users")
        }
        no_leftovers(db)
    finally:
        db.dispose()


# --- cancelled by the person merging ------------------------------------------------------


def test_a_merge_cancelled_between_batches_is_undone_and_the_same_file_then_merges_whole(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Batal" half-way (the progress answers False): every batch written is deleted again,
    one audit entry says the person cancelled, the journal verifies, and the same export then
    merges whole."""
    small_batches(monkeypatch, 3)
    db = office(tmp_path / "office")
    before = counts_without_own(db)
    answers: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        answers.append((done, total))
        return done * 2 < total  # half of the rows written: "Batal"

    with pytest.raises(MergeCancelled) as cancelled:
        import_export(db, exported.folder, imported_by="Admin Kanwil", progress=progress)

    assert cancelled.value.path == exported.folder
    assert answers[0][0] == 0 and answers[-1][0] * 2 >= answers[-1][1] > 0
    assert counts_without_own(db) == before
    assert export_rows_here(db, exported) == {}
    assert len(undone_entries(db)) == 1 and "(cancelled)" in undone_entries(db)[0]
    assert verify_journal(db, None).ok
    no_leftovers(db)
    result = import_export(db, exported.folder, imported_by="Admin Kanwil")
    assert not result.already_imported and result.rows_added > 0
    assert verify_journal(db, None).ok


def test_a_merge_cancelled_before_its_first_batch_writes_nothing_at_all(
    exported: Exported, tmp_path: Path
) -> None:
    """Cancelled while the export was read and planned: no backup, no marker, no row, no
    audit entry (there is nothing to undo)."""
    db = office(tmp_path / "office")
    before = row_counts(db)
    backups = backups_dir(tmp_path / "office")
    backups_before = sorted(backups.glob("*")) if backups.exists() else []

    with pytest.raises(MergeCancelled):
        import_export(db, exported.folder, imported_by="Admin Kanwil", progress=lambda *_: False)

    assert row_counts(db) == before
    assert (sorted(backups.glob("*")) if backups.exists() else []) == backups_before
    no_leftovers(db)


def test_a_progress_that_answers_nothing_never_cancels(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only False stops a merge: a callback written before cancelling existed (None) does not."""
    small_batches(monkeypatch, 50)
    db = office(tmp_path / "office")
    result = import_export(db, exported.folder, imported_by="Admin", progress=lambda *_: None)
    assert result.rows_added > 0


# --- a clash found while writing ------------------------------------------------------------


def test_a_receipt_number_taken_while_writing_undoes_the_whole_merge(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the plan was made, a sale is written on the same file under the export's till
    code *and device* (whatever wrote it: a copy of that laptop's database selling on the
    office's file): its receipt BPN1-000001 is the export's first. The merge finds it while
    writing, undoes every batch it wrote and says which row. (Another laptop's BPN1-000001 is
    no clash: receipts are unique per device.)"""
    small_batches(monkeypatch, 4)
    db = office(tmp_path / "office")
    other_till = Database.open(sqlite_url(Path(str(db.engine.url.database))), anonymous_setup=True)
    device = json.loads((exported.folder / "manifest.json").read_text(encoding="utf-8"))["till_id"]
    sold: list[str] = []

    def progress(done: int, total: int) -> None:
        if not sold:
            sold.append(sell(other_till, till_code="BPN1"))
            with other_till.write() as session:
                session.execute(
                    text("UPDATE sales SET till_id = :d WHERE receipt_no = 'BPN1-000001'"),
                    {"d": device},
                )

    with pytest.raises(ImportConflict) as refused:
        import_export(db, exported.folder, imported_by="Admin Kanwil", progress=progress)
    assert sold == ["BPN1-000001"]
    assert "refused a row written here meanwhile" in str(refused.value)
    assert "sales.csv" in str(refused.value)
    assert export_rows_here(db, exported) == {}
    assert "(conflict: " in undone_entries(db)[0]
    assert verify_journal(db, None).ok
    no_leftovers(db)
    with db.read() as session:  # the till's sale is kept, of course
        assert (
            session.execute(
                text("SELECT count(*) FROM sales WHERE receipt_no = 'BPN1-000001'")
            ).scalar_one()
            == 1
        )
    other_till.dispose()


def test_a_second_merge_is_refused_while_one_is_being_written(
    exported: Exported, tmp_path: Path
) -> None:
    db = office(tmp_path / "office")
    with db.write() as session:  # a live merge on another laptop: fresh heartbeat
        write_marker(
            session, Marker("other", "kasa2.zip", "", "another-laptop", 1, beat=time.time())
        )
    before = row_counts(db)
    with pytest.raises(MergeRunning) as running:
        import_export(db, exported.folder, imported_by="Admin Kanwil")
    assert running.value.file_name == "kasa2.zip"
    assert row_counts(db) == before
    with db.read() as session:
        marker = read_marker(session)
    assert marker is not None and marker.import_id == "other"  # the other merge's, untouched


def test_the_end_of_event_and_variance_reports_refuse_while_a_merge_is_written(
    tmp_path: Path,
) -> None:
    db = office(tmp_path / "office")
    event = load_settings(db).current_event_id
    assert event is not None
    end_of_event_report(db, None, event)  # no merge: made as ever
    with db.write() as session:
        write_marker(session, Marker("m", "kasa2.zip", "", "another-laptop", 1, time.time()))
    for make in (end_of_event_report, variance_report):
        with pytest.raises(MergeInProgress) as refused:
            make(db, None, event)
        assert refused.value.file_name == "kasa2.zip"


# --- the tills keep selling -----------------------------------------------------------------


def test_another_till_commits_sales_between_the_batches_of_a_merge(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A till on the same file sells in a loop while the merge writes in batches of 5 rows:
    its sales commit between the merge's batches, none waits long, and the merge is whole."""
    small_batches(monkeypatch, 5)
    db = office(tmp_path / "office")
    till = Database.open(sqlite_url(Path(str(db.engine.url.database))), anonymous_setup=True)
    batches: list[float] = []  # when each batch of the merge had committed
    sales: list[tuple[float, float]] = []  # (began, committed) of each sale of the till
    failures: list[BaseException] = []
    stop = threading.Event()

    def sell_in_a_loop() -> None:
        while not stop.is_set():
            began = time.monotonic()
            try:
                sell(till)
            except BaseException as error:  # what the cashier would have seen
                failures.append(error)
                return
            sales.append((began, time.monotonic()))
            time.sleep(0.002)

    def progress(done: int, total: int) -> None:
        batches.append(time.monotonic())

    seller = threading.Thread(target=sell_in_a_loop)
    seller.start()
    try:
        result = import_export(db, exported.folder, imported_by="Admin Kanwil", progress=progress)
    finally:
        stop.set()
        seller.join(timeout=60)
    assert failures == []
    assert len(batches) > 10 and result.rows_added > 0
    between = [end for _, end in sales if batches[0] < end < batches[-1]]
    assert between, "no sale got in between the merge's batches"
    # Generous: a sale that waited for a whole merge in one transaction would take the merge's
    # time; here each waits at most about one batch.
    assert max(end - began for began, end in sales) < 2.0
    assert verify_journal(db, None).ok
    no_leftovers(db)
    till.dispose()


def test_a_merge_alone_on_its_file_does_not_pause_and_one_shared_with_a_till_does(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pauses between batches are for tills on the same file: an office laptop merging
    with nobody else on its file skips them; a till process with the file open gets them."""
    small_batches(monkeypatch, 50)
    pauses: list[float] = []
    monkeypatch.setattr(merge, "pause_between_batches", pauses.append)

    alone = office(tmp_path / "alone")
    result = import_export(alone, exported.folder, imported_by="Admin Kanwil")
    alone.dispose()
    assert result.rows_added > 0 and pauses == []

    shared = office(tmp_path / "shared")
    path = str(shared.engine.url.database)
    till = (
        "import sqlite3, time\n"
        f"c = sqlite3.connect({path!r}); c.execute('SELECT 1 FROM settings').fetchall()\n"
        "print('open', flush=True); time.sleep(120)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", till], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        import_export(shared, exported.folder, imported_by="Admin Kanwil")
    finally:
        child.kill()
        child.wait()
        shared.dispose()
    assert len(pauses) > 10


def test_a_merge_beside_a_till_of_its_own_process_pauses_though_nobody_else_has_the_file(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app merging on a worker thread while its sale screen sells: no other process has
    the file open, but the merge is told a till sells beside it, and keeps its batches short
    with a pause after each."""
    small_batches(monkeypatch, 50)
    pauses: list[float] = []
    monkeypatch.setattr(merge, "pause_between_batches", pauses.append)
    db = office(tmp_path / "till")
    sizes: list[int] = []
    real_next = merge.next_batch_size

    def recorded(size: int, held: float, **kwargs: Any) -> int:
        sizes.append(kwargs["largest"])
        return real_next(size, held, **kwargs)

    monkeypatch.setattr(merge, "next_batch_size", recorded)
    result = import_export(db, exported.folder, imported_by="Admin", beside_a_till=True)
    db.dispose()
    assert result.rows_added > 0 and len(pauses) > 10
    assert set(sizes) <= {merge.MAX_MERGE_BATCH}  # never the batches of a merge alone


def test_a_till_sells_while_a_merge_is_writing_without_waiting_for_it(
    exported: Exported,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_url: Callable[[str], str],
) -> None:
    """On SQLite the till sells between the merge's short transactions; on PostgreSQL inside
    the merge's one transaction, which takes the write lock only for its last step. The sale
    runs in another thread while the merge tells its progress: had it to wait for the merge,
    it could never finish (the merge waits for this callback)."""
    small_batches(monkeypatch, 5)
    url = database_url("office.sqlite3")
    db = open_till(tmp_path / "office", url, seed_demo=True, anonymous_setup=True).db
    save_settings(db, load_settings(db).with_changes(till_code="KTR1"))
    sold: list[str] = []
    calls = {"count": 0}

    def progress(done: int, total: int) -> None:
        calls["count"] += 1
        if calls["count"] == 3 and not sold:  # well inside the writing
            till = Database(url, anonymous_setup=True)
            seller = threading.Thread(target=lambda: sold.append(sell(till)))
            seller.start()
            seller.join(timeout=20)
            till.dispose()
            assert sold, "the sale waited for the merge"

    result = import_export(db, exported.folder, imported_by="Admin Kanwil", progress=progress)
    assert result.rows_added > 0 and len(sold) == 1
    assert verify_journal(db, None).ok
    db.dispose()
