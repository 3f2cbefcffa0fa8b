"""Merging the exports of several tills: exact sums with overlaps and repeats, corrupted and
conflicting exports refused with nothing written, and the tell-tale of two laptops sharing a
till code."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import text

import bazaar_pos.people.users
import bazaar_pos.sync.merge
from bazaar_pos.cli.sync import import_summary_lines
from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.db.identity import till_labels
from bazaar_pos.errors import LoginRequired, ReceiptAmbiguous
from bazaar_pos.papers.event_report import render_event_report_pdf
from bazaar_pos.people import users
from bazaar_pos.people.access import NotPermitted
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.people.users import InvalidUser, WrongPin
from bazaar_pos.reports.event_report import end_of_event_report
from bazaar_pos.reports.sales import ReportRow, ReportScope, SalesReport, sales_report
from bazaar_pos.startup import open_till
from bazaar_pos.sync import (
    ExportChecksumMismatch,
    ExportRefused,
    ExportRowError,
    ExportUnreadable,
    ExportUntrusted,
    ImportConflict,
    KeyStatus,
    RefusalReason,
    TrustProblem,
    export_till,
    import_export,
    import_exports,
)
from bazaar_pos.sync.format import TABLES
from bazaar_pos.till.refunds import refundable_sale
from bazaar_pos.till.sales import PaymentRequest, receipt_copy
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.sync.dialogs import import_summary_text
from tests.sync.support import (
    BESEK,
    KESET,
    KOPI_HITAM,
    LUKISAN,
    PINS,
    TALENAN,
    Till,
    add_figures,
    dump,
    edit_manifest,
    figures,
    fix_manifest,
    line,
    new_till,
    read_csv,
    write_csv,
)

EVENT = "Bazar HBP ke-62"


@pytest.fixture(params=["probed in chunks", "asked by range first"])
def lookups(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """How the merge asks which keys (uuids, receipt numbers) are held here: in chunks of
    values, and on SQLite, for more values than one chunk, first whether any row lies in
    their range at all. Chunks of one send these small tills' lookups down that path too."""
    if request.param == "asked by range first":
        monkeypatch.setattr(bazaar_pos.sync.merge, "LOOKUP_CHUNK", 1)
    return str(request.param)


def empty_database(path: Path) -> Database:
    return Database.open(sqlite_url(path), anonymous_setup=True)


def event_id_named(db: Database, name: str = EVENT) -> int:
    with db.read() as session:
        return int(
            session.execute(text("SELECT id FROM events WHERE name = :n"), {"n": name}).scalar_one()
        )


def counts_of(db: Database, *tables: str) -> dict[str, int]:
    with db.read() as session:
        return {
            name: int(session.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
            for name in tables
        }


@dataclass
class ThreeTills:
    tills: dict[str, Till]
    exports: dict[str, Path]  # "1a" (full), "1b" (incremental), "1c" (full), "2" (zip), "3"
    row_counts: dict[str, dict[str, int]]
    own_figures: list[dict[str, Any]]  # each till's figures once it has exported everything
    own_reports: list[SalesReport]
    folder: Path


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreeTills]:
    """Three laptops at the bazaar. BPN1 exports three times (full, incremental, full again:
    overlapping), BPN2 once as a zip, BPN3 once with its shift still open."""
    folder = tmp_path_factory.mktemp("three_tills")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
        one = new_till(folder / "till1", "BPN1")
        two = new_till(folder / "till2", "BPN2")
        three_ = new_till(folder / "till3", "BPN3")
        exports: dict[str, Path] = {}
        row_counts: dict[str, dict[str, int]] = {}

        def export(name: str, till: Till, kind: str, suffix: str = "") -> None:
            target = folder / f"export_{name}{suffix}"
            row_counts[name] = export_till(
                till.db, target, kind=kind, exported_by=till.people.supervisor
            ).row_counts
            exports[name] = target

        db = one.db
        one.open_shift()
        first = one.sell([line(db, TALENAN, 1, discount=4_000), line(db, BESEK, 40)])
        one.sell([line(db, KOPI_HITAM, 3)])
        one.sell(
            [line(db, LUKISAN, 1)],
            [PaymentRequest("qris", amount=50_000, reference="QR-1"), PaymentRequest("cash")],
        )
        export("1a", one, "full")
        one.sell([line(db, KESET, 2)], PaymentRequest("transfer", reference="BRI 1"))
        one.refund_first_line(first)  # refunds a sale of the first export
        export("1b", one, "incremental")
        one.sell([line(db, BESEK, 100)])
        one.paid_out(10_000, "beli kantong plastik")
        one.close_shift()
        export("1c", one, "full")

        db = two.db
        two.open_shift()
        two.sell([line(db, TALENAN, 2), line(db, KESET, 1)], sale_discount=15_000)
        two.sell(
            [line(db, LUKISAN, 2), line(db, KOPI_HITAM, 1)],
            [
                PaymentRequest("transfer", amount=200_000, reference="Mandiri 7"),
                PaymentRequest("cash", tendered=200_000),
            ],
        )
        two.sell([line(db, BESEK, 12)])
        two.close_shift()
        export("2", two, "full", ".zip")

        db = three_.db
        three_.open_shift()
        sold = three_.sell([line(db, TALENAN, 3)], PaymentRequest("qris", reference="QR-9"))
        three_.sell([line(db, KOPI_HITAM, 5), line(db, BESEK, 8)])
        three_.refund_first_line(sold, quantity=2, method="transfer")
        export("3", three_, "full")

    tills = {"BPN1": one, "BPN2": two, "BPN3": three_}
    yield ThreeTills(
        tills=tills,
        exports=exports,
        row_counts=row_counts,
        own_figures=[figures(till.db) for till in tills.values()],
        own_reports=[
            sales_report(
                till.db,
                till.people.supervisor,
                ReportScope(event_id=event_id_named(till.db)),
                tz=dt.UTC,
            )
            for till in tills.values()
        ],
        folder=folder,
    )
    for till in tills.values():
        till.db.dispose()


