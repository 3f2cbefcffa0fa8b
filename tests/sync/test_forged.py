"""Forged exports are refused whole, naming what is wrong, and write nothing: an edited file
with recomputed SHA-256s, figures that do not add up (even signed with the till's own key), an
added admin, another key for a known till, a missing or damaged signature, an unsigned export."""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, text

import bazaar_pos.people.users
from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.db.identity import key_fingerprint, own_identity
from bazaar_pos.db.models import AuditEntry, TillKey
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.sync import (
    ExportRefused,
    ExportUntrusted,
    KeyStatus,
    RefusalReason,
    TrustProblem,
    export_till,
    import_export,
)
from tests.sync.support import (
    BESEK,
    Till,
    add_people,
    dump,
    edit_manifest,
    fix_manifest,
    line,
    read_csv,
    sign_again,
    trade_a_day,
    write_csv,
)


@dataclass
class Bazaar:
    till: Till  # BPN1, a day of trading
    other: Till  # BPN2, another laptop with its own key
    export: Path  # BPN1's full export (a folder)
    other_export: Path  # BPN2's full export


def new_till(folder: Path, till_code: str) -> Till:
    db = open_till(folder, seed_demo=True, anonymous_setup=True).db
    save_settings(db, load_settings(db).with_changes(till_code=till_code))
    return Till(db, till_code, add_people(db, till_code))


@pytest.fixture(scope="module")
def bazaar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bazaar]:
    folder = tmp_path_factory.mktemp("forged")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
        till = new_till(folder / "till1", "BPN1")
        trade_a_day(till)
        other = new_till(folder / "till2", "BPN2")
        other.open_shift()
        other.sell([line(other.db, BESEK, 3)])
        export_till(till.db, folder / "export1", exported_by=till.people.supervisor)
        export_till(other.db, folder / "export2", exported_by=other.people.supervisor)
        yield Bazaar(till, other, folder / "export1", folder / "export2")
        till.db.dispose()
        other.db.dispose()


def office(tmp_path: Path) -> Database:
    return Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)


def copy_of(export: Path, tmp_path: Path, name: str = "forged") -> Path:
    target = tmp_path / name
    shutil.copytree(export, target)
    return target


def cell(rows: list[list[str]], line: int, column: str) -> str:
    return rows[line - 1][rows[0].index(column)]


def set_cell(rows: list[list[str]], line: int, column: str, value: str) -> None:
    rows[line - 1][rows[0].index(column)] = value


def refused(db: Database, export: Path) -> ExportRefused:
    before = dump(db)
    with pytest.raises(ExportRefused) as raised:
        import_export(db, export)
    assert dump(db) == before
    return raised.value


def untrusted(db: Database, export: Path) -> ExportUntrusted:
    before = dump(db)
    with pytest.raises(ExportUntrusted) as raised:
        import_export(db, export)
    assert dump(db) == before
    return raised.value


def lower_first_sale_total(export: Path) -> str:
    """The issue's forgery: sale BPN1-000001's total lowered to Rp 1.000 in sales.csv."""
    sales = read_csv(export / "sales.csv")
    set_cell(sales, 2, "total", "1000")
    write_csv(export / "sales.csv", sales)
    return cell(sales, 2, "receipt_no")


# --- signature ------------------------------------------------------------------------------


