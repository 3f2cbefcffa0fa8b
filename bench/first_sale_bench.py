"""The first sale after a cold start against the tenth, in the same process.

Each run is a fresh process (``--child``) on its own copy of a till (a cashier with her shift
open): it opens the till and shows the window as the app does (``ui.app.show_window``), logs
the cashier in, then rings up ten sales of three scans each and pays them in cash
(``SaleScreen.pay``: the commit, then the receipt PDF saved). Two kinds of run alternate:

- ``warm``: what the app does while the login is asked (``ui.warm_up.warm_receipt_path`` on
  the operations layer); the sales start once it is done. Its duration and the longest gap of a
  5 ms timer on the GUI thread meanwhile (how long a key of the login would have waited) are
  reported.
- ``cold``: no warm-up, the sales start at once (what the app did before).

The floor of the first sale is the tenth sale of the same process.

    QT_QPA_PLATFORM=offscreen python bench/first_sale_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
SALES = 10
# From assets/demo_catalog.csv: a café drink (no stock), a tracked item with 2,000 in stock.
CODES = ("2001000000098", "2002000000019", "2001000000098")
CASHIER, CASHIER_PIN = "kasir", "1357"
WARM_UP_TIMEOUT_MS = 30_000


def make_till(data_dir: Path) -> None:
    """A demo till with an admin and a cashier whose shift is open, and one sale made before:
    the till is started again during the event (a brand new till's very first sale still
    compiles the receipt's queries, ~50 ms: there is no receipt to read beforehand)."""
    from bazaar_pos.catalog.lookup import find_by_code
    from bazaar_pos.db.models import Role
    from bazaar_pos.people.shifts import open_shift
    from bazaar_pos.people.users import create_first_admin, create_user, login
    from bazaar_pos.settings import load_settings
    from bazaar_pos.startup import open_till
    from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale

    till = open_till(data_dir, seed_demo=True, anonymous_setup=True)
    try:
        settings = load_settings(till.db)
        code = settings.till_code
        admin = create_first_admin(till.db, "admin", "Admin", "246810", till_code=code)
        create_user(
            till.db,
            admin,
            username=CASHIER,
            full_name="Kasir Bench",
            role=Role.CASHIER,
            pin=CASHIER_PIN,
            till_code=code,
        )
        cashier = login(till.db, CASHIER, CASHIER_PIN, till_code=code)
        open_shift(
            till.db,
            cashier,
            till_code=code,
            event_id=settings.current_event_id,
            float_counts={"note_50000": 4},
        )
        product = find_by_code(till.db, CODES[0])
        commit_sale(
            till.db,
            [SaleLineRequest(product.id, 1, product.price)],
            PaymentRequest(method="cash", tendered=product.price),
            cashier=cashier,
            till_code=code,
            event_id=settings.current_event_id,
        )
    finally:
        till.db.dispose()


def child(data_dir: Path, warm: bool) -> dict[str, Any]:
    """One process: the window, the login, (the warm-up,) ten sales."""
    gc.disable()  # as the app's main(): start-up's objects are frozen by show_window's caller
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from bazaar_pos.people.users import login
    from bazaar_pos.startup import open_till
    from bazaar_pos.till.sales import PaymentRequest
    from bazaar_pos.ui.app import show_window
    from bazaar_pos.ui.warm_up import warm_receipt_path
    from bench.gui_stall import StallProbe

    till = open_till(data_dir, check_later=True)
    window = show_window(till, ask=False)
    app = QApplication.instance()
    assert app is not None
    gc.freeze()
    gc.enable()
    app.processEvents()
    settings = window.settings
    window.set_actor(login(till.db, CASHIER, CASHIER_PIN, till_code=settings.till_code))
    result: dict[str, Any] = {"warm": warm}
    if warm:
        loop = QEventLoop()
        probe = StallProbe()
        probe.start()
        began = time.perf_counter()
        finished: list[float] = []

        def done() -> None:
            finished.append(time.perf_counter())
            loop.quit()

        if warm_receipt_path(till, settings, then=done) is None:
            raise SystemExit("the warm-up did not start")
        QTimer.singleShot(WARM_UP_TIMEOUT_MS, loop.quit)
        loop.exec()
        probe.stop()
        if not finished:
            raise SystemExit("the warm-up did not finish")
        result["warm_up_ms"] = (finished[0] - began) * 1000
        result["longest_gui_gap_ms"] = probe.longest_ms
    screen = window.sale_screen
    pay_ms: list[float] = []
    sale_ms: list[float] = []
    for _ in range(SALES):
        began = time.perf_counter()
        for code in CODES:
            screen.scan_edit.setText(code)
            screen.submit_scan()
        paying = time.perf_counter()
        sale = screen.pay(PaymentRequest(method="cash", tendered=100_000))
        ended = time.perf_counter()
        if sale is None or screen.last_delivery is None or screen.last_delivery.pdf_path is None:
            raise SystemExit(f"a sale or its receipt failed: {screen.last_delivery}")
        pay_ms.append((ended - paying) * 1000)
        sale_ms.append((ended - began) * 1000)
    result["pay_ms"] = pay_ms
    result["sale_ms"] = sale_ms
    window.close()
    till.db.dispose()
    return result


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    # With bytecode caches, as an installed till (see run_bench.BYTECODE_DIR).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "bazaar-pos-bench-pycache")
    return env


def run_child(template: Path, work: Path, warm: bool) -> dict[str, Any]:
    data_dir = work / ("warm" if warm else "cold")
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.copytree(template, data_dir)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(data_dir)]
    if warm:
        command.append("--warm")
    done = subprocess.run(
        command, cwd=ROOT, env=_child_env(), capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"first-sale child failed: {done.stderr.strip()[-500:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(runs: int, work: Path | None = None) -> dict[str, Any]:
    """``runs`` warm and ``runs`` cold processes, alternating; medians over the runs."""
    with tempfile.TemporaryDirectory(prefix="first-sale-") as temp:
        base = Path(work or temp)
        template = base / "template"
        shutil.rmtree(template, ignore_errors=True)
        make_till(template)
        by_kind: dict[str, list[dict[str, Any]]] = {"warm": [], "cold": []}
        for run in range(runs):
            order = (True, False) if run % 2 == 0 else (False, True)
            for warm in order:
                by_kind["warm" if warm else "cold"].append(run_child(template, base, warm))
    summary: dict[str, Any] = {"runs": runs, "load_average": os.getloadavg()}
    for kind, results in by_kind.items():
        first = statistics.median(r["pay_ms"][0] for r in results)
        tenth = statistics.median(r["pay_ms"][-1] for r in results)
        later = statistics.median(statistics.median(r["pay_ms"][1:]) for r in results)
        summary[kind] = {
            "first_pay_ms": first,
            "tenth_pay_ms": tenth,
            "sales_2_to_10_pay_median_ms": later,
            "first_sale_ms": statistics.median(r["sale_ms"][0] for r in results),
            "tenth_sale_ms": statistics.median(r["sale_ms"][-1] for r in results),
            "first_over_tenth": first / tenth,
        }
        if kind == "warm":
            summary[kind]["warm_up_ms"] = statistics.median(r["warm_up_ms"] for r in results)
            summary[kind]["longest_gui_gap_ms"] = max(r["longest_gui_gap_ms"] for r in results)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--runs", type=int, default=5, help="processes of each kind (default 5)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.warm)))
        return 0
    print(json.dumps(measure(args.runs), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
