"""Committing sales: totals, payments, stock ledger, receipt numbers, atomicity, receipts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    Event,
    Institution,
    MovementKind,
    Payment,
    Product,
    ReceiptCounter,
    Sale,
    SaleLine,
    StockMovement,
    User,
)
from bazaar_pos.errors import (
    EmptyCart,
    InvalidDiscount,
    InvalidQuantity,
    LoginRequired,
    ProductUnavailable,
    ReceiptNotFound,
    TenderTooLow,
    UnknownPaymentMethod,
)
from bazaar_pos.papers.receipt import PaperSize, render_receipt_pdf
from bazaar_pos.papers.receipt_files import save_receipt_pdf
from bazaar_pos.people.access import (
    Actor,
    Approval,
    ApprovalAction,
    NotLoggedIn,
    NotPermitted,
    UnknownUser,
)
from bazaar_pos.people.audit import AuditRecord, list_audit
from bazaar_pos.people.shifts import NoOpenShift
from bazaar_pos.people.users import approve, logout
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.stock.ledger import stock_on_hand
from bazaar_pos.till import sales
from bazaar_pos.till.cart import Cart
from bazaar_pos.till.sales import (
    PaymentRequest,
    SaleLineRequest,
    SaleResult,
    commit_sale,
    lines_from_cart,
    receipt_copy,
    receipt_for,
    recent_sales,
)
from tests.conftest import Staff, outside_connection

BESEK = "2002000000019"  # barcode of Besek bambu kecil, Rp 125, Rutan Banjarnegara
BESEK_SKU = "BNA-BES-001"
KOPI_SUSU = "BPN-KAF-002"  # café: Rp 12.000, untracked
TALENAN = "BLA-KYU-001"  # Talenan kayu jati, Rp 45.000, Rutan Blora
LUKISAN = "BPN-PYR-001"  # Lukisan bakar kayu, Rp 150.000, Rutan Balikpapan


def cart_of(db: Database, *items: tuple[str, int]) -> Cart:
    cart = Cart()
    for code, quantity in items:
        cart.add(find_by_code(db, code), quantity)
    return cart


def sell(
    db: Database,
    *items: tuple[str, int],
    payment: PaymentRequest | None = None,
    till_code: str = "BPN1",
) -> SaleResult:
    return commit_sale(
        db,
        lines_from_cart(cart_of(db, *items)),
        payment or PaymentRequest("cash"),
        cashier="Siti Rahmawati",
        till_code=till_code,
        event_id=load_settings(db).current_event_id,
    )


def row_counts(db: Database) -> dict[str, int]:
    """How many rows each table a sale writes to holds, and the receipt counters."""
    with db.read() as session:
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Sale, SaleLine, Payment, StockMovement)
        }
        for till_code, last in session.execute(
            select(ReceiptCounter.till_code, ReceiptCounter.last_number)
        ):
            counts[f"counter:{till_code}"] = last
    return counts


def one_sale(session: Session, receipt_no: str) -> Sale:
    return session.scalars(select(Sale).where(Sale.receipt_no == receipt_no)).one()


def receipt_numbers(db: Database, till_code: str) -> list[int]:
    with db.read() as session:
        return list(
            session.scalars(
                select(Sale.receipt_number)
                .where(Sale.till_code == till_code)
                .order_by(Sale.receipt_number)
            )
        )


# ----------------------------------------------------------------------------- totals, cash


def test_1600_besek_make_two_hundred_thousand(db: Database) -> None:
    result = sell(db, (BESEK, 1600), payment=PaymentRequest("cash", tendered=200_000))
    assert result.total == 200_000
    assert result.change == 0
    assert result.receipt_no == "BPN1-000001"
    with db.read() as session:
        (line,) = one_sale(session, result.receipt_no).lines
        assert (line.quantity, line.unit_price, line.line_total) == (1600, 125, 200_000)


def test_mixed_cart_total_and_change(db: Database) -> None:
    cart = cart_of(db, (BESEK, 1600), (KOPI_SUSU, 2), (TALENAN, 1))
    assert cart.total == 200_000 + 24_000 + 45_000
    result = commit_sale(
        db,
        lines_from_cart(cart),
        PaymentRequest("cash", tendered=300_000),
        cashier="Siti",
        till_code="BPN1",
        event_id=None,
    )
    assert (result.total, result.tendered, result.change) == (269_000, 300_000, 31_000)
    assert result.method == "cash"
    with db.read() as session:
        sale = one_sale(session, result.receipt_no)
        assert sale.total == 269_000
        assert [line.line_no for line in sale.lines] == [1, 2, 3]
        assert sum(line.line_total for line in sale.lines) == sale.total
        (payment,) = sale.payments
        assert (payment.method, payment.amount, payment.tendered, payment.change) == (
            "cash",
            269_000,
            300_000,
            31_000,
        )


def test_cash_without_an_amount_is_the_exact_total(db: Database) -> None:
    result = sell(db, (TALENAN, 2))
    assert (result.total, result.tendered, result.change) == (90_000, 90_000, 0)


def test_tender_too_low_writes_nothing(db: Database) -> None:
    before = row_counts(db)
    with pytest.raises(TenderTooLow) as caught:
        sell(db, (BESEK, 1600), (TALENAN, 1), payment=PaymentRequest("cash", tendered=200_000))
    assert (caught.value.total, caught.value.tendered) == (245_000, 200_000)
    assert row_counts(db) == before


@pytest.mark.parametrize("method", ["qris", "transfer"])
def test_non_cash_is_for_the_exact_amount(db: Database, method: str) -> None:
    # A tendered amount typed by mistake must not turn into change handed out.
    payment = PaymentRequest(method, tendered=500_000, reference="  QR-62-0042 ")
    result = sell(db, (LUKISAN, 1), (KOPI_SUSU, 1), payment=payment)
    assert (result.total, result.tendered, result.change, result.method) == (
        162_000,
        162_000,
        0,
        method,
    )
    with db.read() as session:
        (stored,) = one_sale(session, result.receipt_no).payments
        assert (stored.method, stored.amount, stored.tendered, stored.change) == (
            method,
            162_000,
            162_000,
            0,
        )
        assert stored.reference == "QR-62-0042"


def test_unknown_payment_method_writes_nothing(db: Database) -> None:
    before = row_counts(db)
    with pytest.raises(UnknownPaymentMethod) as caught:
        sell(db, (TALENAN, 1), payment=PaymentRequest("kredit"))
    assert caught.value.method == "kredit"
    assert row_counts(db) == before


def test_empty_cart_writes_nothing(db: Database) -> None:
    before = row_counts(db)
    with pytest.raises(EmptyCart):
        commit_sale(db, [], PaymentRequest("cash"), cashier="Siti", till_code="BPN1", event_id=None)
    assert row_counts(db) == before


@pytest.mark.parametrize(("quantity", "reason"), [(0, "not_positive"), (100_000, "too_large")])
def test_bad_line_quantity_writes_nothing(db: Database, quantity: int, reason: str) -> None:
    product = find_by_code(db, BESEK)
    before = row_counts(db)
    with pytest.raises(InvalidQuantity) as caught:
        commit_sale(
            db,
            [SaleLineRequest(product.id, quantity, product.price)],
            PaymentRequest("cash"),
            cashier="Siti",
            till_code="BPN1",
            event_id=None,
        )
    assert caught.value.reason == reason
    assert row_counts(db) == before


def test_archived_product_cannot_be_sold(db: Database) -> None:
    talenan = find_by_code(db, TALENAN)
    cart = cart_of(db, (BESEK, 10), (TALENAN, 1))  # rung up before the supervisor archived it
    with db.write() as session:
        session.execute(update(Product).where(Product.id == talenan.id).values(active=False))
    before = row_counts(db)
    with pytest.raises(ProductUnavailable) as caught:
        commit_sale(
            db,
            lines_from_cart(cart),
            PaymentRequest("cash", tendered=100_000),
            cashier="Siti",
            till_code="BPN1",
            event_id=None,
        )
    assert caught.value.product_id == talenan.id
    assert row_counts(db) == before


# ------------------------------------------------------------------------------- atomicity


def test_a_failure_midway_leaves_no_trace(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    besek = find_by_code(db, BESEK)
    before = row_counts(db)
    lines_written: list[int] = []

    def power_cut(connection: Connection, movements: list[dict[str, object]]) -> None:
        lines_written.append(
            connection.execute(select(func.count()).select_from(SaleLine)).scalar_one()
        )
        raise RuntimeError("power cut")

    monkeypatch.setattr(sales, "_record_sale_movements", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        sell(db, (BESEK, 1600), (KOPI_SUSU, 1))
    # The lines had really reached the database inside the transaction …
    assert lines_written == [2]
    # … and all of it was rolled back: no sale, line, payment, movement, counter bump.
    assert row_counts(db) == before
    with db.read() as session:
        assert session.get(ReceiptCounter, "BPN1") is None
    assert stock_on_hand(db, besek.id) == 2000

    monkeypatch.undo()
    result = sell(db, (BESEK, 1600))
    assert result.receipt_no == "BPN1-000001"
    assert stock_on_hand(db, besek.id) == 400


def test_a_database_error_midway_is_sqlalchemys_and_leaves_no_trace(db: Database) -> None:
    """The sale's statements run on the driver connection; its errors still reach the screen
    as SQLAlchemy's (the one family it handles), and the sale rolls back whole."""
    before = row_counts(db)
    with outside_connection(db) as other:
        if db.is_sqlite:
            other.execute(
                "CREATE TRIGGER disk_full BEFORE INSERT ON stock_movements "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        else:
            other.execute(
                "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$"
            )
            other.execute(
                "CREATE TRIGGER disk_full BEFORE INSERT ON stock_movements "
                "FOR EACH ROW EXECUTE FUNCTION disk_full()"
            )
    with pytest.raises(SQLAlchemyError, match="disk full"):
        sell(db, (BESEK, 1600), (KOPI_SUSU, 1))
    assert row_counts(db) == before


# ----------------------------------------------------------------------------- stock ledger


def test_stock_on_hand_is_arrivals_minus_sold(db: Database) -> None:
    besek = find_by_code(db, BESEK)
    talenan = find_by_code(db, TALENAN)
    assert (besek.on_hand, talenan.on_hand) == (2000, 25)
    sell(db, (BESEK, 1600), (TALENAN, 2))
    sell(db, (BESEK, 150), (KOPI_SUSU, 3))
    sell(db, (TALENAN, 1))
    assert stock_on_hand(db, besek.id) == 2000 - 1600 - 150
    assert stock_on_hand(db, talenan.id) == 25 - 3
    # The catalog the till scans from shows the same figure.
    assert find_by_code(db, BESEK).on_hand == 250
    assert find_by_code(db, TALENAN).on_hand == 22


def test_cafe_drinks_get_no_stock_movement(db: Database) -> None:
    kopi = find_by_code(db, KOPI_SUSU)
    assert not kopi.track_stock
    assert kopi.on_hand is None
    sell(db, (KOPI_SUSU, 40))
    with db.read() as session:
        moves = session.scalar(select(func.count()).where(StockMovement.product_id == kopi.id))
    assert moves == 0
    assert find_by_code(db, KOPI_SUSU).on_hand is None


def test_one_sale_movement_per_tracked_line(db: Database) -> None:
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    result = sell(db, (BESEK, 1600), (KOPI_SUSU, 2), (TALENAN, 1), (LUKISAN, 1))
    with db.read() as session:
        sale = one_sale(session, result.receipt_no)
        assert sale.event_id == event_id
        moves = session.scalars(
            select(StockMovement).where(StockMovement.kind == MovementKind.SALE.value)
        ).all()
        tracked_lines = [line for line in sale.lines if line.sku != KOPI_SUSU]
        assert len(moves) == len(tracked_lines) == 3
        by_line = {move.sale_line_id: move for move in moves}
        assert set(by_line) == {line.id for line in tracked_lines}
        for line in tracked_lines:
            move = by_line[line.id]
            assert move.product_id == line.product_id
            assert move.quantity == -line.quantity
            assert move.event_id == event_id


# -------------------------------------------------------------------------- receipt numbers


def test_receipt_numbers_are_gap_free_per_till(db: Database) -> None:
    results = [sell(db, (KOPI_SUSU, 1)) for _ in range(50)]
    assert [r.receipt_no for r in results] == [f"BPN1-{n:06d}" for n in range(1, 51)]
    assert receipt_numbers(db, "BPN1") == list(range(1, 51))
    assert all(re.fullmatch(r"BPN1-\d{6}", r.receipt_no) for r in results)


def test_two_tills_count_independently(db: Database) -> None:
    issued: dict[str, list[str]] = {"BPN1": [], "BNA2": []}
    for index in range(7):
        till_code = "BNA2" if index % 3 == 0 else "BPN1"
        issued[till_code].append(sell(db, (KOPI_SUSU, 1), till_code=till_code).receipt_no)
    assert issued["BPN1"] == [f"BPN1-{n:06d}" for n in range(1, 5)]
    assert issued["BNA2"] == [f"BNA2-{n:06d}" for n in range(1, 4)]
    assert receipt_numbers(db, "BPN1") == [1, 2, 3, 4]
    assert receipt_numbers(db, "BNA2") == [1, 2, 3]


def test_concurrent_tills_on_one_file_get_unique_gap_free_numbers(db: Database) -> None:
    """Two cashiers (threads, each with its own Database) hammer the same receipt counter."""
    lines = lines_from_cart(cart_of(db, (BESEK, 2), (KOPI_SUSU, 1)))
    event_id = load_settings(db).current_event_id
    per_thread = 20
    start = threading.Barrier(2)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def cashier(name: str) -> None:
        own = Database.open(db.url, anonymous_setup=True)
        try:
            start.wait(timeout=10)
            for _ in range(per_thread):
                result = commit_sale(
                    own,
                    lines,
                    PaymentRequest("cash", tendered=50_000),
                    cashier=name,
                    till_code="BPN1",
                    event_id=event_id,
                )
                with lock:
                    numbers.append(result.receipt_no)
        except BaseException as error:
            errors.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=cashier, args=(name,)) for name in ("Siti", "Budi")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(numbers) == [f"BPN1-{n:06d}" for n in range(1, 2 * per_thread + 1)]
    assert receipt_numbers(db, "BPN1") == list(range(1, 2 * per_thread + 1))
    with db.read() as session:
        cashiers = session.execute(select(Sale.cashier, func.count()).group_by(Sale.cashier)).all()
        assert dict(cashiers) == {"Siti": per_thread, "Budi": per_thread}
        assert session.get(ReceiptCounter, "BPN1") is not None
    besek = find_by_code(db, BESEK)
    assert besek.on_hand == 2000 - 2 * 2 * per_thread


