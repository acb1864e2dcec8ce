"""The theme pages: one per theme of the taxonomy, and the list of themes at ``/temaer/``.

Theme pages are our own Markdown rather than listings of Material's tags plugin:
a theme page lists every published item that carries the theme grouped by kind,
each with its description, and /temaer/ shows how many items each theme has. The
plugin's listings are one flat list of titles per tag, so they can do neither;
docs-dev/themes-and-links.md records the evaluation.
"""

from __future__ import annotations

from .. import escape
from ..partials.item import THEMES_PAGE, front_matter, md_link_target, theme_page_path
from ..partials.listing import cards, count_label
from ..site import Site

__all__ = ("THEMES_PAGE", "theme_page", "themes_index")

THEMES_TITLE = "Temaer"
THEMES_INTRO = (
    "Temaene følger modellen for effektive ledergrupper: hva gruppen skal løse, hvem som "
    "sitter i den, og hvordan den arbeider. Velg et tema for å se teori, øvelser, opptak "
    "og historier om det."
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
