"""Files as the form reads them, and files as the form writes them.

Decap CMS parses and writes a whole file at a time, in its own YAML style. Written as
it is, every save would rewrite a hand-written file (``themes: [a, b]`` becoming a block
list, the folded description re-quoted), and one changed field would show as a dozen
changed lines in ``git diff``. So the form never writes a file itself:

- :func:`for_form` hands Decap the file, with an exercise's body sections as fields of
  their own (appended to the front matter as JSON strings, which Decap reads as YAML).
- :func:`from_form` takes what Decap would have written and splices it into the file on
  disk (or, for a new file, into ``toolkit new``'s template): each field and each body
  section that did not change keeps its lines byte for byte; a changed one is written in
  the style the file (or the template) already uses for it; a new one goes where the
  template puts it. Whatever is written is read back and compared before it is saved.

Values are compared as the models see them, so ``2026-11-30`` and ``"2026-11-30"``, or
a theme list in flow or block style, are the same value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel

from ..content.frontmatter import prose_lines
from ..content.models import front_matter_fields
from .fields import Shape, section_field


class FormError(Exception):
    """A file the form cannot write faithfully; the message is for the editor (Norwegian)."""


# --- YAML as Decap writes it (YAML 1.2: no yes/no booleans, no dates, no base 60) ------


class CoreLoader(yaml.SafeLoader):
    """YAML 1.2's core schema: what Decap (and VS Code) mean by the text they write."""


CoreLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    CoreLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


def load_core(text: str) -> Any:
    """YAML text read as YAML 1.2 reads it (``2026-11-30`` and ``no`` stay strings)."""
    return yaml.load(text, Loader=CoreLoader)  # noqa: S506 - a SafeLoader with fewer resolvers


# --- the parts of a Markdown file -------------------------------------------------------


@dataclass
class Parts:
    front: str  # the front matter's lines, without the ``---`` lines
    body: str  # everything after the closing ``---`` line


def split(text: str) -> Parts | None:
    """A Markdown file's front matter and body (None without front matter)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return Parts("".join(lines[1:index]), "".join(lines[index + 1:]))
    return None


_H2 = re.compile(r"^##\s+(?P<title>.+?)\s*#*\s*$")


def split_sections(body: str, headings: tuple[str, ...]) -> tuple[str, dict[str, str]] | None:
    """``(preamble, {heading: chunk})`` whose concatenation is ``body``, each chunk starting
    with its heading line; None when the known headings are repeated or out of order."""
    starts: list[tuple[int, str]] = []
    offsets, position = [], 0
    for line in body.splitlines(keepends=True):
        offsets.append(position)
        position += len(line)
    for number, line in prose_lines(body):
        match = _H2.match(line)
        if match and match.group("title") in headings:
            starts.append((offsets[number], match.group("title")))
    titles = [title for _, title in starts]
    if len(set(titles)) != len(titles) or titles != sorted(titles, key=headings.index):
        return None
    chunks = {}
    for index, (start, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(body)
        chunks[title] = body[start:end]
    return body[: starts[0][0]] if starts else body, chunks


def section_text(chunk: str) -> str:
    """A section's text without its heading line, as the form shows it."""
    return chunk.split("\n", 1)[1].strip("\n").rstrip() if "\n" in chunk else ""


def for_form(shape: Shape, text: str) -> str:
    """The file as Decap should read it: an exercise's sections as fields of their own."""
    if not shape.markdown or not shape.sections:
        return text
    parts = split(text)
    if parts is None:
        return text
    found = split_sections(parts.body, shape.sections)
    preamble, chunks = found if found is not None else (parts.body, {})
    extra = "".join(f"{section_field(title)}: {json.dumps(section_text(chunks[title]), ensure_ascii=False)}\n"
                    for title in shape.sections if title in chunks)
    front = parts.front if parts.front.endswith("\n") or not parts.front else parts.front + "\n"
    return f"---\n{front}{extra}---\n{preamble}"


# --- values as the models see them ------------------------------------------------------

