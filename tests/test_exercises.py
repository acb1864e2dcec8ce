"""Exercises without a browser: the timed steps `toolkit check` reads, and the catalogue
other intranet services read."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, toolkit
from tests.support.content import load_content, one_item
from toolkit.collections.exercises import finder
from toolkit.collections.exercises.body import HEADINGS, check_exercise, parse_steps
from toolkit.collections.exercises.model import ExerciseMeta
from toolkit.site import resolve

EXERCISE = "content/ovelser/moteevaluering.md"


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line that starts with ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(needle))


@pytest.fixture
def exercise_project(tmp_path) -> Path:
    """A project with the themes and one real exercise and nothing else, so that what
    `toolkit check` says is about this exercise only."""
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    (tmp_path / "content/ovelser").mkdir(parents=True)
    shutil.copy(ROOT / "content/temaer.yml", tmp_path / "content/temaer.yml")
    text = (ROOT / EXERCISE).read_text(encoding="utf-8")
    # Its links to other items would be unknown ids here; keep the line count the same.
    text = re.sub(r"^related:.*$", "related: []", text, count=1, flags=re.M)
    (tmp_path / EXERCISE).write_text(text, encoding="utf-8")
    return tmp_path


def edit(project: Path, old: str, new: str) -> str:
    path = project / EXERCISE
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def test_steps_are_read_with_their_names_minutes_and_lines():
    item, problems = one_item(ROOT, "ovelser", ROOT / EXERCISE)
    assert item is not None, problems
    text = (ROOT / EXERCISE).read_text(encoding="utf-8")
    heading, steps = parse_steps(item.body, item.body_line)
    assert heading.line == line_of(text, "## Slik gjør dere det")
    assert [s.name for s in steps][:2] == ["Innledning", "Stille vurdering"]
    assert [s.line for s in steps] == [line_of(text, f"{n}. ") for n in range(1, len(steps) + 1)]
    assert sum(s.minutes for s in steps) == item.meta.minutes


def test_steps_whose_minutes_do_not_add_up_give_a_warning_naming_file_and_line(exercise_project):
    text = edit(exercise_project, "**Runde** (6 min)", "**Runde** (9 min)")
    result = toolkit("check", cwd=exercise_project)
    heading = line_of(text, "## Slik gjør dere det")
    duration = line_of(text, "duration:")
    assert result.returncode == 0, "a warning must not fail the check"
    assert (
        f"{EXERCISE}:{heading}: advarsel: trinnene under «## Slik gjør dere det» er til sammen "
        f"18 min, men «duration» (linje {duration}) er 15 min"
    ) in result.stdout


def test_a_step_without_minutes_is_reported_on_its_own_line(exercise_project):
    text = edit(exercise_project, "**Runde** (6 min):", "**Runde**:")
    result = toolkit("check", cwd=exercise_project)
    assert f"{EXERCISE}:{line_of(text, '4. **Runde**')}: advarsel: trinn 4 («Runde») mangler tid" \
        in result.stdout
    assert "til sammen" not in result.stdout, "no sum is claimed while a step is untimed"


def test_a_missing_heading_is_reported_where_it_belongs(exercise_project):
    text = edit(exercise_project, "## Forberedelse\n", "## Før møtet\n")
    result = toolkit("check", cwd=exercise_project)
    assert (
        f"{EXERCISE}:{line_of(text, '## Slik gjør dere det')}: advarsel: "
        "mangler overskriften «## Forberedelse»"
    ) in result.stdout


def test_headings_out_of_order_are_reported_on_the_misplaced_heading(exercise_project):
    edit(exercise_project, "## Refleksjonsspørsmål\n", "## PLACEHOLDER\n")
    edit(exercise_project, "## Tips til den som leder\n", "## Refleksjonsspørsmål\n")
    text = edit(exercise_project, "## PLACEHOLDER\n", "## Tips til den som leder\n")
    result = toolkit("check", cwd=exercise_project)
    assert (
        f"{EXERCISE}:{line_of(text, '## Tips til den som leder')}: advarsel: "
        "«## Tips til den som leder» skal stå etter «## Refleksjonsspørsmål»"
    ) in result.stdout


def test_the_exercise_template_passes_the_step_check(exercise_project):
    assert toolkit("new", "ovelser", "Ny øvelse", cwd=exercise_project).returncode == 0
    result = toolkit("check", cwd=exercise_project)
    assert "content/ovelser/ny-ovelse.md" not in result.stdout, result.stdout


def test_every_shipped_exercise_has_the_six_headings_and_steps_that_add_up():
    content = load_content(ROOT)
    exercises = [i for i in content.items if i.collection == "ovelser"]
    assert len(exercises) >= 24
    problems = [p for exercise in exercises for p in check_exercise(exercise)]
    assert not problems, "\n".join(map(str, problems))
    assert len(HEADINGS) == 6


def shipped_catalogue() -> dict:
    content = load_content(ROOT)
    return json.loads(finder.catalogue(resolve(content)))


def test_catalogue_lists_every_published_exercise_with_its_front_matter():
    content = load_content(ROOT)
    published = {i.id: i for i in content.items if i.collection == "ovelser" and not i.meta.draft
                 and i.meta.cohorts is None}
    catalogue = shipped_catalogue()
    entries = {entry["id"]: entry for entry in catalogue["exercises"]}
    assert set(published) <= set(entries)
    for item_id, item in published.items():
        meta = item.meta
        assert isinstance(meta, ExerciseMeta)
        entry = entries[item_id]
        assert entry["title"] == meta.title and entry["description"] == meta.description
        assert entry["duration"] == meta.minutes
        assert entry["group_size"] == {"min": meta.group_size.min, "max": meta.group_size.max}
        assert entry["difficulty"] == meta.difficulty and entry["led_by"] == meta.led_by
        assert entry["themes"] == list(meta.themes)
        assert entry["url"] == f"{item.slug}/"
    assert set(catalogue["themes"]) == set(content.themes)


def test_catalogue_is_published_beside_the_finder_and_its_urls_open(built_site):
    catalogue = json.loads((built_site / "ovelser/ovelser.json").read_text(encoding="utf-8"))
    assert catalogue["version"] == 1
    assert len(catalogue["exercises"]) >= 24
    for entry in catalogue["exercises"]:
        # Relative to the catalogue's own address, as a browser resolves it.
        assert (built_site / "ovelser" / entry["url"] / "index.html").is_file(), entry["url"]
        assert set(entry) >= {"id", "title", "description", "url", "duration", "group_size",
                              "difficulty", "led_by", "themes"}


def test_every_finder_card_links_to_its_exercise_and_shows_its_facts(built_site):
    """The cards are plain HTML (no Markdown link for MkDocs to check), so check here that
    each one opens the page of the exercise it names, and says its facts in words."""
    finder_page = (built_site / "ovelser/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<li class="vk-card" data-id="([^"]+)".*?</li>', finder_page, flags=re.S)
    published = [e for e in load_content(ROOT).items if e.collection == "ovelser" and not e.meta.draft]
    assert sorted(cards) == sorted(item.id for item in published)
    for item in published:
        block = re.search(rf'<li class="vk-card" data-id="{item.id}".*?</li>', finder_page, flags=re.S)[0]
        href, title = re.search(r'<a href="([^"]+)">([^<]+)</a>', block).groups()
        target = (built_site / "ovelser" / href / "index.html").resolve()
        assert target.is_file(), href
        heading = re.search(r"<h1[^>]*>(.*?)<", target.read_text(encoding="utf-8"))[1]
        assert html.unescape(title) == html.unescape(heading) == item.meta.title
        facts = re.sub(r"<[^>]+>", "", re.search(r'<p class="vk-card__facts">(.*?)</p>', block)[1])
        assert f"Varighet: {item.meta.minutes} min" in facts
        assert "Gruppestørrelse: " in facts and "Nivå: " in facts


def test_the_finder_script_is_loaded_by_the_finder_page_only(built_site):
    # A build serves it under a content-hashed name (toolkit/mkdocs_plugin/assets.py), finder.<hash>.js.
    loading = sorted(
        page.relative_to(built_site).as_posix()
        for page in built_site.rglob("*.html")
        if re.search(r'src="[^"]*javascripts/finder\.[0-9a-f]{8}\.js"', page.read_text(encoding="utf-8"))
    )
    assert loading == ["ovelser/index.html"]
