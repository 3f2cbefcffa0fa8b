"""Return to institution: the rules before goods go home, the return movements, and the
handover document (goods returned, goods sold, money due)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from bazaar_pos.catalog.events import EventDraft, save_event
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import CountKind, Institution, MovementKind, Product
from bazaar_pos.settings import load_settings
from bazaar_pos.stock.counts import count_sheet, discard_count, post_count, set_counted, start_count
from bazaar_pos.stock.ledger import list_movements, record_damage, stock_on_hand
from bazaar_pos.stock.returns import (
    ReturnRefused,
    handover_document,
    list_handovers,
    return_proposal,
    return_to_institution,
)
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

TALENAN = "BLA-KYU-001"  # Talenan kayu jati, Rp 45.000, 25 arrived in the demo
RAK_SEPATU = "BLA-KYU-005"  # Rak sepatu kayu, Rp 275.000, 4 arrived
BESEK = "BNA-BES-001"  # Besek bambu kecil (Banjarnegara), Rp 125
LUKISAN = "BPN-PYR-001"  # Lukisan bakar kayu (Balikpapan), Rp 150.000, 12 arrived
KOPI_HITAM = "BPN-KAF-001"  # café drink of Balikpapan, Rp 8.000, not tracked

# Blora's demo goods: (sku, price, delivered)
BLA_GOODS = {
    "BLA-KES-001": (20000, 40),
    "BLA-KES-002": (35000, 20),
    "BLA-KYU-001": (45000, 25),
    "BLA-KYU-002": (55000, 15),
    "BLA-KYU-003": (25000, 30),
    "BLA-KYU-004": (75000, 10),
    "BLA-KYU-005": (275000, 4),
    "BLA-KYU-006": (65000, 12),
    "BLA-UMK-001": (15000, 40),
    "BLA-UMK-002": (12000, 45),
    "BLA-UMK-003": (60000, 15),
    "BLA-UMK-004": (20000, 30),
}


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


def sell(db: Database, *lines: tuple[str, int, int], event: int | None = None) -> None:
    commit_sale(
        db,
        [SaleLineRequest(pid(db, code), quantity, price) for code, quantity, price in lines],
        PaymentRequest("cash"),
        cashier="Siti Rahmawati",
        till_code="BPN1",
        event_id=event_id(db) if event is None else event,
    )


def movement_rows(db: Database) -> list[tuple[Any, ...]]:
    with db.read() as session:
        rows = session.execute(text("SELECT * FROM stock_movements ORDER BY id"))
        return [tuple(row) for row in rows]


def close_count(
    db: Database, institution: str | None, counted: dict[str, int] | None = None
) -> int:
    """Post a closing count (of one institution or the whole event), counting every product
    as booked except the SKUs given."""
    counted = counted or {}
    scope = None if institution is None else institution_id(db, institution)
    count = start_count(db, None, event_id(db), CountKind.CLOSING, institution_id=scope)
    for line in count_sheet(db, None, count.id).lines:
        value = counted.get(line.sku, line.expected)
        assert value is not None
        set_counted(db, None, count.id, line.product_id, value)
    post_count(db, None, count.id)
    return count.id


def give_back(db: Database, institution: str) -> Any:
    return return_to_institution(
        db,
        None,
        event_id(db),
        institution_id(db, institution),
        received_by="Joko Santoso",
    )


# --- refusals -------------------------------------------------------------------------------


def test_no_return_before_a_closing_count_is_posted(db: Database) -> None:
    rows = movement_rows(db)
    with pytest.raises(ReturnRefused) as refused:
        give_back(db, "BLA")
    assert (refused.value.reason, refused.value.detail) == ("no_closing_count", "BLA")
    # A spot check, or the closing count of another institution, is not enough.
    spot = start_count(db, None, event_id(db), CountKind.SPOT)
    post_count(db, None, spot.id)
    close_count(db, "BNA")
    with pytest.raises(ReturnRefused) as still:
        give_back(db, "BLA")
    assert still.value.reason == "no_closing_count"
    assert [m for m in movement_rows(db) if m not in rows] == []
    assert list_handovers(db, None, event_id(db)) == {}


def test_no_return_while_a_count_of_the_goods_is_open(db: Database) -> None:
    close_count(db, "BLA")
    recount = start_count(
        db, None, event_id(db), CountKind.SPOT, institution_id=institution_id(db, "BLA")
    )
    with pytest.raises(ReturnRefused) as refused:
        give_back(db, "BLA")
    assert (refused.value.reason, refused.value.detail) == ("open_count", "BLA")
    discard_count(db, None, recount.id)
    whole = start_count(db, None, event_id(db), CountKind.SPOT)
    with pytest.raises(ReturnRefused) as whole_event:
        give_back(db, "BLA")
    assert whole_event.value.reason == "open_count"
    discard_count(db, None, whole.id)
    assert give_back(db, "BLA").returned_units > 0


@pytest.mark.parametrize("received_by", ["", "  "])
def test_the_receiving_officers_name_is_required(db: Database, received_by: str) -> None:
    close_count(db, "BLA")
    rows = movement_rows(db)
    with pytest.raises(ReturnRefused) as refused:
        return_to_institution(
            db,
            None,
            event_id(db),
            institution_id(db, "BLA"),
            received_by=received_by,
        )
    assert refused.value.reason == "names_required"
    assert movement_rows(db) == rows


def test_only_institutions_of_the_event_get_goods_back(db: Database) -> None:
    other = save_event(
        db,
        EventDraft(
            name="Pameran Kanwil",
            venue="",
            starts_on=None,
            ends_on=None,
            institution_ids=(institution_id(db, "BPN"),),
        ),
    )
    for event, institution, reason in (
        (other.id, institution_id(db, "BLA"), "institution_not_in_event"),
        (event_id(db), 999, "unknown_institution"),
        (4242, institution_id(db, "BLA"), "unknown_event"),
    ):
        with pytest.raises(ReturnRefused) as refused:
            return_to_institution(db, None, event, institution, received_by="B")
        assert refused.value.reason == reason
        with pytest.raises(ReturnRefused):
            return_proposal(db, None, event, institution)


# --- the return -----------------------------------------------------------------------------


def test_the_return_sends_every_unit_on_hand_home(db: Database) -> None:
    sell(db, (TALENAN, 3, 45000), (RAK_SEPATU, 1, 275000))
    record_damage(db, None, event_id(db), pid(db, "BLA-KYU-003"), 2, reason="retak")
    close_count(db, "BLA", {TALENAN: 20})  # 22 booked: 2 missing
    proposal = return_proposal(db, None, event_id(db), institution_id(db, "BLA"))
    on_hand = {sku: delivered for sku, (_, delivered) in BLA_GOODS.items()}
    on_hand.update({"BLA-KYU-001": 20, "BLA-KYU-005": 3, "BLA-KYU-003": 28})
    assert {line.sku: line.on_hand for line in proposal.lines} == on_hand
    assert proposal.negative == ()
    assert proposal.existing_handover_id is None
    assert proposal.units == sum(on_hand.values())
    assert proposal.value == sum(on_hand[sku] * price for sku, (price, _) in BLA_GOODS.items())
    assert proposal.money_due == 3 * 45000 + 275000
    assert (proposal.institution_code, proposal.institution_name) == (
        "BLA",
        "Rutan Kelas IIB Blora",
    )

    document = give_back(db, "BLA")
    for sku in on_hand:
        assert stock_on_hand(db, pid(db, sku)) == 0, sku
    returns = list_movements(db, None, kinds=[MovementKind.RETURN])
    assert {m.sku: -m.quantity for m in returns} == on_hand
    assert {m.event_id for m in returns} == {event_id(db)}
    assert {m.recorded_by for m in returns} == {""}  # nobody logs in on a till without accounts
    assert {m.note for m in returns} == {f"handover {document.handover_uuid}"}
    # Other institutions' goods stay.
    assert stock_on_hand(db, pid(db, LUKISAN)) == 12

    assert document.institution_code == "BLA"
    assert document.institution_kind == "Rutan"
    assert document.event_name == "Bazar HBP ke-62"
    assert (document.handed_over_by, document.received_by) == ("", "Joko Santoso")
    assert {line.sku: line.quantity for line in document.returned} == on_hand
    talenan = next(line for line in document.returned if line.sku == TALENAN)
    assert (talenan.quantity, talenan.unit_price, talenan.value) == (20, 45000, 900000)
    assert document.returned_units == proposal.units
    assert document.returned_value == proposal.value
    assert [(line.sku, line.quantity, line.value) for line in document.sold] == [
        (RAK_SEPATU, 1, 275000),  # by name: "Rak sepatu" before "Talenan"
        (TALENAN, 3, 135000),
    ]
    assert document.sold_units == 4
    assert document.money_due == 410000
    names = [line.name for line in document.returned]
    assert names == sorted(names)


def test_money_due_is_the_institution_s_takings_in_this_event(db: Database) -> None:
    sell(db, (LUKISAN, 1, 150000), (KOPI_HITAM, 3, 8000), (TALENAN, 1, 45000))
    sell(db, (KOPI_HITAM, 2, 8000))
    another = save_event(
        db,
        EventDraft(
            name="Kafe asimilasi",
            venue="",
            starts_on=None,
            ends_on=None,
            institution_ids=(institution_id(db, "BPN"),),
        ),
    )
    sell(db, (LUKISAN, 1, 150000), event=another.id)  # another event: not this handover's
    close_count(db, None)
    document = give_back(db, "BPN")
    assert document.money_due == 150000 + 5 * 8000
    # Café drinks were sold but never go back: they carry no stock.
    assert {(line.sku, line.quantity, line.value) for line in document.sold} == {
        (LUKISAN, 1, 150000),
        (KOPI_HITAM, 5, 40000),
    }
    assert KOPI_HITAM not in {line.sku for line in document.returned}
    assert next(line for line in document.returned if line.sku == LUKISAN).quantity == 10


def test_a_second_return_is_refused(db: Database) -> None:
    close_count(db, "BLA")
    first = give_back(db, "BLA")
    rows = movement_rows(db)
    with pytest.raises(ReturnRefused) as refused:
        give_back(db, "BLA")
    assert (refused.value.reason, refused.value.detail) == ("already_returned", "BLA")
    assert movement_rows(db) == rows
    proposal = return_proposal(db, None, event_id(db), institution_id(db, "BLA"))
    assert proposal.existing_handover_id == first.handover_id
    assert proposal.lines == ()
    assert list_handovers(db, None, event_id(db)) == {institution_id(db, "BLA"): first.handover_id}


def test_the_handover_can_be_printed_again_unchanged(db: Database) -> None:
    sell(db, (TALENAN, 2, 45000))
    close_count(db, "BLA")
    document = give_back(db, "BLA")
    # The catalog price changes afterwards; the signed document must not.
    with db.write() as session:
        for product in session.scalars(select(Product).where(Product.sku.like("BLA-%"))):
            product.price += 1000
    assert handover_document(db, None, document.handover_id) == document
    with pytest.raises(ReturnRefused) as unknown:
        handover_document(db, None, 4242)
    assert unknown.value.reason == "unknown_handover"


def test_goods_below_zero_are_shown_not_returned(db: Database) -> None:
    sell(db, (RAK_SEPATU, 6, 275000))  # 4 on the books: the ledger goes to -2
    close_count(db, "BLA", {RAK_SEPATU: 0})
    # Counted 0, so the count put the 2 back; sell 1 more to go negative after the count.
    sell(db, (RAK_SEPATU, 1, 275000))
    proposal = return_proposal(db, None, event_id(db), institution_id(db, "BLA"))
    assert [(line.sku, line.on_hand) for line in proposal.negative] == [(RAK_SEPATU, -1)]
    assert RAK_SEPATU not in {line.sku for line in proposal.lines}
    document = give_back(db, "BLA")
    assert RAK_SEPATU not in {line.sku for line in document.returned}
    assert stock_on_hand(db, pid(db, RAK_SEPATU)) == -1
    assert document.money_due == 7 * 275000
