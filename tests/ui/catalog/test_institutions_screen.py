"""The institutions screen: institutions with their form, workshops through ask_text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.catalog.institutions import InstitutionInfo, list_institutions
from bazaar_pos.catalog.products import ProductDraft, save_product
from bazaar_pos.db import Database
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.catalog import institutions_screen
from bazaar_pos.ui.catalog.institutions_screen import (
    COL_CODE,
    COL_NUMBER,
    COL_PRODUCTS,
    InstitutionDialog,
    InstitutionsScreen,
)
from bazaar_pos.ui.catalog.product_dialog import ProductDialog


def by_code(db: Database, code: str) -> InstitutionInfo:
    return next(i for i in list_institutions(db) if i.code == code)


@pytest.fixture
def screen(qtbot: QtBot, till: Till) -> InstitutionsScreen:
    widget = InstitutionsScreen(till, load_settings(till.db))
    qtbot.addWidget(widget)
    widget.activate()
    return widget


def select(screen: InstitutionsScreen, code: str) -> None:
    row = screen.institution_model.row_of(by_code(screen.till.db, code).id)
    assert row is not None
    screen.institution_view.selectRow(row)


def rows(screen: InstitutionsScreen) -> list[tuple[str, ...]]:
    model = screen.institution_model
    return [
        tuple(model.data(model.index(row, column)) for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def workshops(screen: InstitutionsScreen) -> list[tuple[str, str]]:
    model = screen.workshop_model
    return [
        (model.data(model.index(row, 0)), model.data(model.index(row, 1)))
        for row in range(model.rowCount())
    ]


def answers(*texts: str | None) -> tuple[Callable[..., str | None], list[tuple[str, str]]]:
    """A stand-in for ask.ask_text giving ``texts`` in turn; records (label, offered text)."""
    queue = list(texts)
    asked: list[tuple[str, str]] = []

    def ask_text(_parent: object, _title: str, label: str, text: str = "") -> str | None:
        asked.append((label, text))
        return queue.pop(0)

    return ask_text, asked


def test_models_pass_the_model_tester(
    qtmodeltester: ModelTester, screen: InstitutionsScreen
) -> None:
    qtmodeltester.check(screen.institution_model)
    qtmodeltester.check(screen.workshop_model)


def test_institutions_are_listed_with_number_and_product_count(screen: InstitutionsScreen) -> None:
    assert rows(screen) == [
        ("BLA", "03", "Rutan", "Rutan Kelas IIB Blora", "12"),
        ("BNA", "02", "Rutan", "Rutan Kelas IIB Banjarnegara", "5"),
        ("BPN", "01", "Rutan", "Rutan Kelas IIA Balikpapan", "13"),
    ]
    select(screen, "BPN")
    assert screen.workshop_title.text() == "Bengkel kerja BPN — Rutan Kelas IIA Balikpapan"
    assert workshops(screen) == [
        ("Kafe asimilasi", "aktif"),
        ("Kerajinan kayu", "aktif"),
        ("UMKM makanan", "aktif"),
    ]
    assert COL_CODE == 0 and COL_NUMBER == 1 and COL_PRODUCTS == 4


def test_new_institution_gets_the_lowest_free_number(qtbot: QtBot, db: Database) -> None:
    dialog = InstitutionDialog(db)
    qtbot.addWidget(dialog)
    dialog.set_values(code="smd", name="Lapas Perempuan Kelas IIA Samarinda", kind="Lapas")
    saved = dialog.submit()
    assert saved is not None
    assert (saved.code, saved.number, saved.kind) == ("SMD", 4, "Lapas")


def test_refused_institution_keeps_what_was_typed(qtbot: QtBot, db: Database) -> None:
    dialog = InstitutionDialog(db)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.set_values(code="BPN", name="Lapas Kelas IIA Balikpapan", kind="Lapas", number="")
    assert dialog.submit() is None
    assert dialog.error_field == "code"
    assert dialog.error_label.text() == "Kode instansi BPN sudah dipakai instansi lain."
    assert dialog.focusWidget() is dialog.code_edit
    assert (dialog.code_edit.text(), dialog.name_edit.text(), dialog.kind_combo.currentText()) == (
        "BPN",
        "Lapas Kelas IIA Balikpapan",
        "Lapas",
    )

    dialog.set_values(code="LPB", number="2")
    assert dialog.submit() is None
    assert (dialog.error_field, dialog.error_label.text()) == (
        "number",
        "Nomor instansi 02 sudah dipakai BNA.",
    )
    dialog.set_values(number="dua")
    assert dialog.submit() is None
    assert dialog.error_field == "number"
    assert dialog.focusWidget() is dialog.number_edit
    assert dialog.number_edit.text() == "dua"
    dialog.set_values(number="150")
    assert dialog.submit() is None
    assert "0 sampai 99" in dialog.error_label.text()

    dialog.set_values(number="12", code="L B")
    assert dialog.submit() is None
    assert dialog.error_field == "code"
    assert "2–8 huruf besar atau angka" in dialog.error_label.text()

    dialog.set_values(code="LPB")
    saved = dialog.submit()
    assert saved is not None and (saved.code, saved.number) == ("LPB", 12)


def test_the_number_inside_printed_barcodes_cannot_change(qtbot: QtBot, db: Database) -> None:
    dialog = InstitutionDialog(db, by_code(db, "BPN"))
    qtbot.addWidget(dialog)
    assert dialog.number_edit.text() == "1"
    dialog.set_values(number="9")
    assert dialog.submit() is None
    assert dialog.error_label.text() == (
        "Nomor BPN tidak bisa diganti dari 01 ke 09: 13 barcode produknya sudah berawalan "
        "2001 dan mungkin sudah tercetak di label."
    )
    # The name can still change.
    dialog.set_values(number="1", name="Rutan Kelas IIA Balikpapan (Kaltim)")
    saved = dialog.submit()
    assert saved is not None and saved.name == "Rutan Kelas IIA Balikpapan (Kaltim)"


def test_add_and_edit_institution_on_the_screen(
    screen: InstitutionsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: InstitutionDialog) -> InstitutionInfo | None:
        dialog.set_values(code="LPK", name="LPKA Kelas I Martapura", kind="LPKA", number="40")
        return dialog.submit()

    monkeypatch.setattr(institutions_screen, "run_institution_dialog", fill)
    saved = screen.add_institution()
    assert saved is not None
    assert screen.selected_institution() == saved
    assert rows(screen)[3] == ("LPK", "40", "LPKA", "LPKA Kelas I Martapura", "0")
    assert screen.status_label.text() == "Instansi LPK disimpan, nomor barcode 40."

    def rename(dialog: InstitutionDialog) -> InstitutionInfo | None:
        dialog.set_values(name="LPKA Kelas I Martapura (Kalsel)")
        return dialog.submit()

    monkeypatch.setattr(institutions_screen, "run_institution_dialog", rename)
    edited = screen.edit_institution()
    assert edited is not None and edited.id == saved.id
    assert rows(screen)[3][3] == "LPKA Kelas I Martapura (Kalsel)"


def test_workshop_name_refused_then_accepted_without_retyping(
    screen: InstitutionsScreen, monkeypatch: pytest.MonkeyPatch, db: Database
) -> None:
    select(screen, "BPN")
    ask_text, asked = answers("kerajinan KAYU", "Anyaman plastik")
    monkeypatch.setattr(ask, "ask_text", ask_text)
    added = screen.add_workshop()
    assert added is not None and added.name == "Anyaman plastik"
    # The second question says why and offers what was typed.
    assert asked[1][0].startswith("BPN sudah punya bengkel kerja bernama 'kerajinan KAYU'.")
    assert asked[1][1] == "kerajinan KAYU"
    assert ("Anyaman plastik", "aktif") in workshops(screen)
    assert screen.selected_workshop() == added
    assert "Anyaman plastik" in [w.name for w in by_code(db, "BPN").workshops]


def test_empty_workshop_name_and_cancel(
    screen: InstitutionsScreen, monkeypatch: pytest.MonkeyPatch, db: Database
) -> None:
    select(screen, "BNA")
    ask_text, asked = answers("   ", None)
    monkeypatch.setattr(ask, "ask_text", ask_text)
    assert screen.add_workshop() is None
    assert asked[1][0].startswith("Nama bengkel kerja wajib diisi")
    assert len(by_code(db, "BNA").workshops) == 1


def test_rename_archive_and_restore_a_workshop(
    qtbot: QtBot, screen: InstitutionsScreen, monkeypatch: pytest.MonkeyPatch, db: Database
) -> None:
    select(screen, "BLA")
    keset = next(w for w in by_code(db, "BLA").workshops if w.name == "Kerajinan keset")
    screen.select_workshop(keset.id)
    ask_text, asked = answers("Kerajinan kayu", "Keset dan sabut")
    monkeypatch.setattr(ask, "ask_text", ask_text)
    renamed = screen.rename_workshop()
    assert renamed is not None and renamed.name == "Keset dan sabut"
    assert asked[0][1] == "Kerajinan keset"  # the current name to edit
    assert asked[1][1] == "Kerajinan kayu"  # the refused one, kept

    archived = screen.set_workshop_active(False)
    assert archived is not None and not archived.active
    assert ("Keset dan sabut", "arsip") in workshops(screen)
    assert screen.restore_workshop_action.isEnabled()
    # New products are not offered the archived workshop.
    dialog = ProductDialog(db, None, institution_id=by_code(db, "BLA").id)
    qtbot.addWidget(dialog)
    offered = [dialog.workshop_combo.itemText(i) for i in range(dialog.workshop_combo.count())]
    assert "Keset dan sabut" not in offered

    restored = screen.set_workshop_active(True)
    assert restored is not None and restored.active
    assert screen.status_label.text() == "Bengkel kerja 'Keset dan sabut' dipulihkan."


def test_product_counts_include_archived_products(screen: InstitutionsScreen, db: Database) -> None:
    save_product(
        db,
        ProductDraft(
            sku="BNA-ANY-010",
            name="Tikar pandan",
            price=60_000,
            institution_id=by_code(db, "BNA").id,
            active=False,
        ),
    )
    screen.activate()
    assert rows(screen)[1][4] == "6"
