"""Users, PINs, login with lockout, and supervisor approvals on the spot.

PINs are stored only as scrypt hashes with OWASP's parameters for scrypt (N=2^17, r=8, p=1:
128 MiB and a few hundred milliseconds per check, which is what makes guessing a 4-digit PIN
from a stolen laptop slow). The parameters are stored inside each hash, so they can be raised
later without breaking existing PINs.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db import Database
from bazaar_pos.db.models import ApprovalGrant, LoginSession, Role, User
from bazaar_pos.db.uuids import new_uuid
from bazaar_pos.errors import PosError
from bazaar_pos.people.access import (
    APPROVAL_LIFETIME,
    Actor,
    Approval,
    ApprovalAction,
    NotPermitted,
    UnknownUser,
    has_accounts,
    load_user,
    require_role,
    role_at_least,
    token_sha256,
)
from bazaar_pos.people.audit import AuditAction, log_action

# OWASP Password Storage Cheat Sheet, scrypt: N=2^17 (128 MiB), r=8, p=1.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
_PIN_RE = re.compile(r"[0-9]{4,8}")


class InvalidPin(PosError):
    """A PIN that is not 4–8 digits (the PIN itself is never kept in the error)."""

    def __init__(self) -> None:
        super().__init__("a PIN is 4 to 8 digits")


def check_pin_format(pin: str) -> None:
    if not _PIN_RE.fullmatch(pin):
        raise InvalidPin()


def _maxmem(n: int, r: int, p: int) -> int:
    # scrypt needs 128·N·r bytes (+ 128·r·p); OpenSSL's default cap is 32 MiB, too small for
    # N=2^17, so the cap is raised to what these parameters need plus headroom.
    return 128 * n * r + 128 * r * p + 16 * 1024 * 1024


def hash_pin(pin: str) -> str:
    """``scrypt$N$r$p$salt$key`` (base64); a new random salt each time."""
    check_pin_format(pin)
    n, r, p = SCRYPT_N, SCRYPT_R, SCRYPT_P
    salt = secrets.token_bytes(SALT_BYTES)
    key = hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_maxmem(n, r, p), dklen=KEY_BYTES
    )
    return "$".join(
        (
            "scrypt",
            str(n),
            str(r),
            str(p),
            base64.b64encode(salt).decode(),
            base64.b64encode(key).decode(),
        )
    )


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time comparison with the stored hash, using the parameters stored in it."""
    try:
        scheme, n_text, r_text, p_text, salt_text, key_text = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt, expected = base64.b64decode(salt_text), base64.b64decode(key_text)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    key = hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_maxmem(n, r, p), dklen=len(expected)
    )
    return hmac.compare_digest(key, expected)


# --- users ------------------------------------------------------------------------------------

MAX_FAILED_ATTEMPTS = 5  # wrong PINs in a row before the account locks
FIRST_LOCK_SECONDS = 30  # the first lockout; each further one doubles it …
MAX_LOCK_SECONDS = 3600  # … up to an hour
USERNAME_MIN_LENGTH = 2
USERNAME_MAX_LENGTH = 40
FULL_NAME_MAX_LENGTH = 120
_USERNAME_RE = re.compile(r"[a-z0-9._-]+")
ROLES: tuple[str, ...] = (Role.CASHIER, Role.SUPERVISOR, Role.ADMIN)


class WrongPin(PosError):
    """The PIN does not match; ``attempts_left`` more wrong ones before the account locks."""

    def __init__(self, username: str, attempts_left: int) -> None:
        super().__init__(f"wrong PIN for {username!r}: {attempts_left} attempt(s) left")
        self.username = username
        self.attempts_left = attempts_left


class AccountLocked(PosError):
    """Too many wrong PINs: no PIN is checked for this user until ``until`` (aware UTC)."""

    def __init__(self, username: str, until: dt.datetime, seconds_left: int) -> None:
        super().__init__(f"user {username!r} is locked for {seconds_left} s more")
        self.username = username
        self.until = until
        self.seconds_left = seconds_left


class InvalidUser(PosError):
    """A user's data refused: ``field`` (username, full_name, role, user) and ``reason``.

    Reasons: ``format`` (username not 2–40 letters/digits/._-), ``taken`` (username in use),
    ``required`` (empty full name), ``too_long``, ``unknown_role``, ``not_found`` (user id).
    """

    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(f"invalid {field} {value!r}: {reason}")
        self.field = field
        self.value = value
        self.reason = reason


