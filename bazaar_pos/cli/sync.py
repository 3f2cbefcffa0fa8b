"""``bazaar-pos export`` and ``bazaar-pos import``: a till's data out as an export (a .zip or a
folder of CSV files), and exports of other tills merged in, through :mod:`bazaar_pos.sync`.

``cli.py`` adds the two commands with :func:`add_sync_commands` and calls
:func:`run_export_command` / :func:`run_import_command` with the opened database. The output is
English, like the other commands; problems go to stderr in the ``FILE:LINE: column: message``
form editors jump from.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bazaar_pos.cli.login import (
    NOT_ALLOWED,
    PIN_VARIABLE,
    CommandRefused,
    check_allowed,
    is_refusal,
    logged_in,
)

if TYPE_CHECKING:  # imported where used: start-up time matters
    from bazaar_pos.db import Database
    from bazaar_pos.people.access import Actor
    from bazaar_pos.sync import ExportResult, ImportResult

# Exit status of a refused import or export (nothing written).
REFUSED = 2


def add_sync_commands(subparsers: Any) -> None:
    """Add ``export`` and ``import`` to the ``bazaar-pos`` sub-commands.

    ``subparsers`` is what ``ArgumentParser.add_subparsers()`` returned (typed ``Any``: its
    class is private to argparse).
    """
    export = subparsers.add_parser(
        "export",
        help="write this till's data as an export (.zip or folder of CSV files) for the office",
        description="Writes manifest.json, signed with this till's key (manifest.sig), and one "
        "CSV per table (sales, sale lines, payments, stock movements, counts, products, "
        "institutions, the names of the users the records refer to (never a PIN), shifts, "
        "audit log). OUT ending in .zip gives a zip file, anything else a new folder. Without "
        "--incremental every row is written; with it only what was added since this till's "
        "last export (the small tables such as products are always written whole).",
    )
    export.add_argument("out", type=Path, metavar="OUT", help="new .zip file or new folder")
    export.add_argument(
        "--incremental",
        action="store_true",
        help="only the rows added since the last export of this till",
    )
    export.add_argument(
        "--user",
        metavar="USERNAME",
        help=f"who makes the export, on a till with users (PIN asked, or ${PIN_VARIABLE})",
    )
    export.add_argument(
        "--by",
        default="",
        metavar="NAME",
        help="who makes the export, on a database without users (kept in the manifest)",
    )

    imported = subparsers.add_parser(
        "import",
        help="merge exports of other tills into this database",
        description="Merges each EXPORT (a .zip or a folder, in the order given), all or "
        "nothing, in short transactions so that tills on the same file keep selling (a merge "
        "stopped half-way is undone by the next import): the signature by the till's key "
        "(the key learnt from the till's first "
        "export; another key later is refused), checksums, every row, and that the records "
        "add up, then the merge; rows already here are skipped, so importing an export twice "
        "adds nothing. The till code, till id and key fingerprint of each export are printed: "
        "compare them with the till's signed Z report. On a damaged, forged or conflicting "
        "export the "
        "problem is printed with its file and line, nothing of that export is written, the "
        "exports after it are not imported, and the exit status is 2.",
    )
    imported.add_argument(
        "exports", type=Path, nargs="+", metavar="EXPORT", help="export .zip or folder"
    )
    imported.add_argument(
        "--user",
        metavar="USERNAME",
        help=f"an admin, on a database with users (PIN asked, or ${PIN_VARIABLE})",
    )
    imported.add_argument(
        "--by",
        default="",
        metavar="NAME",
        help="who imports, on a database without users (kept with each import)",
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _total(counts: Mapping[str, int]) -> int:
    return sum(counts.values())


def export_summary_lines(result: ExportResult) -> list[str]:
    """What ``export`` prints: the path and totals, then the rows of each non-empty file."""
    rows = _total(result.row_counts)
    lines = [
        f"{result.path}: export {result.sequence} of till {result.till_code} ({result.kind}), "
        f"{_plural(rows, 'row')} in {_plural(len(result.row_counts), 'file')}, "
        f"{_plural(result.bytes, 'byte')}"
    ]
    lines.append(f"  signed by till {result.till_id}, key fingerprint {result.key_fingerprint}")
    lines.extend(f"  {name}: {count}" for name, count in result.row_counts.items() if count)
    return lines


# What the import knew of the key that signed an export (KeyStatus values).
_KEY_STATUS_TEXTS = {
    "new": "new key, first seen here: compare it with the fingerprint on that till's signed "
    "Z report",
    "known": "known key, as in its earlier exports",
    "own": "this till's own key",
}


def key_line(result: ImportResult) -> str:
    """Which till signed the export, its key's fingerprint, and whether the key is new here."""
    return (
        f"  till {result.till_code}, id {result.till_id}, key fingerprint "
        f"{result.key_fingerprint}: {_KEY_STATUS_TEXTS[result.key_status.value]}"
    )


