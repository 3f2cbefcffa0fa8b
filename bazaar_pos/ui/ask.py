"""Every question a screen asks the user goes through here, so a test can replace it.

Tests monkeypatch these functions (``monkeypatch.setattr(ask, "ask_integer", ...)``); screens
call them as ``ask.ask_integer(...)`` so the replacement is seen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

# Windows shown and not waited for (ask.report, a merge's summary), held here until closed:
# one without a parent would otherwise go with its last Python reference, at once.
_SHOWN: set[QDialog] = set()


def ask_integer(
    parent: QWidget | None, title: str, label: str, value: int, minimum: int, maximum: int
) -> int | None:
    number, ok = QInputDialog.getInt(parent, title, label, value, minimum, maximum)
    return int(number) if ok else None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    answer, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return str(answer) if ok else None


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    """Ya / Tidak (Enter: Ya). Qt ships no Indonesian for its own buttons, so they are named
    here; a question whose "Ya" cannot be undone is :func:`choose_carefully`."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    yes = box.addButton(QCoreApplication.translate("Ask", "Ya"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(QCoreApplication.translate("Ask", "Tidak"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def choose_carefully(
    parent: QWidget | None, title: str, question: str, do_text: str, keep_text: str
) -> bool:
    """Something that throws work away: Enter and Esc both take ``keep_text``, so a barcode
    scanner's Enter (or a reflex) never does it; True only when ``do_text`` is clicked, or
    chosen with Tab and Space."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, question, parent=parent)
    do = box.addButton(do_text, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(keep_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is do


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def report(parent: QWidget | None, title: str, text: str, *, problem: bool = False) -> None:
    """What a job that ran in the background did (or why it stopped), told when it ends: a box
    that is not modal and does not take the keyboard, so a cashier who is scanning meanwhile
    keeps scanning (the scanner's Enter does not close it, nor land in it)."""
    icon = QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, parent=parent)
    show_without_waiting(box)


def show_without_waiting(dialog: QDialog) -> None:
    """Show ``dialog`` not modal and without taking the keyboard from the window (a scanner's
    digits and Enter stay in the scan field); it is deleted when closed."""
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _SHOWN.add(dialog)
    dialog.finished.connect(lambda _result: _SHOWN.discard(dialog))
    dialog.show()


def choose(
    parent: QWidget | None,
    title: str,
    question: str,
    accept_text: str,
    reject_text: str,
    detail: str = "",
) -> bool:
    """Two named answers; Enter takes ``accept_text`` (the safe one), Esc or the dialog's own
    × ``reject_text``. ``detail``, if any, is a second paragraph under the question (what each
    answer does), so the question itself stays one short sentence."""
    box = choice_box(parent, title, question, accept_text, reject_text, detail)
    box.exec()
    return box.clickedButton() is box.defaultButton()


def choice_box(
    parent: QWidget | None,
    title: str,
    question: str,
    accept_text: str,
    reject_text: str,
    detail: str = "",
) -> QMessageBox:
    """The dialog :func:`choose` shows (built apart so a test can look at it)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    if detail:
        box.setInformativeText(detail)
    accept = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    reject = box.addButton(reject_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.setEscapeButton(reject)
    return box


def alert(parent: QWidget | None, title: str, text: str) -> None:
    """Something went wrong that the user must read (not a question)."""
    QMessageBox.critical(parent, title, text)


def alert_with_action(
    parent: QWidget | None, title: str, text: str, action_text: str, close_text: str
) -> bool:
    """Something went wrong, and one thing can be done about it now: True when the user takes
    ``action_text`` (Enter), False for ``close_text`` (Esc, or closing the box)."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent)
    action = box.addButton(action_text, QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton(close_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(action)
    box.setEscapeButton(close)
    box.exec()
    return box.clickedButton() is action
