"""The meeting planner without a browser: the address format Python writes for the lead's
ready-made plans, the planner page and the data it embeds for its script."""

from __future__ import annotations

import dataclasses
import html
import json
import re

import pytest

from tests.conftest import ROOT
from tests.support.content import load_content
from toolkit import pipeline
from toolkit import planner_address as address
from toolkit.collections import meeting_plans
from toolkit.collections.exercises.body import HEADINGS
from toolkit.pages import planner
from toolkit.planner_address import ExerciseBlock, FreeBlock, PauseBlock, TheoryBlock, query
from toolkit.site import resolve

DATA = re.compile(r'<div class="vk-planner" id="vk-planner" data-vk-planner="([^"<>]*)" hidden>')


def embedded(page: str) -> dict:
    """The data the planner's script reads from its element."""
    return json.loads(html.unescape(DATA.search(page).group(1)))


def test_query_writes_the_documented_format():
    blocks = [ExerciseBlock("innsjekk-og-utsjekk"), PauseBlock(10), ExerciseBlock("pre-mortem", 40),
              TheoryBlock("beslutninger", 15), FreeBlock("Orienteringssaker", 15)]
    assert query(blocks, available=90) == (
        "?start=09:00&tid=90&blokker=innsjekk-og-utsjekk,pause:10,pre-mortem:40,"
        "teori:beslutninger:15,punkt:15:Orienteringssaker"
    )


def test_query_encodes_free_text_like_encode_uri_component():
    # A comma would split the block list; ø, spaces and & must survive the address.
    assert query([FreeBlock("Budsjett, mål & «tiltak» (utkast)!", 20)], start="13:30") == (
        "?start=13:30&blokker=punkt:20:Budsjett%2C%20m%C3%A5l%20%26%20%C2%ABtiltak%C2%BB%20(utkast)!"
    )


def test_query_puts_title_and_date_before_the_blocks_and_leaves_out_what_is_not_given():
    assert query([], start="08:15") == "?start=08:15"
    assert query([PauseBlock(5)], title="Ledermøte 3. desember", date="2026-12-03") == (
        "?start=09:00&tittel=Lederm%C3%B8te%203.%20desember&dato=2026-12-03&blokker=pause:5"
    )


def test_query_writes_an_end_time_instead_of_the_minutes_available():
    assert query([PauseBlock(10)], start="13:00", end="14:30") == "?start=13:00&slutt=14:30&blokker=pause:10"
    assert query([], available=600) == "?start=09:00&tid=600"  # a whole day: a ready-made plan's longest


@pytest.mark.parametrize("make", [
    lambda: ExerciseBlock("pause"),  # the format's own words are not exercise slugs
    lambda: ExerciseBlock("punkt", 10),
    lambda: ExerciseBlock("teori"),
    lambda: ExerciseBlock("Pre-mortem"),
    lambda: ExerciseBlock("pre-mortem", 0),
    lambda: TheoryBlock("beslutninger", 481),
    lambda: PauseBlock(True),
    lambda: query([], start="9"),
    lambda: query([], start="25:99"),
    lambda: query([], date="3.12.2026"),
    lambda: query([], date="2026-02-30"),  # no such day
    lambda: query([], date="0000-00-00"),
    lambda: query([], available=601),  # longer than a ready-made plan may be
    lambda: query([], available=0),
    lambda: query([], start="10:00", end="09:30"),  # ends before it starts
    lambda: query([], end="10:30", available=90),  # one or the other
    lambda: query([], title="x" * 121),
    lambda: FreeBlock("", 10),
    lambda: FreeBlock("x" * 201, 10),
])
def test_blocks_and_queries_the_planner_could_not_read_are_refused(make):
    with pytest.raises(ValueError):
        make()


@pytest.fixture(scope="module")
def build():
    return pipeline.build(ROOT)


def test_the_planner_page_is_generated_with_every_exercise_and_theory_page_of_the_cohort(build):
    page = build.page(planner.PAGE).content
    data = embedded(page)
    exercises = build.site.in_collection("ovelser")
    assert [e["slug"] for e in data["exercises"]] == [i.slug for i in exercises]
    first = exercises[0]
    assert data["exercises"][0] == {
        "slug": first.slug, "title": first.meta.title, "url": f"../ovelser/{first.slug}/",
        "duration": first.meta.minutes, "description": first.meta.description,
    }
    assert [t["slug"] for t in data["theory"]] == [i.slug for i in build.site.in_collection("teori")]
    assert data["participantSections"] == [HEADINGS[0], HEADINGS[2], HEADINGS[3]]
    assert "Tips til den som leder" not in data["participantSections"]


