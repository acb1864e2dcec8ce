"""JSON Schemas from the models: up to date, accept every shipped file, reject broken ones."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT, toolkit
from tests.support.content import COLLECTIONS, item_files
from tests.test_content_errors import EXERCISE
from toolkit.content.frontmatter import split_front_matter
from toolkit.editor import schemas

SCHEMA_DIR = ROOT / "schemas"


def as_json(value):
    """YAML data as a YAML 1.2 editor (and the JSON Schema) sees it: dates are strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def front_matter(text: str) -> dict:
    return as_json(split_front_matter(text, "x.md").meta.data)


def test_the_committed_schemas_are_what_the_models_generate(tmp_path):
    assert schemas.stale(SCHEMA_DIR) == []
    assert sorted(p.name for p in SCHEMA_DIR.iterdir()) == sorted(schemas.schemas())
    assert toolkit("schema", "--check", str(SCHEMA_DIR)).returncode == 0
    written = toolkit("schema", str(tmp_path / "out"))
    assert written.returncode == 0, written.stderr
    for name in schemas.schemas():
        assert (tmp_path / "out" / name).read_bytes() == (SCHEMA_DIR / name).read_bytes()


def test_check_reports_a_schema_that_no_longer_matches_the_models(tmp_path):
    toolkit("schema", str(tmp_path))
    (tmp_path / "ovelser.schema.json").write_text("{}", encoding="utf-8")
    result = toolkit("schema", "--check", str(tmp_path))
    assert result.returncode == 1 and "ovelser.schema.json: utdatert" in result.stderr


def test_every_shipped_item_validates_against_its_collections_schema():
    checked = {collection: 0 for collection in COLLECTIONS}
    for collection, source in item_files(ROOT):
        data = front_matter(source.read_text(encoding="utf-8"))
        errors = [e.message for e in validator(schemas.collection_schema_name(collection)).iter_errors(data)]
        assert errors == [], f"{source.relative_to(ROOT)}: {errors}"
        checked[collection] += 1
    assert all(count > 0 for count in checked.values()), checked


def test_the_theme_file_and_every_cohort_validate():
    themes = as_json(yaml.safe_load((ROOT / "content/temaer.yml").read_text(encoding="utf-8")))
    validator("temaer.schema.json").validate(themes)
    cohorts = sorted((ROOT / "cohorts").glob("*.yml"))
    assert len(cohorts) >= 2
    for source in cohorts:
        validator("cohorts.schema.json").validate(as_json(yaml.safe_load(source.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("change, field", [
    (("duration: 10", "duration: ti"), "duration"),  # the first of the three broken files
    (("duration: 10", "durration: 10"), "durration"),
    (("difficulty: enkel", "difficulty: lett"), "difficulty"),
    (("group_size: {min: 2, max: 8}", "group_size: {min: 2}"), "group_size"),
    (("themes: [moter]", "themes: [Møter]"), "themes"),
    (("title: Kort møte\n", ""), "title"),
])
def test_a_broken_exercise_is_rejected_at_its_field(change, field):
    data = front_matter(EXERCISE.replace(*change))
    errors = list(validator("ovelser.schema.json").iter_errors(data))
    assert errors, change
    assert any(field in (list(e.absolute_path) + [e.message]) or field in e.message for e in errors), \
        [e.message for e in errors]


def test_broken_cohort_and_theme_files_are_rejected():
    cohort = yaml.safe_load((ROOT / "cohorts/2026-host.yml").read_text(encoding="utf-8"))
    cohort["sessions"][0]["kind"] = "foredrag"
    cohort["sessions"][1]["start"] = "8:30"
    paths = {tuple(e.absolute_path) for e in validator("cohorts.schema.json").iter_errors(as_json(cohort))}
    assert paths == {("sessions", 0, "kind"), ("sessions", 1, "start")}
    themes = {"moter": {"lable": "Møter", "description": "To setninger."}, "Møter": {"label": "x", "description": "y"}}
    messages = [e.message for e in validator("temaer.schema.json").iter_errors(themes)]
    assert any("lable" in m for m in messages) and any("label" in m for m in messages)
    assert any("Møter" in m for m in messages)  # not a slug


def test_every_field_has_a_norwegian_label_in_the_schemas():
    def walk(schema, where):
        for name, prop in schema.get("properties", {}).items():
            assert prop.get("title"), f"{where}.{name} has no title"
        for name, sub in schema.get("$defs", {}).items():
            walk(sub, name)
    for name, schema in schemas.schemas().items():
        walk(schema, name)


def test_vscode_maps_the_data_files_to_the_schemas_and_recommends_the_yaml_extension():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {"./schemas/temaer.schema.json": "content/temaer.yml",
                       "./schemas/cohorts.schema.json": "cohorts/*.yml",
                       "./schemas/ledergruppesjekk.schema.json": "content/ledergruppesjekk.yml"}
    for schema in mapping:
        assert (ROOT / schema).is_file()
    assert settings["yaml.schemaStore.enable"] is False  # no schema catalogue from the internet
    extensions = json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
