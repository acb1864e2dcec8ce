"""Which MkDocs-compatible builder ``toolkit`` runs: MkDocs 1.6 or ProperDocs, its fork.

The toolkit never imports either (it runs them as ``python -m …``); it only chooses, the
way mike 2.2 chooses for ``mike deploy``: ProperDocs when its distribution is installed,
else MkDocs. So ``toolkit build`` and a release build with the same builder.
``TOOLKIT_BUILDER=mkdocs|properdocs`` forces one (docs-dev/install.md).

Every process that runs a builder (``toolkit build``, ``serve``, ``edit``'s preview, mike
under ``toolkit release``) gets ``environment()``: Material's English notice of its end of
life is for the site's maintainers (DESIGN.md, docs-dev/install.md), not for the
editors who run the toolkit's commands.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from collections.abc import Mapping
from types import MappingProxyType

from ..build_date import BUILD_DATE, invalid

BUILDERS = ("properdocs", "mkdocs")  # mike's order of preference
VARIABLE = "TOOLKIT_BUILDER"
# Material 9.7+ prints its end-of-life notice when MkDocs starts unless the first is set
# (material/templates/__init__.py); ProperDocs has one of its own for `mkdocs` users, which
# a plugin may switch on and the second switches off (properdocs/replacement_warning.py).
QUIET = MappingProxyType({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})


class BuilderError(Exception):
    """``TOOLKIT_BUILDER`` names no builder, or one that is not installed."""


def _installed(name: str) -> bool:
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def builder(environ: Mapping[str, str] = os.environ) -> str:
    """The builder to run: ``TOOLKIT_BUILDER`` if set, else the first of ``BUILDERS`` installed.

    Raises ``BuilderError`` (a Norwegian message) if the variable names an unknown builder
    or one that is not installed, or if neither is installed, or if ``SOURCE_DATE_EPOCH``
    is set but is no time (MkDocs would stop on it with a traceback)."""
    epoch = invalid(environ)  # reproducible-builds.org; MkDocs dates the sitemap by it
    if epoch is not None:
        raise BuilderError(f"{BUILD_DATE}={epoch!r} er ikke et tidspunkt; oppgi sekunder siden "
                           "1970-01-01 UTC, eller fjern variabelen")
    forced = environ.get(VARIABLE, "").strip()
    if forced:
        if forced not in BUILDERS:
            raise BuilderError(f"{VARIABLE}={forced!r} er ingen byggemotor; velg {' eller '.join(BUILDERS)}")
        if not _installed(forced):
            raise BuilderError(f"{VARIABLE}={forced}, men {forced} er ikke installert i dette miljøet")
        return forced
    for name in BUILDERS:
        if _installed(name):
            return name
    raise BuilderError("verken MkDocs eller ProperDocs er installert; kjør make site")


def command(*args: str, environ: Mapping[str, str] = os.environ) -> list[str]:
    """The command line that runs the chosen builder with ``args`` (``build …``, ``serve …``)
    under this Python, so that it builds with the packages the toolkit sees."""
    return [sys.executable, "-m", builder(environ), *args]


def environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """``environ`` for a process that runs the builder (or mike, which runs it): as it is,
    without Material's end-of-life notice."""
    return {**environ, **QUIET}
