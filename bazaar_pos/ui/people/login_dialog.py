"""Login, the first admin on a new till, and a supervisor's PIN on the spot.

Each dialog's OK (or Enter) is its ``submit()`` method, which calls the service
(``users.login``, ``users.create_first_admin``, ``users.approve``): the service checks the PIN
and keeps the lockout books, the dialog only shows what it answered and stays open on an error.
Screens open these dialogs only through the module-level ``ask_*`` functions, which tests
replace.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from bazaar_pos.db import Database
from bazaar_pos.db.models import Role
from bazaar_pos.people import users
from bazaar_pos.people.access import Actor, Approval, ApprovalAction, role_at_least
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.people.messages import describe_people_error, role_name
from bazaar_pos.ui.record_dialog import RecordDialog
from bazaar_pos.ui.start_window import StartWindow, pin_field

T = TypeVar("T")


def describe(error: Exception) -> str:
    """The people sentences first (until ``messages.describe_error`` asks them itself)."""
    return describe_people_error(error) or describe_error(error)


def user_combo(db: Database, minimum_role: str = Role.CASHIER) -> QComboBox:
    """An editable list of the active users of at least ``minimum_role`` (typing also works)."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for info in users.list_users(db):
        if info.active and role_at_least(info.role, minimum_role):
            combo.addItem(info.username, info.id)
            combo.setItemData(
                combo.count() - 1,
                f"{info.display_name} ({role_name(info.role)})",
                Qt.ItemDataRole.ToolTipRole,
            )
    combo.setCurrentIndex(-1)
    combo.setEditText("")
    return combo


class _PinDialog(RecordDialog[T]):
    """What the login dialogs add to a record dialog: an OK that names what it does,
    people's sentences first, and a PIN typed again from scratch after a refusal."""

    pin_edit: QLineEdit

    def __init__(self, parent: QWidget | None, *, minimum_width: int) -> None:
        super().__init__(
            parent, accept=QDialogButtonBox.StandardButton.Ok, minimum_width=minimum_width
        )

    @property
    def message_label(self) -> QLabel:
        """The red line under the form."""
        return self.error_label

    def describe_refusal(self, error: Exception) -> str:
        return describe(error)

    def refused(self, error: Exception) -> None:
        # Masked digits cannot be corrected: the PIN is emptied, who typed it stays.
        self.pin_edit.clear()
        self.pin_edit.setFocus()


class LoginDialog(_PinDialog[Actor]):
    """User and PIN; the PIN field is emptied after every refusal, the user stays."""

    loggedIn = Signal(object)  # the Actor

    def __init__(
        self,
        db: Database,
        till_code: str,
        parent: QWidget | None = None,
        *,
        username: str = "",
        minimum_role: str = Role.CASHIER,
    ) -> None:
        super().__init__(parent, minimum_width=360)
        self.db = db
        self.till_code = till_code
        self.setWindowTitle(self.tr("Masuk — kasa {till}").format(till=till_code))
        self.accept_button().setText(self.tr("Masuk"))
        self.user_combo = user_combo(db, minimum_role)  # who is listed (typing any name works)
        self.pin_edit = pin_field(self.tr("4–8 angka"))
        self.form.addRow(self.tr("Pengguna"), self.user_combo)
        self.form.addRow(self.tr("PIN"), self.pin_edit)
        if username:
            self.set_values(username=username)
            self.pin_edit.setFocus()
        else:
            self.user_combo.setFocus()

    @property
    def actor(self) -> Actor | None:
        return self.saved

    def set_values(self, *, username: str | None = None, pin: str | None = None) -> None:
        if username is not None:
            self.user_combo.setEditText(username)
        if pin is not None:
            self.pin_edit.setText(pin)

    def save(self) -> Actor:
        """Log in with what was typed; on refusal the message says why and how long."""
        return users.login(
            self.db,
            self.user_combo.currentText(),
            self.pin_edit.text(),
            till_code=self.till_code,
        )

    def submit(self) -> Actor | None:
        actor = super().submit()
        if actor is not None:
            self.loggedIn.emit(actor)
        return actor


