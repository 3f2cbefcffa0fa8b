"""Who changed the stock: the acting user checked against the permission table, the change
written to the audit log in the same transaction, on this till's code."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db.models import Setting, User
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.settings import TillSettings


def acting_user(session: Session, actor: Actor | None, action: Action) -> User | None:
    """The user doing ``action``, if the table allows it (``None``: nobody, which only a
    database without accounts accepts: tests, benchmarks, a headless office copy)."""
    return authorize_or_anonymous(session, actor, action)


def name_of(user: User | None) -> str:
    """The name a stock record keeps for who did it: the login's, never typed."""
    return (user.full_name or user.username) if user is not None else ""


def this_till(session: Session) -> str:
    """The till code the settings hold (the default one before anything was saved)."""
    stored = session.scalar(select(Setting.value).where(Setting.key == "till_code"))
    return stored or TillSettings().till_code


def journal(
    session: Session,
    actor: Actor | None,
    action: AuditAction,
    *,
    subject: str,
    detail: str,
    amount: int | None = None,
) -> None:
    """One audit entry for a stock change, inside the change's own transaction."""
    log_action(
        session,
        action,
        till_code=this_till(session),
        actor=actor,
        subject=subject,
        detail=detail,
        amount=amount,
    )
