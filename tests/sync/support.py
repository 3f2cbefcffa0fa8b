"""Helpers of the sync tests: tills with a day of trading, figures to add up, database dumps,
and edits of an export's files (with or without fixing the manifest)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db import Database
from bazaar_pos.db.identity import sign
from bazaar_pos.db.models import CountKind, Role
from bazaar_pos.people import users
from bazaar_pos.people.access import Actor, ApprovalAction
from bazaar_pos.people.shifts import close_shift, open_shift, record_cash_movement
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.stock.counts import count_sheet, post_count, set_counted, start_count
from bazaar_pos.stock.returns import return_to_institution
from bazaar_pos.till.cart import cart_subject
from bazaar_pos.till.refunds import RefundLineRequest, refund_sale, refundable_sale
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

TALENAN = "BLA-KYU-001"  # Talenan kayu jati, Rp 45.000 (Blora)
BESEK = "BNA-BES-001"  # Besek bambu kecil, Rp 125 (Banjarnegara)
LUKISAN = "BPN-PYR-001"  # Lukisan bakar kayu, Rp 150.000 (Balikpapan)
KOPI_HITAM = "BPN-KAF-001"  # café drink, Rp 8.000, no stock
KESET = "BLA-KES-001"  # Keset, Rp 20.000 (Blora)

PINS = {"admin": "123456", "spv": "2222", "kasir": "1111"}


@dataclass(frozen=True)
class People:
    admin: Actor
    supervisor: Actor
    cashier: Actor


def add_people(db: Database, till_code: str, *, cashier_name: str = "Siti Aminah") -> People:
    """The till's admin, supervisor and cashier, created through the user service."""
    admin = users.create_first_admin(db, "admin", "Admin Rutan", PINS["admin"], till_code=till_code)

    def create(username: str, full_name: str, role: Role) -> Actor:
        info = users.create_user(
            db,
            admin,
            username=username,
            full_name=full_name,
            role=role.value,
            pin=PINS[username],
            till_code=till_code,
        )
        return users.login(db, info.username, PINS[username], till_code=till_code)

    return People(
        admin=admin,
        supervisor=create("spv", "Bu Ratna (Kasubsi)", Role.SUPERVISOR),
        cashier=create("kasir", cashier_name, Role.CASHIER),
    )


def event_id(db: Database) -> int:
    current = load_settings(db).current_event_id
    assert current is not None
    return current


def product_id(db: Database, sku: str) -> int:
    return find_by_code(db, sku).id


def line(db: Database, sku: str, quantity: int, *, discount: int = 0) -> SaleLineRequest:
    product = find_by_code(db, sku)
    return SaleLineRequest(product.id, quantity, product.price, line_discount=discount)


class Till:
    """One laptop's trading, through the real services."""

    def __init__(self, db: Database, till_code: str, people: People) -> None:
        self.db = db
        self.till_code = till_code
        self.people = people
        self.shift_id: int | None = None
        self.receipts: list[str] = []

    def open_shift(self) -> int:
        info = open_shift(
            self.db,
            self.people.cashier,
            till_code=self.till_code,
            event_id=event_id(self.db),
            float_counts={"note_100000": 1, "note_50000": 1, "note_10000": 5},
        )
        self.shift_id = info.shift_id
        return info.shift_id

    def sell(
        self,
        lines: list[SaleLineRequest],
        payment: PaymentRequest | list[PaymentRequest] | None = None,
        *,
        sale_discount: int = 0,
    ) -> str:
        approval = None
        cart_key = uuid.uuid4().hex
        if sale_discount:
            approval = users.approve(
                self.db,
                "spv",
                PINS["spv"],
                action=ApprovalAction.SALE_DISCOUNT,
                subject=cart_subject(cart_key),
                amount=sale_discount,
                till_code=self.till_code,
                requested_by=self.people.cashier,
            )
        result = commit_sale(
            self.db,
            lines,
            payment or PaymentRequest("cash"),
            cashier=self.people.cashier,
            till_code=self.till_code,
            event_id=event_id(self.db),
            sale_discount=sale_discount,
            sale_discount_approval=approval,
            cart_key=cart_key,
        )
        self.receipts.append(result.receipt_no)
        return result.receipt_no

    def refund_first_line(self, receipt_no: str, quantity: int = 1, method: str = "cash") -> str:
        sale = refundable_sale(self.db, receipt_no, actor=self.people.supervisor)
        result = refund_sale(
            self.db,
            receipt_no,
            [RefundLineRequest(sale.lines[0].sale_line_id, quantity)],
            method=method,
            actor=self.people.supervisor,
            till_code=self.till_code,
            request_key=str(uuid.uuid4()),
            reason="retak di pojok",
        )
        return result.refund_no

    def paid_out(self, amount: int, reason: str) -> None:
        record_cash_movement(
            self.db,
            self.people.cashier,
            till_code=self.till_code,
            kind="paid_out",
            amount=amount,
            reason=reason,
        )

    def close_shift(self) -> None:
        assert self.shift_id is not None
        close_shift(
            self.db,
            self.people.cashier,
            self.shift_id,
            counts={"note_100000": 3, "note_50000": 2, "note_10000": 4, "coin_500": 3},
            note="selisih dicatat",
        )
        self.shift_id = None

    def post_count(self, kind: CountKind, off_by: dict[str, int] | None = None) -> int:
        """A count of every product, as expected except ``off_by`` (sku -> difference)."""
        off_by = off_by or {}
        spv = self.people.supervisor
        count = start_count(self.db, spv, event_id(self.db), kind)
        for sheet_line in count_sheet(self.db, spv, count.id).lines:
            expected = sheet_line.expected
            assert expected is not None
            value = max(0, expected + off_by.get(sheet_line.sku, 0))
            set_counted(self.db, self.people.cashier, count.id, sheet_line.product_id, value)
        post_count(self.db, spv, count.id)
        return count.id

    def hand_over(self, institution_code: str) -> None:
        with self.db.read() as session:
            institution = session.execute(
                text("SELECT id FROM institutions WHERE code = :code"), {"code": institution_code}
            ).scalar_one()
        return_to_institution(
            self.db,
            self.people.supervisor,
            event_id(self.db),
            institution,
            received_by="Pak Budi (Rutan Blora)",
        )


