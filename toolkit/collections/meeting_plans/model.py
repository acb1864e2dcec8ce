"""A ready-made plan's front matter: its length and its blocks, in the planner's words."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from ...content.models import Int, Invalid, ItemId, ItemMeta, NonEmpty, Strict, choices
from ...planner_address import EXERCISE, MAX_BLOCKS, MAX_MEETING, MAX_MINUTES, MAX_TEXT, PAUSE, POINT, THEORY
from .. import exercises, theory

#: The folder under ``content/``, the URL segment and the first part of every plan's id.
ID = "moteplaner"


Minutes = Annotated[Int, Field(gt=0, le=MAX_MINUTES)]
#: A block's kinds: the key of its mapping in the front matter (the planner's words).
BLOCK_KINDS = (EXERCISE, THEORY, PAUSE, POINT)


class Block(Strict):
    """One block of a meeting plan: an exercise or a theory page (by id) with its
    minutes, a pause (``pause: 10``), or a free item (``punkt: "Orienteringssaker"``) with
    its minutes. Written as one mapping per block, the way an editor reads an agenda."""

    ovelse: Annotated[ItemId | None, Field(
        title="Øvelse", description=f"Id-en til øvelsen, som {exercises.ID}/pre-mortem.",
        json_schema_extra=choices(f"items/{exercises.ID}"))] = None
    teori: Annotated[ItemId | None, Field(
        title="Teori",
        description=f"Id-en til teorisiden gruppen leser eller snakker om, som {theory.ID}/beslutninger.",
        json_schema_extra=choices(f"items/{theory.ID}"))] = None
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
            raise Invalid(f"en blokk er én av «{EXERCISE}», «{THEORY}», «{PAUSE}» og «{POINT}», for eksempel "
                          f"«- {EXERCISE}: {exercises.ID}/pre-mortem» med «minutes: 40» under")
        if kinds[0] == PAUSE and self.minutes is not None:
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
    """A ready-made agenda for a leadership-group meeting."""

    duration: Annotated[Int, Field(
        gt=0, le=MAX_MEETING, title="Varighet (minutter)",
        description="Hvor lenge møtet varer. Blokkene skal til sammen bli varigheten.")]
    blocks: Annotated[list[Block], Field(
        min_length=1, max_length=MAX_BLOCKS, title="Blokker",
        description="Møtets punkter i rekkefølge: øvelser, teori, pauser og egne punkter, hver med minutter.")]
