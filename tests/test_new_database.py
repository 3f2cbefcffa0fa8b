"""What a new database is: nothing seeded unasked, a till or an office chosen once, the till
code suggested from the data here and refused when another device's data uses it."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bazaar_pos.catalog.institutions import list_institutions
from bazaar_pos.catalog.till_identity import (
    AlreadySetUp,
    DatabaseSetup,
    InvalidDatabaseSetup,
    own_device_id,
)
from bazaar_pos.catalog.till_settings import TillCodeTaken, change_settings
from bazaar_pos.db import Database
from bazaar_pos.db.models import Event, Product, StockMovement, TillKey
from bazaar_pos.people.audit import list_audit
from bazaar_pos.settings import (
    OFFICE,
    OFFICE_TILL_CODE,
    PENDING,
    TILL,
    load_settings,
    suggest_till_code,
)
from bazaar_pos.startup import NewDatabaseUndecided, open_till, set_up_new_database
from tests.conftest import Staff


def count(db: Database, model: type[object]) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def learn_other_device(db: Database, till_code: str) -> str:
    """Another laptop's key, as a merge of its export leaves it here."""
    till_id = str(uuid.uuid4())
    with db.write() as session:
        session.add(
            TillKey(
                till_id=till_id,
                public_key="AAAA",
                private_key="",
                own=False,
                till_code=till_code,
                created_at=dt.datetime.now(dt.UTC),
            )
        )
    return till_id


# --- the suggestion, a pure function ----------------------------------------------------------


def test_the_suggestion_is_the_institution_code_and_the_number_after_the_highest_used() -> None:
    assert suggest_till_code("BPN", []) == "BPN1"
    assert suggest_till_code("BPN", ["BPN1"]) == "BPN2"
    # the highest, not the first gap: BPN2 may be a till whose export has not arrived yet
    assert suggest_till_code("BPN", ["BPN1", "BPN3"]) == "BPN4"
    assert suggest_till_code("bpn", ["BNA1", "BPNX", "BPN12"]) == "BPN13"


def test_a_long_institution_code_is_cut_to_leave_room_for_the_number() -> None:
    assert suggest_till_code("SAMARIND", []) == "SAMARIN1"
    assert suggest_till_code("ABCDEFGH", [f"ABCDEFG{n}" for n in range(1, 10)]) == "ABCDEF10"


def test_a_till_of_no_institution_is_numbered_kasa() -> None:
    assert suggest_till_code("", ["KASA1"]) == "KASA2"


# --- open_till: nothing seeded unasked ----------------------------------------------------------


def test_a_new_database_gets_no_demo_data_and_waits_for_the_choice(tmp_path: Path) -> None:
    till = open_till(tmp_path / "new")
    try:
        assert count(till.db, Product) == 0 and count(till.db, Event) == 0
        assert load_settings(till.db).database_kind == PENDING
    finally:
        till.db.dispose()


def test_seed_demo_still_makes_a_training_till_for_the_tests(tmp_path: Path) -> None:
    till = open_till(tmp_path / "demo", seed_demo=True, anonymous_setup=True)
    try:
        assert count(till.db, Product) == 30
        settings = load_settings(till.db)
        assert settings.is_till and settings.till_code == "BPN1"
    finally:
        till.db.dispose()


def test_a_database_from_before_the_choice_is_a_till() -> None:
    from bazaar_pos.settings import TillSettings

    assert TillSettings().database_kind == TILL  # no row: every old database was a till


def test_a_command_on_a_folder_without_database_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    with pytest.raises(NewDatabaseUndecided, match="--new-database office"):
        open_till(folder, anonymous_setup=True, require_choice=True)
    assert not (folder / "bazaar.sqlite3").exists()


def test_an_office_made_now_has_no_demo_data_and_no_till_code(tmp_path: Path) -> None:
    till = open_till(
        tmp_path / "kantor",
        new_database=DatabaseSetup(kind=OFFICE),
        anonymous_setup=True,
        require_choice=True,
    )
    try:
        settings = load_settings(till.db)
        assert settings.is_office and settings.till_code == OFFICE_TILL_CODE
        assert count(till.db, Product) == count(till.db, Event) == 0
        assert count(till.db, StockMovement) == 0
        actions = {entry.action for entry in list_audit(till.db)}
        assert "setting_changed" in actions or "till_code_changed" in actions  # journaled
    finally:
        till.db.dispose()


def test_a_till_made_now_takes_the_suggested_code_and_adds_its_institution(
    tmp_path: Path,
) -> None:
    setup = DatabaseSetup(
        kind=TILL, institution_code="smd", institution_name="Rutan Kelas IIA Samarinda"
    )
    till = open_till(tmp_path / "smd", new_database=setup, anonymous_setup=True)
    try:
        settings = load_settings(till.db)
        assert (settings.database_kind, settings.till_code, settings.till_institution) == (
            TILL,
            "SMD1",
            "SMD",
        )
        [institution] = list_institutions(till.db)
        assert (institution.code, institution.kind) == ("SMD", "Rutan")
        assert count(till.db, Product) == count(till.db, Event) == 0
        assert len(own_device_id(till.db)) == 8
    finally:
        till.db.dispose()


