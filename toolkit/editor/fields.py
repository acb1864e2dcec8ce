"""What the form shows for each kind of file, and in which order.

A file saved from the form should look like one written from ``toolkit new``'s template,
so the template decides the order of the fields: the keys of its front matter (a key
commented out in the template, like ``# slides: lysark.pdf``, keeps its place), then
every field of the model that the template leaves out, right after the field it follows
in the model. Cohort files have no template: their order is the model's.

An exercise's body has a fixed structure (its collection's ``sections``, from
``toolkit/collections/exercises/body.py``), which the form shows as one Markdown field per
section; other bodies are one Markdown field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel

from ..collections import registry
from ..content.collection import Collection, Registry
from ..content.models import CohortMeta, front_matter_fields
from ..layout import COHORTS_DIR, CONTENT_DIR
from ..slug import slugify

BODY = "body"  # Decap's name for the Markdown body: here, the text before the first section
COHORTS = "cohorts"  # the form's collection name for cohort files
_COMMENTED_KEY = re.compile(r"^#\s*(?P<key>[a-z_]+):")


@dataclass(frozen=True)
class Shape:
    """How one kind of file is laid out: Markdown with front matter, or a YAML file."""

    name: str  # the collection, or COHORTS
    model: type[BaseModel]
    markdown: bool
    bundle: bool  # content/<collection>/<slug>/index.md with its resources beside it
    order: tuple[str, ...]  # the front matter's keys in the order a file has them
    sections: tuple[str, ...]  # body headings shown as fields of their own
    template: str | None  # the raw text of toolkit new's template, for new files' layout

    @property
    def folder(self) -> str:
        return COHORTS_DIR if self.name == COHORTS else f"{CONTENT_DIR}/{self.name}"


def section_field(heading: str) -> str:
    """The form's field name for a body section: ``Slik gjør dere det`` → ``body_slik_gjor_dere_det``."""
    return "body_" + slugify(heading).replace("-", "_")


def template_text(collection: Collection[Any]) -> str | None:
    """The raw text of ``toolkit new``'s template for ``collection`` (a bundle's index.md)."""
    source = collection.template / "index.md" if collection.template.is_dir() else collection.template
    return source.read_text(encoding="utf-8") if source.is_file() else None


def template_keys(template: str) -> list[str]:
    """The top-level keys of a template's front matter, commented-out ones included, in order."""
    lines = template.split("\n")
    front = lines[1:lines.index("---", 1)]
    node = yaml.compose("\n".join(front), Loader=yaml.SafeLoader)
    by_line = {key.start_mark.line: key.value for key, _ in node.value} if isinstance(node, yaml.MappingNode) else {}
    ordered = []
    for index, line in enumerate(front):
        if index in by_line:
            ordered.append(by_line[index])
        elif commented := _COMMENTED_KEY.match(line):
            ordered.append(commented.group("key"))
    return list(dict.fromkeys(ordered))


def template_values(template: str) -> dict:
    """The values in a template's front matter (``$title`` and ``$today`` as written)."""
    lines = template.split("\n")
    data = yaml.safe_load("\n".join(lines[1:lines.index("---", 1)])) or {}
    return data if isinstance(data, dict) else {}


def field_order(model: type[BaseModel], template: str | None) -> tuple[str, ...]:
    """The template's keys that are model fields, then each other field after its predecessor."""
    fields = list(front_matter_fields(model))
    order = [key for key in (template_keys(template) if template else []) if key in fields]
    for index, name in enumerate(fields):
        if name in order:
            continue
        before = next((fields[i] for i in range(index - 1, -1, -1) if fields[i] in order), None)
        order.insert(order.index(before) + 1 if before else 0, name)
    return tuple(order)


def shapes(collections: Registry | None = None) -> dict[str, Shape]:
    """Every kind of file the form edits: each collection (of ``collections``, by default
    the package's), then the cohorts."""
    found = {}
    for collection in (collections if collections is not None else registry()):
        template = template_text(collection)
        found[collection.id] = Shape(
            collection.id, collection.model, markdown=True, bundle=collection.bundle,
            order=field_order(collection.model, template), sections=collection.sections, template=template,
        )
    found[COHORTS] = Shape(COHORTS, CohortMeta, markdown=False, bundle=False,
                           order=field_order(CohortMeta, None), sections=(), template=None)
    return found


def shape_of(path: str, known: dict[str, Shape] | None = None) -> Shape | None:
    """The shape of the file at ``path`` (relative to the project root), or None."""
    parts = path.split("/")
    known = known or shapes()
    if len(parts) == 2 and parts[0] == COHORTS_DIR and parts[1].endswith((".yml", ".yaml")):
        return known[COHORTS]
    if len(parts) >= 3 and parts[0] == CONTENT_DIR and parts[1] in known and parts[-1].endswith(".md"):
        shape = known[parts[1]]
        if (len(parts) == 4 and parts[3] == "index.md") if shape.bundle else len(parts) == 3:
            return shape
    return None
