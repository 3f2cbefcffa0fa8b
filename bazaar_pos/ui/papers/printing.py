"""Receipt delivery: the PDF is always saved first; printing through Qt is a bonus that may fail.

A missing printer or a jammed one never touches the sale (already committed) and never repeats
it: the cashier is told, the PDF stays, and the receipt can be reprinted later.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from bazaar_pos.db.faults import database_fault
from bazaar_pos.errors import PosError
from bazaar_pos.papers.receipt_files import save_receipt_pdf
from bazaar_pos.people.access import Actor
from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui.messages import describe_error


class PrintError(Exception):
    """The printer could not print; the message is already translated for the cashier.

    Messages are literal ``QCoreApplication.translate("Printing", "...")`` calls so that
    ``pyside6-lupdate`` extracts them (it does not see strings passed through a helper).
    """


def available_printers() -> list[str]:
    return [str(name) for name in QPrinterInfo.availablePrinterNames()]


def print_pdf(path: Path, printer_name: str) -> None:
    """Send every page of a PDF to the named printer, at the PDF's own page size."""
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        raise PrintError(
            QCoreApplication.translate("Printing", "Printer '{name}' tidak ditemukan.").format(
                name=printer_name
            )
        )
    print_pdf_on(path, QPrinter(info, QPrinter.PrinterMode.HighResolution), printer_name)


def print_pdf_on(path: Path, printer: QPrinter, printer_name: str = "") -> None:
    """Render each PDF page (QtPdf) onto ``printer`` at the page's own size (58/80 mm roll)."""
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise PrintError(
            QCoreApplication.translate(
                "Printing", "Berkas struk tidak dapat dibaca: {path}"
            ).format(path=path)
        )
    printer.setFullPage(True)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    painter = QPainter()
    try:
        for page in range(document.pageCount()):
            size = document.pagePointSize(page)
            printer.setPageSize(
                QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Point)
            )
            if page == 0 and not painter.begin(printer):
                raise PrintError(
                    QCoreApplication.translate("Printing", "Printer '{name}' tidak siap.").format(
                        name=printer_name
                    )
                )
            if page > 0:
                printer.newPage()
            dpi = printer.resolution()
            pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
            image = document.render(page, pixels)
            painter.drawImage(QRectF(0, 0, pixels.width(), pixels.height()), image)
    finally:
        if painter.isActive():
            painter.end()


@dataclass(frozen=True)
class ReceiptDelivery:
    pdf_path: Path | None
    printed: bool
    problem: str  # empty when everything went as the settings asked


def deliver_receipt(
    till: Till,
    settings: TillSettings,
    receipt_no: str,
    *,
    copy: bool = False,
    actor: Actor | None = None,
) -> ReceiptDelivery:
    """Save the receipt PDF, then print it if the till has a printer. Never raises.

    ``actor`` must be allowed to see the sale; a copy is logged in the audit log as a reprint
    by ``actor``.
    """
    try:
        path = save_receipt_pdf(
            till.db,
            till.data_dir,
            receipt_no,
            paper=settings.paper,
            copy=copy,
            language=settings.language,
            actor=actor,
            till_code=settings.till_code,
        )
    except Exception as error:
        # A refusal the cashier can act on gets its sentence (a damaged font, an unknown
        # number), a fault of the database file too (disk full, busy …); anything else is
        # named as it is.
        told = isinstance(error, PosError) or database_fault(error) is not None
        reason = describe_error(error) if told else str(error)
        return ReceiptDelivery(
            None,
            False,
            QCoreApplication.translate(
                "Printing", "Struk {no} gagal dibuat ({error}); cetak ulang nanti dari menu."
            ).format(no=receipt_no, error=reason),
        )
    if not settings.print_receipts or not settings.printer:
        return ReceiptDelivery(path, False, "")
    try:
        print_pdf(path, settings.printer)
    except PrintError as error:
        return ReceiptDelivery(path, False, str(error))
    except Exception as error:
        return ReceiptDelivery(path, False, str(error))
    return ReceiptDelivery(path, True, "")
