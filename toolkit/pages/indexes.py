"""Generated listing pages: one per collection, one per theme, and the list of themes.

Theme pages are our own Markdown rather than listings of Material's tags plugin:
a theme page lists every published item that carries the theme grouped by kind,
each with its description, and /temaer/ shows how many items each theme has. The
plugin's listings are one flat list of titles per tag, so they can do neither;
docs-dev/themes-and-links.md records the evaluation.
"""

from __future__ import annotations

from .. import escape
from ..content import COLLECTIONS, Item
from ..site import Site
from .common import front_matter, item_page, md_link_target, theme_page_path

INTROS = {
    "teori": "Korte forklaringer av modellen programmet bygger på, med kildene.",
    "ovelser": "Øvelser ledergruppen kan gjøre i et vanlig ledermøte.",
    "opptak": "Foredrag og innlegg fra temasamlingene, med teksting og utskrift.",
    "historier": "Hvordan enheter har arbeidet med ledergruppen sin.",
}

THEMES_PAGE = "temaer/index.md"
THEMES_TITLE = "Temaer"
THEMES_INTRO = (
    "Temaene følger modellen for effektive ledergrupper: hva gruppen skal løse, hvem som "
    "sitter i den, og hvordan den arbeider. Velg et tema for å se teori, øvelser, opptak "
    "og historier om det."
)


def count_label(count: int) -> str:
    return "1 side" if count == 1 else f"{count} sider"


def cards(items: list[Item], from_page: str) -> str:
    """Material's grid cards: title as a link, description below."""
    if not items:
        return "Ingen ennå.\n\n"
    out = ['<div class="grid cards" markdown>\n\n']
    for item in items:
        target = md_link_target(from_page, item_page(item))
        out.append(
            f"-   [**{escape.md(item.meta.title)}**]({target})\n\n    {escape.md(item.meta.description)}\n\n"
        )
    out.append("</div>\n\n")
    return "".join(out)


def reading_order(collection: str, site: Site) -> list[Item]:
    """A collection's items in the order the navigation and its index show them.

    Theory follows the model, as the taxonomy does: ordered by the position of each
    page's first (main) theme in ``temaer.yml``, so a newcomer starts with what makes
    a leadership group effective and «Neste» walks through the model. Other
    collections are by title.
    """
    items = site.in_collection(collection)
    if collection != "teori":
        return items
    position = {slug: index for index, slug in enumerate(site.themes)}
    return sorted(items, key=lambda i: position.get(i.meta.themes[0], len(position)))


def collection_index(collection: str, site: Site) -> str:
    here = f"{collection}/index.md"
    title = COLLECTIONS[collection]
    return (
        front_matter(title=title, description=INTROS[collection])
        + f"# {title}\n\n{INTROS[collection]}\n\n"
        + cards(reading_order(collection, site), here)
    )


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
    for collection, label in COLLECTIONS.items():
        group = [item for item in items if item.collection == collection]
        if group:
            out.append(f"## {label}\n\n")
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
