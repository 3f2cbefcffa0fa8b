"""The receipt path, warmed while the cashier logs in.

The first receipt of a process used to pay for everything a receipt needs the first time:
ReportLab with its barcode widgets (~0.3 s of imports), the three TrueType faces parsed
(~0.2 s), the measuring caches, and Qt's PDF and print modules. None of that is needed to show
the window, so start-up leaves it out (``tests/test_architecture.py`` checks that the window is
shown without it), and the app does it right after the window is shown, on a worker thread of
the operations layer, while the login is asked: the first sale is then as fast as the tenth.

On a worker: the GUI thread stays free to answer the login's keys (an import holds Python's
lock only between two of its switches, every few milliseconds). A sale paid before it is done
simply waits for the modules still being imported, as it did before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bazaar_pos.settings import TillSettings
from bazaar_pos.startup import Till
from bazaar_pos.ui.operations import Op, Progress, Running, run

log = logging.getLogger(__name__)

KIND = "warm_up"
# After the login is on screen: its first paint does not share the two cores with the work.
DELAY_MS = 100


def warm_receipt_path(
    till: Till, settings: TillSettings, then: Callable[[], None] | None = None
) -> Running | None:
    """Import and exercise what the first sale needs: the scan's statement (a code nobody
    has), the receipt's queries (the newest sale's receipt read and dropped, the login's
    guard asked for nobody), a throw-away receipt on the till's paper and language (nothing
    written). ``then`` runs on the GUI thread once it is done (the benchmark waits for it). An
    office sells nothing: nothing to warm, None."""
    if not settings.is_till:
        return None
    db = till.db
    paper = settings.paper
    language = settings.language

    def work(progress: Progress) -> None:
        from bazaar_pos.catalog.lookup import warm_up_scan
        from bazaar_pos.papers.receipt import PaperSize, warm_up
        from bazaar_pos.till.sales import warm_up_receipts

        warm_up_scan(db)
        warm_up_receipts(db)
        warm_up(PaperSize(paper), language)

    def done(_: None) -> None:
        # Qt's PDF and print modules (~30 ms) on the GUI thread: Qt's own modules are first
        # used on the thread that runs the application.
        import bazaar_pos.ui.papers.printing  # noqa: F401

        if then is not None:
            then()

    def failed(error: Exception) -> None:
        # Nothing to tell now: the first receipt says it (a damaged font file, in words).
        log.warning("warming the receipt path failed: %s", error)
        if then is not None:
            then()

    return run(Op(kind=KIND, title="", work=work, success=done, failure=failed))
