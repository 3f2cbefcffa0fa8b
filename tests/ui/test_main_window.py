"""The main window and the people at the till: first start, login, quick switch, the header,
the screens following the logged-in user, and reprints logged under that user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from bazaar_pos.db import Database
from bazaar_pos.people.access import Actor
from bazaar_pos.people.audit import list_audit
from bazaar_pos.people.users import create_first_admin, has_users, login
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui import ask
from bazaar_pos.ui.main_window import MainWindow
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
