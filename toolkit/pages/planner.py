"""The meeting planner at ``/moteplan/``: a timed agenda put together in the browser.

A leader fills a slot in the next leadership-group meeting from exercises, theory to
read, pauses and items of their own; each block gets its clock time from the start
time. The plan has no server and no account: its whole state is the page's address
(``query`` below writes the same format), kept in the browser's localStorage as well,
so a link opens the same plan for a colleague in the same cohort's version of the site.

This module renders the page as ordinary Markdown: what the planner does (readable
without JavaScript), the controls (hidden until ``planner.js`` runs), and the data the
script needs, as JSON in an attribute of the planner's element. The script itself is loaded on every page (mkdocs.yml's
``extra_javascript``), since the «Legg i møteplanen» buttons live on the exercise pages
and the finder. docs-dev/planner.md describes the address format and the storage.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import quote

from .. import escape
from ..content.exercise_steps import HEADINGS
from ..content.items import Item
from ..site import Site
from .common import front_matter, md_link_target

PAGE = "moteplan/index.md"
TITLE = "Møteplan"
DESCRIPTION = (
    "Sett sammen agendaen for neste ledermøte av øvelser, teori, pauser og egne punkter, "
    "med klokkeslett for hvert punkt. Del planen med en lenke og skriv den ut med øvelsesarkene."
)
FINDER_PAGE = "ovelser/index.md"
# The ready-made plans' listing, linked only when the site has that collection.
PLANS_COLLECTION = "moteplaner"
PLANS_PAGE = f"{PLANS_COLLECTION}/index.md"
DATA_ATTRIBUTE = "data-vk-planner"

DEFAULT_START = "09:00"
# Minutes a block gets when it is added in the planner without a length of its own.
DEFAULT_MINUTES = MappingProxyType({"teori": 15, "pause": 10, "punkt": 10})
MAX_MINUTES = 480  # the longest exercise `toolkit check` allows; a block is no longer
# Words of the block format; no exercise may have one of these as its slug.
RESERVED_SLUGS = frozenset({"pause", "punkt", "teori"})
# What the participants' handout keeps of an exercise (purpose, steps, reflection):
# preparation, the facilitator's tips and the digital variant are for the one who leads.
PARTICIPANT_SECTIONS = (HEADINGS[0], HEADINGS[2], HEADINGS[3])

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_START = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---- The plan as an address ------------------------------------------------------------

def _minutes(value: int | None, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_MINUTES:
        raise ValueError(f"minutes must be a whole number from 1 to {MAX_MINUTES}, not {value!r}")


def _slug(value: str) -> None:
    if not _SLUG.match(value):
        raise ValueError(f"not a slug: {value!r}")


@dataclass(frozen=True)
class ExerciseBlock:
    """An exercise by slug; ``minutes`` None means the exercise's own ``duration``."""

    slug: str
    minutes: int | None = None

    def __post_init__(self) -> None:
        _slug(self.slug)
        if self.slug in RESERVED_SLUGS:
            raise ValueError(f"«{self.slug}» is a word of the plan format, not an exercise slug")
        _minutes(self.minutes, optional=True)


@dataclass(frozen=True)
class TheoryBlock:
    """Reading or talking through a theory page, by slug."""

    slug: str
    minutes: int

    def __post_init__(self) -> None:
        _slug(self.slug)
        _minutes(self.minutes)


@dataclass(frozen=True)
class PauseBlock:
    minutes: int

    def __post_init__(self) -> None:
        _minutes(self.minutes)


@dataclass(frozen=True)
class FreeBlock:
    """An item of the leader's own, such as «Orienteringssaker»."""

    text: str
    minutes: int

    def __post_init__(self) -> None:
        _minutes(self.minutes)


Block = ExerciseBlock | TheoryBlock | PauseBlock | FreeBlock


def encode(text: str) -> str:
    """Percent-encode like JavaScript's ``encodeURIComponent`` (UTF-8; letters, digits
    and ``-_.!~*'()`` stay as they are), so the script and Python write the same text."""
    return quote(text, safe="!~*'()")


