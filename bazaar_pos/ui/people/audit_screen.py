"""The audit log screen (*log audit*): who did what, when, on which till, approved by whom.

Only a supervisor or an admin sees it: the screen asks
:func:`bazaar_pos.people.audit_view.list_audit_for`, which checks the logged-in user's role in the
database, and shows the refusal instead of the table for anyone else. Filters: the days (from
… to, both included, on the laptop's calendar), one action, the user's name and free text
(receipt number, detail, approver). "Ekspor CSV…" writes every entry matching the filters
(not only the newest shown) with :func:`bazaar_pos.people.audit_csv.write_audit_csv`; the file
chooser is :func:`bazaar_pos.ui.papers.documents.choose_save_path`, which tests replace.

The screen only reads: nothing here writes the log, and exporting is not an audited action.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.db.models import Role
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_number
from bazaar_pos.people.access import Actor, NotPermitted, UnknownUser
from bazaar_pos.people.audit import AuditRecord
from bazaar_pos.people.audit_view import SCREEN_LIMIT, day_bounds, export_audit, list_audit_for
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.people.audit_model import (
    COL_ACTION,
    COL_AMOUNT,
    COL_APPROVED_BY,
    COL_DETAIL,
    COL_SUBJECT,
    COL_TILL,
    COL_TIME,
    COL_USER,
    AuditModel,
    action_labels,
)
from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    WARNING,
    fit_columns,
    setup_table,
    show_status_line,
)

DATE_FORMAT = "dd-MM-yyyy"


@dataclass(frozen=True)
class AuditFilters:
    """What the filter row asks for, in the service's terms."""

    first_day: dt.date
    last_day: dt.date
    actions: tuple[str, ...]
    user_name: str
    text: str

    def bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        return day_bounds(self.first_day, self.last_day)


