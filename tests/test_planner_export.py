"""The agenda out of the browser (issue 25): «Kopier som tekst» for an invitation or a Teams
channel, «Legg i kalenderen» as an iCalendar file that a real parser reads, «Del» through
the phone's share sheet, the printed plan's readable link, and an old cohort's link that
names a block this version does not have and points at the newest version."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import expect

from tests.support.server import SiteServer
from tests.test_planner_browser import blocks, open_planner, opened, stub_print
from toolkit.planner_address import ExerciseBlock, FreeBlock, PauseBlock, TheoryBlock, query

pytestmark = pytest.mark.browser

OSLO = ZoneInfo("Europe/Oslo")
TITLE = "Ledermøte, budsjett; og «mål»"  # a comma and a semicolon: escaped in the calendar file
PLAN = query([ExerciseBlock("innsjekk-og-utsjekk"), PauseBlock(10), ExerciseBlock("pre-mortem", 40),
              TheoryBlock("beslutninger", 15), FreeBlock("Orienteringssaker", 15)],
             start="09:00", title=TITLE, date="2026-12-03")


@pytest.fixture(scope="module")
def catalogue(built_site):
    entries = json.loads((built_site / "ovelser/ovelser.json").read_text(encoding="utf-8"))["exercises"]
    return {entry["id"].split("/", 1)[1]: entry for entry in entries}


@pytest.fixture
def tab(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO", accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def agenda_lines(catalogue) -> list[str]:
    """What a leader expects to read, block by block: clock time, title, what and how long."""
    return [
        f"09.00–09.10 {catalogue['innsjekk-og-utsjekk']['title']} (øvelse, 10 min)",
        "09.10–09.20 Pause (10 min)",
        f"09.20–10.00 {catalogue['pre-mortem']['title']} (øvelse, 40 min)",
        "10.00–10.15 Beslutninger i ledergruppen (teori, 15 min)",
        "10.15–10.30 Orienteringssaker (15 min)",
    ]


def first_sentence(text: str) -> str:
    return re.match(r"(.+?[.!?])(\s|$)", text).group(1)


def test_copy_as_text_puts_title_date_clock_times_purposes_and_the_link_on_the_clipboard(tab, site_url, catalogue):
    open_planner(tab, site_url, PLAN)
    tab.get_by_role("button", name="Kopier som tekst").click()
    expect(tab.locator("#vk-plan-copied")).to_have_text(re.compile("^Agendaen er kopiert som tekst"))
    text = tab.evaluate("() => navigator.clipboard.readText()")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", ""), "every line ends with CRLF"
    lines = text.split("\r\n")
    assert lines[:2] == [TITLE, "Torsdag 3. desember 2026, kl. 09.00–10.30"]
    for line in agenda_lines(catalogue):
        assert line in lines, line
    # Each exercise's purpose in one line, right under it.
    purpose = first_sentence(catalogue["pre-mortem"]["description"])
    assert lines[lines.index(agenda_lines(catalogue)[2]) + 1] == purpose
    assert lines[-3:] == ["Planen i Verktøykassa:", tab.url, ""]


def download_calendar(tab, date: str = "2026-12-03") -> bytes:
    with tab.expect_download() as waiting:
        tab.get_by_role("button", name="Legg i kalenderen").click()
    download = waiting.value
    assert download.suggested_filename == f"ledermote-budsjett-og-mal-{date}.ics"
    return open(download.path(), "rb").read()


def test_the_calendar_file_is_one_event_in_europe_oslo_that_a_real_parser_reads(tab, site_url, catalogue):
    open_planner(tab, site_url, PLAN)
    raw = download_calendar(tab)
    expect(tab.locator("#vk-plan-copied")).to_contain_text("er lastet ned")

    # RFC 5545's form: CRLF line ends, lines folded to 75 octets (never inside a character).
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    raw.decode("utf-8")

    calendar = icalendar.Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Oslo"]
    event = events[0]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == dt.datetime(2026, 12, 3, 9, 0, tzinfo=OSLO)
    assert end == dt.datetime(2026, 12, 3, 10, 30, tzinfo=OSLO)  # the last block's end
    assert start.utcoffset() == dt.timedelta(hours=1)  # winter time in Oslo
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo" and event["DTEND"].params["TZID"] == "Europe/Oslo"
    assert str(event["SUMMARY"]) == TITLE
    description = str(event["DESCRIPTION"])
    assert description.startswith(TITLE + "\nTorsdag 3. desember 2026, kl. 09.00–10.30\n")
    for line in agenda_lines(catalogue):
        assert line in description.split("\n"), line
    assert str(event["URL"]) == tab.url
    assert event.decoded("DTSTAMP").tzinfo is not None
    uid = str(event["UID"])
    assert re.fullmatch(r"moteplan-[0-9a-f]{16}@127\.0\.0\.1", uid)

    # The same meeting with other blocks keeps its UID, so a calendar updates the event;
    # another date is another meeting.
    opened(tab, "Orienteringssaker").get_by_label("Minutter").fill("30")
    again = icalendar.Calendar.from_ical(download_calendar(tab)).walk("VEVENT")[0]
    assert str(again["UID"]) == uid
    assert again.decoded("DTEND") == dt.datetime(2026, 12, 3, 10, 45, tzinfo=OSLO)
    assert int(again["SEQUENCE"]) >= int(event["SEQUENCE"])
    tab.get_by_label("Dato (valgfritt)").fill("2026-12-10")
    other = icalendar.Calendar.from_ical(download_calendar(tab, "2026-12-10")).walk("VEVENT")[0]
    assert str(other["UID"]) != uid
    assert other.decoded("DTSTART") == dt.datetime(2026, 12, 10, 9, 0, tzinfo=OSLO)


def test_the_calendar_file_keeps_the_meetings_end_in_summer_time(tab, site_url):
    made = query([PauseBlock(10), FreeBlock("Budsjett", 45)], start="13:00", end="14:30",
                 title="Ledermøte", date="2026-06-11")
    open_planner(tab, site_url, made)
    with tab.expect_download() as waiting:
        tab.get_by_role("button", name="Legg i kalenderen").click()
    event = icalendar.Calendar.from_ical(open(waiting.value.path(), "rb").read()).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == dt.datetime(2026, 6, 11, 13, 0, tzinfo=OSLO)
    # «Slutter klokka» is when the meeting ends, though the agenda is done at 13.55.
    assert event.decoded("DTEND") == dt.datetime(2026, 6, 11, 14, 30, tzinfo=OSLO)
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)  # summer time


def test_without_a_date_the_calendar_button_asks_for_one(tab, site_url):
    open_planner(tab, site_url, "?blokker=pause:10")
    expect(tab.locator("#vk-plan-calendar-hint")).to_have_text(
        "Kalenderfilen trenger en dato: velg den under «Om møtet».")
    downloads = []
    tab.on("download", lambda download: downloads.append(download))
    tab.get_by_role("button", name="Legg i kalenderen").click()
    expect(tab.locator("#vk-plan-copied")).to_have_text("Velg datoen for møtet først: feltet «Dato» er klart.")
    expect(tab.get_by_label("Dato (valgfritt)")).to_be_focused()
    assert downloads == []
    tab.get_by_label("Dato (valgfritt)").fill("2026-12-03")
    expect(tab.locator("#vk-plan-calendar-hint")).to_be_hidden()
    # A meeting with no blocks and no end has no length to put in a calendar.
    tab.get_by_role("button", name="Tøm planen").click()
    tab.get_by_role("button", name="Legg i kalenderen").click()
    expect(tab.locator("#vk-plan-copied")).to_contain_text("så møtet har ingen lengde")
    assert downloads == []


def test_del_hands_the_title_and_link_to_the_phones_share_sheet(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True,
                                  locale="nb-NO")
    context.add_init_script("""navigator.share = (data) => {
        window.vkShared = JSON.parse(JSON.stringify(data));
        return Promise.resolve();
    };""")
    try:
        page = context.new_page()
        open_planner(page, site_url, "?tittel=Ledermøte&blokker=pause:10")
        page.get_by_role("button", name="Del", exact=True).tap()
        expect(page.locator("#vk-plan-copied")).to_have_text("Planen er delt.")
        assert page.evaluate("() => window.vkShared") == {"title": "Ledermøte", "url": page.url}
    finally:
        context.close()


def test_without_a_share_sheet_there_is_no_del_but_the_link_can_be_copied(tab, site_url):
    tab.add_init_script("delete Navigator.prototype.share;")
    open_planner(tab, site_url, "?blokker=pause:10")
    expect(tab.get_by_role("button", name="Del", exact=True)).to_have_count(0)
    tab.get_by_role("button", name="Kopier lenke").click()
    assert tab.evaluate("() => navigator.clipboard.readText()") == tab.url


def test_a_share_sheet_that_fails_falls_back_to_copying_the_link(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="nb-NO")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.add_init_script("navigator.share = () => Promise.reject(new DOMException('nei', 'NotAllowedError'));")
    try:
        page = context.new_page()
        open_planner(page, site_url, "?blokker=pause:10")
        page.get_by_role("button", name="Del", exact=True).click()
        expect(page.locator("#vk-plan-copied")).to_have_text("Lenken er kopiert.")
        assert page.evaluate("() => navigator.clipboard.readText()") == page.url
    finally:
        context.close()


def test_the_printed_agenda_shows_the_link_readably_not_percent_encoded(tab, site_url):
    open_planner(tab, site_url, PLAN)
    stub_print(tab)
    tab.get_by_role("button", name="Skriv ut møteplanen for deltakerne").click()
    tab.wait_for_function("() => window.vkPrinted === 1")
    shown = tab.locator(".vk-agenda .vk-print-address").inner_text()
    assert shown.startswith("Planen på nett: 127.0.0.1:")
    assert "tittel=Ledermøte, budsjett; og «mål»" in shown and "%C3" not in shown
    assert "%" not in shown.split("blokker=")[1]
    # Only what would change the plan stays encoded: a comma inside a free item's text.
    open_planner(tab, site_url, query([FreeBlock("Budsjett, mål & 100 % + mer", 15)]))
    stub_print(tab)
    tab.get_by_role("button", name="Skriv ut møteplanen for deltakerne").click()
    tab.wait_for_function("() => window.vkPrinted === 1")
    shown = tab.locator(".vk-agenda .vk-print-address").inner_text()
    assert shown.endswith("blokker=punkt:15:Budsjett%2C mål %26 100 %25 %2B mer")
    # Typed back into a browser, the readable link opens the same plan.
    plan = blocks(tab)
    tab.goto("http://" + shown.removeprefix("Planen på nett: "))
    expect(tab.locator("#vk-planner")).to_be_visible()
    assert blocks(tab) == plan and plan[0][2] == "Budsjett, mål & 100 % + mer"


# ---- An old cohort's link -------------------------------------------------------------------

@pytest.fixture(scope="module")
def versioned_url(built_site, tmp_path_factory):
    """Two versions as mike and `toolkit export` lay them out: the built site as the older
    cohort, and a newest one (`latest`) that has an exercise and a theory page the older
    does not. Only what the planner asks of the newest version is there."""
    root = tmp_path_factory.mktemp("versions")
    shutil.copytree(built_site, root / "2026-var")
    newest = root / "2026-host"
    (newest / "ovelser").mkdir(parents=True)
    catalogue = json.loads((built_site / "ovelser/ovelser.json").read_text(encoding="utf-8"))
    catalogue["exercises"].append({"id": "ovelser/helt-ny-ovelse", "title": "Helt ny øvelse for høsten"})
    (newest / "ovelser/ovelser.json").write_text(json.dumps(catalogue), encoding="utf-8")
    (newest / "teori/bare-i-hostkullet").mkdir(parents=True)
    (newest / "teori/bare-i-hostkullet/index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (root / "versions.json").write_text(json.dumps([
        {"version": "2026-host", "title": "Kull høsten 2026", "aliases": ["latest"]},
        {"version": "2026-var", "title": "Kull våren 2026", "aliases": []},
    ]), encoding="utf-8")
    with SiteServer(root) as server:
        yield server.url


def test_an_old_cohorts_plan_names_a_block_it_lacks_and_links_it_in_the_newest_version(page, versioned_url):
    old = urljoin(versioned_url, "2026-var/")
    page.goto(old + "moteplan/?blokker=helt-ny-ovelse:20,pause:10,teori:bare-i-hostkullet:15,finnes-ingensteds")
    expect(page.locator("#vk-planner")).to_be_visible()
    expect(page.locator(".vk-block__title").first).to_have_text("Helt ny øvelse for høsten")
    assert [(row[2], row[4]) for row in blocks(page)] == [
        ("Helt ny øvelse for høsten", True),  # its title from the newest version's catalogue
        ("Pause", False),
        ("Bare i hostkullet", True),  # a theory page: its slug in words
        ("Finnes ingensteds", True),
    ]
    newest = opened(page, "Helt ny øvelse").get_by_role("link", name="Se den i den nyeste versjonen av nettstedet")
    assert newest.get_attribute("href") == urljoin(versioned_url, "latest/ovelser/helt-ny-ovelse/")
    theory = opened(page, "Bare i hostkullet").get_by_role("link", name="Se den i den nyeste versjonen av nettstedet")
    assert theory.get_attribute("href") == urljoin(versioned_url, "latest/teori/bare-i-hostkullet/")
    expect(opened(page, "Finnes ingensteds").get_by_role("link", name=re.compile("nyeste versjonen"))).to_have_count(0)
    assert "helt-ny-ovelse:20" in page.url  # the plan keeps the blocks it cannot show
    assert all(url.startswith(versioned_url) for url in page.requests.urls)  # only this site is asked
