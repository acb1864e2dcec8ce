"""The released site behind the real nginx, with the project's own server block.

Two cohorts are released in a temporary repository and exported (tests/support/
released.py); Debian's nginx serves the export with ``deploy/nginx/verktoykassa.conf``
(only ``listen`` and ``root`` changed; ``toolkit.publish.webserver.nginx``), as an ordinary process on a
loopback port. The tests check what a reader and an operator would notice: ranges for
video, types, compression, the root and each cohort's 404 page, the headers of each kind
of response, no Content-Security-Policy violation on any kind of page in either cohort,
and what a phone on a slow connection transfers for a first and a next page.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import ROOT, free_port
from tests.support.a11y import SEARCH_READY_JS
from tests.support.released import NEW, NEW_TITLE, OLD, OLD_TITLE, RECORDING, YOUTUBE, release_two_cohorts
from toolkit.publish.webserver import csp
from toolkit.publish.webserver.nginx import Nginx, find_nginx
from toolkit.settings import current, from_environment

TYPICAL = "ovelser/moteevaluering"
COHORTS = (OLD, NEW)
IMMUTABLE = "public, max-age=31536000, immutable"
PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "nb-NO"}
# The throttled phone of issue 15 (Lighthouse's mobile profile): 150 ms round trip,
# 1.6 Mbit/s down, 750 kbit/s up, a CPU four times slower.
THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8}
MAX_FIRST_VIEW_BYTES = 100_000

# Every Content-Security-Policy violation in the page, as the browser reports it.
RECORD_VIOLATIONS = """
window.vkViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.vkViolations.push(
  [event.violatedDirective, event.blockedURI, event.sourceFile, event.lineNumber, event.sample].join(" ")));
"""


@dataclass
class Served:
    url: str
    export: Path
    repo: Path
    nginx: Nginx

    def request(self, path: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
        """One request, as ``curl`` makes it: no compression unless asked for."""
        connection = http.client.HTTPConnection("127.0.0.1", urlsplit(self.url).port, timeout=10)
        try:
            connection.request(method, "/" + path.lstrip("/"), headers=headers or {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()


@dataclass(frozen=True)
class Hit:
    """One line of nginx's access log (toolkit.publish.webserver.nginx's format)."""

    status: int
    method: str
    path: str
    sent: int  # bytes sent: headers and body
    revalidated: bool  # the browser asked with If-None-Match


_HIT = re.compile(r'^(\d{3}) "(\S+) (\S+) [^"]*" (\d+) "([^"]*)"')


class AccessLog:
    """What reached nginx from a given moment on: the server's own record of every request."""

    def __init__(self, path: Path):
        self.path = path
        self.mark()

    def mark(self) -> None:
        self.offset = self.path.stat().st_size

    def hits(self) -> list[Hit]:
        with open(self.path, encoding="utf-8") as log:
            log.seek(self.offset)
            lines = log.read().splitlines()
        out = []
        for line in lines:
            match = _HIT.match(line)
            assert match, line
            status, method, path, sent, etag = match.groups()
            out.append(Hit(int(status), method, path.split("?")[0], int(sent), etag not in ("", "-")))
        return out


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    program = find_nginx(current())
    if program is None:
        pytest.fail("nginx is missing: `make test` installs Debian's nginx package")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    repo, export = release_two_cohorts(tmp_path_factory.mktemp("nginx"), url)
    with Nginx(program, ROOT, export, port) as server:
        yield Served(url, export, repo, server)