def test_a_training_till_gets_the_demo_and_may_belong_to_a_demo_institution(
    tmp_path: Path,
) -> None:
    setup = DatabaseSetup(kind=TILL, institution_code="BNA", demo=True)
    till = open_till(tmp_path / "bna", new_database=setup, anonymous_setup=True)
    try:
        settings = load_settings(till.db)
        assert settings.till_code == "BNA1" and settings.current_event_id is not None
        assert count(till.db, Product) == 30
    finally:
        till.db.dispose()


def test_an_office_never_gets_demo_data(tmp_path: Path) -> None:
    till = open_till(tmp_path / "x", anonymous_setup=True)
    try:
        with pytest.raises(InvalidDatabaseSetup, match="never gets demo data"):
            set_up_new_database(till.db, DatabaseSetup(kind=OFFICE, demo=True), actor=None)
        assert count(till.db, Product) == 0
        assert load_settings(till.db).is_pending  # nothing written
    finally:
        till.db.dispose()


def test_an_unknown_institution_without_a_name_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    till = open_till(tmp_path / "x", anonymous_setup=True)
    try:
        with pytest.raises(InvalidDatabaseSetup, match="give its name"):
            set_up_new_database(
                till.db, DatabaseSetup(kind=TILL, institution_code="XYZ", demo=True), actor=None
            )
        assert count(till.db, Product) == 0  # the demo waits for the check
    finally:
        till.db.dispose()


def test_the_kind_is_chosen_once_and_a_script_run_again_is_no_mistake(tmp_path: Path) -> None:
    office = DatabaseSetup(kind=OFFICE)
    open_till(tmp_path / "k", new_database=office, anonymous_setup=True).db.dispose()
    again = open_till(tmp_path / "k", new_database=office, anonymous_setup=True)
    again.db.dispose()
    with pytest.raises(AlreadySetUp, match="already set up as an office"):
        open_till(
            tmp_path / "k",
            new_database=DatabaseSetup(kind=TILL, institution_code="BPN", demo=True),
            anonymous_setup=True,
        )


# --- the till code of another device -----------------------------------------------------------


def test_the_suggestion_skips_the_codes_of_tills_merged_here(tmp_path: Path) -> None:
    till = open_till(tmp_path / "x", anonymous_setup=True)
    try:
        learn_other_device(till.db, "BPN1")
        learn_other_device(till.db, "BPN2")
        settings = set_up_new_database(
            till.db, DatabaseSetup(kind=TILL, institution_code="BPN", demo=True), actor=None
        )
        assert settings.till_code == "BPN3"
    finally:
        till.db.dispose()


def test_a_code_another_device_uses_is_refused_at_set_up(tmp_path: Path) -> None:
    till = open_till(tmp_path / "x", anonymous_setup=True)
    try:
        device = learn_other_device(till.db, "BPN1")
        with pytest.raises(TillCodeTaken) as refused:
            set_up_new_database(
                till.db,
                DatabaseSetup(kind=TILL, institution_code="BPN", till_code="BPN1", demo=True),
                actor=None,
            )
        assert refused.value.devices == (device.replace("-", "")[:8],)
        assert refused.value.suggestion == "BPN2"
        assert "already used by another device here" in str(refused.value)
        assert count(till.db, Product) == 0
    finally:
        till.db.dispose()


def test_an_admin_changing_the_till_code_is_refused_a_code_another_device_uses(
    db: Database, staff: Staff
) -> None:
    learn_other_device(db, "BPN7")
    settings = load_settings(db)
    with pytest.raises(TillCodeTaken):
        change_settings(db, settings.with_changes(till_code="BPN7"), actor=staff.admin)
    assert load_settings(db).till_code == "BPN1"
    change_settings(db, settings.with_changes(till_code="BPN8"), actor=staff.admin)
    assert load_settings(db).till_code == "BPN8"


def test_an_office_opens_no_shift_and_so_sells_nothing(tmp_path: Path) -> None:
    from bazaar_pos.people.shifts import NotATill, open_shift
    from bazaar_pos.people.users import create_first_admin

    till = open_till(tmp_path / "k", new_database=DatabaseSetup(kind=OFFICE), anonymous_setup=True)
    try:
        admin = create_first_admin(till.db, "admin", "Admin", "246810", till_code="KANTOR")
        with pytest.raises(NotATill, match="an office"):
            open_shift(till.db, admin, till_code="KANTOR", event_id=None, float_counts={})
    finally:
        till.db.dispose()
