"""Exercises in Chromium, as a leader uses them: the summary on the first screen, the
finder's filters and its shareable URL, the list without JavaScript, the printed
handout, the keyboard and axe-core."""

from __future__ import annotations

import json
import re
from io import BytesIO
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.support.axe import report, violations

pytestmark = pytest.mark.browser

TYPICAL = "moteevaluering"  # the content spec's own example of an exercise


@pytest.fixture(scope="module")
def exercises(built_site) -> list[dict]:
    """The published exercises, from the catalogue the site ships."""
    catalogue = json.loads((built_site / "ovelser/ovelser.json").read_text(encoding="utf-8"))
    return catalogue["exercises"]


def ids(entries) -> set[str]:
    return {entry["id"] for entry in entries}


def open_finder(tab, site_url: str, query: str = "") -> None:
    tab.goto(urljoin(site_url, "ovelser/") + query)
    expect(tab.locator("#vk-finder")).to_be_visible()


def shown(tab) -> set[str]:
    """The ids of the cards a reader sees."""
    return set(tab.eval_on_selector_all(
        "#vk-finder-list .vk-card", "cards => cards.filter(c => c.checkVisibility()).map(c => c.dataset.id)"
    ))


def query_of(tab) -> dict[str, list[str]]:
    return parse_qs(urlparse(tab.url).query)


def count_text(shown_count: int, total: int) -> str:
    if shown_count == total:
        return f"Viser alle {total} øvelser."
    if shown_count == 0:
        return "Ingen øvelser passer filtrene."
    return f"Viser {shown_count} av {total} øvelser."


# ---- The exercise page ---------------------------------------------------------------

@pytest.mark.parametrize("device", ["page", "phone"])
def test_every_exercise_shows_duration_group_size_and_difficulty_above_the_fold(
    device, request, site_url, exercises
):
    tab = request.getfixturevalue(device)
    height = tab.viewport_size["height"]
    levels = {"enkel": "Enkel", "middels": "Middels", "krevende": "Krevende"}
    for entry in exercises:
        tab.goto(urljoin(site_url, "ovelser/" + entry["url"]), wait_until="domcontentloaded")
        size = entry["group_size"]
        people = f"{size['min']}–{size['max']} personer" if size["min"] != size["max"] \
            else f"{size['min']} personer"
        for label, value in [("Varighet", f"{entry['duration']} min"), ("Gruppe", people),
                             ("Nivå", levels[entry["difficulty"]])]:
            fact = tab.locator(".vk-summary__fact").filter(has=tab.locator("dt", has_text=label))
            expect(fact.locator("dd")).to_have_text(value)
            box = fact.bounding_box()
            assert box and 0 <= box["y"] and box["y"] + box["height"] <= height, (
                f"{entry['id']}: «{label}» is not on the first screen ({box}, {height} px high)"
            )


def test_the_summary_links_each_theme_to_its_theme_page(page, site_url, built_site):
    page.goto(urljoin(site_url, f"ovelser/{TYPICAL}/"))
    links = page.locator(".vk-summary a")
    expect(links).to_have_text(["Møter", "Læring og refleksjon"])
    links.first.click()
    expect(page).to_have_url(urljoin(site_url, "temaer/moter/"))


def test_print_button_opens_the_browsers_print_dialog(page, site_url):
    page.goto(urljoin(site_url, f"ovelser/{TYPICAL}/"))
    page.evaluate("() => { window.print = () => { window.vkPrinted = true; }; }")
    page.get_by_role("button", name="Skriv ut", exact=True).click()
    assert page.evaluate("() => window.vkPrinted") is True


