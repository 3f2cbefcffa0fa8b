"""SQLAlchemy 2.0 typed models.

Money is integer Rupiah. Stock levels are the sum of ``StockMovement`` rows for a product (the
ledger is the single source of truth); ``StockBalance`` keeps that sum per product, derived from
the ledger by the database's own triggers, so reading it costs the same at any ledger size.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.compiler import DDLCompiler, TypeCompiler
from sqlalchemy.sql.ddl import CreateColumn
from sqlalchemy.types import INTEGER, TypeDecorator

from bazaar_pos.db.uuids import new_uuid

# Named constraints keep Alembic migrations (and SQLite batch mode) deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# SQLite's INTEGER holds 64 bits; so does every integer column on PostgreSQL (BIGINT, ids
# BIGSERIAL), so that the same data fits both: a till's perpetual grand total in Rupiah passes
# 2^31 within a few years of bazaars, and an import may carry any price SQLite takes. The
# models say so with Int64; the migrations' plain Integer columns are created as BIGINT by
# the two DDL rules below (PostgreSQL only: SQLite's tables are unchanged).
Int64 = BigInteger().with_variant(Integer(), "sqlite")


@compiles(INTEGER, "postgresql")
@compiles(Integer, "postgresql")
def _integer_column(type_: Integer, compiler: TypeCompiler, **kw: Any) -> str:
    # Only a column's type in DDL (CREATE TABLE, ADD COLUMN); casts stay INTEGER.
    return "BIGINT" if kw.get("type_expression") is not None else "INTEGER"


@compiles(CreateColumn, "postgresql")
def _serial_id(element: CreateColumn, compiler: DDLCompiler, **kw: Any) -> str:
    text: str | None = compiler.visit_create_column(element, **kw)  # type: ignore[no-untyped-call]
    name = compiler.preparer.format_column(element.element)
    if text is not None and text.startswith(f"{name} SERIAL"):
        return f"{name} BIGSERIAL{text[len(name) + len(' SERIAL') :]}"
    return text or ""


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores aware datetimes as naive UTC and gives them back aware (UTC).

    SQLite has no time zone type; normalising on the way in means comparisons and sorting in
    SQL stay correct whatever zone the laptop was set to.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware one (e.g. datetime.now(UTC))")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {int: Int64}


class PaymentMethod(StrEnum):
    CASH = "cash"
    QRIS = "qris"
    TRANSFER = "transfer"


class MovementKind(StrEnum):
    ARRIVAL = "arrival"  # goods received from an institution for an event
    COUNT_ADJUSTMENT = "count_adjustment"
    SALE = "sale"
    REFUND = "refund"
    RETURN = "return"  # unsold goods go back to the institution
    DAMAGE = "damage"  # damaged or lost; the reason goes in the note
    # A mistake is corrected by a reversing movement: same kind, opposite quantity, and
    # ``reverses_id`` pointing at the original, so sums per kind stay right.


class Role(StrEnum):
    """What a user may do; each role may do everything the roles before it may."""

    CASHIER = "cashier"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class ShiftStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # Z report produced; frozen


class CashMovementKind(StrEnum):
    PAID_IN = "paid_in"  # e.g. more small change brought to the drawer
    PAID_OUT = "paid_out"  # e.g. plastic bags bought from the drawer


class CashCountPurpose(StrEnum):
    OPENING = "opening"  # the float
    CLOSING = "closing"


class CountKind(StrEnum):
    OPENING = "opening"  # what arrived
    CLOSING = "closing"  # what is left
    SPOT = "spot"  # a check during the event


class CountStatus(StrEnum):
    OPEN = "open"
    POSTED = "posted"  # adjustments written; frozen
    DISCARDED = "discarded"  # abandoned before posting; wrote nothing


class Institution(Base):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The record's key in exports and merges (ids differ from one database to the next).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    # Two digits inside internal EAN-13 barcodes (``20`` + number + sequence + check digit),
    # so a label tells which institution made the product even without the database.
    number: Mapped[int | None] = mapped_column(Int64, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="Rutan")  # Lapas, Rutan, LPKA …

    workshops: Mapped[list[Workshop]] = relationship(back_populates="institution")


class Workshop(Base):
    """A workshop or programme of *pembinaan kemandirian* inside an institution."""

    __tablename__ = "workshops"
    __table_args__ = (UniqueConstraint("institution_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The record's key in exports and merges (ids differ from one database to the next).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    name: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    institution: Mapped[Institution] = relationship(back_populates="workshops")


class Product(Base):
    __tablename__ = "products"
    # The products screen lists one page in name order within an institution or a category:
    # read in index order, it stops at the page's end instead of sorting (and reading the
    # stock of) every product of the filter (58,000 of one institution: 8 ms against 200).
    __table_args__ = (
        Index("ix_products_institution_name", "institution_id", "name"),
        Index("ix_products_category_name", "category", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The record's key in exports and merges (ids differ from one database to the next).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    barcode: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(160), index=True)
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    price: Mapped[int] = mapped_column(Int64)
    category: Mapped[str] = mapped_column(String(60), default="")
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"))
    track_stock: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    institution: Mapped[Institution] = relationship()
    workshop: Mapped[Workshop | None] = relationship()


class CatalogStamp(Base):
    """One row whose ``stamp`` gets a new random value in every transaction that changes a
    product's name, SKU, barcode, active flag, institution or category (triggers of migration
    0009, whoever writes): the search indexes (:mod:`bazaar_pos.catalog.search`) are rebuilt
    when the stamp they were built at is no longer the database's."""

    __tablename__ = "catalog_stamp"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stamp: Mapped[int] = mapped_column(Int64)


