"""Ledergruppesjekken at ``/sjekk/``: the group sees where it stands on the model, and what
to do about its weakest and most disputed areas.

The page is rendered here as ordinary Markdown from the check file
(``content/ledergruppesjekk.yml``, ``toolkit.content.team_check``): what the check is and
is not, the research behind it, the statements as a form (one radio group per
statement, hidden until the script runs), the forms that gather the group's answers and a
quick round in the room, and, for every dimension, what the site offers on its theme
(exercises that fit a 30-, 60- or 90-minute slot first, theory, a ready-made plan). The
script (``team-check.js``, loaded by this page alone) reads the answers from the
address (``?svar=…``, one digit per statement in the file's order), draws the profile and
shows the recommendations for the weakest and most disputed dimensions; nothing leaves the
browser. The exercises' «Legg i møteplanen» rows are the same markup as on an exercise
page, so ``planner.js`` binds them and keeps the plan (docs-dev/ledergruppesjekk.md).

A site whose repository has no check file still gets the page, saying so, so that the
navigation and the links to it hold.
"""

from __future__ import annotations

import posixpath
from typing import Any

from .. import escape, norsk
from ..collections import exercises, meeting_plans, theory
from ..collections.exercises import ExerciseMeta
from ..collections.meeting_plans import MeetingPlanMeta
from ..content import Content, team_check
from ..content.items import Item, of_model
from ..content.models import ItemMeta
from ..content.team_check import Dimension, TeamCheck
from ..layout import CONTENT_DIR, TEAM_CHECK_FILE
from ..partials.item import front_matter, json_attribute, md_link_target
from ..problems import Problem
from ..site import Site

PAGE = "sjekk/index.md"
TITLE = "Ledergruppesjekken"
DESCRIPTION = (
    "Se hvor ledergruppen står på områdene i modellen, hvor dere er mest uenige, og hvilke "
    "øvelser som passer for de svakeste områdene. Svarene blir i nettleseren."
)
DATA_ATTRIBUTE = "data-vk-check"
SCRIPTS = ("assets/javascripts/team-check.js",)
#: Loaded by this page alone, like its script: its print rules (one A4 page of the group's
#: profile) hide what every other page prints.
STYLESHEET = "assets/stylesheets/team-check.css"
#: The scale, as the page and the script name each level (0 is «vet ikke»).
LEVELS = ("Helt uenig", "Uenig", "Både og", "Enig", "Helt enig")
DONT_KNOW = "Vet ikke"
#: The meeting slots an exercise is sorted by: those that fit the shortest slot first.
SLOTS = (30, 60, 90)
#: Exercises shown for a dimension before «Flere øvelser».
SHOWN_EXERCISES = 4
#: The starter material, linked from the page when the site has it.
WALKTHROUGH = f"{exercises.ID}/gjennomgang-av-ledergruppesjekken"
STARTER_PLAN = f"{meeting_plans.ID}/ledergruppesjekken-i-motet"


def _e(text: object) -> str:
    return escape.md(text)


def _href(item: Item[ItemMeta]) -> str:
    """An item's page relative to this page's folder, as the browser follows it."""
    return posixpath.relpath(item.url, posixpath.dirname(PAGE)) + "/"


def slot(minutes: int) -> int | None:
    """The shortest slot of ``SLOTS`` an exercise of ``minutes`` fits in, or None."""
    return next((s for s in SLOTS if minutes <= s), None)


def ranked_exercises(site: Site, theme: str) -> list[Item[ExerciseMeta]]:
    """The theme's exercises: those that fit a 30-minute slot first, then 60 and 90, then
    the longer ones; by length and title within each."""
    found = of_model(site.with_theme(theme), ExerciseMeta)
    return sorted(found, key=lambda i: (slot(i.meta.minutes) or 10_000, i.meta.minutes, norsk.sort_key(i.meta.title)))


