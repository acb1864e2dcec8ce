"""The programme page of a cohort: when and where each session is, and its recording.

Facilitators print it and leaders look up the next gathering on their phone, so it is
one table in Norwegian dates and times (``torsdag 17. september 2026``,
``kl. 09.00–12.00``), with a link to the recording where a session was recorded.
"""

from __future__ import annotations

from .. import escape, norsk
from ..content.cohorts import SESSION_KINDS, Cohort
from ..content.models import Session
from ..partials.item import front_matter, item_page, md_link_target
from ..site import Site

PAGE = "program/index.md"
TITLE = "Programplan"
session_date = norsk.weekday_date
clock = norsk.clock_range


def render(site: Site) -> str:
    cohort = site.cohort
    if cohort is None:
        return (front_matter(title=TITLE, description="Programplanen for kullet.")
                + f"# {TITLE}\n\nIngen kull er lagt inn ennå.\n")
    description = f"Datoer, tider og steder for samlingene i {cohort.title}."
    out = [front_matter(title=TITLE, description=description)]
    out.append(f"# {TITLE} for {escape.md(cohort.title)}\n\n")
    out.append(
        f"Kullet varer fra {norsk.date(cohort.meta.start)} til {norsk.date(cohort.meta.end)}. "
        "Les mer om de tre tilbudene i [Om programmet](../programmet.md).\n\n"
    )
    out.append(_kinds_legend(cohort))
    sessions = cohort.sessions
    if not sessions:
        out.append("Samlingene i kullet er ikke lagt inn i programplanen ennå.\n")
        return "".join(out)
    out.append("## Samlingene\n\n")
    out.append(_table(sessions, site))
    return "".join(out)


def _kinds_legend(cohort: Cohort) -> str:
    used = [kind for kind in SESSION_KINDS if any(s.kind == kind for s in cohort.meta.sessions)]
    if not used:
        return ""
    lines = [f"- **{SESSION_KINDS[kind][0]}**: {SESSION_KINDS[kind][1]}.\n" for kind in used]
    return "".join(lines) + "\n"


def _table(sessions: list[Session], site: Site) -> str:
    """Two columns, so that the table fits a phone without scrolling sideways."""
    rows = ["| Når | Samling |\n", "|---|---|\n"]
    for session in sessions:
        when = f'**{session_date(session.date)}**<br><span class="vk-nowrap">{clock(session.start, session.end)}</span>'
        what = f"**{SESSION_KINDS[session.kind][0]}:** {escape.md(session.title)}<br>Sted: {escape.md(session.place)}"
        recording = site.by_id.get(session.recording or "")
        if recording is not None:
            target = md_link_target(PAGE, item_page(recording))
            what += f"<br>[Se opptaket: {escape.md(recording.meta.title)}]({target})"
        rows.append(f"| {when} | {what} |\n")
    return "".join(rows) + "\n"
