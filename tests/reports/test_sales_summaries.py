"""The sales summaries (migration 0010, bazaar_pos.db.sales_summaries) and the report read from
them: on a varied bazaar (tests/reports/varied.py) the report equals the reference computation
from the records (tests/reports/reference.py) in every scope and zone, and the summaries stay
the sums of the records whatever is written, moved or deleted; verify names a summary that is
not."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import delete, insert, inspect, select, text, update

from bazaar_pos.db import Database
from bazaar_pos.db.migrate import HEAD_REVISION, alembic_config, current_revision
from bazaar_pos.db.models import (
    Payment,
    Product,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    StockMovement,
)
from bazaar_pos.db.sales_summaries import (
    SUMMARY_TABLES,
    SummaryMismatch,
    category_receipts_stale,
    rebuild_summaries,
    summary_mismatches,
)
from bazaar_pos.reports.sales import ReportScope, SalesReport, sales_report
from tests.conftest import Staff
from tests.reports.reference import reference_sales_in
from tests.reports.support import TALENAN, WITA
from tests.reports.varied import Varied, build_varied_sales

NEPAL = ZoneInfo("Asia/Kathmandu")  # UTC+05:45: hours cut at a quarter past


@pytest.fixture
def varied(db: Database, staff: Staff, shift: int) -> Varied:
    return build_varied_sales(db, staff)


def figures(report: SalesReport) -> dict[str, Any]:
    """Every figure of a report (not its scope or title), rows as plain tuples."""
    found: dict[str, Any] = {}
    for name, value in vars(report).items():
        if name in ("scope", "title"):
            continue
        found[name] = [tuple(row) for row in value] if isinstance(value, tuple) else value
    return found


def scopes(varied: Varied) -> list[tuple[ReportScope, dt.tzinfo]]:
    day = dt.date(2026, 4, 27)
    one_day = dt.timedelta(days=1)
    return [
        (ReportScope(event_id=varied.event_id), WITA),
        (ReportScope(event_id=varied.second_event_id), WITA),
        (ReportScope(), WITA),
        (ReportScope(), dt.UTC),
        (ReportScope(start=day, end=day), WITA),
        (ReportScope(start=day + one_day, end=day + 2 * one_day), WITA),
        (ReportScope(start=day + one_day), dt.UTC),
        (ReportScope(end=day + one_day), NEPAL),
        (ReportScope(event_id=varied.event_id, start=day + one_day, end=day + one_day), NEPAL),
        (ReportScope(event_id=varied.event_id, start=day + 5 * one_day), WITA),  # nothing
    ]


def assert_as_the_reference(db: Database, staff: Staff, varied: Varied) -> None:
    for scope, zone in scopes(varied):
        with db.read() as session:
            expected = reference_sales_in(session, scope, tz=zone)
        actual = sales_report(db, staff.supervisor, scope, tz=zone)
        assert figures(actual) == figures(expected), (scope, zone)


def mismatches(db: Database) -> list[SummaryMismatch]:
    with db.read() as session:
        return summary_mismatches(session.connection())


def test_the_report_equals_the_reference_computation_in_every_scope_and_zone(
    db: Database, staff: Staff, varied: Varied
) -> None:
    report = sales_report(db, staff.supervisor, ReportScope(event_id=varied.event_id), tz=WITA)
    # The data set has what the comparison is about.
    assert varied.refunds >= 10 and report.refunds > 0 and report.discounts > 0
    assert len(report.by_day) == 3 and len(report.by_cashier) == 2
    assert {row.key for row in report.by_payment_method} == {"cash", "qris", "transfer"}
    assert any(row.key.endswith("/-") for row in report.by_workshop)
    assert_as_the_reference(db, staff, varied)


def test_the_summaries_are_the_sums_of_the_records_after_sales_and_refunds(
    db: Database, varied: Varied
) -> None:
    assert mismatches(db) == []


def test_a_sale_moved_to_another_time_event_or_cashier_takes_its_sums_along(
    db: Database, staff: Staff, varied: Varied
) -> None:
    """Nothing in the app moves a sale; a hand-made change (which the journal names) still
    leaves the summaries the sums of the records."""
    first, second, third = varied.receipts[:3]
    with db.write() as session:
        session.execute(
            update(Sale)
            .where(Sale.receipt_no == first)
            .values(created_at=dt.datetime(2026, 4, 29, 22, 55, tzinfo=WITA))
        )
        session.execute(
            update(Sale).where(Sale.receipt_no == second).values(event_id=varied.second_event_id)
        )
        session.execute(
            update(Sale).where(Sale.receipt_no.in_([third, first])).values(cashier="Pak Budi")
        )
    assert mismatches(db) == []
    assert_as_the_reference(db, staff, varied)


def test_deleting_sales_records_takes_their_sums_away(
    db: Database, staff: Staff, varied: Varied
) -> None:
    """As undoing a merge does: refund lines, refunds, payments, lines, then the sales, each
    kind in one statement (several lines of one sale and key go at once); a summary row left
    with nothing in it goes too (an undone merge leaves the database as it was)."""
    gone = list(varied.receipts[::4])
    with db.write() as session:
        sales = select(Sale.id).where(Sale.receipt_no.in_(gone))
        lines = select(SaleLine.id).where(SaleLine.sale_id.in_(sales))
        refund_lines = select(RefundLine.id).where(RefundLine.sale_line_id.in_(lines))
        session.execute(
            delete(StockMovement).where(
                StockMovement.sale_line_id.in_(lines)
                | StockMovement.refund_line_id.in_(refund_lines)
            )
        )
        session.execute(delete(RefundLine).where(RefundLine.id.in_(refund_lines)))
        session.execute(delete(Refund).where(Refund.sale_id.in_(sales)))
        session.execute(delete(Payment).where(Payment.sale_id.in_(sales)))
        session.execute(delete(SaleLine).where(SaleLine.sale_id.in_(sales)))
        session.execute(delete(Sale).where(Sale.receipt_no.in_(gone)))
    assert mismatches(db) == []
    with db.read() as session:
        for table, (_keys, values) in SUMMARY_TABLES.items():
            empty = " AND ".join(f"{value} = 0" for value in values)
            found = session.execute(text(f"SELECT count(*) FROM {table} WHERE {empty}"))
            assert found.scalar_one() == 0, f"{table} keeps rows of nothing"
    assert_as_the_reference(db, staff, varied)


def test_a_category_changed_after_its_product_sold_is_counted_from_the_lines_until_rebuilt(
    db: Database, staff: Staff, varied: Varied
) -> None:
    with db.write() as session:
        # An unsold product changing category leaves the summaries as they are.
        session.execute(
            update(Product)
            .where(Product.id.not_in(select(SaleLine.product_id)))
            .values(category="Lain-lain")
        )
        stale = category_receipts_stale(session.connection())
    assert not stale
    with db.write() as session:
        session.execute(
            update(Product).where(Product.barcode == TALENAN).values(category="Talenan")
        )
        assert category_receipts_stale(session.connection())
    assert_as_the_reference(db, staff, varied)
    with db.write() as session:
        rebuild_summaries(session.connection())
    with db.read() as session:
        assert not category_receipts_stale(session.connection())
    assert mismatches(db) == []
    assert_as_the_reference(db, staff, varied)


def test_verify_names_a_summary_written_by_hand(db: Database, varied: Varied) -> None:
    with db.write() as session:
        session.execute(text("UPDATE sales_by_method SET taken = taken + 1 WHERE method = 'qris'"))
        session.execute(text("DELETE FROM receipts_by_institution"))
    found = {item.table: item for item in mismatches(db)}
    assert set(found) == {"receipts_by_institution", "sales_by_method"}
    assert (
        found["receipts_by_institution"].missing > 0 and found["receipts_by_institution"].extra == 0
    )
    assert found["sales_by_method"].missing == found["sales_by_method"].extra > 0
    with db.write() as session:
        rebuild_summaries(session.connection())
    assert mismatches(db) == []


def test_an_upgraded_database_gets_the_sums_of_its_records(
    db: Database, staff: Staff, varied: Varied
) -> None:
    """Down to the revision before the summaries (their tables and triggers gone) and up
    again: the migration sums what was sold meanwhile."""
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009_catalog_stamp")
    with db.engine.begin() as connection:
        assert "sales_by_product" not in inspect(connection).get_table_names()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert current_revision(db.engine) == HEAD_REVISION
    assert mismatches(db) == []
    assert_as_the_reference(db, staff, varied)


def test_sales_written_in_one_statement_or_summed_at_a_long_jobs_commit_count_each_receipt_once(
    db: Database, staff: Staff, varied: Varied
) -> None:
    """A merge writes many lines per statement, and on PostgreSQL a long job defers the
    summaries' triggers to its commit (as the stock balances'): the triggers then see all the
    job's rows at once, a sale's every line of a product among them, and still count the
    receipt once. Here: copies of the first sales, with a product twice in one of them."""
    with db.read() as session:
        originals = session.execute(
            select(Sale).where(Sale.receipt_no.in_(varied.receipts[:6])).order_by(Sale.id)
        ).scalars()
        sales = [
            {
                column.key: getattr(sale, column.key)
                for column in Sale.__table__.columns
                if column.key != "id"
            }
            for sale in originals
        ]
        source_ids = [
            sale_id
            for (sale_id,) in session.execute(
                select(Sale.id).where(Sale.receipt_no.in_(varied.receipts[:6])).order_by(Sale.id)
            )
        ]
        lines = session.execute(
            select(SaleLine).where(SaleLine.sale_id.in_(source_ids)).order_by(SaleLine.id)
        ).scalars()
        line_rows = [
            {
                column.key: getattr(line, column.key)
                for column in SaleLine.__table__.columns
                if column.key != "id"
            }
            for line in lines
        ]
        payments = session.execute(
            select(Payment).where(Payment.sale_id.in_(source_ids)).order_by(Payment.id)
        ).scalars()
        payment_rows = [
            {
                column.key: getattr(payment, column.key)
                for column in Payment.__table__.columns
                if column.key != "id"
            }
            for payment in payments
        ]
    twice = dict(line_rows[0])  # the first sale's first product on one more line
    twice["line_no"] = 99
    line_rows.append(twice)
    with db.write() as session:
        if db.is_postgresql:
            session.execute(text("SET CONSTRAINTS ALL DEFERRED"))
        new_ids = {}
        for number, (source, sale) in enumerate(zip(source_ids, sales, strict=True), start=1):
            sale.update(
                uuid=str(uuid.uuid4()),
                till_code="BPN9",
                receipt_number=number,
                receipt_no=f"BPN9-{number:06d}",
            )
            new_ids[source] = session.execute(
                insert(Sale).values(sale).returning(Sale.id)
            ).scalar_one()
        for row in (*line_rows, *payment_rows):
            row.update(uuid=str(uuid.uuid4()), sale_id=new_ids[row["sale_id"]])
        session.execute(insert(SaleLine), line_rows)
        session.execute(insert(Payment), payment_rows)
    assert mismatches(db) == []
    assert_as_the_reference(db, staff, varied)


def test_the_summaries_rule_names_each_tables_key_and_sums_as_a_migrated_database_has_them(
    db: Database,
) -> None:
    """``SUMMARY_TABLES`` (what the rebuild, the check and the long job's commit write) and
    the frozen migration that made the tables were written apart: the tables of a migrated
    database must have exactly its key columns as their primary key and its sums beside."""
    tables = inspect(db.engine)
    for table, (keys, sums) in SUMMARY_TABLES.items():
        assert tuple(tables.get_pk_constraint(table)["constrained_columns"]) == keys, table
        columns = [column["name"] for column in tables.get_columns(table)]
        assert columns == [*keys, *sums], table
