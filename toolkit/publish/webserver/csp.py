"""The Content-Security-Policy the web server sends, and what in a page it would block.

The policy lives in the nginx configuration (``deploy/nginx/verktoykassa.conf``;
docs-dev/web-server.md): scripts, styles, images and everything else only from the site
itself, frames only from YouTube's cookieless player. Scripts are the site's own files;
the few inline scripts that Material writes into every page, and the one on mike's
redirect pages, are the same on every page and allowed by their SHA-256 hashes, listed
in the policy. No page may carry an inline script without such a hash, an event
handler attribute (``onclick=``), a ``javascript:`` address, a ``style=`` attribute or a
``<style>`` element: the browser would refuse them.

``problems`` finds each of these in a built tree, so ``toolkit export`` refuses a tree
the server would break, and the tests fail the moment a page author adds one.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

#: The nginx server block, relative to the repository (docs-dev/web-server.md).
NGINX_CONFIG = Path("deploy/nginx/verktoykassa.conf")

# <script type="…"> values that run; anything else (application/json: Material's config)
# is data, which the policy does not govern.
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module", "text/ecmascript",
                           "application/ecmascript"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
# The policy in deploy/nginx/verktoykassa.conf: the value a map gives pages and scripts.
_POLICY = re.compile(r'\$verktoykassa_content_security_policy\s*\{[^}]*?"~[^"]*"\s+"([^"]+)"', re.S)


def script_hash(text: str) -> str:
    """The policy's token for an inline script: ``'sha256-<base64>'`` of its exact text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy(config_text: str) -> str:
    """The Content-Security-Policy header an nginx configuration sends."""
    match = _POLICY.search(config_text)
    if match is None:
        raise ValueError("no Content-Security-Policy header in the nginx configuration")
    return " ".join(match.group(1).split())


def directives(header: str) -> dict[str, list[str]]:
    """``"default-src 'self'; img-src 'self' data:"`` → ``{"default-src": ["'self'"], …}``."""
    out: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def allowed_hashes(header: str) -> set[str]:
    """The inline-script hashes the policy's ``script-src`` allows."""
    sources = directives(header).get("script-src", [])
    return {source for source in sources if source.startswith("'sha256-")}


@dataclass(frozen=True)
class Blocked:
    """Something in a page that the policy would block."""

    line: int
    message: str  # Norwegian, for ``path:line: message``


class _Scanner(HTMLParser):
    def __init__(self, allowed: set[str]):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.found: list[Blocked] = []
        self.scripts: list[str] = []  # the text of every inline script that runs
        self.script: list[str] | None = None  # the text of an inline script being read
        self.script_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(Blocked(line, f"hendelsesattributtet {name}= på <{tag}> blokkeres av "
                                                "Content-Security-Policy; bruk et data-attributt og et "
                                                "skript i docs/assets/javascripts/"))
            elif name == "style":
                self.found.append(Blocked(line, f"style=-attributtet på <{tag}> blokkeres av "
                                                "Content-Security-Policy; bruk en klasse i "
                                                "docs/assets/stylesheets/"))
            elif name in _URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.found.append(Blocked(line, f"javascript:-adressen i {name}= på <{tag}> blokkeres av "
                                                "Content-Security-Policy"))
        if tag == "style":
            self.found.append(Blocked(line, "<style>-elementet blokkeres av Content-Security-Policy; "
                                            "legg stilen i docs/assets/stylesheets/"))
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in _SCRIPT_TYPES:
            self.script, self.script_line = [], line

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            text = "".join(self.script)
            self.script = None
            self.scripts.append(text)
            token = script_hash(text)
            if text.strip() and token not in self.allowed:
                self.found.append(Blocked(
                    self.script_line,
                    f"innebygd skript ({token}) som Content-Security-Policy i {NGINX_CONFIG} ikke tillater; "
                    "flytt det til en fil i docs/assets/javascripts/"))


def blocked(html: str, allowed: set[str]) -> list[Blocked]:
    """What in ``html`` a policy whose ``script-src`` allows the hashes ``allowed`` blocks."""
    scanner = _Scanner(allowed)
    scanner.feed(html)
    scanner.close()
    return scanner.found


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script in ``html`` that a browser would run."""
    scanner = _Scanner(set())
    scanner.feed(html)
    scanner.close()
    return scanner.scripts


def problems(site: Path, allowed: set[str]) -> list[str]:
    """``path:line: message`` for everything the policy would block in the HTML files under
    ``site`` (paths relative to it), every file, every finding."""
    out = []
    for page in sorted(site.rglob("*.html")):
        for found in blocked(page.read_text(encoding="utf-8", errors="replace"), allowed):
            out.append(f"{page.relative_to(site).as_posix()}:{found.line}: {found.message}")
    return out