@pytest.fixture
def context(browser):
    """A fresh laptop-size browser context that records CSP violations on every page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    context.add_init_script(RECORD_VIOLATIONS)
    # No internet here: YouTube's player is answered by a stub page.
    context.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html",
        body="<!doctype html><title>YouTube</title><p id='stub'>Spilleren fra YouTube</p>"))
    yield context
    context.close()


# --- what nginx answers ------------------------------------------------------------------


def test_a_video_answers_a_range_request_with_206_and_exactly_those_bytes(served):
    video = served.export / NEW / RECORDING / "video.mp4"
    data = video.read_bytes()
    status, headers, body = served.request(f"{NEW}/{RECORDING}/video.mp4", headers={"Range": "bytes=1000-1999"})
    assert status == 206
    assert headers["content-range"] == f"bytes 1000-1999/{len(data)}"
    assert headers["content-type"] == "video/mp4"
    assert body == data[1000:2000]


def test_captions_are_served_as_text_vtt(served):
    status, headers, _ = served.request(f"{OLD}/{RECORDING}/captions.vtt", "HEAD")
    assert status == 200 and headers["content-type"] == "text/vtt; charset=utf-8"


@pytest.mark.parametrize("path", [f"{NEW}/", f"{OLD}/{TYPICAL}/", f"{NEW}/{RECORDING}/captions.vtt",
                                  "versions.json"])
def test_text_comes_gzip_encoded_from_the_exports_gz_files(served, path):
    status, headers, body = served.request(path, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    plain = served.export / (path + "index.html" if path.endswith("/") else path)
    assert gzip.decompress(body) == plain.read_bytes()
    if path.endswith("/"):
        assert len(body) < plain.stat().st_size / 3  # a page: a fifth of it, about


def test_pagefinds_own_files_are_binary_and_not_compressed_again(served):
    pagefind = served.export / NEW / "pagefind"
    for path in [next(pagefind.glob("*.pf_meta")), next(pagefind.glob("index/*.pf_index")),
                 next(pagefind.glob("fragment/*.pf_fragment")), pagefind / "wasm.nb.pagefind"]:
        relative = path.relative_to(served.export).as_posix()
        status, headers, body = served.request(relative, headers={"Accept-Encoding": "gzip"})
        assert status == 200 and headers["content-type"] == "application/octet-stream", relative
        assert "content-encoding" not in headers and body == path.read_bytes(), relative
    status, headers, _ = served.request(f"{NEW}/pagefind/pagefind.js", "HEAD")
    assert headers["content-type"] == "application/javascript; charset=utf-8"


@pytest.mark.parametrize("cohort, title", [(OLD, OLD_TITLE), (NEW, NEW_TITLE)])
def test_an_unknown_path_in_a_cohort_shows_that_cohorts_404_page_with_status_404(served, cohort, title):
    status, headers, body = served.request(f"{cohort}/finnes-ikke/side/")
    page = body.decode("utf-8")
    assert status == 404
    assert "Fant ikke siden" in page and f"{title}: bygget" in page
    assert body == (served.export / cohort / "404.html").read_bytes()
    assert headers["cache-control"] == "no-cache" and "content-security-policy" in headers


@pytest.mark.parametrize("path", ["finnes-ikke/", "latest/finnes-ikke/", "finnes-ikke/404.html"])
def test_an_address_outside_every_cohort_shows_the_newest_cohorts_404_page(served, path):
    status, _, body = served.request(path)
    assert status == 404
    assert body == (served.export / NEW / "404.html").read_bytes()  # no redirect page, no loop


def test_a_folder_without_its_slash_is_redirected_on_the_same_host(served):
    status, headers, _ = served.request(f"{OLD}/program")
    assert status == 301 and headers["location"] == f"/{OLD}/program/"


@pytest.mark.parametrize("path", [".toolkit-output", "%2Etoolkit-output", f"{NEW}/.env", "latest/.git/config",
                                  f"{OLD}/.skjult/side.html"])
def test_no_dotfile_is_served_at_any_depth(served, path):
    """The export's own marker is in its root; anything else whose name begins with a dot
    could be dropped into the tree by hand. Every one is a 404 with the site's 404 page."""
    for planted in (f"{NEW}/.env", "latest/.git/config", f"{OLD}/.skjult/side.html"):
        (served.export / planted).parent.mkdir(parents=True, exist_ok=True)
        (served.export / planted).write_text("hemmelig", encoding="utf-8")
    assert (served.export / ".toolkit-output").is_file()
    status, headers, body = served.request(path)
    assert status == 404 and b"hemmelig" not in body and b"toolkit export" not in body
    assert headers["content-security-policy"] == csp.policy((ROOT / csp.NGINX_CONFIG).read_text())


def raw_request(served: Served, data: bytes) -> tuple[int, dict]:
    """Bytes no HTTP client would send: nginx answers with a page of its own."""
    with socket.create_connection(("127.0.0.1", urlsplit(served.url).port), timeout=10) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    return int(head[0].split()[1]), {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in head[1:])}


