"""The tamper-evident journal: walking it is a supervisor's."""

from __future__ import annotations

from bazaar_pos.people.access import Action, Actor
from bazaar_pos.people.integrity import verify_journal
from tests.permissions.world import Case, World


def _verify(world: World, actor: Actor) -> object:
    result = verify_journal(world.db, actor)
    assert result.ok
    return result


CASES = [Case(Action.VERIFY_JOURNAL, "people.integrity.verify_journal", _verify)]
