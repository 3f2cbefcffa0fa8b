"""Sentences for the catalog errors (institutions, products, CSV import, labels).

Literal ``QCoreApplication.translate("Messages", …)`` calls, like ``messages.py``, so
``pyside6-lupdate`` extracts them.
"""

from __future__ import annotations


def describe_catalog_error(error: Exception) -> str | None:
    """A sentence for a catalog error, or None if ``error`` is not one of them."""
    return None
