"""Our own stylesheets and scripts under content-hashed names, for long browser caching.

A released page loads Material's bundles (whose names carry a hash of their content)
and ours. Ours are written by hand under their plain names, so a web server could only
let browsers keep them until they ask again. For a build that readers get
(``toolkit build``, mike) the hook therefore hands MkDocs

- the stylesheets of ``extra_css`` as one file, ``assets/stylesheets/site.<hash>.css``,
  and the scripts of ``extra_javascript`` as one, ``assets/javascripts/site.<hash>.js``,
  each the files joined in the order ``mkdocs.yml`` lists them (so the cascade and the
  order the scripts run in stay as they were);
- every other script of ours (a page's own script, such as the finder's, and the search
  worker) and the favicon under a hashed name, with the pages' references rewritten;

so that the web server marks all of them ``immutable`` (docs-dev/web-server.md) and a
reader's second page fetches only its HTML. The preview (``mkdocs serve``) keeps the
plain files. This module knows nothing of MkDocs: it works on paths and bytes.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import rcssmin  # type: ignore[import-untyped]  # no stubs or py.typed
import rjsmin  # type: ignore[import-untyped]

from . import pagefind as search

CSS_BUNDLE = "assets/stylesheets/site.css"
JS_BUNDLE = "assets/javascripts/site.js"

#: Our own files that get a hashed name when they are not part of a bundle: scripts,
#: stylesheets and the favicon (which a browser asks for on every page it opens).
FINGERPRINTED = re.compile(r"assets/(javascripts/.+\.js|stylesheets/.+\.css|favicon\.svg)")

# Joining stylesheets keeps their meaning only without these (they must come first in a file).
_CSS_AT_START = re.compile(rb"@(import|charset)\b")


class AssetError(ValueError):
    """A stylesheet or script cannot be bundled; the message says which and why."""


@dataclass(frozen=True)
class Asset:
    """A file for the site: where it goes (its hashed name) and what it holds."""

    path: str
    content: bytes


def uses_hashed_assets(command: str | None, chosen: str | None) -> bool:
    """Whether a build gets bundled, hashed assets: what readers get (``mkdocs build``,
    which ``toolkit build`` and mike run) does, the preview (``mkdocs serve``) does not.
    ``chosen`` (``Settings.assets``: ``hashed`` or ``plain``, from ``TOOLKIT_ASSETS`` or
    ``extra.toolkit.assets``) overrides that: a test that compares the preview with a build."""
    if chosen is not None:
        return chosen == "hashed"
    return command in ("build", "gh-deploy")


def hashed_name(path: str, content: bytes) -> str:
    """``assets/javascripts/finder.js`` → ``assets/javascripts/finder.1a2b3c4d.js``: eight hex
    digits of the content's SHA-256 before the extension, as Material names its bundles."""
    stem, dot, extension = path.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:8]
    return f"{stem}.{digest}.{extension}" if dot else f"{path}.{digest}"


def minified(path: str, content: bytes) -> bytes:
    """A stylesheet or script without comments and needless whitespace (rcssmin, rjsmin):
    about a third less to send to a phone, even gzipped. Licence comments (``/*!``) stay."""
    text = content.decode("utf-8")
    small = rcssmin.cssmin(text, keep_bang_comments=True) if path.endswith(".css") else \
        rjsmin.jsmin(text, keep_bang_comments=True)
    return small.encode("utf-8")


def bundle(name: str, sources: Iterable[tuple[str, bytes]]) -> Asset:
    """``sources`` ((path, content), in order), each minified, joined into one file named
    after ``name`` with the hash of the result. Each part starts with a comment naming its
    file; scripts are separated by ``;`` so that no file's last statement runs on into the
    next."""
    parts = []
    css = name.endswith(".css")
    for path, content in sources:
        if css and _CSS_AT_START.search(content):
            raise AssetError(f"{path}: @import og @charset kan ikke slås sammen med de andre stilarkene")
        text = minified(path, content).rstrip(b"\n")
        parts.append(b"/* " + path.encode("utf-8") + b" */\n" + text + (b"\n" if css else b"\n;\n"))
    content = b"\n".join(parts)
    return Asset(hashed_name(name, content), content)


