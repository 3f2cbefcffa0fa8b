"""Shifts and the drawer: open, paid in/out, X report, close (Z), reading shifts.

:func:`prepare` adds a closed shift of the admin on another till: somebody else's shift, which
a cashier may not read, while the cashier's own open shift of the world is theirs.
"""

from __future__ import annotations

from sqlalchemy import select

from bazaar_pos.db import Database
from bazaar_pos.db.models import CashMovementKind, Shift
from bazaar_pos.people import shifts
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.settings import load_settings
from tests.permissions.world import Case, World

OTHER_TILL = "BPN9"


def prepare(db: Database, admin: Actor) -> None:
    event_id = load_settings(db).current_event_id
    shift = shifts.open_shift(db, admin, till_code=OTHER_TILL, event_id=event_id, float_counts={})
    shifts.close_shift(db, admin, shift.shift_id, counts={"note_50000": 1})


def _admins_shift(world: World) -> int:
    with world.db.read() as session:
        found = session.scalar(select(Shift.id).where(Shift.till_code == OTHER_TILL))
    assert found is not None
    return found


def _open_shift(world: World, actor: Actor) -> object:
    return shifts.open_shift(
        world.db, actor, till_code="BPN2", event_id=None, float_counts={"note_100000": 1}
    )


def _paid_in(world: World, actor: Actor) -> object:
    return shifts.record_cash_movement(
        world.db,
        actor,
        till_code="BPN1",
        kind=CashMovementKind.PAID_IN,
        amount=50_000,
        reason="uang kecil",
    )


def _x_report(world: World, actor: Actor) -> object:
    return shifts.shift_report(world.db, actor, world.shift_id)


def _record_x_report(world: World, actor: Actor) -> object:
    return shifts.record_x_report(world.db, actor, world.shift_id)


def _close_shift(world: World, actor: Actor) -> object:
    return shifts.close_shift(world.db, actor, world.shift_id, counts={"note_100000": 2})


def _list_shifts(world: World, actor: Actor) -> object:
    return shifts.list_shifts(world.db, actor)


def _get_others_shift(world: World, actor: Actor) -> object:
    return shifts.get_shift(world.db, actor, _admins_shift(world))


def _others_z_report(world: World, actor: Actor) -> object:
    return shifts.shift_report(world.db, actor, _admins_shift(world))


CASES = [
    Case(Action.OPEN_SHIFT, "people.shifts.open_shift", _open_shift),
    Case(Action.CASH_MOVEMENT, "people.shifts.record_cash_movement", _paid_in),
    Case(Action.X_REPORT, "people.shifts.shift_report", _x_report),
    Case(Action.X_REPORT, "people.shifts.record_x_report", _record_x_report),
    Case(Action.CLOSE_SHIFT, "people.shifts.close_shift", _close_shift),
    Case(Action.VIEW_SHIFTS, "people.shifts.list_shifts", _list_shifts),
    Case(Action.VIEW_SHIFTS, "people.shifts.get_shift (somebody else's)", _get_others_shift),
    Case(Action.VIEW_SHIFTS, "people.shifts.shift_report (somebody else's)", _others_z_report),
]
