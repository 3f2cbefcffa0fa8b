"""Helpers shared by the sale screen's UI tests: a logged-in screen and a supervisor's PIN."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bazaar_pos.db import Database
from bazaar_pos.people import users
from bazaar_pos.people.access import Actor, Approval, ApprovalAction
from bazaar_pos.settings import load_settings
from bazaar_pos.startup import Till
from bazaar_pos.ui.people import login_dialog
from bazaar_pos.ui.till.sale_screen import SaleScreen
from tests.conftest import Staff

# From assets/demo_catalog.csv
KOPI_HITAM = "2001000000098"  # Rp 8.000, café drink: no stock
TALENAN = "2003000000030"  # Rp 45.000, tracked
BESEK = "2002000000019"  # Rp 125, tracked, 2.000 in stock
KAPSTOK = "BLA-KYU-004"  # Rp 75.000
RAK_SEPATU = "BLA-KYU-005"  # Rp 275.000, 4 in stock


def scan(qtbot: QtBot, screen: SaleScreen, text: str) -> None:
    """Type like a USB scanner does: the characters, then Enter."""
    qtbot.keyClicks(screen.scan_edit, text)
    qtbot.keyClick(screen.scan_edit, Qt.Key.Key_Return)


def sale_screen_for(qtbot: QtBot, till: Till, actor: Actor | None) -> SaleScreen:
    screen = SaleScreen(till, load_settings(till.db))
    qtbot.addWidget(screen)
    screen.set_actor(actor)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


@dataclass
class ApprovalDesk:
    """Stands in for the PIN dialog: records what was asked; the supervisor types their PIN
    (a real ``users.approve``: a grant bound to what the screen asked) unless told to refuse."""

    db: Database
    staff: Staff
    refuse: bool = False
    asked: list[dict[str, object]] = field(default_factory=list)

    def __call__(
        self,
        parent: object,
        db: Database,
        till_code: str,
        *,
        action: ApprovalAction,
        subject: str,
        amount: int | None,
        description: str,
        minimum_role: str,
        requested_by: Actor | None,
    ) -> Approval | None:
        self.asked.append(
            {
                "action": action,
                "subject": subject,
                "amount": amount,
                "description": description,
                "minimum_role": minimum_role,
                "requested_by": requested_by,
            }
        )
        if self.refuse:
            return None
        approver = self.staff.supervisor if minimum_role != "admin" else self.staff.admin
        return users.approve(
            db,
            approver.username,
            self.staff.pins[approver.username],
            action=action,
            subject=subject,
            amount=amount,
            till_code=till_code,
            minimum_role=minimum_role,
            requested_by=requested_by,
            description=description,
        )


def approval_desk(monkeypatch: pytest.MonkeyPatch, db: Database, staff: Staff) -> ApprovalDesk:
    desk = ApprovalDesk(db, staff)
    monkeypatch.setattr(login_dialog, "ask_approval", desk)
    return desk
