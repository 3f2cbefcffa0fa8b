"""Which sale a receipt number names, where two laptops printed the same number.

Two laptops set up with the same till code both print ``BPN1-000001``; merged into one
database, both sales stay, told apart by device (``Sale.till_id``). A number typed or scanned
names:

- the one sale with that number, when there is one;
- at a till, the sale this device rang up: the receipt in a customer's hand at this till is
  almost always its own (the other laptop's customer goes to that laptop);
- otherwise (the office, which rang up neither) nothing is guessed: :class:`ReceiptAmbiguous`
  lists each device with the receipt's time, total and institutions, as a supervisor compares
  them with the paper, and the number typed with the device's short id
  (``BPN1-000001@3f2a9c1d``) names one.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db.identity import SHORT_DEVICE, short_device
from bazaar_pos.db.models import Institution, Sale, SaleLine, TillKey
from bazaar_pos.errors import ReceiptAmbiguous, ReceiptChoice, ReceiptNotFound

DEVICE_MARK = "@"  # BPN1-000001@3f2a9c1d: the receipt number, then the device


def split_receipt_no(text: str) -> tuple[str, str]:
    """(receipt number as printed, device prefix or "") of what was typed or scanned."""
    number, _, device = text.strip().partition(DEVICE_MARK)
    return number.strip().upper(), device.strip().lower()


def sale_id_for_receipt(session: Session, text: str) -> int:
    """The id of the sale ``text`` names (see the module's rule); :class:`ReceiptNotFound`
    or :class:`ReceiptAmbiguous`."""
    receipt_no, device = split_receipt_no(text)
    rows = session.execute(
        select(Sale.id, Sale.till_id).where(Sale.receipt_no == receipt_no).order_by(Sale.id)
    ).all()
    if device:
        rows = [row for row in rows if row.till_id.startswith(device)]
    if len(rows) == 1:
        return int(rows[0].id)
    if not rows:
        raise ReceiptNotFound(text.strip().upper() if device else receipt_no)
    if not device:
        # read, never made here: a look-up may run in a read-only session
        here = session.scalar(select(TillKey.till_id).where(TillKey.own.is_(True)))
        own = [row for row in rows if row.till_id == here]
        if len(own) == 1:
            return int(own[0].id)
    raise ReceiptAmbiguous(receipt_no, _choices(session, [int(row.id) for row in rows]))


def _choices(session: Session, sale_ids: list[int]) -> tuple[ReceiptChoice, ...]:
    institutions: dict[int, list[str]] = {}
    for sale_id, name in session.execute(
        select(SaleLine.sale_id, Institution.name)
        .join(Institution, Institution.id == SaleLine.institution_id)
        .where(SaleLine.sale_id.in_(sale_ids))
        .order_by(SaleLine.sale_id, SaleLine.line_no)
    ):
        names = institutions.setdefault(sale_id, [])
        if name not in names:
            names.append(name)
    return tuple(
        ReceiptChoice(
            # a device prefix long enough to name one of these sales (the short id, longer
            # only if two devices share it)
            _prefix(sale.till_id, [s.till_id for s in sales if s is not sale]),
            sale.created_at.strftime("%Y-%m-%d %H:%M"),
            sale.total,
            tuple(institutions.get(sale.id, ())),
        )
        for sales in [list(session.scalars(select(Sale).where(Sale.id.in_(sale_ids))))]
        for sale in sorted(sales, key=lambda s: s.id)
    )


def _prefix(device: str, others: list[str]) -> str:
    length = SHORT_DEVICE
    while length < len(device) and any(other.startswith(device[:length]) for other in others):
        length += 4
    return device[:length] if length > SHORT_DEVICE else short_device(device)
