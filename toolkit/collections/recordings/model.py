"""A recording's front matter, and a recording as its page gets it: with its captions
parsed, its transcript written and its video's media type decided when it was loaded."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Annotated

from pydantic import Field, model_validator

from ...content.items import Item
from ...content.models import (
    Bool,
    Date,
    Invalid,
    NonEmpty,
    Seconds,
    SessionRecording,
    Strict,
    file_in_bundle,
)
from ...problems import Problem
from .captions import Captions

#: The folder under ``content/``, the URL segment and the first part of every recording's id.
ID = "opptak"


class Chapter(Strict):
    time: Annotated[Seconds, Field(
        title="Tid", description="Når kapitlet begynner, som «1:30» (minutter:sekunder) eller «1:02:30».")]
    title: Annotated[NonEmpty, Field(title="Tittel")]


class RecordingMeta(SessionRecording):
    date: Annotated[Date, Field(title="Dato", description="Datoen for opptaket.")]
    event: Annotated[NonEmpty, Field(title="Arrangement", description="For eksempel en temasamling.")]
    speakers: Annotated[list[NonEmpty], Field(min_length=1, title="Hvem som snakker")]
    video: Annotated[NonEmpty | None, Field(
        title="Video",
        description="Videofilen i mappen (video.mp4, H.264/AAC) eller en adresse på intranettets medieserver.",
        json_schema_extra=file_in_bundle())] = None
    youtube: Annotated[Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{11}$")] | None, Field(
        title="YouTube-id",
        description="I stedet for video: id-en til en YouTube-video (11 tegn). Den lastes først når leseren klikker.")
    ] = None
    # Required for publishing, but checked in recordings.py, which can say what to do.
    captions: Annotated[NonEmpty | None, Field(
        title="Teksting",
        description="Tekstingen i WebVTT-format (captions.vtt), med navnet på den som snakker. "
                    "Et opptak uten teksting kan ikke publiseres.",
        json_schema_extra=file_in_bundle())] = None
    chapters: Annotated[list[Chapter], Field(title="Kapitler")] = []
    slides: Annotated[NonEmpty | None, Field(
        title="Lysark", description="Lysarkene som PDF i mappen.", json_schema_extra=file_in_bundle())] = None
    # In the file ``duration``; in Python ``seconds``, the unit it is in.
    seconds: Annotated[Seconds | None, Field(
        alias="duration", title="Varighet",
        description="Lengden på opptaket. Står feltet tomt, regnes den ut fra tekstingen.")] = None
    sample: Annotated[Bool, Field(
        title="Eksempelopptak", description="Opptaket er laget som eksempel, for eksempel med syntetisk stemme.")
    ] = False

    @model_validator(mode="after")
    def _one_source(self) -> RecordingMeta:
        if (self.video is None) == (self.youtube is None):
            raise Invalid("et opptak trenger nøyaktig én av «video» og «youtube»")
        return self




class FromCaptions:
    """What a recording's page shows from its captions file: the parsed captions, the
    transcript written from them, and the problems found in both (with the chapters
    checked against them). Worked out when first asked for, by ``work`` (``prepare``):
    while content is loaded for a check or the preview, or, in a build, when MkDocs reads
    the recording's page, so that a worker process parses the captions meanwhile."""

    def __init__(self, work: Callable[[], tuple[Captions | None, str, list[Problem]]]) -> None:
        self._work = work

    @functools.cached_property
    def _done(self) -> tuple[Captions | None, str, list[Problem]]:
        return self._work()

    @property
    def captions(self) -> Captions | None:
        return self._done[0]

    @property
    def transcript(self) -> str:
        return self._done[1]

    @property
    def problems(self) -> list[Problem]:
        return list(self._done[2])


_NONE = FromCaptions(lambda: (None, "", []))


@dataclass(frozen=True)
class Recording(Item[RecordingMeta]):
    """A recording after the collection's ``prepare`` step (``prepare.py``): what its page
    shows beyond the front matter, worked out once, so that rendering reads no file and
    keeps no memo."""

    #: The captions, the transcript and their problems, ready when first asked for.
    from_captions: FromCaptions = field(default=_NONE, repr=False, compare=False)
    #: The video's media type for ``<source type>``, from its file name (None: unknown).
    video_type: str | None = None

    @classmethod
    def of(cls, item: Item[RecordingMeta], from_captions: FromCaptions, video_type: str | None) -> Recording:
        """``item`` completed with what ``prepare`` worked out."""
        return cls(**{f.name: getattr(item, f.name) for f in fields(Item)},
                   from_captions=from_captions, video_type=video_type)

    @property
    def captions(self) -> Captions | None:
        """The parsed captions (None when they cannot be read: an error of ``toolkit check``)."""
        return self.from_captions.captions

    @property
    def transcript(self) -> str:
        """The transcript section of the page, as Markdown («## Transkripsjon» …), or ""."""
        return self.from_captions.transcript

    @property
    def seconds(self) -> float | None:
        """How long the recording is: the front matter's ``duration``, else the end of the
        last caption (None without either)."""
        if self.meta.seconds is not None:
            return float(self.meta.seconds)
        return self.captions.duration if self.captions else None


def recording(item: Item[RecordingMeta]) -> Recording:
    """``item`` as the ``prepare`` step made it: every recording of a loaded content is one."""
    if not isinstance(item, Recording):
        raise TypeError(f"{item.id} was not prepared: load it with its collection (toolkit.content.load)")
    return item