def test_a_typical_exercise_prints_on_at_most_two_a4_pages_without_the_site_around_it(
    page, site_url
):
    page.goto(urljoin(site_url, f"ovelser/{TYPICAL}/"))
    # The text of the site around the exercise, as a reader sees it on screen.
    chrome = page.evaluate("""() => {
      const article = document.querySelector(".md-content").innerText;
      const parts = [...document.querySelectorAll(
        ".md-header, .md-tabs, .md-sidebar, .md-path, .md-footer, .md-search")]
        .flatMap((el) => el.innerText.split("\\n")).map((s) => s.trim())
        .filter((s) => s.length >= 4 && !article.includes(s));
      return [...new Set(parts), document.querySelector(".md-search__input").placeholder];
    }""")
    assert "Innholdsliste" in chrome and "Søk" in chrome
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) <= 2
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) <= 2
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for expected in ["Møteevaluering", "Varighet", "15 min", "3–15 personer", "Enkel",
                     "Slik gjør dere det", "Digital variant"]:
        assert expected in text
    assert text.index("Varighet") < text.index("Formål"), "the summary comes first"
    found = [s for s in chrome if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]
    assert not found, f"site navigation or search text on paper: {found}"
    assert "Skriv ut" not in text and "Relatert" not in text
    assert text.rstrip().endswith(urljoin(site_url, f"ovelser/{TYPICAL}/")), text[-200:]


# ---- The finder ----------------------------------------------------------------------

def test_maks_15_shows_exactly_the_exercises_of_15_minutes_or_less(page, site_url, exercises):
    open_finder(page, site_url, "?maks=15")
    expected = ids(e for e in exercises if e["duration"] <= 15)
    assert len(expected) >= 5
    assert shown(page) == expected
    expect(page.locator("#vk-finder-maks")).to_have_value("15")
    expect(page.get_by_role("status")).to_have_text(count_text(len(expected), len(exercises)))


def preparation_choices(tab) -> list[tuple[int, str]]:
    """The preparation filter's choices as the page offers them: (most minutes, label)."""
    options = tab.eval_on_selector_all(
        "#vk-finder-forberedelse option", "options => options.map(o => [o.value, o.textContent])")
    return [(int(value), label) for value, label in options if value]


def test_the_preparation_filter_shows_exactly_the_exercises_that_need_that_little(
    page, site_url, exercises
):
    open_finder(page, site_url)
    choices = preparation_choices(page)
    assert [label for _, label in choices][0] == "Ingen forberedelse"
    assert [limit for limit, _ in choices] == sorted(limit for limit, _ in choices)
    sizes = []
    for limit, label in choices:
        page.get_by_label("Forberedelse").select_option(label=label)
        expected = ids(e for e in exercises if e["preparation"] <= limit)
        assert shown(page) == expected, label
        assert query_of(page) == {"forberedelse": [str(limit)]}
        expect(page.get_by_role("status")).to_have_text(count_text(len(expected), len(exercises)))
        sizes.append(len(expected))
    # The choices tell the exercises apart: the list grows with the limit, and past the
    # first choice each one narrows it (none shows everything).
    assert sizes == sorted(sizes) and 0 < sizes[1] < len(exercises)
    page.get_by_label("Forberedelse").select_option(label="Alle")
    assert shown(page) == ids(exercises) and query_of(page) == {}


@pytest.mark.parametrize("minutes", [0, 10, 20])
def test_a_shared_preparation_limit_is_restored_and_combines_with_the_others(
    page, site_url, exercises, minutes
):
    """0 (none at all) is a choice of its own, not "no filter"; 20 is no choice and is added."""
    open_finder(page, site_url, f"?forberedelse={minutes}&maks=30")
    expect(page.get_by_label("Forberedelse")).to_have_value(str(minutes))
    assert shown(page) == ids(e for e in exercises if e["preparation"] <= minutes and e["duration"] <= 30)


def test_every_card_says_how_much_preparation_its_exercise_needs(page, site_url, exercises):
    open_finder(page, site_url)
    for entry in exercises:
        card = page.locator(f'#vk-finder-list .vk-card[data-id="{entry["id"]}"]')
        said = "Ingen forberedelse" if entry["preparation"] == 0 else f"{entry['preparation']} min forberedelse"
        expect(card.locator(".vk-card__facts")).to_contain_text(said)