# ------------------------------------------------------------------ what the sale remembers


def test_sale_line_keeps_name_and_price_after_catalog_edit(db: Database) -> None:
    talenan = find_by_code(db, TALENAN)
    result = sell(db, (TALENAN, 2), payment=PaymentRequest("cash", tendered=100_000))
    with db.write() as session:
        session.execute(
            update(Product)
            .where(Product.id == talenan.id)
            .values(price=60_000, name="Talenan kayu jati (besar)")
        )
    assert find_by_code(db, TALENAN).price == 60_000
    with db.read() as session:
        sale = one_sale(session, result.receipt_no)
        (line,) = sale.lines
        assert (line.product_name, line.unit_price, line.line_total) == (
            "Talenan kayu jati",
            45_000,
            90_000,
        )
        assert sale.total == 90_000
    receipt = receipt_for(db, result.receipt_no, actor=None)
    assert receipt.lines[0].name == "Talenan kayu jati"
    assert receipt.lines[0].unit_price == 45_000
    assert (receipt.total, receipt.change) == (90_000, 10_000)


def test_every_line_is_attributed_to_its_institution_and_workshop(db: Database) -> None:
    result = sell(db, (BESEK, 100), (KOPI_SUSU, 1), (TALENAN, 1), (LUKISAN, 1))
    with db.read() as session:
        sale = one_sale(session, result.receipt_no)
        products = {
            product.id: product
            for product in session.scalars(
                select(Product).where(Product.id.in_([line.product_id for line in sale.lines]))
            )
        }
        for line in sale.lines:
            product = products[line.product_id]
            assert line.institution_id == product.institution_id
            assert line.workshop_id == product.workshop_id
            assert line.workshop_id is not None
        codes = dict(
            session.execute(
                select(SaleLine.sku, Institution.code)
                .join(Institution, SaleLine.institution_id == Institution.id)
                .where(SaleLine.sale_id == sale.id)
            ).all()
        )
    assert codes == {BESEK_SKU: "BNA", KOPI_SUSU: "BPN", TALENAN: "BLA", LUKISAN: "BPN"}


