"""The resolved site of one cohort: published items, their themes and links both ways.

This is the step after reading and checking in DESIGN.md's flow: drafts are left out
(unless the preview asks for them: ``include_drafts``), the cohort filter is applied,
``related`` is made symmetric, and what uses what (a meeting plan's exercises) is
indexed both ways, so that renderers only ever ask questions ("what relates to this?",
"which plans use this exercise?") and never re-derive answers or read a file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from . import norsk
from .content import Content
from .content.cohorts import Cohort, newest, published_in
from .content.collection import Collection, Registry
from .content.items import Item
from .content.models import ItemMeta, Theme
from .content.team_check import TeamCheck, for_cohort
from .problems import ContentError, Problem


@dataclass(frozen=True)
class Site:
    """One cohort's site: what the renderers ask their questions of.

    Frozen, with every index built when it is made (``__post_init__``): a renderer only
    reads it, so rendering pages in any order, or twice, gives the same pages."""

    registry: Registry
    items: tuple[Item[ItemMeta], ...]
    themes: Mapping[str, Theme]
    cohort: Cohort | None = None
    cohorts: Mapping[str, Cohort] = field(default_factory=dict)
    #: Ledergruppesjekken as this cohort's site shows it (None: the repository has none).
    team_check: TeamCheck | None = None
    by_id: Mapping[str, Item[ItemMeta]] = field(init=False)
    _related: Mapping[str, tuple[str, ...]] = field(init=False, repr=False)
    _used_in: Mapping[str, tuple[str, ...]] = field(init=False, repr=False)
    _by_collection: Mapping[str, tuple[Item[ItemMeta], ...]] = field(init=False, repr=False)
    _by_theme: Mapping[str, tuple[Item[ItemMeta], ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The indexes are the site's own fields, set once here; a frozen dataclass sets its
        # fields through object.__setattr__, as its generated __init__ does.
        items = tuple(sorted(self.items, key=self._key))
        by_id = {item.id: item for item in items}
        position = {item.id: number for number, item in enumerate(items)}
        related: dict[str, set[str]] = defaultdict(set)
        used_in: dict[str, list[str]] = defaultdict(list)
        by_collection: dict[str, list[Item[ItemMeta]]] = defaultdict(list)
        by_theme: dict[str, list[Item[ItemMeta]]] = defaultdict(list)
        for item in items:
            for other_id in item.meta.related:
                if other_id in by_id and other_id != item.id:
                    related[item.id].add(other_id)
                    related[other_id].add(item.id)
            uses = self.registry[item.collection].uses
            for used in dict.fromkeys(uses.ids(item) if uses else ()):
                if used in by_id:
                    used_in[used].append(item.id)
            by_collection[item.collection].append(item)
            for slug in dict.fromkeys(item.meta.themes):
                by_theme[slug].append(item)
        for name, value in (
            ("items", items),
            ("by_id", MappingProxyType(by_id)),
            ("_related", MappingProxyType({key: tuple(sorted(ids, key=position.__getitem__))
                                           for key, ids in related.items()})),
            ("_used_in", MappingProxyType({key: tuple(ids) for key, ids in used_in.items()})),
            ("_by_collection", MappingProxyType({key: tuple(group) for key, group in by_collection.items()})),
            ("_by_theme", MappingProxyType({key: tuple(group) for key, group in by_theme.items()})),
        ):
            object.__setattr__(self, name, value)

    def collection(self, item: Item[ItemMeta]) -> Collection[Any]:
        return self.registry[item.collection]

    def in_collection(self, collection: str) -> list[Item[ItemMeta]]:
        return list(self._by_collection.get(collection, ()))

    def related(self, item: Item[ItemMeta]) -> list[Item[ItemMeta]]:
        """Items linked to ``item`` in either direction, by collection then title."""
        return [self.by_id[i] for i in self._related.get(item.id, ())]

    def used_in(self, item: Item[ItemMeta]) -> list[Item[ItemMeta]]:
        """The items that use ``item`` (the meeting plans with this exercise), in site order."""
        return [self.by_id[i] for i in self._used_in.get(item.id, ())]

    def with_theme(self, slug: str) -> list[Item[ItemMeta]]:
        return list(self._by_theme.get(slug, ()))

    def reading_order(self, collection: Collection[Any]) -> list[Item[ItemMeta]]:
        """A collection's items in the order its listing and the navigation show them."""
        items = self.in_collection(collection.id)
        return collection.reading_order(items, self) if collection.reading_order else items

    def _key(self, item: Item[ItemMeta]) -> tuple[int, str]:
        return self.registry.position(item.collection), norsk.sort_key(item.meta.title)


def in_cohort(item: Item[ItemMeta], cohort: Cohort | None) -> bool:
    """Whether ``item`` is for ``cohort``'s site, draft or not (``published_in`` without
    its draft rule): items without ``cohorts`` are for every cohort."""
    return item.meta.cohorts is None or (cohort is not None and cohort.id in item.meta.cohorts)


def choose_cohort(cohorts: dict[str, Cohort], cohort_id: str | None) -> Cohort | None:
    """The cohort to build: the one asked for, or the newest."""
    if cohort_id is None:
        return newest(cohorts)
    if cohort_id not in cohorts:
        known = ", ".join(sorted(cohorts)) or "ingen"
        raise ContentError([Problem("cohorts", 0, f"ukjent kull «{cohort_id}» (kjente: {known})")])
    return cohorts[cohort_id]


def resolve(content: Content, cohort_id: str | None = None, *, include_drafts: bool = False) -> Site:
    """One cohort's site from checked content (``ContentError`` for an unknown cohort).

    ``include_drafts`` is for the preview only: drafts of the cohort are then part of the
    site as they will be once published (their pages, listings, links both ways). Every
    build that readers get leaves them out."""
    cohort = choose_cohort(content.cohorts, cohort_id)
    published = [item for item in content.items
                 if published_in(item, cohort) or (include_drafts and item.meta.draft and in_cohort(item, cohort))]
    return Site(content.registry, tuple(published), content.themes, cohort, content.cohorts,
                for_cohort(content.team_check, cohort.id if cohort else None))
