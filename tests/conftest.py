"""Shared fixtures: a fresh till on its own SQLite file, seeded with the demo event."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bazaar_pos.db import Database
from bazaar_pos.people.access import Actor
from bazaar_pos.startup import Till, open_till


@pytest.fixture
def till(tmp_path: Path) -> Iterator[Till]:
    """A till as on first start: migrated database, *Bazar HBP ke-62*, ~30 products in stock."""
    opened = open_till(tmp_path / "data", seed_demo=True, anonymous_setup=True)
    yield opened
    opened.db.dispose()


@pytest.fixture
def db(till: Till) -> Database:
    return till.db


@pytest.fixture(autouse=True)
def cheap_pin_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """OWASP's scrypt cost (0.4 s, 128 MiB per PIN) would make the suite crawl; tests hash with
    N=2^10. The parameters are stored in each hash, so verification is unchanged; one test
    (tests/people/test_users.py) checks the real parameters."""
    import bazaar_pos.people.users

    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)


@dataclass(frozen=True)
class Staff:
    admin: Actor
    supervisor: Actor
    cashier: Actor
    pins: dict[str, str]


STAFF_PINS = {"admin": "123456", "spv": "2222", "kasir": "1111"}


def add_user(db: Database, username: str, full_name: str, role: str, pin: str = "") -> Actor:
    """A user written straight into the table, then logged in for real (an Actor is only what a
    login returns). ``pin`` defaults to the staff PIN of ``username``."""
    from bazaar_pos.db.models import User
    from bazaar_pos.people.users import hash_pin, login

    pin = pin or STAFF_PINS[username]
    with db.write() as session:
        user = User(
            uuid=str(uuid.uuid4()),
            username=username,
            full_name=full_name,
            role=role,
            pin_hash=hash_pin(pin),
            active=True,
            created_at=dt.datetime.now(dt.UTC),
            failed_attempts=0,
            lockouts=0,
        )
        session.add(user)
    return login(db, username, pin, till_code="BPN1")


@pytest.fixture
def staff(db: Database) -> Staff:
    """Three users: admin "admin" (PIN 123456), supervisor "spv" (2222), cashier "kasir" (1111)."""
    from bazaar_pos.db.models import Role

    return Staff(
        admin=add_user(db, "admin", "Admin Rutan", Role.ADMIN),
        supervisor=add_user(db, "spv", "Bu Ratna (Kasubsi)", Role.SUPERVISOR),
        cashier=add_user(db, "kasir", "Siti Aminah", Role.CASHIER),
        pins=dict(STAFF_PINS),
    )


@pytest.fixture
def shift(db: Database, staff: Staff) -> int:
    """An open shift on till BPN1, opened by the cashier with a float of Rp 200.000."""
    from bazaar_pos.settings import load_settings

    event_id = load_settings(db).current_event_id
    from bazaar_pos.people.shifts import open_shift

    info = open_shift(
        db,
        staff.cashier,
        till_code="BPN1",
        event_id=event_id,
        float_counts={"note_100000": 1, "note_50000": 1, "note_10000": 5},
    )
    return info.shift_id
