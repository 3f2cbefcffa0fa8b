"""Who may move data between tills, and whether an export comes from the till it names.

An export is signed with the till's Ed25519 key (:mod:`bazaar_pos.db.identity`): the manifest
names the till id and its public key, ``manifest.sig`` is the signature over the manifest's
exact bytes, and the manifest holds every file's SHA-256, so the signature covers every file.
The signature alone only proves that *some* key signed: the office pins each till id to the
first key it saw for it ("trust on first use", a ``till_keys`` row without private half) and
refuses a later export of that till signed with another key. The fingerprint is printed on the
till's Z report and end-of-event report, so the first import too can be checked against the
signed paper.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db.identity import key_fingerprint, signature_is_valid
from bazaar_pos.db.models import TillKey
from bazaar_pos.people.access import Action, Actor, authorize, authorize_or_anonymous
from bazaar_pos.sync.errors import ExportUntrusted, TrustProblem
from bazaar_pos.sync.format import Manifest

__all__ = [
    "ED25519_KEY_BYTES",
    "ED25519_SIGNATURE_BYTES",
    "KeyStatus",
    "TillSeal",
    "acting_name",
    "check_signature",
    "check_till_key",
    "decode_public_key",
    "encode_key",
    "learn_till_key",
    "other_tills_with_code",
]

ED25519_KEY_BYTES = 32
ED25519_SIGNATURE_BYTES = 64


class KeyStatus(StrEnum):
    """What this database knew of the key an export was signed with."""

    NEW = "new"  # first export of this till here: the key was learnt (compare it with the paper)
    KNOWN = "known"  # the key learnt from an earlier export of the same till
    OWN = "own"  # this very till's own key (its export imported back into it)


@dataclass(frozen=True)
class TillSeal:
    """The till an export comes from, as its signature proves it."""

    till_code: str
    till_id: str
    public_key: bytes

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key)


def acting_name(session: Session, by: Actor | str, action: Action) -> str:
    """The name to record for who exports or imports, checked against the permission table.

    An :class:`Actor` must be a live login whose role may do ``action``; a plain name is let
    through only while nobody can log in on this database (tests, a headless office copy).
    """
    if isinstance(by, Actor):
        user = authorize(session, by, action)
        return user.full_name or user.username
    authorize_or_anonymous(session, None, action)
    return by


def encode_key(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _decode(text: str | bytes, size: int) -> bytes | None:
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if len(data) == size else None


def decode_public_key(path: Path, manifest: Manifest) -> TillSeal:
    """The till and key the manifest names; ExportUntrusted(BAD_KEY) if the key is unreadable."""
    key = _decode(manifest.public_key, ED25519_KEY_BYTES)
    if key is None:
        raise ExportUntrusted(
            path, TrustProblem.BAD_KEY, till_code=manifest.till_code, till_id=manifest.till_id
        )
    return TillSeal(manifest.till_code, manifest.till_id, key)


def check_signature(
    path: Path, manifest: Manifest, manifest_bytes: bytes, signature: bytes | None
) -> TillSeal:
    """The pure rule: ``signature`` (manifest.sig's bytes, None when absent) must be the till
    key's signature over the exact bytes of manifest.json."""
    seal = decode_public_key(path, manifest)
    problem: TrustProblem | None = None
    if signature is None:
        problem = TrustProblem.SIGNATURE_MISSING
    else:
        raw = _decode(signature.strip(), ED25519_SIGNATURE_BYTES)
        if raw is None or not signature_is_valid(seal.public_key, raw, manifest_bytes):
            problem = TrustProblem.SIGNATURE_INVALID
    if problem is not None:
        raise ExportUntrusted(
            path,
            problem,
            till_code=seal.till_code,
            till_id=seal.till_id,
            fingerprint=seal.fingerprint,
        )
    return seal


def check_till_key(session: Session, path: Path, seal: TillSeal) -> KeyStatus:
    """The export's key against the one known for its till id, writing nothing: NEW (not
    seen yet), KNOWN, OWN; ExportUntrusted(KEY_CHANGED) for another key (the merge checks
    this in its read snapshot, before anything is written)."""
    row = session.scalar(select(TillKey).where(TillKey.till_id == seal.till_id))
    if row is None:
        return KeyStatus.NEW
    known = base64.b64decode(row.public_key)
    if known != seal.public_key:
        raise ExportUntrusted(
            path,
            TrustProblem.KEY_CHANGED,
            till_code=seal.till_code,
            till_id=seal.till_id,
            fingerprint=seal.fingerprint,
            known_fingerprint=key_fingerprint(known),
        )
    return KeyStatus.OWN if row.own else KeyStatus.KNOWN


def learn_till_key(session: Session, path: Path, seal: TillSeal, at: dt.datetime) -> KeyStatus:
    """Check the export's key against the one known for its till id; learn it on first sight.

    Inside the import's last write transaction: a refused or undone import learns nothing.
    """
    status = check_till_key(session, path, seal)
    if status is KeyStatus.NEW:
        session.add(
            TillKey(
                till_id=seal.till_id,
                public_key=encode_key(seal.public_key),
                private_key="",
                own=False,
                till_code=seal.till_code[:12],
                created_at=at,
            )
        )
        return status
    row = session.scalar(select(TillKey).where(TillKey.till_id == seal.till_id))
    if status is KeyStatus.KNOWN and row is not None and row.till_code != seal.till_code[:12]:
        row.till_code = seal.till_code[:12]  # as last seen: the code may change in settings
    return status


def other_tills_with_code(session: Session, seal: TillSeal) -> list[str]:
    """Notes for a till id seen for the first time under a till code that other till ids had
    here before: a reinstalled laptop (a new key pair), or a second laptop set up with the same
    code. Not refused (the records are checked as ever), but said, to compare with the paper."""
    rows = session.execute(
        select(TillKey.till_id, TillKey.public_key).where(
            TillKey.till_code == seal.till_code[:12], TillKey.till_id != seal.till_id
        )
    ).all()
    return [
        f"till code {seal.till_code} was known here from another till (id {row.till_id}, key "
        f"{key_fingerprint(base64.b64decode(row.public_key))}); this export comes from till id "
        f"{seal.till_id}, key {seal.fingerprint}: a reinstalled laptop, or two laptops with "
        "the same till code?"
        for row in rows
    ]
