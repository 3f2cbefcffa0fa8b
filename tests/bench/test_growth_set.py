"""The orchestrated growth set (``make bench``'s growth table) runs end to end at tiny sizes:
every part measures, every row has a figure and its floor at each size, and the bazaars are
built once into the shared cache, then reused."""

from __future__ import annotations

from pathlib import Path

import pytest

import bazaar_pos.people.users
import bench.sync_merge_bench
from bench import grown, growth

TINY = growth.Sizes(
    lines=(300, 600),
    big=600,  # the search's texts need the 521st synthetic product
    search_products=(600, 650),
    search_lines=300,
    scan_repeat=20,
    screen_rounds=1,
    trigger_repeat=5,
    search_rounds=1,
    reports_repeat=1,
    commit_repeat=5,
    export_runs=(1, 1),
)


def test_the_growth_set_measures_every_row_beside_its_floor_from_one_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)  # the commit's logins
    monkeypatch.setattr(grown, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(bench.sync_merge_bench, "OUT", tmp_path / "merge")
    result = growth.run(TINY, tmp_path / "work")

    what = [(row.what, row.catalogue) for row in result.rows]
    for name in ("scan", "search", "sales report", "end-of-event", "commit", "export", "merge"):
        assert any(name in row_what for row_what, _ in what), (name, what)
    for row in result.rows:
        assert [cell.size for cell in row.cells] == list(
            TINY.search_products if row.axis == "products" else TINY.lines
        ), row
        assert all(cell.project_ms > 0 and cell.floor_ms > 0 for cell in row.cells), row
        assert row.exponent() is not None
    text = growth.render(result)
    assert "| scan → line in the cart | demo (30) |" in text
    assert sorted(path.name for path in (tmp_path / "cache").iterdir()) == sorted(
        grown.key(products, lines) for products, lines in TINY.wanted
    )
    assert not (tmp_path / "work").exists()  # this run's copies are gone

    assert grown.build_all(TINY.wanted) < 1  # nothing built the second time
