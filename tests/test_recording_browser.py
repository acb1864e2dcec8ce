"""Recordings in Chromium, as a leader uses them: timestamps and chapters that seek the
video, a link that opens at a time, captions that load, the keyboard, the site search
over transcripts, YouTube only after consent, and seeking under ``mkdocs serve``."""

from __future__ import annotations

import importlib.util
import re
import shutil
import threading

import pytest

from tests.conftest import ROOT, RequestLog, copy_project, toolkit
from tests.support.content import read_captions
from tests.support.server import SiteServer

pytestmark = pytest.mark.browser

SLUG = "hva-gjor-en-ledergruppe-effektiv"  # a shipped sample recording
PAGE = f"opptak/{SLUG}/"
YOUTUBE_SLUG = "opptak-pa-youtube"
YOUTUBE_ID = "AbCdEfGhIjK"

VIDEO = "document.querySelector('[data-vk-recording] video')"


# Where every seek landed, recorded as it happens: a playing video moves on, so its
# position when the test looks is no proof of where the seek went.
RECORD_SEEKS = """
window.vkSeeks = [];
document.addEventListener("seeked", (ev) => window.vkSeeks.push(ev.target.currentTime), true);
"""


def near(seconds: float) -> str:
    """A condition: the video has been sought to within a second of ``seconds``."""
    return f"window.vkSeeks.some((t) => Math.abs(t - {seconds}) < 1)"


def open_recording(page, url: str):
    page.add_init_script(RECORD_SEEKS)
    page.goto(url)
    page.wait_for_function(f"{VIDEO}.readyState >= 1")  # metadata: duration known


# --- seeking -----------------------------------------------------------------------------


def test_clicking_a_transcript_timestamp_seeks_to_its_cue_and_plays(page, site_url):
    open_recording(page, site_url + PAGE)
    link = page.locator(".vk-cue a.vk-seek").nth(2)
    seconds = int(re.search(r"#t=(\d+)", link.get_attribute("href")).group(1))
    assert seconds > 5
    link.click()
    page.wait_for_function(near(seconds))
    page.wait_for_function(f"!{VIDEO}.paused")


def test_clicking_a_chapter_seeks_to_the_chapter_and_marks_it(page, site_url):
    open_recording(page, site_url + PAGE)
    chapter = page.locator(".vk-chapters a").nth(1)
    seconds = int(re.search(r"#t=(\d+)", chapter.get_attribute("href")).group(1))
    chapter.click()
    page.wait_for_function(near(seconds))
    page.wait_for_function("document.querySelector('.vk-chapters a[aria-current]') !== null")
    assert page.locator(".vk-chapters a[aria-current]").get_attribute("href") == \
        chapter.get_attribute("href")


@pytest.mark.parametrize("fragment", ["#t=90", "#t=1:30", "#t=00:01:30"])
def test_opening_the_page_at_a_time_starts_there(page, site_url, fragment):
    open_recording(page, site_url + PAGE + fragment)
    assert page.evaluate(f"{VIDEO}.duration") > 90  # the sample is long enough
    page.wait_for_function(near(90))


@pytest.mark.parametrize("fragment", ["#t=%ZZ", "#t=%", "#t=1:75", "#t=2:61:00", "#t=abc",
                                      "#t=" + "9" * 400],
                         ids=["broken-escape", "lone-percent", "75-seconds", "61-minutes", "letters",
                              "too-large"])
