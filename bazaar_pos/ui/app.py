"""Starting the Qt application: translations, main window, and the start-up probe."""

from __future__ import annotations

import gc
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from bazaar_pos import logs
from bazaar_pos.errors import PosError
from bazaar_pos.instance_lock import InstanceLock
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import DamageCheck, Till
from bazaar_pos.ui import warm_up
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.translations import install_translators

if TYPE_CHECKING:
    from bazaar_pos.backup import RestoreResult
    from bazaar_pos.ui.start_window import StartWindow


def show_window(
    till: Till,
    *,
    language: str | None = None,
    ask: bool = True,
    lock: InstanceLock | None = None,
    activate: bool = True,
) -> MainWindow:
    """The application and the till's window, shown with its sale screen (nobody logged in
    yet). ``ask``: a journal break is asked about in a dialog (not in the start-up benchmark).
    ``lock``: the data folder's (taken by the caller before the till was opened); the
    language is noted in it, so that a refused second start speaks the language of the till
    that is open. ``activate``: False while a start window takes the login's keys (it keeps
    them until the till's login takes over)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Bazaar POS")
    settings = load_settings(till.db)
    install_translators(app, language or settings.language)
    if lock is not None:
        lock.note(language=language or settings.language, till_code=settings.till_code)
    window = MainWindow(till, settings)
    # Errors nobody caught (any thread) are logged, then told in a dialog on the GUI thread.
    logs.set_presenter(window.unexpectedError.emit)
    window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, not activate)
    window.show()
    window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)
    if till.journal is not None and not till.journal.ok:  # the start-up check found a break
        from bazaar_pos.ui.people.integrity_screen import install_journal_warning

        install_journal_warning(window, till.journal, ask=ask)
    window.sale_screen.focus_scan()
    return window


def run_app(
    till: Till,
    *,
    language: str | None = None,
    exit_when_ready: bool = False,
    lock: InstanceLock | None = None,
    start: StartWindow | None = None,
) -> int:
    """The window on ``till`` (:func:`show_window`), the login asked over it, the receipt path
    warmed meanwhile (:mod:`bazaar_pos.ui.warm_up`), until the window closes.

    ``start``: the start window the login was typed in while the till opened; its typing
    goes to the till's login, and it closes once the till's window is shown.

    ``exit_when_ready`` (the start-up benchmark): quit once the sale screen is shown and the
    loop has run once, printing ``ready_ms=``; no login, no warm-up."""
    started = time.perf_counter()
    window = show_window(
        till, language=language, ask=not exit_when_ready, lock=lock, activate=start is None
    )
    if start is not None and exit_when_ready:
        start.hand_over()  # no login: the benchmark's till is ready
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if till.damage_check is not None and not exit_when_ready:
        watch_damage_check(window, till.damage_check)
    if not exit_when_ready:
        # Asked once the window is on screen, so the login sits over the till it opens.
        QTimer.singleShot(0, lambda: window.require_login(start))

        # Runs inside the login's own loop, once the login is on screen; not for a window
        # closed meanwhile (its database is about to be let go).
        def warm_while_logging_in() -> None:
            if window.isVisible():
                warm_up.warm_receipt_path(till, window.settings)

        QTimer.singleShot(warm_up.DELAY_MS, window, warm_while_logging_in)
    # Everything built so far lives all day: keep it out of every later collection (and out
    # of the one at exit), then let the collector run as usual for the rest.
    gc.freeze()
    gc.enable()
    if exit_when_ready:
        # Used by the start-up benchmark: the sale screen is shown and the loop has run once.
        def report_ready() -> None:
            print(f"ready_ms={(time.perf_counter() - started) * 1000:.1f}", flush=True)
            app.quit()

        QTimer.singleShot(0, report_ready)
    try:
        status = app.exec()
    finally:
        logs.set_presenter(None)
    if not exit_when_ready:  # the start-up benchmark's runs are not the till's day
        window.auto_backup.at_exit()
    return status


# What show_start_problem returns after "Pulihkan sekarang" restored a backup: the caller
# opens the till again (any other answer is the exit status of a refused start).
RESTORED = 0


def show_start_problem(error: PosError, *, language: str | None = None) -> int:
    """The till cannot open its database (damaged, missing, read-only …): say what is wrong and
    what to do in a dialog, never a traceback; exit status 1. When the refusal names a good
    backup the dialog offers "Pulihkan sekarang" (an admin of that backup restores it):
    :data:`RESTORED` then, and the caller starts the till. The settings are in the database,
    so the language is the command line's or Indonesian."""
    from bazaar_pos.startup import TillCannotOpen
    from bazaar_pos.ui import ask
    from bazaar_pos.ui.backup.restore_at_start import offer_restore
    from bazaar_pos.ui.messages import describe_error

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Bazaar POS")
    install_translators(app, language or "id")
    title = QCoreApplication.translate("Startup", "Bazaar POS tidak bisa dibuka")
    if isinstance(error, TillCannotOpen) and error.backup is not None:
        restored = offer_restore(None, error)
        if restored is None:
            return 1
        tell_restored(None, restored)
        return RESTORED
    ask.alert(None, title, describe_error(error))
    return 1


