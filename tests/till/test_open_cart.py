"""The open cart on disk: written after each change, claimed at the next start, parked once
somebody logs in, never both sold and parked, never deleted when it cannot be read."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import ParkedSale, Sale
from bazaar_pos.errors import LoginRequired
from bazaar_pos.people.audit import list_audit
from bazaar_pos.startup import Till
from bazaar_pos.till import open_cart
from bazaar_pos.till.cart import Cart
from bazaar_pos.till.parking import list_parked, resume_parked
from bazaar_pos.till.sales import PaymentRequest, commit_sale, lines_from_cart
from tests.conftest import Staff

TALENAN = "2003000000030"  # Rp 45.000
BESEK = "2002000000019"  # Rp 125
T0 = dt.datetime(2026, 4, 27, 3, 0, tzinfo=dt.UTC)


def cart_of(db: Database, *items: tuple[str, int]) -> Cart:
    cart = Cart()
    for code, quantity in items:
        cart.add(find_by_code(db, code), quantity)
    return cart


def parked_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(ParkedSale)) or 0


def sold(db: Database, sale_uuid: str) -> bool:
    with db.read() as session:
        return session.scalar(select(Sale.id).where(Sale.uuid == sale_uuid)) is not None


def test_the_cart_is_written_private_and_read_back(till: Till) -> None:
    cart = cart_of(till.db, (TALENAN, 2), (BESEK, 1600))
    cart.set_line_discount(0, 5_000)
    open_cart.save_open_cart(till.data_dir, cart, till_code="BPN1", cashier="Siti", now=T0)
    path = open_cart.open_cart_path(till.data_dir)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = open_cart.parse_saved_cart(path.read_bytes())
    assert saved.sale_uuid == cart.sale_uuid
    assert (saved.cashier, saved.till_code, saved.saved_at) == ("Siti", "BPN1", T0)
    assert (saved.total, saved.line_count) == (cart.total, 2) == (285_000, 2)
    assert "approval" not in path.read_text(encoding="utf-8")
    assert saved.price_changes == 1  # the discount, whose approval is asked again at payment


def test_the_saved_cart_counts_its_discounts_and_price_changes(till: Till) -> None:
    cart = cart_of(till.db, (TALENAN, 1), (BESEK, 10))
    saved = open_cart.parse_saved_cart(saved_bytes(cart))
    assert saved.price_changes == 0
    cart.set_line_discount(1, 250)
    cart.override_price(0, 40_000)
    cart.set_sale_discount(1_000)
    assert open_cart.parse_saved_cart(saved_bytes(cart)).price_changes == 3


def saved_bytes(cart: Cart) -> bytes:
    return open_cart.saved_cart_bytes(cart, till_code="BPN1", cashier="Siti", now=T0)


def test_an_empty_cart_removes_the_file(till: Till) -> None:
    cart = cart_of(till.db, (TALENAN, 1))
    open_cart.save_open_cart(till.data_dir, cart, till_code="BPN1", cashier="Siti")
    cart.clear()
    open_cart.save_open_cart(till.data_dir, cart, till_code="BPN1", cashier="Siti")
    assert not open_cart.open_cart_path(till.data_dir).exists()


def test_a_cleared_cart_will_be_another_sale(till: Till) -> None:
    cart = cart_of(till.db, (TALENAN, 1))
    first = cart.sale_uuid
    cart.clear()
    assert cart.sale_uuid != first


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"format": 1, "sale_uuid": "x", "cart": {"lines": []}}',
        b"\xff\xfe not utf-8",
        b'{"format": 2}',
        b'{"format": 1, "sale_uuid": "6b0c3f2e-4c1b-4d8e-9a55-3f5a1c2b7d10", '
        b'"saved_at": "2026-04-27T03:00:00+00:00", "cart": {"lines": [{"product_id": 1, '
        b'"quantity": "2", "list_price": 1, "unit_price": 1, "line_discount": 0}]}}',
    ],
    ids=["empty", "bad uuid", "not utf-8", "unknown format", "quantity as text"],
)
def test_a_file_that_is_not_a_cart_is_refused_by_the_reader(content: bytes) -> None:
    with pytest.raises(ValueError):
        open_cart.parse_saved_cart(content)


def test_the_next_start_moves_the_file_aside_and_removes_only_its_own_temporaries(
    till: Till,
) -> None:
    cart = cart_of(till.db, (TALENAN, 1))
    open_cart.save_open_cart(till.data_dir, cart, till_code="BPN1", cashier="Siti")
    stray = till.data_dir / ".open-cart.json.0123456789ab.tmp"  # a writer killed mid-way
    stray.write_bytes(b'{"form')
    other = till.data_dir / ".bazaar.id.0123456789ab.tmp"  # somebody else's, maybe in use
    other.write_bytes(b"x")
    leftovers = open_cart.claim_leftovers(till.data_dir, now=T0)
    assert [p.name.endswith(".leftover.json") for p in leftovers] == [True]
    assert not open_cart.open_cart_path(till.data_dir).exists()
    assert not stray.exists() and other.exists()
    # A second start before anybody logged in finds the same leftover, and no other.
    assert open_cart.claim_leftovers(till.data_dir) == leftovers


def leftover_of(till: Till, cart: Cart) -> Path:
    open_cart.save_open_cart(till.data_dir, cart, till_code="BPN1", cashier="Siti", now=T0)
    (path,) = open_cart.claim_leftovers(till.data_dir)
    return path


def test_a_leftover_cart_is_parked_under_who_logged_in_and_logged(
    till: Till, staff: Staff, shift: int
) -> None:
    cart = cart_of(till.db, (TALENAN, 2), (BESEK, 10))
    path = leftover_of(till, cart)
    result = open_cart.recover_leftover(
        till.db, path, actor=staff.supervisor, till_code="BPN1", label="Dipulihkan"
    )
    assert result.outcome is open_cart.Recovery.PARKED
    assert not path.exists()
    (parked,) = list_parked(till.db, "BPN1", actor=staff.cashier)
    assert (parked.label, parked.total, parked.line_count) == ("Dipulihkan", 91_250, 2)
    assert parked.parked_by == "Bu Ratna (Kasubsi)"
    (entry,) = list_audit(till.db, actions=["sale_recovered"])
    assert entry.subject == cart.sale_uuid
    assert entry.user_name == "Bu Ratna (Kasubsi)" and entry.amount == 91_250
    assert "dibuka oleh Siti" in entry.detail and "x10" in entry.detail
    resumed = resume_parked(till.db, parked.uuid, actor=staff.cashier, till_code="BPN1")
    assert [(line.product.sku, line.quantity) for line in resumed.lines] == [
        (line.product.sku, line.quantity) for line in cart.lines
    ]


def test_a_cart_sold_before_the_till_stopped_is_not_parked(
    till: Till, staff: Staff, shift: int
) -> None:
    cart = cart_of(till.db, (TALENAN, 1))
    path = leftover_of(till, cart)  # the till stopped between the commit and the removal
    commit_sale(
        till.db,
        lines_from_cart(cart),
        PaymentRequest("cash", 45_000),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=None,
        sale_uuid=cart.sale_uuid,
    )
    result = open_cart.recover_leftover(
        till.db, path, actor=staff.cashier, till_code="BPN1", label="Dipulihkan"
    )
    assert result.outcome is open_cart.Recovery.ALREADY_SOLD
    assert parked_count(till.db) == 0 and not path.exists()
    assert not list_audit(till.db, actions=["sale_recovered"])


def test_a_cart_is_sold_once_even_when_its_commit_is_repeated(
    till: Till, staff: Staff, shift: int
) -> None:
    cart = cart_of(till.db, (TALENAN, 1))

    def pay() -> None:
        commit_sale(
            till.db,
            lines_from_cart(cart),
            PaymentRequest("cash", 45_000),
            cashier=staff.cashier,
            till_code="BPN1",
            event_id=None,
            sale_uuid=cart.sale_uuid,
        )

    pay()
    with pytest.raises(IntegrityError):
        pay()
    assert sold(till.db, cart.sale_uuid)
    with till.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 1


def test_a_refused_recovery_keeps_the_leftover_for_the_next_login(till: Till, staff: Staff) -> None:
    path = leftover_of(till, cart_of(till.db, (TALENAN, 1)))
    with pytest.raises(LoginRequired):  # nobody logged in, on a till with accounts
        open_cart.recover_leftover(till.db, path, actor=None, till_code="BPN1", label="x")
    assert path.exists() and parked_count(till.db) == 0


def test_an_unreadable_leftover_is_kept_for_an_admin_never_deleted(
    till: Till, staff: Staff
) -> None:
    path = leftover_of(till, cart_of(till.db, (TALENAN, 1)))
    path.write_bytes(b"\x00" * 64)  # a disk error
    result = open_cart.recover_leftover(
        till.db, path, actor=staff.cashier, till_code="BPN1", label="x"
    )
    assert result.outcome is open_cart.Recovery.UNREADABLE
    assert result.path.name.endswith(".damaged.json")
    assert result.path.read_bytes() == b"\x00" * 64
    assert parked_count(till.db) == 0
    assert open_cart.claim_leftovers(till.data_dir) == []  # not offered again


def test_the_saved_file_is_the_cart_as_parking_stores_it(till: Till) -> None:
    cart = cart_of(till.db, (BESEK, 3))
    data = open_cart.saved_cart_bytes(cart, till_code="BPN1", cashier="", now=T0)
    document = json.loads(data)
    assert document["cart"]["lines"][0]["quantity"] == 3
    assert document["sale_uuid"] == cart.sale_uuid
