#!/usr/bin/env python
"""The window while another till's export is merged: how long its GUI thread is ever kept
from the event loop, and what a sale committed on it costs meanwhile.

One till's export of ``--sale-lines`` sale lines (built once under bench/out/ by
``sync_merge_bench.build_exports``) is merged into a fresh office till, three ways, in one run:

- **floor**: nothing is merged. A 10 ms timer on the GUI thread records how late each tick
  comes (the longest lateness is the longest time the loop was kept busy), and a one-line cash
  sale is committed on the GUI thread every 250 ms (``commit_sale``, the sale screen's call),
  for ``--floor-seconds``.
- **layer**: the merge runs on the operations layer, as the Sinkronisasi menu runs it now;
  the same timer and sales meanwhile, until the merge has ended.
- **before**: the merge is called on the GUI thread, as the menu called it before: the
  timer's lateness is the merge itself, and no sale can be rung up meanwhile.

    QT_QPA_PLATFORM=offscreen python bench/window_during_merge_bench.py [--sale-lines 20000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bazaar_pos.catalog.lookup import find_by_code  # noqa: E402
from bazaar_pos.db import Database  # noqa: E402
from bazaar_pos.settings import load_settings, save_settings  # noqa: E402
from bazaar_pos.startup import open_till  # noqa: E402
from bazaar_pos.sync import ImportResult, import_export  # noqa: E402
from bazaar_pos.till.sales import PaymentRequest, SaleLineRequest, commit_sale  # noqa: E402
from bazaar_pos.ui.operations import Op, Progress, operations  # noqa: E402
from bench.sync_merge_bench import build_exports  # noqa: E402

TICK_MS = 10
SALE_EVERY_MS = 250
# The merge starts once the timer runs, so the tick after a merge on the GUI thread shows it.
START_AFTER_MS = 200
KOPI_HITAM = "2001000000098"  # Rp 8.000, not tracked: every sale is alike


@dataclass
class Window:
    """What the GUI thread did while a phase ran."""

    db: Database
    lateness_ms: list[float] = field(default_factory=list)
    # the lateness of the ticks with no sale committed since the one before: what the merge
    # alone costs the loop (a sale's own commit, waiting for the write lock, is on the thread)
    lateness_without_sale_ms: list[float] = field(default_factory=list)
    commits_ms: list[float] = field(default_factory=list)
    last_tick: float = 0.0
    sold_since_tick: bool = False

    def tick(self) -> None:
        now = time.perf_counter()
        if self.last_tick:
            late = max(0.0, (now - self.last_tick) * 1000 - TICK_MS)
            self.lateness_ms.append(late)
            if not self.sold_since_tick:
                self.lateness_without_sale_ms.append(late)
        self.last_tick = now
        self.sold_since_tick = False

    def sell(self) -> None:
        product = find_by_code(self.db, KOPI_HITAM)
        began = time.perf_counter()
        commit_sale(
            self.db,
            [SaleLineRequest(product.id, 1, product.price)],
            PaymentRequest("cash", product.price),
            cashier="Kasir Kantor",
            till_code="KTR1",
            event_id=None,
        )
        self.commits_ms.append((time.perf_counter() - began) * 1000)
        self.sold_since_tick = True

    def summary(self, seconds: float) -> dict[str, Any]:
        commits = sorted(self.commits_ms)
        return {
            "seconds": round(seconds, 2),
            "longest_stall_ms": round(max(self.lateness_ms, default=0.0), 1),
            "longest_stall_without_a_sale_ms": round(
                max(self.lateness_without_sale_ms, default=0.0), 1
            ),
            "stall_p99_ms": round(
                sorted(self.lateness_ms)[int(0.99 * (len(self.lateness_ms) - 1))], 1
            )
            if self.lateness_ms
            else None,
            "ticks": len(self.lateness_ms),
            "sales": len(commits),
            "sale_commit_median_ms": round(statistics.median(commits), 1) if commits else None,
            "sale_commit_max_ms": round(commits[-1], 1) if commits else None,
        }


def office(folder: Path) -> Database:
    till = open_till(folder, seed_demo=True, anonymous_setup=True)
    save_settings(till.db, load_settings(till.db).with_changes(till_code="KTR1"))
    return till.db


def run_loop(window: Window, start: Callable[[QEventLoop], None]) -> float:
    """The timer and the sales on the GUI thread until ``start``'s work quits the loop."""
    loop = QEventLoop()
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(window.tick)
    seller = QTimer()
    seller.setInterval(SALE_EVERY_MS)
    seller.timeout.connect(window.sell)
    ticker.start()
    seller.start()
    began = time.perf_counter()
    QTimer.singleShot(START_AFTER_MS, lambda: start(loop))
    loop.exec()
    seconds = time.perf_counter() - began
    ticker.stop()
    seller.stop()
    return seconds


def floor(folder: Path, seconds: float) -> dict[str, Any]:
    window = Window(office(folder))
    took = run_loop(window, lambda loop: QTimer.singleShot(int(seconds * 1000), loop.quit))
    window.db.dispose()
    return window.summary(took)


def on_the_layer(folder: Path, export: Path) -> dict[str, Any]:
    window = Window(office(folder))
    merged: list[ImportResult] = []

    def start(loop: QEventLoop) -> None:
        db = window.db

        def work(_progress: Progress) -> ImportResult:
            return import_export(db, export, imported_by="Bench", beside_a_till=True)

        def failed(error: Exception) -> None:
            raise SystemExit(f"the merge failed: {error}")

        running = operations().run(Op("merge", "Impor", work, merged.append, failed))
        assert running is not None
        running.ended.connect(loop.quit)

    took = run_loop(window, start)
    window.db.dispose()
    return {**window.summary(took), "rows_added": merged[0].rows_added}


def on_the_gui_thread(folder: Path, export: Path) -> dict[str, Any]:
    window = Window(office(folder))
    merged: list[ImportResult] = []

    def start(loop: QEventLoop) -> None:
        merged.append(import_export(window.db, export, imported_by="Bench"))
        # The loop turns a little longer: the tick after the merge shows how late it came.
        QTimer.singleShot(START_AFTER_MS, loop.quit)

    took = run_loop(window, start)
    window.db.dispose()
    return {**window.summary(took), "rows_added": merged[0].rows_added}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--sale-lines", type=int, default=20_000)
    parser.add_argument("--floor-seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    [export] = build_exports(1, args.sale_lines)
    work = Path(tempfile.mkdtemp(prefix="window-during-merge-"))
    try:
        results = {
            "floor": floor(work / "floor", args.floor_seconds),
            "layer": on_the_layer(work / "layer", export),
            "before": on_the_gui_thread(work / "before", export),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor_stall = max(results["floor"]["longest_stall_ms"], 1.0)
    results["stall_ratio_layer_to_floor"] = round(
        results["layer"]["longest_stall_ms"] / floor_stall, 1
    )
    results["stall_ratio_before_to_floor"] = round(
        results["before"]["longest_stall_ms"] / floor_stall, 1
    )
    print(json.dumps(results, indent=2))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