def block_token(block: Block) -> str:
    """One block as it stands in ``blokker``: ``slug``, ``slug:40``, ``pause:10``,
    ``teori:<slug>:15`` or ``punkt:15:<encoded text>``."""
    match block:
        case ExerciseBlock(slug, None):
            return slug
        case ExerciseBlock(slug, minutes):
            return f"{slug}:{minutes}"
        case TheoryBlock(slug, minutes):
            return f"teori:{slug}:{minutes}"
        case PauseBlock(minutes):
            return f"pause:{minutes}"
        case FreeBlock(text, minutes):
            return f"punkt:{minutes}:{encode(text)}"
    raise TypeError(f"not a block: {block!r}")


def query(
    blocks: Sequence[Block],
    start: str = DEFAULT_START,
    available: int | None = None,
    title: str | None = None,
    date: str | None = None,
) -> str:
    """The planner's address query for a plan, with its leading ``?`` as in
    ``location.search``: append it to the planner's address (``moteplan/``).

    ``start`` is ``HH:MM``; ``available`` the minutes the meeting has (``tid``);
    ``title`` and ``date`` (``YYYY-MM-DD``) are printed on the agenda. The parameters
    come in the order the planner writes them, so its address stays the same when the
    plan is opened: ``?start=09:00&tid=90&blokker=innsjekk-og-utsjekk,pause:10``.
    """
    if not _START.match(start):
        raise ValueError(f"start must be HH:MM, not {start!r}")
    _minutes(available, optional=True)
    if date is not None and not _DATE.match(date):
        raise ValueError(f"date must be YYYY-MM-DD, not {date!r}")
    parts = [f"start={start}"]
    if available is not None:
        parts.append(f"tid={available}")
    if title:
        parts.append(f"tittel={encode(title)}")
    if date:
        parts.append(f"dato={date}")
    if blocks:
        parts.append("blokker=" + ",".join(block_token(b) for b in blocks))
    return "?" + "&".join(parts)


# ---- The page ----------------------------------------------------------------------------

def _address(item: Item) -> str:
    """An item's page relative to the planner's folder, as the script links and fetches it."""
    return posixpath.relpath(item.url, posixpath.dirname(PAGE)) + "/"


def data(site: Site) -> dict:
    """What the script needs: this version's exercises and theory pages, and the
    sections of an exercise that the participants' handout keeps."""
    exercises = []
    for item in site.in_collection("ovelser"):
        duration = getattr(item.meta, "duration", None)
        if duration is None:
            continue
        exercises.append({
            "slug": item.slug, "title": item.meta.title, "url": _address(item),
            "duration": duration, "description": item.meta.description,
        })
    theory = [
        {"slug": item.slug, "title": item.meta.title, "url": _address(item),
         "description": item.meta.description}
        for item in site.in_collection("teori")
    ]
    return {
        "version": 1,
        "exercises": exercises,
        "theory": theory,
        "participantSections": list(PARTICIPANT_SECTIONS),
        "defaults": {"start": DEFAULT_START, **DEFAULT_MINUTES},
    }


def data_attribute(value: object) -> str:
    """The data as JSON in an HTML attribute, escaped for it. Not a ``<script
    type="application/json">``: Material's instant navigation re-creates every script of
    a page it switches to without its attributes, and would run the JSON as code."""
    return str(escape.html(escape.json_text(value, indent=None)))


def _e(text: str) -> str:
    return escape.md(text)


def _options(entries: list[dict]) -> str:
    return "".join(f'<option value="{_e(e["slug"])}">{_e(e["title"])}</option>' for e in entries)


def _field(ident: str, label: str, control: str, extra: str = "") -> str:
    css = "vk-planner__field" + (f" {extra}" if extra else "")
    return f'<div class="{css}"><label for="{ident}">{label}</label>{control}</div>\n'


def _number(ident: str, name: str, value: int | None = None) -> str:
    shown = "" if value is None else f' value="{value}"'
    return (f'<input id="{ident}" name="{name}" type="number" min="1" max="{MAX_MINUTES}" '
            f'inputmode="numeric"{shown}>')


