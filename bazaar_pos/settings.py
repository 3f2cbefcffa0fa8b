"""Per-till settings kept in the database (so they travel with the till's data).

Reading them is open to everybody (start-up needs them before anyone logs in). Changing them
is a service of its own, :func:`bazaar_pos.catalog.till_settings.change_settings`: it checks
who may change what (the till code and the current event need an admin and no open shift) and
journals every change. :func:`save_settings` here is only for setting up a till that has no
accounts yet (the demo event, tests, benchmarks): once anybody can log in it is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db import Database
from bazaar_pos.db.engine import ANONYMOUS_SETUP, INSTALLATION_TILL_CODE
from bazaar_pos.db.models import Setting, User
from bazaar_pos.errors import LoginRequired, PosError

PAPER_CHOICES = ("58mm", "80mm", "a4")
# What a database is, chosen once at its first start (the window's first-start form, or the
# command line's --new-database): a till sells; an office only gathers the tills' exports and
# makes the reports (it never sells and never gets demo data). "pending": created, not chosen
# yet (the window asks the first admin). A database without the setting predates the choice:
# every one of those was a till.
TILL = "till"
OFFICE = "office"
PENDING = "pending"
DATABASE_KINDS = (TILL, OFFICE, PENDING)
# The office's own code in its audit entries and logins: it rings up nothing, and a till is
# never told to use it (no receipt number starts with it).
OFFICE_TILL_CODE = "KANTOR"
# A till of no institution (a command line set-up without one) numbers its tills KASA1, KASA2 …
NO_INSTITUTION_PREFIX = "KASA"
TILL_CODE_MAX_LENGTH = 8
LANGUAGE_CHOICES = ("id", "en")
# The keys of ``labels.LABEL_LAYOUTS`` (checked there); spelled out here so that loading the
# settings at start-up does not import ReportLab.
LABEL_LAYOUT_CHOICES = ("a4_3x8", "a4_4x10", "thermal_50x30")
# The backup numbers' allowed ranges: a day of minutes, a day of a busy till's sales, a year.
BACKUP_LIMITS = {
    "backup_every_minutes": (0, 24 * 60),
    "backup_every_sales": (0, 10_000),
    "backup_keep_last": (1, 1_000),
    "backup_keep_days": (0, 366),
}


@dataclass(frozen=True)
class TillSettings:
    till_code: str = "BPN1"
    cashier: str = "Kasir"
    paper: str = "80mm"
    printer: str = ""  # empty: no printer chosen, receipts are only saved as PDF
    print_receipts: bool = True
    language: str = "id"
    current_event_id: int | None = None
    label_layout: str = "a4_3x8"  # barcode labels: a key of labels.LABEL_LAYOUTS
    # backups (package bazaar_pos.backup): while selling, one every N minutes or N sales
    # (0: that rule off); keep the last N and the newest good one of each of the last N days;
    # a second folder (a USB stick) gets a copy of each when it is there.
    backup_every_minutes: int = 15
    backup_every_sales: int = 25
    backup_keep_last: int = 20
    backup_keep_days: int = 30
    backup_second_folder: str = ""  # empty: no second copy
    database_kind: str = TILL  # TILL | OFFICE | PENDING (see DATABASE_KINDS)
    till_institution: str = ""  # the code of the institution the till belongs to ("" none)

    @property
    def is_till(self) -> bool:
        """Only a till sells (an office, and a database not set up yet, never do)."""
        return self.database_kind == TILL

    @property
    def is_office(self) -> bool:
        return self.database_kind == OFFICE

    @property
    def is_pending(self) -> bool:
        """Created, and nobody chose yet whether it is a till or an office."""
        return self.database_kind == PENDING

    def with_changes(self, **changes: object) -> TillSettings:
        return replace(self, **changes)  # type: ignore[arg-type]


class InvalidSetting(PosError, ValueError):
    def __init__(self, key: str, value: str) -> None:
        super().__init__(f"invalid value {value!r} for setting {key!r}")
        self.key = key
        self.value = value


def is_valid_till_code(code: str) -> bool:
    """2–8 upper-case ASCII letters/digits: it starts every receipt number (``BPN1-000123``)."""
    return (
        2 <= len(code) <= TILL_CODE_MAX_LENGTH
        and code.isascii()
        and code.isalnum()
        and code.upper() == code
    )


def suggest_till_code(institution_code: str, used: Iterable[str]) -> str:
    """The next till code of an institution: its code and the number after the highest one
    already used with it (``BPN`` with BPN1 and BPN3 used: ``BPN4``), so that a laptop never
    takes the code of a till whose data was merged here. The highest, not the first gap: a
    gap may be a till whose export simply has not arrived yet. The code is cut to leave room
    for the number (a till code is at most 8 characters). Pure: the caller reads ``used``."""
    prefix = "".join(ch for ch in institution_code.strip().upper() if ch.isascii() and ch.isalnum())
    if not prefix:
        prefix = NO_INSTITUTION_PREFIX
    taken = {code.strip().upper() for code in used}
    highest = 0
    for code in taken:
        if code.startswith(prefix) and code[len(prefix) :].isdigit():
            highest = max(highest, int(code[len(prefix) :]))
    number = highest + 1
    while True:
        digits = str(number)
        candidate = prefix[: TILL_CODE_MAX_LENGTH - len(digits)] + digits
        if candidate not in taken and is_valid_till_code(candidate):
            return candidate
        number += 1


def validate_settings(settings: TillSettings) -> None:
    if not is_valid_till_code(settings.till_code):
        raise InvalidSetting("till_code", settings.till_code)
    if settings.database_kind not in DATABASE_KINDS:
        raise InvalidSetting("database_kind", settings.database_kind)
    if settings.paper not in PAPER_CHOICES:
        raise InvalidSetting("paper", settings.paper)
    if settings.language not in LANGUAGE_CHOICES:
        raise InvalidSetting("language", settings.language)
    if not settings.cashier.strip():
        raise InvalidSetting("cashier", settings.cashier)
    if settings.label_layout not in LABEL_LAYOUT_CHOICES:
        raise InvalidSetting("label_layout", settings.label_layout)
    for key, (low, high) in BACKUP_LIMITS.items():
        value = getattr(settings, key)
        if not low <= value <= high:
            raise InvalidSetting(key, str(value))


def _to_text(settings: TillSettings) -> dict[str, str]:
    return {
        "till_code": settings.till_code,
        "cashier": settings.cashier,
        "paper": settings.paper,
        "printer": settings.printer,
        "print_receipts": "1" if settings.print_receipts else "0",
        "language": settings.language,
        "current_event_id": ""
        if settings.current_event_id is None
        else str(settings.current_event_id),
        "label_layout": settings.label_layout,
        "backup_every_minutes": str(settings.backup_every_minutes),
        "backup_every_sales": str(settings.backup_every_sales),
        "backup_keep_last": str(settings.backup_keep_last),
        "backup_keep_days": str(settings.backup_keep_days),
        "backup_second_folder": settings.backup_second_folder,
        "database_kind": settings.database_kind,
        "till_institution": settings.till_institution,
    }


def _number(values: dict[str, str], key: str, default: int) -> int:
    """A stored number, or the default if it is missing or not one (a hand-edited row must not
    stop the till from starting)."""
    try:
        return int(values[key])
    except (KeyError, ValueError):
        return default


def _from_text(values: dict[str, str]) -> TillSettings:
    default = TillSettings()
    event = values.get("current_event_id", "")
    # A layout this version does not know (stored by a newer one) falls back to the default
    # rather than making every later save of the settings fail.
    label_layout = values.get("label_layout", default.label_layout)
    if label_layout not in LABEL_LAYOUT_CHOICES:
        label_layout = default.label_layout
    kind = values.get("database_kind", default.database_kind)
    return TillSettings(
        till_code=values.get("till_code", default.till_code),
        cashier=values.get("cashier", default.cashier),
        paper=values.get("paper", default.paper),
        printer=values.get("printer", default.printer),
        print_receipts=values.get("print_receipts", "1") == "1",
        language=values.get("language", default.language),
        current_event_id=int(event) if event else None,
        label_layout=label_layout,
        backup_every_minutes=_number(values, "backup_every_minutes", default.backup_every_minutes),
        backup_every_sales=_number(values, "backup_every_sales", default.backup_every_sales),
        backup_keep_last=_number(values, "backup_keep_last", default.backup_keep_last),
        backup_keep_days=_number(values, "backup_keep_days", default.backup_keep_days),
        backup_second_folder=values.get("backup_second_folder", default.backup_second_folder),
        # A kind this version does not know is not guessed at: the window offers nothing to
        # sell until an admin looks (a till's data is never treated as an office's, or back).
        database_kind=kind if kind in DATABASE_KINDS else PENDING,
        till_institution=values.get("till_institution", default.till_institution),
    )


# What an installation selling into a shared database (a server on the LAN) keeps for
# itself: its till code, and being a till (the shared database may be the office's).
INSTALLATION_KEYS = ("till_code", "database_kind")


def read_settings(session: Session) -> TillSettings:
    """The settings as they are, read inside the caller's transaction. An installation that
    sells into a shared database (``Database(installation_till_code=…)``) is a till with its
    own code there; everything else (event, paper, backups …) is the database's."""
    rows = session.execute(select(Setting.key, Setting.value)).all()
    settings = _from_text({key: value for key, value in rows})
    own_code = str(session.info.get(INSTALLATION_TILL_CODE, "") or "")
    if own_code:
        settings = replace(settings, till_code=own_code, database_kind=TILL)
    return settings