def _to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AuditScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    recordsLoaded = Signal(int)  # rows shown after a reload

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.model = AuditModel(self)

        self.title_label = QLabel(self.tr("Log audit"))
        self.title_label.setObjectName("auditTitle")
        title_font = QFont(self.title_label.font())
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.refusal_label = QLabel()
        self.refusal_label.setObjectName("auditRefusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet(
            "background: #fdecea; color: #b00020; font-weight: bold; padding: 8px;"
            " border: 1px solid #e6a5a5; border-radius: 3px;"
        )
        self.refusal_label.hide()

        today = dt.date.today()
        self.from_edit = self._date_edit("auditFrom", today)
        self.to_edit = self._date_edit("auditTo", today)
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("auditAction")
        self.action_combo.addItem(self.tr("Semua tindakan"), "")
        for value, label in action_labels().items():
            self.action_combo.addItem(label, str(value))
        self.action_combo.currentIndexChanged.connect(self._filters_changed)
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("auditUser")
        self.user_edit.setPlaceholderText(self.tr("Nama pengguna"))
        self.user_edit.setClearButtonEnabled(True)
        self.user_edit.textChanged.connect(self._filters_changed)
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("auditText")
        self.text_edit.setPlaceholderText(self.tr("Cari no. struk, rincian, penyetuju"))
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.textChanged.connect(self._filters_changed)
        self.reload_button = QPushButton(self.tr("Muat ulang (F5)"))
        self.reload_button.clicked.connect(self.reload)
        self.shown_label = QLabel()
        self.shown_label.setObjectName("auditShown")

        self.table_view = QTableView()
        self.table_view.setObjectName("auditTable")
        self.table_view.setModel(self.model)
        setup_table(self.table_view)
        fit_columns(
            self.table_view,
            {
                COL_TIME: "27-04-2026 23:59:59",
                COL_TILL: "BPN1",
                COL_USER: "Bu Ratna (Kasubsi)",
                COL_ACTION: self.tr("Persetujuan supervisor"),
                COL_SUBJECT: "BPN1-000123",
                COL_AMOUNT: "Rp 10.000.000",
                COL_APPROVED_BY: "Bu Ratna (Kasubsi)",
            },
            COL_DETAIL,
        )

        self.export_button = QPushButton(self.tr("Ekspor CSV…"))
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self.export_csv)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Dari:")))
        filters.addWidget(self.from_edit)
        filters.addWidget(QLabel(self.tr("s.d.")))
        filters.addWidget(self.to_edit)
        filters.addWidget(QLabel(self.tr("Tindakan:")))
        filters.addWidget(self.action_combo)
        filters.addWidget(self.user_edit)
        filters.addWidget(self.text_edit, 1)
        filters.addWidget(self.reload_button)
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(filters)
        content_layout.addWidget(self.table_view, 1)
        content_layout.addWidget(self.shown_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.content, 1)
        layout.addLayout(buttons)

        self.reload_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.reload_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload_shortcut.activated.connect(self.reload)
        self._refuse(self.tr("Masuk sebagai supervisor atau admin untuk melihat log audit."))

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(_to_qdate(day))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.dateChanged.connect(self._filters_changed)
        return edit

    # --- screen contract ----------------------------------------------------------------
    def activate(self) -> None:
        self.reload()

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings

    def set_actor(self, actor: Actor | None) -> None:
        """A new user at the till: nothing the previous one saw stays on screen."""
        self.actor = actor
        self.model.set_records([])
        if self.isVisible():
            self.reload()
        elif actor is None:
            self._refuse(self.tr("Masuk sebagai supervisor atau admin untuk melihat log audit."))

    # --- status area ----------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def _refuse(self, text: str) -> None:
        """Show why the log is not shown, instead of the table."""
        self.model.set_records([])
        self.refusal_label.setText(text)
        self.refusal_label.show()
        self.content.hide()
        self.export_button.setEnabled(False)

    def _allow(self) -> None:
        self.refusal_label.hide()
        self.content.show()
        self.export_button.setEnabled(True)

    @property
    def refused(self) -> bool:
        return not self.refusal_label.isHidden()

    def _refusal_text(self, error: Exception) -> str:
        if isinstance(error, NotPermitted):
            roles: dict[str, str] = {
                Role.CASHIER: self.tr("kasir"),
                Role.SUPERVISOR: self.tr("supervisor"),
                Role.ADMIN: self.tr("admin"),
            }
            return self.tr(
                "Log audit hanya dapat dilihat oleh supervisor atau admin. "
                "{user} masuk sebagai {role}."
            ).format(user=error.user, role=roles.get(error.role, error.role))
        if isinstance(error, UnknownUser):
            return self.tr(
                "Pengguna {user} tidak aktif lagi: masuk ulang sebagai supervisor atau admin."
            ).format(user=error.username)
        return describe_error(error)

    # --- loading --------------------------------------------------------------------------
    def filters(self) -> AuditFilters:
        action = str(self.action_combo.currentData() or "")
        return AuditFilters(
            first_day=_to_date(self.from_edit.date()),
            last_day=_to_date(self.to_edit.date()),
            actions=(action,) if action else (),
            user_name=self.user_edit.text(),
            text=self.text_edit.text(),
        )

    def set_days(self, first: dt.date, last: dt.date) -> None:
        """Choose the days shown (as the two date fields do), then reload once."""
        for edit, day in ((self.from_edit, first), (self.to_edit, last)):
            edit.blockSignals(True)
            edit.setDate(_to_qdate(day))
            edit.blockSignals(False)
        self.reload()

    def set_action(self, action: str) -> None:
        """Choose one action (an AuditAction value), or all with ``""``."""
        index = self.action_combo.findData(action)
        self.action_combo.setCurrentIndex(max(index, 0))

    def _filters_changed(self) -> None:
        if self.actor is not None:
            self.reload()

    def _load(self, filters: AuditFilters, limit: int | None) -> list[AuditRecord] | None:
        """The entries matching ``filters``, or None after showing why not."""
        if self.actor is None:
            self._refuse(self.tr("Masuk sebagai supervisor atau admin untuk melihat log audit."))
            return None
        since, until = filters.bounds()
        try:
            records = list_audit_for(
                self.till.db,
                self.actor,
                actions=filters.actions,
                user_name=filters.user_name,
                text=filters.text,
                since=since,
                until=until,
                limit=limit,
            )
        except (NotPermitted, UnknownUser) as refused:
            text = self._refusal_text(refused)
            self._refuse(text)
            self.statusMessage.emit(text, WARNING)
            return None
        except PosError as error:
            self.show_status(describe_error(error), ERROR)
            return None
        self._allow()
        return records

    def reload(self) -> list[AuditRecord] | None:
        """Ask the service for the entries matching the filters and show them, newest first."""
        filters = self.filters()
        if filters.first_day > filters.last_day:
            self.model.set_records([])
            self._show_count(0)
            self.show_status(self.tr("Tanggal awal jatuh setelah tanggal akhir."), WARNING)
            return None
        records = self._load(filters, SCREEN_LIMIT)
        if records is None:
            return None
        self.model.set_records(records)
        self._show_count(len(records))
        if self.status_label.text():
            self.status_label.clear()
        self.recordsLoaded.emit(len(records))
        return records

    def _show_count(self, shown: int) -> None:
        if shown >= SCREEN_LIMIT:
            text = self.tr("{n} entri terbaru ditampilkan; persempit filter atau ekspor CSV.")
        else:
            text = self.tr("{n} entri")
        self.shown_label.setText(text.format(n=format_number(shown)))

    # --- export -----------------------------------------------------------------------------
    def _default_path(self) -> Path:
        filters = self.filters()
        name = f"audit-{self.settings.till_code.lower()}-{filters.first_day.isoformat()}"
        if filters.last_day != filters.first_day:
            name += f"-{filters.last_day.isoformat()}"
        return documents.reports_dir(self.till) / f"{documents.file_slug(name, 'audit')}.csv"

    def export_csv(self) -> Path | None:
        """The "Ekspor CSV…" button: every entry matching the filters, newest first; the
        export itself is journaled (who took how many entries)."""
        filters = self.filters()
        if self.reload() is None:  # refused, or no days chosen: say why, ask for no file
            return None
        path = documents.choose_save_path(
            self, self.tr("Ekspor log audit (CSV)"), self._default_path(), documents.CSV_FILTER
        )
        if path is None:
            return None
        if self.actor is None:
            return None
        since, until = filters.bounds()
        try:  # the service asks the role again: it may have changed
            exported = export_audit(
                self.till.db,
                self.actor,
                path,
                actions=filters.actions,
                user_name=filters.user_name,
                text=filters.text,
                since=since,
                until=until,
            )
        except (NotPermitted, UnknownUser) as refused:
            text = self._refusal_text(refused)
            self._refuse(text)
            self.statusMessage.emit(text, WARNING)
            return None
        except PosError as error:
            self.show_status(describe_error(error), ERROR)
            return None
        except OSError as error:
            self.show_status(
                self.tr("CSV tidak dapat disimpan di {path}: {error}").format(
                    path=path, error=error.strerror or error
                ),
                ERROR,
            )
            return None
        self.reload()  # the export's own entry is in the log now
        self.show_status(
            self.tr("CSV disimpan: {path} ({n} entri)").format(path=path, n=format_number(exported))
        )
        return path
