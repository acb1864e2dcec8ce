"""The preview's incremental rebuild: after a save, only the pages that changed are built.

``make serve`` runs ``mkdocs serve --dirty``: MkDocs then rebuilds a page only when its
source file is newer than the page it built before. Our pages are generated, so this
module gives them source files whose times mean something: every rebuild writes each
Markdown page to a folder (``PageStore``) only when the page would come out different
from the one built before; MkDocs skips the rest. A page comes out different when

- its Markdown changed: the edited item, and every generated page that shows it (its
  collection's listing and the finder, its theme pages, the items that link to it, the
  front page's newest additions), because the whole pipeline runs on every save and the
  generated Markdown is compared, not guessed;
- what every page shows changed (``surroundings``): ``mkdocs.yml``, the theme overrides,
  the cohort;
- what its sidebar, breadcrumbs and previous/next links show changed (``nav_context``):
  a new title, or an item added, moved or removed, changes the pages of its sidebar group
  and its neighbours.

The page of the file that was saved comes first: the rebuild after a save builds the
pages of the items and hand-written pages whose own text changed (``edited``), and every
other page that changed (the listings, theme pages and related items that show it, the
sidebars around it) is written after that rebuild, and a watched file touched for a
second one. The browser has the edited page back in about half the time it takes to build
everything a new title touches. A save that edits no page of its own (a captions file,
``mkdocs.yml``) builds what it changed at once.

Left out on purpose, and put right by a full build (``toolkit build``, or restarting
``make serve``): a collapsed sidebar group links to its first page, and pages outside the
group keep the old link when that first page moves to another group; a deleted page stays
at its old address. The preview's search index is merged page by page
(``merge_search_entries``).

Nothing here imports MkDocs: the plugin hands over paths, text and plain dicts.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from . import pagefind

# Where the preview keeps the Markdown it hands to MkDocs, and the compiled templates
# (gitignored, under .cache/; deleting them is always safe).
STORE_DIR = ".cache/toolkit/preview/pages"
TEMPLATE_CACHE_DIR = ".cache/toolkit/preview/templates"
TRIGGER_DIR = ".cache/toolkit/preview/trigger"

# How often the preview looks for saved files (MkDocs polls, which works on every file
# system, every half second: up to half a second between a save and its rebuild). Each
# look lists every watched file, about 8 µs a file here, so the interval grows with the
# files to keep an idle `make serve` near a twentieth of one core: 0.2 s up to about
# 1,300 files (500 items have 700), MkDocs' own 0.5 s from about 3,300 (issue 9).
POLL_SECONDS = 0.2
POLL_SECONDS_PER_FILE = 0.00015

# MkDocs waits a tenth of a second after a change for more before it rebuilds. A polling
# observer reports all it saw in one look, at once, so a fiftieth is enough to gather it.
SETTLE_SECONDS = 0.02

# The rebuild of the pages that wait (those that show the edited page, and the sidebars
# around it) starts at least this long after the edited page's: MkDocs' server holds every
# request during a rebuild, and a browser reloading the edited page fetches it, its
# stylesheets and its scripts in about a tenth of a second.
SECOND_REBUILD_DELAY = 0.25


# Material's search under the preview (docs-dev/performance.md, «The preview's reload»):
# the page gets the search configuration only, and our worker, which runs Material's own,
# fetches the whole index itself, off the page's thread.
SEARCH_WORKER = "assets/javascripts/workers/search-preview.js"
SEARCH_INDEX = "preview_index.json"  # beside Material's search/search_index.json


def move_search_index(site_dir: Path, settings: Mapping[str, Any]) -> None:
    """Material's index, just written, moved to ``SEARCH_INDEX`` for the preview's worker,
    and in its place its configuration alone (``settings``), which Material's page reads."""
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        os.replace(index, index.with_name(SEARCH_INDEX))
        index.write_text(pagefind.settings_only(settings), encoding="utf-8")


def poll_seconds(folders: Iterable[str | Path]) -> float:
    """The polling interval for watching ``folders`` (missing ones count as empty)."""
    files = sum(len(names) for folder in folders for _, _, names in os.walk(folder))
    return min(0.5, max(POLL_SECONDS, files * POLL_SECONDS_PER_FILE))


#: What a page's navigation shows of other pages (``nav_context``): compared, never written.
NavContext = tuple[object, ...]
#: A page as the store last wrote it: its text, the surroundings, its navigation.
Stored = tuple[str, str, NavContext]


