"""The journal check screen (*pemeriksaan jurnal*): walks every till's tamper-evident chain
and names, per chain, the first record that was changed, deleted, inserted or reordered.

A supervisor's: the screen asks :func:`bazaar_pos.people.integrity.verify_journal`, which checks
the logged-in user's role in the database, and shows the refusal for anyone else. The start-up
warning (:func:`install_journal_warning`) is for everybody: a red banner a cashier cannot miss,
with a button that only a supervisor can use to open this screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.db import Database
from bazaar_pos.db.journal import Break, BreakReason, ChainKind
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.people.access import Action, Actor, may
from bazaar_pos.people.integrity import (
    JournalCheck,
    rebuild_sales_summaries,
    rebuild_stock_balances,
    verify_journal,
)
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import JournalAtStart, Till
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.operations import Op, Progress, Running, run
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel
from bazaar_pos.ui.table_view import ERROR, INFO, setup_table

COL_TILL, COL_LINKS, COL_HEAD, COL_GRAND_TOTAL, COL_STATE = range(5)

# The operations' kind of the journal check: one at a time.
CHECK_OP = "journal_check"
_BAD = (
    "background: #fdecea; color: #b00020; font-weight: bold; padding: 8px;"
    " border: 1px solid #e6a5a5; border-radius: 3px;"
)
_GOOD = (
    "background: #e8f5e9; color: #1b5e20; font-weight: bold; padding: 8px;"
    " border: 1px solid #a5d6a7; border-radius: 3px;"
)


def summary_name(table: str) -> str:
    """A sales summary as the supervisor knows it (what the sales report shows from it)."""
    names = {
        "sales_by_product": QCoreApplication.translate("Journal", "penjualan per produk"),
        "event_sales_by_product": QCoreApplication.translate(
            "Journal", "penjualan per produk sepanjang acara"
        ),
        "sales_by_cashier": QCoreApplication.translate("Journal", "penjualan per kasir"),
        "receipts_by_institution": QCoreApplication.translate("Journal", "struk per instansi"),
        "sales_by_workshop": QCoreApplication.translate("Journal", "penjualan per bengkel kerja"),
        "receipts_by_category": QCoreApplication.translate("Journal", "struk per kategori"),
        "sales_by_method": QCoreApplication.translate("Journal", "penjualan per cara bayar"),
    }
    return names.get(table, table)


def reason_text(reason: BreakReason) -> str:
    texts = {
        BreakReason.CONTENT_DIFFERS: QCoreApplication.translate("Journal", "isinya diubah"),
        BreakReason.RECORD_MISSING: QCoreApplication.translate("Journal", "catatannya dihapus"),
        BreakReason.NOT_IN_CHAIN: QCoreApplication.translate(
            "Journal", "catatan tidak ada di rantai (disisipkan)"
        ),
        BreakReason.LINK_MISSING: QCoreApplication.translate("Journal", "mata rantai hilang"),
        BreakReason.LINK_ALTERED: QCoreApplication.translate("Journal", "mata rantai diubah"),
        BreakReason.ORDER_BROKEN: QCoreApplication.translate("Journal", "urutan rantai rusak"),
        BreakReason.COUNTER_MISMATCH: QCoreApplication.translate(
            "Journal", "nomor struk terakhir tidak cocok dengan penghitung (struk dipotong)"
        ),
    }
    return texts[reason]


def kind_text(kind: str) -> str:
    texts = {
        ChainKind.SALE.value: QCoreApplication.translate("Journal", "penjualan"),
        ChainKind.REFUND.value: QCoreApplication.translate("Journal", "refund"),
        ChainKind.SHIFT_CLOSE.value: QCoreApplication.translate("Journal", "laporan Z"),
        ChainKind.CASH_MOVEMENT.value: QCoreApplication.translate("Journal", "kas masuk/keluar"),
        ChainKind.MOVEMENT.value: QCoreApplication.translate("Journal", "mutasi stok"),
        ChainKind.COUNT_POST.value: QCoreApplication.translate("Journal", "penghitungan stok"),
        ChainKind.HANDOVER.value: QCoreApplication.translate("Journal", "serah terima"),
        ChainKind.AUDIT.value: QCoreApplication.translate("Journal", "log audit"),
    }
    return texts.get(kind, kind)


def describe_break(item: Break) -> str:
    """``#57 penjualan BPN1-000057: isinya diubah`` (the uuid when it has no number)."""
    where = f"#{item.seq} " if item.seq is not None else ""
    name = item.label or item.record_uuid
    what = (
        f"{kind_text(item.kind)} {name}".strip()
        if item.kind
        else QCoreApplication.translate("Journal", "rantai")
    )
    return f"{where}{what}: {reason_text(item.reason)}"


