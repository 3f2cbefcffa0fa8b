"""The audit log: written in the action's own transaction, filtered, append-only in the
database itself, readable only by supervisors and admins, exported as CSV and read back."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from bazaar_pos.db import Database
from bazaar_pos.db.migrate import HEAD_REVISION, alembic_config, current_revision
from bazaar_pos.db.models import AuditEntry, Role, User
from bazaar_pos.people.access import Action, Actor, NotPermitted, UnknownUser
from bazaar_pos.people.audit import AuditAction, AuditRecord, list_audit, log_action
from bazaar_pos.people.audit_csv import (
    AUDIT_CSV_COLUMNS,
    AuditCsvError,
    read_audit_csv,
    write_audit_csv,
)
from bazaar_pos.people.audit_view import day_bounds, export_audit, list_audit_for, local_midnight
from tests.conftest import Staff

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
WITA = dt.timezone(dt.timedelta(hours=8), "WITA")  # Samarinda, Balikpapan
KASIR = Actor(7, "kasir", "Siti Aminah", Role.CASHIER)
SPV = Actor(8, "spv", "Bu Ratna (Kasubsi)", Role.SUPERVISOR)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of the bazaar, 27 April 2026, on Samarinda's clock."""
    return dt.datetime(2026, 4, day, hour, minute, tzinfo=WITA)


