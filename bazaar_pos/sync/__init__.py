"""Sync of several tills by files: an export (folder or .zip of CSVs) merged into another till.

Exports are signed with the till's key and checked on import (:mod:`bazaar_pos.sync.trust`);
records that do not add up are refused (:mod:`bazaar_pos.sync.checks`).

The format is described, as data, in :mod:`bazaar_pos.sync.format`.
"""

from __future__ import annotations

from bazaar_pos.sync.errors import (
    Conflict,
    ExportCancelled,
    ExportChecksumMismatch,
    ExportRefused,
    ExportRowError,
    ExportTargetExists,
    ExportUnreadable,
    ExportUntrusted,
    ImportConflict,
    MergeCancelled,
    MergeRunning,
    RefusalReason,
    SyncError,
    TrustProblem,
)
from bazaar_pos.sync.export import ExportResult, export_till
from bazaar_pos.sync.merge import (
    ImportResult,
    SharedTillCode,
    import_export,
    import_exports,
    one_backup_before_import,
)
from bazaar_pos.sync.merge_undo import recover_interrupted_merge
from bazaar_pos.sync.trust import KeyStatus

__all__ = [
    "Conflict",
    "ExportCancelled",
    "ExportChecksumMismatch",
    "ExportRefused",
    "ExportResult",
    "ExportRowError",
    "ExportTargetExists",
    "ExportUnreadable",
    "ExportUntrusted",
    "ImportConflict",
    "ImportResult",
    "KeyStatus",
    "MergeCancelled",
    "MergeRunning",
    "RefusalReason",
    "SharedTillCode",
    "SyncError",
    "TrustProblem",
    "export_till",
    "import_export",
    "import_exports",
    "one_backup_before_import",
    "recover_interrupted_merge",
]
