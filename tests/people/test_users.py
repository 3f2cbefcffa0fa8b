"""Users and PINs: first admin, admin-only management, login with a stored lockout, approvals."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from bazaar_pos.db import Database
from bazaar_pos.db.models import ApprovalGrant, Role, User
from bazaar_pos.errors import PosError
from bazaar_pos.people import users
from bazaar_pos.people.access import (
    APPROVAL_LIFETIME,
    Actor,
    Approval,
    ApprovalAction,
    ApprovalProblem,
    ApprovalRefused,
    ApprovalRequest,
    NotPermitted,
    UnknownUser,
    approval_problems,
    check_approval,
    token_sha256,
)
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
from tests.conftest import Staff, add_user

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
    reopened = Database.open(url, anonymous_setup=True)
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
    reopened = Database.open(url, anonymous_setup=True)
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

DISCOUNT_A = {"action": ApprovalAction.LINE_DISCOUNT, "subject": "line:a", "amount": 9_900}


def approve_discount(db: Database, username: str, pin: str, **changes: Any) -> Approval:
    """``username``'s approval of a Rp 9.900 discount on cart line "a" (unless changed)."""
    terms: dict[str, Any] = {**DISCOUNT_A, "till_code": "BPN1", **changes}
    return users.approve(db, username, pin, **terms)


def wanted(minimum: str = Role.SUPERVISOR, **changes: Any) -> ApprovalRequest:
    return dataclasses.replace(ApprovalRequest(minimum=minimum, **DISCOUNT_A), **changes)


def spend(db: Database, approval: Approval, request: ApprovalRequest, actor: Actor) -> User:
    with db.write() as session:
        return check_approval(
            session, approval, request, actor=actor, till_code="BPN1", used_for="BPN1-000001"
        )


def test_supervisor_approval_is_a_bound_grant_logged_without_its_secret(
    db: Database, staff: Staff
) -> None:
    approval = approve_discount(
        db, "spv", "2222", requested_by=staff.cashier, description="Diskon 11% untuk Talenan"
    )
    assert (approval.action, approval.subject, approval.amount) == (
        ApprovalAction.LINE_DISCOUNT,
        "line:a",
        9_900,
    )
    assert (approval.approver_id, approval.approver_name, approval.role) == (
        staff.supervisor.user_id,
        "Bu Ratna (Kasubsi)",
        "supervisor",
    )
    assert approval.secret and approval.secret not in repr(approval)
    with db.read() as session:
        grant = session.scalars(select(ApprovalGrant)).one()
        assert grant.secret_sha256 == token_sha256(approval.secret) != approval.secret
        assert (grant.uuid, grant.requested_by_id, grant.expires_at - grant.granted_at) == (
            approval.grant_uuid,
            staff.cashier.user_id,
            APPROVAL_LIFETIME,
        )
    record = list_audit(db, actions=[AuditAction.APPROVAL])[0]
    assert (record.user_id, record.subject, record.detail, record.amount) == (
        staff.supervisor.user_id,
        approval.grant_uuid,
        "line_discount line:a 9900; requested by kasir: Diskon 11% untuk Talenan",
        9_900,
    )
    assert approval.secret not in " ".join(_texts(r) for r in list_audit(db))

    assert spend(db, approval, wanted(), staff.cashier).username == "spv"
    with db.read() as session:
        grant = session.scalars(select(ApprovalGrant)).one()
        assert grant.used_at is not None and grant.used_for == "BPN1-000001"


def test_an_approval_is_used_once(db: Database, staff: Staff) -> None:
    approval = approve_discount(db, "spv", "2222", requested_by=staff.cashier)
    spend(db, approval, wanted(), staff.cashier)
    with pytest.raises(ApprovalRefused) as refused:
        spend(db, approval, wanted(), staff.cashier)
    assert refused.value.problem is ApprovalProblem.USED


def test_a_refused_use_rolls_back_and_leaves_the_approval_unused(
    db: Database, staff: Staff
) -> None:
    approval = approve_discount(db, "spv", "2222", requested_by=staff.cashier)
    with pytest.raises(RuntimeError), db.write() as session:
        check_approval(
            session, approval, wanted(), actor=staff.cashier, till_code="BPN1", used_for="x"
        )
        raise RuntimeError("the sale failed after the check")
    assert spend(db, approval, wanted(), staff.cashier).username == "spv"


