"""Rupiah: formatting as `Rp 1.875`, signed figures, and parsing what a cashier types."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bazaar_pos.errors import InvalidAmount
from bazaar_pos.money import (
    MAX_AMOUNT,
    format_number,
    format_rupiah,
    format_signed_number,
    format_signed_rupiah,
    parse_rupiah,
)

# ---------------------------------------------------------------------------- format_rupiah


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (0, "Rp 0"),
        (125, "Rp 125"),
        (1_875, "Rp 1.875"),
        (200_000, "Rp 200.000"),
        (1_250_000, "Rp 1.250.000"),
        (-1_875, "Rp -1.875"),
        (-200_000, "Rp -200.000"),
    ],
)
def test_format_rupiah(amount: int, shown: str) -> None:
    assert format_rupiah(amount) == shown


def test_format_number_groups_thousands_with_dots() -> None:
    assert format_number(1_600) == "1.600"
    assert format_number(999) == "999"


# ------------------------------------------------------------------------------ signed figures


@pytest.mark.parametrize(
    ("value", "shown"),
    [(-3, "-3"), (-1_600, "-1.600"), (0, "0"), (2, "+2"), (1_600, "+1.600")],
)
def test_format_signed_number(value: int, shown: str) -> None:
    assert format_signed_number(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (-30_000, "-Rp 30.000"),
        (-1, "-Rp 1"),
        (0, "Rp 0"),
        (250, "+Rp 250"),
        (275_000, "+Rp 275.000"),
    ],
)
def test_format_signed_rupiah(value: int, shown: str) -> None:
    assert format_signed_rupiah(value) == shown


@given(st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT))
def test_signed_figures_sign_then_magnitude(value: int) -> None:
    sign = "+" if value > 0 else "-" if value < 0 else ""
    assert format_signed_number(value) == sign + format_number(abs(value))
    assert format_signed_rupiah(value) == sign + format_rupiah(abs(value))


# ----------------------------------------------------------------------------- parse_rupiah


@pytest.mark.parametrize(
    "text",
    ["50000", "50.000", "Rp 50.000", "Rp50.000,00", "rp 50.000", " 50.000 ", "Rp 50.000,0"],
)
def test_parse_rupiah_accepts_how_cashiers_write_fifty_thousand(text: str) -> None:
    assert parse_rupiah(text) == 50_000


def test_parse_rupiah_small_and_zero() -> None:
    assert parse_rupiah("125") == 125
    assert parse_rupiah("0") == 0
    assert parse_rupiah("1.875") == 1_875


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "-5",
        "Rp -5.000",
        "12,5",  # half a Rupiah does not exist
        "1.00",  # a decimal point, not a thousands separator
        "50.00.000",
        "50,000",
        "",
        "   ",
        "Rp",
        "5e3",
    ],
)
def test_parse_rupiah_rejects(text: str) -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_rupiah(text)
    assert caught.value.text == text


def test_parse_rupiah_rejects_absurd_amounts() -> None:
    assert parse_rupiah(format_number(MAX_AMOUNT)) == MAX_AMOUNT
    with pytest.raises(InvalidAmount):
        parse_rupiah(str(MAX_AMOUNT + 1))


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_a_formatted_amount_parses_back(amount: int) -> None:
    assert parse_rupiah(format_rupiah(amount)) == amount
    assert parse_rupiah(format_number(amount)) == amount
