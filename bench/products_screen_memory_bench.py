#!/usr/bin/env python
"""Memory of the products screen at 100,000 products, above a bare PySide6 window.

Each figure is one fresh process (``--child``), measured from ``/proc/self/status``: the
resident set now (``VmRSS``) and its peak so far (``VmHWM``). Three kinds of process alternate,
``--runs`` of each, and the medians are reported:

- ``bare``: the floor, a ``QApplication`` and an empty ``QWidget`` of the screen's size, shown
  and painted;
- ``till``: the till opened as the app opens it (``open_till``, behind the start window:
  with Python's own import, see ``ui.start_window.plain_imports``), no screen;
- ``screen``: the till opened and the products screen shown (``ProductsScreen``), then step by
  step: its first page read and painted; the text filter's index built
  (``prepare_listing``, which the screen runs on a worker after the list is shown); the whole
  list read (``select_all``: Ctrl+A means every product of the filter).

The target (the "Fast at any size" issue): the products screen at 100,000 products no more
than 150 MB above the bare window, on the grown bazaar of 100,000 products and 1M sale lines
(``bench/grown.py``).

    QT_QPA_PLATFORM=offscreen python bench/products_screen_memory_bench.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
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
TARGET_MB = 150.0
SIZE = (1200, 700)  # the window's size in the screen benches
STEPS = ("first page", "index built", "whole list")


def _status_mb() -> tuple[float, float]:
    """This process's resident set now and its peak, in MB (``VmRSS``, ``VmHWM``)."""
    now = peak = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            now = int(line.split()[1]) / 1024
        elif line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return now, peak


def child(kind: str, data_dir: Path | None) -> dict[str, Any]:
    """One process's figures (MB). The bare window imports nothing of the project's."""
    assert "sqlalchemy" not in sys.modules, "the floor's process must not load SQLAlchemy"
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication([])
    result: dict[str, Any] = {"kind": kind}
    if kind == "bare":
        window = QWidget()
        window.resize(*SIZE)
        window.show()
        app.processEvents()
        result["shown"], result["peak"] = _status_mb()
        return result
    assert data_dir is not None
    from bazaar_pos.ui.start_window import plain_imports

    # As the app opens it behind its start window: with Python's own import, not PySide6's
    # (which keeps the source of every module imported after it: ~15 MB for these).
    with plain_imports():
        from bazaar_pos.settings import load_settings
        from bazaar_pos.startup import open_till

        till = open_till(data_dir, check_later=True)
    if kind == "till":
        result["shown"], result["peak"] = _status_mb()
        till.db.dispose()
        return result
    from bazaar_pos.catalog.search import prepare_listing
    from bazaar_pos.ui.catalog.products_screen import ProductsScreen

    screen = ProductsScreen(till, load_settings(till.db))
    screen.resize(*SIZE)
    screen.show()
    screen.reload()
    app.processEvents()
    result["first page"], result["first page peak"] = _status_mb()
    result["first page rows"] = screen.model.rowCount()
    prepare_listing(till.db)
    app.processEvents()
    result["index built"], result["index built peak"] = _status_mb()
    screen.select_all()  # the rest is read on the operations layer: wait for it
    deadline = time.monotonic() + 300
    while not screen.model.is_complete or len(screen.selected_rows()) < screen.model.rowCount():
        if time.monotonic() > deadline:
            raise SystemExit("the whole list never arrived")
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    result["whole list"], result["peak"] = _status_mb()
    result["whole list rows"] = screen.model.rowCount()
    screen.close()
    till.db.dispose()
    return result


def _run_child(kind: str, data_dir: Path | None) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONHASHSEED": "0"}
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {kind} process failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(runs: int, products: int, lines: int, work: Path) -> dict[str, Any]:
    # Here, not at the top: the bare window's process imports this module too, and grown
    # imports the migrations (SQLAlchemy, Alembic: +25 MB on the floor).
    from bench import grown

    folder, facts = grown.run_copy(products, lines, work)
    results: dict[str, list[dict[str, Any]]] = {"bare": [], "till": [], "screen": []}
    for index in range(runs):
        kinds = ["bare", "till", "screen"]
        for kind in kinds if index % 2 == 0 else list(reversed(kinds)):
            results[kind].append(_run_child(kind, None if kind == "bare" else folder))

    def median(kind: str, key: str) -> float:
        return statistics.median(float(run[key]) for run in results[kind])

    bare = median("bare", "shown")
    figures: dict[str, Any] = {
        "products": facts.get("products", products),
        "sale_lines": facts.get("sale_lines", lines),
        "runs": runs,
        "bare_mb": bare,
        "bare_peak_mb": median("bare", "peak"),
        "till_mb": median("till", "shown"),
        "rows": {
            "first page": int(median("screen", "first page rows")),
            "whole list": int(median("screen", "whole list rows")),
        },
    }
    for step in STEPS:
        figures[step] = {
            "mb": median("screen", step),
            "above_bare_mb": median("screen", step) - bare,
        }
    figures["peak"] = {
        "mb": median("screen", "peak"),
        "above_bare_mb": median("screen", "peak") - bare,
    }
    return figures


def render(figures: dict[str, Any]) -> str:
    bare = figures["bare_mb"]
    lines = [
        f"Products screen memory, {figures['products']:,} products / {figures['sale_lines']:,} "
        f"sale lines, median of {figures['runs']} processes each",
        "",
        "| what | resident | above the bare window | target |",
        "|---|---:|---:|---|",
        f"| bare PySide6 window (floor) | {bare:.0f} MB | — | |",
        f"| the till opened, no screen | {figures['till_mb']:.0f} MB | "
        f"+{figures['till_mb'] - bare:.0f} MB | |",
    ]
    for step in (*STEPS, "peak"):
        above = figures[step]["above_bare_mb"]
        verdict = "met" if above <= TARGET_MB else "**missed**"
        rows = figures["rows"].get(step)
        label = f"{step} ({rows:,} rows)" if rows else step
        lines.append(
            f"| {label} | {figures[step]['mb']:.0f} MB | +{above:.0f} MB | "
            f"≤ {TARGET_MB:.0f} MB above — {verdict} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--child", choices=("bare", "till", "screen"))
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="5,000 products, a smoke run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "products_memory")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.data_dir)))
        return 0
    from bench import grown

    products = grown.QUICK_BIG if args.quick else grown.BIG
    lines = grown.QUICK_LINES[-1] if args.quick else grown.LINES[-1]
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="products-memory-", dir=out))
    try:
        figures = measure(args.runs, products, lines, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = render(figures)
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