# ------------------------------------------------------------------------------ sums


BREAKDOWNS = (
    "by_product",
    "by_institution",
    "by_workshop",
    "by_category",
    "by_payment_method",
    "by_cashier",
    "by_hour",
    "by_day",
)


def rows_by_key(rows: tuple[ReportRow, ...]) -> dict[str, tuple[int, int, int, int, int]]:
    return {row.key: (row.quantity, row.gross, row.refunds, row.net, row.receipts) for row in rows}


def summed_reports(reports: list[SalesReport]) -> dict[str, Any]:
    total: dict[str, Any] = {
        "totals": tuple(
            sum(values)
            for values in zip(
                *((r.receipts, r.gross, r.refunds, r.net, r.discounts) for r in reports),
                strict=True,
            )
        )
    }
    for name in BREAKDOWNS:
        summed: dict[str, tuple[int, ...]] = {}
        for report in reports:
            for key, values in rows_by_key(getattr(report, name)).items():
                before = summed.get(key, (0, 0, 0, 0, 0))
                summed[key] = tuple(a + b for a, b in zip(before, values, strict=True))
        total[name] = summed
    return total


def report_figures(report: SalesReport) -> dict[str, Any]:
    result: dict[str, Any] = {
        "totals": (report.receipts, report.gross, report.refunds, report.net, report.discounts)
    }
    for name in BREAKDOWNS:
        result[name] = rows_by_key(getattr(report, name))
    return result


