"""The header on a 375 px phone: the site name and the cohort's title (or, on a released
site, mike's version selector with the cohort's title) fit beside the menu, palette and
search buttons; a title too long for the place ends in an ellipsis instead of running
under the buttons. Checked with the elements' boxes in Chromium."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import copy_project, toolkit
from tests.support.server import SiteServer

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
# A cohort title as an editor might write it, longer than any phone header.
LONG_TITLE = "Kull våren 2027 for toppledergruppene i byrådsavdelingene og bydelene"

# Each header element's box and whether its text is cut (scrollWidth beyond its width), and
# the left edge of the first button to the right of the title (palette, search).
BOXES_JS = """() => {
  const box = (selector) => {
    const el = document.querySelector(selector);
    if (!el || !el.checkVisibility()) return null;
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: el.textContent.trim(),
            cut: el.scrollWidth > el.clientWidth + 1, ellipsis: getComputedStyle(el).textOverflow};
  };
  const title = document.querySelector(".md-header__title").getBoundingClientRect();
  const buttons = [...document.querySelectorAll(".md-header__option, label.md-header__button[for=__search]")]
    .filter((el) => el.checkVisibility()).map((el) => el.getBoundingClientRect())
    .filter((r) => r.left >= title.left);
  return {
    name: box(".md-header__topic:first-child > .md-ellipsis"),
    cohort: box(".vk-cohort"),
    version: box(".md-version__current"),
    menu: document.querySelector("label.md-header__button[for=__drawer]").getBoundingClientRect().right,
    buttons: Math.min(...buttons.map((r) => r.left)),
    header: document.querySelector(".md-header").getBoundingClientRect().bottom,
    scrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
  };
}"""


def header_boxes(browser, url: str, wait_for_version: bool = False) -> dict:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="nb-NO")
    try:
        tab = context.new_page()
        tab.goto(url, wait_until="networkidle")
        if wait_for_version:
            tab.locator(".md-version").wait_for()
        return tab.evaluate(BOXES_JS)
    finally:
        context.close()


def assert_between_menu_and_buttons(found: dict, *names: str) -> None:
    for name in names:
        box = found[name]
        assert box is not None, f"{name} is not shown: {found}"
        assert box["left"] >= found["menu"] and box["right"] <= found["buttons"], (
            f"{name} «{box['text']}» runs under the buttons: {box}, buttons from {found['buttons']}")
        assert box["bottom"] <= found["header"], f"{name} hangs below the header: {box}"
    assert not found["scrollsSideways"]


@pytest.mark.parametrize("path", ["", "ovelser/", "moteplan/"])
def test_the_site_name_and_the_cohort_both_fit_whole_on_a_phone(browser, site_url, path):
    found = header_boxes(browser, site_url + path)
    assert_between_menu_and_buttons(found, "name", "cohort")
    assert found["name"]["text"] == "Verktøykassa" and not found["name"]["cut"]
    assert re.fullmatch(r"Kull \w+ \d{4}", found["cohort"]["text"]) and not found["cohort"]["cut"], found


@pytest.fixture(scope="module")
def long_titled(tmp_path_factory) -> dict[str, str]:
    """The project with the newest cohort titled ``LONG_TITLE``, built as ``toolkit build``
    builds it and as mike builds a release (``MIKE_DOCS_VERSION``, with ``versions.json``
    beside it, whose titles the version selector shows)."""
    base = tmp_path_factory.mktemp("long-title")
    project = copy_project(base / "project")
    cohort = project / "cohorts" / "2026-host.yml"
    cohort.write_text(re.sub(r"(?m)^title: .*$", f"title: {LONG_TITLE}", cohort.read_text("utf-8")), "utf-8")
    plain, released = base / "plain", base / "released"
    for site, env in ((plain, {}), (released / "2026-host", {"MIKE_DOCS_VERSION": "2026-host"})):
        done = toolkit("build", "--site-dir", str(site), cwd=project, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    (released / "versions.json").write_text(json.dumps([
        {"version": "2026-host", "title": LONG_TITLE, "aliases": ["latest"]},
    ]), encoding="utf-8")
    with SiteServer(plain) as plain_server, SiteServer(released) as released_server:
        yield {"plain": plain_server.url, "released": released_server.url + "2026-host/"}


def test_a_long_cohort_title_ends_in_an_ellipsis_before_the_buttons(browser, long_titled):
    found = header_boxes(browser, long_titled["plain"] + "ovelser/")
    assert_between_menu_and_buttons(found, "name", "cohort")
    assert found["cohort"]["text"] == LONG_TITLE
    assert found["cohort"]["cut"] and found["cohort"]["ellipsis"] == "ellipsis", found["cohort"]
    assert not found["name"]["cut"]  # the site name keeps its place


def test_a_long_title_in_the_version_selector_ends_in_an_ellipsis_before_the_buttons(browser, long_titled):
    found = header_boxes(browser, long_titled["released"] + "ovelser/", wait_for_version=True)
    assert_between_menu_and_buttons(found, "version")
    assert found["version"]["text"] == LONG_TITLE
    assert found["version"]["cut"] and found["version"]["ellipsis"] == "ellipsis", found["version"]
    assert found["cohort"] is None  # the selector says it: not twice
