"""The resolved site of one cohort: published items, their themes and links both ways.

This is the step after reading and checking in DESIGN.md's flow: drafts are left out
(unless the preview asks for them: ``include_drafts``), the cohort filter is applied,
``related`` is made symmetric, and what uses what (a meeting plan's exercises) is
indexed both ways, so that renderers only ever ask questions ("what relates to this?",
"which plans use this exercise?") and never re-derive answers or read a file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import norsk
from .content import Content
from .content.cache import Cache
from .content.cohorts import Cohort, newest, published_in
from .content.collection import Collection, Registry
from .content.items import Item
from .content.models import Theme
from .problems import ContentError, Problem


@dataclass
class Site:
    """One cohort's site: what the renderers ask their questions of."""

    registry: Registry
    items: list[Item[Any]]
    themes: dict[str, Theme]
    cohort: Cohort | None = None
    cohorts: dict[str, Cohort] = field(default_factory=dict)
    #: Work a renderer may keep for the next build in the same process (the preview's
    #: transcripts); owned by the build, never read for anything but a repeat answer.
    memo: Cache = field(default_factory=Cache)
    by_id: dict[str, Item[Any]] = field(init=False)
    _related: dict[str, set[str]] = field(init=False)
    _used_in: dict[str, list[str]] = field(init=False)
    _groups: dict[str, dict[str, list[Item[Any]]]] = field(init=False, default_factory=dict)
    _position: dict[str, int] = field(init=False)  # site order, for sorting what a page lists

    def __post_init__(self) -> None:
        self.items = sorted(self.items, key=self._key)
        self.by_id = {item.id: item for item in self.items}
        self._position = {item.id: number for number, item in enumerate(self.items)}
        self._related = defaultdict(set)
        self._used_in = defaultdict(list)
        for item in self.items:
            for other_id in item.meta.related:
                if other_id in self.by_id and other_id != item.id:
                    self._related[item.id].add(other_id)
                    self._related[other_id].add(item.id)
            uses = self.registry[item.collection].uses
            for used in dict.fromkeys(uses(item) if uses else ()):
                if used in self.by_id:
                    self._used_in[used].append(item.id)

    def collection(self, item: Item[Any]) -> Collection[Any]:
        return self.registry[item.collection]

    def in_collection(self, collection: str) -> list[Item[Any]]:
        return list(self._grouped("collection").get(collection, ()))

    def related(self, item: Item[Any]) -> list[Item[Any]]:
        """Items linked to ``item`` in either direction, by collection then title."""
        return [self.by_id[i] for i in sorted(self._related[item.id], key=self._position.__getitem__)]

    def used_in(self, item: Item[Any]) -> list[Item[Any]]:
        """The items that use ``item`` (the meeting plans with this exercise), in site order."""
        return [self.by_id[i] for i in sorted(self._used_in[item.id], key=self._position.__getitem__)]

    def with_theme(self, slug: str) -> list[Item[Any]]:
        return list(self._grouped("theme").get(slug, ()))

    def reading_order(self, collection: Collection[Any]) -> list[Item[Any]]:
        """A collection's items in the order its listing and the navigation show them."""
        items = self.in_collection(collection.id)
        return collection.reading_order(items, self) if collection.reading_order else items

    def _key(self, item: Item[Any]) -> tuple[int, str]:
        return self.registry.position(item.collection), norsk.sort_key(item.meta.title)

    def _grouped(self, by: str) -> dict[str, list[Item[Any]]]:
        """Items per collection or per theme, in site order, worked out once: pages ask per
        item, and a scan of all items each time made a build quadratic (issue 9)."""
        if by not in self._groups:
            groups: dict[str, list[Item[Any]]] = defaultdict(list)
            for item in self.items:
                for key in ([item.collection] if by == "collection" else dict.fromkeys(item.meta.themes)):
                    groups[key].append(item)
            self._groups[by] = groups
        return self._groups[by]


def in_cohort(item: Item[Any], cohort: Cohort | None) -> bool:
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


def resolve(content: Content, cohort_id: str | None = None, memo: Cache | None = None, *,
            include_drafts: bool = False) -> Site:
    """One cohort's site from checked content (``ContentError`` for an unknown cohort).

    ``include_drafts`` is for the preview only: drafts of the cohort are then part of the
    site as they will be once published (their pages, listings, links both ways). Every
    build that readers get leaves them out."""
    cohort = choose_cohort(content.cohorts, cohort_id)
    published = [item for item in content.items
                 if published_in(item, cohort) or (include_drafts and item.meta.draft and in_cohort(item, cohort))]
    return Site(content.registry, published, content.themes, cohort, content.cohorts,
                memo if memo is not None else Cache())
