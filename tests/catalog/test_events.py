"""Events: create, update, validation, the current event of the till, and list order."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bazaar_pos.catalog.events import (
    EventDraft,
    InvalidEvent,
    get_event,
    list_events,
    save_event,
    set_current_event,
)
from bazaar_pos.db import Database
from bazaar_pos.db.models import Event, Institution
from bazaar_pos.settings import load_settings


def institution_ids(db: Database) -> dict[str, int]:
    with db.read() as session:
        return dict(session.execute(select(Institution.code, Institution.id)).all())


def event_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Event)) or 0)


def draft(db: Database, **changes: object) -> EventDraft:
    ids = institution_ids(db)
    values: dict[str, object] = {
        "name": "Pameran Produk WBP Gerakan Cinta Produk WBP",
        "venue": "Alun-alun Blora",
        "starts_on": dt.date(2026, 8, 17),
        "ends_on": dt.date(2026, 8, 19),
        "institution_ids": (ids["BLA"], ids["BNA"]),
    }
    values.update(changes)
    return EventDraft(**values)  # type: ignore[arg-type]


def test_save_event_creates_an_event_with_its_institutions(db: Database) -> None:
    created = save_event(db, draft(db, name="  Pameran WBP Blora  ", venue=" Alun-alun "))
    ids = institution_ids(db)
    assert created.name == "Pameran WBP Blora"
    assert created.venue == "Alun-alun"
    assert (created.starts_on, created.ends_on) == (dt.date(2026, 8, 17), dt.date(2026, 8, 19))
    # Ordered by code: BLA before BNA, whatever order the form gave them in.
    assert created.institution_codes == ("BLA", "BNA")
    assert created.institution_ids == (ids["BLA"], ids["BNA"])
    assert created.institutions == ("Rutan Kelas IIB Blora", "Rutan Kelas IIB Banjarnegara")
    assert len(created.uuid) == 36
    assert get_event(db, created.id) == created
    assert event_count(db) == 2


def test_save_event_updates_in_place(db: Database) -> None:
    created = save_event(db, draft(db))
    ids = institution_ids(db)
    updated = save_event(
        db,
        EventDraft(
            id=created.id,
            name="Pameran WBP (diperpanjang)",
            venue="Gedung Kesenian Blora",
            starts_on=dt.date(2026, 8, 17),
            ends_on=dt.date(2026, 8, 24),
            institution_ids=(ids["BPN"],),
        ),
    )
    assert updated.id == created.id
    assert updated.uuid == created.uuid
    assert updated.name == "Pameran WBP (diperpanjang)"
    assert updated.venue == "Gedung Kesenian Blora"
    assert updated.ends_on == dt.date(2026, 8, 24)
    assert updated.institution_codes == ("BPN",)
    assert get_event(db, created.id) == updated
    assert event_count(db) == 2


def test_an_event_may_run_undated(db: Database) -> None:
    created = save_event(db, draft(db, starts_on=None, ends_on=None, name="Kafe asimilasi"))
    assert (created.starts_on, created.ends_on) == (None, None)
    one_day = save_event(db, draft(db, ends_on=dt.date(2026, 8, 17)))
    assert one_day.starts_on == one_day.ends_on


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({"ends_on": dt.date(2026, 8, 16)}, "dates", "the event ends before it starts"),
        ({"institution_ids": ()}, "institutions", "choose at least one institution"),
        ({"institution_ids": (1, 999)}, "institutions", "unknown institution"),
        ({"id": 999}, "id", "no event 999"),
    ],
)
def test_save_event_refuses_bad_drafts_and_writes_nothing(
    db: Database, changes: dict[str, object], field: str, reason: str
) -> None:
    before = list_events(db)
    with pytest.raises(InvalidEvent) as refused:
        save_event(db, draft(db, **changes))
    assert refused.value.field == field
    assert refused.value.reason == reason
    assert list_events(db) == before


def test_a_failed_update_leaves_the_event_as_it_was(db: Database) -> None:
    created = save_event(db, draft(db))
    with pytest.raises(InvalidEvent):
        save_event(db, draft(db, id=created.id, name="Baru", institution_ids=(1, 999)))
    assert get_event(db, created.id) == created


def test_set_current_event_is_saved_in_the_settings(db: Database) -> None:
    demo = load_settings(db).current_event_id
    created = save_event(db, draft(db))
    assert created.id != demo
    assert set_current_event(db, created.id) == created
    assert load_settings(db).current_event_id == created.id


def test_set_current_event_refuses_an_unknown_event(db: Database) -> None:
    demo = load_settings(db).current_event_id
    with pytest.raises(InvalidEvent) as refused:
        set_current_event(db, 4242)
    assert (refused.value.field, refused.value.reason) == ("id", "no event 4242")
    assert load_settings(db).current_event_id == demo


def test_get_event_of_nothing_is_none(db: Database) -> None:
    assert get_event(db, None) is None
    assert get_event(db, 4242) is None


def test_list_events_newest_start_first_undated_last(db: Database) -> None:
    later = save_event(db, draft(db, name="Later", starts_on=dt.date(2026, 12, 1), ends_on=None))
    undated_1 = save_event(db, draft(db, name="Undated 1", starts_on=None, ends_on=None))
    earlier = save_event(
        db, draft(db, name="Earlier", starts_on=dt.date(2025, 4, 27), ends_on=None)
    )
    same_day = save_event(
        db, draft(db, name="Same day", starts_on=dt.date(2026, 12, 1), ends_on=None)
    )
    undated_2 = save_event(db, draft(db, name="Undated 2", starts_on=None, ends_on=None))
    names = [event.name for event in list_events(db)]
    # Same start date: the one created last first; undated events last, newest first.
    assert names == [
        same_day.name,
        later.name,
        "Bazar HBP ke-62",  # 9 April 2026
        earlier.name,
        undated_2.name,
        undated_1.name,
    ]


def test_the_demo_event_takes_part_with_all_three_institutions(db: Database) -> None:
    demo = get_event(db, load_settings(db).current_event_id)
    assert demo is not None
    assert demo.name == "Bazar HBP ke-62"
    assert demo.venue == "Halaman Rutan Kelas I Samarinda"
    assert demo.institution_codes == ("BLA", "BNA", "BPN")