def test_an_edited_sales_csv_with_recomputed_sha256_is_refused_by_the_signature(
    bazaar: Bazaar, tmp_path: Path
) -> None:
    forged = copy_of(bazaar.export, tmp_path)
    lower_first_sale_total(forged)
    fix_manifest(forged, "sales.csv")  # size, rows and SHA-256 agree again

    error = untrusted(office(tmp_path), forged)

    assert error.reason is TrustProblem.SIGNATURE_INVALID
    assert (error.path, error.till_code) == (forged, "BPN1")
    with bazaar.till.db.read() as session:
        assert error.fingerprint == own_identity(session).fingerprint


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda sig: sig.unlink(), TrustProblem.SIGNATURE_MISSING),
        (lambda sig: sig.write_bytes(sig.read_bytes()[:40]), TrustProblem.SIGNATURE_INVALID),
        (lambda sig: sig.write_bytes(b"not base64 at all!"), TrustProblem.SIGNATURE_INVALID),
        (
            lambda sig: sig.write_bytes(base64.b64encode(bytes(64))),
            TrustProblem.SIGNATURE_INVALID,
        ),
    ],
    ids=["removed", "truncated", "garbage", "zeros"],
)
def test_a_removed_or_damaged_signature_is_refused(
    bazaar: Bazaar, tmp_path: Path, damage: object, reason: TrustProblem
) -> None:
    forged = copy_of(bazaar.export, tmp_path)
    damage(forged / "manifest.sig")  # type: ignore[operator]

    assert untrusted(office(tmp_path), forged).reason is reason


def test_an_unsigned_export_of_the_older_format_is_refused(bazaar: Bazaar, tmp_path: Path) -> None:
    """Accepting version 1 (even behind a flag) would let anybody write one: refused."""
    forged = copy_of(bazaar.export, tmp_path)
    (forged / "manifest.sig").unlink()
    edit_manifest(forged, format_version=1)

    assert untrusted(office(tmp_path), forged).reason is TrustProblem.UNSIGNED_FORMAT


def test_a_manifest_signed_by_another_key_than_it_names_is_refused(
    bazaar: Bazaar, tmp_path: Path
) -> None:
    forged = copy_of(bazaar.export, tmp_path)
    sign_again(forged, bazaar.other.db)  # BPN2's key over BPN1's manifest

    assert untrusted(office(tmp_path), forged).reason is TrustProblem.SIGNATURE_INVALID


def test_the_key_is_learnt_on_first_import_and_another_key_for_that_till_is_refused(
    bazaar: Bazaar, tmp_path: Path
) -> None:
    db = office(tmp_path)
    first = import_export(db, bazaar.export)
    with bazaar.till.db.read() as session:
        till = own_identity(session)
    assert (first.till_id, first.key_fingerprint) == (till.till_id, till.fingerprint)
    assert first.key_status is KeyStatus.NEW
    assert import_export(db, bazaar.export).key_status is KeyStatus.KNOWN

    # Another laptop claims to be BPN1's till (its id and code) and signs with its own key.
    impostor = copy_of(bazaar.other_export, tmp_path, "impostor")
    edit_manifest(impostor, till_id=till.till_id, till_code="BPN1", sign_with=bazaar.other.db)
    error = untrusted(db, impostor)

    assert error.reason is TrustProblem.KEY_CHANGED
    with bazaar.other.db.read() as session:
        assert error.fingerprint == own_identity(session).fingerprint
    assert error.known_fingerprint == till.fingerprint
    assert error.till_id == till.till_id
    with db.read() as session:  # the office's own key (it chains its own journal) aside
        keys = session.execute(
            select(TillKey.till_id, TillKey.public_key, TillKey.own).where(TillKey.own.is_(False))
        ).all()
    assert [(k.till_id, key_fingerprint(base64.b64decode(k.public_key)), k.own) for k in keys] == [
        (till.till_id, till.fingerprint, False)
    ]


def test_the_import_journal_names_who_the_file_the_rows_and_the_key(
    bazaar: Bazaar, tmp_path: Path
) -> None:
    db = office(tmp_path)
    result = import_export(db, bazaar.export, imported_by="Pak Kepala")
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sync_import")).one()
    assert (entry.user_name, entry.subject) == ("Pak Kepala", "export1")
    assert f"{result.rows_added} rows added" in entry.detail
    assert f"sales {result.added['sales']}" in entry.detail
    assert result.key_fingerprint in entry.detail and "(new)" in entry.detail


# --- records that do not add up (signed with the till's own key) ---------------------------