def plans_for(site: Site, theme: str) -> list[Item[MeetingPlanMeta]]:
    """The ready-made plans on the theme, shortest first."""
    found = of_model(site.with_theme(theme), MeetingPlanMeta)
    return sorted(found, key=lambda i: (i.meta.minutes, norsk.sort_key(i.meta.title)))


def data(check: TeamCheck) -> dict[str, Any]:
    """What the script needs: each dimension's id, title and number of statements, in order."""
    return {
        "version": 1,
        "title": check.title,
        "statements": check.statement_count,
        "dimensions": [{"id": d.id, "title": d.title, "statements": len(d.statements)} for d in check.dimensions],
        "levels": list(LEVELS),
        "dontKnow": DONT_KNOW,
    }


# ---- The form: one radio group per statement --------------------------------------------

def _statement(number: int, text: str) -> str:
    """One statement: six radios, one tap each. Every radio's name says the level in words;
    1 and 5 show theirs under the scale."""
    name = f"vk-s-{number}"
    options = "".join(
        f'<label class="vk-check__option"><input type="radio" name="{name}" value="{level}">'
        f'<span class="vk-check__level" aria-hidden="true">{level}</span>'
        f'<span class="vk-sr-only">{level} {_e(word.lower())}</span></label>'
        for level, word in enumerate(LEVELS, start=1)
    )
    dont_know = (f'<label class="vk-check__option vk-check__option--unknown"><input type="radio" name="{name}" '
                 f'value="0"><span>{DONT_KNOW}</span></label>')
    return (
        f'<fieldset class="vk-check__statement" data-vk-statement="{number}">'
        f'<legend><span class="vk-check__number">{number + 1}.</span> {_e(text)}</legend>'
        f'<div class="vk-check__scale">{options}{dont_know}</div>'
        f'<p class="vk-check__ends" aria-hidden="true"><span>1 = {LEVELS[0].lower()}</span>'
        f'<span>5 = {LEVELS[-1].lower()}</span></p>'
        "</fieldset>"
    )


def _form(check: TeamCheck) -> str:
    parts = []
    number = 0
    for place, dimension in enumerate(check.dimensions, start=1):
        statements = ""
        for text in dimension.statements:
            statements += _statement(number, text)
            number += 1
        parts.append(
            f'<section class="vk-check__dimension" aria-labelledby="vk-dim-{_e(dimension.id)}">'
            f'<h3 id="vk-dim-{_e(dimension.id)}">{place}. {_e(dimension.title)}</h3>'
            f"<p>{_e(dimension.description)}</p>{statements}</section>\n"
        )
    return (
        '<form class="vk-check__form" id="vk-check-form" aria-labelledby="vk-check-answer">\n'
        '<h2 id="vk-check-answer" tabindex="-1">Svar selv</h2>\n'
        "<p>Trykk én gang på hver påstand: fra 1 (helt uenig) til 5 (helt enig), eller «Vet ikke». "
        "Svar ut fra hvordan gruppen er nå, ikke hvordan den burde være. Profilen og lenken "
        "til svarene dine står øverst på siden og oppdateres mens du svarer; «Se profilen» nederst "
        "tar deg dit.</p>\n"
        '<p class="vk-check__progress" id="vk-check-progress" aria-live="polite"></p>\n'
        + "".join(parts)
        + '<p class="vk-check__buttons"><button type="button" class="md-button" id="vk-check-reset">'
        "Begynn på nytt</button></p>\n"
        "</form>\n"
    )


# ---- Gathering the group ------------------------------------------------------------------

