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

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db.engine import ANONYMOUS_SETUP
from bazaar_pos.db.models import ApprovalGrant, LoginSession, Role, User
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
    VOID_LINE = "void_line"  # remove a rung-up line before payment (or a bound approval)
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
    # backups (package backup)
    BACKUP = "backup"  # a backup now (the automatic ones need nobody)
    RESTORE = "restore"  # put a backup in place of the database


# The lowest role allowed each action (each role may do what the roles below it may). Deny by
# default: :func:`authorize` refuses an action that is not in this table, and a test checks
# that every :class:`Action` is. The README shows this table as a matrix.
PERMISSIONS: dict[Action, Role] = {
    Action.SELL: Role.CASHIER,
    Action.CANCEL_SALE: Role.CASHIER,
    # Removing a rung-up line is money that does not reach the drawer: a supervisor decides
    # (on the spot, with a bound approval, when the cashier asks).
    Action.VOID_LINE: Role.SUPERVISOR,
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
    # backups (package backup): a copy changes nothing, so a supervisor may take one; a restore
    # replaces every record since the backup, so only an admin decides it.
    Action.BACKUP: Role.SUPERVISOR,
    Action.RESTORE: Role.ADMIN,
}


def token_sha256(token: str) -> str:
    """How a login token (or an approval secret) is stored: never the secret itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def may(role: str, action: Action) -> bool:
    """The pure rule: may ``role`` do ``action``? (Screens use it to hide what is refused.)"""
    minimum = PERMISSIONS.get(action)
    return minimum is not None and role_at_least(role, minimum)


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
    # One round trip: the login by its token with its user row as it is now (every guarded
    # service starts here; two ORM loads cost twice the statement overhead).
    row = None
    if actor.session_token:
        row = session.execute(
            select(LoginSession.user_id, LoginSession.ended_at, User)
            .outerjoin(User, User.id == LoginSession.user_id)
            .where(LoginSession.token_sha256 == token_sha256(actor.session_token))
        ).first()
    if row is None or row.ended_at is not None or row.user_id != actor.user_id:
        raise NotLoggedIn(actor.username)
    user: User | None = row.User
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


def anonymous_allowed(session: Session) -> bool:
    """May this session work without a login? Only if its opener asked for it (the
    ``anonymous_setup`` of :class:`~bazaar_pos.db.engine.Database`: the command line, the demo,
    tests) and nobody can log in here yet. The app's window never asks: it makes the first
    admin account before anything else."""
    return bool(session.info.get(ANONYMOUS_SETUP)) and not has_accounts(session)


def authorize_or_anonymous(session: Session, actor: Actor | None, action: Action) -> User | None:
    """Like :func:`authorize`; ``None`` (nobody) is let through only where
    :func:`anonymous_allowed` says so. Otherwise somebody must log in (:class:`LoginRequired`)."""
    if actor is not None:
        return authorize(session, actor, action)
    if not anonymous_allowed(session):
        raise LoginRequired("")
    return None


def acting_name(session: Session, by: Actor | str, minimum: str, action: str) -> str:
    """The name to record for who does ``action``, checked like :func:`require_role`.

    A plain name is accepted only where :func:`anonymous_allowed` says so (tests, benchmarks,
    a headless office copy); otherwise somebody must be logged in (:class:`LoginRequired`).
    """
    if isinstance(by, Actor):
        user = require_role(session, by, minimum, action)
        return user.full_name or user.username
    if not anonymous_allowed(session):
        raise LoginRequired(by)
    return by


# --- supervisor approvals -------------------------------------------------------------------


class ApprovalAction(StrEnum):
    """What a supervisor can approve at the till; one approval is good for exactly one of them."""

    LINE_DISCOUNT = "line_discount"  # amount: Rupiah the line's discount takes off (at most)
    SALE_DISCOUNT = "sale_discount"  # amount: the sale discount in Rupiah (at most)
    PRICE_OVERRIDE = "price_override"  # amount: Rupiah the overridden line takes off (exactly)
    LINE_VOID = "line_void"  # amount: the value removed from the cart (exactly)
    REFUND = "refund"  # amount: the money given back (exactly)


# Discounts may be used for less than was approved: less money off can only cost the
# institutions less than the supervisor agreed to, the approval stays bound to its one line or
# cart, and the approver's role is checked against the discount actually given. It also lets a
# sale discount shrink with the cart (``Cart._fit_sale_discount``) without a new PIN. A price
# override, a void and a refund are one exact thing the supervisor looked at: exact amount.
UP_TO_APPROVED = frozenset({ApprovalAction.LINE_DISCOUNT, ApprovalAction.SALE_DISCOUNT})

# How long an approval may wait for its use. Long enough for the customer in front of the till
# to pay (counting cash, a QRIS payment retried); short enough that an approval left in a cart
# cannot be spent later in the day, when the supervisor is no longer standing there.
APPROVAL_LIFETIME = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Approval:
    """A supervisor's PIN-checked yes to one action on one subject for one amount.

    Returned by ``users.approve``, never built by hand: the service that uses it finds its
    ``approval_grants`` row by the SHA-256 of ``secret``, a random value that exists only in
    this object (never logged, shown or exported, and kept out of ``repr``). A grant is used
    once and expires after :data:`APPROVAL_LIFETIME`.
    """

    grant_uuid: str  # the grant's uuid, also the subject of its audit entry
    action: ApprovalAction
    subject: str  # e.g. "line:…" (a cart line's key), "cart:…", "receipt:BPN1-000123"
    amount: int | None
    approver_id: int
    approver_name: str
    role: str  # the approver's role when approving
    expires_at: dt.datetime
    secret: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class ApprovalRequest:
    """What a service is about to do that needs ``minimum`` or a matching approval."""

    action: ApprovalAction
    subject: str
    amount: int | None
    minimum: str  # a Role value


class ApprovalProblem(StrEnum):
    """Why an approval is not accepted for what it is offered for."""

    UNKNOWN = "unknown"  # no grant has this secret: built by hand, or from another till
    USED = "used"
    EXPIRED = "expired"
    OTHER_ACTION = "other_action"  # given for another kind of change
    OTHER_SUBJECT = "other_subject"  # given for another line, cart or receipt
    OTHER_AMOUNT = "other_amount"  # given for another (or a smaller) amount
    OTHER_REQUESTER = "other_requester"  # asked for by another user
    OTHER_TILL = "other_till"
    APPROVER_INACTIVE = "approver_inactive"  # deactivated since
    APPROVER_ROLE = "approver_role"  # the approver's role (now) is too low for this


class ApprovalRefused(NotPermitted):
    """An approval was offered but does not cover the action (``problem`` says why)."""

    def __init__(
        self, problem: ApprovalProblem, request: ApprovalRequest, user: str, role: str
    ) -> None:
        super().__init__(str(request.action), request.minimum, user, role)
        self.args = (f"approval refused ({problem}): {request.action} {request.subject}",)
        self.problem = problem
        self.approval_action = request.action


def approval_problems(
    grant: ApprovalGrant,
    approver: User | None,
    request: ApprovalRequest,
    *,
    requested_by: int,
    till_code: str,
    now: dt.datetime,
) -> list[ApprovalProblem]:
    """Everything that keeps ``grant`` from covering ``request`` (empty: it covers it)."""
    problems: list[ApprovalProblem] = []
    if grant.used_at is not None:
        problems.append(ApprovalProblem.USED)
    if now >= grant.expires_at:
        problems.append(ApprovalProblem.EXPIRED)
    if grant.action != request.action:
        problems.append(ApprovalProblem.OTHER_ACTION)
    if grant.subject != request.subject:
        problems.append(ApprovalProblem.OTHER_SUBJECT)
    if not _amount_covered(grant.amount, request.amount, request.action in UP_TO_APPROVED):
        problems.append(ApprovalProblem.OTHER_AMOUNT)
    if grant.requested_by_id is not None and grant.requested_by_id != requested_by:
        problems.append(ApprovalProblem.OTHER_REQUESTER)
    if grant.till_code != till_code:
        problems.append(ApprovalProblem.OTHER_TILL)
    if approver is None or not approver.active:
        problems.append(ApprovalProblem.APPROVER_INACTIVE)
    elif not role_at_least(approver.role, request.minimum):
        problems.append(ApprovalProblem.APPROVER_ROLE)
    return problems


def _amount_covered(approved: int | None, asked: int | None, up_to: bool) -> bool:
    if approved is None or asked is None:
        return approved == asked
    return 0 <= asked <= approved if up_to else asked == approved


def check_approval(
    session: Session,
    approval: Approval | None,
    request: ApprovalRequest,
    *,
    actor: Actor,
    till_code: str,
    used_for: str,
    now: dt.datetime | None = None,
) -> User:
    """Who approves ``request``: the actor if their current role suffices, else the approver.

    The approval's grant must exist for its secret and cover the request
    (:func:`approval_problems`); it is then marked used (``used_for``: the receipt or refund
    number) in the caller's transaction, so it rolls back with a refused sale and can never
    be used twice. An actor whose role suffices uses no approval.
    """
    user = load_user(session, actor)
    if role_at_least(user.role, request.minimum):
        return user
    if approval is None:
        raise NotPermitted(str(request.action), request.minimum, user.username, user.role)
    grant = None
    if approval.secret:
        grant = session.scalar(
            select(ApprovalGrant).where(
                ApprovalGrant.secret_sha256 == token_sha256(approval.secret)
            )
        )
    if grant is None or grant.uuid != approval.grant_uuid:
        raise ApprovalRefused(ApprovalProblem.UNKNOWN, request, user.username, user.role)
    approver = session.get(User, grant.approver_id)
    at = now or dt.datetime.now(dt.UTC)
    problems = approval_problems(
        grant, approver, request, requested_by=user.id, till_code=till_code, now=at
    )
    if problems:
        raise ApprovalRefused(problems[0], request, user.username, user.role)
    assert approver is not None
    grant.used_at = at
    grant.used_for = used_for[:80]
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
