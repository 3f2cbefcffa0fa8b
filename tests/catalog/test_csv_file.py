"""The catalog CSV: reading Excel's files, checking every row, all-or-nothing import, export."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select

import bazaar_pos.catalog.csv_file as csv_file
from bazaar_pos.catalog.barcodes import in_store_ean13
from bazaar_pos.catalog.csv_file import (
    CSV_COLUMNS,
    PROGRESS_EVERY,
    AddedRow,
    CatalogFileUnreadable,
    CatalogImportRejected,
    CsvRowError,
    FieldChange,
    ImportCancelled,
    NewWorkshop,
    apply_catalog_import,
    export_catalog_csv,
    preview_catalog_import,
)
from bazaar_pos.catalog.institutions import list_institutions, set_workshop_active
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.catalog.products import (
    ProductDraft,
    ProductRecord,
    archive_product,
    list_products,
    save_product,
)
from bazaar_pos.db import Database
from bazaar_pos.db.models import Product, Workshop
from bazaar_pos.money import MAX_AMOUNT
from bazaar_pos.paths import assets_dir
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale, receipt_for

DEMO_PRODUCTS = 30
HEADER = ",".join(CSV_COLUMNS)


def write(path: Path, lines: Sequence[str], *, bom: bool = False, delimiter: str = ",") -> Path:
    """``lines`` written with ``,`` and turned into ``delimiter`` (cells here hold no ``,``)."""
    text = "\r\n".join(line.replace(",", delimiter) for line in lines) + "\r\n"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    return path


def count_products(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Product)) or 0)


def count_workshops(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Workshop)) or 0)


def product(db: Database, sku: str) -> ProductRecord:
    return next(p for p in list_products(db, include_archived=True) if p.sku == sku)


# --- the template and the demo catalog -----------------------------------------------------


def test_the_template_imports_into_the_demo_catalog(db: Database) -> None:
    template = assets_dir() / "catalog_template.csv"
    assert template.read_text(encoding="utf-8").splitlines()[0] == HEADER
    preview = preview_catalog_import(db, template)
    assert preview.ok and preview.rows == 3
    assert [(a.line, a.sku, a.price, a.institution_code) for a in preview.added] == [
        (2, "BNA-BES-003", 125, "BNA"),
        (3, "BLA-UMK-005", 12_000, "BLA"),
        (4, "BPN-KAF-006", 15_000, "BPN"),
    ]
    assert (preview.changed, preview.unchanged, preview.new_workshops) == ((), 0, ())
    assert count_products(db) == DEMO_PRODUCTS  # a preview writes nothing

    result = apply_catalog_import(db, template)
    assert (result.added, result.changed, result.unchanged) == (3, 0, 0)
    besek = find_by_code(db, "BNA-BES-003")
    assert (besek.price, besek.unit, besek.workshop, besek.barcode) == (
        125,
        "buah",
        "Anyaman bambu",
        None,
    )
    assert find_by_code(db, "8996065120017").name == "Keripik singkong balado, 250 g"
    assert find_by_code(db, "BPN-KAF-006").track_stock is False


def test_the_demo_catalog_file_is_unchanged_and_its_extra_column_ignored(db: Database) -> None:
    preview = preview_catalog_import(db, assets_dir() / "demo_catalog.csv")
    assert preview.ok
    assert (len(preview.added), len(preview.changed), preview.unchanged) == (0, 0, DEMO_PRODUCTS)
    assert preview.ignored_columns == ("opening_qty",)


# --- reading what Excel writes -------------------------------------------------------------

ROWS = [
    HEADER,
    "BNA-BES-010,,Besek tanpa tutup,buah,125,Anyaman bambu,BNA,Anyaman bambu,1,1",
    "BPN-PYR-010,2001000000500,Lukisan bakar kayu masjid,pcs,275000,Kerajinan kayu,BPN,"
    "Kerajinan kayu,ya,ya",
    "BNA-BES-001,2002000000019,Besek bambu kecil,buah,150,Anyaman bambu,BNA,Anyaman bambu,1,1",
]


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_comma_or_semicolon_with_or_without_bom(
    db: Database, tmp_path: Path, delimiter: str, bom: bool
) -> None:
    path = write(tmp_path / "katalog.csv", ROWS, bom=bom, delimiter=delimiter)
    preview = preview_catalog_import(db, path)
    assert preview.errors == ()
    assert [(a.line, a.sku) for a in preview.added] == [(2, "BNA-BES-010"), (3, "BPN-PYR-010")]
    assert [(c.line, c.sku, c.changes) for c in preview.changed] == [
        (4, "BNA-BES-001", (FieldChange("price", "125", "150"),))
    ]
    result = apply_catalog_import(db, path)
    assert (result.added, result.changed, result.unchanged) == (2, 1, 0)
    assert find_by_code(db, "2001000000500").price == 275_000
    assert find_by_code(db, "BNA-BES-001").price == 150


def test_excel_semicolon_file_with_quotes_dots_in_prices_and_words(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    lines = [
        "SKU;Barcode;Name;Unit;Price;Category;Institution;Workshop;Track_Stock;Active",
        "BLA-KES-010;;Keset sabut kelapa, besar;buah;45.000;Keset;bla;kerajinan KESET;YA;Ya",
        'BLA-KYU-010;;"Talenan ""jati"" 30 cm";buah;Rp 55.000;Kerajinan kayu;BLA;;BENAR;TRUE',
        "BPN-KAF-010;;Es teh tarik;gelas;6000;Kafe;BPN;Kafe asimilasi;tidak;1",
        ";;;;;;;;;",
        "BPN-KAF-011;;Kopi tubruk;gelas;5.000,00;Kafe;BPN;Kafe asimilasi;SALAH;yes",
    ]
    path.write_bytes(codecs.BOM_UTF8 + "\r\n".join(lines).encode("utf-8"))
    preview = preview_catalog_import(db, path)
    assert preview.errors == ()
    assert [a.price for a in preview.added] == [45_000, 55_000, 6_000, 5_000]
    assert [a.line for a in preview.added] == [2, 3, 4, 6]  # the empty row is skipped
    assert preview.new_workshops == ()  # "kerajinan KESET" is BLA's "Kerajinan keset"
    apply_catalog_import(db, path)
    keset = product(db, "BLA-KES-010")
    assert (keset.name, keset.workshop_name, keset.institution_code) == (
        "Keset sabut kelapa, besar",
        "Kerajinan keset",
        "BLA",
    )
    talenan = product(db, "BLA-KYU-010")
    assert (talenan.name, talenan.workshop_id, talenan.track_stock) == (
        'Talenan "jati" 30 cm',
        None,
        True,
    )
    assert product(db, "BPN-KAF-010").track_stock is False
    assert product(db, "BPN-KAF-011").track_stock is False


def test_a_quoted_field_over_two_lines_keeps_later_line_numbers_right(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "multiline.csv"
    path.write_text(
        HEADER + "\n"
        'BNA-X-1,,"Besek\nbesar",buah,1,,BNA,,1,1\n'
        "BNA-X-2,,Besek,buah,murah,,BNA,,1,1\n",
        encoding="utf-8",
    )
    errors = preview_catalog_import(db, path).errors
    # a line break inside a name is refused (it would cut the receipt line), on its own line
    assert [(e.line, e.column, e.reason) for e in errors] == [
        (2, "name", "control_character"),
        (4, "price", "bad_price"),
    ]


def test_not_utf8_is_reported_with_its_line(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (
            HEADER + "\nBLA-X-1,,Keset,buah,1,,BLA,,1,1\nBLA-X-2,,Keset caf\xe9,buah,1,,BLA,,1,1\n"
        ).encode("latin-1")
    )
    preview = preview_catalog_import(db, path)
    assert len(preview.errors) == 1
    error = preview.errors[0]
    assert (error.line, error.column, error.reason) == (3, "", "not_utf8")
    assert "CSV UTF-8" in error.message
    with pytest.raises(CatalogImportRejected) as rejected:
        apply_catalog_import(db, path)
    assert rejected.value.errors == preview.errors
    assert count_products(db) == DEMO_PRODUCTS


def test_header_problems(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", ["sku,name,institution,name,barkode", "X,Y,BPN,Y,1"])
    errors = preview_catalog_import(db, path).errors
    assert [(e.line, e.column, e.reason) for e in errors] == [
        (1, "name", "duplicate_column"),
        (1, "price", "missing_column"),
    ]
    assert preview_catalog_import(db, path).ignored_columns == ("barkode",)
    empty = write(tmp_path / "empty.csv", ["", " , "])
    assert [e.reason for e in preview_catalog_import(db, empty).errors] == ["empty_file"]


def test_missing_files_raise(db: Database, tmp_path: Path) -> None:
    with pytest.raises(CatalogFileUnreadable) as caught:
        preview_catalog_import(db, tmp_path / "nothing.csv")
    assert caught.value.path == tmp_path / "nothing.csv"
    with pytest.raises(CatalogFileUnreadable):
        apply_catalog_import(db, tmp_path)  # a folder


# --- checking every row --------------------------------------------------------------------

BAD_ROWS = [
    HEADER,
    "BNA-X-01,,,buah,1000,,BNA,,1,1",  # 2: no name
    ",,Besek tanpa SKU,buah,1000,,BNA,,1,1",  # 3: no SKU
    "BNA-X-01,,Besek lagi,buah,1000,,BNA,,1,1",  # 4: SKU of line 2 again
    "BNA-X-04,,Besek,buah,12.5,,BNA,,1,1",  # 5: not whole Rupiah
    "BNA-X-05,2002000000018,Besek,buah,1000,,BNA,,1,1",  # 6: check digit should be 9
    "BNA-X-06,2002000000095,Besek,buah,1000,,BNA,,1,1",  # 7: fine …
    "BNA-X-07,2002000000095,Besek,buah,1000,,BNA,,1,1",  # 8: … but line 7 has its barcode
    "BNA-X-08,2002000000019,Besek,buah,1000,,BNA,,1,1",  # 9: BNA-BES-001 has this barcode
    "XYZ-X-09,,Besek,buah,1000,,XYZ,,1,1",  # 10: no such institution
    "BNA-X-10,,Besek,buah,1000,,BNA,,mungkin,1",  # 11: not yes/no
    "BNA-X-11,,Besek,buah,1000,,BNA,1,1",  # 12: one cell short
    "BNA-X-12,,Besek,buah,Rp,,BNA,,1,benar-benar",  # 13: two problems
    "BNA-X-13,,Besek,buah,-5,,,,1,1",  # 14: negative price, no institution
    "BNA-X-14,,Besek baik,buah,1000,,BNA,Sablon,1,1",  # 15: fine (and a new workshop)
]


def test_every_bad_row_is_reported_by_line_and_column_and_nothing_is_written(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path / "buruk.csv", BAD_ROWS)
    workshops = count_workshops(db)
    preview = preview_catalog_import(db, path)
    assert [(e.line, e.column, e.reason) for e in preview.errors] == [
        (2, "name", "required"),
        (3, "sku", "required"),
        (4, "sku", "duplicate_in_file"),
        (5, "price", "bad_price"),
        (6, "barcode", "bad_check_digit"),
        (8, "barcode", "duplicate_in_file"),
        (9, "barcode", "barcode_taken"),
        (10, "institution", "unknown_institution"),
        (11, "track_stock", "bad_boolean"),
        (12, "", "column_count"),
        (13, "price", "bad_price"),
        (13, "active", "bad_boolean"),
        (14, "price", "bad_price"),
        (14, "institution", "required"),
    ]
    messages = {e.line: e.message for e in preview.errors}
    assert "line 2" in messages[4]
    assert "expected 9" in messages[6]
    assert "line 7" in messages[8]
    assert "BNA-BES-001" in messages[9]
    assert "'XYZ'" in messages[10] and "BPN" in messages[10]
    assert "9 fields" in messages[12] and "10" in messages[12]
    assert str(preview.errors[0]) == "2: name: the name is missing"

    with pytest.raises(CatalogImportRejected) as rejected:
        apply_catalog_import(db, path)
    assert rejected.value.errors == preview.errors
    assert count_products(db) == DEMO_PRODUCTS
    assert count_workshops(db) == workshops  # "Sablon" of line 15 was not created either
    assert not list_products(db, text="BNA-X-")


def test_more_bad_values(db: Database, tmp_path: Path) -> None:
    path = write(
        tmp_path / "nilai.csv",
        [
            HEADER,
            "BNA-Y-1,,Besek,buah,150,000,,BNA,,1,1".replace("150,000", '"150,000"'),
            "BNA-Y-2,,Besek,buah,1.000.000.000.000,,BNA,,1,1",
            "BNA-Y-3,ABC 1,Besek,buah,1,,BNA,,1,1",
            f"BNA-Y-4,,{'x' * 161},buah,1,,BNA,,1,1",
            f"BNA-Y-5,,Besek,{'x' * 17},1,,BNA,,1,1",
            f"BNA-Y-6,,Besek,buah,1,,BNA,{'w' * 81},1,1",
            "BNA-Y-7,96385075,Besek,buah,1,,BNA,,1,1",
            "BNA-Y-8,036000291453,Besek,buah,1,,BNA,,1,1",
        ],
    )
    errors = preview_catalog_import(db, path).errors
    assert [(e.line, e.column, e.reason) for e in errors] == [
        (2, "price", "bad_price"),
        (3, "price", "bad_price"),
        (4, "barcode", "bad_characters"),
        (5, "name", "too_long"),
        (6, "unit", "too_long"),
        (7, "workshop", "too_long"),
        (8, "barcode", "bad_check_digit"),
        (9, "barcode", "bad_check_digit"),
    ]


def test_an_archived_workshop_takes_no_new_products(db: Database, tmp_path: Path) -> None:
    bpn = next(i for i in list_institutions(db) if i.code == "BPN")
    kafe = next(w for w in bpn.workshops if w.name == "Kafe asimilasi")
    set_workshop_active(db, kafe.id, False)
    path = write(
        tmp_path / "kafe.csv",
        [
            HEADER,
            "BPN-KAF-001,,Kopi hitam,gelas,9000,Kafe,BPN,Kafe asimilasi,0,1",  # already in it
            "BPN-KAF-010,,Kopi jahe,gelas,9000,Kafe,BPN,Kafe asimilasi,0,1",
        ],
    )
    preview = preview_catalog_import(db, path)
    assert [(e.line, e.column, e.reason) for e in preview.errors] == [
        (3, "workshop", "archived_workshop")
    ]


# --- preview and apply ---------------------------------------------------------------------


def test_preview_lists_adds_changes_and_new_workshops_without_writing(
    db: Database, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "ubah.csv",
        [
            HEADER,
            # price and name changed; empty barcode, category and workshop keep theirs
            "BLA-KYU-001,,Talenan kayu jati besar,buah,47.500,,BLA,,1,1",
            # archived, moved to a new workshop
            "BNA-ANY-002,2002000000040,Kipas anyaman bambu,buah,7500,Anyaman bambu,BNA,Kipas,1,0",
            "BNA-ANY-001,2002000000033,Tampah bambu 50 cm,buah,20000,Anyaman bambu,BNA,"
            "Anyaman bambu,1,1",
            "BNA-KPS-001,,Kipas bambu lukis,buah,12000,Anyaman bambu,BNA,kipas,1,1",
        ],
    )
    talenan = product(db, "BLA-KYU-001")
    preview = preview_catalog_import(db, path)
    assert preview.errors == ()
    assert preview.added == (AddedRow(5, "BNA-KPS-001", "Kipas bambu lukis", 12_000, "BNA"),)
    assert [(c.line, c.sku, c.name, c.changes) for c in preview.changed] == [
        (
            2,
            "BLA-KYU-001",
            "Talenan kayu jati besar",
            (
                FieldChange("name", "Talenan kayu jati", "Talenan kayu jati besar"),
                FieldChange("price", "45000", "47500"),
            ),
        ),
        (
            3,
            "BNA-ANY-002",
            "Kipas anyaman bambu",
            (FieldChange("workshop", "Anyaman bambu", "Kipas"), FieldChange("active", "1", "0")),
        ),
    ]
    assert preview.unchanged == 1
    assert preview.new_workshops == (NewWorkshop("BNA", "Kipas", 3),)
    assert product(db, "BLA-KYU-001") == talenan
    assert count_products(db) == DEMO_PRODUCTS

    result = apply_catalog_import(db, path)
    assert (result.added, result.changed, result.unchanged) == (1, 2, 1)
    assert result.new_workshops == preview.new_workshops
    after = product(db, "BLA-KYU-001")
    assert (after.name, after.price, after.barcode, after.category, after.workshop_name) == (
        "Talenan kayu jati besar",
        47_500,
        talenan.barcode,
        talenan.category,
        talenan.workshop_name,
    )
    kipas = product(db, "BNA-ANY-002")
    assert (kipas.workshop_name, kipas.active) == ("Kipas", False)
    # One new workshop "Kipas", used by both rows that named it (in any case).
    assert product(db, "BNA-KPS-001").workshop_id == kipas.workshop_id
    bna = next(i for i in list_institutions(db) if i.code == "BNA")
    assert [w.name for w in bna.workshops] == ["Anyaman bambu", "Kipas"]


def test_reimporting_the_same_file_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "sama.csv", ROWS)
    first = apply_catalog_import(db, path)
    assert (first.added, first.changed) == (2, 1)
    before = list_products(db, include_archived=True)
    again = apply_catalog_import(db, path)
    assert (again.added, again.changed, again.unchanged, again.new_workshops) == (0, 0, 3, ())
    assert list_products(db, include_archived=True) == before


def test_columns_left_out_keep_values_and_give_defaults(db: Database, tmp_path: Path) -> None:
    path = write(
        tmp_path / "harga.csv",
        [
            "sku,name,price,institution",
            "BNA-BES-001,Besek bambu kecil,150,BNA",
            "BNA-BES-011,Besek mini,100,BNA",
        ],
    )
    besek = product(db, "BNA-BES-001")
    apply_catalog_import(db, path)
    assert product(db, "BNA-BES-001") == dataclasses.replace(besek, price=150)
    mini = product(db, "BNA-BES-011")
    assert (mini.barcode, mini.unit, mini.category, mini.workshop_id) == (None, "pcs", "", None)
    assert (mini.track_stock, mini.active) == (True, True)


def test_a_product_moved_to_another_institution_loses_its_workshop(
    db: Database, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "pindah.csv",
        [HEADER, "BLA-KYU-001,,Talenan kayu jati,buah,45000,Kerajinan kayu,BPN,,1,1"],
    )
    preview = preview_catalog_import(db, path)
    assert preview.changed[0].changes == (
        FieldChange("institution", "BLA", "BPN"),
        FieldChange("workshop", "Kerajinan kayu", ""),
    )
    apply_catalog_import(db, path)
    moved = product(db, "BLA-KYU-001")
    assert (moved.institution_code, moved.workshop_id) == ("BPN", None)


def test_barcodes_may_move_between_products_in_one_file(db: Database, tmp_path: Path) -> None:
    path = write(
        tmp_path / "tukar.csv",
        [
            HEADER,
            "BNA-BES-001,2002000000026,Besek bambu kecil,buah,125,Anyaman bambu,BNA,"
            "Anyaman bambu,1,1",
            "BNA-BES-002,2002000000019,Besek bambu besar bertutup,buah,3000,Anyaman bambu,BNA,"
            "Anyaman bambu,1,1",
            # a new product takes the barcode that BNA-ANY-001 gives up on the next line
            "BNA-ANY-010,2002000000033,Tampah baru,buah,20000,,BNA,,1,1",
            "BNA-ANY-001,2002000000101,Tampah bambu 50 cm,buah,20000,Anyaman bambu,BNA,"
            "Anyaman bambu,1,1",
        ],
    )
    preview = preview_catalog_import(db, path)
    assert preview.errors == ()
    result = apply_catalog_import(db, path)
    assert (result.added, result.changed) == (1, 3)
    assert find_by_code(db, "2002000000019").sku == "BNA-BES-002"
    assert find_by_code(db, "2002000000026").sku == "BNA-BES-001"
    assert find_by_code(db, "2002000000033").sku == "BNA-ANY-010"
    assert find_by_code(db, "2002000000101").sku == "BNA-ANY-001"


def test_cancelling_through_progress_rolls_everything_back(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("APPLY_BATCH", "MIN_APPLY_BATCH", "MAX_APPLY_BATCH"):
        monkeypatch.setattr(csv_file, name, 500)  # written 500 rows at a time
    rows = 2 * PROGRESS_EVERY + 500
    path = write(
        tmp_path / "banyak.csv",
        [HEADER]
        + [f"BNA-P-{n:05d},,Besek {n},buah,125,,BNA,Besek massal,1,1" for n in range(rows)],
    )
    calls: list[tuple[int, int]] = []

    def stop_at_two_thousand(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 2 * PROGRESS_EVERY

    workshops = count_workshops(db)
    with pytest.raises(ImportCancelled) as cancelled:
        apply_catalog_import(db, path, progress=stop_at_two_thousand)
    assert (cancelled.value.done, cancelled.value.total) == (2000, rows)
    assert calls == [(1000, rows), (2000, rows)]  # every 1000 rows, not every row
    assert count_products(db) == DEMO_PRODUCTS
    assert count_workshops(db) == workshops

    def keep_going(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    calls.clear()
    result = apply_catalog_import(db, path, progress=keep_going)
    checked = [(1000, rows), (2000, rows), (rows, rows)]
    written = [(500, rows), (1000, rows), (1500, rows), (2000, rows), (rows, rows)]
    assert calls == checked + written  # checking, then writing batch by batch
    assert result.added == rows
    assert count_products(db) == DEMO_PRODUCTS + rows


# --- export --------------------------------------------------------------------------------


def test_export_writes_every_product_and_reimports_as_no_change(
    db: Database, tmp_path: Path
) -> None:
    bna = next(i for i in list_institutions(db) if i.code == "BNA")
    save_product(
        db,
        ProductDraft(
            sku="BNA-Q-1",
            name='=HYPERLINK("http://x";"klik")',
            price=0,
            institution_id=bna.id,
            unit="ikat",
        ),
    )
    save_product(
        db,
        ProductDraft(
            sku="BNA-Q-2",
            name='Tas anyaman "pandan", 30 cm\u00a0± 2',
            price=MAX_AMOUNT,
            category="Anyaman; pandan",
            institution_id=bna.id,
            track_stock=False,
        ),
    )
    archive_product(db, product(db, "BLA-KYU-005").id)
    out = tmp_path / "ekspor.csv"
    assert export_catalog_csv(db, out) == DEMO_PRODUCTS + 2
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + DEMO_PRODUCTS + 2
    by_sku = {row[0]: row for row in rows[1:]}
    assert by_sku["BLA-KYU-005"][-2:] == ["1", "0"]  # archived products are exported
    assert by_sku["BNA-BES-001"] == [
        "BNA-BES-001",
        "'2002000000019",  # kept as text by a spreadsheet, read back without the quote
        "Besek bambu kecil",
        "buah",
        "125",
        "Anyaman bambu",
        "BNA",
        "Anyaman bambu",
        "1",
        "1",
    ]
    # shown as text by a spreadsheet, never run; read back as typed
    assert by_sku["BNA-Q-1"][1:3] == ["", '\'=HYPERLINK("http://x";"klik")']
    assert [row[6] for row in rows[1:]] == sorted(row[6] for row in rows[1:])  # by institution

    preview = preview_catalog_import(db, out)
    assert preview.errors == ()
    assert (len(preview.added), len(preview.changed), preview.unchanged) == (
        0,
        0,
        DEMO_PRODUCTS + 2,
    )
    before = list_products(db, include_archived=True)
    result = apply_catalog_import(db, out)
    assert (result.added, result.changed, result.new_workshops) == (0, 0, ())
    assert list_products(db, include_archived=True) == before


def test_export_replaces_an_existing_file(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "ekspor"
    folder.mkdir()
    out = folder / "katalog.csv"
    out.write_text("old content", encoding="utf-8")
    export_catalog_csv(db, out)
    assert out.read_text(encoding="utf-8-sig").startswith(HEADER)
    assert [p.name for p in folder.iterdir()] == ["katalog.csv"]  # no temporary file left


def test_sales_keep_their_prices_when_an_import_changes_them(db: Database, tmp_path: Path) -> None:
    besek = find_by_code(db, "BNA-BES-001")
    commit_sale(
        db,
        [SaleLineRequest(besek.id, 1600, 125)],
        PaymentRequest("cash", 200_000),
        cashier="Kasir",
        till_code="BNA1",
        event_id=None,
    )
    apply_catalog_import(db, write(tmp_path / "naik.csv", ROWS))
    assert find_by_code(db, "BNA-BES-001").price == 150
    receipt = receipt_for(db, "BNA1-000001", actor=None)
    assert (receipt.total, receipt.lines[0].unit_price) == (200_000, 125)


# --- size ----------------------------------------------------------------------------------


def test_a_hundred_thousand_rows(db: Database, tmp_path: Path) -> None:
    rows = 100_000
    path = tmp_path / "besar.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(CSV_COLUMNS)
        for n in range(rows):
            code, number = (("BPN", 1), ("BNA", 2), ("BLA", 3))[n % 3]
            writer.writerow(
                (
                    f"{code}-G{n:06d}",
                    in_store_ean13(number, 100_000 + n) if n % 4 else "",
                    f"Produk binaan {n}",
                    "buah",
                    f"{125 + n % 1000 * 500:,}".replace(",", "."),
                    "Kerajinan",
                    code,
                    "Kerajinan kayu" if code != "BNA" else "Anyaman bambu",
                    "1",
                    "1",
                )
            )
    # Speed is measured in bench/catalog_import_bench.py, not asserted here.
    result = apply_catalog_import(db, path)
    assert (result.rows, result.added, result.changed) == (rows, rows, 0)
    assert count_products(db) == DEMO_PRODUCTS + rows
    assert find_by_code(db, in_store_ean13(2, 100_001)).sku == "BNA-G000001"
    assert find_by_code(db, "BLA-G099998").price == 125 + 998 * 500
    again = preview_catalog_import(db, path)
    assert (len(again.added), len(again.changed), again.unchanged) == (0, 0, rows)


def test_row_errors_read_like_compiler_messages() -> None:
    assert str(CsvRowError(7, "price", "bad")) == "7: price: bad"
    assert str(CsvRowError(9, "", "short row")) == "9: short row"