def test_a_time_that_does_not_parse_is_ignored_without_an_error(page, site_url, fragment):
    """A broken escape, an impossible clock time or a number too large to be a time: the page
    opens at the start, nothing throws, and the page's timestamps still work afterwards."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_recording(page, site_url + PAGE + fragment)
    page.wait_for_load_state("networkidle")
    # Set again by hand (hashchange), the same fragment is ignored just as quietly.
    page.evaluate("location.hash = ''")
    page.evaluate(f"location.hash = {fragment!r}")
    page.wait_for_timeout(200)
    assert page.evaluate("window.vkSeeks") == []
    assert page.evaluate(f"{VIDEO}.currentTime") == 0
    link = page.locator(".vk-cue a.vk-seek").nth(2)
    seconds = int(re.search(r"#t=(\d+)", link.get_attribute("href")).group(1))
    link.click()
    page.wait_for_function(near(seconds))
    assert errors == []


def test_timestamps_seek_after_material_instant_navigation(copy_page, copy_site):
    # Material switches pages instantly only when the site's address (site_url) matches the
    # server's, as in the fixture copy_site; the session's built_site has another port.
    page = copy_page
    page.add_init_script(RECORD_SEEKS)
    page.goto(copy_site + "opptak/")
    page.evaluate("window.vkSamePage = true")  # gone if the browser loads a new page
    page.locator(f"article a[href*='{SLUG}']").first.click()
    page.wait_for_function(f"location.pathname.endsWith('/{PAGE}') && {VIDEO} !== null")
    assert page.evaluate("window.vkSamePage === true"), "Material did not switch instantly"
    page.wait_for_function(f"{VIDEO}.readyState >= 1")
    link = page.locator(".vk-cue a.vk-seek").nth(3)
    seconds = int(re.search(r"#t=(\d+)", link.get_attribute("href")).group(1))
    link.click()
    page.wait_for_function(near(seconds))


# --- captions, keyboard, nothing from elsewhere -------------------------------------------


def test_norwegian_captions_track_loads_with_every_cue(page, site_url):
    open_recording(page, site_url + PAGE)
    captions, _ = read_captions(ROOT / "content" / "opptak" / SLUG / "captions.vtt", "")
    page.wait_for_function("document.querySelector('track[kind=captions]').readyState === 2")
    track = page.evaluate("""(() => {
        const t = document.querySelector('track[kind=captions]');
        return {label: t.label, lang: t.srclang, mode: t.track.mode, cues: t.track.cues.length};
    })()""")
    assert track == {"label": "Norsk", "lang": "nb", "mode": "showing",
                     "cues": len(captions.cues)}


def test_player_is_operable_with_the_keyboard(page, site_url):
    open_recording(page, site_url + PAGE)
    for _ in range(80):  # Tab through the page until the player has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "VIDEO":
            break
    else:
        pytest.fail("the video player cannot be reached with Tab")
    page.keyboard.press("Space")
    page.wait_for_function(f"!{VIDEO}.paused")
    page.keyboard.press("Space")
    page.wait_for_function(f"{VIDEO}.paused")
    # A timestamp is a link: Enter on it seeks.
    link = page.locator(".vk-cue a.vk-seek").nth(4)
    seconds = int(re.search(r"#t=(\d+)", link.get_attribute("href")).group(1))
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(near(seconds))


def test_recording_page_requests_nothing_from_other_hosts(page, site_url):
    open_recording(page, site_url + PAGE)
    page.locator(".vk-chapters a").nth(1).click()
    page.wait_for_function(f"!{VIDEO}.seeking")
    assert page.requests.foreign() == []


# --- search -------------------------------------------------------------------------------


def word_only_in_a_transcript() -> tuple[str, str]:
    """A word said in a shipped recording that no Markdown, data or other caption file has
    (not even as the start of a longer word, since the search matches prefixes)."""
    elsewhere = " ".join(
        p.read_text(encoding="utf-8").lower()
        for pattern in ("content/**/*.md", "docs/**/*.md", "cohorts/*.yml", "content/*.yml")
        for p in ROOT.glob(pattern)
    )
    tokens = set(re.findall(r"\w+", elsewhere))
    said: dict[str, set[str]] = {}
    for source in sorted((ROOT / "content" / "opptak").glob("*/captions.vtt")):
        captions, _ = read_captions(source, "")
        for word in re.findall(r"\w+", " ".join(c.text for c in captions.cues).lower()):
            said.setdefault(word, set()).add(source.parent.name)
    candidates = sorted(
        (w for w, where in said.items()
         if len(w) >= 8 and len(where) == 1 and not any(t.startswith(w) for t in tokens)),
        key=lambda w: (-len(w), w),
    )
    assert candidates, "no word occurs only in one transcript"
    return candidates[0], next(iter(said[candidates[0]]))


def test_site_search_finds_a_word_only_said_in_a_transcript(page, site_url):
    word, slug = word_only_in_a_transcript()
    page.goto(site_url)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.trim() === 'Skriv søkeord'"
    )  # the search worker is ready: Material binds "/" then, and a key pressed before is lost
    page.keyboard.press("/")
    page.locator("#__search:checked").wait_for(state="attached")
    page.keyboard.type(word)
    result = page.locator(f".md-search-result__link[href*='/opptak/{slug}/']").first
    result.wait_for()
    assert "treff" in meta.text_content()
    result.click()
    page.wait_for_url(f"**/opptak/{slug}/**")
    assert word in page.locator(".md-content").inner_text().lower()


# --- YouTube, only after consent --------------------------------------------------------------


@pytest.fixture(scope="module")
def copy_site(tmp_path_factory):
    """The site built from a copy of the project with one extra, YouTube-backed recording
    (a fixture: the shipped content has no YouTube recording)."""
    project = copy_project(tmp_path_factory.mktemp("youtube-project"))
    bundle = project / "content" / "opptak" / YOUTUBE_SLUG
    bundle.mkdir()
    shutil.copy(ROOT / "content" / "opptak" / SLUG / "captions.vtt", bundle / "captions.vtt")
    (bundle / "index.md").write_text(f"""---
