"""What a collection is: one description each, and the registry that holds them.

A collection (Hugo calls it a section) is a folder of ``content/`` whose items share a
model, a page, checks and a listing. Everything else in the toolkit asks the registry
instead of naming collections: loading finds each collection's files and validates them
against its model, the site lists and relates items in the registry's order, the
pipeline renders each item with its collection's renderer, ``toolkit new`` copies its
template. Adding a collection is one package in ``toolkit/collections/``
(docs-dev/architecture.md says how).

The description holds the renderer and the checks as plain callables, so this module
(and the content layer that loads items) never imports a renderer. What they are given
is typed by what they may ask of it: ``SiteView`` (which ``toolkit.site.Site`` is) and
``ContentView`` (which ``toolkit.content.loaded.Content`` is), Protocols here, since
this module is below both and must not import the layers that use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from ..problems import Problem
from .cache import Cache
from .items import Body, Item
from .models import ItemMeta, Theme

M = TypeVar("M", bound=ItemMeta)

#: ``index`` names every collection's listing page (and the themes' overview).
RESERVED_SLUGS = frozenset({"index"})


class SiteView(Protocol):
    """What a collection's page, listing and reading order may ask of the site of one
    cohort (``toolkit.site.Site``): its items, related both ways and indexed by collection,
    theme and use, and nothing it could change."""

    @property
    def registry(self) -> Registry: ...
    @property
    def items(self) -> Sequence[Item[ItemMeta]]: ...
    @property
    def themes(self) -> Mapping[str, Theme]: ...
    @property
    def by_id(self) -> Mapping[str, Item[ItemMeta]]: ...
    def collection(self, item: Item[ItemMeta]) -> Collection[Any]: ...
    def in_collection(self, collection: str) -> list[Item[ItemMeta]]: ...
    def related(self, item: Item[ItemMeta]) -> list[Item[ItemMeta]]: ...
    def used_in(self, item: Item[ItemMeta]) -> list[Item[ItemMeta]]: ...
    def with_theme(self, slug: str) -> list[Item[ItemMeta]]: ...
    def reading_order(self, collection: Collection[Any]) -> list[Item[ItemMeta]]: ...


class ContentView(Protocol):
    """What a collection's check may ask of all the content (``toolkit.content.Content``):
    every item by id, and the ids of files that could not be read (they report their own
    errors, so a reference to one is no second error)."""

    @property
    def by_id(self) -> Mapping[str, Item[ItemMeta]]: ...
    @property
    def claimed(self) -> AbstractSet[str]: ...


@dataclass(frozen=True)
class Uses(Generic[M]):
    """What an item of a collection uses, shown on the pages of what it uses: a meeting
    plan's exercises and theory pages list the plan under «Brukes i møteplanene», with
    its length.

    A hook of the registry though one collection has it, for a named reason: the pages
    that show it belong to other collections (an exercise's, a theory page's, a
    recording's), and they must not import the collection that uses them; the site
    indexes the use both ways (``toolkit.site.Site.used_in``)."""

    #: The ids of the items an item uses, in its order.
    ids: Callable[[Item[M]], Sequence[str]]
    #: The heading over the users on a used item's page: «Brukes i møteplanene».
    heading: str
    #: What a user's line says beside its title: a plan's length, «1 t 30 min».
    facts: Callable[[Item[M]], str]


#: A generated file's text, or what makes it when the file is read (in a build, when
#: MkDocs reads it: after work ``prepare`` left going has had time to finish).
Text = str | Callable[[], str]


@dataclass(frozen=True)
class Prepared(Generic[M]):
    """What a collection's ``prepare`` step gives back: its items completed, the problems
    found on the way, and work it left going beside the build (``later``)."""

    items: list[Item[M]]
    problems: list[Problem] = field(default_factory=list)
    #: Work still going on, for a build to finish beside MkDocs' rendering (a recording's
    #: captions, parsed by a worker process): waits for all of it and returns the problems
    #: found in it. Loading calls it at once unless asked to leave it (``content.load``).
    later: Callable[[], list[Problem]] | None = None


@dataclass(frozen=True)
class Collection(Generic[M]):
    """One collection: where its files are, what they hold, how they become pages."""

    #: The folder under ``content/``, the URL segment and the first part of every id.
    id: str
    #: What one item is called, and several (Norwegian): «Øvelse», «Øvelser».
    label: str
    plural: str
    #: The front matter's pydantic model. Its fields that name a file beside the item
    #: (``models.file_in_bundle``) are the files a page bundle publishes.
    model: type[M]
    #: The item's page as ordinary Markdown; a pure function of the item and the site.
    render: Callable[[Item[M], SiteView], str]
    #: One sentence under the listing's title, and its description.
    intro: str
    #: What ``toolkit new`` copies: a Markdown file, or for bundles a folder.
    template: Path
    #: Items are page bundles (``<slug>/index.md`` with their files beside it), and a flat
    #: file is a mistake. Flat collections accept bundles too, for an item with images.
    bundle: bool = False
    #: Where the collection comes in listings, the navigation and related lists.
    order: int = 100
    #: Slugs that mean something else in this collection (beside ``index``), and why.
    reserved: Mapping[str, str] = field(default_factory=dict)
    #: The ``##`` sections every body has, in order (an exercise's six). A hook though one
    #: collection has it, for a named reason: the editing form (``toolkit/editor/``) shows
    #: each as a field of its own, and builds its fields from the registry, naming no
    #: collection.
    sections: tuple[str, ...] = ()
    #: After loading, with every item of the collection at once: complete the items with
    #: what their pages show beyond the front matter, worked out once (a recording's
    #: captions, parsed in parallel, its transcript and its video's type), with the
    #: problems found on the way; what must outlive a preview's rebuild is kept in the
    #: collection's part of the ``Cache``. What takes long may go on beside the build
    #: (``Prepared.later``). A hook though one collection has it today, for
    #: a named reason: loading is the same for every collection and names none, and a
    #: second user is next («Kjør møtet», issue 28: each exercise's steps and reflection
    #: questions, parsed once from its body for the planner's run view).
    prepare: Callable[[list[Item[M]], Cache], Prepared[M]] | None = None
    #: Checks of one item that only its collection knows, with all content at hand.
    check: Callable[[Item[M], ContentView], list[Problem]] | None = None
    #: Checks of an item's body alone (an exercise's sections and timed steps): run on
    #: every item, and also on a file whose front matter has errors, so that one
    #: ``toolkit check`` lists the body's mistakes with the front matter's.
    check_body: Callable[[Body], list[Problem]] | None = None
    #: The files the collection generates besides its items' pages, as (path, text): its
    #: listing (by default a page of cards), and whatever else it publishes (the finder's
    #: ``ovelser.json``, a recording's chapter track beside its page, made when it is read
    #: since it ends where the captions do: ``Text``).
    generated: Callable[[SiteView], Sequence[tuple[str, Text]]] | None = None
    #: The order of the listing and the navigation; by default by title.
    reading_order: Callable[[list[Item[M]], SiteView], list[Item[M]]] | None = None
    #: What an item uses (a meeting plan's exercises), listed on the pages of what it uses.
    uses: Uses[M] | None = None
    #: What of an item counts as a change of substance besides its title, description and
    #: themes, by the names ``content/changes.py`` gives them (``steps``, ``duration``), for
    #: «Nytt i dette kullet» and ``toolkit changes``: an exercise's steps and length.
    substance: Callable[[Item[M]], Mapping[str, str]] | None = None
    #: One item with its article, for messages: «et opptak» (by default «en øvelse»).
    one: str = ""

    @property
    def one_item(self) -> str:
        return self.one or f"en {self.label.lower()}"

    @property
    def index_page(self) -> str:
        """The listing's Markdown file, relative to the docs root."""
        return f"{self.id}/index.md"

    def is_reserved(self, slug: str) -> bool:
        return slug in RESERVED_SLUGS or slug in self.reserved

    def reserved_message(self, slug: str) -> str:
        """Why ``slug`` cannot name an item here, in Norwegian."""
        if slug in RESERVED_SLUGS:
            return f"navnet «{slug}» er reservert: {self.id}/{slug} er oversiktssiden; gi filen et annet navn"
        return f"navnet «{slug}» er reservert i {self.id}/: {self.reserved[slug]}; gi filen et annet navn"


class Registry:
    """The collections of a site, in their order; looked up by id."""

    def __init__(self, collections: Iterable[Collection[Any]]):
        ordered = sorted(collections, key=lambda c: (c.order, c.id))
        self._by_id: dict[str, Collection[Any]] = {}
        for collection in ordered:
            if collection.id in self._by_id:
                raise ValueError(f"two collections are called {collection.id!r}")
            self._by_id[collection.id] = collection

    def __iter__(self) -> Iterator[Collection[Any]]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, collection_id: object) -> bool:
        return collection_id in self._by_id

    def __getitem__(self, collection_id: str) -> Collection[Any]:
        return self._by_id[collection_id]

    def get(self, collection_id: str) -> Collection[Any] | None:
        return self._by_id.get(collection_id)

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)

    def with_model(self, kind: type[ItemMeta]) -> list[Collection[Any]]:
        """The collections whose front matter is a ``kind`` (the recordings a cohort's
        sessions may name: ``models.SessionRecording``)."""
        return [collection for collection in self if issubclass(collection.model, kind)]

    def position(self, collection_id: str) -> int:
        """The collection's place in the order (unknown ones last)."""
        return self.ids.index(collection_id) if collection_id in self._by_id else len(self._by_id)
