"""Tampering with a till's database file the way someone with the sqlite3 shell would.

Each case drops the triggers first (the append-only guards and the journal's; the stock
balances' stay, following what the tamperer writes to the ledger as they would), then edits,
deletes, inserts or reorders one kind of row, and says which record ``verify`` must name first:
the chained record that covers the row (a sale for its lines, payments and movements).
Used by tests/db/test_journal.py (a few cases) and bench/journal_bench.py (100 per kind).
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass

OPERATIONS = ("edit", "delete", "insert", "reorder")
TARGETS = ("sale", "sale_line", "payment", "stock_movement", "audit")


@dataclass(frozen=True)
class Expected:
    """What verify must name first: the chain kind and the record's uuid."""

    kind: str
    record_uuid: str


def drop_triggers(con: sqlite3.Connection) -> None:
    """Every stored trigger but the stock balances' (they guard nothing: they keep a sum)."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND name NOT LIKE 'stock_balance_%'"
        )
    ]
    for name in names:
        con.execute(f'DROP TRIGGER "{name}"')


def _one(con: sqlite3.Connection, sql: str, *args: object) -> tuple[object, ...]:
    row = con.execute(sql, args).fetchone()
    assert row is not None, sql
    return tuple(row)


def _seq(con: sqlite3.Connection, kind: str, record_uuid: str) -> int:
    return int(
        _one(
            con, "SELECT seq FROM journal_links WHERE kind=? AND record_uuid=?", kind, record_uuid
        )[0]
    )  # type: ignore[arg-type]


def _covering(con: sqlite3.Connection, table: str, row_id: int) -> Expected:
    """The chained record that covers a row of ``table``."""
    if table == "sales":
        return Expected("sale", str(_one(con, "SELECT uuid FROM sales WHERE id=?", row_id)[0]))
    if table in ("sale_lines", "payments"):
        return Expected(
            "sale",
            str(
                _one(
                    con,
                    f"SELECT s.uuid FROM {table} x JOIN sales s ON s.id = x.sale_id WHERE x.id=?",
                    row_id,
                )[0]
            ),
        )
    if table == "stock_movements":
        line, uuid_ = _one(con, "SELECT sale_line_id, uuid FROM stock_movements WHERE id=?", row_id)
        if line is None:
            return Expected("movement", str(uuid_))
        return _covering(con, "sale_lines", int(line))  # type: ignore[arg-type]
    return Expected("audit", str(_one(con, "SELECT uuid FROM audit_log WHERE id=?", row_id)[0]))


def _first(con: sqlite3.Connection, *candidates: Expected) -> Expected:
    return min(candidates, key=lambda item: _seq(con, item.kind, item.record_uuid))


_TABLE = {
    "sale": "sales",
    "sale_line": "sale_lines",
    "payment": "payments",
    "stock_movement": "stock_movements",
    "audit": "audit_log",
}
# A column each target can be edited in without breaking a constraint.
_EDIT = {
    "sale": "total = total - 1000",
    "sale_line": "quantity = quantity + 1",
    "payment": "amount = amount - 1000",
    "stock_movement": "quantity = quantity - 1",
    "audit": "detail = detail || ' (diubah)'",
}


def _random_id(con: sqlite3.Connection, table: str, rng: random.Random, where: str = "1") -> int:
    ids = [r[0] for r in con.execute(f"SELECT id FROM {table} WHERE {where}")]
    return int(rng.choice(ids))


def _copy_row(con: sqlite3.Connection, table: str, row_id: int, changes: dict[str, object]) -> str:
    columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
    new_uuid = str(uuid.uuid4())
    values = dict(
        zip(
            columns,
            _one(con, f"SELECT {', '.join(columns)} FROM {table} WHERE id=?", row_id),
            strict=True,
        )
    )
    values.update(changes, uuid=new_uuid)
    marks = ", ".join("?" for _ in columns)
    con.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", [values[c] for c in columns]
    )
    return new_uuid


def tamper(con: sqlite3.Connection, operation: str, target: str, rng: random.Random) -> Expected:
    """Do one tampering on an open connection (triggers already dropped); what verify must name."""
    table = _TABLE[target]
    if operation == "edit":
        row_id = _random_id(con, table, rng)
        expected = _covering(con, table, row_id)
        con.execute(f"UPDATE {table} SET {_EDIT[target]} WHERE id=?", (row_id,))
        return expected
    if operation == "delete":
        row_id = _random_id(con, table, rng)
        expected = _covering(con, table, row_id)
        if target == "sale":
            con.execute(
                "DELETE FROM stock_movements WHERE sale_line_id IN "
                "(SELECT id FROM sale_lines WHERE sale_id=?)",
                (row_id,),
            )
            con.execute("DELETE FROM sale_lines WHERE sale_id=?", (row_id,))
            con.execute("DELETE FROM payments WHERE sale_id=?", (row_id,))
        if target == "sale_line":
            con.execute("DELETE FROM stock_movements WHERE sale_line_id=?", (row_id,))
        con.execute(f"DELETE FROM {table} WHERE id=?", (row_id,))
        return expected
    if operation == "insert":
        row_id = _random_id(con, table, rng)
        expected = _covering(con, table, row_id)
        changes: dict[str, object] = {}
        if target == "sale":
            number = int(_one(con, "SELECT max(receipt_number) FROM sales")[0]) + 1  # type: ignore[arg-type]
            changes = {"receipt_number": number, "receipt_no": f"X-{number:06d}"}
        if target == "sale_line":
            changes = {"line_no": 99}
        if target == "stock_movement":
            changes = {"reverses_id": None}  # at most one reversal per movement
        new_uuid = _copy_row(con, table, row_id, changes)
        if target in ("sale", "audit") or expected.kind == "movement":
            return Expected(expected.kind, new_uuid)  # a record of its own: not in the chain
        return expected  # a row inside a chained record: that record's content differs
    # reorder: two rows swap places (their time, their order, or which sale they belong to)
    first_id = _random_id(con, table, rng)
    if target == "sale_line":
        sale = _one(con, "SELECT sale_id FROM sale_lines WHERE id=?", first_id)[0]
        several = "sale_id IN (SELECT sale_id FROM sale_lines GROUP BY sale_id HAVING count(*) > 1)"
        first_id = _random_id(con, table, rng, several)
        sale = _one(con, "SELECT sale_id FROM sale_lines WHERE id=?", first_id)[0]
        second_id = _random_id(con, table, rng, f"sale_id = {sale} AND id <> {first_id}")
        column = "line_no"
    else:
        second_id = _random_id(con, table, rng, f"id <> {first_id}")
        column = "sale_id" if target == "payment" else "created_at"
        if target == "sale":
            column = "receipt_number"
    a, b = (
        _one(con, f"SELECT {column} FROM {table} WHERE id=?", i)[0] for i in (first_id, second_id)
    )
    expected = _first(con, _covering(con, table, first_id), _covering(con, table, second_id))
    if a == b:  # same time or same sale: swap something that differs
        return tamper(con, "edit", target, rng)
    if column == "receipt_number":  # unique per till: through a free number
        con.execute("UPDATE sales SET receipt_number = -1 WHERE id=?", (first_id,))
    con.execute(f"UPDATE {table} SET {column}=? WHERE id=?", (a, second_id))
    con.execute(f"UPDATE {table} SET {column}=? WHERE id=?", (b, first_id))
    return expected


def reorder_links(con: sqlite3.Connection, rng: random.Random) -> Expected:
    """Swap two links of the chain: the walk must stop at the earlier place."""
    till, top = _one(
        con, "SELECT till_id, max(seq) FROM journal_links GROUP BY till_id ORDER BY count(*) DESC"
    )
    low, high = sorted(rng.sample(range(1, int(top) + 1), 2))  # type: ignore[arg-type]
    kind, record = _one(
        con, "SELECT kind, record_uuid FROM journal_links WHERE till_id=? AND seq=?", till, high
    )
    con.execute("UPDATE journal_links SET seq = -1 WHERE till_id=? AND seq=?", (till, low))
    con.execute("UPDATE journal_links SET seq = ? WHERE till_id=? AND seq=?", (low, till, high))
    con.execute("UPDATE journal_links SET seq = ? WHERE till_id=? AND seq=-1", (high, till))
    return Expected(str(kind), str(record))


Tamper = Callable[[sqlite3.Connection, random.Random], Expected]
