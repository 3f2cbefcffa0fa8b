"""Who may do what: the acting user, the one permission table, and supervisor approvals.

Every service that changes or reveals data takes an :class:`Actor` and calls :func:`authorize`
*inside its own transaction* with the :class:`Action` it performs. The rule is
:data:`PERMISSIONS` (deny by default: an action missing from it is refused to everybody), and
the actor is checked against the database, not believed: an Actor is only what
:func:`bazaar_pos.people.users.login` returned, carrying a random session token whose SHA-256
is an open ``login_sessions`` row. A hand-made Actor, one whose session was ended by logging
out, or one whose user was deactivated or demoted since, is refused; the rules hold for the
CLI and tests exactly as for the screens.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db.models import AuditEntry, LoginSession, Role, User
from bazaar_pos.errors import LoginRequired, PosError

ROLE_RANK: dict[str, int] = {Role.CASHIER: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}

# The largest discount (or price cut by an override) a role may give on its own, in percent of
# the list value of the line or sale. Above it a user of a higher role approves with their PIN.
DISCOUNT_LIMIT_PERCENT: dict[str, int] = {Role.CASHIER: 10, Role.SUPERVISOR: 50, Role.ADMIN: 100}


@dataclass(frozen=True)
class Actor:
    """The person logged in at the till (returned by ``users.login``, never built by hand).

    ``session_token`` is the secret of the login; only its SHA-256 is stored, so an Actor can
    neither be rebuilt from the database nor from anything exported. It is kept out of ``repr``
    so that it never reaches a log.
    """

    user_id: int
    username: str
    full_name: str
    role: str  # a Role value, as it was at login; services re-check it in the database
    session_token: str = field(default="", repr=False, compare=False)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Action(StrEnum):
    """Everything a service lets somebody do or see; :data:`PERMISSIONS` says who may."""

    # selling
    SELL = "sell"  # ring up, park, resume, pay
    CANCEL_SALE = "cancel_sale"
    REPRINT_RECEIPT = "reprint_receipt"  # a copy marked SALINAN
    VIEW_SALES = "view_sales"  # recent receipts, refund look-up
    REFUND = "refund"
    # the drawer
    OPEN_SHIFT = "open_shift"
    CASH_MOVEMENT = "cash_movement"  # paid in / paid out
    X_REPORT = "x_report"
    CLOSE_SHIFT = "close_shift"  # Z report
    VIEW_SHIFTS = "view_shifts"  # other people's shifts
    # catalog
    EDIT_PRODUCTS = "edit_products"  # products and prices, archive, barcodes, labels
    IMPORT_CATALOG = "import_catalog"
    EXPORT_CATALOG = "export_catalog"
    EDIT_INSTITUTIONS = "edit_institutions"  # institutions and workshops
    EDIT_EVENTS = "edit_events"
    SET_CURRENT_EVENT = "set_current_event"
    # stock
    VIEW_STOCK = "view_stock"  # the ledger
    RECORD_ARRIVALS = "record_arrivals"
    RECORD_DAMAGE = "record_damage"
    REVERSE_MOVEMENT = "reverse_movement"
    START_COUNT = "start_count"
    ENTER_COUNT = "enter_count"  # type or scan counted quantities
    POST_COUNT = "post_count"
    DISCARD_COUNT = "discard_count"
    VIEW_VARIANCE = "view_variance"
    RETURN_GOODS = "return_goods"  # handovers to institutions
    # the office
    VIEW_REPORTS = "view_reports"  # sales report, end-of-event report
    SYNC_EXPORT = "sync_export"
    SYNC_IMPORT = "sync_import"
    VIEW_AUDIT = "view_audit"  # the audit screen and ``audit export``
    VERIFY_JOURNAL = "verify_journal"
    # the till itself
    CHANGE_SETTINGS = "change_settings"  # paper, printer, language, labels
    CHANGE_TILL_CODE = "change_till_code"  # refused anyway while a shift is open
    MANAGE_USERS = "manage_users"


# The lowest role allowed each action (each role may do what the roles below it may). Deny by
# default: :func:`authorize` refuses an action that is not in this table, and a test checks
# that every :class:`Action` is. The README shows this table as a matrix.
PERMISSIONS: dict[Action, Role] = {
    Action.SELL: Role.CASHIER,
    Action.CANCEL_SALE: Role.CASHIER,
    Action.REPRINT_RECEIPT: Role.CASHIER,
    Action.VIEW_SALES: Role.CASHIER,
    Action.REFUND: Role.SUPERVISOR,
    Action.OPEN_SHIFT: Role.CASHIER,
    Action.CASH_MOVEMENT: Role.CASHIER,
    Action.X_REPORT: Role.CASHIER,
    Action.CLOSE_SHIFT: Role.CASHIER,
    Action.VIEW_SHIFTS: Role.SUPERVISOR,
    Action.EDIT_PRODUCTS: Role.SUPERVISOR,
    Action.IMPORT_CATALOG: Role.ADMIN,
    Action.EXPORT_CATALOG: Role.SUPERVISOR,
    Action.EDIT_INSTITUTIONS: Role.ADMIN,
    Action.EDIT_EVENTS: Role.ADMIN,
    Action.SET_CURRENT_EVENT: Role.ADMIN,
    Action.VIEW_STOCK: Role.SUPERVISOR,
    Action.RECORD_ARRIVALS: Role.SUPERVISOR,
    Action.RECORD_DAMAGE: Role.SUPERVISOR,
    Action.REVERSE_MOVEMENT: Role.SUPERVISOR,
    Action.START_COUNT: Role.SUPERVISOR,
    Action.ENTER_COUNT: Role.CASHIER,
    Action.POST_COUNT: Role.SUPERVISOR,
    Action.DISCARD_COUNT: Role.SUPERVISOR,
    Action.VIEW_VARIANCE: Role.SUPERVISOR,
    Action.RETURN_GOODS: Role.SUPERVISOR,
    Action.VIEW_REPORTS: Role.SUPERVISOR,
    Action.SYNC_EXPORT: Role.SUPERVISOR,
    Action.SYNC_IMPORT: Role.ADMIN,
    Action.VIEW_AUDIT: Role.SUPERVISOR,
    Action.VERIFY_JOURNAL: Role.SUPERVISOR,
    Action.CHANGE_SETTINGS: Role.SUPERVISOR,
    Action.CHANGE_TILL_CODE: Role.ADMIN,
    Action.MANAGE_USERS: Role.ADMIN,
}


def token_sha256(token: str) -> str:
    """How a login token (or an approval secret) is stored: never the secret itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def may(role: str, action: Action) -> bool:
    """The pure rule: may ``role`` do ``action``? (Screens use it to hide what is refused.)"""
    minimum = PERMISSIONS.get(action)
    return minimum is not None and role_at_least(role, minimum)


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


