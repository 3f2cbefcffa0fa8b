"""The stock ledger: arrivals, damage with a reason, reversals, and a ledger that only grows."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, text

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import CountKind, Institution, MovementKind, Product, StockMovement
from bazaar_pos.settings import load_settings
from bazaar_pos.stock.counts import post_count, set_counted, start_count
from bazaar_pos.stock.ledger import (
    MAX_MOVEMENT_QUANTITY,
    InvalidStockChange,
    list_movements,
    record_arrivals,
    record_damage,
    reverse_movement,
    stock_on_hand,
)
from bazaar_pos.stock.returns import return_to_institution
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.conftest import Staff

TALENAN = "2003000000030"  # Talenan kayu jati, BLA, Rp 45.000, 25 arrived in the demo
BESEK = "2002000000019"  # Besek bambu kecil, BNA, Rp 125, 2,000 arrived
KOPI_HITAM = "2001000000098"  # café drink, not tracked
RAK_SEPATU = "BLA-KYU-005"  # Rak sepatu kayu, BLA, Rp 275.000, 4 arrived


def event_id(db: Database) -> int:
    current = load_settings(db).current_event_id
    assert current is not None
    return current


def pid(db: Database, code: str) -> int:
    return find_by_code(db, code).id


def institution_id(db: Database, code: str) -> int:
    with db.read() as session:
        found = session.scalar(select(Institution.id).where(Institution.code == code))
    assert found is not None
    return found


def movement_rows(db: Database) -> list[tuple[Any, ...]]:
    """Every column of every ledger row, in id order (to prove old rows never change)."""
    with db.read() as session:
        return [
            tuple(row) for row in session.execute(text("SELECT * FROM stock_movements ORDER BY id"))
        ]


def movement_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(StockMovement)) or 0)


def sell(db: Database, product_id: int, quantity: int, price: int) -> None:
    commit_sale(
        db,
        [SaleLineRequest(product_id, quantity, price)],
        PaymentRequest("cash"),
        cashier="Siti Rahmawati",
        till_code="BPN1",
        event_id=event_id(db),
    )


# --- arrivals ---------------------------------------------------------------------------------


def test_arrivals_of_several_products_are_one_delivery(db: Database, staff: Staff) -> None:
    talenan, besek = pid(db, TALENAN), pid(db, BESEK)
    written = record_arrivals(
        db, staff.supervisor, event_id(db), {talenan: 5, besek: 1600}, note="  Surat jalan 12  "
    )
    assert written == 2
    assert stock_on_hand(db, talenan) == 30
    assert stock_on_hand(db, besek) == 3600
    arrivals = list_movements(db, staff.supervisor, kinds=[MovementKind.ARRIVAL], limit=2)
    assert {(m.product_id, m.quantity) for m in arrivals} == {(talenan, 5), (besek, 1600)}
    assert {m.note for m in arrivals} == {"Surat jalan 12"}
    assert {m.recorded_by for m in arrivals} == {"Bu Ratna (Kasubsi)"}  # from the login
    assert {m.event_id for m in arrivals} == {event_id(db)}
    assert len({m.created_at for m in arrivals}) == 1  # one delivery, one moment
    assert all(m.reverses_id is None and m.reversed_by_id is None for m in arrivals)


def test_arrivals_refuse_an_untracked_product_and_write_nothing(db: Database) -> None:
    talenan, kopi = pid(db, TALENAN), pid(db, KOPI_HITAM)
    before = movement_count(db)
    with pytest.raises(InvalidStockChange) as refused:
        record_arrivals(db, None, event_id(db), {talenan: 5, kopi: 10})
    assert refused.value.reason == "untracked"
    assert refused.value.product_id == kopi
    assert refused.value.detail == "Kopi hitam"
    assert movement_count(db) == before
    assert stock_on_hand(db, talenan) == 25  # the tracked line of the delivery was not booked


@pytest.mark.parametrize(
    ("quantity", "reason"),
    [(0, "not_positive"), (-3, "not_positive"), (MAX_MOVEMENT_QUANTITY + 1, "too_large")],
)
def test_arrivals_refuse_bad_quantities_and_write_nothing(
    db: Database, quantity: int, reason: str
) -> None:
    talenan, besek = pid(db, TALENAN), pid(db, BESEK)
    before = movement_rows(db)
    with pytest.raises(InvalidStockChange) as refused:
        record_arrivals(db, None, event_id(db), {talenan: 5, besek: quantity})
    assert refused.value.reason == reason
    assert refused.value.product_id == besek
    assert refused.value.detail == str(quantity)
    assert movement_rows(db) == before


def test_the_largest_allowed_arrival_is_accepted(db: Database) -> None:
    besek = pid(db, BESEK)
    record_arrivals(db, None, event_id(db), {besek: MAX_MOVEMENT_QUANTITY})
    assert stock_on_hand(db, besek) == 2000 + MAX_MOVEMENT_QUANTITY


def test_arrivals_refuse_unknown_products_and_events(db: Database) -> None:
    before = movement_count(db)
    with pytest.raises(InvalidStockChange) as unknown_product:
        record_arrivals(db, None, event_id(db), {pid(db, TALENAN): 1, 99_999: 1})
    assert unknown_product.value.reason == "unknown_product"
    assert unknown_product.value.product_id == 99_999
    with pytest.raises(InvalidStockChange) as unknown_event:
        record_arrivals(db, None, 4242, {pid(db, TALENAN): 1})
    assert unknown_event.value.reason == "unknown_event"
    assert unknown_event.value.detail == "4242"
    assert movement_count(db) == before


# --- damage ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_damage_needs_a_reason(db: Database, reason: str) -> None:
    talenan = pid(db, TALENAN)
    before = movement_count(db)
    with pytest.raises(InvalidStockChange) as refused:
        record_damage(db, None, event_id(db), talenan, 1, reason=reason)
    assert refused.value.reason == "reason_required"
    assert movement_count(db) == before
    assert stock_on_hand(db, talenan) == 25


def test_damage_writes_a_negative_movement_with_its_reason(db: Database, staff: Staff) -> None:
    talenan = pid(db, TALENAN)
    damage = record_damage(
        db, staff.supervisor, event_id(db), talenan, 2, reason="  retak saat dipajang "
    )
    assert damage.kind == MovementKind.DAMAGE
    assert damage.quantity == -2
    assert damage.note == "retak saat dipajang"
    assert damage.recorded_by == "Bu Ratna (Kasubsi)"
    assert damage.product_id == talenan
    assert damage.sku == "BLA-KYU-001"
    assert damage.product_name == "Talenan kayu jati"
    assert damage.institution_code == "BLA"
    assert damage.event_id == event_id(db)
    assert stock_on_hand(db, talenan) == 23
    assert list_movements(db, staff.supervisor, product_id=talenan, limit=1) == [damage]


def test_damage_refuses_untracked_products_and_bad_quantities(db: Database) -> None:
    before = movement_count(db)
    with pytest.raises(InvalidStockChange) as untracked:
        record_damage(db, None, event_id(db), pid(db, KOPI_HITAM), 1, reason="tumpah")
    assert untracked.value.reason == "untracked"
    with pytest.raises(InvalidStockChange) as zero:
        record_damage(db, None, event_id(db), pid(db, TALENAN), 0, reason="retak")
    assert zero.value.reason == "not_positive"
    assert movement_count(db) == before


# --- reversals ------------------------------------------------------------------------------


def test_reversing_an_arrival_writes_the_opposite_arrival(db: Database, staff: Staff) -> None:
    talenan = pid(db, TALENAN)
    record_arrivals(db, staff.supervisor, event_id(db), {talenan: 10}, note="salah ketik")
    arrival = list_movements(db, staff.supervisor, product_id=talenan, limit=1)[0]
    reversal = reverse_movement(db, staff.supervisor, arrival.id, reason=" seharusnya 1 ")
    assert reversal.kind == MovementKind.ARRIVAL  # same kind: the arrivals column stays right
    assert reversal.quantity == -10
    assert reversal.reverses_id == arrival.id
    assert reversal.note == "seharusnya 1"
    assert reversal.recorded_by == "Bu Ratna (Kasubsi)"
    assert reversal.event_id == arrival.event_id
    assert stock_on_hand(db, talenan) == 25
    original_now = next(
        m for m in list_movements(db, staff.supervisor, product_id=talenan) if m.id == arrival.id
    )
    assert original_now.reversed_by_id == reversal.id
    assert original_now.quantity == 10  # the original is untouched


def test_reversing_damage_puts_the_goods_back(db: Database) -> None:
    rak = pid(db, RAK_SEPATU)
    damage = record_damage(db, None, event_id(db), rak, 1, reason="kaki patah")
    reversal = reverse_movement(db, None, damage.id, reason="ternyata bisa diperbaiki")
    assert (reversal.kind, reversal.quantity, reversal.reverses_id) == ("damage", 1, damage.id)
    assert stock_on_hand(db, rak) == 4


def test_a_movement_is_reversed_only_once(db: Database) -> None:
    talenan = pid(db, TALENAN)
    record_arrivals(db, None, event_id(db), {talenan: 3})
    arrival = list_movements(db, None, product_id=talenan, limit=1)[0]
    reversal = reverse_movement(db, None, arrival.id, reason="dobel")
    before = movement_rows(db)
    with pytest.raises(InvalidStockChange) as twice:
        reverse_movement(db, None, arrival.id, reason="dobel lagi")
    assert twice.value.reason == "already_reversed"
    with pytest.raises(InvalidStockChange) as of_reversal:
        reverse_movement(db, None, reversal.id, reason="batal membatalkan")
    assert of_reversal.value.reason == "not_reversible"
    assert movement_rows(db) == before
    assert stock_on_hand(db, talenan) == 25


def test_sales_and_count_adjustments_are_not_reversible(db: Database) -> None:
    talenan = pid(db, TALENAN)
    sell(db, talenan, 2, 45000)
    sale = list_movements(db, None, product_id=talenan, kinds=[MovementKind.SALE])[0]
    count = start_count(db, None, event_id(db), CountKind.SPOT)
    set_counted(db, None, count.id, talenan, 20)
    post_count(db, None, count.id)
    adjustment = list_movements(
        db, None, product_id=talenan, kinds=[MovementKind.COUNT_ADJUSTMENT]
    )[0]
    assert adjustment.quantity == -3
    before = movement_rows(db)
    for movement, kind in ((sale, "sale"), (adjustment, "count_adjustment")):
        with pytest.raises(InvalidStockChange) as refused:
            reverse_movement(db, None, movement.id, reason="coba")
        assert refused.value.reason == "not_reversible"
        assert refused.value.detail == kind
    assert movement_rows(db) == before


def test_reversal_needs_a_reason_and_an_existing_movement(db: Database) -> None:
    arrival = list_movements(db, None, product_id=pid(db, TALENAN))[0]
    with pytest.raises(InvalidStockChange) as no_reason:
        reverse_movement(db, None, arrival.id, reason=" ")
    assert no_reason.value.reason == "reason_required"
    with pytest.raises(InvalidStockChange) as unknown:
        reverse_movement(db, None, 987_654, reason="tidak ada")
    assert unknown.value.reason == "unknown_movement"
    assert arrival.reversed_by_id is None


# --- the ledger only grows ------------------------------------------------------------------


def test_movements_are_never_updated_or_deleted(db: Database) -> None:
    talenan, besek, rak = pid(db, TALENAN), pid(db, BESEK), pid(db, RAK_SEPATU)
    ev = event_id(db)
    seen = movement_rows(db)
    assert len(seen) == 25  # the demo's opening arrivals

    def check_old_rows_kept() -> None:
        nonlocal seen
        now = movement_rows(db)
        assert now[: len(seen)] == seen
        seen = now

    record_arrivals(db, None, ev, {talenan: 5, besek: 400})
    check_old_rows_kept()
    damage = record_damage(db, None, ev, rak, 1, reason="pecah")
    check_old_rows_kept()
    sell(db, besek, 1600, 125)
    check_old_rows_kept()
    reverse_movement(db, None, damage.id, reason="salah catat")
    check_old_rows_kept()
    with pytest.raises(InvalidStockChange):
        reverse_movement(db, None, damage.id, reason="lagi")
    check_old_rows_kept()
    count = start_count(db, None, ev, CountKind.CLOSING)
    set_counted(db, None, count.id, talenan, 29)
    set_counted(db, None, count.id, besek, 800)
    post_count(db, None, count.id)
    check_old_rows_kept()
    return_to_institution(db, None, ev, institution_id(db, "BLA"), received_by="Joko")
    check_old_rows_kept()
    # arrivals, damage, sale, reversal, one count adjustment (talenan 30 -> 29), and the
    # return of BLA's 12 products
    assert len(seen) == 25 + 2 + 1 + 1 + 1 + 1 + 12


def test_stock_on_hand_is_the_sum_of_movements(db: Database) -> None:
    talenan, besek = pid(db, TALENAN), pid(db, BESEK)
    ev = event_id(db)
    record_arrivals(db, None, ev, {talenan: 7})
    sell(db, talenan, 3, 45000)
    record_damage(db, None, ev, talenan, 1, reason="gores")
    sell(db, besek, 1600, 125)
    with db.read() as session:
        sums = dict(
            session.execute(
                select(StockMovement.product_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.product_id
                )
            ).all()
        )
    for product_id, total in sums.items():
        assert stock_on_hand(db, product_id) == total
    assert sums[talenan] == 25 + 7 - 3 - 1
    assert sums[besek] == 400
    assert find_by_code(db, TALENAN).on_hand == 28
    assert stock_on_hand(db, pid(db, KOPI_HITAM)) == 0  # no movements at all


def test_list_movements_filters_and_orders_newest_first(db: Database) -> None:
    talenan, besek = pid(db, TALENAN), pid(db, BESEK)
    ev = event_id(db)
    record_arrivals(db, None, ev, {talenan: 2})
    record_damage(db, None, ev, besek, 10, reason="jamur")
    sell(db, talenan, 1, 45000)
    of_talenan = list_movements(db, None, product_id=talenan)
    assert [(m.kind, m.quantity) for m in of_talenan] == [
        ("sale", -1),
        ("arrival", 2),
        ("arrival", 25),
    ]
    assert [m.id for m in of_talenan] == sorted((m.id for m in of_talenan), reverse=True)
    damages = list_movements(db, None, kinds=[MovementKind.DAMAGE])
    assert [(m.sku, m.quantity, m.note) for m in damages] == [("BNA-BES-001", -10, "jamur")]
    assert len(list_movements(db, None, event_id=ev)) == 25 + 3
    assert list_movements(db, None, event_id=ev + 1) == []
    assert len(list_movements(db, None, limit=4)) == 4


def test_returns_of_a_signed_handover_are_not_reversible(db: Database) -> None:
    ev = event_id(db)
    count = start_count(db, None, ev, CountKind.CLOSING, institution_id=institution_id(db, "BLA"))
    post_count(db, None, count.id, uncounted_as_zero=False)
    return_to_institution(db, None, ev, institution_id(db, "BLA"), received_by="Joko")
    returned = list_movements(db, None, product_id=pid(db, TALENAN), kinds=[MovementKind.RETURN])[0]
    before = movement_rows(db)
    with pytest.raises(InvalidStockChange) as refused:
        reverse_movement(db, None, returned.id, reason="salah serah")
    assert (refused.value.reason, refused.value.detail) == ("not_reversible", "return")
    assert movement_rows(db) == before
    assert stock_on_hand(db, pid(db, TALENAN)) == 0


def test_arrivals_need_lines_active_goods_and_an_institution_of_the_event(db: Database) -> None:
    ev = event_id(db)
    talenan = pid(db, TALENAN)
    before = movement_rows(db)
    with pytest.raises(InvalidStockChange) as empty:
        record_arrivals(db, None, ev, {})
    assert empty.value.reason == "nothing_received"
    with db.write() as session:
        outsider = Institution(code="SMD", number=9, name="Lapas Kelas IIA Samarinda", kind="Lapas")
        session.add(outsider)
        session.flush()
        session.add(
            Product(sku="SMD-1", name="Keset sabut", price=20000, institution_id=outsider.id)
        )
        session.get_one(Product, talenan).active = False
    outsider_product = pid(db, "SMD-1")
    with pytest.raises(InvalidStockChange) as archived:
        record_arrivals(db, None, ev, {talenan: 3})
    assert (archived.value.reason, archived.value.detail) == ("archived", "Talenan kayu jati")
    with pytest.raises(InvalidStockChange) as outside:
        record_arrivals(db, None, ev, {outsider_product: 3})
    assert (outside.value.reason, outside.value.detail) == ("not_in_event", "Keset sabut")
    assert movement_rows(db) == before
    # Without an event (stock kept at the outlet) any active product of any institution comes in.
    assert record_arrivals(db, None, None, {outsider_product: 3}) == 1
    assert stock_on_hand(db, outsider_product) == 3