@dataclass(frozen=True)
class ChainRow:
    """One line of the check: a till's chain (or the records outside every chain)."""

    till: str
    links: str
    head: str
    grand_total: str
    state: str
    broken: bool


def chain_rows(result: JournalCheck) -> list[ChainRow]:
    """The table's lines for a check: each chain with its first break, then the records that
    no chain covers (if any)."""
    firsts = {item.till_id: item for item in result.first_breaks}
    rows: list[ChainRow] = []
    for chain in result.chains:
        found = firsts.get(chain.till_id)
        own = (
            QCoreApplication.translate("IntegrityScreen", " (kasa ini)")
            if chain.till_id == result.own_till_id
            else ""
        )
        rows.append(
            ChainRow(
                (chain.till_code or "?") + own,
                format_number(chain.links),
                f"#{chain.head_seq} {chain.head_sha256[:16]}",
                format_rupiah(chain.grand_total),
                QCoreApplication.translate("IntegrityScreen", "utuh")
                if found is None
                else describe_break(found),
                found is not None,
            )
        )
    outside = firsts.get("")
    if outside is not None:
        rows.append(
            ChainRow(
                QCoreApplication.translate("IntegrityScreen", "di luar rantai"),
                "",
                "",
                "",
                describe_break(outside),
                True,
            )
        )
    return rows


