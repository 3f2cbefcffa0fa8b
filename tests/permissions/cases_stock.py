"""The stock ledger, counts, the variance report and returns to institutions.

:func:`prepare` adds to the template what the cases act on: BPN counted at closing and handed
over (a handover to read), BLA counted at closing (ready to return) and an open spot count of
BNA (to count, post or discard).
"""

from __future__ import annotations

from sqlalchemy import select

from bazaar_pos.db import Database
from bazaar_pos.db.models import (
    CountKind,
    CountSession,
    CountStatus,
    Handover,
    Institution,
    MovementKind,
    StockMovement,
)
from bazaar_pos.people.access import Action, Actor
from bazaar_pos.settings import load_settings
from bazaar_pos.stock import counts, ledger, returns, variance
from tests.permissions.world import Case, World
from tests.sync.support import BESEK, line


def _event_id(db: Database) -> int:
    event_id = load_settings(db).current_event_id
    assert event_id is not None
    return event_id


def _institution(db: Database, code: str) -> int:
    with db.read() as session:
        found = session.scalar(select(Institution.id).where(Institution.code == code))
    assert found is not None
    return found


def prepare(db: Database, admin: Actor) -> None:
    event_id = _event_id(db)
    for code in ("BPN", "BLA"):
        closing = counts.start_count(
            db, admin, event_id, CountKind.CLOSING, institution_id=_institution(db, code)
        )
        counts.post_count(db, admin, closing.id)
    returns.return_to_institution(
        db, admin, event_id, _institution(db, "BPN"), received_by="Pak Joko (Rutan Balikpapan)"
    )
    counts.start_count(db, admin, event_id, CountKind.SPOT, institution_id=_institution(db, "BNA"))


def open_count_id(db: Database) -> int:
    with db.read() as session:
        found = session.scalar(
            select(CountSession.id).where(CountSession.status == CountStatus.OPEN.value)
        )
    assert found is not None
    return found


def _product_id(world: World) -> int:
    return line(world.db, BESEK, 1).product_id


def _arrival_id(world: World) -> int:
    with world.db.read() as session:
        found = session.scalar(
            select(StockMovement.id)
            .where(StockMovement.kind == MovementKind.ARRIVAL.value)
            .order_by(StockMovement.id)
        )
    assert found is not None
    return found


def _handover_id(world: World) -> int:
    with world.db.read() as session:
        found = session.scalar(select(Handover.id))
    assert found is not None
    return found


def _list_movements(world: World, actor: Actor) -> object:
    return ledger.list_movements(world.db, actor, event_id=_event_id(world.db))


def _record_arrivals(world: World, actor: Actor) -> object:
    return ledger.record_arrivals(world.db, actor, _event_id(world.db), {_product_id(world): 10})


def _record_damage(world: World, actor: Actor) -> object:
    return ledger.record_damage(
        world.db, actor, _event_id(world.db), _product_id(world), 1, reason="pecah"
    )


def _reverse_arrival(world: World, actor: Actor) -> object:
    return ledger.reverse_movement(world.db, actor, _arrival_id(world), reason="salah ketik")


def _start_count(world: World, actor: Actor) -> object:
    return counts.start_count(
        world.db,
        actor,
        _event_id(world.db),
        CountKind.SPOT,
        institution_id=_institution(world.db, "BLA"),
    )


def _set_counted(world: World, actor: Actor) -> object:
    return counts.set_counted(world.db, actor, open_count_id(world.db), _product_id(world), 3)


def _count_scan(world: World, actor: Actor) -> object:
    return counts.count_scan(world.db, actor, open_count_id(world.db), BESEK, 2)


def _count_sheet(world: World, actor: Actor) -> object:
    return counts.count_sheet(world.db, actor, open_count_id(world.db))


def _list_counts(world: World, actor: Actor) -> object:
    return counts.list_counts(world.db, actor, _event_id(world.db))


def _get_count(world: World, actor: Actor) -> object:
    return counts.get_count(world.db, actor, open_count_id(world.db))


def _open_count_for_event(world: World, actor: Actor) -> object:
    return counts.open_count_for_event(world.db, actor, _event_id(world.db))


def _post_count(world: World, actor: Actor) -> object:
    return counts.post_count(world.db, actor, open_count_id(world.db), uncounted_as_zero=True)


def _discard_count(world: World, actor: Actor) -> object:
    return counts.discard_count(world.db, actor, open_count_id(world.db))


def _variance_report(world: World, actor: Actor) -> object:
    return variance.variance_report(world.db, actor, _event_id(world.db))


def _return_proposal(world: World, actor: Actor) -> object:
    return returns.return_proposal(
        world.db, actor, _event_id(world.db), _institution(world.db, "BLA")
    )


def _return_goods(world: World, actor: Actor) -> object:
    return returns.return_to_institution(
        world.db,
        actor,
        _event_id(world.db),
        _institution(world.db, "BLA"),
        received_by="Bu Sri (Rutan Blora)",
    )


def _handover_document(world: World, actor: Actor) -> object:
    return returns.handover_document(world.db, actor, _handover_id(world))


def _list_handovers(world: World, actor: Actor) -> object:
    return returns.list_handovers(world.db, actor, _event_id(world.db))


CASES = [
    Case(Action.VIEW_STOCK, "stock.ledger.list_movements", _list_movements),
    Case(Action.RECORD_ARRIVALS, "stock.ledger.record_arrivals", _record_arrivals),
    Case(Action.RECORD_DAMAGE, "stock.ledger.record_damage", _record_damage),
    Case(Action.REVERSE_MOVEMENT, "stock.ledger.reverse_movement", _reverse_arrival),
    Case(Action.START_COUNT, "stock.counts.start_count", _start_count),
    Case(Action.ENTER_COUNT, "stock.counts.set_counted", _set_counted),
    Case(Action.ENTER_COUNT, "stock.counts.count_scan", _count_scan),
    Case(Action.ENTER_COUNT, "stock.counts.count_sheet", _count_sheet),
    Case(Action.ENTER_COUNT, "stock.counts.list_counts", _list_counts),
    Case(Action.ENTER_COUNT, "stock.counts.get_count", _get_count),
    Case(Action.ENTER_COUNT, "stock.counts.open_count_for_event", _open_count_for_event),
    Case(Action.POST_COUNT, "stock.counts.post_count", _post_count),
    Case(Action.DISCARD_COUNT, "stock.counts.discard_count", _discard_count),
    Case(Action.VIEW_VARIANCE, "stock.variance.variance_report", _variance_report),
    Case(Action.RETURN_GOODS, "stock.returns.return_proposal", _return_proposal),
    Case(Action.RETURN_GOODS, "stock.returns.return_to_institution", _return_goods),
    Case(Action.RETURN_GOODS, "stock.returns.handover_document", _handover_document),
    Case(Action.RETURN_GOODS, "stock.returns.list_handovers", _list_handovers),
]
