"""A hand-built set of sales for the report tests, with every figure worked out by hand.

Three sales on till BPN1 of the demo event, at fixed times (Asia/Makassar, WITA = UTC+8):

- S1 2026-04-27 09:15 WITA, cashier Siti: 2 x Talenan at Rp 45.000 less a line discount of
  Rp 5.000 (Rp 85.000) + 10 x Besek at Rp 125 (Rp 1.250); cash, Rp 100.000 tendered.
  Total Rp 86.250.
- S2 2026-04-27 14:40 WITA, cashier Siti: 1 x Talenan (Rp 45.000) + 3 x Kopi hitam
  (Rp 24.000), sale discount Rp 3.000 spread 1.957 / 1.043 -> Rp 43.043 + Rp 22.957;
  split: Rp 20.000 by QRIS, Rp 46.000 cash. Total Rp 66.000.
- S3 2026-04-28 07:50 WITA (= 2026-04-27 23:50 UTC), supervisor Bu Ratna: 100 x Besek
  (Rp 12.500) by transfer.
- Refund of 1 Talenan of S1 (Rp 42.500, its share of the discounted line) in cash, made on
  2026-04-28: it still counts against S1's hour and day.

Besek is set to have no workshop and no category before the sales, for the "(tanpa
bengkel)" / "(tanpa kategori)" rows.

Totals: gross 164.750, refunds 42.500, net 122.250, discounts 8.000, 3 receipts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import Product, Sale
from bazaar_pos.people.access import Actor
from bazaar_pos.settings import load_settings
from bazaar_pos.till.refunds import RefundLineRequest, refund_sale, refundable_sale
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.conftest import Staff

WITA = ZoneInfo("Asia/Makassar")
TALENAN = "2003000000030"  # BLA-KYU-001, Rp 45.000, BLA / Kerajinan kayu
BESEK = "2002000000019"  # BNA-BES-001, Rp 125, BNA (workshop and category cleared here)
KOPI_HITAM = "2001000000098"  # BPN-KAF-001, Rp 8.000, BPN / Kafe asimilasi, not tracked

S1_AT = dt.datetime(2026, 4, 27, 9, 15, tzinfo=WITA)
S2_AT = dt.datetime(2026, 4, 27, 14, 40, tzinfo=WITA)
S3_AT = dt.datetime(2026, 4, 28, 7, 50, tzinfo=WITA)


@dataclass(frozen=True)
class Scenario:
    event_id: int
    receipts: tuple[str, str, str]
    reader: Actor  # a supervisor, who may read the reports


def _at(db: Database, receipt_no: str, moment: dt.datetime) -> None:
    with db.write() as session:
        session.execute(update(Sale).where(Sale.receipt_no == receipt_no).values(created_at=moment))


def build_sales(db: Database, staff: Staff) -> Scenario:
    """Ring up S1-S3 and the refund (needs the ``shift`` fixture: an open shift on BPN1)."""
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    talenan, besek, kopi = (find_by_code(db, code) for code in (TALENAN, BESEK, KOPI_HITAM))
    with db.write() as session:
        session.execute(
            update(Product).where(Product.id == besek.id).values(workshop_id=None, category="")
        )
    s1 = commit_sale(
        db,
        [
            SaleLineRequest(talenan.id, 2, talenan.price, line_discount=5_000),
            SaleLineRequest(besek.id, 10, besek.price),
        ],
        PaymentRequest("cash", tendered=100_000),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=event_id,
    )
    s2 = commit_sale(
        db,
        [SaleLineRequest(talenan.id, 1, talenan.price), SaleLineRequest(kopi.id, 3, kopi.price)],
        [PaymentRequest("qris", amount=20_000, reference="QR-1"), PaymentRequest("cash", 50_000)],
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=event_id,
        sale_discount=3_000,
    )
    s3 = commit_sale(
        db,
        [SaleLineRequest(besek.id, 100, besek.price)],
        PaymentRequest("transfer", reference="TRF-9"),
        cashier=staff.supervisor,
        till_code="BPN1",
        event_id=event_id,
    )
    for receipt_no, moment in (
        (s1.receipt_no, S1_AT),
        (s2.receipt_no, S2_AT),
        (s3.receipt_no, S3_AT),
    ):
        _at(db, receipt_no, moment)
    talenan_line = refundable_sale(db, s1.receipt_no, actor=staff.supervisor).lines[0]
    assert talenan_line.sku == "BLA-KYU-001"
    refund_sale(
        db,
        s1.receipt_no,
        [RefundLineRequest(talenan_line.sale_line_id, 1)],
        method="cash",
        actor=staff.supervisor,
        till_code="BPN1",
        request_key=str(uuid.uuid4()),
        reason="retak",
        now=dt.datetime(2026, 4, 28, 10, 0, tzinfo=WITA),
    )
    return Scenario(event_id, (s1.receipt_no, s2.receipt_no, s3.receipt_no), staff.supervisor)


def post_blora_closing_count(db: Database, actor: Actor, event_id: int) -> int:
    """A posted closing count of Rutan Blora's goods: Talenan counted one short of what the
    ledger expects, everything else left uncounted. Returns Talenan's expected figure."""
    from bazaar_pos.db.models import CountKind
    from bazaar_pos.stock.counts import count_sheet, post_count, set_counted, start_count

    blora = find_by_code(db, TALENAN)
    with db.read() as session:
        institution_id = session.scalar(
            select(Product.institution_id).where(Product.id == blora.id)
        )
    info = start_count(db, actor, event_id, CountKind.CLOSING, institution_id=institution_id)
    line = next(
        line for line in count_sheet(db, actor, info.id).lines if line.product_id == blora.id
    )
    assert line.expected is not None
    set_counted(db, actor, info.id, blora.id, line.expected - 1)
    post_count(db, actor, info.id)
    return line.expected
