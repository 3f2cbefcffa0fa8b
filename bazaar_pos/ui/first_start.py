"""First start, right after the first admin account: is this database a till or an office?

A till names its institution (one in the database, or a new one: code and name) and its till
code, offered as the next one not yet used in the data here (``BPN1``, ``BPN2`` …) and
refused if another device's merged data uses it; "Isi data demo untuk latihan" (off unless
ticked) adds the demo event for training. An office gathers the tills' exports and makes the
reports: no till code, no demo data, and its window sells nothing.

The choice is made once, by an admin (the service checks ``CHANGE_TILL_CODE`` and journals
it), through ``startup.set_up_new_database``. Leaving the form quits: a database that is
neither a till nor an office cannot be used. Screens open it only through :func:`ask_setup`,
which tests replace.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from bazaar_pos.catalog.institutions import (
    CODE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    InvalidInstitution,
    list_institutions,
    normalise_code,
)
from bazaar_pos.catalog.till_identity import DatabaseSetup, suggested_till_code
from bazaar_pos.db import Database
from bazaar_pos.people.access import Actor
from bazaar_pos.settings import OFFICE, TILL, TILL_CODE_MAX_LENGTH, InvalidSetting, TillSettings
from bazaar_pos.startup import set_up_new_database
from bazaar_pos.ui.record_dialog import RecordDialog

# The institution list's last entry: type a new one (its data is None, an institution's is
# its code).
NEW_INSTITUTION = None
CODE_PATTERN = "[A-Za-z0-9]{0,8}"


def _code_field(max_length: int) -> QLineEdit:
    """Letters and digits only, shown in capitals as they are stored."""
    field = QLineEdit()
    field.setMaxLength(max_length)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(CODE_PATTERN), field))
    field.textEdited.connect(lambda text: _keep_upper(field, text))
    return field


def _keep_upper(field: QLineEdit, text: str) -> None:
    if text != text.upper():
        position = field.cursorPosition()
        field.setText(text.upper())
        field.setCursorPosition(position)


class SetUpDialog(RecordDialog[TillSettings]):
    """Till (institution, till code, demo) or office; saved by ``set_up_new_database``."""

    def __init__(self, db: Database, actor: Actor | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, accept=QDialogButtonBox.StandardButton.Ok, minimum_width=520)
        self.db = db
        self.actor = actor
        self.setWindowTitle(self.tr("Kasir atau kantor?"))
        self.accept_button().setText(self.tr("Mulai"))
        # Nothing can be done with a database that is neither: leaving the form quits.
        self.cancel_button().setText(self.tr("Keluar"))
        self.intro_label = QLabel(
            self.tr(
                "Basis data ini baru. Pilih sekali untuk selamanya: kasir yang menjual di "
                "bazar, atau kantor yang menggabungkan ekspor kasa dan membuat laporan."
            )
        )
        self.intro_label.setWordWrap(True)
        self.column.insertWidget(0, self.intro_label)

        self.till_radio = QRadioButton(self.tr("Kasir (menjual di bazar)"))
        self.office_radio = QRadioButton(
            self.tr("Kantor (mengumpulkan ekspor kasa, membuat laporan)")
        )
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.till_radio)
        self.kind_group.addButton(self.office_radio)
        self.till_radio.setChecked(True)
        self.form.addRow(self.tr("Basis data ini"), self.till_radio)
        self.form.addRow("", self.office_radio)

        # The till's part: institution, till code, demo.
        self.till_part = QWidget()
        self.till_form = till_form = QFormLayout(self.till_part)
        till_form.setContentsMargins(0, 0, 0, 0)
        self.institution_combo = QComboBox()
        for info in list_institutions(db):
            self.institution_combo.addItem(f"{info.code} — {info.name}", info.code)
        self.institution_combo.addItem(self.tr("Instansi baru…"), NEW_INSTITUTION)
        # Nothing to choose on a fresh laptop: Tab goes from the kind straight to the new
        # institution's code, not through a list whose only entry is "new".
        self.institution_combo.setEnabled(self.institution_combo.count() > 1)
        self.institution_code_edit = _code_field(CODE_MAX_LENGTH)
        self.institution_code_edit.setPlaceholderText(self.tr("mis. BPN"))
        self.institution_name_edit = QLineEdit()
        self.institution_name_edit.setMaxLength(NAME_MAX_LENGTH)
        self.institution_name_edit.setPlaceholderText(self.tr("mis. Rutan Kelas IIA Balikpapan"))
        self.till_code_edit = _code_field(TILL_CODE_MAX_LENGTH)
        self.till_code_edit.setPlaceholderText(self.tr("mis. BPN1"))
        self.demo_check = QCheckBox(self.tr("Isi data demo untuk latihan"))
        self.demo_check.setChecked(False)
        till_form.addRow(self.tr("Instansi"), self.institution_combo)
        till_form.addRow(self.tr("Kode instansi baru"), self.institution_code_edit)
        till_form.addRow(self.tr("Nama instansi baru"), self.institution_name_edit)
        till_form.addRow(self.tr("Kode kasa"), self.till_code_edit)
        till_form.addRow("", self.demo_check)
        self.field_widgets.update(
            {
                "institution_code": self.institution_code_edit,
                "institution_name": self.institution_name_edit,
                "till_code": self.till_code_edit,
            }
        )
        self.field_labels.update(
            {
                "institution_code": till_form.labelForField(self.institution_code_edit),
                "institution_name": till_form.labelForField(self.institution_name_edit),
                "till_code": till_form.labelForField(self.till_code_edit),
            }
        )
        self.form.addRow(self.till_part)
        self.office_label = QLabel(
            self.tr(
                "Kantor tidak berjualan dan tidak diberi data demo: impor ekspor kasa lewat "
                "menu Sinkronisasi, lalu buat laporan lewat menu Laporan."
            )
        )
        self.office_label.setWordWrap(True)
        self.form.addRow(self.office_label)

        # The suggestion follows the institution until the admin types a code of their own.
        self.suggested = ""
        self.institution_combo.currentIndexChanged.connect(self._institution_changed)
        self.institution_code_edit.textChanged.connect(self._suggest)
        self.till_radio.toggled.connect(self._kind_changed)
        self._institution_changed()
        self._kind_changed()
        self.till_radio.setFocus()

    # --- what the form shows ---------------------------------------------------------------
    @property
    def kind(self) -> str:
        return OFFICE if self.office_radio.isChecked() else TILL

    def institution_code(self) -> str:
        chosen = self.institution_combo.currentData()
        if chosen is NEW_INSTITUTION:
            return normalise_code(self.institution_code_edit.text())
        return str(chosen)

    def _new_institution(self) -> bool:
        return self.institution_combo.currentData() is NEW_INSTITUTION

    def _institution_changed(self) -> None:
        new = self._new_institution()
        # Whole rows, so that a hidden one leaves no gap.
        self.till_form.setRowVisible(self.institution_code_edit, new)
        self.till_form.setRowVisible(self.institution_name_edit, new)
        self._suggest()

    def _kind_changed(self) -> None:
        till = self.kind == TILL
        self.form.setRowVisible(self.till_part, till)
        self.form.setRowVisible(self.office_label, not till)
        # The form shrinks to what is shown (an office's is a sentence, not five fields).
        self.column.activate()
        self.adjustSize()

    def _suggest(self) -> None:
        """Offer the next free till code of the institution, unless one was typed by hand."""
        typed = self.till_code_edit.text().strip().upper()
        if typed and typed != self.suggested:
            return
        code = self.institution_code()
        self.suggested = suggested_till_code(self.db, code) if code else ""
        self.till_code_edit.setText(self.suggested)

    def set_values(
        self,
        *,
        kind: str | None = None,
        institution: str | None = None,
        institution_name: str | None = None,
        till_code: str | None = None,
        demo: bool | None = None,
    ) -> None:
        """Fill the form as a user would (tests): ``institution`` a code in the list, or a new
        one (then typed in the new institution's fields)."""
        if kind is not None:
            (self.office_radio if kind == OFFICE else self.till_radio).setChecked(True)
        if institution is not None:
            index = self.institution_combo.findData(institution)
            if index < 0:
                self.institution_combo.setCurrentIndex(self.institution_combo.count() - 1)
                self.institution_code_edit.setText(institution)
            else:
                self.institution_combo.setCurrentIndex(index)
        if institution_name is not None:
            self.institution_name_edit.setText(institution_name)
        if till_code is not None:
            self.till_code_edit.setText(till_code)
        if demo is not None:
            self.demo_check.setChecked(demo)

    def setup(self) -> DatabaseSetup:
        if self.kind == OFFICE:
            return DatabaseSetup(kind=OFFICE)
        return DatabaseSetup(
            kind=TILL,
            institution_code=self.institution_code(),
            institution_name=self.institution_name_edit.text() if self._new_institution() else "",
            till_code=self.till_code_edit.text().strip().upper(),
            demo=self.demo_check.isChecked(),
        )

    # --- saving ----------------------------------------------------------------------------
    def save(self) -> TillSettings:
        return set_up_new_database(self.db, self.setup(), actor=self.actor)

    def field_of(self, error: Exception) -> str | None:
        if isinstance(error, InvalidSetting):
            return error.key if error.key == "till_code" else None
        if isinstance(error, InvalidInstitution):  # a new institution's code or name
            return {"code": "institution_code", "name": "institution_name"}.get(error.field)
        return super().field_of(error)


def ask_setup(parent: QWidget | None, db: Database, actor: Actor | None) -> TillSettings | None:
    """The settings of a database just made a till or an office, or None: the admin left."""
    return SetUpDialog(db, actor, parent).run()
