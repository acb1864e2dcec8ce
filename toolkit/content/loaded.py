"""``Content``: everything the editors wrote, as loaded, with every problem found in it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem
from .cohorts import Cohort
from .collection import Registry
from .frontmatter import Parsed
from .items import Item, UnreadItem
from .models import Theme
from .team_check import TeamCheck


@dataclass
class Content:
    """Everything the editors wrote, as loaded, with every problem found in it."""

    registry: Registry
    items: list[Item[Any]]
    themes: dict[str, Theme]
    cohorts: dict[str, Cohort]
    #: The site's own Markdown pages (``docs/**/*.md``), by path inside ``docs/``.
    docs: dict[str, str]
    problems: list[Problem]
    themes_lines: Parsed | None = None
    #: Ids of items whose file exists but could not be read or validated. They still
    #: claim their id, so that a link to a broken file is not a second, knock-on error.
    claimed: set[str] = field(default_factory=set)
    #: The files among those whose front matter has errors that still have a body to check.
    unread: list[UnreadItem] = field(default_factory=list)
    #: Ids of cohort files that could not be read: like ``claimed``, no knock-on errors.
    claimed_cohorts: set[str] = field(default_factory=set)
    #: Ledergruppesjekken (``content/ledergruppesjekk.yml``), None when absent or in error.
    team_check: TeamCheck | None = None
    team_check_lines: Parsed | None = None
    #: Work still going on whose problems are not in ``problems`` yet (``load(later=True)``):
    #: ``settle`` waits for it.
    pending: list[Callable[[], list[Problem]]] = field(default_factory=list)

    def settle(self) -> list[Problem]:
        """Wait for the work still going on (a recording's captions being parsed), add the
        problems found in it to ``problems`` and return them."""
        found: list[Problem] = []
        while self.pending:
            found += self.pending.pop(0)()
        self.problems += found
        return found

    @property
    def by_id(self) -> Mapping[str, Item[Any]]:
        return {item.id: item for item in self.items}
