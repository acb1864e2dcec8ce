"""The site search at scale: a Pagefind index for built sites (docs-dev/search-at-scale.md).

Material's search ships the text of every page to every reader; a release instead gets a
chunked Pagefind index, and Material's search dialog asks it through the worker in
``docs/assets/javascripts/workers/search-pagefind.js``. The preview (``mkdocs serve``)
keeps Material's own search: indexing after every save would slow the preview down, and
a stale index would mislead. This module decides which a build gets and writes the index;
it runs Pagefind as a program, so it knows nothing of MkDocs.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

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
    """Write ``site_dir/pagefind/`` and cut Material's ``search/search_index.json`` down to
    its config (the separator and language that the page opened from a result uses to
    highlight the words), so that no reader downloads the whole index.

    Paths in the index are relative to ``site_dir``, so each mike version has its own."""
    done = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
    if done.returncode != 0 or not (site_dir / "pagefind" / "pagefind-entry.json").is_file():
        raise SearchIndexError((done.stderr or done.stdout).strip() or "Pagefind wrote no index")
    material = site_dir / "search" / "search_index.json"
    if material.is_file():
        config = json.loads(material.read_text(encoding="utf-8")).get("config", {})
        material.write_text(json.dumps({"config": config, "docs": []}, ensure_ascii=False), encoding="utf-8")


def point_search_worker(html: str, worker: str) -> str:
    """``html`` with Material's search worker (``search`` in the page's ``__config``) replaced
    by ``worker``, our worker's file name in the same folder as Material's.

    Written into the page's config at build time instead of by a script in the page, so
    that no inline script of ours needs a place in the Content-Security-Policy."""
    match = _CONFIG.search(html)
    if match is None:
        return html
    old = json.loads(match.group(2)).get("search")
    if not isinstance(old, str) or not old:
        return html
    new = posixpath.join(posixpath.dirname(old), posixpath.basename(worker))
    data = match.group(2).replace(json.dumps(old), json.dumps(new), 1)
    return html[: match.start(2)] + data + html[match.end(2):]
