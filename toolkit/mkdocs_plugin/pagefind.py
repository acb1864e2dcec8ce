"""The site search at scale: a Pagefind index for built sites (docs-dev/search-at-scale.md).

Material's search ships the text of every page to every reader; a release instead gets a
chunked Pagefind index, and Material's search dialog asks it through the worker in
``docs/assets/javascripts/workers/search-pagefind.js``. The preview (``mkdocs serve``)
keeps Material's own search: indexing after every save would slow the preview down, and
a stale index would mislead. This module decides which a build gets and writes the index;
it runs Pagefind as a program, so it knows nothing of MkDocs.
"""

from __future__ import annotations

import base64
import json
import os
import posixpath
import queue
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from pagefind.service import get_executable

from .. import processes
from ..content.collection import Registry
from ..pages.themes import THEMES_PAGE

#: What Pagefind indexes: each page's article, without the heading permalinks («¶», which
#: would end every section title) and Material's page metadata; one CSS selector list.
ROOT_SELECTOR = "article"
# Left out of the index: permalink signs, and the facts blocks at the top of item pages
# (label/value pairs such as «Varighet 45 min» run together into noise in a snippet), the
# same facts on the finder's cards and the finder's form (its labels and choices).
EXCLUDE_SELECTORS = (
    ".headerlink", ".md-source-file", ".md-feedback",
    ".vk-facts", ".vk-recording-facts", ".vk-summary", ".vk-print", ".vk-print-address", ".vk-themes",
    ".vk-card__facts", ".vk-finder",
)


#: Our worker, in the docs folder; a build serves it under a hashed name (toolkit.mkdocs_plugin.assets).
WORKER = "assets/javascripts/workers/search-pagefind.js"

# Material's page config: a JSON data block (not a script that runs) read by its bundle.
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


#: The kind of a result whose address names no collection or theme: the site's own pages.
OTHER_KIND = "Side"


def result_kinds(registry: Registry) -> dict[str, str]:
    """What ``docs/assets/javascripts/search.js`` labels each search result with, by the first
    segment of an item's address: each collection's label («ovelser» → «Øvelse»), the theme
    pages' folder → «Tema», and ``""`` → «Side» for every other page.

    From the address, not from the index, so that it costs the index nothing and works the
    same for the preview's lunr search."""
    kinds = {collection.id: collection.label for collection in registry}
    kinds[posixpath.dirname(THEMES_PAGE)] = "Tema"
    kinds[""] = OTHER_KIND
    return kinds


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message is Pagefind's own output."""


def uses_pagefind(command: str | None, chosen: str | None) -> bool:
    """Whether a build gets the Pagefind index: ``mkdocs build`` (``toolkit build``, and
    mike, which runs it per version) does, ``mkdocs serve`` does not. ``chosen``
    (``Settings.search``: ``pagefind`` or ``material``, from ``TOOLKIT_SEARCH`` or
    ``extra.toolkit.search``) overrides that (tests, bench)."""
    if chosen is not None:
        return chosen == "pagefind"
    return command in ("build", "gh-deploy")