def controls(site_data: dict) -> str:
    """The planner's form, lists and buttons; hidden until the script shows them."""
    defaults = site_data["defaults"]
    exercise_select = (f'<select id="vk-add-ovelse-slug" name="ovelse" required>'
                       f'{_options(site_data["exercises"])}</select>')
    theory_select = (f'<select id="vk-add-teori-slug" name="teori" required>'
                     f'{_options(site_data["theory"])}</select>')
    add_exercise = (
        '<form class="vk-planner__add" id="vk-add-ovelse" data-kind="ovelse">\n'
        + _field("vk-add-ovelse-slug", "Øvelse", exercise_select, "vk-planner__field--wide")
        + '<button type="submit" class="md-button">Legg til øvelsen</button>\n</form>\n'
    ) if site_data["exercises"] else ""
    add_theory = (
        '<form class="vk-planner__add" id="vk-add-teori" data-kind="teori">\n'
        + _field("vk-add-teori-slug", "Teori å lese eller snakke om", theory_select,
                 "vk-planner__field--wide")
        + _field("vk-add-teori-min", "Minutter", _number("vk-add-teori-min", "minutter", defaults["teori"]))
        + '<button type="submit" class="md-button">Legg til teorien</button>\n</form>\n'
    ) if site_data["theory"] else ""
    return (
        f'<div class="vk-planner" id="vk-planner" {DATA_ATTRIBUTE}="{data_attribute(site_data)}" hidden>\n'
        '<form class="vk-planner__meeting" id="vk-planner-meeting" aria-labelledby="vk-planner-meeting-title">\n'
        '<h2 id="vk-planner-meeting-title">Om møtet</h2>\n'
        '<div class="vk-planner__fields">\n'
        + _field("vk-plan-tittel", "Tittel (valgfritt)",
                 '<input id="vk-plan-tittel" name="tittel" type="text" maxlength="120" autocomplete="off">',
                 "vk-planner__field--wide")
        + _field("vk-plan-dato", "Dato (valgfritt)", '<input id="vk-plan-dato" name="dato" type="date">')
        + _field("vk-plan-start", "Starter klokka",
                 f'<input id="vk-plan-start" name="start" type="time" value="{DEFAULT_START}" required>')
        + _field("vk-plan-tid", "Tid til rådighet, minutter (valgfritt)", _number("vk-plan-tid", "tid"))
        + "</div>\n</form>\n"
        '<h2 id="vk-planner-agenda">Agenda</h2>\n'
        '<p class="vk-planner__summary" id="vk-planner-summary"></p>\n'
        '<ol class="vk-planner__blocks" id="vk-planner-blocks" aria-labelledby="vk-planner-agenda"></ol>\n'
        '<p class="vk-planner__empty" id="vk-planner-empty">Planen er tom. Legg til øvelser med '
        f'knappen «Legg i møteplanen» i <a href="{_e(_finder_href())}">Finn en øvelse</a>, '
        "eller med skjemaene under.</p>\n"
        '<p class="vk-planner__undo" id="vk-planner-undo" hidden><span id="vk-planner-undo-text"></span> '
        '<button type="button" class="md-button" id="vk-planner-undo-button">Angre</button></p>\n'
        '<div class="vk-sr-only" id="vk-planner-status" role="status" aria-live="polite"></div>\n'
        '<h2 id="vk-planner-add">Legg til i planen</h2>\n'
        '<div class="vk-planner__adders">\n'
        + add_exercise
        + add_theory
        + '<form class="vk-planner__add" id="vk-add-pause" data-kind="pause">\n'
        + _field("vk-add-pause-min", "Pause, minutter", _number("vk-add-pause-min", "minutter", defaults["pause"]))
        + '<button type="submit" class="md-button">Legg til pausen</button>\n</form>\n'
        '<form class="vk-planner__add" id="vk-add-punkt" data-kind="punkt">\n'
        + _field("vk-add-punkt-text", "Eget punkt, for eksempel «Orienteringssaker»",
                 '<input id="vk-add-punkt-text" name="tekst" type="text" maxlength="200" required autocomplete="off">',
                 "vk-planner__field--wide")
        + _field("vk-add-punkt-min", "Minutter", _number("vk-add-punkt-min", "minutter", defaults["punkt"]))
        + '<button type="submit" class="md-button">Legg til punktet</button>\n</form>\n'
        "</div>\n"
        '<h2 id="vk-planner-share">Del og skriv ut</h2>\n'
        '<p class="vk-planner__buttons"><button type="button" class="md-button" id="vk-plan-copy">'
        "Kopier lenke</button> "
        '<span class="vk-planner__copied" id="vk-plan-copied" role="status"></span></p>\n'
        '<div class="vk-planner__field vk-planner__link" id="vk-plan-link-field" hidden>'
        '<label for="vk-plan-url">Lenke til planen: merk den og kopier med Ctrl+C (Cmd+C på Mac)</label>'
        '<input id="vk-plan-url" type="text" readonly></div>\n'
        "<p>Utskriften har agendaen på første side og deretter ett ark for hver øvelse, i "
        "rekkefølge. Deltakernes ark har formålet, stegene og refleksjonsspørsmålene, uten "
        "forberedelser og tips til den som leder.</p>\n"
        '<p class="vk-planner__buttons">'
        '<button type="button" class="md-button md-button--primary" data-vk-plan-print="leder">'
        "Skriv ut møteplanen for den som leder møtet</button> "
        '<button type="button" class="md-button" data-vk-plan-print="deltakere">'
        "Skriv ut møteplanen for deltakerne</button></p>\n"
        '<p class="vk-planner__print-status" id="vk-plan-print-status" role="status"></p>\n'
        '<p class="vk-planner__buttons"><button type="button" class="md-button" id="vk-plan-clear">'
        "Tøm planen</button></p>\n"
        "</div>\n\n"
    )