class LastAdmin(PosError):
    """The change would leave the till without an active admin to manage the users."""

    def __init__(self, username: str) -> None:
        super().__init__(f"{username!r} is the last active admin")
        self.username = username


class UsersExist(PosError):
    """The first admin can only be created while the database has no users at all."""

    def __init__(self) -> None:
        super().__init__("users already exist: the first admin was created before")


class PinsDiffer(PosError):
    """The new PIN and its repetition differ (checked by the forms before any service call)."""

    def __init__(self) -> None:
        super().__init__("the two PINs differ")


@dataclass(frozen=True)
class UserInfo:
    """A user as the screens see it; the PIN hash never leaves this module."""

    id: int
    uuid: str
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: dt.datetime | None
    failed_attempts: int

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def is_locked(self, now: dt.datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or _now())


def check_pins_match(pin: str, repeated: str) -> None:
    """For forms that ask a new PIN twice."""
    if not hmac.compare_digest(pin.encode(), repeated.encode()):
        raise PinsDiffer()


def normalise_username(username: str) -> str:
    return username.strip().lower()


def lock_seconds(lockouts: int) -> int:
    """How long the ``lockouts``-th lockout lasts: 30 s, 60 s, 120 s … at most one hour."""
    if lockouts <= 0:
        return 0
    return min(FIRST_LOCK_SECONDS << min(lockouts - 1, 20), MAX_LOCK_SECONDS)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _checked_username(username: str) -> str:
    name = normalise_username(username)
    if not (
        USERNAME_MIN_LENGTH <= len(name) <= USERNAME_MAX_LENGTH and _USERNAME_RE.fullmatch(name)
    ):
        raise InvalidUser("username", username.strip(), "format")
    return name


def _checked_full_name(full_name: str) -> str:
    name = " ".join(full_name.split())
    if not name:
        raise InvalidUser("full_name", full_name, "required")
    if len(name) > FULL_NAME_MAX_LENGTH:
        raise InvalidUser("full_name", name, "too_long")
    return name


def _checked_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidUser("role", str(role), "unknown_role")
    return str(Role(role))


def _info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        uuid=user.uuid,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        active=bool(user.active),
        locked_until=user.locked_until,
        failed_attempts=user.failed_attempts or 0,
    )


def _actor(user: User) -> Actor:
    """The user's name and role, for the audit log only: it is no login (no session token)."""
    return Actor(user.id, user.username, user.full_name, user.role)


def _start_session(session: Session, user: User, *, till_code: str, now: dt.datetime) -> Actor:
    """A new login of ``user``: a random token in the Actor, its SHA-256 in the database."""
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_sha256=token_sha256(token),
            user_id=user.id,
            till_code=till_code,
            started_at=now,
            ended_at=None,
        )
    )
    return Actor(user.id, user.username, user.full_name, user.role, session_token=token)


