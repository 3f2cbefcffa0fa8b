"""``bazaar-pos verify``: a whole journal exits 0; a tampered one exits 1 naming the first bad
record; on a till with users only a supervisor may run it."""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path

import pytest

from bazaar_pos.cli.commands import main
from bazaar_pos.cli.login import NOT_ALLOWED
from bazaar_pos.db.models import Role
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.paths import database_path
from bazaar_pos.people.audit import AuditAction, list_audit
from bazaar_pos.startup import open_till
from bench.journal_tamper import drop_triggers
from tests.conftest import add_user


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "till"
    till = open_till(folder, seed_demo=True, anonymous_setup=True)
    add_demo_sales(till.db, 5)
    till.db.dispose()
    return folder


def _lower_a_total(data_dir: Path, receipt_no: str) -> None:
    with sqlite3.connect(database_path(data_dir)) as con:
        drop_triggers(con)
        con.execute("UPDATE sales SET total = 1000 WHERE receipt_no = ?", (receipt_no,))
    con.close()


def test_a_whole_journal_verifies_with_exit_status_0(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "verify"]) == 0
    out = capsys.readouterr().out
    assert "this till" in out and ": OK" in out
    assert "the journal is whole" in out


def test_a_lowered_sale_total_exits_1_and_names_the_receipt(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _lower_a_total(data_dir, "BPN1-000003")
    assert main(["--data-dir", str(data_dir), "verify"]) == 1
    captured = capsys.readouterr()
    assert "BROKEN at #" in captured.out
    assert "sale BPN1-000003" in captured.out and "content differs" in captured.out
    # the start-up check saw it too, on stderr
    assert "WARNING: the journal is broken at" in captured.err
    assert "BPN1-000003" in captured.err


def test_on_a_till_with_users_verify_needs_a_supervisor(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    till = open_till(data_dir, anonymous_setup=True)
    add_user(till.db, "spv", "Bu Ratna", Role.SUPERVISOR)
    add_user(till.db, "kasir", "Siti", Role.CASHIER)
    till.db.dispose()
    assert main(["--data-dir", str(data_dir), "verify"]) == NOT_ALLOWED
    assert "give --user USERNAME" in capsys.readouterr().err
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "1111")
    assert main(["--data-dir", str(data_dir), "verify", "--user", "kasir"]) == NOT_ALLOWED
    assert "may not verify_journal" in capsys.readouterr().err
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "2222")
    assert main(["--data-dir", str(data_dir), "verify", "--user", "spv"]) == 0
    assert "the journal is whole" in capsys.readouterr().out


TALENAN = "(SELECT id FROM products WHERE sku = 'BLA-KYU-001')"


def _write_talenan_balance_by_hand(data_dir: Path, *, drop_the_others: bool = False) -> int:
    """The talenan's balance set to 5 behind the app's back (and every other balance deleted
    with ``drop_the_others``); returns what its ledger sums to."""
    with sqlite3.connect(database_path(data_dir)) as con:
        (ledger,) = con.execute(
            f"SELECT sum(quantity) FROM stock_movements WHERE product_id = {TALENAN}"
        ).fetchone()
        con.execute(f"UPDATE stock_balances SET quantity = 5 WHERE product_id = {TALENAN}")
        if drop_the_others:
            con.execute(f"DELETE FROM stock_balances WHERE product_id <> {TALENAN}")
    con.close()
    return int(ledger)


def test_a_stock_balance_written_by_hand_exits_1_and_names_the_product_with_both_figures(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = _write_talenan_balance_by_hand(data_dir)
    assert main(["--data-dir", str(data_dir), "verify"]) == 1
    out = capsys.readouterr().out
    assert "the journal is whole" in out  # the ledger is right: only its sum was rewritten
    assert f"BLA-KYU-001: stock balance 5, its ledger sums to {ledger}" in out
    assert "stock balances: 1 product(s) differ from their ledger" in out


def test_a_sales_summary_written_by_hand_exits_1_names_its_table_and_is_rebuilt_on_request(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "verify"]) == 0
    assert "sales summaries: every one is the sums of the records" in capsys.readouterr().out
    with sqlite3.connect(database_path(data_dir)) as con:
        con.execute("UPDATE sales_by_cashier SET gross = gross + 500")
    con.close()
    assert main(["--data-dir", str(data_dir), "verify"]) == 1
    out = capsys.readouterr().out
    assert "the journal is whole" in out  # the records are untouched: only the summary
    assert "sales_by_cashier: " in out
    assert "sales summaries: 1 table(s) differ from the records" in out
    assert main(["--data-dir", str(data_dir), "verify", "--rebuild-summaries"]) == 0
    out = capsys.readouterr().out
    assert "sales summaries written again from the records" in out
    assert "sales summaries: every one is the sums of the records" in out


def test_a_cashier_asking_verify_to_rebuild_the_summaries_is_refused_and_nothing_is_written(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    till = open_till(data_dir, anonymous_setup=True)
    add_user(till.db, "kasir", "Siti", Role.CASHIER)
    till.db.dispose()
    with sqlite3.connect(database_path(data_dir)) as con:
        con.execute("UPDATE sales_by_cashier SET gross = gross + 500")
        (before,) = con.execute("SELECT sum(gross) FROM sales_by_cashier").fetchone()
    con.close()
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "1111")
    args = ["--data-dir", str(data_dir), "verify", "--rebuild-summaries", "--user", "kasir"]
    assert main(args) == NOT_ALLOWED
    captured = capsys.readouterr()
    assert "may not verify_journal" in captured.err
    assert "written again" not in captured.out
    with sqlite3.connect(database_path(data_dir)) as con:
        assert con.execute("SELECT sum(gross) FROM sales_by_cashier").fetchone() == (before,)
    con.close()
    till = open_till(data_dir, anonymous_setup=True)
    assert list_audit(till.db, actions=[AuditAction.SUMMARIES_REBUILT]) == []
    till.db.dispose()


def test_a_stock_balance_written_by_hand_is_written_again_from_the_ledger_on_request(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = _write_talenan_balance_by_hand(data_dir, drop_the_others=True)
    assert main(["--data-dir", str(data_dir), "verify", "--rebuild-balances"]) == 0
    out = capsys.readouterr().out
    assert "stock balances written again from the stock movements" in out
    assert "stock balances: every one is its ledger's sum" in out
    with sqlite3.connect(database_path(data_dir)) as con:
        assert con.execute(
            f"SELECT quantity FROM stock_balances WHERE product_id = {TALENAN}"
        ).fetchone() == (ledger,)
    con.close()
    till = open_till(data_dir, anonymous_setup=True)
    assert len(list_audit(till.db, actions=[AuditAction.BALANCES_REBUILT])) == 1
    till.db.dispose()
