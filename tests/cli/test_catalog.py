"""``bazaar-pos catalog import|export``: summaries, compiler-style errors, nothing on error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bazaar_pos.catalog.csv_file import CSV_COLUMNS
from bazaar_pos.cli.commands import main
from bazaar_pos.db import Database
from bazaar_pos.db.models import Product
from bazaar_pos.paths import assets_dir, database_path

DEMO_PRODUCTS = 30
HEADER = ",".join(CSV_COLUMNS)


def products_in(data_dir: Path) -> dict[str, tuple[str, int]]:
    """SKU -> (name, price) of every product in the till's database."""
    db = Database(f"sqlite:///{database_path(data_dir)}", anonymous_setup=True)
    try:
        with db.read() as session:
            return {
                sku: (name, price)
                for sku, name, price in session.execute(
                    select(Product.sku, Product.name, Product.price)
                )
            }
    finally:
        db.dispose()


# A training till: the demo catalog to import over.
TRAINING_TILL = ("--new-database", "till", "--institution", "BPN", "--demo")


def catalog(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *TRAINING_TILL, "catalog", *args])


def test_import_prints_a_summary_and_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = assets_dir() / "catalog_template.csv"
    assert catalog(tmp_path, "import", str(template)) == 0
    out, err = capsys.readouterr()
    assert out == f"{template}: 3 added, 0 changed, 0 unchanged, 0 new workshops\n"
    assert err == ""
    products = products_in(tmp_path)
    assert len(products) == DEMO_PRODUCTS + 3
    assert products["BNA-BES-003"] == ("Besek anyaman bambu tanpa tutup", 125)

    assert catalog(tmp_path, "import", str(template)) == 0
    assert "0 added, 0 changed, 3 unchanged" in capsys.readouterr().out


def test_dry_run_tells_what_would_change_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ubah.csv"
    path.write_text(
        HEADER + "\n"
        "BNA-BES-001,2002000000019,Besek bambu kecil,buah,150,Anyaman bambu,BNA,Anyaman bambu,1,1\n"
        "BNA-BES-020,,Besek hias,buah,2.500,Anyaman bambu,BNA,Besek hias,1,1\n",
        encoding="utf-8",
    )
    data = tmp_path / "till"
    assert catalog(data, "import", "--dry-run", str(path)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{path}: dry run, nothing written: 1 added, 1 changed, 0 unchanged, 1 new workshop",
        "  line 2: BNA-BES-001: price '125' -> '150'",
        "  new workshop: BNA / Besek hias",
    ]
    products = products_in(data)
    assert (len(products), products["BNA-BES-001"][1]) == (DEMO_PRODUCTS, 125)


def test_errors_go_to_stderr_one_line_per_bad_row_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "buruk.csv"
    path.write_text(
        HEADER + "\n"
        "BNA-Z-1,,Besek,buah,125,,BNA,,1,1\n"
        "BNA-Z-2,,,buah,125,,BNA,,1,1\n"
        "BNA-Z-3,,Besek,buah,murah,,BNA,,1,1\n"
        "BNA-Z-4,,Besek,buah,125,,ABC,,1\n"
        "BNA-Z-5,2002000000018,Besek,buah,125,,BNA,,1,1\n",
        encoding="utf-8",
    )
    data = tmp_path / "till"
    for dry_run in ([], ["--dry-run"]):
        assert catalog(data, "import", *dry_run, str(path)) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err.splitlines() == [
            f"{path}:3: name: the name is missing",
            f"{path}:4: price: price 'murah' is not whole Rupiah (write 150000 or 150.000)",
            f"{path}:5: the row has 9 fields but the header has 10",
            f"{path}:6: barcode: barcode 2002000000018 has a wrong check digit for an EAN-13 "
            "(expected 9)",
            f"bazaar-pos: 4 problems in {path}; nothing imported",
        ]
    assert "BNA-Z-1" not in products_in(data)
    assert len(products_in(data)) == DEMO_PRODUCTS


def test_export_then_import_is_no_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "katalog.csv"
    data = tmp_path / "till"
    assert catalog(data, "export", str(out_file)) == 0
    assert capsys.readouterr().out == f"{out_file}: exported {DEMO_PRODUCTS} products\n"
    assert out_file.read_text(encoding="utf-8-sig").splitlines()[0] == HEADER
    assert catalog(data, "import", str(out_file)) == 0
    assert (
        f"0 added, 0 changed, {DEMO_PRODUCTS} unchanged, 0 new workshops" in capsys.readouterr().out
    )


def test_unreadable_files_fail_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert catalog(tmp_path, "import", str(tmp_path / "tidak-ada.csv")) == 1
    assert "cannot read" in capsys.readouterr().err
    assert catalog(tmp_path, "export", str(tmp_path / "no" / "such" / "folder.csv")) == 1
    assert "bazaar-pos:" in capsys.readouterr().err


def test_catalog_needs_an_action(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        catalog(tmp_path)
    assert stopped.value.code == 2
    assert "import" in capsys.readouterr().err


def test_help_shows_the_catalog_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bazaar_pos", "catalog", "import", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--dry-run" in done.stdout and "FILE" in done.stdout
