"""The till's main window: header (event, till, cashier), the sale screen, menus, status bar."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from bazaar_pos.errors import PosError
from bazaar_pos.events import get_event
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.till import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.sale_screen import ERROR, WARNING, SaleScreen


class MainWindow(QMainWindow):
    def __init__(self, till: Till, settings: TillSettings | None = None) -> None:
        super().__init__()
        self.till = till
        self.settings = settings or load_settings(till.db)
        self.setWindowTitle(self.tr("Bazaar POS — Kasir"))
        self.resize(1180, 720)

        self.header_label = QLabel()
        self.header_label.setObjectName("eventHeader")
        self.header_label.setWordWrap(True)
        self.sale_screen = SaleScreen(till, self.settings)
        self.sale_screen.statusMessage.connect(self._show_in_status_bar)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.header_label)
        layout.addWidget(self.sale_screen, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._refresh_header()

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Kasir"))
        self.reprint_action = QAction(self.tr("Cetak ulang struk…"), self)
        self.reprint_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reprint_action.triggered.connect(self.reprint_receipt)
        self.settings_action = QAction(self.tr("Pengaturan…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        quit_action = QAction(self.tr("Keluar"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        for action in (self.reprint_action, self.settings_action, quit_action):
            menu.addAction(action)

    def _refresh_header(self) -> None:
        event = get_event(self.till.db, self.settings.current_event_id)
        if event is None:
            where = self.tr("Belum ada acara dipilih (Kasir → Pengaturan)")
        else:
            where = f"<b>{event.name}</b> — {event.venue}<br>" + ", ".join(event.institutions)
        till = self.tr("Kasa {till} · Kasir {cashier}").format(
            till=self.settings.till_code, cashier=self.settings.cashier
        )
        self.header_label.setText(f"{where}<br><small>{till}</small>")

    def _show_in_status_bar(self, text: str, level: str) -> None:
        self.statusBar().showMessage(text)

    def open_settings(self) -> None:
        from bazaar_pos.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.till.db, self.settings, self)
        if dialog.exec() and dialog.saved is not None:
            self.settings = dialog.saved
            self.sale_screen.set_settings(dialog.saved)
            self._refresh_header()
        self.sale_screen.focus_scan()

    def reprint_receipt(self) -> None:
        last = self.sale_screen.last_sale
        number = ask.ask_text(
            self,
            self.tr("Cetak ulang struk"),
            self.tr("Nomor struk (ketik atau scan):"),
            last.receipt_no if last else f"{self.settings.till_code}-",
        )
        self.sale_screen.focus_scan()
        if not number:
            return
        from bazaar_pos.ui.printing import deliver_receipt

        delivery = deliver_receipt(self.till, self.settings, number, copy=True)
        if delivery.pdf_path is None:
            self.sale_screen.show_status(delivery.problem, ERROR)
        elif delivery.problem:
            self.sale_screen.show_status(
                self.tr("Salinan struk disimpan ({path}) tetapi tidak tercetak: {problem}").format(
                    path=delivery.pdf_path, problem=delivery.problem
                ),
                WARNING,
            )
        else:
            done = self.tr("dicetak") if delivery.printed else self.tr("disimpan")
            self.sale_screen.show_status(
                self.tr("Salinan struk {no} {done}: {path}").format(
                    no=number.strip().upper(), done=done, path=delivery.pdf_path
                )
            )

    def show_error(self, error: PosError) -> None:
        self.sale_screen.show_status(describe_error(error), ERROR)
