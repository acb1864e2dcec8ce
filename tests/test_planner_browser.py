"""The meeting planner in Chromium, as a leader uses it: exercises added from the finder,
a timed agenda that re-times as blocks move, a plan that survives a reload and opens
from a shared link, the keyboard alone, axe-core, and the printed plan with handouts."""

from __future__ import annotations

import html
import json
import re
from io import BytesIO
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import copy_project, toolkit
from tests.support.a11y import FOCUS_PROBLEMS_JS, FOCUSED_JS, OVERFLOW_JS, SEARCH_READY_JS
from tests.support.axe import report, violations
from tests.support.server import SiteServer
from tests.test_theory_print import CHROME_JS
from toolkit.planner_address import ExerciseBlock, FreeBlock, PauseBlock, TheoryBlock, query

pytestmark = pytest.mark.browser

CHOSEN = ["innsjekk-og-utsjekk", "pre-mortem", "moteevaluering"]

# Each block as a reader sees it: clock time, kind, title, minutes (None: not editable).
BLOCKS_JS = """() => [...document.querySelectorAll("#vk-planner-blocks > li")].map((li) => {
  const minutes = li.querySelector(".vk-block__minutes input");
  return [li.querySelector(".vk-block__time").textContent, li.querySelector(".vk-block__kind").textContent,
          li.querySelector(".vk-block__title").textContent, minutes ? Number(minutes.value) : null,
          !!li.querySelector(".vk-block__missing")];
})"""


@pytest.fixture(scope="module")
def catalogue(built_site) -> dict[str, dict]:
    """The published exercises by slug, from the catalogue the site ships."""
    entries = json.loads((built_site / "ovelser/ovelser.json").read_text(encoding="utf-8"))["exercises"]
    return {entry["id"].split("/", 1)[1]: entry for entry in entries}


@pytest.fixture(scope="module")
def theory(built_site) -> dict[str, str]:
    """Theory page titles by slug, from the planner's own data."""
    page = (built_site / "moteplan/index.html").read_text(encoding="utf-8")
    data = json.loads(html.unescape(re.search(r'data-vk-planner="([^"]*)"', page).group(1)))
    return {entry["slug"]: entry["title"] for entry in data["theory"]}


def clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}.{minutes % 60:02d}"


def timeline(blocks: list[tuple[str, str, int]], start: int = 9 * 60) -> list[list]:
    """The agenda a leader expects: each (kind, title, minutes) with its clock time."""
    rows, at = [], start
    for kind, title, minutes in blocks:
        rows.append([f"{clock(at)}–{clock(at + minutes)}", kind, title, minutes, False])
        at += minutes
    return rows


def exercise(catalogue, slug: str, minutes: int | None = None) -> tuple[str, str, int]:
    return ("Øvelse", catalogue[slug]["title"], minutes or catalogue[slug]["duration"])


PAUSE = ("Pause", "Pause", 10)


def planner_url(site_url: str, search: str = "") -> str:
    return urljoin(site_url, "moteplan/") + search


def open_planner(tab, site_url: str, search: str = "") -> None:
    tab.goto(planner_url(site_url, search))
    expect(tab.locator("#vk-planner")).to_be_visible()


def blocks(tab) -> list[list]:
    return tab.evaluate(BLOCKS_JS)


def block(tab, title: str):
    return tab.locator("#vk-planner-blocks > li").filter(has=tab.locator(".vk-block__title", has_text=title))