def test_tema_shows_exactly_the_exercises_with_that_theme(page, site_url, exercises):
    themes = sorted({slug for e in exercises for slug in e["themes"]})
    for slug in themes:
        open_finder(page, site_url, f"?tema={slug}")
        assert shown(page) == ids(e for e in exercises if slug in e["themes"]), slug
        expect(page.locator(f'input[name="tema"][value="{slug}"]')).to_be_checked()


def test_combined_filters_intersect_and_several_themes_widen(page, site_url, exercises):
    def matching(e, themes=("moter",)):
        size = e["group_size"]
        return (any(t in e["themes"] for t in themes) and e["duration"] <= 30
                and size["min"] <= 6 <= size["max"] and e["difficulty"] == "enkel"
                and e["led_by"] == "gruppen")

    open_finder(page, site_url, "?tema=moter&maks=30&personer=6&niva=enkel&ledes=gruppen")
    expected = ids(e for e in exercises if matching(e))
    assert expected and shown(page) == expected
    open_finder(page, site_url, "?tema=moter")
    by_theme = shown(page)
    open_finder(page, site_url, "?maks=30")
    assert shown(page) >= expected and expected <= by_theme
    open_finder(page, site_url, "?tema=moter&tema=laering-og-refleksjon&maks=30&personer=6"
                "&niva=enkel&ledes=gruppen")
    assert shown(page) == ids(e for e in exercises
                              if matching(e, ("moter", "laering-og-refleksjon")))
    open_finder(page, site_url, "?q=mote+evaluering")  # ø folds to o, every word must match
    assert shown(page) == {f"ovelser/{TYPICAL}"}


def test_clearing_the_filters_restores_every_exercise_and_the_plain_url(page, site_url, exercises):
    open_finder(page, site_url, "?tema=konflikt&maks=15&forberedelse=10&q=advokat")
    assert len(shown(page)) < len(exercises)
    page.get_by_role("button", name="Nullstill filtrene").click()
    assert shown(page) == ids(exercises)
    expect(page).to_have_url(urljoin(site_url, "ovelser/"))
    expect(page.get_by_role("status")).to_have_text(count_text(len(exercises), len(exercises)))


def test_the_url_follows_the_controls_and_restores_them_when_shared(
    page, browser, site_url, exercises
):
    open_finder(page, site_url)
    page.get_by_label("Møter").check()
    page.get_by_label("Konstruktiv uenighet").check()
    page.get_by_label("Lengste varighet").select_option("45")
    page.get_by_label("Forberedelse").select_option("30")
    page.get_by_label("Antall i gruppen").fill("5")
    page.get_by_label("Nivå").select_option("middels")
    page.get_by_label("Ledes av").select_option("gruppen")
    page.get_by_label("Søk i øvelsene").fill("møte")
    expect(page).to_have_url(re.compile(r"\?.*q="))
    assert query_of(page) == {"tema": ["moter", "konflikt"], "maks": ["45"], "forberedelse": ["30"],
                              "personer": ["5"], "niva": ["middels"], "ledes": ["gruppen"], "q": ["møte"]}
    filtered = shown(page)
    page.get_by_label("Konstruktiv uenighet").uncheck()
    assert query_of(page)["tema"] == ["moter"]
    page.get_by_label("Konstruktiv uenighet").check()

    # Someone opens the shared address: the same list, the same controls.
    other = browser.new_page()
    try:
        other.goto(page.url)
        expect(other.locator("#vk-finder")).to_be_visible()
        assert shown(other) == filtered
        expect(other.get_by_label("Konstruktiv uenighet")).to_be_checked()
        expect(other.get_by_label("Lengste varighet")).to_have_value("45")
        expect(other.get_by_label("Forberedelse")).to_have_value("30")
        expect(other.get_by_label("Antall i gruppen")).to_have_value("5")
        expect(other.get_by_label("Søk i øvelsene")).to_have_value("møte")
    finally:
        other.close()