def _group() -> str:
    return (
        '<section class="vk-check__group" id="vk-check-group" aria-labelledby="vk-check-group-title">\n'
        '<h2 id="vk-check-group-title">Samle gruppens svar</h2>\n'
        "<p>Den som leder møtet, limer inn lenkene medlemmene har sendt, så lager siden én "
        "lenke med alle svarene. Gruppens resultat viser snitt og spredning for hvert område, "
        "aldri hva den enkelte har svart.</p>\n"
        '<div class="vk-check__field"><label for="vk-check-links">Lenkene fra medlemmene, '
        "i hvilken som helst rekkefølge</label>"
        '<textarea id="vk-check-links" rows="5" autocomplete="off" spellcheck="false" '
        'aria-describedby="vk-check-links-hint"></textarea>'
        '<p class="vk-check__hint" id="vk-check-links-hint">Hver lenke slutter på «?svar=» '
        "og en rekke sifre.</p></div>\n"
        '<p class="vk-check__buttons"><button type="button" class="md-button md-button--primary" '
        'id="vk-check-combine">Vis gruppens resultat</button></p>\n'
        '<div class="vk-check__messages" id="vk-check-group-messages" role="status"></div>\n'
        "</section>\n"
    )


def _round(check: TeamCheck) -> str:
    """The quick round in the room: per dimension, how many chose each level."""
    rows = []
    for dimension in check.dimensions:
        inputs = "".join(
            f'<div class="vk-check__count"><label for="vk-r-{_e(dimension.id)}-{level}">{_e(word)}</label>'
            f'<input id="vk-r-{_e(dimension.id)}-{level}" type="number" min="0" max="99" inputmode="numeric" '
            f'data-vk-round="{_e(dimension.id)}" data-vk-level="{level}" value="0"></div>'
            for level, word in [*enumerate(LEVELS, start=1), (0, DONT_KNOW)]
        )
        rows.append(f'<fieldset class="vk-check__round-dimension"><legend>{_e(dimension.title)}</legend>'
                    f'<div class="vk-check__counts">{inputs}</div></fieldset>')
    return (
        '<details class="vk-check__round" id="vk-check-round">\n'
        "<summary>Rask runde i rommet, med kort i stedet for telefoner</summary>\n"
        '<form id="vk-check-round-form" aria-label="Rask runde i rommet">'
        "<p>Les opp ett område om gangen. Alle viser samtidig et kort med 1 til 5 (eller «vet ikke») "
        "for hvordan gruppen har det på området. Skriv inn hvor mange som viste hvert kort.</p>"
        + "".join(rows)
        + '<p class="vk-check__buttons"><button type="submit" class="md-button md-button--primary">'
        "Vis rundens resultat</button></p></form>\n"
        '<div class="vk-check__messages" id="vk-check-round-messages" role="status"></div>\n'
        "</details>\n"
    )


# ---- The result and what to do next -----------------------------------------------------

def _result() -> str:
    return (
        '<section class="vk-check__result" id="vk-check-result" aria-labelledby="vk-check-result-title">\n'
        '<h2 id="vk-check-result-title" tabindex="-1">Profilen</h2>\n'
        '<p class="vk-check__print-date" id="vk-check-print-date"></p>\n'
        '<div class="vk-check__summary" id="vk-check-summary"></div>\n'
        '<div class="vk-check__chart" id="vk-check-chart"></div>\n'
        '<div class="vk-check__table" id="vk-check-table"></div>\n'
        '<div class="vk-check__share" id="vk-check-share">'
        '<div class="vk-check__field"><label for="vk-check-url" id="vk-check-url-label">Lenken til svarene</label>'
        '<input id="vk-check-url" type="text" readonly></div>'
        '<p class="vk-check__buttons">'
        '<button type="button" class="md-button md-button--primary" id="vk-check-copy">Kopier lenken</button> '
        '<button type="button" class="md-button" id="vk-check-native-share" hidden>Del</button> '
        '<button type="button" class="md-button" id="vk-check-save">Lagre resultatet</button> '
        '<button type="button" class="md-button" id="vk-check-print">Skriv ut resultatet</button></p>'
        '<p class="vk-check__status" id="vk-check-status" role="status"></p></div>\n'
        '<div class="vk-check__saved" id="vk-check-saved" hidden>'
        '<h3 id="vk-check-saved-title">Lagrede resultater på denne enheten</h3>'
        '<ul id="vk-check-saved-list"></ul>'
        '<div class="vk-check__field"><label for="vk-check-earlier">Sammenlign med</label>'
        '<select id="vk-check-earlier"></select></div>'
        '<p class="vk-check__buttons"><button type="button" class="md-button" id="vk-check-compare">'
        "Sammenlign</button></p>"
        '<div class="vk-check__comparison" id="vk-check-comparison" tabindex="-1"></div></div>\n'
        "</section>\n"
    )


