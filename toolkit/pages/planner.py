"""The meeting planner at ``/moteplan/``: a timed agenda put together in the browser.

A leader fills a slot in the next leadership-group meeting from exercises, theory to
read, pauses and items of their own; each block gets its clock time from the start
time. The plan has no server and no account: its whole state is the page's address
(``toolkit.planner_address`` writes the same format), kept in the browser's localStorage as well,
so a link opens the same plan for a colleague in the same cohort's version of the site.

This module renders the page as ordinary Markdown: what the planner does (readable
without JavaScript), the controls (hidden until the scripts run), and the data the
scripts need, as JSON in an attribute of the planner's element. ``planner.js`` (the
address format, storage, the header's link and «Legg i møteplanen») is loaded on every
page (mkdocs.yml's ``extra_javascript``); the planner itself, ``planner-page.js`` with
``planner-export.js`` and ``planner-print.js``, only here, from script tags in the page
(``SCRIPTS``), so that no other page carries it. docs-dev/planner.md describes the address format and the storage.
"""

from __future__ import annotations

import posixpath
from types import MappingProxyType
from typing import Any

from .. import escape
from ..collections import exercises, meeting_plans, theory
from ..collections.exercises import ExerciseMeta, finder
from ..collections.exercises.body import PARTICIPANT_SECTIONS
from ..content.items import Item, of_model
from ..content.models import ItemMeta
from ..partials.item import front_matter, json_attribute, md_link_target
from ..planner_address import (
    DEFAULT_START,
    EXERCISE,
    MAX_MEETING,
    MAX_MINUTES,
    MAX_TEXT,
    MAX_TITLE,
    PAGE,
    PAUSE,
    POINT,
    RUN_PAGE,
    THEORY,
)
from ..site import Site

TITLE = "Møteplan"
DESCRIPTION = (
    "Sett sammen agendaen for neste ledermøte av øvelser, teori, pauser og egne punkter, "
    "med klokkeslett for hvert punkt. Del planen med en lenke og skriv den ut med øvelsesarkene."
)
DATA_ATTRIBUTE = "data-vk-planner"
# The planner's own scripts, after the page's content (planner.js is on every page).
SCRIPTS = ("assets/javascripts/planner-export.js", "assets/javascripts/planner-print.js",
           "assets/javascripts/planner-page.js")

# Minutes a block gets when it is added in the planner without a length of its own.
DEFAULT_MINUTES = MappingProxyType({THEORY: 15, PAUSE: 10, POINT: 10})


# ---- The plan as an address ------------------------------------------------------------

# ---- The page ----------------------------------------------------------------------------

def _address(item: Item[ItemMeta]) -> str:
    """An item's page relative to the planner's folder, as the script links and fetches it."""
    return posixpath.relpath(item.url, posixpath.dirname(PAGE)) + "/"


def data(site: Site) -> dict[str, Any]:
    """What the script needs: this version's exercises and theory pages, and the
    sections of an exercise that the participants' handout keeps."""
    exercise_list = [
        {"slug": item.slug, "title": item.meta.title, "url": _address(item),
         "duration": item.meta.minutes, "description": item.meta.description}
        for item in of_model(site.in_collection(exercises.ID), ExerciseMeta)
    ]
    theory_list = [
        {"slug": item.slug, "title": item.meta.title, "url": _address(item),
         "description": item.meta.description}
        for item in site.in_collection(theory.ID)
    ]
    return {
        "version": 1,
        "exercises": exercise_list,
        "theory": theory_list,
        "participantSections": list(PARTICIPANT_SECTIONS),
        "defaults": {"start": DEFAULT_START, **DEFAULT_MINUTES},
    }


def _e(text: str) -> str:
    return escape.md(text)


def _options(entries: list[dict[str, Any]]) -> str:
    return "".join(f'<option value="{_e(e["slug"])}">{_e(e["title"])}</option>' for e in entries)


def _field(ident: str, label: str, control: str, extra: str = "") -> str:
    css = "vk-planner__field" + (f" {extra}" if extra else "")
    return f'<div class="{css}"><label for="{ident}">{label}</label>{control}</div>\n'


def _number(ident: str, name: str, value: int | None = None, most: int = MAX_MINUTES) -> str:
    shown = "" if value is None else f' value="{value}"'
    return (f'<input id="{ident}" name="{name}" type="number" min="1" max="{most}" '
            f'inputmode="numeric"{shown}>')


