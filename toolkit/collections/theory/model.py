"""A theory page's front matter: the sources it builds on, cited at the end of the page."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ...content.models import Int, ItemMeta, NonEmpty, Strict, Url

#: The folder under ``content/``, the URL segment and the first part of every theory page's id.
ID = "teori"


class Source(Strict):
    """A published work, cited as: author (year). *title*. where."""

    author: Annotated[NonEmpty, Field(title="Forfatter", description="Som «Bang, H. og Midelfart, T. N.».")]
    year: Annotated[Int, Field(ge=1900, le=2100, title="År")]
    title: Annotated[NonEmpty, Field(title="Tittel")]
    where: Annotated[NonEmpty, Field(title="Utgitt i", description="Forlag og sted, eller tidsskrift.")]
    url: Annotated[Url | None, Field(title="Adresse", description="Lenke til kilden, hvis den finnes på nett.")] = None


class TheoryMeta(ItemMeta):
    sources: Annotated[list[Source], Field(
        min_length=1, title="Kilder",
        description="Kildene siden bygger på. De settes opp som en kildeliste nederst på siden.")]
