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
from .problems import Problem, warning
from .schema_errors import validate_model
from .slug import is_slug, slugify
from .sources import escaping_links, read_text

#: Slugs that name a generated page: ``index`` is every collection's listing (and the
#: themes' overview). In exercises, ``pause``, ``punkt`` and ``teori`` are words of the
#: meeting planner's address (``?blokker=pause:10,...``), so an exercise cannot be called so.
RESERVED_SLUGS = frozenset({"index"})
RESERVED_BY_COLLECTION = {"ovelser": frozenset({"pause", "punkt", "teori"})}
# Files that look like content but would be silently left out: said as a warning.
TEXT_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".txt"}


def reserved(collection: str, slug: str) -> bool:
    """Whether ``slug`` names a generated page or a planner word in ``collection``."""
    return slug in RESERVED_SLUGS or slug in RESERVED_BY_COLLECTION.get(collection, frozenset())


def reserved_message(collection: str, slug: str) -> str:
    if slug in RESERVED_SLUGS:
        return f"navnet «{slug}» er reservert: {collection}/{slug} er oversiktssiden; gi filen et annet navn"
    return (f"navnet «{slug}» er reservert i {collection}/: det er et ord i møteplanleggerens "
            "adresse; gi filen et annet navn")


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
    #: Ids of items whose file exists but could not be read or validated. They still
    #: claim their id, so that a link to a broken file is not a second, knock-on error.
    claimed: set[str] = field(default_factory=set)


def rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def item_files(root: Path, refused: frozenset[Path] | set[Path] = frozenset(),
               ) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every (collection, Markdown file) under ``content/``, sorted for stable output, and
    a warning for each file or folder there that would be left out without a word: a
    misspelt extension (``.MD``, ``.markdown``), a folder without ``index.md``, a folder
    that is no collection. Paths in ``refused`` (links out of the repository) are skipped."""
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    top = root / CONTENT_DIR
    if top.is_dir() and top not in refused:
        for path in sorted(top.iterdir()):
            if path.is_dir() and path.name not in COLLECTIONS and path not in refused and not path.name.startswith("."):
                known = ", ".join(COLLECTIONS)
                problems.append(warning(rel(path, root), 0, (
                    f"mappen «{path.name}» er ingen samling og blir ikke publisert (samlingene er {known})")))
    for collection in COLLECTIONS:
        folder = top / collection
        if not folder.is_dir() or folder in refused or top in refused:
            continue
        for path in sorted(folder.iterdir()):
            if path in refused or path.name.startswith("."):
                continue
            if path.is_file() and path.suffix == ".md" and path.name != "index.md":
                found.append((collection, path))
            elif path.is_dir() and (path / "index.md").is_file() and (path / "index.md") not in refused:
                found.append((collection, path / "index.md"))
            elif path.is_dir():
                problems.append(warning(rel(path, root), 0, (
                    "mappen mangler index.md og blir ikke publisert")))
            elif path.suffix.lower() in TEXT_SUFFIXES and path.name != "index.md":
                problems.append(warning(rel(path, root), 0, (
                    f"filendelsen «{path.suffix}» blir ikke lest: gi filen endelsen «.md» "
                    f"({path.stem}.md)")))
            elif path.name == "index.md":
                problems.append(Problem(rel(path, root), 1, reserved_message(collection, "index")))
            else:
                problems.append(warning(rel(path, root), 0, (
                    "filen blir ikke publisert: bare .md-filer hører hjemme her (filer til et "
                    "opptak legges i opptakets egen mappe)")))
    return found, problems


def claimed_id(collection: str, source: Path) -> str:
    """The id a Markdown file claims from its place, whether or not it can be read."""
    slug = source.parent.name if source.name == "index.md" else source.stem
    return f"{collection}/{slug}"


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
            Problem(path, 1, f"navnet «{slug}» er ikke en gyldig slug: bruk «{slugify(slug) or 'et-navn'}»")
        )
    elif reserved(collection, slug):
        problems.append(Problem(path, 1, reserved_message(collection, slug)))
    text, read_problems = read_text(source, root)
    if text is None:
        return None, problems + read_problems
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
    text, read_problems = read_text(source, root, "temafilen")
    if text is None:
        return {}, None, read_problems
    parsed = parse_yaml(text, path)
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
        if slug in RESERVED_SLUGS:
            problems.append(Problem(path, line, (
                f"«{slug}» er reservert: temaer/{slug} er oversikten over alle temaene; velg et annet navn")))
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
    refused, problems = escaping_links(root)
    themes: dict[str, Theme] = {}
    themes_lines: Parsed | None = None
    if (root / CONTENT_DIR / THEMES_FILE) not in refused:
        themes, themes_lines, theme_problems = load_themes(root)
        problems += theme_problems
    files, file_problems = item_files(root, refused)
    problems += file_problems
    items: list[Item] = []
    claimed: set[str] = set()
    for collection, source in files:
        item, item_problems = load_item(root, collection, source)
        problems += item_problems
        if item is not None:
            items.append(item)
        else:
            claimed.add(claimed_id(collection, source))
    return Content(items, themes, problems, themes_lines, claimed)
