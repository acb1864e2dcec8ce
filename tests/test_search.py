"""The site search at scale: a built site answers Material's search dialog from a chunked
Pagefind index (docs-dev/search-at-scale.md), with Material's keyboard habits, snippets
and highlighting; the preview keeps Material's own search; a missing index says so."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.conftest import ROOT, RequestLog, copy_project
from tests.support.a11y import FOCUSED_JS, SEARCH_READY_JS, search_for
from tests.support.axe import report, violations
from tests.support.content import read_captions
from tests.support.server import SiteServer
from tests.test_later_pages import alive
from tests.test_recording_browser import word_only_in_a_transcript
from toolkit.collections import registry
from toolkit.mkdocs_plugin.pagefind import pagefind_command, uses_pagefind
from toolkit.settings import from_environment
from toolkit.writing import MARKER, SITE

# What one query may fetch for search on a freshly opened page (issue 9, target 4): the
# Pagefind module, its WebAssembly, the entry file, the index chunks and the fragments of
# the results shown. A size, not a time.
MAX_SEARCH_BYTES = 300_000


def open_search(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(SEARCH_READY_JS)
    page.keyboard.press("/")
    page.locator("#__search:checked").wait_for(state="attached")


def phrase_only_in_one_transcript() -> tuple[str, str]:
    """Two words said one after the other in one shipped recording, one of which no other
    page has (tests/test_recording_browser.py picks it), the other not a little word."""
    word, slug = word_only_in_a_transcript()
    captions, _ = read_captions(ROOT / "content" / "opptak" / slug / "captions.vtt", "")
    words = re.findall(r"\w+", " ".join(c.text for c in captions.cues).lower())
    at = words.index(word)
    if at + 1 < len(words) and len(words[at + 1]) >= 5:
        return f"{word} {words[at + 1]}", slug
    if at > 0 and len(words[at - 1]) >= 5:
        return f"{words[at - 1]} {word}", slug
    return word, slug


# ---- The built site: Pagefind behind Material's dialog ------------------------------------


def test_a_phrase_only_said_in_a_transcript_is_found_and_enter_opens_the_recording(page, site_url):
    phrase, slug = phrase_only_in_one_transcript()
    open_search(page, site_url + "teori/")
    page.keyboard.type(phrase)
    result = page.locator(".md-search-result__item").first
    result.wait_for()
    # The recording comes first (Pagefind also finds other forms of the words elsewhere),
    # its snippet the passage where the words are said, marked.
    assert f"/opptak/{slug}/" in result.locator("a").first.get_attribute("href")
    snippet = result.locator("article").first
    assert snippet.locator("mark").count() >= 1

    page.keyboard.press("ArrowDown")
    focused = page.evaluate(FOCUSED_JS)
    assert focused["element"].startswith("a.md-search-result__link"), focused
    assert f"/opptak/{slug}/" in focused["href"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/opptak/{slug}/**")
    assert phrase in " ".join(re.findall(r"\w+", page.locator(".md-content").inner_text().lower()))
    # Material's search.highlight marks the words on the page opened.
    assert page.locator(".md-content mark[data-md-highlight]").count() >= 1


def test_results_show_the_page_title_a_snippet_and_the_sections_where_the_words_occur(page, site_url):
    open_search(page, site_url)
    page.keyboard.type("møtetid")
    first = page.locator(".md-search-result__item").first
    first.wait_for()
    title = first.locator("h1")
    assert "møtetid" in title.inner_text().lower()
    assert title.locator("mark").count() >= 1
    assert first.locator("article p mark").count() >= 1  # the snippet, with the words marked
    sections = first.locator("details.md-search-result__more a.md-search-result__link")
    assert sections.count() >= 1
    assert "#" in sections.first.get_attribute("href")  # a section opens at its heading
    assert re.fullmatch(r"\d+ treff", page.locator(".md-search-result__meta").inner_text())


def test_one_query_fetches_a_small_part_of_the_index_and_nothing_from_another_host(page, site_url):
    page.goto(site_url + "ovelser/", wait_until="networkidle")
    page.wait_for_function(SEARCH_READY_JS)
    fetched: dict[str, int] = {}
    page.on("response", lambda r: fetched.__setitem__(r.url, len(r.body())) if r.ok else None)
    page.keyboard.press("/")
    page.keyboard.type("psykologisk trygghet")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_load_state("networkidle")

    search = {url: size for url, size in fetched.items() if "/pagefind/" in url or "/search/" in url}
    assert any("/pagefind/index/" in url for url in search), search  # answered from index chunks
    assert 0 < sum(search.values()) <= MAX_SEARCH_BYTES, search
    assert page.requests.foreign() == []


# When the last key of a query went up and when its first result showed, in the page's clock.
_SHOWN_AFTER_KEY_JS = """() => {
  window.__typed = {key: null, shown: null};
  document.querySelector(".md-search__input").addEventListener("keyup", () => {
    window.__typed.key = performance.now(); window.__typed.shown = null;
  });
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    if (window.__typed.key !== null && window.__typed.shown === null && list.querySelector(".md-search-result__item"))
      window.__typed.shown = performance.now();
  }).observe(list, {childList: true, subtree: true});
}"""


def test_a_last_word_of_one_or_two_letters_is_searched_only_when_the_typing_pauses(page, site_url):
    """«p» and «ps» are prefixes of a large part of the index: a reader typing on does not
    fetch its chunks for them (docs-dev/search-at-scale.md); one who stops there gets results."""
    open_search(page, site_url + "ovelser/")
    page.keyboard.type("tillit")  # Pagefind loaded, so only the waiting is left to see
    page.locator(".md-search-result__item").first.wait_for()
    page.locator(".md-search__input").fill("")
    page.evaluate(_SHOWN_AFTER_KEY_JS)
    page.keyboard.type("ps")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_function("window.__typed.shown !== null")
    waited = page.evaluate("window.__typed.shown - window.__typed.key")
    assert waited >= 300, waited  # the pause (350 ms) and not the 40 ms a longer word waits
    assert re.fullmatch(r"\d+ treff", page.locator(".md-search-result__meta").inner_text())


def test_no_reader_downloads_the_whole_index(page, site_url, built_site):
    shipped = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert shipped["docs"] == [] and shipped["config"]["separator"]  # config only, for highlighting
    assert (built_site / "pagefind" / "pagefind-entry.json").is_file()
    page.goto(site_url + "teori/", wait_until="networkidle")
    # As the page opens, nothing of Pagefind is fetched (most readers never search, and a
    # phone should not pay for it); the first letter typed loads its module, WebAssembly
    # and entry, and only the query's words fetch index chunks.
    assert not [url for url in page.requests.urls if "/pagefind/" in url]
    page.keyboard.press("/")
    page.keyboard.type("tillit")
    page.locator(".md-search-result__item").first.wait_for()
    assert [url for url in page.requests.urls if "/pagefind/pagefind.js" in url]
    assert [url for url in page.requests.urls if "/pagefind/wasm." in url]


def test_results_stay_inside_the_version_the_site_is_served_from(browser, built_site):
    """mike puts each cohort's site in its own folder: the index and the result links are
    relative to it."""
    with SiteServer(built_site.parent) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
        tab = context.new_page()
        version = server.url.rstrip("/") + f"/{built_site.name}/"
        tab.goto(version + "teori/")
        search_for(tab, "møte")
        hrefs = tab.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
        context.close()
    assert hrefs
    assert all(urlparse(h).path.startswith(f"/{built_site.name}/") for h in hrefs), hrefs


@pytest.mark.parametrize("key", ["s", "f"])
def test_s_and_f_open_the_search_arrows_move_and_escape_closes_it(page, site_url, key):
    """Material's habits with the new engine: a letter opens the search, typing finds,
    arrows move and Escape closes, leaving the page where it was."""
    page.goto(site_url + "teori/", wait_until="networkidle")
    page.wait_for_function(SEARCH_READY_JS)
    page.keyboard.press(key)
    page.keyboard.type("tillit")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_JS)["element"].startswith("a.md-search-result__link")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert urlparse(page.url).path.endswith("/teori/")


# ---- The true count, more than ten, and the kind of each result ---------------------------

# Pagefind asked directly through its own API in the page, as a reader's browser would: how
# many pages match, and their addresses (each result's data names its page).
PAGEFIND_JS = """async ([root, query]) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  await pagefind.init();
  const found = await pagefind.search(query);
  const data = await Promise.all(found.results.map((result) => result.data()));
  return data.map((d) => new URL(d.url, root).pathname);
}"""

ITEMS = ".md-search-result__item"


def pagefind_pages(tab, root: str, query: str) -> list[str]:
    return tab.evaluate(PAGEFIND_JS, [root, query])


def kind_of(path: str, root_path: str) -> str:
    """What a result for ``path`` is, as a reader would name it: an item of a collection by
    the collection's label, a theme's page «Tema», any other page of the site «Side»."""
    parts = [part for part in path[len(root_path):].split("/") if part]
    labels = {collection.id: collection.label for collection in registry()}
    if len(parts) > 1 and parts[0] in labels:
        return labels[parts[0]]
    return "Tema" if len(parts) > 1 and parts[0] == "temaer" else "Side"


def results_shown(tab) -> list[dict]:
    """Each result on the list: its page's address, the kind it is labelled with, and the
    words its link is read as (a screen reader's name for it)."""
    return tab.eval_on_selector_all(ITEMS, """items => items.map(item => {
      const link = item.querySelector("a.md-search-result__link");
      const kind = link.querySelector("h1 .vk-search-kind");
      return {path: new URL(link.href).pathname, query: new URL(link.href).search,
              kind: kind ? kind.textContent.replace(/:\\s*$/, "").trim() : null,
              name: link.textContent.replace(/\\s+/g, " ").trim()};
    })""")


def test_the_true_count_and_every_result_on_request_each_labelled_with_its_kind(page, site_url):
    open_search(page, site_url + "teori/")
    page.keyboard.type("tillit")
    page.locator(ITEMS).first.wait_for()
    expected = pagefind_pages(page, site_url, "tillit")
    assert len(expected) > 10  # the case of issue 25: more than Material was shown
    meta = page.locator(".md-search-result__meta")
    more = page.get_by_role("button", name=re.compile(r"^Vis flere"))
    assert meta.inner_text() == f"{len(expected)} treff"
    assert page.locator(ITEMS).count() == 10
    assert more.inner_text() == f"Vis flere ({len(expected) - 10} til)"

    more.click()
    page.wait_for_function(f"document.querySelectorAll('{ITEMS}').length > 10")
    # Focus goes on to the first new result, and Material's arrows go on from there.
    assert page.evaluate("document.activeElement === document.querySelectorAll("
                         f"'{ITEMS}')[10].querySelector('a')")
    while more.is_visible():
        more.click()
        page.wait_for_timeout(100)
    shown = results_shown(page)
    assert [r["path"] for r in shown] == expected  # every match, in Pagefind's order, once
    assert meta.inner_text() == f"{len(expected)} treff"
    root = urlparse(site_url).path
    kinds = {r["kind"] for r in shown}
    assert {"Øvelse", "Teori", "Tema"} <= kinds, kinds
    for result in shown:
        assert result["kind"] == kind_of(unquote(result["path"]), root), result
        assert result["name"].startswith(f"{result['kind']}: "), result  # said before the title
        assert "h=tillit" in result["query"]  # the words are marked on the page opened
    assert page.requests.foreign() == []

    # A query with a handful of matches: Material's own count, nothing more to ask for.
    phrase, slug = phrase_only_in_one_transcript()
    few = pagefind_pages(page, site_url, phrase)
    assert 0 < len(few) <= 10
    page.locator(".md-search__input").fill("")
    page.keyboard.type(phrase)
    page.locator(f"{ITEMS} a[href*='/opptak/{slug}/']").first.wait_for()
    page.wait_for_function(f"document.querySelectorAll('{ITEMS}').length === {len(few)}")
    assert meta.inner_text() == ("1 treff" if len(few) == 1 else f"{len(few)} treff")
    assert not more.is_visible()


def test_the_arrow_keys_go_on_past_the_tenth_result_and_enter_opens_it(page, site_url):
    open_search(page, site_url + "teori/")
    page.keyboard.type("tillit")
    page.locator(ITEMS).first.wait_for()
    expected = pagefind_pages(page, site_url, "tillit")
    for _ in range(40):
        page.keyboard.press("ArrowDown")
        at = page.evaluate(f"[...document.querySelectorAll('{ITEMS}')]"
                           ".findIndex(item => item.contains(document.activeElement))")
        if at >= 10:
            break
    else:
        pytest.fail("the arrow keys never reached an eleventh result")
    focused = page.evaluate(FOCUSED_JS)
    assert focused["element"].startswith("a.md-search-result__link"), focused
    assert urlparse(focused["href"]).path == expected[at]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{expected[at]}**")


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violation_in_the_results_with_kinds_and_more(browser, site_url, palette, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=palette, locale="nb-NO")
    try:
        tab = context.new_page()
        tab.goto(site_url + "teori/")
        search_for(tab, "tillit")
        tab.get_by_role("button", name=re.compile(r"^Vis flere")).click()
        tab.wait_for_function(f"document.querySelectorAll('{ITEMS}').length > 10")
        found = violations(tab, ".md-search")
    finally:
        context.close()
    assert not found, report(found)


# ---- The index a build writes page by page ------------------------------------------------


def fragments(site: Path) -> set[str]:
    """The index's fragments: one file per page, named by the hash of what Pagefind took
    from it (its address, title, words, headings and their anchors)."""
    return {path.name for path in (site / "pagefind" / "fragment").iterdir()}


def page_count(site: Path) -> int:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_the_index_written_as_the_pages_are_is_the_one_pagefind_writes_for_the_finished_site(
        browser, built_site, site_url, tmp_path):
    """The build feeds Pagefind's service each page as it is written, and only the page's
    head and article (toolkit.mkdocs_plugin.pagefind.Index); Pagefind's own command, run
    on the finished site, reads every HTML file whole. Both must find the same."""
    finished = tmp_path / "site"
    shutil.copytree(built_site, finished, ignore=shutil.ignore_patterns("pagefind"))
    done = subprocess.run(pagefind_command(finished), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert fragments(built_site) == fragments(finished)
    assert page_count(built_site) == page_count(finished) == len(fragments(built_site))
    assert page_count(built_site) >= len(list(built_site.glob("*/*/index.html")))  # every item page
    phrase, _ = phrase_only_in_one_transcript()
    queries = ("tillit", "psykologisk trygghet", "beslutninger", phrase)
    tab = browser.new_page()
    try:
        found = []
        for root in (site_url, None):
            with SiteServer(finished) as server:
                root = root or server.url
                tab.goto(root)  # Pagefind's module is imported from the page's own site
                found.append({query: sorted(pagefind_pages(tab, root, query)) for query in queries})
    finally:
        tab.close()
    ours, theirs = found
    assert all(ours.values()), ours
    assert ours == theirs


def test_a_build_whose_search_index_cannot_be_made_publishes_nothing(tmp_path):
    """Pagefind's program stops at once (it is not there, or broken): the build says so in
    Norwegian, with no traceback, and the site it would have replaced is left as it was."""
    project = copy_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "kept.html").write_text("the last site", encoding="utf-8")
    (site / MARKER).write_text(SITE.command + "\n", encoding="utf-8")  # a site an earlier build made
    done = subprocess.run([sys.executable, "-m", "toolkit", "build"], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PAGEFIND_BINARY_PATH": "/bin/false"})
    said = done.stdout + done.stderr  # MkDocs prints the reason it stopped to standard output
    assert done.returncode == 1
    assert "Søkeindeksen (Pagefind) kunne ikke lages: Pagefind stoppet" in said
    assert "Byggingen feilet; ingenting er publisert." in said
    assert "Traceback" not in said
    assert sorted(path.name for path in site.iterdir()) == sorted([MARKER, "kept.html"])
    assert [path.name for path in project.iterdir() if path.name.startswith(".site")] == []


def test_pagefinds_service_dies_with_the_build(tmp_path):
    """A build killed with SIGKILL takes Pagefind's service with it (here a stand-in that
    never answers, so that the build is sure to be waiting on it when it is killed)."""
    service = tmp_path / "pagefind"
    service.write_text("#!/bin/sh\nexec sleep 600\n", encoding="utf-8")
    service.chmod(0o755)
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
                             cwd=ROOT, env={**os.environ, "PAGEFIND_BINARY_PATH": str(service), "NO_MKDOCS_2_WARNING": "1"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        children: list[int] = []
        while not children and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.05)
            children = [int(pid) for pid in Path(f"/proc/{build.pid}/task/{build.pid}/children").read_text().split()
                        if Path(f"/proc/{pid}/comm").read_text().strip() == "sleep"]
        assert children, "the build started no Pagefind service"
    finally:
        build.kill()
        build.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in children), "Pagefind's service outlived the build"


# ---- Without the index ------------------------------------------------------------------


def test_a_site_whose_index_cannot_be_loaded_says_so_in_norwegian(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    context.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="not found"))
    tab = context.new_page()
    tab.goto(site_url + "teori/")
    search_for(tab, "møte")
    notice = tab.locator(".md-search-result__item").first.inner_text()
    context.close()
    assert "Søket er ikke tilgjengelig" in notice
    assert "Materials eget søk" in notice


