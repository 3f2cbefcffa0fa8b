"""Managing the catalog: list, create, edit, archive and delete products; internal barcodes.

A product belongs to one institution and optionally to one of its workshops: the money of
every sale line goes back to them. Sales copy the name, price and attribution onto their
lines, so editing a product (a new price, a new name) never changes a past sale.

A product that was ever sold, moved in the stock ledger or counted has *history*: it can be
archived (hidden from the till, kept everywhere else) but not deleted.

Every function is one service call with its own unit of work and returns plain frozen dataclasses.
Reading (:func:`list_products`, :func:`get_product`, :func:`list_categories`) is open to every
caller: the sale screen needs it to sell, and the price list is on the shelf anyway. Every change
(save, archive, restore, delete, internal barcodes) needs ``EDIT_PRODUCTS`` (``NotPermitted``
otherwise, nothing written) and is journaled with its old -> new values; a price change has an
entry of its own (``price 150.000 -> 1``). Bad input raises a :class:`~bazaar_pos.errors.PosError`
subclass naming the field (``error.field``, the :class:`ProductDraft` attribute) so a screen can
point at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from sys import intern
from typing import Any

from sqlalchemy import Select, bindparam, exists, func, or_, select, update
from sqlalchemy.orm import Session

from bazaar_pos.catalog.barcodes import GTIN_LENGTHS, gtin_check_digit, in_store_ean13
from bazaar_pos.catalog.institutions import (
    EAN13_LENGTH,
    InstitutionNotFound,
    WorkshopNotFound,
    internal_barcode_range,
)
from bazaar_pos.catalog.journal import (
    changed_fields,
    describe_changes,
    journal,
    price_change_detail,
)
from bazaar_pos.catalog.search import fresh_listing
from bazaar_pos.collector import collector_paused
from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    CountLine,
    Institution,
    Product,
    SaleLine,
    StockBalance,
    StockMovement,
    Workshop,
)
from bazaar_pos.db.rows import plain_batches
from bazaar_pos.errors import PosError
from bazaar_pos.money import MAX_AMOUNT, format_number
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.people.audit import AuditAction
from bazaar_pos.settings import read_settings

# Column sizes of the products table (bazaar_pos.db.models.Product).
SKU_MAX_LENGTH = 40
BARCODE_MAX_LENGTH = 32
NAME_MAX_LENGTH = 160
UNIT_MAX_LENGTH = 16
CATEGORY_MAX_LENGTH = 60
DEFAULT_UNIT = "pcs"
SEQUENCE_LIMIT = 10**8  # eight digits of sequence inside an internal EAN-13


# --- drafts and records --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProductDraft:
    """What the product form submits. ``id=None`` creates a new product.

    Text fields are stripped before they are checked and stored; an empty ``barcode`` is the
    same as ``None`` (no barcode).
    """

    id: int | None = None
    sku: str
    barcode: str | None = None
    name: str
    unit: str = DEFAULT_UNIT
    price: int  # whole Rupiah
    category: str = ""
    institution_id: int
    workshop_id: int | None = None
    track_stock: bool = True
    active: bool = True


@dataclass(frozen=True, kw_only=True, slots=True)
class ProductRecord:
    """A product as the catalog screens show it."""

    id: int
    sku: str
    barcode: str | None
    name: str
    unit: str
    price: int
    category: str
    institution_id: int
    institution_code: str
    workshop_id: int | None
    workshop_name: str  # "" when the product has no workshop
    track_stock: bool
    active: bool
    on_hand: int  # its stock balance: the sum of its stock movements (0 if it has none)
    has_history: bool  # sold, moved in the ledger or counted: archive it, never delete it

    def to_draft(self) -> ProductDraft:
        """A draft of this product as it is, to edit with ``dataclasses.replace``."""
        return ProductDraft(
            id=self.id,
            sku=self.sku,
            barcode=self.barcode,
            name=self.name,
            unit=self.unit,
            price=self.price,
            category=self.category,
            institution_id=self.institution_id,
            workshop_id=self.workshop_id,
            track_stock=self.track_stock,
            active=self.active,
        )


# --- errors --------------------------------------------------------------------------------


class InvalidProduct(PosError):
    """A field of a product draft is not acceptable.

    ``field`` is the :class:`ProductDraft` attribute; ``reason`` a short code for the screen:
    ``required``, ``too_long``, ``out_of_range``, ``not_a_number``, ``bad_characters``,
    ``bad_check_digit``, ``duplicate``, ``wrong_institution``, ``archived_workshop``.
    """

    def __init__(self, field: str, value: object, reason: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.reason = reason


class DuplicateSku(InvalidProduct):
    def __init__(self, sku: str, other_id: int) -> None:
        super().__init__(
            "sku", sku, "duplicate", f"SKU {sku!r} is already used (product {other_id})"
        )
        self.sku = sku
        self.other_id = other_id


class DuplicateBarcode(InvalidProduct):
    def __init__(self, barcode: str, other_id: int, other_sku: str) -> None:
        super().__init__(
            "barcode",
            barcode,
            "duplicate",
            f"barcode {barcode} is already used by {other_sku} (product {other_id})",
        )
        self.barcode = barcode
        self.other_id = other_id
        self.other_sku = other_sku


class ProductNotFound(PosError):
    def __init__(self, product_id: int) -> None:
        super().__init__(f"no product has id {product_id}")
        self.product_id = product_id


class ProductHasHistory(PosError):
    """Deleting would orphan sales, ledger entries or counts: archive the product instead."""

    def __init__(
        self, product_id: int, sku: str, sale_lines: int, movements: int, counts: int
    ) -> None:
        super().__init__(
            f"product {sku} cannot be deleted: it has {sale_lines} sale line(s), "
            f"{movements} stock movement(s) and {counts} count line(s); archive it instead"
        )
        self.product_id = product_id
        self.sku = sku
        self.sale_lines = sale_lines
        self.movements = movements
        self.counts = counts


class InstitutionHasNoNumber(PosError):
    """Internal barcodes need the institution's two-digit number; give it one first."""

    def __init__(self, institution_id: int, code: str) -> None:
        super().__init__(f"institution {code} has no number for internal barcodes yet")
        self.institution_id = institution_id
        self.code = code