def _finder_href() -> str:
    """The finder's address from the planner's page (an HTML link, so an address, not a
    Markdown file: MkDocs validates only the Markdown links)."""
    return posixpath.relpath(posixpath.dirname(FINDER_PAGE), posixpath.dirname(PAGE)) + "/"


def render(site: Site) -> str:
    site_data = data(site)
    finder = md_link_target(PAGE, FINDER_PAGE)
    plans = ""
    if site.in_collection(PLANS_COLLECTION):
        plans = (f" Vil du heller starte fra noe ferdig, finnes det [ferdige møteplaner]"
                 f"({md_link_target(PAGE, PLANS_PAGE)}) du kan åpne her og tilpasse.")
    return (
        front_matter(title=TITLE, description=DESCRIPTION, hide=["toc"])
        + f"# {TITLE}\n\n"
        "Her setter du sammen agendaen for neste ledermøte: øvelser, teori dere skal lese "
        "eller snakke om, pauser og egne punkter. Hvert punkt får sitt klokkeslett ut fra "
        "når møtet starter, og du ser om planen går opp med tiden dere har. Planen ligger i "
        "lenken, så du kan dele den med en kollega, og den huskes i nettleseren din til neste "
        "gang. Ingenting sendes noe sted. Du kan skrive den ut med et ark for hver øvelse.\n\n"
        f"Finn øvelser i [Finn en øvelse]({finder}) og legg dem i planen med knappen «Legg i "
        f"møteplanen».{plans}\n\n"
        '<p class="vk-planner__nojs">Møteplanleggeren trenger JavaScript i '
        "nettleseren, og det er slått av her. Øvelsene kan du likevel finne og skrive ut én "
        "og én.</p>\n\n"
        + controls(site_data)
    )


# ---- The exercise page's buttons ---------------------------------------------------------

def add_button(item: Item) -> str:
    """«Legg i møteplanen» on an exercise page: hidden until ``planner.js`` shows it,
    since the planner cannot work without the script."""
    meta = item.meta
    return (
        '<p class="vk-plan-add" hidden>'
        '<button type="button" class="md-button md-button--primary vk-plan-add__button" '
        f'data-vk-plan-add="{_e(item.slug)}" data-vk-title="{_e(meta.title)}" '
        f'data-vk-duration="{getattr(meta, "duration", "")}">Legg i møteplanen</button> '
        '<span class="vk-plan-add__status"></span></p>\n\n'
    )


def participant_print_button() -> str:
    """«Skriv ut for deltakerne» beside the exercise page's «Skriv ut»: the handout
    without preparation and tips. Hidden until ``planner.js``, which marks the sections."""
    sections = data_attribute(list(PARTICIPANT_SECTIONS))
    return (
        ' <button type="button" class="md-button vk-print__button" '
        f'data-vk-print-participants="{sections}" hidden>'
        ":material-printer-outline: Skriv ut for deltakerne</button>"
    )
