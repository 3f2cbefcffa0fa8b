"""Backups and restore: automatic, checked, rotated copies of the till's database.

Other areas use :func:`list_backups`, :func:`newest_good_backup`, :func:`restore_backup` (with
:func:`backup_as_authority` when the till's own file cannot be read) and,
before an import or a migration, :func:`backup_database`; :mod:`.rules` holds the pure
decisions (names, which backups to keep, when the next one is due).
"""

from bazaar_pos.backup.rules import BackupReason, backup_due, backups_to_keep
from bazaar_pos.backup.service import (
    BackupCheck,
    BackupFailed,
    BackupFailure,
    BackupInfo,
    BackupNote,
    BackupPolicy,
    BackupProblem,
    BackupRefused,
    BackupResult,
    BackupWarning,
    FileProblem,
    RestoreResult,
    back_up,
    backup_as_authority,
    backup_database,
    check_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    readable_for_restore,
    restore_backup,
)

__all__ = [
    "BackupCheck",
    "BackupFailed",
    "BackupFailure",
    "BackupInfo",
    "BackupNote",
    "BackupPolicy",
    "BackupProblem",
    "BackupReason",
    "BackupRefused",
    "BackupResult",
    "BackupWarning",
    "FileProblem",
    "RestoreResult",
    "back_up",
    "backup_as_authority",
    "backup_database",
    "backup_due",
    "backups_to_keep",
    "check_backup",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "readable_for_restore",
    "restore_backup",
]