class InternalBarcodesExhausted(PosError):
    def __init__(self, code: str, number: int) -> None:
        super().__init__(f"all internal barcodes 20{number:02d}… of {code} are used")
        self.code = code
        self.number = number


# --- field rules (shared with the CSV import) ----------------------------------------------


def barcode_problem(barcode: str) -> str | None:
    """Why ``barcode`` (already stripped, not empty) cannot be stored, or None if it can.

    Returns a reason code: ``too_long``, ``bad_characters`` (spaces, control or non-ASCII
    characters: a scanner types printable ASCII) or ``bad_check_digit`` (a digit-only code of
    8, 12 or 13 digits is an EAN-8, UPC-A or EAN-13 and its last digit must check).
    """
    if len(barcode) > BARCODE_MAX_LENGTH:
        return "too_long"
    if not (barcode.isascii() and barcode.isprintable()) or " " in barcode:
        return "bad_characters"
    is_gtin = len(barcode) in GTIN_LENGTHS and barcode.isdigit()
    if is_gtin and gtin_check_digit(barcode[:-1]) != barcode[-1]:
        return "bad_check_digit"
    return None


def describe_barcode_problem(barcode: str, reason: str) -> str:
    if reason == "too_long":
        return f"barcode is longer than {BARCODE_MAX_LENGTH} characters"
    if reason == "bad_characters":
        return f"barcode {barcode!r} may only hold printable ASCII characters without spaces"
    kind = GTIN_LENGTHS.get(len(barcode), "GTIN")
    return (
        f"barcode {barcode} has a wrong check digit for an {kind} "
        f"(expected {gtin_check_digit(barcode[:-1])})"
    )


def price_problem(price: object) -> str | None:
    """``not_a_number`` or ``out_of_range`` (0 … money.MAX_AMOUNT), or None if fine."""
    if isinstance(price, bool) or not isinstance(price, int):
        return "not_a_number"
    if not 0 <= price <= MAX_AMOUNT:
        return "out_of_range"
    return None


