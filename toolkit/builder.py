"""Which MkDocs-compatible builder ``toolkit`` runs: MkDocs 1.6 or ProperDocs, its fork.

The toolkit never imports either (it runs them as ``python -m …``); it only chooses, the
way mike 2.2 chooses for ``mike deploy``: ProperDocs when its distribution is installed,
else MkDocs. So ``toolkit build`` and a release build with the same builder.
``TOOLKIT_BUILDER=mkdocs|properdocs`` forces one (``Settings.builder``; docs-dev/install.md).
It has three users, the ``toolkit`` command (``build``, ``serve``), the editor's preview
and the release (mike's environment), so it is a helper beside the command rather than a
part of any one of them; it imports nothing but the settings, and the command starts light.

Every process that runs a builder (``toolkit build``, ``serve``, ``edit``'s preview, mike
under ``toolkit release``) gets ``environment()``: Material's English notice of its end of
life is for the site's maintainers (DESIGN.md, docs-dev/install.md), not for the
editors who run the toolkit's commands.
"""

from __future__ import annotations

import importlib.metadata
import sys
from types import MappingProxyType

from .settings import BUILD_DATE, BUILDER, BUILDERS, Settings

# Material 9.7+ prints its end-of-life notice when MkDocs starts unless the first is set
# (material/templates/__init__.py); ProperDocs has one of its own for `mkdocs` users, which
# a plugin may switch on and the second switches off (properdocs/replacement_warning.py).
QUIET = MappingProxyType({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})


class BuilderError(Exception):
    """The builder ``TOOLKIT_BUILDER`` names is not installed, or none is."""


def _installed(name: str) -> bool:
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def builder(settings: Settings) -> str:
    """The builder to run: the one ``settings`` name, else the first of ``BUILDERS`` installed.

    Raises ``BuilderError`` (a Norwegian message) if the named builder is not installed,
    or if neither is, or if ``SOURCE_DATE_EPOCH`` is set but is no time (MkDocs would
    stop on it with a traceback)."""
    epoch = settings.invalid_epoch  # reproducible-builds.org; MkDocs dates the sitemap by it
    if epoch is not None:
        raise BuilderError(f"{BUILD_DATE}={epoch!r} er ikke et tidspunkt; oppgi sekunder siden "
                           "1970-01-01 UTC, eller fjern variabelen")
    if settings.builder is not None:
        if not _installed(settings.builder):
            raise BuilderError(f"{BUILDER}={settings.builder}, men {settings.builder} er ikke installert "
                               "i dette miljøet")
        return settings.builder
    for name in BUILDERS:
        if _installed(name):
            return name
    raise BuilderError("verken MkDocs eller ProperDocs er installert; kjør make site")


def command(settings: Settings, *args: str) -> list[str]:
    """The command line that runs the chosen builder with ``args`` (``build …``, ``serve …``)
    under this Python, so that it builds with the packages the toolkit sees."""
    return [sys.executable, "-m", builder(settings), *args]


def environment(settings: Settings) -> dict[str, str]:
    """The environment of a process that runs the builder (or mike, which runs it): the
    settings' (``Settings.environment``), without Material's end-of-life notice."""
    return {**settings.environment(), **QUIET}