def test_a_lowered_sale_total_is_refused_even_signed_with_the_till_s_key(
    bazaar: Bazaar, tmp_path: Path
) -> None:
    """Whoever holds the till's database can sign; the figures must still add up."""
    forged = copy_of(bazaar.export, tmp_path)
    receipt = lower_first_sale_total(forged)
    fix_manifest(forged, "sales.csv", sign_with=bazaar.till.db)

    error = refused(office(tmp_path), forged)

    assert error.reason is RefusalReason.SALE_TOTAL_LINES
    assert (error.file_name, error.line, error.record) == ("sales.csv", 2, receipt)
    assert "total Rp 1.000" in error.detail


def test_a_sale_lowered_in_lines_and_total_alike_is_refused_by_its_payments(
    bazaar: Bazaar, tmp_path: Path
) -> None:
    forged = copy_of(bazaar.export, tmp_path)
    sales = read_csv(forged / "sales.csv")
    lines = read_csv(forged / "sale_lines.csv")
    sale_uuid = cell(sales, 2, "uuid")
    line_no = next(
        number
        for number in range(2, len(lines) + 1)
        if cell(lines, number, "sale_uuid") == sale_uuid
    )
    cut = 10_000
    for rows, number, column in (
        (lines, line_no, "unit_price"),
        (lines, line_no, "line_total"),
        (sales, 2, "subtotal"),
        (sales, 2, "total"),
    ):
        set_cell(rows, number, column, str(int(cell(rows, number, column)) - cut))
    write_csv(forged / "sales.csv", sales)
    write_csv(forged / "sale_lines.csv", lines)
    fix_manifest(forged, "sales.csv")
    fix_manifest(forged, "sale_lines.csv", sign_with=bazaar.till.db)

    error = refused(office(tmp_path), forged)

    assert error.reason is RefusalReason.SALE_TOTAL_PAYMENTS
    assert (error.file_name, error.line) == ("sales.csv", 2)


def test_a_line_total_that_is_not_quantity_times_price_is_refused(
    bazaar: Bazaar, tmp_path: Path
) -> None:
    forged = copy_of(bazaar.export, tmp_path)
    lines = read_csv(forged / "sale_lines.csv")
    set_cell(lines, 3, "quantity", str(int(cell(lines, 3, "quantity")) + 5))
    write_csv(forged / "sale_lines.csv", lines)
    fix_manifest(forged, "sale_lines.csv", sign_with=bazaar.till.db)

    error = refused(office(tmp_path), forged)

    assert error.reason is RefusalReason.LINE_TOTAL
    assert (error.file_name, error.line) == ("sale_lines.csv", 3)
    assert error.record.endswith(f"line {cell(lines, 3, 'line_no')}")


def test_a_payment_whose_change_does_not_add_up_is_refused(bazaar: Bazaar, tmp_path: Path) -> None:
    forged = copy_of(bazaar.export, tmp_path)
    payments = read_csv(forged / "payments.csv")
    set_cell(payments, 2, "change", str(int(cell(payments, 2, "change")) + 5_000))
    write_csv(forged / "payments.csv", payments)
    fix_manifest(forged, "payments.csv", sign_with=bazaar.till.db)

    error = refused(office(tmp_path), forged)

    assert error.reason is RefusalReason.PAYMENT_CHANGE
    assert (error.file_name, error.line) == ("payments.csv", 2)


def test_a_refund_of_more_units_than_sold_is_refused(bazaar: Bazaar, tmp_path: Path) -> None:
    forged = copy_of(bazaar.export, tmp_path)
    refund_lines = read_csv(forged / "refund_lines.csv")
    set_cell(refund_lines, 2, "quantity", "99")
    write_csv(forged / "refund_lines.csv", refund_lines)
    fix_manifest(forged, "refund_lines.csv", sign_with=bazaar.till.db)

    error = refused(office(tmp_path), forged)

    assert error.reason is RefusalReason.REFUND_QUANTITY
    assert (error.file_name, error.line) == ("refund_lines.csv", 2)
    assert error.record == cell(read_csv(forged / "refunds.csv"), 2, "refund_no")


