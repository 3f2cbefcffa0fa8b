"""The log file, the one handler of uncaught errors and the crash trace.

Each scenario runs in a fresh interpreter: installing the hook and faulthandler in the test
process would take them from pytest. The log folder is set by $BAZAAR_POS_LOG_DIR, so the
tests never write to the user's folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bazaar_pos import logs

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, log_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        logs.LOG_DIR_ENV: str(log_dir),
        "HOME": str(log_dir.parent / "home"),  # nothing may land in a real home folder
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
    }
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_uncaught_error_is_logged_and_told_in_one_line(tmp_path: Path) -> None:
    log_dir = tmp_path / "log"
    done = run_python(
        """
        from bazaar_pos import logs
        logs.start_logging()
        def pay():
            raise RuntimeError("printer on fire")
        pay()
        """,
        log_dir,
    )
    assert done.returncode == 1
    text = (log_dir / logs.LOG_FILE).read_text(encoding="utf-8")
    assert "unexpected error" in text and "RuntimeError: printer on fire" in text
    assert "in pay" in text  # the traceback
    assert done.stderr.strip() == (
        "bazaar-pos: unexpected error: RuntimeError: printer on fire "
        f"(log: {log_dir / logs.LOG_FILE})"
    )


def test_an_error_in_a_thread_goes_to_the_same_handler(tmp_path: Path) -> None:
    log_dir = tmp_path / "log"
    done = run_python(
        """
        import threading
        from bazaar_pos import logs
        logs.start_logging()
        told = []
        logs.set_presenter(told.append)
        worker = threading.Thread(target=lambda: 1 / 0, name="export-worker")
        worker.start(); worker.join()
        logs.install_excepthook()  # again: still one hook
        assert logs.excepthook_installed()
        print(told[0].kind, told[0].thread)
        """,
        log_dir,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ZeroDivisionError export-worker"
    text = (log_dir / logs.LOG_FILE).read_text(encoding="utf-8")
    assert "unexpected error in thread export-worker" in text
    assert "ZeroDivisionError" in text


def test_no_pin_hash_or_secret_reaches_the_log(tmp_path: Path) -> None:
    log_dir = tmp_path / "log"
    done = run_python(
        """
        from bazaar_pos import logs
        logs.start_logging()
        raise ValueError(
            "(sqlite3.IntegrityError) UNIQUE constraint failed: users.username\\n"
            "[SQL: INSERT INTO users (username, pin_hash) VALUES (?, ?)]\\n"
            "[parameters: ('kasir', 'scrypt$n=131072,r=8,p=1$c2FsdA==$aGFzaA==')]\\n"
            "(Background on this error at: https://sqlalche.me/e/20/gkpj) pin=246810 "
            "token: abcdef0123"
        )
        """,
        log_dir,
    )
    assert done.returncode == 1
    text = (log_dir / logs.LOG_FILE).read_text(encoding="utf-8")
    assert "IntegrityError" in text and "[parameters: (hidden)]" in text
    for secret in ("aGFzaA==", "c2FsdA==", "246810", "abcdef0123"):
        assert secret not in text
        assert secret not in done.stderr


@pytest.mark.skipif(
    os.name != "posix",
    reason="POSIX file modes: Windows has none (its per-user folder keeps the log private)",
)
def test_the_log_folder_and_files_are_private(tmp_path: Path) -> None:
    log_dir = tmp_path / "log"
    done = run_python(
        "from bazaar_pos import logs\nlogs.start_logging()\nlogs.log.info('hello')\n", log_dir
    )
    assert done.returncode == 0, done.stderr
    assert log_dir.stat().st_mode & 0o777 == 0o700
    for name in (logs.LOG_FILE, logs.FAULT_FILE):
        assert (log_dir / name).stat().st_mode & 0o777 == 0o600


def test_a_crash_of_the_interpreter_leaves_its_trace_in_the_log_folder(tmp_path: Path) -> None:
    log_dir = tmp_path / "log"
    done = run_python(
        """
        import ctypes
        from bazaar_pos import logs
        logs.start_logging()
        def print_receipt():
            ctypes.string_at(0)  # a library reading address 0: SIGSEGV
        print_receipt()
        """,
        log_dir,
    )
    assert done.returncode != 0
    trace = (log_dir / logs.FAULT_FILE).read_text(encoding="utf-8")
    assert "Fatal Python error" in trace and "print_receipt" in trace


def test_the_log_folder_is_the_platforms_unless_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "elsewhere"))
    assert logs.log_dir() == tmp_path / "elsewhere"
    assert logs.log_dir(tmp_path / "given") == tmp_path / "given"
    monkeypatch.delenv(logs.LOG_DIR_ENV)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    if sys.platform.startswith("linux"):
        assert logs.log_dir() == tmp_path / "state" / "bazaar-pos" / "log"


@pytest.mark.parametrize(
    ("text", "kept", "hidden"),
    [
        ("login failed for kasir pin=1234", "login failed for kasir pin=(hidden)", "1234"),
        ("PIN: '987654' refused", "PIN: (hidden) refused", "987654"),
        ("secret=abc token=def", "secret=(hidden) token=(hidden)", "abc"),
        ("receipt BPN1-000123 saved", "receipt BPN1-000123 saved", ""),
    ],
)
def test_redact_hides_values_named_like_secrets(text: str, kept: str, hidden: str) -> None:
    assert logs.redact(text) == kept
    if hidden:
        assert hidden not in logs.redact(text)
