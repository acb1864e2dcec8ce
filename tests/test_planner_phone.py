"""The planner in one hand (issue 25): a leader on a 375 × 812 phone builds a plan from the
finder in a few taps, keeps the summary in view, puts a pause where it belongs, and is
told, at the top, when a link or a ready-made plan took the place of the plan they had."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.test_planner_browser import block, blocks, clock, exercise, open_planner, summary, timeline

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
CHOSEN = ["innsjekk-og-utsjekk", "pre-mortem", "moteevaluering"]

# Where an element is on the screen, and whether something else covers its middle.
IN_VIEW_JS = """(el) => {
  const box = el.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, 10));
  return {top: box.top, bottom: box.bottom, header: header.bottom, height: innerHeight,
          covered: !(top && (el === top || el.contains(top)))};
}"""


@pytest.fixture
def hand(browser, site_url):
    """A 375 × 812 phone with a touch screen."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="nb-NO")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def catalogue(built_site):
    import json

    entries = json.loads((built_site / "ovelser/ovelser.json").read_text(encoding="utf-8"))["exercises"]
    return {entry["id"].split("/", 1)[1]: entry for entry in entries}


class Taps:
    """Counts what the leader's thumb does: each tap on a button, a link or a field."""

    def __init__(self):
        self.count = 0

    def tap(self, locator) -> None:
        self.count += 1
        locator.tap()

    def type_into(self, locator, text: str) -> None:
        """One tap on the field, then the keyboard (typing is not tapping)."""
        self.tap(locator)
        locator.fill(text)


def in_first_viewport(tab, locator) -> bool:
    where = locator.evaluate(IN_VIEW_JS)
    return where["top"] >= 0 and where["bottom"] <= where["height"] and not where["covered"]


def test_three_exercises_a_pause_between_the_first_two_and_a_start_time_take_at_most_ten_taps(
    hand, site_url, catalogue
):
    taps = Taps()
    hand.goto(urljoin(site_url, "ovelser/"))
    for slug in CHOSEN:
        card = hand.locator(f'.vk-card[data-id="ovelser/{slug}"]')
        taps.tap(card.get_by_role("button", name="Legg i møteplanen"))
        expect(card.locator(".vk-plan-add__status")).to_contain_text("er lagt i møteplanen")
    taps.tap(hand.locator(f'.vk-card[data-id="ovelser/{CHOSEN[-1]}"]').get_by_role("link", name="Åpne møteplanen"))
    expect(hand.locator("#vk-planner")).to_be_visible()

    first = catalogue[CHOSEN[0]]["title"]
    taps.tap(block(hand, first).get_by_role("button", name="Legg til her"))
    expect(hand.locator("#vk-planner-add")).to_have_text(f"Legg til etter «{first}»")
    taps.tap(hand.get_by_role("button", name="Legg til pausen"))
    taps.type_into(hand.get_by_label("Starter klokka"), "08:30")

    assert blocks(hand) == timeline([exercise(catalogue, CHOSEN[0]), ("Pause", "Pause", 10),
                                     exercise(catalogue, CHOSEN[1]), exercise(catalogue, CHOSEN[2])],
                                    start=8 * 60 + 30)
    assert taps.count <= 10, f"{taps.count} taps"
    assert "start=08:30" in hand.url and f"{CHOSEN[0]},pause:10,{CHOSEN[1]}" in hand.url
    # The add forms went back under the list once the pause was in place.
    expect(hand.locator("#vk-planner-add")).to_have_text("Legg til i planen")


def test_the_summary_with_the_total_stays_in_view_when_the_agenda_is_scrolled_to_its_end(hand, site_url):
    many = ",".join(["innsjekk-og-utsjekk", "pause:10", "pre-mortem", "moteevaluering"] * 4)
    open_planner(hand, site_url, f"?tid=120&blokker={many}")
    total = summary(hand)
    assert total.startswith("16 punkter · kl. 09.00–") and "min over tiden" in total
    last = hand.locator("#vk-planner-blocks > li").last
    last.scroll_into_view_if_needed()
    hand.evaluate("() => document.querySelector('#vk-planner-blocks > li:last-child')"
                  ".scrollIntoView({block: 'end'})")
    hand.wait_for_timeout(200)
    where = hand.locator("#vk-planner-summary").evaluate(IN_VIEW_JS)
    assert where["top"] >= where["header"] - 1 and where["bottom"] <= where["height"], where
    assert not where["covered"], where
    assert last.evaluate("el => el.getBoundingClientRect().bottom") <= PHONE["height"] + 1  # the end is in view
    # The words say what the colour says: over the time, with the minutes.
    expect(hand.locator(".vk-planner__budget--over")).to_contain_text("min over tiden")


