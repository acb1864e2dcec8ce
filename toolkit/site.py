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
from .slug import sort_key

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
    _groups: dict[str, dict[str, list[Item]]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.items = sorted(self.items, key=lambda i: (ORDER[i.collection], sort_key(i.meta.title)))
        self.by_id = {item.id: item for item in self.items}
        self._related = defaultdict(set)
        for item in self.items:
            for other_id in item.meta.related:
                if other_id in self.by_id and other_id != item.id:
                    self._related[item.id].add(other_id)
                    self._related[other_id].add(item.id)

    def in_collection(self, collection: str) -> list[Item]:
        return list(self._grouped("collection").get(collection, ()))

    def related(self, item: Item) -> list[Item]:
        """Items linked to ``item`` in either direction, by collection then title."""
        return [self.by_id[i] for i in self._sorted(self._related[item.id])]

    def with_theme(self, slug: str) -> list[Item]:
        return list(self._grouped("theme").get(slug, ()))

    def _grouped(self, by: str) -> dict[str, list[Item]]:
        """Items per collection or per theme, in site order, worked out once: pages ask per
        item, and a scan of all items each time made a build quadratic (issue 9)."""
        if by not in self._groups:
            groups: dict[str, list[Item]] = defaultdict(list)
            for item in self.items:
                for key in ([item.collection] if by == "collection" else dict.fromkeys(item.meta.themes)):
                    groups[key].append(item)
            self._groups[by] = groups
        return self._groups[by]

    def _sorted(self, ids: set[str]) -> list[str]:
        return sorted(ids, key=lambda i: (ORDER[self.by_id[i].collection], sort_key(self.by_id[i].meta.title)))


def resolve(items: list[Item], themes: dict[str, Theme], cohort: Cohort | None,
            cohorts: dict[str, Cohort]) -> Site:
    return Site([i for i in items if published_in(i, cohort)], themes, cohort, cohorts)
