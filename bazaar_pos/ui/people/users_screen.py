"""The users screen ("Pengguna"): who may work the till, their roles, lockouts and PIN resets.

Only admins manage users, and that rule lives in ``bazaar_pos.people.users`` (every service checks
the acting user's current role in the database); this screen asks the service before opening a
form, so a cashier is told at once instead of after typing, and shows what the service says.
Forms are opened through the module-level ``run_user_dialog`` and ``ask_new_pin``, which tests
replace.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.db import Database
from bazaar_pos.errors import PosError
from bazaar_pos.people import users
from bazaar_pos.people.access import Actor
from bazaar_pos.people.users import UserInfo
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.people.login_dialog import describe
from bazaar_pos.ui.people.messages import role_name
from bazaar_pos.ui.people.user_model import COL_NAME, UserTableModel
from bazaar_pos.ui.record_dialog import RecordDialog
from bazaar_pos.ui.start_window import pin_field
from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    WARNING,
    screen_action,
    setup_list_table,
    show_status_line,
)


class UserDialog(RecordDialog[UserInfo]):
    """A new user (username, name, role, PIN twice) or changes to one (name, role, active)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        till_code: str,
        user: UserInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, minimum_width=420)
        self.db = db
        self.actor = actor
        self.till_code = till_code
        self.user = user
        if user is None:
            self.setWindowTitle(self.tr("Pengguna baru"))
        else:
            self.setWindowTitle(self.tr("Ubah pengguna {name}").format(name=user.username))

        self.username_edit = QLineEdit()
        self.username_edit.setMaxLength(users.USERNAME_MAX_LENGTH)
        self.username_edit.setPlaceholderText(self.tr("mis. siti.aminah"))
        self.full_name_edit = QLineEdit()
        self.full_name_edit.setMaxLength(users.FULL_NAME_MAX_LENGTH)
        self.role_combo = QComboBox()
        for role in users.ROLES:
            self.role_combo.addItem(role_name(role), role)
        self.active_check = QCheckBox(self.tr("Aktif (boleh login)"))
        self.active_check.setChecked(True)
        self.pin_edit = pin_field(self.tr("4–8 angka"))
        self.pin_again_edit = pin_field(self.tr("ketik ulang PIN"))

        self.add_field("username", self.tr("Nama pengguna"), self.username_edit)
        self.add_field("full_name", self.tr("Nama lengkap"), self.full_name_edit)
        self.add_field("role", self.tr("Peran"), self.role_combo)
        if user is None:
            self.add_field("pin", self.tr("PIN"), self.pin_edit)
            self.form.addRow(self.tr("Ulangi PIN"), self.pin_again_edit)
        else:
            self.form.addRow("", self.active_check)
            self.username_edit.setText(user.username)
            self.username_edit.setReadOnly(True)
            self.set_values(full_name=user.full_name, role=user.role, active=user.active)

    def set_values(
        self,
        *,
        username: str | None = None,
        full_name: str | None = None,
        role: str | None = None,
        active: bool | None = None,
        pin: str | None = None,
        pin_again: str | None = None,
    ) -> None:
        if username is not None and self.user is None:
            self.username_edit.setText(username)
        if full_name is not None:
            self.full_name_edit.setText(full_name)
        if role is not None:
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(role)))
        if active is not None:
            self.active_check.setChecked(active)
        if pin is not None:
            self.pin_edit.setText(pin)
        if pin_again is not None:
            self.pin_again_edit.setText(pin_again)

    def save(self) -> UserInfo:
        role = str(self.role_combo.currentData())
        if self.user is None:
            users.check_pins_match(self.pin_edit.text(), self.pin_again_edit.text())
            return users.create_user(
                self.db,
                self.actor,
                username=self.username_edit.text(),
                full_name=self.full_name_edit.text(),
                role=role,
                pin=self.pin_edit.text(),
                till_code=self.till_code,
            )
        return users.update_user(
            self.db,
            self.actor,
            self.user.id,
            full_name=self.full_name_edit.text(),
            role=role,
            active=self.active_check.isChecked(),
            till_code=self.till_code,
        )

    def describe_refusal(self, error: Exception) -> str:
        return describe(error)

    def field_of(self, error: Exception) -> str | None:
        if isinstance(error, (users.InvalidPin, users.PinsDiffer)):
            return "pin"
        return super().field_of(error)

    def refused(self, error: Exception) -> None:
        # A refused PIN is typed again, both times: the fields are masked, so nobody can
        # correct what they cannot see.
        if isinstance(error, (users.InvalidPin, users.PinsDiffer)):
            self.pin_edit.clear()
            self.pin_again_edit.clear()