ABSENT = object()


def _field_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {"defs": schema.get("$defs", {}), "properties": schema["properties"]}


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {**defs[schema["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _variants(schema: dict[str, Any], defs: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(schema, defs)
    if "anyOf" in schema:
        return [v for option in schema["anyOf"] for v in _variants(option, defs)]
    return [schema]


def normalize(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    """``value`` as the model reads it: dates as dates, whole numbers as ints, empty as ABSENT."""
    if value is None or (isinstance(value, str | list | dict) and not value):
        return ABSENT
    variants = [v for v in _variants(schema, defs) if v.get("type") != "null"]
    kinds = {v.get("type") for v in variants}
    if isinstance(value, dict):
        props = next((v for v in variants if v.get("type") == "object"), {}).get("properties", {})
        inner = {k: normalize(v, props.get(k, {}), defs) for k, v in value.items()}
        inner = {k: v for k, v in inner.items() if v is not ABSENT}
        return inner or ABSENT
    if isinstance(value, list):
        items = next((v for v in variants if v.get("type") == "array"), {}).get("items", {})
        return [item for item in (normalize(v, items, defs) for v in value) if item is not ABSENT] or ABSENT
    if any(v.get("format") == "date" for v in variants) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return value.date()
    if "integer" in kinds and isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*", value):
        return int(value)
    if "integer" in kinds and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and kinds <= {"string"}:
        return value.strip()
    return value


def _is_empty_default(field: Any) -> bool:
    """An optional field whose default says "nothing" (no value, false, an empty list), so
    that a file leaves it out; a default of 0 minutes is a value, and is written."""
    default = field.default
    return not field.is_required() and (
        default is None or default is False or (isinstance(default, list | str) and not default))


# --- writing values in a file's own style -----------------------------------------------


@dataclass(frozen=True)
class Style:
    scalar: str | None = None  # None (plain), '"', "'", '>' or '|'
    flow: bool | None = None  # for lists and mappings
    items: Style | None = None  # for the items of a list

    @staticmethod
    def of(node: yaml.Node | None) -> Style | None:
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode):
            return Style(scalar=node.style)
        if isinstance(node, yaml.SequenceNode):
            first = Style.of(node.value[0]) if node.value else None
            return Style(flow=bool(node.flow_style), items=first)
        if isinstance(node, yaml.MappingNode):
            return Style(flow=bool(node.flow_style))
        return None


def _reads_back(text: str, value: Any, flow: bool = False) -> bool:
    """Both YAML 1.2 (Decap, editors) and 1.1 (PyYAML, the toolkit) read ``text`` as ``value``,
    on its own after a key, or as an item of a flow list."""
    source, expected = (f"k: [{text}]", {"k": [value]}) if flow else (f"k: {text}", {"k": value})
    try:
        return load_core(source) == expected and yaml.safe_load(source) == expected
    except yaml.YAMLError:
        return False


def _quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    return quoted if _reads_back(quoted, text) else json.dumps(text)


def scalar(value: Any, style: str | None = None, flow: bool = False) -> str:
    """One value on one line: plain where both YAML 1.1 and 1.2 read it back the same."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | dt.date):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    if style == "'" and "\n" not in text:
        single = "'" + text.replace("'", "''") + "'"
        if _reads_back(single, text):
            return single
    # Numbers, dates and clock times kept as text are quoted, whatever a YAML reader would make of them.
    looks_like_number = re.fullmatch(r"[0-9:.+-]+", text) is not None
    if style in (None, ">", "|") and text and text == text.strip() and "\n" not in text and not looks_like_number:
        unsafe = any(c in text for c in ",[]{}") if flow else False
        if not unsafe and not text.startswith(("&", "*", "!", "|", ">", "%", "@", "`", "'", '"', "#")) \
                and _reads_back(text, text) and (not flow or _reads_back(text, text, flow=True)):
            return text
    return _quoted(text)


def _folded(text: str, indent: int, width: int) -> list[str] | None:
    if not text or "\n" in text or text != text.strip() or "  " in text:
        return None
    lines = textwrap.wrap(text, width=max(40, width - indent - 2), break_long_words=False, break_on_hyphens=False)
    return [">-"] + [" " * (indent + 2) + line for line in lines]


WRAP = 88  # where a folded description is wrapped (the templates' and most files' width)


def emit(key: str, value: Any, style: Style | None) -> list[str]:
    """``key: value`` as top-level lines of YAML, in ``style`` where that reads back the same
    (else on one line in flow style, quoted where needed)."""
    lines = _emit(key, value, style or Style(), 0, WRAP)
    try:
        ok = yaml.safe_load("\n".join(lines)) == {key: value}
    except yaml.YAMLError:
        ok = False
    return lines if ok else [f"{key}: {_flow(value)}"]


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, None, flow=True)


def _emit(key: str, value: Any, style: Style, indent: int, width: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, list):
        flow = style.flow if style.flow is not None else (
            not any(isinstance(v, dict) for v in value) and len(f"{key}: {_flow(value)}") + indent <= 100)
        if flow or not value:
            return [f"{pad}{key}: {_flow(value)}"]
        lines = [f"{pad}{key}:"]
        item_style = style.items or Style()
        for item in value:
            if isinstance(item, dict):
                if item_style.flow:
                    lines.append(f"{pad}  - {_flow(item)}")
                else:
                    inner = [line for k, v in item.items() for line in _emit(k, v, Style(), indent + 4, width)]
                    lines.append(f"{pad}  - {inner[0].lstrip()}")
                    lines += inner[1:]
            else:
                lines.append(f"{pad}  - {scalar(item, item_style.scalar)}")
        return lines
    if isinstance(value, dict):
        if style.flow:
            return [f"{pad}{key}: {_flow(value)}"]
        return [f"{pad}{key}:"] + [line for k, v in value.items() for line in _emit(k, v, Style(), indent + 2, width)]
    if style.scalar == ">" and isinstance(value, str):
        folded = _folded(value, indent, width)
        if folded:
            return [f"{pad}{key}: {folded[0]}"] + folded[1:]
    return [f"{pad}{key}: {scalar(value, style.scalar)}"]


# --- splicing the form's values into a file ---------------------------------------------


@dataclass
class Entry:
    """A top-level key of a YAML text: its lines ``[start, end)`` and its value's node."""

    key: str
    start: int
    end: int
    node: yaml.Node


def entries(front: str) -> list[Entry]:
    """The top-level keys of a YAML text with the lines each one's value takes up
    (comment and blank lines after a value belong to what follows)."""
    node = yaml.compose(front, Loader=yaml.SafeLoader) if front.strip() else None
    if not isinstance(node, yaml.MappingNode):
        return []
    lines = front.split("\n")
    found = []
    for key, value in node.value:
        start = key.start_mark.line
        end = value.end_mark.line + (1 if value.end_mark.column > 0 else 0)
        while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        found.append(Entry(key.value, start, max(end, start + 1), value))
    return found


def _ordered(model: type[BaseModel], value: Any, defs: dict[str, Any], schema: dict[str, Any]) -> Any:
    """Nested mappings in their model's field order (a source: author, year, title, …)."""
    variants = _variants(schema, defs)
    if isinstance(value, dict):
        props = next((v for v in variants if v.get("type") == "object"), {}).get("properties", {})
        order = list(props) + [k for k in value if k not in props]
        return {k: _ordered(model, value[k], defs, props.get(k, {})) for k in order if k in value}
    if isinstance(value, list):
        items = next((v for v in variants if v.get("type") == "array"), {}).get("items", {})
        return [_ordered(model, v, defs, items) for v in value]
    return value


def splice_front(shape: Shape, base: str, values: dict[str, Any], template: str | None) -> str:
    """``base`` (YAML lines) with ``values`` (normalized, ABSENT for an empty field) in it."""
    info = _field_schema(shape.model)
    fields = front_matter_fields(shape.model)
    lines = base.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    present = {e.key: e for e in entries(base)}
    styles = {e.key: Style.of(e.node) for e in entries(template_front(template))} if template else {}
    base_data = yaml.safe_load(base) if base.strip() else {}
    base_data = base_data if isinstance(base_data, dict) else {}
    replacements: dict[str, list[str] | None] = {}  # key → new lines (None: delete)
    inserts: list[tuple[str, list[str]]] = []
    for key in shape.order:
        schema = info["properties"].get(key, {})
        new = values.get(key, ABSENT)
        if new is not ABSENT:
            new = _ordered(shape.model, new, info["defs"], schema)
        old = normalize(base_data.get(key), schema, info["defs"]) if key in present else ABSENT
        empty = new is ABSENT or (new == fields[key].default and _is_empty_default(fields[key]))
        if key in present:
            if new == old:
                continue
            # Emptied in the form (or set to a default like «draft: false»): the line goes.
            replacements[key] = None if empty else emit(key, new, Style.of(present[key].node) or styles.get(key))
        elif not empty:
            inserts.append((key, emit(key, new, styles.get(key))))
    out: list[str] = []
    by_start = {e.start: e for e in present.values()}
    skip_until = -1
    for number, line in enumerate(lines):
        if number < skip_until:
            continue
        entry = by_start.get(number)
        if entry is not None and entry.key in replacements:
            new_lines = replacements[entry.key]
            out += new_lines or []
            skip_until = entry.end
            continue
        out.append(line)
    for key, new_lines in inserts:
        out = _insert(out, key, new_lines, shape.order)
    return "\n".join(out) + "\n" if out else ""


def _insert(lines: list[str], key: str, new_lines: list[str], order: tuple[str, ...]) -> list[str]:
    """Put ``key`` after the nearest key before it in ``order``, or on its commented-out line."""
    text = "\n".join(lines) + "\n"
    present = {e.key: e for e in entries(text)}
    for number, line in enumerate(lines):
        if re.match(rf"^#\s*{re.escape(key)}:", line):
            return lines[:number] + new_lines + lines[number + 1:]
    position = order.index(key)
    before = next((present[k] for k in reversed(order[:position]) if k in present), None)
    if before is not None:
        return lines[:before.end] + new_lines + lines[before.end:]
    after = next((present[k] for k in order[position + 1:] if k in present), None)
    at = after.start if after is not None else len(lines)
    return lines[:at] + new_lines + lines[at:]


def template_front(template: str | None) -> str:
    """The front matter lines of a template (empty without one)."""
    if template is None:
        return ""
    parts = split(template)
    return parts.front if parts else ""


def splice_body(shape: Shape, base: str, preamble: str, sections: dict[str, str]) -> str:
    """The body with each changed section rewritten and every other one left as it was."""
    def clean(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip()

    if not shape.sections:
        if clean(base) == clean(preamble):
            return base
        return "\n" + clean(preamble) + "\n" if clean(preamble) else ""
    found = split_sections(base, shape.sections)
    old_preamble, chunks = found if found is not None else (base, {})
    if found is None and clean(old_preamble) == clean(preamble) and not any(sections.values()):
        return base
    out = [old_preamble if clean(old_preamble) == clean(preamble) else
           ("\n" + clean(preamble) + "\n\n" if clean(preamble) else "\n")]
    if found is None:
        chunks = {}
    for title in shape.sections:
        text = clean(sections.get(title, ""))
        chunk = chunks.get(title)
        piece = chunk if chunk is not None and clean(section_text(chunk)) == text else (
            f"## {title}\n\n{text}\n\n" if text else None)
        if piece is None:
            continue
        if len(out) > 1 and not out[-1].endswith("\n\n"):  # a section that was last is no longer
            out[-1] = out[-1].rstrip("\n") + "\n\n"
        out.append(piece)
    return "".join(out).rstrip("\n") + "\n"


def from_form(shape: Shape, form_text: str, base: str | None) -> str:
    """The file to save: what the form sent, spliced into ``base`` (the file on disk, or
    None for a new file, which starts from ``toolkit new``'s template)."""
    if shape.markdown:
        parts = split(form_text)
        if parts is None:
            raise FormError("skjemaet sendte en fil uten front matter")
        form_front, form_body = parts.front, parts.body
    else:
        form_front, form_body = form_text, ""
    try:
        data = load_core(form_front) or {}
    except yaml.YAMLError as exc:
        raise FormError(f"skjemaet sendte ugyldig YAML: {exc}") from None
    if not isinstance(data, dict):
        raise FormError("skjemaet sendte ikke felt på formen «nøkkel: verdi»")
    info = _field_schema(shape.model)
    values = {key: normalize(value, info["properties"].get(key, {}), info["defs"])
              for key, value in data.items() if key in front_matter_fields(shape.model)}
    sections = {title: str(data.get(section_field(title)) or "") for title in shape.sections}
    preamble = form_body  # Decap's body: for an exercise, the text before its first section

    new_file = base is None
    start = (shape.template or "---\n---\n") if new_file and shape.markdown else (base or "")
    if shape.markdown:
        base_parts = split(start)
        if base_parts is None:
            raise FormError("filen på disken mangler front matter; rett den i en teksteditor først")
        front = splice_front(shape, base_parts.front, values, shape.template)
        body = splice_body(shape, base_parts.body, preamble, sections)
        text = f"---\n{front}---\n{body}"
    else:
        text = splice_front(shape, start, values, shape.template)
    _verify(shape, text, values, sections)
    return text


def _verify(shape: Shape, text: str, values: dict[str, Any], sections: dict[str, str]) -> None:
    """Read the written file back: every field the form sent has the value it sent."""
    info = _field_schema(shape.model)
    front = (split(text) or Parts("", "")).front if shape.markdown else text
    try:
        written = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        raise FormError(f"filen ble ikke gyldig YAML ({exc}); ingenting er lagret") from None
    for key in shape.order:
        expected = values.get(key, ABSENT)
        got = normalize(written.get(key), info["properties"].get(key, {}), info["defs"])
        field = front_matter_fields(shape.model)[key]
        if expected is ABSENT or (expected == field.default and _is_empty_default(field)):
            ok = got is ABSENT or got == field.default
        else:
            ok = got == expected
        if not ok:
            raise FormError(f"feltet «{key}» ble ikke skrevet riktig; ingenting er lagret")
    if shape.sections:
        found = split_sections((split(text) or Parts("", "")).body, shape.sections)
        chunks = found[1] if found else {}
        for title, value in sections.items():
            if value.strip() and (title not in chunks or section_text(chunks[title]).strip() != value.strip()):
                raise FormError(f"delen «{title}» ble ikke skrevet riktig; ingenting er lagret")


def is_draft(shape: Shape, text: str) -> bool:
    """Whether the file says ``draft: true`` (a cohort file has no drafts)."""
    parts = split(text) if shape.markdown else Parts(text, "")
    try:
        data = yaml.safe_load(parts.front) if parts else None
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and data.get("draft") is True


def as_draft(shape: Shape, text: str) -> str | None:
    """``text`` with ``draft: true`` set (in the template's place for it), every other line
    as it was; None when the file cannot be read or its kind has no drafts."""
    if "draft" not in front_matter_fields(shape.model) or not shape.markdown:
        return None
    parts = split(text)
    try:
        data = yaml.safe_load(parts.front) if parts else None
    except yaml.YAMLError:
        return None
    if parts is None or not isinstance(data, dict):
        return None
    info = _field_schema(shape.model)
    values = {key: normalize(value, info["properties"].get(key, {}), info["defs"])
              for key, value in data.items() if key in front_matter_fields(shape.model)}
    values["draft"] = True
    front = splice_front(shape, parts.front, values, shape.template)
    return f"---\n{front}---\n{parts.body}"
