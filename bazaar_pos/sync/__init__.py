"""Sync of several tills by files: an export (folder or .zip of CSVs) merged into another till.

The format is described, as data, in :mod:`bazaar_pos.sync.format`.
"""

from __future__ import annotations

from bazaar_pos.sync.errors import (
    Conflict,
    ExportCancelled,
    ExportChecksumMismatch,
    ExportRowError,
    ExportTargetExists,
    ExportUnreadable,
    ImportConflict,
    SyncError,
)
from bazaar_pos.sync.export import ExportResult, export_till
from bazaar_pos.sync.merge import ImportResult, import_export, import_exports

__all__ = [
    "Conflict",
    "ExportCancelled",
    "ExportChecksumMismatch",
    "ExportResult",
    "ExportRowError",
    "ExportTargetExists",
    "ExportUnreadable",
    "ImportConflict",
    "ImportResult",
    "SyncError",
    "export_till",
    "import_export",
    "import_exports",
]
