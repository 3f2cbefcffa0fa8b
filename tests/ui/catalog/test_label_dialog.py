"""The label print dialog: choices, saving a PDF, printing at the label's size, refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from reportlab.lib.units import mm
from sqlalchemy import select

from bazaar_pos.db.models import Institution, Product
from bazaar_pos.papers.labels import LABEL_LAYOUTS
from bazaar_pos.settings import TillSettings, load_settings, save_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui import ask
from bazaar_pos.ui.catalog import label_dialog
from bazaar_pos.ui.catalog.label_dialog import LabelPrintDialog

PYROGRAPHY = "2001000000012"  # Rp 150.000, BPN
BESEK = "2002000000019"  # Rp 125, BNA


def product_ids(till: Till, *barcodes: str) -> list[int]:
    with till.db.read() as session:
        rows = dict(
            session.execute(
                select(Product.barcode, Product.id).where(Product.barcode.in_(barcodes))
            ).all()
        )
    return [rows[code] for code in barcodes]


def add_unlabelled_product(till: Till) -> int:
    with till.db.write() as session:
        bla = session.scalar(select(Institution).where(Institution.code == "BLA"))
        product = Product(
            sku="BLA-KYU-900",
            barcode=None,
            name="Talenan kayu mangga",
            price=45_000,
            institution=bla,
        )
        session.add(product)
        session.flush()
        return product.id


@pytest.fixture
def informed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the dialog shows through ask.inform (instead of a modal box)."""
    said: list[str] = []
    monkeypatch.setattr(ask, "inform", lambda parent, title, text: said.append(text))
    return said


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[Path]:
    suggested: list[Path] = []

    def fake(parent: Any, title: str, proposal: Path) -> Path | None:
        suggested.append(proposal)
        return path

    monkeypatch.setattr(label_dialog, "ask_save_path", fake)
    return suggested


def make_dialog(qtbot: QtBot, till: Till, ids: list[int], **settings: Any) -> LabelPrintDialog:
    dialog = LabelPrintDialog(till, ids, TillSettings(**settings))
    qtbot.addWidget(dialog)
    return dialog


def choose(dialog: LabelPrintDialog, layout: str) -> None:
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData(layout))


def test_defaults_come_from_the_settings(qtbot: QtBot, till: Till) -> None:
    save_settings(till.db, load_settings(till.db).with_changes(label_layout="a4_4x10"))
    dialog = LabelPrintDialog(till, product_ids(till, PYROGRAPHY, BESEK))
    qtbot.addWidget(dialog)
    assert dialog.layout_combo.currentData() == "a4_4x10"
    assert dialog.layout_combo.currentText() == "A4 4×10 (52,5×29,7 mm)"
    assert (dialog.start_spin.minimum(), dialog.start_spin.maximum()) == (1, 40)
    assert dialog.start_spin.isEnabled()
    assert dialog.summary_label.text() == "2 label untuk 2 produk · 1 lembar A4"
    assert dialog.problem_label.text() == ""


def test_start_position_is_only_for_sheets(qtbot: QtBot, till: Till) -> None:
    dialog = make_dialog(qtbot, till, product_ids(till, PYROGRAPHY))
    assert dialog.layout_combo.currentData() == "a4_3x8"
    dialog.start_spin.setValue(24)
    dialog.copies_spin.setValue(3)
    assert dialog.summary_label.text() == "3 label untuk 1 produk · 2 lembar A4"
    choose(dialog, "thermal_50x30")
    assert not dialog.start_spin.isEnabled()
    assert (dialog.start_spin.value(), dialog.start_spin.maximum(), dialog.start_position()) == (
        1,
        1,
        1,
    )
    assert dialog.summary_label.text() == "3 label termal untuk 1 produk"
    choose(dialog, "a4_3x8")
    assert dialog.start_spin.isEnabled() and dialog.start_spin.maximum() == 24
    dialog.start_spin.setValue(99)  # the spin box keeps it on the sheet
    assert dialog.start_spin.value() == 24


