"""Search as the cashier types: the same products as the SQL search it replaced, in the same
order, never from an old catalog (on SQLite and PostgreSQL).

Two references live here: the SQL search as it was (``sql_search``: the rule's definition for
Indonesian text), and the rule in plain Python (``rule_search``: any text, Unicode folded by
``str.casefold`` on both backends).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select, update

from bazaar_pos.catalog import lookup, search
from bazaar_pos.catalog import products as products_module
from bazaar_pos.catalog.lookup import search_products
from bazaar_pos.catalog.products import (
    ProductDraft,
    archive_product,
    list_products,
    save_product,
)
from bazaar_pos.db import Database
from bazaar_pos.db.migrate import alembic_config
from bazaar_pos.db.models import CatalogStamp, Institution, Product
from bazaar_pos.demo.event import seed_demo_event
from bench.search_bench import sql_search
from tests.conftest import outside_connection

# --- the references ------------------------------------------------------------------------


def rule_search(db: Database, text: str, limit: int = 30) -> list[int]:
    """The rule in plain Python: contained in the case-folded name, SKU or barcode; names
    starting with it first, then by name (code point order), then by id."""
    folded = text.strip().casefold()
    if not folded:
        return []
    with db.read() as session:
        products = session.execute(
            select(Product.id, Product.name, Product.sku, Product.barcode).where(
                Product.active.is_(True)
            )
        ).all()
    found = [
        (not name.casefold().startswith(folded), name, pid)
        for pid, name, sku, barcode in products
        if any(folded in value.casefold() for value in (name, sku, barcode or ""))
    ]
    return [pid for _starts, _name, pid in sorted(found)[:limit]]


def ids(db: Database, text: str) -> list[int]:
    return [product.id for product in search_products(db, text)]


# --- a generated catalogue -----------------------------------------------------------------

ASCII = "abcdeiklmnoprstuyBDKMST0123456789 -%_\\"
# Letters whose case Unicode folds (É/é, Ü/ü, Σ/σ/ς, ß → ss, İ → i̇) and one it does not (ı).
WIDER = ASCII + "éÉüÜñÑçÇßẞσΣςİı"


@dataclass(frozen=True)
class Draft:
    name: str
    sku: str
    barcode: str | None
    active: bool


def drafts(alphabet: str) -> st.SearchStrategy[list[Draft]]:
    text = st.text(alphabet=alphabet, min_size=1, max_size=14)
    barcode = st.none() | st.text(alphabet="0123456789", max_size=8)
    one = st.tuples(text, text, barcode, st.booleans())
    return st.lists(one, max_size=25).map(
        lambda rows: [
            Draft(
                name=name,
                sku=f"{sku}#{i}",  # unique
                barcode=None if barcode is None else f"{barcode}9{i:03d}",
                active=active,
            )
            for i, (name, sku, barcode, active) in enumerate(rows)
        ]
    )


def queries(catalogue: list[Draft], alphabet: str) -> st.SearchStrategy[str]:
    """Pieces of the catalogue's own text (in another case, with spaces around), or any
    text: most queries find something, some find nothing."""
    own = [value for draft in catalogue for value in (draft.name, draft.sku, draft.barcode or "")]
    anything = st.text(alphabet=alphabet, min_size=1, max_size=6)
    if not own:
        return anything

    def piece(value: str, start: int, size: int, case: int, pad: str) -> str:
        cut = value[start % max(1, len(value)) :][: max(1, size)]
        cut = (cut, cut.upper(), cut.lower(), cut.swapcase())[case]
        return pad + cut + pad

    pieces = st.builds(
        piece,
        st.sampled_from(own),
        st.integers(0, 20),
        st.integers(1, 6),
        st.integers(0, 3),
        st.sampled_from(["", " "]),
    )
    return st.one_of(pieces, pieces, anything)


@contextmanager
def added(db: Database, catalogue: list[Draft]) -> Iterator[list[int]]:
    """The catalogue added to the till's (demo products stay: part of the catalogue), then
    removed again."""
    with db.write() as session:
        institution = session.scalars(select(Institution.id).order_by(Institution.id)).first()
        made = [
            session.execute(
                insert(Product)
                .values(
                    sku=draft.sku,
                    barcode=draft.barcode,
                    name=draft.name,
                    price=1000,
                    institution_id=institution,
                    active=draft.active,
                )
                .returning(Product.id)
            ).scalar_one()
            for draft in catalogue
        ]
    try:
        yield made
    finally:
        with db.write() as session:
            session.execute(delete(Product).where(Product.id.in_(made)))


FOR_A_FEW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- the same results ----------------------------------------------------------------------


@FOR_A_FEW
@given(data=st.data(), catalogue=drafts(ASCII), sort_at_once=st.sampled_from([0, 2048]))
def test_search_finds_what_the_sql_search_found_letter_by_letter(
    db: Database, data: st.DataObject, catalogue: list[Draft], sort_at_once: int
) -> None:
    # Indonesian text (ASCII): the very products, in the very order, of the SQL search, for
    # every keystroke of a typed text (each one after the other, as a cashier types).
    # sort_at_once=0 takes the other way to the names starting with the text (the scan).
    typed = data.draw(queries(catalogue, ASCII))
    with added(db, catalogue), mock.patch.object(search, "SORT_AT_ONCE", sort_at_once):
        for end in range(1, len(typed) + 1):
            assert ids(db, typed[:end]) == sql_search(db, typed[:end]), repr(typed[:end])


@FOR_A_FEW
@given(data=st.data(), catalogue=drafts(WIDER))
def test_search_folds_every_letter_as_the_rule_says_on_both_backends(
    db: Database, data: st.DataObject, catalogue: list[Draft]
) -> None:
    typed = data.draw(queries(catalogue, WIDER))
    with added(db, catalogue):
        for end in range(1, len(typed) + 1):
            assert ids(db, typed[:end]) == rule_search(db, typed[:end]), repr(typed[:end])


@pytest.mark.postgresql_only("PostgreSQL's ILIKE folds accented letters too (C.UTF-8)")
def test_accented_names_are_found_as_postgresql_found_them(db: Database) -> None:
    catalogue = [
        Draft("Émail biru", "EM-1", None, True),
        Draft("émail hijau", "EM-2", None, True),
        Draft("Piring ÉMAIL", "EM-3", None, True),
        Draft("Kain tenun", "KT-é", None, True),
    ]
    with added(db, catalogue):
        for typed in ("é", "É", "émail", "ÉMAIL", "kt-É", "mail"):
            assert ids(db, typed) == sql_search(db, typed), typed


def test_an_accented_letter_finds_both_cases_on_every_backend(db: Database) -> None:
    # SQLite's SQL search found "Émail" for "É" but not for "é" (it folds ASCII only); the
    # index folds every letter, as PostgreSQL did.
    catalogue = [
        Draft("Émail biru", "EM-1", None, True),
        Draft("émail hijau", "EM-2", None, True),
        Draft("Tas Straße", "ST-1", None, True),
    ]
    with added(db, catalogue) as (blue, green, bag):
        assert ids(db, "é") == ids(db, "É") == [blue, green]  # both start with it: by name
        assert ids(db, "ÉMAIL BIRU") == [blue]
        assert ids(db, "strasse") == ids(db, "STRASSE") == [bag]  # casefold: ß is ss


def test_names_starting_with_the_text_come_first_then_by_name_then_by_id(db: Database) -> None:
    catalogue = [
        Draft("Tas qobar", "ZZ-1", None, True),
        Draft("qobek kecil", "ZZ-2", None, True),
        Draft("Qobek", "ZZ-3", None, True),
        Draft("Qobek", "ZZ-4", None, True),
        Draft("Piring", "ZZ-QOB", None, True),
    ]
    with added(db, catalogue) as (bag, small, first, second, plate):
        # Starting with "qob": "Qobek" twice (the older first), "qobek kecil" (capitals
        # sort first, as SQLite's ORDER BY name); then those holding it: "Piring" (its SKU)
        # before "Tas qobar".
        assert ids(db, "qob") == [first, second, small, plate, bag]


def test_wildcards_and_backslashes_are_plain_characters(db: Database) -> None:
    catalogue = [
        Draft("Diskon 50% kain", "DS-1", None, True),
        Draft("kain_batik", "DS-2", None, True),
        Draft("Kain\\tenun", "DS-3", None, True),
        Draft("Kain 50 meter", "DS-4", None, True),
    ]
    with added(db, catalogue) as (percent, underscore, backslash, _plain):
        assert ids(db, "50%") == [percent]
        assert ids(db, "%") == [percent]
        assert ids(db, "n_b") == [underscore]
        assert ids(db, "_") == [underscore]
        assert ids(db, "\\") == [backslash]
        assert ids(db, "n\\t") == [backslash]


def test_control_characters_in_the_catalog_are_plain_characters_too(db: Database) -> None:
    # The index joins the columns with stand-in characters (\x00, \x01) before folding; a
    # value holding one is folded on its own and cannot split or merge products.
    catalogue = [
        Draft("Tas\x01qoyaman", "CT-1", None, True),
        Draft("Tas qoyaman", "CT-2", None, True),
    ]
    with added(db, catalogue) as (odd, plain):
        assert ids(db, "tas\x01qoy") == [odd]
        assert ids(db, "tas qoyaman") == [plain]
        assert ids(db, "qoyaman") == [odd, plain]  # by name: "\x01" sorts before " "
        assert ids(db, "qoyaman") == rule_search(db, "qoyaman")


@pytest.mark.sqlite_only("PostgreSQL cannot store the NUL character")
def test_a_nul_in_a_name_neither_splits_nor_merges_products(db: Database) -> None:
    catalogue = [Draft("Qelas\x00qaca", "NUL-1", None, True), Draft("qaca", "NUL-2", None, True)]
    with added(db, catalogue) as (odd, plain):
        assert ids(db, "qaca") == rule_search(db, "qaca")
        assert set(ids(db, "qaca")) >= {odd, plain}
        assert ids(db, "s\x00q") == [odd]
        assert ids(db, "qelas") == [odd]


def test_archived_products_and_blank_text_find_nothing(db: Database) -> None:
    catalogue = [Draft("Lampion kertas", "LP-1", "4242", False)]
    with added(db, catalogue):
        assert ids(db, "lampion") == []
        assert ids(db, "LP-1") == []
        assert ids(db, "4242") == []
    assert ids(db, "") == ids(db, "   ") == []


def test_sku_and_barcode_fragments_are_found_anywhere_in_them(db: Database) -> None:
    catalogue = [Draft("Gelang manik", "BNA-GLM-7731", "8991234567", True)]
    with added(db, catalogue) as (bracelet,):
        assert ids(db, "glm-77") == [bracelet]
        assert ids(db, "2345") == [bracelet]


def test_a_product_the_shown_rows_leave_out_is_replaced_by_the_next_match(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What may be sold is _PRODUCT_INFO's to say (read through active_products): when it
    # leaves a candidate out, the list is still filled up to the limit, in rank order.
    catalogue = [Draft(f"Qipas bambu {i:02d}", f"QP-{i}", None, True) for i in range(8)]
    real = lookup.active_products
    with added(db, catalogue) as made:
        left_out = {made[1], made[4]}

        def without(session: object, product_ids: object) -> dict[int, lookup.ProductInfo]:
            found = real(session, product_ids)  # type: ignore[arg-type]
            return {pid: info for pid, info in found.items() if pid not in left_out}

        monkeypatch.setattr(lookup, "active_products", without)
        assert [p.id for p in search_products(db, "qipas", limit=3)] == [
            made[0],
            made[2],
            made[3],
        ]
        assert [p.id for p in search_products(db, "qipas", limit=10)] == [
            pid for pid in made if pid not in left_out
        ]


def test_the_shown_rows_are_read_as_a_scan_reads_them(db: Database) -> None:
    talenan = search_products(db, "Talenan kayu jati")[0]
    assert talenan == lookup.find_by_code(db, talenan.sku)


# --- never stale ---------------------------------------------------------------------------


def test_a_rename_by_another_connection_is_found_at_the_next_search(db: Database) -> None:
    assert ids(db, "wedang") == []
    before = ids(db, "kopi hitam")
    assert len(before) == 1
    with outside_connection(db) as other:
        other.execute("UPDATE products SET name = ? WHERE id = ?", ("Wedang jahe", before[0]))
    assert ids(db, "wedang") == before
    assert ids(db, "kopi hitam") == []


def test_products_added_or_archived_by_another_connection_are_seen_at_once(
    db: Database,
) -> None:
    kept = ids(db, "talenan")
    with outside_connection(db) as other:
        institution = other.execute("SELECT id FROM institutions ORDER BY id").fetchone()[0]
        other.execute(
            "INSERT INTO products (uuid, sku, name, unit, price, category, institution_id, "
            "track_stock, active) VALUES (?, ?, ?, 'pcs', 1000, '', ?, ?, ?)",
            (
                "0190c0de-0000-7000-8000-000000000001",
                "TL-NEW",
                "Talenan baru",
                institution,
                True,
                True,
            ),
        )
        other.execute("UPDATE products SET active = ? WHERE id = ?", (False, kept[0]))
    found = search_products(db, "talenan")
    assert [p.name for p in found if p.sku == "TL-NEW"] == ["Talenan baru"]
    assert kept[0] not in [p.id for p in found]


def test_a_change_through_another_database_object_is_seen(db: Database) -> None:
    # Another till on the same file or server: its own engine, its own pool.
    first = ids(db, "asbak")[0]
    other = Database(db.url, anonymous_setup=True)
    try:
        archive_product(other, first)
    finally:
        other.dispose()
    assert first not in ids(db, "asbak")


def test_a_price_change_keeps_the_index_and_shows_the_new_price(db: Database) -> None:
    product = search_products(db, "besek bambu kecil")[0]
    with db.read() as session:
        index = search.current_index(db, session)
    with outside_connection(db) as other:
        other.execute("UPDATE products SET price = ? WHERE id = ?", (175, product.id))
    assert search_products(db, "besek bambu kecil")[0].price == 175
    with db.read() as session:
        assert search.current_index(db, session) is index  # price is not searched: kept


def test_the_service_renaming_a_product_is_found_at_the_next_search(db: Database) -> None:
    product = search_products(db, "asbak")[0]
    with db.read() as session:
        record = session.get(Product, product.id)
        assert record is not None
        draft = ProductDraft(
            id=record.id,
            sku=record.sku,
            barcode=record.barcode,
            name="Tempat abu kayu",
            price=record.price,
            institution_id=record.institution_id,
            workshop_id=record.workshop_id,
        )
    save_product(db, draft)
    assert product.id in ids(db, "tempat abu")
    assert product.id not in ids(db, "asbak")


def test_searches_from_many_threads_agree_while_the_catalog_changes(db: Database) -> None:
    # The index is shared by the screens' worker threads: a search racing a rebuild answers
    # from one catalog or the other (its own snapshot), never a mix, never an error.
    toggled = ids(db, "kayu")[0]

    def rename(name: str) -> None:
        with db.write() as session:
            session.execute(update(Product).where(Product.id == toggled).values(name=name))

    with db.read() as session:
        name = session.execute(select(Product.name).where(Product.id == toggled)).scalar_one()
    with_kayu = sql_search(db, "kayu")
    rename(name.replace("kayu", "jati"))
    without_kayu = sql_search(db, "kayu")
    assert with_kayu != without_kayu
    errors: list[BaseException] = []

    def searching() -> None:
        try:
            for _ in range(20):
                assert ids(db, "kayu") in (with_kayu, without_kayu)
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=searching) for _ in range(3)]
    for thread in threads:
        thread.start()
    for i in range(6):
        rename(name if i % 2 == 0 else name.replace("kayu", "jati"))
    rename(name)
    for thread in threads:
        thread.join()
    assert errors == []
    assert ids(db, "kayu") == with_kayu


def test_a_price_change_leaves_the_stamp_and_a_rename_renews_it(db: Database) -> None:
    def stamp() -> int:
        with db.read() as session:
            return int(session.execute(select(CatalogStamp.stamp)).scalar_one())

    before = stamp()
    with db.write() as session:
        session.execute(update(Product).where(Product.sku == "BNA-BES-001").values(price=150))
    assert stamp() == before
    with db.write() as session:
        session.execute(update(Product).where(Product.sku == "BNA-BES-001").values(name="Besek"))
    assert stamp() != before


def stamps(db: Database) -> list[int]:
    with db.read() as session:
        return [int(stamp) for stamp in session.scalars(select(CatalogStamp.stamp))]


def test_a_new_database_gets_its_stamp_with_its_first_product(
    database_url: Callable[[str], str],
) -> None:
    fresh = Database.open(database_url("fresh.sqlite3"), anonymous_setup=True)
    try:
        assert stamps(fresh) == []  # an empty database stays without rows
        assert ids(fresh, "talenan") == []
        seed_demo_event(fresh)
        assert len(stamps(fresh)) == 1
        assert ids(fresh, "talenan") == sql_search(fresh, "talenan") != []
    finally:
        fresh.dispose()


def test_a_catalog_from_before_the_stamp_gets_one_when_upgraded(
    database_url: Callable[[str], str],
) -> None:
    from alembic import command

    url = database_url("old.sqlite3")
    old = Database(url, anonymous_setup=True)
    config = alembic_config()
    with old.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007_device")
    with old.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO institutions (id, uuid, code, name, kind, number) "
            "VALUES (1, 'i-1', 'BPN', 'Rutan', 'Rutan', 1)"
        )
        connection.exec_driver_sql(
            "INSERT INTO products (id, uuid, sku, name, unit, price, category, institution_id, "
            "track_stock, active) VALUES (1, 'p-1', 'BPN-1', 'Talenan', 'buah', 45000, '', 1, "
            "TRUE, TRUE)"
        )
    old.dispose()
    upgraded = Database.open(url, anonymous_setup=True)
    try:
        assert len(stamps(upgraded)) == 1
        assert ids(upgraded, "talen") == [1]
    finally:
        upgraded.dispose()


@pytest.mark.postgresql_only("the stamp's row lock and deferred trigger are PostgreSQL's")
def test_a_catalog_change_locks_the_stamp_only_at_its_commit(db: Database) -> None:
    # A merge renames products for minutes in one transaction: the stamp row must stay free
    # meanwhile (a writer waiting for it would hold the write lock and stop every till).
    import psycopg

    url = db.engine.url

    def connect(autocommit: bool = False) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            password=url.password,
            dbname=url.database,
            autocommit=autocommit,
        )

    with connect() as job, connect(autocommit=True) as other:
        before = other.execute("SELECT stamp FROM catalog_stamp").fetchone()
        job.execute("UPDATE products SET name = name || ' baru'")  # every product
        other.execute("SELECT stamp FROM catalog_stamp FOR UPDATE NOWAIT")  # not locked
        job.commit()
        after = other.execute("SELECT stamp FROM catalog_stamp").fetchone()
    assert after != before


# --- the products screen's index -----------------------------------------------------------


def listed(db: Database, text: str, **filters: object) -> list[int]:
    return [product.id for product in list_products(db, text=text, **filters)]  # type: ignore[arg-type]


@contextmanager
def sql_filter_only() -> Iterator[None]:
    """list_products as if the screen's index were not ready: its SQL filter."""
    with mock.patch.object(products_module, "fresh_listing", lambda _db, _session: None):
        yield