NGINX_PAGES = {
    "400 (two Host headers)": (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    "400 (no request line)": (b"NONSENSE\r\n\r\n", 400),
    "414 (an address of 9 000 characters)": (b"GET /" + b"a" * 9000 + b" HTTP/1.0\r\n\r\n", 414),
    "301 (a folder without its slash)": (f"GET /{OLD}/program HTTP/1.0\r\n\r\n".encode(), 301),
}


@pytest.mark.parametrize("kind", NGINX_PAGES)
def test_nginxs_own_pages_carry_the_same_security_headers_as_the_site(served, kind):
    request, expected = NGINX_PAGES[kind]
    status, headers = raw_request(served, request)
    assert status == expected
    assert headers["content-security-policy"] == csp.policy((ROOT / csp.NGINX_CONFIG).read_text())
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


# --- headers (what `curl -I` shows) -------------------------------------------------------

PAGE_TYPES = {
    "redirect to the newest cohort": "",
    "front page": f"{NEW}/",
    "finder": f"{NEW}/ovelser/",
    "exercise": f"{OLD}/{TYPICAL}/",
    "recording": f"{NEW}/{RECORDING}/",
    "programme": f"{OLD}/program/",
    "theme": f"{NEW}/temaer/moter/",
}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_kind_of_page_has_the_security_headers_and_is_revalidated(served, kind):
    status, headers, _ = served.request(PAGE_TYPES[kind], "HEAD")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert headers["etag"]  # revalidated with If-None-Match: a 304 when unchanged
    assert headers["content-security-policy"] == csp.policy((ROOT / csp.NGINX_CONFIG).read_text())
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["permissions-policy"] == "camera=(), microphone=(), geolocation=()"


def test_the_policy_allows_only_the_site_itself_pagefinds_webassembly_and_youtubes_player(served):
    _, headers, _ = served.request(f"{NEW}/", "HEAD")
    policy = csp.directives(headers["content-security-policy"])
    assert policy["default-src"] == ["'self'"]
    assert set(policy["script-src"]) - csp.allowed_hashes(headers["content-security-policy"]) == {
        "'self'", "'wasm-unsafe-eval'"}
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com"]
    assert policy["frame-ancestors"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert not [word for words in policy.values() for word in words if "unsafe-inline" in word or word == "*"]


def hashed_files(served: Served) -> list[str]:
    version = served.export / NEW
    found = [*version.glob("assets/stylesheets/*.css"), *version.glob("assets/javascripts/*.js"),
             *version.glob("assets/javascripts/workers/*.js"), *version.glob("assets/favicon.*.svg"),
             *version.glob("pagefind/*.pf_meta"), next(version.glob("pagefind/index/*")),
             next(version.glob("pagefind/fragment/*"))]
    return [path.relative_to(served.export).as_posix() for path in found]


def test_every_stylesheet_script_and_index_chunk_has_a_hashed_name_and_is_immutable(served):
    files = hashed_files(served)
    names = {Path(f).name for f in files}
    assert {re.sub(r"\.[0-9a-f]{8}\.", ".*.", n) for n in names} >= {
        "site.*.css", "site.*.js", "finder.*.js", "search-pagefind.*.js", "favicon.*.svg",
        "bundle.*.min.js", "main.*.min.css", "palette.*.min.css", "search.*.min.js"}
    for path in files:
        status, headers, _ = served.request(path, "HEAD")
        assert status == 200 and headers["cache-control"] == IMMUTABLE, path
        assert headers["x-content-type-options"] == "nosniff", path


@pytest.mark.parametrize("path", ["versions.json", f"{NEW}/sitemap.xml", f"{NEW}/search/search_index.json",
                                  f"{NEW}/pagefind/pagefind.js", f"{NEW}/pagefind/pagefind-entry.json",
                                  f"{NEW}/pagefind/wasm.nb.pagefind", f"{NEW}/{RECORDING}/video.mp4",
                                  f"{NEW}/{RECORDING}/captions.vtt"])
def test_files_without_a_hash_in_their_name_are_revalidated(served, path):
    status, headers, _ = served.request(path, "HEAD")
    assert status == 200 and headers["cache-control"] == "no-cache", path


def test_only_pages_and_the_search_worker_carry_the_policy(served):
    worker = next((served.export / NEW / "assets/javascripts/workers").glob("search-pagefind.*.js"))
    bundle = next((served.export / NEW / "assets/javascripts").glob("site.*.js"))
    for path, sent in [(worker.relative_to(served.export).as_posix(), True),  # a worker has its own
                       (bundle.relative_to(served.export).as_posix(), False),
                       (f"{NEW}/{RECORDING}/video.mp4", False), ("versions.json", False)]:
        _, headers, _ = served.request(path, "HEAD")
        assert ("content-security-policy" in headers) is sent, path


# --- in Chromium -------------------------------------------------------------------------


def until(page, expression: str, timeout: float = 30) -> None:
    """Wait until ``expression`` is true in the page. Not Playwright's wait_for_function:
    its polling evaluates a string in the page, which the policy (rightly) blocks."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.05)


def no_violations(page) -> None:
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.vkViolations") == []


def open_page(context, url: str):
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.console = console
    response = page.goto(url)
    page.status = response.status if response else None
    return page


def front(page, cohort):
    page.locator(".md-content h1").wait_for()


def finder(page, cohort):
    total = page.locator("#vk-finder-list .vk-card").count()
    page.get_by_label("Møter").check()
    page.get_by_label("Lengste varighet").select_option("45")
    page.get_by_label("Søk i øvelsene").fill("møte")
    until(page, f"document.querySelectorAll('#vk-finder-list .vk-card:not([hidden])').length < {total}")
    assert "tema=moter" in page.url


def exercise(page, cohort):
    page.evaluate("() => { window.print = () => { window.vkPrinted = true; }; }")  # no print dialog
    page.get_by_role("button", name="Skriv ut", exact=True).click()
    assert page.evaluate("window.vkPrinted") is True
    address = page.locator(".vk-print-address__url").inner_text()
    assert address == page.url.split("#")[0]  # filled in by print.js


def recording(page, cohort):
    video = "document.querySelector('[data-vk-recording] video')"
    page.evaluate("window.vkSeeks = []; document.addEventListener('seeked', "
                  "(e) => window.vkSeeks.push(e.target.currentTime), true)")
    until(page, f"{video}.readyState >= 1")
    link = page.locator(".vk-cue a.vk-seek").nth(3)
    seconds = int(re.search(r"#t=(\d+)", link.get_attribute("href")).group(1))
    link.click()
    until(page, f"window.vkSeeks.some((t) => Math.abs(t - {seconds}) < 1)")
    until(page, f"!{video}.paused && {video}.currentTime > {seconds}")


def youtube(page, cohort):
    assert page.locator("iframe").count() == 0
    page.get_by_role("button", name="Spill av fra YouTube").click()
    player = page.frame_locator("[data-vk-youtube] iframe").locator("#stub")
    player.wait_for()  # the frame loaded: the policy allowed it
    assert player.inner_text() == "Spilleren fra YouTube"


def search(page, cohort):
    # Material binds "/" once its worker answered SETUP; a key pressed before is lost.
    until(page, SEARCH_READY_JS)
    page.keyboard.press("/")
    page.keyboard.type("psykologisk trygghet")
    try:
        page.locator(".md-search-result__item").first.wait_for()
    except Exception:  # say what the dialog showed instead of results
        state = page.evaluate("[document.querySelector('#__search').checked, "
                              "document.querySelector('.md-search__input').value, "
                              "document.querySelector('.md-search-result__meta').textContent]")
        pytest.fail(f"no search results; open, field, meta: {state}; console: {page.console}")


def programme(page, cohort):
    assert "Programplan for" in page.locator("h1").inner_text()


def not_found(page, cohort):
    assert page.status == 404
    assert page.locator("h1").inner_text() == "Fant ikke siden"


PAGES = {
    "front page": ("", front),
    "finder with filters": ("ovelser/", finder),
    "exercise, print button": (f"{TYPICAL}/", exercise),
    "recording, seeking from the transcript": (f"{RECORDING}/", recording),
    "recording on YouTube after consent": (f"{YOUTUBE}/", youtube),
    "search with results": ("", search),
    "programme": ("program/", programme),
    "404 page": ("finnes-ikke/", not_found),
}


@pytest.mark.browser
@pytest.mark.parametrize("cohort", COHORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_no_page_violates_the_content_security_policy(served, context, cohort, kind):
    path, use = PAGES[kind]
    page = open_page(context, f"{served.url}{cohort}/{path}")
    use(page, cohort)
    no_violations(page)
    assert not [text for text in page.console if "Content Security Policy" in text]


@pytest.mark.browser
def test_the_root_redirects_to_the_newest_cohort_without_violations(served, context):
    page = open_page(context, served.url)
    page.wait_for_url(f"{served.url}{NEW}/")  # / → latest/ → 2026-host/: two redirect pages
    no_violations(page)
    page.goto(f"{served.url}latest/program/")
    page.wait_for_url(f"{served.url}{NEW}/program/")
    no_violations(page)


@pytest.mark.browser
def test_an_older_cohorts_pages_load_with_its_notice(served, context):
    page = open_page(context, f"{served.url}{OLD}/{TYPICAL}/")
    assert page.status == 200
    page.locator("[data-md-component=outdated]").wait_for()
    until(page, f"document.querySelector('[data-vk-newest]').href.includes('/{NEW}/')")
    # On the next page the notice shows at once, from what the first page stored (Material's
    # inline script, overrides/partials/javascripts/outdated.html), before versions.json is read.
    page.route("**/versions.json", lambda route: route.abort())
    page.goto(f"{served.url}{OLD}/program/")
    assert page.locator("[data-md-component=outdated]").is_visible()
    no_violations(page)


@pytest.mark.browser
def test_the_policy_is_enforced_and_violations_are_seen(served, context):
    """The control for the tests above: what the policy forbids is blocked and reported."""
    page = open_page(context, f"{served.url}{NEW}/")
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.vkInline = true";
      document.body.append(script);
      const image = document.createElement("img");
      image.src = "https://example.org/bilde.png";
      document.body.append(image);
      document.body.setAttribute("style", "color: red");
    }""")
    until(page, "window.vkViolations.length >= 3")
    directives = " ".join(page.evaluate("window.vkViolations"))
    assert "script-src" in directives and "img-src" in directives and "style-src" in directives
    assert page.evaluate("window.vkInline") is None


@pytest.mark.browser
def test_a_video_seeks_in_chromium_through_byte_ranges(served, context):
    log = AccessLog(served.nginx.access_log)
    page = open_page(context, f"{served.url}{OLD}/{RECORDING}/")
    recording(page, OLD)
    video = [hit for hit in log.hits() if hit.path.endswith("/video.mp4")]
    assert video and {hit.status for hit in video} == {206}


# --- a phone on a slow connection --------------------------------------------------------


def throttled_phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return context, page


@pytest.mark.browser
def test_a_phone_moves_at_most_100_kb_for_an_exercise_and_then_only_the_next_pages_html(served, browser):
    context, page = throttled_phone(browser)
    log = AccessLog(served.nginx.access_log)
    try:
        page.goto(f"{served.url}{NEW}/{TYPICAL}/", wait_until="load")
        page.wait_for_load_state("networkidle")
        first = log.hits()
        sent = sum(hit.sent for hit in first)
        print(f"first view: {len(first)} requests, {sent:,} bytes:", [(h.path, h.status, h.sent) for h in first])
        assert sent <= MAX_FIRST_VIEW_BYTES, [(hit.path, hit.sent) for hit in first]

        log.mark()
        page.evaluate("window.vkSamePage = true")  # gone if the browser loads a whole new page
        link = page.locator("a.md-footer__link--next")
        target = urljoin(page.url, link.get_attribute("href"))
        link.click()
        page.wait_for_url(lambda url: url.split("#")[0] == target)  # Material may add a section's anchor
        page.wait_for_load_state("networkidle")
        time.sleep(0.5)
        assert page.evaluate("window.vkSamePage === true"), "Material did not switch pages instantly"
        next_page = urlsplit(page.url).path
        assert [(hit.method, hit.path, hit.status) for hit in log.hits()] == [("GET", next_page, 200)]
    finally:
        context.close()


@pytest.mark.browser
def test_a_new_tab_on_a_warm_cache_fetches_no_stylesheet_or_script_again(served, browser):
    """A page opened anew (a bookmark, a new tab): the hashed files come from the browser's
    cache without a request; only files that are not hashed are asked for again, and only
    as a revalidation answered with 304."""
    context, page = throttled_phone(browser)
    log = AccessLog(served.nginx.access_log)
    try:
        page.goto(f"{served.url}{NEW}/{TYPICAL}/")
        page.wait_for_load_state("networkidle")
        before = {hit.path for hit in log.hits()}
        log.mark()
        tab = context.new_page()
        tab.goto(f"{served.url}{NEW}/ovelser/", wait_until="load")
        tab.wait_for_load_state("networkidle")
        again = [hit for hit in log.hits() if hit.path in before]
        assert again, "nothing was asked for again"
        assert not [hit for hit in again if re.search(r"\.(css|js|svg|pf_\w+)$", hit.path)], again
        assert {(hit.status, hit.revalidated) for hit in again} == {(304, True)}, again
    finally:
        context.close()


# --- toolkit serve --versions --------------------------------------------------------------


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    parts = urlsplit(url)
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=1)
            connection.request("HEAD", "/")
            connection.getresponse()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on {url}")