def test_a_shared_text_filter_fills_the_finder_and_leaves_the_site_search_closed(page, site_url):
    # Material's search would open itself with the text of `q`; here `q` is the finder's.
    open_finder(page, site_url, "?q=advokat&maks=15")
    expect(page.get_by_label("Søk i øvelsene")).to_have_value("advokat")
    assert shown(page) == {"ovelser/djevelens-advokat"}
    expect(page.locator(".md-search__input")).to_have_value("")
    assert page.evaluate("() => document.getElementById('__search').checked") is False
    expect(page).to_have_url(urljoin(site_url, "ovelser/?maks=15&q=advokat"))
    page.get_by_label("Nivå").select_option("enkel")
    assert query_of(page) == {"maks": ["15"], "niva": ["enkel"], "q": ["advokat"]}


def test_a_shared_limit_that_is_not_a_choice_is_kept(page, site_url, exercises):
    open_finder(page, site_url, "?maks=25")
    expect(page.get_by_label("Lengste varighet")).to_have_value("25")
    assert shown(page) == ids(e for e in exercises if e["duration"] <= 25)


def test_the_finder_works_after_an_instant_navigation_page_switch(page, site_url, exercises):
    # Material only switches pages instantly to URLs in sitemap.xml, which names the
    # configured site_url; point it at the test server.
    def sitemap(route):
        response = route.fetch()
        body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{site_url}", response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", sitemap)
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.vkSameDocument = true; }")
    page.locator(".md-tabs").get_by_role("link", name="Finn en øvelse").click()
    expect(page.locator("#vk-finder")).to_be_visible()
    assert page.evaluate("() => window.vkSameDocument") is True, "the page was reloaded"
    page.get_by_label("Lengste varighet").select_option("15")
    expected = ids(e for e in exercises if e["duration"] <= 15)
    assert shown(page) == expected
    expect(page).to_have_url(urljoin(site_url, "ovelser/?maks=15"))
    # Into an exercise and back: the filtered list is restored from the URL.
    page.locator("#vk-finder-list .vk-card:not([hidden]) a").first.click()
    expect(page.locator(".vk-summary")).to_be_visible()
    page.go_back()
    expect(page.locator("#vk-finder")).to_be_visible()
    expect(page.get_by_label("Lengste varighet")).to_have_value("15")
    assert shown(page) == expected
    assert page.evaluate("() => window.vkSameDocument") is True


