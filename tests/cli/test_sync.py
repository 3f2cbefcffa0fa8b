"""``bazaar-pos export`` / ``bazaar-pos import`` through :mod:`bazaar_pos.cli.sync`: a till's
export merged into another till's database; a damaged export refused (exit 2, file and line on
stderr, nothing written)."""

from __future__ import annotations

import argparse
import getpass
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.cli.commands import main
from bazaar_pos.cli.login import NOT_ALLOWED
from bazaar_pos.cli.sync import add_sync_commands, run_export_command, run_import_command
from bazaar_pos.db import Database
from bazaar_pos.db.identity import own_identity
from bazaar_pos.db.models import Role, Sale, SyncImport
from bazaar_pos.paths import database_path
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import Till, open_till
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, SaleResult, commit_sale
from tests.conftest import add_user
from tests.sync.support import edit_manifest, fix_manifest, replace_cell, rewrite_zip

TALENAN = "2003000000030"  # Rp 45.000
BESEK = "2002000000019"  # Rp 125


@pytest.fixture
def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bazaar-pos")
    add_sync_commands(parser.add_subparsers(dest="command"))
    return parser


@pytest.fixture
def bna1(tmp_path: Path) -> Iterator[Till]:
    """Another laptop: till BNA1, the same demo event, two sales."""
    till = open_till(tmp_path / "bna1", seed_demo=True, anonymous_setup=True)
    save_settings(till.db, load_settings(till.db).with_changes(till_code="BNA1"))
    sell(till.db, "BNA1", (TALENAN, 2))
    sell(till.db, "BNA1", (BESEK, 3), (TALENAN, 1))
    yield till
    till.db.dispose()


def sell(db: Database, till_code: str, *items: tuple[str, int]) -> SaleResult:
    lines = []
    for code, quantity in items:
        product = find_by_code(db, code)
        lines.append(SaleLineRequest(product.id, quantity, product.price))
    return commit_sale(
        db,
        lines,
        PaymentRequest("cash"),
        cashier="Rina",
        till_code=till_code,
        event_id=load_settings(db).current_event_id,
    )


def receipts(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Sale.receipt_no).order_by(Sale.receipt_no)))


def imports(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(SyncImport)) or 0


def export(parser: argparse.ArgumentParser, db: Database, *args: str) -> int:
    return run_export_command(parser.parse_args(["export", *args]), db)


