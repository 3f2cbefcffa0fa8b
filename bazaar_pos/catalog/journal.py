"""How the catalog and the settings write their changes to the audit log: field by field,
old -> new, so that an auditor reads *what* changed (``price 150.000 -> 1``), not only that
something did.

The entry is written in the caller's transaction (the change and its entry exist together or
not at all) and names the till from the settings read in that same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db.models import AuditEntry
from bazaar_pos.money import format_number
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


# A price change reads ``price 150.000 -> 1`` (then, for an import, the file and line): the one
# format written by every path that changes a price, and read back by the till (below).
_PRICE_CHANGE = re.compile(r"price (?P<old>[0-9.]+) -> (?P<new>[0-9.]+)")


def price_change_detail(old: int, new: int) -> str:
    return f"price {format_number(old)} -> {format_number(new)}"


def prices_of_change(detail: str) -> tuple[int, int] | None:
    """(old, new) of a price-change entry's detail, or None if it is not one (pure)."""
    match = _PRICE_CHANGE.match(detail)
    if match is None:
        return None
    return int(match["old"].replace(".", "")), int(match["new"].replace(".", ""))


def prices_since(session: Session, sku: str, since: dt.datetime) -> set[int]:
    """Every price product ``sku`` had at some moment since ``since``, as the journal of price
    changes tells it (the old and the new price of each change; empty if none changed)."""
    details = session.scalars(
        select(AuditEntry.detail).where(
            AuditEntry.action == AuditAction.PRICE_CHANGED.value,
            AuditEntry.subject == sku,
            AuditEntry.created_at >= since,
        )
    )
    prices: set[int] = set()
    for detail in details:
        change = prices_of_change(detail)
        if change is not None:
            prices.update(change)
    return prices
