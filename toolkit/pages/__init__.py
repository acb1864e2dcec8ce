"""Render the resolved site as ordinary Markdown pages that stock MkDocs + Material builds.

Each collection has its own module with one ``render(item, site) -> str``; shared
pieces (facts line, theme links, related items) live in ``common``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..content import Item
from ..site import Site
from . import exercise, recording, story, theory

RENDERERS: dict[str, Callable[[Item, Site], str]] = {
    "teori": theory.render,
    "ovelser": exercise.render,
    "opptak": recording.render,
    "historier": story.render,
}


def render_item(item: Item, site: Site) -> str:
    return RENDERERS[item.collection](item, site)


def page_path(item: Item) -> str:
    """Where the item's Markdown goes, relative to the docs root (mirrors ``content/``)."""
    if item.bundle_dir is not None:
        return f"{item.collection}/{item.slug}/index.md"
    return f"{item.collection}/{item.slug}.md"
