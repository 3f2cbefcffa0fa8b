"""Files the back-office screens write (PDF reports, CSV) and what happens to them next.

Every step that would open a window of the system — the save-file chooser, the print dialog,
the PDF viewer — is a module-level function here, called as ``documents.choose_save_path(...)``
so that a test replaces it with ``monkeypatch.setattr(documents, "choose_save_path", ...)``.

Messages are literal ``QCoreApplication.translate("Documents", "...")`` calls so that
``pyside6-lupdate`` extracts them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till

if TYPE_CHECKING:  # QtPrintSupport is loaded only when something is printed
    from PySide6.QtPrintSupport import QPrinter

INFO, WARNING, ERROR = "info", "warning", "error"

PDF_FILTER = "PDF (*.pdf)"
CSV_FILTER = "CSV (*.csv)"


def reports_dir(till: Till) -> Path:
    """Where generated reports go by default: ``<data folder>/reports``."""
    return till.data_dir / "reports"


def file_slug(text: str, fallback: str = "dokumen") -> str:
    """A file-name part from a name: ``'Bazar HBP ke-62'`` -> ``'bazar-hbp-ke-62'``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or fallback


def today_text() -> str:
    return dt.date.today().isoformat()


def choose_save_path(
    parent: QWidget | None, title: str, suggested: Path, file_filter: str
) -> Path | None:
    """Ask where to save a file (suggesting ``suggested``); None if the user cancelled."""
    suggested.parent.mkdir(parents=True, exist_ok=True)
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    if not name:
        return None
    path = Path(name)
    # The chooser of some desktops does not add the extension the filter asked for.
    wanted = suggested.suffix
    if wanted and path.suffix.lower() != wanted.lower():
        path = path.with_name(path.name + wanted)
    return path


def choose_printer(parent: QWidget | None, settings: TillSettings) -> QPrinter | None:
    """The system print dialog; returns a ready printer or None if cancelled.

    The till's receipt printer is preselected only when it prints A4: an A4 report on a
    58/80 mm roll is of no use to anyone.
    """
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if settings.printer and settings.paper == "a4":
        printer.setPrinterName(settings.printer)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def open_file(path: Path) -> bool:
    """Open a file in the system's viewer (PDF reader, spreadsheet)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


@dataclass(frozen=True)
class DocumentDelivery:
    path: Path
    printed: bool = False
    opened: bool = False
    cancelled: bool = False
    problem: str = ""  # translated; empty when all went as asked


def open_or_print_pdf(
    parent: QWidget | None, path: Path, settings: TillSettings, *, print_it: bool = True
) -> DocumentDelivery:
    """Print a saved PDF (print dialog, then :mod:`bazaar_pos.ui.papers.printing`), or open it in
    the PDF viewer when ``print_it`` is False or the computer has no printer. Never raises: the
    PDF is already on disk, so a failing printer only costs a message."""
    from bazaar_pos.ui.papers.printing import available_printers, print_pdf_on

    if not print_it or not available_printers():
        if open_file(path):
            return DocumentDelivery(path, opened=True)
        return DocumentDelivery(
            path,
            problem=QCoreApplication.translate(
                "Documents", "Tidak ada printer atau penampil PDF; buka berkasnya sendiri."
            ),
        )
    printer = choose_printer(parent, settings)
    if printer is None:
        return DocumentDelivery(path, cancelled=True)
    try:
        print_pdf_on(path, printer)
    except Exception as error:
        return DocumentDelivery(path, problem=str(error))
    return DocumentDelivery(path, printed=True)


def delivery_message(delivery: DocumentDelivery) -> tuple[str, str]:
    """The status line after a document was printed/opened: (text, level)."""
    if delivery.problem:
        return (
            QCoreApplication.translate(
                "Documents", "PDF disimpan di {path}, tetapi: {problem}"
            ).format(path=delivery.path, problem=delivery.problem),
            WARNING,
        )
    if delivery.printed:
        return (
            QCoreApplication.translate("Documents", "Dicetak. PDF: {path}").format(
                path=delivery.path
            ),
            INFO,
        )
    if delivery.opened:
        return (
            QCoreApplication.translate("Documents", "PDF dibuka: {path}").format(
                path=delivery.path
            ),
            INFO,
        )
    return (
        QCoreApplication.translate(
            "Documents", "Tidak dicetak. PDF tetap tersimpan: {path}"
        ).format(path=delivery.path),
        INFO,
    )
