"""The variance report: every column through a whole event, live previews, prices, and the
consistency between the report, the count sessions and the ledger."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bazaar_pos.catalog.events import EventDraft, get_event, save_event
from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    CountKind,
    CountLine,
    CountSession,
    Institution,
    MovementKind,
    Product,
    StockMovement,
)
from bazaar_pos.paths import assets_dir
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import open_till
from bazaar_pos.stock.counts import count_sheet, post_count, set_counted, start_count
from bazaar_pos.stock.documents import VarianceLine, VarianceReport
from bazaar_pos.stock.ledger import (
    list_movements,
    record_arrivals,
    record_damage,
    reverse_movement,
    stock_on_hand,
)
from bazaar_pos.stock.returns import return_to_institution
from bazaar_pos.stock.variance import UnknownEvent, variance_report
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

TALENAN = "BLA-KYU-001"  # Talenan kayu jati, Rp 45.000, 25 arrived in the demo
RAK_SEPATU = "BLA-KYU-005"  # Rak sepatu kayu, Rp 275.000, 4 arrived
ASBAK = "BLA-KYU-003"  # Asbak kayu jati, Rp 25.000, 30 arrived
BESEK = "BNA-BES-001"  # Besek bambu kecil, Rp 125, 2,000 arrived
LUKISAN = "BPN-PYR-001"  # Lukisan bakar kayu, Rp 150.000, 12 arrived
KOPI_HITAM = "BPN-KAF-001"  # café drink, Rp 8.000, not tracked


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


def sell(db: Database, *lines: tuple[str, int, int]) -> None:
    commit_sale(
        db,
        [SaleLineRequest(pid(db, code), quantity, price) for code, quantity, price in lines],
        PaymentRequest("cash"),
        cashier="Siti Rahmawati",
        till_code="BPN1",
        event_id=event_id(db),
    )


def line(report: VarianceReport, db: Database, code: str) -> VarianceLine:
    product_id = pid(db, code)
    return next(item for item in report.lines if item.product_id == product_id)


def columns(item: VarianceLine) -> dict[str, int | None]:
    names = (
        "opening",
        "arrivals",
        "sold",
        "refunded",
        "returned",
        "damaged",
        "adjusted",
        "expected",
        "counted",
        "variance",
        "variance_value",
        "sales_value",
    )
    return {name: getattr(item, name) for name in names}


def count_everything(
    db: Database, session_id: int, exceptions: dict[str, int | None] | None = None
) -> None:
    """Count every product as the sheet expects, except the SKUs given (None: leave out)."""
    exceptions = exceptions or {}
    for item in count_sheet(db, None, session_id).lines:
        value = exceptions.get(item.sku, item.expected)
        if value is not None:
            set_counted(db, None, session_id, item.product_id, value)


def run_the_event(db: Database) -> None:
    """Opening count, deliveries, sales, damage, a spot check, a reversal, closing count."""
    ev = event_id(db)
    opening = start_count(db, None, ev, CountKind.OPENING)
    count_everything(db, opening.id, {TALENAN: 24})  # one talenan short on arrival
    post_count(db, None, opening.id)

    record_arrivals(
        db, None, ev, {pid(db, TALENAN): 10, pid(db, BESEK): 1000, pid(db, RAK_SEPATU): 2}
    )
    sell(db, (TALENAN, 3, 45000), (BESEK, 1600, 125), (KOPI_HITAM, 4, 8000))
    sell(db, (TALENAN, 2, 45000), (LUKISAN, 1, 150000), (KOPI_HITAM, 1, 8000))
    sell(db, (RAK_SEPATU, 1, 275000))
    record_damage(db, None, ev, pid(db, ASBAK), 2, reason="retak")
    record_damage(db, None, ev, pid(db, TALENAN), 1, reason="jatuh")

    spot = start_count(db, None, ev, CountKind.SPOT, institution_id=institution_id(db, "BNA"))
    set_counted(db, None, spot.id, pid(db, BESEK), 1390)  # 1,400 booked: 10 besek gone
    post_count(db, None, spot.id)

    wrong = list_movements(db, None, product_id=pid(db, RAK_SEPATU), kinds=[MovementKind.ARRIVAL])[
        0
    ]
    assert wrong.quantity == 2
    reverse_movement(db, None, wrong.id, reason="rak belum dikirim")

    closing = start_count(db, None, ev, CountKind.CLOSING)
    # 28 talenan booked, 26 on the table; the paintings were not counted.
    count_everything(db, closing.id, {TALENAN: 26, LUKISAN: None})
    post_count(db, None, closing.id)


def test_every_column_through_a_whole_event(db: Database) -> None:
    run_the_event(db)
    report = variance_report(db, None, event_id(db))
    assert columns(line(report, db, TALENAN)) == {
        "opening": 24,
        "arrivals": 10,
        "sold": 5,
        "refunded": 0,
        "returned": 0,
        "damaged": 1,
        "adjusted": 0,
        "expected": 28,
        "counted": 26,
        "variance": -2,
        "variance_value": -90000,
        "sales_value": 225000,
    }
    assert columns(line(report, db, BESEK)) == {
        "opening": 2000,
        "arrivals": 1000,
        "sold": 1600,
        "refunded": 0,
        "returned": 0,
        "damaged": 0,
        "adjusted": -10,  # the spot check
        "expected": 1390,
        "counted": 1390,
        "variance": 0,
        "variance_value": 0,
        "sales_value": 200000,
    }
    rak = line(report, db, RAK_SEPATU)
    assert (rak.opening, rak.arrivals, rak.sold, rak.expected, rak.counted) == (4, 0, 1, 3, 3)
    asbak = line(report, db, ASBAK)
    assert (asbak.damaged, asbak.expected, asbak.counted, asbak.variance) == (2, 28, 28, 0)
    lukisan = line(report, db, LUKISAN)
    assert columns(lukisan) == {
        "opening": 12,
        "arrivals": 0,
        "sold": 1,
        "refunded": 0,
        "returned": 0,
        "damaged": 0,
        "adjusted": 0,
        "expected": 11,
        "counted": None,
        "variance": None,
        "variance_value": None,
        "sales_value": 150000,
    }
    assert lukisan.uncounted
    kopi = line(report, db, KOPI_HITAM)
    assert not kopi.track_stock
    assert not kopi.uncounted
    assert (kopi.sold, kopi.sales_value, kopi.counted, kopi.variance) == (5, 40000, None, None)
    assert (kopi.opening, kopi.arrivals, kopi.expected, kopi.variance_value) == (0, 0, 0, None)
    talenan = line(report, db, TALENAN)
    assert (talenan.unit_price, talenan.institution_code, talenan.workshop) == (
        45000,
        "BLA",
        "Kerajinan kayu",
    )
    assert (talenan.name, talenan.unit, talenan.category) == (
        "Talenan kayu jati",
        "buah",
        "Kerajinan kayu",
    )


def test_totals_per_institution_and_for_the_event(db: Database) -> None:
    run_the_event(db)
    report = variance_report(db, None, event_id(db))
    by_code = {item.code: item for item in report.institutions}
    assert list(by_code) == ["BLA", "BNA", "BPN"]
    assert by_code["BLA"].name == "Rutan Kelas IIB Blora"
    bla = by_code["BLA"].totals
    assert (bla.products, bla.sold, bla.damaged, bla.arrivals) == (12, 6, 3, 10)
    assert (bla.variance, bla.variance_value, bla.uncounted) == (-2, -90000, 0)
    assert bla.sales_value == 225000 + 275000
    assert bla.expected == bla.counted + 2
    bna = by_code["BNA"].totals
    assert (bna.products, bna.sold, bna.adjusted, bna.variance, bna.sales_value) == (
        5,
        1600,
        -10,
        0,
        200000,
    )
    bpn = by_code["BPN"].totals
    assert bpn.products == 13  # 8 goods and 5 café drinks
    assert (bpn.sold, bpn.sales_value, bpn.uncounted) == (1 + 5, 150000 + 40000, 1)
    assert (bpn.variance, bpn.variance_value) == (0, 0)
    # The counted total leaves the uncounted paintings out; expected has them.
    assert bpn.expected == bpn.counted + 11
    total = report.totals
    assert total.products == len(report.lines) == 30
    assert total.sales_value == 890000
    assert (total.variance, total.variance_value, total.uncounted) == (-2, -90000, 1)
    for name in ("opening", "arrivals", "sold", "damaged", "adjusted", "expected", "counted"):
        assert getattr(total, name) == sum(getattr(i.totals, name) for i in report.institutions)
    # The takings in the report are the takings of the sales.
    assert total.sales_value == sum(item.sales_value for item in report.lines)


def test_the_report_names_the_counts_it_used(db: Database) -> None:
    run_the_event(db)
    report = variance_report(db, None, event_id(db))
    assert (report.event_name, report.venue) == (
        "Bazar HBP ke-62",
        "Halaman Rutan Kelas I Samarinda",
    )
    assert [c.kind for c in report.opening_counts] == ["opening"]
    assert [(c.kind, c.status, c.counted_by, c.supervised_by) for c in report.closing_counts] == [
        ("closing", "posted", "", "")  # names come from logins; nobody on this till
    ]
    assert report.closing_counts[0].institution_code is None
    assert report.generated_at.tzinfo is not None


def test_expected_is_what_the_closing_count_expected(db: Database) -> None:
    run_the_event(db)
    report = variance_report(db, None, event_id(db))
    closing = report.closing_counts[0].id
    with db.read() as session:
        at_post = dict(
            session.execute(
                select(CountLine.product_id, CountLine.expected_at_post).where(
                    CountLine.session_id == closing
                )
            ).all()
        )
    tracked = [item for item in report.lines if item.track_stock]
    assert len(at_post) == len(tracked) == 25
    for item in tracked:
        assert item.expected == at_post[item.product_id], item.sku
        assert item.expected == (
            item.opening
            + item.arrivals
            - item.sold
            + item.refunded
            - item.returned
            - item.damaged
            + item.adjusted
        )
        if item.counted is not None:
            # After posting, the ledger holds what was counted.
            assert stock_on_hand(db, item.product_id) == item.counted
            assert item.variance == item.counted - item.expected
            assert item.variance_value == item.variance * item.unit_price


def test_a_report_without_any_count(db: Database) -> None:
    report = variance_report(db, None, event_id(db))
    assert report.opening_counts == () and report.closing_counts == ()
    talenan = line(report, db, TALENAN)
    assert columns(talenan) == {
        "opening": 0,
        "arrivals": 25,  # the demo's delivery
        "sold": 0,
        "refunded": 0,
        "returned": 0,
        "damaged": 0,
        "adjusted": 0,
        "expected": 25,
        "counted": None,
        "variance": None,
        "variance_value": None,
        "sales_value": 0,
    }
    with (assets_dir() / "demo_catalog.csv").open(encoding="utf-8") as catalog:
        delivered = sum(int(row["opening_qty"]) for row in csv.DictReader(catalog))
    assert report.totals.arrivals == report.totals.expected == delivered == 2902
    assert report.totals.uncounted == 25
    assert report.totals.variance_value == 0


def test_an_open_closing_count_is_a_live_preview(db: Database) -> None:
    ev = event_id(db)
    closing = start_count(db, None, ev, CountKind.CLOSING)
    sell(db, (TALENAN, 2, 45000))  # before it is counted
    set_counted(db, None, closing.id, pid(db, TALENAN), 21)  # 23 left on the books: 2 missing
    set_counted(db, None, closing.id, pid(db, BESEK), 2000)
    report = variance_report(db, None, ev)
    assert [(c.id, c.status) for c in report.closing_counts] == [(closing.id, "open")]
    talenan = line(report, db, TALENAN)
    assert (talenan.sold, talenan.expected, talenan.counted, talenan.variance) == (2, 23, 21, -2)
    assert talenan.variance_value == -90000
    assert line(report, db, BESEK).variance == 0
    assert line(report, db, RAK_SEPATU).uncounted
    assert report.totals.uncounted == 23
    # The stall keeps selling while the others are counted: no new loss appears, and the
    # preview still matches what posting will write.
    sell(db, (TALENAN, 1, 45000))
    later = line(variance_report(db, None, ev), db, TALENAN)
    assert (later.sold, later.expected, later.counted, later.variance) == (3, 22, 20, -2)
    posted = post_count(db, None, closing.id)
    assert posted.variance_units == -2
    final = line(variance_report(db, None, ev), db, TALENAN)
    assert (final.expected, final.counted, final.variance) == (22, 20, -2)
    assert stock_on_hand(db, pid(db, TALENAN)) == 20


def test_variance_is_valued_at_the_price_when_the_closing_count_started(db: Database) -> None:
    ev = event_id(db)
    talenan = pid(db, TALENAN)
    closing = start_count(db, None, ev, CountKind.CLOSING, institution_id=institution_id(db, "BLA"))
    with db.write() as session:
        for product in session.scalars(select(Product).where(Product.sku.in_([TALENAN, LUKISAN]))):
            product.price += 5000
    set_counted(db, None, closing.id, talenan, 23)
    before_post = line(variance_report(db, None, ev), db, TALENAN)
    post_count(db, None, closing.id)
    report = variance_report(db, None, ev)
    item = line(report, db, TALENAN)
    assert (item.unit_price, item.variance, item.variance_value) == (45000, -2, -90000)
    assert before_post.variance_value == -90000
    # A product outside the count (BPN's) shows today's price.
    assert line(report, db, LUKISAN).unit_price == 155000


def test_returns_after_the_closing_count_do_not_change_the_report(db: Database) -> None:
    run_the_event(db)
    before = variance_report(db, None, event_id(db))
    return_to_institution(db, None, event_id(db), institution_id(db, "BLA"), received_by="Joko")
    assert stock_on_hand(db, pid(db, TALENAN)) == 0
    after = variance_report(db, None, event_id(db))
    assert after.lines == before.lines
    assert after.institutions == before.institutions
    assert after.totals == before.totals


def test_uncounted_as_zero_shows_the_goods_as_missing(db: Database) -> None:
    ev = event_id(db)
    closing = start_count(db, None, ev, CountKind.CLOSING, institution_id=institution_id(db, "BLA"))
    set_counted(db, None, closing.id, pid(db, TALENAN), 25)
    post_count(db, None, closing.id, uncounted_as_zero=True)
    report = variance_report(db, None, ev)
    rak = line(report, db, RAK_SEPATU)
    assert (rak.expected, rak.counted, rak.variance, rak.variance_value) == (4, 0, -4, -1100000)
    assert not rak.uncounted
    assert line(report, db, TALENAN).variance == 0
    # Other institutions were not in this count.
    assert line(report, db, BESEK).counted is None
    assert report.institutions[0].totals.uncounted == 0


def test_counts_of_one_institution_each(db: Database) -> None:
    ev = event_id(db)
    bla = start_count(db, None, ev, CountKind.CLOSING, institution_id=institution_id(db, "BLA"))
    set_counted(db, None, bla.id, pid(db, TALENAN), 24)
    post_count(db, None, bla.id)
    bna = start_count(db, None, ev, CountKind.CLOSING, institution_id=institution_id(db, "BNA"))
    set_counted(db, None, bna.id, pid(db, BESEK), 1999)
    report = variance_report(db, None, ev)
    assert [(c.institution_code, c.status) for c in report.closing_counts] == [
        ("BLA", "posted"),
        ("BNA", "open"),
    ]
    assert (line(report, db, TALENAN).variance, line(report, db, BESEK).variance) == (-1, -1)
    assert report.totals.variance_value == -45000 - 125


def test_goods_of_an_institution_taken_off_the_event_stay_in_its_report(db: Database) -> None:
    ev = event_id(db)
    sell(db, (BESEK, 100, 125))
    event = get_event(db, ev)
    assert event is not None
    without_bna = tuple(i for i in event.institution_ids if i != institution_id(db, "BNA"))
    save_event(
        db,
        EventDraft(
            id=event.id,
            name=event.name,
            venue=event.venue,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            institution_ids=without_bna,
        ),
    )
    report = variance_report(db, None, ev)
    besek = line(report, db, BESEK)
    assert (besek.sold, besek.sales_value) == (100, 12500)


def _reference_figures(db: Database, event: int) -> dict[int, dict[str, int]]:
    """The report's rule, spelled out the slow way from every ledger row: per product, the
    opening runs to the posting of its latest posted opening count, the period from there to
    the posting of its latest closing count (to now if that one is open), without that
    count's own adjustments."""
    with db.read() as session:
        sessions = {
            row.id: row
            for row in session.scalars(select(CountSession).where(CountSession.event_id == event))
        }
        lines = session.execute(select(CountLine.session_id, CountLine.product_id)).all()
        movements = session.execute(
            select(
                StockMovement.id,
                StockMovement.product_id,
                StockMovement.kind,
                StockMovement.quantity,
                StockMovement.count_session_id,
            )
        ).all()
    opening: dict[int, CountSession] = {}
    closing: dict[int, CountSession] = {}
    for session_id, product_id in lines:
        count = sessions.get(session_id)
        if count is None or count.status == "discarded":
            continue
        if count.kind == "opening" and count.status == "posted":
            best = opening.get(product_id)
            boundary = count.posted_through_movement_id or 0
            if best is None or boundary > (best.posted_through_movement_id or 0):
                opening[product_id] = count
        elif count.kind == "closing" and (
            product_id not in closing or count.id > closing[product_id].id
        ):
            closing[product_id] = count
    figures: dict[int, dict[str, int]] = {}
    for movement_id, product_id, kind, quantity, count_session_id in movements:
        figure = figures.setdefault(
            product_id,
            dict.fromkeys(("opening", "arrival", "sale", "damage", "return", "adjusted"), 0),
        )
        low = opening[product_id].posted_through_movement_id or 0 if product_id in opening else 0
        end = closing.get(product_id)
        if movement_id <= low:
            figure["opening"] += quantity
        elif end is not None and (
            (
                end.posted_through_movement_id is not None
                and movement_id > end.posted_through_movement_id
            )
            or count_session_id == end.id
        ):
            continue
        elif kind in ("arrival", "sale", "damage", "return"):
            figure[kind] += quantity
        else:
            figure["adjusted"] += quantity
    return figures


