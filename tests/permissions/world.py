"""What the permission cases act on: one till, its three staff logged in, an open shift.

Built once per test session as an SQLite file; each case works on its own copy, so a case that
is allowed (and changes data) never affects another.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.paths import database_path
from bazaar_pos.people.access import Action, Actor


@dataclass(frozen=True)
class World:
    """A till with the demo event, staff logged in, an open shift (cashier) and one sale."""

    db: Database
    data_dir: Path
    admin: Actor
    supervisor: Actor
    cashier: Actor
    shift_id: int
    receipt_no: str  # a cash sale of the open shift
    tmp: Path  # a scratch folder for files a case writes


@dataclass(frozen=True)
class Case:
    """One service, called for one :class:`Action`; ``call`` must succeed for a role that may."""

    action: Action
    name: str  # e.g. "catalog.products.save_product"
    call: Callable[[World, Actor], object]


def copy_world(template: Path, into: Path) -> Path:
    """Copy the template's data folder (database and WAL, if any) into ``into``."""
    shutil.copytree(template, into)
    return into


def open_copy(data_dir: Path) -> Database:
    return Database(sqlite_url(database_path(data_dir)), anonymous_setup=True)
