"""Sentences for the catalog errors (institutions, products, CSV import, labels).

Literal ``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them.

``labels`` (ReportLab) and ``csv_file`` are imported only when the error comes from them:
if it does, the module is loaded already, and the sale screen's first message stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from bazaar_pos.catalog import barcodes, institutions, products
from bazaar_pos.money import MAX_AMOUNT, format_number, format_rupiah

if TYPE_CHECKING:
    from bazaar_pos.catalog.csv_file import CsvRowError

# Products listed by name in one message; the rest are counted ("dan 4 lainnya").
_NAMES_SHOWN = 5


def describe_catalog_error(error: Exception) -> str | None:
    """A sentence for a catalog error, or None if ``error`` is not one of them."""
    module = type(error).__module__
    if module == institutions.__name__:
        return _institution_error(error)
    if module == products.__name__:
        return _product_error(error)
    if module in ("bazaar_pos.catalog.labels", "bazaar_pos.papers.labels"):
        return _label_error(error)
    if module == "bazaar_pos.catalog.csv_file":
        return _csv_error(error)
    if module == "bazaar_pos.catalog.till_settings":
        return _settings_error(error)
    if module == "bazaar_pos.catalog.till_identity":
        return _setup_error(error)
    if module == "bazaar_pos.demo.bulk":  # the demo fills the catalog of a new till
        return _demo_error(error)
    return None


def _setup_error(error: Exception) -> str | None:
    """What a new database is to be (the first-start form, ``--new-database``)."""
    from bazaar_pos.catalog.till_identity import AlreadySetUp, InvalidDatabaseSetup

    if isinstance(error, AlreadySetUp):
        if error.kind == "till":
            return QCoreApplication.translate(
                "Messages",
                "Basis data ini sudah disiapkan sebagai kasir {till}; pilihan itu dibuat sekali "
                "saja. Untuk basis data lain, pakai folder data lain.",
            ).format(till=error.till_code)
        return QCoreApplication.translate(
            "Messages",
            "Basis data ini sudah disiapkan sebagai kantor; pilihan itu dibuat sekali saja. "
            "Untuk basis data lain, pakai folder data lain.",
        )
    if not isinstance(error, InvalidDatabaseSetup):
        return None
    if error.reason == "demo_for_office":
        return QCoreApplication.translate(
            "Messages", "Kantor tidak pernah diberi data demo: data demo hanya untuk kasir latihan."
        )
    if error.reason == "institution_required":
        return QCoreApplication.translate(
            "Messages", "Pilih instansi kasir ini, atau ketik kode dan nama instansi baru."
        )
    if error.reason == "unknown_institution":
        return QCoreApplication.translate(
            "Messages",
            "Belum ada instansi berkode {code} di sini: ketik juga namanya untuk menambahkannya.",
        ).format(code=error.value)
    if error.reason == "bad_format":
        return QCoreApplication.translate(
            "Messages", "Kode instansi '{code}' harus 2–8 huruf besar atau angka, mis. BPN."
        ).format(code=error.value)
    return QCoreApplication.translate(
        "Messages", "Basis data adalah kasir atau kantor, bukan '{kind}'."
    ).format(kind=error.value)


def _demo_error(error: Exception) -> str | None:
    from bazaar_pos.demo.bulk import DemoOnlyForTill, DemoRefused

    if isinstance(error, DemoOnlyForTill):
        if error.kind == "office":
            return QCoreApplication.translate(
                "Messages",
                "Basis data ini kantor: data demo hanya untuk kasir latihan di folder data lain.",
            )
        return QCoreApplication.translate(
            "Messages",
            "Basis data ini belum disiapkan sebagai kasir atau kantor: data demo hanya untuk "
            "kasir latihan.",
        )
    if not isinstance(error, DemoRefused):
        return None
    return QCoreApplication.translate(
        "Messages",
        "Data demo hanya untuk kasa baru yang kosong: database ini sudah punya {users} pengguna "
        "dan {sales} penjualan.",
    ).format(users=error.users, sales=error.sales)


def _settings_error(error: Exception) -> str | None:
    from bazaar_pos.catalog.till_settings import SetByInstallation, ShiftOpenOnTill, TillCodeTaken

    if isinstance(error, SetByInstallation):
        return QCoreApplication.translate(
            "Messages",
            "Kasa ini ({till}) menjual ke basis data bersama: kode kasanya diatur di laptop ini "
            "saat dipasang (bazaar-pos --this-till KODE), bukan di pengaturan basis data.",
        ).format(till=error.installation_code)
    if isinstance(error, TillCodeTaken):
        devices = ", ".join(error.devices) or "?"
        return QCoreApplication.translate(
            "Messages",
            "Kode kasa {till} sudah dipakai perangkat lain di sini (ID perangkat {devices}): "
            "dua laptop akan mencetak nomor struk yang sama. Pilih kode lain, mis. {suggestion}.",
        ).format(till=error.code, devices=devices, suggestion=error.suggestion)
    if not isinstance(error, ShiftOpenOnTill):
        return None
    opened = error.opened_at.astimezone().strftime("%H:%M")
    if error.setting == "till_code":
        text = QCoreApplication.translate(
            "Messages",
            "Kode kasa {till} tidak bisa diganti selama shift {name} (dibuka {time}) masih "
            "terbuka. Tutup shift dulu (Alt+9).",
        )
    else:
        text = QCoreApplication.translate(
            "Messages",
            "Acara aktif tidak bisa diganti selama shift {name} (dibuka {time}) masih terbuka "
            "di kasa {till}. Tutup shift dulu (Alt+9).",
        )
    return text.format(till=error.till_code, name=error.opened_by, time=opened)


# --- institutions and workshops --------------------------------------------------------------


def _institution_error(error: Exception) -> str | None:
    if isinstance(error, institutions.DuplicateCode):
        return QCoreApplication.translate(
            "Messages", "Kode instansi {code} sudah dipakai instansi lain."
        ).format(code=error.code)
    if isinstance(error, institutions.DuplicateNumber):
        return QCoreApplication.translate(
            "Messages", "Nomor instansi {number} sudah dipakai {other}."
        ).format(number=f"{error.number:02d}", other=error.other_code)
    if isinstance(error, institutions.NoFreeNumber):
        return QCoreApplication.translate(
            "Messages",
            "Semua nomor instansi 00–99 sudah terpakai: tidak ada nomor untuk barcode internal.",
        )
    if isinstance(error, institutions.NumberOnPrintedBarcodes):
        return QCoreApplication.translate(
            "Messages",
            "Nomor {code} tidak bisa diganti dari {old} ke {new}: {count} barcode produknya "
            "sudah berawalan 20{old} dan mungkin sudah tercetak di label.",
        ).format(
            code=error.code,
            old=f"{error.old:02d}",
            new=f"{error.new:02d}",
            count=format_number(error.barcodes),
        )
    if isinstance(error, institutions.InvalidInstitution):
        return _invalid_institution(error)
    if isinstance(error, institutions.InstitutionNotFound):
        return QCoreApplication.translate("Messages", "Instansi tidak ditemukan (id {id}).").format(
            id=error.institution_id
        )
    if isinstance(error, institutions.DuplicateWorkshop):
        return QCoreApplication.translate(
            "Messages", "{code} sudah punya bengkel kerja bernama '{name}'."
        ).format(code=error.institution_code, name=error.name)
    if isinstance(error, institutions.InvalidWorkshop):
        if error.reason == "too_long":
            return QCoreApplication.translate(
                "Messages", "Nama bengkel kerja terlalu panjang (maksimal {max} huruf)."
            ).format(max=institutions.WORKSHOP_NAME_MAX_LENGTH)
        return QCoreApplication.translate(
            "Messages", "Nama bengkel kerja wajib diisi, mis. Kerajinan kayu."
        )
    if isinstance(error, institutions.WorkshopNotFound):
        return QCoreApplication.translate(
            "Messages", "Bengkel kerja tidak ditemukan (id {id})."
        ).format(id=error.workshop_id)
    return None


def _invalid_institution(error: institutions.InvalidInstitution) -> str:
    field, reason = error.field, error.reason
    if field == "code":
        if reason == "required":
            return QCoreApplication.translate("Messages", "Kode instansi wajib diisi, mis. BPN.")
        return QCoreApplication.translate(
            "Messages",
            "Kode instansi '{code}' tidak valid: 2–8 huruf besar atau angka tanpa spasi, mis. BPN.",
        ).format(code=error.value)
    if field == "name":
        if reason == "too_long":
            return QCoreApplication.translate(
                "Messages", "Nama instansi terlalu panjang (maksimal {max} huruf)."
            ).format(max=institutions.NAME_MAX_LENGTH)
        return QCoreApplication.translate(
            "Messages", "Nama instansi wajib diisi, mis. Rutan Kelas IIA Balikpapan."
        )
    if field == "kind":
        return QCoreApplication.translate(
            "Messages", "Jenis instansi '{kind}' tidak dikenal: pilih salah satu dari {kinds}."
        ).format(kind=error.value, kinds=", ".join(institutions.INSTITUTION_KINDS))
    if field == "number":
        return QCoreApplication.translate(
            "Messages",
            "Nomor instansi '{number}' tidak valid: angka 0 sampai 99, atau kosong untuk otomatis.",
        ).format(number=error.value)
    return str(error)


# --- products ----------------------------------------------------------------------------------


def _product_error(error: Exception) -> str | None:
    if isinstance(error, products.DuplicateSku):
        return QCoreApplication.translate(
            "Messages", "SKU {sku} sudah dipakai produk lain."
        ).format(sku=error.sku)
    if isinstance(error, products.DuplicateBarcode):
        return QCoreApplication.translate(
            "Messages", "Barcode {barcode} sudah dipakai produk {sku}."
        ).format(barcode=error.barcode, sku=error.other_sku)
    if isinstance(error, products.InvalidProduct):
        return _invalid_product(error)
    if isinstance(error, products.ProductNotFound):
        return QCoreApplication.translate(
            "Messages", "Produk tidak ditemukan (id {id}); mungkin sudah dihapus."
        ).format(id=error.product_id)
    if isinstance(error, products.ProductHasHistory):
        return QCoreApplication.translate(
            "Messages",
            "Produk {sku} tidak bisa dihapus karena sudah punya riwayat ({sales} baris "
            "penjualan, {movements} mutasi stok, {counts} baris penghitungan). Arsipkan saja: "
            "produk hilang dari kasir, laporan tetap utuh.",
        ).format(
            sku=error.sku,
            sales=format_number(error.sale_lines),
            movements=format_number(error.movements),
            counts=format_number(error.counts),
        )
    if isinstance(error, products.InstitutionHasNoNumber):
        return QCoreApplication.translate(
            "Messages",
            "Instansi {code} belum punya nomor untuk barcode internal: beri nomor di layar "
            "Instansi dulu.",
        ).format(code=error.code)
    if isinstance(error, products.InternalBarcodesExhausted):
        return QCoreApplication.translate(
            "Messages", "Semua barcode internal 20{number}… milik {code} sudah terpakai."
        ).format(number=f"{error.number:02d}", code=error.code)
    return None


def _invalid_product(error: products.InvalidProduct) -> str:
    field, reason, value = error.field, error.reason, error.value
    if field == "barcode":
        text = str(value)
        if reason == "too_long":
            return QCoreApplication.translate(
                "Messages", "Barcode terlalu panjang (maksimal {max} karakter)."
            ).format(max=products.BARCODE_MAX_LENGTH)
        if reason == "bad_characters":
            return QCoreApplication.translate(
                "Messages",
                "Barcode '{barcode}' hanya boleh berisi huruf, angka dan tanda baca ASCII, "
                "tanpa spasi.",
            ).format(barcode=text)
        if reason == "bad_check_digit":
            kind = barcodes.GTIN_LENGTHS.get(len(text), "EAN")
            return QCoreApplication.translate(
                "Messages",
                "Digit cek barcode {barcode} salah untuk {kind}: seharusnya {expected}. "
                "Periksa lagi angkanya, atau kosongkan dan buat barcode internal.",
            ).format(barcode=text, kind=kind, expected=barcodes.gtin_check_digit(text[:-1]))
    if field == "price":
        return QCoreApplication.translate(
            "Messages", "Harga harus Rupiah bulat dari {low} sampai {high}, mis. 150.000."
        ).format(low=format_rupiah(0), high=format_rupiah(MAX_AMOUNT))
    if field == "workshop_id":
        if reason == "wrong_institution":
            return QCoreApplication.translate(
                "Messages", "Bengkel kerja itu milik instansi lain: pilih bengkel instansi ini."
            )
        return QCoreApplication.translate(
            "Messages", "Bengkel kerja itu sudah diarsipkan: pilih bengkel lain atau pulihkan dulu."
        )
    names = {
        "sku": QCoreApplication.translate("Messages", "SKU"),
        "name": QCoreApplication.translate("Messages", "Nama produk"),
        "unit": QCoreApplication.translate("Messages", "Satuan"),
        "category": QCoreApplication.translate("Messages", "Kategori"),
    }
    limits = {
        "sku": products.SKU_MAX_LENGTH,
        "name": products.NAME_MAX_LENGTH,
        "unit": products.UNIT_MAX_LENGTH,
        "category": products.CATEGORY_MAX_LENGTH,
    }
    what = names.get(field, field)
    if reason == "required":
        return QCoreApplication.translate("Messages", "{field} wajib diisi.").format(field=what)
    if reason == "too_long":
        return QCoreApplication.translate(
            "Messages", "{field} terlalu panjang (maksimal {max} karakter)."
        ).format(field=what, max=limits.get(field, 0))
    return str(error)


# --- labels ------------------------------------------------------------------------------------


def _label_error(error: Exception) -> str | None:
    from bazaar_pos.catalog import labels
    from bazaar_pos.papers import labels as label_sheets

    if isinstance(error, labels.MissingBarcode):
        shown = [f"{p.name} ({p.sku})" if p.sku else p.name for p in error.products[:_NAMES_SHOWN]]
        listed = ", ".join(shown)
        hidden = len(error.products) - len(shown)
        if hidden > 0:
            listed = QCoreApplication.translate("Messages", "{names} dan {count} lainnya").format(
                names=listed, count=hidden
            )
        return QCoreApplication.translate(
            "Messages",
            "{count} produk belum punya barcode EAN-13 untuk label: {names}. Pilih produknya "
            "lalu 'Beri barcode internal'.",
        ).format(count=len(error.products), names=listed)
    if isinstance(error, label_sheets.InvalidStartPosition):
        return QCoreApplication.translate(
            "Messages",
            "Posisi awal {position} tidak ada di lembar ini: pilih 1 sampai {maximum} "
            "(dihitung baris demi baris dari kiri atas).",
        ).format(position=error.position, maximum=error.maximum)
    if isinstance(error, labels.InvalidCopies):
        return QCoreApplication.translate(
            "Messages", "Jumlah label {copies} tidak valid: pilih 1 sampai {maximum}."
        ).format(copies=error.copies, maximum=labels.MAX_COPIES)
    if isinstance(error, label_sheets.UnknownLabelLayout):
        return QCoreApplication.translate(
            "Messages", "Ukuran label '{key}' tidak dikenal: pilih lagi di pengaturan."
        ).format(key=error.key)
    if isinstance(error, labels.NoLabels):
        return QCoreApplication.translate(
            "Messages", "Tidak ada label untuk dicetak: pilih minimal satu produk."
        )
    return None


# --- CSV import ----------------------------------------------------------------------------------


def _csv_error(error: Exception) -> str | None:
    from bazaar_pos.catalog import csv_file

    if isinstance(error, csv_file.CatalogImportRejected):
        first = error.errors[0] if error.errors else None
        if first is None:
            return QCoreApplication.translate(
                "Messages", "File katalog ditolak; tidak ada yang disimpan."
            )
        return QCoreApplication.translate(
            "Messages",
            "File katalog ditolak: {count} masalah, yang pertama di baris {line}: {problem} "
            "Tidak ada yang disimpan.",
        ).format(
            count=format_number(len(error.errors)),
            line=first.line,
            problem=describe_csv_row_error(first),
        )
    if isinstance(error, csv_file.ImportCancelled):
        return QCoreApplication.translate(
            "Messages",
            "Dibatalkan setelah {done} dari {total} baris: tidak ada yang disimpan, katalog "
            "tetap seperti sebelumnya.",
        ).format(done=format_number(error.done), total=format_number(error.total))
    if isinstance(error, csv_file.CatalogImportRunning):
        return QCoreApplication.translate(
            "Messages",
            "Impor katalog lain ({file}) sedang berjalan; tunggu sampai selesai lalu coba "
            "lagi. Tidak ada yang disimpan dari file ini.",
        ).format(file=error.file_name or "?")
    if isinstance(error, csv_file.CatalogChangedDuringImport):
        return QCoreApplication.translate(
            "Messages",
            "Produk {sku} diubah di layar atau kasa lain selama impor. Impor dibatalkan dan "
            "semua yang sudah ditulis dikembalikan; perubahan itu tetap. Periksa lalu impor "
            "lagi.",
        ).format(sku=error.sku or "?")
    if isinstance(error, csv_file.CatalogFileUnreadable):
        return QCoreApplication.translate(
            "Messages", "File {path} tidak dapat dibaca: {detail}"
        ).format(path=error.path, detail=error.detail)
    return None


def csv_column_title(column: str) -> str:
    """The Indonesian name of a catalog CSV column (the file itself keeps the English)."""
    titles = {
        "sku": QCoreApplication.translate("Messages", "sku (SKU)"),
        "barcode": QCoreApplication.translate("Messages", "barcode"),
        "name": QCoreApplication.translate("Messages", "name (nama)"),
        "unit": QCoreApplication.translate("Messages", "unit (satuan)"),
        "price": QCoreApplication.translate("Messages", "price (harga)"),
        "category": QCoreApplication.translate("Messages", "category (kategori)"),
        "institution": QCoreApplication.translate("Messages", "institution (instansi)"),
        "workshop": QCoreApplication.translate("Messages", "workshop (bengkel kerja)"),
        "track_stock": QCoreApplication.translate("Messages", "track_stock (lacak stok)"),
        "active": QCoreApplication.translate("Messages", "active (aktif)"),
    }
    if not column:
        return QCoreApplication.translate("Messages", "(seluruh baris)")
    return titles.get(column, column)


def describe_csv_row_error(error: CsvRowError) -> str:
    """An Indonesian sentence for one :class:`~bazaar_pos.catalog.csv_file.CsvRowError`.

    The row error carries its reason code and an English message (which has the details:
    the other product, the first line, the expected digit); the sentence is chosen by the
    reason, and the English message is the fallback for a reason not known here.
    """
    reason, column = error.reason, error.column
    texts = {
        "required": QCoreApplication.translate("Messages", "Wajib diisi."),
        "too_long": QCoreApplication.translate("Messages", "Terlalu panjang."),
        "duplicate_in_file": QCoreApplication.translate(
            "Messages", "Sudah ada di baris lain file ini."
        ),
        "bad_price": QCoreApplication.translate(
            "Messages", "Harga bukan Rupiah bulat: tulis 150000 atau 150.000."
        ),
        "bad_check_digit": QCoreApplication.translate(
            "Messages", "Digit cek barcode salah (EAN-13, UPC-A atau EAN-8): periksa angkanya."
        ),
        "bad_characters": QCoreApplication.translate(
            "Messages", "Barcode hanya boleh huruf, angka dan tanda baca ASCII, tanpa spasi."
        ),
        "barcode_taken": QCoreApplication.translate(
            "Messages", "Barcode ini sudah dipakai produk lain."
        ),
        "unknown_institution": QCoreApplication.translate(
            "Messages", "Kode instansi tidak dikenal: daftarkan dulu di layar Instansi."
        ),
        "archived_workshop": QCoreApplication.translate(
            "Messages", "Bengkel kerja ini sudah diarsipkan: pulihkan dulu atau pakai yang lain."
        ),
        "bad_boolean": QCoreApplication.translate(
            "Messages", "Tulis 1/0, ya/tidak, yes/no atau true/false."
        ),
        "missing_column": QCoreApplication.translate(
            "Messages", "Kolom wajib ini tidak ada di baris judul."
        ),
        "duplicate_column": QCoreApplication.translate(
            "Messages", "Kolom ini muncul dua kali di baris judul."
        ),
        "column_count": QCoreApplication.translate(
            "Messages", "Jumlah kolom baris ini tidak sama dengan baris judul."
        ),
        "not_utf8": QCoreApplication.translate(
            "Messages", "File bukan teks UTF-8: simpan dari spreadsheet sebagai 'CSV UTF-8'."
        ),
        "empty_file": QCoreApplication.translate("Messages", "File kosong: tidak ada baris judul."),
        "bad_csv": QCoreApplication.translate(
            "Messages", "Baris tidak dapat dibaca sebagai CSV (tanda kutip tidak ditutup?)."
        ),
        "control_character": QCoreApplication.translate(
            "Messages",
            "Sel ini berisi karakter kontrol (NUL, tab atau pindah baris): hapus lalu simpan lagi.",
        ),
        "leading_zeros_lost": QCoreApplication.translate(
            "Messages",
            "Barcode ini kehilangan angka 0 di depannya (spreadsheet membacanya sebagai angka): "
            "format kolom barcode sebagai teks.",
        ),
        "number_format": QCoreApplication.translate(
            "Messages",
            "Barcode ini diubah spreadsheet menjadi angka (mis. 2,00201E+12): format kolom "
            "sebagai teks lalu ketik ulang kodenya.",
        ),
        "spreadsheet_error": QCoreApplication.translate(
            "Messages",
            "Sel ini berisi nilai galat spreadsheet (mis. Err:509 atau #NAME?), bukan teks "
            "aslinya: ketik ulang teksnya.",
        ),
    }
    if reason == "required" and column == "price":
        return QCoreApplication.translate("Messages", "Harga wajib diisi.")
    return texts.get(reason, error.message)
