"""Count sessions: snapshot, scope, counting by scan or by typing, blind counts, resuming,
posting once, uncounted products, and sales while a count is open."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text

from bazaar_pos.catalog.events import EventDraft, save_event
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    CountKind,
    CountLine,
    CountStatus,
    Institution,
    MovementKind,
    Product,
    StockMovement,
)
from bazaar_pos.errors import UnknownCode
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.stock.counts import (
    MAX_COUNTED,
    CountError,
    count_scan,
    count_sheet,
    discard_count,
    get_count,
    list_counts,
    open_count_for_event,
    post_count,
    set_counted,
    start_count,
)
from bazaar_pos.stock.ledger import list_movements, record_arrivals, record_damage, stock_on_hand
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale
from tests.conftest import reopen_till

TALENAN = "2003000000030"  # Talenan kayu jati, BLA, Rp 45.000, 25 arrived in the demo
TALENAN_SKU = "BLA-KYU-001"
BESEK = "2002000000019"  # Besek bambu kecil, BNA, Rp 125, 2,000 arrived
KOPI_HITAM = "2001000000098"  # café drink, not tracked
RAK_SEPATU = "BLA-KYU-005"  # Rak sepatu kayu, BLA, Rp 275.000, 4 arrived
LUKISAN = "BPN-PYR-001"  # Lukisan bakar kayu, BPN, Rp 150.000, 12 arrived
TRACKED_IN_DEMO = 25  # of the 30 demo products, 5 café drinks are not tracked


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


def sell(db: Database, product_id: int, quantity: int, price: int) -> None:
    commit_sale(
        db,
        [SaleLineRequest(product_id, quantity, price)],
        PaymentRequest("cash"),
        cashier="Siti Rahmawati",
        till_code="BPN1",
        event_id=event_id(db),
    )


def movement_rows(db: Database) -> list[tuple[Any, ...]]:
    with db.read() as session:
        rows = session.execute(text("SELECT * FROM stock_movements ORDER BY id"))
        return [tuple(row) for row in rows]


def adjustments_of(db: Database, session_id: int) -> list[StockMovement]:
    with db.read() as session:
        return list(
            session.scalars(
                select(StockMovement)
                .where(StockMovement.count_session_id == session_id)
                .order_by(StockMovement.id)
            )
        )


def line_of(db: Database, session_id: int, product_id: int) -> Any:
    return next(
        line for line in count_sheet(db, None, session_id).lines if line.product_id == product_id
    )


def event_without_bla(db: Database) -> int:
    """A second event where only Balikpapan and Banjarnegara take part (no Blora goods)."""
    return save_event(
        db,
        EventDraft(
            name="Pameran Kanwil",
            venue="Samarinda",
            starts_on=None,
            ends_on=None,
            institution_ids=(institution_id(db, "BPN"), institution_id(db, "BNA")),
        ),
    ).id


# --- starting: the snapshot and the scope ---------------------------------------------------


def test_start_snapshots_what_the_ledger_expects(db: Database) -> None:
    talenan, besek = pid(db, TALENAN), pid(db, BESEK)
    sell(db, talenan, 3, 45000)
    info = start_count(db, None, event_id(db), CountKind.OPENING, note="pagi")
    assert info.kind == "opening"
    assert info.status == CountStatus.OPEN
    assert info.is_open
    assert not info.blind
    assert info.institution_id is None and info.institution_code is None
    assert info.event_name == "Bazar HBP ke-62"
    assert info.counted_by == ""  # nobody is logged in on a till without accounts
    assert (info.products, info.counted_products) == (TRACKED_IN_DEMO, 0)
    assert info.posted_at is None
    sheet = count_sheet(db, None, info.id)
    assert sheet.session == info
    expected = {line.product_id: line.expected for line in sheet.lines}
    assert expected[talenan] == 22
    assert expected[besek] == 2000
    assert pid(db, KOPI_HITAM) not in expected  # café drinks are never counted
    assert all(line.counted is None and line.variance is None for line in sheet.lines)
    # By institution code, then by name.
    keys = [(line.institution_code, line.name) for line in sheet.lines]
    assert keys == sorted(keys)
    assert [code for code, _ in keys].count("BLA") == 12
    # The snapshot itself does not move when the ledger does; the live figure does.
    record_arrivals(db, None, event_id(db), {besek: 400})
    with db.read() as session:
        at_start = session.scalar(
            select(CountLine.expected_at_start).where(
                CountLine.session_id == info.id, CountLine.product_id == besek
            )
        )
    assert at_start == 2000
    assert line_of(db, info.id, besek).expected == 2400


def test_start_takes_the_price_of_the_moment(db: Database) -> None:
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    with db.write() as session:
        product = session.get(Product, talenan)
        assert product is not None
        product.price = 50000
    line = set_counted(db, None, info.id, talenan, 24)
    assert line.unit_price == 45000
    assert line.variance_value == -45000


def test_a_count_of_one_institution_covers_only_its_goods(db: Database) -> None:
    bla = institution_id(db, "BLA")
    info = start_count(db, None, event_id(db), CountKind.SPOT, institution_id=bla)
    assert (info.institution_id, info.institution_code) == (bla, "BLA")
    sheet = count_sheet(db, None, info.id)
    assert len(sheet.lines) == info.products == 12
    assert {line.institution_code for line in sheet.lines} == {"BLA"}
    with pytest.raises(CountError) as outside:
        count_scan(
            db, None, info.id, BESEK
        )  # Banjarnegara's goods: in the event, not in this count
    assert outside.value.reason == "outside_scope"
    assert outside.value.detail == "Besek bambu kecil"


def test_an_institution_not_in_the_event_cannot_be_counted(db: Database) -> None:
    other = event_without_bla(db)
    with pytest.raises(CountError) as refused:
        start_count(db, None, other, CountKind.OPENING, institution_id=institution_id(db, "BLA"))
    assert refused.value.reason == "institution_not_in_event"
    assert list_counts(db, None) == []


def test_an_unknown_event_cannot_be_counted(db: Database) -> None:
    with pytest.raises(CountError) as refused:
        start_count(db, None, 4242, CountKind.OPENING)
    assert (refused.value.reason, refused.value.detail) == ("unknown_event", "4242")


def test_an_institution_without_tracked_goods_has_nothing_to_count(db: Database) -> None:
    with db.write() as session:
        session.execute(
            insert(Institution),
            {"code": "SMD", "number": 9, "name": "Lapas Kelas IIA Samarinda", "kind": "Lapas"},
        )
    smd = institution_id(db, "SMD")
    event = save_event(
        db, EventDraft(name="Kafe", venue="", starts_on=None, ends_on=None, institution_ids=(smd,))
    )
    with pytest.raises(CountError) as refused:
        start_count(db, None, event.id, CountKind.OPENING)
    assert refused.value.reason == "no_products"


def test_overlapping_open_counts_are_refused(db: Database) -> None:
    ev = event_id(db)
    bla, bna, bpn = (institution_id(db, code) for code in ("BLA", "BNA", "BPN"))
    whole = start_count(db, None, ev, CountKind.SPOT)
    for scope in (None, bla):
        with pytest.raises(CountError) as busy:
            start_count(db, None, ev, CountKind.CLOSING, institution_id=scope)
        assert busy.value.reason == "scope_busy"
        assert busy.value.session_id == whole.id
    discard_count(db, None, whole.id)

    of_bla = start_count(db, None, ev, CountKind.SPOT, institution_id=bla)
    for scope in (None, bla):
        with pytest.raises(CountError) as busy:
            start_count(db, None, ev, CountKind.SPOT, institution_id=scope)
        assert busy.value.session_id == of_bla.id
    # Different institutions do not overlap: both counts may run at once.
    of_bna = start_count(db, None, ev, CountKind.SPOT, institution_id=bna)
    of_bpn = start_count(db, None, ev, CountKind.SPOT, institution_id=bpn)
    assert {of_bla.id, of_bna.id, of_bpn.id} == {
        c.id for c in list_counts(db, None, ev) if c.is_open
    }
    # Once BLA's count is posted, BLA may be counted again.
    post_count(db, None, of_bla.id)
    again = start_count(db, None, ev, CountKind.CLOSING, institution_id=bla)
    assert again.is_open


def test_counts_of_different_events_do_not_block_each_other(db: Database) -> None:
    start_count(db, None, event_id(db), CountKind.OPENING)
    other = start_count(db, None, event_without_bla(db), CountKind.OPENING)
    assert other.products == 13  # BPN's 8 and BNA's 5 tracked products


# --- counting -------------------------------------------------------------------------------


def test_each_scan_adds_one_and_a_typed_quantity_adds_that_many(db: Database) -> None:
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    first = count_scan(db, None, info.id, TALENAN)
    assert (first.product_id, first.counted, first.expected, first.variance) == (
        talenan,
        1,
        25,
        -24,
    )
    assert count_scan(db, None, info.id, f"  {TALENAN}  ").counted == 2  # a scanner's stray spaces
    by_sku = count_scan(db, None, info.id, TALENAN_SKU, quantity=12)
    assert by_sku.counted == 14
    assert by_sku.variance == -11
    assert by_sku.variance_value == -11 * 45000
    assert count_scan(db, None, info.id, BESEK, quantity=1600).counted == 1600
    assert get_count(db, None, info.id).counted_products == 2


def test_scanning_bad_codes_changes_nothing(db: Database) -> None:
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    count_scan(db, None, info.id, TALENAN, quantity=5)
    with pytest.raises(UnknownCode) as unknown:
        count_scan(db, None, info.id, "9999999999999")
    assert unknown.value.code == "9999999999999"
    with pytest.raises(CountError) as untracked:
        count_scan(db, None, info.id, KOPI_HITAM)
    assert (untracked.value.reason, untracked.value.detail) == ("untracked", "Kopi hitam")
    for quantity in (0, -2):
        with pytest.raises(CountError) as not_positive:
            count_scan(db, None, info.id, TALENAN, quantity=quantity)
        assert not_positive.value.reason == "not_positive"
    with pytest.raises(CountError) as too_large:
        count_scan(db, None, info.id, TALENAN, quantity=MAX_COUNTED)  # 5 + 999,999
    assert too_large.value.reason == "too_large"
    assert line_of(db, info.id, talenan).counted == 5
    assert get_count(db, None, info.id).counted_products == 1


def test_goods_of_an_institution_outside_the_event_are_outside_the_count(db: Database) -> None:
    info = start_count(db, None, event_without_bla(db), CountKind.CLOSING)
    with pytest.raises(CountError) as outside:
        count_scan(db, None, info.id, TALENAN)
    assert (outside.value.reason, outside.value.detail) == ("outside_scope", "Talenan kayu jati")
    with pytest.raises(CountError) as typed:
        set_counted(db, None, info.id, pid(db, TALENAN), 3)
    assert typed.value.reason == "outside_scope"
    assert get_count(db, None, info.id).counted_products == 0


def test_a_product_added_after_the_start_gets_a_line_on_first_scan(db: Database) -> None:
    info = start_count(db, None, event_id(db), CountKind.SPOT)
    with db.write() as session:
        session.execute(
            insert(Product),
            {
                "sku": "BLA-KYU-099",
                "barcode": "2003000000993",
                "name": "Sendok kayu",
                "unit": "buah",
                "price": 10000,
                "category": "Kerajinan kayu",
                "institution_id": institution_id(db, "BLA"),
                "track_stock": True,
                "active": True,
            },
        )
    spoon = pid(db, "BLA-KYU-099")
    record_arrivals(db, None, event_id(db), {spoon: 20})
    line = count_scan(db, None, info.id, "BLA-KYU-099", quantity=19)
    # Nothing of it existed at the snapshot; the arrival since then is expected.
    assert (line.expected, line.counted, line.variance) == (20, 19, -1)
    assert get_count(db, None, info.id).products == TRACKED_IN_DEMO + 1


def test_typing_a_count_and_clearing_it(db: Database) -> None:
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    typed = set_counted(db, None, info.id, talenan, 23)
    assert (typed.counted, typed.expected, typed.variance, typed.variance_value) == (
        23,
        25,
        -2,
        -90000,
    )
    assert set_counted(db, None, info.id, talenan, 0).variance == -25
    cleared = set_counted(db, None, info.id, talenan, None)
    assert (cleared.counted, cleared.variance, cleared.variance_value) == (None, None, None)
    assert cleared.expected == 25
    assert get_count(db, None, info.id).counted_products == 0
    with db.read() as session:
        counted_at = session.scalar(
            select(CountLine.counted_at).where(
                CountLine.session_id == info.id, CountLine.product_id == talenan
            )
        )
    assert counted_at is None
    # A scan after clearing starts again from nothing.
    assert count_scan(db, None, info.id, TALENAN).counted == 1


def test_typed_counts_are_checked(db: Database) -> None:
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    set_counted(db, None, info.id, talenan, 7)
    for value, reason in ((-1, "negative"), (MAX_COUNTED + 1, "too_large")):
        with pytest.raises(CountError) as refused:
            set_counted(db, None, info.id, talenan, value)
        assert refused.value.reason == reason
    assert set_counted(db, None, info.id, talenan, MAX_COUNTED).counted == MAX_COUNTED
    with pytest.raises(CountError) as unknown:
        set_counted(db, None, info.id, 99_999, 1)
    assert unknown.value.reason == "not_found"
    with pytest.raises(CountError) as untracked:
        set_counted(db, None, info.id, pid(db, KOPI_HITAM), 1)
    assert untracked.value.reason == "untracked"


def test_unknown_count_sessions(db: Database) -> None:
    for action in (
        lambda: count_scan(db, None, 4242, TALENAN),
        lambda: set_counted(db, None, 4242, pid(db, TALENAN), 1),
        lambda: post_count(db, None, 4242),
        lambda: discard_count(db, None, 4242),
        lambda: count_sheet(db, None, 4242),
        lambda: get_count(db, None, 4242),
    ):
        with pytest.raises(CountError) as refused:
            action()
        assert (refused.value.reason, refused.value.session_id) == ("not_found", 4242)


# --- blind counts ---------------------------------------------------------------------------


def test_a_blind_count_hides_expected_figures_until_posted(db: Database) -> None:
    talenan, rak = pid(db, TALENAN), pid(db, RAK_SEPATU)
    info = start_count(db, None, event_id(db), CountKind.CLOSING, blind=True)
    assert info.blind
    scanned = count_scan(db, None, info.id, TALENAN, quantity=24)
    assert (scanned.counted, scanned.expected, scanned.variance) == (24, None, None)
    assert scanned.variance_value is None
    typed = set_counted(db, None, info.id, rak, 4)
    assert (typed.expected, typed.variance) == (None, None)
    sheet = count_sheet(db, None, info.id)
    assert all(line.expected is None and line.variance is None for line in sheet.lines)

    posted = post_count(db, None, info.id)
    assert posted.variance_units == -1
    assert posted.variance_value == -45000
    revealed = count_sheet(db, None, info.id)
    talenan_line = next(line for line in revealed.lines if line.product_id == talenan)
    assert (talenan_line.expected, talenan_line.variance, talenan_line.adjustment) == (25, -1, -1)
    rak_line = next(line for line in revealed.lines if line.product_id == rak)
    assert (rak_line.expected, rak_line.variance, rak_line.adjustment) == (4, 0, 0)
    assert all(line.expected is not None for line in revealed.lines)


# --- saving and resuming --------------------------------------------------------------------


def test_a_count_survives_closing_the_app(till: Till) -> None:
    db = till.db
    ev = event_id(db)
    talenan, besek = pid(db, TALENAN), pid(db, BESEK)
    info = start_count(db, None, ev, CountKind.CLOSING, blind=True)
    count_scan(db, None, info.id, TALENAN, quantity=12)
    set_counted(db, None, info.id, besek, 1500)
    db.dispose()

    reopened = reopen_till(till)
    try:
        resumed = open_count_for_event(reopened.db, None, ev)
        assert resumed is not None
        assert resumed.id == info.id
        assert (resumed.blind, resumed.counted_by, resumed.counted_products) == (True, "", 2)
        counted = {
            line.product_id: line.counted
            for line in count_sheet(reopened.db, None, info.id).lines
            if line.counted is not None
        }
        assert counted == {talenan: 12, besek: 1500}
        assert count_scan(reopened.db, None, info.id, TALENAN).counted == 13
    finally:
        reopened.db.dispose()


def test_open_count_for_event_finds_only_open_counts(db: Database) -> None:
    ev = event_id(db)
    assert open_count_for_event(db, None, ev) is None
    first = start_count(db, None, ev, CountKind.OPENING)
    assert open_count_for_event(db, None, ev) == get_count(db, None, first.id)
    post_count(db, None, first.id)
    assert open_count_for_event(db, None, ev) is None
    second = start_count(db, None, ev, CountKind.SPOT)
    discard_count(db, None, second.id)
    assert open_count_for_event(db, None, ev) is None
    assert [c.id for c in list_counts(db, None, ev)] == [second.id, first.id]
    assert [c.status for c in list_counts(db, None)] == ["discarded", "posted"]
    assert list_counts(db, None, ev + 1) == []


# --- posting --------------------------------------------------------------------------------


def test_posting_writes_one_adjustment_per_difference_in_one_go(db: Database) -> None:
    ev = event_id(db)
    talenan, besek, rak = pid(db, TALENAN), pid(db, BESEK), pid(db, RAK_SEPATU)
    info = start_count(db, None, ev, CountKind.CLOSING)
    set_counted(db, None, info.id, talenan, 22)  # 3 missing
    set_counted(db, None, info.id, besek, 2010)  # 10 more than booked
    set_counted(db, None, info.id, rak, 4)  # right
    posted = post_count(db, None, info.id)
    assert posted.adjustments == 2
    assert posted.variance_units == -3 + 10
    assert posted.variance_value == -3 * 45000 + 10 * 125
    assert len(posted.uncounted) == TRACKED_IN_DEMO - 3
    assert talenan not in {line.product_id for line in posted.uncounted}
    assert posted.session.status == CountStatus.POSTED
    assert not posted.session.is_open
    assert posted.session.posted_at is not None
    assert posted.session.uncounted_as_zero is False

    written = adjustments_of(db, info.id)
    assert {m.product_id: m.quantity for m in written} == {talenan: -3, besek: 10}
    assert len(written) == 2
    assert {m.kind for m in written} == {MovementKind.COUNT_ADJUSTMENT}
    assert {m.event_id for m in written} == {ev}
    assert {m.note for m in written} == {"closing count"}
    assert len({m.created_at for m in written}) == 1
    assert (stock_on_hand(db, talenan), stock_on_hand(db, besek)) == (22, 2010)
    assert stock_on_hand(db, rak) == 4
    # The sheet keeps what was expected and what was written.
    line = line_of(db, info.id, talenan)
    assert (line.expected, line.counted, line.variance, line.adjustment) == (25, 22, -3, -3)


def test_a_posted_count_is_frozen(db: Database) -> None:
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    set_counted(db, None, info.id, talenan, 20)
    post_count(db, None, info.id)
    rows = movement_rows(db)
    sheet = count_sheet(db, None, info.id)
    for action in (
        lambda: count_scan(db, None, info.id, TALENAN),
        lambda: set_counted(db, None, info.id, talenan, 25),
        lambda: set_counted(db, None, info.id, talenan, None),
        lambda: post_count(db, None, info.id),
        lambda: post_count(db, None, info.id, uncounted_as_zero=True),
        lambda: discard_count(db, None, info.id),
    ):
        with pytest.raises(CountError) as refused:
            action()
        assert (refused.value.reason, refused.value.detail) == ("not_open", "posted")
    assert movement_rows(db) == rows
    assert count_sheet(db, None, info.id) == sheet
    assert stock_on_hand(db, talenan) == 20


def test_a_second_till_cannot_post_the_same_count(till: Till) -> None:
    db = till.db
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    set_counted(db, None, info.id, talenan, 21)
    other_till = Database.open(db.url, anonymous_setup=True)
    try:
        post_count(db, None, info.id)
        with pytest.raises(CountError) as refused:
            post_count(other_till, None, info.id)
        assert refused.value.reason == "not_open"
        assert len(adjustments_of(other_till, info.id)) == 1
        assert stock_on_hand(other_till, talenan) == 21
    finally:
        other_till.dispose()


def test_two_tills_posting_at_once_post_exactly_once(till: Till) -> None:
    db = till.db
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    set_counted(db, None, info.id, talenan, 21)
    tills = [db, Database.open(db.url, anonymous_setup=True)]
    start = threading.Barrier(len(tills))
    outcomes: list[str] = []

    def post_from(database: Database) -> None:
        start.wait()
        try:
            post_count(database, None, info.id)
            outcomes.append("posted")
        except CountError as error:
            outcomes.append(error.reason)

    threads = [threading.Thread(target=post_from, args=(database,)) for database in tills]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        tills[1].dispose()
    assert sorted(outcomes) == ["not_open", "posted"]
    assert [m.quantity for m in adjustments_of(db, info.id)] == [-4]
    assert stock_on_hand(db, talenan) == 21


def test_uncounted_products_are_reported_not_adjusted(db: Database) -> None:
    talenan, rak = pid(db, TALENAN), pid(db, RAK_SEPATU)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    set_counted(db, None, info.id, talenan, 25)
    posted = post_count(db, None, info.id)
    assert posted.adjustments == 0
    assert (posted.variance_units, posted.variance_value) == (0, 0)
    uncounted = {line.product_id: line for line in posted.uncounted}
    assert len(uncounted) == TRACKED_IN_DEMO - 1
    assert (uncounted[rak].counted, uncounted[rak].expected, uncounted[rak].variance) == (
        None,
        4,
        None,
    )
    assert uncounted[rak].adjustment is None
    assert stock_on_hand(db, rak) == 4
    assert adjustments_of(db, info.id) == []


def test_uncounted_as_zero_takes_uncounted_goods_off_the_books(db: Database) -> None:
    talenan, rak, lukisan = pid(db, TALENAN), pid(db, RAK_SEPATU), pid(db, LUKISAN)
    bla = institution_id(db, "BLA")
    info = start_count(db, None, event_id(db), CountKind.CLOSING, institution_id=bla)
    set_counted(db, None, info.id, talenan, 25)
    posted = post_count(db, None, info.id, uncounted_as_zero=True)
    assert posted.uncounted == ()
    assert posted.session.uncounted_as_zero is True
    assert posted.adjustments == 11  # every other BLA product had stock
    assert stock_on_hand(db, rak) == 0
    assert stock_on_hand(db, talenan) == 25
    assert stock_on_hand(db, lukisan) == 12  # BPN is outside the count
    rak_line = line_of(db, info.id, rak)
    assert (rak_line.counted, rak_line.expected, rak_line.variance, rak_line.adjustment) == (
        None,
        4,
        -4,
        -4,
    )
    bla_stock_value = 20000 * 40 + 35000 * 20 + 55000 * 15 + 25000 * 30 + 75000 * 10
    bla_stock_value += 275000 * 4 + 65000 * 12 + 15000 * 40 + 12000 * 45 + 60000 * 15
    bla_stock_value += 20000 * 30
    assert posted.variance_value == -bla_stock_value
    assert posted.variance_units == -(40 + 20 + 15 + 30 + 10 + 4 + 12 + 40 + 45 + 15 + 30)


def test_discarding_a_count_writes_nothing(db: Database) -> None:
    rows = movement_rows(db)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    count_scan(db, None, info.id, TALENAN, quantity=3)
    set_counted(db, None, info.id, pid(db, BESEK), 0)
    discarded = discard_count(db, None, info.id)
    assert discarded.status == CountStatus.DISCARDED
    assert discarded.counted_products == 2
    assert movement_rows(db) == rows
    with pytest.raises(CountError) as refused:
        count_scan(db, None, info.id, TALENAN)
    assert (refused.value.reason, refused.value.detail) == ("not_open", "discarded")
    # Its scope is free again.
    assert start_count(db, None, event_id(db), CountKind.CLOSING).is_open


# --- sales while a count is open ------------------------------------------------------------


def test_sales_before_a_product_is_counted_are_not_a_loss(db: Database) -> None:
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    sell(db, talenan, 2, 45000)
    line = set_counted(db, None, info.id, talenan, 23)  # what is physically left
    assert (line.expected, line.variance) == (23, 0)
    posted = post_count(db, None, info.id)
    assert (posted.adjustments, posted.variance_units) == (0, 0)
    assert adjustments_of(db, info.id) == []
    assert stock_on_hand(db, talenan) == 23
    final = line_of(db, info.id, talenan)
    assert (final.expected, final.counted, final.variance, final.adjustment) == (23, 23, 0, 0)


def test_a_sale_after_a_product_was_counted_is_not_a_gain(db: Database) -> None:
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    set_counted(db, None, info.id, talenan, 25)  # all there when counted
    sell(db, talenan, 1, 45000)  # then one is sold before the count is posted
    live = line_of(db, info.id, talenan)
    assert live.variance == 0
    posted = post_count(db, None, info.id)
    assert (posted.adjustments, posted.variance_units) == (0, 0)
    assert stock_on_hand(db, talenan) == 24  # what is physically there now
    final = line_of(db, info.id, talenan)
    assert (final.variance, final.adjustment) == (0, 0)


def test_a_real_loss_stays_a_loss_when_sales_follow_the_count(db: Database) -> None:
    talenan = pid(db, TALENAN)
    info = start_count(db, None, event_id(db), CountKind.CLOSING)
    sell(db, talenan, 2, 45000)  # before counting
    set_counted(db, None, info.id, talenan, 21)  # 23 expected: 2 missing
    sell(db, talenan, 1, 45000)  # after counting
    record_damage(db, None, event_id(db), talenan, 1, reason="jatuh")  # after counting
    posted = post_count(db, None, info.id)
    assert posted.variance_units == -2
    assert posted.variance_value == -90000
    assert [m.quantity for m in adjustments_of(db, info.id)] == [-2]
    assert stock_on_hand(db, talenan) == 19  # 21 counted, then 1 sold and 1 broken


def test_sales_of_another_till_during_the_count_are_accounted_for(till: Till) -> None:
    db = till.db
    besek = pid(db, BESEK)
    info = start_count(db, None, event_id(db), CountKind.SPOT)
    other_till = Database.open(db.url, anonymous_setup=True)
    try:
        commit_sale(
            other_till,
            [SaleLineRequest(besek, 1600, 125)],
            PaymentRequest("cash"),
            cashier="Dewi",
            till_code="BPN2",
            event_id=event_id(db),
        )
    finally:
        other_till.dispose()
    set_counted(db, None, info.id, besek, 400)
    assert post_count(db, None, info.id).adjustments == 0
    assert stock_on_hand(db, besek) == 400


def test_an_earlier_count_s_adjustments_are_part_of_the_next_snapshot(db: Database) -> None:
    talenan = pid(db, TALENAN)
    spot = start_count(db, None, event_id(db), CountKind.SPOT)
    set_counted(db, None, spot.id, talenan, 24)
    post_count(db, None, spot.id)
    closing = start_count(db, None, event_id(db), CountKind.CLOSING)
    assert line_of(db, closing.id, talenan).expected == 24
    assert list_movements(db, None, product_id=talenan, kinds=[MovementKind.COUNT_ADJUSTMENT])[
        0
    ].quantity == (-1)
    with db.read() as session:
        lines = session.scalar(select(func.count()).where(CountLine.session_id == closing.id))
    assert lines == TRACKED_IN_DEMO
