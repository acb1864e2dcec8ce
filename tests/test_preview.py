"""The preview (``make serve``) rebuilds only what a save changed, and still serves what a
full build would: the edited page, the listings, theme pages and related links that show
it, every sidebar, and a search index with each page once (toolkit/mkdocs_plugin/preview.py)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys

import pytest

from tests.conftest import copy_project, free_port
from tests.support.a11y import SEARCH_READY_JS
from tests.support.preview import fetch, serve_command, wait_for
from tests.test_recording_browser import word_only_in_a_transcript
from toolkit.mkdocs_plugin import preview

# --- the page store and what a page's navigation shows --------------------------------------


def test_store_writes_changed_text_now_and_a_changed_sidebar_after_the_build(tmp_path):
    store = preview.PageStore(tmp_path / "pages")
    assert store.sync({"a.md": "# A", "b.md": "# B"}, "theme 1", {"a.md": ("nav 1",), "b.md": ("nav 1",)}) == {"a.md", "b.md"}
    assert store.file("a.md").read_text(encoding="utf-8") == "# A"
    stamp = store.file("b.md").stat().st_mtime_ns

    # a's text and b's sidebar change: a is written for this rebuild, b waits for the next
    assert store.sync({"a.md": "# A2", "b.md": "# B"}, "theme 1", {"a.md": ("nav 1",), "b.md": ("nav 2",)}) == {"a.md"}
    assert store.file("a.md").read_text(encoding="utf-8") == "# A2"
    assert store.file("b.md").stat().st_mtime_ns == stamp
    assert store.flush() == {"b.md"}
    assert store.file("b.md").stat().st_mtime_ns != stamp
    assert store.flush() == set()

    # nothing changed: nothing written; the theme changed: every page now; a page gone: deleted
    assert store.sync({"a.md": "# A2", "b.md": "# B"}, "theme 1", {"a.md": ("nav 1",), "b.md": ("nav 2",)}) == set()
    assert store.sync({"a.md": "# A2", "b.md": "# B"}, "theme 2", {"a.md": ("nav 1",), "b.md": ("nav 2",)}) == {"a.md", "b.md"}
    store.sync({"a.md": "# A2"}, "theme 2", {"a.md": ("nav 1",)})
    assert not store.file("b.md").exists()


def test_the_page_a_save_edited_is_written_first_and_the_pages_that_show_it_wait(tmp_path):
    store = preview.PageStore(tmp_path / "pages")
    nav = {"a.md": ("nav 1",), "b.md": ("nav 1",)}
    store.sync({"a.md": "# A", "b.md": "# B viser A"}, "theme 1", nav, first={"a.md", "b.md"})

    # a is saved with a new title, which b shows: a now, b for the second rebuild; a new
    # page c now (MkDocs reads every page the navigation has)
    pages = {"a.md": "# A2", "b.md": "# B viser A2", "c.md": "# C"}
    assert store.sync(pages, "theme 1", nav, first={"a.md"}) == {"a.md", "c.md"}
    assert store.file("b.md").read_text(encoding="utf-8") == "# B viser A"
    assert store.flush() == {"b.md"}
    assert store.file("b.md").read_text(encoding="utf-8") == "# B viser A2"

    # a save that edits no page of its own (a captions file): every changed page at once
    pages = {"a.md": "# A2", "b.md": "# B viser A3", "c.md": "# C2"}
    assert store.sync(pages, "theme 1", nav, first=set()) == {"b.md", "c.md"}
    assert store.flush() == set()


def test_a_page_is_edited_when_its_own_source_is_new_or_different():
    before = {"ovelser/a.md": ("A", "tekst"), "ovelser/b.md": ("B", "tekst"), "index.md": "# Hjem"}
    now = {"ovelser/a.md": ("A", "tekst"), "ovelser/b.md": ("B2", "tekst"), "ovelser/c.md": ("C", ""),
           "index.md": "# Hjem"}
    assert preview.edited(before, now) == {"ovelser/b.md", "ovelser/c.md"}
    assert preview.edited(now, now) == set()


NAV = [
    {"Hjem": "index.md"},
    {"Om": ["om.md", "metode.md"]},
    {"Øvelser": ["ovelser/index.md", {"A–B": [{"Alfa": "ovelser/alfa.md"}, {"Beta": "ovelser/beta.md"}]},
                 {"C–D": [{"Cello": "ovelser/cello.md"}, {"Delta": "ovelser/delta.md"}]}]},
]


def changed(before: list, after: list) -> set[str]:
    old, new = preview.nav_context(before), preview.nav_context(after)
    return {path for path in new if old.get(path) != new[path]}


def test_a_new_title_changes_the_navigation_of_its_group_and_its_neighbours_only():
    renamed = json.loads(json.dumps(NAV).replace('"Beta"', '"Bjørk"'))
    # beta itself, alfa (same group), cello (beta is its previous page); not delta, not om
    assert changed(NAV, renamed) == {"ovelser/alfa.md", "ovelser/beta.md", "ovelser/cello.md"}


def test_a_page_moving_to_another_group_changes_both_groups():
    moved = json.loads(json.dumps(NAV))
    moved[2]["Øvelser"][1]["A–B"] = [{"Alfa": "ovelser/alfa.md"}]
    moved[2]["Øvelser"][2]["C–D"].insert(0, {"Beta": "ovelser/beta.md"})
    assert changed(NAV, moved) >= {"ovelser/alfa.md", "ovelser/beta.md", "ovelser/cello.md", "ovelser/delta.md"}
    assert "metode.md" not in changed(NAV, moved)


def test_bare_nav_entries_get_the_title_the_page_gives_itself():
    pages = {"om.md": "---\ntitle: 'Om: programmet'\n---\n\n# Noe annet\n", "metode.md": "Tekst\n\n# Metoden\n"}
    titled = preview.with_titles([{"Om": ["om.md", "metode.md", {"Lenke": "https://example.org"}]}], pages)
    assert titled == [{"Om": [{"Om: programmet": "om.md"}, {"Metoden": "metode.md"}, {"Lenke": "https://example.org"}]}]


def test_the_preview_looks_for_saves_often_but_less_often_in_a_large_project(tmp_path):
    def files(folder, count):
        (tmp_path / folder).mkdir()
        for number in range(count):
            (tmp_path / folder / f"{number}.md").touch()
        return tmp_path / folder

    small = files("small", 700)  # about what 500 items are
    assert preview.poll_seconds([small, tmp_path / "missing"]) == preview.POLL_SECONDS < 0.5
    large = files("large", 2600)  # 2,000 items
    assert preview.POLL_SECONDS < preview.poll_seconds([small, large]) < 0.5
    huge = files("huge", 4000)
    assert preview.poll_seconds([huge]) == 0.5  # never less often than MkDocs itself


def test_search_entries_of_rebuilt_pages_replace_their_old_ones_and_the_rest_stay():
    previous = [{"location": "", "text": "forside"}, {"location": "a/", "text": "gammel"},
                {"location": "a/#del", "text": "gammel del"}, {"location": "b/", "text": "b"},
                {"location": "borte/", "text": "slettet side"}]
    fresh = [{"location": "a/", "text": "ny"}]
    merged = preview.merge_search_entries(previous, fresh, rebuilt={"a/"}, pages={"", "a/", "b/"})
    assert merged == [{"location": "", "text": "forside"}, {"location": "b/", "text": "b"},
                      {"location": "a/", "text": "ny"}]


# --- the preview as editors run it: make serve ---------------------------------------------


# MkDocs' server adds its live-reload script to every page it serves.
LIVERELOAD = re.compile(r"<script>\nvar livereload = .*?livereload\(\d+, \d+\);\n</script>(?=</body>)", re.S)
# The preview's search worker in a page's __config, which runs Material's (search-preview.js).
PREVIEW_WORKER = re.compile(r"search-preview\.js\?material=(search\.[0-9a-f]+\.min\.js)")


def as_built(html: str) -> str:
    """A page the preview serves, as a build writes it: no live-reload script, and
    Material's search worker named where the preview names its own."""
    return PREVIEW_WORKER.sub(r"\1", LIVERELOAD.sub("", html))


