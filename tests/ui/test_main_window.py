"""The main window and the people at the till: first start, login, quick switch, the header,
the screens following the logged-in user, and reprints logged under that user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bazaar_pos.db import Database
from bazaar_pos.people.access import Actor
from bazaar_pos.people.audit import list_audit
from bazaar_pos.people.users import create_first_admin, has_users, login
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till, open_till
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui import ask
from bazaar_pos.ui.main_window import SCREENS, MainWindow
from bazaar_pos.ui.people import login_dialog
from tests.conftest import Staff


@pytest.fixture
def window(qtbot: QtBot, till: Till) -> Iterator[MainWindow]:
    main = MainWindow(till)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def test_a_new_till_is_locked_until_someone_logs_in(window: MainWindow) -> None:
    assert window.actor is None
    assert "TERKUNCI" in window.header_label.text()
    assert "Shift belum dibuka" in window.header_label.text()


def test_first_start_asks_for_the_admin_account(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def first_admin(parent: object, database: Database, till_code: str) -> Actor:
        asked.append(till_code)
        return create_first_admin(database, "admin", "Pak Yusuf", "246810", till_code=till_code)

    def no_login(*_args: object) -> Actor | None:
        raise AssertionError("a login was asked before any user existed")

    monkeypatch.setattr(login_dialog, "ask_first_admin", first_admin)
    monkeypatch.setattr(login_dialog, "ask_login", no_login)
    assert not has_users(db)
    actor = window.require_login()
    assert actor is not None and actor.role == "admin"
    assert asked == ["BPN1"]
    assert window.actor == actor
    assert "Pak Yusuf (admin)" in window.header_label.text()


def test_quick_switch_logs_out_and_hands_the_till_over(
    window: MainWindow, db: Database, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.set_actor(staff.cashier)
    assert "Siti Aminah (kasir)" in window.header_label.text()
    monkeypatch.setattr(
        login_dialog,
        "ask_login",
        lambda parent, database, till_code: login(database, "spv", "2222", till_code=till_code),
    )
    window.switch_user_action.trigger()
    assert window.actor is not None and window.actor.username == "spv"
    assert "Bu Ratna (Kasubsi) (supervisor)" in window.header_label.text()
    actions = [entry.action for entry in list_audit(db)]
    # Newest first: the supervisor's login follows the cashier's logout.
    assert actions[:2] == ["login", "logout"]
    logout_entry = list_audit(db, actions=["logout"])[0]
    assert logout_entry.user_name == "Siti Aminah"


def test_a_cancelled_switch_leaves_the_till_locked(
    window: MainWindow, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.set_actor(staff.cashier)
    monkeypatch.setattr(login_dialog, "ask_login", lambda *_args: None)
    window.switch_user()
    assert window.actor is None
    assert "TERKUNCI" in window.header_label.text()


def test_screens_follow_the_logged_in_user(window: MainWindow, staff: Staff) -> None:
    window.set_actor(staff.cashier)
    audit = window.show_screen("audit")
    assert getattr(audit, "actor", None) == staff.cashier
    window.set_actor(staff.supervisor)
    assert getattr(audit, "actor", None) == staff.supervisor
    # Screens from before issue 5 record "who" from settings.cashier: the logged-in name.
    assert window.settings.cashier == "Bu Ratna (Kasubsi)"
    assert load_settings(window.till.db).cashier != "Bu Ratna (Kasubsi)"  # never saved


def test_opening_a_shift_updates_the_header(window: MainWindow, staff: Staff, shift: int) -> None:
    window.set_actor(staff.cashier)
    assert "Shift dibuka" in window.header_label.text()
    assert "Siti Aminah" in window.header_label.text()


def test_a_reprint_is_marked_copy_and_logged_with_the_user(
    window: MainWindow, db: Database, staff: Staff, shift: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(db)
    result = commit_sale(
        db,
        [SaleLineRequest(product_id=1, quantity=2, unit_price=_price(db, 1))],
        PaymentRequest("cash"),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=settings.current_event_id,
    )
    window.set_actor(staff.supervisor)
    monkeypatch.setattr(ask, "ask_text", lambda *_args: result.receipt_no)
    window.reprint_receipt()
    reprints = list_audit(db, actions=["reprint"])
    assert [(entry.subject, entry.user_name) for entry in reprints] == [
        (result.receipt_no, "Bu Ratna (Kasubsi)")
    ]
    copy_pdf = window.till.data_dir / "receipts" / f"{result.receipt_no}-salinan.pdf"
    assert copy_pdf.exists()
    from pypdf import PdfReader

    assert "SALINAN" in PdfReader(copy_pdf).pages[0].extract_text()


def _price(db: Database, product_id: int) -> int:
    from bazaar_pos.db.models import Product

    with db.read() as session:
        product = session.get(Product, product_id)
        assert product is not None
        return product.price


# --- what each role is offered --------------------------------------------------------------


def _offered(window: MainWindow) -> set[str]:
    """The screens (by key) and commands whose menu entries are visible and enabled."""
    offered = {
        key
        for key, action in window.screen_actions.items()
        if action.isVisible() and action.isEnabled()
    }
    for name, action in (
        ("settings", window.settings_action),
        ("reprint", window.reprint_action),
        ("sync_export", window.export_full_action),
        ("sync_import", window.import_action),
    ):
        if action.isVisible() and action.isEnabled():
            offered.add(name)
    return offered


def _visible_menus(window: MainWindow) -> set[str]:
    return {key for key, menu in window.menus.items() if menu.menuAction().isVisible()}


def test_a_cashier_is_offered_only_the_till_and_the_count(window: MainWindow, staff: Staff) -> None:
    window.set_actor(staff.cashier)
    assert _offered(window) == {"shift", "count", "reprint"}
    assert _visible_menus(window) == {"till", "stock"}
    assert not window.screen_actions["products"].isEnabled()  # Alt+6 does nothing either


def test_a_supervisor_is_offered_the_back_office_but_not_the_admin_s_work(
    window: MainWindow, staff: Staff
) -> None:
    window.set_actor(staff.supervisor)
    assert _offered(window) == {
        "shift",
        "refund",
        "count",
        "variance",
        "ledger",
        "return",
        "products",
        "reports",
        "audit",
        "integrity",
        "backup",  # the list and "back up now"; the restore button is an admin's
        "settings",
        "reprint",
        "sync_export",
    }
    assert _visible_menus(window) == {"till", "stock", "catalog", "reports", "admin", "sync"}


def test_an_admin_is_offered_everything(window: MainWindow, staff: Staff) -> None:
    window.set_actor(staff.admin)
    assert _offered(window) == {
        *(entry.key for entry in SCREENS),
        "settings",
        "reprint",
        "sync_export",
        "sync_import",
    }


def test_a_locked_till_with_accounts_offers_no_back_office(
    window: MainWindow, staff: Staff
) -> None:
    window.set_actor(None)
    assert _offered(window) == set()
    assert _visible_menus(window) == {"till"}  # switch user and quit stay


def test_switching_to_a_cashier_leaves_the_screen_the_last_user_had_open(
    window: MainWindow, staff: Staff
) -> None:
    window.set_actor(staff.admin)
    window.show_screen("products")
    window.set_actor(staff.cashier)
    assert window.pages.currentWidget() is window.sale_screen


def test_a_cashier_at_the_products_screen_can_change_nothing(
    window: MainWindow, staff: Staff
) -> None:
    from bazaar_pos.ui.catalog.products_screen import ProductsScreen

    window.set_actor(staff.supervisor)
    screen = window.show_screen("products")
    assert isinstance(screen, ProductsScreen)
    screen.view.selectRow(0)
    assert screen.edit_action.isEnabled()
    window.set_actor(staff.cashier)  # the screen stays built; it follows the user
    assert not screen.add_action.isEnabled()
    assert not screen.edit_action.isEnabled()
    assert not screen.import_action.isEnabled()
    assert not screen.export_action.isEnabled()


def test_the_settings_dialog_offers_the_till_code_to_an_admin_only(
    qtbot: QtBot, db: Database, staff: Staff
) -> None:
    from bazaar_pos.ui.settings_dialog import SettingsDialog

    for actor, offered in ((staff.supervisor, False), (staff.admin, True)):
        dialog = SettingsDialog(db, load_settings(db), actor=actor)
        qtbot.addWidget(dialog)
        assert dialog.till_code_edit.isEnabled() is offered
        assert dialog.event_combo.isEnabled() is offered


def test_a_lan_till_s_settings_dialog_shows_its_code_as_set_where_it_was_installed(
    qtbot: QtBot, db: Database, staff: Staff
) -> None:
    from bazaar_pos.ui.settings_dialog import SettingsDialog

    laptop = Database(db.url, installation_till_code="BPN2")
    try:
        dialog = SettingsDialog(laptop, load_settings(laptop), actor=staff.admin)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.till_code_edit.text() == "BPN2"
        assert not dialog.till_code_edit.isEnabled()
        assert dialog.installation_note.isVisible()
        assert "--this-till" in dialog.installation_note.text()
    finally:
        laptop.dispose()
    plain = SettingsDialog(db, load_settings(db), actor=staff.admin)
    qtbot.addWidget(plain)
    plain.show()
    assert plain.till_code_edit.isEnabled() and not plain.installation_note.isVisible()


def test_the_settings_dialog_tells_why_the_till_code_waits_for_the_shift(
    qtbot: QtBot, db: Database, staff: Staff, shift: int
) -> None:
    from bazaar_pos.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(db, load_settings(db), actor=staff.admin)
    qtbot.addWidget(dialog)
    dialog.till_code_edit.setText("BPN7")
    dialog.save()
    assert dialog.saved is None
    assert "BPN1" in dialog.error_label.text() and "Siti Aminah" in dialog.error_label.text()
    assert load_settings(db).till_code == "BPN1"


# --- a new till: nothing but the first-admin form -------------------------------------------


@pytest.fixture
def new_till(tmp_path: Path) -> Iterator[Till]:
    """A new till opened as the app opens it (no anonymous set-up, no accounts)."""
    opened = open_till(tmp_path / "new", seed_demo=True)
    yield opened
    opened.db.dispose()


def test_a_new_till_offers_nothing_before_its_first_admin(qtbot: QtBot, new_till: Till) -> None:
    main = MainWindow(new_till)
    qtbot.addWidget(main)
    assert not has_users(new_till.db)
    assert _offered(main) == set()
    assert not main.sale_action.isVisible()
    assert not main.pages.isEnabled()  # the sale screen cannot be used either
    assert main.switch_user_action.isEnabled()  # the way in stays


def test_leaving_the_first_admin_form_closes_the_till(
    qtbot: QtBot, new_till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = MainWindow(new_till)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    monkeypatch.setattr(login_dialog, "ask_first_admin", lambda *_args: None)
    assert main.require_login() is None
    assert not main.isVisible()
    assert main.actor is None and not has_users(new_till.db)


def test_the_first_admin_form_says_leaving_it_quits(qtbot: QtBot, new_till: Till) -> None:
    dialog = login_dialog.FirstAdminDialog(new_till.db, "BPN1")
    qtbot.addWidget(dialog)
    assert dialog.cancel_button().text() == "Keluar"
    assert "tidak dapat dipakai" in dialog.intro_label.text()
