"""Rupiah formatting/parsing and EAN-13 barcodes."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bazaar_pos.catalog.barcodes import ean13_check_digit, in_store_ean13, is_valid_ean13
from bazaar_pos.errors import InvalidAmount
from bazaar_pos.money import (
    MAX_AMOUNT,
    format_number,
    format_rupiah,
    format_signed_number,
    format_signed_rupiah,
    parse_rupiah,
)
from bazaar_pos.paths import assets_dir

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


# ---------------------------------------------------------------------------------- EAN-13


@pytest.mark.parametrize(
    "code",
    [
        "4006381333931",  # Stabilo pen, the textbook example
        "5901234123457",  # GS1 example
        "9780306406157",  # ISBN-13
        "0012345678905",  # UPC-A 012345678905 as EAN-13
        "8992761136017",  # Indonesian prefix 899
    ],
)
def test_real_ean13_codes(code: str) -> None:
    assert ean13_check_digit(code[:12]) == code[12]
    assert is_valid_ean13(code)


@pytest.mark.parametrize(
    "code",
    ["4006381333932", "400638133393", "40063813339310", "40063813339a1", "", "400638133393 "],
)
def test_invalid_ean13_codes(code: str) -> None:
    assert not is_valid_ean13(code)


@pytest.mark.parametrize("first12", ["12345678901", "1234567890123", "12345678901a"])
def test_check_digit_needs_twelve_digits(first12: str) -> None:
    with pytest.raises(ValueError):
        ean13_check_digit(first12)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.data())
def test_a_single_mistyped_digit_is_caught(first12: str, data: st.DataObject) -> None:
    code = first12 + ean13_check_digit(first12)
    assert is_valid_ean13(code)
    position = data.draw(st.integers(min_value=0, max_value=12))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != code[position]]))
    assert not is_valid_ean13(code[:position] + wrong + code[position + 1 :])


def test_in_store_ean13_layout() -> None:
    # The besek of Rutan Banjarnegara (institution 2, sequence 1) as printed on its label.
    assert in_store_ean13(2, 1) == "2002000000019"
    code = in_store_ean13(3, 12_345_678)
    assert code.startswith("2003")
    assert code[4:12] == "12345678"
    assert is_valid_ean13(code)


@given(st.integers(0, 99), st.integers(0, 10**8 - 1))
def test_in_store_ean13_is_always_valid_and_in_store_range(institution: int, seq: int) -> None:
    code = in_store_ean13(institution, seq)
    assert len(code) == 13
    assert code.startswith("20")  # 20-29: in-store, never clashes with a manufacturer's code
    assert is_valid_ean13(code)


@pytest.mark.parametrize(("institution", "sequence"), [(-1, 1), (100, 1), (1, -1), (1, 10**8)])
def test_in_store_ean13_out_of_range(institution: int, sequence: int) -> None:
    with pytest.raises(ValueError):
        in_store_ean13(institution, sequence)


def _read_asset(name: str) -> list[dict[str, str]]:
    with (assets_dir() / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_demo_catalog_barcode_is_a_valid_unique_in_store_code() -> None:
    rows = _read_asset("demo_catalog.csv")
    numbers = {row["code"]: int(row["number"]) for row in _read_asset("demo_institutions.csv")}
    barcodes = [row["barcode"] for row in rows]
    assert len(rows) >= 28
    assert all(barcodes), "every demo product has a barcode"
    assert len(set(barcodes)) == len(barcodes)
    for row in rows:
        code = row["barcode"]
        assert is_valid_ean13(code), f"{row['sku']}: {code} has a wrong check digit"
        assert code.startswith("20"), row["sku"]
        # The two digits after "20" say whose goods these are.
        assert int(code[2:4]) == numbers[row["institution"]], row["sku"]
