"""Every page of the built site in Chromium, as the law asks of a public body's intranet
(WCAG 2.1 AA) and as the readers' privacy asks: axe-core finds no violation in the
light or the dark palette, nothing is requested from another host, nothing scrolls
sideways at 375 px, and every page is Norwegian, has one h1, a skip link to it, a
visible focus ring and a footer link to the accessibility statement.

The pages are not a sample: the suite opens every HTML file the build wrote. To stay
fast on two cores, each palette uses one browser context and one tab that goes from
page to page; each page is measured once and the tests below assert on the results,
so a failure lists every page and rule at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.a11y import (
    FIRST_SCREEN_JS,
    FOCUS_PROBLEMS_JS,
    OVERFLOW_JS,
    RESOURCE_URLS_JS,
    SEARCH_READY_JS,
    STRUCTURE_JS,
    html_pages,
    page_url,
    search_for,
)
from tests.support.axe import AXE, WCAG_21_AA, violations

pytestmark = pytest.mark.browser

PALETTES = ("light", "dark")
SCHEME = {"light": "default", "dark": "slate"}  # Material's name for each palette
MAX_LINES = 150  # in one failure message; the rest is counted


@dataclass
class PageReport:
    """What one page showed in one palette."""

    url: str
    violations: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    structure: dict = field(default_factory=dict)


def failure(title: str, lines: list[str]) -> str:
    shown = lines[:MAX_LINES]
    more = f"\n… and {len(lines) - MAX_LINES} more" if len(lines) > MAX_LINES else ""
    return f"{title} ({len(lines)}):\n" + "\n".join(shown) + more


@pytest.fixture(scope="module")
def pages(built_site) -> list[str]:
    return html_pages(built_site)


@pytest.fixture(scope="module", params=PALETTES)
def audit(request, browser, site_url, built_site, pages) -> tuple[str, list[PageReport]]:
    """Open every page at laptop size in one palette and measure it.

    The palette is the reader's system setting (``prefers-color-scheme``), which
    Material follows until the reader picks one with the toggle. Requests are those
    the page made until it was measured, plus every resource its markup names (lazy
    images and posters are requested later, if at all). The dark pass does not load
    the search index: the light pass has seen the search ask for it on every page, and
    building the index on each page load would double the time axe-core needs."""
    palette = request.param
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, color_scheme=palette, locale="nb-NO",
    )
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core with `npm ci`")
    context.add_init_script(path=str(AXE))  # once per page, before the page's own scripts
    if palette != PALETTES[0]:
        _skip_search_index(context, built_site)
    tab = context.new_page()
    requested: list[str] = []
    tab.on("request", lambda r: requested.append(r.url))
    reports = []
    try:
        for path in pages:
            url = page_url(site_url, path)
            requested.clear()
            tab.goto(url, wait_until="load")
            report = PageReport(url=url, structure=tab.evaluate(STRUCTURE_JS))
            for violation in violations(tab, tags=WCAG_21_AA):
                report.violations += [f"{violation['id']}: {node}" for node in violation["nodes"]]
            tab.wait_for_function(SEARCH_READY_JS)
            tab.keyboard.press("Shift")  # a key press first: later focus counts as keyboard focus
            report.focus = tab.evaluate(FOCUS_PROBLEMS_JS)
            named = tab.evaluate(RESOURCE_URLS_JS)
            report.foreign = sorted({u for u in [*requested, *named] if _is_foreign(u, site_url)})
            reports.append(report)
    finally:
        context.close()
    return palette, reports


def _is_foreign(url: str, site_url: str) -> bool:
    return url.split(":", 1)[0] in ("http", "https", "ws", "wss") and not url.startswith(site_url)


def _skip_search_index(context, site: Path) -> None:
    """Give the search an index with the site's settings and no pages."""
    config = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    empty = {"config": config, "docs": []}
    context.route("**/search/search_index.json", lambda route: route.fulfill(json=empty))


def test_every_html_page_of_the_site_is_audited(audit, pages, built_site):
    _, reports = audit
    assert len(reports) == len(list(built_site.rglob("*.html"))) == len(pages)
    opened = {report.url.rstrip("/").rsplit("/", 1)[-1] for report in reports}
    assert {"404.html", "tilgjengelighet"} <= opened


def test_axe_finds_no_wcag_violation_on_any_page(audit):
    palette, reports = audit
    lines = [f"{r.url} {line}" for r in reports for line in r.violations]
    assert not lines, failure(f"axe-core: WCAG 2.1 A/AA violations in the {palette} palette", lines)


def test_the_palette_under_test_is_the_one_the_pages_show(audit):
    palette, reports = audit
    wrong = [f"{r.url}: {r.structure['scheme']}" for r in reports if r.structure["scheme"] != SCHEME[palette]]
    assert not wrong, failure(f"pages not in the {palette} palette", wrong)


def test_no_page_requests_anything_from_another_host(audit):
    _, reports = audit
    lines = [f"{r.url} requested {url}" for r in reports for url in r.foreign]
    assert not lines, failure("requests to other hosts", lines)


def test_every_page_is_norwegian_with_one_main_heading(audit):
    _, reports = audit
    lines = []
    for r in reports:
        if r.structure["lang"] != "nb":
            lines.append(f"{r.url}: lang={r.structure['lang']!r}, not 'nb'")
        if len(r.structure["h1s"]) != 1:
            lines.append(f"{r.url}: {len(r.structure['h1s'])} h1 elements {r.structure['h1s']}, not one")
    assert not lines, failure("language and main heading", lines)


