"""Theory (``content/teori/``): short, sourced explanations of the model the programme
builds on. The listing and «Neste» follow the model, by each page's main theme."""

from __future__ import annotations

from pathlib import Path

from ..content.collection import Collection
from ..content.models import TheoryMeta
from ..pages import theory

COLLECTION = Collection(
    id="teori",
    label="Teori",
    plural="Teori",
    model=TheoryMeta,
    render=theory.render,
    intro="Korte forklaringer av modellen programmet bygger på, med kildene.",
    template=Path(__file__).parent.parent / "templates" / "teori.md",
    order=10,
    reading_order=theory.by_main_theme,
)
