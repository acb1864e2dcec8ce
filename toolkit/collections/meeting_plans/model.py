"""A ready-made plan's front matter: its length and its blocks, in the planner's words."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from ...content.models import Int, Invalid, ItemId, ItemMeta, NonEmpty, Strict, choices
from ...planner_address import EXERCISE, MAX_BLOCKS, MAX_MEETING, MAX_MINUTES, MAX_TEXT, PAUSE, POINT, THEORY
from ..exercises import ID as EXERCISES_ID
from ..theory import ID as THEORY_ID

#: The folder under ``content/``, the URL segment and the first part of every plan's id.
ID = "moteplaner"


Minutes = Annotated[Int, Field(gt=0, le=MAX_MINUTES)]
class Block(Strict):
    """One block of a meeting plan: an exercise or a theory page (by id) with its
    minutes, a pause (``pause: 10``), or a free item (``punkt: "Orienteringssaker"``) with
    its minutes. Written as one mapping per block, the way an editor reads an agenda."""

    # The keys are the plan's words (``toolkit.planner_address``); in Python their English names.
    exercise: Annotated[ItemId | None, Field(
        alias=EXERCISE, title="Øvelse", description=f"Id-en til øvelsen, som {EXERCISES_ID}/pre-mortem.",
        json_schema_extra=choices(f"items/{EXERCISES_ID}"))] = None
    theory: Annotated[ItemId | None, Field(
        alias=THEORY, title="Teori",
        description=f"Id-en til teorisiden gruppen leser eller snakker om, som {THEORY_ID}/beslutninger.",
        json_schema_extra=choices(f"items/{THEORY_ID}"))] = None
    pause: Annotated[Minutes | None, Field(
        alias=PAUSE, title="Pause (minutter)", description="En pause: bare minuttene.")] = None
    point: Annotated[NonEmpty | None, Field(
        alias=POINT, max_length=MAX_TEXT, title="Eget punkt",
        description="Et punkt på agendaen, for eksempel «Orienteringssaker».")] = None
    minutes: Annotated[Minutes | None, Field(
        title="Minutter", description="Hvor mange minutter blokken tar (ikke for en pause).")] = None

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        kinds = [kind for kind, value in self._kinds() if value is not None]
        if len(kinds) != 1:
            raise Invalid(f"en blokk er én av «{EXERCISE}», «{THEORY}», «{PAUSE}» og «{POINT}», for eksempel "
                          f"«- {EXERCISE}: {EXERCISES_ID}/pre-mortem» med «minutes: 40» under")
        if kinds[0] == PAUSE and self.minutes is not None:
            raise Invalid("en pause skrives med minuttene selv: «- pause: 10», uten «minutes»")
        # A missing «minutes» is reported by the plan's check (meeting_plans.check_plan), so
        # that it comes with the plan's other mistakes instead of hiding them.
        return self

    def _kinds(self) -> tuple[tuple[str, object], ...]:
        return (EXERCISE, self.exercise), (THEORY, self.theory), (PAUSE, self.pause), (POINT, self.point)

    @property
    def kind(self) -> str:
        """The block's kind, as its key in the file: ``ovelse``, ``teori``, ``pause``, ``punkt``."""
        return next(kind for kind, value in self._kinds() if value is not None)

    @property
    def length(self) -> int:
        """The block's minutes."""
        return self.pause if self.pause is not None else (self.minutes or 0)

    @property
    def target(self) -> str | None:
        """The id of the exercise or theory page the block uses."""
        return self.exercise or self.theory


class MeetingPlanMeta(ItemMeta):
    """A ready-made agenda for a leadership-group meeting. In the file its length is
    ``duration``; in Python ``minutes``, the unit it is in."""

    minutes: Annotated[Int, Field(
        alias="duration", gt=0, le=MAX_MEETING, title="Varighet (minutter)",
        description="Hvor lenge møtet varer. Blokkene skal til sammen bli varigheten.")]
    blocks: Annotated[list[Block], Field(
        min_length=1, max_length=MAX_BLOCKS, title="Blokker",
        description="Møtets punkter i rekkefølge: øvelser, teori, pauser og egne punkter, hver med minutter.")]
