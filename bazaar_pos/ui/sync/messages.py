"""Sentences for the sync errors: writing an export, reading or merging one from another till.

Literal ``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them. The problem texts inside :class:`ExportRowError` and
:class:`Conflict` come from the core in English and are quoted as they are; the sentence
around them says where (export, file, line, column) and that nothing was written.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos.money import format_number
from bazaar_pos.sync.errors import (
    Conflict,
    ExportCancelled,
    ExportChecksumMismatch,
    ExportFolderGone,
    ExportRefused,
    ExportRowError,
    ExportTargetExists,
    ExportUnreadable,
    ExportUntrusted,
    ImportConflict,
    MergeCancelled,
    MergeRunning,
    RefusalReason,
    TrustProblem,
)

# Conflicts listed one by one in a message; the rest are counted ("… dan 12 lainnya").
CONFLICTS_SHOWN = 10


def _unreadable(error: ExportUnreadable) -> str:
    texts = {
        "not_found": QCoreApplication.translate(
            "Messages", "Ekspor {path} tidak ditemukan. Tidak ada yang diimpor."
        ),
        "not_an_export": QCoreApplication.translate(
            "Messages",
            "{path} bukan ekspor Bazaar POS (tidak ada manifest.json). Pilih file .zip "
            "ekspor, atau manifest.json di dalam folder ekspor. Tidak ada yang diimpor.",
        ),
        "bad_manifest": QCoreApplication.translate(
            "Messages",
            "manifest.json di ekspor {path} rusak atau tidak lengkap ({detail}). "
            "Tidak ada yang diimpor; minta ekspor baru dari kasa itu.",
        ),
        "unsupported_version": QCoreApplication.translate(
            "Messages",
            "Ekspor {path} memakai format yang tidak dikenal aplikasi ini ({detail}); "
            "mungkin dibuat versi Bazaar POS yang lebih baru. Perbarui aplikasi di "
            "komputer ini dulu. Tidak ada yang diimpor.",
        ),
        "missing_file": QCoreApplication.translate(
            "Messages",
            "Ekspor {path} tidak lengkap: file {detail} tidak ada. Tidak ada yang diimpor; "
            "salin ulang ekspornya utuh.",
        ),
        "unexpected_file": QCoreApplication.translate(
            "Messages",
            "Ekspor {path} berisi file {detail} yang tidak tercatat di manifest (ditambahkan "
            "setelah ekspor?). Tidak ada yang diimpor.",
        ),
        "bad_header": QCoreApplication.translate(
            "Messages",
            "Judul kolom di ekspor {path} tidak sesuai format ({detail}); file itu diubah "
            "setelah ekspor? Tidak ada yang diimpor.",
        ),
        "too_large": QCoreApplication.translate(
            "Messages",
            "Ekspor {path} ditolak sebelum dibuka: isinya melewati batas ({detail}). Ekspor "
            "Bazaar POS yang asli tidak sebesar itu; mungkin file rusak atau sengaja dibuat. "
            "Tidak ada yang diimpor.",
        ),
        "damaged": QCoreApplication.translate(
            "Messages",
            "Ekspor {path} rusak: isi zip tidak bisa dibongkar ({detail}). Tidak ada yang "
            "diimpor; salin ulang ekspornya dari kasa itu.",
        ),
    }
    text = texts.get(error.reason)
    if text is None:
        return QCoreApplication.translate(
            "Messages", "Ekspor {path} tidak bisa dibaca ({detail}). Tidak ada yang diimpor."
        ).format(path=error.path, detail=error.detail or error.reason)
    return text.format(path=error.path, detail=error.detail or "-")


def _row_error(error: ExportRowError) -> str:
    if error.column:
        text = QCoreApplication.translate(
            "Messages",
            "Ekspor {path}: {file} baris {line}, kolom {column}: {problem}. "
            "Tidak ada yang diimpor dari ekspor ini.",
        )
    else:
        text = QCoreApplication.translate(
            "Messages",
            "Ekspor {path}: {file} baris {line}: {problem}. "
            "Tidak ada yang diimpor dari ekspor ini.",
        )
    return text.format(
        path=error.path,
        file=error.file_name,
        line=format_number(error.line),
        column=error.column,
        problem=error.problem,
    )


def describe_conflict(conflict: Conflict) -> str:
    """One line of the conflict list: ``sales.csv baris 7 (total, created_at): …``."""
    if conflict.columns:
        return QCoreApplication.translate(
            "Messages", "{file} baris {line} (kolom {columns}): {message}"
        ).format(
            file=conflict.file_name,
            line=format_number(conflict.line),
            columns=", ".join(conflict.columns),
            message=conflict.message,
        )
    return QCoreApplication.translate("Messages", "{file} baris {line}: {message}").format(
        file=conflict.file_name, line=format_number(conflict.line), message=conflict.message
    )


def _conflict(error: ImportConflict) -> str:
    head = QCoreApplication.translate(
        "Messages",
        "Ekspor {path} bertentangan dengan data di sini ({count} konflik): data yang sama "
        "(UUID sama) isinya berbeda, atau nomornya sudah dipakai data lain. Tidak ada yang "
        "diimpor dari ekspor ini.",
    ).format(path=error.path, count=format_number(len(error.conflicts)))
    lines = [head]
    lines.extend(f"• {describe_conflict(c)}" for c in error.conflicts[:CONFLICTS_SHOWN])
    rest = len(error.conflicts) - CONFLICTS_SHOWN
    if rest > 0:
        lines.append(
            QCoreApplication.translate("Messages", "… dan {count} lainnya").format(
                count=format_number(rest)
            )
        )
    return "\n".join(lines)


def _untrusted(error: ExportUntrusted) -> str:
    texts = {
        TrustProblem.UNSIGNED_FORMAT: QCoreApplication.translate(
            "Messages",
            "Ekspor {path} dibuat versi Bazaar POS lama tanpa tanda tangan digital, jadi "
            "asalnya tidak bisa dipastikan. Tidak ada yang diimpor; perbarui aplikasi di kasa "
            "itu lalu ekspor ulang.",
        ),
        TrustProblem.SIGNATURE_MISSING: QCoreApplication.translate(
            "Messages",
            "Ekspor {path} tidak bertanda tangan (manifest.sig tidak ada). Tidak ada yang "
            "diimpor; salin ulang ekspornya utuh.",
        ),
        TrustProblem.SIGNATURE_INVALID: QCoreApplication.translate(
            "Messages",
            "Tanda tangan ekspor {path} tidak cocok dengan isinya: ekspor itu diubah setelah "
            "dibuat di kasa {till} (sidik kunci {fingerprint}). Tidak ada yang diimpor; minta "
            "ekspor baru dari kasa itu.",
        ),
        TrustProblem.BAD_KEY: QCoreApplication.translate(
            "Messages",
            "Ekspor {path} tidak memuat kunci kasa yang bisa dibaca. Tidak ada yang diimpor; "
            "minta ekspor baru dari kasa itu.",
        ),
        TrustProblem.KEY_CHANGED: QCoreApplication.translate(
            "Messages",
            "Ekspor {path} mengaku dari kasa {till} ({till_id}) tetapi ditandatangani kunci "
            "lain: sidik kunci {fingerprint}, padahal kunci yang dikenal untuk kasa itu "
            "{known}. Mungkin laptop lain menyamar sebagai kasa itu. Tidak ada yang diimpor; "
            "cocokkan sidik kunci dengan laporan Z yang ditandatangani.",
        ),
    }
    return texts[error.reason].format(
        path=error.path,
        till=error.till_code or "-",
        till_id=error.till_id or "-",
        fingerprint=error.fingerprint or "-",
        known=error.known_fingerprint or "-",
    )


def refusal_rule(reason: RefusalReason) -> str:
    """The rule a refused record breaks, as a clause of the refusal's sentence."""
    rules = {
        RefusalReason.LINE_TOTAL: QCoreApplication.translate(
            "Messages", "total baris tidak sama dengan jumlah × harga − diskon"
        ),
        RefusalReason.LINE_QUANTITY: QCoreApplication.translate(
            "Messages", "jumlah barang pada baris penjualan 0 atau kurang"
        ),
        RefusalReason.SALE_DISCOUNT: QCoreApplication.translate(
            "Messages",
            "diskon penjualan negatif, melebihi subtotal, atau tidak sama dengan bagian "
            "diskon di baris-barisnya",
        ),
        RefusalReason.SALE_SUBTOTAL: QCoreApplication.translate(
            "Messages", "subtotal tidak sama dengan jumlah baris setelah diskon baris"
        ),
        RefusalReason.SALE_TOTAL_LINES: QCoreApplication.translate(
            "Messages", "total penjualan tidak sama dengan jumlah total barisnya"
        ),
        RefusalReason.SALE_TOTAL_PAYMENTS: QCoreApplication.translate(
            "Messages", "total penjualan tidak sama dengan pembayarannya"
        ),
        RefusalReason.PAYMENT_CHANGE: QCoreApplication.translate(
            "Messages",
            "pembayaran tidak cocok: uang diterima − kembalian ≠ jumlah, atau ada kembalian "
            "dari pembayaran non-tunai",
        ),
        RefusalReason.REFUND_LINES: QCoreApplication.translate(
            "Messages",
            "jumlah refund tidak sama dengan baris-barisnya, atau barisnya dari penjualan lain",
        ),
        RefusalReason.REFUND_QUANTITY: QCoreApplication.translate(
            "Messages", "barang dikembalikan lebih banyak dari yang terjual"
        ),
        RefusalReason.REFUND_AMOUNT: QCoreApplication.translate(
            "Messages", "uang dikembalikan lebih banyak dari nilai penjualannya"
        ),
        RefusalReason.CASH_MOVEMENT: QCoreApplication.translate(
            "Messages", "kas masuk/keluar bukan jenis yang dikenal atau jumlahnya tidak positif"
        ),
        RefusalReason.USER_SECRET: QCoreApplication.translate(
            "Messages", "users.csv membawa kolom selain nama (PIN atau data login)"
        ),
        RefusalReason.USER_UNUSED: QCoreApplication.translate(
            "Messages", "pengguna ini tidak dirujuk oleh data mana pun di ekspor"
        ),
    }
    return rules[reason]