def new_till(folder: Path, till_code: str, *, cashier_name: str = "Siti Aminah") -> Till:
    """A laptop as on first start (its own demo catalog and event, with its own uuids), set up
    as till ``till_code`` with an admin, a supervisor and a cashier."""
    db = open_till(folder, seed_demo=True, anonymous_setup=True).db
    save_settings(db, load_settings(db).with_changes(till_code=till_code))
    return Till(db, till_code, add_people(db, till_code, cashier_name=cashier_name))


def trade_a_day(till: Till) -> None:
    """Opening count, a shift with every kind of sale, a refund, a paid-out, the Z report, the
    closing count and the handover of Blora's goods: every table of an export gets rows."""
    db = till.db
    till.post_count(CountKind.OPENING, off_by={KESET: -1})
    till.open_shift()
    till.sell([line(db, TALENAN, 1, discount=4_000), line(db, BESEK, 40)])  # line discount
    till.sell(
        [line(db, LUKISAN, 1), line(db, KOPI_HITAM, 2)],
        [
            PaymentRequest("qris", amount=100_000, reference="QRIS-0427-001"),
            PaymentRequest("cash", tendered=100_000),
        ],
    )  # split tender with change
    discounted = till.sell(
        [line(db, TALENAN, 2), line(db, KESET, 1)], sale_discount=15_000
    )  # sale discount approved by the supervisor
    till.sell([line(db, BESEK, 12)], PaymentRequest("transfer", reference="BRI 88812"))
    till.refund_first_line(discounted)
    till.paid_out(20_000, "beli kantong plastik")
    till.close_shift()
    till.post_count(CountKind.CLOSING, off_by={BESEK: -2})
    till.hand_over("BLA")


# ------------------------------------------------------------------------------ figures


def figures(db: Database, event_name: str = "Bazar HBP ke-62") -> dict[str, Any]:
    """The money and goods of a database, keyed by what stays the same across databases
    (institution code, sku, payment method, till code): sums a merge must reproduce."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        with db.read() as session:
            return [tuple(row) for row in session.execute(text(sql), {"event": event_name})]

    in_event = "JOIN events e ON e.id = s.event_id AND e.name = :event"
    return {
        "sales": rows(f"SELECT count(*), coalesce(sum(s.total), 0) FROM sales s {in_event}")[0],
        "by_institution": dict(
            (code, (int(qty), int(total)))
            for code, qty, total in rows(
                "SELECT i.code, sum(l.quantity), sum(l.line_total) FROM sale_lines l "
                f"JOIN sales s ON s.id = l.sale_id {in_event} "
                "JOIN institutions i ON i.id = l.institution_id GROUP BY i.code"
            )
        ),
        "by_product": dict(
            (sku, (int(qty), int(total)))
            for sku, qty, total in rows(
                "SELECT l.sku, sum(l.quantity), sum(l.line_total) FROM sale_lines l "
                f"JOIN sales s ON s.id = l.sale_id {in_event} GROUP BY l.sku"
            )
        ),
        "by_payment_method": dict(
            (method, int(amount))
            for method, amount in rows(
                "SELECT p.method, sum(p.amount) FROM payments p "
                f"JOIN sales s ON s.id = p.sale_id {in_event} GROUP BY p.method"
            )
        ),
        "refunds_by_method": dict(
            (method, (int(count), int(amount)))
            for method, count, amount in rows(
                "SELECT r.method, count(*), sum(r.amount) FROM refunds r "
                f"JOIN sales s ON s.id = r.sale_id {in_event} GROUP BY r.method"
            )
        ),
        "stock_by_sku": dict(
            (sku, int(quantity))
            for sku, quantity in rows(
                "SELECT p.sku, sum(m.quantity) FROM stock_movements m "
                "JOIN products p ON p.id = m.product_id GROUP BY p.sku"
            )
        ),
        "paid_out": rows("SELECT count(*), coalesce(sum(amount), 0) FROM cash_movements")[0],
        "shifts_by_till": dict(
            (till, (int(count), int(closed)))
            for till, count, closed in rows(
                "SELECT till_code, count(*), sum(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) "
                "FROM shifts GROUP BY till_code"
            )
        ),
        # Each database's own records of its exports and imports are its own.
        "audit_entries": rows(
            "SELECT count(*) FROM audit_log WHERE action NOT IN ('sync_export', 'sync_import')"
        )[0][0],
    }


def add_figures(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of several databases added up key by key."""
    total: dict[str, Any] = {}
    for name in parts[0]:
        values = [part[name] for part in parts]
        if isinstance(values[0], dict):
            summed: dict[Any, Any] = {}
            for value in values:
                for key, item in value.items():
                    if key in summed:
                        summed[key] = (
                            tuple(a + b for a, b in zip(summed[key], item, strict=True))
                            if isinstance(item, tuple)
                            else summed[key] + item
                        )
                    else:
                        summed[key] = item
            total[name] = summed
        elif isinstance(values[0], tuple):
            total[name] = tuple(sum(column) for column in zip(*values, strict=True))
        else:
            total[name] = sum(values)
    return total


