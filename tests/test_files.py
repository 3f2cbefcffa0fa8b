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
