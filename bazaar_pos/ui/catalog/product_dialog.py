"""The product form: create or edit one product of the catalog.

Everything the Save button does is :meth:`ProductDialog.submit`, so tests fill the form with
:meth:`ProductDialog.set_values` and submit it without ``exec()``. A refused save keeps every
field as typed and puts the cursor into the field the service named (``error.field``).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from bazaar_pos.catalog.institutions import (
    InstitutionInfo,
    InstitutionNotFound,
    WorkshopNotFound,
    list_institutions,
)
from bazaar_pos.catalog.products import (
    BARCODE_MAX_LENGTH,
    CATEGORY_MAX_LENGTH,
    DEFAULT_UNIT,
    NAME_MAX_LENGTH,
    SKU_MAX_LENGTH,
    UNIT_MAX_LENGTH,
    InstitutionHasNoNumber,
    InvalidProduct,
    ProductDraft,
    ProductRecord,
    assign_internal_barcodes,
    list_categories,
    save_product,
)
from bazaar_pos.db import Database
from bazaar_pos.errors import InvalidAmount, PosError
from bazaar_pos.money import format_number, parse_rupiah
from bazaar_pos.people.access import Actor
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.record_dialog import RecordDialog

# Offered in the unit box; any other unit can be typed.
COMMON_UNITS = ("pcs", "buah", "set", "pasang", "lembar", "bungkus", "pak", "kg", "gelas", "porsi")


class ProductDialog(RecordDialog[ProductRecord]):
    def __init__(
        self,
        db: Database,
        record: ProductRecord | None = None,
        parent: QWidget | None = None,
        *,
        institution_id: int | None = None,
        actor: Actor | None = None,
    ) -> None:
        """``record`` None: a new product (in ``institution_id`` if given); ``actor`` saves."""
        super().__init__(parent, minimum_width=520)
        self.db = db
        self.actor = actor
        self.record = record
        self.institutions: list[InstitutionInfo] = list_institutions(db)
        if record is None:
            self.setWindowTitle(self.tr("Produk baru"))
        else:
            self.setWindowTitle(self.tr("Ubah produk {sku}").format(sku=record.sku))

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX_LENGTH)
        self.name_edit.setPlaceholderText(self.tr("seperti tertulis di struk"))
        self.sku_edit = QLineEdit()
        self.sku_edit.setMaxLength(SKU_MAX_LENGTH)
        self.sku_edit.setPlaceholderText(self.tr("mis. BPN-PYR-010"))
        self.barcode_edit = QLineEdit()
        self.barcode_edit.setMaxLength(BARCODE_MAX_LENGTH)
        self.barcode_edit.setPlaceholderText(self.tr("scan atau ketik; kosong = belum ada"))
        self.internal_barcode_check = QCheckBox(self.tr("Buat barcode internal saat disimpan"))
        self.unit_combo = QComboBox()
        self.unit_combo.setEditable(True)
        self.unit_combo.addItems(list(COMMON_UNITS))
        unit_edit = self.unit_combo.lineEdit()
        if unit_edit is not None:
            unit_edit.setMaxLength(UNIT_MAX_LENGTH)
        self.price_edit = QLineEdit()
        self.price_edit.setPlaceholderText(self.tr("Rupiah, mis. 150.000"))
        self.price_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.category_combo = QComboBox()
        self.category_combo.setEditable(True)
        self.category_combo.addItems(list_categories(db))
        category_edit = self.category_combo.lineEdit()
        if category_edit is not None:
            category_edit.setMaxLength(CATEGORY_MAX_LENGTH)
            category_edit.setPlaceholderText(self.tr("mis. Kerajinan kayu"))
        self.institution_combo = QComboBox()
        for institution in self.institutions:
            self.institution_combo.addItem(
                f"{institution.code} — {institution.name}", institution.id
            )
        self.workshop_combo = QComboBox()
        self.track_check = QCheckBox(self.tr("Lacak stok — matikan untuk minuman kafe"))
        self.active_check = QCheckBox(self.tr("Aktif (dijual di kasir)"))
        self.stock_label = QLabel()
        self.stock_label.setWordWrap(True)

        # The draft's field names, as the services name them in errors.
        self.add_field("name", self.tr("Nama"), self.name_edit)
        self.add_field("sku", self.tr("SKU"), self.sku_edit)
        self.add_field("barcode", self.tr("Barcode"), self.barcode_edit)
        self.form.addRow("", self.internal_barcode_check)
        self.add_field("unit", self.tr("Satuan"), self.unit_combo)
        self.add_field("price", self.tr("Harga jual"), self.price_edit)
        self.add_field("category", self.tr("Kategori"), self.category_combo)
        self.add_field("institution_id", self.tr("Instansi"), self.institution_combo)
        self.add_field("workshop_id", self.tr("Bengkel kerja"), self.workshop_combo)
        self.add_field("track_stock", "", self.track_check)
        self.add_field("active", "", self.active_check)
        self.form.addRow("", self.stock_label)

        self.institution_combo.currentIndexChanged.connect(self._institution_changed)
        self.barcode_edit.textChanged.connect(self._refresh_internal_barcode)
        self._fill(record, institution_id)

    # --- filling -----------------------------------------------------------------------------
    def _fill(self, record: ProductRecord | None, institution_id: int | None) -> None:
        if record is None:
            self.unit_combo.setCurrentText(DEFAULT_UNIT)
            self.track_check.setChecked(True)
            self.active_check.setChecked(True)
            self.category_combo.setCurrentText("")
            chosen = institution_id if institution_id is not None else None
            self._select_institution(chosen)
            self.stock_label.hide()
            return
        self.name_edit.setText(record.name)
        self.sku_edit.setText(record.sku)
        self.barcode_edit.setText(record.barcode or "")
        self.unit_combo.setCurrentText(record.unit)
        self.price_edit.setText(format_number(record.price))
        self.category_combo.setCurrentText(record.category)
        self._select_institution(record.institution_id)
        self._select_workshop(record.workshop_id)
        self.track_check.setChecked(record.track_stock)
        self.active_check.setChecked(record.active)
        if record.track_stock:
            self.stock_label.setText(
                self.tr(
                    "Stok tercatat: {qty} {unit}. Stok berubah lewat penerimaan barang, "
                    "penghitungan dan penjualan, bukan di sini."
                ).format(qty=format_number(record.on_hand), unit=record.unit)
            )
        else:
            self.stock_label.setText(self.tr("Stok produk ini tidak dilacak."))

    def _select_institution(self, institution_id: int | None) -> None:
        index = self.institution_combo.findData(institution_id) if institution_id else 0
        self.institution_combo.setCurrentIndex(max(0, index))
        self._institution_changed()

    def _select_workshop(self, workshop_id: int | None) -> None:
        self.workshop_combo.setCurrentIndex(max(0, self.workshop_combo.findData(workshop_id)))

    def chosen_institution(self) -> InstitutionInfo | None:
        institution_id = self.institution_combo.currentData()
        return next((i for i in self.institutions if i.id == institution_id), None)

    def _institution_changed(self) -> None:
        """Offer the chosen institution's active workshops, and the product's own one even
        if it was archived since (a product may stay where it is)."""
        previous = self.workshop_combo.currentData()
        self.workshop_combo.clear()
        self.workshop_combo.addItem(self.tr("(tanpa bengkel kerja)"), None)
        institution = self.chosen_institution()
        own = self.record.workshop_id if self.record is not None else None
        for workshop in institution.workshops if institution is not None else ():
            if workshop.active:
                self.workshop_combo.addItem(workshop.name, workshop.id)
            elif workshop.id == own:
                self.workshop_combo.addItem(
                    self.tr("{name} (diarsipkan)").format(name=workshop.name), workshop.id
                )
        self._select_workshop(previous if previous is not None else own)
        self._refresh_internal_barcode()

    def _refresh_internal_barcode(self) -> None:
        """The internal barcode is only offered while the product has none, and says which
        prefix it will get (``20`` + the institution's number)."""
        institution = self.chosen_institution()
        has_barcode = bool(self.barcode_edit.text().strip())
        number = institution.number if institution is not None else None
        if number is None:
            self.internal_barcode_check.setText(self.tr("Buat barcode internal saat disimpan"))
        else:
            self.internal_barcode_check.setText(
                self.tr("Buat barcode internal EAN-13 saat disimpan (20{number}…)").format(
                    number=f"{number:02d}"
                )
            )
        self.internal_barcode_check.setEnabled(not has_barcode)
        if has_barcode:
            self.internal_barcode_check.setChecked(False)
        self.internal_barcode_check.setToolTip(
            self.tr(
                "Untuk barang buatan tangan tanpa barcode: kasa memberi nomor EAN-13 sendiri "
                "(awalan 20–29) yang bisa dicetak di label."
            )
        )

    # --- reading and setting the fields (tests use these too) --------------------------------
    def set_values(
        self,
        *,
        name: str | None = None,
        sku: str | None = None,
        barcode: str | None = None,
        unit: str | None = None,
        price: str | None = None,
        category: str | None = None,
        institution_id: int | None = None,
        workshop_id: int | None = None,
        track_stock: bool | None = None,
        active: bool | None = None,
        internal_barcode: bool | None = None,
    ) -> None:
        """Type into the form; arguments left out keep what the fields hold. ``price`` is
        text, as typed (``"150.000"``)."""
        if name is not None:
            self.name_edit.setText(name)
        if sku is not None:
            self.sku_edit.setText(sku)
        if barcode is not None:
            self.barcode_edit.setText(barcode)
        if unit is not None:
            self.unit_combo.setCurrentText(unit)
        if price is not None:
            self.price_edit.setText(price)
        if category is not None:
            self.category_combo.setCurrentText(category)
        if institution_id is not None:
            self._select_institution(institution_id)
        if workshop_id is not None:
            self._select_workshop(workshop_id)
        if track_stock is not None:
            self.track_check.setChecked(track_stock)
        if active is not None:
            self.active_check.setChecked(active)
        if internal_barcode is not None:
            self.internal_barcode_check.setChecked(internal_barcode)

    def draft(self) -> ProductDraft:
        """The form as a draft; raises InvalidAmount if the price is not whole Rupiah."""
        institution_id = self.institution_combo.currentData()
        if institution_id is None:
            raise InstitutionNotFound(0)
        return ProductDraft(
            id=self.record.id if self.record is not None else None,
            sku=self.sku_edit.text(),
            barcode=self.barcode_edit.text().strip() or None,
            name=self.name_edit.text(),
            unit=self.unit_combo.currentText(),
            price=parse_rupiah(self.price_edit.text()),
            category=self.category_combo.currentText(),
            institution_id=int(institution_id),
            workshop_id=self.workshop_combo.currentData(),
            track_stock=self.track_check.isChecked(),
            active=self.active_check.isChecked(),
        )

    # --- saving ------------------------------------------------------------------------------
    def save(self) -> ProductRecord:
        record = save_product(self.db, self.draft(), actor=self.actor)
        # The form now edits what was saved: submitting again after a refused barcode
        # below updates this product instead of creating a second one.
        self.record = record
        if self.internal_barcode_check.isChecked() and not record.barcode:
            try:
                assigned = assign_internal_barcodes(self.db, [record.id], actor=self.actor)
            except PosError as error:
                raise _SavedWithoutBarcode(error) from error
            record = replace(record, barcode=assigned.get(record.id, record.barcode))
            self.record = record
            self.barcode_edit.setText(record.barcode or "")
        return record

    def describe_refusal(self, error: Exception) -> str:
        if isinstance(error, _SavedWithoutBarcode):
            return self.tr("{message} Produk sudah tersimpan tanpa barcode.").format(
                message=describe_error(error.refusal)
            )
        return describe_error(error)

    def field_of(self, error: Exception) -> str | None:
        return _field_of(error.refusal if isinstance(error, _SavedWithoutBarcode) else error)


class _SavedWithoutBarcode(PosError):
    """The product was saved, then its internal barcode was refused (``refusal``): the form
    says both."""

    def __init__(self, refusal: PosError) -> None:
        super().__init__(f"saved without a barcode: {refusal}")
        self.refusal = refusal


def _field_of(error: Exception) -> str | None:
    """Which field of the form an error is about."""
    if isinstance(error, InvalidProduct):
        return error.field
    if isinstance(error, InvalidAmount):
        return "price"
    if isinstance(error, InstitutionNotFound):
        return "institution_id"
    if isinstance(error, WorkshopNotFound):
        return "workshop_id"
    if isinstance(error, InstitutionHasNoNumber):
        return "barcode"
    return None
