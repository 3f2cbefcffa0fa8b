"""The first window of a start: the login, painted before the till's database is opened.

Opening the till imports SQLAlchemy and the models, migrates and checks the file and the
journal: ~0.5 s here, seconds on an old laptop's disk, and no window showed meanwhile. This
window is made of Qt alone, so it is on screen almost as soon as a bare window would be; the
till is opened behind it on a worker thread (:meth:`StartWindow.open_behind`) while the
cashier types their name and PIN. Once the till is open its own login takes over, with what
was typed here (an Enter pressed meanwhile logs in at once); a database without users asks
for its first admin instead, and a database that cannot be opened says why, as before.

Nothing here checks a PIN: only the till's login (``people.users.login``) does.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QRegularExpression, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.ui.translations import install_translators

__all__ = [
    "PIN_MAX_LENGTH",
    "StartWindow",
    "TypedLogin",
    "pin_field",
    "plain_imports",
    "show_start_window",
]

PIN_MAX_LENGTH = 8
T = TypeVar("T")


def pin_field(placeholder: str = "") -> QLineEdit:
    """A masked field that accepts only up to 8 digits."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PIN_MAX_LENGTH)
    field.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"), field))
    field.setPlaceholderText(placeholder)
    return field


@dataclass(frozen=True)
class TypedLogin:
    """What the cashier typed before the till was open, for the till's login to take over."""

    username: str
    pin: str
    submitted: bool  # Enter or "Masuk" was pressed: log in as soon as the till is open
    in_pin: bool  # the cursor was in the PIN field (it stays there)


class StartWindow(QWidget):
    """User and PIN, and a line saying the database is being opened."""

    def __init__(self, till_code: str = "", *, new_database: bool = False) -> None:
        super().__init__()
        # As the till's login will be titled (the code: the one the folder's last app ran).
        self.setWindowTitle(
            self.tr("Masuk — kasa {till}").format(till=till_code) if till_code else "Bazaar POS"
        )
        self.closed_by_user = False
        self.handed_over = False
        self.submitted = False
        title = QLabel(f"Bazaar POS — {till_code}" if till_code else "Bazaar POS")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.status_label = QLabel(self.tr("Membuka basis data…"))
        self.status_label.setObjectName("startStatus")
        self.user_edit = QLineEdit()
        self.pin_edit = pin_field(self.tr("4–8 angka"))
        self.login_button = QPushButton(self.tr("Masuk"))
        self.login_button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("Pengguna"), self.user_edit)
        form.addRow(self.tr("PIN"), self.pin_edit)
        column = QVBoxLayout(self)
        column.addWidget(title)
        column.addWidget(self.status_label)
        column.addLayout(form)
        column.addWidget(self.login_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(360)
        self.user_edit.returnPressed.connect(self.pin_edit.setFocus)
        self.pin_edit.returnPressed.connect(self.submit)
        self.login_button.clicked.connect(self.submit)
        self.user_edit.setFocus()
        if new_database:  # nobody to log in yet: its first admin is asked once it is made
            self.status_label.setText(self.tr("Menyiapkan basis data baru…"))
            form.setRowVisible(self.user_edit, False)
            form.setRowVisible(self.pin_edit, False)
            self.login_button.hide()

    def submit(self) -> None:
        """Enter or "Masuk" before the till is open: it logs in as soon as it is."""
        self.submitted = True
        self.status_label.setText(self.tr("Membuka basis data… Anda masuk begitu siap."))

    def typed(self) -> TypedLogin:
        return TypedLogin(
            self.user_edit.text().strip(),
            self.pin_edit.text(),
            self.submitted,
            self.pin_edit.hasFocus(),
        )

    def show_painted(self) -> None:
        """Show the window, in the middle of the screen, painted now."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:  # where the till's login will be: the middle of the screen
            self.adjustSize()
            frame = self.frameGeometry()
            frame.moveCenter(screen.availableGeometry().center())
            self.move(frame.topLeft())
        self.show()
        self.raise_()
        self.activateWindow()
        self.repaint()  # painted now, not at the loop's next turn

    def open_behind(self, opening: Callable[[], T]) -> T:
        """``opening()`` on the operations layer's worker while this window goes on answering
        (an event loop of its own runs meanwhile, as a dialog's does); what it returned, or
        what it raised, raised here. The window stays up: the caller closes it once the
        till's window is shown."""
        # Here, not at the top: nothing but the window is loaded before it is painted.
        from bazaar_pos.ui.operations import Op, Progress, run

        outcome: list[T] = []
        failure: list[Exception] = []
        loop = QEventLoop()

        def work(_progress: Progress) -> T:
            return opening()

        def opened(result: T) -> None:
            outcome.append(result)
            loop.quit()

        def refused(error: Exception) -> None:
            failure.append(error)
            loop.quit()

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        # Closing this window must not end the application (and this loop) mid-opening: the
        # start ends once the till is open (closed_by_user).
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        try:
            with plain_imports():  # the till's modules are imported meanwhile
                started = run(Op("open_till", "", work, opened, refused))
                assert started is not None  # the first op of its kind: never refused
                loop.exec()
        finally:
            app.setQuitOnLastWindowClosed(quit_on_close)
        if failure:
            raise failure[0]
        return outcome[0]

    def run_loop_once(self) -> None:
        """One turn of the application's event loop, then back (the start-up benchmark's
        "painted": the loop has run once, as for the bare window it is compared with)."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        QTimer.singleShot(0, app.quit)
        app.exec()

    def hand_over(self) -> TypedLogin:
        """The till's window is shown: this one closes, and what was typed goes on to the
        till's login."""
        typed = self.typed()
        self.handed_over = True
        self.close()
        return typed

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed by the user while the till opens: the start ends once it is open."""
        if not self.handed_over:
            self.closed_by_user = True
        super().closeEvent(event)


@contextmanager
def plain_imports() -> Iterator[None]:
    """Python's own ``__import__`` for the ``with`` block, instead of PySide6's.

    PySide6 replaces ``builtins.__import__`` with a hook that reads the source of every
    module imported after it (looking for ``from __feature__ import …``, which this app never
    uses) and leaves it in ``linecache``: importing SQLAlchemy and the models behind the start
    window cost ~52 MB that way instead of ~37 MB. The hook keeps the original as
    ``builtins.__orig_import__``; without it, nothing changes."""
    hooked = builtins.__import__
    original = getattr(builtins, "__orig_import__", hooked)
    builtins.__import__ = original
    try:
        yield
    finally:
        builtins.__import__ = hooked


def show_start_window(
    language: str, till_code: str = "", *, new_database: bool = False
) -> StartWindow:
    """The application (made here if there is none yet), its screens' ``language`` and the
    start window (naming ``till_code``, the till the folder's last app ran; without a login
    for a ``new_database``), painted."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Bazaar POS")
    install_translators(app, language)
    window = StartWindow(till_code, new_database=new_database)
    window.show_painted()
    return window
