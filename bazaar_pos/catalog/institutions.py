"""Institutions (Lapas, Rutan, LPKA, Bapas …) that supply goods, and their workshops.

An institution has a short ``code`` (``BPN``) printed on labels and receipts, and a two-digit
``number`` that sits inside its internal EAN-13 barcodes (``20`` + number + sequence + check
digit), so a label says which institution made the product even without the database. Once
such a barcode exists for a product of the institution, the number is printed on labels and
can no longer change.

A workshop is a *pembinaan kemandirian* programme inside an institution (kerajinan kayu,
anyaman bambu, kafe asimilasi …). Workshops are archived, never deleted: past sale lines
keep pointing at them.

Every function here is one service call with its own unit of work and returns plain frozen
dataclasses. Reading (:func:`list_institutions`, :func:`get_institution`) is open to every caller,
like the other look-ups the sale screen needs; every change needs ``EDIT_INSTITUTIONS``
(``NotPermitted`` otherwise) and is journaled, old -> new. Bad input raises a
:class:`~bazaar_pos.errors.PosError` subclass that names the field (``error.field``) so a screen
can put the message next to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bazaar_pos.catalog.journal import changed_fields, describe_changes, journal
from bazaar_pos.db import Database
from bazaar_pos.db.models import Institution, Product, Workshop
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.people.audit import AuditAction

# The users' words for a UPT Pemasyarakatan (see the glossary); "Lainnya" is anything else.
INSTITUTION_KINDS: tuple[str, ...] = ("Lapas", "Rutan", "LPKA", "Bapas", "Lainnya")
CODE_MIN_LENGTH = 2
CODE_MAX_LENGTH = 8  # institutions.code is String(8)
NAME_MAX_LENGTH = 120  # institutions.name
WORKSHOP_NAME_MAX_LENGTH = 80  # workshops.name
NUMBER_MIN = 0
NUMBER_MAX = 99  # two digits inside the EAN-13
EAN13_LENGTH = 13


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopInfo:
    id: int
    institution_id: int
    name: str
    active: bool  # False: archived (kept for past sales, not offered for new products)


@dataclass(frozen=True)
class InstitutionInfo:
    id: int
    code: str
    number: int | None  # None only for institutions migrated without one; saving assigns one
    name: str
    kind: str
    workshops: tuple[WorkshopInfo, ...]  # ordered by name, archived ones included


@dataclass(frozen=True, kw_only=True)
class InstitutionDraft:
    """What the institution form submits. ``id=None`` creates a new institution.

    ``number=None`` keeps the institution's current number, or gives it the lowest free one
    (1–99, then 0) if it has none yet.
    """

    id: int | None = None
    code: str
    name: str
    kind: str = "Rutan"
    number: int | None = None


# --- errors --------------------------------------------------------------------------------


class InvalidInstitution(PosError):
    """A field of an institution draft is not acceptable.

    ``field`` is the draft's field name (``code``, ``number``, ``name``, ``kind``); ``reason``
    is a short code for the screen: ``required``, ``too_long``, ``bad_format``,
    ``out_of_range``, ``unknown_kind``, ``duplicate``, ``no_free_number``, ``printed``.
    """

    def __init__(self, field: str, value: object, reason: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.reason = reason


class DuplicateCode(InvalidInstitution):
    def __init__(self, code: str, other_id: int) -> None:
        super().__init__(
            "code", code, "duplicate", f"institution code {code!r} is already used (id {other_id})"
        )
        self.code = code
        self.other_id = other_id


class DuplicateNumber(InvalidInstitution):
    def __init__(self, number: int, other_code: str) -> None:
        super().__init__(
            "number",
            number,
            "duplicate",
            f"institution number {number:02d} is already used by {other_code}",
        )
        self.number = number
        self.other_code = other_code


class NoFreeNumber(InvalidInstitution):
    def __init__(self) -> None:
        super().__init__(
            "number", None, "no_free_number", "all institution numbers 00–99 are taken"
        )


class NumberOnPrintedBarcodes(InvalidInstitution):
    """The number is inside internal barcodes of this institution's products (on labels)."""

    def __init__(self, code: str, old: int, new: int, barcodes: int) -> None:
        super().__init__(
            "number",
            new,
            "printed",
            f"cannot change the number of {code} from {old:02d} to {new:02d}: "
            f"{barcodes} product barcode(s) already carry 20{old:02d}…",
        )
        self.code = code
        self.old = old
        self.new = new
        self.barcodes = barcodes


