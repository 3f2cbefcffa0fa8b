"""The users table of the users screen: one row per user, never the PIN hash."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from bazaar_pos.people.users import MAX_FAILED_ATTEMPTS, UserInfo
from bazaar_pos.ui.people.messages import role_name
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel

COL_USERNAME, COL_NAME, COL_ROLE, COL_STATUS, COL_LOCKED, COL_FAILED = range(6)
_INACTIVE = QColor("#757575")
_LOCKED = QColor("#b00020")


class UserTableModel(RecordTableModel[UserInfo]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.now: dt.datetime = dt.datetime.now(dt.UTC)  # when the lockouts were looked at
        self.headers = [
            self.tr("Nama pengguna"),
            self.tr("Nama lengkap"),
            self.tr("Peran"),
            self.tr("Status"),
            self.tr("Terkunci sampai"),
            self.tr("PIN salah"),
        ]
        self.header_tips = {
            COL_FAILED: self.tr("PIN salah berturut-turut; akun dikunci setelah {max}.").format(
                max=MAX_FAILED_ATTEMPTS
            )
        }
        self.right_aligned = frozenset({COL_FAILED})

    def set_users(self, users: list[UserInfo], now: dt.datetime | None = None) -> None:
        self.now = now or dt.datetime.now(dt.UTC)
        self.set_records(users)

    def user(self, row: int) -> UserInfo:
        return self.record(row)

    def row_of(self, user_id: int) -> int | None:
        return self.row_where(lambda user: user.id == user_id)

    def cell(self, user: UserInfo, column: int, role: int) -> Any:
        locked = user.is_locked(self.now)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_USERNAME:
                return user.username
            if column == COL_NAME:
                return user.full_name
            if column == COL_ROLE:
                return role_name(user.role)
            if column == COL_STATUS:
                return self.tr("aktif") if user.active else self.tr("nonaktif")
            if column == COL_LOCKED:
                if not locked or user.locked_until is None:
                    return "—"
                return user.locked_until.astimezone().strftime("%d-%m-%Y %H:%M:%S")
            return str(user.failed_attempts)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_FAILED:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if locked and column == COL_LOCKED:
                return _LOCKED
            if not user.active:
                return _INACTIVE
        return None
