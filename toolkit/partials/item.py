"""Pieces every page shares: front matter, links between pages, an item's themes, its facts
line, its related items and the items that use it."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

import yaml

from .. import escape, norsk
from ..content.collection import SiteView
from ..content.items import Item
from ..content.models import ItemMeta

# libyaml's dumper when PyYAML has it: the same text, several times faster.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(**fields: object) -> str:
    data = {k: v for k, v in fields.items() if v is not None}
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return "---\n" + text + "---\n\n"


def md_link_target(from_page: str, to_page: str) -> str:
    """A relative link between two generated Markdown files, as MkDocs validates them:
    ``posixpath.relpath(to_page, dirname(from_page))``. Every page links to a few dozen
    others, and ``relpath`` asks the operating system for the working folder each time to
    make both paths absolute; two plain paths under the docs root need no folder but their
    own, so they are compared part by part (anything else goes to ``relpath``)."""
    if not (_plain(from_page) and _plain(to_page)):
        return posixpath.relpath(to_page, posixpath.dirname(from_page))
    start, target = from_page.split("/")[:-1], to_page.split("/")
    shared = 0
    for here, there in zip(start, target):
        if here != there:
            break
        shared += 1
    return "/".join([".."] * (len(start) - shared) + target[shared:]) or "."


def _plain(path: str) -> bool:
    """A relative path with no empty, ``.`` or ``..`` part: ``relpath`` would not change it."""
    return bool(path) and not (path.startswith((".", "/")) or "/." in path or "//" in path or path.endswith("/"))


def json_attribute(value: object) -> str:
    """``value`` as JSON in an HTML attribute, escaped for it. Not a ``<script
    type="application/json">``: Material's instant navigation re-creates every script of
    a page it switches to without its attributes, and would run the JSON as code."""
    return str(escape.html(escape.json_text(value, indent=None)))


def item_page(item: Item[ItemMeta]) -> str:
    """Where the item's Markdown page is, relative to the docs root."""
    return item.page_path


def link(from_page: str, item: Item[ItemMeta]) -> str:
    """A Markdown link to another item, its title as the text."""
    return f"[{escape.md(item.meta.title)}]({md_link_target(from_page, item_page(item))})"


#: The overview of the themes (``/temaer/``), beside each theme's page.
THEMES_PAGE = "temaer/index.md"


def theme_page_path(slug: str) -> str:
    """Where a theme's page goes, relative to the docs root: ``/temaer/<slug>/``."""
    return f"temaer/{slug}.md"


def theme_links(item: Item[ItemMeta], site: SiteView, from_page: str, css: str = "") -> list[str]:
    """The item's themes as Markdown links to their theme pages (with ``css`` classes)."""
    attrs = f"{{ {css} }}" if css else ""
    return [
        f"[{escape.md(site.themes[slug].label)}]({md_link_target(from_page, theme_page_path(slug))}){attrs}"
        for slug in item.meta.themes
        if slug in site.themes
    ]


def themes_block(item: Item[ItemMeta], site: SiteView, from_page: str) -> str:
    """The item's themes as links to their theme pages, drawn as Material's tag chips.

    Material's tags plugin draws the same chips, but only links them to a listing
    that the plugin renders itself; our theme pages are our own Markdown (grouped by
    kind, with descriptions), so the chips are ordinary links that MkDocs validates,
    styled with Material's ``md-tag`` class (see docs-dev/themes-and-links.md).
    """
    chips = theme_links(item, site, from_page, ".md-tag")
    if not chips:
        return ""
    return (
        '<nav class="vk-themes" aria-label="Temaer" markdown="span">'
        '<span class="vk-themes__label">Tema:</span> ' + " ".join(chips) + "</nav>\n\n"
    )


def facts_line(item: Item[ItemMeta]) -> str:
    """«Sist gjennomgått 3. mars 2026 · Programteamet» when the item says so."""
    parts = []
    if item.meta.reviewed:
        parts.append(f"Sist gjennomgått {norsk.date(item.meta.reviewed)}")
    if item.meta.owner:
        parts.append(escape.md(item.meta.owner))
    if not parts:
        return ""
    return '<p class="vk-facts" markdown>' + " · ".join(parts) + "</p>\n\n"


def related_section(item: Item[ItemMeta], site: SiteView, from_page: str, skip: Iterable[str] = ()) -> str:
    """Related items both ways, grouped by kind, at the end of every page.

    ``skip`` names collections the page has already shown in a block of its own (a
    theory page's «Prøv i praksis», a story's exercises and theory), so that no item
    is listed twice on one page.
    """
    related = [other for other in site.related(item) if other.collection not in skip]
    if not related:
        return ""
    out = ["## Relatert\n"]
    for collection in site.registry:
        group = [other for other in related if other.collection == collection.id]
        if group:
            out.append(f"\n### {collection.plural}\n\n")
            out.extend(f"- {link(from_page, other)}: {escape.md(other.meta.description)}\n" for other in group)
    return "".join(out) + "\n"


def used_in_section(item: Item[ItemMeta], site: SiteView, from_page: str) -> str:
    """«Brukes i møteplanene»: the items that use this one (a meeting plan's exercises and
    theory), under the heading their collection gives, each with its facts (its length)."""
    users = site.used_in(item)
    out = []
    for collection in site.registry:
        uses = collection.uses
        group = [other for other in users if other.collection == collection.id]
        if group and uses is not None:
            out.append(f"## {uses.heading}\n\n")
            out.extend(f"- {link(from_page, other)} ({uses.facts(other)}): {escape.md(other.meta.description)}\n"
                       for other in group)
            out.append("\n")
    return "".join(out)


def page_head(item: Item[ItemMeta]) -> str:
    return front_matter(title=item.meta.title, description=item.meta.description)


def body(item: Item[ItemMeta]) -> str:
    return item.body.strip() + "\n\n"