def _exercise(item: Item[ExerciseMeta]) -> str:
    meta = item.meta
    fits = slot(meta.minutes)
    fit = f" · passer i en bolk på {fits} min" if fits else ""
    return (
        f'<li class="vk-check__exercise"><a href="{_e(_href(item))}">{_e(meta.title)}</a> '
        f'<span class="vk-check__minutes">{_e(norsk.minutes(meta.minutes))}{fit}</span>'
        '<p class="vk-plan-add" hidden>'
        '<button type="button" class="md-button vk-plan-add__button" '
        f'data-vk-plan-add="{_e(item.slug)}" data-vk-title="{_e(meta.title)}" '
        f'data-vk-duration="{meta.minutes}">Legg i møteplanen<span class="vk-sr-only">: {_e(meta.title)}</span>'
        '</button> <span class="vk-plan-add__status"></span></p></li>'
    )


def _advice_for(dimension: Dimension, site: Site) -> str:
    """What the site offers on a dimension's theme; the script shows it when it is among
    the weakest or the most disputed, under the reason why."""
    found = ranked_exercises(site, dimension.theme)
    shown, more = found[:SHOWN_EXERCISES], found[SHOWN_EXERCISES:]
    exercise_list = ""
    if shown:
        exercise_list = ('<h4>Øvelser</h4><ul class="vk-check__exercises">'
                         + "".join(_exercise(i) for i in shown) + "</ul>")
    if more:
        exercise_list += (f'<details class="vk-check__more"><summary>Flere øvelser ({len(more)})</summary>'
                          '<ul class="vk-check__exercises">' + "".join(_exercise(i) for i in more) + "</ul></details>")
    readings = sorted(site.with_theme(dimension.theme), key=lambda i: norsk.sort_key(i.meta.title))
    theory_list = [i for i in readings if i.collection == theory.ID]
    theory_part = ('<h4>Teori</h4><ul class="vk-check__theory">'
                   + "".join(f'<li><a href="{_e(_href(i))}">{_e(i.meta.title)}</a></li>' for i in theory_list)
                   + "</ul>") if theory_list else ""
    plans = plans_for(site, dimension.theme)
    plan_part = ""
    if plans:
        plan = plans[0]
        plan_part = (f'<p class="vk-check__plan">Ferdig møteplan: '
                     f'<a href="{_e(_href(plan))}">{_e(plan.meta.title)}</a> '
                     f"({_e(norsk.meeting_length(plan.meta.minutes))})</p>")
    theme = site.themes.get(dimension.theme)
    theme_link = (f'<p class="vk-check__theme">Alt om temaet: <a href="{_e("../temaer/" + dimension.theme + "/")}">'
                  f"{_e(theme.label)}</a></p>") if theme else ""
    return (
        f'<section class="vk-check__advice-item" data-vk-advice="{_e(dimension.id)}" '
        f'aria-labelledby="vk-advice-{_e(dimension.id)}" hidden>'
        f'<h3 id="vk-advice-{_e(dimension.id)}">{_e(dimension.title)}</h3>'
        '<p class="vk-check__why"></p>'
        + exercise_list + theory_part + plan_part + theme_link
        + "</section>\n"
    )


