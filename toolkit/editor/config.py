"""Decap CMS's configuration, generated from the content models: never written by hand.

Every field of every collection's model becomes a field of the form, in the order of
``toolkit new``'s template (``fields.field_order``), with the Norwegian label and hint
the model gives it (``title``, ``description``) and a widget that fits its type:

============================  ===============================================
in the model (JSON Schema)    in the form
============================  ===============================================
text                          a line (``string``), or a box (``text``) above 200 characters
a fixed set (``Literal``)     a choice (``select``), labelled by ``enumDescriptions``
``x-choices``                 a choice among the themes in content/temaer.yml, the
                              cohorts, or the items (all, or one collection's)
a whole number                ``number`` (whole), with the model's limits
true/false                    ``boolean``
a date                        a date picker (``datetime``, date only)
a file in the bundle          ``file``: upload into the item's folder, or an address
a list                        ``list`` of lines, or of sub-forms for a list of objects
an object                     ``object``: a sub-form
============================  ===============================================

plus the body: one Markdown field, or one per section for an exercise. Defaults are the
model's, and the template's value for an optional field that has one (``draft: true``,
``reviewed: $today``, ``owner``), so a new item starts as ``toolkit new`` starts it. The
choices are read from the content when the configuration is made: ``toolkit edit`` makes
it afresh each time the CMS page loads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .. import pipeline
from ..collections import recordings, registry, stories
from ..content.collection import Registry
from ..content.models import RECORDINGS, SessionRecording, front_matter_fields
from ..norsk import sort_key
from .fields import BODY, COHORTS, Shape, section_field, shapes, template_values

LONG_TEXT = 200  # characters: above this a text field is a box, not a line
LOCAL_PROXY = "/api/v1"  # where toolkit edit answers for decap-server, on the CMS's own origin
MEDIA_FOLDER = "docs/assets/bilder"  # images for hand-written pages; page bundles keep theirs beside them

#: Fields a model leaves optional but ``toolkit check`` requires (an error when missing): the
#: form marks them required too, so its marks agree with the check. tests/test_cms_config.py
#: removes each field of a shipped item and holds every mark against what the check says.
REQUIRED_BY_CHECK = MappingProxyType({recordings.ID: frozenset({"captions"})})
#: Fields of which exactly one must be filled in (the model's own rule): neither is optional.
ONE_OF = MappingProxyType({recordings.ID: ("video", "youtube"), stories.ID: ("example", "source")})
RECOMMENDED = "Anbefalt: «toolkit check» varsler når den mangler."

COMMIT_MESSAGES = MappingProxyType({
    "create": "Ny side i {{collection}}: {{slug}} (fra skjemaet)",
    "update": "Endret {{collection}}: {{slug}} (fra skjemaet)",
    "delete": "Slettet {{collection}}: {{slug}} (fra skjemaet)",
    "uploadMedia": "La til {{path}} (fra skjemaet)",
    "deleteMedia": "Slettet {{path}} (fra skjemaet)",
})


def vocabularies(root: Path, registry: Registry | None = None) -> dict[str, list[dict[str, str]]]:
    """The choices ``x-choices`` names: themes, cohorts, items, and each collection's items."""
    content = pipeline.load(root, registry)
    collections = content.registry
    themes, cohorts = content.themes, content.cohorts
    items = sorted(content.items, key=lambda i: (collections.position(i.collection), sort_key(i.meta.title)))

    def label(item: Any) -> str:
        """What one item is called in a choice: «Øvelse: Pre-mortem»."""
        draft = " (utkast)" if item.meta.draft else ""
        return f"{collections[item.collection].label}: {item.meta.title}{draft}"

    found = {
        "themes": [{"label": theme.label, "value": slug} for slug, theme in themes.items()],
        "cohorts": [{"label": f"{c.title} ({c.id})", "value": c.id}
                    for c in sorted(cohorts.values(), key=lambda c: c.meta.start)],
        "items": [{"label": label(i), "value": i.id} for i in items],
    }
    for collection in collections.ids:
        found[f"items/{collection}"] = [{"label": label(i), "value": i.id} for i in items
                                        if i.collection == collection]
    found[RECORDINGS] = [{"label": label(i), "value": i.id} for i in items if isinstance(i.meta, SessionRecording)]
    return found


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        target = defs[schema["$ref"].rsplit("/", 1)[1]]
        return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _main_variant(schema: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The non-null alternative of an optional field (and whether null was allowed)."""
    schema = _resolve(schema, defs)
    options = schema.get("anyOf")
    if not options:
        return schema, False
    concrete = [_resolve(o, defs) for o in options if o.get("type") != "null"]
    nullable = len(concrete) < len(options)
    merged = {k: v for k, v in schema.items() if k != "anyOf"}
    if len(concrete) == 1:
        return {**concrete[0], **merged}, nullable
    return {**merged, "anyOf": concrete}, nullable


def field(name: str, schema: dict[str, Any], defs: dict[str, Any], required: bool,
          vocab: dict[str, list[dict[str, str]]], default: Any = None, bundle: bool = False) -> dict[str, Any]:
    """One form field for one property of a model's JSON Schema."""
    main, _ = _main_variant(schema, defs)
    out: dict[str, Any] = {"name": name, "label": main.get("title") or name}
    if main.get("description"):
        out["hint"] = main["description"]
    out["required"] = required
    choices = main.get("x-choices")
    kind = main.get("type")
    if choices:
        out.update(widget="select", options=vocab.get(choices, []), multiple=kind == "array")
        if kind == "array" and main.get("minItems"):
            out["min"] = main["minItems"]
    elif "enum" in main:
        labels = main.get("enumDescriptions") or [str(v).capitalize() for v in main["enum"]]
        out.update(widget="select", options=[{"label": lab, "value": v} for lab, v in zip(labels, main["enum"])])
    elif "anyOf" in main:  # seconds or a clock time: written as text, read by the model
        patterns = [o.get("pattern") for o in main["anyOf"] if o.get("pattern")]
        out.update(widget="string")
        if patterns:
            out["pattern"] = [f"^[0-9]+$|{patterns[0]}", "Skriv sekunder (90) eller minutter:sekunder (1:30)."]
    elif kind == "array":
        items = _resolve(main.get("items", {}), defs)
        out["widget"] = "list"
        # Decap's button says «Legg til %{item}» with this: «Legg til materiell».
        label = out["label"]
        out["label_singular"] = label if label[1:2].isupper() else label[:1].lower() + label[1:]
        if items.get("type") == "object":
            out["fields"] = _object_fields(items, defs, vocab, bundle)
            first = next(iter(items.get("properties", {})), None)
            title = "title" if "title" in items.get("properties", {}) else first
            if title:
                out["summary"] = "{{fields." + title + "}}"
        else:
            out["field"] = {"name": "item", "label": out["label"], "widget": "string"}
        if main.get("minItems"):
            out["min"] = main["minItems"]
    elif kind == "object":
        out.update(widget="object", collapsed=False, fields=_object_fields(main, defs, vocab, bundle))
    elif kind == "integer":
        out.update(widget="number", value_type="int", step=1)
        for key, target in (("minimum", "min"), ("maximum", "max")):
            if key in main:
                out[target] = main[key]
        if "exclusiveMinimum" in main:
            out["min"] = main["exclusiveMinimum"] + 1
    elif kind == "boolean":
        out["widget"] = "boolean"
    elif kind == "string" and main.get("format") == "date":
        out.update(widget="datetime", date_format="YYYY-MM-DD", time_format=False, format="YYYY-MM-DD",
                   picker_utc=False)
    elif kind == "string" and main.get("format") == "uri-reference" and bundle:
        out.update(widget="file", choose_url=True)
    else:
        long = main.get("maxLength", 0) >= LONG_TEXT
        out["widget"] = "text" if long else "string"
        if main.get("pattern"):
            out["pattern"] = [main["pattern"], f"«{out['label']}» har ikke riktig form."]
    if default is not None:
        out["default"] = default
    elif "default" in main and main["default"] not in (None, [], ""):
        out["default"] = main["default"]
    return out


def _object_fields(schema: dict[str, Any], defs: dict[str, Any], vocab: dict, bundle: bool) -> list[dict]:
    required = set(schema.get("required", []))
    return [field(name, prop, defs, name in required, vocab, bundle=bundle)
            for name, prop in schema.get("properties", {}).items()]


def _form_default(value: Any) -> Any:
    """A template's value as the form's starting value (``$today``: the day the item is made)."""
    if value == "$today":
        return "{{now}}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def fields_of(shape: Shape, vocab: dict[str, list[dict[str, str]]]) -> list[dict[str, Any]]:
    """The form's fields for one kind of file, in the template's order, then its body."""
    schema = shape.model.model_json_schema(mode="validation")
    defs, properties = schema.get("$defs", {}), schema["properties"]
    required = set(schema.get("required", [])) | REQUIRED_BY_CHECK.get(shape.name, frozenset())
    starting = template_values(shape.template) if shape.template else {}
    out = []
    for name in shape.order:
        default = None
        value = starting.get(name)
        is_file = properties[name].get("format") == "uri-reference" or any(
            option.get("format") == "uri-reference" for option in properties[name].get("anyOf", []))
        if value == "$today" or (name not in required and value is not None and not isinstance(value, list | dict)
                                 and not is_file):
            # A required field's other template values are placeholders; a file is chosen in the form.
            default = _form_default(value)
        out.append(field(name, properties[name], defs, name in required, vocab, default, shape.bundle))
    if not shape.markdown:
        return out
    markdown = {"widget": "markdown", "modes": ["raw", "rich_text"], "editor_components": []}
    if shape.sections:
        out.append({"name": BODY, "label": "Innledning", "required": False, **markdown,
                    "hint": f"Tekst før «{shape.sections[0]}». Står som regel tom."})
        for title in shape.sections:  # not required, but the check warns without one: see recommended()
            out.append({"name": section_field(title), "label": title, "required": False, **markdown,
                        "hint": f"{_section_hint(title)} {RECOMMENDED}"})
    else:
        out.append({"name": BODY, "label": "Tekst", "required": False, **markdown,
                    "hint": "Teksten på siden, i Markdown. Mellomtitler skrives «## Tittel»."})
    return out


def recommended(shape: Shape) -> list[str]:
    """The fields the form marks «(anbefalt)» rather than «(valgfritt)»: not required, but the
    check warns when they are missing (a collection's ``sections``: an exercise's six)."""
    return [section_field(title) for title in shape.sections]


def marks(shape: Shape) -> dict[str, str]:
    """What the form says beside a field instead of Decap's «(valgfritt)», where that would
    be untrue: «anbefalt», or «denne eller «YouTube-id»» for one of two fields."""
    found = {name: "anbefalt" for name in recommended(shape)}
    pair = ONE_OF.get(shape.name)
    if pair:
        titles = {name: front_matter_fields(shape.model)[name].title or name for name in pair}
        found.update({name: f"denne eller «{titles[other]}»" for name in pair for other in pair if other != name})
    return found


def _section_hint(title: str) -> str:
    from ..collections.exercises.body import STEPS_HEADING

    if title == STEPS_HEADING:
        return ("Hvert trinn er et nummerert punkt med minutter i parentes, som "
                "«1. **Innledning** (5 min): Lederen forklarer hensikten.». "
                "Minuttene skal til sammen bli varigheten.")
    return f"Teksten under «## {title}»."


def collection(shape: Shape, vocab: dict[str, list[dict[str, str]]],
               collections: Registry | None = None) -> dict[str, Any]:
    """One Decap collection: a folder of flat files or page bundles, or the cohort files."""
    if shape.name == COHORTS:
        return {
            "name": COHORTS, "label": "Kull", "label_singular": "Kull", "folder": shape.folder,
            "extension": "yml", "format": "yml", "create": True, "delete": True,
            "identifier_field": "title", "summary": "{{title}}", "slug": "{{slug}}",
            "description": "Ett kull per fil. Filnavnet blir kullets id og navnet på versjonen som gis ut.",
            "fields": fields_of(shape, vocab),
        }
    described = (collections if collections is not None else registry())[shape.name]
    out: dict[str, Any] = {
        "name": shape.name, "label": described.plural,
        "label_singular": described.label,
        "folder": shape.folder, "extension": "md", "format": "frontmatter",
        "create": True, "delete": not shape.bundle,  # a bundle's resources would stay behind
        "identifier_field": "title", "summary": "{{title}}", "slug": "{{slug}}",
        "sortable_fields": ["title"], "preview_path": f"{shape.name}/{{{{slug}}}}/",
        "fields": fields_of(shape, vocab),
    }
    if shape.bundle:  # content/<collection>/<slug>/index.md, its files beside it
        out.update(path="{{slug}}/index", media_folder="", public_folder="")
    return out


def cms_config(root: Path, *, backend: dict[str, Any] | None = None, site_url: str = "http://127.0.0.1:8000/",
               editorial_workflow: bool = False, registry: Registry | None = None) -> dict[str, Any]:
    """The whole configuration: the local proxy backend unless another ``backend`` is given.

    An exercise's sections are fields of their own only behind ``toolkit edit``, which
    turns them back into the body (``files``); with another backend Decap writes the files
    itself, so the body is one Markdown field there (docs-dev/editing.md)."""
    vocab = vocabularies(root, registry)
    kinds = list(shapes(registry).values())
    if backend is not None:
        kinds = [dataclasses.replace(shape, sections=()) for shape in kinds]
    config: dict[str, Any] = {
        "backend": backend or {"name": "proxy", "proxy_url": LOCAL_PROXY, "branch": "main"},
        "locale": "nb_no",
        "site_url": site_url,
        "display_url": site_url,
        "show_preview_links": True,
        # Images in hand-written pages; page bundles keep their files beside them.
        "media_folder": MEDIA_FOLDER,
        "public_folder": "/assets/bilder",
        # As toolkit.slug: lowercase ASCII, æ → ae, ø → o, å → a, hyphens.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(shape, vocab, registry) for shape in kinds],
    }
    config["backend"].setdefault("commit_messages", dict(COMMIT_MESSAGES))
    if editorial_workflow:
        config["publish_mode"] = "editorial_workflow"
    return config


def gitlab_backend(repo: str, base_url: str, app_id: str, branch: str = "main") -> dict[str, Any]:
    """Decap's GitLab backend for a self-hosted GitLab (the intranet's), signing in with
    PKCE: no server of our own; each change is a merge request under the editorial workflow."""
    base = base_url.rstrip("/")
    return {"name": "gitlab", "repo": repo, "branch": branch, "auth_type": "pkce", "app_id": app_id,
            "base_url": base, "api_root": f"{base}/api/v4", "auth_endpoint": "oauth/authorize"}


def render(config: dict[str, Any]) -> str:
    """The configuration as Decap reads it (config.yml), marked as generated."""
    header = ("# Generated by `toolkit cms-config` from toolkit/content/models.py and the templates of\n"
              "# `toolkit new`. Do not edit: change the models and generate it again.\n")
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