class InstitutionNotFound(PosError):
    def __init__(self, institution_id: int) -> None:
        super().__init__(f"no institution has id {institution_id}")
        self.institution_id = institution_id


class InvalidWorkshop(PosError):
    """A workshop name is empty, too long (``reason`` ``required``/``too_long``) or taken."""

    def __init__(self, field: str, value: object, reason: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.reason = reason


class DuplicateWorkshop(InvalidWorkshop):
    def __init__(self, institution_code: str, name: str, other_id: int) -> None:
        super().__init__(
            "name",
            name,
            "duplicate",
            f"{institution_code} already has a workshop named {name!r} (id {other_id})",
        )
        self.institution_code = institution_code
        self.name = name
        self.other_id = other_id


class WorkshopNotFound(PosError):
    def __init__(self, workshop_id: int) -> None:
        super().__init__(f"no workshop has id {workshop_id}")
        self.workshop_id = workshop_id


# --- rules shared with the catalog import --------------------------------------------------


def normalise_code(code: str) -> str:
    """Codes are compared and stored upper-case without surrounding spaces (``bpn`` = BPN)."""
    return code.strip().upper()


def institution_title(kind: str, name: str) -> str:
    """An institution's name as a signed paper writes it, with its kind in front once:
    ``('Rutan', 'Rutan Kelas IIA Balikpapan')`` stays as is; ``('Lapas', 'Kelas IIA
    Samarinda')`` becomes ``'Lapas Kelas IIA Samarinda'``."""
    name, kind = name.strip(), kind.strip()
    if kind and not name.lower().startswith(kind.lower()):
        return f"{kind} {name}".strip()
    return name


def is_valid_code(code: str) -> bool:
    """2–8 upper-case ASCII letters/digits: it is printed on labels and receipts."""
    return (
        CODE_MIN_LENGTH <= len(code) <= CODE_MAX_LENGTH
        and code.isascii()
        and code.isalnum()
        and code.upper() == code
    )


def workshop_key(name: str) -> str:
    """Workshop names are unique per institution regardless of case ("Kafe" = "kafe")."""
    return name.strip().casefold()


def internal_prefix(number: int) -> str:
    """The first four digits of this institution number's internal EAN-13 barcodes."""
    return f"20{number:02d}"


def internal_barcode_range(number: int) -> tuple[str, str]:
    """``(low, high)`` such that ``low <= barcode < high`` holds for every barcode starting
    with the institution's prefix; a plain range lets the unique index on barcode answer."""
    prefix = internal_prefix(number)
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


# --- reading -------------------------------------------------------------------------------


def _workshop_info(workshop: Workshop) -> WorkshopInfo:
    return WorkshopInfo(
        id=workshop.id,
        institution_id=workshop.institution_id,
        name=workshop.name,
        active=bool(workshop.active),
    )


def _institution_info(institution: Institution, workshops: list[Workshop]) -> InstitutionInfo:
    return InstitutionInfo(
        id=institution.id,
        code=institution.code,
        number=institution.number,
        name=institution.name,
        kind=institution.kind,
        workshops=tuple(
            _workshop_info(w) for w in sorted(workshops, key=lambda w: (w.name.casefold(), w.id))
        ),
    )


def _load_infos(session: Session, institution_id: int | None = None) -> list[InstitutionInfo]:
    query = select(Institution).order_by(Institution.code)
    workshop_query = select(Workshop)
    if institution_id is not None:
        query = query.where(Institution.id == institution_id)
        workshop_query = workshop_query.where(Workshop.institution_id == institution_id)
    by_institution: dict[int, list[Workshop]] = {}
    for workshop in session.scalars(workshop_query):
        by_institution.setdefault(workshop.institution_id, []).append(workshop)
    return [
        _institution_info(institution, by_institution.get(institution.id, []))
        for institution in session.scalars(query)
    ]


def list_institutions(db: Database) -> list[InstitutionInfo]:
    """Every institution with its workshops (archived ones too), ordered by code."""
    with db.read() as session:
        return _load_infos(session)


def get_institution(db: Database, institution_id: int) -> InstitutionInfo:
    with db.read() as session:
        found = _load_infos(session, institution_id)
    if not found:
        raise InstitutionNotFound(institution_id)
    return found[0]


# --- institutions --------------------------------------------------------------------------


def _checked_kind(kind: str) -> str:
    wanted = kind.strip().casefold()
    for known in INSTITUTION_KINDS:
        if known.casefold() == wanted:
            return known
    raise InvalidInstitution(
        "kind", kind, "unknown_kind", f"kind {kind!r} is not one of {', '.join(INSTITUTION_KINDS)}"
    )


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInstitution("name", name, "required", "the institution needs a name")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInstitution(
            "name", name, "too_long", f"name is longer than {NAME_MAX_LENGTH} characters"
        )
    return name


def _checked_code(session: Session, code: str, institution_id: int | None) -> str:
    code = normalise_code(code)
    if not code:
        raise InvalidInstitution("code", code, "required", "the institution needs a code")
    if not is_valid_code(code):
        raise InvalidInstitution(
            "code",
            code,
            "bad_format",
            f"code {code!r} must be 2–8 upper-case letters or digits, e.g. BPN",
        )
    other = session.scalar(select(Institution.id).where(Institution.code == code))
    if other is not None and other != institution_id:
        raise DuplicateCode(code, other)
    return code


def _lowest_free_number(session: Session) -> int:
    taken = set(session.scalars(select(Institution.number).where(Institution.number.is_not(None))))
    # 0 comes last: "00" on a label reads like "no institution", so it is only handed out
    # when asked for or when everything else is taken.
    candidates: list[int] = [*range(1, NUMBER_MAX + 1), NUMBER_MIN]
    for number in candidates:
        if number not in taken:
            return number
    raise NoFreeNumber()


def _count_internal_barcodes(session: Session, institution_id: int, number: int) -> int:
    low, high = internal_barcode_range(number)
    return int(
        session.scalar(
            select(func.count())
            .select_from(Product)
            .where(
                Product.institution_id == institution_id,
                Product.barcode >= low,
                Product.barcode < high,
                func.length(Product.barcode) == EAN13_LENGTH,
            )
        )
        or 0
    )


def _checked_number(session: Session, draft: InstitutionDraft, current: Institution | None) -> int:
    if draft.number is None:
        if current is not None and current.number is not None:
            return current.number
        return _lowest_free_number(session)
    number = draft.number
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidInstitution("number", number, "bad_format", "number must be a whole number")
    if not NUMBER_MIN <= number <= NUMBER_MAX:
        raise InvalidInstitution(
            "number", number, "out_of_range", f"number {number} is not between 0 and 99"
        )
    other = session.execute(
        select(Institution.id, Institution.code).where(Institution.number == number)
    ).first()
    if other is not None and (current is None or other.id != current.id):
        raise DuplicateNumber(number, other.code)
    if current is not None and current.number is not None and current.number != number:
        printed = _count_internal_barcodes(session, current.id, current.number)
        if printed:
            raise NumberOnPrintedBarcodes(current.code, current.number, number, printed)
    return number


def _journal_fields(institution: Institution) -> dict[str, object]:
    return {
        "code": institution.code,
        "number": institution.number,
        "name": institution.name,
        "kind": institution.kind,
    }


def save_institution(
    db: Database, draft: InstitutionDraft, *, actor: Actor | None = None
) -> InstitutionInfo:
    """Create (``draft.id is None``) or update an institution; returns it as saved.

    Checks: code 2–8 upper-case letters/digits and unique (``bpn`` is taken as ``BPN``);
    number 0–99 and unique, and unchanged once the institution's products carry internal
    barcodes with it; name required; kind one of :data:`INSTITUTION_KINDS` (any case).
    """
    with db.write() as session:
        return save_institution_in(session, draft, actor=actor)


def save_institution_in(
    session: Session, draft: InstitutionDraft, *, actor: Actor | None
) -> InstitutionInfo:
    """:func:`save_institution` inside the caller's transaction (a new database's till and its
    institution are set up in one)."""
    authorize_or_anonymous(session, actor, Action.EDIT_INSTITUTIONS)
    current: Institution | None = None
    if draft.id is not None:
        current = session.get(Institution, draft.id)
        if current is None:
            raise InstitutionNotFound(draft.id)
    before = _journal_fields(current) if current is not None else {}
    code = _checked_code(session, draft.code, draft.id)
    name = _checked_name(draft.name)
    kind = _checked_kind(draft.kind)
    number = _checked_number(session, draft, current)
    if current is None:
        current = Institution(code=code, number=number, name=name, kind=kind)
        session.add(current)
    else:
        current.code, current.number, current.name, current.kind = code, number, name, kind
    session.flush()
    changes = changed_fields(before, _journal_fields(current))
    if changes:
        action = AuditAction.INSTITUTION_CHANGED if before else AuditAction.INSTITUTION_CREATED
        journal(session, action, actor=actor, subject=code, detail=describe_changes(changes))
    return _load_infos(session, current.id)[0]


# --- workshops -----------------------------------------------------------------------------


def checked_workshop_name(name: str) -> str:
    """The name as stored (stripped); raises :class:`InvalidWorkshop` if empty or too long."""
    name = name.strip()
    if not name:
        raise InvalidWorkshop("name", name, "required", "the workshop needs a name")
    if len(name) > WORKSHOP_NAME_MAX_LENGTH:
        raise InvalidWorkshop(
            "name", name, "too_long", f"name is longer than {WORKSHOP_NAME_MAX_LENGTH} characters"
        )
    return name


def _refuse_duplicate_workshop(
    session: Session, institution: Institution, name: str, workshop_id: int | None
) -> None:
    key = workshop_key(name)
    for other_id, other_name in session.execute(
        select(Workshop.id, Workshop.name).where(Workshop.institution_id == institution.id)
    ):
        if other_id != workshop_id and workshop_key(other_name) == key:
            raise DuplicateWorkshop(institution.code, name, other_id)


def add_workshop(
    db: Database, institution_id: int, name: str, *, actor: Actor | None = None
) -> WorkshopInfo:
    """A new (active) workshop; its name is unique within the institution, ignoring case."""
    name = checked_workshop_name(name)
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.EDIT_INSTITUTIONS)
        institution = session.get(Institution, institution_id)
        if institution is None:
            raise InstitutionNotFound(institution_id)
        _refuse_duplicate_workshop(session, institution, name, None)
        workshop = Workshop(institution_id=institution_id, name=name, active=True)
        session.add(workshop)
        session.flush()
        _journal_workshop(session, actor, workshop, AuditAction.WORKSHOP_CREATED, f"name {name!r}")
        return _workshop_info(workshop)


