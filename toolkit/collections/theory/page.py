"""The theory page: the explanation, the exercises that practise it, and its sources.

A leader who has just read about meetings should be one click from an exercise for
next week's meeting, so the page ends its explanation with «Prøv i praksis». The
exercises there are the ones linked to the theory through ``related`` (either
side may name the other): an editor's deliberate choice is a better guide than a
shared theme, which would list every exercise about meetings. Only a theory page
that no exercise is linked to falls back on the exercises that share its first
(main) theme, so that the block is never empty while a theme has exercises.
"""

from __future__ import annotations

from ... import escape
from ...content.collection import SiteView
from ...content.items import Item, of_model
from ...content.models import ItemMeta
from ...norsk import sort_key
from ...partials.item import (
    body,
    facts_line,
    item_page,
    md_link_target,
    page_head,
    related_section,
    themes_block,
    used_in_section,
)
from .. import exercises
from ..exercises import ExerciseMeta
from .model import Source, TheoryMeta


def by_main_theme(items: list[Item[TheoryMeta]], site: SiteView) -> list[Item[TheoryMeta]]:
    """Theory follows the model, as the taxonomy does: ordered by the position of each
    page's first (main) theme in ``temaer.yml``, so a newcomer starts with what makes a
    leadership group effective and «Neste» walks through the model."""
    position = {slug: index for index, slug in enumerate(site.themes)}
    return sorted(items, key=lambda i: position.get(i.meta.themes[0], len(position)))


def practice(item: Item[ItemMeta], site: SiteView) -> tuple[list[Item[ExerciseMeta]], bool]:
    """The exercises that practise this theory, and whether they came from a shared theme."""
    linked = of_model((other for other in site.related(item) if other.collection == exercises.ID), ExerciseMeta)
    if linked or not item.meta.themes:
        return linked, False
    main_theme = item.meta.themes[0]
    return of_model((other for other in site.with_theme(main_theme) if other.collection == exercises.ID),
                    ExerciseMeta), True


def exercise_facts(meta: ExerciseMeta) -> str:
    """«15 min · 4–12 personer»: what decides whether it fits the next meeting."""
    size = meta.group_size
    people = f"{size.min} personer" if size.min == size.max else f"{size.min}–{size.max} personer"
    return f"{meta.minutes} min · {people}"


def practice_section(item: Item[ItemMeta], site: SiteView, here: str) -> str:
    exercises, by_theme = practice(item, site)
    if not exercises:
        return ""
    if by_theme:
        theme = site.themes[item.meta.themes[0]]
        intro = f"Øvelser om {escape.md(theme.label.lower())} som dere kan bruke i neste ledermøte:"
    else:
        intro = "Øvelser som gjør dette til praksis i neste ledermøte:"
    out = [f"## Prøv i praksis\n\n{intro}\n\n", '<div class="grid cards vk-practice" markdown>\n\n']
    for exercise in exercises:
        target = md_link_target(here, item_page(exercise))
        out.append(
            f"-   [**{escape.md(exercise.meta.title)}**]({target})\n\n"
            f"    {exercise_facts(exercise.meta)}\n\n"
            f"    {escape.md(exercise.meta.description)}\n\n"
        )
    out.append("</div>\n\n")
    return "".join(out)


def citation(source: Source) -> str:
    """One source in an APA-like style, the same for books and articles:
    ``Bang, H. og Midelfart, T. N. (2012). *Effektive ledergrupper*. Gyldendal Akademisk.``

    The title is always in italics because the front matter does not say whether a
    work is a book or an article; a link is added when the source has a ``url``.
    """
    title_end = "" if source.title.rstrip().endswith(("?", "!", ".")) else "."
    where_end = "" if source.where.rstrip().endswith(".") else "."
    text = (f"{escape.md(source.author)} ({source.year}). *{escape.md(source.title)}*{title_end} "
            f"{escape.md(source.where)}{where_end}")
    if source.url:
        text += " " + escape.link(escape.md(source.url), source.url)
    return text


def sources_section(meta: TheoryMeta) -> str:
    """«Kilder», sorted by author and year as in a reference list."""
    ordered = sorted(meta.sources, key=lambda s: (sort_key(s.author), s.year, sort_key(s.title)))
    return "## Kilder\n\n" + "".join(f"- {citation(s)}\n" for s in ordered) + "\n"


def render(item: Item[TheoryMeta], site: SiteView) -> str:
    here = item_page(item)
    return (
        page_head(item)
        + f"# {escape.md(item.meta.title)}\n\n"
        + facts_line(item)
        + themes_block(item, site, here)
        + body(item)
        + practice_section(item, site, here)
        + used_in_section(item, site, here)
        + sources_section(item.meta)
        + related_section(item, site, here, skip={exercises.ID})
    )
