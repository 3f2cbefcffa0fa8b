"""The language of a paper: Indonesian (``id``) by default, English (``en``) on request.

A paper's own words are a table per language (``LABELS = {"id": {...}, "en": {...}}`` in each
document's module); this module picks the table, the same way for every paper.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

__all__ = ["LANGUAGES", "labels_for", "language_key"]

LANGUAGES = ("id", "en")

T = TypeVar("T")


def language_key(language: str) -> str:
    """``"id"`` or ``"en"`` from what a setting or a command line holds (``"en_US"``,
    ``" ID "``); anything else is a :class:`ValueError` naming it."""
    key = language.strip().lower().replace("_", "-").split("-")[0]
    if key not in LANGUAGES:
        raise ValueError(f"unsupported paper language {language!r}")
    return key


def labels_for(labels: Mapping[str, T], language: str) -> T:
    """The table of ``labels`` for ``language`` (see :func:`language_key`)."""
    return labels[language_key(language)]
