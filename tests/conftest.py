"""Shared fixtures: a fresh till on its own SQLite file, seeded with the demo event."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bazaar_pos.db import Database
from bazaar_pos.people.access import Actor
from bazaar_pos.startup import Till, open_till

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Nothing the tests do depends on, or lands in, the machine's own home, time zone or
    language: a throw-away HOME (with its XDG folders and the log folder) for the whole run,
    inherited by every child process the tests start; UTC; a UTF-8 C locale."""
    import tempfile
    import time

    home = Path(tempfile.mkdtemp(prefix="bazaar-pos-tests-home-"))
    os.environ["HOME"] = str(home)
    for name, folder in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        os.environ[name] = str(home / folder)
    os.environ["BAZAAR_POS_LOG_DIR"] = str(home / "log")
    os.environ["TZ"] = "UTC"
    time.tzset()
    os.environ["LC_ALL"] = "C.UTF-8"


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


@dataclass
class FolderHolder:
    """Another process holding a data folder's lock, as a running app (or a command) does."""

    process: subprocess.Popen[str]

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the till crashes or the power goes."""
        self.process.kill()
        self.process.wait(timeout=10)


_HOLD_THE_LOCK = (
    "import sys\n"
    "from pathlib import Path\n"
    "from bazaar_pos import instance_lock\n"
    "lock = instance_lock.acquire(Path(sys.argv[1]), sys.argv[2])\n"
    "lock.note(language='id')\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"  # until the test closes stdin or kills it
)


@pytest.fixture
def hold_folder() -> Iterator[Callable[[Path, str], FolderHolder]]:
    """``hold_folder(data_dir, purpose)``: a child process that holds the folder's lock."""
    started: list[FolderHolder] = []

    def hold(data_dir: Path, purpose: str = "app") -> FolderHolder:
        process = subprocess.Popen(
            [sys.executable, "-c", _HOLD_THE_LOCK, str(data_dir), purpose],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        holder = FolderHolder(process)
        started.append(holder)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "held"
        return holder

    yield hold
    for holder in started:
        if holder.process.poll() is None:
            holder.kill()
        for stream in (holder.process.stdin, holder.process.stdout):
            if stream is not None:
                stream.close()


def zero_a_page_the_start_does_not_read(path: Path) -> None:
    """Zero one page of the database at ``path`` that the start's own checks (the journal
    tails: the last 200 records of each chain) never read, so only ``quick_check`` finds it:
    the first leaf of ``sale_lines`` (the lines of the oldest sales; the till needs more than
    200 sales). A page picked by position alone fell now and then in the journal, and the start
    then refused the file before the background check could."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        row = connection.execute(
            "SELECT pageno FROM dbstat WHERE name = 'sale_lines' AND pagetype = 'leaf' "
            "ORDER BY path LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    assert row is not None, "the database has no sale lines"
    with open(path, "r+b") as handle:
        handle.seek((row[0] - 1) * page_size)
        handle.write(bytes(page_size))
