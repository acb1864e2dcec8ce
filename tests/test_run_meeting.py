"""«Kjør møtet» in Chromium with a controlled clock: the current block and its countdown, the
two-minute and zero signals, ahead or behind the plan, «+5 min» re-timing the rest,
advancing by hand and by itself, pause, a reload and a lost network mid-meeting, the
exercises' steps and questions without the leader's tips, the keys of a presenter's
remote, the screen kept awake, and axe-core in light and dark. Every expected time is
worked out here from the plan the test makes, never read from the page."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.support.axe import violations
from toolkit.planner_address import ExerciseBlock, FreeBlock, PauseBlock, query

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
OSLO = ZoneInfo("Europe/Oslo")
DAY = dt.datetime(2026, 12, 3, tzinfo=OSLO)
START = DAY.replace(hour=9)

# Three blocks: an exercise for 12 minutes, a pause, an item of one's own.
EXERCISE, FIRST, PAUSE, ITEM, ITEM_TEXT = "innsjekk-og-utsjekk", 12, 10, 15, "Orienteringssaker"
PLAN = query([ExerciseBlock(EXERCISE, FIRST), PauseBlock(PAUSE), FreeBlock(ITEM_TEXT, ITEM)],
             start="09:00", title="Ledermøte")

# navigator.wakeLock as a stub that records each request, where Chromium may not offer it.
WAKE_LOCK_JS = """(() => {
  window.__wakeLocks = [];
  const lock = { release: () => Promise.resolve(), addEventListener: () => {} };
  Object.defineProperty(Navigator.prototype, "wakeLock", { configurable: true,
    get: () => ({ request: (type) => { window.__wakeLocks.push(type); return Promise.resolve(lock); } }) });
})();"""


def clock(moment: dt.datetime) -> str:
    return moment.strftime("%H.%M")


def mmss(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def run_url(site_url: str, search: str = PLAN) -> str:
    return urljoin(site_url, "moteplan/kjor/") + search


@pytest.fixture
def tab(browser, site_url):
    """A laptop-sized page in Oslo's time, its clock at 08:59, the wake lock stubbed; its
    requests are logged in ``tab.requests``."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO",
                                  timezone_id="Europe/Oslo")
    context.add_init_script(WAKE_LOCK_JS)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.clock.install(time=START - dt.timedelta(minutes=1))
    yield page
    context.close()


def open_run(tab, site_url, search: str = PLAN, at: dt.datetime = START) -> None:
    """The run view, the clock stopped at ``at``."""
    tab.goto(run_url(site_url, search))
    expect(tab.locator("#vk-run")).to_be_visible()
    tab.clock.pause_at(at)


def start_meeting(tab, site_url, search: str = PLAN) -> None:
    open_run(tab, site_url, search)
    tab.get_by_role("button", name="Start møtet").click()
    expect(tab.locator("#vk-run")).to_have_attribute("data-vk-state", "running")


def heard(tab, text: str) -> None:
    """What the polite live region says: it empties and speaks 50 ms later (the same words
    twice are read twice), so the stopped clock moves on a tenth of a second."""
    tab.clock.run_for(100)
    expect(tab.locator("#vk-run-status")).to_have_text(text)


def left(tab):
    return tab.locator("#vk-run-left")


