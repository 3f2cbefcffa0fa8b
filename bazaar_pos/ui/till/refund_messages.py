"""Sentences for the refund errors (limits, bad requests).

Literal ``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos.money import format_number
from bazaar_pos.till.refunds import RefundExceedsSold, RefundNotFound, RefundRefused


def _exceeds(error: RefundExceedsSold) -> str:
    if error.refundable == 0:
        return QCoreApplication.translate(
            "Messages",
            "{name}: semua {sold} yang terjual sudah dikembalikan; tidak ada lagi yang bisa "
            "direfund.",
        ).format(name=error.name, sold=format_number(error.sold))
    return QCoreApplication.translate(
        "Messages",
        "{name}: tidak bisa mengembalikan {requested}. Terjual {sold}, sudah dikembalikan "
        "{refunded}, paling banyak {left} lagi.",
    ).format(
        name=error.name,
        requested=format_number(error.requested),
        sold=format_number(error.sold),
        refunded=format_number(error.refunded),
        left=format_number(error.refundable),
    )


def _refused(error: RefundRefused) -> str:
    texts = {
        "reason_required": QCoreApplication.translate(
            "Messages", "Tuliskan alasan refund (mis. barang retak, salah ukuran)."
        ),
        "nothing_to_refund": QCoreApplication.translate(
            "Messages", "Pilih dulu jumlah barang yang dikembalikan (kolom Refund sekarang)."
        ),
        "not_positive": QCoreApplication.translate(
            "Messages", "Jumlah yang dikembalikan harus 1 atau lebih (tertulis {detail})."
        ),
        "bad_quantity": QCoreApplication.translate(
            "Messages",
            "Jumlah '{detail}' tidak valid: isi angka dari 0 sampai sisa yang bisa dikembalikan.",
        ),
        "not_in_sale": QCoreApplication.translate(
            "Messages", "Baris itu bukan bagian dari struk ini; muat ulang struknya."
        ),
        "duplicate_line": QCoreApplication.translate(
            "Messages", "Barang {detail} tercantum dua kali dalam permintaan refund."
        ),
        "request_key_required": QCoreApplication.translate(
            "Messages", "Muat ulang struknya lalu coba lagi."
        ),
        "key_used_for_other_sale": QCoreApplication.translate(
            "Messages",
            "Formulir ini sudah dipakai untuk refund {detail} struk lain; muat ulang struknya.",
        ),
    }
    return texts.get(error.reason, str(error)).format(detail=error.detail)


def describe_refund_error(error: Exception) -> str | None:
    """A sentence for a refund error, or None if ``error`` is not one of them."""
    if isinstance(error, RefundExceedsSold):
        return _exceeds(error)
    if isinstance(error, RefundRefused):
        return _refused(error)
    if isinstance(error, RefundNotFound):
        return QCoreApplication.translate("Messages", "Refund '{no}' tidak ditemukan.").format(
            no=error.refund_no
        )
    return None