def test_figures_match_the_ledger_split_at_each_product_s_own_counts(db: Database) -> None:
    """Counts of single institutions at different moments give every product its own
    boundaries; the report must still split each product's ledger at its own."""
    ev = event_id(db)
    bla, bna = institution_id(db, "BLA"), institution_id(db, "BNA")
    opening_bla = start_count(db, None, ev, CountKind.OPENING, institution_id=bla)
    count_everything(db, opening_bla.id, {TALENAN: 23})
    post_count(db, None, opening_bla.id)
    record_arrivals(db, None, ev, {pid(db, TALENAN): 5, pid(db, BESEK): 300, pid(db, LUKISAN): 3})
    sell(db, (TALENAN, 2, 45000), (BESEK, 100, 125), (LUKISAN, 1, 150000))
    opening_bna = start_count(db, None, ev, CountKind.OPENING, institution_id=bna)
    count_everything(db, opening_bna.id, {BESEK: 2150})
    post_count(db, None, opening_bna.id)
    # A second opening count of Blora (a recount): the later one is the opening.
    recount = start_count(db, None, ev, CountKind.OPENING, institution_id=bla)
    count_everything(db, recount.id, {RAK_SEPATU: 3})
    post_count(db, None, recount.id)
    sell(db, (TALENAN, 1, 45000), (RAK_SEPATU, 1, 275000), (BESEK, 50, 125))
    record_damage(db, None, ev, pid(db, ASBAK), 1, reason="retak")
    spot = start_count(db, None, ev, CountKind.SPOT)
    set_counted(db, None, spot.id, pid(db, LUKISAN), 12)
    set_counted(db, None, spot.id, pid(db, BESEK), 1990)
    post_count(db, None, spot.id)
    closing_bla = start_count(db, None, ev, CountKind.CLOSING, institution_id=bla)
    count_everything(db, closing_bla.id, {TALENAN: 20})
    post_count(db, None, closing_bla.id)
    sell(db, (TALENAN, 1, 45000), (BESEK, 40, 125))
    # Blora is counted again; Banjarnegara's closing count is still going on.
    closing_bla_again = start_count(db, None, ev, CountKind.CLOSING, institution_id=bla)
    count_everything(db, closing_bla_again.id, {TALENAN: 18, ASBAK: None})
    post_count(db, None, closing_bla_again.id)
    closing_bna = start_count(db, None, ev, CountKind.CLOSING, institution_id=bna)
    set_counted(db, None, closing_bna.id, pid(db, BESEK), 1940)
    sell(db, (BESEK, 10, 125), (LUKISAN, 1, 150000))

    report = variance_report(db, None, ev)
    reference = _reference_figures(db, ev)
    checked = 0
    for item in report.lines:
        if not item.track_stock:
            continue
        want = reference[item.product_id]
        got = {
            "opening": item.opening,
            "arrival": item.arrivals,
            "sale": -item.sold,
            "damage": -item.damaged,
            "return": -item.returned,
            "adjusted": item.adjusted,
        }
        assert got == want, item.sku
        assert item.expected == sum(want.values()), item.sku
        checked += 1
    assert checked == 25
    talenan = line(report, db, TALENAN)
    # Opening: Blora's recount found the 26 booked (25 - 2 short + 5 - 2 sold). Then 2 sold,
    # and the first closing count took 5 off (an earlier count: "adjusted"); the second
    # closing count found 18 of the 19 booked.
    assert (talenan.opening, talenan.sold, talenan.adjusted) == (26, 2, -5)
    assert (talenan.expected, talenan.counted) == (19, 18)
    assert talenan.variance == -1
    besek = line(report, db, BESEK)
    # Opening at BNA's count (2,150), then 50 + 40 sold, the spot check found 110 fewer, 10
    # more sold after the open closing count found 1,940 of the 1,950 booked.
    assert (besek.opening, besek.sold, besek.adjusted) == (2150, 100, -110)
    assert (besek.expected, besek.counted, besek.variance) == (1940, 1930, -10)
    assert line(report, db, ASBAK).counted is None
    assert [(c.institution_code, c.status) for c in report.closing_counts] == [
        ("BLA", "posted"),
        ("BNA", "open"),
    ]
    assert [c.id for c in report.opening_counts] == [opening_bna.id, recount.id]


