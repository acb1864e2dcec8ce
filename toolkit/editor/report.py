"""What the form says after a save: each problem at the field the editor sees.

``toolkit check`` speaks of files: ``content/ovelser/x.md:20: «duration» skal være et
heltall``. The form shows no line numbers, no YAML keys and no ``##`` headings, only its
fields' labels («Varighet (minutter)») and, for an exercise, one field per body section.
:func:`place` finds the field a problem belongs to from the saved file itself (the front
matter's key lines, kept by ``content.frontmatter``, and the body's section headings),
and :func:`in_form_words` says the problem with the form's labels. Nothing here depends
on how a message is worded beyond the «…» quotes ``toolkit check`` puts around a field's
name and a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..content.frontmatter import headings, parse_yaml, split_front_matter
from ..content.models import front_matter_fields
from .fields import BODY, Shape, section_field

_QUOTED = re.compile(r"«(?P<name>[^«»]+)»")
_NESTED = re.compile(r"^(?P<key>[a-z_]+)(?P<rest>(?:\.[a-z_]+|\[\d+\])*)$")
_PART = re.compile(r"\.(?P<key>[a-z_]+)|\[(?P<index>\d+)\]")
_LINE_NOTE = re.compile(r"\s*\(linje \d+\)")


@dataclass(frozen=True)
class Labels:
    """The form's words for one kind of file: field names → labels, nested ones too."""

    top: dict[str, str]  # field name → label (body sections included)
    nested: dict[str, dict[str, str]]  # field name → its sub-fields' labels

    @classmethod
    def of(cls, fields: list[dict[str, Any]]) -> Labels:
        """From a collection's ``fields`` in the generated CMS configuration."""
        top = {f["name"]: f["label"] for f in fields}
        nested = {f["name"]: {g["name"]: g["label"] for g in f.get("fields", [])} for f in fields if f.get("fields")}
        return cls(top, nested)


@dataclass(frozen=True)
class Place:
    field: str  # the form's field name (``duration``, ``body_forberedelse``)
    label: str  # its label as the form shows it


def place(shape: Shape, text: str, path: str, line: int, message: str, labels: Labels) -> Place | None:
    """The form field a problem at ``line`` (with ``message``) belongs to, if any."""
    quoted = _QUOTED.findall(message)
    keys = front_matter_fields(shape.model)
    fields = [name for name in (q.split(".")[0].split("[")[0] for q in quoted) if name in keys]
    sections = [q[3:] for q in quoted if q.startswith("## ") and q[3:] in shape.sections]
    lines, body, body_line = _layout(shape, text, path)
    # A field or section the message names that the file lacks is what the message is
    # about: a missing one has no line of its own (the check points near where it belongs).
    present = {h.title for h in headings(body, body_line)} if body_line else set()
    absent = [name for name in fields if name not in lines] + \
             [section_field(title) for title in sections if title not in present]
    if absent:
        return _place(absent[0], labels)
    if line > 0 and body_line and line >= body_line:
        return _place(_section(shape, body, body_line, line), labels)
    above = [key for key, key_line in lines.items() if key_line <= line]
    if above and line > 0:
        return _place(max(above, key=lambda key: lines[key]), labels)
    return _place(fields[0], labels) if fields else None


def _place(name: str, labels: Labels) -> Place | None:
    return Place(name, labels.top[name]) if name in labels.top else None


def _layout(shape: Shape, text: str, path: str) -> tuple[dict[str, int], str, int]:
    """The line of each top-level key, the body, and the body's first line (0: no body)."""
    if shape.markdown:
        document = split_front_matter(text, path)
        parsed, body, body_line = document.meta, document.body, document.body_line
    else:
        parsed, body, body_line = parse_yaml(text, path), "", 0
    keys = {loc[0]: found for loc, found in parsed.lines.items() if len(loc) == 1 and isinstance(loc[0], str)}
    return keys, body, body_line


def _section(shape: Shape, body: str, body_line: int, line: int) -> str:
    """The body field holding ``line``: a section of an exercise, or the body."""
    if not shape.sections:
        return BODY
    current = BODY
    for heading in headings(body, body_line):
        if heading.line > line:
            break
        if heading.title in shape.sections:
            current = section_field(heading.title)
    return current


def in_form_words(message: str, shape: Shape, labels: Labels) -> str:
    """``message`` with field names and ``## headings`` as the form shows them:
    «duration» → «Varighet (minutter)», «group_size.max» → «Gruppestørrelse › Flest»,
    «## Forberedelse» → «Forberedelse»; «(linje 12)» goes: the form has no lines."""

    def label(match: re.Match[str]) -> str:
        name = match.group("name")
        if name.startswith("## ") and name[3:] in shape.sections:
            return f"«{name[3:]}»"
        nested = _NESTED.match(name)
        keys = front_matter_fields(shape.model)
        if not nested or nested.group("key") not in keys or nested.group("key") not in labels.top:
            return match.group(0)
        key = nested.group("key")
        words = [labels.top[key]]
        for part in _PART.finditer(nested.group("rest")):
            if part.group("index") is not None:
                words[-1] += f" nr. {part.group('index')}"  # the check counts from 1
            else:
                words.append(labels.nested.get(key, {}).get(part.group("key"), part.group("key")))
        return "«" + " › ".join(words) + "»"

    return _LINE_NOTE.sub("", _QUOTED.sub(label, message))
