"""Writing files safely (no Qt here: used by the exports, the PDFs and the command line)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def write_file_atomically(path: Path, data: bytes, *, create_parents: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically and return ``path``.

    The bytes go to a temporary file in the same folder, are flushed to disk and the file is
    then renamed over ``path`` with :func:`os.replace`: a crash, a full disk or a cancelled
    export leaves the old file or the new one, never half a file. On any error the temporary
    file is removed and the error raised again. Missing parent folders are created unless
    ``create_parents`` is false (then :class:`FileNotFoundError` is raised).
    """
    if create_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    # A unique name opened exclusively: the usual permissions, unlike mkstemp's 0600.
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
