"""Search as the cashier types: an in-memory index of the catalog's searchable text.

What a search finds, and in which order (the rule of the SQL search it replaces):

* an active product whose name, SKU or barcode contains the typed text, ignoring case;
  ``%``, ``_`` and ``\\`` are plain characters;
* products whose name starts with the text first, then by name, then by id.

Case: the text and the catalog are both folded with :meth:`str.casefold` (full Unicode), on
every backend. For Indonesian (ASCII) text this is exactly what the SQL search did. For other
letters the SQL search depended on the backend: SQLite's ``lower()`` and ``LIKE`` fold ASCII
only (there "é" did not find *Émail*), PostgreSQL folded them (by the database's locale). Now
"é", "É" find *Émail* on both, and "ss" finds *Straße* (casefold's rule for ß).

Order: names in code point order, as SQLite's ``ORDER BY name`` (and PostgreSQL's under a
``C`` or ``C.UTF-8`` collation; under a language collation the SQL search sorted letters by
that language); equal names by id (the SQL search left their order open).

Why in memory (bench/search_bench.py): the SQL search folded and scanned the three columns of
every product and sorted every match, 80 to 330 ms per keystroke at 100,000 products. Here the
catalog's folded text is one ``bytes`` string in that order, each product ``\xff name \xfe
sku \xfe barcode`` (the two separators never occur in UTF-8, so a match can neither span two
fields nor be mistaken for one): a search is a literal ``re`` scan (C speed) that stops at the
30th match; names starting with the text come from a binary search over the names sorted by
their folded text; and a longer text typed after a shorter one with few matches re-checks only
those. Only the shown rows are then read from the database. About 1 ms a keystroke at 100,000
products, 8 MB. Measured and left: a plain Python list of the folded strings (26 ms), an
index on ``lower(name)`` with a contains fallback and FTS5 trigrams (p50 near 20 ms, p95 400
and 150 ms: a miss or a two-letter text still reads everything; FTS5 is SQLite's alone, and
SQLite's ``lower`` folds ASCII only).

Never stale: the index remembers the database's catalog stamp (:class:`CatalogStamp`, renewed
by a trigger in the same transaction as any change of a product's searchable columns, by any
connection or process). Every search reads the stamp in its own snapshot, and the index is
rebuilt from that same snapshot when the stamp differs: what a search shows is never older
than the snapshot it reads the shown rows in.
"""

from __future__ import annotations

import re
import sys
import threading
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, repeat
from operator import add

from sqlalchemy import select
from sqlalchemy.orm import Session

from bazaar_pos.db import Database
from bazaar_pos.db.engine import driver_connection
from bazaar_pos.db.models import CatalogStamp

# Before each product, and between its name, SKU and barcode: bytes UTF-8 never uses.
ENTRY = b"\xff"
FIELD = b"\xfe"
# Names starting with the text: up to this many are sorted by rank at once (C speed); more
# are found in rank order by scanning the index, which then meets one in every few products
# and stops at the 30th (sorting 100,000 ranks would cost more than that scan).
SORT_AT_ONCE = 2048
# A text whose every match was seen is remembered with them (at most this many), so the
# next keystroke (the same text and one more letter) re-checks only those.
REMEMBER_AT_MOST = 4096

_ACTIVE_PRODUCTS = (
    "SELECT id, name, sku, coalesce(barcode, '') FROM products WHERE active ORDER BY id"
)
_STAMP = select(CatalogStamp.stamp).where(CatalogStamp.id == 1)
_LISTED_PRODUCTS = (
    "SELECT id, name, sku, coalesce(barcode, ''), active, institution_id, category "
    "FROM products ORDER BY id"
)


def fold(text: str) -> bytes:
    """``text`` as the index compares it: case-folded (full Unicode), in UTF-8."""
    return text.casefold().encode("utf-8", "surrogatepass")