event_institutions = Table(
    "event_institutions",
    Base.metadata,
    Column("event_id", ForeignKey("events.id"), primary_key=True),
    Column("institution_id", ForeignKey("institutions.id"), primary_key=True),
)


class Event(Base):
    """A bazaar (e.g. *Bazar HBP ke-62*) or a permanent outlet."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    venue: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)

    institutions: Mapped[list[Institution]] = relationship(secondary=event_institutions)


class Setting(Base):
    """Per-till settings (till code, paper, printer, current event …) as text key/value."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReceiptCounter(Base):
    """Last receipt number used by a till; bumped in the sale's own transaction (gap-free)."""

    __tablename__ = "receipt_counters"

    till_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    last_number: Mapped[int] = mapped_column(Int64, default=0)


class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (
        # Receipt numbers are unique per device, not per till code: two laptops set up with
        # the same code print the same numbers, and both sales are real. The device comes last
        # so that the same index serves a look-up by number alone.
        UniqueConstraint("till_code", "receipt_number", "till_id"),
        UniqueConstraint("receipt_no", "till_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    till_code: Mapped[str] = mapped_column(String(12))
    # The device (TillKey.till_id) that rang it up; "" only for rows written without the app
    # (the journal then names it "not in chain").
    till_id: Mapped[str] = mapped_column(String(36), server_default="")
    receipt_number: Mapped[int] = mapped_column(Int64)
    receipt_no: Mapped[str] = mapped_column(String(24))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    cashier: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    total: Mapped[int] = mapped_column(Int64)
    # The person and the shift (drawer) the money belongs to; None only for sales rung up on a
    # till database without users (tests, benchmarks, databases from before issue 5).
    cashier_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)
    subtotal: Mapped[int] = mapped_column(Int64, default=0)  # lines after line discounts
    discount: Mapped[int] = mapped_column(Int64, default=0)  # sale-level, spread over lines
    discount_approved_by: Mapped[str] = mapped_column(String(80), default="")

    lines: Mapped[list[SaleLine]] = relationship(
        back_populates="sale", order_by="SaleLine.line_no", cascade="all, delete-orphan"
    )
    payments: Mapped[list[Payment]] = relationship(
        back_populates="sale", cascade="all, delete-orphan"
    )
    event: Mapped[Event | None] = relationship()


class SaleLine(Base):
    """A line as sold: name and price are copied so later catalog edits never alter a sale."""

    __tablename__ = "sale_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The record's key in exports and merges (ids differ from one database to the next).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    line_no: Mapped[int] = mapped_column(Int64)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    sku: Mapped[str] = mapped_column(String(40))
    product_name: Mapped[str] = mapped_column(String(160))
    unit_price: Mapped[int] = mapped_column(Int64)
    quantity: Mapped[int] = mapped_column(Int64)
    line_total: Mapped[int] = mapped_column(Int64)
    # unit_price is what was charged per unit; list_price the catalog's price at the sale. A
    # difference is a price override. line_total = quantity × unit_price − line_discount −
    # sale_discount_share, so summing line_total per institution gives the money due to it.
    list_price: Mapped[int] = mapped_column(Int64, default=0)
    line_discount: Mapped[int] = mapped_column(Int64, default=0)
    sale_discount_share: Mapped[int] = mapped_column(Int64, default=0)
    approved_by: Mapped[str] = mapped_column(String(80), default="")  # discount / override
    # Attribution: the money of this line goes back to this institution and workshop.
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"))

    sale: Mapped[Sale] = relationship(back_populates="lines")


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The record's key in exports and merges (ids differ from one database to the next).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    method: Mapped[str] = mapped_column(String(12))
    amount: Mapped[int] = mapped_column(Int64)  # what this payment settles of the sale
    tendered: Mapped[int] = mapped_column(Int64)  # what the customer handed over
    change: Mapped[int] = mapped_column(Int64, default=0)
    reference: Mapped[str] = mapped_column(String(80), default="")

    sale: Mapped[Sale] = relationship(back_populates="payments")


class StockMovement(Base):
    """One entry of the stock ledger. Rows are only ever inserted (undoing a merge deletes the
    movements it inserted); ``StockBalance`` follows them."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        Index("ix_stock_movements_product_event", "product_id", "event_id"),
        # Every column the variance report's pass over the ledger reads, in the order it
        # groups by (stock.variance; migration 0011_ledger_index).
        Index(
            "ix_stock_movements_ledger",
            "kind",
            "product_id",
            "count_session_id",
            "id",
            "quantity",
            "event_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    kind: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(Int64)  # signed: + in, - out
    # Indexed: the journal reads a sale's movements through its lines.
    sale_line_id: Mapped[int | None] = mapped_column(ForeignKey("sale_lines.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(String(200), default="")
    # Where the movement came from, when not a sale: the count it adjusts, the handover it
    # returns goods in, or the movement it reverses (at most one reversal per movement).
    count_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("count_sessions.id"), index=True
    )
    handover_id: Mapped[int | None] = mapped_column(ForeignKey("handovers.id"), index=True)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("stock_movements.id"), unique=True)
    recorded_by: Mapped[str] = mapped_column(String(80), default="")
    # A refund puts goods back: one ``refund`` movement per refunded line.
    refund_line_id: Mapped[int | None] = mapped_column(ForeignKey("refund_lines.id"), index=True)


class StockBalance(Base):
    """A product's stock on hand now: the sum of its ledger (``stock_movements``), per product.

    Derived, never written by the app: triggers on ``stock_movements`` (migration 0008) keep
    it in the same transaction as every movement inserted, deleted (undoing a merge) or
    changed, whoever writes it (the app, a merge, the sqlite3 shell, psql), so a scan reads one
    row by primary key instead of summing a ledger of a million rows. A product without
    movements has no row (its stock is 0). ``verify`` checks every row against its ledger.
    """

    __tablename__ = "stock_balances"

    # A derived row never keeps its product alive (a product with movements cannot be deleted
    # anyway: the ledger refers to it).
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    quantity: Mapped[int] = mapped_column(Int64)  # signed, as the ledger's sum may be


class CountSession(Base):
    """A stock count: opening, closing or spot check, for one event.

    Starting it snapshots each product's expected quantity and the last ledger movement id
    (``snapshot_movement_id``); everything the ledger records after that (sales during the
    count, or another till's sales merged later) moves the expected figure at posting time.
    """

    __tablename__ = "count_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    blind: Mapped[bool] = mapped_column(Boolean, default=False)
    # None: every tracked product of the event's institutions.
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    status: Mapped[str] = mapped_column(String(10), default=CountStatus.OPEN.value)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    snapshot_movement_id: Mapped[int] = mapped_column(Int64, default=0)
    posted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Last ledger id once the adjustments are written: the "after this count" boundary.
    posted_through_movement_id: Mapped[int | None] = mapped_column(Int64)
    uncounted_as_zero: Mapped[bool] = mapped_column(Boolean, default=False)
    counted_by: Mapped[str] = mapped_column(String(120), default="")
    supervised_by: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(String(200), default="")

    lines: Mapped[list[CountLine]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class CountLine(Base):
    """One product of a count: the snapshot, what was counted and, once posted, the outcome."""

    __tablename__ = "count_lines"
    __table_args__ = (UniqueConstraint("session_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The record's key in exports and merges (ids differ from one database to the next).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    session_id: Mapped[int] = mapped_column(ForeignKey("count_sessions.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    expected_at_start: Mapped[int] = mapped_column(Int64)
    unit_price: Mapped[int] = mapped_column(Int64)  # price when the count started
    counted: Mapped[int | None] = mapped_column(Int64)  # None: not counted (yet)
    counted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    expected_at_post: Mapped[int | None] = mapped_column(Int64)
    adjustment: Mapped[int | None] = mapped_column(Int64)

    session: Mapped[CountSession] = relationship(back_populates="lines")


class Handover(Base):
    """Unsold goods handed back to one institution at the end of an event (signed on paper)."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    handed_over_by: Mapped[str] = mapped_column(String(120), default="")
    received_by: Mapped[str] = mapped_column(String(120), default="")


class User(Base):
    """A person who works the till. The PIN is stored only as a slow salted hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)  # lower case
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(12))  # a Role value
    pin_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # Lockout state lives here so that it survives a restart of the app.
    failed_attempts: Mapped[int] = mapped_column(Int64, default=0)
    lockouts: Mapped[int] = mapped_column(Int64, default=0)  # each one locks for longer
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


# The partial index of the one open shift per till, on both databases. Its PostgreSQL form is
# attached by add_postgresql_options() when a PostgreSQL database is opened, not written in the
# model: a ``postgresql_*`` argument makes SQLAlchemy import its PostgreSQL dialect package
# (with the modules of its five drivers, ~50 ms and 3 MB) to check the argument's name, at every
# start of an SQLite till, which never uses it.
OPEN_SHIFT_WHERE = "status = 'open'"


class Shift(Base):
    """One cashier's drawer on one till, from the counted float to the Z report."""

    __tablename__ = "shifts"
    __table_args__ = (
        # Z numbers count per till code on one device (see Sale).
        UniqueConstraint("till_code", "z_number", "till_id"),
        # At most one open shift per till (code and device): the drawer is in one person's
        # hands. The code cannot change on a device while a shift is open.
        Index(
            "uq_shifts_open_per_till",
            "till_code",
            "till_id",
            unique=True,
            sqlite_where=text(OPEN_SHIFT_WHERE),
            # postgresql_where: added by add_postgresql_options() when PostgreSQL is used.
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    till_code: Mapped[str] = mapped_column(String(12))
    till_id: Mapped[str] = mapped_column(String(36), server_default="")  # the device (Sale)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    status: Mapped[str] = mapped_column(String(10), default=ShiftStatus.OPEN.value)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opening_float: Mapped[int] = mapped_column(Int64)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    z_number: Mapped[int | None] = mapped_column(Int64)  # per till, 1, 2, 3 … at closing
    expected_cash: Mapped[int | None] = mapped_column(Int64)  # frozen at closing
    counted_cash: Mapped[int | None] = mapped_column(Int64)
    note: Mapped[str] = mapped_column(String(200), default="")


class CashCountLine(Base):
    """How many notes/coins of one denomination were counted in the drawer."""

    __tablename__ = "cash_count_lines"
    __table_args__ = (UniqueConstraint("shift_id", "purpose", "denomination", "form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The record's key in exports and merges (ids differ from one database to the next).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))  # a CashCountPurpose value
    denomination: Mapped[int] = mapped_column(Int64)
    form: Mapped[str] = mapped_column(String(4))  # "note" | "coin": Rp 1.000 exists as both
    quantity: Mapped[int] = mapped_column(Int64)


class CashMovement(Base):
    """Cash put into or taken out of the drawer for a reason other than a sale or refund."""

    __tablename__ = "cash_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # a CashMovementKind value
    amount: Mapped[int] = mapped_column(Int64)  # always positive; the kind gives the sign
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user_name: Mapped[str] = mapped_column(String(120))


class Refund(Base):
    """Money (and goods) back against one receipt; numbered per till like receipts."""

    __tablename__ = "refunds"
    # Refund numbers are unique per device, as receipt numbers (see Sale).
    __table_args__ = (
        UniqueConstraint("till_code", "number", "till_id"),
        UniqueConstraint("refund_no", "till_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    # Chosen by the screen when the refund form opens: a second submit of the same form
    # (double click, retry after a timeout) finds this key and changes nothing.
    request_key: Mapped[str] = mapped_column(String(36), unique=True)
    till_code: Mapped[str] = mapped_column(String(12))
    till_id: Mapped[str] = mapped_column(String(36), server_default="")  # the device (Sale)
    number: Mapped[int] = mapped_column(Int64)
    refund_no: Mapped[str] = mapped_column(String(24))  # "BPN1-R000001"
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cashier: Mapped[str] = mapped_column(String(80))
    approved_by: Mapped[str] = mapped_column(String(80), default="")
    method: Mapped[str] = mapped_column(String(12))  # how the money went back
    amount: Mapped[int] = mapped_column(Int64)
    reason: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str] = mapped_column(String(80), default="")

    lines: Mapped[list[RefundLine]] = relationship(back_populates="refund")


class RefundLine(Base):
    __tablename__ = "refund_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The record's key in exports and merges (ids differ from one database to the next).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id"), index=True)
    sale_line_id: Mapped[int] = mapped_column(ForeignKey("sale_lines.id"), index=True)
    quantity: Mapped[int] = mapped_column(Int64)
    amount: Mapped[int] = mapped_column(Int64)

    refund: Mapped[Refund] = relationship(back_populates="lines")


# The sales report's sums, per event (``event_key``: the sale's event id, 0 without one) and
# UTC quarter of an hour (``quarter``: seconds since the epoch // 900) of the sale. Derived,
# never written by the app: the triggers of migration 0010 keep them in the same transaction
# as every sale line, payment, refund and refund line (bazaar_pos.db.sales_summaries rebuilds
# and checks them). A refund counts in its sale's event and quarter. Clustered by their keys
# on SQLite (WITHOUT ROWID): an event's rows are read in key order, grouped without a sort.
_SUMMARY = {"sqlite_with_rowid": False}


class SalesByProduct(Base):
    """Lines per product as attributed at the sale (institution, workshop; 0: none)."""

    __tablename__ = "sales_by_product"
    __table_args__ = _SUMMARY

    event_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    product_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    institution_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    workshop_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    quarter: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    lines: Mapped[int] = mapped_column(Int64)
    quantity: Mapped[int] = mapped_column(Int64)
    gross: Mapped[int] = mapped_column(Int64)  # line_total
    discounts: Mapped[int] = mapped_column(Int64)  # line_discount + sale_discount_share
    receipts: Mapped[int] = mapped_column(Int64)  # sales holding such a line
    refunded_quantity: Mapped[int] = mapped_column(Int64)
    refunded: Mapped[int] = mapped_column(Int64)


class EventSalesByProduct(Base):
    """``SalesByProduct`` per event alone: what an event's report reads (one row per product
    however many quarters it sold in)."""

    __tablename__ = "event_sales_by_product"
    __table_args__ = _SUMMARY

    event_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    product_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    institution_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    workshop_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    lines: Mapped[int] = mapped_column(Int64)
    quantity: Mapped[int] = mapped_column(Int64)
    gross: Mapped[int] = mapped_column(Int64)
    discounts: Mapped[int] = mapped_column(Int64)
    receipts: Mapped[int] = mapped_column(Int64)
    refunded_quantity: Mapped[int] = mapped_column(Int64)
    refunded: Mapped[int] = mapped_column(Int64)


class SalesByCashier(Base):
    __tablename__ = "sales_by_cashier"
    __table_args__ = _SUMMARY

    event_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    quarter: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    cashier: Mapped[str] = mapped_column(String(80), primary_key=True)
    lines: Mapped[int] = mapped_column(Int64)
    quantity: Mapped[int] = mapped_column(Int64)
    gross: Mapped[int] = mapped_column(Int64)
    receipts: Mapped[int] = mapped_column(Int64)  # sales with at least one line
    refunded_quantity: Mapped[int] = mapped_column(Int64)
    refunded: Mapped[int] = mapped_column(Int64)


class ReceiptsByInstitution(Base):
    __tablename__ = "receipts_by_institution"
    __table_args__ = _SUMMARY

    event_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    quarter: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    institution_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    receipts: Mapped[int] = mapped_column(Int64)


class SalesByWorkshop(Base):
    """Lines per institution and workshop as attributed at the sale (workshop 0: none)."""

    __tablename__ = "sales_by_workshop"
    __table_args__ = _SUMMARY

    event_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    quarter: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    institution_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    workshop_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    lines: Mapped[int] = mapped_column(Int64)
    quantity: Mapped[int] = mapped_column(Int64)
    gross: Mapped[int] = mapped_column(Int64)
    receipts: Mapped[int] = mapped_column(Int64)
    refunded_quantity: Mapped[int] = mapped_column(Int64)
    refunded: Mapped[int] = mapped_column(Int64)


class ReceiptsByCategory(Base):
    """Sales holding a product of the category, as the category was when its line was
    written (a later change marks the product in ``receipts_by_category_stale``)."""

    __tablename__ = "receipts_by_category"
    __table_args__ = _SUMMARY

    event_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    quarter: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    category: Mapped[str] = mapped_column(String(60), primary_key=True)
    receipts: Mapped[int] = mapped_column(Int64)


class ReceiptsByCategoryStale(Base):
    """A product that changed category after it sold: until the summaries are rebuilt
    (``bazaar-pos verify --rebuild-summaries``), the receipts by category are counted from the
    lines."""

    __tablename__ = "receipts_by_category_stale"

    product_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class SalesByMethod(Base):
    __tablename__ = "sales_by_method"
    __table_args__ = _SUMMARY

    event_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    quarter: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    method: Mapped[str] = mapped_column(String(12), primary_key=True)
    payments: Mapped[int] = mapped_column(Int64)
    taken: Mapped[int] = mapped_column(Int64)
    receipts: Mapped[int] = mapped_column(Int64)  # sales with a payment by the method
    refund_count: Mapped[int] = mapped_column(Int64)
    refunded: Mapped[int] = mapped_column(Int64)  # given back by the method


class ParkedSale(Base):
    """A cart put on hold (customer fetching money); deleted when resumed or cancelled."""

    __tablename__ = "parked_sales"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    till_code: Mapped[str] = mapped_column(String(12), index=True)
    parked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    parked_by: Mapped[str] = mapped_column(String(120))
    label: Mapped[str] = mapped_column(String(80), default="")  # "ibu baju merah"
    total: Mapped[int] = mapped_column(Int64)
    cart_json: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only log of who did what (triggers refuse UPDATE and DELETE on this table)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    till_code: Mapped[str] = mapped_column(String(12), default="")
    # No foreign key: the log must outlive anything it mentions and travel in exports as is.
    user_id: Mapped[int | None] = mapped_column(Int64)
    user_name: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(30), index=True)  # an AuditAction value
    subject: Mapped[str] = mapped_column(String(80), default="")  # receipt no., user …
    detail: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[int | None] = mapped_column(Int64)
    approved_by: Mapped[str] = mapped_column(String(120), default="")


class SyncExport(Base):
    """One export ("sync") written by this till; the last one is where an incremental starts."""

    __tablename__ = "sync_exports"
    __table_args__ = (UniqueConstraint("till_code", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # the export's id (manifest)
    till_code: Mapped[str] = mapped_column(String(12))
    sequence: Mapped[int] = mapped_column(Int64)  # 1, 2, 3 … per till
    kind: Mapped[str] = mapped_column(String(12))  # "full" | "incremental"
    exported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    exported_by: Mapped[str] = mapped_column(String(120), default="")
    # JSON {table: highest id written}: an incremental export takes the rows above these.
    watermarks: Mapped[str] = mapped_column(Text, default="{}")
    row_counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON {file: rows}
    file_name: Mapped[str] = mapped_column(String(260), default="")


class SyncImport(Base):
    """One export merged into this database: importing the same export again adds nothing."""

    __tablename__ = "sync_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    export_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    till_code: Mapped[str] = mapped_column(String(12))
    sequence: Mapped[int] = mapped_column(Int64)
    kind: Mapped[str] = mapped_column(String(12))
    exported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(120), default="")
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    rows_added: Mapped[int] = mapped_column(Int64, default=0)
    rows_already_present: Mapped[int] = mapped_column(Int64, default=0)
    file_name: Mapped[str] = mapped_column(String(260), default="")


class LoginSession(Base):
    """One successful login: an :class:`~bazaar_pos.people.access.Actor` is only believed while
    its session row is open. The token itself lives only in the Actor's memory; the database
    keeps its SHA-256, so nothing stored or exported is enough to act as the user."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    till_code: Mapped[str] = mapped_column(String(12), default="")
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class ApprovalGrant(Base):
    """A supervisor's PIN-checked yes, bound to one action, subject and amount, used once.

    The caller holds a random secret; only its SHA-256 is stored, and the row never travels in
    an export: an approval cannot be rebuilt from anything written down or shown.
    """

    __tablename__ = "approval_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # the audit entry's subject
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    action: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(80), default="")
    amount: Mapped[int | None] = mapped_column(Int64)
    approver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    till_code: Mapped[str] = mapped_column(String(12), default="")
    granted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    used_for: Mapped[str] = mapped_column(String(80), default="")


class TillKey(Base):
    """A till's identity: its Ed25519 key pair (private half only for this till's own row).

    Rows for other tills (public key only) are learnt from their signed exports, so that a
    later export claiming the same till with another key is refused.
    """

    __tablename__ = "till_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    till_id: Mapped[str] = mapped_column(String(36), unique=True)  # a uuid, made at first start
    public_key: Mapped[str] = mapped_column(String(64))  # raw 32 bytes, base64
    private_key: Mapped[str] = mapped_column(String(64), default="")  # "" for other tills
    own: Mapped[bool] = mapped_column(Boolean, default=False)
    till_code: Mapped[str] = mapped_column(String(12), default="")  # as last seen
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class JournalLink(Base):
    """One link of a till's tamper-evident chain.

    ``sha256`` = SHA-256 over the previous link's hash, the position and the record's canonical
    content; changing, deleting, inserting or reordering any chained record breaks the chain at
    that record. ``grand_total`` is the till's perpetual total of sales minus refunds up to and
    including this link (as the Z report prints it).
    """

    __tablename__ = "journal_links"
    __table_args__ = (
        UniqueConstraint("till_id", "seq"),
        UniqueConstraint("kind", "record_uuid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    till_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Int64)  # 1, 2, 3 … per till, gap-free
    kind: Mapped[str] = mapped_column(String(20))  # sale, refund, shift_close, movement …
    record_uuid: Mapped[str] = mapped_column(String(36))
    content_sha256: Mapped[str] = mapped_column(String(64))
    prev_sha256: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    grand_total: Mapped[int] = mapped_column(Int64, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class JournalPending(Base):
    """A chained record written in the current transaction and not yet sealed (see
    :mod:`bazaar_pos.db.journal`). Filled by SQLite triggers, emptied by the commit hook.

    ``at_upgrade`` marks the records that existed before the journal: chained once, at the
    first start after the upgrade.
    """

    __tablename__ = "journal_pending"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    record_uuid: Mapped[str] = mapped_column(String(36))
    at_upgrade: Mapped[bool] = mapped_column(Boolean, default=False)


def add_postgresql_options() -> None:
    """The models' PostgreSQL-only index options (see :data:`OPEN_SHIFT_WHERE`), attached once a
    PostgreSQL database is opened: its dialect is loaded then anyway. Idempotent."""
    for index in Base.metadata.tables[Shift.__tablename__].indexes:
        if index.name == "uq_shifts_open_per_till":
            index.dialect_options["postgresql"]["where"] = text(OPEN_SHIFT_WHERE)
