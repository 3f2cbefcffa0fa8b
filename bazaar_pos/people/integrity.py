"""Is the journal whole? The verify service (a supervisor's) and the cheap check at start-up.

:func:`verify_journal` walks every till's chain in this database (see
:mod:`bazaar_pos.db.journal`) and names, per chain, the first record that was changed, deleted,
inserted or reordered; it also checks every stock balance against its ledger
(:mod:`bazaar_pos.db.balances`: the screens' stock is read from the balances) and compares the
sales summaries with the sums of the records (:mod:`bazaar_pos.db.sales_summaries`: the sales
report is read from them). :func:`quick_check` looks only at the tail of each chain and at the
counts of records against links: cheap enough for every start (the balances and the summaries
need a pass over the whole ledger and every sale line, so only ``verify`` has them).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from bazaar_pos.db import Database, journal
from bazaar_pos.db.balances import BalanceMismatch, balance_mismatches, rebuild_balances
from bazaar_pos.db.journal import Break, BreakReason, ChainState
from bazaar_pos.db.sales_summaries import SummaryMismatch, rebuild_summaries, summary_mismatches
from bazaar_pos.people.access import Action, Actor, authorize_or_anonymous
from bazaar_pos.people.audit import AuditAction, log_action
from bazaar_pos.settings import read_settings

__all__ = [
    "TAIL",
    "BalanceMismatch",
    "Break",
    "BreakReason",
    "ChainState",
    "JournalCheck",
    "SummaryMismatch",
    "quick_check",
    "rebuild_sales_summaries",
    "rebuild_stock_balances",
    "verify_journal",
]

# Links per chain the start-up check re-hashes: the last few hours of selling on a busy till.
TAIL = 200


@dataclass(frozen=True)
class JournalCheck:
    """What a walk found: every chain's head and, per chain, its first break (if any)."""

    chains: tuple[ChainState, ...]
    first_breaks: tuple[Break, ...]  # one per broken chain (records outside every chain last)
    breaks: int  # everything found wrong, the first ones included
    records: int  # links walked
    seconds: float
    own_till_id: str
    full: bool  # True: every link walked; False: the start-up check's tail only
    # Stock balances that are not their ledger's sum, and sales summaries that are not the
    # sums of the records (verify only; the start-up check: none).
    balances: tuple[BalanceMismatch, ...] = ()
    summaries: tuple[SummaryMismatch, ...] = ()

    @property
    def ok(self) -> bool:
        return self.breaks == 0 and not self.balances and not self.summaries


def _finish(
    db: Database,
    chains: tuple[ChainState, ...],
    breaks: list[Break],
    records: int,
    started: float,
    *,
    full: bool,
    balances: tuple[BalanceMismatch, ...] = (),
    summaries: tuple[SummaryMismatch, ...] = (),
) -> JournalCheck:
    firsts = sorted(
        journal.first_breaks(breaks).values(), key=lambda item: (item.till_id == "", item.order)
    )
    with db.read() as session:
        own = (
            session.connection()
            .exec_driver_sql("SELECT till_id FROM till_keys WHERE own = TRUE")
            .scalar()
        )
        code = (
            session.connection()
            .exec_driver_sql("SELECT value FROM settings WHERE key = 'till_code'")
            .scalar()
        )
    named = tuple(
        ChainState(
            c.till_id,
            c.till_code or (str(code or "") if c.till_id == own else ""),
            c.links,
            c.head_seq,
            c.head_sha256,
            c.grand_total,
        )
        for c in chains
    )
    return JournalCheck(
        named,
        tuple(firsts),
        len(breaks),
        records,
        time.perf_counter() - started,
        str(own or ""),
        full,
        balances,
        summaries,
    )


def verify_journal(db: Database, actor: Actor | None) -> JournalCheck:
    """Walk every chain in full, and check every stock balance against its ledger (in the same
    snapshot); a supervisor's (or anybody's on a database without users)."""
    started = time.perf_counter()
    with db.read() as session:
        authorize_or_anonymous(session, actor, Action.VERIFY_JOURNAL)
        found = journal.walk(session.connection())
        balances = tuple(balance_mismatches(session.connection()))
        summaries = tuple(summary_mismatches(session.connection()))
    return _finish(
        db,
        found.chains,
        list(found.breaks),
        found.records,
        started,
        full=True,
        balances=balances,
        summaries=summaries,
    )


def quick_check(db: Database, tail: int = TAIL) -> JournalCheck:
    """The start-up check: the last ``tail`` links of each chain, records against links per
    kind, and the receipt counter against the last chained sale. Nobody's permission needed:
    it reveals nothing but "whole" or "broken" (the screen of details is a supervisor's)."""
    started = time.perf_counter()
    with db.read() as session:
        connection = session.connection()
        if not journal.has_journal(connection):
            return JournalCheck((), (), 0, 0, 0.0, "", False)
        found = journal.tail_walk(connection, tail)
    return _finish(db, found.chains, list(found.breaks), found.records, started, full=False)


def rebuild_sales_summaries(db: Database, actor: Actor | None) -> None:
    """Write the sales summaries again from the records, holding the write lock (a sale
    committed meanwhile is summed once): after a mismatch ``verify`` named, or after a product
    that had sold changed category (its receipts by category are counted from the lines until
    then). A supervisor's, as the verify it goes with; journaled (who, when, which till)."""
    _rebuild(db, actor, rebuild_summaries, AuditAction.SUMMARIES_REBUILT)


def rebuild_stock_balances(db: Database, actor: Actor | None) -> None:
    """Write every stock balance again as its ledger's sum, holding the write lock: after a
    mismatch ``verify`` named (the ledger is the truth; the balances are what the screens
    and the scan read). A supervisor's, as the verify it goes with; journaled (who, when,
    which till)."""
    _rebuild(db, actor, rebuild_balances, AuditAction.BALANCES_REBUILT)


def _rebuild(
    db: Database,
    actor: Actor | None,
    rebuild: Callable[[Connection], None],
    action: AuditAction,
) -> None:
    with db.write() as session:
        authorize_or_anonymous(session, actor, Action.VERIFY_JOURNAL)
        rebuild(session.connection())
        log_action(session, action, till_code=read_settings(session).till_code, actor=actor)
