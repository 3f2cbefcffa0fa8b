"""Sentences for what went wrong with the database file: a fault while working (disk full,
read-only, busy, damaged, deleted or replaced), and a start-up that refuses the file.

Each says what happened, whether anything was saved, and what to do. Literal
``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos.db.faults import DatabaseFault, DatabaseReplaced, FaultReason, FileChange
from bazaar_pos.startup import NewDatabaseUndecided, OpenProblem, TillCannotOpen


def _fault(error: DatabaseFault) -> str:
    reason = error.reason
    if reason is FaultReason.DISK_FULL:
        return QCoreApplication.translate(
            "Messages",
            "Disk penuh: basis data tidak bisa menulis, jadi tidak ada yang tersimpan. "
            "Kosongkan ruang disk lalu coba lagi.",
        )
    if reason is FaultReason.READ_ONLY:
        return QCoreApplication.translate(
            "Messages",
            "Basis data hanya-baca (read-only): tidak ada yang tersimpan. Panggil admin untuk "
            "memberi izin tulis pada folder data.",
        )
    if reason is FaultReason.BUSY:
        return QCoreApplication.translate(
            "Messages",
            "Basis data terlalu lama dipakai program lain (kasa lain, impor): tidak ada yang "
            "tersimpan. Tunggu sebentar lalu coba lagi.",
        )
    if reason is FaultReason.DAMAGED:
        return QCoreApplication.translate(
            "Messages",
            "Basis data rusak: tidak ada yang tersimpan. Berhenti menjual dan panggil admin "
            "untuk memulihkan dari cadangan.",
        )
    if reason is FaultReason.CANNOT_OPEN:
        return QCoreApplication.translate(
            "Messages",
            "Berkas basis data tidak bisa dibuka (folder hilang atau tidak terjangkau): tidak "
            "ada yang tersimpan. Panggil admin.",
        )
    if reason is FaultReason.IO_ERROR:
        return QCoreApplication.translate(
            "Messages",
            "Disk menolak membaca atau menulis (flashdisk dicabut? disk rusak?): tidak ada yang "
            "tersimpan. Panggil admin.",
        )
    if reason is FaultReason.SERVER_UNREACHABLE:
        return QCoreApplication.translate(
            "Messages",
            "Server basis data tidak bisa dihubungi (mati, atau jaringannya terputus): tidak "
            "ada yang tersimpan. Periksa server dan jaringan, lalu coba lagi.",
        )
    if reason is FaultReason.CONNECTION_LOST:
        return QCoreApplication.translate(
            "Messages",
            "Sambungan ke server basis data terputus: tidak ada yang tersimpan. Periksa "
            "jaringan dan server, lalu coba lagi.",
        )
    return QCoreApplication.translate(
        "Messages",
        "Kesalahan basis data ({code}): tidak ada yang tersimpan. Coba lagi; jika berulang, "
        "panggil admin.",
    ).format(code=error.code)


def _replaced(error: DatabaseReplaced) -> str:
    if error.change is FileChange.DELETED:
        return QCoreApplication.translate(
            "Messages",
            "Berkas basis data {path} dihapus saat kasa berjalan: tidak ada yang tersimpan. "
            "Berhenti menjual, tutup Bazaar POS dan panggil admin (pulihkan dari cadangan).",
        ).format(path=error.path)
    return QCoreApplication.translate(
        "Messages",
        "Berkas basis data {path} diganti berkas lain saat kasa berjalan: tidak ada yang "
        "tersimpan. Berhenti menjual, tutup Bazaar POS dan panggil admin.",
    ).format(path=error.path)


def _cannot_open(error: TillCannotOpen) -> str:
    what = describe_restorable(error)
    if what is None:
        return _not_restorable(error)
    if error.backup is not None:
        restore = QCoreApplication.translate(
            "Messages",
            "Cadangan baik terbaru: {backup}. Admin memulihkannya dengan: "
            'bazaar-pos restore "{backup}"',
        ).format(backup=error.backup)
    else:
        restore = QCoreApplication.translate(
            "Messages", "Tidak ada cadangan baik yang ditemukan: panggil admin."
        )
    return f"{what} {restore}"


def describe_restorable(error: TillCannotOpen) -> str | None:
    """What is wrong with a file a backup can replace (missing, emptied, damaged), without
    what to do about it; None for any other refusal (read-only, newer …)."""
    problem = error.problem
    if problem is OpenProblem.DATABASE_MISSING:
        what = QCoreApplication.translate(
            "Messages",
            "Folder data {folder} pernah berisi data kasa, tetapi berkas basis datanya hilang. "
            "Kasa tidak dibuka sebagai kasa baru.",
        ).format(folder=error.path.parent)
    elif problem is OpenProblem.DATABASE_EMPTY:
        what = QCoreApplication.translate(
            "Messages",
            "Berkas basis data {path} kosong, padahal folder ini pernah berisi data kasa. Kasa "
            "tidak dibuka sebagai kasa baru.",
        ).format(path=error.path)
    elif problem is OpenProblem.DAMAGED:
        # SQLite's own words (English) stay on the command line and in the log.
        what = QCoreApplication.translate(
            "Messages", "Berkas basis data {path} rusak: jangan dipakai lagi."
        ).format(path=error.path)
    else:
        return None
    return what


def _not_restorable(error: TillCannotOpen) -> str:
    problem = error.problem
    if problem is OpenProblem.OTHER_DATABASE:
        return QCoreApplication.translate(
            "Messages",
            "Berkas basis data {path} milik kasa lain (identitasnya tidak sama dengan bazaar.id "
            "di folder itu). Panggil admin: kembalikan berkas yang benar, atau hapus bazaar.id "
            "jika berkas ini memang sengaja dipindahkan ke sini.",
        ).format(path=error.path)
    elif problem is OpenProblem.NEWER_SCHEMA:
        return QCoreApplication.translate(
            "Messages",
            "Basis data {path} dibuat oleh Bazaar POS yang lebih baru (skema {revision}). "
            "Pasang Bazaar POS versi terbaru; basis data tidak diubah.",
        ).format(path=error.path, revision=error.detail)
    elif problem is OpenProblem.READ_ONLY_FILE:
        return QCoreApplication.translate(
            "Messages",
            "Berkas basis data {path} hanya-baca (read-only): kasa tidak bisa menyimpan "
            "penjualan. Panggil admin untuk memberi izin tulis.",
        ).format(path=error.path)
    elif problem is OpenProblem.READ_ONLY_FOLDER:
        return QCoreApplication.translate(
            "Messages",
            "Folder data {path} hanya-baca (read-only): kasa tidak bisa menyimpan penjualan. "
            "Panggil admin untuk memberi izin tulis atau memilih folder lain.",
        ).format(path=error.path)
    return QCoreApplication.translate(
        "Messages", "Basis data {path} tidak bisa dibaca. Panggil admin."
    ).format(path=error.path)


def describe_database_error(error: Exception) -> str | None:
    """The sentence for a database fault or a refused start-up, or None if it is neither."""
    if isinstance(error, DatabaseFault):
        return _fault(error)
    if isinstance(error, DatabaseReplaced):
        return _replaced(error)
    if isinstance(error, TillCannotOpen):
        return _cannot_open(error)
    if isinstance(error, NewDatabaseUndecided):
        return QCoreApplication.translate(
            "Messages",
            "Belum ada basis data di {where}. Basis data baru adalah kasir atau kantor: pilih "
            "dengan --new-database till atau --new-database office. Tidak ada yang dibuat.",
        ).format(where=error.where)
    return None
