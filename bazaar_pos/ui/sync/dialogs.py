"""The "Sinkronisasi" menu: export this till's data for the office, import other tills' exports.

Two user actions the main window calls: :func:`export_with_progress` (asks where to save, writes
the export, tells what was written) and :func:`import_with_summary` (asks which exports, merges
them one by one, shows what was added, what was already here and what differs). The writing and
the merging run on the operations layer (:mod:`bazaar_pos.ui.operations`): off the GUI thread,
their progress and "Batal" in the status bar, so the till sells meanwhile (a merge takes
minutes on a big export). What they did is told when they end, in a box that does not take the
keyboard from the cashier (``ask.report``, :func:`show_import_summary`).

Every window of the system or dialog that waits for the user is a module-level function a test
replaces: :func:`choose_export_path`, :func:`choose_import_paths`, :func:`show_import_summary`
(and ``ask.report`` for messages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.db import Database
from bazaar_pos.db.identity import short_device
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_number
from bazaar_pos.people.access import Actor
from bazaar_pos.settings import TillSettings
from bazaar_pos.sync import (
    ExportResult,
    ImportResult,
    KeyStatus,
    SharedTillCode,
    export_till,
    import_export,
    one_backup_before_import,
)
from bazaar_pos.sync.export import suggested_export_name
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.operations import Op, Progress, Running, run
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel
from bazaar_pos.ui.sync.messages import describe_sync_error

FULL, INCREMENTAL = "full", "incremental"
ZIP_FILTER = "ZIP (*.zip)"
# The operations' kinds: one export and one merge at a time.
EXPORT_OP, MERGE_OP = "sync_export", "sync_merge"


# --- replaceable windows --------------------------------------------------------------------
def default_export_folder() -> Path:
    """The user's documents folder (where people look for a file to put on a USB stick)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def choose_export_path(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    """Where to save the export (a .zip); None if cancelled. Tests replace this function."""
    return documents.choose_save_path(parent, title, suggested, ZIP_FILTER)


def choose_import_paths(parent: QWidget | None, start_dir: Path) -> list[Path] | None:
    """Which exports to import: .zip files, or the manifest.json of an export folder (which
    stands for its folder: a file chooser cannot pick files and folders at once). Sorted by
    name, so the exports of one till (``bazaar-BPN1-…-001``, ``-002``) go in order. None if
    cancelled; tests replace this function."""
    names, _ = QFileDialog.getOpenFileNames(
        parent,
        QCoreApplication.translate("SyncDialogs", "Pilih ekspor kasa lain"),
        str(start_dir),
        QCoreApplication.translate(
            "SyncDialogs",
            "Ekspor Bazaar POS (*.zip manifest.json);;Semua file (*)",
        ),
    )
    if not names:
        return None
    paths = [Path(name) for name in names]
    return sorted(path.parent if path.name == "manifest.json" else path for path in paths)


def show_import_summary(
    parent: QWidget | None, results: Sequence[ImportResult], problem: str = ""
) -> None:
    """Show what the import did (and the problem that stopped it); tests replace this. Not
    modal and not taking the keyboard: the merge ended in the background, maybe mid-sale."""
    ask.show_without_waiting(ImportSummaryDialog(results, problem, parent))


# --- texts ----------------------------------------------------------------------------------
def kind_label(kind: str) -> str:
    if kind == INCREMENTAL:
        return QCoreApplication.translate("SyncDialogs", "sejak ekspor terakhir")
    return QCoreApplication.translate("SyncDialogs", "lengkap")


def _total(counts: Mapping[str, int]) -> int:
    return sum(counts.values())


def export_summary_text(result: ExportResult) -> str:
    """What the export wrote: export number, rows per non-empty file, the key that signed it,
    where it is."""
    lines = [
        QCoreApplication.translate(
            "SyncDialogs",
            "Ekspor ke-{sequence} kasa {till} ({kind}): {rows} baris dalam {files} file.",
        ).format(
            sequence=result.sequence,
            till=result.till_code,
            kind=kind_label(result.kind),
            rows=format_number(_total(result.row_counts)),
            files=format_number(len(result.row_counts)),
        ),
        "",
    ]
    lines.extend(
        f"{name}: {format_number(count)}" for name, count in result.row_counts.items() if count
    )
    lines.extend(
        [
            "",
            QCoreApplication.translate(
                "SyncDialogs",
                "Ditandatangani kunci kasa ini (ID {till_id}), sidik kunci {fingerprint}: "
                "sama dengan yang tercetak di laporan Z.",
            ).format(till_id=result.till_id, fingerprint=result.key_fingerprint),
            QCoreApplication.translate("SyncDialogs", "Disimpan di: {path}").format(
                path=result.path
            ),
        ]
    )
    return "\n".join(lines)


