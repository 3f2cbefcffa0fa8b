"""``bazaar-pos backup [--list]`` and ``bazaar-pos restore FILE|--newest``.

``backup`` writes a checked backup now (a supervisor's on a till with users); ``backup --list``
only reads the backup folder and needs nobody (it is what a till that cannot start is told to
run). ``restore`` puts a backup that passes every check in place of the database (an admin's),
keeping the replaced file in ``<data>/replaced/``. It does not need the current database to
open: a file that was deleted or damaged is exactly when a restore is needed. Then the user is
checked against a throw-away copy of the backup, whose admins decide.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bazaar_pos.cli.login import (
    LOGIN_HELP,
    NOT_ALLOWED,
    CommandRefused,
    add_user_option,
    check_allowed,
    is_refusal,
    read_pin,
    run_as,
)

if TYPE_CHECKING:  # imported where used: start-up time matters
    from bazaar_pos.backup import BackupCheck, BackupInfo, BackupResult
    from bazaar_pos.db import Database
    from bazaar_pos.people.access import Actor

__all__ = ["add_backup_commands", "run_backup_command", "run_restore_command"]


def add_backup_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="write a checked backup of the database now (or --list the backups)",
        description="Copies the database with SQLite's online backup API into "
        "<data folder>/backups (the till may go on selling), checks the copy (quick_check, "
        "schema, journal chains) and rotates the folder; a second folder from the settings "
        "(a USB stick) gets a copy too, and its absence is only a warning. Exit status 1 if "
        "no backup could be written or the copy fails its check.",
        epilog=LOGIN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    backup.add_argument(
        "--list", action="store_true", help="list the backups, newest first, with their check"
    )
    add_user_option(backup)
    restore = subparsers.add_parser(
        "restore",
        help="put a backup in place of the database (an admin's)",
        description="Refuses a backup that fails the checks. The database it replaces is "
        "moved to <data folder>/replaced/, never deleted. On a till with users it needs an "
        "admin: of this database, or of the backup when this database cannot be read.",
        epilog=LOGIN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the backup file")
    which.add_argument(
        "--newest", action="store_true", help="the newest backup that passes every check"
    )
    add_user_option(restore)


def _data_dir(args: argparse.Namespace) -> Path:
    from bazaar_pos.paths import default_data_dir

    return Path(args.data_dir) if args.data_dir is not None else default_data_dir()


def describe(info: BackupInfo) -> str:
    """One line per backup: time (local), why, size, and the check's verdict."""
    when = info.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    if info.ok:
        last = info.check.last_receipt or "-"
        state = f"OK, {info.check.sales} sales, last {last}"
    else:
        state = f"NOT OK: {info.check.problem} {info.check.detail}".rstrip()
    return f"{when}  {info.reason:<14} {info.size:>12,} B  {info.path.name}  {state}"


def list_command(args: argparse.Namespace) -> int:
    """``backup --list``: reads the folder only (no database, no login)."""
    from bazaar_pos.backup import list_backups

    found = list_backups(_data_dir(args))
    for info in found:
        print(describe(info))
    if not found:
        print("no backups yet")
    return 0


def run_backup_command(args: argparse.Namespace, db: Database) -> int:
    from bazaar_pos.people.access import Action

    return run_as(db, args, Action.BACKUP, lambda actor: _backup_as(db, actor))


def _backup_as(db: Database, actor: Actor | None) -> int:
    from bazaar_pos.backup import BackupFailed, back_up
    from bazaar_pos.settings import load_settings

    try:
        result = back_up(db, actor, till_code=load_settings(db).till_code)
    except BackupFailed as failed:
        print(f"bazaar-pos: {failed}", file=sys.stderr)
        return 1
    return _report(result)


def _report(result: BackupResult) -> int:
    print(describe(result.info))
    print(result.info.path)
    if result.copy is not None:
        print(f"copied to {result.copy}")
    for warning in result.warnings:
        detail = f": {warning.detail}" if warning.detail else ""
        print(f"bazaar-pos: WARNING: {warning.note} {warning.folder}{detail}", file=sys.stderr)
    if result.removed:
        print(f"rotated out {len(result.removed)} older backup(s)")
    if not result.info.ok:
        print(
            "bazaar-pos: the backup fails its check: the database itself is damaged; "
            "restore the newest good backup (`bazaar-pos backup --list`)",
            file=sys.stderr,
        )
        return 1
    return 0


