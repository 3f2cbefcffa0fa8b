"""The institutions screen ("Instansi & bengkel kerja"): the Lapas/Rutan that supply goods and,
for the one selected, its workshops (*pembinaan kemandirian* programmes).

An institution is edited in a small form (:class:`InstitutionDialog`, a
:class:`~bazaar_pos.ui.record_dialog.RecordDialog`: tests call ``set_values`` then ``submit``);
a workshop is added or renamed through ``ask.ask_text`` and asked again, with what was typed,
while the name is refused. Workshops are archived, never deleted: past sales point at them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.institutions import (
    CODE_MAX_LENGTH,
    INSTITUTION_KINDS,
    NAME_MAX_LENGTH,
    InstitutionDraft,
    InstitutionInfo,
    InvalidInstitution,
    WorkshopInfo,
    add_workshop,
    list_institutions,
    rename_workshop,
    save_institution,
    set_workshop_active,
)
from bazaar_pos.catalog.products import list_products
from bazaar_pos.db import Database
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_number
from bazaar_pos.people.access import Action, Actor, may
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.record_dialog import RecordDialog, ask_until_saved
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel
from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    WARNING,
    screen_action,
    setup_list_table,
    show_status_line,
)

AnyIndex = QModelIndex | QPersistentModelIndex
_ARCHIVED = QColor("#757575")

COL_CODE, COL_NUMBER, COL_KIND, COL_NAME, COL_PRODUCTS = range(5)
COL_WORKSHOP_NAME, COL_WORKSHOP_STATUS = range(2)


class InstitutionTableModel(RecordTableModel[InstitutionInfo]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._product_counts: dict[int, int] = {}
        self.headers = [
            self.tr("Kode"),
            self.tr("Nomor"),
            self.tr("Jenis"),
            self.tr("Nama"),
            self.tr("Produk"),
        ]

    def set_institutions(
        self, institutions: list[InstitutionInfo], product_counts: dict[int, int]
    ) -> None:
        self._product_counts = dict(product_counts)
        self.set_records(institutions)

    def institution(self, row: int) -> InstitutionInfo:
        return self.record(row)

    def row_of(self, institution_id: int) -> int | None:
        return self.row_where(lambda institution: institution.id == institution_id)

    def cell(self, institution: InstitutionInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_CODE:
                return institution.code
            if column == COL_NUMBER:
                return "—" if institution.number is None else f"{institution.number:02d}"
            if column == COL_KIND:
                return institution.kind
            if column == COL_NAME:
                return institution.name
            return format_number(self._product_counts.get(institution.id, 0))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_NUMBER, COL_PRODUCTS):
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NUMBER:
            return self.tr("Dua angka di dalam barcode internal: 20{number}…").format(
                number="NN" if institution.number is None else f"{institution.number:02d}"
            )
        return None


class WorkshopTableModel(RecordTableModel[WorkshopInfo]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [self.tr("Bengkel kerja"), self.tr("Status")]

    def set_workshops(self, workshops: tuple[WorkshopInfo, ...] | list[WorkshopInfo]) -> None:
        self.set_records(workshops)

    def workshop(self, row: int) -> WorkshopInfo:
        return self.record(row)

    def row_of(self, workshop_id: int) -> int | None:
        return self.row_where(lambda workshop: workshop.id == workshop_id)

    def cell(self, workshop: WorkshopInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_WORKSHOP_NAME:
                return workshop.name
            return self.tr("aktif") if workshop.active else self.tr("arsip")
        if role == Qt.ItemDataRole.ForegroundRole and not workshop.active:
            return _ARCHIVED
        return None


def run_institution_dialog(dialog: InstitutionDialog) -> InstitutionInfo | None:
    """Show the institution form until saved or cancelled; tests replace this function."""
    return dialog.run()


class InstitutionDialog(RecordDialog[InstitutionInfo]):
    """Create or edit an institution: code, name, kind and (optional) number."""

    def __init__(
        self,
        db: Database,
        institution: InstitutionInfo | None = None,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent, minimum_width=460)
        self.db = db
        self.actor = actor
        self.institution = institution
        if institution is None:
            self.setWindowTitle(self.tr("Instansi baru"))
        else:
            self.setWindowTitle(self.tr("Ubah instansi {code}").format(code=institution.code))

        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(CODE_MAX_LENGTH)
        self.code_edit.setPlaceholderText(self.tr("2–8 huruf/angka, mis. BPN"))
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX_LENGTH)
        self.name_edit.setPlaceholderText(self.tr("mis. Rutan Kelas IIA Balikpapan"))
        self.kind_combo = QComboBox()
        for kind in INSTITUTION_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.number_edit = QLineEdit()
        self.number_edit.setMaxLength(3)
        self.number_edit.setPlaceholderText(self.tr("otomatis"))
        self.number_hint = QLabel(
            self.tr(
                "Nomor 0–99 ada di dalam barcode internal (20NN…), jadi label menunjukkan asal "
                "barang. Kosongkan agar dipilih otomatis. Setelah barcode dicetak, nomor tidak "
                "bisa diubah lagi."
            )
        )
        self.number_hint.setWordWrap(True)

        self.add_field("code", self.tr("Kode"), self.code_edit)
        self.add_field("name", self.tr("Nama"), self.name_edit)
        self.add_field("kind", self.tr("Jenis"), self.kind_combo)
        self.add_field("number", self.tr("Nomor barcode"), self.number_edit)
        self.form.addRow("", self.number_hint)
        if institution is not None:
            self.set_values(
                code=institution.code,
                name=institution.name,
                kind=institution.kind,
                number="" if institution.number is None else str(institution.number),
            )
        else:
            self.set_values(kind="Rutan")

    def set_values(
        self,
        *,
        code: str | None = None,
        name: str | None = None,
        kind: str | None = None,
        number: str | None = None,
    ) -> None:
        """Type into the form (``number`` as text: "" means automatic)."""
        if code is not None:
            self.code_edit.setText(code)
        if name is not None:
            self.name_edit.setText(name)
        if kind is not None:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        if number is not None:
            self.number_edit.setText(number)

    def draft(self) -> InstitutionDraft:
        """The form as a draft; raises InvalidInstitution if the number is not a number."""
        number_text = self.number_edit.text().strip()
        number: int | None = None
        if number_text:
            if not (number_text.isascii() and number_text.isdigit()):
                raise InvalidInstitution(
                    "number", number_text, "bad_format", "number must be a whole number"
                )
            number = int(number_text)
        return InstitutionDraft(
            id=self.institution.id if self.institution is not None else None,
            code=self.code_edit.text(),
            name=self.name_edit.text(),
            kind=str(self.kind_combo.currentData()),
            number=number,
        )

    def save(self) -> InstitutionInfo:
        saved = save_institution(self.db, self.draft(), actor=self.actor)
        self.institution = saved  # submitting again changes this one, not a second
        return saved


class InstitutionsScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    institutionsChanged = Signal()

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None  # who works the screen; the services check it too
        self.institution_model = InstitutionTableModel(self)
        self.workshop_model = WorkshopTableModel(self)
        self._product_counts: dict[int, int] | None = None

        self.institution_view = self._table(self.institution_model, COL_NAME)
        self.institution_view.setObjectName("institutionsView")
        self.institution_view.doubleClicked.connect(lambda _index: self.edit_institution())
        self.workshop_view = self._table(self.workshop_model, COL_WORKSHOP_NAME)
        self.workshop_view.setObjectName("workshopsView")
        self.workshop_view.doubleClicked.connect(lambda _index: self.rename_workshop())
        self.workshop_title = QLabel()
        self.workshop_title.setObjectName("workshopTitle")
        self.workshop_title.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(36)

        self.add_institution_action = screen_action(
            self, self.tr("Instansi baru"), self.add_institution, "Ins"
        )
        self.edit_institution_action = screen_action(
            self, self.tr("Ubah instansi"), self.edit_institution, "F2"
        )
        self.add_workshop_action = screen_action(
            self, self.tr("Bengkel baru"), self.add_workshop, "Ctrl+Ins"
        )
        self.rename_workshop_action = screen_action(
            self, self.tr("Ganti nama bengkel"), self.rename_workshop, "Shift+F2"
        )
        self.archive_workshop_action = screen_action(
            self, self.tr("Arsipkan bengkel"), lambda: self.set_workshop_active(False)
        )
        self.restore_workshop_action = screen_action(
            self, self.tr("Pulihkan bengkel"), lambda: self.set_workshop_active(True)
        )
        left_bar = QToolBar()
        left_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        left_bar.addAction(self.add_institution_action)
        left_bar.addAction(self.edit_institution_action)
        right_bar = QToolBar()
        right_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.add_workshop_action,
            self.rename_workshop_action,
            self.archive_workshop_action,
            self.restore_workshop_action,
        ):
            right_bar.addAction(action)

        left = QVBoxLayout()
        left.addWidget(left_bar)
        left.addWidget(self.institution_view, 1)
        right = QVBoxLayout()
        right.addWidget(right_bar)
        right.addWidget(self.workshop_title)
        right.addWidget(self.workshop_view, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status_label)

        self.institution_view.selectionModel().selectionChanged.connect(self._institution_selected)
        self.workshop_view.selectionModel().selectionChanged.connect(self._refresh_actions)
        self._refresh_actions()

    def _table(self, model: QAbstractTableModel, stretch: int) -> QTableView:
        view = QTableView()
        view.setModel(model)
        setup_list_table(view, stretch)
        return view

    # --- status -----------------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe_error(error), ERROR)

    # --- the screen contract ----------------------------------------------------------------
    def activate(self) -> None:
        self.reload(recount=True)
        self.institution_view.setFocus()

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings

    def reload(self, *, select_institution: int | None = None, recount: bool = False) -> None:
        """Read the institutions again; keep (or move to) the selected one.

        ``recount``: count the products per institution again. The services have no such
        count, so it comes from the whole catalog list (archived included, ~0.9 s for
        100,000 products): done when the screen is shown, not after each workshop change,
        which cannot change it.
        """
        current = self.selected_institution()
        wanted = select_institution or (current.id if current is not None else None)
        institutions = list_institutions(self.till.db)
        if recount or self._product_counts is None:
            self._product_counts = dict(
                Counter(
                    record.institution_id
                    for record in list_products(self.till.db, include_archived=True)
                )
            )
        self.institution_model.set_institutions(institutions, self._product_counts)
        row = self.institution_model.row_of(wanted) if wanted is not None else None
        if row is None and institutions:
            row = 0
        if row is not None:
            self.institution_view.selectRow(row)
        self._institution_selected()

    # --- selection --------------------------------------------------------------------------
    def selected_institution(self) -> InstitutionInfo | None:
        rows = self.institution_view.selectionModel().selectedRows()
        return self.institution_model.institution(rows[0].row()) if rows else None

    def selected_workshop(self) -> WorkshopInfo | None:
        rows = self.workshop_view.selectionModel().selectedRows()
        return self.workshop_model.workshop(rows[0].row()) if rows else None

    def select_workshop(self, workshop_id: int) -> None:
        row = self.workshop_model.row_of(workshop_id)
        if row is not None:
            self.workshop_view.selectionModel().setCurrentIndex(
                self.workshop_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _institution_selected(self, *_args: object) -> None:
        institution = self.selected_institution()
        if institution is None:
            self.workshop_model.set_workshops([])
            self.workshop_title.setText(self.tr("Pilih instansi untuk melihat bengkel kerjanya."))
        else:
            self.workshop_model.set_workshops(institution.workshops)
            self.workshop_title.setText(
                self.tr("Bengkel kerja {code} — {name}").format(
                    code=institution.code, name=institution.name
                )
            )
        self._refresh_actions()

    def set_actor(self, actor: Actor | None) -> None:
        """After a login or user switch: a user who may not edit institutions only reads."""
        self.actor = actor
        self._refresh_actions()

    def _refresh_actions(self, *_args: object) -> None:
        # Nobody at the screen: a till without accounts, where the services let anybody edit.
        edit = self.actor is None or may(self.actor.role, Action.EDIT_INSTITUTIONS)
        has_institution = edit and self.selected_institution() is not None
        workshop = self.selected_workshop() if edit else None
        self.add_institution_action.setEnabled(edit)
        self.edit_institution_action.setEnabled(has_institution)
        self.add_workshop_action.setEnabled(has_institution)
        self.rename_workshop_action.setEnabled(workshop is not None)
        self.archive_workshop_action.setEnabled(workshop is not None and workshop.active)
        self.restore_workshop_action.setEnabled(workshop is not None and not workshop.active)

    # --- institutions -----------------------------------------------------------------------
    def add_institution(self) -> InstitutionInfo | None:
        saved = run_institution_dialog(
            InstitutionDialog(self.till.db, None, self, actor=self.actor)
        )
        if saved is not None:
            self.reload(select_institution=saved.id)
            self.show_status(
                self.tr("Instansi {code} disimpan, nomor barcode {number}.").format(
                    code=saved.code,
                    number=f"{saved.number:02d}" if saved.number is not None else "—",
                )
            )
            self.institutionsChanged.emit()
        return saved

    def edit_institution(self) -> InstitutionInfo | None:
        institution = self.selected_institution()
        if institution is None:
            self.show_status(self.tr("Pilih instansi yang akan diubah."), WARNING)
            return None
        saved = run_institution_dialog(
            InstitutionDialog(self.till.db, institution, self, actor=self.actor)
        )
        if saved is not None:
            self.reload(select_institution=saved.id)
            self.show_status(self.tr("Instansi {code} disimpan.").format(code=saved.code))
            self.institutionsChanged.emit()
        return saved

    # --- workshops --------------------------------------------------------------------------
    def add_workshop(self) -> WorkshopInfo | None:
        institution = self.selected_institution()
        if institution is None:
            self.show_status(self.tr("Pilih instansi dulu."), WARNING)
            return None
        workshop = ask_until_saved(
            self,
            self.tr("Bengkel kerja baru"),
            self.tr("Nama bengkel kerja {code} (mis. Anyaman bambu, Kafe):").format(
                code=institution.code
            ),
            lambda name: add_workshop(self.till.db, institution.id, name, actor=self.actor),
            again=lambda problem: self.tr("{problem}\n\nNama bengkel kerja {code}:").format(
                problem=problem, code=institution.code
            ),
            refused=self.show_error,
        )
        if workshop is None:
            return None
        self.reload(select_institution=institution.id)
        self.select_workshop(workshop.id)
        self.show_status(
            self.tr("Bengkel kerja '{name}' ditambahkan ke {code}.").format(
                name=workshop.name, code=institution.code
            )
        )
        self.institutionsChanged.emit()
        return workshop

    def rename_workshop(self) -> WorkshopInfo | None:
        workshop = self.selected_workshop()
        institution = self.selected_institution()
        if workshop is None or institution is None:
            self.show_status(self.tr("Pilih bengkel kerja yang akan diganti namanya."), WARNING)
            return None
        renamed = ask_until_saved(
            self,
            self.tr("Ganti nama bengkel kerja"),
            self.tr("Nama baru untuk '{name}' (penjualan lama ikut memakai nama baru):").format(
                name=workshop.name
            ),
            lambda name: rename_workshop(self.till.db, workshop.id, name, actor=self.actor),
            typed=workshop.name,
            again=lambda problem: self.tr("{problem}\n\nNama baru untuk '{name}':").format(
                problem=problem, name=workshop.name
            ),
            refused=self.show_error,
        )
        if renamed is None:
            return None
        self.reload(select_institution=institution.id)
        self.select_workshop(renamed.id)
        self.show_status(
            self.tr("Bengkel kerja '{old}' sekarang bernama '{new}'.").format(
                old=workshop.name, new=renamed.name
            )
        )
        self.institutionsChanged.emit()
        return renamed

    def set_workshop_active(self, active: bool) -> WorkshopInfo | None:
        workshop = self.selected_workshop()
        institution = self.selected_institution()
        if workshop is None or institution is None:
            self.show_status(self.tr("Pilih bengkel kerja dulu."), WARNING)
            return None
        try:
            changed = set_workshop_active(self.till.db, workshop.id, active, actor=self.actor)
        except PosError as error:
            self.show_error(error)
            return None
        self.reload(select_institution=institution.id)
        self.select_workshop(changed.id)
        if active:
            text = self.tr("Bengkel kerja '{name}' dipulihkan.").format(name=changed.name)
        else:
            text = self.tr(
                "Bengkel kerja '{name}' diarsipkan: tidak ditawarkan untuk produk baru; produk "
                "dan penjualan lamanya tetap."
            ).format(name=changed.name)
        self.show_status(text)
        self.institutionsChanged.emit()
        return changed
