"""Users and PINs: first admin, admin-only management, login with a stored lockout, approvals."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import select

from bazaar_pos.db import Database
from bazaar_pos.db.models import Role, User
from bazaar_pos.errors import PosError
from bazaar_pos.people import users
from bazaar_pos.people.access import Actor, Approval, NotPermitted, UnknownUser, check_approval
from bazaar_pos.people.audit import AuditAction, AuditRecord, list_audit
from bazaar_pos.people.users import (
    AccountLocked,
    InvalidPin,
    InvalidUser,
    LastAdmin,
    PinsDiffer,
    UsersExist,
    WrongPin,
)
from tests.conftest import Staff

T0 = dt.datetime(2025, 4, 27, 8, 0, tzinfo=dt.UTC)
WRONG = "987650"  # a wrong PIN no test user has


def seconds(n: float) -> dt.timedelta:
    return dt.timedelta(seconds=n)


def user_row(db: Database, username: str) -> users.UserInfo:
    return next(u for u in users.list_users(db) if u.username == username)


def actions(db: Database) -> list[tuple[str, str, str]]:
    """(action, user name, subject) of the audit log, oldest first."""
    return [(r.action, r.user_name, r.subject) for r in reversed(list_audit(db))]


def fail_login(db: Database, username: str, now: dt.datetime) -> Exception:
    with pytest.raises((WrongPin, AccountLocked)) as caught:
        users.login(db, username, WRONG, till_code="BPN1", now=now)
    return caught.value


# --- hashing ------------------------------------------------------------------------------


def test_module_defaults_are_owasp_scrypt_parameters() -> None:
    # The suite lowers SCRYPT_N (tests/conftest.py); a fresh interpreter sees the real values.
    code = "import bazaar_pos.people.users as u; print(u.SCRYPT_N, u.SCRYPT_R, u.SCRYPT_P)"
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert shown == ["131072", "8", "1"]


def test_real_cost_hash_carries_its_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "SCRYPT_N", 2**17)
    stored = users.hash_pin("4821")
    assert stored.startswith("scrypt$131072$8$1$")
    assert users.verify_pin("4821", stored)
    assert not users.verify_pin("4822", stored)


def test_hashes_are_salted_and_pins_are_four_to_eight_digits() -> None:
    first, second = users.hash_pin("1234"), users.hash_pin("1234")
    assert first != second
    assert first.startswith("scrypt$1024$8$1$")  # the cheap test cost, stored in the hash
    assert users.verify_pin("1234", first) and users.verify_pin("1234", second)
    for bad in ("123", "123456789", "12a4", "", " 1234", "١٢٣٤"):
        with pytest.raises(InvalidPin) as caught:
            users.hash_pin(bad)
        assert bad not in str(caught.value) or bad == ""
    assert not users.verify_pin("1234", "not-a-hash")


def test_lock_delay_doubles_up_to_an_hour() -> None:
    assert [users.lock_seconds(n) for n in range(1, 10)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]
    assert users.lock_seconds(500) == 3600


# --- first admin and managing users --------------------------------------------------------


def test_first_admin_only_once(db: Database) -> None:
    assert not users.has_users(db)
    admin = users.create_first_admin(db, " Admin.Rutan ", "Pak  Darmo", "123456", till_code="BPN1")
    assert (admin.username, admin.full_name, admin.role) == ("admin.rutan", "Pak Darmo", "admin")
    assert users.has_users(db)
    with pytest.raises(UsersExist):
        users.create_first_admin(db, "kedua", "Orang Lain", "654321", till_code="BPN1")
    assert [u.username for u in users.list_users(db)] == ["admin.rutan"]
    assert actions(db) == [("user_created", "Pak Darmo", "admin.rutan")]
    assert users.login(db, "ADMIN.RUTAN", "123456", till_code="BPN1") == admin


def test_first_admin_checks_its_input(db: Database) -> None:
    with pytest.raises(InvalidUser) as caught:
        users.create_first_admin(db, "a", "Admin", "123456", till_code="BPN1")
    assert (caught.value.field, caught.value.reason) == ("username", "format")
    with pytest.raises(InvalidUser) as caught:
        users.create_first_admin(db, "admin", "   ", "123456", till_code="BPN1")
    assert (caught.value.field, caught.value.reason) == ("full_name", "required")
    with pytest.raises(InvalidPin):
        users.create_first_admin(db, "admin", "Admin", "12", till_code="BPN1")
    assert not users.has_users(db)


def test_admin_creates_users_and_usernames_are_normalised(db: Database, staff: Staff) -> None:
    created = users.create_user(
        db,
        staff.admin,
        username="  Budi.Santoso ",
        full_name="Budi Santoso",
        role=Role.CASHIER,
        pin="5678",
        till_code="BPN1",
    )
    assert (created.username, created.full_name, created.role, created.active) == (
        "budi.santoso",
        "Budi Santoso",
        "cashier",
        True,
    )
    assert (created.failed_attempts, created.locked_until) == (0, None)
    assert users.login(db, "budi.santoso", "5678", till_code="BPN1").user_id == created.id
    with pytest.raises(InvalidUser) as caught:
        users.create_user(
            db,
            staff.admin,
            username="BUDI.SANTOSO",
            full_name="Budi Lain",
            role=Role.CASHIER,
            pin="1357",
            till_code="BPN1",
        )
    assert (caught.value.field, caught.value.value, caught.value.reason) == (
        "username",
        "budi.santoso",
        "taken",
    )
    for bad_name in ("b", "budi santoso", "budi@rutan", "x" * 41, "bäbe"):
        with pytest.raises(InvalidUser) as caught:
            users.create_user(
                db,
                staff.admin,
                username=bad_name,
                full_name="X",
                role=Role.CASHIER,
                pin="1357",
                till_code="BPN1",
            )
        assert caught.value.reason == "format"
    with pytest.raises(InvalidUser) as caught:
        users.create_user(
            db,
            staff.admin,
            username="joko",
            full_name="Joko",
            role="kalapas",
            pin="1357",
            till_code="BPN1",
        )
    assert (caught.value.field, caught.value.reason) == ("role", "unknown_role")
    assert ("user_created", "Admin Rutan", "budi.santoso") in actions(db)


@pytest.mark.parametrize("who", ["cashier", "supervisor"])
def test_only_admins_manage_users_even_without_the_ui(db: Database, staff: Staff, who: str) -> None:
    actor: Actor = getattr(staff, who)
    with pytest.raises(NotPermitted) as caught:
        users.create_user(
            db,
            actor,
            username="baru",
            full_name="Baru",
            role=Role.ADMIN,
            pin="1357",
            till_code="BPN1",
        )
    assert (caught.value.needed, caught.value.role) == ("admin", actor.role)
    with pytest.raises(NotPermitted):
        users.update_user(db, actor, actor.user_id, role=Role.ADMIN, till_code="BPN1")
    with pytest.raises(NotPermitted):
        users.reset_pin(db, actor, staff.admin.user_id, "0000", till_code="BPN1")
    assert [u.username for u in users.list_users(db)] == ["admin", "kasir", "spv"]
    assert user_row(db, actor.username).role == actor.role
    users.login(db, "admin", "123456", till_code="BPN1")  # the admin's PIN is unchanged


def test_update_user_changes_name_role_and_active(db: Database, staff: Staff) -> None:
    changed = users.update_user(
        db,
        staff.admin,
        staff.cashier.user_id,
        full_name="Siti Aminah, S.E.",
        role=Role.SUPERVISOR,
        till_code="BPN1",
    )
    assert (changed.full_name, changed.role) == ("Siti Aminah, S.E.", "supervisor")
    record = list_audit(db, actions=[AuditAction.USER_CHANGED])[0]
    assert (record.subject, record.detail) == (
        "kasir",
        "name 'Siti Aminah' -> 'Siti Aminah, S.E.'; role cashier -> supervisor",
    )
    users.update_user(db, staff.admin, staff.cashier.user_id, active=False, till_code="BPN1")
    assert not user_row(db, "kasir").active
    # A deactivated user can neither log in nor act with an old Actor.
    with pytest.raises(UnknownUser):
        users.login(db, "kasir", "1111", till_code="BPN1")
    with pytest.raises(UnknownUser):
        users.change_own_pin(db, staff.cashier, "1111", "4444", till_code="BPN1")
    # An unchanged update writes no log entry.
    before = len(list_audit(db))
    users.update_user(db, staff.admin, staff.supervisor.user_id, role="supervisor", till_code="X")
    assert len(list_audit(db)) == before
    with pytest.raises(InvalidUser) as caught:
        users.update_user(db, staff.admin, 9999, active=True, till_code="BPN1")
    assert caught.value.reason == "not_found"


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(db: Database, staff: Staff) -> None:
    with pytest.raises(LastAdmin):
        users.update_user(
            db, staff.admin, staff.admin.user_id, role=Role.SUPERVISOR, till_code="BPN1"
        )
    with pytest.raises(LastAdmin):
        users.update_user(db, staff.admin, staff.admin.user_id, active=False, till_code="BPN1")
    assert user_row(db, "admin").role == "admin" and user_row(db, "admin").active
    # With a second admin the first may step down.
    users.update_user(db, staff.admin, staff.supervisor.user_id, role=Role.ADMIN, till_code="T")
    demoted = users.update_user(
        db, staff.admin, staff.admin.user_id, role=Role.CASHIER, till_code="BPN1"
    )
    assert demoted.role == "cashier"
    # … and can no longer manage users: the role is checked in the database, not the Actor.
    with pytest.raises(NotPermitted):
        users.update_user(db, staff.admin, staff.cashier.user_id, active=False, till_code="T")


# --- login and lockout ---------------------------------------------------------------------


def test_login_logs_and_returns_the_actor(db: Database, staff: Staff) -> None:
    actor = users.login(db, " SPV ", "2222", till_code="BPN1", now=T0)
    assert actor == staff.supervisor
    users.logout(db, actor, till_code="BPN1")
    records = list_audit(db)
    assert [(r.action, r.user_id, r.subject, r.till_code) for r in records[:2]] == [
        ("logout", actor.user_id, "spv", "BPN1"),
        ("login", actor.user_id, "spv", "BPN1"),
    ]
    assert records[1].created_at == T0


def test_unknown_user_is_refused_and_logged(db: Database, staff: Staff) -> None:
    with pytest.raises(UnknownUser) as caught:
        users.login(db, "Hacker", "1111", till_code="BPN1")
    assert caught.value.username == "hacker"
    record = list_audit(db)[0]
    assert (record.action, record.subject, record.user_id) == ("login_failed", "hacker", None)


def test_five_wrong_pins_lock_with_a_growing_delay(db: Database, staff: Staff) -> None:
    left = [fail_login(db, "kasir", T0) for _ in range(4)]
    assert [e.attempts_left for e in left if isinstance(e, WrongPin)] == [4, 3, 2, 1]
    locked = fail_login(db, "kasir", T0)
    assert isinstance(locked, AccountLocked)
    assert (locked.username, locked.until, locked.seconds_left) == ("kasir", T0 + seconds(30), 30)
    info = user_row(db, "kasir")
    assert (info.locked_until, info.failed_attempts) == (T0 + seconds(30), 0)
    assert info.is_locked(T0 + seconds(29)) and not info.is_locked(T0 + seconds(30))

    # While locked even the right PIN is refused, and the PIN is not even checked.
    with pytest.raises(AccountLocked) as caught:
        users.login(db, "kasir", "1111", till_code="BPN1", now=T0 + seconds(20))
    assert caught.value.seconds_left == 10

    # After the delay: five more tries, then twice as long, and so on.
    expected_delays = [60, 120, 240]
    start = T0 + seconds(30)
    for delay in expected_delays:
        errors = [fail_login(db, "kasir", start) for _ in range(5)]
        assert [type(e).__name__ for e in errors] == ["WrongPin"] * 4 + ["AccountLocked"]
        last = errors[-1]
        assert isinstance(last, AccountLocked) and last.seconds_left == delay
        start += seconds(delay)
    lockouts = list_audit(db, actions=[AuditAction.LOCKOUT])
    assert [r.detail for r in reversed(lockouts)] == [
        "5 wrong PINs (login): locked for 30 s (lockout 1)",
        "5 wrong PINs (login): locked for 60 s (lockout 2)",
        "5 wrong PINs (login): locked for 120 s (lockout 3)",
        "5 wrong PINs (login): locked for 240 s (lockout 4)",
    ]
    assert len(list_audit(db, actions=[AuditAction.LOGIN_FAILED])) == 20 + 1
    # The right PIN once the delay is over resets everything: the next lock is 30 s again.
    assert users.login(db, "kasir", "1111", till_code="BPN1", now=start) == staff.cashier
    info = user_row(db, "kasir")
    assert (info.locked_until, info.failed_attempts) == (None, 0)
    errors = [fail_login(db, "kasir", start) for _ in range(5)]
    last = errors[-1]
    assert isinstance(last, AccountLocked) and last.seconds_left == 30


def test_a_lockout_survives_reopening_the_database(db: Database, staff: Staff) -> None:
    now = dt.datetime.now(dt.UTC)
    for _ in range(5):
        fail_login(db, "spv", now)
    url = db.url
    db.dispose()
    reopened = Database.open(url)
    try:
        with pytest.raises(AccountLocked) as caught:
            users.login(reopened, "spv", "2222", till_code="BPN1")
        assert 0 < caught.value.seconds_left <= 30
        with reopened.read() as session:
            row = session.scalar(select(User).where(User.username == "spv"))
            assert row is not None and row.lockouts == 1
        assert users.login(reopened, "spv", "2222", till_code="BPN1", now=now + seconds(31))
    finally:
        reopened.dispose()


def test_wrong_pins_are_counted_across_reopening(db: Database, staff: Staff) -> None:
    for _ in range(3):
        fail_login(db, "kasir", T0)
    url = db.url
    db.dispose()
    reopened = Database.open(url)
    try:
        errors = [fail_login(reopened, "kasir", T0) for _ in range(2)]
        assert isinstance(errors[0], WrongPin) and errors[0].attempts_left == 1
        assert isinstance(errors[1], AccountLocked)
    finally:
        reopened.dispose()


def test_successful_login_resets_the_count(db: Database, staff: Staff) -> None:
    for _ in range(4):
        fail_login(db, "kasir", T0)
    users.login(db, "kasir", "1111", till_code="BPN1", now=T0)
    assert user_row(db, "kasir").failed_attempts == 0
    error = fail_login(db, "kasir", T0)
    assert isinstance(error, WrongPin) and error.attempts_left == 4


def test_malformed_pin_is_not_a_guess(db: Database, staff: Staff) -> None:
    with pytest.raises(InvalidPin):
        users.login(db, "kasir", "11", till_code="BPN1")
    assert user_row(db, "kasir").failed_attempts == 0


def test_admin_reset_pin_lifts_the_lockout(db: Database, staff: Staff) -> None:
    for _ in range(5):
        fail_login(db, "kasir", dt.datetime.now(dt.UTC))
    assert user_row(db, "kasir").is_locked()
    info = users.reset_pin(db, staff.admin, staff.cashier.user_id, "424242", till_code="BPN1")
    assert (info.locked_until, info.failed_attempts) == (None, 0)
    with pytest.raises(WrongPin):
        users.login(db, "kasir", "1111", till_code="BPN1")
    assert users.login(db, "kasir", "424242", till_code="BPN1") == staff.cashier
    record = list_audit(db, actions=[AuditAction.USER_CHANGED])[0]
    assert (record.user_name, record.subject, record.detail) == (
        "Admin Rutan",
        "kasir",
        "PIN reset, lockout lifted",
    )


def test_change_own_pin(db: Database, staff: Staff) -> None:
    with pytest.raises(WrongPin) as caught:
        users.change_own_pin(db, staff.cashier, "9999", "3141", till_code="BPN1")
    assert caught.value.attempts_left == 4
    with pytest.raises(InvalidPin):
        users.change_own_pin(db, staff.cashier, "1111", "31", till_code="BPN1")
    users.change_own_pin(db, staff.cashier, "1111", "3141", till_code="BPN1")
    assert users.login(db, "kasir", "3141", till_code="BPN1") == staff.cashier
    users.check_pins_match("3141", "3141")
    with pytest.raises(PinsDiffer):
        users.check_pins_match("3141", "3142")


# --- approvals -----------------------------------------------------------------------------


def test_supervisor_approval_is_logged_and_accepted(db: Database, staff: Staff) -> None:
    approval = users.approve(
        db,
        "spv",
        "2222",
        action="discount",
        till_code="BPN1",
        requested_by=staff.cashier,
        subject="Talenan",
    )
    assert dataclasses.astuple(approval)[1:] == (
        staff.supervisor.user_id,
        "Bu Ratna (Kasubsi)",
        "supervisor",
        "discount",
    )
    record = list_audit(db, actions=[AuditAction.APPROVAL])[0]
    assert (record.uuid, record.user_id, record.subject, record.detail) == (
        approval.approval_id,
        staff.supervisor.user_id,
        "Talenan",
        "discount; requested by kasir",
    )
    with db.read() as session:
        approver = check_approval(
            session, approval, Role.SUPERVISOR, "give a 25% discount", actor=staff.cashier
        )
        assert approver.username == "spv"
        # A supervisor's approval is not enough where an admin is needed.
        with pytest.raises(NotPermitted):
            check_approval(session, approval, Role.ADMIN, "give 80%", actor=staff.cashier)


def test_forged_approvals_are_refused(db: Database, staff: Staff) -> None:
    real = users.approve(db, "spv", "2222", action="discount", till_code="BPN1")
    forged = [
        Approval(str(uuid.uuid4()), staff.supervisor.user_id, "Bu Ratna", "supervisor", "x"),
        Approval(real.approval_id, staff.admin.user_id, "Admin", "admin", "discount"),
    ]
    login_row = users.login(db, "spv", "2222", till_code="BPN1")
    login_uuid = list_audit(db, actions=["login"])[0].uuid
    forged.append(Approval(login_uuid, login_row.user_id, "Bu Ratna", "supervisor", "x"))
    with db.read() as session:
        for approval in forged:
            with pytest.raises(NotPermitted):
                check_approval(session, approval, Role.SUPERVISOR, "discount", actor=staff.cashier)


def test_a_cashier_cannot_approve(db: Database, staff: Staff) -> None:
    with pytest.raises(NotPermitted) as caught:
        users.approve(db, "kasir", "1111", action="discount", till_code="BPN1", subject="BESEK")
    assert (caught.value.needed, caught.value.user, caught.value.role) == (
        "supervisor",
        "kasir",
        "cashier",
    )
    with pytest.raises(NotPermitted):
        users.approve(db, "spv", "2222", action="refund", till_code="BPN1", minimum_role=Role.ADMIN)
    assert (
        users.approve(
            db, "admin", "123456", action="refund", till_code="BPN1", minimum_role=Role.ADMIN
        ).role
        == "admin"
    )
    failed = list_audit(db, actions=[AuditAction.APPROVAL_FAILED])
    assert [(r.user_name, r.subject, r.detail) for r in reversed(failed)] == [
        ("Siti Aminah", "BESEK", "discount: cashier may not approve, needs supervisor"),
        ("Bu Ratna (Kasubsi)", "", "refund: supervisor may not approve, needs admin"),
    ]
    assert len(list_audit(db, actions=[AuditAction.APPROVAL])) == 1


def test_wrong_approval_pins_lock_the_approver(db: Database, staff: Staff) -> None:
    for attempt in range(5):
        with pytest.raises((WrongPin, AccountLocked)):
            users.approve(
                db,
                "spv",
                WRONG,
                action="discount",
                till_code="BPN1",
                requested_by=staff.cashier,
                now=T0,
            )
        assert attempt < 4 or user_row(db, "spv").locked_until == T0 + seconds(30)
    with pytest.raises(AccountLocked):
        users.approve(db, "spv", "2222", action="discount", till_code="BPN1", now=T0)
    with pytest.raises(AccountLocked):
        users.login(db, "spv", "2222", till_code="BPN1", now=T0 + seconds(5))
    failed = list_audit(db, actions=[AuditAction.APPROVAL_FAILED])
    assert failed[-1].detail == "approve discount; requested by kasir: wrong PIN (1 of 5)"
    with pytest.raises(UnknownUser):
        users.approve(db, "siapa", "2222", action="discount", till_code="BPN1")


# --- secrets stay secret -------------------------------------------------------------------


def _texts(record: AuditRecord) -> str:
    # Not the uuid: random hex may contain "1111" by chance.
    fields = (record.till_code, record.user_name, record.action, record.subject, record.detail)
    return " ".join((*fields, record.approved_by, str(record.amount)))


def test_pins_and_hashes_never_reach_the_log_errors_or_reprs(db: Database, staff: Staff) -> None:
    pins = ["123456", "2222", "1111", WRONG, "7531"]
    raised: list[Exception] = []
    for _ in range(5):
        raised.append(fail_login(db, "kasir", T0))
    for call in (
        lambda: users.approve(db, "spv", WRONG, action="discount", till_code="BPN1"),
        lambda: users.approve(db, "kasir", "1111", action="discount", till_code="BPN1", now=T0),
        lambda: users.change_own_pin(db, staff.admin, WRONG, "7531", till_code="BPN1"),
        lambda: users.login(db, "nobody", "2222", till_code="BPN1"),
    ):
        with pytest.raises(PosError) as caught:
            call()
        raised.append(caught.value)
    users.approve(db, "spv", "2222", action="discount", till_code="BPN1")
    users.reset_pin(db, staff.admin, staff.cashier.user_id, "7531", till_code="BPN1")
    users.create_user(
        db,
        staff.admin,
        username="tamu",
        full_name="Tamu",
        role=Role.CASHIER,
        pin="2222",
        till_code="BPN1",
    )
    with db.read() as session:
        hashes = list(session.scalars(select(User.pin_hash)))
    log = " | ".join(_texts(record) for record in list_audit(db))
    shown = log + " ".join(repr(e) + str(e) for e in raised) + repr(users.list_users(db))
    for secret in pins + hashes + ["scrypt$"]:
        assert secret not in shown
    assert "login_failed" in log and "approval_failed" in log and "lockout" in log
