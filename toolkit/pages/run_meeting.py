"""The run view at ``/moteplan/kjor/``: a meeting plan on the meeting-room screen, block by block.

«Kjør møtet» on the planner and on every ready-made plan opens this page with the plan's own
query (``toolkit.planner_address``). The page shows the current block large with the time
left, the next block, how far ahead or behind the plan the meeting is, and for an exercise
the steps the group does and the reflection questions, as the participants' handout has
them; the tips for the one who leads only behind a toggle. ``run-meeting.js`` does all of
that in the browser, with the clock, and keeps where the meeting is in localStorage.

The exercises' sections are put in the page as text, at build time, in an attribute of the
run view's element (like the planner's data): the page needs no other request once loaded,
so a lost network in the meeting room changes nothing. The script writes them with
``textContent`` only. docs-dev/planner.md describes the page.
"""

from __future__ import annotations

import posixpath
from typing import Any

from .. import escape
from ..collections import exercises, theory
from ..collections.exercises import ExerciseMeta, handout
from ..content.items import Item, of_model
from ..partials.item import front_matter, json_attribute, md_link_target
from ..planner_address import PAGE as PLANNER_PAGE
from ..planner_address import RUN_PAGE as PAGE
from ..site import Site

TITLE = "Kjør møtet"
DESCRIPTION = (
    "Møteplanen på skjermen i møterommet, punkt for punkt: tiden som er igjen, neste punkt, "
    "om møtet ligger foran eller bak planen, og stegene og spørsmålene i hver øvelse."
)
DATA_ATTRIBUTE = "data-vk-run"
SCRIPTS = ("assets/javascripts/run-meeting.js",)
STYLESHEET = "assets/stylesheets/run-meeting.css"
#: What «Avslutt» offers: the exercise that evaluates the meeting just held.
EVALUATION = f"{exercises.ID}/moteevaluering"


# ---- The page -------------------------------------------------------------------------------

def _handout(item: Item[ExerciseMeta]) -> dict[str, list[dict[str, str]]]:
    """The exercise's steps, questions and tips as text, as its collection's ``prepare`` step
    made them when the content was loaded (no Markdown is converted while rendering)."""
    made = handout.of(item)
    return {name: [dict(entry) for entry in entries] for name, entries in made.items()}


def _address(item: Item[Any]) -> str:
    """An item's page relative to the run view's folder, as the script links it."""
    return posixpath.relpath(item.url, posixpath.dirname(PAGE)) + "/"


def data(site: Site) -> dict[str, Any]:
    """What the script needs: this version's exercises with their sections as text, the
    theory pages, and the exercise «Avslutt» offers."""
    exercise_list = [
        {"slug": item.slug, "title": item.meta.title, "url": _address(item),
         "duration": item.meta.minutes, "description": item.meta.description, **_handout(item)}
        for item in of_model(site.in_collection(exercises.ID), ExerciseMeta)
    ]
    theory_list = [
        {"slug": item.slug, "title": item.meta.title, "url": _address(item),
         "description": item.meta.description}
        for item in site.in_collection(theory.ID)
    ]
    evaluation = site.by_id.get(EVALUATION)
    return {
        "version": 1,
        "exercises": exercise_list,
        "theory": theory_list,
        "evaluation": evaluation.slug if evaluation is not None else None,
        "planner": _planner_address(),
    }


def _planner_address() -> str:
    """The planner's address from the run view's folder (``../``)."""
    return posixpath.relpath(posixpath.dirname(PLANNER_PAGE), posixpath.dirname(PAGE)) + "/"


def _button(ident: str, text: str, extra: str = "", keys: str = "") -> str:
    shortcut = f' aria-keyshortcuts="{keys}"' if keys else ""
    return f'<button type="button" class="md-button{extra}" id="{ident}"{shortcut}>{text}</button>'


