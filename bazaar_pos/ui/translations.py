"""The screens' language: Bahasa Indonesia as written, others from ``.qm`` files.

Qt alone (no database, no screens): the start window installs the language before the till's
database is opened, the main window again once the till's own setting is known.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from bazaar_pos.paths import assets_dir

__all__ = ["install_translators", "translations_dir"]


def translations_dir() -> Path:
    return assets_dir() / "i18n"


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Screens are written in Bahasa Indonesia; other languages come from ``.qm`` files.
    The translators this installed for an earlier language are removed first (the start
    window speaks the language the till spoke last; the till's own setting may differ).

    Adding a language is a ``bazaar_pos_<lang>.qm`` in assets/i18n, no code change.
    """
    for earlier in app.findChildren(QTranslator, _NAME):
        app.removeTranslator(earlier)
        earlier.deleteLater()
    installed: list[QTranslator] = []
    if language == "id":
        locale = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    else:
        locale = QLocale(language)
    QLocale.setDefault(locale)
    ours = QTranslator(app)
    ours.setObjectName(_NAME)
    if ours.load(f"bazaar_pos_{language}", str(translations_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    qt_own = QTranslator(app)  # Qt's own dialog buttons (OK/Cancel) in the same language
    qt_own.setObjectName(_NAME)
    qt_path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(locale, "qtbase", "_", qt_path):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


_NAME = "bazaar_pos_translator"  # marks the translators installed here