def test_headings_go_down_one_level_at_a_time(audit):
    _, reports = audit
    lines = [f"{r.url}: {jump}" for r in reports for jump in r.structure["skippedHeadings"]]
    assert not lines, failure("headings that skip a level", lines)


def test_every_table_has_header_cells(audit):
    _, reports = audit
    lines = [f"{r.url}: table «{first}…» has no <th>" for r in reports for first in r.structure["headlessTables"]]
    assert not lines, failure("tables without headers", lines)


def test_link_texts_say_where_they_go(audit):
    """«Les mer», «her» or a bare address say nothing to someone who lists the links."""
    _, reports = audit
    lines = [f"{r.url}: link text «{text}»" for r in reports for text in r.structure["vagueLinks"]]
    assert not lines, failure("link texts that make no sense on their own", lines)


def test_every_page_has_a_skip_link_to_its_main_heading(audit):
    """Material's «Gå til innhold» link goes to the first heading in the page's table
    of contents: a page whose Markdown starts at `##` would skip its own title."""
    _, reports = audit
    lines = [
        f"{r.url}: skip link {r.structure['skip']!r} leads to {r.structure['skipTarget']!r}, not the h1 "
        "(give the page a `# Title` heading in its Markdown)"
        for r in reports if r.structure["skipTarget"] != "h1"
    ]
    assert not lines, failure("skip links", lines)


def test_focus_is_visible_on_everything_the_keyboard_reaches(audit):
    palette, reports = audit
    lines = [f"{r.url} {line}" for r in reports for line in r.focus]
    assert not lines, failure(f"focus rings in the {palette} palette", lines)


def test_every_page_links_to_the_accessibility_statement_in_its_footer(audit, site_url, page):
    _, reports = audit
    statement = page_url(site_url, "tilgjengelighet/")
    lines = [f"{r.url}: footer link {r.structure['footerLink']!r}" for r in reports
             if r.structure["footerLink"] != statement]
    assert not lines, failure(f"footer links to {statement}", lines)
    page.goto(statement)
    assert page.locator("h1").inner_text().replace("¶", "").strip() == "Tilgjengelighetserklæring"


# ---- On a phone --------------------------------------------------------------------


@pytest.fixture(scope="module")
def phone_audit(browser, site_url, built_site, pages) -> list[tuple[str, dict, dict, list[str]]]:
    """Open every page on a 375 px wide phone screen and measure its first screen."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
        has_touch=True, locale="nb-NO",
    )
    _skip_search_index(context, built_site)
    tab = context.new_page()
    results = []
    try:
        for path in pages:
            url = page_url(site_url, path)
            tab.goto(url, wait_until="load")
            overflow, screen = tab.evaluate(OVERFLOW_JS), tab.evaluate(FIRST_SCREEN_JS)
            tab.wait_for_function(SEARCH_READY_JS)
            tab.keyboard.press("Shift")
            results.append((url, overflow, screen, tab.evaluate(FOCUS_PROBLEMS_JS)))
    finally:
        context.close()
    return results


def test_no_page_scrolls_sideways_at_375_px(phone_audit):
    lines = [
        f"{url}: {o['scrollWidth']} px wide in a {o['width']} px screen; sticking out: {', '.join(o['culprits'])}"
        for url, o, _, _ in phone_audit if o["scrolls"]
    ]
    assert not lines, failure("pages that scroll sideways at 375 px", lines)


def test_main_heading_is_on_the_first_screen_below_the_header_at_375_px(phone_audit):
    lines = []
    for url, _, screen, _ in phone_audit:
        h1 = screen["h1"]
        if h1 is None:
            lines.append(f"{url}: no h1")
        elif h1["top"] < screen["headerBottom"] - 1 or h1["bottom"] > screen["viewport"]:
            lines.append(
                f"{url}: h1 «{h1['text']}» at {h1['top']:.0f}–{h1['bottom']:.0f} px, header ends at "
                f"{screen['headerBottom']:.0f} px, screen is {screen['viewport']} px high"
            )
    assert not lines, failure("main headings not visible on the first screen", lines)


def test_focus_is_visible_and_on_the_screen_at_375_px(phone_audit):
    lines = [f"{url} {line}" for url, _, _, focus in phone_audit for line in focus]
    assert not lines, failure("focus at 375 px", lines)


# ---- What only shows after a key press -----------------------------------------------


@pytest.mark.parametrize("palette", PALETTES)
def test_axe_finds_no_violation_in_the_open_search_and_the_open_menu(browser, site_url, palette):
    """The search results and the phone's menu are hidden until opened, so the page audit
    above cannot see them."""
    lines = []
    for viewport in ({"width": 1280, "height": 800}, {"width": 375, "height": 740}):
        context = browser.new_context(viewport=viewport, color_scheme=palette, locale="nb-NO")
        tab = context.new_page()
        url = page_url(site_url, "teori/")
        tab.goto(url)
        search_for(tab, "møte")
        lines += [f"{url} search at {viewport['width']} px {v['id']}: {node}"
                  for v in violations(tab, tags=WCAG_21_AA) for node in v["nodes"]]
        if viewport["width"] < 1000:
            tab.keyboard.press("Escape")
            tab.get_by_role("button", name="Åpne menyen").focus()
            tab.keyboard.press("Enter")
            tab.locator(".md-sidebar--primary").wait_for()
            lines += [f"{url} open menu {v['id']}: {node}"
                      for v in violations(tab, tags=WCAG_21_AA) for node in v["nodes"]]
        context.close()
    assert not lines, failure(f"axe-core in the {palette} palette", lines)
