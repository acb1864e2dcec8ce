"""Generated listing pages: one per collection, one per theme, and the list of themes.

Theme pages are our own Markdown rather than listings of Material's tags plugin:
a theme page lists every published item that carries the theme grouped by kind,
each with its description, and /temaer/ shows how many items each theme has. The
plugin's listings are one flat list of titles per tag, so they can do neither;
docs-dev/themes-and-links.md records the evaluation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import escape
from ..content.collection import Collection
from ..content.items import Item
from ..site import Site
from .common import front_matter, item_page, md_link_target, theme_page_path

THEMES_PAGE = "temaer/index.md"
THEMES_TITLE = "Temaer"
THEMES_INTRO = (
    "Temaene følger modellen for effektive ledergrupper: hva gruppen skal løse, hvem som "
    "sitter i den, og hvordan den arbeider. Velg et tema for å se teori, øvelser, opptak "
    "og historier om det."
)


def count_label(count: int) -> str:
    return "1 side" if count == 1 else f"{count} sider"


def cards(items: list[Item[Any]], from_page: str, facts: Callable[[Item[Any]], str] | None = None) -> str:
    """Material's grid cards: title as a link, ``facts`` (a plan's length) beside it,
    description below."""
    if not items:
        return "Ingen ennå.\n\n"
    out = ['<div class="grid cards" markdown>\n\n']
    for item in items:
        target = md_link_target(from_page, item_page(item))
        shown = f' <span class="vk-count">{facts(item)}</span>' if facts else ""
        out.append(
            f"-   [**{escape.md(item.meta.title)}**]({target}){shown}\n\n    {escape.md(item.meta.description)}\n\n"
        )
    out.append("</div>\n\n")
    return "".join(out)


def by_main_theme(items: list[Item[Any]], site: Site) -> list[Item[Any]]:
    """Theory follows the model, as the taxonomy does: ordered by the position of each
    page's first (main) theme in ``temaer.yml``, so a newcomer starts with what makes a
    leadership group effective and «Neste» walks through the model."""
    position = {slug: index for index, slug in enumerate(site.themes)}
    return sorted(items, key=lambda i: position.get(i.meta.themes[0], len(position)))


def collection_index(collection: Collection[Any], site: Site,
                     facts: Callable[[Item[Any]], str] | None = None) -> str:
    """A collection's listing: its intro, then a card for each item in reading order."""
    title, intro = collection.plural, collection.intro
    return (
        front_matter(title=title, description=intro)
        + f"# {title}\n\n{intro}\n\n"
        + cards(site.reading_order(collection), collection.index_page, facts)
    )


def default_listing(collection: Collection[Any]) -> Callable[[Site], list[tuple[str, str]]]:
    """The listing page of a collection without one of its own."""
    return lambda site: [(collection.index_page, collection_index(collection, site))]


def theme_page(slug: str, site: Site) -> str:
    """/temaer/<slug>/: the description, then every published item with the theme, by kind."""
    theme = site.themes[slug]
    here = theme_page_path(slug)
    items = site.with_theme(slug)
    out = [front_matter(title=theme.label, description=theme.description)]
    out.append(f"# {escape.md(theme.label)}\n\n{escape.md(theme.description)}\n\n")
    if not items:
        out.append("Ingen publiserte sider har dette temaet ennå.\n\n")
    else:
        out.append(f"{count_label(len(items)).capitalize()} i verktøykassa har dette temaet.\n\n")
    for collection in site.registry:
        group = [item for item in items if item.collection == collection.id]
        if group:
            out.append(f"## {collection.plural}\n\n")
            out.append(cards(group, here))
    back = md_link_target(here, THEMES_PAGE)
    out.append(f"[Alle temaer]({back})\n")
    return "".join(out)


def themes_index(site: Site) -> str:
    """/temaer/: every theme of the taxonomy, in its order, with how many items carry it."""
    out = [front_matter(title=THEMES_TITLE, description="Alle temaene i verktøykassa.")]
    out.append(f"# {THEMES_TITLE}\n\n{THEMES_INTRO}\n\n")
    out.append('<div class="grid cards vk-theme-cards" markdown>\n\n')
    for slug, theme in site.themes.items():
        count = len(site.with_theme(slug))
        target = md_link_target(THEMES_PAGE, theme_page_path(slug))
        out.append(
            f"-   [**{escape.md(theme.label)}**]({target}) "
            f'<span class="vk-count">{count_label(count)}</span>\n\n'
            f"    {escape.md(theme.description)}\n\n"
        )
    out.append("</div>\n")
    return "".join(out)