@pytest.fixture
def preview_server(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    server = subprocess.Popen(serve_command(port), cwd=project, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(url), 300, "mkdocs serve to come up")
        yield project, url, tmp_path / "serve.log"
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C: toolkit serve and the mkdocs server it runs
        server.wait(30)
        log.close()


def test_ctrl_c_stops_the_preview_cleanly_without_a_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    port, log = free_port(), tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen(serve_command(port), cwd=project, stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
        try:
            wait_for(lambda: fetch(f"http://127.0.0.1:{port}/"), 300, "mkdocs serve to come up")
        finally:
            os.killpg(server.pid, signal.SIGINT)  # Ctrl+C in the terminal: the whole process group
            code = server.wait(30)
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text[-2000:]
    assert "Shutting down" in text  # MkDocs' server stopped by itself, not killed
    assert code == 0


def test_after_a_save_the_preview_serves_what_a_full_build_would(preview_server, tmp_path):
    project, url, log = preview_server
    source = project / "content" / "ovelser" / "moteevaluering.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("title: Møteevaluering", "title: Evaluering av møtet", 1)
                      .replace("## Formål\n", "## Formål\n\nOrdet kvitrefugl står bare her.\n", 1), encoding="utf-8")

    # First the saved page; then, after a second rebuild, its listing, themes and related
    # pages, and the sidebars of the pages around it.
    wait_for(lambda: re.search(r"<h1[^>]*>Evaluering av møtet", fetch(url + "ovelser/moteevaluering/")),
             120, "the edited page")
    wait_for(lambda: log.read_text(encoding="utf-8").count("Reloading browsers") >= 2, 120, "the second rebuild")
    for page in ("ovelser/", "temaer/moter/", "teori/moter-og-motetid/"):
        assert "Evaluering av møtet" in fetch(url + page), page

    site = tmp_path / "full"
    full = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOOLKIT_SEARCH": "material",
                               "TOOLKIT_ASSETS": "plain", "TOOLKIT_SITE_URL": url})
    assert full.returncode == 0, full.stderr
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 60
    served_pages = {page: fetch(url + page) for page in pages}
    assert [p for p, html in served_pages.items() if not PREVIEW_WORKER.search(html)] == []
    different = [page for page in pages if as_built(served_pages[page]) != (site / page).read_text(encoding="utf-8")]
    assert different == []

    # The search index: every section of every page once, the new word found on its page.
    # The page reads the settings alone; the preview's worker fetches the rest.
    for_the_page = json.loads(fetch(url + "search/search_index.json"))
    built_index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert for_the_page == {"config": built_index["config"], "docs": []}
    served = json.loads(fetch(url + f"search/{preview.SEARCH_INDEX}"))["docs"]
    built = built_index["docs"]
    locations = [entry["location"] for entry in served]
    assert len(locations) == len(set(locations))
    served_set, built_set = set(map(json.dumps, served)), set(map(json.dumps, built))
    assert sorted(json.loads(e)["location"] for e in served_set - built_set) == sorted(json.loads(e)["location"] for e in built_set - served_set)
    assert len(served) == len(built)
    assert any("kvitrefugl" in e["text"] and e["location"].startswith("ovelser/moteevaluering/") for e in served)