@dataclass(frozen=True)
class Plan:
    """What a build serves instead of our plain files."""

    bundles: list[Asset]  # the CSS bundle, then the JS bundle
    renamed: dict[str, str]  # every other file of ours: path → hashed path
    replaced: set[str]  # the plain files that are not served: bundled or renamed


def plan(docs: Path, extra_css: list[str], extra_javascript: list[str]) -> Plan:
    """Bundle ``extra_css`` and ``extra_javascript`` (paths relative to the docs folder
    ``docs``) and give every other stylesheet and script under ``docs/assets/`` a hashed name."""
    css = bundle(CSS_BUNDLE, ((path, (docs / path).read_bytes()) for path in extra_css))
    js = bundle(JS_BUNDLE, ((path, (docs / path).read_bytes()) for path in extra_javascript))
    bundled = set(extra_css) | set(extra_javascript)
    ours = sorted(p.relative_to(docs).as_posix() for p in (docs / "assets").rglob("*") if p.is_file())
    renamed = {path: hashed_name(path, (docs / path).read_bytes()) for path in ours
               if path not in bundled and FINGERPRINTED.fullmatch(path)}
    return Plan([css, js], renamed, bundled | set(renamed))


def _ending_pattern(renamed: Mapping[str, str]) -> re.Pattern[str]:
    """The extension of a renamed file, followed by the quote that ends an attribute value.

    A page holds hundreds of quoted attribute values (Material's navigation links every
    page) and a few that may name one of our files: looking for where those may end first,
    and only then back to the value's start, keeps this cheap on every page of a big build
    (Python's re keeps the compiled pattern between calls)."""
    endings = sorted({posixpath.splitext(path)[1] for path in renamed}, key=lambda ending: (-len(ending), ending))
    return re.compile("(?:" + "|".join(re.escape(ending) for ending in endings) + ')"')


def _link_attribute_ends(html: str, position: int) -> bool:
    """Whether the attribute name ending at ``position`` is ``src`` or ``href`` (a whole word)."""
    for name in ("src", "href"):
        if html.endswith(name, 0, position):
            before = html[position - len(name) - 1 : position - len(name)]
            return not (before.isalnum() or before == "_")
    return False


def rewrite_references(html: str, page_url: str, renamed: Mapping[str, str], site_path: str = "/") -> str:
    """``html`` of the page at ``page_url`` (MkDocs' ``page.url``, e.g. ``ovelser/``) with
    every ``src``/``href`` (double-quoted, as MkDocs, Material and we write them) that
    points at a renamed file pointing at its new name: relative ones, and those starting
    with ``site_path`` (the path of ``site_url``, which the 404 page's links start with)."""
    if not renamed:
        return html
    directory = posixpath.dirname(page_url)  # "ovelser/" → "ovelser", "404.html" → ""
    site_path = site_path if site_path.endswith("/") else site_path + "/"
    parts: list[str] = []
    done = 0  # html[:done] is in parts; after a replaced value, its closing quote
    names = {posixpath.basename(path) for path in renamed}
    for match in _ending_pattern(renamed).finditer(html):
        end = match.end() - 1  # the closing quote
        start = html.rfind('"', done + 1 if parts else 0, match.start()) + 1  # the value's first character
        if start < 2 or html[start - 2] != "=" or not _link_attribute_ends(html, start - 2):
            continue
        url = html[start:end]
        if "#" in url or "?" in url or posixpath.basename(url) not in names:
            continue
        if url.startswith(site_path):
            target = url[len(site_path):]
        elif "://" in url or url.startswith(("/", "data:", "mailto:")):
            continue
        else:
            target = posixpath.normpath(posixpath.join(directory, url))
        new = renamed.get(target)
        if new is None:
            continue
        parts += [html[done : end - len(posixpath.basename(url))], posixpath.basename(new)]
        done = end
    return "".join(parts) + html[done:] if parts else html


def page_references(html: str, page_url: str, renamed: Mapping[str, str], site_path: str,
                    worker: str | None) -> str:
    """A built page with every reference to a renamed file of ours pointing at its hashed
    name, and, when ``worker`` is given, Material's search dialog pointed at that worker
    (under its hashed name if it has one)."""
    if worker is not None:
        html = search.point_search_worker(html, renamed.get(worker, worker))
    return rewrite_references(html, page_url, renamed, site_path)
