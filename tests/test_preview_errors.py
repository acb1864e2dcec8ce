"""Errors in the preview: a save that breaks the content never leaves ``make serve`` stuck.

Every page it serves then shows the problems as ``path:line: melding`` with a link to the
page each concerns, the terminal lists the same problems in Norwegian, and the box goes
away by itself when the files are fixed (toolkit/mkdocs_plugin/overlay.py). Each test
starts ``toolkit serve`` with the Makefile's command in a copy of the project."""

from __future__ import annotations

import html
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import copy_project, free_port
from tests.support.axe import report, violations
from tests.support.preview import END_OF_LIFE, fetch, get, plain_environment, serving, wait_for
from toolkit.mkdocs_plugin import overlay

BROKEN = "content/ovelser/moteevaluering.md"
PAGES = ("", "ovelser/", "ovelser/moteevaluering/", "teori/moter-og-motetid/", "moteplan/")
#: What the preview must never print: a traceback, MkDocs' "stuck" line, Material's notice.
NEVER = ("Traceback", "will appear stuck", END_OF_LIFE)


def problems_on(page: str) -> list[str]:
    """The problems the box on ``page`` lists, as text (empty when the page has no box)."""
    box = re.search(r'<aside class="vk-problems.*?</aside>', page, re.S)
    return [html.unescape(code) for code in re.findall(r"<code>(.*?)</code>", box[0])] if box else []


def break_duration(project: Path) -> tuple[str, str]:
    """Save the exercise with a word for its duration; returns the text before and the
    ``path:line:`` that the problem must be reported at."""
    source = project / BROKEN
    text = source.read_text(encoding="utf-8")
    line = text.splitlines().index("duration: 15") + 1
    source.write_text(text.replace("duration: 15\n", "duration: femten\n", 1), encoding="utf-8")
    return text, f"{BROKEN}:{line}:"


def every_page(url: str) -> list[str]:
    """Every page of the preview's sitemap, and an address that has no page."""
    sitemap = fetch(url + "sitemap.xml")
    pages = [loc.removeprefix(url) for loc in re.findall(r"<loc>(.*?)</loc>", sitemap)]
    assert len(pages) > 60
    return [*pages, "finnes-ikke/"]


# --- the box ----------------------------------------------------------------------------------


def test_the_box_lists_each_problem_with_a_link_to_its_page_and_escapes_data():
    shown = [overlay.Shown('content/ovelser/a.md:3: ukjent tema «<b>x</b>»', "/ovelser/a/", '<img src=x onerror="y">'),
             overlay.Shown("MkDocs: Doc file 'x.md' contains a link")]
    box = overlay.box(shown, "Forhåndsvisningen viser sidene slik de var før feilen.").decode("utf-8")
    assert problems_on(box) == [p.text for p in shown]
    assert '<a href="/ovelser/a/">Gå til siden «&lt;img src=x onerror=&#34;y&#34;&gt;»</a>' in box
    assert "<b>" not in box and "<img" not in box
    assert '<h2 id="vk-problems-tittel">2 feil må rettes</h2>' in box
    assert overlay.box([], "x") == b""


def respond(app: overlay.Overlay, headers: list, body: bytes) -> tuple[list, bytes]:
    answered: dict = {}

    def inner(environ, start_response):
        start_response("200 OK", headers)
        return [body]

    app.app = inner
    result = b"".join(app({}, lambda status, given, exc_info=None: answered.setdefault("headers", given)))
    return answered["headers"], result


def test_every_html_answer_gets_the_box_at_the_start_of_materials_announce_component():
    page = b'<html><body dir="ltr"><div data-md-component="announce">\n</div><main>Side</main></body></html>'
    box = overlay.box([overlay.Shown("content/a.md:1: feil")], "Merk.")
    headers, result = respond(overlay.Overlay(None, lambda: box),
                              [("Content-Type", "text/html"), ("Content-Length", str(len(page)))], page)
    assert result == page.replace(b'announce">', b'announce">' + box)
    assert ("Content-Length", str(len(result))) in headers
    # Not a script, a style sheet or the live-reload poll; nothing at all while there is no problem.
    script = b"var x = '<body>';"
    assert respond(overlay.Overlay(None, lambda: box), [("Content-Type", "application/javascript")], script)[1] == script
    assert respond(overlay.Overlay(None, lambda: b""), [("Content-Type", "text/html")], page)[1] == page


# --- make serve with errors -----------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_broken_save_shows_its_problems_on_every_page_until_it_is_fixed(project, tmp_path):
    with serving(project, tmp_path / "serve.log") as preview:
        before, place = break_duration(project)
        wait_for(lambda: all(any(p.startswith(place) for p in problems_on(get(preview.url + page)[1]))
                             for page in PAGES), 60, "the problem on every page")
        for page in every_page(preview.url):
            status, text = get(preview.url + page, timeout=15)  # every request answers: none hangs
            assert status == (404 if page == "finnes-ikke/" else 200), page
            problems = problems_on(text)
            assert len(problems) == 1 and problems[0].startswith(place), page
            assert 'href="/ovelser/moteevaluering/">Gå til siden «Møteevaluering»</a>' in text, page

        log = preview.log()
        assert problems[0] in log.splitlines()  # the terminal lists the same problem
        assert "Forhåndsvisningen viser sidene slik de var før feilen" in log
        assert [never for never in NEVER if never in log] == []

        (project / BROKEN).write_text(before, encoding="utf-8")
        wait_for(lambda: not any(problems_on(get(preview.url + page)[1]) for page in PAGES), 60, "the box to go")
        assert [page for page in every_page(preview.url) if problems_on(get(preview.url + page, timeout=15)[1])] == []
        assert "Feilene er rettet" in preview.log()