def test_the_planner_page_says_what_it_does_and_links_the_finder_without_javascript(build):
    page = build.page(planner.PAGE).content
    text = page.split('<div class="vk-planner"', 1)[0]
    assert "# Møteplan" in text and "[Finn en øvelse](../ovelser/index.md)" in text
    assert "klokkeslett" in text and "lenken" in text


def test_without_ready_made_plans_the_page_does_not_link_their_listing(build):
    content = load_content(ROOT)
    content.items = [item for item in content.items if item.collection != meeting_plans.ID]
    assert "moteplaner/index.md" not in planner.render(resolve(content))  # no link to a missing page


def test_the_ready_made_plans_are_linked_once_the_site_has_them(build):
    assert build.site.in_collection(meeting_plans.ID)
    assert "[ferdige møteplanene](../moteplaner/index.md)" in build.page(planner.PAGE).content


def test_fields_are_escaped_in_the_embedded_json_and_the_choices(build):
    content = load_content(ROOT)
    nasty = '</script><img src=x onerror="alert(1)"> & «Møte»'
    items = []
    for item in content.items:
        if item.id == "ovelser/pre-mortem":
            item = dataclasses.replace(item, meta=item.meta.model_copy(update={"title": nasty, "description": nasty}))
        items.append(item)
    content.items = items
    page = planner.render(resolve(content))
    entry = next(e for e in embedded(page)["exercises"] if e["slug"] == "pre-mortem")
    assert entry["title"] == nasty and entry["description"] == nasty
    option = re.search(r'<option value="pre-mortem">(.*?)</option>', page)
    assert option and html.unescape(option[1]) == nasty  # the reader sees the title as written
    assert page.count("</script>") == len(planner.SCRIPTS) and "<img" not in page  # only the page's own scripts


def test_every_exercise_page_has_the_add_and_participant_print_buttons_hidden_until_the_script(build):
    for item in build.site.in_collection("ovelser"):
        page = build.page(f"ovelser/{item.slug}.md").content
        add = re.search(r'<p class="vk-plan-add" hidden><button [^>]*data-vk-plan-add="([^"]+)"'
                        r' data-vk-title="([^"]*)" data-vk-duration="(\d+)">Legg i møteplanen</button>', page)
        assert add, item.id
        assert add.groups() == (item.slug, html.escape(item.meta.title), str(item.meta.minutes))
        assert re.search(r'<button [^>]*data-vk-print-participants="[^"]+" hidden>[^<]*Skriv ut for deltakerne',
                         page), item.id


def test_the_planner_is_in_the_navigation_after_the_finder():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text.split("\nnav:\n", 1)[1]
    assert nav.index("Finn en øvelse: ovelser/index.md") < nav.index("Møteplan:") < nav.index("moteplan/index.md")
    assert "assets/javascripts/planner.js" in text and "assets/stylesheets/planner.css" in text


def test_the_built_planner_page_carries_the_same_data_the_pipeline_made(built_site, build):
    page = (built_site / "moteplan/index.html").read_text(encoding="utf-8")
    assert embedded(page) == planner.data(build.site)


def test_the_planner_script_reads_links_with_the_ready_made_plans_limits():
    """planner.js's LIMITS are the numbers the ready-made plans are checked with
    (toolkit/planner_address.py): a block's minutes, a meeting's length, a free item's
    text, the blocks of a plan, and the planner's own title limit."""
    script = (ROOT / "docs/assets/javascripts/planner.js").read_text(encoding="utf-8")
    found = re.search(r"var LIMITS = \{([^}]*)\};", script)
    assert found, "planner.js has no LIMITS"
    limits = {name: int(value) for name, value in re.findall(r"(\w+): (\d+)", found.group(1))}
    assert limits == {"minutes": address.MAX_MINUTES, "meeting": address.MAX_MEETING,
                      "blocks": address.MAX_BLOCKS, "text": address.MAX_TEXT, "title": address.MAX_TITLE}
    assert (address.MAX_MINUTES, address.MAX_MEETING, address.MAX_TEXT) == (480, 600, 200)


def test_only_the_planner_page_loads_the_planners_own_scripts():
    """The planner's page and export code is not part of every page's bundle: a phone's
    first view of an exercise page stays small (tests/test_nginx.py)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for script in planner.SCRIPTS:
        assert (ROOT / "docs" / script).is_file(), script
        assert script not in config
    page = planner.render(pipeline.build(ROOT).site)
    tags = re.findall(r'<script src="([^"]+)"></script>', page)
    assert tags == ["../assets/javascripts/planner-export.js", "../assets/javascripts/planner-print.js",
                    "../assets/javascripts/planner-page.js"]
    assert page.index("<script") > page.index('<div class="vk-planner"')  # after the elements they use