# ------------------------------------------------------------------------------ dumps


def dump(db: Database, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in rowid order (on PostgreSQL by the first column, the id):
    equal dumps = nothing was written."""
    from tests.conftest import table_names

    # The catalog stamp is no record: a random token any product change renews (an undone
    # merge too), so the search index knows to rebuild. Equal dumps leave it out.
    names = [name for name in table_names(db) if name not in skip and name != "catalog_stamp"]
    order = "" if db.is_sqlite else " ORDER BY 1"
    with db.read() as session:
        return {
            name: [tuple(row) for row in session.execute(text(f'SELECT * FROM "{name}"{order}'))]
            for name in names
        }


def row_counts(db: Database) -> Counter[str]:
    return Counter({name: len(rows) for name, rows in dump(db).items()})


# ------------------------------------------------------------------------------ files


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def signature_of(manifest: bytes, db: Database) -> bytes:
    """manifest.sig's content for ``manifest``, signed with the key of the till ``db``: what
    whoever holds that till's database file can do."""
    with db.write() as session:
        return base64.b64encode(sign(session, manifest)) + b"\n"


def sign_again(folder: Path, db: Database) -> None:
    """Sign a folder export's (edited) manifest again with the key of the till ``db``."""
    (folder / "manifest.sig").write_bytes(signature_of((folder / "manifest.json").read_bytes(), db))


def fix_manifest(
    folder: Path, file_name: str, *, new_export_id: bool = False, sign_with: Database | None = None
) -> None:
    """Make the manifest agree with an edited file again (size, SHA-256 and rows), so that
    only the signature (unless ``sign_with`` the till's own key) or the merge's own checks
    can catch the edit."""
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    data = (folder / file_name).read_bytes()
    for entry in manifest["files"]:
        if entry["name"] == file_name:
            entry["bytes"] = len(data)
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry["rows"] = len(read_csv(folder / file_name)) - 1
    if new_export_id:
        manifest["export_id"] = str(uuid.uuid4())
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    if sign_with is not None:
        sign_again(folder, sign_with)


def edit_manifest(folder: Path, *, sign_with: Database | None = None, **changes: Any) -> None:
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest.update(changes)
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    if sign_with is not None:
        sign_again(folder, sign_with)


def rewrite_zip(
    path: Path,
    file_name: str,
    change: Callable[[str], str],
    *,
    fix_manifest: bool,
    sign_with: Database | None = None,
) -> None:
    """Edit one CSV of an export as a spreadsheet would; with ``fix_manifest`` the manifest's
    size and SHA-256 are made to match, with ``sign_with`` it is signed again with that till's
    key (so only the cell itself is wrong)."""
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    edited = change(contents[file_name].decode("utf-8-sig")).encode("utf-8-sig")
    contents[file_name] = edited
    if fix_manifest:
        manifest = json.loads(contents["manifest.json"])
        for entry in manifest["files"]:
            if entry["name"] == file_name:
                entry["bytes"] = len(edited)
                entry["sha256"] = hashlib.sha256(edited).hexdigest()
        contents["manifest.json"] = json.dumps(manifest).encode()
        if sign_with is not None:
            contents["manifest.sig"] = signature_of(contents["manifest.json"], sign_with)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def replace_cell(text: str, line: int, column: str, value: str) -> str:
    """``text`` with the cell of ``column`` on CSV line ``line`` (header = 1) set to ``value``
    (the demo's cells hold no quoted commas in the columns these tests edit)."""
    rows = text.split("\r\n")
    header = rows[0].split(",")
    cells = rows[line - 1].split(",")
    cells[header.index(column)] = value
    rows[line - 1] = ",".join(cells)
    return "\r\n".join(rows)