def audit_rows(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


@pytest.fixture
def logged(db: Database) -> Database:
    """A day of a till's log, oldest first (ids grow with time)."""
    with db.write() as session:
        log_action(session, AuditAction.LOGIN, till_code="BPN1", actor=KASIR, at=at(26, 7, 55))
        log_action(
            session,
            AuditAction.LOGIN_FAILED,
            till_code="BPN1",
            user_name="budi",
            subject="budi",
            detail="4 attempts left",
            at=at(26, 8, 10),
        )
        log_action(
            session,
            AuditAction.DISCOUNT,
            till_code="BPN1",
            actor=KASIR,
            subject="BPN1-000012",
            detail="diskon 50% talenan",
            amount=22_500,
            approved_by="Bu Ratna (Kasubsi)",
            at=at(27, 10, 0),
        )
        log_action(
            session,
            AuditAction.DISCOUNT,
            till_code="BPN1",
            actor=KASIR,
            subject="BPN1-000013",
            detail="diskon 500 besek_kecil",
            amount=500,
            at=at(27, 11, 0),
        )
        log_action(
            session,
            AuditAction.REFUND,
            till_code="BNA2",
            actor=SPV,
            subject="BPN1-000012",
            detail="talenan retak",
            amount=-22_500,
            at=at(27, 15, 30),
        )
        log_action(
            session,
            AuditAction.REPRINT,
            till_code="BPN1",
            actor=KASIR,
            subject="BPN1-000013",
            detail=r"C:\struk\salinan",
            at=at(28, 9, 0),
        )
    return db


def subjects(records: list[AuditRecord]) -> list[tuple[str, str]]:
    return [(record.action, record.subject) for record in records]


# --------------------------------------------------------------------------- log_action


def test_an_entry_of_a_rolled_back_transaction_does_not_exist(db: Database) -> None:
    with pytest.raises(RuntimeError, match="printer on fire"), db.write() as session:
        log_action(session, AuditAction.REFUND, till_code="BPN1", actor=SPV, amount=45_000)
        session.flush()  # the row was sent to the database ...
        raise RuntimeError("printer on fire")
    assert audit_rows(db) == 0  # ... and went with the refund it described
    assert list_audit(db) == []


def test_log_action_stores_who_what_when(db: Database) -> None:
    with db.write() as session:
        entry_uuid = log_action(
            session,
            AuditAction.PRICE_OVERRIDE,
            till_code="BPN1",
            actor=KASIR,
            subject="X" * 100,
            detail="Talenan: Rp 45.000 -> Rp 40.000",
            amount=5_000,
            approved_by="Bu Ratna (Kasubsi)",
            at=at(27, 9, 30),
        )
    (record,) = list_audit(db)
    assert record == AuditRecord(
        uuid=entry_uuid,
        created_at=dt.datetime(2026, 4, 27, 1, 30, tzinfo=dt.UTC),  # stored as UTC
        till_code="BPN1",
        user_id=7,
        user_name="Siti Aminah",
        action="price_override",
        subject="X" * 80,  # cut to the column's width
        detail="Talenan: Rp 45.000 -> Rp 40.000",
        amount=5_000,
        approved_by="Bu Ratna (Kasubsi)",
    )


# --------------------------------------------------------------------------- list_audit


def test_newest_first(logged: Database) -> None:
    assert subjects(list_audit(logged)) == [
        ("reprint", "BPN1-000013"),
        ("refund", "BPN1-000012"),
        ("discount", "BPN1-000013"),
        ("discount", "BPN1-000012"),
        ("login_failed", "budi"),
        ("login", ""),
    ]
    assert subjects(list_audit(logged, limit=2)) == [
        ("reprint", "BPN1-000013"),
        ("refund", "BPN1-000012"),
    ]


def test_filter_by_actions(logged: Database) -> None:
    assert subjects(list_audit(logged, actions=[AuditAction.REFUND])) == [("refund", "BPN1-000012")]
    assert subjects(list_audit(logged, actions=["login", "login_failed"])) == [
        ("login_failed", "budi"),
        ("login", ""),
    ]
    assert list_audit(logged, actions=["lockout"]) == []


def test_filter_by_part_of_the_user_name_ignoring_case(logged: Database) -> None:
    assert subjects(list_audit(logged, user_name="  ratna ")) == [("refund", "BPN1-000012")]
    assert {r.user_name for r in list_audit(logged, user_name="AMIN")} == {"Siti Aminah"}
    assert len(list_audit(logged, user_name="AMIN")) == 4
    assert list_audit(logged, user_name="Rudi") == []


def test_free_text_searches_subject_detail_and_approver(logged: Database) -> None:
    assert subjects(list_audit(logged, text="000012")) == [
        ("refund", "BPN1-000012"),
        ("discount", "BPN1-000012"),
    ]
    assert subjects(list_audit(logged, text="RETAK")) == [("refund", "BPN1-000012")]
    assert subjects(list_audit(logged, text="ratna")) == [("discount", "BPN1-000012")]
    # the user column is not free text: Bu Ratna's own refund does not match her name
    assert subjects(list_audit(logged, text="Siti")) == []


def test_like_wildcards_typed_by_the_user_are_literal(logged: Database) -> None:
    assert subjects(list_audit(logged, text="50%")) == [("discount", "BPN1-000012")]
    assert subjects(list_audit(logged, text="%")) == [("discount", "BPN1-000012")]
    assert subjects(list_audit(logged, text="besek_")) == [("discount", "BPN1-000013")]
    assert list_audit(logged, text="talenan_") == []  # "_" is not "any one character"
    assert subjects(list_audit(logged, text="\\struk\\")) == [("reprint", "BPN1-000013")]
    assert list_audit(logged, user_name="%") == []
    assert list_audit(logged, user_name="_") == []


def test_since_is_included_and_until_is_not(logged: Database) -> None:
    records = list_audit(logged, since=at(27, 10, 0), until=at(27, 15, 30))
    assert subjects(records) == [("discount", "BPN1-000013"), ("discount", "BPN1-000012")]
    # the same moments written in another zone select the same entries
    utc = list_audit(
        logged,
        since=dt.datetime(2026, 4, 27, 2, 0, tzinfo=dt.UTC),
        until=dt.datetime(2026, 4, 27, 7, 30, tzinfo=dt.UTC),
    )
    assert utc == records


def test_filters_combine(logged: Database) -> None:
    since, until = day_bounds(dt.date(2026, 4, 27), dt.date(2026, 4, 27), WITA)
    records = list_audit(
        logged,
        actions=["discount", "refund"],
        user_name="siti",
        text="talenan",
        since=since,
        until=until,
    )
    assert subjects(records) == [("discount", "BPN1-000012")]
    assert records[0].amount == 22_500
    assert records[0].approved_by == "Bu Ratna (Kasubsi)"


# ----------------------------------------------------------------------------- append-only


def first_entry(db: Database) -> AuditRecord:
    return list_audit(db)[-1]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET detail = 'nothing happened'",
        "UPDATE audit_log SET amount = 0 WHERE action = 'discount'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE action = 'refund'",
    ],
)
def test_sql_cannot_change_or_delete_entries(logged: Database, statement: str) -> None:
    before = list_audit(logged)
    with pytest.raises(DBAPIError, match="audit_log is append-only"), logged.write() as session:
        session.execute(text(statement))
    assert list_audit(logged) == before


