"""The "Sinkronisasi" actions: export and import on the operations layer (progress and
"Batal" in the status bar), the import with a summary; every message of a refused export says
which export, file, line and column."""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.identity import own_identity
from bazaar_pos.db.models import Sale, SyncExport, SyncImport
from bazaar_pos.errors import MergeInProgress
from bazaar_pos.paths import database_path
from bazaar_pos.people.access import Actor, NotPermitted
from bazaar_pos.settings import TillSettings, load_settings, save_settings
from bazaar_pos.startup import Till, open_till
from bazaar_pos.sync import (
    Conflict,
    ExportCancelled,
    ExportChecksumMismatch,
    ExportRefused,
    ExportResult,
    ExportRowError,
    ExportTargetExists,
    ExportUnreadable,
    ExportUntrusted,
    ImportConflict,
    ImportResult,
    KeyStatus,
    MergeCancelled,
    MergeRunning,
    RefusalReason,
    TrustProblem,
    export_till,
)
from bazaar_pos.sync.export import Progress as ExportProgress
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, SaleResult, commit_sale
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.operations import OperationsBar, operations
from bazaar_pos.ui.sync import dialogs as sync_dialogs
from bazaar_pos.ui.sync.messages import describe_sync_error
from tests.conftest import Staff
from tests.sync.support import replace_cell, rewrite_zip
from tests.ui.operations_support import finish_operations

TALENAN = "2003000000030"  # Rp 45.000
BESEK = "2002000000019"  # Rp 125


# --- helpers --------------------------------------------------------------------------------
def sell(
    db: Database, till_code: str, *items: tuple[str, int], cashier: object = "Rina"
) -> SaleResult:
    lines = []
    for code, quantity in items:
        product = find_by_code(db, code)
        lines.append(SaleLineRequest(product.id, quantity, product.price))
    return commit_sale(
        db,
        lines,
        PaymentRequest("cash"),
        cashier=cashier,  # type: ignore[arg-type]
        till_code=till_code,
        event_id=load_settings(db).current_event_id,
    )


def receipts(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Sale.receipt_no).order_by(Sale.receipt_no)))


def count_rows(db: Database, table: type[SyncExport] | type[SyncImport]) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


class Informed:
    """Replaces ``ask.report``: keeps (title, text) of every message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def __call__(
        self, parent: QWidget | None, title: str, text: str, *, problem: bool = False
    ) -> None:
        self.messages.append((title, text))


class Summaries:
    """Replaces ``sync_dialogs.show_import_summary``."""

    def __init__(self) -> None:
        self.shown: list[tuple[list[ImportResult], str]] = []

    def __call__(
        self, parent: QWidget | None, results: Sequence[ImportResult], problem: str = ""
    ) -> None:
        self.shown.append((list(results), problem))


@pytest.fixture
def settings(till: Till) -> TillSettings:
    return load_settings(till.db)


@pytest.fixture
def informed(monkeypatch: pytest.MonkeyPatch) -> Informed:
    informed = Informed()
    monkeypatch.setattr(ask, "report", informed)
    return informed


@pytest.fixture
def summaries(monkeypatch: pytest.MonkeyPatch) -> Summaries:
    summaries = Summaries()
    monkeypatch.setattr(sync_dialogs, "show_import_summary", summaries)
    return summaries


@pytest.fixture
def documents_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(sync_dialogs, "default_export_folder", lambda: folder)
    return folder


@pytest.fixture
def bna1(tmp_path: Path) -> Iterator[Till]:
    """Another laptop: till BNA1, the same demo event, two sales."""
    till = open_till(tmp_path / "bna1", seed_demo=True, anonymous_setup=True)
    save_settings(till.db, load_settings(till.db).with_changes(till_code="BNA1"))
    sell(till.db, "BNA1", (TALENAN, 2))
    sell(till.db, "BNA1", (BESEK, 3), (TALENAN, 1))
    yield till
    till.db.dispose()


def export_now(
    qtbot: QtBot,
    parent: QWidget | None,
    db: Database,
    settings: TillSettings,
    actor: Actor,
    kind: str,
) -> ExportResult | None:
    """The menu's export, waited for: its result, or None (nothing chosen, refused)."""
    written: list[ExportResult] = []
    sync_dialogs.export_with_progress(parent, db, settings, actor, kind=kind, then=written.append)
    finish_operations(qtbot)
    return written[0] if written else None


