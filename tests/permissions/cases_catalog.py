"""The catalog: products and prices, labels, the CSV import and export, institutions and
workshops, events and the current event."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from bazaar_pos.catalog import csv_file, events, institutions, labels, products
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.people.access import Action, Actor
from tests.permissions.world import Case, World

BESEK = "BNA-BES-001"


def _besek(world: World) -> products.ProductRecord:
    return products.get_product(world.db, find_by_code(world.db, BESEK).id)


def _change_price(world: World, actor: Actor) -> object:
    draft = dataclasses.replace(_besek(world).to_draft(), price=1)
    return products.save_product(world.db, draft, actor=actor)


def _new_product(world: World, actor: Actor) -> object:
    draft = dataclasses.replace(_besek(world).to_draft(), id=None, sku="BARU-1", barcode=None)
    return products.save_product(world.db, draft, actor=actor)


def _archive(world: World, actor: Actor) -> object:
    return products.archive_product(world.db, _besek(world).id, actor=actor)


def _restore(world: World, actor: Actor) -> object:
    return products.restore_product(world.db, _besek(world).id, actor=actor)


def _delete(world: World, actor: Actor) -> object:
    """Every demo product has opening stock: an allowed user is told to archive it instead."""
    try:
        return products.delete_product(world.db, _besek(world).id, actor=actor)
    except products.ProductHasHistory as refused:
        return refused


def _barcodes(world: World, actor: Actor) -> object:
    return products.assign_internal_barcodes(world.db, [_besek(world).id], actor=actor)


def _labels(world: World, actor: Actor) -> object:
    try:
        return labels.labels_for_products(world.db, [_besek(world).id], actor=actor)
    except labels.MissingBarcode as missing:
        return missing  # allowed; the demo besek may have no printable barcode


def _catalog_file(world: World) -> Path:
    path = world.tmp / "katalog.csv"
    path.write_text("sku,name,price,institution\nBNA-BES-001,Besek bambu,1,BNA\n", encoding="utf-8")
    return path


def _preview(world: World, actor: Actor) -> object:
    return csv_file.preview_catalog_import(world.db, _catalog_file(world), actor=actor)


def _import(world: World, actor: Actor) -> object:
    return csv_file.apply_catalog_import(world.db, _catalog_file(world), actor=actor)


def _export(world: World, actor: Actor) -> object:
    return csv_file.export_catalog_csv(world.db, world.tmp / "keluar.csv", actor=actor)


def _first_institution(world: World) -> institutions.InstitutionInfo:
    return institutions.list_institutions(world.db)[0]


def _edit_institution(world: World, actor: Actor) -> object:
    info = _first_institution(world)
    draft = institutions.InstitutionDraft(
        id=info.id, code=info.code, number=info.number, name=info.name + " X", kind=info.kind
    )
    return institutions.save_institution(world.db, draft, actor=actor)


def _add_workshop(world: World, actor: Actor) -> object:
    return institutions.add_workshop(world.db, _first_institution(world).id, "Las", actor=actor)


def _rename_workshop(world: World, actor: Actor) -> object:
    workshop = _first_institution(world).workshops[0]
    return institutions.rename_workshop(world.db, workshop.id, "Ukir baru", actor=actor)


def _archive_workshop(world: World, actor: Actor) -> object:
    workshop = _first_institution(world).workshops[0]
    return institutions.set_workshop_active(world.db, workshop.id, False, actor=actor)


def _new_event(world: World, actor: Actor) -> object:
    draft = events.EventDraft(
        name="Bazar Ramadan",
        venue="Balikpapan",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 3),
        institution_ids=(_first_institution(world).id,),
    )
    return events.save_event(world.db, draft, actor=actor)


def _set_current_event(world: World, actor: Actor) -> object:
    """The till's own event again (the world has one event and a shift open on it: choosing
    another one is refused for the shift, tested in tests/catalog/test_events.py)."""
    event_id = events.list_events(world.db)[0].id
    return events.set_current_event(world.db, event_id, actor=actor)


CASES = [
    Case(Action.EDIT_PRODUCTS, "catalog.products.save_product (price)", _change_price),
    Case(Action.EDIT_PRODUCTS, "catalog.products.save_product (new)", _new_product),
    Case(Action.EDIT_PRODUCTS, "catalog.products.archive_product", _archive),
    Case(Action.EDIT_PRODUCTS, "catalog.products.restore_product", _restore),
    Case(Action.EDIT_PRODUCTS, "catalog.products.delete_product", _delete),
    Case(Action.EDIT_PRODUCTS, "catalog.products.assign_internal_barcodes", _barcodes),
    Case(Action.EDIT_PRODUCTS, "catalog.labels.labels_for_products", _labels),
    Case(Action.IMPORT_CATALOG, "catalog.csv_file.preview_catalog_import", _preview),
    Case(Action.IMPORT_CATALOG, "catalog.csv_file.apply_catalog_import", _import),
    Case(Action.EXPORT_CATALOG, "catalog.csv_file.export_catalog_csv", _export),
    Case(Action.EDIT_INSTITUTIONS, "catalog.institutions.save_institution", _edit_institution),
    Case(Action.EDIT_INSTITUTIONS, "catalog.institutions.add_workshop", _add_workshop),
    Case(Action.EDIT_INSTITUTIONS, "catalog.institutions.rename_workshop", _rename_workshop),
    Case(Action.EDIT_INSTITUTIONS, "catalog.institutions.set_workshop_active", _archive_workshop),
    Case(Action.EDIT_EVENTS, "catalog.events.save_event", _new_event),
    Case(Action.SET_CURRENT_EVENT, "catalog.events.set_current_event", _set_current_event),
]
