"""Stories (``content/historier/``): how a unit worked with its leadership group, marked
as an example or retelling a named public source."""

from __future__ import annotations

from pathlib import Path

from ..content.collection import Collection
from ..content.models import StoryMeta
from ..pages import story

COLLECTION = Collection(
    id="historier",
    label="Historie",
    plural="Historier",
    model=StoryMeta,
    render=story.render,
    intro="Hvordan enheter har arbeidet med ledergruppen sin.",
    template=Path(__file__).parent.parent / "templates" / "historier.md",
    order=40,
)