def _get_workshop(session: Session, workshop_id: int) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise WorkshopNotFound(workshop_id)
    return workshop


def _journal_workshop(
    session: Session, actor: Actor | None, workshop: Workshop, action: AuditAction, detail: str
) -> None:
    subject = f"{workshop.institution.code} / {workshop.name}"
    journal(session, action, actor=actor, subject=subject, detail=detail)


def rename_workshop(
    db: Database, workshop_id: int, name: str, *, actor: Actor | None = None
) -> WorkshopInfo:
    """Past sale lines point at the workshop by id, so they show the new name too."""
    name = checked_workshop_name(name)
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.EDIT_INSTITUTIONS)
        workshop = _get_workshop(session, workshop_id)
        _refuse_duplicate_workshop(session, workshop.institution, name, workshop.id)
        changes = changed_fields({"name": workshop.name}, {"name": name})
        workshop.name = name
        session.flush()
        if changes:
            detail = describe_changes(changes)
            _journal_workshop(session, actor, workshop, AuditAction.WORKSHOP_CHANGED, detail)
        return _workshop_info(workshop)


def set_workshop_active(
    db: Database, workshop_id: int, active: bool, *, actor: Actor | None = None
) -> WorkshopInfo:
    """Archive (``active=False``) or restore a workshop.

    An archived workshop stays on its past sales and on the products already in it; it is
    only refused for products newly put into it.
    """
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.EDIT_INSTITUTIONS)
        workshop = _get_workshop(session, workshop_id)
        changes = changed_fields({"active": bool(workshop.active)}, {"active": active})
        workshop.active = active
        session.flush()
        if changes:
            detail = describe_changes(changes)
            _journal_workshop(session, actor, workshop, AuditAction.WORKSHOP_CHANGED, detail)
        return _workshop_info(workshop)
