"""Sentences for the stock errors (counts, ledger changes, returns, events, reports).

Literal ``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos.catalog.events import InvalidEvent
from bazaar_pos.money import format_number
from bazaar_pos.stock.counts import MAX_COUNTED, CountError
from bazaar_pos.stock.ledger import MAX_MOVEMENT_QUANTITY, InvalidStockChange
from bazaar_pos.stock.returns import ReturnRefused
from bazaar_pos.stock.variance import UnknownEvent


def _count(error: CountError) -> str:
    detail = error.detail
    texts = {
        "not_found": QCoreApplication.translate(
            "Messages", "Sesi penghitungan tidak ditemukan ({detail})."
        ),
        "not_open": QCoreApplication.translate(
            "Messages",
            "Penghitungan ini sudah diposting atau dibatalkan: tidak bisa diubah lagi.",
        ),
        "scope_busy": QCoreApplication.translate(
            "Messages",
            "Masih ada penghitungan terbuka (no. {session}) untuk barang yang sama. "
            "Lanjutkan atau posting dulu penghitungan itu.",
        ),
        "untracked": QCoreApplication.translate(
            "Messages", "'{detail}' tidak dilacak stoknya (mis. minuman kafe): tidak dihitung."
        ),
        "outside_scope": QCoreApplication.translate(
            "Messages", "'{detail}' bukan barang instansi yang sedang dihitung di sesi ini."
        ),
        "no_products": QCoreApplication.translate(
            "Messages", "Tidak ada produk aktif yang dilacak stoknya untuk dihitung."
        ),
        "unknown_event": QCoreApplication.translate(
            "Messages", "Acara tidak ditemukan ({detail})."
        ),
        "institution_not_in_event": QCoreApplication.translate(
            "Messages", "Instansi itu tidak terdaftar sebagai peserta acara ini."
        ),
        "not_positive": QCoreApplication.translate(
            "Messages", "Jumlah yang ditambahkan harus lebih dari 0 ({detail})."
        ),
        "negative": QCoreApplication.translate(
            "Messages", "Jumlah hitungan tidak boleh negatif ({detail}); 0 berarti habis."
        ),
        "too_large": QCoreApplication.translate(
            "Messages", "Jumlah hitungan {detail} terlalu besar (maksimal {max})."
        ),
    }
    text = texts.get(error.reason, str(error))
    return text.format(detail=detail, session=error.session_id, max=format_number(MAX_COUNTED))


def _stock_change(error: InvalidStockChange) -> str:
    texts = {
        "not_positive": QCoreApplication.translate(
            "Messages", "Jumlah harus lebih dari 0 (tertulis {detail})."
        ),
        "too_large": QCoreApplication.translate(
            "Messages", "Jumlah {detail} terlalu besar (maksimal {max})."
        ),
        "untracked": QCoreApplication.translate("Messages", "'{detail}' tidak dilacak stoknya."),
        "unknown_product": QCoreApplication.translate("Messages", "Produk tidak ditemukan."),
        "nothing_received": QCoreApplication.translate(
            "Messages", "Belum ada barang di daftar barang datang."
        ),
        "archived": QCoreApplication.translate(
            "Messages", "'{detail}' sudah diarsipkan: pulihkan dulu di layar Produk."
        ),
        "not_in_event": QCoreApplication.translate(
            "Messages", "'{detail}' milik instansi yang tidak ikut acara ini."
        ),
        "reason_required": QCoreApplication.translate(
            "Messages", "Tuliskan alasannya (mis. pecah saat diangkut)."
        ),
        "unknown_movement": QCoreApplication.translate(
            "Messages", "Mutasi stok tidak ditemukan ({detail})."
        ),
        "already_reversed": QCoreApplication.translate(
            "Messages", "Mutasi ini sudah pernah dibatalkan."
        ),
        "not_reversible": QCoreApplication.translate(
            "Messages",
            "Mutasi jenis '{detail}' tidak bisa dibatalkan di sini: penjualan lewat refund, "
            "hasil hitung lewat penghitungan baru.",
        ),
        "unknown_event": QCoreApplication.translate(
            "Messages", "Acara tidak ditemukan ({detail})."
        ),
    }
    text = texts.get(error.reason, str(error))
    return text.format(detail=error.detail, max=format_number(MAX_MOVEMENT_QUANTITY))


def _return(error: ReturnRefused) -> str:
    texts = {
        "unknown_event": QCoreApplication.translate(
            "Messages", "Acara tidak ditemukan ({detail})."
        ),
        "unknown_institution": QCoreApplication.translate(
            "Messages", "Instansi tidak ditemukan ({detail})."
        ),
        "institution_not_in_event": QCoreApplication.translate(
            "Messages", "{detail} tidak terdaftar sebagai peserta acara ini."
        ),
        "no_closing_count": QCoreApplication.translate(
            "Messages",
            "Barang {detail} belum dihitung akhir: posting penghitungan akhir dulu, "
            "baru barang dikembalikan.",
        ),
        "open_count": QCoreApplication.translate(
            "Messages", "Masih ada penghitungan terbuka untuk barang {detail}: posting dulu."
        ),
        "already_returned": QCoreApplication.translate(
            "Messages", "Barang {detail} sudah diserahkan kembali; cetak ulang berita acaranya."
        ),
        "unknown_handover": QCoreApplication.translate(
            "Messages", "Berita acara tidak ditemukan ({detail})."
        ),
        "names_required": QCoreApplication.translate(
            "Messages", "Isi nama petugas instansi yang menerima barang."
        ),
    }
    return texts.get(error.reason, str(error)).format(detail=error.detail)


def _event(error: InvalidEvent) -> str:
    texts = {
        "name": QCoreApplication.translate("Messages", "Nama acara wajib diisi."),
        "dates": QCoreApplication.translate(
            "Messages", "Tanggal selesai acara tidak boleh sebelum tanggal mulai."
        ),
        "institutions": QCoreApplication.translate(
            "Messages", "Pilih minimal satu instansi peserta."
        ),
        "id": QCoreApplication.translate("Messages", "Acara tidak ditemukan."),
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
