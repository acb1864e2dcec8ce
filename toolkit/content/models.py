"""Typed front matter, one model per collection, plus the theme taxonomy and cohorts.

The models are the content model of DESIGN.md written as code: unknown keys are
forbidden so that a typo (``durration``) is an error instead of a silently dropped
field. Keys are English; values readers see are Norwegian.

Each field's ``title`` and ``description`` are the Norwegian label and hint an editor
sees wherever the models are shown: the JSON Schemas (``toolkit schema``) and the form
in the browser (``toolkit cms-config``). Two annotations in ``json_schema_extra`` say
more than a type can: ``x-choices`` names where a field's values come from (``themes``
in the taxonomy, ``cohorts``, ``items``, or the items of one collection as
``items/<collection>``), ``format: uri-reference`` marks a file beside the item in its
page bundle (or an address), and ``enumDescriptions`` labels a fixed set of values.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

import pydantic
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..planner_address import MAX_BLOCKS, MAX_MEETING, MAX_MINUTES, MAX_TEXT

ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# An item's id: its collection and its slug. Whether the collection exists is the
# registry's to say (``validate.check_related``), not the pattern's.
ITEM_ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$"


class Invalid(ValueError):
    """A value an editor must change, and why, in Norwegian: the models' validators raise
    it, and ``schema_errors`` shows its words. Any other ``ValueError`` (from a library, in
    English) is shown as a plain «ugyldig verdi» instead."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _labels(*labels: str) -> dict:
    """The readers' words for a Literal's values, in the Literal's order."""
    return {"enumDescriptions": list(labels)}


def _choices(source: str) -> dict:
    return {"x-choices": source}


def _file_in_bundle() -> dict[str, str]:
    """A field that names a file beside the item (or an address): a file field in the form."""
    return {"format": "uri-reference"}


CLOCK_OR_SECONDS = r"^\d+(:\d{1,2}){1,2}$"


def _seconds(value: object) -> object:
    """Accept ``90``, ``"1:30"`` or ``"0:01:30"`` and return seconds."""
    if isinstance(value, str) and re.fullmatch(r"\d+(:\d{1,2}){1,2}", value.strip()):
        seconds = 0
        for part in value.strip().split(":"):
            seconds = seconds * 60 + int(part)
        return seconds
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _plain(value: str) -> str:
    """Text a reader sees: no control characters (they break the HTML and XML we write)."""
    if _CONTROL.search(value):
        raise Invalid("teksten inneholder et usynlig kontrolltegn: skriv den inn på nytt")
    return value


def _url(value: str) -> str:
    """An address a reader may follow: ``https:``, ``http:`` or relative to the page.
    Anything else (``javascript:``, ``data:``, ``file:``) could run or read something in
    the reader's browser, so it is refused."""
    if _CONTROL.search(value) or any(c.isspace() for c in value):
        raise Invalid(f"«{value}» er ikke en gyldig adresse: den har mellomrom eller kontrolltegn")
    try:
        parts = urlsplit(value)
    except ValueError:  # an unclosed «[» of an IPv6 address
        raise Invalid(f"«{value}» er ikke en gyldig adresse") from None
    if parts.scheme:
        if parts.scheme.lower() not in ("https", "http") or not parts.netloc:
            raise Invalid(f"adressen må begynne med https:// eller http://, ikke «{parts.scheme}:»")
    elif value.startswith("//") or ":" in value.split("/", 1)[0]:
        raise Invalid(f"«{value}» er ikke en gyldig adresse: skriv hele adressen med https://")
    return value


# The values as YAML gives them (toolkit/content/frontmatter.py composes plain data: text,
# decimal integers, floats, true/false, null; dates stay text). Numbers and true/false are
# strict, so that ``duration: true`` is not 1 minute and ``45.0`` or ``.inf`` no number of
# minutes; ``0x2d`` and ``017`` arrive as text and are refused as text. A date is written
# ÅÅÅÅ-MM-DD and must exist: no time of day, no number of seconds since 1970.
Int = StrictInt
Bool = StrictBool
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ]\d")


def _date(value: object) -> object:
    """A date from its ISO text, with the Norwegian reason when the text is no date."""
    if isinstance(value, dt.datetime):
        value = value.isoformat()
    if not isinstance(value, str):
        return value  # a date as it is, or refused by the strict type
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise Invalid(
                f"{text} finnes ikke i kalenderen; skriv en dato som finnes, på formen ÅÅÅÅ-MM-DD") from None
    with_time = _ISO_DATETIME.match(text)
    if with_time:
        raise Invalid(
            f"«{text}» har klokkeslett: skriv bare datoen, på formen ÅÅÅÅ-MM-DD ({with_time.group(1)})")
    return value


