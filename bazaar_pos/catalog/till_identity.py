"""What a database is: a till (its institution and till code) or an office, chosen once.

A new database is a till or an office, chosen at its first start (the window's first-start
form, or the command line's ``--new-database``): a till sells under a till code that starts
every receipt number; an office gathers the tills' exports and makes the reports, and never
sells. Till codes repeat between laptops only by mistake, and that mistake is the worst one to
find at the office: so a till is offered a code not yet seen in the data here
(:func:`suggested_till_code`), and a code that another device's data merged here already uses
is refused (:class:`TillCodeTaken`), at first start and whenever an admin changes it.

Each installation also has a device id (the till key's ``till_id``, made at first start), which
never changes and travels in every export; :func:`own_device_id` gives its short form for the
screens (support staff tell two laptops apart by it).

Who may: choosing the kind and the till code needs ``CHANGE_TILL_CODE`` (an admin), through
``till_settings.apply_settings_change``, which journals it; on a database without accounts (a
command line set-up) nobody needs to log in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.catalog.institutions import (
    INSTITUTION_KINDS,
    InstitutionDraft,
    is_valid_code,
    normalise_code,
    save_institution_in,
)
from bazaar_pos.catalog.till_settings import (
    apply_settings_change,
    check_till_code_free,
    short_device_id,
    till_codes_in_data,
)
from bazaar_pos.db import Database
from bazaar_pos.db.identity import own_identity
from bazaar_pos.db.models import Institution, TillKey
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Actor
from bazaar_pos.settings import (
    OFFICE,
    OFFICE_TILL_CODE,
    TILL,
    InvalidSetting,
    TillSettings,
    is_valid_till_code,
    read_settings,
    suggest_till_code,
)


@dataclass(frozen=True, kw_only=True)
class DatabaseSetup:
    """What a new database is to be.

    ``kind``: ``settings.TILL`` or ``settings.OFFICE``. A till names its institution by code:
    one in the database, or a new one when ``institution_name`` is given (made as the catalog
    makes institutions; its kind read from the name, "Rutan …" is a Rutan). ``till_code`` ""
    takes :func:`suggested_till_code`. ``demo``: the demo event for training, a till's only.
    """

    kind: str
    till_code: str = ""
    institution_code: str = ""
    institution_name: str = ""
    demo: bool = False


# --- errors --------------------------------------------------------------------------------


class InvalidDatabaseSetup(PosError):
    """What a new database is to be is incomplete or contradicts itself. ``field``: the
    setup's field (``kind``, ``institution_code``, ``institution_name``, ``demo``);
    ``reason``: ``unknown_kind``, ``institution_required``, ``unknown_institution``,
    ``demo_for_office``."""

    def __init__(self, field: str, value: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.reason = reason


class AlreadySetUp(PosError):
    """The database's kind was chosen before (it is chosen once): ``kind`` and ``till_code``
    are what it is."""

    def __init__(self, kind: str, till_code: str, asked: DatabaseSetup) -> None:
        what = f"a till ({till_code})" if kind == TILL else "an office"
        wanted = (
            f"a till ({asked.till_code or 'suggested code'})" if asked.kind == TILL else "an office"
        )
        if asked.demo:
            wanted += " with demo data"
        super().__init__(
            f"this database is already set up as {what}, not {wanted}: what a database is "
            "is chosen once, when it is made (use a new --data-dir for another one)"
        )
        self.kind = kind
        self.till_code = till_code
        self.asked = asked


# --- reading -------------------------------------------------------------------------------


def suggested_till_code(db: Database, institution_code: str) -> str:
    """:func:`settings.suggest_till_code` over the till codes in the data here."""
    with db.read() as session:
        return suggest_till_code(institution_code, till_codes_in_data(session))


def own_device_id(db: Database) -> str:
    """This installation's device id, short (made now if the database has none yet)."""
    with db.read() as session:
        till_id = session.scalar(select(TillKey.till_id).where(TillKey.own.is_(True)))
    if till_id is None:
        with db.write() as session:
            till_id = own_identity(session, till_code=read_settings(session).till_code).till_id
    return short_device_id(till_id)


# --- choosing ------------------------------------------------------------------------------


def institution_kind_of(name: str) -> str:
    """The kind an institution's name starts with ("Rutan Kelas IIA …": Rutan), else Lainnya."""
    first = name.strip().split(" ", 1)[0].casefold()
    for kind in INSTITUTION_KINDS:
        if kind.casefold() == first:
            return kind
    return INSTITUTION_KINDS[-1]


