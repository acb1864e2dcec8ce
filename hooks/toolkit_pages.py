"""MkDocs hooks: hand Verktøykassa's generated pages to MkDocs.

Adapters only, one function per MkDocs event, each a few lines: the work is done by
``toolkit.pipeline``, which knows nothing of MkDocs. The cohort to build comes from
the ``TOOLKIT_COHORT`` environment variable (set by ``toolkit build --cohort``), or under
mike from the version it deploys (``toolkit.ecosystem``, which also stops ``mkdocs
gh-deploy``); a release also sets the commit and build date that the footer shows.
A plain ``mkdocs build`` writes only where ``toolkit build`` may (``toolkit.files``).
A build (``toolkit build``, mike) gets a Pagefind search index behind Material's search
dialog; the preview (``mkdocs serve``) keeps Material's own search (``toolkit.search``).
Under ``make serve`` (``mkdocs serve --dirty``) MkDocs reads every Markdown page from the
preview's page store, which rewrites only the pages a save changed (``toolkit.preview``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from toolkit import ecosystem, escape, pipeline, preview, release, search
from toolkit.files import SITE, UnsafeTarget, check_target
from toolkit.problems import ContentError

ROOT = Path(__file__).resolve().parent.parent  # mkdocs.yml names this file hooks/toolkit_pages.py
_build: pipeline.Build | None = None
_cohort: str | None = None  # the cohort to build (None: the newest)
_command: str | None = None  # the mkdocs command: build, gh-deploy, serve, or mike (mike's own process)
_incremental = False  # `mkdocs serve --dirty` (make serve): rebuild only what changed
_preview: preview.Preview | None = None
_sources: dict[str, Path] = {}  # under the preview: the file MkDocs reads each Markdown page from


def on_startup(command: str, dirty: bool) -> None:
    global _cohort, _command, _incremental, _preview
    try:  # `mkdocs gh-deploy` stops here; under mike the version deployed is the cohort
        _cohort = ecosystem.cohort_for(ROOT, command, os.environ)
    except ecosystem.Refused as exc:
        raise Abort(str(exc)) from None
    _command, _incremental, _preview = command, command == "serve" and dirty, None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build, _preview, _sources
    root = Path(config.config_file_path).parent
    _sources = {}
    try:
        _build = pipeline.build(root, _cohort)
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
    config.extra["pagefind"] = search.uses_pagefind(_command, os.environ)  # read by hooks/assets.py
    if _incremental:  # the pages and their sources come from the preview's page store
        _preview = _preview or preview.Preview(root)
        config.watch.append(str(_preview.trigger_dir))  # touched when pages wait for a second rebuild
        pages = preview.site_markdown(Path(config.docs_dir), ((p.path, p.content) for p in _build.pages))
        theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        shared = preview.surroundings(root, Path(config.config_file_path), theme, config.extra)
        config.nav, _sources = _preview.update(pages, config.nav or [], shared)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build is not None
    for page in _build.pages:
        hand_written = files.get_file_from_path(page.path)
        if hand_written is not None:  # a docs/ page the pipeline filled in (the front page)
            files.remove(hand_written)
        if page.content is not None and page.path not in _sources:
            files.append(File.generated(config, page.path, content=page.content))
        else:
            files.append(File.generated(config, page.path, abs_src_path=str(_sources.get(page.path, page.source))))
    for path, source in _sources.items():  # the preview: hand-written pages from the store too
        if (file := files.get_file_from_path(path)) is not None and file.abs_src_path != str(source):
            files.remove(file)
            files.append(File.generated(config, path, abs_src_path=str(source)))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Titles are data: Material prints nav titles unescaped, so they are escaped once here."""
    stack = list(nav.items)
    while stack:
        entry = stack.pop()
        if "title" in vars(entry):  # a page's title only when the nav gives one; else its meta's
            entry.title = escape.nav_title(entry.title)
        stack += entry.children or []
    return nav


def on_pre_build(config: MkDocsConfig) -> None:
    if _command == "build":  # before MkDocs empties site_dir: never the project or others' files
        try:
            check_target(Path(config.config_file_path).parent, Path(config.site_dir), SITE)
        except UnsafeTarget as exc:
            raise Abort(f"mkdocs build: {exc}") from None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    page.meta.update(escape.page_meta(page.meta))  # Material prints these unescaped (toolkit.escape)
    if config.extra.get("pagefind"):  # Pagefind indexes the site: skip Material's index, cut anyway
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    if _preview is not None:
        _preview.after_build()
    if config.extra.get("pagefind"):
        try:
            search.index_site(Path(config.site_dir))
        except search.SearchIndexError as exc:
            raise Abort(f"Søkeindeksen (Pagefind) kunne ikke lages: {exc}") from None