@pytest.mark.parametrize(
    ("request_changes", "problem"),
    [
        ({"subject": "line:b"}, ApprovalProblem.OTHER_SUBJECT),  # another line
        ({"amount": 36_000}, ApprovalProblem.OTHER_AMOUNT),  # 40 % on an approval for 11 %
        ({"action": ApprovalAction.REFUND}, ApprovalProblem.OTHER_ACTION),  # a refund
        ({"action": ApprovalAction.PRICE_OVERRIDE}, ApprovalProblem.OTHER_ACTION),
        ({"minimum": Role.ADMIN}, ApprovalProblem.APPROVER_ROLE),  # needs more than spv
    ],
)
def test_an_approval_is_refused_for_anything_else(
    db: Database, staff: Staff, request_changes: dict[str, Any], problem: ApprovalProblem
) -> None:
    approval = approve_discount(db, "spv", "2222", requested_by=staff.cashier)
    with pytest.raises(ApprovalRefused) as refused:
        spend(db, approval, wanted(**request_changes), staff.cashier)
    assert refused.value.problem is problem
    # Refused, it is still good for what it was given for.
    assert spend(db, approval, wanted(), staff.cashier).username == "spv"


def test_a_smaller_discount_than_approved_is_covered_a_smaller_refund_is_not(
    db: Database, staff: Staff
) -> None:
    discount = approve_discount(db, "spv", "2222", requested_by=staff.cashier)
    assert spend(db, discount, wanted(amount=5_000), staff.cashier).username == "spv"
    refund = approve_discount(
        db, "spv", "2222", requested_by=staff.cashier, action=ApprovalAction.REFUND
    )
    with pytest.raises(ApprovalRefused) as refused:
        spend(db, refund, wanted(action=ApprovalAction.REFUND, amount=5_000), staff.cashier)
    assert refused.value.problem is ApprovalProblem.OTHER_AMOUNT


def test_an_approval_expires(db: Database, staff: Staff) -> None:
    approval = approve_discount(db, "spv", "2222", requested_by=staff.cashier, now=T0)
    with db.write() as session, pytest.raises(ApprovalRefused) as refused:
        check_approval(
            session,
            approval,
            wanted(),
            actor=staff.cashier,
            till_code="BPN1",
            used_for="x",
            now=T0 + APPROVAL_LIFETIME,
        )
    assert refused.value.problem is ApprovalProblem.EXPIRED
    with db.write() as session:
        check_approval(
            session,
            approval,
            wanted(),
            actor=staff.cashier,
            till_code="BPN1",
            used_for="x",
            now=T0 + APPROVAL_LIFETIME - seconds(1),
        )


def test_an_approval_is_for_the_user_and_till_that_asked(db: Database, staff: Staff) -> None:
    other_cashier = add_user(db, "kasir2", "Dewi", Role.CASHIER, "3333")
    approval = approve_discount(db, "spv", "2222", requested_by=staff.cashier)
    with pytest.raises(ApprovalRefused) as refused:
        spend(db, approval, wanted(), other_cashier)
    assert refused.value.problem is ApprovalProblem.OTHER_REQUESTER
    elsewhere = approve_discount(db, "spv", "2222", requested_by=staff.cashier, till_code="BNA2")
    with pytest.raises(ApprovalRefused) as refused:
        spend(db, elsewhere, wanted(), staff.cashier)
    assert refused.value.problem is ApprovalProblem.OTHER_TILL


def test_an_approval_of_a_since_deactivated_supervisor_is_refused(
    db: Database, staff: Staff
) -> None:
    approval = approve_discount(db, "spv", "2222", requested_by=staff.cashier)
    users.update_user(db, staff.admin, staff.supervisor.user_id, active=False, till_code="BPN1")
    with pytest.raises(ApprovalRefused) as refused:
        spend(db, approval, wanted(), staff.cashier)
    assert refused.value.problem is ApprovalProblem.APPROVER_INACTIVE


def test_an_approval_rebuilt_from_the_log_is_refused(db: Database, staff: Staff) -> None:
    real = approve_discount(db, "spv", "2222", requested_by=staff.cashier)
    record = list_audit(db, actions=[AuditAction.APPROVAL])[0]
    login_row = users.login(db, "spv", "2222", till_code="BPN1")
    rebuilt = [
        # Everything the audit export shows: the grant's uuid, the approver, what and how much.
        dataclasses.replace(real, grant_uuid=record.subject, secret=secret)
        for secret in ("", record.uuid, record.subject, str(staff.supervisor.user_id))
    ]
    rebuilt.append(dataclasses.replace(real, secret=login_row.session_token))
    rebuilt.append(dataclasses.replace(real, grant_uuid=str(uuid.uuid4())))  # another grant
    for approval in rebuilt:
        with pytest.raises(ApprovalRefused) as refused:
            spend(db, approval, wanted(), staff.cashier)
        assert refused.value.problem is ApprovalProblem.UNKNOWN
    assert spend(db, real, wanted(), staff.cashier).username == "spv"


