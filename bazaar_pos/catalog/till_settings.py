"""Changing the till's settings: who may change what, when, and the journal of it.

Paper, printer, language, labels and the cashier's name need ``CHANGE_SETTINGS``. The till
code starts every receipt number and names the till in every export, and the current event
decides under which event sales are booked: changing either needs an admin
(``CHANGE_TILL_CODE`` / ``SET_CURRENT_EVENT``) and is refused while a shift is open on the till
(:class:`ShiftOpenOnTill`), so that one drawer's sales never end up under two till codes or two
events. Every changed setting is journaled, old -> new.

This lives in the catalog because the current event is the catalog's, and the settings module
(shared by every area) may not depend on the people area that says who may.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from bazaar_pos.catalog.journal import changed_fields, describe_changes, journal
from bazaar_pos.db import Database
from bazaar_pos.db.engine import INSTALLATION_TILL_CODE
from bazaar_pos.db.journal import own_till_id
from bazaar_pos.db.models import (
    Event,
    ReceiptCounter,
    Refund,
    Sale,
    Shift,
    ShiftStatus,
    SyncImport,
    TillKey,
    User,
)
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.people.audit import AuditAction
from bazaar_pos.settings import (
    INSTALLATION_KEYS,
    TillSettings,
    read_settings,
    settings_as_text,
    store_settings,
    suggest_till_code,
    validate_settings,
)

# The settings whose change is the till's identity or its event, not a preference.
GUARDED_KEYS = {
    "till_code": Action.CHANGE_TILL_CODE,
    "current_event_id": Action.SET_CURRENT_EVENT,
    "database_kind": Action.CHANGE_TILL_CODE,
    "till_institution": Action.CHANGE_TILL_CODE,
}
# The short form of a device id on screens: the first 8 hex digits of its UUID (one laptop in
# 4 billion shares them with another; the export carries the whole id).
DEVICE_ID_SHORT = 8


class TillCodeTaken(PosError):
    """Another device's data merged here already uses the till code: two laptops would number
    receipts alike. ``suggestion``: a code nobody here uses yet."""

    field = "till_code"

    def __init__(self, code: str, devices: tuple[str, ...], suggestion: str) -> None:
        seen = f" (device {', '.join(devices)})" if devices else ""
        super().__init__(
            f"till code {code} is already used by another device here{seen}: two laptops "
            f"would print the same receipt numbers; choose another, e.g. {suggestion}"
        )
        self.code = code
        self.devices = devices
        self.suggestion = suggestion


class SetByInstallation(PosError):
    """An installation that sells into a shared database (``--this-till``) keeps its till code
    and kind in its own data folder, not in the database: changing them there would change
    nothing for it (and, stored, would be every other till's). ``installation_code``: the code
    this installation was given."""

    field = "till_code"

    def __init__(self, setting: str, installation_code: str) -> None:
        super().__init__(
            f"{setting} of this till ({installation_code}) is set where it was installed "
            "(bazaar-pos --this-till CODE), not in the shared database"
        )
        self.setting = setting
        self.installation_code = installation_code


class ShiftOpenOnTill(PosError):
    """The till code or the current event cannot change while a shift is open on the till."""

    def __init__(
        self, till_code: str, setting: str, shift_id: int, opened_by: str, opened_at: dt.datetime
    ) -> None:
        super().__init__(
            f"{setting} cannot change while shift {shift_id} of {opened_by} is open on till "
            f"{till_code}; close the shift first"
        )
        self.till_code = till_code
        self.setting = setting  # "till_code" | "current_event_id"
        self.shift_id = shift_id
        self.opened_by = opened_by
        self.opened_at = opened_at


def refuse_while_shift_open(session: Session, till_code: str, setting: str) -> None:
    """Raise :class:`ShiftOpenOnTill` if a shift is open on ``till_code`` on this device (a
    shift of another laptop with the same code, merged here, is not this till's)."""
    row = session.execute(
        select(Shift.id, Shift.opened_at, User.full_name, User.username)
        .join(User, Shift.opened_by_id == User.id)
        .where(
            Shift.till_code == till_code,
            Shift.till_id == own_till_id(session),
            Shift.status == ShiftStatus.OPEN.value,
        )
    ).first()
    if row is not None:
        raise ShiftOpenOnTill(
            till_code, setting, row.id, row.full_name or row.username, row.opened_at
        )


def till_codes_in_data(session: Session) -> set[str]:
    """Every till code the data here names: sales, shifts, refunds, receipt counters, the
    exports merged here and the tills whose keys were learnt from them."""
    codes = union(
        select(Sale.till_code),
        select(Shift.till_code),
        select(Refund.till_code),
        select(ReceiptCounter.till_code),
        select(SyncImport.till_code),
        select(TillKey.till_code),
    )
    return {code for code in session.scalars(select(codes.subquery().c[0])) if code}


def other_device_codes(session: Session) -> dict[str, tuple[str, ...]]:
    """The till codes of other devices whose data was merged here, each with the short ids of
    the devices seen with it (empty when only an import names it)."""
    found: dict[str, set[str]] = {}
    for code in session.scalars(select(SyncImport.till_code).distinct()):
        if code:
            found.setdefault(code, set())
    rows = session.execute(select(TillKey.till_code, TillKey.till_id).where(TillKey.own.is_(False)))
    for code, till_id in rows:
        if code:
            found.setdefault(code, set()).add(short_device_id(till_id))
    # The records themselves: a full export may carry sales under a code its till used before
    # (its key knows only the last one). Read here once per settings change, not per sale.
    own = session.scalar(select(TillKey.till_id).where(TillKey.own.is_(True))) or ""
    for model in (Sale, Shift, Refund):
        device_rows = session.execute(
            select(model.till_code, model.till_id)
            .where(model.till_id != own, model.till_id != "")
            .distinct()
        )
        for code, till_id in device_rows:
            if code:
                found.setdefault(code, set()).add(short_device_id(till_id))
    return {code: tuple(sorted(ids)) for code, ids in found.items()}


def short_device_id(till_id: str) -> str:
    return till_id.replace("-", "")[:DEVICE_ID_SHORT]


def check_till_code_free(session: Session, code: str, *, institution_code: str = "") -> None:
    """Refuse (:class:`TillCodeTaken`) a till code that another device's data here uses."""
    devices = other_device_codes(session).get(code)
    if devices is not None:
        prefix = institution_code or code.rstrip("0123456789")
        raise TillCodeTaken(code, devices, suggest_till_code(prefix, till_codes_in_data(session)))


def _event_name(session: Session, event_id: str) -> str:
    event = session.get(Event, int(event_id)) if event_id else None
    return f"{event.name} ({event.id})" if event is not None else event_id or "-"


def apply_settings_change(
    session: Session, actor: Actor | None, settings: TillSettings
) -> TillSettings:
    """Check, store and journal ``settings`` inside the caller's transaction (load, decide,
    write): ``CHANGE_SETTINGS`` always, plus the admin action of each guarded key changed."""
    validate_settings(settings)
    authorize_or_anonymous(session, actor, Action.CHANGE_SETTINGS)
    before = read_settings(session)
    old, new = settings_as_text(before), settings_as_text(settings)
    changes = changed_fields(old, new)
    installation_code = str(session.info.get(INSTALLATION_TILL_CODE, "") or "")
    for key, _, _ in changes:
        if key in GUARDED_KEYS:
            authorize_or_anonymous(session, actor, GUARDED_KEYS[key])
            # Who may first: a cashier is refused as anywhere, not told how tills are set up.
            if installation_code and key in INSTALLATION_KEYS:
                raise SetByInstallation(key, installation_code)
            refuse_while_shift_open(session, before.till_code, key)
        if key == "till_code" and settings.is_till:
            check_till_code_free(
                session, settings.till_code, institution_code=settings.till_institution
            )
    store_settings(session, settings)
    for key, old_value, new_value in changes:
        if key == "till_code":
            action, detail = AuditAction.TILL_CODE_CHANGED, f"{old_value} -> {new_value}"
        elif key == "current_event_id":
            action = AuditAction.CURRENT_EVENT_CHANGED
            detail = f"{_event_name(session, old[key])} -> {_event_name(session, new[key])}"
        else:
            action, detail = (
                AuditAction.SETTING_CHANGED,
                describe_changes([(key, old_value, new_value)]),
            )
        journal(
            session, action, actor=actor, subject=key, detail=detail, till_code=before.till_code
        )
    return settings


def change_settings(db: Database, settings: TillSettings, *, actor: Actor | None) -> TillSettings:
    """Store ``settings`` if ``actor`` may change what differs; returns what was stored.

    Raises ``NotPermitted`` (nothing stored), :class:`ShiftOpenOnTill` for the till code or the
    current event during an open shift, ``InvalidSetting`` for a bad value. ``actor`` None is
    only accepted on a till without accounts.
    """
    with db.write() as session:
        return apply_settings_change(session, actor, settings)
