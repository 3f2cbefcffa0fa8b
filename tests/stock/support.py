"""Stock reports built by hand (variance report, handover record), so that every figure a test
looks for on a paper or in a CSV is known."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from bazaar_pos.stock.documents import (
    CountSummary,
    HandoverDocument,
    HandoverLine,
    InstitutionVariance,
    VarianceLine,
    VarianceReport,
    VarianceTotals,
)

LONG_NAME = (
    "Lukisan bakar kayu (pyrography) kaligrafi Ayat Kursi bingkai jati ukir 60x90 cm "
    "pesanan khusus dengan kaca dan gantungan, hasil pelatihan kemandirian warga binaan"
)


INSTITUTIONS = {
    1: ("BPN", "Rutan Kelas IIA Balikpapan"),
    2: ("BLA", "Rutan Kelas IIB Blora"),
    3: ("SMD", "Lapas Kelas IIA Samarinda"),
}


WITA_POSTED = datetime(2026, 4, 12, 9, 5, tzinfo=UTC)  # 17.05 WITA, 16.05 WIB


def line(
    sku: str,
    name: str,
    *,
    institution_id: int = 1,
    price: int = 10_000,
    opening: int = 10,
    arrivals: int = 0,
    sold: int = 0,
    refunded: int = 0,
    returned: int = 0,
    damaged: int = 0,
    adjusted: int = 0,
    counted: int | None = None,
    track_stock: bool = True,
    unit: str = "pcs",
) -> VarianceLine:
    if not track_stock:
        opening = arrivals = refunded = returned = damaged = adjusted = 0
        counted = None
    expected = opening + arrivals - sold + refunded - returned - damaged + adjusted
    variance = None if counted is None else counted - expected
    return VarianceLine(
        product_id=abs(hash(sku)) % 10**9,
        sku=sku,
        name=name,
        unit=unit,
        category="Kerajinan kayu",
        institution_id=institution_id,
        institution_code=INSTITUTIONS[institution_id][0],
        workshop="Kerajinan kayu",
        track_stock=track_stock,
        unit_price=price,
        opening=opening,
        arrivals=arrivals,
        sold=sold,
        refunded=refunded,
        returned=returned,
        damaged=damaged,
        adjusted=adjusted,
        expected=expected,
        counted=counted,
        variance=variance,
        variance_value=None if variance is None else variance * price,
        sales_value=sold * price,
    )


def totals(lines: Sequence[VarianceLine]) -> VarianceTotals:
    return VarianceTotals.of(lines)


def count(kind: str, *, posted: bool = True, institution: str | None = None) -> CountSummary:
    return CountSummary(
        id=1 if kind == "opening" else 2,
        kind=kind,
        status="posted" if posted else "open",
        blind=kind == "closing",
        institution_code=institution,
        started_at=datetime(2026, 4, 9, 0, 30, tzinfo=UTC),
        posted_at=WITA_POSTED if posted else None,
        counted_by="Andi Saputra" if kind == "closing" else "Rina Marlina",
        supervised_by="Budi Santoso",
        uncounted_as_zero=False,
    )


def report(lines: Sequence[VarianceLine], **changes: Any) -> VarianceReport:
    lines = sorted(lines, key=lambda ln: (ln.institution_code, ln.name))
    used = sorted({ln.institution_id for ln in lines}, key=lambda i: INSTITUTIONS[i][0])
    institutions = tuple(
        InstitutionVariance(
            i,
            INSTITUTIONS[i][0],
            INSTITUTIONS[i][1],
            totals([ln for ln in lines if ln.institution_id == i]),
        )
        for i in used
    )
    built = VarianceReport(
        event_id=7,
        event_name="Bazar HBP ke-62",
        venue="Halaman Rutan Kelas I Samarinda",
        starts_on=date(2026, 4, 9),
        ends_on=date(2026, 4, 12),
        generated_at=datetime(2026, 4, 12, 10, 0, tzinfo=UTC),
        opening_counts=(count("opening"),),
        closing_counts=(count("closing"),),
        lines=tuple(lines),
        institutions=institutions,
        totals=totals(lines),
    )
    return dataclasses.replace(built, **changes)


def small_report() -> VarianceReport:
    return report(
        [
            # BPN: 3 missing cutting boards at Rp 10.000 -> -Rp 30.000
            line("BPN-TAL-001", "Talenan kayu jati", opening=20, sold=5, counted=12),
            line("BPN-PYR-002", LONG_NAME, price=250_000, opening=8, sold=2, counted=4),
            line("BPN-KES-003", "Keset kain perca", opening=15, sold=3, arrivals=5, counted=None),
            # BLA: 1,600 besek at Rp 125; 2 found too many -> +Rp 250
            line(
                "BLA-BES-001",
                "Besek anyaman bambu",
                institution_id=2,
                price=125,
                opening=2_000,
                sold=1_600,
                damaged=10,
                counted=392,
            ),
            line(
                "BLA-KOP-001",
                "Kopi susu gula aren",
                institution_id=2,
                price=18_000,
                sold=40,
                track_stock=False,
            ),
            # SMD: everything adds up
            line("SMD-ASB-001", "Asbak kayu", institution_id=3, opening=4, sold=1, counted=3),
        ]
    )


def make_big_report(n: int) -> VarianceReport:
    lines = []
    for i in range(n):
        institution = 1 + i % 3
        code = INSTITUTIONS[institution][0]
        name = LONG_NAME if i % 97 == 0 else f"Produk kerajinan nomor {i:05d}"
        counted = None if i % 50 == 0 else 10 + (i % 7) - 3
        lines.append(
            line(
                f"{code}-{i:05d}",
                name,
                institution_id=institution,
                price=1_000 * (1 + i % 40),
                opening=10,
                sold=i % 4,
                arrivals=i % 4,
                counted=counted,
                track_stock=i % 31 != 0,
            )
        )
    return report(lines)


def handover(**changes: Any) -> HandoverDocument:
    returned = (
        HandoverLine("BPN-TAL-001", "Talenan kayu jati", "pcs", 12, 35_000, 420_000),
        HandoverLine("BPN-PYR-002", LONG_NAME, "pcs", 6, 250_000, 1_500_000),
    )
    sold = (
        HandoverLine("BPN-TAL-001", "Talenan kayu jati", "pcs", 5, 35_000, 175_000),
        HandoverLine("BPN-PYR-002", LONG_NAME, "pcs", 2, 250_000, 500_000),
        HandoverLine("BPN-GAN-003", "Gantungan kunci kayu", "pcs", 30, 10_000, 300_000),
    )
    built = HandoverDocument(
        handover_id=12,
        handover_uuid="9b2f6c1e-3a4d-4e8f-b1c2-7d8e9f0a1b2c",
        event_name="Bazar HBP ke-62",
        venue="Halaman Rutan Kelas I Samarinda",
        starts_on=date(2026, 4, 9),
        ends_on=date(2026, 4, 12),
        institution_code="BPN",
        institution_name="Rutan Kelas IIA Balikpapan",
        institution_kind="Rutan",
        created_at=WITA_POSTED,
        handed_over_by="Siti Rahmawati",
        received_by="Agus Prasetyo",
        returned=returned,
        sold=sold,
        returned_units=18,
        returned_value=1_920_000,
        sold_units=37,
        money_due=975_000,
    )
    return dataclasses.replace(built, **changes)
