"""The refund screen driven as at the till: scan the receipt code (the scanner types the
receipt number and Enter), choose quantities, a supervisor approves, the money goes back once.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import MovementKind, Refund, StockMovement
from bazaar_pos.paths import database_path
from bazaar_pos.people import users
from bazaar_pos.people.access import Actor, Approval, ApprovalAction
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.till import refunds
from bazaar_pos.till.refunds import RefundableSale, RefundExceedsSold, list_refunds, refundable_sale
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.people import login_dialog
from bazaar_pos.ui.till import refund_screen
from bazaar_pos.ui.till.refund_messages import describe_refund_error
from bazaar_pos.ui.till.refund_model import COL_AMOUNT, COL_NOW, COL_REFUNDED, RefundLinesModel
from bazaar_pos.ui.till.refund_screen import RefundScreen
from tests.conftest import Staff

TALENAN = "2003000000030"  # Talenan kayu jati, Rp 45.000
BESEK = "2002000000019"  # Besek bambu kecil, Rp 125
KOPI_HITAM = "2001000000098"  # café drink, no stock
NOT_RECORDED = "Refund TIDAK tercatat, formulir tetap"


class ApprovalDesk:
    """Stands in for the supervisor's PIN dialog: approves with the real PIN check, or not."""

    def __init__(self, db: Database, staff: Staff, *, refuse: bool = False) -> None:
        self.db = db
        self.staff = staff
        self.refuse = refuse
        self.asked: list[dict[str, Any]] = []
        self.during: list[Any] = []  # what the test wants to look at while the dialog is up
        self.while_open: Any = None

    def __call__(
        self,
        parent: Any,
        db: Database,
        till_code: str,
        *,
        action: ApprovalAction,
        subject: str,
        amount: int | None,
        description: str,
        minimum_role: str,
        requested_by: Actor | None,
    ) -> Approval | None:
        self.asked.append(
            {
                "action": action,
                "subject": subject,
                "amount": amount,
                "description": description,
                "minimum_role": minimum_role,
                "requested_by": requested_by,
            }
        )
        if self.while_open is not None:
            self.during.append(self.while_open())
        if self.refuse:
            return None
        return users.approve(
            db,
            self.staff.supervisor.username,
            self.staff.pins[self.staff.supervisor.username],
            action=action,
            subject=subject,
            amount=amount,
            till_code=till_code,
            minimum_role=minimum_role,
            requested_by=requested_by,
        )


def ring(
    db: Database,
    staff: Staff,
    items: Sequence[tuple[str, int]],
    payment: PaymentRequest | Sequence[PaymentRequest] | None = None,
) -> str:
    lines = []
    for code, quantity in items:
        product = find_by_code(db, code)
        lines.append(SaleLineRequest(product.id, quantity, product.price))
    return commit_sale(
        db,
        lines,
        payment or PaymentRequest("cash"),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=load_settings(db).current_event_id,
    ).receipt_no


def rows_in(till: Till, table: str) -> int:
    connection = sqlite3.connect(database_path(till.data_dir))
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def settings(till: Till) -> TillSettings:
    return load_settings(till.db)


@pytest.fixture
def screen(
    qtbot: QtBot, till: Till, settings: TillSettings, staff: Staff, shift: int
) -> Iterator[RefundScreen]:
    widget = RefundScreen(till, settings)
    widget.set_actor(staff.cashier)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activate()
    yield widget


@pytest.fixture
def desk(monkeypatch: pytest.MonkeyPatch, db: Database, staff: Staff) -> ApprovalDesk:
    approvals = ApprovalDesk(db, staff)
    monkeypatch.setattr(login_dialog, "ask_approval", approvals)
    return approvals


def scan_receipt(qtbot: QtBot, screen: RefundScreen, receipt_no: str) -> None:
    """What a scanner does with the receipt's barcode/QR: types the number, then Enter."""
    screen.receipt_edit.selectAll()
    qtbot.keyClicks(screen.receipt_edit, receipt_no)
    qtbot.keyClick(screen.receipt_edit, Qt.Key.Key_Return)