# ----------------------------------------------------------------------------------- receipts


def test_receipt_for_returns_what_was_sold(db: Database) -> None:
    result = sell(
        db, (LUKISAN, 1), (BESEK, 1600), (TALENAN, 1), (KOPI_SUSU, 2),
        payment=PaymentRequest("cash", tendered=500_000),
    )  # fmt: skip
    receipt = receipt_for(db, result.receipt_no, actor=None)
    assert receipt.receipt_no == "BPN1-000001"
    assert receipt.sale_uuid == result.sale_uuid
    assert receipt.event_name == "Bazar HBP ke-62"
    assert receipt.cashier == "Siti Rahmawati"
    assert receipt.till_code == "BPN1"
    assert [(line.name, line.quantity, line.line_total) for line in receipt.lines] == [
        ("Lukisan bakar kayu (pyrography) pemandangan 30x40 cm", 1, 150_000),
        ("Besek bambu kecil", 1600, 200_000),
        ("Talenan kayu jati", 1, 45_000),
        ("Kopi susu", 2, 24_000),
    ]
    assert [line.institution_code for line in receipt.lines] == ["BPN", "BNA", "BLA", "BPN"]
    # Whose goods these are, in order of first appearance, each institution once.
    assert receipt.institutions == (
        "Rutan Kelas IIA Balikpapan",
        "Rutan Kelas IIB Banjarnegara",
        "Rutan Kelas IIB Blora",
    )
    assert (receipt.total, receipt.tendered, receipt.change) == (419_000, 500_000, 81_000)
    assert receipt.method == "cash"
    assert not receipt.copy
    assert receipt_for(db, " bpn1-000001 ", copy=True, actor=None).copy