def _advice(check: TeamCheck, site: Site) -> str:
    starter = site.by_id.get(STARTER_PLAN)
    walkthrough = site.by_id.get(WALKTHROUGH)
    extra = []
    if starter is not None:
        extra.append(f'<a href="{_e(_href(starter))}">{_e(starter.meta.title)}</a>')
    if walkthrough is not None:
        extra.append(f'øvelsen <a href="{_e(_href(walkthrough))}">{_e(walkthrough.meta.title)}</a>')
    meeting = (f'<p class="vk-check__starter">Gå gjennom resultatet sammen i ledermøtet: '
               f'{" og ".join(extra)}.</p>\n') if extra else ""
    return (
        '<section class="vk-check__advice" id="vk-check-advice" aria-labelledby="vk-check-advice-title">\n'
        '<h2 id="vk-check-advice-title">Hva dere kan gjøre nå</h2>\n'
        '<p id="vk-check-advice-intro">Svar på påstandene, så foreslår siden øvelser og teori for de to '
        "svakeste områdene, og for området der svarene spriker mest.</p>\n"
        + meeting
        + '<div id="vk-check-advice-list">\n'
        + "".join(_advice_for(d, site) for d in check.dimensions)
        + "</div>\n</section>\n"
    )


def _sources(check: TeamCheck) -> str:
    lines = []
    for source in check.sources:
        title = escape.link(f"*{_e(source.title)}*", source.url) if source.url else f"*{_e(source.title)}*"
        lines.append(f"- {_e(source.author)} ({source.year}). {title}. {_e(source.where)}.")
    return "## Forskningen bak\n\n" + (
        "Områdene følger Henning Bangs forskning på effektive ledergrupper, som programmet bygger på, "
        "og Oslo kommunes tillitsreform. Påstandene er skrevet for Verktøykassa.\n\n"
    ) + "\n".join(lines) + "\n\n"


def controls(check: TeamCheck, site: Site) -> str:
    return (
        f'<div class="vk-check" id="vk-check" {DATA_ATTRIBUTE}="{json_attribute(data(check))}" hidden>\n'
        '<div class="vk-check__notice" id="vk-check-notice" role="alert" tabindex="-1" hidden></div>\n'
        '<p class="vk-check__mode" id="vk-check-mode" hidden></p>\n'
        + _result()
        + _advice(check, site)
        + _form(check)
        + _group()
        + _round(check)
        + "</div>\n\n"
    )


def render(site: Site) -> str:
    check = site.team_check
    stylesheet = md_link_target(PAGE, STYLESHEET)
    head = (front_matter(title=TITLE, description=DESCRIPTION, hide=["toc"])
            + f'<link rel="stylesheet" href="{_e(stylesheet)}">\n\n' + f"# {TITLE}\n\n")
    if check is None:
        return head + "Ledergruppesjekken er ikke satt opp i denne versjonen av nettstedet.\n"
    scripts = "".join(f'<script src="{md_link_target(PAGE, script)}"></script>\n' for script in SCRIPTS)
    return (
        head
        + f"{_e(check.intro)}\n\n"
        + '<p class="vk-check__private"><strong>Svarene dine blir i nettleseren.</strong> Siden sender '
        "ingenting noe sted og setter ingen informasjonskapsler. Du deler resultatet selv, ved å "
        "sende lenken til den som leder møtet.</p>\n\n"
        '<p class="vk-check__nojs">Ledergruppesjekken trenger JavaScript i nettleseren, og det er slått av '
        "her. Påstandene og øvelsene finner du likevel under temaene.</p>\n\n"
        + controls(check, site)
        + _sources(check)
        + scripts
    )


def check_reach(loaded: Content) -> list[Problem]:
    """``toolkit check``'s warning for a dimension whose theme has too few exercises
    (``toolkit.content.team_check.check_reach``), counted on every published exercise."""
    counts: dict[str, int] = {}
    for item in loaded.items:
        if item.collection == exercises.ID and not item.meta.draft:
            for theme in dict.fromkeys(item.meta.themes):
                counts[theme] = counts.get(theme, 0) + 1
    path = f"{CONTENT_DIR}/{TEAM_CHECK_FILE}"
    return team_check.check_reach(loaded.team_check, loaded.team_check_lines, path, counts)
