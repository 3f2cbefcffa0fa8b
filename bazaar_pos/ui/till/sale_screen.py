"""The sale screen: scan (or search), build the cart, pay, print. Keyboard first.

Every user action is one service call; the screen keeps only the in-memory cart and refreshes
from what the services return.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import logging
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from bazaar_pos.catalog.lookup import ProductInfo, find_by_code
from bazaar_pos.db.faults import DatabaseFault, DatabaseReplaced, database_fault
from bazaar_pos.db.models import Role
from bazaar_pos.errors import PosError, UnknownCode
from bazaar_pos.money import format_number, format_rupiah, format_signed_rupiah, parse_rupiah
from bazaar_pos.people import shifts
from bazaar_pos.people.access import Actor, Approval, ApprovalAction, role_at_least
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.till import open_cart, parking, pricing
from bazaar_pos.till.cart import MAX_LINE_QUANTITY, CartLine, parse_scan
from bazaar_pos.till.sales import (
    PaymentRequest,
    SaleResult,
    commit_sale,
    lines_from_cart,
    note_catalog_prices,
)

if TYPE_CHECKING:
    from bazaar_pos.ui.papers.printing import ReceiptDelivery
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error, rupiah_in_sentence
from bazaar_pos.ui.people import login_dialog
from bazaar_pos.ui.table_view import ERROR, INFO, WARNING, show_status_line
from bazaar_pos.ui.till import parked_dialog
from bazaar_pos.ui.till.cart_model import COL_NAME, COL_QTY, CartModel
from bazaar_pos.ui.till.payment_panel import PaymentPanel
from bazaar_pos.ui.till.search_model import ProductSearchModel
from bazaar_pos.ui.till.search_runner import BackgroundSearch

log = logging.getLogger(__name__)

# A barcode scanner types only digits; letters mean a person is searching by name.
_NAME_SEARCH_RE = re.compile(r"[^\d\s*]")
SEARCH_DELAY_MS = 120
# The search index is built this long after the screen opens (while the cashier logs in), so
# the first name typed finds it ready; not at once, so a start that only opens the window and
# closes it (the cold-start benchmark) does not wait for it.
SEARCH_PREPARE_MS = 1500

# Widest text expected in each column after the name, per table.
_CART_SAMPLES = ("99.999", "Rp 10.000.000 *", "-Rp 1.000.000", "Rp 100.000.000")
_SEARCH_SAMPLES = ("BNA-BES-0000000", "BPN", "Rp 10.000.000", "99.999")


class SaleScreen(QWidget):
    saleCompleted = Signal(object)  # SaleResult
    receiptDelivered = Signal(object)  # ReceiptDelivery
    statusMessage = Signal(str, str)  # text, level

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.pending_quantity: int | None = None
        self.last_sale: SaleResult | None = None
        self.last_delivery: ReceiptDelivery | None = None

        self.cart_model = CartModel(self)
        self.search_model = ProductSearchModel(self)

        self.scan_edit = QLineEdit()
        self.scan_edit.setObjectName("scanEdit")
        self.scan_edit.setPlaceholderText(
            self.tr("Scan barcode / ketik SKU lalu Enter — atau ketik nama untuk mencari")
        )
        scan_font = QFont(self.scan_edit.font())
        scan_font.setPointSize(scan_font.pointSize() + 4)
        self.scan_edit.setFont(scan_font)
        self.scan_edit.installEventFilter(self)
        self.scan_edit.textEdited.connect(self._scan_text_edited)

        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingQuantity")

        self.search_view = QTableView()
        self.search_view.setObjectName("searchResults")
        self.search_view.setModel(self.search_model)
        self._setup_table(self.search_view, _SEARCH_SAMPLES)
        self.search_view.hide()
        self.search_view.doubleClicked.connect(self._search_result_activated)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        # Searches run off the GUI thread: a scan's Enter never waits for one.
        self._searcher = BackgroundSearch(till.db, self, prepare_after_ms=SEARCH_PREPARE_MS)
        self._searcher.found.connect(self._show_search_results)
        self._searcher.failed.connect(self._search_failed)
        # Enter pressed on a name before its results came: (quantity, why no code matched).
        self._enter_waits: tuple[int, UnknownCode] | None = None

        self.cart_view = QTableView()
        self.cart_view.setObjectName("cartView")
        self.cart_view.setModel(self.cart_model)
        self._setup_table(self.cart_view, _CART_SAMPLES)
        self.cart_view.verticalHeader().show()  # line numbers
        self.cart_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.cart_model.totalChanged.connect(self._total_changed)
        # Nothing lost when the till stops mid-sale: the cart on disk after every change, and
        # what a till that stopped left behind, claimed before this screen saves anything.
        self.cart_saved = True  # the cart on disk is the cart on screen
        self.leftovers = self._claim_leftovers()
        self.cart_model.cartChanged.connect(self.keep_cart_saved)
        self.cart_model.editRejected.connect(self.show_error)
        # A lower quantity typed into the table is a void: asked for after the editor closed,
        # not from inside its commit (a dialog there would commit the editor a second time).
        self.cart_model.quantityLowered.connect(
            lambda row, quantity: QTimer.singleShot(0, lambda: self.reduce_quantity(row, quantity))
        )

        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        total_font = QFont(self.total_label.font())
        total_font.setPointSize(total_font.pointSize() + 14)
        total_font.setBold(True)
        self.total_label.setFont(total_font)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.items_label = QLabel()
        self.items_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        # Subtotal and discount, shown once the cart has a discount.
        self.discount_label = QLabel()
        self.discount_label.setObjectName("discountLabel")
        self.discount_label.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.payment_panel = PaymentPanel()
        self.payment_panel.hide()
        self.payment_panel.confirmed.connect(self.pay)
        self.payment_panel.cancelled.connect(self.close_payment)
        self.payment_panel.invalid.connect(self.show_error)
        self.payment_panel.problem.connect(lambda text: self.show_status(text, WARNING))

        self.last_sale_label = QLabel()
        self.last_sale_label.setObjectName("lastSale")
        self.last_sale_label.setWordWrap(True)
        last_font = QFont(self.last_sale_label.font())
        last_font.setPointSize(last_font.pointSize() + 3)
        last_font.setBold(True)
        self.last_sale_label.setFont(last_font)
        self.keys_label = QLabel(self._keys_help())
        self.keys_label.setObjectName("keysHelp")
        self.keys_label.setWordWrap(True)
        self.keys_label.setTextFormat(Qt.TextFormat.RichText)

        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(36)

        left = QVBoxLayout()
        left.addWidget(self.scan_edit)
        left.addWidget(self.pending_label)
        left.addWidget(self.search_view, 2)
        left.addWidget(self.cart_view, 5)
        left.addWidget(self.status_label)
        right = QVBoxLayout()
        right.addWidget(self.total_label)
        right.addWidget(self.discount_label)
        right.addWidget(self.items_label)
        right.addWidget(self.payment_panel)
        right.addWidget(self.last_sale_label)
        right.addStretch(1)
        right.addWidget(self.keys_label)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self._total_changed(0)
        self._show_pending()

    def _setup_table(self, view: QTableView, samples: tuple[str, ...]) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the focus
        view.verticalHeader().hide()
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)  # "Rp 1.650.000" on one line, never split
        header = view.horizontalHeader()
        header.setMinimumSectionSize(40)
        # Numbers get room for the largest amounts a line can reach, so they are never cut
        # ("Rp 1.6…"); the product name takes the rest of the width.
        metrics = view.fontMetrics()
        padding = 24
        for column, sample in enumerate(samples, start=1):
            title = view.model().headerData(column, Qt.Orientation.Horizontal)
            widest = max(metrics.horizontalAdvance(str(title)), metrics.horizontalAdvance(sample))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, widest + padding)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)

    def _keys_help(self) -> str:
        rows = [
            (self.tr("Enter"), self.tr("tambah barcode / SKU / hasil cari")),
            (self.tr("1600*"), self.tr("jumlah untuk scan berikutnya")),
            (self.tr("↑ ↓"), self.tr("pilih baris")),
            (self.tr("F4"), self.tr("ubah jumlah baris")),
            (self.tr("F8"), self.tr("hapus baris (void)")),
            (self.tr("F9"), self.tr("diskon baris")),
            (self.tr("Shift+F9"), self.tr("diskon seluruh penjualan")),
            (self.tr("F10"), self.tr("ubah harga baris")),
            (self.tr("F2 / F3"), self.tr("parkir / lanjutkan penjualan")),
            (self.tr("Ctrl+Del"), self.tr("batalkan seluruh keranjang")),
            (self.tr("F12"), self.tr("bayar")),
            (self.tr("F5 / F6 / F7"), self.tr("tunai / QRIS / transfer")),
            (self.tr("F11"), self.tr("bagi pembayaran (QRIS/transfer + tunai)")),
            (self.tr("Ctrl+1…4"), self.tr("uang pas / 20.000 / 50.000 / 100.000")),
            (self.tr("Esc"), self.tr("batal cari / kembali")),
        ]
        cells = "".join(
            f"<tr><td><b>{key}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for key, what in rows
        )
        return f"<table>{cells}</table>"

    # --- status area ------------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        if isinstance(error, shifts.NoOpenShift):
            self._say_no_shift()
            return
        self.show_status(describe_error(error), ERROR)

    def _say_no_shift(self) -> None:
        self.show_status(self.tr("Shift belum dibuka: buka shift dulu (Alt+9)"), WARNING)

    # --- nothing lost: the open cart on disk, carts left by a till that stopped -----------------
    def _claim_leftovers(self) -> list[Path]:
        try:
            return open_cart.claim_leftovers(self.till.data_dir)
        except OSError:
            log.exception("the carts left by the last session could not be claimed")
            return []

    def keep_cart_saved(self) -> None:
        """Write the cart to disk after a change (~1 ms); a failure is said once, not fatal."""
        cart = self.cart_model.cart
        cashier = self.actor.display_name if self.actor is not None else ""
        try:
            open_cart.save_open_cart(
                self.till.data_dir, cart, till_code=self.settings.till_code, cashier=cashier
            )
        except OSError:
            if self.cart_saved:
                log.exception("the open cart could not be kept on disk")
                # After the message of the scan itself, which is shown when this returns.
                QTimer.singleShot(0, self._say_cart_not_saved)
            self.cart_saved = False
            return
        self.cart_saved = True

    def _say_cart_not_saved(self) -> None:
        self.show_status(
            self.tr(
                "Keranjang tidak bisa disimpan ke disk (disk penuh atau tidak bisa ditulis): "
                "kalau kasa mati sekarang, keranjang ini hilang. Penjualan tetap bisa dibayar."
            ),
            WARNING,
        )

    def recover_leftovers(self) -> list[open_cart.RecoveredCart]:
        """Park the carts a stopped till left (after a login: parking needs somebody) and tell
        the cashier. A cart that cannot be parked now stays for the next login."""
        actor = self.actor
        if actor is None or not self.leftovers:
            return []
        done: list[open_cart.RecoveredCart] = []
        for path in list(self.leftovers):
            try:
                result = open_cart.recover_leftover(
                    self.till.db,
                    path,
                    actor=actor,
                    till_code=self.settings.till_code,
                    label=self.tr("Dipulihkan: kasa mati saat penjualan"),
                )
            except (PosError, SQLAlchemyError, OSError) as error:
                log.warning("a leftover cart (%s) could not be parked: %r", path.name, error)
                self.show_status(
                    self.tr(
                        "Keranjang yang tertinggal saat kasa mati belum bisa diparkir: {error}. "
                        "Dicoba lagi saat login berikutnya."
                    ).format(
                        error=describe_error(error)
                        if not isinstance(error, OSError)
                        else self.tr("basis data atau disk menolak")
                    ),
                    WARNING,
                )
                continue
            self.leftovers.remove(path)
            done.append(result)
        self._tell_recovered(done)
        return done

    def _tell_recovered(self, results: Sequence[open_cart.RecoveredCart]) -> None:
        texts = []
        for result in results:
            saved = result.saved
            if result.outcome is open_cart.Recovery.UNREADABLE or saved is None:
                texts.append(
                    self.tr(
                        "Keranjang yang tersimpan saat kasa mati tidak bisa dibaca. Berkasnya "
                        "disimpan untuk admin: {path}"
                    ).format(path=result.path)
                )
            elif result.outcome is open_cart.Recovery.ALREADY_SOLD:
                texts.append(
                    self.tr(
                        "Kasa mati tepat setelah penjualan {total} tersimpan: penjualan itu "
                        "sudah tercatat, tidak ada yang perlu diulang."
                    ).format(total=rupiah_in_sentence(saved.total))
                )
            else:
                text = self.tr(
                    "Kasa mati di tengah penjualan. Keranjang {name} ({lines} baris, "
                    "{total}, terakhir diubah {time}) TIDAK terjual dan sudah diparkir. "
                    "Lanjutkan dengan F3 dan tanyakan pembeli apakah sudah membayar."
                ).format(
                    name=saved.cashier or "-",
                    lines=saved.line_count,
                    total=rupiah_in_sentence(saved.total),
                    time=saved.saved_at.astimezone().strftime("%H:%M"),
                )
                if saved.price_changes:  # approvals are not kept with a cart on disk
                    text += " " + self.tr(
                        "Diskon dan ubah harga yang perlu persetujuan supervisor diminta lagi "
                        "saat dibayar."
                    )
                texts.append(text)
        if not texts:
            return
        text = "\n\n".join(texts)
        self.show_status(text, WARNING)
        if any(r.outcome is not open_cart.Recovery.ALREADY_SOLD for r in results):
            ask.inform(self, self.tr("Keranjang dipulihkan"), text)

    def park_for_close(self) -> bool:
        """The window is closing with a cart: park it (True), or, when that cannot be done
        now (nobody logged in, the database refuses), leave it on disk for the next start
        (True, said). False only when neither worked: the window then stays open."""
        cart = self.cart_model.cart
        if cart.is_empty():
            return True
        problem = ""
        if self.actor is not None:
            label = self.tr("Jendela ditutup {time}").format(
                time=dt.datetime.now().astimezone().strftime("%H:%M")
            )
            try:
                parking.park_sale(
                    self.till.db,
                    cart,
                    till_code=self.settings.till_code,
                    actor=self.actor,
                    label=label,
                )
            except (PosError, SQLAlchemyError) as error:
                log.warning("the cart could not be parked on close: %r", error)
                problem = describe_error(error)
            else:
                self.cart_model.clear()
                return True
        if self.cart_saved:
            ask.inform(
                self,
                self.tr("Keranjang disimpan"),
                self.tr(
                    "Keranjang tidak bisa diparkir sekarang{problem}. Keranjang tetap tersimpan "
                    "di disk dan diparkir otomatis saat kasa dibuka lagi."
                ).format(problem=f" ({problem})" if problem else ""),
            )
            return True
        self.show_status(
            self.tr(
                "Keranjang tidak bisa diparkir atau disimpan: jendela tetap terbuka. Bayar, "
                "parkir (F2) atau batalkan (Ctrl+Del) dulu."
            ),
            ERROR,
        )
        return False

    # --- who sells, and in which shift ----------------------------------------------------------
    def set_actor(self, actor: Actor | None) -> None:
        """The person logged in (None: the till is locked). The cart stays on a user switch."""
        self.actor = actor

    def _seller(self) -> Actor | None:
        """The logged-in user, or None after telling the cashier to log in."""
        if self.actor is None:
            self.show_status(self.tr("Belum ada yang masuk: login dulu (Ctrl+L)."), WARNING)
        return self.actor

    def _ready_to_sell(self) -> bool:
        """Someone is logged in and the till has an open shift (checked again by the sale
        service; this only says it before the cashier rings up a whole cart)."""
        if self._seller() is None:
            return False
        if shifts.current_shift(self.till.db, self.settings.till_code) is None:
            self._say_no_shift()
            return False
        return True

    def _approval_for(
        self, needed: str, terms: tuple[ApprovalAction, str, int], description: str
    ) -> tuple[bool, Approval | None]:
        """(go ahead?, approval): asks a supervisor's PIN when ``needed`` is above the user.

        ``terms`` is what the approval is bound to: (action, subject, amount). The service
        checks and spends it; asking here only spares a refused sale later.
        """
        actor = self.actor
        assert actor is not None
        if role_at_least(actor.role, needed):
            return True, None
        action, subject, amount = terms
        approval = login_dialog.ask_approval(
            self,
            self.till.db,
            self.settings.till_code,
            action=action,
            subject=subject,
            amount=amount,
            description=description,
            minimum_role=needed,
            requested_by=actor,
        )
        if approval is None:
            self.show_status(
                self.tr("Tidak diubah: {what} perlu persetujuan {role}.").format(
                    what=description, role=self._role_name(needed)
                ),
                WARNING,
            )
            return False, None
        return True, approval

    @staticmethod
    def _line_terms(line: CartLine) -> tuple[ApprovalAction, str, int]:
        action, amount = pricing.line_terms(line)
        return action, line.subject, amount

    def _role_name(self, role: str) -> str:
        names: dict[str, str] = {
            Role.CASHIER: self.tr("kasir"),
            Role.SUPERVISOR: self.tr("supervisor"),
            Role.ADMIN: self.tr("admin"),
        }
        return names.get(role, role)

    # --- scanning and searching -------------------------------------------------------------
    def _scan_text_edited(self, text: str) -> None:
        self._enter_waits = None  # the Enter pressed before was for other text
        if _NAME_SEARCH_RE.search(text.split("*", 1)[-1]) and len(text.strip()) >= 2:
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._hide_search()

    def _search_text(self) -> str:
        return self.scan_edit.text().split("*", 1)[-1].strip()

    def _run_search(self) -> None:
        text = self._search_text()
        if len(text) < 2:
            self._hide_search()
            return
        self._searcher.search(text)

    def _show_search_results(self, text: str, results: list[ProductInfo]) -> None:
        if text != self._search_text():
            return  # the field changed since (a scan, Esc): these results are for nothing
        self.search_model.set_products(results)
        self.search_view.setVisible(bool(results))
        if results:
            self.search_view.selectRow(0)
        waiting, self._enter_waits = self._enter_waits, None
        if waiting is not None:
            quantity, unknown = waiting
            if results:
                self._add_to_cart(results[0], quantity)
            else:
                self.show_error(unknown)
                self.scan_edit.selectAll()
        elif not results:
            self.show_status(
                self.tr("Tidak ada produk yang cocok dengan '{text}'.").format(text=text), WARNING
            )

    def _search_failed(self, text: str, error: Exception) -> None:
        self._enter_waits = None
        if text == self._search_text():
            self.show_error(error)

    def _hide_search(self) -> None:
        self._searcher.cancel()  # a late answer must not show the list again
        self._enter_waits = None
        self.search_view.hide()
        self.search_model.set_products([])

    def _selected_search_product(self) -> ProductInfo | None:
        if not self.search_view.isVisible():
            return None
        rows = self.search_view.selectionModel().selectedRows()
        return self.search_model.product(rows[0].row()) if rows else None

    def _search_result_activated(self, index: QModelIndex) -> None:
        self._add_to_cart(self.search_model.product(index.row()), self._take_quantity_prefix())

    def submit_scan(self) -> None:
        """Enter in the scan field: add a product by code, by search result, or set a quantity."""
        text = self.scan_edit.text()
        if not text.strip():
            return
        try:
            scan = parse_scan(text)
        except PosError as error:
            self.show_error(error)  # the text stays so the cashier can correct it
            return
        if scan.quantity is not None and not scan.code:
            self.pending_quantity = scan.quantity
            self.scan_edit.clear()
            self._show_pending()
            return
        quantity = scan.quantity or self.pending_quantity or 1
        try:
            product = find_by_code(self.till.db, scan.code)
        except UnknownCode as error:
            if self._search_timer.isActive():  # typed fast and pressed Enter: search now
                self._search_timer.stop()
                self._run_search()
            if self._searcher.pending():  # the first result is taken when it comes
                self._enter_waits = (quantity, error)
                return
            chosen = self._selected_search_product()
            if chosen is None:
                self.show_error(error)
                self.scan_edit.selectAll()
                return
            product = chosen
        self._add_to_cart(product, quantity)

    def _take_quantity_prefix(self) -> int:
        text = self.scan_edit.text()
        if "*" in text:
            try:
                scan = parse_scan(text)
            except PosError:
                return self.pending_quantity or 1
            if scan.quantity:
                return scan.quantity
        return self.pending_quantity or 1

    def _add_to_cart(self, product: ProductInfo, quantity: int) -> None:
        # The first line of a cart is where a missing login or shift is said: the scanned code
        # stays in the field, nothing else is lost.
        if self.cart_model.cart.is_empty() and not self._ready_to_sell():
            self.scan_edit.selectAll()
            return
        try:
            row = self.cart_model.add_product(product, quantity)
        except PosError as error:
            self.show_error(error)
            return
        self.scan_edit.clear()
        self._hide_search()
        self.pending_quantity = None
        self._show_pending()
        self.cart_view.selectRow(row)
        line = self.cart_model.line(row)
        added = self.tr("{qty} × {name} — {total}").format(
            qty=format_number(quantity), name=product.name, total=format_rupiah(line.line_total)
        )
        if line.over_stock:
            self.show_status(
                self.tr("{added}. Perhatian: stok tercatat hanya {on_hand}; tetap dijual.").format(
                    added=added, on_hand=format_number(product.on_hand or 0)
                ),
                WARNING,
            )
        else:
            self.show_status(added, INFO)

    def _show_pending(self) -> None:
        if self.pending_quantity is None:
            self.pending_label.setText("")
        else:
            self.pending_label.setText(
                self.tr("Jumlah untuk scan berikutnya: {qty}").format(
                    qty=format_number(self.pending_quantity)
                )
            )

    # --- cart lines -------------------------------------------------------------------------
    def selected_cart_row(self) -> int | None:
        rows = self.cart_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def move_selection(self, step: int) -> None:
        view = self.search_view if self.search_view.isVisible() else self.cart_view
        count = view.model().rowCount()
        if not count:
            return
        current = view.selectionModel().selectedRows()
        row = current[0].row() + step if current else (0 if step > 0 else count - 1)
        view.selectRow(max(0, min(count - 1, row)))

    def change_selected_quantity(self) -> None:
        row = self.selected_cart_row()
        if row is None:
            self.show_status(self.tr("Pilih baris dulu (↑ ↓)."), WARNING)
            return
        line = self.cart_model.line(row)
        quantity = ask.ask_integer(
            self,
            self.tr("Ubah jumlah"),
            self.tr("Jumlah {name}:").format(name=line.product.name),
            line.quantity,
            1,
            MAX_LINE_QUANTITY,
        )
        if quantity is None:
            return
        if quantity < line.quantity:
            self.reduce_quantity(row, quantity)
            return
        try:
            self.cart_model.set_quantity(row, quantity)
        except PosError as error:
            self.show_error(error)
            return
        self.show_status(
            self.tr("Jumlah {name} menjadi {qty}.").format(
                name=line.product.name, qty=format_number(quantity)
            )
        )

    def reduce_quantity(self, row: int, quantity: int) -> bool:
        """Lower a line's quantity: a void of the difference (logged; a supervisor approves)."""
        if not 0 <= row < self.cart_model.rowCount():
            return False
        line = self.cart_model.line(row)
        if not 0 < quantity < line.quantity:
            return False
        # The cart's own rules (a Rupiah discount must still fit) are tried on a copy first:
        # the void is logged at once and must not be logged for a change the cart refuses.
        trial = copy.deepcopy(self.cart_model.cart)
        try:
            trial.set_quantity(row, quantity)
        except PosError as error:
            self.show_error(error)
            return False
        if not self._void(line, line.quantity - quantity):
            return False
        self.cart_model.set_quantity(row, quantity)
        self.show_status(
            self.tr("Jumlah {name} menjadi {qty} (void {removed}).").format(
                name=line.product.name,
                qty=format_number(quantity),
                removed=format_number(line.quantity - quantity),
            )
        )
        return True

    def remove_selected_line(self) -> None:
        row = self.selected_cart_row()
        if row is None:
            self.show_status(self.tr("Pilih baris dulu (↑ ↓)."), WARNING)
            return
        if not self._void(self.cart_model.line(row), self.cart_model.line(row).quantity):
            return
        line = self.cart_model.remove_row(row)
        if self.cart_model.rowCount():
            self.cart_view.selectRow(min(row, self.cart_model.rowCount() - 1))
        self.show_status(self.tr("Baris {name} dihapus.").format(name=line.product.name))

    def _void(self, line: CartLine, quantity_removed: int) -> bool:
        """Log the void of ``quantity_removed`` of ``line``; a cashier needs a supervisor's PIN.

        The cart is changed by the caller only when this returns True.
        """
        actor = self._seller()
        if actor is None:
            return False
        removed_value = parking.void_value(line, quantity_removed)
        description = self.tr("Void {qty} × {name} ({amount})").format(
            qty=format_number(quantity_removed),
            name=line.product.name,
            amount=format_rupiah(removed_value),
        )
        go_ahead, approval = self._approval_for(
            parking.VOID_NEEDS_ROLE,
            (ApprovalAction.LINE_VOID, line.subject, parking.void_value(line, quantity_removed)),
            description,
        )
        if not go_ahead:
            return False
        try:
            parking.void_line(
                self.till.db,
                line,
                quantity_removed,
                actor=actor,
                till_code=self.settings.till_code,
                approval=approval,
            )
        except PosError as error:
            self.show_error(error)
            return False
        return True

    # --- discounts and price overrides ---------------------------------------------------------
    def _selected_line_for_change(self) -> int | None:
        if self._seller() is None:
            return None
        row = self.selected_cart_row()
        if row is None:
            self.show_status(self.tr("Pilih baris dulu (↑ ↓)."), WARNING)
        return row

    def _describe_discount(self, request: pricing.DiscountRequest, amount: int) -> str:
        if request.kind == "percent":
            return self.tr("Diskon {percent}% ({amount})").format(
                percent=request.value, amount=format_rupiah(amount)
            )
        return self.tr("Diskon {amount}").format(amount=format_rupiah(amount))

    def _ask_discount(self, title: str) -> pricing.DiscountRequest | None:
        text = ask.ask_text(self, title, self.tr("Diskon baris (mis. 10% atau 5.000)"))
        if text is None or not text.strip():
            return None
        try:
            return pricing.parse_discount(text)
        except PosError as error:
            self.show_error(error)
            return None

    def discount_selected_line(self) -> None:
        """F9: a percentage or Rupiah off the selected line ("0" takes the discount away)."""
        row = self._selected_line_for_change()
        if row is None:
            return
        line = self.cart_model.line(row)
        request = self._ask_discount(self.tr("Diskon baris"))
        if request is None:
            return
        try:
            amount = pricing.discount_amount(line.quantity * line.unit_price, request)
            changed = dataclasses.replace(line, line_discount=amount)
            needed = pricing.line_needs_role(changed)
        except PosError as error:
            self.show_error(error)
            return
        description = self.tr("{discount} untuk {name}").format(
            discount=self._describe_discount(request, amount), name=line.product.name
        )
        go_ahead, approval = self._approval_for(needed, self._line_terms(changed), description)
        if not go_ahead:
            return
        try:
            self.cart_model.set_line_discount(row, amount, approval)
        except PosError as error:
            self.show_error(error)
            return
        self._say_changed(description, approval)

    def discount_sale(self) -> None:
        """Shift+F9: a percentage or Rupiah off the whole sale."""
        if self._seller() is None:
            return
        cart = self.cart_model.cart
        if cart.is_empty():
            self.show_status(self.tr("Keranjang masih kosong: scan produk dulu."), WARNING)
            return
        text = ask.ask_text(
            self,
            self.tr("Diskon penjualan"),
            self.tr("Diskon seluruh penjualan (mis. 10% atau 5.000)"),
        )
        if text is None or not text.strip():
            return
        try:
            request = pricing.parse_discount(text)
            amount = pricing.discount_amount(cart.subtotal, request)
            needed = pricing.sale_discount_needs_role(
                dataclasses.replace(cart, sale_discount=amount)
            )
        except PosError as error:
            self.show_error(error)
            return
        description = self.tr("{discount} untuk seluruh penjualan").format(
            discount=self._describe_discount(request, amount)
        )
        go_ahead, approval = self._approval_for(
            needed, (ApprovalAction.SALE_DISCOUNT, cart.subject, amount), description
        )
        if not go_ahead:
            return
        try:
            self.cart_model.set_sale_discount(amount, approval)
        except PosError as error:
            self.show_error(error)
            return
        self._say_changed(description, approval)

    def override_selected_price(self) -> None:
        """F10: another unit price for the selected line (e.g. a damaged piece)."""
        row = self._selected_line_for_change()
        if row is None:
            return
        line = self.cart_model.line(row)
        text = ask.ask_text(
            self,
            self.tr("Ubah harga"),
            self.tr("Harga baru per {unit} untuk {name} (katalog {price}):").format(
                unit=line.product.unit,
                name=line.product.name,
                price=format_rupiah(line.list_price),
            ),
            format_rupiah(line.unit_price).removeprefix("Rp "),
        )
        if text is None or not text.strip():
            return
        try:
            price = parse_rupiah(text)
            changed = dataclasses.replace(line, unit_price=price)
            needed = pricing.line_needs_role(changed)
        except PosError as error:
            self.show_error(error)
            return
        description = self.tr("Harga {name} {old} → {new}").format(
            name=line.product.name,
            old=format_rupiah(line.list_price),
            new=format_rupiah(price),
        )
        go_ahead, approval = self._approval_for(needed, self._line_terms(changed), description)
        if not go_ahead:
            return
        try:
            self.cart_model.override_price(row, price, approval)
        except PosError as error:
            self.show_error(error)
            return
        self._say_changed(description, approval)

    def _say_changed(self, description: str, approval: Approval | None) -> None:
        if approval is None:
            self.show_status(description)
        else:
            self.show_status(
                self.tr("{what} — disetujui {name}.").format(
                    what=description, name=approval.approver_name
                )
            )

    # --- cancel, park and resume ---------------------------------------------------------------
    def cancel_cart(self) -> None:
        """Ctrl+Delete: abandon the whole cart before payment (logged with its lines)."""
        actor = self._seller()
        if actor is None:
            return
        cart = self.cart_model.cart
        if cart.is_empty():
            self.show_status(self.tr("Keranjang sudah kosong."), INFO)
            return
        question = self.tr("Batalkan seluruh keranjang ({lines} baris, {total})?").format(
            lines=len(cart.lines), total=format_rupiah(cart.total)
        )
        # Enter keeps the cart: the next scan's Enter must not throw it away.
        if not ask.choose_carefully(
            self,
            self.tr("Batalkan penjualan"),
            question,
            self.tr("Batalkan keranjang"),
            self.tr("Kembali ke penjualan"),
        ):
            return
        try:
            parking.cancel_sale(self.till.db, cart, actor=actor, till_code=self.settings.till_code)
        except PosError as error:
            self.show_error(error)
            return
        total = cart.total
        self.cart_model.clear()
        self.close_payment()
        self.show_status(
            self.tr("Penjualan {total} dibatalkan (tercatat).").format(total=format_rupiah(total))
        )

    def park_cart(self) -> None:
        """F2: put the cart aside (the customer fetches money) and serve the next one."""
        actor = self._seller()
        if actor is None:
            return
        cart = self.cart_model.cart
        if cart.is_empty():
            self.show_status(self.tr("Keranjang masih kosong: tidak ada yang diparkir."), WARNING)
            return
        label = ask.ask_text(
            self,
            self.tr("Parkir penjualan"),
            self.tr("Keterangan (opsional, mis. ibu baju merah):"),
        )
        if label is None:
            return
        try:
            parked = parking.park_sale(
                self.till.db,
                cart,
                till_code=self.settings.till_code,
                actor=actor,
                label=label.strip(),
            )
        except PosError as error:
            self.show_error(error)
            return
        self.cart_model.clear()
        self.close_payment()
        self.show_status(
            self.tr("Diparkir: {label} ({total}). Lanjutkan dengan F3.").format(
                label=parked.label or self.tr("tanpa keterangan"),
                total=format_rupiah(parked.total),
            )
        )

    def resume_parked(self) -> None:
        """F3: choose a parked sale and carry on with it (into an empty cart only)."""
        actor = self._seller()
        if actor is None:
            return
        if not self.cart_model.cart.is_empty():
            self.show_status(
                self.tr("Keranjang belum kosong: bayar atau parkir dulu (F2), lalu F3."),
                WARNING,
            )
            return
        try:
            parked = parking.list_parked(self.till.db, self.settings.till_code, actor=actor)
        except PosError as error:
            self.show_error(error)
            return
        if not parked:
            self.show_status(self.tr("Tidak ada penjualan yang diparkir."), INFO)
            return
        chosen = parked_dialog.choose_parked(self, parked)
        if chosen is None:
            return
        try:
            cart = parking.resume_parked(
                self.till.db, chosen, actor=actor, till_code=self.settings.till_code
            )
        except PosError as error:
            self.show_error(error)
            return
        self.cart_model.set_cart(cart)
        if self.cart_model.rowCount():
            self.cart_view.selectRow(0)
        info = next((p for p in parked if p.uuid == chosen), None)
        resumed = self.tr("Dilanjutkan: {label} ({total}).").format(
            label=(info.label if info is not None else "") or self.tr("tanpa keterangan"),
            total=format_rupiah(cart.total),
        )
        # Approvals do not survive parking: say now what will be asked again at payment.
        again = len(pricing.missing_approvals(cart, actor.role))
        if again:
            self.show_status(
                self.tr(
                    "{resumed} {count} diskon/ubah harga perlu disetujui lagi (PIN supervisor "
                    "saat bayar): persetujuan tidak ikut diparkir."
                ).format(resumed=resumed, count=again),
                WARNING,
            )
        else:
            self.show_status(resumed)

    def _total_changed(self, total: int) -> None:
        if self.payment_panel.isVisible() and total != self.payment_panel.total:
            # The cart changed under an open payment (a click in the scan field): the amounts
            # typed were for another total, so the payment starts again from the cart.
            self.close_payment()
        self.total_label.setText(format_rupiah(total))
        cart = self.cart_model.cart
        before_discounts = sum(line.quantity * line.unit_price for line in cart.lines)
        discount = before_discounts - cart.total
        if discount:
            self.discount_label.setText(
                self.tr("Subtotal {subtotal} · Diskon {discount}").format(
                    subtotal=format_rupiah(before_discounts),
                    discount=format_signed_rupiah(-discount),
                )
            )
            self.discount_label.show()
        else:
            self.discount_label.setText("")
            self.discount_label.hide()
        self.items_label.setText(
            self.tr("{lines} baris, {items} barang").format(
                lines=len(cart.lines), items=format_number(cart.item_count)
            )
        )

    # --- payment ----------------------------------------------------------------------------
    def open_payment(self) -> None:
        if self.cart_model.cart.is_empty():
            self.show_status(self.tr("Keranjang masih kosong: scan produk dulu."), WARNING)
            return
        if not self._ready_to_sell():
            return
        if not self._approve_missing():
            return
        self._note_catalog_prices()
        self._hide_search()
        self.payment_panel.start(self.cart_model.cart.total)
        self.payment_panel.show()
        self.payment_panel.tendered_edit.setFocus()

    def _approve_missing(self) -> bool:
        """Ask the approvals the cart still lacks (after resuming a parked cart, or a quantity
        changed under an override); False if one is refused (the cart stays as it is)."""
        actor = self.actor
        assert actor is not None
        cart = self.cart_model.cart
        for need in pricing.missing_approvals(cart, actor.role):
            if need.line_index is None:
                description = self.tr("Diskon {amount} untuk seluruh penjualan").format(
                    amount=format_rupiah(need.amount)
                )
            else:
                description = pricing.approval_action_text(cart.lines[need.line_index])
            go_ahead, approval = self._approval_for(
                need.minimum_role, (need.action, need.subject, need.amount), description
            )
            if not go_ahead:
                return False
            self.cart_model.set_approval(need.line_index, approval)
        return True

    def _note_catalog_prices(self) -> None:
        """Mark the lines whose catalog price changed since they were scanned (sold as scanned)."""
        try:
            changed = note_catalog_prices(self.till.db, self.cart_model.cart)
        except (PosError, SQLAlchemyError):
            return  # only a note: the sale goes on at the scanned prices either way
        self.cart_model.refresh()
        if changed:
            self.show_status(
                self.tr(
                    "Harga katalog {count} baris berubah sejak discan: dijual dengan harga saat "
                    "scan."
                ).format(count=changed),
                INFO,
            )

    def close_payment(self) -> None:
        self.payment_panel.hide()
        self.scan_edit.setFocus()

    def pay(self, payment: PaymentRequest | Sequence[PaymentRequest]) -> SaleResult | None:
        """Commit the sale (one transaction), then deliver the receipt. The cart survives errors.

        ``payment`` is one request or the parts of a split payment (non-cash first, cash last).
        """
        actor = self._seller()
        if actor is None:
            return None
        cart = self.cart_model.cart
        try:
            result = commit_sale(
                self.till.db,
                lines_from_cart(cart),
                payment,
                cashier=actor,
                till_code=self.settings.till_code,
                event_id=self.settings.current_event_id,
                sale_discount=cart.sale_discount,
                sale_discount_approval=cart.sale_discount_approval,
                cart_key=cart.key,
                sale_uuid=cart.sale_uuid,
            )
        except (PosError, SQLAlchemyError, sqlite3.Error) as error:
            self.say_sale_not_saved(error)
            return None
        self.last_sale = result
        self.cart_model.clear()
        self.close_payment()
        self.saleCompleted.emit(result)
        change = self.tr("Kembalian {change}").format(change=format_rupiah(result.change))
        self.last_sale_label.setText(
            self.tr("Struk terakhir {no}: total {total}, {change}").format(
                no=result.receipt_no, total=format_rupiah(result.total), change=change
            )
        )
        # Imported here: QtPdf and QtPrintSupport are not needed until the first receipt.
        from bazaar_pos.ui.papers.printing import deliver_receipt

        delivery = deliver_receipt(self.till, self.settings, result.receipt_no, actor=self.actor)
        self.last_delivery = delivery
        self.receiptDelivered.emit(delivery)
        saved = self.tr("Tersimpan {no}. {change}.").format(no=result.receipt_no, change=change)
        if delivery.problem:
            self.show_status(
                self.tr(
                    "{saved} Struk tidak tercetak: {problem} PDF: {path}. Cetak ulang: Ctrl+R."
                ).format(saved=saved, problem=delivery.problem, path=delivery.pdf_path or "—"),
                WARNING,
            )
        elif delivery.printed:
            self.show_status(self.tr("{saved} Struk dicetak.").format(saved=saved))
        else:
            self.show_status(
                self.tr("{saved} Struk PDF: {path}").format(saved=saved, path=delivery.pdf_path)
            )
        return result

    def say_sale_not_saved(self, error: PosError | SQLAlchemyError | sqlite3.Error) -> None:
        """A refused sale: the reason, and for a fault of the database file (full, read-only,
        busy, damaged, deleted or replaced) that the sale was not saved and the cart stays."""
        fault: Exception | None = error
        if not isinstance(error, PosError):  # the driver's error, or SQLAlchemy's wrapper
            fault = database_fault(error)
        if not isinstance(fault, (DatabaseFault, DatabaseReplaced)):
            if isinstance(error, PosError):
                self.show_error(error)
                return
            # Not the database file's fault (no SQLite result code): a bug, for the log.
            log.error("a sale failed on the database", exc_info=error)
            self.show_status(
                self.tr(
                    "Penjualan TIDAK tersimpan, keranjang tetap. Kesalahan basis data (dicatat "
                    "di log); coba lagi, jika berulang panggil admin."
                ),
                ERROR,
            )
            return
        self.show_status(
            self.tr("Penjualan TIDAK tersimpan, keranjang tetap. {reason}").format(
                reason=describe_error(fault)
            ),
            ERROR,
        )

    # --- keyboard ---------------------------------------------------------------------------
    def handle_scan_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit_scan()
            return True
        if key == Qt.Key.Key_Down:
            self.move_selection(1)
            return True
        if key == Qt.Key.Key_Up:
            self.move_selection(-1)
            return True
        if key == Qt.Key.Key_F4:
            self.change_selected_quantity()
            return True
        if key == Qt.Key.Key_F8:
            self.remove_selected_line()
            return True
        if key == Qt.Key.Key_F9:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.discount_sale()
            else:
                self.discount_selected_line()
            return True
        if key == Qt.Key.Key_F10:
            self.override_selected_price()
            return True
        if key == Qt.Key.Key_F2:
            self.park_cart()
            return True
        if key == Qt.Key.Key_F3:
            self.resume_parked()
            return True
        if key == Qt.Key.Key_Delete and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.cancel_cart()
            return True
        if key == Qt.Key.Key_F12:
            self.open_payment()
            return True
        if key == Qt.Key.Key_Escape:
            self.scan_edit.clear()
            self._hide_search()
            self.pending_quantity = None
            self._show_pending()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.scan_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self.handle_scan_key(event)
        ):
            return True
        return super().eventFilter(watched, event)

    def focus_scan(self) -> None:
        if not self.payment_panel.isVisible():
            self.scan_edit.setFocus()

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings

    # Column index kept public for tests and the quantity editor.
    QUANTITY_COLUMN = COL_QTY