def test_a_refund_by_scanning_the_receipt_code(
    qtbot: QtBot, screen: RefundScreen, db: Database, staff: Staff, desk: ApprovalDesk
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 3), (KOPI_HITAM, 1)])
    talenan = find_by_code(db, TALENAN)

    scan_receipt(qtbot, screen, receipt_no)

    assert screen.sale is not None and screen.sale.receipt_no == "BPN1-000001"
    assert screen.model.rowCount() == 2
    assert screen.model.index(0, 0).data() == "Talenan kayu jati"
    assert screen.selected_method() == "cash"
    assert not screen.reference_edit.isEnabled()
    assert "Struk BPN1-000001" in screen.sale_label.text()
    first_key = screen.request_key

    # The cashier types 2 into "Refund sekarang" of the boards' row.
    view = screen.lines_view
    view.setCurrentIndex(screen.model.index(0, COL_NOW))
    view.edit(screen.model.index(0, COL_NOW))
    editor = view.focusWidget()
    assert editor is not None and editor is not view
    assert isinstance(editor, QSpinBox)
    assert (editor.minimum(), editor.maximum()) == (0, 3)  # never more than can come back
    editor.selectAll()
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.model.quantity(0) == 2)  # the delegate commits queued
    assert screen.model.index(0, COL_AMOUNT).data() == "Rp 90.000"
    assert screen.total_label.text() == "Refund: Rp 90.000"
    qtbot.keyClicks(screen.reason_edit, "retak di ujung")

    with qtbot.waitSignal(screen.refunded, timeout=5000) as blocker:
        qtbot.mouseClick(screen.refund_button, Qt.MouseButton.LeftButton)

    result = blocker.args[0]
    assert (result.refund_no, result.amount, result.method) == ("BPN1-R000001", 90_000, "cash")
    assert screen.result_label.text() == "Refund BPN1-R000001: Rp 90.000 tunai dikembalikan"
    assert screen.status_label.text() == screen.result_label.text()
    (asked,) = desk.asked
    assert (asked["action"], asked["minimum_role"], asked["requested_by"]) == (
        "refund",
        "supervisor",
        staff.cashier,
    )
    # Bound to this receipt and exactly this amount.
    assert (asked["subject"], asked["amount"]) == ("receipt:BPN1-000001", 90_000)
    assert "Rp 90.000" in asked["description"] and "BPN1-000001" in asked["description"]
    (record,) = list_refunds(db, actor=staff.supervisor)
    assert (record.cashier, record.approved_by, record.reason) == (
        "Siti Aminah",
        "Bu Ratna (Kasubsi)",
        "retak di ujung",
    )
    with db.read() as session:
        movement = session.scalars(
            select(StockMovement).where(StockMovement.kind == MovementKind.REFUND.value)
        ).one()
    assert (movement.product_id, movement.quantity) == (talenan.id, 2)
    # A fresh form for the same receipt: what is refunded now shows, nothing is chosen.
    assert screen.model.index(0, COL_REFUNDED).data() == "2"
    assert screen.model.requests() == []
    assert screen.request_key not in (None, first_key)
    assert screen.reason_edit.text() == ""


