"""The pure decisions of the backups: what a backup file is called, which backups to keep, and
when the next automatic backup is due. No files, no database: the service applies them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class BackupReason(StrEnum):
    """Why a backup was made (the last part of its file name)."""

    MANUAL = "manual"  # `bazaar-pos backup` or the restore screen's button
    SHIFT_OPEN = "shift-open"
    SHIFT_CLOSE = "shift-close"
    TIMER = "timer"  # every N minutes while selling
    SALES = "sales"  # every N sales while selling
    MIGRATION = "migration"  # before the schema is upgraded
    SYNC_IMPORT = "sync-import"  # before another till's export is merged
    CATALOG_IMPORT = "catalog-import"  # before a catalog CSV is applied
    EXIT = "exit"  # the app closes
    RESTORE = "restore"  # the file a restore replaced, kept as a backup too


# bazaar-20261207-061502-123456-shift-open.sqlite3: the time (UTC) sorts the names in the order
# the backups were made, and the reason tells a person looking at the folder why it is there.
# A backup that failed its check after writing is kept (it is evidence) but named
# ``….damaged.sqlite3``, so that the rotation never counts it as a good one without re-reading it.
PREFIX = "bazaar-"
SUFFIX = ".sqlite3"
DAMAGED = ".damaged"
_NAME = re.compile(r"^bazaar-(\d{8}-\d{6}-\d{6})-([a-z-]+)(\.damaged)?\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S-%f"


def backup_name(at: dt.datetime, reason: BackupReason, *, damaged: bool = False) -> str:
    """The file name of a backup made at ``at`` (aware; written in UTC) for ``reason``."""
    mark = DAMAGED if damaged else ""
    return f"{PREFIX}{at.astimezone(dt.UTC).strftime(_STAMP)}-{reason}{mark}{SUFFIX}"


@dataclass(frozen=True)
class BackupName:
    """What a backup's file name says."""

    created_at: dt.datetime  # aware, UTC
    reason: BackupReason
    damaged: bool  # failed its check when it was written


def parse_backup_name(name: str) -> BackupName | None:
    """The time and reason in a backup's file name; None for any other file."""
    found = _NAME.match(name)
    if found is None:
        return None
    try:
        reason = BackupReason(found.group(2))
        at = dt.datetime.strptime(found.group(1), _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return BackupName(at, reason, found.group(3) is not None)


@dataclass(frozen=True)
class Kept:
    """One backup as the rotation sees it."""

    name: str
    created_at: dt.datetime  # aware
    ok: bool  # passed the checks after writing (a damaged one never counts as "the one")


def backups_to_keep(
    backups: Iterable[Kept], *, keep_last: int, keep_days: int, tz: dt.tzinfo, now: dt.datetime
) -> set[str]:
    """The names to keep; every other backup may be deleted.

    Kept: the newest ``keep_last`` backups (whatever their state: the newest are the ones a
    restore wants, and a damaged one is evidence), the newest *good* backup of each of the last
    ``keep_days`` local days (``tz``: the till's time zone, where a bazaar day begins), and in
    any case the newest good backup (a folder is never rotated down to damaged files only).
    """
    ordered = sorted(backups, key=lambda item: item.created_at, reverse=True)
    keep = {item.name for item in ordered[: max(keep_last, 0)]}
    first_day = now.astimezone(tz).date() - dt.timedelta(days=max(keep_days, 0) - 1)
    days: set[dt.date] = set()
    for item in ordered:
        if not item.ok:
            continue
        day = item.created_at.astimezone(tz).date()
        if day >= first_day and day not in days:
            days.add(day)
            keep.add(item.name)
    good = next((item for item in ordered if item.ok), None)
    if good is not None:
        keep.add(good.name)
    return keep


def backup_due(
    *,
    last_at: dt.datetime | None,
    sales_since: int,
    now: dt.datetime,
    every_minutes: int,
    every_sales: int,
) -> BackupReason | None:
    """Is an automatic backup due while selling, and why? ``every_*`` of 0 switches that rule
    off. Only while selling: with no sale since the last backup (or since the till started)
    nothing is due, so an idle till does not fill the folder with copies of the same file."""
    if sales_since <= 0:
        return None
    if every_sales > 0 and sales_since >= every_sales:
        return BackupReason.SALES
    late = last_at is None or now - last_at >= dt.timedelta(minutes=every_minutes)
    if every_minutes > 0 and late:
        return BackupReason.TIMER
    return None
