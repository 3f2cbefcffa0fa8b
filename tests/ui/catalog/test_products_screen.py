"""The products screen and the product form, driven through their widgets and methods."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.catalog.barcodes import is_valid_ean13
from bazaar_pos.catalog.csv_file import preview_catalog_import
from bazaar_pos.catalog.institutions import list_institutions, set_workshop_active
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.catalog.products import (
    ProductDraft,
    ProductNotFound,
    ProductRecord,
    get_product,
    list_products,
    save_product,
)
from bazaar_pos.catalog.search import ListingIndex, fresh_listing
from bazaar_pos.db import Database
from bazaar_pos.errors import UnknownCode
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.catalog import products_screen
from bazaar_pos.ui.catalog.product_dialog import ProductDialog
from bazaar_pos.ui.catalog.product_model import (
    COL_BARCODE,
    COL_NAME,
    COL_PRICE,
    COL_STATUS,
    COL_STOCK,
    FetchRest,
    ProductTableModel,
    ProductViewProxy,
)
from bazaar_pos.ui.catalog.products_screen import ProductsScreen
from bazaar_pos.ui.papers import documents
from tests.ui.operations_support import finish_operations

# From assets/demo_catalog.csv
TALENAN_SKU = "BLA-KYU-001"  # barcode 2003000000030, Rp 45.000, has arrivals (history)
TALENAN_BARCODE = "2003000000030"
KOPI_SKU = "BPN-KAF-001"  # café drink, stock not tracked
DEMO_PRODUCTS = 30


def institution_id(db: Database, code: str) -> int:
    return next(i.id for i in list_institutions(db) if i.code == code)


def product_by_sku(db: Database, sku: str) -> ProductRecord:
    return next(r for r in list_products(db, include_archived=True) if r.sku == sku)


def new_product(
    db: Database, sku: str = "BPN-TAS-001", *, barcode: str | None = None
) -> ProductRecord:
    return save_product(
        db,
        ProductDraft(
            sku=sku,
            barcode=barcode,
            name="Tas anyaman plastik",
            price=35_000,
            institution_id=institution_id(db, "BPN"),
            category="Kerajinan anyaman",
        ),
    )


@pytest.fixture
def screen(qtbot: QtBot, till: Till) -> ProductsScreen:
    widget = ProductsScreen(till, load_settings(till.db))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.activate()
    return widget


def select_sku(screen: ProductsScreen, *skus: str) -> None:
    ids = [r.id for r in screen.model.records() if r.sku in skus]
    assert screen.select_products(ids) == len(skus)


def column_texts(screen: ProductsScreen, column: int) -> list[str]:
    model = screen.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def answer_dialog(**values: object) -> Callable[[ProductDialog], ProductRecord | None]:
    """A stand-in for run_product_dialog: types ``values`` into the form and saves it."""

    def run(dialog: ProductDialog) -> ProductRecord | None:
        dialog.set_values(**values)  # type: ignore[arg-type]
        return dialog.submit()

    return run


# --- the model -------------------------------------------------------------------------------


def test_product_model_and_its_proxy_pass_the_model_tester(
    qtmodeltester: ModelTester, db: Database
) -> None:
    records = list_products(db)
    model = ProductTableModel()
    model.set_products(records[:10], fetch_rest=lambda: list_products(db))
    proxy = ProductViewProxy(model)
    assert model.canFetchMore(QModelIndex()) and proxy.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # the tester fetches the rest, as a view scrolled down would
    qtmodeltester.check(proxy)
    assert model.rowCount() == DEMO_PRODUCTS
    assert proxy.rowCount() == DEMO_PRODUCTS
    assert model.is_complete and not model.canFetchMore(QModelIndex())
    model.sort(COL_PRICE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    prices = [model.record(row).price for row in range(model.rowCount())]
    assert prices == sorted(prices, reverse=True)
    assert model.data(model.index(0, COL_PRICE)) == "Rp 275.000"  # the shoe rack


def test_model_shows_money_stock_and_status_as_the_user_reads_them(db: Database) -> None:
    model = ProductTableModel()
    model.set_products(list_products(db))
    talenan = model.row_of(product_by_sku(db, TALENAN_SKU).id)
    kopi = model.row_of(product_by_sku(db, KOPI_SKU).id)
    assert talenan is not None and kopi is not None
    assert model.data(model.index(talenan, COL_PRICE)) == "Rp 45.000"
    assert model.data(model.index(talenan, COL_BARCODE)) == TALENAN_BARCODE
    assert model.data(model.index(talenan, COL_STATUS)) == "aktif"
    # Café drinks carry no stock: a dash, not 0.
    assert model.data(model.index(kopi, COL_STOCK)) == "—"


def test_rows_read_later_keep_the_rows_already_shown(db: Database) -> None:
    """The rest of the list arrives as inserted rows, so the view keeps selection and scroll."""
    model = ProductTableModel()
    model.set_products(list_products(db, limit=5), fetch_rest=lambda: list_products(db))
    resets: list[int] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.fetch_all()
    assert resets == []
    assert inserted == [(5, DEMO_PRODUCTS - 1)]


# --- listing and filters -----------------------------------------------------------------------


def test_screen_lists_the_catalog_with_every_column(screen: ProductsScreen) -> None:
    assert screen.model.rowCount() == DEMO_PRODUCTS
    assert screen.count_label.text() == "30 produk"
    headers = [
        screen.proxy.headerData(column, Qt.Orientation.Horizontal)
        for column in range(screen.proxy.columnCount())
    ]
    assert headers == [
        "SKU",
        "Barcode",
        "Nama",
        "Satuan",
        "Harga",
        "Kategori",
        "Instansi",
        "Bengkel",
        "Stok",
        "Status",
    ]
    names = column_texts(screen, COL_NAME)
    assert names == sorted(names)  # the service's order: by name


def test_filters_by_institution_category_and_archive(screen: ProductsScreen, db: Database) -> None:
    screen.set_filters(institution_id=institution_id(db, "BLA"))
    assert {r.institution_code for r in screen.model.records()} == {"BLA"}
    assert screen.model.rowCount() == 12
    screen.set_filters(category="Kafe")
    assert screen.model.rowCount() == 0  # the café is BPN's, not BLA's
    screen.set_filters(institution_id=institution_id(db, "BPN"))
    assert {r.sku for r in screen.model.records()} == {
        "BPN-KAF-001",
        "BPN-KAF-002",
        "BPN-KAF-003",
        "BPN-KAF-004",
        "BPN-KAF-005",
    }
    assert set(column_texts(screen, COL_STOCK)) == {"—"}

    # Archived products only with "Tampilkan arsip".
    kopi = product_by_sku(db, KOPI_SKU)
    select_sku(screen, KOPI_SKU)
    screen.archive_selected()
    screen.reload()
    assert kopi.id not in {r.id for r in screen.model.records()}
    screen.set_filters(include_archived=True)
    archived = [r for r in screen.model.records() if r.id == kopi.id]
    assert len(archived) == 1 and not archived[0].active


def test_typed_search_waits_for_a_pause_then_asks_the_service(
    qtbot: QtBot, screen: ProductsScreen
) -> None:
    qtbot.keyClicks(screen.search_edit, "besek")
    assert screen.model.rowCount() == DEMO_PRODUCTS  # not yet: the delay runs
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=2000)
    assert {r.sku for r in screen.model.records()} == {"BNA-BES-001", "BNA-BES-002"}
    # By barcode and by SKU too.
    screen.set_filters(text=TALENAN_BARCODE)
    assert [r.sku for r in screen.model.records()] == [TALENAN_SKU]
    screen.set_filters(text="bla-kyu-00")
    assert len(screen.model.records()) == 6


def test_the_text_filter_is_answered_from_the_index_built_after_the_list_is_shown(
    qtbot: QtBot, screen: ProductsScreen, till: Till
) -> None:
    """Shown, the screen builds its index on a worker; a product saved here makes it old
    (the SQL filter answers meanwhile) and the next list builds it again."""

    def index_ready() -> bool:
        with till.db.read() as session:
            return fresh_listing(till.db, session) is not None

    qtbot.waitUntil(index_ready, timeout=10_000)
    answered = ListingIndex.listed_ids
    with mock.patch.object(
        ListingIndex, "listed_ids", autospec=True, side_effect=answered
    ) as from_index:
        screen.set_filters(text="BESEK")
        assert from_index.call_count == 1
        assert {r.sku for r in screen.model.records()} == {"BNA-BES-001", "BNA-BES-002"}
        new_product(till.db)
        assert not index_ready()
        screen.set_filters(text="tas anyaman")  # the SQL filter; the index is built again
        assert from_index.call_count == 1
        assert [r.sku for r in screen.model.records()] == ["BPN-TAS-001"]
        qtbot.waitUntil(index_ready, timeout=10_000)
        screen.set_filters(text="TAS ANYAMAN")
        assert from_index.call_count == 2
        assert [r.sku for r in screen.model.records()] == ["BPN-TAS-001"]


def test_a_big_catalog_is_read_a_page_at_a_time(
    qtbot: QtBot, screen: ProductsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(products_screen, "FIRST_PAGE", 8)
    screen.reload()
    assert screen.model.rowCount() == 8
    assert "8 produk pertama" in screen.count_label.text()
    # Ctrl+A means the whole filtered catalog, not the page that happens to be read: the
    # rest is read on the operations layer, the window answering meanwhile.
    screen.select_all()
    assert screen.model.is_loading and screen.model.rowCount() == 8
    assert screen.count_label.text() == "8 produk pertama ditampilkan — memuat sisanya…"
    qtbot.waitUntil(lambda: len(screen.selected_records()) == DEMO_PRODUCTS, timeout=30_000)
    assert screen.count_label.text() == "30 produk"


def test_sorting_by_a_column_reads_the_whole_list_first(
    qtbot: QtBot, screen: ProductsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(products_screen, "FIRST_PAGE", 8)
    screen.reload()
    screen.view.sortByColumn(COL_PRICE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: screen.model.is_complete, timeout=30_000)
    prices = [r.price for r in screen.model.records()]
    assert len(prices) == DEMO_PRODUCTS
    assert prices == sorted(prices)
    assert prices[0] == 125  # the small besek
    # A new filter keeps the chosen order (once its whole list is read).
    screen.set_filters(text="kayu")
    qtbot.waitUntil(lambda: screen.model.is_complete, timeout=30_000)
    prices = [r.price for r in screen.model.records()]
    assert prices == sorted(prices) and len(prices) > 3


# --- the product form ---------------------------------------------------------------------------


def test_new_product_is_saved_with_an_internal_barcode(qtbot: QtBot, db: Database) -> None:
    bpn = institution_id(db, "BPN")
    dialog = ProductDialog(db, None, institution_id=bpn)
    qtbot.addWidget(dialog)
    kafe = next(w for w in list_institutions(db) if w.id == bpn).workshops
    kafe_id = next(w.id for w in kafe if w.name == "Kafe asimilasi")
    assert "2001" in dialog.internal_barcode_check.text()
    dialog.set_values(
        name="Es kopi susu gula aren",
        sku="BPN-KAF-010",
        unit="gelas",
        price="Rp 15.000",
        category="Kafe",
        workshop_id=kafe_id,
        track_stock=False,
        internal_barcode=True,
    )
    record = dialog.submit()
    assert record is not None
    assert (record.name, record.price, record.unit, record.track_stock) == (
        "Es kopi susu gula aren",
        15_000,
        "gelas",
        False,
    )
    assert record.workshop_name == "Kafe asimilasi"
    assert record.barcode is not None and record.barcode.startswith("2001")
    assert is_valid_ean13(record.barcode)
    assert dialog.barcode_edit.text() == record.barcode
    assert find_by_code(db, record.barcode).sku == "BPN-KAF-010"


def test_a_refused_product_keeps_every_field_and_points_at_the_bad_one(
    qtbot: QtBot, db: Database
) -> None:
    dialog = ProductDialog(db, None, institution_id=institution_id(db, "BPN"))
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    typed = {
        "name": "Hiasan dinding pyrography",
        "sku": "BPN-PYR-099",
        "barcode": TALENAN_BARCODE,  # the cutting board's
        "unit": "pcs",
        "price": "85.000",
        "category": "Kerajinan kayu",
    }
    dialog.set_values(**typed)  # type: ignore[arg-type]
    assert dialog.submit() is None
    assert dialog.error_field == "barcode"
    assert dialog.error_label.text() == "Barcode 2003000000030 sudah dipakai produk BLA-KYU-001."
    assert dialog.focusWidget() is dialog.barcode_edit
    assert (
        dialog.name_edit.text(),
        dialog.sku_edit.text(),
        dialog.barcode_edit.text(),
        dialog.unit_combo.currentText(),
        dialog.price_edit.text(),
        dialog.category_combo.currentText(),
    ) == tuple(typed.values())

    dialog.set_values(barcode="2003000000031")  # one digit off
    assert dialog.submit() is None
    assert dialog.error_field == "barcode"
    assert "seharusnya 0" in dialog.error_label.text()

    dialog.set_values(barcode="", price="12,5")
    assert dialog.submit() is None
    assert dialog.error_field == "price"
    assert dialog.focusWidget() is dialog.price_edit
    assert "12,5" in dialog.error_label.text()

    dialog.set_values(price="85.000", sku="BLA-KYU-001")
    assert dialog.submit() is None
    assert (dialog.error_field, dialog.error_label.text()) == (
        "sku",
        "SKU BLA-KYU-001 sudah dipakai produk lain.",
    )

    dialog.set_values(sku="BPN-PYR-099", name="   ")
    assert dialog.submit() is None
    assert (dialog.error_field, dialog.error_label.text()) == ("name", "Nama produk wajib diisi.")
    assert dialog.sku_edit.text() == "BPN-PYR-099"

    dialog.set_values(name="Hiasan dinding pyrography")
    record = dialog.submit()
    assert record is not None and record.price == 85_000 and record.barcode is None
    assert dialog.error_label.text() == ""


def test_workshops_follow_the_institution_and_archived_ones_are_not_offered(
    qtbot: QtBot, db: Database
) -> None:
    bla = next(i for i in list_institutions(db) if i.code == "BLA")
    keset = next(w for w in bla.workshops if w.name == "Kerajinan keset")
    set_workshop_active(db, keset.id, False)
    dialog = ProductDialog(db, None, institution_id=bla.id)
    qtbot.addWidget(dialog)
    offered = [dialog.workshop_combo.itemText(i) for i in range(dialog.workshop_combo.count())]
    assert offered == ["(tanpa bengkel kerja)", "Kerajinan kayu", "UMKM makanan"]
    # A product already in the archived workshop keeps it on offer.
    doormat = product_by_sku(db, "BLA-KES-001")
    editing = ProductDialog(db, doormat)
    qtbot.addWidget(editing)
    assert editing.workshop_combo.currentText() == "Kerajinan keset (diarsipkan)"
    assert editing.submit() is not None


# --- actions on the screen ----------------------------------------------------------------------


def test_add_and_edit_through_the_screen(
    screen: ProductsScreen, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        products_screen,
        "run_product_dialog",
        answer_dialog(name="Asbak kayu jati ukir", sku="BLA-KYU-020", price="40.000"),
    )
    screen.set_filters(institution_id=institution_id(db, "BLA"))
    added = screen.add_product()
    assert added is not None and added.institution_code == "BLA"  # the filter's institution
    assert [r.sku for r in screen.selected_records()] == ["BLA-KYU-020"]
    assert screen.status_label.text() == "Produk BLA-KYU-020 — Asbak kayu jati ukir disimpan."

    select_sku(screen, TALENAN_SKU)
    monkeypatch.setattr(products_screen, "run_product_dialog", answer_dialog(price="50.000"))
    edited = screen.edit_selected()
    assert edited is not None and edited.price == 50_000
    row = screen.model.row_of(edited.id)
    assert row is not None
    assert screen.model.data(screen.model.index(row, COL_PRICE)) == "Rp 50.000"
    assert get_product(db, edited.id).price == 50_000


def test_a_product_hidden_by_the_filter_is_saved_and_the_user_is_told(
    screen: ProductsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        products_screen,
        "run_product_dialog",
        answer_dialog(name="Keripik singkong", sku="BPN-UMK-020", price="10.000"),
    )
    screen.set_filters(text="besek")
    added = screen.add_product()
    assert added is not None
    assert "Tidak tampil di daftar karena filter" in screen.status_label.text()


def test_archive_then_restore(screen: ProductsScreen, db: Database) -> None:
    select_sku(screen, TALENAN_SKU)
    assert screen.archive_action.isEnabled() and not screen.restore_action.isEnabled()
    [archived] = screen.archive_selected()
    assert not archived.active
    assert "diarsipkan" in screen.status_label.text()
    # The row stays (greyed, "arsip") until the next reload, so Pulihkan undoes a wrong click.
    row = screen.model.row_of(archived.id)
    assert row is not None
    assert screen.model.data(screen.model.index(row, COL_STATUS)) == "arsip"
    assert screen.restore_action.isEnabled()
    with pytest.raises(UnknownCode):
        find_by_code(db, TALENAN_BARCODE)  # gone from the till
    [restored] = screen.restore_selected()
    assert restored.active
    assert find_by_code(db, TALENAN_BARCODE).sku == TALENAN_SKU
    assert screen.status_label.text() == "1 produk dipulihkan (BLA-KYU-001): dijual lagi di kasir."


def test_delete_is_refused_for_a_product_with_history_and_archiving_is_offered(
    screen: ProductsScreen, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []
    answers = iter([True, False])  # yes, delete; no, do not archive

    def confirm(_parent: object, title: str, _question: str) -> bool:
        questions.append(title)
        return next(answers)

    monkeypatch.setattr(ask, "confirm", confirm)
    select_sku(screen, TALENAN_SKU)
    assert screen.delete_selected() == []
    assert questions == ["Hapus produk", "Arsipkan saja?"]
    assert screen.status_label.text().startswith(
        "Produk BLA-KYU-001 tidak bisa dihapus karena sudah punya riwayat (0 baris penjualan, "
        "1 mutasi stok, 0 baris penghitungan). Arsipkan saja"
    )
    assert product_by_sku(db, TALENAN_SKU).active

    # Saying yes to the second question archives it.
    monkeypatch.setattr(ask, "confirm", lambda *_args: True)
    select_sku(screen, TALENAN_SKU)
    screen.delete_selected()
    assert not product_by_sku(db, TALENAN_SKU).active


def test_delete_removes_a_product_without_history(
    screen: ProductsScreen, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = new_product(db)
    screen.reload()
    answers = iter([True, False])  # delete: yes; archive the other one instead: no
    monkeypatch.setattr(ask, "confirm", lambda *_args: next(answers))
    select_sku(screen, fresh.sku, TALENAN_SKU)
    assert screen.delete_selected() == [fresh.id]
    with pytest.raises(ProductNotFound):
        get_product(db, fresh.id)
    assert screen.model.row_of(fresh.id) is None
    assert screen.model.rowCount() == DEMO_PRODUCTS  # 31 - 1; the cutting board stays
    assert screen.status_label.text().startswith("1 produk dihapus. Produk BLA-KYU-001")


def test_internal_barcodes_for_the_selected_products_without_one(
    screen: ProductsScreen, db: Database
) -> None:
    bag = new_product(db, "BPN-TAS-001")
    mat = new_product(db, "BPN-TAS-002")
    screen.reload()
    select_sku(screen, bag.sku, mat.sku, TALENAN_SKU)  # the cutting board has one already
    assert screen.barcode_action.isEnabled()
    assigned = screen.assign_barcodes()
    assert set(assigned) == {bag.id, mat.id}
    codes = sorted(assigned.values())
    # BPN is number 01; the demo catalog uses its sequences up to 13.
    assert codes == ["2001000000142", "2001000000159"]
    assert all(is_valid_ean13(code) for code in codes)
    shown = {screen.model.data(screen.model.index(row, COL_BARCODE)) for row in range(31)}
    assert set(codes) <= shown
    assert screen.status_label.text() == (
        "2 barcode internal diberikan (2001000000142 … 2001000000159). Cetak labelnya: Ctrl+P."
    )
    assert not screen.barcode_action.isEnabled()  # nothing left without a barcode


def test_print_labels_opens_the_label_dialog_for_the_selection(
    screen: ProductsScreen, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bazaar_pos.ui.catalog.label_dialog import LabelPrintDialog

    opened: list[list[int]] = []
    monkeypatch.setattr(
        LabelPrintDialog,
        "run",
        classmethod(lambda cls, till, ids, settings, parent, actor: opened.append(ids)),
    )
    select_sku(screen, TALENAN_SKU, KOPI_SKU)
    screen.print_labels()
    # In the order of the list: "Kopi hitam" before "Talenan …".
    assert opened == [[product_by_sku(db, KOPI_SKU).id, product_by_sku(db, TALENAN_SKU).id]]


def test_export_writes_a_file_that_imports_as_no_change(
    qtbot: QtBot,
    screen: ProductsScreen,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "katalog.csv"
    monkeypatch.setattr(documents, "choose_save_path", lambda *_args: target)
    with qtbot.waitSignal(screen.exported) as written:  # on the operations layer
        screen.export_csv()
    assert written.args == [target]
    assert screen.status_label.text() == f"30 produk diekspor ke {target}"
    preview = preview_catalog_import(db, target)
    assert (len(preview.added), len(preview.changed), preview.unchanged) == (0, 0, DEMO_PRODUCTS)


def test_keys_add_edit_and_delete(
    qtbot: QtBot, screen: ProductsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def run(dialog: ProductDialog) -> None:
        opened.append(dialog.windowTitle())

    def confirm(*_args: object) -> bool:
        opened.append("confirm")
        return False

    monkeypatch.setattr(products_screen, "run_product_dialog", run)
    monkeypatch.setattr(ask, "confirm", confirm)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.view.setFocus()
    select_sku(screen, TALENAN_SKU)
    qtbot.keyClick(screen.view, Qt.Key.Key_Insert)
    qtbot.keyClick(screen.view, Qt.Key.Key_Return)
    qtbot.keyClick(screen.view, Qt.Key.Key_Delete)
    assert opened == ["Produk baru", "Ubah produk BLA-KYU-001", "confirm"]
    # Down from the search field goes into the list.
    screen.search_edit.setFocus()
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Down)
    assert screen.view.hasFocus()


# --- sentences for the catalog errors -----------------------------------------------------------


def catalog_errors() -> list[tuple[Exception, str]]:
    from bazaar_pos.catalog import csv_file, institutions, labels, products
    from bazaar_pos.papers import labels as label_sheets

    need = labels.ProductNeedingBarcode(7, "Keset sabut kelapa", "BLA-KES-002", "")
    row = csv_file.CsvRowError(14, "price", "price '12,5' is not whole Rupiah", "bad_price")
    return [
        (
            products.DuplicateBarcode("2001000000029", 2, "BPN-PYR-002"),
            "Barcode 2001000000029 sudah dipakai produk BPN-PYR-002.",
        ),
        (products.DuplicateSku("BPN-PYR-002", 2), "SKU BPN-PYR-002 sudah dipakai produk lain."),
        (
            products.InvalidProduct("unit", "", "required", "unit is required"),
            "Satuan wajib diisi.",
        ),
        (
            products.InvalidProduct("category", "x" * 61, "too_long", "too long"),
            "Kategori terlalu panjang (maksimal 60 karakter).",
        ),
        (
            products.InvalidProduct("barcode", "ABC 123", "bad_characters", "bad"),
            "Barcode 'ABC 123' hanya boleh berisi huruf, angka dan tanda baca ASCII, tanpa spasi.",
        ),
        (
            products.InvalidProduct("workshop_id", 3, "archived_workshop", "archived"),
            "Bengkel kerja itu sudah diarsipkan: pilih bengkel lain atau pulihkan dulu.",
        ),
        (products.ProductNotFound(99), "Produk tidak ditemukan (id 99); mungkin sudah dihapus."),
        (
            products.InstitutionHasNoNumber(4, "SMD"),
            "Instansi SMD belum punya nomor untuk barcode internal: beri nomor di layar "
            "Instansi dulu.",
        ),
        (
            products.InternalBarcodesExhausted("BPN", 1),
            "Semua barcode internal 2001… milik BPN sudah terpakai.",
        ),
        (
            institutions.NoFreeNumber(),
            "Semua nomor instansi 00–99 sudah terpakai: tidak ada nomor untuk barcode internal.",
        ),
        (
            institutions.InvalidInstitution("kind", "Polres", "unknown_kind", "unknown"),
            "Jenis instansi 'Polres' tidak dikenal: pilih salah satu dari Lapas, Rutan, LPKA, "
            "Bapas, Lainnya.",
        ),
        (institutions.InstitutionNotFound(8), "Instansi tidak ditemukan (id 8)."),
        (institutions.WorkshopNotFound(5), "Bengkel kerja tidak ditemukan (id 5)."),
        (
            labels.MissingBarcode([need]),
            "1 produk belum punya barcode EAN-13 untuk label: Keset sabut kelapa (BLA-KES-002). "
            "Pilih produknya lalu 'Beri barcode internal'.",
        ),
        (
            label_sheets.InvalidStartPosition(25, 24, "a4_3x8"),
            "Posisi awal 25 tidak ada di lembar ini: pilih 1 sampai 24 (dihitung baris demi "
            "baris dari kiri atas).",
        ),
        (labels.InvalidCopies(0), "Jumlah label 0 tidak valid: pilih 1 sampai 1000."),
        (
            label_sheets.UnknownLabelLayout("a5"),
            "Ukuran label 'a5' tidak dikenal: pilih lagi di pengaturan.",
        ),
        (labels.NoLabels(), "Tidak ada label untuk dicetak: pilih minimal satu produk."),
        (
            csv_file.CatalogImportRejected((row,)),
            "File katalog ditolak: 1 masalah, yang pertama di baris 14: Harga bukan Rupiah "
            "bulat: tulis 150000 atau 150.000. Tidak ada yang disimpan.",
        ),
        (
            csv_file.ImportCancelled(3000, 100_000),
            "Dibatalkan setelah 3.000 dari 100.000 baris: tidak ada yang disimpan, katalog "
            "tetap seperti sebelumnya.",
        ),
        (
            csv_file.CatalogImportRunning("kasa2.csv"),
            "Impor katalog lain (kasa2.csv) sedang berjalan; tunggu sampai selesai lalu coba "
            "lagi. Tidak ada yang disimpan dari file ini.",
        ),
        (
            csv_file.CatalogChangedDuringImport("BNA-BES-001", 7),
            "Produk BNA-BES-001 diubah di layar atau kasa lain selama impor. Impor dibatalkan "
            "dan semua yang sudah ditulis dikembalikan; perubahan itu tetap. Periksa lalu "
            "impor lagi.",
        ),
    ]


@pytest.mark.parametrize(("error", "sentence"), catalog_errors())
def test_every_catalog_error_has_a_sentence(error: Exception, sentence: str) -> None:
    from bazaar_pos.ui.messages import describe_error

    assert describe_error(error) == sentence


def test_a_new_list_drops_the_rest_of_the_old_one_still_on_its_way(
    qtbot: QtBot, screen: ProductsScreen, monkeypatch: pytest.MonkeyPatch, db: Database
) -> None:
    """Ctrl+A, then a filter typed before the rest arrived: the old rest is not mixed into
    the new list, and the selection waiting for it is dropped."""
    monkeypatch.setattr(products_screen, "FIRST_PAGE", 8)
    screen.reload()
    screen.select_all()
    assert screen.model.is_loading
    screen.set_filters(text="kayu")
    finish_operations(qtbot)
    kayu = {r.id for r in list_products(db, text="kayu")}
    assert {r.id for r in screen.model.records()} <= kayu
    assert screen.selected_records() == []


def test_a_rest_read_before_a_row_changed_is_read_again(db: Database) -> None:
    """A save returned while the rest was being read: the rest, read before it, would undo
    it in the list, so it is read again and the change stays."""
    model = ProductTableModel()
    model.set_products(list_products(db, limit=5), fetch_rest=lambda: list_products(db))
    asked: list[tuple[FetchRest, Callable[[list[ProductRecord]], None]]] = []
    model.load_rest = lambda fetch, delivered, _failed: asked.append((fetch, delivered))
    model.fetch_all()
    assert model.is_loading and len(asked) == 1
    stale = asked[0][0]()
    first = model.record(0)
    renamed = dataclasses.replace(first, name="Besek bambu (nama baru)")
    model.update_record(renamed)
    asked[0][1](stale)
    assert len(asked) == 2 and model.is_loading and not model.is_complete
    asked[1][1]([renamed if r.id == first.id else r for r in asked[1][0]()])
    assert model.is_complete and model.rowCount() == DEMO_PRODUCTS
    row = model.row_of(first.id)
    assert row is not None and model.record(row).name == "Besek bambu (nama baru)"


def test_a_rest_that_arrives_after_a_new_list_is_dropped(db: Database) -> None:
    model = ProductTableModel()
    model.set_products(list_products(db, limit=5), fetch_rest=lambda: list_products(db))
    asked: list[tuple[FetchRest, Callable[[list[ProductRecord]], None]]] = []
    model.load_rest = lambda fetch, delivered, _failed: asked.append((fetch, delivered))
    selected: list[bool] = []
    model.fetch_all(then=lambda: selected.append(True))
    model.set_products(list_products(db, text="kayu"))
    kayu = model.records()
    asked[0][1](asked[0][0]())
    assert model.records() == kayu and selected == []
