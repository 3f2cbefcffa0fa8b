"""The one entry point, ``bazaar-pos``: no subcommand opens the app; subcommands run headless
work through the same services the screens use."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from bazaar_pos import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bazaar-pos",
        description="Bazaar POS: offline point of sale for bazaars of goods made by WBP "
        "(warga binaan) of Lapas/Rutan. Without a command it opens the till.",
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
        help="any SQLAlchemy database URL (default: SQLite file in the data folder)",
    )
    parser.add_argument("--lang", choices=("id", "en"), help="screen language (default: setting)")
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="fill the database with realistic demo data (training, benchmarks)",
        description="Adds demo products (with opening stock) and rings up demo sales through "
        "the real sale service.",
    )
    demo.add_argument("--products", type=int, default=0, metavar="N", help="products to add")
    demo.add_argument("--sales", type=int, default=0, metavar="M", help="sales to ring up")

    receipt = commands.add_parser("receipt", help="write the PDF of a committed sale's receipt")
    receipt.add_argument("receipt_no", help="e.g. BPN1-000123")
    receipt.add_argument("--paper", choices=("58mm", "80mm", "a4"), help="default: setting")
    receipt.add_argument("--copy", action="store_true", help="mark it SALINAN / COPY")
    return parser


def _non_negative(parser: argparse.ArgumentParser, name: str, value: int) -> None:
    if value < 0:
        parser.error(f"{name} must be 0 or more, got {value}")


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up creates a few hundred thousand long-lived objects (SQLAlchemy, Qt, screens);
    # collecting in between only re-walks them. Measured in bench/: ~90 ms of a ~480 ms start.
    gc.disable()
    try:
        return _run(argv)
    finally:
        gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)

    from bazaar_pos.errors import PosError
    from bazaar_pos.till import open_till

    till = open_till(args.data_dir, args.db)
    if args.command is not None:
        gc.enable()  # headless work may run long (100k products): collect as usual
    try:
        if args.command is None:
            from bazaar_pos.ui.app import run_app

            return run_app(till, language=args.lang, exit_when_ready=args.exit_when_ready)
        if args.command == "demo":
            from bazaar_pos.demo import generate_demo_data

            _non_negative(parser, "--products", args.products)
            _non_negative(parser, "--sales", args.sales)
            summary = generate_demo_data(till.db, args.products, args.sales)
            print(f"added {summary.products_added} products and {summary.sales_added} sales")
            return 0
        if args.command == "receipt":
            from bazaar_pos.receipt_files import save_receipt_pdf
            from bazaar_pos.settings import load_settings

            settings = load_settings(till.db)
            try:
                path = save_receipt_pdf(
                    till.db,
                    till.data_dir,
                    args.receipt_no,
                    paper=args.paper or settings.paper,
                    copy=args.copy,
                    language=args.lang or settings.language,
                )
            except PosError as error:
                print(f"bazaar-pos: {error}", file=sys.stderr)
                return 1
            print(path)
            return 0
        parser.error(f"unknown command {args.command}")
    finally:
        till.db.dispose()
    return 2
