"""The one entry point, ``bazaar-pos``: no subcommand opens the app; subcommands run headless."""

from bazaar_pos.cli.commands import main

__all__ = ["main"]
