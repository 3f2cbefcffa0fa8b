"""Sentences for the shift and cash drawer errors.

Literal ``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.people.shifts import (
    MAX_PIECES,
    MAX_REASON_LENGTH,
    InvalidCashCount,
    InvalidCashMovement,
    NoOpenShift,
    NotATill,
    ShiftAlreadyClosed,
    ShiftAlreadyOpen,
    ShiftNotFound,
)


def _cash_count(error: InvalidCashCount) -> str:
    denomination = error.denomination
    if denomination is None:
        return QCoreApplication.translate(
            "Messages", "Pecahan '{key}' tidak dikenal: bukan uang kertas/koin Rupiah yang berlaku."
        ).format(key=error.key)
    if denomination.form == "note":
        name = QCoreApplication.translate("Messages", "uang kertas {value}").format(
            value=format_rupiah(denomination.value)
        )
    else:
        name = QCoreApplication.translate("Messages", "koin {value}").format(
            value=format_rupiah(denomination.value)
        )
    if error.reason == "negative":
        return QCoreApplication.translate(
            "Messages", "Jumlah {name} tidak boleh negatif (tertulis {quantity})."
        ).format(name=name, quantity=error.quantity)
    if error.reason == "too_large":
        return QCoreApplication.translate(
            "Messages", "Jumlah {name} terlalu besar (maksimal {max} lembar/keping)."
        ).format(name=name, max=format_number(MAX_PIECES))
    return QCoreApplication.translate(
        "Messages", "Jumlah {name} harus bilangan bulat (tertulis '{quantity}')."
    ).format(name=name, quantity=error.quantity)


def _cash_movement(error: InvalidCashMovement) -> str:
    if error.reason == "exceeds_drawer":
        return QCoreApplication.translate(
            "Messages",
            "Uang keluar {amount} lebih besar dari uang yang seharusnya ada di laci ({available}).",
        ).format(
            amount=format_rupiah(error.amount or 0), available=format_rupiah(error.available or 0)
        )
    if error.reason == "reason_required":
        return QCoreApplication.translate(
            "Messages", "Tuliskan alasannya (mis. beli kantong plastik, tambahan uang kecil)."
        )
    if error.reason == "reason_too_long":
        return QCoreApplication.translate(
            "Messages", "Alasan terlalu panjang (maksimal {max} huruf)."
        ).format(max=MAX_REASON_LENGTH)
    if error.reason == "too_large":
        return QCoreApplication.translate("Messages", "Nominal {amount} terlalu besar.").format(
            amount=format_rupiah(error.amount or 0)
        )
    return QCoreApplication.translate("Messages", "Nominal harus lebih dari Rp 0.")


def describe_shift_error(error: Exception) -> str | None:
    """A sentence for a shift error, or None if ``error`` is not one of them."""
    if isinstance(error, NoOpenShift):
        return QCoreApplication.translate(
            "Messages", "Belum ada shift terbuka di kasa {till}: buka shift dengan modal awal dulu."
        ).format(till=error.till_code)
    if isinstance(error, NotATill):
        if error.kind == "office":
            return QCoreApplication.translate(
                "Messages",
                "Basis data ini kantor: di sini tidak ada shift dan tidak ada penjualan.",
            )
        return QCoreApplication.translate(
            "Messages",
            "Basis data ini belum disiapkan sebagai kasir: admin memilih kasir atau kantor dulu.",
        )
    if isinstance(error, ShiftAlreadyOpen):
        return QCoreApplication.translate(
            "Messages", "Kasa {till} sudah punya shift terbuka (dibuka oleh {name})."
        ).format(till=error.till_code, name=error.opened_by)
    if isinstance(error, ShiftAlreadyClosed):
        return QCoreApplication.translate(
            "Messages", "Shift ini sudah ditutup dengan Laporan Z No. {z}: tidak bisa ditutup lagi."
        ).format(z=error.z_number)
    if isinstance(error, ShiftNotFound):
        return QCoreApplication.translate("Messages", "Shift tidak ditemukan (no. {id}).").format(
            id=error.shift_id
        )
    if isinstance(error, InvalidCashCount):
        return _cash_count(error)
    if isinstance(error, InvalidCashMovement):
        return _cash_movement(error)
    return None