def _text(field: str, value: str, limit: int, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidProduct(field, value, "required", f"{field} is required")
    if len(value) > limit:
        raise InvalidProduct(field, value, "too_long", f"{field} is longer than {limit} characters")
    return value


# --- reading -------------------------------------------------------------------------------

# Stock on hand is the product's balance (kept with the ledger by the database, one row by
# primary key: the same cost at any ledger size); a product without movements has no balance
# row, so the row also says whether the product ever moved. One statement, whatever the number
# of rows; the first page of 100,000 products reads only its own balances.
_ON_HAND = func.coalesce(StockBalance.quantity, 0)
_MOVED = StockBalance.product_id.is_not(None)
# Sale and count lines only matter as "exists": an index probe per listed product.
_SOLD = exists().where(SaleLine.product_id == Product.id)
_COUNTED = exists().where(CountLine.product_id == Product.id)

_PRODUCT_COLUMNS = (
    Product.id,
    Product.sku,
    Product.barcode,
    Product.name,
    Product.unit,
    Product.price,
    Product.category,
    Product.institution_id,
    Institution.code,
    Product.workshop_id,
    Workshop.name,
    Product.track_stock,
    Product.active,
)


def _records_query() -> Select[*tuple[Any, ...]]:
    """Every column of :class:`ProductRecord`."""
    return (
        select(*_PRODUCT_COLUMNS, _ON_HAND, or_(_MOVED, _SOLD, _COUNTED))
        .join(Institution, Product.institution_id == Institution.id)
        .outerjoin(Workshop, Product.workshop_id == Workshop.id)
        .outerjoin(StockBalance, StockBalance.product_id == Product.id)
    )


def _record(row: Any) -> ProductRecord:
    (pid, sku, barcode, name, unit, price, category, inst_id, inst_code) = row[:9]
    (ws_id, ws_name, track, active, on_hand, history) = row[9:]
    # The unit, category, institution and workshop repeat across the catalog: one string each
    # (the driver makes a new one per cell: in the products screen's whole list of 100,000
    # products, ~23 MB of copies; bench/products_screen_memory_bench.py).
    return ProductRecord(
        id=pid,
        sku=sku,
        barcode=barcode,
        name=name,
        unit=intern(unit),
        price=price,
        category=intern(category),
        institution_id=inst_id,
        institution_code=intern(inst_code),
        workshop_id=ws_id,
        workshop_name=intern(ws_name or ""),
        track_stock=bool(track),
        active=bool(active),
        on_hand=int(on_hand or 0),
        has_history=bool(history),
    )


# Rows of the whole list read at a time.
_BATCH_ROWS = 2_000
# Product ids bound in one statement (SQLite allows 32,766 parameters; PostgreSQL 65,535).
IDS_AT_ONCE = 500


def _like_pattern(text: str) -> str:
    # "%" and "_" typed by the user are literal characters, not LIKE wildcards.
    literal_text = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{literal_text}%"


@collector_paused()
def list_products(
    db: Database,
    *,
    text: str = "",
    institution_id: int | None = None,
    category: str | None = None,
    include_archived: bool = False,
    limit: int | None = None,
) -> list[ProductRecord]:
    """Products ordered by name (then id), in one query whatever their number.

    ``text`` matches name, SKU or barcode (contains, case-insensitive); ``category`` matches
    exactly ("" = products without a category); archived products only with
    ``include_archived``.
    """
    text = text.strip()
    if text:
        with db.read() as session:
            listing = fresh_listing(db, session)
            if listing is not None:
                matching = listing.listed_ids(
                    text,
                    institution_id=institution_id,
                    category=category,
                    include_archived=include_archived,
                )
                return _records_by_ids(session, list(islice(matching, limit)))
    # The SQL filter: what the index answers, but folding ASCII only on SQLite (until the
    # screen's index is ready: catalog.search.prepare_listing).
    query = _records_query()
    if text:
        pattern = _like_pattern(text)
        query = query.where(
            or_(
                Product.name.ilike(pattern, escape="\\"),
                Product.sku.ilike(pattern, escape="\\"),
                Product.barcode.like(pattern, escape="\\"),
            )
        )
    if institution_id is not None:
        query = query.where(Product.institution_id == institution_id)
    if category is not None:
        query = query.where(Product.category == category)
    if not include_archived:
        query = query.where(Product.active.is_(True))
    query = query.order_by(Product.name, Product.id)
    if limit is not None:
        query = query.limit(limit)
    # The driver's rows, in batches: the whole list at 100,000 products is read on the
    # products screen's worker (SQLAlchemy's rows cost as much as the query: 1.6 s against
    # 0.6 s), and all of its rows at once doubled the screen's peak memory (the process keeps
    # what it once held).
    with db.read() as session:
        batches = plain_batches(session.connection(), query, _BATCH_ROWS)
        return [_record(row) for batch in batches for row in batch]


def _records_by_ids(session: Session, product_ids: list[int]) -> list[ProductRecord]:
    """The products of ``product_ids``, in that order (read in chunks of bound ids)."""
    found: dict[int, ProductRecord] = {}
    for start in range(0, len(product_ids), IDS_AT_ONCE):
        chunk = product_ids[start : start + IDS_AT_ONCE]
        rows = session.execute(_records_query().where(Product.id.in_(chunk)))
        found.update((record.id, record) for record in map(_record, rows))
    return [found[product_id] for product_id in product_ids if product_id in found]


def _get_record(session: Session, product_id: int) -> ProductRecord:
    row = session.execute(_records_query().where(Product.id == product_id)).first()
    if row is None:
        raise ProductNotFound(product_id)
    return _record(row)


def get_product(db: Database, product_id: int) -> ProductRecord:
    """One product as the catalog screens show it (open to every caller, like the list)."""
    with db.read() as session:
        return _get_record(session, product_id)


def list_categories(db: Database) -> list[str]:
    """Distinct non-empty categories of all products (archived too), alphabetically."""
    with db.read() as session:
        categories = session.scalars(
            select(Product.category).where(Product.category != "").distinct()
        ).all()
    return sorted(categories, key=lambda c: (c.casefold(), c))


# --- saving --------------------------------------------------------------------------------


def _checked_barcode(session: Session, barcode: str | None, product_id: int | None) -> str | None:
    barcode = (barcode or "").strip()
    if not barcode:
        return None
    reason = barcode_problem(barcode)
    if reason is not None:
        raise InvalidProduct("barcode", barcode, reason, describe_barcode_problem(barcode, reason))
    other = session.execute(
        select(Product.id, Product.sku).where(Product.barcode == barcode)
    ).first()
    if other is not None and other.id != product_id:
        raise DuplicateBarcode(barcode, other.id, other.sku)
    return barcode


def _checked_workshop(session: Session, draft: ProductDraft, current: Product | None) -> int | None:
    if draft.workshop_id is None:
        return None
    workshop = session.get(Workshop, draft.workshop_id)
    if workshop is None:
        raise WorkshopNotFound(draft.workshop_id)
    if workshop.institution_id != draft.institution_id:
        raise InvalidProduct(
            "workshop_id",
            draft.workshop_id,
            "wrong_institution",
            f"workshop {workshop.name!r} belongs to another institution",
        )
    already_there = current is not None and current.workshop_id == workshop.id
    if not workshop.active and not already_there:
        raise InvalidProduct(
            "workshop_id",
            draft.workshop_id,
            "archived_workshop",
            f"workshop {workshop.name!r} is archived",
        )
    return workshop.id


def _journal_fields(session: Session, product: Product) -> dict[str, object]:
    """What a product edit journals (the price separately, see :func:`_journal_save`)."""
    institution = session.get(Institution, product.institution_id)
    workshop = session.get(Workshop, product.workshop_id) if product.workshop_id else None
    return {
        "sku": product.sku,
        "barcode": product.barcode,
        "name": product.name,
        "unit": product.unit,
        "category": product.category,
        "institution": institution.code if institution is not None else None,
        "workshop": workshop.name if workshop is not None else None,
        "track_stock": bool(product.track_stock),
        "active": bool(product.active),
    }


def _journal_save(
    session: Session,
    actor: Actor | None,
    product: Product,
    before: dict[str, object] | None,
    old_price: int | None,
) -> None:
    """``product_created``, or ``price_changed`` and ``product_changed`` for what changed."""
    fields = _journal_fields(session, product)
    if before is None:
        detail = f"{product.name!r}, price {format_number(product.price)}, {fields['institution']}"
        journal(
            session,
            AuditAction.PRODUCT_CREATED,
            actor=actor,
            subject=product.sku,
            detail=detail,
            amount=product.price,
        )
        return
    if old_price is not None and old_price != product.price:
        journal(
            session,
            AuditAction.PRICE_CHANGED,
            actor=actor,
            subject=product.sku,
            detail=price_change_detail(old_price, product.price),
            amount=product.price,
        )
    changes = changed_fields(before, fields)
    if changes:
        journal(
            session,
            AuditAction.PRODUCT_CHANGED,
            actor=actor,
            subject=product.sku,
            detail=describe_changes(changes),
        )


def save_product(db: Database, draft: ProductDraft, *, actor: Actor | None = None) -> ProductRecord:
    """Create (``draft.id is None``) or update a product; returns it as saved.

    Checks: SKU required and unique; name required; price whole Rupiah 0 … MAX_AMOUNT;
    barcode unique and, for 8/12/13 digits, a correct EAN-8/UPC-A/EAN-13 check digit; the
    workshop belongs to the institution (and is not archived, unless the product is already
    in it). Only the product row changes: past sale lines keep the price they were sold at.
    """
    sku = _text("sku", draft.sku, SKU_MAX_LENGTH, required=True)
    name = _text("name", draft.name, NAME_MAX_LENGTH, required=True)
    unit = _text("unit", draft.unit, UNIT_MAX_LENGTH, required=True)
    category = _text("category", draft.category, CATEGORY_MAX_LENGTH, required=False)
    reason = price_problem(draft.price)
    if reason is not None:
        raise InvalidProduct(
            "price", draft.price, reason, f"price must be whole Rupiah from 0 to {MAX_AMOUNT}"
        )
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.EDIT_PRODUCTS)
        current: Product | None = None
        before: dict[str, object] | None = None
        old_price: int | None = None
        if draft.id is not None:
            current = session.get(Product, draft.id)
            if current is None:
                raise ProductNotFound(draft.id)
            before, old_price = _journal_fields(session, current), current.price
        if session.get(Institution, draft.institution_id) is None:
            raise InstitutionNotFound(draft.institution_id)
        other = session.scalar(select(Product.id).where(Product.sku == sku))
        if other is not None and other != draft.id:
            raise DuplicateSku(sku, other)
        barcode = _checked_barcode(session, draft.barcode, draft.id)
        workshop_id = _checked_workshop(session, draft, current)
        if current is None:
            current = Product()
            session.add(current)
        current.sku = sku
        current.barcode = barcode
        current.name = name
        current.unit = unit
        current.price = draft.price
        current.category = category
        current.institution_id = draft.institution_id
        current.workshop_id = workshop_id
        current.track_stock = bool(draft.track_stock)
        current.active = bool(draft.active)
        session.flush()
        _journal_save(session, actor, current, before, old_price)
        return _get_record(session, current.id)


