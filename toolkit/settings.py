"""Every setting of a toolkit run, read once into one frozen object and handed down.

A process of the toolkit makes its ``Settings`` where it starts, and nowhere else: the
``toolkit`` command in ``cli.main`` (the command line's options over the environment),
and the MkDocs adapter in ``on_config`` (the environment over ``extra.toolkit`` in
mkdocs.yml, ``toolkit.mkdocs_plugin.config``), since MkDocs, ProperDocs and mike's builds
run in processes of their own. Whatever needs a setting is given the object (or the one
value it needs); no other module of the package reads the environment.

Precedence, highest first: the command line, the environment, mkdocs.yml, the default.

Between processes the environment stays the transport. The ``toolkit`` command starts
MkDocs and mike as programs, so what it must tell them (``--cohort``, a release's stamp,
a test's pause) goes into the child's environment, written by ``Settings.environment``
under the variables named below, and the child's ``Settings`` reads it back. Each
variable is named here once; everything else in the environment (``HOME``, git's
variables, ``PYTHONPATH``) is handed on to children as it came.

Standard library only: the ``toolkit`` command imports this before anything else and
must start light (docs-dev/performance.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

# --- the variables, each named once ------------------------------------------------------

#: The cohort to build: set by ``--cohort`` of ``toolkit build``/``serve``/``export-markdown``,
#: by ``toolkit release ID`` for mike's build, and by hand (``TOOLKIT_COHORT=ID mkdocs serve``).
COHORT = "TOOLKIT_COHORT"
#: The address the site is served from. mkdocs.yml reads it itself (``site_url: !ENV``);
#: ``toolkit release`` says when it is not set.
SITE_URL = "TOOLKIT_SITE_URL"
#: ``mkdocs`` or ``properdocs``: which builder the toolkit runs (``toolkit.builder``).
BUILDER = "TOOLKIT_BUILDER"
#: ``pagefind`` or ``material``: the search a build gets (``toolkit.mkdocs_plugin.pagefind``).
SEARCH = "TOOLKIT_SEARCH"
#: ``hashed`` or ``plain``: our stylesheets and scripts bundled under hashed names, or not
#: (``toolkit.mkdocs_plugin.assets``).
ASSETS = "TOOLKIT_ASSETS"
#: More collection modules, by import path, comma-separated (``toolkit.collections.registry``).
COLLECTIONS = "TOOLKIT_COLLECTIONS"
#: The nginx program for ``toolkit serve --versions``; a name that is no program means none.
NGINX = "TOOLKIT_NGINX"
#: Where programs are looked for (nginx; mike finds the builder there).
PATH = "PATH"
#: reproducible-builds.org's build date, in seconds since 1970-01-01 UTC; MkDocs dates the
#: sitemap by it too.
BUILD_DATE = "SOURCE_DATE_EPOCH"
#: A release's stamp for the footer: the source commit and the build time, set by
#: ``toolkit release`` for the build mike runs.
COMMIT = "TOOLKIT_COMMIT"
BUILT = "TOOLKIT_BUILD_DATE"
#: The version mike is building: mike 2.2.0 sets it for the build it runs
#: (mike/mkdocs_utils.py, ``docs_version_var``). Read, never set by the toolkit.
MIKE_VERSION = "MIKE_DOCS_VERSION"
#: Tests only: ``<point>=<file>`` holds a release at a named point (``Pause``).
TEST_PAUSE = "TOOLKIT_TEST_PAUSE"

#: The builders the toolkit can run, in mike's order of preference.
BUILDERS = ("properdocs", "mkdocs")
#: The searches a build can get (``auto``: Pagefind for a build, Material's for the preview).
SEARCHES = ("pagefind", "material")
#: How a build serves our stylesheets and scripts (``auto``: hashed for a build, plain for the preview).
ASSET_MODES = ("hashed", "plain")
#: The value that leaves a choice to the toolkit, as if the setting were not given.
AUTO = "auto"

LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last second a date can hold


class SettingsError(ValueError):
    """A setting that cannot be used, in Norwegian, naming where it came from."""


def epoch_day(value: str) -> dt.date | None:
    """The UTC date of a ``SOURCE_DATE_EPOCH`` value, or None if it is no such time."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or int(value) > LAST_EPOCH:
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC).date()


