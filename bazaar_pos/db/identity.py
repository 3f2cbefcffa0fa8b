"""The till's identity: a random till id and an Ed25519 key pair, made once, at first start.

The till id keys the till's tamper-evident chain (till *codes* can repeat between laptops and
change in the settings; the id never does). The key pair signs the till's exports; the office
learns the public key from the first signed export of a till and refuses a later one signed
with another key. The fingerprint is printed on the Z report and the end-of-event report, so
that the office can compare it with the signed paper.

The private key stays in this database (``till_keys``, never exported): whoever holds the
laptop's database file can sign as the till. What pins the data is the paper: the chain heads,
grand totals and fingerprint printed and signed on the Z and end-of-event reports.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db.models import TillKey

# ``cryptography`` is imported where a key is made, used or checked: the till's start and its
# sales only read the till id (importing it costs ~20 ms and 9 MB, its Rust library mapped).


@dataclass(frozen=True)
class TillIdentity:
    till_id: str
    public_key: bytes  # raw 32 bytes

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key)


def key_fingerprint(public_key: bytes) -> str:
    """What people compare: the first 16 bytes of the key's SHA-256, as ``AB12-CD34-…`` (8 groups).

    128 bits are far beyond any search for a look-alike key, and short enough to read aloud.
    """
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def own_identity(session: Session, *, till_code: str = "") -> TillIdentity:
    """This till's identity, made now (inside the caller's transaction) if it has none yet."""
    row = session.scalar(select(TillKey).where(TillKey.own.is_(True)))
    if row is None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        row = TillKey(
            till_id=str(uuid.uuid4()),
            public_key=_b64(public),
            private_key=_b64(private.private_bytes_raw()),
            own=True,
            till_code=till_code,
            created_at=dt.datetime.now(dt.UTC),
        )
        session.add(row)
        session.flush()
    return TillIdentity(row.till_id, base64.b64decode(row.public_key))


def sign(session: Session, data: bytes) -> bytes:
    """``data`` signed with this till's private key (64 bytes)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    own_identity(session)
    row = session.scalar(select(TillKey).where(TillKey.own.is_(True)))
    assert row is not None
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(row.private_key))
    return private.sign(data)


def signature_is_valid(public_key: bytes, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` was made over ``data`` with the private half of ``public_key``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


SHORT_DEVICE = 8  # characters of a till id shown to people: enough to tell a bazaar's apart


def short_device(till_id: str) -> str:
    """A device (till id) as people see it next to a till code: its first characters, ``?``
    for a record whose device is not known."""
    return till_id[:SHORT_DEVICE] if till_id else "?"


def device_label(till_code: str, till_id: str, device_word: str = "perangkat") -> str:
    """``BPN1 · perangkat 3f2a9c1d``: a till as reports name it where two laptops used the
    same code (``device_word``: the paper's language's word for the device)."""
    return f"{till_code} · {device_word} {short_device(till_id)}"


def till_labels(
    tills: Iterable[tuple[str, str]], device_word: str = "perangkat"
) -> dict[tuple[str, str], str]:
    """How to name each (till code, till id) in a list of tills: the code alone where it is
    unique, :func:`device_label` where two devices used the same code (two laptops set up
    alike), so that a person can tell the rows apart."""
    pairs = set(tills)
    devices_per_code = Counter(code for code, _ in pairs)
    return {
        (code, till_id): (
            device_label(code, till_id, device_word) if devices_per_code[code] > 1 else code
        )
        for code, till_id in pairs
    }