def run_restore_command(args: argparse.Namespace) -> int:
    """``restore FILE|--newest``, run before (and instead of) opening the till."""
    from bazaar_pos.backup import (
        backup_as_authority,
        check_backup,
        newest_good_backup,
        readable_for_restore,
    )
    from bazaar_pos.paths import database_path

    data_dir = _data_dir(args)
    if args.db is not None and not str(args.db).startswith("sqlite:///"):
        print("bazaar-pos: restore works on an SQLite file (--data-dir)", file=sys.stderr)
        return 2
    database = Path(str(args.db)[len("sqlite:///") :]) if args.db else database_path(data_dir)
    if args.newest:
        newest = newest_good_backup(data_dir)
        if newest is None:
            print(f"bazaar-pos: no good backup in {data_dir / 'backups'}", file=sys.stderr)
            return 1
        backup = newest.path
    else:
        backup = Path(args.file)
    check = check_backup(backup)
    if not check.ok:  # said before anybody types a PIN
        print(
            f"bazaar-pos: {backup}: not restored: {check.problem} {check.detail}".rstrip(),
            file=sys.stderr,
        )
        return 1
    if readable_for_restore(database):
        return _restore(args, database, backup, check, None)
    print(
        f"bazaar-pos: {database} cannot be read; who restores is checked against the "
        "backup's own accounts",
        file=sys.stderr,
    )
    with backup_as_authority(backup) as authority:
        return _restore(args, database, backup, check, authority)


def _restore(
    args: argparse.Namespace,
    database: Path,
    backup: Path,
    check: BackupCheck,
    authority: Database | None,
) -> int:
    from bazaar_pos.backup import BackupFailed, BackupRefused, restore_backup
    from bazaar_pos.db import Database
    from bazaar_pos.db.engine import sqlite_url
    from bazaar_pos.errors import PosError
    from bazaar_pos.people.access import Action
    from bazaar_pos.people.users import has_users, login, logout
    from bazaar_pos.settings import load_settings

    if authority is None:
        from bazaar_pos.startup import open_till

        db = open_till(
            database.parent, sqlite_url(database), seed_demo=False, anonymous_setup=True
        ).db
    else:  # the file cannot be read: only its path is used, to put it aside
        db = Database(sqlite_url(database), anonymous_setup=True)
    judge = authority or db
    till_code = load_settings(judge).till_code
    actor: Actor | None = None
    ended = False

    def end_login() -> None:
        nonlocal ended
        if actor is not None and not ended:
            ended = True
            logout(judge, actor, till_code=till_code)

    try:
        if has_users(judge):
            if not args.user:
                raise CommandRefused("this till has users: give --user USERNAME (an admin)")
            try:
                actor = login(judge, args.user, read_pin(args.user), till_code=till_code)
            except PosError as failed:
                raise CommandRefused(f"login refused for {args.user}: {failed}") from failed
        check_allowed(judge, actor, Action.RESTORE)
        result = restore_backup(
            db, backup, actor, till_code=till_code, end_login=end_login, authority=authority
        )
    except CommandRefused as refused:
        print(f"bazaar-pos: {refused}", file=sys.stderr)
        return NOT_ALLOWED
    except (BackupRefused, BackupFailed, OSError) as error:
        print(f"bazaar-pos: {error}", file=sys.stderr)
        return 1
    except PosError as refused:
        if not is_refusal(refused):
            raise
        print(f"bazaar-pos: {refused}", file=sys.stderr)
        return NOT_ALLOWED
    finally:
        end_login()
        db.dispose()
    print(f"restored {backup.name}: {check.sales} sales, last receipt {check.last_receipt or '-'}")
    if result.kept_aside is not None:
        print(f"the replaced database is kept as {result.kept_aside}")
    return 0
