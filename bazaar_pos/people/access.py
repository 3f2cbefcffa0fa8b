"""Who may do what: the acting user, supervisor approvals and the role rules.

Every service that needs a role takes an :class:`Actor` and checks it here *inside its own
transaction*, against the users table (not against the object it was given): a user who was
deactivated or demoted since logging in is refused, and the rules hold for the CLI and tests
exactly as for the screens. A supervisor's "yes" on the spot is an :class:`Approval`, which is
only made by :func:`bazaar_pos.people.users.approve` after checking the supervisor's PIN and
which is written to the audit log; services accept an approval only if that log row exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db.models import AuditEntry, Role, User
from bazaar_pos.errors import LoginRequired, PosError

ROLE_RANK: dict[str, int] = {Role.CASHIER: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}

# The largest discount (or price cut by an override) a role may give on its own, in percent of
# the list value of the line or sale. Above it a user of a higher role approves with their PIN.
DISCOUNT_LIMIT_PERCENT: dict[str, int] = {Role.CASHIER: 10, Role.SUPERVISOR: 50, Role.ADMIN: 100}


@dataclass(frozen=True)
class Actor:
    """The person logged in at the till (returned by ``users.login``)."""

    user_id: int
    username: str
    full_name: str
    role: str  # a Role value, as it was at login; services re-check it in the database

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


@dataclass(frozen=True)
class Approval:
    """A supervisor's PIN-checked approval of one action (an ``approval`` row of the audit log)."""

    approval_id: str  # uuid of the audit entry
    approver_id: int
    approver_name: str
    role: str
    action: str  # what was approved, e.g. "discount", "price_override", "refund"


class NotPermitted(PosError):
    """The user's role does not allow the action (and no valid approval was given)."""

    def __init__(self, action: str, needed: str, user: str, role: str) -> None:
        super().__init__(f"{user} ({role}) may not {action}: needs {needed}")
        self.action = action
        self.needed = needed  # a Role value
        self.user = user
        self.role = role


class UnknownUser(PosError):
    def __init__(self, username: str) -> None:
        super().__init__(f"no active user {username!r}")
        self.username = username


def role_at_least(role: str, minimum: str) -> bool:
    return ROLE_RANK.get(role, 0) >= ROLE_RANK[minimum]


def load_user(session: Session, actor: Actor) -> User:
    """The actor's user row as it is now; refuses unknown or deactivated users."""
    user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise UnknownUser(actor.username)
    return user


def require_role(session: Session, actor: Actor, minimum: str, action: str) -> User:
    """The acting user, if their *current* role is at least ``minimum``; else NotPermitted."""
    user = load_user(session, actor)
    if not role_at_least(user.role, minimum):
        raise NotPermitted(action, minimum, user.username, user.role)
    return user


# Users who can log in on this database. Users merged in from another till's export come
# without their PIN hash (""): they are names in the records, not accounts here.
ANY_ACCOUNT = select(User.id).where(User.pin_hash != "").limit(1)


def has_accounts(session: Session) -> bool:
    """True once anybody can log in here: from then on nobody works anonymously."""
    return session.execute(ANY_ACCOUNT).first() is not None


def acting_name(session: Session, by: Actor | str, minimum: str, action: str) -> str:
    """The name to record for who does ``action``, checked like :func:`require_role`.

    A plain name is accepted only on a database without users (tests, benchmarks, a headless
    office copy); once users exist somebody must be logged in (:class:`LoginRequired`).
    """
    if isinstance(by, Actor):
        user = require_role(session, by, minimum, action)
        return user.full_name or user.username
    if has_accounts(session):
        raise LoginRequired(by)
    return by


def check_approval(
    session: Session, approval: Approval | None, minimum: str, action: str, *, actor: Actor
) -> User:
    """The approving user for ``action``: the actor if their role suffices, else the approver.

    The approval must be a real ``approval`` entry of the audit log (made by
    ``users.approve`` after a PIN check) by a still active user of at least ``minimum``.
    """
    user = load_user(session, actor)
    if role_at_least(user.role, minimum):
        return user
    if approval is None:
        raise NotPermitted(action, minimum, user.username, user.role)
    logged = session.scalar(
        select(AuditEntry.id).where(
            AuditEntry.uuid == approval.approval_id,
            AuditEntry.action == "approval",
            AuditEntry.user_id == approval.approver_id,
        )
    )
    approver = session.get(User, approval.approver_id)
    if (
        logged is None
        or approver is None
        or not approver.active
        or not role_at_least(approver.role, minimum)
    ):
        raise NotPermitted(action, minimum, user.username, user.role)
    return approver


def minimum_role_for_discount(discount: int, list_value: int) -> str:
    """The lowest role whose limit covers ``discount`` off ``list_value`` (both Rupiah)."""
    if discount <= 0:
        return Role.CASHIER
    for role in (Role.CASHIER, Role.SUPERVISOR, Role.ADMIN):
        # Integer arithmetic: 10 % of Rp 125 is 12.5, so Rp 12 passes and Rp 13 does not.
        if discount * 100 <= DISCOUNT_LIMIT_PERCENT[role] * list_value:
            return role
    return Role.ADMIN