def test_save_pdf_writes_the_chosen_labels(
    qtbot: QtBot, till: Till, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, informed: list[str]
) -> None:
    target = tmp_path / "out" / "label-bazar.pdf"
    suggested = save_to(monkeypatch, target)
    dialog = make_dialog(qtbot, till, product_ids(till, PYROGRAPHY, BESEK))
    dialog.start_spin.setValue(20)
    dialog.copies_spin.setValue(5)
    assert dialog.summary_label.text() == "10 label untuk 2 produk · 2 lembar A4"

    assert dialog.save_pdf() == target
    assert informed == []
    assert suggested[0].parent == till.data_dir / "labels"
    assert suggested[0].name.startswith("label-a4_3x8-") and suggested[0].suffix == ".pdf"
    assert dialog.last_pdf == target
    assert str(target) in dialog.status_label.text()
    pages = PdfReader(target).pages
    assert len(pages) == 2
    layout = LABEL_LAYOUTS["a4_3x8"]
    first_text = pages[0].extract_text()
    assert first_text.count("Rp 150.000") == 5 and first_text.count("BPN") == 5
    assert pages[1].extract_text().count("Rp 125") == 5  # labels 25–29: sheet 2, 1–5
    # Labels 20–24 are the last five of sheet 1 (row 7 from column 2, then row 8).
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            found.append(
                (cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5])
            )

    pages[0].extract_text(visitor_text=visit)
    x20, y20 = layout.label_origin(19)
    assert all(y < y20 + layout.label_height for _, y in found)  # nothing above row 7
    assert not any(x < x20 and y >= y20 for x, y in found)  # label 19 stays empty
    assert any(x20 <= x < x20 + layout.label_width and y >= y20 for x, y in found)


def test_a_cancelled_save_writes_nothing(
    qtbot: QtBot, till: Till, monkeypatch: pytest.MonkeyPatch, informed: list[str]
) -> None:
    save_to(monkeypatch, None)
    dialog = make_dialog(qtbot, till, product_ids(till, PYROGRAPHY))
    assert dialog.save_pdf() is None
    assert informed == [] and dialog.last_pdf is None
    assert not (till.data_dir / "labels").exists()


def test_a_product_without_barcode_is_named_and_the_choices_stay(
    qtbot: QtBot, till: Till, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, informed: list[str]
) -> None:
    target = tmp_path / "labels.pdf"
    save_to(monkeypatch, target)
    ids = [*product_ids(till, PYROGRAPHY), add_unlabelled_product(till)]
    dialog = make_dialog(qtbot, till, ids)
    dialog.show()
    # Said as soon as the dialog opens, before any button.
    assert "Talenan kayu mangga (BLA-KYU-900)" in dialog.problem_label.text()
    choose(dialog, "a4_4x10")
    dialog.start_spin.setValue(7)
    dialog.copies_spin.setValue(4)

    assert dialog.save_pdf() is None
    assert len(informed) == 1
    assert informed[0] == (
        "Produk ini belum punya barcode EAN-13: Talenan kayu mangga (BLA-KYU-900). Buat barcode "
        "internal dulu di katalog, lalu cetak labelnya."
    )
    assert not target.exists()
    assert dialog.isVisible() and dialog.result() == 0
    assert (
        dialog.layout_combo.currentData(),
        dialog.start_spin.value(),
        dialog.copies_spin.value(),
    ) == ("a4_4x10", 7, 4)
    assert not dialog.print_labels(printer=QPrinter())
    assert len(informed) == 2


def test_printing_keeps_each_label_at_its_own_size(
    qtbot: QtBot, till: Till, tmp_path: Path, informed: list[str]
) -> None:
    dialog = make_dialog(qtbot, till, product_ids(till, PYROGRAPHY, BESEK))
    choose(dialog, "thermal_50x30")
    dialog.copies_spin.setValue(2)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert dialog.print_labels(printer=printer)
    assert informed == []
    assert dialog.status_label.text() == "4 label dicetak."
    pages = PdfReader(printed).pages
    assert len(pages) == 4
    for page in pages:
        size = (float(page.mediabox.width) / mm, float(page.mediabox.height) / mm)
        assert size == pytest.approx((50, 30), abs=0.5)


