"""Sentences for the people errors: PINs, login, lockout, roles, approvals, user management.

Literal ``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them. No sentence ever shows a PIN.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bazaar_pos.db.models import Role
from bazaar_pos.people.access import NotPermitted, UnknownUser
from bazaar_pos.people.users import (
    FULL_NAME_MAX_LENGTH,
    MAX_FAILED_ATTEMPTS,
    AccountLocked,
    InvalidPin,
    InvalidUser,
    LastAdmin,
    PinsDiffer,
    UsersExist,
    WrongPin,
)


def role_name(role: str) -> str:
    """The role as the users say it."""
    names = {
        Role.CASHIER.value: QCoreApplication.translate("Messages", "kasir"),
        Role.SUPERVISOR.value: QCoreApplication.translate("Messages", "supervisor"),
        Role.ADMIN.value: QCoreApplication.translate("Messages", "admin"),
    }
    return names.get(str(role), str(role))


def format_wait(seconds: int) -> str:
    """``45 detik``, ``2 menit``, ``1 menit 30 detik`` (how long a lockout still lasts)."""
    minutes, rest = divmod(max(0, seconds), 60)
    if minutes == 0:
        return QCoreApplication.translate("Messages", "{seconds} detik").format(seconds=rest)
    if rest == 0:
        return QCoreApplication.translate("Messages", "{minutes} menit").format(minutes=minutes)
    return QCoreApplication.translate("Messages", "{minutes} menit {seconds} detik").format(
        minutes=minutes, seconds=rest
    )


def _invalid_user(error: InvalidUser) -> str:
    if error.field == "username" and error.reason == "taken":
        return QCoreApplication.translate(
            "Messages", "Nama pengguna '{value}' sudah dipakai. Pilih nama lain."
        ).format(value=error.value)
    if error.field == "username":
        return QCoreApplication.translate(
            "Messages",
            "Nama pengguna '{value}' tidak valid: 2–40 huruf kecil, angka, titik, garis bawah "
            "atau tanda hubung, tanpa spasi (mis. siti.aminah).",
        ).format(value=error.value)
    if error.field == "full_name" and error.reason == "too_long":
        return QCoreApplication.translate(
            "Messages", "Nama lengkap terlalu panjang (maksimal {max} huruf)."
        ).format(max=FULL_NAME_MAX_LENGTH)
    if error.field == "full_name":
        return QCoreApplication.translate("Messages", "Nama lengkap wajib diisi.")
    if error.field == "role":
        return QCoreApplication.translate(
            "Messages", "Peran '{value}' tidak dikenal: pilih kasir, supervisor atau admin."
        ).format(value=error.value)
    return QCoreApplication.translate("Messages", "Pengguna tidak ditemukan ({value}).").format(
        value=error.value
    )


def describe_people_error(error: Exception) -> str | None:
    """A sentence for a people error, or None if ``error`` is not one of them."""
    if isinstance(error, InvalidPin):
        return QCoreApplication.translate("Messages", "PIN harus 4 sampai 8 angka.")
    if isinstance(error, PinsDiffer):
        return QCoreApplication.translate(
            "Messages", "Kedua PIN tidak sama. Ketik PIN baru dua kali dengan sama persis."
        )
    if isinstance(error, WrongPin):
        return QCoreApplication.translate(
            "Messages",
            "PIN salah untuk {user}. Sisa {left} kali percobaan; setelah {max} kali salah "
            "akun dikunci sementara.",
        ).format(user=error.username, left=error.attempts_left, max=MAX_FAILED_ATTEMPTS)
    if isinstance(error, AccountLocked):
        return QCoreApplication.translate(
            "Messages",
            "Akun {user} dikunci karena PIN salah berulang kali. Coba lagi dalam {wait}, "
            "atau minta admin mereset PIN.",
        ).format(user=error.username, wait=format_wait(error.seconds_left))
    if isinstance(error, NotPermitted):
        return QCoreApplication.translate(
            "Messages",
            "{user} ({role}) tidak berhak melakukan ini: perlu {needed} ke atas.",
        ).format(user=error.user, role=role_name(error.role), needed=role_name(error.needed))
    if isinstance(error, UnknownUser):
        return QCoreApplication.translate(
            "Messages", "Pengguna '{user}' tidak dikenal atau sudah tidak aktif."
        ).format(user=error.username)
    if isinstance(error, InvalidUser):
        return _invalid_user(error)
    if isinstance(error, LastAdmin):
        return QCoreApplication.translate(
            "Messages",
            "{user} adalah satu-satunya admin aktif: jadikan pengguna lain admin dulu.",
        ).format(user=error.username)
    if isinstance(error, UsersExist):
        return QCoreApplication.translate(
            "Messages", "Sudah ada pengguna: admin pertama hanya dibuat sekali. Silakan login."
        )
    return None
