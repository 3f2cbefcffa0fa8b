"""A second start on a data folder another Bazaar POS holds: say so, and what to do, in a dialog.

The start is refused before the database or the open cart is touched (see
``bazaar_pos/instance_lock.py``). The dialog speaks the language of the command line, else the
one the open till noted in the lock, else Indonesian: the settings are in the database, which
this start does not open.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from bazaar_pos.instance_lock import FolderInUse


def folder_in_use_text(in_use: FolderInUse) -> tuple[str, str]:
    """The dialog's title and text."""
    holder = in_use.holder
    folder = str(in_use.data_dir)
    paragraphs = []
    if holder is None or holder.purpose == "app":
        title = QCoreApplication.translate("FolderInUse", "Bazaar POS sudah terbuka")
        paragraphs.append(
            QCoreApplication.translate(
                "FolderInUse", "Bazaar POS sudah terbuka untuk folder data ini:\n{folder}"
            ).format(folder=folder)
        )
    else:
        title = QCoreApplication.translate("FolderInUse", "Folder data sedang dipakai")
        paragraphs.append(
            QCoreApplication.translate(
                "FolderInUse", "Folder data ini sedang dipakai oleh perintah {command}:\n{folder}"
            ).format(command=f"bazaar-pos {holder.purpose}", folder=folder)
        )
    if holder is not None and holder.since is not None and holder.pid:
        paragraphs.append(
            QCoreApplication.translate("FolderInUse", "Dibuka {time} (proses {pid}).").format(
                time=holder.since.astimezone().strftime("%d-%m-%Y %H:%M"), pid=holder.pid
            )
        )
    if holder is None or holder.purpose == "app":
        paragraphs.append(
            QCoreApplication.translate(
                "FolderInUse",
                "Pakai jendela yang sudah terbuka (lihat di taskbar), jangan membuka yang "
                "kedua: dua jendela pada satu folder data saling menimpa keranjang yang sedang "
                "dibuka.",
            )
        )
        paragraphs.append(
            QCoreApplication.translate(
                "FolderInUse",
                "Kalau jendela itu tidak terlihat atau tidak merespons, tutup dulu ({quit}; "
                "kalau macet, hentikan prosesnya), lalu buka Bazaar POS lagi. Keranjang yang "
                "sedang dibuka tidak hilang.",
            ).format(quit=_menu_path(QCoreApplication.translate("FolderInUse", "Kasir → Keluar")))
        )
    else:
        paragraphs.append(
            QCoreApplication.translate(
                "FolderInUse", "Tunggu sampai perintah itu selesai, lalu buka Bazaar POS lagi."
            )
        )
    return title, "\n\n".join(paragraphs)


def _menu_path(text: str) -> str:
    """A menu path on one line: the dialog wraps at spaces, "Kasir →" / "Keluar" reads badly."""
    return text.replace(" ", "\u00a0")


def show_folder_in_use(in_use: FolderInUse, *, language: str | None = None) -> int:
    """Tell why this start stops, then exit status 1."""
    from bazaar_pos.ui import ask
    from bazaar_pos.ui.translations import install_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Bazaar POS")
    holder = in_use.holder
    install_translators(app, language or (holder.language if holder else "") or "id")
    title, text = folder_in_use_text(in_use)
    ask.inform(None, title, text)
    return 1
