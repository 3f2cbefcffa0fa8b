"""``bazaar-pos report --event EVENT --out FILE``: the end-of-event report from the command
line, as the A4 PDF the Kalapas/Karutan signs or as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bazaar_pos.cli.login import add_user_option, run_as

if TYPE_CHECKING:  # imported where used: start-up time matters
    from bazaar_pos.db import Database
    from bazaar_pos.people.access import Actor

__all__ = ["add_report_command", "run_report_command"]

_FORMATS = ("pdf", "csv")


def add_report_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` to the ``bazaar-pos`` subcommands."""
    report = subparsers.add_parser(
        "report",
        help="write the end-of-event report (A4 PDF to sign, or CSV)",
        description="The end-of-event report: a summary of the event's sales, then per "
        "institution the goods sold, the money due to it and the variance from the closing "
        "count, with signature lines. Hours and days are the computer's local time.",
    )
    report.add_argument(
        "--event", required=True, metavar="EVENT", help="the event's id, uuid or exact name"
    )
    report.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    report.add_argument(
        "--format", choices=_FORMATS, help="pdf or csv (default: from the suffix of FILE)"
    )
    report.add_argument(
        "--language", choices=("id", "en"), help="language of the PDF (default: setting)"
    )
    add_user_option(report)


def _format_of(args: argparse.Namespace) -> str | None:
    if args.format:
        return str(args.format)
    suffix = Path(args.out).suffix.lower().lstrip(".")
    return suffix if suffix in _FORMATS else None


def run_report_command(args: argparse.Namespace, db: Database) -> int:
    """Write the report; print ``FILE: …`` on success. Exit status 2 for an unknown or
    ambiguous event or a format that cannot be told, 1 when the file cannot be written, 3 when
    refused for who runs it (``VIEW_REPORTS``, checked before the report is read)."""
    from bazaar_pos.people.access import Action

    return run_as(db, args, Action.VIEW_REPORTS, lambda actor: _report_as(args, db, actor))


def _report_as(args: argparse.Namespace, db: Database, actor: Actor | None) -> int:
    from bazaar_pos.files import write_file_atomically
    from bazaar_pos.money import format_rupiah
    from bazaar_pos.reports.event_report import (
        AmbiguousEvent,
        EventNotFound,
        end_of_event_report,
        find_event,
    )

    path = Path(args.out)
    kind = _format_of(args)
    if kind is None:
        print(
            f"bazaar-pos: cannot tell the format of {path}; use --format pdf or --format csv",
            file=sys.stderr,
        )
        return 2
    try:
        event = find_event(db, args.event)
    except (EventNotFound, AmbiguousEvent) as error:
        print(f"bazaar-pos: {error}", file=sys.stderr)
        return 2
    # ``actor`` None only on a database without accounts (run_as logs somebody in otherwise).
    report = end_of_event_report(db, actor, event.id)
    if kind == "pdf":
        from bazaar_pos.papers.event_report import render_event_report_pdf

        language = args.language
        if language is None:
            from bazaar_pos.settings import load_settings

            language = load_settings(db).language
        data = render_event_report_pdf(report, language=language)
    else:
        from bazaar_pos.reports.event_report_csv import event_report_csv

        data = event_report_csv(report)
    try:
        write_file_atomically(path, data)
    except OSError as error:
        print(f"bazaar-pos: {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    sales = report.sales
    institutions = len(report.institutions)
    print(
        f"{path}: {kind.upper()} report of {event.name!r}: {sales.receipts} receipts, "
        f"net {format_rupiah(sales.net)}, "
        f"{institutions} institution{'' if institutions == 1 else 's'}"
    )
    return 0