# --- accounts -------------------------------------------------------------------------------


def test_an_added_active_admin_in_users_csv_is_refused(bazaar: Bazaar, tmp_path: Path) -> None:
    forged = copy_of(bazaar.export, tmp_path)
    users = read_csv(forged / "users.csv")
    users.append(
        [
            "0b7e5c1a-1111-4000-8000-000000000001",
            "boss",
            "Pak Boss",
            "admin",
            "1",
            "2026-04-27T03:15:00.000000+00:00",
        ]
    )
    write_csv(forged / "users.csv", users)
    fix_manifest(forged, "users.csv", sign_with=bazaar.till.db)
    db = office(tmp_path)

    error = refused(db, forged)

    assert error.reason is RefusalReason.USER_UNUSED
    assert (error.file_name, error.line, error.record) == ("users.csv", len(users), "boss")
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM users")).scalar_one() == 0


def test_a_pin_hash_column_in_users_csv_is_refused(bazaar: Bazaar, tmp_path: Path) -> None:
    forged = copy_of(bazaar.export, tmp_path)
    users = read_csv(forged / "users.csv")
    for number, row in enumerate(users):
        row.append("pin_hash" if number == 0 else "scrypt$16384$8$1$c2FsdA==$a2V5")
    write_csv(forged / "users.csv", users)
    fix_manifest(forged, "users.csv", sign_with=bazaar.till.db)

    error = refused(office(tmp_path), forged)

    assert error.reason is RefusalReason.USER_SECRET
    assert (error.file_name, error.line, error.record) == ("users.csv", 1, "pin_hash")


def test_the_users_of_an_export_are_only_the_people_of_its_records(
    bazaar: Bazaar, tmp_path: Path
) -> None:
    users = read_csv(bazaar.export / "users.csv")
    assert users[0] == ["uuid", "username", "full_name", "role", "active", "created_at"]
    db = office(tmp_path)
    import_export(db, bazaar.export)
    with db.read() as session:
        merged = session.execute(text("SELECT username, pin_hash FROM users")).all()
    assert sorted(name for name, _ in merged) == sorted(row[1] for row in users[1:])
    assert {pin_hash for _, pin_hash in merged} == {""}  # names, never accounts


def test_the_manifest_names_the_till_and_its_key(bazaar: Bazaar) -> None:
    manifest = json.loads((bazaar.export / "manifest.json").read_text(encoding="utf-8"))
    with bazaar.till.db.read() as session:
        till = own_identity(session)
    assert manifest["format_version"] == 2
    assert manifest["till_id"] == till.till_id
    assert base64.b64decode(manifest["public_key"]) == till.public_key


def test_a_new_till_id_under_a_known_till_code_is_noted(bazaar: Bazaar, tmp_path: Path) -> None:
    """A reinstalled laptop, or a second one set up as BPN1: let in (its records are checked
    as ever), but said, with both till ids and keys, to compare with the signed paper."""
    db = office(tmp_path)
    import_export(db, bazaar.export)
    second = copy_of(bazaar.other_export, tmp_path, "second-bpn1")
    edit_manifest(second, till_code="BPN1", sign_with=bazaar.other.db)

    result = import_export(db, second)

    with bazaar.till.db.read() as session:
        first = own_identity(session)
    with bazaar.other.db.read() as session:
        other = own_identity(session)
    assert result.key_status is KeyStatus.NEW
    assert result.notes[0] == (
        f"till code BPN1 was known here from another till (id {first.till_id}, key "
        f"{first.fingerprint}); this export comes from till id {other.till_id}, key "
        f"{other.fingerprint}: a reinstalled laptop, or two laptops with the same till code?"
    )
    assert not any("till code" in note for note in import_export(db, second).notes)
