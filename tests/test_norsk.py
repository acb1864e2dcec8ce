"""Norwegian dates are written as babel's CLDR data for bokmål writes them: toolkit.norsk
reads the month and weekday names once instead of calling format_date for every date."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from toolkit import norsk


def days():
    start = dt.date(2028, 1, 1)
    yield from (start + dt.timedelta(days=n) for n in range(366 + 365))  # a leap year and the next
    yield from (dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(9999, 12, 31))


def test_a_date_is_written_as_babel_writes_it_in_bokmal():
    for day in days():
        assert norsk.date(day) == format_date(day, "d. MMMM y", locale="nb"), day
    assert norsk.date(dt.date(2026, 3, 3)) == "3. mars 2026"


def test_a_date_with_its_weekday_is_written_as_babel_writes_it_in_bokmal():
    for day in days():
        assert norsk.weekday_date(day) == format_date(day, "EEEE d. MMMM y", locale="nb"), day
    assert norsk.weekday_date(dt.date(2026, 9, 17)) == "torsdag 17. september 2026"
