"""The events screen ("Acara"): bazaars and outlets, their dates and participating institutions,
and which one is this till's current event.

Making an event current changes where sales, arrivals and counts go, so the main window's
header and every screen must hear of it: the screen emits ``currentEventChanged(int)`` and
also hands the new settings to the window's ``apply_settings`` when it sits in one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.events import (
    EventDraft,
    EventInfo,
    get_event,
    list_events,
    save_event,
    set_current_event,
)
from bazaar_pos.catalog.institutions import list_institutions
from bazaar_pos.db import Database
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Action, Actor, may
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.record_dialog import RecordDialog
from bazaar_pos.ui.record_table import RecordTableModel
from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    WARNING,
    screen_action,
    setup_list_table,
    show_status_line,
)

AnyIndex = QModelIndex | QPersistentModelIndex
EVENT_NAME_MAX_LENGTH = 120  # events.name
EVENT_VENUE_MAX_LENGTH = 200  # events.venue

COL_NAME, COL_VENUE, COL_DATES, COL_INSTITUTIONS, COL_CURRENT = range(5)


def format_date(day: dt.date | None) -> str:
    """``9 Apr 2026`` in the user's language; ``—`` for no date."""
    if day is None:
        return "—"
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")


def format_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> str:
    if starts_on is None and ends_on is None:
        return "—"
    if starts_on == ends_on or ends_on is None:
        return format_date(starts_on)
    return f"{format_date(starts_on)} – {format_date(ends_on)}"


def _to_date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class EventTableModel(RecordTableModel[EventInfo]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current_id: int | None = None
        self.headers = [
            self.tr("Acara"),
            self.tr("Tempat"),
            self.tr("Tanggal"),
            self.tr("Instansi"),
            self.tr("Kasa ini"),
        ]

    def set_events(self, events: Iterable[EventInfo], current_id: int | None) -> None:
        self._current_id = current_id
        self.set_records(events)

    def set_current(self, event_id: int | None) -> None:
        self._current_id = event_id
        if self._records:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._records) - 1, len(self.headers) - 1)
            )

    @property
    def current_id(self) -> int | None:
        return self._current_id

    def event_at(self, row: int) -> EventInfo:
        return self.record(row)

    def row_of(self, event_id: int) -> int | None:
        return self.row_where(lambda event: event.id == event_id)

    def cell(self, event: EventInfo, column: int, role: int) -> Any:
        is_current = event.id == self._current_id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return event.name
            if column == COL_VENUE:
                return event.venue
            if column == COL_DATES:
                return format_dates(event.starts_on, event.ends_on)
            if column == COL_INSTITUTIONS:
                return ", ".join(event.institution_codes)
            return self.tr("✔ acara aktif") if is_current else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_INSTITUTIONS:
            return "\n".join(event.institutions)
        if role == Qt.ItemDataRole.FontRole and is_current:
            font = QFont()
            font.setBold(True)
            return font
        return None


def run_event_dialog(dialog: EventDialog) -> EventInfo | None:
    """Show the event form until saved or cancelled; tests replace this function."""
    return dialog.run()


