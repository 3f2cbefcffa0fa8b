"""The audit log as a table: one entry per row, newest first, as the service returns them.

The action names are literal ``QCoreApplication.translate("Audit", "…")`` calls so that
``pyside6-lupdate`` extracts them; the stored value (``refund``, ``line_void`` …) is shown as
is for an action this version does not know (an entry written by a newer till).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from bazaar_pos.money import format_rupiah
from bazaar_pos.people.audit import AuditAction, AuditRecord
from bazaar_pos.ui.record_table import RIGHT, RecordTableModel

(
    COL_TIME,
    COL_TILL,
    COL_USER,
    COL_ACTION,
    COL_SUBJECT,
    COL_DETAIL,
    COL_AMOUNT,
    COL_APPROVED_BY,
) = range(8)


def action_labels() -> dict[str, str]:
    """Every :class:`AuditAction` value with its name on screen, in the enum's order."""
    return {
        AuditAction.LOGIN: QCoreApplication.translate("Audit", "Login"),
        AuditAction.LOGIN_FAILED: QCoreApplication.translate("Audit", "Login gagal"),
        AuditAction.LOCKOUT: QCoreApplication.translate("Audit", "Akun terkunci"),
        AuditAction.LOGOUT: QCoreApplication.translate("Audit", "Keluar/ganti pengguna"),
        AuditAction.USER_CREATED: QCoreApplication.translate("Audit", "Pengguna dibuat"),
        AuditAction.USER_CHANGED: QCoreApplication.translate("Audit", "Pengguna diubah"),
        AuditAction.APPROVAL: QCoreApplication.translate("Audit", "Persetujuan supervisor"),
        AuditAction.APPROVAL_FAILED: QCoreApplication.translate("Audit", "Persetujuan ditolak"),
        AuditAction.LINE_VOID: QCoreApplication.translate("Audit", "Hapus baris (void)"),
        AuditAction.SALE_CANCELLED: QCoreApplication.translate("Audit", "Batal transaksi"),
        AuditAction.SALE_PARKED: QCoreApplication.translate("Audit", "Transaksi ditahan"),
        AuditAction.SALE_RESUMED: QCoreApplication.translate("Audit", "Transaksi dilanjutkan"),
        AuditAction.DISCOUNT: QCoreApplication.translate("Audit", "Diskon"),
        AuditAction.PRICE_OVERRIDE: QCoreApplication.translate("Audit", "Ubah harga"),
        AuditAction.REFUND: QCoreApplication.translate("Audit", "Refund"),
        AuditAction.REPRINT: QCoreApplication.translate("Audit", "Cetak ulang struk"),
        AuditAction.SHIFT_OPENED: QCoreApplication.translate("Audit", "Shift dibuka"),
        AuditAction.PAID_IN: QCoreApplication.translate("Audit", "Kas masuk"),
        AuditAction.PAID_OUT: QCoreApplication.translate("Audit", "Kas keluar"),
        AuditAction.X_REPORT: QCoreApplication.translate("Audit", "Laporan X"),
        AuditAction.DRAWER_COUNT: QCoreApplication.translate("Audit", "Hitung laci kas"),
        AuditAction.SHIFT_CLOSED: QCoreApplication.translate("Audit", "Shift ditutup (Z)"),
        AuditAction.SYNC_EXPORT: QCoreApplication.translate("Audit", "Ekspor data"),
        AuditAction.SYNC_IMPORT: QCoreApplication.translate("Audit", "Impor data kasa lain"),
        # the catalog and the till's settings
        AuditAction.PRODUCT_CREATED: QCoreApplication.translate("Audit", "Produk dibuat"),
        AuditAction.PRODUCT_CHANGED: QCoreApplication.translate("Audit", "Produk diubah"),
        AuditAction.PRICE_CHANGED: QCoreApplication.translate("Audit", "Harga produk diubah"),
        AuditAction.PRODUCT_ARCHIVED: QCoreApplication.translate("Audit", "Produk diarsipkan"),
        AuditAction.PRODUCT_RESTORED: QCoreApplication.translate("Audit", "Produk dipulihkan"),
        AuditAction.PRODUCT_DELETED: QCoreApplication.translate("Audit", "Produk dihapus"),
        AuditAction.BARCODES_ASSIGNED: QCoreApplication.translate(
            "Audit", "Barcode internal diberikan"
        ),
        AuditAction.INSTITUTION_CREATED: QCoreApplication.translate("Audit", "Instansi dibuat"),
        AuditAction.INSTITUTION_CHANGED: QCoreApplication.translate("Audit", "Instansi diubah"),
        AuditAction.WORKSHOP_CREATED: QCoreApplication.translate("Audit", "Bengkel kerja dibuat"),
        AuditAction.WORKSHOP_CHANGED: QCoreApplication.translate("Audit", "Bengkel kerja diubah"),
        AuditAction.EVENT_CREATED: QCoreApplication.translate("Audit", "Acara dibuat"),
        AuditAction.EVENT_CHANGED: QCoreApplication.translate("Audit", "Acara diubah"),
        AuditAction.CURRENT_EVENT_CHANGED: QCoreApplication.translate(
            "Audit", "Acara aktif diganti"
        ),
        AuditAction.SETTING_CHANGED: QCoreApplication.translate("Audit", "Pengaturan diubah"),
        AuditAction.TILL_CODE_CHANGED: QCoreApplication.translate("Audit", "Kode kasa diganti"),
        AuditAction.CATALOG_IMPORTED: QCoreApplication.translate("Audit", "Impor katalog"),
        AuditAction.CATALOG_EXPORTED: QCoreApplication.translate("Audit", "Ekspor katalog"),
        # the stock ledger, counts, returns and the audit export
        AuditAction.STOCK_ARRIVAL: QCoreApplication.translate("Audit", "Barang datang"),
        AuditAction.STOCK_DAMAGE: QCoreApplication.translate("Audit", "Barang rusak/hilang"),
        AuditAction.STOCK_REVERSAL: QCoreApplication.translate("Audit", "Mutasi stok dibatalkan"),
        AuditAction.COUNT_STARTED: QCoreApplication.translate("Audit", "Penghitungan dimulai"),
        AuditAction.COUNT_POSTED: QCoreApplication.translate("Audit", "Penghitungan diposting"),
        AuditAction.COUNT_DISCARDED: QCoreApplication.translate("Audit", "Penghitungan dibatalkan"),
        AuditAction.HANDOVER: QCoreApplication.translate("Audit", "Retur ke instansi"),
        AuditAction.AUDIT_EXPORT: QCoreApplication.translate("Audit", "Ekspor log audit"),
        # the till
        AuditAction.SCANNED_PRICE_KEPT: QCoreApplication.translate(
            "Audit", "Dijual dengan harga saat scan"
        ),
        # the tamper-evident journal
        AuditAction.JOURNAL_STARTED: QCoreApplication.translate(
            "Audit", "Jurnal dimulai (catatan lama dirantai)"
        ),
        # a cart recovered after a crash
        AuditAction.SALE_RECOVERED: QCoreApplication.translate(
            "Audit", "Keranjang dipulihkan setelah kasa mati"
        ),
        # a catalog import that stopped half-way
        AuditAction.CATALOG_IMPORT_UNDONE: QCoreApplication.translate(
            "Audit", "Impor katalog dibatalkan (dikembalikan)"
        ),
        AuditAction.SYNC_IMPORT_UNDONE: QCoreApplication.translate(
            "Audit", "Impor data kasa lain dibatalkan (dikembalikan)"
        ),
        # backups
        AuditAction.BACKUP_MADE: QCoreApplication.translate("Audit", "Cadangan dibuat"),
        AuditAction.BACKUP_RESTORED: QCoreApplication.translate("Audit", "Cadangan dipulihkan"),
        AuditAction.SUMMARIES_REBUILT: QCoreApplication.translate(
            "Audit", "Ringkasan penjualan ditulis ulang dari catatan"
        ),
        AuditAction.BALANCES_REBUILT: QCoreApplication.translate(
            "Audit", "Saldo stok ditulis ulang dari mutasi"
        ),
    }


