"""MkDocs hooks: hand Verktøykassa's generated pages to MkDocs.

Adapters only, one function per MkDocs event, each a few lines: the work is done by
``toolkit.pipeline``, which knows nothing of MkDocs. The cohort to build comes from
the ``TOOLKIT_COHORT`` environment variable (set by ``toolkit build --cohort``); a
release also sets the commit and build date that the footer shows. A build (``toolkit
build``, mike) gets a Pagefind search index behind Material's search dialog; the preview
(``mkdocs serve``) keeps Material's own search (``toolkit.search``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from toolkit import pipeline, release, search
from toolkit.problems import ContentError

_build: pipeline.Build | None = None
_command: str | None = None  # the mkdocs command: build, gh-deploy or serve


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    root = Path(config.config_file_path).parent
    try:
        _build = pipeline.build(root, os.environ.get("TOOLKIT_COHORT") or None)
    except ContentError as exc:
        print(exc, file=sys.stderr)  # the same list as `toolkit check`, where CLI errors go
        raise Abort("Innholdet har feil; ingenting er bygget.") from None
    for problem in _build.problems:  # warnings: printed, not logged, so strict mode keeps going
        print(problem, file=sys.stderr)
    if config.nav:
        config.nav = pipeline.expand_nav(config.nav, _build.nav)
    config.extra.update(release.template_context(_build.site.cohort, os.environ))
    if not config.extra["mike_version"]:  # outside a mike build there is no versions.json to ask for
        config.extra.pop("version", None)
    config.extra["pagefind"] = search.uses_pagefind(_command, os.environ)  # read by overrides/main.html
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build is not None
    for page in _build.pages:
        hand_written = files.get_file_from_path(page.path)
        if hand_written is not None:  # a docs/ page the pipeline filled in (the front page)
            files.remove(hand_written)
        if page.content is not None:
            files.append(File.generated(config, page.path, content=page.content))
        else:
            files.append(File.generated(config, page.path, abs_src_path=str(page.source)))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    if config.extra.get("pagefind"):
        try:
            search.index_site(Path(config.site_dir))
        except search.SearchIndexError as exc:
            raise Abort(f"Søkeindeksen (Pagefind) kunne ikke lages: {exc}") from None
