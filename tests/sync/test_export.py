"""Export of a till for the sync (bazaar_pos.sync.export and the format in sync.format)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import re
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.identity import own_identity, signature_is_valid
from bazaar_pos.db.migrate import HEAD_REVISION
from bazaar_pos.db.models import (
    AuditEntry,
    CountKind,
    CountSession,
    Institution,
    Product,
    Sale,
    StockMovement,
    SyncExport,
    User,
)
from bazaar_pos.people.access import Actor, NotPermitted
from bazaar_pos.people.shifts import close_shift
from bazaar_pos.settings import load_settings
from bazaar_pos.stock.counts import discard_count, post_count, set_counted, start_count
from bazaar_pos.stock.ledger import record_damage, reverse_movement
from bazaar_pos.sync import ExportCancelled, ExportTargetExists, export_till
from bazaar_pos.sync.format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    TABLES,
    TABLES_BY_NAME,
    CellKind,
    Manifest,
    ManifestFile,
    ManifestProblem,
    decode_boolean,
    decode_date,
    decode_datetime,
    decode_integer,
    decode_nullable_text,
    decode_ref,
    decode_text,
    decode_uuid,
    encode_datetime,
    encode_text,
    format_reference_markdown,
    sha256_bytes,
    sha256_file,
)
from bazaar_pos.till.refunds import RefundLineRequest, refund_sale
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.conftest import Staff

TALENAN = "2003000000030"  # BLA-KYU-001, Rp 45.000
BESEK = "2002000000019"  # Rp 125
T0 = dt.datetime(2026, 4, 27, 3, 15, 0, 250000, tzinfo=dt.UTC)
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")

# Model columns deliberately left out of the export: local ids, and the user's secrets.
# till_id (the device of a sale, refund or shift) travels as the till of the record's journal
# link, and the manifest's till for an open shift: the merge sets it from those.
NOT_EXPORTED = {"id", "pin_hash", "failed_attempts", "lockouts", "locked_until", "till_id"}


def ring(db: Database, staff: Staff, items: Sequence[tuple[str, int]]) -> str:
    requests = []
    for code, quantity in items:
        product = find_by_code(db, code)
        requests.append(SaleLineRequest(product.id, quantity, product.price))
    return commit_sale(
        db,
        requests,
        PaymentRequest("cash"),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=load_settings(db).current_event_id,
    ).receipt_no


def read_folder(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def records(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    header, *rows = rows_of(files[name])
    return [dict(zip(header, row, strict=True)) for row in rows]


def seller(db: Database) -> Actor | str:
    """The logged-in supervisor who exports (on a till with users), else a plain name."""
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == "spv"))
    if user is None:
        return "Bu Ratna (Kasubsi)"
    from bazaar_pos.people.users import login

    return login(db, user.username, "2222", till_code="BPN1")


@pytest.fixture
def busy_till(db: Database, staff: Staff, shift: int) -> Database:
    """Two sales, one refunded, a posted count, a discarded and an open one, a reversed
    damage, and the shift closed."""
    first = ring(db, staff, [(TALENAN, 2), (BESEK, 3)])
    ring(db, staff, [(BESEK, 1)])
    with db.read() as session:
        line_id = session.scalars(select(Sale).where(Sale.receipt_no == first)).one().lines[0].id
    refund_sale(
        db,
        first,
        [RefundLineRequest(line_id, 1)],
        method="cash",
        actor=staff.supervisor,
        till_code="BPN1",
        request_key=str(uuid.uuid4()),
        reason="retak",
    )
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    besek = find_by_code(db, BESEK)
    spv = staff.supervisor
    damage = record_damage(db, spv, event_id, besek.id, 2, reason="basah")
    reverse_movement(db, spv, damage.id, reason="salah catat")
    posted = start_count(db, spv, event_id, CountKind.SPOT)
    set_counted(db, spv, posted.id, besek.id, 5)
    post_count(db, spv, posted.id)
    discarded = start_count(db, spv, event_id, CountKind.SPOT)

    discard_count(db, spv, discarded.id)
    start_count(db, spv, event_id, CountKind.SPOT)  # stays open: work in progress
    close_shift(db, staff.cashier, shift, counts={"note_100000": 2, "note_50000": 1})
    return db


# --- files, headers, manifest -------------------------------------------------------------


def test_full_export_writes_every_file_with_its_header_and_a_matching_manifest(
    busy_till: Database, tmp_path: Path
) -> None:
    target = tmp_path / "sync" / "BPN1-1"
    target.parent.mkdir()  # the stick's folder: an export never makes it up
    result = export_till(busy_till, target, exported_by=seller(busy_till), now=T0)

    files = read_folder(target)
    assert sorted(files) == sorted(
        [MANIFEST_NAME, SIGNATURE_NAME] + [spec.file_name for spec in TABLES]
    )
    for spec in TABLES:
        assert rows_of(files[spec.file_name])[0] == list(spec.header)
        assert files[spec.file_name].endswith(b"\r\n")

    manifest = Manifest.from_json(files[MANIFEST_NAME])
    assert manifest.format == FORMAT == "bazaar-pos-export"
    assert manifest.format_version == FORMAT_VERSION == 2
    assert (manifest.till_code, manifest.sequence, manifest.kind) == ("BPN1", 1, "full")
    assert manifest.previous_export_id is None
    assert manifest.export_id == result.export_id
    assert manifest.exported_at == T0
    assert manifest.exported_by == "Bu Ratna (Kasubsi)"
    assert manifest.schema_version == HEAD_REVISION
    with busy_till.read() as session:
        identity = own_identity(session)
    assert (manifest.till_id, result.till_id) == (identity.till_id, identity.till_id)
    assert base64.b64decode(manifest.public_key) == identity.public_key
    assert result.key_fingerprint == identity.fingerprint
    signature = base64.b64decode(files[SIGNATURE_NAME])
    assert signature_is_valid(identity.public_key, signature, files[MANIFEST_NAME])
    assert not signature_is_valid(identity.public_key, signature, files[MANIFEST_NAME] + b" ")
    assert [entry.name for entry in manifest.files] == [spec.file_name for spec in TABLES]
    for entry in manifest.files:
        data = files[entry.name]
        assert entry.bytes == len(data)
        assert entry.sha256 == hashlib.sha256(data).hexdigest()
        assert entry.rows == len(rows_of(data)) - 1
    assert result.bytes == sum(len(data) for data in files.values())
    assert result.row_counts == {e.name.removesuffix(".csv"): e.rows for e in manifest.files}
    assert result.row_counts["sales"] == 2
    assert result.row_counts["sale_lines"] == 3
    assert result.row_counts["payments"] == 2
    assert result.row_counts["refunds"] == 1
    assert result.row_counts["refund_lines"] == 1
    assert result.row_counts["users"] == 3
    assert result.row_counts["shifts"] == 1
    assert result.row_counts["count_sessions"] == 2  # posted + discarded, not the open one
    assert result.row_counts["count_lines"] >= 1
    assert result.row_counts["cash_count_lines"] == 5  # 3 opening + 2 closing denominations


def test_full_export_row_values(busy_till: Database, tmp_path: Path) -> None:
    target = tmp_path / "out"
    export_till(busy_till, target, exported_by=seller(busy_till))
    files = read_folder(target)
    with busy_till.read() as session:
        sales = session.scalars(select(Sale).order_by(Sale.id)).all()
        talenan = session.scalars(select(Product).where(Product.barcode == TALENAN)).one()
        bla = session.get(Institution, talenan.institution_id)
        assert bla is not None
        reversal = session.scalars(
            select(StockMovement).where(StockMovement.reverses_id.is_not(None))
        ).one()
        reversed_uuid = session.get(StockMovement, reversal.reverses_id).uuid  # type: ignore[union-attr]
        posted = session.scalars(select(CountSession).where(CountSession.status == "posted")).one()
        snapshot = session.get(StockMovement, posted.snapshot_movement_id)
        through = session.get(StockMovement, posted.posted_through_movement_id)
        cashier = session.scalars(select(User).where(User.username == "kasir")).one()

    sale_rows = records(files, "sales.csv")
    assert [row["uuid"] for row in sale_rows] == [sale.uuid for sale in sales]
    assert [row["receipt_no"] for row in sale_rows] == ["BPN1-000001", "BPN1-000002"]
    assert sale_rows[0]["total"] == "90375"  # 2 × 45.000 + 3 × 125
    assert sale_rows[0]["cashier_user_uuid"] == cashier.uuid
    assert sale_rows[0]["created_at"] == encode_datetime(sales[0].created_at)
    assert all(ISO_UTC.fullmatch(row["created_at"]) for row in sale_rows)

    lines = records(files, "sale_lines.csv")
    assert lines[0]["sale_uuid"] == sales[0].uuid
    assert lines[0]["product_uuid"] == talenan.uuid
    assert lines[0]["institution_uuid"] == bla.uuid
    assert (lines[0]["sku"], lines[0]["quantity"], lines[0]["line_total"]) == (
        "BLA-KYU-001",
        "2",
        "90000",
    )

    movements = records(files, "stock_movements.csv")
    by_uuid = {row["uuid"]: row for row in movements}
    assert by_uuid[reversal.uuid]["reverses_uuid"] == reversed_uuid
    sale_movements = [row for row in movements if row["kind"] == "sale"]
    assert {row["quantity"] for row in sale_movements} == {"-2", "-3", "-1"}
    assert all(row["sale_line_uuid"] for row in sale_movements)

    sessions = {row["status"]: row for row in records(files, "count_sessions.csv")}
    assert set(sessions) == {"posted", "discarded"}
    assert sessions["posted"]["snapshot_movement_uuid"] == (snapshot.uuid if snapshot else "")
    assert sessions["posted"]["posted_through_movement_uuid"] == (through.uuid if through else "")
    assert through is not None
    assert sessions["posted"]["supervised_by"] == "Bu Ratna (Kasubsi)"
    assert ISO_UTC.fullmatch(sessions["posted"]["posted_at"])
    assert sessions["discarded"]["posted_at"] == ""
    count_lines = records(files, "count_lines.csv")
    assert {row["session_uuid"] for row in count_lines} <= {
        sessions["posted"]["uuid"],
        sessions["discarded"]["uuid"],
    }

    shift_row = records(files, "shifts.csv")[0]
    assert (shift_row["status"], shift_row["z_number"], shift_row["opening_float"]) == (
        "closed",
        "1",
        "200000",
    )
    assert shift_row["opened_by_uuid"] == shift_row["closed_by_uuid"] == cashier.uuid
    assert shift_row["event_uuid"] == records(files, "events.csv")[0]["uuid"]
    assert sale_rows[0]["shift_uuid"] == shift_row["uuid"]

    audit_rows = records(files, "audit_log.csv")
    shift_opened = next(row for row in audit_rows if row["action"] == "shift_opened")
    assert shift_opened["user_uuid"] == cashier.uuid
    links = records(files, "event_institutions.csv")
    assert len(links) == 3 and all(row["event_uuid"] for row in links)


def test_users_csv_has_no_pin_hash(busy_till: Database, tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    export_till(busy_till, target, exported_by=seller(busy_till))
    with busy_till.read() as session:
        hashes = session.scalars(select(User.pin_hash)).all()
    assert len(hashes) == 3
    with zipfile.ZipFile(target) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    assert rows_of(contents["users.csv"])[0] == [
        "uuid",
        "username",
        "full_name",
        "role",
        "active",
        "created_at",
    ]
    for pin_hash in hashes:
        for salt_or_digest in [pin_hash, *pin_hash.split("$")[-2:]]:
            assert all(salt_or_digest.encode() not in data for data in contents.values())
    assert [row["username"] for row in records(contents, "users.csv")] == ["admin", "spv", "kasir"]


def test_text_cells_are_protected_but_numbers_are_not(
    db: Database, staff: Staff, shift: int, tmp_path: Path
) -> None:
    nasty = ["=SUM(A1)", "+6281234", "-", "@user", "\tTab", "\rCR", "'kutip", 'Biasa, "ok"']
    with db.write() as session:
        institution = session.scalars(select(Institution).where(Institution.code == "BLA")).one()
        for number, name in enumerate(nasty):
            session.add(
                Product(
                    sku=f"X-{number}",
                    name=name,
                    price=1000,
                    institution_id=institution.id,
                    category="-diskon" if number == 0 else "",
                )
            )
    with db.read() as session:
        product_id = session.scalars(select(Product.id).where(Product.sku == "X-0")).one()
    commit_sale(
        db,
        [SaleLineRequest(product_id, 3, 1000)],
        PaymentRequest("cash"),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=None,
    )
    target = tmp_path / "out"
    export_till(db, target, exported_by=seller(db))
    files = read_folder(target)
    products = {row["sku"]: row for row in records(files, "products.csv")}
    assert [products[f"X-{n}"]["name"] for n in range(len(nasty))] == [
        "'=SUM(A1)",
        "'+6281234",
        "'-",
        "'@user",
        "'\tTab",
        "'\rCR",
        "''kutip",
        'Biasa, "ok"',
    ]
    assert products["X-0"]["category"] == "'-diskon"
    assert [decode_text(products[f"X-{n}"]["name"]) for n in range(len(nasty))] == nasty
    assert products["X-0"]["barcode"] == ""  # NULL
    line = records(files, "sale_lines.csv")[0]
    assert line["product_name"] == "'=SUM(A1)"
    assert line["quantity"] == "3"
    movement = next(r for r in records(files, "stock_movements.csv") if r["kind"] == "sale")
    assert movement["quantity"] == "-3"


# --- incremental --------------------------------------------------------------------------


def test_incremental_export_holds_only_new_sales_but_every_product_and_shift(
    db: Database, staff: Staff, shift: int, tmp_path: Path
) -> None:
    ring(db, staff, [(TALENAN, 1)])
    first = export_till(db, tmp_path / "one", exported_by=seller(db))
    new_receipt = ring(db, staff, [(BESEK, 4)])

    second = export_till(db, tmp_path / "two.zip", kind="incremental", exported_by=seller(db))

    assert (second.kind, second.sequence) == ("incremental", 2)
    with zipfile.ZipFile(tmp_path / "two.zip") as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = Manifest.from_json(files[MANIFEST_NAME])
    assert manifest.previous_export_id == first.export_id
    assert manifest.kind == "incremental"
    assert [row["receipt_no"] for row in records(files, "sales.csv")] == [new_receipt]
    assert [(r["sku"], r["quantity"]) for r in records(files, "sale_lines.csv")] == [
        (find_by_code(db, BESEK).sku, "4")
    ]
    assert len(records(files, "payments.csv")) == 1
    assert len(records(files, "stock_movements.csv")) == 1
    assert second.row_counts["products"] == first.row_counts["products"] > 20
    assert second.row_counts["shifts"] == 1
    # Names only for the records of this export: the cashier of the sale and the shift, and
    # the supervisor of the audit entries (the first export, the login); not the admin.
    assert [row["username"] for row in records(files, "users.csv")] == ["spv", "kasir"]
    assert second.row_counts["cash_count_lines"] == 0  # the float was in the first export
    # A plain cash sale logs nothing; the entries are the first export's own and the login of
    # the cashier who exports now.
    assert [row["action"] for row in records(files, "audit_log.csv")] == ["sync_export", "login"]

    with db.read() as session:
        exports = session.scalars(select(SyncExport).order_by(SyncExport.sequence)).all()
        highest_sale = max(session.scalars(select(Sale.id)).all())
    assert [(e.sequence, e.kind, e.uuid) for e in exports] == [
        (1, "full", first.export_id),
        (2, "incremental", second.export_id),
    ]
    assert json.loads(exports[1].watermarks)["sales"] == highest_sale
    assert json.loads(exports[1].row_counts)["sales.csv"] == 1
    assert exports[1].file_name == "two.zip"

    third = export_till(db, tmp_path / "three", kind="incremental", exported_by=seller(db))
    assert third.row_counts["sales"] == 0 and third.row_counts["products"] > 20
    assert rows_of((tmp_path / "three" / "sales.csv").read_bytes()) == [
        list(TABLES_BY_NAME["sales"].header)
    ]


def test_incremental_without_an_earlier_export_is_a_full_one(
    db: Database, staff: Staff, shift: int, tmp_path: Path
) -> None:
    ring(db, staff, [(TALENAN, 1)])
    result = export_till(db, tmp_path / "out", kind="incremental", exported_by=seller(db))
    assert (result.kind, result.sequence, result.row_counts["sales"]) == ("full", 1, 1)
    manifest = Manifest.from_json((tmp_path / "out" / MANIFEST_NAME).read_text("utf-8"))
    assert (manifest.kind, manifest.previous_export_id) == ("full", None)


def test_a_full_export_after_an_incremental_holds_everything_again(
    db: Database, staff: Staff, shift: int, tmp_path: Path
) -> None:
    ring(db, staff, [(TALENAN, 1)])
    export_till(db, tmp_path / "one", exported_by=seller(db))
    ring(db, staff, [(TALENAN, 1)])
    again = export_till(db, tmp_path / "two", exported_by=seller(db))
    assert (again.kind, again.sequence, again.row_counts["sales"]) == ("full", 2, 2)


# --- cancelling, targets, zip = folder ----------------------------------------------------


@pytest.mark.parametrize("name", ["out", "out.zip"])
def test_a_cancelled_export_leaves_nothing(
    db: Database, staff: Staff, shift: int, tmp_path: Path, name: str
) -> None:
    ring(db, staff, [(TALENAN, 1)])
    folder = tmp_path / "usb"
    folder.mkdir()
    calls: list[tuple[int, int]] = []

    def cancel(done: int, total: int) -> bool:
        calls.append((done, total))
        return False

    with pytest.raises(ExportCancelled):
        export_till(db, folder / name, progress=cancel, exported_by=seller(db))
    assert len(calls) == 1
    assert list(folder.iterdir()) == []
    with db.read() as session:
        assert session.scalars(select(SyncExport)).all() == []
    # and the next export is still number 1
    assert export_till(db, folder / name, exported_by=seller(db)).sequence == 1


def test_progress_reaches_the_total(busy_till: Database, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []

    def follow(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    result = export_till(
        busy_till, tmp_path / "out", progress=follow, exported_by=seller(busy_till)
    )
    total = sum(result.row_counts.values())
    assert calls[-1] == (total, total)
    assert all(t == total for _, t in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_an_existing_non_empty_folder_or_zip_is_refused(db: Database, tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("penting")
    with pytest.raises(ExportTargetExists) as caught:
        export_till(db, full, exported_by=seller(db))
    assert caught.value.path == full
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    existing_zip = tmp_path / "old.zip"
    existing_zip.write_bytes(b"old")
    with pytest.raises(ExportTargetExists):
        export_till(db, existing_zip, exported_by=seller(db))
    assert existing_zip.read_bytes() == b"old"
    with db.read() as session:
        assert session.scalars(select(SyncExport)).all() == []

    empty = tmp_path / "empty"
    empty.mkdir()
    result = export_till(db, empty, exported_by=seller(db))
    assert result.path == empty
    assert (empty / MANIFEST_NAME).is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_zip_and_folder_hold_the_same_csv_bytes(busy_till: Database, tmp_path: Path) -> None:
    # Fixed uuids are not possible across two exports, but every CSV is the same data.
    export_till(busy_till, tmp_path / "folder", exported_by=seller(busy_till))
    export_till(busy_till, tmp_path / "archive.zip", exported_by=seller(busy_till))
    folder = read_folder(tmp_path / "folder")
    with zipfile.ZipFile(tmp_path / "archive.zip") as archive:
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
        zipped = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(zipped) == sorted(folder)
    for spec in TABLES:
        if spec.name not in ("audit_log", "journal_links"):  # the first export is logged
            assert zipped[spec.file_name] == folder[spec.file_name], spec.file_name
    # The second export also holds the audit entry of the first (written once it was in place).
    assert zipped["audit_log.csv"].startswith(folder["audit_log.csv"])
    assert b"sync_export" in zipped["audit_log.csv"][len(folder["audit_log.csv"]) :]
    first = Manifest.from_json(folder[MANIFEST_NAME])
    second = Manifest.from_json(zipped[MANIFEST_NAME])
    logged = ("audit_log.csv", "journal_links.csv")
    same = [entry for entry in first.files if entry.name not in logged]
    assert same == [entry for entry in second.files if entry.name not in logged]
    assert (first.sequence, second.sequence) == (1, 2)


# --- the format as data -------------------------------------------------------------------


def test_every_model_column_is_exported_except_ids_and_secrets() -> None:
    for spec in TABLES:
        exported = {column.attribute for column in spec.columns}
        in_table = set(spec.table.c.keys())
        assert in_table - exported <= NOT_EXPORTED, spec.name
        assert exported <= in_table
    users = {column.attribute for column in TABLES_BY_NAME["users"].columns}
    assert not users & {"pin_hash", "failed_attempts", "lockouts", "locked_until"}
    assert [spec.name for spec in TABLES if spec.append_only] == [
        "cash_count_lines",
        "cash_movements",
        "sales",
        "sale_lines",
        "payments",
        "refunds",
        "refund_lines",
        "handovers",
        "stock_movements",
        "audit_log",
        "journal_links",
    ]


def test_cell_decoders() -> None:
    assert decode_integer("-5") == -5
    assert decode_integer("") is None
    for bad in ("5.0", "1.000", " 5", "+5", "x"):
        with pytest.raises(ValueError, match="not a whole number"):
            decode_integer(bad)
    assert (decode_boolean("1"), decode_boolean("0")) == (True, False)
    with pytest.raises(ValueError, match="not 1 or 0"):
        decode_boolean("ya")
    assert decode_date("2026-04-27") == dt.date(2026, 4, 27)
    with pytest.raises(ValueError, match="not a date"):
        decode_date("27/04/2026")
    assert decode_datetime("2026-04-27T10:15:00+07:00") == dt.datetime(
        2026, 4, 27, 3, 15, tzinfo=dt.UTC
    )
    with pytest.raises(ValueError, match="no UTC offset"):
        decode_datetime("2026-04-27T10:15:00")
    assert encode_datetime(T0) == "2026-04-27T03:15:00.250000+00:00"
    assert encode_datetime(T0.replace(microsecond=0)) == "2026-04-27T03:15:00.000000+00:00"
    assert decode_uuid("9A3E1F0C-1111-4222-8333-444455556666") == (
        "9a3e1f0c-1111-4222-8333-444455556666"
    )
    with pytest.raises(ValueError, match="not a UUID"):
        decode_uuid("BPN1-000001")
    assert decode_ref("") is None
    assert decode_nullable_text("") is None
    assert decode_text("''kutip") == "'kutip"
    assert encode_text("=1+1") == "'=1+1"
    key = TABLES_BY_NAME["sales"].column("receipt_number")
    with pytest.raises(ValueError, match="a value is required"):
        key.decode("")
    assert TABLES_BY_NAME["count_sessions"].column("snapshot_movement_uuid").decode("") is None
    assert TABLES_BY_NAME["products"].column("barcode").kind is CellKind.NULLABLE_TEXT


def test_manifest_round_trip_and_problems(tmp_path: Path) -> None:
    manifest = Manifest(
        export_id=str(uuid.uuid4()),
        till_code="BPN1",
        sequence=3,
        kind="incremental",
        previous_export_id=str(uuid.uuid4()),
        app_version="0.1.0",
        schema_version="0004_sync",
        exported_at=T0,
        exported_by="Siti Aminah",
        files=(ManifestFile("sales.csv", 2, 300, "ab" * 32),),
        till_id=str(uuid.uuid4()),
        public_key=base64.b64encode(bytes(32)).decode(),
    )
    assert Manifest.from_json(manifest.to_json()) == manifest
    document = json.loads(manifest.to_json())
    assert document["exported_at"] == "2026-04-27T03:15:00.250000+00:00"
    assert document["files"] == [
        {"name": "sales.csv", "rows": 2, "bytes": 300, "sha256": "ab" * 32}
    ]
    with pytest.raises(ManifestProblem) as caught:
        Manifest.from_json(json.dumps({**document, "format_version": 3}))
    assert caught.value.reason == "unsupported_version"
    with pytest.raises(ManifestProblem) as caught:
        Manifest.from_json(json.dumps({**document, "format_version": 1}))
    assert caught.value.reason == "unsigned"
    with pytest.raises(ManifestProblem) as caught:
        Manifest.from_json(json.dumps({**document, "till_id": "BPN1"}))
    assert caught.value.reason == "bad_manifest"
    with pytest.raises(ManifestProblem) as caught:
        Manifest.from_json(json.dumps({**document, "sequence": "3"}))
    assert caught.value.reason == "bad_manifest"
    with pytest.raises(ManifestProblem) as caught:
        Manifest.from_json("{not json")
    assert caught.value.reason == "bad_manifest"
    path = tmp_path / "x.bin"
    path.write_bytes(b"abc")
    assert sha256_file(path) == (sha256_bytes(b"abc"), 3)


def test_format_reference_lists_every_column() -> None:
    text = format_reference_markdown()
    for spec in TABLES:
        assert f"`{spec.file_name}`" in text
        for column in spec.columns:
            assert f"| `{column.name}` |" in text
            assert column.meaning
    assert "| `reverses_uuid` | uuid of stock_movements, may be empty |" in text


def test_the_export_journal_names_who_the_file_the_rows_and_the_key(
    busy_till: Database, tmp_path: Path
) -> None:
    target = tmp_path / "BPN1-1.zip"
    result = export_till(busy_till, target, exported_by=seller(busy_till))

    with busy_till.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sync_export")).one()
    assert (entry.user_name, entry.subject, entry.till_code) == (
        "Bu Ratna (Kasubsi)",
        "BPN1-1.zip",
        "BPN1",
    )
    assert str(target) in entry.detail
    assert f"{sum(result.row_counts.values())} rows" in entry.detail
    assert "sales.csv 2" in entry.detail and "sale_lines.csv 3" in entry.detail
    assert f"key {result.key_fingerprint}" in entry.detail


def test_a_cashier_may_not_export_and_nothing_is_written(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    with pytest.raises(NotPermitted):
        export_till(db, folder / "out.zip", exported_by=staff.cashier)
    assert not folder.exists()  # not even a folder, or a temporary file in it
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(SyncExport)) == 0