def import_summary_lines(result: ImportResult) -> list[str]:
    """What ``import`` prints for one export: counts, then the notes (differences kept here)."""
    head = f"{result.path}: export {result.sequence} of till {result.till_code} ({result.kind})"
    if result.already_imported:
        return [f"{head}: already imported, nothing added", key_line(result)]
    lines = [
        f"{head}: {_total(result.added)} added, {_total(result.already_present)} already "
        f"present, {_total(result.updated)} updated",
        key_line(result),
    ]
    for name, count in result.added.items():
        if count:
            lines.append(f"  {name}: {count} added")
    for name, count in result.updated.items():
        if count:
            lines.append(f"  {name}: {count} updated")
    # Two laptops with one till code: merged, but the office must hear of it.
    lines.extend(f"  warning: {shared.sentence()}" for shared in result.shared_codes)
    lines.extend(f"  note: {note}" for note in result.notes)
    return lines


# Why an export is not trusted (TrustProblem values).
_UNTRUSTED_TEXTS = {
    "unsigned_format": "made by an older version without a signature: where it comes from "
    "cannot be checked; update the app on that till and export again",
    "signature_missing": "not signed (manifest.sig is missing); copy the whole export again",
    "signature_invalid": "the signature does not match the manifest: changed after the till "
    "made it",
    "bad_key": "the till key in manifest.json cannot be read",
    "key_changed": "signed with another key than the one known for this till: another laptop "
    "posing as it?",
}

# Which rule a refused record breaks (RefusalReason values).
_REFUSAL_TEXTS = {
    "line_total": "line total is not quantity × unit price − discounts",
    "line_quantity": "a sale line of 0 or fewer units",
    "sale_discount": "sale discount negative, above the subtotal, or not its lines' shares",
    "sale_subtotal": "subtotal is not the lines after their own discounts",
    "sale_total_lines": "sale total is not the sum of its line totals",
    "sale_total_payments": "sale total is not what its payments settle",
    "payment_change": "payment: tendered − change is not the amount, or change from a "
    "non-cash payment",
    "refund_lines": "refund amount is not its lines, or a line of another sale",
    "refund_quantity": "more units refunded than sold",
    "refund_amount": "more money refunded than the sale brought",
    "cash_movement": "a cash movement that is not a paid-in or paid-out of a positive amount",
    "user_secret": "users.csv carries more than names (login data): an export never brings "
    "accounts",
    "user_unused": "a user no record of the export refers to: an export never brings accounts",
}


def sync_error_lines(error: Exception) -> list[str]:
    """A refused export or import as stderr lines, with the export, file, line and column."""
    from bazaar_pos.sync import ExportRefused, ExportRowError, ExportUntrusted, ImportConflict

    if isinstance(error, ExportUntrusted):
        lines = [f"{error.path}: not trusted: {_UNTRUSTED_TEXTS[error.reason.value]}"]
        if error.till_id:
            lines.append(
                f"{error.path}: till {error.till_code}, id {error.till_id}, key fingerprint "
                f"{error.fingerprint}"
            )
        if error.known_fingerprint:
            lines.append(f"{error.path}: key fingerprint known here: {error.known_fingerprint}")
        lines.append(f"bazaar-pos: {error.path} not imported; nothing of it written")
        return lines
    if isinstance(error, ExportRefused):
        detail = f" ({error.detail})" if error.detail else ""
        return [
            f"{error.path}: {error.file_name}:{error.line}: {error.record}: "
            f"{_REFUSAL_TEXTS[error.reason.value]}{detail}",
            f"bazaar-pos: {error.path} not imported; nothing of it written",
        ]

    if isinstance(error, ImportConflict):
        lines = []
        for conflict in error.conflicts:
            columns = f" {', '.join(conflict.columns)}:" if conflict.columns else ""
            lines.append(
                f"{error.path}: {conflict.file_name}:{conflict.line}:{columns} {conflict.message}"
            )
        lines.append(
            f"bazaar-pos: {_plural(len(error.conflicts), 'conflict')} with this database "
            f"in {error.path}; nothing of it imported"
        )
        return lines
    if isinstance(error, ExportRowError):
        column = f" {error.column}:" if error.column else ""
        return [
            f"{error.path}: {error.file_name}:{error.line}:{column} {error.problem}",
            f"bazaar-pos: {error.path} not imported; nothing of it written",
        ]
    return [f"bazaar-pos: {error}"]


