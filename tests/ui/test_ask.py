"""The questions themselves, answered with real keys: which answer Enter and Esc take, and the
buttons named in Indonesian (Qt ships no Indonesian for its own)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from bazaar_pos.ui import ask


def answer(qtbot: QtBot, act: Callable[[QMessageBox], None], seen: list[QMessageBox]) -> None:
    """Do ``act`` to the next message box that opens."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, look)
            return
        seen.append(box)
        act(box)

    QTimer.singleShot(0, look)


def press(qtbot: QtBot, key: Qt.Key) -> Callable[[QMessageBox], None]:
    return lambda box: qtbot.keyClick(box, key)


def click(text: str) -> Callable[[QMessageBox], None]:
    def act(box: QMessageBox) -> None:
        (button,) = [b for b in box.findChildren(QPushButton) if b.text() == text]
        button.click()

    return act


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize(
    ("key", "expected"), [(Qt.Key.Key_Return, True), (Qt.Key.Key_Escape, False)]
)
def test_confirm_says_ya_and_tidak(
    qtbot: QtBot, parent: QWidget, key: Qt.Key, expected: bool
) -> None:
    seen: list[QMessageBox] = []
    answer(qtbot, press(qtbot, key), seen)
    assert ask.confirm(parent, "Tutup shift", "Tutup shift sekarang?") is expected
    (box,) = seen
    assert sorted(b.text() for b in box.findChildren(QPushButton)) == ["Tidak", "Ya"]


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape])
def test_a_careful_question_keeps_the_work_on_enter_and_escape(
    qtbot: QtBot, parent: QWidget, key: Qt.Key
) -> None:
    seen: list[QMessageBox] = []
    answer(qtbot, press(qtbot, key), seen)
    done = ask.choose_carefully(parent, "Batalkan", "Batalkan?", "Batalkan keranjang", "Kembali")
    assert done is False
    default = seen[0].defaultButton()
    assert default is not None and default.text() == "Kembali"


def test_a_careful_question_does_it_only_when_its_button_is_clicked(
    qtbot: QtBot, parent: QWidget
) -> None:
    seen: list[QMessageBox] = []
    answer(qtbot, click("Batalkan keranjang"), seen)
    assert ask.choose_carefully(parent, "Batalkan", "Batalkan?", "Batalkan keranjang", "Kembali")


@pytest.mark.parametrize(
    ("key", "expected"), [(Qt.Key.Key_Return, True), (Qt.Key.Key_Escape, False)]
)
def test_choose_takes_the_safe_answer_on_enter_and_the_other_on_escape(
    qtbot: QtBot, parent: QWidget, key: Qt.Key, expected: bool
) -> None:
    seen: list[QMessageBox] = []
    answer(qtbot, press(qtbot, key), seen)
    chosen = ask.choose(parent, "Tutup", "Belum dibayar.", "Parkir", "Kembali", detail="F3")
    assert chosen is expected
    assert seen[0].informativeText() == "F3"
