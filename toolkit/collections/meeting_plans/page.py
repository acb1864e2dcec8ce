"""A ready-made meeting plan's page, the plans' listing, and ``moteplaner.json``.

The page is the agenda as a leader reads it on paper: each block with its clock time from
09.00, the exercises and theory pages linked, then the editor's text on how to run the
meeting. «Åpne i møteplanleggeren» opens exactly these blocks in the planner
(``/moteplan/``), where the leader changes the start time, the minutes or the order and
prints the agenda with the handouts.
"""

from __future__ import annotations

import posixpath
from types import MappingProxyType

from ... import escape, norsk
from ... import planner_address as planner
from ...content.collection import SiteView
from ...content.items import Item, of_model
from ...partials.item import (
    body,
    facts_line,
    item_page,
    link,
    page_head,
    related_section,
    themes_block,
)
from ...partials.listing import collection_index
from ...planner_address import EXERCISE, PAUSE, POINT, THEORY
from ..exercises import ExerciseMeta
from .model import ID, Block, MeetingPlanMeta

MeetingPlan = Item[MeetingPlanMeta]
PAGE = f"{ID}/index.md"  # the plans' listing
CATALOGUE = f"{ID}/{ID}.json"
START = planner.DEFAULT_START  # a plan's page shows the clock from 09.00, as the planner does

KINDS = MappingProxyType({EXERCISE: "Øvelse", THEORY: "Teori", PAUSE: "Pause", POINT: "Punkt"})


def planner_blocks(item: MeetingPlan, site: SiteView) -> list[planner.Block]:
    """The plan's blocks in the planner's terms (an exercise at its own length is written
    without minutes, so the link stays short)."""
    blocks: list[planner.Block] = []
    for block in item.meta.blocks:
        slug = block.target.split("/", 1)[1] if block.target else ""
        if block.kind == EXERCISE:
            exercise = site.by_id.get(block.target or "")
            own = exercise.meta.minutes if exercise is not None and isinstance(exercise.meta, ExerciseMeta) else None
            blocks.append(planner.ExerciseBlock(slug, None if own == block.length else block.length))
        elif block.kind == THEORY:
            blocks.append(planner.TheoryBlock(slug, block.length))
        elif block.kind == PAUSE:
            blocks.append(planner.PauseBlock(block.length))
        else:
            blocks.append(planner.FreeBlock(block.point or "", block.length))
    return blocks


def planner_query(item: MeetingPlan, site: SiteView) -> str:
    """The plan in the planner's address: its blocks from 09.00, its length as the time
    available, and its title, which the planner shows in «Tittel» and on the agenda."""
    return planner.query(planner_blocks(item, site), START, available=item.meta.minutes,
                         title=item.meta.title[:planner.MAX_TITLE])


def planner_link(item: MeetingPlan, site: SiteView) -> str:
    """The planner's address with this plan, relative to the plan's page as the
    browser has it (``moteplaner/<slug>/``). Written as an HTML link: MkDocs rewrites a
    Markdown link to a page and drops its query, which is the plan."""
    folder = posixpath.relpath(posixpath.dirname(planner.PAGE), item.url.rstrip("/")) + "/"
    return folder + planner_query(item, site)


def run_link(item: MeetingPlan, site: SiteView) -> str:
    """The run view («Kjør møtet») with this plan: the planner's query on its page."""
    folder = posixpath.relpath(posixpath.dirname(planner.RUN_PAGE), item.url.rstrip("/")) + "/"
    return folder + planner_query(item, site)


def _what(block: Block, site: SiteView, here: str) -> str:
    target = site.by_id.get(block.target or "")
    if target is not None:
        return f"{link(here, target)}"
    if block.kind == PAUSE:
        return "Pause"
    return escape.md(block.point or "")


def agenda(item: MeetingPlan, site: SiteView, here: str) -> str:
    """The blocks as a table: clock time, what (linked), kind and minutes."""
    rows = ["| Tid | Hva | Minutter |\n", "|---|---|---|\n"]
    clock = norsk.minutes_of_day(START)
    for block in item.meta.blocks:
        end = clock + block.length
        kind = "" if block.kind in (PAUSE, POINT) else f" ({KINDS[block.kind].lower()})"
        when = f'<span class="vk-nowrap">{norsk.time_of_day(clock)}–{norsk.time_of_day(end)}</span>'
        rows.append(f"| {when} | {_what(block, site, here)}{kind} | {norsk.minutes(block.length)} |\n")
        clock = end
    rows.append(f"| {norsk.time_of_day(clock)} | Slutt | |\n")
    return "".join(rows) + "\n"


def render(item: MeetingPlan, site: SiteView) -> str:
    here = item_page(item)
    meta = item.meta
    start, end = norsk.minutes_of_day(START), norsk.minutes_of_day(START) + sum(b.length for b in meta.blocks)
    return (
        page_head(item)
        + f"# {escape.md(meta.title)}\n\n"
        + f'<p class="vk-plan-facts">Varighet {norsk.meeting_length(meta.minutes)} · '
        f"{norsk.count(len(meta.blocks), 'punkt', 'punkter')} · "
        f"her fra kl. {norsk.time_of_day(start)} til {norsk.time_of_day(end)}</p>\n\n"
        + facts_line(item)
        + themes_block(item, site, here)
        + f'<p><a class="md-button md-button--primary vk-plan-open" href="{escape.html(planner_link(item, site))}">'
        "Åpne i møteplanleggeren</a> "
        f'<a class="md-button vk-plan-run" href="{escape.html(run_link(item, site))}">Kjør møtet</a></p>\n\n'
        "I møteplanleggeren kan du endre starttid, minutter og rekkefølge, og skrive ut agendaen "
        "med arkene til hver øvelse. «Kjør møtet» viser planen på skjermen i møterommet, punkt for "
        "punkt, med tiden som er igjen.\n\n"
        + "## Agenda\n\n"
        + agenda(item, site, here)
        + body(item)
        + related_section(item, site, here)
    )


def length(item: Item[MeetingPlanMeta]) -> str:
    """A plan's length on its card in the listing."""
    return norsk.meeting_length(item.meta.minutes)


def shortest_first(items: list[MeetingPlan], site: SiteView) -> list[MeetingPlan]:
    """The plans from the shortest meeting to the longest, as a leader with a slot to fill
    looks for one (then by title)."""
    return sorted(items, key=lambda item: (item.meta.minutes, norsk.sort_key(item.meta.title)))


def catalogue(site: SiteView) -> str:
    """``moteplaner.json``: every published plan for other services, like ``ovelser.json``;
    addresses relative to the catalogue's own."""
    plans = []
    for item in of_model(site.in_collection(ID), MeetingPlanMeta):
        plans.append({
            "id": item.id,
            "title": item.meta.title,
            "description": item.meta.description,
            "url": f"{item.slug}/",
            "planner": "../" + planner.PAGE.removesuffix("index.md") + planner_query(item, site),
            "duration": item.meta.minutes,
            "themes": list(item.meta.themes),
            "blocks": [{"kind": b.kind, "id": b.target, "text": b.point, "minutes": b.length}
                       for b in item.meta.blocks],
        })
    return escape.json_text({"version": 1, "plans": plans}) + "\n"


def listing(site: SiteView) -> list[tuple[str, str]]:
    """The plans' index (each card with the plan's length) and ``moteplaner.json``."""
    collection = site.registry[ID]
    plans = of_model(site.reading_order(collection), MeetingPlanMeta)
    return [(collection.index_page, collection_index(collection, plans, length)),
            (CATALOGUE, catalogue(site))]

