"""First start: the first admin chooses till or office, by keys as an admin would; the window
then shows the till code large, or, for an office, what an office does instead of selling."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from bazaar_pos.catalog.institutions import list_institutions
from bazaar_pos.db import Database
from bazaar_pos.db.models import Event, Product, TillKey
from bazaar_pos.people.access import Actor
from bazaar_pos.people.users import create_first_admin
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till, open_till
from bazaar_pos.ui import first_start
from bazaar_pos.ui.first_start import SetUpDialog
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.people import login_dialog
from tests.conftest import Staff


@pytest.fixture
def new_till(tmp_path: Path) -> Iterator[Till]:
    """A database made as the app makes it: nothing chosen, no accounts, no demo data."""
    opened = open_till(tmp_path / "new")
    yield opened
    opened.db.dispose()


@pytest.fixture
def admin(new_till: Till) -> Actor:
    return create_first_admin(new_till.db, "admin", "Pak Yusuf", "246810", till_code="")


def count(db: Database, model: type[object]) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def shown_dialog(qtbot: QtBot, db: Database, actor: Actor) -> SetUpDialog:
    dialog = SetUpDialog(db, actor)
    qtbot.addWidget(dialog)
    # Active, as on a screen: the arrow keys move between the radio buttons only in the window
    # that has the keyboard.
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def type_into(qtbot: QtBot, field: object, text: str) -> None:
    field.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)


def press_enter(qtbot: QtBot, dialog: SetUpDialog) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)


# --- the form, by keys ------------------------------------------------------------------------


def test_on_a_fresh_laptop_tab_goes_from_the_kind_to_the_new_institutions_code(
    qtbot: QtBot, new_till: Till, admin: Actor
) -> None:
    dialog = shown_dialog(qtbot, new_till.db, admin)
    assert dialog.till_radio.hasFocus()
    qtbot.keyClick(dialog.till_radio, Qt.Key.Key_Tab)
    # no list of one entry ("new") to pass through: the admin types the code at once
    assert dialog.institution_code_edit.hasFocus()
    qtbot.keyClicks(dialog.institution_code_edit, "BPN")
    qtbot.keyClick(dialog.institution_code_edit, Qt.Key.Key_Tab)
    assert dialog.institution_name_edit.hasFocus()
    assert dialog.till_code_edit.text() == "BPN1"


def test_a_till_takes_the_suggested_code_of_the_institution_typed_in(
    qtbot: QtBot, new_till: Till, admin: Actor
) -> None:
    dialog = shown_dialog(qtbot, new_till.db, admin)
    assert dialog.till_radio.isChecked() and not dialog.demo_check.isChecked()
    # a fresh laptop knows no institution: its code and name are typed
    assert dialog.institution_code_edit.isVisible()
    type_into(qtbot, dialog.institution_code_edit, "smd")
    assert dialog.institution_code_edit.text() == "SMD"
    assert dialog.till_code_edit.text() == "SMD1"  # suggested as the code is typed
    type_into(qtbot, dialog.institution_name_edit, "Rutan Kelas IIA Samarinda")
    press_enter(qtbot, dialog)
    assert dialog.saved is not None, dialog.error_label.text()
    settings = load_settings(new_till.db)
    assert (settings.database_kind, settings.till_code, settings.till_institution) == (
        "till",
        "SMD1",
        "SMD",
    )
    assert [(i.code, i.kind) for i in list_institutions(new_till.db)] == [("SMD", "Rutan")]
    assert count(new_till.db, Product) == count(new_till.db, Event) == 0  # no demo unasked


def test_a_training_till_ticks_the_demo(qtbot: QtBot, new_till: Till, admin: Actor) -> None:
    dialog = shown_dialog(qtbot, new_till.db, admin)
    type_into(qtbot, dialog.institution_code_edit, "BPN")  # the demo's own institution
    dialog.demo_check.setFocus()
    qtbot.keyClick(dialog.demo_check, Qt.Key.Key_Space)
    assert dialog.demo_check.isChecked()
    press_enter(qtbot, dialog)
    assert dialog.saved is not None, dialog.error_label.text()
    settings = load_settings(new_till.db)
    assert settings.is_till and settings.till_code == "BPN1"
    assert settings.current_event_id is not None
    assert count(new_till.db, Product) == 30


def test_an_office_is_chosen_with_the_arrow_key(qtbot: QtBot, new_till: Till, admin: Actor) -> None:
    dialog = shown_dialog(qtbot, new_till.db, admin)
    dialog.till_radio.setFocus()
    qtbot.keyClick(dialog.till_radio, Qt.Key.Key_Down)
    assert dialog.office_radio.isChecked()
    assert not dialog.till_part.isVisible() and dialog.office_label.isVisible()
    press_enter(qtbot, dialog)
    assert dialog.saved is not None, dialog.error_label.text()
    settings = load_settings(new_till.db)
    assert settings.is_office and settings.till_code == "KANTOR"
    assert count(new_till.db, Product) == count(new_till.db, Event) == 0


def test_a_code_another_device_uses_is_refused_and_the_form_stays(
    qtbot: QtBot, new_till: Till, admin: Actor
) -> None:
    other = str(uuid.uuid4())
    with new_till.db.write() as session:
        session.add(
            TillKey(
                till_id=other,
                public_key="AAAA",
                own=False,
                till_code="BPN1",
                created_at=dt.datetime.now(dt.UTC),
            )
        )
    dialog = shown_dialog(qtbot, new_till.db, admin)
    type_into(qtbot, dialog.institution_code_edit, "BPN")
    assert dialog.till_code_edit.text() == "BPN2"  # BPN1 is merged here already
    dialog.till_code_edit.selectAll()
    type_into(qtbot, dialog.till_code_edit, "BPN1")
    type_into(qtbot, dialog.institution_name_edit, "Rutan Kelas IIA Balikpapan")
    press_enter(qtbot, dialog)
    assert dialog.saved is None and dialog.isVisible()
    text = dialog.error_label.text()
    assert "sudah dipakai perangkat lain" in text and other[:8] in text and "BPN2" in text
    assert dialog.error_field == "till_code"
    assert load_settings(new_till.db).is_pending  # nothing chosen yet


def test_leaving_the_form_quits(qtbot: QtBot, new_till: Till, admin: Actor) -> None:
    dialog = shown_dialog(qtbot, new_till.db, admin)
    assert dialog.cancel_button().text() == "Keluar"


# --- the window -------------------------------------------------------------------------------


def window_on(qtbot: QtBot, till: Till) -> MainWindow:
    main = MainWindow(till)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def first_admin(parent: object, database: Database, till_code: str) -> Actor:
    assert till_code == ""  # nothing chosen yet: the admin's entries carry no till code
    return create_first_admin(database, "admin", "Pak Yusuf", "246810", till_code=till_code)


def test_the_first_admin_then_chooses_and_the_header_shows_the_till_code(
    qtbot: QtBot, new_till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window_on(qtbot, new_till)
    assert main.till_label.text() == "—"
    asked: list[Actor] = []

    def choose(parent: object, db: Database, actor: Actor) -> TillSettings:
        asked.append(actor)
        dialog = SetUpDialog(db, actor)
        dialog.set_values(institution="BPN", institution_name="Rutan Kelas IIA Balikpapan")
        saved = dialog.submit()
        assert saved is not None, dialog.error_label.text()
        return saved

    monkeypatch.setattr(login_dialog, "ask_first_admin", first_admin)
    monkeypatch.setattr(first_start, "ask_setup", choose)
    actor = main.require_login()
    assert actor is not None and [a.username for a in asked] == ["admin"]
    assert main.till_label.text() == "BPN1"
    assert main.till_label.font().pointSize() > main.header_label.font().pointSize() * 2
    assert main.pages.currentWidget() is main.sale_screen
    assert main.sale_action.isVisible()


def test_an_office_window_sells_nothing(
    qtbot: QtBot, new_till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window_on(qtbot, new_till)

    def choose(parent: object, db: Database, actor: Actor) -> TillSettings:
        dialog = SetUpDialog(db, actor)
        dialog.set_values(kind="office")
        saved = dialog.submit()
        assert saved is not None
        return saved

    monkeypatch.setattr(login_dialog, "ask_first_admin", first_admin)
    monkeypatch.setattr(first_start, "ask_setup", choose)
    assert main.require_login() is not None
    assert main.till_label.text() == "KANTOR"
    assert main.pages.currentWidget() is main.office_page
    assert "tidak ada penjualan" in main.office_page.text()
    assert not main.sale_action.isVisible()
    assert not main.screen_actions["shift"].isVisible()
    assert not main.screen_actions["refund"].isVisible()
    assert main.screen_actions["reports"].isVisible() and main.import_action.isVisible()
    main.show_sale_screen()  # Alt+1 from anywhere: still the office page
    assert main.pages.currentWidget() is main.office_page


def test_leaving_the_choice_closes_the_window(
    qtbot: QtBot, new_till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window_on(qtbot, new_till)
    monkeypatch.setattr(login_dialog, "ask_first_admin", first_admin)
    monkeypatch.setattr(first_start, "ask_setup", lambda *_args: None)
    assert main.require_login() is None
    assert not main.isVisible()
    assert load_settings(new_till.db).is_pending


def test_an_admin_made_on_the_command_line_chooses_at_the_first_login(
    qtbot: QtBot, new_till: Till, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window_on(qtbot, new_till)
    chosen: list[str] = []
    monkeypatch.setattr(login_dialog, "ask_login", lambda *_args: admin)
    monkeypatch.setattr(
        first_start, "ask_setup", lambda _p, _db, actor: chosen.append(actor.username)
    )
    main.require_login()
    assert chosen == ["admin"]


# --- the till code on the till ----------------------------------------------------------------


def test_the_header_shows_the_till_code_large(qtbot: QtBot, till: Till, staff: Staff) -> None:
    main = window_on(qtbot, till)
    main.set_actor(staff.cashier)
    assert main.till_label.text() == "BPN1"
    assert main.till_label.font().bold()


def test_the_settings_dialog_shows_the_device_id_and_refuses_another_devices_code(
    qtbot: QtBot, db: Database, staff: Staff
) -> None:
    from bazaar_pos.ui.settings_dialog import SettingsDialog

    with db.write() as session:
        session.add(
            TillKey(
                till_id=str(uuid.uuid4()),
                public_key="AAAA",
                own=False,
                till_code="BPN2",
                created_at=dt.datetime.now(dt.UTC),
            )
        )
        own = session.scalar(select(TillKey.till_id).where(TillKey.own.is_(True)))
    dialog = SettingsDialog(db, load_settings(db), actor=staff.admin)
    qtbot.addWidget(dialog)
    device = dialog.device_label.text()
    assert len(device) == 8 and all(ch in "0123456789abcdef" for ch in device)
    if own is not None:
        assert own.replace("-", "").startswith(device)
    assert dialog.kind_label.text() == "Kasir BPN1"
    dialog.till_code_edit.setText("BPN2")
    dialog.save()
    assert dialog.saved is None
    assert "sudah dipakai perangkat lain" in dialog.error_label.text()
    assert load_settings(db).till_code == "BPN1"


def test_the_about_box_names_the_device(
    qtbot: QtBot, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bazaar_pos.ui import ask

    told: list[str] = []
    monkeypatch.setattr(ask, "inform", lambda _parent, _title, text, **_kw: told.append(text))
    main = window_on(qtbot, till)
    main.show_about()
    assert "Kasir BPN1 · ID perangkat: " in told[0]


def test_the_receipt_names_the_till(till: Till, staff: Staff, shift: int) -> None:
    from bazaar_pos.papers.receipt import render_receipt_pdf
    from bazaar_pos.till.sales import (
        PaymentRequest,
        SaleLineRequest,
        commit_sale,
        receipt_copy,
    )

    with till.db.read() as session:
        price = session.scalar(select(Product.price).where(Product.id == 1))
    assert price is not None
    result = commit_sale(
        till.db,
        [SaleLineRequest(product_id=1, quantity=1, unit_price=price)],
        PaymentRequest("cash"),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=load_settings(till.db).current_event_id,
    )
    receipt = receipt_copy(till.db, result.receipt_no, actor=staff.cashier, till_code="BPN1")
    text = PdfReader(io.BytesIO(render_receipt_pdf(receipt))).pages[0].extract_text()
    assert "Kasa: BPN1" in text


# --- every refusal in words -------------------------------------------------------------------


def _refusals() -> list[Exception]:
    from bazaar_pos.catalog.till_identity import AlreadySetUp, DatabaseSetup, InvalidDatabaseSetup
    from bazaar_pos.catalog.till_settings import TillCodeTaken
    from bazaar_pos.demo.bulk import DemoOnlyForTill
    from bazaar_pos.people.shifts import NotATill
    from bazaar_pos.startup import NewDatabaseUndecided

    asked = DatabaseSetup(kind="office")
    return [
        TillCodeTaken("BPN1", ("1a2b3c4d",), "BPN2"),
        AlreadySetUp("till", "BPN1", asked),
        AlreadySetUp("office", "KANTOR", asked),
        *(
            InvalidDatabaseSetup("institution_code", "XYZ", reason, "…")
            for reason in (
                "demo_for_office",
                "institution_required",
                "unknown_institution",
                "bad_format",
                "unknown_kind",
            )
        ),
        DemoOnlyForTill("office"),
        DemoOnlyForTill("pending"),
        NewDatabaseUndecided(Path("/data/bazaar.sqlite3")),
        NotATill("office"),
        NotATill("pending"),
    ]


def test_every_refusal_of_the_first_start_has_its_own_sentence() -> None:
    from bazaar_pos.ui.messages import describe_error

    sentences = [describe_error(error) for error in _refusals()]
    for error, sentence in zip(_refusals(), sentences, strict=True):
        assert sentence != str(error), type(error).__name__
    assert len(set(sentences)) == len(sentences)