def export_status_text(result: ExportResult) -> str:
    """One line for the status bar after an export."""
    return QCoreApplication.translate(
        "SyncDialogs", "Ekspor ke-{sequence} ({rows} baris) disimpan: {path}"
    ).format(
        sequence=result.sequence, rows=format_number(_total(result.row_counts)), path=result.path
    )


def _counts_by_file(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{name} {format_number(n)}" for name, n in counts.items() if n)


def key_status_label(status: KeyStatus) -> str:
    """Short: what this database knew of the key (the summary table's column)."""
    if status is KeyStatus.NEW:
        return QCoreApplication.translate("SyncDialogs", "baru")
    if status is KeyStatus.OWN:
        return QCoreApplication.translate("SyncDialogs", "kasa ini")
    return QCoreApplication.translate("SyncDialogs", "dikenal")


def key_line(result: ImportResult) -> str:
    """Which till signed the export and whether its key is new here: to compare with the
    fingerprint printed on that till's signed Z report and end-of-event report."""
    if result.key_status is KeyStatus.NEW:
        text = QCoreApplication.translate(
            "SyncDialogs",
            "Kasa {till} (ID {till_id}), sidik kunci {fingerprint}: kunci baru, pertama kali "
            "dilihat di sini. Cocokkan dengan sidik kunci di laporan Z yang ditandatangani.",
        )
    elif result.key_status is KeyStatus.OWN:
        text = QCoreApplication.translate(
            "SyncDialogs",
            "Kasa {till} (ID {till_id}), sidik kunci {fingerprint}: kunci kasa ini sendiri.",
        )
    else:
        text = QCoreApplication.translate(
            "SyncDialogs",
            "Kasa {till} (ID {till_id}), sidik kunci {fingerprint}: kunci sudah dikenal dari "
            "ekspor sebelumnya.",
        )
    return text.format(
        till=result.till_code, till_id=result.till_id, fingerprint=result.key_fingerprint
    )


def shared_code_text(shared: SharedTillCode) -> str:
    """Two laptops used one till code: both kept, told apart by device (the warning of
    :class:`SharedTillCode`, as the screen says it)."""
    text = QCoreApplication.translate(
        "SyncDialogs",
        "Perhatian: kode kasa {till} dipakai oleh lebih dari satu laptop (perangkat {device} "
        "dari ekspor ini, dan perangkat {others} yang datanya sudah ada di sini). Semua "
        "transaksi tetap disimpan dan dibedakan menurut perangkat.",
    ).format(
        till=shared.till_code,
        device=short_device(shared.device),
        others=", ".join(short_device(other) for other in shared.others),
    )
    if shared.same_numbers:
        text += " " + QCoreApplication.translate(
            "SyncDialogs",
            "{count} nomor struk/refund dipakai kedua laptop: sebutkan juga perangkatnya saat "
            "mencari struk.",
        ).format(count=format_number(shared.same_numbers))
    return (
        text
        + " "
        + QCoreApplication.translate(
            "SyncDialogs", "Beri setiap laptop kode kasa sendiri sebelum acara berikutnya."
        )
    )


def import_summary_text(results: Sequence[ImportResult], problem: str = "") -> str:
    """Per export: till, number, the till's key, counts, the rows added or updated per file,
    and the notes (references that differ here and were kept as they are); then the problem,
    if any."""
    blocks: list[str] = []
    for result in results:
        lines = [
            QCoreApplication.translate(
                "SyncDialogs", "Kasa {till}, ekspor ke-{sequence} ({kind}) — {path}"
            ).format(
                till=result.till_code,
                sequence=result.sequence,
                kind=kind_label(result.kind),
                path=result.path,
            ),
            key_line(result),
        ]
        if result.already_imported:
            lines.append(
                QCoreApplication.translate(
                    "SyncDialogs", "Sudah pernah diimpor: tidak ada yang ditambahkan."
                )
            )
        else:
            lines.append(
                QCoreApplication.translate(
                    "SyncDialogs",
                    "{added} baris ditambahkan, {present} sudah ada, {updated} diperbarui.",
                ).format(
                    added=format_number(_total(result.added)),
                    present=format_number(_total(result.already_present)),
                    updated=format_number(_total(result.updated)),
                )
            )
            if _total(result.added):
                lines.append(
                    QCoreApplication.translate("SyncDialogs", "Ditambahkan: {files}").format(
                        files=_counts_by_file(result.added)
                    )
                )
            if _total(result.updated):
                lines.append(
                    QCoreApplication.translate("SyncDialogs", "Diperbarui: {files}").format(
                        files=_counts_by_file(result.updated)
                    )
                )
        lines.extend(shared_code_text(shared) for shared in result.shared_codes)
        if result.notes:
            lines.append(
                QCoreApplication.translate("SyncDialogs", "Catatan (data di sini dipertahankan):")
            )
            lines.extend(f"• {note}" for note in result.notes)
        blocks.append("\n".join(lines))
    if problem:
        blocks.append(problem)
    return "\n\n".join(blocks)


def rows_changed(results: Sequence[ImportResult]) -> int:
    """Rows the import added or updated: the main window refreshes its screen when > 0."""
    return sum(_total(r.added) + _total(r.updated) for r in results)


def _describe(error: Exception) -> str:
    if isinstance(error, OSError):
        return QCoreApplication.translate(
            "SyncDialogs", "File tidak bisa dibaca atau ditulis: {path}: {reason}"
        ).format(path=error.filename or "", reason=error.strerror or error)
    return describe_sync_error(error) or describe_error(error)


# --- export ---------------------------------------------------------------------------------
def suggested_export_path(db: Database, settings: TillSettings, kind: str) -> Path:
    """``<documents>/bazaar-BPN1-2026-04-27-003-incremental.zip`` (the next export's number)."""
    name = suggested_export_name(db, settings.till_code, kind, dt.date.today())
    return default_export_folder() / name


def export_with_progress(
    parent: QWidget | None,
    db: Database,
    settings: TillSettings,
    actor: Actor | None,
    *,
    kind: str,
    then: Callable[[ExportResult], None] | None = None,
) -> Running | None:
    """Ask where, then write the export (``kind`` "full" or "incremental") on the operations
    layer and tell what was written; ``then(result)`` after a written export. None if the
    user chose no file (or an export is running already: said in the status bar). A failure
    or "Batal" (nothing left behind) is told in words."""
    title = (
        QCoreApplication.translate("SyncDialogs", "Ekspor data (sejak ekspor terakhir)")
        if kind == INCREMENTAL
        else QCoreApplication.translate("SyncDialogs", "Ekspor data lengkap")
    )
    path = choose_export_path(parent, title, suggested_export_path(db, settings, kind))
    if path is None:
        return None
    exported_by = actor if actor is not None else settings.cashier

    def work(progress: Progress) -> ExportResult:
        return export_till(db, path, kind=kind, exported_by=exported_by, progress=progress)

    def written(result: ExportResult) -> None:
        ask.report(parent, title, export_summary_text(result))
        if then is not None:
            then(result)

    def refused(error: Exception) -> None:
        # ExportCancelled too: "dibatalkan, tidak ada file yang ditulis".
        ask.report(parent, title, _describe(error), problem=True)

    return run(Op(EXPORT_OP, title, work, written, refused, cancellable=True))


# --- import ---------------------------------------------------------------------------------
class ImportSummaryModel(RecordTableModel[ImportResult]):
    """One row per export merged: till, number, kind, rows added / already here / updated."""

    COL_TILL, COL_SEQUENCE, COL_KIND, COL_ADDED, COL_PRESENT, COL_UPDATED, COL_NOTES = range(7)
    COL_KEY = 7

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Kasa"),
            self.tr("Ekspor ke-"),
            self.tr("Jenis"),
            self.tr("Ditambahkan"),
            self.tr("Sudah ada"),
            self.tr("Diperbarui"),
            self.tr("Catatan"),
            self.tr("Sidik kunci"),
        ]
        self.header_tips = {
            self.COL_PRESENT: self.tr(
                "Baris yang sudah ada di sini (impor ulang / tumpang tindih)"
            ),
            self.COL_NOTES: self.tr("Data referensi yang berbeda di sini; data di sini dipakai"),
            self.COL_KEY: self.tr(
                "Kunci yang menandatangani ekspor; cocokkan dengan laporan Z kasa itu"
            ),
        }
        self.right_aligned = frozenset(
            {self.COL_SEQUENCE, self.COL_ADDED, self.COL_PRESENT, self.COL_UPDATED, self.COL_NOTES}
        )

    def cell(self, record: ImportResult, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_TILL:
                return record.till_code
            if column == self.COL_SEQUENCE:
                return str(record.sequence)
            if column == self.COL_KIND:
                if record.already_imported:
                    return self.tr("sudah pernah diimpor")
                return kind_label(record.kind)
            counts = {
                self.COL_ADDED: record.added,
                self.COL_PRESENT: record.already_present,
                self.COL_UPDATED: record.updated,
            }
            if column in counts:
                return format_number(_total(counts[column]))
            if column == self.COL_NOTES:
                return format_number(len(record.notes))
            if column == self.COL_KEY:
                return f"{record.key_fingerprint} ({key_status_label(record.key_status)})"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(record.path)
        return None


class ImportSummaryDialog(QDialog):
    """The counts per export in a table, the details and notes in a read-only text area."""

    def __init__(
        self,
        results: Sequence[ImportResult],
        problem: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hasil impor"))
        self.resize(760, 480)
        self.headline = QLabel()
        self.headline.setObjectName("importHeadline")
        self.headline.setWordWrap(True)
        if problem and results:
            self.headline.setText(
                self.tr(
                    "{count} ekspor diimpor; ekspor berikutnya ditolak (lihat di bawah), "
                    "tidak ada yang ditulis darinya dan sisanya tidak dicoba."
                ).format(count=len(results))
            )
        elif problem:
            self.headline.setText(self.tr("Impor ditolak: tidak ada yang ditulis."))
        else:
            self.headline.setText(
                self.tr("{count} ekspor diimpor; {rows} baris ditambahkan atau diperbarui.").format(
                    count=len(results), rows=format_number(rows_changed(results))
                )
            )
        self.model = ImportSummaryModel(self)
        self.model.set_records(results)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVisible(bool(results))
        self.details = QPlainTextEdit()
        self.details.setObjectName("importDetails")
        self.details.setReadOnly(True)
        self.details.setPlainText(import_summary_text(results, problem))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)


Merged = tuple[list[ImportResult], PosError | OSError | None]
"""The exports merged, and the refusal (or "Batal") that stopped the next one, if any."""


def import_with_summary(
    parent: QWidget | None,
    db: Database,
    actor: Actor | None,
    *,
    beside_a_till: bool = False,
    then: Callable[[list[ImportResult]], None] | None = None,
) -> Running | None:
    """Ask which exports, then merge them on the operations layer (progress and "Batal" in
    the status bar; cancelled, the export being merged is undone) and show the summary.

    ``beside_a_till``: this window sells meanwhile (a till's, not an office's): the merge
    keeps its batches short and pauses after each, so that a sale waits at most one short
    batch (an office merges alone, in longer batches without pauses).

    None if the user chose nothing (or a merge is running already: said in the status bar).
    ``then(results)`` gets the exports merged — the ones before a refused export stay merged,
    the refused one wrote nothing and the rest are not tried (the summary says so); the
    caller refreshes its screens when :func:`rows_changed` of them is above 0.
    """
    paths = choose_import_paths(parent, default_export_folder())
    if not paths:
        return None
    title = QCoreApplication.translate("SyncDialogs", "Impor data kasa lain")
    imported_by: Actor | str = actor if actor is not None else ""

    def work(progress: Progress) -> Merged:
        # One after the other, each all or nothing, with one backup before the first writes
        # (as bazaar_pos.sync.import_exports); the first refused, failed or cancelled export
        # stops the rest, the ones before it stay merged.
        backup = one_backup_before_import(db)
        results: list[ImportResult] = []
        for path in paths:
            try:
                results.append(
                    import_export(
                        db,
                        path,
                        imported_by=imported_by,
                        backup=backup,
                        progress=progress,
                        beside_a_till=beside_a_till,
                    )
                )
            except (PosError, OSError) as error:
                return results, error
        return results, None

    def merged(outcome: Merged) -> None:
        results, error = outcome
        show_import_summary(parent, results, _describe(error) if error is not None else "")
        if then is not None:
            then(results)

    def failed(error: Exception) -> None:  # a bug: the error dialog has told it already
        show_import_summary(parent, [], describe_error(error))

    return run(Op(MERGE_OP, title, work, merged, failed, cancellable=True))
