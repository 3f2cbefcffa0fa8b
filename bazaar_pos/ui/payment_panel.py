"""The payment panel of the sale screen: method, amount tendered, quick notes, change."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.db.models import PaymentMethod
from bazaar_pos.errors import InvalidAmount
from bazaar_pos.money import format_rupiah, parse_rupiah
from bazaar_pos.sales import PaymentRequest

QUICK_NOTES = (20_000, 50_000, 100_000)


class PaymentPanel(QGroupBox):
    """Emits ``confirmed(PaymentRequest)`` on Enter, ``cancelled()`` on Esc.

    The panel only collects what the cashier typed; the sale service checks it (and refuses a
    cash amount below the total) so the rule holds without the UI too.
    """

    confirmed = Signal(object)
    cancelled = Signal()
    invalid = Signal(object)  # a PosError about what was typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Pembayaran"))
        self._total = 0

        self.method_buttons: dict[PaymentMethod, QPushButton] = {
            PaymentMethod.CASH: QPushButton(self.tr("Tunai (F5)")),
            PaymentMethod.QRIS: QPushButton(self.tr("QRIS (F6)")),
            PaymentMethod.TRANSFER: QPushButton(self.tr("Transfer bank (F7)")),
        }
        self._method_group = QButtonGroup(self)
        methods = QHBoxLayout()
        for button in self.method_buttons.values():
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._method_group.addButton(button)
            methods.addWidget(button)
            button.clicked.connect(self._method_clicked)

        self.tendered_label = QLabel(self.tr("Uang diterima"))
        self.tendered_edit = QLineEdit()
        self.tendered_edit.setPlaceholderText(self.tr("mis. 50.000"))
        self.tendered_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.tendered_edit.textChanged.connect(self._update_change)

        self.quick_buttons: list[QPushButton] = []
        quick = QGridLayout()
        exact = QPushButton(self.tr("Uang pas (Ctrl+1)"))
        exact.clicked.connect(lambda: self.set_tendered(self._total))
        self.quick_buttons.append(exact)
        for number, note in enumerate(QUICK_NOTES, start=2):
            button = QPushButton(f"{format_rupiah(note)} (Ctrl+{number})")
            button.clicked.connect(lambda _=False, note=note: self.set_tendered(note))
            self.quick_buttons.append(button)
        for position, button in enumerate(self.quick_buttons):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            quick.addWidget(button, position // 2, position % 2)

        self.reference_label = QLabel(self.tr("Referensi (opsional)"))
        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText(self.tr("no. transaksi QRIS / transfer"))

        self.total_label = QLabel()
        self.total_label.setObjectName("paymentTotal")
        self.change_label = QLabel()
        self.change_label.setObjectName("paymentChange")
        for label in (self.total_label, self.change_label):
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            font = label.font()
            font.setPointSize(font.pointSize() + 5)
            font.setBold(True)
            label.setFont(font)

        self.pay_button = QPushButton(self.tr("Bayar && simpan (Enter)"))
        self.pay_button.setDefault(True)
        self.pay_button.clicked.connect(self.confirm)
        self.back_button = QPushButton(self.tr("Kembali (Esc)"))
        self.back_button.clicked.connect(self.cancelled)
        for button in (self.pay_button, self.back_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.addWidget(self.total_label)
        layout.addLayout(methods)
        layout.addWidget(self.tendered_label)
        layout.addWidget(self.tendered_edit)
        layout.addLayout(quick)
        layout.addWidget(self.reference_label)
        layout.addWidget(self.reference_edit)
        layout.addWidget(self.change_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.pay_button)
        layout.addLayout(buttons)

        for edit in (self.tendered_edit, self.reference_edit):
            edit.installEventFilter(self)
        self.set_method(PaymentMethod.CASH)

    # --- state --------------------------------------------------------------------------
    @property
    def method(self) -> PaymentMethod:
        for method, button in self.method_buttons.items():
            if button.isChecked():
                return method
        return PaymentMethod.CASH

    def start(self, total: int) -> None:
        """Show the panel for a new payment of ``total``."""
        self._total = total
        self.total_label.setText(self.tr("Total: {total}").format(total=format_rupiah(total)))
        self.tendered_edit.clear()
        self.reference_edit.clear()
        self.set_method(PaymentMethod.CASH)
        self._update_change()

    def set_method(self, method: PaymentMethod) -> None:
        self.method_buttons[method].setChecked(True)
        cash = method is PaymentMethod.CASH
        for widget in (self.tendered_label, self.tendered_edit, *self.quick_buttons):
            widget.setVisible(cash)
        self.reference_label.setVisible(not cash)
        self.reference_edit.setVisible(not cash)
        (self.tendered_edit if cash else self.reference_edit).setFocus()
        self._update_change()

    def set_tendered(self, amount: int) -> None:
        self.tendered_edit.setText(format_rupiah(amount).removeprefix("Rp "))
        self.tendered_edit.setFocus()

    def _method_clicked(self) -> None:
        self.set_method(self.method)

    def _update_change(self) -> None:
        if self.method is not PaymentMethod.CASH:
            self.change_label.setText(self.tr("Kembalian: Rp 0"))
            return
        text = self.tendered_edit.text().strip()
        if not text:
            self.change_label.setText(self.tr("Kembalian: —"))
            return
        try:
            tendered = parse_rupiah(text)
        except InvalidAmount:
            self.change_label.setText(self.tr("Kembalian: — (nominal tidak valid)"))
            return
        if tendered < self._total:
            self.change_label.setText(
                self.tr("Kurang {amount}").format(amount=format_rupiah(self._total - tendered))
            )
        else:
            self.change_label.setText(
                self.tr("Kembalian: {amount}").format(amount=format_rupiah(tendered - self._total))
            )

    def payment_request(self) -> PaymentRequest:
        """What was typed, as a request for the sale service. Raises InvalidAmount."""
        method = self.method
        if method is PaymentMethod.CASH:
            text = self.tendered_edit.text().strip()
            # An empty amount means "uang pas": the exact total, the commonest case at a stall.
            tendered = parse_rupiah(text) if text else self._total
            return PaymentRequest(method=method.value, tendered=tendered)
        return PaymentRequest(method=method.value, reference=self.reference_edit.text())

    def confirm(self) -> None:
        try:
            request = self.payment_request()
        except InvalidAmount as error:
            self.invalid.emit(error)
            return
        self.confirmed.emit(request)

    # --- keyboard -------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return True
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return True
        methods = {
            Qt.Key.Key_F5: PaymentMethod.CASH,
            Qt.Key.Key_F6: PaymentMethod.QRIS,
            Qt.Key.Key_F7: PaymentMethod.TRANSFER,
        }
        if key in methods:
            self.set_method(methods[Qt.Key(key)])
            return True
        quick_keys = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)
        if ctrl and key in quick_keys and self.method is PaymentMethod.CASH:
            self.quick_buttons[quick_keys.index(Qt.Key(key))].click()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_key = event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if is_key and self.handle_key(event):  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)
