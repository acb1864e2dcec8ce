"""Generated listing pages: one per collection and one per theme."""

from __future__ import annotations

from ..content import COLLECTIONS, Item
from ..site import Site
from .common import escape, front_matter, item_page, md_link_target

INTROS = {
    "teori": "Korte forklaringer av modellen programmet bygger på, med kildene.",
    "ovelser": "Øvelser ledergruppen kan gjøre i et vanlig ledermøte.",
    "opptak": "Foredrag og innlegg fra temasamlingene, med teksting og utskrift.",
    "historier": "Hvordan enheter har arbeidet med ledergruppen sin.",
}


def cards(items: list[Item], from_page: str) -> str:
    """Material's grid cards: title as a link, description below."""
    if not items:
        return "Ingen ennå.\n\n"
    out = ['<div class="grid cards" markdown>\n\n']
    for item in items:
        target = md_link_target(from_page, item_page(item))
        out.append(f"-   [**{escape(item.meta.title)}**]({target})\n\n    {item.meta.description}\n\n")
    out.append("</div>\n\n")
    return "".join(out)


def collection_index(collection: str, site: Site) -> str:
    here = f"{collection}/index.md"
    title = COLLECTIONS[collection]
    return (
        front_matter(title=title, description=INTROS[collection])
        + f"# {title}\n\n{INTROS[collection]}\n\n"
        + cards(site.in_collection(collection), here)
    )


def theme_page(slug: str, site: Site) -> str:
    theme = site.themes[slug]
    here = f"temaer/{slug}.md"
    out = [front_matter(title=theme.label, description=theme.description)]
    out.append(f"# {theme.label}\n\n{theme.description}\n\n")
    items = site.with_theme(slug)
    for collection, label in COLLECTIONS.items():
        group = [item for item in items if item.collection == collection]
        if group:
            out.append(f"## {label}\n\n")
            out.append(cards(group, here))
    if not items:
        out.append("Ingen publiserte sider har dette temaet ennå.\n")
    return "".join(out)


def themes_index(site: Site) -> str:
    here = "temaer/index.md"
    out = [front_matter(title="Temaer", description="Alle temaene i verktøykassa.")]
    out.append("# Temaer\n\nTemaene følger modellen for effektive ledergrupper.\n\n")
    for slug, theme in site.themes.items():
        count = len(site.with_theme(slug))
        target = md_link_target(here, f"temaer/{slug}.md")
        out.append(f"- [{escape(theme.label)}]({target}) ({count}): {theme.description}\n")
    return "".join(out) + "\n"