def _refused(error: ExportRefused) -> str:
    if error.reason in (RefusalReason.USER_SECRET, RefusalReason.USER_UNUSED):
        text = QCoreApplication.translate(
            "Messages",
            "Ekspor {path} ditolak karena membawa akun: {file} baris {line} ({record}): "
            "{rule}. Ekspor hanya membawa nama orang untuk datanya, tidak pernah akun. Tidak "
            "ada yang diimpor dari ekspor ini.",
        )
    else:
        text = QCoreApplication.translate(
            "Messages",
            "Ekspor {path} ditolak karena angkanya tidak cocok: {file} baris {line} "
            "({record}): {rule} ({detail}). Tidak ada yang diimpor dari ekspor ini; periksa "
            "laptop kasa itu.",
        )
    return text.format(
        path=error.path,
        file=error.file_name,
        line=format_number(error.line),
        record=error.record,
        rule=refusal_rule(error.reason),
        detail=error.detail,
    )


def describe_sync_error(error: Exception) -> str | None:
    """A sentence for a sync error, or None if ``error`` is not one of them."""
    if isinstance(error, ExportUnreadable):
        return _unreadable(error)
    if isinstance(error, ExportChecksumMismatch):
        return QCoreApplication.translate(
            "Messages",
            "File {file} di ekspor {path} tidak sama dengan yang tercatat di manifest "
            "(terpotong saat disalin, atau diubah/disimpan ulang di spreadsheet). Tidak ada "
            "yang diimpor dari ekspor ini; salin ulang atau minta ekspor baru dari kasa itu.",
        ).format(file=error.file_name, path=error.path)
    if isinstance(error, ExportRowError):
        return _row_error(error)
    if isinstance(error, ExportUntrusted):
        return _untrusted(error)
    if isinstance(error, ExportRefused):
        return _refused(error)
    if isinstance(error, ImportConflict):
        return _conflict(error)
    if isinstance(error, MergeRunning):
        return QCoreApplication.translate(
            "Messages",
            "Impor data kasa lain ({file}) sedang ditulis ke basis data ini; tunggu sampai "
            "selesai lalu coba lagi. Tidak ada yang diimpor dari ekspor ini.",
        ).format(file=error.file_name or "?")
    if isinstance(error, MergeCancelled):
        return QCoreApplication.translate(
            "Messages",
            "Impor {path} dibatalkan: yang sudah ditulis dihapus lagi, tidak ada yang disimpan "
            "dari ekspor ini.",
        ).format(path=error.path)
    if isinstance(error, ExportCancelled):
        return QCoreApplication.translate(
            "Messages", "Ekspor dibatalkan, tidak ada file yang ditulis."
        )
    if isinstance(error, ExportTargetExists):
        return QCoreApplication.translate(
            "Messages",
            "{path} sudah ada: pilih nama baru atau folder kosong. Tidak ada yang ditimpa.",
        ).format(path=error.path)
    if isinstance(error, ExportFolderGone):
        return QCoreApplication.translate(
            "Messages",
            "Folder tujuan {folder} tidak ada lagi (flashdisk dicabut?): ekspor tidak ditulis. "
            "Data kasa tetap tersimpan di komputer ini; pasang lagi flashdisk lalu ekspor ulang.",
        ).format(folder=error.folder)
    return None
