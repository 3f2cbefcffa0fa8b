"""The refund screen (*refund / retur pembeli*): money and goods back against a receipt.

Scan the receipt's barcode/QR (the scanner types "BPN1-000123" and Enter) or type the number;
the sale's lines appear with what was sold and refunded already. Fill in how many come back
(or "Semua"), the method and the reason, then "Kembalikan dana". A cashier is asked for a
supervisor's PIN on the spot (``login_dialog.ask_approval``); the service checks it again.

Exactly once: a request key is made when a receipt is loaded and sent with the refund, so a
second submit of the same form changes nothing (``refunds.refund_sale``); after a refund the
receipt is loaded afresh with a new key and nothing chosen.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from bazaar_pos.db.faults import DatabaseFault, DatabaseReplaced, database_fault
from bazaar_pos.db.models import PaymentMethod
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_rupiah
from bazaar_pos.people.access import PERMISSIONS, Action, Actor, ApprovalAction, may
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.till.refunds import (
    RefundableSale,
    RefundRefused,
    RefundResult,
    get_refund,
    refund_of_request,
    refund_sale,
    refund_subject,
    refundable_sale,
)
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.papers import documents
from bazaar_pos.ui.people import login_dialog
from bazaar_pos.ui.table_view import (
    ERROR,
    INFO,
    WARNING,
    fit_columns,
    local_time,
    setup_table,
    show_status_line,
)
from bazaar_pos.ui.till.refund_messages import describe_refund_error
from bazaar_pos.ui.till.refund_model import (
    COL_AMOUNT,
    COL_NOW,
    COL_PRODUCT,
    COL_REFUNDED,
    COL_SOLD,
    RefundLinesModel,
    RefundQuantityDelegate,
)

log = logging.getLogger(__name__)


class RefundScreen(QWidget):
    statusMessage = Signal(str, str)  # text, level
    refunded = Signal(object)  # RefundResult

    def __init__(self, till: Till, settings: TillSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = settings
        self.actor: Actor | None = None
        self.sale: RefundableSale | None = None
        self.request_key: str | None = None  # made when a receipt is loaded
        self.last_result: RefundResult | None = None
        self._working = False

        self.model = RefundLinesModel(self)
        self.model.totalChanged.connect(self._total_changed)
        self.model.editRejected.connect(self.show_error)

        self.title_label = QLabel(self.tr("Refund / retur pembeli"))
        title_font = QFont(self.title_label.font())
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)

        self.receipt_edit = QLineEdit()
        self.receipt_edit.setObjectName("receiptEdit")
        self.receipt_edit.setPlaceholderText(
            self.tr("Scan barcode/QR struk atau ketik nomornya (mis. BPN1-000123) lalu Enter")
        )
        receipt_font = QFont(self.receipt_edit.font())
        receipt_font.setPointSize(receipt_font.pointSize() + 4)
        self.receipt_edit.setFont(receipt_font)
        self.receipt_edit.returnPressed.connect(self._receipt_entered)
        self.find_button = QPushButton(self.tr("Cari struk"))
        self.find_button.clicked.connect(self._receipt_entered)

        self.sale_label = QLabel()
        self.sale_label.setObjectName("saleInfo")
        self.sale_label.setWordWrap(True)

        self.lines_view = QTableView()
        self.lines_view.setObjectName("refundLines")
        self.lines_view.setModel(self.model)
        setup_table(self.lines_view)
        self.lines_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.lines_view.setItemDelegateForColumn(COL_NOW, RefundQuantityDelegate(self.lines_view))
        fit_columns(
            self.lines_view,
            {
                COL_SOLD: "99.999",
                COL_REFUNDED: "99.999",
                COL_NOW: "99.999",
                COL_AMOUNT: "Rp 10.000.000",
            },
            COL_PRODUCT,
        )
        self.all_button = QPushButton(self.tr("Semua"))
        self.all_button.setObjectName("refundAllButton")
        self.all_button.setToolTip(self.tr("Kembalikan semua yang belum direfund"))
        self.all_button.clicked.connect(self.select_all)
        self.clear_button = QPushButton(self.tr("Kosongkan"))
        self.clear_button.clicked.connect(self.model.clear_quantities)

        self.method_combo = QComboBox()
        self.method_combo.setObjectName("refundMethod")
        self.method_combo.addItem(self.tr("Tunai"), PaymentMethod.CASH.value)
        self.method_combo.addItem(self.tr("QRIS"), PaymentMethod.QRIS.value)
        self.method_combo.addItem(self.tr("Transfer bank"), PaymentMethod.TRANSFER.value)
        self.method_combo.currentIndexChanged.connect(lambda _index: self._method_changed())
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("refundReason")
        self.reason_edit.setPlaceholderText(self.tr("mis. barang retak, salah ukuran"))
        self.reason_edit.setMaxLength(200)
        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("refundReference")
        self.reference_edit.setPlaceholderText(self.tr("no. referensi QRIS / transfer"))
        self.reference_edit.setMaxLength(80)

        self.total_label = QLabel()
        self.total_label.setObjectName("refundTotal")
        total_font = QFont(self.total_label.font())
        total_font.setPointSize(total_font.pointSize() + 8)
        total_font.setBold(True)
        self.total_label.setFont(total_font)
        self.refund_button = QPushButton(self.tr("Kembalikan dana"))
        self.refund_button.setObjectName("refundButton")
        self.refund_button.clicked.connect(self.refund)

        self.slip_button = QPushButton(self.tr("Cetak bukti refund"))
        self.slip_button.setObjectName("refundSlipButton")
        self.slip_button.setEnabled(False)
        self.slip_button.clicked.connect(self.print_slip)

        self.result_label = QLabel()
        self.result_label.setObjectName("lastRefund")
        self.result_label.setWordWrap(True)
        result_font = QFont(self.result_label.font())
        result_font.setPointSize(result_font.pointSize() + 2)
        result_font.setBold(True)
        self.result_label.setFont(result_font)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)

        scan_row = QHBoxLayout()
        scan_row.addWidget(self.receipt_edit, 1)
        scan_row.addWidget(self.find_button)
        table_buttons = QHBoxLayout()
        table_buttons.addWidget(self.all_button)
        table_buttons.addWidget(self.clear_button)
        table_buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Dikembalikan lewat"), self.method_combo)
        form.addRow(self.tr("Alasan"), self.reason_edit)
        form.addRow(self.tr("Referensi"), self.reference_edit)
        bottom = QHBoxLayout()
        bottom.addLayout(form, 1)
        pay_column = QVBoxLayout()
        pay_column.addWidget(self.total_label, 0, Qt.AlignmentFlag.AlignRight)
        pay_column.addWidget(self.refund_button, 0, Qt.AlignmentFlag.AlignRight)
        bottom.addLayout(pay_column)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(scan_row)
        layout.addWidget(self.sale_label)
        layout.addWidget(self.lines_view, 1)
        layout.addLayout(table_buttons)
        layout.addLayout(bottom)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result_label, 1)
        result_row.addWidget(self.slip_button)
        layout.addLayout(result_row)
        layout.addWidget(self.status_label)

        self._show_sale()
        self._method_changed()

    # --- screen contract ------------------------------------------------------------------
    def activate(self) -> None:
        self.receipt_edit.setFocus()
        self.receipt_edit.selectAll()

    def set_settings(self, settings: TillSettings) -> None:
        self.settings = settings

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor

    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)
        self.statusMessage.emit(text, level)

    def show_error(self, error: Exception) -> None:
        self.show_status(describe_refund_error(error) or describe_error(error), ERROR)

    # --- the receipt ------------------------------------------------------------------------
    def _receipt_entered(self) -> None:
        self.load_receipt(self.receipt_edit.text())

    def load_receipt(self, text: str) -> RefundableSale | None:
        """Show the sale of a typed or scanned receipt number, nothing chosen, a new key."""
        if not text.strip():
            self.show_status(self.tr("Scan atau ketik nomor struk dulu."), WARNING)
            return None
        try:
            sale = refundable_sale(self.till.db, text, actor=self.actor)
        except PosError as error:
            self.show_error(error)
            self.receipt_edit.selectAll()  # the next scan replaces the wrong number
            return None
        self._set_sale(sale)
        self.reason_edit.clear()
        self.reference_edit.clear()
        index = self.method_combo.findData(sale.main_method)
        self.method_combo.setCurrentIndex(max(index, 0))
        self.receipt_edit.setText(sale.receipt_no)
        self.receipt_edit.selectAll()
        if sale.fully_refunded:
            self.show_status(
                self.tr("Semua barang struk {no} sudah dikembalikan.").format(no=sale.receipt_no),
                WARNING,
            )
        else:
            self.show_status(
                self.tr("Struk {no}: isi jumlah yang dikembalikan, atau tekan Semua.").format(
                    no=sale.receipt_no
                )
            )
            self.lines_view.setFocus()
            self.lines_view.setCurrentIndex(self.model.index(0, COL_NOW))
        return sale

    def _set_sale(self, sale: RefundableSale | None) -> None:
        self.sale = sale
        self.request_key = new_uuid() if sale is not None else None
        self.model.set_sale(sale)
        self._show_sale()

    def _show_sale(self) -> None:
        sale = self.sale
        has_sale = sale is not None and not sale.fully_refunded
        for widget in (self.all_button, self.clear_button, self.refund_button):
            widget.setEnabled(has_sale and not self._working)
        if sale is None:
            self.sale_label.setText(self.tr("Belum ada struk."))
            return
        methods = " + ".join(self._method_name(paid.method) for paid in sale.payments)
        text = self.tr(
            "Struk {no} · {time} · kasir {cashier} · total {total} · dibayar {methods}"
        ).format(
            no=sale.receipt_no,
            time=local_time(sale.created_at),
            cashier=sale.cashier,
            total=format_rupiah(sale.total),
            methods=methods,
        )
        if sale.refunded_total:
            text += " · " + self.tr("sudah direfund {amount}").format(
                amount=format_rupiah(sale.refunded_total)
            )
        self.sale_label.setText(text)

    def select_all(self) -> None:
        self.model.select_all()

    def set_quantity(self, row: int, quantity: int) -> bool:
        """Like typing ``quantity`` into the "Refund sekarang" cell of ``row``."""
        return self.model.setData(self.model.index(row, COL_NOW), quantity)

    def _method_name(self, method: str) -> str:
        names = {
            PaymentMethod.CASH.value: self.tr("tunai"),
            PaymentMethod.QRIS.value: self.tr("QRIS"),
            PaymentMethod.TRANSFER.value: self.tr("transfer"),
        }
        return names.get(method, method)

    def selected_method(self) -> str:
        return str(self.method_combo.currentData())

    def _method_changed(self) -> None:
        self.reference_edit.setEnabled(self.selected_method() != PaymentMethod.CASH.value)

    def _total_changed(self, total: int) -> None:
        self.total_label.setText(self.tr("Refund: {amount}").format(amount=format_rupiah(total)))

    # --- refunding ----------------------------------------------------------------------------
    def refund(self) -> RefundResult | None:
        """The "Kembalikan dana" button: checks, a supervisor's PIN if needed, the refund."""
        if self._working:
            return None  # a second click while the first is still being handled
        sale, key, actor = self.sale, self.request_key, self.actor
        if sale is None or key is None:
            self.show_status(self.tr("Scan atau ketik nomor struk dulu."), WARNING)
            return None
        if actor is None:
            self.show_status(self.tr("Belum ada yang masuk: login dulu (Ctrl+L)."), WARNING)
            return None
        requests = self.model.requests()
        if not requests:
            self.show_error(RefundRefused("nothing_to_refund"))
            return None
        reason = self.reason_edit.text().strip()
        if not reason:
            self.show_error(RefundRefused("reason_required"))
            self.reason_edit.setFocus()
            return None
        method = self.selected_method()
        amount = self.model.total()
        self._working = True
        self._show_sale()
        try:
            approval = None
            if not may(actor.role, Action.REFUND):
                # The approval is for this receipt and exactly this amount, used once.
                approval = login_dialog.ask_approval(
                    self,
                    self.till.db,
                    self.settings.till_code,
                    action=ApprovalAction.REFUND,
                    subject=refund_subject(sale.receipt_no),
                    amount=amount,
                    description=self.tr("Refund {amount} ({method}) untuk struk {no}").format(
                        amount=format_rupiah(amount),
                        method=self._method_name(method),
                        no=sale.receipt_no,
                    ),
                    minimum_role=PERMISSIONS[Action.REFUND],
                    requested_by=actor,
                )
                if approval is None:
                    self.show_status(
                        self.tr("Refund tidak dicatat: perlu persetujuan supervisor."), WARNING
                    )
                    return None
            result = refund_sale(
                self.till.db,
                sale.receipt_no,
                requests,
                method=method,
                actor=actor,
                till_code=self.settings.till_code,
                request_key=key,
                reason=reason,
                reference=self.reference_edit.text() if method != PaymentMethod.CASH else "",
                approval=approval,
            )
        except (PosError, SQLAlchemyError, sqlite3.Error) as error:
            fault = error if isinstance(error, PosError) else database_fault(error)
            if not isinstance(fault, (DatabaseFault, DatabaseReplaced)):
                if isinstance(error, PosError):
                    self.show_error(error)  # the form stays as it was, for a retry
                    return None
                fault = None  # not the database file's fault: a bug, in the log
                log.error("a refund failed on the database", exc_info=error)
            recorded = self._recorded(key, actor)
            if recorded is None:
                self.say_refund_not_saved(fault)
                return None
            result = recorded  # saved, only the answer was lost: as a retry would find it
        finally:
            self._working = False
            self._show_sale()
        self.last_result = result
        text = self.tr("Refund {no}: {amount} {method} dikembalikan").format(
            no=result.refund_no,
            amount=format_rupiah(result.amount),
            method=self._method_name(result.method),
        )
        if result.already_recorded:
            text = self.tr("Sudah tercatat sebelumnya — {refund}").format(refund=text)
        self.result_label.setText(text)
        self.slip_button.setEnabled(True)
        self.refunded.emit(result)
        self._reload_after_refund()
        self.show_status(text, WARNING if result.already_recorded else INFO)
        return result

    def _recorded(self, key: str, actor: Actor) -> RefundResult | None:
        """After a database error: the refund this form recorded, if the database says so (a
        commit whose answer was lost); None when it is not there or cannot be read now."""
        try:
            return refund_of_request(self.till.db, key, actor=actor)
        except (PosError, SQLAlchemyError, sqlite3.Error):
            return None

    def say_refund_not_saved(self, fault: DatabaseFault | DatabaseReplaced | None) -> None:
        """A refund the database refused: that it was not recorded, the form stays, a retry
        records it once; and for a fault of the database file (full, read-only, busy,
        damaged, deleted or replaced) what happened and what to do, as the sale screen."""
        reason = (
            describe_error(fault)
            if fault is not None
            else self.tr("Kesalahan basis data (dicatat di log); jika berulang, panggil admin.")
        )
        self.show_status(
            self.tr(
                "Refund TIDAK tercatat, formulir tetap; mencoba lagi tidak akan mencatatnya dua "
                "kali. {reason}"
            ).format(reason=reason),
            ERROR,
        )

    def _reload_after_refund(self) -> None:
        """The receipt as it is now: a new form (new key, nothing chosen)."""
        assert self.sale is not None
        try:
            sale = refundable_sale(self.till.db, self.sale.receipt_no, actor=self.actor)
        except PosError as error:
            self.show_error(error)
            self._set_sale(None)
            return
        self._set_sale(sale)
        self.reason_edit.clear()
        self.reference_edit.clear()
        self.receipt_edit.setFocus()
        self.receipt_edit.selectAll()

    # --- the slip for the customer -------------------------------------------------------------
    def print_slip(self) -> Path | None:
        """Write the last refund's slip (PDF beside the receipts) and print or open it."""
        from bazaar_pos.papers.refund_slip import render_refund_slip

        if self.last_result is None:
            return None
        try:
            record = get_refund(self.till.db, self.last_result.refund_no, actor=self.actor)
        except PosError as error:
            self.show_error(error)
            return None
        path = self.till.receipts_dir / f"refund-{record.refund_no}.pdf"
        try:
            render_refund_slip(record, self.settings.paper, path, language=self.settings.language)
        except OSError as error:
            self.show_status(
                self.tr("Bukti refund tidak dapat disimpan di {path}: {error}").format(
                    path=path, error=error.strerror or error
                ),
                ERROR,
            )
            return None
        delivery = documents.open_or_print_pdf(
            self, path, self.settings, print_it=bool(self.settings.printer)
        )
        text, level = documents.delivery_message(delivery)
        self.show_status(text, level)
        return path