class FirstAdminDialog(_PinDialog[Actor]):
    """First start: the till has no users, so the first one (an admin) is created here."""

    created = Signal(object)  # the Actor

    def __init__(self, db: Database, till_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, minimum_width=420)
        self.db = db
        self.till_code = till_code
        self.setWindowTitle(self.tr("Admin pertama"))
        self.accept_button().setText(self.tr("Buat admin"))
        # Nothing else can be done on a till without its first admin: cancelling quits.
        self.cancel_button().setText(self.tr("Keluar"))
        self.intro_label = QLabel(
            self.tr(
                "Belum ada pengguna. Buat akun admin: admin menambah kasir dan supervisor, "
                "mengatur peran dan mereset PIN. Tanpa admin, aplikasi ini tidak dapat dipakai."
            )
        )
        self.intro_label.setWordWrap(True)
        self.username_edit = QLineEdit()
        self.username_edit.setMaxLength(users.USERNAME_MAX_LENGTH)
        self.username_edit.setPlaceholderText(self.tr("mis. admin atau budi.s"))
        self.full_name_edit = QLineEdit()
        self.full_name_edit.setMaxLength(users.FULL_NAME_MAX_LENGTH)
        self.pin_edit = pin_field(self.tr("4–8 angka"))
        self.pin_again_edit = pin_field(self.tr("ketik ulang PIN"))
        self.column.insertWidget(0, self.intro_label)
        self.form.addRow(self.tr("Nama pengguna"), self.username_edit)
        self.form.addRow(self.tr("Nama lengkap"), self.full_name_edit)
        self.form.addRow(self.tr("PIN"), self.pin_edit)
        self.form.addRow(self.tr("Ulangi PIN"), self.pin_again_edit)

    @property
    def actor(self) -> Actor | None:
        return self.saved

    def set_values(
        self,
        *,
        username: str | None = None,
        full_name: str | None = None,
        pin: str | None = None,
        pin_again: str | None = None,
    ) -> None:
        if username is not None:
            self.username_edit.setText(username)
        if full_name is not None:
            self.full_name_edit.setText(full_name)
        if pin is not None:
            self.pin_edit.setText(pin)
        if pin_again is not None:
            self.pin_again_edit.setText(pin_again)

    def save(self) -> Actor:
        users.check_pins_match(self.pin_edit.text(), self.pin_again_edit.text())
        return users.create_first_admin(
            self.db,
            self.username_edit.text(),
            self.full_name_edit.text(),
            self.pin_edit.text(),
            till_code=self.till_code,
        )

    def refused(self, error: Exception) -> None:
        # Names stay as typed, the cursor in the refused one; PINs are typed again.
        if isinstance(error, users.InvalidUser) and error.field == "username":
            self.username_edit.setFocus()
        elif isinstance(error, users.InvalidUser):
            self.full_name_edit.setFocus()
        elif isinstance(error, (users.InvalidPin, users.PinsDiffer)):
            self.pin_again_edit.clear()
            super().refused(error)

    def submit(self) -> Actor | None:
        actor = super().submit()
        if actor is not None:
            self.created.emit(actor)
        return actor


