"""Exercises (``content/ovelser/``): what a leadership group does in a meeting. Listed by
the exercise finder and its catalogue ``ovelser.json``; each body is checked for its
six sections and timed steps."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from ..content.collection import Collection
from ..content.exercise_steps import HEADINGS, check_body, check_duration
from ..content.models import ExerciseMeta
from ..pages import exercise, finder

#: The meeting planner's address words (``?blokker=pause:10,teori:x:15,punkt:5:Tekst``).
PLANNER_WORDS = "det er et ord i møteplanleggerens adresse"

COLLECTION = Collection(
    id="ovelser",
    label="Øvelse",
    plural="Øvelser",
    model=ExerciseMeta,
    render=exercise.render,
    intro="Øvelser ledergruppen kan gjøre i et vanlig ledermøte.",
    template=Path(__file__).parent.parent / "templates" / "ovelser.md",
    order=20,
    reserved=MappingProxyType({word: PLANNER_WORDS for word in ("pause", "punkt", "teori")}),
    sections=HEADINGS,
    check=check_duration,
    check_body=check_body,
    listing=finder.listing,
)
