"""Rows as the driver gives them, for the reports that read a row per product.

SQLAlchemy's ``Result`` makes a ``Row`` object of every row (and the ORM's result more); at
100,000 products that costs as much as the query itself. :func:`plain_rows` runs a Core
statement on the session's own connection (its transaction) through the driver's cursor and
returns the driver's tuples. Values come back as the driver gives them: no type processing,
so a statement read so selects plain numbers and text (``CAST`` a PostgreSQL ``sum`` of a
BIGINT, which is a NUMERIC).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Select

AnySelect = Select[*tuple[Any, ...]]

__all__ = ["AnySelect", "DriverStatement", "for_driver", "plain_batches", "plain_rows"]


@dataclass(frozen=True)
class DriverStatement:
    """A statement compiled for one dialect's driver."""

    sql: str
    order: tuple[str, ...] | None  # the parameters' order when the driver's are positional
    literals: dict[str, Any]  # the values of the statement's own literals (``> 0``)


def for_driver(statement: AnySelect, dialect: Dialect) -> DriverStatement:
    """``statement`` compiled for ``dialect`` (a caller that runs it often keeps this).
    Parameters that the caller gives must be ``bindparam(name, None)``: a value to start from."""
    # IN lists rendered as one parameter each (SQLAlchemy leaves them to expand at execution).
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    order = tuple(compiled.positiontup or ()) if compiled.positional else None
    return DriverStatement(compiled.string, order, dict(compiled.construct_params()))


@contextmanager
def _executed(
    connection: Connection,
    statement: AnySelect | DriverStatement,
    params: dict[str, Any] | None,
) -> Iterator[Any]:
    """The driver's cursor with ``statement`` executed on it, closed afterwards."""
    if not isinstance(statement, DriverStatement):
        statement = for_driver(statement, connection.dialect)
    values = {**statement.literals, **(params or {})}
    arguments: Any = (
        values if statement.order is None else tuple(values[name] for name in statement.order)
    )
    cursor = connection.connection.cursor()
    try:
        cursor.execute(statement.sql, arguments)
        yield cursor
    finally:
        cursor.close()


def plain_rows(
    connection: Connection,
    statement: AnySelect | DriverStatement,
    params: dict[str, Any] | None = None,
) -> list[Any]:
    """Every row of ``statement`` as the driver's tuple, in ``connection``'s transaction."""
    with _executed(connection, statement, params) as cursor:
        return list(cursor.fetchall())


def plain_batches(
    connection: Connection,
    statement: AnySelect | DriverStatement,
    size: int,
    params: dict[str, Any] | None = None,
) -> Iterator[list[Any]]:
    """The rows of ``statement`` as :func:`plain_rows` gives them, ``size`` at a time: a long
    list is never held twice, as the driver's rows and as what the caller makes of them."""
    with _executed(connection, statement, params) as cursor:
        while batch := cursor.fetchmany(size):
            yield list(batch)