def test_three_tills_merge_into_one_picture_with_nothing_doubled(
    three: ThreeTills, tmp_path: Path, lookups: str
) -> None:
    office = empty_database(tmp_path / "office.sqlite3")
    e = three.exports
    results = import_exports(
        office, [e["1a"], e["1b"], e["2"], e["1a"], e["3"], e["1c"]], imported_by="Kanwil"
    )

    first, incremental, zipped, repeated, third, full_again = results
    assert first.added == three.row_counts["1a"]
    # The incremental export adds its new rows; the small tables come whole and are known.
    assert incremental.added["sales"] == three.row_counts["1b"]["sales"] == 1
    assert incremental.added["refunds"] == 1
    assert incremental.added["products"] == 0
    assert incremental.already_present["products"] == 30
    assert zipped.till_code == "BPN2" and zipped.added["sales"] == 3
    # Another till's own demo catalog and event: matched by sku, code and name, not doubled.
    assert zipped.added["products"] == zipped.added["institutions"] == 0
    assert zipped.added["events"] == zipped.added["users"] == 0
    assert zipped.notes == ()
    assert repeated.already_imported
    assert repeated.added == {} and repeated.notes == ()
    assert third.added["sales"] == 2 and third.added["refunds"] == 1
    # The full export again: only what came after the incremental one is new, and the open
    # shift of the first export is now closed.
    assert full_again.added["sales"] == 1
    assert full_again.already_present["sales"] == 4
    assert full_again.added["cash_movements"] == 1
    assert full_again.updated["shifts"] == 1
    assert full_again.added["cash_count_lines"] == 4  # the closing count of the drawer
    assert sum(full_again.added.values()) + sum(full_again.already_present.values()) + sum(
        full_again.updated.values()
    ) == sum(three.row_counts["1c"].values())

    # Sums per institution, product and payment method are the tills' own, added up.
    assert figures(office) == add_figures(three.own_figures)
    assert figures(office)["sales"][0] == 10
    assert counts_of(office, "products", "institutions", "events", "users", "workshops") == {
        "products": 30,
        "institutions": 3,
        "events": 1,
        "users": 3,
        "workshops": 7,
    }
    with office.read() as session:
        counters: dict[str, int] = dict(
            session.execute(text("SELECT till_code, last_number FROM receipt_counters")).all()
        )
        imports = session.execute(
            text("SELECT till_code, sequence, kind, imported_by FROM sync_imports ORDER BY id")
        ).all()
    assert counters == {"BPN1": 5, "BPN2": 3, "BPN3": 2}
    assert [tuple(row) for row in imports] == [
        ("BPN1", 1, "full", "Kanwil"),
        ("BPN1", 2, "incremental", "Kanwil"),
        ("BPN2", 1, "full", "Kanwil"),
        ("BPN3", 1, "full", "Kanwil"),
        ("BPN1", 3, "full", "Kanwil"),
    ]

    # Every report of the office is the sum of the tills' own reports, breakdown by breakdown.
    office_report = sales_report(
        office, None, ReportScope(event_id=event_id_named(office)), tz=dt.UTC
    )
    assert report_figures(office_report) == summed_reports(three.own_reports)
    assert office_report.net == sum(report.net for report in three.own_reports) > 0

    # Everything again, in one go: nothing changes.
    before = dump(office, skip=("sync_imports",))
    again = import_exports(office, [e["3"], e["2"], e["1c"], e["1b"], e["1a"]])
    assert all(result.already_imported for result in again)
    assert dump(office, skip=("sync_imports",)) == before


def test_another_order_into_a_seeded_database_gives_the_same_sums(
    three: ThreeTills, tmp_path: Path
) -> None:
    # The office laptop has its own demo catalog, event and opening stock (a till of its own:
    # the tills' event is matched to its event by name and first day).
    office = open_till(tmp_path / "office", seed_demo=True, anonymous_setup=True).db
    own = figures(office)
    e = three.exports
    results = import_exports(office, [e["3"], e["1c"], e["2"], e["1a"], e["1b"]])
    # Older, overlapping exports after the full one add nothing (an open copy of a closed
    # shift is an older copy).
    assert sum(results[3].added.values()) == 0 and sum(results[3].updated.values()) == 0
    assert results[3].already_present["shifts"] == 1
    assert sum(results[4].added.values()) == 0
    assert figures(office) == add_figures([*three.own_figures, own])
    assert counts_of(office, "products", "events", "institutions") == {
        "products": 30,
        "events": 1,
        "institutions": 3,
    }
    office_report = sales_report(
        office, None, ReportScope(event_id=event_id_named(office)), tz=dt.UTC
    )
    assert report_figures(office_report) == summed_reports(three.own_reports)


def test_importing_into_the_till_s_own_database_adds_nothing(
    three: ThreeTills, tmp_path: Path, lookups: str
) -> None:
    own_file = Path(three.tills["BPN1"].db.engine.url.database or "")
    with sqlite3.connect(own_file) as source, sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        source.backup(copy)  # the till is open (WAL): copy through SQLite, not the file
    own = Database.open(sqlite_url(tmp_path / "copy.sqlite3"), anonymous_setup=True)
    before = dump(own, skip=("sync_imports", "audit_log", "journal_links"))
    audit_before = dump(own)["audit_log"]
    admin = three.tills["BPN1"].people.admin
    result = import_export(own, three.exports["1c"], imported_by=admin)
    assert result.key_status is KeyStatus.OWN
    assert sum(result.added.values()) == 0
    assert sum(result.updated.values()) == 0
    assert result.already_present == three.row_counts["1c"]
    assert result.notes == ()
    assert dump(own, skip=("sync_imports", "audit_log", "journal_links")) == before
    # Only the record of the merge itself (and its link): who, and that it added nothing.
    audit_after = dump(own)["audit_log"]
    assert audit_after[: len(audit_before)] == audit_before
    (logged,) = audit_after[len(audit_before) :]
    assert logged[6] == "sync_import" and logged[5] == "Admin Rutan"
    assert "0 rows added" in logged[8]


