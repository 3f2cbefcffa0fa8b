"""One Bazaar POS per data folder: a lock on ``<data folder>/bazaar.lock`` while it runs.

Two windows on one folder share the open cart on disk: the second start moves the first one's
``open-cart.json`` aside as a leftover and parks it at its login while the first still rings
it up, and both sell under one till code. So the app takes this lock before it opens anything,
and a second start on the same folder is refused with a message (``FolderInUse``). A restore
takes it too: it replaces the database file under a running till.

The lock is the operating system's, not the file's existence: ``flock`` on POSIX,
``msvcrt.locking`` on Windows. The kernel drops it when the process ends in any way (SIGKILL,
a crash, a power cut), so a lock is never stale and there is no process id or age to guess at
(a pid can be reused; a lock file that merely exists outlives a killed till). The file stays
in the folder; what is written in it (who holds the lock, since when, in which language the
till speaks) is only for the refusal's message and means nothing once nobody holds the lock.

On a network share without working locks the lock cannot be taken (an ``OSError`` other than
"held"): :func:`acquire` raises it and the caller decides (the app starts without the lock
and logs it: a till must not refuse to sell because of the share).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from bazaar_pos.errors import PosError

__all__ = ["LOCK_FILE", "FolderInUse", "Holder", "InstanceLock", "acquire", "read_holder"]

LOCK_FILE = "bazaar.lock"
# Windows locks a byte range and keeps others from reading it: the byte locked lies far past
# the holder's note, which stays readable. (POSIX flock locks the whole file, read or not.)
_WINDOWS_LOCK_OFFSET = 1 << 30
_NOTE_LIMIT = 4096  # the note is a few hundred bytes; more is not a note of ours


@dataclass(frozen=True)
class Holder:
    """What the process holding the lock wrote about itself (any field may be unknown)."""

    purpose: str  # "app", or the command: "restore", "demo"
    pid: int | None
    host: str
    since: dt.datetime | None
    language: str  # the running till's screen language ("" until it is known)
    till_code: str = ""  # the running till's code ("" until it is known)


class FolderInUse(PosError):
    """Another Bazaar POS (the app, or a command that may not run beside it) holds the folder."""

    def __init__(self, data_dir: Path, holder: Holder | None) -> None:
        if holder is None or holder.purpose == "app":
            who = "Bazaar POS is already open on"
        else:
            who = f"`bazaar-pos {holder.purpose}` is running on"
        pid = f", process {holder.pid}" if holder is not None and holder.pid else ""
        super().__init__(f"{who} the data folder {data_dir}{pid}")
        self.data_dir = data_dir
        self.holder = holder


class InstanceLock:
    """The held lock: :meth:`release` (or leaving the ``with`` block, or the process's end)
    lets the next one in."""

    def __init__(
        self, path: Path, descriptor: int, purpose: str, *, previous: Holder | None = None
    ) -> None:
        self.path = path
        self.purpose = purpose
        # The note the folder's last holder left: the app's start window speaks its language
        # and names its till before the till's own settings can be read.
        self.previous = previous
        self._descriptor: int | None = descriptor
        self._since = dt.datetime.now(dt.UTC)
        self.note()

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def note(self, *, language: str = "", till_code: str = "") -> None:
        """Write who holds the lock into the file (for a refused start's message). Best effort:
        the lock holds whether or not the note could be written."""
        if self._descriptor is None:
            return
        data = json.dumps(
            {
                "purpose": self.purpose,
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "since": self._since.isoformat(),
                "language": language,
                "till_code": till_code,
            }
        ).encode("utf-8")
        try:
            os.ftruncate(self._descriptor, 0)
            os.lseek(self._descriptor, 0, os.SEEK_SET)
            os.write(self._descriptor, data)
        except OSError:
            pass

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        try:
            _unlock(descriptor)
        finally:
            os.close(descriptor)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()


def acquire(data_dir: Path, purpose: str) -> InstanceLock:
    """Hold the folder's lock, or raise :class:`FolderInUse` (with what the holder wrote).

    Never waits. Other ``OSError`` s (the folder is missing or read-only, the file system has
    no locks) are raised as they are. The descriptor is not inherited by child processes
    (Python's default), so a printer helper cannot keep a closed till's lock.
    """
    path = data_dir / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(descriptor)
    except OSError as error:
        os.close(descriptor)
        if _held_elsewhere(error):
            raise FolderInUse(data_dir, read_holder(data_dir)) from None
        raise
    previous = read_holder(data_dir)  # the last holder's note, before this one replaces it
    return InstanceLock(path, descriptor, purpose, previous=previous)


def read_holder(data_dir: Path) -> Holder | None:
    """What the holder wrote, or None (no file, not written yet, not ours)."""
    try:
        with open(data_dir / LOCK_FILE, "rb") as file:
            data = file.read(_NOTE_LIMIT)
        note = json.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(note, dict):
        return None
    pid = note.get("pid")
    try:
        since: dt.datetime | None = dt.datetime.fromisoformat(str(note.get("since")))
    except ValueError:
        since = None
    return Holder(
        purpose=str(note.get("purpose") or "app"),
        pid=pid if isinstance(pid, int) and not isinstance(pid, bool) else None,
        host=str(note.get("host") or ""),
        since=since,
        language=str(note.get("language") or ""),
        till_code=str(note.get("till_code") or ""),
    )


def _held_elsewhere(error: OSError) -> bool:
    return isinstance(error, BlockingIOError) or error.errno in (
        errno.EACCES,
        errno.EAGAIN,
        errno.EDEADLK,  # msvcrt.locking's "already locked" after its retries
    )


if sys.platform == "win32":  # pragma: no cover - the suite runs on Linux
    import msvcrt

    def _lock(descriptor: int) -> None:
        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        # flock, not lockf: a flock belongs to the open file, so a second open in the same
        # process is refused too, and closing another descriptor of the file keeps it.
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
