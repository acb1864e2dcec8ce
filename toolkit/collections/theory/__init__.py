"""Theory (``content/teori/``): short, sourced explanations of the model the programme
builds on. The listing and «Neste» follow the model, by each page's main theme.

The package holds the front matter (``model``), the page with «Prøv i praksis» and the
sources (``page``) and the template ``toolkit new teori`` copies (``template.md``).
Other modules name the collection by ``ID``.
"""

from __future__ import annotations

from pathlib import Path

from ...content.collection import Collection
from . import page
from .model import ID, TheoryMeta

__all__ = ("COLLECTION", "ID", "TheoryMeta")

COLLECTION = Collection(
    id=ID,
    label="Teori",
    plural="Teori",
    model=TheoryMeta,
    render=page.render,
    intro="Korte forklaringer av modellen programmet bygger på, med kildene.",
    template=Path(__file__).with_name("template.md"),
    order=10,
    reading_order=page.by_main_theme,
)
