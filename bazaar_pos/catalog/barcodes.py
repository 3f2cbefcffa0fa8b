"""EAN-13 check digits and in-store numbers (prefix 20–29 is reserved for in-store use)."""

from __future__ import annotations


def ean13_check_digit(first12: str) -> str:
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError(f"EAN-13 needs 12 digits before the check digit, got {first12!r}")
    weighted = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - weighted % 10) % 10)


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == code[12]


def in_store_ean13(institution_number: int, sequence: int) -> str:
    """``20`` + two digits of institution + eight of sequence + check digit."""
    if not (0 <= institution_number < 100 and 0 <= sequence < 10**8):
        raise ValueError("institution number or sequence out of range")
    first12 = f"20{institution_number:02d}{sequence:08d}"
    return first12 + ean13_check_digit(first12)
