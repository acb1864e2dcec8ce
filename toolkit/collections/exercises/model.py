"""An exercise's front matter: what it takes (time, preparation, group, level, who leads)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ...content.models import Int, Invalid, ItemMeta, NonEmpty, Strict, labels

#: The folder under ``content/``, the URL segment and the first part of every exercise's id.
ID = "ovelser"


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
    """An exercise: how long it takes and what it takes. In the file its length is
    ``duration``; in Python ``minutes``, the unit it is in."""

    minutes: Annotated[Int, Field(
        alias="duration", gt=0, le=480, title="Varighet (minutter)",
        description="Hvor lang tid øvelsen tar. Minuttene i trinnene skal til sammen bli varigheten.")]
    preparation: Annotated[Int, Field(
        ge=0, le=480, title="Forberedelse (minutter)",
        description="Hvor lang tid den som leder, trenger til forberedelser.")] = 0
    group_size: Annotated[GroupSize, Field(title="Gruppestørrelse", description="Antall deltakere.")]
    difficulty: Annotated[Difficulty, Field(
        title="Vanskelighetsgrad", json_schema_extra=labels("Enkel", "Middels", "Krevende"))]
    led_by: Annotated[LedBy, Field(
        title="Ledes av", json_schema_extra=labels("Gruppen selv eller lederen", "En rådgiver fra UKE"))]
    materials: Annotated[list[NonEmpty], Field(
        title="Materiell", description="Det dere trenger, for eksempel flippover og tusj.")] = []


