"""Errors of the sync exports: writing one, and reading or merging one from another till.

Each carries what a screen needs to say what went wrong and where (the export's path, the file
inside it, the CSV line as a spreadsheet shows it, the column).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from bazaar_pos.errors import PosError

__all__ = [
    "UNREADABLE_REASONS",
    "Conflict",
    "ExportCancelled",
    "ExportChecksumMismatch",
    "ExportRefused",
    "ExportRowError",
    "ExportTargetExists",
    "ExportUnreadable",
    "ExportUntrusted",
    "ImportConflict",
    "MergeCancelled",
    "MergeRunning",
    "RefusalReason",
    "SyncError",
    "TrustProblem",
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
    # refused before unpacking
    "too_large",  # beyond the size/row limits, or unpacks far beyond its packed size
    "damaged",  # the zip's packed data is corrupt (bad deflate stream, bad CRC, cut short)
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


class MergeRunning(SyncError):
    """Another merge is being written into this database (from this laptop or another sharing
    the file); nothing of this export was written. ``file_name``: the other merge's export."""

    def __init__(self, file_name: str) -> None:
        super().__init__(f"another import ({file_name}) is being merged here; try again later")
        self.file_name = file_name


class MergeCancelled(SyncError):
    """The person cancelled the merge of ``path``: what it had written was deleted again (or,
    on PostgreSQL, rolled back), so nothing of the export is kept."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: merge cancelled; nothing of this export was kept")
        self.path = path


class ExportCancelled(SyncError):
    """The person cancelled the export; no file was left behind."""

    def __init__(self) -> None:
        super().__init__("export cancelled; nothing was written")


class ExportTargetExists(SyncError):
    """The chosen zip file exists, or the chosen folder exists and is not empty."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists (choose a new name or an empty folder)")
        self.path = path


class TrustProblem(StrEnum):
    """Why an export is not believed to come from the till it names (ExportUntrusted.reason)."""

    UNSIGNED_FORMAT = "unsigned_format"  # written by an older version, before exports were signed
    SIGNATURE_MISSING = "signature_missing"  # no manifest.sig beside manifest.json
    SIGNATURE_INVALID = "signature_invalid"  # manifest.json is not what the till's key signed
    BAD_KEY = "bad_key"  # the manifest's till id or public key cannot be read
    KEY_CHANGED = "key_changed"  # this till id was seen here before with another key


class ExportUntrusted(SyncError):
    """The export's signature or the till's key is not what it must be; nothing was written.

    ``fingerprint`` is the key the export presents; ``known_fingerprint`` (KEY_CHANGED) the key
    this database learnt for the same till id from an earlier export.
    """

    def __init__(
        self,
        path: Path,
        reason: TrustProblem,
        *,
        till_code: str = "",
        till_id: str = "",
        fingerprint: str = "",
        known_fingerprint: str = "",
    ) -> None:
        detail = f"{path}: not trusted ({reason.value})"
        if till_code or till_id:
            detail += f"; till {till_code} {till_id}"
        if fingerprint:
            detail += f", key {fingerprint}"
        if known_fingerprint:
            detail += f", known key {known_fingerprint}"
        super().__init__(detail)
        self.path = path
        self.reason = reason
        self.till_code = till_code
        self.till_id = till_id
        self.fingerprint = fingerprint
        self.known_fingerprint = known_fingerprint


class RefusalReason(StrEnum):
    """Which rule a record of a (correctly signed) export breaks (ExportRefused.reason)."""

    # sales.csv / sale_lines.csv / payments.csv
    LINE_TOTAL = "line_total"  # line total ≠ quantity × unit price − line discount − share
    LINE_QUANTITY = "line_quantity"  # a sale line of 0 or fewer units
    SALE_DISCOUNT = "sale_discount"  # sale discount below 0, above the subtotal, ≠ its shares
    SALE_SUBTOTAL = "sale_subtotal"  # subtotal ≠ the lines after their own discounts
    SALE_TOTAL_LINES = "sale_total_lines"  # total ≠ subtotal − discount ≠ sum of line totals
    SALE_TOTAL_PAYMENTS = "sale_total_payments"  # total ≠ what the payments settle
    PAYMENT_CHANGE = "payment_change"  # tendered − change ≠ amount, negative, non-cash change
    # refunds.csv / refund_lines.csv
    REFUND_LINES = "refund_lines"  # refund amount ≠ its lines, or a line of another sale
    REFUND_QUANTITY = "refund_quantity"  # more units back than sold on the line
    REFUND_AMOUNT = "refund_amount"  # more money back than the line or the sale brought
    # cash_movements.csv
    CASH_MOVEMENT = "cash_movement"  # not a paid-in or paid-out of a positive amount
    # users.csv: an export carries names for its records, never accounts
    USER_SECRET = "user_secret"  # a column beyond the names (a PIN hash, lockout state …)
    USER_UNUSED = "user_unused"  # a user no record of the export refers to


class ExportRefused(SyncError):
    """A record of the export does not add up, or the export brings accounts; nothing written.

    ``line`` is the CSV line as a spreadsheet shows it (header = 1), ``record`` what the row is
    (a receipt number, a refund number, a username), ``detail`` the figures that disagree.
    """

    def __init__(
        self,
        path: Path,
        reason: RefusalReason,
        file_name: str,
        line: int,
        record: str,
        detail: str = "",
    ) -> None:
        message = f"{path}: {file_name} line {line}, {record}: refused ({reason.value})"
        super().__init__(f"{message}: {detail}" if detail else message)
        self.path = path
        self.reason = reason
        self.file_name = file_name
        self.line = line
        self.record = record
        self.detail = detail


# --------------------------------------------------------------- identity: the export's folder


class ExportFolderGone(SyncError):
    """The folder the export goes to is not there (a USB stick pulled out before or while the
    export was written); nothing was left behind, and the till's own data is untouched."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"the folder {folder} is not there (USB stick removed?); nothing was exported, "
            "the till's data is safe"
        )
        self.folder = folder