def test_the_orm_cannot_change_an_entry(logged: Database) -> None:
    before = list_audit(logged)
    with pytest.raises(DBAPIError, match="append-only"), logged.write() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "refund")).one()
        entry.amount = 0
        entry.approved_by = "nobody"
    assert list_audit(logged) == before


def test_the_orm_cannot_delete_an_entry(logged: Database) -> None:
    before = list_audit(logged)
    with pytest.raises(DBAPIError, match="append-only"), logged.write() as session:
        session.delete(session.scalars(select(AuditEntry).limit(1)).one())
    assert list_audit(logged) == before


def test_a_database_upgraded_from_revision_0002_gets_the_triggers(
    database_url: Callable[[str], str],
) -> None:
    from alembic import command

    url = database_url("old.sqlite3")
    old = Database(url, anonymous_setup=True)
    config = alembic_config()
    with old.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002_stock_counts")
    old.dispose()

    upgraded = Database.open(url, anonymous_setup=True)
    try:
        assert current_revision(upgraded.engine) == HEAD_REVISION
        with upgraded.engine.connect() as conn:
            triggers = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
                if upgraded.is_sqlite
                else "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                "AND NOT tgisinternal"
            ).fetchall()
        assert sorted(name for (name,) in triggers if name.startswith("audit_log_no")) == [
            "audit_log_no_delete",
            "audit_log_no_update",
        ]
        with upgraded.write() as session:
            log_action(session, AuditAction.LOGIN, till_code="BPN1", user_name="admin")
        for statement in ("UPDATE audit_log SET user_name = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(DBAPIError, match="append-only"), upgraded.write() as session:
                session.execute(text(statement))
        (record,) = list_audit(upgraded)
        assert (record.action, record.user_name) == ("login", "admin")
    finally:
        upgraded.dispose()


# ------------------------------------------------------------------- who may read the log


def test_a_cashier_may_not_read_the_log(logged: Database, staff: Staff) -> None:
    with pytest.raises(NotPermitted) as refused:
        list_audit_for(logged, staff.cashier)
    assert (refused.value.user, refused.value.role, refused.value.needed) == (
        "kasir",
        "cashier",
        "supervisor",
    )
    assert refused.value.action == Action.VIEW_AUDIT


def test_supervisors_and_admins_read_it_filtered(logged: Database, staff: Staff) -> None:
    for actor in (staff.supervisor, staff.admin):
        records = list_audit_for(logged, actor, actions=["discount"], text="besek")
        assert subjects(records) == [("discount", "BPN1-000013")]
    # The fixture's six entries and the three staff logins.
    assert len(list_audit_for(logged, staff.admin, limit=None)) == 9


def test_the_role_is_checked_in_the_database_not_in_the_actor(
    logged: Database, staff: Staff
) -> None:
    claims_to_be_admin = dataclasses.replace(staff.cashier, role=Role.ADMIN)
    with pytest.raises(NotPermitted):
        list_audit_for(logged, claims_to_be_admin)
    with logged.write() as session:
        user = session.get(User, staff.supervisor.user_id)
        assert user is not None
        user.active = False
    with pytest.raises(UnknownUser):
        list_audit_for(logged, staff.supervisor)


def test_day_bounds_cover_whole_local_days() -> None:
    since, until = day_bounds(dt.date(2026, 4, 26), dt.date(2026, 4, 27), WIB)
    assert since == dt.datetime(2026, 4, 26, 0, 0, tzinfo=WIB)
    assert until == dt.datetime(2026, 4, 28, 0, 0, tzinfo=WIB)
    assert since.astimezone(dt.UTC) == dt.datetime(2026, 4, 25, 17, 0, tzinfo=dt.UTC)
    assert day_bounds(None, None) == (None, None)
    assert day_bounds(None, dt.date(2026, 4, 27), WIB) == (
        None,
        dt.datetime(2026, 4, 28, tzinfo=WIB),
    )
    local = local_midnight(dt.date(2026, 4, 27))
    assert local.tzinfo is not None
    assert (local.hour, local.minute, local.date()) == (0, 0, dt.date(2026, 4, 27))


# ------------------------------------------------------------------------------------ CSV


def record(**changes: object) -> AuditRecord:
    values: dict[str, object] = {
        "uuid": "0b7f5c1e-2a7d-4c69-9d57-2f1a0c3e8b11",
        "created_at": dt.datetime(2026, 4, 27, 3, 15, 0, 250_000, tzinfo=dt.UTC),
        "till_code": "BPN1",
        "user_id": 7,
        "user_name": "Siti Aminah",
        "action": "refund",
        "subject": "BPN1-000012",
        "detail": "talenan retak",
        "amount": -45_000,
        "approved_by": "Bu Ratna (Kasubsi)",
    }
    values.update(changes)
    return AuditRecord(**values)  # type: ignore[arg-type]


EMPTY3 = ["", "", ""]  # detail, amount, approved_by


def csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the UTF-8 names right
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_csv_columns_and_plain_values(tmp_path: Path) -> None:
    path = write_audit_csv(
        [
            record(),
            record(
                uuid="u-2",
                created_at=dt.datetime(2026, 4, 27, 8, 0, tzinfo=WITA),
                user_id=None,
                user_name="budi",
                action="login_failed",
                subject="budi",
                detail="",
                amount=None,
                approved_by="",
            ),
        ],
        tmp_path / "audit.csv",
    )
    assert path == tmp_path / "audit.csv"
    assert csv_rows(path) == [
        list(AUDIT_CSV_COLUMNS),
        [
            "0b7f5c1e-2a7d-4c69-9d57-2f1a0c3e8b11",
            "2026-04-27T03:15:00.250000+00:00",
            "BPN1",
            "7",
            "Siti Aminah",
            "refund",
            "BPN1-000012",
            "talenan retak",
            "-45000",  # a number stays a number, sign and all
            "Bu Ratna (Kasubsi)",
        ],
        ["u-2", "2026-04-27T00:00:00+00:00", "BPN1", "", "budi", "login_failed", "budi", *EMPTY3],
    ]
    assert path.read_bytes().count(b"\r\n") == 3  # RFC 4180 line ends


def test_formulas_are_neutralised_and_line_breaks_quoted(tmp_path: Path) -> None:
    path = write_audit_csv(
        [
            record(
                user_name="@SUM(A1)",
                subject='=HYPERLINK("http://x","klik")',
                detail='+62 812\r\nbaris 2, "kutip"',
                approved_by="-Bu Ratna",
                till_code="\tBPN1",
            )
        ],
        tmp_path / "audit.csv",
    )
    (row,) = csv_rows(path)[1:]
    cells = dict(zip(AUDIT_CSV_COLUMNS, row, strict=True))
    assert cells["user_name"] == "'@SUM(A1)"
    assert cells["subject"] == '\'=HYPERLINK("http://x","klik")'
    assert cells["detail"] == '\'+62 812\r\nbaris 2, "kutip"'
    assert cells["approved_by"] == "'-Bu Ratna"
    assert cells["till_code"] == "'\tBPN1"
    assert cells["amount"] == "-45000"
    raw = path.read_bytes().decode("utf-8-sig")
    assert '"\'+62 812\r\nbaris 2, ""kutip"""' in raw


def test_csv_round_trip(tmp_path: Path) -> None:
    records = [
        record(),
        record(uuid="u-2", user_id=None, amount=None, detail="'sudah dikutip", subject="-1"),
        record(uuid="u-3", created_at=dt.datetime(2026, 4, 27, 23, 59, 59, tzinfo=WIB)),
    ]
    back = read_audit_csv(write_audit_csv(records, tmp_path / "a.csv"))
    assert back[:2] == records[:2]
    assert back[2].created_at == dt.datetime(2026, 4, 27, 16, 59, 59, tzinfo=dt.UTC)
    assert back[2].created_at.utcoffset() == dt.timedelta(0)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("roundtrip") / "audit.csv"


@settings(max_examples=300, deadline=None)
@given(subject=st.text(), detail=st.text(), name=st.text(max_size=20))
def test_any_text_survives_write_then_read(
    scratch: Path, subject: str, detail: str, name: str
) -> None:
    original = record(subject=subject, detail=detail, user_name=name, approved_by=detail[:5])
    assert read_audit_csv(write_audit_csv([original], scratch)) == [original]


def test_a_failed_write_leaves_the_old_file_and_no_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "audit.csv"
    write_audit_csv([record()], target)
    before = target.read_bytes()

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_audit_csv([record(), record(uuid="u-2")], target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.csv"]


def test_write_creates_folders_and_refuses_a_folder_that_is_a_file(tmp_path: Path) -> None:
    path = write_audit_csv([], tmp_path / "reports" / "2026" / "audit.csv")
    assert csv_rows(path) == [list(AUDIT_CSV_COLUMNS)]
    (tmp_path / "blocked").write_text("a file, not a folder")
    with pytest.raises(OSError):
        write_audit_csv([record()], tmp_path / "blocked" / "audit.csv")
    assert os.listdir(tmp_path / "reports" / "2026") == ["audit.csv"]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("", 1, "empty file"),
        ("uuid,created_at\r\n", 1, "missing columns: till_code, user_id"),
        (
            ",".join(AUDIT_CSV_COLUMNS) + "\r\nu,2026-04-27T03:00:00,BPN1,,,login,,,,\r\n",
            2,
            "no UTC",
        ),
        (",".join(AUDIT_CSV_COLUMNS) + "\r\nu,kemarin,BPN1,,,login,,,,\r\n", 2, "not ISO 8601"),
        (
            ",".join(AUDIT_CSV_COLUMNS) + "\r\nu,2026-04-27T03:00:00+00:00,BPN1,,,x,,,Rp 5,\r\n",
            2,
            "amount: 'Rp 5' is not a whole number",
        ),
        (",".join(AUDIT_CSV_COLUMNS) + "\r\nu,2026\r\n", 2, "2 fields, expected 10"),
    ],
)
def test_reading_a_file_that_is_not_an_audit_export(
    tmp_path: Path, content: str, line: int, message: str
) -> None:
    path = tmp_path / "other.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AuditCsvError, match=message) as caught:
        read_audit_csv(path)
    assert caught.value.line == line


