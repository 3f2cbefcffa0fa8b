"""Starting the Qt application: translations, main window, and the start-up probe."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from bazaar_pos.paths import assets_dir
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui.main_window import MainWindow


def translations_dir() -> Path:
    return assets_dir() / "i18n"


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Screens are written in Bahasa Indonesia; other languages come from ``.qm`` files.

    Adding a language is a ``bazaar_pos_<lang>.qm`` in assets/i18n, no code change.
    """
    installed: list[QTranslator] = []
    if language == "id":
        locale = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    else:
        locale = QLocale(language)
    QLocale.setDefault(locale)
    ours = QTranslator(app)
    if ours.load(f"bazaar_pos_{language}", str(translations_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    qt_own = QTranslator(app)  # Qt's own dialog buttons (OK/Cancel) in the same language
    qt_path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(locale, "qtbase", "_", qt_path):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


def run_app(till: Till, *, language: str | None = None, exit_when_ready: bool = False) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Bazaar POS")
    settings = load_settings(till.db)
    install_translators(app, language or settings.language)
    window = MainWindow(till, settings)
    window.show()
    if till.journal is not None and not till.journal.ok:  # the start-up check found a break
        from bazaar_pos.ui.people.integrity_screen import install_journal_warning

        install_journal_warning(window, till.journal, ask=not exit_when_ready)
    window.sale_screen.focus_scan()
    if not exit_when_ready:
        # Asked once the window is on screen, so the login sits over the till it opens.
        QTimer.singleShot(0, window.require_login)
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
    status = app.exec()
    if not exit_when_ready:  # the start-up benchmark's runs are not the till's day
        window.auto_backup.at_exit()
    return status
