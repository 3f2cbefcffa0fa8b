"""The append-only audit log: who did what, when, on which till, approved by whom.

Services write an entry with :func:`log_action` inside their own transaction, so the entry
exists exactly when the action does (a rolled-back refund leaves no "refund" entry). Rows are
never updated or deleted: SQLite triggers refuse it (migration 0003).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bazaar_pos.db import Database
from bazaar_pos.db.models import AuditEntry
from bazaar_pos.people.access import Actor


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"  # wrong PIN (the PIN itself is never logged)
    LOCKOUT = "lockout"
    LOGOUT = "logout"  # quick user switch / lock
    USER_CREATED = "user_created"
    USER_CHANGED = "user_changed"  # role, name, active, PIN reset
    APPROVAL = "approval"  # a supervisor approved an action with their PIN
    APPROVAL_FAILED = "approval_failed"
    LINE_VOID = "line_void"  # a line removed from the cart before payment
    SALE_CANCELLED = "sale_cancelled"  # a whole cart abandoned before payment
    SALE_PARKED = "sale_parked"
    SALE_RESUMED = "sale_resumed"
    DISCOUNT = "discount"
    PRICE_OVERRIDE = "price_override"
    REFUND = "refund"
    REPRINT = "reprint"
    SHIFT_OPENED = "shift_opened"
    PAID_IN = "paid_in"
    PAID_OUT = "paid_out"
    X_REPORT = "x_report"
    DRAWER_COUNT = "drawer_count"  # cash counted by denomination (closing)
    SHIFT_CLOSED = "shift_closed"  # Z report
    SYNC_EXPORT = "sync_export"  # this till's data written for the other tills / the office
    SYNC_IMPORT = "sync_import"  # another till's export merged here
    # The catalog and the till's settings: every change with its old -> new values.
    PRODUCT_CREATED = "product_created"
    PRODUCT_CHANGED = "product_changed"  # the fields changed, each old -> new
    PRICE_CHANGED = "price_changed"  # "price 150.000 -> 1"; amount = the new price
    PRODUCT_ARCHIVED = "product_archived"
    PRODUCT_RESTORED = "product_restored"
    PRODUCT_DELETED = "product_deleted"
    BARCODES_ASSIGNED = "barcodes_assigned"  # internal EAN-13 numbers given to products
    INSTITUTION_CREATED = "institution_created"
    INSTITUTION_CHANGED = "institution_changed"
    WORKSHOP_CREATED = "workshop_created"
    WORKSHOP_CHANGED = "workshop_changed"  # renamed, archived or restored
    EVENT_CREATED = "event_created"
    EVENT_CHANGED = "event_changed"
    CURRENT_EVENT_CHANGED = "current_event_changed"
    SETTING_CHANGED = "setting_changed"  # one entry per setting, old -> new
    TILL_CODE_CHANGED = "till_code_changed"  # "BPN1 -> BPN7"
    CATALOG_IMPORTED = "catalog_imported"  # file name, rows added / changed
    CATALOG_EXPORTED = "catalog_exported"
    # The stock ledger, counts and returns, and reading the journal out: who moved goods,
    # corrected the books or took the log away (detail holds the figures, amount the Rupiah).
    STOCK_ARRIVAL = "stock_arrival"  # one entry per product of a delivery
    STOCK_DAMAGE = "stock_damage"  # with the reason
    STOCK_REVERSAL = "stock_reversal"  # names the movement undone
    COUNT_STARTED = "count_started"
    COUNT_POSTED = "count_posted"  # lines adjusted and the Rupiah of the adjustments
    COUNT_DISCARDED = "count_discarded"
    HANDOVER = "handover"  # unsold goods returned to an institution
    AUDIT_EXPORT = "audit_export"  # how many entries were written to a file
    # the till: a line sold at the price it was scanned at, after the catalog price changed
    SCANNED_PRICE_KEPT = "scanned_price_kept"
    # The tamper-evident journal (db/journal.py): the records from before it, chained once
    JOURNAL_STARTED = "journal_started"
    # A cart that was open when the till stopped (crash, power cut), parked at the
    # next start (subject: the uuid its sale would have had; detail: who rang it up, when)
    SALE_RECOVERED = "sale_recovered"
    # A catalog import that stopped half-way (cancelled, conflict, crash) was undone
    CATALOG_IMPORT_UNDONE = "catalog_import_undone"
    # A merge of another till's export that stopped half-way (a conflict found while writing,
    # a failure, a crash) was undone
    SYNC_IMPORT_UNDONE = "sync_import_undone"
    # A backup somebody asked for, and a restore (in both files)
    BACKUP_MADE = "backup_made"
    BACKUP_RESTORED = "backup_restored"
    # The sales summaries (what the sales report reads) written again from the records
    SUMMARIES_REBUILT = "summaries_rebuilt"
    # The stock balances (what the screens' stock reads) written again from the ledger
    BALANCES_REBUILT = "balances_rebuilt"


@dataclass(frozen=True)
class AuditRecord:
    uuid: str
    created_at: dt.datetime
    till_code: str
    user_id: int | None
    user_name: str
    action: str
    subject: str
    detail: str
    amount: int | None
    approved_by: str


def log_action(
    session: Session,
    action: AuditAction | str,
    *,
    till_code: str = "",
    actor: Actor | None = None,
    user_name: str = "",
    subject: str = "",
    detail: str = "",
    amount: int | None = None,
    approved_by: str = "",
    at: dt.datetime | None = None,
) -> str:
    """Append one entry inside the caller's transaction; returns its uuid."""
    entry_uuid = str(uuid.uuid4())
    session.add(
        AuditEntry(
            uuid=entry_uuid,
            created_at=at or dt.datetime.now(dt.UTC),
            till_code=till_code,
            user_id=actor.user_id if actor else None,
            user_name=actor.display_name if actor else user_name,
            action=str(action),
            subject=subject[:80],
            detail=detail,
            amount=amount,
            approved_by=approved_by,
        )
    )
    return entry_uuid


def _record(entry: AuditEntry) -> AuditRecord:
    return AuditRecord(
        uuid=entry.uuid,
        created_at=entry.created_at,
        till_code=entry.till_code,
        user_id=entry.user_id,
        user_name=entry.user_name,
        action=entry.action,
        subject=entry.subject,
        detail=entry.detail,
        amount=entry.amount,
        approved_by=entry.approved_by,
    )


def list_audit(
    db: Database,
    *,
    actions: Sequence[str] = (),
    user_name: str = "",
    text: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int | None = 5000,
) -> list[AuditRecord]:
    """Entries newest first, filtered by action(s), user, free text and time [since, until)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if actions:
        query = query.where(AuditEntry.action.in_(list(actions)))
    if user_name.strip():
        query = query.where(AuditEntry.user_name.ilike(f"%{_escape(user_name.strip())}%", "\\"))
    if text.strip():
        pattern = f"%{_escape(text.strip())}%"
        query = query.where(
            or_(
                AuditEntry.subject.ilike(pattern, "\\"),
                AuditEntry.detail.ilike(pattern, "\\"),
                AuditEntry.approved_by.ilike(pattern, "\\"),
            )
        )
    if since is not None:
        query = query.where(AuditEntry.created_at >= since)
    if until is not None:
        query = query.where(AuditEntry.created_at < until)
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        return [_record(entry) for entry in session.scalars(query)]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
