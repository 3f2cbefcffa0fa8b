"""The merge benchmark's floors (bench/sync_merge_bench.py) write what the merge writes: the
same rows, table by table, from a real till's export with users, shifts, counts and refunds,
on both databases. A floor that crashed on such an export, or wrote fewer rows, would flatter
the merge's ratio."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

import bazaar_pos.people.users
from bazaar_pos.db import Database
from bazaar_pos.sync import export_till, import_export
from bazaar_pos.sync.format import TABLES
from bench.sync_merge_bench import floor_merge, floor_merge_postgresql
from tests.sync.support import new_till, trade_a_day


def rows_per_table(db: Database) -> dict[str, int]:
    with db.read() as session:
        return {
            spec.name: int(session.execute(text(f"SELECT count(*) FROM {spec.name}")).scalar_one())
            for spec in TABLES
        }


def test_the_floor_writes_the_rows_the_merge_writes_from_a_real_till(
    database_url: Callable[[str], str],
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
    till = new_till(tmp_path / "till", "BPN1")
    trade_a_day(till)
    export_till(till.db, tmp_path / "export", exported_by=till.people.supervisor)
    till.db.dispose()

    merged = Database.open(database_url("merged"), anonymous_setup=True)
    floor_url = database_url("floor")
    floor = Database.open(floor_url, anonymous_setup=True)
    try:
        import_export(merged, tmp_path / "export")
        if backend == "sqlite":
            written = floor_merge(Path(str(make_url(floor_url).database)), [tmp_path / "export"])
        else:
            written = floor_merge_postgresql(floor_url, [tmp_path / "export"])
        merged_rows, floor_rows = rows_per_table(merged), rows_per_table(floor)
    finally:
        merged.dispose()
        floor.dispose()
    assert merged_rows["count_sessions"] > 0 and merged_rows["users"] > 0  # a real till
    # The merge also writes the office's own audit entry of the import and its link.
    own = {"audit_log": 1, "journal_links": 1}
    assert {name: merged_rows[name] - own.get(name, 0) for name in merged_rows} == floor_rows
    assert written == sum(floor_rows.values())