class NewPinDialog(RecordDialog[str]):
    """A new PIN typed twice (masked); refuses unequal or malformed PINs before returning."""

    def __init__(self, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, accept=QDialogButtonBox.StandardButton.Ok)
        self.setWindowTitle(title)
        prompt = QLabel(label)
        prompt.setWordWrap(True)
        self.pin_edit = pin_field(self.tr("4–8 angka"))
        self.pin_again_edit = pin_field(self.tr("ketik ulang PIN"))
        self.column.insertWidget(0, prompt)
        self.form.addRow(self.tr("PIN baru"), self.pin_edit)
        self.form.addRow(self.tr("Ulangi PIN"), self.pin_again_edit)

    @property
    def pin(self) -> str | None:
        return self.saved

    def save(self) -> str:
        pin = self.pin_edit.text()
        users.check_pins_match(pin, self.pin_again_edit.text())
        users.check_pin_format(pin)
        return pin

    def describe_refusal(self, error: Exception) -> str:
        return describe(error)

    def refused(self, error: Exception) -> None:
        self.pin_edit.clear()
        self.pin_again_edit.clear()
        self.pin_edit.setFocus()


# --- what the screen opens (tests replace these) ---------------------------------------------


def run_user_dialog(dialog: UserDialog) -> UserInfo | None:
    """Show the user form until saved or cancelled."""
    return dialog.run()


def ask_new_pin(parent: QWidget | None, title: str, label: str) -> str | None:
    return NewPinDialog(title, label, parent).run()


class UsersScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    usersChanged = Signal()

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.model = UserTableModel(self)

        self.view = QTableView()
        self.view.setObjectName("usersView")
        self.view.setModel(self.model)
        setup_list_table(self.view, COL_NAME)
        self.view.doubleClicked.connect(lambda _index: self.edit_user())

        self.actor_label = QLabel()
        self.actor_label.setObjectName("actorLabel")
        self.actor_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(36)

        self.add_action = screen_action(self, self.tr("Pengguna baru"), self.add_user, "Ins")
        self.edit_action = screen_action(self, self.tr("Ubah nama/peran"), self.edit_user, "F2")
        self.deactivate_action = screen_action(
            self, self.tr("Nonaktifkan"), lambda: self.set_active(False)
        )
        self.activate_action = screen_action(
            self, self.tr("Aktifkan"), lambda: self.set_active(True)
        )
        self.reset_pin_action = screen_action(self, self.tr("Reset PIN"), self.reset_pin, "Ctrl+P")
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.add_action,
            self.edit_action,
            self.deactivate_action,
            self.activate_action,
            self.reset_pin_action,
        ):
            bar.addAction(action)

        layout = QVBoxLayout(self)
        layout.addWidget(self.actor_label)
        layout.addWidget(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)
        self.view.selectionModel().selectionChanged.connect(self._refresh_actions)
        self._show_actor()
        self._refresh_actions()

    # --- status -----------------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe(error), ERROR)

    # --- the screen contract ----------------------------------------------------------------
    def activate(self) -> None:
        self.reload()
        self.view.setFocus()

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self._show_actor()
        self.reload()

    def _show_actor(self) -> None:
        if self.actor is None:
            self.actor_label.setText(self.tr("Belum ada yang login."))
        elif self.actor.role == "admin":
            self.actor_label.setText(
                self.tr("Login sebagai {name} (admin).").format(name=self.actor.display_name)
            )
        else:
            self.actor_label.setText(
                self.tr(
                    "Login sebagai {name} ({role}): hanya admin yang dapat menambah atau "
                    "mengubah pengguna."
                ).format(name=self.actor.display_name, role=role_name(self.actor.role))
            )

    def reload(self, *, select_user: int | None = None) -> None:
        current = self.selected_user()
        wanted = select_user or (current.id if current is not None else None)
        self.model.set_users(users.list_users(self.till.db))
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is None and self.model.rowCount() > 0:
            row = 0
        if row is not None:
            self.select_row(row)
        self._refresh_actions()

    # --- selection --------------------------------------------------------------------------
    def selected_user(self) -> UserInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.user(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def select_user(self, user_id: int) -> None:
        row = self.model.row_of(user_id)
        if row is not None:
            self.select_row(row)

    def _refresh_actions(self, *_args: object) -> None:
        user = self.selected_user()
        self.edit_action.setEnabled(user is not None)
        self.deactivate_action.setEnabled(user is not None and user.active)
        self.activate_action.setEnabled(user is not None and not user.active)
        self.reset_pin_action.setEnabled(user is not None)

    # --- actions ----------------------------------------------------------------------------
    def _managing_actor(self) -> Actor | None:
        """The actor if the service says they may manage users; else the reason is shown."""
        if self.actor is None:
            self.show_status(self.tr("Login dulu untuk mengelola pengguna."), WARNING)
            return None
        try:
            users.check_can_manage_users(self.till.db, self.actor)
        except PosError as error:
            self.show_error(error)
            return None
        return self.actor

    def add_user(self) -> UserInfo | None:
        actor = self._managing_actor()
        if actor is None:
            return None
        saved = run_user_dialog(
            UserDialog(self.till.db, actor, self.settings.till_code, None, self)
        )
        if saved is not None:
            self.reload(select_user=saved.id)
            self.show_status(
                self.tr("Pengguna {username} ({role}) ditambahkan.").format(
                    username=saved.username, role=role_name(saved.role)
                )
            )
            self.usersChanged.emit()
        return saved

    def edit_user(self) -> UserInfo | None:
        user = self.selected_user()
        if user is None:
            self.show_status(self.tr("Pilih pengguna yang akan diubah."), WARNING)
            return None
        actor = self._managing_actor()
        if actor is None:
            return None
        saved = run_user_dialog(
            UserDialog(self.till.db, actor, self.settings.till_code, user, self)
        )
        if saved is not None:
            self.reload(select_user=saved.id)
            self.show_status(
                self.tr("Pengguna {username} disimpan: {name}, {role}, {status}.").format(
                    username=saved.username,
                    name=saved.full_name,
                    role=role_name(saved.role),
                    status=self.tr("aktif") if saved.active else self.tr("nonaktif"),
                )
            )
            self.usersChanged.emit()
        return saved

    def set_active(self, active: bool) -> UserInfo | None:
        user = self.selected_user()
        if user is None:
            self.show_status(self.tr("Pilih pengguna dulu."), WARNING)
            return None
        actor = self._managing_actor()
        if actor is None:
            return None
        if not active and not ask.confirm(
            self,
            self.tr("Nonaktifkan pengguna"),
            self.tr(
                "Nonaktifkan {username} ({name})? Ia tidak bisa login lagi; penjualan dan "
                "catatannya tetap."
            ).format(username=user.username, name=user.full_name),
        ):
            return None
        try:
            changed = users.update_user(
                self.till.db, actor, user.id, active=active, till_code=self.settings.till_code
            )
        except PosError as error:
            self.show_error(error)
            return None
        self.reload(select_user=changed.id)
        if active:
            text = self.tr("{username} diaktifkan lagi.").format(username=changed.username)
        else:
            text = self.tr("{username} dinonaktifkan: tidak bisa login lagi.").format(
                username=changed.username
            )
        self.show_status(text)
        self.usersChanged.emit()
        return changed

    def reset_pin(self) -> UserInfo | None:
        user = self.selected_user()
        if user is None:
            self.show_status(self.tr("Pilih pengguna yang PIN-nya direset."), WARNING)
            return None
        actor = self._managing_actor()
        if actor is None:
            return None
        title = self.tr("Reset PIN")
        prompt = self.tr(
            "PIN baru untuk {username} ({name}); kunci karena PIN salah ikut dibuka."
        ).format(username=user.username, name=user.full_name)
        while True:
            pin = ask_new_pin(self, title, prompt)
            if pin is None:
                return None
            try:
                changed = users.reset_pin(
                    self.till.db, actor, user.id, pin, till_code=self.settings.till_code
                )
            except (users.InvalidPin, users.PinsDiffer) as error:
                prompt = self.tr("{problem}\n\nPIN baru untuk {username}:").format(
                    problem=describe(error), username=user.username
                )
                continue
            except PosError as error:
                self.show_error(error)
                return None
            break
        self.reload(select_user=changed.id)
        self.show_status(
            self.tr("PIN {username} direset; beri tahu PIN baru secara langsung.").format(
                username=changed.username
            )
        )
        self.usersChanged.emit()
        return changed
