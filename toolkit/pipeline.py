"""The whole flow of DESIGN.md in one place: read and check → resolve → render.

``check`` answers "is the content right?" for ``toolkit check``; ``build`` returns the
pages of one cohort's site, as ordinary Markdown plus the files they publish, and the
navigation, for the MkDocs adapter and for ``toolkit export-markdown``. The preview asks
``build`` for the cohort's drafts too (``include_drafts``), and, when it has nothing to
show yet, for what can be built of content with errors (``despite_errors``). Both take the
collection registry (by default every collection in ``toolkit/collections/``) and a
cache (by default a fresh one per run that keeps parsed captions on disk).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import content as content_layer
from . import planner_address
from .collections import registry as builtin_registry
from .content import Content, changes
from .content.cache import Cache
from .content.cohorts import Cohort
from .content.collection import Registry, Text
from .content.items import Item
from .content.models import ItemMeta
from .pages import cohort_changes, front, planner, programme, run_meeting
from .pages import team_check as team_check_page
from .pages.themes import THEMES_PAGE, theme_page, themes_index
from .partials.listing import default_listing
from .problems import ContentError, Problem, errors_in
from .site import Site, choose_cohort, resolve


@dataclass(frozen=True)
class Page:
    """A file for the site: generated Markdown (``text``) or a copied file (``source``).

    Generated text may be made when first read (``later``): in a build, an item's page and
    the files made from it wait until MkDocs reads them, so that work ``prepare`` left
    going (a recording's captions, parsed by a worker) overlaps MkDocs' rendering of the
    pages before them."""

    path: str
    text: Text | None = None
    source: Path | None = None

    @property
    def later(self) -> bool:
        """Whether the text is made when first read."""
        return callable(self.text)

    @functools.cached_property
    def content(self) -> str | None:
        """The generated Markdown (made now when it was left for later)."""
        return self.text() if callable(self.text) else self.text


@dataclass
class Build:
    site: Site
    pages: list[Page]
    nav: dict[str, list[tuple[str, str]]]
    problems: list[Problem] = field(default_factory=list)
    #: The sections of the navigation, by listing page: their titles (collection names).
    sections: dict[str, str] = field(default_factory=dict)
    #: The site's own pages in ``docs/`` as read (path inside ``docs/`` → Markdown).
    docs: dict[str, str] = field(default_factory=dict)
    #: A build made ``despite_errors``: the content's errors (its pages leave their items out).
    errors: list[Problem] = field(default_factory=list)
    #: The content as loaded: its work still going on (``later``), waited for by ``settle``.
    loaded: Content | None = field(default=None, repr=False)

    def settle(self) -> list[Problem]:
        """Wait for the content's work still going on (``build(later=True)``) and return
        the problems found in it, errors and warnings; call it before anything is written."""
        return sorted(self.loaded.settle()) if self.loaded is not None else []

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)


def load(root: Path, registry: Registry | None = None, cache: Cache | None = None, *,
         today: dt.date | None = None, later: bool = False) -> Content:
    """Read and check everything under ``root`` (``toolkit.content.load``) on the build's
    date ``today`` (``Settings.build_date``; without it, the clock's); ``later``: leave the
    work that can go on beside the build going (``Content.settle``)."""
    loaded = content_layer.load(root, registry or builtin_registry(), cache, today, later=later)
    loaded.problems += team_check_page.check_reach(loaded)
    return loaded


def check(root: Path, registry: Registry | None = None, cache: Cache | None = None, *,
          today: dt.date | None = None) -> list[Problem]:
    """Every problem in the content, errors and warnings, sorted by file and line."""
    loaded = load(root, registry, cache, today=today)
    return sorted(set(loaded.problems + content_layer.unused_themes(loaded)))


def build(root: Path, cohort_id: str | None = None, registry: Registry | None = None,
          cache: Cache | None = None, *, include_drafts: bool = False, despite_errors: bool = False,
          today: dt.date | None = None, later: bool = False) -> Build:
    """The pages of one cohort's site; raises ContentError listing every error.

    For the preview: ``include_drafts`` puts the cohort's drafts in the site (``site.resolve``);
    ``despite_errors`` returns instead of raising, with the errors in ``Build.errors`` and
    the items whose own files have errors left out (``render_despite_errors``).
    For a build (issue 26): ``later`` leaves the work that can go on beside MkDocs' rendering
    going (a recording's captions), its pages made when they are read; the caller waits
    for it and stops on its errors with ``Build.settle`` before anything is written."""
    loaded = load(root, registry, cache, today=today, later=later and not despite_errors)
    errors = errors_in(loaded.problems)
    if errors:  # every error at once: with those of the work still going on
        loaded.settle()
        errors = errors_in(loaded.problems)
    if errors and not despite_errors:
        raise ContentError(errors)
    # What changed since the previous cohort comes from git (its release commit): read here,
    # with the rest of what the pages show, so that rendering reads nothing.
    cohort = choose_cohort(loaded.cohorts, cohort_id)
    since = changes.since_previous(root, loaded.registry, loaded.items, cohort, loaded.cohorts)
    if errors:
        return render_despite_errors(loaded, errors, cohort_id, since, include_drafts=include_drafts)
    built = render(loaded, cohort_id, since, include_drafts=include_drafts)
    built.loaded = loaded
    return built


def render_despite_errors(loaded: Content, errors: list[Problem], cohort_id: str | None = None,
                          since: tuple[Cohort | None, changes.Changes | None] = (None, None), *,
                          include_drafts: bool = False) -> Build:
    """What the preview can show of content with ``errors`` when it has shown nothing yet:
    the site without the items whose own files have errors. Renderers are written for
    checked content, and an error elsewhere (a theme file, a cohort file) may still trip
    one: then the site's own pages and empty listings, which need no item."""
    usable = replace(loaded, items=[item for item in loaded.items if not _has_error(item, errors)])
    try:
        built = render(usable, cohort_id, since, include_drafts=include_drafts)
    except Exception:  # the errors are shown above every page: an empty site beats none
        built = render(replace(loaded, items=[]), cohort_id, include_drafts=include_drafts)
    built.errors = sorted(errors)
    return built


def _has_error(item: Item[ItemMeta], errors: list[Problem]) -> bool:
    """Whether an error is in ``item``'s file, or in a file of its page bundle."""
    folder = item.path.rsplit("/", 1)[0] + "/" if item.bundle_dir is not None else None
    return any(p.path == item.path or (folder is not None and p.path.startswith(folder)) for p in errors)


#: What the preview's navigation adds to a draft's title (builds that readers get have no drafts).
DRAFT_MARK = " (utkast)"


def render(loaded: Content, cohort_id: str | None = None,
           since: tuple[Cohort | None, changes.Changes | None] = (None, None), *,
           include_drafts: bool = False) -> Build:
    """Every page of one cohort's site from checked content: pure, reads no file. ``since``
    is the previous cohort and what changed since it, for «Nytt i dette kullet»;
    ``include_drafts`` (the preview) keeps the cohort's drafts, marked in the navigation."""
    site = resolve(loaded, cohort_id, include_drafts=include_drafts)
    pages: list[Page] = []
    later = bool(loaded.pending)  # work still going on: item pages are made when read
    for item in site.items:
        collection = site.collection(item)
        text = functools.partial(collection.render, item, site)
        pages.append(Page(item.page_path, text if later else text()))
        pages += [Page(f"{item.collection}/{item.slug}/{f.name}", source=f.source) for f in item.files]
    for collection in site.registry:
        listing = collection.generated or default_listing(collection)
        pages += [Page(path, text if later or not callable(text) else text()) for path, text in listing(site)]
    pages.append(Page(programme.PAGE, programme.render(site)))
    pages.append(Page(planner_address.PAGE, planner.render(site)))  # the meeting planner at /moteplan/
    pages.append(Page(planner_address.RUN_PAGE, run_meeting.render(site)))  # «Kjør møtet» at /moteplan/kjor/
    pages.append(Page(team_check_page.PAGE, team_check_page.render(site)))  # Ledergruppesjekken at /sjekk/
    pages.append(Page(cohort_changes.PAGE, cohort_changes.render(site, *since)))
    pages.append(Page(THEMES_PAGE, themes_index(site)))
    for slug in site.themes:
        pages.append(Page(f"temaer/{slug}.md", theme_page(slug, site)))
    # Hand-written pages with a generated part (the front page's newest additions).
    pages += [Page(path, text) for path, text in front.filled_docs(loaded.docs, site)]
    nav = {
        collection.index_page: [(nav_title(i), i.page_path) for i in site.reading_order(collection)]
        for collection in site.registry
    }
    nav[THEMES_PAGE] = [(t.label, f"temaer/{slug}.md") for slug, t in site.themes.items()]
    sections = {collection.index_page: collection.plural for collection in site.registry}
    return Build(site, pages, nav, [p for p in loaded.problems if not p.is_error], sections, loaded.docs)


def nav_title(item: Item[ItemMeta]) -> str:
    """An item's title in the navigation: a draft (only the preview has them) is marked."""
    return f"{item.meta.title}{DRAFT_MARK}" if item.meta.draft else item.meta.title


def expand_nav(nav: list[Any], sections: dict[str, list[tuple[str, str]]],
               titles: dict[str, str] | None = None) -> list[Any]:
    """Turn each ``Title: <collection>/index.md`` entry of mkdocs.yml's nav into a section
    whose index page is that listing and whose children are the collection's items. A
    collection that mkdocs.yml does not mention is added at the end of the top level,
    under its name from ``titles``, so that a new collection needs no other change."""
    expanded = _expand(nav, sections)
    mentioned = _targets(nav)
    for page, title in (titles or {}).items():
        if page not in mentioned and page in sections:
            expanded.append({title: [page] + nav_children(sections[page])})
    return expanded


def _expand(nav: list[Any], sections: dict[str, list[tuple[str, str]]]) -> list[Any]:
    expanded = []
    for entry in nav:
        if isinstance(entry, dict):
            (title, target), = entry.items()
            if isinstance(target, str) and target in sections:
                expanded.append({title: [target] + nav_children(sections[target])})
            elif isinstance(target, list):
                expanded.append({title: _expand(target, sections)})
            else:
                expanded.append(entry)
        else:
            expanded.append(entry)
    return expanded


def _targets(nav: list[Any]) -> set[str]:
    found: set[str] = set()
    for entry in nav:
        target = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(target, list):
            found |= _targets(target)
        elif isinstance(target, str):
            found.add(target)
    return found


# Above this many items a collection's sidebar is grouped by initial letter. Every page
# carries its section of the sidebar: a flat list of 700 exercises made each exercise
# page 300 KB and each build slower per page as the site grew (issue 9). With
# navigation.prune only the open group's items are in the HTML.
NAV_GROUP_ABOVE = 60


def nav_children(entries: list[tuple[str, str]]) -> list[Any]:
    """A collection's items for the nav: flat, or in groups "A", "B–D" of at least
    about √n items each (consecutive initials merged), keeping the given order."""
    if len(entries) <= NAV_GROUP_ABOVE:
        return [{t: p} for t, p in entries]
    size = max(10, math.isqrt(len(entries)))
    groups: list[tuple[str, str, list[Any]]] = []  # first initial, last initial, entries
    for title, path in entries:
        initial = next((c.upper() for c in title if c.isalnum()), "#")
        if groups and (groups[-1][1] == initial or len(groups[-1][2]) < size):
            first, _, members = groups[-1]
            groups[-1] = (first, initial, members)
        else:
            groups.append((initial, initial, []))
        groups[-1][2].append({title: path})
    return [{first if first == last else f"{first}–{last}": members} for first, last, members in groups]

