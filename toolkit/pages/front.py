"""Generated parts of hand-written pages: «Nytt i verktøykassa» on the front page.

The front page (``docs/index.md``) stays an ordinary page that editors write. Where
it says ``<!-- toolkit:nytt -->``, the pipeline puts the newest additions to the
toolkit, and hands MkDocs the filled page in place of the hand-written one. An
HTML comment is invisible if the page is ever built without our hooks.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import groupby, zip_longest

from .. import escape, norsk
from ..content.items import Item
from ..content.models import ItemMeta
from ..partials.item import item_page, md_link_target
from ..site import Site

NEWEST_MARKER = re.compile(r"<!--\s*toolkit:nytt\s*-->")
NEWEST_COUNT = 6


def newest(site: Site, count: int = NEWEST_COUNT) -> list[Item[ItemMeta]]:
    """The ``count`` most recently added published items, newest first (``Item.added``).

    Items added on the same day (a batch in one commit) take turns by kind, so the
    list shows a new exercise and a new story rather than six theory pages.
    """
    def day(item: Item[ItemMeta]) -> int:
        return -(item.added or dt.date.min).toordinal()

    chosen: list[Item[ItemMeta]] = []
    ordered = sorted(site.items, key=lambda i: (day(i), site.registry.position(i.collection),
                                                norsk.sort_key(i.meta.title)))
    for _, same_day in groupby(ordered, key=day):
        batch = list(same_day)
        kinds = [[i for i in batch if i.collection == c] for c in site.registry.ids]
        chosen += [i for turn in zip_longest(*kinds) for i in turn if i is not None]
        if len(chosen) >= count:
            break
    return chosen[:count]


def newest_cards(site: Site, from_page: str) -> str:
    """Material's grid cards, one per new item: kind, title as a link, description."""
    items = newest(site)
    if not items:
        return "Ingen sider er publisert ennå.\n"
    out = ['<div class="grid cards vk-newest" markdown>\n\n']
    for item in items:
        target = md_link_target(from_page, item_page(item))
        out.append(
            f'-   <span class="vk-kind">{site.collection(item).label}</span>\n'
            f"    [**{escape.md(item.meta.title)}**]({target})\n\n"
            f"    {escape.md(item.meta.description)}\n\n"
        )
    out.append("</div>\n")
    return "".join(out)


def fill(markdown: str, from_page: str, site: Site) -> str:
    """Replace every generated-list marker in a hand-written page."""
    return NEWEST_MARKER.sub(lambda _: newest_cards(site, from_page), markdown)


def filled_docs(docs: dict[str, str], site: Site) -> list[tuple[str, str]]:
    """``(path in docs, filled Markdown)`` for each hand-written page with a marker."""
    return [(path, fill(text, path, site)) for path, text in sorted(docs.items()) if NEWEST_MARKER.search(text)]
