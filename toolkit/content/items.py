"""Items: one Markdown file each, typed by its collection's model (``loading`` reads them).

An item is a flat file (``content/teori/<slug>.md``) or a page bundle
(``content/opptak/<slug>/index.md``) whose files (captions, video, slides, images) live
beside it, as in Hugo. Loading reads each file once and builds the whole item: the front
matter validated against its collection's model, the body, and the bundle's files that
its page publishes, with their sizes. Nothing after loading opens an editor's file again.
Every problem is collected; a broken file is left out of the items but still claims its
id, so that the pages linking to it get no knock-on errors.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeGuard, TypeVar

from ..problems import Problem, warning
from .frontmatter import Parsed
from .models import ItemMeta, Publication, file_fields

# Covariant: an item of exercises is an item (``Item[ExerciseMeta]`` where an
# ``Item[ItemMeta]`` is asked for); the item is frozen, so nothing can put another meta in.
M = TypeVar("M", bound=ItemMeta, covariant=True)
T = TypeVar("T", bound=ItemMeta)

@dataclass(frozen=True)
class BundleFile:
    """A file of a page bundle that the page publishes beside it."""

    name: str
    source: Path
    size: int


@dataclass(frozen=True)
class Item(Generic[M]):
    """One published or draft piece of content, complete: what the pages need of it."""

    collection: str
    slug: str
    path: str  # relative to the project root, as problems name it
    source: Path  # the Markdown file
    meta: M
    body: str
    body_line: int
    lines: Parsed = field(repr=False, compare=False)
    #: The bundle files its page publishes (named in the front matter or linked from the body).
    files: tuple[BundleFile, ...] = ()
    #: When the item came into the repository (git), for «Nytt i verktøykassa».
    added: dt.date | None = None

    @property
    def id(self) -> str:
        return f"{self.collection}/{self.slug}"

    @property
    def bundle_dir(self) -> Path | None:
        """The folder of a page bundle, whose files are the item's resources."""
        return self.source.parent if self.source.name == "index.md" else None

    @property
    def url(self) -> str:
        """The item's page, relative to the site root."""
        return f"{self.collection}/{self.slug}/"

    @property
    def page_path(self) -> str:
        """Where the item's Markdown goes, relative to the docs root (mirrors ``content/``,
        so that editors' relative links keep working)."""
        if self.bundle_dir is not None:
            return f"{self.collection}/{self.slug}/index.md"
        return f"{self.collection}/{self.slug}.md"

    def file(self, name: str) -> BundleFile | None:
        return next((f for f in self.files if f.name == name), None)

    def line_of(self, *loc: str | int) -> int:
        return self.lines.line_of(tuple(loc))


@dataclass(frozen=True)
class UnreadItem:
    """A file whose front matter has errors: no item, so no page, but it claims its id (a
    link to it is no second error) and its body is still checked, as far as it can be
    read, so that one ``toolkit check`` lists the body's mistakes with the front matter's.
    ``publication`` is its ``draft`` and ``cohorts`` when those two fields could be read."""

    collection: str
    slug: str
    path: str
    source: Path
    body: str
    body_line: int
    publication: Publication | None = None

    @property
    def id(self) -> str:
        return f"{self.collection}/{self.slug}"


class Body(Protocol):
    """An item's Markdown body and where it is: what the body checks read, whether or
    not the front matter above it could be read (an ``Item`` or an ``UnreadItem``)."""

    @property
    def collection(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def body_line(self) -> int: ...


def of_model(items: Iterable[Item[ItemMeta]], model: type[T]) -> list[Item[T]]:
    """The items whose front matter is a ``model``, typed so: a collection's page asks the
    site for its own items (``site.in_collection(ID)``) and gets them typed by its model."""
    return [item for item in items if _has_model(item, model)]


def _has_model(item: Item[ItemMeta], model: type[T]) -> TypeGuard[Item[T]]:
    return isinstance(item.meta, model)


def publication(item: Item[Any] | UnreadItem) -> Publication | None:
    """An item's ``draft`` and ``cohorts``, or None when its front matter could not tell."""
    if isinstance(item, UnreadItem):
        return item.publication
    return Publication.model_construct(draft=item.meta.draft, cohorts=item.meta.cohorts)


def claimed_id(collection: str, source: Path) -> str:
    """The id a Markdown file claims from its place, whether or not it can be read."""
    slug = source.parent.name if source.name == "index.md" else source.stem
    return f"{collection}/{slug}"


# A file the body links to: ![alt](bilde.png), [lysark](notater.pdf) or src="bilde.png".
_BODY_FILE = re.compile(r"\]\(\s*<?(?:\./)?([^)\s>/#?]+)>?|(?:src|href)\s*=\s*[\"'](?:\./)?([^\"'/#?]+)[\"']")


def bundle_files(item: Item[Any]) -> tuple[tuple[BundleFile, ...], list[Problem]]:
    """The files of a page bundle that its page uses, to be published beside it: those the
    front matter names (its model's ``file_fields``) and those its body links to. Any other file in
    the folder stays unpublished, with a warning that names it, so that a forgotten draft
    or a stray export never reaches the intranet unseen. Files whose names start with «_»
    (a recording's manuscript, ``_manus.yml``) are the editors' working files: kept
    beside the page, never published, not warned about."""
    folder = item.bundle_dir
    if folder is None:
        return (), []
    model: type[ItemMeta] = type(item.meta)
    named = {getattr(item.meta, key) for key in file_fields(model)}
    for match in _BODY_FILE.finditer(item.body):
        named.add(match.group(1) or match.group(2))
    published: list[BundleFile] = []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name == "index.md" or path.name.startswith((".", "_")) or not path.is_file():
            continue
        if path.name in named:
            published.append(BundleFile(path.name, path, path.stat().st_size))
        else:
            problems.append(warning(posixpath.join(posixpath.dirname(item.path), path.name), 0, (
                "filen blir ikke publisert: verken front matter eller teksten i index.md viser til den")))
    return tuple(published), problems
