"""Read and check: everything editors write, loaded once, with every problem.

The first step of DESIGN.md's flow. ``load`` reads the repository's content — the items
of every registered collection, the theme taxonomy, the cohorts, the site's own pages in
``docs/`` and when git first saw each item — and runs every check on it, collecting each
problem instead of stopping at the first. What it returns is complete: the later steps
(resolving a cohort's site, rendering pages) read no file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..layout import CONTENT_DIR, DOCS_DIR, THEMES_FILE
from ..problems import Problem
from . import history, sources, validate
from .cache import Cache
from .cohorts import check_sessions, cohort_files, load_cohorts
from .collection import Collection, Registry
from .frontmatter import Parsed
from .items import Item
from .loaded import Content
from .loading import load_items
from .models import Theme
from .team_check import load_team_check
from .themes import load_themes

__all__ = ("Cache", "Collection", "Content", "Item", "Registry", "load", "load_docs", "unused_themes")


def unused_themes(content: Content) -> list[Problem]:
    """A warning for each theme no published item carries."""
    return validate.check_unused_themes(content.items, content.themes, f"{CONTENT_DIR}/{THEMES_FILE}",
                                        content.themes_lines)


def load(root: Path, registry: Registry, cache: Cache | None = None, today: dt.date | None = None, *,
         later: bool = False) -> Content:
    """Load and check everything under ``root``; problems from every file, none stopping
    the others. ``cache`` keeps parsed files between loads in one process. ``later``: work
    that goes on beside the build (a recording's captions) is left going, its problems
    not yet in ``Content.problems`` until ``Content.settle`` (a build's, before it writes)."""
    cache = cache if cache is not None else Cache.for_project(root)
    refused, problems = sources.escaping_links(root)
    themes: dict[str, Theme] = {}
    themes_lines: Parsed | None = None
    if (root / CONTENT_DIR / THEMES_FILE) not in refused:
        themes, themes_lines, theme_problems = load_themes(root)
        problems += theme_problems
    pending: list[Callable[[], list[Problem]]] = []
    items, unread, claimed, item_problems = load_items(root, registry, cache, refused, pending if later else None)
    problems += item_problems
    today = today or dt.date.today()  # the build's date comes from the settings (toolkit.settings)
    items = _with_dates(root, items, today)
    cohorts, cohort_problems = load_cohorts(root)
    docs, docs_problems = load_docs(root)
    content = Content(registry, items, themes, cohorts, docs, problems + cohort_problems + docs_problems,
                      themes_lines, claimed, unread, cohort_files(root) - cohorts.keys(), pending=pending)
    # Every slug the theme file names, readable or not (None: the file could not be read).
    named = ({str(slug) for slug in themes_lines.data}
             if themes_lines is not None and isinstance(themes_lines.data, dict) else None)
    content.team_check, content.team_check_lines, check_problems = load_team_check(
        root, themes, named, cohorts.keys() | content.claimed_cohorts)
    content.problems += check_problems
    content.problems += validate.check_all(content)
    content.problems += validate.check_reviewed(items, today)
    for item in items:
        check = registry[item.collection].check
        if check is not None:
            content.problems += check(item, content)
    content.problems += check_sessions(cohorts, items, registry, claimed)
    return content


def load_docs(root: Path) -> tuple[dict[str, str], list[Problem]]:
    """The hand-written pages in ``docs/``: read once, as UTF-8, so that a page in another
    encoding is a ``path:line`` problem here instead of a traceback inside MkDocs."""
    folder = root / DOCS_DIR
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


def _with_dates(root: Path, items: list[Item[Any]], today: dt.date) -> list[Item[Any]]:
    """Each item with the date it came into the repository (``history``)."""
    added = history.added_on(items, history.added_dates(root), today)
    return [replace(item, added=added[item.id]) for item in items]
