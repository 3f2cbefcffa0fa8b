"""Backups: taking one is a supervisor's, putting one in place of the database an admin's."""

from __future__ import annotations

from bazaar_pos.backup import BackupReason, back_up, backup_database, restore_backup
from bazaar_pos.people.access import Action, Actor
from tests.permissions.world import Case, World


def _back_up(world: World, actor: Actor) -> object:
    result = back_up(world.db, actor, till_code="BPN1")
    assert result.info.ok
    return result


def _restore(world: World, actor: Actor) -> object:
    # The automatic backup needs nobody; the restore of it is what the table decides.
    made = backup_database(world.db, BackupReason.TIMER)
    assert made is not None
    return restore_backup(world.db, made.info.path, actor, till_code="BPN1")


CASES = [
    Case(Action.BACKUP, "backup.back_up", _back_up),
    Case(Action.RESTORE, "backup.restore_backup", _restore),
]
