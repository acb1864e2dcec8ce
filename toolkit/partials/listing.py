"""A collection's listing: Material's grid cards, one per item, under the collection's intro."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .. import escape
from ..content.collection import Collection, SiteView
from ..content.items import Item
from ..content.models import ItemMeta
from .item import front_matter, item_page, md_link_target

T = TypeVar("T", bound=ItemMeta)


def count_label(count: int) -> str:
    return "1 side" if count == 1 else f"{count} sider"


def cards(items: Sequence[Item[T]], from_page: str, facts: Callable[[Item[T]], str] | None = None) -> str:
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


def collection_index(collection: Collection[Any], items: Sequence[Item[T]],
                     facts: Callable[[Item[T]], str] | None = None) -> str:
    """A collection's listing: its intro, then a card for each of ``items`` (in its reading
    order: ``site.reading_order``), with ``facts`` beside each title."""
    title, intro = collection.plural, collection.intro
    return (
        front_matter(title=title, description=intro)
        + f"# {title}\n\n{intro}\n\n"
        + cards(items, collection.index_page, facts)
    )


def default_listing(collection: Collection[Any]) -> Callable[[SiteView], list[tuple[str, str]]]:
    """The listing page of a collection without one of its own."""
    return lambda site: [(collection.index_page, collection_index(collection, site.reading_order(collection)))]