def test_an_unknown_event_has_no_report(db: Database) -> None:
    with pytest.raises(UnknownEvent) as refused:
        variance_report(db, None, 4242)
    assert refused.value.event_id == 4242


# --- property: posting makes the ledger agree with the count --------------------------------

GOODS = (TALENAN, BESEK, RAK_SEPATU, LUKISAN)
PRICES = {TALENAN: 45000, BESEK: 125, RAK_SEPATU: 275000, LUKISAN: 150000}
STARTING = {TALENAN: 25, BESEK: 2000, RAK_SEPATU: 4, LUKISAN: 12}

action = st.tuples(
    st.sampled_from(("arrival", "sale", "damage")),
    st.sampled_from(GOODS),
    st.integers(min_value=1, max_value=30),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.lists(action, max_size=6),
    during=st.lists(action, max_size=6),
    after=st.lists(action, max_size=4),
    counted=st.fixed_dictionaries(
        {code: st.one_of(st.none(), st.integers(min_value=0, max_value=3000)) for code in GOODS}
    ),
)
def test_posting_makes_the_ledger_hold_the_counted_figures(
    before: list[tuple[str, str, int]],
    during: list[tuple[str, str, int]],
    after: list[tuple[str, str, int]],
    counted: dict[str, int | None],
) -> None:
    """Any arrivals, sales and damage before the count starts, while it is open (before the
    products are counted) and after they are counted: the variance is the count against the
    ledger at the moment of counting, and once posted the ledger holds the counted figure plus
    what moved after the counting."""
    with tempfile.TemporaryDirectory() as folder:
        till = open_till(Path(folder) / "data", seed_demo=True, anonymous_setup=True)
        db = till.db
        try:
            ev = event_id(db)
            ids = {code: pid(db, code) for code in GOODS}

            def apply(actions: list[tuple[str, str, int]]) -> dict[str, int]:
                moved = dict.fromkeys(GOODS, 0)
                for kind, code, quantity in actions:
                    if kind == "arrival":
                        record_arrivals(db, None, ev, {ids[code]: quantity})
                        moved[code] += quantity
                    elif kind == "sale":
                        sell(db, (code, quantity, PRICES[code]))
                        moved[code] -= quantity
                    else:
                        record_damage(db, None, ev, ids[code], quantity, reason="rusak")
                        moved[code] -= quantity
                return moved

            at_start = {code: STARTING[code] + moved for code, moved in apply(before).items()}
            closing = start_count(db, None, ev, CountKind.CLOSING)
            moved_during = apply(during)
            for code, value in counted.items():
                if value is not None:
                    set_counted(db, None, closing.id, ids[code], value)
            moved_after = apply(after)
            live = variance_report(db, None, ev)
            posted = post_count(db, None, closing.id)
            report = variance_report(db, None, ev)

            variance_units = 0
            for code, value in counted.items():
                booked = at_start[code] + moved_during[code] + moved_after[code]
                item = line(report, db, code)
                assert item.expected == booked
                if value is None:
                    assert stock_on_hand(db, ids[code]) == booked
                    assert item.counted is None and item.variance is None
                    continue
                variance = value - (at_start[code] + moved_during[code])
                variance_units += variance
                assert stock_on_hand(db, ids[code]) == value + moved_after[code]
                assert item.variance == variance
                assert item.counted == value + moved_after[code]
                assert item.variance_value == variance * PRICES[code]
                assert line(live, db, code).variance == variance
                sheet_line = next(
                    x for x in count_sheet(db, None, closing.id).lines if x.product_id == ids[code]
                )
                assert (sheet_line.counted, sheet_line.variance) == (value, variance)
                assert sheet_line.adjustment == variance
            # Products nobody counted or moved are untouched, so the totals are these four.
            assert posted.variance_units == variance_units
            assert report.totals.variance == variance_units
        finally:
            db.dispose()
