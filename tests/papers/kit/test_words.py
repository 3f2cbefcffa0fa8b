"""Money in words (*terbilang*), as written under money on Indonesian forms."""

from __future__ import annotations

import pytest

from bazaar_pos.papers.kit.words import amount_in_words


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (0, "nol rupiah", "zero rupiah"),
        (11, "sebelas rupiah", "eleven rupiah"),
        (125, "seratus dua puluh lima rupiah", "one hundred twenty-five rupiah"),
        (1_000, "seribu rupiah", "one thousand rupiah"),
        (
            1_250_000,
            "satu juta dua ratus lima puluh ribu rupiah",
            "one million two hundred fifty thousand rupiah",
        ),
        (
            211_019,
            "dua ratus sebelas ribu sembilan belas rupiah",
            "two hundred eleven thousand nineteen rupiah",
        ),
        (3_000_000_100, "tiga miliar seratus rupiah", "three billion one hundred rupiah"),
        (-5_000, "minus lima ribu rupiah", "minus five thousand rupiah"),
    ],
)
def test_amount_in_words(amount: int, indonesian: str, english: str) -> None:
    assert amount_in_words(amount, "id") == indonesian
    assert amount_in_words(amount, "en") == english