def _set_active(db: Database, product_id: int, active: bool, actor: Actor | None) -> ProductRecord:
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.EDIT_PRODUCTS)
        product = session.get(Product, product_id)
        if product is None:
            raise ProductNotFound(product_id)
        if bool(product.active) != active:
            product.active = active
            session.flush()
            action = AuditAction.PRODUCT_RESTORED if active else AuditAction.PRODUCT_ARCHIVED
            detail = f"{product.name!r}: active {'no -> yes' if active else 'yes -> no'}"
            journal(session, action, actor=actor, subject=product.sku, detail=detail)
        return _get_record(session, product_id)


def archive_product(db: Database, product_id: int, *, actor: Actor | None = None) -> ProductRecord:
    """Hide the product from the till (scan, search); it stays on sales, ledger and lists."""
    return _set_active(db, product_id, False, actor)


def restore_product(db: Database, product_id: int, *, actor: Actor | None = None) -> ProductRecord:
    return _set_active(db, product_id, True, actor)


def _count(session: Session, column: Any, product_id: int) -> int:
    return int(session.scalar(select(func.count()).where(column == product_id)) or 0)


def delete_product(db: Database, product_id: int, *, actor: Actor | None = None) -> None:
    """Delete a product that has no history; otherwise raise :class:`ProductHasHistory`."""
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.EDIT_PRODUCTS)
        product = session.get(Product, product_id)
        if product is None:
            raise ProductNotFound(product_id)
        sale_lines = _count(session, SaleLine.product_id, product_id)
        movements = _count(session, StockMovement.product_id, product_id)
        counts = _count(session, CountLine.product_id, product_id)
        if sale_lines or movements or counts:
            raise ProductHasHistory(product_id, product.sku, sale_lines, movements, counts)
        detail = f"{product.name!r}, price {format_number(product.price)}, barcode " + (
            product.barcode or "-"
        )
        journal(
            session, AuditAction.PRODUCT_DELETED, actor=actor, subject=product.sku, detail=detail
        )
        session.delete(product)