def _till_code(db: Database) -> str:
    from bazaar_pos.settings import load_settings

    return load_settings(db).till_code


def run_export_command(args: argparse.Namespace, db: Database) -> int:
    """``export OUT [--incremental] [--user U | --by NAME]``: 0 when written, 2 when refused,
    3 when refused for who runs it (no --user on a till with users, failed login, role)."""
    try:
        with logged_in(db, args.user, till_code=_till_code(db)) as actor:
            if actor is not None:  # refused before anything is read; the service checks too
                from bazaar_pos.people.access import Action

                check_allowed(db, actor, Action.SYNC_EXPORT)
            return _export(args, db, actor if actor is not None else str(args.by))
    except CommandRefused as refused:
        print(f"bazaar-pos: {refused}", file=sys.stderr)
        return NOT_ALLOWED


def _export(args: argparse.Namespace, db: Database, person: Actor | str) -> int:
    from bazaar_pos.errors import PosError
    from bazaar_pos.sync import export_till

    try:
        result = export_till(
            db,
            args.out,
            kind="incremental" if args.incremental else "full",
            exported_by=person,
        )
    except PosError as error:
        if is_refusal(error):
            print(f"bazaar-pos: {error}", file=sys.stderr)
            return NOT_ALLOWED
        for line in sync_error_lines(error):
            print(line, file=sys.stderr)
        return REFUSED
    except OSError as error:
        print(f"bazaar-pos: {args.out}: {error.strerror or error}", file=sys.stderr)
        return REFUSED
    for line in export_summary_lines(result):
        print(line)
    return 0


def run_import_command(args: argparse.Namespace, db: Database) -> int:
    """``import EXPORT... [--user U | --by NAME]``: each export in order, all or nothing;
    3 when refused for who runs it.

    Exports are merged one by one so each one's counts are printed as soon as it is in; at
    the first refused export the rest are not tried (exit status 2), as with
    :func:`bazaar_pos.sync.import_exports`.
    """
    try:
        with logged_in(db, args.user, till_code=_till_code(db)) as actor:
            if actor is not None:  # refused before any export is read; the service checks too
                from bazaar_pos.people.access import Action

                check_allowed(db, actor, Action.SYNC_IMPORT)
            return _import(args, db, actor if actor is not None else str(args.by))
    except CommandRefused as refused:
        print(f"bazaar-pos: {refused}", file=sys.stderr)
        return NOT_ALLOWED


def _import(args: argparse.Namespace, db: Database, person: Actor | str) -> int:
    from bazaar_pos.errors import PosError
    from bazaar_pos.sync import import_export, one_backup_before_import

    paths: list[Path] = args.exports
    backup = one_backup_before_import(db)  # one backup for the whole command
    for index, path in enumerate(paths):
        try:
            result = import_export(db, path, imported_by=person, backup=backup)
        except (PosError, OSError) as error:
            if isinstance(error, PosError) and is_refusal(error):
                print(f"bazaar-pos: {error}", file=sys.stderr)
                return NOT_ALLOWED
            if isinstance(error, OSError):
                print(f"bazaar-pos: {path}: {error.strerror or error}", file=sys.stderr)
            else:
                for line in sync_error_lines(error):
                    print(line, file=sys.stderr)
            skipped = paths[index + 1 :]
            if skipped:
                names = ", ".join(str(p) for p in skipped)
                print(f"bazaar-pos: not tried: {names}", file=sys.stderr)
            return REFUSED
        for line in import_summary_lines(result):
            print(line)
    return 0
