"""One base for the dialogs that add or edit a record, as ``ui/record_table.py`` is for tables.

Such a dialog is a form whose OK hands what was typed to one service call, which saves it or
refuses it. :class:`RecordDialog` holds what they all do the same way:

- the layout: the form, under it one red line for what the service said, then OK (``Simpan``,
  unless the dialog names its own action) and ``Batal``;
- OK is :meth:`~RecordDialog.submit`, so a test fills the form and submits it without
  ``exec()``;
- a refusal (a :class:`~bazaar_pos.errors.PosError`) keeps the dialog open with every field as
  typed, says why in the red line, marks the field the error names and puts the cursor in it
  (``ui/form_errors.py``): the user corrects one field instead of typing the form again;
- the dialog opens with the cursor in its first field.

A subclass adds its rows to :attr:`~RecordDialog.form` (:meth:`~RecordDialog.add_field` for the
fields an error can name), sets its window title, and implements
:meth:`~RecordDialog.save`. Screens show it through a module-level ``run_…_dialog`` function,
which tests replace, that calls :meth:`~RecordDialog.run`. The PIN dialogs (login, approval,
the first admin, a new PIN) are the same frame with an OK that names what it does.

:func:`ask_until_saved` is the same rule for a record named in one line (a workshop), asked
through :func:`bazaar_pos.ui.ask.ask_text`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.errors import PosError
from bazaar_pos.ui import ask
from bazaar_pos.ui.form_errors import ERROR_STYLE, clear_highlights, highlight_field
from bazaar_pos.ui.messages import describe_error

T = TypeVar("T")

_SAVE = QDialogButtonBox.StandardButton.Save
_CANCEL = QDialogButtonBox.StandardButton.Cancel


class RecordDialog(QDialog, Generic[T]):
    """A form saved by one service call (:meth:`save`), open until the service takes it.

    ``accept`` is the OK button: Save, reading "Simpan", for a record; a dialog that checks
    rather than saves (a login, a PIN) passes Ok and names what it does
    (``accept_button().setText(...)``), or keeps Qt's "OK".
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        accept: QDialogButtonBox.StandardButton = _SAVE,
        minimum_width: int = 0,
    ) -> None:
        super().__init__(parent)
        self.saved: T | None = None
        # The field the last refusal named, as the service calls it ("code", "pin"), or None.
        self.error_field: str | None = None
        # The fields an error can name: the widget that takes the cursor, and its label.
        self.field_widgets: dict[str, QWidget] = {}
        self.field_labels: dict[str, QWidget | None] = {}

        self.form = QFormLayout()
        self.error_label = QLabel()
        self.error_label.setObjectName("messageLabel")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self._accept = accept
        self.buttons = QDialogButtonBox(accept | _CANCEL)
        if accept == _SAVE:
            self.buttons.button(_SAVE).setText(self.tr("Simpan"))
        self.buttons.button(_CANCEL).setText(self.tr("Batal"))
        self.buttons.accepted.connect(self._accept_clicked)
        self.buttons.rejected.connect(self.reject)
        # A subclass may put a sentence above the form (``column.insertWidget(0, …)``).
        self.column = QVBoxLayout(self)
        self.column.addLayout(self.form)
        self.column.addWidget(self.error_label)
        self.column.addWidget(self.buttons)
        if minimum_width:
            self.setMinimumWidth(minimum_width)

    def accept_button(self) -> QPushButton:
        return self.buttons.button(self._accept)

    def cancel_button(self) -> QPushButton:
        return self.buttons.button(_CANCEL)

    # --- what a subclass provides ----------------------------------------------------------
    def save(self) -> T:
        """Hand the form to the service and return what it saved; a refusal raises PosError."""
        raise NotImplementedError

    def field_of(self, error: Exception) -> str | None:
        """The field an error is about: the ``field`` the service names (``Invalid…``)."""
        field = getattr(error, "field", None)
        return field if isinstance(field, str) else None

    def describe_refusal(self, error: Exception) -> str:
        """The sentence in the red line."""
        return describe_error(error)

    def refused(self, error: Exception) -> None:
        """What else a refusal does (a PIN is typed again from scratch); nothing here."""

    # --- building the form -----------------------------------------------------------------
    def add_field(
        self, name: str, label: str, field: QWidget | QLayout, *, focus: QWidget | None = None
    ) -> None:
        """A row whose field errors can name (``name``, as the service calls it). A row of
        several widgets (a layout) names the one that takes the cursor (``focus``)."""
        self.form.addRow(label, field)
        widget = focus if focus is not None else field
        if not isinstance(widget, QWidget):
            raise TypeError(f"field {name!r} is a layout: name the widget to focus")
        self.field_widgets[name] = widget
        self.field_labels[name] = self.form.labelForField(field)

    # --- submitting ------------------------------------------------------------------------
    def submit(self) -> T | None:
        """What OK does: the service's answer, or None with the refusal shown."""
        self.clear_error()
        try:
            saved = self.save()
        except PosError as error:
            self.show_error(error)
            return None
        self.saved = saved
        return saved

    def run(self) -> T | None:
        """Show the form until the service takes it (what it saved) or the user cancels."""
        return self.saved if self.exec() == QDialog.DialogCode.Accepted else None

    def show_error(self, error: Exception) -> None:
        self.error_label.setText(self.describe_refusal(error))
        self.error_field = self.field_of(error)
        self.refused(error)
        widget = self.field_widgets.get(self.error_field or "")
        if widget is not None:
            highlight_field(self.field_labels.get(self.error_field or ""), widget)

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_field = None
        clear_highlights(self.field_labels.values())

    def _accept_clicked(self) -> None:
        if self.submit() is not None:
            self.accept()

    # --- opening ---------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        # Qt opens a dialog in the first widget that got a parent, which here is a button
        # (made before the subclass's fields): the cursor goes to the first field instead,
        # unless the subclass put it somewhere already.
        if self.focusWidget() is None:
            first = self._first_field()
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
        super().showEvent(event)

    def _first_field(self) -> QWidget | None:
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isEnabled()
                and not self.buttons.isAncestorOf(widget)
            ):
                return widget
            widget = widget.nextInFocusChain()
        return None


def ask_until_saved(
    parent: QWidget,
    title: str,
    prompt: str,
    save: Callable[[str], T],
    *,
    typed: str = "",
    again: Callable[[str], str],
    refused: Callable[[PosError], None],
) -> T | None:
    """Ask for one line (``ask.ask_text``) until ``save`` takes it (what it saved) or the
    user cancels (None).

    As in :class:`RecordDialog`, a refusal loses nothing: the question comes again with what
    was typed and with why (``again(reason)`` is the new prompt); ``refused`` also shows the
    error on the screen.
    """
    while True:
        answer = ask.ask_text(parent, title, prompt, typed)
        if answer is None:
            return None
        typed = answer
        try:
            return save(answer)
        except PosError as error:
            refused(error)
            prompt = again(describe_error(error))