def _button(ident: str, text: str, extra: str = "") -> str:
    return f'<button type="button" class="md-button{extra}" id="{ident}">{text}</button>'


def _meeting() -> str:
    """«Om møtet»: title and date (for the agenda and the calendar file), the start, and
    the meeting's end either as a clock time or as minutes available."""
    return (
        '<form class="vk-planner__meeting" id="vk-planner-meeting" aria-labelledby="vk-planner-meeting-title">\n'
        '<h2 id="vk-planner-meeting-title">Om møtet</h2>\n'
        '<div class="vk-planner__fields">\n'
        + _field("vk-plan-tittel", "Tittel (valgfritt)",
                 f'<input id="vk-plan-tittel" name="tittel" type="text" maxlength="{MAX_TITLE}" autocomplete="off">',
                 "vk-planner__field--wide")
        + _field("vk-plan-dato", "Dato (valgfritt)",
                 '<input id="vk-plan-dato" name="dato" type="date" min="2000-01-01" max="2100-12-31">')
        + _field("vk-plan-start", "Starter klokka",
                 f'<input id="vk-plan-start" name="start" type="time" value="{DEFAULT_START}" required>')
        + _field("vk-plan-slutt", "Slutter klokka (valgfritt)",
                 '<input id="vk-plan-slutt" name="slutt" type="time">')
        + _field("vk-plan-tid", "Tid til rådighet, minutter (valgfritt)",
                 _number("vk-plan-tid", "tid", most=MAX_MEETING))
        + "</div>\n</form>\n"
    )


def _adders(site_data: dict[str, Any]) -> str:
    """The forms that add a block: under the list, or inside the block after which
    «Legg til her» adds (the script moves them there). Each form's ``data-kind`` and
    field names are the plan's words (``toolkit.planner_address``), which the script reads."""
    defaults = site_data["defaults"]
    exercise_select = (f'<select id="vk-add-{EXERCISE}-slug" name="{EXERCISE}" required>'
                       f'{_options(site_data["exercises"])}</select>')
    theory_select = (f'<select id="vk-add-{THEORY}-slug" name="{THEORY}" required>'
                     f'{_options(site_data["theory"])}</select>')
    add_exercise = (
        f'<form class="vk-planner__add" id="vk-add-{EXERCISE}" data-kind="{EXERCISE}">\n'
        + _field(f"vk-add-{EXERCISE}-slug", "Øvelse", exercise_select, "vk-planner__field--wide")
        + '<button type="submit" class="md-button">Legg til øvelsen</button>\n</form>\n'
    ) if site_data["exercises"] else ""
    add_theory = (
        f'<form class="vk-planner__add" id="vk-add-{THEORY}" data-kind="{THEORY}">\n'
        + _field(f"vk-add-{THEORY}-slug", "Teori å lese eller snakke om", theory_select,
                 "vk-planner__field--wide")
        + _field(f"vk-add-{THEORY}-min", "Minutter", _number(f"vk-add-{THEORY}-min", "minutter", defaults[THEORY]))
        + '<button type="submit" class="md-button">Legg til teorien</button>\n</form>\n'
    ) if site_data["theory"] else ""
    return (
        '<div class="vk-planner__adders-home">\n'
        '<div class="vk-planner__adders" id="vk-planner-adders">\n'
        '<h3 id="vk-planner-add" tabindex="-1">Legg til i planen</h3>\n'
        f'<form class="vk-planner__add" id="vk-add-{PAUSE}" data-kind="{PAUSE}">\n'
        + _field(f"vk-add-{PAUSE}-min", "Pause, minutter", _number(f"vk-add-{PAUSE}-min", "minutter", defaults[PAUSE]))
        + '<button type="submit" class="md-button">Legg til pausen</button>\n</form>\n'
        f'<form class="vk-planner__add" id="vk-add-{POINT}" data-kind="{POINT}">\n'
        + _field(f"vk-add-{POINT}-text", "Eget punkt, for eksempel «Orienteringssaker»",
                 f'<input id="vk-add-{POINT}-text" name="tekst" type="text" maxlength="{MAX_TEXT}" required '
                 'autocomplete="off">', "vk-planner__field--wide")
        + _field(f"vk-add-{POINT}-min", "Minutter", _number(f"vk-add-{POINT}-min", "minutter", defaults[POINT]))
        + '<button type="submit" class="md-button">Legg til punktet</button>\n</form>\n'
        + add_exercise
        + add_theory
        + '<p class="vk-planner__buttons" id="vk-planner-add-cancel" hidden>'
        '<button type="button" class="md-button">Avbryt</button></p>\n'
        "</div>\n</div>\n"
    )


