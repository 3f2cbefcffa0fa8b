"""Printing barcode labels for products chosen in the catalog: layout, start position on a
half-used sheet, copies per product; then print, or save a PDF.

The catalog screen opens it with ``LabelPrintDialog.run(till, product_ids)``. Everything the
buttons do is a plain method (``save_pdf``, ``print_labels``) so tests call them without
``exec()``; the file question goes through ``ask_save_path`` below and messages through
``ask.inform``, both replaceable in tests. A refused job (a product without a barcode …)
leaves the dialog open with every choice as it was.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.labels import (
    MAX_COPIES,
    InvalidCopies,
    MissingBarcode,
    NoLabels,
    labels_for_products,
)
from bazaar_pos.errors import PosError, ProductUnavailable
from bazaar_pos.papers.labels import (
    LABEL_LAYOUTS,
    InvalidStartPosition,
    LabelLayout,
    page_count,
    render_labels_pdf,
)
from bazaar_pos.people.access import Actor
from bazaar_pos.settings import TillSettings, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.papers.printing import PrintError, available_printers, print_pdf, print_pdf_on
from bazaar_pos.ui.settings_dialog import label_layout_names

# A longer list of products without a barcode is cut here ("… dan 12 lainnya").
_NAMES_SHOWN = 6


def ask_save_path(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    """Ask where to save a PDF; None when cancelled. Tests replace this function.

    (A sibling of the helpers in ``ask.py``; it lives here until another screen needs it.)
    """
    name, _ = QFileDialog.getSaveFileName(
        parent, title, str(suggested), QCoreApplication.translate("LabelPrintDialog", "PDF (*.pdf)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(f"{path.name}.pdf")


class LabelPrintDialog(QDialog):
    def __init__(
        self,
        till: Till,
        product_ids: Sequence[int],
        settings: TillSettings | None = None,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cetak label barcode"))
        self.till = till
        self.actor = actor
        self.product_ids = list(product_ids)
        self.settings = settings or load_settings(till.db)
        self.last_pdf: Path | None = None  # the file of the last "Simpan PDF"

        self.layout_combo = QComboBox()
        for value, label in label_layout_names():
            self.layout_combo.addItem(label, value)
        self.layout_combo.setCurrentIndex(
            max(0, self.layout_combo.findData(self.settings.label_layout))
        )
        self.start_spin = QSpinBox()
        self.start_spin.setToolTip(
            self.tr(
                "Untuk lembar yang sudah terpakai sebagian: nomor label pertama yang masih "
                "kosong, dihitung dari kiri atas, baris demi baris."
            )
        )
        self.copies_spin = QSpinBox()
        self.copies_spin.setRange(1, MAX_COPIES)
        self.copies_spin.setValue(1)

        self.printer_combo = QComboBox()
        printers = available_printers()
        for name in printers:
            self.printer_combo.addItem(name, name)
        chosen = self.settings.printer
        if chosen and chosen not in printers:
            self.printer_combo.addItem(
                self.tr("{name} (tidak terhubung)").format(name=chosen), chosen
            )
        if self.printer_combo.count() == 0:
            self.printer_combo.addItem(self.tr("(tidak ada printer — simpan PDF saja)"), "")
        self.printer_combo.setCurrentIndex(max(0, self.printer_combo.findData(chosen)))

        self.summary_label = QLabel()
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #b00020;")
        self.problem_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        self.print_button = QPushButton(self.tr("Cetak"))
        self.save_button = QPushButton(self.tr("Simpan PDF"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Tutup"))
        buttons.rejected.connect(self.reject)
        # Lambdas: ``clicked`` passes ``checked``, which must not land in ``printer``.
        self.print_button.clicked.connect(lambda: self.print_labels())
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.print_button.setDefault(True)

        form = QFormLayout()
        form.addRow(self.tr("Ukuran label"), self.layout_combo)
        form.addRow(self.tr("Mulai dari label ke-"), self.start_spin)
        form.addRow(self.tr("Salinan per produk"), self.copies_spin)
        form.addRow(self.tr("Printer"), self.printer_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)

        self.layout_combo.currentIndexChanged.connect(self._layout_changed)
        self.start_spin.valueChanged.connect(self._refresh_summary)
        self.copies_spin.valueChanged.connect(self._refresh_summary)
        self.printer_combo.currentIndexChanged.connect(self._refresh_buttons)
        self._layout_changed()
        self._check_products()

    @classmethod
    def run(
        cls,
        till: Till,
        product_ids: Sequence[int],
        settings: TillSettings | None = None,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> LabelPrintDialog:
        """Open the dialog modally (what the catalog screen calls); returns it once closed."""
        dialog = cls(till, product_ids, settings, parent, actor=actor)
        dialog.exec()
        return dialog

    # --- what the user chose ---------------------------------------------------------------

    def chosen_layout(self) -> LabelLayout:
        return LABEL_LAYOUTS[str(self.layout_combo.currentData())]

    def start_position(self) -> int:
        return self.start_spin.value() if self.chosen_layout().is_sheet else 1

    def label_count(self) -> int:
        return len(self.product_ids) * self.copies_spin.value()

    def _layout_changed(self) -> None:
        layout = self.chosen_layout()
        # Thermal labels come one by one off a roll: there is no position to start from.
        self.start_spin.setRange(1, layout.per_page)
        self.start_spin.setEnabled(layout.is_sheet)
        if not layout.is_sheet:
            self.start_spin.setValue(1)
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        layout = self.chosen_layout()
        count = self.label_count()
        products = len(self.product_ids)
        if layout.is_sheet:
            sheets = page_count(layout, count, self.start_position())
            text = self.tr("{count} label untuk {products} produk · {sheets} lembar A4").format(
                count=count, products=products, sheets=sheets
            )
        else:
            text = self.tr("{count} label termal untuk {products} produk").format(
                count=count, products=products
            )
        self.summary_label.setText(text)
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        has_labels = self.label_count() > 0
        self.save_button.setEnabled(has_labels)
        self.print_button.setEnabled(has_labels and bool(self.printer_combo.currentData()))

    def _check_products(self) -> None:
        """Say at once which products cannot get a label, before anyone presses a button."""
        try:
            labels_for_products(self.till.db, self.product_ids, actor=self.actor)
        except PosError as error:
            self.problem_label.setText(self.describe(error))
        else:
            self.problem_label.clear()

    # --- the two actions ---------------------------------------------------------------------

    def render_pdf(self, path: Path) -> Path:
        """Read the products now (a barcode may have been assigned meanwhile) and write the
        labels to ``path``. Raises PosError for what the user must fix."""
        items = labels_for_products(
            self.till.db, self.product_ids, self.copies_spin.value(), actor=self.actor
        )
        return render_labels_pdf(
            items, self.chosen_layout(), path, start_position=self.start_position()
        )

    def save_pdf(self) -> Path | None:
        """ "Simpan PDF": ask for a file, write the labels there; the path, or None."""
        suggested = (
            self.till.data_dir
            / "labels"
            / f"label-{self.chosen_layout().key}-{datetime.now():%Y%m%d-%H%M}.pdf"
        )
        path = ask_save_path(self, self.tr("Simpan label sebagai PDF"), suggested)
        if path is None:
            return None
        try:
            saved = self.render_pdf(path)
        except PosError as error:
            self._refuse(error)
            return None
        except OSError as error:
            ask.inform(
                self,
                self.tr("Label barcode"),
                self.tr("Berkas {path} tidak dapat ditulis: {error}").format(
                    path=path, error=error.strerror or error
                ),
            )
            return None
        self.last_pdf = saved
        self.problem_label.clear()
        self.status_label.setText(self.tr("Label disimpan: {path}").format(path=saved))
        return saved

    def print_labels(self, printer: QPrinter | None = None) -> bool:
        """ "Cetak": print on the chosen printer (or on ``printer``, e.g. a PDF printer in
        tests). Each page prints at its own size: A4, or 50×30 mm on a label printer."""
        name = str(self.printer_combo.currentData() or "")
        if printer is None and not name:
            ask.inform(
                self,
                self.tr("Label barcode"),
                self.tr("Belum ada printer yang dipilih. Pilih printer, atau simpan PDF saja."),
            )
            return False
        with tempfile.TemporaryDirectory(prefix="bazaar-label-") as folder:
            path = Path(folder) / "label.pdf"
            try:
                self.render_pdf(path)
            except PosError as error:
                self._refuse(error)
                return False
            try:
                if printer is None:
                    print_pdf(path, name)
                else:
                    print_pdf_on(path, printer, name)
            except PrintError as error:
                ask.inform(self, self.tr("Label barcode"), str(error))
                return False
        self.problem_label.clear()
        target = name if printer is None else printer.printerName() or name
        if target:
            done = self.tr("{count} label dikirim ke printer {name}.").format(
                count=self.label_count(), name=target
            )
        else:
            done = self.tr("{count} label dicetak.").format(count=self.label_count())
        self.status_label.setText(done)
        return True

    # --- messages ----------------------------------------------------------------------------

    def _refuse(self, error: PosError) -> None:
        message = self.describe(error)
        self.problem_label.setText(message)
        ask.inform(self, self.tr("Label barcode"), message)

    def describe(self, error: Exception) -> str:
        if isinstance(error, MissingBarcode):
            names = [
                f"{p.name} ({p.sku})" if p.sku else p.name for p in error.products[:_NAMES_SHOWN]
            ]
            listed = ", ".join(names)
            hidden = len(error.products) - len(names)
            if hidden > 0:
                listed = self.tr("{names} dan {count} lainnya").format(names=listed, count=hidden)
            return self.tr(
                "Produk ini belum punya barcode EAN-13: {names}. Buat barcode internal dulu di "
                "katalog, lalu cetak labelnya."
            ).format(names=listed)
        if isinstance(error, InvalidStartPosition):
            return self.tr(
                "Posisi awal {position} tidak ada di lembar ini: pilih 1 sampai {maximum}."
            ).format(position=error.position, maximum=error.maximum)
        if isinstance(error, InvalidCopies):
            return self.tr("Jumlah salinan {copies} tidak valid: pilih 1 sampai {maximum}.").format(
                copies=error.copies, maximum=MAX_COPIES
            )
        if isinstance(error, NoLabels):
            return self.tr("Belum ada produk yang dipilih untuk dicetak labelnya.")
        if isinstance(error, ProductUnavailable):
            return self.tr(
                "Produk id {id} sudah tidak ada atau diarsipkan; labelnya tidak dapat dicetak."
            ).format(id=error.product_id)
        return describe_error(error)
