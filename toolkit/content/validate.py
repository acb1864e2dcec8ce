"""Checks that need more than one file: themes, cross-references, duplicates, drafts.

Each check returns problems pointing at the line of the offending key, so the editor
lands on ``related:`` entry 2, not on the top of the file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from .. import norsk
from ..problems import Problem, warning
from .cohorts import Cohort
from .frontmatter import Parsed
from .items import Body, Item
from .links import check_body_links
from .models import Theme
from .schema_errors import suggest, suggest_id

if TYPE_CHECKING:
    from .loaded import Content


def check_duplicates(items: list[Item[Any]]) -> list[Problem]:
    """Two items claiming one URL (a flat file and a bundle of the same slug)."""
    by_id: dict[str, list[Item[Any]]] = defaultdict(list)
    for item in items:
        by_id[item.id].append(item)
    problems = []
    for item_id, same in by_id.items():
        for item in same[1:]:
            problems.append(
                Problem(item.path, 1, f"«{item_id}» finnes allerede i {same[0].path}")
            )
    return problems


def check_themes(items: list[Item[Any]], themes: dict[str, Theme],
                 named: AbstractSet[str] | None = None) -> list[Problem]:
    """Each item's themes are in the taxonomy. ``named``: every slug the theme file names,
    with or without errors of its own (those are no second error here); None when the
    file could not be read at all, and then no theme can be judged (one error, not one
    per item)."""
    if named is None:
        return []
    problems = []
    for item in items:
        for index, slug in enumerate(item.meta.themes):
            if slug not in themes and slug not in named:
                problems.append(
                    Problem(
                        item.path,
                        item.line_of("themes", index),
                        f"ukjent tema «{slug}»{suggest(slug, themes, n=3)}",
                    )
                )
    return problems


def check_related(items: list[Item[Any]], claimed: AbstractSet[str] = frozenset()) -> list[Problem]:
    """``related`` must name existing items, not itself, and no draft from a published page.
    An id ``claimed`` by a file that has errors of its own is not reported again here."""
    by_id = {item.id: item for item in items}
    problems = []
    for item in items:
        for index, other_id in enumerate(item.meta.related):
            line = item.line_of("related", index)
            other = by_id.get(other_id)
            if other is None and other_id in claimed:
                continue
            if other is None:
                problems.append(
                    Problem(item.path, line, f"ukjent id «{other_id}»{suggest_id(other_id, by_id.keys() | claimed)}")
                )
            elif other is item:
                problems.append(Problem(item.path, line, "et element kan ikke vise til seg selv"))
            elif other.meta.draft and not item.meta.draft:
                problems.append(
                    Problem(item.path, line, f"viser til «{other_id}», som er et utkast (draft)")
                )
    return problems


def check_cohort_ids(items: list[Item[Any]], cohorts: dict[str, Cohort],
                     claimed: AbstractSet[str] = frozenset()) -> list[Problem]:
    """Each item's cohorts exist (a cohort file ``claimed`` with errors of its own counts)."""
    problems = []
    for item in items:
        for index, cohort_id in enumerate(item.meta.cohorts or []):
            if cohort_id not in cohorts and cohort_id not in claimed:
                problems.append(
                    Problem(
                        item.path,
                        item.line_of("cohorts", index),
                        f"ukjent kull «{cohort_id}»{suggest(cohort_id, cohorts, n=3)}",
                    )
                )
    return problems


def check_unused_themes(items: list[Item[Any]], themes: dict[str, Theme], path: str,
                        lines: Parsed | None) -> list[Problem]:
    used = {slug for item in items if not item.meta.draft for slug in item.meta.themes}
    return [
        warning(path, lines.line_of((slug,)) if lines else 1, f"temaet «{slug}» brukes ikke av noe publisert element")
        for slug in themes
        if slug not in used
    ]


def check_all(content: Content) -> list[Problem]:
    """Every check across files; ids ``claimed`` by broken files count as existing."""
    items = content.items
    return (
        check_duplicates(items)
        + check_themes(items, content.themes, _theme_slugs(content.themes_lines))
        + check_related(items, content.claimed)
        + check_cohort_ids(items, content.cohorts, content.claimed_cohorts)
        + check_body_links(items, set(content.registry.ids), content.claimed, content.unread)
        + check_bodies(content)
    )


def _theme_slugs(lines: Parsed | None) -> set[str] | None:
    """Every slug the theme file names, readable or not; None if the file could not be read."""
    if lines is None or not isinstance(lines.data, dict):
        return None
    return {str(slug) for slug in lines.data}


def check_bodies(content: Content) -> list[Problem]:
    """Each collection's body checks, on its items and on its files whose front matter
    has errors."""
    problems: list[Problem] = []
    bodies: list[Body] = [*content.items, *content.unread]
    for item in bodies:
        check = content.registry[item.collection].check_body
        if check is not None:
            problems += check(item)
    return problems


#: A ``reviewed`` date may be a day past the build's date: the build's day is UTC's, and
#: a page reviewed just after midnight in Oslo is dated a day later than UTC's clock says.
REVIEWED_SLACK = dt.timedelta(days=1)


def check_reviewed(items: list[Item[Any]], today: dt.date) -> list[Problem]:
    """A ``reviewed`` date after the build's date is a typing mistake (2062 for 2026), and
    one that would keep the page off the list of stale pages for decades."""
    return [
        Problem(item.path, item.line_of("reviewed"), (
            f"«reviewed» er {norsk.date(item.meta.reviewed)}, fram i tid (i dag er {norsk.date(today)}): "
            "skriv datoen siden sist ble gjennomgått"))
        for item in items
        if item.meta.reviewed is not None and item.meta.reviewed > today + REVIEWED_SLACK
    ]
