"""A varied bazaar, rung up through the real services, to hold the sales report (read from the
summaries) equal to the reference computation (tests/reports/reference.py).

Seeded, so the same every run: sales of the demo event and of a second event, and some outside
any event, over three days and across local midnight (WITA), by two cashiers; one to four
lines of the demo catalogue's three Rutan and their workshops (a product without workshop
or category, café drinks without stock), now and then the same product twice in a sale;
line discounts, sale discounts, price overrides both ways; cash, QRIS, transfer and split
payments; refunds of part of a line, of a whole line, of a line refunded before, of two lines
of one sale, by another method than the sale's.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from bazaar_pos.db import Database
from bazaar_pos.db.models import Event, Product, SaleLine
from bazaar_pos.settings import load_settings
from bazaar_pos.till.refunds import RefundLineRequest, refund_sale
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.conftest import Staff
from tests.reports.support import BESEK, WITA

FIRST_DAY = dt.datetime(2026, 4, 27, tzinfo=WITA)


@dataclass(frozen=True)
class Varied:
    event_id: int  # the demo event
    second_event_id: int
    receipts: tuple[str, ...]
    refunds: int


def _moment(rng: random.Random) -> dt.datetime:
    """A time on one of three days, mostly in opening hours, sometimes around midnight."""
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(3))
    if rng.random() < 0.1:
        return day + dt.timedelta(hours=23, minutes=rng.randrange(60))
    return day + dt.timedelta(hours=rng.randrange(8, 21), minutes=rng.randrange(60))


def _payment(rng: random.Random, n: int) -> PaymentRequest | list[PaymentRequest]:
    kind = rng.choice(("cash", "cash", "qris", "transfer", "split"))
    if kind == "cash":
        return PaymentRequest("cash")
    if kind == "split":
        return [PaymentRequest("qris", amount=1_000, reference=f"QR-{n}"), PaymentRequest("cash")]
    return PaymentRequest(kind, reference=f"REF-{n}")


def build_varied_sales(db: Database, staff: Staff, *, sales: int = 40, seed: int = 16) -> Varied:
    """Ring the sales up and refund some (needs the ``shift`` fixture: an open shift on BPN1)."""
    rng = random.Random(seed)
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    with db.write() as session:
        second_event_id = session.execute(
            insert(Event)
            .values(
                uuid=str(uuid.uuid4()),
                name="Bazar kedua",
                venue="Lapas Balikpapan",
                starts_on=dt.date(2026, 4, 28),
                ends_on=dt.date(2026, 4, 29),
            )
            .returning(Event.id)
        ).scalar_one()
        # A product without workshop or category: the "(tanpa …)" rows.
        session.execute(
            update(Product).where(Product.barcode == BESEK).values(workshop_id=None, category="")
        )
        catalog = [
            tuple(row)
            for row in session.execute(select(Product.id, Product.price).order_by(Product.id))
        ]
    receipts = []
    for n in range(sales):
        picked = rng.sample(catalog, rng.randint(1, 4))
        if rng.random() < 0.15:
            picked.append(picked[0])  # the same product on a second line
        lines = []
        for product_id, price in picked:
            quantity = rng.randint(1, 4)
            unit_price = price
            if rng.random() < 0.15:
                unit_price = max(0, price + rng.choice((-500, 1_000)))  # a price override
            discount = 0
            if rng.random() < 0.2:
                discount = min(quantity * unit_price, rng.choice((500, 1_000, 2_500)))
            lines.append(SaleLineRequest(product_id, quantity, unit_price, line_discount=discount))
        subtotal = sum(line.quantity * line.unit_price - line.line_discount for line in lines)
        sale_discount = min(subtotal, 1_500) if rng.random() < 0.15 else 0
        # Discounts and overrides by the supervisor, whose role allows them without approval.
        special = sale_discount or any(
            line.line_discount or line.unit_price != price
            for line, (_, price) in zip(lines, picked, strict=True)
        )
        cashier = staff.supervisor if special or rng.random() < 0.3 else staff.cashier
        draw = rng.random()
        sale_event = event_id if draw < 0.7 else second_event_id if draw < 0.9 else None
        total = subtotal - sale_discount
        payment = _payment(rng, n) if total >= 1_000 else PaymentRequest("cash")
        result = commit_sale(
            db,
            lines,
            payment,
            cashier=cashier,
            till_code="BPN1",
            event_id=sale_event,
            sale_discount=sale_discount,
            now=_moment(rng),
        )
        receipts.append(result.receipt_no)
    refunds = 0
    with db.read() as session:
        sold = session.execute(
            select(SaleLine.id, SaleLine.sale_id, SaleLine.quantity).order_by(SaleLine.id)
        ).all()
    by_sale: dict[int, list[tuple[int, int]]] = {}
    for line_id, sale_id, quantity in sold:
        by_sale.setdefault(sale_id, []).append((line_id, quantity))
    sale_ids = sorted(by_sale)
    for index, sale_id in enumerate(sale_ids):
        if index % 3:
            continue
        receipt_no = receipts[index]
        lines_of_sale = by_sale[sale_id]
        first_id, first_quantity = lines_of_sale[0]
        plan = [[RefundLineRequest(first_id, 1)]]  # part of a line (or all of a one-unit line)
        if first_quantity > 1 and index % 2:
            plan.append([RefundLineRequest(first_id, first_quantity - 1)])  # the rest of it
        if len(lines_of_sale) > 1 and index % 4 == 0:
            second_id, second_quantity = lines_of_sale[1]
            plan.append([RefundLineRequest(second_id, second_quantity)])  # another whole line
        for requests in plan:
            refund_sale(
                db,
                receipt_no,
                requests,
                method=rng.choice(("cash", "qris", "transfer")),
                actor=staff.supervisor,
                till_code="BPN1",
                request_key=str(uuid.uuid4()),
                reason="rusak",
                reference="R-REF",
            )
            refunds += 1
    return Varied(event_id, int(second_event_id), tuple(receipts), refunds)
