"""Events (bazaars, permanent outlets): name, venue, dates and the institutions taking part.

One event is *current* per till (a setting): sales, arrivals and counts are recorded under it.

Reading events (:func:`list_events`, :func:`get_event`) is open to every caller: the header and
the sale screen show the current event before and after anyone logs in. Creating and editing
an event needs ``EDIT_EVENTS``; choosing the current one needs ``SET_CURRENT_EVENT`` and no
open shift on the till. Both are journaled, old -> new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bazaar_pos.catalog.journal import changed_fields, describe_changes, journal
from bazaar_pos.catalog.till_settings import apply_settings_change
from bazaar_pos.db import Database
from bazaar_pos.db.models import Event, Institution
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.people.audit import AuditAction
from bazaar_pos.settings import read_settings


@dataclass(frozen=True)
class EventInfo:
    id: int
    name: str
    venue: str
    starts_on: dt.date | None
    institutions: tuple[str, ...]  # full names, ordered by code
    ends_on: dt.date | None = None
    institution_ids: tuple[int, ...] = ()
    institution_codes: tuple[str, ...] = ()
    uuid: str = ""


@dataclass(frozen=True)
class EventDraft:
    """What the event form submits; ``id`` None creates a new event."""

    name: str
    venue: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    institution_ids: tuple[int, ...]
    id: int | None = None


class InvalidEvent(PosError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"event {field}: {reason}")
        self.field = field  # "name" | "dates" | "institutions" | "id"
        self.reason = reason


def _info(event: Event) -> EventInfo:
    institutions = sorted(event.institutions, key=lambda inst: inst.code)
    return EventInfo(
        id=event.id,
        name=event.name,
        venue=event.venue,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        institutions=tuple(inst.name for inst in institutions),
        institution_ids=tuple(inst.id for inst in institutions),
        institution_codes=tuple(inst.code for inst in institutions),
        uuid=event.uuid,
    )


def list_events(db: Database) -> list[EventInfo]:
    """All events, newest first by start date (undated last), then by creation."""
    with db.read() as session:
        events = session.scalars(
            select(Event).options(selectinload(Event.institutions)).order_by(Event.id)
        ).all()
        infos = [_info(event) for event in events]
    return sorted(
        infos, key=lambda e: (e.starts_on is None, -(e.starts_on or dt.date.min).toordinal(), -e.id)
    )


def get_event(db: Database, event_id: int | None) -> EventInfo | None:
    if event_id is None:
        return None
    with db.read() as session:
        event = session.get(Event, event_id, options=[selectinload(Event.institutions)])
        return _info(event) if event is not None else None


def _validate(draft: EventDraft) -> None:
    if not draft.name.strip():
        raise InvalidEvent("name", "required")
    if draft.starts_on and draft.ends_on and draft.ends_on < draft.starts_on:
        raise InvalidEvent("dates", "the event ends before it starts")
    if not draft.institution_ids:
        raise InvalidEvent("institutions", "choose at least one institution")


def _journal_fields(event: Event) -> dict[str, object]:
    return {
        "name": event.name,
        "venue": event.venue,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "institutions": " ".join(sorted(inst.code for inst in event.institutions)),
    }


def save_event(db: Database, draft: EventDraft, *, actor: Actor | None = None) -> EventInfo:
    """Create or update an event and its participating institutions (one transaction).

    Needs ``EDIT_EVENTS``. An institution whose goods were already counted or sold at the event
    can still be taken off the list: its past sales and movements keep their own institution,
    so nothing about them changes.
    """
    _validate(draft)
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.EDIT_EVENTS)
        institutions = session.scalars(
            select(Institution).where(Institution.id.in_(draft.institution_ids))
        ).all()
        if len(institutions) != len(set(draft.institution_ids)):
            raise InvalidEvent("institutions", "unknown institution")
        before: dict[str, object] = {}
        if draft.id is None:
            event = Event(uuid=new_uuid())
            session.add(event)
        else:
            found = session.get(Event, draft.id)
            if found is None:
                raise InvalidEvent("id", f"no event {draft.id}")
            event = found
            before = _journal_fields(event)
        event.name = draft.name.strip()
        event.venue = draft.venue.strip()
        event.starts_on = draft.starts_on
        event.ends_on = draft.ends_on
        event.institutions = list(institutions)
        session.flush()
        changes = changed_fields(before, _journal_fields(event))
        if draft.id is None or changes:
            action = AuditAction.EVENT_CREATED if draft.id is None else AuditAction.EVENT_CHANGED
            journal(
                session, action, actor=actor, subject=event.name, detail=describe_changes(changes)
            )
        return _info(event)


def set_current_event(db: Database, event_id: int, *, actor: Actor | None = None) -> EventInfo:
    """Make ``event_id`` this till's current event (sales and counts go under it).

    Needs ``SET_CURRENT_EVENT`` (an admin) and no open shift on this till
    (:class:`~bazaar_pos.catalog.till_settings.ShiftOpenOnTill`): a drawer's sales stay under
    the event its shift was opened for. Journaled, old -> new.
    """
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.SET_CURRENT_EVENT)
        event = session.get(Event, event_id, options=[selectinload(Event.institutions)])
        if event is None:
            raise InvalidEvent("id", f"no event {event_id}")
        current = read_settings(session)
        apply_settings_change(session, actor, current.with_changes(current_event_id=event_id))
        return _info(event)
