"""A zip's directory, sized from the file's tail before :mod:`zipfile` reads any of it.

``zipfile.ZipFile(path)`` reads the whole central directory into memory and makes one
``ZipInfo`` per entry before a caller can look at anything: a zip of a few MB that lists
millions of (empty) entries, or whose end record claims a directory of gigabytes, costs
hundreds of MB and seconds before a single limit is checked. So the end of central directory
record (and the ZIP64 one, when present) is read here from the last ~64 KiB of the file, the
way ``zipfile`` itself finds it, and an export whose directory is larger than an export can be
is refused before ``zipfile`` is asked to open it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from bazaar_pos.sync.errors import ExportUnreadable
from bazaar_pos.sync.format import TABLES

__all__ = [
    "MAX_EXPORT_DIRECTORY_BYTES",
    "MAX_EXPORT_ENTRIES",
    "ZipDirectory",
    "check_export_zip",
    "read_zip_directory",
]

# An export holds one CSV per table, manifest.json and manifest.sig (sync/format.py), at the
# zip's root. A zip made again by hand from an export folder may add directory entries, and a
# later format may add tables: four times the set is still a few dozen entries, far below the
# thousands a hostile directory needs to cost anything.
MAX_EXPORT_ENTRIES = 4 * (len(TABLES) + 2)
# A directory entry is 46 bytes plus its name and extra fields (ZIP64 sizes, timestamps):
# ~100-200 bytes for an export's short names. 1 KiB per allowed entry leaves room for long
# names and extras, and keeps what zipfile then reads whole under 100 KiB.
MAX_EXPORT_DIRECTORY_BYTES = MAX_EXPORT_ENTRIES * 1024

# The records at the end of a zip (APPNOTE.TXT 4.3.14-4.3.16), as zipfile reads them.
# signature, disk, disk of the directory, entries on this disk, entries, size, offset, comment
_END = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_LOCATOR = struct.Struct("<4sLQL")  # signature, disk of the ZIP64 record, its offset, disks
_LOCATOR_SIGNATURE = b"PK\x06\x07"
# signature, record size, versions, disks, entries on this disk, entries, size, offset
_END64 = struct.Struct("<4sQ2H2L4Q")
_END64_SIGNATURE = b"PK\x06\x06"
# zipfile looks for a commented end record this far back from the end record's own size.
_COMMENT_REACH = 1 << 16
# What is read from the tail: the longest comment, the end record, the ZIP64 locator and
# record in front of it. Never more, whatever the file claims.
TAIL_BYTES = _COMMENT_REACH + _END.size + _LOCATOR.size + _END64.size


@dataclass(frozen=True)
class ZipDirectory:
    """What a zip's end records say about its central directory (nothing of it was read)."""

    entries: int
    size: int  # bytes of the central directory
    zip64: bool  # the ZIP64 end record gave these figures


def read_zip_directory(path: Path) -> ZipDirectory | None:
    """The central directory's entry count and size from the end of ``path``, found as
    ``zipfile`` finds it (an end record without comment at the very end, else the last one in
    the last 64 KiB; the ZIP64 record right in front of its locator when there is one). None
    when there is no end record: ``zipfile`` then refuses the file itself. Reads at most
    :data:`TAIL_BYTES` bytes. Raises ``OSError`` when the file cannot be read."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        file_size = handle.tell()
        start = max(file_size - TAIL_BYTES, 0)
        handle.seek(start)
        tail = handle.read()
    at = -1
    if len(tail) >= _END.size:
        last = len(tail) - _END.size
        if tail[last : last + 4] == _END_SIGNATURE and tail[-2:] == b"\0\0":
            at = last  # no comment: the end record is the file's last 22 bytes
        else:
            # A comment follows the end record: the last signature within the comment's reach.
            reach = max(len(tail) - _END.size - _COMMENT_REACH, 0)
            found = tail.rfind(_END_SIGNATURE, reach)
            if found >= 0 and found + _END.size <= len(tail):
                at = found
    if at < 0:
        return None
    end = _END.unpack_from(tail, at)
    entries, size = int(end[4]), int(end[5])
    locator_at = at - _LOCATOR.size
    if locator_at < 0:
        return ZipDirectory(entries, size, zip64=False)
    locator = _LOCATOR.unpack_from(tail, locator_at)
    if locator[0] != _LOCATOR_SIGNATURE:
        return ZipDirectory(entries, size, zip64=False)
    record_at = locator_at - _END64.size
    if record_at < 0:  # zipfile reads it before the locator; a file too short has none
        return ZipDirectory(entries, size, zip64=False)
    record = _END64.unpack_from(tail, record_at)
    if record[0] != _END64_SIGNATURE:
        return ZipDirectory(entries, size, zip64=False)
    return ZipDirectory(int(record[7]), int(record[8]), zip64=True)


def check_export_zip(path: Path) -> None:
    """Refuse (:class:`~bazaar_pos.sync.errors.ExportUnreadable`, ``too_large``) an export zip
    whose directory lists more entries, or is larger, than an export can have, before
    ``zipfile`` reads it. A file that is no zip at all, or cannot be read, is left to
    ``zipfile`` to refuse in its own words."""
    try:
        directory = read_zip_directory(path)
    except OSError:
        return
    if directory is None:
        return
    if directory.entries > MAX_EXPORT_ENTRIES:
        raise ExportUnreadable(
            path,
            "too_large",
            f"the zip lists {directory.entries:,} entries; an export has at most "
            f"{MAX_EXPORT_ENTRIES}",
        )
    if directory.size > MAX_EXPORT_DIRECTORY_BYTES:
        raise ExportUnreadable(
            path,
            "too_large",
            f"the zip's directory is {directory.size:,} bytes; an export's is at most "
            f"{MAX_EXPORT_DIRECTORY_BYTES:,}",
        )