def test_a_double_click_refunds_once(
    qtbot: QtBot, screen: RefundScreen, db: Database, staff: Staff, desk: ApprovalDesk
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    scan_receipt(qtbot, screen, receipt_no)
    screen.set_quantity(0, 1)
    screen.reason_edit.setText("tidak jadi")

    # Two clicks in a row, as a double click on the button delivers them.
    qtbot.mouseClick(screen.refund_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.refund_button, Qt.MouseButton.LeftButton)

    assert count(db, Refund) == 1
    assert len(desk.asked) == 1
    assert screen.last_result is not None and screen.last_result.amount == 45_000
    assert screen.status_label.text() == describe_refund_error(
        refunds.RefundRefused("nothing_to_refund")
    )
    assert refundable_sale(db, receipt_no, actor=staff.supervisor).lines[0].quantity_refundable == 1


def test_the_button_is_disabled_while_the_supervisor_approves(
    qtbot: QtBot, screen: RefundScreen, db: Database, staff: Staff, desk: ApprovalDesk
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    scan_receipt(qtbot, screen, receipt_no)
    screen.select_all()
    screen.reason_edit.setText("tidak jadi")
    # A click that arrives while the PIN dialog is open is ignored.
    desk.while_open = lambda: (screen.refund_button.isEnabled(), screen.refund())

    result = screen.refund()

    assert result is not None and result.amount == 90_000
    assert desk.during == [(False, None)]
    assert count(db, Refund) == 1


def test_a_lost_answer_is_looked_up_and_said_as_recorded_once(
    qtbot: QtBot,
    screen: RefundScreen,
    db: Database,
    staff: Staff,
    desk: ApprovalDesk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The refund was written but its answer never reached the screen (an error after the
    commit): the screen asks the database with the form's key and says it is recorded."""
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    scan_receipt(qtbot, screen, receipt_no)
    screen.set_quantity(0, 1)
    screen.reason_edit.setText("retak")
    real_refund_sale = refunds.refund_sale

    def answer_lost(*args: Any, **kwargs: Any) -> refunds.RefundResult:
        real_refund_sale(*args, **kwargs)
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(refund_screen, "refund_sale", answer_lost)

    result = screen.refund()

    assert result is not None and result.already_recorded
    assert screen.result_label.text().startswith("Sudah tercatat sebelumnya — Refund BPN1-R000001")
    assert count(db, Refund) == 1
    assert refundable_sale(db, receipt_no, actor=staff.supervisor).lines[0].quantity_refunded == 1


def test_a_refund_the_database_refused_says_not_recorded_and_a_retry_records_it_once(
    qtbot: QtBot,
    screen: RefundScreen,
    db: Database,
    staff: Staff,
    desk: ApprovalDesk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    scan_receipt(qtbot, screen, receipt_no)
    screen.set_quantity(0, 1)
    screen.reason_edit.setText("retak")
    real_refund_sale = refunds.refund_sale
    calls: list[str] = []

    def busy_once(*args: Any, **kwargs: Any) -> refunds.RefundResult:
        calls.append(kwargs["request_key"])
        if len(calls) == 1:
            locked = sqlite3.OperationalError("database is locked")
            locked.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
            locked.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]
            raise OperationalError("BEGIN IMMEDIATE", {}, locked)
        return real_refund_sale(*args, **kwargs)

    monkeypatch.setattr(refund_screen, "refund_sale", busy_once)

    assert screen.refund() is None
    status = screen.status_label.text()
    assert status.startswith(NOT_RECORDED), status
    assert "terlalu lama dipakai program lain" in status
    assert "OperationalError" not in status
    assert screen.model.quantity(0) == 1  # the form stays for a retry
    assert screen.reason_edit.text() == "retak"
    assert count(db, Refund) == 0
    retried = screen.refund()

    assert calls[0] == calls[1]  # the same form, the same key
    assert retried is not None and not retried.already_recorded
    assert count(db, Refund) == 1


def test_a_refund_on_a_read_only_database_says_so_and_records_nothing(
    qtbot: QtBot, screen: RefundScreen, till: Till, db: Database, staff: Staff
) -> None:
    screen.set_actor(staff.supervisor)  # no approval: nothing is written before the refund
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    scan_receipt(qtbot, screen, receipt_no)
    screen.set_quantity(0, 1)
    screen.reason_edit.setText("retak")
    movements = count(db, StockMovement)

    @event.listens_for(db.engine, "connect")
    def _read_only(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    db.engine.dispose()

    assert screen.refund() is None
    status = screen.status_label.text()
    assert status.startswith(NOT_RECORDED), status
    assert "Basis data hanya-baca (read-only)" in status
    assert screen.model.quantity(0) == 1 and screen.reason_edit.text() == "retak"
    # Counted on a connection of its own: query_only refuses this engine's temporary tables.
    assert rows_in(till, "refunds") == 0 and rows_in(till, "stock_movements") == movements


def test_a_refund_on_a_full_disk_says_so_and_records_nothing(
    qtbot: QtBot, screen: RefundScreen, till: Till, db: Database, staff: Staff
) -> None:
    """A real SQLITE_FULL: the file may not grow past its pages now; refunds of one unit each
    fill the last free room, then one is refused whole."""
    screen.set_actor(staff.supervisor)
    receipt_no = ring(db, staff, [(BESEK, 400)])
    with db.read() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(db.engine, "connect")
    def _full(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    db.engine.dispose()
    scan_receipt(qtbot, screen, receipt_no)
    for _ in range(400):
        recorded = count(db, Refund)
        screen.set_quantity(0, 1)
        screen.reason_edit.setText("retak")
        if screen.refund() is None:
            break
    status = screen.status_label.text()
    assert status.startswith(NOT_RECORDED), status
    assert "Disk penuh" in status
    assert screen.model.quantity(0) == 1 and screen.reason_edit.text() == "retak"
    assert count(db, Refund) == recorded  # the refused refund left nothing
    assert refundable_sale(db, receipt_no, actor=staff.supervisor).lines[0].quantity_refunded == (
        recorded
    )


def test_without_the_supervisor_s_approval_nothing_is_refunded_and_the_form_stays(
    qtbot: QtBot,
    screen: RefundScreen,
    db: Database,
    staff: Staff,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(login_dialog, "ask_approval", ApprovalDesk(db, staff, refuse=True))
    receipt_no = ring(db, staff, [(TALENAN, 2)])
    scan_receipt(qtbot, screen, receipt_no)
    screen.set_quantity(0, 1)
    screen.reason_edit.setText("retak")

    assert screen.refund() is None

    assert screen.status_label.text() == "Refund tidak dicatat: perlu persetujuan supervisor."
    assert count(db, Refund) == 0
    assert screen.model.quantity(0) == 1
    assert screen.refund_button.isEnabled()


def test_a_supervisor_refunds_without_being_asked_for_a_pin(
    qtbot: QtBot, screen: RefundScreen, db: Database, staff: Staff, desk: ApprovalDesk
) -> None:
    screen.set_actor(staff.supervisor)
    receipt_no = ring(
        db,
        staff,
        [(BESEK, 100)],
        [PaymentRequest("qris", amount=10_000, reference="QR-9"), PaymentRequest("cash")],
    )
    scan_receipt(qtbot, screen, receipt_no.lower())
    assert screen.selected_method() == "qris"  # the method that paid most
    assert screen.reference_edit.isEnabled()
    screen.set_quantity(0, 40)
    screen.reason_edit.setText("kebanyakan")
    qtbot.keyClicks(screen.reference_edit, "QR-REF-1")

    result = screen.refund()

    assert desk.asked == []
    assert result is not None
    assert screen.result_label.text() == "Refund BPN1-R000001: Rp 5.000 QRIS dikembalikan"
    (record,) = list_refunds(db, actor=staff.supervisor)
    assert (record.method, record.reference, record.approved_by) == (
        "qris",
        "QR-REF-1",
        "Bu Ratna (Kasubsi)",
    )


def test_bad_input_gets_a_message_and_loses_nothing(
    qtbot: QtBot, screen: RefundScreen, db: Database, staff: Staff, desk: ApprovalDesk
) -> None:
    scan_receipt(qtbot, screen, "BPN1-999999")
    assert screen.status_label.text() == "Struk 'BPN1-999999' tidak ditemukan."
    assert screen.sale is None
    assert not screen.refund_button.isEnabled()

    receipt_no = ring(db, staff, [(TALENAN, 2)])
    scan_receipt(qtbot, screen, receipt_no)
    assert screen.set_quantity(0, 3) is False
    assert screen.status_label.text() == (
        "Talenan kayu jati: tidak bisa mengembalikan 3. Terjual 2, sudah dikembalikan 0, "
        "paling banyak 2 lagi."
    )
    assert screen.model.setData(screen.model.index(0, COL_NOW), "dua") is False
    assert "'dua' tidak valid" in screen.status_label.text()
    assert screen.set_quantity(0, 2) is True

    screen.refund()  # no reason yet
    assert screen.status_label.text() == (
        "Tuliskan alasan refund (mis. barang retak, salah ukuran)."
    )
    assert desk.asked == []
    assert screen.model.quantity(0) == 2
    assert count(db, Refund) == 0


def test_a_fully_refunded_receipt_says_so(
    qtbot: QtBot, screen: RefundScreen, db: Database, staff: Staff, desk: ApprovalDesk
) -> None:
    receipt_no = ring(db, staff, [(TALENAN, 1)])
    scan_receipt(qtbot, screen, receipt_no)
    screen.select_all()
    screen.reason_edit.setText("retak")
    assert screen.refund() is not None

    scan_receipt(qtbot, screen, receipt_no)

    assert screen.status_label.text() == "Semua barang struk BPN1-000001 sudah dikembalikan."
    assert not screen.refund_button.isEnabled()
    assert "sudah direfund Rp 45.000" in screen.sale_label.text()


def test_exceeds_message_when_nothing_is_left() -> None:
    error = RefundExceedsSold(sku="X", name="Besek", sold=3, refunded=3, requested=1)
    assert describe_refund_error(error) == (
        "Besek: semua 3 yang terjual sudah dikembalikan; tidak ada lagi yang bisa direfund."
    )
    assert describe_refund_error(ValueError("x")) is None


def test_refund_model_passes_the_model_tester(
    qtmodeltester: ModelTester, db: Database, staff: Staff, shift: int
) -> None:
    model = RefundLinesModel()
    qtmodeltester.check(model)
    receipt_no = ring(db, staff, [(TALENAN, 3), (BESEK, 100), (KOPI_HITAM, 2)])
    sale: RefundableSale = refundable_sale(db, receipt_no, actor=staff.supervisor)
    model.set_sale(sale)
    qtmodeltester.check(model)

    assert model.setData(model.index(1, COL_NOW), "40") is True
    model.select_all()
    qtmodeltester.check(model)

    assert [model.quantity(row) for row in range(3)] == [3, 100, 2]
    assert model.total() == sale.total
    assert model.flags(model.index(0, COL_NOW)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, COL_AMOUNT)) & Qt.ItemFlag.ItemIsEditable
    model.clear_quantities()
    assert model.requests() == []
    model.set_sale(None)
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_the_refund_slip_is_written_and_handed_to_the_printer(
    qtbot: QtBot,
    screen: RefundScreen,
    db: Database,
    staff: Staff,
    desk: ApprovalDesk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    delivered: list[Path] = []

    def deliver(parent: Any, path: Path, settings: TillSettings, *, print_it: bool = True) -> Any:
        delivered.append(path)
        return documents.DocumentDelivery(path, printed=True)

    monkeypatch.setattr(documents, "open_or_print_pdf", deliver)
    receipt_no = ring(db, staff, [(TALENAN, 2), (KOPI_HITAM, 1)])
    scan_receipt(qtbot, screen, receipt_no)
    assert not screen.slip_button.isEnabled()
    screen.select_all()
    screen.reason_edit.setText("tidak jadi beli")
    assert screen.refund() is not None

    qtbot.mouseClick(screen.slip_button, Qt.MouseButton.LeftButton)

    (path,) = delivered
    assert path.name == "refund-BPN1-R000001.pdf"
    text = PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()
    for expected in (
        "BUKTI REFUND",
        "BPN1-R000001",
        "BPN1-000001",
        "Siti Aminah",
        "Bu Ratna (Kasubsi)",
        "Talenan kayu jati",
        "Rp 90.000",
        "Kopi hitam",
        "Rp 98.000",
        "Tunai",
        "tidak jadi beli",
        "Tanda tangan pembeli",
    ):
        assert expected in text
    assert screen.status_label.text().startswith("Dicetak")