def test_the_current_block_counts_down_signals_at_two_minutes_and_zero_and_the_rest_is_retimed(tab, site_url):
    start_meeting(tab, site_url)
    expect(tab.locator("#vk-run-title")).to_have_text("Innsjekk og utsjekk")
    expect(tab.locator("#vk-run-place")).to_have_text(
        f"Punkt 1 av 3 · kl. {clock(START)}–{clock(START + dt.timedelta(minutes=FIRST))}")
    expect(left(tab)).to_have_text(mmss(dt.timedelta(minutes=FIRST)))
    expect(tab.locator("#vk-run-signal")).to_be_hidden()
    expect(tab.locator("#vk-run-next")).to_have_text(
        f"Neste: Pause · kl. {clock(START + dt.timedelta(minutes=FIRST))}–"
        f"{clock(START + dt.timedelta(minutes=FIRST + PAUSE))} · {PAUSE} min")

    tab.clock.run_for("07:00")
    expect(left(tab)).to_have_text(mmss(dt.timedelta(minutes=FIRST - 7)))
    expect(tab.locator("#vk-run-signal")).to_be_hidden()

    tab.clock.run_for(f"{FIRST - 7 - 2:02d}:00")  # two minutes left
    expect(left(tab)).to_have_text("02:00")
    expect(tab.locator("#vk-run-signal")).to_have_text("▲ To minutter igjen")
    heard(tab, "To minutter igjen av «Innsjekk og utsjekk».")
    expect(tab.locator("#vk-run-now")).to_have_attribute("data-vk-signal", "soon")

    tab.clock.run_for("04:00")  # two minutes over
    expect(tab.locator("#vk-run-signal")).to_have_text("■ Tiden er ute")
    expect(left(tab)).to_have_text("+02:00")
    expect(tab.locator("#vk-run-left-label")).to_have_text("over tiden")
    expect(tab.get_by_role("heading", name="Innsjekk og utsjekk")).to_be_visible()  # by hand: it stays

    now = START + dt.timedelta(minutes=FIRST + 2)
    tab.keyboard.press("PageDown")
    expect(tab.locator("#vk-run-title")).to_have_text("Pause")
    expect(left(tab)).to_have_text(mmss(dt.timedelta(minutes=PAUSE)))
    behind = int((now - (START + dt.timedelta(minutes=FIRST))).total_seconds() // 60)
    expect(tab.locator("#vk-run-pace")).to_have_text(f"{behind} min bak planen")
    expect(tab.locator("#vk-run-signal")).to_be_hidden()
    heard(tab, f"Punkt 2 av 3: Pause, {PAUSE} minutter.")

    tab.get_by_role("button", name="+5 min").click()
    expect(left(tab)).to_have_text(mmss(dt.timedelta(minutes=PAUSE + 5)))
    item_from = now + dt.timedelta(minutes=PAUSE + 5)
    expect(tab.locator("#vk-run-next")).to_have_text(
        f"Neste: {ITEM_TEXT} · kl. {clock(item_from)}–{clock(item_from + dt.timedelta(minutes=ITEM))} · {ITEM} min")
    planned_end = START + dt.timedelta(minutes=FIRST + PAUSE)
    expect(tab.locator("#vk-run-pace")).to_have_text(
        f"{int((item_from - planned_end).total_seconds() // 60)} min bak planen")
    # The agenda re-times the rest too.
    expect(tab.locator("#vk-run-list li").nth(2).locator(".vk-run__when")).to_have_text(
        f"{clock(item_from)}–{clock(item_from + dt.timedelta(minutes=ITEM))}")


def test_advancing_ahead_of_the_plan_says_how_far_ahead(tab, site_url):
    start_meeting(tab, site_url)
    tab.clock.run_for("08:00")
    tab.keyboard.press("ArrowRight")
    expect(tab.locator("#vk-run-title")).to_have_text("Pause")
    expect(tab.locator("#vk-run-pace")).to_have_text(f"{FIRST - 8} min foran planen")


def test_automatic_mode_advances_when_the_time_is_up_and_pause_stops_the_countdown(tab, site_url):
    open_run(tab, site_url)
    tab.get_by_label("av seg selv når tiden er ute").check()
    tab.get_by_role("button", name="Start møtet").click()
    tab.clock.run_for(f"{FIRST:02d}:01")
    expect(tab.locator("#vk-run-title")).to_have_text("Pause")
    # The pause began when the exercise's time was up, one second ago.
    expect(left(tab)).to_have_text(mmss(dt.timedelta(minutes=PAUSE, seconds=-1)))
    heard(tab, f"Punkt 2 av 3: Pause, {PAUSE} minutter.")

    tab.clock.run_for("03:00")
    shown = mmss(dt.timedelta(minutes=PAUSE - 3, seconds=-1))
    expect(left(tab)).to_have_text(shown)
    tab.keyboard.press("p")
    expect(tab.locator("#vk-run")).to_have_attribute("data-vk-state", "paused")
    expect(tab.get_by_role("button", name="Fortsett")).to_be_visible()
    tab.clock.run_for("20:00")  # far past the block's end: paused, nothing moves
    expect(left(tab)).to_have_text(shown)
    expect(tab.locator("#vk-run-title")).to_have_text("Pause")
    expect(tab.locator("#vk-run-left-label")).to_have_text("igjen, på pause")
    # The pause puts the meeting behind: the pause block now ends 20 minutes late.
    expect(tab.locator("#vk-run-pace")).to_have_text("20 min bak planen")

    tab.get_by_role("button", name="Fortsett").click()
    tab.clock.run_for("01:00")
    expect(left(tab)).to_have_text(mmss(dt.timedelta(minutes=PAUSE - 4, seconds=-1)))


def test_a_reload_mid_meeting_resumes_the_same_block_and_going_offline_changes_nothing(tab, site_url):
    start_meeting(tab, site_url)
    tab.clock.run_for("05:00")
    tab.keyboard.press("PageDown")  # the pause, from 09:05
    tab.get_by_role("button", name="+5 min").click()
    tab.clock.run_for("03:00")
    expected = mmss(dt.timedelta(minutes=PAUSE + 5 - 3))
    expect(left(tab)).to_have_text(expected)

    tab.reload()
    expect(tab.locator("#vk-run")).to_have_attribute("data-vk-state", "running")
    expect(tab.locator("#vk-run-title")).to_have_text("Pause")
    expect(left(tab)).to_have_text(expected)

    tab.context.set_offline(True)
    requests_before = len(tab.requests)
    tab.clock.run_for("02:00")
    expect(left(tab)).to_have_text(mmss(dt.timedelta(minutes=PAUSE + 5 - 5)))
    tab.keyboard.press("PageDown")
    expect(tab.locator("#vk-run-title")).to_have_text(ITEM_TEXT)
    tab.keyboard.press("ArrowLeft")  # back: the pause goes on where it was
    expect(tab.locator("#vk-run-title")).to_have_text("Pause")
    expect(left(tab)).to_have_text(mmss(dt.timedelta(minutes=PAUSE + 5 - 5)))
    tab.keyboard.press("ArrowRight")
    tab.keyboard.press("PageDown")  # past the last block: the end, and the evaluation offered
    expect(tab.get_by_role("heading", name="Møtet er avsluttet")).to_be_visible()
    expect(tab.get_by_role("heading", name="Avslutt med en møteevaluering")).to_be_visible()
    tab.get_by_role("button", name=re.compile(r"^Kjør møteevalueringen")).click()
    expect(tab.locator("#vk-run-title")).to_have_text("Møteevaluering")
    expect(tab.locator("#vk-run-body")).to_contain_text("Refleksjonsspørsmål")
    assert tab.requests[requests_before:] == [], "the run view asked the network for something offline"
    host = site_url.split("/")[2]
    assert [url for url in tab.requests if url.split("/")[2] != host] == []


def _plain(markdown: str) -> str:
    """A list item's Markdown as the reader sees it: no emphasis marks, links as their text."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    return " ".join(text.replace("**", "").replace("*", "").split())


def _section(slug: str, heading: str) -> list[str]:
    """The list items under ``## heading`` in the exercise's own file (one line each)."""
    body = (ROOT / "content/ovelser" / f"{slug}.md").read_text(encoding="utf-8")
    part = body.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [_plain(re.sub(r"^(\d+\.|-)\s+", "", line)) for line in part.splitlines()
            if re.match(r"^(\d+\.|-)\s", line)]


@pytest.mark.parametrize("slug", ["pre-mortem", "innsjekk-og-utsjekk"])
def test_an_exercise_shows_its_steps_and_questions_and_its_tips_only_with_the_toggle(tab, site_url, slug):
    steps = _section(slug, "Slik gjør dere det")
    questions = _section(slug, "Refleksjonsspørsmål")
    tips = _section(slug, "Tips til den som leder")
    assert steps and questions and tips
    start_meeting(tab, site_url, query([PauseBlock(5), ExerciseBlock(slug)]))
    tab.keyboard.press("PageDown")
    body = tab.locator("#vk-run-body")
    expect(body.locator(".vk-run__steps > li")).to_have_text(steps)
    expect(body.locator(".vk-run__questions > li")).to_have_text(questions)
    for tip in tips:
        expect(body).not_to_contain_text(tip[:60])
    expect(tab.get_by_label("Notater for den som leder")).not_to_be_checked()

    tab.get_by_label("Notater for den som leder").check()
    expect(body.get_by_role("heading", name="Notater for den som leder")).to_be_visible()
    expect(body.locator(".vk-run__tips > li")).to_have_text(tips)
    tab.get_by_label("Notater for den som leder").uncheck()
    expect(body.locator(".vk-run__tips")).to_have_count(0)


def test_keys_of_a_remote_move_pause_and_go_full_screen_without_material_taking_them(tab, site_url):
    start_meeting(tab, site_url)
    tab.locator("body").click(position={"x": 5, "y": 300})  # focus on the page, not a button
    tab.keyboard.press(" ")
    expect(tab.locator("#vk-run-title")).to_have_text("Pause")
    tab.keyboard.press("PageUp")
    expect(tab.locator("#vk-run-title")).to_have_text("Innsjekk og utsjekk")
    tab.keyboard.press("P")
    expect(tab.locator("#vk-run")).to_have_attribute("data-vk-state", "paused")
    tab.keyboard.press("p")
    expect(tab.locator("#vk-run")).to_have_attribute("data-vk-state", "running")
    assert tab.url.startswith(run_url(site_url, "")), "p went to another page"
    tab.keyboard.press("f")
    tab.wait_for_function("() => document.fullscreenElement && document.fullscreenElement.id === 'vk-run'")
    assert not tab.evaluate("() => document.activeElement.matches('.md-search__input')"), "f opened the search"
    expect(tab.get_by_role("button", name="Avslutt fullskjerm")).to_be_visible()
    tab.keyboard.press("f")
    tab.wait_for_function("() => !document.fullscreenElement")


def test_the_screen_is_kept_awake_while_the_meeting_runs(tab, site_url):
    open_run(tab, site_url)
    assert tab.evaluate("() => window.__wakeLocks") == []  # not before the meeting starts
    tab.get_by_role("button", name="Start møtet").click()
    tab.wait_for_function("() => window.__wakeLocks.length === 1")
    assert tab.evaluate("() => window.__wakeLocks") == ["screen"]


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_axe_finds_no_violation_running_paused_or_over_time(browser, site_url, palette):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=palette, locale="nb-NO",
                                  timezone_id="Europe/Oslo")
    try:
        page = context.new_page()
        page.clock.install(time=START - dt.timedelta(minutes=1))
        open_run(page, site_url)
        page.get_by_role("button", name="Start møtet").click()
        page.get_by_label("Notater for den som leder").check()
        page.locator("#vk-run-agenda summary").click()
        found = []
        # axe-core waits on timers of its own: the clock runs while it looks.
        for state, step in [("running", None), ("two minutes", "two"), ("paused", "p"), ("over time", "over")]:
            if step == "two":
                page.clock.fast_forward(f"{FIRST - 2:02d}:00")
                expect(page.locator("#vk-run-now")).to_have_attribute("data-vk-signal", "soon")
            elif step == "p":
                page.keyboard.press("p")
                expect(page.locator("#vk-run")).to_have_attribute("data-vk-state", "paused")
            elif step == "over":
                page.keyboard.press("p")
                page.clock.fast_forward("05:00")
                expect(page.locator("#vk-run-now")).to_have_attribute("data-vk-signal", "over")
            page.clock.resume()
            # At the top, where Material's «back to top» button is not fading in or out.
            page.evaluate("() => window.scrollTo(0, 0)")
            page.wait_for_function("() => { const top = document.querySelector('.md-top');"
                                   " return !top || (top.hidden && getComputedStyle(top).opacity === '0'); }")
            # …and where Material's tabs, hidden while the view scrolled a block into sight, have
            # faded back in (axe would measure a link's colour halfway through the fade).
            page.wait_for_function("() => !document.querySelector('.md-tabs')?.hidden")
            page.evaluate("() => document.getAnimations().forEach((a) => a instanceof CSSTransition && a.finish())")
            found += [f"{state}: {v['id']}: {node}" for v in violations(page) for node in v["nodes"]]
        assert not found, "axe-core:\n" + "\n".join(found)
    finally:
        context.close()


