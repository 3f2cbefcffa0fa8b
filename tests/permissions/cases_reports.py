"""The office's reports and the audit export."""

from __future__ import annotations

from bazaar_pos.people.access import Action, Actor
from bazaar_pos.people.audit_view import export_audit
from bazaar_pos.reports.event_report import end_of_event_report
from bazaar_pos.reports.sales import ReportScope, sales_report
from bazaar_pos.settings import load_settings
from tests.permissions.world import Case, World


def _event_id(world: World) -> int:
    event_id = load_settings(world.db).current_event_id
    assert event_id is not None
    return event_id


def _sales_report(world: World, actor: Actor) -> object:
    return sales_report(world.db, actor, ReportScope(event_id=_event_id(world)))


def _event_report(world: World, actor: Actor) -> object:
    return end_of_event_report(world.db, actor, _event_id(world))


def _export_audit(world: World, actor: Actor) -> object:
    return export_audit(world.db, actor, world.tmp / "audit.csv")


CASES = [
    Case(Action.VIEW_REPORTS, "reports.sales.sales_report", _sales_report),
    Case(Action.VIEW_REPORTS, "reports.event_report.end_of_event_report", _event_report),
    Case(Action.VIEW_AUDIT, "people.audit_view.export_audit", _export_audit),
]
