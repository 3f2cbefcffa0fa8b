"""The merge bench's checking floor (bench/merge_checking_floor.py) does the merge's checks on
bare libraries: it must refuse what the merge refuses, else its time would flatter the merge
(a floor that skips a check is cheaper by that check), and on a good export it must write
the very rows the merge writes, ids included.

SQLite only: the checking floor writes with sqlite3 (a PostgreSQL checking floor, with COPY,
is not written yet; the bare COPY floor is tests/sync/test_merge_floor.py's)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import bazaar_pos.people.users
from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.sync import export_till, import_export
from bazaar_pos.sync.errors import ExportRefused, ExportRowError, ImportConflict
from bazaar_pos.sync.format import TABLES
from bench.merge_checking_floor import Refused, checking_floor_merge
from tests.sync.support import fix_manifest, new_till, read_csv, trade_a_day, write_csv

pytestmark = pytest.mark.sqlite_only(
    "the checking floor writes with sqlite3; a PostgreSQL (COPY) checking floor is not written"
)


@dataclass(frozen=True)
class Traded:
    till_db: Database
    export: Path


@pytest.fixture(scope="module")
def traded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Traded]:
    """A real till's export: users, shifts, counts, refunds, cash movements, audit entries."""
    folder = tmp_path_factory.mktemp("traded")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
        till = new_till(folder / "till", "BPN1")
        trade_a_day(till)
        export_till(till.db, folder / "export", exported_by=till.people.supervisor)
    yield Traded(till.db, folder / "export")
    till.db.dispose()


def empty_database(path: Path) -> Path:
    Database.open(sqlite_url(path), anonymous_setup=True).dispose()
    return path


def merged(path: Path, exports: list[Path]) -> Path:
    db = Database.open(sqlite_url(path), anonymous_setup=True)
    try:
        for export in exports:
            import_export(db, export)
    finally:
        db.dispose()
    return path


def contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the format, but the office's own audit entries of its
    imports and their links (the merge writes them, the floor does not)."""
    connection = sqlite3.connect(path)
    try:
        own = {
            uuid
            for (uuid,) in connection.execute(
                "SELECT uuid FROM audit_log WHERE action = 'sync_import'"
            )
        }
        tables = {}
        for spec in TABLES:
            rows = connection.execute(f"SELECT * FROM {spec.name} ORDER BY 1, 2").fetchall()
            if spec.name == "audit_log":
                rows = [row for row in rows if row[1] not in own]
            if spec.name == "journal_links":
                rows = [row[1:] for row in rows if row[4] not in own]  # ids follow the own
            tables[spec.name] = rows
        return tables
    finally:
        connection.close()


def test_the_checking_floor_writes_the_very_rows_the_merge_writes_from_a_real_till(
    traded: Traded, tmp_path: Path
) -> None:
    by_merge = merged(tmp_path / "merged.sqlite3", [traded.export])
    floor = empty_database(tmp_path / "floor.sqlite3")
    written = checking_floor_merge(floor, [traded.export])
    expected = contents(by_merge)
    assert expected["count_sessions"] and expected["users"] and expected["refunds"]  # real
    assert contents(floor) == expected
    assert written == sum(map(len, expected.values()))


def test_the_checking_floor_adds_nothing_for_an_export_it_merged_before(
    traded: Traded, tmp_path: Path
) -> None:
    floor = empty_database(tmp_path / "floor.sqlite3")
    checking_floor_merge(floor, [traded.export])
    before = contents(floor)
    assert checking_floor_merge(floor, [traded.export]) == 0
    assert contents(floor) == before


def edited(
    traded: Traded, tmp_path: Path, file_name: str, edit: Callable[[list[list[str]]], None]
) -> Path:
    """A copy of the export with one file edited and the manifest made to match, signed
    again with the till's own key (whoever holds the laptop can): only the checks of the
    cells, the records and the journal are left to catch it."""
    folder = tmp_path / f"edited-{file_name}"
    shutil.copytree(traded.export, folder)
    rows = read_csv(folder / file_name)
    edit(rows)
    write_csv(folder / file_name, rows)
    fix_manifest(folder, file_name, new_export_id=True, sign_with=traded.till_db)
    return folder


def set_cell(column: str, value: str, line: int = 2) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        rows[line - 1][rows[0].index(column)] = value

    return edit


def drop_line(line: int) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        del rows[line - 1]

    return edit


NOWHERE = "00000000-0000-4000-8000-000000000000"


@pytest.mark.parametrize(
    ("file_name", "edit", "refusal", "floor_says"),
    [
        # who sold it: the figures still add up, only the journal's content hash sees it
        ("sales.csv", set_cell("cashier", "Orang Lain"), ImportConflict, "differs from its link"),
        ("journal_links.csv", drop_line(6), ImportConflict, "chain of .* is broken"),
        ("sales.csv", set_cell("uuid", "not-a-uuid"), ExportRowError, "not a uuid"),
        ("stock_movements.csv", set_cell("product_uuid", NOWHERE), ExportRowError, "no row"),
        ("sale_lines.csv", set_cell("line_total", "1"), ExportRefused, "does not add up"),
    ],
    ids=["tampered-cell", "broken-link", "bad-uuid", "reference-to-nothing", "line-total"],
)
def test_the_checking_floor_refuses_a_tampered_export_as_the_merge_does(
    traded: Traded,
    tmp_path: Path,
    file_name: str,
    edit: Callable[[list[list[str]]], None],
    refusal: type[Exception],
    floor_says: str,
) -> None:
    export = edited(traded, tmp_path, file_name, edit)
    with pytest.raises(refusal):
        merged(tmp_path / "merged.sqlite3", [export])
    floor = empty_database(tmp_path / "floor.sqlite3")
    before = contents(floor)
    with pytest.raises(Refused, match=floor_says):
        checking_floor_merge(floor, [export])
    assert contents(floor) == before  # nothing written


def test_the_checking_floor_refuses_a_clash_with_a_record_already_here_as_the_merge_does(
    traded: Traded, tmp_path: Path
) -> None:
    # The same sale (uuid) held here with another cashier: a later export of the till that
    # says otherwise is a conflict, whatever its own journal says.
    clashing = edited(traded, tmp_path, "sales.csv", set_cell("cashier", "Orang Lain"))
    by_merge = merged(tmp_path / "merged.sqlite3", [traded.export])
    with pytest.raises(ImportConflict, match="different here"):
        merged(by_merge, [clashing])
    floor = empty_database(tmp_path / "floor.sqlite3")
    checking_floor_merge(floor, [traded.export])
    before = contents(floor)
    with pytest.raises(Refused, match="different here"):
        checking_floor_merge(floor, [clashing])
    assert contents(floor) == before