def test_no_approval_or_an_own_role_that_suffices(db: Database, staff: Staff) -> None:
    with pytest.raises(NotPermitted) as refused:
        spend(db, None, wanted(), staff.cashier)  # type: ignore[arg-type]
    assert not isinstance(refused.value, ApprovalRefused)
    assert (refused.value.action, refused.value.needed) == ("line_discount", "supervisor")
    approval = approve_discount(db, "spv", "2222", requested_by=staff.cashier)
    # A supervisor needs no approval and spends none.
    assert spend(db, approval, wanted(), staff.supervisor).username == "spv"
    with db.read() as session:
        assert session.scalars(select(ApprovalGrant.used_at)).one() is None


def test_the_checks_are_a_pure_function_of_grant_approver_and_request() -> None:
    approver = User(id=2, username="spv", role=Role.SUPERVISOR, active=True)
    grant = ApprovalGrant(
        uuid="g",
        action="line_discount",
        subject="line:a",
        amount=9_900,
        approver_id=2,
        requested_by_id=3,
        till_code="BPN1",
        granted_at=T0,
        expires_at=T0 + APPROVAL_LIFETIME,
        used_at=None,
    )

    def problems(**changes: Any) -> list[ApprovalProblem]:
        return approval_problems(
            grant, approver, wanted(**changes), requested_by=3, till_code="BPN1", now=T0
        )

    assert problems() == []
    assert problems(amount=9_901, subject="line:b") == [
        ApprovalProblem.OTHER_SUBJECT,
        ApprovalProblem.OTHER_AMOUNT,
    ]
    grant.used_at = T0
    assert problems() == [ApprovalProblem.USED]


def test_a_cashier_cannot_approve(db: Database, staff: Staff) -> None:
    with pytest.raises(NotPermitted) as caught:
        approve_discount(db, "kasir", "1111", subject="BESEK")
    assert (caught.value.needed, caught.value.user, caught.value.role) == (
        "supervisor",
        "kasir",
        "cashier",
    )
    refund = {"action": ApprovalAction.REFUND, "subject": "", "minimum_role": Role.ADMIN}
    with pytest.raises(NotPermitted):
        approve_discount(db, "spv", "2222", **refund)
    assert approve_discount(db, "admin", "123456", **refund).role == "admin"
    failed = list_audit(db, actions=[AuditAction.APPROVAL_FAILED])
    assert [(r.user_name, r.subject, r.detail) for r in reversed(failed)] == [
        ("Siti Aminah", "BESEK", "line_discount: cashier may not approve, needs supervisor"),
        ("Bu Ratna (Kasubsi)", "", "refund: supervisor may not approve, needs admin"),
    ]
    assert len(list_audit(db, actions=[AuditAction.APPROVAL])) == 1


def test_wrong_approval_pins_lock_the_approver(db: Database, staff: Staff) -> None:
    for attempt in range(5):
        with pytest.raises((WrongPin, AccountLocked)):
            approve_discount(db, "spv", WRONG, requested_by=staff.cashier, now=T0)
        assert attempt < 4 or user_row(db, "spv").locked_until == T0 + seconds(30)
    with pytest.raises(AccountLocked):
        approve_discount(db, "spv", "2222", now=T0)
    with pytest.raises(AccountLocked):
        users.login(db, "spv", "2222", till_code="BPN1", now=T0 + seconds(5))
    failed = list_audit(db, actions=[AuditAction.APPROVAL_FAILED])
    assert failed[-1].detail == "approve line_discount; requested by kasir: wrong PIN (1 of 5)"
    with pytest.raises(UnknownUser):
        approve_discount(db, "siapa", "2222")
    with db.read() as session:
        assert session.scalars(select(ApprovalGrant)).all() == []


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
        lambda: approve_discount(db, "spv", WRONG),
        lambda: approve_discount(db, "kasir", "1111", now=T0),
        lambda: users.change_own_pin(db, staff.admin, WRONG, "7531", till_code="BPN1"),
        lambda: users.login(db, "nobody", "2222", till_code="BPN1"),
    ):
        with pytest.raises(PosError) as caught:
            call()
        raised.append(caught.value)
    granted = approve_discount(db, "spv", "2222")
    pins.append(granted.secret)
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