def checked_setup(
    session: Session, setup: DatabaseSetup, *, also_known: frozenset[str] = frozenset()
) -> DatabaseSetup:
    """``setup`` as it will be applied (the till code filled in), or a refusal; reads only.
    ``also_known``: institution codes that will be there by then (the demo's, asked for)."""
    if setup.kind == OFFICE:
        if setup.demo:
            raise InvalidDatabaseSetup(
                "demo", "1", "demo_for_office", "an office database never gets demo data"
            )
        return replace(setup, till_code="", institution_code="", institution_name="")
    if setup.kind != TILL:
        raise InvalidDatabaseSetup(
            "kind",
            setup.kind,
            "unknown_kind",
            f"a database is a till or an office, not {setup.kind!r}",
        )
    code = normalise_code(setup.institution_code)
    if not code:
        raise InvalidDatabaseSetup(
            "institution_code", code, "institution_required", "a till needs its institution"
        )
    known = code in also_known or (
        session.scalar(select(Institution.id).where(Institution.code == code)) is not None
    )
    name = setup.institution_name.strip()
    if not known and not name:
        raise InvalidDatabaseSetup(
            "institution_code",
            code,
            "unknown_institution",
            f"no institution has code {code} here: give its name to add it",
        )
    if not is_valid_code(code):
        raise InvalidDatabaseSetup(
            "institution_code",
            code,
            "bad_format",
            f"institution code {code!r} must be 2–8 upper-case letters or digits, e.g. BPN",
        )
    till_code = setup.till_code.strip().upper()
    if not till_code:
        till_code = suggest_till_code(code, till_codes_in_data(session))
    if not is_valid_till_code(till_code):
        raise InvalidSetting("till_code", till_code)
    check_till_code_free(session, till_code, institution_code=code)
    return replace(setup, institution_code=code, institution_name=name, till_code=till_code)


def check_setup(
    db: Database, setup: DatabaseSetup, *, also_known: frozenset[str] = frozenset()
) -> DatabaseSetup:
    """:func:`checked_setup` in a transaction of its own (before an admin account or the demo
    data is made: a refusal then leaves nothing behind)."""
    with db.read() as session:
        return checked_setup(session, setup, also_known=also_known)


def apply_setup(db: Database, setup: DatabaseSetup, *, actor: Actor | None) -> TillSettings:
    """Make a database not set up yet (``settings.PENDING``) what ``setup`` says, in one
    transaction: a new institution, the kind, till code and institution in the settings
    (journaled by the settings service), and the device id. Returns the settings stored.

    Refused: :class:`AlreadySetUp` once the kind was chosen, the refusals of
    :func:`checked_setup`, and what ``apply_settings_change`` refuses (``NotPermitted`` for
    anybody but an admin). The demo data, if asked, is the caller's (demo is not the catalog's).
    """
    with db.write() as session:
        settings = read_settings(session)
        if not settings.is_pending:
            raise AlreadySetUp(settings.database_kind, settings.till_code, setup)
        checked = checked_setup(session, setup)
        if checked.kind == OFFICE:
            chosen = settings.with_changes(database_kind=OFFICE, till_code=OFFICE_TILL_CODE)
        else:
            known = session.scalar(
                select(Institution.id).where(Institution.code == checked.institution_code)
            )
            if known is None:
                save_institution_in(
                    session,
                    InstitutionDraft(
                        code=checked.institution_code,
                        name=checked.institution_name,
                        kind=institution_kind_of(checked.institution_name),
                    ),
                    actor=actor,
                )
            chosen = settings.with_changes(
                database_kind=TILL,
                till_code=checked.till_code,
                till_institution=checked.institution_code,
            )
        stored = apply_settings_change(session, actor, chosen)
        own_identity(session, till_code=stored.till_code)
        return stored


def setup_agrees(settings: TillSettings, setup: DatabaseSetup) -> bool:
    """Does a database already set up answer ``setup`` (a script run again is no mistake)?
    Kind, till code and institution must be what it is; ``demo`` is about making a database
    and adds nothing to one that exists (so it agrees with any till)."""
    if settings.database_kind != setup.kind:
        return False
    if setup.kind == OFFICE:
        return True
    code = setup.till_code.strip().upper()
    institution = normalise_code(setup.institution_code)
    return (not code or code == settings.till_code) and (
        not institution or institution == settings.till_institution
    )
