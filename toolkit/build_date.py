"""The build's date: ``SOURCE_DATE_EPOCH`` (reproducible-builds.org) when it is set, else today.

MkDocs dates the sitemap by the same variable; the toolkit dates items that git does not
know yet by it (``toolkit.content.history``). Its own module, importing nothing of the
toolkit, because the ``toolkit`` command checks the variable before it starts MkDocs and
must stay light to start (docs-dev/performance.md).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

BUILD_DATE = "SOURCE_DATE_EPOCH"
LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last second a date can hold


def epoch_day(value: str) -> dt.date | None:
    """The UTC date of a ``SOURCE_DATE_EPOCH`` value, or None if it is no such time."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or int(value) > LAST_EPOCH:
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC).date()


def invalid(environ: Mapping[str, str] = os.environ) -> str | None:
    """``SOURCE_DATE_EPOCH``'s value if it is set but is no time (MkDocs would stop on it
    with a traceback), else None."""
    value = environ.get(BUILD_DATE)
    return value if value is not None and epoch_day(value) is None else None


def build_day(environ: Mapping[str, str] = os.environ) -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH``'s if it is set and valid, else today."""
    return epoch_day(environ.get(BUILD_DATE, "")) or dt.date.today()
