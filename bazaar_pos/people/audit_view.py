"""Reading the audit log as a person: only who the permission table allows
(:attr:`~bazaar_pos.people.access.Action.VIEW_AUDIT`), whatever the screen or command.

:func:`bazaar_pos.people.audit.list_audit` is the plain query; a logged-in user goes through
:func:`list_audit_for`, which checks the user's *current* role in the database first, and an
export to a file through :func:`export_audit`, which also journals who took how many entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from bazaar_pos.db import Database
from bazaar_pos.db.models import Setting
from bazaar_pos.people.access import Action, Actor, authorize
from bazaar_pos.people.audit import AuditAction, AuditRecord, list_audit, log_action
from bazaar_pos.people.audit_csv import write_audit_csv

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
    """The entries :func:`~bazaar_pos.people.audit.list_audit` finds (newest first), if
    ``actor`` may :attr:`~bazaar_pos.people.access.Action.VIEW_AUDIT`; otherwise
    :class:`~bazaar_pos.people.access.NotPermitted` (or
    :class:`~bazaar_pos.people.access.UnknownUser` for a deactivated user)."""
    with db.read() as session:
        authorize(session, actor, Action.VIEW_AUDIT)
    return list_audit(
        db,
        actions=actions,
        user_name=user_name,
        text=text,
        since=since,
        until=until,
        limit=limit,
    )


def export_audit(
    db: Database,
    actor: Actor,
    path: Path | str,
    *,
    actions: Sequence[str] = (),
    user_name: str = "",
    text: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> int:
    """Write every matching entry (no limit) to ``path`` as CSV and journal it: who exported
    how many entries to which file. Returns the number of entries written.

    The file is written before the journal entry, so a failed write (full disk, no USB stick)
    leaves no entry claiming an export; the entry names the count that is in the file (it is
    not in the file itself, which was written first)."""
    records = list_audit_for(
        db,
        actor,
        actions=actions,
        user_name=user_name,
        text=text,
        since=since,
        until=until,
        limit=None,
    )
    written = write_audit_csv(records, path)
    with db.write() as session:
        authorize(session, actor, Action.VIEW_AUDIT)
        till_code = session.scalar(select(Setting.value).where(Setting.key == "till_code"))
        log_action(
            session,
            AuditAction.AUDIT_EXPORT,
            till_code=till_code or "",
            actor=actor,
            subject=written.name,
            detail=f"{len(records)} entries; since {since or '-'}, until {until or '-'}"
            + (f", actions {', '.join(actions)}" if actions else "")
            + (f", user {user_name.strip()}" if user_name.strip() else "")
            + (f", text {text.strip()}" if text.strip() else ""),
        )
    return len(records)


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