title: Opptak på YouTube
description: Et opptak som ligger på YouTube, til testene.
themes: [moter]
date: 2026-10-15
event: Testsamling
speakers: [Syntetisk stemme (eksempel)]
youtube: {YOUTUBE_ID}
captions: captions.vtt
chapters:
  - {{time: "0:00", title: Begynnelsen}}
  - {{time: "1:00", title: Etter ett minutt}}
---

Et opptak til testene.
""", encoding="utf-8")
    site = project / "site"
    site.mkdir()
    with SiteServer(site) as server:
        # Built for the address it is served from, so Material's instant navigation works.
        result = toolkit("build", "--site-dir", str(site), cwd=project,
                         env={"TOOLKIT_SITE_URL": server.url})
        assert result.returncode == 0, result.stdout + result.stderr
        yield server.url


@pytest.fixture
def copy_page(browser, copy_site):
    """A fresh page for ``copy_site``, logging its requests like conftest's ``page``."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    page = context.new_page()
    page.requests = RequestLog(copy_site)
    page.on("request", lambda request: page.requests.urls.append(request.url))
    # No internet here: answer YouTube's player with an empty page instead of waiting.
    page.route("https://www.youtube-nocookie.com/**",
               lambda route: route.fulfill(status=200, content_type="text/html", body=""))
    yield page
    context.close()


@pytest.fixture
def youtube_page(copy_page, copy_site):
    copy_page.goto(copy_site + f"opptak/{YOUTUBE_SLUG}/")
    copy_page.wait_for_load_state("networkidle")
    return copy_page


def test_youtube_recording_requests_nothing_elsewhere_until_the_reader_clicks(youtube_page):
    page = youtube_page
    consent = page.locator("[data-vk-youtube]")
    assert "YouTube" in consent.inner_text() and "informasjonskapsler" in consent.inner_text()
    assert page.locator("iframe").count() == 0
    assert page.requests.foreign() == []

    page.get_by_role("button", name="Spill av fra YouTube").click()
    frame = page.locator("[data-vk-youtube] iframe")
    frame.wait_for()
    src = frame.get_attribute("src")
    assert src.startswith(f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?")
    assert frame.get_attribute("title") == "Video: Opptak på YouTube"
    page.wait_for_function("document.activeElement.tagName === 'IFRAME'")
    assert {re.match(r"https://[^/]+", url).group(0) for url in page.requests.foreign()} == {
        "https://www.youtube-nocookie.com"
    }


def test_a_timestamp_on_a_youtube_recording_is_no_consent(youtube_page):
    page = youtube_page
    page.locator(".vk-chapters a").nth(1).click()
    button = page.locator("[data-vk-youtube-load]")
    assert button.inner_text() == "Spill av fra YouTube, fra 1:00"
    assert page.locator("iframe").count() == 0
    assert page.requests.foreign() == []
    button.click()
    src = page.locator("[data-vk-youtube] iframe").get_attribute("src")
    assert "start=60" in src


# --- mkdocs serve -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dev_server_url(built_site):
    """MkDocs' own development server (as ``make serve`` runs it), with our on_serve hook,
    serving the built site."""
    from mkdocs.livereload import LiveReloadServer

    spec = importlib.util.spec_from_file_location("verktoykassa_hooks", ROOT / "hooks" / "verktoykassa.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(built_site))
    server = hook.on_serve(server, config=None, builder=None)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    while not server.serve_thread.is_alive():
        thread.join(0.05)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_seeking_works_under_mkdocs_serve(page, dev_server_url):
    open_recording(page, dev_server_url + PAGE + "#t=90")
    page.wait_for_function(near(90))
    chapter = page.locator(".vk-chapters a").nth(2)
    seconds = int(re.search(r"#t=(\d+)", chapter.get_attribute("href")).group(1))
    chapter.click()
    page.wait_for_function(near(seconds))