def test_the_planner_and_every_ready_made_plan_open_the_run_view_with_the_plan(built_site, page, site_url):
    plans = sorted((built_site / "moteplaner").glob("*/index.html"))
    assert plans
    for path in plans:
        text = path.read_text(encoding="utf-8")
        opened = html.unescape(re.search(r'href="([^"]*)">Åpne i møteplanleggeren', text).group(1))
        run = html.unescape(re.search(r'href="([^"]*)">Kjør møtet', text).group(1))
        assert run.split("?", 1) == [opened.split("?", 1)[0] + "kjor/", opened.split("?", 1)[1]], path

    page.goto(urljoin(site_url, "moteplan/") + PLAN)
    expect(page.locator("#vk-planner")).to_be_visible()
    page.get_by_role("link", name="Kjør møtet").click()
    expect(page.locator("#vk-run")).to_be_visible()
    assert page.url == run_url(site_url)
    expect(page.locator("#vk-run-title")).to_have_text("Innsjekk og utsjekk")
    expect(page.locator("#vk-run-meeting")).to_contain_text("Ledermøte")


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_on_a_phone_the_run_view_fits_the_width(browser, site_url, palette):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True,
                                  color_scheme=palette, locale="nb-NO", timezone_id="Europe/Oslo")
    try:
        page = context.new_page()
        page.clock.install(time=START - dt.timedelta(minutes=1))
        start_meeting(page, site_url, query([ExerciseBlock("pre-mortem"), PauseBlock(PAUSE)]))
        page.get_by_label("Notater for den som leder").check()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def in_sight(tab, selector: str) -> bool:
    """Whether the element is wholly inside the window (below Material's header)."""
    return tab.evaluate("""(selector) => {
      const box = document.querySelector(selector).getBoundingClientRect();
      const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
      return box.top >= header && box.bottom <= window.innerHeight;
    }""", selector)


def test_the_countdown_stays_in_sight_when_the_meeting_starts_and_a_remote_changes_the_block(tab, site_url):
    """On a projector nobody scrolls: a long exercise (its steps, questions and «Neste» far
    below) must not carry the countdown off the screen when the meeting starts, and a block
    reached by the remote shows its title and countdown even after someone scrolled down."""
    long_plan = query([ExerciseBlock("moteevaluering", 15), ExerciseBlock("innsjekk-og-utsjekk", 10),
                       ExerciseBlock("moteevaluering", 15)], start="09:00", title="Lang plan")
    start_meeting(tab, site_url, long_plan)
    assert in_sight(tab, "#vk-run-left")
    tab.evaluate("() => window.scrollTo({top: 1200, behavior: 'instant'})")  # someone read the steps
    assert not in_sight(tab, "#vk-run-left")
    tab.keyboard.press("PageDown")
    expect(tab.locator("#vk-run-place")).to_contain_text("Punkt 2 av 3")
    tab.clock.run_for(500)
    assert in_sight(tab, "#vk-run-left") and in_sight(tab, "#vk-run-title")