def tell_restored(parent: QWidget | None, restored: RestoreResult) -> None:
    """What was restored, where the replaced file is kept, and that the till opens on it."""
    from bazaar_pos.ui import ask

    done = QCoreApplication.translate(
        "Startup", "Cadangan {file} dipulihkan ({sales} penjualan, struk terakhir {last})."
    ).format(
        file=restored.restored.name,
        sales=restored.check.sales,
        last=restored.check.last_receipt or "—",
    )
    if restored.kept_aside is not None:
        kept = QCoreApplication.translate(
            "Startup", "Berkas yang diganti disimpan di {kept}."
        ).format(kept=restored.kept_aside)
    else:
        kept = QCoreApplication.translate("Startup", "Tidak ada berkas yang diganti.")
    opening = QCoreApplication.translate("Startup", "Kasa dibuka sekarang.")
    ask.inform(
        parent,
        QCoreApplication.translate("Startup", "Cadangan dipulihkan"),
        f"{done} {kept} {opening}",
    )


# How often the window looks whether the background damage check is done (it takes ~0.3 s on a
# big till; writes wait for it anyway, this is only to tell the cashier at once).
DAMAGE_POLL_MS = 50
# Dialogs stacked over the window when the damage is found (the login, a question in it).
MAX_OPEN_DIALOGS = 5


def watch_damage_check(window: QWidget, check: DamageCheck) -> QTimer:
    """Tell the cashier as soon as the start-up's background ``quick_check`` finds damage: the
    same dialog as a refused start (with "Pulihkan sekarang" when there is a good backup), then
    the window closes (every write was already refused). After a restore ``check.restored`` is
    set: the caller opens the till again, on the restored file."""
    from bazaar_pos.ui import ask
    from bazaar_pos.ui.backup.restore_at_start import offer_restore
    from bazaar_pos.ui.messages import describe_error

    timer = QTimer(window)
    timer.setInterval(DAMAGE_POLL_MS)

    def look() -> None:
        if not check.finished:
            return
        timer.stop()
        if check.problem is None:
            return
        # A dialog already open over the window (the login, asked at once) belongs to the
        # damaged file: closed first, so that the refusal is not answered behind it.
        for _ in range(MAX_OPEN_DIALOGS):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is window:
                break
            modal.close()
        if check.problem.backup is not None:
            restored = offer_restore(window, check.problem)
            if restored is not None:
                check.restored = True
                tell_restored(window, restored)
        else:
            ask.alert(
                window,
                QCoreApplication.translate("Startup", "Bazaar POS tidak bisa dibuka"),
                describe_error(check.problem),
            )
        window.close()

    timer.timeout.connect(look)
    timer.start()
    return timer