def test_a4_sheets_print_on_a4(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, till, product_ids(till, PYROGRAPHY))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_labels(printer=printer)
    (page,) = PdfReader(tmp_path / "printed.pdf").pages
    assert (float(page.mediabox.width) / mm, float(page.mediabox.height) / mm) == pytest.approx(
        (210, 297), abs=0.5
    )


def test_the_buttons_print_on_the_chosen_printer_and_save(
    qtbot: QtBot,
    till: Till,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    informed: list[str],
) -> None:
    monkeypatch.setattr(label_dialog, "available_printers", lambda: ["Kantor", "Label-50x30"])
    sent: list[tuple[str, int, float]] = []

    def fake_print(path: Path, name: str) -> None:
        pages = PdfReader(path).pages
        sent.append((name, len(pages), float(pages[0].mediabox.width) / mm))

    monkeypatch.setattr(label_dialog, "print_pdf", fake_print)
    dialog = make_dialog(qtbot, till, product_ids(till, PYROGRAPHY, BESEK), printer="Kantor")
    assert dialog.printer_combo.currentData() == "Kantor"
    choose(dialog, "thermal_50x30")
    dialog.printer_combo.setCurrentIndex(dialog.printer_combo.findData("Label-50x30"))
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert sent == [("Label-50x30", 2, pytest.approx(50))]
    assert dialog.status_label.text() == "2 label dikirim ke printer Label-50x30."

    save_to(monkeypatch, tmp_path / "labels.pdf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(tmp_path / "labels.pdf").pages) == 2
    assert informed == []


def test_without_a_printer_the_user_is_sent_to_the_pdf(
    qtbot: QtBot, till: Till, monkeypatch: pytest.MonkeyPatch, informed: list[str]
) -> None:
    monkeypatch.setattr(label_dialog, "available_printers", lambda: [])
    dialog = make_dialog(qtbot, till, product_ids(till, PYROGRAPHY))
    assert dialog.printer_combo.currentData() == ""
    assert not dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert not dialog.print_labels()
    assert informed == ["Belum ada printer yang dipilih. Pilih printer, atau simpan PDF saja."]


def test_a_missing_printer_is_named(
    qtbot: QtBot, till: Till, monkeypatch: pytest.MonkeyPatch, informed: list[str]
) -> None:
    monkeypatch.setattr(label_dialog, "available_printers", lambda: [])
    dialog = make_dialog(qtbot, till, product_ids(till, PYROGRAPHY), printer="Printer-Gudang")
    assert dialog.printer_combo.currentText() == "Printer-Gudang (tidak terhubung)"
    assert dialog.print_button.isEnabled()
    assert not dialog.print_labels()
    assert len(informed) == 1 and "Printer-Gudang" in informed[0]


def test_run_opens_the_dialog_modally(
    qtbot: QtBot, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[LabelPrintDialog] = []

    def fake_exec(self: LabelPrintDialog) -> int:
        qtbot.addWidget(self)
        shown.append(self)
        return 0

    monkeypatch.setattr(LabelPrintDialog, "exec", fake_exec)
    ids = product_ids(till, BESEK)
    dialog = LabelPrintDialog.run(till, ids, TillSettings(label_layout="thermal_50x30"))
    assert shown == [dialog]
    assert dialog.product_ids == ids and dialog.layout_combo.currentData() == "thermal_50x30"


def test_ask_save_path_adds_the_pdf_suffix(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers = iter([(str(tmp_path / "label"), ""), (str(tmp_path / "a.PDF"), ""), ("", "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: next(answers))
    assert label_dialog.ask_save_path(None, "t", tmp_path / "x.pdf") == tmp_path / "label.pdf"
    assert label_dialog.ask_save_path(None, "t", tmp_path / "x.pdf") == tmp_path / "a.PDF"
    assert label_dialog.ask_save_path(None, "t", tmp_path / "x.pdf") is None
