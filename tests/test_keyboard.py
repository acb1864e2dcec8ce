"""The site with the keyboard alone, focus always visible: the search, the menu on a
narrow screen, and the version selector of a released site.

The exercise finder's filters and the recording's player and transcript have their
keyboard tests beside their other tests (test_exercise_browser.py,
test_recording_browser.py).
"""

from __future__ import annotations

import json
import shutil
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.conftest import toolkit
from tests.support.a11y import FOCUSED_JS, SEARCH_READY_JS, search_for
from tests.support.server import SiteServer

pytestmark = pytest.mark.browser


def focused(tab) -> dict:
    return tab.evaluate(FOCUSED_JS)


def press(tab, key: str) -> dict:
    """Press ``key`` and say what has focus afterwards, failing if it cannot be seen."""
    tab.keyboard.press(key)
    now = focused(tab)
    assert now["problem"] is None, f"after {key}: {now['element']}: {now['problem']}"
    return now


def tab_to(tab, label: str, limit: int = 40) -> list[str]:
    """Press Tab until the element named ``label`` has focus; the stops on the way."""
    stops = []
    for _ in range(limit):
        now = press(tab, "Tab")
        stops.append(now["label"])
        if label in (now["label"], now["element"].split(" ", 1)[0]):
            return stops
    raise AssertionError(f"Tab never reached «{label}»; stops: {stops}")


# ---- Search ------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_the_search_opens_from_the_keyboard(page, site_url, key):
    page.goto(site_url + "teori/")
    page.wait_for_function(SEARCH_READY_JS)
    page.keyboard.press(key)
    now = focused(page)
    assert now["element"].startswith("input.md-search__input"), now
    assert now["problem"] is None, now["problem"]
    # Material opens the search dialog from the input's focus event: wait for it, don't race it.
    expect(page.locator("#__search")).to_be_checked()


def test_arrows_move_through_search_results_and_enter_opens_one(page, site_url):
    page.goto(site_url + "teori/")
    search_for(page, "møte")

    first = press(page, "ArrowDown")
    second = press(page, "ArrowDown")
    assert first["element"].startswith("a.md-search-result__link"), first
    assert second["element"] != first["element"], second  # the next result, or «N flere på denne siden»
    assert press(page, "ArrowUp")["href"] == first["href"]

    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == urlparse(first["href"]).path)
    assert page.locator("h1").count() == 1
    expect(page.locator("#__search")).not_to_be_checked()


def test_escape_closes_the_search_and_tab_leaves_it_for_the_page(page, site_url):
    page.goto(site_url + "teori/")
    search_for(page, "tillit")
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()

    page.keyboard.press("/")
    after = press(page, "Tab")  # out of the search field: the next thing is on the page, visible
    expect(page.locator("#__search")).not_to_be_checked()
    assert not after["element"].startswith("div.md-search__scrollwrap"), after


# ---- The menu on a narrow screen -----------------------------------------------------


def test_on_a_phone_the_menu_opens_is_walked_and_closes_with_the_keyboard(phone, site_url):
    phone.goto(site_url + "teori/")
    stops = tab_to(phone, "Åpne menyen")
    assert stops[0] == "Gå til innhold", stops
    assert phone.locator('label[for="__drawer"][role="button"]').get_attribute("aria-expanded") == "false"

    inside = press(phone, "Enter")
    expect(phone.locator("#__drawer")).to_be_checked()
    assert inside["inDrawer"] and inside["onScreen"], inside
    assert inside["label"] == "Tilbake fra «Teori» til menyen over"

    walked = [inside]
    for _ in range(30):  # Tab stays inside the open menu and comes round again
        now = press(phone, "Tab")
        assert now["inDrawer"] and now["onScreen"], now
        if now["element"] == inside["element"]:
            break
        walked.append(now)
    else:
        raise AssertionError(f"Tab did not come round the menu: {[w['label'] for w in walked]}")
    labels = [w["label"] for w in walked]
    assert "Hva gjør en ledergruppe effektiv?" in labels and "Hjem" not in labels

    main_menu = press(phone, " ")  # back from the Teori section to the main menu
    assert main_menu["inDrawer"] and main_menu["onScreen"], main_menu
    tab_to(phone, "Historier", limit=15)

    phone.keyboard.press("Escape")
    expect(phone.locator("#__drawer")).not_to_be_checked()
    closed = focused(phone)
    assert closed["label"] == "Åpne menyen" and closed["problem"] is None, closed
    phone.locator(".md-sidebar--primary").wait_for(state="hidden")  # once it has slid away
    after = press(phone, "Tab")
    assert not after["inDrawer"], f"the closed menu still takes focus: {after}"


def test_on_a_phone_a_link_in_the_menu_opens_its_page(phone, site_url):
    phone.goto(site_url + "teori/")
    tab_to(phone, "Åpne menyen")
    phone.keyboard.press("Enter")
    tab_to(phone, "Konstruktiv uenighet", limit=20)
    phone.keyboard.press("Enter")
    phone.wait_for_url(site_url + "teori/konstruktiv-uenighet/")
    expect(phone.locator("#__drawer")).not_to_be_checked()


# ---- The version selector of a released site ------------------------------------------


@pytest.fixture(scope="module")
def released_tree(tmp_path_factory):
    """Two cohorts side by side with mike's versions.json, as `toolkit export` lays them
    out. One build as mike runs it (``MIKE_DOCS_VERSION`` set to a cohort, which turns the
    version selector on), copied for the second cohort: the selector needs no more."""
    root = tmp_path_factory.mktemp("released")
    result = toolkit("build", "--site-dir", str(root / "2026-host"), env={"MIKE_DOCS_VERSION": "2026-host"})
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(root / "2026-host", root / "2026-var")
    (root / "versions.json").write_text(json.dumps([
        {"version": "2026-host", "title": "Nytt kull", "aliases": ["latest"]},
        {"version": "2026-var", "title": "Gammelt kull", "aliases": []},
    ]), encoding="utf-8")
    with SiteServer(root) as server:
        yield server.url


def test_the_version_selector_is_used_with_the_keyboard(browser, released_tree):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    tab = context.new_page()
    try:
        tab.goto(released_tree + "2026-host/teori/")
        tab.locator(".md-version").wait_for()
        tab_to(tab, "button.md-version__current")
        assert tab.locator(".md-version__link").first.is_visible()  # focus opens the list
        tab_to(tab, "Gammelt kull", limit=4)
        tab.keyboard.press("Enter")
        tab.wait_for_url(released_tree + "2026-var/teori/")
    finally:
        context.close()