def test_export_of_the_real_log_reads_back_equal(logged: Database, tmp_path: Path) -> None:
    records = list_audit(logged, limit=None)
    assert read_audit_csv(write_audit_csv(records, tmp_path / "log.csv")) == records


# ------------------------------------------------------------------- taking the log away


def test_an_export_writes_the_entries_and_journals_who_took_how_many(
    logged: Database, staff: Staff, tmp_path: Path
) -> None:
    path = tmp_path / "audit.csv"
    exported = export_audit(logged, staff.supervisor, path, actions=["discount", "login"])
    rows = read_audit_csv(path)
    assert exported == len(rows) > 0
    assert {row.action for row in rows} == {"discount", "login"}
    [entry] = list_audit(logged, actions=[AuditAction.AUDIT_EXPORT])
    assert (entry.user_name, entry.user_id, entry.subject) == (
        "Bu Ratna (Kasubsi)",
        staff.supervisor.user_id,
        "audit.csv",
    )
    assert entry.detail.startswith(f"{exported} entries; since -, until -")
    assert "actions discount, login" in entry.detail
    # The export's own entry is not in the file it describes.
    assert entry.uuid not in {row.uuid for row in rows}


def test_a_cashier_may_not_export_the_log_and_nothing_is_written(
    logged: Database, staff: Staff, tmp_path: Path
) -> None:
    before = len(list_audit(logged, limit=None))
    with pytest.raises(NotPermitted) as refused:
        export_audit(logged, staff.cashier, tmp_path / "audit.csv")
    assert refused.value.action == Action.VIEW_AUDIT
    assert not (tmp_path / "audit.csv").exists()
    assert len(list_audit(logged, limit=None)) == before