@dataclass(frozen=True)
class Stamp:
    """Where a released version came from: the source commit and when it was built (ISO
    8601 with its offset, as ``versions.json`` records it)."""

    commit: str
    built: str

    @property
    def short(self) -> str:
        return self.commit[:7]


#: The points a test can hold a release at (``Pause``), in the order a release passes them.
POINTS = ("locked", "mike-building", "deployed", "ordered", "published")


@dataclass(frozen=True)
class Pause:
    """A test hook, not a feature: hold the process at a named point of a release.

    The process that reaches ``point`` writes its pid to ``file`` and waits until the file
    is removed, so ``tests/test_release_kill.py`` kills a release at exact moments instead
    of sleeping and hoping. Production never sets it; unset, ``Settings.pause`` returns at
    once. The points, in the order a release passes them:

    - ``locked``: the lock is taken and the worktree of HEAD made; mike has not started;
    - ``mike-building``: in the build mike runs (the adapter's ``on_config``, through
      ``toolkit.mkdocs_plugin.ecosystem``), before anything is built;
    - ``deployed``: mike has committed the version to the release's scratch branch;
    - ``ordered``: the scratch branch is complete (aliases, root redirect, versions.json);
    - ``published``: ``gh-pages`` has been moved to it; the scratch branch is not yet removed.
    """

    point: str
    file: Path

    def hold(self) -> None:
        partial = self.file.with_name(self.file.name + ".partial")
        partial.write_text(f"{os.getpid()}\n", encoding="utf-8")
        partial.replace(self.file)  # the test never reads half a pid
        while self.file.exists():
            time.sleep(0.02)


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Settings:
    """One run's settings. ``None`` (or an empty value) is "not given": the toolkit decides."""

    cohort: str | None = None  # None: the newest cohort
    site_url: str | None = None
    builder: str | None = None  # one of BUILDERS; None: the first installed
    search: str | None = None  # one of SEARCHES; None: by the MkDocs command
    assets: str | None = None  # one of ASSET_MODES; None: by the MkDocs command
    collections: tuple[str, ...] = ()  # more collection modules, by import path
    nginx: str | None = None  # the nginx program; None: looked for on ``path``
    path: str = ""
    build_epoch: str | None = None  # SOURCE_DATE_EPOCH as given (it may be no time: ``invalid_epoch``)
    stamp: Stamp | None = None  # only in the build a release runs
    mike_version: str | None = None  # only in a build mike runs
    test_pause: Pause | None = None  # only in tests
    #: The clock's date when the settings were made: the build's date unless ``build_epoch`` says another.
    today: dt.date = field(default_factory=dt.date.today)
    #: The rest of the environment the process was started with, handed on to its children.
    inherited: Mapping[str, str] = field(default_factory=_empty, repr=False, compare=False)

    @property
    def build_date(self) -> dt.date:
        """The build's one date: ``SOURCE_DATE_EPOCH``'s (UTC) when it is a time, else today."""
        return (epoch_day(self.build_epoch) if self.build_epoch is not None else None) or self.today

    @property
    def invalid_epoch(self) -> str | None:
        """``SOURCE_DATE_EPOCH``'s value if it is set but is no time, else None: MkDocs would
        stop on it with a traceback in the middle of a build, so builds refuse it first."""
        if self.build_epoch is not None and epoch_day(self.build_epoch) is None:
            return self.build_epoch
        return None

    def given(self, *, cohort: str | None = None) -> Settings:
        """These settings with the command line's options, where given (they come first)."""
        return dataclasses.replace(self, cohort=cohort or self.cohort)

    def with_config(self, *, search: str = AUTO, assets: str = AUTO) -> Settings:
        """These settings with mkdocs.yml's options (``extra.toolkit``) where the
        environment gave none: the environment comes first."""
        return dataclasses.replace(self, search=self.search or _chosen(search),
                                   assets=self.assets or _chosen(assets))

    def pause(self, point: str) -> None:
        """Wait at ``point`` while a test holds it (``Pause``); nothing in production."""
        if self.test_pause is not None and self.test_pause.point == point:
            self.test_pause.hold()

    def environment(self) -> dict[str, str]:
        """The environment for a child process: what this process was started with, and
        every setting under its variable, so that the child's ``Settings`` are these."""
        encoded = {
            COHORT: self.cohort, SITE_URL: self.site_url, BUILDER: self.builder, SEARCH: self.search,
            ASSETS: self.assets, COLLECTIONS: ",".join(self.collections) or None, NGINX: self.nginx,
            PATH: self.path or None, BUILD_DATE: self.build_epoch,
            COMMIT: self.stamp.commit if self.stamp else None, BUILT: self.stamp.built if self.stamp else None,
            MIKE_VERSION: self.mike_version,
            TEST_PAUSE: f"{self.test_pause.point}={self.test_pause.file}" if self.test_pause else None,
        }
        return {**{k: v for k, v in self.inherited.items() if k not in encoded},
                **{k: v for k, v in encoded.items() if v is not None}}


