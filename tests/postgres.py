"""The PostgreSQL server of the tests: a fresh database per test, copied from a template.

The server is named by ``BAZAAR_TEST_PG_URL`` (a SQLAlchemy URL of a superuser's database,
e.g. ``postgresql+psycopg://postgres@127.0.0.1:55432/postgres``). Each test process builds
its templates once (migrated, and for a till also seeded as a first start seeds it), then
each test gets ``CREATE DATABASE … TEMPLATE …`` (tens of ms, not the seconds a migration
takes) and the database is dropped afterwards. Names carry ``BAZAAR_TEST_PG_PREFIX`` (default
``bazaar_test``) and the process id, so several runs (xdist workers, two checkouts) share a
server without meeting.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

URL_VARIABLE = "BAZAAR_TEST_PG_URL"
BACKENDS_VARIABLE = "BAZAAR_TEST_BACKENDS"

HOW_TO_START = (
    "The tests run on SQLite and PostgreSQL. Start a server and name it, e.g.\n"
    "  .ci/pg_for_tests start            # a throw-away cluster (Debian's postgresql package)\n"
    "  export BAZAAR_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:55432/postgres\n"
    "or, on a machine without PostgreSQL, run the SQLite half only:\n"
    "  BAZAAR_TEST_BACKENDS=sqlite make test      (CI never sets this)"
)


def backends() -> list[str]:
    """The backends the service tests run on: both unless the developer opted out."""
    wanted = os.environ.get(BACKENDS_VARIABLE, "sqlite,postgresql")
    names = [name.strip() for name in wanted.split(",") if name.strip()]
    unknown = set(names) - {"sqlite", "postgresql"}
    if unknown or not names:
        raise ValueError(f"{BACKENDS_VARIABLE}={wanted!r}: use sqlite, postgresql or both")
    return names


@dataclass
class Server:
    """The test server, reached through its admin database; databases made here by name."""

    url: str
    prefix: str = field(default_factory=lambda: os.environ.get("BAZAAR_TEST_PG_PREFIX", ""))
    templates: dict[str, str] = field(default_factory=dict)
    made: int = 0
    creation_seconds: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.prefix = f"{self.prefix or 'bazaar_test'}_{os.getpid()}"

    def admin(self) -> Any:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        return psycopg.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            user=url.username or "postgres",
            password=url.password,
            dbname=url.database or "postgres",
            autocommit=True,
            connect_timeout=5,
        )

    def url_of(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def template(self, kind: str, build: Callable[[str], None]) -> str:
        """The template database ``kind``, built by ``build(url)`` on first use."""
        if kind not in self.templates:
            name = f"{self.prefix}_tpl_{kind}"
            with self.admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}"')
            build(self.url_of(name))
            self.templates[kind] = name
        return self.templates[kind]

    def new_database(self, template: str | None = None) -> str:
        """A new database (a copy of ``template``, else empty); its URL."""
        self.made += 1
        name = f"{self.prefix}_{self.made}"
        started = time.perf_counter()
        with self.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            copy = f' TEMPLATE "{template}"' if template else ""
            admin.execute(f'CREATE DATABASE "{name}"{copy}')
        self.creation_seconds.append(time.perf_counter() - started)
        return self.url_of(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        with self.admin() as admin:
            # FORCE: a test that left an engine open must not keep its database alive.
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        with self.admin() as admin:
            for name in self.templates.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.templates.clear()


def connect() -> Server:
    """The server named by BAZAAR_TEST_PG_URL, checked reachable; else a failure that says
    how to start one (never a skip: CI must not pass without the PostgreSQL half)."""
    import pytest

    url = os.environ.get(URL_VARIABLE, "")
    if not url:
        pytest.fail(f"{URL_VARIABLE} is not set.\n{HOW_TO_START}", pytrace=False)
    server = Server(url)
    try:
        with server.admin() as admin:
            admin.execute("SELECT 1")
    except Exception as error:
        pytest.fail(
            f"PostgreSQL at {URL_VARIABLE}={url} cannot be reached: {error}\n{HOW_TO_START}",
            pytrace=False,
        )
    return server


def build_till_template(url: str) -> None:
    """A till as on first start (migrated, the demo event seeded, the journal sealed)."""
    from bazaar_pos.startup import open_till

    with tempfile.TemporaryDirectory() as folder:
        opened = open_till(Path(folder) / "data", url, seed_demo=True, anonymous_setup=True)
        opened.db.dispose()


def build_empty_template(url: str) -> None:
    """A migrated database without any data."""
    from bazaar_pos.db import Database

    Database.open(url, anonymous_setup=True).dispose()
