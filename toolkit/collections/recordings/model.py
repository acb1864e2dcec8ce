"""A recording's front matter, and a recording as its page gets it: with its captions
parsed, its transcript written and its video's media type decided when it was loaded."""

from __future__ import annotations

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




@dataclass(frozen=True)
class Recording(Item[RecordingMeta]):
    """A recording after the collection's ``prepare`` step (``prepare.py``): what its page
    shows beyond the front matter, worked out once when the content is loaded, so that
    rendering reads no file and keeps no memo."""

    #: The parsed captions (None when they cannot be read: an error of ``toolkit check``).
    captions: Captions | None = field(default=None, repr=False, compare=False)
    #: The transcript section of the page, as Markdown («## Transkripsjon» …), or "".
    transcript: str = field(default="", repr=False, compare=False)
    #: The video's media type for ``<source type>``, from its file name (None: unknown).
    video_type: str | None = None

    @classmethod
    def of(cls, item: Item[RecordingMeta], captions: Captions | None, transcript: str,
           video_type: str | None) -> Recording:
        """``item`` completed with what ``prepare`` worked out."""
        return cls(**{f.name: getattr(item, f.name) for f in fields(Item)},
                   captions=captions, transcript=transcript, video_type=video_type)

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
