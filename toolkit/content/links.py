"""Links inside an item's body text to other items, checked with their lines.

MkDocs' strict build already fails on a link to a missing page, but it names the page
without a line, and it only sees one cohort at a time: a link from a page every cohort
gets to a page only one cohort gets breaks the other cohorts' builds, typically on the
day of a release. Checking the links here gives the editor the line, in every cohort,
before anything is built.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from ..layout import CONTENT_DIR
from ..problems import Problem
from .frontmatter import prose_lines
from .items import Body, Item, UnreadItem, publication
from .schema_errors import did_you_mean, nearest

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def body_links(item: Body) -> Iterator[tuple[int, str]]:
    """(file line, target) of every relative Markdown link to a ``.md`` file in the body."""
    for offset, target in _links_in(item.body):
        yield item.body_line + offset, target


@functools.lru_cache(maxsize=4096)  # the preview checks every body again after each save
def _links_in(body: str) -> tuple[tuple[int, str], ...]:
    found = []
    for offset, line in prose_lines(body):
        for match in LINK.finditer(line):
            target = match.group(1).split("#", 1)[0]
            if target.endswith(".md") and "://" not in target and not target.startswith("/"):
                found.append((offset, target))
    return tuple(found)


def linked_id(item: Body, target: str) -> str | None:
    """The id of the item a link points at, or None when it leaves the collections."""
    here = posixpath.dirname(item.path.removeprefix(f"{CONTENT_DIR}/"))
    path = posixpath.normpath(posixpath.join(here, target))
    parts = path.split("/")
    if len(parts) == 2 and parts[1].endswith(".md"):
        return f"{parts[0]}/{parts[1].removesuffix('.md')}"
    if len(parts) == 3 and parts[2] == "index.md":
        return f"{parts[0]}/{parts[1]}"
    return None


def check_body_links(items: list[Item[Any]], collections: set[str], claimed: AbstractSet[str] = frozenset(),
                     unread: Sequence[UnreadItem] = ()) -> list[Problem]:
    """A link to a missing item, to a draft from a published page, or to an item that
    is missing from some cohort the linking page is published in. The bodies of files
    whose front matter has errors (``unread``) are checked too: for missing items always,
    for drafts and cohorts when their own ``draft`` and ``cohorts`` could be read."""
    by_id = {item.id: item for item in items}
    problems = []
    sources: list[Item[Any] | UnreadItem] = [*items, *unread]
    for item in sources:
        here = publication(item)
        for line, target in body_links(item):
            other_id = linked_id(item, target)
            if other_id is None or other_id.split("/")[0] not in collections:
                continue
            other = by_id.get(other_id)
            if other is None and other_id in claimed:  # the broken file reports its own errors
                continue
            if other is None:
                hint = _nearest_link(item, other_id, by_id)
                problems.append(Problem(item.path, line, f"lenken «{target}» går til en side som ikke finnes{hint}"))
            elif here is None:
                continue
            elif other.meta.draft and not here.draft:
                problems.append(Problem(item.path, line, f"lenken «{target}» går til et utkast (draft)"))
            elif other.meta.cohorts is not None and not here.draft and (
                here.cohorts is None or not set(here.cohorts) <= set(other.meta.cohorts)
            ):
                where = f"kull {', '.join(here.cohorts)}" if here.cohorts else "alle kull"
                problems.append(Problem(
                    item.path, line,
                    f"lenken «{target}» går til en side som bare er med i kull {', '.join(other.meta.cohorts)}, "
                    f"men denne siden er med i {where}",
                ))
    return problems


def _nearest_link(item: Body, wanted: str, by_id: Mapping[str, Item[Any]]) -> str:
    """« – mente du «x.md»?» with the links, from this page, to the items of the wanted
    collection whose names are nearest the one the link names."""
    collection, _, slug = wanted.partition("/")
    slugs = {i.partition("/")[2]: other for i, other in by_id.items() if i.startswith(f"{collection}/")}
    here = posixpath.dirname(item.path)
    return did_you_mean([posixpath.relpath(slugs[close].path, here) for close in nearest(slug, slugs)])
