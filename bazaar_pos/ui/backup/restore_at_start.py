""" "Pulihkan sekarang" when the till cannot open its database: the newest good backup put in
place by an admin of that backup, then the till starts as usual.

The till's own file is missing, emptied or damaged, so its accounts cannot say who may restore:
the backup's can (``backup.backup_as_authority``, as ``bazaar-pos restore`` does). The admin
logs in with the usual login dialog (only admins listed, a wrong PIN refused in red and counted
towards the usual lockout while this start lasts); the backup is checked again before anything
is typed, the current file is moved to ``replaced/`` (never deleted) and the restore journaled,
all by ``backup.restore_backup``. Dialogs go through ``ui/ask.py`` and
:func:`ask_restore_login`, so a test can answer them.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from bazaar_pos.backup import (
    BackupInfo,
    BackupRefused,
    RestoreResult,
    backup_as_authority,
    check_backup,
    list_backups,
    restore_backup,
)
from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_number
from bazaar_pos.people import users
from bazaar_pos.people.access import PERMISSIONS, Action, Actor, NotPermitted, may
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import TillCannotOpen
from bazaar_pos.ui import ask
from bazaar_pos.ui.database_messages import describe_restorable
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.people.login_dialog import LoginDialog
from bazaar_pos.ui.table_view import local_time


class RestoreLoginDialog(LoginDialog):
    """An admin of the backup logs in to restore it: the login dialog, with what will be
    restored above it. A right PIN of somebody who is not an admin is refused here too (and
    that login ended at once): only an admin restores."""

    def __init__(
        self,
        authority: Database,
        till_code: str,
        backup: Path,
        info: BackupInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(authority, till_code, parent, minimum_role=PERMISSIONS[Action.RESTORE])
        self.setWindowTitle(self.tr("Pulihkan cadangan — admin"))
        self.accept_button().setText(self.tr("Pulihkan"))
        if info is not None:
            what = self.tr("Cadangan {time}: {sales} penjualan, struk terakhir {last}.").format(
                time=local_time(info.created_at),
                sales=format_number(info.check.sales),
                last=info.check.last_receipt or "—",
            )
        else:
            what = self.tr("Cadangan {file}.").format(file=backup.name)
        self.intro_label = QLabel(
            what
            + " "
            + self.tr(
                "Yang dicatat sesudah cadangan itu tidak ada lagi di kasa ini; berkas basis "
                "data sekarang disimpan di folder 'replaced', tidak dihapus. Masuk sebagai admin "
                "dengan PIN yang berlaku saat cadangan itu dibuat."
            )
        )
        self.intro_label.setObjectName("restoreIntro")
        self.intro_label.setWordWrap(True)
        self.column.insertWidget(0, self.intro_label)
        self.setMinimumWidth(460)
        if self.user_combo.count() == 1:  # the one admin: only the PIN is left to type
            self.user_combo.setCurrentIndex(0)
            self.pin_edit.setFocus()

    def save(self) -> Actor:
        actor = super().save()
        if not may(actor.role, Action.RESTORE):
            users.logout(self.db, actor, till_code=self.till_code)
            raise NotPermitted(
                str(Action.RESTORE), str(PERMISSIONS[Action.RESTORE]), actor.username, actor.role
            )
        return actor


def ask_restore_login(
    parent: QWidget | None,
    authority: Database,
    till_code: str,
    backup: Path,
    info: BackupInfo | None,
) -> Actor | None:
    """The admin who restores, logged in on ``authority`` (the backup's copy), or None."""
    return RestoreLoginDialog(authority, till_code, backup, info, parent).run()


def offer_restore(parent: QWidget | None, problem: TillCannotOpen) -> RestoreResult | None:
    """The refusal's dialog with "Pulihkan sekarang" until the backup is restored (its result)
    or the user closes it (None: nothing changed). A refused login or restore says why and
    offers again; the backup's copy (and the lockout kept in it) lasts until this returns."""
    assert problem.backup is not None
    title = QCoreApplication.translate("Startup", "Bazaar POS tidak bisa dibuka")
    info = _backup_info(problem.path, problem.backup)
    if info is not None:
        newest = QCoreApplication.translate(
            "Startup",
            "Cadangan baik terbaru: {time} ({sales} penjualan, struk terakhir {last}).",
        ).format(
            time=local_time(info.created_at),
            sales=format_number(info.check.sales),
            last=info.check.last_receipt or "—",
        )
    else:
        newest = QCoreApplication.translate("Startup", "Cadangan baik terbaru: {file}.").format(
            file=problem.backup
        )
    text = " ".join(
        (
            describe_restorable(problem) or describe_error(problem),
            newest,
            QCoreApplication.translate(
                "Startup",
                "Admin dapat memulihkannya sekarang: tombol 'Pulihkan sekarang', lalu nama "
                "pengguna dan PIN admin.",
            ),
        )
    )
    with ExitStack() as stack:
        authority: Database | None = None
        while ask.alert_with_action(
            parent,
            title,
            text,
            QCoreApplication.translate("Startup", "Pulihkan sekarang"),
            QCoreApplication.translate("Startup", "Tutup"),
        ):
            backup = problem.backup
            check = check_backup(backup)  # again, and before anybody types a PIN
            if not check.ok:
                assert check.problem is not None
                ask.alert(parent, title, describe_error(BackupRefused(backup, check.problem)))
                return None
            if authority is None:
                authority = stack.enter_context(backup_as_authority(backup))
            result = _restore(parent, problem.path, backup, authority, info, title)
            if result is not None:
                return result
    return None


def _backup_info(database: Path, backup: Path) -> BackupInfo | None:
    try:
        found = list_backups(database.parent)  # checked at start: remembered, not re-read
    except OSError:
        return None  # the dialogs then name the file instead of its time and sales
    for info in found:
        if info.path == backup:
            return info
    return None


def _restore(
    parent: QWidget | None,
    database: Path,
    backup: Path,
    authority: Database,
    info: BackupInfo | None,
    title: str,
) -> RestoreResult | None:
    """One attempt: the admin's login (None: cancelled), then the restore; a refusal is said."""
    till_code = load_settings(authority).till_code
    actor: Actor | None = None
    if users.has_users(authority):
        actor = ask_restore_login(parent, authority, till_code, backup, info)
        if actor is None:
            return None
    elif not ask.confirm(  # a backup from before the first admin: nobody to log in, but asked
        parent,
        title,
        QCoreApplication.translate(
            "Startup",
            "Cadangan ini dibuat sebelum ada pengguna, jadi tidak perlu login. Pulihkan? Berkas "
            "basis data sekarang disimpan di folder 'replaced', tidak dihapus.",
        ),
    ):
        return None
    ended = False

    def end_login() -> None:
        nonlocal ended
        if actor is not None and not ended:
            ended = True
            users.logout(authority, actor, till_code=till_code)

    current = Database(sqlite_url(database), anonymous_setup=True)  # only its path is used
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a big till copies for seconds
    try:
        return restore_backup(
            current, backup, actor, till_code=till_code, end_login=end_login, authority=authority
        )
    except (PosError, OSError) as error:
        refusal: PosError | OSError = error
    finally:
        QApplication.restoreOverrideCursor()
        end_login()
        current.dispose()
    ask.alert(parent, title, _refusal(refusal))
    return None


def _refusal(error: PosError | OSError) -> str:
    if isinstance(error, PosError):
        return describe_error(error)
    return QCoreApplication.translate(
        "Startup",
        "Cadangan tidak dipulihkan: {error}. Tidak ada berkas yang dihapus (yang sudah diganti "
        "ada di folder 'replaced'); panggil admin.",
    ).format(error=error.strerror or str(error))


__all__ = [
    "RestoreLoginDialog",
    "ask_restore_login",
    "offer_restore",
]
