"""The users screen: the table, adding and changing users, PIN resets, refusal for non-admins."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.db.models import Role
from bazaar_pos.people import users
from bazaar_pos.people.users import UserInfo
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.people import users_screen
from bazaar_pos.ui.people.user_model import COL_FAILED, COL_LOCKED, UserTableModel
from bazaar_pos.ui.people.users_screen import UserDialog, UsersScreen
from tests.conftest import Staff


@pytest.fixture
def screen(qtbot: QtBot, till: Till, staff: Staff) -> UsersScreen:
    widget = UsersScreen(till, load_settings(till.db))
    qtbot.addWidget(widget)
    widget.set_actor(staff.admin)
    widget.activate()
    return widget


def rows(screen: UsersScreen) -> list[tuple[str, ...]]:
    model = screen.model
    return [
        tuple(model.data(model.index(row, column)) for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def select(screen: UsersScreen, username: str) -> UserInfo:
    user = next(u for u in users.list_users(screen.till.db) if u.username == username)
    screen.select_user(user.id)
    assert screen.selected_user() == user
    return user


def test_model_passes_the_model_tester(qtmodeltester: ModelTester, screen: UsersScreen) -> None:
    qtmodeltester.check(screen.model)
    empty = UserTableModel()
    qtmodeltester.check(empty)


def test_users_are_listed_without_secrets(screen: UsersScreen) -> None:
    assert rows(screen) == [
        ("admin", "Admin Rutan", "admin", "aktif", "—", "0"),
        ("kasir", "Siti Aminah", "kasir", "aktif", "—", "0"),
        ("spv", "Bu Ratna (Kasubsi)", "supervisor", "aktif", "—", "0"),
    ]
    assert screen.actor_label.text() == "Login sebagai Admin Rutan (admin)."
    assert "scrypt" not in repr(screen.model.records())


def test_admin_adds_a_user(
    qtbot: QtBot, screen: UsersScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fill(dialog: UserDialog) -> UserInfo | None:
        dialog.set_values(
            username="Budi.S",
            full_name="Budi Santoso",
            role=Role.SUPERVISOR,
            pin="8642",
            pin_again="8624",
        )
        assert dialog.submit() is None
        seen.append(dialog.error_label.text())
        assert (dialog.error_field, dialog.pin_edit.text()) == ("pin", "")
        dialog.set_values(username="kasir", pin="8642", pin_again="8642")
        assert dialog.submit() is None
        seen.append(dialog.error_label.text())
        assert dialog.error_field == "username"
        assert dialog.full_name_edit.text() == "Budi Santoso"  # nothing typed is lost
        dialog.set_values(username="Budi.S", pin="8642", pin_again="8642")
        return dialog.submit()

    monkeypatch.setattr(users_screen, "run_user_dialog", fill)
    with qtbot.waitSignal(screen.usersChanged):
        added = screen.add_user()
    assert seen == [
        "Kedua PIN tidak sama. Ketik PIN baru dua kali dengan sama persis.",
        "Nama pengguna 'kasir' sudah dipakai. Pilih nama lain.",
    ]
    assert added is not None and (added.username, added.role) == ("budi.s", "supervisor")
    assert ("budi.s", "Budi Santoso", "supervisor", "aktif", "—", "0") in rows(screen)
    assert screen.selected_user() == added
    assert screen.status_label.text() == "Pengguna budi.s (supervisor) ditambahkan."
    assert users.login(screen.till.db, "budi.s", "8642", till_code="BPN1").role == "supervisor"


@pytest.mark.parametrize("who", ["cashier", "supervisor"])
def test_non_admins_are_refused_before_any_form(
    screen: UsersScreen, staff: Staff, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    opened: list[UserDialog] = []

    def record(dialog: UserDialog) -> UserInfo | None:
        opened.append(dialog)
        return None

    monkeypatch.setattr(users_screen, "run_user_dialog", record)
    monkeypatch.setattr(users_screen, "ask_new_pin", lambda *_args: "0000")
    monkeypatch.setattr(ask, "confirm", lambda *_args: True)
    actor = getattr(staff, who)
    screen.set_actor(actor)
    assert "hanya admin yang dapat menambah atau mengubah pengguna" in screen.actor_label.text()
    assert screen.add_user() is None
    role = "kasir" if who == "cashier" else "supervisor"
    assert screen.status_label.text() == (
        f"{actor.username} ({role}) tidak berhak melakukan ini: perlu admin ke atas."
    )
    select(screen, "admin")
    assert screen.edit_user() is None
    assert screen.set_active(False) is None
    assert screen.reset_pin() is None
    assert opened == []
    assert users.login(screen.till.db, "admin", "123456", till_code="BPN1") == staff.admin


def test_the_service_refuses_even_if_the_form_was_opened(
    screen: UsersScreen, staff: Staff, qtbot: QtBot
) -> None:
    # A form opened by the cashier's Actor (e.g. by other code) still cannot save.
    dialog = UserDialog(screen.till.db, staff.cashier, "BPN1")
    qtbot.addWidget(dialog)
    dialog.set_values(username="tamu", full_name="Tamu", pin="1357", pin_again="1357")
    assert dialog.submit() is None
    assert dialog.error_label.text() == (
        "kasir (kasir) tidak berhak melakukan ini: perlu admin ke atas."
    )


def test_change_role_and_the_last_admin_rule(
    screen: UsersScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(screen, "admin")
    messages: list[str] = []

    def demote(dialog: UserDialog) -> UserInfo | None:
        assert dialog.username_edit.isReadOnly()
        dialog.set_values(role=Role.CASHIER)
        assert dialog.submit() is None
        messages.append(dialog.error_label.text())
        return None

    monkeypatch.setattr(users_screen, "run_user_dialog", demote)
    assert screen.edit_user() is None
    assert messages == ["admin adalah satu-satunya admin aktif: jadikan pengguna lain admin dulu."]

    select(screen, "spv")

    def promote(dialog: UserDialog) -> UserInfo | None:
        assert dialog.full_name_edit.text() == "Bu Ratna (Kasubsi)"
        dialog.set_values(full_name="Ratna Dewi", role=Role.ADMIN)
        return dialog.submit()

    monkeypatch.setattr(users_screen, "run_user_dialog", promote)
    changed = screen.edit_user()
    assert changed is not None
    assert rows(screen)[2][:4] == ("spv", "Ratna Dewi", "admin", "aktif")
    assert screen.status_label.text() == "Pengguna spv disimpan: Ratna Dewi, admin, aktif."


def test_deactivate_and_activate(screen: UsersScreen, monkeypatch: pytest.MonkeyPatch) -> None:
    questions: list[str] = []

    def confirm(_parent: object, _title: str, question: str) -> bool:
        questions.append(question)
        return True

    monkeypatch.setattr(ask, "confirm", confirm)
    select(screen, "kasir")
    changed = screen.set_active(False)
    assert changed is not None and not changed.active
    assert questions[0].startswith("Nonaktifkan kasir (Siti Aminah)?")
    assert rows(screen)[2][:4] == ("kasir", "Siti Aminah", "kasir", "nonaktif")  # listed last
    assert screen.activate_action.isEnabled() and not screen.deactivate_action.isEnabled()
    with pytest.raises(users.UnknownUser):
        users.login(screen.till.db, "kasir", "1111", till_code="BPN1")
    assert screen.selected_user() == changed  # the selection followed the row
    assert screen.set_active(True) is not None
    assert rows(screen)[1][:4] == ("kasir", "Siti Aminah", "kasir", "aktif")

    select(screen, "admin")
    assert screen.set_active(False) is None
    assert screen.status_label.text().startswith("admin adalah satu-satunya admin aktif")


def test_reset_pin_unlocks_and_asks_again_on_a_bad_pin(
    screen: UsersScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = screen.till.db
    for _ in range(5):
        with pytest.raises((users.WrongPin, users.AccountLocked)):
            users.login(db, "kasir", "0000", till_code="BPN1")
    screen.reload()
    kasir = rows(screen)[1]
    assert kasir[COL_LOCKED] != "—" and kasir[COL_FAILED] == "0"
    locked_until = users.get_user(db, select(screen, "kasir").id).locked_until
    assert locked_until is not None
    assert kasir[COL_LOCKED] == locked_until.astimezone().strftime("%d-%m-%Y %H:%M:%S")
    assert locked_until - dt.datetime.now(dt.UTC) <= dt.timedelta(seconds=30)

    answers = ["12", "975310"]
    prompts: list[str] = []

    def new_pin(_parent: object, _title: str, label: str) -> str | None:
        prompts.append(label)
        return answers.pop(0)

    monkeypatch.setattr(users_screen, "ask_new_pin", new_pin)
    changed = screen.reset_pin()
    assert changed is not None and changed.locked_until is None
    assert prompts[1].startswith("PIN harus 4 sampai 8 angka.")
    assert rows(screen)[1][COL_LOCKED] == "—"
    assert screen.status_label.text() == ("PIN kasir direset; beri tahu PIN baru secara langsung.")
    assert users.login(db, "kasir", "975310", till_code="BPN1").username == "kasir"


def test_no_actor_means_no_changes(screen: UsersScreen) -> None:
    screen.set_actor(None)
    assert screen.actor_label.text() == "Belum ada yang login."
    assert screen.add_user() is None
    assert screen.status_label.text() == "Login dulu untuk mengelola pengguna."
