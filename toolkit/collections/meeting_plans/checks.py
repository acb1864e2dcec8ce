"""The checks of a meeting plan (``content/moteplaner/``): its blocks name exercises and
theory pages that exist, are published where the plan is, and add up to its length.

A block's id must belong to the kind of block it is (``ovelse:`` an exercise, ``teori:``
a theory page), since the planner prints an exercise's handout and only links a theory
page. Errors point at the block's line; blocks that do not add up to ``duration``, and a
meeting over 90 minutes without a pause, are warnings, since the plan still works as a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from types import MappingProxyType

from ...content.collection import ContentView
from ...content.items import Item
from ...content.models import ItemMeta
from ...content.schema_errors import suggest_id
from ...planner_address import EXERCISE, PAUSE, THEORY
from ...problems import Problem, warning
from .. import exercises, theory
from .model import MeetingPlanMeta

#: The collection each kind of block names, and how a reader calls one of its items.
BLOCK_COLLECTIONS = MappingProxyType({EXERCISE: (exercises.ID, "en øvelse"), THEORY: (theory.ID, "en teoriside")})

MeetingPlan = Item[MeetingPlanMeta]
#: Minutes a meeting may run without a pause (CONTRIBUTING.md: «Møter som varer mer enn
#: 90 minutter, skal ha minst én pause»).
LONGEST_WITHOUT_PAUSE = 90


def check_plan(item: MeetingPlan, content: ContentView) -> list[Problem]:
    """Every block's id, and the sum of the blocks against ``duration``."""
    problems: list[Problem] = []
    by_id = content.by_id
    for index, block in enumerate(item.meta.blocks):
        if block.kind != PAUSE and block.minutes is None:
            problems.append(Problem(item.path, item.line_of("blocks", index), (
                f"«blocks[{index + 1}]»: mangler «minutes»: hvor mange minutter tar blokken "
                f"«{block.target or block.point}»?")))
        if block.target is None:
            continue
        collection, one = BLOCK_COLLECTIONS[block.kind]
        line = item.line_of("blocks", index, block.kind)
        problems += _check_target(item, block.target, collection, one, line, by_id, content.claimed)
    if item.meta.minutes > LONGEST_WITHOUT_PAUSE and not any(b.kind == PAUSE for b in item.meta.blocks):
        problems.append(warning(item.path, item.line_of("duration"), (
            f"et møte på mer enn {LONGEST_WITHOUT_PAUSE} minutter trenger en pause: legg inn «- pause: 10»")))
    total = sum(block.length for block in item.meta.blocks)
    if total != item.meta.minutes:
        problems.append(warning(item.path, item.line_of("duration"), (
            f"blokkene er til sammen {total} min, men «duration» er {item.meta.minutes} min")))
    return problems


def _check_target(item: MeetingPlan, target: str, collection: str, one: str, line: int,
                  by_id: Mapping[str, Item[ItemMeta]], claimed: AbstractSet[str]) -> list[Problem]:
    if not target.startswith(f"{collection}/"):
        return [Problem(item.path, line, (
            f"«{target}» er ikke {one}: her står id-en til {one}, som {collection}/<navn>"))]
    if target in claimed:
        return []  # the broken file reports its own errors
    other = by_id.get(target)
    if other is None:
        candidates = [i for i in (*by_id, *claimed) if i.startswith(f"{collection}/")]
        return [Problem(item.path, line, f"ukjent id «{target}»{suggest_id(target, candidates)}")]
    if other.meta.draft and not item.meta.draft:
        return [Problem(item.path, line, f"«{target}» er et utkast (draft) og blir ikke publisert")]
    if other.meta.cohorts is not None and not item.meta.draft and (
            item.meta.cohorts is None or not set(item.meta.cohorts) <= set(other.meta.cohorts)):
        where = f"kull {', '.join(item.meta.cohorts)}" if item.meta.cohorts else "alle kull"
        return [Problem(item.path, line, (
            f"«{target}» er bare med i kull {', '.join(other.meta.cohorts)}, men møteplanen er med i {where}"))]
    return []


def uses(item: MeetingPlan) -> list[str]:
    """The exercises and theory pages the plan uses, in its order."""
    return [block.target for block in item.meta.blocks if block.target]
