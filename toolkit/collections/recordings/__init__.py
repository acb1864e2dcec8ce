"""Recordings (``content/opptak/<slug>/``): talks from the theme gatherings, each a page
bundle with its captions (a legal duty), video and slides.

The package holds all the toolkit knows of them: the front matter and the recording as
its page gets it (``model``), the WebVTT captions, read and kept parsed, and the
transcript made from them (``captions``), the checks of the bundle's files (``bundle``),
the ``prepare`` step that parses the captions in parallel and writes each transcript once
when the content is loaded (``prepare``), the page and the chapter tracks beside it
(``page``), and the folder ``toolkit new opptak`` copies (``template/``). Other modules
name the collection by ``ID``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ...content.collection import Collection
from ...content.items import Item
from . import bundle, page, prepare
from .model import ID, RecordingMeta

__all__ = ("COLLECTION", "ID", "RecordingMeta")


def substance(item: Item[RecordingMeta]) -> Mapping[str, str]:
    """What changes a recording in substance besides its title, description and themes:
    its length, when the front matter gives it."""
    return {} if item.meta.seconds is None else {"duration": str(item.meta.seconds)}


COLLECTION = Collection(
    id=ID,
    label="Opptak",
    plural="Opptak",
    one="et opptak",
    model=RecordingMeta,
    render=page.render,
    intro="Foredrag og innlegg fra temasamlingene, med teksting og utskrift.",
    template=Path(__file__).with_name("template"),
    bundle=True,
    order=30,
    prepare=prepare.prepare,
    check=bundle.check_recording,
    generated=page.listing,
    substance=substance,
)
