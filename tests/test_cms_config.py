"""Decap CMS's configuration is generated from the models and covers every field of every model."""

from __future__ import annotations

import re
import typing

import pytest
import yaml
from pydantic import BaseModel

from tests.conftest import ROOT, copy_project, toolkit
from tests.support.content import COLLECTION_MODELS, COLLECTIONS, load_content
from toolkit import pipeline
from toolkit.content.cohorts import load_cohorts
from toolkit.content.models import CohortMeta, front_matter_fields
from toolkit.content.themes import load_themes
from toolkit.editor import config, files
from toolkit.editor.fields import BODY, COHORTS, section_field, shapes

CONFIG = config.cms_config(ROOT)
BY_NAME = {c["name"]: c for c in CONFIG["collections"]}


def nested_model(annotation) -> type[BaseModel] | None:
    """The pydantic model inside ``list[Model]``, ``Model | None`` or an Annotated type."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None


def assert_covers(model: type[BaseModel], fields: list[dict], where: str) -> None:
    """Every field of ``model`` (and of the models inside it) is a form field with the
    model's Norwegian label and hint, required exactly when the model (or, for a field
    the check requires, the check: test_the_forms_marks_agree_with_the_check) requires it."""
    by_name = {f["name"]: f for f in fields}
    for name, info in front_matter_fields(model).items():
        assert name in by_name, f"{where}.{name} is not in the form"
        form = by_name[name]
        assert form["label"] == info.title, f"{where}.{name}"
        assert form.get("hint") == info.description, f"{where}.{name}"
        by_check = name in config.REQUIRED_BY_CHECK.get(where, ())
        assert form["required"] == (info.is_required() or by_check), f"{where}.{name}"
        inner = nested_model(info.annotation)
        if inner is not None:
            assert_covers(inner, form["fields"], f"{where}.{name}")


@pytest.mark.parametrize("collection", list(COLLECTION_MODELS))
def test_every_field_of_every_collections_model_is_in_the_form(collection):
    fields = BY_NAME[collection]["fields"]
    model_fields = [f for f in fields if f["name"] in front_matter_fields(COLLECTION_MODELS[collection])]
    assert_covers(COLLECTION_MODELS[collection], model_fields, collection)
    # Nothing else but the body: no field the model does not know.
    others = [f["name"] for f in fields if f["name"] not in front_matter_fields(COLLECTION_MODELS[collection])]
    assert others == [BODY] + [section_field(h) for h in shapes()[collection].sections]


def test_every_field_of_a_cohort_and_its_sessions_is_in_the_form():
    assert_covers(CohortMeta, BY_NAME[COHORTS]["fields"], "cohorts")
    assert BY_NAME[COHORTS]["folder"] == "cohorts" and BY_NAME[COHORTS]["format"] == "yml"


def test_the_forms_order_is_the_templates():
    exercise = [f["name"] for f in BY_NAME["ovelser"]["fields"]]
    template = (ROOT / "toolkit/collections/exercises/template.md").read_text(encoding="utf-8").split("---")[1]
    keys = [line.split(":")[0] for line in template.splitlines() if line[:1].isalpha()]
    assert [name for name in exercise if name in keys] == keys
    assert exercise.index("cohorts") == exercise.index("related") + 1  # not in the template: after its model neighbour
    recording = [f["name"] for f in BY_NAME["opptak"]["fields"]]
    assert recording.index("slides") == recording.index("captions") + 1  # «# slides:» keeps its place


def test_each_kind_of_field_gets_a_fitting_widget():
    fields = {f["name"]: f for f in BY_NAME["ovelser"]["fields"]}
    assert fields["title"]["widget"] == "string" and fields["description"]["widget"] == "text"
    assert fields["duration"].items() >= {"widget": "number", "value_type": "int", "min": 1, "max": 480}.items()
    assert fields["difficulty"]["widget"] == "select"
    assert [o["value"] for o in fields["difficulty"]["options"]] == ["enkel", "middels", "krevende"]
    assert [o["label"] for o in fields["led_by"]["options"]] == ["Gruppen selv eller lederen", "En rådgiver fra UKE"]
    assert fields["group_size"]["widget"] == "object"
    assert fields["materials"]["widget"] == "list" and fields["materials"]["field"]["widget"] == "string"
    assert fields["reviewed"].items() >= {"widget": "datetime", "time_format": False, "format": "YYYY-MM-DD"}.items()
    assert fields["draft"]["widget"] == "boolean"
    steps = fields[section_field("Slik gjør dere det")]
    assert steps["widget"] == "markdown" and "(5 min)" in steps["hint"]
    recording = {f["name"]: f for f in BY_NAME["opptak"]["fields"]}
    for name in ("video", "captions", "slides"):
        assert recording[name]["widget"] == "file", name
    assert recording["chapters"]["widget"] == "list" and {f["name"] for f in recording["chapters"]["fields"]} == {
        "time", "title"}


def test_themes_cohorts_and_related_items_are_choices_from_the_content():
    themes, _, _ = load_themes(ROOT)
    cohorts, _ = load_cohorts(ROOT)
    items = load_content(ROOT).items
    fields = {f["name"]: f for f in BY_NAME["historier"]["fields"]}
    assert [o["value"] for o in fields["themes"]["options"]] == list(themes)
    assert [o["label"] for o in fields["themes"]["options"]] == [t.label for t in themes.values()]
    assert fields["themes"]["multiple"] is True and fields["themes"]["min"] == 1
    assert {o["value"] for o in fields["cohorts"]["options"]} == set(cohorts)
    assert {o["value"] for o in fields["related"]["options"]} == {i.id for i in items}
    sessions = {f["name"]: f for f in BY_NAME[COHORTS]["fields"]}["sessions"]
    recording = {f["name"]: f for f in sessions["fields"]}["recording"]
    assert {o["value"] for o in recording["options"]} == {i.id for i in items if i.collection == "opptak"}


def test_a_new_item_starts_as_toolkit_new_starts_it():
    fields = {f["name"]: f for f in BY_NAME["ovelser"]["fields"]}
    assert fields["draft"]["default"] is True
    assert fields["reviewed"]["default"] == "{{now}}"
    assert fields["owner"]["default"] == "Programteamet, Byrådslederens kontor"
    assert "default" not in fields["title"] and "default" not in fields["description"]  # placeholders stay out


def test_flat_files_and_page_bundles():
    for collection in COLLECTIONS:
        entry = BY_NAME[collection]
        assert entry["folder"] == f"content/{collection}" and entry["format"] == "frontmatter"
    assert BY_NAME["opptak"].items() >= {"path": "{{slug}}/index", "media_folder": "", "public_folder": ""}.items()
    assert "path" not in BY_NAME["ovelser"]


def test_the_local_configuration_talks_to_toolkit_edit_only():
    assert CONFIG["backend"]["name"] == "proxy" and CONFIG["backend"]["proxy_url"] == "/api/v1"
    assert CONFIG["locale"] == "nb_no"
    assert "publish_mode" not in CONFIG


def test_cms_config_prints_the_generated_configuration(tmp_path):
    result = toolkit("cms-config")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Generated by `toolkit cms-config`")
    assert yaml.safe_load(result.stdout) == yaml.safe_load(config.render(CONFIG))


def test_the_gitlab_configuration_has_the_editorial_workflow_and_one_body_field(tmp_path):
    out = tmp_path / "config.yml"
    result = toolkit("cms-config", "--gitlab", "ledelse/verktoykassa", "--gitlab-url", "https://git.example.org",
                     "--app-id", "abc123", "--output", str(out))
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written["backend"].items() >= {
        "name": "gitlab", "repo": "ledelse/verktoykassa", "auth_type": "pkce", "app_id": "abc123",
        "api_root": "https://git.example.org/api/v4", "base_url": "https://git.example.org"}.items()
    assert written["publish_mode"] == "editorial_workflow"
    exercise = [f["name"] for f in next(c for c in written["collections"] if c["name"] == "ovelser")["fields"]]
    assert exercise[-1] == BODY and not any(name.startswith("body_") for name in exercise)
    missing = toolkit("cms-config", "--gitlab", "ledelse/verktoykassa")
    assert missing.returncode == 2 and "--gitlab-url" in missing.stderr


def test_nothing_of_the_cms_is_in_the_sites_sources():
    assert not (ROOT / "docs/admin").exists()
    assert all("decap" not in p.name.lower() for p in (ROOT / "docs").rglob("*"))


def _without(shape, text: str, name: str) -> str:
    """``text`` with the front-matter key or the body section the form calls ``name`` taken out."""
    parts = files.split(text)
    assert parts is not None
    if name.startswith("body"):
        found = files.split_sections(parts.body, shape.sections)
        assert found is not None
        preamble, chunks = found
        if name == BODY:
            return f"---\n{parts.front}---\n" + "".join(chunks.values())
        title = next(t for t in shape.sections if section_field(t) == name)
        return f"---\n{parts.front}---\n{preamble}" + "".join(c for t, c in chunks.items() if t != title)
    lines = parts.front.split("\n")
    for entry in files.entries(parts.front):
        if entry.key == name:
            del lines[entry.start:entry.end]
    return "---\n" + "\n".join(lines) + f"---\n{parts.body}"


def _said(problems) -> set[tuple[str, str]]:
    """What the check says, without line numbers (taking a field out moves the lines below it)."""
    return {(p.severity.value, re.sub(r"\d+", "#", p.message)) for p in problems}


@pytest.mark.parametrize("collection", list(COLLECTION_MODELS))
def test_the_forms_marks_agree_with_the_check(collection, tmp_path):
    """A field the form requires is an error when missing; one it marks «(anbefalt)» a
    warning; one it leaves «(valgfritt)» nothing at all. Each field of the shipped item with
    the most fields is taken out in turn, and the check asked."""
    root = copy_project(tmp_path)
    shape = shapes()[collection]
    published = [p for p in sorted((root / "content" / collection).rglob("*.md"))
                 if "draft: true" not in p.read_text(encoding="utf-8")]
    item = max(published, key=lambda p: len(files.entries(files.split(p.read_text(encoding="utf-8")).front)))
    relative = item.relative_to(root).as_posix()
    text = item.read_text(encoding="utf-8")

    def said() -> set[tuple[str, str]]:
        return _said(p for p in pipeline.check(root) if p.path == relative)

    before = said()
    recommended = config.recommended(shape)
    one_of = config.ONE_OF.get(collection, ())
    present = {e.key for e in files.entries(files.split(text).front)}
    marks = {}
    for form_field in BY_NAME[collection]["fields"]:
        name = form_field["name"]
        if name == BODY and shape.sections:
            continue  # the text before the first section: nothing to take out
        item.write_text(_without(shape, text, name), encoding="utf-8")
        new = said() - before
        errors = {m for s, m in new if s == "error"}
        if form_field["required"]:
            marks[name] = "required" if errors else f"required, but the check says nothing: {new}"
        elif name in one_of:  # an error when it is the one filled in, nothing when it is the other
            marks[name] = "one of" if bool(errors) == (name in present) else f"one of, but the check says {new}"
        elif name in recommended:
            marks[name] = "recommended" if new and not errors else f"recommended, but the check says {new}"
        else:
            marks[name] = "optional" if not new else f"optional, but the check says {new}"
    item.write_text(text, encoding="utf-8")
    expected = {f["name"]: ("required" if f["required"] else "recommended" if f["name"] in recommended
                            else "one of" if f["name"] in one_of else "optional")
                for f in BY_NAME[collection]["fields"] if f["name"] in marks}
    assert marks == expected
