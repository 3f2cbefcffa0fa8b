"""Exports carry the tamper-evident journal: the office's merge checks that each till's links
continue its chain and that every record matches its link; a break refuses the whole import
with nothing written, naming the first bad record. After merging, every chain verifies."""

from __future__ import annotations

from pathlib import Path

import pytest

from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.startup import open_till
from bazaar_pos.sync.errors import ImportConflict
from bazaar_pos.sync.export import export_till
from bazaar_pos.sync.merge import import_export
from tests.sync.support import (
    TALENAN,
    Till,
    add_people,
    dump,
    fix_manifest,
    line,
    read_csv,
    write_csv,
)


def _export(tmp_path: Path) -> tuple[Database, Path, list[str]]:
    db = open_till(tmp_path / "till", seed_demo=True).db
    till = Till(db, "BPN1", add_people(db, "BPN1"))
    till.open_shift()
    receipts = [till.sell([line(db, TALENAN, 2)]), till.sell([line(db, TALENAN, 1)])]
    export_till(db, tmp_path / "export", exported_by=till.people.cashier)
    return db, tmp_path / "export", receipts


def test_after_a_merge_every_chain_of_the_office_verifies(tmp_path: Path) -> None:
    till_db, folder, _ = _export(tmp_path)
    office = Database.open(sqlite_url(tmp_path / "office.sqlite3"))
    import_export(office, folder, imported_by="Admin Kanwil")
    result = verify_journal(office, None)
    assert result.ok, result.first_breaks
    with till_db.read() as session:
        till_id = (
            session.connection()
            .exec_driver_sql("SELECT till_id FROM till_keys WHERE own = 1")
            .scalar()
        )
    chains = {chain.till_id: chain for chain in result.chains}
    assert till_id in chains and chains[till_id].till_code == "BPN1"
    assert len(chains) == 2  # the till's, and the office's own (its record of the merge)


def test_an_edited_sale_total_with_a_recomputed_checksum_is_refused_naming_the_receipt(
    tmp_path: Path,
) -> None:
    _, folder, receipts = _export(tmp_path)
    rows = read_csv(folder / "sales.csv")
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("receipt_no")] == receipts[0]:
            row[header.index("total")] = "1000"
    write_csv(folder / "sales.csv", rows)
    fix_manifest(folder, "sales.csv")
    office = Database.open(sqlite_url(tmp_path / "office.sqlite3"))
    before = dump(office)
    with pytest.raises(ImportConflict) as refused:
        import_export(office, folder, imported_by="Admin Kanwil")
    assert f"sale {receipts[0]}" in str(refused.value)
    assert "content differs" in str(refused.value) or "differs from its link" in str(refused.value)
    assert dump(office) == before


def test_a_link_left_out_of_the_export_is_refused(tmp_path: Path) -> None:
    _, folder, _ = _export(tmp_path)
    rows = read_csv(folder / "journal_links.csv")
    del rows[5]
    write_csv(folder / "journal_links.csv", rows)
    fix_manifest(folder, "journal_links.csv")
    office = Database.open(sqlite_url(tmp_path / "office.sqlite3"))
    before = dump(office)
    with pytest.raises(ImportConflict) as refused:
        import_export(office, folder, imported_by="Admin Kanwil")
    assert "journal_links.csv line 6" in str(refused.value)
    assert "a link before it is missing" in str(refused.value)
    assert dump(office) == before


def test_a_sale_added_to_the_export_without_a_link_is_refused(tmp_path: Path) -> None:
    _, folder, _receipts = _export(tmp_path)
    rows = read_csv(folder / "sales.csv")
    header = rows[0]
    extra = list(rows[-1])
    extra[header.index("uuid")] = "00000000-0000-4000-8000-000000000001"
    extra[header.index("receipt_number")] = "99"
    extra[header.index("receipt_no")] = "BPN1-000099"
    rows.append(extra)
    write_csv(folder / "sales.csv", rows)
    fix_manifest(folder, "sales.csv")
    office = Database.open(sqlite_url(tmp_path / "office.sqlite3"))
    with pytest.raises(ImportConflict) as refused:
        import_export(office, folder, imported_by="Admin Kanwil")
    assert "00000000-0000-4000-8000-000000000001" in str(refused.value)
    assert "no link covers it" in str(refused.value)
