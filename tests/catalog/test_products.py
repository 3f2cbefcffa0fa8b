"""Catalog management: listing, saving with its rules, archiving, deleting, internal barcodes."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Connection

import bazaar_pos.catalog.products as products_module
from bazaar_pos.catalog.barcodes import gtin_check_digit, in_store_ean13, is_valid_ean13
from bazaar_pos.catalog.institutions import (
    InstitutionInfo,
    InstitutionNotFound,
    WorkshopNotFound,
    add_workshop,
    list_institutions,
    set_workshop_active,
)
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.catalog.products import (
    DuplicateBarcode,
    DuplicateSku,
    InstitutionHasNoNumber,
    InvalidProduct,
    ProductDraft,
    ProductHasHistory,
    ProductNotFound,
    ProductRecord,
    archive_product,
    assign_internal_barcodes,
    barcode_problem,
    delete_product,
    get_product,
    list_categories,
    list_products,
    restore_product,
    save_product,
)
from bazaar_pos.db import Database
from bazaar_pos.db.models import Institution, Product, SaleLine
from bazaar_pos.db.rows import for_driver
from bazaar_pos.errors import UnknownCode
from bazaar_pos.money import MAX_AMOUNT
from bazaar_pos.settings import load_settings
from bazaar_pos.stock.ledger import stock_on_hand
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale, receipt_for

DEMO_PRODUCTS = 30  # assets/demo_catalog.csv


def institution(db: Database, code: str) -> InstitutionInfo:
    return next(inst for inst in list_institutions(db) if inst.code == code)


def workshop_id(db: Database, code: str, name: str) -> int:
    return next(w.id for w in institution(db, code).workshops if w.name == name)


def product(db: Database, sku: str) -> ProductRecord:
    return next(p for p in list_products(db, include_archived=True) if p.sku == sku)


def draft(db: Database, **changes: Any) -> ProductDraft:
    values: dict[str, Any] = {
        "sku": "BNA-BES-010",
        "name": "Besek anyaman bambu tanpa tutup",
        "unit": "buah",
        "price": 150,
        "category": "Anyaman bambu",
        "institution_id": institution(db, "BNA").id,
        "workshop_id": workshop_id(db, "BNA", "Anyaman bambu"),
        **changes,
    }
    return ProductDraft(**values)


def sell(db: Database, sku: str, quantity: int) -> None:
    info = find_by_code(db, sku)
    commit_sale(
        db,
        [SaleLineRequest(info.id, quantity, info.price)],
        PaymentRequest("cash"),
        cashier="Siti Rahmawati",
        till_code="BPN1",
        event_id=load_settings(db).current_event_id,
    )


# --- listing -------------------------------------------------------------------------------


def test_list_shows_every_active_product_by_name_with_stock_and_attribution(
    db: Database,
) -> None:
    products = list_products(db)
    assert len(products) == DEMO_PRODUCTS
    names = [p.name for p in products]
    assert names == sorted(names)
    besek = product(db, "BNA-BES-001")
    assert besek == ProductRecord(
        id=besek.id,
        sku="BNA-BES-001",
        barcode="2002000000019",
        name="Besek bambu kecil",
        unit="buah",
        price=125,
        category="Anyaman bambu",
        institution_id=institution(db, "BNA").id,
        institution_code="BNA",
        workshop_id=workshop_id(db, "BNA", "Anyaman bambu"),
        workshop_name="Anyaman bambu",
        track_stock=True,
        active=True,
        on_hand=2000,
        has_history=True,  # its opening stock arrived
    )
    kopi = product(db, "BPN-KAF-002")
    assert (kopi.track_stock, kopi.on_hand, kopi.has_history) == (False, 0, False)
    sell(db, "BPN-KAF-002", 2)  # café: a sale line, no stock movement
    sell(db, "BNA-BES-001", 1600)
    assert product(db, "BPN-KAF-002").has_history is True
    assert product(db, "BNA-BES-001").on_hand == 400 == stock_on_hand(db, besek.id)
    # A search reads stock and history per listed row, the whole list in one grouped pass:
    # both give the same records.
    for sku in ("BNA-BES-001", "BPN-KAF-002", "BPN-KAF-003"):
        assert list_products(db, text=sku) == [product(db, sku)]
        assert get_product(db, product(db, sku).id) == product(db, sku)


def test_list_filters(db: Database) -> None:
    bna = institution(db, "BNA")
    assert [p.sku for p in list_products(db, text="BESEK")] == ["BNA-BES-002", "BNA-BES-001"]
    assert [p.sku for p in list_products(db, text="2003000000030")] == ["BLA-KYU-001"]
    assert {p.sku for p in list_products(db, text="bpn-kaf-00")} == {
        f"BPN-KAF-00{n}" for n in range(1, 6)
    }
    assert list_products(db, text="%") == []
    assert {p.institution_code for p in list_products(db, institution_id=bna.id)} == {"BNA"}
    assert len(list_products(db, institution_id=bna.id)) == 5
    assert {p.sku for p in list_products(db, category="Kafe")} == {
        f"BPN-KAF-00{n}" for n in range(1, 6)
    }
    assert len(list_products(db, text="kayu", institution_id=bna.id)) == 0
    assert len(list_products(db, limit=3)) == 3


def test_list_categories(db: Database) -> None:
    assert list_categories(db) == [
        "Anyaman bambu",
        "Kafe",
        "Kerajinan kayu",
        "Keset",
        "UMKM makanan",
    ]


def test_the_list_is_one_query_reading_balances_not_summing_the_ledger(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One statement, read through the driver (in batches), none through SQLAlchemy's rows."""
    through_sqlalchemy: list[str] = []
    through_driver: list[str] = []

    def count(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            through_sqlalchemy.append(statement)

    real = products_module.plain_batches

    def recorded(connection: Connection, statement: Any, size: int) -> Any:
        through_driver.append(for_driver(statement, connection.dialect).sql)
        return real(connection, statement, size)

    monkeypatch.setattr(products_module, "plain_batches", recorded)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        products = list_products(db, include_archived=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(products) == DEMO_PRODUCTS
    assert through_sqlalchemy == []
    assert len(through_driver) == 1
    assert "stock_balances" in through_driver[0]
    assert "sum(" not in through_driver[0].lower()


# --- saving --------------------------------------------------------------------------------


def test_create_strips_text_and_returns_the_record(db: Database) -> None:
    created = save_product(
        db, draft(db, sku=" BNA-BES-010 ", name=" Besek tanpa tutup ", barcode="  ")
    )
    assert (created.sku, created.name, created.barcode) == (
        "BNA-BES-010",
        "Besek tanpa tutup",
        None,
    )
    assert (created.institution_code, created.workshop_name, created.price) == (
        "BNA",
        "Anyaman bambu",
        150,
    )
    assert (created.on_hand, created.has_history, created.active) == (0, False, True)
    assert get_product(db, created.id) == created
    assert find_by_code(db, "BNA-BES-010").price == 150


def test_update_changes_only_what_was_edited(db: Database) -> None:
    talenan = product(db, "BLA-KYU-001")
    saved = save_product(db, dataclasses.replace(talenan.to_draft(), price=47_500))
    assert saved == dataclasses.replace(talenan, price=47_500)


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"name": "  "}, "name", "required"),
        ({"sku": ""}, "sku", "required"),
        ({"unit": ""}, "unit", "required"),
        ({"sku": "X" * 41}, "sku", "too_long"),
        ({"name": "x" * 161}, "name", "too_long"),
        ({"category": "x" * 61}, "category", "too_long"),
        ({"price": -1}, "price", "out_of_range"),
        ({"price": MAX_AMOUNT + 1}, "price", "out_of_range"),
        ({"price": 12.5}, "price", "not_a_number"),
        ({"price": True}, "price", "not_a_number"),
        ({"barcode": "2002000000010"}, "barcode", "bad_check_digit"),  # EAN-13, check is 9
        ({"barcode": "96385075"}, "barcode", "bad_check_digit"),  # EAN-8, check is 4
        ({"barcode": "036000291453"}, "barcode", "bad_check_digit"),  # UPC-A, check is 2
        ({"barcode": "ABC 123"}, "barcode", "bad_characters"),
        ({"barcode": "BESEK-é"}, "barcode", "bad_characters"),
        ({"barcode": "1" * 33}, "barcode", "too_long"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(
    db: Database, changes: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(InvalidProduct) as caught:
        save_product(db, draft(db, **changes))
    assert (caught.value.field, caught.value.reason) == (field, reason)
    assert len(list_products(db)) == DEMO_PRODUCTS


@pytest.mark.parametrize(
    "barcode",
    [
        "8996065120017",  # EAN-13 (GS1 Indonesia prefix)
        "96385074",  # EAN-8
        "036000291452",  # UPC-A
        "BESEK-010",  # a shop's own Code 128 label
        "12345678901234",  # 14 digits: not one of the checked lengths
        "0" * 32,
    ],
)
def test_good_barcodes_are_accepted(db: Database, barcode: str) -> None:
    assert save_product(db, draft(db, barcode=barcode)).barcode == barcode
    assert find_by_code(db, barcode).sku == "BNA-BES-010"


def test_check_digits_of_every_gtin_length() -> None:
    assert gtin_check_digit("200200000001") == "9"
    assert gtin_check_digit("9638507") == "4"
    assert gtin_check_digit("03600029145") == "2"
    assert barcode_problem("2002000000019") is None
    assert barcode_problem("2002000000018") == "bad_check_digit"


def test_sku_and_barcode_are_unique(db: Database) -> None:
    besek = product(db, "BNA-BES-001")
    with pytest.raises(DuplicateSku) as sku_taken:
        save_product(db, draft(db, sku="BNA-BES-001"))
    assert (sku_taken.value.field, sku_taken.value.other_id) == ("sku", besek.id)
    with pytest.raises(DuplicateBarcode) as barcode_taken:
        save_product(db, draft(db, barcode="2002000000019"))
    error = barcode_taken.value
    assert (error.field, error.other_id, error.other_sku) == ("barcode", besek.id, "BNA-BES-001")
    # A product keeps its own SKU and barcode when saved again.
    assert save_product(db, besek.to_draft()) == besek


def test_the_workshop_must_belong_to_the_institution_and_be_active(db: Database) -> None:
    with pytest.raises(InvalidProduct) as wrong:
        save_product(db, draft(db, workshop_id=workshop_id(db, "BPN", "Kerajinan kayu")))
    assert (wrong.value.field, wrong.value.reason) == ("workshop_id", "wrong_institution")
    with pytest.raises(WorkshopNotFound):
        save_product(db, draft(db, workshop_id=9_999))
    with pytest.raises(InstitutionNotFound):
        save_product(db, draft(db, institution_id=9_999, workshop_id=None))

    bna = institution(db, "BNA")
    sablon = add_workshop(db, bna.id, "Sablon")
    kept = save_product(db, draft(db, workshop_id=sablon.id))
    set_workshop_active(db, sablon.id, False)
    with pytest.raises(InvalidProduct) as archived:
        save_product(db, draft(db, sku="BNA-SBL-002", workshop_id=sablon.id))
    assert (archived.value.field, archived.value.reason) == ("workshop_id", "archived_workshop")
    # A product already in the archived workshop can still be edited.
    repriced = save_product(db, dataclasses.replace(kept.to_draft(), price=200))
    assert (repriced.price, repriced.workshop_id) == (200, sablon.id)


def test_unknown_product_id(db: Database) -> None:
    with pytest.raises(ProductNotFound):
        save_product(db, draft(db, id=9_999))
    with pytest.raises(ProductNotFound):
        get_product(db, 9_999)
    with pytest.raises(ProductNotFound):
        archive_product(db, 9_999)


def test_a_price_change_leaves_past_sales_as_they_were(db: Database) -> None:
    lukisan = product(db, "BPN-PYR-001")
    sell(db, "BPN-PYR-001", 1)
    save_product(
        db,
        dataclasses.replace(lukisan.to_draft(), price=175_000, name="Lukisan bakar kayu 30x40"),
    )
    with db.read() as session:
        line = session.scalars(select(SaleLine).where(SaleLine.product_id == lukisan.id)).one()
        assert (line.unit_price, line.line_total, line.product_name) == (
            150_000,
            150_000,
            "Lukisan bakar kayu (pyrography) pemandangan 30x40 cm",
        )
    receipt = receipt_for(db, "BPN1-000001", actor=None)
    assert (receipt.total, receipt.lines[0].unit_price) == (150_000, 150_000)
    assert find_by_code(db, "BPN-PYR-001").price == 175_000


# --- archive, restore, delete --------------------------------------------------------------


def test_archive_hides_from_the_till_and_restore_brings_back(db: Database) -> None:
    besek = product(db, "BNA-BES-001")
    archived = archive_product(db, besek.id)
    assert archived == dataclasses.replace(besek, active=False)
    with pytest.raises(UnknownCode):
        find_by_code(db, "2002000000019")
    assert besek.id not in {p.id for p in list_products(db)}
    assert besek.id in {p.id for p in list_products(db, include_archived=True)}
    assert restore_product(db, besek.id) == besek
    assert find_by_code(db, "2002000000019").id == besek.id


def test_delete_only_without_history(db: Database) -> None:
    new = save_product(db, draft(db))
    delete_product(db, new.id)
    with pytest.raises(ProductNotFound):
        get_product(db, new.id)

    talenan = product(db, "BLA-KYU-001")  # its opening stock is in the ledger
    with pytest.raises(ProductHasHistory) as moved:
        delete_product(db, talenan.id)
    assert (moved.value.sale_lines, moved.value.movements, moved.value.counts) == (0, 1, 0)
    assert "archive" in str(moved.value)

    kopi = product(db, "BPN-KAF-001")  # café: sold, but no stock movement
    sell(db, "BPN-KAF-001", 1)
    with pytest.raises(ProductHasHistory) as sold:
        delete_product(db, kopi.id)
    assert (sold.value.sale_lines, sold.value.movements, sold.value.product_id) == (
        1,
        0,
        kopi.id,
    )
    assert len(list_products(db)) == DEMO_PRODUCTS
    with pytest.raises(ProductNotFound):
        delete_product(db, new.id)


# --- internal barcodes ---------------------------------------------------------------------


def test_internal_barcodes_are_valid_sequential_and_unique(db: Database) -> None:
    bna, bla = institution(db, "BNA"), institution(db, "BLA")
    new_bna = [save_product(db, draft(db, sku=f"BNA-NEW-{n}", barcode=None)).id for n in range(3)]
    new_bla = save_product(
        db, draft(db, sku="BLA-NEW-1", institution_id=bla.id, workshop_id=None)
    ).id
    besek = product(db, "BNA-BES-001")  # already has a barcode: left alone
    assigned = assign_internal_barcodes(db, [new_bna[0], besek.id, new_bla, *new_bna[1:]])
    # BNA's demo barcodes use sequences 1–5, BLA's 1–12 (2003000000122 is the highest).
    assert assigned == {
        new_bna[0]: in_store_ean13(bna.number or 0, 6),
        new_bla: in_store_ean13(bla.number or 0, 13),
        new_bna[1]: in_store_ean13(bna.number or 0, 7),
        new_bna[2]: in_store_ean13(bna.number or 0, 8),
    }
    assert assigned[new_bna[0]] == "2002000000064"
    all_barcodes = [p.barcode for p in list_products(db, include_archived=True) if p.barcode]
    assert len(all_barcodes) == len(set(all_barcodes))
    for product_id, barcode in assigned.items():
        assert is_valid_ean13(barcode)
        assert barcode.startswith("2") and 20 <= int(barcode[:2]) <= 29
        assert get_product(db, product_id).barcode == barcode
        assert find_by_code(db, barcode).id == product_id
    assert get_product(db, besek.id).barcode == "2002000000019"
    assert assign_internal_barcodes(db, new_bna) == {}  # they have one now


def test_internal_barcodes_never_collide_with_typed_ones(db: Database) -> None:
    bpn = institution(db, "BPN")
    # Someone typed a BNA-looking internal barcode on a BPN product.
    save_product(
        db,
        draft(
            db,
            sku="BPN-X",
            barcode=in_store_ean13(2, 500),
            institution_id=bpn.id,
            workshop_id=None,
        ),
    )
    new = save_product(db, draft(db, sku="BNA-NEW")).id
    assert assign_internal_barcodes(db, [new]) == {new: in_store_ean13(2, 501)}


def test_internal_barcodes_need_the_institution_number_and_are_all_or_nothing(
    db: Database,
) -> None:
    with db.write() as session:
        old = Institution(code="OLD", number=None, name="Rutan lama", kind="Rutan")
        session.add(old)
        session.flush()
        old_id = old.id
    fine = save_product(db, draft(db, sku="BNA-NEW")).id
    numberless = save_product(
        db, draft(db, sku="OLD-1", institution_id=old_id, workshop_id=None)
    ).id
    with pytest.raises(InstitutionHasNoNumber) as caught:
        assign_internal_barcodes(db, [fine, numberless])
    assert (caught.value.institution_id, caught.value.code) == (old_id, "OLD")
    assert get_product(db, fine).barcode is None
    with pytest.raises(ProductNotFound):
        assign_internal_barcodes(db, [fine, 9_999])
    assert get_product(db, fine).barcode is None
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == DEMO_PRODUCTS + 2
