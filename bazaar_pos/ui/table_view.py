"""How every back-office table looks, with the status line and the actions around it.

The screens of every area (stock, refunds, reports, the audit log, the catalog, users) list
records the same way: whole rows, one selected at a time, alternating colours, no row numbers;
columns wide enough for their title and their widest expected text (:func:`fit_columns`), or,
in a short list, for their content (:func:`setup_list_table`); the raw value of a cell
under :data:`SORT_ROLE`, so that sorting is numeric ("1.600" after "125"); the same colours for
less (:data:`NEGATIVE`), more or done (:data:`POSITIVE`) and what no longer counts
(:data:`MUTED`); and under the table a status line that says what the last action did, bold in
the colour of its level (:func:`show_status_line`); over it, actions whose keys work wherever
the cursor is in the screen (:func:`screen_action`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

# The raw value of a cell for sorting: a number, a text, or None for "no figure".
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

NEGATIVE = QColor("#b00020")
POSITIVE = QColor("#1b5e20")
MUTED = QColor("#6b6b6b")

# The levels of a status line, and their colours (the same red and green as the figures).
INFO, WARNING, ERROR = "info", "warning", "error"
STATUS_COLOURS = {INFO: "#1b5e20", WARNING: "#8a5300", ERROR: "#b00020"}


def local_time(moment: dt.datetime) -> str:
    """An aware UTC time as the laptop's local time, the way the screens write it."""
    return moment.astimezone().strftime("%d-%m-%Y %H:%M")


def setup_table(view: QTableView) -> None:
    """Whole rows, one at a time, read-only, no row numbers, rows one line high."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)


def setup_list_table(view: QTableView, stretch: int) -> None:
    """A short list of records (institutions, workshops, events, users): whole rows, one at a
    time, no row numbers; each column as wide as its content, ``stretch`` takes the rest."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def fit_columns(
    view: QTableView, samples: dict[int, str], stretch: int, *, padding: int = 12
) -> None:
    """Give each listed column room for its title and its widest expected text; ``stretch``
    (the product name) takes what is left."""
    header = view.horizontalHeader()
    header.setMinimumSectionSize(36)
    metrics = view.fontMetrics()
    header_metrics = header.fontMetrics()
    for column, sample in samples.items():
        title = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
        widest = max(header_metrics.horizontalAdvance(title) + 8, metrics.horizontalAdvance(sample))
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, widest + padding)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def show_status_line(label: QLabel, text: str, level: str = INFO) -> None:
    """``text`` in a screen's status line, bold in the colour of ``level``."""
    label.setText(text)
    label.setStyleSheet(f"color: {STATUS_COLOURS[level]}; font-weight: bold;")


def screen_action(
    screen: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcut: str = "",
    *,
    tip: str | None = None,
) -> QAction:
    """An action of ``screen`` (for its toolbar) whose ``shortcut`` works wherever the cursor
    is in the screen, but not in the other screens. Its tip is ``tip``, or "text (shortcut)"."""
    action = QAction(text, screen)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip is not None:
        action.setToolTip(tip)
    elif shortcut:
        action.setToolTip(f"{text} ({shortcut})")
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    screen.addAction(action)
    return action
