"""Reading the audit log as a person: only a supervisor or an admin may, whatever the screen.

:func:`bazaar_pos.people.audit.list_audit` is the plain query (the CLI uses it: whoever runs it
holds the database file anyway); a logged-in user goes through :func:`list_audit_for`, which checks
the user's *current* role in the database first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bazaar_pos.db import Database
from bazaar_pos.db.models import Role
from bazaar_pos.people.access import Actor, require_role
from bazaar_pos.people.audit import AuditRecord, list_audit

VIEW_ACTION = "view the audit log"
# What the screen shows; an export asks again without a limit.
SCREEN_LIMIT = 5000


def list_audit_for(
    db: Database,
    actor: Actor,
    *,
    actions: Sequence[str] = (),
    user_name: str = "",
    text: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int | None = SCREEN_LIMIT,
) -> list[AuditRecord]:
    """The entries :func:`~bazaar_pos.people.audit.list_audit` finds (newest first), if ``actor`` is
    an active supervisor or admin; otherwise :class:`~bazaar_pos.people.access.NotPermitted` (or
    :class:`~bazaar_pos.people.access.UnknownUser` for a deactivated user)."""
    with db.read() as session:
        require_role(session, actor, Role.SUPERVISOR, VIEW_ACTION)
    return list_audit(
        db,
        actions=actions,
        user_name=user_name,
        text=text,
        since=since,
        until=until,
        limit=limit,
    )


def local_midnight(day: dt.date, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The start of ``day`` in ``tz`` (default: the laptop's zone), as an aware datetime."""
    start = dt.datetime.combine(day, dt.time())
    return start.replace(tzinfo=tz) if tz is not None else start.astimezone()


def day_bounds(
    first: dt.date | None, last: dt.date | None, tz: dt.tzinfo | None = None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``(since, until)`` for :func:`list_audit` covering the days ``first`` … ``last``, both
    included, as the local calendar counts them (``None``: no bound on that side)."""
    since = local_midnight(first, tz) if first is not None else None
    until = local_midnight(last + dt.timedelta(days=1), tz) if last is not None else None
    return since, until