def test_receipt_for_unknown_number(db: Database) -> None:
    sell(db, (KOPI_SUSU, 1))
    with pytest.raises(ReceiptNotFound) as caught:
        receipt_for(db, "BPN1-000002", actor=None)
    assert caught.value.receipt_no == "BPN1-000002"


def test_a_receipt_is_shown_to_a_login_only(db: Database) -> None:
    sold = sell(db, (KOPI_SUSU, 1))  # on the till before its first account
    from tests.conftest import add_user

    cashier = add_user(db, "kasir", "Siti Aminah", "cashier")
    assert receipt_for(db, sold.receipt_no, actor=cashier).receipt_no == sold.receipt_no
    with pytest.raises(LoginRequired):
        receipt_for(db, sold.receipt_no, actor=None)
    with pytest.raises(NotLoggedIn):
        receipt_for(db, sold.receipt_no, actor=dataclasses.replace(cashier, session_token="x"))


def test_recent_sales_newest_first(db: Database) -> None:
    sell(db, (KOPI_SUSU, 1))
    sell(db, (TALENAN, 1), payment=PaymentRequest("qris"))
    recent = recent_sales(db, actor=None)
    assert [(s.receipt_no, s.total, s.method) for s in recent] == [
        ("BPN1-000002", 45_000, "qris"),
        ("BPN1-000001", 12_000, "cash"),
    ]


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_save_receipt_pdf(till: Till) -> None:
    result = sell(
        till.db, (BESEK, 1600), (KOPI_SUSU, 2), payment=PaymentRequest("cash", tendered=250_000)
    )
    path = save_receipt_pdf(till.db, till.data_dir, result.receipt_no)
    assert path == till.data_dir / "receipts" / "BPN1-000001.pdf"
    assert path.parent == till.receipts_dir
    assert path.read_bytes().startswith(b"%PDF")
    text = _pdf_text(path)
    assert "BPN1-000001" in text
    assert "Rp 224.000" in text  # total
    assert "Rp 250.000" in text  # cash handed over
    assert "Rp 26.000" in text  # change
    assert "Bazar HBP ke-62" in text
    assert not list(till.receipts_dir.glob("*.tmp"))

    copy = save_receipt_pdf(till.db, till.data_dir, " bpn1-000001", paper="58mm", copy=True)
    assert copy == till.receipts_dir / "BPN1-000001-salinan.pdf"
    assert "SALINAN" in _pdf_text(copy)
    assert path.exists()