class PageStore:
    """Markdown pages on disk, each rewritten only when it would build differently.

    The pages edited by a save, new pages, and every page when the surroundings changed
    are written at once (``sync``), so that the rebuild after a save builds them. The
    other pages that changed, those that show the edited page (its listing, themes,
    related items) and those whose navigation alone changed, are written after that
    rebuild (``flush``), for a second one: the page being edited is back in the browser as
    soon as it can be."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._written: dict[str, Stored] = {}  # path → text, surroundings, nav on disk
        self._pending: dict[str, Stored] = {}  # the same, for pages written after the build
        shutil.rmtree(folder, ignore_errors=True)  # a new preview starts from an empty site

    def file(self, path: str) -> Path:
        return self.folder / path

    def sync(self, pages: Mapping[str, str], shared: str, nav: Mapping[str, NavContext],
             first: Collection[str] | None = None) -> set[str]:
        """Bring the store up to date with ``pages`` (path → Markdown), ``shared`` (what
        every page shows) and ``nav`` (path → what the page's navigation shows); forget
        pages that are gone. ``first``: the pages the save edited, whose text is written
        now while the other changed texts wait; when none of them changed (or without
        ``first``), every changed text is written now. Returns the paths written; the
        others that changed wait for ``flush``."""
        written = set()
        self._pending.clear()
        later: dict[str, Stored] = {}  # changed texts, unless no edited page leads
        for path, text in pages.items():
            now = (text, shared, nav.get(path, ()))  # compared as they are: faster than hashing
            before = self._written.get(path)
            if before == now:
                continue
            if before is not None and before[1] == shared:
                if before[0] == text:  # the navigation alone changed
                    self._pending[path] = now
                    continue
                if first is not None and path not in first:
                    later[path] = now
                    continue
            self._write(path, now)  # edited, new, or the surroundings changed
            written.add(path)
        if first is not None and not written & set(first):  # nothing edited leads: no reason to wait
            for path, now in later.items():
                self._write(path, now)
            written |= set(later)
        else:
            self._pending.update(later)
        for path in set(self._written) - set(pages):
            self.file(path).unlink(missing_ok=True)
            del self._written[path]
        return written

    def flush(self) -> set[str]:
        """Write the pages whose navigation alone changed. Returns their paths."""
        for path, now in self._pending.items():
            self._write(path, now)
        flushed, self._pending = set(self._pending), {}
        return flushed

    def _write(self, path: str, now: Stored) -> None:
        target = self.file(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        partial.write_text(now[0], encoding="utf-8")
        os.replace(partial, target)  # a new modification time: MkDocs builds the page
        self._written[path] = now


class Preview:
    """One ``mkdocs serve --dirty`` session: the page store, and a file to touch when
    pages wait for a second rebuild (the server watches ``trigger_dir``)."""

    def __init__(self, root: Path):
        self.store = PageStore(root / STORE_DIR)
        self._sources: dict[str, object] = {}  # page path → its source at the last rebuild
        self.trigger_dir = root / TRIGGER_DIR
        self.trigger_dir.mkdir(parents=True, exist_ok=True)
        self._trigger: threading.Timer | None = None

    def update(self, pages: Mapping[str, str], nav: list, shared: str,
               sources: Mapping[str, object] | None = None) -> tuple[list, dict[str, Path]]:
        """Bring the store up to date with ``pages`` (every Markdown page: path → text),
        the pages whose ``sources`` (page path → what its own file says, as loaded)
        changed since the last rebuild first (``edited``, ``PageStore.sync``). Returns
        ``nav`` with a title on every page (MkDocs knows no title of a page it did not read
        this time) and the file MkDocs should read each page from."""
        first = None if sources is None else edited(self._sources, sources)
        self._sources = dict(sources or {})
        titled = with_titles(nav, pages)
        self.store.sync(pages, shared, nav_context(titled), first)
        return titled, {path: self.store.file(path) for path in pages}

    def after_build(self, delay: float = SECOND_REBUILD_DELAY) -> set[str]:
        """Write the pages that wait, and touch the trigger ``delay`` seconds later so
        that the server rebuilds them. Until then a browser that reloads after this build
        gets its page: MkDocs' server holds every request while it rebuilds."""
        flushed = self.store.flush()
        if flushed:
            self._trigger = threading.Timer(delay, self._touch, (len(flushed),))
            self._trigger.daemon = True  # never keeps a stopped server's process alive
            self._trigger.start()
        return flushed

    def before_build(self) -> None:
        """A rebuild has started (a save came first): it builds the waiting pages too."""
        if self._trigger is not None:
            self._trigger.cancel()
            self._trigger = None

    def _touch(self, count: int) -> None:
        (self.trigger_dir / "waiting").write_text(f"{count}\n", encoding="utf-8")


def edited(before: Mapping[str, object], now: Mapping[str, object]) -> set[str]:
    """The pages a save edited: those whose own source (``now``: page path → what its file
    says, as loaded) is new or differs from the build ``before``."""
    return {path for path, source in now.items() if path not in before or before[path] != source}


def site_markdown(docs: Mapping[str, str], generated: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Every Markdown page of the site: the hand-written ones (``docs``, as loaded), and
    the generated ones (path, text), which take the place of a hand-written page they fill in."""
    pages = dict(sorted(docs.items()))
    pages.update((path, text) for path, text in generated if text is not None and path.endswith(".md"))
    return pages


_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


def page_title(text: str) -> str | None:
    """A page's title as MkDocs finds it: ``title`` in the front matter, else the first
    level-one heading."""
    body = text
    if text.startswith("---\n") and (end := text.find("\n---\n", 3)) > 0:
        meta = yaml.load(text[4:end], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if isinstance(meta, dict) and meta.get("title"):
            return str(meta["title"])
        body = text[end + 5:]
    found = _H1.search(body)
    return found[1] if found else None


def with_titles(nav: list[Any], pages: Mapping[str, str]) -> list[Any]:
    """``nav`` with each bare page entry (``- metode.md``) given its page's own title."""
    titled: list[Any] = []
    for entry in nav:
        title, target = _entry(entry)
        if isinstance(target, list):
            titled.append({title: with_titles(target, pages)})
        elif title is None and isinstance(target, str) and target in pages and (found := page_title(pages[target])):
            titled.append({found: target})
        else:
            titled.append(entry)
    return titled


def _digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def nav_context(nav: list) -> dict[str, NavContext]:
    """For each page of ``nav`` (mkdocs.yml's nav, expanded), what its navigation shows of
    other pages: the entries at each level of its path (titles, and paths of pages), and
    the previous and next page. Plain tuples, the levels shared between the pages that
    show them: made and compared in a few milliseconds at 500 items (as JSON, 20 ms)."""
    order: list[tuple[str | None, str]] = []
    levels: dict[str, NavContext] = {}

    def walk(entries: list, trail: NavContext) -> None:
        shown = (*trail, tuple(_shown(entry) for entry in entries))
        for entry in entries:
            title, target = _entry(entry)
            if isinstance(target, list):
                walk(target, (*shown, title))
            elif isinstance(target, str) and _is_page(target):
                order.append((title, target))
                levels[target] = shown

    walk(nav, ())
    context: dict[str, NavContext] = {}
    for index, (_, path) in enumerate(order):
        before = order[index - 1] if index else None
        after = order[index + 1] if index + 1 < len(order) else None
        context[path] = (levels[path], before, after)
    return context


def _entry(entry: object) -> tuple[str | None, object]:
    if isinstance(entry, dict):
        ((title, target),) = entry.items()
        return title, target
    return None, entry


def _shown(entry: object) -> tuple[str | None, str | None]:
    """An entry as a sidebar shows it: a page by title and path, a section by its title."""
    title, target = _entry(entry)
    return title, target if isinstance(target, str) else None


def _is_page(target: object) -> bool:
    return isinstance(target, str) and "://" not in target


def surroundings(root: Path, config_file: Path, theme_dir: Path | None, settings: Mapping) -> str:
    """What every page shows that is not its own: the config file, the theme overrides (by
    name, size and time) and ``settings`` (the cohort, the release details)."""
    parts = [config_file.read_text(encoding="utf-8"), json.dumps(settings, sort_keys=True, default=str)]
    if theme_dir is not None and theme_dir.is_dir():
        for path in sorted(theme_dir.rglob("*")):
            if path.is_file():
                stat = path.stat()
                parts.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return _digest(*parts)


class ThemeListing:
    """The theme's files, listed once for the whole preview instead of on every rebuild.

    Each build asks its new Jinja environment for every file of the theme, to copy the
    static ones (MkDocs' ``Files.add_files_from_theme``): a walk of Material's templates,
    thousands of icons among them, and a pattern match on each name, about a sixth of a
    second per rebuild. The answer changes only with the theme folders or ``mkdocs.yml``
    (which names the patterns), both part of ``surroundings``: it is kept under that key."""

    def __init__(self) -> None:
        self._kept: tuple[str, list[str]] | None = None

    def listing(self, key: str, list_templates: Callable[..., list[str]]) -> Callable[..., list[str]]:
        """``list_templates`` (a Jinja environment's), answering a filtered listing from
        what it answered before under ``key``."""

        def listed(extensions: Any = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
            if extensions is not None or filter_func is None:  # not the theme's copy: asked afresh
                return list_templates(extensions, filter_func)
            if self._kept is None or self._kept[0] != key:
                self._kept = (key, list_templates(None, filter_func))
            return list(self._kept[1])

        return listed


def merge_search_entries(previous: Iterable[dict], fresh: list[dict], rebuilt: set[str],
                         pages: set[str]) -> list[dict]:
    """The preview's search index after a rebuild: the entries of the pages built this time
    (``fresh``), and the earlier entries of the pages that still exist and were not rebuilt.
    An entry's ``location`` is its page's URL with an optional ``#section``."""
    kept = [entry for entry in previous
            if (url := entry["location"].split("#", 1)[0]) in pages and url not in rebuilt]
    return kept + fresh
