"""Integer Rupiah: formatting as ``Rp 1.875`` and parsing what a cashier types."""

from __future__ import annotations

import re

from bazaar_pos.errors import InvalidAmount

# An amount of a trillion Rupiah or more at a prison bazaar is a typing error, not money.
MAX_AMOUNT = 999_999_999_999


def format_rupiah(amount: int) -> str:
    """``1875`` -> ``'Rp 1.875'``; negative amounts keep their sign before the number."""
    sign = "-" if amount < 0 else ""
    return f"Rp {sign}{abs(amount):,}".replace(",", ".")


def format_number(value: int) -> str:
    """Thousands grouped with dots, the Indonesian way: ``1600`` -> ``'1.600'``."""
    return f"{value:,}".replace(",", ".")


_AMOUNT_RE = re.compile(r"^(?:rp\.?)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,0{1,2})?$", re.IGNORECASE)


def parse_rupiah(text: str) -> int:
    """Parse ``'50000'``, ``'50.000'``, ``'Rp 50.000'`` or ``'Rp50.000,00'`` into an int.

    Raises :class:`InvalidAmount` for anything else (letters, negative, fractions of a Rupiah).
    """
    cleaned = text.strip().replace(" ", "")
    match = _AMOUNT_RE.match(cleaned)
    if not match:
        raise InvalidAmount(text)
    value = int(match.group(1).replace(".", ""))
    if value > MAX_AMOUNT:
        raise InvalidAmount(text)
    return value


def format_signed_number(value: int) -> str:
    """``-3`` -> ``'-3'``, ``1600`` -> ``'+1.600'``, ``0`` -> ``'0'``: a variance or a stock
    change always shows its direction, not only its colour."""
    return f"+{format_number(value)}" if value > 0 else format_number(value)


def format_signed_rupiah(value: int) -> str:
    """``-30000`` -> ``'-Rp 30.000'``, ``250`` -> ``'+Rp 250'``, ``0`` -> ``'Rp 0'``: the sign
    goes before ``Rp``, as the variance screen and its PDF write it."""
    if value == 0:
        return format_rupiah(0)
    return f"{'-' if value < 0 else '+'}{format_rupiah(abs(value))}"
