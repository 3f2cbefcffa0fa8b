"""``bazaar-pos verify``: walk every chain of the tamper-evident journal and name the first
record that was changed, deleted, inserted or reordered, name every product whose stock
balance is not its ledger's sum and every sales summary that is not the sums of the records;
exit status 1 on any break, such product or such summary."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bazaar_pos.cli.login import LOGIN_HELP, add_user_option, run_as

if TYPE_CHECKING:  # imported where used: start-up time matters
    from bazaar_pos.db import Database
    from bazaar_pos.db.journal import Break
    from bazaar_pos.people.access import Actor
    from bazaar_pos.people.integrity import BalanceMismatch, JournalCheck

__all__ = ["add_verify_command", "describe_balance", "describe_break", "run_verify_command"]

# What each break means, for the command line (the screen has its own, translated).
REASONS = {
    "content_differs": "content differs from what was chained (changed)",
    "record_missing": "record missing (deleted)",
    "not_in_chain": "record not in chain (inserted)",
    "link_missing": "link missing (a link or record deleted)",
    "link_altered": "link altered",
    "order_broken": "order broken (reordered or rewritten)",
    "counter_mismatch": "the receipt counter is not at the last chained receipt (sales cut off)",
}


def add_verify_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = subparsers.add_parser(
        "verify",
        help="check the tamper-evident journal (exit status 1 on any break)",
        description="Walks every till's chain of sales, refunds, Z reports, stock and cash "
        "movements, counts, handovers and audit entries, and names the first record that "
        "was changed, deleted, inserted or reordered; then checks every product's stock "
        "balance against the sum of its stock movements and names each one that differs, "
        "and sums the sales again and names each sales summary (what the sales report "
        "reads) that differs; --rebuild-summaries and --rebuild-balances write those again "
        "from the records first. On a till with users it needs a supervisor: --user and the "
        "PIN.",
        epilog=LOGIN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument(
        "--rebuild-summaries",
        action="store_true",
        help="first write the sales summaries again from the records (after a mismatch, or "
        "after a product that had sold changed category)",
    )
    verify.add_argument(
        "--rebuild-balances",
        action="store_true",
        help="first write every stock balance again as the sum of its product's stock "
        "movements (after a mismatch; the movements are the truth)",
    )
    add_user_option(verify)


def describe_break(item: Break) -> str:
    """``#57 sale BPN1-000057 (uuid): content differs …``"""
    where = f"#{item.seq} " if item.seq is not None else ""
    what = f"{item.kind} {item.label}".strip() if item.kind else "chain"
    uuid = f" ({item.record_uuid})" if item.record_uuid else ""
    return f"{where}{what}{uuid}: {REASONS.get(item.reason.value, item.reason.value)}"


# Products named one by one at most; the rest are counted (a rewritten table names thousands).
SHOWN_BALANCES = 20


def describe_balance(item: BalanceMismatch) -> str:
    """``BNA-BES-001: stock balance 1500, its ledger sums to 2000``"""
    balance = "no stock balance" if item.balance is None else f"stock balance {item.balance}"
    return f"{item.sku}: {balance}, its ledger sums to {item.ledger}"


def format_check(check: JournalCheck) -> list[str]:
    from bazaar_pos.money import format_rupiah

    lines = []
    firsts = {item.till_id: item for item in check.first_breaks}
    for chain in check.chains:
        name = chain.till_code or "?"
        own = ", this till" if chain.till_id == check.own_till_id else ""
        head = f"head #{chain.head_seq} {chain.head_sha256[:16]}"
        grand = f"grand total {format_rupiah(chain.grand_total)}"
        found = firsts.get(chain.till_id)
        state = "OK" if found is None else f"BROKEN at {describe_break(found)}"
        lines.append(
            f"till {name} ({chain.till_id}{own}): {chain.links} links, {head}, {grand}: {state}"
        )
    outside = firsts.get("")
    if outside is not None:
        lines.append(f"outside every chain: {describe_break(outside)}")
    lines.append(
        f"{check.records} links walked in {check.seconds:.2f} s: "
        + ("the journal is whole" if not check.breaks else f"{check.breaks} problem(s) found")
    )
    if check.full:
        lines += [f"  {describe_balance(item)}" for item in check.balances[:SHOWN_BALANCES]]
        if len(check.balances) > SHOWN_BALANCES:
            lines.append(f"  … and {len(check.balances) - SHOWN_BALANCES} more")
        lines.append(
            f"stock balances: {len(check.balances)} product(s) differ from their ledger"
            if check.balances
            else "stock balances: every one is its ledger's sum"
        )
        lines += [
            f"  {item.table}: {item.missing} row(s) the records make are missing or differ, "
            f"{item.extra} row(s) the records do not make"
            for item in check.summaries
        ]
        lines.append(
            f"sales summaries: {len(check.summaries)} table(s) differ from the records"
            if check.summaries
            else "sales summaries: every one is the sums of the records"
        )
    return lines


def run_verify_command(args: argparse.Namespace, db: Database) -> int:
    """Exit status 0 whole, 1 broken; refused like every command (cli/login.py)."""
    from bazaar_pos.people.access import Action

    summaries = bool(getattr(args, "rebuild_summaries", False))
    balances = bool(getattr(args, "rebuild_balances", False))
    return run_as(
        db,
        args,
        Action.VERIFY_JOURNAL,
        lambda actor: _verify_as(db, actor, summaries=summaries, balances=balances),
    )


def _verify_as(
    db: Database, actor: Actor | None, *, summaries: bool = False, balances: bool = False
) -> int:
    from bazaar_pos.people.integrity import (
        rebuild_sales_summaries,
        rebuild_stock_balances,
        verify_journal,
    )

    if summaries:
        rebuild_sales_summaries(db, actor)
        print("sales summaries written again from the records")
    if balances:
        rebuild_stock_balances(db, actor)
        print("stock balances written again from the stock movements")
    check = verify_journal(db, actor)
    for line in format_check(check):
        print(line)
    return 0 if check.ok else 1
