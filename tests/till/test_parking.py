"""Parked (held) sales, cancelled carts and voided lines: each kept or logged with who did it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, update

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import ParkedSale, Product
from bazaar_pos.errors import (
    EmptyCart,
    InvalidVoid,
    LoginRequired,
    ParkedProductUnavailable,
    ParkedSaleNotFound,
)
from bazaar_pos.people.access import (
    Actor,
    Approval,
    ApprovalAction,
    ApprovalProblem,
    ApprovalRefused,
    NotLoggedIn,
    NotPermitted,
)
from bazaar_pos.people.audit import AuditRecord, list_audit
from bazaar_pos.people.users import approve
from bazaar_pos.till.cart import Cart
from bazaar_pos.till.parking import cancel_sale, list_parked, park_sale, resume_parked, void_line
from bazaar_pos.till.pricing import ApprovalNeed, missing_approvals
from bazaar_pos.till.sales import PaymentRequest, commit_sale, lines_from_cart, receipt_for
from tests.conftest import Staff

TALENAN = "2003000000030"  # Rp 45.000, 25 on hand
BESEK = "2002000000019"  # Rp 125
KOPI_HITAM = "2001000000098"  # Rp 8.000, untracked
T0 = dt.datetime(2026, 4, 27, 3, 0, tzinfo=dt.UTC)


def cart_of(db: Database, *items: tuple[str, int]) -> Cart:
    cart = Cart()
    for code, quantity in items:
        cart.add(find_by_code(db, code), quantity)
    return cart


def audit_rows(db: Database, *actions: str) -> list[AuditRecord]:
    return list(reversed(list_audit(db, actions=actions)))


def parked_rows(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(ParkedSale)) or 0


def approve_for(db: Database, staff: Staff, need: ApprovalNeed) -> Approval:
    """The supervisor approves exactly what the cart still needs."""
    return approve(
        db,
        "spv",
        staff.pins["spv"],
        action=need.action,
        subject=need.subject,
        amount=need.amount,
        till_code="BPN1",
        requested_by=staff.cashier,
    )


def test_park_and_resume_round_trip(db: Database, staff: Staff, shift: int) -> None:
    cart = cart_of(db, (TALENAN, 2), (BESEK, 1600), (KOPI_HITAM, 3))
    approval = approve(
        db, "spv", staff.pins["spv"], action=ApprovalAction.PRICE_OVERRIDE,
        subject=cart.lines[0].subject, amount=10_000, till_code="BPN1",
        requested_by=staff.cashier,
    )  # fmt: skip
    cart.override_price(0, 40_000, approval)
    cart.set_line_discount(2, 2_400)
    cart.set_sale_discount(5_000)
    info = park_sale(
        db, cart, till_code="BPN1", actor=staff.cashier, label=" ibu baju merah ", now=T0
    )
    assert (info.till_code, info.parked_by, info.label) == ("BPN1", "Siti Aminah", "ibu baju merah")
    assert (info.total, info.line_count, info.parked_at) == (
        80_000 + 200_000 + 21_600 - 5_000,
        3,
        T0,
    )
    assert list_parked(db, "BPN1", actor=staff.cashier) == [info]
    assert list_parked(db, "BNA2", actor=staff.cashier) == []
    with db.read() as session:
        text = session.scalars(select(ParkedSale.cart_json)).one()
    stored = json.loads(text)
    # Nothing of the approval is stored: not its secret, not even its grant.
    assert approval.secret not in text and approval.grant_uuid not in text
    assert "approval" not in stored and "approval" not in stored["lines"][0]
    assert [item["product_id"] for item in stored["lines"]] == [
        line.product.id for line in cart.lines
    ]

    resumed = resume_parked(db, info.uuid, actor=staff.cashier, till_code="BPN1")
    assert [
        (line.product.sku, line.quantity, line.unit_price, line.line_discount)
        for line in resumed.lines
    ] == [
        (line.product.sku, line.quantity, line.unit_price, line.line_discount)
        for line in cart.lines
    ]
    # The cart comes back without approvals, its lines under new keys.
    assert [line.approval for line in resumed.lines] == [None, None, None]
    assert {line.key for line in resumed.lines}.isdisjoint(line.key for line in cart.lines)
    assert (resumed.sale_discount, resumed.total) == (5_000, cart.total)
    assert resumed.lines[0].product == find_by_code(db, TALENAN)  # the catalog of now
    assert list_parked(db, "BPN1", actor=staff.cashier) == []
    assert [e.action for e in audit_rows(db, "sale_parked", "sale_resumed")] == [
        "sale_parked",
        "sale_resumed",
    ]
    parked, resumed_entry = audit_rows(db, "sale_parked", "sale_resumed")
    assert (parked.subject, parked.amount, parked.user_name) == (
        "ibu baju merah",
        info.total,
        "Siti Aminah",
    )
    assert "Talenan kayu jati x2 Rp 80.000" in parked.detail
    assert resumed_entry.amount == info.total

    def pay() -> str:
        return commit_sale(
            db,
            lines_from_cart(resumed),
            PaymentRequest("cash", tendered=300_000),
            cashier=staff.cashier,
            till_code="BPN1",
            event_id=None,
            sale_discount=resumed.sale_discount,
            cart_key=resumed.key,
        ).receipt_no

    # The override must be approved again: the approval given before parking is refused.
    with pytest.raises(NotPermitted):
        pay()
    resumed.lines[0].approval = approval
    with pytest.raises(ApprovalRefused) as refused:
        pay()
    assert refused.value.problem is ApprovalProblem.OTHER_SUBJECT
    (need,) = missing_approvals(resumed, staff.cashier.role)
    assert (need.action, need.amount, need.line_index) == (ApprovalAction.PRICE_OVERRIDE, 10_000, 0)
    resumed.lines[0].approval = approve_for(db, staff, need)
    assert missing_approvals(resumed, staff.cashier.role) == []
    receipt_no = pay()
    assert receipt_for(db, receipt_no, actor=staff.cashier).total == info.total
    with pytest.raises(ParkedSaleNotFound):
        resume_parked(db, info.uuid, actor=staff.cashier, till_code="BPN1")


def test_several_parked_sales_per_till(db: Database, staff: Staff) -> None:
    first = park_sale(db, cart_of(db, (TALENAN, 1)), till_code="BPN1", actor=staff.cashier, now=T0)
    second = park_sale(
        db,
        cart_of(db, (BESEK, 10)),
        till_code="BPN1",
        actor=staff.cashier,
        label="bapak topi",
        now=T0 + dt.timedelta(minutes=3),
    )
    other = park_sale(db, cart_of(db, (BESEK, 1)), till_code="BNA2", actor=staff.cashier)
    assert [p.uuid for p in list_parked(db, "BPN1", actor=staff.cashier)] == [
        first.uuid,
        second.uuid,
    ]
    assert [p.uuid for p in list_parked(db, "BNA2", actor=staff.cashier)] == [other.uuid]
    # Another till's parked sale is not resumed here.
    with pytest.raises(ParkedSaleNotFound):
        resume_parked(db, other.uuid, actor=staff.cashier, till_code="BPN1")
    cart = resume_parked(db, second.uuid, actor=staff.supervisor, till_code="BPN1")
    assert [(line.product.sku, line.quantity) for line in cart.lines] == [("BNA-BES-001", 10)]
    assert [p.uuid for p in list_parked(db, "BPN1", actor=staff.cashier)] == [first.uuid]


def test_archived_product_keeps_the_parked_sale(db: Database, staff: Staff) -> None:
    info = park_sale(
        db, cart_of(db, (BESEK, 5), (TALENAN, 1)), till_code="BPN1", actor=staff.cashier
    )
    talenan = find_by_code(db, TALENAN)
    with db.write() as session:
        session.execute(update(Product).where(Product.id == talenan.id).values(active=False))
    with pytest.raises(ParkedProductUnavailable) as caught:
        resume_parked(db, info.uuid, actor=staff.cashier, till_code="BPN1")
    assert (caught.value.product_id, caught.value.name) == (talenan.id, "Talenan kayu jati")
    assert list_parked(db, "BPN1", actor=staff.cashier) == [info]
    assert audit_rows(db, "sale_resumed") == []


def test_a_line_at_list_price_resumes_at_the_new_catalog_price(db: Database, staff: Staff) -> None:
    info = park_sale(db, cart_of(db, (TALENAN, 2)), till_code="BPN1", actor=staff.cashier)
    with db.write() as session:
        session.execute(update(Product).where(Product.sku == "BLA-KYU-001").values(price=50_000))
    cart = resume_parked(db, info.uuid, actor=staff.cashier, till_code="BPN1")
    assert (cart.lines[0].unit_price, cart.lines[0].price_overridden, cart.total) == (
        50_000,
        False,
        100_000,
    )


def test_empty_cart_is_not_parked_or_cancelled(db: Database, staff: Staff) -> None:
    with pytest.raises(EmptyCart):
        park_sale(db, Cart(), till_code="BPN1", actor=staff.cashier)
    with pytest.raises(EmptyCart):
        cancel_sale(db, Cart(), actor=staff.cashier, till_code="BPN1")
    assert parked_rows(db) == 0
    assert audit_rows(db, "sale_parked", "sale_cancelled") == []


def test_parking_needs_a_login_once_there_are_users(db: Database, staff: Staff) -> None:
    with pytest.raises(LoginRequired):
        park_sale(db, cart_of(db, (BESEK, 1)), till_code="BPN1", actor=None)
    assert parked_rows(db) == 0


def test_resuming_is_for_a_live_login_only(db: Database, staff: Staff) -> None:
    info = park_sale(db, cart_of(db, (BESEK, 1)), till_code="BPN1", actor=staff.cashier)
    forged = Actor(staff.admin.user_id, "admin", "Admin Rutan", "admin")
    with pytest.raises(NotLoggedIn):
        resume_parked(db, info.uuid, actor=forged, till_code="BPN1")
    with pytest.raises(NotLoggedIn):
        list_parked(db, "BPN1", actor=forged)
    assert parked_rows(db) == 1
    assert audit_rows(db, "sale_resumed") == []


def test_parking_on_a_till_without_users(db: Database) -> None:
    info = park_sale(db, cart_of(db, (BESEK, 1)), till_code="BPN1", actor=None)
    assert info.parked_by == ""
    assert resume_parked(db, info.uuid, actor=None, till_code="BPN1").total == 125


def test_cancel_is_logged_with_the_lines(db: Database, staff: Staff) -> None:
    cart = cart_of(db, (TALENAN, 2), (KOPI_HITAM, 1))
    cancel_sale(db, cart, actor=staff.cashier, till_code="BPN1", reason="pembeli batal")
    (entry,) = audit_rows(db, "sale_cancelled")
    assert (entry.user_name, entry.amount, entry.subject, entry.till_code) == (
        "Siti Aminah",
        98_000,
        "2 baris",
        "BPN1",
    )
    assert entry.detail == (
        "pembeli batal — Talenan kayu jati x2 Rp 90.000; Kopi hitam x1 Rp 8.000"
    )
    assert len(cart.lines) == 2  # the caller clears the cart


def test_void_needs_a_supervisor(db: Database, staff: Staff) -> None:
    cart = cart_of(db, (TALENAN, 3))
    line = cart.lines[0]
    with pytest.raises(NotPermitted) as caught:
        void_line(db, line, 1, actor=staff.cashier, till_code="BPN1")
    assert (caught.value.action, caught.value.needed, caught.value.role) == (
        "line_void",
        "supervisor",
        "cashier",
    )
    assert audit_rows(db, "line_void") == []

    approval = approve(
        db, "spv", staff.pins["spv"], action=ApprovalAction.LINE_VOID, subject=line.subject,
        amount=45_000, till_code="BPN1", requested_by=staff.cashier,
    )  # fmt: skip
    # Bound to one unit of this line: not two units, not another line, and only once.
    with pytest.raises(ApprovalRefused) as refused:
        void_line(db, line, 2, actor=staff.cashier, till_code="BPN1", approval=approval)
    assert refused.value.problem is ApprovalProblem.OTHER_AMOUNT
    other = cart_of(db, (TALENAN, 3)).lines[0]
    with pytest.raises(ApprovalRefused) as refused:
        void_line(db, other, 1, actor=staff.cashier, till_code="BPN1", approval=approval)
    assert refused.value.problem is ApprovalProblem.OTHER_SUBJECT
    void_line(db, line, 1, actor=staff.cashier, till_code="BPN1", approval=approval)
    with pytest.raises(ApprovalRefused) as refused:
        void_line(db, line, 1, actor=staff.cashier, till_code="BPN1", approval=approval)
    assert refused.value.problem is ApprovalProblem.USED
    void_line(db, line, 3, actor=staff.supervisor, till_code="BPN1")
    entries = audit_rows(db, "line_void")
    assert [(e.user_name, e.approved_by, e.amount, e.subject, e.detail) for e in entries] == [
        (
            "Siti Aminah",
            "Bu Ratna (Kasubsi)",
            45_000,
            "BLA-KYU-001",
            "Talenan kayu jati: 1 dari 3 x Rp 45.000",
        ),
        (
            "Bu Ratna (Kasubsi)",
            "Bu Ratna (Kasubsi)",
            135_000,
            "BLA-KYU-001",
            "Talenan kayu jati: 3 dari 3 x Rp 45.000",
        ),
    ]


@pytest.mark.parametrize("quantity", [0, 4, -1])
def test_void_of_a_wrong_quantity(db: Database, staff: Staff, quantity: int) -> None:
    line = cart_of(db, (TALENAN, 3)).lines[0]
    with pytest.raises(InvalidVoid) as caught:
        void_line(db, line, quantity, actor=staff.supervisor, till_code="BPN1")
    assert (caught.value.quantity, caught.value.on_line) == (quantity, 3)
    assert audit_rows(db, "line_void") == []
