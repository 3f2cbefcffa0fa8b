"""A second app on a data folder that is already open stops with a dialog that says what to do,
before it opens the database or touches the open cart of the till that is running."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.cli.commands import main
from bazaar_pos.instance_lock import FolderInUse, Holder
from bazaar_pos.startup import Till
from bazaar_pos.till import open_cart
from bazaar_pos.till.cart import Cart
from bazaar_pos.ui import ask, translations
from bazaar_pos.ui.folder_in_use import folder_in_use_text
from tests.conftest import FolderHolder

Hold = Callable[[Path, str], FolderHolder]
TALENAN = "2003000000030"


def test_a_second_app_on_the_folder_is_refused_before_it_touches_the_open_cart(
    till: Till, hold_folder: Hold, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first app is ringing up a sale: its cart is on disk.
    cart = Cart()
    cart.add(find_by_code(till.db, TALENAN), 1)
    open_cart.save_open_cart(till.data_dir, cart, till_code="BPN1", cashier="Siti Aminah")
    saved = open_cart.open_cart_path(till.data_dir).read_bytes()
    holder = hold_folder(till.data_dir, "app")
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "inform", lambda parent, title, text: told.append((title, text)))
    assert main(["--data-dir", str(till.data_dir)]) == 1
    ((title, text),) = told
    assert title == "Bazaar POS sudah terbuka"
    assert text.startswith(f"Bazaar POS sudah terbuka untuk folder data ini:\n{till.data_dir}")
    assert f"(proses {holder.pid})" in text
    assert "Pakai jendela yang sudah terbuka" in text
    assert "tutup dulu (Kasir\u00a0→\u00a0Keluar;" in text  # the menu path never wraps
    # The running till's cart is where it was: not claimed as a leftover, not parked.
    assert open_cart.open_cart_path(till.data_dir).read_bytes() == saved
    assert not list(till.data_dir.glob("open-cart-*"))


def test_during_a_restore_the_app_is_told_to_wait() -> None:
    since = dt.datetime(2026, 12, 7, 1, 5, tzinfo=dt.UTC)
    holder = Holder(purpose="restore", pid=4242, host="kasa-1", since=since, language="")
    title, text = folder_in_use_text(FolderInUse(Path("/data/bazaar"), holder))
    assert title == "Folder data sedang dipakai"
    assert "sedang dipakai oleh perintah bazaar-pos restore:\n/data/bazaar" in text
    assert "(proses 4242)" in text
    assert text.endswith("Tunggu sampai perintah itu selesai, lalu buka Bazaar POS lagi.")


def test_without_a_note_the_dialog_still_says_what_to_do() -> None:
    title, text = folder_in_use_text(FolderInUse(Path("/data/bazaar"), None))
    assert title == "Bazaar POS sudah terbuka"
    assert "Dibuka" not in text and "Pakai jendela yang sudah terbuka" in text


@pytest.mark.parametrize(
    ("noted", "command_line", "spoken"), [("en", None, "en"), ("en", "id", "id"), ("", None, "id")]
)
def test_the_dialog_speaks_the_command_lines_language_else_the_open_tills(
    qapp: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    noted: str,
    command_line: str | None,
    spoken: str,
) -> None:
    from bazaar_pos.ui.folder_in_use import show_folder_in_use

    languages: list[str] = []
    monkeypatch.setattr(
        translations, "install_translators", lambda app, lang: languages.append(lang)
    )
    monkeypatch.setattr(ask, "inform", lambda *args: None)
    holder = Holder(purpose="app", pid=1, host="", since=None, language=noted)
    assert show_folder_in_use(FolderInUse(Path("/d"), holder), language=command_line) == 1
    assert languages == [spoken]
