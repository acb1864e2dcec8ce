"""MkDocs hooks for the preview's incremental rebuild (``make serve`` runs ``mkdocs serve
--dirty``; toolkit/preview.py chooses the pages to rebuild).

MkDocs warns on every dirty build that the navigation may be stale. Ours is not (the page
store rebuilds every page whose navigation changed), and ``strict: true`` would turn the
warning into a failed preview, so it is dropped. MkDocs makes a new Jinja environment
for every rebuild; Jinja's bytecode cache keeps the compiled templates between them.
Material's search plugin keeps the index of a dirty rebuild right only when one page was
rebuilt; after a save that rebuilds several (the item, its listing, its themes), the pages
not rebuilt keep their earlier entries here, before Material writes the index. MkDocs
looks for saved files every half second; the preview more often (``preview.poll_seconds``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserver

from toolkit.mkdocs_plugin import preview

_incremental = False
_pages: set[str] = set()  # the URL of every page of this build
_rebuilt: set[str] = set()  # the URL of every page built this time


def on_startup(command: str, dirty: bool) -> None:
    global _incremental
    _incremental = command == "serve" and dirty
    if _incremental:
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not record.getMessage().startswith("A 'dirty' build is being performed"))


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    # What `mkdocs serve` watches before this event (config.watch is added after it), on an
    # observer that polls more often; it starts after this event. Anything else watched by
    # then (--watch-theme, a plugin) keeps MkDocs' own observer.
    paths = [config.docs_dir, config.config_file_path]
    if _incremental and len(server.observer.emitters) == len(paths):
        for path in paths:
            server.unwatch(path)
        server.observer = PollingObserver(timeout=preview.poll_seconds([config.docs_dir, *config.watch]))
        for path in paths:
            server.watch(path)
    return server


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    _pages.clear()
    _pages.update(file.page.url for file in files.documentation_pages() if file.page is not None)
    if _incremental:
        cache = Path(config.config_file_path).parent / preview.TEMPLATE_CACHE_DIR
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env


def on_pre_build(config: MkDocsConfig) -> None:
    _rebuilt.clear()


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    _rebuilt.add(page.url)
    return context


@event_priority(100)  # before Material's search plugin writes search_index.json
def on_post_build(config: MkDocsConfig) -> None:
    search = config.plugins.get("material/search")
    previous = getattr(search, "search_index_prev", None)
    if _incremental and previous is not None:
        fresh = search.search_index.entries
        search.search_index.entries = preview.merge_search_entries(previous.entries, fresh, _rebuilt, _pages)
        search.search_index_prev = None  # Material writes our entries as they are
