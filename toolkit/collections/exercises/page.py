"""The exercise page: what it takes at a glance, then the steps, ready to print.

A leader decides from the top of the page whether an exercise fits next week's
meeting, so the summary (time, group size, difficulty first) is rendered from the
front matter above the body, as a definition list styled by ``exercises.css``. The
page prints as an A4 handout through ``print.css``; the "Skriv ut" button and the
address printed at the end are set up by ``print.js`` (no inline script: the web
server's Content-Security-Policy runs only the site's own files).
"""

from __future__ import annotations

from types import MappingProxyType

from ... import escape, norsk
from ...content.collection import SiteView
from ...content.items import Item
from ...partials.item import (
    body,
    facts_line,
    item_page,
    json_attribute,
    page_head,
    related_section,
    theme_links,
    used_in_section,
)
from .body import PARTICIPANT_SECTIONS
from .model import ExerciseMeta

DIFFICULTY_LABELS = MappingProxyType({"enkel": "Enkel", "middels": "Middels", "krevende": "Krevende"})
LED_BY_LABELS = MappingProxyType({"gruppen": "Gruppen selv", "radgiver": "Rådgiver fra UKE"})

# Material's bundled icons (pymdownx.emoji renders them as inline SVG, nothing fetched).
ICONS = MappingProxyType({
    "duration": ":material-clock-outline:",
    "group_size": ":material-account-group-outline:",
    "difficulty": ":material-signal-cellular-2:",
    "preparation": ":material-clipboard-text-clock-outline:",
    "led_by": ":material-account-tie-outline:",
    "materials": ":material-toolbox-outline:",
    "themes": ":material-tag-outline:",
    "print": ":material-printer-outline:",
})


minutes = norsk.minutes


def group_size(meta: ExerciseMeta) -> str:
    size = meta.group_size
    if size.min == size.max:
        return f"{size.min} personer"
    return f"{size.min}–{size.max} personer"


def _fact(key: str, label: str, value: str, extra_class: str = "") -> str:
    """One ``<dt>/<dd>`` pair; the value is Markdown (links, icons) rendered as a span."""
    css = "vk-summary__fact" + (f" {extra_class}" if extra_class else "")
    return (
        f'<div class="{css}" markdown>\n'
        f'<dt markdown="span">{ICONS[key]} {label}</dt>\n'
        f'<dd markdown="span">{value}</dd>\n'
        "</div>\n"
    )


def theme_chips(item: Item[ExerciseMeta], site: SiteView, here: str) -> str:
    """The themes as links to their theme pages, drawn as Material's tag chips like the
    theme links on the other pages."""
    return " ".join(theme_links(item, site, here, ".md-tag"))


def summary(item: Item[ExerciseMeta], site: SiteView) -> str:
    """The summary block: the three facts a leader filters on first, then the rest."""
    meta = item.meta
    here = item_page(item)
    facts = [
        _fact("duration", "Varighet", minutes(meta.minutes), "vk-summary__fact--key"),
        _fact("group_size", "Gruppe", group_size(meta), "vk-summary__fact--key"),
        _fact("difficulty", "Nivå", DIFFICULTY_LABELS[meta.difficulty], "vk-summary__fact--key"),
        _fact("preparation", "Forberedelse",
              minutes(meta.preparation) if meta.preparation else "Ingen"),
        _fact("led_by", "Ledes av", LED_BY_LABELS[meta.led_by]),
    ]
    if meta.materials:
        materials = ", ".join(escape.md(m) for m in meta.materials)
        facts.append(_fact("materials", "Materiell", materials, "vk-summary__fact--wide"))
    facts.append(_fact("themes", "Tema", theme_chips(item, site, here), "vk-summary__fact--wide"))
    return (
        '<dl class="vk-summary" aria-label="Kort om øvelsen" markdown>\n'
        + "".join(facts)
        + "</dl>\n\n"
    )


def print_button() -> str:
    """Material's button style; hidden without JavaScript (``.no-js``) and on paper."""
    return (
        '<p class="vk-print" markdown="span">'
        '<button type="button" class="md-button vk-print__button" data-vk-print>'
        f'{ICONS["print"]} Skriv ut</button>{participant_print_button()}</p>\n\n'
    )


def print_address(item: Item[ExerciseMeta]) -> str:
    """The page's address, shown only on paper. Only the browser knows the address it
    was served from (the intranet host, the cohort's version folder), so ``print.js``
    fills it in; without script the site-relative path is printed instead."""
    return (
        '<p class="vk-print-address">Nettadresse: '
        f'<span class="vk-print-address__url">{escape.md(item.url)}</span></p>\n'
    )


def render(item: Item[ExerciseMeta], site: SiteView) -> str:
    here = item_page(item)
    return (
        page_head(item)
        + f"# {escape.md(item.meta.title)}\n\n"
        + facts_line(item)
        + summary(item, site)
        + add_button(item)
        + print_button()
        + body(item)
        + used_in_section(item, site, here)
        + related_section(item, site, here)
        + print_address(item)
    )


def add_button(item: Item[ExerciseMeta]) -> str:
    """«Legg i møteplanen» on an exercise page: hidden until ``planner.js`` shows it,
    since the planner cannot work without the script."""
    meta = item.meta
    return (
        '<p class="vk-plan-add" hidden>'
        '<button type="button" class="md-button md-button--primary vk-plan-add__button" '
        f'data-vk-plan-add="{escape.md(item.slug)}" data-vk-title="{escape.md(meta.title)}" '
        f'data-vk-duration="{meta.minutes}">Legg i møteplanen</button> '
        '<span class="vk-plan-add__status"></span></p>\n\n'
    )


def participant_print_button() -> str:
    """«Skriv ut for deltakerne» beside the exercise page's «Skriv ut»: the handout
    without preparation and tips. Hidden until ``planner.js``, which marks the sections."""
    sections = json_attribute(list(PARTICIPANT_SECTIONS))
    return (
        ' <button type="button" class="md-button vk-print__button" '
        f'data-vk-print-participants="{sections}" hidden>'
        ":material-printer-outline: Skriv ut for deltakerne</button>"
    )
