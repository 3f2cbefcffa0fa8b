"""Figures in words (*terbilang*): money on a signed Indonesian form is written twice, in
figures and in words, so that nobody can add a digit after signing."""

from __future__ import annotations

from bazaar_pos.papers.kit.language import language_key

__all__ = ["amount_in_words"]

# fmt: off
_ID_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
             "sepuluh", "sebelas")
_EN_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on


def _words_id(n: int) -> str:
    if n < 12:
        return _ID_UNITS[n]
    if n < 20:
        return f"{_words_id(n - 10)} belas"
    for size, name, one in (
        (10**12, "triliun", ""),
        (10**9, "miliar", ""),
        (10**6, "juta", ""),
        (1000, "ribu", "seribu"),
        (100, "ratus", "seratus"),
        (10, "puluh", ""),
    ):
        if n >= size:
            head, rest = divmod(n, size)
            words = one if head == 1 and one else f"{_words_id(head)} {name}"
            return f"{words} {_words_id(rest)}".strip()
    raise AssertionError(n)  # pragma: no cover


def _words_en(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_UNITS[rest]}" if rest else "")
    scales = (10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand")
    for size, name in (*scales, (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            return f"{_words_en(head)} {name}" + (f" {_words_en(rest)}" if rest else "")
    raise AssertionError(n)  # pragma: no cover


def amount_in_words(amount: int, language: str = "id") -> str:
    """Rupiah in words: ``1_250_000`` -> ``'satu juta dua ratus lima puluh ribu rupiah'``."""
    lang = language_key(language)
    if amount == 0:
        return "nol rupiah" if lang == "id" else "zero rupiah"
    words = (_words_id if lang == "id" else _words_en)(abs(amount))
    if amount < 0:
        words = f"minus {words}"
    return f"{words} rupiah"
