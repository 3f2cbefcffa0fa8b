"""Which labels to print: the products chosen in the catalog, each with its name, price,
institution and a barcode a label can carry (the sheet itself is :mod:`bazaar_pos.papers.labels`).

Handmade goods rarely come with a barcode, so the till gives them internal EAN-13 numbers
(prefix 20–29, :func:`bazaar_pos.catalog.products.assign_internal_barcodes`); a product
without a printable EAN-13 or EAN-8 is named, so the clerk can give it one first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from bazaar_pos.catalog.barcodes import barcode_symbology
from bazaar_pos.db import Database
from bazaar_pos.db.models import Institution, Product
from bazaar_pos.errors import PosError, ProductUnavailable
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous

__all__ = [
    "MAX_COPIES",
    "InvalidCopies",
    "LabelItem",
    "MissingBarcode",
    "NoLabels",
    "ProductNeedingBarcode",
    "labels_for_products",
]

# More than a thousand labels of one product in one go is a typing error (40 per sheet: 25
# sheets), not a print job.
MAX_COPIES = 1000


@dataclass(frozen=True)
class ProductNeedingBarcode:
    """A product whose barcode cannot go on a label (none, a SKU, a bad check digit …)."""

    product_id: int | None
    name: str
    sku: str
    barcode: str  # what is stored now; "" when the product has none


class MissingBarcode(PosError):
    """Products need an EAN-13 (or EAN-8) barcode before labels can be printed for them.

    The catalog offers "assign internal barcode" for exactly these products.
    """

    def __init__(self, products: Sequence[ProductNeedingBarcode]) -> None:
        listed = ", ".join(
            f"{p.name!r}"
            + (f" ({p.sku})" if p.sku else "")
            + (f" [{p.barcode}]" if p.barcode else "")
            for p in products
        )
        super().__init__(
            f"{len(products)} product(s) need an EAN-13 barcode before labels can be printed: "
            f"{listed}"
        )
        self.products = tuple(products)


class InvalidCopies(PosError, ValueError):
    def __init__(self, copies: int, name: str = "") -> None:
        where = f" of {name!r}" if name else ""
        super().__init__(f"{copies} copies{where}: choose 1 to {MAX_COPIES} labels per product")
        self.copies = copies
        self.name = name


class NoLabels(PosError):
    def __init__(self) -> None:
        super().__init__("no labels to print: choose at least one product")


@dataclass(frozen=True)
class LabelItem:
    name: str
    price: int  # whole Rupiah
    institution_code: str  # "BPN"
    barcode: str  # EAN-13 (13 digits) or EAN-8 (8 digits), check digit included
    copies: int = 1
    product_id: int | None = None  # for error messages; labels do not print it


def labels_for_products(
    db: Database, product_ids: Sequence[int], copies: int = 1, *, actor: Actor | None = None
) -> list[LabelItem]:
    """Label data for the given products, in the given order, ``copies`` labels each.

    Needs ``EDIT_PRODUCTS``: a label sheet puts prices and barcodes on the goods, as editing the
    product does.

    Raises ProductUnavailable for an unknown or archived product (its label would not scan
    at the till), and MissingBarcode naming every product without a printable EAN-13/EAN-8.
    """
    if not 1 <= copies <= MAX_COPIES:
        raise InvalidCopies(copies)
    wanted = list(product_ids)
    if not wanted:
        raise NoLabels()
    with db.read() as session:
        authorize_or_anonymous(session, actor, Action.EDIT_PRODUCTS)
        rows = session.execute(
            select(
                Product.id,
                Product.name,
                Product.sku,
                Product.barcode,
                Product.price,
                Product.active,
                Institution.code,
            )
            .join(Institution, Product.institution_id == Institution.id)
            .where(Product.id.in_(set(wanted)))
        ).all()
    found = {row[0]: row for row in rows}
    items: list[LabelItem] = []
    unusable: list[ProductNeedingBarcode] = []
    for product_id in wanted:
        row = found.get(product_id)
        if row is None or not row[5]:
            raise ProductUnavailable(product_id)
        _, name, sku, barcode, price, _, institution_code = row
        code = (barcode or "").strip()
        if barcode_symbology(code) is None:
            need = ProductNeedingBarcode(product_id, name, sku, code)
            if need not in unusable:
                unusable.append(need)
            continue
        items.append(LabelItem(name, price, institution_code, code, copies, product_id))
    if unusable:
        raise MissingBarcode(unusable)
    return items
