"""The till: selling, parking, cancelling, reprints, looking up sales and refunds.

(``parking.resume_parked`` needs a parked sale the world does not have: its check is in
``tests/till/test_parking.py``.)
"""

from __future__ import annotations

import uuid

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db.models import PaymentMethod
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.till import parking
from bazaar_pos.till.cart import Cart
from bazaar_pos.till.refunds import (
    RefundLineRequest,
    list_refunds,
    refund_sale,
    refundable_sale,
)
from bazaar_pos.till.sales import (
    PaymentRequest,
    commit_sale,
    lines_from_cart,
    receipt_copy,
    recent_sales,
)
from tests.permissions.world import Case, World

BESEK = "BNA-BES-001"


def _cart(world: World) -> Cart:
    cart = Cart()
    cart.add(find_by_code(world.db, BESEK), 2)
    return cart


def _sell(world: World, actor: Actor) -> object:
    return commit_sale(
        world.db,
        lines_from_cart(_cart(world)),
        PaymentRequest(PaymentMethod.CASH),
        cashier=actor,
        till_code="BPN1",
        event_id=None,
    )


def _park(world: World, actor: Actor) -> object:
    return parking.park_sale(world.db, _cart(world), till_code="BPN1", actor=actor)


def _list_parked(world: World, actor: Actor) -> object:
    return parking.list_parked(world.db, "BPN1", actor=actor)


def _cancel(world: World, actor: Actor) -> object:
    return parking.cancel_sale(world.db, _cart(world), actor=actor, till_code="BPN1")


def _reprint(world: World, actor: Actor) -> object:
    return receipt_copy(world.db, world.receipt_no, actor=actor, till_code="BPN1")


def _recent(world: World, actor: Actor) -> object:
    return recent_sales(world.db, actor=actor)


def _look_up(world: World, actor: Actor) -> object:
    return refundable_sale(world.db, world.receipt_no, actor=actor)


def _list_refunds(world: World, actor: Actor) -> object:
    return list_refunds(world.db, world.receipt_no, actor=actor)


def _refund(world: World, actor: Actor) -> object:
    sale = refundable_sale(world.db, world.receipt_no, actor=world.supervisor)
    return refund_sale(
        world.db,
        world.receipt_no,
        [RefundLineRequest(sale.lines[0].sale_line_id, 1)],
        method=PaymentMethod.CASH,
        actor=actor,
        till_code="BPN1",
        request_key=str(uuid.uuid4()),
        reason="retak",
    )


def _void(world: World, actor: Actor) -> object:
    cart = _cart(world)
    return parking.void_line(world.db, cart.lines[0], 1, actor=actor, till_code="BPN1")


CASES = [
    Case(Action.VOID_LINE, "till.parking.void_line", _void),
    Case(Action.SELL, "till.sales.commit_sale", _sell),
    Case(Action.SELL, "till.parking.park_sale", _park),
    Case(Action.SELL, "till.parking.list_parked", _list_parked),
    Case(Action.CANCEL_SALE, "till.parking.cancel_sale", _cancel),
    Case(Action.REPRINT_RECEIPT, "till.sales.receipt_copy", _reprint),
    Case(Action.VIEW_SALES, "till.sales.recent_sales", _recent),
    Case(Action.VIEW_SALES, "till.refunds.refundable_sale", _look_up),
    Case(Action.VIEW_SALES, "till.refunds.list_refunds", _list_refunds),
    Case(Action.REFUND, "till.refunds.refund_sale", _refund),
]
