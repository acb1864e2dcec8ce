"""Meeting plans (``content/moteplaner/``): ready-made agendas for a leadership-group
meeting, from exercises, theory pages, pauses and free items. Each opens in the planner
(``/moteplan/``); the exercises and theory pages a plan uses list it under «Brukes i
møteplanene»."""

from __future__ import annotations

from pathlib import Path

from ..content import meeting_plans
from ..content.collection import Collection
from ..content.models import MeetingPlanMeta
from ..pages import meeting_plan

COLLECTION = Collection(
    id="moteplaner",
    label="Møteplan",
    plural="Møteplaner",
    model=MeetingPlanMeta,
    render=meeting_plan.render,
    intro="Ferdige agendaer for ledermøtet, fra tre kvarter til en halv dag. Åpne en i "
          "møteplanleggeren og tilpass den til deres møte.",
    template=Path(__file__).parent.parent / "templates" / "moteplaner.md",
    order=25,
    check=meeting_plans.check_plan,
    listing=meeting_plan.listing,
    reading_order=meeting_plan.shortest_first,
    uses=meeting_plans.uses,
    used_in_heading="Brukes i møteplanene",
)