def _fold_all(values: Sequence[str]) -> list[bytes]:
    """:func:`fold` of each value; one casefold of all of them joined when no value holds the
    joining character (one call in C instead of one per value: a third of the build)."""
    if not values:
        return []
    joined = "\x00".join(values)
    if joined.count("\x00") != len(values) - 1:
        return [fold(value) for value in values]
    return fold(joined).split(b"\x00")


_TO_SEPARATORS = bytes.maketrans(b"\x00\x01", ENTRY + FIELD)


def _entries(texts: Sequence[tuple[str, str, str]]) -> tuple[bytes, array[int]]:
    """The index's text (``ENTRY name FIELD sku FIELD barcode`` per product, folded) and
    where each product's entry starts (one more: the end). Folded in one call and joined in
    C with two stand-in characters turned into the separators afterwards, unless a value
    holds one of them (then product by product)."""
    joined = "\x00".join(map("\x01".join, texts))
    if joined.count("\x00") == len(texts) - 1 and joined.count("\x01") == 2 * len(texts):
        folded = fold(joined)
        pieces = folded.split(b"\x00") if texts else []
        blob = ENTRY + folded.translate(_TO_SEPARATORS) if texts else b""
    else:
        pieces = [FIELD.join(map(fold, text)) for text in texts]
        blob = b"".join(ENTRY + piece for piece in pieces)
    starts = array("q", accumulate(map(add, map(len, pieces), repeat(1)), initial=0))
    return blob, starts


class CatalogIndex:
    """The folded name, SKU and barcode of every active product, in rank order (name, then
    id), as of one catalog stamp. Immutable but for the remembered last text; shared by
    threads (each search reads it without a lock)."""

    def __init__(self, stamp: int | None, rows: Iterable[tuple[int, str, str, str]]):
        """``rows``: (id, name, SKU, barcode or "") of the active products, in id order (a
        cursor will do: each row is taken into columns as it comes)."""
        ids, names, skus, barcodes = array("q"), [], [], []
        for product_id, name, sku, barcode in rows:
            ids.append(product_id)
            names.append(name)
            skus.append(sku)
            barcodes.append(barcode)
        self._arrange(stamp, ids, names, skus, barcodes)

    def _arrange(
        self,
        stamp: int | None,
        ids: Sequence[int],
        names: Sequence[str],
        skus: Sequence[str],
        barcodes: Sequence[str],
    ) -> list[int]:
        """Rank the products given as columns in id order by name (then id) and index them;
        returns the position in the columns of each rank. Columns, not a tuple per product:
        100,000 rows as tuples with a dict over them were ~50 MB for a moment."""
        self.stamp = stamp
        order = sorted(range(len(names)), key=names.__getitem__)  # stable: ties in id order
        self.ids = array("q", map(ids.__getitem__, order))
        self.blob, self.starts = _entries([(names[i], skus[i], barcodes[i]) for i in order])
        # Ranks sorted by folded name: the names starting with a text are one run of it.
        folded = _fold_all([names[i] for i in order])
        self.by_name = array("q", sorted(range(len(folded)), key=folded.__getitem__))
        self._last: tuple[bytes, tuple[int, ...]] | None = None
        return order

    def __len__(self) -> int:
        return len(self.ids)

    def forget(self) -> None:
        """Forget the last text searched (the next search scans: a benchmark's cold case)."""
        self._last = None

    def ranked_ids(self, text: str) -> Iterator[int]:
        """The ids of the products matching ``text`` (not empty), best first, lazily: a
        caller that stops at the 30th pays for about 30."""
        ids = self.ids
        return (ids[rank] for rank in self.ranks(fold(text)))

    def ranks(self, query: bytes) -> Iterator[int]:
        """The ranks (positions in name order) of the products matching the folded
        ``query``: those whose name starts with it, then the others, each in rank order."""
        last = self._last
        if last is not None and last[0] in query:
            # Everything matching the longer text matched the shorter one.
            return self._refined(last[1], query)
        return self._searched(query)

    def _searched(self, query: bytes) -> Iterator[int]:
        lo, hi = self._name_run(query)
        starting: list[int] = []
        if hi - lo <= SORT_AT_ONCE:
            starting = sorted(self.by_name[lo:hi])
            yield from starting
        else:
            # Many names start with it: scan from the first of them in rank order.
            for rank in self._scan(ENTRY + query, min(self.by_name[lo:hi])):
                starting.append(rank)
                yield rank
        others: list[int] = []
        for rank in self._scan(query):
            if not self._starts_with(rank, query):
                others.append(rank)
                yield rank
        # Reached only when the caller wanted every match: all of them are known now.
        if len(starting) + len(others) <= REMEMBER_AT_MOST:
            self._last = (query, tuple(sorted(starting + others)))

    def _refined(self, candidates: tuple[int, ...], query: bytes) -> Iterator[int]:
        matching = tuple(rank for rank in candidates if self._holds(rank, query))
        self._last = (query, matching)
        yield from (rank for rank in matching if self._starts_with(rank, query))
        yield from (rank for rank in matching if not self._starts_with(rank, query))

    def _name_run(self, query: bytes) -> tuple[int, int]:
        """The run of :attr:`by_name` whose names start with ``query`` (binary search)."""
        blob, starts, by_name, size = self.blob, self.starts, self.by_name, len(query)

        def head(position: int) -> bytes:
            begin = starts[by_name[position]] + 1
            return blob[begin : min(begin + size, blob.index(FIELD, begin))]

        everyone = range(len(by_name))
        return bisect_left(everyone, query, key=head), bisect_right(everyone, query, key=head)

    def _scan(self, needle: bytes, rank: int = 0) -> Iterator[int]:
        """The ranks from ``rank`` on of the products whose folded text holds ``needle``, in
        rank order, each once (the search goes on after the product it found). ``re``, not
        ``bytes.find``: its literal search skips ahead on the needle's first byte and stays
        near 2 ms through 5 MB where ``find`` took 3 to 9 ms for a two-letter miss
        (bench/search_bench.py)."""
        search = re.compile(re.escape(needle)).search
        starts, blob = self.starts, self.blob
        found = search(blob, starts[rank])
        while found is not None:
            rank = bisect_right(starts, found.start()) - 1
            yield rank
            found = search(blob, starts[rank + 1])

    def _starts_with(self, rank: int, query: bytes) -> bool:
        return self.blob.startswith(query, self.starts[rank] + 1)

    def _holds(self, rank: int, query: bytes) -> bool:
        return self.blob.find(query, self.starts[rank], self.starts[rank + 1]) != -1


