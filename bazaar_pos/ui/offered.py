"""What a screen offers the person at the till: the permission table, asked for one role.

The rule itself lives in the services (they refuse with their sentence whatever a screen
shows); screens only grey out what would be refused, so nobody is invited to try.
"""

from __future__ import annotations

from bazaar_pos.people.access import Action, Actor, may


def offered(actor: Actor | None, action: Action) -> bool:
    """Whether a button for ``action`` is enabled for ``actor``.

    Nobody logged in happens only on a till without accounts (a fresh till, tests, the demo),
    where the services let everybody through too; once accounts exist the services refuse
    nobody-at-all with the "log in first" sentence.
    """
    return actor is None or may(actor.role, action)
