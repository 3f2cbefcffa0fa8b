"""Receipt PDFs on disk: saved under the data folder, regenerated from the database on demand."""

from __future__ import annotations

from pathlib import Path

from bazaar_pos.db import Database
from bazaar_pos.paths import receipts_dir
from bazaar_pos.people.access import Actor
from bazaar_pos.till.sales import receipt_copy, receipt_for


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
    actor: Actor | None = None,
    till_code: str = "",
) -> Path:
    """Render the receipt of a committed sale to ``<data>/receipts/<no>.pdf`` and return the path.

    The sale is already safe in the database; this can be called again at any time. A copy
    (reprint) is marked COPY and written to the audit log, with who asked for it. Either way
    ``actor`` must be allowed to see the sale.
    """
    from bazaar_pos.papers.receipt import PaperSize, render_receipt_pdf

    if copy:
        receipt = receipt_copy(db, receipt_no, actor=actor, till_code=till_code)
    else:
        receipt = receipt_for(db, receipt_no, actor=actor)
    path = receipt_path(data_dir, receipt.receipt_no, copy=copy)
    render_receipt_pdf(receipt, PaperSize(paper), path, language=language)
    return path