def controls(site_data: dict[str, Any]) -> str:
    """The run view, hidden until the script shows it: the plan's title, the current
    block, the next, the buttons, the settings, the agenda and the end."""
    return (
        f'<div class="vk-run" id="vk-run" {DATA_ATTRIBUTE}="{json_attribute(site_data)}" tabindex="-1" hidden>\n'
        '<p class="vk-run__meeting" id="vk-run-meeting"></p>\n'
        '<div class="vk-run__notice" id="vk-run-notice" hidden></div>\n'
        '<section class="vk-run__now" id="vk-run-now" aria-labelledby="vk-run-title">\n'
        '<p class="vk-run__place" id="vk-run-place"></p>\n'
        '<h2 class="vk-run__title" id="vk-run-title"></h2>\n'
        '<p class="vk-run__clock"><span class="vk-run__left" id="vk-run-left"></span> '
        '<span class="vk-run__left-label" id="vk-run-left-label"></span></p>\n'
        '<div class="vk-run__bar" aria-hidden="true"><div class="vk-run__fill" id="vk-run-fill"></div></div>\n'
        '<p class="vk-run__signal" id="vk-run-signal" hidden></p>\n'
        '<p class="vk-run__pace" id="vk-run-pace"></p>\n'
        '<div class="vk-run__body" id="vk-run-body"></div>\n'
        "</section>\n"
        '<p class="vk-run__next" id="vk-run-next"></p>\n'
        '<div class="vk-run__controls" role="group" aria-label="Styr møtet">\n'
        + _button("vk-run-back", "← Forrige", keys="ArrowLeft PageUp") + "\n"
        + _button("vk-run-pause", "Pause", keys="P") + "\n"
        + _button("vk-run-more", "+5 min") + "\n"
        + _button("vk-run-next-button", "Neste →", " md-button--primary", "ArrowRight PageDown Space") + "\n"
        + _button("vk-run-start", "Start møtet", " md-button--primary") + "\n"
        + _button("vk-run-full", "Fullskjerm", keys="F") + "\n"
        + _button("vk-run-end", "Avslutt") + "\n"
        "</div>\n"
        '<fieldset class="vk-run__settings">\n'
        "<legend>Innstillinger</legend>\n"
        '<div class="vk-run__choice" role="radiogroup" aria-labelledby="vk-run-mode-label">'
        '<span id="vk-run-mode-label">Gå videre til neste punkt:</span> '
        '<label><input type="radio" name="vk-run-mode" value="hand" checked> for hånd</label> '
        '<label><input type="radio" name="vk-run-mode" value="auto"> av seg selv når tiden er ute</label></div>\n'
        '<label class="vk-run__toggle"><input type="checkbox" id="vk-run-sound"> '
        "Lyd ved to minutter igjen og når tiden er ute</label>\n"
        '<label class="vk-run__toggle"><input type="checkbox" id="vk-run-notes"> '
        "Notater for den som leder</label>\n"
        "</fieldset>\n"
        '<details class="vk-run__agenda" id="vk-run-agenda">\n'
        "<summary>Agenda: hopp til et punkt</summary>\n"
        '<ol class="vk-run__list" id="vk-run-list"></ol>\n'
        "</details>\n"
        '<section class="vk-run__ended" id="vk-run-ended" aria-labelledby="vk-run-ended-title" tabindex="-1" hidden>\n'
        '<h2 id="vk-run-ended-title">Møtet er avsluttet</h2>\n'
        '<p id="vk-run-ended-text"></p>\n'
        '<div id="vk-run-evaluation"></div>\n'
        '<p class="vk-run__buttons">'
        + _button("vk-run-resume", "Fortsett møtet") + " "
        + _button("vk-run-restart", "Start møtet på nytt") + " "
        + '<a class="md-button" id="vk-run-planner" href="'
        + _planner_address() + '">Tilbake til møteplanen</a></p>\n'
        "</section>\n"
        '<div class="vk-sr-only" id="vk-run-status" role="status" aria-live="polite" aria-atomic="true"></div>\n'
        "</div>\n\n"
    )


def _help() -> str:
    """The leader's help, folded, in Norwegian."""
    return (
        '<details class="info vk-run__help" markdown>\n'
        "<summary>Slik kjører du møtet</summary>\n\n"
        "- **Start møtet** når dere begynner. Klokka teller ned tiden som er igjen av punktet, og "
        "streken viser hvor langt dere har kommet. Under står neste punkt og om møtet ligger foran "
        "eller bak planen, regnet fra starttiden i planen.\n"
        "- **Neste** og **Forrige** går ett punkt fram eller tilbake. Tastene → eller Page Down og "
        "mellomrom går videre, ← eller Page Up tilbake; det er de samme tastene som en "
        "presentasjonsklikker sender. **F** gir fullskjerm og **P** pause.\n"
        "- **Av seg selv når tiden er ute** går videre til neste punkt uten at du trykker. Ellers "
        "står punktet til du går videre, og klokka viser hvor mye dere er over tiden.\n"
        "- **+5 min** gir punktet fem minutter til; resten av møtet flyttes like mye. **Pause** "
        "stopper klokka til du trykker **Fortsett**.\n"
        "- Når det er **to minutter igjen**, og når **tiden er ute**, sier skjermen fra med tekst og "
        "et tegn. Lyd får du bare hvis du slår den på.\n"
        "- **Notater for den som leder** viser tipsene til den som leder øvelsen. De er skjult til "
        "du slår dem på, så deltakerne ser bare stegene og spørsmålene.\n"
        "- **Agenda** nederst lar deg hoppe til et hvilket som helst punkt.\n"
        "- Nettleseren husker hvor dere er i møtet. Laster du siden på nytt eller lukker lokket, "
        "fortsetter den der dere var. Ingenting sendes noe sted, og siden virker uten nett når "
        "den først er åpnet.\n"
        "- **Avslutt** avslutter møtet og foreslår en kort møteevaluering.\n\n"
        "</details>\n\n"
    )


def render(site: Site) -> str:
    site_data = data(site)
    stylesheet = md_link_target(PAGE, STYLESHEET)
    scripts = "".join(f'<script src="{md_link_target(PAGE, script)}"></script>\n' for script in SCRIPTS)
    return (
        front_matter(title=TITLE, description=DESCRIPTION, hide=["navigation", "toc", "footer"])
        + f'<link rel="stylesheet" href="{escape.html(stylesheet)}">\n\n'
        + f"# {TITLE}\n\n"
        '<p class="vk-run__nojs">Visningen trenger JavaScript i nettleseren, og det er slått av her. '
        f'Agendaen med klokkeslett finner du i <a href="{_planner_address()}">møteplanen</a>.</p>\n\n'
        + controls(site_data)
        + _help()
        + scripts
    )
