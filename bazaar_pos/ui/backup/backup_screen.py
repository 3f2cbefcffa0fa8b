"""Admin → Cadangan: the backups of this till, each checked, a backup now, and a restore.

Listing checks every backup (each check reads every page of its file) and a restore copies a
whole file: both run on the operations layer (:mod:`bazaar_pos.ui.operations`), the screen's
buttons disabled until it is done; a backup or a restore is refused while an automatic backup
runs (the same kind of op: one at a time on the file). A restore is asked first
(``ask.confirm``) and refused by the service for a backup that fails the checks; after it, the
app must be started again on the restored file (``restored`` is emitted; the main window
closes the app).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from bazaar_pos.backup import (
    BackupInfo,
    BackupResult,
    RestoreResult,
    back_up,
    list_backups,
    restore_backup,
)
from bazaar_pos.backup.service import database_file
from bazaar_pos.money import format_number
from bazaar_pos.people.access import Action, Actor, may
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.backup.auto import BACKUP_OP
from bazaar_pos.ui.backup.messages import describe_problem, describe_warning, reason_label
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.operations import Op, Progress, Running, run
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel
from bazaar_pos.ui.table_view import ERROR, INFO, WARNING, local_time, setup_table

COL_TIME, COL_REASON, COL_SALES, COL_LAST, COL_SIZE, COL_STATE = range(6)
# The operations' kind of the list (checking every backup): one listing at a time.
LIST_OP = "backup_list"
T = TypeVar("T")


class BackupTableModel(RecordTableModel[BackupInfo]):
    """The backups, newest first; a backup that fails its check says why, in red."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            QCoreApplication.translate("BackupScreen", "Waktu"),
            QCoreApplication.translate("BackupScreen", "Alasan"),
            QCoreApplication.translate("BackupScreen", "Penjualan"),
            QCoreApplication.translate("BackupScreen", "Struk terakhir"),
            QCoreApplication.translate("BackupScreen", "Ukuran (KB)"),
            QCoreApplication.translate("BackupScreen", "Keadaan"),
        ]
        self.right_aligned = frozenset({COL_SALES, COL_SIZE})

    def cell(self, record: BackupInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                local_time(record.created_at),
                reason_label(record.reason),
                format_number(record.check.sales),
                record.check.last_receipt or "—",
                format_number((record.size + 1023) // 1024),
                describe_problem(record.check.problem),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(record.path)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATE and not record.ok:
            return QColor(Qt.GlobalColor.red)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return RIGHT
        return None


class BackupScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    listed = Signal(object)  # list[BackupInfo], after each listing
    backedUp = Signal(object)  # BackupResult
    restored = Signal(object)  # RestoreResult: the app must start again on the restored file

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.running: Running | None = None  # the listing, backup or restore on its way
        database = database_file(till.db)
        self.data_dir: Path | None = database.parent if database is not None else None

        title = QLabel(self.tr("Cadangan basis data"))
        title_font = QFont(title.font())
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        title.setFont(title_font)
        explain = QLabel(
            self.tr(
                "Cadangan dibuat otomatis saat shift dibuka dan ditutup, berkala selama "
                "berjualan, sebelum pembaruan dan impor, dan saat aplikasi ditutup. Setiap "
                "cadangan diperiksa setelah ditulis. Memulihkan cadangan mengganti basis data "
                "sekarang; file yang diganti disimpan di folder 'replaced', tidak dihapus."
            )
        )
        explain.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("Buat cadangan sekarang"))
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Pulihkan cadangan terpilih…"))
        self.restore_button.setObjectName("backupRestore")
        self.restore_button.clicked.connect(self.restore_selected)
        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("backupList")
        self.table.setModel(self.model)
        setup_table(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.folder_label = QLabel(str(self.data_dir / "backups") if self.data_dir else "")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.folder_label)

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self._enable()

    def _enable(self) -> None:
        idle = self.running is None and self.data_dir is not None
        role = self.actor.role if self.actor is not None else ""
        self.backup_button.setEnabled(idle and may(role, Action.BACKUP))
        self.restore_button.setEnabled(idle and may(role, Action.RESTORE))

    def activate(self) -> None:
        self.refresh()

    # --- background work ---------------------------------------------------------------
    def _run(
        self, kind: str, title: str, work: Callable[[Progress], T], then: Callable[[T], None]
    ) -> None:
        """``work`` on the operations layer, the buttons off until it ends; then ``then``
        with its result, or its failure said (and the list read again)."""

        def done(result: T) -> None:
            self.running = None
            self._enable()
            then(result)

        def failed(error: Exception) -> None:
            self.running = None
            self._enable()
            self.statusMessage.emit(describe_error(error), ERROR)
            self.refresh()

        self.running = run(Op(kind, title, work, done, failed))
        self._enable()

    def refresh(self) -> None:
        """List the backups (checked, in the background); ``listed`` when shown."""
        if self.data_dir is None or self.running is not None:
            return
        data_dir = self.data_dir

        def work(_progress: Progress) -> list[BackupInfo]:
            return list_backups(data_dir)

        self._run(LIST_OP, self.tr("Memeriksa cadangan"), work, self._show)

    def _show(self, found: list[BackupInfo]) -> None:
        self.model.set_records(found)
        self.table.resizeColumnsToContents()
        # The newest good backup is offered (selected); a damaged one is only shown.
        good = self.model.row_where(lambda info: info.ok)
        if good is not None:
            self.table.selectRow(good)
        self.listed.emit(found)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def back_up_now(self) -> None:
        db, actor, till_code = self.till.db, self.actor, self.settings.till_code

        def work(_progress: Progress) -> BackupResult:
            return back_up(db, actor, till_code=till_code)

        self._run(BACKUP_OP, self.tr("Membuat cadangan"), work, self._backed_up)

    def _backed_up(self, result: BackupResult) -> None:
        if result.warnings:
            self.statusMessage.emit(describe_warning(result.warnings[0]), WARNING)
        elif not result.info.ok:
            self.statusMessage.emit(
                self.tr("Cadangan ditulis tetapi gagal diperiksa: {problem} Panggil admin.").format(
                    problem=describe_problem(result.info.check.problem)
                ),
                ERROR,
            )
        else:
            self.statusMessage.emit(
                self.tr("Cadangan dibuat dan diperiksa: {file}").format(file=result.info.path.name),
                INFO,
            )
        self.backedUp.emit(result)
        self.refresh()

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.statusMessage.emit(self.tr("Pilih dulu cadangan yang akan dipulihkan."), WARNING)
            return
        question = self.tr(
            "Pulihkan cadangan {time} ({sales} penjualan, struk terakhir {last})?\n\n"
            "Semua yang dicatat sesudah cadangan itu tidak ada lagi di kasa ini (file yang "
            "diganti disimpan di folder 'replaced'). Aplikasi ditutup sesudahnya; buka lagi."
        ).format(
            time=local_time(chosen.created_at),
            sales=format_number(chosen.check.sales),
            last=chosen.check.last_receipt or "—",
        )
        if not ask.confirm(self, self.tr("Pulihkan cadangan"), question):
            return
        db, actor, till_code = self.till.db, self.actor, self.settings.till_code

        def end_login() -> None:
            if actor is not None:
                from bazaar_pos.people.users import logout

                logout(db, actor, till_code=till_code)

        path = chosen.path

        def work(_progress: Progress) -> RestoreResult:
            return restore_backup(db, path, actor, till_code=till_code, end_login=end_login)

        self._run(BACKUP_OP, self.tr("Memulihkan cadangan"), work, self._restored)

    def _restored(self, result: RestoreResult) -> None:
        self.statusMessage.emit(
            self.tr("Cadangan {file} dipulihkan.").format(file=result.restored.name), INFO
        )
        self.restored.emit(result)
