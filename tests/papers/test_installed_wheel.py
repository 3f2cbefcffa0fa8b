"""The fonts ship inside the package: the built wheel, installed outside the repository, prints
a receipt with an Arabic name using its own copy of the font files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import datetime as dt, sys
import bazaar_pos
from bazaar_pos.papers.kit.fonts import FONT_FILES
from bazaar_pos.papers.receipt import render_receipt_pdf
from bazaar_pos.till.receipt import Receipt, ReceiptLine
assert bazaar_pos.__file__.startswith(sys.argv[1]), bazaar_pos.__file__
assert all(str(path).startswith(sys.argv[1]) and path.is_file() for path in FONT_FILES.values())
line = ReceiptLine("Kaligrafi بسم الله — ½ m “ukir”", 1, 350000, 350000, "BPN")
receipt = Receipt("BPN1-000001", "0", "Bazar", "", (), dt.datetime.now(dt.UTC), "Siti", "BPN1",
                  (line,), 350000, 350000, 0, "cash")
data = render_receipt_pdf(receipt)
assert data.startswith(b"%PDF") and b"DejaVuSansCondensed" in data
print("printed", len(data))
"""


def test_the_installed_wheel_prints_with_its_own_fonts(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(REPO_ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("bazaar_pos-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bazaar_pos/papers/fonts/DejaVuSansCondensed.ttf" in names
    assert "bazaar_pos/papers/fonts/LICENSE-DejaVu.txt" in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r})\n" + SCRIPT,
         str(target)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("printed")
