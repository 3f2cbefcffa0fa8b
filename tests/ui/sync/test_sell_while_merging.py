"""A till keeps selling while another till's export is merged into its database from the
Sinkronisasi menu: the merge runs on the operations layer, the cashier scans and pays with the
keys as ever, and both end up in the database, whole; "Batal" in the status bar undoes what the
merge had written.

No timing luck: the merge is held between two of its batches (its progress report waits) until
the test has done what it must do while the merge is provably half-way (its marker is in the
database, some of its rows too); every other wait is on a signal or a condition.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

import bazaar_pos.sync.merge as merge
from bazaar_pos.db import Database
from bazaar_pos.db.models import Sale
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import Till, open_till
from bazaar_pos.sync import ImportResult, export_till
from bazaar_pos.sync.merge_undo import read_marker
from bazaar_pos.till.sales import SaleResult
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.operations import operations
from bazaar_pos.ui.sync import dialogs as sync_dialogs
from bazaar_pos.ui.till.sale_screen import SaleScreen
from tests.conftest import Staff
from tests.ui.operations_support import finish_operations
from tests.ui.sync.test_dialogs import sell
from tests.ui.till.support import BESEK, KOPI_HITAM, TALENAN, scan

# The other till's day: enough sales that its merge writes many batches of MERGE_ROWS.
OTHER_SALES = 120
MERGE_ROWS = 20
HOLD_S = 60  # a held merge never waits longer (a failed test must end)


@dataclass
class Hold:
    """Holds the merge after its first committed batch until the test releases it."""

    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    answers: list[bool] = field(default_factory=list)  # after batches, not before the first
    beside_a_till: list[bool] = field(default_factory=list)  # what the merge was told

    def wrap(self, progress: Any) -> Any:
        def held(done: int, total: int) -> bool:
            answer = bool(progress(done, total))  # the status bar sees it
            if done > 0 and not self.released.is_set():
                self.reached.set()
                assert self.released.wait(HOLD_S), "the test never released the merge"
                answer = bool(progress(done, total))  # asked again: "Batal" meanwhile?
            if done > 0:
                self.answers.append(answer)
            return answer

        return held


@dataclass
class Shown:
    summaries: list[tuple[list[ImportResult], str]] = field(default_factory=list)

    def __call__(
        self, parent: QWidget | None, results: Sequence[ImportResult], problem: str = ""
    ) -> None:
        self.summaries.append((list(results), problem))


@pytest.fixture
def other_export(tmp_path: Path) -> Iterator[Path]:
    """Till BNA1's full export: a day of OTHER_SALES sales."""
    other = open_till(tmp_path / "bna1", seed_demo=True, anonymous_setup=True)
    save_settings(other.db, load_settings(other.db).with_changes(till_code="BNA1"))
    for number in range(OTHER_SALES):
        sell(other.db, "BNA1", (BESEK, 1 + number % 3), (KOPI_HITAM, 1))
    path = export_till(other.db, tmp_path / "bazaar-BNA1-001-full.zip").path
    other.db.dispose()
    yield path


@pytest.fixture
def hold(monkeypatch: pytest.MonkeyPatch) -> Hold:
    hold = Hold()
    real_import = sync_dialogs.import_export

    def held_import(*args: Any, progress: Any, **kwargs: Any) -> ImportResult:
        hold.beside_a_till.append(kwargs["beside_a_till"])
        return real_import(*args, progress=hold.wrap(progress), **kwargs)

    monkeypatch.setattr(sync_dialogs, "import_export", held_import)
    for name in ("MERGE_BATCH", "MIN_MERGE_BATCH", "MAX_MERGE_BATCH", "ALONE_MAX_MERGE_BATCH"):
        monkeypatch.setattr(merge, name, MERGE_ROWS)
    return hold


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    shown = Shown()
    monkeypatch.setattr(sync_dialogs, "show_import_summary", shown)
    return shown


