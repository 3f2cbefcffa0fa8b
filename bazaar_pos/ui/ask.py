"""Every question a screen asks the user goes through here, so a test can replace it.

Tests monkeypatch these functions (``monkeypatch.setattr(ask, "ask_integer", ...)``); screens
call them as ``ask.ask_integer(...)`` so the replacement is seen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget


def ask_integer(
    parent: QWidget | None, title: str, label: str, value: int, minimum: int, maximum: int
) -> int | None:
    number, ok = QInputDialog.getInt(parent, title, label, value, minimum, maximum)
    return int(number) if ok else None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    answer, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return str(answer) if ok else None


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def choose(
    parent: QWidget | None, title: str, question: str, accept_text: str, reject_text: str
) -> bool:
    """Two named answers; Enter takes ``accept_text`` (the safe one), Esc ``reject_text``."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    accept = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    reject = box.addButton(reject_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.setEscapeButton(reject)
    box.exec()
    return box.clickedButton() is accept


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
