"""Sentences for the stock errors (counts, ledger changes, returns, events, reports).

Literal ``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos.counts import MAX_COUNTED, CountError
from bazaar_pos.events import InvalidEvent
from bazaar_pos.money import format_number
from bazaar_pos.returns import ReturnRefused
from bazaar_pos.stock import MAX_MOVEMENT_QUANTITY, InvalidStockChange
from bazaar_pos.variance import UnknownEvent


def _count(error: CountError) -> str:
    t = QCoreApplication.translate
    detail = error.detail
    texts = {
        "not_found": t("Messages", "Sesi penghitungan tidak ditemukan ({detail})."),
        "not_open": t(
            "Messages",
            "Penghitungan ini sudah diposting atau dibatalkan: tidak bisa diubah lagi.",
        ),
        "scope_busy": t(
            "Messages",
            "Masih ada penghitungan terbuka (no. {session}) untuk barang yang sama. "
            "Lanjutkan atau posting dulu penghitungan itu.",
        ),
        "untracked": t(
            "Messages", "'{detail}' tidak dilacak stoknya (mis. minuman kafe): tidak dihitung."
        ),
        "outside_scope": t(
            "Messages", "'{detail}' bukan barang instansi yang sedang dihitung di sesi ini."
        ),
        "no_products": t("Messages", "Tidak ada produk aktif yang dilacak stoknya untuk dihitung."),
        "unknown_event": t("Messages", "Acara tidak ditemukan ({detail})."),
        "institution_not_in_event": t(
            "Messages", "Instansi itu tidak terdaftar sebagai peserta acara ini."
        ),
        "not_positive": t("Messages", "Jumlah hitungan tidak boleh negatif atau nol ({detail})."),
        "too_large": t("Messages", "Jumlah hitungan {detail} terlalu besar (maksimal {max})."),
    }
    text = texts.get(error.reason, str(error))
    return text.format(detail=detail, session=error.session_id, max=format_number(MAX_COUNTED))


def _stock_change(error: InvalidStockChange) -> str:
    t = QCoreApplication.translate
    texts = {
        "not_positive": t("Messages", "Jumlah harus lebih dari 0 (tertulis {detail})."),
        "too_large": t("Messages", "Jumlah {detail} terlalu besar (maksimal {max})."),
        "untracked": t("Messages", "'{detail}' tidak dilacak stoknya."),
        "unknown_product": t("Messages", "Produk tidak ditemukan."),
        "reason_required": t("Messages", "Tuliskan alasannya (mis. pecah saat diangkut)."),
        "unknown_movement": t("Messages", "Mutasi stok tidak ditemukan ({detail})."),
        "already_reversed": t("Messages", "Mutasi ini sudah pernah dibatalkan."),
        "not_reversible": t(
            "Messages",
            "Mutasi jenis '{detail}' tidak bisa dibatalkan di sini: penjualan lewat refund, "
            "hasil hitung lewat penghitungan baru.",
        ),
        "unknown_event": t("Messages", "Acara tidak ditemukan ({detail})."),
    }
    text = texts.get(error.reason, str(error))
    return text.format(detail=error.detail, max=format_number(MAX_MOVEMENT_QUANTITY))


def _return(error: ReturnRefused) -> str:
    t = QCoreApplication.translate
    texts = {
        "unknown_event": t("Messages", "Acara tidak ditemukan ({detail})."),
        "unknown_institution": t("Messages", "Instansi tidak ditemukan ({detail})."),
        "institution_not_in_event": t(
            "Messages", "{detail} tidak terdaftar sebagai peserta acara ini."
        ),
        "no_closing_count": t(
            "Messages",
            "Barang {detail} belum dihitung akhir: posting penghitungan akhir dulu, "
            "baru barang dikembalikan.",
        ),
        "open_count": t(
            "Messages", "Masih ada penghitungan terbuka untuk barang {detail}: posting dulu."
        ),
        "already_returned": t(
            "Messages", "Barang {detail} sudah diserahkan kembali; cetak ulang berita acaranya."
        ),
        "unknown_handover": t("Messages", "Berita acara tidak ditemukan ({detail})."),
        "names_required": t("Messages", "Isi nama petugas yang menyerahkan dan yang menerima."),
    }
    return texts.get(error.reason, str(error)).format(detail=error.detail)


def _event(error: InvalidEvent) -> str:
    t = QCoreApplication.translate
    texts = {
        "name": t("Messages", "Nama acara wajib diisi."),
        "dates": t("Messages", "Tanggal selesai acara tidak boleh sebelum tanggal mulai."),
        "institutions": t("Messages", "Pilih minimal satu instansi peserta."),
        "id": t("Messages", "Acara tidak ditemukan."),
    }
    return texts.get(error.field, str(error))


def describe_stock_error(error: Exception) -> str | None:
    """A sentence for a stock error, or None if ``error`` is not one of them."""
    if isinstance(error, CountError):
        return _count(error)
    if isinstance(error, InvalidStockChange):
        return _stock_change(error)
    if isinstance(error, ReturnRefused):
        return _return(error)
    if isinstance(error, InvalidEvent):
        return _event(error)
    if isinstance(error, UnknownEvent):
        return QCoreApplication.translate("Messages", "Acara tidak ditemukan.")
    return None
