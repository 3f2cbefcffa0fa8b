"""The README's export format reference is the one :mod:`bazaar_pos.sync.format` writes."""

from __future__ import annotations

from pathlib import Path

from bazaar_pos.sync.format import TABLES, format_reference_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_describes_every_file_of_the_export_as_the_format_does() -> None:
    text = README.read_text(encoding="utf-8")
    assert format_reference_markdown().rstrip("\n") in text
    assert f"`manifest.sig` and the {len(TABLES)} CSV files below" in text