def _chosen(value: str) -> str | None:
    return None if value == AUTO else value


def _one_of(environ: Mapping[str, str], name: str, choices: tuple[str, ...], problems: list[str]) -> str | None:
    value = environ.get(name, "").strip().lower()
    if not value or value == AUTO:
        return None
    if value not in choices:
        problems.append(f"{name}={environ[name]!r} er ikke et valg her; velg {', '.join(choices)} eller {AUTO}")
        return None
    return value


def _text(environ: Mapping[str, str], name: str) -> str | None:
    return environ.get(name, "").strip() or None


def from_environment(environ: Mapping[str, str], today: dt.date | None = None) -> Settings:
    """The settings an environment gives; ``SettingsError`` names every variable that
    holds no usable value (an unknown builder, search or asset mode), all at once.

    ``SOURCE_DATE_EPOCH`` is kept as given: a build refuses one that is no time with its
    own message (``Settings.invalid_epoch``), and a release lists it among its reasons."""
    problems: list[str] = []
    builder = _one_of(environ, BUILDER, BUILDERS, problems)
    search = _one_of(environ, SEARCH, SEARCHES, problems)
    assets = _one_of(environ, ASSETS, ASSET_MODES, problems)
    if problems:
        raise SettingsError("; ".join(problems))
    commit = _text(environ, COMMIT)
    point, _, file = environ.get(TEST_PAUSE, "").partition("=")
    return Settings(
        cohort=_text(environ, COHORT),
        site_url=_text(environ, SITE_URL),
        builder=builder,
        search=search,
        assets=assets,
        collections=tuple(name.strip() for name in environ.get(COLLECTIONS, "").split(",") if name.strip()),
        nginx=environ.get(NGINX),  # as given: an empty or unknown name means "no nginx"
        path=environ.get(PATH, ""),
        build_epoch=environ.get(BUILD_DATE),
        stamp=Stamp(commit, environ.get(BUILT, "").strip()) if commit else None,
        mike_version=_text(environ, MIKE_VERSION),
        test_pause=Pause(point, Path(file)) if point and file else None,
        today=today or dt.date.today(),
        inherited=MappingProxyType(dict(environ)),
    )


def current() -> Settings:
    """This process's settings from its environment: the one place the package reads it.
    Called once where a process starts (``cli.main``, the adapter's ``on_config``)."""
    return from_environment(os.environ)
