"""Institutions and their workshops: codes, numbers inside internal barcodes, archiving."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bazaar_pos.catalog.institutions import (
    DuplicateCode,
    DuplicateNumber,
    DuplicateWorkshop,
    InstitutionDraft,
    InstitutionInfo,
    InstitutionNotFound,
    InvalidInstitution,
    InvalidWorkshop,
    NoFreeNumber,
    NumberOnPrintedBarcodes,
    WorkshopNotFound,
    add_workshop,
    get_institution,
    list_institutions,
    rename_workshop,
    save_institution,
    set_workshop_active,
)
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.catalog.products import ProductDraft, save_product
from bazaar_pos.db import Database
from bazaar_pos.db.models import Institution, SaleLine
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale


def by_code(db: Database, code: str) -> InstitutionInfo:
    return next(inst for inst in list_institutions(db) if inst.code == code)


def new_draft(code: str = "SMD", **changes: Any) -> InstitutionDraft:
    values: dict[str, Any] = {
        "code": code,
        "name": "Lapas Kelas IIA Samarinda",
        "kind": "Lapas",
        **changes,
    }
    return InstitutionDraft(**values)


# --- listing -------------------------------------------------------------------------------


def test_demo_institutions_are_listed_by_code_with_their_workshops(db: Database) -> None:
    institutions = list_institutions(db)
    assert [(i.code, i.number, i.kind) for i in institutions] == [
        ("BLA", 3, "Rutan"),
        ("BNA", 2, "Rutan"),
        ("BPN", 1, "Rutan"),
    ]
    bpn = institutions[2]
    assert bpn.name == "Rutan Kelas IIA Balikpapan"
    assert [w.name for w in bpn.workshops] == ["Kafe asimilasi", "Kerajinan kayu", "UMKM makanan"]
    assert all(w.active and w.institution_id == bpn.id for w in bpn.workshops)
    assert get_institution(db, bpn.id) == bpn


def test_unknown_institution_id(db: Database) -> None:
    with pytest.raises(InstitutionNotFound) as caught:
        get_institution(db, 9_999)
    assert caught.value.institution_id == 9_999


# --- creating ------------------------------------------------------------------------------


def test_new_institution_gets_the_lowest_free_number(db: Database) -> None:
    created = save_institution(db, new_draft(" smd ", kind="lapas", name="  Lapas Samarinda "))
    assert (created.code, created.number, created.kind, created.name) == (
        "SMD",
        4,
        "Lapas",
        "Lapas Samarinda",
    )
    assert created.workshops == ()
    assert by_code(db, "SMD") == created


def test_auto_numbers_fill_gaps_and_keep_zero_for_last(db: Database) -> None:
    six = save_institution(db, new_draft("LPKA1", kind="LPKA", number=6))
    zero = save_institution(db, new_draft("BPS", kind="Bapas", number=0))
    four = save_institution(db, new_draft("SMD"))
    five = save_institution(db, new_draft("TGR", kind="Lainnya"))
    seven = save_institution(db, new_draft("BTG"))
    assert [six.number, zero.number, four.number, five.number, seven.number] == [6, 0, 4, 5, 7]


def test_no_free_number_when_all_hundred_are_taken(db: Database) -> None:
    with db.write() as session:
        for number in range(4, 100):
            session.add(Institution(code=f"X{number}", number=number, name="x", kind="Rutan"))
        session.add(Institution(code="X0", number=0, name="x", kind="Rutan"))
    with pytest.raises(NoFreeNumber) as caught:
        save_institution(db, new_draft("SMD"))
    assert caught.value.field == "number"
    assert "SMD" not in {i.code for i in list_institutions(db)}


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"code": "B"}, "code", "bad_format"),
        ({"code": "SAMARINDA1"}, "code", "bad_format"),
        ({"code": "SM D"}, "code", "bad_format"),
        ({"code": "SMÐ"}, "code", "bad_format"),
        ({"code": "S-M"}, "code", "bad_format"),
        ({"code": "  "}, "code", "required"),
        ({"name": "   "}, "name", "required"),
        ({"name": "x" * 121}, "name", "too_long"),
        ({"kind": "Penjara"}, "kind", "unknown_kind"),
        ({"number": -1}, "number", "out_of_range"),
        ({"number": 100}, "number", "out_of_range"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(
    db: Database, changes: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(InvalidInstitution) as caught:
        save_institution(db, new_draft(**changes))
    assert (caught.value.field, caught.value.reason) == (field, reason)
    assert len(list_institutions(db)) == 3


def test_code_and_number_must_be_unique(db: Database) -> None:
    bpn = by_code(db, "BPN")
    with pytest.raises(DuplicateCode) as code_taken:
        save_institution(db, new_draft("bpn"))
    assert (code_taken.value.field, code_taken.value.code, code_taken.value.other_id) == (
        "code",
        "BPN",
        bpn.id,
    )
    with pytest.raises(DuplicateNumber) as number_taken:
        save_institution(db, new_draft("SMD", number=2))
    assert (number_taken.value.field, number_taken.value.other_code) == ("number", "BNA")
    assert "SMD" in str(DuplicateCode("SMD", 1)) and "02" in str(number_taken.value)


# --- updating ------------------------------------------------------------------------------


def test_update_keeps_the_number_when_none_is_given(db: Database) -> None:
    bna = by_code(db, "BNA")
    saved = save_institution(
        db,
        InstitutionDraft(
            id=bna.id, code="BNA", name="Rutan Kelas IIB Banjarnegara (baru)", kind="Rutan"
        ),
    )
    assert (saved.id, saved.number, saved.name) == (
        bna.id,
        2,
        "Rutan Kelas IIB Banjarnegara (baru)",
    )
    assert saved.workshops == bna.workshops
    # Its own code and number are not "taken" by itself.
    again = save_institution(
        db, InstitutionDraft(id=bna.id, code="BNA", name="x", kind="Lapas", number=2)
    )
    assert (again.number, again.kind) == (2, "Lapas")


def test_number_cannot_change_once_barcodes_carry_it(db: Database) -> None:
    bpn = by_code(db, "BPN")  # its 13 demo products have barcodes 2001…
    with pytest.raises(NumberOnPrintedBarcodes) as caught:
        save_institution(db, InstitutionDraft(id=bpn.id, code="BPN", name=bpn.name, number=7))
    error = caught.value
    assert (error.field, error.old, error.new, error.barcodes) == ("number", 1, 7, 13)
    assert by_code(db, "BPN").number == 1


def test_number_can_change_while_no_internal_barcode_uses_it(db: Database) -> None:
    smd = save_institution(db, new_draft("SMD"))
    save_product(
        db,
        ProductDraft(
            sku="SMD-001",
            name="Sandal hotel",
            price=5_000,
            institution_id=smd.id,
            barcode="8996065120017",  # a manufacturer's EAN-13, not 2004…
        ),
    )
    moved = save_institution(db, InstitutionDraft(id=smd.id, code="SMD", name=smd.name, number=42))
    assert moved.number == 42


def test_a_migrated_institution_without_number_gets_one_on_save(db: Database) -> None:
    with db.write() as session:
        old = Institution(code="OLD", number=None, name="Rutan lama", kind="Rutan")
        session.add(old)
        session.flush()
        old_id = old.id
    assert get_institution(db, old_id).number is None
    saved = save_institution(db, InstitutionDraft(id=old_id, code="OLD", name="Rutan lama"))
    assert saved.number == 4


def test_saving_an_unknown_id_is_refused(db: Database) -> None:
    with pytest.raises(InstitutionNotFound):
        save_institution(db, InstitutionDraft(id=9_999, code="SMD", name="x"))


# --- workshops -----------------------------------------------------------------------------


def test_workshops_are_added_renamed_and_unique_per_institution_ignoring_case(
    db: Database,
) -> None:
    bna = by_code(db, "BNA")
    bpn = by_code(db, "BPN")
    sablon = add_workshop(db, bna.id, "  Sablon kaos ")
    assert (sablon.name, sablon.institution_id, sablon.active) == ("Sablon kaos", bna.id, True)
    with pytest.raises(DuplicateWorkshop) as caught:
        add_workshop(db, bna.id, "ANYAMAN BAMBU")
    assert (caught.value.field, caught.value.institution_code) == ("name", "BNA")
    # Another institution may have a workshop of the same name.
    assert add_workshop(db, bpn.id, "Sablon kaos").institution_id == bpn.id

    renamed = rename_workshop(db, sablon.id, "Sablon & konveksi")
    assert (renamed.id, renamed.name) == (sablon.id, "Sablon & konveksi")
    assert rename_workshop(db, sablon.id, "sablon & KONVEKSI").name == "sablon & KONVEKSI"
    with pytest.raises(DuplicateWorkshop):
        rename_workshop(db, sablon.id, "Anyaman Bambu")
    assert [w.name for w in get_institution(db, bna.id).workshops] == [
        "Anyaman bambu",
        "sablon & KONVEKSI",
    ]


@pytest.mark.parametrize(("name", "reason"), [("  ", "required"), ("x" * 81, "too_long")])
def test_workshop_names_are_checked(db: Database, name: str, reason: str) -> None:
    with pytest.raises(InvalidWorkshop) as caught:
        add_workshop(db, by_code(db, "BNA").id, name)
    assert (caught.value.field, caught.value.reason) == ("name", reason)


def test_unknown_ids_for_workshops(db: Database) -> None:
    with pytest.raises(InstitutionNotFound):
        add_workshop(db, 9_999, "Sablon")
    with pytest.raises(WorkshopNotFound):
        rename_workshop(db, 9_999, "Sablon")
    with pytest.raises(WorkshopNotFound):
        set_workshop_active(db, 9_999, False)


def test_an_archived_workshop_stays_on_past_sales_and_in_the_list(db: Database) -> None:
    bpn = by_code(db, "BPN")
    kafe = next(w for w in bpn.workshops if w.name == "Kafe asimilasi")
    kopi_susu = find_by_code(db, "BPN-KAF-002")
    commit_sale(
        db,
        [SaleLineRequest(kopi_susu.id, 2, kopi_susu.price)],
        PaymentRequest("cash"),
        cashier="Kasir",
        till_code="BPN1",
        event_id=None,
    )
    archived = set_workshop_active(db, kafe.id, False)
    assert (archived.id, archived.active) == (kafe.id, False)
    listed = next(w for w in get_institution(db, bpn.id).workshops if w.id == kafe.id)
    assert listed.active is False
    with db.read() as session:
        line = session.scalars(select(SaleLine).where(SaleLine.product_id == kopi_susu.id)).one()
    assert line.workshop_id == kafe.id
    assert set_workshop_active(db, kafe.id, True).active is True