def action_label(action: str) -> str:
    return action_labels().get(action, action)


def local_time(record: AuditRecord) -> str:
    """The entry's time on the laptop's clock (the log stores UTC)."""
    return record.created_at.astimezone().strftime("%d-%m-%Y %H:%M:%S")


class AuditModel(RecordTableModel[AuditRecord]):
    """Rows are :class:`AuditRecord` s in the order given (the service's: newest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Waktu"),
            self.tr("Kasa"),
            self.tr("Pengguna"),
            self.tr("Tindakan"),
            self.tr("Objek"),
            self.tr("Rincian"),
            self.tr("Nominal"),
            self.tr("Disetujui oleh"),
        ]
        self.header_tips = {
            COL_SUBJECT: self.tr("No. struk, pengguna atau shift yang dikenai tindakan"),
            COL_APPROVED_BY: self.tr("Supervisor yang menyetujui dengan PIN-nya"),
        }
        self.right_aligned = frozenset((COL_AMOUNT,))
        self._labels = action_labels()

    def cell(self, record: AuditRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_DETAIL and record.detail:
                return record.detail  # may span lines (the lines of a cancelled sale)
            if column == COL_TIME:
                return record.created_at.isoformat()
            if column == COL_ACTION:
                return record.action
        return None

    def _display(self, record: AuditRecord, column: int) -> str:
        if column == COL_TIME:
            return local_time(record)
        if column == COL_TILL:
            return record.till_code
        if column == COL_USER:
            return record.user_name
        if column == COL_ACTION:
            return self._labels.get(record.action, record.action)
        if column == COL_SUBJECT:
            return record.subject
        if column == COL_DETAIL:
            # One line in the table; the whole text is in the tooltip.
            return " / ".join(part for part in record.detail.splitlines() if part.strip())
        if column == COL_AMOUNT:
            return "" if record.amount is None else format_rupiah(record.amount)
        if column == COL_APPROVED_BY:
            return record.approved_by
        return ""
