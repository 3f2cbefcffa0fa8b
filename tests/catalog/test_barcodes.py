"""Barcode numbers: EAN-13 check digits, in-store numbers, and the demo catalog's codes."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bazaar_pos.catalog.barcodes import (
    barcode_symbology,
    ean13_check_digit,
    gtin_check_digit,
    in_store_ean13,
    is_valid_ean8,
    is_valid_ean13,
)
from bazaar_pos.paths import assets_dir

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


@pytest.mark.parametrize(
    ("code", "symbology"),
    [("2001000000012", "EAN13"), ("96385074", "EAN8"), ("96385075", None), ("036000291452", None)],
)
def test_a_label_prints_ean13_and_ean8_with_the_right_check_digit_only(
    code: str, symbology: str | None
) -> None:
    assert barcode_symbology(code) == symbology
    assert is_valid_ean8("96385074") and not is_valid_ean8("96385075")


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_one_check_digit_rule_for_every_gtin_length(body: str) -> None:
    # The EAN-13 helper and the GTIN rule agree (weights 3, 1, 3 … from the right).
    if len(body) == 12:
        assert ean13_check_digit(body) == gtin_check_digit(body)
    weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    assert gtin_check_digit(body) == str((10 - weighted % 10) % 10)
