"""How the catalog and the settings write their changes to the audit log: field by field,
old -> new, so that an auditor reads *what* changed (``price 150.000 -> 1``), not only that
something did.

The entry is written in the caller's transaction (the change and its entry exist together or
not at all) and names the till from the settings read in that same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from bazaar_pos.people.access import Actor
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.settings import read_settings

Change = tuple[str, str, str]  # (field, old, new), values as shown in the journal


def shown(value: object) -> str:
    """A value as the journal shows it: no value is ``-``, a flag ``yes``/``no``, a text quoted
    when it has spaces (so ``name 'Tas besar' -> 'Tas'`` reads unambiguously)."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return repr(text) if " " in text or ";" in text else text


def changed_fields(old: Mapping[str, object], new: Mapping[str, object]) -> list[Change]:
    """The fields of ``new`` whose value differs from ``old``, in ``new``'s order (pure)."""
    return [
        (field, shown(old.get(field)), shown(value))
        for field, value in new.items()
        if old.get(field) != value
    ]


def describe_changes(changes: list[Change]) -> str:
    """``name 'Tas' -> 'Tas besar'; unit pcs -> buah``."""
    return "; ".join(f"{field} {old} -> {new}" for field, old, new in changes)


def journal(
    session: Session,
    action: AuditAction,
    *,
    actor: Actor | None,
    subject: str,
    detail: str,
    amount: int | None = None,
    till_code: str | None = None,
) -> None:
    """One audit entry for a change made in ``session``, on this till (its current code,
    read from the settings unless the caller already has it)."""
    log_action(
        session,
        action,
        till_code=read_settings(session).till_code if till_code is None else till_code,
        actor=actor,
        subject=subject,
        detail=detail,
        amount=amount,
    )