@FOR_A_FEW
@given(data=st.data(), catalogue=drafts(ASCII), include_archived=st.booleans())
def test_the_products_screen_index_lists_what_its_sql_filter_lists(
    db: Database, data: st.DataObject, catalogue: list[Draft], include_archived: bool
) -> None:
    # Indonesian text (ASCII): the very products, in the very order (name, then id), archived
    # ones too when asked, for every keystroke of a typed text.
    typed = data.draw(queries(catalogue, ASCII))
    with added(db, catalogue):
        search.prepare_listing(db)
        with db.read() as session:
            assert search.fresh_listing(db, session) is not None
        for end in range(1, len(typed) + 1):
            text = typed[:end]
            with sql_filter_only():
                expected = listed(db, text, include_archived=include_archived)
            assert listed(db, text, include_archived=include_archived) == expected, repr(text)


def test_the_index_filters_by_institution_and_category_as_the_sql_filter(db: Database) -> None:
    search.prepare_listing(db)
    with db.read() as session:
        institutions = session.scalars(select(Institution.id)).all()
        categories = session.scalars(select(Product.category).distinct()).all()
    assert len(institutions) > 1 and len(categories) > 1  # the demo catalogue
    for text in ("a", "ka", "BLA", "00", "motif", "zz"):
        for institution_id in (None, *institutions):
            for category in (None, "", *categories):
                filters = {"institution_id": institution_id, "category": category}
                with sql_filter_only():
                    expected = listed(db, text, **filters)
                assert listed(db, text, **filters) == expected, (text, filters)
                assert listed(db, text, limit=2, **filters) == expected[:2]


def test_a_category_changed_elsewhere_is_filtered_by_at_once(db: Database) -> None:
    """Category is watched by the stamp too: the screen's index is not used once it is old
    (the SQL filter answers), and the next build has the change."""
    search.prepare_listing(db)
    with outside_connection(db) as connection:
        connection.execute(
            "UPDATE products SET category = ? WHERE sku = ?", ("Baru", "BNA-BES-001")
        )
    with db.read() as session:
        assert search.fresh_listing(db, session) is None
    (besek,) = list_products(db, text="BNA-BES-001", category="Baru")
    search.prepare_listing(db)
    with db.read() as session:
        assert search.fresh_listing(db, session) is not None
    assert list_products(db, text="BNA-BES-001", category="Baru") == [besek]
    assert list_products(db, text="BNA-BES-001", category="") == []
