"""The recording page."""

from __future__ import annotations

from ..content import Item
from ..site import Site
from .common import body, facts_line, item_page, page_head, related_section, theme_links


def render(item: Item, site: Site) -> str:
    here = item_page(item)
    return (
        page_head(item)
        + f"# {item.meta.title}\n\n"
        + facts_line(item)
        + f"Tema: {theme_links(item, site, here)}\n\n"
        + body(item)
        + related_section(item, site, here)
    )
