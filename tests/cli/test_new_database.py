"""``--new-database till|office``: what a new database is, said on the command line; a command
on a folder without a database and without the option creates nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bazaar_pos.cli.commands import main
from bazaar_pos.cli.login import NOT_ALLOWED
from bazaar_pos.db import Database
from bazaar_pos.db.models import Event, Institution, Product, Sale
from bazaar_pos.paths import database_path
from bazaar_pos.settings import load_settings

OFFICE = ("--new-database", "office")
TRAINING_TILL = ("--new-database", "till", "--institution", "BPN", "--demo")


def opened(data_dir: Path) -> Database:
    return Database(f"sqlite:///{database_path(data_dir)}", anonymous_setup=True)


def count(data_dir: Path, model: type[object]) -> int:
    db = opened(data_dir)
    try:
        with db.read() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        db.dispose()


def kind_and_code(data_dir: Path) -> tuple[str, str]:
    db = opened(data_dir)
    try:
        settings = load_settings(db)
        return settings.database_kind, settings.till_code
    finally:
        db.dispose()


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_a_command_on_a_new_folder_without_the_option_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "kantor"
    assert run(folder, "import", str(tmp_path / "bpn1.zip")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "--new-database office" in err and "--new-database till" in err
    assert not database_path(folder).exists()


def test_an_office_database_gets_no_demo_data(tmp_path: Path) -> None:
    assert run(tmp_path / "kantor", *OFFICE, "check") == 0
    assert count(tmp_path / "kantor", Product) == 0
    assert count(tmp_path / "kantor", Event) == 0
    assert kind_and_code(tmp_path / "kantor") == ("office", "KANTOR")


def test_a_till_without_demo_gets_no_demo_data(tmp_path: Path) -> None:
    folder = tmp_path / "smd"
    new_till = ("--new-database", "till", "--institution", "SMD")
    named = ("--institution-name", "Rutan Kelas IIA Samarinda")
    assert run(folder, *new_till, *named, "check") == 0
    assert count(folder, Product) == 0 and count(folder, Event) == 0
    assert count(folder, Institution) == 1
    assert kind_and_code(folder) == ("till", "SMD1")


def test_the_till_code_given_is_taken(tmp_path: Path) -> None:
    assert run(tmp_path / "t", *TRAINING_TILL, "--till-code", "bpn2", "check") == 0
    assert kind_and_code(tmp_path / "t") == ("till", "BPN2")
    assert count(tmp_path / "t", Product) == 30


def test_the_office_merges_a_tills_export_without_a_demo_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The office's figures are the till's: its event is the till's, not a demo copy."""
    till, office, export = tmp_path / "bpn1", tmp_path / "kantor", tmp_path / "bpn1.zip"
    assert run(till, *TRAINING_TILL, "demo", "--sales", "3") == 0
    assert run(till, "export", str(export), "--by", "Admin") == 0
    assert run(office, *OFFICE, "import", str(export), "--by", "Admin") == 0
    assert count(office, Sale) == 3
    assert count(office, Event) == 1  # the till's, and no demo event of the office's own
    assert count(office, Product) == count(till, Product)
    capsys.readouterr()


def test_the_options_must_agree_with_a_database_that_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "kantor"
    assert run(folder, *OFFICE, "check") == 0
    assert run(folder, *OFFICE, "check") == 0  # a script run again
    capsys.readouterr()
    assert run(folder, *TRAINING_TILL, "check") == 2
    assert "already set up as an office" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--new-database", "office", "--demo"), "never gets demo data"),
        (("--new-database", "office", "--till-code", "BPN1"), "an office has no till code"),
        (("--institution", "BPN"), "need --new-database till"),
        (("--new-database", "till"), "needs --institution"),
        (("--new-database", "till", "--institution", "BPN", "--till-code", "bp-1"), "2-8"),
    ],
)
def test_options_that_contradict_each_other_are_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: tuple[str, ...], said: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(tmp_path / "x", *options, "check")
    assert stopped.value.code == 2
    assert said in capsys.readouterr().err
    assert not database_path(tmp_path / "x").exists()


def test_demo_data_never_goes_into_an_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "kantor"
    assert run(folder, *OFFICE, "check") == 0
    capsys.readouterr()
    assert run(folder, "demo", "--products", "5") == NOT_ALLOWED
    assert "office" in capsys.readouterr().err
    assert count(folder, Product) == 0


def test_the_help_explains_the_choice(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--new-database till|office" in out and "--institution CODE" in out
    assert "never gets demo data" in out


def test_demo_data_waits_for_a_database_to_be_a_till(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database the app made and left before the choice may yet become an office."""
    from bazaar_pos.startup import open_till

    open_till(tmp_path / "new").db.dispose()  # as the app makes it: nothing chosen yet
    assert run(tmp_path / "new", "demo", "--products", "5") == NOT_ALLOWED
    assert "not set up yet" in capsys.readouterr().err
    assert count(tmp_path / "new", Product) == 0
    # said what it is, the same command makes it a training till
    assert run(tmp_path / "new", *TRAINING_TILL, "demo", "--products", "5") == 0
    assert count(tmp_path / "new", Product) == 35


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--this-till", "BPN2"), "shared on a server"),
        (("--db", "sqlite:///x.sqlite3", "--this-till", "BPN2"), "shared on a server"),
        (("--db", "postgresql+psycopg://kasir@kanwil/bazaar", "--this-till", "bpn-2"), "2-8"),
    ],
)
def test_this_till_is_a_till_code_for_a_database_on_a_server_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: tuple[str, ...], said: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(tmp_path / "x", *options, "check")
    assert stopped.value.code == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
