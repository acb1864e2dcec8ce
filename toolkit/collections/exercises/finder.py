"""The exercise finder at ``/ovelser/`` and its machine-readable twin ``ovelser.json``.

The finder is the listing of every exercise as a card, generated as a Markdown page
whose cards are plain HTML (see ``card``): without JavaScript the whole list is there
and every card links to its exercise. Each card carries what the filters need as
``data-`` attributes, so ``finder.js`` (loaded only on this page, from a script tag
in the content, which Material's instant navigation re-runs) filters the cards that
are already on the page instead of fetching anything. The filter form is a plain GET
form whose field names are the URL parameters (see docs-dev/exercises.md).

On a phone the filters would fill more than a screen, so everything but the text search
folds behind one «Filtrer» button (a disclosure that says how many filters are chosen);
the count and the first card then stay on the first screen.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from ... import escape
from ...content.collection import SiteView
from ...content.items import Item, of_model
from ...content.models import ItemMeta
from ...partials.item import front_matter, md_link_target
from .model import ID, ExerciseMeta
from .page import DIFFICULTY_LABELS, LED_BY_LABELS, group_size, minutes

PAGE = f"{ID}/index.md"  # the collection's listing: the finder is the exercises' index
CATALOGUE = f"{ID}/{ID}.json"
TITLE = "Finn en øvelse"
DESCRIPTION = (
    "Alle øvelsene for ledergruppen, med filter for tema, tid, forberedelse, "
    "gruppestørrelse, nivå og hvem som leder."
)
# Choices in the "longest duration" filter; a value from a shared URL that is not
# among them is added by the script.
MAX_DURATIONS = (10, 15, 20, 30, 45, 60, 90)
# Choices in the preparation filter, as the most minutes the leader has to prepare: the
# exercises' preparation runs from none (the field's default) to an hour and more, and a
# leader asks "nothing", "a few minutes", "half an hour" or "an hour". Each choice keeps
# the exercises with that much preparation or less.
MAX_PREPARATIONS = (0, 10, 30, 60)
SCRIPT = "assets/javascripts/finder.js"
# The finder's own styles: loaded by this page alone, like its script, so that no other
# page's first view carries them (docs-dev/web-server.md's budget for a phone).
STYLESHEET = "assets/stylesheets/finder.css"



def exercises(site: SiteView) -> list[tuple[Item[ExerciseMeta], ExerciseMeta]]:
    return [(item, item.meta) for item in of_model(site.in_collection(ID), ExerciseMeta)]


def address(item: Item[ItemMeta]) -> str:
    """An exercise's address relative to the finder's folder, where the finder page and
    ``ovelser.json`` both are: the cards and the catalogue link with it."""
    return posixpath.relpath(item.url, posixpath.dirname(PAGE)) + "/"


def preparation_limit(limit: int) -> str:
    """A choice of the preparation filter: ``0`` → «Ingen forberedelse», ``10`` → «Inntil 10
    min», ``60`` → «Inntil 1 time» (``finder.js`` names a limit from a shared link that is
    not among the choices the same way, in minutes)."""
    if limit == 0:
        return "Ingen forberedelse"
    return "Inntil 1 time" if limit == 60 else f"Inntil {minutes(limit)}"


def preparation(meta: ExerciseMeta) -> str:
    """A card's preparation, in words that need no label: «Ingen forberedelse»,
    «15 min forberedelse»."""
    return f"{minutes(meta.preparation)} forberedelse" if meta.preparation else "Ingen forberedelse"


# A card's facts: the class that draws the fact's icon (exercises.css), the label a
# screen reader says before the value (none where the value says what it is), and the value.
FACTS: tuple[tuple[str, str, Callable[[ExerciseMeta], str]], ...] = (
    ("duration", "Varighet", lambda meta: minutes(meta.minutes)),
    ("group-size", "Gruppestørrelse", group_size),
    ("difficulty", "Nivå", lambda meta: DIFFICULTY_LABELS[meta.difficulty]),
    ("preparation", "", preparation),
)


def card(item: Item[ItemMeta], meta: ExerciseMeta, site: SiteView) -> str:
    """One card: title (the only link), description, time, group size, level, preparation,
    themes.

    Plain HTML, not Markdown: the finder holds every exercise, so its cards are the most
    repeated markup of the site. Each fact's icon is drawn by the stylesheet instead of an
    inline SVG per card (they were half of the page's HTML), and the title links to the
    exercise's address the way ``ovelser.json`` does, both from the same items."""
    labels = [site.themes[s].label for s in meta.themes if s in site.themes]
    data = {
        "data-id": item.id,
        "data-duration": str(meta.minutes),
        "data-preparation": str(meta.preparation),
        "data-min": str(meta.group_size.min),
        "data-max": str(meta.group_size.max),
        "data-difficulty": meta.difficulty,
        "data-led-by": meta.led_by,
        "data-themes": " ".join(meta.themes),
    }
    attributes = " ".join(f'{key}="{escape.html(value)}"' for key, value in data.items())
    facts = " ".join(
        f'<span class="vk-card__fact vk-icon vk-icon--{icon}">'
        + (f'<span class="vk-sr-only">{label}: </span>' if label else "")
        + f"{escape.md(value(meta))}</span>"
        for icon, label, value in FACTS
    )
    led_by = "" if meta.led_by == "gruppen" else f" · {LED_BY_LABELS[meta.led_by]}"
    return (
        f'<li class="vk-card" {attributes}>\n'
        f'<p class="vk-card__title"><a href="{escape.html(address(item))}">{escape.md(meta.title)}</a></p>\n'
        f'<p class="vk-card__description">{escape.md(meta.description)}</p>\n'
        f'<p class="vk-card__facts">{facts}</p>\n'
        f'<p class="vk-card__themes"><span class="vk-sr-only">Tema: </span>'
        f"{escape.md(', '.join(labels))}{led_by}</p>\n"
        "</li>\n"
    )


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    ident = f"vk-finder-{name}"
    rendered = "".join(
        f'<option value="{escape.md(value)}">{escape.md(text)}</option>' for value, text in options
    )
    return (
        f'<div class="vk-finder__field"><label for="{ident}">{label}</label>'
        f'<select id="{ident}" name="{name}">{rendered}</select></div>\n'
    )


def form(site: SiteView, items: list[tuple[Item[ExerciseMeta], ExerciseMeta]], stylesheet: str) -> str:
    """The filter form; hidden until ``finder.js`` runs, since only the script filters.
    It carries the link to the finder's stylesheet (``stylesheet``, relative to the page):
    a raw HTML block that Markdown leaves as it is, before the form and the cards it styles.

    The text search stays in view; the other filters are in a panel that the «Filtrer»
    button (``aria-expanded``, ``aria-controls``) folds away. ``finder.js`` folds it on a
    phone and opens it on a wider screen, writes the number of chosen filters into the
    button, and keeps «Vis N øvelser» (which folds the panel again) counting while the
    panel is open."""
    used = {slug for _, meta in items for slug in meta.themes}
    themes = "".join(
        f'<label class="vk-finder__theme"><input type="checkbox" name="tema" value="{escape.md(slug)}"> '
        f"{escape.md(theme.label)}</label>\n"
        for slug, theme in site.themes.items()
        if slug in used
    )
    return (
        '<form class="vk-finder" id="vk-finder" method="get" action="./" '
        'aria-label="Filtrer øvelsene" hidden>\n'
        f'<link rel="stylesheet" href="{escape.html(stylesheet)}">\n'
        '<div class="vk-finder__bar">\n'
        '<div class="vk-finder__field vk-finder__field--text">'
        '<label for="vk-finder-q">Søk i øvelsene</label>'
        '<input id="vk-finder-q" name="q" type="search" autocomplete="off"></div>\n'
        '<button type="button" class="md-button vk-finder__toggle" id="vk-finder-toggle" '
        'aria-expanded="true" aria-controls="vk-finder-filters">'
        '<span class="vk-icon vk-icon--filter">Filtrer</span> '
        '<span class="vk-finder__active" hidden></span></button>\n'
        "</div>\n"
        '<div class="vk-finder__filters" id="vk-finder-filters">\n'
        '<fieldset class="vk-finder__themes"><legend>Tema</legend>\n'
        f"{themes}</fieldset>\n"
        '<div class="vk-finder__fields">\n'
        + _select("maks", "Lengste varighet",
                  [("", "Alle")] + [(str(m), f"{m} min eller mindre") for m in MAX_DURATIONS])
        + _select("forberedelse", "Forberedelse",
                  [("", "Alle")] + [(str(m), preparation_limit(m)) for m in MAX_PREPARATIONS])
        + '<div class="vk-finder__field"><label for="vk-finder-personer">Antall i gruppen</label>'
        '<input id="vk-finder-personer" name="personer" type="number" min="1" '
        'inputmode="numeric"></div>\n'
        + _select("niva", "Nivå", [("", "Alle")] + list(DIFFICULTY_LABELS.items()))
        + _select("ledes", "Ledes av", [("", "Alle")] + list(LED_BY_LABELS.items()))
        + "</div>\n"
        '<div class="vk-finder__actions">\n'
        '<button type="button" class="md-button vk-finder__reset">Nullstill filtrene</button>\n'
        '<button type="button" class="md-button md-button--primary vk-finder__done">'
        f"{show_text(len(items))}</button>\n"
        "</div>\n"
        "</div>\n"
        "</form>\n\n"
    )


def show_text(shown: int) -> str:
    """The button that folds the open filters and shows the list; ``finder.js`` keeps the
    same wording as the count changes."""
    return f"Vis {shown} {'øvelse' if shown == 1 else 'øvelser'}"


def count_text(shown: int, total: int) -> str:
    """What the live region says; ``finder.js`` keeps the same wording."""
    noun = "øvelse" if total == 1 else "øvelser"
    if shown == total:
        return f"Viser alle {total} {noun}."
    if shown == 0:
        return "Ingen øvelser passer filtrene."
    return f"Viser {shown} av {total} {noun}."


def render(site: SiteView) -> str:
    items = exercises(site)
    cards = "".join(card(item, meta, site) for item, meta in items)
    script = md_link_target(PAGE, SCRIPT)
    stylesheet = md_link_target(PAGE, STYLESHEET)
    catalogue = posixpath.basename(CATALOGUE)
    return (
        front_matter(title=TITLE, description=DESCRIPTION, hide=["toc"])
        + f"# {TITLE}\n\n"
        "Finn en øvelse til neste ledermøte: søk etter et ord, eller filtrer på tema, tid, "
        "forberedelse og gruppe. Hver øvelse kan skrives ut.\n\n"
        + form(site, items, stylesheet)
        + f'<p class="vk-finder__count" id="vk-finder-count" role="status">'
        f"{count_text(len(items), len(items))}</p>\n\n"
        '<div class="grid cards vk-finder__cards">\n'
        '<ul id="vk-finder-list">\n'
        f"{cards}"
        "</ul>\n"
        "</div>\n\n"
        f'<p class="vk-finder__catalogue" markdown="span">Andre tjenester kan hente listen '
        f"som [JSON]({catalogue}).</p>\n\n"
        f'<script src="{script}"></script>\n'
    )


def catalogue(site: SiteView) -> str:
    """``ovelser.json``: every published exercise for other intranet services.

    ``url`` is relative to the catalogue's own address, so it stays right whichever
    host and version folder the site is served from.
    """
    entries = []
    for item, meta in exercises(site):
        entries.append({
            "id": item.id,
            "title": meta.title,
            "description": meta.description,
            "url": address(item),
            "duration": meta.minutes,
            "preparation": meta.preparation,
            "group_size": {"min": meta.group_size.min, "max": meta.group_size.max},
            "difficulty": meta.difficulty,
            "led_by": meta.led_by,
            "themes": list(meta.themes),
            "materials": list(meta.materials),
        })
    data = {
        "version": 1,
        "themes": {slug: theme.label for slug, theme in site.themes.items()},
        "exercises": entries,
    }
    return escape.json_text(data) + "\n"


def listing(site: SiteView) -> list[tuple[str, str]]:
    """The exercises' listing: the finder, and its catalogue for other services."""
    return [(PAGE, render(site)), (CATALOGUE, catalogue(site))]
