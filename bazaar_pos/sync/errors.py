"""Errors of the sync exports: writing one, and reading or merging one from another till.

Each carries what a screen needs to say what went wrong and where (the export's path, the file
inside it, the CSV line as a spreadsheet shows it, the column).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bazaar_pos.errors import PosError

__all__ = [
    "UNREADABLE_REASONS",
    "Conflict",
    "ExportCancelled",
    "ExportChecksumMismatch",
    "ExportRowError",
    "ExportTargetExists",
    "ExportUnreadable",
    "ImportConflict",
    "SyncError",
]

# Why an export cannot be read at all (ExportUnreadable.reason).
UNREADABLE_REASONS: tuple[str, ...] = (
    "not_found",  # no such file or folder
    "not_an_export",  # no manifest.json (or not a zip / folder)
    "bad_manifest",  # manifest.json is not the JSON the format describes
    "unsupported_version",  # another format, or a format_version this app does not know
    "missing_file",  # a file listed in the manifest is not there
    "unexpected_file",  # a .csv the manifest does not list
    "bad_header",  # a CSV's header row is not the columns of the format, in order
)


class SyncError(PosError):
    """Base of every sync (export / import) error."""


class ExportUnreadable(SyncError):
    def __init__(self, path: Path, reason: str, detail: str = "") -> None:
        message = f"{path}: cannot read this export ({reason})"
        super().__init__(f"{message}: {detail}" if detail else message)
        self.path = path
        self.reason = reason  # one of UNREADABLE_REASONS
        self.detail = detail


class ExportChecksumMismatch(SyncError):
    """A file whose size, SHA-256 or row count differs from the manifest: truncated or edited."""

    def __init__(self, path: Path, file_name: str) -> None:
        super().__init__(
            f"{path}: {file_name} does not match the manifest (truncated or edited after export)"
        )
        self.path = path
        self.file_name = file_name


class ExportRowError(SyncError):
    """A cell that cannot be read; ``line`` is the line a spreadsheet shows (header = 1)."""

    def __init__(self, path: Path, file_name: str, line: int, column: str, problem: str) -> None:
        super().__init__(f"{path}: {file_name} line {line}, column {column}: {problem}")
        self.path = path
        self.file_name = file_name
        self.line = line
        self.column = column
        self.problem = problem


@dataclass(frozen=True)
class Conflict:
    """A row of an export that disagrees with what this database already holds."""

    file_name: str
    line: int  # as a spreadsheet shows it (header = 1)
    uuid: str
    columns: tuple[str, ...]  # the CSV columns that differ (or that hold the taken value)
    message: str


class ImportConflict(SyncError):
    """The merge found rows that disagree with this database; nothing was written."""

    def __init__(self, path: Path, conflicts: tuple[Conflict, ...] | list[Conflict]) -> None:
        conflicts = tuple(conflicts)
        first = conflicts[0].message if conflicts else ""
        super().__init__(f"{path}: {len(conflicts)} conflict(s) with this database; first: {first}")
        self.path = path
        self.conflicts = conflicts


class ExportCancelled(SyncError):
    """The person cancelled the export; no file was left behind."""

    def __init__(self) -> None:
        super().__init__("export cancelled; nothing was written")


class ExportTargetExists(SyncError):
    """The chosen zip file exists, or the chosen folder exists and is not empty."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists (choose a new name or an empty folder)")
        self.path = path
