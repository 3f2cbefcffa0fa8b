"""The catalog CSV as a spreadsheet opens and saves it: formulas shown as text, never run;
codes of digits kept as text; what a spreadsheet did to a file (lost zeros, scientific
notation, error values) and control characters refused with the line and column.

No LibreOffice on the test machine (``soffice`` is not installed): these tests check the
CSV text itself, and simulate what a spreadsheet writes back (the values LibreOffice 7 gave
in the reported round trip: ``2``, ``Err:509``, zeros dropped)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bazaar_pos.catalog.barcodes import gtin_check_digit
from bazaar_pos.catalog.csv_file import (
    CSV_COLUMNS,
    CatalogImportRejected,
    apply_catalog_import,
    code_as_text,
    export_catalog_csv,
    preview_catalog_import,
)
from bazaar_pos.catalog.institutions import list_institutions
from bazaar_pos.catalog.products import ProductDraft, list_products, save_product
from bazaar_pos.db import Database

HEADER = ",".join(CSV_COLUMNS)
FORMULAS = ["=1+1", "=cmd|' /C calc'!A0", "+62 811", "-5 %", "@SUM(A1)", "'kutip"]
ZEROS_BARCODE = "00" + "1234567890" + gtin_check_digit("001234567890")  # an EAN-13


def add(db: Database, sku: str, name: str, barcode: str | None = None) -> None:
    bna = next(i for i in list_institutions(db) if i.code == "BNA")
    save_product(
        db, ProductDraft(sku=sku, name=name, price=1_000, institution_id=bna.id, barcode=barcode)
    )


def exported(db: Database, tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    out = tmp_path / "katalog.csv"
    export_catalog_csv(db, out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    return out, {row[0]: row for row in rows[1:]}


def test_text_that_looks_like_a_formula_is_written_as_text_and_read_back_as_typed(
    db: Database, tmp_path: Path
) -> None:
    for n, name in enumerate(FORMULAS):
        add(db, f"BNA-F-{n}", name)
    out, rows = exported(db, tmp_path)
    names = [rows[f"BNA-F-{n}"][2] for n in range(len(FORMULAS))]
    assert names == ["'" + name for name in FORMULAS]  # "'kutip" gets its quote doubled
    preview = preview_catalog_import(db, out)
    assert preview.ok and (len(preview.added), len(preview.changed)) == (0, 0)


def test_codes_of_digits_are_written_as_text_and_keep_their_zeros(
    db: Database, tmp_path: Path
) -> None:
    add(db, "0042", "Gelang manik", ZEROS_BARCODE)
    out, rows = exported(db, tmp_path)
    assert rows["'0042"][:2] == ["'0042", "'" + ZEROS_BARCODE]
    assert code_as_text("BPN-KAF-001") == "BPN-KAF-001"
    assert code_as_text("=1") == "'=1"
    preview = preview_catalog_import(db, out)
    assert preview.ok and preview.changed == ()


def test_a_known_barcode_without_its_leading_zeros_is_refused_naming_the_real_one(
    db: Database, tmp_path: Path
) -> None:
    add(db, "BNA-Z-1", "Gelang manik", ZEROS_BARCODE)
    stripped = ZEROS_BARCODE.lstrip("0")
    path = tmp_path / "dari-excel.csv"
    path.write_text(
        f"{HEADER}\nBNA-Z-1,{stripped},Gelang manik,pcs,1000,,BNA,,1,1\n"
        f"BNA-Z-2,{stripped},Gelang baru,pcs,1000,,BNA,,1,1\n",
        encoding="utf-8",
    )
    errors = preview_catalog_import(db, path).errors
    assert [(e.line, e.column, e.reason) for e in errors] == [
        (2, "barcode", "leading_zeros_lost"),
        (3, "barcode", "leading_zeros_lost"),
    ]
    assert ZEROS_BARCODE in errors[0].message and "BNA-Z-1" in errors[0].message
    with pytest.raises(CatalogImportRejected):
        apply_catalog_import(db, path)
    assert next(p for p in list_products(db) if p.sku == "BNA-Z-1").barcode == ZEROS_BARCODE


def test_what_a_spreadsheet_made_of_cells_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "rusak.csv"
    path.write_text(
        f"{HEADER}\n"
        "BNA-S-1,,Err:509,pcs,1000,,BNA,,1,1\n"
        "BNA-S-2,,#NAME?,pcs,1000,,BNA,,1,1\n"
        "BNA-S-3,2.00201E+12,Besek,pcs,1000,,BNA,,1,1\n"
        "BNA-S-4,,#1 Besek terlaris,pcs,1000,,BNA,,1,1\n",  # a name may start with "#"
        encoding="utf-8",
    )
    errors = preview_catalog_import(db, path).errors
    assert [(e.line, e.column, e.reason) for e in errors] == [
        (2, "name", "spreadsheet_error"),
        (3, "name", "spreadsheet_error"),
        (4, "barcode", "number_format"),
    ]


@pytest.mark.parametrize(
    ("cell", "told"),
    [
        ("Be\x00sek", "U+0000"),
        ("Be\tsek", "U+0009"),
        ("Be\x1bsek", "U+001B"),
        ("Be\x7fsek", "U+007F"),
        ("Be\x85sek", "U+0085"),
    ],
)
def test_control_characters_are_refused_with_line_and_column(
    db: Database, tmp_path: Path, cell: str, told: str
) -> None:
    path = tmp_path / "kontrol.csv"
    path.write_text(
        f"{HEADER}\nBNA-C-1,,Besek,pcs,1000,,BNA,,1,1\nBNA-C-2,,Besek,pcs,1000,{cell},BNA,,1,1\n",
        encoding="utf-8",
    )
    errors = preview_catalog_import(db, path).errors
    assert [(e.line, e.column, e.reason) for e in errors] == [(3, "category", "control_character")]
    assert told in errors[0].message
    with pytest.raises(CatalogImportRejected):
        apply_catalog_import(db, path)
    assert not any(p.sku.startswith("BNA-C-") for p in list_products(db))


def test_a_file_larger_than_any_catalog_is_refused_before_it_is_read(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bazaar_pos.catalog.csv_file as csv_file

    monkeypatch.setattr(csv_file, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "besar.csv"
    path.write_text(HEADER + "\n" + "x" * 2000, encoding="utf-8")
    with pytest.raises(csv_file.CatalogFileUnreadable) as raised:
        preview_catalog_import(db, path)
    assert "2," in raised.value.detail and "at most 1,000" in raised.value.detail
