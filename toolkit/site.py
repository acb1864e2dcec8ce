"""The resolved site of one cohort: published items, their themes and links both ways.

This is the step after validation in DESIGN.md's flow: drafts are left out, the
cohort filter is applied, and ``related`` is made symmetric, so that renderers only
ever ask questions ("what relates to this?") and never re-derive answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .cohorts import Cohort
from .content import COLLECTIONS, Item
from .models import Theme

ORDER = {name: index for index, name in enumerate(COLLECTIONS)}


def published_in(item: Item, cohort: Cohort | None) -> bool:
    """Drafts never; items without ``cohorts`` always; the rest in the cohorts they name."""
    if item.meta.draft:
        return False
    if item.meta.cohorts is None:
        return True
    return cohort is not None and cohort.id in item.meta.cohorts


@dataclass
class Site:
    items: list[Item]
    themes: dict[str, Theme]
    cohort: Cohort | None = None
    cohorts: dict[str, Cohort] = field(default_factory=dict)
    by_id: dict[str, Item] = field(init=False)
    _related: dict[str, set[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.items = sorted(self.items, key=lambda i: (ORDER[i.collection], i.meta.title.lower()))
        self.by_id = {item.id: item for item in self.items}
        self._related = defaultdict(set)
        for item in self.items:
            for other_id in item.meta.related:
                if other_id in self.by_id and other_id != item.id:
                    self._related[item.id].add(other_id)
                    self._related[other_id].add(item.id)

    def in_collection(self, collection: str) -> list[Item]:
        return [item for item in self.items if item.collection == collection]

    def related(self, item: Item) -> list[Item]:
        """Items linked to ``item`` in either direction, by collection then title."""
        return [self.by_id[i] for i in self._sorted(self._related[item.id])]

    def with_theme(self, slug: str) -> list[Item]:
        return [item for item in self.items if slug in item.meta.themes]

    def _sorted(self, ids: set[str]) -> list[str]:
        return sorted(ids, key=lambda i: (ORDER[self.by_id[i].collection], self.by_id[i].meta.title.lower()))


def resolve(items: list[Item], themes: dict[str, Theme], cohort: Cohort | None,
            cohorts: dict[str, Cohort]) -> Site:
    return Site([i for i in items if published_in(i, cohort)], themes, cohort, cohorts)