Date = Annotated[dt.date, pydantic.Strict(), BeforeValidator(_date)]

# In a file, a time is seconds (90) or a clock ("1:30", "0:01:30"); the schema says both.
# A day or more is a typing mistake (no recording or chapter is that long).
Seconds = Annotated[
    int,
    pydantic.Strict(),
    BeforeValidator(_seconds),
    Field(ge=0, lt=24 * 3600),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": CLOCK_OR_SECONDS}]}),
]
Slug = Annotated[str, Field(pattern=ID_RE)]
ItemId = Annotated[str, Field(pattern=ITEM_ID_RE)]
NonEmpty = Annotated[str, Field(min_length=1), AfterValidator(_plain)]
Url = Annotated[str, AfterValidator(_url)]


class ItemMeta(Strict):
    """Fields every item has, whatever its collection."""

    title: Annotated[NonEmpty, Field(title="Tittel", description="Tittelen på siden.")]
    description: Annotated[str, Field(
        min_length=1, max_length=300, title="Beskrivelse",
        description="Én eller to setninger (høyst 300 tegn). Vises på kort, i søk og i lenkeforhåndsvisninger."),
        AfterValidator(_plain)]
    themes: Annotated[list[Slug], Field(
        min_length=1, title="Temaer", description="Ett til fire temaer fra temalisten (content/temaer.yml).",
        json_schema_extra=_choices("themes"))]
    related: Annotated[list[ItemId], Field(
        title="Hører sammen med",
        description="Andre sider som hører sammen med denne. Lenken vises på begge sidene.",
        json_schema_extra=_choices("items"))] = []
    cohorts: Annotated[list[Slug] | None, Field(
        title="Bare for kull",
        description="Bare for sider som gjelder enkelte kull. Står feltet tomt, gjelder siden alle kull.",
        json_schema_extra=_choices("cohorts"))] = None
    draft: Annotated[Bool, Field(title="Utkast", description="Et utkast blir ikke publisert.")] = False
    reviewed: Annotated[Date | None, Field(
        title="Sist gjennomgått", description="Datoen siden sist ble gjennomgått.")] = None
    owner: Annotated[NonEmpty | None, Field(
        title="Eier",
        description="Hvem som eier innholdet, for eksempel «Programteamet, Byrådslederens kontor».")] = None

    @field_validator("cohorts", mode="before")
    @classmethod
    def _cohorts_named(cls, value: object) -> object:
        """Without ``cohorts`` an item is in every cohort; an empty ``cohorts:`` would
        silently publish it in every cohort (null) or in none ([]): say what to write."""
        if value is None or value == []:
            raise Invalid(
                "er tom: skriv hvilke kull siden er med i, for eksempel «cohorts: [2026-host]», "
                "eller fjern linjen for å ta den med i alle kull")
        return value


