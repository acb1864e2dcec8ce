"""Exercises (``content/ovelser/``): what a leadership group does in a meeting.

One package holds all the toolkit knows of them: the front matter (``model``), the body's
six sections and timed steps and their checks (``body``), the handout «Kjør møtet»
shows, worked out when the content is loaded (``handout``), the page with its summary and
the planner's buttons (``page``), the finder that lists them with its catalogue
``ovelser.json`` (``finder``), and the template ``toolkit new ovelser`` copies
(``template.md``). Other modules name the collection by ``ID``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from ...content.collection import Collection
from ...content.items import Item
from ...planner_address import WORDS
from . import body, finder, handout, page
from .model import ID, ExerciseMeta

__all__ = ("COLLECTION", "ID", "ExerciseMeta")

#: Why the planner's words cannot name an exercise (``?blokker=pause:10,teori:x:15``).
PLANNER_WORDS = "det er et ord i møteplanleggerens adresse"


def substance(item: Item[ExerciseMeta]) -> Mapping[str, str]:
    """What changes an exercise in substance besides its title, description and themes:
    its steps (the text under «Slik gjør dere det») and its length."""
    steps = body.steps_text(item.body)
    return {**({"steps": steps} if steps is not None else {}), "duration": str(item.meta.minutes)}


COLLECTION = Collection(
    id=ID,
    label="Øvelse",
    plural="Øvelser",
    model=ExerciseMeta,
    render=page.render,
    intro="Øvelser ledergruppen kan gjøre i et vanlig ledermøte.",
    template=Path(__file__).with_name("template.md"),
    order=20,
    reserved=MappingProxyType({word: PLANNER_WORDS for word in sorted(WORDS)}),
    sections=body.HEADINGS,
    check=body.check_duration,
    check_body=body.check_body,
    generated=finder.listing,
    substance=substance,
    prepare=handout.prepare,
)
