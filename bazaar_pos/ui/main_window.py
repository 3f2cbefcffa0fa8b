"""The till's main window: header (event, till, user, shift), the screens, menus, status bar.

The till code stands large at the left of the header: the cashier, the supervisor and whoever
reads a receipt name the till by it. A database is a till or an office (chosen by the first
admin, right after their account: ``ui/first_start.py``); an office's window sells nothing:
instead of the sale screen it says what an office does, and the entries for selling, shifts
and refunds are not offered (reports, imports, exports, people and the catalog stay).

The sale screen is always there; the back-office screens (counts, reports, catalog …) are
built the first time they are opened, so the till starts as fast as before. Each screen is a
``QWidget`` taking ``(till, settings, parent)``; if it has ``activate()`` it is called each
time it is shown (to reload from the services), ``set_settings(settings)`` after the
settings change, ``set_actor(actor)`` after every login or user switch, and a
``statusMessage(str, str)`` signal is shown in the status bar.

Nobody works the till anonymously: the window asks for a login (or, on the very first start,
for the admin account) as soon as it is shown, and Ctrl+L hands the till to someone else.

Each menu entry names the :class:`~bazaar_pos.people.access.Action` its screen or command is
for; an entry the logged-in role may not use is hidden (and disabled, so its shortcut does not
fire either), and a menu left empty is hidden too. This is re-done on every login and user
switch. It only spares the user a refusal: the services check the same table themselves.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos import logs
from bazaar_pos.catalog.events import get_event
from bazaar_pos.db.faults import database_fault
from bazaar_pos.errors import PosError
from bazaar_pos.money import format_rupiah
from bazaar_pos.people.access import Action, Actor, may
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error, rupiah_in_sentence
from bazaar_pos.ui.operations import OperationsBar, operations
from bazaar_pos.ui.table_view import ERROR, WARNING
from bazaar_pos.ui.till.sale_screen import SaleScreen

if TYPE_CHECKING:  # the sync package loads when its menu is used, not at start
    from bazaar_pos.sync import ExportResult, ImportResult
    from bazaar_pos.ui.start_window import StartWindow

# Room the status bar's frame and size grip take from a message's width, in pixels.
STATUS_BAR_MARGIN = 32
# The till code in the header: read across the stand, bigger than anything else on screen.
TILL_CODE_POINT_SIZE = 26
# What only a till does: an office (and a database whose kind is not chosen yet) never sells.
TILL_ONLY = frozenset({Action.SELL, Action.OPEN_SHIFT, Action.REFUND})


@dataclass(frozen=True)
class ScreenEntry:
    key: str
    menu: str  # "till" | "stock" | "catalog" | "reports" | "admin"
    title: str  # Indonesian title; the translated one comes from _screen_title
    shortcut: str
    module: str
    class_name: str
    action: Action  # what the screen is for: shown to the roles the permission table allows


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry(
        "shift",
        "till",
        "Shift & kas",
        "Alt+9",
        "people.shift_screen",
        "ShiftScreen",
        Action.OPEN_SHIFT,
    ),
    ScreenEntry(
        "refund",
        "till",
        "Refund pembeli",
        "Alt+0",
        "till.refund_screen",
        "RefundScreen",
        Action.REFUND,
    ),
    # Cashiers type or scan counted quantities; starting and posting a count is checked there.
    ScreenEntry(
        "count",
        "stock",
        "Penghitungan stok",
        "Alt+2",
        "stock.count_screen",
        "CountScreen",
        Action.ENTER_COUNT,
    ),
    ScreenEntry(
        "variance",
        "stock",
        "Laporan selisih stok",
        "Alt+3",
        "stock.variance_screen",
        "VarianceScreen",
        Action.VIEW_VARIANCE,
    ),
    ScreenEntry(
        "ledger",
        "stock",
        "Mutasi stok",
        "Alt+4",
        "stock.ledger_screen",
        "LedgerScreen",
        Action.VIEW_STOCK,
    ),
    ScreenEntry(
        "return",
        "stock",
        "Retur ke instansi",
        "Alt+5",
        "stock.return_screen",
        "ReturnScreen",
        Action.RETURN_GOODS,
    ),
    ScreenEntry(
        "products",
        "catalog",
        "Produk",
        "Alt+6",
        "catalog.products_screen",
        "ProductsScreen",
        Action.EDIT_PRODUCTS,
    ),
    ScreenEntry(
        "institutions",
        "catalog",
        "Instansi & bengkel kerja",
        "Alt+7",
        "catalog.institutions_screen",
        "InstitutionsScreen",
        Action.EDIT_INSTITUTIONS,
    ),
    ScreenEntry(
        "events",
        "catalog",
        "Acara",
        "Alt+8",
        "catalog.events_screen",
        "EventsScreen",
        Action.EDIT_EVENTS,
    ),
    ScreenEntry(
        "reports",
        "reports",
        "Laporan penjualan",
        "Ctrl+Shift+R",
        "reports.reports_screen",
        "ReportsScreen",
        Action.VIEW_REPORTS,
    ),
    ScreenEntry(
        "users",
        "admin",
        "Pengguna",
        "Ctrl+Shift+U",
        "people.users_screen",
        "UsersScreen",
        Action.MANAGE_USERS,
    ),
    ScreenEntry(
        "audit",
        "admin",
        "Log audit",
        "Ctrl+Shift+L",
        "people.audit_screen",
        "AuditScreen",
        Action.VIEW_AUDIT,
    ),
    ScreenEntry(
        "integrity",
        "admin",
        "Pemeriksaan jurnal",
        "Ctrl+Shift+J",
        "people.integrity_screen",
        "IntegrityScreen",
        Action.VERIFY_JOURNAL,
    ),
    # backups: the list and "back up now" are a supervisor's, the restore button an admin's
    ScreenEntry(
        "backup",
        "admin",
        "Cadangan",
        "Ctrl+Shift+B",
        "backup.backup_screen",
        "BackupScreen",
        Action.BACKUP,
    ),
)


def role_name(role: str) -> str:
    names = {
        "cashier": QCoreApplication.translate("MainWindow", "kasir"),
        "supervisor": QCoreApplication.translate("MainWindow", "supervisor"),
        "admin": QCoreApplication.translate("MainWindow", "admin"),
    }
    return names.get(role, role)


def database_kind_name(settings: TillSettings) -> str:
    """``Kasir BPN1``, ``Kantor``, or that nobody chose yet (the settings dialog, About)."""
    if settings.is_till:
        return QCoreApplication.translate("MainWindow", "Kasir {till}").format(
            till=settings.till_code
        )
    if settings.is_office:
        return QCoreApplication.translate("MainWindow", "Kantor")
    return QCoreApplication.translate("MainWindow", "Kasir atau kantor belum dipilih")


def _screen_title(key: str) -> str:
    titles = {
        "shift": QCoreApplication.translate("MainWindow", "Shift & kas"),
        "refund": QCoreApplication.translate("MainWindow", "Refund pembeli"),
        "users": QCoreApplication.translate("MainWindow", "Pengguna"),
        "audit": QCoreApplication.translate("MainWindow", "Log audit"),
        "integrity": QCoreApplication.translate("MainWindow", "Pemeriksaan jurnal"),
        "count": QCoreApplication.translate("MainWindow", "Penghitungan stok"),
        "variance": QCoreApplication.translate("MainWindow", "Laporan selisih stok"),
        "ledger": QCoreApplication.translate("MainWindow", "Mutasi stok"),
        "return": QCoreApplication.translate("MainWindow", "Retur ke instansi"),
        "products": QCoreApplication.translate("MainWindow", "Produk"),
        "institutions": QCoreApplication.translate("MainWindow", "Instansi & bengkel kerja"),
        "events": QCoreApplication.translate("MainWindow", "Acara"),
        "reports": QCoreApplication.translate("MainWindow", "Laporan penjualan"),
        "backup": QCoreApplication.translate("MainWindow", "Cadangan"),
    }
    return titles[key]


class MainWindow(QMainWindow):
    actorChanged = Signal(object)  # Actor | None
    syncImported = Signal(object)  # list[ImportResult] that added or changed rows
    # An error nobody caught (logs.handle_unexpected), from any thread: shown on the GUI thread.
    unexpectedError = Signal(object)  # logs.Unexpected

    def __init__(
        self, till: Till, settings: TillSettings | None = None, actor: Actor | None = None
    ) -> None:
        super().__init__()
        self.till = till
        self.settings = settings or load_settings(till.db)
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Bazaar POS — Kasir"))
        self.resize(1180, 720)

        self.header_label = QLabel()
        self.header_label.setObjectName("eventHeader")
        self.header_label.setWordWrap(True)
        self.till_label = QLabel()
        self.till_label.setObjectName("tillCode")
        font = self.till_label.font()
        font.setPointSize(TILL_CODE_POINT_SIZE)
        font.setBold(True)
        self.till_label.setFont(font)
        self.till_label.setToolTip(self.tr("Kode kasa: awal setiap nomor struk"))
        # What an office shows instead of the sale screen.
        self.office_page = QLabel()
        self.office_page.setObjectName("officePage")
        self.office_page.setWordWrap(True)
        # At the top: the first-start forms open in the window's middle and would cover it.
        self.office_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.office_page.setContentsMargins(24, 24, 24, 24)
        self.sale_screen = SaleScreen(till, self.settings)
        self.sale_screen.statusMessage.connect(self._show_in_status_bar)
        self._start_operations()
        self._start_auto_backup()

        self.pages = QStackedWidget()
        self.pages.addWidget(self.sale_screen)
        self.pages.addWidget(self.office_page)
        self.screens: dict[str, QWidget] = {}

        central = QWidget()
        layout = QVBoxLayout(central)
        header = QHBoxLayout()
        header.addWidget(self.till_label)
        header.addSpacing(16)
        header.addWidget(self.header_label, 1)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._showing_unexpected = False
        self._closing_by_user = False
        self.unexpectedError.connect(self.show_unexpected_error)
        self.set_actor(actor)
        if not self.settings.is_till:  # an office, or nothing chosen yet: no sale screen
            self.show_sale_screen()

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Kasir"))
        self.reprint_action = QAction(self.tr("Cetak ulang struk…"), self)
        self.reprint_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reprint_action.triggered.connect(self.reprint_receipt)
        self.settings_action = QAction(self.tr("Pengaturan…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = quit_action = QAction(self.tr("Keluar"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.request_close)
        self.sale_action = QAction(self.tr("Penjualan"), self)
        self.sale_action.setShortcut(QKeySequence("Alt+1"))
        self.sale_action.triggered.connect(self.show_sale_screen)
        self.switch_user_action = QAction(self.tr("Ganti pengguna / kunci kasa"), self)
        self.switch_user_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_user_action.triggered.connect(self.switch_user)
        menu.addAction(self.sale_action)
        menus = {
            "till": menu,
            "stock": self.menuBar().addMenu(self.tr("&Stok")),
            "catalog": self.menuBar().addMenu(self.tr("K&atalog")),
            "reports": self.menuBar().addMenu(self.tr("&Laporan")),
            "admin": self.menuBar().addMenu(self.tr("A&dmin")),
        }
        self.menus = menus
        self.screen_actions: dict[str, QAction] = {}
        for entry in SCREENS:
            # A lone "&" would turn into a shortcut marker in a menu; the title keeps it.
            action = QAction(_screen_title(entry.key).replace("&", "&&"), self)
            action.setShortcut(QKeySequence(entry.shortcut))
            action.triggered.connect(lambda _=False, key=entry.key: self.show_screen(key))
            menus[entry.menu].addAction(action)
            self.screen_actions[entry.key] = action
        self._build_sync_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Bantuan"))
        self.about_action = QAction(self.tr("Tentang Bazaar POS…"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
        menu.addSeparator()
        for action in (
            self.reprint_action,
            self.switch_user_action,
            self.settings_action,
            quit_action,
        ):
            menu.addAction(action)

    def _build_sync_menu(self) -> None:
        sync_menu = self.menuBar().addMenu(self.tr("S&inkronisasi"))
        self.menus["sync"] = sync_menu
        self.export_incremental_action = QAction(
            self.tr("Ekspor data (sejak ekspor terakhir)…"), self
        )
        self.export_incremental_action.triggered.connect(
            lambda _=False: self.export_data("incremental")
        )
        self.export_full_action = QAction(self.tr("Ekspor data lengkap…"), self)
        self.export_full_action.triggered.connect(lambda _=False: self.export_data("full"))
        self.import_action = QAction(self.tr("Impor data kasa lain…"), self)
        self.import_action.triggered.connect(self.import_data)
        sync_menu.addAction(self.export_incremental_action)
        sync_menu.addAction(self.export_full_action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.import_action)

    def export_data(self, kind: str) -> None:
        """Menu action: this till's data as an export file (the other tills merge it)."""
        from bazaar_pos.ui.sync import dialogs as sync_dialogs

        def written(result: ExportResult) -> None:
            self._show_in_status_bar(sync_dialogs.export_status_text(result), "info")

        sync_dialogs.export_with_progress(
            self, self.till.db, self.settings, self.actor, kind=kind, then=written
        )

    def import_data(self) -> None:
        """Menu action: merge other tills' exports here (in the background), then show the
        merged figures."""
        from bazaar_pos.ui.sync import dialogs as sync_dialogs

        def merged(results: list[ImportResult]) -> None:
            if results and sync_dialogs.rows_changed(results):
                self.refresh_current_screen()
                self.syncImported.emit(results)

        sync_dialogs.import_with_summary(
            self, self.till.db, self.actor, beside_a_till=self.settings.is_till, then=merged
        )

    def refresh_current_screen(self) -> None:
        self._refresh_header()
        activate = getattr(self.pages.currentWidget(), "activate", None)
        if activate is not None:
            activate()

    def show_sale_screen(self) -> None:
        """The sale screen; on an office (or a database not set up yet) what it is instead."""
        if not self.settings.is_till:
            self.office_page.setText(self._office_text())
            self.pages.setCurrentWidget(self.office_page)
            self.setWindowTitle(self.tr("Bazaar POS — Kantor"))
            return
        self.pages.setCurrentWidget(self.sale_screen)
        self.setWindowTitle(self.tr("Bazaar POS — Kasir"))
        self.sale_screen.focus_scan()

    def show_screen(self, key: str) -> QWidget:
        """Show a back-office screen, building it on first use; returns it (tests use it)."""
        screen = self.screens.get(key)
        if screen is None:
            entry = next(entry for entry in SCREENS if entry.key == key)
            module = importlib.import_module(f"bazaar_pos.ui.{entry.module}")
            screen = getattr(module, entry.class_name)(self.till, self.settings, self)
            status = getattr(screen, "statusMessage", None)
            if status is not None:
                status.connect(self._show_in_status_bar)
            # After posting a count the clerk goes straight to its variance report.
            wants_report = getattr(screen, "showVarianceRequested", None)
            if wants_report is not None:
                wants_report.connect(lambda: self.show_screen("variance"))
            shift_changed = getattr(screen, "shiftChanged", None)
            if shift_changed is not None:
                shift_changed.connect(lambda _shift: self._refresh_header())
                shift_changed.connect(self.auto_backup.shift_changed)
            restored = getattr(screen, "restored", None)
            if restored is not None:
                restored.connect(self._restored)
            set_actor = getattr(screen, "set_actor", None)
            if set_actor is not None:
                set_actor(self.actor)
            self.screens[key] = screen
            self.pages.addWidget(screen)
        activate = getattr(screen, "activate", None)
        if activate is not None:
            activate()
        self.pages.setCurrentWidget(screen)
        self.setWindowTitle(f"Bazaar POS — {_screen_title(key)}")
        return screen

    def _office_text(self) -> str:
        if self.settings.is_pending:
            return self.tr(
                "Basis data ini belum disiapkan sebagai kasir atau kantor. Admin memilihnya "
                "saat masuk (Ctrl+L)."
            )
        return self.tr(
            "Basis data kantor: di sini tidak ada penjualan. Impor ekspor kasa lewat "
            "Sinkronisasi → Impor data kasa lain, lalu buat laporan lewat menu Laporan."
        )

    def _refresh_header(self) -> None:
        event = get_event(self.till.db, self.settings.current_event_id)
        if event is None:
            where = self.tr("Belum ada acara dipilih (Kasir → Pengaturan)")
        else:
            where = f"<b>{event.name}</b> — {event.venue}<br>" + ", ".join(event.institutions)
        if not self.settings.is_till:
            self._refresh_office_header(where if event is not None else "")
            return
        self.till_label.setText(self.settings.till_code)
        if self.actor is None:
            who = self.tr("Kasa {till} · TERKUNCI — Ctrl+L untuk masuk").format(
                till=self.settings.till_code
            )
        else:
            who = self.tr("Kasa {till} · {name} ({role})").format(
                till=self.settings.till_code,
                name=self.actor.display_name,
                role=role_name(self.actor.role),
            )
        from bazaar_pos.people.shifts import current_shift

        shift = current_shift(self.till.db, self.settings.till_code)
        if shift is None:
            drawer = self.tr("Shift belum dibuka (Alt+9)")
        else:
            drawer = self.tr("Shift dibuka {time} oleh {name}").format(
                time=shift.opened_at.astimezone().strftime("%H:%M"), name=shift.opened_by
            )
        self.header_label.setText(f"{where}<br><small>{who} · {drawer}</small>")

    def _refresh_office_header(self, where: str) -> None:
        """An office has no till code, no drawer and no shift: it says what it is instead."""
        if self.settings.is_pending:
            self.till_label.setText("—")
            what = self.tr("Basis data baru: kasir atau kantor belum dipilih")
        else:
            self.till_label.setText(self.tr("KANTOR"))
            what = self.tr("Basis data kantor: menggabungkan ekspor kasa, membuat laporan")
        if self.actor is None:
            who = self.tr("TERKUNCI — Ctrl+L untuk masuk")
        else:
            who = f"{self.actor.display_name} ({role_name(self.actor.role)})"
        if where:  # an event chosen (the reports' default): it comes first, as on a till
            self.header_label.setText(f"{where}<br><small>{what} · {who}</small>")
        else:  # an office sells under no event: what it is takes the first line
            self.header_label.setText(f"<b>{what}</b><br><small>{who}</small>")

    # --- people ---------------------------------------------------------------------------
    def set_actor(self, actor: Actor | None) -> None:
        """Hand the till to ``actor`` (None: locked). Every screen built so far follows.

        The screens written before users existed record "who" from ``settings.cashier``; it
        now carries the logged-in person's name (in memory only, never saved as a setting).
        """
        self.actor = actor
        # Locked: nothing but the way to log in (Ctrl+L) until somebody has.
        self.pages.setEnabled(actor is not None)
        self._offer_what_the_role_may()
        for screen in (self.sale_screen, *self.screens.values()):
            set_actor = getattr(screen, "set_actor", None)
            if set_actor is not None:
                set_actor(actor)
        self.apply_settings(self.settings)
        self.actorChanged.emit(actor)

    def gated_actions(self) -> dict[QAction, Action]:
        """Every menu entry and what it is for (the screens, sync, settings, reprint)."""
        gated = {self.screen_actions[entry.key]: entry.action for entry in SCREENS}
        gated[self.sale_action] = Action.SELL
        gated[self.reprint_action] = Action.REPRINT_RECEIPT
        gated[self.settings_action] = Action.CHANGE_SETTINGS
        gated[self.export_incremental_action] = Action.SYNC_EXPORT
        gated[self.export_full_action] = Action.SYNC_EXPORT
        gated[self.import_action] = Action.SYNC_IMPORT
        return gated

    def may(self, action: Action) -> bool:
        """May the user at the till do ``action``? Nobody logged in may do nothing: the
        window never works anonymously, even on a till without accounts (the services refuse
        it too, see ``people.access.anonymous_allowed``). Only a till sells."""
        if action in TILL_ONLY and not self.settings.is_till:
            return False
        return self.actor is not None and may(self.actor.role, action)

    def _offer_what_the_role_may(self) -> None:
        allowed = {action: self.may(action) for action in set(self.gated_actions().values())}
        for menu_action, action in self.gated_actions().items():
            menu_action.setVisible(allowed[action])
            menu_action.setEnabled(allowed[action])
        for menu in self.menus.values():
            menu.menuAction().setVisible(
                any(a.isVisible() and not a.isSeparator() for a in menu.actions())
            )
        current = self.pages.currentWidget()
        if current is not self.sale_screen and current in self.screens.values():
            key = next(k for k, screen in self.screens.items() if screen is current)
            if not allowed[next(e.action for e in SCREENS if e.key == key)]:
                self.show_sale_screen()  # the next user does not see the last one's screen

    def require_login(self, start: StartWindow | None = None) -> Actor | None:
        """Ask who is working: the admin account on the very first start, else a login
        (taking over what was typed in the ``start`` window while the till opened)."""
        from bazaar_pos.people.users import has_users
        from bazaar_pos.ui.people import login_dialog

        if has_users(self.till.db):
            code = self.settings.till_code
            if start is not None:
                actor = login_dialog.ask_login(self, self.till.db, code, start=start)
            else:
                actor = login_dialog.ask_login(self, self.till.db, code)
        else:
            if start is not None:
                start.hand_over()  # a name and PIN typed there make no first admin
            # A database not set up yet has no till code: its first admin's entries carry none.
            code = "" if self.settings.is_pending else self.settings.till_code
            actor = login_dialog.ask_first_admin(self, self.till.db, code)
            if actor is None:  # "Keluar": a till without its admin cannot be used
                self.close()
                return None
        if actor is not None:
            self.set_actor(actor)
            if self.settings.is_pending and not self.choose_what_the_database_is(actor):
                return None
            self.show_sale_screen()
            if self.settings.is_till:
                # A cart left by a till that stopped mid-sale is parked under the one who
                # came in.
                self.sale_screen.recover_leftovers()
        return actor

    def choose_what_the_database_is(self, actor: Actor) -> bool:
        """Right after the first admin (or the first admin's login on a database whose kind
        nobody chose yet): till or office. False: the admin left the form, the window closed.
        Anybody else is told that an admin chooses first; the window sells nothing till then.
        """
        from bazaar_pos.db.models import Role
        from bazaar_pos.ui import first_start

        if actor.role != Role.ADMIN:
            ask.inform(
                self,
                self.tr("Kasir atau kantor?"),
                self.tr(
                    "Basis data ini belum disiapkan sebagai kasir atau kantor: admin masuk dulu "
                    "untuk memilihnya. Sampai itu tidak ada penjualan."
                ),
            )
            return True
        self.show_sale_screen()  # what a database not set up yet is, behind the form
        if first_start.ask_setup(self, self.till.db, actor) is None:
            self.close()  # "Keluar": a database that is neither cannot be used
            return False
        self.apply_settings(load_settings(self.till.db))
        self._offer_what_the_role_may()
        return True

    def switch_user(self) -> None:
        """Quick user switch: the till locks at once (logged), then the next person logs in.

        The cart stays as it is, so a supervisor can take over a sale and hand it back.
        """
        if self.actor is not None:
            from bazaar_pos.people.users import logout

            logout(self.till.db, self.actor, till_code=self.settings.till_code)
            self.set_actor(None)
        self.require_login()

    def _show_in_status_bar(self, text: str, level: str) -> None:
        """The bar is one line: a long message (a recovered cart, a fault) is cut with "…"
        at the window's edge instead of in the middle of a word; the screen that said it shows
        it whole, and the bar's tooltip too."""
        bar = self.statusBar()
        line = " ".join(text.split())
        # The window's width: the bar's own is not laid out yet before the first message.
        room = max(self.width() - STATUS_BAR_MARGIN, 100)
        shown = bar.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, room)
        bar.setToolTip(text if shown != line else "")
        bar.showMessage(shown)

    def open_settings(self) -> None:
        from bazaar_pos.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.till.db, self.settings, self, actor=self.actor)
        if dialog.exec() and dialog.saved is not None:
            self.apply_settings(dialog.saved)
        if self.pages.currentWidget() is self.sale_screen:
            self.sale_screen.focus_scan()

    def apply_settings(self, settings: TillSettings) -> None:
        """New settings (or a new current event) reach every screen built so far."""
        if self.actor is not None:
            settings = settings.with_changes(cashier=self.actor.display_name)
        self.settings = settings
        self.sale_screen.set_settings(settings)
        self.auto_backup.set_settings(settings)
        for screen in self.screens.values():
            set_settings = getattr(screen, "set_settings", None)
            if set_settings is not None:
                set_settings(settings)
        self._refresh_header()

    def reprint_receipt(self) -> None:
        self.show_sale_screen()
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
        from bazaar_pos.ui.papers.printing import deliver_receipt

        delivery = deliver_receipt(self.till, self.settings, number, copy=True, actor=self.actor)
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

    # --- long work off the GUI thread ---------------------------------------------------
    def _start_operations(self) -> None:
        """What runs on the operations layer shows in the status bar (how far, "Batal"),
        never in a modal dialog: the till sells meanwhile."""
        runner = operations()
        self.operations_bar = OperationsBar(runner, self)
        self.statusBar().addPermanentWidget(self.operations_bar)
        runner.statusMessage.connect(self._show_in_status_bar)

    def _may_leave_operations(self, event: QCloseEvent) -> bool:
        """Closing by the user while jobs run asks first (a close from code does not).
        False: the user stays."""
        runner = operations()
        if not runner.busy() or not (event.spontaneous() or self._closing_by_user):
            return True
        if not runner.titles():  # only what the user never started (the receipt's warm-up)
            return True
        return ask.confirm(
            self,
            self.tr("Tutup Bazaar POS"),
            self.tr(
                "Pekerjaan masih berjalan: {jobs}. Batalkan dan tutup? Yang sudah ditulis "
                "sebagian dihapus lagi; menunggu itu selesai bisa makan waktu."
            ).format(jobs=", ".join(runner.titles()) or "-"),
        )

    @staticmethod
    def _stop_operations() -> None:
        """What can stop is cancelled (a merge undoes what it wrote) and every worker is
        waited for: none writes after the window is gone, nor while the app exits."""
        runner = operations()
        runner.cancel_all()
        runner.wait()

    # --- backups -------------------------------------------------------------------------
    def _start_auto_backup(self) -> None:
        from bazaar_pos.ui.backup.auto import AutoBackup

        self.auto_backup = AutoBackup(self.till, self.settings, self)
        self.sale_screen.saleCompleted.connect(self.auto_backup.sale_completed)
        self.auto_backup.backedUp.connect(self._backed_up)
        self.auto_backup.failed.connect(
            lambda error: self._show_in_status_bar(describe_error(error), ERROR)
        )

    def _backed_up(self, result: object) -> None:
        """An automatic backup is silent when all is well; a warning or a failed check is
        said in the status bar (the sale screen's own messages stay where they are)."""
        from bazaar_pos.backup import BackupResult
        from bazaar_pos.ui.backup.messages import describe_problem, describe_warning

        assert isinstance(result, BackupResult)
        if result.warnings:
            self._show_in_status_bar(describe_warning(result.warnings[0]), WARNING)
        elif not result.info.ok:
            text = self.tr("Cadangan otomatis gagal diperiksa: {problem} Panggil admin.")
            self._show_in_status_bar(
                text.format(problem=describe_problem(result.info.check.problem)), ERROR
            )

    def _restored(self, _result: object) -> None:
        """After a restore the window's login and screens belong to the replaced file: the
        app closes and is started again on the restored one."""
        ask.inform(
            self,
            self.tr("Cadangan dipulihkan"),
            self.tr("Cadangan dipulihkan. Aplikasi ditutup sekarang; buka lagi untuk lanjut."),
        )
        self.close()

    def show_error(self, error: PosError) -> None:
        self.sale_screen.show_status(describe_error(error), ERROR)

    # --- closing, the About box, errors nobody caught ----------------------------------------
    def request_close(self) -> bool:
        """Ctrl+Q (Kasir → Keluar): close as the user asked, with the question about a cart."""
        self._closing_by_user = True
        try:
            return self.close()
        finally:
            self._closing_by_user = False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing by the user (the window's ×, Alt+F4: the window system's close events;
        Ctrl+Q) with a cart asks, and the default answer parks it.

        A close from code (the first-admin form's "Keluar", a test's teardown) does not ask:
        the cart is on disk (``till.open_cart``) and is parked at the next start. Jobs still
        running on the operations layer are asked about first, and stopped last.
        """
        if self._may_leave_operations(event) and self._may_close_with_cart(event):
            self._stop_operations()
            event.accept()
        else:
            event.ignore()

    def _may_close_with_cart(self, event: QCloseEvent) -> bool:
        """The cart's question (the default parks it); False: back to the sale."""
        cart = self.sale_screen.cart_model.cart
        if cart.is_empty() or not (event.spontaneous() or self._closing_by_user):
            return True
        question = self.tr("Penjualan ini belum dibayar ({lines} baris, {total}).").format(
            lines=len(cart.lines), total=rupiah_in_sentence(cart.total)
        )
        detail = self.tr(
            "Parkir dan tutup: keranjang diparkir, lanjutkan dengan F3 saat Bazaar POS dibuka "
            "lagi. Shift tetap terbuka."
        )
        approved = cart.sale_discount_approval is not None or any(
            line.approval is not None for line in cart.lines
        )
        if approved:
            # Approvals are not parked (a PIN is not kept in a parked sale): asked at payment.
            detail += "\n\n" + self.tr(
                "Diskon dan ubah harga yang sudah disetujui supervisor perlu disetujui lagi "
                "saat dibayar: persetujuan tidak ikut diparkir."
            )
        if not ask.choose(
            self,
            self.tr("Tutup Bazaar POS"),
            question,
            self.tr("Parkir dan tutup"),
            self.tr("Kembali ke penjualan"),
            detail=detail,
        ):
            self.sale_screen.focus_scan()
            return False
        return self.sale_screen.park_for_close()

    def show_about(self) -> None:
        """Help → About: the version and where the till keeps its data and its log."""
        from bazaar_pos import __version__
        from bazaar_pos.paths import database_path

        started = logs.started_log()
        log_file = started.log_file if started is not None else logs.log_dir() / logs.LOG_FILE
        ask.inform(
            self,
            self.tr("Tentang Bazaar POS"),
            self.tr(
                "Bazaar POS {version}\n\nFolder data: {data}\nBasis data: {database}\n"
                "Berkas log: {log}"
            ).format(
                version=__version__,
                data=self.till.data_dir,
                database=database_path(self.till.data_dir),
                log=log_file,
            )
            + "\n"
            + self.device_text(),
        )

    def device_text(self) -> str:
        """What this installation is, and its device id: support staff tell laptops apart
        by the id (two tills may show the same code by mistake; the id never repeats)."""
        from bazaar_pos.catalog.till_identity import own_device_id

        return self.tr("{kind} · ID perangkat: {device}").format(
            kind=database_kind_name(self.settings), device=own_device_id(self.till.db)
        )

    def show_unexpected_error(self, report: logs.Unexpected) -> None:
        """Tell the cashier what happened, whether the sale in progress is safe, what to do."""
        if self._showing_unexpected:  # one dialog at a time; the log has every error
            return
        self._showing_unexpected = True
        try:
            ask.alert(self, self.tr("Kesalahan tak terduga"), self.unexpected_error_text(report))
        finally:
            self._showing_unexpected = False
        self._closing_by_user = False

    def unexpected_error_text(self, report: logs.Unexpected) -> str:
        cart = self.sale_screen.cart_model.cart
        if cart.is_empty():
            sale = self.tr(
                "Tidak ada penjualan yang sedang berjalan. Penjualan yang sudah tersimpan "
                "(bernomor struk) aman."
            )
        elif self.sale_screen.cart_saved:
            sale = self.tr(
                "Keranjang yang sedang dibuka ({lines} baris, {total}) tersimpan di disk: kalau "
                "aplikasi ditutup, keranjang itu diparkir saat dibuka lagi. Penjualan yang "
                "sudah tersimpan (bernomor struk) aman."
            ).format(lines=len(cart.lines), total=format_rupiah(cart.total))
        else:
            sale = self.tr(
                "Keranjang yang sedang dibuka ({lines} baris, {total}) BELUM tersimpan: bayar "
                "atau parkir (F2) dulu sebelum menutup aplikasi."
            ).format(lines=len(cart.lines), total=format_rupiah(cart.total))
        where = str(report.log_file) if report.log_file is not None else "-"
        if isinstance(report.error, Exception) and database_fault(report.error) is not None:
            # A database fault nobody caught: its sentence (disk full, read-only …), not the
            # driver's class name.
            return self.tr(
                "Kesalahan basis data: {fault}\n\n{sale}\n\nCatat jamnya dan beri tahu admin; "
                "rinciannya ada di berkas log: {log}"
            ).format(fault=describe_error(report.error), sale=sale, log=where)
        return self.tr(
            "Terjadi kesalahan yang tidak terduga ({kind}).\n\n{sale}\n\nCatat jamnya dan "
            "beri tahu admin; rinciannya ada di berkas log: {log}\n\nAnda bisa melanjutkan. "
            "Kalau layar tidak berfungsi, tutup aplikasi dan buka lagi."
        ).format(kind=report.kind, sale=sale, log=where)