class Publication(BaseModel):
    """Where an item is published, read on its own from a front matter that has errors
    elsewhere, so that the links in the body of a page under repair are still checked
    against drafts and cohorts (``links.check_body_links``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    draft: Bool = False
    cohorts: list[Slug] | None = None


class Source(Strict):
    """A published work, cited as: author (year). *title*. where."""

    author: Annotated[NonEmpty, Field(title="Forfatter", description="Som «Bang, H. og Midelfart, T. N.».")]
    year: Annotated[Int, Field(ge=1900, le=2100, title="År")]
    title: Annotated[NonEmpty, Field(title="Tittel")]
    where: Annotated[NonEmpty, Field(title="Utgitt i", description="Forlag og sted, eller tidsskrift.")]
    url: Annotated[Url | None, Field(title="Adresse", description="Lenke til kilden, hvis den finnes på nett.")] = None


class TheoryMeta(ItemMeta):
    sources: Annotated[list[Source], Field(
        min_length=1, title="Kilder",
        description="Kildene siden bygger på. De settes opp som en kildeliste nederst på siden.")]


class GroupSize(Strict):
    """How many take part: at least ``min``, at most ``max``."""

    min: Annotated[Int, Field(ge=1, le=200, title="Minst")]
    max: Annotated[Int, Field(ge=1, le=200, title="Flest")]

    @model_validator(mode="after")
    def _ordered(self) -> GroupSize:
        if self.min > self.max:
            raise Invalid("min kan ikke være større enn max")
        return self


Difficulty = Literal["enkel", "middels", "krevende"]
LedBy = Literal["gruppen", "radgiver"]


class ExerciseMeta(ItemMeta):
    duration: Annotated[Int, Field(
        gt=0, le=480, title="Varighet (minutter)",
        description="Hvor lang tid øvelsen tar. Minuttene i trinnene skal til sammen bli varigheten.")]
    preparation: Annotated[Int, Field(
        ge=0, le=480, title="Forberedelse (minutter)",
        description="Hvor lang tid den som leder, trenger til forberedelser.")] = 0
    group_size: Annotated[GroupSize, Field(title="Gruppestørrelse", description="Antall deltakere.")]
    difficulty: Annotated[Difficulty, Field(
        title="Vanskelighetsgrad", json_schema_extra=_labels("Enkel", "Middels", "Krevende"))]
    led_by: Annotated[LedBy, Field(
        title="Ledes av", json_schema_extra=_labels("Gruppen selv eller lederen", "En rådgiver fra UKE"))]
    materials: Annotated[list[NonEmpty], Field(
        title="Materiell", description="Det dere trenger, for eksempel flippover og tusj.")] = []


class Chapter(Strict):
    time: Annotated[Seconds, Field(
        title="Tid", description="Når kapitlet begynner, som «1:30» (minutter:sekunder) eller «1:02:30».")]
    title: Annotated[NonEmpty, Field(title="Tittel")]


class RecordingMeta(ItemMeta):
    date: Annotated[Date, Field(title="Dato", description="Datoen for opptaket.")]
    event: Annotated[NonEmpty, Field(title="Arrangement", description="For eksempel en temasamling.")]
    speakers: Annotated[list[NonEmpty], Field(min_length=1, title="Hvem som snakker")]
    video: Annotated[NonEmpty | None, Field(
        title="Video",
        description="Videofilen i mappen (video.mp4, H.264/AAC) eller en adresse på intranettets medieserver.",
        json_schema_extra=_file_in_bundle())] = None
    youtube: Annotated[Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{11}$")] | None, Field(
        title="YouTube-id",
        description="I stedet for video: id-en til en YouTube-video (11 tegn). Den lastes først når leseren klikker.")
    ] = None
    # Required for publishing, but checked in recordings.py, which can say what to do.
    captions: Annotated[NonEmpty | None, Field(
        title="Teksting",
        description="Tekstingen i WebVTT-format (captions.vtt), med navnet på den som snakker. "
                    "Et opptak uten teksting kan ikke publiseres.",
        json_schema_extra=_file_in_bundle())] = None
    chapters: Annotated[list[Chapter], Field(title="Kapitler")] = []
    slides: Annotated[NonEmpty | None, Field(
        title="Lysark", description="Lysarkene som PDF i mappen.", json_schema_extra=_file_in_bundle())] = None
    duration: Annotated[Seconds | None, Field(
        title="Varighet", description="Lengden på opptaket. Står feltet tomt, regnes den ut fra tekstingen.")] = None
    sample: Annotated[Bool, Field(
        title="Eksempelopptak", description="Opptaket er laget som eksempel, for eksempel med syntetisk stemme.")
    ] = False

    @model_validator(mode="after")
    def _one_source(self) -> RecordingMeta:
        if (self.video is None) == (self.youtube is None):
            raise Invalid("et opptak trenger nøyaktig én av «video» og «youtube»")
        return self


class PublicSource(Strict):
    """The public source a story retells."""

    title: Annotated[NonEmpty, Field(title="Tittel")]
    publisher: Annotated[NonEmpty, Field(title="Utgiver")]
    date: Annotated[Date | None, Field(title="Dato")] = None
    url: Annotated[Url | None, Field(title="Adresse")] = None


class StoryMeta(ItemMeta):
    unit: Annotated[NonEmpty, Field(title="Enhet", description="Enheten historien handler om.")]
    date: Annotated[Date, Field(title="Dato", description="Når det skjedde.")]
    example: Annotated[Bool, Field(
        title="Tenkt eksempel",
        description="Historien er et tenkt eksempel. Den merkes som eksempel og nevner ingen virkelige personer.")
    ] = False
    source: Annotated[PublicSource | None, Field(
        title="Offentlig kilde", description="I stedet for eksempel: den offentlige kilden historien gjenforteller.")
    ] = None

    @model_validator(mode="after")
    def _example_or_source(self) -> StoryMeta:
        if self.example == (self.source is not None):
            raise Invalid(
                "en historie er enten et eksempel («example: true») "
                "eller gjenforteller en offentlig kilde («source»), ikke begge eller ingen"
            )
        return self


Minutes = Annotated[Int, Field(gt=0, le=MAX_MINUTES)]
BLOCK_KINDS = ("ovelse", "teori", "pause", "punkt")


class Block(Strict):
    """One block of a meeting plan: an exercise or a theory page (by id) with its
    minutes, a pause (``pause: 10``), or a free item (``punkt: "Orienteringssaker"``) with
    its minutes. Written as one mapping per block, the way an editor reads an agenda."""

    ovelse: Annotated[ItemId | None, Field(
        title="Øvelse", description="Id-en til øvelsen, som ovelser/pre-mortem.",
        json_schema_extra=_choices("items/ovelser"))] = None
    teori: Annotated[ItemId | None, Field(
        title="Teori", description="Id-en til teorisiden gruppen leser eller snakker om, som teori/beslutninger.",
        json_schema_extra=_choices("items/teori"))] = None
    pause: Annotated[Minutes | None, Field(title="Pause (minutter)", description="En pause: bare minuttene.")] = None
    punkt: Annotated[NonEmpty | None, Field(
        max_length=MAX_TEXT, title="Eget punkt",
        description="Et punkt på agendaen, for eksempel «Orienteringssaker».")] = None
    minutes: Annotated[Minutes | None, Field(
        title="Minutter", description="Hvor mange minutter blokken tar (ikke for en pause).")] = None

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        kinds = [kind for kind in BLOCK_KINDS if getattr(self, kind) is not None]
        if len(kinds) != 1:
            raise Invalid("en blokk er én av «ovelse», «teori», «pause» og «punkt», for eksempel "
                             "«- ovelse: ovelser/pre-mortem» med «minutes: 40» under")
        if kinds[0] == "pause" and self.minutes is not None:
            raise Invalid("en pause skrives med minuttene selv: «- pause: 10», uten «minutes»")
        # A missing «minutes» is reported by the plan's check (meeting_plans.check_plan), so
        # that it comes with the plan's other mistakes instead of hiding them.
        return self

    @property
    def kind(self) -> str:
        return next(kind for kind in BLOCK_KINDS if getattr(self, kind) is not None)

    @property
    def length(self) -> int:
        """The block's minutes."""
        return self.pause if self.pause is not None else (self.minutes or 0)

    @property
    def target(self) -> str | None:
        """The id of the exercise or theory page the block uses."""
        return self.ovelse or self.teori


