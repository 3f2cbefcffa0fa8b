"""The till's settings: preferences (a supervisor), the till code (an admin, no open shift)."""

from __future__ import annotations

from bazaar_pos.catalog.till_settings import ShiftOpenOnTill, change_settings
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.settings import load_settings
from tests.permissions.world import Case, World


def _paper(world: World, actor: Actor) -> object:
    settings = load_settings(world.db).with_changes(paper="58mm")
    return change_settings(world.db, settings, actor=actor)


def _till_code(world: World, actor: Actor) -> object:
    """Allowed for an admin, and still refused for the world's open shift (nothing written)."""
    settings = load_settings(world.db).with_changes(till_code="BPN7")
    try:
        return change_settings(world.db, settings, actor=actor)
    except ShiftOpenOnTill as refused:
        assert refused.shift_id == world.shift_id
        return refused


CASES = [
    Case(Action.CHANGE_SETTINGS, "catalog.till_settings.change_settings (paper)", _paper),
    Case(Action.CHANGE_TILL_CODE, "catalog.till_settings.change_settings (till code)", _till_code),
]