@pytest.mark.browser
def test_the_previews_search_finds_words_of_an_index_the_page_never_loads(preview_server, browser):
    """Material's search under the preview, with the index fetched by the preview's worker
    (search-preview.js) instead of by the page: a word said in one transcript only is found."""
    _, url, _ = preview_server
    word, slug = word_only_in_a_transcript()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("response", lambda response: fetched.append(response.url))
        page.goto(url + "teori/", wait_until="load")
        page.wait_for_function(SEARCH_READY_JS)
        page.keyboard.press("/")
        page.keyboard.type(word)
        page.locator(f".md-search-result__link[href*='/opptak/{slug}/']").first.wait_for()
        assert [u for u in fetched if u.endswith("/search/search_index.json")]  # the settings, no pages
    finally:
        context.close()


@pytest.mark.browser
def test_the_previews_search_says_so_when_its_index_cannot_be_loaded(preview_server, browser):
    """An index the preview's worker cannot fetch is a notice in the dialog, not «Ingen treff»."""
    _, url, _ = preview_server
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    try:
        context.route(f"**/search/{preview.SEARCH_INDEX}", lambda route: route.fulfill(status=404, body="nei"))
        page = context.new_page()
        page.goto(url + "teori/", wait_until="load")
        page.wait_for_function(SEARCH_READY_JS)
        page.keyboard.press("/")
        page.keyboard.type("tillit")
        notice = page.locator(".md-search-result__item").first
        notice.wait_for()
        assert "Søket er ikke tilgjengelig" in notice.inner_text()
        assert "make serve" in notice.inner_text()
    finally:
        context.close()


def test_a_built_site_has_no_preview_search_worker(built_site):
    assert not list(built_site.rglob("search-preview*"))
    assert list((built_site / "assets" / "javascripts" / "workers").glob("search-pagefind*.js"))
