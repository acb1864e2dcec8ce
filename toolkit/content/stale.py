"""Items whose review is overdue, for ``toolkit check --stale``.

Each page names its owner and when it was last reviewed (GOV.UK's habit); this
lists the published items nobody has looked at for a while, as warnings in the
one problem shape (``path:line: message``), pointing at the ``reviewed`` line an
editor updates after checking the page. Drafts are left out: readers do not see
them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from ..layout import STALE_MONTHS
from ..problems import Problem, warning

if TYPE_CHECKING:
    from .items import Item


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (31 May − 3 months = 28/29 Feb)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def interval(months: int) -> str:
    return "1 måned" if months == 1 else f"{months} måneder"


def stale_items(items: list[Item], today: dt.date, months: int = STALE_MONTHS) -> list[Problem]:
    """Published items not reviewed since ``months`` months before ``today``, oldest first."""
    from .. import norsk  # here, not at the top: the `toolkit` command imports this module

    cutoff = months_before(today, months)
    found: list[tuple[dt.date, Problem]] = []
    for item in items:
        if item.meta.draft:
            continue
        owner = f" (eier: {item.meta.owner})" if item.meta.owner else ""
        reviewed = item.meta.reviewed
        if reviewed is None:
            found.append((dt.date.min, warning(
                item.path, 1, f"aldri gjennomgått: «reviewed» mangler{owner}")))
        elif reviewed < cutoff:
            found.append((reviewed, warning(
                item.path, item.line_of("reviewed"),
                f"sist gjennomgått {norsk.date(reviewed)}, "
                f"for mer enn {interval(months)} siden{owner}")))
    return [problem for _, problem in sorted(found, key=lambda pair: (pair[0], pair[1]))]


def summary(count: int, months: int) -> str:
    period = "den siste måneden" if months == 1 else f"de siste {months} månedene"
    if count == 0:
        return f"Alle sidene er gjennomgått {period}."
    pages = "1 side" if count == 1 else f"{count} sider"
    return f"{pages} er ikke gjennomgått {period}."
