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

from .. import escape
from ..content import Item
from ..site import ORDER, Site
from ..slug import sort_key
from .common import item_page, md_link_target

DOCS_DIR = "docs"
NEWEST_MARKER = re.compile(r"<!--\s*toolkit:nytt\s*-->")
NEWEST_COUNT = 6

# What one item of each collection is called, for a label on a card.
KIND = {"teori": "Teori", "ovelser": "Øvelse", "opptak": "Opptak", "historier": "Historie"}


def newest(site: Site, added: dict[str, dt.date], count: int = NEWEST_COUNT) -> list[Item]:
    """The ``count`` most recently added published items, newest first.

    Items added on the same day (a batch in one commit) take turns by kind, so the
    list shows a new exercise and a new story rather than six theory pages.
    """
    def day(item: Item) -> int:
        return -added[item.id].toordinal()

    chosen: list[Item] = []
    ordered = sorted(site.items, key=lambda i: (day(i), ORDER[i.collection], sort_key(i.meta.title)))
    for _, same_day in groupby(ordered, key=day):
        batch = list(same_day)
        kinds = [[i for i in batch if i.collection == c] for c in ORDER]
        chosen += [i for turn in zip_longest(*kinds) for i in turn if i is not None]
        if len(chosen) >= count:
            break
    return chosen[:count]


def newest_cards(site: Site, added: dict[str, dt.date], from_page: str) -> str:
    """Material's grid cards, one per new item: kind, title as a link, description."""
    items = newest(site, added)
    if not items:
        return "Ingen sider er publisert ennå.\n"
    out = ['<div class="grid cards vk-newest" markdown>\n\n']
    for item in items:
        target = md_link_target(from_page, item_page(item))
        out.append(
            f'-   <span class="vk-kind">{KIND[item.collection]}</span>\n'
            f"    [**{escape.md(item.meta.title)}**]({target})\n\n"
            f"    {escape.md(item.meta.description)}\n\n"
        )
    out.append("</div>\n")
    return "".join(out)


def fill(markdown: str, from_page: str, site: Site, added: dict[str, dt.date]) -> str:
    """Replace every generated-list marker in a hand-written page."""
    return NEWEST_MARKER.sub(lambda _: newest_cards(site, added, from_page), markdown)


def filled_docs(docs: dict[str, str], site: Site, added: dict[str, dt.date]) -> list[tuple[str, str]]:
    """``(path in docs, filled Markdown)`` for each hand-written page with a marker."""
    return [(path, fill(text, path, site, added)) for path, text in sorted(docs.items())
            if NEWEST_MARKER.search(text)]
