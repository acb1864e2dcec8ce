"""The front page in Chromium: Norwegian, and nothing requested from other hosts."""

from __future__ import annotations

from tests.support.a11y import SEARCH_READY_JS


def test_front_page_makes_no_request_to_another_host(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.requests.foreign() == []
    assert len(page.requests.urls) > 3  # the page did load its own styles and scripts


def test_opening_search_keeps_all_requests_local(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    page.wait_for_function(SEARCH_READY_JS)  # Material binds "/" once its worker is ready
    page.keyboard.press("/")
    page.keyboard.type("møte")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert page.requests.foreign() == []