def test_the_preview_keeps_materials_search_and_a_build_gets_pagefind():
    assert not uses_pagefind("serve", None)
    assert uses_pagefind("build", None)  # toolkit build, and mike, which runs mkdocs build
    assert not uses_pagefind("build", from_environment({"TOOLKIT_SEARCH": "material"}).search)
    assert uses_pagefind("serve", from_environment({"TOOLKIT_SEARCH": "Pagefind "}).search)


@pytest.fixture(scope="module")
def preview_like_site(tmp_path_factory) -> Path:
    """The site built as the preview builds it: with Material's own search, no Pagefind."""
    project = copy_project(tmp_path_factory.mktemp("material-search") / "project")
    site = project.parent / "site"
    done = subprocess.run([sys.executable, "-m", "toolkit", "build", "--site-dir", str(site)], cwd=project,
                          env={**os.environ, "TOOLKIT_SEARCH": "material"},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_a_build_without_the_index_searches_with_materials_search(browser, preview_like_site):
    assert not (preview_like_site / "pagefind").exists()
    assert json.loads((preview_like_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    with SiteServer(preview_like_site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
        tab = context.new_page()
        log = RequestLog(server.url)
        tab.on("request", lambda request: log.urls.append(request.url))
        tab.goto(server.url + "teori/")
        search_for(tab, "møtetid")
        hrefs = tab.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
        context.close()
    assert any("/teori/moter-og-motetid/" in unquote(href) for href in hrefs), hrefs
    assert not [url for url in log.urls if "/pagefind/" in url or "search-pagefind" in url]
    assert log.foreign() == []


def test_the_preview_labels_every_result_with_its_kind_too(browser, preview_like_site):
    with SiteServer(preview_like_site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
        tab = context.new_page()
        tab.goto(server.url + "teori/")
        search_for(tab, "tillit")
        # Material renders the first ten at once and the rest as the list scrolls.
        total = int(re.match(r"\d+", tab.locator(".md-search-result__meta").inner_text())[0])
        assert total > 10
        scrollwrap = tab.locator(".md-search__scrollwrap")
        for _ in range(40):
            if tab.locator(ITEMS).count() == total:
                break
            # Up a little, then to the end, as a reader scrolls: Material renders the next
            # results each time the end of the list comes into view.
            scrollwrap.evaluate("el => el.scrollTo(0, el.scrollHeight - el.clientHeight - 300)")
            tab.wait_for_timeout(100)
            scrollwrap.evaluate("el => el.scrollTo(0, el.scrollHeight)")
            tab.wait_for_timeout(100)
        shown = results_shown(tab)
        context.close()
    assert len(shown) == total
    root = urlparse(server.url).path
    for result in shown:
        assert result["kind"] == kind_of(unquote(result["path"]), root), result
    assert {"Øvelse", "Teori", "Tema"} <= {r["kind"] for r in shown}
