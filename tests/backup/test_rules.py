"""The pure decisions: backup names, which backups the rotation keeps, when one is due."""

from __future__ import annotations

import datetime as dt

from bazaar_pos.backup.rules import (
    BackupReason,
    Kept,
    backup_due,
    backup_name,
    backups_to_keep,
    parse_backup_name,
)

WIB = dt.timezone(dt.timedelta(hours=7))  # Western Indonesia: the bazaar's days
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


def at(days: float = 0, hours: float = 0) -> dt.datetime:
    return NOW - dt.timedelta(days=days, hours=hours)


def kept(name: str, when: dt.datetime, ok: bool = True) -> Kept:
    return Kept(name, when, ok)


def test_a_name_says_when_and_why_and_reads_back() -> None:
    when = dt.datetime(2026, 12, 7, 6, 15, 2, 123456, tzinfo=WIB)
    name = backup_name(when, BackupReason.SHIFT_OPEN)
    assert name == "bazaar-20261206-231502-123456-shift-open.sqlite3"  # written in UTC
    parsed = parse_backup_name(name)
    assert parsed is not None
    assert (parsed.created_at, parsed.reason, parsed.damaged) == (
        when,
        BackupReason.SHIFT_OPEN,
        False,
    )


def test_a_damaged_backup_is_named_so() -> None:
    parsed = parse_backup_name(backup_name(NOW, BackupReason.TIMER, damaged=True))
    assert parsed is not None and parsed.damaged


def test_other_files_are_not_backups() -> None:
    for name in (
        "bazaar.sqlite3",
        "bazaar-20261207-061502-123456-unknown.sqlite3",
        "bazaar-20261399-061502-123456-timer.sqlite3",
        ".bazaar-20261207-061502-123456-timer.sqlite3.abc.tmp",
        "notes.txt",
    ):
        assert parse_backup_name(name) is None, name


def test_the_last_n_are_kept_whatever_their_state() -> None:
    backups = [kept(f"b{i}", at(hours=i), ok=i % 2 == 0) for i in range(10)]
    keep = backups_to_keep(backups, keep_last=3, keep_days=0, tz=WIB, now=NOW)
    assert {"b0", "b1", "b2"} <= keep
    assert keep == {"b0", "b1", "b2"}


def test_one_good_backup_per_day_is_kept_the_newest_of_that_day() -> None:
    backups = [
        kept(f"d{day}h{hour}", at(days=day, hours=hour)) for day in range(5) for hour in (1, 3)
    ]
    keep = backups_to_keep(backups, keep_last=1, keep_days=3, tz=WIB, now=NOW)
    # NOW is 17:00 in WIB: the newest of today and of the two days before, and not older days
    assert keep == {"d0h1", "d1h1", "d2h1"}


def test_the_day_is_the_till_s_local_day_not_utc() -> None:
    # 16:30 and 18:30 UTC on 6 December are 23:30 on the 6th and 01:30 on the 7th in WIB
    late = kept("late", dt.datetime(2026, 12, 6, 16, 30, tzinfo=dt.UTC))
    early = kept("early", dt.datetime(2026, 12, 6, 18, 30, tzinfo=dt.UTC))
    keep = backups_to_keep([late, early], keep_last=0, keep_days=5, tz=WIB, now=NOW)
    assert keep == {"late", "early"}
    keep_utc = backups_to_keep([late, early], keep_last=0, keep_days=5, tz=dt.UTC, now=NOW)
    assert keep_utc == {"early"}


def test_a_damaged_backup_is_never_the_one_of_its_day() -> None:
    backups = [kept("bad", at(days=1, hours=1), ok=False), kept("good", at(days=1, hours=5))]
    keep = backups_to_keep(backups, keep_last=0, keep_days=3, tz=WIB, now=NOW)
    assert keep == {"good"}


def test_the_newest_good_backup_is_always_kept() -> None:
    backups = [kept(f"bad{i}", at(hours=i), ok=False) for i in range(5)]
    backups.append(kept("old-good", at(days=100)))
    keep = backups_to_keep(backups, keep_last=2, keep_days=1, tz=WIB, now=NOW)
    assert keep == {"bad0", "bad1", "old-good"}


def test_a_backup_is_due_after_n_sales_or_n_minutes_of_selling() -> None:
    def due(last: dt.datetime | None, sales: int, minutes: int = 15, every: int = 25) -> object:
        return backup_due(
            last_at=last, sales_since=sales, now=NOW, every_minutes=minutes, every_sales=every
        )

    assert due(None, 0) is None  # nothing sold: the database is as the last backup left it
    assert due(None, 1) is BackupReason.TIMER  # none yet since the till started
    assert due(at(hours=5), 0) is None  # an idle till makes no copies of the same file
    assert due(at(hours=0.1), 3) is None  # 6 minutes, 3 sales
    assert due(at(hours=0.25), 3) is BackupReason.TIMER
    assert due(at(hours=0.1), 25) is BackupReason.SALES
    assert due(at(hours=5), 0, minutes=0) is None  # the timer switched off
    assert due(at(hours=0.1), 1000, every=0) is None  # the sales rule switched off
