"""The MkDocs side of Verktøykassa, as one plugin object: each MkDocs event, a few lines.

``hooks/verktoykassa.py`` hands every event of a build to one ``ToolkitPlugin``, which
holds the build's state (and, under ``mkdocs serve``, the preview's across rebuilds):
the pipeline's pages, the content cache, the preview's page store. The work is done by
``toolkit.pipeline``, which knows nothing of MkDocs; the modules beside this one are the
MkDocs side too: the options in mkdocs.yml (``config``), what plain MkDocs and mike
commands may do (``ecosystem``), the templates' context (``context``), the preview's page
store (``preview``), the problems it shows on every page (``overlay``), the Pagefind index
of a built site (``pagefind``), the second process converting a build's pages (``render``)
and byte ranges for ``mkdocs serve`` (``byte_ranges``). The
build's settings (``toolkit.settings``) are read in ``on_config``: the environment over
mkdocs.yml's options.

The preview (``mkdocs serve``, which ``make serve`` runs) differs from a build in two
ways, decided here from MkDocs' command as MkDocs decides for its own ``draft_docs``:
it shows the cohort's drafts, each with a banner and marked in the navigation, and it
never stops on the content's errors: it shows them on every page, in Norwegian, and
keeps serving.

It runs under MkDocs 1.6 and under ProperDocs, its maintained fork, which answers the
same imports.
"""

from __future__ import annotations

import functools
import gc
import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import escape, pipeline
from ..collections import registry
from ..content.cache import Cache
from ..content.collection import Registry
from ..problems import ContentError, Problem, errors_in
from ..settings import Settings, SettingsError, current
from ..writing import SITE, UnsafeTarget, claim_folder
from . import assets, ecosystem, overlay, pagefind, preview, render
from .byte_ranges import ByteRanges
from .config import OptionsError, options
from .context import template_context
from .later import LaterFile

if TYPE_CHECKING:  # the preview's alone: a build does not import MkDocs' server or watchdog
    from mkdocs.livereload import LiveReloadServer

# MkDocs warns on every dirty build that the navigation may be stale. Ours is not (the
# page store rebuilds every page whose navigation changed), and ``strict: true`` would
# turn the warning into a failed preview. Matched on the logger object of the module
# that logs it, whatever the builder calls it (``mkdocs.…`` or ``properdocs.…``).
DIRTY_WARNING = "A 'dirty' build is being performed"


def _text(page: pipeline.Page) -> str:
    """A generated page's Markdown, made when MkDocs reads it."""
    return page.content or ""


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(DIRTY_WARNING)


# The name of the builder's loggers (``mkdocs`` or ``properdocs``), whose warnings a strict
# build stops on; the preview shows them on its pages too.
BUILDER_LOGGER = mkdocs_build.log.name.split(".")[0]
log = logging.getLogger(f"{BUILDER_LOGGER}.plugins.toolkit")

# What Material's page reads of its search index: the settings it writes beside the pages
# (``material.plugins.search``), which the preview keeps in search_index.json.
SEARCH_SETTINGS = ("lang", "separator", "pipeline", "fields")

# The page meta key that marks a draft's page for the banner (overrides/main.html).
DRAFT_META = "toolkit_draft"


