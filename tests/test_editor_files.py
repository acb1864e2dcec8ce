"""What the form saves is written like a hand-written file: unchanged fields keep their lines,
a changed field changes its own lines only, a new file looks like `toolkit new`'s."""

from __future__ import annotations

import difflib
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, toolkit
from tests.support.content import COLLECTION_MODELS, COLLECTIONS, item_files
from toolkit.collections.exercises.body import HEADINGS
from toolkit.content.models import front_matter_fields
from toolkit.editor import files
from toolkit.editor.fields import COHORTS, section_field, shape_of, shapes

SHAPES = shapes()
SHIPPED = [p.relative_to(ROOT).as_posix() for _, p in item_files(ROOT)] + \
    sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "cohorts").glob("*.yml"))


def form_data(path: str, text: str) -> tuple[dict, str]:
    """What the form holds for a file: its fields (sections included) and the body before them."""
    shape = shape_of(path, SHAPES)
    shown = files.for_form(shape, text)
    if not shape.markdown:
        return files.load_core(shown), ""
    parts = files.split(shown)
    return files.load_core(parts.front), parts.body


def decap_writes(path: str, data: dict, body: str) -> str:
    """A file as Decap would serialize the form: its own YAML style (block lists, no quotes)."""
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front}---\n{body}" if shape_of(path, SHAPES).markdown else front


