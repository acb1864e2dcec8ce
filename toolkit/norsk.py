"""Dates, times, durations, numbers and order as Norwegian bokmål writes them.

One module, so that «3. mars 2026», «kl. 09.00–12.00», «1 t 5 min» and «1,1 MB» are
written the same way on every page, in every message and in the release footer. Month
and weekday names and the decimal comma come from babel's CLDR data for bokmål (babel
comes with Material); the short forms Norwegian public writing uses for durations
(«t», «min», «s») are ours.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from babel.dates import get_day_names, get_month_names
from babel.numbers import format_decimal

LOCALE = "nb"
# CLDR's names, read once: babel's format_date parses its pattern on every call, and a
# build writes a date on every page (tests/test_norsk.py compares with format_date).
_MONTHS = MappingProxyType(dict(get_month_names("wide", "format", LOCALE)))
_WEEKDAYS = MappingProxyType(dict(get_day_names("wide", "format", LOCALE)))  # Monday is 0


def date(day: dt.date) -> str:
    """``2026-03-03`` → ``3. mars 2026``."""
    return f"{day.day}. {_MONTHS[day.month]} {day.year}"


def weekday_date(day: dt.date) -> str:
    """``2026-09-17`` → ``torsdag 17. september 2026``."""
    return f"{_WEEKDAYS[day.weekday()]} {date(day)}"


def clock(time: str) -> str:
    """``09:00`` → ``09.00``: Norwegian writes the time of day with a full stop."""
    return time.replace(":", ".")


def clock_range(start: str, end: str) -> str:
    """``09:00``, ``12:30`` → ``kl. 09.00–12.30``."""
    return f"kl. {clock(start)}–{clock(end)}"


def minutes_of_day(time: str) -> int:
    """``09:30`` → ``570``."""
    hours, minutes = time.split(":")
    return int(hours) * 60 + int(minutes)


def time_of_day(minutes: int) -> str:
    """``570`` → ``09.30`` (past midnight it goes round the clock)."""
    hours, rest = divmod(minutes % (24 * 60), 60)
    return f"{hours:02d}.{rest:02d}"


def minutes(value: int) -> str:
    """``45`` → ``45 min``."""
    return f"{value} min"


def meeting_length(value: int) -> str:
    """A meeting's length as a leader says it: ``45`` → ``45 min``, ``90`` → ``90 min``,
    ``150`` → ``2 t 30 min``, ``240`` → ``4 t`` (minutes up to an hour and a half)."""
    if value <= 90:
        return minutes(value)
    hours, rest = divmod(value, 60)
    return f"{hours} t {rest} min" if rest else f"{hours} t"


def duration(seconds: float) -> str:
    """A length as Norwegians write it: ``2 min 20 s``, ``1 t 5 min``, ``1 t``."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{hours} t {mins} min" if mins else f"{hours} t"
    if mins:
        return f"{mins} min {secs} s" if secs else f"{mins} min"
    return f"{secs} s"


def file_size(size: int) -> str:
    """``275838`` → ``276 kB``; ``1120403`` → ``1,1 MB`` (decimal comma)."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{format_decimal(size / 1_000_000, '0.0', locale=LOCALE)} MB"


def count(number: int, one: str, many: str) -> str:
    """``1, "side", "sider"`` → ``1 side``; ``3`` → ``3 sider``."""
    return f"{number} {one if number == 1 else many}"


# Norwegian alphabetical order puts æ, ø, å after z (in that order); code points put å
# first. (CLDR collation would need ICU; three letters do not justify it.)
_COLLATION = MappingProxyType(str.maketrans({"æ": "{", "ø": "|", "å": "}"}))  # the three characters after "z"


def sort_key(text: str) -> str:
    """Sort titles in Norwegian alphabetical order: … x, y, z, æ, ø, å."""
    return text.lower().translate(_COLLATION)
