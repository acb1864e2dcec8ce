"""The case story page: who and when at the top, the story, then what they used.

DESIGN.md asks that illustrative cases are marked as examples and that a story
retelling a public source names it; both are said at the top, before the reader
starts on the story, as a Material admonition. «Øvelser og teori de brukte» lists
the exercises and theory linked through ``related`` (both ways), so the story
leads on to the tools; recordings and other stories stay in «Relatert».
"""

from __future__ import annotations

from ... import escape, norsk
from ...content.collection import SiteView
from ...content.items import Item
from ...content.models import ItemMeta
from ...partials.item import (
    body,
    facts_line,
    item_page,
    link,
    page_head,
    related_section,
    themes_block,
)
from .. import exercises, theory
from .model import StoryMeta

#: The collections a story leads on to, in «Øvelser og teori de brukte».
USED = (exercises.ID, theory.ID)

EXAMPLE_NOTE = (
    '!!! example "Eksempel"\n\n'
    "    Denne historien er et eksempel, laget for å vise hvordan en ledergruppe kan bruke\n"
    "    verktøykassa. Enheten og personene i den er oppdiktet.\n\n"
)


def nowrap(text: str) -> str:
    """Keep «15. september 2026» on one line on a narrow screen."""
    return text.replace(" ", "\u00a0")


def unit_and_date(meta: StoryMeta) -> str:
    return (
        '<p class="vk-story-facts" markdown="span">'
        f"**Enhet:** {escape.md(meta.unit)} · **Dato:** {nowrap(norsk.date(meta.date))}</p>\n\n"
    )


def source_note(meta: StoryMeta) -> str:
    """Name the public source a story retells: title (linked when there is an address),
    publisher and date."""
    source = meta.source
    if source is None:
        return ""
    title = escape.link(f"«{escape.md(source.title)}»", source.url)
    published = f", {norsk.date(source.date)}" if source.date else ""
    return (
        '!!! info "Kilde"\n\n'
        f"    Historien gjenforteller {title} fra {escape.md(source.publisher)}{published}.\n\n"
    )


def used_section(item: Item[ItemMeta], site: SiteView, here: str) -> str:
    related = site.related(item)
    if not any(other.collection in USED for other in related):
        return ""
    out = ["## Øvelser og teori de brukte\n"]
    for collection in USED:
        group = [other for other in related if other.collection == collection]
        if group:
            out.append(f"\n### {site.registry[collection].plural}\n\n")
            out.extend(f"- {link(here, other)}: {escape.md(other.meta.description)}\n" for other in group)
    return "".join(out) + "\n"


def render(item: Item[StoryMeta], site: SiteView) -> str:
    here = item_page(item)
    meta = item.meta
    return (
        page_head(item)
        + f"# {escape.md(meta.title)}\n\n"
        + unit_and_date(meta)
        + (EXAMPLE_NOTE if meta.example else source_note(meta))
        + facts_line(item)
        + themes_block(item, site, here)
        + body(item)
        + used_section(item, site, here)
        + related_section(item, site, here, skip=USED)
    )
