"""The till's log file, the one handler of unexpected errors, and the crash trace.

- A rotating log file in the platform's user log folder (platformdirs ``user_log_dir``, e.g.
  ``~/.local/state/bazaar-pos/log`` on Linux), or the folder named by the environment
  variable :data:`LOG_DIR_ENV` (tests, a USB stick). 1 MB per file, 5 files kept.
- One exception hook for the whole process (``sys.excepthook`` and ``threading.excepthook``
  both go to :func:`handle_unexpected`): it logs the traceback and hands a short report to the
  presenter the app installed (a dialog) or, by default, prints one line on stderr.
- ``faulthandler`` writes a crash of the interpreter itself (a segfault in a library) with
  every thread's Python stack to :data:`FAULT_FILE` in the same folder.

No PIN or secret reaches the log: PINs never travel in exception messages, the ``Actor`` and
``Approval`` keep their secrets out of ``repr``, and :func:`redact` takes out what a library
may put in a message (SQL parameters, which can hold PIN hashes, and anything named pin,
secret, token or password).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from bazaar_pos.files import PRIVATE_FOLDER_MODE, make_private
from bazaar_pos.paths import APP_NAME

LOG_DIR_ENV = "BAZAAR_POS_LOG_DIR"
LOG_FILE = "bazaar-pos.log"
FAULT_FILE = "crash-trace.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 5

log = logging.getLogger("bazaar_pos")

_PARAMETERS_RE = re.compile(r"\[parameters: .*?\](?=\s*(?:\n|\(|$))", re.DOTALL)
_SECRET_RE = re.compile(
    r"(?i)\b(pin|pin_hash|secret|token|session_token|password|passwd)\b(\s*[=:]\s*)"
    r"(?:'[^']*'|\"[^\"]*\"|[^\s,;)\]]+)"
)
_SCRYPT_RE = re.compile(r"scrypt\$[A-Za-z0-9+/=$:._-]+")


def redact(text: str) -> str:
    """``text`` without SQL parameters, scrypt hashes and ``pin=…``-like values."""
    text = _PARAMETERS_RE.sub("[parameters: (hidden)]", text)
    text = _SCRYPT_RE.sub("scrypt$(hidden)", text)
    return _SECRET_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}(hidden)", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_dir(override: Path | None = None) -> Path:
    """Where the log files go: ``override``, else $BAZAAR_POS_LOG_DIR, else platformdirs'."""
    if override is not None:
        return override
    from_env = os.environ.get(LOG_DIR_ENV, "").strip()
    if from_env:
        return Path(from_env)
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


@dataclass(frozen=True)
class LogFiles:
    folder: Path
    log_file: Path
    fault_file: Path


_started: LogFiles | None = None
_fault_stream: IO[str] | None = None


def started_log() -> LogFiles | None:
    """The files :func:`start_logging` opened in this process (None before)."""
    return _started


def start_logging(folder: Path | None = None) -> LogFiles:
    """Open the rotating log and the crash trace (once per process) and install the hook."""
    global _started, _fault_stream
    if _started is not None:
        return _started
    where = log_dir(folder)
    where.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    make_private(where)
    files = LogFiles(where, where / LOG_FILE, where / FAULT_FILE)
    handler = logging.handlers.RotatingFileHandler(
        files.log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    make_private(files.log_file)
    _fault_stream = open(files.fault_file, "a", encoding="utf-8")  # noqa: SIM115 (kept open)
    make_private(files.fault_file)
    faulthandler.enable(file=_fault_stream, all_threads=True)
    install_excepthook()
    _started = files
    return files


# ------------------------------------------------------------------- unexpected errors


@dataclass(frozen=True)
class Unexpected:
    """What the presenter is told: the error's kind and message (redacted), where, the log."""

    kind: str
    message: str
    thread: str  # "" on the main thread
    log_file: Path | None
    # The error itself, so the dialog can tell a database fault (disk full, read-only …) in
    # words rather than by its class name.
    error: BaseException | None = None


Presenter = Callable[[Unexpected], None]


def _print_to_stderr(report: Unexpected) -> None:
    where = f" (log: {report.log_file})" if report.log_file else ""
    print(f"bazaar-pos: unexpected error: {report.kind}: {report.message}{where}", file=sys.stderr)


_presenter: Presenter = _print_to_stderr


def set_presenter(presenter: Presenter | None) -> None:
    """Who tells the user (the app's dialog); None: back to one line on stderr."""
    global _presenter
    _presenter = presenter or _print_to_stderr


def handle_unexpected(
    kind: type[BaseException],
    error: BaseException,
    trace: TracebackType | None,
    thread: str = "",
) -> None:
    """The one handler: log the traceback, then tell the user through the presenter."""
    text = "".join(traceback.format_exception(kind, error, trace))
    where = f" in thread {thread}" if thread else ""
    log.error("unexpected error%s:\n%s", where, text.rstrip())
    report = Unexpected(
        kind=kind.__name__,
        message=redact(str(error))[:500],
        thread=thread,
        log_file=_started.log_file if _started else None,
        error=error,
    )
    try:
        _presenter(report)
    except Exception:  # the presenter itself failed: the log has it, stderr gets a line
        log.exception("the error report could not be shown")
        _print_to_stderr(report)


def _sys_hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    handle_unexpected(kind, error, trace)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    name = args.thread.name if args.thread is not None else "?"
    handle_unexpected(args.exc_type, args.exc_value, args.exc_traceback, thread=name)


def install_excepthook() -> None:
    """Route every uncaught exception, on any thread, to :func:`handle_unexpected` (one hook:
    installing it again changes nothing)."""
    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook


def excepthook_installed() -> bool:
    return sys.excepthook is _sys_hook and threading.excepthook is _thread_hook
