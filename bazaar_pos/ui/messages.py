"""Turns core errors into sentences for the cashier, through Qt's translation mechanism."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos import errors
from bazaar_pos.money import format_rupiah
from bazaar_pos.settings import InvalidSetting


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def describe_error(error: Exception) -> str:
    if isinstance(error, errors.UnknownCode):
        return _tr(
            "Kode '{code}' tidak dikenal: tidak ada produk aktif dengan barcode/SKU itu."
        ).format(code=error.code)
    if isinstance(error, errors.InvalidQuantity):
        if error.reason == "not_a_number":
            return _tr("Jumlah '{text}' bukan angka. Contoh: 1600*lalu scan.").format(
                text=error.text
            )
        if error.reason == "not_positive":
            return _tr("Jumlah harus lebih dari 0 (tertulis '{text}').").format(text=error.text)
        return _tr("Jumlah '{text}' terlalu besar untuk satu baris (maksimal 99.999).").format(
            text=error.text
        )
    if isinstance(error, errors.InvalidAmount):
        return _tr(
            "Nominal '{text}' tidak valid: tulis Rupiah bulat, mis. 50000 atau 50.000."
        ).format(text=error.text)
    if isinstance(error, errors.EmptyCart):
        return _tr("Keranjang masih kosong: scan produk dulu.")
    if isinstance(error, errors.TenderTooLow):
        return _tr("Uang diterima {tendered} kurang dari total {total}.").format(
            tendered=format_rupiah(error.tendered), total=format_rupiah(error.total)
        )
    if isinstance(error, errors.ProductUnavailable):
        return _tr("Produk di keranjang sudah tidak aktif (id {id}). Hapus barisnya.").format(
            id=error.product_id
        )
    if isinstance(error, errors.ReceiptNotFound):
        return _tr("Struk '{no}' tidak ditemukan.").format(no=error.receipt_no)
    if isinstance(error, InvalidSetting):
        return _tr("Pengaturan '{key}' tidak valid: '{value}'.").format(
            key=error.key, value=error.value
        )
    if isinstance(error, errors.PosError):
        return str(error)
    return _tr("Terjadi kesalahan: {error}").format(error=f"{type(error).__name__}: {error}")