@pytest.fixture
def window(
    qtbot: QtBot,
    till: Till,
    staff: Staff,
    shift: int,
    other_export: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:
    """The till's window; the admin chose the other till's export in the import dialog."""
    monkeypatch.setattr(sync_dialogs, "choose_import_paths", lambda *_args: [other_export])
    main = MainWindow(till, actor=staff.admin)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def start_merge_and_hand_over(qtbot: QtBot, window: MainWindow, staff: Staff, hold: Hold) -> None:
    """The admin starts the merge from the menu and hands the till to the cashier; the merge
    is then held half-way."""
    window.import_action.trigger()
    window.set_actor(staff.cashier)
    qtbot.waitUntil(hold.reached.is_set, timeout=120_000)
    assert sync_dialogs.MERGE_OP in operations().running


def ring_up(qtbot: QtBot, screen: SaleScreen, *codes: str) -> SaleResult:
    """Scan, F12, Enter (exact cash), as the cashier does; the committed sale."""
    for code in codes:
        scan(qtbot, screen, code)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    with qtbot.waitSignal(screen.saleCompleted, timeout=30_000) as committed:
        qtbot.keyClick(screen.payment_panel.tendered_edit, Qt.Key.Key_Return)
    result: SaleResult = committed.args[0]
    return result


def merge_marker_is_there(db: Database) -> bool:
    with db.read() as session:
        return read_marker(session) is not None


def receipts(db: Database, prefix: str) -> list[str]:
    with db.read() as session:
        return list(
            session.scalars(select(Sale.receipt_no).where(Sale.receipt_no.startswith(prefix))).all()
        )


def test_the_cashier_sells_with_the_keys_while_a_merge_runs_and_both_are_kept(
    qtbot: QtBot, window: MainWindow, till: Till, staff: Staff, hold: Hold, shown: Shown
) -> None:
    start_merge_and_hand_over(qtbot, window, staff, hold)
    screen = window.sale_screen
    # The merge is half-way: its marker and its first rows are in the database.
    assert merge_marker_is_there(till.db)
    entry = window.operations_bar.entry(sync_dialogs.MERGE_OP)
    assert entry is not None and entry.cancel_button.isVisibleTo(entry)
    qtbot.waitUntil(lambda: entry.running.done > 0)

    first = ring_up(qtbot, screen, TALENAN, f"3*{BESEK}")

    assert first.receipt_no == "BPN1-000001"
    assert sync_dialogs.MERGE_OP in operations().running  # still merging, still held
    assert merge_marker_is_there(till.db)

    # Let the merge go on writing its batches, and sell again meanwhile.
    hold.released.set()
    second = ring_up(qtbot, screen, KOPI_HITAM)
    assert second.receipt_no == "BPN1-000002"

    finish_operations(qtbot)
    [(results, problem)] = shown.summaries
    assert problem == ""
    assert [(r.till_code, r.already_imported) for r in results] == [("BNA1", False)]
    assert results[0].added["sales"] == OTHER_SALES
    assert hold.beside_a_till == [True]  # a till's window: short batches, pauses
    assert receipts(till.db, "BPN1-") == ["BPN1-000001", "BPN1-000002"]
    assert len(receipts(till.db, "BNA1-")) == OTHER_SALES
    assert not merge_marker_is_there(till.db)
    assert verify_journal(till.db, staff.supervisor).ok
    assert window.operations_bar.entry(sync_dialogs.MERGE_OP) is None


def test_batal_in_the_status_bar_undoes_the_merge_and_keeps_the_sale_made_meanwhile(
    qtbot: QtBot, window: MainWindow, till: Till, staff: Staff, hold: Hold, shown: Shown
) -> None:
    start_merge_and_hand_over(qtbot, window, staff, hold)
    sold = ring_up(qtbot, window.sale_screen, TALENAN)
    entry = window.operations_bar.entry(sync_dialogs.MERGE_OP)
    assert entry is not None

    entry.cancel_button.click()
    assert entry.label.text() == "Impor data kasa lain: membatalkan…"
    hold.released.set()
    finish_operations(qtbot)

    assert hold.answers[0] is False  # the first report after "Batal" stopped the merge
    [(results, problem)] = shown.summaries
    assert results == []
    assert problem == (
        f"Impor {window.till.data_dir.parent / 'bazaar-BNA1-001-full.zip'} dibatalkan: yang "
        "sudah ditulis dihapus lagi, tidak ada yang disimpan dari ekspor ini."
    )
    assert receipts(till.db, "BNA1-") == []  # nothing of the export is kept
    assert receipts(till.db, "BPN1-") == [sold.receipt_no]  # the cashier's sale is
    assert not merge_marker_is_there(till.db)
    with till.db.read() as session:
        undone = session.execute(
            text("SELECT detail FROM audit_log WHERE action = 'sync_import_undone'")
        ).scalars()
        assert ["(cancelled)" in detail for detail in undone] == [True]
        assert session.execute(text("SELECT count(*) FROM sync_imports")).scalar_one() == 0
    assert verify_journal(till.db, staff.supervisor).ok
