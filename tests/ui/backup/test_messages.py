"""The backups' sentences say what happened, whether the sales are safe, and what to do, in
Indonesian: no system words where the problem has a name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from bazaar_pos.backup import (
    BackupFailed,
    BackupFailure,
    BackupNote,
    BackupProblem,
    BackupRefused,
    BackupWarning,
    FileProblem,
)
from bazaar_pos.ui.backup.messages import describe_warning
from bazaar_pos.ui.messages import describe_error


def test_a_full_disk_is_said_in_words_and_the_sales_are_safe(qapp: QApplication) -> None:
    error = BackupFailed(
        BackupFailure.WRITE_FAILED, "No space left on device", FileProblem.DISK_FULL
    )
    text = describe_error(error)
    assert "disk penuh" in text and "Penjualan tetap tersimpan" in text
    assert "No space" not in text


def test_a_refused_restore_says_the_database_is_unchanged(qapp: QApplication) -> None:
    text = describe_error(BackupRefused(Path("/x/b.sqlite3"), BackupProblem.DAMAGED, "malformed"))
    assert "b.sqlite3 tidak dipulihkan" in text and "file rusak" in text
    assert "Basis data sekarang tidak diubah" in text


def test_a_missing_stick_is_a_warning_naming_the_folder(qapp: QApplication) -> None:
    text = describe_warning(BackupWarning(BackupNote.SECOND_FOLDER_MISSING, Path("/media/USB"), ""))
    assert "/media/USB tidak ada" in text and "Cadangan tersimpan di laptop" in text
    read_only = BackupWarning(
        BackupNote.SECOND_FOLDER_FAILED, Path("/media/USB"), "Read-only", FileProblem.READ_ONLY
    )
    assert "hanya bisa dibaca" in describe_warning(read_only)