def _share() -> str:
    """«Del og skriv ut»: the agenda as text, the calendar file, the link, the phone's
    share sheet, and the printed plan."""
    return (
        '<section class="vk-planner__share" aria-labelledby="vk-planner-share">\n'
        '<h2 id="vk-planner-share">Del og skriv ut</h2>\n'
        '<p class="vk-planner__buttons">'
        + _button("vk-plan-copy-text", "Kopier som tekst", " md-button--primary") + " "
        + _button("vk-plan-calendar", "Legg i kalenderen", "") + " "
        + _button("vk-plan-copy", "Kopier lenke") + " "
        + '<button type="button" class="md-button" id="vk-plan-share" hidden>Del</button></p>\n'
        '<p class="vk-planner__hint" id="vk-plan-calendar-hint">Kalenderfilen trenger en dato: velg den under '
        "«Om møtet».</p>\n"
        '<p class="vk-planner__copied" id="vk-plan-copied" role="status"></p>\n'
        '<div class="vk-planner__field vk-planner__link" hidden>'
        '<label for="vk-plan-url">Lenke til planen: merk den og kopier med Ctrl+C (Cmd+C på Mac)</label>'
        '<input id="vk-plan-url" type="text" readonly></div>\n'
        '<div class="vk-planner__field vk-planner__link" hidden>'
        '<label for="vk-plan-text">Agendaen som tekst: merk den og kopier med Ctrl+C (Cmd+C på Mac)</label>'
        '<textarea id="vk-plan-text" rows="8" readonly></textarea></div>\n'
        "<p>Utskriften har agendaen på første side og deretter ett ark for hver øvelse, i "
        "rekkefølge. Deltakernes ark har formålet, stegene og refleksjonsspørsmålene, uten "
        "forberedelser og tips til den som leder.</p>\n"
        '<p class="vk-planner__buttons">'
        '<button type="button" class="md-button md-button--primary" data-vk-plan-print="leder">'
        "Skriv ut møteplanen for den som leder møtet</button> "
        '<button type="button" class="md-button" data-vk-plan-print="deltakere">'
        "Skriv ut møteplanen for deltakerne</button></p>\n"
        '<p class="vk-planner__print-status" id="vk-plan-print-status" role="status"></p>\n'
        "<p>«Kjør møtet» viser planen på skjermen i møterommet, punkt for punkt, med tiden som er "
        "igjen, neste punkt og stegene i hver øvelse.</p>\n"
        '<p class="vk-planner__buttons"><a class="md-button md-button--primary" id="vk-plan-run" '
        f'href="{_run_href()}">Kjør møtet</a></p>\n'
        + '<p class="vk-planner__buttons">' + _button("vk-plan-clear", "Tøm planen") + "</p>\n"
        "</section>\n"
    )


def controls(site_data: dict[str, Any]) -> str:
    """The planner: the notice at the top, the meeting, the agenda with its summary and
    the forms that add to it, and sharing and printing; hidden until the script shows it."""
    return (
        f'<div class="vk-planner" id="vk-planner" {DATA_ATTRIBUTE}="{json_attribute(site_data)}" hidden>\n'
        '<div class="vk-planner__notice" id="vk-planner-notice" tabindex="-1" hidden>\n'
        '<p id="vk-planner-notice-text"></p>\n'
        '<div id="vk-planner-problems" hidden></div>\n'
        '<p class="vk-planner__buttons">'
        '<button type="button" class="md-button md-button--primary" id="vk-planner-notice-undo" hidden>Angre</button> '
        + _button("vk-planner-notice-close", "Lukk meldingen") + "</p>\n"
        "</div>\n"
        + _meeting()
        + '<section class="vk-planner__agenda" aria-labelledby="vk-planner-agenda">\n'
        '<h2 id="vk-planner-agenda" tabindex="-1">Agenda</h2>\n'
        '<p class="vk-planner__summary" id="vk-planner-summary"></p>\n'
        '<ol class="vk-planner__blocks" id="vk-planner-blocks" aria-labelledby="vk-planner-agenda"></ol>\n'
        '<p class="vk-planner__empty" id="vk-planner-empty">Planen er tom. Legg til øvelser med '
        f'knappen «Legg i møteplanen» i <a href="{_e(_finder_href())}">Finn en øvelse</a>, '
        "eller med skjemaene under.</p>\n"
        '<p class="vk-planner__undo" id="vk-planner-undo" hidden><span id="vk-planner-undo-text"></span> '
        '<button type="button" class="md-button" id="vk-planner-undo-button">Angre</button></p>\n'
        '<div class="vk-sr-only" id="vk-planner-status" role="status" aria-live="polite"></div>\n'
        + _adders(site_data)
        + "</section>\n"
        + _share()
        + "</div>\n\n"
    )


