"""An export zip whose directory is larger than an export can be is refused from the file's
tail, before ``zipfile`` reads the directory into memory: millions of entries (real or only
claimed by a forged end record) cost neither time nor memory."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.sync import ExportUnreadable, import_export
from bazaar_pos.sync.format import TABLES
from bazaar_pos.sync.zip_limits import (
    MAX_EXPORT_DIRECTORY_BYTES,
    MAX_EXPORT_ENTRIES,
    check_export_zip,
    read_zip_directory,
)

LOCAL = struct.Struct("<IHHHHHIIIHH")
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
END = struct.Struct("<IHHHHIIH")
LOCATOR = struct.Struct("<IIQI")
END64 = struct.Struct("<IQHHIIQQQQ")


def empty_entries_zip(path: Path, count: int) -> Path:
    """A real zip of ``count`` empty stored files (ZIP64 end records past 65,535 entries, as
    zipfile writes them), built with struct: 200,000 entries in well under a second."""
    out = io.BytesIO()
    central = io.BytesIO()
    for n in range(count):
        name = f"f{n:07d}.csv".encode()
        offset = out.tell()
        out.write(LOCAL.pack(0x04034B50, 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0) + name)
        central.write(
            CENTRAL.pack(
                0x02014B50, 20, 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0, 0, 0, 0, 0, offset
            )
            + name
        )
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    if count > 0xFFFF:
        end64_at = out.tell()
        out.write(END64.pack(0x06064B50, 44, 45, 45, 0, 0, count, count, len(directory), start))
        out.write(LOCATOR.pack(0x07064B50, 0, end64_at, 1))
        out.write(END.pack(0x06054B50, 0, 0, 0xFFFF, 0xFFFF, len(directory), start, 0))
    else:
        out.write(END.pack(0x06054B50, 0, 0, count, count, len(directory), start, 0))
    path.write_bytes(out.getvalue())
    return path


def forged_end(path: Path, entries: int, size: int) -> Path:
    """No files at all, only ZIP64 end records that claim ``entries`` and a directory of
    ``size`` bytes (a few hundred bytes on disk)."""
    end64 = END64.pack(0x06064B50, 44, 45, 45, 0, 0, entries, entries, size, 0)
    locator = LOCATOR.pack(0x07064B50, 0, 0, 1)
    end = END.pack(0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path.write_bytes(end64 + locator + end)
    return path


def refused(tmp_path: Path, export: Path) -> tuple[ExportUnreadable, float, int]:
    """The import's refusal, its seconds and the peak of Python memory while refusing."""
    db = Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)
    try:
        tracemalloc.start()
        started = time.perf_counter()
        try:
            with pytest.raises(ExportUnreadable) as raised:
                import_export(db, export)
            seconds = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        db.dispose()
    return raised.value, seconds, peak


def test_a_zip_of_200000_empty_entries_is_refused_from_its_tail_quickly_in_little_memory(
    tmp_path: Path,
) -> None:
    path = empty_entries_zip(tmp_path / "banyak.zip", 200_000)
    assert read_zip_directory(path) is not None
    error, seconds, peak = refused(tmp_path, path)
    assert error.reason == "too_large"
    assert "200,000 entries" in error.detail and str(MAX_EXPORT_ENTRIES) in error.detail
    assert seconds < 1.0, seconds  # zipfile alone takes seconds to list 200,000 entries
    assert peak < 4 << 20, f"{peak:,} bytes"  # zipfile alone: ~100 MB of ZipInfo objects


def test_a_forged_end_record_claiming_ten_million_entries_is_refused_without_reading_more(
    tmp_path: Path,
) -> None:
    path = forged_end(tmp_path / "palsu.zip", 10_000_000, 1 << 20)
    error, seconds, peak = refused(tmp_path, path)
    assert error.reason == "too_large" and "10,000,000 entries" in error.detail
    assert seconds < 1.0 and peak < 4 << 20


def test_a_directory_larger_than_an_export_can_have_is_refused_with_few_entries(
    tmp_path: Path,
) -> None:
    path = forged_end(tmp_path / "besar.zip", 3, 1 << 30)
    error, _, _ = refused(tmp_path, path)
    assert error.reason == "too_large" and "1,073,741,824 bytes" in error.detail


def test_the_16_bit_count_of_a_zip_without_zip64_records_is_checked_too(tmp_path: Path) -> None:
    path = empty_entries_zip(tmp_path / "sedang.zip", 1_000)
    directory = read_zip_directory(path)
    assert directory is not None and directory.entries == 1_000 and not directory.zip64
    with pytest.raises(ExportUnreadable) as raised:
        check_export_zip(path)
    assert raised.value.reason == "too_large"


@pytest.mark.parametrize("comment", [b"", b"dibuat dengan tangan"])
def test_the_directory_read_from_the_tail_is_the_one_zipfile_reads(
    tmp_path: Path, comment: bytes
) -> None:
    """Found as zipfile finds it, also behind a comment."""
    path = tmp_path / "ekspor.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for spec in TABLES:
            archive.writestr(spec.file_name, "id\r\n")
        archive.writestr("manifest.json", "{}")
        archive.writestr("manifest.sig", "")
        archive.comment = comment
    directory = read_zip_directory(path)
    with zipfile.ZipFile(path) as archive:
        listed = archive.infolist()
        size = archive.start_dir  # where the directory starts; it runs to the end records
    assert directory is not None and directory.entries == len(listed) == len(TABLES) + 2
    assert 0 < directory.size <= path.stat().st_size - size
    assert directory.size <= MAX_EXPORT_DIRECTORY_BYTES
    check_export_zip(path)  # an export's directory passes


def test_a_file_that_is_no_zip_is_left_to_zipfile_to_refuse(tmp_path: Path) -> None:
    path = tmp_path / "bukan.zip"
    path.write_bytes(b"bukan zip sama sekali" * 100)
    assert read_zip_directory(path) is None
    check_export_zip(path)
    error, _, _ = refused(tmp_path, path)
    assert error.reason == "not_an_export"
