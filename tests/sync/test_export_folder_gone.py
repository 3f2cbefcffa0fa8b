"""A USB stick pulled out before or while the export is written: a typed refusal that says the
till's data is safe, nothing left behind, and nothing recorded as exported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from bazaar_pos.db import Database
from bazaar_pos.db.models import SyncExport
from bazaar_pos.sync import export_till
from bazaar_pos.sync.errors import ExportFolderGone


def exports(db: Database) -> list[SyncExport]:
    with db.read() as session:
        return list(session.scalars(select(SyncExport)).all())


@pytest.mark.parametrize("name", ["bpn1.zip", "bpn1-folder"])
def test_an_export_to_a_folder_that_is_gone_is_refused_and_makes_no_folder(
    db: Database, tmp_path: Path, name: str
) -> None:
    stick = tmp_path / "media" / "USB-KASA"  # the mount point left by a pulled stick
    with pytest.raises(ExportFolderGone) as refused:
        export_till(db, stick / name, exported_by="Siti")
    assert refused.value.folder == stick
    assert not stick.exists()  # not made up on the laptop's own disk
    assert exports(db) == []


@pytest.mark.parametrize("name", ["bpn1.zip", "bpn1-folder"])
def test_a_stick_pulled_while_the_export_is_written_is_told_and_recorded_nowhere(
    db: Database, tmp_path: Path, name: str
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()

    def pull_the_stick(done: int, total: int) -> bool:
        shutil.rmtree(stick, ignore_errors=True)
        return True

    with pytest.raises(ExportFolderGone):
        export_till(db, stick / name, exported_by="Siti", progress=pull_the_stick)
    assert exports(db) == []
    stick.mkdir()  # plugged in again: the export is number 1, whole
    assert export_till(db, stick / name, exported_by="Siti").sequence == 1
