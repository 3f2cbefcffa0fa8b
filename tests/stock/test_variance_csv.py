"""The variance report as CSV (bazaar_pos.stock.variance_csv): columns, plain integers, and text
that a spreadsheet would run as a formula neutralised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bazaar_pos.stock.variance_csv import CSV_COLUMNS, write_variance_csv
from tests.stock.support import (
    LONG_NAME,
    line,
    report,
    small_report,
)


def test_variance_csv(tmp_path: Path) -> None:
    rep = small_report()
    out = write_variance_csv(rep, tmp_path / "csv" / "selisih.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    assert [p.name for p in out.parent.iterdir()] == ["selisih.csv"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[0][:3] == ["institution_code", "sku", "name"]
    assert len(rows) == 1 + len(rep.lines)
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_sku = {r["sku"]: r for r in records}
    talenan = by_sku["BPN-TAL-001"]
    assert talenan["institution_code"] == "BPN"
    assert talenan["name"] == "Talenan kayu jati"
    assert talenan["track_stock"] == "1"
    assert talenan["unit_price"] == "10000"
    assert (talenan["opening"], talenan["sold"], talenan["expected"]) == ("20", "5", "15")
    assert (talenan["counted"], talenan["variance"]) == ("12", "-3")  # numbers keep their sign
    assert talenan["variance_value"] == "-30000"
    assert talenan["sales_value"] == "50000"
    keset = by_sku["BPN-KES-003"]
    assert (keset["counted"], keset["variance"], keset["variance_value"]) == ("", "", "")
    assert keset["arrivals"] == "5"
    kopi = by_sku["BLA-KOP-001"]
    assert (kopi["track_stock"], kopi["sold"], kopi["sales_value"]) == ("0", "40", "720000")
    assert by_sku["BLA-BES-001"]["variance_value"] == "250"
    assert by_sku["BPN-PYR-002"]["name"] == LONG_NAME
    # a spreadsheet can sum the columns
    assert sum(int(r["variance_value"] or 0) for r in records) == rep.totals.variance_value


def test_csv_neutralises_formulas_in_text_only(tmp_path: Path) -> None:
    evil = [
        line("=SKU", '=HYPERLINK("http://evil.example","klik")', opening=5, counted=2),
        line("BPN-2", "+62 812 kopi", opening=1, counted=1),
        line("BPN-3", "-Diskon", opening=1, counted=1),
        line("BPN-4", "@SUM(A1:A9)", opening=1, counted=1),
        line("BPN-5", "\tTab", opening=1, counted=1),
        line("BPN-6", 'Tas "rotan", besar\nbaris 2', opening=1, counted=1),
    ]
    rep = report(evil)
    out = write_variance_csv(rep, tmp_path / "evil.csv")
    records = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    by_name = {r["name"]: r for r in records}
    hyperlink = by_name['\'=HYPERLINK("http://evil.example","klik")']
    assert hyperlink["sku"] == "'=SKU"
    assert hyperlink["variance"] == "-3" and hyperlink["variance_value"] == "-30000"
    assert "'+62 812 kopi" in by_name
    assert "'-Diskon" in by_name
    assert "'@SUM(A1:A9)" in by_name
    assert "'\tTab" in by_name
    assert 'Tas "rotan", besar\nbaris 2' in by_name  # quoted by the csv module, not altered
    for record in records:
        for column in ("opening", "expected", "counted", "variance", "variance_value"):
            assert not record[column].startswith("'")
