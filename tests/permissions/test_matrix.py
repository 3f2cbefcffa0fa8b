"""Every service that changes or reveals data, called as every role: the table decides.

The cases live beside this file, one module per area (``cases_<area>.py``, each a ``CASES``
list). For every case and role, :data:`bazaar_pos.people.access.PERMISSIONS` says whether the
role may: if it may, the call succeeds; if not, it raises :class:`NotPermitted` and the database
is byte for byte what it was. A hand-made Actor (no login) is refused everywhere.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import pkgutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import tests.permissions
from bazaar_pos.db import Database
from bazaar_pos.db.models import PaymentMethod, Role
from bazaar_pos.paths import database_path
from bazaar_pos.people.access import PERMISSIONS, Action, Actor, NotLoggedIn, NotPermitted, may
from bazaar_pos.people.shifts import open_shift
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import open_till
from bazaar_pos.till.sales import PaymentRequest, commit_sale
from tests.conftest import add_user
from tests.permissions.world import Case, World, copy_world, open_copy
from tests.sync.support import BESEK, line


def _cases() -> list[Case]:
    found: list[Case] = []
    for module in pkgutil.iter_modules(tests.permissions.__path__):
        if module.name.startswith("cases_"):
            imported = importlib.import_module(f"tests.permissions.{module.name}")
            found.extend(imported.CASES)
    return found


CASES = _cases()


def _preparations() -> list[Callable[[Database, Actor], None]]:
    """What some areas' cases need in the template besides the sale: a ``prepare(db, admin)``
    of their ``cases_<area>`` module, run once while the template is built."""
    found = []
    for module in pkgutil.iter_modules(tests.permissions.__path__):
        if module.name.startswith("cases_"):
            imported = importlib.import_module(f"tests.permissions.{module.name}")
            if hasattr(imported, "prepare"):
                found.append(imported.prepare)
    return found


ROLES = (Role.CASHIER, Role.SUPERVISOR, Role.ADMIN)


@dataclasses.dataclass(frozen=True)
class Template:
    data_dir: Path
    admin: Actor
    supervisor: Actor
    cashier: Actor
    shift_id: int
    receipt_no: str


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    import bazaar_pos.people.users

    # The session fixture outlives the per-test monkeypatch of the PIN cost; set it here too.
    saved = bazaar_pos.people.users.SCRYPT_N
    bazaar_pos.people.users.SCRYPT_N = 2**10
    try:
        data_dir = tmp_path_factory.mktemp("permissions") / "data"
        till = open_till(data_dir, seed_demo=True, anonymous_setup=True)
        db = till.db
        admin = add_user(db, "admin", "Admin Rutan", Role.ADMIN)
        supervisor = add_user(db, "spv", "Bu Ratna (Kasubsi)", Role.SUPERVISOR)
        cashier = add_user(db, "kasir", "Siti Aminah", Role.CASHIER)
        event_id = load_settings(db).current_event_id
        shift = open_shift(
            db, cashier, till_code="BPN1", event_id=event_id, float_counts={"note_100000": 1}
        )
        sale = commit_sale(
            db,
            [line(db, BESEK, 4)],
            PaymentRequest(PaymentMethod.CASH, tendered=100_000),
            cashier=cashier,
            till_code="BPN1",
            event_id=event_id,
        )
        for prepare in _preparations():
            prepare(db, admin)
        db.dispose()
    finally:
        bazaar_pos.people.users.SCRYPT_N = saved
    return Template(data_dir, admin, supervisor, cashier, shift.shift_id, sale.receipt_no)


@pytest.fixture
def world(template: Template, tmp_path: Path) -> Iterator[World]:
    data_dir = copy_world(template.data_dir, tmp_path / "data")
    db = open_copy(data_dir)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    yield World(
        db=db,
        data_dir=data_dir,
        admin=template.admin,
        supervisor=template.supervisor,
        cashier=template.cashier,
        shift_id=template.shift_id,
        receipt_no=template.receipt_no,
        tmp=scratch,
    )
    db.dispose()


def _actor(world: World, role: str) -> Actor:
    return {Role.CASHIER: world.cashier, Role.SUPERVISOR: world.supervisor}.get(role, world.admin)


def _fingerprint(world: World) -> str:
    """Every row of every table (the database as it is), as one digest."""
    world.db.dispose()
    connection = sqlite3.connect(database_path(world.data_dir))
    try:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
    finally:
        connection.close()


def test_every_action_is_in_the_table_and_has_a_case() -> None:
    assert set(PERMISSIONS) == set(Action)
    assert set(Action) - {case.action for case in CASES} == set()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.action}:{case.name}")
def test_the_table_decides_who_may_call_each_service(world: World, case: Case, role: str) -> None:
    actor = _actor(world, role)
    if may(role, case.action):
        case.call(world, actor)
        return
    before = _fingerprint(world)
    with pytest.raises(NotPermitted) as refused:
        case.call(world, actor)
    assert refused.value.role == role
    assert _fingerprint(world) == before


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.action}:{case.name}")
def test_a_hand_made_admin_is_refused_everywhere(world: World, case: Case) -> None:
    forged = Actor(world.admin.user_id, "admin", "Admin Rutan", Role.ADMIN)
    before = _fingerprint(world)
    with pytest.raises(NotLoggedIn):
        case.call(world, forged)
    assert _fingerprint(world) == before
