"""Issue 16: ready-made meeting plans, the fifth collection (content/moteplaner/).

Each plan is checked like every other item (an unknown or draft id, a theory page under
«ovelse:», a missing «minutes» are `path:line` errors; blocks that do not add up to
«duration» a warning), becomes a page with its agenda from 09.00, opens in the planner
with exactly its blocks, and is listed on the pages of the exercises and theory it uses.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT, copy_project, toolkit
from tests.support.content import load_content
from tests.test_planner_browser import blocks
from toolkit.norsk import meeting_length

PLANS = ROOT / "content" / "moteplaner"
DECISIONS = "mote-om-beslutninger"


def plan_meta() -> list:
    return [item for item in load_content().items if item.collection == "moteplaner"]


def test_at_least_five_plans_of_different_lengths_pass_the_check():
    plans = plan_meta()
    assert len(plans) >= 5
    lengths = {plan.meta.minutes for plan in plans}
    assert {45, 90, 120, 240} <= lengths  # 45 min, 90 min, 2 h and a half day
    assert any("UKE" in plan.meta.title for plan in plans)  # the start-up with UKE's advisers
    result = toolkit("check")
    assert result.returncode == 0, result.stdout
    assert "content/moteplaner" not in result.stdout  # no warning either: every plan adds up
    for plan in plans:
        assert sum(block.length for block in plan.meta.blocks) == plan.meta.minutes, plan.id


def test_the_90_minute_meeting_on_decisions_uses_the_decision_exercises():
    plan = next(p for p in plan_meta() if p.slug == DECISIONS)
    used = [block.target for block in plan.meta.blocks if block.target]
    assert plan.meta.minutes == 90
    assert {"ovelser/hvem-bestemmer-hva", "ovelser/beslutningslogg", "teori/beslutninger"} <= set(used)


BROKEN = """\
---
title: Et møte med feil
description: Tre feil i blokkene.
themes: [moter]
duration: 30
blocks:
  - ovelse: ovelser/finnes-ikke
    minutes: 10
  - ovelse: teori/beslutninger
    minutes: 10
  - punkt: Orienteringssaker
  - pause: 10
---

Tekst.
"""


def test_three_mistakes_in_the_blocks_give_three_lines(tmp_path):
    project = copy_project(tmp_path / "repo")
    (project / "content" / "moteplaner" / "feil.md").write_text(BROKEN, encoding="utf-8")
    result = toolkit("check", cwd=project)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("content/moteplaner/feil.md")]
    assert lines == [
        "content/moteplaner/feil.md:7: ukjent id «ovelser/finnes-ikke»",
        "content/moteplaner/feil.md:9: «teori/beslutninger» er ikke en øvelse: her står id-en til en øvelse, "
        "som ovelser/<navn>",
        "content/moteplaner/feil.md:11: «blocks[3]»: mangler «minutes»: hvor mange minutter tar blokken "
        "«Orienteringssaker»?",
    ], result.stdout


def test_a_plan_of_more_blocks_than_a_link_opens_is_refused_at_its_blocks(tmp_path):
    """The planner opens at most 100 blocks from a link; a ready-made plan may not hold more."""
    project = copy_project(tmp_path / "repo")
    blocks = "".join("  - pause: 1\n" for _ in range(101))
    text = (f"---\ntitle: For lang\ndescription: En plan med for mange blokker.\nthemes: [moter]\n"
            f"duration: 101\nblocks:\n{blocks}---\n\nTekst.\n")
    (project / "content" / "moteplaner" / "for-lang.md").write_text(text, encoding="utf-8")
    result = toolkit("check", cwd=project)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("content/moteplaner/for-lang.md")]
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith("content/moteplaner/for-lang.md:6: ") and "100" in lines[0], lines
    assert "Traceback" not in result.stderr and "List should" not in result.stdout


def test_blocks_that_do_not_add_up_are_a_warning_at_duration(tmp_path):
    project = copy_project(tmp_path / "repo")
    source = project / "content" / "moteplaner" / f"{DECISIONS}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("duration: 90", "duration: 75"), encoding="utf-8")
    result = toolkit("check", cwd=project)
    assert result.returncode == 0
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("duration:"))
    assert (f"content/moteplaner/{DECISIONS}.md:{line}: advarsel: blokkene er til sammen 90 min, "
            "men «duration» er 75 min") in result.stdout


def test_toolkit_new_writes_a_plan_that_passes_the_check(tmp_path):
    project = copy_project(tmp_path / "repo")
    made = toolkit("new", "moteplaner", "Et kort ledermøte", cwd=project)
    assert made.returncode == 0, made.stderr
    assert (project / "content" / "moteplaner" / "et-kort-ledermote.md").is_file()
    checked = toolkit("check", cwd=project)
    assert checked.returncode == 0, checked.stdout


def test_each_plan_page_has_its_agenda_from_nine_and_links_what_it_uses(built_site):
    page = (built_site / "moteplaner" / DECISIONS / "index.html").read_text(encoding="utf-8")
    times = re.findall(r"(\d\d\.\d\d)–(\d\d\.\d\d)", page)
    assert times[0][0] == "09.00" and times[-1][1] == "10.30"
    assert [b for a, b in times[:-1]] == [a for a, b in times[1:]]  # each block starts when the last ends
    for target in ("ovelser/hvem-bestemmer-hva/", "ovelser/beslutningslogg/", "teori/beslutninger/"):
        assert f'href="../../{target}"' in page, target


def test_each_exercise_and_theory_page_a_plan_uses_links_back_to_it(built_site):
    for plan in plan_meta():
        for target in {block.target for block in plan.meta.blocks if block.target}:
            page = (built_site / target / "index.html").read_text(encoding="utf-8")
            used = page[page.index('id="brukes-i-møteplanene"'):]
            assert f'href="../../moteplaner/{plan.slug}/"' in used, (target, plan.id)


def test_the_plans_are_listed_with_their_length_and_in_moteplaner_json(built_site):
    listing = (built_site / "moteplaner" / "index.html").read_text(encoding="utf-8")
    catalogue = json.loads((built_site / "moteplaner" / "moteplaner.json").read_text(encoding="utf-8"))
    plans = plan_meta()
    assert len(catalogue["plans"]) == len(plans)
    for plan in plans:
        assert f'href="{plan.slug}/"' in listing
        entry = next(e for e in catalogue["plans"] if e["id"] == plan.id)
        assert entry["duration"] == plan.meta.minutes
        assert meeting_length(plan.meta.minutes) in unescape(listing)
    durations = [p.meta.minutes for p in sorted(plans, key=lambda p: listing.index(f'href="{p.slug}/"'))]
    assert durations == sorted(durations)  # the shortest meeting first


@pytest.mark.browser
def test_open_in_the_planner_opens_exactly_the_plans_blocks(page, site_url, built_site):
    plan = next(p for p in plan_meta() if p.slug == DECISIONS)
    page.goto(urljoin(site_url, f"moteplaner/{DECISIONS}/"))
    page.get_by_role("link", name="Åpne i møteplanleggeren").click()
    expect(page.locator("#vk-planner")).to_be_visible()
    shown = blocks(page)
    titles = {item.id: item.meta.title for item in load_content().items}
    assert [row[2] for row in shown] == [titles[b.target] for b in plan.meta.blocks]
    assert [row[3] for row in shown] == [b.length for b in plan.meta.blocks]
    assert shown[0][0] == "09.00–09.05" and shown[-1][0] == "10.25–10.30"
    assert not page.requests.foreign()
    assert Path(built_site / "moteplan" / "index.html").is_file()
