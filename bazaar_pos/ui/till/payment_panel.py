"""The payment panel of the sale screen: method, amount tendered, quick notes, change, and
split tender (part QRIS or transfer, the rest in cash)."""

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
from bazaar_pos.till.sales import PaymentRequest

QUICK_NOTES = (20_000, 50_000, 100_000)


class PaymentPanel(QGroupBox):
    """Emits ``confirmed(list[PaymentRequest])`` on Enter, ``cancelled()`` on Esc.

    A single-method payment is one request; a split payment is the non-cash parts added with
    F11 followed by the last part (usually cash, the only method that gives change). The panel
    only collects what the cashier typed; the sale service checks it (and refuses cash below
    what is left to pay) so the rules hold without the UI too.
    """

    confirmed = Signal(object)  # list[PaymentRequest]
    cancelled = Signal()
    invalid = Signal(object)  # a PosError about what was typed
    problem = Signal(str)  # a sentence about a split that cannot be added

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Pembayaran"))
        self._total = 0
        self.parts: list[PaymentRequest] = []  # non-cash parts of a split payment, in order

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
        exact.clicked.connect(lambda: self.set_tendered(self.remaining))
        self.quick_buttons.append(exact)
        for number, note in enumerate(QUICK_NOTES, start=2):
            button = QPushButton(f"{format_rupiah(note)} (Ctrl+{number})")
            button.clicked.connect(lambda _=False, note=note: self.set_tendered(note))
            self.quick_buttons.append(button)
        for position, button in enumerate(self.quick_buttons):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            quick.addWidget(button, position // 2, position % 2)

        self.amount_label = QLabel(self.tr("Jumlah non-tunai (kosong = seluruh sisa)"))
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("splitAmount")
        self.amount_edit.setPlaceholderText(self.tr("mis. 30.000"))
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.reference_label = QLabel(self.tr("Referensi (opsional)"))
        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText(self.tr("no. transaksi QRIS / transfer"))

        self.total_label = QLabel()
        self.total_label.setObjectName("paymentTotal")
        self.parts_label = QLabel()
        self.parts_label.setObjectName("paymentParts")
        self.parts_label.setWordWrap(True)
        self.change_label = QLabel()
        self.change_label.setObjectName("paymentChange")
        for label in (self.total_label, self.change_label):
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            font = label.font()
            font.setPointSize(font.pointSize() + 5)
            font.setBold(True)
            label.setFont(font)
        self.parts_label.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.split_button = QPushButton(self.tr("Bagi pembayaran (F11)"))
        self.split_button.setToolTip(
            self.tr(
                "Pilih QRIS (F6) atau transfer (F7), isi jumlahnya, tekan F11; sisanya dibayar "
                "tunai. Shift+F11 menghapus bagian terakhir."
            )
        )
        self.split_button.clicked.connect(self.add_part)
        self.pay_button = QPushButton(self.tr("Bayar && simpan (Enter)"))
        self.pay_button.setDefault(True)
        self.pay_button.clicked.connect(self.confirm)
        self.back_button = QPushButton(self.tr("Kembali (Esc)"))
        self.back_button.clicked.connect(self.cancelled)
        for button in (self.split_button, self.pay_button, self.back_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.addWidget(self.total_label)
        layout.addWidget(self.parts_label)
        layout.addLayout(methods)
        layout.addWidget(self.tendered_label)
        layout.addWidget(self.tendered_edit)
        layout.addLayout(quick)
        layout.addWidget(self.amount_label)
        layout.addWidget(self.amount_edit)
        layout.addWidget(self.reference_label)
        layout.addWidget(self.reference_edit)
        layout.addWidget(self.change_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.split_button)
        buttons.addWidget(self.pay_button)
        layout.addLayout(buttons)

        for edit in (self.tendered_edit, self.amount_edit, self.reference_edit):
            edit.installEventFilter(self)
        self.set_method(PaymentMethod.CASH)

    # --- state --------------------------------------------------------------------------
    @property
    def method(self) -> PaymentMethod:
        for method, button in self.method_buttons.items():
            if button.isChecked():
                return method
        return PaymentMethod.CASH

    @property
    def total(self) -> int:
        return self._total

    @property
    def remaining(self) -> int:
        """What is left to pay after the non-cash parts added so far."""
        return self._total - sum(part.amount or 0 for part in self.parts)

    def start(self, total: int) -> None:
        """Show the panel for a new payment of ``total``."""
        self._total = total
        self.parts = []
        self.total_label.setText(self.tr("Total: {total}").format(total=format_rupiah(total)))
        self.tendered_edit.clear()
        self.amount_edit.clear()
        self.reference_edit.clear()
        self.set_method(PaymentMethod.CASH)
        self._show_parts()

    def set_method(self, method: PaymentMethod) -> None:
        self.method_buttons[method].setChecked(True)
        cash = method is PaymentMethod.CASH
        for widget in (self.tendered_label, self.tendered_edit, *self.quick_buttons):
            widget.setVisible(cash)
        for widget in (
            self.amount_label,
            self.amount_edit,
            self.reference_label,
            self.reference_edit,
        ):
            widget.setVisible(not cash)
        # A non-cash part starts at its reference: most non-cash payments are for the whole
        # rest, and the amount is only typed for a split.
        (self.tendered_edit if cash else self.reference_edit).setFocus()
        self._update_change()

    def set_tendered(self, amount: int) -> None:
        self.tendered_edit.setText(format_rupiah(amount).removeprefix("Rp "))
        self.tendered_edit.setFocus()

    def _method_clicked(self) -> None:
        self.set_method(self.method)

    def method_name(self, method: str) -> str:
        names = {
            PaymentMethod.CASH.value: self.tr("Tunai"),
            PaymentMethod.QRIS.value: self.tr("QRIS"),
            PaymentMethod.TRANSFER.value: self.tr("Transfer"),
        }
        return names.get(method, method)

    def _show_parts(self) -> None:
        if not self.parts:
            self.parts_label.setText("")
            self.parts_label.hide()
        else:
            rows = [
                self.tr("{method} {amount} {reference}")
                .format(
                    method=self.method_name(part.method),
                    amount=format_rupiah(part.amount or 0),
                    reference=f"({part.reference})" if part.reference else "",
                )
                .strip()
                for part in self.parts
            ]
            rows.append(self.tr("Sisa: {amount}").format(amount=format_rupiah(self.remaining)))
            self.parts_label.setText("\n".join(rows))
            self.parts_label.show()
        self._update_change()

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
        remaining = self.remaining
        if tendered < remaining:
            self.change_label.setText(
                self.tr("Kurang {amount}").format(amount=format_rupiah(remaining - tendered))
            )
        else:
            self.change_label.setText(
                self.tr("Kembalian: {amount}").format(amount=format_rupiah(tendered - remaining))
            )

    # --- split tender -----------------------------------------------------------------------
    def _typed_part_amount(self) -> int | None:
        """The non-cash amount typed; None when empty (= all that is left). Raises
        InvalidAmount."""
        text = self.amount_edit.text().strip()
        return parse_rupiah(text) if text else None

    def add_part(self) -> bool:
        """F11: the typed QRIS/transfer amount becomes one part; the rest is paid after it."""
        if self.method is PaymentMethod.CASH:
            self.problem.emit(
                self.tr(
                    "Bagi pembayaran: pilih QRIS (F6) atau transfer (F7), isi jumlahnya, lalu "
                    "F11. Sisanya dibayar tunai."
                )
            )
            return False
        try:
            amount = self._typed_part_amount()
        except InvalidAmount as error:
            self.invalid.emit(error)
            return False
        remaining = self.remaining
        if amount is None or amount <= 0 or amount >= remaining:
            self.problem.emit(
                self.tr(
                    "Jumlah bagian {method} harus lebih dari 0 dan kurang dari sisa {remaining}. "
                    "Untuk membayar seluruh sisa tekan Enter."
                ).format(
                    method=self.method_name(self.method.value),
                    remaining=format_rupiah(remaining),
                )
            )
            self.amount_edit.setFocus()
            return False
        self.parts.append(
            PaymentRequest(
                method=self.method.value,
                reference=self.reference_edit.text().strip(),
                amount=amount,
            )
        )
        self.amount_edit.clear()
        self.reference_edit.clear()
        self.tendered_edit.clear()
        self.set_method(PaymentMethod.CASH)
        self._show_parts()
        return True

    def remove_last_part(self) -> None:
        """Shift+F11: take back the last non-cash part (typed wrongly)."""
        if self.parts:
            self.parts.pop()
            self._show_parts()

    # --- confirming ---------------------------------------------------------------------------
    def payment_requests(self) -> list[PaymentRequest] | None:
        """What was typed, as requests for the sale service; None when Enter only added a
        non-cash part (the cash rest still has to be typed). Raises InvalidAmount."""
        method = self.method
        remaining = self.remaining
        if method is PaymentMethod.CASH:
            text = self.tendered_edit.text().strip()
            # An empty amount means "uang pas": exactly what is left, the commonest case.
            tendered = parse_rupiah(text) if text else remaining
            return [*self.parts, PaymentRequest(method=method.value, tendered=tendered)]
        amount = self._typed_part_amount()
        if amount is not None and 0 < amount < remaining:
            # Enter after typing a smaller QRIS/transfer amount: the same as F11.
            self.add_part()
            return None
        last = PaymentRequest(
            method=method.value,
            reference=self.reference_edit.text().strip(),
            amount=None if amount is None else amount,
        )
        return [*self.parts, last]

    def confirm(self) -> None:
        try:
            requests = self.payment_requests()
        except InvalidAmount as error:
            self.invalid.emit(error)
            return
        if requests is not None:
            self.confirmed.emit(requests)

    # --- keyboard -------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        modifiers = event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return True
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return True
        if key == Qt.Key.Key_F11:
            if shift:
                self.remove_last_part()
            else:
                self.add_part()
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
