"""The whole stock story of one institution at a bazaar, through the main window as the staff
do it: an opening count by scanning, sales at the till, a closing count by scanning (with a
sale while it is open and one product left uncounted), posting, and the variance report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bazaar_pos.catalog.events import get_event
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db.models import CountKind, CountStatus
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.stock.ledger import stock_on_hand
from bazaar_pos.stock.variance import variance_report
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.stock import count_screen
from bazaar_pos.ui.stock.count_screen import (
    CountScreen,
    PostChoice,
    PostCountDialog,
    StartCountChoice,
    StartCountDialog,
)
from bazaar_pos.ui.till.sale_screen import SaleScreen
from tests.conftest import Staff
from tests.ui.operations_support import finish_operations

# Rutan Blora's goods in assets/demo_catalog.csv: barcode -> (name, price, arrived).
KESET_PERCA = "2003000000016"  # 40
KESET_SABUT = "2003000000023"  # 20
TALENAN = "2003000000030"  # Rp 45.000, 25
KOTAK_TISU = "2003000000047"  # 15
ASBAK = "2003000000054"  # 30
KAPSTOK = "2003000000061"  # Rp 75.000, 10
RAK_SEPATU = "2003000000078"  # Rp 275.000, 4
NAMPAN = "2003000000085"  # Rp 65.000, 12
REMPEYEK = "2003000000092"  # Rp 15.000, 40
KERIPIK_TEMPE = "2003000000108"  # 45
NASTAR = "2003000000115"  # 15
JAHE = "2003000000122"  # 30
KOPI_HITAM = "2001000000098"  # Rp 8.000, café drink of Balikpapan: not tracked


@pytest.fixture
def window(qtbot: QtBot, till: Till, staff: Staff, shift: int) -> Iterator[MainWindow]:
    """The till as the cashier has it: logged in, her shift open with its float."""
    main = MainWindow(till, actor=staff.cashier)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def scan(qtbot: QtBot, field: object, text: str) -> None:
    """Type like a USB scanner does: the characters, then Enter."""
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def start_blora_count(
    monkeypatch: pytest.MonkeyPatch, screen: CountScreen, kind: CountKind
) -> StartCountDialog:
    """Press "Mulai penghitungan…" and fill the dialog: ``kind``, Rutan Blora (who counts is
    the logged-in user)."""
    dialogs: list[StartCountDialog] = []

    def fill(
        parent: object, event: object, counted_by: str, default_kind: CountKind
    ) -> StartCountChoice:
        dialog = StartCountDialog(event, counted_by, default_kind)  # type: ignore[arg-type]
        dialogs.append(dialog)
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind.value))
        scopes = [dialog.scope_combo.itemText(i) for i in range(dialog.scope_combo.count())]
        dialog.scope_combo.setCurrentIndex(scopes.index("BLA — Rutan Kelas IIB Blora"))
        return dialog.values()

    monkeypatch.setattr(count_screen, "choose_new_count", fill)
    screen.start_button.click()
    return dialogs[0]


def post_with(
    monkeypatch: pytest.MonkeyPatch, screen: CountScreen, *, zero: bool
) -> PostCountDialog:
    """Press "Posting…" and choose what uncounted goods mean (the poster is the login)."""
    dialogs: list[PostCountDialog] = []

    def fill(parent: object, session: object, lines: object, posted_by: str) -> PostChoice:
        dialog = PostCountDialog(session, lines, posted_by=posted_by)  # type: ignore[arg-type]
        dialogs.append(dialog)
        (dialog.zero_radio if zero else dialog.leave_radio).setChecked(True)
        return dialog.values()

    monkeypatch.setattr(count_screen, "choose_posting", fill)
    screen.post_button.click()
    return dialogs[0]


def sell_at_the_till(qtbot: QtBot, window: MainWindow, codes: list[str], tendered: str) -> None:
    window.show_sale_screen()
    sale: SaleScreen = window.sale_screen
    for code in codes:
        scan(qtbot, sale.scan_edit, code)
    qtbot.keyClick(sale.scan_edit, Qt.Key.Key_F12)
    assert sale.payment_panel.isVisible()
    qtbot.keyClicks(sale.payment_panel.tendered_edit, tendered)  # empty: exact cash
    with qtbot.waitSignal(sale.saleCompleted, timeout=5000):
        qtbot.keyClick(sale.payment_panel.tendered_edit, Qt.Key.Key_Return)


def test_opening_count_sales_closing_count_and_variance_report(
    qtbot: QtBot, window: MainWindow, till: Till, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = till.db
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    screen = window.show_screen("count")
    assert isinstance(screen, CountScreen)
    assert window.pages.currentWidget() is screen
    # The cashier counts, but starting and posting a count is the supervisor's.
    assert not screen.start_button.isEnabled()

    # --- opening count: what arrived from Rutan Blora, scanned on the folding table ----------
    window.set_actor(staff.supervisor)
    dialog = start_blora_count(monkeypatch, screen, CountKind.OPENING)
    assert dialog.values().kind == CountKind.OPENING
    assert dialog.counted_by_label.text() == "Bu Ratna (Kasubsi)"
    window.set_actor(staff.cashier)
    opening = screen.model.session
    assert opening is not None and opening.kind == CountKind.OPENING
    assert screen.model.rowCount() == 12
    field = screen.scan_edit
    for _ in range(4):  # four shoe racks, one scan each
        scan(qtbot, field, RAK_SEPATU)
    scan(qtbot, field, "12*")  # a stack of twelve trays
    scan(qtbot, field, NAMPAN)
    scan(qtbot, field, "20*")  # one short: 24 cutting boards of the 25 sent
    scan(qtbot, field, TALENAN)
    for _ in range(4):
        scan(qtbot, field, TALENAN)
    assert screen.status_label.text() == "Talenan kayu jati: 24 — seharusnya 25"
    for code, quantity in (
        (KESET_PERCA, 40),
        (KESET_SABUT, 20),
        (KOTAK_TISU, 15),
        (ASBAK, 30),
        (KAPSTOK, 10),
        (REMPEYEK, 40),
        (KERIPIK_TEMPE, 45),
        (NASTAR, 15),
        (JAHE, 30),
    ):
        scan(qtbot, field, f"{quantity}*{code}")
    assert screen.progress_bar.text() == "12 dari 12 dihitung"
    assert not screen.post_button.isEnabled()
    window.set_actor(staff.supervisor)
    post_dialog = post_with(monkeypatch, screen, zero=False)
    assert not post_dialog.uncounted_box.isVisibleTo(post_dialog)  # nothing left to decide
    assert screen.last_posted is not None
    assert screen.last_posted.adjustments == 1
    assert screen.last_posted.variance_value == -45_000
    assert not screen.post_button.isEnabled()
    talenan_id = find_by_code(db, TALENAN).id
    assert stock_on_hand(db, talenan_id) == 24

    # --- the bazaar: sales at the till ------------------------------------------------------
    window.set_actor(staff.cashier)
    sell_at_the_till(
        qtbot, window, [f"3*{TALENAN}", f"5*{REMPEYEK}", RAK_SEPATU, KOPI_HITAM], "500.000"
    )
    assert window.sale_screen.last_sale is not None
    assert window.sale_screen.last_sale.total == 3 * 45_000 + 5 * 15_000 + 275_000 + 8_000

    # --- closing count: what is left, with a sale while the count is open --------------------
    screen = window.show_screen("count")
    assert isinstance(screen, CountScreen)
    shown = screen.model.session
    assert shown is not None and shown.id == opening.id  # nothing open: the last count
    window.set_actor(staff.supervisor)
    dialog = start_blora_count(monkeypatch, screen, CountKind.CLOSING)
    window.set_actor(staff.cashier)
    assert dialog.kind_combo.currentData() == CountKind.CLOSING.value
    closing = screen.model.session
    assert closing is not None and closing.kind == CountKind.CLOSING and closing.is_open
    field = screen.scan_edit
    for code, quantity in ((KESET_PERCA, 40), (KESET_SABUT, 20), (KOTAK_TISU, 15)):
        scan(qtbot, field, f"{quantity}*{code}")

    # A customer buys another cutting board before the clerk reaches them.
    sell_at_the_till(qtbot, window, [TALENAN], "")
    screen = window.show_screen("count")
    assert isinstance(screen, CountScreen)
    assert screen.session_id == closing.id  # the open count is resumed
    assert screen.model.counted_lines == 3
    field = screen.scan_edit
    scan(qtbot, field, f"19*{TALENAN}")  # 20 expected after 4 sold: one missing
    assert screen.status_label.text() == "Talenan kayu jati: 19 (+19) — seharusnya 20"
    for _ in range(3):
        scan(qtbot, field, RAK_SEPATU)
    scan(qtbot, field, f"13*{NAMPAN}")  # one tray more than the books say
    for code, quantity in (
        (ASBAK, 30),
        (REMPEYEK, 35),
        (KERIPIK_TEMPE, 45),
        (NASTAR, 15),
        (JAHE, 30),
    ):
        scan(qtbot, field, f"{quantity}*{code}")
    # The coat racks were already packed away: not counted.
    assert screen.progress_bar.text() == "11 dari 12 dihitung"

    window.set_actor(staff.supervisor)
    post_dialog = post_with(monkeypatch, screen, zero=True)
    assert post_dialog.uncounted_box.isVisibleTo(post_dialog)
    assert "Kapstok kayu 5 gantungan" in post_dialog.summary_label.text()
    posted = screen.last_posted
    assert posted is not None and posted.session.id == closing.id
    assert posted.session.status == CountStatus.POSTED
    assert posted.session.uncounted_as_zero
    assert posted.session.supervised_by == "Bu Ratna (Kasubsi)"  # the login, not a typed name
    assert posted.adjustments == 3  # talenan -1, nampan +1, kapstok -10
    assert posted.variance_units == -10
    assert posted.variance_value == -45_000 + 65_000 - 750_000
    assert "3 penyesuaian ditulis" in screen.status_label.text()
    assert screen.variance_button.isVisibleTo(screen)

    # --- the variance report ------------------------------------------------------------------
    report = variance_report(db, staff.supervisor, event_id)
    lines = {line.name: line for line in report.lines}

    def figures(name: str) -> tuple[int | None, ...]:
        line = lines[name]
        return (
            line.opening,
            line.sold,
            line.expected,
            line.counted,
            line.variance,
            line.variance_value,
        )

    assert figures("Talenan kayu jati") == (24, 4, 20, 19, -1, -45_000)
    assert figures("Kapstok kayu 5 gantungan") == (10, 0, 10, 0, -10, -750_000)
    assert figures("Nampan kayu jati") == (12, 0, 12, 13, 1, 65_000)
    assert figures("Rempeyek kacang 250 g") == (40, 5, 35, 35, 0, 0)
    assert figures("Rak sepatu kayu 3 susun") == (4, 1, 3, 3, 0, 0)
    kopi = lines["Kopi hitam"]
    assert (kopi.track_stock, kopi.sold, kopi.counted, kopi.variance) == (False, 1, None, None)

    blora = next(item for item in report.institutions if item.code == "BLA")
    totals = blora.totals
    assert totals.products == 12
    assert totals.opening == 40 + 20 + 24 + 15 + 30 + 10 + 4 + 12 + 40 + 45 + 15 + 30
    assert totals.sold == 4 + 5 + 1
    assert totals.expected == totals.opening - totals.sold
    assert totals.uncounted == 0
    assert totals.variance == -10
    assert totals.variance_value == -730_000
    assert totals.sales_value == 4 * 45_000 + 5 * 15_000 + 275_000
    event = get_event(db, event_id)
    assert event is not None and report.event_name == event.name
    assert [count.id for count in report.opening_counts] == [opening.id]
    assert [count.id for count in report.closing_counts] == [closing.id]

    # --- and on screen: "Laporan selisih" asks the main window for the variance screen ------
    with qtbot.waitSignal(screen.showVarianceRequested):
        screen.variance_button.click()
    from bazaar_pos.ui.stock.variance_model import (
        COL_COUNTED,
        COL_EXPECTED,
        COL_OPENING,
        COL_SOLD,
        COL_VARIANCE,
        COL_VARIANCE_VALUE,
    )
    from bazaar_pos.ui.table_view import SORT_ROLE

    variance = window.show_screen("variance")
    finish_operations(qtbot)  # its report loads on the operations layer
    model = variance.model  # type: ignore[attr-defined]
    row = model.row_of_product(talenan_id)
    assert row is not None
    raw = [
        model.data(model.index(row, column), SORT_ROLE)
        for column in (
            COL_OPENING,
            COL_SOLD,
            COL_EXPECTED,
            COL_COUNTED,
            COL_VARIANCE,
            COL_VARIANCE_VALUE,
        )
    ]
    assert raw == [24, 4, 20, 19, -1, -45_000]
    assert model.data(model.index(row, COL_VARIANCE)) == "-1"
