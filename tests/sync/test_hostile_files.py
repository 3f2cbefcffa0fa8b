"""Hostile or broken export files end in a clear refusal, before anything is unpacked into
memory and before anything is written: a zip bomb (2 MB that unpacks to 2 GiB), a zip whose
directory lies about a size, a corrupt deflate stream, a manifest nested 100,000 levels deep,
and sizes or row counts beyond the limits."""

from __future__ import annotations

import json
import shutil
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import bazaar_pos.people.users
import bazaar_pos.sync.merge as merge
from bazaar_pos.db import Database
from bazaar_pos.db.engine import sqlite_url
from bazaar_pos.settings import load_settings, save_settings
from bazaar_pos.startup import open_till
from bazaar_pos.sync import ExportChecksumMismatch, ExportUnreadable, export_till, import_export
from bazaar_pos.sync.format import json_depth
from tests.sync.support import Till, add_people, dump, sign_again, trade_a_day

GIB = 1 << 30


@dataclass
class Exports:
    till: Till
    zip: Path
    folder: Path


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exports]:
    folder = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bazaar_pos.people.users, "SCRYPT_N", 2**10)
        db = open_till(folder / "till", seed_demo=True, anonymous_setup=True).db
        save_settings(db, load_settings(db).with_changes(till_code="BPN1"))
        till = Till(db, "BPN1", add_people(db, "BPN1"))
        trade_a_day(till)
        export_till(db, folder / "export.zip", exported_by=till.people.supervisor)
        export_till(db, folder / "export", exported_by=till.people.supervisor, kind="full")
        yield Exports(till, folder / "export.zip", folder / "export")
        db.dispose()


def office(tmp_path: Path) -> Database:
    return Database.open(sqlite_url(tmp_path / "office.sqlite3"), anonymous_setup=True)