class ChainTableModel(RecordTableModel[ChainRow]):
    """The chains of the database, one per row, the state of a broken one in red."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            QCoreApplication.translate("IntegrityScreen", "Kasa"),
            QCoreApplication.translate("IntegrityScreen", "Mata rantai"),
            QCoreApplication.translate("IntegrityScreen", "Ujung rantai"),
            QCoreApplication.translate("IntegrityScreen", "Total besar kumulatif"),
            QCoreApplication.translate("IntegrityScreen", "Keadaan"),
        ]
        self.right_aligned = frozenset({COL_LINKS, COL_GRAND_TOTAL})

    def cell(self, record: ChainRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                record.till,
                record.links,
                record.head,
                record.grand_total,
                record.state,
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and record.broken and column == COL_STATE:
            return QColor(Qt.GlobalColor.red)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return RIGHT
        return None


class IntegrityScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    checked = Signal(object)  # JournalCheck

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.result: JournalCheck | None = None
        self.running: Running | None = None  # the check on its way, if any

        title = QLabel(self.tr("Pemeriksaan jurnal"))
        title_font = QFont(title.font())
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        title.setFont(title_font)
        explain = QLabel(
            self.tr(
                "Setiap penjualan, refund, laporan Z, mutasi stok dan kas, penghitungan, serah "
                "terima dan log audit dirantai dengan SHA-256 per kasa. Pemeriksaan menelusuri "
                "seluruh rantai dan menyebut catatan pertama yang diubah, dihapus, disisipkan "
                "atau ditukar urutannya."
            )
        )
        explain.setWordWrap(True)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("journalVerdict")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.hide()
        self.check_button = QPushButton(self.tr("Periksa sekarang"))
        self.check_button.setObjectName("journalCheck")
        self.check_button.clicked.connect(self.run_check)
        self.rebuild_button = QPushButton(self.tr("Tulis ulang ringkasan"))
        self.rebuild_button.setObjectName("rebuildSummaries")
        self.rebuild_button.clicked.connect(self.run_rebuild)
        self.rebuild_button.hide()  # shown when a check found a summary that differs
        self.balances_button = QPushButton(self.tr("Tulis ulang saldo stok"))
        self.balances_button.setObjectName("rebuildBalances")
        self.balances_button.clicked.connect(self.run_balances_rebuild)
        self.balances_button.hide()  # shown when a check found a balance that differs
        self.model = ChainTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("journalChains")
        self.table.setModel(self.model)
        setup_table(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.rebuild_button)
        buttons.addWidget(self.balances_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(buttons)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.table, 1)

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self._enable_check()

    def _enable_check(self) -> None:
        actor = self.actor
        allowed = actor is None or may(actor.role, Action.VERIFY_JOURNAL)
        self.check_button.setEnabled(allowed and self.running is None)
        self.rebuild_button.setEnabled(allowed and self.running is None)
        self.balances_button.setEnabled(allowed and self.running is None)

    def run_check(self) -> Running | None:
        """Walk every chain on the operations layer (every record of the till: seconds on a
        big one, and the till sells meanwhile; the service checks who may); show the result
        (``checked``) or the refusal."""
        db, actor = self.till.db, self.actor

        def work(_progress: Progress) -> JournalCheck:
            return verify_journal(db, actor)

        title = self.tr("Pemeriksaan jurnal")
        self.running = run(Op(CHECK_OP, title, work, self._checked, self._refused))
        self._enable_check()
        return self.running

    def _checked(self, result: JournalCheck) -> None:
        self.running = None
        self._enable_check()
        self.result = result
        self._show(result)
        self.checked.emit(result)

    def _refused(self, error: Exception) -> None:
        """A check or rebuild that failed (refused, a full disk, a lost server): said in the
        verdict and the status bar; the buttons are ready for another try."""
        self.running = None
        self._enable_check()
        self._verdict(describe_error(error), good=False)
        self.statusMessage.emit(describe_error(error), ERROR)

    def _verdict(self, text: str, *, good: bool) -> None:
        self.verdict_label.setText(text)
        self.verdict_label.setStyleSheet(_GOOD if good else _BAD)
        self.verdict_label.show()

    def _show(self, result: JournalCheck) -> None:
        self.model.set_records(chain_rows(result))
        self.table.resizeColumnsToContents()
        seconds = f"{result.seconds:.1f}"
        if result.ok:
            text = self.tr("Jurnal utuh: {links} mata rantai diperiksa dalam {seconds} detik.")
            self._verdict(
                text.format(links=format_number(result.records), seconds=seconds), good=True
            )
            self.statusMessage.emit(self.verdict_label.text(), INFO)
        elif result.first_breaks:
            first = result.first_breaks[0]
            text = self.tr("JURNAL RUSAK: {count} masalah. Yang pertama: {first}")
            self._verdict(
                text.format(count=format_number(result.breaks), first=describe_break(first)),
                good=False,
            )
            self.statusMessage.emit(self.verdict_label.text(), ERROR)
        else:
            # The journal is whole, but what the screens and the sales report read from is
            # not the sum of it: a stock balance (the ledger itself is right) or a sales
            # summary (the records are right; written again on request).
            self._verdict(" ".join(self._derived_problems(result)), good=False)
            self.statusMessage.emit(self.verdict_label.text(), ERROR)
        self.rebuild_button.setVisible(bool(result.summaries))
        self.balances_button.setVisible(bool(result.balances))

    def _derived_problems(self, result: JournalCheck) -> list[str]:
        problems = []
        if result.balances:
            item = result.balances[0]
            text = self.tr(
                "STOK TIDAK COCOK: saldo stok {count} produk berbeda dari jumlah mutasinya. "
                "Yang pertama: {sku}, saldo {balance}, mutasi {ledger}. Mutasinya sendiri "
                "utuh: tekan 'Tulis ulang saldo stok'."
            )
            problems.append(
                text.format(
                    count=format_number(len(result.balances)),
                    sku=item.sku,
                    balance="—" if item.balance is None else format_number(item.balance),
                    ledger=format_number(item.ledger),
                )
            )
        if result.summaries:
            text = self.tr(
                "RINGKASAN PENJUALAN TIDAK COCOK: {count} tabel berbeda dari catatan penjualan "
                "({tables}); laporan penjualan membacanya. Catatannya sendiri utuh: tekan "
                "'Tulis ulang ringkasan'."
            )
            tables = ", ".join(summary_name(item.table) for item in result.summaries)
            problems.append(text.format(count=len(result.summaries), tables=tables))
        return problems

    def run_rebuild(self) -> Running | None:
        """Write the sales summaries again from the records (under the write lock: the tills
        wait for it, a second or so per 100,000 lines), then check again."""
        return self._rebuild(self.tr("Menulis ulang ringkasan penjualan"), rebuild_sales_summaries)

    def run_balances_rebuild(self) -> Running | None:
        """Write every stock balance again from the ledger (under the write lock), then check
        again."""
        return self._rebuild(self.tr("Menulis ulang saldo stok"), rebuild_stock_balances)

    def _rebuild(
        self, title: str, rebuild: Callable[[Database, Actor | None], None]
    ) -> Running | None:
        """``rebuild`` then the check, on the operations layer; the service checks who may."""
        db, actor = self.till.db, self.actor

        def work(_progress: Progress) -> JournalCheck:
            rebuild(db, actor)
            return verify_journal(db, actor)

        self.running = run(Op(CHECK_OP, title, work, self._checked, self._refused))
        self._enable_check()
        return self.running


def install_journal_warning(
    window: QMainWindow, check: JournalAtStart | None, *, ask: bool = True
) -> QWidget | None:
    """When the start-up check found a break: a red banner over the till that stays (nobody
    can miss it, whoever logs in) and, with ``ask``, a warning dialog. The banner's button
    opens the check screen; it is enabled only for a supervisor or an admin."""
    if check is None or check.ok or check.first is None:
        return None
    text = QCoreApplication.translate(
        "Journal",
        "PERINGATAN: jurnal kasa ini rusak. Catatan pertama yang bermasalah: {first}. "
        "Panggil supervisor sebelum melanjutkan.",
    ).format(first=describe_break(check.first))
    banner = QWidget(window)
    banner.setObjectName("journalWarning")
    label = QLabel(text, banner)
    label.setObjectName("journalWarningText")
    label.setWordWrap(True)
    label.setStyleSheet(_BAD)
    button = QPushButton(QCoreApplication.translate("Journal", "Buka pemeriksaan jurnal"), banner)
    button.setObjectName("journalWarningOpen")
    row = QHBoxLayout(banner)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label, 1)
    row.addWidget(button)

    def follow(actor: Actor | None) -> None:
        button.setEnabled(actor is not None and may(actor.role, Action.VERIFY_JOURNAL))

    follow(getattr(window, "actor", None))
    actor_changed = getattr(window, "actorChanged", None)
    if actor_changed is not None:
        actor_changed.connect(follow)
    show_screen = getattr(window, "show_screen", None)
    if show_screen is not None:
        button.clicked.connect(lambda: show_screen("integrity"))
    central = window.centralWidget()
    layout = central.layout() if central is not None else None
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(0, banner)
    if ask:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("Journal", "Jurnal rusak"),
            text,
            parent=window,
        )
        box.setObjectName("journalWarningDialog")
        box.open()  # not modal to the event loop: the banner stays after it is closed
    return banner