def test_save_receipt_pdf_for_unknown_sale_writes_nothing(till: Till) -> None:
    with pytest.raises(ReceiptNotFound):
        save_receipt_pdf(till.db, till.data_dir, "BPN1-000099")
    assert not till.receipts_dir.exists() or not any(till.receipts_dir.iterdir())


def _event_name(db: Database, event_id: int) -> str:
    with db.read() as session:
        event = session.get(Event, event_id)
        assert event is not None
        return event.name


def test_sales_belong_to_the_current_event(db: Database) -> None:
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    result = sell(db, (KOPI_SUSU, 1))
    with db.read() as session:
        assert one_sale(session, result.receipt_no).event_id == event_id
    assert _event_name(db, event_id) == "Bazar HBP ke-62"


# ======================================================== people, shifts and discounts (#5)


def discount_sale(
    db: Database,
    cashier: Actor | str,
    *lines: SaleLineRequest,
    sale_discount: int = 0,
    sale_discount_approval: Approval | None = None,
    payment: PaymentRequest | None = None,
    cart_key: str = "c1",
) -> SaleResult:
    return commit_sale(
        db,
        list(lines),
        payment or PaymentRequest("cash"),
        cashier=cashier,
        till_code="BPN1",
        event_id=load_settings(db).current_event_id,
        sale_discount=sale_discount,
        sale_discount_approval=sale_discount_approval,
        cart_key=cart_key,
    )


def talenan_line(db: Database, quantity: int = 2, **changes: Any) -> SaleLineRequest:
    """Two Talenan (Rp 90.000) on the cart line with key "t1"."""
    product = find_by_code(db, TALENAN)
    line = SaleLineRequest(product.id, quantity, product.price, line_key="t1")
    return dataclasses.replace(line, **changes)


def audit_rows(db: Database, *actions: str) -> list[AuditRecord]:
    return list(reversed(list_audit(db, actions=actions)))


def approve_as(
    db: Database,
    staff: Staff,
    username: str,
    role: str,
    *,
    action: ApprovalAction,
    amount: int,
    subject: str = "line:t1",
) -> Approval:
    """``username``'s approval, asked for by the cashier, of ``action`` on ``subject``."""
    return approve(
        db,
        username,
        staff.pins[username],
        action=action,
        subject=subject,
        amount=amount,
        till_code="BPN1",
        minimum_role=role,
        requested_by=staff.cashier,
    )


def test_a_logged_in_cashier_sells_in_the_open_shift(
    db: Database, staff: Staff, shift: int
) -> None:
    result = discount_sale(db, staff.cashier, talenan_line(db))
    with db.read() as session:
        sale = one_sale(session, result.receipt_no)
        assert (sale.cashier, sale.cashier_user_id, sale.shift_id) == (
            "Siti Aminah",
            staff.cashier.user_id,
            shift,
        )
        assert (sale.subtotal, sale.discount, sale.total) == (90_000, 0, 90_000)
        (line,) = sale.lines
        assert (line.list_price, line.line_discount, line.sale_discount_share) == (45_000, 0, 0)
        assert line.approved_by == ""
    assert audit_rows(db, "discount", "price_override") == []


def test_no_open_shift_refuses_a_logged_in_cashier(db: Database, staff: Staff) -> None:
    before = row_counts(db)
    with pytest.raises(NoOpenShift) as caught:
        discount_sale(db, staff.cashier, talenan_line(db))
    assert caught.value.till_code == "BPN1"
    assert row_counts(db) == before


def test_a_name_is_refused_once_the_till_has_users(db: Database, staff: Staff, shift: int) -> None:
    before = row_counts(db)
    with pytest.raises(LoginRequired) as caught:
        discount_sale(db, "Siti", talenan_line(db))
    assert caught.value.name == "Siti"
    assert row_counts(db) == before


def test_a_deactivated_user_cannot_sell(db: Database, staff: Staff, shift: int) -> None:
    with db.write() as session:
        session.execute(update(User).where(User.id == staff.cashier.user_id).values(active=False))
    with pytest.raises(UnknownUser):
        discount_sale(db, staff.cashier, talenan_line(db))


def test_a_logged_out_or_hand_made_cashier_cannot_sell(
    db: Database, staff: Staff, shift: int
) -> None:
    before = row_counts(db)
    forged = Actor(staff.cashier.user_id, "kasir", "Siti Aminah", "cashier")
    with pytest.raises(NotLoggedIn):
        discount_sale(db, forged, talenan_line(db))
    # Another user's login token does not make the cashier either.
    borrowed = dataclasses.replace(forged, session_token=staff.supervisor.session_token)
    with pytest.raises(NotLoggedIn):
        discount_sale(db, borrowed, talenan_line(db))
    logout(db, staff.cashier, till_code="BPN1")
    with pytest.raises(NotLoggedIn):
        discount_sale(db, staff.cashier, talenan_line(db))
    assert row_counts(db) == before