class ApprovalDialog(_PinDialog[Approval]):
    """A supervisor (or admin) approves one action with their PIN; nobody logs out.

    The approval is for ``action`` on ``subject`` for ``amount`` only (``users.approve``): the
    service that uses it refuses it for anything else, a second time, or after it expired.
    """

    approved = Signal(object)  # the Approval

    def __init__(
        self,
        db: Database,
        till_code: str,
        *,
        action: ApprovalAction,
        subject: str,
        amount: int | None,
        description: str,
        minimum_role: str = Role.SUPERVISOR,
        requested_by: Actor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, minimum_width=380)
        self.db = db
        self.till_code = till_code
        self.action = action
        self.subject = subject
        self.amount = amount
        self.description = description
        self.minimum_role = minimum_role
        self.requested_by = requested_by
        self.setWindowTitle(self.tr("Persetujuan {role}").format(role=role_name(minimum_role)))
        self.request_label = QLabel(
            self.tr("{what} — perlu persetujuan {role}").format(
                what=description, role=role_name(minimum_role)
            )
        )
        self.request_label.setObjectName("requestLabel")
        self.request_label.setWordWrap(True)
        self.request_label.setStyleSheet("font-weight: bold;")
        self.user_combo = user_combo(db, minimum_role)
        self.pin_edit = pin_field(self.tr("PIN {role}").format(role=role_name(minimum_role)))
        self.column.insertWidget(0, self.request_label)
        self.form.addRow(self.tr("Disetujui oleh"), self.user_combo)
        self.form.addRow(self.tr("PIN"), self.pin_edit)
        self.accept_button().setText(self.tr("Setujui"))
        if self.user_combo.count() == 1:
            self.user_combo.setCurrentIndex(0)
            self.pin_edit.setFocus()
        else:
            self.user_combo.setFocus()

    @property
    def approval(self) -> Approval | None:
        return self.saved

    def set_values(self, *, username: str | None = None, pin: str | None = None) -> None:
        if username is not None:
            self.user_combo.setEditText(username)
        if pin is not None:
            self.pin_edit.setText(pin)

    def save(self) -> Approval:
        return users.approve(
            self.db,
            self.user_combo.currentText(),
            self.pin_edit.text(),
            action=self.action,
            subject=self.subject,
            amount=self.amount,
            till_code=self.till_code,
            minimum_role=self.minimum_role,
            requested_by=self.requested_by,
            description=self.description,
        )

    def submit(self) -> Approval | None:
        approval = super().submit()
        if approval is not None:
            self.approved.emit(approval)
        return approval


# --- what screens call (tests replace these) -------------------------------------------------


def ask_login(
    parent: QWidget | None, db: Database, till_code: str, *, start: StartWindow | None = None
) -> Actor | None:
    """The login. ``start``: the start window the cashier typed in while the till opened;
    what it holds is taken over at the last moment, right before this dialog takes the keys
    (the name and PIN filled in, the cursor in the same field, and an Enter pressed there
    logs in at once)."""
    dialog = LoginDialog(db, till_code, parent)
    if start is not None:
        typed = start.hand_over()
        dialog.set_values(username=typed.username, pin=typed.pin)
        if typed.in_pin or typed.submitted:
            dialog.pin_edit.setFocus()
            dialog.pin_edit.end(False)
        else:
            dialog.user_combo.setFocus()
            editor = dialog.user_combo.lineEdit()
            assert editor is not None  # the combo is editable

            def type_on() -> None:  # the name adds on, as in the start window (not replaced)
                editor.deselect()
                editor.end(False)

            QTimer.singleShot(0, type_on)  # once shown: taking the focus selects the whole name
        if typed.submitted:
            QTimer.singleShot(0, dialog.accept_button().click)  # once the dialog is shown
    return dialog.run()


def ask_first_admin(parent: QWidget | None, db: Database, till_code: str) -> Actor | None:
    return FirstAdminDialog(db, till_code, parent).run()


def ask_approval(
    parent: QWidget | None,
    db: Database,
    till_code: str,
    *,
    action: ApprovalAction,
    subject: str,
    amount: int | None,
    description: str,
    minimum_role: str,
    requested_by: Actor | None,
) -> Approval | None:
    """The supervisor's approval of ``action`` on ``subject`` for ``amount``, or None."""
    return ApprovalDialog(
        db,
        till_code,
        action=action,
        subject=subject,
        amount=amount,
        description=description,
        minimum_role=minimum_role,
        requested_by=requested_by,
        parent=parent,
    ).run()