class MeetingPlanMeta(ItemMeta):
    """A ready-made agenda for a leadership-group meeting (``content/moteplaner/``)."""

    duration: Annotated[Int, Field(
        gt=0, le=MAX_MEETING, title="Varighet (minutter)",
        description="Hvor lenge møtet varer. Blokkene skal til sammen bli varigheten.")]
    blocks: Annotated[list[Block], Field(
        min_length=1, max_length=MAX_BLOCKS, title="Blokker",
        description="Møtets punkter i rekkefølge: øvelser, teori, pauser og egne punkter, hver med minutter.")]


class Theme(Strict):
    """One theme of the taxonomy (content/temaer.yml), under its slug."""

    label: Annotated[NonEmpty, Field(title="Navn", description="Navnet på temaet, slik leseren ser det.")]
    description: Annotated[NonEmpty, Field(title="Beskrivelse", description="To setninger om temaet.")]


SessionKind = Literal["temasamling", "ledergruppesamling", "refleksjonsgruppe"]
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Session(Strict):
    """One session of a cohort's programme."""

    date: Annotated[Date, Field(title="Dato")]
    start: Annotated[ClockTime, Field(title="Begynner", description="Klokkeslett, som 08:30.")]
    end: Annotated[ClockTime, Field(title="Slutter", description="Klokkeslett, som 12:00.")]
    kind: Annotated[SessionKind, Field(
        title="Type samling", json_schema_extra=_labels("Temasamling", "Ledergruppesamling", "Refleksjonsgruppe"))]
    title: Annotated[NonEmpty, Field(title="Tittel")]
    place: Annotated[NonEmpty, Field(title="Sted")]
    recording: Annotated[ItemId | None, Field(
        title="Opptak", description="Opptaket fra samlingen, hvis den ble tatt opp.",
        json_schema_extra=_choices("items/opptak"))] = None


class CohortMeta(Strict):
    """A programme cohort (kull): cohorts/<id>.yml, whose file name is its id."""

    title: Annotated[NonEmpty, Field(
        title="Tittel", description="Kullets navn, som «Kull høsten 2026». Vises i versjonsvelgeren.")]
    start: Annotated[Date, Field(title="Begynner", description="Den første dagen i kullets periode.")]
    end: Annotated[Date, Field(title="Slutter", description="Den siste dagen i kullets periode.")]
    sessions: Annotated[list[Session], Field(title="Samlinger")] = []

    @model_validator(mode="after")
    def _dates_in_order(self) -> CohortMeta:
        if self.end < self.start:
            raise Invalid("end kan ikke være før start")
        return self
