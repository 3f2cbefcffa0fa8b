"""Writing files safely, and keeping the till's files to its own user (no Qt here: used by the
exports, the PDFs, the open cart and the command line)."""

from __future__ import annotations

import os
import re
import stat
import uuid
from pathlib import Path

# The database holds PIN hashes and every sale; receipts, exports, reports and backups name
# customers' purchases and the money. Nobody but the till's own user reads them: files 0600,
# folders 0700, and the process's umask so that every file it creates is born that way.
PRIVATE_UMASK = 0o077
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
# On Windows the per-user data folder is what keeps others out; chmod only sets "read-only".
POSIX_MODES = os.name == "posix"

_TEMPORARY_RE = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")


def temporary_name_for(path: Path) -> Path:
    """A unique hidden name beside ``path`` for the bytes on their way to it."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")


def is_temporary_name(name: str) -> bool:
    """Is ``name`` one of :func:`temporary_name_for`'s? (left behind only by a killed process)"""
    return bool(_TEMPORARY_RE.match(name))


def write_file_atomically(
    path: Path,
    data: bytes,
    *,
    create_parents: bool = True,
    sync_folder: bool = False,
    private: bool = False,
) -> Path:
    """Write ``data`` to ``path`` atomically and return ``path``.

    The bytes go to a temporary file in the same folder, are flushed to disk and the file is
    then renamed over ``path`` with :func:`os.replace`: a crash, a full disk or a cancelled
    export leaves the old file or the new one, never half a file. On any error the temporary
    file is removed and the error raised again (a process killed in between leaves it behind:
    :func:`remove_stray_temporaries`). Missing parent folders are created unless
    ``create_parents`` is false (then :class:`FileNotFoundError` is raised). ``sync_folder``
    also flushes the folder, so that the rename itself survives a power cut. ``private``: the
    file is 0600 whatever the process's umask.
    """
    if create_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    # A unique name opened exclusively, with the permissions the process's umask gives.
    tmp = temporary_name_for(path)
    mode = PRIVATE_FILE_MODE if private else 0o666
    try:
        with open(tmp, "xb", opener=lambda name, flags: os.open(name, flags, mode)) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync_folder:
        sync_folder_of(path)
    return path


def sync_folder_of(path: Path) -> None:
    """Flush ``path``'s folder entry (a rename or a delete) to disk; a no-op where folders
    cannot be opened (Windows)."""
    if not POSIX_MODES:
        return
    descriptor = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_stray_temporaries(path: Path) -> list[Path]:
    """Delete the temporary files a killed writer of ``path`` left beside it.

    Only ``path``'s own: another process may be writing another file in the same folder.
    """
    removed = []
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except FileNotFoundError:
        return []
    for entry in entries:
        if (
            entry.name.startswith(prefix)
            and is_temporary_name(entry.name)
            and entry.is_file(follow_symlinks=False)
        ):
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


def make_private(path: Path) -> bool:
    """Take group and others' rights off ``path`` (0600 a file, 0700 a folder); True if changed.

    Symbolic links are left alone (their target may be anything); nothing happens on Windows.
    """
    if not POSIX_MODES:
        return False
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode) or not info.st_mode & 0o077:
        return False
    wanted = PRIVATE_FOLDER_MODE if stat.S_ISDIR(info.st_mode) else PRIVATE_FILE_MODE
    os.chmod(path, wanted)
    return True


def is_private(path: Path) -> bool:
    """Whether group and others have no rights on ``path`` (always True on Windows, where the
    per-user folder keeps the data private)."""
    if not POSIX_MODES:
        return True
    return not path.stat().st_mode & 0o077


def make_tree_private(folder: Path) -> int:
    """:func:`make_private` on ``folder`` and everything below it; how many were changed.

    Run once at start for the files made before the umask was set (a till of an older
    version, a folder copied in): a few microseconds per file, a chmod only where needed.
    """
    if not POSIX_MODES:
        return 0
    changed = int(make_private(folder))
    for root, folders, files in os.walk(folder):
        for name in (*folders, *files):
            changed += make_private(Path(root, name))
    return changed
