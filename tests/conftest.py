"""Shared fixtures: a fresh till, seeded with the demo event, on SQLite and on PostgreSQL.

The ``backend`` fixture is ``sqlite`` or ``postgresql``; ``till`` and ``db`` (and every fixture
built on them) open their database on it. Tests under PARAMETRISED_FOLDERS that use it run on
both backends (``BAZAAR_TEST_BACKENDS=sqlite`` lets a developer without a server skip the
PostgreSQL half; CI never sets it); elsewhere (the screens, papers, CLI) on SQLite. A test
that is about SQLite itself (the file, WAL, PRAGMAs, backups of the file) is marked
``@pytest.mark.sqlite_only("why")``; nothing is expected to fail on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bazaar_pos.db import Database
from bazaar_pos.people.access import Actor
from bazaar_pos.startup import Till, open_till
from tests import postgres

REPO_ROOT = Path(__file__).resolve().parent.parent

# The service, migration, sync and concurrency tests: run on every backend.
PARAMETRISED_FOLDERS = frozenset(
    {"db", "till", "stock", "people", "reports", "sync", "catalog", "permissions"}
)


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
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): about SQLite itself (the file, WAL, PRAGMAs): SQLite only",
    )
    config.addinivalue_line(
        "markers", "postgresql_only(reason): about PostgreSQL itself: PostgreSQL only"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test of PARAMETRISED_FOLDERS that uses a database (``backend``, directly or
    through ``till``/``db``) runs once per backend, unless it is ``sqlite_only``."""
    if "backend" not in metafunc.fixturenames:
        return
    folder = metafunc.definition.path.relative_to(REPO_ROOT / "tests").parts[0]
    if folder not in PARAMETRISED_FOLDERS:
        return
    sqlite_only = metafunc.definition.get_closest_marker("sqlite_only")
    if sqlite_only is not None:
        if not sqlite_only.args:
            raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs a reason")
        return
    only_postgresql = metafunc.definition.get_closest_marker("postgresql_only") is not None
    values = []
    for name in postgres.backends():
        if only_postgresql and name != "postgresql":
            continue
        values.append(pytest.param(name, id=name))
    metafunc.parametrize("backend", values, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: the database the test's till and db run on."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[postgres.Server]:
    """The PostgreSQL server of this test process (fails, with how to start one, if there
    is none: never a skip)."""
    server = postgres.connect()
    yield server
    server.close()


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> Iterator[Callable[[str], str]]:
    """``database_url(name)``: the URL of a new, empty database on the test's backend (an
    SQLite file ``name`` in tmp_path; on PostgreSQL a new database, dropped afterwards)."""
    made: list[str] = []
    server: postgres.Server | None = None
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")

    def new(name: str) -> str:
        if server is None:
            from bazaar_pos.db.engine import sqlite_url

            return sqlite_url(tmp_path / name)
        url = server.new_database()
        made.append(url)
        return url

    yield new
    for url in made:
        assert server is not None
        server.drop(url)


@pytest.fixture
def till(request: pytest.FixtureRequest, tmp_path: Path, backend: str) -> Iterator[Till]:
    """A till as on first start: migrated database, *Bazar HBP ke-62*, ~30 products in stock
    (on PostgreSQL: a copy of a template made so once per test process)."""
    if backend == "sqlite":
        opened = open_till(tmp_path / "data", seed_demo=True, anonymous_setup=True)
        yield opened
        opened.db.dispose()
        return
    server: postgres.Server = request.getfixturevalue("pg_server")
    url = server.new_database(server.template("till", postgres.build_till_template))
    # A PostgreSQL database has no folder: what code puts beside an SQLite file (a catalog
    # import's undo log) lands in the working directory, here the test's own.
    request.getfixturevalue("monkeypatch").chdir(tmp_path)
    opened = open_till(tmp_path / "data", url, seed_demo=True, anonymous_setup=True)
    try:
        yield opened
    finally:
        opened.db.dispose()
        server.drop(url)


@pytest.fixture
def db(till: Till) -> Database:
    return till.db


def reopen_till(till: Till) -> Till:
    """The same till opened again, as the next start of the app opens it (its SQLite file in
    its data folder, or its PostgreSQL database)."""
    url = None if till.db.is_sqlite else till.db.url
    return open_till(till.data_dir, url, anonymous_setup=True)


@contextmanager
def outside_connection(db: Database) -> Iterator[Any]:
    """A connection to ``db`` as another tool opens it (the sqlite3 shell, psql), not the
    app's: none of the app's connection set-up, so nothing it writes is listed for the
    journal. ``execute(sql, parameters)`` takes ``?`` placeholders on both; committed at the
    end of the block."""
    if db.is_sqlite:
        import sqlite3

        connection = sqlite3.connect(str(db.engine.url.database))
        try:
            with connection:
                yield connection
        finally:
            connection.close()
        return
    import psycopg

    from bazaar_pos.db.engine import FormatDriver

    url = db.engine.url
    raw = psycopg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password, dbname=url.database
    )
    try:
        yield FormatDriver(raw)
        raw.commit()
    finally:
        raw.close()


def table_names(db: Database) -> list[str]:
    """The database's tables, sorted (SQLite's own and Alembic's left out)."""
    from sqlalchemy import inspect

    with db.engine.connect() as connection:
        names = inspect(connection).get_table_names()
    return sorted(name for name in names if not name.startswith("sqlite_"))


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