# --- internal barcodes ---------------------------------------------------------------------


def _highest_internal_sequence(session: Session, number: int) -> int:
    """The highest sequence used by any barcode ``20NN`` + 8 digits + check (0 if none).

    Every product counts, not only the institution's own, so a new barcode can never collide
    with one that was typed in or imported.
    """
    low, high = internal_barcode_range(number)
    candidates = session.scalars(
        select(Product.barcode)
        .where(
            Product.barcode >= low,
            Product.barcode < high,
            func.length(Product.barcode) == EAN13_LENGTH,
        )
        .order_by(Product.barcode.desc())
    )
    # Highest first: the first all-digit one has the highest sequence.
    for barcode in candidates:
        if barcode is not None and barcode.isdigit():
            return int(barcode[4:12])
    return 0


# Only a product still without a barcode gets one (the read above ran in this transaction).
_SET_BARCODE = (
    update(Product)
    .where(Product.id == bindparam("pid"), or_(Product.barcode.is_(None), Product.barcode == ""))
    .values(barcode=bindparam("code"))
)


def assign_internal_barcodes(
    db: Database, product_ids: Iterable[int], *, actor: Actor | None = None
) -> dict[int, str]:
    """Give each listed product without a barcode an internal EAN-13 of its institution.

    ``20`` + the institution's number + the next free sequence + check digit; products that
    already have a barcode are left alone (and not in the result). Products get their numbers
    in the order given. Returns ``{product_id: barcode}`` for the barcodes assigned; all of
    them are written in one transaction, or none (unknown product, institution without a
    number).
    """
    ids = list(dict.fromkeys(product_ids))
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.EDIT_PRODUCTS)
        if not ids:
            return {}
        rows = {
            row.id: row
            for row in session.execute(
                select(
                    Product.id,
                    Product.sku,
                    Product.barcode,
                    Institution.id.label("institution_id"),
                    Institution.code,
                    Institution.number,
                )
                .join(Institution, Product.institution_id == Institution.id)
                .where(Product.id.in_(ids))
            )
        }
        next_sequence: dict[int, int] = {}
        assigned: dict[int, str] = {}
        for product_id in ids:
            row = rows.get(product_id)
            if row is None:
                raise ProductNotFound(product_id)
            if row.barcode:
                continue
            if row.number is None:
                raise InstitutionHasNoNumber(row.institution_id, row.code)
            if row.number not in next_sequence:
                next_sequence[row.number] = _highest_internal_sequence(session, row.number) + 1
            sequence = next_sequence[row.number]
            if sequence >= SEQUENCE_LIMIT:
                raise InternalBarcodesExhausted(row.code, row.number)
            next_sequence[row.number] = sequence + 1
            assigned[product_id] = in_store_ean13(row.number, sequence)
        if assigned:
            session.connection().execute(
                _SET_BARCODE,
                [{"pid": pid, "code": code} for pid, code in assigned.items()],
            )
            till_code = read_settings(session).till_code
            for product_id, code in assigned.items():
                journal(
                    session,
                    AuditAction.BARCODES_ASSIGNED,
                    actor=actor,
                    subject=rows[product_id].sku,
                    detail=f"barcode - -> {code}",
                    till_code=till_code,
                )
    return assigned
