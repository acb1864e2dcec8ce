"""Stories (``content/historier/``): how a unit worked with its leadership group, marked
as an example or retelling a named public source.

The package holds the front matter (``model``), the page with the exercises and theory the
unit used (``page``) and the template ``toolkit new historier`` copies (``template.md``).
Other modules name the collection by ``ID``.
"""

from __future__ import annotations

from pathlib import Path

from ...content.collection import Collection
from . import page
from .model import ID, StoryMeta

__all__ = ("COLLECTION", "ID", "StoryMeta")

COLLECTION = Collection(
    id=ID,
    label="Historie",
    plural="Historier",
    model=StoryMeta,
    render=page.render,
    intro="Hvordan enheter har arbeidet med ledergruppen sin.",
    template=Path(__file__).with_name("template.md"),
    order=40,
)
