"""The audit log screen: filters by day, action, user and text; refuses cashiers; exports
the filtered entries as CSV through the replaceable file chooser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.db import Database
from bazaar_pos.people.audit import AuditAction, AuditRecord, list_audit, log_action
from bazaar_pos.people.audit_csv import read_audit_csv
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.people.audit_model import (
    COL_ACTION,
    COL_AMOUNT,
    COL_APPROVED_BY,
    COL_DETAIL,
    COL_SUBJECT,
    COL_TILL,
    COL_TIME,
    COL_USER,
    AuditModel,
    action_label,
    action_labels,
)
from bazaar_pos.ui.people.audit_screen import AuditScreen
from tests.conftest import Staff

BAZAAR_DAY = dt.date(2026, 4, 27)


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment on the laptop's own clock (the screen's days are local days)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute).astimezone()


@pytest.fixture
def settings(till: Till) -> TillSettings:
    return load_settings(till.db)


@pytest.fixture
def entries(db: Database, staff: Staff) -> Database:
    day_before = BAZAAR_DAY - dt.timedelta(days=1)
    with db.write() as session:
        log_action(
            session,
            AuditAction.LOGIN,
            till_code="BPN1",
            actor=staff.cashier,
            at=local(day_before, 8),
        )
        log_action(
            session,
            AuditAction.LOGIN,
            till_code="BPN1",
            actor=staff.cashier,
            at=local(BAZAAR_DAY, 8),
        )
        log_action(
            session,
            AuditAction.DISCOUNT,
            till_code="BPN1",
            actor=staff.cashier,
            subject="BPN1-000012",
            detail="Talenan kayu jati: diskon 20%",
            amount=9_000,
            approved_by="Bu Ratna (Kasubsi)",
            at=local(BAZAAR_DAY, 10),
        )
        log_action(
            session,
            AuditAction.SALE_CANCELLED,
            till_code="BPN1",
            actor=staff.cashier,
            detail="1600 × Besek bambu kecil\n1 × Kopi hitam",
            amount=208_000,
            at=local(BAZAAR_DAY, 11),
        )
        log_action(
            session,
            AuditAction.REFUND,
            till_code="BPN1",
            actor=staff.supervisor,
            subject="BPN1-000012",
            detail="talenan retak",
            amount=36_000,
            at=local(BAZAAR_DAY, 15, 30),
        )
    return db


@pytest.fixture
def screen(
    qtbot: QtBot, till: Till, settings: TillSettings, entries: Database
) -> Iterator[AuditScreen]:
    widget = AuditScreen(till, settings)
    qtbot.addWidget(widget)
    widget.resize(1180, 640)
    widget.set_actor(None)
    widget.show()
    yield widget


def shown(screen: AuditScreen) -> list[tuple[str, str]]:
    """(action label, subject) of each row on screen, top to bottom."""
    model = screen.model
    return [
        (model.data(model.index(row, COL_ACTION)), model.data(model.index(row, COL_SUBJECT)))
        for row in range(model.rowCount())
    ]


def as_supervisor(screen: AuditScreen, staff: Staff) -> None:
    screen.set_actor(staff.supervisor)
    screen.set_days(BAZAAR_DAY, BAZAAR_DAY)


def test_a_supervisor_sees_the_day_newest_first(screen: AuditScreen, staff: Staff) -> None:
    as_supervisor(screen, staff)
    assert not screen.refused
    assert screen.table_view.isVisible()
    assert shown(screen) == [
        ("Refund", "BPN1-000012"),
        ("Batal transaksi", ""),
        ("Diskon", "BPN1-000012"),
        ("Login", ""),  # the login of the day before is not listed
    ]
    assert screen.shown_label.text() == "4 entri"
    model = screen.model
    assert model.data(model.index(0, COL_TIME)) == "27-04-2026 15:30:00"
    assert model.data(model.index(0, COL_USER)) == "Bu Ratna (Kasubsi)"
    assert model.data(model.index(2, COL_APPROVED_BY)) == "Bu Ratna (Kasubsi)"
    assert model.data(model.index(1, COL_AMOUNT)) == "Rp 208.000"
    assert model.data(model.index(1, COL_DETAIL)) == "1600 × Besek bambu kecil / 1 × Kopi hitam"
    assert model.data(model.index(1, COL_DETAIL), Qt.ItemDataRole.ToolTipRole) == (
        "1600 × Besek bambu kecil\n1 × Kopi hitam"
    )

    screen.set_days(BAZAAR_DAY - dt.timedelta(days=1), BAZAAR_DAY)
    assert len(shown(screen)) == 5


def test_filter_by_action(qtbot: QtBot, screen: AuditScreen, staff: Staff) -> None:
    as_supervisor(screen, staff)
    with qtbot.waitSignal(screen.recordsLoaded) as loaded:
        screen.set_action(AuditAction.REFUND)
    assert loaded.args == [1]
    assert screen.action_combo.currentText() == "Refund"
    assert shown(screen) == [("Refund", "BPN1-000012")]
    screen.set_action(AuditAction.LOCKOUT)
    assert shown(screen) == []
    assert screen.shown_label.text() == "0 entri"
    screen.set_action("")
    assert len(shown(screen)) == 4


def test_filter_by_typed_text_and_user(qtbot: QtBot, screen: AuditScreen, staff: Staff) -> None:
    as_supervisor(screen, staff)
    qtbot.keyClicks(screen.text_edit, "000012")
    assert shown(screen) == [("Refund", "BPN1-000012"), ("Diskon", "BPN1-000012")]
    qtbot.keyClicks(screen.user_edit, "siti")
    assert shown(screen) == [("Diskon", "BPN1-000012")]
    screen.text_edit.clear()
    screen.user_edit.setText("ratna")
    assert shown(screen) == [("Refund", "BPN1-000012")]
    screen.user_edit.clear()
    screen.text_edit.setText("besek")
    assert shown(screen) == [("Batal transaksi", "")]


def test_days_in_the_wrong_order_are_told(screen: AuditScreen, staff: Staff) -> None:
    as_supervisor(screen, staff)
    screen.set_days(BAZAAR_DAY, BAZAAR_DAY - dt.timedelta(days=1))
    assert shown(screen) == []
    assert screen.status_label.text() == "Tanggal awal jatuh setelah tanggal akhir."


def test_a_cashier_is_refused(qtbot: QtBot, screen: AuditScreen, staff: Staff) -> None:
    screen.set_actor(staff.cashier)
    with qtbot.waitSignal(screen.statusMessage) as told:
        screen.activate()
    text = "Log audit hanya dapat dilihat oleh supervisor atau admin. kasir masuk sebagai kasir."
    assert told.args == [text, "warning"]
    assert screen.refused
    assert screen.refusal_label.text() == text
    assert screen.refusal_label.isVisible()
    assert not screen.table_view.isVisible()
    assert not screen.export_button.isEnabled()
    assert screen.model.rowCount() == 0
    assert screen.export_csv() is None


def test_switching_to_a_cashier_hides_what_the_supervisor_saw(
    screen: AuditScreen, staff: Staff
) -> None:
    as_supervisor(screen, staff)
    assert screen.model.rowCount() == 4
    screen.set_actor(staff.cashier)  # the screen is visible: it asks again at once
    assert screen.refused
    assert screen.model.rowCount() == 0
    screen.set_actor(None)
    assert screen.refusal_label.text() == (
        "Masuk sebagai supervisor atau admin untuk melihat log audit."
    )
    screen.set_actor(staff.admin)
    assert not screen.refused
    assert screen.model.rowCount() == 4


def test_nobody_logged_in_is_refused(screen: AuditScreen) -> None:
    screen.activate()
    assert screen.refused
    assert screen.model.rowCount() == 0
    assert "supervisor atau admin" in screen.refusal_label.text()


def test_export_writes_the_filtered_entries(
    screen: AuditScreen,
    staff: Staff,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    entries: Database,
) -> None:
    asked: list[tuple[str, Path, str]] = []
    target = tmp_path / "keluar" / "audit.csv"

    def choose(parent: QWidget | None, title: str, suggested: Path, file_filter: str) -> Path:
        asked.append((title, suggested, file_filter))
        return target

    monkeypatch.setattr(documents, "choose_save_path", choose)
    as_supervisor(screen, staff)
    screen.text_edit.setText("000012")
    on_screen = screen.model.records()
    before = list_audit(entries, limit=None)

    assert screen.export_csv() == target
    assert asked == [
        (
            "Ekspor log audit (CSV)",
            screen.till.data_dir / "reports" / "audit-bpn1-2026-04-27.csv",
            "CSV (*.csv)",
        )
    ]
    exported = read_audit_csv(target)
    assert exported == on_screen
    assert [(r.action, r.subject) for r in exported] == [
        ("refund", "BPN1-000012"),
        ("discount", "BPN1-000012"),
    ]
    assert screen.status_label.text() == f"CSV disimpan: {target} (2 entri)"
    # The export itself is journaled: who took how many entries.
    [journaled] = [entry for entry in list_audit(entries, limit=None) if entry not in before]
    assert (journaled.action, journaled.user_name, journaled.subject) == (
        "audit_export",
        "Bu Ratna (Kasubsi)",
        "audit.csv",
    )
    assert journaled.detail.startswith("2 entries;")


def test_a_cancelled_export_writes_nothing(
    screen: AuditScreen, staff: Staff, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(documents, "choose_save_path", lambda *args: None)
    as_supervisor(screen, staff)
    assert screen.export_csv() is None
    assert not (screen.till.data_dir / "reports").exists()


def test_a_failing_disk_is_told(
    screen: AuditScreen, staff: Staff, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    monkeypatch.setattr(documents, "choose_save_path", lambda *args: blocked / "audit.csv")
    as_supervisor(screen, staff)
    assert screen.export_csv() is None
    assert screen.status_label.text().startswith(f"CSV tidak dapat disimpan di {blocked}")


# --------------------------------------------------------------------------------- model


def sample(action: str, amount: int | None, detail: str = "") -> AuditRecord:
    return AuditRecord(
        uuid=f"u-{action}",
        created_at=dt.datetime(2026, 4, 27, 3, 0, tzinfo=dt.UTC),
        till_code="BNA2",
        user_id=3,
        user_name="Siti Aminah",
        action=action,
        subject="BNA2-000001",
        detail=detail,
        amount=amount,
        approved_by="",
    )


def test_the_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = AuditModel()
    model.set_records(
        [
            sample("refund", 45_000, "talenan retak"),
            sample("paid_out", -50_000),
            sample("login", None),
            sample("something_newer", 1),
        ]
    )
    qtmodeltester.check(model)
    assert model.columnCount() == 8
    assert model.data(model.index(0, COL_TILL)) == "BNA2"
    assert model.data(model.index(1, COL_AMOUNT)) == "Rp -50.000"
    assert model.data(model.index(2, COL_AMOUNT)) == ""
    assert model.data(model.index(3, COL_ACTION)) == "something_newer"  # unknown: as stored
    assert model.data(model.index(1, COL_ACTION)) == "Kas keluar"
    assert model.headerData(COL_AMOUNT, Qt.Orientation.Horizontal) == "Nominal"
    model.set_records([])
    qtmodeltester.check(model)


def test_every_action_has_its_indonesian_name() -> None:
    labels = action_labels()
    assert list(labels) == list(AuditAction)
    assert action_label("drawer_count") == "Hitung laci kas"
    assert action_label(AuditAction.SHIFT_CLOSED) == "Shift ditutup (Z)"
    assert action_label(AuditAction.LINE_VOID) == "Hapus baris (void)"
    assert len(set(labels.values())) == len(labels)