def import_now(qtbot: QtBot, db: Database, actor: Actor) -> list[ImportResult] | None:
    """The menu's import, waited for: the exports merged, or None if nothing was chosen."""
    merged: list[list[ImportResult]] = []
    if sync_dialogs.import_with_summary(None, db, actor, then=merged.append) is None:
        return None
    finish_operations(qtbot)
    [results] = merged
    return results


def choose_suggested(suggestions: list[Path]) -> Callable[[QWidget | None, str, Path], Path]:
    def choose(parent: QWidget | None, title: str, suggested: Path) -> Path:
        suggestions.append(suggested)
        return suggested

    return choose


# --- export ---------------------------------------------------------------------------------
def test_export_writes_the_zip_and_tells_rows_per_file(
    qtbot: QtBot,
    db: Database,
    settings: TillSettings,
    staff: Staff,
    shift: int,
    documents_folder: Path,
    informed: Informed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sell(db, "BPN1", (TALENAN, 2), cashier=staff.cashier)
    suggestions: list[Path] = []
    monkeypatch.setattr(sync_dialogs, "choose_export_path", choose_suggested(suggestions))
    parent = QWidget()
    qtbot.addWidget(parent)
    today = dt.date.today().isoformat()

    result = export_now(qtbot, parent, db, settings, staff.supervisor, "incremental")

    # The first export of a till is a full one, whatever was asked, and is named so.
    assert suggestions == [documents_folder / f"bazaar-BPN1-{today}-001-full.zip"]
    assert result is not None
    assert result.path == suggestions[0]
    assert (result.till_code, result.sequence, result.kind) == ("BPN1", 1, "full")
    with zipfile.ZipFile(result.path) as archive:
        names = set(archive.namelist())
    assert {"manifest.json", "sales.csv", "sale_lines.csv", "payments.csv"} <= names
    title, text = informed.messages[-1]
    assert title == "Ekspor data (sejak ekspor terakhir)"
    assert text.startswith("Ekspor ke-1 kasa BPN1 (lengkap): ")
    assert "\nsales: 1\n" in text
    assert "\nsale_lines: 1\n" in text
    assert "\nusers: 3\n" in text
    assert text.endswith(f"Disimpan di: {result.path}")
    assert list(documents_folder.iterdir()) == [result.path]  # no temporary file left

    # The next export gets the next number in its suggested name.
    suggestions.clear()
    sell(db, "BPN1", (BESEK, 4), cashier=staff.cashier)
    second = export_now(qtbot, parent, db, settings, staff.supervisor, "incremental")
    assert second is not None
    assert (second.sequence, second.kind) == (2, "incremental")
    assert second.row_counts["sales"] == 1
    assert suggestions == [documents_folder / f"bazaar-BPN1-{today}-002-incremental.zip"]
    title, text = informed.messages[-1]
    assert text.startswith("Ekspor ke-2 kasa BPN1 (sejak ekspor terakhir): ")
    assert sync_dialogs.export_status_text(second) == (
        f"Ekspor ke-2 ({sum(second.row_counts.values())} baris) disimpan: {second.path}"
    )


def test_batal_in_the_status_bar_stops_the_export_and_leaves_no_file(
    qtbot: QtBot,
    db: Database,
    settings: TillSettings,
    staff: Staff,
    tmp_path: Path,
    informed: Informed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The export runs on a worker, its first progress report held until "Batal" has been
    pressed in the status bar: the export sees the cancel there and leaves nothing."""
    target = tmp_path / "out" / "bazaar.zip"
    target.parent.mkdir()
    monkeypatch.setattr(sync_dialogs, "choose_export_path", lambda *_args: target)
    pressed = threading.Event()
    answers: list[bool] = []
    real_export = sync_dialogs.export_till

    def export_after_the_click(*args: Any, progress: ExportProgress, **kwargs: Any) -> Any:
        def held(done: int, total: int) -> bool:
            assert pressed.wait(30), "Batal was never pressed"
            answers.append(progress(done, total))
            return answers[-1]

        return real_export(*args, progress=held, **kwargs)

    monkeypatch.setattr(sync_dialogs, "export_till", export_after_the_click)
    window = QWidget()
    qtbot.addWidget(window)
    bar = OperationsBar(operations(), window)

    running = sync_dialogs.export_with_progress(window, db, settings, staff.admin, kind="full")

    assert running is not None
    entry = bar.entry(sync_dialogs.EXPORT_OP)
    assert entry is not None and entry.cancel_button.isVisibleTo(entry)
    entry.cancel_button.click()
    pressed.set()
    finish_operations(qtbot)
    assert answers == [False]  # the first report saw the cancel and stopped the export
    assert informed.messages == [
        ("Ekspor data lengkap", "Ekspor dibatalkan, tidak ada file yang ditulis.")
    ]
    assert list(target.parent.iterdir()) == []
    assert count_rows(db, SyncExport) == 0


def test_an_existing_target_is_refused_and_kept(
    qtbot: QtBot,
    db: Database,
    settings: TillSettings,
    staff: Staff,
    tmp_path: Path,
    informed: Informed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "taken.zip"
    target.write_bytes(b"keep me")
    monkeypatch.setattr(sync_dialogs, "choose_export_path", lambda *_args: target)
    assert export_now(qtbot, None, db, settings, staff.admin, "full") is None
    assert informed.messages == [
        (
            "Ekspor data lengkap",
            f"{target} sudah ada: pilih nama baru atau folder kosong. Tidak ada yang ditimpa.",
        )
    ]
    assert target.read_bytes() == b"keep me"


def test_no_file_chosen_means_nothing_happens(
    qtbot: QtBot,
    db: Database,
    settings: TillSettings,
    staff: Staff,
    informed: Informed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sync_dialogs, "choose_export_path", lambda *_args: None)
    assert sync_dialogs.export_with_progress(None, db, settings, staff.admin, kind="full") is None
    assert not operations().busy()
    assert informed.messages == []
    assert count_rows(db, SyncExport) == 0


# --- import ---------------------------------------------------------------------------------
def test_import_shows_the_summary_with_the_counts(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    bna1: Till,
    tmp_path: Path,
    summaries: Summaries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = export_till(bna1.db, tmp_path / "bna1-001.zip", kind="incremental")
    sell(bna1.db, "BNA1", (BESEK, 1))
    second = export_till(bna1.db, tmp_path / "bna1-002.zip", kind="incremental")
    chosen = [first.path, second.path]
    monkeypatch.setattr(sync_dialogs, "choose_import_paths", lambda *_args: list(chosen))

    results = import_now(qtbot, db, staff.admin)

    assert results is not None
    assert [(r.till_code, r.sequence, r.already_imported) for r in results] == [
        ("BNA1", 1, False),
        ("BNA1", 2, False),
    ]
    assert summaries.shown == [(results, "")]
    assert receipts(db) == ["BNA1-000001", "BNA1-000002", "BNA1-000003"]
    assert sync_dialogs.rows_changed(results) > 0
    text = sync_dialogs.import_summary_text(results)
    blocks = text.split("\n\n")
    # The first export of a till is a full one: the demo catalog it carries is here already
    # (matched by SKU, code, name); its opening stock movements are its own.
    assert blocks[0].startswith(
        f"Kasa BNA1, ekspor ke-1 (lengkap) — {first.path}\n"
        f"Kasa BNA1 (ID {first.till_id}), sidik kunci {first.key_fingerprint}: kunci baru, "
        "pertama kali dilihat di sini. Cocokkan dengan sidik kunci di laporan Z yang "
        "ditandatangani.\n"
        "62 baris ditambahkan, 44 sudah ada, 0 diperbarui.\n"
        "Ditambahkan: sales 2, sale_lines 3, payments 2, stock_movements 28, journal_links 27"
    )
    assert blocks[1].startswith(
        f"Kasa BNA1, ekspor ke-2 (sejak ekspor terakhir) — {second.path}\n"
        f"Kasa BNA1 (ID {first.till_id}), sidik kunci {first.key_fingerprint}: kunci sudah "
        "dikenal dari ekspor sebelumnya.\n"
    )
    assert "\nDitambahkan: sales 1, sale_lines 1, payments 1, stock_movements 1" in blocks[1]
    assert [r.added["sales"] for r in results] == [2, 1]

    # The same exports again: already imported, nothing to refresh.
    again = import_now(qtbot, db, staff.admin)
    assert again is not None
    assert [r.already_imported for r in again] == [True, True]
    assert sync_dialogs.rows_changed(again) == 0
    assert "Sudah pernah diimpor: tidak ada yang ditambahkan." in (
        sync_dialogs.import_summary_text(again)
    )
    assert count_rows(db, SyncImport) == 2


def test_the_summary_dialog_shows_counts_and_notes(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    results = [
        ImportResult(
            path=Path("/usb/bazaar-BNA1-2026-04-27-001-full.zip"),
            export_id="6f1c1d0e-0000-4000-8000-000000000001",
            till_code="BNA1",
            sequence=1,
            kind="full",
            already_imported=False,
            added={"sales": 120, "sale_lines": 310, "products": 0},
            already_present={"products": 30, "institutions": 3},
            updated={"shifts": 1},
            notes=(
                "products.csv line 7: TALENAN price here Rp 45.000, in the export "
                "Rp 50.000; kept here",
            ),
            till_id="0b7e5c1a-0000-4000-8000-00000000000a",
            key_fingerprint="AB12-CD34-EF56-7890-AB12-CD34-EF56-7890",
            key_status=KeyStatus.NEW,
        ),
        ImportResult(
            path=Path("/usb/bazaar-BLA1-2026-04-27-001-full.zip"),
            export_id="6f1c1d0e-0000-4000-8000-000000000002",
            till_code="BLA1",
            sequence=1,
            kind="full",
            already_imported=True,
            added={},
            already_present={},
            updated={},
            notes=(),
            till_id="0b7e5c1a-0000-4000-8000-00000000000b",
            key_fingerprint="1111-2222-3333-4444-5555-6666-7777-8888",
            key_status=KeyStatus.KNOWN,
        ),
    ]
    dialog = sync_dialogs.ImportSummaryDialog(results)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)  # type: ignore[no-untyped-call]
    model = dialog.model
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert row == [
        "BNA1",
        "1",
        "lengkap",
        "430",
        "33",
        "1",
        "1",
        "AB12-CD34-EF56-7890-AB12-CD34-EF56-7890 (baru)",
    ]
    assert model.index(1, model.COL_KEY).data() == (
        "1111-2222-3333-4444-5555-6666-7777-8888 (dikenal)"
    )
    assert model.index(1, model.COL_KIND).data() == "sudah pernah diimpor"
    assert dialog.headline.text() == "2 ekspor diimpor; 431 baris ditambahkan atau diperbarui."
    assert dialog.details.isReadOnly()
    assert dialog.details.toPlainText() == (
        "Kasa BNA1, ekspor ke-1 (lengkap) — /usb/bazaar-BNA1-2026-04-27-001-full.zip\n"
        "Kasa BNA1 (ID 0b7e5c1a-0000-4000-8000-00000000000a), sidik kunci "
        "AB12-CD34-EF56-7890-AB12-CD34-EF56-7890: kunci baru, pertama kali dilihat di sini. "
        "Cocokkan dengan sidik kunci di laporan Z yang ditandatangani.\n"
        "430 baris ditambahkan, 33 sudah ada, 1 diperbarui.\n"
        "Ditambahkan: sales 120, sale_lines 310\n"
        "Diperbarui: shifts 1\n"
        "Catatan (data di sini dipertahankan):\n"
        "• products.csv line 7: TALENAN price here Rp 45.000, in the export Rp 50.000; "
        "kept here\n"
        "\n"
        "Kasa BLA1, ekspor ke-1 (lengkap) — /usb/bazaar-BLA1-2026-04-27-001-full.zip\n"
        "Kasa BLA1 (ID 0b7e5c1a-0000-4000-8000-00000000000b), sidik kunci "
        "1111-2222-3333-4444-5555-6666-7777-8888: kunci sudah dikenal dari ekspor "
        "sebelumnya.\n"
        "Sudah pernah diimpor: tidak ada yang ditambahkan."
    )


def test_the_summary_and_the_reports_of_a_job_do_not_take_the_keyboard(qtbot: QtBot) -> None:
    """A merge or an export ends in the background, maybe mid-sale: what it did shows in a
    window that is not modal and is shown without being activated, so the scanner's digits
    and Enter stay in the scan field."""
    parent = QWidget()
    qtbot.addWidget(parent)
    sync_dialogs.show_import_summary(parent, [], "Impor ditolak.")
    ask.report(parent, "Ekspor data lengkap", "Ekspor dibatalkan.", problem=True)
    shown = [w for w in parent.findChildren(QWidget) if w.isWindow() and w.isVisible()]
    assert len(shown) == 2
    for window in shown:
        assert not window.isModal()
        assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        window.close()
    # Without a parent too: it stays on screen until it is closed (held, not collected).
    ask.report(None, "Impor data kasa lain", "Selesai.")
    gc.collect()
    [alone] = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not parent]
    assert alone.windowTitle() == "Impor data kasa lain"
    alone.close()


def test_a_corrupt_export_shows_file_and_line_and_writes_nothing(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    bna1: Till,
    tmp_path: Path,
    summaries: Summaries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = export_till(bna1.db, tmp_path / "bad.zip").path
    rewrite_zip(
        bad,
        "sales.csv",
        lambda text: replace_cell(text, 3, "total", "12a"),
        fix_manifest=True,
        sign_with=bna1.db,
    )
    monkeypatch.setattr(sync_dialogs, "choose_import_paths", lambda *_args: [bad])

    results = import_now(qtbot, db, staff.admin)

    assert results == []
    [(shown, problem)] = summaries.shown
    assert shown == []
    assert problem.startswith(f"Ekspor {bad}: sales.csv baris 3, kolom total: ")
    assert problem.endswith(". Tidak ada yang diimpor dari ekspor ini.")
    assert receipts(db) == []
    assert count_rows(db, SyncImport) == 0

    dialog = sync_dialogs.ImportSummaryDialog(shown, problem)
    qtbot.addWidget(dialog)
    assert dialog.headline.text() == "Impor ditolak: tidak ada yang ditulis."
    assert dialog.details.toPlainText() == problem


def test_a_truncated_export_is_refused_whole(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    bna1: Till,
    tmp_path: Path,
    summaries: Summaries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = export_till(bna1.db, tmp_path / "cut.zip").path
    rewrite_zip(bad, "sale_lines.csv", lambda text: text[:-20], fix_manifest=False)
    monkeypatch.setattr(sync_dialogs, "choose_import_paths", lambda *_args: [bad])
    assert import_now(qtbot, db, staff.admin) == []
    [(_, problem)] = summaries.shown
    assert problem.startswith(f"File sale_lines.csv di ekspor {bad} tidak sama dengan ")
    assert receipts(db) == []


def test_an_edited_export_with_recomputed_checksums_is_refused_by_its_signature(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    bna1: Till,
    tmp_path: Path,
    summaries: Summaries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forged = export_till(bna1.db, tmp_path / "forged.zip").path
    rewrite_zip(
        forged, "sales.csv", lambda text: replace_cell(text, 2, "total", "1000"), fix_manifest=True
    )
    monkeypatch.setattr(sync_dialogs, "choose_import_paths", lambda *_args: [forged])

    assert import_now(qtbot, db, staff.admin) == []

    [(_, problem)] = summaries.shown
    with bna1.db.read() as session:
        fingerprint = own_identity(session).fingerprint
    assert problem == (
        f"Tanda tangan ekspor {forged} tidak cocok dengan isinya: ekspor itu diubah setelah "
        f"dibuat di kasa BNA1 (sidik kunci {fingerprint}). Tidak ada yang diimpor; minta "
        "ekspor baru dari kasa itu."
    )
    assert receipts(db) == []
    assert count_rows(db, SyncImport) == 0


def test_only_an_admin_imports_from_the_dialog(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    bna1: Till,
    tmp_path: Path,
    summaries: Summaries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    export = export_till(bna1.db, tmp_path / "bna1.zip").path
    monkeypatch.setattr(sync_dialogs, "choose_import_paths", lambda *_args: [export])

    assert import_now(qtbot, db, staff.supervisor) == []

    [(_, problem)] = summaries.shown
    assert problem == describe_error(
        NotPermitted("sync_import", "admin", "spv", "supervisor")
    )  # the registry's sentence, not a traceback
    assert receipts(db) == []


def test_a_conflicting_export_lists_the_conflicts_after_the_good_ones(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    shift: int,
    bna1: Till,
    tmp_path: Path,
    summaries: Summaries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """BNA1's database restored on a second laptop from a copy and selling on: both print
    BNA1-000003, from the same device (another laptop with the same code would be merged)."""
    (tmp_path / "twin").mkdir()
    with (
        closing(sqlite3.connect(Path(str(bna1.db.engine.url.database)))) as source,
        closing(sqlite3.connect(database_path(tmp_path / "twin"))) as copy,
    ):
        source.backup(copy)
    twin = open_till(tmp_path / "twin", anonymous_setup=True)
    try:
        sell(twin.db, "BNA1", (BESEK, 2))
        twin_export = export_till(twin.db, tmp_path / "b-twin.zip").path
    finally:
        twin.db.dispose()
    sell(bna1.db, "BNA1", (TALENAN, 1))
    good = export_till(bna1.db, tmp_path / "a-good.zip").path
    sell(db, "BPN1", (TALENAN, 1), cashier=staff.cashier)
    monkeypatch.setattr(sync_dialogs, "choose_import_paths", lambda *_args: [good, twin_export])

    results = import_now(qtbot, db, staff.admin)

    assert results is not None and [r.till_code for r in results] == ["BNA1"]
    [(shown, problem)] = summaries.shown
    assert shown == results
    lines = problem.split("\n")
    assert lines[0].startswith(f"Ekspor {twin_export} bertentangan dengan data di sini (")
    assert any(line.startswith("• sales.csv baris 4 (kolom receipt_no") for line in lines[1:])
    assert receipts(db) == ["BNA1-000001", "BNA1-000002", "BNA1-000003", "BPN1-000001"]
    assert count_rows(db, SyncImport) == 1


def test_nothing_chosen_imports_nothing(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    summaries: Summaries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sync_dialogs, "choose_import_paths", lambda *_args: None)
    assert import_now(qtbot, db, staff.admin) is None
    assert summaries.shown == []


# --- messages -------------------------------------------------------------------------------
USB = Path("/media/usb/bazaar-BNA1.zip")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            ExportUnreadable(USB, "not_found"),
            f"Ekspor {USB} tidak ditemukan. Tidak ada yang diimpor.",
        ),
        (
            ExportUnreadable(USB, "missing_file", "payments.csv"),
            f"Ekspor {USB} tidak lengkap: file payments.csv tidak ada. Tidak ada yang "
            "diimpor; salin ulang ekspornya utuh.",
        ),
        (
            ExportUnreadable(USB, "unexpected_file", "notes.csv"),
            f"Ekspor {USB} berisi file notes.csv yang tidak tercatat di manifest "
            "(ditambahkan setelah ekspor?). Tidak ada yang diimpor.",
        ),
        (
            ExportChecksumMismatch(USB, "sales.csv"),
            f"File sales.csv di ekspor {USB} tidak sama dengan yang tercatat di manifest "
            "(terpotong saat disalin, atau diubah/disimpan ulang di spreadsheet). Tidak ada "
            "yang diimpor dari ekspor ini; salin ulang atau minta ekspor baru dari kasa itu.",
        ),
        (
            ExportRowError(USB, "sale_lines.csv", 1204, "quantity", "'x' is not a whole number"),
            f"Ekspor {USB}: sale_lines.csv baris 1.204, kolom quantity: 'x' is not a whole "
            "number. Tidak ada yang diimpor dari ekspor ini.",
        ),
        (ExportCancelled(), "Ekspor dibatalkan, tidak ada file yang ditulis."),
        (
            MergeCancelled(USB),
            f"Impor {USB} dibatalkan: yang sudah ditulis dihapus lagi, tidak ada yang disimpan "
            "dari ekspor ini.",
        ),
        (
            MergeRunning("bazaar-BPN2.zip"),
            "Impor data kasa lain (bazaar-BPN2.zip) sedang ditulis ke basis data ini; tunggu "
            "sampai selesai lalu coba lagi. Tidak ada yang diimpor dari ekspor ini.",
        ),
        (
            ExportTargetExists(USB),
            f"{USB} sudah ada: pilih nama baru atau folder kosong. Tidak ada yang ditimpa.",
        ),
    ],
)
def test_sync_error_sentences(error: Exception, expected: str) -> None:
    assert describe_sync_error(error) == expected


def test_a_forged_export_is_told_with_the_till_the_keys_and_the_record() -> None:
    changed = ExportUntrusted(
        USB,
        TrustProblem.KEY_CHANGED,
        till_code="BNA1",
        till_id="0b7e5c1a-0000-4000-8000-00000000000a",
        fingerprint="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-0000-1111",
        known_fingerprint="1111-2222-3333-4444-5555-6666-7777-8888",
    )
    assert describe_sync_error(changed) == (
        f"Ekspor {USB} mengaku dari kasa BNA1 (0b7e5c1a-0000-4000-8000-00000000000a) tetapi "
        "ditandatangani kunci lain: sidik kunci AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-0000-1111, "
        "padahal kunci yang dikenal untuk kasa itu 1111-2222-3333-4444-5555-6666-7777-8888. "
        "Mungkin laptop lain menyamar sebagai kasa itu. Tidak ada yang diimpor; cocokkan "
        "sidik kunci dengan laporan Z yang ditandatangani."
    )
    total = ExportRefused(
        USB,
        RefusalReason.SALE_TOTAL_LINES,
        "sales.csv",
        2,
        "BNA1-000001",
        "total Rp 1.000, line totals Rp 250.000",
    )
    assert describe_sync_error(total) == (
        f"Ekspor {USB} ditolak karena angkanya tidak cocok: sales.csv baris 2 (BNA1-000001): "
        "total penjualan tidak sama dengan jumlah total barisnya (total Rp 1.000, line "
        "totals Rp 250.000). Tidak ada yang diimpor dari ekspor ini; periksa laptop kasa itu."
    )
    admin = ExportRefused(USB, RefusalReason.USER_UNUSED, "users.csv", 5, "boss", "role admin")
    assert describe_sync_error(admin) == (
        f"Ekspor {USB} ditolak karena membawa akun: users.csv baris 5 (boss): pengguna ini "
        "tidak dirujuk oleh data mana pun di ekspor. Ekspor hanya membawa nama orang untuk "
        "datanya, tidak pernah akun. Tidak ada yang diimpor dari ekspor ini."
    )


def test_every_trust_problem_and_refusal_reason_has_its_own_sentence() -> None:
    untrusted = {describe_sync_error(ExportUntrusted(USB, reason)) for reason in TrustProblem}
    assert len(untrusted) == len(TrustProblem)
    assert all(text is not None and str(USB) in text for text in untrusted)
    refused = {
        describe_sync_error(ExportRefused(USB, reason, "x.csv", 2, "r", "d"))
        for reason in RefusalReason
    }
    assert len(refused) == len(RefusalReason)
    assert all(text is not None and "x.csv baris 2 (r)" in text for text in refused)


def test_every_unreadable_reason_has_its_own_sentence() -> None:
    from bazaar_pos.sync.errors import UNREADABLE_REASONS

    texts = {
        describe_sync_error(ExportUnreadable(USB, reason, "x")) for reason in UNREADABLE_REASONS
    }
    assert len(texts) == len(UNREADABLE_REASONS)
    assert all(text is not None and str(USB) in text for text in texts)


def test_a_long_conflict_list_is_cut_after_ten() -> None:
    conflicts = [
        Conflict("sales.csv", line, f"uuid-{line}", ("total",), f"sale {line} differs")
        for line in range(2, 16)
    ]
    conflicts.insert(0, Conflict("shifts.csv", 4, "u", (), "an open shift of BNA1 is here"))
    text = describe_sync_error(ImportConflict(USB, conflicts))
    assert text is not None
    lines = text.split("\n")
    assert lines[0].startswith(f"Ekspor {USB} bertentangan dengan data di sini (15 konflik)")
    assert lines[1] == "• shifts.csv baris 4: an open shift of BNA1 is here"
    assert lines[2] == "• sales.csv baris 2 (kolom total): sale 2 differs"
    assert len(lines) == 1 + 10 + 1
    assert lines[-1] == "… dan 5 lainnya"


def test_a_report_refused_during_a_merge_says_why_and_when_to_make_it() -> None:
    assert describe_error(MergeInProgress("bazaar-BPN2.zip")) == (
        "Data kasa lain (bazaar-BPN2.zip) sedang digabungkan ke basis data ini, atau "
        "penggabungannya terhenti dan menunggu dibatalkan: laporan sekarang akan memuat "
        "sebagiannya saja. Buat laporan setelah impor selesai (impor yang terhenti dibatalkan "
        "saat kasa dibuka lagi atau oleh impor berikutnya)."
    )


def test_other_errors_are_not_sync_errors() -> None:
    assert describe_sync_error(ValueError("x")) is None


def test_export_result_is_told_file_by_file() -> None:
    result = ExportResult(
        path=Path("/home/kasir/Documents/bazaar-BPN1-2026-04-27-003-incremental.zip"),
        export_id="e",
        till_code="BPN1",
        sequence=3,
        kind="incremental",
        row_counts={"sales": 1_250, "sale_lines": 3_400, "refunds": 0},
        bytes=123_456,
        till_id="0b7e5c1a-0000-4000-8000-00000000000c",
        key_fingerprint="AB12-CD34-EF56-7890-AB12-CD34-EF56-7890",
    )
    assert sync_dialogs.export_summary_text(result) == (
        "Ekspor ke-3 kasa BPN1 (sejak ekspor terakhir): 4.650 baris dalam 3 file.\n"
        "\n"
        "sales: 1.250\n"
        "sale_lines: 3.400\n"
        "\n"
        "Ditandatangani kunci kasa ini (ID 0b7e5c1a-0000-4000-8000-00000000000c), sidik kunci "
        "AB12-CD34-EF56-7890-AB12-CD34-EF56-7890: sama dengan yang tercetak di laporan Z.\n"
        f"Disimpan di: {result.path}"
    )
