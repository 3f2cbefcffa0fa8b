"""While the app is open on a data folder: commands that read (or add, a short transaction at a
time, as a second till would) work; restore and demo are refused, and hold the folder
themselves while they work so the app cannot start under them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bazaar_pos import instance_lock
from bazaar_pos.cli.commands import main
from bazaar_pos.paths import database_path
from bazaar_pos.startup import Till
from tests.conftest import FolderHolder

Hold = Callable[[Path, str], FolderHolder]


def test_commands_that_read_or_back_up_work_while_the_app_is_open(
    till: Till, hold_folder: Hold, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hold_folder(till.data_dir, "app")
    data = ["--data-dir", str(till.data_dir)]
    assert main([*data, "check"]) == 0
    assert main([*data, "verify"]) == 0
    assert main([*data, "catalog", "export", str(tmp_path / "katalog.csv")]) == 0
    assert main([*data, "export", str(tmp_path / "bpn1.zip"), "--by", "Admin"]) == 0
    assert main([*data, "backup"]) == 0
    assert main([*data, "backup", "--list"]) == 0
    assert "already open" not in capsys.readouterr().err


@pytest.mark.parametrize("command", [["restore", "--newest"], ["demo", "--products", "2"]])
def test_restore_and_demo_are_refused_while_the_app_is_open(
    till: Till,
    hold_folder: Hold,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    data = ["--data-dir", str(till.data_dir)]
    assert main([*data, "backup"]) == 0  # something to restore
    before = database_path(till.data_dir).read_bytes()
    holder = hold_folder(till.data_dir, "app")
    capsys.readouterr()
    assert main([*data, *command]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert f"Bazaar POS is already open on the data folder {till.data_dir}" in err
    assert f"process {holder.pid}" in err
    assert f"close it first (Kasir → Keluar), then run {command[0]} again" in err
    assert err.rstrip().endswith("nothing was changed")
    assert database_path(till.data_dir).read_bytes() == before
    assert not (till.data_dir / "replaced").exists()


def test_restore_runs_once_the_app_is_gone_even_if_it_was_killed(
    till: Till, hold_folder: Hold, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(till.data_dir)]
    assert main([*data, "backup"]) == 0
    holder = hold_folder(till.data_dir, "app")
    assert main([*data, "restore", "--newest"]) == 1
    holder.kill()
    till.db.dispose()
    assert main([*data, "restore", "--newest"]) == 0
    assert "restored" in capsys.readouterr().out


def test_a_restore_holds_the_folder_while_it_works(
    till: Till, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Started during a restore, the app (or another restore) is refused."""
    from bazaar_pos.cli import backup

    data = ["--data-dir", str(till.data_dir)]
    assert main([*data, "backup"]) == 0
    seen: list[instance_lock.Holder | None] = []

    def restore_and_look(args: object) -> int:
        with pytest.raises(instance_lock.FolderInUse) as refused:
            instance_lock.acquire(till.data_dir, "app")
        seen.append(refused.value.holder)
        return 0

    monkeypatch.setattr(backup, "run_restore_command", restore_and_look)
    assert main([*data, "restore", "--newest"]) == 0
    (holder,) = seen
    assert holder is not None and holder.purpose == "restore"
    instance_lock.acquire(till.data_dir, "app").release()  # free again afterwards


def test_a_second_app_started_for_a_benchmark_says_it_in_one_line(
    till: Till, hold_folder: Hold, capsys: pytest.CaptureFixture[str]
) -> None:
    hold_folder(till.data_dir, "restore")
    assert main(["--data-dir", str(till.data_dir), "--exit-when-ready"]) == 1
    err = capsys.readouterr().err
    assert f"`bazaar-pos restore` is running on the data folder {till.data_dir}" in err
    assert "wait until it is done, then start Bazaar POS again" in err
