"""What plain MkDocs and mike commands may do in this repository.

Anyone who knows MkDocs may type its commands here, and the hook sees each of them
(``on_startup`` names the command). Most are fine: ``mkdocs build`` and ``mkdocs serve``
build the newest cohort, ``mike deploy <id>`` builds cohort ``<id>``. One is not:
``mkdocs gh-deploy`` replaces the whole ``gh-pages`` branch with one build, deleting
every released cohort, so it stops before it touches anything. README.md has the table.
"""

from __future__ import annotations

from pathlib import Path

from ..layout import COHORTS_DIR
from ..settings import COHORT, Settings


class Refused(Exception):
    """Why a command may not run here, in Norwegian, with what to run instead."""


GH_DEPLOY = (
    "mkdocs gh-deploy er slått av i Verktøykassa: den ville erstattet hele gh-pages-grenen "
    "med ett bygg og slettet alle utgitte kull. Gi ut et kull med «toolkit release KULL» "
    "(se docs-dev/release.md); ingenting er endret."
)


def cohort_for(root: Path, command: str, settings: Settings) -> str | None:
    """The cohort a MkDocs command builds (None: the newest), or ``Refused``.

    Under mike the version being deployed (``Settings.mike_version``) is the cohort:
    ``mike deploy 2026-var`` builds the spring cohort's own content, and a version that is
    no cohort stops the build before mike commits anything. ``toolkit release`` sets both;
    they must agree."""
    if command == "gh-deploy":
        raise Refused(GH_DEPLOY)
    mike, chosen = settings.mike_version, settings.cohort
    if mike and chosen and mike != chosen:
        raise Refused(f"mike bygger versjonen «{mike}», men {COHORT} sier kullet «{chosen}». "
                      f"Versjonen er kullet: fjern {COHORT}, eller bruk «toolkit release {chosen}».")
    if mike:
        known = sorted(p.stem for p in (root / COHORTS_DIR).glob("*.y*ml"))
        if mike not in known:
            raise Refused(f"mike deploy {mike}: «{mike}» er ikke et kull (kjente kull: {', '.join(known) or 'ingen'}). "
                          "Hver versjon her er ett kull; gi det ut med «toolkit release KULL». "
                          "Ingenting er endret.")
        settings.pause("mike-building")  # a test hook (toolkit.settings.Pause); nothing in production
    return mike or chosen
