"""JSON Schemas of the editors' files, generated from the pydantic models.

``toolkit schema DIR`` writes one schema per collection's front matter, one for the
theme taxonomy (``content/temaer.yml``), one for the cohort files (``cohorts/*.yml``) and one
for Ledergruppesjekken (``content/ledergruppesjekk.yml``).
Editors' tools read them: ``.vscode/settings.json`` maps the YAML data files to them,
so VS Code with Red Hat's YAML extension completes and checks fields as they are typed.
They describe one file at a time; what needs the other files (a theme that is not in
the taxonomy, a related id that does not exist, steps that do not add up) is left to
``toolkit check``. The schemas depend only on the models, so they are committed under
``schemas/`` and a test keeps them up to date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from ..collections import registry
from ..content.collection import Registry
from ..content.models import CohortMeta, Slug, Theme
from ..content.team_check import TeamCheck
from ..layout import CONTENT_DIR, TEAM_CHECK_FILE, THEMES_FILE
from ..writing import SCHEMA, check_file, overwrites

DRAFT = "https://json-schema.org/draft/2020-12/schema"
THEMES_SCHEMA = "temaer.schema.json"
COHORTS_SCHEMA = "cohorts.schema.json"
TEAM_CHECK_SCHEMA = "ledergruppesjekk.schema.json"


def collection_schema_name(collection: str) -> str:
    return f"{collection}.schema.json"


def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The schema pydantic derives from ``model`` (as input: what a file may contain)."""
    return _norwegian(model.model_json_schema(mode="validation"))


def themes_schema() -> dict[str, Any]:
    """The taxonomy: a mapping from each theme's slug to its label and description."""
    schema = _norwegian(TypeAdapter(dict[Slug, Theme]).json_schema(mode="validation"))
    # pydantic says what a slug key looks like (patternProperties) but lets any other key
    # through; a theme whose key is not a slug is an error, as in toolkit check.
    schema["additionalProperties"] = False
    return schema


def schemas(collections: Registry | None = None) -> dict[str, dict[str, Any]]:
    """``{file name: schema}`` for every collection (of ``collections``, by default the
    package's), the taxonomy, the cohorts and Ledergruppesjekken."""
    found: dict[str, dict[str, Any]] = {}
    for collection in (collections if collections is not None else registry()):
        found[collection_schema_name(collection.id)] = _document(
            model_schema(collection.model),
            f"{collection.plural}: front matter",
            f"Feltene mellom linjene med «---» øverst i {CONTENT_DIR}/{collection.id}/<navn>.md "
            f"(eller <navn>/index.md).",
        )
    found[THEMES_SCHEMA] = _document(
        themes_schema(), "Temaer",
        f"Temalisten ({CONTENT_DIR}/{THEMES_FILE}): hvert tema under sin slug, med navn og beskrivelse.",
    )
    found[COHORTS_SCHEMA] = _document(
        model_schema(CohortMeta), "Kull",
        "Ett kull (cohorts/<id>.yml): tittel, periode og samlingene i programmet.",
    )
    found[TEAM_CHECK_SCHEMA] = _document(
        model_schema(TeamCheck), "Ledergruppesjekken",
        f"Ledergruppesjekken ({CONTENT_DIR}/{TEAM_CHECK_FILE}): innledning, kilder og områdene med påstandene.",
    )
    return found


def render(schema: dict[str, Any]) -> str:
    """One schema as the text of its file (the models' field order, a final newline)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write(root: Path, directory: Path, collections: Registry | None = None, *,
          force: bool = False) -> list[tuple[Path, bool]]:
    """Write every schema into ``directory`` (made if missing); returns each file written
    and whether it replaced a file ``toolkit schema`` had not made (only with ``force``).

    Every file is checked first (``toolkit.writing``: a schema this command wrote carries
    its mark in ``$comment``), so a refusal writes nothing."""
    found = schemas(collections)
    targets = [check_file(root, directory / name, SCHEMA, force=force, make_parents=True) for name in found]
    replaced = [overwrites(target, SCHEMA) for target in targets]
    targets[0].parent.mkdir(parents=True, exist_ok=True)
    for target, schema in zip(targets, found.values(), strict=True):
        target.write_text(render(schema), encoding="utf-8")
    return [(directory / name, was) for name, was in zip(found, replaced, strict=True)]


def stale(directory: Path, collections: Registry | None = None) -> list[str]:
    """The schema files in ``directory`` that are missing or differ from the models."""
    return [name for name, schema in schemas(collections).items()
            if not (directory / name).is_file()
            or (directory / name).read_text(encoding="utf-8") != render(schema)]


def _document(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    # "$comment" first: the mark by which `toolkit schema` knows the file as its own.
    return {"$comment": f"{SCHEMA.file_mark} (laget fra modellene; endringer her blir overskrevet)",
            "$schema": DRAFT, **schema, "title": title, "description": description}


def _norwegian(schema: Any) -> Any:
    """Drop the models' docstrings (English, for developers) from the schema: editors see
    the Norwegian ``title`` and ``description`` of each field instead."""
    if isinstance(schema, dict):
        is_model = schema.get("type") == "object" and "properties" in schema
        return {key: _norwegian(value) for key, value in schema.items()
                if not (is_model and key == "description")}
    if isinstance(schema, list):
        return [_norwegian(value) for value in schema]
    return schema