class ListingIndex(CatalogIndex):
    """Every product, archived ones too, with what the products screen filters by (active,
    institution, category; all of them renew the catalog stamp), for its text filter: the
    products whose name, SKU or barcode contains the text (folded as above), in name and id
    order, as the screen lists them. At 100,000 products the SQL filter (``lower(...) LIKE``
    over three columns of every product of the institution, then sorting) took 230-310 ms a
    keystroke on the GUI thread; the index's scan and a page of rows by id take a few."""

    def __init__(
        self, stamp: int | None, rows: Iterable[tuple[int, str, str, str, bool, int, str]]
    ):
        """``rows``: (id, name, SKU, barcode or "", active, institution id, category) of
        every product, in id order (a cursor will do, as for :class:`CatalogIndex`)."""
        ids, names, skus, barcodes = array("q"), [], [], []
        active, institutions, categories = bytearray(), array("q"), []
        intern = sys.intern  # a few categories, repeated 100,000 times
        for product_id, name, sku, barcode, is_active, institution, category in rows:
            ids.append(product_id)
            names.append(name)
            skus.append(sku)
            barcodes.append(barcode)
            active.append(1 if is_active else 0)
            institutions.append(institution)
            categories.append(intern(category))
        order = self._arrange(stamp, ids, names, skus, barcodes)
        self.active = bytes(map(active.__getitem__, order))
        self.institution_ids = array("q", map(institutions.__getitem__, order))
        self.categories = list(map(categories.__getitem__, order))

    def listed_ids(
        self,
        text: str,
        *,
        institution_id: int | None = None,
        category: str | None = None,
        include_archived: bool = False,
    ) -> Iterator[int]:
        """The ids of the products matching ``text`` (not empty) and the filters, in name
        and id order, lazily."""
        active, institutions, categories, ids = (
            self.active,
            self.institution_ids,
            self.categories,
            self.ids,
        )
        for rank in self._scan(fold(text)):
            if not include_archived and not active[rank]:
                continue
            if institution_id is not None and institutions[rank] != institution_id:
                continue
            if category is not None and categories[rank] != category:
                continue
            yield ids[rank]


