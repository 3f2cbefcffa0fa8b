"""Crash bench: a till selling through the real services is killed with SIGKILL at random
moments; after every kill the next start must find nothing lost and nothing half-written.

    .venv/bin/python bench/crash_bench.py --kills 1000 [--seed N] [--json]

The child process (forked from this one, so it starts in milliseconds) opens the till like the
app does (``open_till``), then rings up sales for ever as the logged-in cashier: each scan
goes through ``find_by_code`` into the cart, the cart is kept on disk (``till.open_cart``,
as the sale screen does), and the sale is committed with ``commit_sale``. It reports on a
pipe ``R`` once the till is open, then what it knows is done: ``C <sale uuid> <items>``
after the cart was written, ``S <receipt> <sale uuid>`` after ``commit_sale`` returned. It
is killed after a random 0 … ``max_delay``: one kill in ten counted from the fork (during
the start), the others from the moment it is open (while it sells).

After each kill the parent plays the next start: ``open_till`` (the journal's start-up
check), ``claim_leftovers`` and ``recover_leftover`` as the cashier, then checks:

- ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` finds nothing;
- every till's journal chain verifies in full (``people.integrity.verify_journal``);
- no partial sale: every sale has lines, its lines add up to its total, its payments too,
  every tracked line has its stock movement, the receipt numbers have no gap and the
  counter is at the last one;
- every sale the child reported as saved is there, with its uuid;
- the open cart: a cart reported as written and not sold is parked now with at least the
  items reported; a recovered cart is never a sold one (parked or sold, never both);
- no stray temporary file, no leftover or damaged cart file is left in the data folder.

Every ``segment`` kills the till starts again from a copy of the template, so that the full
journal walk stays cheap; the figures add up over all segments. POSIX only (fork, SIGKILL).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` and ``bazaar_pos`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.db.file_identity import MARKER_NAME
from bazaar_pos.db.models import Role
from bazaar_pos.people.access import Actor
from bazaar_pos.people.integrity import verify_journal
from bazaar_pos.people.shifts import open_shift
from bazaar_pos.people.users import create_first_admin, create_user, login
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import open_till
from bazaar_pos.till import open_cart
from bazaar_pos.till.cart import Cart
from bazaar_pos.till.sales import PaymentRequest, commit_sale, lines_from_cart

TILL = "BPN1"
PINS = {"admin": "246810", "kasir": "1357", "spv": "2468"}
# The database, its WAL and shared memory, and the folder's identity marker (it says which
# database belongs here); anything else left behind is a stray temporary file.
ALLOWED_FILES = {"bazaar.sqlite3", "bazaar.sqlite3-wal", "bazaar.sqlite3-shm", MARKER_NAME}


@dataclass(frozen=True)
class Template:
    database: Path
    cashier: Actor
    supervisor: Actor
    codes: tuple[str, ...]


@dataclass
class CrashReport:
    kills: int = 0
    sales_reported: int = 0  # receipts the children printed after commit_sale returned
    sales_found: int = 0  # sales in the databases at the end (more: killed before printing)
    kills_starting: int = 0  # before the child wrote anything
    kills_cart_open: int = 0  # the last thing done was writing the cart
    kills_after_sale: int = 0  # the last thing done was a sale
    carts_parked: int = 0
    carts_already_sold: int = 0
    segments: int = 0
    seconds: float = 0.0
    check_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def make_template(folder: Path) -> Template:
    """A till with an admin, a supervisor and a cashier logged in on an open shift."""
    folder.mkdir(parents=True, exist_ok=True)
    till = open_till(folder, seed_demo=True, anonymous_setup=True)
    try:
        admin = create_first_admin(till.db, "admin", "Admin", PINS["admin"], till_code=TILL)
        for username, name, role in (
            ("kasir", "Siti Aminah", Role.CASHIER),
            ("spv", "Bu Ratna", Role.SUPERVISOR),
        ):
            create_user(
                till.db,
                admin,
                username=username,
                full_name=name,
                role=role,
                pin=PINS[username],
                till_code=TILL,
            )
        cashier = login(till.db, "kasir", PINS["kasir"], till_code=TILL)
        supervisor = login(till.db, "spv", PINS["spv"], till_code=TILL)
        open_shift(
            till.db,
            cashier,
            till_code=TILL,
            event_id=load_settings(till.db).current_event_id,
            float_counts={"note_100000": 1},
        )
        with till.db.read() as session:
            codes = tuple(
                str(code)
                for (code,) in session.connection().exec_driver_sql(
                    "SELECT coalesce(nullif(barcode, ''), sku) FROM products "
                    "WHERE active AND price > 0 ORDER BY id"
                )
            )
    finally:
        till.db.dispose()
    return Template(folder / "bazaar.sqlite3", cashier, supervisor, codes)


def child_sells(data_dir: Path, template: Template, report_fd: int, seed: int) -> None:
    """Ring up sales until killed (runs in the forked child; never returns normally)."""
    rng = random.Random(seed)
    till = open_till(data_dir, seed_demo=False)
    event_id = load_settings(till.db).current_event_id
    cashier = template.cashier
    os.write(report_fd, b"R\n")  # open: the parent's clock for a kill while selling starts
    while True:
        cart = Cart()
        for _ in range(rng.randint(1, 5)):
            cart.add(find_by_code(till.db, rng.choice(template.codes)), rng.randint(1, 3))
            open_cart.save_open_cart(data_dir, cart, till_code=TILL, cashier=cashier.display_name)
            os.write(report_fd, f"C {cart.sale_uuid} {cart.item_count}\n".encode())
        result = commit_sale(
            till.db,
            lines_from_cart(cart),
            PaymentRequest("cash", cart.total),
            cashier=cashier,
            till_code=TILL,
            event_id=event_id,
            sale_uuid=cart.sale_uuid,
        )
        os.write(report_fd, f"S {result.receipt_no} {result.sale_uuid}\n".encode())
        open_cart.clear_open_cart(data_dir)


def run_child(data_dir: Path, template: Template, seed: int) -> tuple[int, int]:
    """Fork a selling child; (pid, the read end of its report pipe)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        code = 0
        try:
            child_sells(data_dir, template, write_fd, seed)
        except BaseException as error:  # not a kill: the parent counts it as a problem
            os.write(write_fd, f"E {type(error).__name__}: {error}\n".encode()[:4000])
            code = 3
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def read_until_ready(fd: int) -> bytes:
    """What the child wrote until it said it is open ("R"), or until it died."""
    seen = b""
    while b"R\n" not in seen:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        seen += chunk
    return seen