def _finder_href() -> str:
    """The finder's address from the planner's page (an HTML link, so an address, not a
    Markdown file: MkDocs validates only the Markdown links)."""
    return posixpath.relpath(posixpath.dirname(finder.PAGE), posixpath.dirname(PAGE)) + "/"


def _run_href() -> str:
    """The run view's address from the planner's page; the script adds the plan's query."""
    return posixpath.relpath(posixpath.dirname(RUN_PAGE), posixpath.dirname(PAGE)) + "/"


def _help() -> str:
    """The leader's help, after the planner, folded: what each part does, in a few lines
    (hidden without JavaScript, like the planner it explains)."""
    return (
        '<details class="info vk-planner__help" markdown>\n'
        "<summary>Slik bruker du møteplanen</summary>\n\n"
        "- **Punktene** står på én linje hver, med klokkeslett og minutter. Trykk på et punkt for å "
        "se formålet, endre minuttene, flytte det eller fjerne det.\n"
        "- **Legg til her** mellom to punkter legger en pause, et eget punkt, en øvelse eller teori "
        "akkurat der.\n"
        "- **Slutter klokka** eller **tid til rådighet** viser om planen går opp: øverst i agendaen "
        "står hvor mange minutter som er igjen, eller hvor mye planen går over tiden.\n"
        "- **Kopier som tekst** gir agendaen med klokkeslett og lenken til planen, klar til å limes "
        "inn i en Outlook-invitasjon eller i en kanal i Teams.\n"
        "- **Legg i kalenderen** lager en kalenderfil (.ics) for datoen og tiden du har valgt. Åpne "
        "filen for å legge møtet i Outlook, Google Kalender eller Apple Kalender. Lager du filen "
        "på nytt etter en endring, oppdateres det samme møtet.\n"
        "- **Lenken** er hele planen: den som åpner den, ser de samme punktene. Åpner du en lenke "
        "når du allerede har en plan, sier siden fra, og «Angre» henter tilbake planen du hadde.\n"
        "- **Kjør møtet** viser planen på skjermen i møterommet: punktet dere er på, tiden som er "
        "igjen, neste punkt og om dere ligger foran eller bak planen.\n"
        "- Planen huskes i denne nettleseren, for hvert kull for seg. Ingenting sendes noe sted.\n\n"
        "</details>\n\n"
    )


def render(site: Site) -> str:
    site_data = data(site)
    finder_link = md_link_target(PAGE, finder.PAGE)
    plans = ""
    if site.in_collection(meeting_plans.ID):  # the ready-made plans' listing, when the site has some
        plans = f" Eller start fra en av de [ferdige møteplanene]({md_link_target(PAGE, meeting_plans.PAGE)})."
    scripts = "".join(f'<script src="{md_link_target(PAGE, script)}"></script>\n' for script in SCRIPTS)
    return (
        front_matter(title=TITLE, description=DESCRIPTION, hide=["toc"])
        + f"# {TITLE}\n\n"
        "Sett sammen agendaen for neste ledermøte med klokkeslett for hvert punkt. Planen "
        f"ligger i lenken og huskes i nettleseren din. Finn øvelser i [Finn en øvelse]({finder_link})."
        f"{plans}\n\n"
        '<p class="vk-planner__nojs">Møteplanleggeren trenger JavaScript i '
        "nettleseren, og det er slått av her. Øvelsene kan du likevel finne og skrive ut én "
        "og én.</p>\n\n"
        + controls(site_data)
        + _help()
        + scripts
    )
