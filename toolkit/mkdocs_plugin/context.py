"""What the theme templates are told about the build, through ``config.extra``.

The header shows the cohort's title, the footer of a released version where it came
from («Kull høsten 2026: bygget 27. november 2026 fra commit 1a2b3c4»), and the outdated
notice needs to know whether mike is building a version (only then are there versions
around it). The cohort comes from the pipeline; the stamp and mike's version from the
settings (``toolkit.settings``: ``toolkit release`` hands them to the build mike runs).
"""

from __future__ import annotations

import datetime as dt

from .. import norsk
from ..content.cohorts import Cohort
from ..settings import Settings


def template_context(cohort: Cohort | None, settings: Settings) -> dict:
    """``cohort`` (id, title), ``release`` (commit, short commit, the build's date in
    Norwegian) and ``mike_version``, each None where there is none."""
    release = None
    stamp = settings.stamp
    if stamp is not None:
        try:
            built = norsk.date(dt.datetime.fromisoformat(stamp.built).date())
        except ValueError:
            built = ""
        release = {"commit": stamp.commit, "short": stamp.short, "built": built}
    return {
        "cohort": {"id": cohort.id, "title": cohort.title} if cohort is not None else None,
        "release": release,
        # The version mike is building (it sets this for every build it runs), else None.
        "mike_version": settings.mike_version,
    }