def test_legacy_name_cashier_gets_no_discount_or_override(db: Database) -> None:
    before = row_counts(db)
    with pytest.raises(NotPermitted) as caught:
        discount_sale(db, "Siti", talenan_line(db, line_discount=1_000))
    assert (caught.value.action, caught.value.needed, caught.value.role) == (
        "line_discount",
        "cashier",
        "",
    )
    with pytest.raises(NotPermitted) as caught:
        discount_sale(db, "Siti", talenan_line(db, unit_price=46_000))
    assert (caught.value.action, caught.value.needed) == ("price_override", "supervisor")
    with pytest.raises(NotPermitted):
        discount_sale(db, "Siti", talenan_line(db), sale_discount=1)
    assert row_counts(db) == before


def test_cashier_gives_ten_percent_on_their_own(db: Database, staff: Staff, shift: int) -> None:
    result = discount_sale(db, staff.cashier, talenan_line(db, line_discount=9_000))
    assert (result.subtotal, result.total) == (81_000, 81_000)
    with db.read() as session:
        (line,) = one_sale(session, result.receipt_no).lines
        assert (line.unit_price, line.list_price, line.line_discount, line.line_total) == (
            45_000,
            45_000,
            9_000,
            81_000,
        )
        assert line.approved_by == "Siti Aminah"
    (entry,) = audit_rows(db, "discount")
    assert (entry.subject, entry.amount, entry.approved_by, entry.user_name) == (
        result.receipt_no,
        9_000,
        "Siti Aminah",
        "Siti Aminah",
    )
    assert entry.user_id == staff.cashier.user_id
    assert entry.till_code == "BPN1"
    assert entry.detail == ("Talenan kayu jati x2, diskon Rp 9.000; Rp 90.000 → Rp 81.000 (10%)")


def test_eleven_percent_needs_a_supervisor(db: Database, staff: Staff, shift: int) -> None:
    before = row_counts(db)
    line = talenan_line(db, line_discount=9_900)  # 11 %
    with pytest.raises(NotPermitted) as caught:
        discount_sale(db, staff.cashier, line)
    assert (caught.value.action, caught.value.needed, caught.value.role) == (
        "line_discount",
        "supervisor",
        "cashier",
    )
    assert row_counts(db) == before
    assert audit_rows(db, "discount") == []

    approval = approve_as(
        db, staff, "spv", "supervisor", action=ApprovalAction.LINE_DISCOUNT, amount=9_900
    )
    result = discount_sale(db, staff.cashier, dataclasses.replace(line, approval=approval))
    assert result.total == 80_100
    with db.read() as session:
        (stored,) = one_sale(session, result.receipt_no).lines
        assert stored.approved_by == "Bu Ratna (Kasubsi)"
    (entry,) = audit_rows(db, "discount")
    assert (entry.user_name, entry.approved_by, entry.amount) == (
        "Siti Aminah",
        "Bu Ratna (Kasubsi)",
        9_900,
    )
    assert "(11%)" in entry.detail


def test_a_made_up_approval_is_refused(db: Database, staff: Staff, shift: int) -> None:
    forged = Approval(
        grant_uuid="not-in-the-log",
        action=ApprovalAction.LINE_DISCOUNT,
        subject="line:t1",
        amount=20_000,
        approver_id=staff.supervisor.user_id,
        approver_name="Bu Ratna",
        role="supervisor",
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5),
        secret="guessed",
    )
    with pytest.raises(NotPermitted):
        discount_sale(db, staff.cashier, talenan_line(db, line_discount=20_000, approval=forged))


def test_above_half_needs_an_admin(db: Database, staff: Staff, shift: int) -> None:
    line = talenan_line(db, line_discount=50_000)  # 55 %
    supervisor_ok = approve_as(
        db, staff, "spv", "supervisor", action=ApprovalAction.LINE_DISCOUNT, amount=50_000
    )
    with pytest.raises(NotPermitted) as caught:
        discount_sale(db, staff.cashier, dataclasses.replace(line, approval=supervisor_ok))
    assert caught.value.needed == "admin"
    # A supervisor ringing up the sale themselves is no different.
    with pytest.raises(NotPermitted):
        discount_sale(db, staff.supervisor, line)
    admin_ok = approve_as(
        db, staff, "admin", "admin", action=ApprovalAction.LINE_DISCOUNT, amount=50_000
    )
    result = discount_sale(db, staff.cashier, dataclasses.replace(line, approval=admin_ok))
    assert result.total == 40_000
    assert [e.approved_by for e in audit_rows(db, "discount")] == ["Admin Rutan"]


def test_a_supervisor_discounts_up_to_half_without_asking(
    db: Database, staff: Staff, shift: int
) -> None:
    result = discount_sale(db, staff.supervisor, talenan_line(db, line_discount=45_000))
    assert result.total == 45_000
    with db.read() as session:
        sale = one_sale(session, result.receipt_no)
        assert sale.cashier == "Bu Ratna (Kasubsi)"
        assert sale.lines[0].approved_by == "Bu Ratna (Kasubsi)"


