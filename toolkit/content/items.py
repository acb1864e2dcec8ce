"""Items: one Markdown file each, typed by its collection's model.

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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..layout import CONTENT_DIR, THEMES_FILE
from ..problems import Problem, warning
from ..slug import is_slug, slugify
from .frontmatter import Parsed, split_front_matter
from .models import ItemMeta
from .schema_errors import validate_model
from .sources import read_text, shown

if TYPE_CHECKING:
    from .cache import Cache
    from .captions import Captions
    from .collection import Collection, Registry

M = TypeVar("M", bound=ItemMeta)

# Files that look like content but would be silently left out: said as a warning.
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".txt"})


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
    #: A recording's captions, parsed once when the content is loaded.
    captions: Captions | None = field(default=None, repr=False, compare=False)
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


def claimed_id(collection: str, source: Path) -> str:
    """The id a Markdown file claims from its place, whether or not it can be read."""
    slug = source.parent.name if source.name == "index.md" else source.stem
    return f"{collection}/{slug}"


def item_files(root: Path, registry: Registry, refused: set[Path] | frozenset[Path] = frozenset(),
               ) -> tuple[list[tuple[Collection[Any], Path]], list[Problem]]:
    """Every (collection, Markdown file) under ``content/``, sorted for stable output, and
    a problem for each file or folder there that would be left out without a word: a
    misspelt extension (``.MD``, ``.markdown``), a folder without ``index.md``, a folder
    that is no collection, a hand-made ``index.md``. Paths in ``refused`` (links out of
    the repository) are skipped."""
    found: list[tuple[Collection[Any], Path]] = []
    problems: list[Problem] = []
    top = root / CONTENT_DIR
    if not top.is_dir() or top in refused:
        return found, problems
    for path in sorted(top.iterdir()):
        if path.is_dir() and path.name not in registry and path not in refused and not path.name.startswith("."):
            problems.append(warning(shown(path, root), 0, (
                f"mappen «{path.name}» er ingen samling og blir ikke publisert "
                f"(samlingene er {', '.join(registry.ids)})")))
        elif path.is_file() and path.name != THEMES_FILE and not path.name.startswith("."):
            problems.append(warning(shown(path, root), 0, (
                f"filen blir ikke lest: i {CONTENT_DIR}/ ligger bare {THEMES_FILE} og samlingenes mapper")))
    for collection in registry:
        folder = top / collection.id
        if not folder.is_dir() or folder in refused:
            continue
        for path in sorted(folder.iterdir()):
            if path in refused or path.name.startswith("."):
                continue
            relpath = shown(path, root)
            if path.is_file() and path.suffix == ".md" and path.name != "index.md":
                found.append((collection, path))
            elif path.is_dir() and (path / "index.md").is_file() and (path / "index.md") not in refused:
                found.append((collection, path / "index.md"))
            elif path.is_dir():
                problems.append(warning(relpath, 0, "mappen mangler index.md og blir ikke publisert"))
            elif path.name == "index.md":
                problems.append(Problem(relpath, 1, collection.reserved_message("index")))
            elif path.suffix.lower() in TEXT_SUFFIXES:
                problems.append(warning(relpath, 0, (
                    f"filendelsen «{path.suffix}» blir ikke lest: gi filen endelsen «.md» ({path.stem}.md)")))
            else:
                problems.append(warning(relpath, 0, (
                    "filen blir ikke publisert: bare .md-filer hører hjemme her (filer som hører til "
                    "en side, legges i sidens egen mappe: <navn>/index.md)")))
    return found, problems


def load_item(root: Path, collection: Collection[M], source: Path, cache: Cache,
              ) -> tuple[Item[M] | None, list[Problem]]:
    """One item from its file, or None and the problems that keep it out."""
    path = shown(source, root)
    slug = source.parent.name if source.name == "index.md" else source.stem
    problems: list[Problem] = []
    if not is_slug(slug):
        suggestion = slugify(slug) or "et-navn"
        problems.append(Problem(path, 1, f"navnet «{slug}» er ikke en gyldig slug: bruk «{suggestion}»"))
    elif collection.is_reserved(slug):
        problems.append(Problem(path, 1, collection.reserved_message(slug)))
    if collection.bundle and source.name != "index.md":
        problems.append(Problem(path, 1, (
            f"{collection.one_item} skal være en mappe: {CONTENT_DIR}/{collection.id}/{slug}/index.md, "
            "med filene som hører til (som tekstingen) i samme mappe")))
    text, read_problems = read_text(source, root)
    if text is None:
        return None, problems + read_problems
    cached = cache.items.get(source)
    if cached and cached[:2] == (collection.id, text):
        item, item_problems = cached[2], list(cached[3])
    else:
        item, item_problems = _parse_item(collection, slug, path, source, text)
        cache.items[source] = (collection.id, text, item, tuple(item_problems))
    if item is not None:
        files, file_problems = bundle_files(item, collection.file_fields)
        item_problems = item_problems + file_problems
        if files:
            item = replace(item, files=files)
    return (None if problems else item), problems + item_problems


def _parse_item(collection: Collection[M], slug: str, path: str, source: Path, text: str,
                ) -> tuple[Item[M] | None, list[Problem]]:
    doc = split_front_matter(text, path)
    problems = list(doc.meta.problems)
    if doc.meta.data is None or problems:
        return None, problems
    meta, schema_problems = validate_model(collection.model, doc.meta, path)
    if meta is None or schema_problems:
        return None, schema_problems
    return Item(collection.id, slug, path, source, meta, doc.body, doc.body_line, doc.meta), []


# A file the body links to: ![alt](bilde.png), [lysark](notater.pdf) or src="bilde.png".
_BODY_FILE = re.compile(r"\]\(\s*<?(?:\./)?([^)\s>/#?]+)>?|(?:src|href)\s*=\s*[\"'](?:\./)?([^\"'/#?]+)[\"']")


def bundle_files(item: Item[Any], file_fields: tuple[str, ...]) -> tuple[tuple[BundleFile, ...], list[Problem]]:
    """The files of a page bundle that its page uses, to be published beside it: those the
    front matter names (``file_fields``) and those its body links to. Any other file in
    the folder stays unpublished, with a warning that names it, so that a forgotten draft
    or a stray export never reaches the intranet unseen. Files whose names start with «_»
    (a recording's manuscript, ``_manus.yml``) are the editors' working files: kept
    beside the page, never published, not warned about."""
    folder = item.bundle_dir
    if folder is None:
        return (), []
    named = {getattr(item.meta, key, None) for key in file_fields}
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


def load_items(root: Path, registry: Registry, cache: Cache, refused: set[Path] | frozenset[Path] = frozenset(),
               ) -> tuple[list[Item[Any]], set[str], list[Problem]]:
    """Every item of every collection, the ids claimed by files that could not be read,
    and every problem; then each collection completes its items (``prepare``)."""
    files, problems = item_files(root, registry, refused)
    by_collection: dict[str, list[Item[Any]]] = {c.id: [] for c in registry}
    claimed: set[str] = set()
    for collection, source in files:
        item, item_problems = load_item(root, collection, source, cache)
        problems += item_problems
        if item is None:
            claimed.add(claimed_id(collection.id, source))
        else:
            by_collection[collection.id].append(item)
    items: list[Item[Any]] = []
    for collection in registry:
        loaded = by_collection[collection.id]
        if collection.prepare is not None:
            loaded, prepare_problems = collection.prepare(loaded, cache)
            problems += prepare_problems
        items += loaded
    return items, claimed, problems