class NotLoggedIn(PosError):
    """The Actor is not a live login: built by hand, logged out, or from another database."""

    def __init__(self, username: str) -> None:
        super().__init__(f"{username!r} is not logged in here; log in first")
        self.username = username


def load_user(session: Session, actor: Actor) -> User:
    """The actor's user row as it is now, if the actor is a live login of an active user."""
    login = None
    if actor.session_token:
        login = session.scalar(
            select(LoginSession).where(
                LoginSession.token_sha256 == token_sha256(actor.session_token)
            )
        )
    if login is None or login.ended_at is not None or login.user_id != actor.user_id:
        raise NotLoggedIn(actor.username)
    user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise UnknownUser(actor.username)
    return user


def authorize(session: Session, actor: Actor, action: Action) -> User:
    """The acting user, if :data:`PERMISSIONS` lets their *current* role do ``action``."""
    user = load_user(session, actor)
    minimum = PERMISSIONS.get(action)
    if minimum is None or not role_at_least(user.role, minimum):
        raise NotPermitted(str(action), str(minimum or Role.ADMIN), user.username, user.role)
    return user


def require_role(session: Session, actor: Actor, minimum: str, action: str) -> User:
    """The acting user, if their *current* role is at least ``minimum``; else NotPermitted.

    Older form of :func:`authorize`; new code names an :class:`Action` instead.
    """
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


def authorize_or_anonymous(session: Session, actor: Actor | None, action: Action) -> User | None:
    """Like :func:`authorize`; ``None`` (nobody) is let through only on a database that has no
    accounts yet (a fresh till before its first admin, tests, benchmarks, a headless office
    copy). Once anybody can log in, nobody works anonymously (:class:`LoginRequired`)."""
    if actor is not None:
        return authorize(session, actor, action)
    if has_accounts(session):
        raise LoginRequired("")
    return None


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
