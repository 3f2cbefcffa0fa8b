"""Committing sales: totals, payments, stock ledger, receipt numbers, atomicity, receipts."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bazaar_pos import sales
from bazaar_pos.cart import Cart
from bazaar_pos.catalog import find_by_code
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
)
from bazaar_pos.errors import (
    EmptyCart,
    InvalidQuantity,
    ProductUnavailable,
    ReceiptNotFound,
    TenderTooLow,
    UnknownPaymentMethod,
)
from bazaar_pos.receipt_files import save_receipt_pdf
from bazaar_pos.sales import (
    PaymentRequest,
    SaleLineRequest,
    SaleResult,
    commit_sale,
    lines_from_cart,
    receipt_for,
    recent_sales,
)
from bazaar_pos.settings import load_settings
from bazaar_pos.stock import stock_on_hand
from bazaar_pos.till import Till

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
        own = Database.open(db.url)
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
    receipt = receipt_for(db, result.receipt_no)
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
    receipt = receipt_for(db, result.receipt_no)
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
    assert receipt_for(db, " bpn1-000001 ", copy=True).copy


def test_receipt_for_unknown_number(db: Database) -> None:
    sell(db, (KOPI_SUSU, 1))
    with pytest.raises(ReceiptNotFound) as caught:
        receipt_for(db, "BPN1-000002")
    assert caught.value.receipt_no == "BPN1-000002"


def test_recent_sales_newest_first(db: Database) -> None:
    sell(db, (KOPI_SUSU, 1))
    sell(db, (TALENAN, 1), payment=PaymentRequest("qris"))
    recent = recent_sales(db)
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
