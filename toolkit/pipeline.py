"""The whole flow of DESIGN.md in one place: load → validate → resolve → pages.

``check`` answers "is the content right?" for ``toolkit check``; ``build`` returns
the pages of one cohort's site, as ordinary Markdown plus resource files, and the
navigation, for the MkDocs hooks and for ``toolkit export-markdown``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

from . import captions, changes, exercise_steps, history, recordings, sources, validate
from .cohorts import Cohort, check_sessions, load_cohorts, newest
from .content import COLLECTIONS, CONTENT_DIR, THEMES_FILE, Content, load_content
from .pages import cohort_changes, finder, front, page_path, planner, programme, render_item
from .pages.indexes import collection_index, reading_order, theme_page, themes_index
from .pages.recording import extra_files
from .problems import ContentError, Problem, errors_in
from .site import Site, resolve


@dataclass(frozen=True)
class Page:
    """A file for the site: generated Markdown (``content``) or a copied resource (``source``)."""

    path: str
    content: str | None = None
    source: Path | None = None


@dataclass
class Build:
    site: Site
    pages: list[Page]
    nav: dict[str, list[tuple[str, str]]]
    problems: list[Problem] = field(default_factory=list)

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)


@dataclass
class Loaded:
    content: Content
    cohorts: dict[str, Cohort]
    problems: list[Problem]
    #: The site's own Markdown pages (``docs/**/*.md``), by path inside ``docs/``.
    docs: dict[str, str] = field(default_factory=dict)


def load_docs(root: Path) -> tuple[dict[str, str], list[Problem]]:
    """The hand-written pages in ``docs/``: read once, as UTF-8, so that a page in another
    encoding is a ``path:line`` problem here instead of a traceback inside MkDocs."""
    folder = root / front.DOCS_DIR
    pages: dict[str, str] = {}
    problems: list[Problem] = []
    for source in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        if sources.outside(source, root):
            continue  # reported with its path by sources.escaping_links
        text, read_problems = sources.read_text(source, root, "siden")
        problems += read_problems
        if text is not None:
            pages[source.relative_to(folder).as_posix()] = text
    return pages, problems


# Parsed captions are kept here between runs (gitignored; `make clean` removes it), the
# way Material's plugins keep theirs in .cache/.
CACHE_DIR = ".cache/toolkit/captions"


def load(root: Path) -> Loaded:
    captions.use_disk_cache(root / CACHE_DIR)
    content = load_content(root)
    cohorts, cohort_problems = load_cohorts(root)
    docs, docs_problems = load_docs(root)
    problems = content.problems + cohort_problems + docs_problems
    problems += validate.check_all(content.items, content.themes, cohorts, content.claimed)
    problems += exercise_steps.check_exercises(content.items)
    problems += recordings.check_recordings(content.items)
    problems += check_sessions(cohorts, content.items, content.claimed)
    return Loaded(content, cohorts, problems, docs)


def check(root: Path) -> list[Problem]:
    """Every problem in the content, errors and warnings, sorted by file and line."""
    loaded = load(root)
    problems = list(loaded.problems)
    themes_path = f"{CONTENT_DIR}/{THEMES_FILE}"
    problems += validate.check_unused_themes(
        loaded.content.items, loaded.content.themes, themes_path, loaded.content.themes_lines
    )
    return sorted(set(problems))


def choose_cohort(cohorts: dict[str, Cohort], cohort_id: str | None) -> Cohort | None:
    if cohort_id is None:
        return newest(cohorts)
    if cohort_id not in cohorts:
        known = ", ".join(sorted(cohorts)) or "ingen"
        raise ContentError([Problem("cohorts", 0, f"ukjent kull «{cohort_id}» (kjente: {known})")])
    return cohorts[cohort_id]


def build(root: Path, cohort_id: str | None = None) -> Build:
    """The pages of one cohort's site; raises ContentError listing every error."""
    loaded = load(root)
    errors = errors_in(loaded.problems)
    if errors:
        raise ContentError(errors)
    cohort = choose_cohort(loaded.cohorts, cohort_id)
    site = resolve(loaded.content.items, loaded.content.themes, cohort, loaded.cohorts)
    pages: list[Page] = []
    for item in site.items:
        pages.append(Page(page_path(item), render_item(item, site)))
        for name, resource in recordings.bundle_files(item)[0]:
            pages.append(Page(f"{item.collection}/{item.slug}/{name}", source=resource))
        pages += [Page(path, text) for path, text in extra_files(item)]
    for collection in COLLECTIONS:
        if collection == "ovelser":  # the exercise finder and its catalogue, not a plain listing
            pages.append(Page(finder.PAGE, finder.render(site)))
            pages.append(Page(finder.CATALOGUE, finder.catalogue(site)))
            continue
        pages.append(Page(f"{collection}/index.md", collection_index(collection, site)))
    pages.append(Page(programme.PAGE, programme.render(site)))
    pages.append(Page(planner.PAGE, planner.render(site)))  # the meeting planner at /moteplan/
    previous, since = changes.since_previous(root, loaded.content.items, cohort, loaded.cohorts)
    pages.append(Page(cohort_changes.PAGE, cohort_changes.render(site, previous, since)))
    pages.append(Page("temaer/index.md", themes_index(site)))
    for slug in site.themes:
        pages.append(Page(f"temaer/{slug}.md", theme_page(slug, site)))
    # Hand-written pages with a generated part (the front page's newest additions).
    added = history.added_on(site.items, history.added_dates(root), dt.date.today())
    pages += [Page(path, text) for path, text in front.filled_docs(loaded.docs, site, added)]
    nav = {
        f"{collection}/index.md": [(i.meta.title, page_path(i)) for i in reading_order(collection, site)]
        for collection in COLLECTIONS
    }
    nav["temaer/index.md"] = [(t.label, f"temaer/{slug}.md") for slug, t in site.themes.items()]
    return Build(site, pages, nav, [p for p in loaded.problems if not p.is_error])


