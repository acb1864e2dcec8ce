"""Load the editors' collections from ``content/``: one item per Markdown file.

An item is either a flat file (``content/teori/<slug>.md``) or a page bundle
(``content/opptak/<slug>/index.md``) whose resources (captions, video, slides)
live beside it, as in Hugo. Every problem is collected; a broken file is left out
of the result but never stops the others from loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import Parsed, parse_yaml, split_front_matter
from .layout import COLLECTIONS, CONTENT_DIR, THEMES_FILE  # noqa: F401 - re-exported
from .models import COLLECTION_MODELS, ItemMeta, Theme
from .problems import Problem
from .schema_errors import validate_model
from .slug import is_slug, slugify


@dataclass
class Item:
    """One published or draft piece of content, with where it came from."""

    collection: str
    slug: str
    path: str  # relative to the project root, for problems
    source: Path  # absolute path of the Markdown file
    meta: ItemMeta
    body: str
    body_line: int
    lines: Parsed = field(repr=False)

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

    def line_of(self, *loc: str | int) -> int:
        return self.lines.line_of(tuple(loc))


@dataclass
class Content:
    items: list[Item]
    themes: dict[str, Theme]
    problems: list[Problem]
    themes_lines: Parsed | None = None


def rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def item_files(root: Path) -> list[tuple[str, Path]]:
    """Every (collection, Markdown file) under ``content/``, sorted for stable output."""
    found = []
    for collection in COLLECTIONS:
        folder = root / CONTENT_DIR / collection
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix == ".md" and path.name != "index.md":
                found.append((collection, path))
            elif path.is_dir() and (path / "index.md").is_file():
                found.append((collection, path / "index.md"))
    return found


# Items by file, so that the preview's rebuild after a save parses again only the files
# that changed: source → (root, collection, text, item, problems). Items are never
# changed once loaded.
_LOADED: dict[Path, tuple[Path, str, str, Item | None, tuple[Problem, ...]]] = {}


def load_item(root: Path, collection: str, source: Path) -> tuple[Item | None, list[Problem]]:
    path = rel(source, root)
    slug = source.parent.name if source.name == "index.md" else source.stem
    problems: list[Problem] = []
    if not is_slug(slug):
        problems.append(
            Problem(path, 1, f"navnet «{slug}» er ikke en gyldig slug: bruk «{slugify(slug)}»")
        )
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, problems + [Problem(path, 1, f"filen er ikke UTF-8: {exc.reason}")]
    cached = _LOADED.get(source)
    if cached and cached[:3] == (root, collection, text):
        item, item_problems = cached[3], list(cached[4])
    else:
        item, item_problems = _parse_item(collection, slug, path, source, text)
        _LOADED[source] = (root, collection, text, item, tuple(item_problems))
    return (None if problems else item), problems + item_problems


def _parse_item(collection: str, slug: str, path: str, source: Path, text: str) -> tuple[Item | None, list[Problem]]:
    problems: list[Problem] = []
    doc = split_front_matter(text, path)
    problems += doc.meta.problems
    if doc.meta.data is None:
        return None, problems
    meta, schema_problems = validate_model(COLLECTION_MODELS[collection], doc.meta, path)
    problems += schema_problems
    if meta is None or problems:
        return None, problems
    return Item(collection, slug, path, source, meta, doc.body, doc.body_line, doc.meta), []


def load_themes(root: Path) -> tuple[dict[str, Theme], Parsed | None, list[Problem]]:
    source = root / CONTENT_DIR / THEMES_FILE
    path = rel(source, root)
    if not source.is_file():
        return {}, None, [Problem(path, 0, "fant ikke temafilen")]
    parsed = parse_yaml(source.read_text(encoding="utf-8"), path)
    problems = list(parsed.problems)
    if not isinstance(parsed.data, dict):
        if parsed.data is not None:
            problems.append(Problem(path, 1, "temafilen skal være «slug: {label, description}»"))
        return {}, parsed, problems
    themes: dict[str, Theme] = {}
    for slug, value in parsed.data.items():
        line = parsed.line_of((slug,))
        if not isinstance(slug, str) or not is_slug(slug):
            problems.append(Problem(path, line, f"«{slug}» er ikke en gyldig slug for et tema"))
            continue
        # The theme's own lines, so a wrong field points at its line inside the theme.
        sub = Parsed(value, {k[1:]: v for k, v in parsed.lines.items() if k[:1] == (slug,)})
        sub.lines.setdefault((), line)
        theme, theme_problems = validate_model(Theme, sub, path)
        problems += theme_problems
        if theme is not None:
            themes[slug] = theme
    return themes, parsed, problems


def load_content(root: Path) -> Content:
    """Load the taxonomy and every item; problems from every file, none stopping the rest."""
    themes, themes_lines, problems = load_themes(root)
    items: list[Item] = []
    for collection, source in item_files(root):
        item, item_problems = load_item(root, collection, source)
        problems += item_problems
        if item is not None:
            items.append(item)
    return Content(items, themes, problems, themes_lines)
