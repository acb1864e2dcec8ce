"""«Nytt i dette kullet»: what is new or changed in this cohort's toolkit since the last one.

Every version of the site gets the page, so the front page can always link to it: the
first cohort says it is the first. What a cohort's content is, and what counts as a
change, is ``toolkit.content.changes``'s business; this module only writes the page.
"""

from __future__ import annotations

from .. import escape
from ..content.changes import SUBSTANCE, Changes, Summary
from ..content.cohorts import Cohort
from ..partials.item import front_matter, md_link_target
from ..site import Site

PAGE = "nytt-i-kullet.md"
TITLE = "Nytt i dette kullet"


def _text(value: str) -> str:
    """Data as plain text in Markdown: no HTML, no Markdown syntax."""
    return escape.md(value)


def _link(summary: Summary, site: Site) -> str:
    item = site.by_id.get(summary.id)
    if item is None:  # not in this version (it was removed): no link to follow
        return _text(summary.title)
    return f"[{_text(summary.title)}]({md_link_target(PAGE, item.page_path)})"


def _kind(summary: Summary, site: Site) -> str:
    """What one item of its collection is called, as on the front page's cards («øvelse»)."""
    collection = site.registry.get(summary.collection)
    return collection.label.lower() if collection else summary.collection


def render(site: Site, previous: Cohort | None, changes: Changes | None) -> str:
    cohort = site.cohort
    description = (f"Sider som er nye eller endret i verktøykassa for {cohort.title}."
                   if cohort else "Sider som er nye eller endret i verktøykassa.")
    out = [front_matter(title=TITLE, description=description), f"# {TITLE}\n\n"]
    if cohort is None:
        return "".join(out) + "Ingen kull er lagt inn ennå.\n"
    if previous is None:
        return "".join(out) + (
            f"{_text(cohort.title)} er det første kullet med verktøykassa, så alt i den er nytt. "
            "Begynn gjerne med [øvelsene](ovelser/index.md) eller [temaene](temaer/index.md).\n"
        )
    if changes is None:
        return "".join(out) + (
            f"Vi kunne ikke sammenligne med {_text(previous.title)} da denne versjonen ble laget.\n")
    out.append(f"Her er det som er nytt eller endret i verktøykassa for {_text(cohort.title)}, "
               f"sammenlignet med {_text(previous.title)}.\n\n")
    if changes.empty:
        out.append("Ingen sider er lagt til, endret eller tatt ut siden forrige kull.\n")
        return "".join(out)
    if changes.added:
        out.append(f"## Nye sider ({len(changes.added)})\n\n")
        out += [f"- {_link(s, site)} ({_kind(s, site)})\n" for s in changes.added]
        out.append("\n")
    if changes.changed:
        out.append(f"## Endret ({len(changes.changed)})\n\n")
        out += [f"- {_link(s, site)} ({_kind(s, site)}): endret {', '.join(SUBSTANCE[f] for f in fields)}\n"
                for s, fields in changes.changed]
        out.append("\n")
    if changes.removed:
        out.append(f"## Ikke lenger med ({len(changes.removed)})\n\n")
        out += [f"- {_link(s, site)} ({_kind(s, site)})\n" for s in changes.removed]
        out.append("\n")
    return "".join(out)
