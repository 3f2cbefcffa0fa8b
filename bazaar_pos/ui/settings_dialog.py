"""Till settings: till code, event, receipt paper, printer, label layout, language.

At the top, what the database is (a till and its code, or an office; chosen once at the first
start) and this installation's device id, read-only: support staff tell two laptops apart by
the id. A till's code is changed here by an admin, and refused if another device's data merged
here already uses it; an office has no till code to change.

Who works the till is no setting: it is the logged-in user (ui/login_dialog.py). The till code
and the current event are offered only to a user who may change them (an admin); the service
checks again, and refuses both while a shift is open on the till.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.events import list_events
from bazaar_pos.catalog.till_settings import change_settings
from bazaar_pos.db import Database
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Action, Actor, may
from bazaar_pos.settings import BACKUP_LIMITS, InvalidSetting, TillSettings, load_settings
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.papers.printing import available_printers


def label_layout_names() -> list[tuple[str, str]]:
    """(layout key, what the user sees) for every barcode label layout, in menu order.

    Shared with the label print dialog. Literal ``translate`` calls so that
    ``pyside6-lupdate`` extracts them.
    """
    return [
        ("a4_3x8", QCoreApplication.translate("SettingsDialog", "A4 3×8 (70×37 mm)")),
        ("a4_4x10", QCoreApplication.translate("SettingsDialog", "A4 4×10 (52,5×29,7 mm)")),
        ("thermal_50x30", QCoreApplication.translate("SettingsDialog", "Label termal 50×30 mm")),
    ]


class SettingsDialog(QDialog):
    def __init__(
        self,
        db: Database,
        settings: TillSettings,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pengaturan kasir"))
        self.db = db
        self.actor = actor
        self.saved: TillSettings | None = None

        from bazaar_pos.catalog.till_identity import own_device_id
        from bazaar_pos.ui.main_window import database_kind_name

        self.kind_label = QLabel(database_kind_name(settings))
        self.kind_label.setObjectName("databaseKind")
        self.device_label = QLabel(own_device_id(db))
        self.device_label.setObjectName("deviceId")
        self.device_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.till_code_edit = QLineEdit(settings.till_code)
        self.till_code_edit.setMaxLength(8)
        self.paper_combo = QComboBox()
        for value, label in (
            ("58mm", self.tr("Kertas termal 58 mm")),
            ("80mm", self.tr("Kertas termal 80 mm")),
            ("a4", self.tr("A4")),
        ):
            self.paper_combo.addItem(label, value)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(settings.paper)))
        self.label_layout_combo = QComboBox()
        for value, label in label_layout_names():
            self.label_layout_combo.addItem(label, value)
        self.label_layout_combo.setCurrentIndex(
            max(0, self.label_layout_combo.findData(settings.label_layout))
        )

        self.printer_combo = QComboBox()
        self.printer_combo.addItem(self.tr("(tanpa printer — simpan PDF saja)"), "")
        for name in available_printers():
            self.printer_combo.addItem(name, name)
        if settings.printer and self.printer_combo.findData(settings.printer) < 0:
            self.printer_combo.addItem(
                self.tr("{name} (tidak terhubung)").format(name=settings.printer), settings.printer
            )
        self.printer_combo.setCurrentIndex(max(0, self.printer_combo.findData(settings.printer)))
        self.print_check = QCheckBox(self.tr("Cetak struk setelah pembayaran"))
        self.print_check.setChecked(settings.print_receipts)

        self.event_combo = QComboBox()
        self.event_combo.addItem(self.tr("(tanpa acara)"), None)
        for event in list_events(db):
            self.event_combo.addItem(event.name, event.id)
        self.event_combo.setCurrentIndex(
            max(0, self.event_combo.findData(settings.current_event_id))
        )

        self.language_combo = QComboBox()
        self.language_combo.addItem("Bahasa Indonesia", "id")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))

        # backups: the second folder (a USB stick) and how often while selling
        self.backup_folder_edit = QLineEdit(settings.backup_second_folder)
        self.backup_folder_edit.setPlaceholderText(self.tr("(tidak ada — hanya di laptop)"))
        self.backup_minutes_spin = self._backup_spin("backup_every_minutes", settings)
        self.backup_sales_spin = self._backup_spin("backup_every_sales", settings)
        self.backup_keep_spin = self._backup_spin("backup_keep_last", settings)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Basis data ini"), self.kind_label)
        form.addRow(self.tr("ID perangkat"), self.device_label)
        form.addRow(self.tr("Kode kasa (mis. BPN1)"), self.till_code_edit)
        # The command on a line of its own: wrapped at its hyphens it could not be typed as read.
        self.installation_note = QLabel(
            self.tr(
                "Kode kasa ini diatur di laptop ini saat dipasang, bukan di basis data "
                "bersama. Untuk menggantinya, buka aplikasi dengan:"
            )
            + "\n"
            + "bazaar-pos --this-till KODE"
        )
        self.installation_note.setWordWrap(True)
        if db.installation_till_code:  # a till selling into a shared database
            form.addRow("", self.installation_note)
        form.addRow(self.tr("Acara saat ini"), self.event_combo)
        form.addRow(self.tr("Ukuran struk"), self.paper_combo)
        form.addRow(self.tr("Printer"), self.printer_combo)
        form.addRow("", self.print_check)
        form.addRow(self.tr("Ukuran label barcode"), self.label_layout_combo)
        form.addRow(self.tr("Bahasa (setelah buka ulang)"), self.language_combo)
        form.addRow(self.tr("Folder cadangan kedua (flashdisk)"), self.backup_folder_edit)
        form.addRow(self.tr("Cadangan tiap … menit (0 = tidak)"), self.backup_minutes_spin)
        form.addRow(self.tr("Cadangan tiap … penjualan (0 = tidak)"), self.backup_sales_spin)
        form.addRow(self.tr("Simpan … cadangan terakhir"), self.backup_keep_spin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        # What is stored, not the window's copy (which carries the logged-in user's name):
        # saving changes only what the form shows.
        self._original = load_settings(db)
        # Nobody logged in: a till without accounts, where the service lets anybody through.
        self.till_code_edit.setEnabled(
            self._original.is_till
            and not db.installation_till_code
            and (actor is None or may(actor.role, Action.CHANGE_TILL_CODE))
        )

        self.event_combo.setEnabled(actor is None or may(actor.role, Action.SET_CURRENT_EVENT))

    @staticmethod
    def _backup_spin(key: str, settings: TillSettings) -> QSpinBox:
        low, high = BACKUP_LIMITS[key]
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(getattr(settings, key))
        return spin

    def chosen_settings(self) -> TillSettings:
        return self._original.with_changes(
            till_code=self.till_code_edit.text().strip().upper(),
            paper=self.paper_combo.currentData(),
            printer=self.printer_combo.currentData() or "",
            print_receipts=self.print_check.isChecked(),
            current_event_id=self.event_combo.currentData(),
            language=self.language_combo.currentData(),
            label_layout=self.label_layout_combo.currentData(),
            backup_second_folder=self.backup_folder_edit.text().strip(),
            backup_every_minutes=self.backup_minutes_spin.value(),
            backup_every_sales=self.backup_sales_spin.value(),
            backup_keep_last=self.backup_keep_spin.value(),
        )

    def save(self) -> None:
        try:
            self.saved = change_settings(self.db, self.chosen_settings(), actor=self.actor)
        except (InvalidSetting, PosError) as error:
            self.error_label.setText(describe_error(error))
            return
        self.accept()