def expand_nav(nav: list, sections: dict[str, list[tuple[str, str]]]) -> list:
    """Turn each ``Title: <collection>/index.md`` entry of mkdocs.yml's nav into a section
    whose index page is that listing and whose children are the collection's items."""
    expanded = []
    for entry in nav:
        if isinstance(entry, dict):
            (title, target), = entry.items()
            if isinstance(target, str) and target in sections:
                expanded.append({title: [target] + nav_children(sections[target])})
            elif isinstance(target, list):
                expanded.append({title: expand_nav(target, sections)})
            else:
                expanded.append(entry)
        else:
            expanded.append(entry)
    return expanded


# Above this many items a collection's sidebar is grouped by initial letter. Every page
# carries its section of the sidebar: a flat list of 700 exercises made each exercise
# page 300 KB and each build slower per page as the site grew (issue 9). With
# navigation.prune only the open group's items are in the HTML.
NAV_GROUP_ABOVE = 60


def nav_children(entries: list[tuple[str, str]]) -> list:
    """A collection's items for the nav: flat, or in groups "A", "B–D" of at least
    about √n items each (consecutive initials merged), keeping the given order."""
    if len(entries) <= NAV_GROUP_ABOVE:
        return [{t: p} for t, p in entries]
    size = max(10, math.isqrt(len(entries)))
    groups: list[tuple[str, str, list]] = []  # first initial, last initial, entries
    for title, path in entries:
        initial = next((c.upper() for c in title if c.isalnum()), "#")
        if groups and (groups[-1][1] == initial or len(groups[-1][2]) < size):
            first, _, members = groups[-1]
            groups[-1] = (first, initial, members)
        else:
            groups.append((initial, initial, []))
        groups[-1][2].append({title: path})
    return [{first if first == last else f"{first}–{last}": members} for first, last, members in groups]

