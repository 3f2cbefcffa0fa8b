"""What the stock reports say, as plain data: the variance report of an event and the
handover of unsold goods to an institution.

The services in :mod:`bazaar_pos.stock.variance` and :mod:`bazaar_pos.stock.returns` fill
these; the screens show them, :mod:`bazaar_pos.papers.variance_report` and
:mod:`bazaar_pos.papers.handover` print them (signed on paper) and
:mod:`bazaar_pos.stock.variance_csv` writes them as CSV. Keeping them in one small module lets
every consumer depend on the data without depending on how it was computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CountSummary:
    """A count session as a report mentions it (who counted, when, posted or not)."""

    id: int
    kind: str  # "opening" | "closing" | "spot"
    status: str  # "open" | "posted" | "discarded"
    blind: bool
    institution_code: str | None  # None: the whole event
    started_at: dt.datetime
    posted_at: dt.datetime | None
    counted_by: str
    supervised_by: str
    uncounted_as_zero: bool


@dataclass(frozen=True)
class VarianceLine:
    """One product of an event, from its opening count to its closing count.

    ``expected = opening + arrivals - sold + refunded - returned - damaged + adjusted``
    where every figure is in units and comes from the ledger:

    - ``opening``: on hand once the opening count was posted (0 without an opening count, in
      which case everything that came in shows as arrivals or adjustments);
    - ``arrivals`` … ``adjusted``: movements recorded after the opening count and before the
      closing count posted (``adjusted`` = spot-check and other count corrections);
    - ``counted``: the closing count carried to the end of the period (a product counted while
      the stall kept selling has the movements after its counting added, so the variance is
      the count's own); ``None`` if the product was not counted (and the count was not posted
      with "uncounted = 0") or there is no closing count yet.

    Products without stock tracking (café drinks) have ``track_stock`` False: only ``sold``
    and ``sales_value`` mean anything for them; ``counted`` and ``variance`` are ``None``.
    """

    product_id: int
    sku: str
    name: str
    unit: str
    category: str
    institution_id: int
    institution_code: str
    workshop: str
    track_stock: bool
    unit_price: int  # price when the closing count started (else the current price)
    opening: int
    arrivals: int
    sold: int
    refunded: int
    returned: int
    damaged: int
    adjusted: int
    expected: int
    counted: int | None
    variance: int | None  # counted - expected; negative = missing
    variance_value: int | None  # variance x unit_price, Rupiah
    sales_value: int  # Rupiah taken for this product in the event's sales

    @property
    def uncounted(self) -> bool:
        return self.track_stock and self.counted is None

    @classmethod
    def of_figures(
        cls,
        product_id: int,
        sku: str,
        name: str,
        unit: str,
        category: str,
        institution_id: int,
        institution_code: str,
        workshop: str,
        track_stock: bool,
        unit_price: int,
        opening: int,
        arrivals: int,
        sold: int,
        refunded: int,
        returned: int,
        damaged: int,
        adjusted: int,
        expected: int,
        counted: int | None,
        variance: int | None,
        variance_value: int | None,
        sales_value: int,
    ) -> VarianceLine:
        """The same frozen line as the constructor's, made without the frozen dataclass's
        ``__init__`` (22 fields set one by one through ``object.__setattr__``: 7 µs a line,
        most of a variance report of 100,000 products)."""
        line = object.__new__(cls)
        vars(line).update(
            product_id=product_id,
            sku=sku,
            name=name,
            unit=unit,
            category=category,
            institution_id=institution_id,
            institution_code=institution_code,
            workshop=workshop,
            track_stock=track_stock,
            unit_price=unit_price,
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
            variance_value=variance_value,
            sales_value=sales_value,
        )
        return line


@dataclass(frozen=True)
class VarianceTotals:
    """Sums over a set of lines. Quantities of different products are added as units, which
    is what the paper forms do; the Rupiah columns are the figures that matter."""

    products: int
    opening: int
    arrivals: int
    sold: int
    refunded: int
    returned: int
    damaged: int
    adjusted: int
    expected: int
    counted: int  # over counted lines only
    uncounted: int  # number of tracked products without a count
    variance: int  # over counted lines only
    variance_value: int
    sales_value: int

    @classmethod
    def of(cls, lines: Iterable[VarianceLine]) -> VarianceTotals:
        """The totals of ``lines``: counted, variance and its value over counted lines only.
        One pass (a report of 100,000 products sums them for each institution and the event:
        a pass per figure took seconds)."""
        products = opening = arrivals = sold = refunded = returned = damaged = adjusted = 0
        expected = counted = uncounted = variance = variance_value = sales_value = 0
        for line in lines:
            products += 1
            opening += line.opening
            arrivals += line.arrivals
            sold += line.sold
            refunded += line.refunded
            returned += line.returned
            damaged += line.damaged
            adjusted += line.adjusted
            expected += line.expected
            sales_value += line.sales_value
            if line.counted is not None:
                counted += line.counted
                variance += line.variance or 0
                variance_value += line.variance_value or 0
            elif line.track_stock:
                uncounted += 1
        return cls(
            products=products,
            opening=opening,
            arrivals=arrivals,
            sold=sold,
            refunded=refunded,
            returned=returned,
            damaged=damaged,
            adjusted=adjusted,
            expected=expected,
            counted=counted,
            uncounted=uncounted,
            variance=variance,
            variance_value=variance_value,
            sales_value=sales_value,
        )


@dataclass(frozen=True)
class InstitutionVariance:
    institution_id: int
    code: str
    name: str
    totals: VarianceTotals


@dataclass(frozen=True)
class VarianceReport:
    event_id: int
    event_name: str
    venue: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    generated_at: dt.datetime  # aware
    opening_counts: tuple[CountSummary, ...]  # posted opening counts used
    closing_counts: tuple[CountSummary, ...]  # closing counts used (posted or still open)
    lines: tuple[VarianceLine, ...]  # ordered by institution code, then name
    institutions: tuple[InstitutionVariance, ...]  # ordered by code
    totals: VarianceTotals


@dataclass(frozen=True)
class HandoverLine:
    sku: str
    name: str
    unit: str
    quantity: int
    unit_price: int
    value: int  # Rupiah: quantity x unit_price for returns, takings for sales


@dataclass(frozen=True)
class HandoverDocument:
    """Berita acara serah terima: unsold goods going home, what was sold, money due."""

    handover_id: int
    handover_uuid: str
    event_name: str
    venue: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    institution_code: str
    institution_name: str
    institution_kind: str
    created_at: dt.datetime  # aware
    handed_over_by: str  # staff of the event
    received_by: str  # officer of the institution
    returned: tuple[HandoverLine, ...]
    sold: tuple[HandoverLine, ...]
    returned_units: int
    returned_value: int
    sold_units: int
    money_due: int  # Rupiah taken for the institution's goods in the event