class _Warnings(logging.Handler):
    """Keeps the message of every warning the builder logs during a preview's build: those
    of the thread that builds (``start``), not the server's (a 404 is logged as a warning)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.thread: int | None = None

    def start(self) -> None:
        self.messages, self.thread = [], threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


class ToolkitPlugin(BasePlugin):
    """The state of one MkDocs process's builds, and a method per event it needs."""

    def __init__(self) -> None:
        self.command: str | None = None  # build, serve, gh-deploy, or mike (mike's own process)
        self.settings = Settings()  # this build's (toolkit.settings), read in on_config
        self.registry: Registry | None = None  # the collections the settings name
        self.cohort: str | None = None  # the cohort to build (None: the newest)
        self.serving = False  # `mkdocs serve`: drafts shown, errors on the page instead of a stop
        self.incremental = False  # `mkdocs serve --dirty` (make serve): rebuild only what changed
        self.cache: Cache | None = None  # parsed content, kept across the preview's rebuilds
        self.build: pipeline.Build | None = None
        self.preview: preview.Preview | None = None
        self.theme_listing = preview.ThemeListing()  # under the preview: the theme's files, listed once
        self.sources: dict[str, Path] = {}  # under the preview: the file MkDocs reads each page from
        self.pages: set[str] = set()  # the URL of every page of this build
        self.rebuilt: set[str] = set()  # the URL of every page built this time
        self.assets = assets.Plan([], {}, set())  # this build's hashed stylesheets and scripts
        self.drafts: set[str] = set()  # the page paths of the drafts this build shows
        self.errors: list[Problem] = []  # under the preview: the content's errors at the last build
        self.warnings = _Warnings()  # under the preview: the builder's warnings during the last build
        self.urls: dict[str, str] = {}  # page path → URL, of the pages the preview serves
        self.overlay = b""  # under the preview: the box of problems every page shows (overlay)
        self.index: pagefind.Index | None = None  # a build's Pagefind index, fed page by page
        self.renderer: render.Renderer | None = None  # a build's second process converting pages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if command == "gh-deploy":  # it would replace every released cohort: stop before anything
            raise Abort(ecosystem.GH_DEPLOY)
        self.command, self.preview = command, None
        self.serving = command == "serve"  # `mkdocs serve --clean` says "build": no drafts, as MkDocs' own
        self.incremental = self.serving and dirty
        if self.incremental:
            mkdocs_build.log.addFilter(_not_dirty_warning)
        if self.serving:
            logging.getLogger(BUILDER_LOGGER).addHandler(self.warnings)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.cache = self.cache if self.incremental and self.cache else Cache.for_project(root)
        try:  # the environment over mkdocs.yml's extra.toolkit (toolkit.mkdocs_plugin.config)
            chosen = options(config.extra, config.config_file_path)
            self.settings = current().with_config(search=chosen.search, assets=chosen.assets)
        except (OptionsError, SettingsError) as exc:
            raise Abort(str(exc)) from None
        self.registry = registry(self.settings.collections)
        try:  # under mike the version deployed is the cohort, and one that is no cohort stops
            self.cohort = ecosystem.cohort_for(root, self.command or "build", self.settings)
        except ecosystem.Refused as exc:
            raise Abort(str(exc)) from None
        self.warnings.start()
        try:
            build = pipeline.build(root, self.cohort, self.registry, self.cache, include_drafts=self.serving,
                                   today=self.settings.build_date, later=not self.serving)
        except ContentError as exc:
            print(exc, file=sys.stderr)  # the same list as `toolkit check`, where CLI errors go
            if not self.serving:  # (`mkdocs serve --clean` stops too, and shows them on its pages)
                self.errors = exc.problems
                raise Abort("Innholdet har feil; ingenting er bygget.") from None
            build = self._preview_despite_errors(root, config, exc.problems)
        else:
            if self.errors:
                print("Feilene er rettet; forhåndsvisningen viser innholdet slik det er nå.", file=sys.stderr)
            self.errors = []
            for problem in build.problems:  # warnings: printed, not logged, so strict mode goes on
                print(problem, file=sys.stderr)
        self.build = build
        self.drafts = {item.page_path for item in build.site.items if item.meta.draft}
        config.nav = pipeline.expand_nav(config.nav or [], self.build.nav, self.build.sections)
        config.extra.update(template_context(self.build.site.cohort, self.settings))
        if not config.extra["mike_version"]:  # outside a mike build there is no versions.json to ask for
            config.extra.pop("version", None)
        config.extra["pagefind"] = pagefind.uses_pagefind(self.command, self.settings.search)
        config.extra["search_kinds"] = pagefind.result_kinds(self.build.site.registry)  # overrides/main.html
        self._plan_assets(config)
        if self.incremental:
            self._update_preview(root, config)
        self._keep_till_the_end()
        return config

    def _keep_till_the_end(self) -> None:
        """In a build, what exists now lives until the process ends (the content, the site,
        the pages read): Python's collector is told to stop looking at it (``gc.freeze``).
        Each of its full collections went through all of that again while MkDocs rendered
        the pages, a tenth of a second at 200 items and more with every item. Not in the
        preview, which rebuilds for hours: there each build's objects must go."""
        if not self.serving:
            gc.freeze()

    def _preview_despite_errors(self, root: Path, config: MkDocsConfig, errors: list[Problem]) -> pipeline.Build:
        """The preview goes on with the pages of its last build, or, with none yet, with
        what can be built without the broken files; the errors go on every page."""
        self.errors = errors
        try:
            build = self.build or pipeline.build(root, self.cohort, self.registry, self.cache, include_drafts=True,
                                                 despite_errors=True, today=self.settings.build_date)
        except ContentError as exc:  # no cohort to show (TOOLKIT_COHORT names none): nothing to serve
            raise Abort(str(exc)) from None
        if build.errors:  # links to the files left out are no second problem: their own errors show
            config.validation.links.not_found = config.validation.links.anchors = logging.DEBUG
            shown = "sidene uten feil; sidene med feil kommer når de er rettet"
        else:
            shown = "sidene slik de var før feilen"
        print(f"Innholdet har {len(errors)} feil (listen over). Forhåndsvisningen viser {shown}, "
              "og feilene på hver side.", file=sys.stderr)
        return build

    def _plan_assets(self, config: MkDocsConfig) -> None:
        """A build that readers get serves our stylesheets and scripts as one content-hashed
        file each, and the finder's script, the search worker and the favicon under hashed
        names, so browsers keep them for a year (docs-dev/web-server.md); not the preview."""
        self.assets = assets.Plan([], {}, set())
        if not assets.uses_hashed_assets(self.command, self.settings.assets):
            return
        try:
            self.assets = assets.plan(Path(config.docs_dir), list(config.extra_css),
                                      [str(script) for script in config.extra_javascript])
        except assets.AssetError as exc:
            raise Abort(str(exc)) from None
        config.extra_css, config.extra_javascript = [self.assets.bundles[0].path], [self.assets.bundles[1].path]

    def _update_preview(self, root: Path, config: MkDocsConfig) -> None:
        """Under the preview, MkDocs reads every page from the page store (``preview``)."""
        assert self.build is not None
        self.preview = self.preview or preview.Preview(root)
        self.preview.before_build()
        config.watch.append(str(self.preview.trigger_dir))  # touched when pages wait for a second rebuild
        pages = preview.site_markdown(self.build.docs, ((p.path, p.content) for p in self.build.pages))
        theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        shared = preview.surroundings(root, Path(config.config_file_path), theme, config.extra)
        # What each page's own file says: the item as loaded (its front matter, body and
        # bundle files), a hand-written page's text. A save puts the pages it edited first.
        sources: dict[str, object] = {item.page_path: item for item in self.build.site.items}
        sources.update(self.build.docs)
        config.nav, self.sources = self.preview.update(pages, config.nav or [], shared, sources)
        self._list_theme_once(config, shared)

    def _list_theme_once(self, config: MkDocsConfig, shared: str) -> None:
        """This rebuild's Jinja environment lists the theme's files from the preview's
        memory (``preview.ThemeListing``) while the theme and ``mkdocs.yml`` are the same."""
        make_env = config.theme.get_env

        def get_env() -> jinja2.Environment:
            env = make_env()
            env.list_templates = self.theme_listing.listing(shared, env.list_templates)  # type: ignore[method-assign]
            return env

        config.theme.get_env = get_env  # type: ignore[method-assign]

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        app = server.get_app()
        if app is not None:  # a recording's video seeks in the preview; every page shows the problems
            server.set_app(ByteRanges(overlay.Overlay(app, lambda: self.overlay)))
        server.builder = self._guarded(server.builder, config)
        # What `mkdocs serve` watches before this event (config.watch is added after it), on an
        # observer that polls more often; it starts after this event. Anything else watched by
        # then (--watch-theme, a plugin) keeps MkDocs' own observer.
        if not self.incremental:
            return server
        paths = [config.docs_dir, config.config_file_path]
        if len(server.observer.emitters) == len(paths):
            for path in paths:
                server.unwatch(path)
            from watchdog.observers.polling import PollingObserver  # the preview's alone

            server.observer = PollingObserver(timeout=preview.poll_seconds([config.docs_dir, *config.watch]))
            for path in paths:
                server.watch(path)
            server.build_delay = preview.SETTLE_SECONDS
        return server

    def _guarded(self, rebuild: Any, config: MkDocsConfig) -> Any:
        """The server's rebuild, which never fails. MkDocs' server answers no page while a
        rebuild has failed ("the server will appear stuck"); instead, what stopped it is
        shown on every page, and the next save tries again."""

        def guarded() -> None:
            try:
                rebuild()
            except Exception as exc:  # a strict build's warnings, a template's error, …
                log.debug("The preview's rebuild failed", exc_info=True)
                if self.warnings.messages:  # strict mode: MkDocs stops on the warnings it logged
                    print("MkDocs stoppet på advarslene over, slik en bygging ville gjort. "
                          "De vises på hver side til de er rettet.", file=sys.stderr)
                    stopped = []
                else:
                    print(f"Forhåndsvisningen ble ikke bygget ferdig: {exc}", file=sys.stderr)
                    stopped = [f"Byggingen stoppet: {exc}"]
                self._show_problems(config, stopped)

        return guarded

    def _show_problems(self, config: MkDocsConfig, stopped: list[str] | None = None) -> None:
        """The box of problems for every page (``overlay``): the content's errors, each
        with a link to its page when the preview serves one, the builder's warnings (which
        stop a strict build), and what stopped the build."""
        by_source = {item.path: (item.page_path, item.meta.title) for item in self.build.site.items} \
            if self.build is not None else {}
        mount = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        shown = []
        for problem in self.errors:
            page, title = by_source.get(problem.path, (problem.path.removeprefix("docs/"), None))
            url = self.urls.get(page)
            shown.append(overlay.Shown(str(problem), None if url is None else mount + url, title))
        shown += [overlay.Shown(f"MkDocs: {message}") for message in self.warnings.messages]
        shown += [overlay.Shown(message) for message in stopped or []]
        if self.build is not None and self.build.errors:
            note = "Forhåndsvisningen viser sidene uten feil; sider med feil mangler til de er rettet."
        elif self.errors:
            note = "Forhåndsvisningen viser sidene slik de var før feilen."
        else:
            note = "En bygging (toolkit build) ville stoppet på dette, og sidene her er kanskje ikke oppdatert."
        self.overlay = overlay.box(shown, note)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.rebuilt.clear()
        if self.command == "build":  # before MkDocs empties site_dir: never the project or others' files
            try:
                claim_folder(Path(config.config_file_path).parent, Path(config.site_dir), SITE,
                             mark=not config.extra["mike_version"])  # mike commits what site_dir holds
            except UnsafeTarget as exc:
                raise Abort(f"mkdocs build: {exc}") from None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        for page in self.build.pages:
            hand_written = files.get_file_from_path(page.path)
            if hand_written is not None:  # a docs/ page the pipeline filled in (the front page)
                files.remove(hand_written)
            if page.later and page.path not in self.sources:  # made when MkDocs reads it (later.py)
                files.append(LaterFile.of(config, page.path, functools.partial(_text, page)))
            elif page.content is not None and page.path not in self.sources:
                files.append(File.generated(config, page.path, content=page.content))
            else:
                source = self.sources.get(page.path, page.source)
                files.append(File.generated(config, page.path, abs_src_path=str(source)))
        for path, source in self.sources.items():  # the preview: hand-written pages from the store too
            if (file := files.get_file_from_path(path)) is not None and file.abs_src_path != str(source):
                files.remove(file)
                files.append(File.generated(config, path, abs_src_path=str(source)))
        for path in self.assets.replaced:  # bundled, or under a hashed name instead
            if (file := files.get_file_from_path(path)) is not None:
                files.remove(file)
        for asset in self.assets.bundles:
            files.append(File.generated(config, asset.path, content=asset.content))
        for path, hashed in self.assets.renamed.items():
            files.append(File.generated(config, hashed, abs_src_path=str(Path(config.docs_dir) / path)))
        if not self.serving:  # the preview's search worker: of no use in a built site
            for unused in (preview.SEARCH_WORKER, self.assets.renamed.get(preview.SEARCH_WORKER)):
                if unused and (file := files.get_file_from_path(unused)) is not None:
                    files.remove(file)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Titles are data: Material prints nav titles unescaped, so they are escaped once here."""
        stack = list(nav.items)
        while stack:
            entry = stack.pop()
            if "title" in vars(entry):  # a page's title only when the nav gives one; else its meta's
                entry.title = escape.nav_title(entry.title)
            stack += entry.children or []
        if not self.serving:  # the preview's rebuilds convert a page or two, beside the server's threads
            self.renderer = render.Renderer.start(config, files)
        return nav

    @event_priority(100)  # before any other plugin looks at a page's HTML
    def _converted(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Every page read: the ones the second process converted get their HTML."""
        renderer, self.renderer = self.renderer, None
        if renderer is not None:
            renderer.finish(config, files)
        return env

    def _env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self._settle()
        self._keep_till_the_end()  # now with every page read
        if config.extra.get("pagefind") and not self.serving:  # the preview indexes at its end (_finish)
            try:
                self.index = pagefind.Index(Path(config.site_dir))
            except pagefind.SearchIndexError as exc:
                raise Abort(f"Søkeindeksen (Pagefind) kunne ikke lages: {exc}") from None
        self.pages = {file.page.url for file in files.documentation_pages() if file.page is not None}
        self.urls = {file.src_uri: file.url for file in files.documentation_pages()}
        if self.incremental:  # MkDocs makes a new environment per rebuild: keep the compiled templates
            cache = Path(config.config_file_path).parent / preview.TEMPLATE_CACHE_DIR
            cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
        return env

    def _settle(self) -> None:
        """Before MkDocs writes anything: wait for the work left going beside the rendering
        (a recording's captions, ``pipeline.build(later=True)``), and stop on its errors as
        on any content error, every one of them listed."""
        if self.build is None:
            return
        found = self.build.settle()
        errors = errors_in(found)
        if errors:
            print(ContentError(errors), file=sys.stderr)
            self.errors = errors
            raise Abort("Innholdet har feil; ingenting er bygget.")
        for problem in found:  # warnings
            print(problem, file=sys.stderr)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.meta.update(escape.page_meta(page.meta))  # Material prints these unescaped (toolkit.escape)
        if page.file.src_uri in self.drafts:  # only the preview has drafts: the banner (overrides/main.html)
            page.meta[DRAFT_META] = True
        if config.extra.get("pagefind"):  # Pagefind indexes the site: skip Material's index, cut anyway
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if self.renderer is not None:  # converted by the second process while it has room (render.py)
            page.render = functools.partial(self.renderer.render, page)  # type: ignore[method-assign]
        return markdown

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        self.rebuilt.add(page.url)
        return context

    @event_priority(-100)  # the page as written: after every other plugin's changes
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = self._hashed_references(output, page.url, config)
        if self.index is not None:
            self.index.add(page.file.dest_uri, output)
        return output

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # the 404 page; not the sitemap
            return output
        return self._hashed_references(output, template_name, config)

    def _hashed_references(self, html: str, url: str, config: MkDocsConfig) -> str:
        """A page's links to our scripts and stylesheets under their hashed names, and
        Material's search pointed at our Pagefind worker when the build has an index, or
        under the preview at the preview's worker (which runs Material's)."""
        worker = pagefind.WORKER if config.extra.get("pagefind") else None
        html = assets.page_references(html, url, self.assets.renamed, urlsplit(config.site_url or "/").path, worker)
        if worker is None and self.serving:  # the preview's: Material's, its index fetched off the page
            html = pagefind.point_search_worker(html, preview.SEARCH_WORKER, material=True)
        return html

    @event_priority(100)  # before Material's search plugin writes search_index.json
    def _merge_search(self, *, config: MkDocsConfig) -> None:
        """Material keeps the preview's search index right only when one page was rebuilt;
        after a save that rebuilds several, the pages not rebuilt keep their entries."""
        search = config.plugins.get("material/search")
        previous = getattr(search, "search_index_prev", None)
        if self.incremental and search is not None and previous is not None:
            fresh = search.search_index.entries
            search.search_index.entries = preview.merge_search_entries(previous.entries, fresh, self.rebuilt,
                                                                       self.pages)
            search.search_index_prev = None  # Material writes our entries as they are

    @event_priority(-100)  # after Material's search plugin has written its index
    def _finish(self, *, config: MkDocsConfig) -> None:
        if self.serving:
            self._show_problems(config)
        if self.preview is not None:
            self.preview.after_build()
        search = config.plugins.get("material/search")
        if self.serving and not config.extra.get("pagefind") and search is not None:
            preview.move_search_index(Path(config.site_dir), {key: search.config[key] for key in SEARCH_SETTINGS})
        if config.extra.get("pagefind"):
            index, self.index = self.index, None
            try:
                if index is not None:
                    index.write()
                else:
                    pagefind.index_site(Path(config.site_dir))
            except pagefind.SearchIndexError as exc:
                raise Abort(f"Søkeindeksen (Pagefind) kunne ikke lages: {exc}") from None

    def on_build_error(self, *, error: Exception) -> None:
        """A build that failed leaves no Pagefind service and no second process behind."""
        index, self.index = self.index, None
        if index is not None:
            index.close()
        renderer, self.renderer = self.renderer, None
        if renderer is not None:
            renderer.close()

    on_env = CombinedEvent(_converted, _env)
    on_post_build = CombinedEvent(_merge_search, _finish)
