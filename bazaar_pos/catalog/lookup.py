"""Catalog look-ups for the till: scan a barcode/SKU, search by name.

These take no acting user, on purpose: they only read what the sale screen needs to sell
(name, price, institution, stock on hand), and the price list is on the shelf anyway. Every
change to the catalog goes through :mod:`.products`, :mod:`.institutions`, :mod:`.events` or
:mod:`.csv_file`, which check the permission table and journal the change.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import Dialect, bindparam, func, or_, select
from sqlalchemy.orm import Session

from bazaar_pos.catalog.search import current_index
from bazaar_pos.db import Database
from bazaar_pos.db.engine import driver_errors
from bazaar_pos.db.models import Institution, Product, StockBalance, Workshop
from bazaar_pos.errors import UnknownCode

SEARCH_LIMIT = 30


@dataclass(frozen=True)
class ProductInfo:
    """What the till needs to know about a product to put it in the cart."""

    id: int
    sku: str
    barcode: str | None
    name: str
    unit: str
    price: int
    category: str
    institution_code: str
    workshop: str
    track_stock: bool
    on_hand: int | None  # None for untracked goods (café drinks)


# Plain columns, not ORM entities: a scan is the till's hottest path. Stock on hand is the
# product's balance (one row by primary key, kept with the ledger by the database: the same
# cost at any ledger size); a product without movements has no balance row: 0.
_PRODUCT_INFO = (
    select(
        Product.id,
        Product.sku,
        Product.barcode,
        Product.name,
        Product.unit,
        Product.price,
        Product.category,
        Institution.code,
        Workshop.name,
        Product.track_stock,
        func.coalesce(StockBalance.quantity, 0),
    )
    .join(Institution, Product.institution_id == Institution.id)
    .outerjoin(Workshop, Product.workshop_id == Workshop.id)
    .outerjoin(StockBalance, StockBalance.product_id == Product.id)
    .where(Product.active.is_(True))
)


def _info(row: tuple[Any, ...]) -> ProductInfo:
    (pid, sku, barcode, name, unit, price, category, inst_code, workshop, track, on_hand) = row
    return ProductInfo(
        id=pid,
        sku=sku,
        barcode=barcode,
        name=name,
        unit=unit,
        price=price,
        category=category,
        institution_code=inst_code,
        workshop=workshop or "",
        track_stock=bool(track),
        on_hand=int(on_hand) if track else None,
    )


# A scan is the till's hottest read. The statement is built once and compiled once per kind of
# database; it runs on the driver's connection taken straight from the pool: no SQLAlchemy
# statement path and no transaction begun (one SELECT reads one snapshot by itself), a third
# of a Core connection's time per scan and far less garbage for the collector to stop the
# till for (bench/scan_growth_bench.py).
_BY_CODE = _PRODUCT_INFO.where(
    or_(Product.barcode == bindparam("code"), Product.sku == bindparam("code"))
).limit(1)


@dataclass(frozen=True)
class _CompiledScan:
    sql: str
    positions: tuple[str, ...] | None  # the parameters' order (qmark), None: by name
    fixed: dict[str, Any]  # the statement's own values (LIMIT 1, the 0 of no balance)

    def parameters(self, code: str) -> tuple[Any, ...] | dict[str, Any]:
        values = {**self.fixed, "code": code}
        if self.positions is None:
            return values
        return tuple(values[name] for name in self.positions)


_COMPILED: dict[str, _CompiledScan] = {}


def _compiled_scan(dialect: Dialect) -> _CompiledScan:
    found = _COMPILED.get(dialect.name)
    if found is None:
        compiled = _BY_CODE.compile(dialect=dialect)
        positions = getattr(compiled, "positiontup", None)
        found = _COMPILED[dialect.name] = _CompiledScan(
            str(compiled), tuple(positions) if positions else None, dict(compiled.params)
        )
    return found


def find_by_code(db: Database, code: str) -> ProductInfo:
    """The product whose barcode or SKU is ``code`` (what a scanner types); else UnknownCode."""
    code = code.strip()
    scan = _compiled_scan(db.engine.dialect)
    # The driver's errors as SQLAlchemy's, as every other read raises them (ui/messages.py).
    with driver_errors():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(scan.sql, scan.parameters(code))
            row = cursor.fetchone()
            cursor.close()
        finally:
            connection.close()  # back to the pool, rolled back (PostgreSQL began a transaction)
    if row is None:
        raise UnknownCode(code)
    return _info(tuple(row))


def warm_up_scan(db: Database) -> None:
    """Compile the scan's statement and run it once, for a code no product has (a fresh random
    one): the first scan of the day then finds it ready (ui/warm_up.py, while the cashier
    logs in)."""
    with contextlib.suppress(UnknownCode):
        find_by_code(db, f"warm-up-{secrets.token_hex(8)}")


# Built once, as _BY_CODE, and run on the session's connection (not through the ORM): a search
# reads its shown rows with it at every keystroke (0.9 → 0.5 ms for 30 rows, bench/).
_BY_IDS = _PRODUCT_INFO.where(Product.id.in_(bindparam("ids", expanding=True)))


def active_products(session: Session, product_ids: Iterable[int]) -> dict[int, ProductInfo]:
    """The active products among ``product_ids``, by id, read in the caller's transaction (a
    resumed cart is rebuilt from today's catalog; an archived product is left out)."""
    wanted = sorted(set(product_ids))
    if not wanted:
        return {}
    rows = session.connection().execute(_BY_IDS, {"ids": wanted})
    return {info.id: info for info in (_info(tuple(row)) for row in rows)}


def search_products(db: Database, text: str, limit: int = SEARCH_LIMIT) -> list[ProductInfo]:
    """Active products whose name, SKU or barcode contains ``text`` (case-insensitive).

    Names starting with the text come first, so typing "bes" puts *Besek* above *Tas besar*.
    The matching and the order are :mod:`.search`'s (an in-memory index, checked against the
    catalog's stamp in this read's snapshot); the rows shown are read here, in the same
    snapshot, as a scan reads them.
    """
    text = text.strip()
    if not text:
        return []
    found: list[ProductInfo] = []
    with db.read() as session:
        ranked = current_index(db, session).ranked_ids(text)
        # The index holds every active product; what a product needs to be sold is decided
        # by _PRODUCT_INFO alone, so a candidate it leaves out is replaced by the next one.
        while len(found) < limit:
            batch = list(islice(ranked, limit - len(found)))
            if not batch:
                break
            infos = active_products(session, batch)
            found.extend(infos[pid] for pid in batch if pid in infos)
    return found
