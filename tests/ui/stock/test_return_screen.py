"""The return screen: refused before the closing count, then the return of the unsold goods
with its handover PDF (money due included), the institution shown as handed over, reprint."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import CountKind
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.stock.counts import count_sheet, post_count, set_counted, start_count
from bazaar_pos.stock.ledger import stock_on_hand
from bazaar_pos.stock.returns import list_handovers
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from bazaar_pos.ui import ask
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.stock.return_screen import (
    INST_CLOSING,
    INST_HANDOVER,
    RET_QUANTITY,
    RET_VALUE,
    ReturnScreen,
)
from tests.conftest import Staff

# From assets/demo_catalog.csv: Rutan Blora's goods
TALENAN = "BLA-KYU-001"  # Rp 45.000, 25 arrived
RAK_SEPATU = "BLA-KYU-005"  # Rp 275.000, 4 arrived
BLA_TRACKED = 12  # BLA products with stock


def sell(db: Database, event_id: int, code: str, quantity: int) -> None:
    product = find_by_code(db, code)
    commit_sale(
        db,
        [SaleLineRequest(product.id, quantity, product.price)],
        PaymentRequest("cash", quantity * product.price),
        cashier="Siti",
        till_code="BPN1",
        event_id=event_id,
    )


def post_closing_count(db: Database, event_id: int, changes: dict[str, int]) -> None:
    session = start_count(db, None, event_id, CountKind.CLOSING)
    for line in count_sheet(db, None, session.id).lines:
        set_counted(db, None, session.id, line.product_id, changes.get(line.sku, line.expected))
    post_count(db, None, session.id)


def bla_stock(db: Database) -> int:
    codes = [f"BLA-KYU-00{n}" for n in range(1, 7)] + ["BLA-KES-001", "BLA-KES-002"]
    codes += [f"BLA-UMK-00{n}" for n in range(1, 5)]
    return sum(stock_on_hand(db, find_by_code(db, code).id) for code in codes)


@pytest.fixture
def settings(till: Till) -> TillSettings:
    return load_settings(till.db).with_changes(cashier="Siti Rahma")


@pytest.fixture
def event_id(settings: TillSettings) -> int:
    assert settings.current_event_id is not None
    return settings.current_event_id


@pytest.fixture
def screen(qtbot: QtBot, till: Till, settings: TillSettings) -> Iterator[ReturnScreen]:
    widget = ReturnScreen(till, settings)
    qtbot.addWidget(widget)
    widget.resize(1180, 720)
    widget.show()
    widget.activate()
    yield widget


class Answers:
    """An ``ask.ask_text`` that answers in turn and remembers what it was asked."""

    def __init__(self, *texts: str) -> None:
        self.texts = list(texts)
        self.asked: list[tuple[str, str]] = []  # (label, suggested text)

    def __call__(self, parent: object, title: str, label: str, text: str = "") -> str:
        self.asked.append((label, text))
        return self.texts.pop(0)


class Confirmations:
    """An ``ask.confirm`` that replies in turn and remembers the questions."""

    def __init__(self, *replies: bool) -> None:
        self.replies = list(replies)
        self.asked: list[str] = []

    def __call__(self, parent: object, title: str, question: str) -> bool:
        self.asked.append(question)
        return self.replies.pop(0)


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def status_texts(screen: ReturnScreen) -> dict[str, tuple[str, str]]:
    model = screen.institutions_model
    return {
        model.status(row).code: (
            model.data(model.index(row, INST_CLOSING)),
            model.data(model.index(row, INST_HANDOVER)),
        )
        for row in range(model.rowCount())
    }


def test_lists_institutions_and_what_would_go_back(
    till: Till, event_id: int, screen: ReturnScreen
) -> None:
    assert status_texts(screen) == {
        "BLA": ("belum", "belum"),
        "BNA": ("belum", "belum"),
        "BPN": ("belum", "belum"),
    }
    sell(till.db, event_id, TALENAN, 3)
    screen.reload()
    assert screen.select_institution("BLA")
    assert screen.lines_model.rowCount() == BLA_TRACKED
    proposal = screen.proposal
    assert proposal is not None and proposal.money_due == 135_000
    summary = screen.summary_label.text()
    assert "Hasil penjualan (hak BLA): Rp 135.000" in summary
    assert "belum diposting" in summary  # no closing count yet
    assert screen.handover_button.isEnabled()
    assert not screen.reprint_button.isEnabled()


def test_refused_before_the_closing_count_and_nothing_lost(
    till: Till, screen: ReturnScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = bla_stock(till.db)
    monkeypatch.setattr(ask, "ask_text", Answers("Agus (Rutan Blora)"))
    monkeypatch.setattr(ask, "confirm", Confirmations(True))
    screen.select_institution("BLA")
    assert screen.hand_over() is None
    assert screen.status_label.text() == (
        "Barang BLA belum dihitung akhir: posting penghitungan akhir dulu, "
        "baru barang dikembalikan."
    )
    assert list_handovers(till.db, None, screen.settings.current_event_id or 0) == {}
    assert bla_stock(till.db) == before
    assert status_texts(screen)["BLA"] == ("belum", "belum")


def test_the_receiving_officers_name_is_required(
    till: Till, screen: ReturnScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    confirm = Confirmations()
    monkeypatch.setattr(ask, "ask_text", Answers("  "))
    monkeypatch.setattr(ask, "confirm", confirm)
    screen.select_institution("BLA")
    assert screen.hand_over() is None
    assert screen.status_label.text() == "Isi nama petugas instansi yang menerima barang."
    assert confirm.asked == []
    assert list_handovers(till.db, None, screen.settings.current_event_id or 0) == {}


def test_hand_over_after_the_closing_count(
    till: Till,
    event_id: int,
    screen: ReturnScreen,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sell(till.db, event_id, TALENAN, 3)
    sell(till.db, event_id, RAK_SEPATU, 1)
    post_closing_count(till.db, event_id, {TALENAN: 20})  # 2 talenan missing
    screen.reload()
    assert status_texts(screen)["BLA"] == ("diposting", "belum")
    screen.select_institution("BLA")
    proposal = screen.proposal
    assert proposal is not None
    units, value = proposal.units, proposal.value
    assert units == bla_stock(till.db)

    fake_ask = Answers("Agus Salim")
    confirm = Confirmations(True, False)  # record it; do not print now
    monkeypatch.setattr(ask, "ask_text", fake_ask)
    monkeypatch.setattr(ask, "confirm", confirm)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(documents, "open_or_print_pdf", lambda *args, **kw: pytest.fail("printed"))
        document = screen.hand_over()

    assert document is not None
    # Only the institution's officer is asked: the one handing over is the login.
    assert [label for label, _ in fake_ask.asked] == ["Nama petugas BLA yang menerima:"]
    assert confirm.asked[0] == (
        f"Catat retur {format_number(units)} barang ({format_rupiah(value)}) ke BLA?"
    )
    assert bla_stock(till.db) == 0
    assert document.money_due == 3 * 45_000 + 275_000
    assert document.returned_units == units

    day = dt.date.today().isoformat()
    pdf = till.data_dir / "reports" / f"serah-terima-BLA-{day}.pdf"
    assert pdf.exists()
    assert screen.last_pdf == pdf
    text = pdf_text(pdf)
    assert "Rp 410.000" in text  # the money due
    assert "Agus Salim" in text
    assert "Talenan kayu jati" in text

    # Shown as handed over, with what went back; only a reprint is offered now.
    assert status_texts(screen)["BLA"] == ("diposting", "sudah diserahkan")
    assert screen.selected_institution() is not None
    assert screen.document is not None
    assert screen.lines_model.rowCount() == len(document.returned)
    assert "sudah diserahkan" in screen.detail_label.text()
    assert "Agus Salim" in screen.detail_label.text()
    assert "Hasil penjualan (hak BLA): Rp 410.000" in screen.summary_label.text()
    assert not screen.handover_button.isEnabled()
    assert screen.reprint_button.isEnabled()
    assert screen.status_label.text().startswith(f"Retur ke BLA dicatat: {format_number(units)}")
    assert str(pdf) in screen.status_label.text()

    # Reprint: the same record again, printed this time.
    pdf.unlink()
    printed: list[Path] = []

    def fake_print(parent: object, path: Path, settings: TillSettings, **kw: object) -> object:
        printed.append(path)
        return documents.DocumentDelivery(path, printed=True)

    monkeypatch.setattr(ask, "confirm", Confirmations(True))
    monkeypatch.setattr(documents, "open_or_print_pdf", fake_print)
    assert screen.reprint() == pdf
    assert printed == [pdf]
    assert "Rp 410.000" in pdf_text(pdf)
    assert screen.status_label.text() == f"Berita acara BLA dibuat ulang. Dicetak. PDF: {pdf}"

    # A second handover of the same institution is refused with the reason.
    assert screen.hand_over() is None
    assert "sudah diserahkan kembali" in screen.status_label.text()


def test_negative_stock_is_shown_as_a_warning(
    till: Till, event_id: int, screen: ReturnScreen
) -> None:
    sell(till.db, event_id, RAK_SEPATU, 6)  # 4 arrived: the ledger says -2
    screen.reload()
    screen.select_institution("BLA")
    assert screen.warning_label.isVisibleTo(screen)
    assert "Rak sepatu kayu 3 susun" in screen.warning_label.text()
    model = screen.lines_model
    last = model.rowCount() - 1
    assert model.row(last).negative
    assert model.data(model.index(last, RET_QUANTITY)) == "-2"
    assert model.data(model.index(last, RET_VALUE)) == "—"


def test_without_a_current_event(qtbot: QtBot, till: Till, settings: TillSettings) -> None:
    widget = ReturnScreen(till, settings.with_changes(current_event_id=None))
    qtbot.addWidget(widget)
    widget.activate()
    assert widget.institutions_model.rowCount() == 0
    assert "Belum ada acara" in widget.status_label.text()
    assert not widget.handover_button.isEnabled()


def test_models_pass_the_model_tester(
    qtmodeltester: ModelTester, till: Till, event_id: int, screen: ReturnScreen
) -> None:
    sell(till.db, event_id, RAK_SEPATU, 6)
    screen.reload()
    screen.select_institution("BLA")
    qtmodeltester.check(screen.institutions_model)
    qtmodeltester.check(screen.lines_model)


def test_main_window_opens_the_return_screen(qtbot: QtBot, till: Till, staff: Staff) -> None:
    window = MainWindow(till, actor=staff.supervisor)
    qtbot.addWidget(window)
    screen = window.show_screen("return")
    assert isinstance(screen, ReturnScreen)
    assert [screen.institutions_model.status(r).code for r in range(3)] == ["BLA", "BNA", "BPN"]
    assert screen.selected_institution() is not None


def test_a_cashier_may_not_hand_goods_over(screen: ReturnScreen, staff: Staff) -> None:
    screen.set_actor(staff.cashier)
    assert screen.institutions_model.rowCount() == 0
    assert not screen.handover_button.isEnabled()
    assert screen.status_label.text() == (
        "kasir (kasir) tidak berhak melakukan ini: perlu supervisor ke atas."
    )