def test_any_price_override_needs_a_supervisor(db: Database, staff: Staff, shift: int) -> None:
    for price in (44_000, 50_000):  # 2 % less, or more: both are overrides
        with pytest.raises(NotPermitted) as caught:
            discount_sale(db, staff.cashier, talenan_line(db, unit_price=price))
        assert (caught.value.action, caught.value.needed) == ("price_override", "supervisor")
    approval = approve_as(
        db, staff, "spv", "supervisor", action=ApprovalAction.PRICE_OVERRIDE, amount=10_000
    )
    result = discount_sale(
        db, staff.cashier, talenan_line(db, unit_price=40_000, approval=approval)
    )
    assert result.total == 80_000
    with db.read() as session:
        (line,) = one_sale(session, result.receipt_no).lines
        assert (line.unit_price, line.list_price, line.line_total) == (40_000, 45_000, 80_000)
        assert line.approved_by == "Bu Ratna (Kasubsi)"
    (entry,) = audit_rows(db, "price_override")
    assert (entry.subject, entry.amount, entry.approved_by) == (
        result.receipt_no,
        10_000,
        "Bu Ratna (Kasubsi)",
    )
    assert entry.detail == (
        "Talenan kayu jati x2, harga Rp 45.000 → Rp 40.000; Rp 90.000 → Rp 80.000 (11,1%)"
    )


def test_sale_discount_is_spread_over_the_lines(db: Database, staff: Staff, shift: int) -> None:
    besek = find_by_code(db, BESEK)
    kopi = find_by_code(db, KOPI_SUSU)
    lines = [
        talenan_line(db, 1),  # 45.000
        SaleLineRequest(besek.id, 7, besek.price),  # 875
        SaleLineRequest(kopi.id, 1, kopi.price, line_discount=1_000),  # 11.000
    ]
    result = discount_sale(db, staff.cashier, *lines, sale_discount=5_687)  # exactly 10 %
    assert (result.subtotal, result.discount, result.total) == (56_875, 5_687, 51_188)
    with db.read() as session:
        sale = one_sale(session, result.receipt_no)
        assert (sale.subtotal, sale.discount, sale.total) == (56_875, 5_687, 51_188)
        assert sale.discount_approved_by == "Siti Aminah"
        shares = [line.sale_discount_share for line in sale.lines]
        assert shares == [4_500, 87, 1_100]  # exact 4499.6, 87.5, 1099.9
        assert sum(shares) == 5_687
        assert [line.line_total for line in sale.lines] == [40_500, 788, 9_900]
        assert sum(line.line_total for line in sale.lines) == sale.total
        (payment,) = sale.payments
        assert payment.amount == 51_188
    entries = audit_rows(db, "discount")
    assert [(e.amount, e.detail) for e in entries] == [
        (1_000, "Kopi susu x1, diskon Rp 1.000; Rp 12.000 → Rp 11.000 (8,3%)"),
        (5_687, "diskon transaksi Rp 5.687 dari Rp 56.875 (10%)"),
    ]
    receipt = receipt_for(db, result.receipt_no, actor=staff.cashier)
    assert (receipt.subtotal, receipt.discount, receipt.total) == (56_875, 5_687, 51_188)
    assert receipt.discount_approved_by == "Siti Aminah"
    # Receipt lines show each line after its own discount; the sale discount once, below.
    assert [
        (line.unit_price, line.list_price, line.line_discount, line.line_total)
        for line in receipt.lines
    ] == [(45_000, 45_000, 0, 45_000), (125, 125, 0, 875), (12_000, 12_000, 1_000, 11_000)]


def test_sale_discount_above_the_limit_needs_approval(
    db: Database, staff: Staff, shift: int
) -> None:
    with pytest.raises(NotPermitted) as caught:
        discount_sale(db, staff.cashier, talenan_line(db), sale_discount=9_001)
    assert caught.value.needed == "supervisor"
    approval = approve_as(
        db,
        staff,
        "spv",
        "supervisor",
        action=ApprovalAction.SALE_DISCOUNT,
        amount=30_000,
        subject="cart:c1",
    )
    result = discount_sale(
        db, staff.cashier, talenan_line(db), sale_discount=30_000, sale_discount_approval=approval
    )
    assert result.total == 60_000
    with db.read() as session:
        assert one_sale(session, result.receipt_no).discount_approved_by == "Bu Ratna (Kasubsi)"


def test_discount_larger_than_its_line_or_sale_is_refused(db: Database) -> None:
    with pytest.raises(InvalidDiscount) as caught:
        discount_sale(db, "Siti", talenan_line(db, line_discount=90_001))
    assert (caught.value.reason, caught.value.limit) == ("above_value", 90_000)
    with pytest.raises(InvalidDiscount) as caught:
        discount_sale(db, "Siti", talenan_line(db, line_discount=-1))
    assert caught.value.reason == "negative"
    with pytest.raises(InvalidDiscount) as caught:
        discount_sale(db, "Siti", talenan_line(db), sale_discount=90_001)
    assert caught.value.limit == 90_000


