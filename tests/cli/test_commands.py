"""The ``bazaar-pos`` entry point: headless commands through the same services as the till."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from bazaar_pos.cli.commands import main
from bazaar_pos.db import Database
from bazaar_pos.db.models import Product, Sale, StockMovement
from bazaar_pos.errors import PaperFontUnavailable
from bazaar_pos.paths import database_path


def count(url: str, model: type) -> int:
    db = Database(url, anonymous_setup=True)
    try:
        with db.read() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        db.dispose()


def test_demo_fills_the_database_through_the_sale_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "demo", "--products", "200", "--sales", "25"]) == 0
    assert "added 200 products and 25 sales" in capsys.readouterr().out
    url = f"sqlite:///{database_path(tmp_path)}"
    assert count(url, Product) >= 230  # ~30 demo catalog products + 200
    assert count(url, Sale) == 25
    with Database(url, anonymous_setup=True).read() as session:
        sold = session.scalar(
            select(func.count()).select_from(StockMovement).where(StockMovement.kind == "sale")
        )
    assert sold and sold > 0


def test_db_url_overrides_the_data_folder(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.sqlite3"
    url = f"sqlite:///{other}"
    assert main(["--data-dir", str(tmp_path / "data"), "--db", url, "demo", "--sales", "3"]) == 0
    assert other.exists()
    assert count(url, Sale) == 3
    assert not database_path(tmp_path / "data").exists()


def test_receipt_command_writes_the_pdf_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--data-dir", str(tmp_path), "demo", "--sales", "2"])
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "receipt", "BPN1-000002", "--copy"]) == 0
    path = Path(capsys.readouterr().out.strip())
    text = PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()
    assert "BPN1-000002" in text
    assert "SALINAN" in text


def test_unknown_receipt_fails_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_till = ["--new-database", "till", "--institution", "BPN", "--demo"]
    assert main(["--data-dir", str(tmp_path), *new_till, "receipt", "BPN1-000042"]) == 1
    assert "BPN1-000042" in capsys.readouterr().err


def test_a_damaged_printing_font_is_told_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--data-dir", str(tmp_path), "demo", "--sales", "1"]) == 0
    capsys.readouterr()

    def damaged() -> None:
        raise PaperFontUnavailable("/opt/bazaar/DejaVuSansCondensed.ttf", "not a TrueType font")

    monkeypatch.setattr("bazaar_pos.papers.kit.roll.register_fonts", damaged)
    assert main(["--data-dir", str(tmp_path), "receipt", "BPN1-000001"]) == 1
    err = capsys.readouterr().err
    assert "DejaVuSansCondensed.ttf" in err and "install Bazaar POS again" in err
    assert "Traceback" not in err


def test_negative_counts_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(tmp_path), "demo", "--sales", "-1"])
    assert stopped.value.code == 2
    assert "--sales must be 0 or more" in capsys.readouterr().err


def test_help_lists_commands_and_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bazaar_pos", "--help"], capture_output=True, text=True, check=True
    )
    for word in ("demo", "receipt", "--data-dir", "--db"):
        assert word in done.stdout


def test_default_data_folder_is_the_user_data_folder(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path), "PATH": ""}
    subprocess.run(
        [sys.executable, "-m", "bazaar_pos", "demo", "--sales", "1"],
        env=env,
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "xdg" / "bazaar-pos" / "bazaar.sqlite3").exists()


def test_app_starts_to_a_ready_sale_screen(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bazaar_pos", "--data-dir", str(tmp_path), "--exit-when-ready"],
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "ready_ms=" in done.stdout
    assert database_path(tmp_path).exists()  # created, migrated and seeded on first start
    # The app logs to the platform's user log folder, its own user's alone.
    log_file = tmp_path / ".local" / "state" / "bazaar-pos" / "log" / "bazaar-pos.log"
    if sys.platform.startswith("linux"):
        assert "starting" in log_file.read_text(encoding="utf-8")
        assert log_file.stat().st_mode & 0o777 == 0o600
        assert database_path(tmp_path).stat().st_mode & 0o777 == 0o600


def test_demo_sales_on_a_till_with_users_is_one_sentence_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass

    pins = iter(["135790", "135790"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="", stream=None: next(pins))
    data = ["--data-dir", str(tmp_path)]
    new_till = ["--new-database", "till", "--institution", "BPN", "--demo"]
    create = ["users", "create-admin", "--username", "admin", "--name", "Admin"]
    assert main([*data, *new_till, *create]) == 0
    capsys.readouterr()
    assert main([*data, "demo", "--sales", "5"]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("bazaar-pos: this database has 1 user(s) and 0 sale(s)")
    assert err.rstrip().endswith("nothing written")
