"""What keeping the open cart on disk costs per scan (``till.open_cart.save_open_cart``).

    .venv/bin/python bench/open_cart_bench.py [--scans 1000] [--lines 5]

On a fresh demo till, each scan is what the sale screen does in the core: ``find_by_code`` and
``Cart.add`` (the floor), then, for the project's figure, the cart written atomically and
flushed, folder included (what the screen adds after every change). Carts of ``--lines``
lines, cleared after each (the clear removes the file, as a payment does). Medians in ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bazaar_pos.catalog.lookup import find_by_code
from bazaar_pos.startup import open_till
from bazaar_pos.till import open_cart
from bazaar_pos.till.cart import Cart


def measure(scans: int, lines: int, folder: Path) -> dict[str, float]:
    till = open_till(folder, seed_demo=True, anonymous_setup=True)
    with till.db.read() as session:
        codes = [
            str(code)
            for (code,) in session.connection().exec_driver_sql(
                "SELECT coalesce(nullif(barcode, ''), sku) FROM products WHERE active ORDER BY id"
            )
        ]
    bare: list[float] = []
    saved: list[float] = []
    write_only: list[float] = []
    raw_write: list[float] = []  # the floor of the write: the same bytes, fsyncs and rename
    cart = Cart()
    for round_ in range(2 * scans + 200):  # alternate, after 200 of warm-up
        code = codes[round_ % len(codes)]
        started = time.perf_counter()
        cart.add(find_by_code(till.db, code))
        scanned = time.perf_counter()
        keep = round_ % 2 == 1
        if keep:
            open_cart.save_open_cart(folder, cart, till_code="BPN1", cashier="Siti")
        done = time.perf_counter()
        if round_ >= 200:
            (saved if keep else bare).append(done - started)
            if keep:
                write_only.append(done - scanned)
        if keep:
            data = open_cart.open_cart_path(folder).read_bytes()
            raw_started = time.perf_counter()
            raw_write_and_sync(folder, data)
            if round_ >= 200:
                raw_write.append(time.perf_counter() - raw_started)
        if len(cart.lines) >= lines:
            cart.clear()
            open_cart.clear_open_cart(folder)
    till.db.dispose()
    return {
        "scan_ms": statistics.median(bare) * 1000,
        "scan_and_save_ms": statistics.median(saved) * 1000,
        "save_ms": statistics.median(write_only) * 1000,
        "save_p95_ms": sorted(write_only)[int(len(write_only) * 0.95)] * 1000,
        "raw_write_fsync_rename_ms": statistics.median(raw_write) * 1000,
        "raw_p95_ms": sorted(raw_write)[int(len(raw_write) * 0.95)] * 1000,
    }


def raw_write_and_sync(folder: Path, data: bytes) -> None:
    """The bare OS floor of the save: write, fsync, rename, fsync the folder."""
    tmp = folder / ".raw.tmp"
    descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(tmp, folder / "raw.json")
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="open-cart-bench-") as temporary:
        figures = measure(args.scans, args.lines, Path(temporary))
    for key, value in figures.items():
        print(f"{key}: {value:.3f}")
    ratio = figures["scan_and_save_ms"] / figures["scan_ms"]
    print(f"ratio (scan and save / scan): {ratio:.1f}x")
    floor = figures["save_ms"] / figures["raw_write_fsync_rename_ms"]
    print(f"ratio (save / bare write+fsync+rename+folder fsync): {floor:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