class EventDialog(RecordDialog[EventInfo]):
    """Create or edit an event: name, venue, dates and the participating institutions."""

    def __init__(
        self,
        db: Database,
        event: EventInfo | None = None,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent, minimum_width=520)
        self.db = db
        self.actor = actor
        self.event_info = event
        self.setWindowTitle(self.tr("Acara baru") if event is None else self.tr("Ubah acara"))

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(EVENT_NAME_MAX_LENGTH)
        self.name_edit.setPlaceholderText(self.tr("mis. Bazar HBP ke-63"))
        self.venue_edit = QLineEdit()
        self.venue_edit.setMaxLength(EVENT_VENUE_MAX_LENGTH)
        self.venue_edit.setPlaceholderText(self.tr("mis. Halaman Rutan Kelas I Samarinda"))
        self.starts_edit = QDateEdit()
        self.ends_edit = QDateEdit()
        for edit in (self.starts_edit, self.ends_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        self.no_dates_check = QCheckBox(self.tr("Tanggal belum ditentukan"))
        self.no_dates_check.toggled.connect(self._dates_toggled)
        self.starts_edit.dateChanged.connect(self._start_changed)
        self.institution_list = QListWidget()
        self.institution_list.setMinimumHeight(120)
        for institution in list_institutions(db):
            item = QListWidgetItem(f"{institution.code} — {institution.name}")
            item.setData(Qt.ItemDataRole.UserRole, institution.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.institution_list.addItem(item)

        dates = QHBoxLayout()
        dates.addWidget(self.starts_edit)
        dates.addWidget(QLabel(self.tr("sampai")))
        dates.addWidget(self.ends_edit)
        dates.addWidget(self.no_dates_check)
        dates.addStretch(1)
        self.add_field("name", self.tr("Nama acara"), self.name_edit)
        self.form.addRow(self.tr("Tempat"), self.venue_edit)
        # Dates refused are an end before the start: the cursor goes to the end.
        self.add_field("dates", self.tr("Tanggal"), dates, focus=self.ends_edit)
        self.add_field("institutions", self.tr("Instansi peserta"), self.institution_list)

        today = dt.date.today()
        if event is None:
            self.set_values(starts_on=today, ends_on=today)
        else:
            self.set_values(
                name=event.name,
                venue=event.venue,
                starts_on=event.starts_on or today,
                ends_on=event.ends_on or event.starts_on or today,
                institution_ids=event.institution_ids,
                no_dates=event.starts_on is None and event.ends_on is None,
            )

    def _dates_toggled(self, no_dates: bool) -> None:
        self.starts_edit.setEnabled(not no_dates)
        self.ends_edit.setEnabled(not no_dates)

    def _start_changed(self, day: QDate) -> None:
        # A one-day bazaar is the usual case: the end follows a start moved past it.
        if self.ends_edit.date() < day:
            self.ends_edit.setDate(day)

    def set_values(
        self,
        *,
        name: str | None = None,
        venue: str | None = None,
        starts_on: dt.date | None = None,
        ends_on: dt.date | None = None,
        institution_ids: Iterable[int] | None = None,
        no_dates: bool | None = None,
    ) -> None:
        if name is not None:
            self.name_edit.setText(name)
        if venue is not None:
            self.venue_edit.setText(venue)
        if starts_on is not None:
            self.starts_edit.setDate(QDate(starts_on.year, starts_on.month, starts_on.day))
        if ends_on is not None:
            # Set after the start: the start's handler may have moved it.
            self.ends_edit.setDate(QDate(ends_on.year, ends_on.month, ends_on.day))
        if institution_ids is not None:
            wanted = set(institution_ids)
            for row in range(self.institution_list.count()):
                item = self.institution_list.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if no_dates is not None:
            self.no_dates_check.setChecked(no_dates)

    def checked_institution_ids(self) -> tuple[int, ...]:
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in (
                self.institution_list.item(row) for row in range(self.institution_list.count())
            )
            if item.checkState() == Qt.CheckState.Checked
        )

    def draft(self) -> EventDraft:
        no_dates = self.no_dates_check.isChecked()
        starts_on: dt.date | None = None if no_dates else _to_date(self.starts_edit.date())
        ends_on: dt.date | None = None if no_dates else _to_date(self.ends_edit.date())
        return EventDraft(
            name=self.name_edit.text(),
            venue=self.venue_edit.text(),
            starts_on=starts_on,
            ends_on=ends_on,
            institution_ids=self.checked_institution_ids(),
            id=self.event_info.id if self.event_info is not None else None,
        )

    def save(self) -> EventInfo:
        saved = save_event(self.db, self.draft(), actor=self.actor)
        self.event_info = saved  # submitting again changes this one, not a second
        return saved


class EventsScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    currentEventChanged = Signal(int)

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None  # who works the screen; the services check it too
        # The window given at construction; once in the main window's page stack, the
        # Qt parent is the stack, so the window is looked up again when needed.
        self._owner = parent
        self.model = EventTableModel(self)

        self.current_label = QLabel()
        self.current_label.setObjectName("currentEvent")
        self.current_label.setWordWrap(True)
        self.current_label.setTextFormat(Qt.TextFormat.RichText)
        self.view = QTableView()
        self.view.setObjectName("eventsView")
        self.view.setModel(self.model)
        setup_list_table(self.view, COL_VENUE)
        self.view.doubleClicked.connect(lambda _index: self.edit_event())
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(36)

        self.add_action = screen_action(self, self.tr("Acara baru"), self.add_event, "Ins")
        self.edit_action = screen_action(self, self.tr("Ubah"), self.edit_event, "F2")
        self.activate_action = screen_action(
            self, self.tr("Jadikan acara aktif"), self.make_current, "Ctrl+Return"
        )
        edit_on_enter = QAction(self)
        edit_on_enter.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        edit_on_enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        edit_on_enter.triggered.connect(self.edit_event)
        self.view.addAction(edit_on_enter)
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, self.edit_action, self.activate_action):
            toolbar.addAction(action)

        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addWidget(self.current_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)
        self.view.selectionModel().selectionChanged.connect(self._refresh_actions)
        self._refresh_actions()

    # --- status -----------------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe_error(error), ERROR)

    # --- the screen contract ----------------------------------------------------------------
    def activate(self) -> None:
        self.reload()
        self.view.setFocus()

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings
        self.model.set_current(settings.current_event_id)
        self._refresh_current_label()

    def reload(self, *, select_event: int | None = None) -> None:
        current = self.selected_event()
        wanted = select_event or (current.id if current is not None else None)
        wanted = wanted or self.settings.current_event_id
        self.model.set_events(list_events(self.till.db), self.settings.current_event_id)
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.view.selectRow(row)
        self._refresh_current_label()
        self._refresh_actions()

    def _refresh_current_label(self) -> None:
        event = get_event(self.till.db, self.settings.current_event_id)
        if event is None:
            self.current_label.setText(
                self.tr("Kasa ini belum punya acara aktif: pilih acara lalu 'Jadikan acara aktif'.")
            )
            return
        self.current_label.setText(
            self.tr("Acara aktif kasa {till}: <b>{name}</b> — {venue}, {dates}").format(
                till=self.settings.till_code,
                name=event.name,
                venue=event.venue,
                dates=format_dates(event.starts_on, event.ends_on),
            )
        )

    def selected_event(self) -> EventInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.event_at(rows[0].row()) if rows else None

    def select_event(self, event_id: int) -> None:
        row = self.model.row_of(event_id)
        if row is not None:
            self.view.selectRow(row)

    def set_actor(self, actor: Actor | None) -> None:
        """After a login or user switch: what the new user may not do is disabled."""
        self.actor = actor
        self._refresh_actions()

    def may(self, action: Action) -> bool:
        """Nobody at the screen: a till without accounts, where the services let anybody."""
        return self.actor is None or may(self.actor.role, action)

    def _refresh_actions(self, *_args: object) -> None:
        event = self.selected_event()
        edit = self.may(Action.EDIT_EVENTS)
        self.add_action.setEnabled(edit)
        self.edit_action.setEnabled(edit and event is not None)
        self.activate_action.setEnabled(
            self.may(Action.SET_CURRENT_EVENT)
            and event is not None
            and event.id != self.settings.current_event_id
        )

    # --- actions ----------------------------------------------------------------------------
    def add_event(self) -> EventInfo | None:
        saved = run_event_dialog(EventDialog(self.till.db, None, self, actor=self.actor))
        if saved is not None:
            self.reload(select_event=saved.id)
            self.show_status(
                self.tr(
                    "Acara '{name}' disimpan. Jadikan acara aktif agar penjualan masuk ke "
                    "acara ini."
                ).format(name=saved.name)
            )
        return saved

    def edit_event(self) -> EventInfo | None:
        event = self.selected_event()
        if event is None:
            self.show_status(self.tr("Pilih acara yang akan diubah."), WARNING)
            return None
        saved = run_event_dialog(EventDialog(self.till.db, event, self, actor=self.actor))
        if saved is None:
            return None
        self.reload(select_event=saved.id)
        self.show_status(self.tr("Acara '{name}' disimpan.").format(name=saved.name))
        if saved.id == self.settings.current_event_id:
            self._tell_window()  # the header shows the current event's name and places
        return saved

    def make_current(self) -> EventInfo | None:
        """Make the selected event this till's current one."""
        event = self.selected_event()
        if event is None:
            self.show_status(self.tr("Pilih acara yang akan dijadikan acara aktif."), WARNING)
            return None
        try:
            current = set_current_event(self.till.db, event.id, actor=self.actor)
        except PosError as error:
            self.show_error(error)
            return None
        self._tell_window()
        self.show_status(
            self.tr(
                "'{name}' sekarang acara aktif kasa {till}: penjualan, penerimaan barang dan "
                "penghitungan berikutnya masuk ke acara ini."
            ).format(name=current.name, till=self.settings.till_code)
        )
        self.currentEventChanged.emit(current.id)
        return current

    def _tell_window(self) -> None:
        """New settings to this screen and to the main window (header, other screens)."""
        settings = load_settings(self.till.db)
        self.set_settings(settings)
        self._refresh_actions()
        for candidate in (self.window(), self._owner):
            apply_settings = getattr(candidate, "apply_settings", None)
            if candidate is not self and apply_settings is not None:
                apply_settings(settings)
                break
