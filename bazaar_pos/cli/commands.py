"""The one entry point, ``bazaar-pos``: no subcommand opens the app; subcommands run headless
work through the same services the screens use, as a logged-in user on a till with accounts
(:mod:`bazaar_pos.cli.login`)."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bazaar_pos import __version__
from bazaar_pos.cli.backup import add_backup_commands
from bazaar_pos.cli.login import LOGIN_HELP, NOT_ALLOWED, add_user_option, is_refusal, run_as
from bazaar_pos.cli.report import add_report_command
from bazaar_pos.cli.sync import add_sync_commands
from bazaar_pos.cli.verify import add_verify_command
from bazaar_pos.db.faults import DatabaseFault, DatabaseReplaced
from bazaar_pos.errors import PosError
from bazaar_pos.files import PRIVATE_FOLDER_MODE, PRIVATE_UMASK
from bazaar_pos.instance_lock import FolderInUse, InstanceLock

# Commands that may not run beside the app on the same data folder; they hold the folder's
# lock (bazaar_pos/instance_lock.py) while they work, so the app cannot start under them either.
# restore replaces the database file under the running till (whose next write would be refused
# as "database replaced"; the app's own Admin → Cadangan restores and closes the window), and
# demo rings up sales under the till's own code. Every other command is what a second till or
# the back office does on the same file, one short transaction at a time (imports in batches,
# busy waits retried), and never touches the open cart: they run while the app is open.
EXCLUSIVE_COMMANDS = frozenset({"restore", "demo"})

if TYPE_CHECKING:  # imported where used: start-up time matters
    from bazaar_pos.catalog.csv_file import CsvRowError
    from bazaar_pos.catalog.till_identity import DatabaseSetup
    from bazaar_pos.db import Database
    from bazaar_pos.people.access import Actor
    from bazaar_pos.startup import Till
    from bazaar_pos.ui.start_window import StartWindow


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bazaar-pos",
        description="Bazaar POS: offline point of sale for bazaars of goods made by WBP "
        "(warga binaan) of Lapas/Rutan. Without a command it opens the till.",
        epilog=LOGIN_HELP + "\n" + NEW_DATABASE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bazaar-pos {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="folder for the database and receipt PDFs (default: the user data folder)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="the database: sqlite:///FILE or postgresql+psycopg://USER@HOST/DB "
        "(default: an SQLite file in the data folder)",
    )
    parser.add_argument(
        "--this-till",
        metavar="CODE",
        help="this laptop's till code on a database shared on a server (--db postgresql…), "
        "e.g. BPN2; kept in the data folder for the next start",
    )
    parser.add_argument("--lang", choices=("id", "en"), help="screen language (default: setting)")
    # For the start-up benchmark and tests: quit once the till's window is shown (ready), or
    # once the start window's login is painted (before the database is opened).
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exit-when-painted", action="store_true", help=argparse.SUPPRESS)
    add_new_database_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="fill the database with realistic demo data (training, benchmarks)",
        description="Adds demo products (with opening stock) and rings up demo sales through "
        f"the real sale service. Only on a new till: a database with users or sales is refused "
        f"(nothing written, exit status {NOT_ALLOWED}).",
    )
    demo.add_argument("--products", type=int, default=0, metavar="N", help="products to add")
    demo.add_argument("--sales", type=int, default=0, metavar="M", help="sales to ring up")

    receipt = commands.add_parser(
        "receipt",
        help="write a copy of a committed sale's receipt, marked SALINAN (logged as a reprint)",
        description="Writes a new PDF beside the original in the receipts folder "
        "(NO-salinan.pdf, then NO-salinan-2.pdf …); the original receipt PDF is never "
        "rewritten. Every copy is logged as a reprint, with who asked for it.",
    )
    receipt.add_argument("receipt_no", help="e.g. BPN1-000123")
    receipt.add_argument("--paper", choices=("58mm", "80mm", "a4"), help="default: setting")
    # Every receipt the command writes is a copy; the flag is kept for old scripts.
    receipt.add_argument("--copy", action="store_true", help=argparse.SUPPRESS)
    add_user_option(receipt)

    catalog = commands.add_parser(
        "catalog",
        help="import or export the product catalog as CSV",
        description="The catalog as a CSV file (columns: sku, barcode, name, unit, price, "
        "category, institution, workshop, track_stock, active; comma or semicolon separated, "
        "UTF-8).",
    )
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True)
    catalog_import = catalog_commands.add_parser(
        "import",
        help="add and update products from a CSV file (everything or nothing)",
        description="Checks every row first; on any problem prints FILE:LINE: column: "
        "message for each bad row on stderr, writes nothing and exits 1.",
    )
    catalog_import.add_argument("file", type=Path, metavar="FILE")
    catalog_import.add_argument(
        "--dry-run", action="store_true", help="only check and tell what would change"
    )
    add_user_option(catalog_import)
    catalog_export = catalog_commands.add_parser(
        "export", help="write every product (archived too) to a CSV file"
    )
    catalog_export.add_argument("file", type=Path, metavar="FILE")
    add_user_option(catalog_export)

    audit = commands.add_parser(
        "audit",
        help="the audit log: who did what, when, on which till, approved by whom",
    )
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_export = audit_commands.add_parser(
        "export",
        help="write the audit log to a CSV file (newest first)",
        description="Columns: uuid, created_at (ISO 8601, UTC), till_code, user_id, user_name, "
        "action, subject, detail, amount, approved_by; UTF-8 with BOM. Days are the "
        "computer's local calendar days, both included.",
    )
    audit_export.add_argument("file", type=Path, metavar="FILE")
    audit_export.add_argument(
        "--since", type=_iso_date, metavar="YYYY-MM-DD", help="first day (default: the first)"
    )
    audit_export.add_argument(
        "--until", type=_iso_date, metavar="YYYY-MM-DD", help="last day (default: today)"
    )
    add_user_option(audit_export)

    users = commands.add_parser("users", help="user accounts (headless set-up)")
    users_commands = users.add_subparsers(dest="users_command", required=True)
    create_admin = users_commands.add_parser(
        "create-admin",
        help="create the first admin of a till that has no users yet",
        description="Asks for the PIN (4 to 8 digits) twice without showing it. Refused once "
        "the till has any user: further users are made by an admin in the app.",
    )
    create_admin.add_argument("--username", required=True, help="login name, e.g. admin")
    create_admin.add_argument("--name", required=True, help="full name, e.g. 'Admin Rutan'")
    add_sync_commands(commands)
    add_report_command(commands)
    add_verify_command(commands)
    check = commands.add_parser(
        "check",
        help="check the database file: damage, schema version, identity, the journal's tails",
        description="The checks every start makes (PRAGMA quick_check, the schema version, "
        "the folder's bazaar.id, the journal chains' tails); --full runs PRAGMA "
        "integrity_check instead of quick_check (slower on a big till). Exit status 0 when "
        "all is well, 1 with one line on stderr otherwise.",
    )
    check.add_argument("--full", action="store_true", help="PRAGMA integrity_check (slower)")
    add_backup_commands(commands)
    return parser


NEW_DATABASE_HELP = """\
a new database (a command where none is yet): a database is a till or an office, chosen once.
  --new-database office                 gathers the tills' exports and makes the reports; never
                                        sells, never gets demo data; its code in logs: KANTOR
  --new-database till --institution BPN [--institution-name NAME] [--till-code BPN2] [--demo]
                                        a till of that institution (NAME adds a new one); the
                                        till code defaults to the next one not yet used in the
                                        data here (BPN1, BPN2 …); --demo adds the demo event
                                        for training
