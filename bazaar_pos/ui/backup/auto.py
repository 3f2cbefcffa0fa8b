"""The automatic backups of a running till: when a shift opens or closes, every N minutes or N
sales while selling (the settings), and when the app closes.

Each backup runs on the operations layer (:mod:`bazaar_pos.ui.operations`: a big till's file
takes seconds to copy and check, and the cashier sells meanwhile); one at a time (a reason
that comes while one runs is kept and run next, the newest reason winning). The decisions are
:func:`bazaar_pos.backup.backup_due`'s; this object only counts sales and keeps the time of
the last backup.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QTimer, Signal

from bazaar_pos.backup import (
    BackupFailed,
    BackupPolicy,
    BackupReason,
    BackupResult,
    backup_due,
    make_backup,
)
from bazaar_pos.backup.service import database_file
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui.operations import Busy, Op, Progress, Running, operations, run

# How often the timer rule is looked at; the interval itself is the setting (minutes).
CHECK_EVERY_MS = 60_000
# The operations' kind of every backup and restore: one at a time on the file.
BACKUP_OP = "backup"


class AutoBackup(QObject):
    backedUp = Signal(object)  # BackupResult
    failed = Signal(object)  # BackupFailed (or another error the backup raised)

    def __init__(self, till: Till, settings: TillSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database_file(till.db)
        self.settings = settings
        self.last_at: dt.datetime | None = None
        self.sales_since = 0
        self.running: Running | None = None  # the backup on its way, if any
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        if self.database is not None:
            self.timer.start()

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings

    def sale_completed(self, _result: object = None) -> None:
        self.sales_since += 1
        self.check()

    def shift_changed(self, shift: object) -> None:
        """After a shift was opened (``shift`` its info) or closed (None)."""
        self.start(BackupReason.SHIFT_OPEN if shift is not None else BackupReason.SHIFT_CLOSE)

    def check(self) -> None:
        reason = backup_due(
            last_at=self.last_at,
            sales_since=self.sales_since,
            now=dt.datetime.now(dt.UTC),
            every_minutes=self.settings.backup_every_minutes,
            every_sales=self.settings.backup_every_sales,
        )
        if reason is not None:
            self.start(reason)

    def start(self, reason: BackupReason) -> None:
        if self.database is None:
            return
        database = self.database
        policy = BackupPolicy.of(self.settings)
        # The sales from here on are the next backup's: counted from the snapshot's start.
        self.sales_since = 0
        self.last_at = dt.datetime.now(dt.UTC)

        def work(_progress: Progress) -> BackupResult:
            return make_backup(database, database.parent, reason, policy)

        title = self.tr("Cadangan otomatis")
        op = Op(BACKUP_OP, title, work, self._made, self._failed, when_busy=Busy.LATEST)
        started = run(op)  # None: it runs after the backup running now
        if started is not None:
            self.running = started

    def _made(self, result: BackupResult) -> None:
        self.running = None
        self.backedUp.emit(result)

    def _failed(self, error: Exception) -> None:
        self.running = None
        self.failed.emit(error)

    def at_exit(self) -> BackupResult | Exception | None:
        """The app is closing (the window is gone): let a running backup end, then one last
        backup, in this thread: there is no screen left to keep responsive."""
        self.timer.stop()
        operations().wait()
        self.running = None
        if self.database is None:
            return None
        try:
            return make_backup(
                self.database,
                self.database.parent,
                BackupReason.EXIT,
                BackupPolicy.of(self.settings),
            )
        except BackupFailed as failed:
            return failed
