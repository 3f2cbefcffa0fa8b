"""The kit's text rules: lines never wider than their room, words kept whole where they fit,
an ellipsis where text was left out, the oblique face falling back for what it lacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bazaar_pos.errors import PaperFontUnavailable
from bazaar_pos.papers.kit.fonts import (
    BOLD,
    ELLIPSIS,
    ITALIC,
    REGULAR,
    face_for,
    fit,
    load_face,
    register_fonts,
    shape,
    width,
    wrap,
)


def test_registering_twice_is_harmless() -> None:
    register_fonts()
    register_fonts()
    assert width("Rp 1.875", REGULAR, 10) > 0


def test_words_are_kept_whole_where_they_fit() -> None:
    room = width("Besek bambu", REGULAR, 10) + 1
    assert wrap("Besek bambu kecil", REGULAR, 10, room) == ["Besek bambu", "kecil"]


def test_a_word_longer_than_the_line_is_cut() -> None:
    lines = wrap("X" * 60, REGULAR, 10, 50)
    assert "".join(lines) == "X" * 60
    assert all(width(line, REGULAR, 10) <= 50 for line in lines)


def test_runs_of_spaces_count_as_one_and_a_line_break_starts_a_new_line() -> None:
    assert wrap("Talenan   kayu\njati", REGULAR, 10, 500) == ["Talenan kayu", "jati"]
    assert wrap("", REGULAR, 10, 500) == []


def test_left_out_text_ends_in_an_ellipsis() -> None:
    lines = wrap("Lukisan bakar kayu pemandangan danau", BOLD, 10, 80, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith(ELLIPSIS)
    assert fit("Lukisan bakar kayu pemandangan danau", REGULAR, 10, 60).endswith(ELLIPSIS)
    assert fit("Kopi", REGULAR, 10, 60) == "Kopi"


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("abc XYZ 123 ½—“”بسماللهرحن"),
        min_size=0,
        max_size=80,
    ),
    st.floats(min_value=30, max_value=300),
)
def test_no_line_is_wider_than_its_room(text: str, room: float) -> None:
    for line in wrap(text, REGULAR, 9, room):
        assert width(line, REGULAR, 9) <= room + 0.01
    cut = fit(text, REGULAR, 9, room)
    assert width(cut, REGULAR, 9) <= room + 0.01 or len(cut) <= 2


@pytest.mark.parametrize(("text", "face"), [("catatan", ITALIC), ("كتابة", REGULAR)])
def test_the_oblique_face_falls_back_to_regular_for_what_it_lacks(text: str, face: str) -> None:
    assert face_for(text, ITALIC) == face


def test_shaping_a_wrapped_arabic_name_keeps_its_reading_order() -> None:
    # Wrapped in typed order, each line shaped on its own: the first line holds the first words.
    lines = wrap("بسم الله الرحمن الرحيم", REGULAR, 10, width(shape("بسم الله"), REGULAR, 10) + 1)
    assert lines[0] == shape("بسم الله")


@pytest.mark.parametrize("content", [None, b"\0" * 2048, b"not a font"])
def test_a_missing_or_damaged_font_file_is_named_not_a_library_error(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "DejaVuSansCondensed.ttf"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PaperFontUnavailable) as refused:
        load_face("Broken", path)
    assert refused.value.path == str(path)
    assert "install Bazaar POS again" in str(refused.value)