def refused(tmp_path: Path, export: Path) -> ExportUnreadable:
    db = office(tmp_path)
    before = dump(db)
    tracemalloc.start()
    try:
        with pytest.raises(ExportUnreadable) as raised:
            import_export(db, export)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20, f"{peak:,} bytes while refusing"  # never the unpacked size
    assert dump(db) == before
    db.dispose()
    return raised.value


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def zeros_bomb(size: int) -> bytes:
    """A raw deflate stream of ``size`` zero bytes, ~1 KB per MiB: one fully flushed block of
    1 MiB of zeros, repeated (a full flush resets the state, so every copy is the same)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    return first + block * (size // len(chunk) - 1) + packer.flush(zlib.Z_FINISH)


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """A zip written by hand, so that its directory says what the test wants:
    (name, deflated bytes, CRC-32, unpacked size as the directory gives it)."""
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in members:
        offset = len(out)
        raw = name.encode()
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0
        )
        out += raw + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(raw),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += raw
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
    )
    path.write_bytes(bytes(out))


def members_of(export: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(export) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rebuilt(
    export: Path, target: Path, name: str, data: bytes, crc: int | None, size: int | None
) -> Path:
    """``export`` with member ``name`` replaced by deflated ``data``, its directory entry
    saying ``crc``/``size`` (None: the original file's)."""
    members = []
    for member, content in members_of(export).items():
        if member == name:
            members.append(
                (
                    member,
                    data,
                    zlib.crc32(content) if crc is None else crc,
                    len(content) if size is None else size,
                )
            )
        else:
            members.append((member, deflated(content), zlib.crc32(content), len(content)))
    write_zip(target, members)
    return target


def test_the_hand_written_zip_of_the_tests_imports(exports: Exports, tmp_path: Path) -> None:
    """The zip writer below is right: the same export, rewritten by it, imports whole."""
    sales = members_of(exports.zip)["sales.csv"]
    same = rebuilt(exports.zip, tmp_path / "same.zip", "sales.csv", deflated(sales), None, None)
    db = office(tmp_path)
    assert import_export(db, same).rows_added > 0
    db.dispose()


def test_a_zip_bomb_of_2_mb_that_unpacks_to_2_gib_is_refused_before_unpacking(
    exports: Exports, tmp_path: Path
) -> None:
    bomb = zeros_bomb(2 * GIB)
    assert len(bomb) < 3 << 20  # ~2 MB
    path = rebuilt(exports.zip, tmp_path / "bom.zip", "sales.csv", bomb, 0, 2 * GIB)
    assert path.stat().st_size < 4 << 20
    error = refused(tmp_path, path)
    assert error.reason == "too_large"
    assert "sales.csv" in error.detail and "zip bomb" in error.detail


def test_a_zip_whose_directory_lies_about_the_size_is_read_no_further_than_it_says(
    exports: Exports, tmp_path: Path
) -> None:
    """The directory gives the real file's size (so no ratio looks odd), but the packed
    stream unpacks to 2 GiB: reading stops at the size given, and the CRC tells."""
    path = rebuilt(
        exports.zip, tmp_path / "bohong.zip", "sales.csv", zeros_bomb(2 * GIB), None, None
    )
    error = refused(tmp_path, path)
    assert error.reason == "damaged" and "sales.csv" in error.detail


def test_a_corrupt_deflate_stream_is_a_damaged_export_not_a_traceback(
    exports: Exports, tmp_path: Path
) -> None:
    content = members_of(exports.zip)["sales.csv"]
    packed = bytearray(deflated(content))
    packed[len(packed) // 2 : len(packed) // 2 + 16] = b"\xff" * 16
    path = rebuilt(exports.zip, tmp_path / "rusak.zip", "sales.csv", bytes(packed), None, None)
    error = refused(tmp_path, path)
    assert error.reason == "damaged" and error.detail.startswith("sales.csv: ")


def test_a_manifest_nested_100000_levels_deep_is_a_bad_manifest(
    exports: Exports, tmp_path: Path
) -> None:
    folder = tmp_path / "dalam"
    shutil.copytree(exports.folder, folder)
    (folder / "manifest.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    error = refused(tmp_path, folder)
    assert error.reason == "bad_manifest" and "nested 100000 levels" in error.detail
    assert json_depth('{"a": "[[[[", "b": [{"c": "\\"]"}]}') == 3  # strings do not count


def test_a_manifest_larger_than_a_megabyte_is_not_read(exports: Exports, tmp_path: Path) -> None:
    folder = tmp_path / "besar"
    shutil.copytree(exports.folder, folder)
    (folder / "manifest.json").write_bytes(b" " * (merge.MAX_MANIFEST_BYTES + 1))
    error = refused(tmp_path, folder)
    assert error.reason == "too_large" and "manifest.json" in error.detail


@pytest.mark.parametrize(
    ("field", "value", "told"),
    [
        ("bytes", 3 * GIB, "bytes (at most"),
        ("rows", merge.MAX_ROWS + 1, "rows (at most"),
    ],
)
def test_sizes_and_rows_beyond_the_limits_are_refused_from_the_signed_manifest(
    exports: Exports, tmp_path: Path, field: str, value: int, told: str
) -> None:
    folder = tmp_path / "batas"
    shutil.copytree(exports.folder, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    next(e for e in manifest["files"] if e["name"] == "sales.csv")[field] = value
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    sign_again(folder, exports.till.db)  # whoever holds the till's file can sign anything
    error = refused(tmp_path, folder)
    assert (
        error.reason == "too_large"
        and error.detail.startswith("sales.csv: ")
        and told in error.detail
    )


def test_a_file_longer_than_the_manifest_says_is_refused_before_it_is_read(
    exports: Exports, tmp_path: Path
) -> None:
    folder = tmp_path / "panjang"
    shutil.copytree(exports.folder, folder)
    with (folder / "sales.csv").open("ab") as handle:
        handle.write(b"x" * (8 << 20))
    db = office(tmp_path)
    with pytest.raises(ExportChecksumMismatch) as raised:
        import_export(db, folder)
    assert raised.value.file_name == "sales.csv"
    db.dispose()


def test_the_command_line_refuses_a_zip_bomb_in_one_line(
    exports: Exports, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bazaar_pos.cli.commands import main

    path = rebuilt(exports.zip, tmp_path / "bom.zip", "sales.csv", zeros_bomb(2 * GIB), 0, 2 * GIB)
    capsys.readouterr()
    office = ["--data-dir", str(tmp_path / "kantor"), "--new-database", "office"]
    assert main([*office, "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "too_large" in err and "zip bomb" in err
