"""Spreadsheet-safe CSV text: formula starts neutralised, and read back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bazaar_pos.csv_cells import FORMULA_STARTS, neutralise, protect_text, unprotect_text


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_formula_start_gets_a_quote(start: str) -> None:
    assert neutralise(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


def test_other_text_is_left_as_it_is() -> None:
    assert neutralise("Besek bambu") == "Besek bambu"
    assert protect_text("'kutip") == "''kutip"  # a leading quote of its own is doubled


@given(st.text())
def test_protected_text_reads_back_exactly(text: str) -> None:
    cell = protect_text(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert unprotect_text(cell) == text