def test_a_first_build_with_errors_serves_the_rest_and_the_broken_page_once_it_is_fixed(project, tmp_path):
    before, place = break_duration(project)
    with serving(project, tmp_path / "serve.log") as preview:
        status, text = get(preview.url + "ovelser/moteevaluering/")
        assert status == 404 and problems_on(text)[0].startswith(place)
        status, text = get(preview.url + "teori/moter-og-motetid/")  # it links to the broken page
        assert status == 200 and problems_on(text)[0].startswith(place)
        assert "Forhåndsvisningen viser sidene uten feil" in text
        log = preview.log()
        assert problems_on(text)[0] in log.splitlines()
        assert [never for never in NEVER if never in log] == []
        assert "contains a link" not in log  # the links to the page left out are not a second problem

        (project / BROKEN).write_text(before, encoding="utf-8")
        text = wait_for(lambda: fetch(preview.url + "ovelser/moteevaluering/"), 60, "the fixed page")
        assert problems_on(text) == []


def test_a_rebuild_that_stops_inside_mkdocs_still_answers_and_says_why(project, tmp_path):
    template = project / "overrides" / "main.html"
    before = template.read_text(encoding="utf-8")
    with serving(project, tmp_path / "serve.log") as preview:
        template.write_text(before + "\n{% block footer %}{{ ingen_slik_funksjon() }}{% endblock %}\n",
                            encoding="utf-8")
        text = wait_for(lambda: problems_on(get(preview.url + "ovelser/")[1]), 60, "the box")
        assert text == ["Byggingen stoppet: 'ingen_slik_funksjon' is undefined"]
        for page in PAGES:
            assert problems_on(get(preview.url + page, timeout=15)[1]) == text
        log = preview.log()
        assert "Forhåndsvisningen ble ikke bygget ferdig: 'ingen_slik_funksjon' is undefined" in log
        assert [never for never in NEVER if never in log] == []

        template.write_text(before, encoding="utf-8")
        wait_for(lambda: not problems_on(get(preview.url + "ovelser/")[1]), 60, "the box to go")


# --- in Chromium, as an editor sees it --------------------------------------------------------


@pytest.mark.browser
def test_in_chromium_the_box_appears_on_the_open_page_after_the_save_and_goes_after_the_fix(
        browser, project, tmp_path):
    with serving(project, tmp_path / "serve.log") as preview:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
        page = context.new_page()
        page.goto(preview.url + "teori/moter-og-motetid/")
        page.mouse.wheel(0, 1500)  # reading further down: a reload keeps the place
        box = page.locator("[data-vk-problems]")
        before, place = break_duration(project)
        saved = time.monotonic()
        box.wait_for(state="visible", timeout=60_000)  # live reload, no click
        shown_after = time.monotonic() - saved
        assert page.evaluate("() => window.scrollY") > 0
        assert page.get_by_role("heading", name="Én feil må rettes").is_visible()
        assert place in box.inner_text()
        assert box.bounding_box()["y"] + box.bounding_box()["height"] <= 800  # in view, scrolled or not
        found = violations(page, "[data-vk-problems]")
        assert found == [], report(found)

        # The box folds from the keyboard and its link leads to the page with the problem.
        link = page.get_by_role("link", name="Gå til siden «Møteevaluering»")
        box.locator("summary").focus()
        page.keyboard.press("Enter")
        expect(link).to_be_hidden()
        page.keyboard.press("Enter")
        link.click()
        page.wait_for_url("**/ovelser/moteevaluering/")
        assert place in box.inner_text()

        dark = browser.new_context(viewport={"width": 375, "height": 812}, locale="nb-NO", color_scheme="dark")
        phone = dark.new_page()
        phone.goto(preview.url + "ovelser/")
        assert phone.locator("[data-vk-problems]").is_visible()
        found = violations(phone, "[data-vk-problems]")
        assert found == [], report(found)
        dark.close()

        (project / BROKEN).write_text(before, encoding="utf-8")
        box.wait_for(state="detached", timeout=60_000)
        assert page.get_by_role("heading", level=1, name="Møteevaluering").is_visible()
        context.close()
    print(f"the box was shown {shown_after:.1f} s after the save")


# --- the terminal -----------------------------------------------------------------------------


def test_the_editing_forms_preview_prints_no_end_of_life_notice(project, tmp_path):
    port, preview = free_port(), free_port()
    log = tmp_path / "edit.log"
    with open(log, "w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "edit", "--no-browser", "--no-commit", "--port", str(port),
             "--preview-addr", f"127.0.0.1:{preview}"],
            cwd=project, stdout=output, stderr=subprocess.STDOUT, env=plain_environment(), start_new_session=True)
    try:
        wait_for(lambda: process.poll() is None and fetch(f"http://127.0.0.1:{preview}/"), 300, "the preview")
    finally:
        process.send_signal(signal.SIGTERM)  # toolkit edit stops the preview and decap-server too
        process.wait(60)
    text = log.read_text(encoding="utf-8")
    assert "Serving on" in text
    assert END_OF_LIFE not in text
