"""Who may change the catalog and the settings, when, and what the journal says about it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from bazaar_pos.catalog import csv_file, events, institutions, products
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.catalog.till_settings import ShiftOpenOnTill, change_settings
from bazaar_pos.db import Database
from bazaar_pos.errors import LoginRequired
from bazaar_pos.people.access import NotPermitted
from bazaar_pos.people.audit import AuditAction, AuditRecord, list_audit
from bazaar_pos.people.shifts import close_shift
from bazaar_pos.settings import load_settings, save_settings
from tests.conftest import Staff

BESEK = "BNA-BES-001"


def _entries(db: Database, action: AuditAction) -> list[AuditRecord]:
    return list_audit(db, actions=[str(action)])


def _besek(db: Database) -> products.ProductRecord:
    return products.get_product(db, find_by_code(db, BESEK).id)


# --- products -------------------------------------------------------------------------------


def test_a_cashier_may_not_set_a_price_and_nothing_changes(db: Database, staff: Staff) -> None:
    besek = _besek(db)
    with pytest.raises(NotPermitted) as refused:
        products.save_product(
            db, dataclasses.replace(besek.to_draft(), price=1), actor=staff.cashier
        )
    assert refused.value.needed == "supervisor"
    assert _besek(db).price == besek.price
    assert _entries(db, AuditAction.PRICE_CHANGED) == []


def test_nobody_logged_in_is_refused_once_the_till_has_accounts(db: Database, staff: Staff) -> None:
    with pytest.raises(LoginRequired):
        products.archive_product(db, _besek(db).id)
    assert _besek(db).active


def test_a_price_change_is_journaled_old_to_new_with_the_new_price(
    db: Database, staff: Staff
) -> None:
    besek = _besek(db)
    draft = dataclasses.replace(besek.to_draft(), price=150_000)
    products.save_product(db, draft, actor=staff.supervisor)
    products.save_product(db, dataclasses.replace(draft, price=1), actor=staff.supervisor)
    [latest, first] = _entries(db, AuditAction.PRICE_CHANGED)
    assert latest.subject == BESEK
    assert latest.detail == "price 150.000 -> 1"
    assert latest.amount == 1
    assert latest.user_id == staff.supervisor.user_id
    assert latest.till_code == "BPN1"
    assert first.detail.endswith("-> 150.000")
    # Only the price changed: no product_changed entry besides it.
    assert _entries(db, AuditAction.PRODUCT_CHANGED) == []


def test_a_product_edit_lists_every_changed_field(db: Database, staff: Staff) -> None:
    besek = _besek(db)
    draft = dataclasses.replace(besek.to_draft(), name="Besek besar", unit="ikat", active=False)
    products.save_product(db, draft, actor=staff.admin)
    [entry] = _entries(db, AuditAction.PRODUCT_CHANGED)
    assert entry.subject == BESEK
    assert f"name {besek.name!r} -> 'Besek besar'" in entry.detail
    assert f"unit {besek.unit} -> ikat" in entry.detail
    assert "active yes -> no" in entry.detail


def test_creating_archiving_restoring_and_deleting_are_journaled(
    db: Database, staff: Staff
) -> None:
    besek = _besek(db)
    draft = dataclasses.replace(besek.to_draft(), id=None, sku="BARU-1", barcode=None)
    created = products.save_product(db, draft, actor=staff.supervisor)
    products.archive_product(db, created.id, actor=staff.supervisor)
    products.archive_product(db, created.id, actor=staff.supervisor)  # already: no entry
    products.restore_product(db, created.id, actor=staff.supervisor)
    products.delete_product(db, created.id, actor=staff.supervisor)
    [made] = _entries(db, AuditAction.PRODUCT_CREATED)
    assert made.subject == "BARU-1" and made.amount == besek.price
    [archived] = _entries(db, AuditAction.PRODUCT_ARCHIVED)
    assert archived.detail.endswith("active yes -> no")
    [restored] = _entries(db, AuditAction.PRODUCT_RESTORED)
    assert restored.detail.endswith("active no -> yes")
    [deleted] = _entries(db, AuditAction.PRODUCT_DELETED)
    assert deleted.subject == "BARU-1" and "barcode -" in deleted.detail


def test_assigned_barcodes_are_journaled_per_product(db: Database, staff: Staff) -> None:
    besek = _besek(db)
    draft = dataclasses.replace(besek.to_draft(), id=None, sku="BARU-2", barcode=None)
    created = products.save_product(db, draft, actor=staff.supervisor)
    assigned = products.assign_internal_barcodes(db, [created.id], actor=staff.supervisor)
    [entry] = _entries(db, AuditAction.BARCODES_ASSIGNED)
    assert entry.subject == "BARU-2"
    assert entry.detail == f"barcode - -> {assigned[created.id]}"


# --- institutions and events ---------------------------------------------------------------


def test_institution_and_workshop_edits_are_journaled_for_an_admin_only(
    db: Database, staff: Staff
) -> None:
    info = institutions.list_institutions(db)[0]
    draft = institutions.InstitutionDraft(
        id=info.id, code=info.code, number=info.number, name="Rutan Baru", kind=info.kind
    )
    with pytest.raises(NotPermitted):
        institutions.save_institution(db, draft, actor=staff.supervisor)
    institutions.save_institution(db, draft, actor=staff.admin)
    [changed] = _entries(db, AuditAction.INSTITUTION_CHANGED)
    assert changed.subject == info.code
    assert changed.detail == f"name {info.name!r} -> 'Rutan Baru'"
    workshop = institutions.add_workshop(db, info.id, "Las", actor=staff.admin)
    institutions.rename_workshop(db, workshop.id, "Las besi", actor=staff.admin)
    institutions.set_workshop_active(db, workshop.id, False, actor=staff.admin)
    [archived, renamed] = _entries(db, AuditAction.WORKSHOP_CHANGED)
    assert renamed.detail == "name Las -> 'Las besi'"
    assert archived.subject == f"{info.code} / Las besi"
    assert archived.detail == "active yes -> no"
    assert len(_entries(db, AuditAction.WORKSHOP_CREATED)) == 1


def _other_event(db: Database, staff: Staff) -> events.EventInfo:
    institution = institutions.list_institutions(db)[0]
    draft = events.EventDraft(
        "Bazar Ramadan", "Samarinda", dt.date(2026, 3, 1), None, (institution.id,)
    )
    return events.save_event(db, draft, actor=staff.admin)


def test_an_event_edit_is_journaled_old_to_new(db: Database, staff: Staff) -> None:
    created = _other_event(db, staff)
    draft = events.EventDraft(
        "Bazar Ramadan", "Balikpapan", created.starts_on, None, created.institution_ids, created.id
    )
    events.save_event(db, draft, actor=staff.admin)
    assert len(_entries(db, AuditAction.EVENT_CREATED)) == 1
    [changed] = _entries(db, AuditAction.EVENT_CHANGED)
    assert changed.detail == "venue Samarinda -> Balikpapan"


def test_the_current_event_cannot_change_during_an_open_shift(
    db: Database, staff: Staff, shift: int
) -> None:
    other = _other_event(db, staff)
    before = load_settings(db)
    with pytest.raises(ShiftOpenOnTill) as refused:
        events.set_current_event(db, other.id, actor=staff.admin)
    assert refused.value.shift_id == shift
    assert refused.value.till_code == "BPN1"
    assert refused.value.opened_by == "Siti Aminah"
    assert load_settings(db) == before
    assert _entries(db, AuditAction.CURRENT_EVENT_CHANGED) == []


def test_the_current_event_changes_once_the_shift_is_closed_and_is_journaled(
    db: Database, staff: Staff, shift: int
) -> None:
    other = _other_event(db, staff)
    old = events.get_event(db, load_settings(db).current_event_id)
    assert old is not None
    with pytest.raises(NotPermitted):
        events.set_current_event(db, other.id, actor=staff.supervisor)
    close_shift(db, staff.cashier, shift, counts={"note_100000": 1})
    events.set_current_event(db, other.id, actor=staff.admin)
    assert load_settings(db).current_event_id == other.id
    [entry] = _entries(db, AuditAction.CURRENT_EVENT_CHANGED)
    assert entry.detail == f"{old.name} ({old.id}) -> Bazar Ramadan ({other.id})"


# --- settings -------------------------------------------------------------------------------


def test_a_cashier_cannot_change_the_till_code_during_an_open_shift(
    db: Database, staff: Staff, shift: int
) -> None:
    wanted = load_settings(db).with_changes(till_code="BPN7")
    with pytest.raises(NotPermitted):
        change_settings(db, wanted, actor=staff.cashier)
    with pytest.raises(NotPermitted):
        change_settings(db, wanted, actor=staff.supervisor)
    with pytest.raises(ShiftOpenOnTill) as refused:
        change_settings(db, wanted, actor=staff.admin)
    assert refused.value.setting == "till_code"
    assert load_settings(db).till_code == "BPN1"
    assert _entries(db, AuditAction.TILL_CODE_CHANGED) == []


def test_an_admin_changes_the_till_code_without_a_shift_and_it_is_journaled(
    db: Database, staff: Staff
) -> None:
    change_settings(db, load_settings(db).with_changes(till_code="BPN7"), actor=staff.admin)
    assert load_settings(db).till_code == "BPN7"
    [entry] = _entries(db, AuditAction.TILL_CODE_CHANGED)
    assert entry.detail == "BPN1 -> BPN7"
    assert entry.till_code == "BPN1"  # the till as it was called when it changed
    assert entry.user_id == staff.admin.user_id


def test_each_changed_setting_is_journaled_and_a_cashier_changes_none(
    db: Database, staff: Staff
) -> None:
    wanted = load_settings(db).with_changes(paper="58mm", language="en")
    with pytest.raises(NotPermitted):
        change_settings(db, wanted, actor=staff.cashier)
    assert load_settings(db).paper == "80mm"
    change_settings(db, wanted, actor=staff.supervisor)
    assert load_settings(db) == wanted
    details = sorted(entry.detail for entry in _entries(db, AuditAction.SETTING_CHANGED))
    assert details == ["language id -> en", "paper 80mm -> 58mm"]


def test_settings_cannot_be_stored_without_a_login_once_the_till_has_accounts(
    db: Database, staff: Staff
) -> None:
    with pytest.raises(LoginRequired):
        save_settings(db, load_settings(db).with_changes(till_code="BPN7"))
    assert load_settings(db).till_code == "BPN1"


# --- the CSV file ---------------------------------------------------------------------------


def test_a_catalog_import_is_journaled_with_every_price_it_changed(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    besek = _besek(db)
    path = tmp_path / "harga.csv"
    path.write_text(
        f"sku,name,price,institution\n{BESEK},{besek.name},1,BNA\nBARU-3,Tas,5000,BNA\n",
        encoding="utf-8",
    )
    with pytest.raises(NotPermitted):
        csv_file.apply_catalog_import(db, path, actor=staff.supervisor)
    assert _besek(db).price == besek.price
    csv_file.apply_catalog_import(db, path, actor=staff.admin)
    [summary] = _entries(db, AuditAction.CATALOG_IMPORTED)
    assert summary.subject == "harga.csv"
    assert "1 added, 1 changed" in summary.detail
    [price] = _entries(db, AuditAction.PRICE_CHANGED)
    assert price.subject == BESEK and price.amount == 1
    assert price.detail.startswith(f"price {besek.price:,} -> 1".replace(",", "."))


def test_a_catalog_export_is_journaled(db: Database, staff: Staff, tmp_path: Path) -> None:
    with pytest.raises(NotPermitted):
        csv_file.export_catalog_csv(db, tmp_path / "k.csv", actor=staff.cashier)
    assert not (tmp_path / "k.csv").exists()
    count = csv_file.export_catalog_csv(db, tmp_path / "k.csv", actor=staff.supervisor)
    [entry] = _entries(db, AuditAction.CATALOG_EXPORTED)
    assert entry.subject == "k.csv" and entry.detail.endswith(f"{count} products")