def opened(tab, title: str):
    """The block, opened: each is one line (a disclosure) until the reader opens it."""
    found = block(tab, title)
    toggle = found.locator(".vk-block__toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    return found


def summary(tab) -> str:
    return tab.locator("#vk-planner-summary").inner_text()


def stub_print(tab) -> None:
    tab.evaluate("() => { window.vkPrinted = 0; window.print = () => { window.vkPrinted += 1; }; }")


# ---- Building a plan ---------------------------------------------------------------------

@pytest.mark.parametrize("device", ["page", "phone"])
def test_three_exercises_from_the_finder_and_a_pause_are_timed_moved_removed_and_restored(
    device, request, browser, site_url, catalogue
):
    tab = request.getfixturevalue(device)
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.goto(urljoin(site_url, "ovelser/"))
    minutes = 0
    for count, slug in enumerate(CHOSEN, 1):
        card = tab.locator(f'.vk-card[data-id="ovelser/{slug}"]')
        card.get_by_role("button", name="Legg i møteplanen").click()
        minutes += catalogue[slug]["duration"]
        said = (f"«{catalogue[slug]['title']}» er lagt i møteplanen. Planen har nå "
                f"{count} {'punkt' if count == 1 else 'punkter'}, til sammen {minutes} minutter.")
        expect(card.locator(".vk-plan-add__status")).to_contain_text(said)
        expect(tab.locator("#vk-plan-announce")).to_have_text(said)  # the polite live region
    header = tab.locator(".md-header .vk-plan-link")
    expect(header).to_be_visible()
    expect(header).to_contain_text("3")
    header.click()
    expect(tab.locator("#vk-planner")).to_be_visible()

    tab.get_by_label("Pause, minutter").fill("10")
    tab.get_by_role("button", name="Legg til pausen").click()
    chosen = [exercise(catalogue, slug) for slug in CHOSEN]
    assert blocks(tab) == timeline([*chosen, PAUSE])
    total = minutes + 10
    assert summary(tab) == f"4 punkter · kl. 09.00–{clock(9 * 60 + total)} · {total} min i alt."

    # The pause moves up before the last exercise, then the second exercise goes.
    opened(tab, "Pause").get_by_role("button", name="Flytt opp").click()
    assert blocks(tab) == timeline([chosen[0], chosen[1], PAUSE, chosen[2]])
    opened(tab, chosen[1][1]).get_by_role("button", name="Fjern").click()
    plan = timeline([chosen[0], PAUSE, chosen[2]])
    assert blocks(tab) == plan
    assert summary(tab).startswith(f"3 punkter · kl. 09.00–{plan[-1][0].split('–')[1]} ")
    expect(header).to_contain_text("3")

    tab.reload()
    expect(tab.locator("#vk-planner")).to_be_visible()
    assert blocks(tab) == plan

    tab.get_by_role("button", name="Kopier lenke").click()
    expect(tab.locator("#vk-plan-copied")).to_have_text("Lenken er kopiert.")
    link = tab.evaluate("() => navigator.clipboard.readText()")
    assert link == tab.url and "blokker=" in link
    fresh = browser.new_context(viewport=tab.viewport_size, locale="nb-NO")
    try:
        other = fresh.new_page()
        other.goto(link)
        expect(other.locator("#vk-planner")).to_be_visible()
        assert blocks(other) == plan
        # It keeps the plan it opened, under this version's base path (the site root here).
        stored = other.evaluate("() => JSON.parse(localStorage.getItem('vk-moteplan:/'))")
        assert "?" + stored["query"].split("?", 1)[1] == "?" + link.split("?", 1)[1]
    finally:
        fresh.close()
    assert tab.requests.foreign() == []


@pytest.mark.parametrize("device", ["page", "phone"])
def test_a_link_with_an_unknown_exercise_keeps_the_other_blocks(device, request, site_url, catalogue):
    page = request.getfixturevalue(device)
    open_planner(page, site_url, "?start=10:00&blokker=innsjekk-og-utsjekk,finnes-ikke:20,pause:10,"
                 "teori:finnes-heller-ikke:15,constructor")  # a name every JavaScript object has
    # A block this version does not have is named by its slug in words, and not timed.
    assert blocks(page) == [
        ["10.00–10.10", "Øvelse", catalogue["innsjekk-og-utsjekk"]["title"], 10, False],
        ["–", "Øvelse", "Finnes ikke", None, True],
        ["10.10–10.20", "Pause", "Pause", 10, False],
        ["–", "Teori", "Finnes heller ikke", None, True],
        ["–", "Øvelse", "Constructor", None, True],
    ]
    expect(block(page, "Finnes ikke").locator(".vk-block__toggle")).to_contain_text("finnes ikke her")
    expect(opened(page, "Finnes ikke")).to_contain_text("Finnes ikke i denne versjonen")
    assert summary(page) == "5 punkter · kl. 10.00–10.20 · 20 min i alt."
    # The unknown blocks stay in the address, so the link still works in its own cohort.
    assert "finnes-ikke:20" in page.url and "teori:finnes-heller-ikke:15" in page.url


def test_a_plan_made_with_the_python_query_opens_as_those_blocks(page, site_url, catalogue, theory):
    made = query(
        [ExerciseBlock("innsjekk-og-utsjekk"), PauseBlock(10), ExerciseBlock("pre-mortem", 40),
         TheoryBlock("beslutninger", 15), FreeBlock("Orienteringssaker, budsjett & «mål»", 15)],
        start="08:30", available=90, title="Ledermøte om beslutninger", date="2026-12-03",
    )
    open_planner(page, site_url, made)
    assert blocks(page) == timeline([
        exercise(catalogue, "innsjekk-og-utsjekk"), PAUSE, exercise(catalogue, "pre-mortem", 40),
        ("Teori", theory["beslutninger"], 15), ("Eget punkt", "Orienteringssaker, budsjett & «mål»", 15),
    ], start=8 * 60 + 30)
    expect(page.get_by_label("Tittel (valgfritt)")).to_have_value("Ledermøte om beslutninger")
    expect(page.get_by_label("Dato (valgfritt)")).to_have_value("2026-12-03")
    expect(page.get_by_label("Starter klokka")).to_have_value("08:30")
    assert page.evaluate("() => location.search") == made  # the script writes the same address


def test_time_available_says_time_left_or_over_in_words_and_colour(page, site_url):
    open_planner(page, site_url, "?blokker=pause:30,punkt:45:Budsjett")
    page.get_by_label("Tid til rådighet, minutter (valgfritt)").fill("90")
    budget = page.locator(".vk-planner__budget")
    expect(budget).to_have_text("90 min til rådighet, til kl. 10.30: 15 min igjen.")
    expect(page.get_by_label("Slutter klokka (valgfritt)")).to_have_value("10:30")  # the same end, as a time
    calm = budget.evaluate("el => getComputedStyle(el).color")
    page.get_by_label("Tid til rådighet, minutter (valgfritt)").fill("60")
    expect(budget).to_have_text("60 min til rådighet, til kl. 10.00: 15 min over tiden.")
    assert budget.evaluate("el => getComputedStyle(el).color") != calm
    page.get_by_label("Starter klokka").fill("13:15")
    assert summary(page).startswith("2 punkter · kl. 13.15–14.30 · 75 min i alt.")
    opened(page, "Budsjett").get_by_label("Minutter").fill("30")
    expect(budget).to_have_text("60 min til rådighet, til kl. 14.15: planen fyller tiden akkurat.")
    assert "tid=60" in page.url and "punkt:30:Budsjett" in page.url and "start=13:15" in page.url

    # «Slutter klokka» instead: the minutes available follow, and the address keeps the end.
    page.get_by_label("Slutter klokka (valgfritt)").fill("15:00")
    expect(budget).to_have_text("105 min til rådighet, til kl. 15.00: 45 min igjen.")
    expect(page.get_by_label("Tid til rådighet, minutter (valgfritt)")).to_have_value("105")
    assert "slutt=15:00" in page.url and "tid=" not in page.url
    page.get_by_label("Starter klokka").fill("14:00")  # a later start: the meeting still ends at 15.00
    expect(budget).to_have_text("60 min til rådighet, til kl. 15.00: planen fyller tiden akkurat.")
    page.get_by_label("Slutter klokka (valgfritt)").fill("13:30")  # before the start: said, not used
    expect(page.locator("#vk-plan-slutt-feil")).to_contain_text("etter starttiden")
    assert "slutt=15:00" in page.url


def test_the_last_removal_can_be_undone_and_blocks_are_added_from_the_planner(page, site_url, theory):
    open_planner(page, site_url)
    expect(page.locator("#vk-planner-empty")).to_be_visible()
    page.get_by_label("Teori å lese eller snakke om").select_option("beslutninger")
    page.get_by_role("button", name="Legg til teorien").click()
    page.get_by_label("Eget punkt, for eksempel «Orienteringssaker»").fill("Orienteringssaker")
    page.get_by_role("button", name="Legg til punktet").click()
    page.get_by_label("Pause, minutter").fill("5")
    page.get_by_role("button", name="Legg til pausen").click()
    plan = timeline([("Teori", theory["beslutninger"], 15), ("Eget punkt", "Orienteringssaker", 10),
                     ("Pause", "Pause", 5)])
    assert blocks(page) == plan
    # The item's text is edited in place: heading, buttons' names and address follow.
    opened(page, "Orienteringssaker").get_by_label("Tekst").fill("Orienteringssaker, budsjett")
    expect(page.get_by_role("button", name="Fjern «Orienteringssaker, budsjett»")).to_be_visible()
    assert "punkt:10:Orienteringssaker%2C%20budsjett" in page.url
    plan[1][2] = "Orienteringssaker, budsjett"
    block(page, "Orienteringssaker").get_by_role("button", name="Fjern").click()
    expect(page.locator("#vk-planner-undo")).to_contain_text("«Orienteringssaker, budsjett» er fjernet.")
    page.get_by_role("button", name="Angre").click()
    assert blocks(page) == plan
    expect(page.locator("#vk-planner-undo")).to_be_hidden()
    page.get_by_role("button", name="Tøm planen").click()
    assert blocks(page) == []
    page.get_by_role("button", name="Angre").click()
    assert blocks(page) == plan


def test_a_plan_from_a_link_replaces_the_stored_one_which_can_be_brought_back(page, site_url):
    open_planner(page, site_url, "?blokker=pause:15")
    open_planner(page, site_url, "?blokker=punkt:20:Fra%20en%20kollega")
    assert [b[2] for b in blocks(page)] == ["Fra en kollega"]
    notice = page.locator("#vk-planner-notice")
    expect(notice).to_have_text(re.compile(r"Du åpnet en plan fra en lenke \(1 punkt\)\. Den har tatt plassen til "
                                           r"planen du hadde i nettleseren \(1 punkt\)\."))
    notice.get_by_role("button", name="Angre").click()
    assert [b[2] for b in blocks(page)] == ["Pause"]
    assert page.url.endswith("?start=09:00&blokker=pause:15")
    expect(notice).to_contain_text("Planen du hadde, er lagt tilbake.")
    # The link's plan is not lost: the notice links it again.
    again = notice.get_by_role("link", name="Åpne planen fra lenken igjen")
    assert again.get_attribute("href").endswith("?blokker=punkt:20:Fra%20en%20kollega")
    # The same link again over the same plan says nothing: nothing was replaced.
    open_planner(page, site_url, "?start=09:00&blokker=pause:15")
    expect(notice).to_be_hidden()


def test_copy_link_shows_the_address_to_copy_when_there_is_no_clipboard(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    context.add_init_script("delete Navigator.prototype.clipboard;")  # as on a plain-http intranet
    try:
        tab = context.new_page()
        open_planner(tab, site_url, "?blokker=pause:10")
        tab.get_by_role("button", name="Kopier lenke").click()
        field = tab.get_by_label(re.compile("^Lenke til planen"))
        expect(field).to_be_visible()
        expect(field).to_have_value(tab.url)
        expect(field).to_be_focused()
        expect(tab.locator("#vk-plan-copied")).not_to_be_empty()
    finally:
        context.close()


def test_the_planner_follows_instant_navigation_from_the_finder_and_back(page, site_url, catalogue):
    def sitemap(route):  # Material only switches instantly to pages in its sitemap
        response = route.fetch()
        body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{site_url}", response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", sitemap)
    page.goto(urljoin(site_url, "ovelser/"))
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.vkSameDocument = true; }")
    page.locator('.vk-card[data-id="ovelser/pre-mortem"]').get_by_role("button", name="Legg i møteplanen").click()
    page.locator(".md-tabs").get_by_role("link", name="Møteplan").click()
    expect(page.locator("#vk-planner")).to_be_visible()
    assert blocks(page) == timeline([exercise(catalogue, "pre-mortem")])
    opened(page, catalogue["pre-mortem"]["title"]).get_by_role("link", name="Les om øvelsen").click()
    expect(page.locator("[data-vk-plan-add]")).to_be_visible()
    expect(page.locator(".vk-plan-add__status")).to_contain_text("Ligger i møteplanen som punkt 1.")
    page.get_by_role("button", name="Legg i møteplanen").click()  # already there: it asks first
    page.get_by_role("button", name="Ja, legg den inn igjen").click()
    expect(page.locator(".md-header .vk-plan-link")).to_contain_text("2")
    page.go_back()
    expect(page.locator("#vk-planner")).to_be_visible()
    assert len(blocks(page)) == 2
    assert page.evaluate("() => window.vkSameDocument") is True, "the page was reloaded"


