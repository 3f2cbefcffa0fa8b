"""What every back-office screen shares: the status line, the actions and the short list table."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    STATUS_COLOURS,
    WARNING,
    screen_action,
    setup_list_table,
    show_status_line,
)


@pytest.mark.parametrize("level", [INFO, WARNING, ERROR])
def test_the_status_line_is_bold_in_the_colour_of_its_level(qtbot: QtBot, level: str) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    show_status_line(label, "Disimpan.", level)
    assert label.text() == "Disimpan."
    assert label.styleSheet() == f"color: {STATUS_COLOURS[level]}; font-weight: bold;"


def test_an_action_tip_names_its_key_unless_the_screen_gives_one(qtbot: QtBot) -> None:
    screen = QWidget()
    qtbot.addWidget(screen)
    keyed = screen_action(screen, "Ubah", lambda: None, "F2")
    keyless = screen_action(screen, "Arsipkan", lambda: None)
    told = screen_action(screen, "Tambah", lambda: None, "Ins", tip="Produk baru (Ins)")
    assert keyed.toolTip() == "Ubah (F2)"
    assert keyed.shortcut() == QKeySequence("F2")
    assert keyless.toolTip() == "Arsipkan" and keyless.shortcut().isEmpty()
    assert told.toolTip() == "Produk baru (Ins)"
    assert screen.actions() == [keyed, keyless, told]


def test_an_action_key_works_from_the_fields_of_its_screen_not_from_a_neighbour(
    qtbot: QtBot,
) -> None:
    # Screens share the main window; a key of one must not act while another is in use.
    window = QWidget()
    screen = QWidget()
    field = QLineEdit(screen)
    QVBoxLayout(screen).addWidget(field)
    neighbour = QLineEdit()
    layout = QVBoxLayout(window)
    layout.addWidget(screen)
    layout.addWidget(neighbour)
    qtbot.addWidget(window)
    pressed: list[str] = []
    screen_action(screen, "Ubah", lambda: pressed.append("F2"), "F2")
    with qtbot.waitActive(window):
        window.show()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F2)
    neighbour.setFocus()
    qtbot.keyClick(neighbour, Qt.Key.Key_F2)
    assert pressed == ["F2"]


def test_a_short_list_fits_its_content_and_one_column_takes_the_rest(qtbot: QtBot) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(QStandardItemModel(2, 3, view))
    setup_list_table(view, 1)
    header = view.horizontalHeader()
    modes = [header.sectionResizeMode(column) for column in range(3)]
    assert modes == [
        QHeaderView.ResizeMode.ResizeToContents,
        QHeaderView.ResizeMode.Stretch,
        QHeaderView.ResizeMode.ResizeToContents,
    ]
    assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert view.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert view.verticalHeader().isHidden() and not view.wordWrap()
