"""Demo sales in bulk for the benchmarks that need a till with many sales.

The sales are the demo's: plans of ``bazaar_pos.demo.sales.plan_sales``, the generator that
``add_demo_sales`` rings up through ``commit_sale``. ``write_planned_sales`` writes them with
Core ``executemany`` as the rows ``commit_sale`` writes for them — the sale, its lines, its
payment, one ``sale`` movement per tracked line and the till's receipt counter — in one
transaction instead of one fsync'd transaction per sale. The sales belong to no user and no
shift, as on a till without users; the columns left out take the model defaults, which are
what ``commit_sale`` writes for a sale without discounts or price overrides.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, update

from bazaar_pos.db import Database
from bazaar_pos.db.journal import own_till_id
from bazaar_pos.db.models import (
    MovementKind,
    Payment,
    Product,
    ReceiptCounter,
    Sale,
    SaleLine,
    StockMovement,
)
from bazaar_pos.db.uuids import uuid_at
from bazaar_pos.demo.sales import PlannedSale
from bazaar_pos.till.sales import format_receipt_no


def write_planned_sales(
    db: Database,
    plan: Sequence[PlannedSale],
    *,
    till_code: str,
    event_id: int | None,
    cashier: str,
    started: dt.datetime | None = None,
    spacing: dt.timedelta = dt.timedelta(0),
) -> int:
    """Write ``plan`` as ``till_code``'s next receipts, in one transaction.

    The ``n``-th sale of the plan is made at ``started + n × spacing`` (``started`` None:
    now) and gets the till's ``n``-th next receipt number.
    Returns the number of ``sale`` movements written (café drinks carry no stock).
    """
    started = started or dt.datetime.now(dt.UTC)
    with db.write() as session:
        connection = session.connection()
        products = {
            row.id: row
            for row in connection.execute(
                select(
                    Product.id,
                    Product.sku,
                    Product.name,
                    Product.price,
                    Product.institution_id,
                    Product.workshop_id,
                    Product.track_stock,
                )
            )
        }
        first_sale = (connection.scalar(select(func.max(Sale.id))) or 0) + 1
        line_id = (connection.scalar(select(func.max(SaleLine.id))) or 0) + 1
        last_receipt = connection.scalar(
            select(ReceiptCounter.last_number).where(ReceiptCounter.till_code == till_code)
        )
        base = last_receipt or 0
        device = own_till_id(session)  # as commit_sale records the device that rang it up
        sales: list[dict[str, Any]] = []
        lines: list[dict[str, Any]] = []
        payments: list[dict[str, Any]] = []
        movements: list[dict[str, Any]] = []
        for offset, sale in enumerate(plan, start=1):
            sale_id = first_sale + offset - 1
            at = started + offset * spacing
            # The uuids commit_sale would have given them at that moment (version 7): ten
            # tills' sales of one event share the same moments, as they would for real.
            millisecond, counters = int(at.timestamp() * 1000), itertools.count()

            number = base + offset
            sales.append(
                {
                    "id": sale_id,
                    "uuid": uuid_at(millisecond, next(counters)),
                    "till_code": till_code,
                    "till_id": device,
                    "receipt_number": number,
                    "receipt_no": format_receipt_no(till_code, number),
                    "event_id": event_id,
                    "cashier": cashier,
                    "created_at": at,
                    "total": sale.total,
                    "subtotal": sale.total,
                }
            )
            for line_no, line in enumerate(sale.lines, start=1):
                product = products[line.product_id]
                lines.append(
                    {
                        "id": line_id,
                        "uuid": uuid_at(millisecond, next(counters)),
                        "sale_id": sale_id,
                        "line_no": line_no,
                        "product_id": line.product_id,
                        "sku": product.sku,
                        "product_name": product.name,
                        "unit_price": line.unit_price,
                        "quantity": line.quantity,
                        "line_total": line.total,
                        "list_price": product.price,
                        "institution_id": product.institution_id,
                        "workshop_id": product.workshop_id,
                    }
                )
                if product.track_stock:
                    movements.append(
                        {
                            "uuid": uuid_at(millisecond, next(counters)),
                            "product_id": line.product_id,
                            "event_id": event_id,
                            "kind": MovementKind.SALE.value,
                            "quantity": -line.quantity,
                            "sale_line_id": line_id,
                            "created_at": at,
                            "note": "",
                        }
                    )
                line_id += 1
            if sale.total:  # a sale of Rp 0 takes no payment
                payments.append(
                    {
                        "uuid": uuid_at(millisecond, next(counters)),
                        "sale_id": sale_id,
                        "method": sale.method,
                        "amount": sale.total,
                        "tendered": sale.tendered,
                        "change": sale.change,
                        "reference": sale.reference,
                    }
                )
        for model, rows in (
            (Sale, sales),
            (SaleLine, lines),
            (Payment, payments),
            (StockMovement, movements),
        ):
            if rows:
                connection.execute(insert(model), rows)
        if plan:
            number = base + len(plan)
            if last_receipt is None:
                connection.execute(
                    insert(ReceiptCounter), {"till_code": till_code, "last_number": number}
                )
            else:
                connection.execute(
                    update(ReceiptCounter)
                    .where(ReceiptCounter.till_code == till_code)
                    .values(last_number=number)
                )
    return len(movements)
