"""The events screen: the event form, and making an event this till's current one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.catalog.events import EventDraft, EventInfo, list_events, save_event
from bazaar_pos.catalog.institutions import list_institutions
from bazaar_pos.db import Database
from bazaar_pos.db.models import Role
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui.catalog import events_screen
from bazaar_pos.ui.catalog.events_screen import (
    COL_CURRENT,
    COL_DATES,
    COL_INSTITUTIONS,
    EventDialog,
    EventsScreen,
    EventTableModel,
)
from bazaar_pos.ui.main_window import MainWindow
from tests.conftest import Staff, add_user

HBP = "Bazar HBP ke-62"


def institution_ids(db: Database, *codes: str) -> tuple[int, ...]:
    return tuple(i.id for i in list_institutions(db) if i.code in codes)


def second_event(db: Database) -> EventInfo:
    return save_event(
        db,
        EventDraft(
            name="Gerakan Cinta Produk WBP",
            venue="Alun-alun Blora",
            starts_on=dt.date(2026, 8, 17),
            ends_on=dt.date(2026, 8, 19),
            institution_ids=institution_ids(db, "BLA"),
        ),
    )


@pytest.fixture
def screen(qtbot: QtBot, till: Till) -> EventsScreen:
    widget = EventsScreen(till, load_settings(till.db))
    qtbot.addWidget(widget)
    widget.activate()
    return widget


@pytest.fixture
def indonesian() -> Iterator[None]:
    """Dates in the till's default language, as the app sets it (ui/app.py)."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    yield
    QLocale.setDefault(before)


@pytest.mark.usefixtures("indonesian")
def test_event_model_passes_the_model_tester(qtmodeltester: ModelTester, db: Database) -> None:
    second_event(db)
    model = EventTableModel()
    model.set_events(list_events(db), load_settings(db).current_event_id)
    qtmodeltester.check(model)
    texts = [
        (model.data(model.index(row, 0)), model.data(model.index(row, COL_CURRENT)))
        for row in range(model.rowCount())
    ]
    # Newest first; the demo event is the current one.
    assert texts == [("Gerakan Cinta Produk WBP", ""), (HBP, "✔ acara aktif")]
    assert model.data(model.index(0, COL_DATES)) == "17 Agu 2026 – 19 Agu 2026"
    assert model.data(model.index(1, COL_INSTITUTIONS)) == "BLA, BNA, BPN"


def test_create_an_event_with_its_institutions(qtbot: QtBot, db: Database) -> None:
    dialog = EventDialog(db)
    qtbot.addWidget(dialog)
    dialog.set_values(
        name="Bazar Hari Pahlawan",
        venue="Taman Samarendah",
        starts_on=dt.date(2026, 11, 10),
        ends_on=dt.date(2026, 11, 12),
        institution_ids=institution_ids(db, "BPN", "BNA"),
    )
    saved = dialog.submit()
    assert saved is not None
    assert (saved.name, saved.venue, saved.starts_on, saved.ends_on) == (
        "Bazar Hari Pahlawan",
        "Taman Samarendah",
        dt.date(2026, 11, 10),
        dt.date(2026, 11, 12),
    )
    assert saved.institution_codes == ("BNA", "BPN")


def test_a_refused_event_keeps_the_form(qtbot: QtBot, db: Database) -> None:
    dialog = EventDialog(db)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.set_values(name="Bazar Akhir Tahun", venue="GOR Segiri", institution_ids=())
    assert dialog.submit() is None
    assert (dialog.error_field, dialog.error_label.text()) == (
        "institutions",
        "Pilih minimal satu instansi peserta.",
    )
    assert dialog.focusWidget() is dialog.institution_list
    assert (dialog.name_edit.text(), dialog.venue_edit.text()) == (
        "Bazar Akhir Tahun",
        "GOR Segiri",
    )

    dialog.set_values(
        starts_on=dt.date(2026, 12, 20),
        ends_on=dt.date(2026, 12, 18),
        institution_ids=institution_ids(db, "BPN"),
    )
    assert dialog.submit() is None
    assert dialog.error_field == "dates"
    assert dialog.error_label.text() == "Tanggal selesai acara tidak boleh sebelum tanggal mulai."
    assert dialog.checked_institution_ids() == institution_ids(db, "BPN")

    dialog.set_values(name=" ", ends_on=dt.date(2026, 12, 21))
    assert dialog.submit() is None
    assert (dialog.error_field, dialog.error_label.text()) == ("name", "Nama acara wajib diisi.")

    dialog.set_values(name="Bazar Akhir Tahun")
    saved = dialog.submit()
    assert saved is not None and saved.ends_on == dt.date(2026, 12, 21)