def serve_versions(repo: Path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "toolkit", "serve", "--versions", "--dev-addr",
                                f"127.0.0.1:{port}"], cwd=repo, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return process, f"http://127.0.0.1:{port}/"


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    _, err = process.communicate(timeout=30)
    return err


def wait_for_announcement(process: subprocess.Popen, timeout: float = 60) -> str:
    """What ``toolkit serve --versions`` printed up to and including the line that tells the
    user where it serves. nginx answers a moment before the command has seen its pid file and
    printed that line, so a test that stops it as soon as the port answers can beat the line."""
    said = ""
    deadline = time.monotonic() + timeout
    while "avslutt med Ctrl+C" not in said:
        assert time.monotonic() < deadline, f"toolkit serve --versions never said where it serves: {said!r}"
        assert process.poll() is None, said + process.stderr.read()
        line = process.stderr.readline()  # the command prints whole lines and flushes them
        said += line
    return said


def test_serve_versions_serves_through_the_projects_nginx_config(served):
    process, url = serve_versions(served.repo)
    try:
        wait_for(url, process)
        said = wait_for_announcement(process)
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        connection.request("GET", f"/{NEW}/finnes-ikke/", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        assert response.status == 404 and response.getheader("Content-Encoding") == "gzip"
        assert response.getheader("Content-Security-Policy") == csp.policy((ROOT / csp.NGINX_CONFIG).read_text())
        connection.close()
    finally:
        err = stop(process)
    assert "servert av nginx med deploy/nginx/verktoykassa.conf" in said + err
    assert nginx_processes() == [str(served.nginx.prefix)]  # its nginx stopped with it


def nginx_processes() -> list[str]:
    """The prefix of every nginx master process that toolkit.publish.webserver.nginx started and that runs
    (nginx writes its title over its command line: «nginx: master process … -p PREFIX …»)."""
    prefixes = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            title = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        match = re.match(r"nginx: master process \S+ -p (\S*toolkit-nginx-\S+)", title)
        if match:
            prefixes.append(match.group(1))
    return prefixes


def test_serve_versions_killed_with_sigkill_leaves_no_nginx_listening(served):
    process, url = serve_versions(served.repo)
    try:
        wait_for(url, process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    port = urlsplit(url).port
    deadline = time.monotonic() + 5
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            break
        assert time.monotonic() < deadline, f"nginx still serves port {port} after toolkit serve was killed"
        time.sleep(0.1)
    while nginx_processes() != [str(served.nginx.prefix)]:  # only the fixture's own nginx is left
        assert time.monotonic() < deadline + 5, nginx_processes()
        time.sleep(0.1)


def test_nginx_is_looked_for_on_the_path_the_run_was_started_with_or_where_debian_puts_it(tmp_path):
    fake = tmp_path / "nginx"
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(0o755)
    assert find_nginx(from_environment({"PATH": str(tmp_path)})) == str(fake)
    assert find_nginx(from_environment({"PATH": str(tmp_path / "tom")})) in (
        None, *(f"{folder}/nginx" for folder in ("/usr/sbin", "/sbin")))
    assert find_nginx(from_environment({"PATH": str(tmp_path), "TOOLKIT_NGINX": "finnes-ikke"})) is None
