"""The screens in English from assets/i18n/bazaar_pos_en.qm, and Indonesian when none is loaded.

The translation files themselves are checked too: every string of the code is in the .ts, every
entry there is translated (same placeholders), and the committed .qm holds what the .ts says.
After changing a screen text: ``assets/i18n/update_translations.sh``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bazaar_pos.errors import EmptyCart, TenderTooLow, UnknownCode
from bazaar_pos.paths import assets_dir
from bazaar_pos.startup import Till
from bazaar_pos.ui.main_window import MainWindow
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.papers.printing import deliver_receipt
from bazaar_pos.ui.translations import install_translators, translations_dir
from tests.conftest import Staff

TS_FILE = translations_dir() / "bazaar_pos_en.ts"
QM_FILE = translations_dir() / "bazaar_pos_en.qm"
UI_SOURCES = sorted((assets_dir().parent / "bazaar_pos" / "ui").rglob("*.py"))
REFRESH = "run assets/i18n/update_translations.sh and translate the new entries"

TALENAN = "2003000000030"  # Rp 45.000 in assets/demo_catalog.csv

# What the screens say, per language: (Indonesian, English).
TEXTS = {
    "title": ("Bazaar POS — Kasir", "Bazaar POS — Cashier"),
    "menu": ("&Kasir", "&Till"),
    "reprint": ("Cetak ulang struk…", "Reprint receipt…"),
    "settings": ("Pengaturan…", "Settings…"),
    "pay_button": ("Bayar && simpan (Enter)", "Pay && save (Enter)"),
    "pay_key": ("<td>bayar</td>", "<td>pay</td>"),
    "cash_button": ("Tunai (F5)", "Cash (F5)"),
    "payment": ("Pembayaran", "Payment"),
    "cart_header": ("Produk", "Product"),
    "search_header": ("Asal", "Origin"),
    "till": ("Kasa BPN1 · Siti Aminah (kasir)", "Till BPN1 · Siti Aminah (cashier)"),
    "placeholder": (
        "Scan barcode / ketik SKU lalu Enter — atau ketik nama untuk mencari",
        "Scan a barcode / type a SKU then Enter — or type a name to search",
    ),
    "unknown_code": (
        "Kode '123' tidak dikenal: tidak ada produk aktif dengan barcode/SKU itu.",
        "Unknown code '123': no active product has that barcode/SKU.",
    ),
    "empty_cart": (
        "Keranjang masih kosong: scan produk dulu.",
        "The cart is still empty: scan a product first.",
    ),
    "tender_too_low": (
        "Uang diterima Rp 10.000 kurang dari total Rp 45.000.",
        "Cash received Rp 10.000 is less than the total Rp 45.000.",
    ),
    "receipt_failed": (
        "Struk BPN1-999999 gagal dibuat",
        "Receipt BPN1-999999 could not be created",
    ),
    "total": ("Total: Rp 45.000", "Total: Rp 45.000"),
    "change": ("Kembalian: Rp 5.000", "Change: Rp 5.000"),
    "saved": ("Tersimpan BPN1-000001. Kembalian Rp 5.000.", "Saved BPN1-000001. Change Rp 5.000."),
}


@pytest.fixture(params=["id", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """'en': the English translators installed for this test only; 'id': none, the default."""
    chosen: str = request.param
    default_locale = QLocale()
    installed: list[QTranslator] = []
    if chosen == "en":
        installed = install_translators(qapp, "en")
        assert any(Path(t.filePath()) == QM_FILE for t in installed), "bazaar_pos_en.qm not loaded"
    try:
        yield chosen
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(default_locale)


def text(key: str, language: str) -> str:
    indonesian, english = TEXTS[key]
    return english if language == "en" else indonesian


@pytest.fixture
def window(qtbot: QtBot, till: Till, language: str, staff: Staff, shift: int) -> MainWindow:
    # Built after the translators (texts are set at construction), with the cashier logged in
    # on an open shift, as the till is whenever it sells.
    main = MainWindow(till, actor=staff.cashier)
    qtbot.addWidget(main)
    return main


def test_main_window_speaks_the_language(window: MainWindow, language: str) -> None:
    screen = window.sale_screen
    assert window.windowTitle() == text("title", language)
    assert window.menuBar().actions()[0].text() == text("menu", language)
    assert window.reprint_action.text() == text("reprint", language)
    assert window.settings_action.text() == text("settings", language)
    assert text("till", language) in window.header_label.text()
    assert screen.scan_edit.placeholderText() == text("placeholder", language)
    assert text("pay_key", language) in screen.keys_label.text()
    assert screen.payment_panel.title() == text("payment", language)
    assert screen.payment_panel.pay_button.text() == text("pay_button", language)
    assert screen.payment_panel.method_buttons
    assert text("cash_button", language) in [
        button.text() for button in screen.payment_panel.method_buttons.values()
    ]
    horizontal = Qt.Orientation.Horizontal
    assert screen.cart_model.headerData(0, horizontal) == text("cart_header", language)
    assert screen.search_model.headerData(2, horizontal) == text("search_header", language)


def test_error_messages_speak_the_language(language: str) -> None:
    assert describe_error(UnknownCode("123")) == text("unknown_code", language)
    assert describe_error(EmptyCart()) == text("empty_cart", language)
    assert describe_error(TenderTooLow(45_000, 10_000)) == text("tender_too_low", language)


def test_printing_messages_speak_the_language(window: MainWindow, language: str) -> None:
    delivery = deliver_receipt(window.till, window.settings, "BPN1-999999")
    assert delivery.pdf_path is None
    assert delivery.problem.startswith(text("receipt_failed", language))


def test_a_sale_from_the_keyboard_speaks_the_language(
    qtbot: QtBot, window: MainWindow, language: str
) -> None:
    screen = window.sale_screen
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    assert screen.status_label.text() == text("empty_cart", language)
    qtbot.keyClicks(screen.scan_edit, TALENAN)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_Return)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_F12)
    panel = screen.payment_panel
    assert panel.total_label.text() == text("total", language)
    qtbot.keyClicks(panel.tendered_edit, "50.000")
    assert panel.change_label.text() == text("change", language)
    with qtbot.waitSignal(screen.saleCompleted, timeout=5000):
        qtbot.keyClick(panel.tendered_edit, Qt.Key.Key_Return)
    assert screen.status_label.text().startswith(text("saved", language))


# --- the translation files --------------------------------------------------------------------
Message = tuple[str, str]  # (context, source)


def read_ts(path: Path) -> dict[Message, ET.Element]:
    """Each message of a .ts file with its <translation> element."""
    messages: dict[Message, ET.Element] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            messages[(name, message.findtext("source") or "")] = translation
    return messages


def qt_tool(name: str) -> str:
    """A Qt tool shipped in the PySide6 wheel (what pyside6-<name> runs)."""
    suffix = ".exe" if sys.platform == "win32" else ""
    tool = Path(PySide6.__file__).resolve().parent / f"{name}{suffix}"
    assert tool.is_file(), f"{tool} missing: PySide6 without its Qt tools?"
    return str(tool)


def test_every_entry_of_the_ts_is_translated() -> None:
    messages = read_ts(TS_FILE)
    assert messages
    unfinished = [key for key, tr in messages.items() if tr.get("type") == "unfinished"]
    empty = [key for key, tr in messages.items() if not (tr.text or "").strip()]
    old = [key for key, tr in messages.items() if tr.get("type") in ("obsolete", "vanished")]
    assert not unfinished, f"unfinished translations ({REFRESH}): {unfinished}"
    assert not empty, f"empty translations: {empty}"
    assert not old, f"obsolete entries ({REFRESH}): {old}"


def test_translations_keep_placeholders_and_ampersands() -> None:
    def markers(text: str) -> tuple[list[str], int, int]:
        ampersands = text.count("&&")
        accelerators = text.replace("&&", "").count("&")
        return sorted(re.findall(r"\{[^{}]*\}", text)), ampersands, accelerators

    wrong = [
        (context, source, tr.text)
        for (context, source), tr in read_ts(TS_FILE).items()
        if markers(source) != markers(tr.text or "")
    ]
    assert not wrong, f"placeholders or '&' differ: {wrong}"


def test_ts_holds_every_string_of_the_screens(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh_en.ts"
    subprocess.run(
        [qt_tool("lupdate"), "-silent", *map(str, UI_SOURCES), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    in_code = set(read_ts(fresh))
    in_ts = set(read_ts(TS_FILE))
    assert len(in_code) > 50, "lupdate found almost nothing: are the sources there?"
    assert not in_code - in_ts, f"strings missing from the .ts ({REFRESH}): {in_code - in_ts}"
    assert not in_ts - in_code, f"strings no longer in the code ({REFRESH}): {in_ts - in_code}"


def test_qm_is_compiled_from_the_current_ts() -> None:
    translator = QTranslator()
    assert translator.load(str(QM_FILE))
    stale = [
        (context, source)
        for (context, source), tr in read_ts(TS_FILE).items()
        if translator.translate(context, source) != tr.text
    ]
    assert not stale, f"bazaar_pos_en.qm is older than the .ts ({REFRESH}): {stale}"
