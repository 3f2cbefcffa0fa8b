"""Sync: writing this till's export, merging another till's."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from bazaar_pos.db.models import PaymentMethod
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.sync import export_till, import_export
from bazaar_pos.till.sales import PaymentRequest, commit_sale
from tests.permissions.world import Case, World
from tests.sync.support import BESEK, line


@functools.cache
def _other_till_export() -> Path:
    """One sale of another laptop (BNA1, no accounts), exported once per test run."""
    folder = Path(tempfile.mkdtemp(prefix="bazaar-sync-case-"))
    atexit.register(shutil.rmtree, folder, True)
    db = open_till(folder / "data", seed_demo=True, anonymous_setup=True).db
    try:
        save_settings(db, load_settings(db).with_changes(till_code="BNA1"))
        commit_sale(
            db,
            [line(db, BESEK, 2)],
            PaymentRequest(PaymentMethod.CASH),
            cashier="Rina",
            till_code="BNA1",
            event_id=load_settings(db).current_event_id,
        )
        export_till(db, folder / "bna1.zip", exported_by="Rina")
    finally:
        db.dispose()
    return folder / "bna1.zip"


def _export(world: World, actor: Actor) -> object:
    return export_till(world.db, world.tmp / "bpn1.zip", exported_by=actor)


def _import(world: World, actor: Actor) -> object:
    return import_export(world.db, _other_till_export(), imported_by=actor)


CASES = [
    Case(Action.SYNC_EXPORT, "sync.export.export_till", _export),
    Case(Action.SYNC_IMPORT, "sync.merge.import_export", _import),
]
