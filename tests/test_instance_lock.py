"""One Bazaar POS per data folder: the lock is refused while another process holds it, names
the holder, and is never left stale by a process that was killed."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from bazaar_pos import instance_lock
from tests.conftest import FolderHolder

Hold = Callable[[Path, str], FolderHolder]


def test_a_second_holder_is_refused_and_told_who_holds_the_folder(
    tmp_path: Path, hold_folder: Hold
) -> None:
    holder = hold_folder(tmp_path, "app")
    with pytest.raises(instance_lock.FolderInUse) as refused:
        instance_lock.acquire(tmp_path, "app")
    found = refused.value.holder
    assert found is not None
    assert (found.purpose, found.pid, found.language) == ("app", holder.pid, "id")
    assert found.since is not None
    assert refused.value.data_dir == tmp_path
    assert f"process {holder.pid}" in str(refused.value)


def test_a_lock_left_by_a_killed_process_does_not_block_the_next_start(
    tmp_path: Path, hold_folder: Hold
) -> None:
    holder = hold_folder(tmp_path, "app")
    holder.kill()  # SIGKILL: nothing of it runs any more, its note stays in the file
    assert instance_lock.read_holder(tmp_path) is not None
    with instance_lock.acquire(tmp_path, "app") as lock:
        assert lock.held
        noted = instance_lock.read_holder(tmp_path)
        assert noted is not None and noted.pid == os.getpid()


def test_a_released_lock_lets_the_next_one_in_and_a_held_one_refuses_even_this_process(
    tmp_path: Path,
) -> None:
    lock = instance_lock.acquire(tmp_path, "restore")
    # flock belongs to the open file: a second open in the same process is refused too.
    with pytest.raises(instance_lock.FolderInUse) as refused:
        instance_lock.acquire(tmp_path, "app")
    assert refused.value.holder is not None and refused.value.holder.purpose == "restore"
    lock.release()
    assert not lock.held
    lock.release()  # twice is harmless
    instance_lock.acquire(tmp_path, "app").release()


def test_the_holder_notes_its_language_once_the_till_knows_it(tmp_path: Path) -> None:
    with instance_lock.acquire(tmp_path, "app") as lock:
        first = instance_lock.read_holder(tmp_path)
        lock.note(language="en")
        noted = instance_lock.read_holder(tmp_path)
    assert first is not None and first.language == ""
    assert noted is not None and noted.language == "en" and noted.since == first.since


def test_the_next_start_knows_the_language_and_till_the_last_app_noted(tmp_path: Path) -> None:
    # The start window speaks it and names the till before the till's settings can be read.
    with instance_lock.acquire(tmp_path, "app") as lock:
        assert lock.previous is None  # nobody held the folder before
        lock.note(language="en", till_code="BPN2")
    with instance_lock.acquire(tmp_path, "app") as lock:
        assert lock.previous is not None
        assert (lock.previous.language, lock.previous.till_code) == ("en", "BPN2")
        now = instance_lock.read_holder(tmp_path)
        assert now is not None and (now.language, now.till_code) == ("", "")


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows keeps the per-user folder")
def test_the_lock_file_is_private(tmp_path: Path) -> None:
    with instance_lock.acquire(tmp_path, "app"):
        mode = (tmp_path / instance_lock.LOCK_FILE).stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


@pytest.mark.parametrize("content", [b"", b"\xff\xfe", b"[1, 2]", b'{"pid": true, "since": 5}'])
def test_a_note_that_is_not_ours_is_read_as_unknown_not_an_error(
    tmp_path: Path, content: bytes
) -> None:
    (tmp_path / instance_lock.LOCK_FILE).write_bytes(content)
    holder = instance_lock.read_holder(tmp_path)
    assert holder is None or (holder.pid is None and holder.since is None)


def test_a_folder_that_is_not_there_is_an_os_error_not_a_refusal(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        instance_lock.acquire(tmp_path / "missing", "app")