def _user_named(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def _user_by_id(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise InvalidUser("user", str(user_id), "not_found")
    return user


def _seconds_until(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def _check_pin(
    session: Session,
    user: User,
    pin: str,
    *,
    now: dt.datetime,
    till_code: str,
    failed_action: AuditAction,
    purpose: str,
) -> PosError | None:
    """Check ``pin`` against ``user`` and keep the lockout books; the error to raise, if any.

    The caller raises the error only *after* its transaction has committed, so the count of
    wrong PINs and the lockout are stored even though the action fails — otherwise a restart
    (or simply the rollback) would give an attacker unlimited guesses.
    """
    if user.locked_until is not None and user.locked_until > now:
        log_action(
            session,
            failed_action,
            till_code=till_code,
            user_name=user.full_name or user.username,
            subject=user.username,
            detail=f"{purpose}: account locked until {user.locked_until.isoformat()}",
            at=now,
        )
        return AccountLocked(
            user.username, user.locked_until, _seconds_until(user.locked_until, now)
        )
    try:
        check_pin_format(pin)
    except InvalidPin as error:
        # A PIN that cannot be right (letters, 3 digits) is a typing slip, not a guess.
        return error
    if verify_pin(pin, user.pin_hash):
        user.failed_attempts = 0
        user.lockouts = 0
        user.locked_until = None
        return None
    user.failed_attempts = (user.failed_attempts or 0) + 1
    log_action(
        session,
        failed_action,
        till_code=till_code,
        user_name=user.full_name or user.username,
        subject=user.username,
        detail=f"{purpose}: wrong PIN ({user.failed_attempts} of {MAX_FAILED_ATTEMPTS})",
        at=now,
    )
    if user.failed_attempts < MAX_FAILED_ATTEMPTS:
        return WrongPin(user.username, MAX_FAILED_ATTEMPTS - user.failed_attempts)
    user.lockouts = (user.lockouts or 0) + 1
    seconds = lock_seconds(user.lockouts)
    user.locked_until = now + dt.timedelta(seconds=seconds)
    user.failed_attempts = 0
    log_action(
        session,
        AuditAction.LOCKOUT,
        till_code=till_code,
        user_name=user.full_name or user.username,
        subject=user.username,
        detail=(
            f"{MAX_FAILED_ATTEMPTS} wrong PINs ({purpose}): locked for {seconds} s "
            f"(lockout {user.lockouts})"
        ),
        at=now,
    )
    return AccountLocked(user.username, user.locked_until, seconds)


def has_users(db: Database) -> bool:
    """True once somebody can log in (users merged from other tills without PINs don't count)."""
    with db.read() as session:
        return has_accounts(session)


def list_users(db: Database) -> list[UserInfo]:
    """All users, active ones first, by username."""
    with db.read() as session:
        users = session.scalars(select(User).order_by(User.active.desc(), User.username))
        return [_info(user) for user in users]


def check_can_manage_users(db: Database, actor: Actor) -> None:
    """NotPermitted unless ``actor`` is (still) an active admin: lets a screen refuse before
    a form is filled in; every managing service checks it again in its own transaction."""
    with db.read() as session:
        require_role(session, actor, Role.ADMIN, "manage users")


def get_user(db: Database, user_id: int) -> UserInfo:
    with db.read() as session:
        return _info(_user_by_id(session, user_id))


def create_first_admin(
    db: Database, username: str, full_name: str, pin: str, *, till_code: str
) -> Actor:
    """The first user, an admin, on a till that has none; refused (UsersExist) afterwards."""
    name = _checked_username(username)
    full = _checked_full_name(full_name)
    pin_hash = hash_pin(pin)  # before the write lock: it takes a few hundred milliseconds
    now = _now()
    with db.write() as session:
        if has_accounts(session):
            raise UsersExist()
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise InvalidUser("username", name, "taken")  # a name merged from another till
        user = User(
            uuid=new_uuid(),
            username=name,
            full_name=full,
            role=Role.ADMIN.value,
            pin_hash=pin_hash,
            active=True,
            created_at=now,
            failed_attempts=0,
            lockouts=0,
            locked_until=None,
        )
        session.add(user)
        session.flush()
        actor = _start_session(session, user, till_code=till_code, now=now)
        log_action(
            session,
            AuditAction.USER_CREATED,
            till_code=till_code,
            actor=actor,
            subject=name,
            detail="first admin (role admin)",
            at=now,
        )
    return actor


def create_user(
    db: Database,
    actor: Actor,
    *,
    username: str,
    full_name: str,
    role: str,
    pin: str,
    till_code: str,
) -> UserInfo:
    """A new user (admins only); the username is stored in lower case and must be free."""
    name = _checked_username(username)
    full = _checked_full_name(full_name)
    checked_role = _checked_role(role)
    check_pin_format(pin)
    with db.read() as session:
        # Refuse a non-admin before spending the hashing time (checked again below).
        require_role(session, actor, Role.ADMIN, "create users")
    pin_hash = hash_pin(pin)
    now = _now()
    with db.write() as session:
        require_role(session, actor, Role.ADMIN, "create users")
        if _user_named(session, name) is not None:
            raise InvalidUser("username", name, "taken")
        user = User(
            uuid=new_uuid(),
            username=name,
            full_name=full,
            role=checked_role,
            pin_hash=pin_hash,
            active=True,
            created_at=now,
            failed_attempts=0,
            lockouts=0,
            locked_until=None,
        )
        session.add(user)
        session.flush()
        log_action(
            session,
            AuditAction.USER_CREATED,
            till_code=till_code,
            actor=actor,
            subject=name,
            detail=f"role {checked_role}",
            at=now,
        )
        return _info(user)


def _other_active_admins(session: Session, user_id: int) -> int:
    return len(
        session.scalars(
            select(User.id).where(
                User.role == Role.ADMIN.value, User.active.is_(True), User.id != user_id
            )
        ).all()
    )


def update_user(
    db: Database,
    actor: Actor,
    user_id: int,
    *,
    full_name: str | None = None,
    role: str | None = None,
    active: bool | None = None,
    till_code: str,
) -> UserInfo:
    """Change a user's name, role or active flag (admins only; never the last active admin)."""
    new_name = _checked_full_name(full_name) if full_name is not None else None
    new_role = _checked_role(role) if role is not None else None
    with db.write() as session:
        require_role(session, actor, Role.ADMIN, "change users")
        user = _user_by_id(session, user_id)
        changes: list[str] = []
        if new_name is not None and new_name != user.full_name:
            changes.append(f"name {user.full_name!r} -> {new_name!r}")
            user.full_name = new_name
        stays_admin = (new_role or user.role) == Role.ADMIN and (
            active if active is not None else user.active
        )
        leaves_admins = user.role == Role.ADMIN and user.active and not stays_admin
        if leaves_admins and _other_active_admins(session, user.id) == 0:
            raise LastAdmin(user.username)
        if new_role is not None and new_role != user.role:
            changes.append(f"role {user.role} -> {new_role}")
            user.role = new_role
        if active is not None and active != user.active:
            changes.append("activated" if active else "deactivated")
            user.active = active
        if changes:
            log_action(
                session,
                AuditAction.USER_CHANGED,
                till_code=till_code,
                actor=actor,
                subject=user.username,
                detail="; ".join(changes),
            )
        return _info(user)


def reset_pin(
    db: Database, actor: Actor, user_id: int, new_pin: str, *, till_code: str
) -> UserInfo:
    """Give a user a new PIN (admins only); also lifts a lockout."""
    check_pin_format(new_pin)
    with db.read() as session:
        require_role(session, actor, Role.ADMIN, "reset PINs")
    pin_hash = hash_pin(new_pin)
    with db.write() as session:
        require_role(session, actor, Role.ADMIN, "reset PINs")
        user = _user_by_id(session, user_id)
        was_locked = user.locked_until is not None and user.locked_until > _now()
        user.pin_hash = pin_hash
        user.failed_attempts = 0
        user.lockouts = 0
        user.locked_until = None
        log_action(
            session,
            AuditAction.USER_CHANGED,
            till_code=till_code,
            actor=actor,
            subject=user.username,
            detail="PIN reset" + (", lockout lifted" if was_locked else ""),
        )
        return _info(user)


def change_own_pin(
    db: Database,
    actor: Actor,
    old_pin: str,
    new_pin: str,
    *,
    till_code: str,
    now: dt.datetime | None = None,
) -> None:
    """The logged-in user replaces their PIN; the old one is checked like at login."""
    check_pin_format(new_pin)
    now = now or _now()
    pin_hash = hash_pin(new_pin)
    failure: PosError | None = None
    with db.write() as session:
        user = load_user(session, actor)
        failure = _check_pin(
            session,
            user,
            old_pin,
            now=now,
            till_code=till_code,
            failed_action=AuditAction.LOGIN_FAILED,
            purpose="change PIN",
        )
        if failure is None:
            user.pin_hash = pin_hash
            log_action(
                session,
                AuditAction.USER_CHANGED,
                till_code=till_code,
                actor=actor,
                subject=user.username,
                detail="own PIN changed",
                at=now,
            )
    if failure is not None:
        raise failure


def login(
    db: Database, username: str, pin: str, *, till_code: str, now: dt.datetime | None = None
) -> Actor:
    """The user, if the PIN is right; wrong PINs count towards a lockout that is stored."""
    now = now or _now()
    name = normalise_username(username)
    failure: PosError | None = None
    actor: Actor | None = None
    with db.write() as session:
        user = _user_named(session, name)
        if user is None or not user.active:
            log_action(
                session,
                AuditAction.LOGIN_FAILED,
                till_code=till_code,
                user_name=name,
                subject=name,
                detail="unknown or inactive user",
                at=now,
            )
            failure = UnknownUser(name)
        else:
            failure = _check_pin(
                session,
                user,
                pin,
                now=now,
                till_code=till_code,
                failed_action=AuditAction.LOGIN_FAILED,
                purpose="login",
            )
            if failure is None:
                actor = _start_session(session, user, till_code=till_code, now=now)
                log_action(
                    session,
                    AuditAction.LOGIN,
                    till_code=till_code,
                    actor=actor,
                    subject=user.username,
                    detail=f"role {user.role}",
                    at=now,
                )
    if failure is not None:
        raise failure
    assert actor is not None
    return actor


def logout(db: Database, actor: Actor, *, till_code: str) -> None:
    """End the actor's login: from now on every service refuses this Actor."""
    with db.write() as session:
        if actor.session_token:
            login_row = session.scalar(
                select(LoginSession).where(
                    LoginSession.token_sha256 == token_sha256(actor.session_token),
                    LoginSession.ended_at.is_(None),
                )
            )
            if login_row is not None:
                login_row.ended_at = _now()
        log_action(
            session, AuditAction.LOGOUT, till_code=till_code, actor=actor, subject=actor.username
        )


def approve(
    db: Database,
    username: str,
    pin: str,
    *,
    action: ApprovalAction,
    subject: str,
    amount: int | None,
    till_code: str,
    minimum_role: str = Role.SUPERVISOR,
    requested_by: Actor | None = None,
    description: str = "",
    now: dt.datetime | None = None,
) -> Approval:
    """A supervisor's (or admin's) PIN-checked yes to ``action`` on ``subject`` for ``amount``.

    Writes an ``approval_grants`` row (the SHA-256 of a random secret that only the returned
    :class:`Approval` holds) and an ``approval`` audit entry naming the grant's uuid, what was
    approved and for how much, never the secret. The service that uses it checks and spends it
    (``access.check_approval``): once, for this action, subject and amount, before it expires.
    ``description`` is what the supervisor was shown. Wrong PINs count towards the approver's
    lockout as at login.
    """
    what = ApprovalAction(action)
    now = now or _now()
    name = normalise_username(username)
    asked_by = f"; requested by {requested_by.username}" if requested_by is not None else ""
    terms = f"{what} {subject}" + (f" {amount}" if amount is not None else "")
    failure: PosError | None = None
    approval: Approval | None = None
    with db.write() as session:
        requester = load_user(session, requested_by) if requested_by is not None else None
        user = _user_named(session, name)
        if user is None or not user.active:
            log_action(
                session,
                AuditAction.APPROVAL_FAILED,
                till_code=till_code,
                actor=requested_by,
                user_name=name,
                subject=subject,
                detail=f"{what}: unknown or inactive approver {name!r}{asked_by}",
                at=now,
            )
            failure = UnknownUser(name)
        else:
            failure = _check_pin(
                session,
                user,
                pin,
                now=now,
                till_code=till_code,
                failed_action=AuditAction.APPROVAL_FAILED,
                purpose=f"approve {what}{asked_by}",
            )
            if failure is None and not role_at_least(user.role, minimum_role):
                log_action(
                    session,
                    AuditAction.APPROVAL_FAILED,
                    till_code=till_code,
                    actor=_actor(user),
                    subject=subject,
                    detail=f"{what}: {user.role} may not approve, needs {minimum_role}{asked_by}",
                    at=now,
                )
                failure = NotPermitted(f"approve {what}", minimum_role, user.username, user.role)
            if failure is None:
                approval = _grant(
                    session,
                    user,
                    what,
                    subject=subject,
                    amount=amount,
                    requester=requester,
                    till_code=till_code,
                    now=now,
                )
                log_action(
                    session,
                    AuditAction.APPROVAL,
                    till_code=till_code,
                    actor=_actor(user),
                    subject=approval.grant_uuid,
                    detail=f"{terms}{asked_by}" + (f": {description}" if description else ""),
                    amount=amount,
                    at=now,
                )
    if failure is not None:
        raise failure
    assert approval is not None
    return approval


def _grant(
    session: Session,
    approver: User,
    action: ApprovalAction,
    *,
    subject: str,
    amount: int | None,
    requester: User | None,
    till_code: str,
    now: dt.datetime,
) -> Approval:
    """The grant row (the secret's SHA-256 only) and the Approval that holds the secret."""
    secret = secrets.token_urlsafe(32)
    grant = ApprovalGrant(
        uuid=new_uuid(),
        secret_sha256=token_sha256(secret),
        action=str(action),
        subject=subject[:80],
        amount=amount,
        approver_id=approver.id,
        requested_by_id=requester.id if requester is not None else None,
        till_code=till_code,
        granted_at=now,
        expires_at=now + APPROVAL_LIFETIME,
        used_at=None,
        used_for="",
    )
    session.add(grant)
    return Approval(
        grant_uuid=grant.uuid,
        action=action,
        subject=grant.subject,
        amount=amount,
        approver_id=approver.id,
        approver_name=approver.full_name or approver.username,
        role=approver.role,
        expires_at=grant.expires_at,
        secret=secret,
    )