Without --new-database a command refuses a folder that holds no database yet (exit status 2,
nothing created), except `demo`, which makes a training till BPN1 with the demo event. On a
database that exists the options must agree with what it is (kind, till code, institution), so a
script may run them again; --demo then adds nothing.
The app (no command) asks at the first start instead.
"""


def add_new_database_options(parser: argparse.ArgumentParser) -> None:
    """What a new database is to be (:data:`NEW_DATABASE_HELP`)."""
    group = parser.add_argument_group(
        "a new database", "a till or an office, chosen once, when it is made (see below)"
    )
    group.add_argument(
        "--new-database",
        choices=("till", "office"),
        metavar="till|office",
        help="what a database made now is: a till (sells) or an office (gathers exports)",
    )
    group.add_argument(
        "--institution", metavar="CODE", help="till: its institution's code, e.g. BPN"
    )
    group.add_argument(
        "--institution-name",
        metavar="NAME",
        help="till: add the institution, e.g. 'Rutan Kelas IIA Balikpapan'",
    )
    group.add_argument(
        "--till-code",
        metavar="CODE",
        help="till: its code, 2-8 capitals/digits (default: the next free, e.g. BPN2)",
    )
    group.add_argument("--demo", action="store_true", help="till: add the demo event, for training")


def new_database_setup(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> DatabaseSetup | None:
    """What ``--new-database`` and its options say (None: nothing), or a usage error for
    options that contradict each other."""
    till_options = [
        name
        for name, value in (
            ("--institution", args.institution),
            ("--institution-name", args.institution_name),
            ("--till-code", args.till_code),
            ("--demo", args.demo),
        )
        if value
    ]
    if args.new_database is None:
        if till_options:
            parser.error(f"{', '.join(till_options)} need --new-database till")
        return None  # the demo command alone: a training till (open_till's seed_demo)
    # Here, past the app's case: the window paints its login before SQLAlchemy is imported.
    from bazaar_pos.catalog.till_identity import DatabaseSetup
    from bazaar_pos.settings import OFFICE, TILL, is_valid_till_code

    if args.command is None:
        parser.error(
            "--new-database is for commands (e.g. `--new-database till --institution BPN "
            "check`); the app asks at the first start"
        )
    if args.new_database == OFFICE:
        if till_options:
            parser.error(
                f"{', '.join(till_options)}: an office has no till code or institution and "
                "never gets demo data"
            )
        if args.command == "demo":
            parser.error("demo data never goes into an office database")
        return DatabaseSetup(kind=OFFICE)
    if not args.institution:
        parser.error("--new-database till needs --institution CODE (e.g. BPN)")
    till_code = (args.till_code or "").strip().upper()
    if till_code and not is_valid_till_code(till_code):
        parser.error(f"--till-code {args.till_code!r}: 2-8 capital letters or digits, e.g. BPN2")
    return DatabaseSetup(
        kind=TILL,
        institution_code=args.institution,
        institution_name=args.institution_name or "",
        till_code=till_code,
        demo=args.demo or args.command == "demo",
    )


def this_till_code(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """``--this-till``, checked: a till code, and only for a database on a server (a till's
    own file keeps its code in its settings: one till per file)."""
    if not args.this_till:
        return ""
    from bazaar_pos.settings import is_valid_till_code

    code = str(args.this_till).strip().upper()
    if not is_valid_till_code(code):
        parser.error(f"--this-till {args.this_till!r}: 2-8 capital letters or digits, e.g. BPN2")
    if not args.db or args.db.startswith("sqlite"):
        parser.error(
            "--this-till is for a database shared on a server (--db postgresql+psycopg://…); "
            "a till's own file keeps its code in its settings"
        )
    return code


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _non_negative(parser: argparse.ArgumentParser, name: str, value: int) -> None:
    if value < 0:
        parser.error(f"{name} must be 0 or more, got {value}")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _catalog(args: argparse.Namespace, db: Database) -> int:
    """``catalog import FILE [--dry-run]`` and ``catalog export FILE``, as ``--user``."""
    from bazaar_pos.people.access import Action

    action = Action.EXPORT_CATALOG if args.catalog_command == "export" else Action.IMPORT_CATALOG
    return run_as(db, args, action, lambda actor: _catalog_as(args, db, actor))


def _catalog_as(args: argparse.Namespace, db: Database, actor: Actor | None) -> int:
    from bazaar_pos.catalog import csv_file
    from bazaar_pos.errors import PosError

    path: Path = args.file
    try:
        if args.catalog_command == "export":
            count = csv_file.export_catalog_csv(db, path, actor=actor)
            print(f"{path}: exported {_plural(count, 'product')}")
            return 0
        if args.dry_run:
            preview = csv_file.preview_catalog_import(db, path, actor=actor)
            if preview.errors:
                return _import_refused(path, preview.errors)
            print(
                f"{path}: dry run, nothing written: "
                + _import_summary(len(preview.added), len(preview.changed), preview.unchanged)
                + f", {_plural(len(preview.new_workshops), 'new workshop')}"
            )
            for row in preview.changed:
                changes = "; ".join(f"{c.field} {c.old!r} -> {c.new!r}" for c in row.changes)
                print(f"  line {row.line}: {row.sku}: {changes}")
            new_workshops, ignored = preview.new_workshops, preview.ignored_columns
        else:
            result = csv_file.apply_catalog_import(db, path, actor=actor)
            print(
                f"{path}: "
                + _import_summary(result.added, result.changed, result.unchanged)
                + f", {_plural(len(result.new_workshops), 'new workshop')}"
            )
            new_workshops, ignored = result.new_workshops, result.ignored_columns
    except csv_file.CatalogImportRejected as rejected:
        return _import_refused(path, rejected.errors)
    except (PosError, OSError) as error:
        if isinstance(error, PosError) and is_refusal(error):
            raise  # exit status NOT_ALLOWED, from run_as
        print(f"bazaar-pos: {error}", file=sys.stderr)
        return 1
    for workshop in new_workshops:
        print(f"  new workshop: {workshop.institution_code} / {workshop.name}")
    if ignored:
        print(f"  ignored columns: {', '.join(ignored)}")
    return 0


def _import_summary(added: int, changed: int, unchanged: int) -> str:
    return f"{added} added, {changed} changed, {unchanged} unchanged"


def _import_refused(path: Path, errors: Sequence[CsvRowError]) -> int:
    """One ``FILE:LINE: column: message`` line per problem on stderr (the compiler style
    editors jump from); exit status 1."""
    for problem in errors:
        column = f" {problem.column}:" if problem.column else ""
        print(f"{path}:{problem.line}:{column} {problem.message}", file=sys.stderr)
    print(
        f"bazaar-pos: {_plural(len(errors), 'problem')} in {path}; nothing imported",
        file=sys.stderr,
    )
    return 1


def _audit(args: argparse.Namespace, db: Database) -> int:
    """``audit export FILE [--since DAY] [--until DAY]``: every matching entry, no limit."""
    from bazaar_pos.people.access import Action

    if args.since is not None and args.until is not None and args.since > args.until:
        print(f"bazaar-pos: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return 2
    return run_as(db, args, Action.VIEW_AUDIT, lambda actor: _audit_as(args, db, actor))


def _audit_as(args: argparse.Namespace, db: Database, actor: Actor | None) -> int:
    from bazaar_pos.people.audit import list_audit
    from bazaar_pos.people.audit_csv import write_audit_csv
    from bazaar_pos.people.audit_view import day_bounds, export_audit

    path: Path = args.file
    since, until = day_bounds(args.since, args.until)
    try:
        if actor is None:  # a till without accounts (run_as let nobody through only there)
            records = list_audit(db, since=since, until=until, limit=None)
            write_audit_csv(records, path)
            written = len(records)
        else:  # checked and journaled: who took how many entries to which file
            written = export_audit(db, actor, path, since=since, until=until)
    except OSError as error:
        print(f"bazaar-pos: {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    noun = "audit log entry" if written == 1 else "audit log entries"
    print(f"{path}: exported {written} {noun}")
    return 0


def copy_path(receipts: Path, receipt_no: str) -> Path:
    """A new file beside the original receipt: ``NO-salinan.pdf``, else ``NO-salinan-2.pdf`` …
    (the original PDF and earlier copies are never overwritten)."""
    path = receipts / f"{receipt_no}-salinan.pdf"
    number = 2
    while path.exists():
        path = receipts / f"{receipt_no}-salinan-{number}.pdf"
        number += 1
    return path


def _receipt_copy(args: argparse.Namespace, till: Till, actor: Actor | None) -> int:
    """``receipt NO``: a copy marked SALINAN, logged as a reprint by ``actor``."""
    from bazaar_pos.errors import PosError
    from bazaar_pos.papers.receipt import PaperSize, render_receipt_pdf
    from bazaar_pos.paths import receipts_dir
    from bazaar_pos.settings import load_settings
    from bazaar_pos.till.sales import receipt_copy

    settings = load_settings(till.db)
    try:
        receipt = receipt_copy(till.db, args.receipt_no, actor=actor, till_code=settings.till_code)
        path = copy_path(receipts_dir(till.data_dir), receipt.receipt_no)
        render_receipt_pdf(
            receipt,
            PaperSize(args.paper or settings.paper),
            path,
            language=args.lang or settings.language,
        )
    except PosError as error:
        if is_refusal(error):
            raise  # exit status NOT_ALLOWED, from run_as
        print(f"bazaar-pos: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


def _users(args: argparse.Namespace, db: Database) -> int:
    """``users create-admin --username U --name N``: the PIN is read twice with getpass."""
    import getpass

    from bazaar_pos.errors import PosError
    from bazaar_pos.people import users
    from bazaar_pos.settings import load_settings

    try:
        if users.has_users(db):
            raise users.UsersExist()
        pin = getpass.getpass("PIN (4-8 digits): ")
        users.check_pins_match(pin, getpass.getpass("PIN again: "))
        actor = users.create_first_admin(
            db, args.username, args.name, pin, till_code=load_settings(db).till_code
        )
    except (PosError, EOFError) as error:
        reason = str(error) if isinstance(error, PosError) else "no PIN given"
        print(f"bazaar-pos: {reason}; no user created", file=sys.stderr)
        return 1
    print(f"created admin {actor.username} ({actor.full_name})")
    return 0


STARTED = time.perf_counter()  # this module's import: where a start's own time is counted from


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up creates a few hundred thousand long-lived objects (SQLAlchemy, Qt, screens);
    # collecting in between only re-walks them. Measured in bench/: ~90 ms of a ~480 ms start.
    gc.disable()
    # Every file this process creates (database, receipts, exports, reports, logs) is its
    # user's alone: 0600, folders 0700. Restored on return for callers in the same process.
    umask = os.umask(PRIVATE_UMASK)
    try:
        return _run(argv)
    finally:
        os.umask(umask)
        gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lock: InstanceLock | None = None
    if args.command is None or args.command in EXCLUSIVE_COMMANDS:
        # Before anything opens the folder: a second app would claim the first one's open cart.
        try:
            lock = _lock_data_folder(args)
        except FolderInUse as in_use:
            return _folder_in_use(args, in_use)
    try:
        return _work(parser, args, lock)
    finally:
        if lock is not None:
            lock.release()


def _lock_data_folder(args: argparse.Namespace) -> InstanceLock | None:
    """The data folder's lock for the app or an exclusive command, or None when it cannot be
    taken for another reason than another holder: a missing or read-only folder is told by the
    start-up checks that follow, and a share without locks must not stop a till from selling."""
    from bazaar_pos import instance_lock
    from bazaar_pos.paths import default_data_dir

    data_dir = Path(args.data_dir) if args.data_dir is not None else default_data_dir()
    if args.command is not None and not data_dir.is_dir():
        return None  # nobody can hold a folder that is not there; the command says the rest
    try:
        if args.command is None:  # the app makes its folder on the first start anyway
            data_dir.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
        return instance_lock.acquire(data_dir, args.command or "app")
    except FolderInUse:
        raise
    except OSError as error:
        print(f"bazaar-pos: WARNING: {data_dir} cannot be locked ({error})", file=sys.stderr)
        return None


def _folder_in_use(args: argparse.Namespace, in_use: FolderInUse) -> int:
    """Another Bazaar POS holds the folder: the app says so in a dialog, a command in one line
    on stderr; exit status 1, nothing opened or changed."""
    if args.command is None and not args.exit_when_ready:
        from bazaar_pos.ui.folder_in_use import show_folder_in_use

        return show_folder_in_use(in_use, language=args.lang)
    holder = in_use.holder
    app_holds = holder is None or holder.purpose == "app"
    known = []
    if holder is not None and holder.pid:
        known.append(f"process {holder.pid}")
    if holder is not None and holder.since is not None:
        known.append(f"since {holder.since.astimezone():%Y-%m-%d %H:%M}")
    detail = f" ({', '.join(known)})" if known else ""
    again = "start Bazaar POS again" if args.command is None else f"run {args.command} again"
    if not app_holds:
        assert holder is not None
        what = f"`bazaar-pos {holder.purpose}` is running on"
        todo = f"wait until it is done, then {again}"
    elif args.command is None:
        what = "Bazaar POS is already open on"
        todo = "use that window, or close it first"
    else:
        what = "Bazaar POS is already open on"
        todo = f"close it first (Kasir → Keluar), then {again}"
        if args.command == "restore":
            todo += ", or restore in the app (Admin → Cadangan)"
    print(
        f"bazaar-pos: {what} the data folder {in_use.data_dir}{detail}: {todo}; "
        "nothing was changed",
        file=sys.stderr,
    )
    return 1


def _work(
    parser: argparse.ArgumentParser, args: argparse.Namespace, lock: InstanceLock | None
) -> int:
    # Backups: listing reads only the backup folder, and a restore must work when the database
    # itself no longer opens; neither opens the till first.
    if args.command == "restore" or (args.command == "backup" and args.list):
        from bazaar_pos.cli import backup

        return (
            backup.run_restore_command(args)
            if args.command == "restore"
            else (backup.list_command(args))
        )

    setup = new_database_setup(parser, args)
    this_till = this_till_code(parser, args)
    start: StartWindow | None = None
    if args.command is None:
        # The app: a log file, one handler for errors nobody caught, and the crash trace, set
        # up before the database opens so that a failing start is logged too.
        from bazaar_pos import logs

        logs.start_logging()
        logs.log.info("bazaar-pos %s starting (data folder: %s)", __version__, args.data_dir)
        # The login is painted first, from Qt alone, and the till opened behind it.
        from bazaar_pos.paths import database_path, default_data_dir
        from bazaar_pos.ui.start_window import show_start_window

        last = lock.previous if lock is not None else None  # what the last app here noted
        language = args.lang or (last.language if last is not None else "") or "id"
        data_dir = Path(args.data_dir) if args.data_dir is not None else default_data_dir()
        start = show_start_window(
            language,
            last.till_code if last is not None else "",
            # No file yet: nobody to log in, the first admin is asked once it is made.
            new_database=args.db is None and not database_path(data_dir).exists(),
        )
        if args.exit_when_painted:
            start.run_loop_once()  # the loop's first turn, as for the floor's bare window
            print(f"painted_ms={(time.perf_counter() - STARTED) * 1000:.1f}", flush=True)
            return 0

    # The command line works a database without accounts (an office copy, a new till being
    # set up) as whoever holds the file; once accounts exist every command logs in
    # (cli/login.py). The window never works anonymously: it asks for the first admin.
    def opened() -> Till:
        # Here: the window's login is painted before SQLAlchemy is imported.
        from bazaar_pos.startup import open_till

        return open_till(
            args.data_dir,
            args.db,
            anonymous_setup=args.command is not None,
            # A command never makes a database nobody said anything about (the window
            # asks its first admin instead).
            new_database=setup,
            # ``demo`` alone on a new folder: a training till, as it always made (BPN1).
            seed_demo=args.command == "demo" and setup is None,
            require_choice=args.command is not None,
            full_check=args.command == "check" and args.full,
            check_later=args.command is None,  # the window: quick_check while it is built
            this_till=this_till,
        )

    while True:
        try:
            till = opened() if start is None else start.open_behind(opened)
            break
        except PosError as error:  # a refused start: the file is damaged, missing, read-only …
            if start is not None:
                start.hide()  # the refusal's dialog stands alone
            refused = _start_refused(args, error)
            if refused is not None:
                return refused
            # An admin restored a backup from the refusal's dialog: the till opens on it.
            if start is not None:
                start.show()
    if start is not None and start.closed_by_user:
        till.db.dispose()  # the start window was closed while the till opened: no window
        return 0
    if till.journal is not None and not till.journal.ok and args.command is not None:
        from bazaar_pos.cli.verify import describe_break

        first = till.journal.first
        assert first is not None
        print(
            f"bazaar-pos: WARNING: the journal is broken at {describe_break(first)}; "
            "run `bazaar-pos verify`",
            file=sys.stderr,
        )
    if args.command is not None:
        gc.enable()  # headless work may run long (100k products): collect as usual
    # Here, not at the top: the window paints its login before SQLAlchemy is imported.
    from sqlalchemy.exc import SQLAlchemyError

    try:
        if args.command is None:
            from bazaar_pos.ui.app import run_app

            status = run_app(
                till,
                language=args.lang,
                exit_when_ready=args.exit_when_ready,
                lock=lock,
                start=start,
            )
            if till.damage_check is None or not till.damage_check.restored:
                return status
            # The window found its file damaged and an admin restored a backup over it: the
            # till starts again, on the restored file, as after a refused start (this process
            # still holds the data folder's lock).
            till.db.dispose()
            return _work(parser, args, lock)
        if args.command == "demo":
            from bazaar_pos.demo.bulk import DemoOnlyForTill, DemoRefused, generate_demo_data

            _non_negative(parser, "--products", args.products)
            _non_negative(parser, "--sales", args.sales)
            try:
                summary = generate_demo_data(till.db, args.products, args.sales)
            except (DemoRefused, DemoOnlyForTill) as refused:
                print(f"bazaar-pos: {refused}; nothing written", file=sys.stderr)
                return NOT_ALLOWED
            print(f"added {summary.products_added} products and {summary.sales_added} sales")
            return 0
        if args.command == "receipt":
            from bazaar_pos.people.access import Action

            return run_as(
                till.db,
                args,
                Action.REPRINT_RECEIPT,
                lambda actor: _receipt_copy(args, till, actor),
            )
        if args.command == "catalog":
            return _catalog(args, till.db)
        if args.command == "audit":
            return _audit(args, till.db)
        if args.command == "users":
            return _users(args, till.db)
        if args.command == "export":
            from bazaar_pos.cli.sync import run_export_command

            return run_export_command(args, till.db)
        if args.command == "import":
            from bazaar_pos.cli.sync import run_import_command

            return run_import_command(args, till.db)
        if args.command == "verify":
            from bazaar_pos.cli.verify import run_verify_command

            return run_verify_command(args, till.db)
        if args.command == "backup":
            from bazaar_pos.cli.backup import run_backup_command

            return run_backup_command(args, till.db)
        if args.command == "report":
            from bazaar_pos.cli.report import run_report_command

            return run_report_command(args, till.db)
        if args.command == "check":
            return _check(args, till)
        parser.error(f"unknown command {args.command}")
    except (SQLAlchemyError, sqlite3.Error, DatabaseFault, DatabaseReplaced) as error:
        return _database_failed(error)
    finally:
        till.db.dispose()
    return 2


def _start_refused(args: argparse.Namespace, error: PosError) -> int | None:
    """The till's database cannot be opened: a dialog for the window, one line on stderr for a
    command; exit status 1 either way, never a traceback. None: the window's dialog restored a
    backup (an admin's), and the till is to be opened again."""
    if args.command is None and not args.exit_when_ready:
        from bazaar_pos.ui.app import RESTORED, show_start_problem

        status = show_start_problem(error, language=args.lang)
        return None if status == RESTORED else status
    print(f"bazaar-pos: {error}", file=sys.stderr)
    return 2 if _is_setup_refusal(error) else 1


def _is_setup_refusal(error: PosError) -> bool:
    """What a new database was to be is missing, contradicts the database, or is refused
    (a till code another device uses, an unknown institution …): wrong usage, exit status 2."""
    from bazaar_pos.catalog.institutions import InvalidInstitution
    from bazaar_pos.catalog.till_identity import AlreadySetUp, InvalidDatabaseSetup
    from bazaar_pos.catalog.till_settings import TillCodeTaken
    from bazaar_pos.settings import InvalidSetting
    from bazaar_pos.startup import NewDatabaseUndecided

    return isinstance(
        error,
        (
            NewDatabaseUndecided,
            AlreadySetUp,
            InvalidDatabaseSetup,
            TillCodeTaken,
            InvalidSetting,
            InvalidInstitution,
        ),
    )


def _database_failed(error: Exception) -> int:
    """A fault of the database file while a command worked (disk full, read-only, busy,
    damaged, deleted): one line; the failed transaction wrote nothing."""
    from bazaar_pos.db.faults import database_fault

    fault = database_fault(error)
    print(f"bazaar-pos: {fault if fault is not None else error}", file=sys.stderr)
    return 1


def _check(args: argparse.Namespace, till: Till) -> int:
    """``check [--full]``: open_till already refused a damaged, missing or read-only file
    (exit 1); what is left to tell is the journal's tail and that all is well."""
    if till.journal is not None and not till.journal.ok:
        return 1  # the warning line is already on stderr
    pragma = "integrity_check" if args.full else "quick_check"
    print(f"{till.db.url}: ok ({pragma}, schema version, identity, journal tails)")
    return 0
