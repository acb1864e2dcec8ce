"""Finding and reading the items of every collection (``Item``, in ``items``).

Each collection's folder under ``content/`` holds flat files (``<slug>.md``) or page
bundles (``<slug>/index.md`` with their files). Each file is read once, validated
against its collection's model, and completed with the bundle files its page publishes;
then each collection's ``prepare`` step completes its items (a recording's captions).
Every problem is collected; a file that cannot be read still claims its id, and a file
whose front matter has errors still has its body checked (``UnreadItem``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ..layout import CONTENT_DIR, TEAM_CHECK_FILE, THEMES_FILE
from ..problems import Problem, warning
from ..slug import is_slug, slugify
from .cache import Cache
from .collection import Collection, Registry
from .frontmatter import split_front_matter
from .items import Item, UnreadItem, bundle_files, claimed_id, publication
from .models import ItemMeta, Publication
from .schema_errors import validate_model
from .sources import read_text, shown

M = TypeVar("M", bound=ItemMeta)

# Files that look like content but would be silently left out: said as a warning.
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".txt"})


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
        elif path.is_file() and path.name not in (THEMES_FILE, TEAM_CHECK_FILE) and not path.name.startswith("."):
            problems.append(warning(shown(path, root), 0, (
                f"filen blir ikke lest: i {CONTENT_DIR}/ ligger bare {THEMES_FILE}, {TEAM_CHECK_FILE} "
                "og samlingenes mapper")))
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
              ) -> tuple[Item[M] | UnreadItem | None, list[Problem]]:
    """One item from its file; or, when its front matter has errors, what can be read of
    it (``UnreadItem``: its body, to be checked all the same); or None when the file itself
    cannot be read. With the problems found."""
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
    if isinstance(item, Item):
        files, file_problems = bundle_files(item)
        item_problems = item_problems + file_problems
        if files:
            item = replace(item, files=files)
        if problems:  # a name that cannot be published: the body is still checked
            item = UnreadItem(collection.id, slug, path, source, item.body, item.body_line, publication(item))
    return item, problems + item_problems


def _parse_item(collection: Collection[M], slug: str, path: str, source: Path, text: str,
                ) -> tuple[Item[M] | UnreadItem, list[Problem]]:
    doc = split_front_matter(text, path)
    problems = list(doc.meta.problems)
    unread = UnreadItem(collection.id, slug, path, source, doc.body, doc.body_line)
    if doc.meta.data is None or problems:
        return unread, problems
    meta, schema_problems = validate_model(collection.model, doc.meta, path)
    if meta is None or schema_problems:
        return replace(unread, publication=_publication(doc.meta.data)), schema_problems
    return Item(collection.id, slug, path, source, meta, doc.body, doc.body_line, doc.meta), []


def _publication(data: object) -> Publication | None:
    """``draft`` and ``cohorts`` from a front matter with errors, if those two are right."""
    try:
        return Publication.model_validate(data)
    except ValidationError:
        return None


def load_items(root: Path, registry: Registry, cache: Cache, refused: set[Path] | frozenset[Path] = frozenset(),
               later: list[Callable[[], list[Problem]]] | None = None,
               ) -> tuple[list[Item[Any]], list[UnreadItem], set[str], list[Problem]]:
    """Every item of every collection, the files whose front matter could not be read
    (their bodies are checked all the same), the ids claimed by files that are no item,
    and every problem; then each collection completes its items (``prepare``). Work a
    ``prepare`` step leaves going (``Prepared.later``) is waited for here, or, given a
    ``later`` list, added to it for the caller to wait for."""
    files, problems = item_files(root, registry, refused)
    by_collection: dict[str, list[Item[Any]]] = {c.id: [] for c in registry}
    unread: list[UnreadItem] = []
    claimed: set[str] = set()
    for collection, source in files:
        item, item_problems = load_item(root, collection, source, cache)
        problems += item_problems
        if isinstance(item, Item):
            by_collection[collection.id].append(item)
        else:
            claimed.add(claimed_id(collection.id, source))
            if item is not None:
                unread.append(item)
    items: list[Item[Any]] = []
    for collection in registry:
        loaded = by_collection[collection.id]
        if collection.prepare is not None:
            prepared = collection.prepare(loaded, cache)
            loaded = prepared.items
            problems += prepared.problems
            if prepared.later is not None:
                if later is None:
                    problems += prepared.later()
                else:
                    later.append(prepared.later)
        items += loaded
    return items, unread, claimed, problems
