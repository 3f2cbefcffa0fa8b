"""The sale screen: scan (or search), build the cart, pay, print. Keyboard first.

Every user action is one service call; the screen keeps only the in-memory cart and refreshes
from what the services return.
"""

from __future__ import annotations

import re
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

from bazaar_pos.cart import MAX_LINE_QUANTITY, parse_scan
from bazaar_pos.catalog import ProductInfo, find_by_code, search_products
from bazaar_pos.errors import PosError, UnknownCode
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.sales import PaymentRequest, SaleResult, commit_sale, lines_from_cart
from bazaar_pos.settings import TillSettings
from bazaar_pos.till import Till

if TYPE_CHECKING:
    from bazaar_pos.ui.printing import ReceiptDelivery
from bazaar_pos.ui import ask
from bazaar_pos.ui.cart_model import COL_NAME, COL_QTY, CartModel
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.payment_panel import PaymentPanel
from bazaar_pos.ui.search_model import ProductSearchModel

# A barcode scanner types only digits; letters mean a person is searching by name.
_NAME_SEARCH_RE = re.compile(r"[^\d\s*]")
SEARCH_DELAY_MS = 120

INFO, WARNING, ERROR = "info", "warning", "error"
# Widest text expected in each column after the name, per table.
_CART_SAMPLES = ("99.999", "Rp 10.000.000", "Rp 100.000.000")
_SEARCH_SAMPLES = ("BNA-BES-0000000", "BPN", "Rp 10.000.000", "99.999")
_STATUS_COLOURS = {INFO: "#1b5e20", WARNING: "#8a5300", ERROR: "#b00020"}


class SaleScreen(QWidget):
    saleCompleted = Signal(object)  # SaleResult
    receiptDelivered = Signal(object)  # ReceiptDelivery
    statusMessage = Signal(str, str)  # text, level

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
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
        self.cart_model.editRejected.connect(self.show_error)

        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        total_font = QFont(self.total_label.font())
        total_font.setPointSize(total_font.pointSize() + 14)
        total_font.setBold(True)
        self.total_label.setFont(total_font)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.items_label = QLabel()
        self.items_label.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.payment_panel = PaymentPanel()
        self.payment_panel.hide()
        self.payment_panel.confirmed.connect(self.pay)
        self.payment_panel.cancelled.connect(self.close_payment)
        self.payment_panel.invalid.connect(self.show_error)

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
            (self.tr("F8"), self.tr("hapus baris")),
            (self.tr("F12"), self.tr("bayar")),
            (self.tr("F5 / F6 / F7"), self.tr("tunai / QRIS / transfer")),
            (self.tr("Ctrl+1…4"), self.tr("uang pas / 20.000 / 50.000 / 100.000")),
            (self.tr("Esc"), self.tr("batal cari / kembali")),
        ]
        cells = "".join(
            f"<tr><td><b>{key}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for key, what in rows
        )
        return f"<table>{cells}</table>"

    # --- status area ------------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {_STATUS_COLOURS[level]}; font-weight: bold;")
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe_error(error), ERROR)

    # --- scanning and searching -------------------------------------------------------------
    def _scan_text_edited(self, text: str) -> None:
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
        results = search_products(self.till.db, text)
        self.search_model.set_products(results)
        self.search_view.setVisible(bool(results))
        if results:
            self.search_view.selectRow(0)
        else:
            self.show_status(
                self.tr("Tidak ada produk yang cocok dengan '{text}'.").format(text=text), WARNING
            )

    def _hide_search(self) -> None:
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

    def remove_selected_line(self) -> None:
        row = self.selected_cart_row()
        if row is None:
            self.show_status(self.tr("Pilih baris dulu (↑ ↓)."), WARNING)
            return
        line = self.cart_model.remove_row(row)
        if self.cart_model.rowCount():
            self.cart_view.selectRow(min(row, self.cart_model.rowCount() - 1))
        self.show_status(self.tr("Baris {name} dihapus.").format(name=line.product.name))

    def _total_changed(self, total: int) -> None:
        self.total_label.setText(format_rupiah(total))
        cart = self.cart_model.cart
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
        self._hide_search()
        self.payment_panel.start(self.cart_model.cart.total)
        self.payment_panel.show()
        self.payment_panel.tendered_edit.setFocus()

    def close_payment(self) -> None:
        self.payment_panel.hide()
        self.scan_edit.setFocus()

    def pay(self, payment: PaymentRequest) -> SaleResult | None:
        """Commit the sale (one transaction), then deliver the receipt. The cart survives errors."""
        cart = self.cart_model.cart
        try:
            result = commit_sale(
                self.till.db,
                lines_from_cart(cart),
                payment,
                cashier=self.settings.cashier,
                till_code=self.settings.till_code,
                event_id=self.settings.current_event_id,
            )
        except PosError as error:
            self.show_error(error)
            return None
        except SQLAlchemyError as error:
            self.show_status(
                self.tr(
                    "Penjualan TIDAK tersimpan (basis data: {error}). Keranjang tetap; coba lagi."
                ).format(error=type(error).__name__),
                ERROR,
            )
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
        from bazaar_pos.ui.printing import deliver_receipt

        delivery = deliver_receipt(self.till, self.settings, result.receipt_no)
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
