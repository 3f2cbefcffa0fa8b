"""Events (bazaars, outlets) as the till sees them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bazaar_pos.db import Database
from bazaar_pos.db.models import Event


@dataclass(frozen=True)
class EventInfo:
    id: int
    name: str
    venue: str
    starts_on: dt.date | None
    institutions: tuple[str, ...]


def list_events(db: Database) -> list[EventInfo]:
    with db.read() as session:
        events = session.scalars(
            select(Event).options(selectinload(Event.institutions)).order_by(Event.id)
        ).all()
        return [
            EventInfo(
                id=event.id,
                name=event.name,
                venue=event.venue,
                starts_on=event.starts_on,
                institutions=tuple(inst.name for inst in event.institutions),
            )
            for event in events
        ]


def get_event(db: Database, event_id: int | None) -> EventInfo | None:
    if event_id is None:
        return None
    return next((event for event in list_events(db) if event.id == event_id), None)