def test_an_event_without_dates(qtbot: QtBot, db: Database) -> None:
    dialog = EventDialog(db)
    qtbot.addWidget(dialog)
    dialog.set_values(
        name="Outlet kafe asimilasi",
        venue="Jl. Soekarno-Hatta",
        no_dates=True,
        institution_ids=institution_ids(db, "BPN"),
    )
    assert not dialog.starts_edit.isEnabled()
    saved = dialog.submit()
    assert saved is not None and (saved.starts_on, saved.ends_on) == (None, None)
    # Editing it again keeps it undated.
    again = EventDialog(db, saved)
    qtbot.addWidget(again)
    assert again.no_dates_check.isChecked()
    assert again.submit() is not None
    assert [e.starts_on for e in list_events(db) if e.id == saved.id] == [None]


def test_add_and_edit_on_the_screen(
    screen: EventsScreen, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: EventDialog) -> EventInfo | None:
        dialog.set_values(
            name="Bazar UMKM Kanwil",
            venue="Kanwil Kaltim",
            starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2026, 9, 1),
            institution_ids=institution_ids(db, "BPN", "BLA"),
        )
        return dialog.submit()

    monkeypatch.setattr(events_screen, "run_event_dialog", fill)
    added = screen.add_event()
    assert added is not None
    assert screen.selected_event() == added
    assert screen.model.rowCount() == 2
    assert screen.status_label.text().startswith("Acara 'Bazar UMKM Kanwil' disimpan.")

    def rename(dialog: EventDialog) -> EventInfo | None:
        dialog.set_values(name="Bazar UMKM Kanwil Kaltim")
        return dialog.submit()

    monkeypatch.setattr(events_screen, "run_event_dialog", rename)
    edited = screen.edit_event()
    assert edited is not None and edited.id == added.id
    assert edited.institution_codes == ("BLA", "BPN")
    assert screen.model.data(screen.model.index(screen.model.row_of(added.id) or 0, 0)) == (
        "Bazar UMKM Kanwil Kaltim"
    )


def test_making_an_event_current_updates_the_main_window(
    qtbot: QtBot, till: Till, db: Database
) -> None:
    other = second_event(db)
    window = MainWindow(till, actor=add_user(db, "admin", "Admin Rutan", Role.ADMIN))
    qtbot.addWidget(window)
    assert HBP in window.header_label.text()
    screen = window.show_screen("events")
    assert isinstance(screen, EventsScreen)
    screen.select_event(other.id)
    assert screen.activate_action.isEnabled()
    with qtbot.waitSignal(screen.currentEventChanged) as signal:
        current = screen.make_current()
    assert current is not None and signal.args == [other.id]
    assert load_settings(db).current_event_id == other.id
    # The header, the settings of the window and of the sale screen all follow.
    assert "Gerakan Cinta Produk WBP" in window.header_label.text()
    assert "Alun-alun Blora" in window.header_label.text()
    assert HBP not in window.header_label.text()
    assert window.settings.current_event_id == other.id
    assert window.sale_screen.settings.current_event_id == other.id
    assert screen.model.data(
        screen.model.index(screen.model.row_of(other.id) or 0, COL_CURRENT)
    ) == ("✔ acara aktif")
    assert "Gerakan Cinta Produk WBP" in screen.current_label.text()
    assert not screen.activate_action.isEnabled()  # it is the current one already
    assert screen.status_label.text().startswith(
        "'Gerakan Cinta Produk WBP' sekarang acara aktif kasa BPN1"
    )


def test_renaming_the_current_event_renames_the_header(
    qtbot: QtBot, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(till, actor=staff.admin)
    qtbot.addWidget(window)
    screen = window.show_screen("events")
    assert isinstance(screen, EventsScreen)

    def rename(dialog: EventDialog) -> EventInfo | None:
        dialog.set_values(name="Bazar HBP ke-62 Samarinda")
        return dialog.submit()

    monkeypatch.setattr(events_screen, "run_event_dialog", rename)
    assert screen.edit_event() is not None
    assert "Bazar HBP ke-62 Samarinda" in window.header_label.text()


def test_making_an_event_current_outside_the_main_window(
    qtbot: QtBot, screen: EventsScreen, db: Database
) -> None:
    other = second_event(db)
    screen.reload(select_event=other.id)
    with qtbot.waitSignal(screen.currentEventChanged) as signal:
        screen.make_current()
    assert signal.args == [other.id]
    assert load_settings(db).current_event_id == other.id
    assert screen.settings.current_event_id == other.id
