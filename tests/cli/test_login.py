"""The command line is a till like the screens: on a database with users, ``--user`` and the
PIN (asked, or ``BAZAAR_POS_PIN``), the role checked by the services, one line and exit
status 3 when refused, nothing written; ``receipt`` writes marked copies beside the original;
``demo`` refuses a till in use."""

from __future__ import annotations

import getpass
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bazaar_pos.cli.commands import main
from bazaar_pos.cli.login import NOT_ALLOWED, PIN_VARIABLE
from bazaar_pos.db import Database
from bazaar_pos.db.models import LoginSession, Product, Role, Sale, User
from bazaar_pos.paths import database_path, receipts_dir
from bazaar_pos.people.audit import AuditAction, list_audit
from bazaar_pos.startup import open_till
from tests.conftest import add_user

BESEK = "BNA-BES-001"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A till with two demo sales (rung up before anyone had an account) and three users."""
    folder = tmp_path / "till"
    assert main(["--data-dir", str(folder), "demo", "--sales", "2"]) == 0
    till = open_till(folder, anonymous_setup=True)
    try:
        add_user(till.db, "admin", "Admin Rutan", Role.ADMIN)
        add_user(till.db, "spv", "Bu Ratna (Kasubsi)", Role.SUPERVISOR)
        add_user(till.db, "kasir", "Siti Aminah", Role.CASHIER)
    finally:
        till.db.dispose()
    return folder


def _db(data_dir: Path) -> Database:
    return Database(f"sqlite:///{database_path(data_dir)}", anonymous_setup=True)


def _price(data_dir: Path, sku: str = BESEK) -> int:
    db = _db(data_dir)
    try:
        with db.read() as session:
            return int(session.scalar(select(Product.price).where(Product.sku == sku)) or 0)
    finally:
        db.dispose()


def _entries(data_dir: Path, action: AuditAction) -> list[str]:
    db = _db(data_dir)
    try:
        return [f"{e.user_name}: {e.subject}: {e.detail}" for e in list_audit(db, actions=[action])]
    finally:
        db.dispose()


def _price_file(tmp_path: Path) -> Path:
    path = tmp_path / "harga.csv"
    path.write_text(f"sku,name,price,institution\n{BESEK},Besek bambu,1,BNA\n", encoding="utf-8")
    return path


def _import(data_dir: Path, path: Path, *user: str) -> int:
    return main(["--data-dir", str(data_dir), "catalog", "import", str(path), *user])


# --- login ---------------------------------------------------------------------------------


def test_a_till_with_users_refuses_a_command_without_user(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _price(data_dir)
    assert _import(data_dir, _price_file(tmp_path)) == NOT_ALLOWED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "give --user USERNAME" in err
    assert _price(data_dir) == before


def test_a_cashier_cannot_import_a_catalog_from_the_command_line(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PIN_VARIABLE, "1111")
    before = _price(data_dir)
    assert _import(data_dir, _price_file(tmp_path), "--user", "kasir") == NOT_ALLOWED
    err = capsys.readouterr().err
    assert err == "bazaar-pos: kasir (cashier) may not import_catalog: needs admin\n"
    assert _price(data_dir) == before
    assert _entries(data_dir, AuditAction.CATALOG_IMPORTED) == []


def test_an_admin_imports_and_the_prices_are_journaled_under_the_admin(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.delenv(PIN_VARIABLE, raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "123456")
    assert _import(data_dir, _price_file(tmp_path), "--user", "admin") == 0
    assert asked == ["PIN for admin: "]
    assert _price(data_dir) == 1
    [price] = _entries(data_dir, AuditAction.PRICE_CHANGED)
    assert price.startswith(f"Admin Rutan: {BESEK}: price ") and "-> 1" in price
    assert _entries(data_dir, AuditAction.CATALOG_IMPORTED)[0].startswith("Admin Rutan: harga.csv")


def test_a_wrong_pin_is_refused_and_counts_towards_the_lockout(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PIN_VARIABLE, "0000")
    before = _price(data_dir)
    assert _import(data_dir, _price_file(tmp_path), "--user", "admin") == NOT_ALLOWED
    assert "login refused for admin" in capsys.readouterr().err
    assert _price(data_dir) == before
    db = _db(data_dir)
    try:
        with db.read() as session:
            attempts = session.scalar(select(User.failed_attempts).where(User.username == "admin"))
    finally:
        db.dispose()
    assert attempts == 1
    assert len(_entries(data_dir, AuditAction.LOGIN_FAILED)) == 1


def test_the_command_logs_out_when_done(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PIN_VARIABLE, "2222")
    out = data_dir / "katalog.csv"
    assert main(["--data-dir", str(data_dir), "catalog", "export", str(out), "--user", "spv"]) == 0
    db = _db(data_dir)
    try:
        with db.read() as session:
            open_logins = session.scalar(
                select(func.count())
                .select_from(LoginSession)
                .join(User, LoginSession.user_id == User.id)
                .where(User.username == "spv", LoginSession.ended_at.is_(None))
            )
    finally:
        db.dispose()
    assert open_logins == 1  # the test fixture's own login; the command's one is ended
    assert len(_entries(data_dir, AuditAction.CATALOG_EXPORTED)) == 1


def test_audit_export_needs_a_supervisor(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = data_dir / "audit.csv"
    monkeypatch.setenv(PIN_VARIABLE, "1111")
    command = ["--data-dir", str(data_dir), "audit", "export", str(out), "--user"]
    assert main([*command, "kasir"]) == NOT_ALLOWED
    assert "may not view_audit" in capsys.readouterr().err
    assert not out.exists()
    monkeypatch.setenv(PIN_VARIABLE, "2222")
    assert main([*command, "spv"]) == 0
    assert out.exists()
    (entry,) = _entries(data_dir, AuditAction.AUDIT_EXPORT)
    assert entry.startswith("Bu Ratna (Kasubsi): ") and "audit.csv" in entry


def test_help_documents_the_pin_variable_and_the_exit_status() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bazaar_pos", "--help"], capture_output=True, text=True, check=True
    )
    assert PIN_VARIABLE in done.stdout
    assert f"{NOT_ALLOWED} refused for who runs it" in " ".join(done.stdout.split())


# --- receipt copies ------------------------------------------------------------------------


def test_receipt_writes_marked_copies_beside_the_original_and_logs_them(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = receipts_dir(data_dir) / "BPN1-000001.pdf"
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"%PDF the original")
    monkeypatch.setenv(PIN_VARIABLE, "1111")
    command = ["--data-dir", str(data_dir), "receipt", "BPN1-000001", "--user", "kasir"]
    capsys.readouterr()
    assert main(command) == 0
    first = Path(capsys.readouterr().out.strip())
    assert main(command) == 0
    second = Path(capsys.readouterr().out.strip())
    assert (first.name, second.name) == ("BPN1-000001-salinan.pdf", "BPN1-000001-salinan-2.pdf")
    assert original.read_bytes() == b"%PDF the original"
    assert first.read_bytes().startswith(b"%PDF")
    reprints = _entries(data_dir, AuditAction.REPRINT)
    assert len(reprints) == 2 and all(r.startswith("Siti Aminah: BPN1-000001") for r in reprints)


# --- demo ----------------------------------------------------------------------------------


def _count(data_dir: Path, model: type) -> int:
    db = _db(data_dir)
    try:
        with db.read() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        db.dispose()


def test_demo_refuses_a_till_with_users_and_writes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    products, sales = _count(data_dir, Product), _count(data_dir, Sale)
    command = ["--data-dir", str(data_dir), "demo", "--products", "5", "--sales", "3"]
    assert main(command) == NOT_ALLOWED
    err = capsys.readouterr().err
    assert "3 user(s) and 2 sale(s)" in err and "nothing written" in err
    assert (_count(data_dir, Product), _count(data_dir, Sale)) == (products, sales)


def test_demo_refuses_a_till_with_sales_even_without_users(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "till"
    assert main(["--data-dir", str(folder), "demo", "--sales", "1"]) == 0
    assert main(["--data-dir", str(folder), "demo", "--products", "5"]) == NOT_ALLOWED
    assert "0 user(s) and 1 sale(s)" in capsys.readouterr().err
    assert _count(folder, Sale) == 1


def test_a_supervisor_may_export_but_not_import_another_till_s_data(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PIN_VARIABLE, "2222")
    out = tmp_path / "ekspor.zip"
    base = ["--data-dir", str(data_dir)]
    assert main([*base, "export", str(out), "--user", "spv"]) == 0
    capsys.readouterr()
    assert main([*base, "import", str(out), "--user", "spv"]) == NOT_ALLOWED
    assert "may not sync_import" in capsys.readouterr().err