# ---- Keyboard and screen readers ----------------------------------------------------------

def focused(tab) -> str:
    """The focused control's accessible text, for buttons with hidden words as well."""
    return tab.evaluate("() => (document.activeElement.getAttribute('aria-label') || "
                        "document.activeElement.textContent || '').trim().replace(/\\s+/g, ' ')")


def tab_to(tab, text: str, limit: int = 300) -> None:
    """Press Tab until the control named ``text`` has focus, and check that focus shows."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if focused(tab) == text:
            problem = tab.evaluate(FOCUSED_JS)["problem"]
            assert problem is None, f"{text}: {problem}"
            return
    raise AssertionError(f"Tab never reached «{text}»")


def announced(tab) -> str:
    return tab.locator("#vk-planner-status").text_content()


def test_keyboard_alone_adds_moves_removes_and_prints_and_each_is_announced(page, site_url, catalogue):
    title = catalogue["moteevaluering"]["title"]
    page.goto(urljoin(site_url, "ovelser/moteevaluering/"))
    tab_to(page, "Legg i møteplanen")
    page.keyboard.press("Enter")
    expect(page.locator("#vk-plan-announce")).to_have_text(re.compile(f"^«{title}» er lagt i møteplanen"))

    open_planner(page, site_url, "?blokker=innsjekk-og-utsjekk,pause:10,moteevaluering")
    first = catalogue["innsjekk-og-utsjekk"]["title"]
    # A block is one line, a button that opens it (aria-expanded) with its time, title and minutes.
    tab_to(page, f"09.00–09.10 {first} 10 min")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "true"
    tab_to(page, f"Flytt ned «{first}»")
    page.keyboard.press("Enter")
    expect(page.locator("#vk-planner-status")).to_have_text(f"«{first}» er flyttet ned. Nå punkt 2 av 3, kl. 09.10–09.20.")
    assert focused(page) == f"Flytt ned «{first}»"  # focus moved with the block, which stays open
    page.keyboard.press("Enter")
    expect(page.locator("#vk-planner-status")).to_contain_text("Nå punkt 3 av 3")
    assert focused(page) == f"Flytt opp «{first}»"  # «Flytt ned» is off at the bottom
    assert [b[2] for b in blocks(page)] == ["Pause", title, first]

    page.locator(".vk-block__toggle").first.focus()
    tab_to(page, f"09.10–09.25 {title} 15 min")
    page.keyboard.press("Enter")
    tab_to(page, f"Fjern «{title}»")
    page.keyboard.press("Enter")
    expect(page.locator("#vk-planner-status")).to_contain_text(f"«{title}» er fjernet fra planen.")
    assert focused(page) == f"09.10–09.20 {first} 10 min"  # the next block's line
    tab_to(page, f"Angre: «{title}» er fjernet.")
    page.keyboard.press("Enter")
    expect(page.locator("#vk-planner-status")).to_have_text("Lagt tilbake som punkt 2 av 3, kl. 09.10–09.25.")

    # «Legg til her» after the pause opens the add forms there; a pause added goes in its place.
    page.locator(".vk-block__toggle").first.focus()
    tab_to(page, "+ Legg til her etter «Pause»")
    page.keyboard.press("Enter")
    assert focused(page) == "Legg til etter «Pause»"  # the forms' heading, where they now stand
    tab_to(page, "Legg til pausen")
    page.keyboard.press("Enter")
    assert [b[2] for b in blocks(page)] == ["Pause", "Pause", title, first]
    assert focused(page) == "09.10–09.20 Pause 10 min"  # the new block's line

    stub_print(page)
    tab_to(page, "Skriv ut møteplanen for deltakerne")
    page.keyboard.press("Enter")
    expect(page.locator("#vk-plan-print-status")).to_have_text("Utskriften er klar: agendaen og 2 øvelsesark.")
    assert page.evaluate("() => window.vkPrinted") == 1


# ---- axe-core, focus and a phone's width ------------------------------------------------

@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violation_on_the_planner_empty_filled_over_time_or_with_the_notice(
    browser, site_url, palette, width
):
    """Each state as a reader meets it; «filled» also shows the undo row after a removal,
    an open block, the add forms opened by «Legg til her», a block that is not in this
    version and the header's link with its count; «notice» a link's plan that took the
    place of the stored one, with what of the link could not be used."""
    height = 812 if width == 375 else 800
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=palette, locale="nb-NO")
    try:
        tab = context.new_page()
        found, focus = [], []
        for state, search in [
            ("empty", ""),  # a fresh browser: nothing stored
            ("filled", "?tid=240&blokker=innsjekk-og-utsjekk,pause:10,finnes-ikke,teori:beslutninger:15,"
                       "punkt:15:Orienteringssaker,moteevaluering"),
            ("over time", "?tid=30&blokker=pre-mortem,pause:10,moteevaluering"),
            ("notice", "?start=25:99&dato=2026-02-30&tittel=Fra%20en%20kollega&blokker=pre-mortem,pause:-5"),
        ]:
            open_planner(tab, site_url, search)
            tab.wait_for_load_state("networkidle")
            if state == "filled":
                opened(tab, "Møteevaluering").get_by_role("button", name="Fjern").click()
                expect(tab.locator("#vk-planner-undo")).to_be_visible()
                expect(tab.locator(".md-header .vk-plan-link")).to_be_visible()
                opened(tab, "Pause")
                block(tab, "Pause").get_by_role("button", name="Legg til her").click()
                expect(tab.locator("#vk-planner-add")).to_have_text("Legg til etter «Pause»")
            if state == "over time":
                expect(tab.locator(".vk-planner__budget--over")).to_have_text(
                    "30 min til rådighet, til kl. 09.30: 40 min over tiden.")
            if state == "notice":
                expect(tab.locator("#vk-planner-notice")).to_contain_text("Starttiden «25:99» finnes ikke")
                expect(tab.locator("#vk-planner-notice-undo")).to_be_visible()
            found += [f"{state}: {v['id']}: {node}" for v in violations(tab) for node in v["nodes"]]
            overflow = tab.evaluate(OVERFLOW_JS)
            assert not overflow["scrolls"], f"{state}: {overflow}"
            tab.wait_for_function(SEARCH_READY_JS)
            # Back at the top, where Material shows its tabs again (they hide on scrolling down).
            tab.evaluate("() => window.scrollTo(0, 0)")
            tab.wait_for_function("() => { const tabs = document.querySelector('.md-tabs');"
                                  " return !tabs || !tabs.hidden || getComputedStyle(tabs).display === 'none'; }")
            tab.keyboard.press("Shift")  # a key press first: later focus counts as keyboard focus
            focus += [f"{state}: {problem}" for problem in tab.evaluate(FOCUS_PROBLEMS_JS)]
        assert not found, "axe-core:\n" + "\n".join(found)
        assert not focus, "focus:\n" + "\n".join(focus)
    finally:
        context.close()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_axe_finds_no_violation_on_the_finder_and_exercise_page_after_adding(browser, site_url, palette):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=palette, locale="nb-NO")
    try:
        tab = context.new_page()
        tab.goto(urljoin(site_url, "ovelser/"))
        tab.locator(".vk-card").first.get_by_role("button", name="Legg i møteplanen").click()
        tab.wait_for_load_state("networkidle")
        found = violations(tab)
        tab.goto(urljoin(site_url, "ovelser/pre-mortem/"))
        tab.get_by_role("button", name="Legg i møteplanen").click()
        expect(tab.locator(".vk-plan-add__status")).not_to_be_empty()
        found += violations(tab)
        assert not found, report(found)
    finally:
        context.close()


# ---- Printing ------------------------------------------------------------------------------

def section_item(built_site, slug: str, heading_id: str) -> str:
    """The first list item under a heading of an exercise page, as plain text."""
    page = (built_site / f"ovelser/{slug}/index.html").read_text(encoding="utf-8")
    after = page.split(f'id="{heading_id}"', 1)[1]
    item = re.search(r"<li>(.*?)</li>", after, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()


def pdf_pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()).strip() for p in PdfReader(BytesIO(pdf)).pages]


def print_plan(tab, button: str) -> list[str]:
    stub_print(tab)
    tab.get_by_role("button", name=button).click()
    tab.wait_for_function("() => window.vkPrinted === 1")
    return pdf_pages(tab.pdf(format="A4"))


def test_the_printed_plan_has_the_agenda_first_and_each_handout_on_a_new_page(
    page, site_url, catalogue, theory, built_site
):
    made = query(
        [ExerciseBlock("innsjekk-og-utsjekk"), PauseBlock(10), ExerciseBlock("pre-mortem", 40),
         TheoryBlock("beslutninger", 15), FreeBlock("Orienteringssaker", 15), ExerciseBlock("moteevaluering")],
        available=120, title="Ledermøte om beslutninger", date="2026-12-03",
    )
    open_planner(page, site_url, made)
    chrome = page.evaluate(CHROME_JS)
    assert "Søk" in chrome and "Finn en øvelse" not in chrome  # the article links the finder itself
    titles = [catalogue[slug]["title"] for slug in CHOSEN]
    tips = {slug: section_item(built_site, slug, "tips-til-den-som-leder")[:40] for slug in CHOSEN}
    preparation = {slug: section_item(built_site, slug, "forberedelse")[:40] for slug in CHOSEN}

    for variant, button in [("leder", "Skriv ut møteplanen for den som leder møtet"),
                            ("deltakere", "Skriv ut møteplanen for deltakerne")]:
        pages = print_plan(page, button)
        agenda = pages[0]
        rows = timeline([exercise(catalogue, CHOSEN[0]), PAUSE, exercise(catalogue, CHOSEN[1], 40),
                         ("Teori", theory["beslutninger"], 15), ("Eget punkt", "Orienteringssaker", 15),
                         exercise(catalogue, CHOSEN[2])])
        total = sum(row[3] for row in rows)
        assert agenda.startswith(f"Ledermøte om beslutninger Torsdag 3. desember 2026 · "
                                 f"kl. 09.00–{rows[-1][0].split('–')[1]} · {total} min")
        for time, _, what, minutes, _ in rows:
            assert f"{time} {minutes} {what}" in agenda, (time, what, agenda)
        assert catalogue["pre-mortem"]["description"][:60] in agenda  # the purpose in a sentence
        starts = [i for i, text in enumerate(pages) for title in titles if text.startswith(title)]
        assert [pages[i].split(" ")[0] for i in starts] == [t.split(" ")[0] for t in titles]
        assert starts[0] == 1, "the agenda is one page and the first handout starts on the next"
        handouts = [" ".join(pages[a:b]) for a, b in zip(starts, [*starts[1:], len(pages)])]
        for slug, text in zip(CHOSEN, handouts):
            for heading in ["Formål", "Slik gjør dere det", "Refleksjonsspørsmål"]:
                assert heading in text, (variant, slug, heading)
            leader = variant == "leder"
            assert ("Tips til den som leder" in text) is leader, (variant, slug)
            assert ("Forberedelse" in text) is leader, (variant, slug)
            assert (tips[slug] in text) is leader and (preparation[slug] in text) is leader, (variant, slug)
            assert text.endswith(urljoin(site_url, f"ovelser/{slug}/"))
        everything = " ".join(pages)
        found = [s for s in chrome if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", everything)]
        assert not found, f"site navigation or search text on paper ({variant}): {found}"
        assert "Legg i møteplanen" not in everything and "Flytt opp" not in everything
    fetched = [u for u in page.requests.urls if "/ovelser/" in u]
    assert {u.split("/ovelser/")[1] for u in fetched} >= {f"{slug}/" for slug in CHOSEN}
    assert page.requests.foreign() == []


def test_an_exercise_page_prints_for_the_participants_without_preparation_and_tips(page, site_url, built_site):
    page.goto(urljoin(site_url, "ovelser/moteevaluering/"))
    stub_print(page)
    page.get_by_role("button", name="Skriv ut for deltakerne").click()
    assert page.evaluate("() => window.vkPrinted") == 1
    text = " ".join(pdf_pages(page.pdf(format="A4")))
    for heading in ["Møteevaluering", "Varighet", "Formål", "Slik gjør dere det", "Refleksjonsspørsmål"]:
        assert heading in text
    for gone in ["Forberedelse", "Tips til den som leder", "Digital variant", "Ledes av",
                 section_item(built_site, "moteevaluering", "tips-til-den-som-leder")[:40]]:
        assert gone not in text
    assert text.endswith(urljoin(site_url, "ovelser/moteevaluering/"))
    # After printing, «Skriv ut» prints the whole handout again.
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    whole = " ".join(pdf_pages(page.pdf(format="A4")))
    assert "Tips til den som leder" in whole and "Forberedelse" in whole


# ---- Without JavaScript, and with data that is not text -----------------------------------

def test_without_javascript_the_planner_page_explains_itself_and_links_the_finder(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    try:
        tab = context.new_page()
        tab.goto(planner_url(site_url, "?blokker=pause:10"))
        article = tab.locator("article")
        expect(article).to_contain_text("Sett sammen agendaen for neste ledermøte")
        expect(tab.locator(".vk-planner__help")).to_be_hidden()  # help for what is not there
        expect(article).to_contain_text("trenger JavaScript")
        expect(tab.locator("#vk-planner")).to_be_hidden()
        article.get_by_role("link", name="Finn en øvelse").first.click()
        expect(tab).to_have_url(urljoin(site_url, "ovelser/"))
        tab.goto(urljoin(site_url, "ovelser/pre-mortem/"))
        expect(tab.get_by_role("button", name="Legg i møteplanen")).to_be_hidden()
        expect(tab.get_by_role("button", name="Skriv ut for deltakerne")).to_be_hidden()
    finally:
        context.close()


NASTY = '</script><img src=x onerror="window.vkHacked=1"> & «Møte»'


@pytest.fixture(scope="module")
def nasty_site_url(tmp_path_factory):
    """The site built with an exercise whose description is markup, served."""
    project = copy_project(tmp_path_factory.mktemp("nasty") / "project")
    source = project / "content/ovelser/pre-mortem.md"
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^description: >-\n(  .*\n)+", f"description: '{NASTY}'\n", text, count=1, flags=re.M)
    source.write_text(text, encoding="utf-8")
    site = project / "site"
    result = toolkit("build", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    with SiteServer(site) as server:
        yield server.url


def test_a_description_with_markup_is_shown_as_text_in_the_plan_and_on_paper(page, nasty_site_url):
    open_planner(page, nasty_site_url, "?blokker=pre-mortem,pause:5")
    expect(block(page, "Pre-mortem").locator(".vk-block__purpose")).to_have_text(NASTY)
    stub_print(page)
    page.get_by_role("button", name="Skriv ut møteplanen for deltakerne").click()
    page.wait_for_function("() => window.vkPrinted === 1")
    expect(page.locator(".vk-agenda .vk-agenda__purpose")).to_have_text(NASTY)
    assert page.evaluate("() => document.querySelectorAll('#vk-planner img, .vk-agenda img').length") == 0
    assert page.evaluate("() => window.vkHacked") is None


def test_buttons_keep_their_text_visible_on_hover_in_the_dark_palette(browser, site_url):
    """Material fills a hovered button with the light accent colour; the text must change."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark", locale="nb-NO")
    try:
        tab = context.new_page()
        tab.goto(urljoin(site_url, "ovelser/pre-mortem/"))
        names = ["Legg i møteplanen", "Skriv ut", "Skriv ut for deltakerne"]
        for name in names:
            button = tab.get_by_role("button", name=name, exact=True)
            button.hover()
            tab.wait_for_timeout(200)  # Material's colour transition
            colour, fill = button.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
            assert colour != fill, f"«{name}»: text {colour} on {fill}"
        open_planner(tab, site_url, "?blokker=pause:10")
        for name in ["Kopier lenke", "Skriv ut møteplanen for deltakerne"]:
            button = tab.get_by_role("button", name=name)
            button.hover()
            tab.wait_for_timeout(200)
            colour, fill = button.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
            assert colour != fill, f"«{name}»: text {colour} on {fill}"
    finally:
        context.close()
