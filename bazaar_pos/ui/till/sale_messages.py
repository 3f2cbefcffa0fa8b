"""Sentences for the errors of the money at the till: discounts, split payments, parked sales,
voids and the login a sale needs.

Literal ``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from bazaar_pos.errors import (
    InvalidDiscount,
    InvalidVoid,
    LoginRequired,
    NonCashOverTotal,
    ParkedProductUnavailable,
    ParkedSaleNotFound,
    PaymentShort,
    TooManyCashPayments,
)
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.people.access import (
    APPROVAL_LIFETIME,
    ApprovalProblem,
    ApprovalRefused,
    NotPermitted,
)
from bazaar_pos.ui.people.messages import role_name


def _discount(error: InvalidDiscount) -> str:
    if error.reason == "percent_range":
        return QCoreApplication.translate(
            "Messages", "Diskon '{text}' tidak valid: persen harus 1 sampai 100."
        ).format(text=error.text)
    if error.reason == "negative":
        return QCoreApplication.translate(
            "Messages", "Diskon tidak boleh negatif ('{text}')."
        ).format(text=error.text)
    if error.reason == "above_value":
        return QCoreApplication.translate(
            "Messages", "Diskon {amount} lebih besar dari nilainya ({limit})."
        ).format(
            amount=_rupiah_text(error.text),
            limit=format_rupiah(error.limit if error.limit is not None else 0),
        )
    if error.reason == "negative_price":
        return QCoreApplication.translate(
            "Messages", "Harga tidak boleh negatif ('{text}')."
        ).format(text=error.text)
    return QCoreApplication.translate(
        "Messages", "Diskon '{text}' tidak dimengerti. Contoh: 10% atau 5.000."
    ).format(text=error.text)


def _rupiah_text(text: str) -> str:
    try:
        return format_rupiah(int(text))
    except ValueError:
        return text


def _approval_refused(error: ApprovalRefused) -> str:
    problem = error.problem
    if problem is ApprovalProblem.USED:
        return QCoreApplication.translate(
            "Messages", "Persetujuan ini sudah dipakai: minta PIN supervisor lagi."
        )
    if problem is ApprovalProblem.EXPIRED:
        return QCoreApplication.translate(
            "Messages",
            "Persetujuan sudah kedaluwarsa (lebih dari {minutes} menit): minta PIN lagi.",
        ).format(minutes=APPROVAL_LIFETIME // dt.timedelta(minutes=1))
    if problem in (ApprovalProblem.OTHER_AMOUNT, ApprovalProblem.OTHER_ACTION):
        return QCoreApplication.translate(
            "Messages",
            "Persetujuan diberikan untuk perubahan atau jumlah lain: minta PIN supervisor untuk "
            "yang sekarang.",
        )
    if problem in (ApprovalProblem.APPROVER_INACTIVE, ApprovalProblem.APPROVER_ROLE):
        return QCoreApplication.translate(
            "Messages",
            "Yang menyetujui sudah tidak aktif atau perannya tidak cukup: minta PIN {needed}.",
        ).format(needed=role_name(error.needed))
    # Another line, cart, receipt, user or till, or not an approval of this till at all.
    return QCoreApplication.translate(
        "Messages", "Persetujuan ini bukan untuk transaksi ini: minta PIN supervisor lagi."
    )


def describe_sale_error(error: Exception) -> str | None:
    """The sentence for one of the till's money errors, or None if it is not one of them."""
    if isinstance(error, ApprovalRefused):
        return _approval_refused(error)
    if isinstance(error, InvalidDiscount):
        return _discount(error)
    if isinstance(error, NonCashOverTotal):
        return QCoreApplication.translate(
            "Messages",
            "QRIS/transfer {paid} melebihi total {total}: kembalian hanya dari tunai.",
        ).format(paid=format_rupiah(error.non_cash), total=format_rupiah(error.total))
    if isinstance(error, PaymentShort):
        return QCoreApplication.translate(
            "Messages", "Pembayaran {paid} belum menutup total {total}: sisanya {rest}."
        ).format(
            paid=format_rupiah(error.paid),
            total=format_rupiah(error.total),
            rest=format_rupiah(error.total - error.paid),
        )
    if isinstance(error, TooManyCashPayments):
        return QCoreApplication.translate(
            "Messages", "Tunai hanya boleh satu kali dalam satu pembayaran."
        )
    if isinstance(error, LoginRequired):
        return QCoreApplication.translate(
            "Messages", "Silakan masuk (login) dengan nama pengguna dan PIN dulu."
        )
    if isinstance(error, NotPermitted) and not error.role:
        # A till without users: nobody could approve, so no discounts or price changes.
        return QCoreApplication.translate(
            "Messages",
            "Diskon dan ubah harga hanya bisa setelah pengguna dibuat dan masuk (login).",
        )
    if isinstance(error, ParkedSaleNotFound):
        return QCoreApplication.translate(
            "Messages", "Transaksi yang ditunda itu tidak ada lagi di kasa ini."
        )
    if isinstance(error, ParkedProductUnavailable):
        return QCoreApplication.translate(
            "Messages",
            "Produk '{name}' sudah tidak dijual lagi: transaksi yang ditunda tetap disimpan.",
        ).format(name=error.name)
    if isinstance(error, InvalidVoid):
        return QCoreApplication.translate(
            "Messages", "Tidak bisa membatalkan {quantity} dari baris berisi {on_line}."
        ).format(quantity=format_number(error.quantity), on_line=format_number(error.on_line))
    return None