def pagefind_command(site_dir: Path) -> list[str]:
    """The Pagefind run that writes ``site_dir/pagefind/`` (also what bench/run.py gives
    the stock build, so that both builds pay for the same index)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--root-selector", ROOT_SELECTOR,
            "--exclude-selectors", ",".join(EXCLUDE_SELECTORS), "--quiet"]


def index_site(site_dir: Path) -> None:
    """Write ``site_dir/pagefind/`` for a finished site with Pagefind's own command (the
    preview, when it is asked for an index), then ``cut_materials_index``."""
    done = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
    if done.returncode != 0 or not (site_dir / "pagefind" / "pagefind-entry.json").is_file():
        raise SearchIndexError((done.stderr or done.stdout).strip() or "Pagefind wrote no index")
    cut_materials_index(site_dir)


#: Where an index request's answer comes back: the id the request was sent with.
_ANSWERED = "message_id"

#: How long Pagefind's service may take to answer its first request (it takes milliseconds):
#: a service that hangs stops the build instead of holding it for good.
STARTING_SECONDS = 60.0


def indexed_part(html: str) -> str:
    """What of a built page Pagefind reads under ``ROOT_SELECTOR``: the page's ``<head>``
    (its language and title) and its ``<article>``, without Material's navigation around
    it, which is two thirds of a page and which Pagefind would parse only to skip.

    A page without both is given whole. That Pagefind writes the same index from these as
    from the whole pages is a test (tests/test_search.py)."""
    head = html.find("</head>")
    start, end = html.find("<article"), html.rfind("</article>")
    if head < 0 or start < head or end < start:
        return html
    return f"{html[: head + len('</head>')]}<body>{html[start : end + len('</article>')]}</body></html>"


class Index:
    """A Pagefind index that grows as MkDocs writes the pages, so that a build does not
    wait for Pagefind to read the whole site again at its end (docs-dev/performance.md).

    Pagefind's own program runs as a service beside the build (``pagefind --service``,
    the one its Python API drives; the program from ``pagefind.service.get_executable``):
    each page goes to it as it is written (``add``), and ``write`` sends the pages no page
    event gave (the 404 page, HTML files from ``docs/``), then has it write the index.
    Its requests are written and its answers read by two threads of ours, so MkDocs never
    waits on the pipe; the service dies with the build (``toolkit.processes``).

    The index is the one ``pagefind_command`` writes for the finished site, with the same
    selectors, but for the order of pages in its files (the order MkDocs writes them, so a
    build's index is the same every time). Pagefind's Python API answers one request per
    tenth of a second (its reader sleeps between answers), which is 200 seconds for 2,000
    pages; hence the two threads instead."""

    def __init__(self, site_dir: Path) -> None:
        binary = get_executable()
        if binary is None:
            raise SearchIndexError("Pagefind-programmet finnes ikke i dette miljøet; kjør make site")
        self.site_dir = site_dir
        self._stderr = tempfile.TemporaryFile()
        self._process = processes.start([str(binary), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self._stderr)
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._answered = threading.Condition()
        self._answers: dict[int, dict[str, Any]] = {}
        self._over = False  # the service has stopped answering
        self._sent: dict[int, str] = {}  # request id → what it asked for (a page's path)
        self._added: set[str] = set()
        threading.Thread(target=self._send, name="pagefind-send", daemon=True).start()
        threading.Thread(target=self._receive, name="pagefind-receive", daemon=True).start()
        try:
            answer = self._wait(self._request({"type": "NewIndex", "config": {
                "root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDE_SELECTORS)}}, "NewIndex"),
                timeout=STARTING_SECONDS)
        except SearchIndexError:
            self.close()
            raise
        self._index = answer["index_id"]

    def add(self, path: str, html: str) -> None:
        """Index the page written to ``path`` (relative to the site, ``ovelser/x/index.html``)."""
        self._added.add(path)
        self._request({"type": "AddFile", "index_id": self._index, "file_path": path, "url": None,
                       "file_contents": indexed_part(html)}, path)

    def write(self) -> None:
        """Add every HTML file of the site not added yet, write ``site_dir/pagefind/`` and
        ``cut_materials_index``; raise ``SearchIndexError`` with every page Pagefind refused."""
        try:
            for file in sorted(self.site_dir.rglob("*.html")):
                path = file.relative_to(self.site_dir).as_posix()
                if path not in self._added and not path.startswith("pagefind/"):
                    self.add(path, file.read_text(encoding="utf-8", errors="replace"))
            self._wait(self._request({"type": "WriteFiles", "index_id": self._index,
                                      "output_path": str(self.site_dir / "pagefind")}, "WriteFiles"))
            refused = [f"{self._sent.get(number, '?')}: {answer.get('message', answer)}"
                       for number, answer in sorted(self._answers.items()) if answer.get("type") == "Error"]
            if refused:
                raise SearchIndexError("; ".join(refused))
            if not (self.site_dir / "pagefind" / "pagefind-entry.json").is_file():
                raise SearchIndexError("Pagefind wrote no index")
        finally:
            self.close()
        cut_materials_index(self.site_dir)

    def close(self) -> None:
        """Stop the service (its input ends, then it is stopped if it does not)."""
        self._outbox.put(None)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            processes.stop(self._process)
        self._stderr.close()

    def _request(self, payload: dict[str, Any], what: str) -> int:
        number = len(self._sent) + 1
        self._sent[number] = what
        self._outbox.put(base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode()) + b",")
        return number

    def _wait(self, number: int, timeout: float | None = None) -> dict[str, Any]:
        with self._answered:
            self._answered.wait_for(lambda: number in self._answers or self._over, timeout)
        answer = self._answers.get(number)
        if answer is None and not self._over:
            raise SearchIndexError(f"Pagefind svarte ikke på {timeout:.0f} sekunder")
        if answer is None:
            raise SearchIndexError(self._last_words())
        if answer.get("type") == "Error":
            raise SearchIndexError(f"{self._sent.get(number, '?')}: {answer.get('message', answer)}")
        return answer

    def _last_words(self) -> str:
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", "replace").strip()
        return f"Pagefind stoppet: {said}" if said else f"Pagefind stoppet (kode {self._process.poll()})"

    def _send(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while (message := self._outbox.get()) is not None:
                stdin.write(message)
                stdin.flush()
        except (BrokenPipeError, ValueError):  # the service is gone: _receive says so
            pass
        finally:
            try:
                stdin.close()
            except BrokenPipeError:
                pass

    def _receive(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        pending = b""
        try:
            while chunk := os.read(stdout.fileno(), 1 << 16):
                pending += chunk
                *messages, pending = pending.split(b",")
                for message in messages:
                    answer = json.loads(base64.b64decode(message))
                    with self._answered:
                        self._answers[answer.get(_ANSWERED) or 0] = answer.get("payload") or {}
                        self._answered.notify_all()
        except (ValueError, OSError):  # not the service's protocol: it is over, and _wait says so
            pass
        finally:
            with self._answered:
                self._over = True
                self._answered.notify_all()


def cut_materials_index(site_dir: Path) -> None:
    """Cut Material's ``search/search_index.json`` down to its config (the separator and
    language that the page opened from a result uses to highlight the words), so that no
    reader downloads the whole index. Paths in Pagefind's index are relative to
    ``site_dir``, so each mike version has its own."""
    material = site_dir / "search" / "search_index.json"
    if material.is_file():
        config = json.loads(material.read_text(encoding="utf-8")).get("config", {})
        material.write_text(settings_only(config), encoding="utf-8")


def settings_only(config: Mapping[str, Any]) -> str:
    """Material's search index with its settings and no pages (the built site's, where
    Pagefind answers; the preview's page, whose worker fetches the pages itself)."""
    return json.dumps({"config": dict(config), "docs": []}, ensure_ascii=False)


def point_search_worker(html: str, worker: str, *, material: bool = False) -> str:
    """``html`` with Material's search worker (``search`` in the page's ``__config``) replaced
    by ``worker``, our worker's file name in the same folder as Material's; with ``material``,
    Material's worker's file name goes with it (``?material=``: the preview's worker loads it).

    Written into the page's config at build time instead of by a script in the page, so
    that no inline script of ours needs a place in the Content-Security-Policy."""
    match = _CONFIG.search(html)
    if match is None:
        return html
    old = json.loads(match.group(2)).get("search")
    if not isinstance(old, str) or not old:
        return html
    new = posixpath.join(posixpath.dirname(old), posixpath.basename(worker))
    if material:
        new += "?" + urlencode({"material": posixpath.basename(old)})
    data = match.group(2).replace(json.dumps(old), json.dumps(new), 1)
    return html[: match.start(2)] + data + html[match.end(2):]