def read_stamp(session: Session) -> int | None:
    """The catalog stamp in ``session``'s snapshot; None when there is none yet (no product
    was ever written: the first one makes it) or it was deleted by hand."""
    stamp = session.connection().execute(_STAMP).scalar()
    return None if stamp is None else int(stamp)


def build_index(session: Session, stamp: int | None) -> CatalogIndex:
    """The index of the active products in ``session``'s snapshot (read on the driver
    connection, in the session's transaction: 100,000 rows without SQLAlchemy's per-row
    cost)."""
    cursor = driver_connection(session.connection()).execute(_ACTIVE_PRODUCTS)
    return CatalogIndex(stamp, cursor)


class _Slot:
    def __init__(self) -> None:
        self.lock = threading.Lock()  # one build at a time per database
        self.index: CatalogIndex | None = None
        self.listing: ListingIndex | None = None


_SLOTS: weakref.WeakKeyDictionary[Database, _Slot] = weakref.WeakKeyDictionary()
_SLOTS_LOCK = threading.Lock()


def _slot(db: Database) -> _Slot:
    with _SLOTS_LOCK:
        slot = _SLOTS.get(db)
        if slot is None:
            slot = _SLOTS[db] = _Slot()
        return slot


def current_index(db: Database, session: Session) -> CatalogIndex:
    """The index of ``db``'s catalog as ``session`` sees it: the one in memory when it was
    built at the stamp of this snapshot, else one built now from this snapshot (and kept for
    the next search). A database without a stamp row gets a new index every time."""
    stamp = read_stamp(session)
    slot = _slot(db)
    index = slot.index
    if stamp is not None and index is not None and index.stamp == stamp:
        return index
    with slot.lock:
        index = slot.index  # built by another thread while this one waited?
        if stamp is None or index is None or index.stamp != stamp:
            index = build_index(session, stamp)
            slot.index = index if stamp is not None else None
    return index


def prepare(db: Database) -> None:
    """Build ``db``'s index now if the catalog changed since it was built (a screen calls
    this off the GUI thread when it opens, so its first search finds the index ready)."""
    with db.read() as session:
        current_index(db, session)


def fresh_listing(db: Database, session: Session) -> ListingIndex | None:
    """The products screen's index of ``db`` when it was built at the stamp of this snapshot;
    None when it is not (never built here: the screen's list is read on the GUI thread, and a
    build takes ~0.8 s at 100,000 products; the screen asks :func:`prepare_listing` on a
    worker, and filters in SQL until it is ready)."""
    stamp = read_stamp(session)
    listing = _slot(db).listing
    if stamp is None or listing is None or listing.stamp != stamp:
        return None
    return listing


def prepare_listing(db: Database) -> None:
    """Build the products screen's index of ``db`` unless it is current (on a worker: a
    catalog changed by this screen, another till or an import is read again here)."""
    slot = _slot(db)
    with db.read() as session:
        stamp = read_stamp(session)
        if stamp is None:
            return  # no product was ever written: the SQL filter reads nothing
        with slot.lock:
            listing = slot.listing
            if listing is not None and listing.stamp == stamp:
                return
            cursor = driver_connection(session.connection()).execute(_LISTED_PRODUCTS)
            slot.listing = ListingIndex(stamp, cursor)