def load_settings(db: Database) -> TillSettings:
    with db.read() as session:
        return read_settings(session)


def store_settings(session: Session, settings: TillSettings) -> None:
    """Validate and write every setting inside the caller's transaction (which checked who)."""
    validate_settings(settings)
    own = bool(session.info.get(INSTALLATION_TILL_CODE, ""))
    for key, value in _to_text(settings).items():
        if own and key in INSTALLATION_KEYS:
            continue  # the installation's own, not the shared database's
        session.merge(Setting(key=key, value=value))


def mark_new_database(session: Session) -> None:
    """A database made just now, whose kind nobody chose yet: the window asks its first admin
    (till or office) before anything else is done with it. Only this one row is written, the
    other settings keep their defaults until then."""
    session.merge(Setting(key="database_kind", value=PENDING))


def settings_as_text(settings: TillSettings) -> dict[str, str]:
    """Each setting as it is stored (what a journal entry shows as old and new value)."""
    return _to_text(settings)


# The rule of ``people.access.anonymous_allowed``, which this shared module may not import:
# the opener asked for anonymous set-up, and nobody can log in here yet (users merged from
# another till's export have no PIN and do not count).
_ANY_ACCOUNT = select(User.id).where(User.pin_hash != "").limit(1)


def save_settings(db: Database, settings: TillSettings) -> TillSettings:
    """Set up a till that has no accounts yet (the command line, tests, benchmarks): validate
    and store all settings in one transaction; returns what was stored.

    Only on a database opened for anonymous set-up, and refused with :class:`LoginRequired`
    once anybody can log in: otherwise settings change only through
    ``catalog.till_settings.change_settings``, which checks and journals.
    """
    validate_settings(settings)
    with db.write() as session:
        anonymous = bool(session.info.get(ANONYMOUS_SETUP))
        if not anonymous or session.execute(_ANY_ACCOUNT).first() is not None:
            raise LoginRequired("")
        store_settings(session, settings)
    return settings
