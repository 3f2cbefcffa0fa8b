"""Dates and times as papers print them, in the laptop's time zone (WIB, WITA or WIT).

Moments are stored aware, in UTC; a paper shows them in the zone of the laptop that prints it.
Long dates are written out (``27 April 2026``), as on a signed form; short ones
(``27/04/2026 14:05``) fit a till roll.
"""

from __future__ import annotations

import datetime as dt

from bazaar_pos.papers.kit.language import language_key

__all__ = [
    "clock",
    "date_range",
    "date_time",
    "local",
    "long_date",
    "place_and_date",
    "short_date_time",
    "weekday",
    "zone_name",
]

# fmt: off
_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
_WEEKDAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# fmt: on


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in the laptop's zone (an aware moment is converted; a naive one is taken as
    local already)."""
    return moment.astimezone()


def long_date(day: dt.date, language: str = "id") -> str:
    """``27 April 2026``."""
    return f"{day.day} {_MONTHS[language_key(language)][day.month - 1]} {day.year}"


def weekday(day: dt.date, language: str = "id") -> str:
    """``Senin`` … ``Minggu``."""
    return _WEEKDAYS[language_key(language)][day.weekday()]


def clock(moment: dt.datetime, language: str = "id") -> str:
    """``17.30`` in Indonesian (a dot, as Indonesian writes times), ``17:30`` in English."""
    return moment.strftime("%H.%M" if language_key(language) == "id" else "%H:%M")


def date_time(moment: dt.datetime, language: str = "id") -> str:
    """``27 April 2026 17.30``, in the laptop's zone."""
    moment = local(moment)
    return f"{long_date(moment.date(), language)} {clock(moment, language)}"


def short_date_time(moment: dt.datetime | None) -> str:
    """``27/04/2026 17:30`` in the laptop's zone, for a till roll; ``—`` for no moment."""
    if moment is None:
        return "—"
    return local(moment).strftime("%d/%m/%Y %H:%M")


def zone_name(moment: dt.datetime) -> str:
    """``WIB``, ``WITA`` … when the zone has a name; empty for a bare offset such as ``+08``."""
    name = local(moment).tzname() or ""
    return name if name.isalpha() else ""


def date_range(start: dt.date | None, end: dt.date | None, language: str = "id") -> str:
    """``9 April 2026 – 11 April 2026``, one date when both are the same, ``—`` for none."""
    if start is not None and end is not None and start != end:
        return f"{long_date(start, language)} – {long_date(end, language)}"
    day = start if start is not None else end
    return "—" if day is None else long_date(day, language)


def place_and_date(place: str | None, venue: str, day: dt.date, language: str = "id") -> str:
    """``Samarinda, 12 April 2026`` above the signatures: ``place`` when given, else the
    event's ``venue``; only the date when neither is known."""
    where = (place if place is not None else venue).strip()
    return f"{where}, {long_date(day, language)}" if where else long_date(day, language)
