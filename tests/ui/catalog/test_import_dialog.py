"""The CSV import dialog: preview before anything is written, errors by line, progress, cancel.
Both steps run on the operations layer: every wait is on a signal or a condition, and "Batal"
is pressed while the work is held at its first progress report."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

import bazaar_pos.catalog.csv_file as csv_file
from bazaar_pos.catalog.csv_file import ImportPreview, ImportResult, export_catalog_csv
from bazaar_pos.catalog.products import list_products
from bazaar_pos.db import Database
from bazaar_pos.db.models import Product, Workshop
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui.catalog import import_dialog as catalog_import_dialog
from bazaar_pos.ui.catalog.import_dialog import CatalogImportDialog
from bazaar_pos.ui.catalog.products_screen import ProductsScreen
from tests.ui.operations_support import finish_operations

HEADER = "sku,barcode,name,unit,price,category,institution,workshop,track_stock,active"
TALENAN_SKU = "BLA-KYU-001"  # Rp 45.000, barcode 2003000000030 (assets/demo_catalog.csv)


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def price_of(db: Database, sku: str) -> int:
    return next(r.price for r in list_products(db, include_archived=True) if r.sku == sku)


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_file(tmp_path: Path, db: Database) -> Path:
    """One new product (in a new workshop) and the cutting board at a new price and unit."""
    talenan = next(r for r in list_products(db) if r.sku == TALENAN_SKU)
    return write(
        tmp_path / "katalog.csv",
        HEADER,
        f"{TALENAN_SKU},2003000000030,{talenan.name},pcs,50.000,Kerajinan kayu,BLA,"
        "Kerajinan kayu,1,1",
        "BPN-TAS-001,,Tas anyaman plastik,buah,35000,Kerajinan anyaman,BPN,Anyaman plastik,1,1",
    )


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    return write(
        tmp_path / "salah.csv",
        HEADER,
        "BPN-TAS-001,,,buah,35000,,BPN,,1,1",  # line 2: no name
        'BPN-TAS-002,,Tas besar,buah,"12,5",,BPN,,1,1',  # line 3: not whole Rupiah
        "BPN-TAS-003,2003000000030,Tas kecil,buah,20000,,BPN,,1,1",  # line 4: barcode taken
        "XYZ-TAS-004,,Tas sedang,buah,25000,,XYZ,,1,1",  # line 5: unknown institution
        "BPN-TAS-005,2003000000031,Tas mini,buah,15000,,BPN,,1,1",  # line 6: check digit
    )


@pytest.fixture
def dialog(qtbot: QtBot, till: Till) -> CatalogImportDialog:
    widget = CatalogImportDialog(till)
    qtbot.addWidget(widget)
    return widget


def preview_of(qtbot: QtBot, dialog: CatalogImportDialog, path: Path) -> ImportPreview | None:
    """Preview ``path`` (on the operations layer) and wait until it is shown."""
    with qtbot.waitSignal(dialog.previewed, timeout=300_000) as shown:
        dialog.load_preview(path)
    preview: ImportPreview | None = shown.args[0]
    return preview


def import_now(qtbot: QtBot, dialog: CatalogImportDialog) -> ImportResult | None:
    """Press "Impor" and wait until the import has ended: its result, or None."""
    results: list[ImportResult] = []
    dialog.imported.connect(results.append)
    if dialog.apply() is not None:
        finish_operations(qtbot, timeout=300_000)
    dialog.imported.disconnect(results.append)
    return results[0] if results else None


def record_reports(
    monkeypatch: pytest.MonkeyPatch, name: str, reports: list[tuple[int, int]]
) -> None:
    """The service ``name`` of the dialog's module, recording every progress report it makes
    (the dialog may show fewer: reports that come while one waits to be shown are merged)."""
    real = getattr(catalog_import_dialog, name)

    def recorded(*args: Any, progress: Callable[[int, int], bool], **kwargs: Any) -> Any:
        def report(done: int, total: int) -> bool:
            reports.append((done, total))
            return progress(done, total)

        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr(catalog_import_dialog, name, recorded)


def hold_first_report(monkeypatch: pytest.MonkeyPatch, name: str) -> threading.Event:
    """The service ``name`` held at its first progress report until the event is set."""
    pressed = threading.Event()
    real = getattr(catalog_import_dialog, name)

    def held(*args: Any, progress: Callable[[int, int], bool], **kwargs: Any) -> Any:
        def report(done: int, total: int) -> bool:
            assert pressed.wait(30), "the test never let the work go on"
            return progress(done, total)

        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr(catalog_import_dialog, name, held)
    return pressed


def table(model: catalog_import_dialog.RowsModel) -> list[tuple[str, ...]]:
    return [model.row(row) for row in range(model.rowCount())]


def test_preview_shows_what_would_change_and_writes_nothing(
    qtbot: QtBot,
    dialog: CatalogImportDialog,
    small_file: Path,
    db: Database,
    qtmodeltester: ModelTester,
) -> None:
    products, workshops = count(db, Product), count(db, Workshop)
    preview = preview_of(qtbot, dialog, small_file)
    assert preview is not None and preview.ok
    assert (count(db, Product), count(db, Workshop)) == (products, workshops)
    assert price_of(db, TALENAN_SKU) == 45_000

    summary = dialog.summary_label.text()
    assert "<b>2</b> baris produk di file: <b>1</b> baru · <b>1</b> berubah · <b>0</b> sama" in (
        summary
    )
    assert "Bengkel kerja baru: BPN Anyaman plastik (baris 3)" in summary
    assert table(dialog.added_model) == [
        ("3", "BPN-TAS-001", "Tas anyaman plastik", "Rp 35.000", "BPN")
    ]
    changed = table(dialog.changed_model)
    assert [(row[0], row[1], row[3], row[4], row[5]) for row in changed] == [
        ("2", TALENAN_SKU, "unit (satuan)", "buah", "pcs"),
        ("2", TALENAN_SKU, "price (harga)", "Rp 45.000", "Rp 50.000"),
    ]
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["Masalah (0)", "Baru (1)", "Berubah (1)"]
    assert not dialog.tabs.isTabVisible(dialog.tabs.indexOf(dialog.errors_view))
    assert dialog.import_button.isEnabled()
    for model in (dialog.added_model, dialog.changed_model, dialog.errors_model):
        qtmodeltester.check(model)


def test_import_writes_everything_and_shows_the_counts(
    qtbot: QtBot, dialog: CatalogImportDialog, small_file: Path, db: Database
) -> None:
    preview_of(qtbot, dialog, small_file)
    result = import_now(qtbot, dialog)
    assert isinstance(result, ImportResult)
    assert dialog.result_of_import == result
    assert (result.added, result.changed, result.unchanged) == (1, 1, 0)
    assert dialog.status_label.text() == (
        "Impor selesai: 1 produk baru, 1 berubah, 0 sama, 1 bengkel kerja baru."
    )
    assert not dialog.import_button.isEnabled()
    assert price_of(db, TALENAN_SKU) == 50_000
    bag = next(r for r in list_products(db) if r.sku == "BPN-TAS-001")
    assert (bag.price, bag.workshop_name, bag.unit) == (35_000, "Anyaman plastik", "buah")

    # The same file again: nothing to do, and the button says so by being off.
    preview = preview_of(qtbot, dialog, small_file)
    assert preview is not None and preview.unchanged == 2
    assert not dialog.import_button.isEnabled()
    assert dialog.hint_label.text() == "Tidak ada perubahan: katalog sudah sama dengan file ini."


def test_a_file_with_errors_lists_them_by_line_and_cannot_be_imported(
    qtbot: QtBot,
    dialog: CatalogImportDialog,
    bad_file: Path,
    db: Database,
    qtmodeltester: ModelTester,
) -> None:
    products = count(db, Product)
    preview = preview_of(qtbot, dialog, bad_file)
    assert preview is not None and not preview.ok
    assert table(dialog.errors_model) == [
        ("2", "name (nama)", "Wajib diisi."),
        ("3", "price (harga)", "Harga bukan Rupiah bulat: tulis 150000 atau 150.000."),
        ("4", "barcode", "Barcode ini sudah dipakai produk lain."),
        (
            "5",
            "institution (instansi)",
            "Kode instansi tidak dikenal: daftarkan dulu di layar Instansi.",
        ),
        ("6", "barcode", "Digit cek barcode salah (EAN-13, UPC-A atau EAN-8): periksa angkanya."),
    ]
    # The service's details (which product, which digit) stay at hand as the tooltip.
    model = dialog.errors_model
    assert "BLA-KYU-001" in model.data(model.index(2, 2), 3)  # ToolTipRole
    assert dialog.tabs.currentWidget() is dialog.errors_view
    assert dialog.tabs.tabText(0) == "Masalah (5)"
    assert not dialog.import_button.isEnabled()
    assert dialog.hint_label.text() == (
        "5 masalah di file: tidak ada yang bisa diimpor. Perbaiki file lalu pratinjau lagi."
    )
    assert dialog.apply() is None  # even if asked directly
    assert count(db, Product) == products
    qtmodeltester.check(model)


def test_cancelling_the_import_writes_nothing(
    qtbot: QtBot,
    dialog: CatalogImportDialog,
    small_file: Path,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    preview_of(qtbot, dialog, small_file)
    products = count(db, Product)
    pressed = hold_first_report(monkeypatch, "apply_catalog_import")
    assert dialog.apply() is not None
    assert dialog.progress_row.isVisibleTo(dialog) and not dialog.import_button.isEnabled()
    dialog.cancel_button.click()  # "Batal", while the import waits at its first report
    pressed.set()
    finish_operations(qtbot)
    assert dialog.cancelled
    assert dialog.status_label.text() == (
        "Dibatalkan setelah 2 dari 2 baris: tidak ada yang disimpan, katalog tetap seperti "
        "sebelumnya."
    )
    assert count(db, Product) == products
    assert price_of(db, TALENAN_SKU) == 45_000
    assert dialog.import_button.isEnabled()  # it can be tried again
    assert not dialog.progress_row.isVisibleTo(dialog)


def test_cancelling_the_preview(
    qtbot: QtBot,
    dialog: CatalogImportDialog,
    small_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pressed = hold_first_report(monkeypatch, "preview_catalog_import")
    with qtbot.waitSignal(dialog.previewed) as shown:
        dialog.load_preview(small_file)
        dialog.cancel_button.click()
        pressed.set()
    assert shown.args == [None]
    assert dialog.cancelled
    assert dialog.status_label.text() == "Pratinjau dibatalkan. Belum ada yang diimpor."
    assert not dialog.import_button.isEnabled()


def test_closing_while_the_import_runs_says_how_to_stop_it(
    qtbot: QtBot,
    dialog: CatalogImportDialog,
    small_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    preview_of(qtbot, dialog, small_file)
    pressed = hold_first_report(monkeypatch, "apply_catalog_import")
    dialog.show()
    dialog.apply()
    dialog.reject()  # "Tutup", Esc
    assert dialog.isVisible()
    assert dialog.status_label.text() == (
        "Impor katalog masih berjalan: tunggu, atau tekan Batal dulu."
    )
    pressed.set()
    finish_operations(qtbot)
    dialog.reject()
    assert not dialog.isVisible()


def test_progress_is_shown_block_by_block(
    qtbot: QtBot,
    dialog: CatalogImportDialog,
    tmp_path: Path,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [
        f"BNA-GEN-{n:05d},,Tampah bambu motif {n},buah,15000,Anyaman bambu,BNA,Anyaman bambu,1,1"
        for n in range(2500)
    ]
    big = write(tmp_path / "besar.csv", HEADER, *rows)
    reports: list[tuple[int, int]] = []
    record_reports(monkeypatch, "preview_catalog_import", reports)
    record_reports(monkeypatch, "apply_catalog_import", reports)
    for name in ("APPLY_BATCH", "MIN_APPLY_BATCH", "MAX_APPLY_BATCH"):
        monkeypatch.setattr(csv_file, name, 500)  # written 500 rows at a time
    preview = preview_of(qtbot, dialog, big)
    assert preview is not None and len(preview.added) == 2500
    assert reports == [(1000, 2500), (2000, 2500), (2500, 2500)]
    assert (dialog.progress_bar.value(), dialog.progress_bar.maximum()) == (2500, 2500)
    reports.clear()
    result = import_now(qtbot, dialog)
    assert result is not None and result.added == 2500
    # checking the file, then writing it in short transactions: the bar runs twice
    assert [done for done, _ in reports] == [1000, 2000, 2500, 500, 1000, 1500, 2000, 2500]
    assert dialog.progress_label.text() == "Mengimpor baris 2.500 dari 2.500…"
    assert count(db, Product) == 30 + 2500


def test_unreadable_file_is_named(
    qtbot: QtBot, dialog: CatalogImportDialog, tmp_path: Path
) -> None:
    missing = tmp_path / "tidak-ada.csv"
    assert preview_of(qtbot, dialog, missing) is None
    assert dialog.status_label.text().startswith(f"File {missing} tidak dapat dibaca: ")
    assert not dialog.import_button.isEnabled()


def test_the_products_screen_imports_and_shows_the_new_products(
    qtbot: QtBot, till: Till, small_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = ProductsScreen(till, load_settings(till.db))
    qtbot.addWidget(screen)
    screen.activate()
    monkeypatch.setattr(catalog_import_dialog, "choose_catalog_file", lambda *_args: small_file)
    opened: list[CatalogImportDialog] = []
    monkeypatch.setattr(catalog_import_dialog, "run_import_dialog", opened.append)
    dialog = screen.import_csv()
    assert dialog is not None and opened == [dialog]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None)  # previewed before importing
    assert "<b>1</b> baru" in dialog.summary_label.text()
    result = import_now(qtbot, dialog)
    assert result is not None and result.added == 1
    assert screen.status_label.text() == (
        "Impor katalog selesai: 1 produk baru, 1 berubah, 0 sama."
    )
    assert "BPN-TAS-001" in {r.sku for r in screen.model.records()}
    # The new category is offered in the filter at once.
    assert screen.category_combo.findData("Kerajinan anyaman") >= 0


def test_choosing_no_file_opens_nothing(
    qtbot: QtBot, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = ProductsScreen(till, load_settings(till.db))
    qtbot.addWidget(screen)
    monkeypatch.setattr(catalog_import_dialog, "choose_catalog_file", lambda *_args: None)
    monkeypatch.setattr(
        catalog_import_dialog, "run_import_dialog", lambda _dialog: pytest.fail("opened")
    )
    assert screen.import_csv() is None


def test_an_exported_catalog_previews_as_no_change(
    qtbot: QtBot, dialog: CatalogImportDialog, tmp_path: Path, db: Database
) -> None:
    exported = tmp_path / "ekspor.csv"
    assert export_catalog_csv(db, exported) == 30
    preview = preview_of(qtbot, dialog, exported)
    assert preview is not None
    assert (len(preview.added), len(preview.changed), preview.unchanged) == (0, 0, 30)
    assert not dialog.import_button.isEnabled()


def test_a_100k_row_file_imports_through_the_dialog_with_progress(
    qtbot: QtBot,
    dialog: CatalogImportDialog,
    tmp_path: Path,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The issue's large file: preview and import of 100,000 rows, progress to the last row."""
    rows = 100_000
    big = tmp_path / "katalog-100k.csv"
    with big.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(HEADER.replace(",", ";") + "\n")  # as Indonesian Excel writes it
        for n in range(rows):
            handle.write(f"BNA-G{n:06d};;Besek motif {n};buah;125;Anyaman bambu;BNA;;1;1\n")
    seen: list[tuple[int, int]] = []
    record_reports(monkeypatch, "preview_catalog_import", seen)
    record_reports(monkeypatch, "apply_catalog_import", seen)
    preview = preview_of(qtbot, dialog, big)
    assert preview is not None and len(preview.added) == rows and not preview.errors
    assert seen[-1] == (rows, rows) and len(seen) == rows // 1000
    assert (dialog.progress_bar.value(), dialog.progress_bar.maximum()) == (rows, rows)
    seen.clear()
    result = import_now(qtbot, dialog)
    assert result is not None and (result.added, result.changed) == (rows, 0)
    assert seen[-1] == (rows, rows)
    assert (dialog.progress_bar.value(), dialog.progress_bar.maximum()) == (rows, rows)
    assert count(db, Product) == 30 + rows
