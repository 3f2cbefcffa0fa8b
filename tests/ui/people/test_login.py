"""Login, first admin and supervisor approval dialogs, driven through their submit()."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from bazaar_pos.db import Database
from bazaar_pos.db.models import Role
from bazaar_pos.people import users
from bazaar_pos.people.access import (
    Approval,
    ApprovalAction,
    ApprovalRequest,
    NotPermitted,
    UnknownUser,
    check_approval,
)
from bazaar_pos.people.audit import list_audit
from bazaar_pos.people.users import AccountLocked, InvalidUser, LastAdmin, UsersExist, WrongPin
from bazaar_pos.ui.people import login_dialog
from bazaar_pos.ui.people.login_dialog import ApprovalDialog, FirstAdminDialog, LoginDialog
from bazaar_pos.ui.people.messages import describe_people_error, format_wait
from tests.conftest import Staff


def combo_items(dialog: LoginDialog | ApprovalDialog) -> list[str]:
    combo = dialog.user_combo
    return [combo.itemText(i) for i in range(combo.count())]


def test_login_wrong_pin_then_success(qtbot: QtBot, db: Database, staff: Staff) -> None:
    dialog = LoginDialog(db, "BPN1")
    qtbot.addWidget(dialog)
    assert combo_items(dialog) == ["admin", "kasir", "spv"]
    assert dialog.pin_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.pin_edit, "12ab3x4")
    assert dialog.pin_edit.text() == "1234"  # only digits get in

    dialog.set_values(username="kasir")
    assert dialog.submit() is None
    assert dialog.message_label.text() == (
        "PIN salah untuk kasir. Sisa 4 kali percobaan; setelah 5 kali salah akun dikunci sementara."
    )
    assert dialog.pin_edit.text() == ""  # typed again, the user stays
    assert dialog.user_combo.currentText() == "kasir"
    assert dialog.actor is None

    dialog.set_values(pin="1111")
    with qtbot.waitSignal(dialog.loggedIn) as signal:
        actor = dialog.submit()
    assert actor == staff.cashier and signal.args == [staff.cashier]
    assert dialog.message_label.text() == ""
    assert [r.action for r in list_audit(db)[:2]] == ["login", "login_failed"]


def test_enter_in_the_pin_field_logs_in_and_closes(
    qtbot: QtBot, db: Database, staff: Staff
) -> None:
    dialog = LoginDialog(db, "BPN1", username="spv")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.pin_edit, "2222")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    assert dialog.actor == staff.supervisor
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_locked_account_shows_the_wait_and_stays_open(
    qtbot: QtBot, db: Database, staff: Staff
) -> None:
    dialog = LoginDialog(db, "BPN1")
    qtbot.addWidget(dialog)
    for _ in range(5):
        dialog.set_values(username="kasir", pin="0000")
        assert dialog.submit() is None
    assert dialog.message_label.text() == (
        "Akun kasir dikunci karena PIN salah berulang kali. Coba lagi dalam 30 detik, atau "
        "minta admin mereset PIN."
    )
    dialog.set_values(pin="1111")  # the right PIN does not help while locked
    assert dialog.submit() is None
    assert dialog.message_label.text().startswith("Akun kasir dikunci")
    assert dialog.result() != QDialog.DialogCode.Accepted

    dialog.set_values(username="tamu", pin="1111")
    assert dialog.submit() is None
    assert dialog.message_label.text() == "Pengguna 'tamu' tidak dikenal atau sudah tidak aktif."


def test_ask_login_returns_the_actor_or_none(
    qtbot: QtBot, db: Database, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_exec(self: LoginDialog) -> int:
        self.set_values(username="admin", pin="123456")
        return int(QDialog.DialogCode.Accepted if self.submit() else QDialog.DialogCode.Rejected)

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    assert login_dialog.ask_login(None, db, "BPN1") == staff.admin
    monkeypatch.setattr(LoginDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    assert login_dialog.ask_login(None, db, "BPN1") is None


def test_first_admin_dialog(qtbot: QtBot, db: Database) -> None:
    dialog = FirstAdminDialog(db, "BPN1")
    qtbot.addWidget(dialog)
    assert dialog.intro_label.text().startswith("Belum ada pengguna. Buat akun admin:")
    dialog.set_values(username="Pak.Darmo", full_name="Darmo", pin="246810", pin_again="246801")
    assert dialog.submit() is None
    assert dialog.message_label.text() == (
        "Kedua PIN tidak sama. Ketik PIN baru dua kali dengan sama persis."
    )
    assert (dialog.pin_edit.text(), dialog.username_edit.text()) == ("", "Pak.Darmo")
    assert not users.has_users(db)

    dialog.set_values(username="pak darmo", pin="246810", pin_again="246810")
    assert dialog.submit() is None
    assert dialog.message_label.text().startswith("Nama pengguna 'pak darmo' tidak valid")
    assert dialog.pin_edit.text() == "246810"  # a username problem keeps the PINs

    dialog.set_values(username="Pak.Darmo")
    with qtbot.waitSignal(dialog.created) as signal:
        actor = dialog.submit()
    assert actor is not None and signal.args == [actor]
    assert (actor.username, actor.full_name, actor.role) == ("pak.darmo", "Darmo", "admin")
    assert users.login(db, "pak.darmo", "246810", till_code="BPN1") == actor

    again = FirstAdminDialog(db, "BPN1")
    qtbot.addWidget(again)
    again.set_values(username="kedua", full_name="Kedua", pin="1357", pin_again="1357")
    assert again.submit() is None
    assert again.message_label.text() == (
        "Sudah ada pengguna: admin pertama hanya dibuat sekali. Silakan login."
    )


def test_supervisor_approves_a_discount_with_their_pin(
    qtbot: QtBot, db: Database, staff: Staff
) -> None:
    dialog = ApprovalDialog(
        db,
        "BPN1",
        action=ApprovalAction.LINE_DISCOUNT,
        subject="line:a1",
        amount=22_500,
        description="Diskon 25% untuk Talenan",
        minimum_role=Role.SUPERVISOR,
        requested_by=staff.cashier,
    )
    qtbot.addWidget(dialog)
    assert dialog.request_label.text() == (
        "Diskon 25% untuk Talenan — perlu persetujuan supervisor"
    )
    assert combo_items(dialog) == ["admin", "spv"]  # no cashiers offered

    dialog.set_values(username="kasir", pin="1111")
    assert dialog.submit() is None
    assert dialog.message_label.text() == (
        "kasir (kasir) tidak berhak melakukan ini: perlu supervisor ke atas."
    )
    dialog.set_values(username="spv", pin="2223")
    assert dialog.submit() is None
    assert dialog.message_label.text().startswith("PIN salah untuk spv. Sisa 4 kali")

    dialog.set_values(pin="2222")
    with qtbot.waitSignal(dialog.approved) as signal:
        approval = dialog.submit()
    assert isinstance(approval, Approval) and signal.args == [approval]
    assert (approval.approver_name, approval.role, approval.action) == (
        "Bu Ratna (Kasubsi)",
        "supervisor",
        "line_discount",
    )
    assert (approval.subject, approval.amount) == ("line:a1", 22_500)
    record = list_audit(db, actions=["approval"])[0]
    assert (record.subject, record.detail) == (
        approval.grant_uuid,
        "line_discount line:a1 22500; requested by kasir: Diskon 25% untuk Talenan",
    )
    wanted = ApprovalRequest(ApprovalAction.LINE_DISCOUNT, "line:a1", 22_500, Role.SUPERVISOR)
    with db.write() as session:
        approver = check_approval(
            session, approval, wanted, actor=staff.cashier, till_code="BPN1", used_for="x"
        )
    assert approver.id == staff.supervisor.user_id


def test_approval_by_an_admin_only_offers_admins(
    qtbot: QtBot, db: Database, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_exec(self: ApprovalDialog) -> int:
        assert combo_items(self) == ["admin"]
        assert self.user_combo.currentText() == "admin"  # the only one, chosen already
        self.set_values(pin="123456")
        return int(QDialog.DialogCode.Accepted if self.submit() else QDialog.DialogCode.Rejected)

    monkeypatch.setattr(ApprovalDialog, "exec", fake_exec)
    approval = login_dialog.ask_approval(
        None,
        db,
        "BPN1",
        action=ApprovalAction.PRICE_OVERRIDE,
        subject="line:a1",
        amount=40_000,
        description="Harga Talenan Rp 45.000 → Rp 5.000",
        minimum_role=Role.ADMIN,
        requested_by=staff.cashier,
    )
    assert approval is not None and approval.approver_id == staff.admin.user_id


def test_people_messages() -> None:
    assert [format_wait(s) for s in (1, 59, 60, 90, 3600)] == [
        "1 detik",
        "59 detik",
        "1 menit",
        "1 menit 30 detik",
        "60 menit",
    ]
    assert describe_people_error(WrongPin("kasir", 1)) == (
        "PIN salah untuk kasir. Sisa 1 kali percobaan; setelah 5 kali salah akun dikunci sementara."
    )
    import datetime as dt

    until = dt.datetime(2025, 4, 27, 8, 2, tzinfo=dt.UTC)
    assert describe_people_error(AccountLocked("spv", until, 120)) == (
        "Akun spv dikunci karena PIN salah berulang kali. Coba lagi dalam 2 menit, atau minta "
        "admin mereset PIN."
    )
    assert describe_people_error(NotPermitted("create users", "admin", "spv", "supervisor")) == (
        "spv (supervisor) tidak berhak melakukan ini: perlu admin ke atas."
    )
    assert describe_people_error(UnknownUser("x")) == (
        "Pengguna 'x' tidak dikenal atau sudah tidak aktif."
    )
    assert describe_people_error(InvalidUser("username", "siti", "taken")) == (
        "Nama pengguna 'siti' sudah dipakai. Pilih nama lain."
    )
    assert describe_people_error(LastAdmin("admin")) == (
        "admin adalah satu-satunya admin aktif: jadikan pengguna lain admin dulu."
    )
    assert describe_people_error(UsersExist()) is not None
    assert describe_people_error(users.InvalidPin()) == "PIN harus 4 sampai 8 angka."
    assert describe_people_error(ValueError("x")) is None
