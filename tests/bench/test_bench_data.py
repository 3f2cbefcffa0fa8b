"""The benchmarks' data builders work at any size: a bazaar of the demo catalogue alone
(fewer than 50 tracked products) is built, and the export bench's cached till is made even
when ``bench/out/`` is not there yet (``run_bench.py --out DIR`` writes elsewhere)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

import bench.sync_bench
from bazaar_pos.db.models import MovementKind, StockMovement
from bench.variance_bench import build_event


def test_an_event_of_the_demo_catalogue_alone_is_built_with_its_damage(tmp_path: Path) -> None:
    db, _event_id, facts = build_event(tmp_path / "till", 0, 300)
    try:
        assert facts["tracked_products"] < 50
        with db.read() as session:
            damaged = session.scalar(
                select(func.count())
                .select_from(StockMovement)
                .where(StockMovement.kind == MovementKind.DAMAGE.value)
            )
        assert damaged == 1  # one tracked product in 50, and at least one
    finally:
        db.dispose()


def test_the_export_bench_builds_its_till_where_no_output_folder_exists_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench.sync_bench, "OUT", tmp_path / "not" / "there")
    path = bench.sync_bench.cached_till(0, 300)
    assert path.is_file()
    assert bench.sync_bench.cached_till(0, 300) == path  # built once, then reused