def test_only_an_admin_may_import_and_a_name_is_not_enough_where_people_log_in(
    three: ThreeTills, tmp_path: Path
) -> None:
    own_file = Path(three.tills["BPN2"].db.engine.url.database or "")
    with sqlite3.connect(own_file) as source, sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        source.backup(copy)
    own = Database.open(sqlite_url(tmp_path / "copy.sqlite3"), anonymous_setup=True)
    before = dump(own)
    for role in ("cashier", "supervisor"):
        with pytest.raises(NotPermitted):
            import_export(
                own, three.exports["3"], imported_by=getattr(three.tills["BPN2"].people, role)
            )
    with pytest.raises(LoginRequired):
        import_export(own, three.exports["3"], imported_by="Pak Kepala")
    assert dump(own) == before


def test_an_office_copy_whose_users_came_with_the_exports_still_works(
    three: ThreeTills, tmp_path: Path
) -> None:
    """Users merged in carry no PIN: they are names in the records, not accounts. The office
    keeps importing by name, and its first admin can still be created (a merged username is
    taken, another one is not)."""
    office = empty_database(tmp_path / "office.sqlite3")
    import_export(office, three.exports["2"], imported_by="Pak Kepala")
    with office.read() as session:
        merged = session.execute(text("SELECT username, pin_hash FROM users")).all()
    assert {name for name, _ in merged} == {"admin", "spv", "kasir"}
    assert {pin_hash for _, pin_hash in merged} == {""}
    assert not users.has_users(office)
    with pytest.raises(WrongPin):
        users.login(office, "kasir", PINS["kasir"], till_code="KANWIL")
    assert import_export(office, three.exports["3"], imported_by="Pak Kepala").sequence == 1
    with pytest.raises(InvalidUser):
        users.create_first_admin(office, "admin", "Admin Kanwil", "654321", till_code="KANWIL")
    users.create_first_admin(office, "kanwil", "Admin Kanwil", "654321", till_code="KANWIL")
    assert users.has_users(office)
    with pytest.raises(LoginRequired):
        import_export(office, three.exports["1a"], imported_by="Pak Kepala")


# ------------------------------------------------------------------------------ refused


def change_one_byte(folder: Path) -> None:
    data = bytearray((folder / "sales.csv").read_bytes())
    position = data.index(b"BPN1-000002")
    data[position + 10] = ord("7")  # BPN1-000007: same length, other content
    (folder / "sales.csv").write_bytes(bytes(data))


