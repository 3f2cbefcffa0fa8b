"""The backups' sentences: why a backup failed or a restore was refused, what a warning means,
why each backup was made. Literal ``translate`` calls (``lupdate`` extracts them)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos.backup import (
    BackupFailed,
    BackupFailure,
    BackupNote,
    BackupProblem,
    BackupReason,
    BackupRefused,
    BackupWarning,
    FileProblem,
)


def describe_backup_error(error: Exception) -> str | None:
    """The sentence for a backup error, or None for another error."""
    if isinstance(error, BackupFailed):
        if error.reason is BackupFailure.NO_FILE:
            return QCoreApplication.translate(
                "Backup",
                "Cadangan tidak dibuat: file basis data tidak ditemukan ({detail}). "
                "Data yang sudah tersimpan tidak berubah; panggil admin.",
            ).format(detail=error.detail)
        if error.reason is BackupFailure.UNREADABLE:
            return QCoreApplication.translate(
                "Backup",
                "Cadangan tidak dibuat: basis data kasa ini tidak bisa dibaca (rusak). Panggil "
                "admin untuk memulihkan cadangan terakhir yang utuh (Admin → Cadangan).",
            )
        return QCoreApplication.translate(
            "Backup",
            "Cadangan tidak bisa ditulis ({why}). Penjualan tetap tersimpan di basis data; "
            "periksa ruang disk, lalu buat cadangan lagi.",
        ).format(why=describe_file_problem(error.problem, error.detail))
    if isinstance(error, BackupRefused):
        return QCoreApplication.translate(
            "Backup",
            "Cadangan {file} tidak dipulihkan: {problem} Basis data sekarang tidak diubah; "
            "pilih cadangan lain yang utuh.",
        ).format(file=error.path.name, problem=describe_problem(error.problem))
    return None


def describe_problem(problem: BackupProblem | None) -> str:
    """What the check found, as the table's state column and inside the refusal."""
    if problem is None:
        return QCoreApplication.translate("Backup", "Utuh.")
    texts = {
        BackupProblem.MISSING: QCoreApplication.translate("Backup", "file tidak ada."),
        BackupProblem.UNREADABLE: QCoreApplication.translate(
            "Backup", "bukan file basis data yang bisa dibaca."
        ),
        BackupProblem.DAMAGED: QCoreApplication.translate(
            "Backup", "file rusak (pemeriksaan SQLite gagal)."
        ),
        BackupProblem.NOT_A_TILL: QCoreApplication.translate(
            "Backup", "bukan basis data Bazaar POS."
        ),
        BackupProblem.NEWER: QCoreApplication.translate(
            "Backup", "dibuat oleh versi Bazaar POS yang lebih baru."
        ),
        BackupProblem.JOURNAL_BROKEN: QCoreApplication.translate(
            "Backup", "jurnal anti-manipulasi di dalamnya rusak."
        ),
    }
    return texts[problem]


def describe_warning(warning: BackupWarning) -> str:
    if warning.note is BackupNote.SECOND_FOLDER_MISSING:
        return QCoreApplication.translate(
            "Backup",
            "Cadangan tersimpan di laptop, tetapi folder kedua {folder} tidak ada "
            "(flashdisk tidak terpasang?). Salinan ke sana dibuat lagi lain kali.",
        ).format(folder=str(warning.folder))
    return QCoreApplication.translate(
        "Backup",
        "Cadangan tersimpan di laptop, tetapi tidak bisa disalin ke {folder} ({why}).",
    ).format(folder=str(warning.folder), why=describe_file_problem(warning.problem, warning.detail))


def describe_file_problem(problem: FileProblem | None, detail: str) -> str:
    """Why a file could not be written, in the user's language (the system's words only for
    what has no name here)."""
    if problem is FileProblem.DISK_FULL:
        return QCoreApplication.translate("Backup", "disk penuh")
    if problem is FileProblem.READ_ONLY:
        return QCoreApplication.translate("Backup", "disk atau flashdisk hanya bisa dibaca")
    if problem is FileProblem.NO_PERMISSION:
        return QCoreApplication.translate("Backup", "tidak ada izin menulis")
    return detail


def reason_label(reason: BackupReason) -> str:
    labels = {
        BackupReason.MANUAL: QCoreApplication.translate("Backup", "manual"),
        BackupReason.SHIFT_OPEN: QCoreApplication.translate("Backup", "shift dibuka"),
        BackupReason.SHIFT_CLOSE: QCoreApplication.translate("Backup", "shift ditutup"),
        BackupReason.TIMER: QCoreApplication.translate("Backup", "berkala (menit)"),
        BackupReason.SALES: QCoreApplication.translate("Backup", "berkala (penjualan)"),
        BackupReason.MIGRATION: QCoreApplication.translate("Backup", "sebelum pembaruan"),
        BackupReason.SYNC_IMPORT: QCoreApplication.translate("Backup", "sebelum impor data"),
        BackupReason.CATALOG_IMPORT: QCoreApplication.translate("Backup", "sebelum impor katalog"),
        BackupReason.EXIT: QCoreApplication.translate("Backup", "aplikasi ditutup"),
        BackupReason.RESTORE: QCoreApplication.translate("Backup", "sebelum pemulihan"),
    }
    return labels[reason]