def test_without_javascript_the_full_list_is_there_and_every_card_links(
    browser, site_url, exercises
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    try:
        tab = context.new_page()
        tab.goto(urljoin(site_url, "ovelser/?maks=15"))
        expect(tab.locator("#vk-finder")).to_be_hidden()  # the filters need the script
        cards = tab.locator("#vk-finder-list .vk-card")
        expect(cards).to_have_count(len(exercises))
        links = [cards.nth(i).locator("a") for i in range(len(exercises))]
        assert all(link.count() == 1 and link.is_visible() for link in links)
        assert {link.get_attribute("href") for link in links} == {e["url"] for e in exercises}
        links[0].click()
        expect(tab.locator(".vk-summary")).to_be_visible()
        expect(tab.get_by_role("button", name="Skriv ut")).to_be_hidden()
    finally:
        context.close()


def focused(tab) -> str:
    """What has keyboard focus: a form field's name (=value for a theme), a link's
    address, or a button's text."""
    return tab.evaluate("""() => {
      const el = document.activeElement;
      if (!el || el === document.body) return "";
      if (el.name === "tema") return "tema=" + el.value;
      if (el.name) return el.name;
      if (el.tagName === "A") return "a:" + el.href;
      return el.tagName.toLowerCase() + ":" + el.textContent.trim();
    }""")


def tab_until(tab, target: str, limit: int = 250) -> list[str]:
    """Press Tab until ``target`` has focus; every stop on the way, in order."""
    seen = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        seen.append(focused(tab))
        if seen[-1] == target:
            return seen
    raise AssertionError(f"Tab never reached {target}; stops: {seen}")


def test_keyboard_alone_reaches_every_filter_and_card_and_uses_them(page, site_url, exercises):
    open_finder(page, site_url)
    themes = page.eval_on_selector_all('input[name="tema"]', "boxes => boxes.map(b => b.value)")
    cards = ["a:" + urljoin(site_url, "ovelser/" + e["url"]) for e in exercises]
    stops = tab_until(page, "q")
    stops += tab_until(page, cards[-1])
    wanted = (["q", "button:Filtrer"] + [f"tema={t}" for t in themes]
              + ["maks", "forberedelse", "personer", "niva", "ledes", "button:Nullstill filtrene"] + cards)
    assert [s for s in wanted if s not in stops] == []
    # In the order they are shown (the sidebar before the form links to the exercises too).
    assert [s for s in stops[stops.index("q"):] if s in wanted] == wanted

    # Use them: Space ticks a theme, arrows choose a limit, typing filters.
    open_finder(page, site_url)
    tab_until(page, "tema=moter")
    page.keyboard.press("Space")
    expect(page.get_by_label("Møter")).to_be_checked()
    tab_until(page, "maks")
    page.keyboard.press("ArrowDown")  # the first limit: 10 min
    expect(page.get_by_label("Lengste varighet")).to_have_value("10")
    tab_until(page, "q")
    page.keyboard.type("innsjekk")
    assert shown(page) == {"ovelser/innsjekk-og-utsjekk"}
    assert query_of(page) == {"tema": ["moter"], "maks": ["10"], "q": ["innsjekk"]}
    tab_until(page, "a:" + urljoin(site_url, "ovelser/innsjekk-og-utsjekk/"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(urljoin(site_url, "ovelser/innsjekk-og-utsjekk/"))
    tab_until(page, "button:Skriv ut")


def test_resetting_by_keyboard_restores_every_exercise(page, site_url, exercises):
    open_finder(page, site_url, "?maks=10")
    tab_until(page, "button:Nullstill filtrene")
    page.keyboard.press("Enter")
    assert shown(page) == ids(exercises)


def test_only_the_finder_loads_the_finders_stylesheet(built_site):
    """Its rules are for the finder alone: every other page's first view is lighter
    without them (the phone's budget, tests/test_nginx.py)."""
    loading = sorted(
        page.relative_to(built_site).as_posix() for page in built_site.rglob("*.html")
        if re.search(r'<link rel="stylesheet" href="[^"]*stylesheets/finder\.[0-9a-f]{8}\.css"',
                     page.read_text(encoding="utf-8"))
    )
    assert loading == ["ovelser/index.html"]
    bundle = next((built_site / "assets" / "stylesheets").glob("site.*.css")).read_text(encoding="utf-8")
    assert ".vk-finder__toggle" not in bundle and ".vk-card__facts" not in bundle


# ---- The finder on a phone --------------------------------------------------------------

PHONE = {"width": 375, "height": 812}  # issue 25's phone

# Where the reader sees each thing: its box, against the viewport and Material's header.
IN_VIEW_JS = """(selector) => {
  const el = [...document.querySelectorAll(selector)].find((e) => e.checkVisibility());
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  return {top: r.top, bottom: r.bottom, visible: r.top >= header && r.bottom <= window.innerHeight};
}"""


@pytest.fixture
def phone812(browser, request):
    """A 375 × 812 phone, in the light palette or the one a test parametrizes it with."""
    scheme = getattr(request, "param", "light")
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="nb-NO", color_scheme=scheme)
    yield context.new_page()
    context.close()


def in_view(tab, selector: str) -> dict:
    found = tab.evaluate(IN_VIEW_JS, selector)
    assert found is not None, f"nothing visible matches {selector}"
    return found


def test_on_a_phone_the_filters_fold_and_a_chosen_one_leaves_count_and_first_card_in_view(
    phone812, site_url, exercises
):
    tab = phone812
    open_finder(tab, site_url, "?tema=moter")
    toggle = tab.get_by_role("button", name="Filtrer")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_accessible_name("Filtrer 1 valgt")
    expect(tab.locator("#vk-finder-filters")).to_be_hidden()
    expected = ids(e for e in exercises if "moter" in e["themes"])
    assert shown(tab) == expected and len(expected) < len(exercises)
    status = tab.get_by_role("status")
    expect(status).to_have_text(count_text(len(expected), len(exercises)))
    assert in_view(tab, "#vk-finder-count")["visible"], in_view(tab, "#vk-finder-count")
    first = in_view(tab, "#vk-finder-list .vk-card")  # the whole first card, «Legg i møteplanen» too
    assert first["visible"], first


def test_on_a_phone_a_tapped_filter_answers_on_the_screen_and_vis_folds_back_to_the_list(
    phone812, site_url, exercises
):
    tab = phone812
    open_finder(tab, site_url)
    toggle = tab.get_by_role("button", name="Filtrer")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(tab.locator("#vk-finder-filters")).to_be_visible()
    tab.get_by_label("Tillit og psykologisk trygghet").tap()
    tab.get_by_label("Forberedelse").select_option(label="Inntil 30 min")
    expected = ids(e for e in exercises if "tillit-og-trygghet" in e["themes"] and e["preparation"] <= 30)
    assert 0 < len(expected) < len(exercises)
    done = tab.locator(".vk-finder__done")
    noun = "øvelse" if len(expected) == 1 else "øvelser"
    expect(done).to_have_text(f"Vis {len(expected)} {noun}")
    assert in_view(tab, ".vk-finder__done")["visible"]  # at the foot of the screen while choosing
    expect(toggle).to_have_accessible_name("Filtrer 2 valgt")

    done.tap()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(tab.locator("#vk-finder-filters")).to_be_hidden()
    assert tab.evaluate("document.activeElement.id") == "vk-finder-toggle"
    assert shown(tab) == expected
    assert in_view(tab, "#vk-finder-count")["visible"] and in_view(tab, "#vk-finder-list .vk-card")["visible"]
    assert query_of(tab) == {"tema": ["tillit-og-trygghet"], "forberedelse": ["30"]}


def test_on_a_laptop_the_filters_start_open(page, site_url):
    open_finder(page, site_url, "?tema=moter")
    expect(page.get_by_role("button", name="Filtrer")).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Møter")).to_be_visible()
    expect(page.locator(".vk-finder__done")).to_be_hidden()  # the list is in view already


@pytest.mark.parametrize("state", ["folded", "open"])
@pytest.mark.parametrize("phone812", ["light", "dark"], indirect=True)
def test_axe_core_reports_no_violations_on_the_phones_finder(phone812, site_url, state):
    tab = phone812
    open_finder(tab, site_url, "?tema=moter&forberedelse=30")
    if state == "open":
        tab.get_by_role("button", name="Filtrer").tap()
        expect(tab.locator("#vk-finder-filters")).to_be_visible()
    tab.wait_for_load_state("networkidle")
    found = violations(tab)
    assert not found, report(found)


@pytest.mark.parametrize("device", ["page", "phone"])
@pytest.mark.parametrize("path", ["ovelser/", "ovelser/?tema=moter&maks=30", f"ovelser/{TYPICAL}/"])
def test_axe_core_reports_no_violations(device, path, request, site_url):
    tab = request.getfixturevalue(device)
    tab.goto(urljoin(site_url, path))
    tab.wait_for_load_state("networkidle")
    found = violations(tab)
    assert not found, report(found)


def test_finder_and_exercise_pages_request_nothing_from_other_hosts(page, site_url):
    open_finder(page, site_url, "?tema=moter")
    page.get_by_label("Søk i øvelsene").fill("møte")
    page.goto(urljoin(site_url, f"ovelser/{TYPICAL}/"))
    page.wait_for_load_state("networkidle")
    assert page.requests.foreign() == []