def truncate(folder: Path) -> None:
    data = (folder / "sales.csv").read_bytes()
    (folder / "sales.csv").write_bytes(data[: len(data) // 2])


def remove_file(folder: Path) -> None:
    (folder / "payments.csv").unlink()


def edit_rows_in_manifest(folder: Path) -> None:
    import json

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["name"] == "sales.csv":
            entry["rows"] -= 1
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def break_manifest_json(folder: Path) -> None:
    data = (folder / "manifest.json").read_text(encoding="utf-8")
    (folder / "manifest.json").write_text(data[:-10], encoding="utf-8")


def future_version(folder: Path) -> None:
    edit_manifest(folder, format_version=3)


def add_stray_csv(folder: Path) -> None:
    (folder / "extra.csv").write_text("a,b\r\n", encoding="utf-8")


def drop_manifest(folder: Path) -> None:
    (folder / "manifest.json").unlink()


@pytest.mark.parametrize(
    ("corrupt", "error", "fields"),
    [
        (change_one_byte, ExportChecksumMismatch, {"file_name": "sales.csv"}),
        (truncate, ExportChecksumMismatch, {"file_name": "sales.csv"}),
        (edit_rows_in_manifest, ExportUntrusted, {"reason": TrustProblem.SIGNATURE_INVALID}),
        (remove_file, ExportUnreadable, {"reason": "missing_file", "detail": "payments.csv"}),
        (break_manifest_json, ExportUnreadable, {"reason": "bad_manifest"}),
        (future_version, ExportUnreadable, {"reason": "unsupported_version"}),
        (add_stray_csv, ExportUnreadable, {"reason": "unexpected_file", "detail": "extra.csv"}),
        (drop_manifest, ExportUnreadable, {"reason": "not_an_export"}),
    ],
)
def test_a_corrupted_export_is_refused_whole_and_nothing_is_written(
    three: ThreeTills,
    tmp_path: Path,
    corrupt: Callable[[Path], None],
    error: type[Exception],
    fields: dict[str, str],
) -> None:
    office = empty_database(tmp_path / "office.sqlite3")
    import_export(office, three.exports["3"])
    before = dump(office)
    damaged = tmp_path / "damaged"
    shutil.copytree(three.exports["1c"], damaged)
    corrupt(damaged)
    with pytest.raises(error) as raised:
        import_export(office, damaged)
    assert getattr(raised.value, "path") == damaged  # noqa: B009 - both error types have it
    for name, value in fields.items():
        assert getattr(raised.value, name) == value
    assert dump(office) == before


def test_an_altered_copy_of_an_imported_export_is_refused(
    three: ThreeTills, tmp_path: Path
) -> None:
    office = empty_database(tmp_path / "office.sqlite3")
    import_export(office, three.exports["1a"])
    before = dump(office)
    altered = tmp_path / "altered"
    shutil.copytree(three.exports["1a"], altered)
    # The till itself (its key) wrote another manifest with the same export id.
    edit_manifest(altered, exported_by="someone else", sign_with=three.tills["BPN1"].db)
    with pytest.raises(ExportChecksumMismatch) as raised:
        import_export(office, altered)
    assert raised.value.file_name == "manifest.json"
    assert dump(office) == before


def test_a_bad_cell_is_named_by_file_line_and_column(three: ThreeTills, tmp_path: Path) -> None:
    office = empty_database(tmp_path / "office.sqlite3")
    bad = tmp_path / "bad"
    shutil.copytree(three.exports["1a"], bad)
    rows = read_csv(bad / "sale_lines.csv")
    quantity = rows[0].index("quantity")
    rows[3][quantity] = "dua"
    write_csv(bad / "sale_lines.csv", rows)
    fix_manifest(bad, "sale_lines.csv", sign_with=three.tills["BPN1"].db)
    with pytest.raises(ExportRowError) as raised:
        import_export(office, bad)
    assert (raised.value.file_name, raised.value.line, raised.value.column) == (
        "sale_lines.csv",
        4,
        "quantity",
    )
    assert "'dua' is not a whole number" in raised.value.problem
    assert all(not rows for name, rows in dump(office).items() if name != "alembic_version")


def test_the_same_uuid_with_other_content_is_a_conflict_and_nothing_is_written(
    three: ThreeTills, tmp_path: Path
) -> None:
    office = empty_database(tmp_path / "office.sqlite3")
    import_export(office, three.exports["1a"])
    before = dump(office)
    changed = tmp_path / "changed"
    shutil.copytree(three.exports["1c"], changed)
    sales = read_csv(changed / "sales.csv")
    cashier = sales[0].index("cashier")
    sales[2][cashier] = "Orang lain"  # line 3: BPN1-000002
    write_csv(changed / "sales.csv", sales)
    lines = read_csv(changed / "sale_lines.csv")
    name = lines[0].index("product_name")
    sku = lines[0].index("sku")
    lines[1][name] = "Talenan palsu"
    lines[1][sku] = "PALSU-001"
    write_csv(changed / "sale_lines.csv", lines)
    # Checksums made to agree, a new export id, signed with the till's own key, figures that
    # still add up: only the merge's comparison can catch it.
    fix_manifest(changed, "sales.csv")
    fix_manifest(changed, "sale_lines.csv", new_export_id=True, sign_with=three.tills["BPN1"].db)

    with pytest.raises(ImportConflict) as raised:
        import_export(office, changed)

    conflicts = raised.value.conflicts
    assert [(c.file_name, c.line, c.uuid, c.columns) for c in conflicts] == [
        ("sales.csv", 3, sales[2][0], ("cashier",)),
        ("sale_lines.csv", 2, lines[1][0], ("sku", "product_name")),
    ]
    assert "sales.csv line 3: sale BPN1-000002" in conflicts[0].message
    assert raised.value.path == changed
    assert dump(office) == before  # not even the rows of the export that were new


def till_id_of(db: Database) -> str:
    with db.read() as session:
        return str(session.execute(text("SELECT till_id FROM till_keys WHERE own")).scalar_one())


def test_two_laptops_with_the_same_till_code_are_merged_told_apart_by_device_and_warned(
    tmp_path: Path, lookups: str
) -> None:
    """Two laptops both set up as BPN1 print BPN1-000001 and Z 1: every record of both is
    merged, with the numbers printed on paper, each under its own device, and the office is
    told in plain words, in the import's result and its audit entry."""
    laptop_a = new_till(tmp_path / "a", "BPN1")
    laptop_b = new_till(tmp_path / "b", "BPN1")
    for laptop in (laptop_a, laptop_b):
        laptop.open_shift()
        receipt = laptop.sell([line(laptop.db, BESEK, 10)])
        laptop.refund_first_line(receipt)
        laptop.close_shift()
        laptop.open_shift()  # and a drawer still open on each
    export_till(laptop_a.db, tmp_path / "export_a", exported_by=laptop_a.people.supervisor)
    export_till(laptop_b.db, tmp_path / "export_b", exported_by=laptop_b.people.supervisor)
    device_a, device_b = till_id_of(laptop_a.db), till_id_of(laptop_b.db)
    office = empty_database(tmp_path / "office.sqlite3")
    first = import_export(office, tmp_path / "export_a")
    assert first.shared_codes == ()

    second = import_export(office, tmp_path / "export_b")

    assert second.added["sales"] == 1 and second.added["refunds"] == 1
    assert second.added["shifts"] == 2
    [shared] = second.shared_codes
    assert (shared.till_code, shared.device, shared.others) == ("BPN1", device_b, (device_a,))
    assert shared.same_numbers == 2  # the receipt BPN1-000001 and the refund BPN1-R000001
    sentence = shared.sentence()
    assert sentence.startswith("Perhatian: kode kasa BPN1 dipakai oleh lebih dari satu laptop")
    assert device_a[:8] in sentence and device_b[:8] in sentence
    with office.read() as session:
        rows = session.execute(
            text(
                "SELECT s.receipt_no, s.till_id, r.refund_no, r.till_id FROM sales s "
                "JOIN refunds r ON r.sale_id = s.id ORDER BY s.id"
            )
        ).all()
        shifts = session.execute(
            text("SELECT till_id, z_number, status FROM shifts ORDER BY id")
        ).all()
        audit = (
            session.execute(
                text("SELECT detail FROM audit_log WHERE action = 'sync_import' ORDER BY id")
            )
            .scalars()
            .all()
        )
    assert [tuple(row) for row in rows] == [
        ("BPN1-000001", device_a, "BPN1-R000001", device_a),
        ("BPN1-000001", device_b, "BPN1-R000001", device_b),
    ]
    assert [tuple(row) for row in shifts] == [
        (device_a, 1, "closed"),
        (device_a, None, "open"),
        (device_b, 1, "closed"),
        (device_b, None, "open"),
    ]
    assert sentence in audit[-1] and "Perhatian" not in audit[0]
    # The command line and the import dialog say it too.
    assert f"  warning: {sentence}" in import_summary_lines(second)
    dialog_text = import_summary_text([second])
    assert "Perhatian: kode kasa BPN1 dipakai oleh lebih dari satu laptop" in dialog_text
    assert "2 nomor struk/refund dipakai kedua laptop" in dialog_text
    assert verify_journal(office, None).ok
    # The end-of-event report pins both tills' chains: two rows a person can tell apart.
    report = end_of_event_report(office, None, event_id_named(office))
    names = till_labels((pin.till_code, pin.till_id) for pin in report.tills)
    assert sorted(names.values()) == sorted(
        [f"BPN1 · perangkat {device_a[:8]}", f"BPN1 · perangkat {device_b[:8]}"]
    )
    english = PdfReader(io.BytesIO(render_event_report_pdf(report, language="en")))
    english_text = " ".join(page.extract_text() for page in english.pages)
    assert f"device {device_a[:8]}" in english_text and "perangkat" not in english_text
    till_rows = english_text[english_text.index("ournal per till") :].splitlines()[2:4]
    assert all("…" not in row for row in till_rows), till_rows  # nothing cut short
    # Importing them again adds nothing and warns of nothing new.
    assert import_export(office, tmp_path / "export_b").already_imported
    for laptop in (laptop_a, laptop_b):
        laptop.db.dispose()


def test_a_receipt_number_two_laptops_printed_names_this_tills_own_sale_and_the_office_asks(
    tmp_path: Path,
) -> None:
    """At a till the number names the sale this device rang up; at the office, which rang up
    neither, nothing is guessed: a refusal lists both (device, time, total, institutions),
    and the number typed with the device names one."""
    laptop_a = new_till(tmp_path / "a", "BPN1")
    laptop_b = new_till(tmp_path / "b", "BPN1")
    laptop_a.open_shift()
    laptop_a.sell([line(laptop_a.db, BESEK, 10)])
    laptop_b.open_shift()
    laptop_b.sell([line(laptop_b.db, TALENAN, 1)])
    export_till(laptop_a.db, tmp_path / "export_a", exported_by=laptop_a.people.supervisor)
    export_till(laptop_b.db, tmp_path / "export_b", exported_by=laptop_b.people.supervisor)
    device_a, device_b = till_id_of(laptop_a.db), till_id_of(laptop_b.db)
    office = empty_database(tmp_path / "office.sqlite3")
    import_exports(office, [tmp_path / "export_a", tmp_path / "export_b"])
    import_export(laptop_a.db, tmp_path / "export_b", imported_by=laptop_a.people.admin)

    # At laptop A, which holds both now: its own.
    own = receipt_copy(laptop_a.db, "BPN1-000001", actor=laptop_a.people.cashier, till_code="BPN1")
    assert own.lines[0].quantity == 10  # the besek of laptop A
    # At the office: refused, naming both; the device typed after the number chooses.
    with pytest.raises(ReceiptAmbiguous) as asked:
        receipt_copy(office, "BPN1-000001", actor=None, till_code="KTR1")
    choices = asked.value.choices
    assert [c.device for c in choices] == [device_a[:8], device_b[:8]]
    assert [c.total for c in choices] == [own.total, receipt_total(office, device_b)]
    assert asked.value.example == f"BPN1-000001@{device_a[:8]}"
    sentence = describe_error(asked.value)
    assert sentence.startswith(
        "Nomor struk BPN1-000001 dicetak oleh 2 laptop dengan kode kasa yang sama: "
        f"perangkat {device_a[:8]}: "
    )
    chosen = receipt_copy(office, f"bpn1-000001@{device_b[:8]}", actor=None, till_code="KTR1")
    assert chosen.lines[0].quantity == 1  # the talenan of laptop B
    with pytest.raises(ReceiptAmbiguous):
        refundable_sale(office, "BPN1-000001", actor=None)
    assert refundable_sale(office, f"BPN1-000001@{device_a[:8]}", actor=None).total == own.total
    for laptop in (laptop_a, laptop_b):
        laptop.db.dispose()


def receipt_total(db: Database, device: str) -> int:
    with db.read() as session:
        return int(
            session.execute(
                text("SELECT total FROM sales WHERE till_id = :d"), {"d": device}
            ).scalar_one()
        )


def test_the_same_laptop_numbering_two_sales_alike_is_still_a_conflict(
    tmp_path: Path, lookups: str
) -> None:
    """One device, one receipt number, two different sales (its database restored from an
    older copy, then selling again): not two laptops, a conflict that names file and line."""
    laptop = new_till(tmp_path / "a", "BPN1")
    laptop.open_shift()
    laptop.sell([line(laptop.db, BESEK, 10)])
    export_till(laptop.db, tmp_path / "export_1", exported_by=laptop.people.supervisor)
    office = empty_database(tmp_path / "office.sqlite3")
    import_export(office, tmp_path / "export_1")
    # The same sale under a new uuid (the export signed again with the laptop's own key).
    changed = tmp_path / "export_2"
    shutil.copytree(tmp_path / "export_1", changed)
    sales = read_csv(changed / "sales.csv")
    old_uuid, new_uuid = sales[1][0], "0" * 8 + sales[1][0][8:]
    for name in ("sales.csv", "sale_lines.csv", "payments.csv", "journal_links.csv"):
        (changed / name).write_text(
            (changed / name).read_text(encoding="utf-8-sig").replace(old_uuid, new_uuid),
            encoding="utf-8-sig",
        )
        fix_manifest(changed, name)
    fix_manifest(changed, "sales.csv", new_export_id=True, sign_with=laptop.db)
    before = dump(office)

    with pytest.raises(ImportConflict) as raised:
        import_export(office, changed)

    receipt = next(c for c in raised.value.conflicts if c.file_name == "sales.csv")
    assert (receipt.line, receipt.columns) == (2, ("receipt_no",))
    assert receipt.message.startswith(
        f"sales.csv line 2: receipt BPN1-000001 of device {till_id_of(laptop.db)[:8]} is "
        "already another sale here"
    )
    assert dump(office) == before
    laptop.db.dispose()


def test_an_incremental_export_before_the_one_it_follows_names_the_missing_row(
    three: ThreeTills, tmp_path: Path
) -> None:
    office = empty_database(tmp_path / "office.sqlite3")
    with pytest.raises(ExportRowError) as raised:
        import_export(office, three.exports["1b"])
    error = raised.value
    assert (error.file_name, error.line, error.column) == ("refunds.csv", 2, "sale_uuid")
    assert error.problem.endswith(
        "which is neither in this export nor here: import the earlier export of BPN1 first"
    )
    assert all(not rows for name, rows in dump(office).items() if name != "alembic_version")
    # In the right order it goes in.
    results = import_exports(office, [three.exports["1a"], three.exports["1b"]])
    assert results[1].added["refunds"] == 1


def test_catalog_differences_are_kept_and_noted_and_another_kasir_gets_a_new_name(
    three: ThreeTills, tmp_path: Path
) -> None:
    other = new_till(tmp_path / "till4", "BPN4", cashier_name="Dewi Lestari")
    with other.db.write() as session:
        session.execute(text("UPDATE products SET price = 50000 WHERE sku = :s"), {"s": TALENAN})
    other.open_shift()
    other.sell([line(other.db, TALENAN, 1)])
    export_till(other.db, tmp_path / "export4", exported_by=other.people.supervisor)
    office = empty_database(tmp_path / "office.sqlite3")
    import_export(office, three.exports["1c"])

    result = import_export(office, tmp_path / "export4")

    products = read_csv(tmp_path / "export4" / "products.csv")
    talenan_line = next(i for i, row in enumerate(products) if row[1] == TALENAN) + 1
    users = read_csv(tmp_path / "export4" / "users.csv")
    kasir_line = next(i for i, row in enumerate(users) if row[1] == "kasir") + 1
    assert result.notes == (
        f"products.csv line {talenan_line}: Talenan kayu jati price here Rp 45.000, in the "
        "export Rp 50.000; kept here",
        f"users.csv line {kasir_line}: username kasir is another person here; added as "
        "kasir.bpn4 (an admin sets a PIN before first login)",
    )
    with office.read() as session:
        price = session.execute(
            text("SELECT price FROM products WHERE sku = :s"), {"s": TALENAN}
        ).scalar_one()
        people = session.execute(
            text("SELECT username, full_name, pin_hash FROM users ORDER BY id")
        ).all()
        sold = session.execute(
            text(
                "SELECT unit_price, line_total FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                "WHERE s.till_code = 'BPN4'"
            )
        ).all()
        cashier = session.execute(
            text(
                "SELECT u.username FROM sales s JOIN users u ON u.id = s.cashier_user_id "
                "WHERE s.till_code = 'BPN4'"
            )
        ).scalar_one()
    assert price == 45_000  # the office's catalog is kept
    assert [tuple(row) for row in sold] == [(50_000, 50_000)]  # the sale keeps its own price
    assert [tuple(row) for row in people] == [
        ("admin", "Admin Rutan", ""),
        ("spv", "Bu Ratna (Kasubsi)", ""),
        ("kasir", "Siti Aminah", ""),
        ("kasir.bpn4", "Dewi Lestari", ""),
    ]
    assert cashier == "kasir.bpn4"
    other.db.dispose()


def test_every_file_of_the_format_is_verified(three: ThreeTills) -> None:
    # The corrupted-export tests above pick sales.csv; each file is listed with its checksum.
    import json

    manifest = json.loads((three.exports["1c"] / "manifest.json").read_text(encoding="utf-8"))
    assert {entry["name"] for entry in manifest["files"]} == {spec.file_name for spec in TABLES}


def test_a_refund_of_a_sale_imported_earlier_is_checked_against_what_is_here(
    three: ThreeTills, tmp_path: Path
) -> None:
    """1b refunds one Talenan of a sale that came with 1a: 2 units back of 1 sold is refused
    with the sale only in this database, not in the export."""
    office = empty_database(tmp_path / "office.sqlite3")
    import_export(office, three.exports["1a"])
    before = dump(office)
    forged = tmp_path / "forged"
    shutil.copytree(three.exports["1b"], forged)
    refund_lines = read_csv(forged / "refund_lines.csv")
    refund_lines[1][refund_lines[0].index("quantity")] = "2"
    write_csv(forged / "refund_lines.csv", refund_lines)
    fix_manifest(forged, "refund_lines.csv", sign_with=three.tills["BPN1"].db)

    with pytest.raises(ExportRefused) as raised:
        import_export(office, forged)

    assert raised.value.reason is RefusalReason.REFUND_QUANTITY
    assert (raised.value.file_name, raised.value.line) == ("refund_lines.csv", 2)
    assert "2 units back in all, 1 sold" in raised.value.detail
    assert dump(office) == before
    # The export as the till wrote it goes in.
    assert import_export(office, three.exports["1b"]).added["refunds"] == 1
