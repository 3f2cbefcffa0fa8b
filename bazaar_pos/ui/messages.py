"""Turns core errors into sentences for the cashier, through Qt's translation mechanism.

Each sentence is a literal ``QCoreApplication.translate("Messages", "...")`` call, not a call
through a helper: ``pyside6-lupdate`` only extracts strings written out in such calls (see
``assets/i18n/update_translations.sh``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos import errors
from bazaar_pos.money import format_rupiah
from bazaar_pos.settings import InvalidSetting


def rupiah_in_sentence(amount: int) -> str:
    """``Rp 78.300`` with a no-break space: a dialog wraps its text at spaces, and a line that
    ends in "Rp" with the number on the next reads as two amounts."""
    return format_rupiah(amount).replace(" ", "\u00a0")


def describe_error(error: Exception) -> str:
    if isinstance(error, errors.UnknownCode):
        return QCoreApplication.translate(
            "Messages",
            "Kode '{code}' tidak dikenal: tidak ada produk aktif dengan barcode/SKU itu.",
        ).format(code=error.code)
    if isinstance(error, errors.InvalidQuantity):
        if error.reason == "not_a_number":
            return QCoreApplication.translate(
                "Messages", "Jumlah '{text}' bukan angka. Contoh: 1600*lalu scan."
            ).format(text=error.text)
        if error.reason == "not_positive":
            return QCoreApplication.translate(
                "Messages", "Jumlah harus lebih dari 0 (tertulis '{text}')."
            ).format(text=error.text)
        return QCoreApplication.translate(
            "Messages", "Jumlah '{text}' terlalu besar untuk satu baris (maksimal 99.999)."
        ).format(text=error.text)
    if isinstance(error, errors.InvalidAmount):
        return QCoreApplication.translate(
            "Messages",
            "Nominal '{text}' tidak valid: tulis Rupiah bulat, mis. 50000 atau 50.000.",
        ).format(text=error.text)
    if isinstance(error, errors.EmptyCart):
        return QCoreApplication.translate("Messages", "Keranjang masih kosong: scan produk dulu.")
    if isinstance(error, errors.TenderTooLow):
        return QCoreApplication.translate(
            "Messages", "Uang diterima {tendered} kurang dari total {total}."
        ).format(tendered=format_rupiah(error.tendered), total=format_rupiah(error.total))
    if isinstance(error, errors.ProductUnavailable):
        return QCoreApplication.translate(
            "Messages", "Produk di keranjang sudah tidak aktif (id {id}). Hapus barisnya."
        ).format(id=error.product_id)
    if isinstance(error, errors.ReceiptAmbiguous):
        choices = "; ".join(
            QCoreApplication.translate(
                "Messages", "perangkat {device}: {time}, {total} ({institutions})"
            ).format(
                device=choice.device,
                time=choice.created_at,
                total=rupiah_in_sentence(choice.total),
                institutions=", ".join(choice.institutions),
            )
            for choice in error.choices
        )
        return QCoreApplication.translate(
            "Messages",
            "Nomor struk {no} dicetak oleh {count} laptop dengan kode kasa yang sama: "
            "{choices}. Cocokkan dengan kertasnya, lalu ketik nomor beserta perangkatnya, "
            "mis. {example}.",
        ).format(
            no=error.receipt_no, count=len(error.choices), choices=choices, example=error.example
        )
    if isinstance(error, errors.ReceiptNotFound):
        return QCoreApplication.translate("Messages", "Struk '{no}' tidak ditemukan.").format(
            no=error.receipt_no
        )
    if isinstance(error, errors.UnknownPaymentMethod):
        return QCoreApplication.translate(
            "Messages", "Metode pembayaran '{method}' tidak dikenal."
        ).format(method=error.method)
    if isinstance(error, errors.MergeInProgress):
        return QCoreApplication.translate(
            "Messages",
            "Data kasa lain ({file}) sedang digabungkan ke basis data ini, atau penggabungannya "
            "terhenti dan menunggu dibatalkan: laporan sekarang akan memuat sebagiannya saja. "
            "Buat laporan setelah impor selesai (impor yang terhenti dibatalkan saat kasa dibuka "
            "lagi atau oleh impor berikutnya).",
        ).format(file=error.file_name or "?")
    if isinstance(error, errors.PaperFontUnavailable):
        return QCoreApplication.translate(
            "Messages",
            "File huruf untuk mencetak hilang atau rusak ({path}): struk, laporan dan label tidak "
            "bisa dibuat. Penjualan tetap tersimpan. Pasang ulang Bazaar POS.",
        ).format(path=error.path)
    if isinstance(error, InvalidSetting):
        if error.key == "till_code":
            return QCoreApplication.translate(
                "Messages",
                "Kode kasa '{value}' tidak valid: 2–8 huruf besar/angka tanpa spasi, mis. BPN1.",
            ).format(value=error.value)
        if error.key == "cashier":
            return QCoreApplication.translate("Messages", "Nama kasir tidak boleh kosong.")
        return QCoreApplication.translate(
            "Messages", "Pengaturan '{key}' tidak valid: '{value}'."
        ).format(key=error.key, value=error.value)
    if isinstance(error, errors.PosError):
        from bazaar_pos.ui.backup.messages import describe_backup_error
        from bazaar_pos.ui.catalog.messages import describe_catalog_error
        from bazaar_pos.ui.database_messages import describe_database_error
        from bazaar_pos.ui.people.messages import describe_people_error
        from bazaar_pos.ui.people.shift_messages import describe_shift_error
        from bazaar_pos.ui.stock.messages import describe_stock_error
        from bazaar_pos.ui.sync.messages import describe_sync_error
        from bazaar_pos.ui.till.refund_messages import describe_refund_error
        from bazaar_pos.ui.till.sale_messages import describe_sale_error

        return (
            describe_sale_error(error)
            or describe_database_error(error)
            or describe_people_error(error)
            or describe_shift_error(error)
            or describe_refund_error(error)
            or describe_stock_error(error)
            or describe_catalog_error(error)
            or describe_sync_error(error)
            or describe_backup_error(error)
            or str(error)
        )
    from bazaar_pos.db.faults import database_fault

    # The driver's error, or SQLAlchemy's wrapper of it: the database file's fault in words
    # (disk full, read-only, busy …), never the exception's class name.
    fault = database_fault(error)
    if fault is not None:
        from bazaar_pos.ui.database_messages import describe_database_error

        return describe_database_error(fault) or str(fault)
    return QCoreApplication.translate("Messages", "Terjadi kesalahan: {error}").format(
        error=f"{type(error).__name__}: {error}"
    )