def test_export_then_import_into_another_till(
    parser: argparse.ArgumentParser,
    bna1: Till,
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "bna1-1.zip"
    assert export(parser, bna1.db, str(out), "--by", "Rina") == 0
    printed, err = capsys.readouterr()
    assert err == ""
    lines = printed.splitlines()
    assert lines[0].startswith(f"{out}: export 1 of till BNA1 (full), ")
    with bna1.db.read() as session:
        key = own_identity(session)
    assert lines[1] == f"  signed by till {key.till_id}, key fingerprint {key.fingerprint}"
    assert "  sales: 2" in lines
    assert "  sale_lines: 3" in lines
    assert "  payments: 2" in lines
    assert out.is_file()

    sell(db, "BPN1", (TALENAN, 1))  # the office till has a sale of its own
    assert run_import_command(parser.parse_args(["import", str(out), "--by", "Admin"]), db) == 0
    printed, err = capsys.readouterr()
    assert err == ""
    lines = printed.splitlines()
    assert lines[0].startswith(f"{out}: export 1 of till BNA1 (full): ")
    assert lines[1] == (
        f"  till BNA1, id {key.till_id}, key fingerprint {key.fingerprint}: new key, first "
        "seen here: compare it with the fingerprint on that till's signed Z report"
    )
    assert "  sales: 2 added" in lines
    assert receipts(db) == ["BNA1-000001", "BNA1-000002", "BPN1-000001"]

    # The same export again adds nothing.
    assert run_import_command(parser.parse_args(["import", str(out)]), db) == 0
    printed, _ = capsys.readouterr()
    assert printed == (
        f"{out}: export 1 of till BNA1 (full): already imported, nothing added\n"
        f"  till BNA1, id {key.till_id}, key fingerprint {key.fingerprint}: known key, as in "
        "its earlier exports\n"
    )
    assert receipts(db) == ["BNA1-000001", "BNA1-000002", "BPN1-000001"]
    assert imports(db) == 1


def test_incremental_export_takes_only_new_sales(
    parser: argparse.ArgumentParser,
    bna1: Till,
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    assert export(parser, bna1.db, str(first), "--incremental") == 0
    sell(bna1.db, "BNA1", (BESEK, 1))
    assert export(parser, bna1.db, str(second), "--incremental") == 0
    printed = capsys.readouterr().out.splitlines()
    second_summary = [line for line in printed if line.startswith(str(second))]
    assert second_summary[0].startswith(f"{second}: export 2 of till BNA1 (incremental), ")
    assert "  sales: 1" in printed

    parsed = parser.parse_args(["import", str(first), str(second)])
    assert run_import_command(parsed, db) == 0
    assert receipts(db) == ["BNA1-000001", "BNA1-000002", "BNA1-000003"]
    assert imports(db) == 2


def test_export_refuses_an_existing_file(
    parser: argparse.ArgumentParser,
    bna1: Till,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "taken.zip"
    out.write_bytes(b"keep me")
    assert export(parser, bna1.db, str(out)) == 2
    printed, err = capsys.readouterr()
    assert printed == ""
    assert err.startswith("bazaar-pos: ") and str(out) in err
    assert out.read_bytes() == b"keep me"


def test_a_truncated_export_is_refused_whole(
    parser: argparse.ArgumentParser,
    bna1: Till,
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "bna1.zip"
    assert export(parser, bna1.db, str(out)) == 0
    rewrite_zip(out, "sales.csv", lambda text: text[: len(text) // 2], fix_manifest=False)
    capsys.readouterr()

    assert run_import_command(parser.parse_args(["import", str(out)]), db) == 2
    printed, err = capsys.readouterr()
    assert printed == ""
    assert str(out) in err and "sales.csv" in err
    assert receipts(db) == []
    assert imports(db) == 0


def test_a_bad_cell_is_reported_with_file_line_and_column(
    parser: argparse.ArgumentParser,
    bna1: Till,
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad.zip"
    # A second, good export first on the command line: it stays imported; the bad one writes
    # nothing and the one after it is not tried.
    other = open_till(tmp_path / "bla1", seed_demo=True, anonymous_setup=True)
    try:
        save_settings(other.db, load_settings(other.db).with_changes(till_code="BLA1"))
        sell(other.db, "BLA1", (BESEK, 2))
        assert export(parser, other.db, str(good)) == 0
    finally:
        other.db.dispose()
    assert export(parser, bna1.db, str(bad)) == 0
    rewrite_zip(
        bad,
        "sales.csv",
        lambda text: replace_cell(text, 3, "total", "12a"),
        fix_manifest=True,
        sign_with=bna1.db,
    )
    later = tmp_path / "never.zip"
    capsys.readouterr()

    parsed = parser.parse_args(["import", str(good), str(bad), str(later)])
    assert run_import_command(parsed, db) == 2
    printed, err = capsys.readouterr()
    assert printed.startswith(f"{good}: export 1 of till BLA1 (full): ")
    err_lines = err.splitlines()
    assert err_lines[0].startswith(f"{bad}: sales.csv:3: total: ")
    assert err_lines[1] == f"bazaar-pos: {bad} not imported; nothing of it written"
    assert err_lines[2] == f"bazaar-pos: not tried: {later}"
    assert receipts(db) == ["BLA1-000001"]
    assert imports(db) == 1


def test_a_conflicting_export_lists_each_conflict(
    parser: argparse.ArgumentParser,
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """This till's database restored on a second laptop from a copy, both selling on: the same
    receipt number of the same device on two different sales (two laptops that merely share
    the code BPN1 are merged, told apart by device)."""
    sell(db, "BPN1", (TALENAN, 1))
    (tmp_path / "twin").mkdir()
    with (
        closing(sqlite3.connect(Path(str(db.engine.url.database)))) as source,
        closing(sqlite3.connect(database_path(tmp_path / "twin"))) as copy,
    ):
        source.backup(copy)
    twin = open_till(tmp_path / "twin", anonymous_setup=True)
    out = tmp_path / "twin.zip"
    try:
        sell(twin.db, "BPN1", (BESEK, 2))
        assert export(parser, twin.db, str(out)) == 0
    finally:
        twin.db.dispose()
    sell(db, "BPN1", (TALENAN, 1))
    capsys.readouterr()

    assert run_import_command(parser.parse_args(["import", str(out)]), db) == 2
    printed, err = capsys.readouterr()
    assert printed == ""
    err_lines = err.splitlines()
    assert any(line.startswith(f"{out}: sales.csv:3: ") for line in err_lines)
    assert "receipt_no" in err
    assert err_lines[-1].endswith(f"with this database in {out}; nothing of it imported")
    assert receipts(db) == ["BPN1-000001", "BPN1-000002"]
    assert imports(db) == 0


def test_import_needs_an_export(parser: argparse.ArgumentParser) -> None:
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["import"])
    assert exited.value.code == 2
    parsed = parser.parse_args(["export", "out.zip"])
    assert (parsed.out, parsed.incremental, parsed.by) == (Path("out.zip"), False, "")


def test_a_forged_export_is_refused_with_its_till_and_key(
    parser: argparse.ArgumentParser,
    bna1: Till,
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "bna1-export"
    assert export(parser, bna1.db, str(out)) == 0
    text = (out / "sales.csv").read_bytes().decode("utf-8-sig")  # keeps the CSV's \r\n
    (out / "sales.csv").write_bytes(replace_cell(text, 2, "total", "1000").encode("utf-8-sig"))
    fix_manifest(out, "sales.csv")  # SHA-256 recomputed, not signed again
    capsys.readouterr()

    assert run_import_command(parser.parse_args(["import", str(out)]), db) == 2

    printed, err = capsys.readouterr()
    with bna1.db.read() as session:
        key = own_identity(session)
    assert printed == ""
    assert err.splitlines() == [
        f"{out}: not trusted: the signature does not match the manifest: changed after the "
        "till made it",
        f"{out}: till BNA1, id {key.till_id}, key fingerprint {key.fingerprint}",
        f"bazaar-pos: {out} not imported; nothing of it written",
    ]
    assert receipts(db) == []


def test_another_key_for_a_known_till_names_both_fingerprints(
    parser: argparse.ArgumentParser,
    bna1: Till,
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    genuine = tmp_path / "genuine.zip"
    assert export(parser, bna1.db, str(genuine)) == 0
    assert run_import_command(parser.parse_args(["import", str(genuine)]), db) == 0
    other = open_till(tmp_path / "impostor", seed_demo=True, anonymous_setup=True)
    try:
        save_settings(other.db, load_settings(other.db).with_changes(till_code="BNA1"))
        sell(other.db, "BNA1", (BESEK, 9))
        impostor = tmp_path / "impostor-export"
        assert export(parser, other.db, str(impostor)) == 0
        with bna1.db.read() as session:
            known = own_identity(session)
        with other.db.read() as session:
            presented = own_identity(session)
        edit_manifest(impostor, till_id=known.till_id, sign_with=other.db)
    finally:
        other.db.dispose()
    capsys.readouterr()

    assert run_import_command(parser.parse_args(["import", str(impostor)]), db) == 2

    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{impostor}: not trusted: signed with another key")
    assert err[1] == (
        f"{impostor}: till BNA1, id {known.till_id}, key fingerprint {presented.fingerprint}"
    )
    assert err[2] == f"{impostor}: key fingerprint known here: {known.fingerprint}"
    assert imports(db) == 1


def test_records_that_do_not_add_up_are_named_by_file_line_and_record(
    parser: argparse.ArgumentParser,
    bna1: Till,
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "bna1.zip"
    assert export(parser, bna1.db, str(out)) == 0
    rewrite_zip(
        out,
        "sales.csv",
        lambda text: replace_cell(text, 2, "total", "1000"),
        fix_manifest=True,
        sign_with=bna1.db,  # whoever holds the till's database can sign
    )
    capsys.readouterr()

    assert run_import_command(parser.parse_args(["import", str(out)]), db) == 2

    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{out}: sales.csv:2: BNA1-000001: sale total is not the sum of its line totals "
        "(total Rp 1.000, line totals Rp 90.000)",
        f"bazaar-pos: {out} not imported; nothing of it written",
    ]
    assert receipts(db) == []


@pytest.mark.parametrize(("user", "pin"), [("kasir", "1111"), ("spv", "2222")])
def test_a_cashier_or_a_supervisor_importing_an_export_is_refused_and_nothing_is_merged(
    parser: argparse.ArgumentParser,
    bna1: Till,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    user: str,
    pin: str,
) -> None:
    """Merging another till's data is an admin's, at the command line as on the screen."""
    out = tmp_path / "bna1-1.zip"
    assert export(parser, bna1.db, str(out), "--by", "Rina") == 0
    office_dir = tmp_path / "office"
    office = open_till(office_dir, seed_demo=True, anonymous_setup=True)
    add_user(office.db, "spv", "Bu Ratna", Role.SUPERVISOR)
    add_user(office.db, "kasir", "Siti", Role.CASHIER)
    before = receipts(office.db)
    office.db.dispose()
    capsys.readouterr()
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": pin)
    assert main(["--data-dir", str(office_dir), "import", str(out), "--user", user]) == (
        NOT_ALLOWED
    )
    assert "may not sync_import" in capsys.readouterr().err
    office = open_till(office_dir, anonymous_setup=True)
    assert receipts(office.db) == before and imports(office.db) == 0
    office.db.dispose()
