"""Barcode numbers: GTIN check digits (EAN-8, UPC-A, EAN-13), in-store EAN-13 numbers (prefix
20–29 is reserved for in-store use) and which codes a label can print as bars.

The one place the check digit is computed: the product form, the catalog CSV import, the
internal barcodes and the labels all ask here.
"""

from __future__ import annotations

__all__ = [
    "GTIN_LENGTHS",
    "barcode_symbology",
    "ean13_check_digit",
    "gtin_check_digit",
    "in_store_ean13",
    "is_valid_ean8",
    "is_valid_ean13",
    "is_valid_gtin",
]

GTIN_LENGTHS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13"}


def gtin_check_digit(body: str) -> str:
    """Check digit of a GTIN (EAN-8, UPC-A, EAN-13) given its other digits (ASCII 0-9).

    Weights run 3, 1, 3, 1 … from the right-most body digit, for every GTIN length.
    """
    # Summing the ASCII codes in C is ~3× faster than int() per digit; a CSV import checks
    # up to 100k barcodes. Each digit's code is its value + 48.
    codes = body[::-1].encode("ascii")
    weighted_3, weighted_1 = codes[::2], codes[1::2]
    total = 3 * (sum(weighted_3) - 48 * len(weighted_3)) + sum(weighted_1) - 48 * len(weighted_1)
    return str(-total % 10)


def is_valid_gtin(code: str, length: int) -> bool:
    """``code`` is ``length`` digits whose last one is the right check digit."""
    return len(code) == length and code.isdigit() and gtin_check_digit(code[:-1]) == code[-1]


def ean13_check_digit(first12: str) -> str:
    """The 13th digit of an EAN-13 whose first 12 digits are ``first12``."""
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError(f"EAN-13 needs 12 digits before the check digit, got {first12!r}")
    return gtin_check_digit(first12)


def is_valid_ean13(code: str) -> bool:
    return is_valid_gtin(code, 13)


def is_valid_ean8(code: str) -> bool:
    return is_valid_gtin(code, 8)


def in_store_ean13(institution_number: int, sequence: int) -> str:
    """``20`` + two digits of institution + eight of sequence + check digit."""
    if not (0 <= institution_number < 100 and 0 <= sequence < 10**8):
        raise ValueError("institution number or sequence out of range")
    first12 = f"20{institution_number:02d}{sequence:08d}"
    return first12 + ean13_check_digit(first12)


def barcode_symbology(code: str | None) -> str | None:
    """``"EAN13"`` or ``"EAN8"`` when ``code`` can be printed as a label barcode, else None.

    The check digit must be right: ReportLab would silently print its own check digit, and a
    label would then scan as a number the catalog does not know.
    """
    code = (code or "").strip()
    if is_valid_ean13(code):
        return "EAN13"
    if is_valid_ean8(code):
        return "EAN8"
    return None
