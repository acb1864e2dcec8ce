"""A meeting plan as the planner's address: its blocks, the words that name them, its limits.

The planner at ``/moteplan/`` keeps its whole state in its address
(``?start=09:00&tid=90&blokker=innsjekk-og-utsjekk,teori:beslutninger:15,pause:10``), and
a ready-made plan (``content/moteplaner/``) is written in the same words as its blocks
(``- teori: teori/beslutninger``). Both read a plan with the same limits, and
``planner.js`` holds the same numbers (tests/test_planner.py). So this format is its own
module, at the bottom of the toolkit beside ``slug`` and ``norsk`` (the standard library
only): the ready-made plans' model and page, the exercise page's «Legg i møteplanen» and
the planner's page (``toolkit/pages/planner.py``) all write it from here.
docs-dev/planner.md describes the address.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

#: The planner's page, relative to the docs root: a plan's address is this page's with a query.
PAGE = "moteplan/index.md"
#: The run view («Kjør møtet»): the same query opens the plan on the meeting-room screen.
RUN_PAGE = "moteplan/kjor/index.md"
DEFAULT_START = "09:00"

#: The words of a plan: a block in the address (``teori:<slug>:15``, ``pause:10``,
#: ``punkt:15:<text>``) and a ready-made plan's block kinds (``- teori: teori/<slug>``,
#: ``- pause: 10``, ``- punkt: Orienteringssaker``). ``teori`` is also the theory
#: collection's folder, by the choice of a Norwegian word, not by reference: links already
#: shared keep their meaning whatever the collections are called.
THEORY = "teori"
PAUSE = "pause"
POINT = "punkt"
#: A ready-made plan's block kind for an exercise (``- ovelse: ovelser/<slug>``); in the
#: address an exercise is its bare slug.
EXERCISE = "ovelse"
#: The address's words, which no exercise may have as its slug.
WORDS = frozenset({THEORY, PAUSE, POINT})

#: A plan's limits, the same for a ready-made plan and for a plan from a link or from
#: storage: a block's minutes, a meeting's minutes, a free item's text, the blocks of a
#: plan (more in a link are a broken or hostile link: the first ones open), and the
#: planner's own title (longer is a broken or hostile link).
MAX_MINUTES = 480
MAX_MEETING = 600
MAX_TEXT = 200
MAX_BLOCKS = 100
MAX_TITLE = 120

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_START = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _minutes(value: int | None, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_MINUTES:
        raise ValueError(f"minutes must be a whole number from 1 to {MAX_MINUTES}, not {value!r}")


def _slug(value: str) -> None:
    if not _SLUG.match(value):
        raise ValueError(f"not a slug: {value!r}")


@dataclass(frozen=True)
class ExerciseBlock:
    """An exercise by slug; ``minutes`` None means the exercise's own ``duration``."""

    slug: str
    minutes: int | None = None

    def __post_init__(self) -> None:
        _slug(self.slug)
        if self.slug in WORDS:
            raise ValueError(f"«{self.slug}» is a word of the plan format, not an exercise slug")
        _minutes(self.minutes, optional=True)


@dataclass(frozen=True)
class TheoryBlock:
    """Reading or talking through a theory page, by slug."""

    slug: str
    minutes: int

    def __post_init__(self) -> None:
        _slug(self.slug)
        _minutes(self.minutes)


@dataclass(frozen=True)
class PauseBlock:
    minutes: int

    def __post_init__(self) -> None:
        _minutes(self.minutes)


@dataclass(frozen=True)
class FreeBlock:
    """An item of the leader's own, such as «Orienteringssaker»."""

    text: str
    minutes: int

    def __post_init__(self) -> None:
        if not self.text or len(self.text) > MAX_TEXT:  # a ready-made plan's rule (its Block.point)
            raise ValueError(f"a free item's text is 1 to {MAX_TEXT} characters, not {self.text!r}")
        _minutes(self.minutes)


Block = ExerciseBlock | TheoryBlock | PauseBlock | FreeBlock


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def encode(text: str) -> str:
    """Percent-encode like JavaScript's ``encodeURIComponent`` (UTF-8; letters, digits
    and ``-_.!~*'()`` stay as they are), so the script and Python write the same text."""
    return quote(text, safe="!~*'()")


def block_token(block: Block) -> str:
    """One block as it stands in ``blokker``: ``slug``, ``slug:40``, ``pause:10``,
    ``teori:<slug>:15`` or ``punkt:15:<encoded text>``."""
    match block:
        case ExerciseBlock(slug, None):
            return slug
        case ExerciseBlock(slug, minutes):
            return f"{slug}:{minutes}"
        case TheoryBlock(slug, minutes):
            return f"{THEORY}:{slug}:{minutes}"
        case PauseBlock(minutes):
            return f"{PAUSE}:{minutes}"
        case FreeBlock(text, minutes):
            return f"{POINT}:{minutes}:{encode(text)}"
    raise TypeError(f"not a block: {block!r}")


def _real_date(value: str) -> bool:
    """A real date from 2000 to 2100, as the planner takes it (no 30 February)."""
    if not _DATE.match(value):
        return False
    try:
        return 2000 <= dt.date.fromisoformat(value).year <= 2100
    except ValueError:
        return False


def query(
    blocks: Sequence[Block],
    start: str = DEFAULT_START,
    available: int | None = None,
    title: str | None = None,
    date: str | None = None,
    end: str | None = None,
) -> str:
    """The planner's address query for a plan, with its leading ``?`` as in
    ``location.search``: append it to the planner's address (``moteplan/``).

    ``start`` is ``HH:MM``; the meeting's length is either ``available``, the minutes
    it has (``tid``), or ``end``, when it ends (``slutt``, ``HH:MM``); ``title`` and
    ``date`` (``YYYY-MM-DD``) are printed on the agenda and go into the calendar file.
    The parameters come in the order the planner writes them, so its address stays the
    same when the plan is opened: ``?start=09:00&tid=90&blokker=innsjekk-og-utsjekk,pause:10``.
    A meeting has at most ``MAX_MEETING`` minutes and a title at most ``MAX_TITLE``
    characters. More than ``MAX_BLOCKS`` blocks are written, but the planner opens only
    the first ``MAX_BLOCKS`` and says so.
    """
    if not _START.match(start):
        raise ValueError(f"start must be HH:MM, not {start!r}")
    if available is not None and (not isinstance(available, int) or isinstance(available, bool)
                                  or not 1 <= available <= MAX_MEETING):
        raise ValueError(f"available must be a whole number from 1 to {MAX_MEETING}, not {available!r}")
    if end is not None:
        length = _clock(end) - _clock(start) if _START.match(end) else 0
        if available is not None or not 1 <= length <= MAX_MEETING:
            raise ValueError(f"end must be HH:MM after start, at most {MAX_MEETING} minutes on, "
                             f"and not beside available: {end!r}")
    if date is not None and not _real_date(date):
        raise ValueError(f"date must be a real date YYYY-MM-DD, not {date!r}")
    if title is not None and len(title) > MAX_TITLE:
        raise ValueError(f"title has at most {MAX_TITLE} characters: {title!r}")
    parts = [f"start={start}"]
    if available is not None:
        parts.append(f"tid={available}")
    elif end is not None:
        parts.append(f"slutt={end}")
    if title:
        parts.append(f"tittel={encode(title)}")
    if date:
        parts.append(f"dato={date}")
    if blocks:
        parts.append("blokker=" + ",".join(block_token(b) for b in blocks))
    return "?" + "&".join(parts)
