"""Text cells of the CSV files the till writes (variance report, audit log, end-of-event report,
sync exports), safe to open in a spreadsheet.

A cell that starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) would
be run by Excel or LibreOffice (OWASP "CSV injection"): it gets a leading ``'``, which the
spreadsheet shows as text. Where a file is also read back by the till (the audit log, the
sync exports), a text that itself starts with ``'`` gets one more, so reading drops exactly
one and gives back what was written. Number columns are never touched.
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "QUOTE", "neutralise", "protect_text", "unprotect_text"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(text: str) -> str:
    """``'=HYPERLINK(…)'`` -> ``"'=HYPERLINK(…)"``; other text unchanged (files only read by
    people)."""
    return f"{QUOTE}{text}" if text.startswith(FORMULA_STARTS) else text


def protect_text(text: str) -> str:
    """A text cell as written in a file the till reads back: formula starts neutralised, a
    leading ``'`` doubled."""
    return QUOTE + text if text.startswith(QUOTE) else neutralise(text)


def unprotect_text(cell: str) -> str:
    """What :func:`protect_text` was given: drops the one ``'`` it may have added."""
    return cell[1:] if cell.startswith(QUOTE) else cell
