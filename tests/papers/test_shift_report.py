"""The X and Z report PDFs: titles, figures and the count, read back with pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from bazaar_pos.db import Database
from bazaar_pos.papers.shift_report import render_shift_report_pdf
from bazaar_pos.people.shifts import close_shift, record_cash_movement, shift_report
from tests.conftest import Staff
from tests.people.test_shifts import Pay, ring


def text_of(path: Path) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages)


def page_sizes(path: Path) -> list[tuple[float, float]]:
    return [
        (float(page.mediabox.width), float(page.mediabox.height)) for page in PdfReader(path).pages
    ]


@pytest.fixture
def busy_shift(db: Database, staff: Staff, shift: int) -> int:
    ring(db, shift, [Pay("cash", 45_000, tendered=100_000)])
    ring(db, shift, [Pay("qris", 90_000)], quantity=2)
    record_cash_movement(
        db, staff.cashier, till_code="BPN1", kind="paid_out", amount=12_500, reason="kantong"
    )
    return shift


@pytest.mark.parametrize("paper", ["58mm", "80mm", "a4"])
def test_x_report_pdf_shows_the_figures_so_far(
    staff: Staff, db: Database, busy_shift: int, tmp_path: Path, paper: str
) -> None:
    report = shift_report(db, staff.supervisor, busy_shift)
    path = render_shift_report_pdf(report, tmp_path / "x" / "laporan-x.pdf", paper=paper)
    assert path == tmp_path / "x" / "laporan-x.pdf"
    assert not list(path.parent.glob("*.tmp"))
    text = text_of(path)
    assert "LAPORAN X (sementara)" in text
    assert "LAPORAN Z" not in text
    assert "BPN1" in text
    assert "Bazar HBP ke-62" in text
    assert "Siti Aminah" in text
    assert "Rp 200.000" in text  # float
    assert "+Rp 45.000" in text  # cash taken: change already subtracted
    assert "Rp 90.000" in text  # QRIS, apart from the drawer
    assert "-Rp 12.500" in text and "kantong" in text
    assert "Rp 232.500" in text  # expected: 200.000 + 45.000 - 12.500
    assert "Pecahan" not in text  # no count before the Z report


def test_z_report_pdf_has_number_count_and_difference(
    db: Database, staff: Staff, busy_shift: int, tmp_path: Path
) -> None:
    counts = {"note_100000": 2, "note_20000": 1, "note_10000": 1, "note_1000": 1, "coin_1000": 1}
    z = close_shift(db, staff.supervisor, busy_shift, counts=counts, note="kurang Rp 500")
    path = render_shift_report_pdf(z, tmp_path / "z.pdf", paper="a4")
    text = text_of(path)
    assert "LAPORAN Z No. 1" in text
    assert "sementara" not in text
    assert "Rp 100.000 kertas" in text
    assert "Rp 1.000 kertas" in text and "Rp 1.000 koin" in text
    assert "Rp 200.000" in text
    assert "Rp 232.000" in text  # counted
    assert "Rp 232.500" in text  # expected
    assert "Selisih (kurang)" in text and "-Rp 500" in text
    assert "kurang Rp 500" in text
    # Signature lines: the cashier and the supervisor who closed the shift.
    assert "Kasir" in text and "Supervisor" in text
    assert "Bu Ratna (Kasubsi)" in text
    assert text.count("NIP: ....") == 2  # under both names, to write by hand, as on the A4 forms
    assert "Halaman 1/1" in text
    [(width, height)] = page_sizes(path)
    assert (width, height) == (pytest.approx(595.2756), pytest.approx(841.8898))


@pytest.mark.parametrize(("paper", "width_mm"), [("58mm", 58), ("80mm", 80)])
def test_thermal_z_report_is_as_tall_as_its_content(
    db: Database, staff: Staff, busy_shift: int, tmp_path: Path, paper: str, width_mm: int
) -> None:
    z = close_shift(db, staff.cashier, busy_shift, counts={"note_100000": 3})
    path = render_shift_report_pdf(z, tmp_path / f"z-{paper}.pdf", paper=paper)
    [(width, height)] = page_sizes(path)
    assert width == pytest.approx(width_mm * 72 / 25.4)
    assert 300 < height < 1500
    text = text_of(path)
    assert "LAPORAN Z No. 1" in text
    assert "Selisih (lebih)" in text and "+Rp 67.500" in text  # 300.000 - 232.500
    assert "Supervisor" not in text  # signature lines only on A4


def test_english_report(db: Database, staff: Staff, busy_shift: int, tmp_path: Path) -> None:
    z = close_shift(db, staff.cashier, busy_shift, counts={"note_100000": 2, "coin_500": 65})
    text = text_of(render_shift_report_pdf(z, tmp_path / "z.pdf", paper="80mm", language="en"))
    assert "Z REPORT No. 1" in text
    assert "Expected in drawer" in text
    assert "Rp 500 coin" in text
    assert "Difference (balanced)" in text
    x_text = text_of(
        render_shift_report_pdf(
            shift_report(db, staff.supervisor, busy_shift),
            tmp_path / "x.pdf",
            paper="58mm",
            language="en",
        )
    )
    assert "Z REPORT No. 1" in x_text  # a closed shift always prints as its Z report


def test_unknown_paper_or_language_is_refused(
    staff: Staff, db: Database, busy_shift: int, tmp_path: Path
) -> None:
    report = shift_report(db, staff.supervisor, busy_shift)
    with pytest.raises(ValueError, match="paper"):
        render_shift_report_pdf(report, tmp_path / "a.pdf", paper="a5")
    with pytest.raises(ValueError, match="language"):
        render_shift_report_pdf(report, tmp_path / "a.pdf", language="fr")
    assert not (tmp_path / "a.pdf").exists()


@pytest.mark.parametrize("paper", ["58mm", "80mm", "a4"])
def test_z_report_pins_the_journal_with_its_link_grand_total_and_key_fingerprint(
    db: Database, staff: Staff, busy_shift: int, tmp_path: Path, paper: str
) -> None:
    z = close_shift(db, staff.cashier, busy_shift, counts={"note_100000": 3})
    assert z.chain is not None
    with db.read() as session:
        link = (
            session.connection()
            .exec_driver_sql(
                "SELECT seq, sha256, grand_total FROM journal_links "
                "WHERE kind = 'shift_close' AND record_uuid = ?",
                (z.shift.uuid,),
            )
            .one()
        )
    assert (z.chain.seq, z.chain.sha256, z.chain.grand_total) == tuple(link)
    assert z.chain.grand_total == 45_000 + 90_000  # the till's sales so far, none refunded
    text = text_of(render_shift_report_pdf(z, tmp_path / f"z-{paper}.pdf", paper=paper))
    if paper == "a4":  # one small line above the foot, so the Z still fits one page
        assert f"Jurnal #{z.chain.seq} {z.chain.sha256[:16]}" in text
        assert "Total besar Rp 135.000" in text and "Kunci" in text
    else:
        assert "Jurnal anti-ubah" in text and "Sidik kunci kasa" in text
        assert f"#{z.chain.seq} {z.chain.sha256[:16]}" in text
        assert "Total besar kumulatif" in text and "Rp 135.000" in text
    assert z.chain.fingerprint and z.chain.fingerprint in text.replace("\n", "")
    # the reprint of the Z prints the same link, however much was sold after it
    assert shift_report(db, staff.cashier, busy_shift).chain == z.chain


def test_x_report_pins_nothing(db: Database, staff: Staff, busy_shift: int) -> None:
    assert shift_report(db, staff.supervisor, busy_shift).chain is None
