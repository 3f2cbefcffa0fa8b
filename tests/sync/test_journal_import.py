"""Exports carry the tamper-evident journal: the office's merge checks that each till's links
continue its chain and that every record matches its link; a break refuses the whole import,
naming the first bad record. A broken link is found before anything is written; a record that
does not match its link only once it is written (SQLite computes the content from the stored
rows): the merge is then undone, and only the office's own audit entry of the undo remains.
After merging, and after an undo, every chain verifies."""

from __future__ import annotations

from pathlib import Path

import pytest

from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.db.identity import own_identity
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.reports.event_report import end_of_event_report, find_event
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
    db = open_till(tmp_path / "till", seed_demo=True, anonymous_setup=True).db
    till = Till(db, "BPN1", add_people(db, "BPN1"))
    till.open_shift()
    receipts = [till.sell([line(db, TALENAN, 2)]), till.sell([line(db, TALENAN, 1)])]
    export_till(db, tmp_path / "export", exported_by=till.people.supervisor)
    return db, tmp_path / "export", receipts


def test_after_a_merge_every_chain_of_the_office_verifies(tmp_path: Path) -> None:
    till_db, folder, _ = _export(tmp_path)
    office = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
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


def test_an_edited_sale_with_a_recomputed_checksum_and_signature_is_refused_naming_it(
    tmp_path: Path,
) -> None:
    # Signed again with the till's own key (whoever holds the laptop has it): the chain must
    # catch what the signature cannot.
    till_db, folder, receipts = _export(tmp_path)
    rows = read_csv(folder / "sales.csv")
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("receipt_no")] == receipts[0]:
            # An edit the record checks cannot see (the figures still add up): who sold it.
            row[header.index("cashier")] = "Orang Lain"
    write_csv(folder / "sales.csv", rows)
    fix_manifest(folder, "sales.csv", sign_with=till_db)
    office = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    own = ("audit_log", "journal_links", "till_keys")  # the office's own record of the undo
    before = dump(office, skip=own)
    with pytest.raises(ImportConflict) as refused:
        import_export(office, folder, imported_by="Admin Kanwil")
    assert f"sale {receipts[0]}" in str(refused.value)
    assert "content differs" in str(refused.value) or "differs from its link" in str(refused.value)
    assert dump(office, skip=own) == before
    with office.read() as session:
        entries = session.connection().exec_driver_sql("SELECT action, detail FROM audit_log")
        (action, detail), *others = entries.fetchall()
    assert (action, others) == ("sync_import_undone", [])
    assert "(conflict: " in detail and receipts[0] in detail
    assert verify_journal(office, None).ok


def test_a_link_left_out_of_the_export_is_refused(tmp_path: Path) -> None:
    till_db, folder, _ = _export(tmp_path)
    rows = read_csv(folder / "journal_links.csv")
    del rows[5]
    write_csv(folder / "journal_links.csv", rows)
    fix_manifest(folder, "journal_links.csv", sign_with=till_db)
    office = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    before = dump(office)
    with pytest.raises(ImportConflict) as refused:
        import_export(office, folder, imported_by="Admin Kanwil")
    assert "journal_links.csv line 6" in str(refused.value)
    assert "a link before it is missing" in str(refused.value)
    assert dump(office) == before


def test_a_sale_added_to_the_export_without_a_link_is_refused(tmp_path: Path) -> None:
    till_db, folder, _receipts = _export(tmp_path)
    rows = read_csv(folder / "sales.csv")
    header = rows[0]
    extra = list(rows[-1])
    extra[header.index("uuid")] = "00000000-0000-4000-8000-000000000001"
    extra[header.index("receipt_number")] = "99"
    extra[header.index("receipt_no")] = "BPN1-000099"
    for money in ("subtotal", "discount", "total"):  # a sale whose figures add up: nothing
        extra[header.index(money)] = "0"
    rows.append(extra)
    write_csv(folder / "sales.csv", rows)
    fix_manifest(folder, "sales.csv", sign_with=till_db)
    office = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    with pytest.raises(ImportConflict) as refused:
        import_export(office, folder, imported_by="Admin Kanwil")
    assert "00000000-0000-4000-8000-000000000001" in str(refused.value)
    assert "no link covers it" in str(refused.value)


def test_the_office_report_prints_each_tills_key_fingerprint_learnt_from_its_export(
    tmp_path: Path,
) -> None:
    till_db, folder, _ = _export(tmp_path)
    office = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    import_export(office, folder, imported_by="Admin Kanwil")
    with till_db.read() as session:
        till = own_identity(session)
    event_id = find_event(office, "Bazar HBP ke-62").id
    report = end_of_event_report(office, None, event_id)
    (pin,) = report.tills
    assert (pin.till_id, pin.till_code, pin.fingerprint) == (
        till.till_id,
        "BPN1",
        till.fingerprint,
    )
    assert pin.grand_total == 3 * 45_000  # the two sales of 2 and 1 talenan