def test_a_free_sale_takes_no_payment(db: Database, staff: Staff, shift: int) -> None:
    approval = approve_as(
        db,
        staff,
        "admin",
        "admin",
        action=ApprovalAction.SALE_DISCOUNT,
        amount=45_000,
        subject="cart:c1",
    )
    result = discount_sale(
        db,
        staff.cashier,
        talenan_line(db, 1),
        sale_discount=45_000,
        sale_discount_approval=approval,
        payment=PaymentRequest("cash", tendered=50_000),
    )
    assert (result.total, result.tendered, result.change, result.method) == (0, 0, 0, "")
    assert result.payments == ()
    with db.read() as session:
        assert one_sale(session, result.receipt_no).payments == []
    receipt = receipt_for(db, result.receipt_no, actor=staff.cashier)
    assert (receipt.total, receipt.discount, receipt.payments) == (0, 45_000, ())
    assert find_by_code(db, TALENAN).on_hand == 24  # the goods still left the stall


def test_cart_with_discounts_goes_through_lines_from_cart(
    db: Database, staff: Staff, shift: int
) -> None:
    cart = cart_of(db, (TALENAN, 2), (KOPI_SUSU, 1))
    approval = approve_as(
        db,
        staff,
        "spv",
        "supervisor",
        action=ApprovalAction.PRICE_OVERRIDE,
        amount=10_000,
        subject=cart.lines[0].subject,
    )
    cart.override_price(0, 40_000, approval)
    cart.set_line_discount(1, 1_200)
    cart.set_sale_discount(2_000)
    result = commit_sale(
        db,
        lines_from_cart(cart),
        PaymentRequest("cash", tendered=100_000),
        cashier=staff.cashier,
        till_code="BPN1",
        event_id=None,
        sale_discount=cart.sale_discount,
        sale_discount_approval=cart.sale_discount_approval,
        cart_key=cart.key,
    )
    assert result.total == cart.total == 80_000 + 10_800 - 2_000
    assert result.change == 100_000 - result.total
    pdf = render_receipt_pdf(
        receipt_for(db, result.receipt_no, actor=staff.cashier), PaperSize.MM58
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "(harga diubah, harga katalog Rp 45.000)" in text
    assert "Diskon 10%" in text and "-Rp 1.200" in text
    assert "Diskon transaksi" in text and "-Rp 2.000" in text
    assert "Subtotal" in text and "Rp 90.800" in text
    assert "TOTAL" in text and "Rp 88.800" in text
    assert "Kembalian" in text and "Rp 11.200" in text
    assert "Kasir: Siti Aminah" in text


@settings(max_examples=200, deadline=None)
@given(
    totals=st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=30),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_shares_sum_exactly_and_never_exceed_a_line(totals: list[int], fraction: float) -> None:
    discount = int(sum(totals) * fraction)
    shares = sales.spread_discount(discount, totals)
    assert len(shares) == len(totals)
    assert sum(shares) == discount
    for share, total in zip(shares, totals, strict=True):
        assert 0 <= share <= total
        # Within one Rupiah of the exact proportional share.
        assert abs(share * sum(totals) - discount * total) < sum(totals) or sum(totals) == 0


# ----------------------------------------------------------------------------------- reprint


def test_reprint_is_marked_copy_and_logged(db: Database, staff: Staff, shift: int) -> None:
    result = discount_sale(db, staff.cashier, talenan_line(db))
    assert audit_rows(db, "reprint") == []
    first = receipt_for(db, result.receipt_no, actor=staff.cashier)
    assert not first.copy
    copy = receipt_copy(
        db, f" {result.receipt_no.lower()} ", actor=staff.supervisor, till_code="BPN1"
    )
    assert copy.copy
    assert dataclasses.replace(copy, copy=False) == first
    (entry,) = audit_rows(db, "reprint")
    assert (entry.subject, entry.user_name, entry.user_id, entry.till_code, entry.amount) == (
        result.receipt_no,
        "Bu Ratna (Kasubsi)",
        staff.supervisor.user_id,
        "BPN1",
        90_000,
    )


def test_reprint_of_an_unknown_receipt_logs_nothing(db: Database, staff: Staff) -> None:
    with pytest.raises(ReceiptNotFound):
        receipt_copy(db, "BPN1-000404", actor=staff.cashier, till_code="BPN1")
    assert audit_rows(db, "reprint") == []


def test_reprint_needs_a_login_once_there_are_users(db: Database, staff: Staff, shift: int) -> None:
    result = discount_sale(db, staff.cashier, talenan_line(db))
    with pytest.raises(LoginRequired):
        receipt_copy(db, result.receipt_no, actor=None, till_code="BPN1")
    assert audit_rows(db, "reprint") == []


def test_reprint_without_users_is_logged_without_a_name(db: Database) -> None:
    result = sell(db, (KOPI_SUSU, 1))
    assert receipt_copy(db, result.receipt_no, actor=None, till_code="BPN1").copy
    (entry,) = audit_rows(db, "reprint")
    assert (entry.subject, entry.user_id, entry.user_name) == (result.receipt_no, None, "")
