"""The backup settings: defaults, limits, stored as text and read back, a bad stored value
falling back to the default instead of stopping the till."""

from __future__ import annotations

import pytest

from bazaar_pos.db.models import Setting
from bazaar_pos.settings import InvalidSetting, TillSettings, load_settings, save_settings
from bazaar_pos.startup import Till


def test_the_defaults_back_up_every_15_minutes_or_25_sales_and_keep_20() -> None:
    settings = TillSettings()
    assert (settings.backup_every_minutes, settings.backup_every_sales) == (15, 25)
    assert (settings.backup_keep_last, settings.backup_keep_days) == (20, 30)
    assert settings.backup_second_folder == ""


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("backup_every_minutes", -1),
        ("backup_every_minutes", 24 * 60 + 1),
        ("backup_every_sales", -5),
        ("backup_keep_last", 0),  # at least the newest backup stays
        ("backup_keep_days", 367),
    ],
)
def test_out_of_range_numbers_are_refused(till: Till, key: str, value: int) -> None:
    before = load_settings(till.db)
    with pytest.raises(InvalidSetting) as refused:
        save_settings(till.db, before.with_changes(**{key: value}))
    assert refused.value.key == key
    assert load_settings(till.db) == before


def test_stored_and_read_back(till: Till) -> None:
    wanted = load_settings(till.db).with_changes(
        backup_every_minutes=0, backup_every_sales=7, backup_second_folder="/media/USB"
    )
    save_settings(till.db, wanted)
    assert load_settings(till.db) == wanted


def test_a_hand_edited_bad_value_falls_back_to_the_default(till: Till) -> None:
    with till.db.write() as session:
        session.merge(Setting(key="backup_every_sales", value="banyak"))
    assert load_settings(till.db).backup_every_sales == 25