def read_all(fd: int, already: bytes = b"") -> list[str]:
    chunks = [already]
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    text = b"".join(chunks).decode("utf-8", "replace")
    return [line for line in text.splitlines() if line != "R"]


_PARTIAL_SALES = {
    "a sale without lines": "SELECT count(*) FROM sales s "
    "WHERE NOT EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id)",
    "a sale whose lines do not add up to its total": "SELECT count(*) FROM sales s "
    "WHERE s.total != (SELECT coalesce(sum(line_total), 0) FROM sale_lines WHERE sale_id = s.id)",
    "a sale whose payments do not add up to its total": "SELECT count(*) FROM sales s "
    "WHERE s.total != (SELECT coalesce(sum(amount), 0) FROM payments WHERE sale_id = s.id)",
    "a tracked line without its stock movement": "SELECT count(*) FROM sale_lines l "
    "JOIN products p ON p.id = l.product_id WHERE p.track_stock AND NOT EXISTS "
    "(SELECT 1 FROM stock_movements m WHERE m.sale_line_id = l.id)",
}


def check_after_kill(
    data_dir: Path, template: Template, lines: list[str], report: CrashReport, kill: int
) -> None:
    """The next start after kill number ``kill``, and every check of the module docs."""
    problems = report.problems
    errors = [line for line in lines if line.startswith("E ")]
    problems += [f"kill {kill}: the child failed on its own: {line[2:]}" for line in errors]
    sold = {parts[2]: parts[1] for parts in (line.split() for line in lines) if parts[0] == "S"}
    report.sales_reported += len(sold)
    carts = [line.split() for line in lines if line.startswith("C ")]
    last = lines[-1].split()[0] if lines else ""
    if last == "C":
        report.kills_cart_open += 1
    elif last == "S":
        report.kills_after_sale += 1
    else:
        report.kills_starting += 1

    till = open_till(data_dir, seed_demo=False)
    try:
        recovered = [
            open_cart.recover_leftover(
                till.db, path, actor=template.cashier, till_code=TILL, label="crash bench"
            )
            for path in open_cart.claim_leftovers(data_dir)
        ]
        with till.db.read() as session:
            sql = session.connection().exec_driver_sql
            integrity = [row[0] for row in sql("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                problems.append(f"kill {kill}: integrity_check: {integrity[:5]}")
            foreign = sql("PRAGMA foreign_key_check").all()
            if foreign:
                problems.append(f"kill {kill}: foreign_key_check: {foreign[:5]}")
            for what, query in _PARTIAL_SALES.items():
                found = sql(query).scalar()
                if found:
                    problems.append(f"kill {kill}: {found} × {what}")
            count, highest = sql(
                "SELECT count(*), coalesce(max(receipt_number), 0) FROM sales WHERE till_code = ?",
                (TILL,),
            ).one()
            counter = sql(
                "SELECT coalesce(max(last_number), 0) FROM receipt_counters WHERE till_code = ?",
                (TILL,),
            ).scalar()
            if not count == highest == counter:
                problems.append(
                    f"kill {kill}: receipts {count} sales, last number {highest}, counter {counter}"
                )
            for sale_uuid, receipt_no in sold.items():
                found = sql("SELECT uuid FROM sales WHERE receipt_no = ?", (receipt_no,)).scalar()
                if found != sale_uuid:
                    problems.append(f"kill {kill}: reported {receipt_no} is not there")
            sold_uuids = {str(u) for (u,) in sql("SELECT uuid FROM sales")}
            recovered_uuids = [
                str(u)
                for (u,) in sql("SELECT subject FROM audit_log WHERE action = 'sale_recovered'")
            ]
        if set(recovered_uuids) & sold_uuids:
            problems.append(f"kill {kill}: a cart was parked and also sold")
        for result in recovered:
            if result.outcome is open_cart.Recovery.UNREADABLE or result.saved is None:
                problems.append(f"kill {kill}: the open cart could not be read: {result.path}")
            elif result.outcome is open_cart.Recovery.PARKED:
                report.carts_parked += 1
            else:
                report.carts_already_sold += 1
        if carts and carts[-1][1] not in sold_uuids:  # the child was building this cart
            _, cart_uuid, items = carts[-1]
            parked = [
                r.saved
                for r in recovered
                if r.outcome is open_cart.Recovery.PARKED and r.saved is not None
            ]
            mine = [saved for saved in parked if saved.sale_uuid == cart_uuid]
            if not mine:
                problems.append(f"kill {kill}: the open cart {cart_uuid} was lost")
            elif sum(_items(saved.cart_json) for saved in mine) < int(items):
                problems.append(f"kill {kill}: the parked cart lost items")
        checked = verify_journal(till.db, template.supervisor)
        if not checked.ok:
            problems.append(f"kill {kill}: the journal breaks: {checked.first_breaks[:2]}")
    finally:
        till.db.dispose()
    stray = sorted(
        p.name for p in data_dir.iterdir() if p.is_file() and p.name not in ALLOWED_FILES
    )
    if stray:
        problems.append(f"kill {kill}: files left in the data folder: {stray}")


def _items(cart_json: str) -> int:
    return sum(int(line["quantity"]) for line in json.loads(cart_json)["lines"])


def count_sales(data_dir: Path) -> int:
    till = open_till(data_dir, seed_demo=False)
    try:
        with till.db.read() as session:
            return int(
                session.connection().exec_driver_sql("SELECT count(*) FROM sales").scalar() or 0
            )
    finally:
        till.db.dispose()


def run_crash_bench(
    work: Path,
    *,
    kills: int,
    seed: int,
    max_delay: float = 0.25,
    segment: int = 25,
    start_share: float = 0.1,
) -> CrashReport:
    """Kill a selling till ``kills`` times (see the module docs); the report of it all."""
    started = time.perf_counter()
    rng = random.Random(seed)
    template = make_template(work / "template")
    report = CrashReport()
    data_dir = work / "till"
    for kill in range(1, kills + 1):
        if (kill - 1) % segment == 0:
            if data_dir.exists():
                report.sales_found += count_sales(data_dir)
                shutil.rmtree(data_dir)
            data_dir.mkdir(mode=0o700)
            shutil.copy2(template.database, data_dir / "bazaar.sqlite3")
            report.segments += 1
        pid, read_fd = run_child(data_dir, template, rng.randrange(2**32))
        seen = b""
        # One kill in ten anywhere from the fork (the start, opening the database, the
        # journal's check); the others while it sells, from the moment it is open.
        if rng.random() >= start_share:
            seen = read_until_ready(read_fd)
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        checking = time.perf_counter()
        check_after_kill(data_dir, template, read_all(read_fd, seen), report, kill)
        report.check_seconds += time.perf_counter() - checking
        report.kills += 1
    report.sales_found += count_sales(data_dir)
    report.seconds = time.perf_counter() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--max-delay-ms", type=float, default=250.0)
    parser.add_argument("--segment", type=int, default=25, help="kills per fresh till")
    parser.add_argument("--work", type=Path, default=None, help="default: a temporary folder")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="crash-bench-") as temporary:
        work = args.work or Path(temporary)
        report = run_crash_bench(
            work,
            kills=args.kills,
            seed=args.seed,
            max_delay=args.max_delay_ms / 1000,
            segment=args.segment,
        )
    if args.json:
        print(json.dumps(asdict(report)))
    else:
        for key, value in asdict(report).items():
            if key != "problems":
                print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
        print(f"problems: {len(report.problems)}")
        for problem in report.problems[:50]:
            print(f"  {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
