"""What every record dialog does the same way, checked on each of them: it opens in its first
field, a refusal keeps it open with the named field marked and the cursor in it, the corrected
form saves and closes, Cancel saves nothing, and the buttons speak the user's language. Then
the PIN dialogs on the same frame, the same rule for a record named in one line
(ask_until_saved), and what one dialog adds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from bazaar_pos.catalog.institutions import InvalidWorkshop, list_institutions
from bazaar_pos.catalog.products import InstitutionHasNoNumber, list_products
from bazaar_pos.db import Database
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import ApprovalAction
from bazaar_pos.ui import ask
from bazaar_pos.ui.catalog import product_dialog
from bazaar_pos.ui.catalog.events_screen import EventDialog
from bazaar_pos.ui.catalog.institutions_screen import InstitutionDialog
from bazaar_pos.ui.catalog.product_dialog import ProductDialog
from bazaar_pos.ui.form_errors import ERROR_STYLE
from bazaar_pos.ui.people.login_dialog import ApprovalDialog, FirstAdminDialog, LoginDialog
from bazaar_pos.ui.people.users_screen import NewPinDialog, UserDialog
from bazaar_pos.ui.record_dialog import RecordDialog, ask_until_saved
from bazaar_pos.ui.translations import install_translators
from tests.conftest import Staff


@dataclass(frozen=True)
class Form:
    """A record dialog, a value its service refuses (in ``field``) and the correction."""

    open: Callable[[Database, Staff], RecordDialog[Any]]
    first: str  # the widget (attribute) the dialog opens in
    refuse: Callable[[Any], None]
    field: str  # the field the service names, as it names it
    widget: str  # the widget (attribute) of that field
    correct: Callable[[Any], None]


def first_institution(dialog: EventDialog) -> int:
    return int(dialog.institution_list.item(0).data(Qt.ItemDataRole.UserRole))


FORMS = {
    # The dates are a row of several widgets: the cursor goes to the end date.
    "event": Form(
        open=lambda db, staff: EventDialog(db, actor=staff.admin),
        first="name_edit",
        refuse=lambda d: d.set_values(
            name="Bazar Akhir Tahun",
            starts_on=dt.date(2026, 12, 20),
            ends_on=dt.date(2026, 12, 18),
            institution_ids=[first_institution(d)],
        ),
        field="dates",
        widget="ends_edit",
        correct=lambda d: d.set_values(ends_on=dt.date(2026, 12, 21)),
    ),
    "institution": Form(
        open=lambda db, staff: InstitutionDialog(db, actor=staff.admin),
        first="code_edit",
        refuse=lambda d: d.set_values(code="BPN", name="Lapas Kelas IIA Balikpapan"),
        field="code",
        widget="code_edit",
        correct=lambda d: d.set_values(code="LPB"),
    ),
    "product": Form(
        open=lambda db, staff: ProductDialog(db, actor=staff.admin),
        first="name_edit",
        refuse=lambda d: d.set_values(name="Hiasan dinding", sku="BPN-PYR-099", price="85,5"),
        field="price",
        widget="price_edit",
        correct=lambda d: d.set_values(price="85.000"),
    ),
    # A refused PIN is typed again from scratch: both fields are emptied.
    "user": Form(
        open=lambda db, staff: UserDialog(db, staff.admin, "BPN1"),
        first="username_edit",
        refuse=lambda d: d.set_values(
            username="budi.s", full_name="Budi Santoso", pin="8642", pin_again="8624"
        ),
        field="pin",
        widget="pin_edit",
        correct=lambda d: d.set_values(pin="8642", pin_again="8642"),
    ),
}


@pytest.fixture(params=sorted(FORMS))
def form(request: pytest.FixtureRequest) -> Form:
    return FORMS[request.param]


@pytest.fixture
def dialog(qtbot: QtBot, db: Database, staff: Staff, form: Form) -> RecordDialog[Any]:
    opened = form.open(db, staff)
    qtbot.addWidget(opened)
    with qtbot.waitExposed(opened):
        opened.show()
    return opened


def click(dialog: RecordDialog[Any], button: QDialogButtonBox.StandardButton) -> None:
    dialog.buttons.button(button).click()


SAVE = QDialogButtonBox.StandardButton.Save
CANCEL = QDialogButtonBox.StandardButton.Cancel


def test_a_record_dialog_opens_with_the_cursor_in_its_first_field(
    dialog: RecordDialog[Any], form: Form
) -> None:
    assert dialog.focusWidget() is getattr(dialog, form.first)


def test_a_refused_save_keeps_the_dialog_open_and_the_cursor_in_the_named_field(
    dialog: RecordDialog[Any], form: Form
) -> None:
    form.refuse(dialog)
    click(dialog, SAVE)
    widget: QWidget = getattr(dialog, form.widget)
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.error_field == form.field
    assert dialog.error_label.text()
    assert dialog.focusWidget() is widget
    label = dialog.field_labels[form.field]
    assert label is not None and label.styleSheet() == ERROR_STYLE


def test_the_corrected_form_saves_closes_and_unmarks_the_field(
    dialog: RecordDialog[Any], form: Form
) -> None:
    form.refuse(dialog)
    click(dialog, SAVE)
    form.correct(dialog)
    click(dialog, SAVE)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved is not None
    assert (dialog.error_field, dialog.error_label.text()) == (None, "")
    assert all(label is None or label.styleSheet() == "" for label in dialog.field_labels.values())


def test_cancel_saves_nothing(dialog: RecordDialog[Any], form: Form) -> None:
    form.refuse(dialog)
    form.correct(dialog)
    QTimer.singleShot(0, lambda: click(dialog, CANCEL))
    assert dialog.run() is None
    assert dialog.saved is None


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    default_locale = QLocale()
    installed = install_translators(qapp, "en")
    try:
        yield
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(default_locale)


@pytest.mark.usefixtures("english")
def test_the_buttons_speak_the_language_of_the_till(
    qtbot: QtBot, db: Database, staff: Staff, form: Form
) -> None:
    dialog = form.open(db, staff)
    qtbot.addWidget(dialog)
    assert (dialog.buttons.button(SAVE).text(), dialog.buttons.button(CANCEL).text()) == (
        "Save",
        "Cancel",
    )


def test_the_buttons_are_indonesian_without_a_translation(
    qtbot: QtBot, db: Database, staff: Staff, form: Form
) -> None:
    dialog = form.open(db, staff)
    qtbot.addWidget(dialog)
    assert (dialog.buttons.button(SAVE).text(), dialog.buttons.button(CANCEL).text()) == (
        "Simpan",
        "Batal",
    )


def test_a_row_of_several_widgets_must_name_the_one_that_takes_the_cursor(
    qtbot: QtBot,
) -> None:
    dialog: RecordDialog[str] = RecordDialog()
    qtbot.addWidget(dialog)
    with pytest.raises(TypeError, match="'dates' is a layout"):
        dialog.add_field("dates", "Tanggal", QHBoxLayout())


# --- the PIN dialogs: the same frame, an OK that names what it does ---------------------------


@dataclass(frozen=True)
class PinForm:
    """A dialog checked by a PIN, what its OK says, and a PIN its service refuses."""

    open: Callable[[Database], RecordDialog[Any]]
    first: str  # the widget (attribute) the dialog opens in
    ok: str
    refuse: Callable[[Any], None]
    cancel: str = "Batal"  # the first admin's form says leaving it quits the app


PIN_FORMS = {
    "login": PinForm(
        open=lambda db: LoginDialog(db, "BPN1"),
        first="user_combo",
        ok="Masuk",
        refuse=lambda d: d.set_values(username="kasir", pin="9999"),
    ),
    "approval": PinForm(
        open=lambda db: ApprovalDialog(
            db,
            "BPN1",
            action=ApprovalAction.LINE_DISCOUNT,
            subject="line:test",
            amount=5_000,
            description="Diskon",
        ),
        first="user_combo",  # two may approve: spv and admin
        ok="Setujui",
        refuse=lambda d: d.set_values(username="spv", pin="9999"),
    ),
    "first admin": PinForm(
        open=lambda db: FirstAdminDialog(db, "BPN1"),
        first="username_edit",
        ok="Buat admin",
        refuse=lambda d: d.set_values(
            username="admin", full_name="Admin", pin="1357", pin_again="1375"
        ),
        cancel="Keluar",
    ),
    "new PIN": PinForm(
        open=lambda _db: NewPinDialog("Reset PIN", "PIN baru untuk kasir"),
        first="pin_edit",
        ok="OK",  # Qt's own text: nothing is saved here, the screen does
        refuse=lambda d: (d.pin_edit.setText("1357"), d.pin_again_edit.setText("1375")),
    ),
}


@pytest.mark.usefixtures("staff")
@pytest.mark.parametrize("name", sorted(PIN_FORMS))
def test_a_pin_dialog_names_its_ok_and_a_refused_pin_is_typed_again_in_the_open_dialog(
    qtbot: QtBot, db: Database, name: str
) -> None:
    pin_form = PIN_FORMS[name]
    dialog = pin_form.open(db)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.focusWidget() is getattr(dialog, pin_form.first)
    assert dialog.accept_button().text() == pin_form.ok
    assert dialog.buttons.button(CANCEL).text() == pin_form.cancel
    pin_form.refuse(dialog)
    dialog.accept_button().click()
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.error_label.text()
    assert dialog.pin_edit.text() == ""
    assert dialog.focusWidget() is dialog.pin_edit


# --- a record named in one line -------------------------------------------------------------


def asked_in_turn(monkeypatch: pytest.MonkeyPatch, *answers: str | None) -> list[tuple[str, str]]:
    """ask.ask_text answers ``answers`` in turn; the list gets each (prompt, offered text)."""
    queue = list(answers)
    asked: list[tuple[str, str]] = []

    def ask_text(_parent: object, _title: str, label: str, text: str = "") -> str | None:
        asked.append((label, text))
        return queue.pop(0)

    monkeypatch.setattr(ask, "ask_text", ask_text)
    return asked


def save_unless_blank(name: str) -> str:
    if not name.strip():
        raise InvalidWorkshop("name", name, "required", "the workshop needs a name")
    return name.strip()


def test_a_refused_line_is_asked_again_with_what_was_typed_and_why(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    asked = asked_in_turn(monkeypatch, "  ", "Kafe asimilasi")
    shown: list[PosError] = []
    saved = ask_until_saved(
        parent,
        "Bengkel kerja baru",
        "Nama:",
        save_unless_blank,
        typed="K",
        again=lambda problem: f"{problem}\n\nNama:",
        refused=shown.append,
    )
    assert saved == "Kafe asimilasi"
    assert [type(error) for error in shown] == [InvalidWorkshop]
    assert asked == [
        ("Nama:", "K"),
        ("Nama bengkel kerja wajib diisi, mis. Kerajinan kayu.\n\nNama:", "  "),
    ]


def test_a_line_cancelled_after_a_refusal_saves_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    asked = asked_in_turn(monkeypatch, "", None)
    saved = ask_until_saved(
        parent, "Bengkel", "Nama:", save_unless_blank, again=str, refused=lambda _error: None
    )
    assert saved is None and len(asked) == 2


# --- what one record dialog adds ------------------------------------------------------------


def test_a_product_saved_whose_barcode_is_refused_says_both_and_is_not_saved_twice(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    bpn = next(i for i in list_institutions(db) if i.code == "BPN")

    def refuse(_db: Database, _ids: list[int], **_who: object) -> dict[int, str]:
        raise InstitutionHasNoNumber(bpn.id, bpn.code)

    monkeypatch.setattr(product_dialog, "assign_internal_barcodes", refuse)
    dialog = ProductDialog(db, None, institution_id=bpn.id)
    qtbot.addWidget(dialog)
    dialog.set_values(
        name="Hiasan dinding", sku="BPN-PYR-099", price="85.000", internal_barcode=True
    )
    assert dialog.submit() is None
    assert dialog.error_label.text() == (
        "Instansi BPN belum punya nomor untuk barcode internal: beri nomor di layar Instansi "
        "dulu. Produk sudah tersimpan tanpa barcode."
    )
    assert dialog.error_field == "barcode"
    dialog.set_values(internal_barcode=False)
    saved = dialog.submit()
    assert saved is not None and saved.barcode is None
    assert [p.sku for p in list_products(db)].count("BPN-PYR-099") == 1
