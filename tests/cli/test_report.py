"""``bazaar-pos report`` (bazaar_pos.cli.report), through a parser built with
add_report_command (the lead wires it into bazaar_pos.cli.commands)."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from bazaar_pos.cli.report import add_report_command, run_report_command
from bazaar_pos.db import Database
from tests.conftest import Staff
from tests.reports.support import build_sales


def parse(*argv: str) -> argparse.Namespace:
    """As the supervisor ``spv`` (PIN from BAZAAR_POS_PIN), on a till with the staff."""
    parser = argparse.ArgumentParser(prog="bazaar-pos")
    add_report_command(parser.add_subparsers(dest="command"))
    return parser.parse_args(["report", *argv, "--user", "spv"])


@pytest.fixture(autouse=True)
def supervisor_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAZAAR_POS_PIN", "2222")


@pytest.fixture
def sold(db: Database, staff: Staff, shift: int) -> None:
    build_sales(db, staff)


def test_pdf_by_event_name(
    db: Database, sold: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "laporan" / "hbp62.pdf"
    status = run_report_command(parse("--event", "Bazar HBP ke-62", "--out", str(out)), db)
    assert status == 0
    assert capsys.readouterr().out.strip() == (
        f"{out}: PDF report of 'Bazar HBP ke-62': 3 receipts, net Rp 122.250, 3 institutions"
    )
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(out.read_bytes())).pages
    )
    assert "LAPORAN AKHIR ACARA" in text and "Penjualan bersih Rp 122.250" in text
    assert not [p.name for p in out.parent.iterdir() if p.name != "hbp62.pdf"]  # no temp left


def test_english_pdf_by_id(db: Database, sold: None, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert run_report_command(parse("--event", "1", "--out", str(out), "--language", "en"), db) == 0
    first = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "END-OF-EVENT REPORT" in first


def test_csv_from_the_suffix_or_the_option(
    db: Database, sold: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    assert run_report_command(parse("--event", "1", "--out", str(out)), db) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsection,group,key,label")
    assert "CSV report" in capsys.readouterr().out
    other = tmp_path / "report.txt"
    assert (
        run_report_command(parse("--event", "1", "--out", str(other), "--format", "csv"), db) == 0
    )
    first, second = out.read_text(encoding="utf-8-sig"), other.read_text(encoding="utf-8-sig")

    def figures(csv_text: str) -> list[str]:
        return [row for row in csv_text.splitlines() if not row.startswith("till,")]

    def chain_heads(csv_text: str) -> list[int]:
        return [int(row.split(",")[4]) for row in csv_text.splitlines() if row.startswith("till,")]

    assert figures(second) == figures(first)
    # The till rows pin the chain as each report was made: the first report's own audit
    # entries are links the second one pins too.
    heads = list(zip(chain_heads(first), chain_heads(second), strict=True))
    assert heads and all(later > earlier for earlier, later in heads)


def test_unknown_event_exits_2(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    assert run_report_command(parse("--event", "Bazar Natal", "--out", str(out)), db) == 2
    error = capsys.readouterr().err
    assert "no event 'Bazar Natal'" in error
    assert not out.exists()


def test_format_that_cannot_be_told_exits_2(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.txt"
    assert run_report_command(parse("--event", "1", "--out", str(out)), db) == 2
    assert "--format pdf or --format csv" in capsys.readouterr().err
    assert not out.exists()


def test_options_are_required() -> None:
    with pytest.raises(SystemExit):
        parse("--out", "x.pdf")
    args = parse("--event", "1", "--out", "x.pdf")
    assert (args.event, args.out, args.format, args.language) == ("1", Path("x.pdf"), None, None)


def test_a_cashier_gets_no_report_and_no_file(
    db: Database,
    sold: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BAZAAR_POS_PIN", "1111")
    parser = argparse.ArgumentParser(prog="bazaar-pos")
    add_report_command(parser.add_subparsers(dest="command"))
    out = tmp_path / "report.csv"
    args = parser.parse_args(["report", "--event", "1", "--out", str(out), "--user", "kasir"])
    assert run_report_command(args, db) == 3
    assert "may not view_reports" in capsys.readouterr().err
    assert not out.exists()
