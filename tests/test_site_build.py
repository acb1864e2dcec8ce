"""The shipped content builds strictly into a site a leader can open."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.support.content import COLLECTIONS


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def html(site: Path, relpath: str) -> str:
    return (site / relpath).read_text(encoding="utf-8")


def test_front_page_and_the_four_collection_indexes_are_built(built_site):
    assert (built_site / "index.html").is_file()
    for collection in COLLECTIONS:
        assert (built_site / collection / "index.html").is_file(), collection


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_every_item_of_a_collection_is_listed_and_its_link_opens(built_site, collection):
    index = built_site / collection / "index.html"
    parser = Links()
    parser.feed(index.read_text(encoding="utf-8"))
    items = sorted(p.name for p in (Path(__file__).parent.parent / "content" / collection).iterdir()
                   if p.suffix == ".md" or p.is_dir())
    targets = {urlparse(h).path.strip("/").split("/")[0] for h in parser.hrefs
               if not h.startswith(("http", "#", "..", "/"))}
    for entry in items:
        slug = entry.removesuffix(".md")
        assert slug in targets, f"{collection}/{slug} is not listed on /{collection}/"
        assert (built_site / collection / slug / "index.html").is_file()


def test_pages_are_norwegian(built_site):
    page = html(built_site, "index.html")
    assert '<html lang="nb"' in page
    assert "Gå til innhold" in page  # Material's skip link, in Norwegian
    assert 'placeholder="Søk"' in page


def test_no_page_loads_assets_from_another_host(built_site):
    """Scripts, styles, images and media come from the site itself (a canonical link is no load)."""
    tag = re.compile(r"<(script|link|img|iframe|source|video|audio|track)\b[^>]*>", re.I)
    remote = re.compile(r'(?:src|href|poster)="(?:https?:)?//', re.I)
    offenders = []
    for path in built_site.rglob("*.html"):
        for match in tag.finditer(path.read_text(encoding="utf-8")):
            element = match.group(0)
            if remote.search(element) and 'rel="canonical"' not in element:
                offenders.append(f"{path.relative_to(built_site)}: {element[:120]}")
    assert offenders == []


def test_internal_links_on_every_page_resolve(built_site):
    broken = []
    for path in built_site.rglob("*.html"):
        if path.name == "404.html":  # served at any missing address, so Material links it from the root
            continue
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            parsed = urlparse(href)
            if parsed.scheme or parsed.netloc or not parsed.path:
                continue
            target = (path.parent / unquote(parsed.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(built_site)} → {href}")
    assert broken == []