def save(path: str, text: str | None, **changes) -> str:
    """The file written when the form, opened on ``text``, is saved with ``changes``."""
    data, body = form_data(path, text) if text is not None else ({}, "")
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return files.from_form(shape_of(path, SHAPES), decap_writes(path, data, body), text)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", SHIPPED)
def test_a_shipped_file_saved_unchanged_from_the_form_is_byte_identical(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert save(path, text) == text


EXERCISE = "content/ovelser/pre-mortem.md"


@pytest.mark.parametrize("changes, expected", [
    ({"duration": 50}, ["-duration: 45", "+duration: 50"]),
    ({"title": "Pre-mortem: hva kan gå galt?"}, ["-title: Pre-mortem", '+title: "Pre-mortem: hva kan gå galt?"']),
    ({"themes": ["beslutninger", "konflikt", "moter"]},
     ["-themes: [beslutninger, konflikt]", "+themes: [beslutninger, konflikt, moter]"]),
    ({"group_size": {"min": 3, "max": 10}}, ["-group_size: {min: 4, max: 12}", "+group_size: {min: 3, max: 10}"]),
    ({"difficulty": "krevende"}, ["-difficulty: middels", "+difficulty: krevende"]),
    ({"reviewed": "2026-12-01"}, ["-reviewed: 2026-11-20", "+reviewed: 2026-12-01"]),
    ({"cohorts": ["2026-host"]}, ["+cohorts: [2026-host]"]),
    ({"draft": True}, ["+draft: true"]),
    ({"materials": None},
     ["-materials: [Ark og penn til hver deltaker, Flippover eller tavle, Tusj, Klistreprikker]"]),
])
def test_changing_one_field_changes_only_its_lines(changes, expected):
    text = (ROOT / EXERCISE).read_text(encoding="utf-8")
    assert changed_lines(text, save(EXERCISE, text, **changes)) == expected


def test_a_new_field_goes_where_the_template_puts_it():
    text = (ROOT / EXERCISE).read_text(encoding="utf-8")
    lines = save(EXERCISE, text, cohorts=["2026-host"]).splitlines()
    assert lines[lines.index("cohorts: [2026-host]") - 1].startswith("related: [")


def test_a_new_description_is_folded_like_the_old_one():
    text = (ROOT / EXERCISE).read_text(encoding="utf-8")
    new = "Gruppen forestiller seg at beslutningen har slått feil. " * 3
    diff = changed_lines(text, save(EXERCISE, text, description=new.strip()))
    assert all(line.startswith(("-  ", "+  ")) for line in diff)  # only the folded lines
    written = yaml.safe_load(files.split(save(EXERCISE, text, description=new.strip())).front)
    assert written["description"] == new.strip()


def test_changing_one_body_section_changes_only_that_section():
    text = (ROOT / EXERCISE).read_text(encoding="utf-8")
    after = save(EXERCISE, text, **{section_field("Digital variant"): "Bruk en delt tavle i Teams."})
    diff = changed_lines(text, after)
    assert diff[-1] == "+Bruk en delt tavle i Teams." and all(not line.startswith("+##") for line in diff)
    assert after.count("## Digital variant") == 1
    assert after.split("## Digital variant")[0] == text.split("## Digital variant")[0]


def test_changing_a_cohort_title_changes_one_line_and_keeps_the_comments():
    path = "cohorts/2026-host.yml"
    text = (ROOT / path).read_text(encoding="utf-8")
    after = save(path, text, title="Kull høsten 2026 (nytt navn)")
    assert changed_lines(text, after) == ["-title: Kull høsten 2026", "+title: Kull høsten 2026 (nytt navn)"]


def test_switching_a_recording_from_video_to_youtube_replaces_that_line():
    path = "content/opptak/motet-som-arbeidsform/index.md"
    text = (ROOT / path).read_text(encoding="utf-8")
    assert changed_lines(text, save(path, text, video=None, youtube="abcdefghijk")) == [
        "-video: video.mp4", "+youtube: abcdefghijk"]


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_a_new_item_from_the_form_is_toolkit_news_file_when_given_the_same_values(collection, project):
    """The template fills in the layout, the form the values: same values, same file."""
    assert toolkit("new", collection, "Møte på ti minutter", cwd=project).returncode == 0
    made = next(p for _, p in item_files(project) if "mote-pa-ti-minutter" in str(p))
    text = made.read_text(encoding="utf-8")
    path = made.relative_to(project).as_posix()
    data, body = form_data(path, text)
    assert files.from_form(shape_of(path, SHAPES), decap_writes(path, data, body), None) == text


def test_a_new_exercise_has_the_templates_layout_with_the_forms_values():
    values = {
        "title": "Møte på ti minutter", "description": "En kort øvelse for et kort møte.", "themes": ["moter"],
        "duration": 10, "preparation": 0, "group_size": {"min": 3, "max": 8}, "difficulty": "enkel",
        "led_by": "gruppen", "materials": ["Klokke"], "reviewed": "2026-11-30", "owner": "Programteamet",
        "draft": True, section_field("Formål"): "Et kort møte.",
        section_field("Slik gjør dere det"): "1. **Alt** (10 min): Gjør det.",
    }
    written = save("content/ovelser/mote-pa-ti-minutter.md", None, **values)
    template = (ROOT / "toolkit/collections/exercises/template.md").read_text(encoding="utf-8")
    def keys_of(text: str) -> list[str]:
        return [line.split(":")[0] for line in files.split(text).front.splitlines() if line[:1].isalpha()]

    keys, template_keys = keys_of(written), keys_of(template)
    assert keys == [k for k in template_keys if k in keys]  # the template's order
    assert 'title: "Møte på ti minutter"' in written  # the template's style, field by field
    assert "description: >-\n  En kort øvelse for et kort møte.\n" in written
    assert "themes: [moter]\nrelated: []\n" in written and "group_size: {min: 3, max: 8}" in written
    assert "materials: [Klokke]" in written and "preparation: 0" in written
    headings = re.findall(r"^## (.+)$", written, re.M)
    assert headings == ["Formål", "Slik gjør dere det"]  # only the sections filled in, in order
    assert written.endswith("## Slik gjør dere det\n\n1. **Alt** (10 min): Gjør det.\n")


def test_the_sections_of_an_exercise_are_form_fields_and_back():
    text = (ROOT / EXERCISE).read_text(encoding="utf-8")
    data, preamble = form_data(EXERCISE, text)
    assert [k for k in data if k.startswith("body_")] == [section_field(h) for h in HEADINGS]
    assert data[section_field("Slik gjør dere det")].startswith("1. **")
    assert preamble.strip() == ""


def test_a_body_whose_sections_are_out_of_order_stays_whole():
    body = "\n## Slik gjør dere det\n\n1. Ett\n\n## Formål\n\nTo\n"
    assert files.split_sections(body, HEADINGS) is None
    text = f"---\ntitle: X\n---\n{body}"
    shown = files.for_form(SHAPES["ovelser"], text)
    assert files.split(shown).body == body and "body_formal" not in shown


@pytest.mark.parametrize("title", ["No", "yes", "2026", "1:30", "Møte: nå", "«Sitat» #1", "a, b", "[x]", "@x", "- y"])
def test_titles_yaml_would_misread_are_quoted_and_read_back_as_written(title):
    text = (ROOT / EXERCISE).read_text(encoding="utf-8")
    after = save(EXERCISE, text, title=title)
    assert yaml.safe_load(files.split(after).front)["title"] == title
    assert files.load_core(files.split(after).front)["title"] == title


def test_every_field_of_every_model_has_a_place_in_the_forms_order():
    for collection, model in COLLECTION_MODELS.items():
        assert set(SHAPES[collection].order) == set(front_matter_fields(model)), collection
    assert set(SHAPES[COHORTS].order) == set(front_matter_fields(SHAPES[COHORTS].model))


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=60).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(title=_text, description=_text, materials=st.lists(_text, max_size=4), owner=_text)
def test_whatever_an_editor_types_is_read_back_exactly(title, description, materials, owner):
    text = (ROOT / EXERCISE).read_text(encoding="utf-8")
    after = save(EXERCISE, text, title=title, description=description, materials=materials or None, owner=owner)
    written = yaml.safe_load(files.split(after).front)
    assert (written["title"], written["description"], written["owner"]) == (title, description, owner)
    assert written.get("materials", []) == materials
    assert files.split(after).body == files.split(text).body


def test_a_path_outside_the_collections_has_no_shape():
    for path in ("content/temaer.yml", "docs/index.md", "content/ovelser/a/b.md", "../x.md", "cohorts/../x.yml"):
        assert shape_of(path, SHAPES) is None, path
