"""How a form shows that a service refused what was typed: the sentence in a red line, the
label of the field the error names in red, and the cursor in that field with its text
selected, so the user corrects it instead of typing it again. Nothing typed is cleared."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

ERROR_STYLE = "color: #b00020; font-weight: bold;"


def highlight_field(label: QWidget | None, widget: QWidget) -> None:
    if label is not None:
        label.setStyleSheet(ERROR_STYLE)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        widget.selectAll()
    elif isinstance(widget, QComboBox) and widget.isEditable():
        line_edit = widget.lineEdit()
        if line_edit is not None:
            line_edit.selectAll()


def clear_highlights(labels: Iterable[QWidget | None]) -> None:
    for label in labels:
        if label is not None:
            label.setStyleSheet("")
