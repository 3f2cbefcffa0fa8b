"""The receipt path warmed while the cashier logs in: on the operations layer, nothing written."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot
from sqlalchemy import text

from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.settings import OFFICE, load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui import warm_up


def test_the_warm_up_runs_on_the_operations_layer_and_writes_no_receipt(
    qtbot: QtBot, till: Till
) -> None:
    done: list[bool] = []
    running = warm_up.warm_receipt_path(
        till, load_settings(till.db), then=lambda: done.append(True)
    )
    assert running is not None and running.kind == warm_up.KIND
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    receipts = till.receipts_dir
    assert not receipts.exists() or not any(receipts.iterdir())


def test_an_office_has_no_receipt_path_to_warm(till: Till) -> None:
    office = dataclasses.replace(load_settings(till.db), database_kind=OFFICE)
    assert warm_up.warm_receipt_path(till, office) is None


def test_the_warm_up_of_a_till_that_has_sold_writes_nothing_to_the_database(
    qtbot: QtBot, till: Till
) -> None:
    """It reads the newest receipt, scans a code nobody has and asks the login guard about a
    login that cannot exist: none of it leaves a row (no audit of a refusal, no login)."""
    add_demo_sales(till.db, 3)

    def rows() -> dict[str, int]:
        with till.db.read() as session:
            return {
                table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("sales", "audit_log", "login_sessions", "journal_links")
            }

    before = rows()
    done: list[bool] = []
    warm_up.warm_receipt_path(till, load_settings(till.db), then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert rows() == before
