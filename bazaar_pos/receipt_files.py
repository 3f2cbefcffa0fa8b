"""Receipt PDFs on disk: saved under the data folder, regenerated from the database on demand."""

from __future__ import annotations

from pathlib import Path

from bazaar_pos.db import Database
from bazaar_pos.paths import receipts_dir
from bazaar_pos.sales import receipt_for


def receipt_path(data_dir: Path, receipt_no: str, *, copy: bool = False) -> Path:
    suffix = "-salinan" if copy else ""
    return receipts_dir(data_dir) / f"{receipt_no}{suffix}.pdf"


def save_receipt_pdf(
    db: Database,
    data_dir: Path,
    receipt_no: str,
    *,
    paper: str = "80mm",
    copy: bool = False,
    language: str = "id",
) -> Path:
    """Render the receipt of a committed sale to ``<data>/receipts/<no>.pdf`` and return the path.

    The sale is already safe in the database; this can be called again at any time (reprint).
    """
    from bazaar_pos.receipts import PaperSize, render_receipt_pdf

    receipt = receipt_for(db, receipt_no, copy=copy)
    path = receipt_path(data_dir, receipt.receipt_no, copy=copy)
    render_receipt_pdf(receipt, PaperSize(paper), path, language=language)
    return path
