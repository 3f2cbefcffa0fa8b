"""``bazaar-pos audit export`` and ``bazaar-pos users create-admin``: headless, through the
same services as the screens."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import pytest

from bazaar_pos.cli.commands import main
from bazaar_pos.db.models import Role
from bazaar_pos.people.audit import AuditAction, AuditRecord, list_audit, log_action
from bazaar_pos.people.audit_csv import AUDIT_CSV_COLUMNS, read_audit_csv
from bazaar_pos.people.users import list_users, login
from bazaar_pos.startup import open_till

BAZAAR_DAY = dt.date(2026, 4, 27)


def local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour).astimezone()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A till's data folder whose log has one entry on each of three days."""
    folder = tmp_path / "till"
    till = open_till(folder, seed_demo=True, anonymous_setup=True)
    try:
        with till.db.write() as session:
            for offset, action, subject in (
                (-1, AuditAction.LOGIN, "kasir"),
                (0, AuditAction.REFUND, "BPN1-000012"),
                (1, AuditAction.SHIFT_CLOSED, "Z-0003"),
            ):
                log_action(
                    session,
                    action,
                    till_code="BPN1",
                    user_name="Bu Ratna (Kasubsi)",
                    subject=subject,
                    detail="=1+1" if action == AuditAction.REFUND else "",
                    amount=45_000 if action == AuditAction.REFUND else None,
                    at=local(BAZAAR_DAY + dt.timedelta(days=offset), 10),
                )
    finally:
        till.db.dispose()
    return folder


def log_of(data_dir: Path) -> list[AuditRecord]:
    till = open_till(data_dir, seed_demo=False, anonymous_setup=True)
    try:
        return list_audit(till.db, limit=None)
    finally:
        till.db.dispose()


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


# ------------------------------------------------------------------------------ audit export


def test_export_everything(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "audit.csv"
    assert run(data_dir, "audit", "export", str(target)) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (f"{target}: exported 3 audit log entries\n", "")
    exported = read_audit_csv(target)
    assert exported == log_of(data_dir)
    assert [r.subject for r in exported] == ["Z-0003", "BPN1-000012", "kasir"]  # newest first
    assert exported[1].detail == "=1+1"  # neutralised in the file, exact when read back
    assert "'=1+1" in target.read_text(encoding="utf-8-sig")


def test_export_of_chosen_days(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "hari.csv"
    day = BAZAAR_DAY.isoformat()
    assert run(data_dir, "audit", "export", str(target), "--since", day, "--until", day) == 0
    assert capsys.readouterr().out == f"{target}: exported 1 audit log entry\n"
    (only,) = read_audit_csv(target)
    assert (only.action, only.subject, only.amount) == ("refund", "BPN1-000012", 45_000)

    assert run(data_dir, "audit", "export", str(target), "--since", day) == 0
    assert [r.subject for r in read_audit_csv(target)] == ["Z-0003", "BPN1-000012"]
    assert run(data_dir, "audit", "export", str(target), "--until", day) == 0
    assert [r.subject for r in read_audit_csv(target)] == ["BPN1-000012", "kasir"]
    assert run(data_dir, "audit", "export", str(target), "--since", "2026-05-01") == 0
    assert capsys.readouterr().out.endswith("exported 0 audit log entries\n")
    assert target.read_bytes() == ("\ufeff" + ",".join(AUDIT_CSV_COLUMNS) + "\r\n").encode()


def test_days_in_the_wrong_order_or_not_dates_are_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "audit.csv"
    args = ["audit", "export", str(target), "--since", "2026-04-28", "--until", "2026-04-27"]
    assert run(data_dir, *args) == 2
    assert capsys.readouterr().err == (
        "bazaar-pos: --since 2026-04-28 is after --until 2026-04-27\n"
    )
    with pytest.raises(SystemExit) as stopped:
        run(data_dir, "audit", "export", str(target), "--since", "27-04-2026")
    assert stopped.value.code == 2
    assert "'27-04-2026' is not a date YYYY-MM-DD" in capsys.readouterr().err
    assert not target.exists()


def test_an_unwritable_file_is_told(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    assert run(data_dir, "audit", "export", str(blocked / "audit.csv")) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"bazaar-pos: {blocked / 'audit.csv'}: ")


# -------------------------------------------------------------------------- users create-admin


def typed_pins(monkeypatch: pytest.MonkeyPatch, *pins: str) -> list[str]:
    """Replace getpass: each call returns the next PIN; the prompts are recorded."""
    prompts: list[str] = []
    answers = iter(pins)

    def fake_getpass(prompt: str = "Password: ", stream: object = None) -> str:
        prompts.append(prompt)
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    return prompts


def test_create_admin_on_a_till_without_users(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts = typed_pins(monkeypatch, "135790", "135790")
    assert (
        run(data_dir, "users", "create-admin", "--username", "Admin", "--name", "Admin Rutan") == 0
    )
    out, err = capsys.readouterr()
    assert (out, err) == ("created admin admin (Admin Rutan)\n", "")
    assert prompts == ["PIN (4-8 digits): ", "PIN again: "]
    assert "135790" not in out + err

    till = open_till(data_dir, seed_demo=False, anonymous_setup=True)
    try:
        (user,) = list_users(till.db)
        assert (user.username, user.full_name, user.role, user.active) == (
            "admin",
            "Admin Rutan",
            Role.ADMIN,
            True,
        )
        actor = login(till.db, "admin", "135790", till_code="BPN1")
        assert actor.role == Role.ADMIN
        created = list_audit(till.db, actions=[AuditAction.USER_CREATED])
        assert [(r.subject, r.user_name) for r in created] == [("admin", "Admin Rutan")]
        assert all("135790" not in r.detail for r in list_audit(till.db, limit=None))
    finally:
        till.db.dispose()


def test_create_admin_is_refused_once_there_are_users(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed_pins(monkeypatch, "135790", "135790")
    assert run(data_dir, "users", "create-admin", "--username", "admin", "--name", "Admin") == 0
    capsys.readouterr()
    prompts = typed_pins(monkeypatch, "246802", "246802")
    assert run(data_dir, "users", "create-admin", "--username", "boss", "--name", "Boss") == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "bazaar-pos: users already exist: the first admin was created before; no user created\n"
    )
    assert prompts == []  # refused before anyone typed a PIN


@pytest.mark.parametrize(
    ("pins", "told"),
    [
        (("1357", "7531"), "the two PINs differ"),
        (("12", "12"), "a PIN is 4 to 8 digits"),
        (("12345abc", "12345abc"), "a PIN is 4 to 8 digits"),
        (("1357",), "no PIN given"),
    ],
)
def test_create_admin_with_a_bad_pin_creates_nobody(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pins: tuple[str, ...],
    told: str,
) -> None:
    typed_pins(monkeypatch, *pins)
    assert run(data_dir, "users", "create-admin", "--username", "admin", "--name", "Admin") == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"bazaar-pos: {told}; no user created\n"
    assert all(pin not in err for pin in pins)
    till = open_till(data_dir, seed_demo=False, anonymous_setup=True)
    try:
        assert list_users(till.db) == []
    finally:
        till.db.dispose()


def test_create_admin_with_a_bad_username(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed_pins(monkeypatch, "135790", "135790")
    assert run(data_dir, "users", "create-admin", "--username", "a b", "--name", "Admin") == 1
    assert capsys.readouterr().err == (
        "bazaar-pos: invalid username 'a b': format; no user created\n"
    )
