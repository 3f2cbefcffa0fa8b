"""Users and the audit log."""

from __future__ import annotations

from bazaar_pos.db.models import Role
from bazaar_pos.people import users
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.people.audit_view import list_audit_for
from tests.permissions.world import Case, World


def _create_user(world: World, actor: Actor) -> object:
    return users.create_user(
        world.db,
        actor,
        username="baru",
        full_name="Petugas Baru",
        role=Role.CASHIER,
        pin="4321",
        till_code="BPN1",
    )


def _deactivate_cashier(world: World, actor: Actor) -> object:
    return users.update_user(world.db, actor, world.cashier.user_id, active=False, till_code="BPN1")


def _reset_pin(world: World, actor: Actor) -> object:
    return users.reset_pin(world.db, actor, world.cashier.user_id, "9999", till_code="BPN1")


def _read_log(world: World, actor: Actor) -> object:
    return list_audit_for(world.db, actor)


CASES = [
    Case(Action.MANAGE_USERS, "people.users.create_user", _create_user),
    Case(Action.MANAGE_USERS, "people.users.update_user", _deactivate_cashier),
    Case(Action.MANAGE_USERS, "people.users.reset_pin", _reset_pin),
    Case(Action.VIEW_AUDIT, "people.audit_view.list_audit_for", _read_log),
]
