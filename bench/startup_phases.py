"""Where a cold start spends its time: run as its own process by ``run_bench.py``.

Usage: ``python bench/startup_phases.py DATA_DIR`` (with the repository on ``PYTHONPATH``
and ``QT_QPA_PLATFORM=offscreen``). Prints one JSON object: milliseconds per phase, in the
order the app goes through them (``python -m bazaar_pos``), plus the process's own
start-up (interpreter and ``site``) as ``interpreter``. Each import phase only counts what
the phases before it have not already imported.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _interpreter_ms() -> float:
    """Milliseconds from process start to now (Linux: /proc/self/stat start time)."""
    try:
        import os

        ticks = os.sysconf("SC_CLK_TCK")
        start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return (uptime - start_ticks / ticks) * 1000
    except (OSError, ValueError, IndexError):
        return float("nan")


def main() -> int:
    data_dir = Path(sys.argv[1])
    phases: dict[str, float] = {"interpreter": _interpreter_ms()}

    def timed(name: str, action: str | Callable[[], object]) -> object:
        began = time.perf_counter()
        result = importlib.import_module(action) if isinstance(action, str) else action()
        phases[name] = (time.perf_counter() - began) * 1000
        return result

    timed("import bazaar_pos.cli.commands (argparse)", "bazaar_pos.cli.commands")
    timed("import PySide6.QtWidgets", "PySide6.QtWidgets")
    timed("import bazaar_pos.ui.start_window", "bazaar_pos.ui.start_window")
    from bazaar_pos.ui.start_window import StartWindow, plain_imports, show_start_window

    start = timed(
        "start window painted (QApplication, translations, login)", lambda: show_start_window("id")
    )
    assert isinstance(start, StartWindow)
    # From here on the app works behind the painted login (open_till on a worker thread,
    # with Python's own import: plain_imports); each phase is timed here on this thread, one
    # after the other.
    with plain_imports():
        timed("import sqlalchemy", "sqlalchemy")
        timed("import sqlalchemy.orm", "sqlalchemy.orm")
        timed("import bazaar_pos.db.models (mapping)", "bazaar_pos.db.models")
        timed("import bazaar_pos.startup", "bazaar_pos.startup")
        from bazaar_pos.startup import Till, open_till

        till = timed(
            "open_till (engine, migrate check, demo seed check)",
            lambda: open_till(data_dir, seed_demo=True, anonymous_setup=True),
        )
    assert isinstance(till, Till)
    timed("import bazaar_pos.ui.app (screens)", "bazaar_pos.ui.app")
    from bazaar_pos.ui.app import run_app

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        timed(
            "run_app until ready (the till's window, 1st loop)",
            lambda: run_app(till, exit_when_ready=True, start=start),
        )
    till.db.dispose()
    print(json.dumps(phases))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
