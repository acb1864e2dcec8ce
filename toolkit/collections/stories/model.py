"""A story's front matter: the unit and when, and whether it is an example or retells a
named public source."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from ...content.models import Bool, Date, Invalid, ItemMeta, NonEmpty, Strict, Url

#: The folder under ``content/``, the URL segment and the first part of every story's id.
ID = "historier"


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