def test_a_shared_link_over_a_plan_says_so_in_the_first_viewport_and_angre_brings_the_plan_back(
    hand, site_url, catalogue
):
    open_planner(hand, site_url, "?start=13:00&tittel=Min%20plan&blokker=pre-mortem,pause:15")
    own = blocks(hand)
    hand.goto(urljoin(site_url, "moteplan/?tittel=Fra%20Kari&blokker=innsjekk-og-utsjekk,moteevaluering"))
    notice = hand.locator("#vk-planner-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Du åpnet planen «Fra Kari» (2 punkter). Den har tatt plassen til planen "
                                   "du hadde i nettleseren (2 punkter).")
    angre = notice.get_by_role("button", name="Angre")
    assert in_first_viewport(hand, notice.locator("#vk-planner-notice-text")), "the notice is below the first screen"
    assert in_first_viewport(hand, angre), "«Angre» is below the first screen"
    expect(hand.get_by_label("Tittel (valgfritt)")).to_have_value("Fra Kari")

    angre.tap()
    assert blocks(hand) == own
    expect(hand.get_by_label("Tittel (valgfritt)")).to_have_value("Min plan")
    expect(hand.get_by_label("Starter klokka")).to_have_value("13:00")
    assert hand.url.endswith("/moteplan/?start=13:00&tittel=Min%20plan&blokker=pre-mortem,pause:15")
    stored = hand.evaluate("() => JSON.parse(localStorage.getItem('vk-moteplan:/')).query")
    assert stored == "?start=13:00&tittel=Min%20plan&blokker=pre-mortem,pause:15"


def test_a_ready_made_plan_fills_the_title_and_does_not_silently_replace_the_plan(hand, site_url):
    open_planner(hand, site_url, "?blokker=pause:5")
    hand.goto(urljoin(site_url, "moteplaner/mote-om-beslutninger/"))
    title = hand.locator("h1").inner_text().removesuffix("¶").strip()  # without the permalink
    hand.get_by_role("link", name="Åpne i møteplanleggeren").tap()
    expect(hand.locator("#vk-planner")).to_be_visible()
    expect(hand.get_by_label("Tittel (valgfritt)")).to_have_value(title)
    expect(hand.get_by_label("Tid til rådighet, minutter (valgfritt)")).to_have_value("90")
    expect(hand.locator(".vk-planner__budget")).to_have_text(
        "90 min til rådighet, til kl. 10.30: planen fyller tiden akkurat.")
    notice = hand.locator("#vk-planner-notice")
    expect(notice).to_contain_text(f"Du åpnet planen «{title}»")
    assert in_first_viewport(hand, notice.get_by_role("button", name="Angre"))
    notice.get_by_role("button", name="Angre").tap()
    assert [row[2] for row in blocks(hand)] == ["Pause"]


def test_adding_an_exercise_already_in_the_plan_asks_first(hand, site_url, catalogue):
    title = catalogue["pre-mortem"]["title"]
    hand.goto(urljoin(site_url, "ovelser/pre-mortem/"))
    add = hand.get_by_role("button", name="Legg i møteplanen")
    status = hand.locator(".vk-plan-add__status")
    add.tap()
    expect(status).to_contain_text(f"«{title}» er lagt i møteplanen. Planen har nå 1 punkt")
    hand.reload()
    expect(status).to_contain_text("Ligger i møteplanen som punkt 1.")  # seen before tapping
    add.tap()
    expect(status).to_contain_text(f"«{title}» ligger allerede i møteplanen, som punkt 1. "
                                   "Vil du legge den inn en gang til?")
    expect(hand.locator("#vk-plan-announce")).to_contain_text("Vil du legge den inn en gang til?")
    add.tap()  # a second tap on the button does not answer the question
    status.get_by_role("button", name="Nei").tap()
    expect(hand.locator(".md-header .vk-plan-link")).to_contain_text("1")
    add.tap()
    status.get_by_role("button", name="Ja, legg den inn igjen").tap()
    expect(status).to_contain_text("Planen har nå 2 punkter")
    expect(hand.locator(".md-header .vk-plan-link")).to_contain_text("2")

    # The finder's card knows it too.
    hand.goto(urljoin(site_url, "ovelser/"))
    card = hand.locator('.vk-card[data-id="ovelser/pre-mortem"]')
    expect(card.locator(".vk-plan-add__status")).to_contain_text("Ligger i møteplanen som punkt 1.")
    card.get_by_role("button", name="Legg i møteplanen").tap()
    expect(card.locator(".vk-plan-add__status")).to_contain_text("Vil du legge den inn en gang til?")


def test_legg_til_her_puts_an_item_of_ones_own_between_two_blocks_and_avbryt_puts_the_forms_back(
    hand, site_url, catalogue
):
    open_planner(hand, site_url, "?blokker=innsjekk-og-utsjekk,moteevaluering")
    first = catalogue["innsjekk-og-utsjekk"]["title"]
    insert = block(hand, first).get_by_role("button", name="Legg til her")
    insert.tap()
    expect(insert).to_be_hidden()  # the forms stand in its place
    hand.get_by_role("button", name="Avbryt").tap()
    expect(hand.locator("#vk-planner-add")).to_have_text("Legg til i planen")
    expect(insert).to_be_focused()
    insert.tap()
    hand.get_by_label("Eget punkt, for eksempel «Orienteringssaker»").fill("Budsjett")
    hand.locator("#vk-add-punkt-min").fill("20")
    hand.get_by_role("button", name="Legg til punktet").tap()
    assert [row[2] for row in blocks(hand)] == [first, "Budsjett", catalogue["moteevaluering"]["title"]]
    assert blocks(hand)[1][0] == f"09.10–{clock(9 * 60 + 30)}"
    expect(hand.locator("#vk-planner-status")).to_have_text(
        re.compile(r"«Budsjett» er lagt til som punkt 2 av 3, kl\. 09\.10–09\.30\."))
