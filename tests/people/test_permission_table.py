"""The permission table: complete, deny by default, and the README's matrix is the code's."""

from __future__ import annotations

import re
from pathlib import Path

from bazaar_pos.db.models import Role
from bazaar_pos.people.access import PERMISSIONS, Action, may

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| `(?P<action>[a-z_]+)` \| [^|]+ \| (?P<marks>[✓—] \| [✓—] \| [✓—]) \|$")


def test_every_action_has_a_lowest_role() -> None:
    assert set(PERMISSIONS) == set(Action)


def test_an_action_missing_from_the_table_is_refused_to_everybody() -> None:
    assert not may(Role.ADMIN, "not_an_action")  # type: ignore[arg-type]


def test_each_role_may_do_what_the_roles_below_it_may() -> None:
    for action in Action:
        allowed = [may(role, action) for role in (Role.CASHIER, Role.SUPERVISOR, Role.ADMIN)]
        assert allowed == sorted(allowed), action


def test_the_readme_matrix_is_the_table() -> None:
    rows = {
        match["action"]: match["marks"].split(" | ")
        for line in README.read_text(encoding="utf-8").splitlines()
        if (match := ROW.match(line))
    }
    expected = {
        action.value: ["✓" if may(role, action) else "—" for role in Role] for action in Action
    }
    assert rows == expected
