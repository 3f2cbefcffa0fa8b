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
    ExportRowError,
    ExportTargetExists,
    ExportUnreadable,
    ImportConflict,
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
    if isinstance(error, ImportConflict):
        return _conflict(error)
    if isinstance(error, ExportCancelled):
        return QCoreApplication.translate(
            "Messages", "Ekspor dibatalkan, tidak ada file yang ditulis."
        )
    if isinstance(error, ExportTargetExists):
        return QCoreApplication.translate(
            "Messages",
            "{path} sudah ada: pilih nama baru atau folder kosong. Tidak ada yang ditimpa.",
        ).format(path=error.path)
    return None
