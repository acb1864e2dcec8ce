"""Meeting plans (``content/moteplaner/``): ready-made agendas for a leadership-group
meeting, from exercises, theory pages, pauses and free items. Each opens in the planner
(``/moteplan/``); the exercises and theory pages a plan uses list it under «Brukes i
møteplanene».

The package holds the front matter in the planner's words (``model``), the checks of the
blocks (``checks``), the page, the listing by length and ``moteplaner.json`` (``page``),
and the template ``toolkit new moteplaner`` copies (``template.md``). Other modules name
the collection by ``ID`` and its listing by ``PAGE``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ...content.collection import Collection, Uses
from ...content.items import Item
from . import checks, page
from .model import ID, MeetingPlanMeta
from .page import PAGE

__all__ = ("COLLECTION", "ID", "PAGE", "MeetingPlanMeta")


def substance(item: Item[MeetingPlanMeta]) -> Mapping[str, str]:
    """What changes a plan in substance besides its title, description and themes: its length."""
    return {"duration": str(item.meta.minutes)}


COLLECTION = Collection(
    id=ID,
    label="Møteplan",
    plural="Møteplaner",
    model=MeetingPlanMeta,
    render=page.render,
    intro="Ferdige agendaer for ledermøtet, fra tre kvarter til en halv dag. Åpne en i "
          "møteplanleggeren og tilpass den til deres møte.",
    template=Path(__file__).with_name("template.md"),
    order=25,
    check=checks.check_plan,
    generated=page.listing,
    reading_order=page.shortest_first,
    uses=Uses(checks.uses, "Brukes i møteplanene", page.length),
    substance=substance,
)
