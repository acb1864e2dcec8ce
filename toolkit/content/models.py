"""Typed front matter, one model per collection, plus the theme taxonomy and cohorts.

The models are the content model of DESIGN.md written as code: unknown keys are
forbidden so that a typo (``durration``) is an error instead of a silently dropped
field. Keys are English; values readers see are Norwegian.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# An item's id: its collection and its slug. Whether the collection exists is the
# registry's to say (``validate.check_related``), not the pattern's.
ITEM_ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


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
        raise ValueError("teksten inneholder et usynlig kontrolltegn: skriv den inn på nytt")
    return value


def _url(value: str) -> str:
    """An address a reader may follow: ``https:``, ``http:`` or relative to the page.
    Anything else (``javascript:``, ``data:``, ``file:``) could run or read something in
    the reader's browser, so it is refused."""
    if _CONTROL.search(value) or any(c.isspace() for c in value):
        raise ValueError(f"«{value}» er ikke en gyldig adresse: den har mellomrom eller kontrolltegn")
    parts = urlsplit(value)
    if parts.scheme:
        if parts.scheme.lower() not in ("https", "http") or not parts.netloc:
            raise ValueError(f"adressen må begynne med https:// eller http://, ikke «{parts.scheme}:»")
    elif value.startswith("//") or ":" in value.split("/", 1)[0]:
        raise ValueError(f"«{value}» er ikke en gyldig adresse: skriv hele adressen med https://")
    return value


Seconds = Annotated[int, BeforeValidator(_seconds), Field(ge=0, lt=24 * 3600)]
Slug = Annotated[str, Field(pattern=ID_RE)]
ItemId = Annotated[str, Field(pattern=ITEM_ID_RE)]
NonEmpty = Annotated[str, Field(min_length=1), AfterValidator(_plain)]
Url = Annotated[str, AfterValidator(_url)]


class ItemMeta(Strict):
    """Fields every item has, whatever its collection."""

    title: NonEmpty
    description: Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_plain)]
    themes: Annotated[list[Slug], Field(min_length=1)]
    related: list[ItemId] = []
    cohorts: list[Slug] | None = None
    draft: bool = False
    reviewed: dt.date | None = None
    owner: NonEmpty | None = None

    @field_validator("cohorts", mode="before")
    @classmethod
    def _cohorts_named(cls, value: object) -> object:
        """Without ``cohorts`` an item is in every cohort; an empty ``cohorts:`` would
        silently publish it in every cohort (null) or in none ([]): say what to write."""
        if value is None or value == []:
            raise ValueError(
                "er tom: skriv hvilke kull siden er med i, for eksempel «cohorts: [2026-host]», "
                "eller fjern linjen for å ta den med i alle kull")
        return value


class Source(Strict):
    """A published work, cited as: author (year). *title*. where."""

    author: NonEmpty
    year: Annotated[int, Field(ge=1900, le=2100)]
    title: NonEmpty
    where: NonEmpty
    url: Url | None = None


class TheoryMeta(ItemMeta):
    sources: Annotated[list[Source], Field(min_length=1)]


class GroupSize(Strict):
    min: Annotated[int, Field(ge=1, le=200)]
    max: Annotated[int, Field(ge=1, le=200)]

    @model_validator(mode="after")
    def _ordered(self) -> GroupSize:
        if self.min > self.max:
            raise ValueError("min kan ikke være større enn max")
        return self


Difficulty = Literal["enkel", "middels", "krevende"]
LedBy = Literal["gruppen", "radgiver"]


class ExerciseMeta(ItemMeta):
    duration: Annotated[int, Field(gt=0, le=480)]
    preparation: Annotated[int, Field(ge=0, le=480)] = 0
    group_size: GroupSize
    difficulty: Difficulty
    led_by: LedBy
    materials: list[NonEmpty] = []


class Chapter(Strict):
    time: Seconds
    title: NonEmpty


class RecordingMeta(ItemMeta):
    date: dt.date
    event: NonEmpty
    speakers: Annotated[list[NonEmpty], Field(min_length=1)]
    video: NonEmpty | None = None
    youtube: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{11}$")] | None = None
    # Required for publishing, but checked in recordings.py, which can say what to do.
    captions: NonEmpty | None = None
    chapters: list[Chapter] = []
    slides: NonEmpty | None = None
    duration: Seconds | None = None
    sample: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> RecordingMeta:
        if (self.video is None) == (self.youtube is None):
            raise ValueError("et opptak trenger nøyaktig én av «video» og «youtube»")
        return self


class PublicSource(Strict):
    title: NonEmpty
    publisher: NonEmpty
    date: dt.date | None = None
    url: Url | None = None


class StoryMeta(ItemMeta):
    unit: NonEmpty
    date: dt.date
    example: bool = False
    source: PublicSource | None = None

    @model_validator(mode="after")
    def _example_or_source(self) -> StoryMeta:
        if self.example == (self.source is not None):
            raise ValueError(
                "en historie er enten et eksempel («example: true») "
                "eller gjenforteller en offentlig kilde («source»), ikke begge eller ingen"
            )
        return self


Minutes = Annotated[int, Field(gt=0, le=480)]
BLOCK_KINDS = ("ovelse", "teori", "pause", "punkt")


class Block(Strict):
    """One block of a meeting plan: an exercise or a theory page (by id) with its
    minutes, a pause (``pause: 10``), or a free item (``punkt: "Orienteringssaker"``) with
    its minutes. Written as one mapping per block, the way an editor reads an agenda."""

    ovelse: ItemId | None = None
    teori: ItemId | None = None
    pause: Minutes | None = None
    punkt: Annotated[NonEmpty, Field(max_length=200)] | None = None
    minutes: Minutes | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        kinds = [kind for kind in BLOCK_KINDS if getattr(self, kind) is not None]
        if len(kinds) != 1:
            raise ValueError("en blokk er én av «ovelse», «teori», «pause» og «punkt», for eksempel "
                             "«- ovelse: ovelser/pre-mortem» med «minutes: 40» under")
        if kinds[0] == "pause" and self.minutes is not None:
            raise ValueError("en pause skrives med minuttene selv: «- pause: 10», uten «minutes»")
        if kinds[0] != "pause" and self.minutes is None:
            raise ValueError(f"mangler «minutes»: hvor mange minutter tar blokken «{getattr(self, kinds[0])}»?")
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

    duration: Annotated[int, Field(gt=0, le=600)]
    blocks: Annotated[list[Block], Field(min_length=1)]


class Theme(Strict):
    label: NonEmpty
    description: NonEmpty


SessionKind = Literal["temasamling", "ledergruppesamling", "refleksjonsgruppe"]
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Session(Strict):
    date: dt.date
    start: ClockTime
    end: ClockTime
    kind: SessionKind
    title: NonEmpty
    place: NonEmpty
    recording: ItemId | None = None


class CohortMeta(Strict):
    title: NonEmpty
    start: dt.date
    end: dt.date
    sessions: list[Session] = []

    @model_validator(mode="after")
    def _dates_in_order(self) -> CohortMeta:
        if self.end < self.start:
            raise ValueError("end kan ikke være før start")
        return self
