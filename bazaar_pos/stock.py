"""The stock ledger: every change is an inserted movement; stock on hand is their sum."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bazaar_pos.db import Database
from bazaar_pos.db.models import MovementKind, StockMovement


def new_movement(
    *,
    product_id: int,
    quantity: int,
    kind: MovementKind,
    event_id: int | None,
    at: dt.datetime,
    sale_line_id: int | None = None,
    note: str = "",
) -> StockMovement:
    return StockMovement(
        uuid=str(uuid.uuid4()),
        product_id=product_id,
        quantity=quantity,
        kind=kind.value,
        event_id=event_id,
        created_at=at,
        sale_line_id=sale_line_id,
        note=note,
    )


def on_hand_in(session: Session, product_ids: Iterable[int]) -> dict[int, int]:
    ids = list(product_ids)
    rows = session.execute(
        select(StockMovement.product_id, func.sum(StockMovement.quantity))
        .where(StockMovement.product_id.in_(ids))
        .group_by(StockMovement.product_id)
    ).all()
    levels = dict.fromkeys(ids, 0)
    levels.update({product_id: int(total) for product_id, total in rows})
    return levels


def stock_on_hand(db: Database, product_id: int) -> int:
    """Units on hand of one product: the sum of its ledger movements."""
    with db.read() as session:
        return on_hand_in(session, [product_id])[product_id]
