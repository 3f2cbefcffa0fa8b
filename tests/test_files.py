"""write_file_atomically: the old file or the new one, never half a file, no leftovers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from bazaar_pos.files import write_file_atomically


def test_writes_the_file_and_returns_the_path(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert write_file_atomically(target, b"a,b\r\n1,2\r\n") == target
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old and longer than the new content")
    write_file_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_creates_parent_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.pdf"
    write_file_atomically(target, b"%PDF")
    assert target.read_bytes() == b"%PDF"


def test_missing_parent_folders_can_be_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_file_atomically(tmp_path / "no" / "out.csv", b"x", create_parents=False)
    assert list(tmp_path.iterdir()) == []
    write_file_atomically(tmp_path / "out.csv", b"x", create_parents=False)
    assert (tmp_path / "out.csv").read_bytes() == b"x"


def test_the_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_bytes(b"x")
    target = tmp_path / "out.csv"
    write_file_atomically(target, b"x")
    assert target.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777  # not mkstemp's 0600


def test_the_temporary_file_is_a_hidden_unique_name_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources: list[Path] = []
    real_replace = os.replace

    def spying_replace(src: Any, dst: Any) -> None:
        sources.append(Path(src))
        real_replace(src, dst)

    monkeypatch.setattr("bazaar_pos.files.os.replace", spying_replace)
    target = tmp_path / "out.pdf"
    write_file_atomically(target, b"1")
    write_file_atomically(target, b"2")
    assert len(sources) == 2 and sources[0] != sources[1]
    for source in sources:
        assert source.parent == tmp_path
        assert source.name.startswith(".out.pdf.") and source.name.endswith(".tmp")
    assert target.read_bytes() == b"2"


def test_a_failed_rename_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("bazaar_pos.files.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_file_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.parametrize("error", [OSError("no space left"), KeyboardInterrupt()])
def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    """The temporary file exists but is not yet on disk: a full disk, or the export cancelled."""
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def broken_fsync(fd: int) -> None:
        raise error

    monkeypatch.setattr("bazaar_pos.files.os.fsync", broken_fsync)
    with pytest.raises(type(error)):
        write_file_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_failure_without_an_old_file_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr("bazaar_pos.files.os.fsync", broken_fsync)
    with pytest.raises(OSError, match="I/O error"):
        write_file_atomically(tmp_path / "out.csv", b"new")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ private files and folders


def mode_of(path: Path) -> int:
    return path.stat().st_mode & 0o777


posix_only = pytest.mark.skipif(
    os.name != "posix",
    reason="POSIX file modes: Windows has none (its per-user data folder keeps the data private)",
)


@posix_only
def test_a_tree_is_made_private_once_and_links_are_left_alone(tmp_path: Path) -> None:
    from bazaar_pos.files import make_tree_private

    data = tmp_path / "data"
    (data / "receipts").mkdir(parents=True)
    os.chmod(data, 0o755)
    os.chmod(data / "receipts", 0o755)
    (data / "bazaar.sqlite3").write_bytes(b"x")
    (data / "receipts" / "BPN1-000001.pdf").write_bytes(b"%PDF")
    os.chmod(data / "bazaar.sqlite3", 0o644)
    os.chmod(data / "receipts" / "BPN1-000001.pdf", 0o644)
    outside = tmp_path / "shared.txt"
    outside.write_bytes(b"x")
    os.chmod(outside, 0o644)
    (data / "link").symlink_to(outside)
    assert make_tree_private(data) == 4
    assert mode_of(data) == mode_of(data / "receipts") == 0o700
    assert mode_of(data / "bazaar.sqlite3") == mode_of(data / "receipts" / "BPN1-000001.pdf")
    assert mode_of(data / "bazaar.sqlite3") == 0o600
    assert mode_of(outside) == 0o644  # not through the link
    assert make_tree_private(data) == 0  # nothing left to change


@posix_only
def test_a_private_write_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    target = write_file_atomically(tmp_path / "cart.json", b"{}", private=True)
    assert mode_of(target) == 0o600


@posix_only
def test_opening_a_till_makes_its_folder_and_database_private(tmp_path: Path) -> None:
    from bazaar_pos.startup import open_till

    data = tmp_path / "data"
    (data / "receipts").mkdir(parents=True)
    old_receipt = data / "receipts" / "BPN1-000001.pdf"
    old_receipt.write_bytes(b"%PDF")
    os.chmod(data, 0o755)
    os.chmod(old_receipt, 0o644)
    till = open_till(data, anonymous_setup=True)
    try:
        with till.db.read() as session:  # a connection holds the -wal and -shm open
            session.connection().exec_driver_sql("SELECT 1").all()
            files = sorted(p.name for p in data.iterdir() if p.is_file())
            assert "bazaar.sqlite3" in files and "bazaar.id" in files  # and its marker
            assert {name: mode_of(data / name) for name in files} == dict.fromkeys(files, 0o600)
    finally:
        till.db.dispose()
    assert mode_of(data) == 0o700
    assert mode_of(old_receipt) == 0o600


@posix_only
def test_a_private_data_folder_is_not_walked_again_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bazaar_pos.startup as startup

    data = tmp_path / "data"
    open_till = startup.open_till
    open_till(data, anonymous_setup=True).db.dispose()  # the first start makes it private
    assert mode_of(data) == 0o700

    def walked(_folder: Path) -> int:
        raise AssertionError("every receipt and backup walked again at start")

    monkeypatch.setattr(startup, "make_tree_private", walked)
    again = open_till(data, anonymous_setup=True)
    again.db.dispose()
    assert mode_of(data / "bazaar.sqlite3") == 0o600  # the database itself is still checked


@posix_only
def test_every_file_the_command_writes_is_private_and_the_umask_is_given_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bazaar_pos.cli.commands import main

    before = os.umask(0o022)
    try:
        out = tmp_path / "out" / "katalog.csv"
        out.parent.mkdir()
        office = ["--new-database", "office"]
        assert (
            main(["--data-dir", str(tmp_path / "data"), *office, "catalog", "export", str(out)])
            == 0
        )
        assert mode_of(out) == 0o600
        assert mode_of(tmp_path / "data") == 0o700
        assert mode_of(tmp_path / "data" / "bazaar.sqlite3") == 0o600
        assert os.umask(0o022) == 0o022  # main() restored the caller's umask
    finally:
        os.umask(before)
