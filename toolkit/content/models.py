"""Typed front matter: the fields every item has, the types every model is made of, the
theme taxonomy and the cohorts. Each collection's own model (``ExerciseMeta``, …) is in its
package (``toolkit/collections/<name>/model.py``) and subclasses ``ItemMeta``.

The models are the content model of DESIGN.md written as code: unknown keys are
forbidden so that a typo (``durration``) is an error instead of a silently dropped
field. Keys are English; values readers see are Norwegian.

Each field's ``title`` and ``description`` are the Norwegian label and hint an editor
sees wherever the models are shown: the JSON Schemas (``toolkit schema``) and the form
in the browser (``toolkit cms-config``). Two annotations in ``json_schema_extra`` say
more than a type can: ``x-choices`` names where a field's values come from (``themes``
in the taxonomy, ``cohorts``, ``items``, the items of one collection as
``items/<collection>``, or a session's ``recordings``), ``format: uri-reference`` marks a file beside the item in its
page bundle (or an address), and ``enumDescriptions`` labels a fixed set of values.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
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
from pydantic.fields import FieldInfo

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


def labels(*labels: str) -> dict:
    """The readers' words for a Literal's values, in the Literal's order."""
    return {"enumDescriptions": list(labels)}


def choices(source: str) -> dict:
    return {"x-choices": source}


#: The JSON Schema format of a field that names a file beside the item (or an address).
FILE_FORMAT = "uri-reference"


def file_in_bundle() -> dict[str, str]:
    """A field that names a file beside the item (or an address): a file field in the form,
    and a file its page bundle publishes (``file_fields``)."""
    return {"format": FILE_FORMAT}


@functools.cache  # a pure function of the class
def front_matter_fields(model: type[BaseModel]) -> Mapping[str, FieldInfo]:
    """A model's fields by the key an editor writes, in the model's order: a field whose
    name in Python says more than the key (``minutes`` for ``duration``) has the key as its
    alias. Error messages, the JSON Schemas and the editing form speak of these keys."""
    return MappingProxyType({info.alias or name: info for name, info in model.model_fields.items()})


@functools.cache  # a pure function of the class: asked once per item at every load
def file_fields(model: type[ItemMeta]) -> tuple[str, ...]:
    """The fields of ``model`` that name a file beside the item (``file_in_bundle``): the
    files a page bundle publishes beside its page (a recording's captions, video, slides)."""
    return tuple(name for name, info in model.model_fields.items()
                 if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("format") == FILE_FORMAT)


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
        json_schema_extra=choices("themes"))]
    related: Annotated[list[ItemId], Field(
        title="Hører sammen med",
        description="Andre sider som hører sammen med denne. Lenken vises på begge sidene.",
        json_schema_extra=choices("items"))] = []
    cohorts: Annotated[list[Slug] | None, Field(
        title="Bare for kull",
        description="Bare for sider som gjelder enkelte kull. Står feltet tomt, gjelder siden alle kull.",
        json_schema_extra=choices("cohorts"))] = None
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


class SessionRecording(ItemMeta):
    """What a cohort's session may name as its recording (``Session.recording``): the
    front matter of the recordings' collection subclasses it (``RecordingMeta``), so that
    cohorts are checked, and offered their choices, by the role an item plays instead of
    by the name of a collection."""


#: ``x-choices`` of a session's recording: the items whose model is a ``SessionRecording``.
RECORDINGS = "recordings"


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
        title="Type samling", json_schema_extra=labels("Temasamling", "Ledergruppesamling", "Refleksjonsgruppe"))]
    title: Annotated[NonEmpty, Field(title="Tittel")]
    place: Annotated[NonEmpty, Field(title="Sted")]
    recording: Annotated[ItemId | None, Field(
        title="Opptak", description="Opptaket fra samlingen, hvis den ble tatt opp.",
        json_schema_extra=choices(RECORDINGS))] = None


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
