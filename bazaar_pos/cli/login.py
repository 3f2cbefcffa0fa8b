"""Who runs a command: the command line is a till like the screens.

On a database where anybody can log in, every command that changes or reveals data needs
``--user USERNAME`` and that user's PIN. The PIN is read from the terminal without echo
(``getpass``), never from the command line (where ``ps`` and the shell history show it), or,
for scripts, from the environment variable :data:`PIN_VARIABLE`. The login goes through
``people.users.login`` (a wrong PIN counts towards the lockout, as on the screen), the Actor it
returns is passed to the services, which check the permission table, and the login is ended
when the command is done. On a database without accounts (a new till, a headless office copy)
commands run as before, without a user.

Every refusal for *who* runs the command (no ``--user``, unknown user, wrong PIN, locked
account, a role that may not) is one line on stderr and exit status :data:`NOT_ALLOWED`.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: start-up time matters
    from bazaar_pos.db import Database
    from bazaar_pos.people.access import Action, Actor

PIN_VARIABLE = "BAZAAR_POS_PIN"
# Exit status of a command refused for who runs it (nothing was written).
NOT_ALLOWED = 3

LOGIN_HELP = f"""\
On a till with user accounts, every command that changes or reveals data needs --user USERNAME;
the PIN is then asked on the terminal (not shown), or taken from the environment variable
{PIN_VARIABLE} for scripts. Never put a PIN on the command line: other users see it.

exit status: 0 done; 1 the command failed (bad file, unknown receipt …); 2 wrong usage, or an
export/import refused; {NOT_ALLOWED} refused for who runs it (no --user, unknown user, wrong PIN,
locked account, or the role may not), or demo data asked for a till in use. A refused command
changes no data (a failed login is logged and counted, as on the screen).
"""


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """``--user USERNAME`` on a command that needs a login on a till with accounts."""
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help=f"who runs the command, on a till with users (PIN asked, or ${PIN_VARIABLE})",
    )


class CommandRefused(Exception):
    """Who runs the command may not (the one line to print is ``str(error)``)."""


def read_pin(username: str) -> str:
    """The PIN from :data:`PIN_VARIABLE`, else asked on the terminal without echo."""
    from_environment = os.environ.get(PIN_VARIABLE)
    if from_environment:
        return from_environment
    try:
        return getpass.getpass(f"PIN for {username}: ")
    except EOFError:
        raise CommandRefused(f"no PIN given for {username}") from None


@contextmanager
def logged_in(db: Database, username: str | None, *, till_code: str) -> Iterator[Actor | None]:
    """The Actor of ``username`` for the command's duration (None on a till without accounts);
    logged out at the end. Raises :class:`CommandRefused` for a missing user or a failed login.
    """
    from bazaar_pos.errors import PosError
    from bazaar_pos.people.users import has_users, login, logout

    if not has_users(db):
        yield None
        return
    if not username:
        raise CommandRefused(
            f"this till has users: give --user USERNAME (the PIN is asked, or ${PIN_VARIABLE})"
        )
    try:
        actor = login(db, username, read_pin(username), till_code=till_code)
    except PosError as failed:
        raise CommandRefused(f"login refused for {username}: {failed}") from failed
    try:
        yield actor
    finally:
        logout(db, actor, till_code=till_code)


def check_allowed(db: Database, actor: Actor | None, action: Action) -> None:
    """Refuse at once what the services would refuse (before any file is read or written)."""
    from bazaar_pos.errors import PosError
    from bazaar_pos.people.access import authorize_or_anonymous

    try:
        with db.read() as session:
            authorize_or_anonymous(session, actor, action)
    except PosError as refused:
        raise CommandRefused(str(refused)) from refused


def is_refusal(error: Exception) -> bool:
    """Is ``error`` a refusal for who runs the command (not for what it was asked to do)?"""
    from bazaar_pos.errors import LoginRequired
    from bazaar_pos.people.access import NotLoggedIn, NotPermitted, UnknownUser

    return isinstance(error, (NotPermitted, NotLoggedIn, LoginRequired, UnknownUser))


def run_as(
    db: Database, args: argparse.Namespace, action: Action, body: Callable[[Actor | None], int]
) -> int:
    """Log in (if the till has accounts), check ``action``, run ``body(actor)``, log out.

    A refusal for who runs the command, at login or from a service (``NotPermitted``,
    ``NotLoggedIn``, ``LoginRequired``), prints one line and returns :data:`NOT_ALLOWED`.
    """
    from bazaar_pos.errors import PosError
    from bazaar_pos.settings import load_settings

    try:
        with logged_in(
            db, getattr(args, "user", None), till_code=load_settings(db).till_code
        ) as actor:
            check_allowed(db, actor, action)
            return body(actor)
    except CommandRefused as refused:
        print(f"bazaar-pos: {refused}", file=sys.stderr)
    except PosError as refused:
        if not is_refusal(refused):
            raise
        print(f"bazaar-pos: {refused}", file=sys.stderr)
    return NOT_ALLOWED
